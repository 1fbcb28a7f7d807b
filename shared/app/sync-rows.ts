// The canonical rows of sync: what a use case's writes look like as the desk's SQLite rows, column by column,
// computed without SQLite. The server runs every pushed mutation on a RowStore (over rows it prefetched from
// PostgreSQL) and sends the rows it wrote to desks, which upsert them as they are. It mirrors
// db/sqlite/desk-core.ts + writes.ts; tests/sync/canonical-rows.test.ts replays the same use cases on both and
// requires identical rows, so the two cannot drift apart unnoticed.
import type { Region } from '../domain/calendar/bank-holidays.js';
import type { CaseRecord } from '../domain/lifecycle/types.js';
import type {
  AuditInput,
  ComplaintColumns,
  ConflictRecord,
  ConflictResolutionWrite,
  EditableRow,
  EditableWrite,
  ComplaintRecord,
  ContactRecord,
  DeskRepository,
  NewComplaint,
  NewContact,
  NewCorrespondence,
  ReferenceKind,
  TimelineEntry,
  UnitOfWork,
} from './ports.js';
import type { LetterRow, LetterTable } from './letter-ports.js';
import type { BusinessAreaRecord, RemedyRow, RemedyTable } from './remedy-ports.js';
import { encodeFieldHlcs, parseFieldHlcs, type DetectedConflict, type LwwTable } from './field-merge.js';

export const SYNC_TABLES = [
  'people',
  'group_members',
  'representations',
  'contacts',
  'complaints',
  'timeline_events',
  'notes',
  'correspondence',
  // Decision conflicts the server detected (field-merge.ts): created by the server, resolved by a person.
  'sync_conflicts',
  // Letters and the weekly calibration (letter-use-cases.ts builds these rows whole).
  'letter_templates',
  'letters',
  'letter_versions',
  'letter_reviews',
  'calibration_draws',
  'calibration_items',
  // Putting things right (remedy-use-cases.ts builds these rows whole).
  'remedies',
  'post_resolution_actions',
] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];

export type RowValue = string | number | null;
export type CanonicalRow = Readonly<Record<string, RowValue>>;

/** Tables whose rows are only ever inserted: a change to one never overwrites anything. */
export const APPEND_ONLY_TABLES: readonly SyncTable[] = [
  'timeline_events',
  'notes',
  'correspondence',
  'letter_versions',
  'letter_reviews',
  'calibration_draws',
];

export interface RowWrite {
  readonly table: SyncTable;
  readonly id: string;
  readonly row: CanonicalRow;
  /** The team whose people may see it: the team of the case (enquiry or complaint) it belongs to. */
  readonly teamId: string | null;
  readonly insert: boolean;
}

/** What the store cannot know from its rows: reference data, answered by the caller. */
export interface RowLookups {
  userExists(id: string): boolean;
  personExists(id: string): boolean;
  referenceExists(kind: ReferenceKind, key: string): boolean;
  regionForProperty(propertyId: string): Region | null;
  /** A business area and its owner (reference data); null when there is no such active area. */
  businessArea(key: string): BusinessAreaRecord | null;
}

export const rowKey = (table: SyncTable, id: string): string => `${table}:${id}`;

/** The complaint's denormalised columns, derived from its lifecycle state: one derivation for the desk's
 * SQLite repository (desk-core.ts) and for the server's canonical rows, so the two cannot differ. */
export function complaintDerivedColumns(c: ComplaintColumns) {
  const s: CaseRecord = c.state;
  const stage = s.stages[s.stages.length - 1];
  const status = s.status === 'enquiry' || s.status === 'enquiry-resolved' ? 'screening' : s.status;
  const closedDate =
    s.status === 'closed'
      ? (s.closure?.on ?? null)
      : s.status === 'withdrawn'
        ? (s.withdrawal?.on ?? null)
        : s.status === 'refused'
          ? (s.screening?.on ?? null)
          : null;
  const decided = [...s.stages].reverse().find((x) => x.decision !== null);
  const outcome =
    s.status === 'withdrawn' ? 'withdrawn' : s.status === 'closed' ? (decided?.decision ?? 'resolved') : null;
  return {
    stateJson: JSON.stringify(s),
    status,
    stageKey: stage?.key ?? null,
    stageStatus: stage?.status ?? null,
    assigneeId: c.assigneeId,
    teamId: c.teamId,
    nextDeadlineDate: c.nextDeadline?.date ?? null,
    nextDeadlineKind: c.nextDeadline?.kind ?? null,
    outcome,
    closedDate,
  } as const;
}

