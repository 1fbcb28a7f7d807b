// One complete HTML document per letter: the preview, the PDF (printToPDF or the browser's print) and the
// DOCX all come from it. Every value that comes from case data, the agent or an administrator is escaped
// where it is placed; merge fields are replaced in ONE pass over the template text only, so a `{{…}}` typed
// in a case's data or in the agent's text stays literal text and markup never reaches the document.
import type { LetterAdjustments, LetterTemplate } from './types.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g;

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Control characters other than tab and newlines have no place in a letter (and break DOCX's XML). */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/** Plain text → paragraphs: a blank line starts a new paragraph, a single newline is a line break. */
export function paragraphsHtml(text: string): string {
  return clean(text)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** A template's text with its merge fields filled: literal text and values escaped alike. */
export function mergeTemplateHtml(
  text: string,
  fields: Readonly<Record<string, string>>,
): { html: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const paragraphs = clean(text)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const html = paragraphs
    .map((p) => {
      let out = '';
      let last = 0;
      for (const m of p.matchAll(PLACEHOLDER)) {
        const at = m.index ?? 0;
        out += escapeHtml(p.slice(last, at)).replace(/\n/g, '<br>');
        const name = m[1] ?? '';
        const value = fields[name];
        if (value === undefined || value.trim() === '') {
          unresolved.push(name);
          out += `<span class="missing">[${escapeHtml(name)}]</span>`;
        } else {
          out += escapeHtml(clean(value)).replace(/\n/g, '<br>');
        }
        last = at + m[0].length;
      }
      out += escapeHtml(p.slice(last)).replace(/\n/g, '<br>');
      return `<p>${out}</p>`;
    })
    .join('\n');
  return { html, unresolved };
}

export interface RenderInput {
  readonly template: LetterTemplate;
  readonly sections: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, string>>;
  readonly adjustments: LetterAdjustments;
  readonly title: string;
}

/** The standard body size; large print is at least 16 pt (RNIB's clear print guidance). */
export const STANDARD_FONT_PT = 12;
export const LARGE_PRINT_MIN_PT = 16;

export function renderLetterHtml(input: RenderInput): string {
  const { template, sections, fields, adjustments } = input;
  const size = adjustments.largePrint ? Math.max(LARGE_PRINT_MIN_PT, adjustments.fontSizePt) : adjustments.fontSizePt;
  const body: string[] = [];
  for (const s of template.sections) {
    const content = s.mode === 'free' ? paragraphsHtml(sections[s.key] ?? '') : mergeTemplateHtml(s.text, fields).html;
    if (!content) continue;
    const heading = s.heading ? `<h2>${escapeHtml(s.heading)}</h2>\n` : '';
    body.push(`<section data-section="${escapeHtml(s.key)}">\n${heading}${content}\n</section>`);
  }
  const address = fields['person.address'] ?? '';
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(input.title)}</title>
<style>
@page { size: A4; margin: 20mm 20mm 22mm 20mm; }
html { -webkit-print-color-adjust: exact; }
body { font-family: Arial, Helvetica, sans-serif; font-size: ${size}pt; line-height: 1.5; color: #000; max-width: 170mm; margin: 0 auto; }
header { margin-bottom: 1.5em; }
header .landlord { font-weight: bold; font-size: 1.2em; }
header .meta { text-align: right; }
h1 { font-size: 1.3em; margin: 1em 0 0.5em; }
h2 { font-size: 1.1em; margin: 1.2em 0 0.3em; }
p { margin: 0 0 0.7em; }
.missing { background: #fff3b0; color: #5a4500; }
section { break-inside: avoid-page; }
</style>
</head>
<body class="${adjustments.largePrint ? 'large-print' : 'standard-print'}">
<header>
<p class="landlord">${escapeHtml(fields['landlord.name'] ?? '')}</p>
<p class="address">${escapeHtml(fields['person.name'] ?? '')}${address ? '<br>' + escapeHtml(address).replace(/\n/g, '<br>') : ''}</p>
<p class="meta">Date: ${escapeHtml(fields['letter.date'] ?? '')}<br>Our reference: ${escapeHtml(fields['case.reference'] ?? '')}</p>
</header>
<main>
<h1>${escapeHtml(input.title)}</h1>
${body.join('\n')}
</main>
</body>
</html>
`;
}

/** The resident's recorded preferences and adjustments, as the letter honours them. */
export interface ResidentPreferences {
  readonly largePrint: boolean;
  readonly fontSizePt: number | null;
  readonly preferredChannel: string | null;
  readonly language: string | null;
  readonly easyRead: boolean;
  readonly braille: boolean;
  readonly adjustments: readonly { readonly kind: string; readonly detail: string }[];
}

export const NO_PREFERENCES: ResidentPreferences = {
  largePrint: false,
  fontSizePt: null,
  preferredChannel: null,
  language: null,
  easyRead: false,
  braille: false,
  adjustments: [],
};

export function letterAdjustments(prefs: ResidentPreferences, letterLargePrint: boolean): LetterAdjustments {
  const largePrint = letterLargePrint || prefs.largePrint || prefs.adjustments.some((a) => a.kind === 'large-print');
  const fontSizePt = largePrint
    ? Math.max(LARGE_PRINT_MIN_PT, prefs.fontSizePt ?? LARGE_PRINT_MIN_PT)
    : STANDARD_FONT_PT;
  const formats = [
    largePrint ? `large print (${fontSizePt} pt)` : null,
    prefs.braille ? 'braille' : null,
    prefs.easyRead ? 'easy read' : null,
    prefs.preferredChannel ? `by ${prefs.preferredChannel}` : null,
  ].filter((x): x is string => x !== null);
  const english = !prefs.language || /^en(glish)?\b/i.test(prefs.language.trim());
  return {
    largePrint,
    fontSizePt,
    preferredFormat: formats.length ? formats.join(', ') : null,
    languageNote: english
      ? null
      : `The resident's preferred language is ${prefs.language ?? ''}: offer a translation of this letter.`,
    notes: prefs.adjustments.map((a) => `${a.kind}: ${a.detail}`),
  };
}
