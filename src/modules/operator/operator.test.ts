import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';

let t: TestPlatform;
let op: Client;
before(async () => {
  t = await testPlatform();
  const u = await createUser(t.db, null, { kind: 'operator' });
  op = new Client(t);
  assert.equal((await op.login('/betrieb', u.email, u.password)).statusCode, 303);
});
after(() => t.close());

const valid = { name: 'Seedorf', kind: 'gemeinde', slug: 'seedorf', land: 'MV', ags: '13072950', ars: '130725599950', street: 'Dorfstraße 1', postalCode: '18249', city: 'Seedorf', adminEmail: 'Verwaltung@Seedorf.example' };

test('bad input for a new municipality: 422 with a message per field, nothing created', async () => {
  await op.get('/betrieb/kommunen/neu');
  const res = await op.post('/betrieb/kommunen/neu', { ...valid, slug: 'API', ags: '12063990', ars: '1307', postalCode: '1824', adminEmail: 'x', kind: 'dorf' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Kürzel darf nur Kleinbuchstaben/);
  assert.match(res.body, /AGS hat 8 Ziffern und beginnt mit der Kennziffer des Bundeslands \(13\)/);
  assert.match(res.body, /ARS hat 12 Ziffern/);
  assert.match(res.body, /Postleitzahl hat 5 Ziffern/);
  assert.match(res.body, /Bitte wählen Sie einen Eintrag/);
  const reserved = await op.post('/betrieb/kommunen/neu', { ...valid, slug: 'betrieb' });
  assert.match(reserved.body, /schon vergeben oder reserviert/);
  const n = await t.db.one<{ n: number }>(sql`select count(*)::int as n from tenants where name = 'Seedorf'`);
  assert.equal(n!.n, 0);
});

test('an operator creates a municipality; its administrator is invited, sets a password and manages it', async () => {
  await op.get('/betrieb/kommunen/neu');
  const res = await op.post('/betrieb/kommunen/neu', valid);
  assert.equal(res.statusCode, 303);
  const again = await op.post('/betrieb/kommunen/neu', { ...valid, ars: '130725599951', ags: '13072951' });
  assert.equal(again.statusCode, 422, 'slug taken');
  assert.match(again.body, /schon vergeben/);

  assert.equal((await t.app.inject({ url: '/seedorf' })).statusCode, 200);
  const mods = (await t.app.inject({ url: '/api/v1/seedorf' })).json().modules;
  assert.deepEqual(mods, ['catalog', 'account']);

  await t.platform.runJobs();
  const mail = t.mail.sent.at(-1)!;
  assert.equal(mail.to, 'verwaltung@seedorf.example');
  assert.match(mail.subject, /Zugang zur Verwaltung – Gemeinde Seedorf/);
  const link = new URL(t.mail.linkTo('verwaltung@seedorf.example'));
  const admin = new Client(t);
  await admin.get(link.pathname + link.search);
  const set = await admin.post('/seedorf/passwort-neu', { token: link.searchParams.get('token')!, password: 'Seedorf sagt Moin 2026', password2: 'Seedorf sagt Moin 2026' });
  assert.equal(set.statusCode, 303);
  assert.equal((await admin.login('/seedorf', 'verwaltung@seedorf.example', 'Seedorf sagt Moin 2026')).statusCode, 303);
  assert.equal((await admin.get('/seedorf/verwaltung/einstellungen')).statusCode, 200);
  const audit = await t.db.rows<{ action: string }>(sql`select action from audit_log where tenant_id = (select id from tenants where slug = 'seedorf') order by seq`);
  assert.deepEqual(audit.map((a) => a.action).slice(0, 2), ['tenant.created', 'user.created']);
});

test('switching a municipality off makes it unreachable, switching it on brings it back', async () => {
  const tenant = await createTenant(t.db);
  await op.get(`/betrieb/kommunen/${tenant.id}`);
  let res = await op.post(`/betrieb/kommunen/${tenant.id}/status`, { active: 'nein' });
  assert.equal(res.statusCode, 303);
  assert.equal((await t.app.inject({ url: `/${tenant.slug}` })).statusCode, 404);
  assert.doesNotMatch((await t.app.inject({ url: '/' })).body, new RegExp(tenant.slug));
  res = await op.post(`/betrieb/kommunen/${tenant.id}/status`, { active: 'ja' });
  assert.equal(res.statusCode, 303);
  assert.equal((await t.app.inject({ url: `/${tenant.slug}` })).statusCode, 200);
  res = await op.post(`/betrieb/kommunen/${tenant.id}/module`, { module: ['finance'] });
  assert.equal(res.statusCode, 303);
  assert.deepEqual((await t.app.inject({ url: `/api/v1/${tenant.slug}` })).json().modules, ['finance']);
  assert.equal((await op.get('/betrieb/kommunen/not-a-uuid')).statusCode, 404);
  assert.equal((await op.get('/betrieb/kommunen/00000000-0000-0000-0000-000000000000')).statusCode, 404);
});

test('staff and citizens cannot reach the operator console', async () => {
  const tenant = await createTenant(t.db);
  const staff = await createUser(t.db, tenant, { kind: 'staff', roles: ['admin'] });
  const c = new Client(t);
  await c.login(`/${tenant.slug}`, staff.email, staff.password);
  const res = await c.post('/betrieb/kommunen/neu', valid);
  assert.notEqual(res.statusCode, 200);
  assert.equal((await c.get('/betrieb/kommunen/neu')).statusCode, 303);
});
