// A share of the fleet bench's simulated desks in a process of its own (sync-fleet-bench.ts forks several), so
// that one desk applying a page or running a use case delays only the desks of its own process, not the whole
// fleet's latency figures. Each desk is its real SQLite file and the real SyncAgent over HTTP; every request
// is timed here, from its start to the end of its answer's body (timedFetch). Each phase's answer carries the
// samples, the errors, this process's CPU time and its event-loop delay (how late a timer or an answer could
// be handled here: the part of a latency figure that is the client's, not the server's).
// Usage (through child_process.fork with tsx, driven by messages): sync-fleet-desks.ts
import type { Actor, Clock } from '../../shared/app/ports.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { USE_CASES, type UseCaseName } from '../../shared/app/use-cases.js';
import { createDeskDeps } from '../../db/sqlite/desk-core.js';
import { openDeskDatabase, type DeskDatabase } from '../../db/sqlite/index.js';
import { SyncAgent } from '../../db/sqlite/sync/agent.js';
import { Prng } from './prng.js';
import { Samples, eventLoopDelay, timedFetch, type EventLoopDelaySummary } from './sync-bench-kit.js';

/** What the parent knows of a desk it enrolled. */
export interface DeskSpec {
  readonly index: number;
  readonly file: string;
  readonly filesDir: string;
  readonly accessToken: string;
  readonly clockMs: number;
  readonly actor: Actor;
}

export type ToDesks =
  | { readonly type: 'init'; readonly baseUrl: string; readonly cycleMs: number; readonly desks: DeskSpec[] }
  /** One sync of each desk in turn (set-up and catch-up: not measured). */
  | { readonly type: 'sync-each' }
  /** `count` offline mutations on each of these desks. */
  | { readonly type: 'offline'; readonly desks: number[]; readonly count: number }
  /** These desks all sync at once; each desk's time to fully synced is measured. */
  | { readonly type: 'reconnect'; readonly desks: number[] }
  /** Every desk on the schedule from `startAt` (epoch ms) until `until`, desk i starting at startAt + offsets[i]. */
  | {
      readonly type: 'steady';
      readonly startAt: number;
      readonly until: number;
      readonly offsetMs: number[];
      /** Each desk also follows the event stream (agent.start()), as a desk online does. */
      readonly follow: boolean;
    }
  /** One write on this desk, pushed with its next sync (the trickle of the steady part). */
  | { readonly type: 'write'; readonly desk: number }
  | { readonly type: 'close' };

export interface PhaseReport {
  readonly type: 'done';
  readonly samples: Record<string, number[]>;
  readonly errors: number;
  readonly lastError?: string;
  readonly rejected: number;
  readonly syncs: number;
  readonly writes: number;
  /** Outbox entries still waiting at the end, and desks whose last sync failed. */
  readonly pending: number;
  readonly failedDesks: number;
  readonly cpuMs: number;
  readonly eventLoop: EventLoopDelaySummary;
  readonly complaints?: number;
}

const LONDON = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

