// Reconciliation: matches bank credits to open claims (Forderungen) automatically where the evidence is unambiguous,
// and puts every other credit on a clarification worklist with ranked suggestions for a clerk.
//
// Decisions (see also the report of issue 7):
// - A Kassenzeichen identifies a claim ACCOUNT. Instalments (Grundsteuer quarters, Gewerbesteuer prepayments) are separate
//   claims with their own due dates that share one Kassenzeichen. Money paid to an account goes to its instalments oldest
//   due date first (Tilgungsreihenfolge after § 225 (2) AO: older debts first); a designation in the text such as "Q2"
//   is not interpreted (the clerk can re-book).
// - "No wrong match" beats match rate: in doubt, the worklist.
//
// Evidence and confidence (highest first). "Payer fits" = the payer's IBAN is one of the debtor's, or the payer's name has
// a token similarity ≥ 0.8 with the debtor's. "Amount fits" = the amount pays the oldest k open instalments exactly.
//   1.00 kassenzeichen            an open Kassenzeichen with a correct check digit, labelled ("KZ …"), in the Kassenzeichen
//                                 layout 2-7-1 / 2-8 / 9-1, or in the structured reference
//   0.95 kassenzeichen            a bare 10-digit number that is an open Kassenzeichen, and amount or payer fits
//   0.90 kassenzeichen_corrected  a number with a wrong check digit whose corrections (one wrong digit: exactly one per
//                                 position; one swap of neighbours) hit exactly ONE open account, and amount or payer fits;
//                                 or hit several, of which exactly one has payer AND amount fitting (option ibanTieBreak,
//                                 default on: without it a typo is rarely resolved when numbers are dense)
//                                 — also a 0↔9 neighbour swap, which the check digit cannot see: see decide()
//   0.90 iban_amount              no Kassenzeichen; the payer's IBAN belongs to a debtor with exactly one way to explain the
//                                 amount, and that way is one claim
//   0.80 iban_sum                 as iban_amount, but the one way is several claims of that debtor
//   0    unmatched                everything else, including name + exact amount (only a suggestion: too risky), and every
//                                 credit that names a well-formed Kassenzeichen that is not open (no IBAN fallback then)
//
// Several Kassenzeichen in one transfer (combined payment): if exactly one choice of "oldest k instalments" per account
// (k ≥ 1 for every account with something open) adds up to the amount, that is booked; if several choices do, the worklist
// (amount_ambiguous); if none does, the instalments of all named accounts are paid oldest due date first (ties: text
// order) and what is left over is an overpayment, credited to the payer's own debtor if the payer is one of them, else to
// the debtor of the first Kassenzeichen.
//
// Speed: the index holds hash maps by Kassenzeichen (first 9 digits as a small integer) and by normalised debtor IBAN, so
// an entry costs a handful of O(1) look-ups (a mistyped Kassenzeichen: 10–19 look-ups; a worklist entry up to 405 more
// for near misses). The name map that only the worklist suggestions need, and the claim-id map that only manual
// assignment needs, are built on first use. Nothing is ever O(entries × claims).
import { blindSpotSwaps, bodyKey, findKassenzeichen, formatKz, forTwoDigitNeighbours, isValidDigits, isValidNumber, kzNumber, numberDigits, type Candidate } from './kassenzeichen.ts';
import { nameTokens, normalizeIban, tokenSimilarity } from './text.ts';

/**
 * One credit on the municipality's account, the minimum reconciliation needs from a bank statement entry. From the bank
 * statement model (src/modules/finance/bank): booked credits only (creditDebit CRDT, no reversal, status BOOK or null),
 * one CreditEntry per TransactionDetail of a batch booking (key `${entry.key}#${i}`, amount from the detail); remittance
 * = detail.remittance joined with "\n" (MT940: the purpose), structuredRef = detail.structured[0]?.ref, endToEndId =
 * detail.endToEndId unless "NOTPROVIDED", counterparty name/IBAN = detail.counterparty; the Dec amount as integer cents.
 */
export interface CreditEntry {
  /** Stable, unique key of the entry (idempotency: the same key twice in a run is refused). */
  key: string;
  /** Positive integer cents. */
  amountCents: number;
  currency: string;
  /** YYYY-MM-DD. */
  bookingDate: string;
  /** Unstructured remittance (Ustrd lines or the MT940 purpose, lines joined with "\n" or ""; a raw :86: also works). */
  remittance: string;
  /** Structured creditor reference (CdtrRefInf/Ref), if any. */
  structuredRef?: string | undefined;
  counterpartyName?: string | undefined;
  counterpartyIban?: string | undefined;
  /** EREF / EndToEndId. */
  endToEndId?: string | undefined;
}

/** An open claim (one instalment); instalments of one account share the Kassenzeichen. */
export interface OpenClaim {
  id: string;
  kassenzeichen: string;
  debtorId: string;
  debtorName: string;
  debtorIbans: readonly string[];
  openCents: number;
  /** YYYY-MM-DD. */
  dueDate: string;
  type: string;
}

/** Money booked to one claim. */
export interface Allocation {
  claimId: string;
  cents: number;
}

export type MatchReason = 'kassenzeichen' | 'kassenzeichen_corrected' | 'iban_amount' | 'iban_sum' | 'manual';

