/**
 * Bürgerkonto "Gebühren und Steuern" benchmark: one citizen with 500 claims (2,000 instalments, ~1,300 bookings) in a
 * municipality with 20,000 claims of other debtors, measured in-process (fastify.inject, one request after another:
 * the latency a person sees). Scenarios: the overview (totals, next due dates, first page of open claims, latest
 * payments), the settled claims of one year, page 3 of the payment history, one claim, and the Bürgerkonto start page
 * with its "Gebühren und Steuern" section. Runs on a fresh PGlite, or on a fresh database of DATABASE_URL.
 *
 *   node --import tsx bench/finance-account.ts
 *   BENCH_FINANCE_CLAIMS=2000 node --import tsx bench/finance-account.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/kernel/config/config.ts';
import { openPglite, openPostgres, type Db } from '../src/kernel/db/db.ts';
import { createPgDatabase } from '../src/kernel/db/testing.ts';
import { sql } from '../src/kernel/db/sql.ts';
import { createSession } from '../src/kernel/auth/sessions.ts';
import { findUserById } from '../src/kernel/auth/users.ts';
import { buildPlatform } from '../src/platform.ts';
import { createTenant, createUser } from '../src/testing/factories.ts';
import type { LatencyStats } from './inprocess.ts';

export interface FinanceAccountResult {
  engine: string;
  size: { claims: number; instalments: number; bookings: number; otherClaims: number; generateSeconds: number };
  overview: LatencyStats;
  settledYear: LatencyStats;
  history: LatencyStats;
  claim: LatencyStats;
  accountStart: LatencyStats;
}

function stats(samples: number[], seconds: number, non2xx: number): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { requests: s.length, seconds: r(seconds), perSecond: r(s.length / seconds), p50Ms: r(q(0.5)), p95Ms: r(q(0.95)), p99Ms: r(q(0.99)), maxMs: r(s.at(-1) ?? 0), non2xx };
}

/**
 * Generates `claims` claims of one debtor (quarterly Grundsteuer-like instalments over the years 2014–2027: older years
 * settled by four bookings, the current year partly paid, the next year open, some overdue) and `others` claims of 2,000
 * other debtors, inside the database.
 */
