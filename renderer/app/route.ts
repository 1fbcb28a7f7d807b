// Hash routes (#/home, #/case/<id>, …): they survive a reload and need nothing from the host.
import { useSyncExternalStore } from 'react';
import { hrefOf, parseRoute, type Route } from './routes.js';

export { hrefOf, parseRoute, type Route } from './routes.js';

export function navigate(r: Route): void {
  window.location.hash = hrefOf(r);
}

/**
 * Told of a new route as soon as the address changes: the Navigation API's currententrychange fires then, inside
 * the click (or the `location.hash` assignment) that navigated, whereas hashchange comes in a task of its own,
 * often after the browser has painted a frame of the view being left (measured: ~20 ms of painting My work again
 * before a case opened). hashchange stays as well, for a browser without the Navigation API; when both fire the
 * second finds the route unchanged and draws nothing.
 */
function subscribe(cb: () => void): () => void {
  const navigation = (window as { navigation?: EventTarget }).navigation;
  navigation?.addEventListener('currententrychange', cb);
  window.addEventListener('hashchange', cb);
  return () => {
    navigation?.removeEventListener('currententrychange', cb);
    window.removeEventListener('hashchange', cb);
  };
}

/** The address's hash (#/case/<id>, …), drawn again when it changes. */
export function useRouteHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function useRoute(): Route {
  return parseRoute(useRouteHash());
}
