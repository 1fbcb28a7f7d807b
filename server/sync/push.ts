// A desk's push: each mutation, in order and independently, is checked (author, desk, references, clock),
// re-run through the same use case with the server's own permissions and state, and applied at most once.
// The whole batch runs under the sync write lock (db/postgres/sync-store.ts); each mutation in a savepoint,
// so a failure of one (even a database error) rejects it alone and never blocks the ones behind it.
import type { Actor, DeskSettings } from '../../shared/app/ports.js';
import { replayDeps, ReplayExhausted } from '../../shared/app/replay.js';
import { USE_CASES, type MutationPayload } from '../../shared/app/use-cases.js';
import { decodeHlc, initialHlc, receive, type Hlc } from '../../shared/domain/hlc.js';
import {
  SYNC_PROTOCOL_VERSION,
  entitiesNamedBy,
  type Change,
  type PushMutation,
  type PushRequest,
  type PushResponse,
  type PushResult,
} from '../../shared/contracts/sync.js';
import type { Db, Queryable } from '../../db/postgres/db.js';
import { prefetchForMutation } from '../../db/postgres/memory-repository.js';
import type { RowUnitOfWork } from '../../shared/app/sync-rows.js';
import { recordConflict } from '../../db/postgres/conflict-store.js';
import { decisionConflictOf } from './conflicts.js';
import {
  loadEntities,
  lockSyncWrites,
  recordAcceptance,
  recordRejection,
  storedMutations,
  type MutationMeta,
} from '../../db/postgres/sync-store.js';

/** How far ahead of the server's clock a desk's HLC may be before its mutation is refused. */
export const MAX_CLOCK_DRIFT_MS = 5 * 60 * 1000;

export interface PushCaller {
  readonly userId: string;
  readonly roles: Actor['roles'];
  readonly teamId: string | null;
  readonly deskId: string;
  readonly deskCode: string;
  /** Whose reference data (categories, business areas, teams) the mutations are checked against. */
  readonly organisationId: string;
}

/** The server's hybrid logical clock: it only ever moves on an accepted mutation, never on a refused one. */
export class ServerHlc {
  private clock: Hlc = initialHlc('server');
  get current(): Hlc {
    return this.clock;
  }
  check(remote: string, deskId: string, nowMs: number): { ok: true; next: Hlc } | { ok: false; reason: string } {
    const decoded = decodeHlc(remote);
    if (!decoded.ok || decoded.clock.node !== deskId) return { ok: false, reason: 'invalid-hlc' };
    const r = receive(this.clock, decoded.clock, nowMs, MAX_CLOCK_DRIFT_MS);
    if (!r.ok) return { ok: false, reason: r.error.kind === 'clock-drift' ? 'clock-skew' : 'invalid-hlc' };
    return { ok: true, next: r.clock };
  }
  advanceTo(next: Hlc): void {
    this.clock = next;
  }
}

const MESSAGES = {
  'forged-actor': 'This mutation names another user as its author; a desk may only push its own user’s work.',
  'wrong-desk': 'This push names another desk than the one this session signed in from.',
  'foreign-reference': 'This mutation carries a reference that was not issued by this desk.',
  'clock-skew': 'This desk’s clock is too far ahead of the server’s; correct the date and time, then retry.',
  'invalid-hlc': 'This mutation’s clock value is not valid for this desk.',
  'id-collision': 'This mutation would create a record whose id already exists.',
  'replay-mismatch': 'This mutation could not be replayed exactly on the server.',
  'unknown-reference': 'This mutation refers to something the server does not know (a team or user).',
} as const;
const messageOf = (reason: string): string => (MESSAGES as Record<string, string>)[reason] ?? reason;

export interface PushDeps {
  readonly db: Db;
  readonly nowMs: () => number;
  readonly nowIso: () => string;
  readonly hlc: ServerHlc;
  readonly settings: DeskSettings;
  /**
   * Each accepted mutation's writes, as it is recorded (before the batch commits: a batch run again carefully
   * reports some twice, so use it only for what a spurious call cannot harm, such as whom to nudge).
   */
  readonly onAccepted?: (writes: RowUnitOfWork['writes']) => void;
}

