// One test per migration: it applies cleanly to an empty database and to the previous version's database
// (with data in it), and its checksum is recorded so a later edit is caught.
import { cpSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../db/sqlite/index.js';
import {
  DEFAULT_MIGRATIONS_DIR,
  checksumOf,
  isDeskDatabaseError,
  loadMigrations,
  openDeskDatabase,
  search,
} from '../../db/sqlite/index.js';
import { addCase, idFactory, seedDesk, tempDir } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const names = (db: SqliteDatabase, type: string): string[] =>
  (db.prepare('SELECT name FROM sqlite_schema WHERE type = ? ORDER BY name').all(type) as { name: string }[]).map(
    (r) => r.name,
  );

/** What each migration must have created, checked after it applies. */
const EXPECT: Record<number, (db: SqliteDatabase) => void> = {
  1: (db) => {
    const tables = names(db, 'table');
    for (const t of [
      'desk_identity',
      'users',
      'teams',
      'roles',
      'user_roles',
      'people',
      'representations',
      'group_members',
      'properties',
      'tenancies',
      'contacts',
      'complaints',
      'complaint_stages',
      'deadlines',
      'breaches',
      'extensions',
      'timeline_events',
      'notes',
      'correspondence',
      'attachments',
      'letters',
      'letter_versions',
      'letter_templates',
      'remedies',
      'post_resolution_actions',
      'reasonable_adjustments',
      'communication_preferences',
      'restrictions',
      'ombudsman_evidence_requests',
      'ombudsman_determinations',
      'ombudsman_orders',
      'calibration_draws',
      'calibration_scores',
      'categories',
      'business_areas',
      'profile_assignments',
      'bank_holiday_overrides',
      'outbox',
      'sync_state',
      'sync_conflicts',
    ]) {
      expect(tables).toContain(t);
    }
    expect(db.prepare('SELECT count(*) AS n FROM roles').get()).toEqual({ n: 6 });
  },
  2: (db) => {
    expect(names(db, 'table')).toEqual(expect.arrayContaining(['audit_log', 'audit_head']));
    expect(db.prepare('SELECT count, last_hash FROM audit_head').get()).toEqual({
      count: 0,
      last_hash: '0'.repeat(64),
    });
  },
  3: (db) => {
    expect(names(db, 'table')).toEqual(expect.arrayContaining(['search_docs', 'search_fts']));
  },
  4: (db) => {
    const columns = (db.prepare("SELECT name FROM pragma_table_info('group_members')").all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns).toEqual(['id', 'group_id', 'member_id', 'is_signatory', 'added_at', 'updated_hlc']);
    expect(names(db, 'index')).toEqual(expect.arrayContaining(['group_members_one_signatory', 'group_members_member']));
    // Memberships kept through the rebuild have ids in the UUID layout.
    for (const r of db.prepare('SELECT id FROM group_members').all() as { id: string }[]) {
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  },
  5: (db) => {
    const columns = (db.prepare("SELECT name FROM pragma_table_info('drafts')").all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns).toEqual(['user_id', 'draft_key', 'body', 'updated_at']);
    const user = db.prepare('SELECT id FROM users LIMIT 1').get() as { id: string } | undefined;
    if (user) {
      // One draft per user and key; an unknown user is refused (foreign keys are on).
      db.prepare("INSERT INTO drafts VALUES (?, 'k', 'a', 'now')").run(user.id);
      expect(() => db.prepare("INSERT INTO drafts VALUES (?, 'k', 'b', 'now')").run(user.id)).toThrow(/UNIQUE/);
      db.prepare("DELETE FROM drafts WHERE draft_key = 'k'").run();
    }
    expect(() => db.prepare("INSERT INTO drafts VALUES ('nobody', 'k', 'a', 'now')").run()).toThrow(/FOREIGN KEY/);
  },
  6: (db) => {
    const columns = (db.prepare("SELECT name FROM pragma_table_info('contacts')").all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns).toContain('adjustments_json');
    const contact = db.prepare('SELECT id, adjustments_json FROM contacts LIMIT 1').get() as
      { id: string; adjustments_json: string | null } | undefined;
    if (contact) {
      // Contacts logged before keep no adjustments; the column only takes JSON.
      expect(contact.adjustments_json).toBeNull();
      expect(() => db.prepare("UPDATE contacts SET adjustments_json = '{oops' WHERE id = ?").run(contact.id)).toThrow(
        /CHECK/,
      );
    }
  },
  7: (db) => {
    const cols = (t: string) =>
      (db.prepare(`SELECT name FROM pragma_table_info('${t}')`).all() as { name: string }[]).map((c) => c.name);
    expect(cols('complaints')).toContain('field_hlcs');
    expect(cols('people')).toContain('field_hlcs');
    expect(cols('sync_conflicts')).toEqual(
      expect.arrayContaining(['field', 'resolution_note', 'resolved_value', 'updated_hlc', 'version']),
    );
    // Rows from before start with no field edited since creation; the column only takes JSON.
    const c = db.prepare('SELECT id, field_hlcs FROM complaints LIMIT 1').get() as
      { id: string; field_hlcs: string } | undefined;
    if (c) {
      expect(c.field_hlcs).toBe('{}');
      expect(() => db.prepare("UPDATE complaints SET field_hlcs = '{oops' WHERE id = ?").run(c.id)).toThrow(/CHECK/);
    }
  },
  8: (db) => {
    const cols = (t: string) =>
      (db.prepare(`SELECT name FROM pragma_table_info('${t}')`).all() as { name: string }[]).map((c) => c.name);
    expect(cols('letters')).toEqual(
      expect.arrayContaining(['template_json', 'sections_json', 'sent_date', 'authorised_date', 'sent_transition']),
    );
    expect(cols('letter_reviews')).toEqual([
      'id',
      'letter_id',
      'action',
      'actor_id',
      'at',
      'comments',
      'version_no',
      'hlc',
    ]);
    expect(cols('calibration_items')).toEqual(expect.arrayContaining(['scores_json', 'agreement', 'feedback']));
    // One draw per week; letters.kind only takes the shared vocabulary.
    const user = db.prepare('SELECT id FROM users LIMIT 1').get() as { id: string } | undefined;
    if (user) {
      const draw = db.prepare(
        "INSERT INTO calibration_draws (id, week_start, week_end, manager_id, seed, algorithm, population_json, drawn_at, updated_hlc) VALUES (?, '2025-05-05', '2025-05-11', ?, 's', 'a', '[]', 'now', 'h')",
      );
      draw.run('d1', user.id);
      expect(() => draw.run('d2', user.id)).toThrow(/UNIQUE/);
      expect(() => db.prepare("UPDATE calibration_draws SET seed = 'other' WHERE id = 'd1'").run()).toThrow(
        /never changed/,
      );
      expect(() =>
        db
          .prepare(
            "INSERT INTO letters (id, kind, status, drafted_by, updated_hlc) VALUES ('l1', 'love-letter', 'draft', ?, 'h')",
          )
          .run(user.id),
      ).toThrow(/not a letter kind/);
    }
  },
  9: (db) => {
    // The desk's organisation settings: one value per key, who set it and when.
    expect(names(db, 'table')).toContain('desk_settings');
    const put = db.prepare('INSERT INTO desk_settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)');
    put.run('calibration_week_start_day', '3', 'admin', '2026-03-11T12:00:00.000Z');
    expect(() => put.run('calibration_week_start_day', '4', 'admin', '2026-03-11T12:00:00.000Z')).toThrow(/UNIQUE/);
    db.prepare("DELETE FROM desk_settings WHERE key = 'calibration_week_start_day'").run();
  },
  10: (db) => {
    // Putting things right: what an offer and an action record beyond 0001, and the business area's owner.
    const cols = (t: string) => (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name);
    expect(cols('remedies')).toEqual(expect.arrayContaining(['due_date', 'offered_by', 'status_note', 'version']));
    expect(cols('post_resolution_actions')).toEqual(
      expect.arrayContaining(['created_by', 'created_at', 'last_update_note', 'version']),
    );
    expect(cols('business_areas')).toContain('owner_user_id');
    // A financial remedy still needs its amount (0001's check stands).
    const complaint = db.prepare('SELECT id FROM complaints LIMIT 1').get() as { id: string } | undefined;
    if (complaint) {
      expect(() =>
        db
          .prepare(
            "INSERT INTO remedies (id, complaint_id, kind, description, status, offered_date, updated_hlc) VALUES ('r1', ?, 'financial', 'x', 'offered', '2026-01-05', 'h')",
          )
          .run(complaint.id),
      ).toThrow(/CHECK/);
    }
  },
  11: (db) => {
    // Contacts merge field by field: every contact, existing ones included, starts with no field edited.
    const contacts = db.prepare('SELECT field_hlcs FROM contacts').all() as { field_hlcs: string }[];
    for (const c of contacts) expect(c.field_hlcs).toBe('{}');
    const cols = (
      db.prepare("SELECT name, dflt_value FROM pragma_table_info('contacts')").all() as {
        name: string;
        dflt_value: string | null;
      }[]
    ).find((c) => c.name === 'field_hlcs');
    expect(cols).toEqual({ name: 'field_hlcs', dflt_value: "'{}'" });
    if (contacts.length > 0) {
      expect(() => db.prepare("UPDATE contacts SET field_hlcs = 'not json'").run()).toThrow(/CHECK/);
    }
  },
};

/**
 * Data a previous version could hold, so each migration is also tested on a non-empty database. The rows are
 * written by today's fixtures into a database at the latest version, then copied into the older one column by
 * column (only the columns that version has): the fixtures follow the current schema, an old desk does not.
 */
function populate(db: SqliteDatabase, version: number): void {
  if (version < 1) return;
  const source = openDeskDatabase(path.join(dir, `populate-source-${version}.db`));
  seedDesk(source.db);
  const newId = idFactory();
  addCase(source.db, newId, { familyName: 'Featherstonehaugh', postcode: 'LS1 4AP' });
  addCase(source.db, newId, { familyName: 'Okonkwo', summary: 'Black mould in the back bedroom' });
  // A petition with one member (before 0004 a member row had no id of its own: the copy leaves it out).
  const member = source.db.prepare("SELECT id FROM people WHERE kind = 'resident' LIMIT 1").get() as { id: string };
  const groupId = newId();
  source.db
    .prepare(
      "INSERT INTO people (id, kind, display_name, created_at, updated_hlc) VALUES (?, 'group', 'Marlowe House petition', '2025-01-06', 'x')",
    )
    .run(groupId);
  source.db
    .prepare('INSERT INTO group_members (id, group_id, member_id, is_signatory, added_at) VALUES (?, ?, ?, 1, ?)')
    .run(newId(), groupId, member.id, '2025-01-06');
  copyRows(source.db, db);
  source.close();
}

/** Copies every plain table's rows (the columns both schemas have); the search index rebuilds itself by trigger. */
function copyRows(from: SqliteDatabase, to: SqliteDatabase): void {
  const tables = to
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND name NOT IN ('schema_migrations', 'search_docs') AND name NOT LIKE 'search_fts%'
         AND sql NOT LIKE 'CREATE VIRTUAL%'`,
    )
    .pluck()
    .all() as string[];
  const columnsOf = (db: SqliteDatabase, table: string): string[] =>
    (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
  to.pragma('foreign_keys = OFF');
  to.transaction(() => {
    for (const table of tables) {
      const sourceColumns = new Set(columnsOf(from, table));
      const columns = columnsOf(to, table).filter((c) => sourceColumns.has(c));
      if (columns.length === 0) continue;
      const list = columns.join(', ');
      const insert = to.prepare(
        `INSERT OR REPLACE INTO ${table} (${list}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      for (const row of from.prepare(`SELECT ${list} FROM ${table}`).raw().all() as unknown[][]) insert.run(row);
    }
  })();
  to.pragma('foreign_keys = ON');
}

