// Attachment bytes live beside the database, addressed by their SHA-256: the same file attached twice is
// stored once, and any copy can be checked against its row. Keeping them out of SQLite keeps the database
// small (fast to open, back up and sync) and the files streamable.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { stmt } from './statements.js';

export function attachmentPath(filesDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new TypeError(`not a SHA-256: '${sha256}'`);
  return path.join(filesDir, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/**
 * Writes the bytes (atomically: temp file then rename, so a crash never leaves a half file under a valid
 * hash) and records the row. Call inside the use case's transaction; the file is written first, so a
 * committed row always has its file. An orphan file from a rolled-back use case is harmless.
 */
export function storeAttachment(
  db: Database.Database,
  filesDir: string,
  bytes: Uint8Array,
  mediaType: string,
  at: string,
): string {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = attachmentPath(filesDir, sha256);
  if (!existsSync(target)) {
    mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes, { flag: 'w' });
    renameSync(tmp, target);
  }
  stmt(
    db,
    `INSERT INTO attachments (sha256, size_bytes, media_type, first_stored_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (sha256) DO NOTHING`,
  ).run(sha256, bytes.byteLength, mediaType, at);
  return sha256;
}

/** Reads an attachment back, refusing bytes that no longer match their hash. */
export function readAttachment(filesDir: string, sha256: string): Buffer {
  const bytes = readFileSync(attachmentPath(filesDir, sha256));
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) throw new Error(`attachment ${sha256} is damaged (its content hash is now ${actual})`);
  return bytes;
}