/** The same columns as the desk's SQLite row names them. */
export function complaintStateColumns(c: ComplaintColumns): Record<string, RowValue> {
  const d = complaintDerivedColumns(c);
  return {
    state_json: d.stateJson,
    status: d.status,
    stage_key: d.stageKey,
    stage_status: d.stageStatus,
    assignee_id: d.assigneeId,
    team_id: d.teamId,
    next_deadline_date: d.nextDeadlineDate,
    next_deadline_kind: d.nextDeadlineKind,
    outcome: d.outcome,
    closed_date: d.closedDate,
  };
}

const str = (v: RowValue | undefined): string | null => (typeof v === 'string' ? v : null);

/** A DeskRepository over canonical rows in memory. Synchronous, as the port requires. */
export class RowStore implements DeskRepository {
  readonly writes: RowWrite[] = [];
  readonly audit: AuditInput[] = [];

  constructor(
    readonly rows: Map<string, CanonicalRow>,
    private readonly lookups: RowLookups,
  ) {}

  row(table: SyncTable, id: string): CanonicalRow | undefined {
    return this.rows.get(rowKey(table, id));
  }

  private put(table: SyncTable, row: CanonicalRow, teamId: string | null, insert: boolean): void {
    const id = str(row.id);
    if (id === null) throw new Error(`a ${table} row needs an id`);
    if (insert && this.rows.has(rowKey(table, id))) throw new Error(`${table} ${id} already exists`);
    this.rows.set(rowKey(table, id), row);
    this.writes.push({ table, id, row, teamId, insert });
  }

  private teamOfCase(complaintId: string | null, contactId: string | null): string | null {
    if (complaintId) return str(this.row('complaints', complaintId)?.team_id);
    if (contactId) return str(this.row('contacts', contactId)?.team_id);
    return null;
  }

  nextReference(): string {
    throw new Error('a RowStore issues no references: it only replays mutations that carry theirs');
  }
  userExists(id: string): boolean {
    return this.lookups.userExists(id);
  }
  personExists(id: string): boolean {
    return this.rows.has(rowKey('people', id)) || this.lookups.personExists(id);
  }
  referenceExists(kind: ReferenceKind, key: string): boolean {
    return this.lookups.referenceExists(kind, key);
  }
  regionForProperty(propertyId: string): Region | null {
    return this.lookups.regionForProperty(propertyId);
  }

  insertContact(c: NewContact): void {
    const people = [c.person, c.representative].filter((p) => p !== null);
    const person = (p: {
      id: string;
      kind: string;
      givenName: string | null;
      familyName: string | null;
      displayName: string;
      email: string | null;
      phone: string | null;
      addressLine1: string | null;
      town: string | null;
      postcode: string | null;
    }): CanonicalRow => ({
      id: p.id,
      kind: p.kind,
      title: null,
      given_name: p.givenName,
      family_name: p.familyName,
      display_name: p.displayName,
      date_of_birth: null,
      email: p.email,
      phone: p.phone,
      phone_alt: null,
      address_line1: p.addressLine1,
      address_line2: null,
      town: p.town,
      postcode: p.postcode,
      external_ref: null,
      deceased: 0,
      created_at: c.receivedAt,
      updated_hlc: c.hlc,
      version: 1,
      field_hlcs: '{}',
    });
    for (const p of people) {
      this.put(
        'people',
        person({ ...p, kind: p === c.representative ? 'representative' : 'resident' }),
        c.teamId,
        true,
      );
    }
    if (c.group) {
      const group = c.group;
      this.put(
        'people',
        person({
          id: group.id,
          kind: 'group',
          givenName: null,
          familyName: null,
          displayName: group.displayName,
          email: null,
          phone: null,
          addressLine1: null,
          town: null,
          postcode: null,
        }),
        c.teamId,
        true,
      );
      for (const m of group.members) {
        this.put('people', person({ ...m, kind: 'resident' }), c.teamId, true);
        this.put(
          'group_members',
          {
            id: m.membershipId,
            group_id: group.id,
            member_id: m.id,
            is_signatory: m.isSignatory ? 1 : 0,
            added_at: c.receivedAt,
            updated_hlc: c.hlc,
          },
          c.teamId,
          true,
        );
      }
    }
    let representationId: string | null = null;
    if (c.representative) {
      if (!c.personId) throw new Error('a representative acts for a resident: the resident is needed');
      representationId = c.representative.representationId;
      this.put(
        'representations',
        {
          id: representationId,
          representative_id: c.representative.id,
          resident_id: c.personId,
          relationship: c.representative.relationship,
          authorisation_kind: c.representative.authorisationKind,
          authorisation_date: c.representative.authorisationDate,
          evidence_sha256: null,
          valid_until: null,
          created_at: c.receivedAt,
          updated_hlc: c.hlc,
        },
        c.teamId,
        true,
      );
    }
    this.put(
      'contacts',
      {
        id: c.id,
        reference: c.reference,
        received_at: c.receivedAt,
        received_date: c.receivedDate,
        channel: c.channel,
        made_by: c.madeBy,
        person_id: c.personId,
        representation_id: representationId,
        group_id: c.groupId,
        property_id: c.propertyId,
        tenancy_id: null,
        category_key: c.categoryKey,
        business_area_key: c.businessAreaKey,
        kind: c.kind,
        what_happened: c.whatHappened,
        outcome_wanted: c.outcomeWanted,
        dissatisfaction: c.dissatisfaction ? 1 : 0,
        offered_choice_to_complain: 0,
        adjustments_json: c.adjustments,
        status: 'open',
        resolution: null,
        resolved_at: null,
        complaint_id: null,
        logged_by: c.loggedBy,
        team_id: c.teamId,
        created_hlc: c.hlc,
        updated_hlc: c.hlc,
        version: 1,
        field_hlcs: '{}',
      },
      c.teamId,
      true,
    );
  }

