// Save as PDF in the desktop (electron/print.ts): only the desk window's own top frame may ask, the file name
// cannot become a path, a cancelled dialog writes nothing, and failures come back as values.
import { describe, expect, it } from 'vitest';
import { handleSavePdf, MAX_PRINT_HTML, pdfFileName, PDF_OPTIONS, type PrintDeps } from '../../electron/print.js';

const trusted = new Set([7]);
const own = { url: 'app://desk/#/print/letter/x', isMainFrame: true, webContentsId: 7 };

function deps(choose: string | null, opts: { failPrint?: boolean; failWrite?: boolean } = {}) {
  const written: { file: string; data: Uint8Array }[] = [];
  const printed: unknown[] = [];
  const documents: string[] = [];
  const d: PrintDeps = {
    printToPdf: (o) => {
      printed.push(o);
      return opts.failPrint ? Promise.reject(new Error('no page')) : Promise.resolve(new Uint8Array([37, 80, 68, 70]));
    },
    printHtmlToPdf: (html, o) => {
      documents.push(html);
      printed.push(o);
      return Promise.resolve(new Uint8Array([37, 80, 68, 70, 45]));
    },
    chooseFile: () => Promise.resolve(choose),
    writeFile: (file, data) => {
      if (opts.failWrite) return Promise.reject(new Error('disk full'));
      written.push({ file, data });
      return Promise.resolve();
    },
  };
  return { d, written, printed, documents };
}

describe('PDF file names', () => {
  it('keeps a plain name, adds .pdf once, and never lets a path through', () => {
    expect(pdfFileName('CMP-DEMO-000123 acknowledgement')).toBe('CMP-DEMO-000123 acknowledgement.pdf');
    expect(pdfFileName('report.PDF')).toBe('report.pdf');
    expect(pdfFileName('../../etc/passwd')).toBe('etc-passwd.pdf');
    expect(pdfFileName('C:\\Windows\\x')).toBe('C--Windows-x.pdf');
    expect(pdfFileName('   ')).toBeNull();
    expect(pdfFileName(42)).toBeNull();
  });
});

describe('save as PDF', () => {
  it('prints the sender page A4 with backgrounds and writes it where the user chose', async () => {
    const { d, written, printed } = deps('/home/me/letter.pdf');
    const r = await handleSavePdf(own, trusted, { fileName: 'letter' }, d);
    expect(r).toEqual({ ok: true, value: { savedTo: '/home/me/letter.pdf', bytes: 4 } });
    expect(printed).toEqual([PDF_OPTIONS]);
    expect(PDF_OPTIONS).toMatchObject({ pageSize: 'A4', printBackground: true });
    expect(written.map((w) => w.file)).toEqual(['/home/me/letter.pdf']);
  });
  it('prints a letter from its own HTML document instead of the page, when given one', async () => {
    const { d, documents, printed, written } = deps('/home/me/l.pdf');
    const html = '<!DOCTYPE html><html><body><p>Dear Rosa</p></body></html>';
    const r = await handleSavePdf(own, trusted, { fileName: 'l', html }, d);
    expect(r).toEqual({ ok: true, value: { savedTo: '/home/me/l.pdf', bytes: 5 } });
    expect(documents).toEqual([html]);
    expect(printed).toEqual([PDF_OPTIONS]);
    expect(written).toHaveLength(1);
    const tooBig = await handleSavePdf(own, trusted, { fileName: 'l', html: 'x'.repeat(MAX_PRINT_HTML + 1) }, d);
    expect(tooBig.ok ? null : tooBig.error.code).toBe('invalid-input');
    const notText = await handleSavePdf(own, trusted, { fileName: 'l', html: 42 }, d);
    expect(notText.ok ? null : notText.error.code).toBe('invalid-input');
    expect(documents).toHaveLength(1);
  });
  it('writes nothing when the dialog is cancelled', async () => {
    const { d, written } = deps(null);
    const r = await handleSavePdf(own, trusted, { fileName: 'letter' }, d);
    expect(r).toEqual({ ok: true, value: { savedTo: null, bytes: 4 } });
    expect(written).toEqual([]);
  });
  it('refuses other windows, iframes and other origins before printing anything', async () => {
    for (const sender of [
      { ...own, webContentsId: 8 },
      { ...own, isMainFrame: false },
      { ...own, url: 'https://evil.example/' },
      null,
    ]) {
      const { d, printed } = deps('/x.pdf');
      const r = await handleSavePdf(sender, trusted, { fileName: 'letter' }, d);
      expect(r.ok ? null : r.error.code).toBe('forbidden');
      expect(printed).toEqual([]);
    }
  });
  it('names a missing file name, and reports print and write failures as values', async () => {
    const bad = await handleSavePdf(own, trusted, {}, deps('/x.pdf').d);
    expect(bad.ok ? null : bad.error.fields).toEqual([{ path: 'fileName', message: 'give the PDF a name' }]);
    const print = await handleSavePdf(own, trusted, { fileName: 'a' }, deps('/x.pdf', { failPrint: true }).d);
    expect(print.ok ? null : print.error.message).toMatch(/could not be printed: no page/);
    const write = await handleSavePdf(own, trusted, { fileName: 'a' }, deps('/x.pdf', { failWrite: true }).d);
    expect(write.ok ? null : write.error.message).toMatch(/could not be saved: disk full/);
  });
});
