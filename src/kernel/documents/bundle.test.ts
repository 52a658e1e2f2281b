import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, StandardFonts, degrees } from 'pdf-lib';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { renderLetter } from './pdf.ts';
import { bundlePdf, type BundlePart } from './bundle.ts';

const NOW = new Date('2026-11-24T09:30:00Z');

const letter = (subject: string, paragraphs = 1) =>
  renderLetter({
    letterhead: { authority: 'Stadt Havelwerder', address: ['Markt 1', '14712 Havelwerder'], contact: ['Telefon 03385 0'] },
    recipient: ['Ratsmitglied Erika Muster', 'Lindenweg 4', '14712 Havelwerder'],
    date: '24.11.2026',
    reference: '10.20-2026-05',
    subject,
    body: Array.from({ length: paragraphs }, (_, i) => ({ text: `Absatz ${i + 1}: Die Sitzung findet im Ratssaal statt. Über die Vorlagen wird öffentlich beraten.`, margin: [0, 0, 0, 8] as [number, number, number, number] })),
  });

/** A plain pdf-lib document with `pages` pages, each saying its label; optionally rotated. */
async function plain(label: string, pages: number, rotate = 0): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.setRotation(degrees(rotate));
    page.drawText(`${label} Seite ${i + 1}`, { x: 70, y: 760, size: 12, font });
  }
  return doc.save({ addDefaultPage: false });
}

/** A password-protected PDF (pdfmake encrypts; the kernel's renderer has registered the fonts). */
function encrypted(text: string): Promise<Buffer> {
  const pdfmake = createRequire(import.meta.url)('pdfmake') as { createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> } };
  return pdfmake.createPdf({ defaultStyle: { font: 'FiraSans' }, content: [text], userPassword: 'geheim', ownerPassword: 'owner', permissions: { printing: 'highResolution' } }).getBuffer();
}

// Not a PDF at all: deterministic noise.
const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));

interface Item {
  title: string;
  page: number;
  fit: boolean;
  children: Item[];
}

/** Reads the outline tree with pdf-lib's low-level API, checking the links (/Parent, /Prev, /Next, /Last, /Count) on the way. */
function readOutline(doc: PDFDocument): { items: Item[]; count: number } {
  const pageRefs = doc.getPages().map((p) => p.ref.toString());
  const level = (parent: PDFDict, parentRef: PDFRef): { items: Item[]; count: number } => {
    const items: Item[] = [];
    let count = 0;
    let ref = parent.get(PDFName.of('First')) as PDFRef | undefined;
    let prev: PDFRef | undefined;
    while (ref) {
      const item = doc.context.lookup(ref, PDFDict);
      assert.equal((item.get(PDFName.of('Parent')) as PDFRef).toString(), parentRef.toString());
      assert.equal(item.get(PDFName.of('Prev'))?.toString(), prev?.toString());
      const title = item.lookup(PDFName.of('Title'));
      assert.ok(title instanceof PDFHexString || title instanceof PDFString);
      const dest = item.lookup(PDFName.of('Dest'), PDFArray);
      const page = pageRefs.indexOf((dest.get(0) as PDFRef).toString());
      assert.ok(page >= 0, 'destination is a page of the bundle');
      const below = level(item, ref);
      if (below.items.length > 0) assert.equal(item.lookup(PDFName.of('Count'), PDFNumber).asNumber(), below.count);
      items.push({ title: title.decodeText(), page, fit: dest.get(1) === PDFName.of('Fit'), children: below.items });
      count += 1 + below.count;
      prev = ref;
      ref = item.get(PDFName.of('Next')) as PDFRef | undefined;
    }
    if (prev) assert.equal((parent.get(PDFName.of('Last')) as PDFRef).toString(), prev.toString());
    return { items, count };
  };
  const rootRef = doc.catalog.get(PDFName.of('Outlines')) as PDFRef;
  const root = doc.context.lookup(rootRef, PDFDict);
  const tree = level(root, rootRef);
  assert.equal(root.lookup(PDFName.of('Count'), PDFNumber).asNumber(), tree.count);
  return tree;
}

const strip = (items: Item[]): unknown => items.map((i) => ({ title: i.title, page: i.page, ...(i.children.length ? { children: strip(i.children) } : {}) }));

