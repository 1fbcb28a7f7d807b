// Numbered SQL migrations (migrations/NNNN_name.sql), each recorded with a SHA-256 of its text, applied at
// start in ONE transaction under a transaction-scoped advisory lock: two server processes starting together
// cannot both migrate (the second waits, then finds nothing to do), and a failure leaves the schema as it was.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from './db.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export type SchemaErrorCode =
  'bad-migration-file' | 'newer-version' | 'migration-missing' | 'migration-checksum-mismatch' | 'migration-failed';

export class SchemaError extends Error {
  constructor(
    readonly code: SchemaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SchemaError';
  }
}

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Any fixed number shared by every server build; it names "the schema migration" lock in pg_locks. */
export const MIGRATION_LOCK_KEY = 4_242_000_001;

/** Line endings are normalised: a Windows checkout (autocrlf) must not look like an edited migration. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

const label = (version: number, name: string): string => `${String(version).padStart(4, '0')}_${name}`;

export function loadMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const m = FILE.exec(file);
    if (!m || m[1] === undefined || m[2] === undefined) {
      throw new SchemaError('bad-migration-file', `migration file '${file}' is not named NNNN_name.sql`);
    }
    const sql = readFileSync(path.join(dir, file), 'utf8');
    migrations.push({ version: Number(m[1]), name: m[2], sql, checksum: checksumOf(sql) });
  }
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new SchemaError(
        'bad-migration-file',
        `migrations must be numbered 0001, 0002, … without gaps; found ${m.version}`,
      );
    }
  });
  return migrations;
}

export interface MigrateOptions {
  readonly dir?: string;
  /** The time recorded against applied migrations; the server passes its clock. */
  readonly nowIso?: string;
}

export interface MigrationReport {
  /** The schema version after migrating (= the build's latest). */
  readonly version: number;
  readonly applied: readonly number[];
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL CHECK (length(checksum) = 64),
  applied_at timestamptz NOT NULL
)`;

async function readApplied(q: Queryable): Promise<AppliedRow[]> {
  const exists = await q.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return [];
  const r = await q.query<AppliedRow>('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
  return r.rows;
}

/** Refuses a database newer than this build and one whose applied migrations were edited since. */
export function checkApplied(applied: readonly AppliedRow[], migrations: readonly Migration[]): void {
  const latest = migrations.length;
  const newest = Math.max(0, ...applied.map((a) => a.version));
  if (newest > latest) {
    throw new SchemaError(
      'newer-version',
      `The database schema is at version ${newest}, newer than this server build understands (up to ${latest}). ` +
        `Deploy the newer server build; the database has not been changed.`,
    );
  }
  for (const a of applied) {
    const known = migrations[a.version - 1];
    if (!known) throw new SchemaError('migration-missing', `applied migration ${label(a.version, a.name)} is unknown`);
    if (known.checksum !== a.checksum) {
      throw new SchemaError(
        'migration-checksum-mismatch',
        `Migration ${label(a.version, a.name)} was edited after it was applied to this database (checksum ` +
          `${a.checksum.slice(0, 12)}… applied, ${known.checksum.slice(0, 12)}… in this build). Restore the ` +
          `file and add a new migration instead; the database has not been changed.`,
      );
    }
  }
}

export async function migrate(db: Db, options: MigrateOptions = {}): Promise<MigrationReport> {
  const migrations = loadMigrations(options.dir);
  const nowIso = options.nowIso ?? new Date().toISOString();
  return db.transaction(async (tx) => {
    // Taken before reading anything, so a second process waits here and then re-reads the finished state.
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    const applied = await readApplied(tx);
    checkApplied(applied, migrations);
    await tx.query(CREATE_TABLE);
    const done = new Set(applied.map((a) => a.version));
    const now: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      try {
        await tx.exec(m.sql);
      } catch (cause) {
        throw new SchemaError(
          'migration-failed',
          `migration ${label(m.version, m.name)} failed: ${(cause as Error).message}`,
          {
            cause,
          },
        );
      }
      await tx.query('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)', [
        m.version,
        m.name,
        m.checksum,
        nowIso,
      ]);
      now.push(m.version);
    }
    return { version: migrations.length, applied: now };
  });
}

/** For /ready: the schema version of the database, or null before any migration. */
export async function schemaVersion(q: Queryable): Promise<number | null> {
  const applied = await readApplied(q);
  return applied.length === 0 ? null : Math.max(...applied.map((a) => a.version));
}

export function latestVersion(dir?: string): number {
  return loadMigrations(dir).length;
}
