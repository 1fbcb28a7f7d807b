// Helpers for the letters end-to-end tests: read one entry of a ZIP (a DOCX is one), read a PDF's text and
// render its first page to PNG with Debian's poppler-utils, and run axe on a screen.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { inflateRawSync } from 'node:zlib';

/** One file out of a ZIP archive, by name, via the central directory (stored or deflated entries). */
export function readZipEntry(zip: Buffer, name: string): Buffer | null {
  // End of central directory: signature 0x06054b50, searched backwards over the (at most 64 KiB) comment.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory');
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt central directory');
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const entryName = zip.toString('utf8', p + 46, p + 46 + nameLen);
    if (entryName === name) {
      if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('corrupt local header');
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`unsupported zip method ${method}`);
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return null;
}

/** The PDF's text, layout kept (poppler's pdftotext). */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

export function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}

/** Renders the first page of a PDF to `pngFile` (without its .png, which pdftoppm adds) at 100 dpi. */
export function pdfFirstPageToPng(pdf: string, pngFileWithoutExt: string): void {
  execFileSync('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', '-singlefile', pdf, pngFileWithoutExt]);
}

/**
 * axe-core: no serious or critical WCAG 2.2 A/AA violations in `scope` (the view's own content by default: the
 * title bar and rail are checked on every main screen by tests/e2e/a11y.spec.ts).
 */
export async function expectAccessible(page: Page, screen: string, scope: string | null = '#main'): Promise<void> {
  const builder = new AxeBuilder({ page });
  if (scope) builder.include(scope);
  const result = await builder
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    // Fluent's focus manager (Tabster) puts aria-hidden focus guards around toolbars and menus.
    .exclude('[data-tabster-dummy]')
    // The letter's sandboxed frame runs no script, so axe cannot run inside it: the letter document is
    // checked on its own page.
    .exclude('iframe[sandbox]')
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `${screen}: axe violations`).toEqual([]);
}
