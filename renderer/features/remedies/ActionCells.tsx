// The cells an action's row has on the case's "Remedies and actions" tab and on the business-area dashboard:
// when it is due (marked when overdue), its status with the latest update, and its step buttons.
import { Badge, makeStyles, TableCell, tokens } from '@fluentui/react-components';
import type { ActionItem } from '../../../shared/contracts/desk-api.js';
import { ActionCommands } from './ActionCommands.js';
import type { StepRequest } from './StepDialog.js';

const useStyles = makeStyles({
  small: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap' },
});

export function ActionCells({
  action,
  statusText,
  onStep,
}: {
  action: ActionItem;
  /** The status as the view words it. */
  statusText: string;
  onStep: (r: StepRequest) => void;
}) {
  const styles = useStyles();
  return (
    <>
      <TableCell>
        {action.dueDate ?? '—'}{' '}
        {action.overdue && (
          <Badge appearance="filled" color="danger" shape="rounded">
            Overdue
          </Badge>
        )}
      </TableCell>
      <TableCell>
        {statusText}
        {action.lastUpdateNote && (
          <span className={styles.small}>{`\n${action.lastUpdateDate}: ${action.lastUpdateNote}`}</span>
        )}
      </TableCell>
      <TableCell>
        <ActionCommands action={action} onStep={onStep} />
      </TableCell>
    </>
  );
}
