// The steps of a post-resolution action, as buttons disabled with their reason when the step does not fit:
// start it, close it as done, or cancel it (with why). Used on the case and on the business-area dashboard.
import type { ActionItem } from '../../../shared/contracts/desk-api.js';
import { actionStepRefusal, type ActionStatus } from '../../../shared/domain/remedies/remedies.js';
import { useSessionQuery, useUpdateActionMutation } from '../../api/desk-api.js';
import type { StepRequest } from './StepDialog.js';
import { StepButtons } from './StepButtons.js';
import { may } from './Remedies.js';

const LABEL: Record<Exclude<ActionStatus, 'open'>, string> = {
  'in-progress': 'Start',
  done: 'Done…',
  cancelled: 'Cancel…',
};

export function ActionCommands({ action, onStep }: { action: ActionItem; onStep: (r: StepRequest) => void }) {
  const roles = useSessionQuery(undefined).data?.roles;
  const [update] = useUpdateActionMutation();
  return (
    <StepButtons
      label={`Update the action for ${action.areaName}`}
      commands={(['in-progress', 'done', 'cancelled'] as const).map((to) => ({
        key: to,
        label: LABEL[to],
        primary: to === 'done',
        // Starting an action already in progress is a progress note: offered as such only through Done.
        reason: !may(roles, 'update-action')
          ? 'your role may not update actions'
          : to === 'in-progress' && action.status === 'in-progress'
            ? 'already in progress'
            : actionStepRefusal(action.status, to),
        run: () => {
          if (to === 'in-progress') {
            void update({ complaintId: action.complaintId, actionId: action.id, status: 'in-progress' });
          } else onStep({ kind: 'action', status: to, complaintId: action.complaintId, action });
        },
      }))}
    />
  );
}
