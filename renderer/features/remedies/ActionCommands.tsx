// The steps of a post-resolution action, as buttons disabled with their reason when the step does not fit:
// start it, close it as done, or cancel it (with why). Used on the case and on the business-area dashboard.
import { Button, makeStyles, Tooltip, tokens } from '@fluentui/react-components';
import type { ActionItem } from '../../../shared/contracts/desk-api.js';
import { actionStepRefusal, type ActionStatus } from '../../../shared/domain/remedies/remedies.js';
import { useSessionQuery, useUpdateActionMutation } from '../../api/desk-api.js';
import type { StepRequest } from './StepDialog.js';
import { may } from './Remedies.js';

const useStyles = makeStyles({ commands: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' } });

const LABEL: Record<Exclude<ActionStatus, 'open'>, string> = {
  'in-progress': 'Start',
  done: 'Done…',
  cancelled: 'Cancel…',
};

export function ActionCommands({ action, onStep }: { action: ActionItem; onStep: (r: StepRequest) => void }) {
  const styles = useStyles();
  const roles = useSessionQuery(undefined).data?.roles;
  const [update] = useUpdateActionMutation();
  return (
    <div className={styles.commands} role="group" aria-label={`Update the action for ${action.areaName}`}>
      {(['in-progress', 'done', 'cancelled'] as const).map((to) => {
        // Starting an action already in progress is a progress note: offered as such only through Done.
        const reason = !may(roles, 'update-action')
          ? 'your role may not update actions'
          : to === 'in-progress' && action.status === 'in-progress'
            ? 'already in progress'
            : actionStepRefusal(action.status, to);
        const button = (
          <Button
            key={to}
            size="small"
            appearance={reason ? 'subtle' : to === 'done' ? 'primary' : 'secondary'}
            disabledFocusable={reason !== null}
            aria-description={reason ?? undefined}
            onClick={() => {
              if (reason) return;
              if (to === 'in-progress') {
                void update({ complaintId: action.complaintId, actionId: action.id, status: 'in-progress' });
              } else onStep({ kind: 'action', status: to, complaintId: action.complaintId, action });
            }}
          >
            {LABEL[to]}
          </Button>
        );
        return reason ? (
          <Tooltip key={to} content={reason} relationship="description">
            {button}
          </Tooltip>
        ) : (
          button
        );
      })}
    </div>
  );
}
