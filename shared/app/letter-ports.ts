// The port the letter and calibration use cases write through. Rows are passed whole, with the desk's
// SQLite column names: the use case builds each row once, so the desk's store and the server's canonical
// rows (sync-rows.ts RowStore) cannot differ in what they hold.

export const LETTER_TABLES = [
  'letter_templates',
  'letters',
  'letter_versions',
  'letter_reviews',
  'calibration_draws',
  'calibration_items',
] as const;
export type LetterTable = (typeof LETTER_TABLES)[number];

export type LetterRowValue = string | number | null;
export type LetterRow = Readonly<Record<string, LetterRowValue>>;

/** Tables whose rows are written once and never changed. */
export const IMMUTABLE_LETTER_TABLES: readonly LetterTable[] = [
  'letter_versions',
  'letter_reviews',
  'calibration_draws',
];

export interface LetterRepository {
  letterRow(table: LetterTable, id: string): LetterRow | null;
  /** Rows of a table whose columns equal the given values (small sets: a letter's versions, a week's draw). */
  findLetterRows(table: LetterTable, where: Readonly<Record<string, LetterRowValue>>): LetterRow[];
  /** Writes a whole row: insert (it must not exist yet) or replace the row with the same id. */
  putLetterRow(table: LetterTable, row: LetterRow, insert: boolean): void;
}
