// The sync protocol between a desk and the server: versioned, zod-validated on both ends. A desk pushes its
// outbox (mutations the server re-runs through the same use cases) and pulls the server's changes (canonical
// desk-shaped row snapshots) after a cursor that is a server sequence, never a wall clock.
import * as z from 'zod';
import { isoDateSchema, type IsoDate } from '../domain/dates.js';

/**
 * Bumped on any incompatible change. A side that does not speak the other's version answers 426.
 * 2: /sync/snapshot, the bootstrap of a desk with no cursor yet.
 */
export const SYNC_PROTOCOL_VERSION = 2;
export const MAX_PUSH_BATCH = 500;
export const MAX_PULL_LIMIT = 1000;
/** Records in one snapshot page (a desk's first sync): large pages, each applied in one transaction. */
export const MAX_SNAPSHOT_LIMIT = 20_000;
/** The HTTP status and body for a protocol version this side does not speak. */
export const UPDATE_REQUIRED_STATUS = 426;
export const UPDATE_REQUIRED = 'update-required';

/** The use cases a desk may push: USE_CASE_NAMES of shared/app (contracts may not import it; a test keeps them equal). */
export const SYNC_USE_CASES = [
  'log-contact',
  'resolve-enquiry',
  'convert-to-complaint',
  'complaint-command',
  'add-note',
  'assign',
  'add-correspondence',
  // sync merge: last-writer-wins edits and decision-conflict resolution (shared/app/merge-use-cases.ts)
  'update-complaint-details',
  'update-person',
  'update-contact',
  'resolve-conflict',
  // letters and the weekly calibration (shared/app/letter-use-cases.ts)
  'save-letter-template',
  'create-letter',
  'save-letter',
  'submit-letter',
  'return-letter',
  'authorise-letter',
  'send-letter',
  'draw-calibration',
  'score-calibration',
  // putting things right (shared/app/remedy-use-cases.ts)
  'offer-remedy',
  'remedy-step',
  'add-action',
  'update-action',
] as const;

/** The shape of shared/app's MutationPayload. */
export interface MutationPayload {
  readonly input: unknown;
  readonly context: {
    readonly now: string;
    readonly today: IsoDate;
    readonly ids: readonly string[];
    readonly references: readonly string[];
  };
}

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a uuid');
const encodedHlc = z
  .string()
  .max(100)
  .regex(/^\d{15}-[0-9a-f]{4}-[0-9a-z-]{1,64}$/, 'must be an encoded HLC');

export const mutationPayloadSchema = z.object({
  input: z.unknown(),
  context: z.object({
    now: z.iso.datetime({ offset: true }),
    today: isoDateSchema,
    ids: z.array(uuid).max(100),
    references: z.array(z.string().max(40)).max(10),
  }),
});

export const pushMutationSchema = z.object({
  mutationId: uuid,
  useCase: z.enum(SYNC_USE_CASES),
  actorId: uuid,
  hlc: encodedHlc,
  payload: mutationPayloadSchema,
});
export type PushMutation = Omit<z.infer<typeof pushMutationSchema>, 'payload'> & { payload: MutationPayload };

