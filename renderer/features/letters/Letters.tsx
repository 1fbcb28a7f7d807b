import {
  Badge,
  Button,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Tab,
  TabList,
  Text,
  tokens,
  ToolbarButton,
  Tooltip,
} from '@fluentui/react-components';
import { ArrowClockwise20Regular, ArrowReply20Regular, Checkmark20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { AwaitingLetter, LetterSummary, Session } from '../../../shared/contracts/desk-api.js';
import { CALIBRATION_CRITERION_NAMES } from '../../../shared/domain/letters/types.js';
import { letterAction } from '../../../shared/domain/letters/workflow.js';
import {
  asDeskError,
  useAuthoriseLetterMutation,
  useLetterDetailQuery,
  useLettersAwaitingQuery,
  useMyCalibrationFeedbackQuery,
  useMyLettersQuery,
} from '../../api/desk-api.js';
import { hrefOf } from '../../app/route.js';
import { CommandBar } from '../../components/CommandBar.js';
import { ReturnDialog } from './LetterDialogs.js';
import { LetterFrame } from './LetterFrame.js';
import { CasePanel, ChecksPanel, letterTitle, ReviewHistory, StatusBadge, when } from './LetterPanels.js';

const useStyles = makeStyles({
  body: { padding: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  table: { width: '100%', borderCollapse: 'collapse', fontSize: tokens.fontSizeBase300 },
  th: {
    textAlign: 'left',
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  td: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    verticalAlign: 'top',
  },
  link: {
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightSemibold,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  comments: { color: tokens.colorNeutralForeground2, whiteSpace: 'pre-wrap' },
  queue: {
    display: 'grid',
    gridTemplateColumns: '340px minmax(420px, 1fr) 360px',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  queueList: { margin: 0, padding: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column' },
  queueItem: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    width: '100%',
    textAlign: 'left',
    padding: tokens.spacingHorizontalM,
    border: 'none',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  queueSelected: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    boxShadow: `inset 4px 0 0 ${tokens.colorBrandStroke1}`,
  },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  small: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

type TabName = 'queue' | 'mine' | 'feedback';

/** The Letters view: my letters (drafts and returned first); for Team Leaders the authorisation queue and calibration feedback. */
export function Letters({ session }: { session: Session }) {
  const styles = useStyles();
  // Only Team Leaders authorise (policy 001), so only they get the queue.
  const authoriser = session.roles.includes('team-leader');
  const leader = session.roles.includes('team-leader');
  const [tab, setTab] = useState<TabName>(authoriser ? 'queue' : 'mine');
  const awaiting = useLettersAwaitingQuery(undefined, { skip: !authoriser });
  const mine = useMyLettersQuery(undefined);
  return (
    <>
      <CommandBar title="Letters">
        <ToolbarButton
          icon={<ArrowClockwise20Regular />}
          onClick={() => {
            void mine.refetch();
            if (authoriser) void awaiting.refetch();
          }}
        >
          Refresh
        </ToolbarButton>
      </CommandBar>
      <div className={styles.body}>
        <TabList selectedValue={tab} onTabSelect={(_, v) => setTab(v.value as TabName)} aria-label="Letters">
          {authoriser && <Tab value="queue">Awaiting authorisation ({awaiting.data?.length ?? '…'})</Tab>}
          <Tab value="mine">My letters ({mine.data?.length ?? '…'})</Tab>
          {leader && <Tab value="feedback">Calibration feedback</Tab>}
        </TabList>
        {tab === 'queue' && authoriser && <AuthorisationQueue session={session} items={awaiting} />}
        {tab === 'mine' && <MyLetters list={mine} />}
        {tab === 'feedback' && leader && <MyFeedback />}
      </div>
    </>
  );
}

const ORDER: Record<string, number> = { returned: 0, draft: 1, submitted: 2, authorised: 3, sent: 4 };

function MyLetters({ list }: { list: ReturnType<typeof useMyLettersQuery> }) {
  const styles = useStyles();
  if (list.isLoading) return <Spinner label="Loading your letters…" />;
  const err = asDeskError(list.error);
  if (err)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{err.message}</MessageBarBody>
      </MessageBar>
    );
  const items = [...(list.data ?? [])].sort(
    (a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) || b.createdAt.localeCompare(a.createdAt),
  );
  if (items.length === 0) return <Text>You have no letters. Draft one from a complaint’s Letters tab.</Text>;
  return (
    <Card style={{ padding: 0 }}>
      <table className={styles.table} aria-label="My letters">
        <thead>
          <tr>
            <th className={styles.th}>Letter</th>
            <th className={styles.th}>Resident</th>
            <th className={styles.th}>Status</th>
            <th className={styles.th}>Drafted</th>
            <th className={styles.th}>Comments from the Team Leader</th>
          </tr>
        </thead>
        <tbody>
          {items.map((l) => (
            <LetterRow key={l.id} l={l} />
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function LetterRow({ l }: { l: LetterSummary }) {
  const styles = useStyles();
  return (
    <tr data-letter-id={l.id}>
      <td className={styles.td}>
        <a className={styles.link} href={hrefOf({ view: 'letter', id: l.id })}>
          {letterTitle(l)}
        </a>
      </td>
      <td className={styles.td}>{l.personName ?? '—'}</td>
      <td className={styles.td}>
        <StatusBadge status={l.status} />
        {l.sentDate && <div className={styles.small}>Sent {l.sentDate}</div>}
      </td>
      <td className={styles.td}>{when(l.createdAt)}</td>
      <td className={`${styles.td} ${styles.comments}`}>{l.status === 'returned' ? (l.returnedComments ?? '') : ''}</td>
    </tr>
  );
}

/** Letters waiting for a Team Leader, oldest submission first, with the case beside the letter. */
function AuthorisationQueue({
  session,
  items,
}: {
  session: Session;
  items: ReturnType<typeof useLettersAwaitingQuery>;
}) {
  const styles = useStyles();
  const [picked, setPicked] = useState<string | null>(null);
  if (items.isLoading) return <Spinner label="Loading the queue…" />;
  const err = asDeskError(items.error);
  if (err)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{err.message}</MessageBarBody>
      </MessageBar>
    );
  const list: readonly AwaitingLetter[] = items.data ?? [];
  if (list.length === 0) return <Text>No letters are waiting for authorisation.</Text>;
  const selected = list.find((x) => x.letter.id === picked) ?? list[0];
  return (
    <div className={styles.queue}>
      <Card style={{ padding: 0 }}>
        <ul className={styles.queueList} aria-label="Letters awaiting authorisation, oldest first">
          {list.map((x) => (
            <li key={x.letter.id}>
              <QueueItem x={x} selected={x.letter.id === selected?.letter.id} onPick={() => setPicked(x.letter.id)} />
            </li>
          ))}
        </ul>
      </Card>
      {selected && <QueueDetail key={selected.letter.id} x={selected} session={session} />}
    </div>
  );
}

function QueueItem({ x, selected, onPick }: { x: AwaitingLetter; selected: boolean; onPick: () => void }) {
  const styles = useStyles();
  return (
    <button
      type="button"
      className={`${styles.queueItem} ${selected ? styles.queueSelected : ''}`}
      aria-current={selected ? 'true' : undefined}
      onClick={onPick}
      data-letter-id={x.letter.id}
    >
      <Text weight="semibold">{letterTitle(x.letter)}</Text>
      <Text size={200}>
        {x.letter.personName ?? 'Unknown resident'} · by {x.letter.draftedByName ?? 'someone'}
      </Text>
      <Text size={200}>
        Submitted {when(x.letter.submittedAt)} ·{' '}
        {x.waitingWorkingDays === 0
          ? 'today'
          : `waiting ${x.waitingWorkingDays} working day${x.waitingWorkingDays === 1 ? '' : 's'}`}
      </Text>
    </button>
  );
}

function QueueDetail({ x, session }: { x: AwaitingLetter; session: Session }) {
  const styles = useStyles();
  const detail = useLetterDetailQuery(x.letter.id);
  const [authorise, state] = useAuthoriseLetterMutation();
  const [returning, setReturning] = useState(false);
  const err = asDeskError(state.error) ?? asDeskError(detail.error);
  const d = detail.data;
  const own = x.letter.draftedBy === session.userId;
  // The desk decides (d.can); the workflow rule says why not, in words, for this letter and this user.
  const rule = letterAction('authorise', x.letter, session);
  const reason =
    d && !d.can.authorise ? (rule.ok ? (d.can.reason ?? 'You cannot authorise this letter.') : rule.reason) : null;
  return (
    <>
      <div className={styles.column}>
        <div className={styles.actions}>
          <Tooltip content={reason ?? 'Authorise: the author can then send it'} relationship="description">
            <Button
              appearance="primary"
              icon={<Checkmark20Regular />}
              disabledFocusable={!d || reason !== null || state.isLoading}
              onClick={() => d && reason === null && void authorise({ letterId: x.letter.id })}
            >
              Authorise
            </Button>
          </Tooltip>
          <Button
            icon={<ArrowReply20Regular />}
            disabledFocusable={!d?.can.return}
            onClick={() => d?.can.return && setReturning(true)}
          >
            Return with comments
          </Button>
          <a className={styles.link} href={hrefOf({ view: 'letter', id: x.letter.id })}>
            Open the letter
          </a>
          {own && (
            <Badge appearance="outline" color="warning">
              Your own letter: another Team Leader must authorise it
            </Badge>
          )}
        </div>
        {reason && (
          <Text className={styles.small} data-testid="cannot-authorise">
            {reason}
          </Text>
        )}
        {err && (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>{err.message}</MessageBarBody>
          </MessageBar>
        )}
        {d ? (
          <LetterFrame
            html={d.html}
            title={`Letter awaiting authorisation: ${letterTitle(x.letter)}`}
            mode="preview"
            height={720}
          />
        ) : (
          <Spinner label="Opening the letter…" />
        )}
      </div>
      <div className={styles.column}>
        <Card className={styles.card}>
          <CasePanel c={x.case} />
        </Card>
        {d && (
          <Card className={styles.card}>
            <ChecksPanel checks={d.checks} />
          </Card>
        )}
        {d && <ReviewHistory reviews={d.reviews} />}
      </div>
      {returning && <ReturnDialog letterId={x.letter.id} onClose={() => setReturning(false)} />}
    </>
  );
}

/** A Team Leader's view of the manager's calibration of the letters they authorised. */
function MyFeedback() {
  const styles = useStyles();
  const q = useMyCalibrationFeedbackQuery(undefined);
  if (q.isLoading) return <Spinner label="Loading feedback…" />;
  const err = asDeskError(q.error);
  if (err)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{err.message}</MessageBarBody>
      </MessageBar>
    );
  const items = q.data ?? [];
  if (items.length === 0) return <Text>No letters you authorised have been calibrated yet.</Text>;
  return (
    <div className={styles.column} data-testid="calibration-feedback">
      {items.map((f) => (
        <Card key={f.itemId} className={styles.card}>
          <Subtitle2 as="h2">
            Week of {f.weekStart} · <a href={hrefOf({ view: 'letter', id: f.letter.id })}>{letterTitle(f.letter)}</a>
          </Subtitle2>
          <div className={styles.actions}>
            <Badge appearance="tint" color={f.card.agreement === 'disagree' ? 'danger' : 'success'}>
              {f.card.agreement === 'disagree'
                ? 'The manager disagreed with the authorisation'
                : f.card.agreement === 'agree'
                  ? 'The manager agreed with the authorisation'
                  : 'Not scored yet'}
            </Badge>
            {f.card.average !== null && <Text>Average score {f.card.average.toFixed(1)} out of 5</Text>}
          </div>
          <Text className={styles.comments}>{f.card.feedback ?? ''}</Text>
          <Text className={styles.small}>
            {Object.entries(f.card.scores)
              .map(([k, v]) => `${CALIBRATION_CRITERION_NAMES[k as keyof typeof CALIBRATION_CRITERION_NAMES]}: ${v}`)
              .join(' · ')}
          </Text>
        </Card>
      ))}
    </div>
  );
}
