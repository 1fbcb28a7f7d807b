import {
  Button,
  Checkbox,
  Divider,
  Field,
  Input,
  Link,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Subtitle2,
  Text,
  Textarea,
  tokens,
  ToolbarButton,
} from '@fluentui/react-components';
import { Add20Regular, Delete20Regular } from '@fluentui/react-icons';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { DeskApiError, Session } from '../../../shared/contracts/desk-api.js';
import {
  ADJUSTMENT_SUPPORTS,
  AUTHORISATION_KINDS,
  CHANNELS,
  CHANNEL_LABELS,
  CONVERSION_REASONS,
  PREFERRED_CHANNELS,
  RELATIONSHIPS,
} from '../../../shared/contracts/vocabulary.js';
import {
  useConvertToComplaintMutation,
  useLogContactMutation,
  useReferenceDataQuery,
  useResolveEnquiryMutation,
  useSearchQuery,
} from '../../api/desk-api.js';
import { hrefOf, navigate } from '../../app/route.js';
import { CommandBar } from '../../components/CommandBar.js';
import { fieldErrors, type FieldErrorsOf } from '../../components/field-errors.js';
import { CategoryField } from '../../components/ReferenceSelects.js';
import { WordOptions } from '../../components/WordOptions.js';
import { PersonFields } from './PersonFields.js';
import { draftStatus, useDeskDraft } from '../drafts/use-desk-draft.js';
import { CONTACT_DRAFT_KEY, EMPTY_DRAFT, type ContactDraft } from './draft.js';
import { indexingNotice } from '../search/indexing.js';
import { PREFERRED_LABELS, SUPPORT_LABELS } from './labels.js';

