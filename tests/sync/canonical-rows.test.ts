// The server's canonical rows (shared/app/sync-rows.ts) are exactly the desk's SQLite rows for the same use
// cases: every column of every synced table, value for value. If desk-core.ts or writes.ts changes how it
// writes a row and sync-rows.ts does not follow (or the reverse), this fails.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeskDeps } from '../../db/sqlite/desk-core.js';
import { pendingOutbox, type DeskDatabase } from '../../db/sqlite/index.js';
import type { Actor, Clock } from '../../shared/app/ports.js';
import { replayDeps } from '../../shared/app/replay.js';
import { RowUnitOfWork, SYNC_TABLES, rowKey, type CanonicalRow } from '../../shared/app/sync-rows.js';
import { USE_CASES, USE_CASE_NAMES, type MutationPayload, type UseCaseName } from '../../shared/app/use-cases.js';
import { ENTITY_TYPES, SYNC_USE_CASES } from '../../shared/contracts/sync.js';
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

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('canonical rows', () => {
  it('keeps the contract’s lists of use cases and tables equal to shared/app’s', () => {
    expect([...SYNC_USE_CASES]).toEqual([...USE_CASE_NAMES]);
    expect([...ENTITY_TYPES]).toEqual([...SYNC_TABLES]);
  });

  it('are the desk’s SQLite rows, every column, for every use case', () => {
    let today = '2025-03-03' as IsoDate;
    const clock: Clock = { nowIso: () => `${today}T09:30:00.000Z`, today: () => today };
    const settings = { region: 'england-and-wales' as const, profileAssignments: [] };
    const deps = createDeskDeps(a, { settings, clock, ids: { next: idFactory(1_740_000_000_000) } });
    const { contactId } = must(
      USE_CASES['log-contact'](deps, agent, {
        channel: 'email',
        madeBy: 'representative',
        person: { givenName: 'Priya', familyName: 'Shah', postcode: 'M14 5RA', email: 'p@example.org' },
        representative: {
          givenName: 'Ian',
          familyName: 'Shah',
          relationship: 'family',
          authorisationKind: 'signed-form',
        },
        whatHappened: 'Boiler broken.',
        outcomeWanted: 'Fix it.',
        categoryKey: 'damp-mould',
        dissatisfaction: true,
        adjustments: { supports: ['large-print', 'translation'], language: 'Polish', preferredChannel: 'letter' },
      }) as { ok: true; value: { contactId: string } },
    );
    const other = must(
      USE_CASES['log-contact'](deps, agent, { channel: 'phone', madeBy: 'anonymous', whatHappened: 'Noise.' }) as {
        ok: true;
        value: { contactId: string };
      },
    );
    must(USE_CASES['resolve-enquiry'](deps, agent, { contactId: other.contactId, resolution: 'Explained.' }));
    // A petition registered with its contact: the group, its members and the nominated signatory.
    must(
      USE_CASES['log-contact'](deps, agent, {
        channel: 'letter',
        madeBy: 'group',
        group: {
          name: 'Residents of Marlowe House',
          members: [
            { givenName: 'Ada', familyName: 'Okoro', postcode: 'SE1 7PB' },
            { givenName: 'Bill', familyName: 'Nash' },
          ],
          signatory: 1,
        },
        whatHappened: 'The lift has been out of order for six weeks.',
        dissatisfaction: true,
      }),
    );
    const { complaintId } = must(
      USE_CASES['convert-to-complaint'](deps, agent, {
        contactId,
        reason: 'resident-asked',
        residentOfferedChoice: true,
      }) as { ok: true; value: { complaintId: string } },
    );
    const steps: [Actor, Record<string, unknown>][] = [
      [agent, { type: 'accept' }],
      [agent, { type: 'acknowledge', understanding: 'No heat.', outcomeSought: 'Heat.' }],
      [agent, { type: 'respond', decision: 'partly-upheld' }],
      [agent, { type: 'request-escalation' }],
      [leader, { type: 'acknowledge', understanding: 'Still no heat.', outcomeSought: 'Compensation.' }],
      [leader, { type: 'respond', decision: 'upheld' }],
    ];
    for (const [who, command] of steps) {
      today = (today < '2025-03-05' ? '2025-03-05' : '2025-03-10') as IsoDate;
      must(USE_CASES['complaint-command'](deps, who, { complaintId, command }));
    }
    must(USE_CASES['add-note'](deps, agent, { complaintId, body: 'Engineer booked.' }));
    must(USE_CASES.assign(deps, leader, { complaintId, assigneeId: AGENT2 }));
    // Last-writer-wins edits (field_hlcs on both rows; tests/sync/canonical-rows-merge.test.ts has the rest).
    must(USE_CASES['update-complaint-details'](deps, agent, { complaintId, outcomeWanted: 'Fix it this week.' }));
    const personId = (
      a.db.prepare('SELECT person_id FROM complaints WHERE id = ?').get(complaintId) as {
        person_id: string;
      }
    ).person_id;
    must(USE_CASES['update-person'](deps, agent, { personId, complaintId, phone: '0161 496 0000' }));
    must(
      USE_CASES['add-correspondence'](deps, agent, {
        complaintId,
        direction: 'outbound',
        channel: 'letter',
        counterparty: 'Priya Shah',
        subject: 'Your complaint',
        body: 'Dear Ms Shah',
        occurredAt: `${today}T08:00:00.000Z`,
      }),
    );

    const rows = new Map<string, CanonicalRow>();
    const uow = new RowUnitOfWork(rows, {
      userExists: (id) => [AGENT, AGENT2, LEADER].includes(id),
      personExists: () => false,
      referenceExists: seededReferenceExists,
      regionForProperty: () => null,
      businessArea: () => null,
    });
    const actors: Record<string, Actor> = { [AGENT]: agent, [LEADER]: leader };
    const outbox = pendingOutbox(a.db, 100);
    expect(outbox).toHaveLength(16);
    for (const m of outbox) {
      const payload = m.payload as MutationPayload;
      const r = USE_CASES[m.useCase as UseCaseName](
        replayDeps({ uow, hlc: { next: () => m.hlc }, settings }, { mutationId: m.mutationId, hlc: m.hlc, payload }),
        actors[m.actorId] ?? agent,
        payload.input,
      );
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
    for (const table of SYNC_TABLES) {
      const columns = (a.db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name).sort();
      // SELECT * also returns generated columns (complaints.queue_date), which are no one's to sync.
      const desk = a.db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY id`).all() as Record<
        string,
        unknown
      >[];
      const server = [...rows.entries()]
        .filter(([k]) => k.startsWith(`${table}:`))
        .map(([, v]) => v)
        .sort((x, y) => String(x.id).localeCompare(String(y.id)));
      expect(server.length, table).toBe(desk.length);
      for (const row of server) expect(Object.keys(row).sort(), table).toEqual(columns);
      expect(server, table).toEqual(desk);
      expect(rows.has(rowKey(table, 'nothing'))).toBe(false);
    }
  });
});
