// DeskApi: the one typed contract between the renderer and the desk core. Electron's preload exposes these
// methods by name over IPC; the browser mode serves the same methods over HTTP on 127.0.0.1. Both hosts
// validate every payload with these schemas before it reaches a use case, and return errors as values.
import { z } from 'zod';
import type { CaseCommandType } from '../domain/lifecycle/transitions.js';
import type { CaseRecord, RunningDeadline } from '../domain/lifecycle/types.js';

export const DESK_API_VERSION = 2;

const id = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be an id');
const cursor = z
  .object({ queueDate: z.string().max(10), reference: z.string().max(40) })
  .nullable()
  .optional();
const limit = z.number().int().min(1).max(500).optional();

/** The largest request body either host accepts (a contact's free text is at most 20,000 characters). */
export const MAX_REQUEST_BYTES = 256 * 1024;

/**
 * Each method's request schema. The use cases validate their own inputs again, field by field; here only the
 * envelope is checked, so a hostile or malformed call is refused before it reaches the core.
 */
export const DESK_API = {
  // Session (offline sign-in with the verifier cached on this desk; online sign-in comes with the server).
  signIn: z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(1024) }).strict(),
  signOut: z.object({}).strict(),
  deskInfo: z.object({}).strict(),
  session: z.object({}).strict(),
  referenceData: z.object({}).strict(),
  // Commands (each a use case in shared/app).
  logContact: z.object({}).passthrough(),
  resolveEnquiry: z.object({ contactId: id, resolution: z.string().max(5_000) }).strict(),
  convertToComplaint: z.object({ contactId: id }).passthrough(),
  complaintCommand: z
    .object({ complaintId: id, command: z.object({ type: z.string().max(40) }).passthrough() })
    .passthrough(),
  addNote: z.object({ body: z.string().max(20_000) }).passthrough(),
  assignComplaint: z.object({ complaintId: id, assigneeId: id }).passthrough(),
  assignMany: z.object({ complaintIds: z.array(id).min(1).max(500), assigneeId: id }).strict(),
  // Queries.
  myWork: z.object({ after: cursor, limit }).strict(),
  workCounts: z.object({}).strict(),
  teamQueue: z
    .object({
      teamId: id.optional(),
      after: cursor,
      limit,
      filter: z
        .object({
          stage: z.string().max(40).optional(),
          due: z.enum(['breached', 'today', 'week']).optional(),
          assigneeId: id.optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  breaching: z.object({ scope: z.enum(['me', 'team', 'all']), within: z.enum(['today', 'week']) }).strict(),
  caseDetail: z.object({ complaintId: id }).strict(),
  availableCommands: z.object({ complaintId: id }).strict(),
  search: z.object({ query: z.string().max(200), limit }).strict(),
  syncStatus: z.object({}).strict(),
} as const;

export type DeskApiMethod = keyof typeof DESK_API;
export const DESK_API_METHODS = Object.keys(DESK_API) as DeskApiMethod[];

/** Methods that work before anyone has signed in; every other method needs a session. */
export const PUBLIC_METHODS: readonly DeskApiMethod[] = ['signIn', 'session', 'deskInfo', 'syncStatus'];

export function isDeskApiMethod(name: string): name is DeskApiMethod {
  return Object.prototype.hasOwnProperty.call(DESK_API, name);
}

export type DeskApiErrorCode =
  | 'invalid-input'
  | 'forbidden'
  | 'not-found'
  | 'illegal-transition'
  | 'guard-failed'
  | 'conflict'
  | 'unauthenticated'
  | 'locked-out'
  | 'unknown-method'
  | 'internal';

export type DeskApiError = {
  readonly code: DeskApiErrorCode;
  readonly message: string;
  readonly fields?: readonly { readonly path: string; readonly message: string }[];
};

export type DeskApiResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DeskApiError };

/** The envelope check both hosts run: the method's schema, with zod's issues as field errors. */
export function validateDeskApiInput(
  method: DeskApiMethod,
  input: unknown,
): { ok: true; value: unknown } | { ok: false; error: DeskApiError } {
  const parsed = DESK_API[method].safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const fields = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = fields[0];
  return {
    ok: false,
    error: {
      code: 'invalid-input',
      message: first ? `${first.path ? first.path + ': ' : ''}${first.message}` : 'invalid input',
      fields,
    },
  };
}

// ---- outputs ----

export type Role = 'agent' | 'team-leader' | 'manager' | 'business-area-owner' | 'administrator';

export interface Session {
  readonly userId: string;
  readonly displayName: string;
  readonly email: string;
  readonly roles: readonly Role[];
  readonly teamId: string | null;
  readonly teamName: string | null;
  readonly deskId: string;
  readonly deskCode: string;
  readonly deskName: string;
  readonly organisationKey: string;
  readonly signedInAt: string;
  /** How this sign-in was checked: against the verifier cached on this desk (online sign-in comes later). */
  readonly method: 'offline-cached';
}

/** What the sign-in page may know before anyone signs in. */
export interface DeskInfo {
  readonly enrolled: boolean;
  readonly deskName: string | null;
  /** Only on a desk seeded with the demo organisation: its sign-ins, so a newcomer can try every role. */
  readonly demoSignIns: readonly {
    readonly email: string;
    readonly password: string;
    readonly roles: readonly Role[];
  }[];
}

export interface ReferenceData {
  readonly categories: readonly { key: string; name: string; businessAreaKey: string | null }[];
  readonly businessAreas: readonly { key: string; name: string }[];
  readonly teams: readonly { id: string; name: string }[];
  readonly users: readonly { id: string; displayName: string; teamId: string | null; roles: readonly Role[] }[];
  readonly today: string;
}

export interface CaseListItem {
  readonly id: string;
  readonly reference: string;
  readonly status: string;
  readonly stageKey: string | null;
  readonly stageStatus: string | null;
  readonly assigneeId: string | null;
  readonly teamId: string | null;
  readonly region: string;
  readonly receivedDate: string;
  readonly nextDeadlineDate: string | null;
  readonly nextDeadlineKind: string | null;
  /** 0 = due today, negative = breached; null when no deadline is running. */
  readonly workingDaysLeft: number | null;
  readonly personName: string | null;
  readonly summary: string;
}

export interface QueueCursor {
  readonly queueDate: string;
  readonly reference: string;
}

export interface QueuePage {
  readonly items: readonly CaseListItem[];
  readonly next: QueueCursor | null;
  /** How many cases match, over every page (for the list's scroll height). */
  readonly total?: number;
}

export interface WorkCounts {
  readonly open: number;
  readonly breached: number;
  readonly dueToday: number;
  readonly dueThisWeek: number;
  readonly byState: readonly { readonly state: string; readonly count: number }[];
}

export interface TimelineItem {
  readonly id: string;
  readonly hlc: string;
  readonly occurredAt: string;
  readonly actorId: string | null;
  readonly actorName?: string | null;
  readonly kind: string;
  readonly summary: string;
  readonly detail: unknown;
}

export interface CaseDetail {
  readonly complaint: Record<string, unknown> & {
    id: string;
    reference: string;
    state: CaseRecord;
    version: number;
    summary: string;
    outcome_wanted: string | null;
    profile_version_id: string;
    status: string;
    received_date: string;
    assignee_id: string | null;
    team_id: string | null;
  };
  readonly profileName: string;
  readonly person: Record<string, unknown> | null;
  readonly property: Record<string, unknown> | null;
  readonly stages: Record<string, unknown>[];
  readonly deadlines: Record<string, unknown>[];
  readonly running: readonly (RunningDeadline & { readonly workingDaysLeft: number })[];
  readonly letters: Record<string, unknown>[];
  readonly notes: Record<string, unknown>[];
  readonly correspondence: Record<string, unknown>[];
  readonly timeline: readonly TimelineItem[];
  readonly workingDaysLeft: number | null;
}

export interface AvailableCommand {
  readonly type: CaseCommandType;
  readonly allowed: boolean;
  readonly reason: string | null;
}

export interface SearchHit {
  readonly kind: 'complaint' | 'contact' | 'person' | 'property';
  readonly id: string;
  readonly title: string;
  readonly subtitle: string;
  readonly rank: number;
}

export interface SyncStatus {
  /** Until the sync agent arrives, this desk works on its own: nothing is sent anywhere yet. */
  readonly mode: 'local-only';
  readonly serverConfigured: boolean;
  readonly waitingChanges: number;
  readonly lastSyncAt: string | null;
  readonly rejections: number;
}

export interface Committed {
  readonly hlc: string;
  readonly mutationId: string;
}

export interface DeskApiOutputs {
  signIn: Session;
  signOut: null;
  deskInfo: DeskInfo;
  session: Session | null;
  referenceData: ReferenceData;
  logContact: { contactId: string; reference: string } & Committed;
  resolveEnquiry: Committed;
  convertToComplaint: { complaintId: string; reference: string; profileId: string } & Committed;
  complaintCommand: {
    state: CaseRecord;
    deadlines: readonly RunningDeadline[];
    lettersOwed: readonly string[];
    version: number;
  } & Committed;
  addNote: { noteId: string } & Committed;
  assignComplaint: { version: number } & Committed;
  assignMany: { assigned: number; failed: readonly { complaintId: string; message: string }[] };
  myWork: QueuePage;
  workCounts: WorkCounts;
  teamQueue: QueuePage;
  breaching: readonly CaseListItem[];
  caseDetail: CaseDetail;
  availableCommands: readonly AvailableCommand[];
  search: readonly SearchHit[];
  syncStatus: SyncStatus;
}

export type DeskApiInput<M extends DeskApiMethod> = z.input<(typeof DESK_API)[M]>;

/** The renderer-facing shape: one named, typed method per capability (no generic invoke). */
export type DeskApi = {
  readonly [M in DeskApiMethod]: (input: DeskApiInput<M>) => Promise<DeskApiResult<DeskApiOutputs[M]>>;
};
