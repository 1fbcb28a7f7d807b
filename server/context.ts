// What every route module needs, built once by buildServer.
import type { Clock } from '../shared/app/ports.js';
import type { Db } from '../db/postgres/db.js';
import type { ScryptParams } from './auth/passwords.js';
import type { FailureRateLimiter } from './auth/rate-limit.js';

export interface ServerContext {
  readonly db: Db;
  readonly clock: Clock;
  readonly secret: Buffer;
  readonly passwordParams: ScryptParams;
  /** A hash of a random password with the current parameters: unknown emails are checked against it so they take as long as known ones. */
  readonly dummyPasswordHash: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly sessionTtlSeconds: number;
  readonly loginLimiter: FailureRateLimiter;
  readonly newDeskCode: () => string;
  readonly expectedSchemaVersion: number;
  nowMs(): number;
  nowIso(): string;
  newId(): string;
}
