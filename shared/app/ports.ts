// The ports the use cases need. db/sqlite implements them on the desk; db/postgres will on the server.
import type { LetterRepository } from './letter-ports.js';
import type { RemedyRepository } from './remedy-ports.js';
import type { IsoDate } from '../domain/dates.js';
import type { CaseRecord, RunningDeadline } from '../domain/lifecycle/types.js';
import type { BankHolidayOverride, Region } from '../domain/calendar/bank-holidays.js';
import { AUTHORISATION_KINDS, RELATIONSHIPS, ROLES } from '../domain/vocabulary.js';
import type { ConflictResolution, FieldHlcs, LocalDecision, LwwTable, RemoteDecision } from './field-merge.js';

export { AUTHORISATION_KINDS, RELATIONSHIPS, ROLES };

/** The desk's wall clock. Only the time of an event and today's date come from it; ordering uses the HLC. */
export interface Clock {
  /** ISO-8601 instant. */
  nowIso(): string;
  /** Today's Europe/London calendar date. */
  today(): IsoDate;
}

export interface IdSource {
  /** A new UUIDv7. */
  next(): string;
}

export interface HlcSource {
  /** The next hybrid-logical-clock value of this desk, encoded so that it sorts. */
  next(): string;
}

export type Relationship = (typeof RELATIONSHIPS)[number];

export type AuthorisationKind = (typeof AUTHORISATION_KINDS)[number];

export type Role = (typeof ROLES)[number];

export interface Actor {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly teamId: string | null;
  readonly deskId: string;
}

export interface ContactRecord {
  readonly id: string;
  readonly reference: string;
  readonly receivedDate: IsoDate;
  readonly status: 'open' | 'resolved' | 'converted';
  readonly madeBy: 'resident' | 'representative' | 'group' | 'anonymous';
  /** How the representative's authority to act is evidenced, when a representative made the contact. */
  readonly representationAuthorisation: AuthorisationKind | null;
  readonly personId: string | null;
  readonly representationId: string | null;
  readonly groupId: string | null;
  readonly propertyId: string | null;
  readonly categoryKey: string | null;
  readonly businessAreaKey: string | null;
  readonly whatHappened: string;
  readonly outcomeWanted: string | null;
  readonly teamId: string | null;
  readonly complaintId: string | null;
  readonly version: number;
}

export interface ComplaintRecord {
  readonly id: string;
  readonly reference: string;
  readonly contactId: string | null;
  readonly region: Region;
  readonly assigneeId: string | null;
  readonly teamId: string | null;
  readonly state: CaseRecord;
  readonly version: number;
}

export interface ComplaintColumns {
  readonly state: CaseRecord;
  readonly assigneeId: string | null;
  readonly teamId: string | null;
  /** The deadlines running now (the store keeps its deadline rows in step: met, breached or superseded). */
  readonly deadlines: readonly RunningDeadline[];
  readonly nextDeadline: { readonly date: IsoDate; readonly kind: string } | null;
  /** The date the change happened, for marking deadlines met or breached. */
  readonly on: IsoDate;
}

export interface NewContact {
  readonly id: string;
  readonly reference: string;
  readonly receivedAt: string;
  readonly receivedDate: IsoDate;
  readonly channel: string;
  readonly madeBy: 'resident' | 'representative' | 'group' | 'anonymous';
  readonly person: NewPerson | null;
  readonly personId: string | null;
  readonly representative:
    | (NewPerson & {
        readonly representationId: string;
        readonly relationship: Relationship;
        readonly authorisationKind: AuthorisationKind;
        readonly authorisationDate: IsoDate | null;
      })
    | null;
  readonly groupId: string | null;
  /** A group or petition registered with this contact: one complaint, a nominated signatory, named members. */
  readonly group: NewGroup | null;
  readonly propertyId: string | null;
  readonly categoryKey: string | null;
  readonly businessAreaKey: string | null;
  readonly kind: 'enquiry' | 'service-request' | 'feedback' | 'compliment';
  readonly whatHappened: string;
  readonly outcomeWanted: string | null;
  readonly dissatisfaction: boolean;
  /** Communication preferences and reasonable adjustments, as JSON (see use-cases.ts adjustmentsSchema). */
  readonly adjustments: string | null;
  readonly loggedBy: string;
  readonly teamId: string | null;
  readonly hlc: string;
}

export interface NewGroup {
  readonly id: string;
  readonly displayName: string;
  readonly members: readonly (NewPerson & { readonly membershipId: string; readonly isSignatory: boolean })[];
}

export interface NewPerson {
  readonly id: string;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly displayName: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly addressLine1: string | null;
  readonly town: string | null;
  readonly postcode: string | null;
}

export interface NewComplaint extends ComplaintColumns {
  readonly id: string;
  readonly reference: string;
  readonly contact: ContactRecord;
  readonly profileFamily: string;
  readonly region: Region;
  readonly createdBy: string;
  readonly hlc: string;
}

export interface TimelineEntry {
  readonly id: string;
  readonly complaintId: string | null;
  readonly contactId: string | null;
  readonly hlc: string;
  readonly occurredAt: string;
  readonly actorId: string;
  readonly kind: string;
  readonly summary: string;
  readonly detail?: unknown;
}

