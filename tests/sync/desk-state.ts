// What a sync leaves on a desk, in a form two desks can be compared by (tests/sync/snapshot.test.ts and the
// initial sync bench compare a desk bootstrapped by snapshot with one that pulled the change log from 0).
import type Database from 'better-sqlite3';
import { SYNC_TABLES } from '../../shared/app/sync-rows.js';

type Rows = Record<string, unknown>[];

/**
 * Everything a sync writes on a desk, comparable across desks: the synced tables whole; stage and deadline
 * rows (derived on each desk, with ids of its own) keyed by case and stage number; search documents by what
 * they index (their numbering is the order they were made in); the desk's clock.
 */
export function deskState(db: Database.Database): Record<string, Rows | unknown> {
  const out: Record<string, Rows | unknown> = {};
  for (const t of SYNC_TABLES) out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY id`).all();
  out.complaint_stages = db
    .prepare('SELECT * FROM complaint_stages ORDER BY complaint_id, stage_number')
    .all()
    .map((r) => ({ ...(r as Record<string, unknown>), id: undefined }));
  out.deadlines = db
    .prepare(
      `SELECT d.*, s.stage_number FROM deadlines d LEFT JOIN complaint_stages s ON s.id = d.stage_id
       ORDER BY d.complaint_id, d.kind, d.due_date, d.status`,
    )
    .all()
    .map((r) => ({ ...(r as Record<string, unknown>), id: undefined, stage_id: undefined, superseded_by: undefined }));
  out.search = db
    .prepare(
      `SELECT d.entity_type, d.entity_id, f.reference, f.names, f.address, f.contact, f.body
       FROM search_docs d JOIN search_fts f ON f.rowid = d.doc_id ORDER BY d.entity_type, d.entity_id`,
    )
    .all();
  out.searchShah = db
    .prepare(
      `SELECT d.entity_type, d.entity_id FROM search_fts f JOIN search_docs d ON d.doc_id = f.rowid
       WHERE search_fts MATCH 'shah' ORDER BY 1, 2`,
    )
    .all();
  out.clock = db.prepare('SELECT last_hlc FROM sync_state').get();
  return out;
}
