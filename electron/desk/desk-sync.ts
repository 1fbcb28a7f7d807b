// The desk's side of the central server, run inside the desk core (browser-mode host or Electron's utility
// process): the signed-in user's server session (access token refreshed before it expires, refresh token kept
// in a TokenVault), the sync agent (db/sqlite/sync/agent.ts: every 30 s, on demand, on the server's nudge), and
// the reference data refreshed after each successful sync (cheap: the server answers 304 while it is unchanged).
import type Database from 'better-sqlite3';
import { countPendingOutbox, stmt } from '../../db/sqlite/index.js';
import { SyncAgent, type SyncStatus as AgentStatus } from '../../db/sqlite/sync/agent.js';
import type { Clock } from '../../shared/app/ports.js';
import type { SyncRejection, SyncStatus } from '../../shared/contracts/desk-api.js';
import { ServerRefused, ServerUnreachable, type ReferenceDocument, type ServerClient } from './server-client.js';
import type { StoredTokens, TokenVault } from './token-vault.js';

/** An access token this close to expiry is refreshed first, so a request never carries a dead one. */
const REFRESH_MARGIN_MS = 60_000;

export class NoServerSession extends Error {
  override name = 'NoServerSession';
}

export interface DeskSyncOptions {
  readonly desk: { readonly db: Database.Database; readonly filesDir: string };
  readonly client: ServerClient;
  readonly vault: TokenVault;
  readonly clock: Clock;
  readonly nowMs: () => number;
  readonly fetch?: typeof fetch;
  readonly intervalMs?: number;
  readonly random?: () => number;
  /** Called with each reference document the server sends (not when it answers "unchanged"). */
  readonly onReference: (doc: ReferenceDocument, etag: string | null) => void;
  readonly referenceEtag: () => string | null;
  /** Called whenever the status may have changed (after each sync attempt). */
  readonly onChange?: () => void;
  /** Called when a first sync (bootstrap) has ended: its search documents wait for the background build. */
  readonly onSnapshotFinished?: () => void;
}

export class DeskSync {
  private agent: SyncAgent | null = null;
  private userId: string | null = null;
  private refreshing: Promise<string> | null = null;
  private referenceRefresh: Promise<void> | null = null;
  private lastAgentStatus: AgentStatus | null = null;
  private syncing = false;
  private sessionEndedMessage: string | null = null;

  /** The session's tokens as last saved: they stay usable in this process even if the vault refuses them. */
  private memory: StoredTokens | null = null;

  constructor(private readonly options: DeskSyncOptions) {}

