// Leitweg-ID (routing identifier of German public buyers, BT-10 in XRechnung): structure and the ISO/IEC 7064
// MOD 97-10 check digit, per the KoSIT "Format-Spezifikation Leitweg-ID". A wrong check digit is only a warning:
// several valid official test invoices carry one.

/** Result of checking a Leitweg-ID. */
export interface LeitwegCheck {
  /** Grob-, optional Fein-Adressierung and a two-digit check number, separated by hyphens. */
  wellFormed: boolean;
  /** The Grobadressierung follows the hierarchy Land (2) · Regierungsbezirk (1) · Landkreis (2) · Gemeinde (3, 4 or 7). */
  hierarchyOk: boolean;
  /** The check number satisfies ISO/IEC 7064 MOD 97-10. */
  checkDigitOk: boolean;
  /** The check number the ID should carry (when well formed). */
  expectedCheckDigit?: string;
}

const LEITWEG = /^(\d{2,12})(?:-([A-Za-z0-9]{1,30}))?-(\d{2})$/;
const LAENDER = new Set(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '99']);
const GROB_LENGTHS = new Set([2, 3, 5, 8, 9, 12]);

/** Converts letters A–Z (either case) to 10–35 as ISO 7064 requires; digits stay. */
function digitsOf(s: string): string {
  let out = '';
  for (const ch of s.toUpperCase()) out += ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
  return out;
}

/** Remainder of a long digit string modulo 97, computed in chunks (no float, no bigint needed). */
function mod97(digits: string): number {
  let r = 0;
  for (let i = 0; i < digits.length; i += 7) r = Number(String(r) + digits.slice(i, i + 7)) % 97;
  return r;
}

/** The two-digit MOD 97-10 check number for Grob- and Feinadressierung (without hyphens). */
export function leitwegCheckDigit(grob: string, fein = ''): string {
  const n = mod97(digitsOf(grob + fein) + '00');
  return String(98 - n).padStart(2, '0');
}

/** Checks a Leitweg-ID such as `04011000-1234512345-06`. */
export function checkLeitwegId(input: string): LeitwegCheck {
  const m = LEITWEG.exec(input.trim());
  if (!m) return { wellFormed: false, hierarchyOk: false, checkDigitOk: false };
  const grob = m[1]!;
  const fein = m[2] ?? '';
  const pruef = m[3]!;
  const expected = leitwegCheckDigit(grob, fein);
  return {
    wellFormed: true,
    hierarchyOk: GROB_LENGTHS.has(grob.length) && LAENDER.has(grob.slice(0, 2)),
    checkDigitOk: mod97(digitsOf(grob + fein + pruef)) === 1,
    expectedCheckDigit: expected,
  };
}
