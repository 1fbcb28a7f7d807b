// Initial sync of a large organisation to an empty desk, against PouchDB replication of the same records.
// `npx tsx tests/bench/sync-initial-bench.ts` (SYNC_BENCH_COMPLAINTS=N, default 100,000; SYNC_BENCH_POUCHDB=0
// leaves PouchDB out; SYNC_BENCH_SNAPSHOT=0 takes protocol 1's way, the change log from 0; SYNC_BENCH_COMPARE=1
// compares the desk row for row with one that took the other way; SYNC_BENCH_CPU_PROFILE=file.cpuprofile
// profiles the desk's side of the sync). Figures are printed, never asserted.
//  - A real PostgreSQL (tests/server/postgres.ts) seeded by sync-seed.ts: a template written through the real
//    use cases and pushed through the real server, copied with fresh ids up to N complaints.
//  - The server in a process of its own (as on a real network, desk and server do not share a CPU's time).
//  - An empty desk (SQLite file, real migrations and search triggers) takes everything with the real
//    SyncAgent over HTTP: the snapshot (SYNC_BENCH_SNAPSHOT_PAGE records a page, default 10,000), then the
//    pull from its head; the time is from the first request to the cursor stored (the search index is then
//    built in the background, as the desk service does: the time until it is complete is printed too).
//    Its row counts are checked against the server's entities.
//  - PouchDB 9 (leveldb on disk, like our SQLite and PostgreSQL): the same records, each record's latest
//    canonical row as one document, in a server-side PouchDB served by express-pouchdb in its own process,
//    replicated over HTTP to an empty client PouchDB (batch_size = our page size).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { isDeepStrictEqual } from 'node:util';
import { SearchIndexBuilder } from '../../db/sqlite/search-builder.js';
import { SyncAgent } from '../../db/sqlite/sync/agent.js';
import { openPgDb } from '../../db/postgres/pg-db.js';
import { MAX_PULL_LIMIT } from '../../shared/contracts/sync.js';
import { startPostgres } from '../server/postgres.js';
import { deskState } from '../sync/desk-state.js';
import { World } from '../sync/harness.js';
import { Samples, loadAverage, startServerProcess, timedFetch } from './sync-bench-kit.js';
import { cloneTemplate, writeTemplate } from './sync-seed.js';
import { pouchReplication } from './pouchdb-replication.js';

const N = Number(process.env.SYNC_BENCH_COMPLAINTS ?? 100_000);
const TEMPLATE = Math.min(N, Number(process.env.SYNC_BENCH_TEMPLATE ?? 500));
const WITH_POUCH = process.env.SYNC_BENCH_POUCHDB !== '0';
/** 0: the empty desk pulls the change log from 0 (protocol 1's way, for a before/after on the same machine). */
const SNAPSHOT = process.env.SYNC_BENCH_SNAPSHOT !== '0';
/** 1: a second empty desk pulls the change log from 0 too, and the two desks are compared row for row. */
const COMPARE = process.env.SYNC_BENCH_COMPARE === '1';
const SNAPSHOT_PAGE = Number(process.env.SYNC_BENCH_SNAPSHOT_PAGE ?? 10_000);
/** A file to write the desk process's CPU profile of the sync alone to (open it in Chrome's DevTools). */
const PROFILE = process.env.SYNC_BENCH_CPU_PROFILE;
/** A file to keep a copy of the synced desk in (e.g. to measure the search index on it). */
const KEEP_DESK = process.env.SYNC_BENCH_KEEP_DESK;
const log = (s: string): void => console.log(s);

async function startProfile(): Promise<{ stop(): Promise<object> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await post('Profiler.stop')) as { profile: object };
      session.disconnect();
      return profile;
    },
  };
}

