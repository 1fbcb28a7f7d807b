import {
  Badge,
  Button,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Spinner,
  Subtitle2,
  Tab,
  TabList,
  Text,
  tokens,
  ToolbarButton,
} from '@fluentui/react-components';
import {
  ArrowDownload20Regular,
  ChevronLeft20Regular,
  ChevronRight20Regular,
  DocumentPdf20Regular,
  ShieldCheckmark20Regular,
} from '@fluentui/react-icons';
import { useState } from 'react';
import type { CalibrationWeek, Session } from '../../../shared/contracts/desk-api.js';
import { addCalendarDays, dayOfWeek, type IsoDate } from '../../../shared/domain/dates.js';
import { WEEK_DAYS } from '../admin/CalibrationWeekSetting.js';
import { drawCalibration } from '../../../shared/domain/letters/calibration.js';
import { CALIBRATION_SCORE_MAX, LETTER_KIND_NAMES } from '../../../shared/domain/letters/types.js';
import {
  asDeskError,
  useCalibrationHistoryQuery,
  useCalibrationWeekQuery,
  useDrawCalibrationMutation,
} from '../../api/desk-api.js';
import { callDesk } from '../../api/transport.js';
import { hrefOf, navigate } from '../../app/route.js';
import { CommandBar } from '../../components/CommandBar.js';
import { downloadText } from '../letters/files.js';
import { when } from '../letters/LetterPanels.js';
import { ScorePanel } from './ScorePanel.js';
import { TrendChart } from './TrendChart.js';
import { authorisedThisWeekText } from './week-text.js';

