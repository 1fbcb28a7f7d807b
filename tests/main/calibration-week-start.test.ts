// The calibration week's first day as an organisation setting on the desk: an administrator sets it (audited),
// the desk's weeks and draw population follow it, and a recorded draw keeps the bounds it was drawn with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoOrganisation } from '../../electron/desk/demo.js';
import { DeskService } from '../../electron/desk/service.js';
import { drawCalibration } from '../../shared/app/letter-use-cases.js';
import type { UseCaseDeps } from '../../shared/app/ports.js';
import { auditFor, verifyAuditChain } from '../../db/sqlite/index.js';
import type { DeskApiOutputs, DeskApiResult } from '../../shared/contracts/desk-api.js';
import { dayOfWeek, type IsoDate } from '../../shared/domain/dates.js';
import { weekBounds } from '../../shared/domain/letters/calibration.js';

const TODAY = '2026-03-11' as IsoDate; // a Wednesday
const clock = { nowIso: () => `${TODAY}T12:00:00.000Z`, today: () => TODAY };
let dir: string;
let service: DeskService;

const SIGN_INS = {
  leader: { email: 'leader@demo.example', password: 'demo-leader-1' },
  manager: { email: 'manager@demo.example', password: 'demo-manager-1' },
  admin: { email: 'admin@demo.example', password: 'demo-admin-1' },
};

function value<T>(r: DeskApiResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
async function as(who: keyof typeof SIGN_INS): Promise<void> {
  value(await service.call('signIn', SIGN_INS[who]));
}
const call = async <M extends keyof DeskApiOutputs>(m: M, input: unknown): Promise<DeskApiOutputs[M]> =>
  value<DeskApiOutputs[M]>(await service.call(m, input));

/** Letters authorised in [from, to] that no recorded draw already holds, counted straight from the database. */
function uncoveredAuthorised(from: string, to: string): number {
  const covered = new Set<string>();
  for (const d of service.desk.db.prepare('SELECT population_json FROM calibration_draws').all() as {
    population_json: string;
  }[]) {
    for (const p of JSON.parse(d.population_json) as { letterIds: string[] }[])
      for (const l of p.letterIds) covered.add(l);
  }
  const rows = service.desk.db
    .prepare(
      `SELECT id FROM letters WHERE authorised_date BETWEEN ? AND ? AND authorised_by IS NOT NULL
       AND status IN ('authorised', 'sent')`,
    )
    .all(from, to) as { id: string }[];
  return rows.filter((r) => !covered.has(r.id)).length;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'desk-calweek-'));
  service = DeskService.open({ dataDir: dir, clock });
  await seedDemoOrganisation(service.desk, { today: TODAY, cases: 120 });
}, 60_000);

