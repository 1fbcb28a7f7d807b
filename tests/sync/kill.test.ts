// A desk process killed with SIGKILL at random points while it pushes and pulls, again and again: when it
// finally syncs, nothing is lost and nothing is duplicated, on the desk or on the server.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDeskDatabase } from '../../db/sqlite/index.js';
import { loadCursor } from '../../db/sqlite/sync/apply.js';
import { loadSnapshotPosition } from '../../db/sqlite/sync/snapshot.js';
import { SYNC_TABLES } from '../../shared/app/sync-rows.js';
import type { TestPostgres } from '../server/postgres.js';
import { World, deskDump, startWorldPostgres, type TestDesk } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsxLoader = createRequire(import.meta.url).resolve('tsx');

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startWorldPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

/**
 * Starts the desk's sync loop in a child process and SIGKILLs it `delayMs` after the line `trigger` appears
 * (`req /sync/push 3`: the third push is in flight; `res /sync/pull 2`: the second page is being applied).
 */
/** A desk's named indexes (the automatic ones of keys left out), sorted. */
function indexNames(db: TestDesk['store']['db']): string[] {
  return db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
    .pluck()
    .all() as string[];
}

function runAndKill(desk: TestDesk, baseUrl: string, trigger: string, delayMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', tsxLoader, path.join(here, 'kill-child.ts'), desk.file, baseUrl, desk.session.accessToken],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!armed && out.includes(`${trigger}\n`)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(out);
      else reject(new Error(`the desk process exited on its own (${String(signal)}): ${err}`));
    });
  });
}

