// The frame of a modal dialog that is one form (resolve an enquiry, convert it, a lifecycle step, return or send
// a letter): its title, the reason it was not done as an alert above the fields, the fields, then Cancel and the
// submit button. Esc or Cancel closes it without doing anything. These dialogs are mounted open and unmounted to
// close, so the focus is handed back to what opened them (return-focus.ts).
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  tokens,
} from '@fluentui/react-components';
import type { FormEvent, KeyboardEvent, ReactNode } from 'react';
import { useReturnFocusOnUnmount } from './return-focus.js';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export function FormDialog({
  title,
  alert,
  submitLabel,
  busy,
  noValidate = false,
  onSubmit,
  onKeyDown,
  onCancel,
  children,
}: {
  title: ReactNode;
  /** Why it was not done (shown as an alert above the fields), or null. */
  alert: ReactNode;
  submitLabel: string;
  /** The submit button waits (a call is under way, or the draft is still loading). */
  busy: boolean;
  /** The fields are checked by the dialog and the use case, not by the browser's own bubbles. */
  noValidate?: boolean;
  onSubmit: (e: FormEvent) => void;
  onKeyDown?: (e: KeyboardEvent<HTMLFormElement>) => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  useReturnFocusOnUnmount();
  const styles = useStyles();
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onCancel()} modalType="modal">
      <DialogSurface aria-describedby={undefined}>
        <form noValidate={noValidate} onSubmit={onSubmit} onKeyDown={onKeyDown}>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={styles.body}>
              {alert && (
                <MessageBar intent="error" role="alert">
                  <MessageBarBody>{alert}</MessageBarBody>
                </MessageBar>
              )}
              {children}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onCancel}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={busy}>
                {submitLabel}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
