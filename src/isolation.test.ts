/**
 * Tenant isolation: a user of one municipality can neither read nor change anything of another,
 * through any route (pages and API). The route list comes from the running app, so a new route is
 * covered automatically.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from './testing/harness.ts';
import { createTenant, createUser } from './testing/factories.ts';
import { sql } from './kernel/db/sql.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
const clients: Record<string, Client> = {};

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Alphastadt' });
  b = await createTenant(t.db, { name: 'Betadorf' });
  const aAdmin = await createUser(t.db, a, { kind: 'staff', roles: ['admin', 'clerk', 'council_office', 'treasury', 'councillor'], name: 'Ada Alpha-Admin' });
  const aCitizen = await createUser(t.db, a, { kind: 'citizen', name: 'Carl Alpha-Bürger' });
  await createUser(t.db, b, { kind: 'staff', roles: ['admin'], name: 'Bea Beta-Admin', email: 'bea@beta.example' });
  await createUser(t.db, b, { kind: 'citizen', name: 'Bernd Beta-Bürger', email: 'bernd@beta.example' });
  for (const [k, u] of [['admin', aAdmin], ['citizen', aCitizen]] as const) {
    const c = new Client(t);
    const res = await c.login(`/${a.slug}`, u.email, u.password);
    assert.equal(res.statusCode, 303);
    clients[k] = c;
  }
});
after(() => t.close());

async function snapshotOf(tenantId: string): Promise<string> {
  const parts = await Promise.all([
    t.db.rows(sql`select slug, name, accent, phone, email, impressum, privacy, accessibility, active, version from tenants where id = ${tenantId}`),
    t.db.rows(sql`select module, enabled from tenant_modules where tenant_id = ${tenantId} order by module`),
    t.db.rows(sql`select email, display_name, password_hash, roles, disabled, email_verified_at from users where tenant_id = ${tenantId} order by email`),
    t.db.rows(sql`select count(*)::int as n from sessions where tenant_id = ${tenantId}`),
    t.db.rows(sql`select count(*)::int as n from user_tokens where tenant_id = ${tenantId}`),
    t.db.rows(sql`select count(*)::int as n from jobs where tenant_id = ${tenantId}`),
  ]);
  return JSON.stringify(parts);
}

function concrete(url: string, slug: string): string {
  return url
    .replace(':tenant', slug)
    .replace(/:([a-zA-Z]+)/g, '00000000-0000-0000-0000-000000000001')
    .replace('*', 'x');
}

test("no route shows or changes another municipality's data for a logged-in user of the first", async () => {
  const before = await snapshotOf(b.id);
  const routes = t.routes.filter((r) => r.url.includes(':tenant'));
  assert.ok(routes.length >= 20, `expected many tenant routes, got ${routes.length}`);
  const failures: string[] = [];
  for (const [who, c] of Object.entries(clients)) {
    // Fresh token for the user's own session (valid CSRF, so only authorization can stop the request).
    await c.get(`/${a.slug}`);
    for (const r of routes) {
      const url = concrete(r.url, b.slug);
      const res =
        r.method === 'GET'
          ? await c.get(url)
          : r.api
            ? await c.json(r.method, url, { modules: { account: false, council: false } })
            : await c.post(url, { email: 'probe@alpha.example', password: 'x', accent: 'rot', impressum: 'übernommen', module: 'finance' });
      const body = res.body;
      if (body.includes('Alpha-Admin') || body.includes('Alpha-Bürger')) failures.push(`${who} ${r.method} ${url}: shows the user as logged in`);
      if (body.includes('Bea Beta-Admin') || body.includes('Bernd Beta-Bürger') || body.includes('bea@beta.example') || body.includes('bernd@beta.example')) {
        failures.push(`${who} ${r.method} ${url}: shows another tenant's personal data`);
      }
      if (r.policy.name !== 'public' && res.statusCode < 300) failures.push(`${who} ${r.method} ${url}: ${res.statusCode} on a protected route`);
    }
  }
  assert.deepEqual(failures, []);
  assert.equal(await snapshotOf(b.id), before, "the other municipality's data is unchanged");
});

test('the same user does get their own pages (the test above can fail)', async () => {
  assert.equal((await clients.admin!.get(`/${a.slug}/verwaltung/einstellungen`)).statusCode, 200);
  assert.equal((await clients.citizen!.get(`/${a.slug}/konto`)).statusCode, 200);
  assert.equal((await clients.admin!.json('GET', `/api/v1/${a.slug}/admin/modules`)).statusCode, 200);
  assert.match((await clients.citizen!.get(`/${a.slug}`)).body, /Alpha-Bürger/);
});

test('a session cookie of one municipality is not accepted by the API of another', async () => {
  const c = clients.admin!;
  const res = await c.json('GET', `/api/v1/${b.slug}/admin/modules`);
  assert.equal(res.statusCode, 401);
  const put = await c.json('PUT', `/api/v1/${b.slug}/admin/modules`, { modules: { account: false } });
  assert.ok([401, 403].includes(put.statusCode));
  const mods = await t.db.one<{ enabled: boolean }>(sql`select enabled from tenant_modules where tenant_id = ${b.id} and module = 'account'`);
  assert.equal(mods!.enabled, true);
});

test('every table with municipal data carries a tenant_id with a foreign key', async () => {
  const platformTables = new Set(['tenants', 'schema_migrations', 'audit_heads', 'login_throttle', 'rate_limits']);
  const tables = await t.db.rows<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
  const missing: string[] = [];
  for (const { table_name } of tables) {
    if (platformTables.has(table_name)) continue;
    const fk = await t.db.one<{ n: number }>(sql`
      select count(*)::int as n from information_schema.key_column_usage k
      join information_schema.table_constraints c on c.constraint_name = k.constraint_name and c.table_name = k.table_name
      where k.table_name = ${table_name} and k.column_name = 'tenant_id' and c.constraint_type = 'FOREIGN KEY'`);
    if (!fk || fk.n === 0) missing.push(table_name);
  }
  assert.deepEqual(missing, []);
});
