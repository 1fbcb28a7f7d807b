// The sync endpoints: push (the desk's outbox), pull (changes after a cursor, what the user may see) and a
// server-sent event stream that tells connected desks to pull at once (those that may see what changed). A
// protocol version this server does not speak gets 426 update-required, never data.
import { EventEmitter } from 'node:events';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DeskSettings } from '../../shared/app/ports.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import type { Region } from '../../shared/domain/calendar/bank-holidays.js';
import {
  SYNC_PROTOCOL_VERSION,
  UPDATE_REQUIRED,
  UPDATE_REQUIRED_STATUS,
  claimedProtocolVersion,
  pullRequestSchema,
  pushRequestSchema,
  snapshotRequestSchema,
  type PullResponse,
  type SnapshotResponse,
} from '../../shared/contracts/sync.js';
import { readSyncSettings } from '../../db/postgres/reference-store.js';
import {
  headSeq,
  pullChangesJson,
  snapshotPage,
  type SnapshotPage,
  type Visibility,
} from '../../db/postgres/sync-store.js';
import { authOf } from '../auth/context.js';
import type { ServerContext } from '../context.js';
import { HttpError, parseWith } from '../errors.js';
import { handlePush, ServerHlc, type PushCaller } from '../sync/push.js';
import { ReadAhead } from '../sync/read-ahead.js';

/** A push of 500 mutations with long texts fits; anything larger is refused before it is parsed. */
export const SYNC_BODY_LIMIT = 8 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

function requireVersion(claimed: unknown): void {
  if (claimed !== SYNC_PROTOCOL_VERSION) {
    throw new HttpError(
      UPDATE_REQUIRED_STATUS,
      UPDATE_REQUIRED,
      `This server speaks sync protocol ${SYNC_PROTOCOL_VERSION}; the desk sent ${JSON.stringify(claimed ?? null)}. Update the desk.`,
      { protocolVersion: SYNC_PROTOCOL_VERSION },
    );
  }
}

const NON_ASCII = /[\u0080-\uffff]/g;

/**
 * The same JSON text with every character outside ASCII written as a \u escape (a character beyond
 * U+FFFF as its two surrogates, as JSON has it): the same JSON value. A page of several megabytes with a
 * few such characters (a £, an accented name) otherwise decodes into a two-byte string on the desk: its
 * UTF-8 decoding took about 5 times and its JSON.parse about 1.5 times as long as for an ASCII page of the
 * same size (a 9 MB page, Node 20), and the desk is what an initial sync waits for.
 */
