// The calibration week's first day: an administrator changes it from the Admin area with the keyboard only,
// and the manager's Calibration view then shows a Wednesday-to-Tuesday week. Set back to Monday at the end,
// so the other specs on the same desk see the default.
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { SHOTS, signIn } from './helpers.js';

test("an administrator sets the calibration week's first day; the Calibration view follows it", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'admin@demo.example', 'demo-admin-1');
  await page.getByRole('link', { name: 'Admin', exact: true }).click();
  const day = page.getByLabel('Calibration week starts on');
  await expect(day).toHaveValue('1');
  await expect(page.getByLabel('Template name')).not.toHaveValue('');
  await page.screenshot({ path: path.join(SHOTS, 'admin.png') });
  await day.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(day).toHaveValue('3');
  await page.keyboard.press('Tab');
  const save = page.getByRole('button', { name: 'Save week start' });
  await expect(save).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Calibration weeks now start on Wednesday.')).toBeVisible();

  await signIn(page, 'manager@demo.example', 'demo-manager-1');
  await page.getByRole('link', { name: 'Calibration', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^Week of .*\(Wednesday to Tuesday\)$/ })).toBeVisible();
  // A manager has no such control.
  await expect(page.getByRole('link', { name: 'Admin', exact: true })).toHaveCount(0);

  await signIn(page, 'admin@demo.example', 'demo-admin-1');
  await page.getByRole('link', { name: 'Admin', exact: true }).click();
  await page.getByLabel('Calibration week starts on').selectOption('1');
  await page.getByRole('button', { name: 'Save week start' }).click();
  await expect(page.getByText('Calibration weeks now start on Monday.')).toBeVisible();
});

test('a template without a name is refused by its field, in words, and nothing is saved', async ({ page }) => {
  await signIn(page, 'admin@demo.example', 'demo-admin-1');
  await page.getByRole('link', { name: 'Admin', exact: true }).click();
  const name = page.getByLabel('Template name');
  await expect(name).not.toHaveValue('');
  const badge = page.getByText(/^version \d+$/).first();
  const version = await badge.textContent();
  await name.fill('   ');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.getByText('Give the template a name. Nothing was saved.')).toBeVisible();
  await expect(page.getByText(/name: required/)).toHaveCount(0);
  await expect(badge).toHaveText(version ?? '');
  await name.fill('Acknowledgement');
  await expect(page.getByText('Give the template a name. Nothing was saved.')).toHaveCount(0);
});
