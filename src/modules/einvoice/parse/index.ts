// Entry point for reading an e-invoice of any supported format: detects PDF vs. XML by content (never by file name),
// then UBL Invoice / UBL CreditNote / CII by root element and namespace. Bad input of any kind (images, truncated or
// hostile XML, broken PDFs, unknown roots) yields a German error report; these functions never throw for bad input.
import { decodeXml, parseXml, XML_MAX_BYTES, XmlError, type XmlElement } from '../../../kernel/index.ts';
import type { ParsedInvoice } from '../model.ts';
import { CII_NS, parseCii } from './cii.ts';
import { extractInvoiceXmlFromPdf } from './pdf.ts';
import { parseUbl, UBL_CREDITNOTE_NS, UBL_INVOICE_NS } from './ubl.ts';

/** Why a file could not be read as an invoice; `message` is German and meant for the user. */
export interface ReadError {
  code:
    | 'empty'
    | 'not-xml'
    | 'too-large'
    | 'encoding'
    | 'xml-forbidden'
    | 'xml-malformed'
    | 'xml-too-deep'
    | 'unknown-format'
    | 'unsupported-version'
    | 'pdf-corrupt'
    | 'pdf-encrypted'
    | 'pdf-no-invoice'
    | 'pdf-ambiguous'
    | 'pdf-attachment-unreadable'
    | 'internal';
  message: string;
  line?: number;
  column?: number;
}

/** Outcome of reading a file: the invoice with non-fatal warnings, or an error report. */
export type ReadResult = { ok: true; invoice: ParsedInvoice; warnings: string[] } | { ok: false; error: ReadError };

/** How the specification identifier BT-24 was recognised (for warnings and the inspect report). */
export interface ProfileInfo {
  family: 'xrechnung' | 'xrechnung-extension' | 'en16931' | 'peppol' | 'factur-x-minimum' | 'factur-x-basicwl' | 'factur-x-basic' | 'factur-x-extended' | 'other-cius' | 'unknown' | 'missing';
  label: string;
}

