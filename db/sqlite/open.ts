// Opening a desk's database: one file per desk profile. A file that is not SQLite, is damaged, or was written
// by a newer build is refused with a typed error BEFORE anything writes to it, because it may be the only
// copy of a desk's unsynced work: support can still recover it, we must not make that harder.
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DeskDatabaseError } from './errors.js';
import { checkApplied, DEFAULT_MIGRATIONS_DIR, loadMigrations, migrate, type Migration } from './migrations.js';

export type SqliteDatabase = Database.Database;

export interface OpenDeskDatabaseOptions {
  /** Where the NNNN_name.sql files are; defaults to the migrations shipped beside this module. */
  readonly migrationsDir?: string;
  /** Migrate only up to this version (tests of each migration); defaults to the latest. */
  readonly targetVersion?: number;
  /**
   * 'quick' (default) runs PRAGMA quick_check on an existing file before opening it for writing. 'none' skips
   * it: for callers that checked already (tests, the benchmark's re-open) and accept the risk.
   */
  readonly integrityCheck?: 'quick' | 'none';
  /** How long a writer waits for another connection's lock. */
  readonly busyTimeoutMs?: number;
  /** The time recorded against applied migrations (the desk's Clock port). */
  readonly now?: () => Date;
}

export interface DeskDatabase {
  readonly db: SqliteDatabase;
  readonly file: string;
  /** Attachments live here, beside the database, under a content-hash path (see attachments.ts). */
  readonly filesDir: string;
  readonly schemaVersion: number;
  /** Migrations applied by this open (empty when the file was already up to date). */
  readonly migrationsApplied: readonly number[];
  close(): void;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Reads only the first 100 bytes (the SQLite header), so a non-SQLite file is recognised without SQLite. */
function checkHeader(file: string): 'empty' | 'sqlite' {
  const size = statSync(file).size;
  if (size === 0) return 'empty';
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(100);
    const n = readSync(fd, header, 0, 100, 0);
    if (n < 100 || !header.subarray(0, 16).equals(SQLITE_HEADER)) {
      throw new DeskDatabaseError(
        'not-a-database',
        file,
        `'${file}' is not a Complaints Desk database (no SQLite header)`,
      );
    }
  } finally {
    closeSync(fd);
  }
  return 'sqlite';
}

/** Integrity and version checks on a READ-ONLY connection, so a bad file is never touched. */
function checkExisting(file: string, migrations: readonly Migration[], integrity: 'quick' | 'none'): void {
  let ro: SqliteDatabase | undefined;
  try {
    ro = new Database(file, { readonly: true, fileMustExist: true });
    if (integrity === 'quick') {
      const rows = ro.pragma('quick_check(20)') as { quick_check: string }[];
      const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
      if (problems.length > 0) {
        throw new DeskDatabaseError('corrupt', file, `desk database '${file}' is damaged: ${problems.join('; ')}`);
      }
    } else {
      ro.prepare('SELECT count(*) FROM sqlite_schema').get();
    }
    checkApplied(ro, file, migrations);
  } catch (e) {
    if (e instanceof DeskDatabaseError) throw e;
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || String(code).startsWith('SQLITE_CORRUPT')) {
      throw new DeskDatabaseError('corrupt', file, `desk database '${file}' is damaged: ${(e as Error).message}`, {
        cause: e,
      });
    }
    throw e;
  } finally {
    ro?.close();
  }
}

export function openDeskDatabase(file: string, options: OpenDeskDatabaseOptions = {}): DeskDatabase {
  const migrations = loadMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const target = options.targetVersion ?? migrations.length;
  if (existsSync(file) && checkHeader(file) === 'sqlite') {
    checkExisting(file, migrations, options.integrityCheck ?? 'quick');
  } else {
    mkdirSync(path.dirname(file), { recursive: true });
  }

  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL with WAL: a power cut can lose the last commits but never corrupts; sync makes them durable remotely.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -32768'); // 32 MiB per connection: the queue and search indexes stay hot.
    db.pragma('mmap_size = 268435456');
    const nowIso = (options.now ?? (() => new Date()))().toISOString();
    const applied = migrate(db, file, migrations, nowIso, target);
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const parsed = path.parse(file);
    return {
      db,
      file,
      filesDir: path.join(parsed.dir, `${parsed.name}.files`),
      schemaVersion,
      migrationsApplied: applied,
      close: () => {
        if (!db.open) return;
        db.pragma('optimize');
        db.close();
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}
