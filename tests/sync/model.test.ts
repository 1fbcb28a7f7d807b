// A model-based property test: three desks doing random use cases through random partitions, lost answers,
// replayed and re-ordered pushes, desk restarts and time passing — concurrent edits of the same fields and
// concurrent, different decisions on the same case among them. After healing, every desk and the server hold
// identical data (field for field, conflicts included), every accepted mutation is there exactly once, no
// acknowledged write is lost, each edited field holds the value of its greatest-HLC accepted edit, and every
// recorded conflict belongs to a decision the server rejected.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_PROTOCOL_VERSION } from '../../shared/contracts/sync.js';
import { call } from '../server/helpers.js';
import type { TestPostgres } from '../server/postgres.js';
import { World, deskDump, startWorldPostgres, type Dump, type TestDesk } from './harness.js';

// Seeded; another seed or more runs: SYNC_MODEL_SEED=7 SYNC_MODEL_RUNS=100 npx vitest run tests/sync/model.test.ts
const SEED = Number(process.env.SYNC_MODEL_SEED ?? 4242);
const RUNS = Number(process.env.SYNC_MODEL_RUNS ?? 15);

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startWorldPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

const COMMANDS = [
  { type: 'accept' },
  { type: 'acknowledge', understanding: 'As the resident put it.', outcomeSought: 'A repair.' },
  { type: 'respond', decision: 'upheld' },
  { type: 'request-escalation' },
  { type: 'withdraw', reason: 'Resident withdrew.' },
] as const;

