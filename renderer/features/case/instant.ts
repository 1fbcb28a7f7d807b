// A date and time typed the UK way, read as London wall time: pure, so it is unit-tested without a DOM.

/** dd/mm/yyyy and hh:mm, as the agent reads them in London, to an instant; null if either is not valid. */
export function instantFromUk(date: string, time: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(date);
  const iso = m ? `${m[3]}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}` : '';
  const t = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(time || '12:00');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || !t) return null;
  const hh = Number(t[1]);
  const mm = Number(t[2]);
  if (hh > 23 || mm > 59) return null;
  // London is UTC+0 or +1: try both and keep the one that reads back as the wall time typed.
  for (const offset of [0, 1]) {
    const d = new Date(`${iso}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00.000Z`);
    if (Number.isNaN(d.getTime())) return null;
    const shifted = new Date(d.getTime() - offset * 3_600_000);
    const back = shifted.toLocaleString('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    if (back === `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`) return shifted.toISOString();
  }
  return null;
}
