// How the renderer reaches the desk core: Electron's preload exposes window.deskApi (named methods over IPC);
// in the browser mode the same methods are POSTed to /api/<method> on 127.0.0.1 with the session cookie.
import type {
  DeskApi,
  DeskApiInput,
  DeskApiMethod,
  DeskApiOutputs,
  DeskApiResult,
  LaunchExchangeAnswer,
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

export interface Launch {
  readonly launch: 'none' | 'ok' | 'refused';
  /** The session and desk info the exchange answered with (browser mode), for the first render. */
  readonly first: LaunchExchangeAnswer | null;
}

/**
 * Browser mode: the URL the desk printed carries a one-time launch secret in its fragment. Swap it for the
 * session cookie (the answer also says who is signed in and what the sign-in form shows), then drop it from the
 * address bar and history.
 */
export async function exchangeLaunchSecret(): Promise<Launch> {
  const m = /(?:^#|&)secret=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (!m || window.deskApi) return { launch: 'none', first: null };
  window.history.replaceState(null, '', `${window.location.pathname}#/home`);
  const res = await fetch('/auth/exchange', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secret: m[1] }),
    credentials: 'same-origin',
  }).catch(() => null);
  if (!res?.ok) return { launch: 'refused', first: null };
  const body: unknown = await res.json().catch(() => null);
  const value =
    body && typeof body === 'object' && 'value' in body ? (body.value as Partial<LaunchExchangeAnswer>) : null;
  // An answer without them (an older host) only means the page asks for them itself.
  const first =
    value && typeof value === 'object' && value.session && value.deskInfo ? (value as LaunchExchangeAnswer) : null;
  return { launch: 'ok', first };
}
