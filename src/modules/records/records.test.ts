import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { addDocument, closeFile, openFile } from './index.ts';
import { codeFitsParent, parsePlanItemForm } from './schema.ts';
import { retentionOf } from './repository.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let registry: Client;
let clerk: Client;
let lead: Client;
let otherClerk: Client;
let citizen: Client;

async function login(tenant: { id: string; slug: string }, o: Parameters<typeof createUser>[2]): Promise<Client> {
  const u = await createUser(t.db, tenant, o);
  const c = new Client(t);
  const res = await c.login(`/${tenant.slug}`, u.email, u.password);
  assert.equal(res.statusCode, 303);
  return c;
}

const planId = async (tenantId: string, code: string) => (await t.db.one<{ id: string }>(sql`select id from records_plan_items where tenant_id = ${tenantId} and code = ${code}`))?.id;

async function savePlan(c: Client, form: Record<string, string>, id = 'neu') {
  await c.get(`/${a.slug}/verwaltung/akten/plan/${id}`);
  return c.post(`/${a.slug}/verwaltung/akten/plan/${id}`, { parent: '', years: '', action: '', ...form });
}

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Alphastadt' });
  b = await createTenant(t.db, { name: 'Betadorf' });
  registry = await login(a, { kind: 'staff', roles: ['records'], name: 'Rita Registratur' });
  clerk = await login(a, { kind: 'staff', roles: ['clerk'], name: 'Sven Sachbearbeiter' });
  lead = await login(a, { kind: 'staff', roles: ['lead'], name: 'Lea Leitung' });
  otherClerk = await login(b, { kind: 'staff', roles: ['clerk', 'records', 'admin'], name: 'Bea Beta' });
  citizen = await login(a, { kind: 'citizen', name: 'Carla Citizen' });
});
after(() => t.close());

test('plan item rules: code format, prefix of the parent, own retention at the top', () => {
  assert.ok(codeFitsParent('32.10', '32'));
  assert.ok(codeFitsParent('32', '3'));
  assert.ok(codeFitsParent('32.10.5', '32.10'));
  assert.ok(!codeFitsParent('33.10', '32'));
  assert.ok(!codeFitsParent('32.100', '32.10'));
  assert.ok(!codeFitsParent('3', '32'));
  assert.match(parsePlanItemForm({ code: '32-10', title: 'x', years: '10', action: 'delete' }).errors.code ?? '', /Zahlen, durch Punkte getrennt/);
  assert.match(parsePlanItemForm({ code: '1.2.3.4.5.6.7', title: 'x', years: '10', action: 'delete' }).errors.code ?? '', /höchstens sechs Stufen/);
  assert.match(parsePlanItemForm({ code: '32', title: '', years: '10', action: 'delete' }).errors.title ?? '', /Bezeichnung/);
  assert.match(parsePlanItemForm({ code: '32', title: 'x', years: '300', action: 'delete' }).errors.years ?? '', /zwischen 0 und 200/);
  assert.match(parsePlanItemForm({ code: '32', title: 'x', years: '10', action: '' }).errors.action ?? '', /was nach Ablauf/);
  assert.match(parsePlanItemForm({ code: '32', title: 'x', years: '', action: '' }).errors.years ?? '', /oberste Gruppe/);
  assert.deepEqual(parsePlanItemForm({ code: '32', title: 'Ordnung', years: '10', action: 'delete' }).input, { code: '32', title: 'Ordnung', parentId: null, retentionYears: 10, retentionAction: 'delete' });
});

