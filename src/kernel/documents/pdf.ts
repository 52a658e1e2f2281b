import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';

const require = createRequire(import.meta.url);
// pdfmake is CommonJS and keeps font and access settings on one shared instance.
const pdfmake = require('pdfmake') as {
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  setFonts(fonts: Record<string, Record<string, string>>): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
};

const fontDir = dirname(require.resolve('@expo-google-fonts/fira-sans/package.json'));
const font = (dir: string) => join(fontDir, dir, `FiraSans_${dir}.ttf`);
pdfmake.setFonts({
  FiraSans: { normal: font('400Regular'), bold: font('600SemiBold'), italics: font('400Regular_Italic'), bolditalics: font('600SemiBold_Italic') },
});
// No network, and only our font files from disk: a document can never pull in outside content.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => path.startsWith(fontDir));

export interface Letterhead {
  authority: string;
  address: string[];
  contact: string[];
  armsSvg?: string | undefined;
}

export interface LetterOptions {
  letterhead: Letterhead;
  recipient: string[];
  date: string;
  reference: string;
  subject: string;
  body: Content[];
  /** URL encoded in a QR code in the footer, leading to the verification page. */
  verifyUrl?: string;
  footerNote?: string;
}

/** The page content of one letter: letterhead, address field, reference line, subject, body. */
function letterContent(o: LetterOptions): Content[] {
  return [
    {
      columns: [
        { width: '*', stack: [{ text: o.letterhead.authority, fontSize: 16, bold: true }, ...o.letterhead.address.map((l) => ({ text: l, fontSize: 9 }))] },
        ...(o.letterhead.armsSvg ? [{ width: 48, svg: o.letterhead.armsSvg, fit: [48, 56] as [number, number] }] : []),
      ],
    },
    { text: `${o.letterhead.authority} · ${o.letterhead.address.join(' · ')}`, fontSize: 7, margin: [0, 40, 0, 4], color: '#555555' },
    { stack: o.recipient.map((l) => ({ text: l })), margin: [0, 0, 0, 30] },
    {
      columns: [
        { width: '*', text: [{ text: 'Aktenzeichen: ', bold: true }, o.reference] },
        { width: 'auto', text: o.date },
      ],
      margin: [0, 0, 0, 20],
    },
    { text: o.subject, bold: true, fontSize: 12, margin: [0, 0, 0, 12] },
    ...o.body,
  ];
}

function letterFooter(o: LetterOptions, pageText: string): Content {
  return {
    margin: [70, 10, 55, 0],
    columns: [
      { width: '*', stack: [...o.letterhead.contact.map((l) => ({ text: l, fontSize: 7.5 })), ...(o.footerNote ? [{ text: o.footerNote, fontSize: 7.5, margin: [0, 3, 0, 0] as [number, number, number, number] }] : []), { text: pageText, fontSize: 7.5 }] },
      ...(o.verifyUrl ? [{ width: 60, qr: o.verifyUrl, fit: 60, eccLevel: 'M' as const }] : []),
    ],
  };
}

const LETTER_PAGE = { pageSize: 'A4', pageMargins: [70, 60, 55, 90], defaultStyle: { font: 'FiraSans', fontSize: 10.5, lineHeight: 1.25 } } as const;

/** A DIN-5008-like letter (A4, letterhead, address field, reference line, QR verification), as a PDF. */
export async function renderLetter(o: LetterOptions): Promise<Buffer> {
  const doc: TDocumentDefinitions = {
    ...LETTER_PAGE,
    pageMargins: [...LETTER_PAGE.pageMargins],
    defaultStyle: { ...LETTER_PAGE.defaultStyle },
    info: { title: o.subject, author: o.letterhead.authority, creator: 'Amtsstube' },
    content: letterContent(o),
    footer: (current: number, total: number) => letterFooter(o, `Seite ${current} von ${total}`),
  };
  return pdfmake.createPdf(doc).getBuffer();
}

/** Number of pages of a PDF this renderer made (its page objects). */
export function pdfPageCount(pdf: Uint8Array): number {
  return (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
}

/**
 * Several letters in one PDF for printing (a print batch), each starting on a new page. `pages` is each letter's
 * page count when rendered alone (pdfPageCount): with it, every letter keeps its own "Seite x von y"; without it, or if
 * the layout differs, the footer counts the sheets of the whole batch.
 */
export async function renderLetters(letters: readonly { letter: LetterOptions; pages?: number }[], o: { title: string; author: string }): Promise<Buffer> {
  if (letters.length === 0) throw new RangeError('no letters');
  const starts: number[] = [];
  let next = 1;
  for (const l of letters) {
    starts.push(next);
    next += l.pages ?? 0;
  }
  const known = letters.every((l) => (l.pages ?? 0) > 0);
  const doc: TDocumentDefinitions = {
    ...LETTER_PAGE,
    pageMargins: [...LETTER_PAGE.pageMargins],
    defaultStyle: { ...LETTER_PAGE.defaultStyle },
    info: { title: o.title, author: o.author, creator: 'Amtsstube' },
    content: letters.map((l, i) => ({ stack: letterContent(l.letter), ...(i > 0 ? { pageBreak: 'before' as const } : {}) })),
    footer: (current: number, total: number) => {
      if (known && next - 1 === total) {
        let i = starts.length - 1;
        while (i > 0 && starts[i]! > current) i--;
        const l = letters[i]!;
        return letterFooter(l.letter, `Seite ${current - starts[i]! + 1} von ${l.pages}`);
      }
      // The contact lines are the tenant's, the same on every letter of a batch.
      return letterFooter(letters[0]!.letter, `Blatt ${current} von ${total}`);
    },
  };
  return pdfmake.createPdf(doc).getBuffer();
}

export interface PdfDocumentOptions {
  title: string;
  author?: string;
  /** The document's creation time (PDF metadata); pass the injected clock's time so output is reproducible. */
  createdAt?: Date;
  content: Content[];
  header?: TDocumentDefinitions['header'];
  footer?: TDocumentDefinitions['footer'];
  pageMargins?: [number, number, number, number];
  pageOrientation?: 'portrait' | 'landscape';
  styles?: TDocumentDefinitions['styles'];
  fontSize?: number;
  /** pdfmake's hook to move a node to the next page (e.g. keep a heading with what follows). */
  pageBreakBefore?: TDocumentDefinitions['pageBreakBefore'];
}

/** Any pdfmake content as an A4 PDF in the house font, for layouts that are not letters (lists, visualisations). */
export async function renderPdfContent(o: PdfDocumentOptions): Promise<Buffer> {
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: o.pageOrientation ?? 'portrait',
    pageMargins: o.pageMargins ?? [50, 60, 50, 60],
    defaultStyle: { font: 'FiraSans', fontSize: o.fontSize ?? 9.5, lineHeight: 1.2 },
    info: { title: o.title, author: o.author ?? 'Amtsstube', creator: 'Amtsstube', ...(o.createdAt ? { creationDate: o.createdAt } : {}) },
    content: o.content,
    ...(o.header ? { header: o.header } : {}),
    ...(o.footer ? { footer: o.footer } : {}),
    ...(o.styles ? { styles: o.styles } : {}),
    ...(o.pageBreakBefore ? { pageBreakBefore: o.pageBreakBefore } : {}),
  };
  return pdfmake.createPdf(doc).getBuffer();
}
