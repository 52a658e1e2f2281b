// One PDF from several (a meeting's invitation bundle: invitation, agenda, papers, attachments), with a bookmark tree
// that mirrors the parts. Unreadable parts become a notice page instead of failing the whole bundle.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNull, PDFNumber, PDFPage, PDFRef, StandardFonts, type PDFFont } from 'pdf-lib';

/** One document of a bundle; its children follow its pages and appear as nested bookmarks under its title. */
export interface BundlePart {
  title: string;
  pdf: Buffer | Uint8Array;
  children?: BundlePart[];
}

/** The assembled PDF plus what the caller must tell the user: parts left out or replaced, and where each part starts. */
export interface Bundle {
  pdf: Buffer;
  pageCount: number;
  /** Human-readable German notes, one per part that was replaced by a notice page or left out. */
  skipped: string[];
  /** The bookmarks in document order: page is 1-based, depth 0 is the top level. */
  outline: Array<{ title: string; page: number; depth: number }>;
}

export interface BundleOptions {
  title: string;
  author?: string;
  subject?: string;
  now: Date;
  /** Where to get a part that could not be included; printed on its notice page. */
  whereToGet?: string;
}

interface Node {
  title: string;
  depth: number;
  /** Index of the part's first page, or of the first page of its children if it has none; null: no page at all. */
  page: number | null;
  children: Node[];
}

const A4: [number, number] = [595.28, 841.89];
const DEFAULT_WHERE = 'Das Dokument kann bei der Verwaltung eingesehen oder angefordert werden.';

/** Joins the parts into one bookmarked PDF, so a council member gets a meeting's documents as a single navigable file. */
export async function bundlePdf(parts: BundlePart[], o: BundleOptions): Promise<Bundle> {
  if (parts.length === 0) throw new RangeError('no parts');
  const out = await PDFDocument.create({ updateMetadata: false });
  const skipped: string[] = [];
  let font: PDFFont | undefined;

  const add = async (part: BundlePart, depth: number): Promise<Node> => {
    const title = cleanTitle(part.title);
    const node: Node = { title, depth, page: null, children: [] };
    const first = out.getPageCount();
    const copied = await copyAll(out, part.pdf);
    if (copied.ok) {
      for (const p of copied.pages) out.addPage(p);
      // A heading over its children may come without pages; any other part without pages is worth a word.
      if (copied.pages.length === 0 && !part.children?.length) skipped.push(`„${title}“: enthält keine Seiten, ausgelassen`);
    } else {
      font ??= await out.embedFont(StandardFonts.Helvetica);
      noticePage(out, font, title, copied.reason, o.whereToGet ?? DEFAULT_WHERE);
      skipped.push(`„${title}“: ${copied.reason === 'encrypted' ? 'verschlüsselt' : 'kein lesbares PDF'}, durch einen Hinweis ersetzt`);
    }
    for (const c of part.children ?? []) node.children.push(await add(c, depth + 1));
    // A part without pages of its own still marks where its children begin.
    if (out.getPageCount() > first) node.page = first;
    return node;
  };
  const nodes: Node[] = [];
  for (const p of parts) nodes.push(await add(p, 0));
  if (out.getPageCount() === 0) throw new RangeError('bundle has no pages');

  const outline = writeOutline(out, nodes);
  out.setTitle(o.title, { showInWindowTitleBar: true });
  if (o.author) out.setAuthor(o.author);
  if (o.subject) out.setSubject(o.subject);
  out.setCreator('Amtsstube');
  out.setProducer('Amtsstube');
  out.setCreationDate(o.now);
  out.setModificationDate(o.now);
  out.setLanguage('de-DE');
  const bytes = await out.save({ addDefaultPage: false });
  return { pdf: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), pageCount: out.getPageCount(), skipped, outline };
}

type Copied = { ok: true; pages: PDFPage[] } | { ok: false; reason: 'encrypted' | 'broken' };

/** Copies every page of a PDF into `out`; on any failure, removes what was half-copied so the bundle stays clean. */
async function copyAll(out: PDFDocument, bytes: Uint8Array): Promise<Copied> {
  const before = out.context.largestObjectNumber;
  try {
    // Objects pdf-lib cannot parse would silently vanish from the copy: better a notice than a damaged document.
    const src = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true, ignoreEncryption: true });
    // Loaded only to tell why: the content of an encrypted PDF cannot be copied without its key.
    if (src.isEncrypted) return { ok: false, reason: 'encrypted' };
    const pages = await out.copyPages(src, src.getPageIndices());
    return { ok: true, pages };
  } catch {
    for (const [ref] of out.context.enumerateIndirectObjects()) if (ref.objectNumber > before) out.context.delete(ref);
    out.context.largestObjectNumber = before;
    return { ok: false, reason: 'broken' };
  }
}

