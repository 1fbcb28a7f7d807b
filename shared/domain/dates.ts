// Calendar dates as `YYYY-MM-DD` strings (Europe/London calendar dates). Arithmetic goes through date-fns on
// local-midnight Date values, which is safe across daylight-saving changes because only whole days are used.
import { addDays, addMonths, differenceInCalendarDays, format, getDay, isValid, parseISO } from 'date-fns';
import * as z from 'zod';

declare const isoDateBrand: unique symbol;
/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string & { readonly [isoDateBrand]: true };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class InvalidDateError extends Error {
  constructor(readonly input: string) {
    super(`'${input}' is not a real calendar date (expected YYYY-MM-DD)`);
    this.name = 'InvalidDateError';
  }
}

/** Parses `YYYY-MM-DD`, rejecting impossible dates such as 2023-02-29. Returns null when invalid. */
export function tryIsoDate(input: string): IsoDate | null {
  if (!ISO_DATE.test(input)) return null;
  const d = parseISO(input);
  if (!isValid(d) || format(d, 'yyyy-MM-dd') !== input) return null;
  return input as IsoDate;
}

export function isoDate(input: string): IsoDate {
  const d = tryIsoDate(input);
  if (d === null) throw new InvalidDateError(input);
  return d;
}

export const isoDateSchema = z
  .string()
  .refine((s) => tryIsoDate(s) !== null, { message: 'must be a real calendar date, YYYY-MM-DD' })
  .transform((s) => s as IsoDate);

// The deadline arithmetic converts dates in its inner loops (a sync applying 100,000 cases runs it for each):
// these two are written by hand, equal to date-fns' parseISO and format(…, 'yyyy-MM-dd') on IsoDates but
// several times cheaper.
export function toLocalDate(d: IsoDate): Date {
  const y = Number(d.slice(0, 4));
  const local = new Date(y, Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  if (y < 100) local.setFullYear(y); // the constructor reads years 0–99 as 1900–1999
  return local;
}

export function fromLocalDate(d: Date): IsoDate {
  const y = d.getFullYear();
  const m = d.getMonth() + 1;
  const day = d.getDate();
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}` as IsoDate;
}

export function addCalendarDays(d: IsoDate, n: number): IsoDate {
  return fromLocalDate(addDays(toLocalDate(d), n));
}

/** Adds calendar months; a day that does not exist in the target month clamps to its last day (31 Aug + 6 = 28/29 Feb). */
export function addCalendarMonths(d: IsoDate, n: number): IsoDate {
  return fromLocalDate(addMonths(toLocalDate(d), n));
}

export function calendarDaysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(toLocalDate(to), toLocalDate(from));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: IsoDate): number {
  return getDay(toLocalDate(d));
}

export function isWeekend(d: IsoDate): boolean {
  const w = dayOfWeek(d);
  return w === 0 || w === 6;
}

/** ISO strings of one format compare correctly as strings. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

export function yearOf(d: IsoDate): number {
  return Number(d.slice(0, 4));
}
