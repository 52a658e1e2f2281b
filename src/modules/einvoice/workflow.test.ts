// The approval of incoming invoices on a real database, through the pages: sachlich richtig → rechnerisch richtig →
// Anordnung by three different people, the treasury never ordering, stale forms answered 409, rejection with a
// reason, deadlines and Skonto in words, and the SEPA payment file that contains each ordered invoice exactly once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sharedData } from '../../testing/shared-data.ts';
import { parseXml, sql } from '../../kernel/index.ts';
import { addUnit } from './commands/add-unit.ts';
import { receiveInvoice } from './commands/receive-invoice.ts';
import { parseLeitwegId } from './leitweg.ts';

const DIR = sharedData('corpora/einvoice');
const DEBTOR_IBAN = 'DE02120300000000202051';

let t: TestPlatform;
let a: { id: string; slug: string };
type U = { id: string; email: string; password: string };
let clerk1: U, clerk2: U, lead1: U, kasseLead: U, kasse: U, admin: U;
const clients = new Map<string, Client>();

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Alphastadt' });
  clerk1 = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Clara Erste' });
  clerk2 = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Carl Zweiter' });
  lead1 = await createUser(t.db, a, { kind: 'staff', roles: ['lead'], name: 'Lena Leitung' });
  kasseLead = await createUser(t.db, a, { kind: 'staff', roles: ['treasury', 'lead'], name: 'Kurt Kasse-und-Leitung' });
  kasse = await createUser(t.db, a, { kind: 'staff', roles: ['treasury'], name: 'Karla Kasse' });
  admin = await createUser(t.db, a, { kind: 'staff', roles: ['admin'], name: 'Anna Admin' });
  for (const [name, leitweg] of [
    ['Kämmerei', '04011000-12345-03'],
    ['Bauamt', '04011000-12350-85'],
    ['Schulamt', '04011000-12349-88'],
    ['Ordnungsamt', '99000000-05676-15'],
  ] as const) {
    const lw = parseLeitwegId(leitweg)!;
    await addUnit(t.db, { tenantId: a.id, actorId: null, name, leitwegId: lw.normalized, leitwegBase: lw.base, payerName: 'Stadtkasse Alphastadt', payerIban: DEBTOR_IBAN, payerBic: null, now: t.clock.now() });
  }
});
after(() => t.close());

async function as(u: U): Promise<Client> {
  const known = clients.get(u.id);
  if (known) return known;
  const c = new Client(t);
  assert.equal((await c.login(`/${a.slug}`, u.email, u.password)).statusCode, 303);
  clients.set(u.id, c);
  return c;
}

const P = () => `/${a.slug}/verwaltung/erechnung`;
async function receive(name: string, by: U = clerk1): Promise<string> {
  const res = await receiveInvoice(t.db, { tenantId: a.id, bytes: new Uint8Array(readFileSync(join(DIR, name))), fileName: name, channel: 'upload', actorId: by.id, now: t.clock.now() });
  assert.ok(res.ok && res.status === 'created', JSON.stringify(res));
  return res.invoice.id;
}
const row = async (id: string) =>
  (await t.db.one<{ state: string; version: number; order_cents: number | null; order_date: string | null; reject_reason: string | null; export_id: string | null }>(sql`select state, version, order_cents, order_date, reject_reason, export_id from einvoice_invoices where id = ${id}`))!;
const audits = async (action: string, objectId?: string) =>
  t.db.rows<{ actor_id: string; details: Record<string, unknown> }>(sql`select actor_id, details from audit_log where tenant_id = ${a.id} and action = ${action} ${objectId ? sql`and object_id = ${objectId}` : sql``} order by seq`);
/** Posts a step from the invoice page, with the version the page showed unless given. */
async function step(u: U, id: string, what: string, form: Record<string, string> = {}) {
  const c = await as(u);
  const page = await c.get(`${P()}/${id}`);
  const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? String((await row(id)).version);
  return c.post(`${P()}/${id}/${what}`, { version, ...form });
}
const setDay = (iso: string) => t.clock.advance(Date.parse(`${iso}T09:00:00Z`) - t.clock.now().getTime());