test('bundle: pages in order, nested bookmarks to each part, notice pages for unreadable parts, metadata', async () => {
  const invitation = await letter('Einladung zur 5. Sitzung des Rates');
  const agenda = await letter('Tagesordnung für die Sitzung', 40);
  const paper = await letter('Bebauungsplan Nr. 12 „Am Mühlenteich“');
  const pagesOf = async (b: Uint8Array) => (await PDFDocument.load(b)).getPageCount();
  const [nInv, nAgenda, nPaper] = [await pagesOf(invitation), await pagesOf(agenda), await pagesOf(paper)];
  assert.equal(nInv, 1);
  assert.ok(nAgenda >= 2, 'the agenda spans pages');
  const empty = await PDFDocument.create();
  const parts: BundlePart[] = [
    { title: 'Einladung', pdf: invitation },
    { title: 'Tagesordnung für die Sitzung', pdf: agenda },
    {
      title: 'TOP Ö 3: Bebauungsplan Nr. 12',
      pdf: paper,
      children: [
        { title: 'Beschlussvorlage BV/2026/012', pdf: await plain('Beschlussvorlage', 2) },
        { title: 'Anlage 1: Lageplan.pdf', pdf: garbage },
        { title: 'Anlage 2: Gutachten Lärmschutz.pdf', pdf: await encrypted('Vertraulich') },
        { title: 'Anlage 3: leer.pdf', pdf: await empty.save({ addDefaultPage: false }) },
      ],
    },
    // A heading without pages of its own: its bookmark leads to its first child.
    { title: 'TOP Ö 4: Verschiedenes', pdf: await empty.save({ addDefaultPage: false }), children: [{ title: 'Mitteilung: Straßenfest', pdf: await plain('Mitteilung', 1, 90) }] },
  ];

  const b = await bundlePdf(parts, { title: 'Sitzung des Rates am 3. Dezember 2026', author: 'Stadt Havelwerder', subject: 'Einladung mit Tagesordnung und Vorlagen', now: NOW });

  const top3 = 1 + nAgenda; // 0-based page indices
  const expected = [
    { title: 'Einladung', page: 0 },
    { title: 'Tagesordnung für die Sitzung', page: 1 },
    {
      title: 'TOP Ö 3: Bebauungsplan Nr. 12',
      page: top3,
      children: [
        { title: 'Beschlussvorlage BV/2026/012', page: top3 + nPaper },
        { title: 'Anlage 1: Lageplan.pdf', page: top3 + nPaper + 2 },
        { title: 'Anlage 2: Gutachten Lärmschutz.pdf', page: top3 + nPaper + 3 },
      ],
    },
    { title: 'TOP Ö 4: Verschiedenes', page: top3 + nPaper + 4, children: [{ title: 'Mitteilung: Straßenfest', page: top3 + nPaper + 4 }] },
  ];
  const total = nInv + nAgenda + nPaper + 2 + 1 + 1 + 1;
  assert.equal(b.pageCount, total);
  assert.deepEqual(
    b.outline,
    [
      { title: 'Einladung', page: 1, depth: 0 },
      { title: 'Tagesordnung für die Sitzung', page: 2, depth: 0 },
      { title: 'TOP Ö 3: Bebauungsplan Nr. 12', page: top3 + 1, depth: 0 },
      { title: 'Beschlussvorlage BV/2026/012', page: top3 + nPaper + 1, depth: 1 },
      { title: 'Anlage 1: Lageplan.pdf', page: top3 + nPaper + 3, depth: 1 },
      { title: 'Anlage 2: Gutachten Lärmschutz.pdf', page: top3 + nPaper + 4, depth: 1 },
      { title: 'TOP Ö 4: Verschiedenes', page: top3 + nPaper + 5, depth: 0 },
      { title: 'Mitteilung: Straßenfest', page: top3 + nPaper + 5, depth: 1 },
    ],
  );
  assert.deepEqual(b.skipped, [
    '„Anlage 1: Lageplan.pdf“: kein lesbares PDF, durch einen Hinweis ersetzt',
    '„Anlage 2: Gutachten Lärmschutz.pdf“: verschlüsselt, durch einen Hinweis ersetzt',
    '„Anlage 3: leer.pdf“: enthält keine Seiten, ausgelassen',
  ]);

  // Re-opened with pdf-lib: the structure as written.
  const doc = await PDFDocument.load(b.pdf, { updateMetadata: false });
  assert.equal(doc.getPageCount(), total);
  const tree = readOutline(doc);
  assert.deepEqual(strip(tree.items), expected);
  assert.equal(tree.count, 8, 'all entries open');
  assert.equal(tree.items[3]!.children[0]!.fit, true, 'a rotated page is fitted');
  assert.equal(tree.items[0]!.fit, false);
  assert.equal(doc.catalog.get(PDFName.of('PageMode')), PDFName.of('UseOutlines'));
  assert.equal(doc.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText(), 'de-DE');
  assert.equal(doc.getTitle(), 'Sitzung des Rates am 3. Dezember 2026');
  assert.equal(doc.getAuthor(), 'Stadt Havelwerder');
  assert.equal(doc.getSubject(), 'Einladung mit Tagesordnung und Vorlagen');
  assert.equal(doc.getProducer(), 'Amtsstube');
  assert.equal(doc.getCreationDate()?.toISOString(), NOW.toISOString());

  // Read by PDF.js (unpdf), as a viewer would: valid PDF, text layer, outline, metadata.
  const proxy = await getDocumentProxy(new Uint8Array(b.pdf), { verbosity: 0 });
  assert.equal(proxy.numPages, total);
  const outline = await proxy.getOutline();
  assert.deepEqual(
    outline.map((o) => o.title),
    expected.map((e) => e.title),
  );
  assert.deepEqual(
    outline[2]!.items.map((o) => o.title),
    expected[2]!.children!.map((e) => e.title),
  );
  const dest = outline[2]!.items[1]!.dest as [{ num: number; gen: number }, ...unknown[]];
  assert.equal(await proxy.getPageIndex(dest[0]), top3 + nPaper + 2);
  const meta = await getMeta(proxy);
  assert.equal(meta.info.Title, 'Sitzung des Rates am 3. Dezember 2026');
  const { text } = await extractText(proxy);
  assert.equal(text.length, total);
  assert.match(text[0]!, /Einladung zur 5\. Sitzung des Rates/);
  assert.match(text[1]!, /Tagesordnung für die Sitzung/);
  assert.match(text[top3]!, /Bebauungsplan Nr\. 12 „Am Mühlenteich“/);
  assert.match(text[top3 + nPaper]!, /Beschlussvorlage Seite 1/);
  const notice = text[top3 + nPaper + 2]!.replace(/\s+/g, ' ');
  assert.match(notice, /Dokument nicht enthalten/);
  assert.match(notice, /„Anlage 1: Lageplan\.pdf“ konnte nicht in diese Zusammenstellung aufgenommen werden, weil die Datei beschädigt/);
  assert.match(notice, /bei der Verwaltung eingesehen oder angefordert/);
  assert.match(text[top3 + nPaper + 3]!.replace(/\s+/g, ' '), /Gutachten Lärmschutz\.pdf“ .* verschlüsselt oder kennwortgeschützt/);
  assert.match(text[total - 1]!, /Mitteilung Seite 1/);
  await proxy.destroy();
});

