// Pieces shared by the camt and MT940 readers: refusal errors with a position, stable keys for statements and entries
// (so a re-delivered statement is recognised), and the German SEPA keyword split (EREF+, MREF+, SVWZ+ …).
import { createHash } from 'node:crypto';
import { formatDec } from './decimal.ts';
import type { Entry, ReadError, SepaKeywords, Statement } from './model.ts';

/** A refusal raised while reading; read.ts adds the file name. */
export class StatementError extends Error {
  constructor(
    readonly code: ReadError['code'],
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

function sha256(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

const PLACEHOLDER_REFS = /^(NONREF|NOTPROVIDED|NOT PROVIDED|NONE|0+)$/i;

/** Account id used in keys: IBAN, else the other id, else the raw MT940 :25:. */
export function accountId(st: Pick<Statement, 'account'>): string {
  return st.account.iban ?? st.account.other ?? st.account.raw ?? '';
}

function canonicalEntry(e: Entry, account: string): unknown[] {
  return [
    account,
    formatDec(e.amount),
    e.currency,
    e.creditDebit,
    e.reversal,
    e.bookingDate,
    e.valueDate,
    e.bankReference,
    e.entryReference,
    e.transactions.map((t) => [t.endToEndId, t.mandateId, t.amount ? formatDec(t.amount) : null, t.counterparty?.iban ?? t.counterparty?.account ?? null, t.counterparty?.name ?? null, t.remittance.join('\n'), t.structured.map((s) => s.ref)]),
    e.mt940 ? e.mt940.raw86 : null,
  ];
}

/**
 * Gives each entry its stable key: the bank's own reference (AcctSvcrRef / MT940 "//" reference) when it is present,
 * not a placeholder like NONREF and unique in the statement; otherwise a hash of the canonical fields plus the
 * occurrence number among identical entries (so the key does not depend on the entry's position in the file).
 */
export function assignEntryKeys(st: Statement): void {
  const account = accountId(st);
  const refCount = new Map<string, number>();
  for (const e of st.entries) if (e.bankReference && !PLACEHOLDER_REFS.test(e.bankReference)) refCount.set(e.bankReference, (refCount.get(e.bankReference) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const e of st.entries) {
    if (e.bankReference && refCount.get(e.bankReference) === 1) {
      e.key = `ref:${account}:${e.bankReference}`;
      continue;
    }
    const h = sha256(canonicalEntry(e, account));
    const n = seen.get(h) ?? 0;
    seen.set(h, n + 1);
    e.key = `hash:${h}#${n}`;
  }
}

/** Sets contentHash and key of a statement (call after the entries have their keys). */
export function assignStatementKeys(st: Statement, kind: string): void {
  const account = accountId(st);
  st.contentHash = sha256([
    account,
    st.account.currency,
    st.balances.map((b) => [b.type, b.intermediate, formatDec(b.amount), b.currency, b.creditDebit, b.date]),
    st.entries.map((e) => canonicalEntry(e, account)),
  ]);
  st.key =
    kind === 'mt940'
      ? sha256([kind, account, st.id, st.statementNumber, st.contentHash])
      : sha256([kind, account, st.id, st.electronicSequence, st.legalSequence, st.createdAt]);
}

const KEYWORDS = ['EREF', 'KREF', 'MREF', 'CRED', 'DEBT', 'SVWZ', 'ABWA', 'ABWE', 'COAM', 'OAMT', 'IBAN', 'BIC', 'BREF', 'RREF', 'PURP'] as const;
const KEYWORD_RE = new RegExp(`(${KEYWORDS.join('|')})\\+`, 'g');

/** Collapses runs of whitespace and trims (German bank text is padded to fixed widths). */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Joins fixed-width text pieces (MT940 ?20–?29, ?32/?33 with 27 characters each): a full piece was cut mid-text and
 * continues without a space, a shorter piece ended a line and gets a space. `starts` are the pieces' offsets in the
 * result, `lineEnds` the offsets where a short piece (a line that ended before the width) stops.
 */
export function joinPieces(pieces: string[], width = 27): { text: string; starts: number[]; lineEnds: number[] } {
  let text = '';
  const starts: number[] = [];
  const lineEnds: number[] = [];
  pieces.forEach((p, i) => {
    if (i > 0 && pieces[i - 1]!.length < width && text !== '' && !/\s$/.test(text) && !/^\s/.test(p)) text += ' ';
    starts.push(text.length);
    text += p;
    if (p.length < width) lineEnds.push(text.length);
  });
  return { text, starts, lineEnds };
}

/** Keywords whose value is an identifier of at most 35 characters: it ends where its line ends. */
const ID_KEYWORDS = new Set(['EREF', 'KREF', 'MREF', 'CRED', 'DEBT', 'IBAN', 'BIC', 'BREF', 'RREF', 'PURP', 'COAM', 'OAMT']);

/**
 * Splits SEPA keywords (EREF+, KREF+, MREF+, CRED+, SVWZ+, ABWA+, …) out of purpose text. A keyword counts at the
 * start, at a piece boundary or after a space. An identifier keyword (EREF+, MREF+ …) ends at the end of its line
 * (`lineEnds`); text after it that belongs to no keyword is returned in `free`, like text before the first keyword
 * (`prefix`).
 */
export function splitSepaKeywords(text: string, starts: number[] = [0], lineEnds: number[] = []): { keywords: SepaKeywords; prefix: string; free: string[]; found: boolean } {
  const hits: { kw: string; at: number; end: number }[] = [];
  for (const m of text.matchAll(KEYWORD_RE)) {
    const at = m.index;
    if (at === 0 || starts.includes(at) || /\s/.test(text[at - 1]!)) hits.push({ kw: m[1]!, at, end: at + m[0].length });
  }
  const keywords: SepaKeywords = {};
  const free: string[] = [];
  hits.forEach((h, i) => {
    const next = hits[i + 1]?.at ?? text.length;
    let stop = next;
    if (ID_KEYWORDS.has(h.kw)) {
      const lineEnd = lineEnds.find((e) => e > h.end && e < next);
      if (lineEnd !== undefined) {
        stop = lineEnd;
        const rest = squash(text.slice(lineEnd, next));
        if (rest) free.push(rest);
      }
    }
    const value = squash(text.slice(h.end, stop));
    const k = h.kw as keyof SepaKeywords;
    keywords[k] = keywords[k] ? `${keywords[k]} ${value}` : value;
  });
  return { keywords, prefix: squash(hits.length ? text.slice(0, hits[0]!.at) : text), free, found: hits.length > 0 };
}

/** True for strings shaped like an IBAN (country, check digits, 11–30 alphanumerics); not a checksum test. */
export function looksLikeIban(s: string | null | undefined): boolean {
  return !!s && /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s.replace(/\s/g, ''));
}

/** True when the IBAN's ISO 7064 MOD 97-10 check digits are right (tells an IBAN from an IBAN plus currency suffix). */
export function ibanChecksumOk(s: string): boolean {
  const iban = s.replace(/\s/g, '');
  if (!looksLikeIban(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

/** True for a syntactically valid calendar date YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}
