// XRechnung BR-DE-18: Skonto lines in the first BT-20 text of each payment terms element. Every line whose
// normalised text starts with "#" must match the KoSIT pattern, and the last Skonto entry must be followed by a
// line break. The check mirrors the official XPath (tokenize on line breaks, normalize-space, unanchored match with
// "$" at the end; tokenize on '#.+#' for the trailing line break).
import { child, childrenNamed, at } from '../../../kernel/index.ts';
import type { ParsedInvoice } from '../model.ts';
import { normalizeSpace } from './engine.ts';

/** The KoSIT pattern for one Skonto line (XR-SKONTO-REGEX of the XRechnung 3.0 schematron). */
export const SKONTO_PATTERN = /#(SKONTO)#TAGE=([0-9]+#PROZENT=[0-9]+\.[0-9]{2})(#BASISBETRAG=-?[0-9]+\.[0-9]{2})?#$/;

/** A BT-20 text to check; `untrimmed` is false when only the parser's trimmed value is known. */
export interface PaymentTermsText {
  text: string;
  untrimmed: boolean;
}

/** Problems BR-DE-18 finds in one text (empty when it passes). */
export function skontoProblems(t: PaymentTermsText): string[] {
  const problems: string[] = [];
  const lines = t.text.split(/\r?\n/);
  const skonto = lines.map(normalizeSpace).filter((l) => l.startsWith('#'));
  if (skonto.length === 0) return problems;
  for (const l of skonto) if (!SKONTO_PATTERN.test(l)) problems.push(`Zeile „${l}“ entspricht nicht dem Muster`);
  if (t.untrimmed) {
    const parts = t.text.split(/#.+#/);
    const last = parts[parts.length - 1] ?? '';
    if (!/^\s*\n/.test(last)) problems.push('nach der letzten Skonto-Zeile fehlt der Zeilenumbruch');
  }
  return problems;
}

function decodeXmlText(s: string): string {
  const cdata = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let out = '';
  let last = 0;
  for (let m = cdata.exec(s); m; m = cdata.exec(s)) {
    out += decodeEntities(s.slice(last, m.index).replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, '')) + m[1];
    last = m.index + m[0].length;
  }
  return out + decodeEntities(s.slice(last).replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, ''));
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

/** First-child texts of each container element, read from the source so line breaks and spaces survive. */
function untrimmedTexts(source: string, container: string, element: string): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  const outer = new RegExp(`<(?:[\\w.-]+:)?${container}\\b[^>]*?(?:/>|>([\\s\\S]*?)</(?:[\\w.-]+:)?${container}\\s*>)`, 'g');
  const inner = new RegExp(`<(?:[\\w.-]+:)?${element}\\b[^>]*?(?:/>|>([\\s\\S]*?)</(?:[\\w.-]+:)?${element}\\s*>)`);
  for (let m = outer.exec(source); m; m = outer.exec(source)) {
    const body = m[1];
    const n = body === undefined ? null : inner.exec(body);
    out.push(n ? decodeXmlText(n[1] ?? '') : undefined);
  }
  return out;
}

/** The BT-20 texts BR-DE-18 looks at, untrimmed where the document source is available. */
export function paymentTermsTexts(doc: ParsedInvoice): PaymentTermsText[] {
  const root = doc.raw?.root;
  const ubl = doc.syntax === 'ubl';
  const containers = !root
    ? []
    : ubl
      ? childrenNamed(root, 'PaymentTerms')
      : childrenNamed(at(root, 'SupplyChainTradeTransaction', 'ApplicableHeaderTradeSettlement'), 'SpecifiedTradePaymentTerms');
  const element = ubl ? 'Note' : 'Description';
  // Without the XML elements (a model built by hand) the model's BT-20 is all there is.
  if (!root || containers.length === 0) return doc.payment.terms !== undefined ? [{ text: doc.payment.terms, untrimmed: false }] : [];
  const trimmed = containers.map((p) => child(p, element)?.text);
  // Only texts with a Skonto line need the (more expensive) look at the untrimmed source.
  const relevant = trimmed.some((t) => t !== undefined && t.split(/\r?\n/).some((l) => l.trim().startsWith('#')));
  const source = relevant ? doc.raw.source : undefined;
  const raw = source ? untrimmedTexts(source, ubl ? 'PaymentTerms' : 'SpecifiedTradePaymentTerms', element) : [];
  const aligned = raw.length === trimmed.length && raw.every((r, i) => (r === undefined) === (trimmed[i] === undefined) && (r ?? '').trim() === (trimmed[i] ?? '').trim());
  const out: PaymentTermsText[] = [];
  trimmed.forEach((t, i) => {
    if (t === undefined) return;
    out.push(aligned ? { text: raw[i]!, untrimmed: true } : { text: t, untrimmed: false });
  });
  return out;
}
