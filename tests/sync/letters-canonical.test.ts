// Letters and the weekly calibration as canonical rows: the letter use cases replayed on the server's
// RowStore give exactly the desk's SQLite rows (every column of the letter tables, and the complaint the send
// date moved), and the server's replay of a second draw of a week already drawn is refused.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeskDeps } from '../../db/sqlite/desk-core.js';
import { pendingOutbox, type DeskDatabase } from '../../db/sqlite/index.js';
import { LETTER_TABLES } from '../../shared/app/letter-ports.js';
import type { Actor, Clock } from '../../shared/app/ports.js';
import { replayDeps } from '../../shared/app/replay.js';
import { RowUnitOfWork, type CanonicalRow } from '../../shared/app/sync-rows.js';
import { USE_CASES, type MutationPayload, type UseCaseName } from '../../shared/app/use-cases.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { CALIBRATION_CRITERIA } from '../../shared/domain/letters/types.js';
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
// The fixtures have three users; the manager and administrator roles are given to the second agent here.
const manager: Actor = { userId: AGENT2, roles: ['manager'], teamId: TEAM_A, deskId: DESK_ID };
const admin: Actor = { userId: AGENT2, roles: ['administrator'], teamId: null, deskId: DESK_ID };

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
const doc = (text: string) => ({ html: text, contentSha256: createHash('sha256').update(text).digest('hex') });

