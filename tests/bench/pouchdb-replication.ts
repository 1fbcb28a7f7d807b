// PouchDB replication of the server's records (each record's latest canonical row as one document, id
// "<table>/<id>") from a PouchDB server in its own process to an empty client PouchDB on disk.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/postgres/db.js';
import { PouchDB } from './pouchdb.js';

export async function pouchReplication(
  db: Db,
  batchSize: number,
  log: (s: string) => void,
): Promise<{ docs: number; ms: number; clientCpuMs: number; serverCpuMs: number }> {
  const script = fileURLToPath(new URL('./pouchdb-server-process.ts', import.meta.url));
  const child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const message = (type: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (m.type !== type) return;
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
    });
  const { url } = (await message('listening')) as { url: string };
  const dir = mkdtempSync(path.join(tmpdir(), 'cd-pouch-client-'));
  try {
    const remote = `${url}/records`;
    const put = await fetch(remote, { method: 'PUT' });
    if (!put.ok) throw new Error(`PouchDB server: ${put.status} ${await put.text()}`);
    // Seeding (not timed): every record, in keyset batches.
    const t0 = performance.now();
    let after = { t: '', id: '00000000-0000-0000-0000-000000000000' };
    let loaded = 0;
    for (;;) {
      const r = await db.query<{ t: string; id: string; data: string }>(
        `SELECT entity_type AS t, entity_id::text AS id, data::text AS data FROM entities
         WHERE (entity_type, entity_id) > ($1, $2::uuid) ORDER BY entity_type, entity_id LIMIT 5000`,
        [after.t, after.id],
      );
      const last = r.rows[r.rows.length - 1];
      if (!last) break;
      const docs = r.rows.map((x) => `{"_id":${JSON.stringify(`${x.t}/${x.id}`)},${x.data.slice(1)}`);
      const res = await fetch(`${remote}/_bulk_docs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"docs":[${docs.join(',')}]}`,
      });
      if (!res.ok) throw new Error(`PouchDB _bulk_docs: ${res.status} ${(await res.text()).slice(0, 300)}`);
      loaded += r.rows.length;
      after = { t: last.t, id: last.id };
    }
    log(
      `  PouchDB seeding: ${loaded} documents into the server-side PouchDB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const usage = () => {
      const p = message('usage');
      child.send({ type: 'usage' });
      return p as Promise<{ cpuUserMs: number; cpuSystemMs: number }>;
    };
    const local = new PouchDB(path.join(dir, 'client'));
    const before = await usage();
    const cpu = process.cpuUsage();
    const t = performance.now();
    const result = await local.replicate.from(remote, { batch_size: batchSize });
    const ms = performance.now() - t;
    const clientCpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
    const afterUsage = await usage();
    const info = await local.info();
    if (!result.ok || info.doc_count !== loaded) {
      throw new Error(
        `PouchDB replication incomplete: ${info.doc_count} of ${loaded} (${JSON.stringify(result.errors)})`,
      );
    }
    await local.close();
    return {
      docs: info.doc_count,
      ms,
      clientCpuMs,
      serverCpuMs: afterUsage.cpuUserMs + afterUsage.cpuSystemMs - before.cpuUserMs - before.cpuSystemMs,
    };
  } finally {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send({ type: 'stop' });
    });
    rmSync(dir, { recursive: true, force: true });
  }
}
