// The server as a process: graceful shutdown with a request in flight (in-process, real listen on loopback),
// `npm run server`'s entry point under SIGTERM, and the create-admin command, all against a real PostgreSQL.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../db/postgres/migrations.js';
import { openPgDb } from '../../db/postgres/pg-db.js';
import { buildServer } from '../../server/app.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { LogCapture, TEST_SCRYPT, TEST_SECRET, login } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let pgServer: TestPostgres;
const dirs: string[] = [];

beforeAll(async () => {
  pgServer = await startPostgres();
});
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await pgServer?.stop();
});

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runTs(
  script: string,
  args: string[],
  env: Record<string, string>,
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    // `--import tsx` rather than the tsx wrapper: signals go straight to the process under test.
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('graceful shutdown', () => {
  it('stops accepting, finishes the request in flight, then closes the database', async () => {
    const db = openPgDb({ connectionString: await pgServer.createDatabase() });
    await migrate(db);
    const app = await buildServer({
      db,
      tokenSecret: TEST_SECRET,
      passwordParams: TEST_SCRYPT,
      logger: { level: 'warn', stream: new LogCapture() },
      closeDbOnClose: true,
    });
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    app.get('/test/slow', { config: { public: true } }, async () => {
      entered();
      await released;
      const r = await db.query<{ one: number }>('SELECT 1 AS one');
      return { finished: true, one: r.rows[0]?.one };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const inFlight = fetch(`http://127.0.0.1:${port}/test/slow`).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as unknown,
    }));
    await inHandler;
    let closed = false;
    const closing = app.close().then(() => {
      closed = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    expect(closed).toBe(false);
    release();
    expect(await inFlight).toEqual({ status: 200, body: { finished: true, one: 1 } });
    await closing;
    expect(closed).toBe(true);
    await expect(db.query('SELECT 1')).rejects.toThrow();
  });
});

describe('npm run server (server/main.ts)', () => {
  it('starts from the environment, creates its token secret, is ready, and exits 0 on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cd-server-'));
    dirs.push(dataDir);
    const url = await pgServer.createDatabase();
    let port = 0;
    let checked: Promise<void> | null = null;
    const result = await runTs(
      'server/main.ts',
      [],
      { DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      (out, child) => {
        const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m && checked === null) {
          port = Number(m[1]);
          checked = (async () => {
            const ready = await fetch(`http://127.0.0.1:${port}/ready`);
            expect(ready.status).toBe(200);
            expect(await ready.json()).toMatchObject({ status: 'ready', database: 'pg' });
            child.kill('SIGTERM');
          })();
        }
      },
    );
    expect(checked).not.toBeNull();
    await checked;
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; tokenSecret?: string; database?: string });
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['database ready', 'shutting down: finishing requests in flight', 'stopped']),
    );
    expect(lines.find((l) => l.msg === 'database ready')).toMatchObject({ tokenSecret: 'created' });
    // The connection string is described without credentials.
    expect(result.stdout).not.toContain(url);
    expect(statSync(path.join(dataDir, 'token-secret')).mode & 0o777).toBe(0o600);
  });

  it('refuses to start on a database newer than the build, with the reason, exit 1', async () => {
    const url = await pgServer.createDatabase();
    const db = openPgDb({ connectionString: url });
    await migrate(db);
    await db.query(`INSERT INTO schema_migrations VALUES (999, 'future', $1, now())`, ['a'.repeat(64)]);
    await db.close();
    const result = await runTs('server/main.ts', [], { DATABASE_URL: url, PORT: '0', DATA_DIR: tmpdir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('newer than this server build');
  });
});

describe('npm run admin -- create-admin', () => {
  it('refuses a weak password, creates the first administrator, and refuses a second', async () => {
    const url = await pgServer.createDatabase();
    const args = ['create-admin', '--email', 'First.Admin@example.org', '--name', 'First Admin'];
    const weak = await runTs('server/cli/admin.ts', args, { DATABASE_URL: url, ADMIN_PASSWORD: 'tooshort' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('at least 12 characters');

    const noPassword = await runTs('server/cli/admin.ts', args, { DATABASE_URL: url });
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toContain('ADMIN_PASSWORD');

    const ok = await runTs('server/cli/admin.ts', args, {
      DATABASE_URL: url,
      ADMIN_PASSWORD: 'a long admin passphrase',
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Created administrator First Admin <First.Admin@example.org>');

    const second = await runTs('server/cli/admin.ts', ['create-admin', '--email', 'b@example.org', '--name', 'B'], {
      DATABASE_URL: url,
      ADMIN_PASSWORD: 'another long passphrase',
    });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('An administrator already exists');

    const db = openPgDb({ connectionString: url });
    try {
      const app = await buildServer({ db, tokenSecret: TEST_SECRET, logger: false });
      const session = await login(app, 'first.admin@example.org', 'a long admin passphrase');
      const audit = await app.inject({
        method: 'GET',
        url: '/admin/audit',
        headers: { authorization: `Bearer ${session.accessToken}` },
      });
      expect(JSON.parse(audit.body)).toMatchObject({
        entries: [{ action: 'user.create-first-administrator', actorId: null }],
      });
      await app.close();
    } finally {
      await db.close();
    }
  });
});
