// What a search hit on a person or a property opens (#/person/<id>, #/property/<id>): their contacts and cases,
// newest first, each a link to its own view. A person's are those naming them as the resident. A person's page
// offers "Edit resident details" (Alt+E; disabled with the reason for a role that may not edit details): their
// name and contact details in a form kept as a desk draft until saved or cancelled (EditPerson.tsx).
import {
  Badge,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Edit20Regular } from '@fluentui/react-icons';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { RecordsOf } from '../../../shared/contracts/desk-api.js';
import { CHANNEL_LABELS, words } from '../../../shared/contracts/vocabulary.js';
import { editDetailsRefusal } from '../../../shared/domain/details.js';
import { useRecordsOfQuery, useSessionQuery } from '../../api/desk-api.js';
import { hrefOf } from '../../app/route.js';
import {
  queryGate,
  useAltKeys,
  useViewHeaderStyles,
  ViewCommand,
  ViewCommands,
  ViewHeader,
  type ViewCommandState,
} from '../../components/ViewFrame.js';
import { useDeskDraft } from '../drafts/use-desk-draft.js';
import { EditPerson } from './EditPerson.js';
import { personEditDraftKey, personEditDraftOf, type PersonEditDraft } from './person-edit.js';

const useStyles = makeStyles({
  sub: { color: tokens.colorNeutralForeground2 },
  body: {
    padding: tokens.spacingHorizontalXL,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'start',
  },
  // Above the lists, at a width that reads as one form.
  form: {
    paddingBlockStart: tokens.spacingHorizontalXL,
    paddingInline: tokens.spacingHorizontalXL,
    maxWidth: '960px',
  },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  line: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'baseline', flexWrap: 'wrap' },
  link: { color: tokens.colorBrandForegroundLink, fontWeight: tokens.fontWeightSemibold },
  text: {
    color: tokens.colorNeutralForeground2,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
});

const CONTACT_STATUS: Record<RecordsOf['contacts'][number]['status'], string> = {
  open: 'Open',
  resolved: 'Resolved',
  converted: 'Converted',
};

export function Records({ kind, id }: { kind: 'person' | 'property'; id: string }) {
  const q = useRecordsOfQuery({ kind, id });
  const gate = queryGate(q, {
    loading: 'Looking up their contacts and cases…',
    failed: 'These records could not be opened.',
  });
  if (gate || !q.data) return gate;
  // Keyed by the record: another person's page starts with its own draft.
  return <RecordsPage key={`${kind}:${id}`} r={q.data} />;
}

/** A person's contact details in one line, as the header shows them. */
function contactLine(p: RecordsOf['person']): string {
  return p ? [p.phone, p.email, p.addressLine1, p.town].filter(Boolean).join(' · ') : '';
}

function RecordsPage({ r }: { r: RecordsOf }) {
  const styles = useStyles();
  const header = useViewHeaderStyles();
  const kind = r.kind;
  const line = contactLine(r.person);
  const lists = <Lists r={r} />;
  return (
    <>
      <ViewHeader
        label={kind === 'person' ? 'Person' : 'Property'}
        title={r.title}
        aside={<Text className={styles.sub}>{r.subtitle}</Text>}
      >
        {line && <div className={header.meta}>{line}</div>}
      </ViewHeader>
      {r.person ? (
        <PersonPage personId={r.id} person={r.person} more={r.more}>
          {lists}
        </PersonPage>
      ) : (
        <>
          {r.more && <More />}
          <div className={styles.body}>{lists}</div>
        </>
      )}
    </>
  );
}

/** Contacts and complaints were cut at RECORDS_LIMIT each. */
function More() {
  return (
    <MessageBar intent="info">
      <MessageBarBody>Showing the latest 50 of each; search by reference to find an older one.</MessageBarBody>
    </MessageBar>
  );
}

