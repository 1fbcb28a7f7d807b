// The case's correspondence: every letter, email, call and message with the resident or others, recorded with
// who and when (DeskApi addCorrespondence; it also goes on the timeline). What is being typed is a draft kept
// in the desk core until it is recorded.
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Subtitle2,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { DeskApiError } from '../../../shared/contracts/desk-api.js';
import { asDeskError, useAddCorrespondenceMutation } from '../../api/desk-api.js';
import { draftStatus, useDeskDraft } from '../drafts/use-desk-draft.js';
import { instantFromUk } from './instant.js';
import { londonDateTime } from '../../app/when.js';

const CHANNELS = ['letter', 'email', 'phone', 'sms', 'my-account', 'in-person', 'other'] as const;
const CHANNEL_WORDS: Record<(typeof CHANNELS)[number], string> = {
  letter: 'Letter',
  email: 'Email',
  phone: 'Phone call',
  sms: 'Text message',
  'my-account': 'My Account message',
  'in-person': 'In person',
  other: 'Other',
};

interface CorrespondenceDraft {
  direction: 'inbound' | 'outbound';
  channel: string;
  counterparty: string;
  date: string;
  time: string;
  subject: string;
  body: string;
}

const EMPTY: CorrespondenceDraft = {
  direction: 'inbound',
  channel: 'letter',
  counterparty: '',
  date: '',
  time: '',
  subject: '',
  body: '',
};

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: {
    display: 'grid',
    gridTemplateColumns: '180px 1fr',
    gap: tokens.spacingHorizontalL,
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  when: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  text: { whiteSpace: 'pre-wrap' },
  form: {
    display: 'grid',
    gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    // A field's error below it does not push its neighbours' inputs out of line.
    alignItems: 'start',
    maxWidth: '960px',
  },
  wide: { gridColumn: '1 / -1' },
  hint: { color: tokens.colorNeutralForeground2 },
});

const when = londonDateTime;

