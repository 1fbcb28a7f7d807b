// One launch of the browser mode on the bench store, printed as a waterfall (diagnosis, not a benchmark):
// every request the page made (Resource Timing: queued, sent, first byte, last byte), the page's own milestones
// (first paint, the sign-in form, the workspace's rail, My work's first row), its long tasks, and the
// automation's steps, all on one clock starting when the host process is spawned.
//
//   npx tsx tests/bench/launch-trace.ts [--store FILE] [--static-dir DIR] [--email E] [--password P] [--runs N]
//
// Needs the bench store prepared by tests/bench/launch.ts (the agent's verifier) and a built renderer.
import { linkSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { startHost, untilScript } from './launch.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: '' },
    'static-dir': { type: 'string', default: path.resolve('dist/renderer') },
    email: { type: 'string', default: 'agent55@bench.example' },
    password: { type: 'string', default: 'bench-agent-password' },
    scratch: { type: 'string', default: path.resolve('.bench/trace') },
    runs: { type: 'string', default: '1' },
  },
});

const root = path.resolve(import.meta.dirname, '..', '..');
// By default the largest store in .bench: the full-size one that `BENCH_ONLY=launch npm run bench` prepared (the
// quick BENCH_SCALE=0.01 store beside it has no bench agent's verifier, so its sign-in would never finish).
const store =
  values.store ||
  readdirSync(path.join(root, '.bench'))
    .filter((f) => f.endsWith('.db'))
    .map((f) => ({ f, size: statSync(path.join(root, '.bench', f)).size }))
    .sort((a, b) => b.size - a.size)[0]?.f;
if (!store) throw new Error('no bench store in .bench: run `BENCH_ONLY=launch npm run bench` first');
const storeFile = path.isAbsolute(store) ? store : path.join(root, '.bench', store);
const dataDir = values.scratch;
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(path.join(dataDir, 'desks', 'default'), { recursive: true });
linkSync(storeFile, path.join(dataDir, 'desks', 'default', 'desk.db'));

const INIT = `(() => {
  const marks = (window.__marks = []);
  const seen = new Set();
  const check = () => {
    const probes = {
      'form: Email field': () => document.querySelector('input[type=email]'),
      'workspace: rail': () => document.querySelector('nav[aria-label=Workspace]'),
      'home: heading': () => [...document.querySelectorAll('h1')].find((h) => /Home|Good/.test(h.textContent)),
      'my work: first row': () => document.querySelector('tr[data-reference] a'),
      'spinner': () => document.querySelector('[role=progressbar]'),
    };
    for (const [k, f] of Object.entries(probes)) {
      if (!seen.has(k) && f()) { seen.add(k); marks.push([k, performance.now()]); }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  for (const t of ['keydown', 'click', 'submit']) {
    document.addEventListener(t, (e) => marks.push(['event: ' + t + (e.key ? ' ' + e.key : ''), performance.now()]), true);
  }
  window.__long = [];
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
})()`;

// Checked at every animation frame: locator.waitFor() backs off to every 500 ms.
const until = (page: Page, check: string) => page.evaluate(untilScript(check));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  for (let run = 0; run < Number(values.runs); run++) {
    const steps: [string, number][] = [];
    const step = (s: string) => steps.push([s, Date.now()]);
    const t0 = Date.now();
    step('spawn host');
    const host = await startHost(root, dataDir, values['static-dir']);
    const url = host.url;
    step('host printed URL');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(INIT);
    const page = await context.newPage();
    step('context + page ready');
    await page.goto(url, { waitUntil: 'commit' });
    step('goto returned (commit)');
    await until(page, `document.querySelector('input[type=email]') !== null`);
    step('Email found');
    await page.getByLabel('Email').fill(values.email);
    await page.getByLabel('Password').fill(values.password);
    step('typed');
    await page.getByRole('button', { name: 'Sign in' }).click();
    step('click returned');
    await until(page, `document.querySelector('nav[aria-label="Workspace"]') !== null`);
    step('rail found');
    await page.evaluate(`document.querySelector('nav[aria-label="Workspace"] a[href="#/work"]').click()`);
    step('My work clicked');
    await until(
      page,
      `[...document.querySelectorAll('table')].some((t) => t.caption?.textContent === 'My work' && t.querySelector('tr[data-reference] a'))`,
    );
    step('My work first row found');
    const data = (await page.evaluate(`(() => ({
      origin: performance.timeOrigin,
      nav: performance.getEntriesByType('navigation').map((e) => e.toJSON()),
      res: performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: e.startTime, req: e.requestStart, first: e.responseStart, end: e.responseEnd, size: e.transferSize, initiator: e.initiatorType, proto: e.nextHopProtocol, conn: e.connectEnd - e.connectStart })),
      paint: performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]),
      marks: window.__marks,
      long: window.__long,
    }))()`)) as {
      origin: number;
      nav: {
        [
          k in
            | 'startTime'
            | 'responseStart'
            | 'responseEnd'
            | 'domInteractive'
            | 'domContentLoadedEventEnd'
            | 'loadEventEnd'
        ]: number;
      }[];
      res: {
        name: string;
        start: number;
        req: number;
        first: number;
        end: number;
        size: number;
        initiator: string;
        conn: number;
      }[];
      paint: [string, number][];
      marks: [string, number][];
      long: [number, number][];
    };
    const off = data.origin - t0; // page time + off = ms since spawn
    const rows: [number, string][] = [];
    for (const [s, t] of steps) rows.push([t - t0, `node   ${s}`]);
    const n = data.nav[0];
    if (n) {
      rows.push([n.startTime + off, 'page   navigation start']);
      rows.push([n.responseStart + off, 'page   index.html first byte']);
      rows.push([n.responseEnd + off, 'page   index.html end']);
      rows.push([n.domInteractive + off, 'page   domInteractive']);
      rows.push([n.domContentLoadedEventEnd + off, 'page   DOMContentLoaded end']);
      rows.push([n.loadEventEnd + off, 'page   load end']);
    }
    for (const r of data.res) {
      const name = r.name.replace(/^http:\/\/127\.0\.0\.1:\d+/, '');
      rows.push([
        r.start + off,
        `req    ${name.padEnd(40)} queued→sent ${(r.req - r.start).toFixed(0)} sent→1st ${(r.first - r.req).toFixed(0)} 1st→end ${(r.end - r.first).toFixed(0)} ends ${(r.end + off).toFixed(0)} (${r.size} B${r.conn ? `, connect ${r.conn.toFixed(0)}` : ''})`,
      ]);
    }
    for (const [k, t] of data.paint) rows.push([t + off, `paint  ${k}`]);
    for (const [k, t] of data.marks) rows.push([t + off, `mark   ${k}`]);
    for (const [t, d] of data.long)
      rows.push([t + off, `long   task ${d.toFixed(0)} ms (to ${(t + d + off).toFixed(0)})`]);
    rows.sort((a, b) => a[0] - b[0]);
    console.log(`--- run ${run + 1}`);
    for (const [t, s] of rows) console.log(`${t.toFixed(0).padStart(6)}  ${s}`);
    await context.close();
    await host.stop();
  }
} finally {
  await browser.close();
  rmSync(dataDir, { recursive: true, force: true });
}