  getContact(id: string): ContactRecord | null {
    const r = this.row('contacts', id);
    if (!r) return null;
    const representationId = str(r.representation_id);
    const representation = representationId ? this.row('representations', representationId) : undefined;
    return {
      id,
      reference: String(r.reference),
      receivedDate: String(r.received_date) as ContactRecord['receivedDate'],
      status: r.status as ContactRecord['status'],
      madeBy: r.made_by as ContactRecord['madeBy'],
      representationAuthorisation: (str(representation?.authorisation_kind) ??
        null) as ContactRecord['representationAuthorisation'],
      personId: str(r.person_id),
      representationId,
      groupId: str(r.group_id),
      propertyId: str(r.property_id),
      categoryKey: str(r.category_key),
      businessAreaKey: str(r.business_area_key),
      whatHappened: String(r.what_happened),
      outcomeWanted: str(r.outcome_wanted),
      teamId: str(r.team_id),
      complaintId: str(r.complaint_id),
      version: Number(r.version),
    };
  }

  private updateContact(id: string, changes: Record<string, RowValue>): void {
    const r = this.row('contacts', id);
    if (!r) return; // SQLite's UPDATE of a missing row changes nothing
    this.put('contacts', { ...r, ...changes, version: Number(r.version) + 1 }, str(r.team_id), false);
  }

  resolveContact(id: string, resolution: string, resolvedAt: string, hlc: string): void {
    this.updateContact(id, { status: 'resolved', resolution, resolved_at: resolvedAt, updated_hlc: hlc });
  }

  convertContact(id: string, complaintId: string, hlc: string): void {
    this.updateContact(id, {
      status: 'converted',
      complaint_id: complaintId,
      offered_choice_to_complain: 1,
      updated_hlc: hlc,
    });
  }

  insertComplaint(c: NewComplaint): void {
    this.put(
      'complaints',
      {
        id: c.id,
        reference: c.reference,
        contact_id: c.contact.id,
        profile_key: c.profileFamily,
        profile_version_id: c.state.profileId,
        region: c.region,
        received_date: c.state.receivedOn,
        person_id: c.contact.personId,
        representation_id: c.contact.representationId,
        group_id: c.contact.groupId,
        property_id: c.contact.propertyId,
        category_key: c.contact.categoryKey,
        business_area_key: c.contact.businessAreaKey,
        summary: c.contact.whatHappened,
        outcome_wanted: c.contact.outcomeWanted,
        ...complaintStateColumns(c),
        resolved_at_stage: null,
        exceptional_circumstances_id: null,
        created_by: c.createdBy,
        created_hlc: c.hlc,
        updated_hlc: c.hlc,
        version: 1,
        field_hlcs: '{}',
      },
      c.teamId,
      true,
    );
  }

