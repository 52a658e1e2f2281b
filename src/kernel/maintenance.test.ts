import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../testing/harness.ts';
import { createTenant, createUser } from '../testing/factories.ts';
import { runMaintenance } from './maintenance.ts';
import { sql } from './db/sql.ts';

let t: TestPlatform;
before(async () => {
  t = await testPlatform();
});
after(() => t.close());

test('maintenance removes ended sessions but keeps live ones', async () => {
  const tenant = await createTenant(t.db);
  const u = await createUser(t.db, tenant);
  const old = new Client(t);
  await old.login(`/${tenant.slug}`, u.email, u.password);
  t.clock.advance(40 * 60_000);
  const fresh = new Client(t);
  await fresh.login(`/${tenant.slug}`, u.email, u.password);
  const policy = { idleMs: t.platform.config.sessionIdleMs, absoluteMs: t.platform.config.sessionAbsoluteMs };
  const r = await runMaintenance(t.db, t.clock.now(), policy);
  assert.equal(r.sessions, 1);
  assert.equal((await fresh.get(`/${tenant.slug}/konto`)).statusCode, 200);
  const n = await t.db.one<{ n: number }>(sql`select count(*)::int as n from sessions where user_id = ${u.id}`);
  assert.equal(n!.n, 1);
});