const DECISIONS = ['upheld', 'partly-upheld', 'not-upheld'] as const;
const desk = fc.integer({ min: 0, max: 2 });
const pick = fc.nat({ max: 50 });
const action = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('log' as const), d: desk, anonymous: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('resolve' as const), d: desk, i: pick }) },
  { weight: 5, arbitrary: fc.record({ k: fc.constant('convert' as const), d: desk, i: pick }) },
  {
    weight: 6,
    arbitrary: fc.record({ k: fc.constant('cmd' as const), d: desk, i: pick, c: fc.integer({ min: 0, max: 4 }) }),
  },
  { weight: 12, arbitrary: fc.record({ k: fc.constant('next-step' as const), d: desk, i: pick }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('note' as const), d: desk, i: pick }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('assign' as const), d: desk, i: pick }) },
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant('edit' as const),
      d: desk,
      i: pick,
      field: fc.constantFrom('summary' as const, 'outcomeWanted' as const),
      v: fc.integer({ min: 0, max: 9 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('edit-person' as const), d: desk, i: pick, v: fc.nat(99) }) },
  {
    weight: 6,
    arbitrary: fc.record({ k: fc.constant('decide' as const), d: desk, i: pick, c: fc.integer({ min: 0, max: 2 }) }),
  },
  {
    weight: 10,
    arbitrary: fc.record({ k: fc.constant('collide' as const), d: desk, i: pick, c: fc.integer({ min: 0, max: 2 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant('settle' as const),
      d: fc.constant(2),
      i: pick,
      r: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 5, arbitrary: fc.record({ k: fc.constant('sync' as const), d: desk }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('lose-answer' as const), d: desk }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('partition' as const), d: desk, up: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('restart' as const), d: desk }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('replay' as const), d: desk, reverse: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('time' as const), hours: fc.integer({ min: 1, max: 72 }) }) },
  // Putting things right: offers and their steps, actions and theirs, often on the same rows from two desks.
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant('remedy' as const),
      d: desk,
      i: pick,
      money: fc.boolean(),
      s: fc.integer({ min: 0, max: 4 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('remedy-step' as const),
      d: desk,
      i: pick,
      s: fc.integer({ min: 0, max: 4 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ k: fc.constant('action' as const), d: desk, i: pick, s: fc.integer({ min: 0, max: 2 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('action-step' as const),
      d: desk,
      i: pick,
      s: fc.integer({ min: 0, max: 2 }),
    }),
  },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

const REMEDY_STEPS = [
  { step: 'accept' },
  { step: 'refuse', note: 'Not enough.' },
  { step: 'mark-paid' },
  { step: 'withdraw', note: 'Offered in error.' },
  { step: 'reconsider', newEvidence: 'A receipt for the carpet.' },
] as const;
const ACTION_STATUSES = ['in-progress', 'done', 'cancelled'] as const;

function rowOf(d: TestDesk, table: 'remedies' | 'post_resolution_actions', i: number) {
  const all = d.store.db.prepare(`SELECT id, complaint_id FROM ${table} ORDER BY id`).all() as {
    id: string;
    complaint_id: string;
  }[];
  return all.length ? all[i % all.length] : undefined;
}

function ids(d: TestDesk, table: 'contacts' | 'complaints'): string[] {
  return (d.store.db.prepare(`SELECT id FROM ${table} ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
}

async function perform(w: World, desks: TestDesk[], a: Action, lossy: Set<TestDesk>): Promise<void> {
  if (a.k === 'time') {
    w.advance(a.hours * 3600_000);
    return;
  }
  const d = desks[a.d];
  if (!d) return;
  const nth = (table: 'contacts' | 'complaints', i: number) => {
    const all = ids(d, table);
    return all.length ? all[i % all.length] : undefined;
  };
  switch (a.k) {
    case 'log':
      d.run('log-contact', {
        channel: 'phone',
        madeBy: a.anonymous ? 'anonymous' : 'resident',
        ...(a.anonymous ? {} : { person: { givenName: 'Res', familyName: `Ident ${a.d}` } }),
        whatHappened: `Logged on ${d.name}`,
        dissatisfaction: true,
      });
      return;
    case 'resolve': {
      const contactId = nth('contacts', a.i);
      if (contactId) d.run('resolve-enquiry', { contactId, resolution: 'Sorted.' });
      return;
    }
    case 'convert': {
      const open = (
        d.store.db.prepare("SELECT id FROM contacts WHERE status = 'open' ORDER BY id").all() as { id: string }[]
      ).map((r) => r.id);
      const contactId = open[a.i % Math.max(open.length, 1)];
      if (contactId)
        d.run('convert-to-complaint', { contactId, reason: 'resident-asked', residentOfferedChoice: true });
      return;
    }
    case 'cmd': {
      const complaintId = nth('complaints', a.i);
      if (complaintId) d.run('complaint-command', { complaintId, command: COMMANDS[a.c] });
      return;
    }
    case 'next-step': {
      // The natural next step of the case as this desk sees it: concurrent desks race on the same transition.
      const complaintId = nth('complaints', a.i);
      if (!complaintId) return;
      const row = d.store.db.prepare('SELECT status, stage_status FROM complaints WHERE id = ?').get(complaintId) as {
        status: string;
        stage_status: string | null;
      };
      const next =
        row.status === 'screening'
          ? COMMANDS[0]
          : row.stage_status === 'entered'
            ? COMMANDS[1]
            : row.stage_status === 'acknowledged'
              ? { type: 'respond', decision: DECISIONS[(a.i + a.d) % 3] }
              : COMMANDS[3];
      d.run('complaint-command', { complaintId, command: next });
      return;
    }
    case 'remedy': {
      const complaintId = nth('complaints', a.i);
      if (complaintId) {
        d.run(
          'offer-remedy',
          a.money
            ? {
                complaintId,
                kind: 'financial',
                compensationKind: 'discretionary',
                amountPence: 1_000 + a.i,
                description: `Compensation from ${d.name}`,
              }
            : { complaintId, kind: 'apology', description: `Apology from ${d.name}` },
        );
      }
      // Complaints are few in a run: each offer is followed by a step on one of the desk's offers.
      const r = rowOf(d, 'remedies', a.i + a.s);
      if (r) d.run('remedy-step', { complaintId: r.complaint_id, remedyId: r.id, ...REMEDY_STEPS[a.s] });
      return;
    }
    case 'remedy-step': {
      // Mostly refused locally when the step does not fit the row's status; those that run may collide.
      const r = rowOf(d, 'remedies', a.i);
      if (r) d.run('remedy-step', { complaintId: r.complaint_id, remedyId: r.id, ...REMEDY_STEPS[a.s] });
      return;
    }
    case 'action': {
      const complaintId = nth('complaints', a.i);
      if (complaintId) {
        d.run('add-action', { complaintId, businessAreaKey: 'repairs', description: `Action from ${d.name}` });
      }
      const r = rowOf(d, 'post_resolution_actions', a.i + a.s);
      const status = ACTION_STATUSES[a.s] ?? 'done';
      if (r) {
        d.run('update-action', {
          complaintId: r.complaint_id,
          actionId: r.id,
          status,
          ...(status === 'cancelled' ? { note: 'No longer needed.' } : {}),
        });
      }
      return;
    }
    case 'action-step': {
      const r = rowOf(d, 'post_resolution_actions', a.i);
      const status = ACTION_STATUSES[a.s] ?? 'done';
      if (r) {
        d.run('update-action', {
          complaintId: r.complaint_id,
          actionId: r.id,
          status,
          ...(status === 'cancelled' ? { note: 'No longer needed.' } : {}),
        });
      }
      return;
    }
    case 'note': {
      const complaintId = nth('complaints', a.i);
      if (complaintId) d.run('add-note', { complaintId, body: `Note from ${d.name}` });
      return;
    }
    case 'assign': {
      const complaintId = nth('complaints', a.i);
      if (complaintId) d.run('assign', { complaintId, assigneeId: w.user('ben').id });
      return;
    }
    case 'edit': {
      // Concurrent edits of the same few fields, with values that collide across desks.
      const complaintId = nth('complaints', a.i);
      if (complaintId) d.run('update-complaint-details', { complaintId, [a.field]: `${a.field} ${a.v} by ${d.name}` });
      return;
    }
    case 'edit-person': {
      const complaintId = nth('complaints', a.i);
      const row = complaintId
        ? (d.store.db.prepare('SELECT person_id FROM complaints WHERE id = ?').get(complaintId) as {
            person_id: string | null;
          })
        : undefined;
      if (complaintId && row?.person_id) {
        d.run('update-person', {
          personId: row.person_id,
          complaintId,
          phone: `0161 496 ${String(a.v).padStart(4, '0')}`,
        });
      }
      return;
    }
    case 'decide': {
      // A stage decision on a case awaiting one, different on different desks: concurrent ones become
      // recorded conflicts.
      const waiting = (
        d.store.db.prepare("SELECT id FROM complaints WHERE stage_status = 'acknowledged' ORDER BY id").all() as {
          id: string;
        }[]
      ).map((r) => r.id);
      const complaintId = waiting[a.i % Math.max(waiting.length, 1)];
      if (complaintId) {
        d.run('complaint-command', { complaintId, command: { type: 'respond', decision: DECISIONS[a.c] } });
      }
      return;
    }
    case 'collide': {
      // Two desks that both see the same case act on it before either syncs: the same field edited to different
      // values, or different decisions recorded (the first desk takes the case to where it awaits a decision).
      const e = desks[(a.d + 1) % desks.length];
      if (!e || e === d) return;
      // Both catch up first (if their links are up), so they are likely to share the case's state.
      await d.sync();
      await e.sync();
      const stageOf = (x: TestDesk, id: string) =>
        x.store.db.prepare('SELECT status, stage_status FROM complaints WHERE id = ?').get(id) as
          { status: string; stage_status: string | null } | undefined;
      const shared = ids(d, 'complaints').filter((id) => stageOf(e, id) !== undefined);
      const complaintId = shared[a.i % Math.max(shared.length, 1)];
      if (!complaintId) return;
      if (a.c === 2) {
        d.run('update-complaint-details', { complaintId, summary: `Told ${d.name} ${a.i}` });
        e.run('update-complaint-details', { complaintId, summary: `Told ${e.name} ${a.i}`, outcomeWanted: `${a.c}` });
        return;
      }
      for (let step = 0; step < 2; step++) {
        const s = stageOf(d, complaintId);
        if (s?.status === 'screening') d.run('complaint-command', { complaintId, command: COMMANDS[0] });
        else if (s?.stage_status === 'entered') d.run('complaint-command', { complaintId, command: COMMANDS[1] });
      }
      await d.sync();
      await e.sync();
      if (stageOf(d, complaintId)?.stage_status === 'acknowledged') {
        d.run('complaint-command', { complaintId, command: { type: 'respond', decision: DECISIONS[a.c] } });
        e.run('complaint-command', { complaintId, command: { type: 'respond', decision: DECISIONS[a.c + 1] } });
      }
      return;
    }
    case 'settle': {
      // The team leader's desk (desk 2) decides an open conflict it has pulled.
      const lee = d;
      const open = lee
        ? (lee.store.db
            .prepare('SELECT id, entity_id FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY id')
            .all() as {
            id: string;
            entity_id: string;
          }[])
        : [];
      const c = open[a.i % Math.max(open.length, 1)];
      if (lee && c) {
        const resolution = (['local', 'remote', 'merged'] as const)[a.r];
        lee.run('resolve-conflict', {
          conflictId: c.id,
          complaintId: c.entity_id,
          resolution,
          ...(resolution === 'merged' ? { decision: 'partly-upheld', note: 'Agreed between them.' } : {}),
        });
      }
      return;
    }
    case 'sync':
      if (lossy.delete(d)) {
        d.link.loseNext = true;
      }
      await d.sync();
      return;
    case 'lose-answer':
      lossy.add(d);
      return;
    case 'partition':
      d.link.up = a.up;
      return;
    case 'restart':
      d.restart();
      return;
    case 'replay': {
      // A duplicated or re-ordered delivery: the outbox pushed again (in reverse order, perhaps) behind the
      // agent's back, whatever its entries' states.
      if (!d.link.up) return;
      const all = d.store.db.prepare('SELECT * FROM outbox ORDER BY seq').all() as {
        mutation_id: string;
        use_case: string;
        actor_id: string;
        hlc: string;
        payload_json: string;
      }[];
      if (all.length === 0) return;
      const ordered = a.reverse ? [...all].reverse() : all;
      const res = await call(w.server.app, await d.token(), 'POST', '/sync/push', {
        protocolVersion: SYNC_PROTOCOL_VERSION,
        deskId: d.deskId,
        mutations: ordered.slice(0, 500).map((m) => ({
          mutationId: m.mutation_id,
          useCase: m.use_case,
          actorId: m.actor_id,
          hlc: m.hlc,
          payload: JSON.parse(m.payload_json) as unknown,
        })),
      });
      expect(res.statusCode).toBe(200);
      return;
    }
  }
}

/**
 * Each edited field holds the value of the accepted edit with the greatest HLC (its HLC is in field_hlcs),
 * whatever order the edits reached the server in: the edits are read from the desks' outboxes, the verdicts
 * from the server's ledger.
 */
function expectLastWriterWins(server: Dump, desks: TestDesk[], verdicts: Map<string, string>): void {
  const latest = new Map<string, { hlc: string; value: unknown }>();
  for (const d of desks) {
    const rows = d.store.db
      .prepare(`SELECT mutation_id, hlc, payload_json FROM outbox WHERE use_case = 'update-complaint-details'`)
      .all() as { mutation_id: string; hlc: string; payload_json: string }[];
    for (const r of rows) {
      if (verdicts.get(r.mutation_id) !== 'accepted') continue;
      const input = (JSON.parse(r.payload_json) as { input: Record<string, string> }).input;
      for (const [field, column] of [
        ['summary', 'summary'],
        ['outcomeWanted', 'outcome_wanted'],
      ] as const) {
        if (input[field] === undefined) continue;
        const key = `${input.complaintId}:${column}`;
        const seen = latest.get(key);
        if (!seen || r.hlc > seen.hlc) latest.set(key, { hlc: r.hlc, value: input[field] });
      }
    }
  }
  for (const [key, { hlc, value }] of latest) {
    const [id, column] = key.split(':') as [string, string];
    const row = server.complaints.find((c) => c.id === id);
    expect(row?.[column], key).toBe(value);
    expect(JSON.parse(String(row?.field_hlcs))[column], key).toBe(hlc);
  }
}

async function heal(desks: TestDesk[]): Promise<void> {
  for (const d of desks) {
    d.link.up = true;
    d.link.loseNext = false;
  }
  for (let round = 0; round < 4; round++) {
    for (const d of desks) await d.sync();
  }
}

describe('sync, modelled', () => {
  it('converges whatever the network and the desks do', async () => {
    let runs = 0;
    let conflictsSeen = 0;
    let resolvedSeen = 0;
    let remedyStepsSeen = 0;
    let actionsClosedSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 30, maxLength: 90 }), async (actions) => {
        runs++;
        const w = await World.create(pg, [
          { key: 'ada', roles: ['agent'] },
          { key: 'ben', roles: ['agent'] },
          { key: 'lee', roles: ['team-leader'] },
        ]);
        await w.addBusinessArea('repairs', 'Repairs', null);
        try {
          const desks = [await w.addDesk('ada'), await w.addDesk('ben'), await w.addDesk('lee')];
          const lossy = new Set<TestDesk>();
          for (const a of actions) await perform(w, desks, a, lossy);
          await heal(desks);
          // Once healed, the team leader decides every conflict still open (some runs leave a few), and the
          // resolutions sync like any other work.
          const lee = desks[2];
          const open = lee
            ? (lee.store.db.prepare('SELECT id FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY id').all() as {
                id: string;
              }[])
            : [];
          for (let k = 0; k < open.length; k++) await perform(w, desks, { k: 'settle', d: 2, i: 0, r: k % 3 }, lossy);
          if (open.length > 0) await heal(desks);

          const server = await w.serverDump();
          for (const d of desks) {
            expect(d.agent.status().pending, d.name).toBe(0);
            expect(deskDump(d, server), `${d.name}: ${d.agent.status().lastError ?? ''}`).toEqual(server);
          }
          const ledger = await w.db.query<{ id: string; status: string }>(
            'SELECT mutation_id::text AS id, status FROM mutations',
          );
          const onServer = new Map(ledger.rows.map((r) => [r.id, r.status]));
          let deskEntries = 0;
          for (const d of desks) {
            const outbox = d.store.db.prepare('SELECT mutation_id, status FROM outbox').all() as {
              mutation_id: string;
              status: string;
            }[];
            deskEntries += outbox.length;
            // every answer the desk holds is the server's answer: nothing acknowledged is lost
            for (const e of outbox) expect(onServer.get(e.mutation_id), e.mutation_id).toBe(e.status);
          }
          expect(onServer.size).toBe(deskEntries);
          // each accepted mutation is there exactly once: each writes exactly one timeline event
          const accepted = ledger.rows.filter((r) => r.status === 'accepted').length;
          expect(server.timeline_events).toHaveLength(accepted);
          const perMutation = await w.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM changes WHERE entity_type = 'timeline_events' GROUP BY mutation_id HAVING count(*) > 1`,
          );
          expect(perMutation.rows).toEqual([]);
          expectLastWriterWins(server, desks, onServer);
          // Conflicts: recorded once each, for a decision the server rejected; the same rows on every desk
          // (checked with the dumps above).
          const conflicts = await w.db.query<{ id: string; mutation: string }>(
            'SELECT conflict_id::text AS id, mutation_id::text AS mutation FROM sync_conflicts',
          );
          expect(conflicts.rows.map((c) => c.id).sort()).toEqual(server.sync_conflicts.map((c) => String(c.id)).sort());
          for (const c of conflicts.rows) expect(onServer.get(c.mutation), c.mutation).toBe('rejected');
          conflictsSeen += conflicts.rows.length;
          resolvedSeen += server.sync_conflicts.filter((c) => c.resolution !== null).length;
          remedyStepsSeen += server.remedies.filter((r) => r.status !== 'offered').length;
          actionsClosedSeen += server.post_resolution_actions.filter((a) => a.closed_date !== null).length;
        } finally {
          await w.close();
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(runs).toBe(RUNS);
    // The runs did exercise the merge: some decisions collided and some conflicts were resolved.
    console.log(
      `sync model: ${RUNS} runs (seed ${SEED}), ${conflictsSeen} conflicts, ${resolvedSeen} resolved, ` +
        `${remedyStepsSeen} remedies moved on, ${actionsClosedSeen} actions closed`,
    );
    expect(remedyStepsSeen).toBeGreaterThan(0);
    expect(actionsClosedSeen).toBeGreaterThan(0);
    expect(conflictsSeen).toBeGreaterThan(0);
    expect(resolvedSeen).toBeGreaterThan(0);
  }, 600_000);
});
