// The desk's sync agent (plain Node, fetch): pushes the outbox in batches, then pulls the server's changes
// page by page from the stored cursor. Every 30 s (configurable), on demand, and at once when the server's
// event stream says something changed; with exponential backoff and jitter while the server is unreachable.
// Crash-safe by construction: a push is idempotent by mutation id (an entry stays 'sending' until its answer
// is stored), and a pulled page and its cursor are committed together.
import type Database from 'better-sqlite3';
import type { IsoDate } from '../../../shared/domain/dates.js';
import {
  MAX_PULL_LIMIT,
  SYNC_PROTOCOL_VERSION,
  UPDATE_REQUIRED_STATUS,
  checkSnapshotRows,
  pullResponseSchema,
  pushResponseSchema,
  snapshotResponseSchema,
  type MutationPayload,
  type PushMutation,
  type PullResponse,
  type PushResponse,
  type SnapshotResponse,
} from '../../../shared/contracts/sync.js';
import { pendingOutbox, countPendingOutbox, settleOutbox } from '../outbox.js';
import { getDeskIdentity } from '../references.js';
import { stmt } from '../statements.js';
import { applyPage, loadCursor, rollBackInTransaction, rollBackRejected } from './apply.js';
import {
  applySnapshotPage,
  finishSnapshot,
  loadSnapshotPosition,
  restoreDeferredIndexes,
  type SnapshotPosition,
} from './snapshot.js';

export interface Rejection {
  readonly mutationId: string;
  readonly useCase: string;
  readonly reason: string;
  readonly at: string | null;
}

export interface SyncStatus {
  readonly online: boolean;
  readonly lastSuccessfulSync: string | null;
  readonly pending: number;
  readonly rejections: readonly Rejection[];
  /** The server speaks another protocol version: the desk must be updated; it stops syncing. */
  readonly updateRequired: boolean;
  readonly lastError: string | null;
}

export interface SyncAgentOptions {
  readonly desk: { readonly db: Database.Database; readonly filesDir: string };
  /** e.g. http://127.0.0.1:8080 */
  readonly baseUrl: string;
  readonly accessToken: () => string | Promise<string>;
  readonly fetch?: typeof fetch;
  readonly intervalMs?: number;
  readonly pushBatch?: number;
  readonly pullPage?: number;
  /** Records in a snapshot page (the bootstrap of a desk with no cursor yet; see snapshot.ts). */
  readonly snapshotPage?: number;
  /**
   * false: a desk with no cursor pulls the change log from 0 instead of taking a snapshot (the path every
   * later pull takes; tests compare the two).
   */
  readonly snapshot?: boolean;
  readonly nowIso?: () => string;
  readonly today?: () => IsoDate;
  readonly random?: () => number;
  readonly maxBackoffMs?: number;
  readonly onStatus?: (s: SyncStatus) => void;
  /**
   * Called when a bootstrap has ended (finishSnapshot): its search documents are registered but not yet in the
   * full-text index, for the desk's SearchIndexBuilder to index in the background.
   */
  readonly onSnapshotFinished?: () => void;
  /**
   * The user whose session the access token belongs to. The server accepts only that user's own mutations
   * (another author is 'forged-actor' and would be rolled back), so on a desk shared by several users a push
   * stops at the first entry by someone else: it waits, in order, for its author to sign in. Unset: every entry.
   */
  readonly sessionUserId?: () => string | null;
}

export class UpdateRequiredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateRequiredError';
  }
}

class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`server answered ${status}: ${body.slice(0, 300)}`);
  }
}

