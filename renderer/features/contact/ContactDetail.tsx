// A contact in its own view (#/contact/<id>): an enquiry left open, or any past contact, found again from search.
// The header says what it is and where it stands; the command bar offers what the user may do now (Resolve,
// Convert to complaint, Edit details, Open the complaint), each one that is not open disabled with the reason;
// then its details and its timeline. Alt+R, Alt+C, Alt+E and Alt+O run the commands from anywhere in the view.
import { Badge, Card, makeStyles, Subtitle2, Text, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Regular, Edit20Regular, Open20Regular, ArrowForward20Regular } from '@fluentui/react-icons';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { ContactCommandState, ContactDetail as Detail } from '../../../shared/contracts/desk-api.js';
import { CHANNEL_LABELS, words } from '../../../shared/contracts/vocabulary.js';
import { useContactDetailQuery, useReferenceDataQuery } from '../../api/desk-api.js';
import { hrefOf, navigate } from '../../app/route.js';
import {
  queryGate,
  useAltKeys,
  useViewHeaderStyles,
  ViewCommand,
  ViewCommands,
  ViewHeader,
} from '../../components/ViewFrame.js';
import { useDeskDraft } from '../drafts/use-desk-draft.js';
import { adjustmentPhrases } from '../case/adjustments.js';
import { ConvertDialog, ResolveDialog } from './ContactDialogs.js';
import { contactEditDraftKey, contactEditDraftOf, type ContactEditDraft } from './contact-edit.js';
import { EditContact } from './EditContact.js';

