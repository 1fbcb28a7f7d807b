// Editing a case's details (Chromium, browser mode): an agent opens "Edit details" on the Details tab, changes
// the summary and the resident's family name, gets the use case's error against a bad postcode, leaves the tab
// and finds the form as she left it (a desk draft), saves, and sees the change in the header, the details and
// the timeline; Esc cancels; a business-area owner finds the command disabled with the reason. axe on the form.
import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolations, signIn } from './helpers.js';

/** Screenshots for a look at the form: into /tmp, not the README's set. */
const SHOT_DIR = process.env.DETAILS_SHOTS ?? '/tmp';

test('edit details: validated against the field, kept as a draft, saved to the header and the timeline', async ({
  page,
}) => {
  const stamp = Date.now().toString(36);
  const summary = `E2E ${stamp}: the bathroom extractor fan has not worked since March and mould is back.`;
  const family = `Okafor-${stamp}`;

  await signIn(page, 'agent@demo.example', 'demo-agent-1');
  await page.locator('tr[data-reference] a').first().click();
  const heading = page.getByRole('heading', { level: 1, name: /^CMP-DEMO-/ });
  await expect(heading).toBeVisible();
  const header = page.getByRole('region', { name: 'Case summary' });
  await page.getByRole('tab', { name: 'Details' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Details' });

  // Open the form by keyboard: its first field takes the focus.
  await panel.getByRole('button', { name: 'Edit details' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Edit details' });
  const what = form.getByLabel("What happened, in the resident's words");
  await expect(what).toBeFocused();
  await what.fill(summary);
  await form.getByLabel('Family name').fill(family);
  await form.getByLabel('Postcode').fill('nowhere');
  await form.getByRole('button', { name: 'Save' }).click();
  // The use case's words, next to the field; nothing typed is lost.
  await expect(form.getByText('must be a UK postcode', { exact: true })).toBeVisible();
  await expect(form.getByRole('alert').filter({ hasText: 'Not saved yet' })).toContainText(
    'Saved the complaint’s details; the rest: postcode: must be a UK postcode',
  );
  await expect(what).toHaveValue(summary);
  await expectNoSeriousAxeViolations(page, 'edit details, with an error');

  // The summary was saved (its own use case); the rest waits in the draft, across leaving the tab.
  await form.getByLabel('Postcode').fill('M1 1AE');
  await expect(form.getByText(/^Draft saved on this desk/)).toBeVisible();
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('Details edited: summary');
  await page.getByRole('tab', { name: 'Details' }).click();
  await expect(form).toBeVisible();
  await expect(form.getByLabel('Family name')).toHaveValue(family);
  await expect(form.getByLabel('Postcode')).toHaveValue('M1 1AE');
  await expectNoSeriousAxeViolations(page, 'edit details');
  await page.screenshot({ path: `${SHOT_DIR}/edit-details.png` });

  // Ctrl+Enter saves; the header, the details and the timeline show it.
  await form.getByLabel('Town').focus();
  await page.keyboard.press('Control+Enter');
  await expect(form).toBeHidden();
  await expect(panel.getByText('Details saved.')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Edit details' })).toBeFocused();
  await expect(header).toContainText(family);
  await expect(panel).toContainText(summary);
  await expect(panel).toContainText('M1 1AE');
  await page.screenshot({ path: `${SHOT_DIR}/edit-details-saved.png` });
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText(
    'Contact details edited: family name, postcode',
  );

  // Esc cancels, and the next edit starts from the case as it is.
  await page.getByRole('tab', { name: 'Details' }).click();
  await panel.getByRole('button', { name: 'Edit details' }).click();
  await expect(what).toHaveValue(summary);
  await what.fill('Not this.');
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(panel).toContainText(summary);
  await expect(panel.getByRole('button', { name: 'Edit details' })).toBeFocused();

  // The dark theme, for a look at the form.
  await page.getByTestId('account-menu').click();
  await page.getByRole('menuitemradio', { name: 'Dark' }).click();
  await page.keyboard.press('Escape');
  await panel.getByRole('button', { name: 'Edit details' }).click();
  await form.getByLabel('Postcode').fill('nowhere');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('must be a UK postcode', { exact: true })).toBeVisible();
  await expectNoSeriousAxeViolations(page, 'edit details (dark)');
  await page.screenshot({ path: `${SHOT_DIR}/edit-details-dark.png` });
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toBeHidden();
  await page.getByTestId('account-menu').click();
  await page.getByRole('menuitemradio', { name: 'Light' }).click();
  await page.keyboard.press('Escape');

  // A business-area owner may read the case, not edit its details: the command says why.
  const caseHash = new URL(page.url()).hash;
  await signIn(page, 'owner@demo.example', 'demo-owner-1');
  await page.evaluate(`location.hash = ${JSON.stringify(caseHash)}`);
  await expect(heading).toBeVisible();
  await page.getByRole('tab', { name: 'Details' }).click();
  await expect(panel.getByRole('button', { name: 'Edit details' })).toHaveAttribute(
    'aria-description',
    'your role (business-area-owner) may not edit details',
  );
  await panel.getByRole('button', { name: 'Edit details' }).focus();
  await page.keyboard.press('Enter');
  await expect(form).toHaveCount(0);
});
