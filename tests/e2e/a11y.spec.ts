// Accessibility: axe-core finds no serious or critical WCAG 2.2 A/AA violations on the main screens, in the
// light and the dark theme.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openDesk, signInHere } from './helpers.js';

async function check(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    // Fluent's focus manager (Tabster) puts aria-hidden focus guards around toolbars and menus; they pass
    // focus straight on and are never announced, which axe cannot know.
    .exclude('[data-tabster-dummy]')
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `${screen}: axe violations`).toEqual([]);
}

test('sign-in, Home, log a contact, a complaint and the queue have no serious accessibility violations', async ({
  page,
}) => {
  await openDesk(page);
  await check(page, 'sign-in');
  await signInHere(page, 'leader@demo.example', 'demo-leader-1');
  await expect(page.getByRole('table')).toBeVisible();
  await check(page, 'home');
  await page.locator('tr[data-reference] a').first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^CMP-DEMO-/ })).toBeVisible();
  await check(page, 'complaint detail');
  await page.getByRole('link', { name: 'Queues' }).click();
  await expect(page.locator('[data-index="0"]')).toBeVisible();
  await check(page, 'queue');
  await page.goto(page.url().replace(/#.*$/, '#/log'));
  await expect(page.getByRole('heading', { name: 'Log a contact' })).toBeVisible();
  await check(page, 'log a contact');
  await page.getByTestId('account-menu').click();
  await page.getByRole('menuitemradio', { name: 'Dark' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('table')).toBeVisible();
  await check(page, 'home (dark)');
});