export type UnmatchedReason =
  | 'kassenzeichen_ambiguous' // a mistyped number fits several open accounts, or an exact one has a 0↔9 twin
  | 'kassenzeichen_unconfirmed' // a correction or a bare number hits an open account, but neither amount nor payer confirm it
  | 'kassenzeichen_not_open' // a well-formed Kassenzeichen that is not (or no longer) an open account
  | 'amount_ambiguous' // several Kassenzeichen, and the amount can be split between them in more than one way
  | 'iban_ambiguous' // known payer IBAN, no Kassenzeichen, several ways to explain the amount
  | 'iban_amount_mismatch' // known payer IBAN, no Kassenzeichen, no claim combination equals the amount
  | 'name_amount' // name and exact amount point to exactly one claim: suggestion only
  | 'no_evidence'
  | 'not_eur'
  | 'not_credit'
  | 'duplicate_entry';

export type EntryStatus = 'matched' | 'partial' | 'overpaid' | 'unmatched';

/** Why a suggestion was made; each adds to its score. */
export type Evidence = 'kassenzeichen_exact' | 'kassenzeichen_corrected' | 'kassenzeichen_near' | 'amount' | 'iban' | 'name' | 'due_date';

/** A ranked proposal for the clerk: one account, with the booking it would get. */
export interface Suggestion {
  kassenzeichen: string;
  debtorId: string;
  debtorName: string;
  /** 0–100. */
  score: number;
  evidence: Evidence[];
  allocations: Allocation[];
  overpaymentCents: number;
}

/** The outcome for one credit entry. */
export interface EntryResult {
  entryKey: string;
  status: EntryStatus;
  allocations: Allocation[];
  /** Amount left after all named claims are paid; a credit on `debtorId`. */
  overpaymentCents: number;
  /** The debtor the money belongs to (null when unmatched). */
  debtorId: string | null;
  reason: MatchReason | UnmatchedReason;
  /** See the table at the top of this file; 0 for unmatched. */
  confidence: number;
  /** The accounts the money went to (printed form), in text order. */
  kassenzeichen: string[];
  /** Up to `maxSuggestions`, best first; only for unmatched entries. */
  suggestions: Suggestion[];
}

export interface ReconcileSummary {
  entries: number;
  matched: number;
  partial: number;
  overpaid: number;
  unmatched: number;
  byReason: Record<string, number>;
  allocatedCents: number;
  overpaymentCents: number;
  unmatchedCents: number;
}

export interface ReconcileResult {
  results: EntryResult[];
  summary: ReconcileSummary;
}

export interface ReconcileOptions {
  /** Suggestions per worklist entry (default 5). */
  maxSuggestions?: number;
  /**
   * Accept a mistyped Kassenzeichen with several open corrections when exactly one of them belongs to the payer's IBAN
   * and fits the amount (default true). Off: only a correction with exactly one open account is ever accepted.
   */
  ibanTieBreak?: boolean;
  /** Name similarity (Dice over name tokens) that counts as "same payer" (default 0.8). */
  nameThreshold?: number;
}

interface DebtorSlot {
  id: string;
  name: string;
  ibans: string[];
  /** IBANs as delivered (and the last array seen), so repeated rows of a debtor cost no normalisation. */
  rawIbans: string[];
  lastIbans: readonly string[] | null;
  accounts: AccountSlot[];
  tokens: string[] | null;
}

interface AccountSlot {
  kz: string;
  debtor: DebtorSlot;
  /** Instalments in Tilgungsreihenfolge: due date, then id. */
  slots: ClaimSlot[];
}

interface ClaimSlot {
  claim: OpenClaim;
  open: number;
  account: AccountSlot;
}

/** A claim the index refused, with the reason (German, for the import report). */
export interface RejectedClaim {
  id: string;
  reason: string;
}

/**
 * The open claims of one tenant, indexed for reconciliation. Build it with {@link ClaimIndex.from} from an array, or with
 * {@link ClaimIndex.fromAsync} / {@link ClaimIndex.add} from a streaming query. Rows may come in any order; a database
 * run reads them with a server-side cursor (FETCH 10000 at a time), for example:
 *
 *   SELECT c.id, c.kassenzeichen, c.debtor_id AS "debtorId", d.name AS "debtorName",
 *          d.ibans AS "debtorIbans",            -- text[] of the debtor's known IBANs (mandates, earlier payments)
 *          c.open_cents AS "openCents", c.due_date::text AS "dueDate", c.type
 *     FROM finance_claim c JOIN finance_debtor d ON d.tenant_id = c.tenant_id AND d.id = c.debtor_id
 *    WHERE c.tenant_id = $1 AND c.open_cents > 0
 *    ORDER BY c.kassenzeichen, c.due_date, c.id -- optional: an account's rows in a row skip the look-ups and the sort
 *
 * (open_cents = amount − payments, maintained by the booking that applies a result, or computed with a grouped join.)
 * The index is changed by {@link reconcile} as claims get paid, so one index serves one run.
 */
export class ClaimIndex {
  /** Valid Kassenzeichen by {@link bodyKey} (9 digits as a small integer: no string hashing on the hot path). */
  private readonly byKz = new Map<number, AccountSlot>();
  /** Kassenzeichen from older systems whose last digit is not our check digit: found only when written exactly. */
  private readonly legacy = new Map<string, AccountSlot>();
  private readonly byIban = new Map<string, DebtorSlot[]>();
  private readonly byDebtor = new Map<string, DebtorSlot>();
  private byClaim: Map<string, ClaimSlot> | null = null;
  private claims = 0;
  private last: { raw: string; account: AccountSlot } | null = null;
  /** Two-digit year prefixes of the accounts in the index ("26"): a well-formed number with such a prefix is no accident. */
  private readonly years = new Set<number>();
  private byName: Map<number, DebtorSlot | DebtorSlot[]> | null = null;
  readonly rejected: RejectedClaim[] = [];

