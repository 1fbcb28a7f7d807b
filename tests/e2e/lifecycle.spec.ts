// A complaint through both stages of the Code: accept, acknowledge, extend, respond, escalate, acknowledge and
// respond at stage 2 (by someone other than the stage 1 decision-maker, as the Code requires), which closes it.
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers.js';

async function command(page: Page, button: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await fill(dialog);
  await dialog.getByRole('button', { name: button, exact: true }).click();
  return dialog;
}

test('both stages, with an extension and the stage 2 decision-maker rule', async ({ page }) => {
  await signIn(page, 'manager@demo.example', 'demo-manager-1');
  await page.keyboard.press('Alt+n');
  await page.getByLabel('Given name', { exact: true }).fill('Lena');
  await page.getByLabel('Family name', { exact: true }).fill('Marsh');
  await page
    .getByLabel("What happened, in the resident's words")
    .fill('The heating has failed three times this month.');
  await page.getByLabel('The outcome the resident wants').fill('A new boiler.');
  await page.getByLabel(/I offered the resident the choice/).check();
  await page.keyboard.press('Control+Enter');
  const heading = page.getByRole('heading', { level: 1, name: /^CMP-DEMO-\d{6}$/ });
  await expect(heading).toBeVisible();
  const reference = (await heading.textContent()) ?? '';

  await expect(await command(page, 'Accept', async () => {})).toBeHidden();
  await expect(
    await command(page, 'Acknowledge', async (d) => {
      await d.getByLabel('Our understanding of the complaint').fill('The boiler keeps failing.');
    }),
  ).toBeHidden();
  // Read the extension limit only once the page shows the acknowledged state: the acknowledgement deadline has
  // gone and the response deadline now counts from the acknowledgement.
  await expect(page.getByTestId('running-deadline')).toHaveCount(1);
  const latest = (await page.getByText(/Latest with an extension: \d{4}-\d{2}-\d{2}/).textContent()) ?? '';
  const to = latest.replace(/^.*: /, '');
  const [y, m, day] = to.split('-');
  await expect(
    await command(page, 'Extend', async (d) => {
      await d.getByLabel(/New response date/).fill(`${day}/${m}/${y}`);
      await d.getByLabel('Reason (explained to the resident)').fill('Waiting for the heating engineer’s report.');
      await d.getByLabel('The resident agreed to the extension').check();
    }),
  ).toBeHidden();
  await expect(page.getByText(`Stage 1: respond by ${to}`)).toBeVisible();
  await expect(
    await command(page, 'Record response', async (d) => {
      await d.getByLabel('Decision').selectOption('partly-upheld');
    }),
  ).toBeHidden();
  // The Code sets no window for asking to escalate, so no deadline runs between the stages.
  await expect(page.getByText('No deadline is running.')).toBeVisible();
  await expect(await command(page, 'Escalate', async () => {})).toBeHidden();
  await expect(
    await command(page, 'Acknowledge', async (d) => {
      await d.getByLabel('Our understanding of the complaint').fill('Still unhappy with the stage 1 answer.');
    }),
  ).toBeHidden();
  await expect(page.getByText(/Stage 2: respond by/)).toBeVisible();
  // The stage 1 decision-maker may not decide stage 2.
  const refused = await command(page, 'Record response', async (d) => {
    await d.getByLabel('Decision').selectOption('upheld');
  });
  await expect(refused.getByRole('alert')).toContainText('must be decided by someone other than');
  await refused.getByRole('button', { name: 'Cancel' }).click();

  // A Team Leader decides stage 2.
  await signIn(page, 'leader@demo.example', 'demo-leader-1');
  await page.keyboard.press('Control+k');
  await page.keyboard.type(reference);
  await expect(page.getByRole('option').first()).toContainText(reference);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: reference })).toBeVisible();
  await expect(
    await command(page, 'Record response', async (d) => {
      await d.getByLabel('Decision').selectOption('upheld');
    }),
  ).toBeHidden();
  // The final response at the last stage closes the complaint.
  await expect(page.getByText('Closed', { exact: true })).toBeVisible();
  await expect(page.getByText('No deadline is running.')).toBeVisible();
  const timeline = page.getByRole('list', { name: 'Timeline' });
  for (const kind of ['Extend', 'Respond', 'Request escalation']) {
    await expect(timeline.getByText(kind, { exact: true }).first()).toBeVisible();
  }
});
