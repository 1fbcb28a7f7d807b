// Putting things right across desks and the server: remedies and actions made offline reach the server
// through the same use cases, are pulled by the desks of the case's team (and no other), and two desks taking
// steps on the same offer offline never merge: the first to reach the server stands, the second is refused
// with its reason and rolled back on its desk to the server's row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPostgres } from '../server/postgres.js';
import { World, deskDump, startWorldPostgres } from './harness.js';

let pg: TestPostgres;
let w: World;
beforeAll(async () => {
  pg = await startWorldPostgres();
  w = await World.create(pg, [
    { key: 'ada', roles: ['agent'] },
    { key: 'lee', roles: ['team-leader'] },
    { key: 'max', roles: ['manager'] },
    // An owner in team A (so their desk holds the team's cases) and an agent of another team.
    { key: 'oli', roles: ['business-area-owner'] },
    { key: 'bo', roles: ['agent'], team: 'B' },
    // An owner in no team: their desk holds only their areas' actions and those actions' cases.
    { key: 'ola', roles: ['business-area-owner'], team: null },
  ]);
  await w.addBusinessArea('estates', 'Estates and grounds', 'ola');
  await w.addBusinessArea('repairs', 'Repairs', 'oli');
  await w.addBusinessArea('asb', 'Anti-social behaviour', null);
}, 60_000);
afterAll(async () => {
  await w?.close();
  await pg?.stop();
});

function complaintOn(desk: Awaited<ReturnType<World['addDesk']>>): string {
  const { contactId } = desk.must<{ contactId: string }>('log-contact', {
    channel: 'phone',
    madeBy: 'resident',
    person: { givenName: 'Priya', familyName: 'Shah' },
    whatHappened: 'The boiler was broken for three weeks and two appointments were missed.',
    dissatisfaction: true,
  });
  return desk.must<{ complaintId: string }>('convert-to-complaint', {
    contactId,
    reason: 'resident-asked',
    residentOfferedChoice: true,
  }).complaintId;
}

const rows = (desk: Awaited<ReturnType<World['addDesk']>>, table: string) =>
  desk.store.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];

