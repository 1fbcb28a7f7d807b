// `npm run server`: configuration from the environment, migrate, listen, and shut down gracefully on
// SIGTERM/SIGINT (stop accepting, answer the requests in flight, close the database).
import { describeDatabase, openAndMigrate } from '../db/postgres/open.js';
import { buildServer } from './app.js';
import { databaseConfig, loadTokenSecret, readConfig } from './config.js';

/** After this, a shutdown that is still waiting (a stuck request) gives up and exits non-zero. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

function fatal(msg: string, err?: unknown): never {
  // The app's logger does not exist yet; keep the same JSON line format.
  console.error(
    JSON.stringify({
      level: 60,
      time: Date.now(),
      msg,
      err: err instanceof Error ? { type: err.name, message: err.message } : undefined,
    }),
  );
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.env);
  } catch (e) {
    fatal(`configuration error: ${(e as Error).message}`, e);
  }
  const dbConfig = databaseConfig(config);
  let opened;
  try {
    opened = await openAndMigrate(dbConfig);
  } catch (e) {
    fatal(`cannot start on ${describeDatabase(dbConfig)}: ${(e as Error).message}`, e);
  }
  const { secret, source } = loadTokenSecret(config);
  const app = await buildServer({
    db: opened.db,
    tokenSecret: secret,
    logger: { level: config.logLevel },
    trustProxy: config.trustProxy,
    closeDbOnClose: true,
  });
  app.log.info(
    {
      database: describeDatabase(dbConfig),
      schemaVersion: opened.migrations.version,
      migrated: opened.migrations.applied,
      tokenSecret: source,
    },
    'database ready',
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    setTimeout(() => {
      app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    app.close().then(
      () => {
        app.log.info('stopped');
        process.exit(0);
      },
      (e: unknown) => {
        app.log.error({ err: e }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await app.close().catch(() => undefined);
    fatal(`cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`, e);
  }
}

await main();
