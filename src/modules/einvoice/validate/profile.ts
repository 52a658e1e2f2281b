// The KoSIT scenario layer rebuilt: the declared specification identifier (BT-24) chooses the rule sets, and the
// scenario's customLevel overrides change the severity of a few CEN rules (validator-configuration-xrechnung,
// scenarios.xml). Invoices that are not XRechnung are judged by EN 16931 alone; the national rules are then only
// reported as information.
import type { Profile, Rule, Severity } from './engine.ts';
import { XR_CIUS_ID, XR_CVD_ID, XR_EXTENSION_ID } from './rules-xrechnung.ts';

/** Chooses the profile from BT-24. */
export function detectProfile(specificationId: string | undefined): Profile {
  const id = (specificationId ?? '').trim();
  if (id === '') return 'unknown';
  if (id === XR_CIUS_ID) return 'xrechnung-3.0';
  if (id === XR_EXTENSION_ID) return 'xrechnung-3.0-extension';
  if (id === XR_CVD_ID) return 'xrechnung-3.0-cvd';
  if (/xrechnung/i.test(id)) return 'xrechnung-legacy';
  if (id.startsWith('urn:cen.eu:en16931:2017')) return 'en16931';
  return 'unknown';
}

/** True for the profiles whose national rules count (all XRechnung versions). */
export function isXRechnung(p: Profile): boolean {
  return p.startsWith('xrechnung');
}

/** German description of the scenario applied, for reports. */
export function scenarioLabel(p: Profile, syntax: 'ubl' | 'cii'): string {
  const s = syntax === 'ubl' ? 'UBL' : 'CII';
  switch (p) {
    case 'xrechnung-3.0':
      return `XRechnung 3.0 (${s}): EN 16931 und nationale Regeln`;
    case 'xrechnung-3.0-extension':
      return `XRechnung 3.0 Extension (${s}): EN 16931, nationale Regeln und Extension-Regeln`;
    case 'xrechnung-3.0-cvd':
      return `XRechnung 3.0 CVD (${s}): EN 16931, nationale Regeln und CVD-Regeln`;
    case 'xrechnung-legacy':
      return `ältere XRechnung-Version (${s}): geprüft nach EN 16931 und den nationalen Regeln von XRechnung 3.0`;
    case 'en16931':
      return `EN 16931 (${s}): nationale XRechnung-Regeln nur als Hinweis`;
    default:
      return `unbekanntes Profil (${s}): geprüft nach EN 16931, nationale XRechnung-Regeln nur als Hinweis`;
  }
}

const STANDARD_LEVELS: Record<string, Severity> = { 'BR-CL-21': 'warning', 'BR-CL-23': 'warning' };
const CVD_LEVELS: Record<string, Severity> = { ...STANDARD_LEVELS, 'BR-CL-13': 'information' };
const EXTENSION_LEVELS: Record<string, Severity> = {
  'BR-CL-21': 'information',
  'BR-CL-23': 'warning',
  'BR-CL-24': 'warning',
  'BR-CL-10': 'information',
  'BR-CL-11': 'information',
  'BR-CL-25': 'information',
  'BR-CL-26': 'information',
};

/**
 * The severity a rule has in this scenario, or undefined when the rule does not apply at all.
 * customLevel overrides follow the KoSIT scenarios; BR-CO-16 is information only for UBL extension documents
 * (BR-DEX-09 replaces it there).
 */
export function effectiveSeverity(rule: Rule, profile: Profile, syntax: 'ubl' | 'cii'): Severity | undefined {
  if (rule.syntax && rule.syntax !== syntax) return undefined;
  switch (rule.set) {
    case 'xrechnung-extension':
      return profile === 'xrechnung-3.0-extension' ? rule.flag : undefined;
    case 'xrechnung-cvd':
      return profile === 'xrechnung-3.0-cvd' ? rule.flag : undefined;
    case 'xrechnung':
      return isXRechnung(profile) ? rule.flag : 'information';
    default:
      break;
  }
  let levels: Record<string, Severity> | undefined;
  if (profile === 'xrechnung-3.0' || profile === 'xrechnung-legacy') levels = STANDARD_LEVELS;
  else if (profile === 'xrechnung-3.0-cvd') levels = CVD_LEVELS;
  else if (profile === 'xrechnung-3.0-extension') levels = syntax === 'ubl' ? { ...EXTENSION_LEVELS, 'BR-CO-16': 'information' } : EXTENSION_LEVELS;
  return levels?.[rule.id] ?? rule.flag;
}
