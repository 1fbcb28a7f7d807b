// The main process's calls to the desk core in its utility process: each call is posted as { id, method, input }
// and settled by the answer { id, result }. Once the core has stopped (it could not open the store, or it crashed),
// every call still waiting and every later call is answered at once with an error naming the reason, instead of
// waiting for an answer that can never come. Kept apart from main.ts (no Electron import) so that Node tests it.
import type { DeskApiMethod, DeskApiResult } from '../shared/contracts/desk-api.js';

/** What the core posts to the main process besides answers (sync status, vault requests) is not handled here. */
export interface CoreMessage {
  readonly id?: number;
  readonly result?: DeskApiResult<unknown>;
  /** Posted by the core before it exits when the desk could not be opened. */
  readonly failed?: string;
}

export interface CoreCalls {
  call(method: DeskApiMethod, input: unknown): Promise<DeskApiResult<unknown>>;
  /** Feed every message from the core; answers settle their calls, `failed` records why the core is stopping. */
  receive(message: CoreMessage): void;
  /** The core's process has exited (with its exit code when known). */
  exited(code?: number | null): void;
  /** Calls sent and not answered yet. */
  readonly waiting: number;
}

export function createCoreCalls(post: (message: { id: number; method: string; input: unknown }) => void): CoreCalls {
  let next = 1;
  const waiting = new Map<number, (r: DeskApiResult<unknown>) => void>();
  let failure: string | null = null;
  let stopped: DeskApiResult<unknown> | null = null;
  const stoppedResult = (code?: number | null): DeskApiResult<unknown> => ({
    ok: false,
    error: {
      code: 'internal',
      message: failure
        ? `the desk could not be opened: ${failure}; restart the app once that is put right`
        : `the desk core stopped${code === undefined || code === null ? '' : ` (exit code ${code})`}; restart the app`,
    },
  });
  return {
    call(method, input) {
      if (stopped) return Promise.resolve(stopped);
      return new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        try {
          post({ id, method, input });
        } catch {
          // The port is already closed: the exit event is on its way, answer now rather than wait for it.
          waiting.delete(id);
          resolve(stoppedResult());
        }
      });
    },
    receive(message) {
      if (typeof message.failed === 'string') failure = message.failed;
      if (message.id === undefined || !message.result) return;
      waiting.get(message.id)?.(message.result);
      waiting.delete(message.id);
    },
    exited(code) {
      stopped = stoppedResult(code);
      for (const resolve of waiting.values()) resolve(stopped);
      waiting.clear();
    },
    get waiting() {
      return waiting.size;
    },
  };
}
