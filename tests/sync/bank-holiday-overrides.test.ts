// An organisation's bank-holiday overrides (set by an administrator on the server) move deadlines the same
// way on a desk that has taken the server's reference data and in the server's re-run of its mutations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskDeps } from '../../db/sqlite/desk-core.js';
import { caseDetail, myWork } from '../../db/sqlite/index.js';
import { applyReferenceData, settingsOf } from '../../electron/desk/reference-sync.js';
import { referenceDocument } from '../../electron/desk/server-client.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { call, json } from '../server/helpers.js';
import type { TestPostgres } from '../server/postgres.js';
import { World, deskDump, startWorldPostgres, type TestDesk } from './harness.js';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startWorldPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

/** The desk takes the server's reference data as DeskService does on sync (reference-sync.ts). */
async function takeReferenceData(w: World, d: TestDesk): Promise<void> {
  const res = await call(w.server.app, await d.token(), 'GET', '/reference-data');
  expect(res.statusCode).toBe(200);
  const doc = referenceDocument.parse(json(res));
  applyReferenceData(d.store.db, doc);
  d.deps = createDeskDeps(d.store, { settings: settingsOf(doc), clock: d.clock, nowMs: () => d.clock.ms });
}

function acceptedComplaint(d: TestDesk): string {
  const { contactId } = d.must<{ contactId: string }>('log-contact', {
    channel: 'phone',
    madeBy: 'resident',
    person: { givenName: 'Priya', familyName: 'Shah' },
    whatHappened: 'Boiler broken.',
    dissatisfaction: true,
  });
  const { complaintId } = d.must<{ complaintId: string }>('convert-to-complaint', {
    contactId,
    reason: 'resident-asked',
    residentOfferedChoice: true,
  });
  d.must('complaint-command', { complaintId, command: { type: 'accept' } });
  return complaintId;
}

describe('bank-holiday overrides', () => {
  it('an added day moves a new deadline on the desk and on the server alike', async () => {
    const w = await World.create(pg, [{ key: 'ada', roles: ['agent'] }]);
    try {
      const a = await w.addDesk('ada');
      const today = a.clock.today();
      expect(today).toBe('2026-03-02'); // a Monday: acknowledgement is due 5 working days on, 2026-03-09
      const plain = acceptedComplaint(a);
      const added = await call(w.server.app, w.admin, 'POST', '/admin/bank-holiday-overrides', {
        region: 'england-and-wales',
        date: '2026-03-04',
        action: 'add',
        name: 'A one-off bank holiday',
      });
      expect(added.statusCode).toBe(201);
      await takeReferenceData(w, a);
      const moved = acceptedComplaint(a);

      const next = (id: string) =>
        a.store.db.prepare('SELECT next_deadline_date AS d FROM complaints WHERE id = ?').get(id) as { d: string };
      expect(next(moved).d).toBe('2026-03-10');
      // The desk's own reads count the same calendar: 03, 05, 06, 09, 10 March.
      expect(caseDetail(a.store.db, { complaintId: moved, today })?.workingDaysLeft).toBe(5);
      const mine = myWork(a.store.db, { assigneeId: w.user('ada').id, today: today as IsoDate });
      expect(mine.items.map((i) => [i.id, i.nextDeadlineDate, i.workingDaysLeft])).toEqual([
        [plain, '2026-03-09', 4],
        [moved, '2026-03-10', 5],
      ]);

      await a.sync();
      await a.sync();
      expect(a.agent.status()).toMatchObject({ pending: 0, rejections: [] });
      const server = await w.serverDump();
      // The server's re-run used the organisation's calendar too: the same deadline, so the rows agree.
      expect(server.complaints.find((c) => c.id === moved)).toMatchObject({ next_deadline_date: '2026-03-10' });
      expect(deskDump(a, server)).toEqual(server);
    } finally {
      await w.close();
    }
  });

  it('an override moves the deadlines of open cases already on the server, and desks pull the moved rows', async () => {
    const w = await World.create(pg, [{ key: 'ada', roles: ['agent'] }]);
    try {
      const a = await w.addDesk('ada');
      const open = acceptedComplaint(a);
      await a.sync();
      const before = (await w.serverDump()).complaints.find((c) => c.id === open);
      expect(before).toMatchObject({ next_deadline_date: '2026-03-09', version: 2 });

      const added = await call(w.server.app, w.admin, 'POST', '/admin/bank-holiday-overrides', {
        region: 'england-and-wales',
        date: '2026-03-04',
        action: 'add',
        name: 'A one-off bank holiday',
      });
      expect(json(added)).toMatchObject({ deadlinesMoved: 1 });
      const server = await w.serverDump();
      // Only the derived deadline moved: the case's version and HLC are as the last edit left them.
      expect(server.complaints.find((c) => c.id === open)).toEqual({
        ...before,
        next_deadline_date: '2026-03-10',
      });

      await takeReferenceData(w, a);
      await a.sync();
      expect(deskDump(a, server)).toEqual(server);
      // The desk's own deadline rows (re-derived from the pulled row with its calendar) moved too.
      const dues = a.store.db
        .prepare("SELECT kind, due_date FROM deadlines WHERE complaint_id = ? AND status = 'open'")
        .all(open);
      expect(dues).toContainEqual({ kind: 'acknowledge', due_date: '2026-03-10' });
      expect(dues).not.toContainEqual({ kind: 'acknowledge', due_date: '2026-03-09' });
      // A second override that moves nothing writes nothing.
      const far = await call(w.server.app, w.admin, 'POST', '/admin/bank-holiday-overrides', {
        region: 'scotland',
        date: '2026-03-05',
        action: 'add',
        name: 'Not this organisation’s region',
      });
      expect(json(far)).toMatchObject({ deadlinesMoved: 0 });
    } finally {
      await w.close();
    }
  });
});
