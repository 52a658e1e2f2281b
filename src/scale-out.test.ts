/** Several stateless app nodes on one database: what one node changes, the others notice. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from './testing/harness.ts';
import { createTenant, createUser } from './testing/factories.ts';
import { buildPlatform } from './platform.ts';
import { FixedClock } from './kernel/clock.ts';

let t: TestPlatform;
before(async () => {
  t = await testPlatform();
});
after(() => t.close());

test('a second app node sees a module switched on the first within the refresh interval', async () => {
  const tenant = await createTenant(t.db);
  const admin = await createUser(t.db, tenant, { kind: 'staff', roles: ['admin'] });
  const clock2 = new FixedClock(t.clock.now());
  const node2 = await buildPlatform(t.platform.config, { db: t.db, clock: clock2, mail: t.mail });
  try {
    assert.equal((await node2.app.inject({ url: `/${tenant.slug}/registrieren` })).statusCode, 200);
    const c = new Client(t);
    await c.login(`/${tenant.slug}`, admin.email, admin.password);
    await c.get(`/${tenant.slug}/verwaltung/einstellungen`);
    const res = await c.post(`/${tenant.slug}/verwaltung/module`, { module: ['catalog', 'forms'] });
    assert.equal(res.statusCode, 303);
    assert.equal((await t.app.inject({ url: `/${tenant.slug}/registrieren` })).statusCode, 404, 'the node that made the change knows at once');
    clock2.advance(6_000);
    assert.equal((await node2.app.inject({ url: `/${tenant.slug}/registrieren` })).statusCode, 404, 'the other node after refresh');
  } finally {
    await node2.close();
  }
});

test('a session made on one node is valid on another (sessions live in the database)', async () => {
  const tenant = await createTenant(t.db);
  const u = await createUser(t.db, tenant);
  const node2 = await buildPlatform(t.platform.config, { db: t.db, clock: t.clock, mail: t.mail });
  try {
    const c = new Client(t);
    await c.login(`/${tenant.slug}`, u.email, u.password);
    const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await node2.app.inject({ url: `/${tenant.slug}/konto`, headers: { cookie } });
    assert.equal(res.statusCode, 200);
  } finally {
    await node2.close();
  }
});
