// The server re-checks the reference keys a mutation names against its organisation's reference data: a
// category, business area or team that exists on one desk only (a stale cache, or a desk's local row) is
// refused with a message naming the field, instead of being stored as a key no other desk could take.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertBusinessArea, upsertCategory, upsertTeam } from '../../db/sqlite/index.js';
import { call } from '../server/helpers.js';
import type { TestPostgres } from '../server/postgres.js';
import { World, deskDump, startWorldPostgres } from './harness.js';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startWorldPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

describe('reference keys on the server', () => {
  it('refuses a category, business area or team the organisation does not have, naming the field', async () => {
    const w = await World.create(pg, [{ key: 'lee', roles: ['team-leader'] }]);
    try {
      for (const [path, body] of [
        ['/admin/business-areas/repairs', { name: 'Repairs' }],
        ['/admin/categories/damp-mould', { name: 'Damp and mould', businessAreaKey: 'repairs' }],
      ] as const) {
        expect((await call(w.server.app, w.admin, 'PUT', path, body)).statusCode).toBe(200);
      }
      const a = await w.addDesk('lee');
      const ghostTeam = '01940000-0000-7000-8000-0000000000ee';
      a.store.db.transaction(() => {
        upsertBusinessArea(a.store.db, 'repairs', 'Repairs');
        upsertBusinessArea(a.store.db, 'only-here', 'A business area only this desk has');
        upsertCategory(a.store.db, 'damp-mould', 'Damp and mould', 'repairs');
        upsertCategory(a.store.db, 'ghost', 'A category only this desk has', null);
        upsertTeam(a.store.db, { id: ghostTeam, name: 'A team only this desk has', updatedHlc: '0' });
      })();
      const { contactId } = a.must<{ contactId: string }>('log-contact', {
        channel: 'phone',
        madeBy: 'resident',
        person: { givenName: 'Priya', familyName: 'Shah' },
        whatHappened: 'Boiler broken.',
        categoryKey: 'damp-mould',
        businessAreaKey: 'repairs',
        dissatisfaction: true,
      });
      const { complaintId } = a.must<{ complaintId: string }>('convert-to-complaint', {
        contactId,
        reason: 'resident-asked',
        residentOfferedChoice: true,
      });
      a.must('update-complaint-details', { complaintId, categoryKey: 'ghost' });
      a.must('update-complaint-details', { complaintId, businessAreaKey: 'only-here' });
      a.must('assign', { complaintId, assigneeId: w.user('lee').id, teamId: ghostTeam });
      a.must('log-contact', {
        channel: 'email',
        madeBy: 'anonymous',
        whatHappened: 'Noise.',
        categoryKey: 'ghost',
      });
      await a.sync();
      await a.sync();

      const rejected = a.agent
        .status()
        .rejections.map((r) => `${r.useCase} ${r.reason}`)
        .sort();
      expect(rejected).toEqual([
        'assign invalid-input: teamId: no team "01940000-0000-7000-8000-0000000000ee" in the reference data; choose one from the list',
        'log-contact invalid-input: categoryKey: no category "ghost" in the reference data; choose one from the list',
        'update-complaint-details invalid-input: businessAreaKey: no business area "only-here" in the reference data; choose one from the list',
        'update-complaint-details invalid-input: categoryKey: no category "ghost" in the reference data; choose one from the list',
      ]);
      const server = await w.serverDump();
      expect(server.complaints.find((c) => c.id === complaintId)).toMatchObject({
        category_key: 'damp-mould',
        business_area_key: 'repairs',
        team_id: w.teams.A,
      });
      expect(server.contacts).toHaveLength(1);
      // The desk took the server's rows back: what it holds is what the server holds.
      expect(deskDump(a, server)).toEqual(server);
    } finally {
      await w.close();
    }
  });
});
