// Sync figures (printed, not pass/fail): `npx tsx tests/bench/sync-bench.ts` (SYNC_BENCH_COMPLAINTS=N, default
// 2000). A real PostgreSQL (tests/server/postgres.ts), the server listening on 127.0.0.1, desks on SQLite files
// with the real SyncAgent over HTTP:
//  - push throughput: a desk pushes N enquiries converted to complaints (2N mutations);
//  - initial sync of those complaints with their related rows to an empty desk;
//  - steady state: one mutation then a sync, repeatedly (p50/p95 of the push and pull requests);
//  - desk-to-desk visibility through the event stream (p50/p95).
import { SyncAgent } from '../../db/sqlite/sync/agent.js';
import { startPostgres } from '../server/postgres.js';
import { World, type TestDesk } from '../sync/harness.js';

const N = Number(process.env.SYNC_BENCH_COMPLAINTS ?? 2000);
const log = (s: string): void => console.log(s);

const samples = new Map<string, number[]>();
function record(name: string, ms: number): void {
  const list = samples.get(name) ?? [];
  list.push(ms);
  samples.set(name, list);
}
function pct(name: string): string {
  const list = [...(samples.get(name) ?? [])].sort((a, b) => a - b);
  const at = (p: number) => list[Math.min(list.length - 1, Math.floor((p / 100) * list.length))] ?? NaN;
  return `n=${list.length} p50=${at(50).toFixed(1)} ms p95=${at(95).toFixed(1)} ms p99=${at(99).toFixed(1)} ms`;
}

/** fetch, timing each POST by path under `prefix`. */
function timedFetch(prefix: string): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const t = performance.now();
    const res = await fetch(input, init);
    if (init?.method !== 'POST') return res;
    const body = await res.text();
    record(`${prefix} ${new URL(String(input)).pathname}`, performance.now() - t);
    return new Response(body, { status: res.status, headers: res.headers });
  }) as typeof fetch;
}

function agentFor(
  d: TestDesk,
  baseUrl: string,
  prefix: string,
  extra: Partial<ConstructorParameters<typeof SyncAgent>[0]> = {},
) {
  return new SyncAgent({
    desk: d.store,
    baseUrl,
    accessToken: () => d.session.accessToken,
    fetch: timedFetch(prefix),
    intervalMs: 3_600_000,
    ...extra,
  });
}

async function main(): Promise<void> {
  const pg = await startPostgres();
  const w = await World.create(pg, [
    { key: 'ada', roles: ['agent'] },
    { key: 'ben', roles: ['agent'] },
    { key: 'cat', roles: ['agent'] },
  ]);
  try {
    const baseUrl = await w.server.app.listen({ host: '127.0.0.1', port: 0 });
    log(`sync bench: ${N} complaints, PostgreSQL ${pg.version}, server on ${baseUrl}`);
    const writer = await w.addDesk('ada');
    let t = performance.now();
    for (let i = 0; i < N; i++) {
      const { contactId } = writer.must<{ contactId: string }>('log-contact', {
        channel: 'phone',
        madeBy: 'resident',
        person: { givenName: 'Bench', familyName: `Resident ${i}`, postcode: 'M1 1AA' },
        whatHappened: `Bench case ${i}: the repair was not done.`,
        dissatisfaction: true,
      });
      writer.must('convert-to-complaint', { contactId, reason: 'resident-asked', residentOfferedChoice: true });
    }
    log(`  desk: ${2 * N} mutations written locally in ${(performance.now() - t).toFixed(0)} ms`);

    t = performance.now();
    const pushStatus = await agentFor(writer, baseUrl, 'bulk', { pushBatch: 500, pullPage: 1000 }).syncNow();
    const pushMs = performance.now() - t;
    if (pushStatus.pending !== 0 || pushStatus.rejections.length) throw new Error(JSON.stringify(pushStatus));
    log(
      `  push + pull-back of ${2 * N} mutations: ${pushMs.toFixed(0)} ms (${((2 * N) / (pushMs / 1000)).toFixed(0)} mutations/s)`,
    );
    log(`    push requests (500 mutations): ${pct('bulk /sync/push')}`);

    const empty = await w.addDesk('ben');
    const changes = Number((await w.db.query<{ n: string }>('SELECT count(*)::text AS n FROM changes')).rows[0]?.n);
    t = performance.now();
    await agentFor(empty, baseUrl, 'initial', { pullPage: 1000 }).syncNow();
    const initialMs = performance.now() - t;
    const complaints = (empty.store.db.prepare('SELECT count(*) AS n FROM complaints').get() as { n: number }).n;
    log(
      `  initial sync to an empty desk: ${complaints} complaints (${changes} changes) in ${initialMs.toFixed(0)} ms (${(changes / (initialMs / 1000)).toFixed(0)} changes/s; ${(initialMs / 1000 / (complaints / 100_000)).toFixed(1)} s per 100,000 complaints extrapolated)`,
    );
    log(`    pull requests (1000 changes): ${pct('initial /sync/pull')}`);

    const steadyA = agentFor(writer, baseUrl, 'steady');
    const steadyB = agentFor(empty, baseUrl, 'steady');
    const ids = (writer.store.db.prepare('SELECT id FROM complaints LIMIT 200').all() as { id: string }[]).map(
      (r) => r.id,
    );
    for (const [i, complaintId] of ids.entries()) {
      writer.must('add-note', { complaintId, body: `Steady note ${i}` });
      await steadyA.syncNow();
      if (i % 2 === 0) await steadyB.syncNow();
    }
    log(`  steady state, one mutation per sync:`);
    log(`    push: ${pct('steady /sync/push')}`);
    log(`    pull: ${pct('steady /sync/pull')}`);

    const watcher = await w.addDesk('cat');
    const watching = agentFor(watcher, baseUrl, 'watch');
    await watching.syncNow();
    watching.start();
    await new Promise((r) => setTimeout(r, 300));
    const count = () => (watcher.store.db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n;
    for (let i = 0; i < 30; i++) {
      const before = count();
      writer.must('add-note', { complaintId: ids[i % ids.length], body: `Visible elsewhere ${i}` });
      const started = performance.now();
      await steadyA.syncNow();
      while (count() === before && performance.now() - started < 5000) await new Promise((r) => setTimeout(r, 2));
      record('visibility', performance.now() - started);
    }
    watching.stop();
    log(`  desk-to-desk visibility (push on one desk → applied on another via the event stream): ${pct('visibility')}`);
    const mem = process.memoryUsage();
    log(
      `  process (server + desks in one process): rss ${(mem.rss / 1e6).toFixed(0)} MB, heap ${(mem.heapUsed / 1e6).toFixed(0)} MB`,
    );
  } finally {
    await w.close();
    await pg.stop();
  }
}

await main();
