import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { MODULE_IDS, sql } from '../../kernel/index.ts';
import { seedCatalog, DEMO_FEES } from '../../demo/catalog.ts';
import { describeFee, feeFor, parseEuro } from './fees.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db);
  b = await createTenant(t.db);
  await t.db.transaction((tx) => seedCatalog(tx, a.id, 'amt-warnowtal'));
  await t.db.transaction((tx) => seedCatalog(tx, b.id, 'havelwerder'));
});
after(() => t.close());

async function search(slug: string, q: string): Promise<string[]> {
  const res = await t.app.inject({ url: `/api/v1/${slug}/services?q=${encodeURIComponent(q)}` });
  assert.equal(res.statusCode, 200);
  return (res.json().data as { slug: string }[]).map((s) => s.slug);
}

test('search finds services by prefix, inside compounds and despite typos', async () => {
  assert.equal((await search(a.slug, 'Meldebeschei'))[0], 'meldebescheinigung');
  assert.equal((await search(a.slug, 'Parkausweis'))[0], 'bewohnerparkausweis');
  assert.equal((await search(a.slug, 'Anwohnerparkausweis'))[0], 'bewohnerparkausweis');
  assert.equal((await search(a.slug, 'Hundesteur'))[0], 'hundesteuer-anmelden');
  assert.equal((await search(a.slug, 'kindergarten'))[0], 'kita-anmeldung');
  assert.equal((await search(a.slug, 'Gewerbe anmelden'))[0], 'gewerbeanmeldung');
  assert.deepEqual(await search(a.slug, 'Raumschiff'), []);
  assert.deepEqual(await search(a.slug, "'; drop table catalog_services; --"), []);
  assert.deepEqual(await search(a.slug, '!!!'), []);
});

test('without a query the most-used services come first', async () => {
  const res = await t.app.inject({ url: `/api/v1/${a.slug}/services` });
  const slugs = (res.json().data as { slug: string }[]).map((s) => s.slug);
  assert.deepEqual(slugs.slice(0, 3), ['meldebescheinigung', 'briefwahl', 'bewohnerparkausweis']);
  const page = await t.app.inject({ url: `/${a.slug}/leistungen` });
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.indexOf('Meldebescheinigung beantragen') < page.body.indexOf('Veranstaltung anmelden') || !page.body.includes('Veranstaltung anmelden'));
});

test('fees are the municipality\'s own and shown in German format', async () => {
  const pa = await t.app.inject({ url: `/${a.slug}/leistungen/geburtsurkunde` });
  const pb = await t.app.inject({ url: `/${b.slug}/leistungen/geburtsurkunde` });
  assert.match(pa.body, /7,00\u00a0€ für die erste Ausfertigung, jede weitere 7,00\u00a0€/);
  assert.match(pb.body, /12,00\u00a0€ für die erste Ausfertigung, jede weitere 6,00\u00a0€/);
  const park = await t.app.inject({ url: `/${b.slug}/leistungen/bewohnerparkausweis` });
  assert.match(park.body, /60,00\u00a0€ pro Jahr/);
  assert.match(park.body, /99108001000000/);
  const en = await t.app.inject({ url: `/${a.slug}/leistungen/bewohnerparkausweis?lang=en` });
  assert.match(en.body, /€30\.70 per year/);
});

test('Lebenslagen list their services; unknown ones and other municipalities\' slugs are 404', async () => {
  const res = await t.app.inject({ url: `/${a.slug}/leistungen/lebenslage/tiere` });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Hund zur Hundesteuer anmelden/);
  assert.doesNotMatch(res.body, /Gewerbe anmelden/);
  assert.equal((await t.app.inject({ url: `/${a.slug}/leistungen/lebenslage/gibtsnicht` })).statusCode, 404);
  assert.equal((await t.app.inject({ url: `/${a.slug}/leistungen/gibtsnicht` })).statusCode, 404);
  const other = await createTenant(t.db, { modules: MODULE_IDS.filter((m) => m !== 'catalog') });
  assert.equal((await t.app.inject({ url: `/${other.slug}/leistungen` })).statusCode, 404);
  assert.equal((await t.app.inject({ url: `/api/v1/${other.slug}/services` })).statusCode, 404);
});

