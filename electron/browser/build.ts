// Bundles the browser-mode host (`npm run web`) into dist/web/main.js, so a launch starts plain Node on one
// prebuilt file instead of tsx transpiling the desk core at every start (measured by tests/bench/launch.ts).
// `npm run web` runs this file first: it rebuilds only when a source the last bundle was made from is newer
// than the bundle (or is gone), so a start after an edit never runs stale code. better-sqlite3 stays external
// (a native module, loaded from node_modules as before); db/sqlite's migrations are copied beside the bundle,
// where db/sqlite/migrations.ts looks for them.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB_OUT_DIR = path.join(root, 'dist', 'web');
const MIGRATIONS = path.join(root, 'db', 'sqlite', 'migrations');
const INPUTS_FILE = 'inputs.json';

/** Builds the host into `outDir` (main.js, its lazily loaded chunks, migrations/ and inputs.json). */
export async function buildBrowserHost(outDir = WEB_OUT_DIR): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { main: path.join(root, 'electron/browser/main.ts') },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Code loaded only for a rare call (the DOCX writer) stays out of the start-up file.
    splitting: true,
    // Smaller source is less for V8 to parse at every start; the source map keeps stack traces readable. It is
    // read only when a stack is formatted (stack-traces.ts; the host starts without --enable-source-maps), and
    // stack traces need only the mappings, not the sources' text.
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    outdir: outDir,
    chunkNames: 'chunks/[name]-[hash]',
    external: ['better-sqlite3'],
    // CommonJS dependencies bundled into ESM may call require() for Node's built-ins.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  });
  cpSync(MIGRATIONS, path.join(outDir, 'migrations'), { recursive: true });
  // This file too: a change to how the bundle is made is a reason to make it again.
  const inputs = [
    ...Object.keys(result.metafile.inputs).map((f) => path.resolve(root, f)),
    MIGRATIONS,
    fileURLToPath(import.meta.url),
  ];
  writeFileSync(path.join(outDir, INPUTS_FILE), JSON.stringify(inputs));
}

/** Why the bundle in `outDir` must be rebuilt, or null when it is up to date. */
export function staleReason(outDir = WEB_OUT_DIR): string | null {
  const main = path.join(outDir, 'main.js');
  const list = path.join(outDir, INPUTS_FILE);
  if (!existsSync(main) || !existsSync(list)) return 'not built yet';
  const builtAt = statSync(main).mtimeMs;
  let inputs: string[];
  try {
    inputs = JSON.parse(readFileSync(list, 'utf8')) as string[];
  } catch {
    return `unreadable ${INPUTS_FILE}`;
  }
  // A new file is only reached through an edited one, which the list holds; the migrations folder's own mtime
  // changes when a migration is added, and each migration is compared too.
  const files = [...inputs, ...listDir(MIGRATIONS)];
  for (const f of files) {
    let mtime: number;
    try {
      mtime = statSync(f).mtimeMs;
    } catch {
      return `${path.relative(root, f)} is gone`;
    }
    if (mtime > builtAt) return `${path.relative(root, f)} changed`;
  }
  return null;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const reason = process.argv.includes('--force') ? 'asked to' : staleReason();
  if (reason) {
    const t = performance.now();
    await buildBrowserHost();
    console.log(
      `browser host built into ${path.relative(root, WEB_OUT_DIR)} (${reason}) in ${(performance.now() - t).toFixed(0)} ms`,
    );
  }
}
