// Many desks against one server: `npx tsx tests/bench/sync-fleet-bench.ts`. Figures are printed, never asserted.
// A real PostgreSQL, the server in a process of its own, desks on SQLite files with the real SyncAgent over HTTP,
// spread over SYNC_FLEET_PROCESSES processes (default 4; sync-fleet-desks.ts) so that one desk's SQLite work
// delays only its own process's share of the fleet, not every latency figure. Every request is timed at the
// desk, from its start to the end of its answer; next to the figures, the worst event-loop delay seen in a
// desk process (the part of a figure that is the client's own waiting). "Server" is the Node process AND the
// PostgreSQL cluster (postmaster and backends, from /proc): CPU time, Node's peak RSS, PostgreSQL's PSS.
// First SYNC_FLEET_CASES cases (default 10) per team are written through the use cases and every desk syncs
// them. Then three parts:
//  1. reconnect: SYNC_FLEET_RECONNECT desks (default 50) each make SYNC_FLEET_OFFLINE mutations (default 20)
//     while offline, then all reconnect at once; per-desk time to fully synced (push, then pull of everyone's).
//  2. steady: SYNC_FLEET_DESKS desks (default 300) each syncing on the real 30 s schedule (SYNC_FLEET_CYCLE_MS),
//     starts staggered evenly over one cycle, for SYNC_FLEET_SECONDS (default 120, so each desk syncs about
//     4 times; not compressed), while a steady trickle of writes (SYNC_FLEET_WRITES_PER_S, default 2 a second,
//     each on a random desk) goes out with each desk's next sync. The schedule alone drives the syncs: the
//     event-stream nudge is left out here unless SYNC_FLEET_FOLLOW=1 (then every desk also follows the stream,
//     as an online desk does, and pulls when nudged: each accepted push nudges the desks that may see it).
//     p50/p95/p99 of the push and pull requests as the desks see them, errors (network failures, non-2xx
//     answers, rejected mutations), the server's CPU and memory.
//  3. visibility: two online desks following the event stream; a mutation on one, pushed at once, until it is
//     applied on the other (SYNC_FLEET_VISIBILITY samples, default 50).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SyncAgent } from '../../db/sqlite/sync/agent.js';
import { openPgDb } from '../../db/postgres/pg-db.js';
import { startPostgres } from '../server/postgres.js';
import { World, type TestDesk } from '../sync/harness.js';
import { Prng } from './prng.js';
import {
  Samples,
  loadAverage,
  postgresUsage,
  startServerProcess,
  timedFetch,
  type PostgresUsage,
  type ServerProcess,
} from './sync-bench-kit.js';
import type { DeskSpec, PhaseReport, ToDesks } from './sync-fleet-desks.js';
import { writeTemplate } from './sync-seed.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RECONNECT = env('SYNC_FLEET_RECONNECT', 50);
const OFFLINE = env('SYNC_FLEET_OFFLINE', 20);
const DESKS = env('SYNC_FLEET_DESKS', 300);
const CYCLE_MS = env('SYNC_FLEET_CYCLE_MS', 30_000);
const SECONDS = env('SYNC_FLEET_SECONDS', 120);
const WRITES_PER_S = env('SYNC_FLEET_WRITES_PER_S', 2);
const VISIBILITY = env('SYNC_FLEET_VISIBILITY', 50);
const CASES = env('SYNC_FLEET_CASES', 10);
const PROCESSES = env('SYNC_FLEET_PROCESSES', 4);
const FOLLOW = env('SYNC_FLEET_FOLLOW', 0) === 1;
const USERS = 30;
const log = (s: string): void => console.log(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fleetDesk(
  d: TestDesk,
  server: ServerProcess,
  samples: Samples,
  prefix: string,
  errors: { count: number; last?: string },
) {
  return new SyncAgent({
    desk: d.store,
    baseUrl: server.url,
    accessToken: () => d.session.accessToken,
    fetch: timedFetch(samples, prefix, errors),
    intervalMs: CYCLE_MS,
    nowIso: () => d.clock.nowIso(),
    today: () => d.clock.today(),
  });
}

function complaintsOn(d: TestDesk): string[] {
  return (d.store.db.prepare('SELECT id FROM complaints ORDER BY id').all() as { id: string }[]).map((r) => r.id);
}

interface Usage {
  readonly node: { cpuUserMs: number; cpuSystemMs: number; rssMb: number };
  readonly pg: PostgresUsage;
}

async function serverUsage(server: ServerProcess, pgPort: number): Promise<Usage> {
  return { node: await server.usage(), pg: postgresUsage(pgPort) };
}

function usageLine(before: Usage, after: Usage, wallMs: number): string {
  const node = after.node.cpuUserMs + after.node.cpuSystemMs - before.node.cpuUserMs - before.node.cpuSystemMs;
  const pg = after.pg.cpuMs - before.pg.cpuMs;
  const share = (ms: number) => `${((100 * ms) / wallMs).toFixed(0)}%`;
  return (
    `server: ${(node + pg).toFixed(0)} ms CPU in ${(wallMs / 1000).toFixed(1)} s (${share(node + pg)} of one core: ` +
    `Node ${node.toFixed(0)} ms, PostgreSQL ${pg.toFixed(0)} ms in ${after.pg.processes} processes); ` +
    `Node peak rss ${after.node.rssMb.toFixed(0)} MB, PostgreSQL pss ${after.pg.pssMb.toFixed(0)} MB`
  );
}

/** One process of simulated desks (sync-fleet-desks.ts). */
class DeskProcess {
  private readonly reports: PhaseReport[] = [];
  private readonly waiting: ((r: PhaseReport) => void)[] = [];
  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: PhaseReport | { type: 'ready' }) => {
      if (m.type !== 'done') return;
      const w = this.waiting.shift();
      if (w) w(m);
      else this.reports.push(m);
    });
  }
  static async start(): Promise<DeskProcess> {
    const script = fileURLToPath(new URL('./sync-fleet-desks.ts', import.meta.url));
    const child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`a desk process exited (${code})`)));
    });
    return new DeskProcess(child);
  }
  send(m: ToDesks): void {
    this.child.send(m);
  }
  /** The next phase report; a desk process that dies fails the bench. */
  report(): Promise<PhaseReport> {
    const ready = this.reports.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`a desk process exited (${code})`));
      this.child.once('exit', onExit);
      this.waiting.push((r) => {
        this.child.off('exit', onExit);
        resolve(r);
      });
    });
  }
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.send({ type: 'close' });
    });
  }
}

