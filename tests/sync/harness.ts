// A world for sync tests: a real PostgreSQL (tests/server/postgres.ts), the server built by buildServer with
// a manual clock, an organisation with a team and users, and desks on real SQLite files in a temp dir, each
// with its own manual clock and a SyncAgent talking to the server through `inject` (a fetch adapter that can
// be cut to simulate a partition).
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/postgres/db.js';
import { migrate } from '../../db/postgres/migrations.js';
import { openPgDb } from '../../db/postgres/pg-db.js';
import { createDeskDeps } from '../../db/sqlite/desk-core.js';
import {
  enrolDesk,
  openDeskDatabase,
  upsertBusinessArea,
  upsertTeam,
  upsertUser,
  type DeskDatabase,
} from '../../db/sqlite/index.js';
import { SyncAgent } from '../../db/sqlite/sync/agent.js';
import type { Actor, Clock, Role, UseCaseDeps } from '../../shared/app/ports.js';
import { SYNC_TABLES, type SyncTable } from '../../shared/app/sync-rows.js';
import { USE_CASES, type UseCaseName } from '../../shared/app/use-cases.js';
import type { UseCaseResult } from '../../shared/app/result.js';
import type { IsoDate } from '../../shared/domain/dates.js';
import {
  ADMIN,
  START_MS,
  call,
  json,
  login,
  makeServer,
  seedAdmin,
  type Session,
  type TestServer,
} from '../server/helpers.js';
import { startPostgres, type TestPostgres } from '../server/postgres.js';
import { tempDir } from '../db/fixtures.js';

export const PASSWORD = 'a perfectly fine password';
const LONDON = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export interface UserSpec {
  readonly key: string;
  readonly roles: Role[];
  readonly team?: 'A' | 'B' | null;
}

export interface ServerUser {
  readonly id: string;
  readonly email: string;
  readonly roles: Role[];
  readonly teamId: string | null;
}

