// Administration: users, teams, roles, desks and reference data. Administrator only; every change is
// written with its admin_audit row in the same transaction.
import { LETTER_KINDS } from '../../shared/domain/letters/types.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { ROLES } from '../../shared/app/ports.js';
import { REGIONS } from '../../shared/domain/calendar/bank-holidays.js';
import { isoDateSchema, type IsoDate } from '../../shared/domain/dates.js';
import { rederiveOpenDeadlines } from '../../db/postgres/deadline-rederive.js';
import { findProfile } from '../../shared/domain/profiles/registry.js';
import type { Queryable } from '../../db/postgres/db.js';
import {
  appendAdminAudit,
  countActiveAdministrators,
  deactivateDesk,
  deactivateUser,
  getDesk,
  getTeam,
  getUser,
  insertDesk,
  insertTeam,
  insertUser,
  isUniqueViolation,
  listAdminAudit,
  listDesks,
  listTeams,
  listUsers,
  setRoles,
  setUserTeam,
  type DeskRecord,
} from '../../db/postgres/identity-store.js';
import {
  insertBankHolidayOverride,
  insertLetterTemplate,
  insertProfileAssignment,
  readReferenceRows,
  upsertBusinessArea,
  upsertCategory,
} from '../../db/postgres/reference-store.js';
import { revokeDeskSessions, revokeUserSessions } from '../../db/postgres/session-store.js';
import { requireRole, type AuthContext } from '../auth/context.js';
import { hashPassword, MAX_PASSWORD_LENGTH, passwordProblem } from '../auth/passwords.js';
import type { ServerContext } from '../context.js';
import { HttpError, parseWith } from '../errors.js';

const roleList = z.array(z.enum(ROLES)).max(ROLES.length);
const idParams = z.object({ id: z.uuid() });
const key = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens');
const name = z.string().trim().min(1).max(200);

const createUserBody = z
  .object({
    email: z.email().max(320),
    displayName: name,
    teamId: z.uuid().nullable().optional(),
    roles: roleList.min(1),
    password: z.string().max(MAX_PASSWORD_LENGTH),
  })
  .strict();

export const DESK_CODE = /^[A-Z0-9]{3,6}$/;

async function audit(
  q: Queryable,
  ctx: ServerContext,
  request: FastifyRequest,
  auth: AuthContext,
  action: string,
  entityType: string,
  entityId: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await appendAdminAudit(q, {
    organisationId: auth.organisationId,
    actorId: auth.userId,
    actorLabel: auth.displayName,
    action,
    entityType,
    entityId,
    detail,
    requestId: request.id,
    nowIso: ctx.nowIso(),
  });
}

async function requireTeam(q: Queryable, auth: AuthContext, teamId: string | null | undefined): Promise<string | null> {
  if (teamId === undefined || teamId === null) return null;
  if (!(await getTeam(q, auth.organisationId, teamId))) {
    throw new HttpError(400, 'unknown-team', 'That team does not exist.');
  }
  return teamId;
}

async function requireUser(q: Queryable, auth: AuthContext, userId: string) {
  const user = await getUser(q, userId);
  if (!user || user.organisationId !== auth.organisationId) {
    throw new HttpError(404, 'unknown-user', 'That user does not exist.');
  }
  return user;
}

/** Refuses a change that would leave nobody able to administer the server. */
async function keepAnAdministrator(q: Queryable): Promise<void> {
  if ((await countActiveAdministrators(q)) === 0) {
    throw new HttpError(409, 'last-administrator', 'This would leave no active administrator.');
  }
}

