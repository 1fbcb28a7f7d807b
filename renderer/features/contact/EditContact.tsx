// A contact's "Edit details": the outcome wanted, category, business area, and the communication preferences
// and reasonable adjustments (updateContact, merged field by field, last writer wins). What is typed is a desk
// draft until it is saved or cancelled, so an error, a crash, a reload or leaving the contact loses nothing (the
// form opens again with it). Only what changed is sent; the use case's field errors show against their fields.
// Esc cancels, Ctrl+Enter saves. What happened is the resident's own account as logged: it is not edited here.
import {
  Checkbox,
  Field,
  Input,
  makeStyles,
  Select,
  Subtitle2,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { ContactDetail, DeskApiError } from '../../../shared/contracts/desk-api.js';
import { ADJUSTMENT_SUPPORTS, PREFERRED_CHANNELS } from '../../../shared/contracts/vocabulary.js';
import { asDeskError, useUpdateContactMutation } from '../../api/desk-api.js';
import { fieldErrors } from '../../components/field-errors.js';
import { CategoryAreaFields } from '../../components/ReferenceSelects.js';
import { DraftForm } from '../drafts/DraftForm.js';
import { NOTHING_CHANGED, savedText } from '../drafts/save-text.js';
import type { DeskDraft } from '../drafts/use-desk-draft.js';
import { contactChanges, type ContactEditDraft } from './contact-edit.js';
import { PREFERRED_LABELS, SUPPORT_LABELS } from './labels.js';

const useStyles = makeStyles({
  row: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  checks: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: `0 ${tokens.spacingHorizontalM}` },
  fieldset: { margin: 0, padding: 0, border: 'none', minInlineSize: 0 },
  hint: { color: tokens.colorNeutralForeground2 },
});

/** The fields this form shows a use case's error against (any other error is shown in words above them). */
const FIELDS: readonly string[] = [
  'outcomeWanted',
  'categoryKey',
  'businessAreaKey',
  'adjustments.supports',
  'adjustments.language',
  'adjustments.preferredChannel',
  'adjustments.detail',
];

export function EditContact({
  contact,
  draft,
  current,
  onDone,
}: {
  contact: ContactDetail['contact'];
  draft: DeskDraft<ContactEditDraft>;
  /** The contact's values now (what the form started from). */
  current: ContactEditDraft;
  /** Called after a save (with what to announce) or a cancel (null). */
  onDone: (message: string | null) => void;
}) {
  const styles = useStyles();
  const [update, state] = useUpdateContactMutation();
  const [error, setError] = useState<DeskApiError | null>(null);
  const d = draft.value;
  const set = <K extends keyof ContactEditDraft>(k: K, v: ContactEditDraft[K]) => draft.set((x) => ({ ...x, [k]: v }));
  const fe = fieldErrors(error);

  function cancel() {
    draft.discard(current);
    setError(null);
    onDone(null);
  }

  async function save() {
    setError(null);
    const changes = contactChanges(d, current);
    if (!changes) {
      setError(NOTHING_CHANGED);
      return;
    }
    const r = await update({ contactId: contact.id, ...changes });
    // On a refusal the draft stays as typed (in the desk core too), with the reason against its field.
    if ('error' in r) return setError(asDeskError(r.error));
    draft.discard();
    onDone(savedText(r.data.superseded));
  }

  const toggle = (s: string, on: boolean) =>
    draft.set((x) => ({
      ...x,
      supports: on ? [...x.supports.filter((y) => y !== s), s] : x.supports.filter((y) => y !== s),
    }));
  return (
    <DraftForm
      label="Edit the contact's details"
      draft={draft}
      error={error}
      fields={FIELDS}
      busy={state.isLoading}
      onSave={() => void save()}
      onCancel={cancel}
    >
      <Text className={styles.hint}>What happened stays as the resident told it when the contact was logged.</Text>
      {/* The form opens on the user's own command: its first field takes the focus. */}
      <Field label="The outcome the resident wants" {...fe('outcomeWanted')}>
        <Textarea
          autoFocus
          value={d.outcomeWanted}
          onChange={(_, v) => set('outcomeWanted', v.value)}
          rows={3}
          resize="vertical"
        />
      </Field>
      <CategoryAreaFields
        className={styles.row}
        value={d}
        onChange={(next) => draft.set((x) => ({ ...x, ...next }))}
        fe={fe}
      />
      <fieldset className={styles.fieldset}>
        <legend>
          <Subtitle2>Communication and adjustments</Subtitle2>
        </legend>
        <div className={styles.checks} role="group" aria-label="Reasonable adjustments">
          {ADJUSTMENT_SUPPORTS.map((s) => (
            <Checkbox
              key={s}
              checked={d.supports.includes(s)}
              onChange={(_, v) => toggle(s, v.checked === true)}
              label={SUPPORT_LABELS[s]}
            />
          ))}
        </div>
        <div className={styles.row}>
          <Field label="Language" hint="for translation or an interpreter" {...fe('adjustments.language')}>
            <Input value={d.language} onChange={(_, v) => set('language', v.value)} />
          </Field>
          <Field label="How they prefer to hear from us" {...fe('adjustments.preferredChannel')}>
            <Select value={d.preferredChannel} onChange={(_, v) => set('preferredChannel', v.value)}>
              <option value="">No preference</option>
              {PREFERRED_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {PREFERRED_LABELS[c]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label="Other needs" {...fe('adjustments.detail')}>
          <Input value={d.adjustmentDetail} onChange={(_, v) => set('adjustmentDetail', v.value)} />
        </Field>
      </fieldset>
    </DraftForm>
  );
}
