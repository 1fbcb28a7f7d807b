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
   * How hard to look for damage before opening for writing. 'full' runs PRAGMA quick_check over the whole
   * file, which costs about 5 ms per MB (a minute on a 3.6 GB store). 'auto' (the default) does that when the
   * file is small (up to `fullCheckMaxBytes`); otherwise it checks that the file is as long as its header says
   * and quick-checks the tables the desk cannot start without, leaving the full check to
   * `checkDeskIntegrity`, for the shell to run when the desk is idle. 'none' skips it.
   */
  readonly integrityCheck?: 'auto' | 'full' | 'none';
  /** The size up to which 'auto' runs the full check at open. Default 32 MiB (about 150 ms of checking). */
  readonly fullCheckMaxBytes?: number;
  /**
   * WAL pages after which a commit also checkpoints (copies the WAL into the database). That copy runs inside
   * the commit that crosses the threshold, which is what makes a use case's p95 slow, so the default is
   * high (16384 pages, 64 MiB) and the shell is expected to call `checkpointDesk` when the desk is idle.
   */
  readonly walAutoCheckpointPages?: number;
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

/** 'CDsk' in the SQLite header's application id: marks the file as ours for the OS `file` tool and for us. */
export const APPLICATION_ID = 0x4344736b;

/** A SQLite file of another application must not get our tables migrated into it. */
function checkOwnership(db: SqliteDatabase, file: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId === APPLICATION_ID) return;
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map(
    (r) => r.name,
  );
  if (appId !== 0 || (tables.length > 0 && !tables.includes('schema_migrations'))) {
    throw new DeskDatabaseError(
      'not-a-database',
      file,
      `'${file}' is a SQLite database of another application, not a Complaints Desk database`,
    );
  }
}

/** The tables a desk cannot start without: checked at every open even when the full check is deferred. */
const CORE_TABLES = ['schema_migrations', 'desk_identity', 'sync_state', 'audit_head'];

function quickCheck(db: SqliteDatabase, table?: string): string[] {
  const rows = db.pragma(table ? `quick_check("${table}")` : 'quick_check(20)') as { quick_check: string }[];
  return rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
}

function hasLeftoverWal(file: string): boolean {
  return existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0;
}

/** Integrity and version checks on a READ-ONLY connection, so a bad file is never touched. */
function checkExisting(
  file: string,
  migrations: readonly Migration[],
  integrity: 'auto' | 'full' | 'none',
  fullCheckMaxBytes: number,
): void {
  let ro: SqliteDatabase | undefined;
  try {
    const size = statSync(file).size;
    const walLeft = hasLeftoverWal(file);
    ro = new Database(file, { readonly: true, fileMustExist: true });
    // A WAL left by a crash is not a reason for the full check: WAL recovery is what makes a crash safe, and
    // 60 s of checking at every restart after one would hurt the agent more than it protects.
    const full = integrity === 'full' || (integrity === 'auto' && size <= fullCheckMaxBytes);
    let problems: string[] = [];
    if (full) {
      problems = quickCheck(ro);
    } else if (integrity === 'auto') {
      const pageSize = ro.pragma('page_size', { simple: true }) as number;
      const pages = ro.pragma('page_count', { simple: true }) as number;
      // With no WAL, every page lives in the main file: a shorter file was truncated (copy cut short, disk full).
      if (!walLeft && size < pageSize * pages)
        problems.push(`the file is ${size} bytes but holds ${pages} pages of ${pageSize}`);
      const present = new Set(
        (ro.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map(
          (r) => r.name,
        ),
      );
      for (const t of CORE_TABLES) if (present.has(t)) problems.push(...quickCheck(ro, t));
    } else {
      ro.prepare('SELECT count(*) FROM sqlite_schema').get();
    }
    if (problems.length > 0) {
      throw new DeskDatabaseError('corrupt', file, `desk database '${file}' is damaged: ${problems.join('; ')}`);
    }
    checkOwnership(ro, file);
    checkApplied(ro, file, migrations);
  } catch (e) {
    if (e instanceof DeskDatabaseError) throw e;
    const code = String((e as { code?: unknown }).code);
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
      throw new DeskDatabaseError('corrupt', file, `desk database '${file}' is damaged: ${(e as Error).message}`, {
        cause: e,
      });
    }
    throw e;
  } finally {
    ro?.close();
  }
}

/**
 * The full check of an open desk database (PRAGMA quick_check over every table and index), for the shell to
 * run when the desk is idle: on a large store it takes seconds, too long to hold up every start.
 */
export function checkDeskIntegrity(db: SqliteDatabase): { ok: true } | { ok: false; problems: string[] } {
  try {
    const problems = quickCheck(db);
    return problems.length === 0 ? { ok: true } : { ok: false, problems };
  } catch (e) {
    return { ok: false, problems: [(e as Error).message] };
  }
}

/**
 * Copies the WAL into the database without waiting for readers (PASSIVE): call it when the desk is idle
 * (after a sync, or a few seconds without input) so commits never pay for it.
 */
export function checkpointDesk(db: SqliteDatabase): { walPages: number; checkpointed: number } {
  const r = (db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[])[0];
  return { walPages: r?.log ?? 0, checkpointed: r?.checkpointed ?? 0 };
}

export function openDeskDatabase(file: string, options: OpenDeskDatabaseOptions = {}): DeskDatabase {
  const migrations = loadMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const target = options.targetVersion ?? migrations.length;
  if (existsSync(file) && checkHeader(file) === 'sqlite') {
    checkExisting(file, migrations, options.integrityCheck ?? 'auto', options.fullCheckMaxBytes ?? 32 * 1024 * 1024);
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
    db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.trunc(options.walAutoCheckpointPages ?? 16384))}`);
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -32768'); // 32 MiB per connection: the queue and search indexes stay hot.
    db.pragma('mmap_size = 268435456');
    const nowIso = (options.now ?? (() => new Date()))().toISOString();
    const applied = migrate(db, file, migrations, nowIso, target);
    if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID) {
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
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
