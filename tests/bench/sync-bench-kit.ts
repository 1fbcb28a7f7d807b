// Shared pieces of the sync benchmarks: the server in its own process (sync-server-process.ts), latency
// samples with percentiles, and a fetch that times each sync request.
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ServerMessage } from './sync-server-process.js';

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  usage(): Promise<Extract<ServerMessage, { type: 'usage' }>>;
  stop(): Promise<void>;
}

/** Forks a server on `connectionString` and waits until it listens. */
export async function startServerProcess(connectionString: string): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./sync-server-process.ts', import.meta.url));
  // SYNC_BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (where its time goes).
  const prof = process.env.SYNC_BENCH_CPU_PROF;
  const execArgv = ['--import', 'tsx', ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])];
  const child = fork(script, [connectionString], { execArgv, stdio: 'inherit' });
  const waiting = new Set<(m: ServerMessage) => void>();
  child.on('message', (m: ServerMessage) => {
    for (const w of [...waiting]) w(m);
  });
  const next = <T extends ServerMessage['type']>(type: T): Promise<Extract<ServerMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the server process exited (${code})`));
      const w = (m: ServerMessage) => {
        if (m.type !== type) return;
        waiting.delete(w);
        child.off('exit', onExit);
        resolve(m as Extract<ServerMessage, { type: T }>);
      };
      waiting.add(w);
      child.once('exit', onExit);
    });
  const { url } = await next('listening');
  return {
    url,
    child,
    usage() {
      const p = next('usage');
      child.send({ type: 'usage' });
      return p;
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      });
    },
  };
}

/** Named lists of latency samples (ms). */
export class Samples {
  private readonly byName = new Map<string, number[]>();
  add(name: string, ms: number): void {
    const list = this.byName.get(name) ?? [];
    list.push(ms);
    this.byName.set(name, list);
  }
  /** Every list, to send to another process. */
  lists(): Record<string, number[]> {
    return Object.fromEntries(this.byName);
  }
  /** Adds the lists another process sent. */
  merge(lists: Record<string, number[]>): void {
    for (const [name, ms] of Object.entries(lists)) for (const x of ms) this.add(name, x);
  }
  count(name: string): number {
    return this.byName.get(name)?.length ?? 0;
  }
  percentile(name: string, p: number): number {
    const list = [...(this.byName.get(name) ?? [])].sort((a, b) => a - b);
    if (list.length === 0) return NaN;
    return list[Math.min(list.length - 1, Math.ceil((p / 100) * list.length) - 1)] ?? NaN;
  }
  describe(name: string): string {
    const at = (p: number) => this.percentile(name, p).toFixed(1);
    return `n=${this.count(name)} p50=${at(50)} ms p95=${at(95)} ms p99=${at(99)} ms`;
  }
}

/** fetch that records each POST's time (request to body read) under `${prefix} ${path}`, and errors. */
export function timedFetch(samples: Samples, prefix: string, errors?: { count: number; last?: string }): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const t = performance.now();
    let res: Response;
    try {
      res = await fetch(input, init);
    } catch (e) {
      // A request the desk itself aborted (its event stream, on stop()) is not a failure of the server.
      if (errors && !init?.signal?.aborted) {
        errors.count++;
        const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
        errors.last = `${String(e)}${cause}`;
      }
      throw e;
    }
    if (init?.method !== 'POST') return res;
    // The bytes as they came (reading them as text here and again in the agent cost the desk a decode, an
    // encode and a scan of every page: about 5% of its time in an initial sync).
    const body = await res.arrayBuffer();
    samples.add(`${prefix} ${new URL(String(input)).pathname}`, performance.now() - t);
    if (!res.ok && errors) {
      errors.count++;
      errors.last = `${res.status} ${Buffer.from(body).toString('utf8', 0, 200)}`;
    }
    return new Response(body, { status: res.status, headers: res.headers });
  }) as typeof fetch;
}

/** The 1, 5 and 15 minute load averages (the machine is shared: figures are read against it). */
export function loadAverage(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

/** Seconds of CPU per clock tick in /proc/<pid>/stat (USER_HZ: 100 on every Linux the project builds on). */
const TICK_MS = 10;

export interface PostgresUsage {
  /** User + system CPU of the postmaster and every backend (live ones, and exited ones it has reaped). */
  readonly cpuMs: number;
  /** Proportional set size summed over those processes (shared buffers counted once), MB. */
  readonly pssMb: number;
  readonly processes: number;
}

/**
 * The CPU and memory of the PostgreSQL cluster listening on `port`, read from /proc (the backends are the
 * postmaster's children; their CPU is part of the server's cost, as the Node process's is). Linux only.
 */
export function postgresUsage(port: number): PostgresUsage {
  const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  const read = (file: string): string | null => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return null; // the process ended meanwhile
    }
  };
  const postmaster = pids.find((p) => {
    const args = read(`/proc/${p}/cmdline`)?.split('\0') ?? [];
    return args.some((a) => a.endsWith('/postgres')) && args.includes(String(port)) && args.includes('-p');
  });
  if (!postmaster) throw new Error(`no postgres process listening on port ${port}`);
  // Fields after the parenthesised command name: state ppid ... utime(14) stime(15) cutime(16) cstime(17).
  const stat = (p: string) =>
    read(`/proc/${p}/stat`)
      ?.replace(/^.*\) /, '')
      .split(' ') ?? null;
  const pss = (p: string) => Number(/^Pss:\s+(\d+) kB/m.exec(read(`/proc/${p}/smaps_rollup`) ?? '')?.[1] ?? 0);
  let ticks = 0;
  let kb = 0;
  let processes = 0;
  for (const p of pids) {
    const f = stat(p);
    if (!f) continue;
    const isPostmaster = p === postmaster;
    if (!isPostmaster && f[1] !== postmaster) continue;
    processes++;
    ticks += Number(f[11]) + Number(f[12]) + (isPostmaster ? Number(f[13]) + Number(f[14]) : 0);
    kb += pss(p);
  }
  return { cpuMs: ticks * TICK_MS, pssMb: kb / 1024, processes };
}

/** A running event-loop delay histogram (perf_hooks), read as p50/p99/max in ms. */
export function eventLoopDelay(): { stop(): EventLoopDelaySummary } {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  return {
    stop() {
      h.disable();
      return { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
    },
  };
}

export interface EventLoopDelaySummary {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}
