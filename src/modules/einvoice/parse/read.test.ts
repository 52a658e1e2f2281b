// Bad and hostile input: every case must end in a clear German error report (or a warning), never in a throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { einvoiceCorpusDir } from '../corpus.ts';
import { classifyProfile, readInvoice, readInvoiceXml, type ReadResult } from './index.ts';

const dir = einvoiceCorpusDir();
const corpus = (name: string) => new Uint8Array(readFileSync(resolve(dir, name)));
const UBL = corpus('kosit-ts_01.01a-INVOICE_ubl.xml');
const CII = corpus('kosit-ts_01.01a-INVOICE_uncefact.xml');
const utf8 = (s: string) => new TextEncoder().encode(s);

function failed(r: ReadResult, code?: string): { code: string; message: string; line?: number } {
  assert.equal(r.ok, false, 'expected an error report');
  if (r.ok) throw new Error('unreachable');
  if (code) assert.equal(r.error.code, code, r.error.message);
  // German, user-facing: starts with a capital letter or quote and uses German words, not a stack trace.
  assert.match(r.error.message, /^[A-ZÄÖÜ„]/);
  assert.match(r.error.message, /\b(Datei|Die|Der|Eingebettete)\b/);
  assert.doesNotMatch(r.error.message, /\n\s+at /);
  return r.error;
}

async function pdfWith(attachments: { name: string; bytes: Uint8Array; mime?: string }[], xmpFileName?: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  for (const a of attachments) await doc.attach(a.bytes, a.name, { mimeType: a.mime ?? 'text/xml', description: a.name });
  if (xmpFileName) {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"><fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>${xmpFileName}</fx:DocumentFileName><fx:Version>1.0</fx:Version><fx:ConformanceLevel>XRECHNUNG</fx:ConformanceLevel></rdf:Description></rdf:RDF></x:xmpmeta>`;
    const stream = doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
    doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  }
  return doc.save();
}

test('XXE: an external entity is refused before anything is resolved', () => {
  const xml = `<?xml version="1.0"?>\n<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>&xxe;</cbc:ID></Invoice>`;
  const e = failed(readInvoiceXml(utf8(xml)), 'xml-forbidden');
  assert.match(e.message, /DOCTYPE/);
  assert.equal(e.line, 2);
  assert.doesNotMatch(e.message, /root:/);
});

test('billion laughs: entity expansion is refused quickly', () => {
  let ents = '<!ENTITY lol0 "lol">';
  for (let i = 1; i < 10; i++) ents += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
  const xml = `<?xml version="1.0"?><!DOCTYPE lolz [${ents}]><CrossIndustryInvoice xmlns="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">&lol9;</CrossIndustryInvoice>`;
  const t0 = Date.now();
  failed(readInvoiceXml(utf8(xml)), 'xml-forbidden');
  assert.ok(Date.now() - t0 < 1000);
});

test('truncated XML (a corpus file cut in half) is reported with its line', () => {
  for (const file of [UBL, CII]) {
    const e = failed(readInvoiceXml(file.subarray(0, Math.floor(file.length / 2))), 'xml-malformed');
    assert.ok(e.line !== undefined && e.line > 1, `line ${e.line}`);
    assert.match(e.message, /unvollständig|abgeschnitten/);
    assert.match(e.message, /ubl:Invoice|rsm:CrossIndustryInvoice/);
  }
});

test('not XML at all: BMP renamed .xml, random text, empty file, whitespace only', async () => {
  failed(await readInvoice(corpus('kosit-vc_bin001.bmp.xml'), 'bin001.bmp.xml'), 'not-xml');
  assert.match(failed(await readInvoice(corpus('kosit-vc_bin001.bmp.xml')), 'not-xml').message, /BMP-Bild/);
  failed(await readInvoice(utf8('Rechnung Nr. 4711 über 100,00 EUR')), 'not-xml');
  failed(await readInvoice(new Uint8Array(0)), 'empty');
  failed(await readInvoice(utf8('  \n\t ')), 'empty');
  failed(await readInvoice(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), 'not-xml');
});

test('XML that is not an invoice: camt statement, ZUGFeRD 1.0, UBL root in a wrong namespace, order document', () => {
  const camt = failed(readInvoiceXml(utf8('<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>')), 'unknown-format');
  assert.match(camt.message, /Document/);
  assert.match(camt.message, /Kontoauszug/);
  failed(readInvoiceXml(utf8('<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>')), 'unsupported-version');
  const ns = failed(readInvoiceXml(utf8('<Invoice xmlns="urn:example:not-ubl"><ID>1</ID></Invoice>')), 'unknown-format');
  assert.match(ns.message, /urn:example:not-ubl/);
  failed(readInvoiceXml(utf8('<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>')), 'unknown-format');
});