export function asciiJson(json: string): string {
  if (Buffer.byteLength(json) === json.length) return json;
  return json.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Managers and administrators see every case; everyone else the cases of their own team. */
export function visibilityOf(auth: { roles: readonly string[]; teamId: string | null }): Visibility {
  return auth.roles.includes('manager') || auth.roles.includes('administrator')
    ? { all: true }
    : { all: false, teamId: auth.teamId };
}

/** What an accepted push changed, for the event stream: the teams of its rows; `everyone` for reference rows. */
interface Nudge {
  readonly fromDesk: string;
  readonly teams: Set<string | null>;
  everyone: boolean;
}

/** The pull's visibility rule (pullChanges), applied to a nudge: would this desk's pull bring anything new? */
function mayShow(visibility: Visibility, n: Nudge): boolean {
  if (visibility.all || n.everyone) return true;
  return visibility.teamId !== null && n.teams.has(visibility.teamId);
}

export function syncRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const hlc = new ServerHlc();
  const nudges = new EventEmitter();
  nudges.setMaxListeners(0);
  const streams = new Set<FastifyReply>();
  // The next snapshot page of each bootstrap under way, read while the current one is sent (read-ahead.ts).
  const snapshotReadAhead = new ReadAhead<SnapshotPage>();

  app.addHook('preClose', async () => {
    for (const r of streams) r.raw.end();
    streams.clear();
    await snapshotReadAhead.clear();
  });

  function callerOf(request: FastifyRequest): PushCaller & { organisationId: string } {
    const auth = authOf(request);
    if (auth.deskId === null) {
      throw new HttpError(403, 'desk-required', 'Sync needs a session signed in from an enrolled desk.');
    }
    const desk = auth.desk; // read with the session, on this request
    if (!desk || !desk.active) throw new HttpError(403, 'desk-inactive', 'This desk is not active.');
    return {
      userId: auth.userId,
      roles: auth.roles,
      teamId: auth.teamId,
      deskId: auth.deskId,
      deskCode: desk.deskCode,
      organisationId: auth.organisationId,
    };
  }

  async function settingsFor(organisationId: string): Promise<DeskSettings> {
    const rows = await readSyncSettings(ctx.db, organisationId);
    return {
      region: (rows.region ?? 'england-and-wales') as Region,
      bankHolidayOverrides: rows.bankHolidayOverrides,
      profileAssignments: rows.profileAssignments.map((a) => ({
        profileId: a.profileId,
        from: a.from as IsoDate,
        to: a.to as IsoDate | null,
      })),
    };
  }

  app.post('/sync/push', { bodyLimit: SYNC_BODY_LIMIT }, async (request) => {
    requireVersion(claimedProtocolVersion(request.body));
    const body = parseWith(pushRequestSchema, request.body, 'push');
    const caller = callerOf(request);
    const nudge: Nudge = { fromDesk: caller.deskId, teams: new Set(), everyone: false };
    const response = await handlePush(
      {
        db: ctx.db,
        nowMs: ctx.nowMs,
        nowIso: ctx.nowIso,
        hlc,
        settings: await settingsFor(caller.organisationId),
        onAccepted: (writes) => {
          for (const w of writes) {
            if (w.table === 'letter_templates') nudge.everyone = true;
            else nudge.teams.add(w.teamId);
          }
        },
      },
      caller,
      body,
    );
    const accepted = response.results.filter((r) => r.status === 'accepted').length;
    request.log.info(
      { event: 'sync-push', mutations: body.mutations.length, accepted, deskId: caller.deskId },
      'push applied',
    );
    if (accepted > 0) nudges.emit('changed', nudge);
    return response;
  });

  /** What a caller's pull and snapshot may hold: their team's, and a business-area owner's areas' actions. */
  async function pullVisibility(caller: ReturnType<typeof callerOf>): Promise<Visibility> {
    const visibility = visibilityOf(caller);
    if (visibility.all || !caller.roles.includes('business-area-owner')) return visibility;
    const owned = await ctx.db.query<{ key: string }>(
      'SELECT key FROM business_areas WHERE organisation_id = $1 AND owner_user_id = $2 AND active',
      [caller.organisationId, caller.userId],
    );
    return { ...visibility, areas: owned.rows.map((r) => r.key) };
  }

  app.post('/sync/pull', async (request, reply) => {
    requireVersion(claimedProtocolVersion(request.body));
    const body = parseWith(pullRequestSchema, request.body, 'pull');
    const page = await pullChangesJson(ctx.db, body.cursor, body.limit, await pullVisibility(callerOf(request)));
    // A PullResponse, written out directly: the changes are the stored JSON text (see pullChangesJson).
    const tail: Omit<PullResponse, 'changes'> = {
      protocolVersion: SYNC_PROTOCOL_VERSION,
      nextCursor: page.scannedTo,
      hasMore: page.hasMore,
    };
    return reply
      .type('application/json; charset=utf-8')
      .send(`{"changes":${page.changesJson},${JSON.stringify(tail).slice(1)}`);
  });

  app.post('/sync/snapshot', async (request, reply) => {
    requireVersion(claimedProtocolVersion(request.body));
    const body = parseWith(snapshotRequestSchema, request.body, 'snapshot');
    const visibility = await pullVisibility(callerOf(request));
    // The first page fixes the head; later pages name it (a head past the server's own is refused).
    const serverHead = await headSeq(ctx.db);
    if (body.head !== undefined && BigInt(body.head) > BigInt(serverHead)) {
      throw new HttpError(400, 'invalid', `The snapshot head ${body.head} is past this server's latest change.`);
    }
    const head = body.head ?? serverHead;
    // Everything the page depends on: the caller's visibility and where in which snapshot.
    const keyOf = (after: string | undefined) => JSON.stringify([visibility, head, after ?? null, body.limit]);
    const page =
      (await snapshotReadAhead.take(keyOf(body.after))) ??
      (await snapshotPage(ctx.db, head, body.after, body.limit, visibility));
    if (page.hasMore && page.last !== null) {
      const after = page.last;
      snapshotReadAhead.start(keyOf(after), () => snapshotPage(ctx.db, head, after, body.limit, visibility));
    }
    // A SnapshotResponse, written out directly: the rows are the stored JSON text (see snapshotPage).
    const tail: Omit<SnapshotResponse, 'tables'> = {
      protocolVersion: SYNC_PROTOCOL_VERSION,
      head: page.head,
      last: page.last,
      hasMore: page.hasMore,
      maxHlc: page.maxHlc,
    };
    // Sent as bytes: an ASCII text's Latin-1 bytes are its UTF-8 bytes, written in one copy (a string reply is
    // measured for its length and encoded again, ~10-30 ms of a 9 MB page's server CPU).
    const text = asciiJson(`{"tables":${page.tablesJson},${JSON.stringify(tail).slice(1)}`);
    return reply.type('application/json; charset=utf-8').send(Buffer.from(text, 'latin1'));
  });

  // Server-sent events: a bare "changed" nudge (no data: what the user may see is decided by pull).
  app.get('/sync/events', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    requireVersion(Number(query.protocolVersion));
    const caller = callerOf(request);
    const visibility = visibilityOf(caller);
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    reply.raw.write(': connected\n\n');
    // Only a desk that may see one of the changes is nudged, and never the desk that pushed them (it pulls
    // right after its push): one write no longer makes every connected desk pull.
    const nudge = (n: Nudge) => {
      if (n.fromDesk !== caller.deskId && mayShow(visibility, n)) reply.raw.write('event: changed\ndata: {}\n\n');
    };
    const beat = setInterval(() => reply.raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    nudges.on('changed', nudge);
    streams.add(reply);
    request.raw.on('close', () => {
      clearInterval(beat);
      nudges.off('changed', nudge);
      streams.delete(reply);
    });
  });
}
