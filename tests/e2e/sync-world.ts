// For the sync end-to-end tests: a real central server process (`server/main.ts` on PGlite in a temp dir, its
// first administrator made by the admin command line, users and a team made through the admin API) that can be
// stopped and started again on the same port and data, and browser-mode desk processes configured with it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

export const SERVER_ADMIN = { email: 'admin@sync.example', password: 'sync admin password 1', name: 'Sam Admin' };
export const PASSWORD = 'a perfectly fine password';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function waitFor(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 90_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${out}`)), timeoutMs);
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}):\n${out}`));
    });
  });
}

async function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export class CentralServer {
  private child: ChildProcess | null = null;
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'sync-e2e-server-'));
  private constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async create(): Promise<CentralServer> {
    const s = new CentralServer(await freePort());
    const made = spawnSync(
      process.execPath,
      [TSX, 'server/cli/admin.ts', 'create-admin', '--email', SERVER_ADMIN.email, '--name', SERVER_ADMIN.name],
      {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: s.dataDir, ADMIN_PASSWORD: SERVER_ADMIN.password, DATABASE_URL: '' },
        encoding: 'utf8',
      },
    );
    if (made.status !== 0) throw new Error(`create-admin failed: ${made.stdout}${made.stderr}`);
    await s.start();
    return s;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [TSX, 'server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        DATABASE_URL: '',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    await waitFor(child, /Server listening at/, 'the central server');
  }

  async stop(): Promise<void> {
    await stopChild(this.child);
    this.child = null;
  }

  async api<T>(method: 'GET' | 'POST', url: string, token: string | null, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${url}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async adminToken(): Promise<string> {
    const r = await this.api<{ accessToken: string }>('POST', '/auth/login', null, {
      email: SERVER_ADMIN.email,
      password: SERVER_ADMIN.password,
    });
    return r.accessToken;
  }

  /** A team and users in it (agents unless told), all with PASSWORD. */
  async addTeam(name: string, users: readonly { email: string; name: string; roles?: string[] }[]): Promise<string> {
    const token = await this.adminToken();
    const team = await this.api<{ team: { id: string } }>('POST', '/admin/teams', token, { name });
    for (const u of users) {
      await this.api('POST', '/admin/users', token, {
        email: u.email,
        displayName: u.name,
        teamId: team.team.id,
        roles: u.roles ?? ['agent'],
        password: PASSWORD,
      });
    }
    return team.team.id;
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A browser-mode desk (`electron/browser/main.ts`) on its own data dir, configured with the central server. */
export class BrowserDesk {
  private child: ChildProcess | null = null;
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'sync-e2e-desk-'));
  url = '';
  constructor(
    readonly serverUrl: string,
    readonly name: string,
  ) {}

  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        TSX,
        'electron/browser/main.ts',
        '--data-dir',
        this.dataDir,
        '--static-dir',
        path.join(ROOT, 'dist/renderer'),
        '--server',
        this.serverUrl,
        '--desk-name',
        this.name,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const m = await waitFor(child, /desk: open (http:\/\/127\.0\.0\.1:\d+\/#secret=[A-Za-z0-9_-]+)/, this.name);
    this.url = m[1] ?? '';
  }

  async close(): Promise<void> {
    await stopChild(this.child);
    this.child = null;
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
