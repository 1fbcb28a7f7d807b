// Builds the renderer and (when stale) the browser host, seeds a temp desk and starts `npm run web`'s host on it
// (node dist/web/main.js), then hands the launch URL to the tests through the environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { systemClock } from '../../db/sqlite/desk-core.js';
import { buildBrowserHost, staleReason, WEB_OUT_DIR } from '../../electron/browser/build.js';
import { seedE2eDesk } from './seed.js';

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the desk did not start:\n${out}`)), 60_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /desk: open (http:\/\/127\.0\.0\.1:\d+\/#secret=[A-Za-z0-9_-]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => reject(new Error(`the desk exited (${code}):\n${out}`)));
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const started = Date.now();
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  if (staleReason()) await buildBrowserHost();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'desk-e2e-'));
  await seedE2eDesk(dataDir, systemClock.today());
  const child = spawn(
    process.execPath,
    [path.join(WEB_OUT_DIR, 'main.js'), '--data-dir', dataDir, '--static-dir', path.join(root, 'dist/renderer')],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await waitForUrl(child);
  process.env.DESK_URL = url;
  process.env.DESK_ORIGIN = new URL(url).origin;
  console.log(`e2e: desk ready in ${Date.now() - started} ms at ${new URL(url).origin}`);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  };
}
