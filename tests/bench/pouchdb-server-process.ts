// A PouchDB server (express-pouchdb over leveldb in a temp directory) in a process of its own, like our
// server in sync-server-process.ts. Sends { url } when it listens; deletes its directory on "stop".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PouchDB, expressPouchdb } from './pouchdb.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cd-pouch-server-'));
const Pouch = PouchDB.defaults({ prefix: `${dir}/` });
const app = expressPouchdb(Pouch, {
  mode: 'minimumForPouchDB',
  inMemoryConfig: true,
  logPath: path.join(dir, 'log.txt'),
});
const http = app.listen(0, '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${port}` });
});
process.on('message', (m: { type: string }) => {
  if (m.type === 'usage') {
    const cpu = process.cpuUsage();
    process.send?.({
      type: 'usage',
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      rssMb: process.memoryUsage().rss / 1e6,
    });
  } else if (m.type === 'stop') {
    http.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
});