describe('kill -9 of a desk process during sync', () => {
  it('loses nothing and duplicates nothing', async () => {
    const w = await World.create(pg, [
      { key: 'ada', roles: ['agent'] },
      { key: 'ben', roles: ['agent'] },
    ]);
    try {
      const baseUrl = await w.server.app.listen({ host: '127.0.0.1', port: 0 });
      const a = await w.addDesk('ada');
      const b = await w.addDesk('ben');
      for (let i = 0; i < 60; i++) {
        const { contactId } = a.must<{ contactId: string }>('log-contact', {
          channel: 'phone',
          madeBy: 'resident',
          person: { givenName: 'Kill', familyName: `Nine ${i}` },
          whatHappened: `Case ${i}`,
        });
        if (i % 3 === 0) a.must('add-note', { contactId, body: `Note ${i}` });
      }
      for (let i = 0; i < 80; i++) {
        b.must('log-contact', { channel: 'email', madeBy: 'anonymous', whatHappened: `From b ${i}` });
      }
      a.close(); // the child process owns the desk's database now
      await b.sync();
      // Kills while a push is in flight, just as its answer arrives, while a page is pulled and while one is
      // applied; then at random moments.
      const random = fc.sample(fc.integer({ min: 0, max: 300 }), { seed: 9, numRuns: 2 });
      const plan: [string, number][] = [
        ['req /sync/push 3', 0],
        ['res /sync/push 4', 0],
        ['req /sync/pull 3', 0],
        ['res /sync/pull 5', 0],
        ...random.map((ms): [string, number] => ['ready', ms]),
      ];
      const killedAt: { settled: number; cursor: number; head: number; syncs: number }[] = [];
      for (const [trigger, delay] of plan) {
        const out = await runAndKill(a, baseUrl, trigger, delay);
        const probe = openDeskDatabase(a.file);
        const settled = probe.db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'accepted'").get() as {
          n: number;
        };
        const cursor = Number(loadCursor(probe.db));
        probe.close();
        const head = Number((await w.db.query<{ s: string }>('SELECT max(seq)::text AS s FROM changes')).rows[0]?.s);
        killedAt.push({
          settled: settled.n,
          cursor,
          head,
          syncs: out.split('\n').filter((l) => l.startsWith('synced')).length,
        });
        b.must('log-contact', {
          channel: 'email',
          madeBy: 'anonymous',
          whatHappened: `Between kills ${trigger} ${delay}`,
        });
        await b.sync();
      }
      // The kills landed mid-push (some entries settled, not all) and mid-pull (a cursor short of the head).
      expect(
        killedAt.some((k) => k.settled > 0 && k.settled < 80),
        JSON.stringify(killedAt),
      ).toBe(true);
      expect(
        killedAt.some((k) => k.settled === 80 && k.cursor > 0 && k.cursor < k.head),
        JSON.stringify(killedAt),
      ).toBe(true);
      a.restart(); // reopen in this process and finish the sync
      await a.sync();
      await b.sync();
      await a.sync();
      expect(a.agent.status()).toMatchObject({ pending: 0, rejections: [] });
      const server = await w.serverDump();
      expect(deskDump(a, server)).toEqual(server);
      expect(deskDump(b, server)).toEqual(server);
      // exactly once: 60 contacts + 20 notes from a, 80 + 6 contacts from b, each with one timeline event
      expect(server.contacts).toHaveLength(60 + 80 + 6);
      expect(server.notes).toHaveLength(20);
      expect(server.timeline_events).toHaveLength(60 + 20 + 80 + 6);
      const ledger = await w.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM mutations WHERE status = 'accepted'",
      );
      expect(ledger.rows[0]?.n).toBe(60 + 20 + 80 + 6);
    } finally {
      await w.close();
    }
  }, 90_000);

  it('leaves a bootstrap killed mid-snapshot with whole pages and their position, and it resumes to the server', async () => {
    const w = await World.create(pg, [
      { key: 'ada', roles: ['agent'] },
      { key: 'ben', roles: ['agent'] },
    ]);
    try {
      const baseUrl = await w.server.app.listen({ host: '127.0.0.1', port: 0 });
      const a = await w.addDesk('ada');
      const b = await w.addDesk('ben');
      for (let i = 0; i < 150; i++) {
        b.must('log-contact', { channel: 'email', madeBy: 'anonymous', whatHappened: `From b ${i}` });
      }
      await b.sync();
      const allIndexes = indexNames(a.store.db);
      a.close(); // the child process owns the desk's database now
      const head = (await w.db.query<{ s: string }>('SELECT max(seq)::text AS s FROM changes')).rows[0]?.s;
      const positions: string[] = [];
      // Kills as a page arrives (its transaction under way or about to be) and a little after.
      for (const [trigger, delay] of [
        ['res /sync/snapshot 3', 0],
        ['res /sync/snapshot 2', 3],
        ['res /sync/snapshot 4', 1],
      ] as const) {
        await runAndKill(a, baseUrl, trigger, delay);
        const probe = openDeskDatabase(a.file);
        const position = loadSnapshotPosition(probe.db);
        const ids = SYNC_TABLES.flatMap((t) => probe.db.prepare(`SELECT id FROM ${t}`).pluck().all() as string[]);
        const indexes = indexNames(probe.db);
        probe.close();
        if (position === null) {
          positions.push('finished');
          continue;
        }
        // Whole pages only: exactly the server's records up to the stored position, and nothing after it.
        const upTo = await w.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM entities WHERE entity_id <= $1::uuid AND updated_seq <= $2::bigint',
          [position.after, position.head],
        );
        expect(position.head).toBe(head);
        expect(ids.every((id) => position.after !== null && id <= position.after)).toBe(true);
        expect(ids.length).toBe(upTo.rows[0]?.n);
        // The indexes dropped for the bootstrap are the ones missing, and the position committed with the
        // pages lists them (finishSnapshot builds them from it).
        const dropped = (position.indexes ?? []).map((i) => i.name);
        if (ids.length > 0) expect(dropped.length).toBeGreaterThan(0);
        expect([...indexes, ...dropped].sort()).toEqual(allIndexes);
        positions.push(`${ids.length} records`);
      }
      // The kills landed mid-bootstrap (some records in, not all).
      expect(
        positions.some((p) => p !== 'finished' && p !== '0 records'),
        positions.join(', '),
      ).toBe(true);
      a.restart();
      await a.sync();
      expect(loadSnapshotPosition(a.store.db)).toBeNull();
      expect(indexNames(a.store.db)).toEqual(allIndexes);
      const server = await w.serverDump();
      expect(deskDump(a, server)).toEqual(server);
    } finally {
      await w.close();
    }
  }, 90_000);
});
