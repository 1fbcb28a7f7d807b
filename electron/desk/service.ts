// The desk service: one desk database (one per desk profile, under a data directory), the use cases'
// dependencies over it, and every DeskApi method for the signed-in actor. It runs in plain Node: Electron
// hosts it in a utility process, the browser mode in its own Node process. Every call's payload is checked
// against the contract here too, and every failure comes back as a value, never as a thrown error.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  breaching,
  caseDetail,
  checkpointDesk,
  countPendingOutbox,
  getDeskIdentity,
  myWork,
  openDeskDatabase,
  search,
  SearchIndexBuilder,
  stmt,
  type DeskDatabase,
  type DeskIdentity,
} from '../../db/sqlite/index.js';
import { createDeskDeps, systemClock } from '../../db/sqlite/desk-core.js';
import { can, type Permission } from '../../shared/app/permissions.js';
import type { Actor, Clock, DeskSettings, Role, UseCaseDeps } from '../../shared/app/ports.js';
import {
  addNote,
  assignComplaint,
  complaintCommand,
  convertToComplaint,
  logContact,
  resolveEnquiry,
} from '../../shared/app/use-cases.js';
import type { UseCaseResult } from '../../shared/app/result.js';
import { addCalendarDays, dayOfWeek, type IsoDate } from '../../shared/domain/dates.js';
import { availableCommands, runningDeadlines } from '../../shared/domain/lifecycle/transitions.js';
import type { CaseRecord } from '../../shared/domain/lifecycle/types.js';
import { findProfile } from '../../shared/domain/profiles/registry.js';
import {
  PUBLIC_METHODS,
  isDeskApiMethod,
  validateDeskApiInput,
  type DESK_API,
  type DeskApiError,
  type DeskApiMethod,
  type DeskApiOutputs,
  type DeskApiResult,
  type Session,
} from '../../shared/contracts/desk-api.js';
import type { z } from 'zod';
import { checkVerifier, Lockout, type LockoutPolicy } from './credentials.js';
import { DeskSync, listRejections } from './desk-sync.js';
import { signInOnline } from './online-sign-in.js';
import { applyReferenceData, readCachedReference, settingsOf, writeCachedReference } from './reference-sync.js';
import { ServerClient } from './server-client.js';
import { FileTokenVault, type TokenVault } from './token-vault.js';
import { DEMO_ORGANISATION, DEMO_USERS } from './demo.js';
import { letterHandlers } from './letters.js';
import { mergeHandlers } from './merge.js';
import { workspaceHandlers } from './workspace.js';
import { remedyHandlers } from './remedies.js';
import { contactHandlers } from './contacts.js';
import { deskCalendar, teamQueuePage, workCounts } from '../../db/sqlite/index.js';

export interface DeskServiceOptions {
  /** Where desk databases live: `<dataDir>/desks/<profile>/desk.db`. */
  readonly dataDir: string;
  /** The desk profile (one database each), e.g. `default`. */
  readonly profile?: string;
  readonly settings?: DeskSettings;
  readonly clock?: Clock;
  readonly nowMs?: () => number;
  readonly lockout?: LockoutPolicy;
  /** How long after the last call the WAL is checkpointed (default 3 s). */
  readonly idleCheckpointMs?: number;
  // ---- the central server (absent: a local-only desk) ----
  /** e.g. http://127.0.0.1:8787; otherwise the one the desk was enrolled with, if any. */
  readonly serverUrl?: string;
  /** Where the server session's tokens are kept (default: a 0600 file beside the desk database). */
  readonly tokenVault?: TokenVault;
  readonly fetch?: typeof fetch;
  /** The scheduled sync's interval (default 30 s). */
  readonly syncIntervalMs?: number;
  /** For the sync agent's backoff jitter (tests pass a seeded one). */
  readonly random?: () => number;
  /** The name this desk is registered under when an administrator enrols it (default: "Desk <profile>"). */
  readonly deskName?: string;
}

export const DEFAULT_SETTINGS: DeskSettings = { region: 'england-and-wales', profileAssignments: [] };

const PROFILE_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

export function deskDatabasePath(dataDir: string, profile = 'default'): string {
  if (!PROFILE_NAME.test(profile)) throw new RangeError(`desk profile must be a-z, 0-9 and -: '${profile}'`);
  return path.join(dataDir, 'desks', profile, 'desk.db');
}

