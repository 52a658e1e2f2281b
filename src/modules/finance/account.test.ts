// The Bürgerkonto's "Gebühren und Steuern": numbers for a citizen with 300 claims, paging, a constant number of
// queries (no N+1), ownership (another citizen's claim → 404), the start-page section, and the demo data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { formatCents, sql, type Db } from '../../kernel/index.ts';
import { issueNotice, seedFinanceDemo } from './index.ts';

type U = { id: string; email: string; password: string };
let t: TestPlatform;
let a: { id: string; slug: string };
let heavy: U, light: U;
let heavyClaim: string;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Havelwerder' });
  heavy = await createUser(t.db, a, { name: 'Viel Zahler' });
  light = await createUser(t.db, a, { name: 'Berta Bürgerin' });
  // 300 claims: 40 open and overdue (10,00 € due 01.10.2026), 80 open (20,00 € due 15.02.2027 + 0…9 days),
  // 180 settled (15,00 €, paid by transfer, years 2020–2025, 30 per year). The clock stands at 21.11.2026.
  await t.db.transaction(async (tx) => {
    const d = await tx.one<{ id: string }>(sql`insert into finance_debtors (tenant_id, kind, name, user_id, created_at, updated_at) values (${a.id}, 'person', 'Viel Zahler', ${heavy.id}, now(), now()) returning id`);
    await tx.exec(sql`insert into finance_claims (tenant_id, debtor_id, kassenzeichen, type, title, year, source, state, amount_cents, open_cents, next_due_date, created_at, updated_at)
      select ${a.id}, ${d!.id}, '26-' || lpad((6000000 + g)::text, 7, '0') || '-0',
        (array['grundsteuer','hundesteuer','gewerbesteuer','fee','other'])[1 + g % 5], 'Forderung ' || g,
        case when g <= 40 then 2026 when g <= 120 then 2027 else 2020 + g % 6 end, 'import',
        case when g <= 120 then 'open' else 'settled' end,
        case when g <= 40 then 1000 when g <= 120 then 2000 else 1500 end,
        case when g <= 40 then 1000 when g <= 120 then 2000 else 0 end,
        case when g <= 40 then date '2026-10-01' when g <= 120 then date '2027-02-15' + ((g - 41) % 10) else null end,
        now() - (g || ' minutes')::interval, now()
      from generate_series(1, 300) g`);
    await tx.exec(sql`insert into finance_instalments (tenant_id, claim_id, debtor_id, seq, due_date, amount_cents, open_cents, state)
      select c.tenant_id, c.id, c.debtor_id, 1, coalesce(c.next_due_date, make_date(c.year, 3, 1)), c.amount_cents, c.open_cents, case when c.state = 'open' then 'open' else 'settled' end
      from finance_claims c where c.debtor_id = ${d!.id}`);
    await tx.exec(sql`insert into finance_bookings (tenant_id, claim_id, debtor_id, cents, source, source_key, value_date, booked_at)
      select c.tenant_id, c.id, c.debtor_id, c.amount_cents, 'bank', 'bank:seed-' || c.id, make_date(c.year, 2, 20), make_date(c.year, 2, 20) + (row_number() over (order by c.kassenzeichen)) * interval '1 minute'
      from finance_claims c where c.debtor_id = ${d!.id} and c.state = 'settled'`);
    await tx.exec(sql`insert into finance_booking_lines (tenant_id, booking_id, instalment_id, cents)
      select b.tenant_id, b.id, i.id, b.cents from finance_bookings b join finance_instalments i on i.claim_id = b.claim_id where b.debtor_id = ${d!.id}`);
    heavyClaim = (await tx.one<{ id: string }>(sql`select id from finance_claims where debtor_id = ${d!.id} and kassenzeichen = '26-6000001-0'`))!.id;
    // The light citizen is the demo citizen: Grundsteuer and Hundesteuer, settled, due and overdue claims, notices.
    await seedFinanceDemo(tx, a.id, { citizenUserId: light.id, now: t.clock.now(), baseUrl: 'http://portal.test' });
  });
  assert.equal(await issueNotice(t.platform, { tenantId: a.id, claimId: heavyClaim, actorId: null, actorKind: 'system', now: t.clock.now() }), 'issued');
});
after(() => t.close());

