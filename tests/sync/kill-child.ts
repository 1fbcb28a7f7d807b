// Run by kill.test.ts with tsx: a desk process syncing in a loop (small batches and pages, so a kill lands
// mid-push, mid-snapshot or mid-pull), announcing each request before it is sent and each answer as it arrives, until the
// test kills it with SIGKILL.
import { openDeskDatabase } from '../../db/sqlite/index.js';
import { SyncAgent } from '../../db/sqlite/sync/agent.js';

const [file, baseUrl, token] = process.argv.slice(2);
if (!file || !baseUrl || !token) throw new Error('usage: kill-child <file> <baseUrl> <token>');
const desk = openDeskDatabase(file, { integrityCheck: 'none' });
const counts = new Map<string, number>();
const announcingFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const path = new URL(String(input)).pathname;
  const n = (counts.get(path) ?? 0) + 1;
  counts.set(path, n);
  process.stdout.write(`req ${path} ${n}\n`);
  const res = await fetch(input, init);
  const body = await res.text();
  process.stdout.write(`res ${path} ${n}\n`);
  return new Response(body, { status: res.status, headers: res.headers });
}) as typeof fetch;
const agent = new SyncAgent({
  desk,
  baseUrl,
  accessToken: () => token,
  pushBatch: 7,
  pullPage: 11,
  snapshotPage: 11,
  fetch: announcingFetch,
});
process.stdout.write('ready\n');
for (let n = 0; ; n++) {
  const s = await agent.syncNow();
  process.stdout.write(`synced ${n} pending=${s.pending} error=${s.lastError ?? ''}\n`);
}
