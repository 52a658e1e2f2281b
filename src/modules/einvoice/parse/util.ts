// Small shared helpers for the UBL and CII readers: typed access to the kernel's element tree, exact amounts, dates,
// Skonto lines, and the untrimmed text of a few elements where whitespace carries meaning (BT-20, BR-DE-18).
import { at, childrenNamed, type XmlElement } from '../../../kernel/index.ts';
import { decimalText, type DecimalText } from '../decimal.ts';
import type { Amount, DateText, Identifier, Quantity, SkontoTerm } from '../model.ts';

/** Text at a path; undefined when the element is absent ('' when present but empty). */
export function txt(el: XmlElement | undefined, ...path: string[]): string | undefined {
  return at(el, ...path)?.text;
}

/** Attribute of the element at a path. */
export function attr(el: XmlElement | undefined, name: string, ...path: string[]): string | undefined {
  return at(el, ...path)?.attrs[name];
}

/** All elements reached by following the path; every step may match several children. */
export function all(el: XmlElement | undefined, ...path: string[]): XmlElement[] {
  let cur: XmlElement[] = el ? [el] : [];
  for (const p of path) cur = cur.flatMap((c) => childrenNamed(c, p));
  return cur;
}

/** An amount element (text + currencyID) at a path. */
export function amount(el: XmlElement | undefined, ...path: string[]): Amount | undefined {
  const e = at(el, ...path);
  if (!e) return undefined;
  const d = decimalText(e.text)!;
  const currencyId = e.attrs.currencyID;
  return currencyId === undefined ? d : { ...d, currencyId };
}

/** Amount from an element already at hand. */
export function amountOf(e: XmlElement | undefined): Amount | undefined {
  return e ? amount(e) : undefined;
}

/** A plain decimal (percent, rate) at a path. */
export function dec(el: XmlElement | undefined, ...path: string[]): DecimalText | undefined {
  return decimalText(at(el, ...path)?.text);
}

/** A quantity (text + unitCode) at a path. */
export function quantity(el: XmlElement | undefined, ...path: string[]): Quantity | undefined {
  const e = at(el, ...path);
  if (!e) return undefined;
  const d = decimalText(e.text)!;
  return e.attrs.unitCode === undefined ? d : { ...d, unitCode: e.attrs.unitCode };
}

/** An identifier with schemeID at a path. */
export function ident(el: XmlElement | undefined, ...path: string[]): Identifier | undefined {
  const e = at(el, ...path);
  return e ? identOf(e) : undefined;
}

/** Identifier from an element at hand (schemeID, else schemeAgencyID is not a scheme and is ignored). */
export function identOf(e: XmlElement): Identifier {
  return e.attrs.schemeID === undefined ? { value: e.text } : { value: e.text, schemeId: e.attrs.schemeID };
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/** UBL xs:date "YYYY-MM-DD" (a time-zone suffix is tolerated). */
export function ublDate(el: XmlElement | undefined, ...path: string[]): DateText | undefined {
  const raw = at(el, ...path)?.text;
  if (raw === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/.exec(raw);
  return m && isRealDate(+m[1]!, +m[2]!, +m[3]!) ? { raw, iso: `${m[1]}-${m[2]}-${m[3]}` } : { raw };
}

/** CII udt:DateTimeString / qdt:DateTimeString / udt:DateString with @format (102 = YYYYMMDD is the only EN 16931 format). */
export function ciiDate(container: XmlElement | undefined, ...path: string[]): DateText | undefined {
  const holder = at(container, ...path);
  if (!holder) return undefined;
  const e = holder.children.find((c) => c.name === 'DateTimeString' || c.name === 'DateString') ?? holder;
  const raw = e.text;
  const format = e.attrs.format;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  const iso = m && (format === undefined || format === '102') && isRealDate(+m[1]!, +m[2]!, +m[3]!) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
  const out: DateText = { raw };
  if (iso) out.iso = iso;
  if (format !== undefined) out.format = format;
  return out;
}

/** Removes undefined-valued keys so results compare and print cleanly (absent stays absent). */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Returns the object when at least one of its values is defined (and not an empty array), else undefined. */
export function nonEmpty<T extends object>(o: T): T | undefined {
  compact(o);
  return Object.values(o).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0)) ? o : undefined;
}

