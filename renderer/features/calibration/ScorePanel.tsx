import {
  Button,
  Card,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle1,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CalibrationItemDetail, Session } from '../../../shared/contracts/desk-api.js';
import {
  CALIBRATION_CRITERIA,
  CALIBRATION_CRITERION_NAMES,
  CALIBRATION_SCORE_MAX,
  type CalibrationAgreement,
  type CalibrationCriterion,
} from '../../../shared/domain/letters/types.js';
import { asDeskError, useCalibrationItemQuery, useScoreCalibrationItemMutation } from '../../api/desk-api.js';
import { LetterFrame } from '../letters/LetterFrame.js';
import { CasePanel, letterTitle, ReviewHistory } from '../letters/LetterPanels.js';

const useStyles = makeStyles({
  panel: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, justifyContent: 'flex-end' },
  grid: { display: 'grid', gridTemplateColumns: 'minmax(420px, 1fr) 460px', gap: tokens.spacingHorizontalL },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  radios: { display: 'flex', flexWrap: 'nowrap' },
  small: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

const SCALE = Array.from({ length: CALIBRATION_SCORE_MAX + 1 }, (_, i) => i);

/**
 * Score one drawn letter against the rubric, agree or disagree with its authorisation, and give feedback. A
 * panel in the page rather than a modal dialog: the letter sits beside the rubric, and the week stays in view.
 */
export function ScorePanel({ itemId, session, onClose }: { itemId: string; session: Session; onClose: () => void }) {
  const q = useCalibrationItemQuery(itemId);
  const styles = useStyles();
  const err = asDeskError(q.error);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
    ref.current?.focus();
  }, [itemId]);
  return (
    <Card className={styles.panel}>
      <section ref={ref} tabIndex={-1} aria-labelledby="score-heading" style={{ outline: 'none' }}>
        {q.isLoading && <Spinner label="Opening the letter…" />}
        {err && (
          <>
            <Subtitle1 as="h2" id="score-heading">
              The letter could not be opened
            </Subtitle1>
            <Text>{err.message}</Text>
            <Button onClick={onClose}>Close</Button>
          </>
        )}
        {q.data && <ScoreForm key={q.data.item.id} d={q.data} session={session} onClose={onClose} />}
      </section>
    </Card>
  );
}

function ScoreForm({ d, onClose }: { d: CalibrationItemDetail; session: Session; onClose: () => void }) {
  const styles = useStyles();
  const card = d.item.card;
  const [scores, setScores] = useState<Partial<Record<CalibrationCriterion, number>>>({ ...card.scores });
  const [agreement, setAgreement] = useState<CalibrationAgreement | null>(card.agreement);
  const [feedback, setFeedback] = useState(card.feedback ?? '');
  const [tried, setTried] = useState(false);
  const [save, state] = useScoreCalibrationItemMutation();
  const err = asDeskError(state.error);
  const unscored = CALIBRATION_CRITERIA.filter((c) => scores[c] === undefined);
  const ready = unscored.length === 0 && agreement !== null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!ready || !agreement) return;
    const complete = Object.fromEntries(CALIBRATION_CRITERIA.map((c) => [c, scores[c] ?? 0])) as Record<
      CalibrationCriterion,
      number
    >;
    const r = await save({ itemId: d.item.id, scores: complete, agreement, feedback: feedback.trim() });
    if ('data' in r) onClose();
  }

  return (
    <form noValidate onSubmit={(e) => void submit(e)} className={styles.panel} style={{ padding: 0 }}>
      <Subtitle1 as="h2" id="score-heading">
        Calibrate letter {d.item.position}: {letterTitle(d.item.letter)}
      </Subtitle1>
      <div className={styles.grid}>
        <div className={styles.column}>
          <Text className={styles.small}>
            Authorised by {d.item.letter.authorisedByName ?? 'a Team Leader'} · content SHA-256{' '}
            {d.contentSha256.slice(0, 16)}…
          </Text>
          <LetterFrame
            html={d.letterHtml}
            title={`Letter being calibrated: ${letterTitle(d.item.letter)}`}
            mode="preview"
            height={560}
          />
          <CasePanel c={d.case} />
          <ReviewHistory reviews={d.reviews} />
        </div>
        <div className={styles.column}>
          {err && (
            <MessageBar intent="error" role="alert">
              <MessageBarBody>Not saved: {err.message}</MessageBarBody>
            </MessageBar>
          )}
          {!d.canScore && (
            <MessageBar intent="info">
              <MessageBarBody>Only a manager can score calibration letters.</MessageBarBody>
            </MessageBar>
          )}
          {CALIBRATION_CRITERIA.map((c) => (
            <Field
              key={c}
              label={`${CALIBRATION_CRITERION_NAMES[c]} (0–${CALIBRATION_SCORE_MAX})`}
              required
              validationState={tried && scores[c] === undefined ? 'error' : 'none'}
              validationMessage={tried && scores[c] === undefined ? 'Score this criterion.' : undefined}
            >
              <RadioGroup
                layout="horizontal"
                className={styles.radios}
                value={scores[c] === undefined ? '' : String(scores[c])}
                onChange={(_, v) => setScores((o) => ({ ...o, [c]: Number(v.value) }))}
                disabled={!d.canScore}
              >
                {SCALE.map((n) => (
                  <Radio key={n} value={String(n)} label={String(n)} />
                ))}
              </RadioGroup>
            </Field>
          ))}
          <Field
            label="The Team Leader’s authorisation"
            required
            validationState={tried && agreement === null ? 'error' : 'none'}
            validationMessage={tried && agreement === null ? 'Say whether you agree.' : undefined}
          >
            <RadioGroup
              layout="horizontal"
              value={agreement ?? ''}
              onChange={(_, v) => setAgreement(v.value as CalibrationAgreement)}
              disabled={!d.canScore}
            >
              <Radio value="agree" label="I agree it should have been authorised" />
              <Radio value="disagree" label="I disagree" />
            </RadioGroup>
          </Field>
          <Field label="Feedback for the Team Leader" hint="The Team Leader sees this with the scores.">
            <Textarea rows={4} value={feedback} onChange={(_, v) => setFeedback(v.value)} readOnly={!d.canScore} />
          </Field>
        </div>
      </div>
      <div className={styles.actions}>
        <Button onClick={onClose}>Close</Button>
        {d.canScore && (
          <Button appearance="primary" type="submit" disabled={state.isLoading}>
            Save score
          </Button>
        )}
      </div>
    </form>
  );
}
