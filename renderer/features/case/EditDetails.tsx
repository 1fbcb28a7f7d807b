// The Details tab's "Edit details": the complaint's summary, outcome wanted, category and business area
// (updateComplaintDetails) and the resident's name and contact details (updatePerson), in one form. What is
// typed is a desk draft until it is saved or cancelled, so a crash, a reload or leaving the case loses nothing
// (the form opens again with it). Only the fields that changed are sent; the use cases' field errors are shown
// against their fields. Esc cancels, Ctrl+Enter saves. Disabled, with the use case's reason, for a role that
// may not edit details.
import { Button, Field, makeStyles, Subtitle2, Text, Textarea, tokens, Tooltip } from '@fluentui/react-components';
import { Edit20Regular } from '@fluentui/react-icons';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { CaseDetail, DeskApiError } from '../../../shared/contracts/desk-api.js';
import { editDetailsRefusal } from '../../../shared/domain/details.js';
import {
  asDeskError,
  useSessionQuery,
  useUpdateComplaintDetailsMutation,
  useUpdatePersonMutation,
} from '../../api/desk-api.js';
import { fieldErrors } from '../../components/field-errors.js';
import { CategoryAreaFields } from '../../components/ReferenceSelects.js';
import { DraftForm } from '../drafts/DraftForm.js';
import { NOTHING_CHANGED, savedText } from '../drafts/save-text.js';
import { useDeskDraft } from '../drafts/use-desk-draft.js';
import { PersonFields } from '../contact/PersonFields.js';
import { detailsChanges, detailsDraftKey, detailsDraftOf, type DetailsDraft } from './details-edit.js';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  form: {
    display: 'grid',
    gridTemplateColumns: 'minmax(280px, 1fr) minmax(280px, 1fr)',
    gap: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXXL}`,
    maxWidth: '1100px',
  },
  col: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  // Start-aligned: a field's error message under it does not stretch its neighbour.
  row: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  full: { gridColumn: '1 / -1' },
  hint: { color: tokens.colorNeutralForeground2 },
});

/** One error from the one or two calls a save makes (their field paths do not overlap). */
function joined(errors: readonly DeskApiError[]): DeskApiError | null {
  const [first] = errors;
  if (!first) return null;
  return {
    code: first.code,
    message: errors.map((e) => e.message).join(' '),
    fields: errors.flatMap((e) => e.fields ?? []),
  } as DeskApiError;
}

export function EditDetails({ detail, children }: { detail: CaseDetail; children: ReactNode }) {
  const styles = useStyles();
  const c = detail.complaint;
  const person = detail.person;
  const personId = typeof person?.id === 'string' ? person.id : null;
  const group = person?.kind === 'group';
  const current = detailsDraftOf(c, person);
  const roles = useSessionQuery(undefined).data?.roles ?? [];
  const refusal = editDetailsRefusal(roles);
  const draft = useDeskDraft<DetailsDraft>(detailsDraftKey(c.id), current);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<DeskApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [updateComplaint] = useUpdateComplaintDetailsMutation();
  const [updatePerson] = useUpdatePersonMutation();
  const editButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  // A draft found on the desk (typed before a crash, a reload or leaving the case) opens the form again.
  const restored = draft.state !== 'loading' && draft.state !== 'empty';
  const open = refusal === null && (editing || restored);
  useEffect(() => {
    // Back from the form: focus returns to the command that opened it.
    if (wasOpen.current && !open) editButton.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const d = draft.value;
  const set = <K extends keyof DetailsDraft>(k: K, v: DetailsDraft[K]) => draft.set((x) => ({ ...x, [k]: v }));
  const fe = fieldErrors(error);

  function start() {
    setError(null);
    setDone(null);
    draft.set(current);
    setEditing(true);
  }

  function cancel() {
    draft.discard(current);
    setError(null);
    setEditing(false);
  }

  async function save() {
    setError(null);
    setDone(null);
    const changes = detailsChanges(d, current, { exists: personId !== null, group });
    if (!changes.complaint && !changes.person) {
      setError(NOTHING_CHANGED);
      return;
    }
    setBusy(true);
    const failed: DeskApiError[] = [];
    const superseded: string[] = [];
    let complaintFailed = false;
    try {
      if (changes.complaint) {
        const r = await updateComplaint({ complaintId: c.id, ...changes.complaint });
        if ('error' in r) {
          failed.push(asDeskError(r.error) as DeskApiError);
          complaintFailed = true;
        } else superseded.push(...r.data.superseded);
      }
      if (changes.person && personId) {
        const r = await updatePerson({ personId, complaintId: c.id, ...changes.person });
        if ('error' in r) failed.push(asDeskError(r.error) as DeskApiError);
        else superseded.push(...r.data.superseded);
      }
    } finally {
      setBusy(false);
    }
    // What failed stays in the draft; what was saved is now the case's, so the next save sends only the rest.
    const err = joined(failed);
    if (err) {
      // One of the two saved: say so, so the agent knows only the rest is waiting.
      const partly = changes.complaint && changes.person && failed.length === 1;
      const saved = complaintFailed ? 'the resident’s' : 'the complaint’s';
      return setError(partly ? { ...err, message: `Saved ${saved} details; the rest: ${err.message}` } : err);
    }
    draft.discard();
    setEditing(false);
    setDone(savedText(superseded));
  }

  if (!open) {
    const button = (
      <Button
        ref={editButton}
        icon={<Edit20Regular />}
        appearance={refusal ? 'subtle' : 'secondary'}
        disabledFocusable={refusal !== null || draft.state === 'loading'}
        aria-description={refusal ?? undefined}
        onClick={() => {
          if (!refusal && draft.state !== 'loading') start();
        }}
      >
        Edit details
      </Button>
    );
    return (
      <div className={styles.body}>
        <div className={styles.bar}>
          {refusal ? (
            <Tooltip content={refusal} relationship="description">
              {button}
            </Tooltip>
          ) : (
            button
          )}
          <Text role="status" className={styles.hint}>
            {done ?? ''}
          </Text>
        </div>
        {children}
      </div>
    );
  }

  return (
    <DraftForm
      label="Edit details"
      draft={draft}
      error={error}
      busy={busy}
      onSave={() => void save()}
      onCancel={cancel}
    >
      <div className={styles.form}>
        <div className={styles.col}>
          <Subtitle2 as="h3">The complaint</Subtitle2>
          {/* The form opens on the user's own command: its first field takes the focus. */}
          <Field label="What happened, in the resident's words" required {...fe('summary')}>
            <Textarea
              autoFocus
              value={d.summary}
              onChange={(_, v) => set('summary', v.value)}
              rows={5}
              resize="vertical"
            />
          </Field>
          <Field label="The outcome the resident wants" {...fe('outcomeWanted')}>
            <Textarea value={d.outcomeWanted} onChange={(_, v) => set('outcomeWanted', v.value)} rows={3} />
          </Field>
          <CategoryAreaFields
            className={styles.row}
            value={d}
            onChange={(next) => draft.set((x) => ({ ...x, ...next }))}
            fe={fe}
          />
        </div>
        <div className={styles.col}>
          <Subtitle2 as="h3">{group ? 'The group’s contact details' : 'The resident’s contact details'}</Subtitle2>
          {personId === null ? (
            <Text className={styles.hint}>No resident is recorded on this case (an anonymous complaint).</Text>
          ) : (
            <PersonFields value={d} set={set} fe={fe} group={group} />
          )}
        </div>
      </div>
    </DraftForm>
  );
}
