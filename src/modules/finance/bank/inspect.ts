// `bank inspect`: what was read from a statement file, as a JSON report (amounts as exact decimal strings) and as a
// short German summary. Pure functions, so tests and the CLI share them.
import { formatDec, formatGerman, sum, type Dec } from './decimal.ts';
import { closingBalance, openingBalance, signedBalance } from './read.ts';
import type { Balance, BankTransactionCode, Entry, Party, ReadResult, Statement, TransactionDetail, Warning } from './model.ts';

/** Totals as the corpus manifests define them: number of entries, sum of CRDT and of DBIT amounts (any status). */
export type Totals = {
  entries: number;
  credit_total: string;
  debit_total: string;
  /** Only when entries come in more than one currency: the same totals per currency. */
  by_currency?: Record<string, { entries: number; credit_total: string; debit_total: string }>;
};

type Json = string | number | boolean | null | Json[] | { [k: string]: Json | undefined };

/** The inspect report of a successfully read file. */
export interface InspectReport {
  file: string;
  ok: true;
  format: string;
  kind: string;
  encoding: string;
  message_id: string | null;
  created_at: string | null;
  statements: { [k: string]: Json | undefined; totals: Totals }[];
  totals: Totals;
  warnings: Warning[];
}

/** The inspect report of a refused file. */
export interface InspectErrorReport {
  file: string;
  ok: false;
  error: { code: string; message: string; line?: number; column?: number };
}

/** Computes totals: CRDT (MT940: C and RD) as credit, DBIT (MT940: D and RC) as debit, summed exactly. */
export function totalsOf(entries: Entry[]): Totals {
  const credit: Dec[] = [];
  const debit: Dec[] = [];
  const currencies = new Map<string, Entry[]>();
  for (const e of entries) {
    (e.creditDebit === 'CRDT' ? credit : debit).push(e.amount);
    const list = currencies.get(e.currency);
    if (list) list.push(e);
    else currencies.set(e.currency, [e]);
  }
  const t: Totals = { entries: entries.length, credit_total: formatDec(sum(credit)), debit_total: formatDec(sum(debit)) };
  if (currencies.size > 1) {
    t.by_currency = {};
    for (const [ccy, list] of currencies) {
      const { entries: n, credit_total, debit_total } = totalsOf(list);
      t.by_currency[ccy] = { entries: n, credit_total, debit_total };
    }
  }
  return t;
}

function balanceJson(b: Balance | undefined): Json {
  if (!b) return null;
  return { type: b.type, amount: formatDec(b.amount), currency: b.currency, credit_debit: b.creditDebit, signed: signedBalance(b), date: b.date, ...(b.intermediate ? { intermediate: true } : {}) };
}

function partyJson(p: Party | null): Json {
  if (!p) return null;
  const out: Record<string, Json> = { name: p.name, iban: p.iban };
  if (p.account) out.account = p.account;
  if (p.bic) out.bic = p.bic;
  if (p.bankCode) out.bank_code = p.bankCode;
  if (p.id) out.id = p.id;
  return out;
}

function btcJson(c: BankTransactionCode | null): Json {
  if (!c) return null;
  return { domain: c.domain, family: c.family, sub_family: c.subFamily, proprietary: c.proprietary, issuer: c.issuer };
}

function remittanceText(t: TransactionDetail): string | null {
  return t.remittance.length ? t.remittance.join(' ') : null;
}

function txJson(t: TransactionDetail): Json {
  return {
    amount: t.amount ? formatDec(t.amount) : null,
    currency: t.currency,
    credit_debit: t.creditDebit,
    end_to_end_id: t.endToEndId,
    mandate_id: t.mandateId,
    creditor_id: t.creditorId,
    transaction_id: t.transactionId,
    counterparty: partyJson(t.counterparty),
    debtor: partyJson(t.debtor),
    creditor: partyJson(t.creditor),
    ultimate_debtor: partyJson(t.ultimateDebtor),
    ultimate_creditor: partyJson(t.ultimateCreditor),
    remittance: remittanceText(t),
    remittance_lines: t.remittance,
    structured_references: t.structured.map((s) => ({ type: s.type, issuer: s.issuer, ref: s.ref, additional: s.additional })),
    purpose: t.purpose,
    return_info: t.returnInfo ? { reason: t.returnInfo.reason, reason_proprietary: t.returnInfo.reasonProprietary, additional_info: t.returnInfo.additionalInfo, originator: t.returnInfo.originatorName ?? t.returnInfo.originatorBic } : null,
    instructed_amount: t.instructedAmount ? formatDec(t.instructedAmount) : null,
    charges: t.charges.map((c) => ({ amount: formatDec(c.amount), currency: c.currency })),
    bank_transaction_code: btcJson(t.bankTransactionCode),
    additional_info: t.additionalInfo,
  };
}

function entryJson(e: Entry): Json {
  const only = e.transactions.length === 1 ? e.transactions[0]! : null;
  const out: Record<string, Json | undefined> = {
    key: e.key,
    amount: formatDec(e.amount),
    currency: e.currency,
    credit_debit: e.creditDebit,
    reversal: e.reversal,
    status: e.status,
    booking_date: e.bookingDate,
    value_date: e.valueDate,
    bank_reference: e.bankReference,
    entry_reference: e.entryReference,
    bank_transaction_code: btcJson(e.bankTransactionCode),
    counterparty: only ? partyJson(only.counterparty) : null,
    remittance: only ? remittanceText(only) : null,
    end_to_end_id: only?.endToEndId ?? null,
    mandate_id: only?.mandateId ?? null,
    creditor_id: only?.creditorId ?? null,
    returned: e.transactions.some((t) => t.returnInfo !== null),
    return_reason: only?.returnInfo ? (only.returnInfo.reason ?? only.returnInfo.reasonProprietary) : null,
    batch_count: e.batchCount,
    additional_info: e.additionalInfo,
    transactions: e.transactions.map(txJson),
    line: e.line ?? null,
  };
  if (e.mt940) {
    const m = e.mt940;
    out.mt940 = { mark: m.mark, funds_code: m.fundsCode, transaction_type: m.transactionType, customer_reference: m.customerReference, supplementary: m.supplementary, gvc: m.gvc, booking_text: m.bookingText, primanota: m.primanota, purpose: m.purpose, keywords: { ...m.keywords }, text_key_extension: m.textKeyExtension, raw: m.raw86 };
  }
  return out;
}

