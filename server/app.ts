// The Fastify application, built from its dependencies so tests can hand it a database, a clock and a
// logger. server/main.ts wires it to the environment.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Clock } from '../shared/app/ports.js';
import type { Db } from '../db/postgres/db.js';
import { latestVersion } from '../db/postgres/migrations.js';
import { installAuthentication } from './auth/context.js';
import { DEFAULT_SCRYPT, hashPassword, type ScryptParams } from './auth/passwords.js';
import { FailureRateLimiter } from './auth/rate-limit.js';
import { secretFrom } from './auth/tokens.js';
import { nowMs, systemClock } from './clock.js';
import type { ServerContext } from './context.js';
import { installErrorHandlers } from './errors.js';
import { newId } from './ids.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes } from './routes/health.js';
import { referenceDataRoutes } from './routes/reference-data.js';
import { syncRoutes } from './routes/sync.js';

export interface BuildServerOptions {
  readonly db: Db;
  /** At least 32 bytes: a Buffer, or a string of 64+ hex characters (or 32+ characters). */
  readonly tokenSecret: Buffer | string;
  readonly clock?: Clock;
  /** Fastify's logger option: pino options (level, stream, …), true, or false. Default: JSON at info. */
  readonly logger?: FastifyServerOptions['logger'];
  readonly passwordParams?: ScryptParams;
  readonly accessTokenTtlSeconds?: number;
  readonly refreshTokenTtlSeconds?: number;
  readonly sessionTtlSeconds?: number;
  readonly loginRateLimit?: { readonly maxFailures: number; readonly windowMs: number };
  /** Largest request body accepted, in bytes. Sync routes will set their own, larger limit. */
  readonly bodyLimit?: number;
  /** Trust X-Forwarded-For (only behind a reverse proxy you run), so rate limits see the real client. */
  readonly trustProxy?: boolean;
  /** Draws a candidate desk code; tests inject collisions. */
  readonly newDeskCode?: () => string;
  /** Close the database when the server closes (main.ts); tests that share a database leave it open. */
  readonly closeDbOnClose?: boolean;
}

// No 0/O, 1/I/L: desk codes are read aloud and typed from references.
const DESK_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function randomDeskCode(length = 4): string {
  let s = '';
  for (let i = 0; i < length; i++) s += DESK_CODE_ALPHABET[randomInt(DESK_CODE_ALPHABET.length)];
  return s;
}

/** Never written to logs, whatever a future log line includes. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  'refreshToken',
  'accessToken',
  '*.password',
  '*.refreshToken',
  '*.accessToken',
];

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const clock = options.clock ?? systemClock;
  const passwordParams = options.passwordParams ?? DEFAULT_SCRYPT;
  const secret = Buffer.isBuffer(options.tokenSecret) ? options.tokenSecret : secretFrom(options.tokenSecret);
  if (secret.length < 32) throw new Error('the token secret must be at least 32 bytes');
  const limit = options.loginRateLimit ?? { maxFailures: 10, windowMs: 15 * 60 * 1000 };

  const ctx: ServerContext = {
    db: options.db,
    clock,
    secret,
    passwordParams,
    dummyPasswordHash: await hashPassword(randomBytes(24).toString('base64url'), passwordParams),
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 15 * 60,
    // Desks work offline for weeks: a refresh token outlives a long holiday; the session caps the total.
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 60 * 24 * 3600,
    sessionTtlSeconds: options.sessionTtlSeconds ?? 180 * 24 * 3600,
    loginLimiter: new FailureRateLimiter(limit),
    newDeskCode: options.newDeskCode ?? (() => randomDeskCode()),
    expectedSchemaVersion: latestVersion(),
    nowMs: () => nowMs(clock),
    nowIso: () => clock.nowIso(),
    newId: () => newId(clock),
  };

  const logger: FastifyServerOptions['logger'] =
    options.logger === undefined
      ? { level: 'info', redact: { paths: REDACT, censor: '[redacted]' } }
      : typeof options.logger === 'object' && options.logger !== null && !('child' in options.logger)
        ? { redact: { paths: REDACT, censor: '[redacted]' }, ...options.logger }
        : options.logger;

  const app = Fastify({
    logger,
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    trustProxy: options.trustProxy ?? false,
    genReqId: () => randomUUID(),
    // Requests arriving while closing are answered 503 with Connection: close (Fastify's default, kept).
    return503OnClosing: true,
  });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // Without this a keep-alive connection of a request in flight at shutdown stays open until its idle
    // timeout and close() waits for it: tell the client to let go once it has its answer.
    if (closing) void reply.header('connection', 'close');
  });
  if (options.closeDbOnClose) {
    // onClose runs after the in-flight requests have been answered.
    app.addHook('onClose', async () => {
      await options.db.close();
    });
  }

  // JSON only: Fastify's built-in text/plain parser would hand strings to routes that expect objects.
  app.removeContentTypeParser('text/plain');
  installErrorHandlers(app);
  installAuthentication(app, { db: ctx.db, secret, nowMs: ctx.nowMs, nowIso: ctx.nowIso });
  healthRoutes(app, ctx);
  authRoutes(app, ctx);
  adminRoutes(app, ctx);
  referenceDataRoutes(app, ctx);
  syncRoutes(app, ctx);
  return app;
}
