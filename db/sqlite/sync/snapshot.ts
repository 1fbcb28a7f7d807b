// A desk's first sync: the server's snapshot (shared/contracts/sync.ts) instead of its change log. Each page
// is applied in one transaction together with where the snapshot has got to, so an interrupted bootstrap
// (network, crash, kill) resumes after the last page committed, at the same head; only when the last page
// is in does one transaction register the search documents and store the head as the pull cursor, from which
// the normal pull brings everything changed since. Until then the stored cursor is the snapshot's position
// (loadCursor reads it as '0'). The documents' text is indexed afterwards, in the background
// (search-builder.ts), while the desk is already in use.
//
// Why it is faster than pulling the log from 0: pages of thousands of records, one JSON text per table from
// PostgreSQL, rows checked by a plain loop rather than a zod schema each; a case the desk does not have yet is
// inserted as the server sent it and only its stage and deadline rows are derived (the pull path writes the
// case, re-derives through the repository's update, then writes the server's row back); records the desk
// does not have (on a first sync, all) and those derived rows go in a few dozen rows a statement
// (insert-rows.ts) rather than a statement each; and the search index is built once, at the end, rather
// than per page (and off the bootstrap's path: at 20,000 cases the full-text index was 2.2 s of a 10 s
// bootstrap; registering its documents is 0.15 s).
import type Database from 'better-sqlite3';
import type { SyncTable } from '../../../shared/app/sync-rows.js';
import type { CanonicalRow, SnapshotResponse } from '../../../shared/contracts/sync.js';
import { BANK_HOLIDAYS, type Region } from '../../../shared/domain/calendar/bank-holidays.js';
import { calendarFor, type WorkingCalendar } from '../../../shared/domain/calendar/working-days.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import { bankHolidayOverrides } from '../calendar.js';
import { DEADLINE_COLUMNS, newStageAndDeadlineRows, SqliteDeskRepository, STAGE_COLUMNS } from '../desk-core.js';
import { registerSearchDocuments } from '../search-index.js';
import { stmt } from '../statements.js';
import {
  applyOne,
  columnsOf,
  complaintColumnsOf,
  isSyncTable,
  protectedIds,
  upsert,
  withoutForeignKeys,
  type AppliedPage,
} from './apply.js';
import { insertObjects, insertRows, type Value } from './insert-rows.js';
import { observeRemoteClocks } from './merge.js';

type Db = Database.Database;

const PREFIX = 'snapshot:';

/** Where a bootstrap has got to: the head it is taken at and the last record id applied. */
export interface SnapshotPosition {
  readonly head: string;
  readonly after: string | null;
  /**
   * The secondary indexes dropped for the bootstrap (name and CREATE statement), built again by finishSnapshot.
   * Stored with the position, in the same transaction as the drop, so an interrupted bootstrap still has them.
   */
  readonly indexes?: readonly DeferredIndex[];
}

export interface DeferredIndex {
  readonly name: string;
  readonly sql: string;
}

/**
 * The big tables whose secondary indexes are built after the bootstrap rather than row by row (a B-tree insert
 * per index per row, at random places, was most of a complaint's insert; one sorted build at the end is not).
 * Not complaint_stages or deadlines: the per-case derivation reads them by complaint_id. Unique indexes stay:
 * they are constraints.
 */
const DEFERRED_INDEX_TABLES = ['complaints', 'contacts', 'people', 'notes', 'timeline_events', 'correspondence'];

/** The bootstrap in progress, or null (none started, or finished: the cursor is then a server sequence). */
export function loadSnapshotPosition(db: Db): SnapshotPosition | null {
  const r = db.prepare('SELECT pull_cursor FROM sync_state WHERE singleton = 1').get() as
    { pull_cursor: string | null } | undefined;
  const cursor = r?.pull_cursor ?? null;
  if (cursor === null || !cursor.startsWith(PREFIX)) return null;
  const p = JSON.parse(cursor.slice(PREFIX.length)) as SnapshotPosition;
  if (
    typeof p.head !== 'string' ||
    !/^\d+$/.test(p.head) ||
    (p.after !== null && typeof p.after !== 'string') ||
    (p.indexes !== undefined &&
      (!Array.isArray(p.indexes) || !p.indexes.every((i) => typeof i?.name === 'string' && typeof i.sql === 'string')))
  ) {
    throw new Error(`the stored snapshot position is malformed: ${cursor.slice(0, 200)}`);
  }
  return p;
}