  private async saveTokens(tokens: StoredTokens): Promise<void> {
    this.memory = tokens;
    try {
      await this.options.vault.save(tokens);
    } catch (e) {
      // e.g. Electron with no OS keychain: sync goes on while the desk runs; after a restart it needs an online
      // sign-in again.
      console.warn(`desk: the server session is kept in memory only: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async loadTokens(): Promise<StoredTokens | null> {
    return this.memory ?? (await this.options.vault.load().catch(() => null));
  }

  private async clearTokens(): Promise<void> {
    this.memory = null;
    await this.options.vault.clear().catch((e: unknown) => {
      console.warn(
        `desk: the stored server session could not be cleared: ${e instanceof Error ? e.message : String(e)}`,
      );
    });
  }

  get client(): ServerClient {
    return this.options.client;
  }

  /** Keeps the tokens of a fresh online sign-in and starts syncing as that user. */
  async startOnline(tokens: StoredTokens): Promise<void> {
    await this.saveTokens(tokens);
    this.start(tokens.userId);
  }

  /**
   * After an offline sign-in: sync goes on only if the vault still holds an unexpired session of the same user
   * (from an earlier online sign-in); otherwise it waits for an online sign-in. True when syncing.
   */
  async resume(userId: string): Promise<boolean> {
    const t = await this.loadTokens();
    if (!t || t.userId !== userId || Date.parse(t.refreshTokenExpiresAt) <= this.options.nowMs()) {
      this.userId = userId;
      return false;
    }
    this.start(userId);
    return true;
  }

  private start(userId: string): void {
    this.agent?.stop();
    this.userId = userId;
    this.sessionEndedMessage = null;
    this.lastAgentStatus = null;
    const agent = new SyncAgent({
      desk: this.options.desk,
      baseUrl: this.options.client.baseUrl,
      accessToken: () => this.accessToken(),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      ...(this.options.intervalMs === undefined ? {} : { intervalMs: this.options.intervalMs }),
      ...(this.options.random ? { random: this.options.random } : {}),
      nowIso: () => this.options.clock.nowIso(),
      today: () => this.options.clock.today(),
      sessionUserId: () => this.userId,
      ...(this.options.onSnapshotFinished ? { onSnapshotFinished: this.options.onSnapshotFinished } : {}),
      onStatus: (s) => {
        this.lastAgentStatus = s;
        if (s.online) void this.refreshReference().catch(() => undefined);
        this.options.onChange?.();
      },
    });
    this.agent = agent;
    agent.start();
  }

  /**
   * Stops syncing (sign-out, shutdown). Null when no agent was running; else settles when the sync under way,
   * if any, has finished.
   */
  stop(): Promise<void> | null {
    const agent = this.agent;
    agent?.stop();
    if (this.nudgeTimer) clearTimeout(this.nudgeTimer);
    this.nudgeTimer = null;
    this.agent = null;
    this.userId = null;
    this.lastAgentStatus = null;
    return agent ? agent.idle() : null;
  }

  get running(): boolean {
    return this.agent !== null;
  }

  /** The outbox's last sequence number (the primary key, so this costs nothing): tells a call that queued work. */
  outboxHead(): number {
    return stmt<[], { seq: number | null }>(this.options.desk.db, 'SELECT max(seq) AS seq FROM outbox').get()?.seq ?? 0;
  }

  private nudgeTimer: ReturnType<typeof setTimeout> | null = null;

  /** A sync shortly, once a burst of changes has settled (a command often follows another within moments). */
  nudge(delayMs = 300): void {
    if (!this.agent || this.nudgeTimer) return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = null;
      void this.agent?.syncNow().catch(() => undefined);
    }, delayMs);
    this.nudgeTimer.unref?.();
  }

  /** The access token, refreshed (and the new pair stored) when it is about to expire. */
  async accessToken(): Promise<string> {
    const t = await this.loadTokens();
    if (!t || t.userId !== this.userId) throw new NoServerSession('sign in online to sync');
    if (Date.parse(t.accessTokenExpiresAt) - this.options.nowMs() > REFRESH_MARGIN_MS) return t.accessToken;
    // One refresh at a time: refresh tokens rotate, and the server ends a session whose old token is reused.
    this.refreshing ??= (async () => {
      try {
        const r = await this.options.client.refresh(t.refreshToken);
        await this.saveTokens({
          userId: t.userId,
          accessToken: r.accessToken,
          accessTokenExpiresAt: r.accessTokenExpiresAt,
          refreshToken: r.refreshToken,
          refreshTokenExpiresAt: r.refreshTokenExpiresAt,
        });
        return r.accessToken;
      } catch (e) {
        if (e instanceof ServerRefused && e.status === 401) {
          // The session is over (expired, revoked, or the user deactivated): stop trying with it.
          await this.clearTokens();
          this.sessionEndedMessage = `${e.message} Sign in again while online to resume sync.`;
          this.agent?.stop(); // the cycle under way (which called this) ends by itself
          this.agent = null;
        }
        throw e;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** Revokes the server session when the server can be reached; forgets it locally in every case. */
  async endSession(): Promise<'revoked' | 'not-revoked' | 'none'> {
    const t = await this.loadTokens();
    let outcome: 'revoked' | 'not-revoked' | 'none' = 'none';
    if (t) {
      try {
        const access = t.userId === this.userId ? await this.accessToken() : t.accessToken;
        await this.options.client.logout(access);
        outcome = 'revoked';
      } catch {
        // Offline: the refresh token is forgotten here and expires on the server with its session.
        outcome = 'not-revoked';
      }
    }
    await this.stop();
    await this.clearTokens();
    return outcome;
  }

  /** One push and pull now (and a reference refresh), shared with any sync already running. */
  async syncNow(): Promise<void> {
    if (!this.agent) return;
    this.syncing = true;
    this.options.onChange?.();
    try {
      await this.agent.syncNow();
      await this.referenceRefresh;
    } finally {
      this.syncing = false;
      this.options.onChange?.();
    }
  }

  /** Fetches the reference data (if changed) and hands it on. */
  refreshReference(accessToken?: string): Promise<void> {
    this.referenceRefresh ??= (async () => {
      try {
        const token = accessToken ?? (await this.accessToken());
        const r = await this.options.client.referenceData(token, this.options.referenceEtag());
        if (r) this.options.onReference(r.doc, r.etag);
      } finally {
        this.referenceRefresh = null;
      }
    })();
    return this.referenceRefresh;
  }

  status(signedInUserId: string | null): SyncStatus {
    const db = this.options.desk.db;
    const row = stmt<[], { last_pull_at: string | null; last_error: string | null }>(
      db,
      'SELECT last_pull_at, last_error FROM sync_state WHERE singleton = 1',
    ).get();
    const a = this.lastAgentStatus;
    const waitingForOthers = signedInUserId
      ? (stmt<[string], { n: number }>(
          db,
          "SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending') AND actor_id <> ?",
        ).get(signedInUserId)?.n ?? 0)
      : 0;
    const needsOnlineSignIn = signedInUserId !== null && this.agent === null;
    return {
      mode: this.agent && a?.online ? 'online' : 'offline',
      serverConfigured: true,
      serverUrl: this.options.client.baseUrl,
      waitingChanges: countPendingOutbox(db),
      waitingForOthers,
      lastSyncAt: a?.lastSuccessfulSync ?? row?.last_pull_at ?? null,
      rejections: countRejections(db),
      lastError: needsOnlineSignIn
        ? (this.sessionEndedMessage ?? 'Signed in offline: sync resumes after an online sign-in on this desk.')
        : a?.lastError
          ? plainError(a.online, a.lastError)
          : null,
      syncing: this.syncing,
      updateRequired: a?.updateRequired ?? false,
      needsOnlineSignIn,
    };
  }
}

/** The agent's last error as a sentence for the title bar's panel (the technical detail kept in brackets). */
function plainError(online: boolean, error: string): string {
  if (!online) return `The central server cannot be reached; changes wait here until it can (${error}).`;
  return `The central server answered with an error; the desk will try again (${error}).`;
}

export function countRejections(db: Database.Database): number {
  return stmt<[], { n: number }>(db, "SELECT count(*) AS n FROM outbox WHERE status = 'rejected'").get()?.n ?? 0;
}

/** Plain-English reasons for the server's rejection codes (shared/contracts/sync.ts), when it sent no message. */
const REASONS: Record<string, string> = {
  forbidden: 'Your role does not allow this change.',
  'forged-actor': 'This change was made by another user and can only be sent in their own session.',
  'illegal-transition': 'The case had already moved on, so this step no longer applies.',
  'guard-failed': 'A rule of the complaints procedure did not allow this change.',
  conflict: 'Someone else changed this record first.',
  'invalid-input': 'The server found the change incomplete or invalid.',
  'clock-skew': 'This computer’s clock is ahead of the server’s; correct the date and time.',
  'not-found': 'The record this change refers to is not known to the server.',
};

/** The server's refusals, newest first, with plain-English reasons. */
export function listRejections(db: Database.Database, limit = 100): SyncRejection[] {
  return stmt<
    [number],
    {
      mutation_id: string;
      use_case: string;
      last_error: string | null;
      created_at: string;
      acknowledged_at: string | null;
      actor_id: string;
    }
  >(
    db,
    `SELECT mutation_id, use_case, last_error, created_at, acknowledged_at, actor_id FROM outbox
     WHERE status = 'rejected' ORDER BY seq DESC LIMIT ?`,
  )
    .all(limit)
    .map((r) => {
      // The agent stores "<reason code>: <server's message>".
      const text = r.last_error ?? '';
      const cut = text.indexOf(': ');
      const code = cut >= 0 ? text.slice(0, cut) : text || 'rejected';
      const message = cut >= 0 ? text.slice(cut + 2).trim() : '';
      return {
        mutationId: r.mutation_id,
        useCase: r.use_case,
        code,
        reason: message || REASONS[code] || 'The server did not accept this change.',
        madeAt: r.created_at,
        at: r.acknowledged_at,
        actorId: r.actor_id,
      };
    });
}

export { ServerRefused, ServerUnreachable };
