// The rule engine: rules are data (official id, severity, German message, rule set) plus one check function each.
// A check reports every violation it finds through `fail`; the engine then applies the scenario (profile-dependent
// severity overrides, KoSIT customLevel) and collects the findings into the report.
import { Decimal, type DecimalText } from '../decimal.ts';
import type { ParsedInvoice } from '../model.ts';

/** Severity of a finding, as in the Schematron `flag` attribute. */
export type Severity = 'fatal' | 'warning' | 'information';

/** Which rule family a rule belongs to; decides how the profile treats it. */
export type RuleSet =
  | 'en16931' // CEN EN 16931 business, calculation, VAT and code-list rules
  | 'syntax' // CEN syntax-binding rules (UBL-SR/CR/DT, CII-SR/DT) that need the XML tree
  | 'xrechnung' // XRechnung 3.0 national rules (BR-DE-*, BR-TMP-*)
  | 'xrechnung-extension' // XRechnung extension rules (BR-DEX-*)
  | 'xrechnung-cvd' // XRechnung Clean Vehicles Directive rules (BR-DE-CVD-*, BR-TMP-CVD-*)
  | 'platform'; // our own checks (profile recognition, Leitweg-ID)

/** The profiles (rule sets) the validator recognises from BT-24. */
export type Profile =
  | 'xrechnung-3.0'
  | 'xrechnung-3.0-extension'
  | 'xrechnung-3.0-cvd'
  | 'xrechnung-legacy'
  | 'en16931'
  | 'unknown';

/** Everything a rule may look at. */
export interface RuleContext {
  doc: ParsedInvoice;
  profile: Profile;
  ubl: boolean;
  cii: boolean;
  /** Caches derived values (sums per VAT category etc.) for the duration of one validation. */
  memo<T>(key: string, compute: () => T): T;
}

/** Reports one violation; `path` names the business group/term, `detail` adds computed values. */
export type Fail = (path?: string, detail?: string) => void;

/** One validation rule. */
export interface Rule {
  id: string;
  flag: Severity;
  set: RuleSet;
  /** German message shown to users. */
  message: string;
  /** Restricts the rule to one syntax (the official artefacts differ in a few places). */
  syntax?: 'ubl' | 'cii';
  check(c: RuleContext, fail: Fail): void;
}

/** Shorthand to declare a rule. */
export function rule(id: string, flag: Severity, set: RuleSet, message: string, check: Rule['check'], syntax?: 'ubl' | 'cii'): Rule {
  return syntax ? { id, flag, set, message, check, syntax } : { id, flag, set, message, check };
}

// ---- small helpers shared by the rule files ----

/** True when the string is present and not only whitespace (XPath `normalize-space(.) != ''`). */
export function has(s: string | undefined | null): s is string {
  return s !== undefined && s !== null && s.trim() !== '';
}

/** The exact value of a document number, or undefined when absent or not a decimal. */
export function val(d: DecimalText | undefined): Decimal | undefined {
  return d?.value;
}

/** XPath `round(x * 100) div 100`: two decimals, ties toward +∞. */
export function round2(d: Decimal): Decimal {
  return d.round(2, 'half-ceiling');
}

/** XPath `round(x)`: integer, ties toward +∞. */
export function roundInt(d: Decimal): Decimal {
  return d.round(0, 'half-ceiling');
}

/** Sum of the defined values (XPath `sum()` ignores nothing, but absent elements contribute no item). */
export function sum(values: Iterable<Decimal | undefined>): Decimal {
  let s = Decimal.ZERO;
  for (const v of values) if (v) s = s.add(v);
  return s;
}

/** Number of characters after the first '.' (XPath `string-length(substring-after(., '.'))`). */
export function fractionLength(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const t = raw.trim();
  const i = t.indexOf('.');
  return i < 0 ? 0 : t.length - i - 1;
}

/** XPath normalize-space(). */
export function normalizeSpace(s: string): string {
  return s.replace(/[ \t\r\n]+/g, ' ').trim();
}

/** |a − b| < 1 (the ±1 tolerance the CEN artefacts allow for rounding differences). */
export function within1(a: Decimal, b: Decimal): boolean {
  return a.sub(b).abs().lt(ONE);
}

/** |a − b| ≤ 1. */
export function within1Inclusive(a: Decimal, b: Decimal): boolean {
  return !a.sub(b).abs().gt(ONE);
}

export const ONE = Decimal.fromInt(1);
export const HUNDRED = Decimal.fromInt(100);

/** Formats a decimal for messages (German decimal comma is avoided on purpose: values are shown as in the XML). */
export function show(d: Decimal | undefined): string {
  return d ? d.toString() : '—';
}
