import { Button, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from '@fluentui/react-components';
import { ArrowLeft20Regular, DocumentPdf20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import {
  CALIBRATION_CRITERIA,
  CALIBRATION_CRITERION_NAMES,
  CALIBRATION_SCORE_MAX,
  LETTER_KIND_NAMES,
} from '../../../shared/domain/letters/types.js';
import { asDeskError, useCalibrationHistoryQuery, useCalibrationWeekQuery } from '../../api/desk-api.js';
import { navigate } from '../../app/route.js';
import { saveAsPdf } from '../letters/files.js';
import { when } from '../letters/LetterPanels.js';
import { weekLabel } from './Calibration.js';
import { TrendChart } from './TrendChart.js';

const useStyles = makeStyles({
  root: { flex: 1, overflow: 'auto', backgroundColor: tokens.colorNeutralBackground3 },
  bar: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    '@media print': { display: 'none' },
  },
  // Printed on white whatever the theme: a report is paper.
  page: {
    width: '210mm',
    boxSizing: 'border-box',
    margin: '16px auto',
    padding: '14mm',
    backgroundColor: '#ffffff',
    color: '#1a1a1a',
    fontFamily: 'Arial, Helvetica, sans-serif',
    fontSize: '10pt',
    boxShadow: tokens.shadow8,
    '@media print': { width: 'auto', margin: 0, padding: 0, boxShadow: 'none' },
  },
  table: { width: '100%', borderCollapse: 'collapse', marginBottom: '10px', breakInside: 'avoid' },
  th: { textAlign: 'left', borderBottom: '1px solid #555', padding: '3px 4px', fontWeight: 600 },
  td: { borderBottom: '1px solid #ccc', padding: '3px 4px', verticalAlign: 'top' },
  section: { breakInside: 'avoid', marginBottom: '12px' },
  mono: { fontFamily: 'Consolas, monospace', overflowWrap: 'anywhere' },
});

/** The calibration report as a page of its own: the week's draw and scores, then each Team Leader's trend. */
export function PrintCalibration({ weekStart }: { weekStart: string | null }) {
  const styles = useStyles();
  const week = useCalibrationWeekQuery(weekStart ?? undefined);
  const history = useCalibrationHistoryQuery(undefined);
  const [message, setMessage] = useState<string | null>(null);
  if (week.isLoading || history.isLoading) return <Spinner label="Preparing the report…" />;
  const err = asDeskError(week.error) ?? asDeskError(history.error);
  if (err || !week.data || !history.data)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{err?.message ?? 'The report could not be prepared.'}</MessageBarBody>
      </MessageBar>
    );
  const w = week.data;
  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Button icon={<ArrowLeft20Regular />} onClick={() => navigate({ view: 'calibration' })}>
          Back to calibration
        </Button>
        <Button
          appearance="primary"
          icon={<DocumentPdf20Regular />}
          onClick={() => void saveAsPdf(`Calibration ${w.weekStart}`).then(setMessage)}
        >
          Print or save as PDF
        </Button>
        {message && <Text role="status">{message}</Text>}
      </div>
      <article className={styles.page} data-testid="calibration-report">
        <h1 style={{ fontSize: '16pt', margin: '0 0 4px' }}>Letter calibration</h1>
        <p style={{ margin: '0 0 8px' }}>
          Week of {weekLabel(w.weekStart, w.weekEnd)} · {w.progress.scored} of {w.progress.drawn} letters scored
        </p>
        {w.draw ? (
          <p style={{ margin: '0 0 12px' }}>
            Drawn by {w.draw.drawnByName ?? 'a manager'} on {when(w.draw.drawnAt)} · seed{' '}
            <span className={styles.mono}>{w.draw.seed}</span> · {w.draw.algorithm} ·{' '}
            {w.draw.verified ? 'verified by re-running the draw' : 'NOT verified'}
          </p>
        ) : (
          <p>This week has not been drawn.</p>
        )}
        {w.teamLeaders.map((t) => (
          <section key={t.teamLeaderId} className={styles.section}>
            <h2 style={{ fontSize: '12pt', margin: '8px 0 4px' }}>
              {t.name ?? 'Team Leader'} · authorised {t.authorisedThisWeek}
            </h2>
            {t.items.map((i) => (
              <table key={i.id} className={styles.table}>
                <thead>
                  <tr>
                    <th className={styles.th} colSpan={2}>
                      {i.position}. {i.letter.complaintReference} · {LETTER_KIND_NAMES[i.letter.kind]} ·{' '}
                      {i.card.agreement === 'agree'
                        ? 'agreed'
                        : i.card.agreement === 'disagree'
                          ? 'disagreed'
                          : 'not scored'}
                      {i.card.average !== null
                        ? ` · average ${i.card.average.toFixed(2)} / ${CALIBRATION_SCORE_MAX}`
                        : ''}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {CALIBRATION_CRITERIA.map((c) => (
                    <tr key={c}>
                      <td className={styles.td}>{CALIBRATION_CRITERION_NAMES[c]}</td>
                      <td className={styles.td}>{i.card.scores[c] ?? '—'}</td>
                    </tr>
                  ))}
                  <tr>
                    <td className={styles.td}>Feedback</td>
                    <td className={styles.td} style={{ whiteSpace: 'pre-wrap' }}>
                      {i.card.feedback ?? '—'}
                    </td>
                  </tr>
                </tbody>
              </table>
            ))}
          </section>
        ))}
        <h2 style={{ fontSize: '13pt', margin: '16px 0 4px' }}>Trends per Team Leader</h2>
        {history.data.teamLeaders.length === 0 && <p>No calibration has been recorded yet.</p>}
        {history.data.teamLeaders.map((t) => (
          <section key={t.teamLeaderId} className={styles.section}>
            <h3 style={{ fontSize: '11pt', margin: '8px 0 4px' }}>
              {t.name ?? 'Team Leader'} · average {t.overallAverage !== null ? t.overallAverage.toFixed(2) : '—'} ·
              disagreement rate {t.disagreementRate !== null ? `${Math.round(t.disagreementRate * 100)}%` : '—'}
            </h3>
            <TrendChart
              weeks={t.weeks}
              max={CALIBRATION_SCORE_MAX}
              label={`${t.name ?? 'Team Leader'}'s average by week`}
            />
            <table className={styles.table}>
              <thead>
                <tr>
                  <th className={styles.th}>Week of</th>
                  <th className={styles.th}>Scored</th>
                  <th className={styles.th}>Average</th>
                  <th className={styles.th}>Disagreed</th>
                </tr>
              </thead>
              <tbody>
                {t.weeks.map((wk) => (
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
          </section>
        ))}
      </article>
    </div>
  );
}
