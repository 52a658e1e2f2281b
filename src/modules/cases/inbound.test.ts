import { sampleMail } from '../../testing/samples.ts';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { Client, postMultipart, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { renderLetter, sql } from '../../kernel/index.ts';
import { seedBackOffice, type BackOffice } from '../../demo/cases.ts';
import { openFile } from '../records/index.ts';
import { openCase } from './index.ts';
import { attachmentProblem } from './mail.ts';

type U = { id: string; email: string; password: string };

let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let office: BackOffice;
let clerk: U, registry: U, citizen: U, otherClerk: U;
const P = () => `/${a.slug}/verwaltung/posteingang`;
const V = () => `/${a.slug}/verwaltung/vorgaenge`;
const sha = (x: Uint8Array) => createHash('sha256').update(x).digest('hex');
// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Havelwerder', city: 'Havelwerder' });
  b = await createTenant(t.db, { name: 'Nachbarort' });
  clerk = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Clara Clerk' });
  registry = await createUser(t.db, a, { kind: 'staff', roles: ['records'], name: 'Rita Registratur' });
  citizen = await createUser(t.db, a, { kind: 'citizen', name: 'Petra Parker' });
  otherClerk = await createUser(t.db, b, { kind: 'staff', roles: ['clerk', 'admin'], name: 'Bernd Nachbar' });
  await t.db.transaction(async (tx) => {
    office = await seedBackOffice(tx, a.id, { members: [clerk.id], now: t.clock.now() });
    await seedBackOffice(tx, b.id, { members: [otherClerk.id], now: t.clock.now() });
  });
});
after(() => t.close());

async function login(u: U, tenant = a): Promise<Client> {
  const c = new Client(t);
  const res = await c.login(`/${tenant.slug}`, u.email, u.password);
  assert.equal(res.statusCode, 303);
  return c;
}

/** A multipart form post as a browser sends it: fields, one file, cookies, CSRF token. */
function upload(c: Client, url: string, fields: Record<string, string>, file?: { name: string; type?: string; bytes: Uint8Array }): Promise<LightMyRequestResponse> {
  return postMultipart(t, c, url, fields, file);
}

const letterPdf = (subject: string, body: string) =>
  renderLetter({ letterhead: { authority: 'Erika Muster', address: ['Lindenweg 4', '14712 Havelwerder'], contact: [] }, recipient: ['Stadt Havelwerder'], date: '20.11.2026', reference: '–', subject, body: [{ text: body }] });

const mail = (o: { subject: string; body: string; attachment?: { name: string; type: string; bytes: Buffer } }) =>
  sampleMail({ ...o, to: 'rathaus@havelwerder.example', date: 'Fri, 20 Nov 2026 09:30:00 +0100', messageId: 'inbound-1@example.org' });

const key = () => `k${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`.padEnd(24, 'x');
const itemIdOf = (res: LightMyRequestResponse) => String(res.headers.location).split('/').pop()!;
const count = async (table: 'inbound_items' | 'files' | 'cases' | 'records_documents' | 'outgoing_letters' | 'print_batches', tenantId = a.id) =>
  (await t.db.one<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)} where tenant_id = ${tenantId}`))!.n;
const audits = async (action: string) => (await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${a.id} and action = ${action}`))!.n;
const item = async (id: string) =>
  (await t.db.one<{ year: number; running_no: number; status: string; case_id: string | null; file_id: string | null; document_id: string | null; stored_file_id: string; sender: string; subject: string; kind: string; attachments: { name: string }[] }>(
    sql`select * from inbound_items where id = ${id}`,
  ))!;

