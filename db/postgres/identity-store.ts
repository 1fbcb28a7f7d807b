// Organisations, teams, users, roles, credentials, desks and the admin audit. Every function takes the
// Queryable it runs on, so the server composes several of them into one transaction.
import type { Role } from '../../shared/app/ports.js';
import { isoOf, isoOrNull, prepared, type Queryable } from './db.js';

export interface OrganisationRecord {
  readonly id: string;
  readonly name: string;
  readonly region: string;
}

export interface TeamRecord {
  readonly id: string;
  readonly organisationId: string;
  readonly name: string;
  readonly active: boolean;
  readonly createdAt: string;
}

export interface UserRecord {
  readonly id: string;
  readonly organisationId: string;
  readonly email: string;
  readonly displayName: string;
  readonly teamId: string | null;
  readonly active: boolean;
  readonly roles: readonly Role[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deactivatedAt: string | null;
}

export interface DeskRecord {
  readonly id: string;
  readonly organisationId: string;
  readonly deskCode: string;
  readonly name: string;
  readonly enrolledBy: string;
  readonly enrolledAt: string;
  readonly active: boolean;
}

/** Postgres unique_violation, for turning a race into a clean 409 instead of a 500. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: unknown; constraint?: unknown; message?: unknown };
  if (err.code !== '23505') return false;
  if (constraint === undefined) return true;
  // pg reports the constraint; PGlite only names it in the message.
  return err.constraint === constraint || (typeof err.message === 'string' && err.message.includes(constraint));
}

// ---- organisations ----

export async function firstOrganisation(q: Queryable): Promise<OrganisationRecord | null> {
  const r = await q.query<OrganisationRecord>(
    'SELECT id::text, name, region FROM organisations ORDER BY created_at, id LIMIT 1',
  );
  return r.rows[0] ?? null;
}

export async function getOrganisation(q: Queryable, id: string): Promise<OrganisationRecord | null> {
  const r = await q.query<OrganisationRecord>('SELECT id::text, name, region FROM organisations WHERE id = $1', [id]);
  return r.rows[0] ?? null;
}

export async function insertOrganisation(
  q: Queryable,
  o: { id: string; name: string; region?: string; nowIso: string },
): Promise<OrganisationRecord> {
  await q.query('INSERT INTO organisations (id, name, region, created_at) VALUES ($1, $2, $3, $4)', [
    o.id,
    o.name,
    o.region ?? 'england-and-wales',
    o.nowIso,
  ]);
  return { id: o.id, name: o.name, region: o.region ?? 'england-and-wales' };
}

// ---- teams ----

interface TeamRow {
  id: string;
  organisation_id: string;
  name: string;
  active: boolean;
  created_at: unknown;
}

const teamOf = (r: TeamRow): TeamRecord => ({
  id: r.id,
  organisationId: r.organisation_id,
  name: r.name,
  active: r.active,
  createdAt: isoOf(r.created_at),
});

const TEAM_COLUMNS = 'id::text, organisation_id::text, name, active, created_at';

export async function insertTeam(
  q: Queryable,
  t: { id: string; organisationId: string; name: string; nowIso: string },
): Promise<TeamRecord> {
  const r = await q.query<TeamRow>(
    `INSERT INTO teams (id, organisation_id, name, created_at) VALUES ($1, $2, $3, $4) RETURNING ${TEAM_COLUMNS}`,
    [t.id, t.organisationId, t.name, t.nowIso],
  );
  return teamOf(r.rows[0] as TeamRow);
}

export async function getTeam(q: Queryable, organisationId: string, id: string): Promise<TeamRecord | null> {
  const r = await q.query<TeamRow>(`SELECT ${TEAM_COLUMNS} FROM teams WHERE organisation_id = $1 AND id = $2`, [
    organisationId,
    id,
  ]);
  return r.rows[0] ? teamOf(r.rows[0]) : null;
}

export async function listTeams(q: Queryable, organisationId: string): Promise<TeamRecord[]> {
  const r = await q.query<TeamRow>(
    `SELECT ${TEAM_COLUMNS} FROM teams WHERE organisation_id = $1 ORDER BY lower(name), id`,
    [organisationId],
  );
  return r.rows.map(teamOf);
}

// ---- users ----

interface UserRow {
  id: string;
  organisation_id: string;
  email: string;
  display_name: string;
  team_id: string | null;
  active: boolean;
  roles: Role[] | null;
  created_at: unknown;
  updated_at: unknown;
  deactivated_at: unknown;
}

const userOf = (r: UserRow): UserRecord => ({
  id: r.id,
  organisationId: r.organisation_id,
  email: r.email,
  displayName: r.display_name,
  teamId: r.team_id,
  active: r.active,
  roles: r.roles ?? [],
  createdAt: isoOf(r.created_at),
  updatedAt: isoOf(r.updated_at),
  deactivatedAt: isoOrNull(r.deactivated_at),
});

const USER_SELECT = `SELECT u.id::text, u.organisation_id::text, u.email, u.display_name, u.team_id::text, u.active,
  u.created_at, u.updated_at, u.deactivated_at,
  ARRAY(SELECT role FROM user_roles ur WHERE ur.user_id = u.id ORDER BY role) AS roles
  FROM users u`;

export async function getUser(q: Queryable, id: string): Promise<UserRecord | null> {
  const r = await q.query<UserRow>(`${USER_SELECT} WHERE u.id = $1`, [id]);
  return r.rows[0] ? userOf(r.rows[0]) : null;
}

/**
 * What every authenticated request re-checks, in one round trip: the user as they are now, whether the
 * session is still live, and (for a session signed in from a desk) that desk's code and whether it is active.
 */
export async function getCaller(
  q: Queryable,
  c: { userId: string; sessionId: string; deskId: string | null; nowIso: string },
): Promise<{ user: UserRecord; sessionLive: boolean; desk: { deskCode: string; active: boolean } | null } | null> {
  const r = await q.query<UserRow & { session_live: boolean; desk_code: string | null; desk_active: boolean | null }>(
    prepared(
      `${USER_SELECT.replace(
        ' FROM users u',
        `, EXISTS (SELECT 1 FROM sessions s WHERE s.id = $2 AND s.user_id = u.id AND s.revoked_at IS NULL
                   AND s.expires_at > $3::timestamptz) AS session_live,
         d.desk_code, d.active AS desk_active
       FROM users u LEFT JOIN desks d ON d.id = $4::uuid`,
      )} WHERE u.id = $1`,
    ),
    [c.userId, c.sessionId, c.nowIso, c.deskId],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    user: userOf(row),
    sessionLive: row.session_live,
    desk: row.desk_code === null ? null : { deskCode: row.desk_code, active: row.desk_active === true },
  };
}

/** The user and their password hash, for sign-in only. */
export async function findUserForLogin(
  q: Queryable,
  email: string,
): Promise<{ user: UserRecord; passwordHash: string | null } | null> {
  const r = await q.query<UserRow & { password_hash: string | null }>(
    `${USER_SELECT.replace(' FROM users u', ', pc.password_hash FROM users u')}
     LEFT JOIN password_credentials pc ON pc.user_id = u.id WHERE lower(u.email) = lower($1)`,
    [email],
  );
  const row = r.rows[0];
  return row ? { user: userOf(row), passwordHash: row.password_hash } : null;
}

export async function listUsers(q: Queryable, organisationId: string): Promise<UserRecord[]> {
  const r = await q.query<UserRow>(`${USER_SELECT} WHERE u.organisation_id = $1 ORDER BY lower(u.display_name), u.id`, [
    organisationId,
  ]);
  return r.rows.map(userOf);
}

export async function insertUser(
  q: Queryable,
  u: {
    id: string;
    organisationId: string;
    email: string;
    displayName: string;
    teamId: string | null;
    roles: readonly Role[];
    passwordHash: string;
    nowIso: string;
  },
): Promise<UserRecord> {
  await q.query(
    `INSERT INTO users (id, organisation_id, email, display_name, team_id, active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, true, $6, $6)`,
    [u.id, u.organisationId, u.email, u.displayName, u.teamId, u.nowIso],
  );
  await q.query('INSERT INTO password_credentials (user_id, password_hash, updated_at) VALUES ($1, $2, $3)', [
    u.id,
    u.passwordHash,
    u.nowIso,
  ]);
  await setRoles(q, u.id, u.roles, u.nowIso);
  return (await getUser(q, u.id)) as UserRecord;
}

export async function setRoles(q: Queryable, userId: string, roles: readonly Role[], nowIso: string): Promise<void> {
  const wanted = [...new Set(roles)];
  await q.query('DELETE FROM user_roles WHERE user_id = $1 AND NOT (role = ANY($2::text[]))', [userId, wanted]);
  for (const role of wanted) {
    await q.query(
      'INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, role) DO NOTHING',
      [userId, role, nowIso],
    );
  }
  await q.query('UPDATE users SET updated_at = $2 WHERE id = $1', [userId, nowIso]);
}

export async function setUserTeam(q: Queryable, userId: string, teamId: string | null, nowIso: string): Promise<void> {
  await q.query('UPDATE users SET team_id = $2, updated_at = $3 WHERE id = $1', [userId, teamId, nowIso]);
}

export async function setPasswordHash(q: Queryable, userId: string, hash: string, nowIso: string): Promise<void> {
  await q.query(
    `INSERT INTO password_credentials (user_id, password_hash, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, updated_at = EXCLUDED.updated_at`,
    [userId, hash, nowIso],
  );
}

/** Returns false when the user was already inactive. */
export async function deactivateUser(q: Queryable, userId: string, nowIso: string): Promise<boolean> {
  const r = await q.query(
    'UPDATE users SET active = false, deactivated_at = $2, updated_at = $2 WHERE id = $1 AND active',
    [userId, nowIso],
  );
  return r.rowCount > 0;
}

export async function countActiveAdministrators(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM users u JOIN user_roles ur ON ur.user_id = u.id
     WHERE u.active AND ur.role = 'administrator'`,
  );
  return r.rows[0]?.n ?? 0;
}

// ---- desks ----

interface DeskRow {
  id: string;
  organisation_id: string;
  desk_code: string;
  name: string;
  enrolled_by: string;
  enrolled_at: unknown;
  active: boolean;
}

const deskOf = (r: DeskRow): DeskRecord => ({
  id: r.id,
  organisationId: r.organisation_id,
  deskCode: r.desk_code,
  name: r.name,
  enrolledBy: r.enrolled_by,
  enrolledAt: isoOf(r.enrolled_at),
  active: r.active,
});

const DESK_COLUMNS = 'id::text, organisation_id::text, desk_code, name, enrolled_by::text, enrolled_at, active';

export async function insertDesk(
  q: Queryable,
  d: { id: string; organisationId: string; deskCode: string; name: string; enrolledBy: string; nowIso: string },
): Promise<DeskRecord> {
  const r = await q.query<DeskRow>(
    `INSERT INTO desks (id, organisation_id, desk_code, name, enrolled_by, enrolled_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${DESK_COLUMNS}`,
    [d.id, d.organisationId, d.deskCode, d.name, d.enrolledBy, d.nowIso],
  );
  return deskOf(r.rows[0] as DeskRow);
}

export async function getDesk(q: Queryable, id: string): Promise<DeskRecord | null> {
  const r = await q.query<DeskRow>(`SELECT ${DESK_COLUMNS} FROM desks WHERE id = $1`, [id]);
  return r.rows[0] ? deskOf(r.rows[0]) : null;
}

export async function listDesks(q: Queryable, organisationId: string): Promise<DeskRecord[]> {
  const r = await q.query<DeskRow>(
    `SELECT ${DESK_COLUMNS} FROM desks WHERE organisation_id = $1 ORDER BY enrolled_at, id`,
    [organisationId],
  );
  return r.rows.map(deskOf);
}

/** Returns false when the desk was already inactive. */
export async function deactivateDesk(q: Queryable, id: string): Promise<boolean> {
  const r = await q.query('UPDATE desks SET active = false WHERE id = $1 AND active', [id]);
  return r.rowCount > 0;
}

export async function touchDesk(q: Queryable, id: string, nowIso: string): Promise<void> {
  await q.query('UPDATE desks SET last_seen_at = $2 WHERE id = $1', [id, nowIso]);
}

// ---- admin audit ----

export interface AdminAuditInput {
  readonly organisationId: string;
  readonly actorId: string | null;
  readonly actorLabel: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly detail?: Record<string, unknown>;
  readonly requestId?: string | null;
  readonly nowIso: string;
}

export interface AdminAuditRecord {
  readonly id: number;
  readonly actorId: string | null;
  readonly actorLabel: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly detail: Record<string, unknown>;
  readonly requestId: string | null;
  readonly occurredAt: string;
}

export async function appendAdminAudit(q: Queryable, e: AdminAuditInput): Promise<void> {
  await q.query(
    `INSERT INTO admin_audit (organisation_id, actor_id, actor_label, action, entity_type, entity_id, detail,
       request_id, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9)`,
    [
      e.organisationId,
      e.actorId,
      e.actorLabel,
      e.action,
      e.entityType,
      e.entityId,
      JSON.stringify(e.detail ?? {}),
      e.requestId ?? null,
      e.nowIso,
    ],
  );
}

export async function listAdminAudit(q: Queryable, organisationId: string, limit = 200): Promise<AdminAuditRecord[]> {
  const r = await q.query<{
    id: number;
    actor_id: string | null;
    actor_label: string;
    action: string;
    entity_type: string;
    entity_id: string;
    detail: Record<string, unknown>;
    request_id: string | null;
    occurred_at: unknown;
  }>(
    `SELECT id::int, actor_id::text, actor_label, action, entity_type, entity_id, detail, request_id, occurred_at
     FROM admin_audit WHERE organisation_id = $1 ORDER BY id DESC LIMIT $2`,
    [organisationId, limit],
  );
  return r.rows.map((a) => ({
    id: a.id,
    actorId: a.actor_id,
    actorLabel: a.actor_label,
    action: a.action,
    entityType: a.entity_type,
    entityId: a.entity_id,
    detail: a.detail,
    requestId: a.request_id,
    occurredAt: isoOf(a.occurred_at),
  }));
}