export function Correspondence({
  complaintId,
  items,
  residentName,
}: {
  complaintId: string;
  items: readonly Record<string, unknown>[];
  residentName: string | null;
}) {
  const styles = useStyles();
  const draft = useDeskDraft<CorrespondenceDraft>(`correspondence:${complaintId}`, EMPTY);
  const d = draft.value;
  const set = <K extends keyof CorrespondenceDraft>(k: K, v: CorrespondenceDraft[K]) =>
    draft.set((x) => ({ ...x, [k]: v }));
  const [add, state] = useAddCorrespondenceMutation();
  const [error, setError] = useState<DeskApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const fieldError = (name: string) => error?.fields?.find((f) => f.path === name)?.message;

  async function record() {
    setError(null);
    setDone(null);
    const occurredAt = instantFromUk(d.date, d.time);
    if (!occurredAt) {
      // Each field marked for what is wrong with it (a date, a time, or a time the clocks skipped that day).
      const dateOk = instantFromUk(d.date, '12:00') !== null;
      const timeOk = instantFromUk('15/01/2025', d.time) !== null;
      const fields = [
        ...(dateOk ? [] : [{ path: 'occurredAt', message: 'a date such as 25/12/2025' }]),
        ...(timeOk ? [] : [{ path: 'time', message: 'a time such as 14:30' }]),
        ...(dateOk && timeOk
          ? [{ path: 'time', message: 'the clocks went forward over this time in London that day' }]
          : []),
      ];
      setError({ code: 'invalid-input', message: 'Give the date (dd/mm/yyyy) and time (hh:mm).', fields });
      return;
    }
    const r = await add({
      complaintId,
      direction: d.direction,
      channel: d.channel,
      counterparty: d.counterparty || (residentName ?? ''),
      ...(d.subject.trim() ? { subject: d.subject } : {}),
      ...(d.body.trim() ? { body: d.body } : {}),
      occurredAt,
    });
    if ('error' in r) {
      setError(asDeskError(r.error));
      return;
    }
    const what = (CHANNEL_WORDS[d.channel as (typeof CHANNELS)[number]] ?? d.channel).toLowerCase();
    setDone(`${d.direction === 'inbound' ? 'Received' : 'Sent'} ${what} recorded.`);
    draft.discard();
  }

  return (
    <div className={styles.body}>
      {items.length === 0 ? (
        <Text>No correspondence is recorded on this case yet.</Text>
      ) : (
        <ol className={styles.list} aria-label="Correspondence">
          {items.map((x) => (
            <li key={String(x.id)} className={styles.item}>
              <span className={styles.when}>{when(String(x.occurred_at))}</span>
              <span>
                <Text weight="semibold">
                  {x.direction === 'inbound' ? 'From' : 'To'} {String(x.counterparty)} (
                  {CHANNEL_WORDS[String(x.channel) as (typeof CHANNELS)[number]] ?? String(x.channel)})
                  {x.subject ? `: ${String(x.subject)}` : ''}
                </Text>
                {x.body_text ? <div className={styles.text}>{String(x.body_text)}</div> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
      <Subtitle2 as="h2">Record correspondence</Subtitle2>
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>Not recorded: {error.message}</MessageBarBody>
        </MessageBar>
      )}
      {done && (
        <MessageBar intent="success">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      <form
        className={styles.form}
        aria-label="Record correspondence"
        onSubmit={(e) => {
          e.preventDefault();
          void record();
        }}
      >
        <RadioGroup
          className={styles.wide}
          layout="horizontal"
          aria-label="Direction"
          value={d.direction}
          onChange={(_, v) => set('direction', v.value as CorrespondenceDraft['direction'])}
        >
          <Radio value="inbound" label="Received from" />
          <Radio value="outbound" label="Sent to" />
        </RadioGroup>
        <Field label="Channel" validationMessage={fieldError('channel')}>
          <Select value={d.channel} onChange={(_, v) => set('channel', v.value)}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_WORDS[c]}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Date (dd/mm/yyyy)"
          validationState={fieldError('occurredAt') ? 'error' : 'none'}
          validationMessage={fieldError('occurredAt')}
        >
          <Input value={d.date} placeholder="dd/mm/yyyy" onChange={(_, v) => set('date', v.value)} />
        </Field>
        <Field
          label="Time (hh:mm)"
          validationState={fieldError('time') ? 'error' : 'none'}
          validationMessage={fieldError('time')}
        >
          <Input value={d.time} placeholder="12:00" onChange={(_, v) => set('time', v.value)} />
        </Field>
        <Field
          label="Who with"
          hint={residentName ? `Empty means ${residentName}` : undefined}
          validationState={fieldError('counterparty') ? 'error' : 'none'}
          validationMessage={fieldError('counterparty')}
        >
          <Input value={d.counterparty} onChange={(_, v) => set('counterparty', v.value)} />
        </Field>
        <Field
          className={styles.wide}
          label="Subject"
          validationState={fieldError('subject') ? 'error' : 'none'}
          validationMessage={fieldError('subject')}
        >
          <Input value={d.subject} onChange={(_, v) => set('subject', v.value)} />
        </Field>
        <Field
          className={styles.wide}
          label="Summary of what was said"
          validationState={fieldError('body') ? 'error' : 'none'}
          validationMessage={fieldError('body')}
        >
          <Textarea rows={3} value={d.body} onChange={(_, v) => set('body', v.value)} resize="vertical" />
        </Field>
        <div className={styles.wide}>
          <Button appearance="primary" type="submit" disabled={state.isLoading || draft.state === 'loading'}>
            Record correspondence
          </Button>{' '}
          <Text size={200} className={styles.hint} role="status">
            {draftStatus(draft.state, draft.savedAt)}
          </Text>
        </div>
      </form>
    </div>
  );
}
