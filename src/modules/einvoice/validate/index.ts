// Validation of parsed e-invoices against EN 16931 (business, calculation, VAT, code-list and syntax rules) and the
// XRechnung 3.0 national rules, in native TypeScript. The profile declared in BT-24 chooses the rule sets (the KoSIT
// scenario layer); every finding carries its official rule identifier and a German message.
import type { ParsedInvoice } from '../model.ts';
import { has, rule, type Profile, type Rule, type RuleContext, type Severity } from './engine.ts';
import { checkLeitwegId } from './leitweg.ts';
import { detectProfile, effectiveSeverity, isXRechnung, scenarioLabel } from './profile.ts';
import { codeRules } from './rules-codes.ts';
import { coreRules, coRules, decRules } from './rules-core.ts';
import { syntaxRules } from './rules-syntax.ts';
import { vatRules } from './rules-vat.ts';
import { cvdRules, extensionRules, xrechnungRules } from './rules-xrechnung.ts';

export type { Profile, Rule, Severity } from './engine.ts';
export { checkLeitwegId, leitwegCheckDigit, type LeitwegCheck } from './leitweg.ts';
export { detectProfile } from './profile.ts';
export { XR_CIUS_ID, XR_CVD_ID, XR_EXTENSION_ID, ibanOk } from './rules-xrechnung.ts';
export { SKONTO_PATTERN, skontoProblems } from './skonto.ts';

/** One finding of the validation. */
export interface ValidationIssue {
  /** Official rule identifier, e.g. BR-CO-15, BR-DE-15, BR-S-08, UBL-SR-53, or one of ours (PROFILE-UNKNOWN, LEITWEG-ID-02). */
  id: string;
  severity: Severity;
  /** German message for users. */
  message: string;
  /** Business term or group concerned, e.g. "BG-25[2]/BT-131". */
  path?: string;
}

/** The result of validating one invoice. */
export interface ValidationReport {
  /** True when no fatal finding remains for the declared profile. */
  valid: boolean;
  profile: Profile;
  /** Which rule sets were applied, in German. */
  scenario: string;
  /** All findings, fatal first; despite the name it also holds warnings and information. */
  errors: ValidationIssue[];
  counts: Record<Severity, number>;
}

const P = 'platform' as const;

/** Our own checks beyond the official artefacts. */
const platformRules: Rule[] = [
  rule('PROFILE-UNKNOWN', 'warning', P, 'Die Spezifikationskennung (BT-24) ist weder XRechnung noch EN 16931; die Rechnung wurde nach EN 16931 geprüft.', (c, fail) => {
    if (c.profile === 'unknown' && has(c.doc.specificationId)) fail('BT-24', `Kennung „${c.doc.specificationId}“`);
  }),
  rule('LEITWEG-ID-01', 'information', P, 'Die Käuferreferenz (BT-10) hat nicht das Format einer Leitweg-ID (Grobadressierung, optional Feinadressierung, zweistellige Prüfziffer).', (c, fail) => {
    const ref = c.doc.buyerReference;
    if (!isXRechnung(c.profile) || !has(ref)) return;
    const r = checkLeitwegId(ref);
    if (!r.wellFormed || !r.hierarchyOk) fail('BT-10', `Wert „${ref}“`);
  }),
  rule('LEITWEG-ID-02', 'warning', P, 'Die Prüfziffer der Leitweg-ID (BT-10) ist falsch (ISO/IEC 7064 MOD 97-10).', (c, fail) => {
    const ref = c.doc.buyerReference;
    if (!has(ref)) return;
    const r = checkLeitwegId(ref);
    if (r.wellFormed && !r.checkDigitOk) fail('BT-10', `Wert „${ref}“, erwartete Prüfziffer ${r.expectedCheckDigit}`);
  }),
];

/** Every rule the validator knows, in report order. */
export const ALL_RULES: readonly Rule[] = [...coreRules, ...coRules, ...decRules, ...vatRules, ...codeRules, ...syntaxRules, ...xrechnungRules, ...extensionRules, ...cvdRules, ...platformRules];

const MAX_FINDINGS_PER_RULE = 50;
const ORDER: Record<Severity, number> = { fatal: 0, warning: 1, information: 2 };

/** Validates a parsed invoice against the rule sets its BT-24 declares; never throws. */
export function validateInvoice(doc: ParsedInvoice): ValidationReport {
  const profile = detectProfile(doc.specificationId);
  const syntax = doc.syntax;
  const cache = new Map<string, unknown>();
  const ctx: RuleContext = {
    doc,
    profile,
    ubl: syntax === 'ubl',
    cii: syntax === 'cii',
    memo<T>(key: string, compute: () => T): T {
      if (cache.has(key)) return cache.get(key) as T;
      const v = compute();
      cache.set(key, v);
      return v;
    },
  };
  const errors: ValidationIssue[] = [];
  for (const r of ALL_RULES) {
    const severity = effectiveSeverity(r, profile, syntax);
    if (!severity) continue;
    let n = 0;
    const fail = (path?: string, detail?: string): void => {
      if (++n > MAX_FINDINGS_PER_RULE) return;
      const issue: ValidationIssue = { id: r.id, severity, message: detail ? `${r.message} (${detail})` : r.message };
      if (path) issue.path = path;
      errors.push(issue);
    };
    try {
      r.check(ctx, fail);
    } catch (e) {
      errors.push({ id: r.id, severity: 'warning', message: `Die Regel konnte nicht geprüft werden: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  errors.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const counts: Record<Severity, number> = { fatal: 0, warning: 0, information: 0 };
  for (const e of errors) counts[e.severity]++;
  return { valid: counts.fatal === 0, profile, scenario: scenarioLabel(profile, syntax), errors, counts };
}

/** The report for a file that could not be read as an invoice at all (not XML, not well-formed, no invoice root). */
export function unreadableReport(message: string, id = 'XML-WELLFORMED'): ValidationReport {
  return {
    valid: false,
    profile: 'unknown',
    scenario: 'keine Prüfung möglich: die Datei ist keine lesbare Rechnung',
    errors: [{ id, severity: 'fatal', message }],
    counts: { fatal: 1, warning: 0, information: 0 },
  };
}
