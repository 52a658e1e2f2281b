import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { MODULE_IDS } from '../tenancy/tenancy.ts';
import { sql } from '../db/sql.ts';

let t: TestPlatform;
let slug: string;
let tenantId: string;
before(async () => {
  t = await testPlatform();
  ({ slug, id: tenantId } = await createTenant(t.db, { name: '<b>Evil</b> & "Co"' }));
});
after(() => t.close());

test('every route Fastify knows declares a policy', () => {
  assert.ok(t.registered.length > 20);
  const missing = t.registered.filter((r) => !r.policy);
  assert.deepEqual(missing, []);
});

test('security headers on pages, assets, API answers and errors', async () => {
  for (const url of ['/', `/${slug}`, '/assets/app.css', '/api/v1/tenants', '/nirgendwo', `/${slug}/anmelden`]) {
    const res = await t.app.inject({ url });
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/, url);
    assert.match(csp, /script-src 'self'(;|$)/, url);
    assert.doesNotMatch(csp, /unsafe-inline/, url);
    assert.match(csp, /frame-ancestors 'none'/, url);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
    assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
    assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain http');
  }
  assert.equal((await t.app.inject({ url: `/${slug}/anmelden` })).headers['cache-control'], 'no-store');
});

test('HSTS and Secure cookies behind https', async () => {
  const s = await testPlatform({ BASE_URL: 'https://portal.example.de' });
  try {
    const { slug: sl } = await createTenant(s.db);
    const res = await s.app.inject({ url: `/${sl}/anmelden` });
    assert.match(String(res.headers['strict-transport-security']), /max-age=31536000/);
    assert.match(String(res.headers['set-cookie']), /__Host-amt_csrf=[^;]+; Path=\/; SameSite=Lax; HttpOnly; Secure/);
  } finally {
    await s.close();
  }
});

test('an unknown municipality gets a German 404 page with a reference number', async () => {
  const res = await t.app.inject({ url: '/gibt-es-nicht' });
  assert.equal(res.statusCode, 404);
  assert.match(res.headers['content-type'] as string, /text\/html/);
  assert.match(res.body, /Seite nicht gefunden/);
  assert.match(res.body, /Referenznummer: ([A-Z0-9]{4}-[A-Z0-9]{4})/);
  assert.equal(res.body.match(/Referenznummer: ([A-Z0-9-]{9})/)![1], res.headers['x-request-id']);
  const api = await t.app.inject({ url: '/api/v1/gibt-es-nicht' });
  assert.equal(api.statusCode, 404);
  assert.equal(api.json().error.title, 'Seite nicht gefunden');
});

test('a switched-off module answers 404 and leaves the navigation', async () => {
  const off = await createTenant(t.db, { modules: MODULE_IDS.filter((m) => m !== 'account') });
  const on = await t.app.inject({ url: `/${slug}` });
  assert.match(on.body, /Bürgerkonto/);
  for (const url of [`/${off.slug}/konto`, `/${off.slug}/registrieren`]) {
    const res = await t.app.inject({ url });
    assert.equal(res.statusCode, 404, url);
    assert.match(res.body, /nicht freigeschaltet/);
  }
  const start = await t.app.inject({ url: `/${off.slug}` });
  assert.equal(start.statusCode, 200);
  assert.doesNotMatch(start.body, /Bürgerkonto/);
  const login = await t.app.inject({ url: `/${off.slug}/anmelden` });
  assert.doesNotMatch(login.body, /registrieren/);
});

test('data is escaped in pages: a tenant name with markup shows as text', async () => {
  const res = await t.app.inject({ url: `/${slug}` });
  assert.match(res.body, /&lt;b&gt;Evil&lt;\/b&gt; &amp; &quot;Co&quot;/);
  assert.doesNotMatch(res.body, /<b>Evil/);
  const q = await t.app.inject({ url: `/${slug}/anmelden?zurueck=%22%3E%3Cscript%3Ealert(1)%3C/script%3E` });
  assert.doesNotMatch(q.body, /<script>alert/);
});

