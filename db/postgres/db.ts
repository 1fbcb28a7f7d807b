// The one database interface the server uses, so it runs unchanged on a real PostgreSQL (`pg` Pool, when
// DATABASE_URL is set) and on the embedded PGlite (the default, so `npm run server` works on a fresh machine).
// Both speak PostgreSQL; the differences the callers must respect are written here once:
//  - pass JSON as text and cast in SQL (`$1::text::jsonb`): the drivers serialise JS objects differently;
//  - select `date` columns as `::text` and bigints as `::text` or `::int`: the drivers return different JS types.

export interface QueryResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

export interface Queryable {
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements with no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pg' | 'pglite';
  /**
   * Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws.
   * Keep network and other slow work out of `fn`: a transaction holds its connection (PGlite has only one).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const PREPARED = new Map<string, string>();

/**
 * Marks a statement the server runs many times a second (auth, push) to be prepared once per connection and
 * then only bound and executed: PostgreSQL parses and plans it once, not on every call. Returns the text
 * unchanged; the `pg` driver looks it up (preparedName), PGlite runs it as it is. Only for fixed texts (a
 * module's constant), never for text built per call: each marked text is kept for the life of the process.
 */
export function prepared(text: string): string {
  if (!PREPARED.has(text)) PREPARED.set(text, `cd_${PREPARED.size + 1}`);
  return text;
}

/** The name a statement marked by `prepared` goes by, or undefined. */
export function preparedName(text: string): string | undefined {
  return PREPARED.get(text);
}

/** Timestamps come back as Date from both drivers; this keeps the API's ISO strings in one format. */
export function isoOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return new Date(value).toISOString();
  throw new TypeError(`expected a timestamp, got ${typeof value}`);
}

export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : isoOf(value);
}
