// A calibration draw made with a Wednesday week start goes through the real server (PostgreSQL, push and pull):
// the server replays the use case with the start day the draw carries, keeps its Wednesday–Tuesday bounds, and
// refuses a draw whose week does not start on the day it says.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestPostgres } from '../server/postgres.js';
import { addCalendarDays, dayOfWeek } from '../../shared/domain/dates.js';
import { weekBounds } from '../../shared/domain/letters/calibration.js';
import { World, deskDump, startWorldPostgres } from './harness.js';

let pg: TestPostgres;
let w: World;
beforeAll(async () => {
  pg = await startWorldPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});
beforeEach(async () => {
  w = await World.create(pg, [
    { key: 'ada', roles: ['agent'] },
    { key: 'lee', roles: ['team-leader'] },
    { key: 'max', roles: ['manager'] },
  ]);
});
afterEach(async () => {
  await w.close();
});

const doc = (text: string) => ({ html: text, contentSha256: createHash('sha256').update(text).digest('hex') });

describe('a Wednesday-start calibration week through the server', () => {
  it('the draw keeps its Wednesday–Tuesday bounds on the server and every desk', async () => {
    const a = await w.addDesk('ada');
    const l = await w.addDesk('lee');
    const m = await w.addDesk('max');
    const { contactId } = a.must<{ contactId: string }>('log-contact', {
      channel: 'phone',
      madeBy: 'resident',
      person: { givenName: 'Priya', familyName: 'Shah' },
      whatHappened: 'Boiler broken for a week.',
      dissatisfaction: true,
    });
    const { complaintId } = a.must<{ complaintId: string }>('convert-to-complaint', {
      contactId,
      reason: 'resident-asked',
      residentOfferedChoice: true,
    });
    a.must('complaint-command', { complaintId, command: { type: 'accept' } });
    const letters: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { letterId } = a.must<{ letterId: string }>('create-letter', {
        complaintId,
        kind: 'cyber-incident-apology',
      });
      a.must('save-letter', { letterId, sections: { apology: `Sorry ${i}.`, 'action-plan': 'We will fix it.' } });
      a.must('submit-letter', { letterId, ...doc(`<p>${i}</p>`) });
      letters.push(letterId);
    }
    await a.sync();
    await l.sync();
    for (const letterId of letters) l.must('authorise-letter', { letterId });
    await l.sync();
    await m.sync();
    const { start, end } = weekBounds(m.clock.today(), 3);
    const population = [{ teamLeaderId: l.user.id, letterIds: letters }];
    // A week start that is not a Wednesday (the Thursday after) is refused, whatever the day carried says.
    expect(() =>
      m.must('draw-calibration', { weekStart: addCalendarDays(start, 1), weekStartDay: 3, population }),
    ).toThrow(/Wednesday/);
    m.must('draw-calibration', { weekStart: start, weekStartDay: 3, population });
    expect(await m.sync()).toMatchObject({ pending: 0, rejections: [] });
    const server = await w.serverDump();
    expect(server.calibration_draws).toHaveLength(1);
    expect(server.calibration_draws[0]).toMatchObject({ week_start: start, week_end: end });
    expect(dayOfWeek(start)).toBe(3);
    expect(deskDump(m, server).calibration_draws).toEqual(server.calibration_draws);
  });
});