test('sachlich → rechnerisch → Anordnung by three different people; the same person twice and the treasury are refused and audited', async () => {
  const id = await receive('kosit-ts_01.01a-INVOICE_ubl.xml');
  const c1 = await as(clerk1);
  assert.match((await c1.get(`${P()}/${id}`)).body, /Nächster Schritt: Sachlich richtig/);
  assert.equal((await step(clerk1, id, 'sachlich', { vermerk: 'Lieferung vollständig.' })).statusCode, 303);
  assert.equal((await row(id)).state, 'sachlich');

  // Four eyes: the attester of "sachlich richtig" cannot also attest "rechnerisch richtig".
  assert.match((await c1.get(`${P()}/${id}`)).body, /Sie haben an dieser Rechnung schon einen Schritt erledigt/);
  const twice = await c1.post(`${P()}/${id}/rechnerisch`, { version: '2' });
  assert.equal(twice.statusCode, 403);
  assert.match(twice.body, /Vier-Augen-Prinzip muss eine andere Person diesen Schritt gehen/);
  assert.equal((await row(id)).state, 'sachlich');
  assert.deepEqual((await audits('einvoice.step_refused', id)).map((r) => [r.actor_id, r.details.reason]), [[clerk1.id, 'four_eyes']]);

  assert.equal((await step(clerk2, id, 'rechnerisch')).statusCode, 303);
  // A double click sends the old version again: 409, nothing changes.
  const again = await (await as(clerk2)).post(`${P()}/${id}/rechnerisch`, { version: '2' });
  assert.equal(again.statusCode, 409);
  assert.equal((await row(id)).version, 3);

  // Clerks may not order; a treasurer never, not even with the role Sachgebietsleitung.
  assert.equal((await step(clerk2, id, 'anordnung')).statusCode, 403);
  assert.equal((await step(kasse, id, 'anordnung')).statusCode, 403);
  const kl = await as(kasseLead);
  assert.match((await kl.get(`${P()}/${id}`)).body, /Mitarbeitende der Kasse dürfen keine Zahlungen anordnen/);
  const treasury = await kl.post(`${P()}/${id}/anordnung`, { version: '3', betrag: 'voll' });
  assert.equal(treasury.statusCode, 403);
  assert.match(treasury.body, /Mitarbeitende der Kasse dürfen keine Zahlungen anordnen/);
  assert.deepEqual((await audits('einvoice.step_refused', id)).map((r) => [r.actor_id, r.details.reason]), [
    [clerk1.id, 'four_eyes'],
    [kasseLead.id, 'treasury'],
  ]);
  assert.equal((await row(id)).state, 'rechnerisch');

  // A stale form (version 2) is refused with 409; the current one goes through.
  const stale = await (await as(lead1)).post(`${P()}/${id}/anordnung`, { version: '2', betrag: 'voll' });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /inzwischen geändert/);
  assert.equal((await step(lead1, id, 'anordnung', { betrag: 'voll' })).statusCode, 303);
  const ordered = await row(id);
  assert.equal(ordered.state, 'ordered');
  assert.equal(ordered.order_cents, 33690);
  // Paid on the due date (30 days after receipt), not before.
  assert.equal(ordered.order_date, '2026-12-21');

  const steps = await t.db.rows<{ step: string; user_id: string; reason: string | null }>(sql`select step, user_id, reason from einvoice_steps where invoice_id = ${id} order by seq`);
  assert.deepEqual(steps.map((s) => [s.step, s.user_id]), [
    ['sachlich', clerk1.id],
    ['rechnerisch', clerk2.id],
    ['anordnung', lead1.id],
  ]);
  assert.equal(steps[0]!.reason, 'Lieferung vollständig.');
  for (const [action, who] of [
    ['einvoice.sachlich', clerk1],
    ['einvoice.rechnerisch', clerk2],
    ['einvoice.ordered', lead1],
  ] as const) assert.deepEqual((await audits(action, id)).map((r) => r.actor_id), [who.id], action);
  const page = (await (await as(lead1)).get(`${P()}/${id}`)).body;
  assert.match(page, /Clara Erste/);
  assert.match(page, /Carl Zweiter/);
  assert.match(page, /Zur Zahlung angeordnet/);
});

