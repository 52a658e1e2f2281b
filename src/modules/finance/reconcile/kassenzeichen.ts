// Finding Kassenzeichen in bank remittance text. The platform's Kassenzeichen ("26-0001234-5": 2-digit year, 7-digit
// sequence, Luhn check digit) comes from the payments module; this file adds the search in free text and the
// arithmetic of the check digit that reconciliation needs (which single-digit corrections make a number valid).
//
// Luhn facts the engine relies on (see engine.ts): every single wrong digit is detected, and for every position there is
// exactly ONE replacement digit that makes the number valid again, so a mistyped number has exactly 10 single-digit
// corrections (one per position). Every swap of two neighbouring digits is detected except 0↔9 ("09" ↔ "90"); those
// "blind spots" are computed by {@link blindSpotSwaps} so the engine can refuse an exact number whose blind-spot twin is
// also an open claim. Two wrong digits pass the check with probability 1/10.
import { ibanValid } from './text.ts';
import { kassenzeichen, luhn, validKassenzeichen } from '../../payments/index.ts';

export { kassenzeichen, luhn, validKassenzeichen };

// Contribution of digit d at a position of the 10-digit number: the positions 0, 2, 4, 6, 8 (counted from the left) are
// doubled (digit sum), the others count once. A number is valid when the contributions add up to 0 mod 10.
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
const UNDOUBLED = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9];

function contrib(pos: number, d: number): number {
  return pos % 2 === 0 ? DOUBLED[d]! : d;
}

function digitFor(pos: number, c: number): number {
  return pos % 2 === 0 ? UNDOUBLED[c]! : c;
}

function checkSum(digits: string): number {
  let s = 0;
  for (let p = 0; p < 10; p++) s += contrib(p, digits.charCodeAt(p) - 48);
  return s % 10;
}

/** The 10 digits of a Kassenzeichen written in any of the usual ways ("26-0001234-5", "26 0001234 5"), or null. */
export function kzDigits(input: string): string | null {
  const n = kzNumber(input);
  return n < 0 ? null : numberDigits(n);
}

/**
 * The Kassenzeichen as one number (0 … 9,999,999,999; the check digit is the last decimal digit), −1 unless the input is
 * exactly 10 digits with optional spaces, hyphens, dots or slashes. No string is allocated: the index parses 1,000,000
 * rows with it.
 */
export function kzNumber(input: string): number {
  let n = 0;
  let count = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++count > 10) return -1;
      n = n * 10 + (c - 48);
    } else if (c !== 45 && c !== 32 && c !== 46 && c !== 47 && c !== 9) return -1;
  }
  return count === 10 ? n : -1;
}

/** The 10 digits of a number from {@link kzNumber}. */
export function numberDigits(n: number): string {
  return String(n).padStart(10, '0');
}

/** True when the number from {@link kzNumber} carries a correct check digit. */
export function isValidNumber(n: number): boolean {
  // Two halves below 2^31, so the arithmetic stays in small integers.
  let hi = Math.floor(n / 100_000);
  let lo = n - hi * 100_000;
  let s = 0;
  for (let p = 9; p >= 0; p--) {
    let d: number;
    if (p >= 5) {
      d = lo % 10;
      lo = (lo / 10) | 0;
    } else {
      d = hi % 10;
      hi = (hi / 10) | 0;
    }
    s += contrib(p, d);
  }
  return s % 10 === 0;
}

/** The lookup key of a valid Kassenzeichen: its first 9 digits (year and sequence) as a small integer. */
export function bodyKey(digits: string): number {
  let n = 0;
  for (let i = 0; i < 9; i++) n = n * 10 + (digits.charCodeAt(i) - 48);
  return n;
}

/** True when the 10 digits carry a correct check digit (same rule as the payments module, without string parsing). */
export function isValidDigits(digits: string): boolean {
  return digits.length === 10 && checkSum(digits) === 0;
}

/** The printed form "26-0001234-5" of 10 digits, the way notices show it. */
export function formatKz(digits: string): string {
  return `${digits.slice(0, 2)}-${digits.slice(2, 9)}-${digits.slice(9)}`;
}

/** A valid number that a mistyped one may have been meant as. */
export interface Correction {
  digits: string;
  /** 'digit': one digit replaced at `position`; 'swap': the digits at `position` and `position + 1` exchanged. */
  kind: 'digit' | 'swap';
  position: number;
}

