// The server's time comes through the shared Clock port so tests can move it (token expiry, rate limits).
import type { Clock } from '../shared/app/ports.js';
import type { IsoDate } from '../shared/domain/dates.js';

const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export const systemClock: Clock = {
  nowIso: () => new Date().toISOString(),
  today: () => LONDON_DATE.format(new Date()) as IsoDate,
};

export function nowMs(clock: Clock): number {
  return Date.parse(clock.nowIso());
}

/** A clock for tests and tools that moves only when told to. */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  nowIso(): string {
    return new Date(this.ms).toISOString();
  }
  today(): IsoDate {
    return LONDON_DATE.format(new Date(this.ms)) as IsoDate;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
