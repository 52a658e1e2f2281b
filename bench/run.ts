/**
 * HTTP benchmark: tenant start page vs. a bare route, measured in the same run.
 *
 *   npm run bench                       # embedded PGlite, 10 s per target
 *   BENCH_DURATION=30 npm run bench     # longer measurement
 *   DATABASE_URL=postgres://… npm run bench   # benchmark against PostgreSQL
 *
 * The server runs as a child process (`node --import tsx src/main.ts`) with a fresh DATA_DIR and
 * demo data, so autocannon and the server never share an event loop. Each target gets a warm-up
 * run that is not counted, then a measured run with a fixed number of connections. The results
 * are printed as a markdown table and written to bench/results.json.
 *
 * Exit code 1 if the server does not come up, a pre-check fails, or any request during warm-up or
 * measurement got a non-2xx answer or an error (timeout/connection error). Missing the
 * performance targets is reported but does not fail the run (numbers depend on the machine).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { runInProcess, type LatencyStats } from './inprocess.ts';
import { runBackoffice } from './backoffice.ts';
import { runOparl } from './oparl.ts';
import { runRisSearch, risSearchReport, RIS_SEARCH_P95_TARGET_MS } from './ris-search.ts';
import { runEinvoice, einvoiceReport, EINVOICE_TARGET_PER_SECOND } from './einvoice.ts';
import { runReconcileBench, reconcileBenchReport, RECONCILE_TARGET_SECONDS } from './reconcile.ts';
import { runFinanceAccount, financeAccountReport, FINANCE_ACCOUNT_P95_TARGET_MS } from './finance-account.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = join(ROOT, 'bench', 'results.json');

const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const STARTUP_TIMEOUT_MS = 120_000;
const TENANT_SLUG = 'amt-warnowtal';
const TENANT_MARKER = 'Warnowtal';

/** Targets: tenant page throughput relative to the bare route, and tenant page tail latency. */
const TARGET_MIN_RATIO_PERCENT = 25;
const TARGET_MAX_TENANT_P99_MS = 50;

/** Environment variables the server reads (src/kernel/config/config.ts); none leak in from the caller. */
const SERVER_CONFIG_KEYS = [
  'PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'BASE_URL', 'DEMO_DATA', 'SMTP_URL', 'SMTP_FROM',
  'SECRET_KEY', 'LOG_LEVEL', 'SESSION_IDLE_MINUTES', 'SESSION_ABSOLUTE_HOURS',
  'PASSWORD_SCRYPT_LOG2N', 'TRUST_PROXY', 'JOBS',
] as const;

interface Target {
  key: 'bare' | 'tenant';
  label: string;
  path: string;
}

const TARGETS: readonly Target[] = [
  { key: 'bare', label: 'Bare route', path: '/health/live' },
  { key: 'tenant', label: 'Tenant start page', path: `/${TENANT_SLUG}` },
];

interface Measurement {
  path: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  latencyMaxMs: number;
  totalRequests: number;
  throughputBytesPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  warmup: { totalRequests: number; non2xx: number; errors: number };
}

class BenchError extends Error {}

function parseDuration(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 10;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 1) {
    throw new BenchError(`BENCH_DURATION must be a number of seconds ≥ 1, got ${JSON.stringify(raw)}`);
  }
  return n;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const addr = srv.address();
  srv.close();
  await once(srv, 'close');
  if (addr === null || typeof addr === 'string') throw new BenchError('could not determine a free port');
  return addr.port;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Forwards the child's output line by line with a prefix, capped so a flood of errors stays readable. */
