// Letter, calibration, remedy and post-resolution-action rows on the desk: whole rows in, whole rows out, as
// the use cases build them (shared/app/letter-ports.ts, remedy-ports.ts). Table and column names come from
// code, and are checked anyway.
import type Database from 'better-sqlite3';
import { LETTER_TABLES, type LetterRow, type LetterRowValue, type LetterTable } from '../../shared/app/letter-ports.js';
import { REMEDY_TABLES, type BusinessAreaRecord, type RemedyTable } from '../../shared/app/remedy-ports.js';
import { stmt } from './statements.js';

type WholeRowTable = LetterTable | RemedyTable;

const COLUMN = /^[a-z][a-z0-9_]*$/;

function checked(table: WholeRowTable, columns: readonly string[]): void {
  if (!(LETTER_TABLES as readonly string[]).includes(table) && !(REMEDY_TABLES as readonly string[]).includes(table))
    throw new Error(`not a whole-row table: ${table}`);
  for (const c of columns) if (!COLUMN.test(c)) throw new Error(`not a column name: ${c}`);
}

export function letterRow(db: Database.Database, table: WholeRowTable, id: string): LetterRow | null {
  checked(table, []);
  return stmt<[string], LetterRow>(db, `SELECT * FROM ${table} WHERE id = ?`).get(id) ?? null;
}

export function findLetterRows(
  db: Database.Database,
  table: WholeRowTable,
  where: Readonly<Record<string, LetterRowValue>>,
): LetterRow[] {
  const cols = Object.keys(where).sort();
  checked(table, cols);
  const sql = `SELECT * FROM ${table}${cols.length ? ' WHERE ' + cols.map((c) => (where[c] === null ? `${c} IS NULL` : `${c} = ?`)).join(' AND ') : ''}`;
  const params = cols.map((c) => where[c] ?? null).filter((v) => v !== null);
  return stmt<LetterRowValue[], LetterRow>(db, sql).all(...params);
}

export function putLetterRow(db: Database.Database, table: WholeRowTable, row: LetterRow, insert: boolean): void {
  const cols = Object.keys(row);
  checked(table, cols);
  const values = cols.map((c) => row[c] ?? null);
  const placeholders = cols.map(() => '?').join(', ');
  if (insert) {
    stmt(db, `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${placeholders})`).run(...values);
    return;
  }
  const set = cols.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`);
  stmt(
    db,
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${placeholders}) ON CONFLICT (id) DO UPDATE SET ${set.join(', ')}`,
  ).run(...values);
}

export function businessArea(db: Database.Database, key: string): BusinessAreaRecord | null {
  const r = stmt<[string], { key: string; name: string; owner_user_id: string | null }>(
    db,
    'SELECT key, name, owner_user_id FROM business_areas WHERE key = ? AND active = 1',
  ).get(key);
  return r ? { key: r.key, name: r.name, ownerUserId: r.owner_user_id } : null;
}