function rejectionFor(m: PushMutation, caller: PushCaller, deskId: string): string | null {
  if (m.actorId !== caller.userId) return 'forged-actor';
  if (deskId !== caller.deskId) return 'wrong-desk';
  const mine = new RegExp(`^[A-Z]{3}-${caller.deskCode}-\\d{1,12}$`);
  if (m.payload.context.references.some((r) => !mine.test(r))) return 'foreign-reference';
  return null;
}

async function snapshotsFor(q: Queryable, payload: MutationPayload): Promise<Change[]> {
  const named = entitiesNamedBy(payload);
  const rows = await loadEntities(
    q,
    named.map((n) => n.id),
  );
  return rows.map((e) => ({
    seq: e.seq,
    entityType: e.table,
    entityId: e.id,
    data: { ...e.row },
    hlc: e.row.updated_hlc === undefined ? '' : String(e.row.updated_hlc),
  }));
}

/** A database error while recording a mutation on the fast path: the batch is run again, carefully. */
class RetryCarefully extends Error {}

export async function handlePush(deps: PushDeps, caller: PushCaller, request: PushRequest): Promise<PushResponse> {
  try {
    return await pushBatch(deps, caller, request, false);
  } catch (e) {
    if (!(e instanceof RetryCarefully)) throw e;
    return pushBatch(deps, caller, request, true);
  }
}

/**
 * The fast path records each mutation with no savepoint (each costs a round trip); a database error then
 * aborts the whole batch, which is run again with a savepoint around each mutation's writes, so that the
 * error rejects that mutation alone and never blocks the ones behind it.
 */
async function pushBatch(
  deps: PushDeps,
  caller: PushCaller,
  request: PushRequest,
  careful: boolean,
): Promise<PushResponse> {
  const actor: Actor = { userId: caller.userId, roles: caller.roles, teamId: caller.teamId, deskId: caller.deskId };
  const results = await deps.db.transaction(async (tx) => {
    await lockSyncWrites(tx);
    const stored = await storedMutations(
      tx,
      request.mutations.map((m) => m.mutationId),
    );
    const answered = new Map<string, PushResult>();
    const out: PushResult[] = [];
    for (const raw of request.mutations) {
      const m = raw as PushMutation;
      const earlier = answered.get(m.mutationId);
      if (earlier) {
        out.push(earlier);
        continue;
      }
      const result = await pushOne(deps, tx, caller, actor, request.deskId, m, stored.get(m.mutationId), careful);
      answered.set(m.mutationId, result);
      out.push(result);
    }
    return out;
  });
  return { protocolVersion: SYNC_PROTOCOL_VERSION, results };
}

