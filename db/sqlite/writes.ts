// Row-level writes the use cases (shared/app, through their ports) build on. Each is one prepared statement;
// none opens a transaction: the use case wraps the change, its audit entry and its outbox entry in one.
import type Database from 'better-sqlite3';
import { stmt } from './statements.js';

export type Region = 'england-and-wales' | 'scotland' | 'northern-ireland';

/** Columns as named in SQL; optional ones default to NULL. */
type Row = Record<string, string | number | null>;

function insert(db: Database.Database, table: string, columns: readonly string[], row: Row): void {
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`;
  const params: Row = {};
  for (const c of columns) params[c] = row[c] ?? null;
  stmt(db, sql).run(params);
}

export interface TeamInput {
  id: string;
  name: string;
  businessAreaKey?: string | null;
  updatedHlc: string;
}
export function upsertTeam(db: Database.Database, t: TeamInput): void {
  stmt(
    db,
    `INSERT INTO teams (id, name, business_area_key, updated_hlc) VALUES (@id, @name, @ba, @hlc)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, business_area_key = excluded.business_area_key,
       updated_hlc = excluded.updated_hlc`,
  ).run({ id: t.id, name: t.name, ba: t.businessAreaKey ?? null, hlc: t.updatedHlc });
}

export interface UserInput {
  id: string;
  displayName: string;
  email: string;
  teamId?: string | null;
  roles: readonly string[];
  active?: boolean;
  updatedHlc: string;
}
export function upsertUser(db: Database.Database, u: UserInput): void {
  stmt(
    db,
    `INSERT INTO users (id, display_name, email, team_id, active, updated_hlc) VALUES (@id, @name, @email, @team, @active, @hlc)
     ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email,
       team_id = excluded.team_id, active = excluded.active, updated_hlc = excluded.updated_hlc`,
  ).run({
    id: u.id,
    name: u.displayName,
    email: u.email,
    team: u.teamId ?? null,
    active: u.active === false ? 0 : 1,
    hlc: u.updatedHlc,
  });
  stmt(db, 'DELETE FROM user_roles WHERE user_id = ?').run(u.id);
  for (const r of u.roles) stmt(db, 'INSERT INTO user_roles (user_id, role_key) VALUES (?, ?)').run(u.id, r);
}

export function upsertBusinessArea(
  db: Database.Database,
  key: string,
  name: string,
  ownerUserId: string | null = null,
): void {
  stmt(
    db,
    `INSERT INTO business_areas (key, name, owner_user_id) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET name = excluded.name, owner_user_id = excluded.owner_user_id`,
  ).run(key, name, ownerUserId);
}

export function upsertCategory(db: Database.Database, key: string, name: string, businessAreaKey: string | null): void {
  stmt(
    db,
    `INSERT INTO categories (key, name, business_area_key) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET name = excluded.name, business_area_key = excluded.business_area_key`,
  ).run(key, name, businessAreaKey);
}

export interface PersonInput {
  id: string;
  kind: 'resident' | 'representative' | 'group' | 'organisation' | 'other';
  title?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  displayName: string;
  email?: string | null;
  phone?: string | null;
  addressLine1?: string | null;
  addressLine2?: string | null;
  town?: string | null;
  postcode?: string | null;
  createdAt: string;
  updatedHlc: string;
}
export function insertPerson(db: Database.Database, p: PersonInput): void {
  insert(
    db,
    'people',
    [
      'id',
      'kind',
      'title',
      'given_name',
      'family_name',
      'display_name',
      'email',
      'phone',
      'address_line1',
      'address_line2',
      'town',
      'postcode',
      'created_at',
      'updated_hlc',
    ],
    {
      id: p.id,
      kind: p.kind,
      title: p.title ?? null,
      given_name: p.givenName ?? null,
      family_name: p.familyName ?? null,
      display_name: p.displayName,
      email: p.email ?? null,
      phone: p.phone ?? null,
      address_line1: p.addressLine1 ?? null,
      address_line2: p.addressLine2 ?? null,
      town: p.town ?? null,
      postcode: p.postcode ?? null,
      created_at: p.createdAt,
      updated_hlc: p.updatedHlc,
    },
  );
}

export interface PropertyInput {
  id: string;
  uprn?: string | null;
  addressLine1: string;
  addressLine2?: string | null;
  town: string;
  postcode: string;
  region?: Region | null;
  updatedHlc: string;
}
export function insertProperty(db: Database.Database, p: PropertyInput): void {
  insert(
    db,
    'properties',
    ['id', 'uprn', 'address_line1', 'address_line2', 'town', 'postcode', 'region', 'updated_hlc'],
    {
      id: p.id,
      uprn: p.uprn ?? null,
      address_line1: p.addressLine1,
      address_line2: p.addressLine2 ?? null,
      town: p.town,
      postcode: p.postcode,
      region: p.region ?? null,
      updated_hlc: p.updatedHlc,
    },
  );
}

export interface ContactInput {
  id: string;
  reference: string;
  receivedAt: string;
  receivedDate: string;
  channel: string;
  madeBy: 'resident' | 'representative' | 'group' | 'anonymous';
  personId?: string | null;
  representationId?: string | null;
  groupId?: string | null;
  propertyId?: string | null;
  tenancyId?: string | null;
  categoryKey?: string | null;
  businessAreaKey?: string | null;
  kind?: 'enquiry' | 'service-request' | 'feedback' | 'compliment';
  whatHappened: string;
  outcomeWanted?: string | null;
  dissatisfaction: boolean;
  offeredChoiceToComplain: boolean;
  adjustmentsJson?: string | null;
  loggedBy: string;
  teamId?: string | null;
  hlc: string;
}
export function insertContact(db: Database.Database, c: ContactInput): void {
  insert(
    db,
    'contacts',
    [
      'id',
      'reference',
      'received_at',
      'received_date',
      'channel',
      'made_by',
      'person_id',
      'representation_id',
      'group_id',
      'property_id',
      'tenancy_id',
      'category_key',
      'business_area_key',
      'kind',
      'what_happened',
      'outcome_wanted',
      'dissatisfaction',
      'offered_choice_to_complain',
      'adjustments_json',
      'logged_by',
      'team_id',
      'created_hlc',
      'updated_hlc',
    ],
    {
      id: c.id,
      reference: c.reference,
      received_at: c.receivedAt,
      received_date: c.receivedDate,
      channel: c.channel,
      made_by: c.madeBy,
      person_id: c.personId ?? null,
      representation_id: c.representationId ?? null,
      group_id: c.groupId ?? null,
      property_id: c.propertyId ?? null,
      tenancy_id: c.tenancyId ?? null,
      category_key: c.categoryKey ?? null,
      business_area_key: c.businessAreaKey ?? null,
      kind: c.kind ?? 'enquiry',
      what_happened: c.whatHappened,
      outcome_wanted: c.outcomeWanted ?? null,
      dissatisfaction: c.dissatisfaction ? 1 : 0,
      offered_choice_to_complain: c.offeredChoiceToComplain ? 1 : 0,
      adjustments_json: c.adjustmentsJson ?? null,
      logged_by: c.loggedBy,
      team_id: c.teamId ?? null,
      created_hlc: c.hlc,
      updated_hlc: c.hlc,
    },
  );
}

/** The lifecycle state and the columns queries use, denormalised from it by the caller. */
export interface ComplaintStateColumns {
  stateJson: string;
  status: 'screening' | 'open' | 'refused' | 'closed' | 'withdrawn';
  stageKey: string | null;
  stageStatus: string | null;
  assigneeId: string | null;
  teamId: string | null;
  nextDeadlineDate: string | null;
  nextDeadlineKind: string | null;
  outcome?: 'upheld' | 'partly-upheld' | 'not-upheld' | 'resolved' | 'withdrawn' | null;
  closedDate?: string | null;
}

export interface ComplaintInput extends ComplaintStateColumns {
  id: string;
  reference: string;
  contactId?: string | null;
  profileKey: string;
  profileVersionId: string;
  region: Region;
  receivedDate: string;
  personId?: string | null;
  representationId?: string | null;
  groupId?: string | null;
  propertyId?: string | null;
  categoryKey?: string | null;
  businessAreaKey?: string | null;
  summary: string;
  outcomeWanted?: string | null;
  createdBy: string;
  hlc: string;
}
export function insertComplaint(db: Database.Database, c: ComplaintInput): void {
  insert(
    db,
    'complaints',
    [
      'id',
      'reference',
      'contact_id',
      'profile_key',
      'profile_version_id',
      'region',
      'received_date',
      'person_id',
      'representation_id',
      'group_id',
      'property_id',
      'category_key',
      'business_area_key',
      'summary',
      'outcome_wanted',
      'state_json',
      'status',
      'stage_key',
      'stage_status',
      'assignee_id',
      'team_id',
      'next_deadline_date',
      'next_deadline_kind',
      'outcome',
      'closed_date',
      'created_by',
      'created_hlc',
      'updated_hlc',
    ],
    {
      id: c.id,
      reference: c.reference,
      contact_id: c.contactId ?? null,
      profile_key: c.profileKey,
      profile_version_id: c.profileVersionId,
      region: c.region,
      received_date: c.receivedDate,
      person_id: c.personId ?? null,
      representation_id: c.representationId ?? null,
      group_id: c.groupId ?? null,
      property_id: c.propertyId ?? null,
      category_key: c.categoryKey ?? null,
      business_area_key: c.businessAreaKey ?? null,
      summary: c.summary,
      outcome_wanted: c.outcomeWanted ?? null,
      state_json: c.stateJson,
      status: c.status,
      stage_key: c.stageKey,
      stage_status: c.stageStatus,
      assignee_id: c.assigneeId,
      team_id: c.teamId,
      next_deadline_date: c.nextDeadlineDate,
      next_deadline_kind: c.nextDeadlineKind,
      outcome: c.outcome ?? null,
      closed_date: c.closedDate ?? null,
      created_by: c.createdBy,
      created_hlc: c.hlc,
      updated_hlc: c.hlc,
    },
  );
}

/**
 * Writes a new lifecycle state if the row is still at `expectedVersion` (optimistic concurrency: another
 * window or an applied sync change wins, and the use case retries or reports a conflict). Returns false
 * when the version had moved on.
 */
export function updateComplaintState(
  db: Database.Database,
  id: string,
  expectedVersion: number,
  s: ComplaintStateColumns,
  hlc: string,
): boolean {
  const r = stmt(
    db,
    `UPDATE complaints SET state_json = @state, status = @status, stage_key = @stage, stage_status = @stageStatus,
       assignee_id = @assignee, team_id = @team, next_deadline_date = @due, next_deadline_kind = @dueKind,
       outcome = @outcome, closed_date = @closed, updated_hlc = @hlc, version = version + 1
     WHERE id = @id AND version = @expected`,
  ).run({
    id,
    expected: expectedVersion,
    state: s.stateJson,
    status: s.status,
    stage: s.stageKey,
    stageStatus: s.stageStatus,
    assignee: s.assigneeId,
    team: s.teamId,
    due: s.nextDeadlineDate,
    dueKind: s.nextDeadlineKind,
    outcome: s.outcome ?? null,
    closed: s.closedDate ?? null,
    hlc,
  });
  return r.changes === 1;
}

export interface TimelineEventInput {
  id: string;
  complaintId?: string | null;
  contactId?: string | null;
  hlc: string;
  occurredAt: string;
  actorId?: string | null;
  kind: string;
  summary: string;
  detail?: unknown;
}
export function appendTimelineEvent(db: Database.Database, e: TimelineEventInput): void {
  insert(
    db,
    'timeline_events',
    ['id', 'complaint_id', 'contact_id', 'hlc', 'occurred_at', 'actor_id', 'kind', 'summary', 'detail_json'],
    {
      id: e.id,
      complaint_id: e.complaintId ?? null,
      contact_id: e.contactId ?? null,
      hlc: e.hlc,
      occurred_at: e.occurredAt,
      actor_id: e.actorId ?? null,
      kind: e.kind,
      summary: e.summary,
      detail_json: e.detail === undefined ? null : JSON.stringify(e.detail),
    },
  );
}

export interface NoteInput {
  id: string;
  complaintId?: string | null;
  contactId?: string | null;
  personId?: string | null;
  authorId: string;
  body: string;
  createdAt: string;
  hlc: string;
}
export function insertNote(db: Database.Database, n: NoteInput): void {
  insert(db, 'notes', ['id', 'complaint_id', 'contact_id', 'person_id', 'author_id', 'body', 'created_at', 'hlc'], {
    id: n.id,
    complaint_id: n.complaintId ?? null,
    contact_id: n.contactId ?? null,
    person_id: n.personId ?? null,
    author_id: n.authorId,
    body: n.body,
    created_at: n.createdAt,
    hlc: n.hlc,
  });
}
