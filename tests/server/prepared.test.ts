// Statements marked `prepared` (db/postgres/db.ts) are prepared once per connection on a real PostgreSQL and
// then only executed; unmarked ones are not; PGlite runs marked ones as plain statements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepared, preparedName } from '../../db/postgres/db.js';
import { openPgDb } from '../../db/postgres/pg-db.js';
import { openPgliteDb } from '../../db/postgres/pglite-db.js';
import { startPostgres, type TestPostgres } from './postgres.js';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

describe('prepared statements', () => {
  it('prepares a marked statement once per connection, keeps its answers, and leaves the others alone', async () => {
    const db = openPgDb({ connectionString: await pg.createDatabase(), max: 1 }); // one connection: one session
    try {
      const text = prepared('SELECT $1::int + 1 AS n');
      expect(text).toBe('SELECT $1::int + 1 AS n');
      expect(prepared(text)).toBe(text);
      expect(preparedName(text)).toMatch(/^cd_\d+$/);
      expect(preparedName('SELECT $1::int + 2 AS n')).toBeUndefined();
      for (const x of [1, 41, -1]) expect((await db.query<{ n: number }>(text, [x])).rows).toEqual([{ n: x + 1 }]);
      await db.query('SELECT $1::int + 2 AS n', [1]);
      const statements = await db.query<{ name: string; statement: string }>(
        'SELECT name, statement FROM pg_prepared_statements ORDER BY name',
      );
      expect(statements.rows).toEqual([{ name: preparedName(text), statement: text }]);
      // In a transaction too (the push runs its statements in one).
      expect(await db.transaction(async (tx) => (await tx.query<{ n: number }>(text, [2])).rows)).toEqual([{ n: 3 }]);
    } finally {
      await db.close();
    }
  });

  it('runs a marked statement on PGlite as a plain one', async () => {
    const db = await openPgliteDb({ dataDir: null });
    try {
      expect((await db.query<{ n: number }>(prepared('SELECT $1::int + 1 AS n'), [4])).rows).toEqual([{ n: 5 }]);
    } finally {
      await db.close();
    }
  });
});
