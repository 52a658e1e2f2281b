/**
 * In-process scenarios (fastify.inject, no sockets): the form submission endpoint under concurrency
 * and the Bürgerkonto overview of a citizen with 500 applications and 2,000 postbox messages.
 * Runs on a fresh PGlite, or on a fresh database of the PostgreSQL server in DATABASE_URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/kernel/config/config.ts';
import { openPglite, openPostgres, type Db } from '../src/kernel/db/db.ts';
import { createPgDatabase } from '../src/kernel/db/testing.ts';
import { sql } from '../src/kernel/db/sql.ts';
import { createSession } from '../src/kernel/auth/sessions.ts';
import { findUserById } from '../src/kernel/auth/users.ts';
import { hmac } from '../src/kernel/auth/tokens.ts';
import { buildPlatform } from '../src/platform.ts';
import { createTenant, createUser } from '../src/testing/factories.ts';
import { seedCatalog } from '../src/demo/catalog.ts';
import { seedForms } from '../src/demo/forms.ts';
import { seedAppointments } from '../src/demo/appointments.ts';

export interface LatencyStats {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
}

function stats(samples: number[], seconds: number, non2xx: number): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { requests: s.length, seconds: r(seconds), perSecond: r(s.length / seconds), p50Ms: r(q(0.5)), p95Ms: r(q(0.95)), p99Ms: r(q(0.99)), maxMs: r(s.at(-1) ?? 0), non2xx };
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
}

async function openBenchDb(): Promise<{ db: Db; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openPglite({});
    return { db, drop: () => db.close() };
  }
  const created = await createPgDatabase(url, 'amt_bench');
  const db = await openPostgres(created.url, { max: 10 });
  return {
    db,
    async drop() {
      await db.close();
      await created.drop();
    },
  };
}

export async function runInProcess(o: { submissions: number; accountRequests: number }): Promise<{ engine: string; submission: LatencyStats; account: LatencyStats; postbox: LatencyStats; slotSearch: LatencyStats; booking: LatencyStats }> {
  const { db, drop } = await openBenchDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'amt-bench-ip-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS: '0', PASSWORD_SCRYPT_LOG2N: '10', SECRET_KEY: 'bench-secret-key-long-enough-0123456789abcdef', BASE_URL: 'http://bench.local' });
  const running = await buildPlatform(config, { db });
  try {
    const now = new Date();
    const tenant = await createTenant(db, { name: 'Benchstadt' });
    await db.transaction(async (tx) => {
      await seedCatalog(tx, tenant.id, 'havelwerder');
      await seedForms(tx, tenant.id, now);
    });
    const policy = { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs };
    const sessionOf = async (userId: string) => {
      const user = (await findUserById(db, tenant.id, userId))!;
      // Meldebescheinigung needs the Online-Ausweis (level high), as an eID login would give.
      const sid = await db.transaction((tx) => createSession(tx, user, new Date(), policy, 'high'));
      return { cookie: `amt_sid=${sid}`, csrf: hmac(config.secretKey, `csrf:${sid}`) };
    };

    // --- 1. form submission: N citizens with a complete draft at the review step, submitting concurrently
    const form = await db.one<{ id: string; vid: string }>(sql`select f.id, v.id as vid from form_definitions f join form_versions v on v.form_id = f.id where f.tenant_id = ${tenant.id} and f.key = 'meldebescheinigung'`);
    const data = { art: 'einfach', zweck: 'arbeitgeber', name: 'Erika Muster', geburtsdatum: '1980-05-01', anschrift: { street: 'Markt 1', postalCode: '14712', city: 'Benchstadt' } };
    const citizens: { cookie: string; csrf: string; key: string }[] = [];
    for (let i = 0; i < o.submissions; i++) {
      const u = await createUser(db, tenant, { kind: 'citizen' });
      const d = await db.one<{ id: string }>(sql`insert into form_drafts (tenant_id, user_id, form_id, form_version_id, data, step, furthest_step, updated_at)
        values (${tenant.id}, ${u.id}, ${form!.id}, ${form!.vid}, ${JSON.stringify(data)}::jsonb, 2, 2, now()) returning id`);
      citizens.push({ ...(await sessionOf(u.id)), key: `draft:${d!.id}:1` });
    }
    const subTimes: number[] = [];
    let subBad = 0;
    let t0 = performance.now();
    await pool(citizens, 10, async (c) => {
      const s = performance.now();
      const res = await running.app.inject({ method: 'POST', url: `/${tenant.slug}/formulare/meldebescheinigung/absenden`, payload: `_csrf=${encodeURIComponent(c.csrf)}&schluessel=${encodeURIComponent(c.key)}`, headers: { cookie: c.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
      subTimes.push(performance.now() - s);
      if (res.statusCode !== 303) subBad++;
    });
    const submission = stats(subTimes, (performance.now() - t0) / 1000, subBad);
    const apps = await db.one<{ n: number }>(sql`select count(*)::int as n from applications where tenant_id = ${tenant.id}`);
    if (apps!.n !== o.submissions - subBad) throw new Error(`expected ${o.submissions} applications, found ${apps!.n}`);

    // --- 2. Bürgerkonto of a citizen with 500 applications and 2,000 postbox messages
    const heavy = await createUser(db, tenant, { kind: 'citizen', name: 'Viel Beschäftigt' });
    await db.transaction(async (tx) => {
      await tx.exec(sql`insert into form_submissions (tenant_id, user_id, form_id, form_version_id, data, idempotency_key, submitted_at)
        select ${tenant.id}, ${heavy.id}, ${form!.id}, ${form!.vid}, ${JSON.stringify(data)}::jsonb, 'heavy' || g, now() - (g || ' hours')::interval from generate_series(1, 500) g`);
      await tx.exec(sql`insert into application_counters (tenant_id, year, last) values (${tenant.id}, 1999, 0) on conflict do nothing`);
      await tx.exec(sql`insert into applications (tenant_id, number, year, seq, user_id, submission_id, service_slug, title, status, fee_cents, created_at, updated_at)
        select ${tenant.id}, 'ANT-1999-' || lpad(row_number() over ()::text, 6, '0'), 1999, row_number() over (), ${heavy.id}, s.id, 'meldebescheinigung',
               'Meldebescheinigung beantragen', (array['received','in_progress','decided','closed'])[1 + (row_number() over ())::int % 4], 700, s.submitted_at, s.submitted_at
        from form_submissions s where s.user_id = ${heavy.id}`);
      await tx.exec(sql`insert into postbox_threads (tenant_id, user_id, subject, reference, created_at, last_message_at, citizen_unread)
        select ${tenant.id}, ${heavy.id}, 'Ihr Antrag ' || a.number, a.number, a.created_at, a.created_at, 1 from applications a where a.user_id = ${heavy.id}`);
      await tx.exec(sql`insert into postbox_messages (tenant_id, thread_id, sender, body, created_at)
        select ${tenant.id}, t.id, 'authority', 'Nachricht ' || g, t.created_at + (g || ' minutes')::interval from postbox_threads t, generate_series(1, 4) g where t.user_id = ${heavy.id}`);
    });
    const counts = await db.one<{ a: number; m: number }>(sql`select (select count(*)::int from applications where user_id = ${heavy.id}) as a,
      (select count(*)::int from postbox_messages m join postbox_threads t on t.id = m.thread_id where t.user_id = ${heavy.id}) as m`);
    if (counts!.a !== 500 || counts!.m !== 2000) throw new Error(`seed mismatch ${JSON.stringify(counts)}`);
    const s = await sessionOf(heavy.id);
    const measurePage = async (url: string, n: number) => {
      const times: number[] = [];
      let bad = 0;
      for (let i = 0; i < 10; i++) await running.app.inject({ url, headers: { cookie: s.cookie } }); // warm-up
      t0 = performance.now();
      // One citizen's requests one after another: the latency a person sees.
      await pool(Array.from({ length: n }, (_, i) => i), 1, async () => {
        const st = performance.now();
        const res = await running.app.inject({ url, headers: { cookie: s.cookie } });
        times.push(performance.now() - st);
        if (res.statusCode !== 200) bad++;
      });
      return stats(times, (performance.now() - t0) / 1000, bad);
    };
    const account = await measurePage(`/${tenant.slug}/konto`, o.accountRequests);
    const postbox = await measurePage(`/${tenant.slug}/konto/postfach`, o.accountRequests);

    // --- 3. Terminvergabe: slot search over 60 days at 5 locations, and booking throughput
    const offices = Array.from({ length: 5 }, (_, i) => ({ name: `Standort ${i + 1}`, address: `Weg ${i + 1}`, counters: 2 }));
    await db.transaction((tx) => seedAppointments(tx, tenant.id, offices));
    const svc = (await db.one<{ id: string }>(sql`select id from appt_services where tenant_id = ${tenant.id} and duration_minutes = 15`))!.id;
    const locs = (await db.rows<{ id: string }>(sql`select id from appt_locations where tenant_id = ${tenant.id} order by name`)).map((r) => r.id);
    const today = new Date().toISOString().slice(0, 10);
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const slotUrl = (loc: string) => `/api/v1/${tenant.slug}/appointments/slots?service=${svc}&location=${loc}&from=${today}&to=${inDays(60)}`;
    // pick future slots to book from the first location's list
    const list = (await running.app.inject({ url: slotUrl(locs[0]!) })).json() as { data: { start: string }[] };
    const targets = list.data.slice(0, Math.min(200, list.data.length));
    const bookTimes: number[] = [];
    let bookBad = 0;
    t0 = performance.now();
    await pool(targets.map((x, i) => ({ x, i })), 10, async ({ x, i }) => {
      const st = performance.now();
      const res = await running.app.inject({ method: 'POST', url: `/api/v1/${tenant.slug}/appointments`, payload: { service: svc, location: locs[0], start: x.start, name: `Bench ${i}`, email: `bench${i}@example.org` }, remoteAddress: `10.${Math.floor(i / 250)}.${i % 250}.1` });
      bookTimes.push(performance.now() - st);
      if (res.statusCode !== 201) bookBad++;
    });
    const booking = stats(bookTimes, (performance.now() - t0) / 1000, bookBad);
    const searchTimes: number[] = [];
    let searchBad = 0;
    for (let i = 0; i < 10; i++) await running.app.inject({ url: slotUrl(locs[i % 5]!) });
    t0 = performance.now();
    for (let i = 0; i < o.accountRequests; i++) {
      const st = performance.now();
      const res = await running.app.inject({ url: slotUrl(locs[i % 5]!) });
      searchTimes.push(performance.now() - st);
      if (res.statusCode !== 200) searchBad++;
    }
    const slotSearch = stats(searchTimes, (performance.now() - t0) / 1000, searchBad);
    return { engine: db.engine, submission, account, postbox, slotSearch, booking };
  } finally {
    await running.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
