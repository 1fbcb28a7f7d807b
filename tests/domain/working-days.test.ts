import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BANK_HOLIDAYS,
  REGIONS,
  WorkingCalendar,
  addCalendarDays,
  bankHolidaysByRule,
  calendarFor,
  easterSunday,
  fromLocalDate,
  isoDate,
  tryIsoDate,
  type BankHolidayData,
  type IsoDate,
} from '../../shared/domain/index.js';

const d = isoDate;
const ew = calendarFor('england-and-wales');
const sc = calendarFor('scotland');
const ni = calendarFor('northern-ireland');

describe('dates', () => {
  it('rejects impossible and malformed dates', () => {
    expect(tryIsoDate('2023-02-29')).toBeNull();
    expect(tryIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(tryIsoDate('2024-13-01')).toBeNull();
    expect(tryIsoDate('2024-1-01')).toBeNull();
    expect(tryIsoDate('yesterday')).toBeNull();
    expect(() => isoDate('2021-04-31')).toThrow(/not a real calendar date/);
  });

  it('calendar day arithmetic crosses the clock changes without drifting', () => {
    expect(addCalendarDays(d('2024-03-30'), 1)).toBe('2024-03-31'); // BST starts 31 March 2024
    expect(addCalendarDays(d('2024-03-31'), 1)).toBe('2024-04-01');
    expect(addCalendarDays(d('2024-10-26'), 2)).toBe('2024-10-28'); // BST ends 27 October 2024
  });
});

describe('bank holidays', () => {
  it('has the official one-off days', () => {
    expect(ew.bankHoliday(d('2022-09-19'))?.name).toMatch(/State Funeral/);
    expect(ew.bankHoliday(d('2023-05-08'))?.name).toMatch(/coronation/);
    expect(ew.bankHoliday(d('2022-06-03'))?.name).toMatch(/Jubilee/);
    expect(ew.isWorkingDay(d('2022-05-30'))).toBe(true); // Spring bank holiday moved to 2 June in 2022
    expect(ew.bankHoliday(d('2020-05-08'))?.name).toMatch(/VE/);
    expect(ew.isWorkingDay(d('2020-05-04'))).toBe(true); // Early May moved to VE Day in 2020
    for (const r of REGIONS) expect(calendarFor(r).isWorkingDay(d('2022-09-19'))).toBe(false);
  });

  it('knows each region’s own days', () => {
    expect(sc.isWorkingDay(d('2024-01-02'))).toBe(false); // 2nd January
    expect(ew.isWorkingDay(d('2024-01-02'))).toBe(true);
    expect(sc.isWorkingDay(d('2025-04-21'))).toBe(true); // no Easter Monday in Scotland
    expect(ew.isWorkingDay(d('2025-04-21'))).toBe(false);
    expect(sc.isWorkingDay(d('2025-08-04'))).toBe(false); // first Monday of August
    expect(ew.isWorkingDay(d('2025-08-04'))).toBe(true);
    expect(ew.isWorkingDay(d('2025-08-25'))).toBe(false); // last Monday of August
    expect(sc.isWorkingDay(d('2025-08-25'))).toBe(true);
    expect(sc.isWorkingDay(d('2025-12-01'))).toBe(false); // St Andrew's Day (30 Nov a Sunday)
    expect(ni.isWorkingDay(d('2024-03-18'))).toBe(false); // St Patrick's Day substitute (17 Mar a Sunday)
    expect(ni.isWorkingDay(d('2025-07-14'))).toBe(false); // Battle of the Boyne substitute (12 Jul a Saturday)
    expect(ew.isWorkingDay(d('2025-07-14'))).toBe(true);
  });

  it('the official lists 2018–2028 agree with the standing rules except the announced one-off changes', () => {
    const oneOffs = new Set([
      '2020-05-04',
      '2020-05-08',
      '2022-05-30',
      '2022-06-02',
      '2022-06-03',
      '2022-09-19',
      '2023-05-08',
    ]);
    for (const region of REGIONS) {
      for (let year = 2018; year <= 2028; year++) {
        const official = BANK_HOLIDAYS.regions[region]
          .filter((h) => h.date.startsWith(String(year)))
          .map((h) => h.date);
        const byRule = bankHolidaysByRule(region, year).map((h) => h.date);
        const diff = [...official.filter((x) => !byRule.includes(x)), ...byRule.filter((x) => !official.includes(x))];
        expect(
          diff.every((x) => oneOffs.has(x)),
          `${region} ${year}: ${diff.join(', ')}`,
        ).toBe(true);
      }
    }
  });

  it('extends later years by rule, marked provisional, with substitute days', () => {
    const y2029 = ew.holidaysIn(2029);
    expect(y2029.every((h) => h.provisional)).toBe(true);
    expect(y2029.map((h) => h.date)).toEqual([
      '2029-01-01',
      '2029-03-30',
      '2029-04-02',
      '2029-05-07',
      '2029-05-28',
      '2029-08-27',
      '2029-12-25',
      '2029-12-26',
    ]);
    // 2032: Christmas on a Saturday, Boxing Day on a Sunday → Monday 27 and Tuesday 28.
    expect(
      ew
        .holidaysIn(2032)
        .slice(-2)
        .map((h) => h.date),
    ).toEqual(['2032-12-27', '2032-12-28']);
    expect(ew.holidaysIn(2024).every((h) => !h.provisional)).toBe(true);
    expect(easterSunday(2030)).toBe('2030-04-21');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('takes the calendar as data an administrator can update', () => {
    const data: BankHolidayData = {
      ...BANK_HOLIDAYS,
      regions: {
        ...BANK_HOLIDAYS.regions,
        scotland: [...BANK_HOLIDAYS.regions.scotland, { date: d('2026-06-15'), name: 'Extra day', provisional: false }],
      },
    };
    const custom = new WorkingCalendar('scotland', data);
    expect(custom.isWorkingDay(d('2026-06-15'))).toBe(false);
    expect(sc.isWorkingDay(d('2026-06-15'))).toBe(true);
    expect(custom.addWorkingDays(d('2026-06-12'), 1)).toBe('2026-06-16');
  });
});

describe('working days', () => {
  const cases: [string, IsoDate, number, IsoDate, WorkingCalendar][] = [
    ['an ordinary week', d('2024-06-03'), 5, d('2024-06-10'), ew],
    ['D itself never counts, even on a working day', d('2024-06-03'), 1, d('2024-06-04'), ew],
    ['from a Saturday', d('2024-06-01'), 1, d('2024-06-03'), ew],
    ['from a Sunday, 5 days', d('2024-06-02'), 5, d('2024-06-07'), ew],
    ['from a bank holiday', d('2024-12-25'), 1, d('2024-12-27'), ew],
    ['over Christmas 2024', d('2024-12-20'), 5, d('2024-12-31'), ew],
    ['over Christmas and New Year 2024', d('2024-12-20'), 10, d('2025-01-08'), ew],
    ['over Easter 2025 (Good Friday and Easter Monday)', d('2025-04-17'), 1, d('2025-04-22'), ew],
    ['Easter 2025 in Scotland (Good Friday only)', d('2025-04-17'), 1, d('2025-04-21'), sc],
    ['over the Queen’s funeral', d('2022-09-16'), 1, d('2022-09-20'), ew],
    ['over the Coronation', d('2023-05-05'), 1, d('2023-05-09'), ew],
    ['Jubilee weekend 2022', d('2022-06-01'), 1, d('2022-06-06'), ew],
    ['Scotland’s 2nd January 2024', d('2023-12-29'), 1, d('2024-01-03'), sc],
    ['Northern Ireland’s Twelfth 2025 substitute', d('2025-07-11'), 1, d('2025-07-15'), ni],
    ['backwards over Christmas', d('2024-12-27'), -1, d('2024-12-24'), ew],
    ['zero is the date itself', d('2024-12-25'), 0, d('2024-12-25'), ew],
  ];
  it.each(cases)('%s', (_name, from, n, expected, cal) => {
    expect(cal.addWorkingDays(from, n)).toBe(expected);
    expect(cal.workingDaysBetween(from, expected)).toBe(n);
  });

  it('counts working days left to a deadline', () => {
    expect(ew.workingDaysLeft(d('2024-12-20'), d('2024-12-20'))).toBe(0);
    expect(ew.workingDaysLeft(d('2024-12-20'), d('2024-12-27'))).toBe(3);
    expect(ew.workingDaysLeft(d('2025-01-02'), d('2024-12-24'))).toBe(-4);
  });

  it('refuses fractional days', () => {
    expect(() => ew.addWorkingDays(d('2024-01-01'), 1.5)).toThrow(RangeError);
  });

  const anyDate = fc
    .date({ min: new Date(2017, 0, 1), max: new Date(2031, 11, 31), noInvalidDate: true })
    .map((x) => fromLocalDate(x));
  const anyRegion = fc.constantFrom(...REGIONS);

  it('property: results are always working days, strictly after the start', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 60 }), anyRegion, (from, n, region) => {
        const cal = calendarFor(region);
        const to = cal.addWorkingDays(from, n);
        return cal.isWorkingDay(to) && to > from;
      }),
      { numRuns: 400 },
    );
  });

  it('property: monotonic in the start date and in n', () => {
    fc.assert(
      fc.property(
        anyDate,
        anyDate,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        anyRegion,
        (a, b, n, m, region) => {
          const cal = calendarFor(region);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const [few, many] = n <= m ? [n, m] : [m, n];
          return (
            cal.addWorkingDays(lo, n) <= cal.addWorkingDays(hi, n) &&
            cal.addWorkingDays(lo, few) <= cal.addWorkingDays(lo, many)
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('property: between(d, add(d, n)) == n, forwards and backwards', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -60, max: 60 }), anyRegion, (from, n, region) => {
        const cal = calendarFor(region);
        return cal.workingDaysBetween(from, cal.addWorkingDays(from, n)) === n;
      }),
      { numRuns: 600 },
    );
  });

  it('property: add agrees with stepping one calendar day at a time', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 30 }), anyRegion, (from, n, region) => {
        const cal = calendarFor(region);
        let cursor = from;
        let left = n;
        while (left > 0) {
          cursor = addCalendarDays(cursor, 1);
          if (cal.isWorkingDay(cursor)) left--;
        }
        return cal.addWorkingDays(from, n) === cursor;
      }),
      { numRuns: 400 },
    );
  });
});

