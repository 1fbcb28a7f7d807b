import { Badge, makeStyles, Subtitle2, Text, tokens } from '@fluentui/react-components';
import { CheckmarkCircle16Filled, ErrorCircle16Filled, Warning16Filled } from '@fluentui/react-icons';
import type {
  LetterAdjustments,
  LetterCaseSummary,
  LetterChecks,
  LetterReviewEvent,
  LetterStatus,
  LetterSummary,
} from '../../../shared/contracts/desk-api.js';
import { words } from '../../../shared/contracts/vocabulary.js';
import { LETTER_KIND_NAMES } from '../../../shared/domain/letters/types.js';
import { deadlineLabel, stageName } from '../../app/due.js';
import { londonDateTime } from '../../app/when.js';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column' },
  item: {
    display: 'grid',
    gridTemplateColumns: '20px 1fr',
    gap: tokens.spacingHorizontalS,
    paddingBlock: tokens.spacingVerticalXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  missing: { color: tokens.colorPaletteRedForeground1 },
  flag: { color: tokens.colorPaletteDarkOrangeForeground1 },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  small: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  score: { display: 'flex', alignItems: 'baseline', gap: tokens.spacingHorizontalS },
  number: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold },
  dl: {
    display: 'grid',
    gridTemplateColumns: '130px 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    margin: 0,
  },
  dt: { color: tokens.colorNeutralForeground2 },
  dd: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

const STATUS_COLOUR: Record<LetterStatus, 'informative' | 'warning' | 'brand' | 'success' | 'important'> = {
  draft: 'informative',
  submitted: 'brand',
  returned: 'warning',
  authorised: 'success',
  sent: 'important',
};

export const STATUS_NAMES: Record<LetterStatus, string> = {
  draft: 'Draft',
  submitted: 'Awaiting authorisation',
  returned: 'Returned with comments',
  authorised: 'Authorised',
  sent: 'Sent',
};

export function StatusBadge({ status }: { status: LetterStatus }) {
  return (
    <Badge appearance="tint" color={STATUS_COLOUR[status]} shape="rounded" data-status={status}>
      {STATUS_NAMES[status]}
    </Badge>
  );
}

export function letterTitle(l: Pick<LetterSummary, 'kind' | 'complaintReference'>): string {
  return `${LETTER_KIND_NAMES[l.kind]} · ${l.complaintReference}`;
}

export const when = (iso: string | null) => (iso ? londonDateTime(iso) : '—');

