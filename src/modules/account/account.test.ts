import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { seedForms } from '../../demo/forms.ts';
import { seedCatalog } from '../../demo/catalog.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db);
  await t.db.transaction(async (tx) => {
    await seedCatalog(tx, a.id, 'havelwerder');
    await seedForms(tx, a.id, t.clock.now());
  });
});
after(() => t.close());

test('the citizen sees and downloads everything stored about them (Art. 15 DSGVO)', async () => {
  const u = await createUser(t.db, a, { name: 'Daten Transparenz' });
  const c = new Client(t);
  await c.login(`/${a.slug}`, u.email, u.password);
  await c.get(`/${a.slug}/formulare/bewohnerparkausweis`);
  await c.post(`/${a.slug}/formulare/bewohnerparkausweis`, { schritt: '0', revision: '1', aktion: 'speichern', name: 'Daten Transparenz' });
  const pageRes = await c.get(`/${a.slug}/konto/meine-daten`);
  assert.equal(pageRes.statusCode, 200);
  assert.match(pageRes.body, /Daten Transparenz/);
  assert.match(pageRes.body, /Entwurf/);
  const json = await c.get(`/${a.slug}/konto/meine-daten.json`);
  assert.match(String(json.headers['content-disposition']), /attachment/);
  const data = json.json();
  assert.equal(data.konto.email, u.email);
  assert.ok(data.bereiche.some((b: { records: { formular?: string }[] }) => b.records.some((r) => r.formular === 'Bewohnerparkausweis beantragen')));
  const other = await createUser(t.db, a, { name: 'Fremde Person' });
  assert.doesNotMatch(json.body, /Fremde Person/);
  void other;
});

test('an account without retention duties can be deleted with the password; drafts and sessions go with it', async () => {
  const u = await createUser(t.db, a);
  const c = new Client(t);
  await c.login(`/${a.slug}`, u.email, u.password);
  await c.get(`/${a.slug}/formulare/bewohnerparkausweis`);
  await c.get(`/${a.slug}/konto/loeschen`);
  let res = await c.post(`/${a.slug}/konto/loeschen`, { password: 'falsch' });
  assert.equal(res.statusCode, 422);
  res = await c.post(`/${a.slug}/konto/loeschen`, { password: u.password });
  assert.equal(res.statusCode, 303);
  const left = await t.db.one<{ users: number; drafts: number; sessions: number }>(sql`select
    (select count(*)::int from users where id = ${u.id}) as users,
    (select count(*)::int from form_drafts where user_id = ${u.id}) as drafts,
    (select count(*)::int from sessions where user_id = ${u.id}) as sessions`);
  assert.deepEqual(left, { users: 0, drafts: 0, sessions: 0 });
  assert.equal((await c.get(`/${a.slug}/konto`)).statusCode, 303);
  const audit = await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'user.deleted' and object_id = ${u.id}`);
  assert.equal(audit!.n, 1);
});

test('an account with applications under a retention duty is not deleted', async () => {
  const u = await createUser(t.db, a);
  const f = (await t.db.one<{ id: string; vid: string }>(sql`select f.id, v.id as vid from form_definitions f join form_versions v on v.form_id = f.id where f.tenant_id = ${a.id} limit 1`))!;
  const s = await t.db.one<{ id: string }>(sql`insert into form_submissions (tenant_id, user_id, form_id, form_version_id, data, idempotency_key, submitted_at) values (${a.id}, ${u.id}, ${f.id}, ${f.vid}, '{}'::jsonb, 'keep', now()) returning id`);
  await t.db.exec(sql`insert into applications (tenant_id, number, year, seq, user_id, submission_id, title, status, created_at, updated_at) values (${a.id}, 'ANT-2026-999999', 2026, 999999, ${u.id}, ${s!.id}, 'X', 'closed', now(), now())`);
  const c = new Client(t);
  await c.login(`/${a.slug}`, u.email, u.password);
  const pageRes = await c.get(`/${a.slug}/konto/loeschen`);
  assert.match(pageRes.body, /Aufbewahrungsfristen/);
  const res = await c.post(`/${a.slug}/konto/loeschen`, { password: u.password });
  assert.equal(res.statusCode, 409);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from users where id = ${u.id}`))!.n, 1);
});
