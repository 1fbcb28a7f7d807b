// DOCX for staff who finish a letter in Word, made with the `docx` package from the letter's own HTML (the
// same document the preview and the PDF come from). The HTML is ours (shared/domain/letters/render.ts writes
// a small, fixed set of elements), so it is read element by element here rather than with a general parser;
// text is decoded from entities and handed to docx as text, which escapes it for the XML.
import { Document, HeadingLevel, Packer, Paragraph, TextRun, AlignmentType } from 'docx';

export interface LetterBlock {
  readonly kind: 'title' | 'heading' | 'paragraph' | 'right';
  /** Lines of the block (a <br> starts a new line). */
  readonly lines: readonly string[];
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  nbsp: '\u00A0',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|nbsp|#\d+|#x[0-9a-fA-F]+);/g, (m, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#') && name !== '#39') return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? m;
  });
}

function linesOf(inner: string): string[] {
  return inner.split(/<br\s*\/?>/i).map((part) => decodeEntities(part.replace(/<[^>]*>/g, '')));
}

/** The letter's blocks in order: the title, section headings and paragraphs (header paragraphs included). */
export function letterBlocks(html: string): LetterBlock[] {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? '';
  const blocks: LetterBlock[] = [];
  for (const m of body.matchAll(/<(h1|h2|p)(\s[^>]*)?>([\s\S]*?)<\/\1>/gi)) {
    const tag = (m[1] ?? '').toLowerCase();
    const attrs = m[2] ?? '';
    const lines = linesOf(m[3] ?? '');
    if (lines.every((l) => l.trim() === '')) continue;
    blocks.push({
      kind: tag === 'h1' ? 'title' : tag === 'h2' ? 'heading' : /class="meta"/.test(attrs) ? 'right' : 'paragraph',
      lines,
    });
  }
  return blocks;
}

/** The body text size from the letter's CSS (large print letters keep their size in Word too). */
export function fontSizeOf(html: string): number {
  const m = /body\s*\{[^}]*font-size:\s*(\d+(?:\.\d+)?)pt/.exec(html);
  return m ? Number(m[1]) : 12;
}

export async function letterDocx(html: string, title: string): Promise<Buffer> {
  const size = fontSizeOf(html) * 2; // docx counts half-points
  const runs = (lines: readonly string[], bold = false) =>
    lines.map((text, i) => new TextRun({ text, bold, size, font: 'Arial', ...(i > 0 ? { break: 1 } : {}) }));
  const paragraphs = letterBlocks(html).map((b) => {
    switch (b.kind) {
      case 'title':
        return new Paragraph({
          heading: HeadingLevel.HEADING_1,
          children: runs(b.lines, true),
          spacing: { after: 200 },
        });
      case 'heading':
        return new Paragraph({
          heading: HeadingLevel.HEADING_2,
          children: runs(b.lines, true),
          spacing: { before: 200 },
        });
      case 'right':
        return new Paragraph({ alignment: AlignmentType.RIGHT, children: runs(b.lines), spacing: { after: 200 } });
      case 'paragraph':
        return new Paragraph({ children: runs(b.lines), spacing: { after: 160 } });
    }
  });
  const doc = new Document({
    title,
    creator: 'Complaints Desk',
    sections: [
      {
        properties: {
          page: {
            // A4 in twentieths of a point, 20 mm margins (as the print CSS).
            size: { width: 11906, height: 16838 },
            margin: { top: 1134, bottom: 1247, left: 1134, right: 1134 },
          },
        },
        children: paragraphs,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
