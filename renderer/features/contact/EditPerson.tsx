// A person's records page's "Edit resident details": their name and contact details (updatePerson, merged field
// by field, last writer wins), edited without a case to name, so the edit is recorded in the audit trail rather
// than on a case's timeline. What is typed is a desk draft until it is saved or cancelled, so an error, a crash,
// a reload or leaving the page loses nothing (the form opens again with it). Only what changed is sent; the use
// case's field errors show against their fields. Esc cancels, Ctrl+Enter saves.
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { DeskApiError } from '../../../shared/contracts/desk-api.js';
import { asDeskError, useUpdatePersonMutation } from '../../api/desk-api.js';
import { fieldErrors } from '../../components/field-errors.js';
import { DraftForm } from '../drafts/DraftForm.js';
import { NOTHING_CHANGED, savedText } from '../drafts/save-text.js';
import type { DeskDraft } from '../drafts/use-desk-draft.js';
import { PERSON_FIELDS, personChanges, type PersonEditDraft } from './person-edit.js';
import { PersonFields } from './PersonFields.js';

const useStyles = makeStyles({
  hint: { color: tokens.colorNeutralForeground2 },
});

export function EditPerson({
  personId,
  group,
  draft,
  current,
  onDone,
}: {
  personId: string;
  /** A group or petition: its name is not a person's and is not offered. */
  group: boolean;
  draft: DeskDraft<PersonEditDraft>;
  /** The person's values now (what the form started from). */
  current: PersonEditDraft;
  /** Called after a save (with what to announce) or a cancel (null). */
  onDone: (message: string | null) => void;
}) {
  const styles = useStyles();
  const [update, state] = useUpdatePersonMutation();
  const [error, setError] = useState<DeskApiError | null>(null);
  const set = <K extends keyof PersonEditDraft>(k: K, v: PersonEditDraft[K]) => draft.set((x) => ({ ...x, [k]: v }));

  function cancel() {
    draft.discard(current);
    setError(null);
    onDone(null);
  }

  async function save() {
    setError(null);
    const changes = personChanges(draft.value, current, group);
    if (!changes) {
      setError(NOTHING_CHANGED);
      return;
    }
    const r = await update({ personId, ...changes });
    // On a refusal the draft stays as typed (in the desk core too), with the reason against its field.
    if ('error' in r) return setError(asDeskError(r.error));
    draft.discard();
    onDone(savedText(r.data.superseded));
  }

  return (
    <DraftForm
      label="Edit resident details"
      draft={draft}
      error={error}
      fields={PERSON_FIELDS}
      busy={state.isLoading}
      onSave={() => void save()}
      onCancel={cancel}
    >
      <Text className={styles.hint}>
        {group
          ? 'A group or petition keeps its name; its contact details are changed here.'
          : 'The change shows on every contact and case with them as the resident.'}
      </Text>
      {/* The form opens on the user's own command: its first field takes the focus. */}
      <PersonFields value={draft.value} set={set} fe={fieldErrors(error)} group={group} autoFocus />
    </DraftForm>
  );
}
