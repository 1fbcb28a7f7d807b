// Letters and the weekly calibration through the desk service on a real SQLite desk seeded with the demo
// organisation: draft → submit → return with comments → resubmit → authorise → send (the send date recording
// the lifecycle step), nobody authorising their own letter, an extension refused after the deadline, template
// versions, DOCX output opened and read, and a manager's weekly draw, scoring, history and export.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoOrganisation } from '../../electron/desk/demo.js';
import { DeskService } from '../../electron/desk/service.js';
import { verifyAuditChain } from '../../db/sqlite/index.js';
import type { DeskApiOutputs, DeskApiResult } from '../../shared/contracts/desk-api.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { CALIBRATION_CRITERIA } from '../../shared/domain/letters/types.js';

const TODAY = '2026-03-11' as IsoDate; // a Wednesday
const clock = { nowIso: () => `${TODAY}T12:00:00.000Z`, today: () => TODAY };
let dir: string;
let service: DeskService;

const SIGN_INS = {
  agent: { email: 'agent@demo.example', password: 'demo-agent-1' },
  leader: { email: 'leader@demo.example', password: 'demo-leader-1' },
  manager: { email: 'manager@demo.example', password: 'demo-manager-1' },
  admin: { email: 'admin@demo.example', password: 'demo-admin-1' },
};

function value<T>(r: DeskApiResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
async function as(who: keyof typeof SIGN_INS): Promise<void> {
  value(await service.call('signIn', SIGN_INS[who]));
}
const call = async <M extends keyof DeskApiOutputs>(m: M, input: unknown): Promise<DeskApiOutputs[M]> =>
  value<DeskApiOutputs[M]>(await service.call(m, input));

function complaintWhere(sql: string): string {
  const r = service.desk.db.prepare(`SELECT id FROM complaints WHERE ${sql} ORDER BY reference LIMIT 1`).get() as
    { id: string } | undefined;
  if (!r) throw new Error(`no complaint where ${sql}`);
  return r.id;
}

/** Runs `work` counting the SQLite statements executed meanwhile (get, all, iterate and run). */
async function countingStatements<T>(work: () => Promise<T>): Promise<{ result: T; executed: number }> {
  const proto = Object.getPrototypeOf(service.desk.db.prepare('SELECT 1')) as Record<string, unknown>;
  const methods = ['get', 'all', 'iterate', 'run'] as const;
  const originals = methods.map((m) => proto[m] as (...a: unknown[]) => unknown);
  let executed = 0;
  methods.forEach((m, i) => {
    const original = originals[i] as (...a: unknown[]) => unknown;
    proto[m] = function (this: unknown, ...args: unknown[]) {
      executed++;
      return original.apply(this, args);
    };
  });
  try {
    const result = await work();
    return { result, executed };
  } finally {
    methods.forEach((m, i) => (proto[m] = originals[i]));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'desk-letters-'));
  service = DeskService.open({ dataDir: dir, clock });
  await seedDemoOrganisation(service.desk, { today: TODAY, cases: 120 });
}, 60_000);

