// Drafts: what a user has typed and not yet saved, one row per (user, key). Local to this desk, never synced.
import type Database from 'better-sqlite3';
import { stmt } from './statements.js';

export interface StoredDraft {
  readonly body: string;
  readonly savedAt: string;
}

export function saveDraft(db: Database.Database, userId: string, key: string, body: string, now: string): void {
  stmt(
    db,
    `INSERT INTO drafts (user_id, draft_key, body, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, draft_key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
  ).run(userId, key, body, now);
}

export function loadDraft(db: Database.Database, userId: string, key: string): StoredDraft | null {
  const row = stmt<[string, string], { body: string; updated_at: string }>(
    db,
    'SELECT body, updated_at FROM drafts WHERE user_id = ? AND draft_key = ?',
  ).get(userId, key);
  return row ? { body: row.body, savedAt: row.updated_at } : null;
}

export function discardDraft(db: Database.Database, userId: string, key: string): boolean {
  return stmt(db, 'DELETE FROM drafts WHERE user_id = ? AND draft_key = ?').run(userId, key).changes > 0;
}
