import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sha256, sql } from '../../kernel/index.ts';
import { addDocument, addVersion, openFile, searchDocuments } from './index.ts';
import { extractPdfText } from './extract.ts';
import { detectRecordType } from './uploads.ts';
import { encryptedPdf, letterPdf, postMultipart, sampleMail } from './testing.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let clerk: Client;
let clerkId: string;
let fileId: string;
let planItem: string;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

const counts = async () => {
  const r = await t.db.one<{ files: number; docs: number; versions: number }>(sql`select
    (select count(*)::int from files where tenant_id = ${a.id}) as files,
    (select count(*)::int from records_documents where tenant_id = ${a.id}) as docs,
    (select count(*)::int from records_document_versions where tenant_id = ${a.id}) as versions`);
  return r!;
};

const meta = (o: Record<string, string> = {}) => ({ title: 'Bescheid Straßenausbau', direction: 'outgoing', correspondent: 'Erika Muster', date: '2026-11-20', subject: 'Ausbaubeitrag', ...o });
const upload = (file: { name: string; bytes: Uint8Array; type?: string }, fields: Record<string, string> = {}, id = fileId) => postMultipart(t, clerk, `/${a.slug}/verwaltung/akten/${id}/dokumente/neu`, meta(fields), file);

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db);
  const u = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Sven Sachbearbeiter' });
  clerkId = u.id;
  clerk = new Client(t);
  await clerk.login(`/${a.slug}`, u.email, u.password);
  planItem = (await t.db.one<{ id: string }>(sql`insert into records_plan_items (tenant_id, code, title, retention_years, retention_action, created_at)
    values (${a.id}, '66', 'Straßenbau', 30, 'archive', now()) returning id`))!.id;
  fileId = (await t.db.transaction((tx) => openFile(tx, { tenantId: a.id, planItemId: planItem, title: 'Straßenausbau Lindenweg', actorId: u.id, now: t.clock.now() }))).id;
  await clerk.get(`/${a.slug}/verwaltung/akten/${fileId}/dokumente/neu`);
});
after(() => t.close());

