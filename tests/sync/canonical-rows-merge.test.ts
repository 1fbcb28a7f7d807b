// Canonical rows for the sync-merge use cases (shared/app/merge-use-cases.ts): the server's RowStore writes
// exactly the desk's SQLite rows for detail edits, person edits, last-writer-wins assignment and a decision
// conflict's resolution — field_hlcs and the sync_conflicts row included. And the merge itself: replaying the
// same edits in another order on the RowStore ends with the same values (last writer by HLC wins).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeskDeps } from '../../db/sqlite/desk-core.js';
import { pendingOutbox, type DeskDatabase } from '../../db/sqlite/index.js';
import { detectDecisionConflict, parseFieldHlcs } from '../../shared/app/field-merge.js';
import type { Actor, Clock } from '../../shared/app/ports.js';
import { replayDeps } from '../../shared/app/replay.js';
import {
  RowUnitOfWork,
  SYNC_TABLES,
  conflictRow,
  rowKey,
  type CanonicalRow,
  type SyncTable,
} from '../../shared/app/sync-rows.js';
import { USE_CASES, type MutationPayload, type UseCaseName } from '../../shared/app/use-cases.js';
import type { CaseRecord } from '../../shared/domain/lifecycle/types.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import {
  AGENT,
  AGENT2,
  DESK_ID,
  LEADER,
  TEAM_A,
  idFactory,
  openTemp,
  seedDesk,
  seededReferenceExists,
  tempDir,
} from '../db/fixtures.js';

const agent: Actor = { userId: AGENT, roles: ['agent'], teamId: TEAM_A, deskId: DESK_ID };
const leader: Actor = { userId: LEADER, roles: ['team-leader'], teamId: TEAM_A, deskId: DESK_ID };
const actors: Record<string, Actor> = { [AGENT]: agent, [LEADER]: leader };
const settings = { region: 'england-and-wales' as const, profileAssignments: [] };
const CONFLICT_ID = '01940000-0000-7000-8000-00000000cf01';

let tmp: ReturnType<typeof tempDir>;
let a: DeskDatabase;
beforeEach(() => {
  tmp = tempDir();
  a = openTemp(tmp.dir, 'a.db');
  seedDesk(a.db, 'AAA1');
});
afterEach(() => {
  a.close();
  tmp.cleanup();
});

function must<T = Record<string, unknown>>(r: { ok: boolean; value?: unknown; error?: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}

function deskRows(table: SyncTable): Record<string, unknown>[] {
  const columns = (a.db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name).sort();
  return a.db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];
}

function serverRows(rows: Map<string, CanonicalRow>, table: SyncTable): CanonicalRow[] {
  return [...rows.entries()]
    .filter(([k]) => k.startsWith(`${table}:`))
    .map(([, v]) => v)
    .sort((x, y) => String(x.id).localeCompare(String(y.id)));
}

function newUow(rows: Map<string, CanonicalRow>): RowUnitOfWork {
  return new RowUnitOfWork(rows, {
    userExists: (id) => [AGENT, AGENT2, LEADER].includes(id),
    personExists: () => false,
    referenceExists: seededReferenceExists,
    regionForProperty: () => null,
    businessArea: () => null,
  });
}

function replay(uow: RowUnitOfWork, m: ReturnType<typeof pendingOutbox>[number]) {
  const payload = m.payload as MutationPayload;
  return USE_CASES[m.useCase as UseCaseName](
    replayDeps({ uow, hlc: { next: () => m.hlc }, settings }, { mutationId: m.mutationId, hlc: m.hlc, payload }),
    actors[m.actorId] ?? agent,
    payload.input,
  );
}

