// Proves the layering of ARCHITECTURE.md is enforced: each deliberate violation below must fail lint (or the
// type-check), using the project's real configuration.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
const eslint = new ESLint({ cwd: root });

async function lint(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint enforces the import rules', () => {
  it.each([
    ['shared/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;", /Node built-ins/],
    ['shared/domain/x.ts', "import fs from 'fs';\nexport const f = fs;", /Node built-ins/],
    ['shared/domain/x.ts', "import Database from 'better-sqlite3';\nexport const D = Database;", /only the packages/],
    ['shared/app/x.ts', "import { app } from 'electron';\nexport const a = app;", /only the packages/],
    ['shared/contracts/x.ts', "import React from 'react';\nexport const r = React;", /only the packages/],
    ['shared/domain/x.ts', "import pg from 'pg';\nexport const p = pg;", /only the packages/],
    [
      'shared/domain/x.ts',
      "import { x } from '../app/use-cases.js';\nexport const y = x;",
      /shared\/domain\/ may import only shared\/domain/,
    ],
    ['shared/domain/x.ts', "import { x } from '../../db/sqlite/open.js';\nexport const y = x;", /may import only/],
    [
      'renderer/app/x.ts',
      "import { x } from '../../db/sqlite/open.js';\nexport const y = x;",
      /renderer\/ may import only/,
    ],
    [
      'renderer/app/x.ts',
      "import { x } from '../../shared/app/use-cases.js';\nexport const y = x;",
      /renderer\/ may import only/,
    ],
    [
      'renderer/app/x.ts',
      "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;",
      /may not import 'electron'/,
    ],
    [
      'server/x.ts',
      "import Database from 'better-sqlite3';\nexport const D = Database;",
      /may not import 'better-sqlite3'/,
    ],
    ['server/x.ts', "import { x } from '../db/sqlite/open.js';\nexport const y = x;", /server\/ may import only/],
    ['db/sqlite/x.ts', "import { x } from '../postgres/pool.js';\nexport const y = x;", /db\/sqlite\/ may import only/],
    [
      'electron/main.ts',
      "import { x } from '../renderer/app/store.js';\nexport const y = x;",
      /electron\/ may import only/,
    ],
    [
      'server/x.ts',
      "import layering from '../build/eslint/layering.js';\nexport const l = layering;",
      /Nothing imports build/,
    ],
    ['shared/domain/x.ts', "export const load = () => import('node:path');", /Node built-ins/],
  ])('%s: %s', async (file, code, message) => {
    const errors = await lint(file, code);
    expect(errors.join('\n')).toMatch(message);
  });

  it.each([
    ['export const now = Date.now();', /Clock port/],
    ['export const now = new Date();', /wall clock/],
    ['export const r = Math.random();', /seeded port/],
    ['export const id = crypto.randomUUID();', /ports/],
    ['export const e = process.env.HOME;', /no process/],
  ])('shared/ is deterministic: %s fails', async (code, message) => {
    const errors = await lint('shared/domain/x.ts', code);
    expect(errors.join('\n')).toMatch(message);
  });

  it('allows what the rules allow', async () => {
    expect(
      await lint(
        'shared/app/x.ts',
        "import { isoDate } from '../domain/dates.js';\nimport { z } from 'zod';\nexport const s = z.string();\nexport const d = isoDate;",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'db/sqlite/x.ts',
        "import { isoDate } from '../../shared/domain/dates.js';\nimport { readFileSync } from 'node:fs';\nexport const a = [isoDate, readFileSync];",
      ),
    ).toEqual([]);
    expect(
      await lint(
        'renderer/app/x.ts',
        "import { isoDate } from '../../shared/domain/dates.js';\nexport const a = isoDate;",
      ),
    ).toEqual([]);
    expect(await lint('shared/domain/x.ts', 'export const d = new Date(2024, 0, 1);')).toEqual([]);
  });

  it('the real tree passes', async () => {
    const results = await eslint.lintFiles(['shared', 'server', 'db']);
    const errors = results.flatMap((r) =>
      r.messages.filter((m) => m.severity === 2).map((m) => `${r.filePath}: ${m.message}`),
    );
    expect(errors).toEqual([]);
  });
});

describe('the type-check keeps DOM and Node typings out of shared/', () => {
  it('fails on document and process with shared/tsconfig.json', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'layering-'));
    const config = path.join(dir, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: path.join(root, 'shared/tsconfig.json'),
        include: [path.join(root, 'tests/tooling/fixtures/shared-uses-dom-and-node.ts')],
      }),
    );
    let output = '';
    try {
      execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', config], { encoding: 'utf8' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout);
    }
    expect(output).toMatch(/Cannot find name 'document'/);
    expect(output).toMatch(/Cannot find name 'process'/);
  });
});
