import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sha256, sql } from '../../kernel/index.ts';
import { seedForms } from '../../demo/forms.ts';
import { seedCatalog } from '../../demo/catalog.ts';
import { receiveApplication } from './commands/receive.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let citizen: { id: string; email: string; password: string };
let clerkUser: { id: string; email: string; password: string };
const form = () => `/${a.slug}/formulare/bewohnerparkausweis`;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Havelwerder', city: 'Havelwerder' });
  await t.db.transaction(async (tx) => {
    await seedCatalog(tx, a.id, 'havelwerder');
    await seedForms(tx, a.id, t.clock.now());
  });
  citizen = await createUser(t.db, a, { kind: 'citizen', name: 'Petra Parker' });
  clerkUser = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'] });
});
after(() => t.close());

async function submitParking(c: Client): Promise<void> {
  let page = await c.get(form());
  const rev = () => page.body.match(/name="revision" value="(\d+)"/)![1]!;
  const post = async (body: Record<string, string>) => {
    const res = await c.post(form(), { revision: rev(), aktion: 'weiter', ...body });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    page = await c.get(String(res.headers.location));
  };
  await post({ schritt: '0', name: 'Petra Parker', email: 'petra@example.org', 'anschrift.street': 'Lindenweg 4', 'anschrift.postalCode': '14712', 'anschrift.city': 'Havelwerder', hauptwohnsitz: 'ja' });
  await post({ schritt: '1', kennzeichen: 'HVL-PP 42', halter: 'ja' });
  await post({ schritt: '2', beginn: '2026-12-01' });
  const key = page.body.match(/name="schluessel" value="([^"]+)"/)![1]!;
  const res = await c.post(`${form()}/absenden`, { schluessel: key });
  assert.equal(res.statusCode, 303);
}

