// Sign-in, refresh-token rotation with reuse detection, sign-out, and "who am I".
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as z from 'zod';
import { PERMISSIONS, can, type Permission } from '../../shared/app/permissions.js';
import type { Queryable } from '../../db/postgres/db.js';
import { findUserForLogin, getDesk, getUser, touchDesk, type UserRecord } from '../../db/postgres/identity-store.js';
import {
  insertRefreshToken,
  insertSession,
  lockRefreshToken,
  markRefreshTokenUsed,
  revokeSession,
  revokeUserSessions,
} from '../../db/postgres/session-store.js';
import { authOf } from '../auth/context.js';
import { MAX_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords.js';
import { hashRefreshToken, newRefreshToken, signAccessToken } from '../auth/tokens.js';
import type { ServerContext } from '../context.js';
import { HttpError, parseWith } from '../errors.js';

const loginBody = z
  .object({
    email: z.string().trim().min(3).max(320),
    password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
    deskId: z.uuid().optional(),
  })
  .strict();

const refreshBody = z.object({ refreshToken: z.string().min(20).max(200) }).strict();
const logoutBody = z.object({ allSessions: z.boolean().optional() }).strict();

const INVALID_CREDENTIALS = 'The email address or password is not right.';

export interface TokenPair {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: string;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: string;
}

function publicUser(u: UserRecord): Record<string, unknown> {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    roles: u.roles,
    teamId: u.teamId,
    organisationId: u.organisationId,
  };
}

/** Issues a refresh token in `sessionId` and an access token for the user as they are now. */
async function issueTokens(
  ctx: ServerContext,
  q: Queryable,
  user: UserRecord,
  session: { id: string; deskId: string | null; expiresAtMs: number },
): Promise<TokenPair & { refreshTokenId: string }> {
  const now = ctx.nowMs();
  const refreshToken = newRefreshToken();
  const refreshTokenId = ctx.newId();
  const refreshExpires = Math.min(now + ctx.refreshTokenTtlSeconds * 1000, session.expiresAtMs);
  await insertRefreshToken(q, {
    id: refreshTokenId,
    sessionId: session.id,
    tokenHash: hashRefreshToken(refreshToken),
    nowIso: ctx.nowIso(),
    expiresAt: new Date(refreshExpires).toISOString(),
  });
  const iat = Math.floor(now / 1000);
  const exp = iat + ctx.accessTokenTtlSeconds;
  const accessToken = signAccessToken(
    {
      sub: user.id,
      org: user.organisationId,
      sid: session.id,
      jti: ctx.newId(),
      roles: [...user.roles],
      team: user.teamId,
      desk: session.deskId,
      iat,
      exp,
    },
    ctx.secret,
  );
  return {
    accessToken,
    accessTokenExpiresAt: new Date(exp * 1000).toISOString(),
    refreshToken,
    refreshTokenExpiresAt: new Date(refreshExpires).toISOString(),
    refreshTokenId,
  };
}

function tooMany(reply: FastifyReply, retryAfter: number): never {
  void reply.header('retry-after', String(retryAfter));
  throw new HttpError(429, 'too-many-attempts', `Too many failed sign-ins; try again in ${retryAfter} seconds.`, {
    retryAfterSeconds: retryAfter,
  });
}

