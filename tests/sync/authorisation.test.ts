// Every role against every mutation type, decided by the server with the roles IT holds for the user: a desk
// that believes (or claims) its user is a manager gets each write the user's real role may not do rejected
// 'forbidden', and rolled back on the desk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Permission } from '../../shared/app/permissions.js';
import { ROLES, type Role } from '../../shared/app/ports.js';
import type { UseCaseName } from '../../shared/app/use-cases.js';
import type { TestPostgres } from '../server/postgres.js';
import { World, deskDump, startWorldPostgres } from './harness.js';

let pg: TestPostgres;
let w: World;
beforeAll(async () => {
  pg = await startWorldPostgres();
  w = await World.create(pg, [
    { key: 'max', roles: ['manager'] },
    { key: 'ben', roles: ['agent'] },
    ...ROLES.map((r) => ({ key: `as-${r}`, roles: [r] })),
  ]);
  // The business-area owner of the matrix owns the area its actions are raised for.
  await w.addBusinessArea('repairs', 'Repairs', 'as-business-area-owner');
}, 60_000);
afterAll(async () => {
  await w?.close();
  await pg?.stop();
});

const open = (who: string) => ({ channel: 'phone', madeBy: 'anonymous', whatHappened: `Opened for ${who}` });

describe('authorisation on the server', () => {
  it.each(ROLES.map((r) => [r]))('decides every mutation of a %s by its own role table', async (role: Role) => {
    const max = await w.addDesk('max');
    const desk = await w.addDesk(`as-${role}`);
    const c1 = max.must<{ contactId: string }>('log-contact', open('resolve')).contactId;
    const c2 = max.must<{ contactId: string }>('log-contact', open('convert')).contactId;
    const c3 = max.must<{ contactId: string }>('log-contact', open('complaint')).contactId;
    const k = max.must<{ complaintId: string }>('convert-to-complaint', {
      contactId: c3,
      reason: 'resident-asked',
      residentOfferedChoice: true,
    }).complaintId;
    const c4 = max.must<{ contactId: string }>('log-contact', {
      ...open('person'),
      madeBy: 'resident',
      person: { givenName: 'Pat', familyName: 'Lee' },
    }).contactId;
    const personId = (
      max.store.db.prepare('SELECT person_id FROM contacts WHERE id = ?').get(c4) as { person_id: string }
    ).person_id;
    // Putting things right: an open offer, a refused one, an accepted compensation and an open action.
    const offer = (input: Record<string, unknown>) =>
      max.must<{ remedyId: string }>('offer-remedy', { complaintId: k, ...input }).remedyId;
    const money = {
      kind: 'financial',
      compensationKind: 'discretionary',
      amountPence: 5_000,
      description: 'For the delay.',
    };
    const r1 = offer({ kind: 'apology', description: 'We are sorry.' });
    const r2 = offer(money);
    max.must('remedy-step', { complaintId: k, remedyId: r2, step: 'refuse' });
    const r3 = offer(money);
    max.must('remedy-step', { complaintId: k, remedyId: r3, step: 'accept' });
    const a1 = max.must<{ actionId: string }>('add-action', {
      complaintId: k,
      businessAreaKey: 'repairs',
      description: 'Fix the leak.',
    }).actionId;
    await max.sync();
    await desk.sync();
    // The desk acts as if its user were a manager; the server knows better.
    const claimed = { ...desk.actor, roles: ['manager'] as Role[] };
    const attempts: [UseCaseName, Permission, unknown][] = [
      ['log-contact', 'log-contact', open('new')],
      ['resolve-enquiry', 'resolve-enquiry', { contactId: c1, resolution: 'Answered.' }],
      [
        'convert-to-complaint',
        'convert-to-complaint',
        { contactId: c2, reason: 'resident-asked', residentOfferedChoice: true },
      ],
      ['complaint-command', 'accept', { complaintId: k, command: { type: 'accept' } }],
      ['add-note', 'add-note', { complaintId: k, body: 'A note.' }],
      ['update-complaint-details', 'edit-details', { complaintId: k, summary: 'Edited.' }],
      ['update-person', 'edit-details', { personId, contactId: c4, phone: '0161 496 0101' }],
      ['assign', 'assign', { complaintId: k, assigneeId: w.user('ben').id }],
      ['offer-remedy', 'offer-remedy', { complaintId: k, kind: 'apology', description: 'Sorry again.' }],
      ['remedy-step', 'decide-remedy', { complaintId: k, remedyId: r1, step: 'accept' }],
      [
        'remedy-step',
        'reconsider-remedy',
        { complaintId: k, remedyId: r2, step: 'reconsider', newEvidence: 'Receipt.' },
      ],
      ['remedy-step', 'mark-remedy-paid', { complaintId: k, remedyId: r3, step: 'mark-paid' }],
      ['add-action', 'add-action', { complaintId: k, businessAreaKey: 'repairs', description: 'Inspect.' }],
      // Permitted to a business-area owner because this one owns Repairs (the use case checks the area too).
      ['update-action', 'update-action', { complaintId: k, actionId: a1, status: 'in-progress' }],
    ];
    for (const [useCase, , input] of attempts) {
      const r = desk.run(useCase, input, claimed);
      expect(r.ok, `${useCase} locally`).toBe(true);
    }
    const status = await desk.sync();
    expect(status.pending).toBe(0);
    const outcome = desk.store.db.prepare('SELECT use_case, status, last_error FROM outbox ORDER BY seq').all() as {
      use_case: string;
      status: string;
      last_error: string | null;
    }[];
    const serverActor = { userId: desk.user.id, roles: [role], teamId: desk.user.teamId, deskId: desk.deskId };
    expect(outcome.map((o) => o.status)).toEqual(
      attempts.map(([, permission]) => (can(serverActor, permission) ? 'accepted' : 'rejected')),
    );
    for (const o of outcome) if (o.status === 'rejected') expect(o.last_error).toMatch(/^forbidden/);
    await max.sync();
    await desk.sync();
    const server = await w.serverDump();
    expect(deskDump(desk, server)).toEqual(server);
    expect(deskDump(max, server)).toEqual(server);
  });

  it('refuses a sync from a desk made inactive while its session is still live, and loses nothing', async () => {
    const desk = await w.addDesk('ben');
    desk.must('log-contact', open('inactive desk'));
    await w.db.query('UPDATE desks SET active = false WHERE id = $1', [desk.deskId]);
    const refused = await desk.sync();
    expect(refused.lastError).toMatch(/^server answered 403: .*desk-inactive/);
    expect(refused.pending).toBe(1);
    await w.db.query('UPDATE desks SET active = true WHERE id = $1', [desk.deskId]);
    const again = await desk.sync();
    expect(again.lastError).toBeNull();
    expect(again.pending).toBe(0);
  });
});
