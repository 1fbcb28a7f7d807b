// The same API tests against the embedded PGlite, in memory: the default when DATABASE_URL is not set.
import { openPgliteDb } from '../../db/postgres/pglite-db.js';
import { apiSuite } from './api-suite.js';

apiSuite('PGlite (in memory)', async () => {
  const db = await openPgliteDb({ dataDir: null });
  return { db, cleanup: () => db.close() };
});