export function authRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/auth/login', { config: { public: true } }, async (request, reply) => {
    const body = parseWith(loginBody, request.body);
    const key = `${body.email.toLowerCase()}|${request.ip}`;
    const wait = ctx.loginLimiter.retryAfterSeconds(key, ctx.nowMs());
    if (wait > 0) {
      request.log.warn({ event: 'login-rate-limited' }, 'sign-in refused: too many failures');
      tooMany(reply, wait);
    }
    const found = await findUserForLogin(ctx.db, body.email);
    // Always run one scrypt, against a dummy hash when there is no user, so an unknown email costs the same
    // time as a wrong password and the answer cannot be used to find out who has an account.
    const matches = await verifyPassword(body.password, found?.passwordHash ?? ctx.dummyPasswordHash);
    if (!found || !found.passwordHash || !matches || !found.user.active) {
      ctx.loginLimiter.recordFailure(key, ctx.nowMs());
      request.log.info({ event: 'login-failed' }, 'sign-in failed');
      throw new HttpError(401, 'invalid-credentials', INVALID_CREDENTIALS);
    }
    const user = found.user;
    if (body.deskId !== undefined) {
      const desk = await getDesk(ctx.db, body.deskId);
      if (!desk || !desk.active || desk.organisationId !== user.organisationId) {
        throw new HttpError(400, 'unknown-desk', 'That desk is not enrolled with this server.');
      }
    }
    ctx.loginLimiter.reset(key);
    const sessionId = ctx.newId();
    const expiresAtMs = ctx.nowMs() + ctx.sessionTtlSeconds * 1000;
    const deskId = body.deskId ?? null;
    const tokens = await ctx.db.transaction(async (tx) => {
      await insertSession(tx, {
        id: sessionId,
        userId: user.id,
        deskId,
        nowIso: ctx.nowIso(),
        expiresAt: new Date(expiresAtMs).toISOString(),
      });
      if (deskId !== null) await touchDesk(tx, deskId, ctx.nowIso());
      return issueTokens(ctx, tx, user, { id: sessionId, deskId, expiresAtMs });
    });
    request.log.info({ event: 'login', userId: user.id, sessionId, deskId }, 'signed in');
    return {
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      refreshToken: tokens.refreshToken,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
      sessionId,
      deskId,
      user: publicUser(user),
    };
  });

  app.post('/auth/refresh', { config: { public: true } }, async (request) => {
    const body = parseWith(refreshBody, request.body);
    type Outcome = { ok: true; pair: TokenPair; user: UserRecord } | { ok: false; error: HttpError; log: string };
    // Decided inside one transaction that always commits: a detected reuse must stay revoked even though the
    // caller gets a 401.
    const outcome = await ctx.db.transaction(async (tx): Promise<Outcome> => {
      const nowIso = ctx.nowIso();
      const found = await lockRefreshToken(tx, hashRefreshToken(body.refreshToken));
      if (!found) {
        return {
          ok: false,
          error: new HttpError(401, 'invalid-refresh-token', 'That refresh token is not known.'),
          log: 'unknown',
        };
      }
      if (found.sessionRevokedAt !== null) {
        return {
          ok: false,
          error: new HttpError(401, 'session-ended', 'This session has ended; sign in again.'),
          log: 'revoked',
        };
      }
      if (found.usedAt !== null) {
        await revokeSession(tx, found.sessionId, 'refresh-token-reuse', nowIso);
        return {
          ok: false,
          error: new HttpError(
            401,
            'refresh-token-reused',
            'That refresh token was already used, so this session has been ended for safety; sign in again.',
          ),
          log: 'reuse',
        };
      }
      const now = ctx.nowMs();
      if (Date.parse(found.expiresAt) <= now || Date.parse(found.sessionExpiresAt) <= now) {
        return {
          ok: false,
          error: new HttpError(401, 'refresh-token-expired', 'The session has expired; sign in again.'),
          log: 'expired',
        };
      }
      const user = await getUser(tx, found.userId);
      if (!user || !user.active) {
        await revokeSession(tx, found.sessionId, 'user-deactivated', nowIso);
        return {
          ok: false,
          error: new HttpError(401, 'account-inactive', 'This account is not active.'),
          log: 'inactive',
        };
      }
      const issued = await issueTokens(ctx, tx, user, {
        id: found.sessionId,
        deskId: found.deskId,
        expiresAtMs: Date.parse(found.sessionExpiresAt),
      });
      await markRefreshTokenUsed(tx, found.tokenId, issued.refreshTokenId, nowIso);
      if (found.deskId !== null) await touchDesk(tx, found.deskId, nowIso);
      const { refreshTokenId: _id, ...pair } = issued;
      return { ok: true, pair, user };
    });
    if (!outcome.ok) {
      const level = outcome.log === 'reuse' ? 'warn' : 'info';
      request.log[level]({ event: 'refresh-refused', reason: outcome.log }, 'refresh refused');
      throw outcome.error;
    }
    return { ...outcome.pair, user: publicUser(outcome.user) };
  });

  app.post('/auth/logout', async (request) => {
    const auth = authOf(request);
    const body = parseWith(logoutBody, request.body ?? {});
    const nowIso = ctx.nowIso();
    const ended = body.allSessions
      ? await revokeUserSessions(ctx.db, auth.userId, 'logout', nowIso)
      : (await revokeSession(ctx.db, auth.sessionId, 'logout', nowIso))
        ? 1
        : 0;
    request.log.info({ event: 'logout', userId: auth.userId, sessions: ended }, 'signed out');
    return { sessionsEnded: ended };
  });

  app.get('/me', async (request) => {
    const auth = authOf(request);
    const user = await getUser(ctx.db, auth.userId);
    if (!user) throw new HttpError(401, 'account-inactive', 'This account is not active.');
    const actor = { userId: auth.userId, roles: auth.roles, teamId: auth.teamId, deskId: auth.deskId ?? '' };
    // The desk uses this to hide what its user may not do; the server still checks each mutation.
    const permissions = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(actor, p));
    return { user: publicUser(user), deskId: auth.deskId, sessionId: auth.sessionId, permissions };
  });
}