describe('remedies and actions through the server', () => {
  it('travel offline-first to the server and the team’s desks, exactly, and to no other team', async () => {
    const ada = await w.addDesk('ada');
    const max = await w.addDesk('max');
    const bo = await w.addDesk('bo');
    ada.link.up = false;
    const k = complaintOn(ada);
    const { remedyId } = ada.must<{ remedyId: string }>('offer-remedy', {
      complaintId: k,
      kind: 'financial',
      compensationKind: 'discretionary',
      amountPence: 25_050,
      description: 'For the missed appointments.',
    });
    const { actionId } = ada.must<{ actionId: string }>('add-action', {
      complaintId: k,
      businessAreaKey: 'repairs',
      description: 'Service the boiler and check it monthly over the winter.',
    });
    ada.must('remedy-step', { complaintId: k, remedyId, step: 'accept', note: 'Accepted on the phone.' });
    // Nothing has left the desk yet, and the work is all there.
    expect((await w.serverDump()).remedies).toEqual([]);
    ada.link.up = true;
    expect((await ada.sync()).pending).toBe(0);
    await max.sync();
    await bo.sync();
    const server = await w.serverDump();
    expect(server.remedies).toHaveLength(1);
    expect(server.remedies[0]).toMatchObject({ id: remedyId, status: 'accepted', amount_pence: 25_050 });
    expect(server.post_resolution_actions[0]).toMatchObject({ id: actionId, status: 'open' });
    expect(deskDump(ada, server)).toEqual(server);
    expect(deskDump(max, server)).toEqual(server);
    // Another team's desk receives none of it.
    expect(rows(bo, 'remedies')).toEqual([]);
    expect(rows(bo, 'post_resolution_actions')).toEqual([]);
  });

  it('keeps the first of two offline steps on the same offer and rolls the second back', async () => {
    const ada = await w.addDesk('ada');
    const lee = await w.addDesk('lee');
    const k = complaintOn(ada);
    const { remedyId } = ada.must<{ remedyId: string }>('offer-remedy', {
      complaintId: k,
      kind: 'financial',
      compensationKind: 'time-and-trouble',
      amountPence: 10_000,
      description: 'Time and trouble.',
    });
    await ada.sync();
    await lee.sync();
    ada.link.up = false;
    lee.link.up = false;
    // Offline on both: the resident refused on the phone to Ada; Lee withdrew the offer.
    ada.must('remedy-step', { complaintId: k, remedyId, step: 'refuse', note: 'Not enough.' });
    lee.must('remedy-step', { complaintId: k, remedyId, step: 'withdraw', note: 'Offered on the wrong case.' });
    ada.link.up = true;
    lee.link.up = true;
    await ada.sync();
    await lee.sync();
    const outbox = lee.store.db
      .prepare("SELECT status, last_error FROM outbox WHERE use_case = 'remedy-step'")
      .all() as { status: string; last_error: string }[];
    expect(outbox).toEqual([
      {
        status: 'rejected',
        last_error: expect.stringContaining('only an open offer can be withdrawn; this one is refused') as string,
      },
    ]);
    const server = await w.serverDump();
    const remedy = server.remedies.find((r) => r.id === remedyId);
    expect(remedy).toMatchObject({ status: 'refused', status_note: 'Not enough.' });
    // Lee's desk holds the server's row again, not its own withdrawal.
    expect(deskDump(lee, server)).toEqual(server);
    // Reconsidering needs new evidence on the server too (a desk cannot skip the rule).
    lee.must('remedy-step', {
      complaintId: k,
      remedyId,
      step: 'reconsider',
      newEvidence: 'Photos of the water damage to the carpet.',
      amountPence: 28_000,
    });
    await lee.sync();
    expect((await w.serverDump()).remedies.find((r) => r.id === remedyId)).toMatchObject({
      status: 'reconsidered',
      amount_pence: 28_000,
    });
  });

  it('lets the business-area owner move their area’s action to done, and no one else’s', async () => {
    const ada = await w.addDesk('ada');
    const oli = await w.addDesk('oli');
    const k = complaintOn(ada);
    const repairs = ada.must<{ actionId: string }>('add-action', {
      complaintId: k,
      businessAreaKey: 'repairs',
      description: 'Replace the boiler.',
    }).actionId;
    const asb = ada.must<{ actionId: string }>('add-action', {
      complaintId: k,
      businessAreaKey: 'asb',
      description: 'Speak to the neighbour.',
    }).actionId;
    await ada.sync();
    await oli.sync();
    oli.must('update-action', { complaintId: k, actionId: repairs, status: 'in-progress', note: 'Ordered.' });
    oli.must('update-action', { complaintId: k, actionId: repairs, status: 'done', note: 'Fitted and tested.' });
    // Refused on the desk already: Oli does not own Anti-social behaviour.
    const r = oli.run('update-action', { complaintId: k, actionId: asb, status: 'done' });
    expect(!r.ok && r.error.message).toBe('only the owner of Anti-social behaviour updates its actions');
    await oli.sync();
    await ada.sync();
    const server = await w.serverDump();
    expect(server.post_resolution_actions.find((a) => a.id === repairs)).toMatchObject({
      status: 'done',
      last_update_note: 'Fitted and tested.',
      version: 3,
    });
    expect(deskDump(ada, server)).toEqual(server);
    expect(deskDump(oli, server)).toEqual(server);
  });

  it('brings a team-less owner their areas’ actions and those cases, even raised after they last synced', async () => {
    const ada = await w.addDesk('ada');
    const ola = await w.addDesk('ola');
    const k = complaintOn(ada);
    const other = complaintOn(ada);
    await ada.sync();
    await ola.sync();
    expect(rows(ola, 'complaints')).toEqual([]);
    // Raised after Ola's last pull: the case's row, written long before, comes with the action.
    const { actionId } = ada.must<{ actionId: string }>('add-action', {
      complaintId: k,
      businessAreaKey: 'estates',
      description: 'Cut back the hedge blocking the path.',
    });
    ada.must('add-action', { complaintId: other, businessAreaKey: 'repairs', description: 'Not Ola’s.' });
    await ada.sync();
    await ola.sync();
    expect(rows(ola, 'complaints').map((c) => c.id)).toEqual([k]);
    expect(rows(ola, 'post_resolution_actions').map((a) => a.id)).toEqual([actionId]);
    ola.must('update-action', { complaintId: k, actionId, status: 'done', note: 'Cut back and cleared.' });
    expect((await ola.sync()).pending).toBe(0);
    await ada.sync();
    expect(rows(ada, 'post_resolution_actions').find((a) => a.id === actionId)).toMatchObject({
      status: 'done',
      last_update_note: 'Cut back and cleared.',
    });
    const server = await w.serverDump();
    expect(server.post_resolution_actions.find((a) => a.id === actionId)).toMatchObject({ status: 'done' });
    // The rows Ola holds are the server's.
    const mine = deskDump(ola, server);
    expect(mine.post_resolution_actions).toEqual(server.post_resolution_actions.filter((a) => a.id === actionId));
    expect(mine.complaints).toEqual(server.complaints.filter((c) => c.id === k));
  });

  it('gives a team-less owner whose desk starts empty the same by the snapshot (first sync)', async () => {
    const ada = await w.addDesk('ada');
    const k = complaintOn(ada);
    const other = complaintOn(ada);
    const { actionId } = ada.must<{ actionId: string }>('add-action', {
      complaintId: k,
      businessAreaKey: 'estates',
      description: 'Replace the broken fence panel.',
    });
    ada.must('add-action', { complaintId: other, businessAreaKey: 'repairs', description: 'Not Ola’s.' });
    await ada.sync();
    // Ola's desk has never synced: its first sync is the snapshot, not the change log.
    const ola = await w.addDesk('ola');
    await ola.sync();
    const server = await w.serverDump();
    const mine = deskDump(ola, server);
    expect(mine.post_resolution_actions.map((a) => a.id)).toContain(actionId);
    expect(mine.post_resolution_actions.every((a) => a.business_area_key === 'estates')).toBe(true);
    expect(mine.complaints.map((c) => c.id)).toContain(k);
    expect(mine.complaints.map((c) => c.id)).not.toContain(other);
  });
});
