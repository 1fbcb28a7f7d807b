// A row of step buttons (a remedy's steps on the case, an action's on the case and on the business-area
// dashboard): each one that does not fit stays focusable, is drawn subtle, and says why in its description
// and tooltip, so a keyboard or screen-reader user learns the reason the same way as a mouse user.
import { Button, makeStyles, Tooltip, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({ commands: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' } });

export interface StepCommand {
  readonly key: string;
  readonly label: string;
  /** Why the step may not be taken now (its rule, the user's role or area), or null when it may. */
  readonly reason: string | null;
  /** The step most often taken: drawn as the primary button while it is allowed. */
  readonly primary?: boolean;
  readonly run: () => void;
}

export function StepButtons({ label, commands }: { label: string; commands: readonly StepCommand[] }) {
  const styles = useStyles();
  return (
    <div className={styles.commands} role="group" aria-label={label}>
      {commands.map(({ key, label: text, reason, primary, run }) => {
        const button = (
          <Button
            key={key}
            size="small"
            appearance={reason ? 'subtle' : primary ? 'primary' : 'secondary'}
            disabledFocusable={reason !== null}
            aria-description={reason ?? undefined}
            onClick={() => {
              if (!reason) run();
            }}
          >
            {text}
          </Button>
        );
        return reason ? (
          <Tooltip key={key} content={reason} relationship="description">
            {button}
          </Tooltip>
        ) : (
          button
        );
      })}
    </div>
  );
}
