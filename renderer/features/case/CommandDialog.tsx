import { Checkbox, Field, Input, Select, Textarea } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { FormDialog } from '../../components/FormDialog.js';
import type { DeskApiError } from '../../../shared/contracts/desk-api.js';
import { words } from '../../../shared/contracts/vocabulary.js';
import { useComplaintCommandMutation } from '../../api/desk-api.js';

type Values = Record<string, string | boolean>;

interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly kind: 'text' | 'long' | 'date' | 'check' | 'select';
  readonly options?: readonly string[];
  /** Option labels by value (for example the profile's own wording of each exclusion). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly required?: boolean;
}

/** The inputs each lifecycle command takes (the use case checks them again and names any field it refuses). */
export const COMMAND_FORMS: Record<string, { title: string; verb: string; fields: readonly FieldSpec[] }> = {
  accept: { title: 'Accept into the procedure', verb: 'Accept', fields: [] },
  refuse: {
    title: 'Not accepted: refuse with reasons',
    verb: 'Refuse',
    fields: [
      { name: 'code', label: 'Exclusion that applies', kind: 'select', options: [] },
      { name: 'evidence', label: 'Evidence for it', kind: 'long', required: true },
    ],
  },
  acknowledge: {
    title: 'Acknowledge and define the complaint',
    verb: 'Acknowledge',
    fields: [
      { name: 'understanding', label: 'Our understanding of the complaint', kind: 'long', required: true },
      { name: 'outcomeSought', label: 'The outcome the resident seeks', kind: 'long', required: true },
    ],
  },
  extend: {
    title: 'Extend the response deadline',
    verb: 'Extend',
    fields: [
      { name: 'to', label: 'New response date (dd/mm/yyyy)', kind: 'date', required: true },
      { name: 'reason', label: 'Reason (explained to the resident)', kind: 'long', required: true },
      { name: 'residentAgreed', label: 'The resident agreed to the extension', kind: 'check' },
    ],
  },
  respond: {
    title: 'Record the stage response',
    verb: 'Record response',
    fields: [
      { name: 'decision', label: 'Decision', kind: 'select', options: ['upheld', 'partly-upheld', 'not-upheld'] },
    ],
  },
  'request-escalation': {
    title: 'Escalate to the next stage',
    verb: 'Escalate',
    fields: [{ name: 'lateDiscretionReason', label: 'If the request is late: why we accept it', kind: 'long' }],
  },
  'refuse-escalation': {
    title: 'Refuse the escalation',
    verb: 'Refuse escalation',
    fields: [
      { name: 'reasons', label: 'Reasons (the resident may take this to the Ombudsman)', kind: 'long', required: true },
    ],
  },
  close: {
    title: 'Close the complaint',
    verb: 'Close',
    fields: [{ name: 'note', label: 'Closing note', kind: 'long' }],
  },
  withdraw: {
    title: 'Withdraw',
    verb: 'Withdraw',
    fields: [{ name: 'reason', label: 'Why the resident withdrew', kind: 'long', required: true }],
  },
  reopen: {
    title: 'Re-open',
    verb: 'Re-open',
    fields: [{ name: 'newInformation', label: 'New information', kind: 'long', required: true }],
  },
};

/** Agents type UK dates (25/12/2026); the core takes ISO dates. Anything else goes through for the core to refuse. */
export function isoFromUk(text: string): string {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  return m ? `${m[3]}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}` : text.trim();
}

