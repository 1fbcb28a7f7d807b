// The API against a real PostgreSQL 15 started for this file.
import { afterAll } from 'vitest';
import { openPgDb } from '../../db/postgres/pg-db.js';
import { apiSuite } from './api-suite.js';
import { startPostgres, type TestPostgres } from './postgres.js';

let server: TestPostgres | undefined;
afterAll(async () => {
  await server?.stop();
});

apiSuite('PostgreSQL', async () => {
  server = await startPostgres();
  const db = openPgDb({ connectionString: await server.createDatabase() });
  return { db, cleanup: () => db.close() };
});