async function login(u: U): Promise<Client> {
  const c = new Client(t);
  assert.equal((await c.login(`/${a.slug}`, u.email, u.password)).statusCode, 303);
  return c;
}

/** Counts the database calls made while `fn` runs (statements outside transactions, and transactions). */
async function countQueries<T>(db: Db, fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const orig = { rows: db.rows, one: db.one, exec: db.exec, transaction: db.transaction };
  let n = 0;
  const m = db as unknown as Record<string, (...x: unknown[]) => unknown>;
  for (const k of Object.keys(orig) as (keyof typeof orig)[]) m[k] = (...x: unknown[]) => (n++, (orig[k] as (...y: unknown[]) => unknown).apply(db, x));
  try {
    return { result: await fn(), queries: n };
  } finally {
    Object.assign(db, orig);
  }
}

function rowsOf(body: string, caption: string): number {
  const i = body.indexOf(`<caption class="kern-title">${caption}`);
  assert.ok(i >= 0, `table "${caption}" missing`);
  const tableHtml = body.slice(i, body.indexOf('</table>', i));
  return (tableHtml.match(/<tr class="kern-table__row">/g) ?? []).length - 1;
}

const eur = (cents: number) => formatCents(cents);

test('the overview of a citizen with 300 claims shows every expected number, paged, with a constant number of queries', async () => {
  const c = await login(heavy);
  const base = `/${a.slug}/konto/finanzen`;
  const t0 = performance.now();
  const { result: res, queries } = await countQueries(t.db, () => c.get(base));
  const ms = performance.now() - t0;
  assert.equal(res.statusCode, 200);
  const body = res.body;
  assert.match(body, new RegExp(`Offene Forderungen</dt><dd class="kern-description-list-item__value">120 – zusammen ${eur(200_000)}`));
  assert.match(body, new RegExp(`Davon überfällig</dt><dd class="kern-description-list-item__value">40 – fällig und noch offen: ${eur(40_000)}`));
  assert.match(body, new RegExp(`Nächste Fälligkeit</dt><dd class="kern-description-list-item__value">15.02.2027: ${eur(16_000)}`));
  assert.match(body, /Erledigte Forderungen<\/dt><dd class="kern-description-list-item__value">180/);
  assert.match(body, /Offen \(120\)/);
  assert.match(body, /Erledigt \(180\)/);
  assert.match(body, /Alle \(300\)/);
  assert.equal(rowsOf(body, 'Nächste Fälligkeiten'), 5);
  assert.equal(rowsOf(body, 'Offene Forderungen'), 50, 'one page of 50');
  assert.equal((body.match(/überfällig seit 01.10.2026/g) ?? []).length, 40, 'the 40 overdue claims come first, in words');
  assert.match(body, /ansicht=offen&amp;seite=2">Nächste Seite/);
  assert.equal(rowsOf(body, 'Letzte Zahlungen'), 10);
  assert.match(body, /Bescheid erneut herunterladen<span class="kern-sr-only"> \(Kassenzeichen 26-6000001-0\)/);
  // Page 3 of the open claims holds the last 20; settled claims by year; the full payment history pages too.
  const p3 = await c.get(`${base}?ansicht=offen&seite=3`);
  assert.equal(rowsOf(p3.body, 'Offene Forderungen'), 20);
  assert.doesNotMatch(p3.body, /Nächste Seite/);
  const y2023 = await c.get(`${base}?ansicht=erledigt&jahr=2023`);
  assert.equal(rowsOf(y2023.body, 'Erledigte Forderungen 2023'), 30);
  assert.match(y2023.body, /<option value="2023" selected>2023<\/option>/);
  const hist = await c.get(`${base}/zahlungen?seite=4`);
  assert.equal(rowsOf(hist.body, 'Zahlungen, Seite 4'), 30);
  // No N+1: the light citizen's page (5 claims) costs exactly as many database calls as the page with 300 claims.
  const l = await login(light);
  const small = await countQueries(t.db, () => l.get(base));
  assert.equal(small.result.statusCode, 200);
  assert.equal(queries, small.queries, `queries for 300 claims (${queries}) = queries for 5 claims (${small.queries})`);
  assert.ok(queries <= 8, `few queries per page (${queries})`);
  assert.ok(ms < 3000, `rendered in ${Math.round(ms)} ms`);
});

test("a citizen sees only their own claims: another citizen's claim and notice answer 404", async () => {
  const own = await login(heavy);
  const other = await login(light);
  const page = await own.get(`/${a.slug}/konto/finanzen/forderung/${heavyClaim}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /26-6000001-0/);
  const pdf = await own.get(`/${a.slug}/konto/finanzen/forderung/${heavyClaim}/bescheid`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  assert.equal((await other.get(`/${a.slug}/konto/finanzen/forderung/${heavyClaim}`)).statusCode, 404);
  assert.equal((await other.get(`/${a.slug}/konto/finanzen/forderung/${heavyClaim}/bescheid`)).statusCode, 404);
  assert.doesNotMatch((await other.get(`/${a.slug}/konto/finanzen`)).body, /26-6000001-0/);
  assert.equal((await own.get(`/${a.slug}/konto/finanzen/forderung/not-a-uuid`)).statusCode, 404);
});

test('the demo citizen: start-page section, open, overdue and settled claims, payments, notices in the postbox', async () => {
  const c = await login(light);
  const start = await c.get(`/${a.slug}/konto`);
  assert.match(start.body, /Gebühren und Steuern: 3 offene Forderungen, davon 1 überfällig, nächste Fälligkeit 15.02.2027\./);
  const page = await c.get(`/${a.slug}/konto/finanzen?ansicht=alle`);
  assert.match(page.body, /Alle \(5\)/);
  assert.match(page.body, /Grundsteuer B 2027, Dorfstraße 12|Grundsteuer B 2027, Lindenweg 4/);
  assert.equal((page.body.match(/<span class="status-badge">erledigt<\/span>/g) ?? []).length, 2);
  assert.equal((page.body.match(/<span class="status-badge">überfällig seit 31.10.2026<\/span>/g) ?? []).length, 1);
  assert.equal(rowsOf(page.body, 'Letzte Zahlungen'), 5, 'four direct debits and one transfer');
  assert.equal((page.body.match(/Bescheid erneut herunterladen/g) ?? []).length, 5);
  const notices = await t.db.one<{ n: number }>(sql`select count(*)::int as n from postbox_documents where user_id = ${light.id} and kind = 'notice'`);
  assert.equal(notices!.n, 5);
  const credit = await t.db.one<{ credit_cents: number; state: string }>(sql`select c.credit_cents, c.state from finance_claims c join finance_debtors d on d.id = c.debtor_id where d.name = 'Jens Petersen' and c.type = 'hundesteuer'`);
  assert.deepEqual(credit, { credit_cents: 400, state: 'settled' });
  // The Art. 15 export lists the claims with their payments.
  const data = (await c.get(`/${a.slug}/konto/meine-daten.json`)).json() as { bereiche: { title: string; records: Record<string, unknown>[] }[] };
  const finance = data.bereiche.find((s) => s.title === 'Gebühren und Steuern');
  assert.equal(finance?.records.filter((r) => 'kassenzeichen' in r).length, 5);
});

test('staff and other municipalities do not see the page; a municipality without the module answers 404', async () => {
  const staff = await createUser(t.db, a, { kind: 'staff', roles: ['treasury'] });
  const s = new Client(t);
  await s.login(`/${a.slug}`, staff.email, staff.password);
  assert.equal((await s.get(`/${a.slug}/konto/finanzen`)).statusCode, 403);
  const off = await createTenant(t.db, { modules: ['catalog', 'forms', 'applications', 'account'] });
  const u = await createUser(t.db, off);
  const c = new Client(t);
  await c.login(`/${off.slug}`, u.email, u.password);
  assert.equal((await c.get(`/${off.slug}/konto/finanzen`)).statusCode, 404);
  assert.doesNotMatch((await c.get(`/${off.slug}/konto`)).body, /Gebühren und Steuern/);
});
