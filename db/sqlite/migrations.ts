// Numbered SQL migrations, found beside this module at runtime (Electron packages the .sql files with it),
// each recorded with a SHA-256 of its text so an applied migration cannot be edited silently.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { DeskDatabaseError } from './errors.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Line endings are normalised first: a Windows checkout (autocrlf) must not look like an edited migration. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

export function loadMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const m = FILE.exec(file);
    if (!m || m[1] === undefined || m[2] === undefined) {
      throw new Error(`migration file '${file}' is not named NNNN_name.sql`);
    }
    const sql = readFileSync(path.join(dir, file), 'utf8');
    migrations.push({ version: Number(m[1]), name: m[2], sql, checksum: checksumOf(sql) });
  }
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations must be numbered 0001, 0002, … without gaps; found ${m.version}`);
  });
  return migrations;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL CHECK (length(checksum) = 64),
  applied_at TEXT NOT NULL
) STRICT`;

function hasMigrationsTable(db: Database.Database): boolean {
  return (
    db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).get() !== undefined
  );
}

/**
 * Refuses a database this build cannot understand, and one whose applied migrations were edited since.
 * Runs before anything is written.
 */
export function checkApplied(db: Database.Database, file: string, migrations: readonly Migration[]): AppliedRow[] {
  const latest = migrations.length;
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const applied = hasMigrationsTable(db)
    ? (db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[])
    : [];
  const newest = Math.max(userVersion, ...applied.map((a) => a.version), 0);
  if (newest > latest) {
    throw new DeskDatabaseError(
      'newer-version',
      file,
      `This desk database was written by a newer version of Complaints Desk (schema version ${newest}; this ` +
        `version understands up to ${latest}). Update Complaints Desk to open it; the file has not been changed.`,
    );
  }
  for (const a of applied) {
    const known = migrations[a.version - 1];
    if (!known) {
      throw new DeskDatabaseError('migration-missing', file, `applied migration ${a.version} (${a.name}) is unknown`);
    }
    if (known.checksum !== a.checksum) {
      throw new DeskDatabaseError(
        'migration-checksum-mismatch',
        file,
        `migration ${String(a.version).padStart(4, '0')}_${a.name} was edited after it was applied to this ` +
          `database (checksum ${a.checksum.slice(0, 12)}… applied, ${known.checksum.slice(0, 12)}… now). ` +
          `Add a new migration instead of changing an applied one.`,
      );
    }
  }
  return applied;
}

/**
 * Applies the pending migrations up to `target` in ONE immediate transaction: a crash or a failing statement
 * leaves the database exactly at its previous version. Returns the versions applied.
 */
export function migrate(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[],
  nowIso: string,
  target: number = migrations.length,
): number[] {
  const run = db.transaction((): number[] => {
    // Re-read under the write lock: another process may have migrated while we waited for it.
    const applied = checkApplied(db, file, migrations);
    db.exec(CREATE_TABLE);
    const done = new Set(applied.map((a) => a.version));
    const insert = db.prepare(
      'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
    );
    const now: number[] = [];
    for (const m of migrations) {
      if (m.version > target || done.has(m.version)) continue;
      try {
        db.exec(m.sql);
      } catch (cause) {
        throw new DeskDatabaseError(
          'migration-failed',
          file,
          `migration ${String(m.version).padStart(4, '0')}_${m.name} failed: ${(cause as Error).message}`,
          { cause },
        );
      }
      insert.run(m.version, m.name, m.checksum, nowIso);
      now.push(m.version);
    }
    const version = Math.max(0, ...applied.map((a) => a.version), ...now);
    db.pragma(`user_version = ${version}`);
    return now;
  });
  return run.immediate();
}