  getComplaint(id: string): ComplaintRecord | null {
    const r = this.row('complaints', id);
    if (!r) return null;
    return {
      id,
      reference: String(r.reference),
      contactId: str(r.contact_id),
      region: r.region as Region,
      assigneeId: str(r.assignee_id),
      teamId: str(r.team_id),
      state: JSON.parse(String(r.state_json)) as CaseRecord,
      version: Number(r.version),
    };
  }

  updateComplaint(id: string, expectedVersion: number, c: ComplaintColumns, hlc: string): boolean {
    const r = this.row('complaints', id);
    if (!r || Number(r.version) !== expectedVersion) return false;
    this.put(
      'complaints',
      { ...r, ...complaintStateColumns(c), updated_hlc: hlc, version: expectedVersion + 1 },
      c.teamId,
      false,
    );
    return true;
  }

  appendTimeline(e: TimelineEntry): void {
    this.put(
      'timeline_events',
      {
        id: e.id,
        complaint_id: e.complaintId,
        contact_id: e.contactId,
        hlc: e.hlc,
        occurred_at: e.occurredAt,
        actor_id: e.actorId,
        kind: e.kind,
        summary: e.summary,
        detail_json: e.detail === undefined ? null : JSON.stringify(e.detail),
      },
      this.teamOfCase(e.complaintId, e.contactId),
      true,
    );
  }

  insertNote(n: Parameters<DeskRepository['insertNote']>[0]): void {
    this.put(
      'notes',
      {
        id: n.id,
        complaint_id: n.complaintId,
        contact_id: n.contactId,
        person_id: null,
        author_id: n.authorId,
        body: n.body,
        created_at: n.createdAt,
        hlc: n.hlc,
      },
      this.teamOfCase(n.complaintId, n.contactId),
      true,
    );
  }

  storeAttachment(): string {
    throw new Error('attachment bytes do not travel with a mutation: they are uploaded separately');
  }

  insertCorrespondence(c: NewCorrespondence): void {
    this.put(
      'correspondence',
      {
        id: c.id,
        complaint_id: c.complaintId,
        contact_id: c.contactId,
        direction: c.direction,
        channel: c.channel,
        counterparty: c.counterparty,
        subject: c.subject,
        body_text: c.body,
        occurred_at: c.occurredAt,
        letter_version_id: c.letterVersionId ?? null,
        recorded_by: c.recordedBy,
        hlc: c.hlc,
      },
      this.teamOfCase(c.complaintId, c.contactId),
      true,
    );
  }

  appendAudit(e: AuditInput): void {
    this.audit.push(e);
  }

  enqueueOutbox(): void {
    // The server is where outbox entries go: nothing to queue.
  }

  // ---- letters and calibration (letter-ports.ts) ----

  letterRow(table: LetterTable, id: string): LetterRow | null {
    return this.row(table, id) ?? null;
  }

  findLetterRows(table: LetterTable, where: Readonly<Record<string, RowValue>>): LetterRow[] {
    return this.findRows(table, where);
  }

  private findRows(table: SyncTable, where: Readonly<Record<string, RowValue>>): CanonicalRow[] {
    const prefix = `${table}:`;
    const out: LetterRow[] = [];
    for (const [key, row] of this.rows) {
      if (key.startsWith(prefix) && Object.entries(where).every(([k, v]) => row[k] === v)) out.push(row);
    }
    return out;
  }

  putLetterRow(table: LetterTable, row: LetterRow, insert: boolean): void {
    this.put(table, row, this.teamOfLetterRow(table, row), insert);
  }

  /** A letter is seen by its case's team; its versions, reviews and calibration items go with it. Templates
   * and draws have no team (see the pull's visibility for who receives them). */
  private teamOfLetterRow(table: LetterTable, row: LetterRow): string | null {
    if (table === 'letters') return this.teamOfCase(str(row.complaint_id), str(row.contact_id));
    if (table === 'letter_versions' || table === 'letter_reviews' || table === 'calibration_items') {
      const letter = this.row('letters', String(row.letter_id));
      return letter ? this.teamOfCase(str(letter.complaint_id), str(letter.contact_id)) : null;
    }
    return null;
  }

  // ---- remedies and post-resolution actions (remedy-ports.ts): seen by their case's team ----

  remedyRow(table: RemedyTable, id: string): RemedyRow | null {
    return this.row(table, id) ?? null;
  }

  findRemedyRows(table: RemedyTable, where: Readonly<Record<string, RowValue>>): RemedyRow[] {
    return this.findRows(table, where);
  }

