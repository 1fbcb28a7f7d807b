// A contact's own view and a person's or property's records, on a real SQLite file, through the real use cases:
// an enquiry left open, edited, resolved, converted; a representative's and a group's contact; what the
// signed-in user may do with each (contactCommands, as the desk service answers it); not-found.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactDetail, recordsOf, upsertUser, type DeskDatabase } from '../../db/sqlite/index.js';
import { createDeskDeps } from '../../db/sqlite/desk-core.js';
import { contactCommands } from '../../electron/desk/contacts.js';
import { updateContact } from '../../shared/app/merge-use-cases.js';
import type { Actor, Clock, UseCaseDeps } from '../../shared/app/ports.js';
import { complaintCommand, convertToComplaint, logContact, resolveEnquiry } from '../../shared/app/use-cases.js';
import { RECORDS_LIMIT } from '../../shared/contracts/desk-api.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { AGENT, AGENT2, DESK_ID, TEAM_A, idFactory, nextHlc, openTemp, seedDesk, tempDir } from './fixtures.js';

const OWNER = '01940000-0000-7000-8000-00000000d001';
const MANAGER = '01940000-0000-7000-8000-00000000c001';
const actor = (userId: string, roles: Actor['roles']): Actor => ({ userId, roles, teamId: TEAM_A, deskId: DESK_ID });
const agent = actor(AGENT, ['agent']);
const agent2 = actor(AGENT2, ['agent']);
const owner = actor(OWNER, ['business-area-owner']);
const manager = actor(MANAGER, ['manager']);
const today = '2025-01-08' as IsoDate;

let tmp: ReturnType<typeof tempDir>;
let desk: DeskDatabase;
let deps: UseCaseDeps;

beforeEach(() => {
  tmp = tempDir();
  desk = openTemp(tmp.dir);
  seedDesk(desk.db);
  for (const [id, name, roles] of [
    [OWNER, 'Olu Owner', ['business-area-owner']],
    [MANAGER, 'Mo Manager', ['manager']],
  ] as const) {
    upsertUser(desk.db, {
      id,
      displayName: name,
      email: `${id}@example.org`,
      teamId: TEAM_A,
      roles: [...roles],
      updatedHlc: nextHlc(),
    });
  }
  const clock: Clock = { nowIso: () => `${today}T10:00:00.000Z`, today: () => today };
  deps = createDeskDeps(desk, {
    settings: { region: 'england-and-wales', profileAssignments: [] },
    clock,
    ids: { next: idFactory() },
  });
});

afterEach(() => {
  desk.close();
  tmp.cleanup();
});

