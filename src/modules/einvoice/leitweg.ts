// Leitweg-ID for routing incoming invoices: the check digit (ISO/IEC 7064 MOD 97-10) comes from the validation
// rules (validate/leitweg.ts); this file adds what routing needs: one normalised spelling and the part without the
// check digit, so an invoice whose check digit is wrong still finds its unit (with a warning, never a rejection).
import { checkLeitwegId, leitwegCheckDigit } from './validate/leitweg.ts';

export { checkLeitwegId, leitwegCheckDigit, type LeitwegCheck } from './validate/leitweg.ts';

const LEITWEG = /^(\d{2,12})(?:-([A-Z0-9]{1,30}))?-(\d{2})$/;

/** A Leitweg-ID taken apart; `normalized` is the stored spelling (upper case, no spaces). */
export interface LeitwegParts {
  normalized: string;
  grob: string;
  fein: string;
  pruef: string;
  /** Grob- and Feinadressierung with their hyphen but without the check digit: the routing key of a unit. */
  base: string;
  checkDigitOk: boolean;
  expectedCheckDigit: string;
}

/** Normalises the spelling: surrounding and inner white space removed, letters upper case. */
export function normalizeLeitwegId(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** Parses a Leitweg-ID; undefined when it does not have the form Grob[-Fein]-PP. */
export function parseLeitwegId(input: string): LeitwegParts | undefined {
  const normalized = normalizeLeitwegId(input);
  const m = LEITWEG.exec(normalized);
  if (!m) return undefined;
  const grob = m[1]!;
  const fein = m[2] ?? '';
  const check = checkLeitwegId(normalized);
  return {
    normalized,
    grob,
    fein,
    pruef: m[3]!,
    base: fein ? `${grob}-${fein}` : grob,
    checkDigitOk: check.checkDigitOk,
    expectedCheckDigit: check.expectedCheckDigit ?? leitwegCheckDigit(grob, fein),
  };
}

/** Builds a Leitweg-ID with the right check digit (demo data, forms that suggest one). */
export function withCheckDigit(grob: string, fein = ''): string {
  return `${grob}${fein ? `-${fein.toUpperCase()}` : ''}-${leitwegCheckDigit(grob, fein)}`;
}
