// Applying the server's changes to the desk: canonical rows (shared/app/sync-rows.ts) upserted as they are,
// one page per transaction together with the cursor, so a crash leaves either the whole page and its cursor or
// neither. A row that a local, unsent mutation has written is never overwritten (that write would be lost):
// it is refreshed by the change its own mutation produces once pushed, or by the server's snapshot when the
// server rejects it — rolling the desk back to the server's truth for that record.
import type Database from 'better-sqlite3';
import { APPEND_ONLY_TABLES, SYNC_TABLES, type SyncTable } from '../../../shared/app/sync-rows.js';
import type { ComplaintColumns } from '../../../shared/app/ports.js';
import { deskCalendar } from '../calendar.js';
import type { Region } from '../../../shared/domain/calendar/bank-holidays.js';
import type { WorkingCalendar } from '../../../shared/domain/calendar/working-days.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import { runningDeadlines } from '../../../shared/domain/lifecycle/transitions.js';
import type { CaseRecord } from '../../../shared/domain/lifecycle/types.js';
import { findProfile } from '../../../shared/domain/profiles/registry.js';
import { entitiesWrittenBy, type Change, type MutationPayload } from '../../../shared/contracts/sync.js';
import { SqliteDeskRepository } from '../desk-core.js';
import { pendingOutbox } from '../outbox.js';
import { stmt } from '../statements.js';
import { observeRemoteClocks } from './merge.js';
import { withSearchIndexedInBulk, type TouchedRows } from './search-batch.js';

type Db = Database.Database;
type Row = Readonly<Record<string, string | number | null>>;

const columnsCache = new WeakMap<Db, Map<string, Set<string>>>();

/** The table's real (not generated) columns: a change can only name those. */
export function columnsOf(db: Db, table: SyncTable): Set<string> {
  let byTable = columnsCache.get(db);
  if (!byTable) columnsCache.set(db, (byTable = new Map()));
  let cols = byTable.get(table);
  if (!cols) {
    cols = new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
    byTable.set(table, cols);
  }
  return cols;
}

export function isSyncTable(t: string): t is SyncTable {
  return (SYNC_TABLES as readonly string[]).includes(t);
}

/** Ids of the rows unsent (pending or sending) mutations have written on this desk. */
export function protectedIds(db: Db): Set<string> {
  const out = new Set<string>();
  // Bounded by the outbox; a desk with a huge backlog reads it in one go here, which is fine for 10^4 entries.
  for (const m of pendingOutbox(db, 1_000_000)) {
    for (const id of entitiesWrittenBy(m.useCase, m.payload as MutationPayload)) out.add(id);
  }
  return out;
}

/** The statements for one row shape (table and column list, as the server sends it), prepared once. */
interface RowPlan {
  readonly cols: readonly string[];
  readonly insertOrIgnore: Database.Statement;
  readonly upsert: Database.Statement;
  /** The complaint's columns its re-derivation touches, written back (see applyOne). */
  readonly restore: Database.Statement | null;
}

/** Complaint columns the search triggers index: re-writing them re-indexes the case, so restore leaves them. */
const SEARCH_KEYED_COMPLAINT_COLUMNS = new Set([
  'reference',
  'person_id',
  'group_id',
  'property_id',
  'summary',
  'outcome_wanted',
]);

const plansCache = new WeakMap<Db, Map<string, RowPlan>>();

// Pages carry thousands of rows of a handful of shapes: building the SQL and looking up its statement for
// each row was a good part of an initial sync's time.
function planFor(db: Db, table: SyncTable, data: Row): RowPlan {
  let plans = plansCache.get(db);
  if (!plans) plansCache.set(db, (plans = new Map()));
  const keys = Object.keys(data);
  const key = `${table}|${keys.join(',')}`;
  let plan = plans.get(key);
  if (plan) return plan;
  const valid = columnsOf(db, table);
  const cols = keys.filter((c) => valid.has(c));
  if (!cols.includes('id')) throw new Error(`a ${table} change without an id`);
  const list = cols.join(', ');
  const placeholders = cols.map(() => '?').join(', ');
  const others = cols.filter((c) => c !== 'id');
  const set = others.map((c) => `${c} = excluded.${c}`).join(', ');
  const restoreCols = others.filter((c) => !SEARCH_KEYED_COMPLAINT_COLUMNS.has(c));
  plan = {
    cols,
    insertOrIgnore: db.prepare(`INSERT OR IGNORE INTO ${table} (${list}) VALUES (${placeholders})`),
    upsert: db.prepare(
      set
        ? `INSERT INTO ${table} (${list}) VALUES (${placeholders}) ON CONFLICT (id) DO UPDATE SET ${set}`
        : `INSERT OR IGNORE INTO ${table} (${list}) VALUES (${placeholders})`,
    ),
    restore:
      table === 'complaints' && restoreCols.length > 0
        ? db.prepare(`UPDATE complaints SET ${restoreCols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`)
        : null,
  };
  plans.set(key, plan);
  return plan;
}