function value<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.error)}`);
  return r.value;
}

const enquiry = {
  channel: 'phone',
  madeBy: 'resident',
  person: { givenName: 'Grace', familyName: 'Okafor', phone: '07700 900123', postcode: 'se15 4tw', town: 'London' },
  categoryKey: 'damp-mould',
  businessAreaKey: 'repairs',
  whatHappened: 'Asked when the damp survey will be booked.',
  outcomeWanted: 'A date for the survey.',
  adjustments: { supports: ['large-print'], preferredChannel: 'letter' },
};

describe('contactDetail', () => {
  it('gives an open enquiry with its person, details, adjustments and timeline, and offers resolve, convert, edit', () => {
    const { contactId, reference } = value(logContact(deps, agent, enquiry));
    const d = contactDetail(desk.db, contactId);
    expect(d?.contact).toMatchObject({
      id: contactId,
      reference,
      kind: 'enquiry',
      channel: 'phone',
      madeBy: 'resident',
      receivedDate: today,
      whatHappened: enquiry.whatHappened,
      outcomeWanted: 'A date for the survey.',
      categoryKey: 'damp-mould',
      businessAreaKey: 'repairs',
      dissatisfaction: false,
      status: 'open',
      resolution: null,
      resolvedBy: null,
      complaint: null,
      loggedBy: AGENT,
      loggedByName: 'Ada Agent',
    });
    expect(JSON.parse(d?.contact.adjustmentsJson ?? 'null')).toMatchObject({
      supports: ['large-print'],
      preferredChannel: 'letter',
    });
    expect(d?.person).toMatchObject({ displayName: 'Grace Okafor', phone: '07700 900123', postcode: 'SE15 4TW' });
    expect(d?.representative).toBeNull();
    expect(d?.group).toBeNull();
    expect(d?.timeline.map((t) => [t.kind, t.actorName])).toEqual([['contact-logged', 'Ada Agent']]);
    expect(d && contactCommands(agent, d.contact)).toEqual({
      resolve: { allowed: true, reason: null },
      convert: { allowed: true, reason: null },
      edit: { allowed: true, reason: null },
    });
    // A business-area owner may read it but do none of the three, each with the reason.
    const theirs = d && contactCommands(owner, d.contact);
    expect(theirs?.resolve).toEqual({
      allowed: false,
      reason: 'your role (business-area-owner) may not resolve enquiry',
    });
    expect(theirs?.convert.allowed).toBe(false);
    expect(theirs?.edit).toEqual({ allowed: false, reason: 'your role (business-area-owner) may not edit details' });
  });

  it('shows an edit and a resolution with who resolved it and when; resolving again is refused with the reason', () => {
    const { contactId } = value(logContact(deps, agent, enquiry));
    value(updateContact(deps, agent2, { contactId, outcomeWanted: 'A survey this month.', categoryKey: null }));
    value(resolveEnquiry(deps, agent2, { contactId, resolution: 'Survey booked for 14 January; resident happy.' }));
    const d = contactDetail(desk.db, contactId);
    expect(d?.contact).toMatchObject({
      outcomeWanted: 'A survey this month.',
      categoryKey: null,
      status: 'resolved',
      resolution: 'Survey booked for 14 January; resident happy.',
      resolvedAt: `${today}T10:00:00.000Z`,
      resolvedBy: AGENT2,
      resolvedByName: 'Ben Agent',
    });
    expect(d?.timeline.map((t) => t.kind)).toEqual(['contact-logged', 'contact-edited', 'enquiry-resolved']);
    const can = d && contactCommands(agent, d.contact);
    expect(can?.resolve).toEqual({ allowed: false, reason: `already resolved on ${today}` });
    // The resident may still not be satisfied with the answer: a resolved enquiry can become a complaint.
    expect(can?.convert).toEqual({ allowed: true, reason: null });
  });

  it('shows a converted contact with its complaint and that complaint’s status now (a refusal included)', () => {
    const { contactId } = value(logContact(deps, agent, enquiry));
    const c = value(
      convertToComplaint(deps, agent, { contactId, reason: 'resident-asked', residentOfferedChoice: true }),
    );
    value(
      complaintCommand(deps, manager, {
        complaintId: c.complaintId,
        command: { type: 'refuse', exclusions: [{ code: 'legal-proceedings', evidence: 'Claim form N1 issued' }] },
      }),
    );
    const d = contactDetail(desk.db, contactId);
    expect(d?.contact.status).toBe('converted');
    expect(d?.contact.complaint).toEqual({ id: c.complaintId, reference: c.reference, status: 'refused' });
    expect(d?.timeline.map((t) => t.kind)).toEqual(['contact-logged', 'converted-to-complaint']);
    const can = d && contactCommands(agent, d.contact);
    expect(can?.resolve).toEqual({
      allowed: false,
      reason: `converted to complaint ${c.reference}: it is handled there`,
    });
    expect(can?.convert).toEqual({ allowed: false, reason: `already converted to complaint ${c.reference}` });
  });

  it('gives a representative with their authority, and a group with its members, signatory first', () => {
    const rep = value(
      logContact(deps, agent, {
        ...enquiry,
        madeBy: 'representative',
        representative: {
          givenName: 'Tom',
          familyName: 'Reed',
          relationship: 'advocate',
          authorisationKind: 'signed-form',
        },
      }),
    );
    expect(contactDetail(desk.db, rep.contactId)?.representative).toMatchObject({
      displayName: 'Tom Reed',
      relationship: 'advocate',
      authorisationKind: 'signed-form',
    });
    const group = value(
      logContact(deps, agent, {
        ...enquiry,
        madeBy: 'group',
        person: undefined,
        group: {
          name: 'Brayards Road petition',
          members: [{ familyName: 'Ames' }, { familyName: 'Bell' }],
          signatory: 1,
        },
      }),
    );
    const g = contactDetail(desk.db, group.contactId);
    expect(g?.person).toBeNull();
    expect(g?.group).toMatchObject({
      displayName: 'Brayards Road petition',
      members: [
        { displayName: 'Bell', isSignatory: true },
        { displayName: 'Ames', isSignatory: false },
      ],
    });
  });

  it('answers null for a contact this desk does not hold', () => {
    expect(contactDetail(desk.db, '01940000-0000-7000-8000-0000000fffff')).toBeNull();
  });
});

describe('recordsOf', () => {
  it("lists a person's contacts and cases, newest first, with the complaint each contact became", () => {
    const first = value(logContact(deps, agent, { ...enquiry, receivedDate: '2025-01-02' }));
    const personId = String(
      desk.db.prepare('SELECT person_id FROM contacts WHERE id = ?').pluck().get(first.contactId),
    );
    const second = value(
      logContact(deps, agent, { ...enquiry, personId, person: undefined, whatHappened: 'Mould is back.' }),
    );
    const c = value(
      convertToComplaint(deps, agent, {
        contactId: second.contactId,
        reason: 'resident-asked',
        residentOfferedChoice: true,
      }),
    );
    value(logContact(deps, agent, { ...enquiry, person: { familyName: 'Someone Else' } }));
    const r = recordsOf(desk.db, 'person', personId);
    expect(r).toMatchObject({ kind: 'person', title: 'Grace Okafor', subtitle: 'resident · SE15 4TW', more: false });
    // Their name and contact details as the desk holds them: what "Edit resident details" starts from.
    expect(r?.person).toEqual({
      kind: 'resident',
      givenName: 'Grace',
      familyName: 'Okafor',
      phone: '07700 900123',
      email: null,
      addressLine1: null,
      town: 'London',
      postcode: 'SE15 4TW',
    });
    expect(r?.contacts.map((x) => [x.reference, x.receivedDate, x.status, x.complaintReference])).toEqual([
      [second.reference, today, 'converted', c.reference],
      [first.reference, '2025-01-02', 'open', null],
    ]);
    expect(r?.complaints.map((x) => [x.id, x.reference, x.status])).toEqual([
      [c.complaintId, c.reference, 'screening'],
    ]);
  });

  it('says when there are more than it lists', () => {
    const first = value(logContact(deps, agent, enquiry));
    const personId = String(
      desk.db.prepare('SELECT person_id FROM contacts WHERE id = ?').pluck().get(first.contactId),
    );
    for (let i = 0; i < RECORDS_LIMIT; i++) value(logContact(deps, agent, { ...enquiry, personId, person: undefined }));
    const r = recordsOf(desk.db, 'person', personId);
    expect(r?.contacts).toHaveLength(RECORDS_LIMIT);
    expect(r?.more).toBe(true);
  });

  it('answers null for a person or property this desk does not hold', () => {
    expect(recordsOf(desk.db, 'person', '01940000-0000-7000-8000-0000000fffff')).toBeNull();
    expect(recordsOf(desk.db, 'property', '01940000-0000-7000-8000-0000000fffff')).toBeNull();
  });

  it('gives a property no person', () => {
    const propertyId = '01940000-0000-7000-8000-00000000a001';
    desk.db
      .prepare(
        "INSERT INTO properties (id, address_line1, town, postcode, updated_hlc) VALUES (?, '2 Mill Lane', 'London', 'SE15 4TW', '0')",
      )
      .run(propertyId);
    expect(recordsOf(desk.db, 'property', propertyId)).toMatchObject({ title: '2 Mill Lane', person: null });
  });
});
