// Why a step on a remedy or an action, or the forms that offer a remedy or add an action, may not be used, in
// the order the use cases check (shared/app/remedy-use-cases.ts): the role, then whose case or action it is
// (the case's team, or for an action the business area the user owns, from the reference data), then the step
// itself. The desk and the server still decide; this only keeps a command from being offered when it would be
// refused.
import type { ActionItem, ReferenceData, RemedyItem, Role, Session } from '../../../shared/contracts/desk-api.js';
import {
  REMEDY_PERMISSIONS,
  STEP_PERMISSION,
  actionStepRefusal,
  actionUpdateRefusal,
  caseTeamRefusal,
  remedyStepRefusal,
  type CaseTeam,
  type RemedyPermission,
  type RemedyStep,
} from '../../../shared/domain/remedies/remedies.js';

export const may = (roles: readonly Role[] | undefined, p: RemedyPermission): boolean =>
  (roles ?? []).some((r) => (REMEDY_PERMISSIONS[p] as readonly string[]).includes(r));

export type ActionStep = 'in-progress' | 'done' | 'cancelled';

export function actionStepReason(
  session: Pick<Session, 'userId' | 'roles' | 'teamId'> | null | undefined,
  areas: ReferenceData['businessAreas'] | undefined,
  action: Pick<ActionItem, 'status' | 'areaKey' | 'areaName' | 'complaintReference' | 'caseTeamId'>,
  to: ActionStep,
): string | null {
  if (!session || !may(session.roles, 'update-action')) return 'your role may not update actions';
  const owner = areas?.find((a) => a.key === action.areaKey)?.ownerUserId ?? null;
  const notYours = actionUpdateRefusal(
    session,
    { areaName: action.areaName, areaOwnerId: owner },
    { reference: action.complaintReference, teamId: action.caseTeamId },
  );
  if (notYours) return notYours;
  // Starting an action already in progress is a progress note: offered as such only through Done.
  if (to === 'in-progress' && action.status === 'in-progress') return 'already in progress';
  return actionStepRefusal(action.status, to);
}

type Who = Pick<Session, 'roles' | 'teamId'> | null | undefined;

/** Why the "Offer a remedy" or "Add an action" form may not be used on this case, or null. */
export function caseFormReason(session: Who, permission: 'offer-remedy' | 'add-action', complaint: CaseTeam) {
  if (!session || !may(session.roles, permission)) {
    return permission === 'offer-remedy' ? 'your role may not offer remedies' : 'your role may not add actions';
  }
  return caseTeamRefusal(session, complaint);
}

export function remedyStepReason(
  session: Who,
  complaint: CaseTeam,
  remedy: Pick<RemedyItem, 'status' | 'kind'>,
  step: RemedyStep,
): string | null {
  if (!session || !may(session.roles, STEP_PERMISSION[step])) {
    return step === 'reconsider' || step === 'mark-paid'
      ? 'a team leader or manager does this'
      : 'your role may not do this';
  }
  const team = caseTeamRefusal(session, complaint);
  if (team) return team;
  // Reconsideration's evidence is asked for in its dialog: the button only needs a refused offer.
  return remedyStepRefusal(
    { status: remedy.status, financial: remedy.kind === 'financial' },
    step,
    step === 'reconsider' ? 'x' : null,
  );
}
