// The PostgreSQL harness must fail loudly, never skip, when the server binaries are missing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPostgresBin, MISSING_POSTGRES } from './postgres.js';

describe('PostgreSQL test harness', () => {
  it('fails with the install command when initdb and pg_ctl are nowhere', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'cd-nopg-'));
    try {
      expect(() => findPostgresBin(empty, path.join(empty, 'no-such-root'))).toThrow(MISSING_POSTGRES);
      expect(MISSING_POSTGRES).toContain('apt-get install -y postgresql');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("finds Debian's newest versioned binaries when they are not on PATH", () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cd-fakepg-'));
    try {
      for (const v of ['9', '15', '16']) {
        mkdirSync(path.join(root, v, 'bin'), { recursive: true });
        for (const b of ['initdb', 'pg_ctl']) writeFileSync(path.join(root, v, 'bin', b), '');
      }
      expect(findPostgresBin('', root)).toBe(path.join(root, '16', 'bin'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
