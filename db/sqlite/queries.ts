// The reads behind My work, the team queues, the breach lists and the case page. Queues sort by the next
// deadline DATE: on one region's working-day calendar that is the same order as working days left, which is
// then computed for the 50 rows shown rather than for every open case.
import type Database from 'better-sqlite3';
import type { IsoDate } from '../../shared/domain/dates.js';
import { BANK_HOLIDAYS, type BankHolidayOverride } from '../../shared/domain/calendar/bank-holidays.js';
import { calendarFor, type WorkingCalendar } from '../../shared/domain/calendar/working-days.js';
import { bankHolidayOverrides } from './calendar.js';
import { stmt } from './statements.js';
import type { Region } from './writes.js';

export interface CaseListItem {
  readonly id: string;
  readonly reference: string;
  readonly status: string;
  readonly stageKey: string | null;
  readonly stageStatus: string | null;
  readonly assigneeId: string | null;
  readonly teamId: string | null;
  readonly region: Region;
  readonly receivedDate: string;
  readonly nextDeadlineDate: string | null;
  readonly nextDeadlineKind: string | null;
  /** 0 = due today, negative = breached; null when no deadline is running. */
  readonly workingDaysLeft: number | null;
  readonly personName: string | null;
  readonly summary: string;
}

/** Position in a queue; pass the last page's `next` to get the following page. */
export interface QueueCursor {
  readonly queueDate: string;
  readonly reference: string;
}

export interface QueuePage {
  readonly items: CaseListItem[];
  readonly next: QueueCursor | null;
}

interface ListRow {
  id: string;
  reference: string;
  status: string;
  stage_key: string | null;
  stage_status: string | null;
  assignee_id: string | null;
  team_id: string | null;
  region: Region;
  received_date: string;
  next_deadline_date: string | null;
  next_deadline_kind: string | null;
  queue_date: string;
  person_name: string | null;
  summary: string;
}

const LIST_COLUMNS = `c.id, c.reference, c.status, c.stage_key, c.stage_status, c.assignee_id, c.team_id, c.region,
  c.received_date, c.next_deadline_date, c.next_deadline_kind, c.queue_date, c.summary,
  (SELECT p.display_name FROM people p WHERE p.id = c.person_id) AS person_name`;
// Must match the partial indexes' WHERE clause word for word for the planner to use them.
const OPEN = `c.status IN ('screening', 'open')`;

// Working days left costs ~50 µs to compute and a queue shows the same few deadline dates again and again.
// Memoised per calendar: the organisation's bank-holiday overrides make another calendar, with its own answers.
const daysLeftMemo = new WeakMap<WorkingCalendar, Map<string, number>>();
function workingDaysLeft(
  region: Region,
  overrides: readonly BankHolidayOverride[],
  today: IsoDate,
  deadline: string | null,
): number | null {
  if (deadline === null) return null;
  const calendar = calendarFor(region, BANK_HOLIDAYS, overrides);
  let memo = daysLeftMemo.get(calendar);
  if (!memo) daysLeftMemo.set(calendar, (memo = new Map()));
  const key = `${today}|${deadline}`;
  let n = memo.get(key);
  if (n === undefined) {
    if (memo.size > 20_000) memo.clear();
    n = calendar.workingDaysLeft(today, deadline as IsoDate);
    memo.set(key, n);
  }
  return n;
}

function toItem(r: ListRow, today: IsoDate, overrides: readonly BankHolidayOverride[]): CaseListItem {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    stageKey: r.stage_key,
    stageStatus: r.stage_status,
    assigneeId: r.assignee_id,
    teamId: r.team_id,
    region: r.region,
    receivedDate: r.received_date,
    nextDeadlineDate: r.next_deadline_date,
    nextDeadlineKind: r.next_deadline_kind,
    workingDaysLeft: workingDaysLeft(r.region, overrides, today, r.next_deadline_date),
    personName: r.person_name,
    summary: r.summary,
  };
}