function forwardOutput(child: ChildProcess, maxLines = 40): void {
  let printed = 0;
  let suppressed = 0;
  const forward = (stream: NodeJS.ReadableStream | null, sink: NodeJS.WriteStream) => {
    if (!stream) return;
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (printed < maxLines) {
          sink.write(`  [server] ${line}\n`);
          printed++;
        } else suppressed++;
      }
    });
    stream.on('end', () => {
      if (buffered && printed < maxLines) sink.write(`  [server] ${buffered}\n`);
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  child.once('exit', () => {
    if (suppressed > 0) process.stderr.write(`  [server] … ${suppressed} further line(s) suppressed\n`);
  });
}

function startServer(port: number, dataDir: string): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of SERVER_CONFIG_KEYS) delete env[k];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_DATA: '1',
    LOG_LEVEL: 'warn',
    PASSWORD_SCRYPT_LOG2N: '12',
    JOBS: '0',
  });
  if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  forwardOutput(child);
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Polls GET /health until it answers 200; returns the reported database engine. */
async function waitForHealth(base: string, child: ChildProcess): Promise<string> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new BenchError(`server exited during startup (code ${child.exitCode ?? child.signalCode})`);
    }
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) {
        const body = (await res.json()) as { status?: unknown; database?: unknown };
        return typeof body.database === 'string' ? body.database : 'unknown';
      }
      lastProblem = `HTTP ${res.status}`;
      await res.body?.cancel();
    } catch (e) {
      lastProblem = e instanceof Error ? e.message : String(e);
    }
    await sleep(200);
  }
  throw new BenchError(`server not healthy after ${STARTUP_TIMEOUT_MS / 1000} s (${lastProblem})`);
}

/** Makes sure both targets answer as expected before load is put on them. */
async function preCheck(base: string): Promise<void> {
  const live = await fetch(`${base}/health/live`);
  if (live.status !== 200) throw new BenchError(`GET /health/live answered ${live.status}, expected 200`);
  await live.body?.cancel();
  const tenant = await fetch(`${base}/${TENANT_SLUG}`);
  const html = await tenant.text();
  if (tenant.status !== 200) throw new BenchError(`GET /${TENANT_SLUG} answered ${tenant.status}, expected 200`);
  if (!html.includes(TENANT_MARKER)) {
    throw new BenchError(`GET /${TENANT_SLUG} does not contain ${JSON.stringify(TENANT_MARKER)}`);
  }
}

async function measure(base: string, target: Target, durationSeconds: number): Promise<Measurement> {
  const url = `${base}${target.path}`;
  process.stdout.write(`- ${target.label} (${target.path}): warm-up ${WARMUP_SECONDS} s … `);
  const warm = await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_SECONDS });
  process.stdout.write(`measuring ${durationSeconds} s … `);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: durationSeconds });
  process.stdout.write(`${Math.round(r.requests.average)} req/s\n`);
  return {
    path: target.path,
    requestsPerSecond: r.requests.average,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMeanMs: r.latency.mean,
    latencyMaxMs: r.latency.max,
    totalRequests: r.requests.total,
    throughputBytesPerSecond: r.throughput.average,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count])),
    warmup: { totalRequests: warm.requests.total, non2xx: warm.non2xx, errors: warm.errors },
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function report(results: Record<Target['key'], Measurement>, ratioPercent: number, targets: TargetCheck[]): string {
  const lines = [
    '| Target | Route | req/s | p50 (ms) | p99 (ms) | requests | non-2xx | errors |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...TARGETS.map((t) => {
      const m = results[t.key];
      return `| ${t.label} | \`GET ${m.path}\` | ${fmt(m.requestsPerSecond)} | ${fmt(m.latencyP50Ms)} | ${fmt(m.latencyP99Ms)} | ${fmt(m.totalRequests)} | ${m.non2xx + m.warmup.non2xx} | ${m.errors + m.warmup.errors} |`;
    }),
    '',
    `Ratio tenant ÷ bare: **${fmt(ratioPercent, 1)} %**`,
    '',
    '| Goal | Actual | Met |',
    '|---|---:|:---:|',
    ...targets.map((t) => `| ${t.goal} | ${t.actual} | ${t.met ? 'yes' : '**no**'} |`),
  ];
  return lines.join('\n');
}

interface TargetCheck {
  goal: string;
  actual: string;
  met: boolean;
}

