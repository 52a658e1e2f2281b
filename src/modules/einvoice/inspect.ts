// `amtsstube einvoice inspect FILE [--json]`: reads one e-invoice file, prints its key values (amounts verbatim as in
// the document) and the validation verdict. Pure report function plus a CLI wrapper that works without a database.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ParsedInvoice } from './model.ts';
import { classifyProfile, readInvoice, type ReadError } from './parse/index.ts';
import { validateInvoice } from './validate/index.ts';

/** One failed or reported rule as the validator gives it. */
export interface InspectRuleResult {
  id: string;
  message: string;
  severity: 'fatal' | 'warning' | 'information';
}

/** The inspect report (also the `--json` output); amounts are the document's strings, absent mandatory ones null. */
export interface InspectReport {
  file: string;
  /** ubl-invoice | ubl-creditnote | cii; null when the file could not be read. */
  format: ParsedInvoice['kind'] | null;
  container: 'xml' | 'pdf' | null;
  /** Name of the embedded XML for hybrid PDFs. */
  pdf_attachment?: string;
  /** BT-24 as written. */
  profile: string | null;
  profile_label?: string;
  number: string | null;
  issue_date: string | null;
  type_code: string | null;
  currency: string | null;
  buyer_reference: string | null;
  seller: string | null;
  buyer: string | null;
  line_count: number;
  totals: {
    BT106: string | null;
    BT107?: string;
    BT108?: string;
    BT109: string | null;
    BT110: string | null;
    BT111?: string;
    BT112: string | null;
    BT113?: string;
    BT114?: string;
    BT115: string | null;
  };
  vat_breakdown: { category: string | null; rate: string | null; basis: string | null; tax: string | null; exemption_reason_code?: string; exemption_reason?: string }[];
  payment: {
    means_code: string | null;
    iban?: string;
    account_id?: string;
    due_date?: string;
    terms?: string;
    skonto: { days: number; percent: string; base?: string }[];
  };
  warnings: string[];
  validation: { valid: boolean; failed_rules: string[]; warning_rules: string[]; errors: InspectRuleResult[] };
  /** Set when the file could not be read as an invoice. */
  error?: ReadError;
}

/** First payee account given as an IBAN (CII IBANID; UBL does not distinguish, so its first account id). */
export function payeeIban(inv: ParsedInvoice): string | undefined {
  const accounts = inv.payment.means.flatMap((m) => m.creditTransfers);
  return (accounts.find((a) => a.isIban === true && a.accountId !== undefined) ?? accounts.find((a) => a.isIban === undefined && a.accountId !== undefined))?.accountId;
}

function put<T extends object, K extends keyof T>(o: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) o[key] = value;
}

/** Builds the inspect report for a parsed invoice (validation included). */
export function reportFor(file: string, inv: ParsedInvoice, warnings: string[]): InspectReport {
  const t = inv.totals;
  // Keys in business-term order; optional totals only when the document has them, mandatory ones null when missing.
  const totals = {
    BT106: t.lineNetTotal?.raw ?? null,
    BT107: t.allowanceTotal?.raw,
    BT108: t.chargeTotal?.raw,
    BT109: t.taxExclusive?.raw ?? null,
    BT110: t.taxTotal?.raw ?? null,
    BT111: t.taxTotalTaxCurrency?.raw,
    BT112: t.taxInclusive?.raw ?? null,
    BT113: t.prepaid?.raw,
    BT114: t.rounding?.raw,
    BT115: t.payable?.raw ?? null,
  };
  for (const k of Object.keys(totals) as (keyof typeof totals)[]) if (totals[k] === undefined) delete totals[k];

  const payment: InspectReport['payment'] = { means_code: inv.payment.means[0]?.code ?? null, skonto: [] };
  const iban = payeeIban(inv);
  const firstAccount = inv.payment.means.flatMap((m) => m.creditTransfers)[0]?.accountId;
  const { skonto } = payment;
  delete (payment as Partial<typeof payment>).skonto;
  put(payment, 'iban', iban);
  if (firstAccount !== undefined && firstAccount !== iban) payment.account_id = firstAccount;
  put(payment, 'due_date', inv.payment.dueDate?.raw);
  put(payment, 'terms', inv.payment.terms);
  payment.skonto = skonto;
  payment.skonto = inv.payment.skonto.map((s) => (s.base ? { days: s.days, percent: s.percent.raw, base: s.base.raw } : { days: s.days, percent: s.percent.raw }));

  let validation: InspectReport['validation'];
  try {
    const v = validateInvoice(inv);
    const ids = (sev: InspectRuleResult['severity']) => [...new Set(v.errors.filter((e) => e.severity === sev).map((e) => e.id))];
    validation = { valid: v.valid, failed_rules: ids('fatal'), warning_rules: ids('warning'), errors: v.errors };
  } catch (e) {
    validation = { valid: false, failed_rules: [], warning_rules: [], errors: [{ id: 'VALIDATOR-ERROR', severity: 'fatal', message: `Die Prüfung ist fehlgeschlagen: ${(e as Error).message}` }] };
  }

  const report: InspectReport = {
    file,
    format: inv.kind,
    container: inv.container,
    profile: inv.specificationId ?? null,
    profile_label: classifyProfile(inv.specificationId).label,
    number: inv.number ?? null,
    issue_date: inv.issueDate?.raw ?? null,
    type_code: inv.typeCode ?? null,
    currency: inv.currency ?? null,
    buyer_reference: inv.buyerReference ?? null,
    seller: inv.seller.name ?? null,
    buyer: inv.buyer.name ?? null,
    line_count: inv.lines.length,
    totals,
    vat_breakdown: inv.vatBreakdown.map((v) => {
      const row: InspectReport['vat_breakdown'][number] = { category: v.category ?? null, rate: v.rate?.raw ?? null, basis: v.taxableAmount?.raw ?? null, tax: v.taxAmount?.raw ?? null };
      put(row, 'exemption_reason_code', v.exemptionReasonCode);
      put(row, 'exemption_reason', v.exemptionReason);
      return row;
    }),
    payment,
    warnings,
    validation,
  };
  if (inv.pdf) report.pdf_attachment = inv.pdf.attachmentName;
  return report;
}

