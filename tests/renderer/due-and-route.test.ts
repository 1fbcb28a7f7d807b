// The renderer's pure helpers: how a deadline is shown and the hash routes.
import { describe, expect, it } from 'vitest';
import { deadlineKindText, dueOf, dueText, endOfWeek } from '../../renderer/app/due.js';
import { hrefOf, parseRoute } from '../../renderer/app/routes.js';
import { addCalendarDays, dayOfWeek, isoDate } from '../../shared/domain/dates.js';

describe('deadline display', () => {
  const today = '2026-03-11'; // Wednesday
  it('classes a case as breached, due today, due this week or later', () => {
    expect(dueOf({ workingDaysLeft: -1, nextDeadlineDate: '2026-03-10' }, today)).toBe('breached');
    expect(dueOf({ workingDaysLeft: 0, nextDeadlineDate: today }, today)).toBe('today');
    expect(dueOf({ workingDaysLeft: 2, nextDeadlineDate: '2026-03-13' }, today)).toBe('week');
    expect(dueOf({ workingDaysLeft: 3, nextDeadlineDate: '2026-03-16' }, today)).toBe('later');
    expect(dueOf({ workingDaysLeft: null, nextDeadlineDate: null }, today)).toBe('none');
  });
  it('does not fail before today is known (reference data still loading)', () => {
    expect(dueOf({ workingDaysLeft: 2, nextDeadlineDate: '2026-03-13' }, '')).toBe('later');
  });
  it('this week runs to Friday; at the weekend, to the coming Friday', () => {
    expect(endOfWeek('2026-03-11')).toBe('2026-03-13');
    expect(endOfWeek('2026-03-14')).toBe('2026-03-20');
    expect(endOfWeek('2026-03-15')).toBe('2026-03-20');
  });
  it("finds the same Friday as the domain's date arithmetic on every day of two years (month, year, clock changes)", () => {
    for (let i = 0, d = isoDate('2025-12-01'); i < 731; i++, d = addCalendarDays(d, 1)) {
      const dow = dayOfWeek(d);
      expect(endOfWeek(d), d).toBe(addCalendarDays(d, dow === 6 ? 6 : 5 - dow));
    }
  });
  it('says it in words, never by colour alone', () => {
    expect(dueText(-1)).toBe('Breached 1 working day ago');
    expect(dueText(-3)).toBe('Breached 3 working days ago');
    expect(dueText(0)).toBe('Due today');
    expect(dueText(1)).toBe('1 working day left');
    expect(dueText(null)).toBe('No deadline running');
    expect(deadlineKindText('stage2:respond')).toBe('Stage 2: respond');
  });
});

describe('routes', () => {
  it('parses and prints hash routes, defaulting to Home', () => {
    const id = '01940000-0000-7000-8000-000000000001';
    expect(parseRoute(`#/case/${id}`)).toEqual({ view: 'case', id });
    expect(parseRoute('#/queues')).toEqual({ view: 'queues' });
    expect(parseRoute('#/case/../../etc')).toEqual({ view: 'home' });
    expect(parseRoute('#secret=abc')).toEqual({ view: 'home' });
    expect(hrefOf({ view: 'case', id })).toBe(`#/case/${id}`);
  });
});