function valuesOf(plan: RowPlan, data: Row): (string | number | null)[] {
  return plan.cols.map((c) => data[c] ?? null);
}

/** Inserts the row as it is unless a row with its id exists; true: it was inserted. */
export function insertIfNew(db: Db, table: SyncTable, data: Row): boolean {
  const plan = planFor(db, table, data);
  return plan.insertOrIgnore.run(...valuesOf(plan, data)).changes === 1;
}

export function upsert(db: Db, table: SyncTable, data: Row): void {
  const plan = planFor(db, table, data);
  const values = valuesOf(plan, data);
  if (APPEND_ONLY_TABLES.includes(table)) {
    const r = plan.insertOrIgnore.run(...values);
    if (r.changes === 1) return;
    // The row exists: the desk's own provisional copy, written when its mutation ran locally. The server's
    // accepted version (re-run against the server's state) is the only one there will ever be: it replaces
    // the provisional copy if they differ (e.g. "letter owed" after another desk moved the case on).
    const cols = plan.cols;
    const existing = stmt(db, `SELECT ${cols.join(', ')} FROM ${table} WHERE id = ?`).get(data.id) as Row | undefined;
    if (existing && cols.some((c) => (existing[c] ?? null) !== (data[c] ?? null))) {
      deleteAppendOnly(db, table, 'id', [String(data.id)]);
      stmt(db, `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...values);
    }
    return;
  }
  plan.upsert.run(...values);
}

/**
 * Back to the server's complaint row exactly (version included) after its re-derivation wrote its state
 * columns. The search-indexed columns are left out: the upsert just wrote them and re-derivation does not
 * touch them, and naming them would fire the search index's update trigger for nothing.
 */
function restoreComplaint(db: Db, data: Row): void {
  const plan = planFor(db, 'complaints', data);
  if (!plan.restore) return;
  const params: Record<string, string | number | null> = {};
  for (const c of plan.cols) params[c] = data[c] ?? null;
  plan.restore.run(params);
}

/** The lifecycle columns of a server's complaint row, as the desk's repository takes them; null: unknown profile. */
export function complaintColumnsOf(
  data: Row,
  today: IsoDate,
  calendarOf: (region: Region) => WorkingCalendar,
): ComplaintColumns | null {
  const state = JSON.parse(String(data.state_json)) as CaseRecord;
  const profile = findProfile(state.profileId);
  if (!profile) return null;
  const deadlines = runningDeadlines(state, { profile, calendar: calendarOf(data.region as Region) });
  return {
    state,
    assigneeId: (data.assignee_id as string | null) ?? null,
    teamId: (data.team_id as string | null) ?? null,
    deadlines,
    nextDeadline:
      typeof data.next_deadline_date === 'string'
        ? { date: data.next_deadline_date as IsoDate, kind: String(data.next_deadline_kind) }
        : null,
    on: today,
  };
}

/**
 * The desk keeps complaint stage and deadline rows (its reports and breach lists read them) in step with the
 * lifecycle state; they are derived, so they are re-derived from the server's row rather than synced.
 */
function rederiveComplaint(db: Db, filesDir: string, data: Row, today: IsoDate): void {
  const cols = complaintColumnsOf(data, today, (region) => deskCalendar(db, region));
  if (!cols) return;
  new SqliteDeskRepository(db, filesDir).updateComplaint(
    String(data.id),
    Number(data.version),
    cols,
    String(data.updated_hlc),
  );
}

export function applyOne(db: Db, filesDir: string, change: Pick<Change, 'entityType' | 'data'>, today: IsoDate): void {
  if (!isSyncTable(change.entityType)) return;
  upsert(db, change.entityType, change.data);
  if (change.entityType === 'complaints') {
    rederiveComplaint(db, filesDir, change.data, today);
    restoreComplaint(db, change.data);
  }
}

/**
 * Runs `work` with foreign-key checks off: changes arrive in server order, which may name a parent this user
 * cannot see or that arrives later in the page (contacts and complaints refer to each other). The server is
 * the authority on those references. better-sqlite3 is synchronous, so nothing else runs meanwhile.
 */
export function withoutForeignKeys<T>(db: Db, work: () => T): T {
  const was = db.pragma('foreign_keys', { simple: true }) as number;
  if (was) db.pragma('foreign_keys = OFF');
  try {
    return work();
  } finally {
    if (was) db.pragma('foreign_keys = ON');
  }
}

/** From this many changes a page's search documents are built in bulk. */
export const BULK_SEARCH_INDEX_FROM = 32;

export interface AppliedPage {
  readonly applied: number;
  readonly skipped: number;
}

/** Applies one pulled page and stores its cursor, in one transaction. */
export function applyPage(
  db: Db,
  filesDir: string,
  changes: readonly Change[],
  nextCursor: string,
  today: IsoDate,
): AppliedPage {
  return withoutForeignKeys(db, () =>
    db.transaction(() => {
      const protect = protectedIds(db);
      let applied = 0;
      let skipped = 0;
      const applyAll = (touched: TouchedRows | null) => {
        for (const c of changes) {
          if (protect.has(c.entityId)) {
            skipped++;
            continue;
          }
          applyOne(db, filesDir, c, today);
          touched?.add(c.entityType, c.entityId);
          applied++;
        }
      };
      // A page of some size is indexed for search in bulk (search-batch.ts); a few changes go through the
      // triggers, which is cheaper than dropping and re-creating them.
      if (changes.length >= BULK_SEARCH_INDEX_FROM) withSearchIndexedInBulk(db, applyAll);
      else applyAll(null);
      observeRemoteClocks(db, changes);
      db.prepare('UPDATE sync_state SET pull_cursor = ? WHERE singleton = 1').run(nextCursor);
      return { applied, skipped };
    })(),
  );
}

/** The stored pull cursor ('0' while the desk has none, or is still taking its snapshot: see snapshot.ts). */
export function loadCursor(db: Db): string {
  const r = db.prepare('SELECT pull_cursor FROM sync_state WHERE singleton = 1').get() as
    { pull_cursor: string | null } | undefined;
  const cursor = r?.pull_cursor ?? '0';
  return /^\d+$/.test(cursor) ? cursor : '0';
}

/** Deletes rows of an append-only table, which its trigger forbids to everything but a sync rollback. */
function deleteAppendOnly(db: Db, table: string, where: string, ids: readonly string[]): void {
  const triggers = db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND sql LIKE '%BEFORE DELETE%'",
    )
    .all(table) as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  try {
    db.prepare(`DELETE FROM ${table} WHERE ${where} IN (SELECT value FROM json_each(?))`).run(JSON.stringify(ids));
  } finally {
    for (const t of triggers) db.exec(t.sql);
  }
}

/**
 * Undoes, on this desk, a mutation the server rejected: the rows it created are removed and the records it
 * changed take the server's rows (`snapshots`), unless another unsent mutation wrote them since. Runs inside
 * the caller's transaction (the one that settles the outbox entry).
 */
export function rollBackRejected(
  db: Db,
  filesDir: string,
  payload: MutationPayload,
  snapshots: readonly Change[],
  today: IsoDate,
): void {
  const ids = [...payload.context.ids];
  const protect = protectedIds(db);
  const created = ids.filter((id) => !protect.has(id));
  if (created.length > 0) {
    const list = JSON.stringify(created);
    const del = (table: string, column = 'id') =>
      db.prepare(`DELETE FROM ${table} WHERE ${column} IN (SELECT value FROM json_each(?))`).run(list);
    del('correspondence_attachments', 'correspondence_id');
    del('correspondence');
    del('notes');
    deleteAppendOnly(db, 'timeline_events', 'id', created);
    // Remedies and actions the rejected mutation created (a step on one is undone by its snapshot below).
    del('remedies');
    del('post_resolution_actions');
    del('breaches', 'complaint_id');
    del('deadlines', 'complaint_id');
    del('complaint_stages', 'complaint_id');
    // A contact converted by the rejected mutation points at the complaint: the snapshot below restores it.
    db.prepare(
      `UPDATE contacts SET complaint_id = NULL, status = 'open' WHERE complaint_id IN (SELECT value FROM json_each(?))`,
    ).run(list);
    del('complaints');
    del('contacts');
    del('representations');
    del('group_members');
    del('people');
    // Letters and calibration rows the rejected mutation created (versions and reviews are append-only).
    del('calibration_items');
    del('calibration_draws');
    deleteAppendOnly(db, 'letter_reviews', 'id', created);
    deleteAppendOnly(db, 'letter_versions', 'id', created);
    del('letters');
    del('letter_templates');
  }
  for (const s of snapshots) {
    if (!protect.has(s.entityId)) applyOne(db, filesDir, s, today);
  }
}

export function rollBackInTransaction(db: Db, work: () => void): void {
  withoutForeignKeys(db, () => db.transaction(work)());
}
