// DeskApi: the one typed contract between the renderer and the desk core. Electron's preload exposes these
// methods by name over IPC; the browser mode serves the same methods over HTTP on 127.0.0.1. Both hosts
// validate every payload with these schemas before it reaches a use case, and return errors as values.
import * as z from 'zod';
import type { CaseCommandType } from '../domain/lifecycle/transitions.js';
import type { CaseRecord, RunningDeadline } from '../domain/lifecycle/types.js';
import {
  CALIBRATION_AGREEMENTS,
  CALIBRATION_CRITERIA,
  CALIBRATION_SCORE_MAX,
  LETTER_KINDS,
  LETTER_SEND_CHANNELS,
  type CalibrationAgreement,
  type CalibrationCriterion,
  type LetterAdjustments,
  type LetterChecks,
  type LetterKind,
  type LetterSendChannel,
  type LetterStatus,
  type LetterTemplate,
  type TemplateSection,
} from '../domain/letters/types.js';
import type { ActionStatus, CompensationKind, RemedyKind, RemedyStatus } from '../domain/remedies/remedies.js';

export const DESK_API_VERSION = 2;

// The schemas are built when a method is first called, not when this module loads: building all of them took a
// sizeable share of the browser-mode host's start (and of every other process that imports the contract).
// Each is built once and shared, as before.
const once = <T>(make: () => T): (() => T) => {
  let made: T | undefined;
  return () => (made ??= make());
};
const id = once(() =>
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be an id'),
);
const cursor = once(() =>
  z
    .object({ queueDate: z.string().max(10), reference: z.string().max(40) })
    .nullable()
    .optional(),
);
const limit = once(() => z.number().int().min(1).max(500).optional());
/** A draft's name: `log-contact`, `note:<complaint id>`, `correspondence:<complaint id>`… */
const draftKey = once(() => z.string().regex(/^[a-z][a-z0-9-]{0,39}(:[0-9a-f-]{36})?$/, 'must be a draft key'));
/** A draft holds at most what the largest form takes (a contact's free text is at most 20,000 characters). */
export const MAX_DRAFT_CHARS = 100_000;

/** The largest request body either host accepts (a contact's free text is at most 20,000 characters). */
export const MAX_REQUEST_BYTES = 256 * 1024;

