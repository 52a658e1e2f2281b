import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql, type User } from '../../kernel/index.ts';
import { seedForms } from '../../demo/forms.ts';
import { startPayment } from './commands/payments.ts';
import { kassenzeichen, luhn, validKassenzeichen } from './kassenzeichen.ts';
import { merchantSecret, sign, type ProviderNotification } from './testkasse.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let user: User;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db);
  const u = await createUser(t.db, a);
  user = { id: u.id, tenantId: a.id, kind: 'citizen', email: u.email, displayName: 'X', passwordHash: '', emailVerified: true, roles: [], disabled: false };
  await t.db.transaction((tx) => seedForms(tx, a.id, t.clock.now()));
});
after(() => t.close());

async function newApplication(): Promise<string> {
  const f = (await t.db.one<{ id: string; vid: string }>(sql`select f.id, v.id as vid from form_definitions f join form_versions v on v.form_id = f.id where f.tenant_id = ${a.id} limit 1`))!;
  const key = `k${Math.random()}`;
  const s = await t.db.one<{ id: string }>(sql`insert into form_submissions (tenant_id, user_id, form_id, form_version_id, data, idempotency_key, submitted_at)
    values (${a.id}, ${user.id}, ${f.id}, ${f.vid}, '{}'::jsonb, ${key}, now()) returning id`);
  const n = Math.floor(Math.random() * 1e6);
  const app = await t.db.one<{ id: string }>(sql`insert into applications (tenant_id, number, year, seq, user_id, submission_id, title, status, fee_cents, created_at, updated_at)
    values (${a.id}, ${`T-${n}`}, 2026, ${n}, ${user.id}, ${s!.id}, 'Test', 'awaiting_payment', 1230, now(), now()) returning id`);
  return app!.id;
}

async function start(appId: string) {
  const res = await startPayment(t.platform, { tenantId: a.id, tenantSlug: a.slug, user, applicationId: appId, amountCents: 1230, purpose: 'Test', now: t.clock.now() });
  assert.ok('redirectUrl' in res);
  const txId = res.redirectUrl.split('/').pop()!;
  const pay = (await t.db.one<{ id: string; kassenzeichen: string }>(sql`select id, kassenzeichen from payments where provider_tx_id = ${txId}`))!;
  return { txId, ...pay };
}

function notification(txId: string, reference: string, o: Partial<ProviderNotification> = {}): ProviderNotification {
  return { notificationId: `n${Math.random().toString(16).slice(2)}`, txId, reference, amountCents: 1230, status: 'PAYED', method: 'GIROPAY', timestamp: t.clock.now().toISOString(), ...o };
}

async function post(n: ProviderNotification, signature = sign(merchantSecret(t.platform), n)) {
  return t.app.inject({ method: 'POST', url: '/zahlung/benachrichtigung', payload: n, headers: { 'x-testkasse-signature': signature } });
}

const statusOf = async (id: string) => (await t.db.one<{ status: string }>(sql`select status from payments where id = ${id}`))!.status;

test('forged, tampered and mismatching notifications change nothing', async () => {
  const p = await start(await newApplication());
  const n = notification(p.txId, p.kassenzeichen);
  assert.equal((await post(n, 'f'.repeat(64))).statusCode, 400);
  assert.equal((await post({ ...n, amountCents: 1 }, sign(merchantSecret(t.platform), n))).statusCode, 400, 'amount changed after signing');
  const cheap = notification(p.txId, p.kassenzeichen, { amountCents: 1 });
  assert.equal((await post(cheap)).json().outcome, 'mismatch', 'signed but wrong amount');
  const old = notification(p.txId, p.kassenzeichen, { timestamp: new Date(t.clock.now().getTime() - 2 * 3_600_000).toISOString() });
  assert.equal((await post(old)).json().outcome, 'stale');
  assert.equal((await t.app.inject({ method: 'POST', url: '/zahlung/benachrichtigung', payload: '{"x":1}', headers: { 'content-type': 'application/json' } })).statusCode, 400);
  assert.equal(await statusOf(p.id), 'INITIAL');
});

