// The desk's calls to the central server's auth, admin-desk and reference-data routes (the sync routes are the
// agent's, db/sqlite/sync/agent.ts). Every answer is checked with a schema; a server that cannot be reached is
// told apart from one that answers "no", because sign-in falls back to the cached verifier only in the first case.
import * as z from 'zod';

/** The server could not be reached (network down, refused, timed out) or failed (5xx): try again later. */
export class ServerUnreachable extends Error {
  override name = 'ServerUnreachable';
}

/** The server answered with a 4xx: its code (e.g. 'invalid-credentials') and plain-English message. */
export class ServerRefused extends Error {
  override name = 'ServerRefused';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

const role = z.enum(['agent', 'team-leader', 'manager', 'business-area-owner', 'administrator']);

const serverUser = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(role),
  teamId: z.string().nullable(),
  organisationId: z.string(),
});
export type ServerUser = z.infer<typeof serverUser>;

const tokenPair = z.object({
  accessToken: z.string().min(10),
  accessTokenExpiresAt: z.string(),
  refreshToken: z.string().min(20),
  refreshTokenExpiresAt: z.string(),
});

const loginAnswer = tokenPair.extend({ sessionId: z.string(), deskId: z.string().nullable(), user: serverUser });
export type LoginAnswer = z.infer<typeof loginAnswer>;
const refreshAnswer = tokenPair.extend({ user: serverUser });
export type RefreshAnswer = z.infer<typeof refreshAnswer>;

const deskAnswer = z.object({ desk: z.object({ id: z.string(), deskCode: z.string(), name: z.string() }) });

const errorBody = z.object({ error: z.string().optional(), message: z.string().optional() }).passthrough();

/** The part of GET /reference-data the desk keeps (server/routes/reference-data.ts). */
export const referenceDocument = z.object({
  format: z.literal(1),
  organisation: z.object({ id: z.string(), name: z.string(), region: z.string() }).passthrough().nullable(),
  profileAssignments: z.array(
    z.object({ id: z.string(), profileId: z.string(), from: z.string(), to: z.string().nullable() }).passthrough(),
  ),
  bankHolidays: z
    .object({
      overrides: z.array(
        z.object({ region: z.string(), date: z.string(), action: z.enum(['add', 'remove']), name: z.string() }),
      ),
    })
    .passthrough(),
  businessAreas: z.array(
    z
      .object({ key: z.string(), name: z.string(), active: z.boolean(), ownerUserId: z.string().nullable().optional() })
      .passthrough(),
  ),
  categories: z.array(
    z
      .object({ key: z.string(), name: z.string(), businessAreaKey: z.string().nullable(), active: z.boolean() })
      .passthrough(),
  ),
  users: z.array(
    z.object({
      id: z.string(),
      displayName: z.string(),
      teamId: z.string().nullable(),
      roles: z.array(role),
      active: z.boolean(),
    }),
  ),
  teams: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean() })),
});
export type ReferenceDocument = z.infer<typeof referenceDocument>;

export interface ServerClientOptions {
  readonly baseUrl: string;
  readonly fetch?: typeof fetch;
  /** A request that takes longer counts as "unreachable" (default 10 s). */
  readonly timeoutMs?: number;
}

export class ServerClient {
  private readonly fetch: typeof fetch;
  readonly baseUrl: string;
  constructor(private readonly options: ServerClientOptions) {
    this.fetch = options.fetch ?? fetch;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    accessToken?: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: unknown; etag: string | null }> {
    let res: Response;
    try {
      res = await this.fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new ServerUnreachable(`the central server at ${this.baseUrl} cannot be reached (${describe(e)})`);
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 500) throw new ServerUnreachable(`the central server failed (${res.status})`);
    if (res.status === 304) return { status: 304, json: null, etag: res.headers.get('etag') };
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new ServerUnreachable(`the central server answered ${res.status} with something that is not JSON`);
    }
    if (res.status >= 400) {
      const e = errorBody.safeParse(json);
      const retry = Number(res.headers.get('retry-after'));
      throw new ServerRefused(
        res.status,
        (e.success && e.data.error) || `http-${res.status}`,
        (e.success && e.data.message) || `the central server refused (${res.status})`,
        Number.isFinite(retry) && retry > 0 ? retry : null,
      );
    }
    return { status: res.status, json, etag: res.headers.get('etag') };
  }

  async login(email: string, password: string, deskId: string | null): Promise<LoginAnswer> {
    const r = await this.request('POST', '/auth/login', { email, password, ...(deskId ? { deskId } : {}) });
    return parse(loginAnswer, r.json);
  }

  async refresh(refreshToken: string): Promise<RefreshAnswer> {
    const r = await this.request('POST', '/auth/refresh', { refreshToken });
    return parse(refreshAnswer, r.json);
  }

  /** Ends the session on the server (its refresh token can no longer be used). */
  async logout(accessToken: string): Promise<void> {
    await this.request('POST', '/auth/logout', {}, accessToken);
  }

  /** Administrators only: registers a new desk, which gets its id and desk code from the server. */
  async createDesk(accessToken: string, name: string): Promise<{ id: string; deskCode: string; name: string }> {
    const r = await this.request('POST', '/admin/desks', { name }, accessToken);
    return parse(deskAnswer, r.json).desk;
  }

  /** The organisation's reference data, or null when it has not changed since `etag`. */
  async referenceData(
    accessToken: string,
    etag: string | null,
  ): Promise<{ doc: ReferenceDocument; etag: string | null } | null> {
    const r = await this.request(
      'GET',
      '/reference-data',
      undefined,
      accessToken,
      etag ? { 'if-none-match': etag } : {},
    );
    if (r.status === 304) return null;
    return { doc: parse(referenceDocument, r.json), etag: r.etag };
  }
}

function parse<T>(schema: z.ZodType<T>, json: unknown): T {
  const r = schema.safeParse(json);
  if (!r.success) throw new ServerUnreachable(`the central server's answer was not understood: ${r.error.message}`);
  return r.data;
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message}: ${cause.message}` : e.message;
  }
  return String(e);
}