const useStyles = makeStyles({
  body: {
    padding: tokens.spacingHorizontalXL,
    display: 'grid',
    gridTemplateColumns: 'minmax(380px, 3fr) minmax(300px, 2fr)',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'start',
  },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  dl: {
    display: 'grid',
    gridTemplateColumns: '200px 1fr',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  dt: { color: tokens.colorNeutralForeground2 },
  dd: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  timeline: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  event: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  when: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  link: { color: tokens.colorBrandForegroundLink },
});

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

const nameOf = (list: readonly { key: string; name: string }[] | undefined, key: string | null): string =>
  key ? (list?.find((x) => x.key === key)?.name ?? key) : '—';

const KIND_WORDS: Record<Detail['contact']['kind'], string> = {
  enquiry: 'Enquiry',
  'service-request': 'Service request',
  feedback: 'Feedback',
  compliment: 'Compliment',
};

/** Where the contact stands, in words for its badge. */
export function contactStatusText(c: Detail['contact']): string {
  if (c.status === 'open') return `Open ${KIND_WORDS[c.kind].toLowerCase()}`;
  if (c.status === 'resolved') return 'Resolved';
  const ref = c.complaint?.reference ?? 'a complaint';
  return c.complaint?.status
    ? `Converted to ${ref} (${words(c.complaint.status).toLowerCase()})`
    : `Converted to ${ref}`;
}

function madeByText(d: Detail): string {
  const c = d.contact;
  if (c.madeBy === 'anonymous') return 'Anonymous';
  if (c.madeBy === 'group') return `A group or petition${d.group ? `: ${d.group.displayName}` : ''}`;
  if (c.madeBy === 'representative') {
    const r = d.representative;
    return r ? `${r.displayName}, ${words(r.relationship).toLowerCase()} (for the resident)` : 'A representative';
  }
  return 'The resident';
}

type Command = 'resolve' | 'convert' | 'edit' | 'open';
const KEYS: Record<string, Command> = { r: 'resolve', c: 'convert', e: 'edit', o: 'open' };

export function ContactDetail({ id }: { id: string }) {
  const detail = useContactDetailQuery(id);
  const gate = queryGate(detail, { loading: 'Opening the contact…', failed: 'This contact could not be opened.' });
  if (gate || !detail.data) return gate;
  // Keyed by contact: another contact's view starts with its own draft and dialogs.
  return <ContactView key={id} d={detail.data} />;
}

function ContactView({ d }: { d: Detail }) {
  const styles = useStyles();
  const header = useViewHeaderStyles();
  const c = d.contact;
  const reference = useReferenceDataQuery(undefined).data;
  const current = contactEditDraftOf(c);
  const draft = useDeskDraft<ContactEditDraft>(contactEditDraftKey(c.id), current);
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<'resolve' | 'convert' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  // A draft found on the desk (typed before an error, a reload or leaving the contact) opens the form again.
  const restored = draft.state !== 'loading' && draft.state !== 'empty';
  const open = d.commands.edit.allowed && (editing || restored);
  const wasOpen = useRef(false);
  useEffect(() => {
    // Back from the form: focus returns to the command that opened it.
    if (wasOpen.current && !open) editButton.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const openComplaint: ContactCommandState = c.complaint
    ? { allowed: true, reason: null }
    : { allowed: false, reason: 'not converted to a complaint' };
  const state: Record<Command, ContactCommandState> = {
    resolve: d.commands.resolve,
    convert: d.commands.convert,
    edit: open ? { allowed: false, reason: 'the form is open below' } : d.commands.edit,
    open: openComplaint,
  };
  const run = (command: Command) => {
    if (dialog || !state[command].allowed) return;
    setDone(null);
    if (command === 'resolve' || command === 'convert') setDialog(command);
    else if (command === 'edit') {
      draft.set(current);
      setEditing(true);
    } else if (c.complaint) navigate({ view: 'case', id: c.complaint.id });
  };
  useAltKeys(KEYS, run);

  const shortcutOf = (command: Command) => Object.keys(KEYS).find((k) => KEYS[k] === command) ?? '';
  const button = (command: Command, label: string, icon: ReactElement, primary = false) => (
    <ViewCommand
      key={command}
      state={state[command]}
      label={label}
      icon={icon}
      shortcut={shortcutOf(command)}
      primary={primary}
      buttonRef={command === 'edit' ? editButton : undefined}
      onRun={() => run(command)}
    />
  );

  const person = d.person;
  const adjustments = adjustmentPhrases(c.adjustmentsJson);
  const who = person?.displayName ?? d.group?.displayName ?? (c.madeBy === 'anonymous' ? 'Anonymous' : '—');
  return (
    <>
      <ViewHeader
        label="Contact summary"
        title={c.reference}
        aside={
          <>
            <Badge appearance="tint" color={c.status === 'open' ? 'warning' : 'brand'} size="large" shape="rounded">
              {contactStatusText(c)}
            </Badge>
            <Text weight="semibold">{who}</Text>
          </>
        }
      >
        <div className={header.meta}>
          <span>{KIND_WORDS[c.kind]}</span>
          <span>{CHANNEL_LABELS[c.channel as keyof typeof CHANNEL_LABELS] ?? words(c.channel)}</span>
          <span>Received {c.receivedDate}</span>
          <span>Logged by {c.loggedByName ?? 'someone not on this desk'}</span>
        </div>
        {(c.dissatisfaction || adjustments.length > 0) && (
          <div className={header.meta} aria-label="To note">
            {c.dissatisfaction && (
              <Badge appearance="filled" color="danger" shape="rounded">
                Dissatisfaction expressed: a possible complaint
              </Badge>
            )}
            {adjustments.map((a) => (
              <Badge key={a} appearance="outline" color="important" shape="rounded">
                {a}
              </Badge>
            ))}
          </div>
        )}
      </ViewHeader>
      <ViewCommands label="Contact commands">
        {button('resolve', 'Resolve…', <CheckmarkCircle20Regular />, true)}
        {button('convert', 'Convert to complaint…', <ArrowForward20Regular />)}
        {button('edit', 'Edit details', <Edit20Regular />)}
        {button(
          'open',
          c.complaint?.reference ? `Open ${c.complaint.reference}` : 'Open the complaint',
          <Open20Regular />,
          true,
        )}
        <Text role="status" className={styles.when}>
          {done ?? ''}
        </Text>
      </ViewCommands>
      <div className={styles.body}>
        <Card className={styles.card}>
          <Subtitle2 as="h2">Details</Subtitle2>
          {open ? (
            <EditContact
              contact={c}
              draft={draft}
              current={current}
              onDone={(message) => {
                setEditing(false);
                setDone(message);
              }}
            />
          ) : (
            <dl className={styles.dl}>
              <dt className={styles.dt}>What happened</dt>
              <dd className={styles.dd}>{c.whatHappened}</dd>
              <dt className={styles.dt}>Outcome wanted</dt>
              <dd className={styles.dd}>{c.outcomeWanted ?? '—'}</dd>
              <dt className={styles.dt}>Category</dt>
              <dd className={styles.dd}>{nameOf(reference?.categories, c.categoryKey)}</dd>
              <dt className={styles.dt}>Business area</dt>
              <dd className={styles.dd}>{nameOf(reference?.businessAreas, c.businessAreaKey)}</dd>
              <dt className={styles.dt}>Made by</dt>
              <dd className={styles.dd}>{madeByText(d)}</dd>
              {d.representative && (
                <>
                  <dt className={styles.dt}>Authority to act</dt>
                  <dd className={styles.dd}>
                    {words(d.representative.authorisationKind)}
                    {d.representative.authorisationDate ? `, dated ${d.representative.authorisationDate}` : ''}
                  </dd>
                </>
              )}
              <dt className={styles.dt}>{d.group ? 'Group or petition' : 'Resident'}</dt>
              <dd className={styles.dd}>
                {person ? (
                  <>
                    {[person.displayName, person.phone, person.email, person.addressLine1, person.town, person.postcode]
                      .filter(Boolean)
                      .join(' · ')}{' '}
                    <a className={styles.link} href={hrefOf({ view: 'records', kind: 'person', id: person.id })}>
                      (all their contacts and cases)
                    </a>
                  </>
                ) : d.group ? (
                  `${d.group.displayName}: ${d.group.members
                    .map((m) => (m.isSignatory ? `${m.displayName} (signatory)` : m.displayName))
                    .join(', ')}`
                ) : (
                  '—'
                )}
              </dd>
              {d.property && (
                <>
                  <dt className={styles.dt}>Property</dt>
                  <dd className={styles.dd}>
                    {d.property.addressLine1}, {d.property.town} {d.property.postcode}{' '}
                    <a className={styles.link} href={hrefOf({ view: 'records', kind: 'property', id: d.property.id })}>
                      (its contacts and cases)
                    </a>
                  </dd>
                </>
              )}
              <dt className={styles.dt}>Communication and adjustments</dt>
              <dd className={styles.dd}>{adjustments.join(' · ') || '—'}</dd>
              {c.status === 'resolved' && (
                <>
                  <dt className={styles.dt}>Resolution</dt>
                  <dd className={styles.dd}>{c.resolution ?? '—'}</dd>
                  <dt className={styles.dt}>Resolved</dt>
                  <dd className={styles.dd}>
                    {c.resolvedAt ? when(c.resolvedAt) : '—'}
                    {c.resolvedByName ? ` by ${c.resolvedByName}` : ''}
                  </dd>
                </>
              )}
              {c.complaint && (
                <>
                  <dt className={styles.dt}>Complaint</dt>
                  <dd className={styles.dd}>
                    <a className={styles.link} href={hrefOf({ view: 'case', id: c.complaint.id })}>
                      {c.complaint.reference ?? 'The complaint'}
                    </a>
                    {c.complaint.status ? ` · ${words(c.complaint.status)}` : ' · not on this desk yet'}
                  </dd>
                </>
              )}
            </dl>
          )}
        </Card>
        <Card className={styles.card}>
          <Subtitle2 as="h2">Timeline</Subtitle2>
          {d.timeline.length === 0 && <Text>Nothing is recorded on this desk for this contact yet.</Text>}
          <ol className={styles.timeline} aria-label="Timeline">
            {d.timeline.map((t) => (
              <li key={t.id} className={styles.event}>
                <Text weight="semibold">{words(t.kind)}</Text>
                <span>{t.summary}</span>
                <span className={styles.when}>
                  {when(t.occurredAt)} · {t.actorName ?? 'System'}
                </span>
              </li>
            ))}
          </ol>
        </Card>
      </div>
      {dialog === 'resolve' && (
        <ResolveDialog
          contactId={c.id}
          reference={c.reference}
          onClose={(message) => {
            setDialog(null);
            if (message) setDone(message);
          }}
        />
      )}
      {dialog === 'convert' && (
        <ConvertDialog
          contactId={c.id}
          reference={c.reference}
          resolved={c.status === 'resolved'}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
