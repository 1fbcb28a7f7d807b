// Applies the central server's reference data (GET /reference-data) to the desk: teams, users and their roles,
// business areas, categories, bank-holiday corrections, and the organisation's region and profile assignments
// (the use cases' DeskSettings). The document is also kept beside the desk database, so a desk that starts
// offline works with the settings it last had.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { stmt } from '../../db/sqlite/index.js';
import type { DeskSettings } from '../../shared/app/ports.js';
import { REGIONS, type Region } from '../../shared/domain/calendar/bank-holidays.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import { findProfile } from '../../shared/domain/profiles/registry.js';
import { referenceDocument, type ReferenceDocument } from './server-client.js';

/** Reference rows are the server's, not a desk's change: they carry this HLC, never sent anywhere. */
const SERVER_HLC = 'server';

export function applyReferenceData(db: Database.Database, doc: ReferenceDocument): void {
  const region = regionOf(doc);
  db.transaction(() => {
    for (const a of doc.businessAreas) {
      stmt(
        db,
        `INSERT INTO business_areas (key, name, active, owner_user_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET name = excluded.name, active = excluded.active,
           owner_user_id = excluded.owner_user_id`,
      ).run(a.key, a.name, a.active ? 1 : 0, a.ownerUserId ?? null);
    }
    for (const c of doc.categories) {
      stmt(
        db,
        `INSERT INTO categories (key, name, business_area_key, active) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET name = excluded.name, business_area_key = excluded.business_area_key,
           active = excluded.active`,
      ).run(c.key, c.name, c.businessAreaKey, c.active ? 1 : 0);
    }
    for (const t of doc.teams) {
      stmt(
        db,
        `INSERT INTO teams (id, name, active, updated_hlc) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = excluded.active`,
      ).run(t.id, t.name, t.active ? 1 : 0, SERVER_HLC);
    }
    for (const u of doc.users) {
      // The server keeps email addresses to itself (data minimisation): a user the desk has not seen sign in
      // gets their id in the (unique, required) email column, which no typed email can match. Their real
      // address arrives with their first online sign-in here, and is never overwritten by this.
      stmt(
        db,
        `INSERT INTO users (id, display_name, email, team_id, active, updated_hlc) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, team_id = excluded.team_id,
           active = excluded.active`,
      ).run(u.id, u.displayName, u.id, u.teamId, u.active ? 1 : 0, SERVER_HLC);
      stmt(db, 'DELETE FROM user_roles WHERE user_id = ?').run(u.id);
      for (const r of u.roles) stmt(db, 'INSERT INTO user_roles (user_id, role_key) VALUES (?, ?)').run(u.id, r);
      // A deactivated user can no longer sign in here, even offline.
      if (!u.active) stmt(db, 'UPDATE users SET offline_verifier = NULL WHERE id = ?').run(u.id);
    }
    stmt(db, 'DELETE FROM bank_holiday_overrides').run();
    for (const o of doc.bankHolidays.overrides) {
      if (!(REGIONS as readonly string[]).includes(o.region)) continue;
      stmt(
        db,
        `INSERT INTO bank_holiday_overrides (id, region, date, action, name, updated_hlc) VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(`${o.region}:${o.date}`, o.region, o.date, o.action, o.name, SERVER_HLC);
    }
    stmt(db, 'DELETE FROM profile_assignments').run();
    for (const p of doc.profileAssignments) {
      const profile = findProfile(p.profileId);
      if (!profile) continue; // a profile this desk's version does not know: the server still decides
      stmt(
        db,
        `INSERT INTO profile_assignments (id, profile_key, profile_version_id, region, valid_from, valid_to, updated_hlc)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(p.id, profile.family, p.profileId, region, p.from, p.to, SERVER_HLC);
    }
  })();
}

function regionOf(doc: ReferenceDocument): Region {
  const r = doc.organisation?.region;
  return r && (REGIONS as readonly string[]).includes(r) ? (r as Region) : 'england-and-wales';
}

/** The use cases' settings as the server's reference data sets them. */
export function settingsOf(doc: ReferenceDocument): DeskSettings {
  return {
    region: regionOf(doc),
    bankHolidayOverrides: doc.bankHolidays.overrides.filter((o) => (REGIONS as readonly string[]).includes(o.region)),
    profileAssignments: doc.profileAssignments.map((p) => ({
      profileId: p.profileId,
      from: p.from as IsoDate,
      to: (p.to ?? null) as IsoDate | null,
    })),
  };
}

export interface CachedReference {
  readonly etag: string | null;
  readonly doc: ReferenceDocument;
}

export function readCachedReference(file: string): CachedReference | null {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { etag?: unknown; doc?: unknown };
    const doc = referenceDocument.safeParse(raw.doc);
    if (!doc.success) return null;
    return { etag: typeof raw.etag === 'string' ? raw.etag : null, doc: doc.data };
  } catch {
    return null;
  }
}

export function writeCachedReference(file: string, cached: CachedReference): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(cached));
  renameSync(tmp, file);
}