/** Drops the deferrable secondary indexes of the big tables; their definitions, to build them again. */
function dropDeferredIndexes(db: Db): DeferredIndex[] {
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
         AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY name`,
    )
    .all(JSON.stringify(DEFERRED_INDEX_TABLES)) as DeferredIndex[];
  for (const i of indexes) db.exec(`DROP INDEX "${i.name.replaceAll('"', '""')}"`);
  return indexes;
}

/**
 * Builds again the indexes a bootstrap dropped (those not there already). Called by finishSnapshot, and by a
 * desk that gives up a bootstrap for the change log (its position, and with it the list, is then overwritten).
 */
export function restoreDeferredIndexes(db: Db, p: SnapshotPosition | null): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?");
  for (const i of p?.indexes ?? []) if (exists.get(i.name) === undefined) db.exec(i.sql);
}

function savePosition(db: Db, p: SnapshotPosition): void {
  db.prepare('UPDATE sync_state SET pull_cursor = ? WHERE singleton = 1').run(PREFIX + JSON.stringify(p));
}

/** The search triggers of the synced tables: off while a page is written (the index is rebuilt at the end). */
function searchTriggers(db: Db): { name: string; sql: string }[] {
  return db
    .prepare(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\'
         AND tbl_name IN ('people', 'contacts', 'complaints', 'notes') ORDER BY name`,
    )
    .all() as { name: string; sql: string }[];
}

/**
 * Applies one snapshot page (rows already checked by checkSnapshotRows) and stores the position after it, in
 * one transaction. Rows an unsent local mutation wrote are left alone, as in the pull.
 */
export function applySnapshotPage(db: Db, filesDir: string, page: SnapshotResponse, today: IsoDate): AppliedPage {
  return withLargerCache(db, () => applyPage(db, filesDir, page, today));
}

/**
 * A page's transaction writes tens of megabytes of pages, far more than SQLite's default 2 MB cache holds
 * (dirty pages then spill to the WAL before the commit). The cache is widened for the page only: measured, the
 * same CPU time but about a third less wall time at 20,000 cases (tests/bench/sync-initial-bench.ts).
 */
function withLargerCache<T>(db: Db, work: () => T): T {
  const was = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${SNAPSHOT_CACHE_KIB}`);
  try {
    return work();
  } finally {
    db.pragma(`cache_size = ${was}`);
  }
}

/** Negative: KiB (SQLite's cache_size convention); 64 MB. */
const SNAPSHOT_CACHE_KIB = -65_536;

/**
 * The ids among `rows` (in id order, as checkSnapshotRows has them) that `table` holds already: one range
 * look-up over the page's ids, which on a desk that has none of them (a first sync) finds nothing at once.
 */
function presentIds(db: Db, table: SyncTable, rows: readonly CanonicalRow[]): Set<string> {
  const first = rows[0]?.id;
  const last = rows[rows.length - 1]?.id;
  if (first === undefined || last === undefined) return new Set();
  const found = stmt<[Value, Value], string>(db, `SELECT id FROM ${table} WHERE id BETWEEN ? AND ?`)
    .pluck()
    .all(first, last);
  return new Set(found);
}

/**
 * Inserts rows the table does not hold, as the server sent them, runs of rows with the same columns at a
 * time (the columns the desk's table does not have are left out, as the per-record path does). A row the
 * database refuses (a CHECK, a type of a STRICT table) fails the page with SQLite's error and the table named.
 */
