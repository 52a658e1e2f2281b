// Finds the invoice XML inside a ZUGFeRD / Factur-X hybrid PDF. Embedded files are collected from the document's
// EmbeddedFiles name tree and from the catalog's /AF (associated files) array (failing both, from file attachment
// annotations on the pages), then the invoice is chosen:
//   1. exactly one XML attachment → that one;
//   2. several → the one the XMP metadata names (fx:DocumentFileName), as Factur-X/ZUGFeRD 2.x require;
//   3. else the single one with a standard name (factur-x.xml, xrechnung.xml, zugferd-invoice.xml);
//   4. else refuse as ambiguous and list the names. Other XML attachments are reported as warnings.
import { XML_MAX_BYTES } from '../../../kernel/index.ts';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFStream, PDFString, type PDFObject } from 'pdf-lib';

/** One embedded file found in the PDF. */
export interface PdfAttachment {
  name: string;
  bytes?: Uint8Array;
  /** Why the content could not be read (unsupported filter, broken stream, too large). */
  error?: string;
  tooLarge?: boolean;
  /** /AFRelationship (Alternative, Data, Source …) when given. */
  relationship?: string;
  /** /Subtype of the embedded file stream, e.g. "text/xml". */
  mimeType?: string;
}

/** Result of looking into a PDF: the invoice XML bytes or a German error. */
export type PdfExtractResult =
  | { ok: true; name: string; xml: Uint8Array; attachments: string[]; warnings: string[]; conformanceLevel?: string }
  | { ok: false; error: { code: string; message: string } };

/** Attachment names that the ZUGFeRD / Factur-X / XRechnung hybrid specifications use for the invoice. */
export const STANDARD_INVOICE_NAMES = ['factur-x.xml', 'xrechnung.xml', 'zugferd-invoice.xml'];

const MAX_NAME_TREE_DEPTH = 32;
const MAX_ATTACHMENTS = 200;

function textOf(o: PDFObject | undefined): string | undefined {
  if (o instanceof PDFString || o instanceof PDFHexString) return o.decodeText();
  if (o instanceof PDFName) return o.decodeText();
  return undefined;
}

class StreamTooLarge extends Error {}

/** Decodes a stream in 1 MB steps and stops past `max` bytes, so a small compressed "bomb" cannot exhaust memory. */
function streamBytes(s: PDFStream, max: number): Uint8Array {
  if (!(s instanceof PDFRawStream)) return s.getContents();
  const decoder = decodePDFRawStream(s);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const chunk = decoder.getBytes(1 << 20);
    if (chunk.length === 0) break;
    total += chunk.length;
    if (total > max) throw new StreamTooLarge(`mehr als ${Math.floor(max / 1024 / 1024)} MB`);
    chunks.push(new Uint8Array(chunk)); // a copy: the decoder reuses and regrows its buffer
  }
  return chunks.length === 1 ? chunks[0]! : new Uint8Array(Buffer.concat(chunks));
}