test('an admin edits fees with exact cents; bad input and stale versions change nothing', async () => {
  const admin = await createUser(t.db, a, { kind: 'staff', roles: ['admin'] });
  const c = new Client(t);
  await c.login(`/${a.slug}`, admin.email, admin.password);
  const id = (await t.db.one<{ id: string; version: number }>(sql`select id, version from catalog_services where tenant_id = ${a.id} and slug = 'meldebescheinigung'`))!.id;
  let res = await c.get(`/${a.slug}/verwaltung/leistungen/${id}`);
  assert.equal(res.statusCode, 200);
  const form = { name: 'Meldebescheinigung beantragen', shortDescription: 'kurz', description: 'lang', keywords: '', leikaKey: '99115003012000', legalBasis: '§ 18 BMG', feeKind: 'fixed', amount: '8,40', amount2: '', exemptions: 'Rente\nSozialleistungen', processingTime: 'sofort', responsibleUnit: 'Bürgerbüro', contactEmail: 'bb@example.org', contactPhone: '', identityLevel: 'high', maturity: '3', published: 'ja', version: '1' };

  res = await c.post(`/${a.slug}/verwaltung/leistungen/${id}`, { ...form, amount: '8,405', leikaKey: '123', feeKind: 'bitcoin' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /LeiKa-Schlüssel hat genau 14 Ziffern/);
  assert.match(res.body, /Bitte wählen Sie einen Eintrag/);

  res = await c.post(`/${a.slug}/verwaltung/leistungen/${id}`, form);
  assert.equal(res.statusCode, 303);
  const row = await t.db.one<{ fee: { cents: number; exemptions: string[] }; version: number }>(sql`select fee, version from catalog_services where id = ${id}`);
  assert.equal(row!.fee.cents, 840);
  assert.deepEqual(row!.fee.exemptions, ['Rente', 'Sozialleistungen']);
  assert.equal(row!.version, 2);

  res = await c.post(`/${a.slug}/verwaltung/leistungen/${id}`, { ...form, amount: '99,00' });
  assert.equal(res.statusCode, 409, 'an edit based on version 1 is refused after version 2 exists');
  assert.match(res.body, /inzwischen geändert/);
  assert.equal((await t.db.one<{ fee: { cents: number } }>(sql`select fee from catalog_services where id = ${id}`))!.fee.cents, 840);

  // the other municipality's service cannot be opened or changed through this one
  const bId = (await t.db.one<{ id: string }>(sql`select id from catalog_services where tenant_id = ${b.id} and slug = 'meldebescheinigung'`))!.id;
  assert.equal((await c.get(`/${a.slug}/verwaltung/leistungen/${bId}`)).statusCode, 404);
  assert.equal((await c.post(`/${a.slug}/verwaltung/leistungen/${bId}`, { ...form, version: '1' })).statusCode, 404);
  const audit = await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${a.id} and action = 'catalog.service_updated'`);
  assert.equal(audit!.n, 1);
});

test('euro input is parsed to exact cents', () => {
  assert.equal(parseEuro('12,50'), 1250);
  assert.equal(parseEuro('1.234,5'), 123450);
  assert.equal(parseEuro('12.50'), 1250);
  assert.equal(parseEuro('0,07'), 7);
  assert.equal(parseEuro(' 30,70 € '), 3070);
  assert.equal(parseEuro('12,505'), undefined);
  assert.equal(parseEuro('-5'), undefined);
  assert.equal(parseEuro('1e3'), undefined);
  assert.equal(parseEuro('99999999'), undefined);
  assert.equal(feeFor({ kind: 'per_copy', firstCents: 1000, extraCents: 500 }, { copies: 3 }), 2000);
  assert.equal(feeFor({ kind: 'range', minCents: 1, maxCents: 2 }), undefined);
  assert.equal(describeFee({ kind: 'free' }, 'de'), 'gebührenfrei');
  assert.ok(DEMO_FEES['amt-warnowtal']!.parken !== DEMO_FEES.havelwerder!.parken);
});
