// Intake of e-invoices through all three channels (upload page, API, CLI) on a real database: routing by the
// Leitweg-ID (BT-10), wrong check digit as a warning, duplicates, bad files that leave nothing behind, invalid
// invoices stored as such, API idempotency and tenant isolation. Invoices are official KoSIT test-suite files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { Client, postMultipart, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sharedData } from '../../testing/shared-data.ts';
import { renderLetter, sql } from '../../kernel/index.ts';
import { addUnit } from './commands/add-unit.ts';
import { runEinvoiceImport } from './cli-import.ts';
import { parseLeitwegId } from './leitweg.ts';

const DIR = sharedData('corpora/einvoice');
const file = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));
const UBL_0101 = 'kosit-ts_01.01a-INVOICE_ubl.xml'; // BT-10 04011000-12345-03, 123456XX, 336.9
const CII_0101 = 'kosit-ts_01.01a-INVOICE_uncefact.xml'; // the same invoice in CII
const UBL_0107 = 'kosit-ts_01.07a-INVOICE_ubl.xml'; // BT-10 99000000-05676-98: valid invoice, wrong check digit (right: 15)
const UBL_0102 = 'kosit-ts_01.02a-INVOICE_ubl.xml'; // BT-10 04011000-12346-97: belongs to tenant b here
const UBL_0103 = 'kosit-ts_01.03a-INVOICE_ubl.xml'; // BT-10 04011000-12347-94: no unit anywhere
const UBL_0121 = 'kosit-ts_01.21a-INVOICE_ubl.xml'; // BT-10 04011000-12349-88

let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let clerk: { email: string; password: string; id: string };
let otherClerk: { email: string; password: string };
const units: Record<string, string> = {};

async function unit(tenantId: string, name: string, leitweg: string): Promise<string> {
  const lw = parseLeitwegId(leitweg)!;
  assert.ok(lw.checkDigitOk, `${leitweg} must have a right check digit`);
  const id = await addUnit(t.db, { tenantId, actorId: null, name, leitwegId: lw.normalized, leitwegBase: lw.base, payerName: 'Gemeindekasse', payerIban: 'DE02120300000000202051', payerBic: null, now: t.clock.now() });
  assert.notEqual(id, 'taken');
  return id;
}

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Alphastadt' });
  b = await createTenant(t.db, { name: 'Betadorf' });
  clerk = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Clara Clerk' });
  otherClerk = await createUser(t.db, b, { kind: 'staff', roles: ['clerk', 'admin'], name: 'Bodo Beta' });
  units.kaemmerei = await unit(a.id, 'Kämmerei', '04011000-12345-03');
  units.bauamt = await unit(a.id, 'Bauamt', '99000000-05676-15');
  units.schule = await unit(a.id, 'Schulverwaltung', '04011000-12349-88');
  units.beta = await unit(b.id, 'Betadorf Kämmerei', '04011000-12346-97');
});
after(() => t.close());

async function login(u: { email: string; password: string }, tenant = a): Promise<Client> {
  const c = new Client(t);
  const res = await c.login(`/${tenant.slug}`, u.email, u.password);
  assert.equal(res.statusCode, 303);
  return c;
}

/** A multipart form post as a browser sends it (after loading the form for its CSRF token); files default to XML. */
async function upload(c: Client, url: string, f: { name: string; bytes: Uint8Array; type?: string }): Promise<LightMyRequestResponse> {
  await c.get(url);
  return postMultipart(t, c, url, {}, { ...f, type: f.type ?? 'application/xml' });
}