test('Posteingang: each upload gets the next receipt number, the original is kept byte for byte, a double submit stamps once', async () => {
  const k = await login(clerk);
  const page = await k.get(P());
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Eingang erfassen/);
  const pdf = await letterPdf('Widerspruch gegen den Gebührenbescheid', 'Hiermit lege ich Widerspruch gegen den Bescheid vom 12.11.2026 ein.');
  const formKey = key();
  let res = await upload(k, P(), { absender: 'Erika Muster, Lindenweg 4', betreff: 'Widerspruch Gebührenbescheid', schluessel: formKey }, { name: 'scan.pdf', type: 'application/pdf', bytes: pdf });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  const first = itemIdOf(res);
  // The same form sent again (double click, reload): the same item, no second number.
  res = await upload(k, P(), { absender: 'Erika Muster, Lindenweg 4', betreff: 'Widerspruch Gebührenbescheid', schluessel: formKey }, { name: 'scan.pdf', type: 'application/pdf', bytes: pdf });
  assert.equal(res.statusCode, 303);
  assert.equal(itemIdOf(res), first);
  res = await upload(k, P(), { absender: 'Hans Hof', betreff: '', schluessel: key() }, { name: 'foto.png', type: 'image/png', bytes: PNG });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  const second = itemIdOf(res);

  const [x, y] = [await item(first), await item(second)];
  assert.deepEqual([x.year, x.running_no, y.year, y.running_no], [2026, 1, 2026, 2], 'consecutive numbers per tenant and year');
  assert.equal(x.kind, 'letter');
  assert.equal(x.sender, 'Erika Muster, Lindenweg 4');
  assert.equal(x.status, 'new');
  const stored = (await t.db.one<{ content: Uint8Array; sha256: string; mime: string }>(sql`select content, sha256, mime from files where id = ${x.stored_file_id}`))!;
  assert.equal(sha(stored.content), sha(pdf), 'the original bytes, unchanged');
  assert.equal(stored.sha256, sha(pdf));
  assert.equal(stored.mime, 'application/pdf');
  assert.equal((await t.db.one<{ last: number }>(sql`select last from inbound_counters where tenant_id = ${a.id} and year = 2026`))!.last, 2);
  assert.equal(await audits('inbound.received'), 2);

  const view = await k.get(`${P()}/${first}`);
  assert.equal(view.statusCode, 200);
  assert.match(view.body, /PE-2026-000001/);
  assert.match(view.body, new RegExp(sha(pdf)));
  assert.match(view.body, /Widerspruch gegen den Bescheid vom 12\.11\.2026/, 'the text layer is shown');
  const download = await k.get(`${P()}/${first}/original`);
  assert.equal(download.statusCode, 200);
  assert.equal(sha(download.rawPayload), sha(pdf));
  assert.match(String(download.headers['content-disposition']), /^attachment/);
  assert.equal((await k.get(`${P()}/${second}/vorschau`)).headers['content-type'], 'image/png');
  assert.equal((await k.get(`${P()}/${first}/vorschau`)).statusCode, 404, 'PDFs are never shown inline');
  const list = await k.get(P());
  assert.ok(list.body.indexOf('PE-2026-000001') < list.body.indexOf('PE-2026-000002'), 'new items, the oldest first');
});

test('.eml: sender, subject and date come from the message; attachments are listed but not offered', async () => {
  const k = await login(registry);
  await k.get(P());
  const pdf = await letterPdf('Anlage', 'Kopie des Fahrzeugscheins');
  const res = await upload(k, P(), { absender: '', betreff: '', schluessel: key() }, { name: 'nachricht.eml', type: 'message/rfc822', bytes: mail({ subject: 'Frage zur Straßenreinigung – Lindenweg', body: 'Guten Tag, wann wird gekehrt?', attachment: { name: 'fahrzeugschein.pdf', type: 'application/pdf', bytes: pdf } }) });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  const id = itemIdOf(res);
  const row = await item(id);
  assert.equal(row.kind, 'email');
  assert.equal(row.sender, 'Erika Muster <erika@example.org>');
  assert.equal(row.subject, 'Frage zur Straßenreinigung – Lindenweg');
  assert.deepEqual(row.attachments.map((x) => x.name), ['fahrzeugschein.pdf']);
  const sent = await t.db.one<{ sent_at: Date }>(sql`select sent_at from inbound_items where id = ${id}`);
  assert.equal(sent!.sent_at.toISOString(), '2026-11-20T08:30:00.000Z');
  const view = await k.get(`${P()}/${id}`);
  assert.match(view.body, /wann wird gekehrt/);
  assert.match(view.body, /fahrzeugschein\.pdf/);
  assert.match(view.body, /weder geöffnet noch einzeln angeboten/);
});

