// The steps of a post-resolution action, as buttons disabled with their reason when the step does not fit
// (the user's role, an area they do not own, a case of another team, or the action's status): start it, close
// it as done, or cancel it (with why). Used on the case and on the business-area dashboard.
import type { ActionItem } from '../../../shared/contracts/desk-api.js';
import { useReferenceDataQuery, useSessionQuery, useUpdateActionMutation } from '../../api/desk-api.js';
import type { StepRequest } from './StepDialog.js';
import { StepButtons } from './StepButtons.js';
import { actionStepReason, type ActionStep } from './step-reasons.js';

const LABEL: Record<ActionStep, string> = {
  'in-progress': 'Start',
  done: 'Done…',
  cancelled: 'Cancel…',
};

export function ActionCommands({ action, onStep }: { action: ActionItem; onStep: (r: StepRequest) => void }) {
  const session = useSessionQuery(undefined).data;
  const areas = useReferenceDataQuery(undefined).data?.businessAreas;
  const [update] = useUpdateActionMutation();
  return (
    <StepButtons
      label={`Update the action for ${action.areaName}`}
      commands={(['in-progress', 'done', 'cancelled'] as const).map((to) => ({
        key: to,
        label: LABEL[to],
        primary: to === 'done',
        reason: actionStepReason(session, areas, action, to),
        run: () => {
          if (to === 'in-progress') {
            void update({ complaintId: action.complaintId, actionId: action.id, status: 'in-progress' });
          } else onStep({ kind: 'action', status: to, complaintId: action.complaintId, action });
        },
      }))}
    />
  );
}