function statementJson(st: Statement): InspectReport['statements'][number] {
  return {
    index: st.index,
    kind: st.kind,
    id: st.id,
    key: st.key,
    content_hash: st.contentHash,
    electronic_sequence: st.electronicSequence,
    legal_sequence: st.legalSequence,
    statement_number: st.statementNumber,
    created_at: st.createdAt,
    from: st.fromDateTime,
    to: st.toDateTime,
    copy_duplicate: st.copyDuplicate,
    account: { iban: st.account.iban, other: st.account.other, raw: st.account.raw ?? null, bank_code: st.account.bankCode, bic: st.account.bic, currency: st.account.currency, owner: st.account.owner },
    opening_balance: balanceJson(openingBalance(st)),
    closing_balance: balanceJson(closingBalance(st)),
    balances: st.balances.map(balanceJson),
    additional_info: st.additionalInfo,
    entries: st.entries.map(entryJson),
    totals: totalsOf(st.entries),
  };
}

/** Builds the JSON report for `bank inspect --json`. */
export function inspectReport(result: ReadResult, fileName: string): InspectReport | InspectErrorReport {
  if (!result.ok) return { file: fileName, ok: false, error: { ...result.error } };
  const f = result.file;
  return {
    file: fileName,
    ok: true,
    format: f.format,
    kind: f.kind,
    encoding: f.encoding,
    message_id: f.messageId,
    created_at: f.createdAt,
    statements: f.statements.map(statementJson),
    totals: totalsOf(f.statements.flatMap((s) => s.entries)),
    warnings: result.warnings,
  };
}

const KIND_LABEL: Record<string, string> = { 'camt.052': 'Umsatzbericht (untertägig)', 'camt.053': 'Kontoauszug', 'camt.054': 'Buchungsbenachrichtigung', mt940: 'Kontoauszug im Format MT940' };

function money(amount: string, currency: string | null): string {
  const neg = amount.startsWith('-');
  const [i, f = ''] = (neg ? amount.slice(1) : amount).split('.');
  return formatGerman({ units: BigInt(`${neg ? '-' : ''}${i}${f}`), scale: f.length }, currency);
}

/** German plain-text summary for `bank inspect` without --json. */
export function inspectText(report: InspectReport | InspectErrorReport): string {
  if (!report.ok) return `Nicht eingelesen: ${report.error.message}`;
  const out: string[] = [`${report.file}: ${KIND_LABEL[report.kind] ?? report.kind}${report.kind === 'mt940' ? '' : ` (${report.format})`}`];
  for (const st of report.statements) {
    const acct = st.account as Record<string, string | null>;
    const title = `${{ statement: 'Auszug', report: 'Bericht', notification: 'Benachrichtigung' }[st.kind as string] ?? 'Auszug'} ${(st.index as number) + 1}${st.id ? ` (${st.id})` : ''}`;
    out.push('', `${title} – Konto ${acct.iban ?? acct.raw ?? acct.other ?? 'unbekannt'}${acct.currency ? ` (${acct.currency})` : ''}`);
    const bal = (b: Json | undefined, label: string) => {
      if (!b || typeof b !== 'object' || Array.isArray(b)) return;
      const x = b as Record<string, string>;
      out.push(`  ${label}: ${money(x.signed!, x.currency!)}${x.date ? ` am ${x.date}` : ''}`);
    };
    bal(st.opening_balance, 'Anfangssaldo');
    for (const e of st.entries as Record<string, Json>[]) {
      const sign = e.credit_debit === 'CRDT' ? '+' : '-';
      const cp = e.counterparty as Record<string, string | null> | null;
      const parts = [
        `  ${e.booking_date ?? e.value_date ?? '          '}`,
        `${sign}${money(e.amount as string, e.currency as string)}`.padStart(18),
        e.reversal ? 'STORNO' : '',
        e.status && e.status !== 'BOOK' ? `[${e.status}]` : '',
        cp?.name ?? ((e.transactions as Json[]).length > 1 ? `Sammelbuchung (${(e.transactions as Json[]).length} Posten)` : ''),
        (e.remittance as string | null) ?? (e.additional_info as string | null) ?? '',
        e.return_reason ? `Rückgabegrund ${e.return_reason}` : '',
      ];
      out.push(parts.filter(Boolean).join('  ').slice(0, 160));
    }
    bal(st.closing_balance, 'Endsaldo');
    out.push(`  ${st.totals.entries} Buchung(en): Haben ${money(st.totals.credit_total, null)}, Soll ${money(st.totals.debit_total, null)}`);
  }
  out.push('', `Summe: ${report.totals.entries} Buchung(en), Haben ${money(report.totals.credit_total, null)}, Soll ${money(report.totals.debit_total, null)}`);
  if (report.warnings.length) {
    out.push('', `Warnungen (${report.warnings.length}):`);
    for (const w of report.warnings) out.push(`  ! ${w.message}`);
  }
  return out.join('\n');
}
