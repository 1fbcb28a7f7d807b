// Run by kill.test.ts with tsx: a desk process syncing in a loop (small batches and pages, so a kill lands
// mid-push or mid-pull), announcing each sync, until the test kills it with SIGKILL.
import { openDeskDatabase } from '../../db/sqlite/index.js';
import { SyncAgent } from '../../db/sqlite/sync/agent.js';

const [file, baseUrl, token] = process.argv.slice(2);
if (!file || !baseUrl || !token) throw new Error('usage: kill-child <file> <baseUrl> <token>');
const desk = openDeskDatabase(file, { integrityCheck: 'none' });
const agent = new SyncAgent({ desk, baseUrl, accessToken: () => token, pushBatch: 7, pullPage: 11 });
process.stdout.write('ready\n');
for (let n = 0; ; n++) {
  const s = await agent.syncNow();
  process.stdout.write(`synced ${n} pending=${s.pending} error=${s.lastError ?? ''}\n`);
}
