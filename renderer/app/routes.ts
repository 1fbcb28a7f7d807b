// Hash routes (#/home, #/case/<id>, …) as plain data: no DOM here, so Node tests can check them.
export type Route =
  | { view: 'home' }
  | { view: 'work' }
  | { view: 'queues' }
  | { view: 'log' }
  | { view: 'case'; id: string }
  | { view: 'contact'; id: string }
  | { view: 'records'; kind: 'person' | 'property'; id: string }
  | { view: 'letter'; id: string }
  | { view: 'print-letter'; id: string }
  | { view: 'print-calibration'; weekStart: string | null }
  | { view: 'letters' | 'calibration' | 'actions' | 'reports' | 'admin' };

const SIMPLE = ['home', 'work', 'queues', 'log', 'letters', 'calibration', 'actions', 'reports', 'admin'] as const;

const ID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';

export function parseRoute(hash: string): Route {
  const m = new RegExp(`^#/case/${ID}$`).exec(hash);
  if (m?.[1]) return { view: 'case', id: m[1] };
  const contact = new RegExp(`^#/contact/${ID}$`).exec(hash);
  if (contact?.[1]) return { view: 'contact', id: contact[1] };
  const records = new RegExp(`^#/(person|property)/${ID}$`).exec(hash);
  if (records?.[2]) return { view: 'records', kind: records[1] === 'person' ? 'person' : 'property', id: records[2] };
  const letter = new RegExp(`^#/letter/${ID}$`).exec(hash);
  if (letter?.[1]) return { view: 'letter', id: letter[1] };
  const print = new RegExp(`^#/print/letter/${ID}$`).exec(hash);
  if (print?.[1]) return { view: 'print-letter', id: print[1] };
  const cal = /^#\/print\/calibration(?:\/(\d{4}-\d{2}-\d{2}))?$/.exec(hash);
  if (cal) return { view: 'print-calibration', weekStart: cal[1] ?? null };
  const name = hash.replace(/^#\//, '');
  const simple = SIMPLE.find((s) => s === name);
  return simple ? ({ view: simple } as Route) : { view: 'home' };
}

export function hrefOf(r: Route): string {
  switch (r.view) {
    case 'case':
      return `#/case/${r.id}`;
    case 'contact':
      return `#/contact/${r.id}`;
    case 'records':
      return `#/${r.kind}/${r.id}`;
    case 'letter':
      return `#/letter/${r.id}`;
    case 'print-letter':
      return `#/print/letter/${r.id}`;
    case 'print-calibration':
      return r.weekStart ? `#/print/calibration/${r.weekStart}` : '#/print/calibration';
    default:
      return `#/${r.view}`;
  }
}
