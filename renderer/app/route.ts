// Hash routes (#/home, #/case/<id>, …): they survive a reload and need nothing from the host.
import { useSyncExternalStore } from 'react';
import { hrefOf, parseRoute, type Route } from './routes.js';

export { hrefOf, parseRoute, type Route } from './routes.js';

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
