// Who is calling: resolved from the access token on every request that is not marked public, then re-read
// from the database in one query (user active, roles and team as they are NOW, session not revoked, the desk
// it was signed in from), so deactivating a user or changing roles takes effect at once rather than when a
// token expires.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type Permission } from '../../shared/app/permissions.js';
import type { Actor, Role } from '../../shared/app/ports.js';
import type { Db } from '../../db/postgres/db.js';
import { getCaller } from '../../db/postgres/identity-store.js';
import { HttpError } from '../errors.js';
import { verifyAccessToken } from './tokens.js';

export interface AuthContext {
  readonly userId: string;
  readonly organisationId: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly teamId: string | null;
  readonly deskId: string | null;
  /** The desk the session was signed in from, as it is now (null when none, or when it does not exist). */
  readonly desk: { readonly deskCode: string; readonly active: boolean } | null;
  readonly sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Reachable without an access token (health, readiness, sign-in, refresh). */
    public?: boolean;
  }
}

const unauthorised = (code: string, message: string): HttpError => new HttpError(401, code, message);

export function installAuthentication(
  app: FastifyInstance,
  deps: { db: Db; secret: Buffer; nowMs: () => number; nowIso: () => string },
): void {
  app.decorateRequest('auth', null);
  // onRequest runs before the body is read: an anonymous caller cannot make the server parse anything.
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.public === true) return;
    const header = request.headers.authorization;
    if (!header || !header.startsWith('Bearer ')) {
      void reply.header('www-authenticate', 'Bearer');
      throw unauthorised('unauthenticated', 'Sign in first: this request needs an access token.');
    }
    const verified = verifyAccessToken(header.slice('Bearer '.length).trim(), deps.secret, deps.nowMs());
    if (!verified.ok) {
      void reply.header('www-authenticate', `Bearer error="invalid_token"`);
      throw verified.reason === 'expired'
        ? unauthorised('token-expired', 'The access token has expired; refresh it.')
        : unauthorised('invalid-token', 'The access token is not valid.');
    }
    const { claims } = verified;
    const caller = await getCaller(deps.db, {
      userId: claims.sub,
      sessionId: claims.sid,
      deskId: claims.desk,
      nowIso: deps.nowIso(),
    });
    if (!caller?.user.active) throw unauthorised('account-inactive', 'This account is not active.');
    const { user } = caller;
    if (!caller.sessionLive) throw unauthorised('session-ended', 'This session has ended; sign in again.');
    request.auth = {
      userId: user.id,
      organisationId: user.organisationId,
      displayName: user.displayName,
      roles: user.roles,
      teamId: user.teamId,
      deskId: claims.desk,
      desk: caller.desk,
      sessionId: claims.sid,
    };
  });
}

export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthorised('unauthenticated', 'Sign in first: this request needs an access token.');
  return request.auth;
}

/** 403 unless the caller holds one of `roles`. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): AuthContext {
  const auth = authOf(request);
  if (!auth.roles.some((r) => roles.includes(r))) {
    throw new HttpError(
      403,
      'forbidden',
      `This needs the role ${roles.join(' or ')}; you have ${auth.roles.length > 0 ? auth.roles.join(', ') : 'no role'}.`,
    );
  }
  return auth;
}

/** The shared Actor of the use cases; mutations come from enrolled desks, so a desk is required. */
export function actorOf(request: FastifyRequest): Actor {
  const auth = authOf(request);
  if (auth.deskId === null) {
    throw new HttpError(403, 'desk-required', 'This request must come from an enrolled desk (sign in with a deskId).');
  }
  return { userId: auth.userId, roles: auth.roles, teamId: auth.teamId, deskId: auth.deskId };
}

/** 403 unless the shared permission table lets the caller do `permission`: the same table the desk checks. */
export function requirePermission(request: FastifyRequest, permission: Permission): Actor {
  const actor = actorOf(request);
  if (!can(actor, permission)) {
    throw new HttpError(403, 'forbidden', `Your role (${actor.roles.join(', ') || 'none'}) may not ${permission}.`);
  }
  return actor;
}
