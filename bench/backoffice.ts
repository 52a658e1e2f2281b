/**
 * Back-office benchmark: the clerk's worklist (first page and a filtered page) over many cases across
 * tenants, and the German full-text search over the documents of one municipality. PostgreSQL (DATABASE_URL)
 * at the size: 1,000,000 cases in 20 tenants with 100 case types, 100,000 documents; PGlite at a size it holds.
 */
import { openPglite, openPostgres, type Db } from '../src/kernel/db/db.ts';
import { createPgDatabase } from '../src/kernel/db/testing.ts';
import { migrate } from '../src/kernel/db/migrate.ts';
import { migrationDirs } from '../src/platform.ts';
import { worklist, type Viewer, type WorklistFilter } from '../src/modules/cases/index.ts';
import { searchDocuments } from '../src/modules/records/index.ts';
import { generateBackoffice } from './backoffice-data.ts';
import type { LatencyStats } from './inprocess.ts';

function stats(samples: number[], seconds: number): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { requests: s.length, seconds: r(seconds), perSecond: r(s.length / seconds), p50Ms: r(q(0.5)), p95Ms: r(q(0.95)), p99Ms: r(q(0.99)), maxMs: r(s.at(-1) ?? 0), non2xx: 0 };
}

async function measure(n: number, fn: (i: number) => Promise<unknown>): Promise<LatencyStats> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(i); // warm-up
  const samples: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn(i);
    samples.push(performance.now() - s);
  }
  return stats(samples, (performance.now() - t0) / 1000);
}

export interface BackofficeResult {
  engine: string;
  size: { tenants: number; cases: number; caseTypes: number; documents: number; generateSeconds: number };
  worklistFirst: LatencyStats;
  worklistFiltered: LatencyStats;
  search: LatencyStats;
}

const QUERIES = ['Bescheide', 'Gebühren', 'Bewohnerparkausweis', 'Anträge Frist', 'Widerspruch Anhörung', 'Grundsteuer', 'Zustellung', 'Baugenehmigungen', 'Hundesteuer Mahnung', 'Urkunden'];

export async function runBackoffice(o: { tenants: number; casesPerTenant: number; documents: number; requests: number }): Promise<BackofficeResult> {
  const url = process.env.DATABASE_URL;
  let db: Db;
  let drop: () => Promise<void>;
  if (url) {
    const created = await createPgDatabase(url, 'amt_bench_bo');
    db = await openPostgres(created.url, { max: 4 });
    drop = async () => {
      await db.close();
      await created.drop();
    };
  } else {
    db = await openPglite({});
    drop = () => db.close();
  }
  try {
    await migrate(db, migrationDirs());
    const now = new Date();
    const t0 = performance.now();
    const data = await generateBackoffice(db, { tenants: o.tenants, casesPerTenant: o.casesPerTenant, documents: o.documents, now });
    const generateSeconds = Math.round((performance.now() - t0) / 100) / 10;
    const pick = (i: number) => data.tenants[i % data.tenants.length]!;
    const viewer = (i: number): Viewer => ({ userId: pick(i).clerks[(i * 7) % 30]!, roles: ['clerk'], today: now });
    const worklistFirst = await measure(o.requests, (i) => worklist(db, pick(i).id, viewer(i), { tab: 'mine' }));
    const worklistFiltered = await measure(o.requests, (i) => {
      const t = pick(i);
      const filter: WorklistFilter = { tab: 'team', typeId: t.types[i % 5]!, status: i % 2 ? 'in_bearbeitung' : 'eingegangen', text: i % 3 === 0 ? 'Müller' : undefined, sort: 'opened' };
      return worklist(db, t.id, viewer(i), filter);
    });
    const docsTenant = data.tenants[0]!.id;
    const search = await measure(o.requests, (i) => searchDocuments(db, docsTenant, QUERIES[i % QUERIES.length]!, { limit: 20 }));
    return { engine: db.engine, size: { tenants: o.tenants, cases: o.tenants * o.casesPerTenant, caseTypes: o.tenants * 5, documents: o.documents, generateSeconds }, worklistFirst, worklistFiltered, search };
  } finally {
    await drop();
  }
}
