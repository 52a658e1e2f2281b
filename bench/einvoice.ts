/**
 * E-invoice benchmark: parse + validate throughput on one core over the shared corpus (../shared/corpora/einvoice).
 * "Typical" invoices are the XML files up to 100 KB (the larger ones carry embedded PDF attachments); large XML and
 * ZUGFeRD/Factur-X PDFs are measured separately, and validation alone once more. Target: ≥ 200 typical invoices/s.
 *
 *   node --import tsx bench/einvoice.ts                 # alone
 *   BENCH_EINVOICE_SECONDS=10 node --import tsx bench/einvoice.ts
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { einvoiceCorpusDir, readInvoice, readInvoiceXml, validateInvoice, type ParsedInvoice } from '../src/modules/einvoice/index.ts';

export const EINVOICE_TARGET_PER_SECOND = 200;
const TYPICAL_MAX_BYTES = 100 * 1024;

export interface EinvoiceBenchRow {
  label: string;
  files: number;
  invoices: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  valid: number;
}

export interface EinvoiceBenchResult {
  rows: EinvoiceBenchRow[];
  typicalPerSecond: number;
  met: boolean;
}

async function measure(label: string, items: Uint8Array[] | ParsedInvoice[], run: (x: never) => Promise<boolean> | boolean, seconds: number): Promise<EinvoiceBenchRow> {
  let valid = 0;
  for (const x of items) if (await run(x as never)) valid++; // warm-up, also counts the verdicts
  const samples: number[] = [];
  const t0 = performance.now();
  do {
    for (const x of items) {
      const t = performance.now();
      await run(x as never);
      samples.push(performance.now() - t);
    }
  } while (performance.now() - t0 < seconds * 1000);
  const total = (performance.now() - t0) / 1000;
  samples.sort((a, b) => a - b);
  const q = (p: number): number => Math.round((samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? 0) * 100) / 100;
  return { label, files: items.length, invoices: samples.length, perSecond: Math.round(samples.length / total), p50Ms: q(0.5), p95Ms: q(0.95), valid };
}

/** Runs the e-invoice measurements (about four times `seconds`). */
export async function runEinvoice(o: { seconds?: number } = {}): Promise<EinvoiceBenchResult> {
  const seconds = o.seconds ?? 3;
  const dir = einvoiceCorpusDir();
  const names = readdirSync(dir).filter((f) => /\.(xml|pdf)$/i.test(f));
  const load = (f: string): Uint8Array => new Uint8Array(readFileSync(join(dir, f)));
  const xml = names.filter((f) => /\.xml$/i.test(f));
  const typical = xml.filter((f) => statSync(join(dir, f)).size <= TYPICAL_MAX_BYTES).map(load);
  const large = xml.filter((f) => statSync(join(dir, f)).size > TYPICAL_MAX_BYTES).map(load);
  const pdf = names.filter((f) => /\.pdf$/i.test(f)).map(load);
  const xmlRun = (b: Uint8Array): boolean => {
    const r = readInvoiceXml(b);
    return r.ok && validateInvoice(r.invoice).valid;
  };
  const pdfRun = async (b: Uint8Array): Promise<boolean> => {
    const r = await readInvoice(b);
    return r.ok && validateInvoice(r.invoice).valid;
  };
  const parsed = typical.map((b) => readInvoiceXml(b)).flatMap((r) => (r.ok ? [r.invoice] : []));
  const rows = [
    await measure(`typical XML (≤ 100 KB): parse + validate`, typical, xmlRun, seconds),
    await measure('typical XML: validate only', parsed, (d: ParsedInvoice) => validateInvoice(d).valid, seconds),
    await measure('large XML (> 100 KB, attachments): parse + validate', large, xmlRun, seconds),
    await measure('ZUGFeRD/Factur-X PDF: extract + parse + validate', pdf, pdfRun, seconds),
  ];
  const typicalPerSecond = rows[0]!.perSecond;
  return { rows, typicalPerSecond, met: typicalPerSecond >= EINVOICE_TARGET_PER_SECOND };
}

/** Markdown table of a run, in the style of the other bench scripts. */
export function einvoiceReport(r: EinvoiceBenchResult): string {
  const lines = [
    '| E-invoices (one core) | files | invoices/s | p50 (ms) | p95 (ms) | valid files |',
    '|---|---:|---:|---:|---:|---:|',
    ...r.rows.map((x) => `| ${x.label} | ${x.files} | ${x.perSecond} | ${x.p50Ms} | ${x.p95Ms} | ${x.valid} |`),
    '',
    `Target ≥ ${EINVOICE_TARGET_PER_SECOND} typical invoices/s (parse + validate): ${r.typicalPerSecond}/s — ${r.met ? 'met' : 'NOT met'}`,
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runEinvoice({ seconds: Number(process.env.BENCH_EINVOICE_SECONDS ?? 3) });
  console.log(einvoiceReport(r));
}
