// Migrations against a real PostgreSQL: applied once, in one transaction, under an advisory lock; an
// edited applied migration and a database newer than the build are refused with a clear message.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/postgres/db.js';
import {
  DEFAULT_MIGRATIONS_DIR,
  latestVersion,
  loadMigrations,
  migrate,
  SchemaError,
} from '../../db/postgres/migrations.js';
import { openAndMigrate } from '../../db/postgres/open.js';
import { openPgDb } from '../../db/postgres/pg-db.js';
import { DataDirInUseError, openPgliteDb } from '../../db/postgres/pglite-db.js';
import { startPostgres, type TestPostgres } from './postgres.js';

let pgServer: TestPostgres;
const opened: Db[] = [];
const dirs: string[] = [];

async function freshDb(): Promise<Db> {
  const db = openPgDb({ connectionString: await pgServer.createDatabase() });
  opened.push(db);
  return db;
}

function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cd-migrations-'));
  dirs.push(dir);
  cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function tables(db: Db): Promise<string[]> {
  const r = await db.query<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
  );
  return r.rows.map((x) => x.t);
}

beforeAll(async () => {
  pgServer = await startPostgres();
});

afterAll(async () => {
  for (const db of opened) await db.close().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await pgServer?.stop();
});

describe('PostgreSQL migrations', () => {
  it('are numbered without gaps and apply once; a restart applies nothing', async () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(pgServer.version).toMatch(/PostgreSQL\) 1[5-9]/);
    const db = await freshDb();
    const first = await migrate(db);
    expect(first).toEqual({ version: latestVersion(), applied: migrations.map((m) => m.version) });
    expect(await tables(db)).toEqual(
      expect.arrayContaining([
        'users',
        'user_roles',
        'refresh_tokens',
        'desks',
        'changes',
        'mutations',
        'letter_templates',
      ]),
    );
    expect(await migrate(db)).toEqual({ version: latestVersion(), applied: [] });
    const rows = await db.query<{ checksum: string }>('SELECT checksum FROM schema_migrations ORDER BY version');
    expect(rows.rows.map((r) => r.checksum)).toEqual(migrations.map((m) => m.checksum));
  });

  it('refuses a database whose applied migration was edited, and changes nothing', async () => {
    const db = await freshDb();
    const dir = copyOfMigrations();
    await migrate(db, { dir });
    const first = readdirSync(dir).sort()[0] ?? '';
    appendFileSync(path.join(dir, first), '\n-- a quiet edit\n');
    const error = await migrate(db, { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as SchemaError).code).toBe('migration-checksum-mismatch');
    expect((error as Error).message).toMatch(/0001_identity was edited after it was applied/);
    // Windows line endings are not an edit.
    const crlf = copyOfMigrations();
    for (const f of readdirSync(crlf)) {
      const p = path.join(crlf, f);
      writeFileSync(
        p,
        loadMigrations()
          .find((m) => f.startsWith(String(m.version).padStart(4, '0')))
          ?.sql.replace(/\n/g, '\r\n') ?? '',
      );
    }
    expect(await migrate(db, { dir: crlf })).toMatchObject({ applied: [] });
  });

  it('refuses a database newer than this build, with a clear message', async () => {
    const db = await freshDb();
    await migrate(db);
    await db.query(
      `INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, 'from_the_future', $2, now())`,
      [latestVersion() + 1, 'f'.repeat(64)],
    );
    const error = await migrate(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as SchemaError).code).toBe('newer-version');
    expect((error as Error).message).toContain(`schema is at version ${latestVersion() + 1}`);
  });

  it('rolls a failing migration back completely', async () => {
    const db = await freshDb();
    const dir = copyOfMigrations();
    const broken = `${String(latestVersion() + 1).padStart(4, '0')}_broken`;
    writeFileSync(path.join(dir, `${broken}.sql`), 'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;\n');
    const error = await migrate(db, { dir }).catch((e: unknown) => e);
    expect((error as SchemaError).code).toBe('migration-failed');
    expect((error as Error).message).toContain(`${broken} failed`);
    // One transaction: not even the good migrations before it were kept.
    expect(await tables(db)).toEqual([]);
  });

  it('lets two servers start together: one migrates, the other waits and finds nothing to do', async () => {
    const url = await pgServer.createDatabase();
    const processes = Array.from({ length: 4 }, () => openPgDb({ connectionString: url, max: 2 }));
    opened.push(...processes);
    const reports = await Promise.all(processes.map((db) => migrate(db)));
    const applied = reports.map((r) => r.applied.length).sort();
    expect(applied).toEqual([0, 0, 0, latestVersion()]);
    const rows = await processes[0]?.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows?.rows[0]?.n).toBe(latestVersion());
  });

  it("answers a resent mutation's change-log position by index, not by scanning the change log", async () => {
    const db = await freshDb();
    await migrate(db);
    await db.query('SET enable_seqscan = off');
    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT max(c.seq) FROM changes c WHERE c.mutation_id = '00000000-0000-4000-8000-000000000001'`,
    );
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/changes_mutation/);
  });

  it('closes the connection when a refused start fails', async () => {
    const url = await pgServer.createDatabase();
    const db = openPgDb({ connectionString: url });
    opened.push(db);
    await migrate(db);
    await db.query(`UPDATE schema_migrations SET checksum = $1 WHERE version = 1`, ['0'.repeat(64)]);
    await expect(openAndMigrate({ databaseUrl: url })).rejects.toThrow(/was edited after it was applied/);
  });
});

describe('PGlite data directory', () => {
  it('is migrated on disk, kept across restarts, and refused to a second process while in use', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cd-pglite-'));
    dirs.push(dir);
    const dataDir = path.join(dir, 'server-pglite');
    const { db, migrations } = await openAndMigrate({ pgliteDir: dataDir });
    expect(migrations.applied).toHaveLength(latestVersion());
    // A lock file naming a live process (this test runner's parent stands in for another server).
    await db.close();
    writeFileSync(`${dataDir}.lock`, String(process.ppid));
    await expect(openPgliteDb({ dataDir })).rejects.toBeInstanceOf(DataDirInUseError);
    // A lock left by a process that no longer exists is taken over.
    writeFileSync(`${dataDir}.lock`, '2147483646');
    const again = await openAndMigrate({ pgliteDir: dataDir });
    expect(again.migrations.applied).toEqual([]);
    await again.db.close();
  });
});
