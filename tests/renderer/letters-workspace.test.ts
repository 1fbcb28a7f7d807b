// The letters workspace's pure helpers: which letters a complaint owes now (the "Draft letter" menu's first
// entries), the calibration trend chart's geometry, and the routes of the editor and print views.
import { describe, expect, it } from 'vitest';
import { calendarFor } from '../../shared/domain/calendar/working-days.js';
import { isoDate } from '../../shared/domain/dates.js';
import { applyCommand, newComplaint } from '../../shared/domain/lifecycle/transitions.js';
import type { CaseRecord } from '../../shared/domain/lifecycle/types.js';
import { findProfile } from '../../shared/domain/profiles/registry.js';
import { chartGeometry } from '../../renderer/features/calibration/chart.js';
import { owedLetters } from '../../renderer/features/letters/owed.js';
import { hrefOf, parseRoute } from '../../renderer/app/routes.js';

const found = findProfile('hos-code-2024');
if (!found) throw new Error('no default profile');
const profile = found;
const ctx = { profile, calendar: calendarFor('england-and-wales') };

function walk(...commands: Record<string, unknown>[]): CaseRecord {
  let s = newComplaint(profile, 'england-and-wales', isoDate('2026-03-02'));
  for (const c of commands) {
    const r = applyCommand(s, c as never, ctx);
    if (!r.ok) throw new Error(`${String(c.type)}: ${r.error.message}`);
    s = r.state;
  }
  return s;
}

const kinds = (s: CaseRecord, drafted: { kind: string; stageKey: string | null }[] = []) =>
  owedLetters(s, profile.stages.length, drafted).map((o) => o.kind);

describe('letters owed now', () => {
  const accepted = walk({ type: 'accept', on: '2026-03-02' });
  const acknowledged = walk(
    { type: 'accept', on: '2026-03-02' },
    { type: 'acknowledge', on: '2026-03-03', understanding: 'Boiler keeps failing', outcomeSought: 'A new boiler' },
  );
  const stage1 = accepted.stages[0]?.key ?? null;

  it('an accepted complaint owes its acknowledgement, until one is drafted for that stage', () => {
    expect(kinds(accepted)).toEqual(['acknowledgement']);
    expect(kinds(accepted, [{ kind: 'acknowledgement', stageKey: stage1 }])).toEqual([]);
    // A letter of the same kind drafted for another stage does not count.
    expect(kinds(accepted, [{ kind: 'acknowledgement', stageKey: 'somewhere-else' }])).toEqual(['acknowledgement']);
  });
  it('an acknowledged stage 1 owes the stage response; an extension adds the extension letter', () => {
    expect(kinds(acknowledged)).toEqual(['stage-response']);
    const latest = applyCommand(acknowledged, { type: 'accept', on: '2026-03-03' } as never, ctx);
    expect(latest.ok).toBe(false);
    const extended = {
      ...acknowledged,
      stages: acknowledged.stages.map((s) => ({
        ...s,
        extensions: [
          {
            on: isoDate('2026-03-10'),
            from: isoDate('2026-03-17'),
            to: isoDate('2026-03-31'),
            reason: 'r',
            residentAgreed: true,
          },
        ],
      })),
    };
    expect(kinds(extended)).toEqual(['extension', 'stage-response']);
    expect(kinds(extended, [{ kind: 'extension', stageKey: stage1 }])).toEqual(['stage-response']);
  });
  it('a refused complaint owes the refusal letter, once', () => {
    const refused: CaseRecord = {
      ...newComplaint(profile, 'england-and-wales', isoDate('2026-03-02')),
      status: 'refused',
    };
    expect(kinds(refused)).toEqual(['refusal']);
    expect(kinds(refused, [{ kind: 'refusal', stageKey: null }])).toEqual([]);
  });
  it('the last stage owes a final response (the Ombudsman route), not a stage response', () => {
    const s2 = walk(
      { type: 'accept', on: '2026-03-02' },
      { type: 'acknowledge', on: '2026-03-03', understanding: 'u', outcomeSought: 'o' },
      { type: 'respond', on: '2026-03-10', decision: 'not-upheld', decidedBy: 'a' },
      { type: 'request-escalation', on: '2026-03-11' },
    );
    expect(kinds(s2)).toEqual(['escalation-acknowledgement']);
    const ack2 = applyCommand(
      s2,
      { type: 'acknowledge', on: '2026-03-12', understanding: 'u2', outcomeSought: 'o2' } as never,
      ctx,
    );
    if (!ack2.ok) throw new Error(ack2.error.message);
    expect(kinds(ack2.state)).toEqual(['final-response']);
  });
});

describe('calibration trend chart', () => {
  const box = { width: 120, height: 70, left: 10, right: 10, top: 10, bottom: 10 };
  it('spreads the weeks evenly and puts 0 at the bottom and the maximum at the top', () => {
    const g = chartGeometry(
      [
        { weekStart: '2026-03-02', averageScore: 0 },
        { weekStart: '2026-03-09', averageScore: 5 },
        { weekStart: '2026-03-16', averageScore: 2.5 },
      ],
      box,
      5,
    );
    expect(g.points.map((p) => [p.x, p.y])).toEqual([
      [10, 60],
      [60, 10],
      [110, 35],
    ]);
    expect(g.path).toBe('M10,60 L60,10 L110,35');
    expect(g.ticks.map((t) => t.y)).toEqual([60, 50, 40, 30, 20, 10]);
  });
  it('leaves a gap for a week with nothing scored instead of inventing a value', () => {
    const g = chartGeometry(
      [
        { weekStart: 'a', averageScore: 4 },
        { weekStart: 'b', averageScore: null },
        { weekStart: 'c', averageScore: 3 },
      ],
      box,
      5,
    );
    expect(g.points.map((p) => p.weekStart)).toEqual(['a', 'c']);
    expect(g.path).toBe('M10,20 M110,30');
  });
  it('centres a single week, and draws nothing when nothing is scored', () => {
    expect(chartGeometry([{ weekStart: 'a', averageScore: 5 }], box, 5).path).toBe('M60,10');
    expect(chartGeometry([{ weekStart: 'a', averageScore: null }], box, 5).path).toBe('');
    expect(chartGeometry([], box, 5).points).toEqual([]);
  });
});

describe('letters routes', () => {
  const id = '01940000-0000-7000-8000-000000000001';
  it('parses and prints the editor and print views', () => {
    expect(parseRoute(`#/letter/${id}`)).toEqual({ view: 'letter', id });
    expect(parseRoute(`#/print/letter/${id}`)).toEqual({ view: 'print-letter', id });
    expect(parseRoute('#/print/calibration')).toEqual({ view: 'print-calibration', weekStart: null });
    expect(parseRoute('#/print/calibration/2026-03-02')).toEqual({
      view: 'print-calibration',
      weekStart: '2026-03-02',
    });
    expect(parseRoute('#/letter/<script>')).toEqual({ view: 'home' });
    expect(parseRoute('#/letters')).toEqual({ view: 'letters' });
    for (const r of [
      { view: 'letter', id },
      { view: 'print-letter', id },
      { view: 'print-calibration', weekStart: '2026-03-02' },
      { view: 'print-calibration', weekStart: null },
    ] as const)
      expect(parseRoute(hrefOf(r))).toEqual(r);
  });
});
