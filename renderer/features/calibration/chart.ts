// The trend chart's geometry, kept apart from React so it can be tested in Node: one point per week with a
// score, x spread evenly oldest to newest, y from 0 (bottom) to the rubric's maximum (top). A week with
// nothing scored leaves a gap rather than a made-up value.
export interface ChartWeek {
  readonly weekStart: string;
  readonly averageScore: number | null;
}

export interface ChartGeometry {
  readonly points: readonly {
    readonly x: number;
    readonly y: number;
    readonly weekStart: string;
    readonly value: number;
  }[];
  /** SVG path data: a new segment (M) after each gap. */
  readonly path: string;
  /** y of each whole score on the axis, for grid lines and labels. */
  readonly ticks: readonly { readonly value: number; readonly y: number }[];
}

export function chartGeometry(
  weeks: readonly ChartWeek[],
  box: { width: number; height: number; left: number; top: number; bottom: number; right: number },
  max: number,
): ChartGeometry {
  const innerW = box.width - box.left - box.right;
  const innerH = box.height - box.top - box.bottom;
  const yOf = (v: number) => round(box.top + innerH * (1 - Math.min(Math.max(v, 0), max) / max));
  const xOf = (i: number) => round(box.left + (weeks.length <= 1 ? innerW / 2 : (innerW * i) / (weeks.length - 1)));
  const points: { x: number; y: number; weekStart: string; value: number }[] = [];
  let path = '';
  let penDown = false;
  weeks.forEach((w, i) => {
    if (w.averageScore === null) {
      penDown = false;
      return;
    }
    const p = { x: xOf(i), y: yOf(w.averageScore), weekStart: w.weekStart, value: w.averageScore };
    points.push(p);
    path += `${path ? ' ' : ''}${penDown ? 'L' : 'M'}${p.x},${p.y}`;
    penDown = true;
  });
  const ticks = Array.from({ length: max + 1 }, (_, v) => ({ value: v, y: yOf(v) }));
  return { points, path, ticks };
}

const round = (n: number) => Math.round(n * 10) / 10;
