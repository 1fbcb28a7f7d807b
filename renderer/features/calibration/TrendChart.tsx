import { makeStyles, tokens } from '@fluentui/react-components';
import { chartGeometry, type ChartWeek } from './chart.js';

const useStyles = makeStyles({
  svg: { display: 'block', maxWidth: '100%' },
  grid: { stroke: tokens.colorNeutralStroke2, strokeWidth: 1 },
  axis: { fill: tokens.colorNeutralForeground2, fontSize: '11px' },
  line: { fill: 'none', stroke: tokens.colorBrandForeground1, strokeWidth: 2 },
  dot: { fill: tokens.colorBrandForeground1 },
});

const BOX = { width: 420, height: 160, left: 28, right: 12, top: 10, bottom: 26 };

/** A Team Leader's average calibration score per week (0–5), as a small line chart with the weeks below. */
export function TrendChart({ weeks, max, label }: { weeks: readonly ChartWeek[]; max: number; label: string }) {
  const styles = useStyles();
  const g = chartGeometry(weeks, BOX, max);
  const summary =
    g.points.length === 0
      ? `${label}: nothing scored yet`
      : `${label}: ${g.points.map((p) => `week of ${p.weekStart} ${p.value.toFixed(1)}`).join(', ')}`;
  return (
    <svg
      className={styles.svg}
      width={BOX.width}
      height={BOX.height}
      viewBox={`0 0 ${BOX.width} ${BOX.height}`}
      role="img"
      aria-label={summary}
      data-testid="trend-chart"
    >
      {g.ticks.map((t) => (
        <g key={t.value}>
          <line className={styles.grid} x1={BOX.left} x2={BOX.width - BOX.right} y1={t.y} y2={t.y} />
          <text className={styles.axis} x={BOX.left - 6} y={t.y + 4} textAnchor="end">
            {t.value}
          </text>
        </g>
      ))}
      {g.path && <path className={styles.line} d={g.path} />}
      {g.points.map((p) => (
        <circle key={p.weekStart} className={styles.dot} cx={p.x} cy={p.y} r={4}>
          <title>{`Week of ${p.weekStart}: ${p.value.toFixed(2)}`}</title>
        </circle>
      ))}
      {g.points.map((p) => (
        <text key={`l${p.weekStart}`} className={styles.axis} x={p.x} y={BOX.height - 8} textAnchor="middle">
          {p.weekStart.slice(5)}
        </text>
      ))}
    </svg>
  );
}
