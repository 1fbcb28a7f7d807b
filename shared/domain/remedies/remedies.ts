// Putting things right: remedies offered on a complaint and the actions that follow its resolution. Pure
// rules (no storage): which step may follow which, and money as exact integer pence.
//
// Sources: the Code's "putting things right" (apology, explanation, action, reconsidered decision, amended
// record, financial remedy, policy change; the offer says what will happen and by when); policy 003 section 6
// (discretionary compensation; a refused offer, or an amount disputed, is reconsidered only on new evidence);
// policy 001 section 7 (post-resolution actions tracked per business area until each area closes them).

import type { ROLES } from '../vocabulary.js';

type Role = (typeof ROLES)[number];

/**
 * Who may take each step (shared/app/permissions.ts includes these; the renderer reads them to disable a
 * command with its reason). Agents and team leaders act only on their own team's cases, and a business-area
 * owner only on the actions of the areas they own: the use cases check that. A refused offer is
 * reconsidered, and compensation marked paid, by a team leader or manager: a second look.
 */
export const REMEDY_PERMISSIONS = {
  'offer-remedy': ['agent', 'team-leader', 'manager'],
  'decide-remedy': ['agent', 'team-leader', 'manager'],
  'withdraw-remedy': ['agent', 'team-leader', 'manager'],
  'reconsider-remedy': ['team-leader', 'manager'],
  'mark-remedy-paid': ['team-leader', 'manager'],
  'add-action': ['agent', 'team-leader', 'manager'],
  'update-action': ['agent', 'team-leader', 'manager', 'business-area-owner'],
} as const satisfies Record<string, readonly Role[]>;
export type RemedyPermission = keyof typeof REMEDY_PERMISSIONS;

export const STEP_PERMISSION: Readonly<Record<RemedyStep, RemedyPermission>> = {
  accept: 'decide-remedy',
  refuse: 'decide-remedy',
  'mark-paid': 'mark-remedy-paid',
  withdraw: 'withdraw-remedy',
  reconsider: 'reconsider-remedy',
};

export const REMEDY_KINDS = [
  'apology',
  'explanation',
  'action',
  'reconsidered-decision',
  'amended-record',
  'financial',
  'policy-change',
  'other',
] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];

export const REMEDY_KIND_NAMES: Readonly<Record<RemedyKind, string>> = {
  apology: 'Apology',
  explanation: 'Explanation',
  action: 'Action to put it right',
  'reconsidered-decision': 'Reconsidered decision',
  'amended-record': 'Amended record',
  financial: 'Financial remedy',
  'policy-change': 'Policy or process change',
  other: 'Other',
};

export const COMPENSATION_KINDS = ['discretionary', 'statutory', 'ombudsman-ordered', 'time-and-trouble'] as const;
export type CompensationKind = (typeof COMPENSATION_KINDS)[number];

export const COMPENSATION_KIND_NAMES: Readonly<Record<CompensationKind, string>> = {
  discretionary: 'Discretionary',
  statutory: 'Statutory',
  'ombudsman-ordered': 'Ordered by the Ombudsman',
  'time-and-trouble': 'Time and trouble',
};

export const REMEDY_STATUSES = ['offered', 'accepted', 'refused', 'paid', 'withdrawn', 'reconsidered'] as const;
export type RemedyStatus = (typeof REMEDY_STATUSES)[number];

/** A step taken on an offered remedy. */
export type RemedyStep = 'accept' | 'refuse' | 'mark-paid' | 'withdraw' | 'reconsider';

export interface RemedyFacts {
  readonly status: RemedyStatus;
  /** Financial remedies carry an amount; only they are paid. */
  readonly financial: boolean;
}

/** Why a step may not be taken now, in words for the person at the desk; null when it may. */
export function remedyStepRefusal(r: RemedyFacts, step: RemedyStep, newEvidence?: string | null): string | null {
  const open = r.status === 'offered' || r.status === 'reconsidered';
  switch (step) {
    case 'accept':
    case 'refuse':
      return open ? null : `the resident's decision is recorded on an open offer; this one is ${r.status}`;
    case 'withdraw':
      return open ? null : `only an open offer can be withdrawn; this one is ${r.status}`;
    case 'mark-paid':
      if (!r.financial) return 'only a financial remedy is paid';
      return r.status === 'accepted' ? null : `only an accepted offer is paid; this one is ${r.status}`;
    case 'reconsider':
      if (r.status !== 'refused') return `only a refused offer is reconsidered; this one is ${r.status}`;
      return newEvidence && newEvidence.trim()
        ? null
        : 'a refused offer is reconsidered only on new evidence: record what the new evidence is';
  }
}

