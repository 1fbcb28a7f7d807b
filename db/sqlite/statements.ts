// Prepared statements cached per connection: preparing costs more than running most of our queries.
import type Database from 'better-sqlite3';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function stmt<P extends unknown[] | object = unknown[], R = unknown>(
  db: Database.Database,
  sql: string,
): Database.Statement<P, R> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s as unknown as Database.Statement<P, R>;
}

/** Guards functions that must run inside the caller's use-case transaction (one change, one commit). */
export function assertInTransaction(db: Database.Database, what: string): void {
  if (!db.inTransaction) throw new Error(`${what} must be called inside the use case's transaction`);
}