async function main(): Promise<number> {
  const durationSeconds = parseDuration(process.env.BENCH_DURATION);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'amtsstube-bench-'));
  let child: ChildProcess | undefined;

  const abort = (signal: NodeJS.Signals) => {
    console.error(`\n${signal} received, stopping server …`);
    void (async () => {
      if (child) await stopServer(child);
      await rm(dataDir, { recursive: true, force: true });
      process.exit(130);
    })();
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  // Last resort if something calls process.exit while the server still runs.
  process.once('exit', () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  try {
    console.log(`Starting server on ${base} (DATA_DIR=${dataDir}${process.env.DATABASE_URL ? ', DATABASE_URL set' : ''}) …`);
    child = startServer(port, dataDir);
    const database = await waitForHealth(base, child);
    await preCheck(base);
    console.log(`Server ready (database: ${database}). ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${durationSeconds} s per target.\n`);

    const results = {} as Record<Target['key'], Measurement>;
    for (const t of TARGETS) results[t.key] = await measure(base, t, durationSeconds);

    const ratioPercent = (results.tenant.requestsPerSecond / results.bare.requestsPerSecond) * 100;
    const targets: TargetCheck[] = [
      {
        goal: `tenant req/s ≥ ${TARGET_MIN_RATIO_PERCENT} % of bare req/s`,
        actual: `${fmt(ratioPercent, 1)} %`,
        met: ratioPercent >= TARGET_MIN_RATIO_PERCENT,
      },
      {
        goal: `tenant p99 ≤ ${TARGET_MAX_TENANT_P99_MS} ms`,
        actual: `${fmt(results.tenant.latencyP99Ms)} ms`,
        met: results.tenant.latencyP99Ms <= TARGET_MAX_TENANT_P99_MS,
      },
    ];

    console.log('\n' + report(results, ratioPercent, targets) + '\n');

    const failures = TARGETS.flatMap((t) => {
      const m = results[t.key];
      const non2xx = m.non2xx + m.warmup.non2xx;
      const errors = m.errors + m.warmup.errors;
      return [
        ...(non2xx > 0 ? [`${t.label}: ${non2xx} non-2xx response(s) (status codes: ${JSON.stringify(m.statusCodes)})`] : []),
        ...(errors > 0 ? [`${t.label}: ${errors} error(s), ${m.timeouts} timeout(s)`] : []),
      ];
    });
    if (failures.length > 0) {
      console.error('Benchmark invalid, results.json not written:\n' + failures.map((f) => `  - ${f}`).join('\n'));
      return 1;
    }

    if (child) {
      await stopServer(child);
      child = undefined;
    }
    console.log('In-process scenarios (fastify.inject): form submission and Bürgerkonto with 500 applications / 2,000 messages …');
    const ip = await runInProcess({ submissions: Number(process.env.BENCH_SUBMISSIONS ?? 200), accountRequests: Number(process.env.BENCH_ACCOUNT_REQUESTS ?? 300) });
    const row = (label: string, m: LatencyStats, note: string) =>
      `| ${label} | ${note} | ${fmt(m.perSecond, 1)} | ${fmt(m.p50Ms, 1)} | ${fmt(m.p95Ms, 1)} | ${fmt(m.p99Ms, 1)} | ${m.requests} | ${m.non2xx} |`;
    console.log(['', `Database: ${ip.engine}`, '| Scenario | How | req/s | p50 (ms) | p95 (ms) | p99 (ms) | requests | non-2xx |', '|---|---|---:|---:|---:|---:|---:|---:|',
      row('Form submission (POST …/absenden)', ip.submission, '10 citizens at once'),
      row('Bürgerkonto overview (/konto)', ip.account, '1 citizen, 500 applications'),
      row('Postbox list (/konto/postfach)', ip.postbox, '1 citizen, 2,000 messages'),
      row('Slot search (60 days)', ip.slotSearch, '5 locations in turn, 1 client'),
      row('Booking (POST …/appointments)', ip.booking, '10 clients at once, distinct slots'), ''].join('\n'));
    const accountMet = ip.account.p95Ms <= 50 && ip.postbox.p95Ms <= 50;
    targets.push({ goal: 'Bürgerkonto overview and postbox p95 ≤ 50 ms', actual: `${fmt(ip.account.p95Ms, 1)} / ${fmt(ip.postbox.p95Ms, 1)} ms`, met: accountMet });
    const slotsMet = ip.slotSearch.p95Ms <= 30;
    targets.push({ goal: 'slot search (60 days) p95 ≤ 30 ms', actual: `${fmt(ip.slotSearch.p95Ms, 1)} ms`, met: slotsMet });
    if (ip.submission.non2xx || ip.account.non2xx || ip.postbox.non2xx || ip.slotSearch.non2xx || ip.booking.non2xx) {
      console.error('Benchmark invalid: non-2xx answers in the in-process scenarios');
      return 1;
    }
    console.log(`Bürgerkonto target (p95 ≤ 50 ms): ${accountMet ? 'met' : 'NOT met'}`);

    // Back office: PostgreSQL at the size (1,000,000 cases in 20 tenants, 100 case types, 100,000
    // documents); PGlite, which holds everything in memory, at a fifth of the cases and a fifth of the documents.
    const pg = Boolean(process.env.DATABASE_URL);
    const boSize = {
      tenants: 20,
      casesPerTenant: Number(process.env.BENCH_CASES_PER_TENANT ?? (pg ? 50_000 : 10_000)),
      documents: Number(process.env.BENCH_DOCUMENTS ?? (pg ? 100_000 : 20_000)),
      requests: 300,
    };
    console.log(`Back office: generating ${boSize.tenants * boSize.casesPerTenant} cases and ${boSize.documents} documents …`);
    const bo = await runBackoffice(boSize);
    console.log(['', `Database: ${bo.engine} · ${bo.size.cases.toLocaleString('en')} cases in ${bo.size.tenants} tenants, ${bo.size.caseTypes} case types, ${bo.size.documents.toLocaleString('en')} documents in one tenant (generated in ${bo.size.generateSeconds} s)`,
      '| Scenario | How | req/s | p50 (ms) | p95 (ms) | p99 (ms) | requests | non-2xx |', '|---|---|---:|---:|---:|---:|---:|---:|',
      row('Worklist, first page', bo.worklistFirst, 'clerk, "Meine", by deadline'),
      row('Worklist, filtered page', bo.worklistFiltered, 'team + type + status (+ name), by opening'),
      row('Document search (German)', bo.search, 'one tenant, words found in 15–45 % of its documents'), ''].join('\n'));
    targets.push({ goal: 'worklist p95 ≤ 50 ms (first and filtered page)', actual: `${fmt(bo.worklistFirst.p95Ms, 1)} / ${fmt(bo.worklistFiltered.p95Ms, 1)} ms`, met: bo.worklistFirst.p95Ms <= 50 && bo.worklistFiltered.p95Ms <= 50 });
    targets.push({ goal: 'document search p95 ≤ 100 ms', actual: `${fmt(bo.search.p95Ms, 1)} ms`, met: bo.search.p95Ms <= 100 });

    // OParl: the paper list of one municipality with 100,000 papers (keyset pages, modified_since).
    const oparlPapers = Number(process.env.BENCH_OPARL_PAPERS ?? 100_000);
    console.log(`OParl: generating ${oparlPapers.toLocaleString('en')} papers …`);
    const op = await runOparl({ papers: oparlPapers, requests: Number(process.env.BENCH_OPARL_REQUESTS ?? 200) });
    console.log(['', `Database: ${op.engine} · ${op.papers.toLocaleString('en')} papers, a fifth with consultations, a tenth with a file, 1 % changed in the last 24 h (generated in ${op.generateSeconds} s)`,
      '| Scenario | How | req/s | p50 (ms) | p95 (ms) | p99 (ms) | requests | non-2xx |', '|---|---|---:|---:|---:|---:|---:|---:|',
      row('OParl paper list, first page', op.firstPage, '1 client, 100 papers embedded'),
      row('OParl paper list, deep page', op.deepPage, 'keyset cursor at 90 %'),
      row('OParl modified_since (24 h)', op.modifiedSince, 'incremental sync, first page'),
      row('OParl modified_since (all)', op.fullSync, 'full sync by modified_since, first page'), ''].join('\n'));
    const oparlP95 = Math.max(op.firstPage.p95Ms, op.deepPage.p95Ms, op.modifiedSince.p95Ms);
    targets.push({ goal: 'OParl paper list p95 ≤ 50 ms (first, deep, modified_since page)', actual: `${fmt(op.firstPage.p95Ms, 1)} / ${fmt(op.deepPage.p95Ms, 1)} / ${fmt(op.modifiedSince.p95Ms, 1)} ms`, met: oparlP95 <= 50 });
    if (op.firstPage.non2xx || op.deepPage.non2xx || op.modifiedSince.non2xx || op.fullSync.non2xx) {
      console.error('Benchmark invalid: non-2xx answers in the OParl scenarios');
      return 1;
    }

    // Public RIS search: one municipality with 100,000 papers, all kinds, filters, exact reference, paper list.
    const risPapers = Number(process.env.BENCH_RIS_PAPERS ?? 100_000);
    console.log(`Public RIS search: generating ${risPapers.toLocaleString('en')} papers …`);
    const ris = await runRisSearch({ papers: risPapers, requests: Number(process.env.BENCH_RIS_REQUESTS ?? 200) });
    console.log(['', risSearchReport(ris), ''].join('\n'));
    const risP95 = Math.max(ris.overview.p95Ms, ris.filtered.p95Ms, ris.reference.p95Ms, ris.paperList.p95Ms);
    targets.push({ goal: `public RIS search and paper list p95 ≤ ${RIS_SEARCH_P95_TARGET_MS} ms`, actual: `${fmt(risP95, 1)} ms`, met: risP95 <= RIS_SEARCH_P95_TARGET_MS });
    if (ris.overview.non2xx || ris.filtered.non2xx || ris.reference.non2xx || ris.paperList.non2xx) {
      console.error('Benchmark invalid: non-2xx answers in the RIS search scenarios');
      return 1;
    }

    // E-Rechnung: parse + validate throughput on one core over the corpus's typical invoices.
    const ei = await runEinvoice({ seconds: Number(process.env.BENCH_EINVOICE_SECONDS ?? 5) });
    console.log(['', einvoiceReport(ei), ''].join('\n'));
    targets.push({ goal: `e-invoice parse + validate ≥ ${EINVOICE_TARGET_PER_SECOND} invoices/s (one core)`, actual: `${ei.typicalPerSecond}/s`, met: ei.met });

    // Reconciliation: 100,000 credits against 1,000,000 open claims (in memory; the database-backed run is to come).
    const rc = runReconcileBench({ claims: Number(process.env.BENCH_RECONCILE_CLAIMS ?? 1_000_000), entries: Number(process.env.BENCH_RECONCILE_ENTRIES ?? 100_000) });
    console.log(['', reconcileBenchReport(rc), ''].join('\n'));
    targets.push({ goal: `reconciliation index + match < ${RECONCILE_TARGET_SECONDS} s (in memory), no wrong match`, actual: `${fmt(rc.indexSeconds + rc.reconcileSeconds, 2)} s, ${rc.accuracy.wrong} wrong`, met: rc.indexSeconds + rc.reconcileSeconds < RECONCILE_TARGET_SECONDS && rc.accuracy.wrong === 0 });

    // Bürgerkonto: fees and taxes of a citizen with 500 claims.
    const fa = await runFinanceAccount({ claims: 500, others: 20_000, requests: Number(process.env.BENCH_FINANCE_REQUESTS ?? 200) });
    console.log(['', financeAccountReport(fa), ''].join('\n'));
    const faP95 = Math.max(fa.overview.p95Ms, fa.settledYear.p95Ms, fa.history.p95Ms, fa.claim.p95Ms, fa.accountStart.p95Ms);
    targets.push({ goal: `Bürgerkonto fees and taxes, 500 claims, p95 ≤ ${FINANCE_ACCOUNT_P95_TARGET_MS} ms`, actual: `${fmt(faP95, 1)} ms`, met: faP95 <= FINANCE_ACCOUNT_P95_TARGET_MS });

    console.log(['| Goal | Actual | Met |', '|---|---:|:---:|', ...targets.map((t) => `| ${t.goal} | ${t.actual} | ${t.met ? 'yes' : 'no'} |`), ''].join('\n'));

    const allMet = targets.every((t) => t.met);
    console.log(allMet ? 'All targets met.' : 'Targets NOT met (see table above).');

    const output = {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      database,
      connections: CONNECTIONS,
      durationSeconds,
      warmupSeconds: WARMUP_SECONDS,
      results,
      inProcess: ip,
      backoffice: bo,
      oparl: op,
      risSearch: ris,
      einvoice: ei,
      reconcile: rc,
      financeAccount: fa,
      ratioPercent,
      targets: {
        minRatioPercent: TARGET_MIN_RATIO_PERCENT,
        maxTenantP99Ms: TARGET_MAX_TENANT_P99_MS,
        ratioMet: targets[0]!.met,
        p99Met: targets[1]!.met,
        accountP95Met: targets[2]!.met,
        slotSearchP95Met: targets[3]!.met,
        allMet,
      },
    };
    await writeFile(RESULTS_FILE, JSON.stringify(output, null, 2) + '\n');
    console.log(`Written ${RESULTS_FILE}`);
    return 0;
  } finally {
    if (child) await stopServer(child);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof BenchError ? `Benchmark failed: ${e.message}` : e);
    process.exit(1);
  },
);
