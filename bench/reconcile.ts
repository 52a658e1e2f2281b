/**
 * Reconciliation benchmark (issue 7): 100,000 bank credits against 1,000,000 open claims, in memory. The generator
 * (src/modules/finance/reconcile/generator.ts) builds German debtors, claim accounts with instalments and credits with
 * typos, partial, combined and unrelated payments; this script times building the claim index and `reconcile`, and
 * checks the result against the generator's ground truth (automatic rate, wrong matches).
 *
 * The target (under 10 s on PostgreSQL) covers the database-backed run, which adds reading the open claims through a
 * cursor (query shape in ClaimIndex's doc comment) and writing the results; this in-memory figure is its lower bound.
 *
 *   node --import tsx bench/reconcile.ts
 *   BENCH_RECONCILE_CLAIMS=200000 BENCH_RECONCILE_ENTRIES=20000 node --import tsx bench/reconcile.ts
 */
import { pathToFileURL } from 'node:url';
import { ClaimIndex, evaluate, generate, reconcile, type Accuracy, type ReconcileSummary } from '../src/modules/finance/reconcile/index.ts';

export interface ReconcileBenchResult {
  claims: number;
  accounts: number;
  entries: number;
  generateSeconds: number;
  indexSeconds: number;
  reconcileSeconds: number;
  /** CPU time of the process (all threads, incl. GC) for index + reconcile: comparable on a busy machine. */
  cpuSeconds: number;
  entriesPerSecond: number;
  heapMb: number;
  summary: ReconcileSummary;
  accuracy: Omit<Accuracy, 'wrongKeys' | 'byScenario'>;
}

/** Target for the whole database-backed run (read claims, reconcile, write results). */
export const RECONCILE_TARGET_SECONDS = 10;

const secs = (ms: number) => Math.round(ms) / 1000;

/** Generates the data, builds the index and reconciles once; deterministic for a seed. */
export function runReconcileBench(o: { claims: number; entries: number; seed?: number }): ReconcileBenchResult {
  let t = performance.now();
  const g = generate({ seed: o.seed ?? 2026, claims: o.claims, entries: o.entries });
  const generateMs = performance.now() - t;
  const cpu0 = process.cpuUsage();
  t = performance.now();
  const index = ClaimIndex.from(g.claims);
  const indexMs = performance.now() - t;
  t = performance.now();
  const { results, summary } = reconcile(g.entries, index);
  const reconcileMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const { wrongKeys: _w, byScenario: _b, ...accuracy } = evaluate(results, g.truth, new Map(g.claims.map((c) => [c.id, c])));
  return {
    claims: index.size,
    accounts: g.accounts,
    entries: g.entries.length,
    generateSeconds: secs(generateMs),
    indexSeconds: secs(indexMs),
    reconcileSeconds: secs(reconcileMs),
    cpuSeconds: secs((cpu.user + cpu.system) / 1000),
    entriesPerSecond: Math.round(g.entries.length / (reconcileMs / 1000)),
    heapMb: Math.round(process.memoryUsage().heapUsed / 1e6),
    summary,
    accuracy,
  };
}

/** The result as markdown rows (the table format of bench/run.ts). */
export function reconcileBenchReport(r: ReconcileBenchResult): string {
  const n = (x: number) => x.toLocaleString('en');
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  const a = r.accuracy;
  return [
    `In memory · ${n(r.claims)} open claims in ${n(r.accounts)} accounts, ${n(r.entries)} credits (generated in ${r.generateSeconds} s), heap ${n(r.heapMb)} MB`,
    '| Step | Seconds | Note |',
    '|---|---:|---|',
    `| Build claim index | ${r.indexSeconds} | hash maps by Kassenzeichen, IBAN, debtor |`,
    `| Reconcile | ${r.reconcileSeconds} | ${n(r.entriesPerSecond)} credits/s, incl. worklist suggestions |`,
    `| Total | ${Math.round((r.indexSeconds + r.reconcileSeconds) * 1000) / 1000} | target for the database run: < ${RECONCILE_TARGET_SECONDS} s |`,
    `| CPU time (all threads) | ${r.cpuSeconds} | the wall time above grows when other processes share the cores |`,
    '',
    '| Result | Count |',
    '|---|---:|',
    `| matched / partial / overpaid | ${n(r.summary.matched)} / ${n(r.summary.partial)} / ${n(r.summary.overpaid)} |`,
    `| worklist (unmatched) | ${n(r.summary.unmatched)} |`,
    `| automatic correct of matchable | ${n(a.automaticCorrect)} / ${n(a.automaticExpected)} = ${pct(a.rate)} |`,
    `| wrong automatic matches | ${n(a.wrong)} |`,
    `| misallocated (right claims, other cents) | ${n(a.misallocated)} |`,
    `| unrelated credits left unmatched | ${n(a.unrelatedUnmatched)} / ${n(a.unrelated)} |`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const claims = Number(process.env.BENCH_RECONCILE_CLAIMS ?? 1_000_000);
  const entries = Number(process.env.BENCH_RECONCILE_ENTRIES ?? 100_000);
  console.log(`Reconciliation: generating ${claims.toLocaleString('en')} claims and ${entries.toLocaleString('en')} credits …`);
  const r = runReconcileBench({ claims, entries });
  console.log(`\n${reconcileBenchReport(r)}\n`);
  const total = r.indexSeconds + r.reconcileSeconds;
  console.log(`In-memory index + reconcile: ${total.toFixed(2)} s (database target < ${RECONCILE_TARGET_SECONDS} s); wrong matches: ${r.accuracy.wrong}`);
  if (r.accuracy.wrong > 0) process.exitCode = 1;
}
