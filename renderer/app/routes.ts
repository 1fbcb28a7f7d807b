// Hash routes (#/home, #/case/<id>, …) as plain data: no DOM here, so Node tests can check them.
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
