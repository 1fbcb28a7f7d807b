// Reference data as the server stores it; the server merges it with the shipped rules of shared/domain.
import { isoOf, prepared, type Queryable } from './db.js';

export interface BusinessAreaRecord {
  readonly key: string;
  readonly name: string;
  readonly ownerUserId: string | null;
  readonly active: boolean;
  readonly sortOrder: number;
}

export interface CategoryRecord {
  readonly key: string;
  readonly name: string;
  readonly parentKey: string | null;
  readonly businessAreaKey: string | null;
  readonly active: boolean;
  readonly sortOrder: number;
}

export interface ProfileAssignmentRecord {
  readonly id: string;
  readonly profileId: string;
  readonly from: string;
  readonly to: string | null;
  readonly reason: string;
}

export interface BankHolidayOverrideRecord {
  readonly region: string;
  readonly date: string;
  readonly action: 'add' | 'remove';
  readonly name: string;
}

export interface LetterTemplateRecord {
  readonly id: string;
  readonly kind: string;
  readonly key: string;
  readonly version: number;
  readonly name: string;
  readonly profileFamily: string | null;
  readonly body: string;
  readonly active: boolean;
  readonly createdAt: string;
}

export interface ReferenceRows {
  readonly businessAreas: BusinessAreaRecord[];
  readonly categories: CategoryRecord[];
  readonly profileAssignments: ProfileAssignmentRecord[];
  readonly bankHolidayOverrides: BankHolidayOverrideRecord[];
  readonly templates: LetterTemplateRecord[];
}

/**
 * What a push's replay needs of the organisation's settings (its region and policy-profile assignments), in
 * one round trip: a push reads these on every request, and none of the rest of the reference data.
 */
export async function readSyncSettings(
  q: Queryable,
  organisationId: string,
): Promise<{
  region: string | null;
  profileAssignments: { profileId: string; from: string; to: string | null }[];
  bankHolidayOverrides: BankHolidayOverrideRecord[];
}> {
  const r = await q.query<{ region: string | null; assignments: string; overrides: string }>(
    prepared(`SELECT (SELECT region FROM organisations WHERE id = $1) AS region,
       coalesce((SELECT json_agg(json_build_object('profileId', profile_id, 'from', valid_from::text,
                                                   'to', valid_to::text) ORDER BY valid_from, id)
                 FROM profile_assignments WHERE organisation_id = $1), '[]')::text AS assignments,
       coalesce((SELECT json_agg(json_build_object('region', region, 'date', date::text, 'action', action,
                                                   'name', name) ORDER BY region, date)
                 FROM bank_holiday_overrides WHERE organisation_id = $1), '[]')::text AS overrides`),
    [organisationId],
  );
  const row = r.rows[0];
  return {
    region: row?.region ?? null,
    profileAssignments: row
      ? (JSON.parse(row.assignments) as { profileId: string; from: string; to: string | null }[])
      : [],
    bankHolidayOverrides: row ? (JSON.parse(row.overrides) as BankHolidayOverrideRecord[]) : [],
  };
}

export async function readReferenceRows(q: Queryable, organisationId: string): Promise<ReferenceRows> {
  const areas = await q.query<{
    key: string;
    name: string;
    owner_user_id: string | null;
    active: boolean;
    sort_order: number;
  }>(
    `SELECT key, name, owner_user_id::text, active, sort_order FROM business_areas
     WHERE organisation_id = $1 ORDER BY sort_order, key`,
    [organisationId],
  );
  const categories = await q.query<{
    key: string;
    name: string;
    parent_key: string | null;
    business_area_key: string | null;
    active: boolean;
    sort_order: number;
  }>(
    `SELECT key, name, parent_key, business_area_key, active, sort_order FROM categories
     WHERE organisation_id = $1 ORDER BY sort_order, key`,
    [organisationId],
  );
  const assignments = await q.query<{
    id: string;
    profile_id: string;
    valid_from: string;
    valid_to: string | null;
    reason: string;
  }>(
    `SELECT id::text, profile_id, valid_from::text, valid_to::text, reason FROM profile_assignments
     WHERE organisation_id = $1 ORDER BY valid_from, id`,
    [organisationId],
  );
  const overrides = await q.query<{ region: string; date: string; action: 'add' | 'remove'; name: string }>(
    `SELECT region, date::text, action, name FROM bank_holiday_overrides
     WHERE organisation_id = $1 ORDER BY region, date`,
    [organisationId],
  );
  const templates = await q.query<{
    id: string;
    kind: string;
    key: string;
    version: number;
    name: string;
    profile_family: string | null;
    body: string;
    active: boolean;
    created_at: unknown;
  }>(
    `SELECT id::text, kind, key, version, name, profile_family, body, active, created_at FROM letter_templates
     WHERE organisation_id = $1 ORDER BY key, version`,
    [organisationId],
  );
  return {
    businessAreas: areas.rows.map((a) => ({
      key: a.key,
      name: a.name,
      ownerUserId: a.owner_user_id,
      active: a.active,
      sortOrder: a.sort_order,
    })),
    categories: categories.rows.map((c) => ({
      key: c.key,
      name: c.name,
      parentKey: c.parent_key,
      businessAreaKey: c.business_area_key,
      active: c.active,
      sortOrder: c.sort_order,
    })),
    profileAssignments: assignments.rows.map((a) => ({
      id: a.id,
      profileId: a.profile_id,
      from: a.valid_from,
      to: a.valid_to,
      reason: a.reason,
    })),
    bankHolidayOverrides: overrides.rows,
    templates: templates.rows.map((t) => ({
      id: t.id,
      kind: t.kind,
      key: t.key,
      version: t.version,
      name: t.name,
      profileFamily: t.profile_family,
      body: t.body,
      active: t.active,
      createdAt: isoOf(t.created_at),
    })),
  };
}

