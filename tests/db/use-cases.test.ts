// Every use case end to end on a real SQLite file: success and refusal paths, and the rule that a change,
// its timeline event, its audit entry and its outbox entry are written in one transaction or not at all.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addCorrespondence,
  addNote,
  assignComplaint,
  complaintCommand,
  convertToComplaint,
  logContact,
  resolveEnquiry,
} from '../../shared/app/use-cases.js';
import { updateComplaintDetails } from '../../shared/app/merge-use-cases.js';
import { editDetailsRefusal } from '../../shared/domain/details.js';
import type { Actor, Clock, UseCaseDeps } from '../../shared/app/ports.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { createDeskDeps } from '../../db/sqlite/desk-core.js';
import {
  caseDetail,
  myWork,
  readAttachment,
  upsertUser,
  verifyAuditChain,
  type DeskDatabase,
} from '../../db/sqlite/index.js';
import {
  AGENT,
  AGENT2,
  DESK_ID,
  LEADER,
  TEAM_A,
  TEAM_B,
  idFactory,
  nextHlc,
  openTemp,
  seedDesk,
  tempDir,
} from './fixtures.js';

const MANAGER = '01940000-0000-7000-8000-00000000c001';
const MANAGER2 = '01940000-0000-7000-8000-00000000c002';

const actor = (userId: string, roles: Actor['roles']): Actor => ({ userId, roles, teamId: TEAM_A, deskId: DESK_ID });
const agent = actor(AGENT, ['agent']);
const agent2 = actor(AGENT2, ['agent']);
const leader = actor(LEADER, ['team-leader']);
const manager = actor(MANAGER, ['manager']);
const manager2 = actor(MANAGER2, ['manager']);

let tmp: ReturnType<typeof tempDir>;
let desk: DeskDatabase;
let deps: UseCaseDeps;
let today: IsoDate;

