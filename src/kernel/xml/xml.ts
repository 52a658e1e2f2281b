// Safe XML reading for documents from outside (e-invoices, bank statements): no DTDs at all (so no external entities
// and no entity expansion), a size limit, charset detection (UTF-8, UTF-16 with BOM, ISO-8859-1 also without an XML
// declaration), well-formedness errors with line and column, and a small element tree with namespace URIs. Values
// stay strings: amounts are never turned into floating-point numbers here.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  /** Local name without prefix, e.g. "Ntry". */
  name: string;
  /** Namespace URI of the element ('' when none). */
  ns: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content directly inside the element, trimmed. */
  text: string;
  /** 1-based line of the start tag when known (for error messages). */
  line?: number;
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** 20 MB, the DFÜ-Abkommen's recommended maximum for one camt file and the platform's file limit. */
export const XML_MAX_BYTES = 20 * 1024 * 1024;
/** Invoices and statements nest a few dozen levels; far deeper nesting is an attack on the parser. */
const MAX_DEPTH = 256;

/** Decodes bytes by BOM, XML declaration, or, failing both, UTF-8 with a fallback to ISO-8859-1 (old bank files). */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && /^(iso-8859-1|latin-?1|iso_8859-1|windows-1252|cp1252)$/.test(declared)) return new TextDecoder(declared.startsWith('windows') || declared === 'cp1252' ? 'windows-1252' : 'latin1').decode(bytes);
  if (declared && declared !== 'utf-8' && declared !== 'utf8' && declared !== 'us-ascii' && declared !== 'ascii') throw new XmlError(`Die Zeichenkodierung „${declared}“ wird nicht unterstützt (erwartet: UTF-8 oder ISO-8859-1).`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    if (declared) throw new XmlError('Die Datei ist als UTF-8 erklärt, enthält aber ungültige UTF-8-Zeichen.');
    return new TextDecoder('latin1').decode(bytes);
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // Numeric character references (&#252;) are standard XML; this option is what decodes them.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
});

type Raw = Record<string, unknown>;

/**
 * Parses untrusted XML into an element tree. Refuses DOCTYPE declarations (external entities, entity expansion),
 * oversized input and malformed documents with a German message naming line and column.
 */
export function parseXml(input: Uint8Array | string, o: { maxBytes?: number } = {}): XmlElement {
  const max = o.maxBytes ?? XML_MAX_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > max) throw new XmlError(`Die Datei ist zu groß (${Math.ceil(size / 1024 / 1024)} MB; höchstens ${Math.floor(max / 1024 / 1024)} MB).`);
  if (size === 0) throw new XmlError('Die Datei ist leer.');
  const text = typeof input === 'string' ? input : decodeXml(input);
  const doctype = /<!DOCTYPE|<!ENTITY/i.exec(text);
  if (doctype) {
    const line = text.slice(0, doctype.index).split('\n').length;
    throw new XmlError(`Die Datei enthält eine DOCTYPE- oder ENTITY-Deklaration (Zeile ${line}). Aus Sicherheitsgründen werden solche Dateien nicht verarbeitet.`, line);
  }
  if (!/^\s*</.test(text)) throw new XmlError('Die Datei ist kein XML-Dokument (sie beginnt nicht mit „<“).', 1, 1);
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    const open = /^Invalid '\[(.*)\]' found/s.exec(msg);
    if (open) {
      // The validator reports unclosed elements at 1:1; the real place is the end of the file.
      const lines = text.split('\n');
      const names = open[1]!.replace(/[\s"]/g, '').split(',').filter(Boolean);
      throw new XmlError(`Die Datei endet unerwartet (Zeile ${lines.length}, Spalte ${lines.at(-1)!.length + 1}): nicht geschlossene Elemente ${names.join(' › ')}. Ist die Datei unvollständig?`, lines.length, lines.at(-1)!.length + 1);
    }
    throw new XmlError(`Die Datei ist kein wohlgeformtes XML (Zeile ${line}, Spalte ${col}): ${msg}`, line, col);
  }
  let raw: Raw[];
  let roots: XmlElement[];
  try {
    raw = parser.parse(text) as Raw[];
    roots = raw.map((r) => convert(r, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), 0)).filter((x): x is XmlElement => !!x);
  } catch (e) {
    if (e instanceof XmlError) throw e;
    throw new XmlError('Die Datei ist zu tief verschachtelt oder kann nicht gelesen werden.');
  }
  if (roots.length !== 1) throw new XmlError('Die Datei hat kein eindeutiges Wurzelelement.');
  return roots[0]!;
}

function convert(node: Raw, scope: Map<string, string>, depth: number): XmlElement | undefined {
  if (depth > MAX_DEPTH) throw new XmlError(`Die Datei ist zu tief verschachtelt (mehr als ${MAX_DEPTH} Ebenen).`);
  const key = Object.keys(node).find((k) => k !== ':@');
  if (!key || key === '#text' || key.startsWith('?') || key.startsWith('!')) return undefined;
  const attrsRaw = (node[':@'] ?? {}) as Record<string, string>;
  let local = scope;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrsRaw)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (local === scope) local = new Map(scope);
      local.set(k === 'xmlns' ? '' : k.slice(6), String(v));
      continue;
    }
    attrs[k.includes(':') ? k.slice(k.indexOf(':') + 1) : k] = String(v);
  }
  const colon = key.indexOf(':');
  const prefix = colon >= 0 ? key.slice(0, colon) : '';
  const el: XmlElement = { name: colon >= 0 ? key.slice(colon + 1) : key, ns: local.get(prefix) ?? '', attrs, children: [], text: '' };
  const texts: string[] = [];
  for (const c of (node[key] ?? []) as Raw[]) {
    if ('#text' in c) texts.push(String(c['#text']));
    else {
      const child = convert(c, local, depth + 1);
      if (child) el.children.push(child);
    }
  }
  el.text = texts.join('').trim();
  return el;
}

/** The first child with this local name. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** All children with this local name. */
export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Follows a path of local names (first match each step). */
export function at(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let cur = el;
  for (const p of path) cur = child(cur, p);
  return cur;
}

/** Text at a path, or undefined when the element is missing. */
export function textAt(el: XmlElement | undefined, ...path: string[]): string | undefined {
  return at(el, ...path)?.text;
}

/** Every descendant with this local name, in document order. */
export function descendants(el: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (c.name === name) out.push(c);
    descendants(c, name, out);
  }
  return out;
}
