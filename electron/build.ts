// Bundles the Electron shell for `npm start` and packaging: main (ESM), the desk core's utility process (ESM)
// and the preload (one CommonJS file, as a sandboxed preload must be). better-sqlite3 stays external: it is
// unpacked from the asar and rebuilt for Electron at packaging.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(root, 'dist', 'electron');

export async function buildShell(outDir = OUT_DIR): Promise<void> {
  const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning' } as const;
  await Promise.all([
    build({
      ...common,
      entryPoints: { main: path.join(root, 'electron/main.ts') },
      format: 'esm',
      outdir: outDir,
      outExtension: { '.js': '.js' },
      external: ['electron', 'better-sqlite3'],
    }),
    build({
      ...common,
      entryPoints: { 'desk-utility': path.join(root, 'electron/desk/utility.ts') },
      format: 'esm',
      outdir: outDir,
      external: ['electron', 'better-sqlite3'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    }),
    build({
      ...common,
      entryPoints: { preload: path.join(root, 'electron/preload.ts') },
      format: 'cjs',
      platform: 'browser',
      outdir: outDir,
      outExtension: { '.js': '.cjs' },
      external: ['electron'],
    }),
  ]);
  // db/sqlite reads its migrations from ./migrations beside the module, which is now the bundle.
  cpSync(path.join(root, 'db/sqlite/migrations'), path.join(outDir, 'migrations'), { recursive: true });
  // The tray's status icons (electron/tray.ts loads them from ./icons beside main).
  cpSync(path.join(root, 'build/icons'), path.join(outDir, 'icons'), { recursive: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildShell();
  console.log(`electron shell built into ${OUT_DIR}`);
}
