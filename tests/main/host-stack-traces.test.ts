// The bundled browser-mode host starts without --enable-source-maps (Node would read and parse the source map
// at every start) and still prints stack traces that name the TypeScript sources: electron/browser/
// stack-traces.ts maps them when a stack is formatted. Proved on the real bundle, made as `npm run web` makes it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBrowserHost } from '../../electron/browser/build.js';

const root = path.resolve(import.meta.dirname, '..', '..');
// Inside the checkout, so the bundle finds better-sqlite3 in node_modules as dist/web does.
const outDir = path.join(root, 'dist', `web-stack-test-${process.pid}`);
let dataDir: string;

beforeAll(async () => {
  await buildBrowserHost(outDir);
  dataDir = mkdtempSync(path.join(tmpdir(), 'desk-stack-'));
});

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the host with a port it cannot listen on: it opens the desk, then fails with an uncaught error. */
function failingStart(nodeFlags: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(
    process.execPath,
    [
      ...nodeFlags,
      path.join(outDir, 'main.js'),
      '--data-dir',
      dataDir,
      '--static-dir',
      dataDir,
      '--no-demo',
      '--port',
      '99999999',
    ],
    { cwd: root, encoding: 'utf8', timeout: 30_000 },
  );
  return { status: r.status, stderr: r.stderr };
}

describe('stack traces of the bundled host', () => {
  it('name the .ts sources and the original function names without --enable-source-maps', () => {
    const { status, stderr } = failingStart([]);
    expect(status).not.toBe(0);
    expect(stderr).toContain('RangeError [ERR_SOCKET_BAD_PORT]');
    // The minifier renamed startBrowserHost; the trace has its own name back, at its line in host.ts.
    expect(stderr).toMatch(/\n {4}at startBrowserHost \(\/\S+\/electron\/browser\/host\.ts:\d+:\d+\)\n/);
    expect(stderr).toMatch(/\n {4}at .*\(\/\S+\/electron\/browser\/main\.ts:\d+:\d+\)\n/);
    // No frame points into the bundle itself.
    expect(stderr).not.toMatch(/web-stack-test-\d+\/(main|chunks\/.*)\.js:\d+/);
  });

  it('read exactly as with --enable-source-maps', () => {
    const frames = (s: string) => s.split('\n').filter((l) => l.startsWith('    at ') || /^\w*Error/.test(l));
    const lazy = frames(failingStart([]).stderr);
    expect(lazy.length).toBeGreaterThan(3);
    expect(lazy).toEqual(frames(failingStart(['--enable-source-maps']).stderr));
  });
});
