import {
  Badge,
  Button,
  Card,
  Field,
  makeStyles,
  Subtitle2,
  Tab,
  TabList,
  Text,
  Textarea,
  tokens,
  ToolbarButton,
  Tooltip,
} from '@fluentui/react-components';
import { memo, useState } from 'react';
import type { AvailableCommand, CaseDetail as Detail } from '../../../shared/contracts/desk-api.js';
import { words } from '../../../shared/contracts/vocabulary.js';
import { findProfile } from '../../../shared/domain/profiles/registry.js';
import {
  asDeskError,
  useAddNoteMutation,
  useAvailableCommandsQuery,
  useCaseDetailQuery,
  useReferenceDataQuery,
} from '../../api/desk-api.js';
import { deadlineLabel, stageName } from '../../app/due.js';
import { DueBadge } from '../../components/DueBadge.js';
import { queryGate, useViewHeaderStyles, ViewCommands, ViewHeader } from '../../components/ViewFrame.js';
import { CaseLetters } from '../letters/CaseLetters.js';
import { draftStatus, useDeskDraft } from '../drafts/use-desk-draft.js';
import { adjustmentPhrases } from './adjustments.js';
import { COMMAND_FORMS, CommandDialog } from './CommandDialog.js';
import { EditDetails } from './EditDetails.js';
import { Correspondence } from './Correspondence.js';
import { ScreeningDialog } from './ScreeningDialog.js';
import { Remedies } from '../remedies/Remedies.js';
import { londonDateTime } from '../../app/when.js';

