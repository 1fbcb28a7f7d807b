// The desk core on SQLite: the use cases' ports (shared/app/ports.ts) implemented over one desk database,
// plus the desk's clock, ids and hybrid logical clock. Runs in plain Node; Electron's main process (or its
// utility process) and the browser-mode host both build the same thing with createDeskCore().
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Region } from '../../shared/domain/calendar/bank-holidays.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { decodeHlc, encodeHlc, initialHlc, tick, type Hlc } from '../../shared/domain/hlc.js';
import { uuidv7 } from '../../shared/domain/ids.js';
import type { CaseRecord } from '../../shared/domain/lifecycle/types.js';
import type {
  AuthorisationKind,
  Clock,
  ComplaintColumns,
  ComplaintRecord,
  ContactRecord,
  DeskRepository,
  DeskSettings,
  ReferenceKind,
  HlcSource,
  IdSource,
  NewCorrespondence,
  UnitOfWork,
  UseCaseDeps,
} from '../../shared/app/ports.js';
import { storeAttachment } from './attachments.js';
import { complaintDerivedColumns } from '../../shared/app/sync-rows.js';
import { appendAudit } from './audit.js';
import type { DeskDatabase } from './open.js';
import { enqueueOutbox, loadLastHlc, saveLastHlc } from './outbox.js';
import { getDeskIdentity, issueReference } from './references.js';
import { stmt } from './statements.js';
import * as letters from './letters-store.js';
import * as merge from './merge-store.js';
import {
  appendTimelineEvent,
  insertComplaint,
  insertContact,
  insertNote,
  insertPerson,
  updateComplaintState,
} from './writes.js';

const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The real wall clock, with today's date as a Europe/London calendar date. */
export const systemClock: Clock = {
  nowIso: () => new Date().toISOString(),
  today: () => LONDON_DATE.format(new Date()) as IsoDate,
};

// Random bytes drawn 4 KiB at a time: a system call for each id's 10 bytes cost more than the rest of minting
// it (a sync applying 100,000 cases mints ids for their stage and deadline rows).
let randomPool = Buffer.alloc(0);
let randomAt = 0;
function tenRandomBytes(): Uint8Array {
  if (randomAt + 10 > randomPool.length) {
    randomPool = randomBytes(4096);
    randomAt = 0;
  }
  randomAt += 10;
  return randomPool.subarray(randomAt - 10, randomAt);
}

export const uuidv7Ids: IdSource = { next: () => uuidv7(Date.now(), tenRandomBytes()) };

/** The columns of a complaint_stages row as syncStagesAndDeadlines writes it (stageRow's order). */
export const STAGE_COLUMNS = [
  'id',
  'complaint_id',
  'stage_key',
  'stage_number',
  'status',
  'opened_date',
  'escalation_requested_date',
  'acknowledged_date',
  'definition',
  'response_due_date',
  'extended_to_date',
  'responded_date',
  'decision_maker_id',
  'decision',
  'outcome',
  'escalation_refused_reason',
  'updated_hlc',
] as const;

/** The row of the case's stage `i` (0-based), in STAGE_COLUMNS order. */
function stageRow(
  id: string,
  complaintId: string,
  c: ComplaintColumns,
  i: number,
  hlc: string,
): (string | number | null)[] {
  const st = c.state.stages[i];
  if (!st) throw new Error(`complaint ${complaintId} has no stage ${i + 1}`);
  const last = i === c.state.stages.length - 1;
  const respondDue = last ? (c.deadlines.find((d) => d.kind === 'respond')?.due ?? null) : null;
  const extendedTo = st.extensions[st.extensions.length - 1]?.to ?? null;
  const refused = last && c.state.closure?.kind === 'escalation-refused' ? c.state.closure.note : null;
  return [
    id,
    complaintId,
    st.key,
    i + 1,
    st.status,
    st.enteredOn,
    i > 0 ? st.enteredOn : null,
    st.acknowledgedOn,
    st.definition ? JSON.stringify(st.definition) : null,
    respondDue,
    extendedTo,
    st.respondedOn,
    st.decidedBy,
    st.decision,
    st.decision,
    refused,
    hlc,
  ];
}