class FixedClock implements Clock {
  constructor(readonly ms: number) {}
  nowIso(): string {
    return new Date(this.ms).toISOString();
  }
  today(): IsoDate {
    return LONDON.format(new Date(this.ms)) as IsoDate;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Desk {
  readonly store: DeskDatabase;
  readonly clock: FixedClock;
  readonly rng: Prng;
  agent: SyncAgent;
  complaints: string[] = [];
  writes = 0;
  /** Sync cycles run by the agent's own schedule and event stream (follow mode). */
  cycles = 0;
  constructor(
    readonly spec: DeskSpec,
    private readonly baseUrl: string,
    phase: Phase,
  ) {
    this.store = openDeskDatabase(spec.file);
    this.clock = new FixedClock(spec.clockMs);
    this.rng = new Prng(7 + spec.index);
    this.agent = this.agentFor(phase);
  }
  agentFor(phase: Phase): SyncAgent {
    return new SyncAgent({
      desk: { db: this.store.db, filesDir: this.spec.filesDir },
      baseUrl: this.baseUrl,
      accessToken: () => this.spec.accessToken,
      fetch: timedFetch(phase.samples, phase.name, phase.errors),
      intervalMs: cycleMs,
      nowIso: () => this.clock.nowIso(),
      today: () => this.clock.today(),
      onStatus: () => this.cycles++,
    });
  }
  loadComplaints(): void {
    const rows = this.store.db.prepare('SELECT id FROM complaints ORDER BY id').all() as { id: string }[];
    this.complaints = rows.map((r) => r.id);
  }
  /** One mutation of a realistic mix: mostly notes on known cases, some new contacts. */
  mutate(): void {
    const i = this.writes++;
    const complaintId = this.complaints.length > 0 ? this.rng.pick(this.complaints) : undefined;
    const [useCase, input]: [UseCaseName, unknown] =
      complaintId && i % 4 !== 0
        ? ['add-note', { complaintId, body: `Fleet note ${i}: called the resident back about the repair.` }]
        : [
            'log-contact',
            {
              channel: 'phone',
              madeBy: 'resident',
              person: { givenName: 'Fleet', familyName: `Caller ${this.spec.index}-${i}`, postcode: 'LS1 4AP' },
              whatHappened: `Fleet contact ${i}: asked when the roofer is coming.`,
              dissatisfaction: false,
            },
          ];
    const deps = createDeskDeps(this.store, {
      settings: { region: 'england-and-wales', profileAssignments: [] },
      clock: this.clock,
      nowMs: () => this.clock.ms,
    });
    const r = USE_CASES[useCase](deps, this.spec.actor, input);
    if (!r.ok) throw new Error(`${useCase} failed on desk ${this.spec.index}: ${JSON.stringify(r.error)}`);
  }
}

interface Phase {
  readonly name: string;
  readonly samples: Samples;
  readonly errors: { count: number; last?: string };
}

let desks = new Map<number, Desk>();
let cycleMs = 30_000;
let phase: Phase = { name: 'set-up', samples: new Samples(), errors: { count: 0 } };

async function run(
  name: string,
  body: (counts: { rejected: number; syncs: number; failed: number }) => Promise<void>,
): Promise<PhaseReport> {
  phase = { name, samples: new Samples(), errors: { count: 0 } };
  for (const d of desks.values()) d.agent = d.agentFor(phase);
  const writesBefore = [...desks.values()].reduce((n, d) => n + d.writes, 0);
  const counts = { rejected: 0, syncs: 0, failed: 0 };
  const cpu = process.cpuUsage();
  const delay = eventLoopDelay();
  await body(counts);
  const eventLoop = delay.stop();
  const used = process.cpuUsage(cpu);
  return {
    type: 'done',
    samples: phase.samples.lists(),
    errors: phase.errors.count,
    ...(phase.errors.last ? { lastError: phase.errors.last } : {}),
    rejected: counts.rejected,
    syncs: counts.syncs,
    writes: [...desks.values()].reduce((n, d) => n + d.writes, 0) - writesBefore,
    pending: [...desks.values()].reduce((n, d) => n + d.agent.status().pending, 0),
    failedDesks: counts.failed,
    cpuMs: (used.user + used.system) / 1000,
    eventLoop,
    complaints: [...desks.values()][0]?.complaints.length ?? 0,
  };
}

async function syncOnce(d: Desk, counts: { rejected: number; syncs: number; failed: number }): Promise<number> {
  const started = performance.now();
  const s = await d.agent.syncNow();
  const ms = performance.now() - started;
  counts.syncs++;
  counts.rejected += s.rejections.length;
  if (s.lastError || s.pending > 0) counts.failed++;
  return ms;
}

const deskAt = (i: number): Desk => {
  const d = desks.get(i);
  if (!d) throw new Error(`desk ${i} is not in this process`);
  return d;
};

async function handle(m: ToDesks): Promise<PhaseReport | null> {
  switch (m.type) {
    case 'init':
      cycleMs = m.cycleMs;
      desks = new Map(m.desks.map((s) => [s.index, new Desk(s, m.baseUrl, phase)]));
      return null;
    case 'sync-each':
      return run('set-up', async (counts) => {
        for (const d of desks.values()) {
          await syncOnce(d, counts);
          d.loadComplaints();
        }
      });
    case 'offline':
      for (const i of m.desks) for (let k = 0; k < m.count; k++) deskAt(i).mutate();
      return null;
    case 'reconnect':
      return run('reconnect', async (counts) => {
        await Promise.all(
          m.desks.map(async (i) => phase.samples.add('reconnect desk', await syncOnce(deskAt(i), counts))),
        );
      });
    case 'steady':
      return run('steady', async (counts) => {
        await Promise.all(
          [...desks.values()].map(async (d) => {
            await sleep(Math.min(m.until, m.startAt + (m.offsetMs[d.spec.index] ?? 0)) - Date.now());
            if (m.follow && Date.now() < m.until) {
              const before = d.cycles;
              d.agent.start();
              await sleep(m.until - Date.now());
              d.agent.stop();
              await d.agent.idle();
              const s = d.agent.status();
              counts.syncs += d.cycles - before;
              counts.rejected += s.rejections.length;
              if (s.lastError) counts.failed++;
              return;
            }
            while (Date.now() < m.until) {
              const cycleStart = Date.now();
              await syncOnce(d, counts);
              await sleep(Math.max(0, Math.min(m.until, cycleStart + cycleMs) - Date.now()));
            }
          }),
        );
      });
    case 'write':
      deskAt(m.desk).mutate();
      return null;
    case 'close':
      for (const d of desks.values()) d.store.close();
      process.exit(0);
  }
}

if (!process.send) throw new Error('run through fork()');
// Messages are handled in order; a phase's writes ('write') arrive while it runs, so phases are not awaited
// before the next message is read.
process.on('message', (m: ToDesks) => {
  handle(m).then(
    (report) => {
      if (report) process.send?.(report);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
});
process.send({ type: 'ready' });