afterAll(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('weekBounds with a configured first day', () => {
  it('a Wednesday start gives Wednesday–Tuesday weeks', () => {
    for (const d of ['2026-03-11', '2026-03-14', '2026-03-17'] as IsoDate[]) {
      expect(weekBounds(d, 3)).toEqual({ start: '2026-03-11', end: '2026-03-17' });
    }
    expect(weekBounds('2026-03-10' as IsoDate, 3)).toEqual({ start: '2026-03-04', end: '2026-03-10' });
    expect(dayOfWeek(weekBounds('2026-03-10' as IsoDate, 3).start)).toBe(3);
    expect(() => weekBounds('2026-03-10' as IsoDate, 7)).toThrow(RangeError);
  });
});

describe("the calibration week's first day on the desk", () => {
  let demoDraw: DeskApiOutputs['calibrationWeek']['draw'];

  it('defaults to Monday; only an administrator may change it; bad input is refused and changes nothing', async () => {
    await as('manager');
    expect(await call('calibrationSettings', {})).toEqual({ weekStartDay: 1, canChange: false });
    const monday = await call('calibrationWeek', {});
    expect([monday.weekStart, monday.weekEnd]).toEqual(['2026-03-09', '2026-03-15']);
    demoDraw = (await call('calibrationWeek', { weekStart: '2026-03-04' })).draw;
    expect(demoDraw).toMatchObject({ weekStart: '2026-03-02', weekEnd: '2026-03-08', verified: true });
    expect(await service.call('setCalibrationWeekStart', { startDay: 3 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await as('admin');
    expect(await service.call('setCalibrationWeekStart', { startDay: 7 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await call('calibrationSettings', {})).toEqual({ weekStartDay: 1, canChange: true });
  });

  it('a Wednesday start: Wednesday–Tuesday weeks, and the population follows them', async () => {
    await as('admin');
    expect(await call('setCalibrationWeekStart', { startDay: 3 })).toEqual({ weekStartDay: 3, canChange: true });
    const audit = auditFor(service.desk.db, 'desk_setting', 'calibration_week_start_day');
    expect(audit.at(-1)).toMatchObject({
      action: 'set-calibration-week-start',
      before: { weekStartDay: 1 },
      after: { weekStartDay: 3 },
    });
    expect(verifyAuditChain(service.desk.db)).toMatchObject({ ok: true });
    await as('manager');
    expect((await call('calibrationSettings', {})).weekStartDay).toBe(3);
    const current = await call('calibrationWeek', {});
    expect([current.weekStart, current.weekEnd]).toEqual(['2026-03-11', '2026-03-17']);
    expect(current.teamLeaders.reduce((n, t) => n + t.authorisedThisWeek, 0)).toBe(
      uncoveredAuthorised('2026-03-11', '2026-03-17'),
    );
    // The week before overlaps the demo's recorded Monday–Sunday draw: its letters are not drawn again (and
    // the demo authorised none on the Monday and Tuesday after it).
    const previous = await call('calibrationWeek', { weekStart: '2026-03-10' });
    expect([previous.weekStart, previous.weekEnd]).toEqual(['2026-03-04', '2026-03-10']);
    expect(previous.draw).toBeNull();
    expect(previous.teamLeaders.reduce((n, t) => n + t.authorisedThisWeek, 0)).toBe(
      uncoveredAuthorised('2026-03-04', '2026-03-10'),
    );
    const population = current.teamLeaders.reduce((n, t) => n + t.authorisedThisWeek, 0);
    expect(population).toBeGreaterThan(0);
    const drawn = await call('drawCalibration', { weekStart: '2026-03-13' });
    expect(drawn.draw).toMatchObject({ weekStart: '2026-03-11', weekEnd: '2026-03-17', verified: true });
    const drawnLetters = drawn.draw?.population.flatMap((p) => p.letterIds) ?? [];
    const demoLetters = new Set(demoDraw?.population.flatMap((p) => p.letterIds));
    expect(drawnLetters.length).toBe(population);
    expect(drawnLetters.some((l) => demoLetters.has(l))).toBe(false);
    const row = service.desk.db
      .prepare('SELECT week_start, week_end FROM calibration_draws WHERE id = ?')
      .get(drawn.draw?.id) as { week_start: string; week_end: string };
    expect(row).toEqual({ week_start: '2026-03-11', week_end: '2026-03-17' });
    // Drawing again from any day of that week shows the recorded draw; nothing is re-rolled.
    const again = await call('drawCalibration', { weekStart: '2026-03-16' });
    expect(again.draw?.id).toBe(drawn.draw?.id);
  });

  it('a week that does not start on the configured day is refused by the use case itself', async () => {
    // The week is checked before the use case touches its ports, so none are needed to see the refusal.
    const manager = { userId: 'm', roles: ['manager' as const], teamId: null, deskId: 'd' };
    expect(
      drawCalibration({} as UseCaseDeps, manager, { weekStart: '2026-03-09', weekStartDay: 3, population: [] }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/Wednesday/) } });
  });

  it('a recorded draw is unchanged after the setting changes again', async () => {
    await as('admin');
    await call('setCalibrationWeekStart', { startDay: 0 });
    await as('manager');
    const old = await call('calibrationWeek', { weekStart: '2026-03-03' });
    expect(old.draw).toEqual(demoDraw);
    expect([old.weekStart, old.weekEnd]).toEqual(['2026-03-02', '2026-03-08']);
    const wed = await call('calibrationWeek', { weekStart: '2026-03-12' });
    expect(wed.draw).toMatchObject({ weekStart: '2026-03-11', weekEnd: '2026-03-17', verified: true });
    expect([wed.weekStart, wed.weekEnd]).toEqual(['2026-03-11', '2026-03-17']);
    // A date no draw covers takes the new Sunday–Saturday week.
    const sunday = await call('calibrationWeek', { weekStart: '2026-03-20' });
    expect([sunday.weekStart, sunday.weekEnd]).toEqual(['2026-03-15', '2026-03-21']);
    expect(sunday.draw).toBeNull();
  });
});