test('a real PDF is stored with its hash and found by another inflection of a German word', async () => {
  const pdf = await letterPdf('Bescheid über den Ausbaubeitrag', 'Hiermit ergeht der Bescheid über den Straßenausbaubeitrag für das Grundstück Lindenweg 7.');
  const res = await upload({ name: 'bescheid.pdf', bytes: pdf, type: 'application/pdf' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  const docId = String(res.headers.location).split('/').pop()!;
  const v = await t.db.one<{ sha256: string; mime: string; size: number; text_status: string; content_text: string; stored: string }>(sql`select v.sha256, v.mime, v.size, v.text_status, v.content_text, f.sha256 as stored
    from records_document_versions v join files f on f.id = v.stored_file_id where v.document_id = ${docId}`);
  assert.equal(v!.sha256, sha256(pdf));
  assert.equal(v!.stored, sha256(pdf));
  assert.equal(v!.mime, 'application/pdf');
  assert.equal(v!.size, pdf.length);
  assert.equal(v!.text_status, 'complete');
  assert.match(v!.content_text, /Straßenausbaubeitrag/);

  const r = await searchDocuments(t.db, a.id, 'Bescheide');
  assert.equal(r.hits.length, 1);
  assert.equal(r.hits[0]!.documentId, docId);
  assert.match(r.hits[0]!.snippet ?? '', /\u0001Bescheid\u0002/);
  assert.equal((await searchDocuments(t.db, a.id, 'Grundstücke Lindenweg')).hits.length, 1);
  assert.equal((await searchDocuments(t.db, a.id, 'Hundesteuer')).hits.length, 0);
  const page = await clerk.get(`/${a.slug}/verwaltung/akten/suche?q=Bescheide`);
  assert.match(page.body, /<mark>Bescheid<\/mark>/);
  assert.match(page.body, /Bescheid Straßenausbau/);

  const dl = await clerk.get(`/${a.slug}/verwaltung/akten/dokumente/${docId}/fassungen/1`);
  assert.equal(dl.statusCode, 200);
  assert.equal(dl.headers['content-type'], 'application/pdf');
  assert.match(String(dl.headers['content-disposition']), /^attachment; filename="bescheid.pdf"/);
  assert.equal(dl.headers['x-content-type-options'], 'nosniff');
  assert.equal(sha256(dl.rawPayload), sha256(pdf));
});

test('an e-mail is searchable by its body and subject; its attachments are listed, not opened', async () => {
  const eml = sampleMail({ subject: 'Widerspruch gegen den Beitragsbescheid', body: 'Hiermit lege ich Widerspruch gegen die Heranziehung zu Straßenausbaubeiträgen ein. Die Kanalisation wurde nie erneuert.', attachment: { name: 'rechnung.exe', type: 'application/x-msdownload', bytes: Buffer.from('MZ\x90\x00 not a program') } });
  const res = await upload({ name: 'widerspruch.eml', bytes: eml, type: 'message/rfc822' }, { title: 'Widerspruch Muster', direction: 'incoming' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  const docId = String(res.headers.location).split('/').pop()!;
  const hits = (await searchDocuments(t.db, a.id, 'Kanalisationen')).hits;
  assert.deepEqual(hits.map((h) => h.documentId), [docId]);
  assert.equal((await searchDocuments(t.db, a.id, 'Widersprüche')).hits[0]?.documentId, docId, 'subject words are found too');
  const page = await clerk.get(`/${a.slug}/verwaltung/akten/dokumente/${docId}`);
  assert.match(page.body, /Anhänge der E-Mail/);
  assert.match(page.body, /rechnung\.exe \(application\/x-msdownload/);
  assert.doesNotMatch(page.body, /href="[^"]*rechnung/, 'attachments are not offered as links');
  const v = await t.db.one<{ mime: string; attachments: unknown[] }>(sql`select mime, attachments from records_document_versions where document_id = ${docId}`);
  assert.equal(v!.mime, 'message/rfc822');
  assert.equal(v!.attachments.length, 1);
});

test('corrupt and encrypted PDFs are refused with a German message, nothing stored, and an audit entry', async () => {
  const before = await counts();
  const good = await letterPdf('Test', 'Inhalt');
  const cases: [string, Buffer][] = [
    ['kaputt.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\nGARBAGE\n%%EOF\n')],
    ['abgeschnitten.pdf', good.subarray(0, Math.floor(good.length / 2))],
    ['verschluesselt.pdf', await encryptedPdf('Geheimer Inhalt')],
    ['nur-eigentuemer.pdf', await encryptedPdf('Geheimer Inhalt', {})],
  ];
  for (const [name, bytes] of cases) {
    const res = await upload({ name, bytes, type: 'application/pdf' });
    assert.equal(res.statusCode, 422, name);
    assert.match(res.body, /Die PDF-Datei ist beschädigt oder verschlüsselt/, name);
    assert.match(res.body, /value="Bescheid Straßenausbau"/, 'the metadata stay in the form');
  }
  assert.deepEqual(await counts(), before);
  const audits = await t.db.rows<{ details: { reason: string } }>(sql`select details from audit_log where tenant_id = ${a.id} and action = 'records.upload_refused' order by seq`);
  assert.deepEqual(audits.slice(-4).map((x) => x.details.reason), ['pdf_broken:broken', 'pdf_broken:structure', 'pdf_broken:encrypted', 'pdf_broken:encrypted']);
});

test('the type is decided by content: wrong or unknown bytes are refused, whatever the name says', async () => {
  const before = await counts();
  let res = await upload({ name: 'foto.pdf', bytes: PNG, type: 'application/pdf' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Dateiname passt nicht zum Inhalt/);
  res = await upload({ name: 'programm.txt', bytes: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), type: 'text/plain' });
  assert.match(res.body, /kein PDF, PNG, JPEG, Text/);
  res = await upload({ name: 'seite.html', bytes: Buffer.from('<html><script>alert(1)</script></html>'), type: 'text/html' });
  assert.match(res.body, /Dateiname passt nicht zum Inhalt/);
  res = await upload({ name: 'keine-mail.eml', bytes: Buffer.from('Das ist nur ein Text.\n'), type: 'message/rfc822' });
  assert.match(res.body, /E-Mail-Datei konnte nicht gelesen werden/);
  res = await upload({ name: 'leer.txt', bytes: Buffer.alloc(0) });
  assert.match(res.body, /Die Datei ist leer/);
  res = await upload({ name: 'bild.png', bytes: PNG }, { title: '' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Titel des Dokuments/);
  assert.deepEqual(await counts(), before);

  assert.deepEqual(detectRecordType(Buffer.from('Grüße aus der Verwaltung', 'latin1'), 'notiz.txt'), { ok: true, type: 'text', mime: 'text/plain; charset=windows-1252', text: 'Grüße aus der Verwaltung' });
  assert.equal((detectRecordType(Buffer.from('Grüße'), 'notiz.TXT') as { mime: string }).mime, 'text/plain; charset=utf-8');
  assert.deepEqual(detectRecordType(PNG, 'scan.PNG'), { ok: true, type: 'png', mime: 'image/png' });

  // A 20 MB limit (not the portal's 10 MB) and a German error page above it.
  res = await upload({ name: 'gross.png', bytes: Buffer.concat([PNG, Buffer.alloc(12 * 1024 * 1024)]) }, { title: 'Großer Scan' });
  assert.equal(res.statusCode, 303, 'a 12 MB scan is accepted');
  res = await upload({ name: 'riesig.png', bytes: Buffer.concat([PNG, Buffer.alloc(21 * 1024 * 1024)]) });
  assert.equal(res.statusCode, 413);
  assert.match(res.body, /Anfrage zu groß/);
});

test('versions are immutable; a new version needs the version the person saw', async () => {
  const first = await t.db.transaction((tx) => addDocument(tx, { tenantId: a.id, fileId, title: 'Vermerk', direction: 'internal', documentDate: '2026-11-20', content: { name: 'vermerk.txt', mime: 'text/plain; charset=utf-8', bytes: Buffer.from('Erste Fassung: Ortstermin am Lindenweg'), text: 'Erste Fassung: Ortstermin am Lindenweg' }, actorId: clerkId, now: t.clock.now() }));
  await assert.rejects(t.db.exec(sql`update records_document_versions set content_text = 'geändert' where id = ${first.versionId}`), /immutable/);
  await assert.rejects(t.db.exec(sql`update records_document_versions set sha256 = ${'0'.repeat(64)} where id = ${first.versionId}`), /immutable/);
  await assert.rejects(t.db.exec(sql`delete from records_document_versions where id = ${first.versionId}`), /never deleted/);

  const url = `/${a.slug}/verwaltung/akten/dokumente/${first.documentId}`;
  await clerk.get(url);
  let res = await postMultipart(t, clerk, `${url}/fassungen`, { version: '1', note: '' }, { name: 'v2.txt', bytes: Buffer.from('Zweite Fassung') });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /was sich in der neuen Fassung geändert hat/);
  res = await postMultipart(t, clerk, `${url}/fassungen`, { version: '1', note: 'Ergänzt um Fotos' }, { name: 'v2.txt', bytes: Buffer.from('Zweite Fassung: Ortstermin mit Fotodokumentation') });
  assert.equal(res.statusCode, 303);
  // Someone who still sees version 1 cannot overwrite version 2.
  res = await postMultipart(t, clerk, `${url}/fassungen`, { version: '1', note: 'Alte Sicht' }, { name: 'v2b.txt', bytes: Buffer.from('Konkurrierende Fassung') });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /Inzwischen hat jemand eine neuere Fassung abgelegt \(Fassung 2\)/);
  const race = await t.db.transaction((tx) => addVersion(tx, { tenantId: a.id, documentId: first.documentId, expectedVersion: 1, note: 'x', content: { name: 'x.txt', mime: 'text/plain', bytes: Buffer.from('x') }, actorId: clerkId, now: t.clock.now() }));
  assert.deepEqual(race, { ok: false, reason: 'conflict', current: 2 });

  const versions = await t.db.rows<{ version: number; content_text: string; note: string }>(sql`select version, content_text, note from records_document_versions where document_id = ${first.documentId} order by version`);
  assert.deepEqual(versions.map((v) => [v.version, v.note]), [[1, ''], [2, 'Ergänzt um Fotos']]);
  assert.match(versions[0]!.content_text, /Erste Fassung/, 'the first version is unchanged');
  // Search looks at the current version only.
  assert.equal((await searchDocuments(t.db, a.id, 'Fotodokumentation')).hits[0]?.version, 2);
  assert.equal((await searchDocuments(t.db, a.id, '"Erste Fassung"')).hits.length, 0);
  const page = await clerk.get(url);
  assert.match(page.body, /Ergänzt um Fotos/);
  assert.equal((await clerk.get(`${url}/fassungen/1`)).body, 'Erste Fassung: Ortstermin am Lindenweg', 'old versions stay downloadable');
});

test('every access to a restricted document is logged and shown to staff; open documents are not', async () => {
  const { documentId } = await t.db.transaction((tx) => addDocument(tx, { tenantId: a.id, fileId, title: 'Ärztliches Attest', direction: 'incoming', documentDate: '2026-11-19', restricted: true, content: { name: 'attest.txt', mime: 'text/plain; charset=utf-8', bytes: Buffer.from('Diagnose vertraulich'), text: 'Diagnose vertraulich' }, actorId: clerkId, now: t.clock.now() }));
  const url = `/${a.slug}/verwaltung/akten/dokumente/${documentId}`;
  const page = await clerk.get(url);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Ihr Zugriff wurde protokolliert/);
  assert.match(page.body, /Zugriffsprotokoll[\s\S]*Sven Sachbearbeiter[\s\S]*angesehen/);
  assert.equal((await clerk.get(`${url}/fassungen/1`)).statusCode, 200);
  const log = await t.db.rows<{ kind: string; channel: string; user_id: string; version: number }>(sql`select kind, channel, user_id, version from records_access_log where document_id = ${documentId} order by id`);
  assert.deepEqual(log, [{ kind: 'view', channel: 'staff', user_id: clerkId, version: 1 }, { kind: 'download', channel: 'staff', user_id: clerkId, version: 1 }]);
  // Search shows no snippet of a restricted document (that would be an unlogged read).
  const hit = (await searchDocuments(t.db, a.id, 'Diagnose')).hits[0];
  assert.equal(hit?.documentId, documentId);
  assert.equal(hit?.snippet, null);

  const open = (await t.db.one<{ id: string }>(sql`select id from records_documents where tenant_id = ${a.id} and restricted = false limit 1`))!.id;
  await clerk.get(`/${a.slug}/verwaltung/akten/dokumente/${open}`);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from records_access_log where document_id = ${open}`))!.n, 0);
});

test('extraction is guarded: page limit, time limit, and unreadable input', async () => {
  const pdf = await letterPdf('Seitenbegrenzung', 'Text auf Seite eins.');
  const full = await extractPdfText(pdf);
  assert.ok(full.ok && full.status === 'complete' && /Seite eins/.test(full.text));
  const none = await extractPdfText(pdf, { pages: 0 });
  assert.deepEqual(none, { ok: true, text: '', status: 'none' });
  const capped = await extractPdfText(pdf, { chars: 10 });
  assert.ok(capped.ok && capped.text.length <= 10 && capped.status === 'partial');
  const slow = await extractPdfText(pdf, { timeoutMs: 1 });
  assert.deepEqual(slow, { ok: false, reason: 'broken' }, 'not even opened in time: refused, the worker is stopped');
  assert.deepEqual(await extractPdfText(Buffer.from('%PDF-1.4\nnichts\n%%EOF')), { ok: false, reason: 'broken' });
});
