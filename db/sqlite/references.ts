// Human-friendly case references issued offline: PREFIX-<desk code>-<per-desk sequence>, e.g.
// CMP-K7Q2-000042. The desk code is unique per desk (assigned by the server at enrolment), so references are
// unique across desks without asking anyone; the sequence is shared by every kind so a number is never reused.
import type Database from 'better-sqlite3';
import { assertInTransaction, stmt } from './statements.js';

export const REFERENCE_PREFIXES = { complaint: 'CMP', enquiry: 'ENQ' } as const;
export type ReferenceKind = keyof typeof REFERENCE_PREFIXES;

export interface DeskIdentity {
  readonly deskId: string;
  readonly deskCode: string;
  readonly organisationKey: string;
  readonly displayName: string;
  readonly serverUrl: string | null;
  readonly enrolledAt: string;
  readonly lastReferenceSeq: number;
}

const DESK_CODE = /^[0-9A-Z]{3,6}$/;
const REFERENCE = /^(CMP|ENQ)-([0-9A-Z]{3,6})-(\d{6,})$/;

export function formatReference(kind: ReferenceKind, deskCode: string, seq: number): string {
  return `${REFERENCE_PREFIXES[kind]}-${deskCode}-${String(seq).padStart(6, '0')}`;
}

export function parseReference(s: string): { kind: ReferenceKind; deskCode: string; seq: number } | null {
  const m = REFERENCE.exec(s.trim().toUpperCase());
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return null;
  return { kind: m[1] === 'CMP' ? 'complaint' : 'enquiry', deskCode: m[2], seq: Number(m[3]) };
}

/** Records the identity the server gave this desk at enrolment. A desk is enrolled once. */
export function enrolDesk(
  db: Database.Database,
  identity: Omit<DeskIdentity, 'lastReferenceSeq' | 'serverUrl'> & { serverUrl?: string | null },
): void {
  if (!DESK_CODE.test(identity.deskCode))
    throw new RangeError(`desk code must be 3-6 of A-Z/0-9: '${identity.deskCode}'`);
  stmt(
    db,
    `INSERT INTO desk_identity (singleton, desk_id, desk_code, organisation_key, display_name, server_url, enrolled_at)
     VALUES (1, ?, ?, ?, ?, ?, ?)`,
  ).run(
    identity.deskId,
    identity.deskCode,
    identity.organisationKey,
    identity.displayName,
    identity.serverUrl ?? null,
    identity.enrolledAt,
  );
}

interface IdentityRow {
  desk_id: string;
  desk_code: string;
  organisation_key: string;
  display_name: string;
  server_url: string | null;
  enrolled_at: string;
  last_reference_seq: number;
}

export function getDeskIdentity(db: Database.Database): DeskIdentity | null {
  const r = stmt<[], IdentityRow>(db, 'SELECT * FROM desk_identity WHERE singleton = 1').get();
  if (!r) return null;
  return {
    deskId: r.desk_id,
    deskCode: r.desk_code,
    organisationKey: r.organisation_key,
    displayName: r.display_name,
    serverUrl: r.server_url,
    enrolledAt: r.enrolled_at,
    lastReferenceSeq: r.last_reference_seq,
  };
}

/**
 * Takes the next reference inside the caller's transaction, so a rolled-back use case gives its number back
 * and a committed one can never be issued twice.
 */
export function issueReference(db: Database.Database, kind: ReferenceKind): string {
  assertInTransaction(db, 'issueReference');
  const r = stmt<[], { desk_code: string; last_reference_seq: number }>(
    db,
    `UPDATE desk_identity SET last_reference_seq = last_reference_seq + 1 WHERE singleton = 1
     RETURNING desk_code, last_reference_seq`,
  ).get();
  if (!r) throw new Error('this desk is not enrolled yet: it has no desk code to issue references with');
  return formatReference(kind, r.desk_code, r.last_reference_seq);
}