export const pushRequestSchema = z
  .object({
    protocolVersion: z.literal(SYNC_PROTOCOL_VERSION),
    deskId: uuid,
    mutations: z.array(pushMutationSchema).min(1).max(MAX_PUSH_BATCH),
  })
  .strict();
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const ENTITY_TYPES = [
  'people',
  'group_members',
  'representations',
  'contacts',
  'complaints',
  'timeline_events',
  'notes',
  'correspondence',
  'sync_conflicts',
  // letters and the weekly calibration
  'letter_templates',
  'letters',
  'letter_versions',
  'letter_reviews',
  'calibration_draws',
  'calibration_items',
  // putting things right
  'remedies',
  'post_resolution_actions',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** A canonical row: the desk's SQLite row for that table, column by column (see sync-rows.ts). */
export type CanonicalRow = Readonly<Record<string, string | number | null>>;

export const changeSchema = z.object({
  seq: z.string().regex(/^\d{1,19}$/),
  entityType: z.enum(ENTITY_TYPES),
  entityId: uuid,
  data: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  hlc: z.string(),
});
export type Change = z.infer<typeof changeSchema>;

export const REJECTION_REASONS = [
  'forged-actor',
  'wrong-desk',
  'foreign-reference',
  'clock-skew',
  'invalid-hlc',
  'id-collision',
  'replay-mismatch',
  // and every UseCaseError code: invalid, forbidden, not-found, illegal-transition, conflict, guard-failed…
] as const;

export const pushResultSchema = z.object({
  mutationId: uuid,
  status: z.enum(['accepted', 'rejected']),
  reason: z.string().optional(),
  message: z.string().optional(),
  serverSeq: z.string().optional(),
  /** For a rejection: the server's rows for the records the mutation named, so the desk rolls back to them. */
  snapshots: z.array(changeSchema).optional(),
});
export type PushResult = z.infer<typeof pushResultSchema>;

export const pushResponseSchema = z.object({
  protocolVersion: z.literal(SYNC_PROTOCOL_VERSION),
  results: z.array(pushResultSchema),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullRequestSchema = z
  .object({
    protocolVersion: z.literal(SYNC_PROTOCOL_VERSION),
    cursor: z.string().regex(/^\d{1,19}$/, 'must be a server sequence'),
    limit: z.number().int().min(1).max(MAX_PULL_LIMIT).default(500),
  })
  .strict();
export type PullRequest = z.input<typeof pullRequestSchema>;

export const pullResponseSchema = z.object({
  protocolVersion: z.literal(SYNC_PROTOCOL_VERSION),
  changes: z.array(changeSchema),
  nextCursor: z.string(),
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/**
 * A desk with no cursor yet takes a snapshot instead of the change log: every record it may see, each as its
 * latest canonical row, as of the server's `head` (fixed by the first page and sent back with every later
 * one). Records changed after the head are left out: they come with the normal pull from `head` afterwards.
 */
export const snapshotRequestSchema = z
  .object({
    protocolVersion: z.literal(SYNC_PROTOCOL_VERSION),
    head: z
      .string()
      .regex(/^\d{1,19}$/, 'must be a server sequence')
      .optional(),
    /** The last record id of the previous page: records go in id order (ids are unique across types). */
    after: uuid.optional(),
    limit: z.number().int().min(1).max(MAX_SNAPSHOT_LIMIT).default(5000),
  })
  .strict();
export type SnapshotRequest = z.input<typeof snapshotRequestSchema>;

/**
 * One snapshot page, rows grouped by table. The envelope is checked here; the rows (a page holds thousands)
 * by checkSnapshotRows, a plain loop, rather than by a zod schema per row.
 */
export const snapshotResponseSchema = z.object({
  protocolVersion: z.literal(SYNC_PROTOCOL_VERSION),
  head: z.string().regex(/^\d{1,19}$/),
  tables: z.array(z.object({ entityType: z.enum(ENTITY_TYPES), rows: z.array(z.unknown()) }).strict()),
  /** The last record id of this page: the next page starts after it. Null: the page is empty. */
  last: uuid.nullable(),
  hasMore: z.boolean(),
  /** The latest HLC among the page's records (the desk's clock takes it in, as with pulled changes). */
  maxHlc: z.string().nullable(),
});
export interface SnapshotTable {
  readonly entityType: EntityType;
  readonly rows: readonly CanonicalRow[];
}
export type SnapshotResponse = Omit<z.infer<typeof snapshotResponseSchema>, 'tables'> & {
  readonly tables: readonly SnapshotTable[];
};

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The rows of a parsed snapshot page are canonical rows: plain objects of strings, numbers and nulls with a
 * uuid id, in id order within each table, none after the page's `last`. Throws on the first that is not,
 * naming it; the desk stores nothing of a page that fails.
 */
export function checkSnapshotRows(page: z.infer<typeof snapshotResponseSchema>): SnapshotResponse {
  for (const t of page.tables) {
    let previous: string | null = null;
    for (let i = 0; i < t.rows.length; i++) {
      const row = t.rows[i];
      const where = `snapshot row ${i} of ${t.entityType}`;
      if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error(`${where} is not an object`);
      const r = row as Record<string, unknown>;
      for (const k in r) {
        const v = r[k];
        if (v !== null && typeof v !== 'string' && (typeof v !== 'number' || !Number.isFinite(v))) {
          throw new Error(`${where}: column ${k} is not a string, number or null`);
        }
      }
      const id = r.id;
      if (typeof id !== 'string' || !UUID_SHAPE.test(id)) throw new Error(`${where}: id is not a uuid`);
      if (previous !== null && id <= previous) throw new Error(`${where}: ${id} out of order (after ${previous})`);
      if (page.last === null || id > page.last) throw new Error(`${where}: ${id} is past the page's last record`);
      previous = id;
    }
  }
  return page as SnapshotResponse;
}

/** The version a body claims, read before full validation so an old or new desk gets 426, not 400. */
export function claimedProtocolVersion(body: unknown): unknown {
  return typeof body === 'object' && body !== null
    ? (body as { protocolVersion?: unknown }).protocolVersion
    : undefined;
}

/**
 * The entities a mutation writes in place on the desk (as opposed to the new rows its ids name). A desk never
 * lets a pulled change overwrite these while the mutation is unsent: its own write would be lost.
 */
export function entitiesWrittenBy(useCase: string, payload: MutationPayload): string[] {
  const input = (typeof payload.input === 'object' && payload.input !== null ? payload.input : {}) as Record<
    string,
    unknown
  >;
  const out = [...payload.context.ids];
  const str = (k: string) => (typeof input[k] === 'string' ? [input[k]] : []);
  if (useCase === 'complaint-command' || useCase === 'assign' || useCase === 'update-complaint-details') {
    out.push(...str('complaintId'));
  }
  if (useCase === 'update-person') out.push(...str('personId'));
  if (useCase === 'update-contact') out.push(...str('contactId'));
  if (useCase === 'resolve-conflict') out.push(...str('conflictId'), ...str('complaintId'));
  if (useCase === 'resolve-enquiry' || useCase === 'convert-to-complaint') out.push(...str('contactId'));
  // Letters change in place through their workflow; scoring changes a calibration item in place.
  out.push(...str('letterId'), ...str('itemId'));
  // Remedies and actions change in place through their steps.
  out.push(...str('remedyId'), ...str('actionId'));
  return out;
}

/** The records a mutation names in its input: what the server sends back when it rejects it. */
export function entitiesNamedBy(payload: MutationPayload): { type: EntityType; id: string }[] {
  const input = (typeof payload.input === 'object' && payload.input !== null ? payload.input : {}) as Record<
    string,
    unknown
  >;
  const out: { type: EntityType; id: string }[] = [];
  if (typeof input.complaintId === 'string') out.push({ type: 'complaints', id: input.complaintId });
  if (typeof input.contactId === 'string') out.push({ type: 'contacts', id: input.contactId });
  if (typeof input.personId === 'string') out.push({ type: 'people', id: input.personId });
  if (typeof input.conflictId === 'string') out.push({ type: 'sync_conflicts', id: input.conflictId });
  if (typeof input.letterId === 'string') out.push({ type: 'letters', id: input.letterId });
  if (typeof input.itemId === 'string') out.push({ type: 'calibration_items', id: input.itemId });
  if (typeof input.remedyId === 'string') out.push({ type: 'remedies', id: input.remedyId });
  if (typeof input.actionId === 'string') out.push({ type: 'post_resolution_actions', id: input.actionId });
  return out;
}