function insertNew(db: Db, table: SyncTable, rows: readonly CanonicalRow[]): void {
  const valid = columnsOf(db, table);
  let i = 0;
  while (i < rows.length) {
    const keys = Object.keys(rows[i] as CanonicalRow);
    let j = i + 1;
    while (j < rows.length && sameKeys(rows[j] as CanonicalRow, keys)) j++;
    const cols = keys.filter((c) => valid.has(c));
    try {
      insertObjects(db, table, cols, i === 0 && j === rows.length ? rows : rows.slice(i, j));
    } catch (e) {
      throw new Error(`the desk refused the snapshot's ${table} rows: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
      });
    }
    i = j;
  }
}

/** True if `row`'s own keys are `keys`, in that order. */
function sameKeys(row: CanonicalRow, keys: readonly string[]): boolean {
  let n = 0;
  for (const k in row) if (k !== keys[n++]) return false;
  return n === keys.length;
}

/**
 * The stage and deadline rows of cases just inserted as the server sent them, derived as the repository
 * does (syncStagesAndDeadlines) and inserted many at a time; a case that somehow has such rows already (none
 * on a first sync) goes through the repository's own merge.
 */
function deriveNewComplaints(
  db: Db,
  repo: SqliteDeskRepository,
  rows: readonly CanonicalRow[],
  today: IsoDate,
  calendarOf: (region: Region) => WorkingCalendar,
): void {
  const derived = idsWithDerivedRows(db, rows);
  const stages: Value[][] = [];
  const deadlines: Value[][] = [];
  for (const row of rows) {
    const id = String(row.id);
    const cols = complaintColumnsOf(row, today, calendarOf);
    if (!cols) continue;
    if (derived.has(id)) {
      repo.syncStagesAndDeadlines(id, cols, String(row.updated_hlc));
      continue;
    }
    const made = newStageAndDeadlineRows(id, cols, String(row.updated_hlc));
    for (const s of made.stages) stages.push(s);
    for (const d of made.deadlines) deadlines.push(d);
  }
  insertRows(db, 'complaint_stages', STAGE_COLUMNS, stages);
  insertRows(db, 'deadlines', DEADLINE_COLUMNS, deadlines);
}

/** The cases among `rows` (in id order) with stage or deadline rows on the desk: range look-ups, as presentIds. */
function idsWithDerivedRows(db: Db, rows: readonly CanonicalRow[]): Set<string> {
  const first = rows[0]?.id;
  const last = rows[rows.length - 1]?.id;
  if (first === undefined || last === undefined) return new Set();
  const found = stmt<[Value, Value, Value, Value], string>(
    db,
    `SELECT complaint_id FROM complaint_stages WHERE complaint_id BETWEEN ? AND ?
     UNION SELECT complaint_id FROM deadlines WHERE complaint_id BETWEEN ? AND ?`,
  )
    .pluck()
    .all(first, last, first, last);
  return new Set(found);
}

function applyPage(db: Db, filesDir: string, page: SnapshotResponse, today: IsoDate): AppliedPage {
  return withoutForeignKeys(db, () =>
    db.transaction(() => {
      const before = loadSnapshotPosition(db);
      // The first page drops the big tables' secondary indexes; the list goes with the position from here on.
      const indexes = before === null ? dropDeferredIndexes(db) : (before.indexes ?? []);
      const protect = protectedIds(db);
      const repo = new SqliteDeskRepository(db, filesDir);
      const triggers = searchTriggers(db);
      // The overrides read once a page, not once a case.
      const overrides = bankHolidayOverrides(db);
      const calendarOf = (region: Region) => calendarFor(region, BANK_HOLIDAYS, overrides);
      for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
      let applied = 0;
      let skipped = 0;
      for (const { entityType, rows } of page.tables) {
        if (!isSyncTable(entityType)) continue;
        const mine = protect.size === 0 ? rows : rows.filter((r) => !protect.has(String(r.id)));
        skipped += rows.length - mine.length;
        applied += mine.length;
        // Records the desk does not have (all of them on an empty desk) are inserted as they are, many rows a
        // statement; the others take the pull's per-record path.
        const present = presentIds(db, entityType, mine);
        const fresh = present.size === 0 ? mine : mine.filter((r) => !present.has(String(r.id)));
        insertNew(db, entityType, fresh);
        if (entityType === 'complaints') deriveNewComplaints(db, repo, fresh, today, calendarOf);
        if (present.size === 0) continue;
        for (const row of mine) {
          if (!present.has(String(row.id))) continue;
          if (entityType === 'complaints') applyOne(db, filesDir, { entityType, data: row }, today);
          else upsert(db, entityType, row);
        }
      }
      for (const t of triggers) db.exec(t.sql);
      if (page.maxHlc !== null) observeRemoteClocks(db, [{ hlc: page.maxHlc }]);
      savePosition(db, { head: page.head, after: page.last ?? before?.after ?? null, indexes });
      return { applied, skipped };
    })(),
  );
}

/**
 * Ends the bootstrap: the dropped indexes built again, every record registered as a search document (its
 * text left for a SearchIndexBuilder to index), and the head stored as the pull cursor, together.
 */
export function finishSnapshot(db: Db, head: string): void {
  db.transaction(() => {
    restoreDeferredIndexes(db, loadSnapshotPosition(db));
    registerSearchDocuments(db);
    db.prepare('UPDATE sync_state SET pull_cursor = ? WHERE singleton = 1').run(head);
  })();
}
