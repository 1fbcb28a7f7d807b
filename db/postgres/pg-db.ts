// The `pg` Pool implementation of Db, used whenever DATABASE_URL is set.
import pg from 'pg';
import { preparedName, type Db, type Queryable, type QueryResult } from './db.js';

export interface PgDbOptions {
  readonly connectionString: string;
  /** Connections in the pool; the server is I/O-bound, so a small pool per process is enough. */
  readonly max?: number;
  readonly applicationName?: string;
}

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const name = preparedName(text);
      const r = name
        ? await client.query<R>({ name, text, values: params as unknown[] })
        : await client.query<R>(text, params as unknown[]);
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      // No values: pg uses the simple query protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

export function openPgDb(options: PgDbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'complaints-desk-server',
  });
  // An idle client losing its connection (a database restart) must not crash the process; the next query
  // gets a fresh connection and /ready reports the outage meanwhile.
  pool.on('error', () => undefined);
  const root = wrap(pool);
  return {
    kind: 'pg',
    query: root.query,
    exec: root.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