/** The columns of a deadlines row as the repository inserts it (deadlineRow's order): an open deadline. */
export const DEADLINE_COLUMNS = [
  'id',
  'complaint_id',
  'stage_id',
  'kind',
  'due_date',
  'status',
  'created_hlc',
  'updated_hlc',
] as const;

function deadlineRow(
  id: string,
  complaintId: string,
  stageId: string | null,
  kind: string,
  due: string,
  hlc: string,
): (string | null)[] {
  return [id, complaintId, stageId, kind, due, 'open', hlc, hlc];
}

/**
 * The stage and deadline rows syncStagesAndDeadlines writes for a case that has none yet (a case sync's
 * bootstrap has just inserted as the server sent it), for the caller to insert many cases' at once.
 */
export function newStageAndDeadlineRows(
  complaintId: string,
  c: ComplaintColumns,
  hlc: string,
): { stages: (string | number | null)[][]; deadlines: (string | null)[][] } {
  const stages = c.state.stages.map((_, i) => stageRow(uuidv7Ids.next(), complaintId, c, i, hlc));
  const current = (stages[stages.length - 1]?.[0] as string | undefined) ?? null;
  const deadlines = c.deadlines.map((d) => deadlineRow(uuidv7Ids.next(), complaintId, current, d.kind, d.due, hlc));
  return { stages, deadlines };
}

/** The desk's HLC, persisted in sync_state inside the caller's transaction so it never runs backwards. */
export class DeskHlc implements HlcSource {
  private last: Hlc;
  constructor(
    private readonly db: Database.Database,
    node: string,
    private readonly nowMs: () => number = Date.now,
  ) {
    const saved = loadLastHlc(db);
    const decoded = saved ? decodeHlc(saved) : null;
    this.last = decoded && decoded.ok ? { ...decoded.clock, node } : initialHlc(node);
  }
  next(): string {
    // Clocks seen in pulled changes are saved by sync (sync/merge.ts): an edit made here after seeing another
    // desk's must order after it, or last-writer-wins would let the older edit stand.
    const seen = loadLastHlc(this.db);
    if (seen !== null && seen > encodeHlc(this.last)) {
      const d = decodeHlc(seen);
      if (d.ok) this.last = { ...d.clock, node: this.last.node };
    }
    this.last = tick(this.last, this.nowMs());
    const encoded = encodeHlc(this.last);
    saveLastHlc(this.db, encoded);
    return encoded;
  }
}

interface ContactRow {
  id: string;
  reference: string;
  received_date: string;
  status: ContactRecord['status'];
  made_by: ContactRecord['madeBy'];
  authorisation_kind: AuthorisationKind | null;
  person_id: string | null;
  representation_id: string | null;
  group_id: string | null;
  property_id: string | null;
  category_key: string | null;
  business_area_key: string | null;
  what_happened: string;
  outcome_wanted: string | null;
  team_id: string | null;
  complaint_id: string | null;
  version: number;
}

interface ComplaintRow {
  id: string;
  reference: string;
  contact_id: string | null;
  region: Region;
  assignee_id: string | null;
  team_id: string | null;
  state_json: string;
  version: number;
}

/** Denormalised columns the queries use: the one derivation the server's canonical rows use too. */
const stateColumns = complaintDerivedColumns;

