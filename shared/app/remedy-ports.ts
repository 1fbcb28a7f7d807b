// The port the remedy and post-resolution-action use cases write through: whole rows with the desk's SQLite
// column names, like the letters' (letter-ports.ts), so the desk's store and the server's canonical rows
// (sync-rows.ts RowStore) hold the same thing.
import type { LetterRow, LetterRowValue } from './letter-ports.js';

export const REMEDY_TABLES = ['remedies', 'post_resolution_actions'] as const;
export type RemedyTable = (typeof REMEDY_TABLES)[number];
export type RemedyRow = LetterRow;

export interface BusinessAreaRecord {
  readonly key: string;
  readonly name: string;
  /** The user who owns the area's actions (reference data from the server); null when none is named. */
  readonly ownerUserId: string | null;
}

export interface RemedyRepository {
  remedyRow(table: RemedyTable, id: string): RemedyRow | null;
  /** Rows of a table whose columns equal the given values (a case's remedies or actions). */
  findRemedyRows(table: RemedyTable, where: Readonly<Record<string, LetterRowValue>>): RemedyRow[];
  /** Writes a whole row: insert (it must not exist yet) or replace the row with the same id. */
  putRemedyRow(table: RemedyTable, row: RemedyRow, insert: boolean): void;
  /** A business area from the reference data, or null when there is no such (active) area. */
  businessArea(key: string): BusinessAreaRecord | null;
}