export function adminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const admin = (request: FastifyRequest): AuthContext => requireRole(request, 'administrator');

  // ---- users ----
  app.get('/admin/users', async (request) => {
    const auth = admin(request);
    return { users: await listUsers(ctx.db, auth.organisationId) };
  });

  app.post('/admin/users', async (request, reply) => {
    const auth = admin(request);
    const body = parseWith(createUserBody, request.body);
    const weak = passwordProblem(body.password);
    if (weak) throw new HttpError(400, 'weak-password', weak);
    // Hashed before the transaction: scrypt is slow and must not hold a connection.
    const passwordHash = await hashPassword(body.password, ctx.passwordParams);
    try {
      const user = await ctx.db.transaction(async (tx) => {
        const teamId = await requireTeam(tx, auth, body.teamId);
        const created = await insertUser(tx, {
          id: ctx.newId(),
          organisationId: auth.organisationId,
          email: body.email,
          displayName: body.displayName,
          teamId,
          roles: body.roles,
          passwordHash,
          nowIso: ctx.nowIso(),
        });
        await audit(tx, ctx, request, auth, 'user.create', 'user', created.id, {
          email: created.email,
          roles: created.roles,
          teamId,
        });
        return created;
      });
      return reply.status(201).send({ user });
    } catch (e) {
      if (isUniqueViolation(e, 'users_email_ci')) {
        throw new HttpError(409, 'email-taken', 'A user with that email address already exists.');
      }
      throw e;
    }
  });

  app.put('/admin/users/:id/roles', async (request) => {
    const auth = admin(request);
    const { id } = parseWith(idParams, request.params, 'address');
    const { roles } = parseWith(z.object({ roles: roleList }).strict(), request.body);
    const user = await ctx.db.transaction(async (tx) => {
      const before = await requireUser(tx, auth, id);
      await setRoles(tx, id, roles, ctx.nowIso());
      await keepAnAdministrator(tx);
      await audit(tx, ctx, request, auth, 'user.set-roles', 'user', id, { before: before.roles, after: roles });
      return requireUser(tx, auth, id);
    });
    return { user };
  });

  app.put('/admin/users/:id/team', async (request) => {
    const auth = admin(request);
    const { id } = parseWith(idParams, request.params, 'address');
    const body = parseWith(z.object({ teamId: z.uuid().nullable() }).strict(), request.body);
    const user = await ctx.db.transaction(async (tx) => {
      const before = await requireUser(tx, auth, id);
      const teamId = await requireTeam(tx, auth, body.teamId);
      await setUserTeam(tx, id, teamId, ctx.nowIso());
      await audit(tx, ctx, request, auth, 'user.set-team', 'user', id, { before: before.teamId, after: teamId });
      return requireUser(tx, auth, id);
    });
    return { user };
  });

  app.post('/admin/users/:id/deactivate', async (request) => {
    const auth = admin(request);
    const { id } = parseWith(idParams, request.params, 'address');
    const user = await ctx.db.transaction(async (tx) => {
      await requireUser(tx, auth, id);
      if (await deactivateUser(tx, id, ctx.nowIso())) {
        await keepAnAdministrator(tx);
        const sessions = await revokeUserSessions(tx, id, 'user-deactivated', ctx.nowIso());
        await audit(tx, ctx, request, auth, 'user.deactivate', 'user', id, { sessionsEnded: sessions });
      }
      return requireUser(tx, auth, id);
    });
    return { user };
  });

  // ---- teams ----
  app.get('/admin/teams', async (request) => {
    const auth = admin(request);
    return { teams: await listTeams(ctx.db, auth.organisationId) };
  });

  app.post('/admin/teams', async (request, reply) => {
    const auth = admin(request);
    const body = parseWith(z.object({ name }).strict(), request.body);
    try {
      const team = await ctx.db.transaction(async (tx) => {
        const t = await insertTeam(tx, {
          id: ctx.newId(),
          organisationId: auth.organisationId,
          name: body.name,
          nowIso: ctx.nowIso(),
        });
        await audit(tx, ctx, request, auth, 'team.create', 'team', t.id, { name: t.name });
        return t;
      });
      return reply.status(201).send({ team });
    } catch (e) {
      if (isUniqueViolation(e, 'teams_name_ci'))
        throw new HttpError(409, 'team-exists', 'A team with that name exists.');
      throw e;
    }
  });

  // ---- desks ----
  app.get('/admin/desks', async (request) => {
    const auth = admin(request);
    return { desks: await listDesks(ctx.db, auth.organisationId) };
  });

  app.post('/admin/desks', async (request, reply) => {
    const auth = admin(request);
    const body = parseWith(z.object({ name }).strict(), request.body);
    // A collision of random codes aborts the transaction, so each attempt is its own transaction.
    for (let attempt = 0; attempt < 20; attempt++) {
      const deskCode = ctx.newDeskCode();
      if (!DESK_CODE.test(deskCode)) throw new Error(`desk code generator produced '${deskCode}'`);
      try {
        const desk: DeskRecord = await ctx.db.transaction(async (tx) => {
          const d = await insertDesk(tx, {
            id: ctx.newId(),
            organisationId: auth.organisationId,
            deskCode,
            name: body.name,
            enrolledBy: auth.userId,
            nowIso: ctx.nowIso(),
          });
          await audit(tx, ctx, request, auth, 'desk.enrol', 'desk', d.id, { deskCode, name: d.name });
          return d;
        });
        return reply.status(201).send({ desk });
      } catch (e) {
        if (!isUniqueViolation(e, 'desks_desk_code_key')) throw e;
        request.log.info({ attempt }, 'desk code collision; drawing another');
      }
    }
    throw new HttpError(503, 'desk-codes-exhausted', 'Could not draw an unused desk code; try again.');
  });

  // A lost or stolen laptop: its sessions end now and it can no longer sign in. Its code is never reissued.
  app.post('/admin/desks/:id/deactivate', async (request) => {
    const auth = admin(request);
    const { id } = parseWith(idParams, request.params, 'address');
    const desk = await ctx.db.transaction(async (tx) => {
      const found = await getDesk(tx, id);
      if (!found || found.organisationId !== auth.organisationId) {
        throw new HttpError(404, 'unknown-desk', 'That desk is not enrolled.');
      }
      if (await deactivateDesk(tx, id)) {
        const sessions = await revokeDeskSessions(tx, id, 'admin', ctx.nowIso());
        await audit(tx, ctx, request, auth, 'desk.deactivate', 'desk', id, {
          deskCode: found.deskCode,
          sessionsEnded: sessions,
        });
      }
      return getDesk(tx, id);
    });
    return { desk };
  });

  // ---- audit ----
  app.get('/admin/audit', async (request) => {
    const auth = admin(request);
    return { entries: await listAdminAudit(ctx.db, auth.organisationId) };
  });

  // ---- reference data ----
  app.put('/admin/business-areas/:key', async (request) => {
    const auth = admin(request);
    const params = parseWith(z.object({ key }), request.params, 'address');
    const body = parseWith(
      z.object({ name, ownerUserId: z.uuid().nullable().optional(), sortOrder: z.number().int().optional() }).strict(),
      request.body,
    );
    await ctx.db.transaction(async (tx) => {
      if (body.ownerUserId) await requireUser(tx, auth, body.ownerUserId);
      await upsertBusinessArea(tx, auth.organisationId, { key: params.key, ...body });
      await audit(tx, ctx, request, auth, 'business-area.put', 'business-area', params.key, body);
    });
    return { key: params.key };
  });

  app.put('/admin/categories/:key', async (request) => {
    const auth = admin(request);
    const params = parseWith(z.object({ key }), request.params, 'address');
    const body = parseWith(
      z
        .object({
          name,
          parentKey: key.nullable().optional(),
          businessAreaKey: key.nullable().optional(),
          sortOrder: z.number().int().optional(),
        })
        .strict(),
      request.body,
    );
    try {
      await ctx.db.transaction(async (tx) => {
        await upsertCategory(tx, auth.organisationId, { key: params.key, ...body });
        await audit(tx, ctx, request, auth, 'category.put', 'category', params.key, body);
      });
    } catch (e) {
      if ((e as { code?: unknown }).code === '23503') {
        throw new HttpError(400, 'unknown-reference', 'The parent category or business area does not exist.');
      }
      throw e;
    }
    return { key: params.key };
  });

  app.post('/admin/bank-holiday-overrides', async (request, reply) => {
    const auth = admin(request);
    const body = parseWith(
      z
        .object({
          region: z.enum(REGIONS),
          date: isoDateSchema,
          action: z.enum(['add', 'remove']),
          name: z.string().max(200).default(''),
        })
        .strict(),
      request.body,
    );
    const id = ctx.newId();
    let moved = 0;
    try {
      await ctx.db.transaction(async (tx) => {
        await insertBankHolidayOverride(tx, {
          id,
          organisationId: auth.organisationId,
          ...body,
          createdBy: auth.userId,
          nowIso: ctx.nowIso(),
        });
        await audit(tx, ctx, request, auth, 'bank-holiday-override.create', 'bank-holiday-override', id, body);
        // Open cases' deadlines move with the calendar, in the same transaction: desks pull the moved rows.
        const overrides = (await readReferenceRows(tx, auth.organisationId)).bankHolidayOverrides;
        moved = await rederiveOpenDeadlines(tx, overrides, ctx.nowIso().slice(0, 10) as IsoDate, ctx.nowIso());
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new HttpError(409, 'override-exists', 'That day already has an override.');
      throw e;
    }
    return reply.status(201).send({ id, deadlinesMoved: moved });
  });

  app.post('/admin/profile-assignments', async (request, reply) => {
    const auth = admin(request);
    const body = parseWith(
      z
        .object({
          profileId: z.string().min(1).max(100),
          from: isoDateSchema,
          to: isoDateSchema.nullable(),
          reason: z.string().max(2000).default(''),
        })
        .strict(),
      request.body,
    );
    if (!findProfile(body.profileId)) throw new HttpError(400, 'unknown-profile', `No profile '${body.profileId}'.`);
    if (body.to !== null && body.to < body.from) {
      throw new HttpError(400, 'invalid-window', 'The window ends before it starts.');
    }
    const id = ctx.newId();
    await ctx.db.transaction(async (tx) => {
      await insertProfileAssignment(tx, {
        id,
        organisationId: auth.organisationId,
        ...body,
        createdBy: auth.userId,
        nowIso: ctx.nowIso(),
      });
      await audit(tx, ctx, request, auth, 'profile-assignment.create', 'profile-assignment', id, body);
    });
    return reply.status(201).send({ id });
  });

  app.post('/admin/templates', async (request, reply) => {
    const auth = admin(request);
    const body = parseWith(
      z
        .object({
          kind: z.enum(LETTER_KINDS),
          key,
          name,
          profileFamily: z.string().max(100).nullable().default(null),
          body: z.string().min(1).max(200_000),
        })
        .strict(),
      request.body,
    );
    const id = ctx.newId();
    const version = await ctx.db.transaction(async (tx) => {
      const v = await insertLetterTemplate(tx, {
        id,
        organisationId: auth.organisationId,
        ...body,
        createdBy: auth.userId,
        nowIso: ctx.nowIso(),
      });
      await audit(tx, ctx, request, auth, 'template.create', 'letter-template', id, {
        key: body.key,
        version: v,
        kind: body.kind,
      });
      return v;
    });
    return reply.status(201).send({ id, version });
  });
}
