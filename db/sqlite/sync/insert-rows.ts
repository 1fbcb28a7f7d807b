// Inserting many rows of one table with a few statements rather than one `run` each: a multi-row
// INSERT … VALUES (…), (…), … binds a few dozen rows per call. Measured on 76,680 timeline rows (a scratch
// table, rows of the timeline's shape): about a fifth less CPU than a `run` per row; an INSERT … SELECT over
// json_each of the rows' JSON text was about twice as slow as either (SQLite parses each value again).
import type Database from 'better-sqlite3';
import { stmt } from '../statements.js';

type Db = Database.Database;
export type Value = string | number | null;

/** Bound parameters per statement at most (SQLite allows 32,766). */
const MAX_PARAMS = 1000;
/** Rows per statement at most: measured, 16 to 256 rows a statement were alike (a noisy machine), 1 slower. */
const MAX_ROWS = 32;

/**
 * Inserts `rows` (each its values in `cols` order) into `table` as they are: a plain INSERT, so a row
 * whose id is already there, or that breaks a CHECK or a type of a STRICT table, fails the whole call with
 * SQLite's error (run it inside the caller's transaction). `table` and `cols` are the caller's own names.
 */
export function insertRows(db: Db, table: string, cols: readonly string[], rows: readonly (readonly Value[])[]): void {
  insertMany(db, table, cols, rows.length, (params, at, i) => {
    for (const v of rows[i] as readonly Value[]) params[at++] = v;
  });
}

/** As insertRows, each row's values being its `cols` (null where it has none). */
export function insertObjects(
  db: Db,
  table: string,
  cols: readonly string[],
  rows: readonly Readonly<Record<string, Value>>[],
): void {
  insertMany(db, table, cols, rows.length, (params, at, i) => {
    const row = rows[i] as Readonly<Record<string, Value>>;
    for (const c of cols) params[at++] = row[c] ?? null;
  });
}

/** `fill(params, at, i)` writes row i's values from params[at]. */
function insertMany(
  db: Db,
  table: string,
  cols: readonly string[],
  count: number,
  fill: (params: Value[], at: number, i: number) => void,
): void {
  if (count === 0) return;
  const width = cols.length;
  const per = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / width)));
  const one = `(${cols.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ${table} (${cols.join(', ')}) VALUES `;
  const many = stmt(db, head + Array<string>(per).fill(one).join(', '));
  const params = new Array<Value>(per * width).fill(null);
  let i = 0;
  for (; i + per <= count; i += per) {
    for (let j = 0; j < per; j++) fill(params, j * width, i + j);
    many.run(params);
  }
  if (i < count) {
    const rest = count - i;
    const tail = new Array<Value>(rest * width).fill(null);
    for (let j = 0; j < rest; j++) fill(tail, j * width, i + j);
    stmt(db, head + Array<string>(rest).fill(one).join(', ')).run(tail);
  }
}