  /** Builds an index from claims in memory. */
  static from(claims: Iterable<OpenClaim>): ClaimIndex {
    const ix = new ClaimIndex();
    for (const c of claims) ix.add(c);
    return ix;
  }

  /** Builds an index from a stream of rows (database cursor). */
  static async fromAsync(claims: AsyncIterable<OpenClaim>): Promise<ClaimIndex> {
    const ix = new ClaimIndex();
    for await (const c of claims) ix.add(c);
    return ix;
  }

  /**
   * Adds one open claim (claim ids must be unique, as a primary key guarantees); malformed rows are recorded in
   * `rejected` and skipped.
   */
  add(c: OpenClaim): void {
    if (!Number.isSafeInteger(c.openCents) || c.openCents <= 0) return void this.rejected.push({ id: c.id, reason: 'Offener Betrag ist nicht positiv.' });
    let account: AccountSlot | undefined;
    let debtor: DebtorSlot | undefined;
    const last = this.last;
    if (last && last.account.debtor.id === c.debtorId && last.raw === c.kassenzeichen) {
      // Rows ordered by Kassenzeichen: the next instalment of the same account needs no look-up.
      account = last.account;
      debtor = account.debtor;
    } else {
      const n = kzNumber(c.kassenzeichen);
      if (n < 0) return void this.rejected.push({ id: c.id, reason: `Kassenzeichen „${c.kassenzeichen}“ hat nicht 10 Ziffern.` });
      debtor = this.byDebtor.get(c.debtorId);
      if (!debtor) {
        debtor = { id: c.debtorId, name: c.debtorName, ibans: [], rawIbans: [], lastIbans: null, accounts: [], tokens: null };
        this.byDebtor.set(c.debtorId, debtor);
      }
      const valid = isValidNumber(n);
      const key = (n - (n % 10)) / 10;
      account = valid ? this.byKz.get(key) : this.legacy.get(numberDigits(n));
      if (!account) {
        const kz = numberDigits(n);
        account = { kz, debtor, slots: [] };
        if (valid) this.byKz.set(key, account);
        else this.legacy.set(kz, account);
        debtor.accounts.push(account);
        this.years.add(Math.floor(n / 1e8));
      } else if (account.debtor !== debtor) {
        return void this.rejected.push({ id: c.id, reason: `Kassenzeichen ${formatKz(account.kz)} gehört bereits zu einem anderen Schuldner.` });
      }
      this.last = { raw: c.kassenzeichen, account };
    }
    if (c.debtorIbans !== debtor.lastIbans) {
      debtor.lastIbans = c.debtorIbans;
      for (const raw of c.debtorIbans) {
        if (debtor.rawIbans.includes(raw)) continue;
        debtor.rawIbans.push(raw);
        const iban = normalizeIban(raw);
        if (!iban || debtor.ibans.includes(iban)) continue;
        debtor.ibans.push(iban);
        const list = this.byIban.get(iban);
        if (list) list.push(debtor);
        else this.byIban.set(iban, [debtor]);
      }
    }
    const slot: ClaimSlot = { claim: c, open: c.openCents, account };
    const slots = account.slots;
    let i = slots.length;
    while (i > 0 && before(slot, slots[i - 1]!)) i--;
    if (i === slots.length) slots.push(slot);
    else slots.splice(i, 0, slot);
    this.claims++;
    this.byClaim = null;
  }

  /** Number of claims (instalments) in the index. */
  get size(): number {
    return this.claims;
  }

  /** What is still open on a claim in this run (0 when paid or unknown). */
  openCents(claimId: string): number {
    return this.claimSlot(claimId)?.open ?? 0;
  }

  /** The instalments of an account in Tilgungsreihenfolge with what is open now, or undefined. */
  account(kassenzeichen: string): { debtorId: string; claims: { id: string; dueDate: string; openCents: number }[] } | undefined {
    const kz = kzNumber(kassenzeichen);
    const a = kz < 0 ? undefined : this.accountSlot(numberDigits(kz));
    return a && { debtorId: a.debtor.id, claims: a.slots.map((s) => ({ id: s.claim.id, dueDate: s.claim.dueDate, openCents: s.open })) };
  }

  /** @internal */ accountSlot(digits: string): AccountSlot | undefined {
    return isValidDigits(digits) ? this.byKz.get(bodyKey(digits)) : this.legacy.get(digits);
  }

  /** @internal */ accountByKey(key: number): AccountSlot | undefined {
    return this.byKz.get(key);
  }

  /** @internal The claim map is built on first use (manual assignment), not for every run. */
  claimSlot(id: string): ClaimSlot | undefined {
    if (!this.byClaim) {
      this.byClaim = new Map();
      for (const d of this.byDebtor.values()) for (const a of d.accounts) for (const s of a.slots) this.byClaim.set(s.claim.id, s);
    }
    return this.byClaim.get(id);
  }

  /** @internal */ debtorsByIban(iban: string | null): DebtorSlot[] {
    return iban ? (this.byIban.get(iban) ?? []) : [];
  }

  /** @internal */ debtor(id: string): DebtorSlot | undefined {
    return this.byDebtor.get(id);
  }

  /** @internal True when an account of the number's year (first two digits) is in the index. */
  knownYear(digits: string): boolean {
    return this.years.has((digits.charCodeAt(0) - 48) * 10 + (digits.charCodeAt(1) - 48));
  }

