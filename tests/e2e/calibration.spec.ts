// A manager's weekly calibration through the browser mode: the week's draw (its seed shown, never re-rolled:
// drawing again returns the recorded draw, and "Verify draw" re-runs it), every drawn letter scored against the
// 7-criterion rubric with agreement and feedback, progress complete, the week in the history with its trend,
// the CSV export downloaded and read, the report printed to PDF; then the Team Leader sees the feedback.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SHOTS, signIn } from './helpers.js';
import { expectAccessible, pdfText } from './letters-files.js';

const OUT = path.resolve(import.meta.dirname, '..', '..', 'dist', 'e2e-results', 'calibration');

/** One DeskApi call from the page, as the signed-in user (same origin, session cookie). */
async function api<T>(page: Page, method: string, input: unknown): Promise<T> {
  const r = await page.evaluate(
    async ([m, i]) => {
      const res = await fetch(`/api/${m as string}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(i),
      });
      return (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    },
    [method, input] as const,
  );
  if (!r.ok) throw new Error(`${method}: ${r.error?.message ?? 'failed'}`);
  return r.value as T;
}

/**
 * Makes sure the Team Leader authorised letters this week (the draw's population): an agent drafts, completes
 * and submits acknowledgements on open cases of theirs through the DeskApi, and the Team Leader authorises them.
 */
async function lettersAuthorisedThisWeek(page: Page, count: number): Promise<void> {
  await signIn(page, 'agent@demo.example', 'demo-agent-1');
  const work = await api<{ items: { id: string; stageKey: string | null }[] }>(page, 'myWork', { limit: 100 });
  const ids: string[] = [];
  for (const c of work.items) {
    if (ids.length === count) break;
    const drafted = await api<{ letterId: string }>(page, 'createLetterDraft', {
      complaintId: c.id,
      kind: 'acknowledgement',
    }).catch(() => null);
    if (!drafted) continue;
    await api(page, 'saveLetterDraft', {
      letterId: drafted.letterId,
      sections: {
        understanding: 'The repairs to your kitchen were not finished and the contractor did not come back.',
        'outcome-sought': 'You would like the kitchen finished and to know when.',
      },
    });
    const submitted = await api(page, 'submitLetter', { letterId: drafted.letterId }).catch(() => null);
    if (submitted) ids.push(drafted.letterId);
  }
  expect(ids.length).toBe(count);
  await signIn(page, 'leader@demo.example', 'demo-leader-1');
  for (const letterId of ids) await api(page, 'authoriseLetter', { letterId });
}

test("a manager's full weekly calibration, and the Team Leader's view of the feedback", async ({ page }) => {
  test.setTimeout(180_000);
  mkdirSync(OUT, { recursive: true });
  await lettersAuthorisedThisWeek(page, 4);

  await signIn(page, 'manager@demo.example', 'demo-manager-1');
  await page.getByRole('link', { name: 'Calibration', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^Week of / })).toBeVisible();
  const leader = page.getByTestId('calibration-team-leader').filter({ hasText: 'authorised' }).first();
  await expect(leader).toBeVisible();

  // The draw: a recorded seed; drawing again (even straight through the DeskApi) gives back the same draw.
  await page.getByRole('button', { name: 'Draw this week' }).click();
  const seed = page.getByTestId('draw-seed');
  await expect(seed).toBeVisible();
  const seedText = ((await seed.textContent()) ?? '').trim();
  expect(seedText.length).toBeGreaterThan(0);
  await expect(page.getByRole('button', { name: 'Draw this week' })).toHaveCount(0);
  const weekStart = await api<{ weekStart: string }>(page, 'calibrationWeek', {}).then((w) => w.weekStart);
  const again = await api<{ draw: { seed: string } | null }>(page, 'drawCalibration', { weekStart });
  expect(again.draw?.seed).toBe(seedText);
  await page.getByRole('button', { name: 'Verify draw' }).click();
  await expect(page.getByTestId('verify-result')).toContainText(`Verified: re-running seed ${seedText}`);

  // At most 3 per Team Leader, all scored.
  const scoreButtons = page.getByRole('button', { name: /^Score letter \d+ for / });
  const drawn = await scoreButtons.count();
  expect(drawn).toBeGreaterThan(0);
  for (const card of await page.getByTestId('calibration-team-leader').all()) {
    expect(await card.getByRole('row').count()).toBeLessThanOrEqual(4); // header + up to 3 letters
  }
  await expectAccessible(page, 'calibration');

  for (let n = 0; n < drawn; n++) {
    await scoreButtons.first().click();
    const panel = page.getByRole('region', { name: /^Calibrate letter \d+:/ });
    await expect(panel.getByTitle(/Letter being calibrated/)).toBeVisible();
    const groups = panel.getByRole('radiogroup');
    // 7 criteria and the agreement.
    await expect(groups).toHaveCount(8);
    // Saving with nothing scored names what is missing, and saves nothing.
    if (n === 0) {
      await panel.getByRole('button', { name: 'Save score' }).click();
      await expect(panel.getByText('Score this criterion.').first()).toBeVisible();
    }
    for (let g = 0; g < 7; g++)
      await groups
        .nth(g)
        .getByRole('radio', { name: String((n + g) % 2 ? 4 : 3), exact: true })
        .check();
    if (n === 0) {
      await panel.getByRole('radio', { name: 'I disagree' }).check();
      await panel
        .getByLabel('Feedback for the Team Leader')
        .fill('The letter does not say when we will inspect. Please check dates before authorising.');
    } else {
      await panel.getByRole('radio', { name: /I agree/ }).check();
      await panel.getByLabel('Feedback for the Team Leader').fill(`Clear and kind letter ${n + 1}.`);
    }
    await panel.getByRole('button', { name: 'Save score' }).click();
    await expect(panel).toBeHidden();
    await expect(page.getByTestId('calibration-progress')).toContainText(`${n + 1} of ${drawn} letters scored`);
  }
  await expect(page.getByTestId('calibration-progress')).toHaveText(`${drawn} of ${drawn} letters scored · complete`);

  await page.screenshot({ path: path.join(SHOTS, 'calibration.png') });

  // History and trends: this week is there, with a chart and a disagreement rate.
  await page.getByRole('tab', { name: 'History and trends' }).click();
  const history = page.getByTestId('calibration-history');
  await expect(history.getByRole('cell', { name: weekStart, exact: true }).first()).toBeVisible();
  await expect(history.getByTestId('trend-chart').first()).toBeVisible();
  await expect(history).toContainText('Disagreement rate');
  await expectAccessible(page, 'calibration history');

  // CSV export.
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csvFile = path.join(OUT, 'calibration.csv');
  await csv.saveAs(csvFile);
  const csvText = readFileSync(csvFile, 'utf8');
  expect(csvText).toContain(weekStart);
  expect(csvText).toContain('Please check dates before authorising.');
  expect(csvText.trim().split(/\r?\n/).length).toBeGreaterThanOrEqual(drawn + 1);

  // PDF of the report (the print view printed by Chromium).
  await page.getByRole('button', { name: 'Save as PDF' }).click();
  await expect(page.getByTestId('calibration-report')).toContainText(seedText);
  await page.emulateMedia({ media: 'print' });
  const pdfFile = path.join(OUT, 'calibration.pdf');
  await page.pdf({ path: pdfFile, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: null });
  const text = pdfText(pdfFile);
  expect(text).toContain('Letter calibration');
  expect(text).toContain(seedText);
  expect(text).not.toContain('Print or save as PDF');

  // The Team Leader sees the feedback on the letters they authorised.
  await signIn(page, 'leader@demo.example', 'demo-leader-1');
  await page.getByRole('link', { name: 'Letters', exact: true }).click();
  await page.getByRole('tab', { name: 'Calibration feedback' }).click();
  const feedback = page.getByTestId('calibration-feedback');
  await expect(feedback).toContainText('Please check dates before authorising.');
  await expect(feedback).toContainText('The manager disagreed with the authorisation');
});