const useStyles = makeStyles({
  form: {
    padding: tokens.spacingHorizontalXL,
    display: 'grid',
    gridTemplateColumns: 'minmax(320px, 1fr) minmax(320px, 1fr)',
    gap: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXXL}`,
    maxWidth: '1200px',
  },
  col: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM },
  full: { gridColumn: '1 / -1' },
  actions: {
    gridColumn: '1 / -1',
    display: 'grid',
    gridTemplateColumns: '1fr 1fr',
    gap: tokens.spacingHorizontalXXL,
    paddingBlock: tokens.spacingVerticalM,
  },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  matches: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  hint: { color: tokens.colorNeutralForeground2 },
  fieldset: { margin: 0, minInlineSize: 0 },
  checks: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: `0 ${tokens.spacingHorizontalM}` },
  member: {
    display: 'grid',
    gridTemplateColumns: '1fr 1fr auto auto',
    gap: tokens.spacingHorizontalS,
    alignItems: 'end',
  },
});

// The draft is the signed-in user's (the desk core keys it by session), so the session is not needed here.
export function LogContact(_props: { session: Session }) {
  const styles = useStyles();
  const ref = useReferenceDataQuery(undefined);
  const draft = useDeskDraft<ContactDraft>(CONTACT_DRAFT_KEY, EMPTY_DRAFT);
  const d = draft.value;
  const setD = draft.set;
  const [error, setError] = useState<DeskApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // What was just finished, with the contact it left (a link to its view).
  const [done, setDone] = useState<{ text: string; contactId: string } | null>(null);
  const [logContact] = useLogContactMutation();
  const [resolveEnquiry] = useResolveEnquiryMutation();
  const [convert] = useConvertToComplaintMutation();
  const first = useRef<HTMLSelectElement>(null);
  const [personQuery, setPersonQuery] = useState('');
  const people = useSearchQuery(personQuery.trim(), { skip: personQuery.trim().length < 2 });
  const personHits = (people.data?.hits ?? []).filter((h) => h.kind === 'person');
  const indexing = personQuery.trim().length >= 2 ? indexingNotice(people.data?.indexing) : null;

  const set = <K extends keyof ContactDraft>(k: K, v: ContactDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const fe = useMemo(() => fieldErrors(error), [error]);
  // An error marked against fields: the banner says to check them (not the use case's "person.email: …" wording)
  // and the first marked field takes the focus, so an agent on a call can put it right from the keyboard.
  const form = useRef<HTMLFormElement>(null);
  const [marked, setMarked] = useState(0);
  useEffect(() => {
    const invalid = error?.fields?.length
      ? [...(form.current?.querySelectorAll<HTMLElement>('[aria-invalid="true"]') ?? [])]
      : [];
    setMarked(invalid.length);
    invalid[0]?.focus();
  }, [error]);

  function input() {
    const person =
      d.madeBy === 'anonymous' || d.madeBy === 'group' || d.personMode === 'existing'
        ? undefined
        : {
            givenName: d.givenName || undefined,
            familyName: d.familyName || undefined,
            phone: d.phone || undefined,
            email: d.email || undefined,
            addressLine1: d.addressLine1 || undefined,
            town: d.town || undefined,
            postcode: d.postcode || undefined,
          };
    const group =
      d.madeBy === 'group'
        ? {
            name: d.groupName,
            members: d.members.map((m) => ({
              givenName: m.givenName || undefined,
              familyName: m.familyName || undefined,
            })),
            signatory: d.signatory,
          }
        : undefined;
    const adjustments =
      d.supports.length || d.language || d.preferredChannel || d.adjustmentDetail
        ? {
            supports: d.supports,
            language: d.language || undefined,
            preferredChannel: d.preferredChannel || undefined,
            detail: d.adjustmentDetail || undefined,
          }
        : undefined;
    return {
      channel: d.channel,
      madeBy: d.madeBy,
      ...(d.madeBy !== 'anonymous' && d.madeBy !== 'group' && d.personMode === 'existing' && d.personId
        ? { personId: d.personId }
        : {}),
      ...(person ? { person } : {}),
      ...(group ? { group } : {}),
      ...(adjustments ? { adjustments } : {}),
      ...(d.madeBy === 'representative'
        ? {
            representative: {
              givenName: d.repGivenName || undefined,
              familyName: d.repFamilyName || undefined,
              relationship: d.relationship,
              authorisationKind: d.authorisationKind,
            },
          }
        : {}),
      kind: d.kind,
      categoryKey: d.categoryKey || undefined,
      businessAreaKey: ref.data?.categories.find((c) => c.key === d.categoryKey)?.businessAreaKey ?? undefined,
      whatHappened: d.whatHappened,
      outcomeWanted: d.outcomeWanted || undefined,
      dissatisfaction: d.dissatisfaction,
    };
  }

  /** Logs the contact once; later steps retry without logging it again. */
  async function ensureLogged(): Promise<{ contactId: string; reference: string } | null> {
    if (d.loggedContactId) return { contactId: d.loggedContactId, reference: d.loggedReference };
    const r = await logContact(input());
    if ('error' in r) {
      setError(r.error as DeskApiError);
      return null;
    }
    setD((x) => ({ ...x, loggedContactId: r.data.contactId, loggedReference: r.data.reference }));
    return { contactId: r.data.contactId, reference: r.data.reference };
  }

  async function finish(how: 'resolve' | 'convert' | 'keep-open', e?: FormEvent) {
    e?.preventDefault();
    setError(null);
    setDone(null);
    // Checked here before anything is logged, in the order of the form: what happened, then how it ends.
    const missing: { path: string; message: string }[] = [];
    if (!d.loggedContactId && how !== 'keep-open' && !d.whatHappened.trim()) {
      missing.push({ path: 'whatHappened', message: 'required' });
    }
    if (how === 'resolve' && !d.resolution.trim()) missing.push({ path: 'resolution', message: 'required' });
    if (how === 'convert' && !d.offeredChoice) {
      missing.push({ path: 'residentOfferedChoice', message: 'the resident must be offered the choice (Code 1.3)' });
    }
    if (missing.length) {
      // The banner reads "Check the field(s) marked below" once they are marked; this is its words otherwise.
      setError({ code: 'invalid-input', message: 'Fill in what is marked in the form.', fields: missing });
      return;
    }
    setBusy(true);
    try {
      const logged = await ensureLogged();
      if (!logged) return;
      const { contactId } = logged;
      if (how === 'keep-open') {
        // Left open to be resolved or converted later, from its own view (found again with search, Ctrl+K).
        setDone({ text: `Enquiry ${logged.reference} logged and left open.`, contactId });
        draft.discard();
        first.current?.focus();
      } else if (how === 'resolve') {
        const r = await resolveEnquiry({ contactId, resolution: d.resolution });
        if ('error' in r) return setError(r.error as DeskApiError);
        setDone({ text: `Enquiry ${logged.reference} logged and resolved.`, contactId });
        draft.discard();
        first.current?.focus();
      } else {
        const r = await convert({ contactId, reason: d.conversionReason, residentOfferedChoice: true });
        if ('error' in r) return setError(r.error as DeskApiError);
        draft.discard();
        navigate({ view: 'case', id: r.data.complaintId });
      }
    } finally {
      setBusy(false);
    }
  }

  // Typing before the stored draft has come back would be overwritten by it.
  if (draft.state === 'loading') return <Spinner label="Opening the form…" />;
  return (
    <>
      <CommandBar title="Log a contact">
        <ToolbarButton
          icon={<Delete20Regular />}
          onClick={() => {
            draft.discard();
            setError(null);
            setDone(null);
          }}
        >
          Clear form
        </ToolbarButton>
        <Text size={200} className={styles.hint} role="status" data-testid="draft-status">
          {draftStatus(draft.state, draft.savedAt)}
        </Text>
      </CommandBar>
      <form
        ref={form}
        className={styles.form}
        aria-label="Log a contact"
        onSubmit={(e) => void finish('convert', e)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && e.ctrlKey) {
            e.preventDefault();
            void finish(e.shiftKey ? 'resolve' : 'convert');
          }
        }}
      >
        {done && (
          <MessageBar intent="success" className={styles.full}>
            <MessageBarBody>
              {done.text} <Link href={hrefOf({ view: 'contact', id: done.contactId })}>Open it</Link>
            </MessageBarBody>
          </MessageBar>
        )}
        {error && (
          <MessageBar intent="error" className={styles.full} role="alert">
            <MessageBarBody>
              <MessageBarTitle>Not saved yet</MessageBarTitle>
              {marked > 0 && error.fields?.length
                ? marked === 1
                  ? 'Check the field marked below.'
                  : 'Check the fields marked below.'
                : error.message}
            </MessageBarBody>
          </MessageBar>
        )}
        {d.loggedContactId && (
          <MessageBar intent="info" className={styles.full}>
            <MessageBarBody>
              Enquiry {d.loggedReference} is logged. Finish by resolving it or converting it to a complaint.
            </MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.col}>
          <Subtitle2 as="h2">Who</Subtitle2>
          <Field label="Made by" {...fe('madeBy')}>
            <Select
              ref={first}
              autoFocus
              value={d.madeBy}
              onChange={(_, v) => set('madeBy', v.value as ContactDraft['madeBy'])}
            >
              <option value="resident">The resident</option>
              <option value="representative">A representative for the resident</option>
              <option value="group">A group or petition</option>
              <option value="anonymous">Anonymous</option>
            </Select>
          </Field>
          {d.madeBy === 'group' && <GroupPanel d={d} set={setD} fe={fe} />}
          {d.madeBy !== 'anonymous' && d.madeBy !== 'group' && (
            <div className={styles.panel}>
              <RadioGroup
                layout="horizontal"
                aria-label="Resident"
                value={d.personMode}
                onChange={(_, v) => set('personMode', v.value as ContactDraft['personMode'])}
              >
                <Radio value="new" label="New resident" />
                <Radio value="existing" label="Find a resident" />
              </RadioGroup>
              {d.personMode === 'existing' ? (
                <>
                  <Field label="Find by name, phone, postcode or reference" {...fe('personId')} {...fe('person')}>
                    <Input value={personQuery} onChange={(_, v) => setPersonQuery(v.value)} />
                  </Field>
                  {d.personId && <Text>Chosen: {d.personLabel}</Text>}
                  <div className={styles.matches} role="list" aria-label="Matching residents">
                    {personHits.slice(0, 6).map((h) => (
                      <Button
                        key={h.id}
                        role="listitem"
                        appearance={h.id === d.personId ? 'primary' : 'secondary'}
                        onClick={() =>
                          setD((x) => ({ ...x, personId: h.id, personLabel: `${h.title}, ${h.subtitle}` }))
                        }
                      >
                        {h.title} · {h.subtitle}
                      </Button>
                    ))}
                    {indexing && (
                      <Text className={styles.hint} role="status">
                        {indexing}: look again before adding a new resident.
                      </Text>
                    )}
                    {personQuery.trim().length >= 2 && personHits.length === 0 && !indexing && (
                      <Text className={styles.hint}>No resident matches; choose New resident.</Text>
                    )}
                  </div>
                </>
              ) : (
                // The log's error paths name the new person's fields under "person" (a missing name: "person").
                <PersonFields
                  value={d}
                  set={set}
                  fe={(path) => ({ ...fe(`person.${path}`), ...(path === 'familyName' ? fe('person') : {}) })}
                  group={false}
                />
              )}
            </div>
          )}
          {d.madeBy === 'representative' && (
            <div className={styles.panel}>
              <Subtitle2 as="h3">Representative</Subtitle2>
              <div className={styles.row}>
                <Field label="Representative's given name" {...fe('representative.givenName')}>
                  <Input value={d.repGivenName} onChange={(_, v) => set('repGivenName', v.value)} />
                </Field>
                <Field
                  label="Representative's family name"
                  {...fe('representative.familyName')}
                  {...fe('representative')}
                >
                  <Input value={d.repFamilyName} onChange={(_, v) => set('repFamilyName', v.value)} />
                </Field>
              </div>
              <div className={styles.row}>
                <Field label="Relationship to the resident" {...fe('representative.relationship')}>
                  <Select value={d.relationship} onChange={(_, v) => set('relationship', v.value)}>
                    <WordOptions keys={RELATIONSHIPS} />
                  </Select>
                </Field>
                <Field label="Authority to act" {...fe('representative.authorisationKind')}>
                  <Select value={d.authorisationKind} onChange={(_, v) => set('authorisationKind', v.value)}>
                    <WordOptions keys={AUTHORISATION_KINDS} />
                  </Select>
                </Field>
              </div>
            </div>
          )}
        </div>
        <div className={styles.col}>
          <Subtitle2 as="h2">What happened</Subtitle2>
          <div className={styles.row}>
            <Field label="Channel" {...fe('channel')}>
              <Select value={d.channel} onChange={(_, v) => set('channel', v.value)}>
                {CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {CHANNEL_LABELS[c]}
                  </option>
                ))}
              </Select>
            </Field>
            <CategoryField none="Choose…" value={d.categoryKey} onChange={(v) => set('categoryKey', v)} fe={fe} />
          </div>
          <Field label="Type of contact" {...fe('kind')}>
            <Select value={d.kind} onChange={(_, v) => set('kind', v.value as ContactDraft['kind'])}>
              <option value="enquiry">Enquiry</option>
              <option value="service-request">Service request</option>
            </Select>
          </Field>
          <Field label="What happened, in the resident's words" required {...fe('whatHappened')}>
            <Textarea
              rows={5}
              value={d.whatHappened}
              onChange={(_, v) => set('whatHappened', v.value)}
              resize="vertical"
            />
          </Field>
          <Field label="The outcome the resident wants" {...fe('outcomeWanted')}>
            <Textarea
              rows={3}
              value={d.outcomeWanted}
              onChange={(_, v) => set('outcomeWanted', v.value)}
              resize="vertical"
            />
          </Field>
          <Checkbox
            checked={d.dissatisfaction}
            onChange={(_, v) => set('dissatisfaction', v.checked === true)}
            label="The resident expressed dissatisfaction (a possible complaint)"
          />
          <Adjustments d={d} set={setD} fe={fe} />
        </div>
        <Divider className={styles.full} />
        <div className={styles.actions}>
          <div className={styles.panel}>
            <Subtitle2 as="h2">Resolve now</Subtitle2>
            <Field label="How it was resolved" {...fe('resolution')}>
              <Textarea rows={2} value={d.resolution} onChange={(_, v) => set('resolution', v.value)} />
            </Field>
            <Button disabled={busy} onClick={() => void finish('resolve')}>
              Log and resolve (Ctrl+Shift+Enter)
            </Button>
            <Button appearance="subtle" disabled={busy} onClick={() => void finish('keep-open')}>
              Log and keep open, to resolve later
            </Button>
          </div>
          <div className={styles.panel}>
            <Subtitle2 as="h2">Convert to complaint</Subtitle2>
            <Field label="Why it is a complaint" {...fe('reason')}>
              <Select value={d.conversionReason} onChange={(_, v) => set('conversionReason', v.value)}>
                <WordOptions keys={CONVERSION_REASONS} />
              </Select>
            </Field>
            <Field {...fe('residentOfferedChoice')}>
              <Checkbox
                checked={d.offeredChoice}
                onChange={(_, v) => set('offeredChoice', v.checked === true)}
                label="I offered the resident the choice to make a complaint (Code 1.3)"
              />
            </Field>
            <Button appearance="primary" type="submit" disabled={busy}>
              Log and convert to complaint (Ctrl+Enter)
            </Button>
          </div>
        </div>
      </form>
    </>
  );
}

type Fe = FieldErrorsOf;
type SetDraft = (update: ContactDraft | ((old: ContactDraft) => ContactDraft)) => void;

/** Communication preferences and reasonable adjustments (Equality Act 2010), honoured in every letter and contact. */
function Adjustments({ d, set, fe }: { d: ContactDraft; set: SetDraft; fe: Fe }) {
  const styles = useStyles();
  const toggle = (s: string, on: boolean) =>
    set((x) => ({
      ...x,
      supports: on ? [...x.supports.filter((y) => y !== s), s] : x.supports.filter((y) => y !== s),
    }));
  const needsLanguage = d.supports.includes('translation') || d.supports.includes('interpreter');
  return (
    <fieldset className={mergeClasses(styles.panel, styles.fieldset)} aria-label="Communication and adjustments">
      <Subtitle2 as="h3">Communication and adjustments</Subtitle2>
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
        <Field
          label="Language"
          hint={needsLanguage ? undefined : 'for translation or an interpreter'}
          {...fe('adjustments.language')}
        >
          <Input value={d.language} onChange={(_, v) => set((x) => ({ ...x, language: v.value }))} />
        </Field>
        <Field label="How they prefer to hear from us" {...fe('adjustments.preferredChannel')}>
          <Select value={d.preferredChannel} onChange={(_, v) => set((x) => ({ ...x, preferredChannel: v.value }))}>
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
        <Input value={d.adjustmentDetail} onChange={(_, v) => set((x) => ({ ...x, adjustmentDetail: v.value }))} />
      </Field>
    </fieldset>
  );
}

/** A group or petition: one complaint, named members, one nominated signatory (policy 000; Connect answers each). */
function GroupPanel({ d, set, fe }: { d: ContactDraft; set: SetDraft; fe: Fe }) {
  const styles = useStyles();
  const setMember = (i: number, k: 'givenName' | 'familyName', v: string) =>
    set((x) => ({ ...x, members: x.members.map((m, j) => (j === i ? { ...m, [k]: v } : m)) }));
  return (
    <div className={styles.panel}>
      <Subtitle2 as="h3">Group or petition</Subtitle2>
      <Field label="Name of the group or petition" {...fe('group.name')} {...fe('groupId')}>
        <Input value={d.groupName} onChange={(_, v) => set((x) => ({ ...x, groupName: v.value }))} />
      </Field>
      <RadioGroup
        aria-label="Nominated signatory"
        value={String(d.signatory)}
        onChange={(_, v) => set((x) => ({ ...x, signatory: Number(v.value) }))}
      >
        {d.members.map((m, i) => (
          <div key={i} className={styles.member}>
            <Field label={`Member ${i + 1} given name`} {...fe(`group.members.${i}.givenName`)}>
              <Input value={m.givenName} onChange={(_, v) => setMember(i, 'givenName', v.value)} />
            </Field>
            <Field label={`Member ${i + 1} family name`} {...fe(`group.members.${i}.familyName`)}>
              <Input value={m.familyName} onChange={(_, v) => setMember(i, 'familyName', v.value)} />
            </Field>
            <Radio value={String(i)} label="Signatory" />
            <Button
              aria-label={`Remove member ${i + 1}`}
              icon={<Delete20Regular />}
              disabled={d.members.length === 1}
              onClick={() =>
                set((x) => ({
                  ...x,
                  members: x.members.filter((_, j) => j !== i),
                  signatory: x.signatory > i ? x.signatory - 1 : x.signatory === i ? 0 : x.signatory,
                }))
              }
            />
          </div>
        ))}
      </RadioGroup>
      {fe('group.signatory').validationMessage && <Text role="alert">{fe('group.signatory').validationMessage}</Text>}
      <Button
        icon={<Add20Regular />}
        onClick={() => set((x) => ({ ...x, members: [...x.members, { givenName: '', familyName: '' }] }))}
      >
        Add a member
      </Button>
    </div>
  );
}