describe("an organisation's bank-holiday overrides", () => {
  const added = { region: 'england-and-wales', date: '2026-03-04', action: 'add', name: 'One-off' } as const;
  const removed = { region: 'england-and-wales', date: '2026-04-03', action: 'remove', name: '' } as const;

  it('an added day is a holiday and moves a deadline by a working day', () => {
    const cal = calendarFor('england-and-wales', BANK_HOLIDAYS, [added]);
    expect(ew.addWorkingDays(d('2026-03-02'), 5)).toBe('2026-03-09');
    expect(cal.addWorkingDays(d('2026-03-02'), 5)).toBe('2026-03-10');
    expect(cal.bankHoliday(d('2026-03-04'))).toEqual({ date: '2026-03-04', name: 'One-off', provisional: false });
    expect(cal.workingDaysBetween(d('2026-03-02'), d('2026-03-10'))).toBe(5);
  });

  it('a removed day is a working day again (Good Friday 2026 here)', () => {
    const cal = calendarFor('england-and-wales', BANK_HOLIDAYS, [removed]);
    expect(ew.isWorkingDay(d('2026-04-03'))).toBe(false);
    expect(cal.isWorkingDay(d('2026-04-03'))).toBe(true);
    expect(ew.addWorkingDays(d('2026-04-01'), 2)).toBe('2026-04-07');
    expect(cal.addWorkingDays(d('2026-04-01'), 2)).toBe('2026-04-03');
    expect(cal.holidaysIn(2026).map((h) => h.date)).not.toContain('2026-04-03');
  });

  it('applies to years generated by rule too, and only to its own region', () => {
    const later = [
      { region: 'england-and-wales', date: '2031-06-11', action: 'add', name: 'Substitute day' },
      { region: 'england-and-wales', date: '2031-12-25', action: 'remove', name: '' },
    ] as const;
    const cal = calendarFor('england-and-wales', BANK_HOLIDAYS, later);
    expect(cal.isWorkingDay(d('2031-06-11'))).toBe(false);
    expect(cal.isWorkingDay(d('2031-12-25'))).toBe(true);
    expect(ew.isWorkingDay(d('2031-12-25'))).toBe(false);
    expect(calendarFor('scotland', BANK_HOLIDAYS, later).isWorkingDay(d('2031-06-11'))).toBe(true);
  });

  it('one shared calendar per region and set of overrides', () => {
    expect(calendarFor('england-and-wales', BANK_HOLIDAYS, [added])).toBe(
      calendarFor('england-and-wales', BANK_HOLIDAYS, [{ ...added }]),
    );
    expect(calendarFor('england-and-wales', BANK_HOLIDAYS, [])).toBe(ew);
    expect(calendarFor('scotland', BANK_HOLIDAYS, [added])).toBe(sc); // another region's overrides do not count
  });
});
