/**
 * OParl benchmark: the paper list of one municipality with 100,000 papers (a fifth with a consultation path, a tenth
 * with a main file, 1 % changed recently), measured in-process (fastify.inject, one client, requests one after
 * another): the first page, a deep keyset page near the end, an incremental `modified_since` page and the first page
 * of a full sync by `modified_since`. Runs on a fresh PGlite, or on a fresh database of DATABASE_URL.
 *
 *   node --import tsx bench/oparl.ts          # alone; `npm run bench` runs it as part of the whole benchmark
 *   BENCH_OPARL_PAPERS=20000 node --import tsx bench/oparl.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { loadConfig } from '../src/kernel/config/config.ts';
import { openPglite, openPostgres, type Db } from '../src/kernel/db/db.ts';
import { createPgDatabase } from '../src/kernel/db/testing.ts';
import { sql } from '../src/kernel/db/sql.ts';
import { storeFile } from '../src/kernel/files/files.ts';
import { buildPlatform } from '../src/platform.ts';
import { createTenant } from '../src/testing/factories.ts';
import { insertBody } from '../src/modules/council/repository.ts';
import { encodeCursor } from '../src/modules/council/oparl/serialize.ts';
import type { LatencyStats } from './inprocess.ts';

export interface OparlBenchResult {
  engine: string;
  papers: number;
  generateSeconds: number;
  firstPage: LatencyStats;
  deepPage: LatencyStats;
  modifiedSince: LatencyStats;
  fullSync: LatencyStats;
}

function stats(samples: number[], seconds: number, non2xx: number): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { requests: s.length, seconds: r(seconds), perSecond: r(s.length / seconds), p50Ms: r(q(0.5)), p95Ms: r(q(0.95)), p99Ms: r(q(0.99)), maxMs: r(s.at(-1) ?? 0), non2xx };
}

async function openBenchDb(): Promise<{ db: Db; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openPglite({});
    return { db, drop: () => db.close() };
  }
  const created = await createPgDatabase(url, 'amt_bench_oparl');
  const db = await openPostgres(created.url, { max: 10 });
  return {
    db,
    async drop() {
      await db.close();
      await created.drop();
    },
  };
}

/** Bulk data in a few statements (generate_series), timestamps one minute apart so keyset order is realistic. */
async function generate(db: Db, tenantId: string, papers: number, now: Date): Promise<void> {
  const start = new Date(now.getTime() - papers * 60_000 - 86_400_000);
  const pdf = Buffer.from(`%PDF-1.4\n% Beschlussvorlage\n${'x'.repeat(20_000)}\n%%EOF\n`);
  const sha512 = createHash('sha512').update(pdf).digest('hex');
  await db.transaction(async (tx) => {
    const council = await insertBody(tx, tenantId, { name: 'Stadtverordnetenversammlung', kind: 'council', legalMembers: 31 }, start);
    const committee = await insertBody(tx, tenantId, { name: 'Hauptausschuss', kind: 'committee', legalMembers: 11, parentId: council }, start);
    const stored = await storeFile(tx, { tenantId, name: 'vorlage.pdf', mime: 'application/pdf', bytes: pdf, now: start });
    await tx.exec(sql`insert into council_papers (tenant_id, reference, name, paper_type, date, status, tracking, public, body_text, resolution_proposal, created_at, modified_at)
      select ${tenantId}, 'V/' || g, 'Vorlage ' || g || ' zur Unterhaltung der Gemeindestraßen und Plätze im Ortsteil ' || (g % 40),
        (array['beschlussvorlage','antrag','anfrage','mitteilung'])[1 + g % 4], date '2016-01-01' + (g / 30), 'released', 'resolved', g % 25 <> 0,
        'Sachverhalt der Vorlage ' || g, 'Der Beschluss ' || g || ' wird gefasst.', ${start}::timestamptz + g * interval '1 minute', ${start}::timestamptz + g * interval '1 minute'
      from generate_series(1, ${papers}::int) g`);
    await tx.exec(sql`insert into council_consultations (tenant_id, paper_id, body_id, position, role, authoritative, created_at, modified_at)
      select p.tenant_id, p.id, b.body_id, b.pos, b.role, b.pos = 1, p.created_at, p.created_at
      from council_papers p, (values (${committee}::uuid, 0, 'advising'), (${council}::uuid, 1, 'deciding')) b(body_id, pos, role)
      where p.tenant_id = ${tenantId} and substring(p.reference from 3)::int % 5 = 0`);
    await tx.exec(sql`insert into council_files (tenant_id, stored_file_id, name, file_name, mime, size, sha512, paper_id, role, position, public, created_at, modified_at)
      select p.tenant_id, ${stored.id}, 'Vorlage ' || p.reference, 'vorlage.pdf', 'application/pdf', ${pdf.length}, ${sha512}, p.id, 'main', 0, true, p.created_at, p.created_at
      from council_papers p where p.tenant_id = ${tenantId} and substring(p.reference from 3)::int % 10 = 3`);
    // The last day: 1 % of the papers changed, some through a new consultation step or file only.
    await tx.exec(sql`update council_papers set modified_at = ${now}::timestamptz - (substring(reference from 3)::int % 1440) * interval '1 minute'
      where tenant_id = ${tenantId} and substring(reference from 3)::int % 100 = 7`);
    await tx.exec(sql`update council_consultations c set modified_at = ${now}::timestamptz - interval '30 minutes' from council_papers p
      where p.tenant_id = ${tenantId} and p.id = c.paper_id and substring(p.reference from 3)::int % 500 = 0`);
  });
  await db.exec(sql`analyze`);
}

