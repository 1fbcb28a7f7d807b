// Sync on the embedded PGlite, the server's default database when DATABASE_URL is not set: the same SQL
// (arrays, unnest, data-modifying CTEs, advisory locks) must work there too.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPgliteDb } from '../../db/postgres/pglite-db.js';
import { World, deskDump, escalatableComplaint } from './harness.js';

let w: World;
beforeEach(async () => {
  w = await World.create(
    () => openPgliteDb({ dataDir: null }),
    [
      { key: 'ada', roles: ['agent'] },
      { key: 'ben', roles: ['agent'] },
    ],
  );
});
afterEach(async () => {
  await w.close();
});

describe('sync on PGlite', () => {
  it('converges two desks racing to escalate the same complaint', async () => {
    const a = await w.addDesk('ada');
    const b = await w.addDesk('ben');
    const { complaintId } = escalatableComplaint(a);
    a.must('add-note', { complaintId, body: 'Engineer booked.' });
    await a.sync();
    await b.sync();
    a.must('complaint-command', { complaintId, command: { type: 'request-escalation' } });
    b.must('complaint-command', { complaintId, command: { type: 'request-escalation' } });
    await a.sync();
    const sb = await b.sync();
    expect(sb.rejections.map((r) => r.reason.split(':')[0])).toEqual(['illegal-transition']);
    await a.sync();
    const server = await w.serverDump();
    expect(deskDump(a, server)).toEqual(server);
    expect(deskDump(b, server)).toEqual(server);
    expect(server.timeline_events.filter((e) => e.kind === 'request-escalation')).toHaveLength(1);
  });
});