test('bundle: deterministic for the same input and time', async () => {
  const parts: BundlePart[] = [{ title: 'Einladung', pdf: await plain('Einladung', 1) }, { title: 'Anlage', pdf: garbage }];
  const o = { title: 'Mappe', now: NOW };
  const [a, b] = [await bundlePdf(parts, o), await bundlePdf(parts, o)];
  assert.ok(a.pdf.equals(b.pdf));
});

test('bundle: a notice page copes with long titles and characters outside the standard font', async () => {
  const title = `Anlage 7: ${'Lageplan_Flurstück_'.repeat(8)}Łódź_✓.pdf`;
  const b = await bundlePdf([{ title, pdf: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog') }], { title: 'Mappe', now: NOW, whereToGet: 'Einsicht im Ratsinformationssystem unter\nhttps://rats.example/sitzung/5' });
  assert.equal(b.pageCount, 1);
  assert.deepEqual(b.outline, [{ title, page: 1, depth: 0 }]);
  assert.equal(b.skipped.length, 1);
  const doc = await PDFDocument.load(b.pdf);
  assert.equal(readOutline(doc).items[0]!.title, title, 'the bookmark keeps the full Unicode title');
  const { text } = await extractText(new Uint8Array(b.pdf), { mergePages: true });
  const flat = text.replace(/\s+/g, '');
  assert.ok(flat.includes('Lageplan_Flurstück_Lageplan'), 'wrapped, not cut off');
  assert.ok(flat.includes('?ód?_?.pdf'), 'unprintable characters replaced');
  assert.match(text.replace(/\s+/g, ' '), /Ratsinformationssystem unter https:\/\/rats\.example\/sitzung\/5/);
});

test('bundle: nothing to bundle is an error, not an empty file', async () => {
  await assert.rejects(bundlePdf([], { title: 'Mappe', now: NOW }), RangeError);
  const empty = await (await PDFDocument.create()).save({ addDefaultPage: false });
  await assert.rejects(bundlePdf([{ title: 'leer', pdf: empty }], { title: 'Mappe', now: NOW }), RangeError);
});