export const REMEDY_STATUS_AFTER: Readonly<Record<RemedyStep, RemedyStatus>> = {
  accept: 'accepted',
  refuse: 'refused',
  'mark-paid': 'paid',
  withdraw: 'withdrawn',
  reconsider: 'reconsidered',
};

export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_STATUS_NAMES: Readonly<Record<ActionStatus, string>> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

/** Whether an action's status may go from one to the other (in progress to in progress: a progress note). */
export function actionStepRefusal(from: ActionStatus, to: ActionStatus): string | null {
  if (from === 'done' || from === 'cancelled') return `this action is already closed (${ACTION_STATUS_NAMES[from]})`;
  if (to === 'open') return 'an action cannot go back to open';
  if (from === 'open' && to === 'in-progress') return null;
  if (from === 'in-progress' && to === 'in-progress') return null;
  if (to === 'done' || to === 'cancelled') return null;
  return `an action cannot go from ${ACTION_STATUS_NAMES[from]} to ${ACTION_STATUS_NAMES[to]}`;
}

/** Who is moving an action on: the signed-in user's id, roles and team. */
export interface ActionUpdater {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly teamId: string | null;
}

/** The case a remedy or action is on, as far as whose it is: its reference (for the reason) and its team. */
export interface CaseTeam {
  readonly reference: string;
  readonly teamId: string | null;
}

/**
 * Why this person may not offer a remedy, take a remedy's step or add an action on this case, or null when
 * they may (after the role's own permission in REMEDY_PERMISSIONS): agents and team leaders act on the cases
 * of their own team, managers on every case, and a case with no team yet is anyone's who may take the step.
 * The use cases decide with it (the server runs it against its own copy of the case); the renderer disables
 * the commands and forms with its words.
 */
export function caseTeamRefusal(who: Pick<ActionUpdater, 'roles' | 'teamId'>, complaint: CaseTeam): string | null {
  if (who.roles.includes('manager')) return null;
  if (complaint.teamId === null || complaint.teamId === who.teamId) return null;
  return `${complaint.reference} belongs to another team`;
}

/**
 * Why this person may not move this action on, or null when they may (after the role's own permission,
 * REMEDY_PERMISSIONS['update-action']): casework roles act on the actions of their team's cases (as
 * caseTeamRefusal), and a business-area owner on the actions of the areas they own, wherever the case sits.
 * The use case decides with it; the renderer disables the commands with its words.
 */
export function actionUpdateRefusal(
  who: ActionUpdater,
  action: { readonly areaName: string; readonly areaOwnerId: string | null },
  complaint: CaseTeam,
): string | null {
  const ownsArea = action.areaOwnerId !== null && action.areaOwnerId === who.userId;
  const casework = who.roles.some((r) => r === 'agent' || r === 'team-leader' || r === 'manager');
  if ((casework && caseTeamRefusal(who, complaint) === null) || ownsArea) return null;
  return who.roles.includes('business-area-owner')
    ? `only the owner of ${action.areaName} updates its actions`
    : `${complaint.reference} belongs to another team`;
}

export const isActionOpen = (s: ActionStatus): boolean => s === 'open' || s === 'in-progress';

/** The largest amount one remedy may record (£1,000,000): beyond it is a typing slip, not an offer. */
export const MAX_REMEDY_PENCE = 100_000_000;

/** Pence as pounds for people: 12345 -> "£123.45", 100000 -> "£1,000.00". Exact: integer arithmetic only. */
export function formatPence(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new Error(`not a whole number of pence: ${pence}`);
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}£${pounds}.${(abs % 100).toString().padStart(2, '0')}`;
}

/**
 * Pounds as typed ("250", "250.5", "£1,250.00") to exact pence, never through a binary fraction; null when
 * the text is not an amount of money.
 */
export function parsePounds(text: string): number | null {
  const m = /^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m || m[1] === undefined) return null;
  const pounds = Number(m[1].replace(/,/g, ''));
  const pence = m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0'));
  const total = pounds * 100 + pence;
  return Number.isSafeInteger(total) ? total : null;
}

/** The sum of amounts in pence, exactly (throws rather than lose a penny past 2^53). */
export function sumPence(amounts: readonly number[]): number {
  let total = 0;
  for (const a of amounts) {
    if (!Number.isSafeInteger(a)) throw new Error(`not a whole number of pence: ${a}`);
    total += a;
    if (!Number.isSafeInteger(total)) throw new Error('compensation total out of range');
  }
  return total;
}
