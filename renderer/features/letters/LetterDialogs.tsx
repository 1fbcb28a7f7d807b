import { Field, Input, Select, Textarea } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { FormDialog } from '../../components/FormDialog.js';
import { LETTER_SEND_CHANNELS, type LetterSendChannel } from '../../../shared/domain/letters/types.js';
import { asDeskError, useReturnLetterMutation, useSendLetterMutation } from '../../api/desk-api.js';
import { isoFromUk } from '../case/CommandDialog.js';

export const CHANNEL_NAMES: Readonly<Record<LetterSendChannel, string>> = {
  post: 'Post',
  email: 'Email',
  'my-account': 'Resident’s online account',
  'hand-delivered': 'Hand delivered',
};

/** UK date for the date field's starting value (the desk's today, in ISO). */
export function ukFromIso(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** Return a submitted letter to its author: comments are required, they are what the author works from. */
export function ReturnDialog({ letterId, onClose }: { letterId: string; onClose: (done: boolean) => void }) {
  const [comments, setComments] = useState('');
  const [touched, setTouched] = useState(false);
  const [run, state] = useReturnLetterMutation();
  const err = asDeskError(state.error);
  const empty = comments.trim() === '';
  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (empty) return;
    const r = await run({ letterId, comments: comments.trim() });
    if ('data' in r) onClose(true);
  }
  return (
    <FormDialog
      title="Return the letter with comments"
      alert={err ? `Not returned: ${err.message}` : null}
      submitLabel="Return to author"
      busy={state.isLoading}
      noValidate
      onSubmit={(e) => void submit(e)}
      onCancel={() => onClose(false)}
    >
      <Field
        label="Comments for the author (what to change)"
        required
        validationState={touched && empty ? 'error' : 'none'}
        validationMessage={touched && empty ? 'Say what needs to change before it can be authorised.' : undefined}
      >
        <Textarea rows={5} value={comments} onChange={(_, d) => setComments(d.value)} />
      </Field>
    </FormDialog>
  );
}

/** Record that an authorised letter went out: how, and on which date (the date drives the deadlines). */
export function SendDialog({
  letterId,
  today,
  onClose,
}: {
  letterId: string;
  today: string;
  onClose: (done: boolean) => void;
}) {
  const [channel, setChannel] = useState<LetterSendChannel>('post');
  const [date, setDate] = useState(ukFromIso(today));
  const [run, state] = useSendLetterMutation();
  const err = asDeskError(state.error);
  const dateError = err?.fields?.find((f) => f.path === 'sentDate')?.message;
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await run({ letterId, channel, sentDate: isoFromUk(date) });
    if ('data' in r) onClose(true);
  }
  return (
    <FormDialog
      title="Record the letter as sent"
      alert={err ? `Not sent: ${err.message}` : null}
      submitLabel="Record as sent"
      busy={state.isLoading}
      noValidate
      onSubmit={(e) => void submit(e)}
      onCancel={() => onClose(false)}
    >
      <Field label="Sent by">
        <Select value={channel} onChange={(_, d) => setChannel(d.value as LetterSendChannel)}>
          {LETTER_SEND_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {CHANNEL_NAMES[c]}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label="Date sent (dd/mm/yyyy)"
        required
        validationState={dateError ? 'error' : 'none'}
        validationMessage={dateError}
        hint="The deadlines count from the date the letter was sent."
      >
        <Input inputMode="numeric" placeholder="dd/mm/yyyy" value={date} onChange={(_, d) => setDate(d.value)} />
      </Field>
    </FormDialog>
  );
}