export class SqliteDeskRepository implements DeskRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly filesDir: string,
  ) {}

  nextReference(kind: 'complaint' | 'enquiry'): string {
    return issueReference(this.db, kind);
  }
  userExists(id: string): boolean {
    return stmt(this.db, 'SELECT 1 FROM users WHERE id = ? AND active = 1').get(id) !== undefined;
  }
  personExists(id: string): boolean {
    return stmt(this.db, 'SELECT 1 FROM people WHERE id = ?').get(id) !== undefined;
  }
  referenceExists(kind: ReferenceKind, key: string): boolean {
    const sql = {
      category: 'SELECT 1 FROM categories WHERE key = ?',
      'business-area': 'SELECT 1 FROM business_areas WHERE key = ?',
      team: 'SELECT 1 FROM teams WHERE id = ?',
    }[kind];
    return stmt(this.db, sql).get(key) !== undefined;
  }
  regionForProperty(propertyId: string): Region | null {
    const r = stmt<[string], { region: Region | null }>(this.db, 'SELECT region FROM properties WHERE id = ?').get(
      propertyId,
    );
    return r?.region ?? null;
  }

  insertContact(c: Parameters<DeskRepository['insertContact']>[0]): void {
    const people = [c.person, c.representative].filter((p) => p !== null);
    for (const p of people) {
      insertPerson(this.db, {
        id: p.id,
        kind: p === c.representative ? 'representative' : 'resident',
        givenName: p.givenName,
        familyName: p.familyName,
        displayName: p.displayName,
        email: p.email,
        phone: p.phone,
        addressLine1: p.addressLine1,
        town: p.town,
        postcode: p.postcode,
        createdAt: c.receivedAt,
        updatedHlc: c.hlc,
      });
    }
    if (c.group) {
      const group = c.group;
      insertPerson(this.db, {
        id: group.id,
        kind: 'group',
        displayName: group.displayName,
        createdAt: c.receivedAt,
        updatedHlc: c.hlc,
      });
      for (const m of group.members) {
        insertPerson(this.db, {
          id: m.id,
          kind: 'resident',
          givenName: m.givenName,
          familyName: m.familyName,
          displayName: m.displayName,
          email: m.email,
          phone: m.phone,
          addressLine1: m.addressLine1,
          town: m.town,
          postcode: m.postcode,
          createdAt: c.receivedAt,
          updatedHlc: c.hlc,
        });
        stmt(
          this.db,
          'INSERT INTO group_members (id, group_id, member_id, is_signatory, added_at, updated_hlc) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(m.membershipId, group.id, m.id, m.isSignatory ? 1 : 0, c.receivedAt, c.hlc);
      }
    }
    let representationId: string | null = null;
    if (c.representative) {
      if (!c.personId) throw new Error('a representative acts for a resident: the resident is needed');
      representationId = c.representative.representationId;
      stmt(
        this.db,
        `INSERT INTO representations (id, representative_id, resident_id, relationship, authorisation_kind, authorisation_date, created_at, updated_hlc)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        representationId,
        c.representative.id,
        c.personId,
        c.representative.relationship,
        c.representative.authorisationKind,
        c.representative.authorisationDate,
        c.receivedAt,
        c.hlc,
      );
    }
    insertContact(this.db, {
      id: c.id,
      reference: c.reference,
      receivedAt: c.receivedAt,
      receivedDate: c.receivedDate,
      channel: c.channel,
      madeBy: c.madeBy,
      personId: c.personId,
      representationId,
      groupId: c.groupId,
      propertyId: c.propertyId,
      categoryKey: c.categoryKey,
      businessAreaKey: c.businessAreaKey,
      kind: c.kind,
      whatHappened: c.whatHappened,
      outcomeWanted: c.outcomeWanted,
      dissatisfaction: c.dissatisfaction,
      offeredChoiceToComplain: false,
      adjustmentsJson: c.adjustments,
      loggedBy: c.loggedBy,
      teamId: c.teamId,
      hlc: c.hlc,
    });
  }

  getContact(id: string): ContactRecord | null {
    const r = stmt<[string], ContactRow>(
      this.db,
      `SELECT c.*, r.authorisation_kind FROM contacts c LEFT JOIN representations r ON r.id = c.representation_id WHERE c.id = ?`,
    ).get(id);
    if (!r) return null;
    return {
      id: r.id,
      reference: r.reference,
      receivedDate: r.received_date as IsoDate,
      status: r.status,
      madeBy: r.made_by,
      representationAuthorisation: r.authorisation_kind,
      personId: r.person_id,
      representationId: r.representation_id,
      groupId: r.group_id,
      propertyId: r.property_id,
      categoryKey: r.category_key,
      businessAreaKey: r.business_area_key,
      whatHappened: r.what_happened,
      outcomeWanted: r.outcome_wanted,
      teamId: r.team_id,
      complaintId: r.complaint_id,
      version: r.version,
    };
  }

  resolveContact(id: string, resolution: string, resolvedAt: string, hlc: string): void {
    stmt(
      this.db,
      `UPDATE contacts SET status = 'resolved', resolution = ?, resolved_at = ?, updated_hlc = ?, version = version + 1 WHERE id = ?`,
    ).run(resolution, resolvedAt, hlc, id);
  }

  convertContact(id: string, complaintId: string, hlc: string): void {
    stmt(
      this.db,
      `UPDATE contacts SET status = 'converted', complaint_id = ?, offered_choice_to_complain = 1, updated_hlc = ?, version = version + 1 WHERE id = ?`,
    ).run(complaintId, hlc, id);
  }

  insertComplaint(c: Parameters<DeskRepository['insertComplaint']>[0]): void {
    this.insertComplaintRow(c);
    this.syncStagesAndDeadlines(c.id, c, c.hlc);
  }

  private insertComplaintRow(c: Parameters<DeskRepository['insertComplaint']>[0]): void {
    insertComplaint(this.db, {
      id: c.id,
      reference: c.reference,
      contactId: c.contact.id,
      profileKey: c.profileFamily,
      profileVersionId: c.state.profileId,
      region: c.region,
      receivedDate: c.state.receivedOn,
      personId: c.contact.personId,
      representationId: c.contact.representationId,
      groupId: c.contact.groupId,
      propertyId: c.contact.propertyId,
      categoryKey: c.contact.categoryKey,
      businessAreaKey: c.contact.businessAreaKey,
      summary: c.contact.whatHappened,
      outcomeWanted: c.contact.outcomeWanted,
      createdBy: c.createdBy,
      hlc: c.hlc,
      ...stateColumns(c),
    });
  }

  getComplaint(id: string): ComplaintRecord | null {
    const r = stmt<[string], ComplaintRow>(
      this.db,
      'SELECT id, reference, contact_id, region, assignee_id, team_id, state_json, version FROM complaints WHERE id = ?',
    ).get(id);
    if (!r) return null;
    return {
      id: r.id,
      reference: r.reference,
      contactId: r.contact_id,
      region: r.region,
      assigneeId: r.assignee_id,
      teamId: r.team_id,
      state: JSON.parse(r.state_json) as CaseRecord,
      version: r.version,
    };
  }

  updateComplaint(id: string, expectedVersion: number, c: ComplaintColumns, hlc: string): boolean {
    if (!updateComplaintState(this.db, id, expectedVersion, stateColumns(c), hlc)) return false;
    this.syncStagesAndDeadlines(id, c, hlc);
    return true;
  }

  /**
   * Keeps the relational stage and deadline rows (read by reports, breach lists and the Ombudsman's evidence)
   * in step with the lifecycle state: deadlines that stop running are met, breached (met late), superseded
   * by an extension, or cancelled when the case ended another way. Sync's bootstrap calls it for a case it
   * has just inserted as the server sent it (the complaint row needs no re-writing then).
   */
  syncStagesAndDeadlines(complaintId: string, c: ComplaintColumns, hlc: string): void {
    const stageIds: string[] = [];
    c.state.stages.forEach((_, i) => {
      const existing = stmt<[string, number], { id: string }>(
        this.db,
        'SELECT id FROM complaint_stages WHERE complaint_id = ? AND stage_number = ?',
      ).get(complaintId, i + 1);
      const id = existing?.id ?? uuidv7Ids.next();
      stageIds.push(id);
      stmt(
        this.db,
        `INSERT INTO complaint_stages (${STAGE_COLUMNS.join(', ')}) VALUES (${STAGE_COLUMNS.map(() => '?').join(', ')})
         ON CONFLICT (complaint_id, stage_number) DO UPDATE SET status = excluded.status,
           acknowledged_date = excluded.acknowledged_date, definition = excluded.definition,
           response_due_date = coalesce(excluded.response_due_date, response_due_date),
           extended_to_date = excluded.extended_to_date, responded_date = excluded.responded_date,
           decision_maker_id = excluded.decision_maker_id, decision = excluded.decision, outcome = excluded.outcome,
           escalation_refused_reason = excluded.escalation_refused_reason, updated_hlc = excluded.updated_hlc`,
      ).run(stageRow(id, complaintId, c, i, hlc));
    });

    const currentStageId = stageIds[stageIds.length - 1] ?? null;
    const stageNumberOf = new Map(stageIds.map((id, i) => [id, i]));
    const open = stmt<[string], { id: string; stage_id: string | null; kind: string; due_date: string }>(
      this.db,
      "SELECT id, stage_id, kind, due_date FROM deadlines WHERE complaint_id = ? AND status = 'open'",
    ).all(complaintId);
    const toInsert = [...c.deadlines];
    for (const row of open) {
      const i = toInsert.findIndex((d) => d.kind === row.kind && row.stage_id === currentStageId);
      const match = i >= 0 ? toInsert[i] : undefined;
      if (match && match.due === row.due_date) {
        toInsert.splice(i, 1);
        continue;
      }
      if (match) {
        toInsert.splice(i, 1);
        const newId = this.insertDeadline(complaintId, currentStageId, match.kind, match.due, hlc);
        stmt(
          this.db,
          "UPDATE deadlines SET status = 'superseded', superseded_by = ?, updated_hlc = ? WHERE id = ?",
        ).run(newId, hlc, row.id);
        continue;
      }
      const stage = row.stage_id !== null ? c.state.stages[stageNumberOf.get(row.stage_id) ?? -1] : undefined;
      const next = row.stage_id !== null ? c.state.stages[(stageNumberOf.get(row.stage_id) ?? -2) + 1] : undefined;
      const happened =
        (row.kind === 'acknowledge' && stage?.acknowledgedOn) ||
        (row.kind === 'respond' && stage?.respondedOn) ||
        (row.kind === 'escalation-request' && next?.enteredOn) ||
        null;
      const status = happened ? (happened <= row.due_date ? 'met' : 'breached') : 'cancelled';
      stmt(this.db, 'UPDATE deadlines SET status = ?, met_date = ?, updated_hlc = ? WHERE id = ?').run(
        status,
        happened ?? c.on,
        hlc,
        row.id,
      );
    }
    for (const d of toInsert) this.insertDeadline(complaintId, currentStageId, d.kind, d.due, hlc);
  }

  private insertDeadline(complaintId: string, stageId: string | null, kind: string, due: string, hlc: string): string {
    const id = uuidv7Ids.next();
    stmt(
      this.db,
      `INSERT INTO deadlines (${DEADLINE_COLUMNS.join(', ')}) VALUES (${DEADLINE_COLUMNS.map(() => '?').join(', ')})`,
    ).run(deadlineRow(id, complaintId, stageId, kind, due, hlc));
    return id;
  }

  appendTimeline(e: Parameters<DeskRepository['appendTimeline']>[0]): void {
    appendTimelineEvent(this.db, e);
  }

  insertNote(n: Parameters<DeskRepository['insertNote']>[0]): void {
    insertNote(this.db, n);
  }

  storeAttachment(bytes: Uint8Array, mediaType: string, at: string): string {
    return storeAttachment(this.db, this.filesDir, bytes, mediaType, at);
  }

  insertCorrespondence(c: NewCorrespondence): void {
    stmt(
      this.db,
      `INSERT INTO correspondence (id, complaint_id, contact_id, direction, channel, counterparty, subject, body_text, occurred_at, recorded_by, hlc, letter_version_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      c.id,
      c.complaintId,
      c.contactId,
      c.direction,
      c.channel,
      c.counterparty,
      c.subject,
      c.body,
      c.occurredAt,
      c.recordedBy,
      c.hlc,
      c.letterVersionId ?? null,
    );
    for (const a of c.attachments) {
      stmt(
        this.db,
        'INSERT OR IGNORE INTO correspondence_attachments (correspondence_id, sha256, filename) VALUES (?, ?, ?)',
      ).run(c.id, a.sha256, a.filename);
    }
  }

  appendAudit(e: Parameters<DeskRepository['appendAudit']>[0]): void {
    appendAudit(this.db, e);
  }

  enqueueOutbox(m: Parameters<DeskRepository['enqueueOutbox']>[0]): void {
    enqueueOutbox(this.db, m);
  }

  // ---- letters and calibration (letters-store.ts) ----
  letterRow(...a: Parameters<DeskRepository['letterRow']>): ReturnType<DeskRepository['letterRow']> {
    return letters.letterRow(this.db, ...a);
  }
  findLetterRows(...a: Parameters<DeskRepository['findLetterRows']>): ReturnType<DeskRepository['findLetterRows']> {
    return letters.findLetterRows(this.db, ...a);
  }
  putLetterRow(...a: Parameters<DeskRepository['putLetterRow']>): void {
    letters.putLetterRow(this.db, ...a);
  }

  // ---- remedies and post-resolution actions (letters-store.ts: the same whole-row store) ----
  remedyRow(...a: Parameters<DeskRepository['remedyRow']>): ReturnType<DeskRepository['remedyRow']> {
    return letters.letterRow(this.db, ...a);
  }
  findRemedyRows(...a: Parameters<DeskRepository['findRemedyRows']>): ReturnType<DeskRepository['findRemedyRows']> {
    return letters.findLetterRows(this.db, ...a);
  }
  putRemedyRow(...a: Parameters<DeskRepository['putRemedyRow']>): void {
    letters.putLetterRow(this.db, ...a);
  }
  businessArea(key: string): ReturnType<DeskRepository['businessArea']> {
    return letters.businessArea(this.db, key);
  }

  // ---- sync merge (merge-store.ts) ----
  getEditable(...a: Parameters<DeskRepository['getEditable']>): ReturnType<DeskRepository['getEditable']> {
    return merge.getEditable(this.db, ...a);
  }
  writeEditable(...a: Parameters<DeskRepository['writeEditable']>): void {
    merge.writeEditable(this.db, ...a);
  }
  getConflict(id: string): ReturnType<DeskRepository['getConflict']> {
    return merge.getConflict(this.db, id);
  }
  resolveConflict(...a: Parameters<DeskRepository['resolveConflict']>): void {
    merge.resolveConflictRow(this.db, ...a);
  }
}

export class SqliteUnitOfWork implements UnitOfWork {
  private readonly repo: SqliteDeskRepository;
  constructor(
    private readonly db: Database.Database,
    filesDir: string,
  ) {
    this.repo = new SqliteDeskRepository(db, filesDir);
  }
  run<T>(work: (repo: DeskRepository) => T): T {
    // better-sqlite3 transactions are synchronous: nothing can await inside one, so none is held across I/O.
    return this.db.transaction(() => work(this.repo)).immediate();
  }
}

export interface DeskCoreOptions {
  readonly settings: DeskSettings;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  readonly nowMs?: () => number;
}

/** The use cases' dependencies over an open, enrolled desk database. */
export function createDeskDeps(desk: Pick<DeskDatabase, 'db' | 'filesDir'>, options: DeskCoreOptions): UseCaseDeps {
  const db = desk.db;
  const identity = getDeskIdentity(db);
  if (!identity) throw new Error('this desk is not enrolled: it has no desk id or desk code yet');
  return {
    uow: new SqliteUnitOfWork(db, desk.filesDir),
    clock: options.clock ?? systemClock,
    ids: options.ids ?? uuidv7Ids,
    hlc: new DeskHlc(db, identity.deskId, options.nowMs),
    settings: options.settings,
  };
}
