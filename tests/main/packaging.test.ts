// electron-builder.yml, as electron-builder reads it (js-yaml): the targets for each platform, better-sqlite3
// unpacked from the asar and rebuilt for Electron, only the app's files packaged, and the Electron fuses.
// A real packaging needs Electron's binary, which these machines cannot download.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const config = load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main?: string;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  dependencies: Record<string, string>;
};

/** electron-builder's file patterns (minimatch; a later pattern wins, `!` excludes). */
function packaged(file: string): boolean {
  let included = false;
  for (const pattern of config.files as string[]) {
    const negate = pattern.startsWith('!');
    const glob = negate ? pattern.slice(1) : pattern;
    if (path.matchesGlob(file, glob)) included = !negate;
  }
  return included;
}

describe('electron-builder.yml', () => {
  it('builds NSIS and MSI for Windows, a dmg for macOS, AppImage and deb for Linux', () => {
    expect(config.win).toMatchObject({ target: ['nsis', 'msi'] });
    expect(config.mac).toMatchObject({ target: ['dmg'], hardenedRuntime: true });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect((config.linux as { maintainer?: string }).maintainer).toMatch(/<.+@.+>/); // deb needs one
  });

  it('unpacks better-sqlite3 from the asar and rebuilds it for Electron from source', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(true);
  });

  it('packages the bundles and better-sqlite3 only, not the sources, tests, server or its dependencies', () => {
    for (const f of [
      'dist/electron/main.js',
      'dist/electron/desk-utility.js',
      'dist/electron/preload.cjs',
      'dist/electron/migrations/0001_core.sql',
      'dist/electron/icons/tray-synced.png',
      'dist/renderer/index.html',
      'package.json',
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/bindings/bindings.js',
    ]) {
      expect(packaged(f), f).toBe(true);
    }
    for (const f of [
      'dist/electron/main.js.map',
      'electron/main.ts',
      'shared/app/use-cases.ts',
      'tests/main/packaging.test.ts',
      'server/main.ts',
      'node_modules/fastify/package.json',
      'node_modules/@electric-sql/pglite/package.json',
      'node_modules/pg/package.json',
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
      'node_modules/react/index.js',
    ]) {
      expect(packaged(f), f).toBe(false);
    }
    // The entry point electron-builder starts from is the bundle the build step writes.
    expect(pkg.main).toBe('dist/electron/main.js');
    expect(pkg.scripts.dist).toMatch(/electron\/build\.ts && electron-builder$/);
  });

  it('sets the Electron fuses at packaging', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('pins electron-builder exactly, as a devDependency', () => {
    expect(pkg.devDependencies['electron-builder']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies['electron-builder']).toBeUndefined();
  });
});
