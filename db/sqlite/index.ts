// The desk's local store: the public surface the desk core (use cases' ports, sync agent, shell) uses.
export {
  openDeskDatabase,
  checkDeskIntegrity,
  checkpointDesk,
  type DeskDatabase,
  type OpenDeskDatabaseOptions,
  type SqliteDatabase,
} from './open.js';
export { DeskDatabaseError, isDeskDatabaseError, type DeskDatabaseErrorCode } from './errors.js';
export { loadMigrations, checksumOf, DEFAULT_MIGRATIONS_DIR, type Migration } from './migrations.js';
export {
  enrolDesk,
  getDeskIdentity,
  issueReference,
  formatReference,
  parseReference,
  REFERENCE_PREFIXES,
  type DeskIdentity,
  type ReferenceKind,
} from './references.js';
export {
  appendAudit,
  verifyAuditChain,
  auditFor,
  canonicalJson,
  GENESIS_HASH,
  type AuditEntry,
  type AuditEntryInput,
  type AuditVerification,
} from './audit.js';
export {
  search,
  toFtsQuery,
  SEARCH_CANDIDATE_WINDOW,
  type SearchHit,
  type SearchKind,
  type SearchOptions,
} from './search.js';
export {
  myWork,
  teamQueue,
  breaching,
  caseDetail,
  complaintIdByReference,
  type CaseListItem,
  type CaseDetail,
  type QueueCursor,
  type QueuePage,
  type TimelineItem,
} from './queries.js';
export { contactDetail, recordsOf } from './contact-queries.js';
export * from './writes.js';
export {
  enqueueOutbox,
  pendingOutbox,
  countPendingOutbox,
  settleOutbox,
  loadLastHlc,
  saveLastHlc,
  type OutboxEntry,
  type OutboxInput,
} from './outbox.js';
export { storeAttachment, readAttachment, attachmentPath } from './attachments.js';
export { stmt, assertInTransaction } from './statements.js';
export { saveDraft, loadDraft, discardDraft, type StoredDraft } from './drafts.js';
export { workCounts, teamQueuePage } from './work-queries.js';
export { bankHolidayOverrides, deskCalendar } from './calendar.js';
export {
  rebuildSearchIndex,
  registerSearchDocuments,
  searchIndexProgress,
  withSearchTriggersOff,
  SEARCH_ENTITIES,
  type SearchEntity,
  type SearchIndexProgress,
} from './search-index.js';
export { SearchIndexBuilder, type SearchIndexBuilderOptions } from './search-builder.js';
