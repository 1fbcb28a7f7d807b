// Shared set-up for the server tests: a migrated database, a server with a movable clock, captured logs,
// and small helpers for signing in and calling routes with `inject`.
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db } from '../../db/postgres/db.js';
import { buildServer, type BuildServerOptions } from '../../server/app.js';
import { createFirstAdministrator } from '../../server/admin-setup.js';
import type { ScryptParams } from '../../server/auth/passwords.js';
import { ManualClock } from '../../server/clock.js';

/** Cheap scrypt for tests (the production parameters are tested on their own). */
export const TEST_SCRYPT: ScryptParams = { N: 2 ** 12, r: 8, p: 1 };
export const TEST_SECRET = Buffer.alloc(32, 7);
export const START_MS = Date.parse('2026-03-02T09:00:00.000Z');
export const ADMIN = { email: 'admin@example.org', password: 'admin password 123', name: 'Ada Admin' };

export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    cb();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export interface TestServer {
  readonly app: FastifyInstance;
  readonly clock: ManualClock;
  readonly logs: LogCapture;
}

export async function makeServer(
  db: Db,
  extra: Partial<BuildServerOptions> = {},
  addRoutes?: (app: FastifyInstance) => void,
): Promise<TestServer> {
  const clock = new ManualClock(START_MS);
  const logs = new LogCapture();
  const app = await buildServer({
    db,
    tokenSecret: TEST_SECRET,
    clock,
    passwordParams: TEST_SCRYPT,
    logger: { level: 'info', stream: logs },
    ...extra,
  });
  addRoutes?.(app);
  await app.ready();
  return { app, clock, logs };
}

export async function seedAdmin(db: Db, clock: ManualClock): Promise<void> {
  await createFirstAdministrator(
    db,
    clock,
    { email: ADMIN.email, displayName: ADMIN.name, password: ADMIN.password, organisationName: 'Test Homes' },
    TEST_SCRYPT,
  );
}

export interface Session {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly userId: string;
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}

export async function login(
  app: FastifyInstance,
  email: string,
  password: string,
  extra: Record<string, unknown> = {},
): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password, ...extra } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const body = json<{ accessToken: string; refreshToken: string; user: { id: string } }>(res);
  return { accessToken: body.accessToken, refreshToken: body.refreshToken, userId: body.user.id };
}

export function call(
  app: FastifyInstance,
  session: Session | string | null,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const token = typeof session === 'string' ? session : session?.accessToken;
  return app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}
