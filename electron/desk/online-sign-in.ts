// Online sign-in through the central server's auth routes. On success the desk caches what the next sign-in
// needs to work offline (the user's row, roles and a fresh scrypt verifier of the password), refreshes the
// reference data, and keeps the server session's tokens. A desk that is not enrolled yet is enrolled by the
// first administrator who signs in on it (the server registers desks for administrators only).
import type Database from 'better-sqlite3';
import { enrolDesk, getDeskIdentity, stmt } from '../../db/sqlite/index.js';
import type { DeskApiError } from '../../shared/contracts/desk-api.js';
import { makeVerifier } from './credentials.js';
import type { DeskSync } from './desk-sync.js';
import { ServerRefused, ServerUnreachable, type LoginAnswer } from './server-client.js';
import type { StoredTokens } from './token-vault.js';

export type OnlineOutcome =
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'refused'; readonly error: DeskApiError }
  | { readonly kind: 'signed-in'; readonly userId: string; readonly tokens: StoredTokens };

export interface OnlineSignInContext {
  readonly db: Database.Database;
  readonly sync: DeskSync;
  readonly serverUrl: string;
  readonly nowIso: () => string;
  /** The name a newly enrolled desk is registered under. */
  readonly deskName: string;
}

export const NOT_ENROLLED =
  'This desk is not enrolled with the central server yet: an administrator signs in on it once, online, to enrol it.';

function refusal(e: ServerRefused): DeskApiError {
  if (e.status === 429) {
    return { code: 'locked-out', message: e.message };
  }
  if (e.code === 'invalid-credentials') {
    return {
      code: 'unauthenticated',
      message: e.message,
      fields: [{ path: 'password', message: 'wrong email or password' }],
    };
  }
  if (e.code === 'unknown-desk') {
    return {
      code: 'unauthenticated',
      message:
        'The central server no longer knows this desk (it was deactivated or belongs to another organisation). Ask an administrator.',
    };
  }
  return { code: 'unauthenticated', message: e.message };
}

function tokensOf(a: LoginAnswer): StoredTokens {
  return {
    userId: a.user.id,
    accessToken: a.accessToken,
    accessTokenExpiresAt: a.accessTokenExpiresAt,
    refreshToken: a.refreshToken,
    refreshTokenExpiresAt: a.refreshTokenExpiresAt,
  };
}

export async function signInOnline(ctx: OnlineSignInContext, email: string, password: string): Promise<OnlineOutcome> {
  const client = ctx.sync.client;
  try {
    const identity = getDeskIdentity(ctx.db);
    let login = await client.login(email, password, identity?.deskId ?? null);
    if (!identity) {
      if (!login.user.roles.includes('administrator')) {
        await client.logout(login.accessToken).catch(() => undefined);
        return { kind: 'refused', error: { code: 'unauthenticated', message: NOT_ENROLLED } };
      }
      const desk = await client.createDesk(login.accessToken, ctx.deskName);
      // That first session belongs to no desk (sync needs one): end it and sign in again as this desk.
      await client.logout(login.accessToken).catch(() => undefined);
      enrolDesk(ctx.db, {
        deskId: desk.id,
        deskCode: desk.deskCode,
        organisationKey: login.user.organisationId,
        displayName: desk.name,
        serverUrl: ctx.serverUrl,
        enrolledAt: ctx.nowIso(),
      });
      login = await client.login(email, password, desk.id);
    }
    // Reference data first: the user's team must exist on the desk before the user's row can point at it.
    await ctx.sync.refreshReference(login.accessToken).catch((e: unknown) => {
      console.warn('desk: reference data not refreshed at sign-in:', e instanceof Error ? e.message : e);
    });
    const verifier = await makeVerifier(password);
    cacheUser(ctx.db, login.user, verifier);
    return { kind: 'signed-in', userId: login.user.id, tokens: tokensOf(login) };
  } catch (e) {
    if (e instanceof ServerRefused) return { kind: 'refused', error: refusal(e) };
    if (e instanceof ServerUnreachable) return { kind: 'unreachable', message: e.message };
    throw e;
  }
}

/** The user as the server just confirmed them, with the verifier for their next (possibly offline) sign-in. */
function cacheUser(db: Database.Database, u: LoginAnswer['user'], verifier: string): void {
  db.transaction(() => {
    const teamKnown =
      u.teamId !== null && stmt<[string], { id: string }>(db, 'SELECT id FROM teams WHERE id = ?').get(u.teamId);
    // Another row holding this address (a user whose address changed on the server) gives it up.
    stmt(db, 'UPDATE users SET email = id, offline_verifier = NULL WHERE lower(email) = lower(?) AND id <> ?').run(
      u.email,
      u.id,
    );
    stmt(
      db,
      `INSERT INTO users (id, display_name, email, team_id, active, offline_verifier, updated_hlc)
       VALUES (?, ?, ?, ?, 1, ?, 'server')
       ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email,
         team_id = excluded.team_id, active = 1, offline_verifier = excluded.offline_verifier`,
    ).run(u.id, u.displayName, u.email, teamKnown ? u.teamId : null, verifier);
    stmt(db, 'DELETE FROM user_roles WHERE user_id = ?').run(u.id);
    for (const r of u.roles) stmt(db, 'INSERT INTO user_roles (user_id, role_key) VALUES (?, ?)').run(u.id, r);
  })();
}