test('hostile or broken input is refused with a German message: nothing stored, the refusal audited', async () => {
  const k = await login(clerk);
  await k.get(P());
  const before = { items: await count('inbound_items'), files: await count('files'), refused: await audits('inbound.refused') };
  const counter = async () => (await t.db.one<{ last: number }>(sql`select last from inbound_counters where tenant_id = ${a.id} and year = 2026`))?.last ?? 0;
  const lastNo = await counter();
  const pdf = await letterPdf('x', 'y');
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
  const cases: [string, { name: string; bytes: Uint8Array }, RegExp][] = [
    ['corrupt PDF', { name: 'brief.pdf', bytes: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ngarbage, no pages, no xref\n%%EOF\n') }, /beschädigt oder verschlüsselt/],
    ['truncated PDF', { name: 'brief.pdf', bytes: pdf.subarray(0, pdf.length - 400) }, /beschädigt oder verschlüsselt/],
    ['program named .pdf', { name: 'brief.pdf', bytes: exe }, /kein PDF, kein PNG- oder JPEG-Bild/],
    ['image named .pdf', { name: 'brief.pdf', bytes: PNG }, /Dateiname passt nicht zum Inhalt/],
    ['text file', { name: 'notiz.txt', bytes: Buffer.from('Nur ein Vermerk.') }, /Textdateien werden im Posteingang nicht angenommen/],
    ['empty file', { name: 'leer.pdf', bytes: Buffer.alloc(0) }, /Die Datei ist leer/],
    ['oversized PDF', { name: 'gross.pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20 * 1024 * 1024, 0x20), Buffer.from('%%EOF\n')]) }, /größer als 20 MB/],
    ['e-mail with a program attached', { name: 'mail.eml', bytes: mail({ subject: 'Rechnung', body: 'Siehe Anhang', attachment: { name: 'rechnung.exe', type: 'application/octet-stream', bytes: exe } }) }, /Programm oder Skript.*„rechnung\.exe“/],
    ['e-mail with a script attached', { name: 'mail.eml', bytes: mail({ subject: 'Rechnung', body: 'Siehe Anhang', attachment: { name: 'Rechnung.pdf.js', type: 'text/plain', bytes: Buffer.from('WScript.Shell') } }) }, /Programm oder Skript/],
    ['e-mail with a double extension', { name: 'mail.eml', bytes: mail({ subject: 'Rechnung', body: 'Siehe Anhang', attachment: { name: 'Rechnung.pdf.zip', type: 'application/zip', bytes: Buffer.from('PK\u0003\u0004xxxx') } }) }, /doppelter Dateiendung/],
    ['e-mail with a program under a harmless name', { name: 'mail.eml', bytes: mail({ subject: 'Foto', body: 'Anbei', attachment: { name: 'foto.jpg', type: 'image/jpeg', bytes: exe } }) }, /Programm oder Skript/],
    ['not an e-mail', { name: 'mail.eml', bytes: Buffer.from('Hallo, das ist keine Nachricht.\n\nGruß') }, /konnte nicht gelesen werden/],
  ];
  let audited = before.refused;
  for (const [what, file, message] of cases) {
    const res = await upload(k, P(), { absender: 'Jemand', betreff: '', schluessel: key() }, file);
    assert.equal(res.statusCode, 422, `${what}: ${res.statusCode}`);
    assert.match(res.body, message, what);
    assert.match(res.body, /class="kern-error"/, `${what}: the message sits at the field`);
    if (file.bytes.length) audited++;
    assert.equal(await audits('inbound.refused'), audited, `${what}: audited`);
  }
  // A letter without its sender: not a refusal of the file, but nothing is stored either.
  const res = await upload(k, P(), { absender: '', betreff: '', schluessel: key() }, { name: 'brief.pdf', bytes: pdf });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Bitte geben Sie den Absender des Briefes an/);
  assert.equal(await count('inbound_items'), before.items, 'no item');
  assert.equal(await count('files'), before.files, 'no file');
  assert.equal(await counter(), lastNo, 'no receipt number used up');
});

test('the attachment check on its own: names and content', () => {
  assert.equal(attachmentProblem('bescheid.pdf', Buffer.from('%PDF-1.7')), undefined);
  assert.equal(attachmentProblem('archiv.tar.gz', Buffer.from('x')), undefined);
  assert.equal(attachmentProblem('Vertrag.docx', Buffer.from('PK')), undefined);
  assert.equal(attachmentProblem('setup.EXE', Buffer.from('x')), 'executable');
  assert.equal(attachmentProblem('makro.xlsm', Buffer.from('x')), 'executable');
  assert.equal(attachmentProblem('start.lnk', Buffer.from('x')), 'executable');
  assert.equal(attachmentProblem('daten.bin', Buffer.from('x'), 'application/x-msdownload'), 'executable');
  assert.equal(attachmentProblem('rechnung.pdf.vbs', Buffer.from('x')), 'executable');
  assert.equal(attachmentProblem('rechnung.pdf.html', Buffer.from('x')), 'double_extension');
  assert.equal(attachmentProblem('Rechnung\u202Efdp.exe', Buffer.from('x')), 'disguised_name');
  assert.equal(attachmentProblem('skript', Buffer.from('#!/bin/sh\nrm -rf /')), 'executable');
});

async function newItem(k: Client, subject: string): Promise<string> {
  await k.get(P());
  const res = await upload(k, P(), { absender: 'Erika Muster', betreff: subject, schluessel: key() }, { name: 'scan.pdf', bytes: await letterPdf(subject, `Text zu ${subject}`) });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  return itemIdOf(res);
}

test('assigned to an existing case: filed into its E-Akte as incoming with the original bytes; a second click files nothing', async () => {
  const k = await login(clerk);
  const c = await t.db.transaction((tx) => openCase(tx, { tenantId: a.id, typeId: office.types.parking, subject: 'Bewohnerparkausweis Zone A', party: 'Erika Muster', source: 'staff', actorId: null, now: t.clock.now() }));
  const caseRow = (await t.db.one<{ file_id: string }>(sql`select file_id from cases where id = ${c.id}`))!;
  const id = await newItem(k, 'Nachreichung Fahrzeugschein');
  const search = await k.get(`${P()}/${id}?vorgang=${encodeURIComponent(c.number)}`);
  assert.match(search.body, /Gefundene offene Vorgänge/);
  assert.match(search.body, new RegExp(`name="vorgang" value="${c.id}"`));
  const byText = await k.get(`${P()}/${id}?vorgang=Bewohnerparkausweis`);
  assert.match(byText.body, new RegExp(c.number.replace(/\./g, '\\.')));
  const docsBefore = await count('records_documents');
  let res = await k.post(`${P()}/${id}/zuordnen`, { vorgang: c.id });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  assert.equal(res.headers.location, `${V()}/${c.id}`);
  const row = await item(id);
  assert.equal(row.status, 'assigned');
  assert.equal(row.case_id, c.id);
  assert.equal(row.file_id, caseRow.file_id);
  const doc = (await t.db.one<{ direction: string; case_id: string; file_id: string; correspondent: string; title: string; sha256: string; content_text: string }>(sql`
    select d.direction, d.case_id, d.file_id, d.correspondent, d.title, v.sha256, v.content_text from records_documents d join records_document_versions v on v.document_id = d.id where d.id = ${row.document_id}`))!;
  assert.equal(doc.direction, 'incoming');
  assert.equal(doc.case_id, c.id);
  assert.equal(doc.file_id, caseRow.file_id);
  assert.equal(doc.correspondent, 'Erika Muster');
  const original = (await t.db.one<{ sha256: string }>(sql`select sha256 from files where id = ${row.stored_file_id}`))!;
  assert.equal(doc.sha256, original.sha256, 'the filed document is the original');
  assert.match(doc.content_text, /Text zu Nachreichung Fahrzeugschein/, 'searchable in the E-Akte');
  const casePage = await k.get(`${V()}/${c.id}`);
  assert.match(casePage.body, /Nachreichung Fahrzeugschein \(Eingang PE-2026-\d{6}\)/);
  assert.match(casePage.body, /Posteingang zugeordnet/);
  // Double click / stale page: 409, nothing filed twice.
  res = await k.post(`${P()}/${id}/zuordnen`, { vorgang: c.id });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /bereits zugeordnet/);
  assert.equal(await count('records_documents'), docsBefore + 1);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'inbound.assigned' and object_id = ${id}`))!.n, 1);
});

test('assigned to a file without a case, and a new case opened from an item exactly once even on a double post', async () => {
  const k = await login(clerk);
  const file = await t.db.transaction((tx) => openFile(tx, { tenantId: a.id, planItemId: office.plan.general, title: 'Allgemeiner Schriftverkehr', actorId: null, now: t.clock.now() }));
  const toFile = await newItem(k, 'Einladung zur Verbandsversammlung');
  let res = await k.post(`${P()}/${toFile}/akte`, { akte: '9-2026-999999' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Eine Akte mit diesem Aktenzeichen gibt es nicht/);
  res = await k.post(`${P()}/${toFile}/akte`, { akte: file.number });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  const filed = await item(toFile);
  assert.equal(filed.file_id, file.id);
  assert.equal(filed.case_id, null);
  assert.equal((await t.db.one<{ case_id: string | null; file_id: string }>(sql`select case_id, file_id from records_documents where id = ${filed.document_id}`))!.file_id, file.id);

  const id = await newItem(k, 'Antrag auf Sondernutzung');
  const casesBefore = await count('cases');
  const form = { typ: office.types.parking, betreff: 'Sondernutzung Lindenweg', beteiligte: 'Erika Muster' };
  res = await k.post(`${P()}/${id}/vorgang`, form);
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  const again = await k.post(`${P()}/${id}/vorgang`, form);
  assert.equal(again.statusCode, 409);
  const opened = await t.db.rows<{ id: string; source: string; source_ref: string; file_id: string; subject: string; party: string }>(sql`select id, source, source_ref, file_id, subject, party from cases where tenant_id = ${a.id} and source = 'inbound'`);
  assert.equal(opened.length, 1);
  assert.equal(await count('cases'), casesBefore + 1);
  assert.deepEqual([opened[0]!.source_ref, opened[0]!.subject, opened[0]!.party], [id, 'Sondernutzung Lindenweg', 'Erika Muster']);
  assert.equal(res.headers.location, `${V()}/${opened[0]!.id}`);
  const row = await item(id);
  assert.equal(row.case_id, opened[0]!.id);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from records_documents where case_id = ${opened[0]!.id}`))!.n, 1);
});

