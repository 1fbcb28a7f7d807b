// The weekly calibration (policy 001: "a manager will conduct a weekly calibration exercise where they will
// check 3 that each Team Leader has authorised"): the week's bounds, the population of letters each Team
// Leader authorised that week, a seeded draw anyone can re-run from the recorded seed and population, and
// the scores' averages and trends. Pure: no clock, no crypto, no Math.random.
import { addCalendarDays, dayOfWeek, type IsoDate } from '../dates.js';
import {
  CALIBRATION_ALGORITHM,
  CALIBRATION_CRITERIA,
  CALIBRATION_SAMPLE_SIZE,
  type CalibrationAgreement,
  type CalibrationCriterion,
} from './types.js';

/** The week containing `date`, starting on `startDay` (0 = Sunday, 1 = Monday, the default). */
export function weekBounds(date: IsoDate, startDay = 1): { start: IsoDate; end: IsoDate } {
  if (!Number.isInteger(startDay) || startDay < 0 || startDay > 6) throw new RangeError('startDay must be 0–6');
  const back = (dayOfWeek(date) - startDay + 7) % 7;
  const start = addCalendarDays(date, -back);
  return { start, end: addCalendarDays(start, 6) };
}

/** FNV-1a, 32 bits: turns the seed text into the generator's starting state. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Marsaglia's xorshift32: small, fast, and the same on every JavaScript engine. */
export function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9; // the state must never be 0
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

export interface PopulationEntry {
  readonly teamLeaderId: string;
  readonly letterIds: readonly string[];
}

export interface DrawnItem {
  readonly teamLeaderId: string;
  readonly letterId: string;
  readonly position: number;
}

/** Sorted by Team Leader, each one's letters sorted and de-duplicated: the order the draw runs over. */
export function canonicalPopulation(population: readonly PopulationEntry[]): PopulationEntry[] {
  const byTl = new Map<string, Set<string>>();
  for (const p of population) {
    const set = byTl.get(p.teamLeaderId) ?? new Set<string>();
    for (const l of p.letterIds) set.add(l);
    byTl.set(p.teamLeaderId, set);
  }
  return [...byTl.entries()]
    .filter(([, letters]) => letters.size > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([teamLeaderId, letters]) => ({ teamLeaderId, letterIds: [...letters].sort() }));
}

/**
 * Draws up to `size` letters per Team Leader (all of them when fewer). Each Team Leader's draw uses its own
 * generator, seeded from the draw's seed and their id, so adding or removing another Team Leader's letters
 * never changes theirs. A partial Fisher–Yates shuffle over the sorted letters: unbiased, no repeats.
 */
export function drawCalibration(
  seed: string,
  population: readonly PopulationEntry[],
  size = CALIBRATION_SAMPLE_SIZE,
): DrawnItem[] {
  const items: DrawnItem[] = [];
  for (const { teamLeaderId, letterIds } of canonicalPopulation(population)) {
    const pool = [...letterIds];
    const next = xorshift32(fnv1a32(`${CALIBRATION_ALGORITHM}|${seed}|${teamLeaderId}`));
    const take = Math.min(size, pool.length);
    for (let i = 0; i < take; i++) {
      const j = i + (next() % (pool.length - i));
      const a = pool[i] as string;
      pool[i] = pool[j] as string;
      pool[j] = a;
      items.push({ teamLeaderId, letterId: pool[i] as string, position: i + 1 });
    }
  }
  return items;
}

/** Re-runs a recorded draw: true when the recorded seed and population give exactly the recorded items. */
export function verifyDraw(record: {
  readonly seed: string;
  readonly algorithm: string;
  readonly population: readonly PopulationEntry[];
  readonly items: readonly DrawnItem[];
}): boolean {
  if (record.algorithm !== CALIBRATION_ALGORITHM) return false;
  const again = drawCalibration(record.seed, record.population);
  const key = (i: DrawnItem) => `${i.teamLeaderId}|${i.position}|${i.letterId}`;
  const a = again.map(key).sort();
  const b = record.items.map(key).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

export interface ScoredItem {
  readonly teamLeaderId: string;
  readonly weekStart: string;
  readonly scores: Readonly<Partial<Record<CalibrationCriterion, number>>>;
  readonly agreement: CalibrationAgreement | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The mean of the criteria scored, or null when none is. */
export function averageScore(scores: Readonly<Partial<Record<CalibrationCriterion, number>>>): number | null {
  const vals = CALIBRATION_CRITERIA.map((c) => scores[c]).filter((v): v is number => typeof v === 'number');
  return vals.length ? round2(vals.reduce((a, b) => a + b, 0) / vals.length) : null;
}

export interface TeamLeaderTrend {
  readonly teamLeaderId: string;
  readonly weeks: readonly {
    readonly weekStart: string;
    readonly items: number;
    readonly scored: number;
    readonly averageScore: number | null;
    readonly byCriterion: Readonly<Partial<Record<CalibrationCriterion, number>>>;
    readonly disagreements: number;
  }[];
  readonly overallAverage: number | null;
  readonly disagreementRate: number | null;
}

/** Per Team Leader, per week (oldest first): average score, per-criterion averages, disagreements. */
export function calibrationTrends(items: readonly ScoredItem[]): TeamLeaderTrend[] {
  const byTl = new Map<string, Map<string, ScoredItem[]>>();
  for (const i of items) {
    const weeks = byTl.get(i.teamLeaderId) ?? new Map<string, ScoredItem[]>();
    weeks.set(i.weekStart, [...(weeks.get(i.weekStart) ?? []), i]);
    byTl.set(i.teamLeaderId, weeks);
  }
  return [...byTl.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([teamLeaderId, weeks]) => {
      let allScored = 0;
      let allDisagree = 0;
      const allAverages: number[] = [];
      const rows = [...weeks.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([weekStart, list]) => {
          const scored = list.filter((i) => i.agreement !== null);
          const averages = scored.map((i) => averageScore(i.scores)).filter((v): v is number => v !== null);
          const byCriterion: Partial<Record<CalibrationCriterion, number>> = {};
          for (const c of CALIBRATION_CRITERIA) {
            const vals = scored.map((i) => i.scores[c]).filter((v): v is number => typeof v === 'number');
            if (vals.length) byCriterion[c] = round2(vals.reduce((a, b) => a + b, 0) / vals.length);
          }
          const disagreements = scored.filter((i) => i.agreement === 'disagree').length;
          allScored += scored.length;
          allDisagree += disagreements;
          allAverages.push(...averages);
          return {
            weekStart,
            items: list.length,
            scored: scored.length,
            averageScore: averages.length ? round2(averages.reduce((a, b) => a + b, 0) / averages.length) : null,
            byCriterion,
            disagreements,
          };
        });
      return {
        teamLeaderId,
        weeks: rows,
        overallAverage: allAverages.length ? round2(allAverages.reduce((a, b) => a + b, 0) / allAverages.length) : null,
        disagreementRate: allScored ? round2(allDisagree / allScored) : null,
      };
    });
}

/** One CSV field: quoted when needed, and a leading = + - @ neutralised so a spreadsheet never runs it. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