/** All valid numbers one wrong digit (exactly one per position) or one swap of neighbours away from an invalid number. */
export function corrections(digits: string): Correction[] {
  const s = checkSum(digits);
  if (s === 0) return [];
  const out: Correction[] = [];
  for (let p = 0; p < 10; p++) {
    const d = digits.charCodeAt(p) - 48;
    const want = (((contrib(p, d) - s) % 10) + 10) % 10;
    out.push({ digits: digits.slice(0, p) + String(digitFor(p, want)) + digits.slice(p + 1), kind: 'digit', position: p });
  }
  for (let p = 0; p < 9; p++) {
    if (digits[p] === digits[p + 1]) continue;
    const swapped = digits.slice(0, p) + digits[p + 1] + digits[p] + digits.slice(p + 2);
    if (checkSum(swapped) === 0 && !out.some((c) => c.digits === swapped)) out.push({ digits: swapped, kind: 'swap', position: p });
  }
  return out;
}

/** Valid numbers that differ from a valid number by a neighbour swap the check digit cannot see (0↔9). */
export function blindSpotSwaps(digits: string): string[] {
  const out: string[] = [];
  for (let p = 0; p < 9; p++) {
    const a = digits[p];
    const b = digits[p + 1];
    if ((a === '0' && b === '9') || (a === '9' && b === '0')) {
      const swapped = digits.slice(0, p) + b + a + digits.slice(p + 2);
      if (checkSum(swapped) === 0) out.push(swapped);
    }
  }
  return out;
}

const POW = [1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1, 0];

/**
 * Calls `visit` with the {@link bodyKey} of every valid number exactly two digits away (up to 405): near misses for the
 * clerk's suggestions, never for automatic matching. Works on numbers, so a worklist entry costs no string allocations.
 */
export function forTwoDigitNeighbours(digits: string, visit: (key: number) => void): void {
  const s = checkSum(digits);
  const ds: number[] = [];
  for (let p = 0; p < 10; p++) ds.push(digits.charCodeAt(p) - 48);
  const body = bodyKey(digits);
  for (let i = 0; i < 9; i++) {
    for (let a = 0; a < 10; a++) {
      if (a === ds[i]) continue;
      const delta = contrib(i, a) - contrib(i, ds[i]!);
      const bodyI = body + (a - ds[i]!) * POW[i]!;
      for (let j = i + 1; j < 10; j++) {
        const want = (((contrib(j, ds[j]!) - s - delta) % 10) + 10) % 10;
        const b = digitFor(j, want);
        if (b !== ds[j]) visit(bodyI + (b - ds[j]!) * POW[j]!);
      }
    }
  }
}

/** The valid numbers exactly two digits away, as digits (see {@link forTwoDigitNeighbours}). */
export function twoDigitNeighbours(digits: string): string[] {
  const out: string[] = [];
  forTwoDigitNeighbours(digits, (key) => out.push(withCheckDigit(key)));
  return out;
}

/** The 10 digits of a valid Kassenzeichen from its {@link bodyKey}. */
export function withCheckDigit(key: number): string {
  const body = String(key).padStart(9, '0');
  return body + String((10 - (checkSum(`${body}0`) % 10)) % 10);
}

/** Where in a SEPA purpose a candidate was found (EREF/KREF/SVWZ field, or text outside SEPA keywords). */
export type CandidateField = 'text' | 'EREF' | 'KREF' | 'SVWZ';

/** A 10-digit group found in remittance text that may be a Kassenzeichen. */
export interface Candidate {
  /** The 10 digits as written (separators removed). */
  digits: string;
  /** "26-0001234-5". */
  formatted: string;
  /** The check digit is right. */
  valid: boolean;
  /** Preceded by a label such as "KZ", "Kassenzeichen:", "Kassenz.", "AZ". */
  labeled: boolean;
  /** Written in the Kassenzeichen layout 2-7-1, 2-8 or 9-1 (with separators), not as an arbitrary digit group. */
  layout: boolean;
  field: CandidateField;
  /** The text as found, with its separators and line breaks. */
  raw: string;
  /** For an invalid number: every valid number one wrong digit or one neighbour swap away; empty when valid. */
  corrections: Correction[];
}