describe('canonical rows of the merge use cases', () => {
  it('are the desk’s SQLite rows, every column, field_hlcs and sync_conflicts included', () => {
    const today = '2025-03-03' as IsoDate;
    let minute = 0;
    const clock: Clock = {
      nowIso: () => `${today}T09:${String(++minute).padStart(2, '0')}:00.000Z`,
      today: () => today,
    };
    const deps = createDeskDeps(a, { settings, clock, ids: { next: idFactory(1_740_000_000_000) } });
    const run = (name: UseCaseName, who: Actor, input: unknown) => must(USE_CASES[name](deps, who, input));
    const { contactId } = run('log-contact', agent, {
      channel: 'phone',
      madeBy: 'resident',
      person: { givenName: 'Priya', familyName: 'Shah', phone: '0161 496 0000' },
      whatHappened: 'Boiler broken.',
      dissatisfaction: true,
    }) as { contactId: string };
    const { complaintId } = run('convert-to-complaint', agent, {
      contactId,
      reason: 'resident-asked',
      residentOfferedChoice: true,
    }) as { complaintId: string };
    const personId = (
      a.db.prepare('SELECT person_id FROM complaints WHERE id = ?').get(complaintId) as {
        person_id: string;
      }
    ).person_id;
    run('update-complaint-details', agent, {
      complaintId,
      summary: 'Boiler broken since 1 March; no hot water.',
      outcomeWanted: 'A working boiler and compensation.',
    });
    run('update-person', agent, {
      personId,
      complaintId,
      familyName: 'Shah-Khan',
      email: 'priya@example.org',
      postcode: 'm14 5ra',
    });
    run('update-person', agent, { personId, contactId, phone: null });
    run('update-contact', agent, {
      contactId,
      categoryKey: 'damp-mould',
      adjustments: { supports: ['translation', 'large-print'], language: 'Polish' },
    });
    run('update-contact', agent, {
      contactId,
      outcomeWanted: 'Heating back on.',
      adjustments: { preferredChannel: 'letter', detail: 'Calls after 4pm.' },
    });
    run('assign', leader, { complaintId, assigneeId: AGENT2 });
    for (const command of [
      { type: 'accept' },
      { type: 'acknowledge', understanding: 'No heat.', outcomeSought: 'Heat.' },
      { type: 'respond', decision: 'partly-upheld' },
    ]) {
      run('complaint-command', agent, { complaintId, command });
    }
    // A decision conflict as the server would have recorded it (another desk decided 'upheld' and lost), on
    // both sides; then a team leader resolves it in favour of that desk's decision.
    const stateOf = (row: { state_json: string; version: number; updated_hlc: string }) =>
      detectDecisionConflict(
        {
          mutationId: '01940000-0000-7000-8000-00000000cf02',
          deskId: DESK_ID,
          actorId: AGENT2,
          hlc: '001740000000000-0000-other-desk',
          command: { type: 'respond', decision: 'upheld' },
        },
        JSON.parse(row.state_json) as CaseRecord,
        { version: row.version, updatedHlc: row.updated_hlc },
      );
    const deskComplaint = a.db
      .prepare('SELECT state_json, version, updated_hlc FROM complaints WHERE id = ?')
      .get(complaintId) as { state_json: string; version: number; updated_hlc: string };
    const detected = stateOf(deskComplaint);
    expect(detected?.field).toBe('stage:stage1:decision');
    if (!detected) return;
    const conflict = conflictRow(CONFLICT_ID, detected, 'complaints', complaintId);
    const cols = Object.keys(conflict);
    a.db
      .prepare(`INSERT INTO sync_conflicts (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
      .run(...cols.map((c) => conflict[c]));
    run('resolve-conflict', leader, { conflictId: CONFLICT_ID, complaintId, resolution: 'local', note: 'Agreed.' });
    // Resolving it twice is refused.
    const again = USE_CASES['resolve-conflict'](deps, leader, {
      conflictId: CONFLICT_ID,
      complaintId,
      resolution: 'remote',
    });
    expect(again.ok).toBe(false);

    const rows = new Map<string, CanonicalRow>([[rowKey('sync_conflicts', CONFLICT_ID), conflict]]);
    const uow = newUow(rows);
    const outbox = pendingOutbox(a.db, 100);
    expect(outbox.map((m) => m.useCase)).toEqual([
      'log-contact',
      'convert-to-complaint',
      'update-complaint-details',
      'update-person',
      'update-person',
      'update-contact',
      'update-contact',
      'assign',
      'complaint-command',
      'complaint-command',
      'complaint-command',
      'resolve-conflict',
    ]);
    for (const m of outbox) expect(replay(uow, m).ok, m.useCase).toBe(true);
    for (const table of SYNC_TABLES) {
      const desk = deskRows(table);
      const server = serverRows(rows, table);
      expect(server.length, table).toBe(desk.length);
      for (const row of server) expect(Object.keys(row).sort(), table).toEqual(Object.keys(desk[0] ?? {}).sort());
      expect(server, table).toEqual(desk);
    }
    const complaint = deskRows('complaints')[0] as Record<string, string>;
    expect(complaint.summary).toBe('Boiler broken since 1 March; no hot water.');
    expect(JSON.parse(String(complaint.state_json)).stages[0].decision).toBe('upheld');
    expect(Object.keys(parseFieldHlcs(complaint.field_hlcs)).sort()).toEqual([
      'assignee_id',
      'outcome_wanted',
      'summary',
    ]);
    const person = deskRows('people')[0] as Record<string, unknown>;
    expect(person).toMatchObject({
      display_name: 'Priya Shah-Khan',
      email: 'priya@example.org',
      phone: null,
      postcode: 'M14 5RA',
    });
    expect(deskRows('sync_conflicts')[0]).toMatchObject({ resolution: 'local', resolved_by: LEADER, version: 2 });
    const contact = deskRows('contacts')[0] as Record<string, unknown>;
    expect(contact).toMatchObject({ category_key: 'damp-mould', outcome_wanted: 'Heating back on.', version: 4 });
    expect(JSON.parse(String(contact.adjustments_json))).toEqual({
      supports: ['large-print', 'translation'],
      language: 'Polish',
      preferredChannel: 'letter',
      detail: 'Calls after 4pm.',
    });
    expect(Object.keys(JSON.parse(String(contact.field_hlcs))).sort()).toEqual([
      'adjustments.detail',
      'adjustments.language',
      'adjustments.preferredChannel',
      'adjustments.supports',
      'category_key',
      'outcome_wanted',
    ]);
  });

  it('converges on the last writer by HLC whatever order the edits are replayed in', () => {
    const today = '2025-03-03' as IsoDate;
    let minute = 0;
    const clock: Clock = {
      nowIso: () => `${today}T10:${String(++minute).padStart(2, '0')}:00.000Z`,
      today: () => today,
    };
    const deps = createDeskDeps(a, { settings, clock, ids: { next: idFactory(1_740_100_000_000) } });
    const run = (name: UseCaseName, who: Actor, input: unknown) => must(USE_CASES[name](deps, who, input));
    const { contactId } = run('log-contact', agent, {
      channel: 'phone',
      madeBy: 'resident',
      person: { givenName: 'Tom', familyName: 'Ng' },
      whatHappened: 'Leak.',
      dissatisfaction: true,
    }) as { contactId: string };
    const { complaintId } = run('convert-to-complaint', agent, {
      contactId,
      reason: 'resident-asked',
      residentOfferedChoice: true,
    }) as { complaintId: string };
    run('update-complaint-details', agent, { complaintId, summary: 'first', outcomeWanted: 'one' });
    run('update-complaint-details', agent, { complaintId, summary: 'second' });
    run('assign', leader, { complaintId, assigneeId: AGENT2 });
    run('update-complaint-details', agent, { complaintId, outcomeWanted: 'three', categoryKey: null });
    run('assign', leader, { complaintId, assigneeId: LEADER });
    const outbox = pendingOutbox(a.db, 100);
    const [log, convert, ...edits] = outbox;
    if (!log || !convert) throw new Error('no outbox');
    const desk = deskRows('complaints')[0];
    // Every order of the five edits (after the case exists) ends in the same row, field for field.
    const orders = [
      [0, 1, 2, 3, 4],
      [4, 3, 2, 1, 0],
      [2, 0, 4, 1, 3],
      [3, 4, 0, 2, 1],
    ];
    for (const order of orders) {
      const rows = new Map<string, CanonicalRow>();
      const uow = newUow(rows);
      expect(replay(uow, log).ok).toBe(true);
      expect(replay(uow, convert).ok).toBe(true);
      for (const i of order) {
        const m = edits[i];
        if (!m) throw new Error('missing edit');
        expect(replay(uow, m).ok, `${order.join()} ${m.useCase}`).toBe(true);
      }
      const server = serverRows(rows, 'complaints')[0];
      const pick = (r: Record<string, unknown> | undefined) => ({
        summary: r?.summary,
        outcome_wanted: r?.outcome_wanted,
        category_key: r?.category_key,
        assignee_id: r?.assignee_id,
        field_hlcs: r?.field_hlcs,
      });
      expect(pick(server), order.join()).toEqual(pick(desk));
      expect(pick(server)).toMatchObject({
        summary: 'second',
        outcome_wanted: 'three',
        category_key: null,
        assignee_id: LEADER,
      });
    }
  });
});