async function pushOne(
  deps: PushDeps,
  tx: Queryable,
  caller: PushCaller,
  actor: Actor,
  deskId: string,
  m: PushMutation,
  stored: Awaited<ReturnType<typeof storedMutations>> extends Map<string, infer S> ? S | undefined : never,
  careful: boolean,
): Promise<PushResult> {
  if (stored) {
    // At most once: a replayed id gets the answer it got the first time (never another user's, though).
    if (stored.userId !== caller.userId) {
      return {
        mutationId: m.mutationId,
        status: 'rejected',
        reason: 'forged-actor',
        message: MESSAGES['forged-actor'],
      };
    }
    return stored.status === 'accepted'
      ? { mutationId: m.mutationId, status: 'accepted', ...(stored.serverSeq ? { serverSeq: stored.serverSeq } : {}) }
      : {
          mutationId: m.mutationId,
          status: 'rejected',
          reason: stored.result.reason ?? 'rejected',
          message: stored.result.message ?? '',
          snapshots: await snapshotsFor(tx, m.payload),
        };
  }
  const meta: MutationMeta = {
    mutationId: m.mutationId,
    deskId: caller.deskId,
    userId: caller.userId,
    useCase: m.useCase,
    hlc: m.hlc,
    receivedAt: deps.nowIso(),
  };
  const reject = async (reason: string, message: string): Promise<PushResult> => {
    await recordRejection(tx, meta, { reason, message });
    return {
      mutationId: m.mutationId,
      status: 'rejected',
      reason,
      message,
      snapshots: await snapshotsFor(tx, m.payload),
    };
  };

  const refused = rejectionFor(m, caller, deskId);
  if (refused) return reject(refused, messageOf(refused));
  const clock = deps.hlc.check(m.hlc, caller.deskId, deps.nowMs());
  if (!clock.ok) return reject(clock.reason, messageOf(clock.reason));
  // The desk's wall time is recorded as when things happened: it may lag (a desk a day slow keeps its own
  // dates) but may not run ahead of the server by more than the drift allowed to its clock.
  if (Date.parse(m.payload.context.now) > deps.nowMs() + MAX_CLOCK_DRIFT_MS) {
    return reject('clock-skew', MESSAGES['clock-skew']);
  }

  // The use case runs in memory: an error before recordAcceptance has written nothing to the database.
  let pre: Awaited<ReturnType<typeof prefetchForMutation>>;
  let writes: RowUnitOfWork['writes'];
  let audit: RowUnitOfWork['audit'];
  try {
    pre = await prefetchForMutation(tx, m.payload.input, m.payload.context.ids, caller.organisationId);
    if (pre.collisions.length > 0) return reject('id-collision', MESSAGES['id-collision']);
    const r = USE_CASES[m.useCase](
      replayDeps(
        { uow: pre.uow, hlc: { next: () => m.hlc }, settings: deps.settings },
        { mutationId: m.mutationId, hlc: m.hlc, payload: m.payload },
      ),
      actor,
      m.payload.input,
    );
    if (!r.ok) {
      const conflict = decisionConflictOf(m, caller.deskId, r.error.code, pre.uow.rows);
      if (!conflict) return reject(r.error.code, r.error.message);
      const result = await reject(
        r.error.code,
        `${r.error.message} Another desk recorded a different decision first: both are kept as a conflict for a person to resolve.`,
      );
      await recordConflict(tx, {
        id: m.mutationId,
        mutationId: m.mutationId,
        entityType: 'complaints',
        entityId: conflict.complaintId,
        detected: conflict.detected,
        row: conflict.row,
        teamId: conflict.teamId,
        at: meta.receivedAt,
      });
      return result;
    }
    writes = pre.uow.writes;
    audit = pre.uow.audit;
  } catch (e) {
    if (isDatabaseError(e)) throw e;
    if (e instanceof ReplayExhausted) return reject('replay-mismatch', e.message);
    return reject('replay-mismatch', e instanceof Error ? e.message : String(e));
  }
  if (!careful) {
    try {
      const seq = await recordAcceptance(tx, meta, writes, audit);
      deps.hlc.advanceTo(clock.next);
      deps.onAccepted?.(writes);
      return { mutationId: m.mutationId, status: 'accepted', ...(seq ? { serverSeq: seq } : {}) };
    } catch (e) {
      if (isDatabaseError(e)) throw new RetryCarefully((e as Error).message);
      throw e;
    }
  }
  await tx.query('SAVEPOINT mutation');
  try {
    const seq = await recordAcceptance(tx, meta, writes, audit);
    await tx.query('RELEASE SAVEPOINT mutation');
    deps.hlc.advanceTo(clock.next);
    deps.onAccepted?.(writes);
    return { mutationId: m.mutationId, status: 'accepted', ...(seq ? { serverSeq: seq } : {}) };
  } catch (e) {
    await tx.query('ROLLBACK TO SAVEPOINT mutation');
    await tx.query('RELEASE SAVEPOINT mutation');
    const code = (e as { code?: unknown }).code;
    if (code === '23503') return reject('unknown-reference', MESSAGES['unknown-reference']);
    if (code === '23505') return reject('id-collision', MESSAGES['id-collision']);
    throw e; // any other database error: a 500, and the desk retries
  }
}

function isDatabaseError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}