test('the Registratur keeps the file plan: German errors for duplicates, foreign prefixes and cycles; retention is inherited', async () => {
  let res = await savePlan(registry, { code: '3', title: 'Recht, Sicherheit und Ordnung', years: '10', action: 'delete' });
  assert.equal(res.statusCode, 303);
  const top = (await planId(a.id, '3'))!;
  res = await savePlan(registry, { code: '32', title: 'Öffentliche Ordnung', parent: top });
  assert.equal(res.statusCode, 303, 'a sub-item may inherit');
  const mid = (await planId(a.id, '32'))!;
  res = await savePlan(registry, { code: '32.10', title: 'Gewerbe', parent: mid });
  assert.equal(res.statusCode, 303);
  res = await savePlan(registry, { code: '32.20', title: 'Straßenverkehr', parent: mid, years: '6', action: 'archive' });
  assert.equal(res.statusCode, 303);

  res = await savePlan(registry, { code: '32', title: 'Doppelt', parent: top });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Das Kennzeichen 32 ist bereits vergeben/);
  assert.match(res.body, /error-summary/);
  res = await savePlan(registry, { code: '41.10', title: 'Falsche Gruppe', parent: mid });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /muss mit dem der übergeordneten Gruppe beginnen/);
  assert.match(res.body, /value="Falsche Gruppe"/, 'the form keeps the input');
  res = await savePlan(registry, { code: '5', title: 'Ohne Frist' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /oberste Gruppe braucht eine eigene Aufbewahrungsfrist/);
  res = await savePlan(registry, { code: '32.30', title: 'Unbekannte Gruppe', parent: '00000000-0000-0000-0000-000000000001' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /übergeordnete Gruppe gibt es nicht/);

  // No cycles: "3" cannot move below its own grandchild, and a used code stays.
  res = await savePlan(registry, { code: '3', title: 'Recht', parent: (await planId(a.id, '32.10'))!, years: '10', action: 'delete' }, top);
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /nicht unter sich selbst oder einem seiner Unterpunkte/);
  res = await savePlan(registry, { code: '4', title: 'Recht', years: '10', action: 'delete' }, top);
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /kann nicht mehr geändert werden/);
  res = await savePlan(registry, { code: '3', title: 'Recht, Sicherheit und Ordnung', years: '12', action: 'delete' }, top);
  assert.equal(res.statusCode, 303, 'the retention of a used item may change');

  assert.deepEqual(await retentionOf(t.db, a.id, (await planId(a.id, '32.10'))!), { years: 12, action: 'delete' }, 'inherited from the top group');
  assert.deepEqual(await retentionOf(t.db, a.id, (await planId(a.id, '32.20'))!), { years: 6, action: 'archive' }, 'its own rule wins');
  const tree = await registry.get(`/${a.slug}/verwaltung/akten/plan`);
  assert.equal(tree.statusCode, 200);
  assert.match(tree.body, /<strong>32.10<\/strong> Gewerbe<\/a>[\s\S]*?12 Jahre, dann vernichten \(löschen\) \(übernommen\)/);
  const audits = await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${a.id} and action like 'records.plan_item_%'`);
  assert.equal(audits!.n, 5);

  assert.equal((await clerk.get(`/${a.slug}/verwaltung/akten/plan`)).statusCode, 403, 'clerks do not edit the plan');
  assert.equal((await lead.post(`/${a.slug}/verwaltung/akten/plan/neu`, { code: '9', title: 'x', years: '1', action: 'delete' })).statusCode, 403);
});

test('clerks open and close files; the Aktenzeichen follows the plan and the closing year starts the retention', async () => {
  const item = (await planId(a.id, '32.10'))!;
  await clerk.get(`/${a.slug}/verwaltung/akten/neu`);
  let res = await clerk.post(`/${a.slug}/verwaltung/akten/neu`, { plan: item, title: '' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Bitte geben Sie den Titel der Akte an/);
  res = await clerk.post(`/${a.slug}/verwaltung/akten/neu`, { plan: item, title: 'Gaststätte Zum Anker' });
  assert.equal(res.statusCode, 303);
  const fileUrl = String(res.headers.location);
  const page = await clerk.get(fileUrl);
  assert.match(page.body, /32\.10-2026-000001/);
  assert.match(page.body, /12 Jahre nach Ende des Abschlussjahres/);
  const list = await lead.get(`/${a.slug}/verwaltung/akten?q=Anker`);
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Gaststätte Zum Anker/);
  assert.doesNotMatch((await lead.get(`/${a.slug}/verwaltung/akten?q=Nichts`)).body, /Gaststätte Zum Anker/);
  assert.equal((await lead.post(`${fileUrl}/abschliessen`, {})).statusCode, 403, 'the lead reads but does not close');

  res = await clerk.post(`${fileUrl}/abschliessen`, {});
  assert.equal(res.statusCode, 303);
  const f = await t.db.one<{ status: string; disposal_due: string }>(sql`select status, disposal_due from records_files where id = ${fileUrl.split('/').pop()!}`);
  assert.deepEqual(f, { status: 'closed', disposal_due: '2039-01-01' }, 'closed in 2026 + 12 years → due on 1 January 2039');
  assert.equal((await clerk.post(`${fileUrl}/abschliessen`, {})).statusCode, 409);
  assert.match((await clerk.get(`${fileUrl}/dokumente/neu`)).body, /abgeschlossene Akte/);

  // A file closed on New Year's Eve in Berlin (already 2027 there, still 2026 in UTC) counts from 2027.
  t.clock.advance(new Date('2026-12-31T23:30:00Z').getTime() - t.clock.now().getTime());
  const late = await t.db.transaction((tx) => openFile(tx, { tenantId: a.id, planItemId: item, title: 'Silvester', actorId: null, now: t.clock.now() }));
  assert.match(late.number, /^32\.10-2027-/);
  assert.ok(await t.db.transaction((tx) => closeFile(tx, { tenantId: a.id, fileId: late.id, actorId: null, now: t.clock.now() })));
  assert.equal((await t.db.one<{ d: string }>(sql`select disposal_due as d from records_files where id = ${late.id}`))!.d, '2040-01-01');
  t.clock.advance(new Date('2026-11-21T10:00:00Z').getTime() - t.clock.now().getTime());
});

test('navigation: the administration page links the E-Akte by role', async () => {
  const page = await registry.get(`/${a.slug}/verwaltung`);
  assert.match(page.body, /href="\/[^"]+\/verwaltung\/akten"/);
  assert.match(page.body, /Aktenplan/);
  assert.match(page.body, /Aussonderung/);
  const clerkPage = await clerk.get(`/${a.slug}/verwaltung`);
  assert.match(clerkPage.body, /E-Akte/);
  assert.doesNotMatch(clerkPage.body, /Aussonderung/);
  assert.equal((await citizen.get(`/${a.slug}/verwaltung/akten`)).statusCode, 403);
});

test("another municipality's clerk gets 404 for files, documents, downloads and exports", async () => {
  const item = (await planId(a.id, '32.20'))!;
  const { file, doc } = await t.db.transaction(async (tx) => {
    const f = await openFile(tx, { tenantId: a.id, planItemId: item, title: 'Parkausweis Geheim', actorId: null, now: t.clock.now() });
    const d = await addDocument(tx, { tenantId: a.id, fileId: f.id, title: 'Antrag Parkausweis', direction: 'incoming', documentDate: '2026-11-20', content: { name: 'antrag.txt', mime: 'text/plain; charset=utf-8', bytes: Buffer.from('Antrag auf Bewohnerparkausweis'), text: 'Antrag auf Bewohnerparkausweis' }, actorId: null, now: t.clock.now() });
    return { file: f, doc: d };
  });
  const own = await clerk.get(`/${a.slug}/verwaltung/akten/${file.id}`);
  assert.equal(own.statusCode, 200, 'the test can fail: the own clerk sees it');
  await otherClerk.get(`/${b.slug}/verwaltung/akten`);
  for (const url of [`/${b.slug}/verwaltung/akten/${file.id}`, `/${b.slug}/verwaltung/akten/dokumente/${doc.documentId}`, `/${b.slug}/verwaltung/akten/dokumente/${doc.documentId}/fassungen/1`, `/${b.slug}/verwaltung/akten/${file.id}/einsicht/neu`]) {
    const res = await otherClerk.get(url);
    assert.equal(res.statusCode, 404, url);
    assert.doesNotMatch(res.body, /Parkausweis Geheim/);
  }
  for (const url of [`/${b.slug}/verwaltung/akten/${file.id}/export`, `/${b.slug}/verwaltung/akten/${file.id}/abschliessen`]) {
    const res = await otherClerk.post(url, {});
    assert.equal(res.statusCode, 404, url);
  }
  // Search is tenant-scoped too.
  assert.doesNotMatch((await otherClerk.get(`/${b.slug}/verwaltung/akten/suche?q=Bewohnerparkausweis`)).body, /Antrag Parkausweis/);
  assert.match((await clerk.get(`/${a.slug}/verwaltung/akten/suche?q=Bewohnerparkausweise`)).body, /Antrag Parkausweis/);
  const audits = await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${a.id} and action = 'records.file_exported'`);
  assert.equal(audits!.n, 0);
});