test('the whole journey: submit → number and receipt → Rückfrage and answer → decision → notice and permit → retrieval → verification', async () => {
  const c = new Client(t);
  await c.login(`/${a.slug}`, citizen.email, citizen.password);
  await submitParking(c);

  const app = await t.db.one<{ id: string; number: string; status: string; fee_cents: number }>(sql`select id, number, status, fee_cents from applications where user_id = ${citizen.id}`);
  assert.equal(app!.number, 'ANT-2026-000001');
  assert.equal(app!.status, 'awaiting_payment', 'paid before the clerk starts');
  assert.equal(app!.fee_cents, 6000, 'fee from the tenant’s catalogue');

  // Pay at the embedded provider; the browser's return carries a status that is not trusted.
  let page = await c.get(`/${a.slug}/konto/antraege/${app!.id}`);
  assert.match(page.body, /Jetzt online bezahlen/);
  let pay = await c.post(`/${a.slug}/konto/antraege/${app!.id}/bezahlen`, {});
  assert.equal(pay.statusCode, 303);
  const providerUrl = new URL(String(pay.headers.location));
  assert.match(providerUrl.pathname, /^\/testkasse\/zahlung\/TK[0-9A-F]{18}$/);
  const again = await c.post(`/${a.slug}/konto/antraege/${app!.id}/bezahlen`, {});
  assert.equal(new URL(String(again.headers.location)).pathname, providerUrl.pathname, 'a second click resumes the same transaction');
  page = await c.get(providerUrl.pathname);
  assert.match(page.body, /60,00/);
  pay = await c.post(`${providerUrl.pathname}/bezahlen`, {});
  const back = new URL(String(pay.headers.location));
  assert.equal(back.searchParams.get('status'), 'PAYED');
  page = await c.get(back.pathname + back.search);
  assert.match(page.body, /warten auf die Bestätigung/, 'the redirect alone does not count as paid');
  assert.equal((await t.db.one<{ status: string }>(sql`select status from applications where id = ${app!.id}`))!.status, 'awaiting_payment');
  await t.platform.runJobs(); // provider notification (signed, server to server)
  page = await c.get(back.pathname);
  assert.match(page.body, /Zahlung über 60,00\u00a0€ ist eingegangen/);
  assert.equal((await t.db.one<{ status: string; paid: boolean }>(sql`select status, paid from applications where id = ${app!.id}`))!.status, 'received');

  const mailsBefore = t.mail.sent.length;
  await t.platform.runJobs(); // receipt
  await t.platform.runJobs(); // notification
  const notify = t.mail.sent.slice(mailsBefore).find((m) => m.to === citizen.email)!;
  assert.match(notify.subject, /Neue Nachricht in Ihrem Postfach/);
  assert.doesNotMatch(notify.text, /Petra|HVL|ANT-2026|Lindenweg/, 'no personal data or case data in the mail');

  let konto = await c.get(`/${a.slug}/konto`);
  assert.match(konto.body, /Meine Anträge/);
  assert.match(konto.body, /eingegangen/);
  assert.match(konto.body, /ungelesene Nachrichten/);
  const receipt = await t.db.one<{ id: string }>(sql`select id from postbox_documents where user_id = ${citizen.id} and kind = 'receipt'`);
  const pdf = await c.get(`/${a.slug}/konto/dokumente/${receipt!.id}`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');

  const k = new Client(t);
  await k.login(`/${a.slug}`, clerkUser.email, clerkUser.password);
  const list = await k.get(`/${a.slug}/verwaltung/antraege`);
  assert.match(list.body, /ANT-2026-000001/);
  const detail = await k.get(`/${a.slug}/verwaltung/antraege/${app!.id}`);
  assert.match(detail.body, /HVL-PP 42/);
  assert.match(detail.body, /Formularversion 1/);
  const v0 = (await t.db.one<{ version: number }>(sql`select version from applications where id = ${app!.id}`))!.version;
  let res = await k.post(`/${a.slug}/verwaltung/antraege/${app!.id}`, { aktion: 'take', version: String(v0) });
  assert.equal(res.statusCode, 303);
  res = await k.post(`/${a.slug}/verwaltung/antraege/${app!.id}`, { aktion: 'take', version: String(v0) });
  assert.equal(res.statusCode, 409, 'double click');
  res = await k.post(`/${a.slug}/verwaltung/antraege/${app!.id}`, { aktion: 'query', version: String(v0 + 1), frage: 'Bitte bestätigen Sie, dass das Fahrzeug dauerhaft bei Ihnen steht.' });
  assert.equal(res.statusCode, 303);
  await t.platform.runJobs();

  const thread = await t.db.one<{ thread_id: string }>(sql`select thread_id from applications where id = ${app!.id}`);
  const th = await c.get(`/${a.slug}/konto/postfach/${thread!.thread_id}`);
  assert.match(th.body, /dauerhaft bei Ihnen steht/);
  assert.match(th.body, /Eingangsbestätigung/);
  res = await c.post(`/${a.slug}/konto/postfach/${thread!.thread_id}`, { body: '' });
  assert.equal(res.statusCode, 422);
  res = await c.post(`/${a.slug}/konto/postfach/${thread!.thread_id}`, { body: 'Ja, das Auto steht immer vor dem Haus.' });
  assert.equal(res.statusCode, 303);
  const st = await t.db.one<{ status: string; version: number }>(sql`select status, version from applications where id = ${app!.id}`);
  assert.equal(st!.status, 'in_progress', 'the answer resumes processing');

  res = await k.post(`/${a.slug}/verwaltung/antraege/${app!.id}`, { aktion: 'decide', version: String(st!.version), entscheidung: 'rejected', begruendung: '' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /begründen Sie die Ablehnung/);
  res = await k.post(`/${a.slug}/verwaltung/antraege/${app!.id}`, { aktion: 'decide', version: String(st!.version), entscheidung: 'approved', begruendung: 'Voraussetzungen liegen vor.', gebuehr: '' });
  assert.equal(res.statusCode, 303);
  const provided = t.clock.now();
  await t.platform.runJobs(); // notice
  await t.platform.runJobs(); // notification

  const notices = await t.db.rows<{ document_id: string; kind: string; sha256: string; verify_token: string; bekanntgabe_date: string; notified_at: Date | null; file_sha: string }>(sql`
    select n.document_id, d.kind, n.sha256, n.verify_token, n.bekanntgabe_date, n.notified_at, f.sha256 as file_sha
    from postbox_notices n join postbox_documents d on d.id = n.document_id join files f on f.id = d.file_id where n.user_id = ${citizen.id} order by d.kind`);
  assert.deepEqual(notices.map((n) => n.kind), ['notice', 'permit']);
  for (const n of notices) {
    assert.equal(n.sha256, n.file_sha);
    assert.equal(n.bekanntgabe_date, '2026-11-24', 'third day after provision on 21.11.2026');
    assert.ok(n.notified_at, 'notification time recorded');
  }
  void provided;
  t.clock.advance(86_400_000);
  const relog = await c.login(`/${a.slug}`, citizen.email, citizen.password); // the next day: a new session
  assert.equal(relog.statusCode, 303, relog.body.slice(0, 2000));
  const notice = notices[0]!;
  const dl = await c.get(`/${a.slug}/konto/dokumente/${notice.document_id}`);
  assert.equal(dl.statusCode, 200);
  assert.equal(sha256(dl.rawPayload), notice.sha256, 'the citizen gets exactly the recorded document');
  const after1 = await t.db.one<{ first_retrieved_at: Date; bekanntgabe_date: string }>(sql`select first_retrieved_at, bekanntgabe_date from postbox_notices where document_id = ${notice.document_id}`);
  assert.ok(after1!.first_retrieved_at);
  assert.equal(after1!.bekanntgabe_date, '2026-11-22', 'earlier retrieval counts');
  t.clock.advance(86_400_000);
  await c.login(`/${a.slug}`, citizen.email, citizen.password);
  assert.equal((await c.get(`/${a.slug}/konto/dokumente/${notice.document_id}`)).statusCode, 200);
  const after2 = await t.db.one<{ first_retrieved_at: Date }>(sql`select first_retrieved_at from postbox_notices where document_id = ${notice.document_id}`);
  assert.equal(after2!.first_retrieved_at.getTime(), after1!.first_retrieved_at.getTime(), 'first retrieval recorded once');
  await assert.rejects(t.db.exec(sql`update postbox_notices set sha256 = 'x' where document_id = ${notice.document_id}`), /cannot be changed/);
  await assert.rejects(t.db.exec(sql`delete from postbox_notices where document_id = ${notice.document_id}`), /append-only/);

  const permit = notices[1]!;
  const verify = await t.app.inject({ url: `/${a.slug}/pruefen/${permit.verify_token}` });
  assert.equal(verify.statusCode, 200);
  assert.match(verify.body, /ist gültig/);
  assert.match(verify.body, /HVL-PP 42/);
  assert.match(verify.body, /30\.11\.2027/);
  assert.doesNotMatch(verify.body, /Petra|Lindenweg/, 'no personal data beyond what the permit shows');
  const fake = await t.app.inject({ url: `/${a.slug}/pruefen/${'x'.repeat(43)}` });
  assert.equal(fake.statusCode, 404);
  assert.match(fake.body, /möglicherweise gefälscht/);

  // The clerk sees the proof of delivery: provision, notification, first retrieval, Bekanntgabe.
  await k.login(`/${a.slug}`, clerkUser.email, clerkUser.password);
  const proof = await k.get(`/${a.slug}/verwaltung/antraege/${app!.id}`);
  assert.match(proof.body, /Zustellnachweis/);
  assert.match(proof.body, /22\.11\.2026 \(ozg9\)/);
  assert.match(proof.body, /an den Mailserver übergeben/);

  konto = await c.get(`/${a.slug}/konto/antraege/${app!.id}`);
  assert.equal(konto.statusCode, 200);
  assert.match(konto.body, /entschieden/);
  assert.match(konto.body, /Bescheid im Postfach/);
});

test('other citizens and other municipalities see nothing of it', async () => {
  const app = await t.db.one<{ id: string; thread_id: string }>(sql`select id, thread_id from applications limit 1`);
  const doc = await t.db.one<{ id: string }>(sql`select id from postbox_documents limit 1`);
  const other = await createUser(t.db, a);
  const c = new Client(t);
  await c.login(`/${a.slug}`, other.email, other.password);
  assert.equal((await c.get(`/${a.slug}/konto/antraege/${app!.id}`)).statusCode, 404);
  assert.equal((await c.get(`/${a.slug}/konto/postfach/${app!.thread_id}`)).statusCode, 404);
  assert.equal((await c.get(`/${a.slug}/konto/dokumente/${doc!.id}`)).statusCode, 404);
  assert.equal((await c.post(`/${a.slug}/konto/postfach/${app!.thread_id}`, { body: 'hallo' })).statusCode, 404);
  const b = await createTenant(t.db);
  const clerkB = await createUser(t.db, b, { kind: 'staff', roles: ['clerk'] });
  const k = new Client(t);
  await k.login(`/${b.slug}`, clerkB.email, clerkB.password);
  assert.equal((await k.get(`/${b.slug}/verwaltung/antraege/${app!.id}`)).statusCode, 404);
  assert.doesNotMatch((await k.get(`/${b.slug}/verwaltung/antraege`)).body, /ANT-2026-000001/);
  // citizens cannot reach the clerk side
  assert.equal((await c.get(`/${a.slug}/verwaltung/antraege`)).statusCode, 403);
});

test('application numbers have no gaps and no duplicates under concurrency', async () => {
  const b = await createTenant(t.db);
  const u = await createUser(t.db, b);
  const subs: string[] = [];
  const formId = (await t.db.transaction(async (tx) => {
    await seedForms(tx, b.id, t.clock.now());
    return tx.one<{ id: string; vid: string }>(sql`select f.id, v.id as vid from form_definitions f join form_versions v on v.form_id = f.id where f.tenant_id = ${b.id} limit 1`);
  }))!;
  for (let i = 0; i < 20; i++) {
    const r = await t.db.one<{ id: string }>(sql`insert into form_submissions (tenant_id, user_id, form_id, form_version_id, data, idempotency_key, submitted_at)
      values (${b.id}, ${u.id}, ${formId.id}, ${formId.vid}, '{}'::jsonb, ${`k${i}`}, now()) returning id`);
    subs.push(r!.id);
  }
  await Promise.all(subs.map((s, i) => t.db.transaction((tx) => {
    if (i === 7) return receiveApplication(tx, { tenantId: b.id, userId: u.id, submissionId: s, serviceSlug: null, title: 'X', now: t.clock.now() }).then(() => { throw new Error('rolled back'); });
    return receiveApplication(tx, { tenantId: b.id, userId: u.id, submissionId: s, serviceSlug: null, title: 'X', now: t.clock.now() });
  }).catch(() => undefined)));
  const seqs = (await t.db.rows<{ seq: number }>(sql`select seq from applications where tenant_id = ${b.id} order by seq`)).map((r) => r.seq);
  assert.deepEqual(seqs, Array.from({ length: 19 }, (_, i) => i + 1), 'a rolled-back submission leaves no gap');
});