const P = () => `/${a.slug}/verwaltung/erechnung`;
const count = async (table: 'einvoice_invoices' | 'files', tenantId = a.id) => (await t.db.one<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)} where tenant_id = ${tenantId}`))!.n;
const invoice = async (id: string) =>
  (await t.db.one<{ state: string; unit_id: string; channel: string; warnings: string[]; number: string; amount_due: string; amount_due_cents: number | null; total_gross: string; validation: { valid: boolean; errors: { id: string; severity: string }[] }; duplicate_of: string | null; tenant_id: string; due_date: string; due_basis: string }>(
    sql`select * from einvoice_invoices where id = ${id}`,
  ))!;
const idFrom = (res: LightMyRequestResponse) => String(res.headers.location).split('/').pop()!;

test('upload: a valid XRechnung is routed by its Leitweg-ID to the unit, stored with its original and shown', async () => {
  const c = await login(clerk);
  const res = await upload(c, `${P()}/eingang`, { name: UBL_0101, bytes: file(UBL_0101) });
  assert.equal(res.statusCode, 303, res.body);
  const id = idFrom(res);
  const row = await invoice(id);
  assert.equal(row.state, 'received');
  assert.equal(row.unit_id, units.kaemmerei);
  assert.equal(row.channel, 'upload');
  assert.equal(row.number, '123456XX');
  // Exact strings as in the document, cents for EUR.
  assert.equal(row.amount_due, '336.9');
  assert.equal(row.amount_due_cents, 33690);
  assert.deepEqual(row.warnings, []);
  assert.equal(row.validation.valid, true);
  // Without BT-9 and without payment terms the due date is 30 days after receipt (Europe/Berlin).
  assert.equal(row.due_basis, 'default');
  assert.equal(row.due_date, '2026-12-21');
  const stored = await t.db.one<{ content: Uint8Array }>(sql`select f.content from files f join einvoice_invoices i on i.file_id = f.id where i.id = ${id}`);
  assert.deepEqual(Buffer.from(stored!.content), Buffer.from(file(UBL_0101)));
  const page = await c.get(`${P()}/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Rechnung 123456XX/);
  assert.match(page.body, /Kämmerei \(Leitweg-ID 04011000-12345-03\)/);
  assert.match(page.body, /Die Rechnung ist gültig/);
  const original = await c.get(`${P()}/${id}/original`);
  assert.equal(original.statusCode, 200);
  assert.deepEqual(original.rawPayload, Buffer.from(file(UBL_0101)));
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${a.id} and action = 'einvoice.received' and object_id = ${id}`))!.n, 1);
});

test('the same invoice again (here in CII) is refused as a duplicate naming the earlier one; nothing is stored', async () => {
  const c = await login(clerk);
  const before = [await count('einvoice_invoices'), await count('files')];
  const res = await upload(c, `${P()}/eingang`, { name: CII_0101, bytes: file(CII_0101) });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /Diese Rechnung ist bereits eingegangen: Rechnungsnummer „123456XX“/);
  const earlier = await t.db.one<{ id: string }>(sql`select id from einvoice_invoices where tenant_id = ${a.id} and number = '123456XX'`);
  assert.match(res.body, new RegExp(`href="${P()}/${earlier!.id}"`));
  assert.deepEqual([await count('einvoice_invoices'), await count('files')], before);
});

test('a wrong check digit in the Leitweg-ID is a warning, not a rejection: the invoice reaches the unit of its Grob-/Feinadressierung', async () => {
  const c = await login(clerk);
  const res = await upload(c, `${P()}/eingang`, { name: UBL_0107, bytes: file(UBL_0107) });
  assert.equal(res.statusCode, 303, res.body);
  const row = await invoice(idFrom(res));
  assert.equal(row.state, 'received');
  assert.equal(row.unit_id, units.bauamt);
  assert.equal(row.warnings.length, 1);
  assert.match(row.warnings[0]!, /Prüfziffer der Leitweg-ID „99000000-05676-98“ ist falsch \(richtig wäre 15\)/);
  // BT-9 is given in this invoice.
  assert.equal(row.due_basis, 'bt9');
  assert.equal(row.due_date, '2016-08-14');
  const page = await c.get(`${P()}/${idFrom(res)}`);
  assert.match(page.body, /Hinweise zum Eingang/);
  assert.match(page.body, /LEITWEG-ID-02/);
});

test('an unknown profile (BT-24) is read as EN 16931 and stored with a note; like every invoice it waits for the approvals', async () => {
  const c = await login(clerk);
  const xml = Buffer.from(file(UBL_0101)).toString('utf8').replace(/<cbc:CustomizationID>[^<]*</, '<cbc:CustomizationID>urn:example:unbekannt<').replace('<cbc:ID>123456XX</cbc:ID>', '<cbc:ID>UNBEK-1</cbc:ID>');
  const res = await upload(c, `${P()}/eingang`, { name: 'unbekannt.xml', bytes: Buffer.from(xml) });
  assert.equal(res.statusCode, 303);
  const row = await invoice(idFrom(res));
  assert.equal(row.state, 'received');
  assert.ok(row.warnings.some((w) => /Unbekannte Spezifikationskennung \(BT-24\) „urn:example:unbekannt“/.test(w)), JSON.stringify(row.warnings));
  assert.ok(row.validation.errors.some((e) => e.id === 'PROFILE-UNKNOWN'));
  const page = await c.get(`${P()}/${idFrom(res)}`);
  assert.match(page.body, /Unbekannte Spezifikationskennung/);
  assert.match(page.body, /Nächster Schritt: Sachlich richtig/);
});

test('an unknown Leitweg-ID is refused naming it, one of another municipality too; nothing is stored', async () => {
  const c = await login(clerk);
  const before = [await count('einvoice_invoices'), await count('files'), await count('einvoice_invoices', b.id)];
  const unknown = await upload(c, `${P()}/eingang`, { name: UBL_0103, bytes: file(UBL_0103) });
  assert.equal(unknown.statusCode, 422);
  assert.match(unknown.body, /Die Leitweg-ID „04011000-12347-94“ \(BT-10\) ist keiner Dienststelle zugeordnet/);
  const foreign = await upload(c, `${P()}/eingang`, { name: UBL_0102, bytes: file(UBL_0102) });
  assert.equal(foreign.statusCode, 422);
  assert.match(foreign.body, /„04011000-12346-97“ \(BT-10\) gehört nicht zu dieser Kommune/);
  assert.doesNotMatch(foreign.body, /Betadorf/);
  assert.deepEqual([await count('einvoice_invoices'), await count('files'), await count('einvoice_invoices', b.id)], before);
  const refusals = await t.db.rows<{ details: { reason: string } }>(sql`select details from audit_log where tenant_id = ${a.id} and action = 'einvoice.intake_refused' order by seq`);
  assert.ok(refusals.some((r) => r.details.reason === 'unknown-reference') && refusals.some((r) => r.details.reason === 'other-tenant'));
});

test('bad files (not XML, hostile or truncated XML, PDF without XML, PDFs without Leitweg-ID, BMP) get a clear message and leave nothing behind', async () => {
  const c = await login(clerk);
  const before = [await count('einvoice_invoices'), await count('files')];
  const xml = Buffer.from(file(UBL_0101)).toString('utf8');
  const letter = await renderLetter({ letterhead: { authority: 'Lieferant GmbH', address: ['Weg 1', '12345 Ort'], contact: [] }, recipient: ['Alphastadt'], date: '20.11.2026', reference: '–', subject: 'Rechnung', body: [{ text: 'Bitte zahlen Sie 100 Euro.' }] });
  const cases: [string, Uint8Array, RegExp][] = [
    ['notiz.txt', Buffer.from('Rechnung über 100 Euro, bitte überweisen.'), /weder ein XML-Dokument noch eine PDF-Datei/],
    ['bomb.xml', Buffer.from('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&lol2;</Invoice>'), /DOCTYPE|ENTITY|Dokumenttyp/i],
    ['halb.xml', Buffer.from(xml.slice(0, Math.floor(xml.length * 0.6))), /endet unerwartet .*unvollständig/],
    ['brief.pdf', letter, /PDF/],
    ['kosit-vc_bin001.bmp.xml', file('kosit-vc_bin001.bmp.xml'), /BMP-Bild/],
    ['leer.xml', new Uint8Array(0), /leer/],
    // Hybrid PDFs are read (the one with two XML attachments by its XMP metadata), but these carry no Leitweg-ID.
    ['mustang_validV2PDF.pdf', file('mustang_validV2PDF.pdf'), /keine Leitweg-ID \(Käuferreferenz, BT-10\)/],
    ['zfcorpus_EN16931_Miete.pdf', file('zfcorpus_EN16931_Miete.pdf'), /keine Leitweg-ID/],
  ];
  for (const [name, bytes, message] of cases) {
    const res = await upload(c, `${P()}/eingang`, { name, bytes });
    assert.equal(res.statusCode, 422, `${name}: ${res.statusCode}`);
    assert.match(res.body, message, name);
    assert.match(res.body, /[Ee]s wurde nichts gespeichert/, name);
    assert.match(res.body, /error-summary/, name);
  }
  assert.deepEqual([await count('einvoice_invoices'), await count('files')], before);
});

test('amounts that do not add up: stored as invalid with the rule ids, never payable', async () => {
  const c = await login(clerk);
  const broken = Buffer.from(Buffer.from(file(UBL_0101)).toString('utf8').replace('<cbc:ID>123456XX</cbc:ID>', '<cbc:ID>KAPUTT-1</cbc:ID>').replace('<cbc:PayableAmount currencyID="EUR">336.9<', '<cbc:PayableAmount currencyID="EUR">999.99<'));
  const res = await upload(c, `${P()}/eingang`, { name: 'kaputt.xml', bytes: broken });
  assert.equal(res.statusCode, 303);
  const id = idFrom(res);
  const row = await invoice(id);
  assert.equal(row.state, 'invalid');
  assert.equal(row.validation.valid, false);
  assert.ok(row.validation.errors.some((e) => e.id === 'BR-CO-16' && e.severity === 'fatal'), JSON.stringify(row.validation.errors));
  const page = await c.get(`${P()}/${id}`);
  assert.match(page.body, /Die Rechnung ist ungültig/);
  assert.match(page.body, /BR-CO-16/);
  // Not on the way to payment: the first step is refused.
  const step = await c.post(`${P()}/${id}/sachlich`, { version: '1' });
  assert.equal(step.statusCode, 409);
  assert.match(step.body, /Die Rechnung ist ungültig \(siehe Prüfbericht\)/);
  assert.equal((await invoice(id)).state, 'invalid');
  // A corrected invoice with the same seller, number and gross amount is accepted and linked to the invalid one.
  const fixed = Buffer.from(Buffer.from(file(UBL_0101)).toString('utf8').replace('<cbc:ID>123456XX</cbc:ID>', '<cbc:ID>KAPUTT-1</cbc:ID>'));
  const again = await upload(c, `${P()}/eingang`, { name: 'berichtigt.xml', bytes: fixed });
  assert.equal(again.statusCode, 303);
  const second = await invoice(idFrom(again));
  assert.equal(second.state, 'received');
  assert.equal(second.duplicate_of, id);
});

test('API: raw XML with session and CSRF token; the same bytes again answer 200 with the stored invoice', async () => {
  const c = await login(clerk);
  await c.get(`/api/v1/${a.slug}`);
  const url = `/api/v1/${a.slug}/einvoices`;
  const send = (bytes: Uint8Array, type = 'application/xml', csrf = c.csrf) =>
    t.app.inject({ method: 'POST', url, payload: Buffer.from(bytes), headers: { 'content-type': type, 'x-csrf-token': csrf, cookie: [...c.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ') } });
  // The token comes with every API answer to a signed-in user (here the public tenant endpoint).
  const token = c.csrf;
  assert.ok(token);
  assert.equal((await send(file(UBL_0121), 'application/xml', 'falsch')).statusCode, 403);
  const first = await send(file(UBL_0121), 'application/xml', token);
  assert.equal(first.statusCode, 201, first.body);
  const body = first.json();
  assert.equal(body.status, 'created');
  assert.equal(body.invoice.state, 'received');
  assert.equal(body.invoice.unit.leitwegId, '04011000-12349-88');
  assert.equal(body.invoice.amountDue, '233.00');
  assert.equal((await invoice(body.invoice.id)).channel, 'api');
  const n = await count('einvoice_invoices');
  const second = await send(file(UBL_0121), 'application/xml', token);
  assert.equal(second.statusCode, 200);
  assert.equal(second.json().status, 'existing');
  assert.equal(second.json().invoice.id, body.invoice.id);
  assert.equal(await count('einvoice_invoices'), n);
  // Refusals are JSON with the reader's message; JSON bodies are the wrong type.
  const bad = await send(Buffer.from('<Rechnung>'), 'application/xml', token);
  assert.equal(bad.statusCode, 422);
  assert.equal(bad.json().error.reason, 'unreadable');
  assert.match(bad.json().error.detail, /kein wohlgeformtes XML/);
  const json = await send(Buffer.from('{"a":1}'), 'application/json', token);
  assert.equal(json.statusCode, 415);
  assert.equal(await count('einvoice_invoices'), n);
  // Without a session: 401.
  const anon = await t.app.inject({ method: 'POST', url, payload: Buffer.from(file(UBL_0121)), headers: { 'content-type': 'application/xml' } });
  assert.ok([401, 403].includes(anon.statusCode));
});

test('CLI: `einvoice import FILE --tenant SLUG` stores, answers "bereits eingegangen" the second time, and refuses cleanly', async () => {
  const lines: string[] = [];
  const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(`ERR ${s}`) };
  const path = join(DIR, CII_0101);
  // Same seller, number and amount as the uploaded UBL file: refused as duplicate.
  assert.equal(await runEinvoiceImport(t.db, [path, '--tenant', a.slug], io, { now: t.clock.now() }), 1);
  assert.match(lines.join('\n'), /nicht angenommen\. Diese Rechnung ist bereits eingegangen/);
  lines.length = 0;
  // A fresh tenant with a matching unit takes it.
  const c2 = await createTenant(t.db, { name: 'Gammaland' });
  await unit(c2.id, 'Gammaland Kämmerei', '04011000-12348-91');
  const fpath = join(DIR, 'kosit-ts_01.04a-INVOICE_ubl.xml');
  assert.equal(await runEinvoiceImport(t.db, [fpath, '--tenant', c2.slug], io, { now: t.clock.now() }), 0, lines.join('\n'));
  assert.match(lines.join('\n'), /eingegangen\n {2}Rechnung 1234\/78\/901/);
  const row = await t.db.one<{ channel: string; received_by: string | null; file_sha256: string }>(sql`select channel, received_by, file_sha256 from einvoice_invoices where tenant_id = ${c2.id}`);
  assert.equal(row!.channel, 'cli');
  assert.equal(row!.received_by, null);
  lines.length = 0;
  assert.equal(await runEinvoiceImport(t.db, [fpath, '--tenant', c2.slug, '--json'], io, { now: t.clock.now() }), 0);
  assert.equal(JSON.parse(lines.join('\n')).status, 'existing');
  assert.equal(await count('einvoice_invoices', c2.id), 1);
  lines.length = 0;
  assert.equal(await runEinvoiceImport(t.db, [fpath, '--tenant', 'gibt-es-nicht'], io), 2);
  assert.equal(await runEinvoiceImport(t.db, [fpath], io), 2);
  assert.equal(await runEinvoiceImport(t.db, [join(DIR, 'fehlt.xml'), '--tenant', c2.slug], io), 1);
  assert.match(lines.join('\n'), /wurde nicht gefunden/);
});

test("tenant isolation: another municipality's invoice id answers 404 and changes nothing", async () => {
  const id = (await t.db.one<{ id: string }>(sql`select id from einvoice_invoices where tenant_id = ${a.id} and state = 'received' limit 1`))!.id;
  const before = await invoice(id);
  const beta = await login(otherClerk, b);
  assert.equal((await beta.get(`/${b.slug}/verwaltung/erechnung/${id}`)).statusCode, 404);
  assert.equal((await beta.get(`/${b.slug}/verwaltung/erechnung/${id}/original`)).statusCode, 404);
  await beta.get(`/${b.slug}/verwaltung/erechnung`);
  assert.equal((await beta.post(`/${b.slug}/verwaltung/erechnung/${id}/sachlich`, { version: '1' })).statusCode, 404);
  assert.equal((await beta.post(`/${b.slug}/verwaltung/erechnung/${id}/zurueckweisen`, { version: '1', begruendung: 'Nicht unsere Rechnung.' })).statusCode, 404);
  assert.deepEqual(await invoice(id), before);
  // And the own tenant's worklist does show it (the checks above can fail).
  const own = await login(clerk);
  assert.match((await own.get(`/${a.slug}/verwaltung/erechnung`)).body, new RegExp(id));
});
