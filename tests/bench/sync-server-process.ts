// The sync benchmarks' server in a process of its own, as in production (desks are other machines): the
// server built as the tests build it (same token secret and fixed clock, so sessions made by the parent's
// in-process server are valid here), listening on a loopback port. It answers the parent's "usage" message
// with its own CPU time and resident memory, so the figures are the server's alone.
// Usage (through child_process.fork with tsx): sync-server-process.ts <postgres connection string>
import { openPgDb } from '../../db/postgres/pg-db.js';
import { makeServer } from '../server/helpers.js';

export type ServerMessage =
  | { readonly type: 'listening'; readonly url: string }
  | { readonly type: 'usage'; readonly cpuUserMs: number; readonly cpuSystemMs: number; readonly rssMb: number };

const connectionString = process.argv[2];
if (!connectionString || !process.send) throw new Error('run through fork() with a connection string');
const send = (m: ServerMessage) => process.send?.(m);

const db = openPgDb({ connectionString, max: Number(process.env.SYNC_BENCH_POOL ?? 10) });
const server = await makeServer(db, { logger: false });
const url = await server.app.listen({ host: '127.0.0.1', port: 0 });
send({ type: 'listening', url });

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
process.on('message', (m: { type: string }) => {
  if (m.type === 'usage') {
    const cpu = process.cpuUsage();
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    send({ type: 'usage', cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, rssMb: peakRss / 1e6 });
  } else if (m.type === 'stop') {
    clearInterval(sampler);
    void server.app.close().then(async () => {
      await db.close();
      process.exit(0);
    });
  }
});