/** The contacts and complaints, newest first (two cards). */
function Lists({ r }: { r: RecordsOf }) {
  const styles = useStyles();
  const whose = r.kind === 'person' ? 'with this person as the resident' : 'at this address';
  return (
    <>
      <Card className={styles.card}>
        <Subtitle2 as="h2">Contacts ({r.contacts.length})</Subtitle2>
        {r.contacts.length === 0 && <Text>No contact is recorded {whose} on this desk.</Text>}
        <ul className={styles.list} aria-label="Contacts">
          {r.contacts.map((c) => (
            <li key={c.id} className={styles.item}>
              <span className={styles.line}>
                <a className={styles.link} href={hrefOf({ view: 'contact', id: c.id })}>
                  {c.reference}
                </a>
                <Badge appearance="tint" color={c.status === 'open' ? 'warning' : 'brand'} shape="rounded">
                  {CONTACT_STATUS[c.status]}
                  {c.complaintReference ? ` to ${c.complaintReference}` : ''}
                </Badge>
                <Text size={200}>
                  {c.receivedDate} · {CHANNEL_LABELS[c.channel as keyof typeof CHANNEL_LABELS] ?? words(c.channel)}
                </Text>
              </span>
              <span className={styles.text}>{c.whatHappened}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card className={styles.card}>
        <Subtitle2 as="h2">Complaints ({r.complaints.length})</Subtitle2>
        {r.complaints.length === 0 && <Text>No complaint is recorded {whose} on this desk.</Text>}
        <ul className={styles.list} aria-label="Complaints">
          {r.complaints.map((c) => (
            <li key={c.id} className={styles.item}>
              <span className={styles.line}>
                <a className={styles.link} href={hrefOf({ view: 'case', id: c.id })}>
                  {c.reference}
                </a>
                <Badge appearance="tint" color="brand" shape="rounded">
                  {words(c.status)}
                </Badge>
                <Text size={200}>Received {c.receivedDate}</Text>
              </span>
              <span className={styles.text}>{c.summary}</span>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}

type Command = 'edit';
const KEYS: Record<string, Command> = { e: 'edit' };

/** A person's page under its header: the command bar, and the form (when open) above their contacts and cases. */
function PersonPage({
  personId,
  person,
  more,
  children,
}: {
  personId: string;
  person: NonNullable<RecordsOf['person']>;
  more: boolean;
  children: ReactNode;
}) {
  const styles = useStyles();
  const roles = useSessionQuery(undefined).data?.roles ?? [];
  const refusal = editDetailsRefusal(roles);
  const current = personEditDraftOf(person);
  const draft = useDeskDraft<PersonEditDraft>(personEditDraftKey(personId), current);
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  // A draft found on the desk (typed before an error, a reload or leaving the page) opens the form again.
  const restored = draft.state !== 'loading' && draft.state !== 'empty';
  const open = refusal === null && (editing || restored);
  const wasOpen = useRef(false);
  useEffect(() => {
    // Back from the form: focus returns to the command that opened it.
    if (wasOpen.current && !open) editButton.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const state: ViewCommandState = refusal
    ? { allowed: false, reason: refusal }
    : open
      ? { allowed: false, reason: 'the form is open below' }
      : draft.state === 'loading'
        ? { allowed: false, reason: 'looking for a draft' }
        : { allowed: true, reason: null };
  const run = () => {
    if (!state.allowed) return;
    setDone(null);
    draft.set(current);
    setEditing(true);
  };
  useAltKeys(KEYS, run);

  return (
    <>
      <ViewCommands label="Person commands">
        <ViewCommand
          state={state}
          label="Edit resident details"
          icon={<Edit20Regular />}
          shortcut="e"
          buttonRef={editButton}
          onRun={run}
        />
        <Text role="status" className={styles.sub}>
          {done ?? ''}
        </Text>
      </ViewCommands>
      {more && <More />}
      {open && (
        <div className={styles.form}>
          <Card className={styles.card}>
            <Subtitle2 as="h2">
              {person.kind === 'group' ? 'The group’s contact details' : 'Resident details'}
            </Subtitle2>
            <EditPerson
              personId={personId}
              group={person.kind === 'group'}
              draft={draft}
              current={current}
              onDone={(message) => {
                setEditing(false);
                setDone(message);
              }}
            />
          </Card>
        </div>
      )}
      <div className={styles.body}>{children}</div>
    </>
  );
}
