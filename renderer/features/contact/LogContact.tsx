import {
  Button,
  Checkbox,
  Divider,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Select,
  Subtitle2,
  Text,
  Textarea,
  tokens,
  ToolbarButton,
} from '@fluentui/react-components';
import { Delete20Regular } from '@fluentui/react-icons';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { DeskApiError, Session } from '../../../shared/contracts/desk-api.js';
import {
  AUTHORISATION_KINDS,
  CHANNELS,
  CHANNEL_LABELS,
  CONVERSION_REASONS,
  RELATIONSHIPS,
  words,
} from '../../../shared/contracts/vocabulary.js';
import {
  useConvertToComplaintMutation,
  useLogContactMutation,
  useReferenceDataQuery,
  useResolveEnquiryMutation,
  useSearchQuery,
} from '../../api/desk-api.js';
import { navigate } from '../../app/route.js';
import { CommandBar } from '../../components/CommandBar.js';
import { clearDraft, EMPTY_DRAFT, loadDraft, saveDraft, type ContactDraft } from './draft.js';

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
});

type Errors = Record<string, string>;

function errorsOf(e: DeskApiError | null): Errors {
  const out: Errors = {};
  for (const f of e?.fields ?? []) out[f.path] ??= f.message;
  return out;
}

export function LogContact({ session }: { session: Session }) {
  const styles = useStyles();
  const ref = useReferenceDataQuery(undefined);
  const [d, setD] = useState<ContactDraft>(() => loadDraft(session.userId));
  const [error, setError] = useState<DeskApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [logContact] = useLogContactMutation();
  const [resolveEnquiry] = useResolveEnquiryMutation();
  const [convert] = useConvertToComplaintMutation();
  const first = useRef<HTMLSelectElement>(null);
  const [personQuery, setPersonQuery] = useState('');
  const people = useSearchQuery(personQuery.trim(), { skip: personQuery.trim().length < 2 });
  const personHits = (people.data ?? []).filter((h) => h.kind === 'person');

  useEffect(() => saveDraft(session.userId, d), [d, session.userId]);
  const set = <K extends keyof ContactDraft>(k: K, v: ContactDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const errs = useMemo(() => errorsOf(error), [error]);
  const fe = (path: string) => (errs[path] ? { validationState: 'error' as const, validationMessage: errs[path] } : {});

  function input() {
    const person =
      d.madeBy === 'anonymous' || d.personMode === 'existing'
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
    return {
      channel: d.channel,
      madeBy: d.madeBy,
      ...(d.madeBy !== 'anonymous' && d.personMode === 'existing' && d.personId ? { personId: d.personId } : {}),
      ...(person ? { person } : {}),
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

  async function finish(how: 'resolve' | 'convert', e?: FormEvent) {
    e?.preventDefault();
    setError(null);
    if (how === 'convert' && !d.offeredChoice) {
      setError({
        code: 'invalid-input',
        message: 'Confirm that the resident was offered the choice to make a complaint.',
        fields: [{ path: 'residentOfferedChoice', message: 'the resident must be offered the choice (Code 1.3)' }],
      });
      return;
    }
    if (how === 'resolve' && !d.resolution.trim()) {
      setError({
        code: 'invalid-input',
        message: 'Say how the enquiry was resolved.',
        fields: [{ path: 'resolution', message: 'required' }],
      });
      return;
    }
    setBusy(true);
    try {
      const logged = await ensureLogged();
      if (!logged) return;
      const { contactId } = logged;
      if (how === 'resolve') {
        const r = await resolveEnquiry({ contactId, resolution: d.resolution });
        if ('error' in r) return setError(r.error as DeskApiError);
        setDone(`Enquiry ${logged.reference} logged and resolved.`);
        clearDraft(session.userId);
        setD(EMPTY_DRAFT);
        first.current?.focus();
      } else {
        const r = await convert({ contactId, reason: d.conversionReason, residentOfferedChoice: true });
        if ('error' in r) return setError(r.error as DeskApiError);
        clearDraft(session.userId);
        setD(EMPTY_DRAFT);
        navigate({ view: 'case', id: r.data.complaintId });
      }
    } finally {
      setBusy(false);
    }
  }

  const categories = ref.data?.categories ?? [];
  return (
    <>
      <CommandBar title="Log a contact">
        <ToolbarButton
          icon={<Delete20Regular />}
          onClick={() => {
            clearDraft(session.userId);
            setD(EMPTY_DRAFT);
            setError(null);
            setDone(null);
          }}
        >
          Clear form
        </ToolbarButton>
        <Text size={200} className={styles.hint}>
          Your typing is kept as a draft until you finish.
        </Text>
      </CommandBar>
      <form
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
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        )}
        {error && (
          <MessageBar intent="error" className={styles.full} role="alert">
            <MessageBarBody>
              <MessageBarTitle>Not saved yet</MessageBarTitle>
              {error.message}
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
              <option value="anonymous">Anonymous</option>
            </Select>
          </Field>
          {d.madeBy !== 'anonymous' && (
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
                    {personQuery.trim().length >= 2 && personHits.length === 0 && (
                      <Text className={styles.hint}>No resident matches; choose New resident.</Text>
                    )}
                  </div>
                </>
              ) : (
                <>
                  <div className={styles.row}>
                    <Field label="Given name" {...fe('person.givenName')}>
                      <Input value={d.givenName} onChange={(_, v) => set('givenName', v.value)} />
                    </Field>
                    <Field label="Family name" {...fe('person.familyName')} {...fe('person')}>
                      <Input value={d.familyName} onChange={(_, v) => set('familyName', v.value)} />
                    </Field>
                  </div>
                  <div className={styles.row}>
                    <Field label="Phone" {...fe('person.phone')}>
                      <Input type="tel" value={d.phone} onChange={(_, v) => set('phone', v.value)} />
                    </Field>
                    <Field label="Email" {...fe('person.email')}>
                      <Input type="email" value={d.email} onChange={(_, v) => set('email', v.value)} />
                    </Field>
                  </div>
                  <Field label="Address" {...fe('person.addressLine1')}>
                    <Input value={d.addressLine1} onChange={(_, v) => set('addressLine1', v.value)} />
                  </Field>
                  <div className={styles.row}>
                    <Field label="Town" {...fe('person.town')}>
                      <Input value={d.town} onChange={(_, v) => set('town', v.value)} />
                    </Field>
                    <Field label="Postcode" {...fe('person.postcode')}>
                      <Input value={d.postcode} onChange={(_, v) => set('postcode', v.value)} />
                    </Field>
                  </div>
                </>
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
                    {RELATIONSHIPS.map((r) => (
                      <option key={r} value={r}>
                        {words(r)}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field label="Authority to act" {...fe('representative.authorisationKind')}>
                  <Select value={d.authorisationKind} onChange={(_, v) => set('authorisationKind', v.value)}>
                    {AUTHORISATION_KINDS.map((r) => (
                      <option key={r} value={r}>
                        {words(r)}
                      </option>
                    ))}
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
            <Field label="Category" {...fe('categoryKey')}>
              <Select value={d.categoryKey} onChange={(_, v) => set('categoryKey', v.value)}>
                <option value="">Choose…</option>
                {categories.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.name}
                  </option>
                ))}
              </Select>
            </Field>
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
          </div>
          <div className={styles.panel}>
            <Subtitle2 as="h2">Convert to complaint</Subtitle2>
            <Field label="Why it is a complaint" {...fe('reason')}>
              <Select value={d.conversionReason} onChange={(_, v) => set('conversionReason', v.value)}>
                {CONVERSION_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {words(r)}
                  </option>
                ))}
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
