// PouchDB for the sync comparison, typed by hand for what the benchmarks use (the packages ship no types).
import type { Server } from 'node:http';
import { createRequire } from 'node:module';

export interface PouchReplicationResult {
  readonly ok: boolean;
  readonly docs_read: number;
  readonly docs_written: number;
  readonly errors: readonly unknown[];
}

export interface PouchDatabase {
  info(): Promise<{ doc_count: number; update_seq: number | string }>;
  bulkDocs(docs: readonly Record<string, unknown>[]): Promise<unknown[]>;
  destroy(): Promise<void>;
  close(): Promise<void>;
  replicate: {
    from(source: string, options?: { batch_size?: number; batches_limit?: number }): Promise<PouchReplicationResult>;
  };
}

export interface PouchConstructor {
  new (name: string, options?: { adapter?: string }): PouchDatabase;
  defaults(options: { prefix?: string; adapter?: string }): PouchConstructor;
}

const require = createRequire(import.meta.url);

export const PouchDB = require('pouchdb') as PouchConstructor;

/** express-pouchdb: an express app serving the CouchDB HTTP API over databases of `Pouch`. */
export const expressPouchdb = require('express-pouchdb') as (
  Pouch: PouchConstructor,
  options: { mode: 'minimumForPouchDB' | 'fullCouchDB'; inMemoryConfig?: boolean; logPath?: string },
) => {
  listen(port: number, host: string, ready: () => void): Server;
};
