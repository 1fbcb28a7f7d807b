// The rest of the agent workspace end to end: the contact form's adjustments and groups, its draft kept by the
// desk core across a reload, guided screening to a refusal, correspondence recorded on a case (its draft kept
// too), and axe-core on the new dialogs and forms.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { SHOTS, signIn } from './helpers.js';

const AGENT = { email: 'agent@demo.example', password: 'demo-agent-1' };
const MANAGER = { email: 'manager@demo.example', password: 'demo-manager-1' };

async function axe(page: Page, screen: string, include?: string): Promise<void> {
  let builder = new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .exclude('[data-tabster-dummy]');
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `${screen}: axe violations`,
  ).toEqual([]);
}

const WHAT = "What happened, in the resident's words";

/** Logs a petition with adjustments as the agent and converts it; returns the new case's URL. */
async function logPetition(page: Page, screenshot: boolean): Promise<string> {
  await page.keyboard.press('Alt+n');
  await expect(page.getByRole('heading', { name: 'Log a contact' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear form' }).click();
  await page.getByLabel('Made by').selectOption('group');
  await page.getByLabel('Name of the group or petition').fill('Residents of Marlowe House');
  await page.getByLabel('Member 1 given name').fill('Ada');
  await page.getByLabel('Member 1 family name').fill('Okoro');
  await page.getByRole('button', { name: 'Add a member' }).click();
  await page.getByLabel('Member 2 given name').fill('Bill');
  await page.getByLabel('Member 2 family name').fill('Nash');
  await page.getByRole('radio', { name: 'Signatory' }).nth(1).check();
  await page.getByLabel(WHAT).fill('The lift has been out of order for six weeks.');
  await page.getByRole('checkbox', { name: 'Large print' }).check();
  await page.getByRole('checkbox', { name: 'Translation' }).check();
  await page.getByRole('textbox', { name: 'Language' }).fill('Polish');
  await page.getByLabel('How they prefer to hear from us').selectOption('letter');
  await expect(page.getByTestId('draft-status')).toContainText('Draft saved on this desk');

  // The draft is the desk core's: a reload brings back everything, the group and the adjustments too.
  await page.reload();
  await expect(page.getByLabel(WHAT)).toHaveValue('The lift has been out of order for six weeks.');
  await expect(page.getByLabel('Member 2 family name')).toHaveValue('Nash');
  await expect(page.getByRole('radio', { name: 'Signatory' }).nth(1)).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Translation' })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Language' })).toHaveValue('Polish');
  await expect(page.getByLabel('How they prefer to hear from us')).toHaveValue('letter');
  if (screenshot) {
    await axe(page, 'log a contact with a group and adjustments');
    await page
      .getByRole('group', { name: 'Communication and adjustments' })
      .scrollIntoViewIfNeeded()
      .catch(() => undefined);
    await page.screenshot({ path: path.join(SHOTS, 'contact-form-adjustments.png'), fullPage: true });
  }
  await page.getByLabel(/I offered the resident the choice/).check();
  await page.getByRole('button', { name: /Log and convert to complaint/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^CMP-DEMO-\d{6}$/ })).toBeVisible();
  return page.url();
}

test('contact form: a petition with reasonable adjustments, its draft back after a reload, shown on the case', async ({
  page,
}) => {
  await signIn(page, AGENT.email, AGENT.password);
  await logPetition(page, true);
  const adjustments = page.getByLabel('Adjustments to honour');
  await expect(adjustments).toContainText('Large print');
  await expect(adjustments).toContainText('Translation (Polish)');
  await expect(adjustments).toContainText('Prefers letter');
  // Finished: the form starts empty next time.
  await page.keyboard.press('Alt+n');
  await expect(page.getByLabel(WHAT)).toHaveValue('');
  await expect(page.getByLabel('Made by')).toHaveValue('resident');
});

