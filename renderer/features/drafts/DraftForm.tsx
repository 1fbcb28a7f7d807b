// The frame of an edit form whose typing is a desk draft until it is saved or cancelled (a contact's, a case's
// and a resident's details): the refusal above the fields ("Not saved yet"), Save and Cancel, where the draft
// stands, and the keys: Esc cancels, Ctrl+Enter saves.
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { DeskApiError } from '../../../shared/contracts/desk-api.js';
import { draftStatus, type DraftState } from './use-desk-draft.js';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  hint: { color: tokens.colorNeutralForeground2 },
});

export function DraftForm({
  label,
  draft,
  error,
  fields,
  busy,
  onSave,
  onCancel,
  children,
}: {
  /** The form's accessible name. */
  label: string;
  draft: { readonly state: DraftState; readonly savedAt: string | null };
  error: DeskApiError | null;
  /**
   * The field paths the form shows an error against: an error naming one of them says "Check the field marked
   * below" rather than repeating it. Without them the error's own words are shown.
   */
  fields?: readonly string[];
  busy: boolean;
  onSave: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const styles = useStyles();
  const marked = fields !== undefined && (error?.fields ?? []).some((f) => fields.includes(f.path));
  return (
    <form
      className={styles.body}
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onCancel();
        } else if (e.key === 'Enter' && e.ctrlKey) {
          e.preventDefault();
          onSave();
        }
      }}
    >
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            <MessageBarTitle>Not saved yet</MessageBarTitle>
            {marked ? 'Check the field marked below.' : error.message}
          </MessageBarBody>
        </MessageBar>
      )}
      {children}
      <div className={styles.bar}>
        <Button type="submit" appearance="primary" disabled={busy}>
          Save
        </Button>
        <Button type="button" onClick={onCancel}>
          Cancel
        </Button>
        <Text size={200} className={styles.hint} role="status">
          {`${draftStatus(draft.state, draft.savedAt)} Esc cancels; Ctrl+Enter saves.`}
        </Text>
      </div>
    </form>
  );
}