type Input<M extends DeskApiMethod> = z.output<(typeof DESK_API)[M]>;
type Handler<M extends DeskApiMethod> = (
  input: Input<M>,
) => DeskApiResult<DeskApiOutputs[M]> | Promise<DeskApiResult<DeskApiOutputs[M]>>;

const ok = <T>(value: T): DeskApiResult<T> => ({ ok: true, value });
const err = <T = never>(error: DeskApiError): DeskApiResult<T> => ({ ok: false, error });

function fromUseCase<T>(r: UseCaseResult<T>): DeskApiResult<T> {
  return r.ok ? r : err(r.error);
}

const ONE_OF_US = "That email and password don't match anyone who has signed in on this desk before.";

const IDLE_CHECKPOINT_MS = 3_000;

export class DeskService {
  readonly desk: DeskDatabase;
  private deps: UseCaseDeps | null = null;
  private actor: Actor | null = null;
  private session: Session | null = null;
  private readonly lockout: Lockout;
  private readonly clock: Clock;
  private settings: DeskSettings;
  /** Null on a local-only desk (no central server configured). */
  private readonly sync: DeskSync | null;
  private readonly syncListeners = new Set<(s: DeskApiOutputs['syncStatus']) => void>();
  private referenceEtag: string | null = null;
  /** Indexes in the background what a first sync registered (or a crash left pending); see search-builder.ts. */
  private readonly searchIndex: SearchIndexBuilder;

  private constructor(
    desk: DeskDatabase,
    private readonly options: DeskServiceOptions,
  ) {
    this.desk = desk;
    this.clock = options.clock ?? systemClock;
    this.settings = options.settings ?? DEFAULT_SETTINGS;
    this.lockout = new Lockout(options.lockout, options.nowMs);
    this.searchIndex = new SearchIndexBuilder(desk.db);
    this.sync = this.makeSync();
    // Carries on with a build a restart interrupted (when none is under way, one key look-up).
    this.searchIndex.start();
  }

  private get deskDir(): string {
    return path.dirname(this.desk.file);
  }

  /** The central server this desk talks to: the one configured now, else the one it was enrolled with. */
  serverUrl(): string | null {
    return this.options.serverUrl ?? this.identity()?.serverUrl ?? null;
  }

  private makeSync(): DeskSync | null {
    const identity = this.identity();
    const serverUrl = this.serverUrl();
    if (!serverUrl) return null;
    if (identity && identity.serverUrl === null) {
      throw new Error(
        `this desk (${this.desk.file}) was set up without a central server (${identity.organisationKey}); ` +
          'it cannot join one: use another data directory or desk profile',
      );
    }
    const referenceFile = path.join(this.deskDir, 'reference-data.json');
    const cached = readCachedReference(referenceFile);
    if (cached) {
      this.referenceEtag = cached.etag;
      if (!this.options.settings) this.settings = settingsOf(cached.doc);
    }
    const nowMs = this.options.nowMs ?? Date.now;
    return new DeskSync({
      desk: this.desk,
      client: new ServerClient({ baseUrl: serverUrl, ...(this.options.fetch ? { fetch: this.options.fetch } : {}) }),
      vault: this.options.tokenVault ?? new FileTokenVault(path.join(this.deskDir, 'server-tokens.json')),
      clock: this.clock,
      nowMs,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      ...(this.options.syncIntervalMs === undefined ? {} : { intervalMs: this.options.syncIntervalMs }),
      ...(this.options.random ? { random: this.options.random } : {}),
      referenceEtag: () => this.referenceEtag,
      onReference: (doc, etag) => {
        applyReferenceData(this.desk.db, doc);
        writeCachedReference(referenceFile, { etag, doc });
        this.referenceEtag = etag;
        if (!this.options.settings) {
          this.settings = settingsOf(doc);
          this.deps = null; // the use cases pick up the new settings
        }
      },
      onChange: () => this.emitSyncStatus(),
      onSnapshotFinished: () => this.searchIndex.start(),
    });
  }

  /** The sync status as the title bar shows it; also for the Electron shell's tray. */
  syncStatusNow(): DeskApiOutputs['syncStatus'] {
    if (this.sync) return this.sync.status(this.actor?.userId ?? null);
    const s = stmt<[], { last_push_at: string | null }>(this.desk.db, 'SELECT last_push_at FROM sync_state').get();
    return {
      mode: 'local-only',
      serverConfigured: false,
      serverUrl: null,
      waitingChanges: countPendingOutbox(this.desk.db),
      waitingForOthers: 0,
      lastSyncAt: s?.last_push_at ?? null,
      rejections: 0,
      lastError: null,
      syncing: false,
      updateRequired: false,
      needsOnlineSignIn: false,
    };
  }