test('a valid notification applies once; replays and later notifications do nothing', async () => {
  const appId = await newApplication();
  const p = await start(appId);
  const n = notification(p.txId, p.kassenzeichen);
  let res = await post(n);
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().outcome, 'applied');
  assert.equal(await statusOf(p.id), 'PAYED');
  res = await post(n);
  assert.equal(res.json().outcome, 'duplicate');
  res = await post(notification(p.txId, p.kassenzeichen, { status: 'CANCELED' }));
  assert.equal(res.json().outcome, 'final');
  assert.equal(await statusOf(p.id), 'PAYED');
  const app = await t.db.one<{ status: string; paid: boolean }>(sql`select status, paid from applications where id = ${appId}`);
  assert.deepEqual(app, { status: 'received', paid: true });
  const again = await startPayment(t.platform, { tenantId: a.id, tenantSlug: a.slug, user, applicationId: appId, amountCents: 1230, purpose: 'Test', now: t.clock.now() });
  assert.ok('alreadyPaid' in again, 'no second charge');
  const audit = await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'payment.status_changed' and object_id = ${p.id}`);
  assert.equal(audit!.n, 1);
});

test('a lost notification is caught up by the status query job', async () => {
  const appId = await newApplication();
  const p = await start(appId);
  await t.db.exec(sql`update testkasse_transactions set status = 'PAYED' where id = ${p.txId}`); // paid, but the notification is lost
  t.clock.advance(16 * 60_000);
  await t.platform.runJobs();
  assert.equal(await statusOf(p.id), 'PAYED');
  assert.equal((await t.db.one<{ status: string }>(sql`select status from applications where id = ${appId}`))!.status, 'received');
});

test('Kassenzeichen carry a check digit that catches typos', () => {
  const kz = kassenzeichen(2026, 1234);
  assert.equal(kz, `26-0001234-${luhn('260001234')}`);
  assert.ok(validKassenzeichen(kz));
  assert.ok(validKassenzeichen(kz.replace(/-/g, ' ')));
  const digits = kz.replace(/-/g, '');
  for (let i = 0; i < 9; i++) {
    const wrong = digits.slice(0, i) + String((Number(digits[i]) + 1) % 10) + digits.slice(i + 1);
    assert.ok(!validKassenzeichen(wrong), `one wrong digit at ${i}`);
  }
  assert.ok(!validKassenzeichen('26-0001234'));
});

test('pay after the decision: the fee is due only once the application is approved', async () => {
  const { setPolicy } = await import('./repository.ts');
  const { Client } = await import('../../testing/harness.ts');
  const appId = await newApplication();
  await t.db.exec(sql`update applications set status = 'in_progress', service_slug = 'veranstaltung-anmelden' where id = ${appId}`);
  await t.db.transaction((tx) => setPolicy(tx, a.id, 'veranstaltung-anmelden', 'after'));
  const login = await createUser(t.db, a);
  await t.db.exec(sql`update applications set user_id = ${login.id} where id = ${appId}`);
  const c = new Client(t);
  await c.login(`/${a.slug}`, login.email, login.password);
  let page = await c.get(`/${a.slug}/konto/antraege/${appId}`);
  assert.doesNotMatch(page.body, /Jetzt online bezahlen/, 'nothing to pay before the decision');
  const early = await c.post(`/${a.slug}/konto/antraege/${appId}/bezahlen`, {});
  assert.equal(early.headers.location, `/${a.slug}/konto/antraege/${appId}`, 'no payment can be started yet');
  await t.db.exec(sql`update applications set status = 'decided', decision = 'approved' where id = ${appId}`);
  page = await c.get(`/${a.slug}/konto/antraege/${appId}`);
  assert.match(page.body, /Jetzt online bezahlen/);
  const res = await c.post(`/${a.slug}/konto/antraege/${appId}/bezahlen`, {});
  assert.match(String(res.headers.location), /\/testkasse\/zahlung\/TK/);
});
