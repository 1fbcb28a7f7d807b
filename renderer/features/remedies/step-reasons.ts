// Why a step on an action may not be taken, for the buttons that offer it, in the order the use case checks
// (shared/app/remedy-use-cases.ts updateAction): the role, then whose action it is (the case's team, or the
// business area the user owns, from the reference data), then the step itself. The desk and the server still
// decide; this only keeps a command from being offered when it would be refused.
import type { ActionItem, ReferenceData, Role, Session } from '../../../shared/contracts/desk-api.js';
import {
  REMEDY_PERMISSIONS,
  actionStepRefusal,
  actionUpdateRefusal,
  type RemedyPermission,
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
