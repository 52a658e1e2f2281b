// Commands of the finance module on a real database: Kassenzeichen, instalments, bookings, returns, idempotency, notices,
// and the online payment of an application fee becoming a booking exactly once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql, type User } from '../../kernel/index.ts';
import { seedForms } from '../../demo/forms.ts';
import { startPayment, validKassenzeichen } from '../payments/index.ts';
import { merchantSecret, sign, type ProviderNotification } from '../payments/testkasse.ts';
import { bookOnlinePayment, bookPayment, createClaim, FINANCE_KZ_OFFSET, issueNotice, quarterlyDates, reverseBooking, splitEvenly, type CreateClaim } from './index.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let citizen: User;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db);
  b = await createTenant(t.db);
  const u = await createUser(t.db, a, { name: 'Berta Bürgerin' });
  citizen = { id: u.id, tenantId: a.id, kind: 'citizen', email: u.email, displayName: 'Berta Bürgerin', passwordHash: '', emailVerified: true, roles: [], disabled: false };
  await t.db.transaction((tx) => seedForms(tx, a.id, t.clock.now()));
});
after(() => t.close());

const now = () => t.clock.now();

async function newClaim(o: Partial<CreateClaim> & { tenantId?: string } = {}) {
  const res = await t.db.transaction((tx) =>
    createClaim(tx, {
      tenantId: a.id,
      actorId: null,
      actorKind: 'system',
      now: now(),
      debtor: { kind: 'person', name: 'Erika Muster', street: 'Markt 1', postalCode: '14712', city: 'Teststadt', userId: null },
      type: 'grundsteuer',
      title: 'Grundsteuer B 2027, Markt 1',
      year: 2027,
      instalments: splitEvenly(41_234, quarterlyDates(2027)),
      source: 'staff',
      ...o,
    }),
  );
  assert.ok(res.ok);
  return res;
}

const claimRow = (id: string) =>
  t.db.one<{ state: string; amount_cents: number; open_cents: number; credit_cents: number; next_due_date: string | null }>(sql`select state, amount_cents, open_cents, credit_cents, next_due_date from finance_claims where id = ${id}`);
const instalmentRows = (id: string) => t.db.rows<{ seq: number; open_cents: number; state: string }>(sql`select seq, open_cents, state from finance_instalments where claim_id = ${id} order by seq`);
const bookingCount = (claimId: string) => t.db.one<{ n: number }>(sql`select count(*)::int as n from finance_bookings where claim_id = ${claimId}`).then((r) => r!.n);

const book = (claimId: string, cents: number, key: string) =>
  t.db.transaction((tx) => bookPayment(tx, { tenantId: a.id, claimId, cents, source: 'bank', sourceKey: key, reference: 'Test', valueDate: '2027-02-20', actorId: null, actorKind: 'system', now: now() }));