const SEPA_KEYWORD = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT|BREF|RREF|PURP)\+/g;
const KEPT_FIELDS = new Set<string>(['text', 'EREF', 'KREF', 'SVWZ']);
const IBAN_LIKE = /[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?/gi;
const DATE = /\b\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b/g;
const LABEL = /(?<![a-zäöüß])(?:kassen[\s-]?zeichen(?:[\s-]?nr)?|kassenz|kz(?:[\s.-]?nr)?|az|aktenzeichen)\W{0,5}$/i;
const JOINERS = ' \t\r\n.-/\u00a0\u2013';

/** The purpose (?20–?29, ?60–?63) of a raw MT940 :86: field, physical line breaks removed; other text unchanged. */
function mt940Purpose(t: string): string {
  if (!/\?2\d/.test(t)) return t;
  const flat = t.replace(/\r?\n/g, '');
  const parts: string[] = [];
  for (const m of flat.matchAll(/\?(\d{2})([^?]*)/g)) {
    const n = Number(m[1]);
    if ((n >= 20 && n <= 29) || (n >= 60 && n <= 63)) parts.push(m[2] ?? '');
  }
  return parts.join('');
}

/** Splits a SEPA purpose at its keywords and keeps the fields where a payer writes a reference (not MREF, CRED, IBAN …). */
function sepaFields(t: string): { field: CandidateField; text: string }[] {
  const out: { field: string; text: string }[] = [];
  let field = 'text';
  let last = 0;
  for (const m of t.matchAll(SEPA_KEYWORD)) {
    out.push({ field, text: t.slice(last, m.index) });
    field = m[1]!;
    last = m.index + m[0].length;
  }
  out.push({ field, text: t.slice(last) });
  return out.filter((f) => KEPT_FIELDS.has(f.field) && f.text.length > 0) as { field: CandidateField; text: string }[];
}

/** Replaces IBANs (valid check digits only) and dates by '#' of the same length, so their digits never form a candidate. */
function mask(t: string): string {
  let s = t.replace(IBAN_LIKE, (m) => {
    const cc = m.slice(0, 2).toUpperCase();
    return cc !== 'KZ' && cc !== 'AZ' && ibanValid(m) ? '#'.repeat(m.length) : m;
  });
  s = s.replace(DATE, (m) => '#'.repeat(m.length));
  return s;
}

function joinable(t: string, from: number, to: number): boolean {
  const n = to - from;
  if (n < 1 || n > 3) return false;
  for (let i = from; i < to; i++) if (!JOINERS.includes(t[i]!)) return false;
  return true;
}

function countDigits(t: string): number {
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * Finds Kassenzeichen in remittance text: 10 digits in consecutive digit groups joined by spaces, hyphens, dots, slashes
 * or line breaks (at most 3 such characters between groups), with or without a label ("KZ", "Kassenz.", "Kassenzeichen:",
 * "AZ", any case), also inside EREF+/KREF+/SVWZ+ and in a raw MT940 :86: whose ?20–?29 fields split the number. IBANs,
 * dates and the SEPA fields MREF/CRED/IBAN/BIC/ABWA/ABWE/… are ignored. Each distinct number is returned once, in text
 * order; an invalid number comes with its single-digit and neighbour-swap corrections. A digit group longer than 10 digits
 * is never cut (a Kassenzeichen glued to other digits is not found).
 */
export function findKassenzeichen(text: string | null | undefined): Candidate[] {
  if (!text || countDigits(text) < 10) return [];
  const out: Candidate[] = [];
  for (const { field, text: part } of sepaFields(mt940Purpose(text))) {
    if (countDigits(part) < 10) continue;
    const t = mask(part);
    const groups: { s: number; e: number }[] = [];
    for (const m of t.matchAll(/\d+/g)) groups.push({ s: m.index, e: m.index + m[0].length });
    const found: { c: Candidate; from: number; to: number }[] = [];
    for (let i = 0; i < groups.length; i++) {
      let len = 0;
      for (let j = i; j < groups.length; j++) {
        const g = groups[j]!;
        if (j > i && !joinable(t, groups[j - 1]!.e, g.s)) break;
        len += g.e - g.s;
        if (len > 10) break;
        if (len < 10) continue;
        const raw = t.slice(groups[i]!.s, g.e);
        const digits = raw.replace(/\D/g, '');
        const shape = groups.slice(i, j + 1).map((x) => x.e - x.s).join(',');
        const valid = isValidDigits(digits);
        found.push({
          from: i,
          to: j,
          c: {
            digits,
            formatted: formatKz(digits),
            valid,
            labeled: LABEL.test(t.slice(Math.max(0, groups[i]!.s - 24), groups[i]!.s)),
            layout: shape === '2,7,1' || shape === '2,8' || shape === '9,1',
            field,
            raw,
            corrections: valid ? [] : corrections(digits),
          },
        });
        break;
      }
    }
    // Overlapping windows ("0 26 0001234 5"): a valid reading wins over an invalid one.
    for (const f of found) {
      if (!f.c.valid && found.some((o) => o !== f && o.c.valid && o.from <= f.to && f.from <= o.to)) continue;
      const same = out.find((o) => o.digits === f.c.digits);
      if (same) {
        same.labeled ||= f.c.labeled;
        same.layout ||= f.c.layout;
      } else out.push(f.c);
    }
  }
  return out;
}