  /** @internal Debtors sharing a pair of name tokens with the name (a single token for one-word names), built on first use. */
  debtorsByName(tokens: readonly string[]): DebtorSlot[] {
    if (!this.byName) {
      const m = new Map<number, DebtorSlot | DebtorSlot[]>();
      for (const d of this.byDebtor.values()) for (const k of nameKeys(tokensOf(d))) putMulti(m, k, d);
      this.byName = m;
    }
    const out = new Set<DebtorSlot>();
    for (const k of nameKeys(tokens)) {
      const v = this.byName.get(k);
      if (v === undefined) continue;
      if (!Array.isArray(v)) out.add(v);
      else if (v.length <= 500) for (const d of v) out.add(d);
    }
    return [...out];
  }
}

/** A multimap that stores a single value without an array (most name pairs are unique). */
function putMulti<V extends object>(m: Map<number, V | V[]>, k: number, v: V): void {
  const old = m.get(k);
  if (old === undefined) m.set(k, v);
  else if (Array.isArray(old)) old.push(v);
  else m.set(k, [old, v]);
}

function before(a: ClaimSlot, b: ClaimSlot): boolean {
  return a.claim.dueDate < b.claim.dueDate || (a.claim.dueDate === b.claim.dueDate && a.claim.id < b.claim.id);
}

function tokensOf(d: DebtorSlot): string[] {
  return (d.tokens ??= nameTokens(d.name));
}