function counts() {
  const tables = [
    'contacts',
    'complaints',
    'people',
    'representations',
    'timeline_events',
    'notes',
    'audit_log',
    'outbox',
  ];
  return Object.fromEntries(
    tables.map((t) => [t, (desk.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
}

function setUp(profileAssignments: UseCaseDeps['settings']['profileAssignments'] = []) {
  const clock: Clock = { nowIso: () => `${today}T10:00:00.000Z`, today: () => today };
  deps = createDeskDeps(desk, {
    settings: { region: 'england-and-wales', profileAssignments },
    clock,
    ids: { next: idFactory() },
  });
}

beforeEach(() => {
  tmp = tempDir();
  desk = openTemp(tmp.dir);
  seedDesk(desk.db);
  desk.db.transaction(() => {
    for (const [id, name] of [
      [MANAGER, 'Mo Manager'],
      [MANAGER2, 'Meg Manager'],
    ] as const) {
      upsertUser(desk.db, {
        id,
        displayName: name,
        email: `${name.split(' ')[0]}@example.org`,
        teamId: TEAM_A,
        roles: ['manager'],
        updatedHlc: nextHlc(),
      });
    }
  })();
  today = '2024-12-20' as IsoDate;
  setUp();
});

afterEach(() => {
  desk.close();
  tmp.cleanup();
});

const call = {
  phone: {
    channel: 'phone',
    madeBy: 'resident',
    person: {
      givenName: 'Grace',
      familyName: 'Okafor',
      phone: '07700 900123',
      postcode: 'se15 4tw',
      addressLine1: '12 Brayards Road',
      town: 'London',
    },
    whatHappened: 'Black mould in the back bedroom for three months; repair booked twice and nobody came.',
    outcomeWanted: 'Mould treated and the leak fixed.',
    dissatisfaction: true,
  },
};

function value<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.error)}`);
  return r.value;
}

function complaint() {
  const { contactId } = value(logContact(deps, agent, call.phone));
  const c = value(
    convertToComplaint(deps, agent, { contactId, reason: 'resolution-failed', residentOfferedChoice: true }),
  );
  return c;
}

describe('log a contact', () => {
  it('writes the contact, the person, the timeline, the audit entry and the outbox entry together', () => {
    const before = counts();
    const r = value(logContact(deps, agent, call.phone));
    expect(r.reference).toBe('ENQ-K7Q2-000001');
    const after = counts();
    expect(after).toEqual({
      ...before,
      contacts: 1,
      people: (before.people ?? 0) + 1,
      timeline_events: 1,
      audit_log: 1,
      outbox: 1,
    });
    const row = desk.db
      .prepare('SELECT received_date, channel, dissatisfaction FROM contacts WHERE id = ?')
      .get(r.contactId);
    expect(row).toEqual({ received_date: '2024-12-20', channel: 'phone', dissatisfaction: 1 });
    const person = desk.db.prepare('SELECT display_name, postcode FROM people').get();
    expect(person).toEqual({ display_name: 'Grace Okafor', postcode: 'SE15 4TW' });
    const outbox = desk.db.prepare('SELECT use_case, mutation_id, hlc FROM outbox').get() as {
      use_case: string;
      mutation_id: string;
      hlc: string;
    };
    expect(outbox.use_case).toBe('log-contact');
    expect(outbox.mutation_id).toBe(r.mutationId);
    expect(verifyAuditChain(desk.db)).toEqual({ ok: true, entries: 1 });
  });

  it('records a representative with their authorisation', () => {
    const r = value(
      logContact(deps, agent, {
        ...call.phone,
        madeBy: 'representative',
        representative: {
          givenName: 'Tom',
          familyName: 'Reed',
          relationship: 'advocate',
          authorisationKind: 'signed-form',
          authorisationDate: '2024-12-01',
        },
      }),
    );
    const rep = desk.db
      .prepare(
        'SELECT r.relationship, r.authorisation_kind, p.display_name FROM contacts c JOIN representations r ON r.id = c.representation_id JOIN people p ON p.id = r.representative_id WHERE c.id = ?',
      )
      .get(r.contactId);
    expect(rep).toEqual({ relationship: 'advocate', authorisation_kind: 'signed-form', display_name: 'Tom Reed' });
  });

  it.each([
    [{ ...call.phone, channel: 'pigeon' }, 'channel'],
    [{ ...call.phone, whatHappened: '   ' }, 'whatHappened'],
    [{ ...call.phone, person: undefined }, 'person'],
    [{ ...call.phone, person: { ...call.phone.person, postcode: 'not a postcode' } }, 'person.postcode'],
    [{ ...call.phone, person: { ...call.phone.person, email: 'grace@' } }, 'person.email'],
    [{ ...call.phone, madeBy: 'representative' }, 'representative'],
    [{ ...call.phone, receivedDate: '2024-02-30' }, 'receivedDate'],
    [{ ...call.phone, receivedDate: '2024-12-21' }, 'receivedDate'],
    [{ ...call.phone, personId: 'not-an-id' }, 'personId'],
    [{ ...call.phone, person: undefined, personId: '01940000-0000-7000-8000-00000000ffff' }, 'personId'],
    [null, ''],
  ])('refuses %j field by field and writes nothing', (input, field) => {
    const before = counts();
    const r = logContact(deps, agent, input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid-input');
    if (r.error.code === 'invalid-input') expect(r.error.fields.map((f) => f.path)).toContain(field);
    expect(counts()).toEqual(before);
  });

  it('records communication preferences and reasonable adjustments with the contact', () => {
    const r = logContact(deps, agent, {
      ...call.phone,
      adjustments: {
        supports: ['translation', 'large-print', 'hearing-support'],
        language: ' Polish ',
        preferredChannel: 'letter',
        detail: 'Uses a hearing loop; call after 2pm.',
      },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const row = desk.db.prepare('SELECT adjustments_json FROM contacts WHERE id = ?').get(r.value.contactId) as {
      adjustments_json: string;
    };
    // Supports come back in the vocabulary's order, whatever order they were ticked in.
    expect(JSON.parse(row.adjustments_json)).toEqual({
      supports: ['large-print', 'translation', 'hearing-support'],
      language: 'Polish',
      preferredChannel: 'letter',
      detail: 'Uses a hearing loop; call after 2pm.',
    });
    const none = logContact(deps, agent, { ...call.phone, adjustments: { supports: [] } });
    if (!none.ok) throw new Error(JSON.stringify(none.error));
    expect(desk.db.prepare('SELECT adjustments_json FROM contacts WHERE id = ?').get(none.value.contactId)).toEqual({
      adjustments_json: null,
    });
  });

  it('asks which language when translation is wanted, and writes nothing until told', () => {
    const before = counts();
    const r = logContact(deps, agent, { ...call.phone, adjustments: { supports: ['translation'] } });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', fields: [{ path: 'adjustments.language' }] },
    });
    const bad = logContact(deps, agent, { ...call.phone, adjustments: { supports: ['telepathy'] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(counts()).toEqual(before);
  });

  it('refuses a role that may not log contacts', () => {
    const r = logContact(deps, actor(AGENT, ['administrator']), call.phone);
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(counts().contacts).toBe(0);
  });
});

describe('groups and petitions', () => {
  it('registers a petition with its contact: one group, named members, one nominated signatory', () => {
    const r = value(
      logContact(deps, agent, {
        channel: 'letter',
        madeBy: 'group',
        group: {
          name: 'Residents of Marlowe House',
          members: [
            { givenName: 'Ada', familyName: 'Okoro', postcode: 'SE1 7PB' },
            { givenName: 'Bill', familyName: 'Nash' },
            { givenName: 'Cara', familyName: 'Diaz' },
          ],
          signatory: 1,
        },
        whatHappened: 'The lift has been out of order for six weeks.',
        dissatisfaction: true,
      }),
    );
    const group = desk.db
      .prepare('SELECT p.kind, p.display_name FROM contacts c JOIN people p ON p.id = c.group_id WHERE c.id = ?')
      .get(r.contactId);
    expect(group).toEqual({ kind: 'group', display_name: 'Residents of Marlowe House' });
    const members = desk.db
      .prepare(
        'SELECT p.display_name AS name, m.is_signatory AS signatory FROM group_members m JOIN people p ON p.id = m.member_id ORDER BY p.display_name',
      )
      .all();
    expect(members).toEqual([
      { name: 'Ada Okoro', signatory: 0 },
      { name: 'Bill Nash', signatory: 1 },
      { name: 'Cara Diaz', signatory: 0 },
    ]);
    // Converted, the petition is one complaint.
    value(
      convertToComplaint(deps, agent, {
        contactId: r.contactId,
        reason: 'resident-asked',
        residentOfferedChoice: true,
      }),
    );
    expect(desk.db.prepare('SELECT count(*) AS n FROM complaints WHERE group_id IS NOT NULL').get()).toEqual({ n: 1 });
  });

  it.each([
    [{ group: undefined }, 'groupId'],
    [{ group: { name: 'Petition', members: [], signatory: 0 } }, 'group.members'],
    [{ group: { name: 'Petition', members: [{ givenName: 'Ada' }], signatory: 3 } }, 'group.signatory'],
    [{ group: { name: 'Petition', members: [{ postcode: 'SE1 7PB' }], signatory: 0 } }, 'group.members.0.familyName'],
  ])('refuses %j field by field and writes nothing', (patch, field) => {
    const before = counts();
    const r = logContact(deps, agent, { channel: 'letter', madeBy: 'group', whatHappened: 'Lift broken.', ...patch });
    expect(r.ok).toBe(false);
    if (!r.ok && r.error.code === 'invalid-input') expect(r.error.fields.map((f) => f.path)).toContain(field);
    expect(counts()).toEqual(before);
  });
});

describe('enquiries', () => {
  it('resolves an enquiry once', () => {
    const { contactId } = value(logContact(deps, agent, call.phone));
    value(resolveEnquiry(deps, agent, { contactId, resolution: 'Repair rebooked for Monday; resident happy.' }));
    expect(desk.db.prepare('SELECT status FROM contacts WHERE id = ?').get(contactId)).toEqual({ status: 'resolved' });
    expect(resolveEnquiry(deps, agent, { contactId, resolution: 'again' })).toMatchObject({
      ok: false,
      error: { code: 'illegal-transition' },
    });
    expect(
      resolveEnquiry(deps, agent, { contactId: '01940000-0000-7000-8000-00000000ffff', resolution: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('converts to a complaint keeping the received date and recording the choice offered', () => {
    today = '2024-12-16' as IsoDate;
    const { contactId } = value(logContact(deps, agent, call.phone));
    today = '2024-12-20' as IsoDate;
    const before = counts();
    expect(
      convertToComplaint(deps, agent, { contactId, reason: 'resolution-failed', residentOfferedChoice: false }),
    ).toMatchObject({
      ok: false,
      error: { code: 'guard-failed', message: expect.stringMatching(/offered the choice/) },
    });
    expect(counts()).toEqual(before);
    const c = value(
      convertToComplaint(deps, agent, { contactId, reason: 'resolution-failed', residentOfferedChoice: true }),
    );
    expect(c.reference).toBe('CMP-K7Q2-000002');
    expect(c.profileId).toBe('hos-code-2024');
    const row = desk.db
      .prepare('SELECT received_date, status, contact_id FROM complaints WHERE id = ?')
      .get(c.complaintId);
    expect(row).toEqual({ received_date: '2024-12-16', status: 'screening', contact_id: contactId });
    expect(
      desk.db.prepare('SELECT status, offered_choice_to_complain FROM contacts WHERE id = ?').get(contactId),
    ).toEqual({ status: 'converted', offered_choice_to_complain: 1 });
    expect(
      convertToComplaint(deps, agent, { contactId, reason: 'resident-asked', residentOfferedChoice: true }),
    ).toMatchObject({ ok: false, error: { code: 'illegal-transition' } });
  });

  it('follows the profile assigned for the received date, and Citizen needs a signed authorisation for a third party', () => {
    setUp([{ profileId: 'citizen-2020', from: '2020-11-09' as IsoDate, to: null }]);
    const verbal = value(
      logContact(deps, agent, {
        ...call.phone,
        madeBy: 'representative',
        representative: { givenName: 'Tom', familyName: 'Reed', relationship: 'friend', authorisationKind: 'verbal' },
      }),
    );
    const r = convertToComplaint(deps, agent, {
      contactId: verbal.contactId,
      reason: 'resident-asked',
      residentOfferedChoice: true,
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'guard-failed', message: expect.stringMatching(/signed authorisation/) },
    });
    const signed = value(
      logContact(deps, agent, {
        ...call.phone,
        madeBy: 'representative',
        representative: {
          givenName: 'Tom',
          familyName: 'Reed',
          relationship: 'friend',
          authorisationKind: 'mental-capacity-assessment',
        },
      }),
    );
    expect(
      value(
        convertToComplaint(deps, agent, {
          contactId: signed.contactId,
          reason: 'resident-asked',
          residentOfferedChoice: true,
        }),
      ).profileId,
    ).toBe('citizen-2020');
    // Citizen's alternatives to a signed form (policy 003 §5.1) are stored as such.
    const partner = value(
      logContact(deps, agent, {
        ...call.phone,
        madeBy: 'representative',
        representative: {
          givenName: 'Sam',
          familyName: 'Lee',
          relationship: 'support-worker',
          authorisationKind: 'partner-agency-letter',
        },
      }),
    );
    expect(
      desk.db
        .prepare(
          'SELECT authorisation_kind FROM representations r JOIN contacts c ON c.representation_id = r.id WHERE c.id = ?',
        )
        .get(partner.contactId),
    ).toEqual({
      authorisation_kind: 'partner-agency-letter',
    });
  });
});

describe('the complaint lifecycle through the use cases', () => {
  it('runs both stages of the Code, with deadlines, letters, queues and a verified audit trail', () => {
    const c = complaint();
    const cmd = (a: Actor, command: object) => complaintCommand(deps, a, { complaintId: c.complaintId, command });

    const accepted = value(cmd(agent, { type: 'accept' }));
    expect(accepted.deadlines).toEqual([
      { kind: 'acknowledge', stage: 'stage1', due: '2024-12-31', latestWithExtension: null },
      { kind: 'respond', stage: 'stage1', due: '2025-01-15', latestWithExtension: '2025-01-29' },
    ]);
    expect(myWork(desk.db, { assigneeId: AGENT, today }).items[0]).toMatchObject({
      reference: c.reference,
      nextDeadlineDate: '2024-12-31',
      workingDaysLeft: 5,
    });

    today = '2024-12-23' as IsoDate;
    const ack = value(
      cmd(agent, {
        type: 'acknowledge',
        understanding: 'Mould not treated after two missed repairs.',
        outcomeSought: 'Mould treated, leak fixed.',
      }),
    );
    expect(ack.lettersOwed).toEqual(['acknowledgement']);
    // 10 WD after Monday 23 December: 24, 27, 30, 31 December, 2, 3, 6, 7, 8, 9 January.
    expect(ack.deadlines).toEqual([
      { kind: 'respond', stage: 'stage1', due: '2025-01-09', latestWithExtension: '2025-01-23' },
    ]);

    today = '2025-01-06' as IsoDate;
    expect(
      cmd(agent, { type: 'extend', to: '2025-01-15', reason: 'Surveyor visit on 13 January', residentAgreed: true }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      cmd(leader, { type: 'extend', to: '2025-01-24', reason: 'Surveyor visit', residentAgreed: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'guard-failed', message: expect.stringMatching(/2025-01-23 at the latest/) },
    });
    const ext = value(
      cmd(leader, { type: 'extend', to: '2025-01-15', reason: 'Surveyor visit on 13 January', residentAgreed: true }),
    );
    expect(ext.lettersOwed).toEqual(['extension']);

    today = '2025-01-14' as IsoDate;
    const s1 = value(cmd(agent, { type: 'respond', decision: 'partly-upheld' }));
    expect(s1.lettersOwed).toEqual(['stage-response']);
    expect(s1.deadlines).toEqual([]); // the Code sets no escalation window

    today = '2025-01-20' as IsoDate;
    value(cmd(agent, { type: 'request-escalation' }));
    value(
      cmd(manager, {
        type: 'acknowledge',
        understanding: 'Disputes the compensation offered.',
        outcomeSought: '£250 compensation.',
      }),
    );
    // The stage 1 decision-maker may not decide stage 2.
    expect(cmd(agent, { type: 'respond', decision: 'upheld' })).toMatchObject({
      ok: false,
      error: { code: 'guard-failed', message: expect.stringMatching(/someone other/) },
    });
    today = '2025-02-03' as IsoDate;
    const final = value(cmd(manager2, { type: 'respond', decision: 'upheld' }));
    expect(final.lettersOwed).toEqual(['final-response']);
    expect(final.state.status).toBe('closed');

    const row = desk.db
      .prepare('SELECT status, outcome, closed_date, next_deadline_date, version FROM complaints WHERE id = ?')
      .get(c.complaintId);
    expect(row).toEqual({
      status: 'closed',
      outcome: 'upheld',
      closed_date: '2025-02-03',
      next_deadline_date: null,
      version: 8,
    });

    // The relational deadline rows follow the state. A response deadline first projected from the acknowledgement
    // deadline is superseded when the acknowledgement fixes it, and again by the extension.
    const rows = desk.db
      .prepare(
        `SELECT s.stage_number AS stage, d.kind, d.due_date AS due, d.status, d.met_date AS met
         FROM deadlines d JOIN complaint_stages s ON s.id = d.stage_id WHERE d.complaint_id = ? ORDER BY s.stage_number, d.kind, d.due_date, d.status`,
      )
      .all(c.complaintId);
    expect(rows).toEqual([
      { stage: 1, kind: 'acknowledge', due: '2024-12-31', status: 'met', met: '2024-12-23' },
      { stage: 1, kind: 'respond', due: '2025-01-09', status: 'superseded', met: null },
      { stage: 1, kind: 'respond', due: '2025-01-15', status: 'met', met: '2025-01-14' },
      { stage: 1, kind: 'respond', due: '2025-01-15', status: 'superseded', met: null },
      { stage: 2, kind: 'acknowledge', due: '2025-01-27', status: 'met', met: '2025-01-20' },
      { stage: 2, kind: 'respond', due: '2025-02-17', status: 'met', met: '2025-02-03' },
      { stage: 2, kind: 'respond', due: '2025-02-24', status: 'superseded', met: null },
    ]);
    const stages = desk.db
      .prepare(
        'SELECT stage_key, status, acknowledged_date, responded_date, decision_maker_id, outcome FROM complaint_stages WHERE complaint_id = ? ORDER BY stage_number',
      )
      .all(c.complaintId);
    expect(stages).toEqual([
      {
        stage_key: 'stage1',
        status: 'responded',
        acknowledged_date: '2024-12-23',
        responded_date: '2025-01-14',
        decision_maker_id: AGENT,
        outcome: 'partly-upheld',
      },
      {
        stage_key: 'stage2',
        status: 'responded',
        acknowledged_date: '2025-01-20',
        responded_date: '2025-02-03',
        decision_maker_id: MANAGER2,
        outcome: 'upheld',
      },
    ]);

    const detail = caseDetail(desk.db, { complaintId: c.complaintId, today });
    // Conversion keeps the history: the enquiry's own events come first.
    expect(detail?.timeline.map((t) => t.kind)).toEqual([
      'contact-logged',
      'converted-to-complaint',
      'accept',
      'acknowledge',
      'extend',
      'respond',
      'request-escalation',
      'acknowledge',
      'respond',
    ]);
    expect(
      (desk.db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }).n,
    ).toBe(9); // log, convert, accept, acknowledge, extend, respond, escalate, acknowledge, respond
    expect(verifyAuditChain(desk.db)).toEqual({ ok: true, entries: 9 });
  });

  it('refuses with evidenced exclusions only as a manager, and re-opens only with new information', () => {
    const c = complaint();
    const cmd = (a: Actor, command: object) => complaintCommand(deps, a, { complaintId: c.complaintId, command });
    const refusal = {
      type: 'refuse',
      exclusions: [{ code: 'legal-proceedings', evidence: 'Claim K00AB123 filed 2 December 2024' }],
    };
    expect(cmd(agent, refusal)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(cmd(manager, { type: 'refuse', exclusions: [{ code: 'legal-proceedings', evidence: '' }] })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', fields: [{ path: 'command.exclusions.0.evidence' }] },
    });
    const refused = value(cmd(manager, refusal));
    expect(refused.lettersOwed).toEqual(['refusal']);
    expect(desk.db.prepare('SELECT status, closed_date FROM complaints WHERE id = ?').get(c.complaintId)).toEqual({
      status: 'refused',
      closed_date: '2024-12-20',
    });
    expect(cmd(manager, { type: 'reopen', newInformation: ' ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    const reopened = value(cmd(manager, { type: 'reopen', newInformation: 'Claim withdrawn on 18 December.' }));
    expect(reopened.state.status).toBe('screening');
  });

  it('an illegal transition is an error value and writes nothing', () => {
    const c = complaint();
    const before = counts();
    const r = complaintCommand(deps, agent, {
      complaintId: c.complaintId,
      command: { type: 'respond', decision: 'upheld' },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'illegal-transition' } });
    expect(counts()).toEqual(before);
    expect(complaintCommand(deps, agent, { complaintId: c.complaintId, command: { type: 'teleport' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });

  it('detects that the complaint changed since it was opened', () => {
    const c = complaint();
    value(complaintCommand(deps, agent, { complaintId: c.complaintId, command: { type: 'accept' } }));
    const stale = complaintCommand(deps, agent2, {
      complaintId: c.complaintId,
      expectedVersion: 1,
      command: { type: 'withdraw', reason: 'Resident asked to withdraw' },
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('notes and assignment', () => {
  it('adds notes to a complaint or an enquiry, on the timeline', () => {
    const c = complaint();
    value(addNote(deps, agent, { complaintId: c.complaintId, body: 'Resident prefers calls after 4pm.' }));
    expect(addNote(deps, agent, { body: 'orphan' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const detail = caseDetail(desk.db, { complaintId: c.complaintId, today });
    expect(detail?.timeline.at(-1)).toMatchObject({ kind: 'note', summary: 'Resident prefers calls after 4pm.' });
  });

  it('lets an agent take a case and a team leader re-assign it', () => {
    const c = complaint();
    value(complaintCommand(deps, agent, { complaintId: c.complaintId, command: { type: 'accept' } }));
    expect(assignComplaint(deps, agent, { complaintId: c.complaintId, assigneeId: AGENT2 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    value(assignComplaint(deps, agent2, { complaintId: c.complaintId, assigneeId: AGENT2 }));
    value(assignComplaint(deps, leader, { complaintId: c.complaintId, assigneeId: AGENT }));
    expect(
      assignComplaint(deps, leader, { complaintId: c.complaintId, assigneeId: '01940000-0000-7000-8000-00000000ffff' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', fields: [{ path: 'assigneeId' }] },
    });
    const row = desk.db
      .prepare('SELECT assignee_id, next_deadline_date FROM complaints WHERE id = ?')
      .get(c.complaintId);
    expect(row).toEqual({ assignee_id: AGENT, next_deadline_date: '2024-12-31' });
  });
});

describe('reference keys', () => {
  // The desk's tables would refuse an unknown key with a raw FOREIGN KEY error; the use cases say which field.
  const UNKNOWN_TEAM = '01940000-0000-7000-8000-0000000000ff';

  it('refuses a contact with an unknown category or business area, naming each field, and writes nothing', () => {
    const before = counts();
    const r = logContact(deps, agent, { ...call.phone, categoryKey: 'no-such-thing', businessAreaKey: 'nowhere' });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-input',
        message: 'categoryKey: no category "no-such-thing" in the reference data; choose one from the list',
        fields: [
          { path: 'categoryKey', message: expect.stringContaining('no category "no-such-thing"') },
          { path: 'businessAreaKey', message: expect.stringContaining('no business area "nowhere"') },
        ],
      },
    });
    expect(counts()).toEqual(before);
    value(logContact(deps, agent, { ...call.phone, categoryKey: 'damp-mould', businessAreaKey: 'repairs' }));
  });

  it('refuses details naming an unknown category or business area, and keeps the known ones', () => {
    const c = complaint();
    const before = counts();
    expect(updateComplaintDetails(deps, agent, { complaintId: c.complaintId, categoryKey: 'gone' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', fields: [{ path: 'categoryKey', message: expect.stringContaining('"gone"') }] },
    });
    expect(
      updateComplaintDetails(deps, agent, { complaintId: c.complaintId, summary: 'x', businessAreaKey: 'gone' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ path: 'businessAreaKey' }] } });
    expect(counts()).toEqual(before);
    value(updateComplaintDetails(deps, agent, { complaintId: c.complaintId, categoryKey: 'damp-mould' }));
    value(updateComplaintDetails(deps, agent, { complaintId: c.complaintId, businessAreaKey: 'asb' }));
    expect(
      desk.db.prepare('SELECT category_key, business_area_key FROM complaints WHERE id = ?').get(c.complaintId),
    ).toEqual({ category_key: 'damp-mould', business_area_key: 'asb' });
  });

  it('refuses a details edit by a role the Details tab does not offer it to, in the words the tab shows', () => {
    const c = complaint();
    const before = counts();
    const owner = actor(AGENT, ['business-area-owner']);
    expect(updateComplaintDetails(deps, owner, { complaintId: c.complaintId, summary: 'Edited.' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: editDetailsRefusal(owner.roles) },
    });
    expect(editDetailsRefusal(agent.roles)).toBeNull();
    expect(counts()).toEqual(before);
  });

  it('refuses an assignment to an unknown team, naming the field', () => {
    const c = complaint();
    const before = counts();
    expect(
      assignComplaint(deps, leader, { complaintId: c.complaintId, assigneeId: AGENT2, teamId: UNKNOWN_TEAM }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', fields: [{ path: 'teamId', message: expect.stringContaining('no team') }] },
    });
    expect(counts()).toEqual(before);
    value(assignComplaint(deps, leader, { complaintId: c.complaintId, assigneeId: AGENT2, teamId: TEAM_B }));
    expect(desk.db.prepare('SELECT team_id FROM complaints WHERE id = ?').get(c.complaintId)).toEqual({
      team_id: TEAM_B,
    });
  });
});

describe('correspondence', () => {
  it('stores attachments by content hash beside the database, once, and records the item on the timeline', () => {
    const c = complaint();
    const pdf = new TextEncoder().encode('%PDF-1.7 letter from the resident');
    const r = value(
      addCorrespondence(deps, agent, {
        complaintId: c.complaintId,
        direction: 'inbound',
        channel: 'letter',
        counterparty: 'Grace Okafor',
        subject: 'Photos of the mould',
        occurredAt: '2024-12-19T15:30:00Z',
        attachments: [
          { filename: 'letter.pdf', mediaType: 'application/pdf', bytes: pdf },
          { filename: 'copy.pdf', mediaType: 'application/pdf', bytes: pdf },
        ],
      }),
    );
    expect(r.attachments[0]).toBe(r.attachments[1]);
    expect((desk.db.prepare('SELECT count(*) AS n FROM attachments').get() as { n: number }).n).toBe(1);
    expect(new TextDecoder().decode(readAttachment(desk.filesDir, r.attachments[0] ?? ''))).toBe(
      '%PDF-1.7 letter from the resident',
    );
    const outbox = desk.db.prepare("SELECT payload_json FROM outbox WHERE use_case = 'add-correspondence'").get() as {
      payload_json: string;
    };
    expect(outbox.payload_json).not.toMatch(/PDF-1.7/); // bytes travel separately, by hash
    expect(caseDetail(desk.db, { complaintId: c.complaintId, today })?.timeline.map((t) => t.kind)).toContain(
      'correspondence',
    );
  });

  it.each([
    [{ direction: 'sideways' }, 'direction'],
    [{ occurredAt: 'yesterday' }, 'occurredAt'],
    [{ occurredAt: '2030-01-01T00:00:00Z' }, 'occurredAt'],
    [
      { attachments: [{ filename: '../../etc/passwd', mediaType: 'text/plain', bytes: new Uint8Array(1) }] },
      'attachments.0.filename',
    ],
    [{ attachments: [{ filename: 'a.txt', mediaType: 'text', bytes: new Uint8Array(1) }] }, 'attachments.0.mediaType'],
    [{ subject: undefined, body: undefined }, 'body'],
  ])('refuses %j and writes nothing', (patch, field) => {
    const c = complaint();
    const before = counts();
    const r = addCorrespondence(deps, agent, {
      complaintId: c.complaintId,
      direction: 'outbound',
      channel: 'email',
      counterparty: 'Grace Okafor',
      subject: 'Your complaint',
      occurredAt: '2024-12-20T09:00:00Z',
      ...patch,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!r.ok && r.error.code === 'invalid-input') expect(r.error.fields.map((f) => f.path)).toContain(field);
    expect(counts()).toEqual(before);
  });
});

describe('close and withdraw', () => {
  it('closes after the stage response, and withdraws an open complaint with its reason', () => {
    const a = complaint();
    const cmd = (id: string, command: object) => complaintCommand(deps, agent, { complaintId: id, command });
    value(cmd(a.complaintId, { type: 'accept' }));
    expect(cmd(a.complaintId, { type: 'close', note: 'early' })).toMatchObject({
      ok: false,
      error: { code: 'illegal-transition' },
    });
    value(cmd(a.complaintId, { type: 'acknowledge', understanding: 'Mould.', outcomeSought: 'Treatment.' }));
    value(cmd(a.complaintId, { type: 'respond', decision: 'upheld' }));
    value(cmd(a.complaintId, { type: 'close', note: 'Resident satisfied with the stage 1 response.' }));
    expect(
      desk.db.prepare('SELECT status, outcome, closed_date FROM complaints WHERE id = ?').get(a.complaintId),
    ).toEqual({ status: 'closed', outcome: 'upheld', closed_date: '2024-12-20' });

    const b = complaint();
    value(cmd(b.complaintId, { type: 'accept' }));
    expect(cmd(b.complaintId, { type: 'withdraw', reason: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', fields: [{ path: 'command.reason' }] },
    });
    value(cmd(b.complaintId, { type: 'withdraw', reason: 'Resident withdrew by phone.' }));
    expect(desk.db.prepare('SELECT status, outcome FROM complaints WHERE id = ?').get(b.complaintId)).toEqual({
      status: 'withdrawn',
      outcome: 'withdrawn',
    });
    expect(myWork(desk.db, { assigneeId: AGENT, today }).items).toEqual([]);
  });
});

describe('breaches', () => {
  it('marks a deadline met late as breached, and cancels what a withdrawal stops', () => {
    const a = complaint();
    const cmd = (id: string, command: object) => complaintCommand(deps, agent, { complaintId: id, command });
    value(cmd(a.complaintId, { type: 'accept' }));
    today = '2025-01-03' as IsoDate; // acknowledgement due 31 December
    value(cmd(a.complaintId, { type: 'acknowledge', understanding: 'Mould.', outcomeSought: 'Treatment.' }));
    const b = complaint();
    value(cmd(b.complaintId, { type: 'accept' }));
    value(cmd(b.complaintId, { type: 'withdraw', reason: 'Resolved by the repairs team.' }));
    const status = (id: string) =>
      desk.db
        .prepare(
          'SELECT kind, status, met_date AS met FROM deadlines WHERE complaint_id = ? AND status <> ? ORDER BY kind',
        )
        .all(id, 'superseded');
    expect(status(a.complaintId)).toEqual([
      { kind: 'acknowledge', status: 'breached', met: '2025-01-03' },
      { kind: 'respond', status: 'open', met: null },
    ]);
    expect(status(b.complaintId)).toEqual([
      { kind: 'acknowledge', status: 'cancelled', met: '2025-01-03' },
      { kind: 'respond', status: 'cancelled', met: '2025-01-03' },
    ]);
  });
});