test('outgoing letters: to the postbox with an account, else into the print batch; the batch is made exactly once', async () => {
  const k = await login(clerk);
  const withAccount = await t.db.transaction((tx) => openCase(tx, { tenantId: a.id, typeId: office.types.registration, subject: 'Meldebescheinigung', party: 'Petra Parker', citizenUserId: citizen.id, source: 'staff', actorId: null, now: t.clock.now() }));
  const withoutAccount = await t.db.transaction((tx) => openCase(tx, { tenantId: a.id, typeId: office.types.registration, subject: 'Anfrage per Brief', party: 'Otto Ohnekonto', source: 'staff', actorId: null, now: t.clock.now() }));

  let page = await k.get(`${V()}/${withAccount.id}`);
  assert.match(page.body, /Schreiben versenden/);
  assert.match(page.body, /in das Postfach von Petra Parker/);
  let formKey = page.body.match(/name="schluessel" value="([^"]+)"/)![1]!;
  const letter = { brief_betreff: 'Ihre Meldebescheinigung', brief_text: 'Sehr geehrte Frau Parker,\n\nbitte reichen Sie noch eine Kopie Ihres Ausweises nach.', brief_anschrift: '', schluessel: formKey };
  let res = await k.post(`${V()}/${withAccount.id}/schreiben`, letter);
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,2000}/)?.[0]);
  res = await k.post(`${V()}/${withAccount.id}/schreiben`, letter);
  assert.equal(res.statusCode, 303, 'the same form again: no second letter');
  const postbox = await t.db.rows<{ channel: string; recipient_user_id: string; document_id: string }>(sql`select channel, recipient_user_id, document_id from outgoing_letters where case_id = ${withAccount.id}`);
  assert.equal(postbox.length, 1);
  assert.equal(postbox[0]!.channel, 'postbox');
  assert.equal(postbox[0]!.recipient_user_id, citizen.id);
  const delivered = await t.db.rows<{ title: string; sha: string }>(sql`select d.title, f.sha256 as sha from postbox_documents d join files f on f.id = d.file_id where d.user_id = ${citizen.id}`);
  assert.deepEqual(delivered.map((d) => d.title), ['Schreiben: Ihre Meldebescheinigung']);
  const filed = (await t.db.one<{ direction: string; sha: string }>(sql`select d.direction, v.sha256 as sha from records_documents d join records_document_versions v on v.document_id = d.id where d.id = ${postbox[0]!.document_id}`))!;
  assert.equal(filed.direction, 'outgoing');
  assert.equal(filed.sha, delivered[0]!.sha, 'the E-Akte keeps what the citizen received');
  const c = await login(citizen);
  assert.match((await c.get(`/${a.slug}/konto/postfach`)).body, /Ihre Meldebescheinigung/);

  // Without an account: the address is needed, then the letter waits for the print batch.
  page = await k.get(`${V()}/${withoutAccount.id}`);
  assert.match(page.body, /kein Bürgerkonto/);
  formKey = page.body.match(/name="schluessel" value="([^"]+)"/)![1]!;
  res = await k.post(`${V()}/${withoutAccount.id}/schreiben`, { brief_betreff: 'Ihre Anfrage', brief_text: 'Sehr geehrter Herr Ohnekonto,\n\nanbei die Auskunft.', brief_anschrift: 'Otto Ohnekonto', schluessel: formKey });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /braucht das Schreiben eine Anschrift/);
  assert.equal(await count('outgoing_letters'), 1);
  res = await k.post(`${V()}/${withoutAccount.id}/schreiben`, { brief_betreff: 'Ihre Anfrage', brief_text: 'Sehr geehrter Herr Ohnekonto,\n\nanbei die Auskunft.', brief_anschrift: 'Otto Ohnekonto\nSeeweg 2\n14712 Havelwerder', schluessel: formKey });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,2000}/)?.[0]);
  const print = (await t.db.one<{ channel: string; batch_id: string | null; address: string; pages: number }>(sql`select channel, batch_id, address, pages from outgoing_letters where case_id = ${withoutAccount.id}`))!;
  assert.deepEqual([print.channel, print.batch_id, print.address, print.pages], ['print', null, 'Otto Ohnekonto\nSeeweg 2\n14712 Havelwerder', 1]);
  assert.match((await k.get(`${V()}/${withoutAccount.id}`)).body, /wartet auf den Druckstapel/);

  const printPage = await k.get(`${V()}/druck`);
  assert.equal(printPage.statusCode, 200);
  assert.match(printPage.body, /Otto Ohnekonto/);
  assert.doesNotMatch(printPage.body, /Petra Parker/, 'postbox letters are not printed');
  const batchKey = printPage.body.match(/name="schluessel" value="([^"]+)"/)![1]!;
  res = await k.post(`${V()}/druck`, { schluessel: batchKey });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,2000}/)?.[0]);
  const twice = await k.post(`${V()}/druck`, { schluessel: batchKey });
  assert.equal(twice.statusCode, 303);
  assert.equal(twice.headers.location, res.headers.location, 'the second click shows the same batch');
  const stale = await k.post(`${V()}/druck`, { schluessel: key() });
  assert.equal(stale.statusCode, 409, 'a stale page finds nothing to batch');
  assert.match(stale.body, /Es warten keine Schreiben/);
  const batches = await t.db.rows<{ id: string; letters: number; stored_file_id: string }>(sql`select id, letters, stored_file_id from print_batches where tenant_id = ${a.id}`);
  assert.equal(batches.length, 1);
  assert.equal(batches[0]!.letters, 1);
  assert.equal((await t.db.one<{ batch_id: string }>(sql`select batch_id from outgoing_letters where case_id = ${withoutAccount.id}`))!.batch_id, batches[0]!.id);
  const pdf = await k.get(`${V()}/druck/${batches[0]!.id}`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.equal(await audits('case.print_batch_created'), 1);
  assert.equal(await audits('case.letter_sent'), 2);
});