/** Reads and inspects one file's bytes; never throws for bad input (the report then carries `error`). */
export async function inspectInvoice(bytes: Uint8Array, file: string): Promise<InspectReport> {
  const r = await readInvoice(bytes, file);
  if (r.ok) return reportFor(file, r.invoice, r.warnings);
  return {
    file,
    format: null,
    container: null,
    profile: null,
    number: null,
    issue_date: null,
    type_code: null,
    currency: null,
    buyer_reference: null,
    seller: null,
    buyer: null,
    line_count: 0,
    totals: { BT106: null, BT109: null, BT110: null, BT112: null, BT115: null },
    vat_breakdown: [],
    payment: { means_code: null, skonto: [] },
    warnings: [],
    validation: { valid: false, failed_rules: [], warning_rules: [], errors: [] },
    error: r.error,
  };
}

/** Human-readable rendering of a report (German labels), for the CLI without --json. */
export function formatReport(r: InspectReport): string {
  if (r.error) {
    const where = r.error.line !== undefined ? ` (Zeile ${r.error.line}${r.error.column !== undefined ? `, Spalte ${r.error.column}` : ''})` : '';
    return `${r.file}: nicht lesbar [${r.error.code}]${where}\n${r.error.message}`;
  }
  const lines = [
    `Datei:              ${r.file}`,
    `Format:             ${r.format}${r.container === 'pdf' ? ` in PDF (${r.pdf_attachment})` : ''}`,
    `Profil (BT-24):     ${r.profile ?? '–'} (${r.profile_label})`,
    `Rechnungsnr (BT-1): ${r.number ?? '–'}   Datum: ${r.issue_date ?? '–'}   Art: ${r.type_code ?? '–'}`,
    `Käuferref. (BT-10): ${r.buyer_reference ?? '–'}`,
    `Verkäufer / Käufer: ${r.seller ?? '–'} / ${r.buyer ?? '–'}`,
    `Positionen:         ${r.line_count}`,
    `Summen (${r.currency ?? '?'}):`,
    ...Object.entries(r.totals).map(([k, v]) => `  ${k.replace('BT', 'BT-')}: ${v ?? '–'}`),
    'USt-Aufschlüsselung:',
    ...r.vat_breakdown.map((v) => `  ${v.category ?? '?'} ${v.rate ?? '?'} %: Basis ${v.basis ?? '–'}, Steuer ${v.tax ?? '–'}${v.exemption_reason_code ? ` (${v.exemption_reason_code})` : ''}`),
    `Zahlung:            Art ${r.payment.means_code ?? '–'}${r.payment.iban ? `, IBAN ${r.payment.iban}` : ''}${r.payment.due_date ? `, fällig ${r.payment.due_date}` : ''}`,
    ...r.payment.skonto.map((s) => `  Skonto: ${s.percent} % bei Zahlung binnen ${s.days} Tagen${s.base ? ` (Basis ${s.base})` : ''}`),
    ...r.warnings.map((w) => `Hinweis: ${w}`),
    `Prüfung:            ${r.validation.valid ? 'gültig' : 'UNGÜLTIG'}${r.validation.failed_rules.length ? ` – verletzte Regeln: ${r.validation.failed_rules.join(', ')}` : ''}`,
    ...r.validation.errors.map((e) => `  [${e.severity}] ${e.id}: ${e.message}`),
  ];
  return lines.join('\n');
}

/** Output sink for the CLI command (the CLI passes console; tests collect the text). */
export interface EinvoiceCliIo {
  out(s: string): void;
  err(s: string): void;
}

const USAGE = 'Verwendung: amtsstube einvoice inspect DATEI [--json]';

/** `einvoice inspect FILE [--json]`: exit 0 = readable and valid, 1 = unreadable or invalid, 2 = usage error. */
export async function runEinvoiceCli(args: string[], io: EinvoiceCliIo, read: (path: string) => Promise<Uint8Array> = readFile): Promise<number> {
  const [sub, ...rest] = args;
  const json = rest.includes('--json');
  const files = rest.filter((a) => a !== '--json');
  if (sub !== 'inspect' || files.length !== 1 || files[0]!.startsWith('--')) {
    io.err(USAGE);
    return 2;
  }
  const path = files[0]!;
  let bytes: Uint8Array;
  try {
    bytes = await read(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? `Die Datei „${path}“ wurde nicht gefunden.` : code === 'EISDIR' ? `„${path}“ ist ein Verzeichnis.` : `Die Datei „${path}“ kann nicht gelesen werden (${code ?? (e as Error).message}).`;
    if (json) io.out(JSON.stringify({ file: basename(path), error: { code: 'file-unreadable', message }, validation: { valid: false, failed_rules: [], warning_rules: [], errors: [] } }, null, 2));
    else io.err(message);
    return 1;
  }
  const report = await inspectInvoice(bytes, basename(path));
  io.out(json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.error || !report.validation.valid ? 1 : 0;
}