const KNOWN_PROFILES: [RegExp, ProfileInfo['family'], string][] = [
  [/^urn:cen\.eu:en16931:2017#compliant#urn:xeinkauf\.de:kosit:xrechnung_(\d+\.\d+)$/, 'xrechnung', 'XRechnung'],
  [/^urn:cen\.eu:en16931:2017#compliant#urn:xeinkauf\.de:kosit:xrechnung_\d+\.\d+#conformant#urn:xeinkauf\.de:kosit:extension:xrechnung_(\d+\.\d+)$/, 'xrechnung-extension', 'XRechnung Extension'],
  [/^urn:factur-x\.eu:1p0:minimum$/, 'factur-x-minimum', 'Factur-X/ZUGFeRD MINIMUM'],
  [/^urn:factur-x\.eu:1p0:basicwl$/, 'factur-x-basicwl', 'Factur-X/ZUGFeRD BASIC WL'],
  [/^urn:cen\.eu:en16931:2017#compliant#urn:factur-x\.eu:1p0:basic$/, 'factur-x-basic', 'Factur-X/ZUGFeRD BASIC'],
  [/^urn:cen\.eu:en16931:2017#conformant#urn:(?:factur-x\.eu:1p0|zugferd\.de:2p\d):extended$/, 'factur-x-extended', 'Factur-X/ZUGFeRD EXTENDED'],
  [/^urn:cen\.eu:en16931:2017#compliant#urn:fdc:peppol\.eu:2017:poacc:billing:3\.0$/, 'peppol', 'Peppol BIS Billing 3.0'],
  [/^urn:cen\.eu:en16931:2017$/, 'en16931', 'EN 16931'],
  [/^urn:cen\.eu:en16931:2017[#:]/, 'other-cius', 'EN 16931 (CIUS/Erweiterung)'],
];

/** Classifies BT-24 so unknown or partial profiles (MINIMUM, BASIC WL) can be reported clearly. */
export function classifyProfile(specificationId: string | undefined): ProfileInfo {
  if (specificationId === undefined || specificationId === '') return { family: 'missing', label: 'ohne Spezifikationskennung (BT-24)' };
  for (const [re, family, label] of KNOWN_PROFILES) {
    const m = re.exec(specificationId);
    if (m) return { family, label: m[1] ? `${label} ${m[1]}` : label };
  }
  return { family: 'unknown', label: 'unbekannt' };
}

const MAGIC: [number[], string][] = [
  [[0x42, 0x4d], 'ein BMP-Bild'],
  [[0x89, 0x50, 0x4e, 0x47], 'ein PNG-Bild'],
  [[0xff, 0xd8, 0xff], 'ein JPEG-Bild'],
  [[0x47, 0x49, 0x46, 0x38], 'ein GIF-Bild'],
  [[0x49, 0x49, 0x2a, 0x00], 'ein TIFF-Bild'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'ein TIFF-Bild'],
  [[0x50, 0x4b, 0x03, 0x04], 'ein ZIP-Archiv (bitte die Rechnungsdatei einzeln hochladen)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'ein altes Office-Dokument'],
];

function startsWith(bytes: Uint8Array, sig: number[], offset = 0): boolean {
  return sig.every((b, i) => bytes[offset + i] === b);
}

function isPdf(bytes: Uint8Array): boolean {
  // The PDF header may be preceded by up to 1024 bytes of junk (PDF 32000-1, implementation note); a document that
  // starts like XML is XML even if "%PDF-" occurs in its first kilobyte.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (/^(\uFEFF|ï»¿|\xFF\xFE|\xFE\xFF)?\s*</.test(head)) return false;
  return head.includes('%PDF-');
}

function notXml(bytes: Uint8Array): ReadError | undefined {
  for (const [sig, what] of MAGIC) if (startsWith(bytes, sig)) return { code: 'not-xml', message: `Die Datei ist keine elektronische Rechnung (XML oder PDF), sondern ${what}.` };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf]) || startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return undefined;
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (i >= bytes.length) return { code: 'empty', message: 'Die Datei ist leer.' };
  if (bytes[i] !== 0x3c) return { code: 'not-xml', message: 'Die Datei ist keine elektronische Rechnung: Sie ist weder ein XML-Dokument noch eine PDF-Datei.', line: 1, column: i + 1 };
  return undefined;
}

// XML 1.0 production [23] XMLDecl with [80] EncodingDecl / [81] EncName and [32] SDDecl.
const XML_DECL = /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>/;

/** The kernel parser is lenient about the XML declaration; strict XML processors (and the KoSIT validator) are not. */
function badDeclaration(text: string): ReadError | undefined {
  const start = /^\s*<\?xml\s/.exec(text);
  if (!start) return undefined;
  if (!text.startsWith('<?xml')) return { code: 'xml-malformed', message: 'Die Datei ist kein wohlgeformtes XML (Zeile 1): Vor der XML-Deklaration darf nichts stehen.', line: 1, column: 1 };
  if (XML_DECL.test(text)) return undefined;
  const decl = /^<\?xml[^>]*\?>/.exec(text)?.[0] ?? text.slice(0, 60);
  return { code: 'xml-malformed', message: `Die Datei ist kein wohlgeformtes XML (Zeile 1): Die XML-Deklaration „${decl}“ ist fehlerhaft (z. B. ein ungültiger Name der Zeichenkodierung).`, line: 1 };
}

function xmlErrorCode(e: XmlError): ReadError['code'] {
  const m = e.message;
  if (/DOCTYPE|ENTITY/.test(m)) return 'xml-forbidden';
  if (/zu groß/.test(m)) return 'too-large';
  if (/leer/.test(m)) return 'empty';
  if (/Zeichenkodierung|UTF-8/.test(m)) return 'encoding';
  if (/kein XML-Dokument/.test(m)) return 'not-xml';
  if (/tief verschachtelt/.test(m)) return 'xml-too-deep';
  return 'xml-malformed';
}

/**
 * Turns a kernel XmlError into a report. The parser reports a document that ends with open elements (a truncated
 * upload) as "Invalid '[…]' found" at 1:1; that is rephrased to name the open elements and point at the end.
 */
function xmlFailure(e: XmlError, text: string | undefined): { ok: false; error: ReadError } {
  const open = /Invalid '\[([^\]]*)\]' found/.exec(e.message);
  if (open) {
    const names = [...open[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    const lines = text?.split('\n');
    const msg = `Die Datei ist kein wohlgeformtes XML: Sie endet, bevor ${names.length === 1 ? 'das Element' : 'die Elemente'} ${names.map((n) => `„${n}“`).join(', ')} geschlossen ${names.length === 1 ? 'ist' : 'sind'} (unvollständig übertragen oder abgeschnitten?).`;
    return fail('xml-malformed', msg, lines?.length, lines ? lines[lines.length - 1]!.length + 1 : undefined);
  }
  return fail(xmlErrorCode(e), e.message, e.line, e.column);
}

function fail(code: ReadError['code'], message: string, line?: number, column?: number): { ok: false; error: ReadError } {
  const error: ReadError = { code, message };
  if (line !== undefined) error.line = line;
  if (column !== undefined) error.column = column;
  return { ok: false, error };
}

function unknownRoot(root: XmlElement): { ok: false; error: ReadError } {
  if (root.name === 'CrossIndustryDocument') {
    return fail('unsupported-version', `Die Datei ist eine ZUGFeRD-1.0-Rechnung (CrossIndustryDocument, Namensraum „${root.ns}“). Unterstützt werden XRechnung, EN 16931 (UBL/CII) und ZUGFeRD 2.x/Factur-X.`);
  }
  const ns = root.ns ? `, Namensraum „${root.ns}“` : ', ohne Namensraum';
  const hint = /camt\.05[234]/.test(root.ns) ? ' (das ist ein Kontoauszug im camt-Format)' : '';
  return fail('unknown-format', `Die Datei ist ein XML-Dokument, aber keine unterstützte Rechnung (Wurzelelement „${root.name}“${ns})${hint}. Unterstützt werden XRechnung und EN 16931 in UBL (Invoice, CreditNote) und CII (CrossIndustryInvoice) sowie ZUGFeRD/Factur-X-PDF.`);
}

function profileWarnings(inv: ParsedInvoice): string[] {
  const p = classifyProfile(inv.specificationId);
  if (p.family === 'missing') return ['Die Rechnung enthält keine Spezifikationskennung (BT-24); sie wird nach EN 16931 gelesen.'];
  if (p.family === 'unknown') return [`Unbekannte Spezifikationskennung (BT-24) „${inv.specificationId}“; die Rechnung wird nach EN 16931 gelesen.`];
  if (p.family === 'factur-x-minimum' || p.family === 'factur-x-basicwl') return [`Das Profil ${p.label} enthält keine vollständige Rechnung nach EN 16931 (keine Rechnungspositionen); es ist nur eine Buchungshilfe.`];
  return [];
}

/** Reads an XML invoice (UBL or CII) synchronously; use {@link readInvoice} when the file may also be a PDF. */
export function readInvoiceXml(bytes: Uint8Array | string): ReadResult {
  let text: string | undefined;
  try {
    if (typeof bytes !== 'string') {
      if (bytes.length === 0) return fail('empty', 'Die Datei ist leer.');
      const bad = notXml(bytes);
      if (bad) return { ok: false, error: bad };
    }
    text = typeof bytes === 'string' ? bytes : decodeXml(bytes);
    const badDecl = badDeclaration(text);
    if (badDecl) return { ok: false, error: badDecl };
    const root = parseXml(text);
    let invoice: ParsedInvoice;
    if ((root.name === 'Invoice' && root.ns === UBL_INVOICE_NS) || (root.name === 'CreditNote' && root.ns === UBL_CREDITNOTE_NS)) invoice = parseUbl(root, text);
    else if (root.name === 'CrossIndustryInvoice' && root.ns === CII_NS) invoice = parseCii(root, text);
    else return unknownRoot(root);
    invoice.raw.source = text;
    return { ok: true, invoice, warnings: profileWarnings(invoice) };
  } catch (e) {
    if (e instanceof XmlError) return xmlFailure(e, text);
    if ((e instanceof RangeError && /call stack/i.test(e.message)) || /nested tags/i.test((e as Error)?.message ?? '')) return fail('xml-too-deep', 'Die XML-Datei ist zu tief verschachtelt und wird nicht verarbeitet.');
    return fail('internal', `Die Datei konnte nicht als Rechnung gelesen werden (${(e as Error)?.message ?? String(e)}).`);
  }
}

/**
 * Reads an e-invoice from any supported file: UBL/CII XML or a ZUGFeRD/Factur-X PDF with embedded XML. The format is
 * detected from the content; `fileName` is only used in messages. Never throws for bad input.
 */
export async function readInvoice(bytes: Uint8Array, fileName?: string): Promise<ReadResult> {
  void fileName;
  try {
    if (bytes.length === 0) return fail('empty', 'Die Datei ist leer.');
    if (bytes.length > XML_MAX_BYTES) return fail('too-large', `Die Datei ist zu groß (${Math.ceil(bytes.length / 1024 / 1024)} MB; höchstens ${Math.floor(XML_MAX_BYTES / 1024 / 1024)} MB).`);
    if (!isPdf(bytes)) return readInvoiceXml(bytes);
    const pdf = await extractInvoiceXmlFromPdf(bytes);
    if (!pdf.ok) return { ok: false, error: pdf.error as ReadError };
    const inner = readInvoiceXml(pdf.xml);
    if (!inner.ok) return { ok: false, error: { ...inner.error, message: `Eingebettete Datei „${pdf.name}“ in der PDF-Datei: ${inner.error.message}` } };
    const invoice = inner.invoice;
    invoice.container = 'pdf';
    invoice.pdf = { attachmentName: pdf.name, allAttachments: pdf.attachments };
    if (pdf.conformanceLevel) invoice.pdf.xmpConformanceLevel = pdf.conformanceLevel;
    if (invoice.syntax !== 'cii') pdf.warnings.push('Die PDF-Datei enthält eine UBL-Rechnung; ZUGFeRD/Factur-X sehen CII vor.');
    return { ok: true, invoice, warnings: [...pdf.warnings, ...inner.warnings] };
  } catch (e) {
    return fail('internal', `Die Datei konnte nicht als Rechnung gelesen werden (${(e as Error)?.message ?? String(e)}).`);
  }
}