export async function generateFinance(db: Db, tenantId: string, userId: string, claims: number, others: number): Promise<{ instalments: number; bookings: number }> {
  return db.transaction(async (tx) => {
    const me = (await tx.one<{ id: string }>(sql`insert into finance_debtors (tenant_id, kind, name, street, postal_code, city, user_id, created_at, updated_at)
      values (${tenantId}, 'person', 'Viel Zahlerin', 'Markt 1', '14712', 'Benchstadt', ${userId}, now(), now()) returning id`))!.id;
    await tx.exec(sql`insert into finance_debtors (tenant_id, kind, name, street, postal_code, city, created_at, updated_at)
      select ${tenantId}, case when g % 7 = 0 then 'company' else 'person' end, 'Schuldner ' || g, 'Weg ' || g, '14712', 'Benchstadt', now(), now() from generate_series(1, 2000) g`);
    // Claims: year = 2014 + g % 14; years up to 2025 settled, 2026 partly paid (two instalments open, one overdue), 2027 open.
    const insertClaims = (debtorSql: ReturnType<typeof sql>, n: number, offset: number) => tx.exec(sql`
      insert into finance_claims (tenant_id, debtor_id, kassenzeichen, type, title, year, source, state, amount_cents, open_cents, next_due_date, created_at, updated_at)
      select ${tenantId}, ${debtorSql}, lpad(((2014 + g % 14) % 100)::text, 2, '0') || '-' || lpad((${offset} + g)::text, 7, '0') || '-0',
        (array['grundsteuer','hundesteuer','gewerbesteuer','fee','other'])[1 + g % 5], 'Forderung ' || g, 2014 + g % 14, 'import',
        case when 2014 + g % 14 <= 2025 then 'settled' else 'open' end, 40000,
        case when 2014 + g % 14 <= 2025 then 0 when 2014 + g % 14 = 2026 then 20000 else 40000 end,
        case when 2014 + g % 14 <= 2025 then null when 2014 + g % 14 = 2026 then date '2026-08-15' else date '2027-02-15' end,
        now() - (g || ' minutes')::interval, now()
      from generate_series(1, ${n}) g`);
    await insertClaims(sql`${me}::uuid`, claims, 0);
    await insertClaims(sql`(select id from finance_debtors where tenant_id = ${tenantId} and user_id is null order by id offset (g % 2000) limit 1)`, others, 1_000_000);
    await tx.exec(sql`insert into finance_instalments (tenant_id, claim_id, debtor_id, seq, due_date, amount_cents, open_cents, state)
      select c.tenant_id, c.id, c.debtor_id, q, make_date(c.year, 2 + 3 * (q - 1), 15), 10000,
        case when c.year <= 2025 then 0 when c.year = 2026 and q <= 2 then 0 else 10000 end,
        case when c.year <= 2025 or (c.year = 2026 and q <= 2) then 'settled' else 'open' end
      from finance_claims c, generate_series(1, 4) q where c.tenant_id = ${tenantId}`);
    await tx.exec(sql`insert into finance_bookings (tenant_id, claim_id, debtor_id, cents, source, source_key, value_date, booked_at)
      select i.tenant_id, i.claim_id, i.debtor_id, 10000, case when i.seq % 2 = 0 then 'direct_debit' else 'bank' end, 'bench:' || i.id, i.due_date, i.due_date + interval '9 hours'
      from finance_instalments i where i.tenant_id = ${tenantId} and i.state = 'settled'`);
    await tx.exec(sql`insert into finance_booking_lines (tenant_id, booking_id, instalment_id, cents)
      select b.tenant_id, b.id, i.id, 10000 from finance_bookings b join finance_instalments i on 'bench:' || i.id = b.source_key where b.tenant_id = ${tenantId}`);
    const n = await tx.one<{ i: number; b: number }>(sql`select (select count(*) from finance_instalments where debtor_id = ${me})::int as i, (select count(*) from finance_bookings where debtor_id = ${me})::int as b`);
    return { instalments: n!.i, bookings: n!.b };
  });
}