test('a claim gets its instalments and a Kassenzeichen with check digit from a per-tenant sequence', async () => {
  const first = await newClaim();
  const second = await newClaim();
  const other = await newClaim({ tenantId: b.id });
  for (const r of [first, second, other]) assert.ok(validKassenzeichen(r.kassenzeichen), r.kassenzeichen);
  const seq = (kz: string) => Number(kz.slice(3, 10));
  assert.equal(seq(second.kassenzeichen), seq(first.kassenzeichen) + 1, 'consecutive in one tenant');
  assert.equal(seq(other.kassenzeichen), FINANCE_KZ_OFFSET + 1, 'the other tenant has its own sequence');
  assert.equal(first.kassenzeichen.slice(0, 2), '26', 'year of issue');
  const inst = await t.db.rows<{ due_date: string; amount_cents: number }>(sql`select due_date, amount_cents from finance_instalments where claim_id = ${first.claimId} order by seq`);
  assert.deepEqual(inst, [
    { due_date: '2027-02-15', amount_cents: 10_310 },
    { due_date: '2027-05-15', amount_cents: 10_308 },
    { due_date: '2027-08-15', amount_cents: 10_308 },
    { due_date: '2027-11-15', amount_cents: 10_308 },
  ]);
  assert.deepEqual(await claimRow(first.claimId), { state: 'open', amount_cents: 41_234, open_cents: 41_234, credit_cents: 0, next_due_date: '2027-02-15' });
  // Concurrent claims never share a number.
  const many = await Promise.all(Array.from({ length: 20 }, () => newClaim()));
  assert.equal(new Set(many.map((m) => m.kassenzeichen)).size, 20);
  // A given Kassenzeichen that is already used is not taken twice.
  const taken = await newClaim({ kassenzeichen: first.kassenzeichen });
  assert.notEqual(taken.kassenzeichen, first.kassenzeichen);
  // Invalid input changes nothing.
  const before = await t.db.one<{ n: number }>(sql`select count(*)::int as n from finance_claims where tenant_id = ${a.id}`);
  const bad = await t.db.transaction((tx) => createClaim(tx, { tenantId: a.id, actorId: null, actorKind: 'system', now: now(), debtor: { id: first.debtorId }, type: 'fee', title: 'X1', year: 2027, instalments: [{ dueDate: '2027-02-30', amountCents: 100 }], source: 'staff' }));
  assert.deepEqual(bad, { ok: false, reason: 'invalid' });
  const otherDebtor = await t.db.transaction((tx) => createClaim(tx, { tenantId: a.id, actorId: null, actorKind: 'system', now: now(), debtor: { id: other.debtorId }, type: 'fee', title: 'X1', year: 2027, instalments: [{ dueDate: '2027-02-15', amountCents: 100 }], source: 'staff' }));
  assert.deepEqual(otherDebtor, { ok: false, reason: 'debtor_not_found' }, "another tenant's debtor is not found");
  assert.deepEqual(await t.db.one(sql`select count(*)::int as n from finance_claims where tenant_id = ${a.id}`), before);
});

test('payments go to the oldest instalment first, overpayment stays as credit, a return reopens', async () => {
  const c = await newClaim();
  let r = await book(c.claimId, 15_000, 'bank:e1');
  assert.ok(r.ok && !r.duplicate);
  assert.deepEqual(await instalmentRows(c.claimId), [
    { seq: 1, open_cents: 0, state: 'settled' },
    { seq: 2, open_cents: 5_618, state: 'open' },
    { seq: 3, open_cents: 10_308, state: 'open' },
    { seq: 4, open_cents: 10_308, state: 'open' },
  ]);
  assert.deepEqual(await claimRow(c.claimId), { state: 'open', amount_cents: 41_234, open_cents: 26_234, credit_cents: 0, next_due_date: '2027-05-15' });
  r = await book(c.claimId, 30_000, 'bank:e2');
  assert.ok(r.ok);
  const second = r.ok ? r.bookingId : '';
  assert.deepEqual(await claimRow(c.claimId), { state: 'settled', amount_cents: 41_234, open_cents: 0, credit_cents: 3_766, next_due_date: null }, '45.000 paid on 41.234: 37,66 € credit');
  // The second payment comes back (Rücklastschrift): its instalments are open again and its credit part is gone.
  const ret = await t.db.transaction((tx) => reverseBooking(tx, { tenantId: a.id, bookingId: second, kind: 'return', reference: 'RLS', valueDate: '2027-03-01', actorId: null, actorKind: 'system', now: now() }));
  assert.ok(ret.ok && !ret.duplicate);
  assert.deepEqual(await claimRow(c.claimId), { state: 'open', amount_cents: 41_234, open_cents: 26_234, credit_cents: 0, next_due_date: '2027-05-15' });
  assert.deepEqual((await instalmentRows(c.claimId)).map((i) => i.open_cents), [0, 5_618, 10_308, 10_308]);
  // The same return again books nothing; a reversal of the same booking is refused; a return cannot be returned.
  const again = await t.db.transaction((tx) => reverseBooking(tx, { tenantId: a.id, bookingId: second, kind: 'return', reference: 'RLS', valueDate: '2027-03-01', actorId: null, actorKind: 'system', now: now() }));
  assert.ok(again.ok && again.duplicate);
  const storno = await t.db.transaction((tx) => reverseBooking(tx, { tenantId: a.id, bookingId: second, kind: 'reversal', reference: 'x', valueDate: '2027-03-01', actorId: null, actorKind: 'system', now: now() }));
  assert.deepEqual(storno, { ok: false, reason: 'already_reversed' });
  const returnOfReturn = await t.db.transaction((tx) => reverseBooking(tx, { tenantId: a.id, bookingId: ret.ok ? ret.bookingId : '', kind: 'return', reference: 'x', valueDate: '2027-03-01', actorId: null, actorKind: 'system', now: now() }));
  assert.deepEqual(returnOfReturn, { ok: false, reason: 'not_reversible' });
  assert.equal(await bookingCount(c.claimId), 3);
  const sum = await t.db.one<{ s: number }>(sql`select sum(cents)::bigint as s from finance_bookings where claim_id = ${c.claimId}`);
  assert.equal(sum!.s, 15_000);
});

