// DeskApi: the one typed contract between the renderer and the desk core. Electron's preload exposes these
// methods by name over IPC; the browser mode serves the same methods over HTTP on 127.0.0.1. Both hosts
// validate every payload with these schemas before it reaches a use case, and return errors as values.
import { z } from 'zod';

export const DESK_API_VERSION = 1;

const id = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be an id');
const cursor = z
  .object({ queueDate: z.string().max(10), reference: z.string().max(40) })
  .nullable()
  .optional();
const limit = z.number().int().min(1).max(500).optional();

/**
 * Each method's request schema. The use cases validate their own inputs again, field by field; here only the
 * envelope is checked, so a hostile or malformed call is refused before it reaches the core.
 */
export const DESK_API = {
  // Commands (each a use case in shared/app).
  logContact: z.object({}).passthrough(),
  resolveEnquiry: z.object({ contactId: id, resolution: z.string() }).passthrough(),
  convertToComplaint: z.object({ contactId: id }).passthrough(),
  complaintCommand: z.object({ complaintId: id, command: z.object({ type: z.string() }).passthrough() }).passthrough(),
  addNote: z.object({ body: z.string() }).passthrough(),
  assignComplaint: z.object({ complaintId: id, assigneeId: id }).passthrough(),
  // Queries.
  myWork: z.object({ after: cursor, limit }),
  teamQueue: z.object({ teamId: id.optional(), after: cursor, limit }),
  breaching: z.object({ scope: z.enum(['me', 'team', 'all']), within: z.enum(['today', 'week']) }),
  caseDetail: z.object({ complaintId: id }),
  availableCommands: z.object({ complaintId: id }),
  search: z.object({ query: z.string().max(200), limit }),
  syncStatus: z.object({}),
} as const;

export type DeskApiMethod = keyof typeof DESK_API;
export const DESK_API_METHODS = Object.keys(DESK_API) as DeskApiMethod[];

export function isDeskApiMethod(name: string): name is DeskApiMethod {
  return Object.prototype.hasOwnProperty.call(DESK_API, name);
}

export type DeskApiError = {
  readonly code:
    | 'invalid-input'
    | 'forbidden'
    | 'not-found'
    | 'illegal-transition'
    | 'guard-failed'
    | 'conflict'
    | 'unauthenticated'
    | 'unknown-method'
    | 'internal';
  readonly message: string;
  readonly fields?: readonly { readonly path: string; readonly message: string }[];
};

export type DeskApiResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DeskApiError };

/** The renderer-facing shape: one named, typed method per capability (no generic invoke). */
export type DeskApi = {
  readonly [M in DeskApiMethod]: (input: z.input<(typeof DESK_API)[M]>) => Promise<DeskApiResult<unknown>>;
};
