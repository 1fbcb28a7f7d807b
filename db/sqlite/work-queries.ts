// Reads the workspace needs beside queries.ts: counts for Home and a filtered team queue with its
// total (for the virtualised list's scroll height). Same keyset order and the same partial indexes as
// queries.ts (whose OPEN predicate is repeated word for word so the planner uses them).
import { stmt } from './statements.js';
import type { SqliteDatabase } from './open.js';
import { BANK_HOLIDAYS } from '../../shared/domain/calendar/bank-holidays.js';
import { calendarFor } from '../../shared/domain/calendar/working-days.js';
import { bankHolidayOverrides } from './calendar.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import type { CaseListItem, QueueCursor, QueuePage, WorkCounts } from '../../shared/contracts/desk-api.js';

const OPEN = `c.status IN ('screening', 'open')`;

export function workCounts(db: SqliteDatabase, assigneeId: string, today: IsoDate, endOfWeek: IsoDate): WorkCounts {
  const totals = stmt<[string, string, string, string, string], Record<'open' | 'breached' | 'today' | 'week', number>>(
    db,
    `SELECT count(*) AS open,
       coalesce(sum(c.queue_date < ?), 0) AS breached,
       coalesce(sum(c.queue_date = ?), 0) AS today,
       coalesce(sum(c.queue_date > ? AND c.queue_date <= ?), 0) AS week
     FROM complaints c WHERE c.assignee_id = ? AND ${OPEN}`,
  ).get(today, today, today, endOfWeek, assigneeId);
  const byState = stmt<[string], { state: string; count: number }>(
    db,
    `SELECT CASE WHEN c.status = 'screening' THEN 'screening'
              ELSE coalesce(c.stage_key, '') || ' ' || coalesce(c.stage_status, '') END AS state,
            count(*) AS count
     FROM complaints c WHERE c.assignee_id = ? AND ${OPEN} GROUP BY state ORDER BY state`,
  ).all(assigneeId);
  return {
    open: totals?.open ?? 0,
    breached: totals?.breached ?? 0,
    dueToday: totals?.today ?? 0,
    dueThisWeek: totals?.week ?? 0,
    byState,
  };
}

interface Row {
  id: string;
  reference: string;
  status: string;
  stage_key: string | null;
  stage_status: string | null;
  assignee_id: string | null;
  team_id: string | null;
  region: 'england-and-wales' | 'scotland' | 'northern-ireland';
  received_date: string;
  next_deadline_date: string | null;
  next_deadline_kind: string | null;
  queue_date: string;
  person_name: string | null;
  summary: string;
}

export interface TeamQueueQuery {
  teamId: string;
  today: IsoDate;
  endOfWeek: IsoDate;
  after: QueueCursor | null;
  limit: number;
  filter: {
    stage?: string | undefined;
    due?: 'breached' | 'today' | 'week' | undefined;
    assigneeId?: string | undefined;
  };
}

function filterSql(q: TeamQueueQuery): { where: string; params: (string | number)[] } {
  const where = [`c.team_id = ?`, OPEN];
  const params: (string | number)[] = [q.teamId];
  if (q.filter.stage) {
    if (q.filter.stage === 'screening') where.push(`c.status = 'screening'`);
    else {
      where.push('c.stage_key = ?');
      params.push(q.filter.stage);
    }
  }
  if (q.filter.assigneeId) {
    where.push('c.assignee_id = ?');
    params.push(q.filter.assigneeId);
  }
  if (q.filter.due === 'breached') {
    where.push('c.queue_date < ?');
    params.push(q.today);
  } else if (q.filter.due === 'today') {
    where.push('c.queue_date <= ?');
    params.push(q.today);
  } else if (q.filter.due === 'week') {
    where.push('c.queue_date <= ?');
    params.push(q.endOfWeek);
  }
  return { where: where.join(' AND '), params };
}

export function teamQueuePage(db: SqliteDatabase, q: TeamQueueQuery): QueuePage {
  const limit = Math.min(Math.max(Math.trunc(q.limit), 1), 500);
  const after = q.after ?? { queueDate: '', reference: '' };
  const { where, params } = filterSql(q);
  const rows = stmt<(string | number)[], Row>(
    db,
    `SELECT c.id, c.reference, c.status, c.stage_key, c.stage_status, c.assignee_id, c.team_id, c.region,
       c.received_date, c.next_deadline_date, c.next_deadline_kind, c.queue_date, c.summary,
       (SELECT p.display_name FROM people p WHERE p.id = c.person_id) AS person_name
     FROM complaints c WHERE ${where} AND (c.queue_date, c.reference) > (?, ?)
     ORDER BY c.queue_date, c.reference LIMIT ?`,
  ).all(...params, after.queueDate, after.reference, limit + 1);
  // The total is counted for the first page only: later pages keep the height the list already has.
  const total =
    q.after === null
      ? (stmt<(string | number)[], { n: number }>(db, `SELECT count(*) AS n FROM complaints c WHERE ${where}`).get(
          ...params,
        )?.n ?? 0)
      : undefined;
  const overrides = bankHolidayOverrides(db);
  const items: CaseListItem[] = rows.slice(0, limit).map((r) => ({
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
    workingDaysLeft:
      r.next_deadline_date === null
        ? null
        : calendarFor(r.region, BANK_HOLIDAYS, overrides).workingDaysLeft(q.today, r.next_deadline_date as IsoDate),
    personName: r.person_name,
    summary: r.summary,
  }));
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return {
    items,
    next: last ? { queueDate: last.queue_date, reference: last.reference } : null,
    ...(total !== undefined ? { total } : {}),
  };
}
