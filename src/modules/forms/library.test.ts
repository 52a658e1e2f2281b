import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { seedForms, PARKING_FORM } from '../../demo/forms.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let adminA: Client;
let adminB: Client;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Anbieterstadt' });
  b = await createTenant(t.db, { name: 'Nachnutzerdorf' });
  await t.db.transaction((tx) => seedForms(tx, a.id, t.clock.now()));
  for (const [tenant, set] of [[a, (c: Client) => (adminA = c)], [b, (c: Client) => (adminB = c)]] as const) {
    const u = await createUser(t.db, tenant, { kind: 'staff', roles: ['admin'] });
    const c = new Client(t);
    await c.login(`/${tenant.slug}`, u.email, u.password);
    set(c);
  }
});
after(() => t.close());

test('share → adopt with local bindings and provenance → upstream update offered and taken over', async () => {
  const formA = (await t.db.one<{ id: string }>(sql`select id from form_definitions where tenant_id = ${a.id} and key = 'bewohnerparkausweis'`))!.id;
  await adminA.get(`/${a.slug}/verwaltung/formulare/${formA}`);
  let res = await adminA.post(`/${a.slug}/verwaltung/formulare/${formA}/teilen`, {});
  assert.match(res.body, /Version 1 steht in der gemeinsamen Bibliothek/);

  res = await adminB.get(`/${b.slug}/verwaltung/formulare/bibliothek`);
  assert.match(res.body, /Bewohnerparkausweis beantragen/);
  assert.match(res.body, /Bereitgestellt von Anbieterstadt · Version 1/);
  const lib = res.body.match(/verwaltung\/formulare\/bibliothek\/([0-9a-f-]{36})/)![1]!;
  res = await adminB.post(`/${b.slug}/verwaltung/formulare/bibliothek/${lib}`, { [`key-${lib}`]: 'parkausweis', [`service-${lib}`]: 'bewohnerparkausweis' });
  assert.equal(res.statusCode, 303);
  const formB = await t.db.one<{ id: string; service_slug: string; upstream_version: number }>(sql`select id, service_slug, upstream_version from form_definitions where tenant_id = ${b.id} and key = 'parkausweis'`);
  assert.equal(formB!.service_slug, 'bewohnerparkausweis', 'own binding');
  assert.equal(formB!.upstream_version, 1);
  res = await adminB.post(`/${b.slug}/verwaltung/formulare/bibliothek/${lib}`, { [`key-${lib}`]: 'parkausweis', [`service-${lib}`]: '' });
  assert.equal(res.statusCode, 409, 'same key twice');

  // The publisher improves the form and shares version 2
  const v2 = { ...PARKING_FORM, title: 'Bewohnerparkausweis (überarbeitet)' };
  await adminA.post(`/${a.slug}/verwaltung/formulare/${formA}`, { basedOn: '1', definition: JSON.stringify(v2) });
  await adminA.post(`/${a.slug}/verwaltung/formulare/${formA}/teilen`, {});
  res = await adminB.get(`/${b.slug}/verwaltung/formulare`);
  assert.match(res.body, /neue Version 2 der Vorlage von Anbieterstadt/);
  res = await adminB.post(`/${b.slug}/verwaltung/formulare/${formB!.id}/aktualisieren`, {});
  assert.match(res.body, /neue Version der Vorlage ist übernommen/);
  const local = await t.db.one<{ title: string; version: number }>(sql`select definition->>'title' as title, version from form_versions where form_id = ${formB!.id} and status = 'published'`);
  assert.deepEqual(local, { title: 'Bewohnerparkausweis (überarbeitet)', version: 2 });
  res = await adminB.get(`/${b.slug}/verwaltung/formulare`);
  assert.doesNotMatch(res.body, /neue Version 2 der Vorlage/);
  // a municipality does not see its own forms as adoptable
  assert.doesNotMatch((await adminA.get(`/${a.slug}/verwaltung/formulare/bibliothek`)).body, /Bereitgestellt von Anbieterstadt/);
});

test('export and import as JSON; bad imports are refused and change nothing', async () => {
  const formA = (await t.db.one<{ id: string }>(sql`select id from form_definitions where tenant_id = ${a.id} and key = 'meldebescheinigung'`))!.id;
  const exp = await adminA.get(`/${a.slug}/verwaltung/formulare/${formA}/export.json`);
  const doc = exp.json();
  await adminB.get(`/${b.slug}/verwaltung/formulare/import`);
  let res = await adminB.post(`/${b.slug}/verwaltung/formulare/import`, { json: '{"format":"anders"}' });
  assert.equal(res.statusCode, 422);
  res = await adminB.post(`/${b.slug}/verwaltung/formulare/import`, { json: JSON.stringify({ ...doc, definition: { ...doc.definition, steps: [] } }) });
  assert.equal(res.statusCode, 422);
  res = await adminB.post(`/${b.slug}/verwaltung/formulare/import`, { json: JSON.stringify(doc) });
  assert.equal(res.statusCode, 303);
  const n = await t.db.one<{ n: number }>(sql`select count(*)::int as n from form_definitions where tenant_id = ${b.id} and key = 'meldebescheinigung'`);
  assert.equal(n!.n, 1);
  res = await adminB.post(`/${b.slug}/verwaltung/formulare/import`, { json: JSON.stringify(doc) });
  assert.equal(res.statusCode, 422, 'key already used');
});