  /** Calls `listener` after each sync attempt with the new status; returns the unsubscribe function. */
  onSyncStatus(listener: (s: DeskApiOutputs['syncStatus']) => void): () => void {
    this.syncListeners.add(listener);
    return () => this.syncListeners.delete(listener);
  }

  private emitSyncStatus(): void {
    if (this.syncListeners.size === 0) return;
    const s = this.syncStatusNow();
    for (const l of this.syncListeners) l(s);
  }

  static open(options: DeskServiceOptions): DeskService {
    const file = deskDatabasePath(options.dataDir, options.profile);
    mkdirSync(path.dirname(file), { recursive: true });
    return new DeskService(openDeskDatabase(file), options);
  }

  identity(): DeskIdentity | null {
    return getDeskIdentity(this.desk.db);
  }

  /** Closes the desk database: now, or (when a sync is under way) as soon as it has finished. */
  close(): void {
    void this.closeAsync();
  }

  /** Settles when the desk database is closed; a sync under way finishes first, never writing to a closed one. */
  closeAsync(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.searchIndex.stop();
    const running = this.sync?.stop() ?? null;
    if (!running) {
      this.desk.close();
      return Promise.resolve();
    }
    return running.then(() => this.desk.close());
  }

  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * A few seconds after the last call, copy the WAL into the database (db/sqlite checkpointDesk), so a commit
   * while the agent is on the phone never pays for the checkpoint.
   */
  private scheduleIdleCheckpoint(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      try {
        checkpointDesk(this.desk.db);
      } catch (e) {
        console.error('desk: idle checkpoint failed', e);
      }
    }, this.options.idleCheckpointMs ?? IDLE_CHECKPOINT_MS);
    this.idleTimer.unref?.();
  }

  private useCaseDeps(): UseCaseDeps {
    this.deps ??= createDeskDeps(this.desk, {
      settings: this.settings,
      clock: this.clock,
      ...(this.options.nowMs ? { nowMs: this.options.nowMs } : {}),
    });
    return this.deps;
  }

  private today(): IsoDate {
    return this.clock.today();
  }

  /** The one entry point both hosts use: method name and payload from outside, checked here. */
  async call(method: string, input: unknown): Promise<DeskApiResult<unknown>> {
    if (!isDeskApiMethod(method)) return err({ code: 'unknown-method', message: `no DeskApi method '${method}'` });
    const valid = validateDeskApiInput(method, input);
    if (!valid.ok) return valid;
    if (!PUBLIC_METHODS.includes(method) && !this.actor) {
      return err({ code: 'unauthenticated', message: 'sign in first' });
    }
    try {
      const handler = this.handlers[method] as Handler<typeof method>;
      const outboxBefore = this.sync?.running ? this.sync.outboxHead() : null;
      const result = await handler(valid.value as never);
      this.scheduleIdleCheckpoint();
      // A change was queued: send it soon rather than at the next scheduled sync.
      if (outboxBefore !== null && this.sync && this.sync.outboxHead() !== outboxBefore) this.sync.nudge();
      return result;
    } catch (e) {
      console.error(`desk: ${method} failed`, e);
      return err({ code: 'internal', message: 'Something went wrong on this desk; your input was not saved.' });
    }
  }

  private get me(): Actor {
    if (!this.actor) throw new Error('no signed-in actor');
    return this.actor;
  }

  private denied(permission: Permission): DeskApiResult<never> | null {
    return can(this.me, permission)
      ? null
      : err({ code: 'forbidden', message: `your role may not ${permission.replace(/-/g, ' ')}` });
  }

  private readonly handlers: { [M in DeskApiMethod]: Handler<M> } = {
    ...mergeHandlers({ desk: () => this.desk, deps: () => this.useCaseDeps(), me: () => this.me }),
    ...letterHandlers({
      desk: () => this.desk,
      clock: () => this.clock,
      deps: () => this.useCaseDeps(),
      me: () => this.me,
    }),
    ...remedyHandlers({
      desk: () => this.desk,
      clock: () => this.clock,
      deps: () => this.useCaseDeps(),
      me: () => this.me,
    }),
    ...workspaceHandlers({
      desk: () => this.desk,
      clock: () => this.clock,
      deps: () => this.useCaseDeps(),
      me: () => this.me,
    }),
    ...contactHandlers({ desk: () => this.desk, me: () => this.me }),
    signIn: (i) => this.signIn(i.email, i.password),
    signOut: async () => {
      this.actor = null;
      this.session = null;
      // Revokes the server session (its refresh token) when the server can be reached.
      if (this.sync) await this.sync.endSession();
      return ok(null);
    },
    session: () => ok(this.session),
    deskInfo: () => {
      const identity = this.identity();
      return ok({
        enrolled: identity !== null,
        deskName: identity?.displayName ?? null,
        serverUrl: this.serverUrl(),
        demoSignIns:
          identity?.organisationKey === DEMO_ORGANISATION
            ? DEMO_USERS.map((u) => ({ email: u.email, password: u.password, roles: u.roles }))
            : [],
      });
    },
    referenceData: () => ok(this.referenceData()),
    logContact: (i) => fromUseCase(logContact(this.useCaseDeps(), this.me, i)),
    resolveEnquiry: (i) => fromUseCase(resolveEnquiry(this.useCaseDeps(), this.me, i)),
    convertToComplaint: (i) => fromUseCase(convertToComplaint(this.useCaseDeps(), this.me, i)),
    complaintCommand: (i) => fromUseCase(complaintCommand(this.useCaseDeps(), this.me, i)),
    addNote: (i) => fromUseCase(addNote(this.useCaseDeps(), this.me, i)),
    assignComplaint: (i) => fromUseCase(assignComplaint(this.useCaseDeps(), this.me, i)),
    assignMany: (i) => {
      const denied = this.denied('assign');
      if (denied) return denied;
      const failed: { complaintId: string; message: string }[] = [];
      let assigned = 0;
      for (const complaintId of i.complaintIds) {
        const r = assignComplaint(this.useCaseDeps(), this.me, { complaintId, assigneeId: i.assigneeId });
        if (r.ok) assigned++;
        else failed.push({ complaintId, message: r.error.message });
      }
      return ok({ assigned, failed });
    },
    myWork: (i) =>
      ok(
        myWork(this.desk.db, {
          assigneeId: this.me.userId,
          today: this.today(),
          after: i.after ?? null,
          limit: i.limit,
        }),
      ),
    workCounts: () => ok(workCounts(this.desk.db, this.me.userId, this.today(), endOfWeek(this.today()))),
    teamQueue: (i) => {
      const teamId = i.teamId ?? this.me.teamId;
      if (!teamId) return err({ code: 'not-found', message: 'you are not in a team; choose one' });
      if (teamId !== this.me.teamId && !this.me.roles.some((r) => r === 'manager' || r === 'administrator')) {
        return err({ code: 'forbidden', message: "only managers may see another team's queue" });
      }
      return ok(
        teamQueuePage(this.desk.db, {
          teamId,
          today: this.today(),
          endOfWeek: endOfWeek(this.today()),
          after: i.after ?? null,
          limit: i.limit ?? 200,
          filter: i.filter ?? {},
        }),
      );
    },
    breaching: (i) => {
      const today = this.today();
      const onOrBefore = i.within === 'today' ? today : endOfWeek(today);
      const scope =
        i.scope === 'me'
          ? { assigneeId: this.me.userId }
          : i.scope === 'team' && this.me.teamId
            ? { teamId: this.me.teamId }
            : {};
      return ok(breaching(this.desk.db, { onOrBefore, today, ...scope }));
    },
    caseDetail: (i) => this.caseDetail(i.complaintId),
    availableCommands: (i) => {
      const row = stmt<[string], { state_json: string; region: string }>(
        this.desk.db,
        'SELECT state_json, region FROM complaints WHERE id = ?',
      ).get(i.complaintId);
      if (!row) return err({ code: 'not-found', message: 'no such complaint on this desk' });
      const state = JSON.parse(row.state_json) as CaseRecord;
      const profile = findProfile(state.profileId);
      if (!profile) return err({ code: 'not-found', message: `profile ${state.profileId} is not known to this desk` });
      const list = availableCommands(state, { profile, calendar: deskCalendar(this.desk.db, state.region) });
      return ok(
        list.map((c) => {
          const permission = c.type as Permission;
          if (c.allowed && permission in PERMISSIONS_OF && !can(this.me, permission)) {
            return { type: c.type, allowed: false, reason: `your role (${this.me.roles.join(', ')}) may not do this` };
          }
          return c;
        }),
      );
    },
    search: (i) =>
      ok({ hits: search(this.desk.db, i.query, { limit: i.limit ?? 20 }), indexing: this.searchIndex.progress() }),
    syncStatus: () => ok(this.syncStatusNow()),
    syncNow: async () => {
      await this.sync?.syncNow();
      return ok(this.syncStatusNow());
    },
    syncRejections: (i) => ok(listRejections(this.desk.db, i.limit ?? 100)),
  };

  private async signIn(email: string, password: string): Promise<DeskApiResult<Session>> {
    const serverUrl = this.serverUrl();
    // Set when the central server could not be reached and the cached verifier stands in: a refusal then says so,
    // or an agent whose password changed on the server is told only that it "doesn't match".
    let unreachable = false;
    if (this.sync && serverUrl) {
      // Online first: the server is the authority on passwords and roles; the cached verifier only stands in
      // for it when it cannot be reached.
      if (this.actor) {
        this.actor = null;
        this.session = null;
        await this.sync.endSession();
      }
      const online = await signInOnline(
        {
          db: this.desk.db,
          sync: this.sync,
          serverUrl,
          nowIso: () => this.clock.nowIso(),
          deskName: this.options.deskName ?? `Desk ${this.options.profile ?? 'default'}`,
        },
        email,
        password,
      );
      if (online.kind === 'refused') return err(online.error);
      if (online.kind === 'signed-in') {
        this.deps = null; // a desk enrolled just now has an identity (and maybe settings) it lacked before
        const session = this.startSession(online.userId, 'online');
        if (!session) return err({ code: 'internal', message: 'the signed-in user is not on this desk' });
        await this.sync.startOnline(online.tokens);
        return ok(session);
      }
      console.warn(`desk: online sign-in not possible, trying the cached verifier: ${online.message}`);
      unreachable = true;
      if (!this.identity()) {
        return err({
          code: 'unauthenticated',
          message: `The central server (${serverUrl}) cannot be reached, and this desk is not enrolled yet: an administrator signs in on it once, online, to enrol it.`,
        });
      }
    }
    const identity = this.identity();
    if (!identity) {
      return err({
        code: 'unauthenticated',
        message: 'This desk is not enrolled yet: it needs to be set up online (or with the demo organisation) first.',
      });
    }
    const account = email.trim().toLowerCase();
    const locked = this.lockout.lockedFor(account);
    if (locked > 0) {
      const minutes = Math.ceil(locked / 60_000);
      return err({
        code: 'locked-out',
        message: `Too many wrong passwords. Sign-in for this account is locked on this desk for ${minutes} more minute${minutes === 1 ? '' : 's'}.`,
      });
    }
    const user = stmt<
      [string],
      { id: string; display_name: string; email: string; team_id: string | null; offline_verifier: string | null }
    >(
      this.desk.db,
      'SELECT id, display_name, email, team_id, offline_verifier FROM users WHERE lower(email) = ? AND active = 1',
    ).get(account);
    const good = await checkVerifier(password, user?.offline_verifier ?? null);
    if (!user || !good) {
      const left = this.lockout.fail(account);
      const why = unreachable
        ? `The central server cannot be reached, so the password was checked on this desk. ${ONE_OF_US}`
        : ONE_OF_US;
      return err({
        code: 'unauthenticated',
        message:
          left > 0
            ? `${why} ${left} attempt${left === 1 ? '' : 's'} left before sign-in is locked for a while.`
            : `${why} Sign-in for this account is now locked on this desk for a few minutes.`,
        fields: [{ path: 'password', message: 'wrong email or password' }],
      });
    }
    this.lockout.succeed(account);
    const session = this.startSession(user.id, 'offline-cached');
    if (!session) return err({ code: 'internal', message: 'the signed-in user is not on this desk' });
    // Sync goes on if this user's server session (from an earlier online sign-in) is still valid.
    if (this.sync) await this.sync.resume(user.id);
    return ok(session);
  }

  private startSession(userId: string, method: Session['method']): Session | null {
    const identity = this.identity();
    const user = stmt<[string], { id: string; display_name: string; email: string; team_id: string | null }>(
      this.desk.db,
      'SELECT id, display_name, email, team_id FROM users WHERE id = ?',
    ).get(userId);
    if (!identity || !user) return null;
    const roles = stmt<[string], { role_key: Role }>(this.desk.db, 'SELECT role_key FROM user_roles WHERE user_id = ?')
      .all(user.id)
      .map((r) => r.role_key);
    const team = user.team_id
      ? stmt<[string], { name: string }>(this.desk.db, 'SELECT name FROM teams WHERE id = ?').get(user.team_id)
      : undefined;
    this.actor = { userId: user.id, roles, teamId: user.team_id, deskId: identity.deskId };
    this.session = {
      userId: user.id,
      displayName: user.display_name,
      email: user.email,
      roles,
      teamId: user.team_id,
      teamName: team?.name ?? null,
      deskId: identity.deskId,
      deskCode: identity.deskCode,
      deskName: identity.displayName,
      organisationKey: identity.organisationKey,
      signedInAt: this.clock.nowIso(),
      method,
    };
    return this.session;
  }

  private referenceData(): DeskApiOutputs['referenceData'] {
    const db = this.desk.db;
    const roles = new Map<string, Role[]>();
    for (const r of stmt<[], { user_id: string; role_key: Role }>(
      db,
      'SELECT user_id, role_key FROM user_roles',
    ).all()) {
      roles.set(r.user_id, [...(roles.get(r.user_id) ?? []), r.role_key]);
    }
    return {
      categories: stmt<[], { key: string; name: string; business_area_key: string | null }>(
        db,
        'SELECT key, name, business_area_key FROM categories WHERE active = 1 ORDER BY name',
      )
        .all()
        .map((c) => ({ key: c.key, name: c.name, businessAreaKey: c.business_area_key })),
      businessAreas: stmt<[], { key: string; name: string; owner_user_id: string | null }>(
        db,
        'SELECT key, name, owner_user_id FROM business_areas WHERE active = 1 ORDER BY name',
      )
        .all()
        .map((a) => ({ key: a.key, name: a.name, ownerUserId: a.owner_user_id })),
      teams: stmt<[], { id: string; name: string }>(
        db,
        'SELECT id, name FROM teams WHERE active = 1 ORDER BY name',
      ).all(),
      users: stmt<[], { id: string; display_name: string; team_id: string | null }>(
        db,
        'SELECT id, display_name, team_id FROM users WHERE active = 1 ORDER BY display_name',
      )
        .all()
        .map((u) => ({ id: u.id, displayName: u.display_name, teamId: u.team_id, roles: roles.get(u.id) ?? [] })),
      today: this.today(),
    };
  }

  private caseDetail(complaintId: string): DeskApiResult<DeskApiOutputs['caseDetail']> {
    const today = this.today();
    const d = caseDetail(this.desk.db, { complaintId, today });
    if (!d) return err({ code: 'not-found', message: 'no such complaint on this desk' });
    const state = d.complaint.state as CaseRecord;
    const profile = findProfile(state.profileId);
    const calendar = deskCalendar(this.desk.db, state.region);
    const running = profile
      ? runningDeadlines(state, { profile, calendar }).map((r) => ({
          ...r,
          workingDaysLeft: calendar.workingDaysLeft(today, r.due),
        }))
      : [];
    const names = new Map(
      stmt<[], { id: string; display_name: string }>(this.desk.db, 'SELECT id, display_name FROM users')
        .all()
        .map((u) => [u.id, u.display_name]),
    );
    const correspondence = stmt<[string], Record<string, unknown>>(
      this.desk.db,
      'SELECT * FROM correspondence WHERE complaint_id = ? ORDER BY occurred_at',
    ).all(complaintId);
    return ok({
      ...d,
      complaint: d.complaint as DeskApiOutputs['caseDetail']['complaint'],
      profileName: profile?.name ?? state.profileId,
      running,
      correspondence,
      timeline: d.timeline.map((t) => ({ ...t, actorName: t.actorId ? (names.get(t.actorId) ?? null) : null })),
    });
  }
}

/** Permissions that are also lifecycle command names (the ones availableCommands can refine by role). */
const PERMISSIONS_OF: Record<string, true> = {
  accept: true,
  refuse: true,
  acknowledge: true,
  extend: true,
  respond: true,
  'request-escalation': true,
  'refuse-escalation': true,
  close: true,
  withdraw: true,
  reopen: true,
  'resolve-enquiry': true,
  'convert-to-complaint': true,
};

/** The Friday of this working week; at the weekend, of the week ahead: "due this week". */
export function endOfWeek(today: IsoDate): IsoDate {
  const dow = dayOfWeek(today); // 0 = Sunday
  return addCalendarDays(today, dow === 6 ? 6 : 5 - dow);
}
