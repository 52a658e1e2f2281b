// Throughput measurement for reading (and, once the rules exist, validating) e-invoices on one core, so the
// "≥ 200 invoices/s parse + validate" target can be checked from a benchmark script or a test without setup cost.
// Nothing here is per-call heavy: the XML parser instance lives in the kernel module and is reused; PDFs pay for
// pdf-lib's document load, which is why they are measured separately.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readInvoice } from './parse/index.ts';
import { validateInvoice } from './validate/index.ts';

/** Result of one throughput run. */
export interface ThroughputResult {
  files: number;
  bytes: number;
  invoices: number;
  seconds: number;
  perSecond: number;
}

/** Reads every XML/PDF file in `dir` once (warm-up), then parses (and validates, unless `validate` is false) them in rounds for at least `minSeconds`. */
export async function measureThroughput(dir: string, o: { validate?: boolean; pdf?: boolean; minSeconds?: number } = {}): Promise<ThroughputResult> {
  const names = readdirSync(dir).filter((f) => (o.pdf ? /\.pdf$/i : /\.xml$/i).test(f));
  const files = names.map((f) => new Uint8Array(readFileSync(join(dir, f))));
  const bytes = files.reduce((n, f) => n + f.length, 0);
  const once = async () => {
    for (const f of files) {
      const r = await readInvoice(f);
      if (r.ok && o.validate !== false) validateInvoice(r.invoice);
    }
  };
  await once();
  const t0 = performance.now();
  let rounds = 0;
  do {
    await once();
    rounds++;
  } while (performance.now() - t0 < (o.minSeconds ?? 2) * 1000);
  const seconds = (performance.now() - t0) / 1000;
  const invoices = rounds * files.length;
  return { files: files.length, bytes, invoices, seconds, perSecond: invoices / seconds };
}
