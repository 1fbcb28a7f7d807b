// The server's configuration, from the environment (twelve-factor): the same reader serves `npm run server`
// and `npm run admin`, so both always talk to the same database.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseConfig } from '../db/postgres/open.js';
import { secretFrom } from './auth/tokens.js';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly tokenSecret: string | undefined;
  readonly trustProxy: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readConfig(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): ServerConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 8787 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be 0–65535, not '${env.PORT}'`);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  return {
    port,
    // Loopback unless told otherwise: exposing the server is a deliberate act (behind TLS termination).
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(cwd, env.DATA_DIR || '.data'),
    logLevel,
    tokenSecret: env.TOKEN_SECRET || undefined,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
  };
}

export function databaseConfig(config: ServerConfig): DatabaseConfig {
  return { databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'server-pglite') };
}

/**
 * TOKEN_SECRET if set, else the secret kept in the data directory, created on first start. Several server
 * processes behind one balancer must share it: set TOKEN_SECRET for them.
 */
export function loadTokenSecret(config: ServerConfig): { secret: Buffer; source: 'env' | 'file' | 'created' } {
  if (config.tokenSecret) return { secret: secretFrom(config.tokenSecret), source: 'env' };
  const file = path.join(config.dataDir, 'token-secret');
  try {
    return { secret: secretFrom(readFileSync(file, 'utf8')), source: 'file' };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // 'wx': if another process created it meanwhile, use theirs rather than overwrite it.
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
    return { secret: secretFrom(readFileSync(file, 'utf8')), source: 'created' };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return { secret: secretFrom(readFileSync(file, 'utf8')), source: 'file' };
  }
}