const useStyles = makeStyles({
  body: { padding: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(500px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  table: { width: '100%', borderCollapse: 'collapse', fontSize: tokens.fontSizeBase300 },
  th: {
    textAlign: 'left',
    color: tokens.colorNeutralForeground2,
    fontWeight: tokens.fontWeightSemibold,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  td: {
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    verticalAlign: 'middle',
  },
  seed: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  small: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  progress: { maxWidth: '420px', flex: 1 },
});

export function weekLabel(start: string, end: string): string {
  const f = (d: string) =>
    new Date(`${d}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
  return `${f(start)} to ${f(end)}`;
}

/** The manager's weekly calibration: this week's draw and scores, and each Team Leader's history. */
export function Calibration({ session }: { session: Session }) {
  const styles = useStyles();
  const [weekStart, setWeekStart] = useState<string | undefined>(undefined);
  const [tab, setTab] = useState<'week' | 'history'>('week');
  const week = useCalibrationWeekQuery(weekStart);
  const [message, setMessage] = useState<string | null>(null);
  const shown = week.data?.weekStart;

  async function exportCsv() {
    const r = await callDesk('calibrationExportCsv', {});
    if (!r.ok) setMessage(`The export failed: ${r.error.message}`);
    else downloadText(r.value.csv, r.value.filename, 'text/csv;charset=utf-8');
  }

  return (
    <>
      <CommandBar title="Calibration">
        <ToolbarButton icon={<ArrowDownload20Regular />} onClick={() => void exportCsv()}>
          Export CSV
        </ToolbarButton>
        <ToolbarButton
          icon={<DocumentPdf20Regular />}
          onClick={() => navigate({ view: 'print-calibration', weekStart: shown ?? null })}
        >
          Save as PDF
        </ToolbarButton>
      </CommandBar>
      <div className={styles.body}>
        {message && (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>{message}</MessageBarBody>
          </MessageBar>
        )}
        <TabList
          selectedValue={tab}
          onTabSelect={(_, v) => setTab(v.value as 'week' | 'history')}
          aria-label="Calibration"
        >
          <Tab value="week">Weekly calibration</Tab>
          <Tab value="history">History and trends</Tab>
        </TabList>
        {tab === 'week' && (
          <>
            <div className={styles.row}>
              <Button
                icon={<ChevronLeft20Regular />}
                aria-label="Previous week"
                disabled={!shown}
                // The day before this week / after it: a recorded draw keeps its own bounds, so weeks drawn
                // before the first day changed need not be 7 days from this one.
                onClick={() => shown && setWeekStart(addCalendarDays(shown as IsoDate, -1))}
              />
              <Subtitle2 as="h2" aria-live="polite">
                {week.data
                  ? `Week of ${weekLabel(week.data.weekStart, week.data.weekEnd)} (${WEEK_DAYS[dayOfWeek(week.data.weekStart as IsoDate)] ?? ''} to ${WEEK_DAYS[dayOfWeek(week.data.weekEnd as IsoDate)] ?? ''})`
                  : 'Loading the week…'}
              </Subtitle2>
              <Button
                icon={<ChevronRight20Regular />}
                aria-label="Next week"
                disabled={!shown}
                onClick={() => week.data && setWeekStart(addCalendarDays(week.data.weekEnd as IsoDate, 1))}
              />
              {weekStart && <Button onClick={() => setWeekStart(undefined)}>This week</Button>}
            </div>
            {week.isLoading && <Spinner label="Loading the week…" />}
            {asDeskError(week.error) && (
              <MessageBar intent="error">
                <MessageBarBody>{asDeskError(week.error)?.message}</MessageBarBody>
              </MessageBar>
            )}
            {week.data && <WeekView w={week.data} session={session} />}
          </>
        )}
        {tab === 'history' && <History />}
      </div>
    </>
  );
}

function WeekView({ w, session }: { w: CalibrationWeek; session: Session }) {
  const styles = useStyles();
  const [draw, drawState] = useDrawCalibrationMutation();
  const [scoring, setScoring] = useState<string | null>(null);
  const [verify, setVerify] = useState<string | null>(null);
  const err = asDeskError(drawState.error);
  const { drawn, scored } = w.progress;

  function verifyDraw() {
    if (!w.draw) return;
    // Re-run the recorded seed over the recorded population here, in this app, and compare with what is stored.
    const again = drawCalibration(w.draw.seed, w.draw.population);
    const stored = w.teamLeaders.flatMap((t) => t.items.map((i) => `${i.teamLeaderId}|${i.position}|${i.letter.id}`));
    const rerun = again.map((i) => `${i.teamLeaderId}|${i.position}|${i.letterId}`);
    const same = stored.length === rerun.length && [...stored].sort().join() === [...rerun].sort().join();
    setVerify(
      same && w.draw.verified
        ? `Verified: re-running seed ${w.draw.seed} over the recorded ${w.draw.population.reduce((n, p) => n + p.letterIds.length, 0)} authorised letters gives the same ${rerun.length} letters.`
        : `Not verified: re-running the recorded seed gives different letters (${rerun.length} re-drawn, ${stored.length} stored). Report this: the draw may have been altered.`,
    );
  }

  return (
    <>
      <Card className={styles.card}>
        <div className={styles.row}>
          <Text weight="semibold">Progress</Text>
          <ProgressBar
            className={styles.progress}
            value={drawn === 0 ? 0 : scored / drawn}
            thickness="large"
            aria-label={`${scored} of ${drawn} letters scored`}
          />
          <Text data-testid="calibration-progress">
            {w.draw ? `${scored} of ${drawn} letters scored` : 'Not drawn yet'}
            {w.draw && drawn > 0 && scored === drawn ? ' · complete' : ''}
          </Text>
        </div>
        {!w.draw && (
          <div className={styles.row}>
            <Text>{authorisedThisWeekText(w.teamLeaders)}</Text>
            {w.canDraw && (
              <Button
                appearance="primary"
                disabled={drawState.isLoading || w.teamLeaders.length === 0}
                onClick={() => void draw({ weekStart: w.weekStart })}
              >
                Draw this week
              </Button>
            )}
          </div>
        )}
        {w.draw && (
          <div className={styles.row}>
            <Text>
              Drawn by {w.draw.drawnByName ?? 'a manager'} · {when(w.draw.drawnAt)} · seed{' '}
              <span className={styles.seed} data-testid="draw-seed">
                {w.draw.seed}
              </span>{' '}
              · {w.draw.algorithm}
            </Text>
            <Button icon={<ShieldCheckmark20Regular />} onClick={verifyDraw}>
              Verify draw
            </Button>
          </div>
        )}
        {w.draw && (
          <Text className={styles.small}>
            The draw is recorded with its seed and the letters it was drawn from; it cannot be drawn again. Anyone can
            re-run it from the seed and get the same letters.
          </Text>
        )}
        {verify && (
          <MessageBar intent={verify.startsWith('Verified') ? 'success' : 'error'} data-testid="verify-result">
            <MessageBarBody>{verify}</MessageBarBody>
          </MessageBar>
        )}
        {err && (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>
              <MessageBarTitle>Not drawn</MessageBarTitle>
              {err.message}
            </MessageBarBody>
          </MessageBar>
        )}
      </Card>
      {scoring && <ScorePanel itemId={scoring} session={session} onClose={() => setScoring(null)} />}
      <div className={styles.grid}>
        {w.teamLeaders.map((t) => {
          const done = t.items.filter((i) => i.scored).length;
          return (
            <Card key={t.teamLeaderId} className={styles.card} data-testid="calibration-team-leader">
              <div className={styles.row}>
                <Subtitle2 as="h3">{t.name ?? 'Team Leader'}</Subtitle2>
                <Text className={styles.small}>
                  authorised {t.authorisedThisWeek} letter{t.authorisedThisWeek === 1 ? '' : 's'} this week
                </Text>
                {w.draw && (
                  <Badge appearance="tint" color={done === t.items.length ? 'success' : 'warning'}>
                    {done} of {t.items.length} scored
                  </Badge>
                )}
              </div>
              {t.items.length > 0 && (
                <table className={styles.table} aria-label={`Letters drawn for ${t.name ?? 'the Team Leader'}`}>
                  <thead>
                    <tr>
                      <th className={styles.th}>#</th>
                      <th className={styles.th}>Letter</th>
                      <th className={styles.th}>Score</th>
                      <th className={styles.th}>Authorisation</th>
                      <th className={styles.th}>
                        <span style={{ position: 'absolute', left: '-9999px' }}>Action</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {t.items.map((i) => (
                      <tr key={i.id} data-item-id={i.id}>
                        <td className={styles.td}>{i.position}</td>
                        <td className={styles.td}>
                          <a style={{ whiteSpace: 'nowrap' }} href={hrefOf({ view: 'letter', id: i.letter.id })}>
                            {i.letter.complaintReference}
                          </a>
                          <div className={styles.small}>{LETTER_KIND_NAMES[i.letter.kind]}</div>
                        </td>
                        <td className={styles.td}>
                          {i.card.average !== null ? `${i.card.average.toFixed(1)} / ${CALIBRATION_SCORE_MAX}` : '—'}
                        </td>
                        <td className={styles.td}>
                          {i.card.agreement === 'agree'
                            ? 'Agreed'
                            : i.card.agreement === 'disagree'
                              ? 'Disagreed'
                              : '—'}
                        </td>
                        <td className={styles.td}>
                          <Button
                            size="small"
                            appearance={i.scored ? 'secondary' : 'primary'}
                            onClick={() => setScoring(i.id)}
                            aria-label={`${i.scored ? 'Review score of' : 'Score'} letter ${i.position} for ${t.name ?? 'the Team Leader'}`}
                          >
                            {i.scored ? 'Review' : 'Score'}
                          </Button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {!w.draw && <Text className={styles.small}>Draw the week to pick up to 3 of their letters.</Text>}
            </Card>
          );
        })}
      </div>
    </>
  );
}

function History() {
  const styles = useStyles();
  const q = useCalibrationHistoryQuery(undefined);
  if (q.isLoading) return <Spinner label="Loading history…" />;
  const err = asDeskError(q.error);
  if (err)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{err.message}</MessageBarBody>
      </MessageBar>
    );
  const tls = q.data?.teamLeaders ?? [];
  if (tls.length === 0) return <Text>No calibration has been recorded yet.</Text>;
  return (
    <div className={styles.grid} data-testid="calibration-history">
      {tls.map((t) => (
        <Card key={t.teamLeaderId} className={styles.card}>
          <Subtitle2 as="h3">{t.name ?? 'Team Leader'}</Subtitle2>
          <div className={styles.row}>
            <Text>
              Average {t.overallAverage !== null ? `${t.overallAverage.toFixed(2)} / ${CALIBRATION_SCORE_MAX}` : '—'}
            </Text>
            <Text>
              Disagreement rate {t.disagreementRate !== null ? `${Math.round(t.disagreementRate * 100)}%` : '—'}
            </Text>
          </div>
          <TrendChart
            weeks={t.weeks}
            max={CALIBRATION_SCORE_MAX}
            label={`${t.name ?? 'Team Leader'}'s average score by week`}
          />
          <table className={styles.table} aria-label={`Weeks calibrated for ${t.name ?? 'the Team Leader'}`}>
            <thead>
              <tr>
                <th className={styles.th}>Week of</th>
                <th className={styles.th}>Scored</th>
                <th className={styles.th}>Average</th>
                <th className={styles.th}>Disagreed</th>
              </tr>
            </thead>
            <tbody>
              {[...t.weeks].reverse().map((wk) => (
                <tr key={wk.weekStart}>
                  <td className={styles.td}>{wk.weekStart}</td>
                  <td className={styles.td}>
                    {wk.scored} of {wk.items}
                  </td>
                  <td className={styles.td}>{wk.averageScore !== null ? wk.averageScore.toFixed(2) : '—'}</td>
                  <td className={styles.td}>{wk.disagreements}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ))}
    </div>
  );
}
