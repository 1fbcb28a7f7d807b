// A desk's outbox replayed on another store reaches exactly the same rows: the property the server's
// re-checking of every mutation relies on (same use case, same rules, the desk's time, ids and references).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replayDeps, ReplayExhausted } from '../../shared/app/replay.js';
import {
  USE_CASES,
  complaintCommand,
  convertToComplaint,
  logContact,
  addNote,
  assignComplaint,
  type MutationPayload,
  type UseCaseName,
} from '../../shared/app/use-cases.js';
import type { Actor, Clock } from '../../shared/app/ports.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { createDeskDeps } from '../../db/sqlite/desk-core.js';
import { pendingOutbox, type DeskDatabase } from '../../db/sqlite/index.js';
import { AGENT, AGENT2, DESK_ID, LEADER, TEAM_A, idFactory, openTemp, seedDesk, tempDir } from './fixtures.js';

const agent: Actor = { userId: AGENT, roles: ['agent'], teamId: TEAM_A, deskId: DESK_ID };
const leader: Actor = { userId: LEADER, roles: ['team-leader'], teamId: TEAM_A, deskId: DESK_ID };

let tmp: ReturnType<typeof tempDir>;
let a: DeskDatabase;
let b: DeskDatabase;

beforeEach(() => {
  tmp = tempDir();
  a = openTemp(tmp.dir, 'a.db');
  b = openTemp(tmp.dir, 'b.db');
  seedDesk(a.db, 'AAA1');
  seedDesk(b.db, 'BBB2');
});
afterEach(() => {
  a.close();
  b.close();
  tmp.cleanup();
});

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const dump = (d: DeskDatabase, sql: string) => d.db.prepare(sql).all();

describe('replaying a desk’s outbox', () => {
  it('reproduces the same contacts, people, complaints, timeline and notes on another store', () => {
    let today = '2025-03-03' as IsoDate;
    const clock: Clock = { nowIso: () => `${today}T09:30:00.000Z`, today: () => today };
    const settings = { region: 'england-and-wales' as const, profileAssignments: [] };
    const depsA = createDeskDeps(a, { settings, clock, ids: { next: idFactory(1_740_000_000_000) } });

    const { contactId } = must(
      logContact(depsA, agent, {
        channel: 'email',
        madeBy: 'representative',
        person: { givenName: 'Priya', familyName: 'Shah', postcode: 'M14 5RA' },
        representative: {
          givenName: 'Ian',
          familyName: 'Shah',
          relationship: 'family',
          authorisationKind: 'signed-form',
        },
        whatHappened: 'Boiler broken for a week with a baby in the flat.',
        dissatisfaction: true,
      }),
    );
    const { complaintId } = must(
      convertToComplaint(depsA, agent, { contactId, reason: 'resident-asked', residentOfferedChoice: true }),
    );
    must(complaintCommand(depsA, agent, { complaintId, command: { type: 'accept' } }));
    today = '2025-03-04' as IsoDate;
    must(
      complaintCommand(depsA, agent, {
        complaintId,
        command: {
          type: 'acknowledge',
          understanding: 'No heating or hot water.',
          outcomeSought: 'Boiler fixed; compensation.',
        },
      }),
    );
    must(addNote(depsA, agent, { complaintId, body: 'Engineer booked for Thursday.' }));
    must(assignComplaint(depsA, leader, { complaintId, assigneeId: AGENT2 }));

    const outbox = pendingOutbox(a.db, 100);
    expect(outbox.map((m) => m.useCase)).toEqual([
      'log-contact',
      'convert-to-complaint',
      'complaint-command',
      'complaint-command',
      'add-note',
      'assign',
    ]);
    const actors: Record<string, Actor> = { [AGENT]: agent, [LEADER]: leader };
    const baseB = createDeskDeps(b, { settings });
    for (const m of outbox) {
      const actor = actors[m.actorId];
      if (!actor) throw new Error(m.actorId);
      const r = USE_CASES[m.useCase as UseCaseName](
        replayDeps(baseB, { mutationId: m.mutationId, hlc: m.hlc, payload: m.payload as MutationPayload }),
        actor,
        (m.payload as MutationPayload).input,
      );
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }

    for (const sql of [
      'SELECT * FROM contacts ORDER BY id',
      'SELECT * FROM people ORDER BY id',
      'SELECT * FROM representations ORDER BY id',
      'SELECT * FROM complaints ORDER BY id',
      'SELECT * FROM timeline_events ORDER BY id',
      'SELECT * FROM notes ORDER BY id',
      'SELECT stage_key, stage_number, status, acknowledged_date, definition, response_due_date FROM complaint_stages ORDER BY stage_number',
      'SELECT kind, due_date, status FROM deadlines ORDER BY kind, due_date, status',
    ]) {
      expect(dump(b, sql), sql).toEqual(dump(a, sql));
    }
    expect(dump(a, 'SELECT reference FROM complaints')).toEqual([{ reference: 'CMP-AAA1-000002' }]);
  });

  it('refuses a payload that does not carry the ids the use case needs', () => {
    const settings = { region: 'england-and-wales' as const, profileAssignments: [] };
    const payload: MutationPayload = {
      input: { channel: 'phone', madeBy: 'anonymous', whatHappened: 'x' },
      context: {
        now: '2025-03-03T09:00:00Z',
        today: '2025-03-03' as IsoDate,
        ids: [],
        references: ['ENQ-AAA1-000001'],
      },
    };
    expect(() =>
      logContact(
        replayDeps(createDeskDeps(b, { settings }), {
          mutationId: '01950000-0000-7000-8000-000000000001',
          hlc: '000001740000000-0000-desk',
          payload,
        }),
        agent,
        payload.input,
      ),
    ).toThrow(ReplayExhausted);
    expect(dump(b, 'SELECT count(*) AS n FROM contacts')).toEqual([{ n: 0 }]);
  });
});
