// The dialog for a step that needs words: the resident's refusal (with what they said), payment (with the
// date), a withdrawal (why), a reconsideration (the new evidence, required, and a revised amount), or closing
// an action (done with a note; cancelled with why). Errors from the desk are shown against their field.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Textarea,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { ActionItem, DeskApiError, RemedyItem } from '../../../shared/contracts/desk-api.js';
import {
  REMEDY_KIND_NAMES,
  formatPence,
  parsePounds,
  type RemedyStep,
} from '../../../shared/domain/remedies/remedies.js';
import { asDeskError, useRemedyStepMutation, useUpdateActionMutation } from '../../api/desk-api.js';
import { useReturnFocusOnUnmount } from '../../components/return-focus.js';

export type StepRequest =
  | { kind: 'remedy'; step: Exclude<RemedyStep, 'accept'>; complaintId: string; remedy: RemedyItem }
  | { kind: 'action'; status: 'done' | 'cancelled'; complaintId: string; action: ActionItem };

const TITLE: Record<Exclude<RemedyStep, 'accept'>, string> = {
  refuse: 'Record the resident’s refusal',
  'mark-paid': 'Record the payment',
  withdraw: 'Withdraw the offer',
  reconsider: 'Reconsider the refused offer',
};

export function StepDialog({ request, onClose }: { request: StepRequest; onClose: () => void }) {
  const [note, setNote] = useState('');
  const [evidence, setEvidence] = useState('');
  const [amount, setAmount] = useState('');
  const [on, setOn] = useState('');
  const [error, setError] = useState<DeskApiError | null>(null);
  // Mounted open and unmounted to close: focus goes back to the step's button (it fell to the page body).
  useReturnFocusOnUnmount();
  const [remedyStep, remedyState] = useRemedyStepMutation();
  const [updateAction, actionState] = useUpdateActionMutation();
  const busy = remedyState.isLoading || actionState.isLoading;
  const fieldError = (name: string) => error?.fields?.find((f) => f.path === name)?.message;
  const step = request.kind === 'remedy' ? request.step : null;

  async function save() {
    setError(null);
    let r: { data: unknown } | { error: unknown };
    if (request.kind === 'remedy') {
      const base = { complaintId: request.complaintId, remedyId: request.remedy.id };
      if (request.step === 'reconsider') {
        const pence = amount.trim() ? parsePounds(amount) : null;
        if (amount.trim() && pence === null) {
          setError({
            code: 'invalid-input',
            message: 'Give the revised amount in pounds and pence, such as 250.50.',
            fields: [{ path: 'amountPence', message: 'an amount such as 250 or 250.50' }],
          });
          return;
        }
        r = await remedyStep({
          ...base,
          step: 'reconsider',
          newEvidence: evidence,
          ...(pence !== null ? { amountPence: pence } : {}),
        });
      } else if (request.step === 'mark-paid') {
        r = await remedyStep({ ...base, step: 'mark-paid', ...(on ? { on } : {}) });
      } else {
        r = await remedyStep({ ...base, step: request.step, ...(note.trim() ? { note } : {}) });
      }
    } else {
      r = await updateAction({
        complaintId: request.complaintId,
        actionId: request.action.id,
        status: request.status,
        ...(note.trim() ? { note } : {}),
      });
    }
    if ('error' in r) setError(asDeskError(r.error));
    else onClose();
  }

  const title =
    request.kind === 'remedy'
      ? TITLE[request.step]
      : request.status === 'done'
        ? `Close the action for ${request.action.areaName} as done`
        : `Cancel the action for ${request.action.areaName}`;
  const what =
    request.kind === 'remedy'
      ? `${REMEDY_KIND_NAMES[request.remedy.kind]}${request.remedy.amountPence === null ? '' : ` ${formatPence(request.remedy.amountPence)}`}: ${request.remedy.description}`
      : request.action.description;

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby="step-what">
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
            <p id="step-what">{what}</p>
            {step === 'reconsider' && (
              <>
                <Field
                  label="New evidence"
                  required
                  hint="A refused offer is reconsidered only on new evidence."
                  validationState={fieldError('newEvidence') ? 'error' : 'none'}
                  validationMessage={fieldError('newEvidence')}
                >
                  <Textarea value={evidence} onChange={(_, d) => setEvidence(d.value)} rows={3} />
                </Field>
                <Field
                  label="Revised amount (£, optional)"
                  validationState={fieldError('amountPence') ? 'error' : 'none'}
                  validationMessage={fieldError('amountPence')}
                >
                  <Input value={amount} onChange={(_, d) => setAmount(d.value)} inputMode="decimal" />
                </Field>
              </>
            )}
            {step === 'mark-paid' && (
              <Field
                label="Paid on (today when left empty)"
                validationState={fieldError('on') ? 'error' : 'none'}
                validationMessage={fieldError('on')}
              >
                <Input type="date" value={on} onChange={(_, d) => setOn(d.value)} />
              </Field>
            )}
            {(step === 'refuse' || step === 'withdraw' || request.kind === 'action') && (
              <Field
                label={
                  step === 'refuse'
                    ? 'What the resident said (optional)'
                    : step === 'withdraw' || (request.kind === 'action' && request.status === 'cancelled')
                      ? 'Why'
                      : 'Update note (optional)'
                }
                required={step === 'withdraw' || (request.kind === 'action' && request.status === 'cancelled')}
                validationState={fieldError('note') ? 'error' : 'none'}
                validationMessage={fieldError('note')}
              >
                <Textarea value={note} onChange={(_, d) => setNote(d.value)} rows={2} />
              </Field>
            )}
            {error && !error.fields?.length && (
              <MessageBar intent="error">
                <MessageBarBody>{error.message}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Back
            </Button>
            <Button appearance="primary" disabled={busy} onClick={() => void save()}>
              Save
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
