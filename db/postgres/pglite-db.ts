// The embedded PGlite implementation of Db: PostgreSQL compiled to WebAssembly, in-process, one connection.
// PGlite queues a query issued outside a transaction behind a running transaction, so the Db contract holds.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './db.js';

export interface PgliteDbOptions {
  /** A directory for the data files, or null for an in-memory database (tests). */
  readonly dataDir: string | null;
}

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const r = await target.query<R>(text, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database ${dataDir} is in use by process ${pid} (a running server?). PGlite allows one ` +
        `process at a time: stop it first, or set DATABASE_URL to use PostgreSQL.`,
    );
    this.name = 'DataDirInUseError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no lock of its own and two processes on one data directory corrupt it, so a sibling lock file
 * names the owner. A lock left by a crashed process (its pid no longer runs) is taken over.
 */
function acquireLock(dataDir: string): string {
  const lockPath = `${dataDir.replace(/[\\/]+$/, '')}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return lockPath;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new DataDirInUseError(dataDir, pid);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

export async function openPgliteDb(options: PgliteDbOptions): Promise<Db> {
  let lockPath: string | null = null;
  if (options.dataDir !== null) {
    mkdirSync(options.dataDir, { recursive: true });
    lockPath = acquireLock(options.dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = options.dataDir === null ? await PGlite.create() : await PGlite.create({ dataDir: options.dataDir });
  } catch (e) {
    if (lockPath) rmSync(lockPath, { force: true });
    throw e;
  }
  const root = wrap(pglite);
  return {
    kind: 'pglite',
    query: root.query,
    exec: root.exec,
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pglite.transaction((tx) => fn(wrap(tx)));
    },
    async close(): Promise<void> {
      if (!pglite.closed) await pglite.close();
      if (lockPath) rmSync(lockPath, { force: true });
    },
  };
}
