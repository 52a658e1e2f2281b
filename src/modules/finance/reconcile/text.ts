// Small text helpers of the reconciliation: IBAN normalisation and check digits, name comparison, day distances.

const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

/** Uppercase IBAN without spaces, so "de89 3704 …" from a bank file and "DE893704…" from the debtor file compare equal. */
export function normalizeIban(s: string | null | undefined): string | null {
  if (!s) return null;
  if (IBAN_SHAPE.test(s)) return s; // already normal (the usual case for stored IBANs): no allocation
  const t = s.replace(/[\s-]+/g, '').toUpperCase();
  return IBAN_SHAPE.test(t) ? t : null;
}

/** ISO 13616 remainder (mod 97) of an IBAN's rearranged digits; 1 means the check digits are right. */
function ibanRemainder(iban: string): number {
  const r = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < r.length; i++) {
    const c = r.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return -1;
  }
  return rem;
}

/** True for an IBAN with correct check digits, so a masked account number is really an IBAN. */
export function ibanValid(s: string): boolean {
  const t = normalizeIban(s);
  return t !== null && ibanRemainder(t) === 1;
}

/** Builds a German IBAN with correct check digits from BLZ and account number (test data, examples). */
export function germanIban(blz: string, account: string): string {
  const bban = blz.padStart(8, '0') + account.padStart(10, '0');
  const check = 98 - ibanRemainder(`DE00${bban}`);
  return `DE${String(check).padStart(2, '0')}${bban}`;
}

const STOP = new Set([
  'dr', 'prof', 'med', 'herr', 'herrn', 'frau', 'hr', 'fr', 'und', 'u', 'eheleute', 'familie', 'fam', 'geb', 'gmbh', 'mbh', 'co', 'kg', 'ag', 'ug',
  'ohg', 'gbr', 'ek', 'ev', 'eg', 'se', 'kgaa', 'haftungsbeschraenkt', 'inh', 'inhaber', 'von', 'vom', 'der', 'die', 'das',
]);

const FOLD = new Map<string, string | null>([['ä', 'ae'], ['ö', 'oe'], ['ü', 'ue'], ['ß', 'ss'], ['ı', 'i'], ['ł', 'l'], ['ø', 'o'], ['æ', 'ae'], ['œ', 'oe'], ['đ', 'd']]);

/** A non-ASCII letter as ASCII ("é" → "e"), null for a separator; cached per character. */
function fold(ch: string): string | null {
  let f = FOLD.get(ch);
  if (f === undefined) {
    const base = ch.normalize('NFKD').replace(/[^a-z0-9]/g, '');
    f = base.length > 0 ? base : /\p{M}/u.test(ch) ? '' : null;
    FOLD.set(ch, f);
  }
  return f;
}

function addToken(out: string[], w: string): void {
  if (w.length > 1 && !STOP.has(w) && !out.includes(w)) out.push(w);
}

/**
 * Comparable name tokens: lower case, ä→ae, accents dropped, titles and legal forms removed ("Dr. Jürgen Köhler" →
 * juergen, koehler). One pass over the characters: the worklist index normalises every debtor name of a tenant.
 */
export function nameTokens(name: string | null | undefined): string[] {
  if (!name) return [];
  const s = name.toLowerCase();
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) cur += s[i];
    else if (c < 128) {
      addToken(out, cur);
      cur = '';
    } else {
      const f = fold(s[i]!);
      if (f !== null) cur += f;
      else {
        addToken(out, cur);
        cur = '';
      }
    }
  }
  addToken(out, cur);
  return out;
}

/** Dice coefficient of the name token sets (0…1): word order, case, umlaut spelling and titles do not matter. */
export function tokenSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let common = 0;
  for (const x of a) {
    if (b.includes(x)) common++;
    // Banks cut names at 27/35 characters: a cut last word counts when it is a prefix of at least 4 letters.
    else if (b.some((y) => (x.length >= 4 && y.startsWith(x)) || (y.length >= 4 && x.startsWith(y)))) common++;
  }
  return (2 * common) / (a.length + b.length);
}

/** Similarity of two names, see {@link tokenSimilarity}. */
export function nameSimilarity(a: string | null | undefined, b: string | null | undefined): number {
  return tokenSimilarity(nameTokens(a), nameTokens(b));
}
