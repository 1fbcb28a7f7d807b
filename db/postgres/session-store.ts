// Sessions and their rotating refresh tokens. Only SHA-256 hashes of refresh tokens are stored.
import { isoOf, isoOrNull, type Queryable } from './db.js';

export type RevokeReason = 'logout' | 'refresh-token-reuse' | 'user-deactivated' | 'admin';

export interface RefreshTokenLookup {
  readonly tokenId: string;
  readonly sessionId: string;
  readonly userId: string;
  readonly deskId: string | null;
  readonly expiresAt: string;
  readonly usedAt: string | null;
  readonly sessionExpiresAt: string;
  readonly sessionRevokedAt: string | null;
}

export async function insertSession(
  q: Queryable,
  s: { id: string; userId: string; deskId: string | null; nowIso: string; expiresAt: string },
): Promise<void> {
  await q.query('INSERT INTO sessions (id, user_id, desk_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    s.id,
    s.userId,
    s.deskId,
    s.nowIso,
    s.expiresAt,
  ]);
}

export async function insertRefreshToken(
  q: Queryable,
  t: { id: string; sessionId: string; tokenHash: string; nowIso: string; expiresAt: string },
): Promise<void> {
  await q.query(
    'INSERT INTO refresh_tokens (id, session_id, token_hash, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [t.id, t.sessionId, t.tokenHash, t.nowIso, t.expiresAt],
  );
}

/**
 * Finds a refresh token by its hash and locks its row, so two refreshes racing with the same token are
 * serialised: the second sees it used and is treated as reuse.
 */
export async function lockRefreshToken(q: Queryable, tokenHash: string): Promise<RefreshTokenLookup | null> {
  const r = await q.query<{
    token_id: string;
    session_id: string;
    user_id: string;
    desk_id: string | null;
    expires_at: unknown;
    used_at: unknown;
    session_expires_at: unknown;
    session_revoked_at: unknown;
  }>(
    `SELECT rt.id::text AS token_id, s.id::text AS session_id, s.user_id::text, s.desk_id::text, rt.expires_at,
       rt.used_at, s.expires_at AS session_expires_at, s.revoked_at AS session_revoked_at
     FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id
     WHERE rt.token_hash = $1 FOR UPDATE OF rt, s`,
    [tokenHash],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    tokenId: row.token_id,
    sessionId: row.session_id,
    userId: row.user_id,
    deskId: row.desk_id,
    expiresAt: isoOf(row.expires_at),
    usedAt: isoOrNull(row.used_at),
    sessionExpiresAt: isoOf(row.session_expires_at),
    sessionRevokedAt: isoOrNull(row.session_revoked_at),
  };
}

export async function markRefreshTokenUsed(
  q: Queryable,
  tokenId: string,
  replacedBy: string,
  nowIso: string,
): Promise<void> {
  await q.query('UPDATE refresh_tokens SET used_at = $2, replaced_by = $3 WHERE id = $1', [
    tokenId,
    nowIso,
    replacedBy,
  ]);
}

/** Returns false when the session was already revoked (or does not exist). */
export async function revokeSession(
  q: Queryable,
  sessionId: string,
  reason: RevokeReason,
  nowIso: string,
): Promise<boolean> {
  const r = await q.query(
    'UPDATE sessions SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL',
    [sessionId, nowIso, reason],
  );
  return r.rowCount > 0;
}

export async function revokeUserSessions(
  q: Queryable,
  userId: string,
  reason: RevokeReason,
  nowIso: string,
): Promise<number> {
  const r = await q.query(
    'UPDATE sessions SET revoked_at = $2, revoked_reason = $3 WHERE user_id = $1 AND revoked_at IS NULL',
    [userId, nowIso, reason],
  );
  return r.rowCount;
}

export async function revokeDeskSessions(
  q: Queryable,
  deskId: string,
  reason: RevokeReason,
  nowIso: string,
): Promise<number> {
  const r = await q.query(
    'UPDATE sessions SET revoked_at = $2, revoked_reason = $3 WHERE desk_id = $1 AND revoked_at IS NULL',
    [deskId, nowIso, reason],
  );
  return r.rowCount;
}

/** Whether a session is still good at `nowIso`: not revoked, not past its absolute end. */
export async function sessionIsLive(q: Queryable, sessionId: string, userId: string, nowIso: string): Promise<boolean> {
  const r = await q.query<{ ok: boolean }>(
    `SELECT true AS ok FROM sessions
     WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > $3::timestamptz`,
    [sessionId, userId, nowIso],
  );
  return r.rows.length > 0;
}

/** Removes sessions that ended long ago; their tokens go with them. */
export async function pruneSessions(q: Queryable, beforeIso: string): Promise<number> {
  const r = await q.query('DELETE FROM sessions WHERE expires_at < $1::timestamptz', [beforeIso]);
  return r.rowCount;
}