function collectNameTree(node: PDFDict | undefined, out: PDFDict[], depth: number, seen: Set<PDFDict>): void {
  if (!node || depth > MAX_NAME_TREE_DEPTH || seen.has(node) || out.length > MAX_ATTACHMENTS) return;
  seen.add(node);
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (names) {
    for (let i = 1; i < names.size(); i += 2) {
      const spec = names.lookup(i);
      if (spec instanceof PDFDict) out.push(spec);
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  if (kids) for (let i = 0; i < kids.size(); i++) {
    const kid = kids.lookup(i);
    if (kid instanceof PDFDict) collectNameTree(kid, out, depth + 1, seen);
  }
}

function readFileSpec(spec: PDFDict): PdfAttachment | undefined {
  const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
  if (!ef) return undefined;
  const name = textOf(spec.lookup(PDFName.of('UF'))) ?? textOf(spec.lookup(PDFName.of('F'))) ?? '(ohne Namen)';
  const relationship = textOf(spec.lookup(PDFName.of('AFRelationship')));
  const stream = ef.lookup(PDFName.of('F')) ?? ef.lookup(PDFName.of('UF'));
  const att: PdfAttachment = { name };
  if (relationship) att.relationship = relationship;
  if (!(stream instanceof PDFStream)) return { ...att, error: 'kein Dateiinhalt' };
  const subtype = textOf(stream.dict.lookup(PDFName.of('Subtype')));
  if (subtype) att.mimeType = subtype;
  try {
    att.bytes = streamBytes(stream, XML_MAX_BYTES);
  } catch (e) {
    att.error = (e as Error).message;
    if (e instanceof StreamTooLarge) att.tooLarge = true;
  }
  return att;
}

function looksLikeXml(a: PdfAttachment): boolean {
  if (/\.xml$/i.test(a.name)) return true;
  if (a.mimeType && /xml/i.test(a.mimeType)) return true;
  if (!a.bytes) return false;
  const head = Buffer.from(a.bytes.subarray(0, 64)).toString('latin1').replace(/^\uFEFF|^ï»¿/, '').trimStart();
  return head.startsWith('<');
}

function xmpInfo(doc: PDFDocument): { fileName?: string; conformanceLevel?: string } {
  try {
    const meta = doc.catalog.lookupMaybe(PDFName.of('Metadata'), PDFStream);
    if (!meta) return {};
    const xmp = Buffer.from(streamBytes(meta, 4 * 1024 * 1024)).toString('utf8');
    const pick = (tag: string) => (new RegExp(`${tag}(?:>\\s*([^<]+?)\\s*<|\\s*=\\s*"([^"]*)")`).exec(xmp) ?? []).slice(1).find((s) => s !== undefined);
    const out: { fileName?: string; conformanceLevel?: string } = {};
    const fileName = pick('DocumentFileName');
    const level = pick('ConformanceLevel');
    if (fileName) out.fileName = fileName;
    if (level) out.conformanceLevel = level;
    return out;
  } catch {
    return {};
  }
}

/** Opens a PDF and returns the invoice XML attachment, following the selection rules in this file's header. */
export async function extractInvoiceXmlFromPdf(bytes: Uint8Array): Promise<PdfExtractResult> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch (e) {
    return { ok: false, error: { code: 'pdf-corrupt', message: `Die PDF-Datei ist beschädigt oder kann nicht gelesen werden (${(e as Error).message}).` } };
  }
  if (doc.isEncrypted) return { ok: false, error: { code: 'pdf-encrypted', message: 'Die PDF-Datei ist verschlüsselt; eingebettete Rechnungsdaten können nicht gelesen werden.' } };

  const specs: PDFDict[] = [];
  try {
    const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
    collectNameTree(names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict), specs, 0, new Set());
    const af = doc.catalog.lookupMaybe(PDFName.of('AF'), PDFArray);
    if (af) for (let i = 0; i < af.size() && i < MAX_ATTACHMENTS; i++) {
      const spec = af.lookup(i);
      if (spec instanceof PDFDict && !specs.includes(spec)) specs.push(spec);
    }
    // Last resort: file attachment annotations on the pages (some generators attach the XML only there).
    if (specs.length === 0) {
      for (const page of doc.getPages().slice(0, 50)) {
        const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
        if (annots) for (let i = 0; i < annots.size() && specs.length < MAX_ATTACHMENTS; i++) {
          const a = annots.lookup(i);
          const fs = a instanceof PDFDict && a.get(PDFName.of('Subtype')) === PDFName.of('FileAttachment') ? a.lookup(PDFName.of('FS')) : undefined;
          if (fs instanceof PDFDict && !specs.includes(fs)) specs.push(fs);
        }
      }
    }
  } catch (e) {
    return { ok: false, error: { code: 'pdf-corrupt', message: `Die Dateianhänge der PDF-Datei sind beschädigt (${(e as Error).message}).` } };
  }

  const attachments: PdfAttachment[] = [];
  for (const spec of specs) {
    let att: PdfAttachment | undefined;
    try {
      att = readFileSpec(spec);
    } catch (e) {
      att = { name: '(unlesbar)', error: (e as Error).message };
    }
    // The same file may be listed in the name tree and in /AF with separate file specifications.
    if (att && !attachments.some((a) => a.name === att.name && sameBytes(a.bytes, att.bytes))) attachments.push(att);
  }
  const allNames = attachments.map((a) => a.name);
  const xmls = attachments.filter(looksLikeXml);
  if (xmls.length === 0) {
    const others = allNames.length ? ` Gefundene Anhänge: ${allNames.join(', ')}.` : '';
    return { ok: false, error: { code: 'pdf-no-invoice', message: `Die PDF-Datei enthält keine eingebettete Rechnung (ZUGFeRD/Factur-X).${others}` } };
  }

  const xmp = xmpInfo(doc);
  let chosen: PdfAttachment | undefined;
  if (xmls.length === 1) chosen = xmls[0];
  else {
    if (xmp.fileName) chosen = xmls.find((a) => a.name === xmp.fileName) ?? xmls.find((a) => a.name.toLowerCase() === xmp.fileName!.toLowerCase());
    if (!chosen) {
      const standard = xmls.filter((a) => STANDARD_INVOICE_NAMES.includes(a.name.toLowerCase()));
      if (standard.length === 1) chosen = standard[0];
    }
  }
  if (!chosen) {
    return {
      ok: false,
      error: {
        code: 'pdf-ambiguous',
        message: `Die PDF-Datei enthält mehrere XML-Anhänge (${xmls.map((a) => a.name).join(', ')}), und keiner ist eindeutig als Rechnung gekennzeichnet. Bitte senden Sie die Rechnung mit genau einer eingebetteten Rechnungsdatei.`,
      },
    };
  }
  if (chosen.tooLarge) return { ok: false, error: { code: 'too-large', message: `Der Anhang „${chosen.name}“ der PDF-Datei ist zu groß (${chosen.error}).` } };
  if (!chosen.bytes) return { ok: false, error: { code: 'pdf-attachment-unreadable', message: `Der Anhang „${chosen.name}“ der PDF-Datei kann nicht gelesen werden (${chosen.error ?? 'unbekannter Fehler'}).` } };

  const warnings = xmls
    .filter((a) => a !== chosen)
    .map((a) => `Die PDF-Datei enthält einen weiteren XML-Anhang „${a.name}“; verwendet wurde „${chosen.name}“${xmp.fileName === chosen.name ? ' (laut XMP-Metadaten die Rechnung)' : ''}.`);
  const result: PdfExtractResult = { ok: true, name: chosen.name, xml: chosen.bytes, attachments: allNames, warnings };
  if (xmp.conformanceLevel) result.conformanceLevel = xmp.conformanceLevel;
  return result;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}