test('screening as a guided step: the choice, the time limit, an evidenced exclusion, then refusal', async ({
  page,
}) => {
  await signIn(page, AGENT.email, AGENT.password);
  const caseUrl = await logPetition(page, false);
  await signIn(page, MANAGER.email, MANAGER.password);
  await page.goto(caseUrl);
  await expect(page.getByText('Being screened')).toBeVisible();
  const screen = page.getByRole('button', { name: 'Screen…' });
  // Esc closes the dialog and the focus goes back to the command that opened it.
  await screen.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Screen the complaint' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(screen).toBeFocused();
  await screen.click();
  await expect(dialog.getByText(/recorded when the enquiry was converted/)).toBeVisible();
  await axe(page, 'screening: the choice', '[role="dialog"]');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByLabel('When the issue happened (dd/mm/yyyy)').fill('01/01/2020');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByRole('checkbox', { name: /^Legal proceedings/ }).check();
  await dialog.getByRole('button', { name: 'Next' }).click();
  // An exclusion without its evidence cannot be used to refuse.
  await expect(dialog.getByText(/needs its evidence recorded/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Back' }).click();
  await dialog.getByLabel(/Evidence: legal proceedings/).fill('Claim K00LS123 issued at Manchester County Court');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByText('To refuse')).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Reasons' })).toContainText('more than 12 months after 2020-01-01');
  await expect(dialog.getByRole('list', { name: 'Reasons' })).toContainText('Claim K00LS123');
  await axe(page, 'screening: the decision', '[role="dialog"]');
  await page.screenshot({ path: path.join(SHOTS, 'screening.png') });
  await dialog.getByRole('button', { name: 'Refuse with reasons' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Refused', { exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('Not accepted: legal-proceedings');
});

test('correspondence: recorded from the case with its draft kept across a reload, and on the timeline', async ({
  page,
}) => {
  await signIn(page, AGENT.email, AGENT.password);
  await page.getByRole('link', { name: 'My work' }).click();
  await page.locator('tr[data-reference] a').first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^CMP-DEMO-/ })).toBeVisible();
  await page.getByRole('tab', { name: 'Correspondence' }).click();
  const form = page.getByRole('form', { name: 'Record correspondence' });
  await form.getByLabel('Channel').selectOption('letter');
  await form.getByLabel('Who with').fill('Grace Okafor');
  await form.getByLabel('Subject').fill('Photographs of the mould');
  await form.getByLabel('Summary of what was said').fill('Letter enclosing six photographs of the back bedroom.');
  await expect(form.getByRole('status')).toContainText('Draft saved on this desk');
  await page.reload();
  await page.getByRole('tab', { name: 'Correspondence' }).click();
  await expect(form.getByLabel('Subject')).toHaveValue('Photographs of the mould');
  // A date in the wrong form is refused clearly and nothing typed is lost.
  await form.getByLabel('Date (dd/mm/yyyy)').fill('yesterday');
  await form.getByLabel('Time (hh:mm)').fill('25:00');
  await form.getByRole('button', { name: 'Record correspondence' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not recorded' })).toContainText('Give the date');
  // Each of the two is marked against its own field.
  await expect(form.getByText('a date such as 25/12/2025', { exact: true })).toBeVisible();
  await expect(form.getByText('a time such as 14:30', { exact: true })).toBeVisible();
  await expect(form.getByLabel('Time (hh:mm)')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Summary of what was said')).toHaveValue(
    'Letter enclosing six photographs of the back bedroom.',
  );
  // Yesterday at noon: never in the future, whenever the test runs.
  const yesterday = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London' }).format(
    new Date(Date.now() - 86_400_000),
  );
  await form.getByLabel('Date (dd/mm/yyyy)').fill(yesterday);
  await form.getByLabel('Time (hh:mm)').fill('12:00');
  await axe(page, 'correspondence form');
  await form.getByRole('button', { name: 'Record correspondence' }).click();
  await expect(page.getByText('Received letter recorded.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Correspondence' })).toContainText(
    'From Grace Okafor (Letter): Photographs of the mould',
  );
  await expect(form.getByLabel('Subject')).toHaveValue('');
  await page.screenshot({ path: path.join(SHOTS, 'correspondence.png'), fullPage: true });
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('From Grace Okafor (letter)');
});

test('a note being typed survives a reload of the page', async ({ page }) => {
  await signIn(page, AGENT.email, AGENT.password);
  await page.getByRole('link', { name: 'My work' }).click();
  await page.locator('tr[data-reference] a').nth(1).click();
  await page.getByRole('tab', { name: /^Notes/ }).click();
  await page.getByRole('textbox', { name: 'Note' }).fill('Called the contractor; visit booked for Thursday.');
  await page.reload();
  await page.getByRole('tab', { name: /^Notes/ }).click();
  await expect(page.getByRole('textbox', { name: 'Note' })).toHaveValue(
    'Called the contractor; visit booked for Thursday.',
  );
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByRole('textbox', { name: 'Note' })).toHaveValue('');
  await expect(page.getByRole('tabpanel')).toContainText('Called the contractor');
});
