// Putting things right on a real SQLite desk: remedies (offer, the resident's decision, payment, withdrawal,
// reconsideration only on new evidence) and post-resolution actions (added, moved on, closed), with their role
// and team rules, and the one-transaction rule (row + timeline + audit + outbox, or nothing).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { convertToComplaint, logContact } from '../../shared/app/use-cases.js';
import { addAction, offerRemedy, remedyStep, updateAction } from '../../shared/app/remedy-use-cases.js';
import type { Actor, Clock, UseCaseDeps } from '../../shared/app/ports.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { caseTeamRefusal, formatPence, parsePounds, sumPence } from '../../shared/domain/remedies/remedies.js';
import { createDeskDeps } from '../../db/sqlite/desk-core.js';
import { caseRemedies, actionsDashboard } from '../../db/sqlite/remedy-queries.js';
import { upsertBusinessArea, upsertUser, verifyAuditChain, type DeskDatabase } from '../../db/sqlite/index.js';
import { AGENT, DESK_ID, LEADER, TEAM_A, TEAM_B, idFactory, nextHlc, openTemp, seedDesk, tempDir } from './fixtures.js';

const MANAGER = '01940000-0000-7000-8000-00000000c001';
const OWNER = '01940000-0000-7000-8000-00000000d001';
const OTHER_AGENT = '01940000-0000-7000-8000-00000000a009';

const actor = (userId: string, roles: Actor['roles'], teamId: string | null = TEAM_A): Actor => ({
  userId,
  roles,
  teamId,
  deskId: DESK_ID,
});
const agent = actor(AGENT, ['agent']);
const leader = actor(LEADER, ['team-leader']);
const manager = actor(MANAGER, ['manager']);
const owner = actor(OWNER, ['business-area-owner'], null);
const otherTeamAgent = actor(OTHER_AGENT, ['agent'], TEAM_B);

let tmp: ReturnType<typeof tempDir>;
let desk: DeskDatabase;
let deps: UseCaseDeps;
let today: IsoDate;

beforeEach(() => {
  tmp = tempDir();
  desk = openTemp(tmp.dir);
  seedDesk(desk.db);
  desk.db.transaction(() => {
    for (const [id, name, roles, team] of [
      [MANAGER, 'Mo Manager', ['manager'], TEAM_A],
      [OWNER, 'Oli Owner', ['business-area-owner'], null],
      [OTHER_AGENT, 'Oz Agent', ['agent'], TEAM_B],
    ] as const) {
      upsertUser(desk.db, {
        id,
        displayName: name,
        email: `${name.split(' ')[0]}@example.org`,
        teamId: team,
        roles: [...roles],
        updatedHlc: nextHlc(),
      });
    }
    upsertBusinessArea(desk.db, 'repairs', 'Repairs', OWNER);
  })();
  today = '2024-12-20' as IsoDate;
  const clock: Clock = { nowIso: () => `${today}T10:00:00.000Z`, today: () => today };
  deps = createDeskDeps(desk, {
    settings: { region: 'england-and-wales', profileAssignments: [] },
    clock,
    ids: { next: idFactory() },
  });
});

afterEach(() => {
  desk.close();
  tmp.cleanup();
});

function value<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function complaint(): string {
  const { contactId } = value(
    logContact(deps, agent, {
      channel: 'phone',
      madeBy: 'resident',
      person: { givenName: 'Grace', familyName: 'Okafor' },
      whatHappened: 'Black mould in the back bedroom; repair booked twice and nobody came.',
      dissatisfaction: true,
    }),
  );
  return value(convertToComplaint(deps, agent, { contactId, reason: 'resolution-failed', residentOfferedChoice: true }))
    .complaintId;
}

