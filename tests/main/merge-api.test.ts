// The sync-merge DeskApi methods on a real desk file through the desk service: editing a complaint's and a
// person's details (applied, recorded for sync with their field HLCs), and decision conflicts listed and
// resolved by a team leader — refused to an agent, refused twice, and bad input answered as error values.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, seedDemoOrganisation } from '../../electron/desk/demo.js';
import { DeskService } from '../../electron/desk/service.js';
import { detectDecisionConflict, parseFieldHlcs } from '../../shared/app/field-merge.js';
import { conflictRow } from '../../shared/app/sync-rows.js';
import type { DeskApiOutputs, DeskApiResult } from '../../shared/contracts/desk-api.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import type { CaseRecord } from '../../shared/domain/lifecycle/types.js';

const TODAY = '2026-03-11' as IsoDate;
const clock = { nowIso: () => `${TODAY}T12:00:00.000Z`, today: () => TODAY };
let dir: string;
let service: DeskService;

function value<T>(r: DeskApiResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
const login = (key: string) => {
  const u = DEMO_USERS.find((x) => x.key === key);
  if (!u) throw new Error(`no demo user ${key}`);
  return { email: u.email, password: u.password };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'desk-merge-'));
  service = DeskService.open({ dataDir: dir, clock });
  await seedDemoOrganisation(service.desk, { today: TODAY, cases: 10 });
}, 60_000);

afterAll(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('editing details', () => {
  it('applies a complaint’s and a person’s edits and queues them for sync', async () => {
    value(await service.call('signIn', login('agent')));
    const { contactId } = value<{ contactId: string }>(
      await service.call('logContact', {
        channel: 'phone',
        madeBy: 'resident',
        person: { givenName: 'Noor', familyName: 'Ali' },
        whatHappened: 'Window will not close.',
        dissatisfaction: true,
      }),
    );
    const { complaintId } = value<{ complaintId: string }>(
      await service.call('convertToComplaint', { contactId, reason: 'resident-asked', residentOfferedChoice: true }),
    );
    const edited = value<DeskApiOutputs['updateComplaintDetails']>(
      await service.call('updateComplaintDetails', { complaintId, summary: 'Bedroom window will not close.' }),
    );
    expect(edited.applied).toEqual(['summary']);
    const row = service.desk.db
      .prepare('SELECT summary, field_hlcs, person_id FROM complaints WHERE id = ?')
      .get(complaintId) as { summary: string; field_hlcs: string; person_id: string };
    expect(row.summary).toBe('Bedroom window will not close.');
    expect(parseFieldHlcs(row.field_hlcs)).toEqual({ summary: edited.hlc });

    const person = value<DeskApiOutputs['updatePerson']>(
      await service.call('updatePerson', { personId: row.person_id, complaintId, email: 'noor@example.org' }),
    );
    expect(person.applied).toEqual(['email']);
    const outbox = service.desk.db
      .prepare("SELECT use_case FROM outbox WHERE status = 'pending' ORDER BY seq DESC LIMIT 2")
      .all() as { use_case: string }[];
    expect(outbox.map((o) => o.use_case)).toEqual(['update-person', 'update-complaint-details']);

    // Bad input is an error value and changes nothing.
    const bad = await service.call('updatePerson', { personId: row.person_id, complaintId, postcode: 'nowhere' });
    expect(bad.ok ? null : bad.error.code).toBe('invalid-input');
    const none = await service.call('updateComplaintDetails', { complaintId });
    expect(none.ok ? null : none.error.code).toBe('invalid-input');
  });

  it('edits a person from their own records page: no case to name, the audit trail records it, no timeline', async () => {
    value(await service.call('signIn', login('agent')));
    const { contactId } = value<{ contactId: string }>(
      await service.call('logContact', {
        channel: 'phone',
        madeBy: 'resident',
        person: { givenName: 'Ada', familyName: 'Okafor', phone: '0161 496 0000' },
        whatHappened: 'Asked about a repair.',
      }),
    );
    const { person_id: personId } = service.desk.db
      .prepare('SELECT person_id FROM contacts WHERE id = ?')
      .get(contactId) as { person_id: string };
    const timeline = () =>
      (service.desk.db.prepare('SELECT count(*) AS n FROM timeline_events').get() as { n: number }).n;
    const eventsBefore = timeline();

    const edited = value<DeskApiOutputs['updatePerson']>(
      await service.call('updatePerson', { personId, phone: '0161 496 0999', familyName: 'Okafor-Reid' }),
    );
    expect(edited.applied.sort()).toEqual(['family_name', 'phone']);
    const person = service.desk.db
      .prepare('SELECT phone, family_name, display_name FROM people WHERE id = ?')
      .get(personId) as { phone: string; family_name: string; display_name: string };
    expect(person).toEqual({ phone: '0161 496 0999', family_name: 'Okafor-Reid', display_name: 'Ada Okafor-Reid' });
    const audit = service.desk.db
      .prepare('SELECT entity_type, action, before_json, after_json FROM audit_log ORDER BY seq DESC LIMIT 1')
      .get() as { entity_type: string; action: string; before_json: string; after_json: string };
    expect(audit.entity_type).toBe('person');
    expect(audit.action).toBe('update-person');
    expect(JSON.parse(audit.before_json)).toMatchObject({ phone: '0161 496 0000', family_name: 'Okafor' });
    expect(JSON.parse(audit.after_json)).toMatchObject({ phone: '0161 496 0999', family_name: 'Okafor-Reid' });
    // The timeline is a complaint's or an enquiry's: an edit made from neither adds no event to either.
    expect(timeline()).toBe(eventsBefore);
    const outbox = service.desk.db
      .prepare("SELECT use_case FROM outbox WHERE status = 'pending' ORDER BY seq DESC LIMIT 1")
      .get() as { use_case: string };
    expect(outbox.use_case).toBe('update-person');

    // Its field errors and a role that may not edit are refused, changing nothing.
    const bad = await service.call('updatePerson', { personId, phone: 'call me' });
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'invalid-input', fields: [{ path: 'phone' }] });
    value(await service.call('signOut', {}));
    value(await service.call('signIn', login('owner')));
    const refused = await service.call('updatePerson', { personId, phone: '0161 496 0111' });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    expect(service.desk.db.prepare('SELECT phone FROM people WHERE id = ?').get(personId)).toEqual({
      phone: '0161 496 0999',
    });
  });
});

