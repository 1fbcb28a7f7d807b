// The search index built in the background, a small transaction at a time, on the desk core's own thread:
// between two steps the desk answers its calls and the sync goes on, so a desk's first sync ends (cursor stored,
// My work, queues and cases usable) without waiting for the full-text index. What is pending is read from the
// database itself (search-index.ts), so a build interrupted by a crash or a restart carries on at the next
// start() with nothing to repair, and live writes meanwhile index their own documents.
import type Database from 'better-sqlite3';
import {
  endSearchIndexBuild,
  indexPendingDocuments,
  mergeSearchIndexSegments,
  searchIndexBuildPending,
  searchIndexProgress,
  type SearchIndexProgress,
} from './search-index.js';

export interface SearchIndexBuilderOptions {
  /**
   * Documents a step indexes in one transaction: the longest the desk is busy at a time. Measured at 20,000
   * cases (66,680 documents, load about 6): 1,000 a step, p50 47 ms; 2,000, p50 84 ms; 5,000, p50 165 ms; the
   * whole build 1.9-2.5 s of CPU whichever, against 1.9 s for rebuildSearchIndex's one transaction.
   */
  readonly documentsPerStep?: number;
  /** Called after each step with the progress (null once the index is complete). */
  readonly onProgress?: (p: SearchIndexProgress | null) => void;
}

export const DEFAULT_DOCUMENTS_PER_STEP = 2_000;
/** Pages of segment merging a step does once every document is indexed: about as long as a step of indexing. */
const MERGE_PAGES_PER_STEP = 500;

export class SearchIndexBuilder {
  /**
   * 'merging': every document is indexed (search is complete) and the segments the build made are being merged
   * into one. 'stalled': a whole pass indexed nothing while documents are still pending (see step).
   */
  private state: 'unknown' | 'building' | 'merging' | 'complete' | 'stalled' = 'unknown';
  private progressNow: SearchIndexProgress | null = null;
  /** The pass goes from the newest document down; `below` is where it has got to. */
  private below = Number.MAX_SAFE_INTEGER;
  private indexedThisPass = 0;
  private scheduled: NodeJS.Immediate | null = null;
  private stopped = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly db: Database.Database,
    private readonly options: SearchIndexBuilderOptions = {},
  ) {}

  /**
   * Looks again for pending documents and indexes them in the background: at the desk's start and after a
   * bootstrap registered a new set of documents.
   */
  start(): void {
    if (this.stopped) return;
    this.state = 'unknown';
    this.schedule();
  }

  /** Stops for good (before the database closes); a step is synchronous, so none is left half done. */
  stop(): void {
    this.stopped = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.release();
  }

  /** Where the index stands: null when complete, else how many of the documents it holds. */
  progress(): SearchIndexProgress | null {
    if (this.state === 'unknown' && this.db.open) this.measure();
    return this.state === 'complete' || this.state === 'merging' ? null : this.progressNow;
  }

  /**
   * Settles when nothing is pending and the segments are merged, the build stalls or the builder is stopped:
   * for tests and benchmarks.
   */
  whenComplete(): Promise<void> {
    if (this.stopped || this.state === 'stalled' || (this.state === 'complete' && !this.scheduled)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private measure(): void {
    this.progressNow = searchIndexProgress(this.db);
    // Every document indexed: the build's segments are still to be merged while its note is there (also after a
    // restart in the middle of merging).
    if (this.progressNow === null) this.state = searchIndexBuildPending(this.db) ? 'merging' : 'complete';
    else if (this.state !== 'building') {
      this.state = 'building';
      this.below = Number.MAX_SAFE_INTEGER;
      this.indexedThisPass = 0;
    }
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = null;
      this.step();
    });
  }

  private step(): void {
    if (this.stopped || !this.db.open) return this.stop();
    try {
      if (this.state === 'unknown') this.measure();
      if (this.state === 'building') {
        const per = this.options.documentsPerStep ?? DEFAULT_DOCUMENTS_PER_STEP;
        const r = indexPendingDocuments(this.db, this.below, per);
        this.indexedThisPass += r.indexed;
        if (r.lowest !== null) this.below = r.lowest;
        this.measure();
        if (r.lowest === null && this.state === 'building') {
          // A pass has reached the oldest document and some are still pending: registered since the pass
          // began (a new bootstrap), so go round again; or never indexable (a document whose record is gone),
          // which a second pass would not change.
          if (this.indexedThisPass === 0) {
            this.state = 'stalled';
            console.error(`desk: the search index cannot index ${this.describePending()}`);
          }
          this.below = Number.MAX_SAFE_INTEGER;
          this.indexedThisPass = 0;
        }
      } else if (this.state === 'merging' && !mergeSearchIndexSegments(this.db, MERGE_PAGES_PER_STEP)) {
        endSearchIndexBuild(this.db);
        this.state = 'complete';
      }
    } catch (e) {
      // A failure (e.g. the disk is full) leaves the index as it was: the documents stay pending, search says
      // so, and the next start() (at the latest the desk's next start) tries again.
      console.error('desk: building the search index failed', e);
      this.state = 'stalled';
    }
    this.options.onProgress?.(this.progress());
    // 'unknown': start() was called meanwhile (e.g. from onProgress), so the next step counts again.
    if (this.state === 'building' || this.state === 'merging' || this.state === 'unknown') this.schedule();
    else this.release();
  }

  private describePending(): string {
    const p = this.progressNow;
    return p ? `${p.total - p.done} of its ${p.total} documents` : 'some of its documents';
  }

  private release(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}