const count = (table: string) => (desk.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const counts = () => ({
  remedies: count('remedies'),
  actions: count('post_resolution_actions'),
  timeline: count('timeline_events'),
  audit: count('audit_log'),
  outbox: count('outbox'),
});

describe('money in pence', () => {
  it('formats and parses exactly, with no binary fractions', () => {
    expect(formatPence(25_050)).toBe('£250.50');
    expect(formatPence(100_000_000)).toBe('£1,000,000.00');
    expect(formatPence(7)).toBe('£0.07');
    expect(parsePounds('£1,250.5')).toBe(125_050);
    expect(parsePounds('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(parsePounds('12.345')).toBeNull();
    expect(parsePounds('ten')).toBeNull();
    expect(sumPence([10, 20, 1_999_999])).toBe(2_000_029);
    expect(() => sumPence([0.5])).toThrow(/whole number/);
  });
});

describe('remedies', () => {
  it('offers compensation with its amount in pence, with a timeline event, an audit entry and an outbox entry', () => {
    const complaintId = complaint();
    const before = counts();
    const r = value(
      offerRemedy(deps, agent, {
        complaintId,
        kind: 'financial',
        compensationKind: 'discretionary',
        amountPence: 25_050,
        description: 'For the time and trouble of chasing the repair.',
        dueDate: '2025-01-10',
      }),
    );
    expect(counts()).toEqual({
      remedies: before.remedies + 1,
      actions: before.actions,
      timeline: before.timeline + 1,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });
    const [remedy] = caseRemedies(desk.db, complaintId).remedies;
    expect(remedy).toMatchObject({
      id: r.remedyId,
      kind: 'financial',
      amountPence: 25_050,
      status: 'offered',
      offeredDate: '2024-12-20',
      dueDate: '2025-01-10',
    });
    const event = desk.db
      .prepare("SELECT summary FROM timeline_events WHERE complaint_id = ? AND kind = 'remedy-offered'")
      .get(complaintId) as { summary: string };
    expect(event.summary).toContain('£250.50 (discretionary)');
    expect(verifyAuditChain(desk.db).ok).toBe(true);
  });

  it('refuses bad input clearly and writes nothing', () => {
    const complaintId = complaint();
    const before = counts();
    const noAmount = offerRemedy(deps, agent, {
      complaintId,
      kind: 'financial',
      compensationKind: 'discretionary',
      description: 'x',
    });
    expect(noAmount.ok).toBe(false);
    if (!noAmount.ok) expect(noAmount.error).toMatchObject({ code: 'invalid-input' });
    if (!noAmount.ok && noAmount.error.code === 'invalid-input') {
      expect(noAmount.error.fields).toContainEqual({
        path: 'amountPence',
        message: 'a financial remedy needs its amount',
      });
    }
    const fraction = offerRemedy(deps, agent, {
      complaintId,
      kind: 'financial',
      compensationKind: 'discretionary',
      amountPence: 100.5,
      description: 'x',
    });
    expect(!fraction.ok && fraction.error.code === 'invalid-input' && fraction.error.fields[0]?.message).toBe(
      'a whole number of pence',
    );
    const apologyWithMoney = offerRemedy(deps, agent, {
      complaintId,
      kind: 'apology',
      amountPence: 100,
      description: 'Sorry',
    });
    expect(apologyWithMoney.ok).toBe(false);
    const pastDue = offerRemedy(deps, agent, {
      complaintId,
      kind: 'apology',
      description: 'Sorry',
      dueDate: '2024-12-01',
    });
    expect(!pastDue.ok && pastDue.error.message).toBeTruthy();
    expect(counts()).toEqual(before);
  });

  it('takes an offer through refusal, reconsideration only on new evidence, acceptance and payment', () => {
    const complaintId = complaint();
    const { remedyId } = value(
      offerRemedy(deps, agent, {
        complaintId,
        kind: 'financial',
        compensationKind: 'discretionary',
        amountPence: 10_000,
        description: 'Time and trouble.',
      }),
    );
    // Not paid before it is accepted.
    const early = remedyStep(deps, leader, { complaintId, remedyId, step: 'mark-paid' });
    expect(!early.ok && early.error).toMatchObject({ code: 'illegal-transition' });
    value(remedyStep(deps, agent, { complaintId, remedyId, step: 'refuse', note: 'Not enough for the carpet.' }));

    const before = counts();
    const noEvidence = remedyStep(deps, leader, { complaintId, remedyId, step: 'reconsider', newEvidence: '  ' });
    expect(noEvidence.ok).toBe(false);
    if (!noEvidence.ok && noEvidence.error.code === 'invalid-input') {
      expect(noEvidence.error.fields).toEqual([
        {
          path: 'newEvidence',
          message: 'a refused offer is reconsidered only on new evidence: record what the new evidence is',
        },
      ]);
    } else throw new Error('expected an invalid-input refusal');
    expect(counts()).toEqual(before);
    // An agent may not reconsider: a team leader or manager takes the second look.
    expect(remedyStep(deps, agent, { complaintId, remedyId, step: 'reconsider', newEvidence: 'Receipt' }).ok).toBe(
      false,
    );

    value(
      remedyStep(deps, leader, {
        complaintId,
        remedyId,
        step: 'reconsider',
        newEvidence: 'Receipt for the replacement carpet, £180.',
        amountPence: 28_000,
      }),
    );
    let r = caseRemedies(desk.db, complaintId).remedies[0];
    expect(r).toMatchObject({ status: 'reconsidered', amountPence: 28_000, decidedDate: null });
    expect(r?.reconsideredEvidence).toBe('2024-12-20: Receipt for the replacement carpet, £180.');

    today = '2024-12-23' as IsoDate;
    value(remedyStep(deps, agent, { complaintId, remedyId, step: 'accept' }));
    // Paid no earlier than it was accepted, and never in the future.
    const before2 = remedyStep(deps, leader, { complaintId, remedyId, step: 'mark-paid', on: '2024-12-21' });
    expect(!before2.ok && before2.error.message).toContain('cannot be before the offer was accepted');
    const future = remedyStep(deps, leader, { complaintId, remedyId, step: 'mark-paid', on: '2024-12-24' });
    expect(!future.ok && future.error.message).toContain('cannot be in the future');
    value(remedyStep(deps, leader, { complaintId, remedyId, step: 'mark-paid' }));
    r = caseRemedies(desk.db, complaintId).remedies[0];
    expect(r).toMatchObject({ status: 'paid', paidDate: '2024-12-23', decidedDate: '2024-12-23', version: 5 });
    // A paid remedy is final.
    const again = remedyStep(deps, agent, { complaintId, remedyId, step: 'withdraw', note: 'Mistake' });
    expect(!again.ok && again.error.message).toBe('only an open offer can be withdrawn; this one is paid');
    expect(caseRemedies(desk.db, complaintId).totals).toEqual({ offeredPence: 28_000, paidPence: 28_000 });
  });

  it('reconsiders only a refused offer, and only a financial remedy is paid', () => {
    const complaintId = complaint();
    const { remedyId } = value(offerRemedy(deps, agent, { complaintId, kind: 'apology', description: 'Sorry.' }));
    const open = remedyStep(deps, leader, { complaintId, remedyId, step: 'reconsider', newEvidence: 'New letter' });
    expect(!open.ok && open.error).toMatchObject({
      code: 'illegal-transition',
      message: 'only a refused offer is reconsidered; this one is offered',
    });
    value(remedyStep(deps, agent, { complaintId, remedyId, step: 'accept' }));
    const paid = remedyStep(deps, leader, { complaintId, remedyId, step: 'mark-paid' });
    expect(!paid.ok && paid.error.message).toBe('only a financial remedy is paid');
  });

  it('keeps agents and team leaders to the cases of their own team; managers act on any', () => {
    const complaintId = complaint();
    const r = offerRemedy(deps, otherTeamAgent, { complaintId, kind: 'apology', description: 'Sorry.' });
    // The same words the remedies tab disables its forms and steps with (caseTeamRefusal).
    const row = desk.db.prepare('SELECT reference, team_id FROM complaints WHERE id = ?').get(complaintId) as {
      reference: string;
      team_id: string;
    };
    const words = caseTeamRefusal(otherTeamAgent, { reference: row.reference, teamId: row.team_id });
    expect(words).toBe(`${row.reference} belongs to another team`);
    expect(!r.ok && r.error).toEqual({ code: 'forbidden', message: words });
    const { remedyId } = value(offerRemedy(deps, agent, { complaintId, kind: 'apology', description: 'Sorry.' }));
    const step = remedyStep(deps, otherTeamAgent, { complaintId, remedyId, step: 'accept' });
    expect(!step.ok && step.error).toEqual({ code: 'forbidden', message: words });
    const add = addAction(deps, otherTeamAgent, { complaintId, businessAreaKey: 'repairs', description: 'x' });
    expect(!add.ok && add.error).toEqual({ code: 'forbidden', message: words });
    expect(offerRemedy(deps, owner, { complaintId, kind: 'apology', description: 'Sorry.' }).ok).toBe(false);
    expect(
      offerRemedy(deps, { ...manager, teamId: TEAM_B }, { complaintId, kind: 'apology', description: 'Sorry.' }).ok,
    ).toBe(true);
  });
});

describe('post-resolution actions', () => {
  it('are added for a business area and closed by its owner from the dashboard', () => {
    const complaintId = complaint();
    const before = counts();
    const { actionId } = value(
      addAction(deps, agent, {
        complaintId,
        businessAreaKey: 'repairs',
        description: 'Treat the mould and fix the leak; inspect afterwards.',
        dueDate: '2024-12-27',
      }),
    );
    expect(counts()).toMatchObject({ actions: before.actions + 1, timeline: before.timeline + 1 });
    const unknownArea = addAction(deps, agent, { complaintId, businessAreaKey: 'nowhere', description: 'x' });
    expect(!unknownArea.ok && unknownArea.error.code === 'invalid-input' && unknownArea.error.fields).toEqual([
      { path: 'businessAreaKey', message: 'no such business area' },
    ]);
    // The owner sees their area's open actions; overdue once the due date has passed.
    today = '2024-12-30' as IsoDate;
    let board = actionsDashboard(desk.db, { areas: ['repairs'], today });
    expect(board.actions).toHaveLength(1);
    // With the case's team, so the commands can be disabled for a user of another team before the use case refuses.
    expect(board.actions[0]).toMatchObject({
      id: actionId,
      status: 'open',
      overdue: true,
      areaName: 'Repairs',
      caseTeamId: TEAM_A,
    });
    expect(board.counts).toEqual([{ areaKey: 'repairs', areaName: 'Repairs', open: 1, inProgress: 0, overdue: 1 }]);

    value(updateAction(deps, owner, { complaintId, actionId, status: 'in-progress', note: 'Contractor booked.' }));
    const back = updateAction(deps, owner, { complaintId, actionId, status: 'open' });
    expect(!back.ok && back.error.message).toBe('an action cannot go back to open');
    const cancelNoReason = updateAction(deps, owner, { complaintId, actionId, status: 'cancelled' });
    expect(!cancelNoReason.ok && cancelNoReason.error.code === 'invalid-input' && cancelNoReason.error.fields).toEqual([
      { path: 'note', message: 'say why the action is cancelled' },
    ]);
    value(updateAction(deps, owner, { complaintId, actionId, status: 'done', note: 'Treated and inspected.' }));
    const closed = updateAction(deps, owner, { complaintId, actionId, status: 'done' });
    expect(!closed.ok && closed.error.message).toBe('this action is already closed (Done)');
    board = actionsDashboard(desk.db, { areas: ['repairs'], today });
    expect(board.actions).toHaveLength(0);
    const row = caseRemedies(desk.db, complaintId).actions[0];
    expect(row).toMatchObject({ status: 'done', closedDate: '2024-12-30', lastUpdateNote: 'Treated and inspected.' });
  });

  it('lets a business-area owner update only the actions of the areas they own', () => {
    const complaintId = complaint();
    const { actionId } = value(
      addAction(deps, agent, { complaintId, businessAreaKey: 'asb', description: 'Weekly update calls.' }),
    );
    const r = updateAction(deps, owner, { complaintId, actionId, status: 'in-progress' });
    expect(!r.ok && r.error).toEqual({
      code: 'forbidden',
      message: 'only the owner of Anti-social behaviour updates its actions',
    });
    expect(addAction(deps, owner, { complaintId, businessAreaKey: 'repairs', description: 'x' }).ok).toBe(false);
    const outside = updateAction(deps, otherTeamAgent, { complaintId, actionId, status: 'in-progress' });
    expect(!outside.ok && outside.error.message).toContain('belongs to another team');
    expect(updateAction(deps, manager, { complaintId, actionId, status: 'in-progress' }).ok).toBe(true);
  });
});