/** What the Code and the profile require that the letter does not say yet, and the plain-English check. */
export function ChecksPanel({
  checks,
  sectionName = words,
}: {
  checks: LetterChecks;
  sectionName?: (key: string) => string;
}) {
  const styles = useStyles();
  const pe = checks.plainEnglish;
  return (
    <section className={styles.panel} aria-labelledby="checks-heading">
      <Subtitle2 as="h2" id="checks-heading">
        Required content
      </Subtitle2>
      {checks.missing.length === 0 ? (
        <Text className={styles.ok} data-testid="checks-complete">
          <CheckmarkCircle16Filled aria-hidden /> Everything the Code and the profile require is there.
        </Text>
      ) : (
        <ul className={styles.list} aria-label="Missing content" data-testid="missing-content">
          {checks.missing.map((m) => (
            <li key={m.item} className={styles.item}>
              <ErrorCircle16Filled aria-hidden className={styles.missing} />
              <span>
                <Text weight="semibold">Missing: {m.label}</Text>
                <br />
                <Text size={200}>{m.hint}</Text>
                <br />
                <span className={styles.small}>{m.cite}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {checks.unresolvedFields.length > 0 && (
        <Text className={styles.small}>
          No value on this case for: {checks.unresolvedFields.join(', ')} (shown as a gap in the letter).
        </Text>
      )}
      <Subtitle2 as="h2">Plain English</Subtitle2>
      <div className={styles.score} data-testid="plain-english-score">
        <span className={styles.number}>{Math.round(pe.score)}</span>
        <Text>
          out of 100 · {words(pe.band)} · {pe.words} words, {pe.sentences} sentences (average{' '}
          {pe.averageSentenceWords.toFixed(1)} words)
        </Text>
      </div>
      {pe.flags.length === 0 ? (
        <Text className={styles.small}>No jargon or long sentences found.</Text>
      ) : (
        <ul className={styles.list} aria-label="Plain-English flags" data-testid="plain-english-flags">
          {pe.flags.map((f, i) => (
            <li key={i} className={styles.item}>
              <Warning16Filled aria-hidden className={styles.flag} />
              <span>
                {f.kind === 'jargon' ? (
                  <>
                    <Text weight="semibold">Jargon: “{f.text}”</Text> — try “{f.suggestion}”
                  </>
                ) : (
                  <>
                    <Text weight="semibold">Long sentence ({f.suggestion}):</Text> “{f.text}”
                  </>
                )}
                <span className={styles.small}> · in {sectionName(f.position.section)}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function AdjustmentsPanel({ adjustments }: { adjustments: LetterAdjustments }) {
  const styles = useStyles();
  const any =
    adjustments.largePrint || adjustments.preferredFormat || adjustments.languageNote || adjustments.notes.length > 0;
  return (
    <section className={styles.panel} aria-labelledby="adjustments-heading">
      <Subtitle2 as="h2" id="adjustments-heading">
        The resident’s adjustments
      </Subtitle2>
      {!any && <Text className={styles.small}>None recorded.</Text>}
      {any && (
        <dl className={styles.dl}>
          {adjustments.largePrint && (
            <>
              <dt className={styles.dt}>Large print</dt>
              <dd className={styles.dd}>Yes: the letter is set in {adjustments.fontSizePt} pt</dd>
            </>
          )}
          {adjustments.preferredFormat && (
            <>
              <dt className={styles.dt}>Preferred format</dt>
              <dd className={styles.dd}>{adjustments.preferredFormat}</dd>
            </>
          )}
          {adjustments.languageNote && (
            <>
              <dt className={styles.dt}>Language</dt>
              <dd className={styles.dd}>{adjustments.languageNote}</dd>
            </>
          )}
          {adjustments.notes.map((n, i) => (
            <div key={i} style={{ display: 'contents' }}>
              <dt className={styles.dt}>Note</dt>
              <dd className={styles.dd}>{n}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

/** The case beside the letter: what was complained about, what was decided, what is running. */
export function CasePanel({ c }: { c: LetterCaseSummary }) {
  const styles = useStyles();
  return (
    <section className={styles.panel} aria-label={`Case ${c.reference}`}>
      <Subtitle2 as="h2">
        <a href={`#/case/${c.complaintId}`}>{c.reference}</a> · {c.personName ?? 'Unknown resident'}
      </Subtitle2>
      <dl className={styles.dl}>
        <dt className={styles.dt}>Profile</dt>
        <dd className={styles.dd}>{c.profileName}</dd>
        <dt className={styles.dt}>Position</dt>
        <dd className={styles.dd}>
          {c.status === 'open' ? stageName(c.stageKey) : words(c.status)} · received {c.receivedDate}
        </dd>
        <dt className={styles.dt}>What happened</dt>
        <dd className={styles.dd}>{c.summary}</dd>
        <dt className={styles.dt}>Understanding</dt>
        <dd className={styles.dd}>{c.understanding ?? '—'}</dd>
        <dt className={styles.dt}>Outcome sought</dt>
        <dd className={styles.dd}>{c.outcomeSought ?? c.outcomeWanted ?? '—'}</dd>
        <dt className={styles.dt}>Decision</dt>
        <dd className={styles.dd}>{c.decision ? words(c.decision) : '—'}</dd>
        <dt className={styles.dt}>Deadlines</dt>
        <dd className={styles.dd} data-testid="case-deadlines">
          {c.running.length === 0
            ? 'None running'
            : c.running
                .map((r) => `${stageName(r.stage)}: ${deadlineLabel(r.kind).toLowerCase()} by ${r.due}`)
                .join('\n')}
        </dd>
      </dl>
    </section>
  );
}

export function ReviewHistory({ reviews }: { reviews: readonly LetterReviewEvent[] }) {
  const styles = useStyles();
  if (reviews.length === 0) return null;
  return (
    <section className={styles.panel} aria-labelledby="history-heading">
      <Subtitle2 as="h2" id="history-heading">
        Review history
      </Subtitle2>
      <ol className={styles.list}>
        {reviews.map((r) => (
          <li key={r.id} className={styles.item} style={{ gridTemplateColumns: '1fr' }}>
            <span>
              <Text weight="semibold">{words(r.action)}</Text> by {r.actorName ?? 'someone'} · {when(r.at)}
              {r.versionNo !== null ? ` · version ${r.versionNo}` : ''}
              {r.comments && (
                <>
                  <br />
                  <span className={styles.dd}>“{r.comments}”</span>
                </>
              )}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
