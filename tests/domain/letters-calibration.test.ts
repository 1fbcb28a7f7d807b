// The weekly calibration's pure parts: the week's bounds (including weeks with bank holidays), the seeded
// draw (reproducible, all when fewer than 3, nothing when none, stable against other Team Leaders' letters),
// its verification, and the trends.
import { describe, expect, it } from 'vitest';
import { calendarFor, isoDate } from '../../shared/domain/index.js';
import {
  CALIBRATION_ALGORITHM,
  averageScore,
  calibrationTrends,
  canonicalPopulation,
  csvField,
  drawCalibration,
  toCsv,
  verifyDraw,
  weekBounds,
  xorshift32,
  fnv1a32,
} from '../../shared/domain/letters/index.js';

const letters = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);

describe('week bounds', () => {
  it('Monday to Sunday by default; a configurable first day', () => {
    expect(weekBounds(isoDate('2025-05-07'))).toEqual({ start: '2025-05-05', end: '2025-05-11' });
    expect(weekBounds(isoDate('2025-05-05'))).toEqual({ start: '2025-05-05', end: '2025-05-11' });
    expect(weekBounds(isoDate('2025-05-11'))).toEqual({ start: '2025-05-05', end: '2025-05-11' });
    expect(weekBounds(isoDate('2025-05-11'), 0)).toEqual({ start: '2025-05-11', end: '2025-05-17' });
    expect(() => weekBounds(isoDate('2025-05-11'), 7)).toThrow(RangeError);
  });

  it('a week with a bank holiday is still the whole calendar week (Mon 5 May 2025; Christmas 2025)', () => {
    const ew = calendarFor('england-and-wales');
    expect(ew.isWorkingDay(isoDate('2025-05-05'))).toBe(false); // Early May bank holiday
    expect(weekBounds(isoDate('2025-05-06'))).toEqual({ start: '2025-05-05', end: '2025-05-11' });
    expect(ew.isWorkingDay(isoDate('2025-12-25'))).toBe(false);
    expect(weekBounds(isoDate('2025-12-25'))).toEqual({ start: '2025-12-22', end: '2025-12-28' });
    // Letters authorised on the bank holiday itself belong to that week's population.
    const pop = [{ teamLeaderId: 'tl-a', letterIds: ['l-bank-holiday', 'l-tue'] }];
    expect(
      drawCalibration('w', pop)
        .map((i) => i.letterId)
        .sort(),
    ).toEqual(['l-bank-holiday', 'l-tue']);
  });
});

describe('the seeded draw', () => {
  const population = [
    { teamLeaderId: 'tl-b', letterIds: letters('b', 10) },
    { teamLeaderId: 'tl-a', letterIds: letters('a', 7) },
  ];

  it('the same seed and population give the same letters, whatever order the population is given in', () => {
    const one = drawCalibration('seed-1', population);
    const two = drawCalibration(
      'seed-1',
      [...population].reverse().map((p) => ({ ...p, letterIds: [...p.letterIds].reverse() })),
    );
    expect(two).toEqual(one);
    expect(one).toHaveLength(6);
    expect(one.filter((i) => i.teamLeaderId === 'tl-a').map((i) => i.position)).toEqual([1, 2, 3]);
    for (const tl of ['tl-a', 'tl-b']) {
      const ids = one.filter((i) => i.teamLeaderId === tl).map((i) => i.letterId);
      expect(new Set(ids).size).toBe(3);
    }
  });

  it('a different seed gives a different draw (over many seeds, every letter gets drawn)', () => {
    const seen = new Set<string>();
    for (let s = 0; s < 200; s++) for (const i of drawCalibration(`seed-${s}`, population)) seen.add(i.letterId);
    expect(seen.size).toBe(17);
    expect(drawCalibration('x', population)).not.toEqual(drawCalibration('y', population));
  });

  it('fewer than 3 letters: all of them; none: no items for that Team Leader', () => {
    const items = drawCalibration('s', [
      { teamLeaderId: 'tl-few', letterIds: ['only-1', 'only-2'] },
      { teamLeaderId: 'tl-none', letterIds: [] },
    ]);
    expect(items.map((i) => [i.teamLeaderId, i.letterId]).sort()).toEqual([
      ['tl-few', 'only-1'],
      ['tl-few', 'only-2'],
    ]);
    expect(drawCalibration('s', [])).toEqual([]);
    expect(canonicalPopulation([{ teamLeaderId: 'tl-none', letterIds: [] }])).toEqual([]);
  });

  it("another Team Leader's letters do not change a Team Leader's draw", () => {
    const base = drawCalibration('seed-9', population).filter((i) => i.teamLeaderId === 'tl-a');
    const more = drawCalibration('seed-9', [...population, { teamLeaderId: 'tl-c', letterIds: letters('c', 5) }]);
    expect(more.filter((i) => i.teamLeaderId === 'tl-a')).toEqual(base);
  });

  it('verifyDraw re-runs the recorded seed and population; a tampered item or algorithm fails', () => {
    const items = drawCalibration('seed-2', population);
    const record = { seed: 'seed-2', algorithm: CALIBRATION_ALGORITHM, population, items };
    expect(verifyDraw(record)).toBe(true);
    const tampered = items.map((i, n) => (n === 0 ? { ...i, letterId: 'a-999' } : i));
    expect(verifyDraw({ ...record, items: tampered })).toBe(false);
    expect(verifyDraw({ ...record, algorithm: 'other' })).toBe(false);
    expect(verifyDraw({ ...record, items: items.slice(1) })).toBe(false);
  });

  it('the generator is fixed: known values from a known seed (a change of algorithm must change its name)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    const next = xorshift32(1);
    expect([next(), next(), next()]).toEqual([270369, 67634689, 2647435461]);
  });
});

describe('trends and export', () => {
  it('averages per week and the disagreement rate per Team Leader', () => {
    const trends = calibrationTrends([
      { teamLeaderId: 't1', weekStart: '2025-05-05', scores: { accuracy: 4, 'plain-english': 2 }, agreement: 'agree' },
      {
        teamLeaderId: 't1',
        weekStart: '2025-05-05',
        scores: { accuracy: 5, 'plain-english': 5 },
        agreement: 'disagree',
      },
      { teamLeaderId: 't1', weekStart: '2025-04-28', scores: { accuracy: 1 }, agreement: 'agree' },
      { teamLeaderId: 't1', weekStart: '2025-04-28', scores: {}, agreement: null },
    ]);
    expect(trends).toHaveLength(1);
    const t1 = trends[0];
    expect(t1?.weeks.map((w) => [w.weekStart, w.items, w.scored, w.averageScore, w.disagreements])).toEqual([
      ['2025-04-28', 2, 1, 1, 0],
      ['2025-05-05', 2, 2, 4, 1],
    ]);
    expect(t1?.weeks[1]?.byCriterion).toEqual({ accuracy: 4.5, 'plain-english': 3.5 });
    expect(t1?.disagreementRate).toBe(0.33);
    expect(t1?.overallAverage).toBe(3);
    expect(averageScore({})).toBeNull();
  });

  it('CSV quotes commas, quotes and newlines and neutralises formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-1)).toBe('-1');
    expect(toCsv([['a,b', 'c\nd', null]])).toBe('"a,b","c\nd",\r\n');
  });
});
