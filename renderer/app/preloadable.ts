// A view in its own chunk that can be fetched ahead of time. React.lazy alone suspends at its first render even
// when the chunk has already arrived (a settled promise cannot be read synchronously), and React then holds the
// view back until 300 ms after the fallback was shown (its Suspense throttle): measured as the 300 ms between
// sign-in's data arriving and the workspace drawn, and the slow first case open. So once the chunk is here the
// component is rendered directly; lazy() is only the path for a chunk still on its way.
import { createElement, lazy, type ComponentType } from 'react';

export type Preloadable<P extends object> = ComponentType<P> & {
  /** Fetches the chunk (once: later calls return the same promise). */
  preload: () => Promise<ComponentType<P>>;
  /** The chunk has arrived: the view draws without suspending. */
  isLoaded: () => boolean;
};

export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (pending ??= load().then((c) => {
      loaded = c;
      return c;
    }));
  const Lazy = lazy(() => preload().then((c) => ({ default: c })));
  function PreloadableView(props: P) {
    return loaded ? createElement(loaded, props) : createElement(Lazy, props);
  }
  return Object.assign(PreloadableView, { preload, isLoaded: () => loaded !== null });
}