function commandOf(type: string, v: Values): { type: string } & Record<string, unknown> {
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
  switch (type) {
    case 'refuse':
      return { type, exclusions: [{ code: s('code'), evidence: s('evidence') }] };
    case 'acknowledge':
      return { type, understanding: s('understanding'), outcomeSought: s('outcomeSought') };
    case 'extend':
      return { type, to: isoFromUk(s('to')), reason: s('reason'), residentAgreed: v.residentAgreed === true };
    case 'respond':
      return { type, decision: s('decision') || 'upheld' };
    case 'request-escalation':
      return s('lateDiscretionReason') ? { type, lateDiscretionReason: s('lateDiscretionReason') } : { type };
    case 'refuse-escalation':
      return { type, reasons: s('reasons') };
    case 'close':
      return { type, note: s('note') };
    case 'withdraw':
      return { type, reason: s('reason') };
    case 'reopen':
      return { type, newInformation: s('newInformation') };
    default:
      return { type };
  }
}

export function CommandDialog({
  type,
  complaintId,
  version,
  initial,
  choices,
  onClose,
}: {
  type: string;
  complaintId: string;
  version: number;
  initial: Values;
  /** Options that depend on the case (e.g. its profile's exclusions), by field name. */
  choices?: Readonly<Record<string, { options: readonly string[]; labels: Readonly<Record<string, string>> }>>;
  onClose: (done: boolean) => void;
}) {
  const base = COMMAND_FORMS[type];
  const form = base && {
    ...base,
    fields: base.fields.map((f) => (choices?.[f.name] ? { ...f, ...choices[f.name] } : f)),
  };
  const [values, setValues] = useState<Values>(initial);
  const [error, setError] = useState<DeskApiError | null>(null);
  const [run, state] = useComplaintCommandMutation();
  if (!form) return null;

  const fieldError = (name: string) =>
    error?.fields?.find(
      (f) => f.path === `command.${name}` || f.path.startsWith(`command.${name}.`) || f.path.endsWith(`.${name}`),
    )?.message;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const r = await run({ complaintId, expectedVersion: version, command: commandOf(type, values) });
    if ('error' in r) setError(r.error as DeskApiError);
    else onClose(true);
  }

  return (
    <FormDialog
      title={form.title}
      alert={
        error &&
        (form.fields.some((f) => fieldError(f.name))
          ? 'Not saved: check the field marked below.'
          : `Not saved: ${error.message}`)
      }
      submitLabel={form.verb}
      busy={state.isLoading}
      onSubmit={(e) => void submit(e)}
      onCancel={() => onClose(false)}
    >
      {form.fields.length === 0 && <p>This records the decision on this case today.</p>}
      {form.fields.map((f) => {
        const msg = fieldError(f.name);
        const common = {
          label: f.label,
          required: f.required ?? false,
          validationState: msg ? ('error' as const) : ('none' as const),
          validationMessage: msg,
        };
        const val = values[f.name];
        const setV = (x: string | boolean) => setValues((o) => ({ ...o, [f.name]: x }));
        if (f.kind === 'check')
          return (
            <Field key={f.name} validationState={common.validationState} validationMessage={msg}>
              <Checkbox label={f.label} checked={val === true} onChange={(_, d) => setV(d.checked === true)} />
            </Field>
          );
        if (f.kind === 'select')
          return (
            <Field key={f.name} {...common}>
              <Select value={typeof val === 'string' ? val : (f.options?.[0] ?? '')} onChange={(_, d) => setV(d.value)}>
                {f.options?.map((o) => (
                  <option key={o} value={o}>
                    {f.labels?.[o] ?? words(o)}
                  </option>
                ))}
              </Select>
            </Field>
          );
        if (f.kind === 'long')
          return (
            <Field key={f.name} {...common}>
              <Textarea rows={3} value={typeof val === 'string' ? val : ''} onChange={(_, d) => setV(d.value)} />
            </Field>
          );
        return (
          <Field key={f.name} {...common}>
            <Input
              type="text"
              inputMode={f.kind === 'date' ? 'numeric' : undefined}
              placeholder={f.kind === 'date' ? 'dd/mm/yyyy' : undefined}
              value={typeof val === 'string' ? val : ''}
              onChange={(_, d) => setV(d.value)}
            />
          </Field>
        );
      })}
    </FormDialog>
  );
}