describe('decision conflicts', () => {
  it('are listed, refused to an agent, and resolved once by a team leader', async () => {
    value(await service.call('signIn', login('agent')));
    expect(value(await service.call('listConflicts', {}))).toEqual([]);
    // A complaint with a stage decision, and a conflict on it as a pull from the server would bring it.
    const c = service.desk.db
      .prepare("SELECT id, state_json, version, updated_hlc FROM complaints WHERE stage_status = 'responded' LIMIT 1")
      .get() as { id: string; state_json: string; version: number; updated_hlc: string } | undefined;
    if (!c) throw new Error('the demo organisation has no responded complaint');
    const state = JSON.parse(c.state_json) as CaseRecord;
    const decided = [...state.stages].reverse().find((s) => s.decision !== null);
    const other = decided?.decision === 'upheld' ? 'not-upheld' : 'upheld';
    const detected = detectDecisionConflict(
      {
        mutationId: '01940000-0000-7000-8000-00000000cf11',
        deskId: '01940000-0000-7000-8000-00000000de51',
        actorId: '01940000-0000-7000-8000-00000000a0a0',
        hlc: '001773000000000-0000-01940000-0000-7000-8000-00000000de51',
        command: { type: 'respond', decision: other },
      },
      state,
      { version: c.version, updatedHlc: c.updated_hlc },
    );
    if (!detected) throw new Error('no conflict detected');
    const row = conflictRow('01940000-0000-7000-8000-00000000cf11', detected, 'complaints', c.id);
    const cols = Object.keys(row);
    service.desk.db
      .prepare(`INSERT INTO sync_conflicts (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
      .run(...cols.map((k) => row[k]));

    const listed = value<DeskApiOutputs['listConflicts']>(await service.call('listConflicts', {}));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      complaintId: c.id,
      field: `stage:${decided?.key}:decision`,
      local: { command: { type: 'respond', decision: other } },
      remote: { stageDecision: decided?.decision },
      resolution: null,
    });
    const conflictId = listed[0]?.id ?? '';
    const denied = await service.call('resolveConflict', { conflictId, resolution: 'local' });
    expect(denied.ok ? null : denied.error.code).toBe('forbidden');

    value(await service.call('signIn', login('leader')));
    const merged = await service.call('resolveConflict', { conflictId, resolution: 'merged' });
    expect(merged.ok ? null : merged.error.code).toBe('invalid-input'); // say what was agreed
    const done = value<DeskApiOutputs['resolveConflict']>(
      await service.call('resolveConflict', { conflictId, resolution: 'local', note: 'The resident agreed.' }),
    );
    expect(done).toMatchObject({ resolution: 'local', decision: other });
    const after = JSON.parse(
      (service.desk.db.prepare('SELECT state_json FROM complaints WHERE id = ?').get(c.id) as { state_json: string })
        .state_json,
    ) as CaseRecord;
    expect(after.stages.find((s) => s.key === decided?.key)?.decision).toBe(other);
    expect(value(await service.call('listConflicts', {}))).toEqual([]);
    expect(
      value<DeskApiOutputs['listConflicts']>(await service.call('listConflicts', { includeResolved: true }))[0],
    ).toMatchObject({ resolution: 'local', note: 'The resident agreed.' });
    const twice = await service.call('resolveConflict', { conflictId, resolution: 'remote' });
    expect(twice.ok ? null : twice.error.code).toBe('illegal-transition');
    const unknown = await service.call('resolveConflict', {
      conflictId: '01940000-0000-7000-8000-00000000cfff',
      resolution: 'remote',
    });
    expect(unknown.ok ? null : unknown.error.code).toBe('not-found');
  });
});
