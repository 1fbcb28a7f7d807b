// The desk's side of sync merge (shared/app/field-merge.ts): last-writer-wins fields with their per-field
// HLCs, and decision conflicts pulled from the server. The same rows, column for column, as the server's
// RowStore writes (shared/app/sync-rows.ts; tests/sync/canonical-rows.test.ts keeps them equal).
import type Database from 'better-sqlite3';
import { LWW_FIELDS, encodeFieldHlcs, parseFieldHlcs, type LwwTable } from '../../shared/app/field-merge.js';
import type {
  ConflictRecord,
  ConflictResolutionWrite,
  EditableRow,
  EditableWrite,
  FieldValue,
} from '../../shared/app/ports.js';
import { conflictRecordOf } from '../../shared/app/sync-rows.js';
import { stmt } from './statements.js';

type Row = Record<string, FieldValue>;

const EXTRA: Record<LwwTable, readonly string[]> = {
  complaints: ['team_id'],
  people: ['kind'],
  contacts: ['team_id'],
};

export function getEditable(db: Database.Database, table: LwwTable, id: string): EditableRow | null {
  const cols = [...new Set([...LWW_FIELDS[table], ...EXTRA[table]])];
  const r = stmt<[string], Row>(
    db,
    `SELECT ${cols.join(', ')}, field_hlcs, version, updated_hlc FROM ${table} WHERE id = ?`,
  ).get(id);
  if (!r) return null;
  return {
    values: r,
    fieldHlcs: parseFieldHlcs(r.field_hlcs),
    version: Number(r.version),
    updatedHlc: String(r.updated_hlc),
    teamId: table !== 'people' && typeof r.team_id === 'string' ? r.team_id : null,
  };
}

export function writeEditable(
  db: Database.Database,
  table: LwwTable,
  id: string,
  changes: Readonly<Record<string, FieldValue>>,
  w: EditableWrite,
): void {
  const allowed: readonly string[] = [...LWW_FIELDS[table]];
  const cols = Object.keys(changes);
  // Column names go into the SQL text: only the table's own last-writer-wins columns may.
  for (const c of cols) if (!allowed.includes(c)) throw new Error(`${c} is not an editable field of ${table}`);
  const values = cols.map((c) => changes[c] ?? null);
  const sets = [...cols.map((c) => `${c} = ?`), 'field_hlcs = ?'];
  if (cols.length > 0) sets.push('updated_hlc = max(updated_hlc, ?)', 'version = version + 1');
  stmt(db, `UPDATE ${table} SET ${sets.join(', ')} WHERE id = ?`).run(
    ...values,
    encodeFieldHlcs(w.fieldHlcs),
    ...(cols.length > 0 ? [w.hlc] : []),
    id,
  );
}

const CONFLICT_COLUMNS =
  'id, entity_type, entity_id, local_json, remote_json, detected_hlc, resolved_by, resolved_at, resolution, field, resolution_note, resolved_value, updated_hlc, version';

export function getConflict(db: Database.Database, id: string): ConflictRecord | null {
  const r = stmt<[string], Row>(db, `SELECT ${CONFLICT_COLUMNS} FROM sync_conflicts WHERE id = ?`).get(id);
  return r ? conflictRecordOf(r) : null;
}

export function resolveConflictRow(db: Database.Database, id: string, w: ConflictResolutionWrite): void {
  stmt(
    db,
    `UPDATE sync_conflicts SET resolved_by = ?, resolved_at = ?, resolution = ?, resolution_note = ?,
       resolved_value = ?, updated_hlc = ?, version = version + 1 WHERE id = ?`,
  ).run(w.resolvedBy, w.resolvedAt, w.resolution, w.note, w.resolvedValue, w.hlc, id);
}

/** A decision conflict as a person sees it: the case, who decided what on each side, and its resolution. */
export interface ConflictListItem {
  readonly id: string;
  readonly complaintId: string;
  readonly reference: string | null;
  readonly field: string;
  readonly local: ConflictRecord['local'];
  readonly remote: ConflictRecord['remote'];
  readonly detectedHlc: string;
  readonly resolution: ConflictRecord['resolution'];
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
  readonly note: string | null;
}

/** Open conflicts first (oldest first), then resolved ones, newest resolution first. */
export function listConflicts(
  db: Database.Database,
  opts: { includeResolved?: boolean; complaintId?: string; limit?: number } = {},
): ConflictListItem[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (!opts.includeResolved) where.push('s.resolved_at IS NULL');
  if (opts.complaintId) {
    where.push('s.entity_id = ?');
    params.push(opts.complaintId);
  }
  params.push(opts.limit ?? 200);
  const rows = db
    .prepare(
      `SELECT s.id, s.entity_id, s.field, s.local_json, s.remote_json, s.detected_hlc, s.resolution, s.resolved_by,
         s.resolved_at, s.resolution_note, c.reference
       FROM sync_conflicts s LEFT JOIN complaints c ON c.id = s.entity_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY s.resolved_at IS NOT NULL, CASE WHEN s.resolved_at IS NULL THEN s.detected_hlc END,
         s.resolved_at DESC, s.id
       LIMIT ?`,
    )
    .all(...params) as Record<string, string | null>[];
  return rows.map((r) => ({
    id: String(r.id),
    complaintId: String(r.entity_id),
    reference: r.reference ?? null,
    field: String(r.field),
    local: JSON.parse(String(r.local_json)) as ConflictRecord['local'],
    remote: JSON.parse(String(r.remote_json)) as ConflictRecord['remote'],
    detectedHlc: String(r.detected_hlc),
    resolution: (r.resolution ?? null) as ConflictRecord['resolution'],
    resolvedBy: r.resolved_by ?? null,
    resolvedAt: r.resolved_at ?? null,
    note: r.resolution_note ?? null,
  }));
}
