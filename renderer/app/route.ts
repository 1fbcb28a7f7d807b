// Hash routes (#/home, #/case/<id>, …): they survive a reload and need nothing from the host.
import { useSyncExternalStore } from 'react';

export type Route =
  | { view: 'home' }
  | { view: 'work' }
  | { view: 'queues' }
  | { view: 'log' }
  | { view: 'case'; id: string }
  | { view: 'letters' | 'calibration' | 'actions' | 'reports' | 'admin' };

const SIMPLE = ['home', 'work', 'queues', 'log', 'letters', 'calibration', 'actions', 'reports', 'admin'] as const;

export function parseRoute(hash: string): Route {
  const m = /^#\/case\/([0-9a-f-]{36})$/.exec(hash);
  if (m?.[1]) return { view: 'case', id: m[1] };
  const name = hash.replace(/^#\//, '');
  const simple = SIMPLE.find((s) => s === name);
  return simple ? ({ view: simple } as Route) : { view: 'home' };
}

export function hrefOf(r: Route): string {
  return r.view === 'case' ? `#/case/${r.id}` : `#/${r.view}`;
}

export function navigate(r: Route): void {
  window.location.hash = hrefOf(r);
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