/** Samples each URL `n` times, taking turns, so warm-up and background load spread evenly over the scenarios. */
async function measureAll<K extends string>(n: number, run: Record<K, () => Promise<number>>): Promise<Record<K, LatencyStats>> {
  const keys = Object.keys(run) as K[];
  for (let i = 0; i < 30; i++) for (const k of keys) await run[k](); // warm-up
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  const bad = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const spent = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (let i = 0; i < n; i++) {
    for (const k of keys) {
      const s = performance.now();
      const status = await run[k]();
      const ms = performance.now() - s;
      samples[k].push(ms);
      spent[k] += ms;
      if (status !== 200) bad[k]++;
    }
  }
  return Object.fromEntries(keys.map((k) => [k, stats(samples[k], spent[k] / 1000, bad[k])])) as Record<K, LatencyStats>;
}

export async function runOparl(o: { papers: number; requests: number }): Promise<OparlBenchResult> {
  const { db, drop } = await openBenchDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'amt-bench-oparl-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS: '0', PASSWORD_SCRYPT_LOG2N: '10', SECRET_KEY: 'bench-secret-key-long-enough-0123456789abcdef', BASE_URL: 'http://bench.local' });
  const running = await buildPlatform(config, { db });
  try {
    const now = new Date();
    const tenant = await createTenant(db, { name: 'Benchstadt' });
    const t0 = performance.now();
    await generate(db, tenant.id, o.papers, now);
    const generateSeconds = Math.round((performance.now() - t0) / 100) / 10;
    const list = `/oparl/v1.1/body/${tenant.slug}/paper`;
    const deep = await db.one<{ cursor: string }>(sql`select (extract(epoch from created_at) * 1000000)::bigint::text || '.' || id::text as cursor
      from council_papers where tenant_id = ${tenant.id} and public order by created_at, id offset ${Math.floor(o.papers * 0.9)} limit 1`);
    const berlin = (d: Date) => encodeURIComponent(d.toISOString().replace(/\.\d{3}Z$/, '+00:00'));
    const urls = {
      firstPage: list,
      deepPage: `${list}?cursor=${encodeCursor(deep!.cursor)}`,
      modifiedSince: `${list}?modified_since=${berlin(new Date(now.getTime() - 86_400_000))}`,
      fullSync: `${list}?modified_since=${berlin(new Date('2000-01-01T00:00:00Z'))}`,
    };
    const sizes: Record<string, number> = {};
    const request = (key: keyof typeof urls) => async () => {
      const res = await running.app.inject({ url: urls[key] });
      sizes[key] = (res.json() as { data: unknown[] }).data.length;
      return res.statusCode;
    };
    const { firstPage, deepPage, modifiedSince, fullSync } = await measureAll(o.requests, {
      firstPage: request('firstPage'),
      deepPage: request('deepPage'),
      modifiedSince: request('modifiedSince'),
      fullSync: request('fullSync'),
    });
    if (sizes.firstPage !== 100 || sizes.deepPage !== 100 || sizes.fullSync !== 100 || !(sizes.modifiedSince! > 0)) throw new Error(`unexpected page sizes ${JSON.stringify(sizes)}`);
    return { engine: db.engine, papers: o.papers, generateSeconds, firstPage, deepPage, modifiedSince, fullSync };
  } finally {
    await running.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runOparl({ papers: Number(process.env.BENCH_OPARL_PAPERS ?? 100_000), requests: Number(process.env.BENCH_OPARL_REQUESTS ?? 200) });
  const row = (label: string, m: LatencyStats) => `| ${label} | ${m.perSecond} | ${m.p50Ms} | ${m.p95Ms} | ${m.p99Ms} | ${m.requests} | ${m.non2xx} |`;
  console.log([`Database: ${r.engine} · ${r.papers.toLocaleString('en')} papers (generated in ${r.generateSeconds} s)`, '| OParl paper list | req/s | p50 (ms) | p95 (ms) | p99 (ms) | requests | non-2xx |', '|---|---:|---:|---:|---:|---:|---:|',
    row('first page', r.firstPage), row('deep keyset page (90 %)', r.deepPage), row('modified_since (last 24 h)', r.modifiedSince), row('modified_since (full sync, first page)', r.fullSync)].join('\n'));
}