afterAll(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a letter through its workflow', () => {
  let letterId: string;
  let complaintId: string;

  it('an agent drafts an acknowledgement: the checks list what is missing, hostile text is escaped', async () => {
    complaintId = complaintWhere("status = 'open' AND stage_status = 'entered' AND next_deadline_date >= '2026-03-11'");
    await as('agent');
    letterId = (await call('createLetterDraft', { complaintId, kind: 'acknowledgement' })).letterId;
    const before = await call('letterDetail', { letterId });
    expect(before.letter.status).toBe('draft');
    expect(before.checks.missing.map((m) => m.item)).toEqual(['complaint-definition', 'outcome-sought']);
    expect(before.can).toMatchObject({ edit: true, submit: false, authorise: false });
    const saved = await call('saveLetterDraft', {
      letterId,
      sections: {
        understanding: 'Your boiler <script>alert(1)</script> failed {{person.name}}.',
        'outcome-sought': 'A working boiler "><img src=x onerror=alert(2)>',
      },
    });
    expect(saved.checks.complete).toBe(true);
    const after = await call('letterDetail', { letterId });
    expect(after.html).not.toMatch(/<script|<img/);
    expect(after.html).toContain('Your boiler &lt;script&gt;alert(1)&lt;/script&gt; failed {{person.name}}.');
  });

  it('a section the template does not have is refused; nothing is lost', async () => {
    const r = await service.call('saveLetterDraft', { letterId, sections: { nonsense: 'x' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const d = await call('letterDetail', { letterId });
    expect(d.sections.understanding).toMatch(/Your boiler/);
  });

  it('submit keeps an immutable version with the SHA-256 of its HTML; the Team Leader returns it with comments', async () => {
    const s = await call('submitLetter', { letterId });
    expect(s.versionNo).toBe(1);
    const d = await call('letterDetail', { letterId });
    expect(d.letter.status).toBe('submitted');
    expect(d.versions).toHaveLength(1);
    const v = d.versions[0];
    expect(v?.contentSha256).toBe(
      createHash('sha256')
        .update(v?.html ?? '')
        .digest('hex'),
    );
    expect(() =>
      service.desk.db.prepare("UPDATE letter_versions SET body = 'x' WHERE letter_id = ?").run(letterId),
    ).toThrow(/immutable/);
    // The agent cannot authorise.
    expect(await service.call('authoriseLetter', { letterId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await as('leader');
    const queue = await countingStatements(() => call('lettersAwaiting', {}));
    // The queue is read in a constant number of statements (the letters with their cases, and the calendar's
    // overrides), not two or three more per letter waiting.
    expect(queue.result.length).toBeGreaterThan(2);
    expect(queue.executed).toBe(2);
    const mine = queue.result.find((a) => a.letter.id === letterId);
    expect(mine?.case.complaintId).toBe(complaintId);
    // The same case summary and names as the letter's own page, for every letter waiting.
    for (const a of queue.result) {
      const d = await call('letterDetail', { letterId: a.letter.id });
      expect(a.case).toEqual(d.case);
      expect(a.letter).toEqual(d.letter);
      expect(a.letter.draftedByName).not.toBeNull();
    }
    const subs = queue.result.map((a) => a.letter.submittedAt ?? '');
    expect([...subs].sort()).toEqual(subs); // oldest first
    expect(await service.call('returnLetter', { letterId, comments: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    await call('returnLetter', { letterId, comments: 'Say when the engineer will come.' });
    const returned = await call('letterDetail', { letterId });
    expect(returned.letter).toMatchObject({ status: 'returned', returnedComments: 'Say when the engineer will come.' });
  });

  it('the agent edits and resubmits; the Team Leader authorises; the agent sends and the send date acknowledges', async () => {
    await as('agent');
    await call('saveLetterDraft', {
      letterId,
      sections: { understanding: 'Your boiler failed. The engineer will come on Friday.' },
    });
    expect((await call('submitLetter', { letterId })).versionNo).toBe(2);
    await as('leader');
    await call('authoriseLetter', { letterId });
    await as('agent');
    expect(await service.call('sendLetter', { letterId, channel: 'post', sentDate: '2026-03-12' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    const sent = await call('sendLetter', { letterId, channel: 'post', sentDate: TODAY });
    expect(sent.transition).toBe('acknowledge');
    const d = await call('letterDetail', { letterId });
    expect(d.letter).toMatchObject({ status: 'sent', sentDate: TODAY, sentChannel: 'post' });
    expect(d.reviews.map((r) => r.action)).toEqual(['submitted', 'returned', 'submitted', 'authorised', 'sent']);
    expect(d.versions.map((v) => v.reason)).toEqual(['submitted', 'submitted', 'sent']);
    const detail = await call('caseDetail', { complaintId });
    expect(detail.complaint.state.stages.at(-1)?.status).toBe('acknowledged');
    expect(detail.complaint.state.stages.at(-1)?.definition?.understanding).toMatch(/engineer will come on Friday/);
    // The letter is outbound correspondence on the case, naming the exact version that went.
    const sentVersion = d.versions.at(-1);
    expect(detail.correspondence).toContainEqual(
      expect.objectContaining({ direction: 'outbound', channel: 'letter', letter_version_id: sentVersion?.id }),
    );
    const sentEvent = detail.timeline.find((t) => t.kind === 'letter-sent');
    expect(sentEvent?.summary).toContain(sent.contentSha256.slice(0, 12));
    // A sent letter never changes.
    expect(await service.call('saveLetterDraft', { letterId, sections: { understanding: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'illegal-transition' },
    });
    expect(() => service.desk.db.prepare("UPDATE letters SET sections_json = '{}' WHERE id = ?").run(letterId)).toThrow(
      /immutable/,
    );
    expect(verifyAuditChain(service.desk.db).ok).toBe(true);
  });

  it('the DOCX opens as a zip whose document.xml carries the letter text, escaped', async () => {
    const docx = await call('letterDocx', { letterId });
    const file = path.join(dir, docx.filename);
    writeFileSync(file, Buffer.from(docx.base64, 'base64'));
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8');
    expect(xml).toContain('The engineer will come on Friday.');
    expect(xml).toContain('A working boiler &quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(xml).not.toContain('<img');
    expect(xml).not.toContain('<script');
  });
});

describe('who may authorise, and the send date against the deadlines', () => {
  it('nobody authorises their own letter', async () => {
    await as('leader');
    const complaintId = complaintWhere("status = 'open' AND stage_status = 'acknowledged'");
    const { letterId } = await call('createLetterDraft', { complaintId, kind: 'stage-response' });
    await call('saveLetterDraft', {
      letterId,
      sections: { decision: 'Upheld.', reasons: 'r', remedy: 'm', 'outstanding-actions': 'none' },
    });
    await call('submitLetter', { letterId });
    expect(await service.call('authoriseLetter', { letterId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/own letter/) },
    });
    expect((await call('letterDetail', { letterId })).can).toMatchObject({
      authorise: false,
      reason: expect.stringMatching(/own letter/),
    });
  });

  it('a stage response cannot be submitted without a decision worded as one', async () => {
    await as('agent');
    const complaintId = complaintWhere("status = 'open' AND stage_status = 'acknowledged'");
    const { letterId } = await call('createLetterDraft', { complaintId, kind: 'stage-response' });
    await call('saveLetterDraft', {
      letterId,
      sections: { decision: 'We looked at it.', reasons: 'r', remedy: 'm', 'outstanding-actions': 'none' },
    });
    const r = await service.call('submitLetter', { letterId });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!r.ok) expect(r.error.fields?.map((f) => f.path)).toEqual(['content.decision']);
  });

  it('an extension letter sent after the original deadline is refused, and nothing is recorded', async () => {
    const complaintId = complaintWhere(
      "status = 'open' AND stage_status = 'acknowledged' AND next_deadline_date < '2026-03-11' AND next_deadline_kind LIKE '%respond'",
    );
    await as('agent');
    const { letterId } = await call('createLetterDraft', { complaintId, kind: 'extension' });
    await call('saveLetterDraft', { letterId, sections: { reason: 'A survey is needed.', 'new-date': '30/03/2026' } });
    await call('submitLetter', { letterId });
    await as('leader');
    await call('authoriseLetter', { letterId });
    await as('agent');
    const before = service.desk.db.prepare('SELECT version, state_json FROM complaints WHERE id = ?').get(complaintId);
    const r = await service.call('sendLetter', { letterId, channel: 'email', sentDate: TODAY });
    expect(r).toMatchObject({ ok: false, error: { code: 'guard-failed' } });
    if (!r.ok) expect(r.error.message).toMatch(/cannot go on 2026-03-11/);
    expect(service.desk.db.prepare('SELECT version, state_json FROM complaints WHERE id = ?').get(complaintId)).toEqual(
      before,
    );
    expect((await call('letterDetail', { letterId })).letter.status).toBe('authorised');
  });

  it('an extension sent before the deadline records the extension dated the send date', async () => {
    const complaintId = complaintWhere(
      "status = 'open' AND stage_status = 'acknowledged' AND next_deadline_date > '2026-03-11' AND next_deadline_kind LIKE '%respond'",
    );
    const due = (await call('caseDetail', { complaintId })).running.find((d) => d.kind === 'respond')?.due ?? '';
    const [y, m, d] = due.split('-');
    const newDate = `${Number(d) > 27 ? 28 : Number(d) + 1}/${m}/${y}`;
    const { letterId } = await call('createLetterDraft', { complaintId, kind: 'extension' });
    await call('saveLetterDraft', {
      letterId,
      sections: { reason: 'A survey is needed.', 'new-date': newDate, 'resident-agreement': 'Agreed by phone.' },
    });
    await call('submitLetter', { letterId });
    await as('leader');
    await call('authoriseLetter', { letterId });
    await as('agent');
    const sent = await call('sendLetter', { letterId, channel: 'email', sentDate: TODAY });
    expect(sent.transition).toBe('extend');
    const stage = (await call('caseDetail', { complaintId })).complaint.state.stages.at(-1);
    expect(stage?.extensions.at(-1)).toMatchObject({ on: TODAY, reason: 'A survey is needed.' });
  });
});

describe('templates', () => {
  it('an administrator saves a new version; letters already drafted keep theirs; agents may not edit templates', async () => {
    await as('agent');
    const complaintId = complaintWhere("status = 'open' AND stage_status = 'acknowledged'");
    const old = await call('createLetterDraft', { complaintId, kind: 'refusal' });
    expect(
      await service.call('saveLetterTemplate', { kind: 'refusal', profileFamily: null, name: 'x', sections: [] }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await as('admin');
    const builtIn = (await call('letterTemplates', { kind: 'refusal' }))[0];
    expect(builtIn?.builtIn).toBe(true);
    const bad = await service.call('saveLetterTemplate', {
      kind: 'refusal',
      profileFamily: null,
      name: 'Refusal v2',
      sections: [{ key: 'opening', heading: null, mode: 'fixed', text: 'Dear {{person.nmae}}', provides: [] }],
    });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringMatching(/person\.nmae/) },
    });
    const saved = await call('saveLetterTemplate', {
      kind: 'refusal',
      profileFamily: null,
      name: 'Refusal v2',
      sections: [
        ...(builtIn?.sections ?? []).map((s) => (s.key === 'opening' ? { ...s, text: 'Hello {{person.name}}' } : s)),
      ],
    });
    expect(saved.version).toBe(2);
    const listed = await call('letterTemplates', { kind: 'refusal' });
    expect(listed.map((t) => t.version)).toEqual([2]);
    await as('agent');
    const fresh = await call('createLetterDraft', { complaintId, kind: 'refusal' });
    expect((await call('letterDetail', { letterId: fresh.letterId })).html).toContain('Hello ');
    expect((await call('letterDetail', { letterId: old.letterId })).html).toContain('Dear ');
  });
});

describe('the weekly calibration', () => {
  it('a manager draws the week once (re-drawing returns the same draw), scores against the rubric, and the Team Leader sees the feedback', async () => {
    await as('leader');
    expect(await service.call('drawCalibration', { weekStart: '2026-03-09' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await as('manager');
    const before = await call('calibrationWeek', {});
    expect(before.weekStart).toBe('2026-03-09');
    expect(before.draw).toBeNull();
    const authorised = before.teamLeaders.reduce((n, t) => n + t.authorisedThisWeek, 0);
    expect(authorised).toBeGreaterThanOrEqual(2);
    const drawn = await call('drawCalibration', { weekStart: '2026-03-11' });
    expect(drawn.draw?.verified).toBe(true);
    expect(drawn.progress.drawn).toBe(Math.min(3, authorised));
    const again = await call('drawCalibration', { weekStart: '2026-03-09' });
    expect(again.draw?.id).toBe(drawn.draw?.id);
    expect(again.teamLeaders.flatMap((t) => t.items.map((i) => i.letter.id))).toEqual(
      drawn.teamLeaders.flatMap((t) => t.items.map((i) => i.letter.id)),
    );
    const item = drawn.teamLeaders[0]?.items[0];
    if (!item) throw new Error('no item drawn');
    const detail = await call('calibrationItem', { itemId: item.id });
    expect(detail.letterHtml).toMatch(/<!DOCTYPE html>/);
    const scores = Object.fromEntries(CALIBRATION_CRITERIA.map((c, i) => [c, (i % 5) + 1]));
    expect(
      await service.call('scoreCalibrationItem', { itemId: item.id, scores, agreement: 'disagree', feedback: '' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const scored = await call('scoreCalibrationItem', {
      itemId: item.id,
      scores,
      agreement: 'disagree',
      feedback: 'The remedy did not match the decision.',
    });
    expect(scored.card.average).toBeCloseTo(CALIBRATION_CRITERIA.reduce((n, _c, i) => n + (i % 5) + 1, 0) / 7, 2);
    const week = await call('calibrationWeek', { weekStart: '2026-03-09' });
    expect(week.progress.scored).toBe(1);
    const history = await call('calibrationHistory', {});
    const thisWeek = history.teamLeaders[0]?.weeks.find((w) => w.weekStart === '2026-03-09');
    expect(thisWeek).toMatchObject({ scored: 1, disagreements: 1 });
    // The demo's past week (drawn and scored by the seed) is there too, oldest first.
    expect(history.teamLeaders[0]?.weeks[0]?.weekStart).toBe('2026-03-02');
    const csv = await call('calibrationExportCsv', {});
    expect(csv.csv.split('\r\n')[0]).toMatch(/^week_start,team_leader,complaint,letter_kind/);
    expect(csv.csv).toContain('The remedy did not match the decision.');
    await as('leader');
    const feedback = await call('myCalibrationFeedback', {});
    expect(feedback[0]?.card.feedback).toBe('The remedy did not match the decision.');
    expect(feedback.every((f) => f.card.agreement !== null)).toBe(true);
    expect(await service.call('calibrationExportCsv', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a week with no authorised letters has nothing to draw, and stays undrawn', async () => {
    await as('manager');
    const empty = await service.call('drawCalibration', { weekStart: '2026-01-05' });
    expect(empty).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringMatching(/nothing to draw/) },
    });
    expect((await call('calibrationWeek', { weekStart: '2026-01-07' })).draw).toBeNull();
    expect(await service.call('calibrationWeek', { weekStart: 'not a date' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });
});
