// How the renderer reaches the desk core: Electron's preload exposes window.deskApi (named methods over IPC);
// in the browser mode the same methods are POSTed to /api/<method> on 127.0.0.1 with the session cookie.
import type {
  DeskApi,
  DeskApiInput,
  DeskApiMethod,
  DeskApiOutputs,
  DeskApiResult,
} from '../../shared/contracts/desk-api.js';

declare global {
  interface Window {
    deskApi?: DeskApi;
  }
}

export async function callDesk<M extends DeskApiMethod>(
  method: M,
  input: DeskApiInput<M>,
): Promise<DeskApiResult<DeskApiOutputs[M]>> {
  const bridge = window.deskApi;
  if (bridge) return (bridge[method] as (i: DeskApiInput<M>) => Promise<DeskApiResult<DeskApiOutputs[M]>>)(input);
  let res: Response;
  try {
    res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, error: { code: 'internal', message: 'The desk is not answering. Is it still running?' } };
  }
  const body: unknown = await res.json().catch(() => null);
  if (body && typeof body === 'object' && 'ok' in body) return body as DeskApiResult<DeskApiOutputs[M]>;
  return { ok: false, error: { code: 'internal', message: `The desk answered ${res.status}.` } };
}

/**
 * Browser mode: the URL the desk printed carries a one-time launch secret in its fragment. Swap it for the
 * session cookie, then drop it from the address bar and history.
 */
export async function exchangeLaunchSecret(): Promise<'none' | 'ok' | 'refused'> {
  const m = /(?:^#|&)secret=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (!m || window.deskApi) return 'none';
  window.history.replaceState(null, '', `${window.location.pathname}#/home`);
  const res = await fetch('/auth/exchange', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secret: m[1] }),
    credentials: 'same-origin',
  }).catch(() => null);
  return res?.ok ? 'ok' : 'refused';
}
