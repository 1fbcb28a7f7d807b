// Files the letters workspace hands to the user: a DOCX from the desk (base64), a CSV, and "Save as PDF" of a
// print view — Chromium's printToPDF in the desktop (main saves it), the browser's own print in browser mode.
import type { DeskApiResult } from '../../../shared/contracts/desk-api.js';

declare global {
  interface Window {
    /** Present in the desktop only (electron/preload.ts). */
    deskPrint?: {
      savePdf(input: {
        fileName: string;
        html?: string;
      }): Promise<DeskApiResult<{ savedTo: string | null; bytes: number }>>;
    };
  }
}

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click has started the download; the URL can go once the event loop has moved on.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function downloadBase64(base64: string, filename: string, mediaType: string): void {
  downloadBlob(new Blob([base64ToBytes(base64)], { type: mediaType }), filename);
}

export function downloadText(text: string, filename: string, mediaType: string): void {
  downloadBlob(new Blob([text], { type: mediaType }), filename);
}

/**
 * Save as PDF: a letter from its own HTML document (`letter`), else the page on show (a print view). In the
 * desktop, Chromium's printToPDF and a save dialog; in the browser, its print dialog (which saves PDFs) on the
 * letter's frame or the page. Returns a message for the user, or null when the print dialog took over.
 */
export async function saveAsPdf(
  fileName: string,
  letter?: { html: string; frame: HTMLIFrameElement | null },
): Promise<string | null> {
  const bridge = window.deskPrint;
  if (!bridge) {
    // The frame runs no script; printing it from here prints the letter as a document of its own.
    const target = letter?.frame?.contentWindow ?? window;
    target.print();
    return null;
  }
  const r = await bridge.savePdf(letter ? { fileName, html: letter.html } : { fileName });
  if (!r.ok) return r.error.message;
  return r.value.savedTo ? `Saved to ${r.value.savedTo}` : 'Not saved.';
}