/** Each method's request schema, made by a function so that nothing is built until the method is called. */
const SCHEMAS = {
  // Session (offline sign-in with the verifier cached on this desk; online sign-in comes with the server).
  signIn: () => z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(1024) }).strict(),
  signOut: () => z.object({}).strict(),
  deskInfo: () => z.object({}).strict(),
  session: () => z.object({}).strict(),
  referenceData: () => z.object({}).strict(),
  // Commands (each a use case in shared/app).
  logContact: () => z.object({}).passthrough(),
  resolveEnquiry: () => z.object({ contactId: id(), resolution: z.string().max(5_000) }).strict(),
  convertToComplaint: () => z.object({ contactId: id() }).passthrough(),
  complaintCommand: () =>
    z.object({ complaintId: id(), command: z.object({ type: z.string().max(40) }).passthrough() }).passthrough(),
  addNote: () => z.object({ body: z.string().max(20_000) }).passthrough(),
  assignComplaint: () => z.object({ complaintId: id(), assigneeId: id() }).passthrough(),
  assignMany: () => z.object({ complaintIds: z.array(id()).min(1).max(500), assigneeId: id() }).strict(),
  // ---- agent workspace (issue 5): correspondence, and drafts kept on the desk across restarts ----
  addCorrespondence: () =>
    z
      .object({
        complaintId: id().optional(),
        contactId: id().optional(),
        direction: z.enum(['inbound', 'outbound']),
        channel: z.string().max(40),
        counterparty: z.string().max(200),
        subject: z.string().max(500).optional(),
        body: z.string().max(100_000).optional(),
        occurredAt: z.string().max(40),
      })
      .strict(),
  saveDraft: () => z.object({ key: draftKey(), body: z.string().max(MAX_DRAFT_CHARS) }).strict(),
  loadDraft: () => z.object({ key: draftKey() }).strict(),
  discardDraft: () => z.object({ key: draftKey() }).strict(),
  // Queries.
  myWork: () => z.object({ after: cursor(), limit: limit() }).strict(),
  workCounts: () => z.object({}).strict(),
  teamQueue: () =>
    z
      .object({
        teamId: id().optional(),
        after: cursor(),
        limit: limit(),
        filter: z
          .object({
            stage: z.string().max(40).optional(),
            due: z.enum(['breached', 'today', 'week']).optional(),
            assigneeId: id().optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
  breaching: () => z.object({ scope: z.enum(['me', 'team', 'all']), within: z.enum(['today', 'week']) }).strict(),
  caseDetail: () => z.object({ complaintId: id() }).strict(),
  availableCommands: () => z.object({ complaintId: id() }).strict(),
  search: () => z.object({ query: z.string().max(200), limit: limit() }).strict(),
  syncStatus: () => z.object({}).strict(),
  // ---- letters (templates, drafting, authorisation, sending) and the weekly calibration ----
  letterTemplates: () => z.object({ kind: z.enum(LETTER_KINDS).optional() }).strict(),
  saveLetterTemplate: () =>
    z
      .object({
        kind: z.enum(LETTER_KINDS),
        profileFamily: z.string().max(100).nullable(),
        name: z.string().max(200),
        sections: z.array(z.object({}).passthrough()).max(40),
      })
      .strict(),
  createLetterDraft: () => z.object({ complaintId: id(), kind: z.enum(LETTER_KINDS) }).strict(),
  letterDetail: () => z.object({ letterId: id() }).strict(),
  saveLetterDraft: () =>
    z
      .object({
        letterId: id(),
        sections: z.record(z.string().max(60), z.string().max(20_000)),
        largePrint: z.boolean().optional(),
        expectedVersion: z.number().int().positive().optional(),
      })
      .strict(),
  submitLetter: () => z.object({ letterId: id(), expectedVersion: z.number().int().positive().optional() }).strict(),
  returnLetter: () => z.object({ letterId: id(), comments: z.string().max(5_000) }).strict(),
  authoriseLetter: () => z.object({ letterId: id(), expectedVersion: z.number().int().positive().optional() }).strict(),
  sendLetter: () =>
    z.object({ letterId: id(), channel: z.enum(LETTER_SEND_CHANNELS), sentDate: z.string().max(10) }).strict(),
  lettersAwaiting: () => z.object({}).strict(),
  caseLetters: () => z.object({ complaintId: id() }).strict(),
  myLetters: () => z.object({}).strict(),
  letterDocx: () => z.object({ letterId: id() }).strict(),
  calibrationWeek: () => z.object({ weekStart: z.string().max(10).optional() }).strict(),
  drawCalibration: () => z.object({ weekStart: z.string().max(10) }).strict(),
  calibrationItem: () => z.object({ itemId: id() }).strict(),
  scoreCalibrationItem: () =>
    z
      .object({
        itemId: id(),
        scores: z.record(z.enum(CALIBRATION_CRITERIA), z.number().int().min(0).max(CALIBRATION_SCORE_MAX)),
        agreement: z.enum(CALIBRATION_AGREEMENTS),
        feedback: z.string().max(5_000),
      })
      .strict(),
  calibrationHistory: () => z.object({ teamLeaderId: id().optional() }).strict(),
  calibrationExportCsv: () =>
    z.object({ from: z.string().max(10).optional(), to: z.string().max(10).optional() }).strict(),
  myCalibrationFeedback: () => z.object({}).strict(),
  // ---- calibration week start (organisation setting on the desk; administrators change it)
  calibrationSettings: () => z.object({}).strict(),
  setCalibrationWeekStart: () => z.object({ startDay: z.number().int().min(0).max(6) }).strict(),
  // ---- sync with the central server (the agent runs in the desk core) ----
  syncNow: () => z.object({}).strict(),
  syncRejections: () => z.object({ limit: limit() }).strict(),
  // ---- sync merge: editing details (last writer wins, field by field) and decision conflicts ----
  updateComplaintDetails: () => z.object({ complaintId: id() }).passthrough(),
  updatePerson: () => z.object({ personId: id() }).passthrough(),
  updateContact: () => z.object({ contactId: id() }).passthrough(),
  listConflicts: () =>
    z.object({ includeResolved: z.boolean().optional(), complaintId: id().optional(), limit: limit() }).strict(),
  resolveConflict: () =>
    z
      .object({
        conflictId: id(),
        resolution: z.enum(['local', 'remote', 'merged']),
        decision: z.string().max(40).optional(),
        note: z.string().max(5_000).optional(),
      })
      .strict(),
  // ---- putting things right: remedies and post-resolution actions (shared/app/remedy-use-cases.ts) ----
  caseRemedies: () => z.object({ complaintId: id() }).strict(),
  offerRemedy: () => z.object({ complaintId: id() }).passthrough(),
  remedyStep: () => z.object({ complaintId: id(), remedyId: id(), step: z.string().max(20) }).passthrough(),
  addAction: () => z.object({ complaintId: id() }).passthrough(),
  updateAction: () => z.object({ complaintId: id(), actionId: id(), status: z.string().max(20) }).passthrough(),
  /** The business-area dashboard: open and in-progress actions of the areas the user may see. */
  actionsDashboard: () => z.object({ areaKey: z.string().max(60).optional() }).strict(),
  // ---- a contact (enquiry) in its own view, and the contacts and cases of a person or a property ----
  contactDetail: () => z.object({ contactId: id() }).strict(),
  recordsOf: () => z.object({ kind: z.enum(['person', 'property']), id: id() }).strict(),
} as const;

type DeskApiSchemas = { readonly [M in keyof typeof SCHEMAS]: ReturnType<(typeof SCHEMAS)[M]> };

/**
 * Each method's request schema. The use cases validate their own inputs again, field by field; here only the
 * envelope is checked, so a hostile or malformed call is refused before it reaches the core. A method's schema
 * is made on first use (see SCHEMAS) and kept.
 */
export const DESK_API: DeskApiSchemas = (() => {
  const api = {} as DeskApiSchemas;
  for (const method of Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[]) {
    Object.defineProperty(api, method, {
      enumerable: true,
      configurable: true,
      get() {
        const schema = SCHEMAS[method]();
        Object.defineProperty(api, method, { value: schema, enumerable: true, writable: false, configurable: false });
        return schema;
      },
    });
  }
  return api;
})();

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
  /**
   * How this sign-in was checked: 'online' by the central server (which also refreshed this desk's cached
   * verifier), or 'offline-cached' against the verifier cached on this desk (no server configured, or it could
   * not be reached).
   */
  readonly method: 'online' | 'offline-cached';
}

/** What the sign-in page may know before anyone signs in. */
export interface DeskInfo {
  readonly enrolled: boolean;
  readonly deskName: string | null;
  /** The central server sign-in goes to first (null: this desk works on its own). */
  readonly serverUrl: string | null;
  /** Only on a desk seeded with the demo organisation: its sign-ins, so a newcomer can try every role. */
  readonly demoSignIns: readonly {
    readonly email: string;
    readonly password: string;
    readonly roles: readonly Role[];
  }[];
}

export interface ReferenceData {
  readonly categories: readonly { key: string; name: string; businessAreaKey: string | null }[];
  /** Each area with its owner (who updates and closes its post-resolution actions), from the server. */
  readonly businessAreas: readonly { key: string; name: string; ownerUserId: string | null }[];
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
  /** The contact the complaint came from, with its communication preferences and adjustments (agent workspace). */
  readonly contact?: Record<string, unknown> | null;
  readonly stages: Record<string, unknown>[];
  readonly deadlines: Record<string, unknown>[];
  readonly running: readonly (RunningDeadline & { readonly workingDaysLeft: number })[];
  readonly letters: Record<string, unknown>[];
  readonly notes: Record<string, unknown>[];
  readonly correspondence: Record<string, unknown>[];
  readonly timeline: readonly TimelineItem[];
  readonly workingDaysLeft: number | null;
}

// ---- putting things right: outputs ----

export type { RemedyKind, RemedyStatus, CompensationKind, ActionStatus };

export interface RemedyItem {
  readonly id: string;
  readonly kind: RemedyKind;
  readonly description: string;
  /** Exact integer pence; null for a remedy that is not financial. */
  readonly amountPence: number | null;
  readonly compensationKind: CompensationKind | null;
  readonly status: RemedyStatus;
  readonly offeredDate: string;
  readonly dueDate: string | null;
  readonly decidedDate: string | null;
  readonly paidDate: string | null;
  readonly reconsideredEvidence: string | null;
  readonly statusNote: string | null;
  readonly offeredByName: string | null;
  readonly version: number;
}

export interface ActionItem {
  readonly id: string;
  readonly complaintId: string;
  readonly complaintReference: string;
  /** The case's team (null: no team yet, or the case has not reached this desk). */
  readonly caseTeamId: string | null;
  readonly areaKey: string;
  readonly areaName: string;
  readonly ownerId: string | null;
  readonly ownerName: string | null;
  readonly description: string;
  readonly dueDate: string | null;
  readonly status: ActionStatus;
  readonly lastUpdateDate: string | null;
  readonly lastUpdateNote: string | null;
  readonly closedDate: string | null;
  /** Open or in progress past its due date. */
  readonly overdue: boolean;
  readonly version: number;
}

export interface CaseRemedies {
  readonly remedies: readonly RemedyItem[];
  readonly actions: readonly ActionItem[];
  /** Sums in exact pence: every financial remedy still offered or agreed, and what has been paid. */
  readonly totals: { readonly offeredPence: number; readonly paidPence: number };
}

export interface AreaActionCount {
  readonly areaKey: string;
  readonly areaName: string;
  readonly open: number;
  readonly inProgress: number;
  readonly overdue: number;
}

export interface ActionsDashboard {
  /** Open and in-progress actions, the most overdue first. */
  readonly actions: readonly ActionItem[];
  readonly counts: readonly AreaActionCount[];
  /** The areas this user sees (their own, or all for a manager), for the filter. */
  readonly areas: readonly { readonly key: string; readonly name: string }[];
  readonly today: string;
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

export interface SearchAnswer {
  readonly hits: readonly SearchHit[];
  /**
   * Null when the desk's search index holds every record. Otherwise it is still being built (in the background
   * after the desk's first sync): `done` of `total` records are searchable, so the hits may be incomplete.
   */
  readonly indexing: { readonly done: number; readonly total: number } | null;
}

// ---- sync status (the desk's sync agent) ----
export interface SyncStatus {
  /**
   * 'local-only': no central server is configured, nothing is sent anywhere. 'online': the last attempt
   * reached the server. 'offline': it could not (or nobody has signed in online yet); work continues locally.
   */
  readonly mode: 'local-only' | 'online' | 'offline';
  readonly serverConfigured: boolean;
  readonly serverUrl: string | null;
  /** Changes in the outbox not yet accepted or rejected by the server. */
  readonly waitingChanges: number;
  /**
   * Of those, changes made by other users of this desk: the server takes a user's work only in their own
   * session, so these wait until that user signs in here again.
   */
  readonly waitingForOthers: number;
  /** When a push and pull last completed. */
  readonly lastSyncAt: string | null;
  /** Changes the server refused (see syncRejections). */
  readonly rejections: number;
  readonly lastError: string | null;
  readonly syncing: boolean;
  /** The server speaks another sync protocol: this desk stops syncing until it is updated. */
  readonly updateRequired: boolean;
  /** Nobody holds a server session on this desk (signed in offline): sync resumes after an online sign-in. */
  readonly needsOnlineSignIn: boolean;
}

/** A change the server refused; the desk rolled the record back to the server's version. */
// ---- sync merge ----

/**
 * Two desks recorded different decisions on the same case (a stage decision, a refusal, an escalation
 * refusal); the server kept the first and recorded this for a person to resolve. `local` is the decision that
 * lost (the desk, who, what), `remote` the case as the server held it then.
 */
export interface SyncConflict {
  readonly id: string;
  readonly complaintId: string;
  readonly reference: string | null;
  /** `stage:<key>:decision`, `screening` or `escalation`. */
  readonly field: string;
  readonly local: {
    readonly mutationId: string;
    readonly deskId: string;
    readonly actorId: string;
    readonly hlc: string;
    readonly command: Readonly<Record<string, unknown>> & { readonly type: string };
  };
  readonly remote: {
    readonly version: number;
    readonly status: string;
    readonly stageKey: string | null;
    readonly stageDecision: string | null;
    readonly decidedBy: string | null;
    readonly updatedHlc: string;
  };
  readonly detectedHlc: string;
  readonly resolution: 'local' | 'remote' | 'merged' | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
  readonly note: string | null;
}

export interface SyncRejection {
  readonly mutationId: string;
  /** The use case, e.g. 'complaint-command'. */
  readonly useCase: string;
  /** The server's reason code, e.g. 'forbidden', 'illegal-transition'. */
  readonly code: string;
  /** The reason in plain English. */
  readonly reason: string;
  /** When the change was made on this desk. */
  readonly madeAt: string;
  /** When the server's answer arrived. */
  readonly at: string | null;
  readonly actorId: string;
}

export interface Committed {
  readonly hlc: string;
  readonly mutationId: string;
}

// ---- letters: outputs ----

export type { LetterKind, LetterStatus, LetterSendChannel, LetterTemplate, TemplateSection, LetterChecks };
export type { CalibrationCriterion, CalibrationAgreement, LetterAdjustments };

/** A letter as lists show it. */
export interface LetterSummary {
  readonly id: string;
  readonly complaintId: string;
  readonly complaintReference: string;
  readonly kind: LetterKind;
  readonly status: LetterStatus;
  /** The stage the letter belongs to (null before the complaint entered one). */
  readonly stageKey: string | null;
  readonly personName: string | null;
  readonly draftedBy: string;
  readonly draftedByName: string | null;
  readonly createdAt: string;
  readonly submittedAt: string | null;
  readonly authorisedBy: string | null;
  readonly authorisedByName: string | null;
  readonly authorisedAt: string | null;
  readonly sentDate: string | null;
  readonly sentChannel: LetterSendChannel | null;
  /** The latest return's comments while the letter is returned. */
  readonly returnedComments: string | null;
  readonly version: number;
}

/** One immutable version: kept each time the letter is submitted, and when it is sent. */
export interface LetterVersion {
  readonly id: string;
  readonly versionNo: number;
  /** SHA-256 (hex) of the rendered HTML below. */
  readonly contentSha256: string;
  readonly html: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly reason: 'submitted' | 'sent';
}

/** One step in the letter's review history (submitted, returned with comments, authorised, sent). */
export interface LetterReviewEvent {
  readonly id: string;
  readonly action: 'submitted' | 'returned' | 'authorised' | 'sent';
  readonly actorId: string;
  readonly actorName: string | null;
  readonly at: string;
  readonly comments: string | null;
  readonly versionNo: number | null;
}

/** The case beside the letter: what the editor and the Team Leader need to judge it. */
export interface LetterCaseSummary {
  readonly complaintId: string;
  readonly reference: string;
  readonly profileId: string;
  readonly profileName: string;
  readonly status: string;
  readonly stageKey: string | null;
  readonly receivedDate: string;
  readonly summary: string;
  readonly outcomeWanted: string | null;
  readonly personName: string | null;
  readonly understanding: string | null;
  readonly outcomeSought: string | null;
  readonly decision: string | null;
  readonly running: readonly RunningDeadline[];
}

export interface LetterDetail {
  readonly letter: LetterSummary;
  /** The template as it was when the letter was drafted (a later template edit does not change it). */
  readonly template: LetterTemplate;
  /** The agent's text for each free section, by section key. */
  readonly sections: Readonly<Record<string, string>>;
  readonly largePrint: boolean;
  /** The complete letter as one HTML document (A4 print CSS): preview, PDF and DOCX all come from it. */
  readonly html: string;
  /** Merge fields and their values for this case (already escaped when placed in the HTML). */
  readonly mergeFields: Readonly<Record<string, string>>;
  readonly checks: LetterChecks;
  readonly adjustments: LetterAdjustments;
  readonly versions: readonly LetterVersion[];
  readonly reviews: readonly LetterReviewEvent[];
  readonly case: LetterCaseSummary;
  /** What the signed-in user may do with it now (each false with a reason when not). */
  readonly can: {
    readonly edit: boolean;
    readonly submit: boolean;
    readonly authorise: boolean;
    readonly return: boolean;
    readonly send: boolean;
    readonly reason: string | null;
  };
}

/** A letter in the Team Leaders' queue, oldest submission first, with its case beside it. */
export interface AwaitingLetter {
  readonly letter: LetterSummary;
  readonly case: LetterCaseSummary;
  /** Working days since it was submitted. */
  readonly waitingWorkingDays: number;
}

export interface CalibrationScoreCard {
  readonly scores: Readonly<Partial<Record<CalibrationCriterion, number>>>;
  readonly agreement: CalibrationAgreement | null;
  readonly feedback: string | null;
  readonly scoredBy: string | null;
  readonly scoredAt: string | null;
  /** Mean of the criteria scored (0–5), null until scored. */
  readonly average: number | null;
}

export interface CalibrationItemSummary {
  readonly id: string;
  readonly position: number;
  readonly teamLeaderId: string;
  readonly letter: LetterSummary;
  readonly card: CalibrationScoreCard;
  readonly scored: boolean;
}

export interface CalibrationDraw {
  readonly id: string;
  readonly weekStart: string;
  readonly weekEnd: string;
  readonly seed: string;
  readonly algorithm: string;
  readonly drawnBy: string;
  readonly drawnByName: string | null;
  readonly drawnAt: string;
  /** The recorded population: each Team Leader's authorised letters that week, in canonical order. */
  readonly population: readonly { readonly teamLeaderId: string; readonly letterIds: readonly string[] }[];
  /** True when re-running the recorded seed over the recorded population gives the same letters. */
  readonly verified: boolean;
}

export interface CalibrationWeek {
  readonly weekStart: string;
  readonly weekEnd: string;
  /** Null until a manager draws this week. */
  readonly draw: CalibrationDraw | null;
  /** Team Leaders who authorised letters this week, with the drawn items (none before the draw). */
  readonly teamLeaders: readonly {
    readonly teamLeaderId: string;
    readonly name: string | null;
    readonly authorisedThisWeek: number;
    readonly items: readonly CalibrationItemSummary[];
  }[];
  readonly progress: { readonly drawn: number; readonly scored: number };
  /** Whether the signed-in user may draw and score (managers). */
  readonly canDraw: boolean;
}

export interface CalibrationItemDetail {
  readonly item: CalibrationItemSummary;
  readonly weekStart: string;
  readonly letterHtml: string;
  readonly contentSha256: string;
  readonly case: LetterCaseSummary;
  readonly reviews: readonly LetterReviewEvent[];
  readonly canScore: boolean;
}

export interface CalibrationHistory {
  readonly teamLeaders: readonly {
    readonly teamLeaderId: string;
    readonly name: string | null;
    /** One point per week with scored items, oldest first. */
    readonly weeks: readonly {
      readonly weekStart: string;
      readonly items: number;
      readonly scored: number;
      readonly averageScore: number | null;
      readonly byCriterion: Readonly<Partial<Record<CalibrationCriterion, number>>>;
      readonly disagreements: number;
    }[];
    readonly overallAverage: number | null;
    /** Disagreements over scored items, 0–1; null when nothing is scored yet. */
    readonly disagreementRate: number | null;
  }[];
}

// ---- a contact (enquiry) in its own view ----

/** Whether a command on a contact is open to the signed-in user now, and if not, why not (in words). */
export interface ContactCommandState {
  readonly allowed: boolean;
  readonly reason: string | null;
}

export interface ContactDetail {
  readonly contact: {
    readonly id: string;
    readonly reference: string;
    readonly kind: 'enquiry' | 'service-request' | 'feedback' | 'compliment';
    readonly channel: string;
    readonly madeBy: 'resident' | 'representative' | 'group' | 'anonymous';
    readonly receivedAt: string;
    readonly receivedDate: string;
    readonly whatHappened: string;
    readonly outcomeWanted: string | null;
    readonly categoryKey: string | null;
    readonly businessAreaKey: string | null;
    readonly dissatisfaction: boolean;
    /** The communication preferences and reasonable adjustments as the contact keeps them (JSON), or null. */
    readonly adjustmentsJson: string | null;
    /** A contact is never refused: a complaint is (see `complaint.status`). */
    readonly status: 'open' | 'resolved' | 'converted';
    readonly resolution: string | null;
    readonly resolvedAt: string | null;
    /** Who resolved it, from its timeline (null when this desk does not hold that event). */
    readonly resolvedBy: string | null;
    readonly resolvedByName: string | null;
    /**
     * The complaint it was converted to, with that complaint's status now (e.g. 'refused'); reference and status
     * are null if this desk does not hold the complaint's row.
     */
    readonly complaint: {
      readonly id: string;
      readonly reference: string | null;
      readonly status: string | null;
    } | null;
    readonly loggedBy: string;
    readonly loggedByName: string | null;
    readonly teamId: string | null;
    readonly version: number;
  };
  readonly person: {
    readonly id: string;
    readonly kind: string;
    readonly displayName: string;
    readonly phone: string | null;
    readonly email: string | null;
    readonly addressLine1: string | null;
    readonly town: string | null;
    readonly postcode: string | null;
  } | null;
  readonly representative: {
    readonly id: string;
    readonly displayName: string;
    readonly relationship: string;
    readonly authorisationKind: string;
    readonly authorisationDate: string | null;
  } | null;
  readonly group: {
    readonly id: string;
    readonly displayName: string;
    readonly members: readonly { readonly id: string; readonly displayName: string; readonly isSignatory: boolean }[];
  } | null;
  readonly property: {
    readonly id: string;
    readonly addressLine1: string;
    readonly town: string;
    readonly postcode: string;
  } | null;
  /** The contact's own timeline entries, oldest first (a conversion's entry included). */
  readonly timeline: readonly TimelineItem[];
  /** What the signed-in user may do with it now. */
  readonly commands: {
    readonly resolve: ContactCommandState;
    readonly convert: ContactCommandState;
    readonly edit: ContactCommandState;
  };
}

/** The contacts and cases of one person (as the resident) or one property, newest first. */
export interface RecordsOf {
  readonly kind: 'person' | 'property';
  readonly id: string;
  readonly title: string;
  readonly subtitle: string;
  /** A person's name and contact details as this desk holds them (what "Edit resident details" starts from). */
  readonly person: RecordsPerson | null;
  readonly contacts: readonly {
    readonly id: string;
    readonly reference: string;
    readonly receivedDate: string;
    readonly channel: string;
    readonly status: 'open' | 'resolved' | 'converted';
    readonly whatHappened: string;
    readonly complaintReference: string | null;
  }[];
  readonly complaints: readonly {
    readonly id: string;
    readonly reference: string;
    readonly receivedDate: string;
    readonly status: string;
    readonly summary: string;
  }[];
  /** True when there were more than the lists show (at most RECORDS_LIMIT of each). */
  readonly more: boolean;
}

export const RECORDS_LIMIT = 50;

export interface RecordsPerson {
  /** A group or petition is named, not a person: its name is not edited. */
  readonly kind: string;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly addressLine1: string | null;
  readonly town: string | null;
  readonly postcode: string | null;
}

export interface CalibrationFeedbackItem {
  readonly itemId: string;
  readonly weekStart: string;
  readonly letter: LetterSummary;
  readonly card: CalibrationScoreCard;
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
  addCorrespondence: { correspondenceId: string } & Committed;
  saveDraft: { savedAt: string };
  loadDraft: { body: string; savedAt: string } | null;
  discardDraft: { discarded: boolean };
  myWork: QueuePage;
  workCounts: WorkCounts;
  teamQueue: QueuePage;
  breaching: readonly CaseListItem[];
  caseDetail: CaseDetail;
  availableCommands: readonly AvailableCommand[];
  search: SearchAnswer;
  syncStatus: SyncStatus;
  // ---- letters
  letterTemplates: readonly LetterTemplate[];
  saveLetterTemplate: { templateId: string; version: number } & Committed;
  createLetterDraft: { letterId: string } & Committed;
  letterDetail: LetterDetail;
  saveLetterDraft: { version: number; checks: LetterChecks } & Committed;
  submitLetter: { version: number; versionNo: number; contentSha256: string } & Committed;
  returnLetter: { version: number } & Committed;
  authoriseLetter: { version: number } & Committed;
  sendLetter: {
    version: number;
    versionNo: number;
    contentSha256: string;
    /** The lifecycle step the send date recorded (null when it was already recorded or none applies). */
    transition: string | null;
  } & Committed;
  lettersAwaiting: readonly AwaitingLetter[];
  caseLetters: readonly LetterSummary[];
  myLetters: readonly LetterSummary[];
  letterDocx: { filename: string; mediaType: string; base64: string };
  calibrationWeek: CalibrationWeek;
  drawCalibration: CalibrationWeek & Committed;
  calibrationItem: CalibrationItemDetail;
  scoreCalibrationItem: { card: CalibrationScoreCard } & Committed;
  calibrationHistory: CalibrationHistory;
  calibrationExportCsv: { filename: string; csv: string };
  myCalibrationFeedback: readonly CalibrationFeedbackItem[];
  // ---- calibration week start: 0 = Sunday ... 6 = Saturday; canChange for administrators
  calibrationSettings: { weekStartDay: number; canChange: boolean };
  setCalibrationWeekStart: { weekStartDay: number; canChange: boolean };
  // ---- sync
  syncNow: SyncStatus;
  syncRejections: readonly SyncRejection[];
  // ---- sync merge
  updateComplaintDetails: { applied: string[]; superseded: string[] } & Committed;
  updatePerson: { applied: string[]; superseded: string[] } & Committed;
  updateContact: { applied: string[]; superseded: string[] } & Committed;
  listConflicts: readonly SyncConflict[];
  resolveConflict: { resolution: string; decision: string | null } & Committed;
  // ---- putting things right
  caseRemedies: CaseRemedies;
  offerRemedy: { remedyId: string } & Committed;
  remedyStep: { status: RemedyStatus } & Committed;
  addAction: { actionId: string } & Committed;
  updateAction: { status: ActionStatus } & Committed;
  actionsDashboard: ActionsDashboard;
  // ---- a contact in its own view
  contactDetail: ContactDetail;
  recordsOf: RecordsOf;
}

export type DeskApiInput<M extends DeskApiMethod> = z.input<(typeof DESK_API)[M]>;

/** The renderer-facing shape: one named, typed method per capability (no generic invoke). */
export type DeskApi = {
  readonly [M in DeskApiMethod]: (input: DeskApiInput<M>) => Promise<DeskApiResult<DeskApiOutputs[M]>>;
};

/**
 * The browser mode's launch-secret exchange answers with what the page asks first (is someone signed in, what
 * the sign-in form says), so the first render needs no further round trip.
 */
export interface LaunchExchangeAnswer {
  readonly session: DeskApiResult<DeskApiOutputs['session']>;
  readonly deskInfo: DeskApiResult<DeskApiOutputs['deskInfo']>;
}
