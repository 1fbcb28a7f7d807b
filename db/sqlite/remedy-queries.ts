// Reads for putting things right: a case's remedies and actions, and the business-area dashboard of open
// actions. Money is summed here as exact integers (pence); nothing is rounded.
import type Database from 'better-sqlite3';
import type {
  ActionItem,
  ActionStatus,
  ActionsDashboard,
  AreaActionCount,
  CaseRemedies,
  CompensationKind,
  RemedyItem,
  RemedyKind,
  RemedyStatus,
} from '../../shared/contracts/desk-api.js';
import { sumPence } from '../../shared/domain/remedies/remedies.js';
import { stmt } from './statements.js';

interface RemedyDbRow {
  id: string;
  kind: RemedyKind;
  description: string;
  amount_pence: number | null;
  compensation_kind: CompensationKind | null;
  status: RemedyStatus;
  offered_date: string;
  due_date: string | null;
  decided_date: string | null;
  paid_date: string | null;
  reconsidered_evidence: string | null;
  status_note: string | null;
  offered_by_name: string | null;
  version: number;
}

interface ActionDbRow {
  id: string;
  complaint_id: string;
  reference: string | null;
  team_id: string | null;
  business_area_key: string;
  area_name: string | null;
  owner_id: string | null;
  owner_name: string | null;
  description: string;
  due_date: string | null;
  status: ActionStatus;
  last_update_date: string | null;
  last_update_note: string | null;
  closed_date: string | null;
  version: number;
}

const ACTION_SELECT = `SELECT a.id, a.complaint_id, c.reference, c.team_id, a.business_area_key, b.name AS area_name, a.owner_id,
    u.display_name AS owner_name, a.description, a.due_date, a.status, a.last_update_date, a.last_update_note,
    a.closed_date, a.version
  FROM post_resolution_actions a
  LEFT JOIN complaints c ON c.id = a.complaint_id
  LEFT JOIN business_areas b ON b.key = a.business_area_key
  LEFT JOIN users u ON u.id = a.owner_id`;

function actionItem(r: ActionDbRow, today: string): ActionItem {
  const open = r.status === 'open' || r.status === 'in-progress';
  return {
    id: r.id,
    complaintId: r.complaint_id,
    // An action can arrive by sync before its case does (rows are applied as they come).
    complaintReference: r.reference ?? 'case not on this desk yet',
    caseTeamId: r.team_id,
    areaKey: r.business_area_key,
    areaName: r.area_name ?? r.business_area_key,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    description: r.description,
    dueDate: r.due_date,
    status: r.status,
    lastUpdateDate: r.last_update_date,
    lastUpdateNote: r.last_update_note,
    closedDate: r.closed_date,
    overdue: open && r.due_date !== null && r.due_date < today,
    version: r.version,
  };
}

export function caseRemedies(db: Database.Database, complaintId: string, today = ''): CaseRemedies {
  const remedies: RemedyItem[] = stmt<[string], RemedyDbRow>(
    db,
    `SELECT r.id, r.kind, r.description, r.amount_pence, r.compensation_kind, r.status, r.offered_date, r.due_date,
       r.decided_date, r.paid_date, r.reconsidered_evidence, r.status_note, u.display_name AS offered_by_name, r.version
     FROM remedies r LEFT JOIN users u ON u.id = r.offered_by
     WHERE r.complaint_id = ? ORDER BY r.offered_date, r.updated_hlc, r.id`,
  )
    .all(complaintId)
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      description: r.description,
      amountPence: r.amount_pence,
      compensationKind: r.compensation_kind,
      status: r.status,
      offeredDate: r.offered_date,
      dueDate: r.due_date,
      decidedDate: r.decided_date,
      paidDate: r.paid_date,
      reconsideredEvidence: r.reconsidered_evidence,
      statusNote: r.status_note,
      offeredByName: r.offered_by_name,
      version: r.version,
    }));
  const actions = stmt<[string], ActionDbRow>(
    db,
    `${ACTION_SELECT} WHERE a.complaint_id = ? ORDER BY a.created_at, a.id`,
  )
    .all(complaintId)
    .map((r) => actionItem(r, today));
  const money = (statuses: readonly RemedyStatus[]) =>
    sumPence(
      remedies.filter((r) => r.amountPence !== null && statuses.includes(r.status)).map((r) => r.amountPence ?? 0),
    );
  return {
    remedies,
    actions,
    totals: { offeredPence: money(['offered', 'reconsidered', 'accepted', 'paid']), paidPence: money(['paid']) },
  };
}

/**
 * Open and in-progress actions of the given areas (null: every area), overdue first then by due date, with a
 * count per area. `areaKey` narrows to one of them (the manager's filter).
 */
export function actionsDashboard(
  db: Database.Database,
  options: { areas: readonly string[] | null; areaKey?: string; today: string },
): Omit<ActionsDashboard, 'areas'> {
  const wanted = options.areaKey
    ? options.areas === null || options.areas.includes(options.areaKey)
      ? [options.areaKey]
      : []
    : options.areas;
  const rows = stmt<[{ areas: string | null }], ActionDbRow>(
    db,
    `${ACTION_SELECT}
     WHERE a.status IN ('open', 'in-progress')
       AND (@areas IS NULL OR a.business_area_key IN (SELECT value FROM json_each(@areas)))
     ORDER BY a.due_date IS NULL, a.due_date, c.reference, a.id`,
  ).all({ areas: wanted === null ? null : JSON.stringify(wanted) });
  const actions = rows.map((r) => actionItem(r, options.today));
  const byArea = new Map<string, AreaActionCount>();
  for (const a of actions) {
    const c = byArea.get(a.areaKey) ?? { areaKey: a.areaKey, areaName: a.areaName, open: 0, inProgress: 0, overdue: 0 };
    byArea.set(a.areaKey, {
      ...c,
      open: c.open + (a.status === 'open' ? 1 : 0),
      inProgress: c.inProgress + (a.status === 'in-progress' ? 1 : 0),
      overdue: c.overdue + (a.overdue ? 1 : 0),
    });
  }
  return {
    actions,
    counts: [...byArea.values()].sort((x, y) => x.areaName.localeCompare(y.areaName)),
    today: options.today,
  };
}

/** The business areas a user owns (the reference data's owner), by name. */
export function ownedAreas(db: Database.Database, userId: string): { key: string; name: string }[] {
  return stmt<[string], { key: string; name: string }>(
    db,
    'SELECT key, name FROM business_areas WHERE owner_user_id = ? AND active = 1 ORDER BY name',
  ).all(userId);
}

export function allAreas(db: Database.Database): { key: string; name: string }[] {
  return stmt<[], { key: string; name: string }>(
    db,
    'SELECT key, name FROM business_areas WHERE active = 1 ORDER BY name',
  ).all();
}