test('every E-Akte route answers anonymous visitors and other municipalities without errors and without data', async () => {
  const item = (await planId(a.id, '32.20'))!;
  const ids = await t.db.transaction(async (tx) => {
    const f = await openFile(tx, { tenantId: a.id, planItemId: item, title: 'Walk Geheimakte', actorId: null, now: t.clock.now() });
    const d = await addDocument(tx, { tenantId: a.id, fileId: f.id, title: 'Walk Dokument', direction: 'internal', documentDate: '2026-11-20', content: { name: 'w.txt', mime: 'text/plain; charset=utf-8', bytes: Buffer.from('Walk Inhalt'), text: 'Walk Inhalt' }, actorId: null, now: t.clock.now() });
    return { file: f.id, doc: d.documentId };
  });
  const cit = await t.db.one<{ id: string }>(sql`select id from users where tenant_id = ${a.id} and kind = 'citizen' limit 1`);
  const insp = await t.db.one<{ id: string }>(sql`insert into records_inspections (tenant_id, file_id, grantee_user_id, valid_from, valid_until, granted_by, granted_at)
    select ${a.id}, ${ids.file}, ${cit!.id}, now(), now() + interval '10 days', id, now() from users where tenant_id = ${a.id} and kind = 'staff' limit 1 returning id`);
  const disp = await t.db.one<{ id: string }>(sql`insert into records_disposals (tenant_id, file_id, action, status, proposed_at) values (${a.id}, ${ids.file}, 'delete', 'proposed', now()) returning id`);
  const routes = t.routes.filter((r) => r.url.includes('/verwaltung/akten') || r.url.includes('/konto/akteneinsicht'));
  assert.ok(routes.length >= 25, `expected the E-Akte routes, got ${routes.length}`);
  const fill = (url: string, slug: string) =>
    url.replace(':tenant', slug).replace(/akten\/plan\/:id/, `akten/plan/${item}`).replace(/aussonderung\/:id/, `aussonderung/${disp!.id}`).replace(/einsicht\/:id/, `einsicht/${insp!.id}`)
      .replace(/dokumente\/:id/, `dokumente/${ids.doc}`).replace(':doc', ids.doc).replace(':version', '1').replace(':id', ids.file);
  const anonymous = new Client(t);
  await anonymous.get(`/${a.slug}`);
  const foreignCitizen = new Client(t);
  const fc = await createUser(t.db, b, { kind: 'citizen', name: 'Fremde Bürgerin' });
  await foreignCitizen.login(`/${b.slug}`, fc.email, fc.password);
  const failures: string[] = [];
  for (const [who, c, slug] of [['anonymous', anonymous, a.slug], ['foreign staff', otherClerk, b.slug], ['foreign citizen', foreignCitizen, b.slug], ['foreign staff on the first town', otherClerk, a.slug]] as const) {
    for (const r of routes) {
      const url = fill(r.url, slug);
      const res = r.method === 'GET' ? await c.get(url) : await c.post(url, { decision: 'approve', code: '1', title: 'x', years: '1', action: 'delete', email: 'x@example.org', documents: ids.doc });
      if (res.statusCode >= 500) failures.push(`${who} ${r.method} ${url}: ${res.statusCode}`);
      if (res.statusCode < 300 && url.includes(ids.file)) failures.push(`${who} ${r.method} ${url}: ${res.statusCode}`);
      if (/Walk (Geheimakte|Dokument|Inhalt)/.test(res.body)) failures.push(`${who} ${r.method} ${url}: shows data`);
    }
  }
  assert.deepEqual(failures, []);
  assert.equal((await t.db.one<{ status: string }>(sql`select status from records_disposals where id = ${disp!.id}`))!.status, 'proposed');
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from records_access_log where document_id = ${ids.doc}`))!.n, 0);
  // The same pages work for the town's own staff (the walk above can fail).
  assert.equal((await registry.get(fill(`/:tenant/verwaltung/akten/aussonderung/:id`, a.slug))).statusCode, 200);
  assert.match((await clerk.get(fill(`/:tenant/verwaltung/akten/:id`, a.slug))).body, /Walk Geheimakte/);
});
