// "Save as PDF" in the desktop, with Chromium's printToPDF, then a save dialog. A letter is printed from its own
// HTML document (the one the preview, the browser mode's print and the DOCX come from) in a hidden window with
// JavaScript off, so it paginates as a document of its own; a report rendered by the app (the calibration
// report) is printed from the sender's page, a print view with the app's chrome hidden for print.
// Kept free of Electron imports so Node tests can drive it with a stand-in window and file system.
import type { DeskApiResult } from '../shared/contracts/desk-api.js';
import { isTrustedSender, type SenderFrame } from './security.js';

/** The one IPC channel of the print bridge (outside the DeskApi: it needs the window, not the desk core). */
export const SAVE_PDF_CHANNEL = 'desk-print:savePdf';

/** What the print view asks for: a suggested file name, and the letter's HTML (else the sender's page is printed). */
export interface SavePdfInput {
  readonly fileName: string;
  readonly html?: string;
}

/** The largest HTML document accepted for printing (a letter is a few tens of kilobytes). */
export const MAX_PRINT_HTML = 2 * 1024 * 1024;

export interface SavePdfOutput {
  /** Where the PDF was written, or null when the user cancelled the save dialog. */
  readonly savedTo: string | null;
  readonly bytes: number;
}

/** Chromium's printToPDF options for letters and reports: A4, backgrounds kept, the page's own @page margins. */
export const PDF_OPTIONS = {
  pageSize: 'A4',
  printBackground: true,
  preferCSSPageSize: true,
  generateDocumentOutline: true,
} as const;

/** A safe file name: letters, digits, spaces, dots, dashes and underscores, ending in .pdf, never a path. */
export function pdfFileName(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const base = raw
    .trim()
    .replace(/\.pdf$/i, '')
    .replace(/[^A-Za-z0-9 ._-]/g, '-')
    .replace(/^[.\s-]+/, '')
    .slice(0, 120);
  return base ? `${base}.pdf` : null;
}

export interface PrintDeps {
  /** The sender's webContents printed to PDF (Electron: event.sender.printToPDF). */
  printToPdf(options: typeof PDF_OPTIONS): Promise<Uint8Array>;
  /** An HTML document printed to PDF in a hidden window with JavaScript off. */
  printHtmlToPdf(html: string, options: typeof PDF_OPTIONS): Promise<Uint8Array>;
  /** The save dialog: the chosen path, or null when cancelled. */
  chooseFile(suggestedName: string): Promise<string | null>;
  writeFile(file: string, data: Uint8Array): Promise<void>;
}

/** Handles one save-as-PDF request from a window; refusals and failures are values, as across the DeskApi. */
export async function handleSavePdf(
  sender: SenderFrame | null | undefined,
  trustedWebContentsIds: ReadonlySet<number>,
  input: unknown,
  deps: PrintDeps,
): Promise<DeskApiResult<SavePdfOutput>> {
  if (!isTrustedSender(sender, trustedWebContentsIds)) {
    return { ok: false, error: { code: 'forbidden', message: 'only the desk window may print' } };
  }
  const given = typeof input === 'object' && input ? (input as { fileName?: unknown; html?: unknown }) : {};
  const name = pdfFileName(given.fileName);
  if (given.html !== undefined && (typeof given.html !== 'string' || given.html.length > MAX_PRINT_HTML)) {
    return {
      ok: false,
      error: {
        code: 'invalid-input',
        message: `html: a document of at most ${MAX_PRINT_HTML} characters`,
        fields: [{ path: 'html', message: `a document of at most ${MAX_PRINT_HTML} characters` }],
      },
    };
  }
  if (!name) {
    return {
      ok: false,
      error: {
        code: 'invalid-input',
        message: 'fileName: give the PDF a name',
        fields: [{ path: 'fileName', message: 'give the PDF a name' }],
      },
    };
  }
  let pdf: Uint8Array;
  try {
    pdf =
      typeof given.html === 'string'
        ? await deps.printHtmlToPdf(given.html, PDF_OPTIONS)
        : await deps.printToPdf(PDF_OPTIONS);
  } catch (e) {
    return {
      ok: false,
      error: { code: 'internal', message: `the page could not be printed: ${(e as Error).message}` },
    };
  }
  const file = await deps.chooseFile(name);
  if (!file) return { ok: true, value: { savedTo: null, bytes: pdf.byteLength } };
  try {
    await deps.writeFile(file, pdf);
  } catch (e) {
    return { ok: false, error: { code: 'internal', message: `the PDF could not be saved: ${(e as Error).message}` } };
  }
  return { ok: true, value: { savedTo: file, bytes: pdf.byteLength } };
}