describe('letters as canonical rows', () => {
  it('replayed on the RowStore, every letter use case writes the desk’s rows exactly', () => {
    let today = '2025-05-06' as IsoDate; // Tuesday, after the Early May bank holiday (Mon 5 May 2025)
    const clock: Clock = { nowIso: () => `${today}T09:30:00.000Z`, today: () => today };
    const settings = { region: 'england-and-wales' as const, profileAssignments: [] };
    const deps = createDeskDeps(a, { settings, clock, ids: { next: idFactory(1_746_000_000_000) } });
    const { contactId } = must(
      USE_CASES['log-contact'](deps, agent, {
        channel: 'email',
        madeBy: 'resident',
        person: { givenName: 'Priya', familyName: 'Shah' },
        whatHappened: 'Boiler broken <script>x</script>.',
        dissatisfaction: true,
      }) as { ok: true; value: { contactId: string } },
    );
    const { complaintId } = must(
      USE_CASES['convert-to-complaint'](deps, agent, {
        contactId,
        reason: 'resident-asked',
        residentOfferedChoice: true,
      }) as {
        ok: true;
        value: { complaintId: string };
      },
    );
    must(USE_CASES['complaint-command'](deps, agent, { complaintId, command: { type: 'accept' } }));
    must(
      USE_CASES['save-letter-template'](deps, admin, {
        kind: 'acknowledgement',
        profileFamily: null,
        name: 'Acknowledgement v2',
        sections: [
          { key: 'opening', heading: null, mode: 'fixed', text: 'Dear {{person.name}}', provides: [] },
          {
            key: 'stage',
            heading: 'Your complaint',
            mode: 'fixed',
            text: 'Stage: {{case.stage}}',
            provides: ['complaint-stage'],
          },
          {
            key: 'understanding',
            heading: 'What we understand',
            mode: 'free',
            text: 'g',
            provides: ['complaint-definition'],
          },
          { key: 'outcome-sought', heading: 'What you want', mode: 'free', text: 'g', provides: ['outcome-sought'] },
          { key: 'next-steps', heading: null, mode: 'fixed', text: 'By {{case.respondBy}}.', provides: ['next-steps'] },
        ],
      }),
    );
    const { letterId } = must(
      USE_CASES['create-letter'](deps, agent, { complaintId, kind: 'acknowledgement' }) as {
        ok: true;
        value: { letterId: string };
      },
    );
    must(USE_CASES['save-letter'](deps, agent, { letterId, sections: { understanding: 'No heat.' } }));
    must(USE_CASES['save-letter'](deps, agent, { letterId, sections: { 'outcome-sought': 'Heat.' } }));
    must(USE_CASES['submit-letter'](deps, agent, { letterId, ...doc('<p>v1</p>') }));
    must(USE_CASES['return-letter'](deps, leader, { letterId, comments: 'Say when.' }));
    must(USE_CASES['submit-letter'](deps, agent, { letterId, ...doc('<p>v2</p>') }));
    must(USE_CASES['authorise-letter'](deps, leader, { letterId }));
    today = '2025-05-07' as IsoDate;
    must(
      USE_CASES['send-letter'](deps, agent, {
        letterId,
        channel: 'post',
        sentDate: '2025-05-07',
        ...doc('<p>sent</p>'),
      }),
    );
    // A second letter, authorised the same week, and the week's draw and score.
    const second = must(
      USE_CASES['create-letter'](deps, agent, { complaintId, kind: 'cyber-incident-apology' }) as {
        ok: true;
        value: { letterId: string };
      },
    );
    must(
      USE_CASES['save-letter'](deps, agent, {
        letterId: second.letterId,
        sections: { apology: 'Sorry.', 'action-plan': 'Fix.' },
      }),
    );
    must(USE_CASES['submit-letter'](deps, agent, { letterId: second.letterId, ...doc('<p>a</p>') }));
    must(USE_CASES['authorise-letter'](deps, leader, { letterId: second.letterId }));
    today = '2025-05-12' as IsoDate;
    const population = [{ teamLeaderId: LEADER, letterIds: [letterId, second.letterId] }];
    const { drawId } = must(
      USE_CASES['draw-calibration'](deps, manager, { weekStart: '2025-05-05', population }) as {
        ok: true;
        value: { drawId: string };
      },
    );
    // The same week again is refused: a draw is never re-rolled.
    expect(USE_CASES['draw-calibration'](deps, manager, { weekStart: '2025-05-05', population })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    const items = a.db.prepare('SELECT id FROM calibration_items WHERE draw_id = ?').all(drawId) as { id: string }[];
    expect(items).toHaveLength(2); // fewer than 3 authorised: all of them
    must(
      USE_CASES['score-calibration'](deps, manager, {
        itemId: items[0]?.id,
        scores: Object.fromEntries(CALIBRATION_CRITERIA.map((c) => [c, 4])),
        agreement: 'agree',
        feedback: 'Good.',
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
    const outbox = pendingOutbox(a.db, 100);
    const actorOf = (useCase: string, actorId: string): Actor =>
      actorId === LEADER
        ? leader
        : useCase === 'save-letter-template'
          ? admin
          : useCase.includes('calibration')
            ? manager
            : agent;
    const replayOne = (m: (typeof outbox)[number]) => {
      const payload = m.payload as MutationPayload;
      return USE_CASES[m.useCase as UseCaseName](
        replayDeps({ uow, hlc: { next: () => m.hlc }, settings }, { mutationId: m.mutationId, hlc: m.hlc, payload }),
        actorOf(m.useCase, m.actorId),
        payload.input,
      );
    };
    for (const m of outbox) {
      const r = replayOne(m);
      expect(r.ok, `${m.useCase}: ${JSON.stringify(r)}`).toBe(true);
    }
    for (const table of [...LETTER_TABLES, 'complaints', 'timeline_events', 'correspondence'] as const) {
      const columns = (a.db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name).sort();
      const desk = a.db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY id`).all();
      const server = [...rows.entries()]
        .filter(([k]) => k.startsWith(`${table}:`))
        .map(([, v]) => v)
        .sort((x, y) => String(x.id).localeCompare(String(y.id)));
      expect(server.length, table).toBe(desk.length);
      expect(server, table).toEqual(desk);
    }
    // Another desk's draw of the same week, replayed on the server after the first: refused.
    const draw = outbox.find((m) => m.useCase === 'draw-calibration');
    if (!draw) throw new Error('no draw in the outbox');
    const otherDesk = {
      ...draw,
      mutationId: '01960000-0000-7000-8000-00000000dead',
      payload: {
        ...(draw.payload as MutationPayload),
        context: {
          ...(draw.payload as MutationPayload).context,
          ids: (draw.payload as MutationPayload).context.ids.map((id) => id.replace(/.$/, 'f')),
        },
      },
    };
    expect(replayOne(otherDesk)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
