// The contact view's two decisions: resolve the enquiry (what was done, kept as a desk draft until it is saved,
// so a refusal or a crash loses nothing), and convert it to a complaint (the same step as Log a contact's: why it
// is a complaint, and that the resident was offered the choice, Code 1.3); the complaint then opens, where it is
// screened (features/case/ScreeningDialog.tsx).
import { Checkbox, Field, makeStyles, Select, Text, Textarea, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { FormDialog } from '../../components/FormDialog.js';
import type { DeskApiError } from '../../../shared/contracts/desk-api.js';
import { CONVERSION_REASONS } from '../../../shared/contracts/vocabulary.js';
import { WordOptions } from '../../components/WordOptions.js';
import { asDeskError, useConvertToComplaintMutation, useResolveEnquiryMutation } from '../../api/desk-api.js';
import { navigate } from '../../app/route.js';
import { draftStatus, useDeskDraft } from '../drafts/use-desk-draft.js';

const useStyles = makeStyles({
  hint: { color: tokens.colorNeutralForeground2 },
});

const fieldError = (e: DeskApiError | null, path: string) => e?.fields?.find((f) => f.path === path)?.message;

export function ResolveDialog({
  contactId,
  reference,
  onClose,
}: {
  contactId: string;
  reference: string;
  onClose: (message: string | null) => void;
}) {
  const styles = useStyles();
  const draft = useDeskDraft<{ resolution: string }>(`resolution:${contactId}`, { resolution: '' });
  const [resolve, state] = useResolveEnquiryMutation();
  const [error, setError] = useState<DeskApiError | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!draft.value.resolution.trim()) {
      setError({
        code: 'invalid-input',
        message: 'Say how the enquiry was resolved.',
        fields: [{ path: 'resolution', message: 'required' }],
      });
      return;
    }
    const r = await resolve({ contactId, resolution: draft.value.resolution });
    if ('error' in r) return setError(asDeskError(r.error));
    draft.discard();
    onClose(`Enquiry ${reference} resolved.`);
  }

  const msg = fieldError(error, 'resolution');
  return (
    <FormDialog
      title={`Resolve enquiry ${reference}`}
      alert={error && !msg ? `Not saved: ${error.message}` : null}
      submitLabel="Resolve"
      busy={state.isLoading || draft.state === 'loading'}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.ctrlKey) void submit(e);
      }}
      onSubmit={(e) => void submit(e)}
      onCancel={() => onClose(null)}
    >
      <Field label="How it was resolved" required validationState={msg ? 'error' : 'none'} validationMessage={msg}>
        <Textarea
          autoFocus
          rows={4}
          value={draft.value.resolution}
          onChange={(_, v) => draft.set({ resolution: v.value })}
        />
      </Field>
      <Text size={200} className={styles.hint} role="status">
        {`${draftStatus(draft.state, draft.savedAt)} Ctrl+Enter resolves.`}
      </Text>
    </FormDialog>
  );
}

export function ConvertDialog({
  contactId,
  reference,
  resolved,
  onClose,
}: {
  contactId: string;
  reference: string;
  /** Already resolved: the resident is not satisfied with the answer. */
  resolved: boolean;
  onClose: () => void;
}) {
  const styles = useStyles();
  const [reason, setReason] = useState<string>(resolved ? 'resolution-failed' : (CONVERSION_REASONS[0] ?? ''));
  const [offered, setOffered] = useState(false);
  const [convert, state] = useConvertToComplaintMutation();
  const [error, setError] = useState<DeskApiError | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!offered) {
      setError({
        code: 'invalid-input',
        message: 'Confirm that the resident was offered the choice to make a complaint.',
        fields: [{ path: 'residentOfferedChoice', message: 'the resident must be offered the choice (Code 1.3)' }],
      });
      return;
    }
    const r = await convert({ contactId, reason, residentOfferedChoice: true });
    if ('error' in r) return setError(asDeskError(r.error));
    onClose();
    navigate({ view: 'case', id: r.data.complaintId });
  }

  const offeredMsg = fieldError(error, 'residentOfferedChoice');
  const reasonMsg = fieldError(error, 'reason');
  return (
    <FormDialog
      title={`Convert ${reference} to a complaint`}
      alert={error && !offeredMsg && !reasonMsg ? `Not converted: ${error.message}` : null}
      submitLabel="Convert to complaint"
      busy={state.isLoading}
      onSubmit={(e) => void submit(e)}
      onCancel={onClose}
    >
      <Field label="Why it is a complaint" validationState={reasonMsg ? 'error' : 'none'} validationMessage={reasonMsg}>
        <Select autoFocus value={reason} onChange={(_, v) => setReason(v.value)}>
          <WordOptions keys={CONVERSION_REASONS} />
        </Select>
      </Field>
      <Field validationState={offeredMsg ? 'error' : 'none'} validationMessage={offeredMsg}>
        <Checkbox
          checked={offered}
          onChange={(_, v) => setOffered(v.checked === true)}
          label="I offered the resident the choice to make a complaint (Code 1.3)"
        />
      </Field>
      <Text size={200} className={styles.hint}>
        The complaint keeps this contact’s history and received date; it opens next, to be screened.
      </Text>
    </FormDialog>
  );
}
