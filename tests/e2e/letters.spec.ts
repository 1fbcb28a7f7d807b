// A letter from draft to sent through the browser mode: an agent drafts an acknowledgement, the missing
// content blocks submission until it is written, a Team Leader returns it with comments, the agent sees them,
// fixes the letter and resubmits, the Team Leader authorises it (but cannot authorise a letter of their own),
// and the agent records it as sent; the case timeline then shows the sent letter with its content hash. Along
// the way: the letter as PDF (Chromium's print of the print view, read back with pdftotext and rendered to
// PNG) and as DOCX (a real zip with the letter's text in word/document.xml), axe on the editor and the queue,
// and the screenshots in docs/screenshots.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SHOTS, signIn } from './helpers.js';
import { expectAccessible, pdfFirstPageToPng, pdfPages, pdfText, readZipEntry } from './letters-files.js';

const OUT = path.resolve(import.meta.dirname, '..', '..', 'dist', 'e2e-results', 'letters');

/** Logs a new complaint as the signed-in user and accepts it; returns its reference. */
async function newAcceptedComplaint(page: Page, given: string, family: string, what: string): Promise<string> {
  await page.keyboard.press('Alt+n');
  await page.getByLabel('Given name', { exact: true }).fill(given);
  await page.getByLabel('Family name', { exact: true }).fill(family);
  await page.getByLabel("What happened, in the resident's words").fill(what);
  await page.getByLabel('The outcome the resident wants').fill('The repair done properly and an apology.');
  await page.getByLabel(/I offered the resident the choice/).check();
  await page.keyboard.press('Control+Enter');
  const heading = page.getByRole('heading', { level: 1, name: /^CMP-DEMO-\d{6}$/ });
  await expect(heading).toBeVisible();
  const reference = (await heading.textContent()) ?? '';
  await page.getByRole('button', { name: 'Accept', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  return reference;
}

async function draftFromCase(page: Page, kind: string): Promise<void> {
  await page.getByRole('tab', { name: 'Letters' }).click();
  await page.getByRole('button', { name: 'Draft letter' }).click();
  await page
    .getByRole('menuitem', { name: new RegExp(`^${kind}`) })
    .first()
    .click();
  await expect(page.getByTestId('letter-preview-frame')).toBeVisible();
}

/** The letter's free section, by its heading (the Field's label). */
const section = (page: Page, heading: string) => page.getByRole('textbox', { name: heading, exact: true });

async function waitSaved(page: Page): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
}

test('a letter from draft to sent: missing content, return with comments, resubmit, authorise, send', async ({
  page,
}) => {
  test.setTimeout(180_000);
  mkdirSync(OUT, { recursive: true });

  // ---- the agent drafts the acknowledgement
  await signIn(page, 'agent@demo.example', 'demo-agent-1');
  // The screenshot: one of the agent's demo letters waiting for their words.
  await page.getByRole('link', { name: 'Letters', exact: true }).click();
  await page.getByRole('table', { name: 'My letters' }).getByRole('link').first().click();
  await expect(page.frameLocator('[data-testid="letter-preview-frame"]').locator('body')).toContainText(
    'Yours sincerely',
  );
  await expect(page.getByRole('heading', { name: 'Plain English' })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'letter-editor.png') });

  // Case data that tries to inject markup: it must reach the letter as text, never as elements.
  const hostile = 'Damp in the <b>bedroom</b> <img src=x onerror="alert(1)"> since March';
  const reference = await newAcceptedComplaint(page, 'Rosa', 'Okafor<script>', hostile);
  await draftFromCase(page, 'Acknowledgement');
  const frame = page.frameLocator('[data-testid="letter-preview-frame"]');
  await expect(frame.locator('body')).toContainText(reference);
  await expect(frame.locator('body')).toContainText('Okafor<script>');
  await expect(frame.locator('script, img')).toHaveCount(0);

  // Nothing written yet: the missing content is listed and submitting is blocked.
  const missing = page.getByTestId('missing-content');
  await expect(missing).toBeVisible();
  await expect(missing).toContainText(/understand|complaint/i);
  const submit = page.getByRole('button', { name: 'Submit for authorisation' });
  await expect(submit).toHaveAttribute('aria-disabled', 'true');

  await section(page, 'What we understand your complaint to be').fill(
    'There has been damp and mould in your bedroom since March. You reported it twice and nobody came.',
  );
  await section(page, 'What you would like to happen').fill('You would like the damp fixed and an apology.');
  await waitSaved(page);
  await expect(page.getByTestId('checks-complete')).toBeVisible();
  await expect(frame.locator('body')).toContainText('nobody came');
  await expect(page.getByTestId('plain-english-score')).toBeVisible();
  // Large print: the desk re-renders the letter at 16 pt or more, and the preview says so.
  const largePrint = page.getByRole('checkbox', { name: /Large print/ });
  await largePrint.check();
  await waitSaved(page);
  await expect(page.getByText(/Large print preview · \d+ pt/)).toBeVisible();
  await expect(frame.locator('body.large-print')).toHaveCount(1);
  const size = await frame
    .locator('body')
    .evaluate((b) => parseFloat(b.ownerDocument.defaultView?.getComputedStyle(b).fontSize ?? 'NaN'));
  expect(size).toBeGreaterThanOrEqual((16 * 96) / 72 - 0.1); // 16 pt in CSS pixels
  await largePrint.uncheck();
  await waitSaved(page);
  await expect(frame.locator('body.standard-print')).toHaveCount(1);
  await expectAccessible(page, 'letter editor');
  await submit.click();
  await expect(page.getByText('Awaiting authorisation', { exact: true }).first()).toBeVisible();
  const letterUrl = page.url();

  // ---- the Team Leader returns it with comments
  await signIn(page, 'leader@demo.example', 'demo-leader-1');
  await page.getByRole('link', { name: 'Letters', exact: true }).click();
  const queue = page.getByRole('list', { name: /awaiting authorisation, oldest first/ });
  // The screenshot shows one of the demo organisation's letters rather than this test's hostile data.
  await queue.getByRole('button').filter({ hasNotText: reference }).first().click();
  await expect(page.frameLocator('[data-testid="letter-preview-frame"]').locator('body')).toContainText(
    'Yours sincerely',
  );
  await page.screenshot({ path: path.join(SHOTS, 'authorisation-queue.png') });
  await queue.getByRole('button', { name: new RegExp(reference) }).click();
  await expect(page.getByRole('region', { name: `Case ${reference}` })).toBeVisible();
  await expectAccessible(page, 'authorisation queue');
  await page.getByRole('button', { name: 'Return with comments' }).click();
  const dialog = page.getByRole('dialog');
  // Comments are required.
  await dialog.getByRole('button', { name: 'Return to author' }).click();
  await expect(dialog.getByText('Say what needs to change')).toBeVisible();
  await dialog.getByLabel(/Comments for the author/).fill('Please say when we will inspect the bedroom.');
  await dialog.getByRole('button', { name: 'Return to author' }).click();
  await expect(dialog).toBeHidden();
  await expect(queue.getByRole('button', { name: new RegExp(reference) })).toHaveCount(0);

  // ---- the agent sees the comments, fixes the letter and resubmits
  await signIn(page, 'agent@demo.example', 'demo-agent-1');
  await page.getByRole('link', { name: 'Letters', exact: true }).click();
  const row = page.getByRole('row').filter({ hasText: reference });
  await expect(row).toContainText('Returned with comments');
  await expect(row).toContainText('Please say when we will inspect the bedroom.');
  await row.getByRole('link').click();
  await expect(page.getByTestId('returned-comments')).toContainText('Please say when we will inspect the bedroom.');
  await section(page, 'What we understand your complaint to be').fill(
    'There has been damp and mould in your bedroom since March. You reported it twice and nobody came. ' +
      'We will inspect the bedroom within five working days.',
  );
  await waitSaved(page);
  await page.getByRole('button', { name: 'Resubmit for authorisation' }).click();
  await expect(page.getByText('Awaiting authorisation', { exact: true }).first()).toBeVisible();

  // ---- the Team Leader cannot authorise a letter of their own…
  await signIn(page, 'leader@demo.example', 'demo-leader-1');
  const own = await newAcceptedComplaint(page, 'Tomas', 'Berg', 'The lift has been broken for two weeks.');
  await draftFromCase(page, 'Acknowledgement');
  await section(page, 'What we understand your complaint to be').fill(
    'The lift in your block has not worked for two weeks.',
  );
  await section(page, 'What you would like to happen').fill('You would like the lift repaired.');
  await waitSaved(page);
  await page.getByRole('button', { name: 'Submit for authorisation' }).click();
  await expect(page.getByText('Awaiting authorisation', { exact: true }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Letters', exact: true }).click();
  await queue.getByRole('button', { name: new RegExp(own) }).click();
  await expect(page.getByTestId('cannot-authorise')).toContainText('own letter');
  await expect(page.getByRole('button', { name: 'Authorise' })).toHaveAttribute('aria-disabled', 'true');

  // …but authorises the agent's, which waited longest so it comes first.
  const first = queue.getByRole('button').filter({ hasText: reference });
  await first.click();
  await expect(page.getByRole('region', { name: `Case ${reference}` })).toBeVisible();
  await page.getByRole('button', { name: 'Authorise' }).click();
  await expect(queue.getByRole('button', { name: new RegExp(reference) })).toHaveCount(0);

  // ---- the agent records it as sent
  await signIn(page, 'agent@demo.example', 'demo-agent-1');
  await page.goto(letterUrl);
  await expect(page.getByText('Authorised', { exact: true }).first()).toBeVisible();

  // DOCX for staff who finish letters in Word: a real zip with the letter's text in word/document.xml.
  const [docx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download DOCX' }).click(),
  ]);
  const docxFile = path.join(OUT, 'letter.docx');
  await docx.saveAs(docxFile);
  const documentXml = readZipEntry(readFileSync(docxFile), 'word/document.xml')?.toString('utf8') ?? '';
  expect(documentXml).toContain(reference);
  expect(documentXml).toContain('We will inspect the bedroom within five working days.');
  expect(documentXml).toContain('Okafor&lt;script&gt;');

  await page.getByRole('button', { name: 'Record as sent' }).click();
  const send = page.getByRole('dialog');
  await send.getByLabel('Sent by').selectOption('email');
  await send.getByRole('button', { name: 'Record as sent' }).click();
  await expect(send).toBeHidden();
  const hash = ((await page.locator('code').first().textContent()) ?? '').trim();
  expect(hash).toMatch(/^[0-9a-f]{64}$/);

  // The PDF: the print view's document — the letter's own HTML, which "Print or save as PDF" prints (the
  // browser's print of that frame here, Electron's printToPDF in the desktop) — printed by Chromium.
  await page.getByRole('button', { name: 'Save as PDF' }).click();
  const printFrame = page.getByTestId('letter-print-frame');
  await expect(page.frameLocator('[data-testid="letter-print-frame"]').locator('body')).toContainText(
    'We will inspect the bedroom',
  );
  const letterHtml = (await printFrame.getAttribute('srcdoc')) ?? '';
  const paper = await page.context().newPage();
  await paper.setContent(letterHtml);
  await expectAccessible(paper, 'the letter document', null);
  const pdfFile = path.join(OUT, 'letter.pdf');
  await paper.pdf({ path: pdfFile, format: 'A4', printBackground: true, preferCSSPageSize: true });
  await paper.close();
  const text = pdfText(pdfFile);
  expect(text).toContain(reference);
  expect(text).toContain('We will inspect the bedroom within five working days.');
  expect(text).toContain('Housing Ombudsman');
  expect(text).toContain('Okafor<script>');
  expect(pdfPages(pdfFile)).toBeGreaterThanOrEqual(1);
  pdfFirstPageToPng(pdfFile, path.join(SHOTS, 'letter-pdf'));

  // The timeline shows the sent letter with its content hash.
  await page.getByRole('button', { name: 'Back to the letter' }).click();
  await page.getByRole('link', { name: reference, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: reference })).toBeVisible();
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(timeline).toContainText(hash.slice(0, 12));
});