/** Counts element local names in the tree (for cardinality rules), iteratively so deep documents cannot overflow. */
export function countElements(root: XmlElement): Map<string, number> {
  const counts = new Map<string, number>();
  const stack: XmlElement[] = [root];
  while (stack.length) {
    const e = stack.pop()!;
    counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
    for (const c of e.children) stack.push(c);
  }
  return counts;
}

const STRICT_SKONTO = /^#SKONTO#TAGE=([0-9]+)#PROZENT=([0-9]+\.[0-9]{2})(?:#BASISBETRAG=(-?[0-9]+\.[0-9]{2}))?#$/;
const LENIENT_SKONTO = /^#\s*SKONTO\s*#\s*TAGE\s*=\s*([0-9]+)\s*#\s*PROZENT\s*=\s*([^#]*?)\s*#(?:\s*BASISBETRAG\s*=\s*([^#]*?)\s*#)?\s*$/i;

/**
 * Reads the XRechnung Skonto lines (`#SKONTO#TAGE=14#PROZENT=2.00#[BASISBETRAG=…#]`) from BT-20. Lenient about case and
 * whitespace so the payment side still sees the terms; `strict` says whether the line passes BR-DE-18's line test
 * (the pattern applied to normalize-space of the line, as the XRechnung Schematron does).
 */
export function parseSkonto(terms: string | undefined): SkontoTerm[] {
  if (!terms) return [];
  const out: SkontoTerm[] = [];
  for (const line of terms.split(/\r?\n/)) {
    const m = LENIENT_SKONTO.exec(line.trim());
    if (!m) continue;
    const percent = decimalText(m[2]!.replace(',', '.'))!;
    const term: SkontoTerm = { source: 'bt20', days: Number(m[1]), percent: { raw: m[2]!, ...(percent.value ? { value: percent.value } : {}) }, line, strict: STRICT_SKONTO.test(line.replace(/\s+/g, ' ').trim()) };
    if (m[3] !== undefined) {
      const base = decimalText(m[3].replace(',', '.'))!;
      term.base = { raw: m[3], ...(base.value ? { value: base.value } : {}) };
    }
    out.push(term);
  }
  return out;
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name]!;
    const cp = hex ? parseInt(hex, 16) : Number(dec);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  });
}

// Tag, CDATA, comment or processing instruction; attribute values may contain '>' so they are matched as quoted runs.
const TOKEN = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([^\s/>!?]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

/**
 * Untrimmed text of every `child` element directly inside a `parent` element (local names), in document order.
 * The kernel's tree trims text; BT-20 needs the exact whitespace (BR-DE-18 checks line breaks and blanks). Runs only
 * on documents the kernel has already accepted as well-formed and DOCTYPE-free.
 */
export function rawChildTexts(xml: string, parent: string, child: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  let capture: { depth: number; parts: string[]; from: number } | undefined;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(xml); m; m = TOKEN.exec(xml)) {
    if (capture && m.index > capture.from) capture.parts.push(decodeEntities(xml.slice(capture.from, m.index)));
    if (capture) capture.from = TOKEN.lastIndex;
    if (m[1] !== undefined) {
      if (capture) capture.parts.push(m[1]);
      continue;
    }
    const name = m[3];
    if (!name) continue; // comment / PI
    const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
    if (m[2] === '/') {
      if (capture && stack.length === capture.depth) {
        out.push(capture.parts.join('').replace(/\r\n?/g, '\n'));
        capture = undefined;
      }
      stack.pop();
    } else if (m[5] === '/') {
      if (!capture && local === child && stack[stack.length - 1] === parent) out.push('');
    } else {
      stack.push(local);
      if (!capture && local === child && stack[stack.length - 2] === parent) capture = { depth: stack.length, parts: [], from: TOKEN.lastIndex };
    }
  }
  return out;
}