export async function runFinanceAccount(o: { claims: number; others: number; requests: number }): Promise<FinanceAccountResult> {
  const url = process.env.DATABASE_URL;
  let db: Db;
  let dropDb: () => Promise<void>;
  if (url) {
    const created = await createPgDatabase(url, 'amt_bench_fin');
    db = await openPostgres(created.url, { max: 4 });
    dropDb = async () => {
      await db.close();
      await created.drop();
    };
  } else {
    db = await openPglite({});
    dropDb = () => db.close();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'amt-bench-fin-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS: '0', PASSWORD_SCRYPT_LOG2N: '10', SECRET_KEY: 'bench-secret-key-long-enough-0123456789abcdef', BASE_URL: 'http://bench.local' });
  const running = await buildPlatform(config, { db });
  try {
    const tenant = await createTenant(db, { name: 'Benchstadt' });
    const u = await createUser(db, tenant, { kind: 'citizen', name: 'Viel Zahlerin' });
    const t0 = performance.now();
    const size = await generateFinance(db, tenant.id, u.id, o.claims, o.others);
    await db.exec(sql`vacuum analyze`);
    const generateSeconds = Math.round((performance.now() - t0) / 100) / 10;
    const user = (await findUserById(db, tenant.id, u.id))!;
    const sid = await db.transaction((tx) => createSession(tx, user, new Date(), { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs }));
    const headers = { cookie: `amt_sid=${sid}` };
    const base = `/${tenant.slug}/konto/finanzen`;
    const anyClaim = (await db.one<{ id: string }>(sql`select c.id from finance_claims c join finance_debtors d on d.id = c.debtor_id where d.user_id = ${u.id} order by c.year desc limit 1`))!.id;
    // Sanity: the overview shows this citizen's numbers, so the timings below measure real work.
    const probe = await running.app.inject({ url: base, headers });
    if (probe.statusCode !== 200 || !new RegExp(`Alle \\(${o.claims}\\)`).test(probe.body)) throw new Error(`finance overview probe failed (${probe.statusCode})`);
    const measure = async (path: (i: number) => string) => {
      for (let i = 0; i < 10; i++) await running.app.inject({ url: path(i), headers }); // warm-up
      const times: number[] = [];
      let bad = 0;
      const s0 = performance.now();
      for (let i = 0; i < o.requests; i++) {
        const s = performance.now();
        const res = await running.app.inject({ url: path(i), headers });
        times.push(performance.now() - s);
        if (res.statusCode !== 200) bad++;
      }
      return stats(times, (performance.now() - s0) / 1000, bad);
    };
    const overview = await measure((i) => (i % 3 === 0 ? base : `${base}?ansicht=offen&seite=${1 + (i % 3)}`));
    const settledYear = await measure((i) => `${base}?ansicht=erledigt&jahr=${2014 + (i % 12)}`);
    const history = await measure((i) => `${base}/zahlungen?seite=${1 + (i % 5)}`);
    const claim = await measure(() => `${base}/forderung/${anyClaim}`);
    const accountStart = await measure(() => `/${tenant.slug}/konto`);
    return { engine: db.engine, size: { claims: o.claims, instalments: size.instalments, bookings: size.bookings, otherClaims: o.others, generateSeconds }, overview, settledYear, history, claim, accountStart };
  } finally {
    await running.close();
    await dropDb();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The result as markdown rows (the table format of bench/run.ts). */
export function financeAccountReport(r: FinanceAccountResult): string {
  const fmt = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const row = (label: string, m: LatencyStats, note: string) => `| ${label} | ${note} | ${fmt(m.perSecond)} | ${fmt(m.p50Ms)} | ${fmt(m.p95Ms)} | ${fmt(m.p99Ms)} | ${m.requests} | ${m.non2xx} |`;
  return [
    `Database: ${r.engine} · one citizen with ${r.size.claims.toLocaleString('en')} claims (${r.size.instalments.toLocaleString('en')} instalments, ${r.size.bookings.toLocaleString('en')} bookings) among ${r.size.otherClaims.toLocaleString('en')} other claims (generated in ${r.size.generateSeconds} s)`,
    '| Scenario | How | req/s | p50 (ms) | p95 (ms) | p99 (ms) | requests | non-2xx |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    row('Finance overview (/konto/finanzen)', r.overview, 'totals, next due dates, 50 open claims, latest payments'),
    row('Settled claims of one year', r.settledYear, '?ansicht=erledigt&jahr=…'),
    row('Payment history, pages 1–5', r.history, '50 bookings per page'),
    row('One claim', r.claim, 'instalments and bookings'),
    row('Bürgerkonto start page', r.accountStart, 'all account sections incl. "Gebühren und Steuern"'),
  ].join('\n');
}

/** Target: the citizen's finance pages stay interactive with hundreds of claims. */
export const FINANCE_ACCOUNT_P95_TARGET_MS = 100;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const claims = Number(process.env.BENCH_FINANCE_CLAIMS ?? 500);
  const others = Number(process.env.BENCH_FINANCE_OTHERS ?? 20_000);
  console.log(`Finance account: generating ${claims.toLocaleString('en')} claims of one citizen and ${others.toLocaleString('en')} others …`);
  const r = await runFinanceAccount({ claims, others, requests: Number(process.env.BENCH_FINANCE_REQUESTS ?? 200) });
  console.log(`\n${financeAccountReport(r)}\n`);
  const worst = Math.max(r.overview.p95Ms, r.settledYear.p95Ms, r.history.p95Ms, r.claim.p95Ms, r.accountStart.p95Ms);
  console.log(`Finance account p95 ≤ ${FINANCE_ACCOUNT_P95_TARGET_MS} ms: ${worst <= FINANCE_ACCOUNT_P95_TARGET_MS ? 'met' : 'NOT met'} (worst ${worst} ms)`);
}