const useStyles = makeStyles({
  deadlines: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  deadline: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: '200px',
  },
  body: { padding: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  timeline: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  event: {
    display: 'grid',
    gridTemplateColumns: '180px 1fr',
    gap: tokens.spacingHorizontalL,
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  when: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  dl: {
    display: 'grid',
    gridTemplateColumns: '220px 1fr',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  dt: { color: tokens.colorNeutralForeground2 },
  dd: { margin: 0, whiteSpace: 'pre-wrap' },
  card: { padding: tokens.spacingHorizontalL },
});

/** A category's or business area's name from the reference data (its key if it is not there, a dash if none). */
const nameOf = (list: readonly { key: string; name: string }[] | undefined, key: unknown): string =>
  typeof key === 'string' && key ? (list?.find((x) => x.key === key)?.name ?? key) : '—';

const when = londonDateTime;

function statusText(d: Detail): string {
  const c = d.complaint;
  if (c.status === 'screening') return 'Being screened';
  if (c.status !== 'open') return words(c.status);
  const stage = d.complaint.state.stages[d.complaint.state.stages.length - 1];
  return `${stageName(stage?.key ?? null)} · ${stage?.status ?? ''}`;
}

export function CaseDetail({ id }: { id: string }) {
  const styles = useStyles();
  const header = useViewHeaderStyles();
  const detail = useCaseDetailQuery(id);
  const commands = useAvailableCommandsQuery(id);
  const reference = useReferenceDataQuery(undefined).data;
  const today = reference?.today ?? '';
  const [tab, setTab] = useState<'timeline' | 'details' | 'letters' | 'correspondence' | 'notes' | 'remedies'>(
    'timeline',
  );
  const [dialog, setDialog] = useState<string | null>(null);
  const [screening, setScreening] = useState(false);

  const gate = queryGate(detail, { loading: 'Opening the case…', failed: 'This case could not be opened.' });
  if (gate || !detail.data) return gate;
  const d = detail.data;
  const c = d.complaint;
  const person = d.person as { display_name?: string; phone?: string; email?: string; postcode?: string } | null;
  const lifecycle = (commands.data ?? []).filter((x) => COMMAND_FORMS[x.type]);
  // The refusal dialog offers the exclusions of the profile this complaint follows, in its own words.
  const profile = findProfile(c.state.profileId);
  const exclusions = profile?.exclusions ?? [];
  const adjustments = adjustmentPhrases(d.contact?.adjustments_json);
  const canScreen = (commands.data ?? []).some((x) => (x.type === 'accept' || x.type === 'refuse') && x.allowed);

  return (
    <>
      <ViewHeader
        label="Case summary"
        title={c.reference}
        aside={
          <>
            <Badge appearance="tint" color="brand" size="large" shape="rounded">
              {statusText(d)}
            </Badge>
            <Text weight="semibold">{person?.display_name ?? 'Unknown resident'}</Text>
          </>
        }
      >
        <div className={header.meta}>
          <span>Profile: {d.profileName}</span>
          <span>Received {c.received_date}</span>
          <span>Version {c.version}</span>
        </div>
        {adjustments.length > 0 && (
          <div className={header.meta} aria-label="Adjustments to honour">
            {adjustments.map((a) => (
              <Badge key={a} appearance="outline" color="important" shape="rounded">
                {a}
              </Badge>
            ))}
          </div>
        )}
        <div className={styles.deadlines} aria-label="Running deadlines">
          {d.running.length === 0 && <Text>No deadline is running.</Text>}
          {d.running.map((r) => (
            <div key={`${r.stage}:${r.kind}`} className={styles.deadline} data-testid="running-deadline">
              <Text weight="semibold">
                {stageName(r.stage)}: {deadlineLabel(r.kind).toLowerCase()} by {r.due}
              </Text>
              <DueBadge item={{ workingDaysLeft: r.workingDaysLeft, nextDeadlineDate: r.due }} today={today} />
              {r.latestWithExtension && <Text size={200}>Latest with an extension: {r.latestWithExtension}</Text>}
            </div>
          ))}
        </div>
      </ViewHeader>
      <ViewCommands label="Case commands">
        {canScreen && profile && (
          <ToolbarButton appearance="primary" onClick={() => setScreening(true)}>
            Screen…
          </ToolbarButton>
        )}
        {lifecycle.map((x: AvailableCommand) => {
          const label = COMMAND_FORMS[x.type]?.verb ?? x.type;
          const button = (
            <ToolbarButton
              key={x.type}
              appearance={x.allowed ? 'primary' : 'subtle'}
              disabledFocusable={!x.allowed}
              onClick={() => x.allowed && setDialog(x.type)}
              aria-description={x.allowed ? undefined : (x.reason ?? undefined)}
            >
              {label}
            </ToolbarButton>
          );
          return x.allowed ? (
            button
          ) : (
            <Tooltip key={x.type} content={x.reason ?? 'Not available now'} relationship="description">
              {button}
            </Tooltip>
          );
        })}
      </ViewCommands>
      <div className={styles.body}>
        <TabList selectedValue={tab} onTabSelect={(_, v) => setTab(v.value as typeof tab)} aria-label="Case sections">
          <Tab value="timeline">Timeline</Tab>
          <Tab value="details">Details</Tab>
          <Tab value="letters">Letters</Tab>
          <Tab value="correspondence">Correspondence</Tab>
          <Tab value="notes">Notes ({d.notes.length})</Tab>
          <Tab value="remedies">Remedies and actions</Tab>
        </TabList>
        <Card
          className={styles.card}
          role="tabpanel"
          aria-label={tab === 'remedies' ? 'Remedies and actions' : words(tab)}
        >
          {tab === 'timeline' && <Timeline events={d.timeline} />}
          {tab === 'details' && (
            <EditDetails detail={d}>
              <dl className={styles.dl}>
                <dt className={styles.dt}>What happened</dt>
                <dd className={styles.dd}>{c.summary}</dd>
                <dt className={styles.dt}>Outcome wanted</dt>
                <dd className={styles.dd}>{c.outcome_wanted ?? '—'}</dd>
                <dt className={styles.dt}>Resident</dt>
                <dd className={styles.dd}>
                  {[person?.display_name, person?.phone, person?.email, person?.postcode].filter(Boolean).join(' · ') ||
                    '—'}
                </dd>
                <dt className={styles.dt}>Category</dt>
                <dd className={styles.dd}>{nameOf(reference?.categories, c.category_key)}</dd>
                <dt className={styles.dt}>Business area</dt>
                <dd className={styles.dd}>{nameOf(reference?.businessAreas, c.business_area_key)}</dd>
                <dt className={styles.dt}>Communication and adjustments</dt>
                <dd className={styles.dd}>{adjustments.join(' · ') || '—'}</dd>
                <dt className={styles.dt}>Offered the choice to complain</dt>
                <dd className={styles.dd}>{c.state.conversion?.residentOfferedChoice ? 'Yes' : '—'}</dd>
                {c.state.stages.map((s, i) => (
                  <div key={i} style={{ display: 'contents' }}>
                    <dt className={styles.dt}>{stageName(s.key)}</dt>
                    <dd className={styles.dd}>
                      Entered {s.enteredOn}
                      {s.acknowledgedOn ? ` · acknowledged ${s.acknowledgedOn}` : ''}
                      {s.extensions.length ? ` · extended to ${s.extensions[s.extensions.length - 1]?.to}` : ''}
                      {s.respondedOn ? ` · responded ${s.respondedOn} (${words(s.decision ?? '')})` : ''}
                      {s.definition ? `\nUnderstanding: ${s.definition.understanding}` : ''}
                    </dd>
                  </div>
                ))}
              </dl>
            </EditDetails>
          )}
          {tab === 'correspondence' && (
            <Correspondence complaintId={c.id} items={d.correspondence} residentName={person?.display_name ?? null} />
          )}
          {tab === 'letters' && <CaseLetters complaintId={c.id} state={c.state} />}
          {tab === 'notes' && <Notes complaintId={c.id} notes={d.notes} />}
          {tab === 'remedies' && (
            <Remedies complaintId={c.id} complaint={{ reference: c.reference, teamId: c.team_id }} />
          )}
        </Card>
      </div>
      {screening && profile && (
        <ScreeningDialog
          complaintId={c.id}
          version={c.version}
          state={c.state}
          profile={profile}
          commands={commands.data ?? []}
          onClose={() => setScreening(false)}
        />
      )}
      {dialog && (
        <CommandDialog
          type={dialog}
          complaintId={c.id}
          version={c.version}
          initial={
            dialog === 'acknowledge'
              ? { outcomeSought: c.outcome_wanted ?? '' }
              : dialog === 'refuse'
                ? { code: exclusions[0]?.code ?? '' }
                : {}
          }
          choices={{
            code: {
              options: exclusions.map((e) => e.code),
              labels: Object.fromEntries(exclusions.map((e) => [e.code, `${words(e.code)}: ${e.text}`])),
            },
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}

/**
 * The case's events, oldest first. Memoised on the list itself: the case's commands usually arrive a moment after
 * its details and draw the view again, and the timeline (a formatted date and a Fluent Text per event) need not
 * be drawn twice.
 */
const Timeline = memo(function Timeline({ events }: { events: Detail['timeline'] }) {
  const styles = useStyles();
  return (
    <ol className={styles.timeline} aria-label="Timeline">
      {events.map((t) => (
        <li key={t.id} className={styles.event}>
          <span className={styles.when}>
            {when(t.occurredAt)}
            <br />
            {t.actorName ?? 'System'}
          </span>
          <span>
            <Text weight="semibold">{words(t.kind)}</Text>
            <br />
            {t.summary}
          </span>
        </li>
      ))}
    </ol>
  );
});

function Notes({ complaintId, notes }: { complaintId: string; notes: Record<string, unknown>[] }) {
  const styles = useStyles();
  const draft = useDeskDraft<{ body: string }>(`note:${complaintId}`, { body: '' });
  const body = draft.value.body;
  const setBody = (v: string) => draft.set({ body: v });
  const [add, state] = useAddNoteMutation();
  const err = asDeskError(state.error);
  return (
    <div className={styles.body}>
      {notes.length === 0 && <Text>No notes yet.</Text>}
      <ol className={styles.timeline}>
        {notes.map((n) => (
          <li key={String(n.id)} className={styles.event}>
            <span className={styles.when}>{when(String(n.created_at))}</span>
            <span className={styles.dd}>{String(n.body)}</span>
          </li>
        ))}
      </ol>
      <Subtitle2 as="h2">Add a note</Subtitle2>
      <Field label="Note" validationState={err ? 'error' : 'none'} validationMessage={err?.message}>
        <Textarea value={body} onChange={(_, v) => setBody(v.value)} rows={3} />
      </Field>
      <Button
        appearance="primary"
        disabled={state.isLoading || !body.trim()}
        onClick={() =>
          void add({ complaintId, body }).then((r) => {
            if ('data' in r) draft.discard();
          })
        }
      >
        Add note
      </Button>
      <Text size={200} role="status">
        {draftStatus(draft.state, draft.savedAt)}
      </Text>
    </div>
  );
}