test('malformed XML declaration (the ZUGFeRD corpus "UTF-8-W/O-BOM" case) and junk before it', () => {
  failed(readInvoiceXml(utf8('<?xml version="1.0" encoding="UTF-8-W/O-BOM"?><Invoice/>')), 'xml-malformed');
  failed(readInvoiceXml(utf8('\n<?xml version="1.0"?><Invoice/>')), 'xml-malformed');
  // a correct declaration with standalone is fine
  const ok = readInvoiceXml(utf8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${new TextDecoder().decode(UBL).replace(/^<\?xml[^>]*\?>/, '')}`));
  assert.ok(ok.ok);
});

test('format detection is by content: an XML mentioning %PDF- early is XML, a PDF named .xml is a PDF', async () => {
  const xml = new TextDecoder().decode(UBL).replace('?>', '?>\n<!-- %PDF-1.7 -->');
  assert.ok(xml.slice(0, 1024).includes('%PDF-'));
  const r = await readInvoice(utf8(xml), 'rechnung.pdf');
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  assert.equal(r.invoice.container, 'xml');
  const pdf = await readInvoice(corpus('zfcorpus_EN16931_Miete.pdf'), 'rechnung.xml');
  assert.ok(pdf.ok);
  assert.equal(pdf.invoice.container, 'pdf');
});

test('deeply nested XML gives an error, not a stack overflow', () => {
  failed(readInvoiceXml(utf8('<a>'.repeat(100_000) + '</a>'.repeat(100_000))), 'xml-too-deep');
});

test('PDF without any attachment: "Die PDF-Datei enthält keine eingebettete Rechnung"', async () => {
  const e = failed(await readInvoice(await pdfWith([]), 'scan.pdf'), 'pdf-no-invoice');
  assert.equal(e.message, 'Die PDF-Datei enthält keine eingebettete Rechnung (ZUGFeRD/Factur-X).');
  const img = failed(await readInvoice(await pdfWith([{ name: 'logo.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), mime: 'image/png' }])), 'pdf-no-invoice');
  assert.match(img.message, /logo\.png/);
});

test('PDF with two XML invoices and no marker is refused as ambiguous, naming both', async () => {
  const pdf = await pdfWith([
    { name: 'factur-x.xml', bytes: CII },
    { name: 'xrechnung.xml', bytes: UBL },
  ]);
  const e = failed(await readInvoice(pdf), 'pdf-ambiguous');
  assert.match(e.message, /factur-x\.xml/);
  assert.match(e.message, /xrechnung\.xml/);
});

test('PDF with two XML attachments: the XMP DocumentFileName decides, the other becomes a warning', async () => {
  const pdf = await pdfWith(
    [
      { name: 'factur-x.xml', bytes: CII },
      { name: 'xrechnung.xml', bytes: UBL },
    ],
    'xrechnung.xml',
  );
  const r = await readInvoice(pdf);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  assert.equal(r.invoice.pdf?.attachmentName, 'xrechnung.xml');
  assert.equal(r.invoice.kind, 'ubl-invoice');
  assert.equal(r.invoice.pdf?.xmpConformanceLevel, 'XRECHNUNG');
  assert.ok(r.warnings.some((w) => w.includes('factur-x.xml')));
  assert.ok(r.warnings.some((w) => w.includes('UBL')));
});

test('PDF with one standard-named invoice plus another XML: the standard name wins, with a warning', async () => {
  const r = await readInvoice(await pdfWith([{ name: 'stundenzettel.xml', bytes: utf8('<Stunden/>') }, { name: 'factur-x.xml', bytes: CII }]));
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  assert.equal(r.invoice.pdf?.attachmentName, 'factur-x.xml');
  const direct = readInvoiceXml(CII);
  assert.equal(r.invoice.number, direct.ok ? direct.invoice.number : 'unreachable');
  assert.ok(r.warnings.some((w) => w.includes('stundenzettel.xml')));
});

test('PDF with a single XML attachment under another name is read; a broken embedded XML is reported as such', async () => {
  const r = await readInvoice(await pdfWith([{ name: 'rechnung.xml', bytes: CII }]));
  assert.ok(r.ok);
  assert.equal(r.invoice.container, 'pdf');
  const bad = failed(await readInvoice(await pdfWith([{ name: 'factur-x.xml', bytes: CII.subarray(0, 500) }])), 'xml-malformed');
  assert.match(bad.message, /^Eingebettete Datei „factur-x\.xml“/);
});

test('a compressed "bomb" attachment is refused without inflating it all', async () => {
  const doc = await PDFDocument.create();
  doc.addPage();
  // 30 MB of "<" compresses to a few KB; decoding stops after 20 MB.
  await doc.attach(new Uint8Array(30 * 1024 * 1024).fill(0x3c), 'factur-x.xml', { mimeType: 'text/xml' });
  const pdf = await doc.save();
  assert.ok(pdf.length < 1024 * 1024, `pdf is ${pdf.length} bytes`);
  const e = failed(await readInvoice(pdf), 'too-large');
  assert.match(e.message, /factur-x\.xml/);
});

test('files over 20 MB are refused before parsing', async () => {
  failed(await readInvoice(new Uint8Array(21 * 1024 * 1024).fill(0x3c)), 'too-large');
});

test('PDF whose invoice hangs only on a file attachment annotation is still found', async () => {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  const ctx = doc.context;
  const ef = ctx.register(ctx.flateStream(CII, { Type: 'EmbeddedFile', Subtype: 'text/xml' }));
  const fs = ctx.obj({ Type: 'Filespec', F: PDFString.of('factur-x.xml'), UF: PDFHexString.fromText('factur-x.xml'), EF: { F: ef } });
  page.node.set(PDFName.of('Annots'), ctx.obj([ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'FileAttachment', Rect: [0, 0, 10, 10], FS: fs }))]));
  const r = await readInvoice(await doc.save());
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  assert.equal(r.invoice.pdf?.attachmentName, 'factur-x.xml');
});

test('corrupt and truncated PDFs give a report', async () => {
  const r1 = await readInvoice(utf8('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage'));
  failed(r1);
  const pdf = corpus('zfcorpus_EN16931_Miete.pdf');
  for (const cut of [0.1, 0.5, 0.9]) {
    const r = await readInvoice(pdf.subarray(0, Math.floor(pdf.length * cut)));
    if (!r.ok) failed(r);
  }
});

test('random bytes, random bytes behind PDF/XML headers, and mutated corpus files never throw', async () => {
  const prefixes = ['', '%PDF-1.7\n', '<', '<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">'];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 2000 }), async (prefix, body) => {
      const bytes = new Uint8Array([...utf8(prefix), ...body]);
      const r = await readInvoice(bytes);
      if (!r.ok) failed(r);
    }),
    { numRuns: 300, seed: 4711 },
  );
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (flips) => {
      for (const base of [UBL, CII]) {
        const copy = base.slice();
        for (const [at, v] of flips) copy[at % copy.length] = v;
        const r = readInvoiceXml(copy);
        if (!r.ok) failed(r);
      }
    }),
    { numRuns: 150, seed: 815 },
  );
});

test('unknown and partial profiles are read with a clear warning', () => {
  const text = new TextDecoder().decode(CII);
  const unknown = readInvoiceXml(text.replace('urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0', 'urn:example:my-own-profile'));
  assert.ok(unknown.ok);
  assert.match(unknown.warnings.join(' '), /Unbekannte Spezifikationskennung \(BT-24\) „urn:example:my-own-profile“/);
  const minimum = readInvoiceXml(text.replace('urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0', 'urn:factur-x.eu:1p0:minimum'));
  assert.ok(minimum.ok);
  assert.match(minimum.warnings.join(' '), /MINIMUM/);
  const plain = readInvoiceXml(CII);
  assert.deepEqual(plain.ok ? plain.warnings : ['not ok'], []);
  assert.equal(classifyProfile('urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0').label, 'XRechnung 3.0');
  assert.equal(classifyProfile('urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0').family, 'xrechnung-extension');
  assert.equal(classifyProfile(undefined).family, 'missing');
});

test('ISO-8859-1 and UTF-16 encoded invoices are read', () => {
  const text = new TextDecoder().decode(UBL).replace(/[^\x00-\xff]/g, '?'); // Latin-1 cannot hold "…"
  const latin1 = Buffer.from(text.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="ISO-8859-1"?>').replace('[Seller name]', 'Müller & Söhne'.replace('&', '&amp;')), 'latin1');
  const r = readInvoiceXml(new Uint8Array(latin1));
  assert.ok(r.ok);
  assert.equal(r.invoice.seller.name, 'Müller & Söhne');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-16"?>'), 'utf16le')]);
  const r16 = readInvoiceXml(new Uint8Array(utf16));
  assert.ok(r16.ok, r16.ok ? '' : r16.error.message);
  assert.equal(r16.invoice.number, '123456XX');
});