/** One A4 page saying that the part could not be included, why, and where to get it (standard font, not embedded). */
function noticePage(out: PDFDocument, font: PDFFont, title: string, reason: 'encrypted' | 'broken', whereToGet: string): void {
  const page = out.addPage(A4);
  const width = A4[0] - 2 * 70;
  let y = A4[1] - 90;
  const para = (text: string, size: number) => {
    for (const line of wrap(winAnsi(font, text.replace(/\s+/g, ' ').trim()), font, size, width)) {
      page.drawText(line, { x: 70, y, size, font });
      y -= size * 1.35;
    }
    y -= size * 0.8;
  };
  para('Dokument nicht enthalten', 16);
  para(`Das Dokument „${title}“ konnte nicht in diese Zusammenstellung aufgenommen werden, ${reason === 'encrypted' ? 'weil die Datei verschlüsselt oder kennwortgeschützt ist' : 'weil die Datei beschädigt oder kein lesbares PDF ist'}.`, 11);
  para(whereToGet, 11);
}

/** Replaces what the standard font cannot show (outside WinAnsi) with "?". */
function winAnsi(font: PDFFont, s: string): string {
  const ok = new Set(font.getCharacterSet());
  return [...s].map((c) => (ok.has(c.codePointAt(0)!) ? c : '?')).join('');
}

/** Breaks text into lines of at most `width` points: at spaces, and inside words too long for a line (file names). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (fits(next)) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (!fits(rest)) {
      let n = rest.length - 1;
      while (n > 1 && !fits(rest.slice(0, n))) n--;
      lines.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

function cleanTitle(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim() || 'Dokument ohne Titel';
}

/** Builds /Outlines from the tree (all entries open), sets /PageMode /UseOutlines; returns the flat outline. */
function writeOutline(out: PDFDocument, nodes: Node[]): Bundle['outline'] {
  const flat: Bundle['outline'] = [];
  const pages = out.getPages();
  const ctx = out.context;
  // Returns the number of visible (open) entries written below `parent`.
  const level = (list: Node[], parent: PDFDict, parentRef: PDFRef): number => {
    const shown = list.filter((n) => n.page !== null);
    const refs = shown.map(() => ctx.nextRef());
    let count = 0;
    shown.forEach((n, i) => {
      flat.push({ title: n.title, page: n.page! + 1, depth: n.depth });
      const item = ctx.obj({}) as PDFDict;
      item.set(PDFName.of('Title'), PDFHexString.fromText(n.title));
      item.set(PDFName.of('Parent'), parentRef);
      item.set(PDFName.of('Dest'), destination(pages[n.page!]!));
      if (i > 0) item.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < refs.length - 1) item.set(PDFName.of('Next'), refs[i + 1]!);
      const below = level(n.children, item, refs[i]!);
      count += 1 + below;
      ctx.assign(refs[i]!, item);
    });
    if (refs.length > 0) {
      parent.set(PDFName.of('First'), refs[0]!);
      parent.set(PDFName.of('Last'), refs[refs.length - 1]!);
      parent.set(PDFName.of('Count'), PDFNumber.of(count));
    }
    return count;
  };
  const root = ctx.obj({ Type: 'Outlines' }) as PDFDict;
  const rootRef = ctx.nextRef();
  level(nodes, root, rootRef);
  ctx.assign(rootRef, root);
  out.catalog.set(PDFName.of('Outlines'), rootRef);
  out.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  return flat;
}

/** Top-left of the page at the reader's current zoom; rotated pages are fitted (their top-left is not the box's). */
function destination(page: PDFPage): PDFArray {
  const dest = PDFArray.withContext(page.doc.context);
  dest.push(page.ref);
  if (page.getRotation().angle % 360 === 0) {
    const box = page.getCropBox();
    dest.push(PDFName.of('XYZ'));
    dest.push(PDFNumber.of(box.x));
    dest.push(PDFNumber.of(box.y + box.height));
    dest.push(PDFNull);
  } else dest.push(PDFName.of('Fit'));
  return dest;
}
