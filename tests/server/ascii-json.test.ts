// The snapshot route's bodies are sent as ASCII (server/routes/sync.ts asciiJson): the same JSON value.
import { describe, expect, it } from 'vitest';
import { asciiJson } from '../../server/routes/sync.js';

describe('asciiJson', () => {
  it('writes every character outside ASCII as a \\u escape, leaving the JSON value as it was', () => {
    const value = [
      { id: 'a', summary: 'Repairs — £250 offered to Zoë Brontë', detail_json: '{"note":"café ☕ 😀"}', n: 1.5 },
      { id: 'b', summary: 'Quote " and backslash \\ and newline \n stay escaped', n: null },
    ];
    const text = JSON.stringify(value);
    const out = asciiJson(text);
    expect(/^[\x20-\x7e]*$/.test(out)).toBe(true);
    expect(out).toContain('\\u00a3250'); // £
    expect(out).toContain('\\ud83d\\ude00'); // 😀, as its two surrogates
    expect(JSON.parse(out)).toEqual(value);
  });

  it('gives an ASCII text back as it is', () => {
    const text = '[{"id":"a","summary":"plain \\u00a3 already escaped"}]';
    expect(asciiJson(text)).toBe(text);
  });
});