async function main(): Promise<void> {
  const pg = await startPostgres();
  let connectionString = '';
  const w = await World.create(async () => {
    connectionString = await pg.createDatabase();
    return openPgDb({ connectionString });
  }, [
    { key: 'ada', roles: ['agent'] },
    { key: 'ben', roles: ['agent'] },
  ]);
  const server = await startServerProcess(connectionString);
  try {
    log(`initial sync bench: ${N} complaints, ${pg.version}; load average ${loadAverage()}`);
    let t = performance.now();
    const writer = await w.addDesk('ada');
    await writeTemplate(writer, TEMPLATE);
    log(
      `  seeding: template of ${TEMPLATE} cases through the use cases and push in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    const seeded = await cloneTemplate(w.db, N);
    log(
      `  seeding: copied to ${seeded.complaints} complaints (${seeded.entities} records, ${seeded.changes} changes in the log) in ${(seeded.ms / 1000).toFixed(1)} s`,
    );

    const samples = new Samples();
    const empty = await w.addDesk('ben');
    // As the desk service does: the search index is built in the background once the bootstrap has ended.
    const searchIndex = new SearchIndexBuilder(empty.store.db);
    let bootstrapEndedAt: number | null = null;
    const agent = new SyncAgent({
      desk: empty.store,
      baseUrl: server.url,
      accessToken: () => empty.session.accessToken,
      fetch: timedFetch(samples, 'initial'),
      intervalMs: 3_600_000,
      pullPage: MAX_PULL_LIMIT,
      snapshot: SNAPSHOT,
      snapshotPage: SNAPSHOT_PAGE,
      onSnapshotFinished: () => {
        bootstrapEndedAt = performance.now();
        searchIndex.start();
      },
    });
    const profiler = PROFILE ? await startProfile() : null;
    const before = await server.usage();
    const deskCpu = process.cpuUsage();
    t = performance.now();
    const status = await agent.syncNow();
    const ourMs = performance.now() - t;
    const deskCpuMs = (process.cpuUsage(deskCpu).user + process.cpuUsage(deskCpu).system) / 1000;
    if (profiler && PROFILE) {
      writeFileSync(PROFILE, JSON.stringify(await profiler.stop()));
      log(`  the desk's CPU profile of the sync: ${PROFILE}`);
    }
    const after = await server.usage();
    if (status.lastError) throw new Error(`initial sync failed: ${status.lastError}`);
    const searchCpu = process.cpuUsage();
    await searchIndex.whenComplete();
    const searchDoneMs = performance.now() - t;
    const searchCpuMs = (process.cpuUsage(searchCpu).user + process.cpuUsage(searchCpu).system) / 1000;
    const count = (table: string) =>
      (empty.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const server_ = await w.db.query<{ t: string; n: string }>(
      'SELECT entity_type AS t, count(*)::text AS n FROM entities GROUP BY entity_type ORDER BY 1',
    );
    const mismatches = server_.rows.filter((r) => count(r.t) !== Number(r.n));
    const records = server_.rows.reduce((s, r) => s + Number(r.n), 0);
    log(
      `  ours: ${count('complaints')} complaints, ${records} records (${server_.rows.map((r) => `${r.t} ${r.n}`).join(', ')}) in ${(ourMs / 1000).toFixed(2)} s` +
        ` (${(records / (ourMs / 1000)).toFixed(0)} records/s)${mismatches.length ? `; MISMATCH in ${mismatches.map((m) => m.t).join(', ')}` : '; desk rows = server records'}`,
    );
    log(
      `    ${SNAPSHOT ? `by snapshot: ${SNAPSHOT_PAGE} records a page` : 'by the change log from 0 (SYNC_BENCH_SNAPSHOT=0)'}; the next page asked for while one is applied, so each request includes waiting for the desk`,
    );
    if (SNAPSHOT) log(`    snapshot requests: ${samples.describe('initial /sync/snapshot')}`);
    log(`    pull requests (${MAX_PULL_LIMIT} a page): ${samples.describe('initial /sync/pull')}`);
    const serverCpuMs = after.cpuUserMs + after.cpuSystemMs - before.cpuUserMs - before.cpuSystemMs;
    // On a shared machine the wall time mostly measures the other processes: the CPU times say what the
    // sync itself costs (the desk's includes its HTTP client, JSON parsing and validation; PostgreSQL's own
    // CPU is in neither).
    log(
      `    CPU: desk process ${(deskCpuMs / 1000).toFixed(2)} s (${(deskCpuMs / 1000 / (N / 100_000)).toFixed(1)} s per 100,000 complaints), server process ${(serverCpuMs / 1000).toFixed(2)} s; server peak rss ${after.rssMb.toFixed(0)} MB`,
    );
    const searchDocs = count('search_docs');
    log(
      `    desk search index: ${searchDocs} documents; deadlines ${count('deadlines')}, stages ${count('complaint_stages')}`,
    );
    log(
      `    search index complete ${(searchDoneMs / 1000).toFixed(2)} s after the sync began` +
        (bootstrapEndedAt === null
          ? ''
          : ` (${((searchDoneMs - (bootstrapEndedAt - t)) / 1000).toFixed(2)} s after the bootstrap ended)`) +
        `, built in the background (desk CPU after the sync: ${(searchCpuMs / 1000).toFixed(2)} s)`,
    );

    if (KEEP_DESK) {
      await empty.store.db.backup(KEEP_DESK);
      log(`  the synced desk kept at ${KEEP_DESK}`);
    }

    if (COMPARE) {
      const other = await w.addDesk('ben');
      const byLog = new SyncAgent({
        desk: other.store,
        baseUrl: server.url,
        accessToken: () => other.session.accessToken,
        intervalMs: 3_600_000,
        pullPage: MAX_PULL_LIMIT,
        snapshot: !SNAPSHOT,
        snapshotPage: SNAPSHOT_PAGE,
      });
      const s2 = await byLog.syncNow();
      if (s2.lastError) throw new Error(`the comparison desk's sync failed: ${s2.lastError}`);
      const otherIndex = new SearchIndexBuilder(other.store.db); // a desk that took the snapshot builds it after
      otherIndex.start();
      await otherIndex.whenComplete();
      const [a, b] = [deskState(empty.store.db), deskState(other.store.db)];
      const differing = Object.keys(a).filter((k) => !isDeepStrictEqual(a[k], b[k]));
      log(
        `  compared with a desk that ${SNAPSHOT ? 'pulled the change log from 0' : 'took the snapshot'}: ${differing.length === 0 ? 'row for row identical (synced tables, stages, deadlines, search documents)' : `DIFFERENT in ${differing.join(', ')}`}`,
      );
    }

    if (WITH_POUCH) {
      const pouch = await pouchReplication(w.db, MAX_PULL_LIMIT, log);
      log(
        `  PouchDB: ${pouch.docs} documents replicated in ${(pouch.ms / 1000).toFixed(2)} s (${(pouch.docs / (pouch.ms / 1000)).toFixed(0)} docs/s); CPU: client ${(pouch.clientCpuMs / 1000).toFixed(2)} s, server process ${(pouch.serverCpuMs / 1000).toFixed(2)} s`,
      );
      log(
        `  ratio PouchDB / ours: wall time ${(pouch.ms / ourMs).toFixed(2)}, client CPU ${(pouch.clientCpuMs / deskCpuMs).toFixed(2)}, server CPU ${(pouch.serverCpuMs / serverCpuMs).toFixed(2)} (target: ours at least 3 times faster, under 20 s at 100,000)`,
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
