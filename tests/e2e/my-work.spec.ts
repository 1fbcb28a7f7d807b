// Home's short list of my soonest cases with its link to My work, and My work's pages: "Show more" adds the next
// page after the first with no case lost or repeated, and a case opens from either list.
import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolations, signIn } from './helpers.js';
import { BULK_CASES, BULK_LEADER } from './seed.js';

test('Home previews the soonest ten cases and links to My work, whose pages follow on without a gap', async ({
  page,
}) => {
  await signIn(page, BULK_LEADER.email, BULK_LEADER.password);
  const home = page.getByRole('table', { name: 'My cases, soonest deadline first' });
  await expect(home.locator('tr[data-reference]')).toHaveCount(10);
  await expect(home.locator('tr[data-reference]').first()).toHaveAttribute('data-reference', 'CMP-BULK-000001');
  const all = page.getByRole('link', { name: `All my open cases (${(BULK_CASES - 10).toString()} more)` });
  await expect(all).toHaveAttribute('href', '#/work');
  await expectNoSeriousAxeViolations(page, 'Home');

  await all.click();
  const work = page.getByRole('table', { name: 'My work' });
  await expect(page.getByRole('heading', { level: 1, name: 'My work' })).toBeVisible();
  await expect(work.locator('tr[data-reference]')).toHaveCount(100);
  await page.getByRole('button', { name: 'Show more' }).click();
  await expect(work.locator('tr[data-reference]')).toHaveCount(200);
  const refs = await Promise.all(
    (await work.locator('tr[data-reference]').all()).map((r) => r.getAttribute('data-reference')),
  );
  // The bulk cases are due in reference order (see seed.ts): pages in order, none missing or twice.
  expect(refs).toEqual(Array.from({ length: 200 }, (_, i) => `CMP-BULK-${String(i + 1).padStart(6, '0')}`));
  await expectNoSeriousAxeViolations(page, 'My work');

  // The first row takes focus from the keyboard and opens its case; Alt+W comes back to the list.
  await work.locator('tr[data-reference] a').first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'CMP-BULK-000001' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Timeline' })).toBeAttached();
  await page.keyboard.press('Alt+w');
  await expect(work.locator('tr[data-reference]').first()).toHaveAttribute('data-reference', 'CMP-BULK-000001');
});

test('a case opened before its view has arrived: My work stays until the case is drawn, no loading spinner', async ({
  page,
}) => {
  // The case view's code is held back 1.5 s, as on a slow first start: the click comes before it is here.
  await page.route('**/assets/CaseDetail-*.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await signIn(page, 'agent@demo.example', 'demo-agent-1');
  await page.keyboard.press('Alt+w');
  const work = page.getByRole('table', { name: 'My work' });
  const first = work.locator('tr[data-reference]').first();
  await expect(first).toBeVisible();
  const reference = (await first.getAttribute('data-reference')) ?? '';
  await page.evaluate(`(() => {
    window.sawSpinner = false;
    new MutationObserver(() => {
      if (document.querySelector('main')?.textContent?.includes('Loading…')) window.sawSpinner = true;
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  })()`);
  await first.locator('a').click();
  await expect(page.getByRole('heading', { level: 1, name: reference })).toBeVisible();
  // Until then the list was left on screen (React holds a spinner it has shown for at least 300 ms).
  expect(await page.evaluate('window.sawSpinner')).toBe(false);
});
