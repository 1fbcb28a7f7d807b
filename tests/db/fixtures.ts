// Shared set-up for the store's tests: real SQLite files in a temp dir, deterministic ids and clocks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uuidv7 } from '../../shared/domain/ids.js';
import { encodeHlc } from '../../shared/domain/hlc.js';
import {
  enrolDesk,
  insertComplaint,
  insertContact,
  insertPerson,
  insertProperty,
  issueReference,
  openDeskDatabase,
  upsertBusinessArea,
  upsertCategory,
  upsertTeam,
  upsertUser,
  type ComplaintInput,
  type DeskDatabase,
  type SqliteDatabase,
} from '../../db/sqlite/index.js';

export function tempDir(prefix = 'desk-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Deterministic UUIDv7s: a fixed epoch plus a counter, the counter also in the random bytes. */
export function idFactory(startMs = 1_735_689_600_000): () => string {
  let n = 0;
  return () => {
    n++;
    const r = new Uint8Array(10);
    new DataView(r.buffer).setUint32(6, n);
    return uuidv7(startMs + n, r);
  };
}

let hlcN = 0;
export const nextHlc = (): string => encodeHlc({ wallMs: 1_735_689_600_000 + ++hlcN, counter: 0, node: 'desk-test' });

export const DESK_ID = '01940000-0000-7000-8000-000000000001';
export const TEAM_A = '01940000-0000-7000-8000-0000000000a1';
export const TEAM_B = '01940000-0000-7000-8000-0000000000b1';
export const AGENT = '01940000-0000-7000-8000-00000000a001';
export const AGENT2 = '01940000-0000-7000-8000-00000000a002';
export const LEADER = '01940000-0000-7000-8000-00000000b001';

/** The reference data seedDesk gives a desk, as the server's lookups answer for it (sync-rows.ts RowLookups). */
export const SEEDED_REFERENCES: ReadonlySet<string> = new Set([
  'business-area:repairs',
  'business-area:asb',
  'category:damp-mould',
  `team:${TEAM_A}`,
  `team:${TEAM_B}`,
]);
export const seededReferenceExists = (kind: string, key: string): boolean => SEEDED_REFERENCES.has(`${kind}:${key}`);

export function openTemp(dir: string, name = 'desk.db'): DeskDatabase {
  return openDeskDatabase(path.join(dir, name), { now: () => new Date('2025-01-06T09:00:00Z') });
}

export function seedDesk(db: SqliteDatabase, deskCode = 'K7Q2'): void {
  db.transaction(() => {
    enrolDesk(db, {
      deskId: DESK_ID,
      deskCode,
      organisationKey: 'example-ha',
      displayName: 'Test desk',
      enrolledAt: '2025-01-06T09:00:00.000Z',
    });
    upsertBusinessArea(db, 'repairs', 'Repairs');
    upsertBusinessArea(db, 'asb', 'Anti-social behaviour');
    upsertCategory(db, 'damp-mould', 'Damp and mould', 'repairs');
    upsertTeam(db, { id: TEAM_A, name: 'Complaints A', updatedHlc: nextHlc() });
    upsertTeam(db, { id: TEAM_B, name: 'Complaints B', updatedHlc: nextHlc() });
    upsertUser(db, {
      id: AGENT,
      displayName: 'Ada Agent',
      email: 'ada@example.org',
      teamId: TEAM_A,
      roles: ['agent'],
      updatedHlc: nextHlc(),
    });
    upsertUser(db, {
      id: AGENT2,
      displayName: 'Ben Agent',
      email: 'ben@example.org',
      teamId: TEAM_A,
      roles: ['agent'],
      updatedHlc: nextHlc(),
    });
    upsertUser(db, {
      id: LEADER,
      displayName: 'Lee Leader',
      email: 'lee@example.org',
      teamId: TEAM_A,
      roles: ['team-leader'],
      updatedHlc: nextHlc(),
    });
  })();
}

export interface CaseSpec {
  givenName?: string;
  familyName?: string;
  postcode?: string;
  phone?: string;
  email?: string;
  summary?: string;
  receivedDate?: string;
  nextDeadlineDate?: string | null;
  assigneeId?: string | null;
  teamId?: string | null;
  status?: ComplaintInput['status'];
}

/** A resident, their home, the enquiry they made and the complaint it became, in one transaction. */
export function addCase(
  db: SqliteDatabase,
  newId: () => string,
  spec: CaseSpec = {},
): { complaintId: string; contactId: string; personId: string; propertyId: string; reference: string } {
  return db.transaction(() => {
    const personId = newId();
    const propertyId = newId();
    const contactId = newId();
    const complaintId = newId();
    const given = spec.givenName ?? 'Sam';
    const family = spec.familyName ?? 'Jones';
    const postcode = spec.postcode ?? 'M1 1AA';
    insertPerson(db, {
      id: personId,
      kind: 'resident',
      givenName: given,
      familyName: family,
      displayName: `${given} ${family}`,
      email: spec.email ?? null,
      phone: spec.phone ?? null,
      addressLine1: '1 High Street',
      town: 'Manchester',
      postcode,
      createdAt: '2025-01-06T09:00:00.000Z',
      updatedHlc: nextHlc(),
    });
    insertProperty(db, {
      id: propertyId,
      addressLine1: '1 High Street',
      town: 'Manchester',
      postcode,
      updatedHlc: nextHlc(),
    });
    const received = spec.receivedDate ?? '2025-01-06';
    insertContact(db, {
      id: contactId,
      reference: issueReference(db, 'enquiry'),
      receivedAt: `${received}T09:00:00.000Z`,
      receivedDate: received,
      channel: 'phone',
      madeBy: 'resident',
      personId,
      propertyId,
      whatHappened: spec.summary ?? 'The kitchen tap has been leaking for a month.',
      dissatisfaction: true,
      offeredChoiceToComplain: true,
      loggedBy: AGENT,
      hlc: nextHlc(),
    });
    const reference = issueReference(db, 'complaint');
    insertComplaint(db, {
      id: complaintId,
      reference,
      contactId,
      profileKey: 'hos-code-2024',
      profileVersionId: 'hos-code-2024@1',
      region: 'england-and-wales',
      receivedDate: received,
      personId,
      propertyId,
      summary: spec.summary ?? 'The kitchen tap has been leaking for a month.',
      stateJson: JSON.stringify({ stage: 'stage-1' }),
      status: spec.status ?? 'open',
      stageKey: 'stage-1',
      stageStatus: 'awaiting-acknowledgement',
      assigneeId: spec.assigneeId === undefined ? AGENT : spec.assigneeId,
      teamId: spec.teamId === undefined ? TEAM_A : spec.teamId,
      nextDeadlineDate: spec.nextDeadlineDate === undefined ? '2025-01-13' : spec.nextDeadlineDate,
      nextDeadlineKind: 'acknowledgement',
      closedDate: spec.status === 'closed' || spec.status === 'withdrawn' ? received : null,
      createdBy: AGENT,
      hlc: nextHlc(),
    });
    db.prepare("UPDATE contacts SET status = 'converted', complaint_id = ? WHERE id = ?").run(complaintId, contactId);
    return { complaintId, contactId, personId, propertyId, reference };
  })();
}
