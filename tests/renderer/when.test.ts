// The page's one date-and-time formatter reads an instant as London wall time, as toLocaleString did.
import { describe, expect, it } from 'vitest';
import { londonDateTime } from '../../renderer/app/when.js';

describe('londonDateTime', () => {
  it('shows London time in winter and in summer, as toLocaleString with the same options', () => {
    const options = { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' } as const;
    for (const iso of ['2026-01-15T09:30:00.000Z', '2026-07-15T09:30:00.000Z', '2026-03-29T00:59:59.000Z']) {
      expect(londonDateTime(iso)).toBe(new Date(iso).toLocaleString('en-GB', options));
    }
    expect(londonDateTime('2026-07-15T09:30:00.000Z')).toMatch(/15 Jul 2026, 10:30/);
    expect(londonDateTime('2026-01-15T09:30:00.000Z')).toMatch(/15 Jan 2026, 09:30/);
  });
});
