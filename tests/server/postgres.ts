// A real, throw-away PostgreSQL for one test file: initdb into a temp directory, start it on a free loopback
// port with its socket in that directory, hand out databases, stop and delete it afterwards. When the server
// binaries are missing this FAILS with the install command: a skipped database test would hide breakage.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface TestPostgres {
  readonly version: string;
  readonly port: number;
  /** A new empty database; returns its connection string. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

export const MISSING_POSTGRES =
  'PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin. ' +
  'The server tests need a real PostgreSQL 15+: on Debian/Ubuntu run `apt-get install -y postgresql` ' +
  '(package postgresql-15 on bookworm).';

/** Where initdb and pg_ctl are: PATH first, then Debian's versioned directories (not on PATH by default). */
export function findPostgresBin(pathEnv = process.env.PATH ?? '', root = '/usr/lib/postgresql'): string {
  const candidates: string[] = [];
  for (const dir of pathEnv.split(path.delimiter)) candidates.push(dir);
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(path.join(root, v, 'bin'));
  }
  for (const dir of candidates) {
    if (dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  throw new Error(MISSING_POSTGRES);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function postgresUid(): Promise<{ uid: number; gid: number }> {
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  return { uid, gid };
}

let counter = 0;

export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  // initdb refuses to run as root, so as root the cluster belongs to the postgres user.
  const asRoot = process.getuid?.() === 0;
  let owner: { uid: number; gid: number } | null = null;
  if (asRoot) {
    try {
      owner = await postgresUid();
    } catch {
      throw new Error(`${MISSING_POSTGRES} (running as root, and there is no 'postgres' user to run it as)`);
    }
  }
  const exec = (cmd: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args);

  const dir = mkdtempSync(path.join(tmpdir(), 'cd-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const version = (await exec('initdb', ['--version'])).stdout.trim();
  await exec('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  let port = 0;
  // A port found free can be taken before the server binds it: try a few.
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await exec('pg_ctl', [
        '-D',
        dir,
        '-l',
        path.join(dir, 'server.log'),
        '-o',
        // A throw-away cluster: durability settings off for speed.
        `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
        '-w',
        '-t',
        '30',
        'start',
      ]);
      break;
    } catch (e) {
      if (attempt >= 2) {
        rmSync(dir, { recursive: true, force: true });
        throw e;
      }
    }
  }
  const url = (db: string) => `postgresql://postgres@127.0.0.1:${port}/${db}`;
  return {
    version,
    port,
    async createDatabase(name?: string): Promise<string> {
      const db = name ?? `t${process.pid}_${++counter}`;
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${db}"`);
      } finally {
        await client.end();
      }
      return url(db);
    },
    async stop(): Promise<void> {
      try {
        await exec('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
