// Chooses the database from the configuration and brings its schema up to date before anything uses it.
import type { Db } from './db.js';
import { migrate, type MigrateOptions, type MigrationReport } from './migrations.js';
import { openPgDb } from './pg-db.js';
import { openPgliteDb } from './pglite-db.js';

export interface DatabaseConfig {
  /** A PostgreSQL connection string; when absent the embedded PGlite is used. */
  readonly databaseUrl?: string | undefined;
  /** PGlite's data directory; null = in memory. Ignored with databaseUrl. */
  readonly pgliteDir?: string | null | undefined;
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.databaseUrl) {
    // Never log the password part of the URL.
    try {
      const u = new URL(config.databaseUrl);
      return `postgresql ${u.hostname}:${u.port || '5432'}${u.pathname}`;
    } catch {
      return 'postgresql (DATABASE_URL)';
    }
  }
  return config.pgliteDir ? `pglite ${config.pgliteDir}` : 'pglite (in memory)';
}

export async function openDatabase(config: DatabaseConfig): Promise<Db> {
  if (config.databaseUrl) return openPgDb({ connectionString: config.databaseUrl });
  return openPgliteDb({ dataDir: config.pgliteDir ?? null });
}

/** Opens and migrates; closes the connection again if migrating fails, so a refused start leaks nothing. */
export async function openAndMigrate(
  config: DatabaseConfig,
  options: MigrateOptions = {},
): Promise<{ db: Db; migrations: MigrationReport }> {
  const db = await openDatabase(config);
  try {
    const migrations = await migrate(db, options);
    return { db, migrations };
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}