test('rejection needs a reason, goes back to the seller with it and ends the way to payment', async () => {
  const id = await receive('kosit-ts_01.21a-INVOICE_ubl.xml');
  const c = await as(clerk2);
  await c.get(`${P()}/${id}`);
  const empty = await c.post(`${P()}/${id}/zurueckweisen`, { version: '1', begruendung: '  ' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Bitte begründen Sie die Ablehnung/);
  assert.equal((await row(id)).state, 'received');
  const res = await c.post(`${P()}/${id}/zurueckweisen`, { version: '1', begruendung: 'Leistung wurde nicht erbracht; Bestellnummer fehlt.' });
  assert.equal(res.statusCode, 303);
  const r = await row(id);
  assert.equal(r.state, 'rejected');
  assert.equal(r.reject_reason, 'Leistung wurde nicht erbracht; Bestellnummer fehlt.');
  const page = (await c.get(`${P()}/${id}`)).body;
  assert.match(page, /Begründung: Leistung wurde nicht erbracht; Bestellnummer fehlt\./);
  assert.doesNotMatch(page, /Nächster Schritt/);
  assert.equal((await audits('einvoice.rejected', id)).length, 1);
  assert.equal((await step(clerk1, id, 'sachlich')).statusCode, 409);
  assert.match((await c.get(`${P()}?ansicht=abgelehnt`)).body, new RegExp(`${P()}/${id}`));
});

test('deadlines and Skonto are written out (not colour alone); the Anordnung can take an open Skonto step', async () => {
  const start = t.clock.now().getTime();
  try {
    setDay('2016-07-02'); // invoice date 2016-06-27: 2 % Skonto for 7 days, 1 % for 14, net 30 days
    const id = await receive('kosit-ts_01.10a-INVOICE_ubl.xml');
    const list = (await (await as(clerk1)).get(P())).body;
    assert.match(list, /Skonto 2,00 % endet in 2 Tagen \(04\.07\.2016\)/);
    assert.match(list, /Skonto 1,00 % bis 11\.07\.2016/);
    assert.match(list, /fällig am 27\.07\.2016/);
    const due = await t.db.one<{ due_date: string; due_basis: string }>(sql`select due_date, due_basis from einvoice_invoices where id = ${id}`);
    assert.deepEqual(due, { due_date: '2016-07-27', due_basis: 'terms' });

    assert.equal((await step(clerk1, id, 'sachlich')).statusCode, 303);
    assert.equal((await step(clerk2, id, 'rechnerisch')).statusCode, 303);
    setDay('2016-07-04');
    const page = (await (await as(lead1)).get(`${P()}/${id}`)).body;
    assert.match(page, /Skonto 2,00 % endet heute/);
    assert.match(page, /2\.542,32\s€ mit 2,00 % Skonto/);
    // A Skonto step that is not offered is refused as a form error.
    const wrong = await (await as(lead1)).post(`${P()}/${id}/anordnung`, { version: '3', betrag: 'skonto-9' });
    assert.equal(wrong.statusCode, 422);
    assert.equal((await step(lead1, id, 'anordnung', { betrag: 'skonto-0' })).statusCode, 303);
    const r = await row(id);
    assert.equal(r.order_cents, 254232); // 2594.20 − 2 % (51.88)
    assert.equal(r.order_date, '2016-07-04');

    // An invoice past its due date (BT-9 14.08.2016) says so in words.
    const late = await receive('kosit-ts_01.07a-INVOICE_ubl.xml');
    setDay('2016-08-16');
    const later = (await (await as(clerk1)).get(P())).body;
    assert.match(later, new RegExp(`${late}[\\s\\S]*überfällig seit 2 Tagen \\(fällig am 14\\.08\\.2016\\)`));
  } finally {
    t.clock.advance(start - t.clock.now().getTime());
  }
});

test('an invoice that cannot be paid by transfer (here: a wrong IBAN) is not ordered; the page says why', async () => {
  const xml = readFileSync(join(DIR, 'kosit-ts_01.21a-INVOICE_ubl.xml'), 'utf8').replace('<cbc:ID>18383</cbc:ID>', '<cbc:ID>IBAN-FALSCH</cbc:ID>').replace(/DE79000000001234567890/g, 'DE79000000001234567891');
  const res = await receiveInvoice(t.db, { tenantId: a.id, bytes: Buffer.from(xml), fileName: 'iban.xml', channel: 'upload', actorId: clerk1.id, now: t.clock.now() });
  assert.ok(res.ok);
  const id = res.invoice.id;
  assert.equal((await step(clerk1, id, 'sachlich')).statusCode, 303);
  assert.equal((await step(clerk2, id, 'rechnerisch')).statusCode, 303);
  const l = await as(lead1);
  assert.match((await l.get(`${P()}/${id}`)).body, /kann nicht per Überweisung angeordnet werden: .*DE79000000001234567891/);
  const refused = await l.post(`${P()}/${id}/anordnung`, { version: '3', betrag: 'voll' });
  assert.equal(refused.statusCode, 409);
  assert.equal((await row(id)).state, 'rechnerisch');
});

test('payment file: ordered invoices due by the execution date, exactly once, never by whoever ordered them; download is pain.001', async () => {
  const late = (await t.db.one<{ id: string }>(sql`select id from einvoice_invoices where tenant_id = ${a.id} and number = 'R1234567'`))!.id;
  assert.equal((await step(clerk1, late, 'sachlich')).statusCode, 303);
  assert.equal((await step(clerk2, late, 'rechnerisch')).statusCode, 303);
  assert.equal((await step(admin, late, 'anordnung')).statusCode, 303);
  const skonto = (await t.db.one<{ id: string }>(sql`select id from einvoice_invoices where tenant_id = ${a.id} and number = 'Rechnungsnummer'`))!.id;
  const future = (await t.db.one<{ id: string }>(sql`select id from einvoice_invoices where tenant_id = ${a.id} and number = '123456XX'`))!.id;

  assert.equal((await (await as(clerk1)).get(`${P()}/zahlungen`)).statusCode, 403);
  // The administration ordered R1234567: its own payment run leaves it out.
  const adm = await as(admin);
  assert.match((await adm.get(`${P()}/zahlungen`)).body, /Eine weitere angeordnete Rechnung haben Sie selbst festgestellt oder angeordnet/);
  assert.equal((await adm.post(`${P()}/zahlungen`, { ausfuehrung: '2026-11-21' })).statusCode, 303);
  assert.equal((await row(skonto)).state, 'exported');
  assert.equal((await row(late)).state, 'ordered');
  assert.equal((await row(future)).state, 'ordered', 'due on 2026-12-21: not in a run on 2026-11-21');

  const k = await as(kasse);
  assert.equal((await k.post(`${P()}/zahlungen`, { ausfuehrung: '2026-11-21' })).statusCode, 303);
  assert.equal((await row(late)).state, 'exported');
  // Nothing left for today: a second run makes no file and exports nothing twice.
  const exportsBefore = (await t.db.one<{ n: number }>(sql`select count(*)::int as n from einvoice_exports where tenant_id = ${a.id}`))!.n;
  const none = await k.post(`${P()}/zahlungen`, { ausfuehrung: '2026-11-21' });
  assert.equal(none.statusCode, 409);
  assert.match(none.body, /keine angeordneten Rechnungen/);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from einvoice_exports where tenant_id = ${a.id}`))!.n, exportsBefore);
  assert.equal((await k.post(`${P()}/zahlungen`, { ausfuehrung: '2026-11-20' })).statusCode, 422, 'an execution date in the past');
  assert.equal((await k.post(`${P()}/zahlungen`, { ausfuehrung: '2026-12-21' })).statusCode, 303);
  assert.equal((await row(future)).state, 'exported');

  const files = await t.db.rows<{ id: string; invoice_count: number; total_cents: number; created_by: string }>(sql`select id, invoice_count, total_cents, created_by from einvoice_exports where tenant_id = ${a.id} order by created_at, message_id`);
  assert.equal(files.length, 3);
  const exportedIds = await t.db.rows<{ id: string; export_id: string }>(sql`select id, export_id from einvoice_invoices where tenant_id = ${a.id} and state = 'exported'`);
  assert.equal(new Set(exportedIds.map((r) => r.id)).size, 3);
  const first = files.find((f) => f.created_by === admin.id)!;
  assert.equal(first.total_cents, 254232);
  const download = await k.get(`${P()}/zahlungen/${first.id}`);
  assert.equal(download.statusCode, 200);
  assert.match(String(download.headers['content-type']), /application\/xml/);
  const doc = parseXml(download.body);
  assert.equal(doc.ns, 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
  assert.match(download.body, /<InstdAmt Ccy="EUR">2542\.32<\/InstdAmt>/);
  assert.match(download.body, new RegExp(`<EndToEndId>${skonto.replace(/-/g, '')}</EndToEndId>`));
  assert.match(download.body, /<ReqdExctnDt><Dt>2026-11-21<\/Dt><\/ReqdExctnDt>/);
  assert.match(download.body, new RegExp(`<IBAN>${DEBTOR_IBAN}</IBAN>`));
  assert.match(download.body, /<IBAN>DE79000000001234567890<\/IBAN>/);
  assert.equal((await audits('einvoice.exported')).length, 3);
  // Exported invoices cannot be rejected any more.
  assert.equal((await (await as(clerk1)).post(`${P()}/${skonto}/zurueckweisen`, { version: String((await row(skonto)).version), begruendung: 'Zu spät bemerkt.' })).statusCode, 409);
});