describe('migrations', () => {
  const migrations = loadMigrations();

  it('are numbered without gaps and all have an expectation here', () => {
    expect(migrations.map((m) => m.version)).toEqual(Array.from({ length: migrations.length }, (_, i) => i + 1));
    expect(Object.keys(EXPECT).map(Number)).toEqual(migrations.map((m) => m.version));
  });

  for (const m of migrations) {
    const label = `${String(m.version).padStart(4, '0')}_${m.name}`;
    describe(label, () => {
      it('applies cleanly to an empty database', () => {
        const desk = openDeskDatabase(path.join(dir, 'empty.db'), { targetVersion: m.version });
        expect(desk.schemaVersion).toBe(m.version);
        EXPECT[m.version]?.(desk.db);
        expect(desk.db.pragma('foreign_key_check')).toEqual([]);
        desk.close();
      });

      it(`applies to a version ${m.version - 1} database holding data`, () => {
        const file = path.join(dir, 'previous.db');
        const prev = openDeskDatabase(file, { targetVersion: m.version - 1 });
        populate(prev.db, m.version - 1);
        prev.close();
        const desk = openDeskDatabase(file, { targetVersion: m.version });
        expect(desk.migrationsApplied).toEqual([m.version]);
        EXPECT[m.version]?.(desk.db);
        expect(desk.db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(desk.db.pragma('foreign_key_check')).toEqual([]);
        if (m.version === 3) {
          // Rows written before the search index existed are found after it is built.
          expect(search(desk.db, 'Featherstonehaugh').map((h) => h.kind)).toContain('person');
          expect(search(desk.db, 'LS14AP').length).toBeGreaterThan(0);
          expect(search(desk.db, 'black mould').map((h) => h.kind)).toContain('complaint');
        }
        desk.close();
      });

      it('records its checksum, and an edit after it was applied is refused', () => {
        const copy = path.join(dir, 'migrations');
        cpSync(DEFAULT_MIGRATIONS_DIR, copy, { recursive: true });
        const file = path.join(dir, 'desk.db');
        const desk = openDeskDatabase(file, { migrationsDir: copy, targetVersion: m.version });
        expect(desk.db.prepare('SELECT checksum FROM schema_migrations WHERE version = ?').get(m.version)).toEqual({
          checksum: checksumOf(m.sql),
        });
        desk.close();
        appendFileSync(path.join(copy, `${label}.sql`), '\n-- edited\n');
        let caught: unknown;
        try {
          openDeskDatabase(file, { migrationsDir: copy, targetVersion: m.version });
        } catch (e) {
          caught = e;
        }
        expect(isDeskDatabaseError(caught, 'migration-checksum-mismatch')).toBe(true);
      });
    });
  }
});