function page(db: Database.Database, rows: ListRow[], limit: number, today: IsoDate): QueuePage {
  const overrides = bankHolidayOverrides(db);
  const items = rows.slice(0, limit).map((r) => toItem(r, today, overrides));
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items, next: last ? { queueDate: last.queue_date, reference: last.reference } : null };
}

const clampLimit = (n: number | undefined): number => Math.min(Math.max(Math.trunc(n ?? 50), 1), 500);

interface PageQuery {
  today: IsoDate;
  after?: QueueCursor | null;
  limit?: number;
}

/** A keyset page of open cases where one column (the assignee or the team) has the given value. */
function openCasesBy(db: Database.Database, column: 'assignee_id' | 'team_id', value: string, q: PageQuery): QueuePage {
  const limit = clampLimit(q.limit);
  const after = q.after ?? { queueDate: '', reference: '' };
  const rows = stmt<[string, string, string, number], ListRow>(
    db,
    `SELECT ${LIST_COLUMNS} FROM complaints c
     WHERE c.${column} = ? AND ${OPEN} AND (c.queue_date, c.reference) > (?, ?)
     ORDER BY c.queue_date, c.reference LIMIT ?`,
  ).all(value, after.queueDate, after.reference, limit + 1);
  return page(db, rows, limit, q.today);
}

/** My work: open cases assigned to a user, soonest deadline first (those without a deadline last). */
export function myWork(db: Database.Database, q: PageQuery & { assigneeId: string }): QueuePage {
  return openCasesBy(db, 'assignee_id', q.assigneeId, q);
}

/** A team's queue, a page (default 50) at a time by keyset: stable while cases come and go. */
export function teamQueue(db: Database.Database, q: PageQuery & { teamId: string }): QueuePage {
  return openCasesBy(db, 'team_id', q.teamId, q);
}

/**
 * Open cases whose next deadline falls on or before `onOrBefore` (today for "breaching today", the end of
 * the week for "this week"), optionally for one team or one person; overdue ones come first.
 */
export function breaching(
  db: Database.Database,
  q: { onOrBefore: IsoDate; today: IsoDate; teamId?: string; assigneeId?: string; limit?: number },
): CaseListItem[] {
  const limit = clampLimit(q.limit);
  let rows: ListRow[];
  if (q.assigneeId !== undefined) {
    rows = stmt<[string, string, number], ListRow>(
      db,
      `SELECT ${LIST_COLUMNS} FROM complaints c
       WHERE c.assignee_id = ? AND ${OPEN} AND c.queue_date <= ? ORDER BY c.queue_date, c.reference LIMIT ?`,
    ).all(q.assigneeId, q.onOrBefore, limit);
  } else if (q.teamId !== undefined) {
    rows = stmt<[string, string, number], ListRow>(
      db,
      `SELECT ${LIST_COLUMNS} FROM complaints c
       WHERE c.team_id = ? AND ${OPEN} AND c.queue_date <= ? ORDER BY c.queue_date, c.reference LIMIT ?`,
    ).all(q.teamId, q.onOrBefore, limit);
  } else {
    rows = stmt<[string, number], ListRow>(
      db,
      `SELECT ${LIST_COLUMNS} FROM complaints c
       WHERE ${OPEN} AND c.queue_date <= ? ORDER BY c.queue_date, c.reference LIMIT ?`,
    ).all(q.onOrBefore, limit);
  }
  const overrides = bankHolidayOverrides(db);
  return rows.map((r) => toItem(r, q.today, overrides));
}

export interface TimelineItem {
  readonly id: string;
  readonly complaintId: string | null;
  readonly contactId: string | null;
  readonly hlc: string;
  readonly occurredAt: string;
  readonly actorId: string | null;
  readonly kind: string;
  readonly summary: string;
  readonly detail: unknown;
}

