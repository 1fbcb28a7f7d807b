// Accessibility: axe-core finds no serious or critical WCAG 2.2 A/AA violations on the main screens, in the
// light and the dark theme.
import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolations, openDesk, signInHere } from './helpers.js';

test('sign-in, Home, log a contact, a complaint and the queue have no serious accessibility violations', async ({
  page,
}) => {
  await openDesk(page);
  await expectNoSeriousAxeViolations(page, 'sign-in');
  await signInHere(page, 'leader@demo.example', 'demo-leader-1');
  await expect(page.getByRole('table')).toBeVisible();
  await expectNoSeriousAxeViolations(page, 'home');
  await page.locator('tr[data-reference] a').first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^CMP-DEMO-/ })).toBeVisible();
  await expectNoSeriousAxeViolations(page, 'complaint detail');
  await page.getByRole('link', { name: 'Queues' }).click();
  await expect(page.locator('[data-index="0"]')).toBeVisible();
  await expectNoSeriousAxeViolations(page, 'queue');
  await page.goto(page.url().replace(/#.*$/, '#/log'));
  await expect(page.getByRole('heading', { name: 'Log a contact' })).toBeVisible();
  await expectNoSeriousAxeViolations(page, 'log a contact');
  await page.getByTestId('account-menu').click();
  await page.getByRole('menuitemradio', { name: 'Dark' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('table')).toBeVisible();
  await expectNoSeriousAxeViolations(page, 'home (dark)');
});