test('the same source key books once', async () => {
  const c = await newClaim();
  const one = await book(c.claimId, 1_000, 'bank:same-entry');
  const two = await book(c.claimId, 1_000, 'bank:same-entry');
  assert.ok(one.ok && two.ok);
  assert.equal(two.duplicate, true);
  assert.equal(one.bookingId, two.bookingId);
  assert.equal(await bookingCount(c.claimId), 1);
  assert.equal((await claimRow(c.claimId))!.open_cents, 40_234);
  const audits = await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'finance.payment_booked' and object_id = ${c.claimId}`);
  assert.equal(audits!.n, 1);
  // Concurrent deliveries of the same entry: still one booking.
  const c2 = await newClaim();
  const results = await Promise.all(Array.from({ length: 10 }, () => book(c2.claimId, 500, 'bank:burst')));
  assert.equal(results.filter((r) => r.ok && !r.duplicate).length, 1);
  assert.equal(await bookingCount(c2.claimId), 1);
  // A booking on another tenant's claim is not found.
  const foreign = await newClaim({ tenantId: b.id });
  assert.deepEqual(await book(foreign.claimId, 100, 'bank:foreign'), { ok: false, reason: 'not_found' });
  assert.equal(await bookingCount(foreign.claimId), 0);
});

test('a notice is rendered once, stored with the claim and delivered into the postbox of a linked debtor', async () => {
  const c = await newClaim({ debtor: { kind: 'person', name: 'Berta Bürgerin', street: 'Lindenweg 4', postalCode: '14712', city: 'Teststadt', userId: citizen.id } });
  assert.equal(await issueNotice(t.platform, { tenantId: a.id, claimId: c.claimId, actorId: null, actorKind: 'system', now: now() }), 'issued');
  assert.equal(await issueNotice(t.platform, { tenantId: a.id, claimId: c.claimId, actorId: null, actorKind: 'system', now: now() }), 'exists');
  const row = await t.db.one<{ notice_file_id: string; notice_date: string }>(sql`select notice_file_id, notice_date from finance_claims where id = ${c.claimId}`);
  assert.equal(row!.notice_date, '2026-11-21');
  const file = await t.db.one<{ content: Uint8Array; name: string }>(sql`select content, name from files where id = ${row!.notice_file_id}`);
  assert.equal(Buffer.from(file!.content).subarray(0, 5).toString(), '%PDF-');
  assert.equal(file!.name, `Bescheid-${c.kassenzeichen}.pdf`);
  const docs = await t.db.rows<{ kind: string; title: string }>(sql`select kind, title from postbox_documents where user_id = ${citizen.id}`);
  assert.deepEqual(docs, [{ kind: 'notice', title: `Grundsteuerbescheid für das Kalenderjahr 2027 (${c.kassenzeichen})` }]);
  assert.equal(await issueNotice(t.platform, { tenantId: b.id, claimId: c.claimId, actorId: null, actorKind: 'system', now: now() }), 'not_found');
});

// ---------------------------------------------------------------- online payment → booking

async function newApplication(fee = 1230): Promise<string> {
  const f = (await t.db.one<{ id: string; vid: string }>(sql`select f.id, v.id as vid from form_definitions f join form_versions v on v.form_id = f.id where f.tenant_id = ${a.id} limit 1`))!;
  const s = await t.db.one<{ id: string }>(sql`insert into form_submissions (tenant_id, user_id, form_id, form_version_id, data, idempotency_key, submitted_at)
    values (${a.id}, ${citizen.id}, ${f.id}, ${f.vid}, '{}'::jsonb, ${`k${Math.random()}`}, now()) returning id`);
  const n = Math.floor(Math.random() * 1e6);
  const app = await t.db.one<{ id: string }>(sql`insert into applications (tenant_id, number, year, seq, user_id, submission_id, title, status, fee_cents, created_at, updated_at)
    values (${a.id}, ${`T-${n}`}, 2026, ${n}, ${citizen.id}, ${s!.id}, 'Bewohnerparkausweis', 'awaiting_payment', ${fee}, now(), now()) returning id`);
  return app!.id;
}

async function payOnline(appId: string, fee = 1230) {
  const res = await startPayment(t.platform, { tenantId: a.id, tenantSlug: a.slug, user: citizen, applicationId: appId, amountCents: fee, purpose: 'T-1 Bewohnerparkausweis', now: now() });
  assert.ok('redirectUrl' in res);
  const txId = res.redirectUrl.split('/').pop()!;
  const pay = (await t.db.one<{ id: string; kassenzeichen: string }>(sql`select id, kassenzeichen from payments where provider_tx_id = ${txId}`))!;
  const n: ProviderNotification = { notificationId: `n${Math.random().toString(16).slice(2)}`, txId, reference: pay.kassenzeichen, amountCents: fee, status: 'PAYED', method: 'GIROPAY', timestamp: now().toISOString() };
  const post = () => t.app.inject({ method: 'POST', url: '/zahlung/benachrichtigung', payload: n, headers: { 'x-testkasse-signature': sign(merchantSecret(t.platform), n) } });
  return { ...pay, post };
}

test('a verified online payment becomes a fee claim with its Kassenzeichen and one booking, also when replayed', async () => {
  const appId = await newApplication();
  const pay = await payOnline(appId);
  assert.equal((await pay.post()).json().outcome, 'applied');
  const claim = await t.db.one<{ id: string; kassenzeichen: string; type: string; source: string; state: string; amount_cents: number; debtor_user: string }>(sql`
    select c.id, c.kassenzeichen, c.type, c.source, c.state, c.amount_cents, d.user_id as debtor_user from finance_claims c join finance_debtors d on d.id = c.debtor_id
    where c.tenant_id = ${a.id} and c.source_ref = ${appId}`);
  assert.deepEqual({ ...claim, id: undefined }, { id: undefined, kassenzeichen: pay.kassenzeichen, type: 'fee', source: 'application', state: 'settled', amount_cents: 1230, debtor_user: citizen.id });
  const bookings = await t.db.rows<{ cents: number; source: string; source_key: string }>(sql`select cents, source, source_key from finance_bookings where claim_id = ${claim!.id}`);
  assert.deepEqual(bookings, [{ cents: 1230, source: 'online_payment', source_key: `online_payment:${pay.id}` }]);
  // The provider sends the same notification again: the payments module says duplicate, nothing is booked.
  assert.equal((await pay.post()).json().outcome, 'duplicate');
  // Even if the event reached us a second time, the source key stops a second booking.
  const again = await t.db.transaction((tx) => bookOnlinePayment(tx, { tenantId: a.id, paymentId: pay.id, applicationId: appId, status: 'PAYED', kassenzeichen: pay.kassenzeichen, now: now() }));
  assert.ok(again?.ok && again.duplicate);
  assert.equal(await bookingCount(claim!.id), 1);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from finance_claims where source_ref = ${appId}`))!.n, 1);
});

test('an online payment is booked on the fee claim that already exists for the application', async () => {
  const appId = await newApplication(5000);
  const existing = await newClaim({ type: 'fee', title: 'Gebühr Bewohnerparkausweis', instalments: [{ dueDate: '2026-12-01', amountCents: 5000 }], source: 'application', sourceRef: appId });
  const pay = await payOnline(appId, 5000);
  assert.equal((await pay.post()).json().outcome, 'applied');
  assert.equal(await bookingCount(existing.claimId), 1);
  assert.equal((await claimRow(existing.claimId))!.state, 'settled');
  const booking = await t.db.one<{ reference: string }>(sql`select reference from finance_bookings where claim_id = ${existing.claimId}`);
  assert.equal(booking!.reference, pay.kassenzeichen, "the payment's Kassenzeichen is kept as the booking's reference");
});

test('a cancelled payment books nothing', async () => {
  const appId = await newApplication();
  const pay = await payOnline(appId);
  const res = await t.db.transaction((tx) => bookOnlinePayment(tx, { tenantId: a.id, paymentId: pay.id, applicationId: appId, status: 'CANCELED', now: now() }));
  assert.equal(res, undefined);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from finance_claims where source_ref = ${appId}`))!.n, 0);
});
