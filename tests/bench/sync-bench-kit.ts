// Shared pieces of the sync benchmarks: the server in its own process (sync-server-process.ts), latency
// samples with percentiles, and a fetch that times each sync request.
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
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
  const child = fork(script, [connectionString], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
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
  private readonly lists = new Map<string, number[]>();
  add(name: string, ms: number): void {
    const list = this.lists.get(name) ?? [];
    list.push(ms);
    this.lists.set(name, list);
  }
  count(name: string): number {
    return this.lists.get(name)?.length ?? 0;
  }
  percentile(name: string, p: number): number {
    const list = [...(this.lists.get(name) ?? [])].sort((a, b) => a - b);
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
      if (errors) {
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
