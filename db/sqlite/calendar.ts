// The desk's working-day calendar: the shipped bank holidays with the organisation's overrides, as the desk
// last received them from the server's reference data (electron/desk/reference-sync.ts keeps the table).
// The same overrides reach the use cases through DeskSettings, so a deadline computed here and one a use
// case computed agree, and agree with the server's re-run.
import type Database from 'better-sqlite3';
import { BANK_HOLIDAYS, type BankHolidayOverride, type Region } from '../../shared/domain/calendar/bank-holidays.js';
import { calendarFor, type WorkingCalendar } from '../../shared/domain/calendar/working-days.js';
import { stmt } from './statements.js';

export function bankHolidayOverrides(db: Database.Database): BankHolidayOverride[] {
  return stmt<[], BankHolidayOverride>(
    db,
    'SELECT region, date, action, name FROM bank_holiday_overrides ORDER BY region, date',
  ).all();
}

/** The calendar of a region on this desk (shared per set of overrides: building one is done once). */
export function deskCalendar(db: Database.Database, region: Region): WorkingCalendar {
  return calendarFor(region, BANK_HOLIDAYS, bankHolidayOverrides(db));
}
