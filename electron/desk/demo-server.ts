// The demo's own central server, for `npm run web` with no server configured: a child process running the real
// server (`server/main.ts`) on the embedded database (PGlite) in the desk's data directory. On a new desk the
// demo organisation is seeded on the desk through the real use cases (demo.ts), then on the server with the
// same ids and passwords, its history replayed through the server's push pipeline (server/cli/demo-seed.ts),
// and the desk is enrolled with it. Every later start of that desk starts the server again, so sign-in is
// online, the sync agent runs, and the title bar shows a real sync status.
// The desk layer may not import the server's code (build/eslint/layering.js): it runs it as a separate process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getDeskIdentity, settleOutbox, stmt, type DeskDatabase } from '../../db/sqlite/index.js';
import { DEMO_ORGANISATION, DEMO_USERS } from './demo.js';

export interface DemoServerOptions {
  /** The project's root (where node_modules/tsx and server/ are). */
  readonly root: string;
  /** The server's data directory (its PGlite database and token secret). */
  readonly dataDir: string;
  /** The Node binary (default this process's); Electron's own binary runs as Node with ELECTRON_RUN_AS_NODE=1. */
  readonly node?: { readonly execPath: string; readonly env: NodeJS.ProcessEnv };
}

export interface RunningServer {
  readonly url: string;
  stop(): Promise<void>;
}

const TSX = (root: string) => path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function serverEnv(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn' };
}

/** True for a desk seeded with the demo organisation whose own server lives in `dataDir`. */
export function hasDemoServer(desk: DeskDatabase, dataDir: string): boolean {
  const identity = getDeskIdentity(desk.db);
  return identity?.organisationKey === DEMO_ORGANISATION && identity.serverUrl !== null && existsSync(dataDir);
}

/** Seeds the server's database from a desk just seeded with the demo organisation, and enrols the desk. */
export async function seedDemoServer(
  desk: DeskDatabase,
  options: DemoServerOptions,
): Promise<{ accepted: number; rejected: number }> {
  const db = desk.db;
  const identity = getDeskIdentity(db);
  if (!identity || identity.organisationKey !== DEMO_ORGANISATION) throw new Error('not a demo desk');
  const passwords = new Map(DEMO_USERS.map((u) => [u.email.toLowerCase(), u.password]));
  const roles = new Map<string, string[]>();
  for (const r of stmt<[], { user_id: string; role_key: string }>(db, 'SELECT user_id, role_key FROM user_roles').all())
    roles.set(r.user_id, [...(roles.get(r.user_id) ?? []), r.role_key]);
  const users = stmt<[], { id: string; email: string; display_name: string; team_id: string | null }>(
    db,
    'SELECT id, email, display_name, team_id FROM users',
  )
    .all()
    .filter((u) => passwords.has(u.email.toLowerCase()))
    .map((u) => ({
      id: u.id,
      email: u.email,
      displayName: u.display_name,
      teamId: u.team_id,
      roles: roles.get(u.id) ?? [],
      password: passwords.get(u.email.toLowerCase()) ?? '',
    }));
  const manifest = {
    organisation: { name: 'Demo Housing', region: 'england-and-wales' },
    desk: { id: identity.deskId, deskCode: identity.deskCode, name: identity.displayName },
    teams: stmt<[], { id: string; name: string }>(db, 'SELECT id, name FROM teams').all(),
    users,
    businessAreas: stmt<[], { key: string; name: string; owner_user_id: string | null }>(
      db,
      'SELECT key, name, owner_user_id FROM business_areas',
    )
      .all()
      .map((a) => ({ key: a.key, name: a.name, ownerUserId: a.owner_user_id })),
    categories: stmt<[], { key: string; name: string; business_area_key: string | null }>(
      db,
      'SELECT key, name, business_area_key FROM categories',
    )
      .all()
      .map((c) => ({ key: c.key, name: c.name, businessAreaKey: c.business_area_key })),
    mutations: stmt<[], { mutation_id: string; use_case: string; actor_id: string; hlc: string; payload_json: string }>(
      db,
      "SELECT mutation_id, use_case, actor_id, hlc, payload_json FROM outbox WHERE status IN ('pending', 'sending') ORDER BY seq",
    )
      .all()
      .map((m) => ({
        mutationId: m.mutation_id,
        useCase: m.use_case,
        actorId: m.actor_id,
        hlc: m.hlc,
        payload: JSON.parse(m.payload_json) as unknown,
      })),
  };
  mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, 'demo-manifest.json');
  writeFileSync(file, JSON.stringify(manifest), { mode: 0o600 });
  let out: string;
  try {
    out = await run(options.node?.execPath ?? process.execPath, [TSX(options.root), 'server/cli/demo-seed.ts', file], {
      cwd: options.root,
      env: { ...serverEnv(options.dataDir), ...options.node?.env },
    });
  } finally {
    rmSync(file, { force: true });
  }
  const answer = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
    results?: { mutationId: string; status: 'accepted' | 'rejected'; reason?: string; message?: string }[];
  };
  const results = answer.results ?? [];
  const at = new Date().toISOString();
  db.transaction(() => {
    for (const r of results) {
      settleOutbox(
        db,
        r.mutationId,
        r.status === 'accepted'
          ? { status: 'accepted' }
          : { status: 'rejected', error: `${r.reason ?? 'rejected'}: ${r.message ?? ''}` },
        at,
      );
    }
    // The address is a placeholder until each start gives the server's port (see startDemoServer).
    stmt(db, 'UPDATE desk_identity SET server_url = ? WHERE singleton = 1').run('http://127.0.0.1');
  })();
  return {
    accepted: results.filter((r) => r.status === 'accepted').length,
    rejected: results.filter((r) => r.status === 'rejected').length,
  };
}

/** Starts the demo's server on a free loopback port; resolves with its URL once it listens. */
export function startDemoServer(options: DemoServerOptions): Promise<RunningServer> {
  const child = spawn(options.node?.execPath ?? process.execPath, [TSX(options.root), 'server/main.ts'], {
    cwd: options.root,
    env: { ...serverEnv(options.dataDir), LOG_LEVEL: 'info', ...options.node?.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => fail(new Error(`the demo server did not start in time:\n${out.slice(-2000)}`)),
      120_000,
    );
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(e);
    };
    child.once('exit', (code) => fail(new Error(`the demo server exited (${code}):\n${out.slice(-2000)}`)));
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      // Keep draining its log so the pipe never fills up and blocks the server.
      out = '';
      child.stdout?.removeAllListeners('data');
      child.stderr?.removeAllListeners('data');
      child.stdout?.resume();
      child.stderr?.resume();
      resolve({ url: m[1], stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.slice(1).join(' ')} failed (${code}): ${err.slice(-2000)}`)),
    );
  });
}