test('oversized, malformed and unsupported bodies get clear German errors and change nothing', async () => {
  const c = new Client(t);
  await c.get(`/${slug}/registrieren`);
  const big = await c.post(`/${slug}/registrieren`, { name: 'x'.repeat(300 * 1024) });
  assert.equal(big.statusCode, 413);
  assert.match(big.body, /Anfrage zu groß/);

  const admin = await createUser(t.db, { id: tenantId }, { kind: 'staff', roles: ['admin'] });
  const a = new Client(t);
  await a.login(`/${slug}`, admin.email, admin.password);
  await a.json('GET', `/api/v1/${slug}/admin/modules`);
  const bad = await t.app.inject({ method: 'PUT', url: `/api/v1/${slug}/admin/modules`, payload: '{"modules": ', headers: { 'content-type': 'application/json', cookie: [...a.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': a.csrf } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error.detail, /konnte nicht verarbeitet werden/);
  const wrong = await a.json('PUT', `/api/v1/${slug}/admin/modules`, { modules: { account: 'ja' } });
  assert.equal(wrong.statusCode, 422);
  const unknown = await a.json('PUT', `/api/v1/${slug}/admin/modules`, { modules: { account: false }, extra: 1 });
  assert.equal(unknown.statusCode, 422);
  const xml = await t.app.inject({ method: 'POST', url: `/${slug}/anmelden`, payload: '<x/>', headers: { 'content-type': 'application/xml' } });
  assert.equal(xml.statusCode, 415);
  assert.match(xml.body, /Format/);
  const mods = await t.db.rows(sql`select module from tenant_modules where tenant_id = ${tenantId} and enabled`);
  assert.equal(mods.length, MODULE_IDS.length);
});

test('admin switches modules through the API with CSRF; clerks may not', async () => {
  const admin = await createUser(t.db, { id: tenantId }, { kind: 'staff', roles: ['admin'] });
  const clerk = await createUser(t.db, { id: tenantId }, { kind: 'staff', roles: ['clerk'] });
  const a = new Client(t);
  await a.login(`/${slug}`, admin.email, admin.password);
  const get = await a.json('GET', `/api/v1/${slug}/admin/modules`);
  assert.equal(get.statusCode, 200);
  assert.equal(get.json().modules.council, true);
  const noToken = await a.json('PUT', `/api/v1/${slug}/admin/modules`, { modules: { council: false } }, { 'x-csrf-token': 'x' });
  assert.equal(noToken.statusCode, 403);
  const put = await a.json('PUT', `/api/v1/${slug}/admin/modules`, { modules: { council: false } });
  assert.equal(put.statusCode, 200);
  assert.deepEqual(put.json().changed, ['council']);
  assert.equal((await t.app.inject({ url: `/api/v1/${slug}` })).json().modules.includes('council'), false);
  const audit = await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${tenantId} and action = 'tenant.module_disabled'`);
  assert.equal(audit!.n, 1);

  const k = new Client(t);
  await k.login(`/${slug}`, clerk.email, clerk.password);
  assert.equal((await k.json('GET', `/api/v1/${slug}/admin/modules`)).statusCode, 403);
  assert.equal((await k.get(`/${slug}/verwaltung/einstellungen`)).statusCode, 403);
  assert.equal((await k.get(`/${slug}/verwaltung`)).statusCode, 200);
  await a.json('PUT', `/api/v1/${slug}/admin/modules`, { modules: { council: true } });
});

test('German by default, English on request; the choice sticks in a cookie', async () => {
  const c = new Client(t);
  let res = await c.get(`/${slug}`);
  assert.match(res.body, /<html lang="de">/);
  assert.match(res.body, /Willkommen im Bürgerportal/);
  res = await c.get(`/${slug}?lang=en`);
  assert.match(res.body, /<html lang="en">/);
  assert.doesNotMatch(res.body, /Willkommen im Bürgerportal/);
  res = await c.get(`/${slug}/impressum`);
  assert.match(res.body, /<html lang="en">/);
});

test('health endpoints answer', async () => {
  assert.deepEqual((await t.app.inject({ url: '/health/live' })).json(), { status: 'ok' });
  const h = (await t.app.inject({ url: '/health' })).json();
  assert.equal(h.status, 'ok');
  assert.ok(['pglite', 'postgres'].includes(h.database));
});

test('the operator console is for operators only', async () => {
  const op = await createUser(t.db, null, { kind: 'operator' });
  const staff = await createUser(t.db, { id: tenantId }, { kind: 'staff', roles: ['admin'] });
  const anon = await t.app.inject({ url: '/betrieb' });
  assert.equal(anon.statusCode, 303);
  assert.equal(anon.headers.location, '/betrieb/anmelden?zurueck=%2Fbetrieb');
  // staff credentials do not work in the platform area
  const s = new Client(t);
  assert.equal((await s.login('/betrieb', staff.email, staff.password)).statusCode, 401);
  const o = new Client(t);
  assert.equal((await o.login('/betrieb', op.email, op.password)).statusCode, 303);
  const res = await o.get('/betrieb');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, new RegExp(slug));
  assert.equal((await o.get('/betrieb/postausgang')).statusCode, 200);
  // an operator session is not a session inside a municipality
  assert.equal((await o.get(`/${slug}/verwaltung`)).statusCode, 303);
});

test('an internal error shows a German 500 page with a reference number and no details', async () => {
  const s = await testPlatform();
  try {
    await s.db.script('alter table tenants rename to tenants_gone');
    const page = await s.app.inject({ url: '/', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 500);
    assert.match(page.body, /Ein Fehler ist aufgetreten/);
    assert.match(page.body, /Referenznummer: [A-Z0-9]{4}-[A-Z0-9]{4}/);
    assert.doesNotMatch(page.body, /tenants|relation|stack|at /);
  } finally {
    await s.db.script('alter table tenants_gone rename to tenants');
    await s.close();
  }
});