test("tenant isolation: another municipality's clerk finds nothing of these items, letters and batches (404)", async () => {
  const o = await login(otherClerk, b);
  const ours = (await t.db.one<{ id: string }>(sql`select id from inbound_items where tenant_id = ${a.id} and status = 'new' limit 1`))!.id;
  const batch = (await t.db.one<{ id: string }>(sql`select id from print_batches where tenant_id = ${a.id} limit 1`))!.id;
  const ourCase = (await t.db.one<{ id: string }>(sql`select id from cases where tenant_id = ${a.id} limit 1`))!.id;
  const B = `/${b.slug}/verwaltung/posteingang`;
  await o.get(B);
  for (const url of [`${B}/${ours}`, `${B}/${ours}/original`, `${B}/${ours}/vorschau`, `/${b.slug}/verwaltung/vorgaenge/druck/${batch}`, `/${b.slug}/verwaltung/vorgaenge/druck?stapel=${batch}`]) {
    assert.equal((await o.get(url)).statusCode, 404, url);
  }
  const before = await item(ours);
  assert.equal((await o.post(`${B}/${ours}/zuordnen`, { vorgang: ourCase })).statusCode, 404);
  assert.equal((await o.post(`${B}/${ours}/vorgang`, { typ: office.types.parking, betreff: 'Übernahme', beteiligte: '' })).statusCode, 404);
  assert.equal((await o.post(`/${b.slug}/verwaltung/vorgaenge/${ourCase}/schreiben`, { brief_betreff: 'Fremd', brief_text: 'x', brief_anschrift: 'A\nB 1\n12345 C' })).statusCode, 404);
  assert.deepEqual(await item(ours), before);
  // Their own item cannot be filed into our case either.
  const theirs = await newItemIn(o, B);
  const res = await o.post(`${B}/${theirs}/zuordnen`, { vorgang: ourCase });
  assert.equal(res.statusCode, 409);
  assert.equal((await item(theirs)).status, 'new');
  assert.equal(await count('inbound_items', b.id), 1);
  assert.equal((await o.get(`${B}`)).body.includes('PE-2026-000001'), true, 'their own numbering starts at 1');
});

async function newItemIn(c: Client, base: string): Promise<string> {
  await c.get(base);
  const res = await upload(c, base, { absender: 'Nachbar', betreff: 'Post', schluessel: key() }, { name: 'scan.png', bytes: PNG });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  return itemIdOf(res);
}
