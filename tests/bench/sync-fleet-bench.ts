// Many desks against one server: `npx tsx tests/bench/sync-fleet-bench.ts`. Figures are printed, never asserted.
// A real PostgreSQL, the server in a process of its own (its CPU time and peak RSS are its own), desks on SQLite
// files in this process with the real SyncAgent over HTTP. First SYNC_FLEET_CASES cases (default 10) per team
// are written through the use cases and every desk syncs them. Then three parts:
//  1. reconnect: SYNC_FLEET_RECONNECT desks (default 50) each make SYNC_FLEET_OFFLINE mutations (default 20)
//     while offline, then all reconnect at once; per-desk time to fully synced (push, then pull of everyone's).
//  2. steady: SYNC_FLEET_DESKS desks (default 300) each syncing on the real 30 s schedule (SYNC_FLEET_CYCLE_MS),
//     starts staggered evenly over one cycle, for SYNC_FLEET_SECONDS (default 120, so each desk syncs about
//     4 times; not compressed), while a steady trickle of writes (SYNC_FLEET_WRITES_PER_S, default 2 a second,
//     each on a random desk) goes out with each desk's next sync. The schedule alone drives the syncs: the
//     event-stream nudge is left out here (with it, every accepted push makes every connected desk pull).
//     p50/p95/p99 of the push and pull requests as the desks see them (all desks share this process's event
//     loop, so a desk applying a page delays the others' timings: the figures are upper bounds), errors
//     (network failures, non-2xx answers, rejected mutations), the server's CPU and peak RSS.
//  3. visibility: two online desks following the event stream; a mutation on one, pushed at once, until it is
//     applied on the other (SYNC_FLEET_VISIBILITY samples, default 50).
import { SyncAgent } from '../../db/sqlite/sync/agent.js';
import { openPgDb } from '../../db/postgres/pg-db.js';
import { startPostgres } from '../server/postgres.js';
import { World, type TestDesk } from '../sync/harness.js';
import { Prng } from './prng.js';
import { Samples, loadAverage, startServerProcess, timedFetch, type ServerProcess } from './sync-bench-kit.js';
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
const USERS = 30;
const log = (s: string): void => console.log(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface FleetDesk {
  readonly desk: TestDesk;
  readonly agent: SyncAgent;
  readonly complaints: string[];
}

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

/** One offline mutation of a realistic mix: mostly notes on known cases, some new contacts. */
function mutate(d: FleetDesk, rng: Prng, i: number): void {
  const complaintId = d.complaints.length > 0 ? rng.pick(d.complaints) : undefined;
  if (complaintId && i % 4 !== 0) {
    d.desk.must('add-note', { complaintId, body: `Fleet note ${i}: called the resident back about the repair.` });
  } else {
    d.desk.must('log-contact', {
      channel: 'phone',
      madeBy: 'resident',
      person: { givenName: 'Fleet', familyName: `Caller ${i}`, postcode: 'LS1 4AP' },
      whatHappened: `Fleet contact ${i}: asked when the roofer is coming.`,
      dissatisfaction: false,
    });
  }
}

async function usageLine(server: ServerProcess, before: { cpuUserMs: number; cpuSystemMs: number }, wallMs: number) {
  const after = await server.usage();
  const cpu = after.cpuUserMs + after.cpuSystemMs - before.cpuUserMs - before.cpuSystemMs;
  return `server process: ${cpu.toFixed(0)} ms CPU in ${(wallMs / 1000).toFixed(1)} s (${((100 * cpu) / wallMs).toFixed(0)}% of one core), peak rss ${after.rssMb.toFixed(0)} MB`;
}

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
  const rng = new Prng(7);
  try {
    log(`fleet bench: ${pg.version}; load average ${loadAverage()}`);
    // A caseload in both teams, through the use cases and the real push.
    await writeTemplate(await w.addDesk('writer-a'), CASES, 1);
    await writeTemplate(await w.addDesk('writer-b'), CASES, 2);

    const warm = new Samples();
    const noErrors = { count: 0 };
    const desks: FleetDesk[] = [];
    let t = performance.now();
    for (let i = 0; i < DESKS; i++) {
      const d = await w.addDesk(users[i % USERS]?.key ?? 'agent0');
      const agent = fleetDesk(d, server, warm, 'warm', noErrors);
      const s = await agent.syncNow();
      if (s.lastError) throw new Error(`desk ${i} first sync: ${s.lastError}`);
      desks.push({ desk: d, agent, complaints: complaintsOn(d) });
    }
    log(
      `  set-up: ${DESKS} desks enrolled and synced (${desks[0]?.complaints.length ?? 0} cases each) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    // 1. Reconnecting desks.
    {
      const samples = new Samples();
      const errors = { count: 0 } as { count: number; last?: string };
      const group = desks.slice(0, RECONNECT).map((d) => ({
        ...d,
        agent: fleetDesk(d.desk, server, samples, 'reconnect', errors),
      }));
      let n = 0;
      for (const d of group) for (let i = 0; i < OFFLINE; i++) mutate(d, rng, n++);
      const before = await server.usage();
      t = performance.now();
      const results = await Promise.all(
        group.map(async (d) => {
          const started = performance.now();
          const s = await d.agent.syncNow();
          samples.add('reconnect desk', performance.now() - started);
          return s;
        }),
      );
      const wall = performance.now() - t;
      const rejected = results.reduce((sum, s) => sum + s.rejections.length, 0);
      const failed = results.filter((s) => s.lastError || s.pending > 0).length;
      log(
        `  reconnect: ${RECONNECT} desks × ${OFFLINE} offline mutations, all at once: done in ${(wall / 1000).toFixed(2)} s`,
      );
      log(`    per desk, push + pull to fully synced: ${samples.describe('reconnect desk')}`);
      log(`    push requests: ${samples.describe('reconnect /sync/push')}`);
      log(`    pull requests: ${samples.describe('reconnect /sync/pull')}`);
      log(
        `    errors ${errors.count}${errors.last ? ` (last: ${errors.last})` : ''}, rejected mutations ${rejected}, desks not fully synced ${failed}`,
      );
      log(`    ${await usageLine(server, before, wall)}`);
      // Every other desk catches up on those 1,000 mutations before the steady part (not measured: it would
      // measure the catch-up, not the schedule).
      for (const d of desks) {
        const s = await d.agent.syncNow();
        if (s.lastError) throw new Error(`catch-up: ${s.lastError}`);
        d.complaints.splice(0, d.complaints.length, ...complaintsOn(d.desk));
      }
    }

    // 2. Steady state: the 30 s schedule, staggered, with a trickle of writes.
    {
      const samples = new Samples();
      const errors = { count: 0 } as { count: number; last?: string };
      const fleet = desks.map((d) => ({ ...d, agent: fleetDesk(d.desk, server, samples, 'steady', errors) }));
      const until = performance.now() + SECONDS * 1000;
      let syncs = 0;
      let rejected = 0;
      let writes = 0;
      const before = await server.usage();
      t = performance.now();
      const runDesk = async (d: FleetDesk, offset: number) => {
        await sleep(offset);
        while (performance.now() < until) {
          const cycleStart = performance.now();
          const s = await d.agent.syncNow();
          syncs++;
          rejected += s.rejections.length;
          await sleep(Math.max(0, CYCLE_MS - (performance.now() - cycleStart)));
        }
      };
      const trickle = async () => {
        let i = 0;
        while (performance.now() < until) {
          const d = fleet[rng.int(0, fleet.length - 1)];
          if (d) {
            mutate(d, rng, 100_000 + i++);
            writes++;
          }
          await sleep(1000 / WRITES_PER_S);
        }
      };
      await Promise.all([...fleet.map((d, i) => runDesk(d, (i * CYCLE_MS) / fleet.length)), trickle()]);
      const wall = performance.now() - t;
      const pending = fleet.reduce((sum, d) => sum + d.agent.status().pending, 0);
      log(
        `  steady: ${DESKS} desks on a ${CYCLE_MS / 1000} s schedule for ${(wall / 1000).toFixed(0)} s: ${syncs} syncs, ${writes} writes (${WRITES_PER_S}/s), ${pending} still waiting for their desk's next sync at the end`,
      );
      log(`    push requests: ${samples.describe('steady /sync/push')}`);
      log(`    pull requests: ${samples.describe('steady /sync/pull')}`);
      log(`    errors ${errors.count}${errors.last ? ` (last: ${errors.last})` : ''}, rejected mutations ${rejected}`);
      log(`    ${await usageLine(server, before, wall)}`);
    }

    // 3. Desk-to-desk visibility while both are online.
    {
      const samples = new Samples();
      const errors = { count: 0 } as { count: number; last?: string };
      const [a, b] = [desks[0], desks[2]]; // both in team A
      if (!a || !b) throw new Error('too few desks for the visibility part');
      const writer = fleetDesk(a.desk, server, samples, 'visible', errors);
      const watcher = fleetDesk(b.desk, server, samples, 'visible', errors);
      await writer.syncNow();
      await watcher.syncNow();
      watcher.start();
      await sleep(500);
      const notes = () => (b.desk.store.db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n;
      const shared = a.complaints.filter((id) => b.complaints.includes(id));
      for (let i = 0; i < VISIBILITY; i++) {
        const before = notes();
        const complaintId = shared[i % shared.length];
        if (!complaintId) throw new Error('no case both desks see');
        const started = performance.now();
        a.desk.must('add-note', { complaintId, body: `Seen elsewhere ${i}` });
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
    await server.stop();
    await w.close();
    await pg.stop();
  }
}

await main();