export async function upsertBusinessArea(
  q: Queryable,
  organisationId: string,
  a: { key: string; name: string; ownerUserId?: string | null; sortOrder?: number },
): Promise<void> {
  await q.query(
    `INSERT INTO business_areas (organisation_id, key, name, owner_user_id, sort_order) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (organisation_id, key) DO UPDATE SET name = EXCLUDED.name, owner_user_id = EXCLUDED.owner_user_id,
       sort_order = EXCLUDED.sort_order`,
    [organisationId, a.key, a.name, a.ownerUserId ?? null, a.sortOrder ?? 0],
  );
}

export async function upsertCategory(
  q: Queryable,
  organisationId: string,
  c: { key: string; name: string; parentKey?: string | null; businessAreaKey?: string | null; sortOrder?: number },
): Promise<void> {
  await q.query(
    `INSERT INTO categories (organisation_id, key, name, parent_key, business_area_key, sort_order)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (organisation_id, key) DO UPDATE SET name = EXCLUDED.name, parent_key = EXCLUDED.parent_key,
       business_area_key = EXCLUDED.business_area_key, sort_order = EXCLUDED.sort_order`,
    [organisationId, c.key, c.name, c.parentKey ?? null, c.businessAreaKey ?? null, c.sortOrder ?? 0],
  );
}

export async function insertBankHolidayOverride(
  q: Queryable,
  o: {
    id: string;
    organisationId: string;
    region: string;
    date: string;
    action: 'add' | 'remove';
    name: string;
    createdBy: string | null;
    nowIso: string;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO bank_holiday_overrides (id, organisation_id, region, date, action, name, created_by, created_at)
     VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8)`,
    [o.id, o.organisationId, o.region, o.date, o.action, o.name, o.createdBy, o.nowIso],
  );
}

export async function insertLetterTemplate(
  q: Queryable,
  t: {
    id: string;
    organisationId: string;
    kind: string;
    key: string;
    name: string;
    profileFamily: string | null;
    body: string;
    createdBy: string | null;
    nowIso: string;
  },
): Promise<number> {
  // The next version of the key; the unique constraint catches two administrators racing.
  const r = await q.query<{ version: number }>(
    `INSERT INTO letter_templates (id, organisation_id, kind, key, version, name, profile_family, body, created_by,
       created_at)
     SELECT $1, $2, $3, $4, coalesce(max(version), 0) + 1, $5, $6, $7, $8, $9
     FROM letter_templates WHERE organisation_id = $2 AND key = $4
     RETURNING version`,
    [t.id, t.organisationId, t.kind, t.key, t.name, t.profileFamily, t.body, t.createdBy, t.nowIso],
  );
  return r.rows[0]?.version ?? 1;
}

export async function insertProfileAssignment(
  q: Queryable,
  a: {
    id: string;
    organisationId: string;
    profileId: string;
    from: string;
    to: string | null;
    reason: string;
    createdBy: string | null;
    nowIso: string;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO profile_assignments (id, organisation_id, profile_id, valid_from, valid_to, reason, created_by,
       created_at)
     VALUES ($1, $2, $3, $4::date, $5::date, $6, $7, $8)`,
    [a.id, a.organisationId, a.profileId, a.from, a.to, a.reason, a.createdBy, a.nowIso],
  );
}