export interface CaseDetail {
  readonly complaint: Record<string, unknown> & { id: string; reference: string; state: unknown };
  readonly person: Record<string, unknown> | null;
  readonly property: Record<string, unknown> | null;
  /** The contact the complaint came from (with its communication preferences and adjustments). */
  readonly contact: Record<string, unknown> | null;
  readonly stages: Record<string, unknown>[];
  readonly deadlines: Record<string, unknown>[];
  readonly letters: Record<string, unknown>[];
  readonly notes: Record<string, unknown>[];
  /** The case's own events and those of the enquiry it came from, oldest first (conversion keeps history). */
  readonly timeline: TimelineItem[];
  readonly workingDaysLeft: number | null;
}

interface TimelineRow {
  id: string;
  complaint_id: string | null;
  contact_id: string | null;
  hlc: string;
  occurred_at: string;
  actor_id: string | null;
  kind: string;
  summary: string;
  detail_json: string | null;
}

type Obj = Record<string, unknown>;

export function caseDetail(db: Database.Database, q: { complaintId: string; today: IsoDate }): CaseDetail | null {
  const c = stmt<
    [string],
    Obj & {
      id: string;
      reference: string;
      state_json: string;
      region: Region;
      next_deadline_date: string | null;
      person_id: string | null;
      property_id: string | null;
      contact_id: string | null;
    }
  >(db, 'SELECT * FROM complaints WHERE id = ?').get(q.complaintId);
  if (!c) return null;
  const { state_json, ...rest } = c;
  const timeline = stmt<[string, string | null], TimelineRow>(
    db,
    `SELECT * FROM timeline_events WHERE complaint_id = ?
     UNION ALL
     SELECT * FROM timeline_events WHERE contact_id = ? AND complaint_id IS NULL
     ORDER BY hlc`,
  )
    .all(c.id, c.contact_id)
    .map((r) => ({
      id: r.id,
      complaintId: r.complaint_id,
      contactId: r.contact_id,
      hlc: r.hlc,
      occurredAt: r.occurred_at,
      actorId: r.actor_id,
      kind: r.kind,
      summary: r.summary,
      detail: r.detail_json === null ? null : (JSON.parse(r.detail_json) as unknown),
    }));
  return {
    complaint: { ...rest, state: JSON.parse(state_json) as unknown },
    person: c.person_id
      ? (stmt<[string], Obj>(db, 'SELECT * FROM people WHERE id = ?').get(c.person_id) ?? null)
      : null,
    property: c.property_id
      ? (stmt<[string], Obj>(db, 'SELECT * FROM properties WHERE id = ?').get(c.property_id) ?? null)
      : null,
    contact: c.contact_id
      ? (stmt<[string], Obj>(db, 'SELECT * FROM contacts WHERE id = ?').get(c.contact_id) ?? null)
      : null,
    stages: stmt<[string], Obj>(db, 'SELECT * FROM complaint_stages WHERE complaint_id = ? ORDER BY stage_number').all(
      c.id,
    ),
    deadlines: stmt<[string], Obj>(db, 'SELECT * FROM deadlines WHERE complaint_id = ? ORDER BY due_date').all(c.id),
    letters: stmt<[string], Obj>(
      db,
      `SELECT l.*, v.version_no, v.content_sha256 FROM letters l
       LEFT JOIN letter_versions v ON v.id = l.current_version_id WHERE l.complaint_id = ? ORDER BY l.id`,
    ).all(c.id),
    notes: stmt<[string], Obj>(db, 'SELECT * FROM notes WHERE complaint_id = ? ORDER BY hlc').all(c.id),
    timeline,
    workingDaysLeft: workingDaysLeft(c.region, bankHolidayOverrides(db), q.today, c.next_deadline_date),
  };
}

export function complaintIdByReference(db: Database.Database, reference: string): string | null {
  return (
    stmt<[string], { id: string }>(db, 'SELECT id FROM complaints WHERE reference = ?').get(
      reference.trim().toUpperCase(),
    )?.id ?? null
  );
}
