// When an organisation's working-day calendar changes (a bank-holiday override), the deadlines of its open
// complaints move: their next deadline (queues, breach lists) is derived data, re-derived here from each
// case's lifecycle state with the new calendar, exactly as the use cases derive it (shared/app columnsOf).
// A complaint whose next deadline moved gets a change like any write, so desks pull the new row; its version
// and HLC stay (nobody edited the case: an open case page is not told it "changed since you opened it").
import { complaintStateColumns, type CanonicalRow } from '../../shared/app/sync-rows.js';
import { columnsOf } from '../../shared/app/use-cases.js';
import { BANK_HOLIDAYS, type BankHolidayOverride, type Region } from '../../shared/domain/calendar/bank-holidays.js';
import { calendarFor } from '../../shared/domain/calendar/working-days.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { runningDeadlines } from '../../shared/domain/lifecycle/transitions.js';
import type { CaseRecord } from '../../shared/domain/lifecycle/types.js';
import { findProfile } from '../../shared/domain/profiles/registry.js';
import type { Queryable } from './db.js';
import { lockSyncWrites } from './sync-store.js';

/** Re-derives the next deadline of every open complaint; returns how many moved. In the caller's transaction. */
export async function rederiveOpenDeadlines(
  tx: Queryable,
  overrides: readonly BankHolidayOverride[],
  today: IsoDate,
  at: string,
): Promise<number> {
  await lockSyncWrites(tx); // changes are written in seq order, like a push's
  const r = await tx.query<{ id: string; data: string; team_id: string | null; hlc: string }>(
    `SELECT entity_id::text AS id, data::text AS data, team_id::text AS team_id, hlc FROM entities
     WHERE entity_type = 'complaints' AND data ->> 'status' IN ('screening', 'open')`,
  );
  let moved = 0;
  for (const e of r.rows) {
    const row = JSON.parse(e.data) as CanonicalRow;
    const state = JSON.parse(String(row.state_json)) as CaseRecord;
    const profile = findProfile(state.profileId);
    if (!profile) continue;
    const calendar = calendarFor(String(row.region) as Region, BANK_HOLIDAYS, overrides);
    const cols = complaintStateColumns(
      columnsOf(
        state,
        runningDeadlines(state, { profile, calendar }),
        typeof row.assignee_id === 'string' ? row.assignee_id : null,
        e.team_id,
        today,
      ),
    );
    if (cols.next_deadline_date === row.next_deadline_date && cols.next_deadline_kind === row.next_deadline_kind) {
      continue;
    }
    const data = { ...row, next_deadline_date: cols.next_deadline_date, next_deadline_kind: cols.next_deadline_kind };
    await tx.query(
      `WITH c AS (
         INSERT INTO changes (entity_type, entity_id, team_id, payload, hlc, mutation_id, created_at)
         VALUES ('complaints', $1, $2, $3::text::jsonb, $4, NULL, $5) RETURNING seq, payload)
       UPDATE entities e SET data = c.payload, updated_seq = c.seq FROM c
       WHERE e.entity_type = 'complaints' AND e.entity_id = $1`,
      [e.id, e.team_id, JSON.stringify(data), e.hlc, at],
    );
    moved++;
  }
  return moved;
}
