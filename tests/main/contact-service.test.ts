// contactDetail and recordsOf through the desk service (the one entry point both hosts use), on a real SQLite file
// seeded with the demo organisation: a session is needed, a malformed id and an unknown one are refused clearly,
// and the commands offered follow the signed-in role.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, seedDemoOrganisation } from '../../electron/desk/demo.js';
import { DeskService } from '../../electron/desk/service.js';
import type { DeskApiOutputs, DeskApiResult } from '../../shared/contracts/desk-api.js';
import type { IsoDate } from '../../shared/domain/dates.js';

const TODAY = '2026-03-11' as IsoDate;
const clock = { nowIso: () => `${TODAY}T12:00:00.000Z`, today: () => TODAY };
const UNKNOWN = '01940000-0000-7000-8000-0000000fffff';
let dir: string;
let service: DeskService;

function value<T>(r: DeskApiResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

async function signInAs(key: string): Promise<void> {
  const u = DEMO_USERS.find((x) => x.key === key);
  if (!u) throw new Error(`no demo user ${key}`);
  value(await service.call('signIn', { email: u.email, password: u.password }));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'desk-contact-'));
  service = DeskService.open({ dataDir: dir, clock });
  await seedDemoOrganisation(service.desk, { today: TODAY, cases: 30 });
}, 60_000);

afterAll(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

const converted = () =>
  service.desk.db
    .prepare("SELECT id, complaint_id, person_id FROM contacts WHERE status = 'converted' ORDER BY id LIMIT 1")
    .get() as { id: string; complaint_id: string; person_id: string };

describe('contactDetail through the desk service', () => {
  it('needs a session', async () => {
    expect(await service.call('contactDetail', { contactId: converted().id })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });

  it('refuses a malformed id and answers an unknown one with a clear not-found', async () => {
    await signInAs('agent');
    expect(await service.call('contactDetail', { contactId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', fields: [{ path: 'contactId' }] },
    });
    expect(await service.call('contactDetail', { contactId: UNKNOWN })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no such contact on this desk' },
    });
    expect(await service.call('recordsOf', { kind: 'property', id: UNKNOWN })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no such property on this desk' },
    });
  });

  it('gives a converted contact with its complaint, and the commands the role allows', async () => {
    await signInAs('agent');
    const row = converted();
    const d = value<DeskApiOutputs['contactDetail']>(await service.call('contactDetail', { contactId: row.id }));
    expect(d.contact.complaint?.id).toBe(row.complaint_id);
    expect(d.contact.complaint?.reference).toMatch(/^CMP-DEMO-\d{6}$/);
    expect(d.commands.convert.allowed).toBe(false);
    expect(d.commands.edit).toEqual({ allowed: true, reason: null });
    await signInAs('owner');
    const owner = value<DeskApiOutputs['contactDetail']>(await service.call('contactDetail', { contactId: row.id }));
    expect(owner.commands.edit).toEqual({
      allowed: false,
      reason: 'your role (business-area-owner) may not edit details',
    });
    const records = value<DeskApiOutputs['recordsOf']>(
      await service.call('recordsOf', { kind: 'person', id: row.person_id }),
    );
    expect(records.contacts.map((c) => c.id)).toContain(row.id);
    expect(records.complaints.map((c) => c.id)).toContain(row.complaint_id);
  });
});