export interface AuditInput {
  readonly actorId: string;
  readonly deskId: string;
  readonly occurredAt: string;
  readonly hlc: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly action: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface OutboxMutation {
  readonly mutationId: string;
  readonly useCase: string;
  readonly payload: unknown;
  readonly hlc: string;
  readonly actorId: string;
  readonly createdAt: string;
}

export interface NewCorrespondence {
  readonly id: string;
  readonly complaintId: string | null;
  readonly contactId: string | null;
  readonly direction: 'inbound' | 'outbound';
  readonly channel: 'email' | 'letter' | 'phone' | 'sms' | 'my-account' | 'in-person' | 'other';
  readonly counterparty: string;
  readonly subject: string | null;
  readonly body: string | null;
  readonly occurredAt: string;
  readonly recordedBy: string;
  readonly hlc: string;
  readonly attachments: readonly { readonly sha256: string; readonly filename: string }[];
  /** A letter sent from this desk: the immutable version that went (letter-use-cases.ts sendLetter). */
  readonly letterVersionId?: string | null;
}

/** Everything a use case may read or write, inside one transaction. */
export interface DeskRepository extends LetterRepository, RemedyRepository {
  nextReference(kind: 'complaint' | 'enquiry'): string;
  userExists(id: string): boolean;
  personExists(id: string): boolean;
  /** Whether the organisation's reference data has this key (active or not: a case keeps a retired key). */
  referenceExists(kind: ReferenceKind, key: string): boolean;
  regionForProperty(propertyId: string): Region | null;
  insertContact(c: NewContact): void;
  getContact(id: string): ContactRecord | null;
  resolveContact(id: string, resolution: string, resolvedAt: string, hlc: string): void;
  convertContact(id: string, complaintId: string, hlc: string): void;
  insertComplaint(c: NewComplaint): void;
  getComplaint(id: string): ComplaintRecord | null;
  /** False when the row moved on since it was read (another window, or a sync change). */
  updateComplaint(id: string, expectedVersion: number, c: ComplaintColumns, hlc: string): boolean;
  appendTimeline(e: TimelineEntry): void;
  insertNote(n: {
    id: string;
    complaintId: string | null;
    contactId: string | null;
    authorId: string;
    body: string;
    createdAt: string;
    hlc: string;
  }): void;
  /** Stores the bytes beside the database by content hash (idempotent) and returns the SHA-256. */
  storeAttachment(bytes: Uint8Array, mediaType: string, at: string): string;
  insertCorrespondence(c: NewCorrespondence): void;
  appendAudit(e: AuditInput): void;
  enqueueOutbox(m: OutboxMutation): void;
  // ---- sync merge (field-merge.ts): last-writer-wins fields and decision conflicts ----
  /** A row's last-writer-wins fields with the HLC that set each; null when there is no such row. */
  getEditable(table: LwwTable, id: string): EditableRow | null;
  /** Sets `changes` (the fields a merge applied, never empty) and the row's field HLCs; bumps its version. */
  writeEditable(table: LwwTable, id: string, changes: Readonly<Record<string, FieldValue>>, w: EditableWrite): void;
  getConflict(id: string): ConflictRecord | null;
  resolveConflict(id: string, r: ConflictResolutionWrite): void;
}

/** Reference data a case names by key or id: the server's administrators keep it, desks cache it. */
export const REFERENCE_KINDS = ['category', 'business-area', 'team'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

// ---- sync merge types (field-merge.ts) ----
export type FieldValue = string | number | null;

export interface EditableRow {
  readonly values: Readonly<Record<string, FieldValue>>;
  readonly fieldHlcs: FieldHlcs;
  readonly version: number;
  readonly updatedHlc: string;
  readonly teamId: string | null;
}

export interface EditableWrite {
  readonly fieldHlcs: FieldHlcs;
  readonly hlc: string;
  /** The team whose people may see the row after the write (the case's team). */
  readonly teamId: string | null;
}

export interface ConflictRecord {
  readonly id: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly field: string;
  readonly local: LocalDecision;
  readonly remote: RemoteDecision;
  readonly resolution: ConflictResolution | null;
  readonly version: number;
}

export interface ConflictResolutionWrite {
  readonly resolution: ConflictResolution;
  readonly resolvedBy: string;
  readonly resolvedAt: string;
  readonly note: string | null;
  /** The decision that stands after the resolution, when one does (JSON text). */
  readonly resolvedValue: string | null;
  readonly hlc: string;
  readonly teamId: string | null;
}

/** Runs `work` in one transaction: all of it is committed, or none of it (it throws to roll back). */
export interface UnitOfWork {
  run<T>(work: (repo: DeskRepository) => T): T;
}

export interface DeskSettings {
  readonly region: Region;
  /**
   * The organisation's bank-holiday corrections from the server's reference data: every working-day
   * calculation (deadlines) applies them, on the desk and in the server's re-run alike. None when never synced.
   */
  readonly bankHolidayOverrides?: readonly BankHolidayOverride[];
  readonly profileAssignments: readonly {
    readonly profileId: string;
    readonly from: IsoDate;
    readonly to: IsoDate | null;
  }[];
}

export interface UseCaseDeps {
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly hlc: HlcSource;
  readonly settings: DeskSettings;
}