/** A fetch that goes through app.inject; `link.up = false` makes it fail like an unreachable server. */
export function injectFetch(app: FastifyInstance, link: { up: boolean; loseNext?: boolean }): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    if (!link.up) throw new TypeError('fetch failed: network is down');
    const url = new URL(String(input));
    const res = await app.inject({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url: url.pathname + url.search,
      headers: (init?.headers ?? {}) as Record<string, string>,
      ...(init?.body === undefined ? {} : { payload: init.body as string }),
    });
    if (!link.up || link.loseNext) {
      link.loseNext = false;
      throw new TypeError('fetch failed: connection reset'); // the request was served; its answer is lost
    }
    return new Response(res.body, { status: res.statusCode, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

export class ManualDeskClock implements Clock {
  constructor(public ms: number) {}
  nowIso(): string {
    return new Date(this.ms).toISOString();
  }
  today(): IsoDate {
    return LONDON.format(new Date(this.ms)) as IsoDate;
  }
}

export class TestDesk {
  readonly link = { up: true, loseNext: false };
  agent: SyncAgent;
  deps: UseCaseDeps;
  store: DeskDatabase;
  constructor(
    readonly world: World,
    readonly name: string,
    readonly file: string,
    readonly filesDir: string,
    readonly deskId: string,
    readonly deskCode: string,
    readonly user: ServerUser,
    public session: Session,
    readonly clock: ManualDeskClock,
  ) {
    this.tokenAt = Date.parse(world.server.clock.nowIso());
    this.store = openDeskDatabase(file);
    this.deps = this.makeDeps();
    this.agent = this.makeAgent();
  }
  get actor(): Actor {
    return { userId: this.user.id, roles: this.user.roles, teamId: this.user.teamId, deskId: this.deskId };
  }
  private makeDeps(): UseCaseDeps {
    return createDeskDeps(this.store, {
      settings: { region: 'england-and-wales', profileAssignments: [] },
      clock: this.clock,
      nowMs: () => this.clock.ms,
    });
  }
  private makeAgent(): SyncAgent {
    return new SyncAgent({
      desk: this.store,
      baseUrl: 'http://127.0.0.1',
      accessToken: () => this.token(),
      fetch: injectFetch(this.world.server.app, this.link),
      nowIso: () => this.clock.nowIso(),
      today: () => this.clock.today(),
      random: () => 0.5,
    });
  }
  private tokenAt = Date.now();
  /** The session's access token, signed in again when the server's clock has moved past its lifetime. */
  async token(): Promise<string> {
    const serverNow = Date.parse(this.world.server.clock.nowIso());
    if (serverNow - this.tokenAt > 10 * 60_000 || this.tokenAt > serverNow) {
      this.session = await login(this.world.server.app, this.user.email, PASSWORD, { deskId: this.deskId });
      this.tokenAt = serverNow;
    }
    return this.session.accessToken;
  }
  /** Closes and reopens the desk's database, as a restart of the app would. */
  restart(): void {
    this.agent.stop();
    this.store.close();
    this.store = openDeskDatabase(this.file);
    this.deps = this.makeDeps();
    this.agent = this.makeAgent();
  }
  run<T = unknown>(useCase: UseCaseName, input: unknown, actor: Actor = this.actor): UseCaseResult<T> {
    return USE_CASES[useCase](this.deps, actor, input) as UseCaseResult<T>;
  }
  must<T = Record<string, unknown>>(useCase: UseCaseName, input: unknown): T {
    const r = this.run<T>(useCase, input);
    if (!r.ok) throw new Error(`${useCase} failed: ${JSON.stringify(r.error)}`);
    return r.value;
  }
  sync() {
    return this.agent.syncNow();
  }
  close(): void {
    this.agent.stop();
    this.store.close();
  }
}

/** Canonical tables as sorted lists of rows (only the canonical columns, so desk-local extras are ignored). */
export type Dump = Record<SyncTable, Record<string, unknown>[]>;

export class World {
  server!: TestServer;
  admin!: Session;
  teams: Record<'A' | 'B', string> = { A: '', B: '' };
  users = new Map<string, ServerUser>();
  /** Business areas (reference data): on the server, and on every desk added after them. */
  areas: { key: string; name: string; ownerUserId: string | null }[] = [];
  desks: TestDesk[] = [];
  private tmp = tempDir('sync-');
  private n = 0;

  constructor(readonly db: Db) {}

  /** On a database of the test PostgreSQL, or on the one `open` gives (PGlite). */
  static async create(pg: TestPostgres | (() => Promise<Db>), users: readonly UserSpec[]): Promise<World> {
    const db = typeof pg === 'function' ? await pg() : openPgDb({ connectionString: await pg.createDatabase() });
    await migrate(db);
    const w = new World(db);
    w.server = await makeServer(db, { logger: false });
    await seedAdmin(db, w.server.clock);
    w.admin = await login(w.server.app, ADMIN.email, ADMIN.password);
    for (const t of ['A', 'B'] as const) {
      const res = await call(w.server.app, w.admin, 'POST', '/admin/teams', { name: `Team ${t}` });
      w.teams[t] = json<{ team: { id: string } }>(res).team.id;
    }
    for (const u of users) {
      const email = `${u.key}@example.org`;
      const teamId = u.team === null ? null : w.teams[u.team ?? 'A'];
      const res = await call(w.server.app, w.admin, 'POST', '/admin/users', {
        email,
        displayName: u.key,
        teamId,
        roles: u.roles,
        password: PASSWORD,
      });
      if (res.statusCode !== 201) throw new Error(res.body);
      w.users.set(u.key, { id: json<{ user: { id: string } }>(res).user.id, email, roles: u.roles, teamId });
    }
    return w;
  }

  user(key: string): ServerUser {
    const u = this.users.get(key);
    if (!u) throw new Error(`no user ${key}`);
    return u;
  }

  /** A business area on the server, owned by the named user; desks added later have it too. */
  async addBusinessArea(key: string, name: string, ownerKey: string | null): Promise<void> {
    const ownerUserId = ownerKey === null ? null : this.user(ownerKey).id;
    const res = await call(this.server.app, this.admin, 'PUT', `/admin/business-areas/${key}`, { name, ownerUserId });
    if (res.statusCode !== 200) throw new Error(res.body);
    this.areas.push({ key, name, ownerUserId });
  }

  async addDesk(userKey: string, skewMs = 0): Promise<TestDesk> {
    const user = this.user(userKey);
    const name = `desk${++this.n}`;
    const res = await call(this.server.app, this.admin, 'POST', '/admin/desks', { name });
    const desk = json<{ desk: { id: string; deskCode: string } }>(res).desk;
    const session = await login(this.server.app, user.email, PASSWORD, { deskId: desk.id });
    const file = path.join(this.tmp.dir, `${name}.db`);
    const store = openDeskDatabase(file);
    store.db.transaction(() => {
      enrolDesk(store.db, {
        deskId: desk.id,
        deskCode: desk.deskCode,
        organisationKey: 'test-homes',
        displayName: name,
        enrolledAt: new Date(START_MS).toISOString(),
      });
      for (const [k, t] of Object.entries(this.teams))
        upsertTeam(store.db, { id: t, name: `Team ${k}`, updatedHlc: '0' });
      for (const a of this.areas) upsertBusinessArea(store.db, a.key, a.name, a.ownerUserId);
      for (const [k, u] of this.users) {
        upsertUser(store.db, {
          id: u.id,
          displayName: k,
          email: u.email,
          teamId: u.teamId,
          roles: u.roles,
          updatedHlc: '0',
        });
      }
    })();
    store.close();
    const d = new TestDesk(
      this,
      name,
      file,
      path.join(this.tmp.dir, `${name}-files`),
      desk.id,
      desk.deskCode,
      user,
      session,
      new ManualDeskClock(Date.parse(this.server.clock.nowIso()) + skewMs),
    );
    this.desks.push(d);
    return d;
  }

  /** Moves every clock (server and desks) forward together. */
  advance(ms: number): void {
    this.server.clock.advance(ms);
    for (const d of this.desks) d.clock.ms += ms;
  }

  async serverDump(): Promise<Dump> {
    const out = Object.fromEntries(SYNC_TABLES.map((t) => [t, [] as Record<string, unknown>[]])) as Dump;
    const r = await this.db.query<{ t: SyncTable; data: string }>(
      'SELECT entity_type AS t, data::text AS data FROM entities ORDER BY entity_type, entity_id',
    );
    for (const row of r.rows) out[row.t].push(JSON.parse(row.data) as Record<string, unknown>);
    for (const t of SYNC_TABLES) out[t].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    return out;
  }

  async close(): Promise<void> {
    for (const d of this.desks) d.close();
    await this.server.app.close();
    await this.db.close();
    this.tmp.cleanup();
  }
}

/** The desk's rows of the canonical tables, restricted to the columns the server's rows have. */
export function deskDump(desk: TestDesk, like: Dump): Dump {
  const out = {} as Dump;
  for (const t of SYNC_TABLES) {
    const rows = desk.store.db.prepare(`SELECT * FROM ${t} ORDER BY id`).all() as Record<string, unknown>[];
    const columns = like[t][0] ? Object.keys(like[t][0]) : null;
    out[t] = rows
      .map((r) => (columns ? Object.fromEntries(columns.map((c) => [c, r[c]])) : r))
      .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  }
  return out;
}

export async function startWorldPostgres(): Promise<TestPostgres> {
  return startPostgres();
}

/** An enquiry converted to a complaint, accepted, acknowledged and responded to: ready to escalate. */
export function escalatableComplaint(desk: TestDesk): { contactId: string; complaintId: string } {
  const { contactId } = desk.must<{ contactId: string }>('log-contact', {
    channel: 'phone',
    madeBy: 'resident',
    person: { givenName: 'Priya', familyName: 'Shah' },
    whatHappened: 'Boiler broken for a week.',
    dissatisfaction: true,
  });
  const { complaintId } = desk.must<{ complaintId: string }>('convert-to-complaint', {
    contactId,
    reason: 'resident-asked',
    residentOfferedChoice: true,
  });
  desk.must('complaint-command', { complaintId, command: { type: 'accept' } });
  desk.must('complaint-command', {
    complaintId,
    command: { type: 'acknowledge', understanding: 'No heating.', outcomeSought: 'Boiler fixed.' },
  });
  desk.must('complaint-command', { complaintId, command: { type: 'respond', decision: 'not-upheld' } });
  return { contactId, complaintId };
}
