import { copyFileSync, cpSync, readFileSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_MIGRATIONS_DIR,
  checkDeskIntegrity,
  checkpointDesk,
  isDeskDatabaseError,
  loadMigrations,
  openDeskDatabase,
} from '../../db/sqlite/index.js';
import { addCase, idFactory, openTemp, seedDesk, tempDir } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function expectOpenError(file: string, code: string, message: RegExp, options = {}): void {
  let caught: unknown;
  try {
    openDeskDatabase(file, options).close();
  } catch (e) {
    caught = e;
  }
  expect(isDeskDatabaseError(caught)).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
  expect((caught as Error).message).toMatch(message);
}

describe('openDeskDatabase', () => {
  it('creates a new desk database in WAL mode with foreign keys on and every migration applied', () => {
    const file = path.join(dir, 'nested', 'desk.db');
    const desk = openDeskDatabase(file);
    const latest = loadMigrations().length;
    expect(desk.schemaVersion).toBe(latest);
    expect(desk.migrationsApplied).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
    expect(desk.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(desk.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(desk.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(desk.db.pragma('wal_autocheckpoint', { simple: true })).toBe(16384);
    const cp = checkpointDesk(desk.db);
    expect(cp.walPages).toBeGreaterThan(0);
    expect(cp.checkpointed).toBe(cp.walPages);
    expect(desk.filesDir).toBe(path.join(dir, 'nested', 'desk.files'));
    expect(() =>
      desk.db
        .prepare(
          "INSERT INTO tenancies (id, property_id, start_date, updated_hlc) VALUES ('t', 'nope', '2025-01-01', 'h')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    desk.close();

    const again = openDeskDatabase(file);
    expect(again.migrationsApplied).toEqual([]);
    expect(again.schemaVersion).toBe(latest);
    again.close();
  });

  it('finds its migrations beside the module, whatever the working directory', () => {
    expect(existsSync(path.join(DEFAULT_MIGRATIONS_DIR, '0001_core.sql'))).toBe(true);
  });

  it('refuses a database written by a newer version, leaving it untouched', () => {
    const file = path.join(dir, 'desk.db');
    openTemp(dir).close();
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = readFileSync(file);
    expectOpenError(file, 'newer-version', /written by a newer version of Complaints Desk/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database with a migration this build does not know', () => {
    const file = path.join(dir, 'desk.db');
    openTemp(dir).close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO schema_migrations VALUES (42, 'from_the_future', ?, 'x')").run('a'.repeat(64));
    raw.close();
    expectOpenError(file, 'newer-version', /newer version/);
  });

  it('refuses a non-SQLite file without modifying it', () => {
    const file = path.join(dir, 'desk.db');
    writeFileSync(file, 'PK\u0003\u0004 this is a zip file, or a document someone renamed'.repeat(50));
    const before = readFileSync(file);
    expectOpenError(file, 'not-a-database', /not a Complaints Desk database/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it("refuses another application's SQLite database instead of migrating into it", () => {
    const file = path.join(dir, 'other.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)');
    raw.close();
    const before = readFileSync(file);
    expectOpenError(file, 'not-a-database', /another application/);
    expect(readFileSync(file).equals(before)).toBe(true);
    const marked = new Database(path.join(dir, 'marked.db'));
    marked.pragma('application_id = 42');
    marked.exec('CREATE TABLE t (x)');
    marked.close();
    expectOpenError(path.join(dir, 'marked.db'), 'not-a-database', /another application/);
  });

  it('marks its files with an application id', () => {
    const desk = openTemp(dir);
    expect(desk.db.pragma('application_id', { simple: true })).toBe(0x4344736b);
    desk.close();
  });

  it('detects a damaged SQLite file (quick_check) and never overwrites it', () => {
    const file = path.join(dir, 'desk.db');
    const desk = openTemp(dir);
    seedDesk(desk.db);
    const newId = idFactory();
    for (let i = 0; i < 200; i++) addCase(desk.db, newId, { familyName: `Name${i}` });
    desk.db.pragma('wal_checkpoint(TRUNCATE)');
    desk.close();
    // Scribble over the middle of the file, past the header and the schema page.
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    for (let p = 3; p * pageSize < bytes.length; p += 4) {
      bytes.fill(0xa5, p * pageSize + 8, p * pageSize + 200);
    }
    writeFileSync(file, bytes);
    const before = readFileSync(file);
    expectOpenError(file, 'corrupt', /damaged/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('on a large file, defers the full check but still catches truncation, and the full check finds damage', () => {
    const file = path.join(dir, 'desk.db');
    const desk = openTemp(dir);
    seedDesk(desk.db);
    const newId = idFactory();
    for (let i = 0; i < 200; i++) addCase(desk.db, newId, { familyName: `Name${i}` });
    desk.db.pragma('wal_checkpoint(TRUNCATE)');
    desk.close();
    const good = readFileSync(file);
    // Treat the file as "large": the open-time check is the bounded one.
    const large = { fullCheckMaxBytes: 0 };
    openDeskDatabase(file, large).close();
    writeFileSync(file, good.subarray(0, good.length - 4096 * 3));
    const truncated = readFileSync(file);
    expectOpenError(file, 'corrupt', /damaged/, large);
    expect(readFileSync(file).equals(truncated)).toBe(true);

    const damaged = Buffer.from(good);
    const pageSize = damaged.readUInt16BE(16);
    for (let p = 3; p * pageSize < damaged.length; p += 4) damaged.fill(0xa5, p * pageSize + 8, p * pageSize + 200);
    writeFileSync(file, damaged);
    const raw = new Database(file, { readonly: true });
    const result = checkDeskIntegrity(raw);
    raw.close();
    expect(result.ok).toBe(false);
  });

  it('detects a truncated database', () => {
    const file = path.join(dir, 'desk.db');
    const desk = openTemp(dir);
    seedDesk(desk.db);
    const newId = idFactory();
    for (let i = 0; i < 100; i++) addCase(desk.db, newId);
    desk.db.pragma('wal_checkpoint(TRUNCATE)');
    desk.close();
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const before = readFileSync(file);
    expectOpenError(file, 'corrupt', /damaged/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses to open when an applied migration file was edited', () => {
    const migrations = path.join(dir, 'migrations');
    cpSync(DEFAULT_MIGRATIONS_DIR, migrations, { recursive: true });
    const file = path.join(dir, 'desk.db');
    openDeskDatabase(file, { migrationsDir: migrations }).close();
    appendFileSync(path.join(migrations, '0002_audit.sql'), '\n-- a harmless-looking edit\n');
    expectOpenError(file, 'migration-checksum-mismatch', /0002_audit was edited after it was applied/, {
      migrationsDir: migrations,
    });
  });

  it('treats a Windows (CRLF) checkout of the same migrations as unchanged', () => {
    const migrations = path.join(dir, 'migrations');
    cpSync(DEFAULT_MIGRATIONS_DIR, migrations, { recursive: true });
    const file = path.join(dir, 'desk.db');
    openDeskDatabase(file, { migrationsDir: migrations }).close();
    const f = path.join(migrations, '0001_core.sql');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/\n/g, '\r\n'));
    openDeskDatabase(file, { migrationsDir: migrations }).close();
  });

  it('rolls back every migration of an open when one fails', () => {
    const migrations = path.join(dir, 'migrations');
    cpSync(DEFAULT_MIGRATIONS_DIR, migrations, { recursive: true });
    const next = String(loadMigrations().length + 1).padStart(4, '0');
    writeFileSync(path.join(migrations, `${next}_broken.sql`), 'CREATE TABLE fine (x INTEGER);\nTHIS IS NOT SQL;');
    const file = path.join(dir, 'desk.db');
    expectOpenError(file, 'migration-failed', new RegExp(`${next}_broken failed`), { migrationsDir: migrations });
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name IN ('fine', 'complaints')").get()).toEqual({
      n: 0,
    });
    raw.close();
  });

  it('opens a copy taken while another connection had uncheckpointed WAL content', () => {
    const desk = openTemp(dir);
    seedDesk(desk.db);
    addCase(desk.db, idFactory());
    const copy = path.join(dir, 'copy.db');
    copyFileSync(desk.file, copy);
    copyFileSync(`${desk.file}-wal`, `${copy}-wal`);
    desk.close();
    const c = openDeskDatabase(copy);
    expect(c.db.prepare('SELECT count(*) AS n FROM complaints').get()).toEqual({ n: 1 });
    c.close();
  });
});