/** The reports of one phase from every process, added up. */
interface Phase {
  readonly samples: Samples;
  readonly errors: number;
  readonly lastError?: string;
  readonly rejected: number;
  readonly syncs: number;
  readonly writes: number;
  readonly pending: number;
  readonly failedDesks: number;
  readonly cpuMs: number;
  readonly eventLoop: { p99: number; max: number };
  readonly complaints: number;
}

async function phaseOf(processes: readonly DeskProcess[]): Promise<Phase> {
  const reports = await Promise.all(processes.map((p) => p.report()));
  const samples = new Samples();
  for (const r of reports) samples.merge(r.samples);
  const sum = (f: (r: PhaseReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  const lastError = reports.find((r) => r.lastError)?.lastError;
  return {
    samples,
    errors: sum((r) => r.errors),
    ...(lastError ? { lastError } : {}),
    rejected: sum((r) => r.rejected),
    syncs: sum((r) => r.syncs),
    writes: sum((r) => r.writes),
    pending: sum((r) => r.pending),
    failedDesks: sum((r) => r.failedDesks),
    cpuMs: sum((r) => r.cpuMs),
    eventLoop: {
      p99: Math.max(...reports.map((r) => r.eventLoop.p99)),
      max: Math.max(...reports.map((r) => r.eventLoop.max)),
    },
    complaints: reports[0]?.complaints ?? 0,
  };
}

function clientLine(p: Phase, processes: number): string {
  return (
    `desks (${processes} processes): ${p.cpuMs.toFixed(0)} ms CPU; event-loop delay in the worst process ` +
    `p99 ${p.eventLoop.p99.toFixed(1)} ms, max ${p.eventLoop.max.toFixed(1)} ms`
  );
}

const errorsLine = (p: Phase) => `errors ${p.errors}${p.lastError ? ` (last: ${p.lastError})` : ''}`;

async function main(): Promise<void> {
  const pg = await startPostgres();
  let connectionString = '';
  const users = Array.from({ length: USERS }, (_, i) => ({
    key: `agent${i}`,
    roles: ['agent' as const],
    team: i % 2 === 0 ? ('A' as const) : ('B' as const),
  }));
  const w = await World.create(async () => {
    connectionString = await pg.createDatabase();
    return openPgDb({ connectionString });
  }, [{ key: 'writer-a', roles: ['agent'], team: 'A' }, { key: 'writer-b', roles: ['agent'], team: 'B' }, ...users]);
  const server = await startServerProcess(connectionString);
  const processes = await Promise.all(Array.from({ length: PROCESSES }, () => DeskProcess.start()));
  const ownerOf = (i: number) => processes[i % processes.length] as DeskProcess;
  const rng = new Prng(7);
  try {
    log(`fleet bench: ${pg.version}; load average ${loadAverage()}`);
    // A caseload in both teams, through the use cases and the real push.
    await writeTemplate(await w.addDesk('writer-a'), CASES, 1);
    await writeTemplate(await w.addDesk('writer-b'), CASES, 2);

    // Desks are enrolled here (through the admin API), then run in the desk processes.
    const desks: TestDesk[] = [];
    let t = performance.now();
    const specs: DeskSpec[][] = processes.map(() => []);
    for (let i = 0; i < DESKS; i++) {
      const d = await w.addDesk(users[i % USERS]?.key ?? 'agent0');
      d.store.close();
      desks.push(d);
      specs[i % processes.length]?.push({
        index: i,
        file: d.file,
        filesDir: d.filesDir,
        accessToken: d.session.accessToken,
        clockMs: d.clock.ms,
        actor: d.actor,
      });
    }
    processes.forEach((p, k) =>
      p.send({ type: 'init', baseUrl: server.url, cycleMs: CYCLE_MS, desks: specs[k] ?? [] }),
    );
    for (const p of processes) p.send({ type: 'sync-each' });
    const setUp = await phaseOf(processes);
    if (setUp.errors > 0 || setUp.failedDesks > 0) throw new Error(`set-up: ${errorsLine(setUp)}`);
    log(
      `  set-up: ${DESKS} desks enrolled and synced (${setUp.complaints} cases each) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    // 1. Reconnecting desks.
    {
      const group = Array.from({ length: Math.min(RECONNECT, DESKS) }, (_, i) => i);
      const mine = (p: DeskProcess) => group.filter((i) => ownerOf(i) === p);
      for (const p of processes) p.send({ type: 'offline', desks: mine(p), count: OFFLINE });
      const before = await serverUsage(server, pg.port);
      t = performance.now();
      for (const p of processes) p.send({ type: 'reconnect', desks: mine(p) });
      const r = await phaseOf(processes);
      const wall = performance.now() - t;
      log(
        `  reconnect: ${group.length} desks × ${OFFLINE} offline mutations, all at once: done in ${(wall / 1000).toFixed(2)} s`,
      );
      log(`    per desk, push + pull to fully synced: ${r.samples.describe('reconnect desk')}`);
      log(`    push requests: ${r.samples.describe('reconnect /sync/push')}`);
      log(`    pull requests: ${r.samples.describe('reconnect /sync/pull')}`);
      log(`    ${errorsLine(r)}, rejected mutations ${r.rejected}, desks not fully synced ${r.failedDesks}`);
      log(`    ${usageLine(before, await serverUsage(server, pg.port), wall)}`);
      log(`    ${clientLine(r, processes.length)}`);
      // Every other desk catches up on those mutations before the steady part (not measured: it would
      // measure the catch-up, not the schedule).
      for (const p of processes) p.send({ type: 'sync-each' });
      const caughtUp = await phaseOf(processes);
      if (caughtUp.errors > 0 || caughtUp.failedDesks > 0) throw new Error(`catch-up: ${errorsLine(caughtUp)}`);
    }

    // 2. Steady state: the 30 s schedule, staggered, with a trickle of writes.
    {
      const startAt = Date.now() + 1000;
      const until = startAt + SECONDS * 1000;
      const offsetMs = Array.from({ length: DESKS }, (_, i) => (i * CYCLE_MS) / DESKS);
      const before = await serverUsage(server, pg.port);
      for (const p of processes) p.send({ type: 'steady', startAt, until, offsetMs, follow: FOLLOW });
      await sleep(startAt - Date.now());
      t = performance.now();
      while (Date.now() < until) {
        const i = rng.int(0, DESKS - 1);
        ownerOf(i).send({ type: 'write', desk: i });
        await sleep(1000 / WRITES_PER_S);
      }
      const r = await phaseOf(processes);
      const wall = performance.now() - t;
      log(
        `  steady: ${DESKS} desks on a ${CYCLE_MS / 1000} s schedule${FOLLOW ? ' and following the event stream' : ''} for ${(wall / 1000).toFixed(0)} s: ${r.syncs} syncs, ${r.writes} writes (${WRITES_PER_S}/s), ${r.pending} still waiting for their desk's next sync at the end`,
      );
      log(`    push requests: ${r.samples.describe('steady /sync/push')}`);
      log(`    pull requests: ${r.samples.describe('steady /sync/pull')}`);
      log(`    ${errorsLine(r)}, rejected mutations ${r.rejected}`);
      log(`    ${usageLine(before, await serverUsage(server, pg.port), wall)}`);
      log(`    ${clientLine(r, processes.length)}`);
    }
    await Promise.all(processes.map((p) => p.close()));

    // 3. Desk-to-desk visibility while both are online.
    {
      const samples = new Samples();
      const errors = { count: 0 } as { count: number; last?: string };
      const [a, b] = [desks[0], desks[2]]; // both in team A
      if (!a || !b) throw new Error('too few desks for the visibility part');
      a.restart(); // reopened here, now that the desk processes have closed them
      b.restart();
      const writer = fleetDesk(a, server, samples, 'visible', errors);
      const watcher = fleetDesk(b, server, samples, 'visible', errors);
      await writer.syncNow();
      await watcher.syncNow();
      watcher.start();
      await sleep(500);
      const notes = () => (b.store.db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n;
      const seen = complaintsOn(b);
      const shared = complaintsOn(a).filter((id) => seen.includes(id));
      for (let i = 0; i < VISIBILITY; i++) {
        const before = notes();
        const complaintId = shared[i % shared.length];
        if (!complaintId) throw new Error('no case both desks see');
        const started = performance.now();
        a.must('add-note', { complaintId, body: `Seen elsewhere ${i}` });
        await writer.syncNow();
        while (notes() === before && performance.now() - started < 10_000) await sleep(1);
        samples.add('visibility', performance.now() - started);
        await sleep(50);
      }
      watcher.stop();
      log(
        `  visibility (write on one desk, pushed at once, applied on another via the event stream): ${samples.describe('visibility')}; errors ${errors.count}`,
      );
    }
    log(`  load average after: ${loadAverage()}`);
  } finally {
    await Promise.all(processes.map((p) => p.close()));
    await server.stop();
    await w.close();
    await pg.stop();
  }
}

await main();