/** 32-bit hashes of every unordered pair of name tokens (one token: the token); a collision only adds candidates. */
function nameKeys(tokens: readonly string[]): number[] {
  const h = tokens.map(fnv);
  if (h.length === 1) return h;
  const keys: number[] = [];
  for (let i = 0; i < h.length; i++) for (let j = i + 1; j < h.length; j++) keys.push((Math.imul(Math.min(h[i]!, h[j]!), 0x9e3779b1) ^ Math.max(h[i]!, h[j]!)) >>> 0);
  return keys;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------------------------------
// Amount arithmetic: an account can take its oldest k open instalments; "prefix sums" are the amounts that pay them exactly.

function prefixes(a: AccountSlot): number[] {
  const out: number[] = [];
  let s = 0;
  for (const sl of a.slots) {
    if (sl.open <= 0) continue;
    s += sl.open;
    out.push(s);
  }
  return out;
}

function openTotal(a: AccountSlot): number {
  let s = 0;
  for (const sl of a.slots) s += sl.open;
  return s;
}

/**
 * Ways to pay `amount` exactly with the oldest k_i open instalments of each account. `each`: every account with something
 * open takes k ≥ 1 (named in the text); otherwise any subset (the IBAN path). Stops at `limit` solutions; null when the
 * search budget runs out (treated as ambiguous).
 */
function combos(accounts: readonly AccountSlot[], amount: number, each: boolean, limit = 2): number[][] | null {
  if (accounts.length === 1 && each) {
    // The common case (one Kassenzeichen): the prefix sums grow strictly, so at most one k fits.
    const k = prefixLength(accounts[0]!, amount);
    return k > 0 ? [[k]] : [];
  }
  const pre = accounts.map(prefixes);
  const maxRest: number[] = new Array(accounts.length + 1).fill(0);
  for (let i = accounts.length - 1; i >= 0; i--) maxRest[i] = maxRest[i + 1]! + (pre[i]!.at(-1) ?? 0);
  const st: Search = { pre, maxRest, each, limit, budget: 20_000, res: [], cur: new Array(accounts.length).fill(0) };
  search(st, 0, amount);
  return st.budget < 0 ? null : st.res;
}

interface Search {
  pre: number[][];
  maxRest: number[];
  each: boolean;
  limit: number;
  budget: number;
  res: number[][];
  cur: number[];
}

function search(st: Search, i: number, rem: number): void {
  if (st.res.length >= st.limit || --st.budget < 0) return;
  if (i === st.pre.length) {
    if (rem === 0) st.res.push([...st.cur]);
    return;
  }
  if (rem > st.maxRest[i]!) return;
  const p = st.pre[i]!;
  if (!st.each || p.length === 0) {
    st.cur[i] = 0;
    search(st, i + 1, rem);
  }
  for (let k = 0; k < p.length && p[k]! <= rem && st.res.length < st.limit; k++) {
    st.cur[i] = k + 1;
    search(st, i + 1, rem - p[k]!);
  }
  st.cur[i] = 0;
}

/** k when the oldest k open instalments of the account add up to the amount exactly, else 0 (no allocation). */
function prefixLength(a: AccountSlot, amount: number): number {
  let sum = 0;
  let k = 0;
  for (const sl of a.slots) {
    if (sl.open <= 0) continue;
    sum += sl.open;
    k++;
    if (sum === amount) return k;
    if (sum > amount) return 0;
  }
  return 0;
}

interface Plan {
  parts: { slot: ClaimSlot; cents: number }[];
  overpayment: number;
}

function planPrefix(accounts: readonly AccountSlot[], ks: readonly number[]): Plan {
  const parts: Plan['parts'] = [];
  accounts.forEach((a, i) => {
    let k = ks[i]!;
    for (const sl of a.slots) {
      if (k === 0) break;
      if (sl.open <= 0) continue;
      parts.push({ slot: sl, cents: sl.open });
      k--;
    }
  });
  return { parts, overpayment: 0 };
}

function planOldestFirst(accounts: readonly AccountSlot[], amount: number): Plan {
  const open: { slot: ClaimSlot; order: number; pos: number }[] = [];
  accounts.forEach((a, order) => a.slots.forEach((slot, pos) => slot.open > 0 && open.push({ slot, order, pos })));
  open.sort((x, y) => (x.slot.claim.dueDate < y.slot.claim.dueDate ? -1 : x.slot.claim.dueDate > y.slot.claim.dueDate ? 1 : x.order - y.order || x.pos - y.pos));
  const parts: Plan['parts'] = [];
  let rest = amount;
  for (const o of open) {
    if (rest === 0) break;
    const cents = Math.min(rest, o.slot.open);
    parts.push({ slot: o.slot, cents });
    rest -= cents;
  }
  return { parts, overpayment: rest };
}

function planFor(accounts: readonly AccountSlot[], amount: number): Plan | 'ambiguous' {
  const c = combos(accounts, amount, true);
  if (c === null || c.length > 1) return 'ambiguous';
  if (c.length === 1) return planPrefix(accounts, c[0]!);
  return planOldestFirst(accounts, amount);
}

function statusOf(plan: Plan): EntryStatus {
  if (plan.overpayment > 0) return 'overpaid';
  return plan.parts.some((p) => p.cents < p.slot.open) ? 'partial' : 'matched';
}

function apply(plan: Plan): Allocation[] {
  return plan.parts.map((p) => {
    p.slot.open -= p.cents;
    return { claimId: p.slot.claim.id, cents: p.cents };
  });
}

// ---------------------------------------------------------------------------------------------------------------------

const CONFIDENCE = { strong: 1, confirmed: 0.95, corrected: 0.9, iban_amount: 0.9, iban_sum: 0.8 } as const;

interface Ctx {
  index: ClaimIndex;
  entry: CreditEntry;
  amount: number;
  payerDebtors: DebtorSlot[];
  /** The payer's name tokens, computed on first use. */
  tokens: string[] | null;
  nameThreshold: number;
  tieBreak: boolean;
  /** Accounts named by the text with how they were found, for suggestions. */
  seen: Map<AccountSlot, Evidence> | null;
  candidates: Candidate[];
}

/** Remembers an account the text pointed to, for the suggestions (the first way it was found counts, unless `replace`). */
function see(x: Ctx, a: AccountSlot, ev: Evidence, replace = false): void {
  const m = (x.seen ??= new Map());
  if (replace || !m.has(a)) m.set(a, ev);
}

function payerFit(x: Ctx, a: AccountSlot): boolean {
  return x.payerDebtors.includes(a.debtor);
}

function payerTokens(x: Ctx): string[] {
  return (x.tokens ??= nameTokens(x.entry.counterpartyName));
}

function nameFit(x: Ctx, a: AccountSlot): boolean {
  const t = payerTokens(x);
  return t.length > 0 && tokenSimilarity(t, tokensOf(a.debtor)) >= x.nameThreshold;
}

function amountFits(x: Ctx, base: readonly AccountSlot[], a: AccountSlot): boolean {
  if (prefixLength(a, x.amount) > 0) return true;
  if (base.length === 0) return false;
  const withBase = combos([...base, a], x.amount, true, 1);
  return !!withBase && withBase.length > 0;
}

/** Open accounts whose number differs by a 0↔9 neighbour swap, which the check digit cannot see. */
function openTwins(index: ClaimIndex, digits: string): AccountSlot[] {
  const out: AccountSlot[] = [];
  for (const d of blindSpotSwaps(digits)) {
    const t = index.accountSlot(d);
    if (t && t.kz !== digits) out.push(t);
  }
  return out;
}

/** The accounts pay the amount exactly in one way (oldest instalments, every account takes something). */
function explains(x: Ctx, accounts: readonly AccountSlot[]): boolean {
  const c = combos(accounts, x.amount, true);
  return !!c && c.length === 1;
}

function candidatesOf(e: CreditEntry): Candidate[] {
  const out: Candidate[] = [];
  if (e.structuredRef) mergeCandidates(out, findKassenzeichen(e.structuredRef.replace(/^\s*RF\d{2}/i, '')), true);
  if (e.endToEndId) mergeCandidates(out, findKassenzeichen(e.endToEndId), false);
  mergeCandidates(out, findKassenzeichen(e.remittance), false);
  return out;
}

/** Adds candidates once per number (structured reference first); a number in the structured reference counts as labelled. */
function mergeCandidates(out: Candidate[], list: readonly Candidate[], structured: boolean): void {
  for (const c of list) {
    const same = out.find((o) => o.digits === c.digits);
    if (same) {
      same.labeled ||= c.labeled || structured;
      same.layout ||= c.layout;
    } else out.push(structured ? { ...c, labeled: true } : c);
  }
}

type Outcome =
  | { kind: 'booked'; plan: Plan; accounts: AccountSlot[]; reason: MatchReason; confidence: number }
  | { kind: 'worklist'; reason: UnmatchedReason };

function decide(x: Ctx): Outcome {
  const { index } = x;
  const accepted: AccountSlot[] = [];
  const correctedSet: AccountSlot[] = [];
  let corrected = false;
  let weakUsed = false;
  let unresolved: UnmatchedReason | null = null;
  let hardBlock = false;
  let notOpen = false;
  const notOpenTokens: Candidate[] = [];
  const weak: AccountSlot[] = [];
  const typos: AccountSlot[][] = [];

  for (const c of x.candidates) {
    const exact = index.accountSlot(c.digits); // valid, or a legacy number written exactly
    if (exact) {
      see(x, exact, 'kassenzeichen_exact', true);
      if (c.labeled || c.layout) {
        if (!accepted.includes(exact)) accepted.push(exact);
      } else weak.push(exact);
    } else if (c.valid) notOpenTokens.push(c);
    else {
      const opts: AccountSlot[] = [];
      for (const k of c.corrections) {
        const a = index.accountSlot(k.digits);
        if (a && !opts.includes(a)) opts.push(a);
      }
      for (const a of opts) see(x, a, 'kassenzeichen_corrected');
      if (opts.length > 0) typos.push(opts);
    }
  }
  // A bare 10-digit number counts only when the amount or the payer confirms it (several bare numbers: together they must
  // explain the amount in exactly one way).
  const pending: AccountSlot[] = [];
  for (const a of weak) {
    if (accepted.includes(a) || pending.includes(a)) continue;
    if (payerFit(x, a) || nameFit(x, a) || amountFits(x, accepted, a)) {
      accepted.push(a);
      weakUsed = true;
    } else pending.push(a);
  }
  if (pending.length > 0) {
    if (explains(x, [...accepted, ...pending])) {
      accepted.push(...pending);
      weakUsed = true;
    } else unresolved ??= 'kassenzeichen_unconfirmed';
  }
  // A mistyped number: exactly one open correction confirmed by amount or payer, or (tie-break) the only one that belongs
  // to the payer (IBAN or name) and fits the amount.
  for (const opts of typos) {
    if (opts.some((a) => accepted.includes(a))) continue; // also written correctly elsewhere in the text
    let pick: AccountSlot | undefined;
    if (opts.length === 1) {
      const a = opts[0]!;
      if (payerFit(x, a) || nameFit(x, a) || amountFits(x, accepted, a)) pick = a;
      else unresolved ??= 'kassenzeichen_unconfirmed';
    } else {
      const fit = x.tieBreak ? opts.filter((a) => (payerFit(x, a) || nameFit(x, a)) && amountFits(x, accepted, a)) : [];
      if (fit.length === 1) pick = fit[0];
      else unresolved = 'kassenzeichen_ambiguous';
    }
    if (pick) {
      accepted.push(pick);
      correctedSet.push(pick);
      corrected = true;
    }
  }
  // 0↔9 swaps pass the check digit. A well-formed number that is not open may be such a swap of an open one
  // ("26-0090834-3" for "26-0009834-3"): taken only when exactly one twin belongs to the payer and fits the amount.
  for (const c of notOpenTokens) {
    const twins = openTwins(index, c.digits);
    for (const t of twins) see(x, t, 'kassenzeichen_corrected');
    const fit = twins.filter((t) => (payerFit(x, t) || nameFit(x, t)) && amountFits(x, accepted, t));
    if (fit.length === 1 && twins.every((t) => t === fit[0] || !(payerFit(x, t) || nameFit(x, t) || amountFits(x, accepted, t)))) {
      if (!accepted.includes(fit[0]!)) accepted.push(fit[0]!);
      correctedSet.push(fit[0]!);
      corrected = true;
    } else if (c.labeled || c.layout || index.knownYear(c.digits)) notOpen = true;
  }
  // An exact open account whose twin is also open: each side scores 2 for the payer (IBAN or name) and 1 for the amount.
  // The written account stays if it scores and beats every twin; the twin is taken if the written account has no payer
  // link and exactly one twin has both; anything else goes to the clerk.
  for (let i = 0; i < accepted.length; i++) {
    const a = accepted[i]!;
    if (correctedSet.includes(a)) continue;
    const twins = openTwins(index, a.kz);
    if (twins.length === 0) continue;
    for (const t of twins) see(x, t, 'kassenzeichen_corrected');
    const fit = (y: AccountSlot, set: readonly AccountSlot[]) => (payerFit(x, y) || nameFit(x, y) ? 2 : 0) + (explains(x, set) ? 1 : 0);
    const sA = fit(a, accepted);
    const sT = twins.map((t) => fit(t, accepted.map((y) => (y === a ? t : y))));
    const best = Math.max(...sT);
    if (sA >= 1 && sA > best) continue;
    const t = twins[sT.indexOf(3)];
    if (sA <= 1 && t && sT.filter((v) => v === 3).length === 1 && !accepted.includes(t)) {
      accepted[i] = t;
      correctedSet.push(t);
      corrected = true;
      continue;
    }
    hardBlock = true;
  }
  if (hardBlock) return { kind: 'worklist', reason: 'kassenzeichen_ambiguous' };
  if (accepted.length > 0) {
    if (unresolved) {
      // Another number in the text could not be resolved: go on only if the resolved accounts explain the amount exactly.
      const exact = combos(accepted, x.amount, true);
      if (!exact || exact.length !== 1) return { kind: 'worklist', reason: unresolved };
    }
    const plan = planFor(accepted, x.amount);
    if (plan === 'ambiguous') return { kind: 'worklist', reason: 'amount_ambiguous' };
    const confidence = corrected ? CONFIDENCE.corrected : weakUsed ? CONFIDENCE.confirmed : CONFIDENCE.strong;
    return { kind: 'booked', plan, accounts: accepted, reason: corrected ? 'kassenzeichen_corrected' : 'kassenzeichen', confidence };
  }
  if (unresolved) return { kind: 'worklist', reason: unresolved };
  if (notOpen) return { kind: 'worklist', reason: 'kassenzeichen_not_open' };

  // No Kassenzeichen: the payer's IBAN and an amount that only one combination of that debtor's claims explains.
  if (x.payerDebtors.length > 0) {
    const accounts: AccountSlot[] = [];
    for (const d of x.payerDebtors) for (const a of d.accounts) if (openTotal(a) > 0 && !accounts.includes(a)) accounts.push(a);
    const c = combos(accounts, x.amount, false);
    if (c === null || c.length > 1) return { kind: 'worklist', reason: 'iban_ambiguous' };
    if (c.length === 0) return { kind: 'worklist', reason: 'iban_amount_mismatch' };
    const used = accounts.filter((_, i) => c[0]![i]! > 0);
    const plan = planPrefix(used, c[0]!.filter((k) => k > 0));
    const single = plan.parts.length === 1;
    return { kind: 'booked', plan, accounts: used, reason: single ? 'iban_amount' : 'iban_sum', confidence: single ? CONFIDENCE.iban_amount : CONFIDENCE.iban_sum };
  }
  return { kind: 'worklist', reason: 'no_evidence' };
}

// Suggestion scores (sum, at most 100): Kassenzeichen exact 50 / one digit or swap off 45 / two digits off 25; amount pays
// the oldest instalments exactly 25; payer IBAN is the debtor's 20; name similarity × 20 (from 0.5); the nearest open due
// date up to 10 (linear to 0 at 60 days). Without Kassenzeichen, IBAN, name or amount evidence there is no suggestion.
const KZ_SCORE: Partial<Record<Evidence, number>> = { kassenzeichen_exact: 50, kassenzeichen_corrected: 45, kassenzeichen_near: 25 };

interface Scored {
  a: AccountSlot;
  score: number;
  kzEv: Evidence | null;
  fits: boolean;
  iban: boolean;
  sim: number;
  due: number;
}

function suggest(x: Ctx, max: number): { suggestions: Suggestion[]; nameAmount: boolean } {
  const { index } = x;
  const pool = new Map<AccountSlot, Evidence | null>(x.seen ?? []);
  // Near misses (two digits off), only for numbers that were clearly meant as a Kassenzeichen and only when the amount or
  // the payer's IBAN fits too: with dense numbering a hundred open accounts can be two digits away.
  for (const c of x.candidates) {
    if (!(c.labeled || c.layout || index.knownYear(c.digits))) continue;
    forTwoDigitNeighbours(c.digits, (key) => {
      const a = index.accountByKey(key);
      if (a && !pool.has(a) && (prefixLength(a, x.amount) > 0 || payerFit(x, a))) pool.set(a, 'kassenzeichen_near');
    });
  }
  for (const d of x.payerDebtors) for (const a of d.accounts) if (!pool.has(a)) pool.set(a, null);
  const tokens = payerTokens(x);
  if (tokens.length > 0) for (const d of index.debtorsByName(tokens)) for (const a of d.accounts) if (!pool.has(a)) pool.set(a, null);

  const booked = Date.parse(x.entry.bookingDate.slice(0, 10));
  const scored: Scored[] = [];
  let nameAmount = 0;
  for (const [a, kzEv] of pool) {
    let next: ClaimSlot | undefined;
    for (const sl of a.slots) {
      if (sl.open > 0) {
        next = sl;
        break;
      }
    }
    if (!next) continue; // paid in full
    const fits = prefixLength(a, x.amount) > 0;
    const iban = payerFit(x, a);
    const sim = tokens.length > 0 ? tokenSimilarity(tokens, tokensOf(a.debtor)) : 0;
    if (!kzEv && !fits && !iban && sim < 0.5) continue;
    if (fits && sim >= x.nameThreshold) nameAmount++;
    const days = Math.abs(Date.parse(next.claim.dueDate) - booked) / 86_400_000;
    const due = days < 60 ? Math.round(10 * (1 - days / 60)) : 0;
    const score = (kzEv ? (KZ_SCORE[kzEv] ?? 0) : 0) + (fits ? 25 : 0) + (iban ? 20 : 0) + (sim >= 0.5 ? Math.round(20 * sim) : 0) + due;
    scored.push({ a, score: Math.min(100, score), kzEv, fits, iban, sim, due });
  }
  scored.sort((p, q) => q.score - p.score || (p.a.kz < q.a.kz ? -1 : 1));
  const suggestions = scored.slice(0, max).map((c): Suggestion => {
    const evidence: Evidence[] = [];
    if (c.kzEv) evidence.push(c.kzEv);
    if (c.fits) evidence.push('amount');
    if (c.iban) evidence.push('iban');
    if (c.sim >= 0.5) evidence.push('name');
    if (c.due > 0) evidence.push('due_date');
    const plan = planFor([c.a], x.amount);
    const p = plan === 'ambiguous' ? { parts: [], overpayment: x.amount } : plan;
    return {
      kassenzeichen: formatKz(c.a.kz),
      debtorId: c.a.debtor.id,
      debtorName: c.a.debtor.name,
      score: c.score,
      evidence,
      allocations: p.parts.map((q) => ({ claimId: q.slot.claim.id, cents: q.cents })),
      overpaymentCents: p.overpayment,
    };
  });
  return { suggestions, nameAmount: nameAmount === 1 };
}

function unmatched(entry: CreditEntry, reason: UnmatchedReason, suggestions: Suggestion[] = []): EntryResult {
  return { entryKey: entry.key, status: 'unmatched', allocations: [], overpaymentCents: 0, debtorId: null, reason, confidence: 0, kassenzeichen: [], suggestions };
}

function context(index: ClaimIndex, entry: CreditEntry, o: ReconcileOptions): Ctx {
  return {
    index,
    entry,
    amount: entry.amountCents,
    payerDebtors: index.debtorsByIban(normalizeIban(entry.counterpartyIban)),
    tokens: null,
    nameThreshold: o.nameThreshold ?? 0.8,
    seen: null,
    candidates: candidatesOf(entry),
    tieBreak: o.ibanTieBreak ?? true,
  };
}

/**
 * Ranked suggestions for one credit against what is open now, without booking anything: for a worklist page when the
 * batch ran with `maxSuggestions: 0` (saves about a second per 10,000 worklist entries at 1,000,000 claims), or to
 * refresh suggestions after other bookings.
 */
export function suggestFor(index: ClaimIndex, entry: CreditEntry, o: ReconcileOptions = {}): Suggestion[] {
  if (!Number.isSafeInteger(entry.amountCents) || entry.amountCents <= 0) return [];
  const x = context(index, entry, o);
  decide(x); // collects the accounts the text points to; books nothing
  return suggest(x, o.maxSuggestions ?? 5).suggestions;
}

/** Matches credits to open claims, changing the index as claims get paid; unmatched entries get ranked suggestions. */
export function reconcile(entries: Iterable<CreditEntry>, index: ClaimIndex, o: ReconcileOptions = {}): ReconcileResult {
  const max = o.maxSuggestions ?? 5;
  const seenKeys = new Set<string>();
  const results: EntryResult[] = [];
  let unmatchedCents = 0;
  for (const entry of entries) {
    if (seenKeys.has(entry.key)) {
      results.push(unmatched(entry, 'duplicate_entry'));
      continue;
    }
    seenKeys.add(entry.key);
    if (!Number.isSafeInteger(entry.amountCents) || entry.amountCents <= 0) {
      results.push(unmatched(entry, 'not_credit'));
      continue;
    }
    if (entry.currency !== 'EUR') {
      results.push(unmatched(entry, 'not_eur'));
      continue;
    }
    const x = context(index, entry, o);
    const d = decide(x);
    if (d.kind === 'worklist') {
      const s = max > 0 ? suggest(x, max) : { suggestions: [], nameAmount: false };
      unmatchedCents += entry.amountCents;
      results.push(unmatched(entry, d.reason === 'no_evidence' && s.nameAmount ? 'name_amount' : d.reason, s.suggestions));
      continue;
    }
    const status = statusOf(d.plan);
    const allocations = apply(d.plan);
    const debtors = d.accounts.map((a) => a.debtor);
    const owner = debtors.find((db) => x.payerDebtors.includes(db)) ?? debtors[0]!;
    results.push({
      entryKey: entry.key,
      status,
      allocations,
      overpaymentCents: d.plan.overpayment,
      debtorId: owner.id,
      reason: d.reason,
      confidence: d.confidence,
      kassenzeichen: d.accounts.map((a) => formatKz(a.kz)),
      suggestions: [],
    });
  }
  return { results, summary: summarize(results, unmatchedCents) };
}

function summarize(results: readonly EntryResult[], unmatchedCents: number): ReconcileSummary {
  const s: ReconcileSummary = { entries: results.length, matched: 0, partial: 0, overpaid: 0, unmatched: 0, byReason: {}, allocatedCents: 0, overpaymentCents: 0, unmatchedCents };
  for (const r of results) {
    s[r.status]++;
    s.byReason[r.reason] = (s.byReason[r.reason] ?? 0) + 1;
    for (const a of r.allocations) s.allocatedCents += a.cents;
    s.overpaymentCents += r.overpaymentCents;
  }
  return s;
}

/**
 * A clerk's decision for a worklist entry: books the given allocations (each at most what is open) and the rest as an
 * overpayment of `debtorId` (default: the debtor of the allocated claims, if it is one). Throws with a German message.
 */
export function assignManually(index: ClaimIndex, entry: CreditEntry, allocations: readonly Allocation[], o: { debtorId?: string } = {}): EntryResult {
  const slots = allocations.map((a) => {
    const slot = index.claimSlot(a.claimId);
    if (!slot) throw new Error(`Forderung ${a.claimId} ist nicht offen.`);
    if (!Number.isSafeInteger(a.cents) || a.cents <= 0) throw new Error('Beträge müssen positive Centbeträge sein.');
    if (a.cents > slot.open) throw new Error(`Auf Forderung ${a.claimId} sind nur ${slot.open} Cent offen.`);
    return { slot, cents: a.cents };
  });
  if (new Set(allocations.map((a) => a.claimId)).size !== allocations.length) throw new Error('Jede Forderung darf nur einmal vorkommen.');
  const total = slots.reduce((s, p) => s + p.cents, 0);
  if (total > entry.amountCents) throw new Error('Die Zuordnung ist höher als der Zahlungseingang.');
  const debtorIds = [...new Set(slots.map((p) => p.slot.account.debtor.id))];
  const debtorId = o.debtorId ?? (debtorIds.length === 1 ? debtorIds[0]! : null);
  const overpayment = entry.amountCents - total;
  if (overpayment > 0 && (!debtorId || !index.debtor(debtorId))) throw new Error('Für den Überschuss muss ein bekannter Schuldner angegeben werden.');
  const plan: Plan = { parts: slots, overpayment };
  const status = statusOf(plan);
  const accounts = [...new Set(slots.map((p) => p.slot.account))];
  return {
    entryKey: entry.key,
    status,
    allocations: apply(plan),
    overpaymentCents: overpayment,
    debtorId,
    reason: 'manual',
    confidence: 1,
    kassenzeichen: accounts.map((a) => formatKz(a.kz)),
    suggestions: [],
  };
}
