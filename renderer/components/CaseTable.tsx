import { makeStyles, tokens } from '@fluentui/react-components';
import { memo, useEffect, useState } from 'react';
import type { CaseListItem } from '../../shared/contracts/desk-api.js';
import { deadlineKindText, dueOf, stageName } from '../app/due.js';
import { hrefOf } from '../app/route.js';
import { DueBadge } from './DueBadge.js';

const useStyles = makeStyles({
  table: { width: '100%', borderCollapse: 'collapse', fontSize: tokens.fontSizeBase300 },
  th: {
    textAlign: 'left',
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalM,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    position: 'sticky',
    top: 0,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  td: {
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalM,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    verticalAlign: 'top',
  },
  row: { ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover } },
  breached: { boxShadow: `inset 4px 0 0 ${tokens.colorPaletteRedBorderActive}` },
  today: { boxShadow: `inset 4px 0 0 ${tokens.colorPaletteDarkOrangeBorderActive}` },
  week: { boxShadow: `inset 4px 0 0 ${tokens.colorPaletteMarigoldBorderActive}` },
  link: {
    whiteSpace: 'nowrap',
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightSemibold,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  // What Fluent's <Text weight="semibold"> gave, without a component per row.
  name: {
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontWeight: tokens.fontWeightSemibold,
  },
  summary: {
    color: tokens.colorNeutralForeground2,
    display: '-webkit-box',
    WebkitLineClamp: '1',
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    maxWidth: '520px',
  },
  // Which deadline it is ("Stage 1: acknowledge"): short, and useless cut short, so it is never clamped.
  deadlineKind: { color: tokens.colorNeutralForeground2, whiteSpace: 'nowrap' },
});

type Styles = ReturnType<typeof useStyles>;

/**
 * One case's row. Memoised on its item: lists keep an unchanged case as the same object across refreshes (see
 * features/home/work-pages.ts), so a refresh draws again only the rows that changed.
 */
const CaseRow = memo(function CaseRow({ c, today, styles }: { c: CaseListItem; today: string; styles: Styles }) {
  const due = dueOf(c, today);
  const accent =
    due === 'breached' ? styles.breached : due === 'today' ? styles.today : due === 'week' ? styles.week : '';
  return (
    <tr className={`${styles.row} ${accent}`} data-reference={c.reference}>
      <td className={styles.td}>
        <a className={styles.link} href={hrefOf({ view: 'case', id: c.id })}>
          {c.reference}
        </a>
      </td>
      <td className={styles.td}>
        <span className={styles.name}>{c.personName ?? 'Unknown resident'}</span>
        <div className={styles.summary}>{c.summary}</div>
      </td>
      <td className={styles.td}>
        {c.status === 'screening' ? 'Screening' : `${stageName(c.stageKey)} · ${c.stageStatus ?? ''}`}
      </td>
      <td className={styles.td}>
        {c.nextDeadlineDate ? (
          <>
            {c.nextDeadlineDate}
            <div className={styles.deadlineKind} data-testid="deadline-kind">
              {deadlineKindText(c.nextDeadlineKind)}
            </div>
          </>
        ) : (
          '—'
        )}
      </td>
      <td className={styles.td}>
        <DueBadge item={c} today={today} />
      </td>
    </tr>
  );
});

/**
 * Rows drawn in a list's first frame: more than a screen holds (about 13 rows at 900 px, 25 at 1440 px). A longer
 * list draws the rest straight after that frame is painted, so opening My work shows (and focuses) its first rows
 * without first styling, laying out and painting every row of the page: measured, those were most of the ~150 ms
 * frame that showed My work's 92 rows. Every row is in the document one frame later; only a list's first drawing
 * is split, never a refresh.
 */
export const FIRST_FRAME_ROWS = 25;

/** False until the frame after the component first mounted has been painted. */
function usePaintedOnce(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer = 0;
    // A timeout set in an animation frame runs once that frame is painted.
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, []);
  return painted;
}

export function CaseTable({
  items,
  today,
  caption,
}: {
  items: readonly CaseListItem[];
  today: string;
  caption: string;
}) {
  const styles = useStyles();
  const painted = usePaintedOnce();
  const partial = !painted && items.length > FIRST_FRAME_ROWS;
  const rows = partial ? items.slice(0, FIRST_FRAME_ROWS) : items;
  return (
    <table className={styles.table} aria-busy={partial || undefined}>
      <caption className="visually-hidden" style={{ position: 'absolute', left: '-9999px' }}>
        {caption}
      </caption>
      <thead>
        <tr>
          <th className={styles.th} scope="col">
            Reference
          </th>
          <th className={styles.th} scope="col">
            Resident and complaint
          </th>
          <th className={styles.th} scope="col">
            Stage
          </th>
          <th className={styles.th} scope="col">
            Next deadline
          </th>
          <th className={styles.th} scope="col">
            Time left
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <CaseRow key={c.id} c={c} today={today} styles={styles} />
        ))}
      </tbody>
    </table>
  );
}