const LONDON = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export class SyncAgent {
  private readonly db: Database.Database;
  private readonly fetch: typeof fetch;
  private readonly nowIso: () => string;
  private readonly today: () => IsoDate;
  private readonly random: () => number;
  private running: Promise<SyncStatus> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private events: AbortController | null = null;
  private stopped = true;
  private failures = 0;
  private online = false;
  private lastSuccessfulSync: string | null = null;
  private updateRequired = false;
  private lastError: string | null = null;

  constructor(private readonly options: SyncAgentOptions) {
    this.db = options.desk.db;
    this.fetch = options.fetch ?? fetch;
    this.nowIso = options.nowIso ?? (() => new Date().toISOString());
    this.today = options.today ?? (() => LONDON.format(new Date()) as IsoDate);
    this.random = options.random ?? Math.random;
  }

  status(): SyncStatus {
    if (!this.db.open) {
      return {
        online: this.online,
        lastSuccessfulSync: this.lastSuccessfulSync,
        pending: 0,
        rejections: [],
        updateRequired: this.updateRequired,
        lastError: 'The desk database is closed.',
      };
    }
    const rejections = stmt<
      [],
      { mutation_id: string; use_case: string; last_error: string | null; acknowledged_at: string | null }
    >(
      this.db,
      "SELECT mutation_id, use_case, last_error, acknowledged_at FROM outbox WHERE status = 'rejected' ORDER BY seq DESC LIMIT 100",
    )
      .all()
      .map((r) => ({
        mutationId: r.mutation_id,
        useCase: r.use_case,
        reason: r.last_error ?? '',
        at: r.acknowledged_at,
      }));
    return {
      online: this.online,
      lastSuccessfulSync: this.lastSuccessfulSync,
      pending: countPendingOutbox(this.db),
      rejections,
      updateRequired: this.updateRequired,
      lastError: this.lastError,
    };
  }

  /** One full sync (push, then pull); concurrent calls share it, and a call during one runs another after. */
  syncNow(): Promise<SyncStatus> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.cycle();
        } while (this.again);
      } finally {
        this.running = null;
      }
      return this.status();
    })();
    return this.running;
  }

  private async cycle(): Promise<void> {
    // A desk closed while a sync was asked for (quitting, signing out): nothing to do, nothing to record.
    if (this.updateRequired || !this.db.open) return;
    try {
      await this.push();
      await this.pull();
      this.online = true;
      this.failures = 0;
      this.lastError = null;
      this.lastSuccessfulSync = this.nowIso();
      stmt(this.db, 'UPDATE sync_state SET last_pull_at = ?, last_error = NULL WHERE singleton = 1').run(
        this.lastSuccessfulSync,
      );
    } catch (e) {
      this.failures++;
      this.lastError = e instanceof Error ? e.message : String(e);
      if (e instanceof UpdateRequiredError) {
        this.updateRequired = true;
      } else if (!(e instanceof HttpStatusError)) {
        this.online = false; // unreachable; a 4xx/5xx answer still means the server is there
      }
      if (!this.db.open) return; // closed mid-sync: the error is the closing, not the server's
      stmt(this.db, 'UPDATE sync_state SET last_error = ?, last_error_at = ? WHERE singleton = 1').run(
        this.lastError,
        this.nowIso(),
      );
    }
    this.options.onStatus?.(this.status());
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const res = await this.fetch(`${this.options.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.options.accessToken()}` },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status === UPDATE_REQUIRED_STATUS) throw new UpdateRequiredError('update required: ' + text.slice(0, 200));
    if (!res.ok) throw new HttpStatusError(res.status, text);
    const parsed = JSON.parse(text) as { protocolVersion?: unknown };
    // A server answering in another protocol version is never read as data.
    if (parsed.protocolVersion !== SYNC_PROTOCOL_VERSION) {
      throw new UpdateRequiredError(`the server answered in protocol ${String(parsed.protocolVersion)}`);
    }
    return parsed;
  }

  private async push(): Promise<void> {
    const identity = getDeskIdentity(this.db);
    if (!identity) throw new Error('this desk is not enrolled');
    for (;;) {
      const pending = pendingOutbox(this.db, this.options.pushBatch ?? 500);
      const own = this.options.sessionUserId?.();
      const other = own === undefined ? -1 : pending.findIndex((m) => m.actorId !== own);
      const batch = other < 0 ? pending : pending.slice(0, other);
      if (batch.length === 0) return;
      const last = batch[batch.length - 1]?.seq ?? 0;
      stmt(this.db, "UPDATE outbox SET status = 'sending' WHERE status = 'pending' AND seq <= ?").run(last);
      const mutations: PushMutation[] = batch.map((m) => ({
        mutationId: m.mutationId,
        useCase: m.useCase as PushMutation['useCase'],
        actorId: m.actorId,
        hlc: m.hlc,
        payload: m.payload as MutationPayload,
      }));
      const response: PushResponse = pushResponseSchema.parse(
        await this.post('/sync/push', { protocolVersion: SYNC_PROTOCOL_VERSION, deskId: identity.deskId, mutations }),
      );
      const byId = new Map(batch.map((m) => [m.mutationId, m]));
      const at = this.nowIso();
      const today = this.today();
      rollBackInTransaction(this.db, () => {
        for (const r of response.results) {
          if (!byId.has(r.mutationId)) continue;
          settleOutbox(
            this.db,
            r.mutationId,
            r.status === 'accepted'
              ? { status: 'accepted' }
              : { status: 'rejected', error: `${r.reason ?? 'rejected'}: ${r.message ?? ''}` },
            at,
          );
        }
        for (const r of response.results) {
          const m = byId.get(r.mutationId);
          if (m && r.status === 'rejected') {
            rollBackRejected(
              this.db,
              this.options.desk.filesDir,
              m.payload as MutationPayload,
              r.snapshots ?? [],
              today,
            );
          }
        }
      });
      if (response.results.length < batch.length) return; // the rest stay 'sending' and go again next time
      if (batch.length < pending.length) return; // the next entry is another user's
    }
  }

  private async fetchPage(cursor: string): Promise<PullResponse> {
    return pullResponseSchema.parse(
      await this.post('/sync/pull', {
        protocolVersion: SYNC_PROTOCOL_VERSION,
        cursor,
        limit: this.options.pullPage ?? MAX_PULL_LIMIT,
      }),
    );
  }

  private async fetchSnapshot(head: string | undefined, after: string | undefined): Promise<SnapshotResponse> {
    const page = checkSnapshotRows(
      snapshotResponseSchema.parse(
        await this.post('/sync/snapshot', {
          protocolVersion: SYNC_PROTOCOL_VERSION,
          ...(head === undefined ? {} : { head }),
          ...(after === undefined ? {} : { after }),
          limit: this.options.snapshotPage ?? 10_000,
        }),
      ),
    );
    if (head !== undefined && page.head !== head) {
      throw new Error(`the server answered a snapshot at ${page.head} when asked for one at ${head}`);
    }
    if (page.hasMore && page.last === null) throw new Error('the server announced more of an empty snapshot page');
    return page;
  }

  /** Takes (or resumes) the snapshot, page by page, then stores its head as the pull cursor. */
  private async bootstrap(from: SnapshotPosition | null): Promise<void> {
    let next = this.fetchSnapshot(from?.head, from?.after ?? undefined);
    for (;;) {
      const page = await next;
      if (page.hasMore) {
        // As in pull: the next page is on its way while this one is applied.
        next = this.fetchSnapshot(page.head, page.last ?? undefined);
        next.catch(() => undefined);
        await new Promise((resolve) => setImmediate(resolve));
      }
      applySnapshotPage(this.db, this.options.desk.filesDir, page, this.today());
      if (!page.hasMore) {
        finishSnapshot(this.db, page.head);
        this.options.onSnapshotFinished?.();
        return;
      }
    }
  }

  private async pull(): Promise<void> {
    if (this.options.snapshot !== false) {
      const position = loadSnapshotPosition(this.db);
      if (position !== null || loadCursor(this.db) === '0') await this.bootstrap(position);
    } else {
      // A bootstrap left unfinished is given up for the change log from 0: the indexes it dropped come back first.
      restoreDeferredIndexes(this.db, loadSnapshotPosition(this.db));
    }
    let next = this.fetchPage(loadCursor(this.db));
    for (;;) {
      const page = await next;
      if (page.hasMore) {
        // The next page is asked for before this one is applied, so the server's query and the transfer
        // overlap the desk's writes (a large initial sync would otherwise wait for each in turn). Its cursor
        // is the one this page stores; if applying fails, the answer is dropped with it.
        next = this.fetchPage(page.nextCursor);
        next.catch(() => undefined);
        await new Promise((resolve) => setImmediate(resolve)); // let the request go out before the writes
      }
      applyPage(this.db, this.options.desk.filesDir, page.changes, page.nextCursor, this.today());
      if (!page.hasMore) return;
    }
  }

  /** The delay before the next scheduled sync: the interval, or backoff with full jitter after failures. */
  nextDelayMs(): number {
    const interval = this.options.intervalMs ?? 30_000;
    if (this.failures === 0) return interval;
    const cap = this.options.maxBackoffMs ?? 5 * 60_000;
    const base = Math.min(cap, 1000 * 2 ** Math.min(this.failures - 1, 20));
    return Math.max(250, Math.floor(base / 2 + (this.random() * base) / 2));
  }

  /** Starts the schedule and the event stream. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      void this.syncNow().then(() => {
        if (this.stopped || this.updateRequired) return;
        this.timer = setTimeout(loop, this.nextDelayMs());
      });
    };
    loop();
    void this.listen();
  }

  /** Settles when no sync is running (e.g. before the desk database is closed after stop()). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.events?.abort();
    this.events = null;
  }

  /** Follows the server's event stream, syncing at once on each nudge; reconnects with backoff. */
  private async listen(): Promise<void> {
    let attempt = 0;
    while (!this.stopped && !this.updateRequired) {
      const controller = new AbortController();
      this.events = controller;
      try {
        const res = await this.fetch(`${this.options.baseUrl}/sync/events?protocolVersion=${SYNC_PROTOCOL_VERSION}`, {
          headers: { authorization: `Bearer ${await this.options.accessToken()}`, accept: 'text/event-stream' },
          signal: controller.signal,
        });
        if (res.status === UPDATE_REQUIRED_STATUS) {
          this.updateRequired = true;
          return;
        }
        if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
        attempt = 0;
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            // A nudge already read when stop() came must not start a sync: the desk may be closing.
            if (message.includes('event: changed') && !this.stopped) void this.syncNow();
          }
        }
      } catch {
        if (this.stopped) return;
      }
      attempt++;
      const wait = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)) * (0.5 + this.random() / 2);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