  putRemedyRow(table: RemedyTable, row: RemedyRow, insert: boolean): void {
    const complaintId = str(row.complaint_id);
    const team = this.teamOfCase(complaintId, null);
    this.put(table, row, team, insert);
    // A new action makes its case visible to the owner of the action's business area (sync-store.ts pull):
    // the case's row goes out again, unchanged, so an owner who has pulled past it still receives it.
    const complaint = complaintId ? this.row('complaints', complaintId) : undefined;
    if (insert && table === 'post_resolution_actions' && complaint) this.put('complaints', complaint, team, false);
  }

  businessArea(key: string): BusinessAreaRecord | null {
    return this.lookups.businessArea(key);
  }

  // ---- sync merge (field-merge.ts) ----

  getEditable(table: LwwTable, id: string): EditableRow | null {
    const r = this.row(table, id);
    if (!r) return null;
    return {
      values: r,
      fieldHlcs: parseFieldHlcs(r.field_hlcs),
      version: Number(r.version),
      updatedHlc: String(r.updated_hlc),
      teamId: table !== 'people' ? str(r.team_id) : null,
    };
  }

  writeEditable(table: LwwTable, id: string, changes: Readonly<Record<string, RowValue>>, w: EditableWrite): void {
    const r = this.row(table, id);
    if (!r) return;
    const changed = Object.keys(changes).length > 0;
    const updated = String(r.updated_hlc);
    this.put(
      table,
      {
        ...r,
        ...changes,
        field_hlcs: encodeFieldHlcs(w.fieldHlcs),
        ...(changed ? { updated_hlc: w.hlc > updated ? w.hlc : updated, version: Number(r.version) + 1 } : {}),
      },
      w.teamId,
      false,
    );
  }

  getConflict(id: string): ConflictRecord | null {
    const r = this.row('sync_conflicts', id);
    return r ? conflictRecordOf(r) : null;
  }

  resolveConflict(id: string, w: ConflictResolutionWrite): void {
    const r = this.row('sync_conflicts', id);
    if (!r) return;
    this.put(
      'sync_conflicts',
      {
        ...r,
        resolved_by: w.resolvedBy,
        resolved_at: w.resolvedAt,
        resolution: w.resolution,
        resolution_note: w.note,
        resolved_value: w.resolvedValue,
        updated_hlc: w.hlc,
        version: Number(r.version) + 1,
      },
      w.teamId,
      false,
    );
  }
}

/** A conflict's row as the desk's SQLite sync_conflicts table holds it (desk migration 0007). */
export function conflictRow(
  id: string,
  detected: DetectedConflict,
  entityType: string,
  entityId: string,
): CanonicalRow {
  return {
    id,
    entity_type: entityType,
    entity_id: entityId,
    local_json: JSON.stringify(detected.local),
    remote_json: JSON.stringify(detected.remote),
    detected_hlc: detected.local.hlc,
    resolved_by: null,
    resolved_at: null,
    resolution: null,
    field: detected.field,
    resolution_note: null,
    resolved_value: null,
    updated_hlc: detected.local.hlc,
    version: 1,
  };
}

export function conflictRecordOf(r: CanonicalRow): ConflictRecord {
  return {
    id: String(r.id),
    entityType: String(r.entity_type),
    entityId: String(r.entity_id),
    field: String(r.field),
    local: JSON.parse(String(r.local_json)) as ConflictRecord['local'],
    remote: JSON.parse(String(r.remote_json)) as ConflictRecord['remote'],
    resolution: (str(r.resolution) as ConflictRecord['resolution']) ?? null,
    version: Number(r.version),
  };
}

/**
 * A unit of work over a RowStore's rows that buffers what `work` writes: committed into `rows` (and `writes`)
 * when it returns, discarded when it throws — the same all-or-nothing as the desk's SQLite transaction.
 */
export class RowUnitOfWork implements UnitOfWork {
  readonly writes: RowWrite[] = [];
  readonly audit: AuditInput[] = [];
  constructor(
    readonly rows: Map<string, CanonicalRow>,
    private readonly lookups: RowLookups,
  ) {}
  run<T>(work: (repo: DeskRepository) => T): T {
    const store = new RowStore(new Map(this.rows), this.lookups);
    const result = work(store);
    for (const w of store.writes) this.rows.set(rowKey(w.table, w.id), w.row);
    this.writes.push(...store.writes);
    this.audit.push(...store.audit);
    return result;
  }
}
