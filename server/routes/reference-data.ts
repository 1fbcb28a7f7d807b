// Everything a desk caches to work offline: the policy profiles and bank holidays shipped in shared/domain,
// with this organisation's data over them (profile windows, bank-holiday corrections, categories, business
// areas, letter templates), and the users and teams it can assign work to. An ETag lets desks poll cheaply.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BANK_HOLIDAYS, REGIONS, type BankHoliday, type Region } from '../../shared/domain/calendar/bank-holidays.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { DEFAULT_PROFILE_ID, PROFILES } from '../../shared/domain/profiles/catalogue.js';
import { getOrganisation, listTeams, listUsers } from '../../db/postgres/identity-store.js';
import { readReferenceRows, type BankHolidayOverrideRecord } from '../../db/postgres/reference-store.js';
import { authOf } from '../auth/context.js';
import type { ServerContext } from '../context.js';

/** Bumped when the shape of this document changes, so a desk can tell it needs an update. */
export const REFERENCE_DATA_FORMAT = 1;

export function applyOverrides(
  base: Readonly<Record<Region, readonly BankHoliday[]>>,
  overrides: readonly BankHolidayOverrideRecord[],
): Record<Region, BankHoliday[]> {
  const out = {} as Record<Region, BankHoliday[]>;
  for (const region of REGIONS) {
    const mine = overrides.filter((o) => o.region === region);
    const removed = new Set(mine.filter((o) => o.action === 'remove').map((o) => o.date));
    const added = mine
      .filter((o) => o.action === 'add')
      .map((o): BankHoliday => ({ date: o.date as IsoDate, name: o.name || 'Bank holiday', provisional: false }));
    const addedDates = new Set(added.map((a) => a.date));
    out[region] = [...base[region].filter((h) => !removed.has(h.date) && !addedDates.has(h.date)), ...added].sort(
      (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0),
    );
  }
  return out;
}

export function referenceDataRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/reference-data', async (request, reply) => {
    const auth = authOf(request);
    const rows = await readReferenceRows(ctx.db, auth.organisationId);
    const users = await listUsers(ctx.db, auth.organisationId);
    const teams = await listTeams(ctx.db, auth.organisationId);
    const organisation = await getOrganisation(ctx.db, auth.organisationId);
    const doc = {
      format: REFERENCE_DATA_FORMAT,
      organisation,
      profiles: PROFILES,
      defaultProfileId: DEFAULT_PROFILE_ID,
      profileAssignments: rows.profileAssignments,
      bankHolidays: {
        source: BANK_HOLIDAYS.source,
        officialYears: BANK_HOLIDAYS.officialYears,
        regions: applyOverrides(BANK_HOLIDAYS.regions, rows.bankHolidayOverrides),
        // Also sent raw: a desk generates years past the official lists by rule and applies these to them.
        overrides: rows.bankHolidayOverrides,
      },
      businessAreas: rows.businessAreas,
      categories: rows.categories,
      templates: rows.templates.filter((t) => t.active),
      // Enough to show and assign people; email addresses stay on the server (data minimisation).
      users: users.map((u) => ({
        id: u.id,
        displayName: u.displayName,
        teamId: u.teamId,
        roles: u.roles,
        active: u.active,
      })),
      teams: teams.map((t) => ({ id: t.id, name: t.name, active: t.active })),
    };
    const body = JSON.stringify(doc);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    void reply.header('etag', etag).header('cache-control', 'private, no-cache');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.type('application/json; charset=utf-8').send(body);
  });
}
