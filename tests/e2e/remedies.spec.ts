// Putting things right in the workspace (Chromium, browser mode): a team leader offers compensation on a
// case, records the resident's refusal, is told a refused offer is reconsidered only on new evidence, then
// reconsiders it with the evidence and a revised amount, and raises an action for Repairs; Oli Owner (who owns
// Repairs) closes that action as done from the Actions dashboard, by keyboard; an agent of another team finds
// the steps and forms disabled with the reason. axe on each view.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectNoSeriousAxeViolations, SHOTS, signIn } from './helpers.js';

test('compensation refused, reconsidered only on new evidence; an action closed by its area owner', async ({
  page,
}) => {
  const stamp = Date.now().toString(36);
  const description = `E2E ${stamp}: for the missed repair appointments and the time taken to chase us.`;
  const action = `E2E ${stamp}: replace the bathroom extractor fan and check the mould has not returned.`;

  await signIn(page, 'leader@demo.example', 'demo-leader-1');
  await page.locator('tr[data-reference] a').first().click();
  const heading = page.getByRole('heading', { level: 1, name: /^CMP-DEMO-/ });
  await expect(heading).toBeVisible();
  const reference = (await heading.textContent()) ?? '';
  const caseHash = new URL(page.url()).hash;
  await page.getByRole('tab', { name: 'Remedies and actions' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Remedies and actions' });

  // Offer £250.50 of discretionary compensation.
  await panel.getByLabel('Kind of remedy').selectOption('financial');
  await panel.getByLabel('Amount (£)').fill('250.50');
  await panel.getByLabel('Compensation kind').selectOption('discretionary');
  await panel.getByLabel('What we will do to put it right').fill(description);
  await panel.getByRole('button', { name: 'Offer remedy' }).click();
  await expect(panel.getByText('Financial remedy offered: £250.50.')).toBeVisible();
  const row = panel.getByTestId('remedy-row').filter({ hasText: description });
  await expect(row).toContainText('£250.50');
  await expect(row).toContainText('offered');
  // Not paid before it is accepted: the command says why.
  await expect(row.getByRole('button', { name: 'Mark paid…' })).toHaveAttribute(
    'aria-description',
    'only an accepted offer is paid; this one is offered',
  );

  // The resident refuses it.
  await row.getByRole('button', { name: 'Refused…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('What the resident said (optional)').fill('Does not cover the ruined carpet.');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('refused');
  await expect(row).toContainText('Does not cover the ruined carpet.');

  // Reconsidering without new evidence is refused, with the rule, against the field.
  await row.getByRole('button', { name: 'Reconsider…' }).click();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(
    dialog.getByText('a refused offer is reconsidered only on new evidence: record what the new evidence is'),
  ).toBeVisible();
  // With the evidence, and a revised amount, it is offered again.
  await dialog.getByLabel('New evidence').fill('Receipt for the replacement carpet, £180.00.');
  await dialog.getByLabel('Revised amount (£, optional)').fill('430.50');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Reconsidered, offered again');
  await expect(row).toContainText('£430.50');
  await expect(row).toContainText('New evidence:');
  await expect(row).toContainText('Receipt for the replacement carpet, £180.00.');

  // An action for Repairs.
  await panel.getByLabel('Business area').selectOption('repairs');
  await panel.getByLabel('What the area must do').fill(action);
  await panel.getByRole('button', { name: 'Add action' }).click();
  await expect(panel.getByText('Action added for Repairs and maintenance.')).toBeVisible();
  await expect(panel.getByTestId('action-row').filter({ hasText: action })).toContainText('open');
  // And one for Anti-social behaviour, an area Oli Owner does not own.
  const asbAction = `E2E ${stamp}: call the resident weekly until the noise case is closed.`;
  await panel.getByLabel('Business area').selectOption('asb');
  await panel.getByLabel('What the area must do').fill(asbAction);
  await panel.getByRole('button', { name: 'Add action' }).click();
  await expect(panel.getByText('Action added for Anti-social behaviour.')).toBeVisible();
  // Every step is on the case's timeline.
  await expectNoSeriousAxeViolations(page, 'remedies and actions');
  // The workspace scrolls inside its own pane: bring the remedies to the top of it for the picture.
  await panel
    .getByRole('heading', { name: 'Remedies', exact: true })
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(SHOTS, 'remedies.png') });
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(page.getByText('Refused remedy reconsidered on new evidence', { exact: false })).toBeVisible();

  // Oli Owner owns Repairs: the action is on his dashboard, and he closes it by keyboard.
  await signIn(page, 'owner@demo.example', 'demo-owner-1');
  await page.getByRole('link', { name: 'Actions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Actions' })).toBeVisible();
  const board = page.getByRole('table', { name: 'Open actions' });
  const mine = board.getByTestId('dashboard-action').filter({ hasText: action });
  await expect(mine).toContainText(reference);
  await expect(mine).toContainText('Open');
  // Only his areas' actions: Repairs and Estates.
  const areas = await board.getByTestId('dashboard-action').locator('td:nth-child(2)').allTextContents();
  expect(new Set(areas)).toEqual(new Set(['Repairs and maintenance', 'Estates and grounds']));
  // Overdue ones are marked (the demo has some past their due date).
  await expect(board.getByText('Overdue', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('list', { name: 'Open actions by business area' })).toContainText(
    'Repairs and maintenance',
  );
  // Click through to the case.
  await expect(mine.getByRole('link', { name: reference })).toHaveAttribute('href', /^#\/case\/[0-9a-f-]{36}$/);
  await expectNoSeriousAxeViolations(page, 'actions dashboard');
  await page.screenshot({ path: path.join(SHOTS, 'actions-dashboard.png') });

  // On the case itself he may move on the Repairs action, not the Anti-social behaviour one: its steps are
  // disabled with the reason (as the server would refuse them), still reachable by keyboard.
  await mine.getByRole('link', { name: reference }).click();
  await expect(page.getByRole('heading', { level: 1, name: reference })).toBeVisible();
  await page.getByRole('tab', { name: 'Remedies and actions' }).click();
  const ownedRow = page.getByTestId('action-row').filter({ hasText: action });
  const otherRow = page.getByTestId('action-row').filter({ hasText: asbAction });
  await expect(ownedRow.getByRole('button', { name: 'Done…' })).toBeEnabled();
  await expect(ownedRow.getByRole('button', { name: 'Done…' })).not.toHaveAttribute('aria-description', /.+/);
  for (const name of ['Start', 'Done…', 'Cancel…']) {
    await expect(otherRow.getByRole('button', { name })).toHaveAttribute(
      'aria-description',
      'only the owner of Anti-social behaviour updates its actions',
    );
  }
  await otherRow.getByRole('button', { name: 'Start' }).focus();
  await expect(page.getByRole('tooltip')).toHaveText('only the owner of Anti-social behaviour updates its actions');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(otherRow).toContainText('open');
  await expectNoSeriousAxeViolations(page, 'remedies and actions, as a business-area owner');
  await page.getByRole('link', { name: 'Actions' }).click();
  await expect(mine).toContainText('Open');

  await mine.getByRole('button', { name: 'Done…' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  // Escape closes it and hands focus back to the button that opened it (it fell to the page body).
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(mine.getByRole('button', { name: 'Done…' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Update note (optional)').fill('Fan replaced and the bathroom checked.');
  await dialog.getByRole('button', { name: 'Save' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(mine).toHaveCount(0);

  // The case shows it closed, with the owner's note.
  await signIn(page, 'leader@demo.example', 'demo-leader-1');
  await page.getByRole('link', { name: reference }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: reference })).toBeVisible();
  await page.getByRole('tab', { name: 'Remedies and actions' }).click();
  const closed = page.getByTestId('action-row').filter({ hasText: action });
  await expect(closed).toContainText('done');
  await expect(closed).toContainText('Fan replaced and the bathroom checked.');

  // Chloe Evans, an agent of the other team, sees the case's remedies but may not act on them: the steps and the
  // forms are disabled with the reason the desk would refuse them with, not refused on submit.
  await signIn(page, 'chloe@demo.example', 'demo-agent-3');
  await page.evaluate(`location.hash = ${JSON.stringify(caseHash)}`);
  await expect(page.getByRole('heading', { level: 1, name: reference })).toBeVisible();
  await page.getByRole('tab', { name: 'Remedies and actions' }).click();
  const notOurs = `${reference} belongs to another team`;
  await expect(row.getByRole('button', { name: 'Accepted' })).toHaveAttribute('aria-description', notOurs);
  for (const name of ['Offer remedy', 'Add action']) {
    await expect(panel.getByRole('button', { name })).toHaveAttribute('aria-description', notOurs);
  }
  await expect(panel.getByLabel('What we will do to put it right')).toBeDisabled();
  await expect(panel.getByText(`Not available: ${notOurs}.`)).toHaveCount(2);
  await expectNoSeriousAxeViolations(page, 'remedies and actions, another team’s case');
});
