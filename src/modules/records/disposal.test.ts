import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { unzipSync, strFromU8 } from 'fflate';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sha256, sql } from '../../kernel/index.ts';
import { addDocument, addVersion, closeFile, openFile, PROPOSE_JOB, searchDocuments, type Manifest } from './index.ts';
import { recordsModule } from './index.ts';
import { letterPdf } from './testing.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let registry: Client;
let registryId: string;
let clerk: Client;
let deletePlan: string;
let archivePlan: string;

async function login(o: Parameters<typeof createUser>[2]): Promise<{ c: Client; id: string }> {
  const u = await createUser(t.db, a, o);
  const c = new Client(t);
  await c.login(`/${a.slug}`, u.email, u.password);
  return { c, id: u.id };
}

/** A closed file with two documents (one with two versions), closed at `closedAt`. */
async function closedFile(plan: string, title: string, closedAt: Date) {
  return t.db.transaction(async (tx) => {
    const f = await openFile(tx, { tenantId: a.id, planItemId: plan, title, actorId: null, now: closedAt });
    const pdf = await letterPdf('Beitragsbescheid', `Beitragsbescheid zur Akte ${title}`);
    const d1 = await addDocument(tx, { tenantId: a.id, fileId: f.id, title: 'Beitragsbescheid', direction: 'outgoing', documentDate: '2026-01-10', content: { name: 'bescheid.pdf', mime: 'application/pdf', bytes: pdf, text: `Beitragsbescheid zur Akte ${title}` }, actorId: null, now: closedAt });
    await addVersion(tx, { tenantId: a.id, documentId: d1.documentId, expectedVersion: 1, note: 'korrigiert', content: { name: 'bescheid-2.txt', mime: 'text/plain; charset=utf-8', bytes: Buffer.from(`Korrigierter Beitragsbescheid ${title}`), text: `Korrigierter Beitragsbescheid ${title}` }, actorId: null, now: closedAt });
    await addDocument(tx, { tenantId: a.id, fileId: f.id, title: 'Stellungnahme (Anlieger)', direction: 'incoming', correspondent: 'Familie Muster', documentDate: '2026-02-01', content: { name: 'stellungnahme.txt', mime: 'text/plain; charset=utf-8', bytes: Buffer.from('Wir widersprechen dem Beitrag.'), text: 'Wir widersprechen dem Beitrag.' }, actorId: null, now: closedAt });
    await closeFile(tx, { tenantId: a.id, fileId: f.id, actorId: null, now: closedAt });
    return f;
  });
}

const runProposals = async () => {
  const handler = recordsModule.jobs!(t.platform)[PROPOSE_JOB]!;
  await handler({ id: 'x', tenant_id: null, kind: PROPOSE_JOB, payload: {}, attempts: 1 });
};

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db);
  const r = await login({ kind: 'staff', roles: ['records'], name: 'Rita Registratur' });
  registry = r.c;
  registryId = r.id;
  clerk = (await login({ kind: 'staff', roles: ['clerk', 'lead'], name: 'Sven Sachbearbeiter' })).c;
  const ins = (code: string, years: number, action: string) =>
    t.db.one<{ id: string }>(sql`insert into records_plan_items (tenant_id, code, title, retention_years, retention_action, created_at) values (${a.id}, ${code}, ${`Gruppe ${code}`}, ${years}, ${action}, now()) returning id`).then((x) => x!.id);
  deletePlan = await ins('32', 2, 'delete');
  archivePlan = await ins('66', 1, 'archive');
});
after(() => t.close());

test('the daily job proposes due files exactly once; the hourly maintenance queues one run per day', async () => {
  const old = await closedFile(deletePlan, 'Alt 2023', new Date('2023-06-01T10:00:00Z')); // due 2026-01-01
  await closedFile(deletePlan, 'Neu 2026', new Date('2026-03-01T10:00:00Z')); // due 2029-01-01
  await runProposals();
  await runProposals();
  const proposals = await t.db.rows<{ file_id: string; action: string; status: string }>(sql`select file_id, action, status from records_disposals where tenant_id = ${a.id}`);
  assert.deepEqual(proposals, [{ file_id: old.id, action: 'delete', status: 'proposed' }]);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${a.id} and action = 'records.disposal_proposed'`))!.n, 1);

  await recordsModule.maintenance!(t.platform, t.clock.now());
  await recordsModule.maintenance!(t.platform, new Date(t.clock.now().getTime() + 3_600_000));
  const jobs = await t.db.rows<{ kind: string }>(sql`select kind from jobs where kind = ${PROPOSE_JOB}`);
  assert.equal(jobs.length, 1, 'one run per Berlin day');
  assert.ok((await t.platform.runJobs()) >= 1);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from records_disposals where tenant_id = ${a.id}`))!.n, 1);
});

test('only the Registratur or the administration decides; approving a deletion leaves a tombstone and nothing else', async () => {
  const d = (await t.db.one<{ id: string; file_id: string }>(sql`select id, file_id from records_disposals where tenant_id = ${a.id} and status = 'proposed'`))!;
  const url = `/${a.slug}/verwaltung/akten/aussonderung/${d.id}`;
  assert.equal((await clerk.get(`/${a.slug}/verwaltung/akten/aussonderung`)).statusCode, 403);
  assert.equal((await clerk.post(url, { decision: 'approve' })).statusCode, 403);
  assert.equal((await t.db.one<{ status: string }>(sql`select status from records_disposals where id = ${d.id}`))!.status, 'proposed');

  const list = await registry.get(`/${a.slug}/verwaltung/akten/aussonderung`);
  assert.match(list.body, /Alt 2023/);
  let res = await registry.post(url, { decision: '' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /freigeben oder ablehnen/);
  const storedBefore = await t.db.rows<{ id: string }>(sql`select v.stored_file_id as id from records_document_versions v join records_documents x on x.id = v.document_id where x.file_id = ${d.file_id}`);
  assert.equal(storedBefore.length, 3);
  assert.equal((await searchDocuments(t.db, a.id, 'Beitragsbescheid Alt')).hits.length, 1);

  res = await registry.post(url, { decision: 'approve', reason: 'Frist abgelaufen' });
  assert.equal(res.statusCode, 303);
  const after = await t.db.one<{ status: string; decided_by: string; tombstone: { fileNumber: string; fileTitle: string; planCode: string; approvedBy: { id: string; name: string }; documents: { title: string; versions: { sha256: string }[] }[]; closedAt: string } }>(
    sql`select status, decided_by, tombstone from records_disposals where id = ${d.id}`,
  );
  assert.equal(after!.status, 'done');
  assert.equal(after!.decided_by, registryId);
  const ts = after!.tombstone;
  assert.equal(ts.fileTitle, 'Alt 2023');
  assert.match(ts.fileNumber, /^32-2023-/);
  assert.equal(ts.planCode, '32');
  assert.deepEqual(ts.approvedBy, { id: registryId, name: 'Rita Registratur' });
  assert.deepEqual(ts.documents.map((x) => [x.title, x.versions.length]), [['Beitragsbescheid', 2], ['Stellungnahme (Anlieger)', 1]]);
  assert.ok(ts.documents[0]!.versions.every((v) => /^[0-9a-f]{64}$/.test(v.sha256)));
  assert.equal(ts.closedAt, '2023-06-01T10:00:00.000Z');

  assert.equal((await t.db.one<{ status: string }>(sql`select status from records_files where id = ${d.file_id}`))!.status, 'deleted');
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from files where id = any(${storedBefore.map((x) => x.id)}::uuid[])`))!.n, 0, 'the stored contents are gone');
  const versions = await t.db.rows<{ stored_file_id: string | null; content_text: string; search: string; sha256: string }>(sql`select v.stored_file_id, v.content_text, v.search::text as search, v.sha256
    from records_document_versions v join records_documents x on x.id = v.document_id where x.file_id = ${d.file_id}`);
  assert.ok(versions.every((v) => v.stored_file_id === null && v.content_text === '' && v.search === ''));
  assert.equal((await searchDocuments(t.db, a.id, 'Beitragsbescheid Alt')).hits.length, 0);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from records_documents where file_id = ${d.file_id} and correspondent <> ''`))!.n, 0);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${a.id} and action = 'records.file_deleted' and object_id = ${d.id}`))!.n, 1);

  const page = await registry.get(url);
  assert.match(page.body, /vernichtet/);
  assert.match(page.body, /Rita Registratur/);
  assert.match(page.body, new RegExp(ts.documents[0]!.versions[0]!.sha256));
  res = await registry.post(url, { decision: 'approve' });
  assert.equal(res.statusCode, 409, 'decided only once');
  const filePage = await clerk.get(`/${a.slug}/verwaltung/akten/${d.file_id}`);
  assert.match(filePage.body, /gelöscht/);
  assert.doesNotMatch(filePage.body, /exportieren/);
  assert.equal((await clerk.post(`/${a.slug}/verwaltung/akten/${d.file_id}/export`, {})).statusCode, 409);
  // The job does not propose a disposed file again.
  await runProposals();
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from records_disposals where file_id = ${d.file_id}`))!.n, 1);
});

test('a rejection needs a reason and a new date; archiving keeps the export package', async () => {
  const f = await closedFile(archivePlan, 'Archivwürdig', new Date('2024-05-01T10:00:00Z')); // due 2026-01-01
  await runProposals();
  const d = (await t.db.one<{ id: string }>(sql`select id from records_disposals where file_id = ${f.id} and status = 'proposed'`))!;
  const url = `/${a.slug}/verwaltung/akten/aussonderung/${d.id}`;
  await registry.get(url);
  let res = await registry.post(url, { decision: 'reject', reason: '', until: '' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Bitte begründen Sie die Ablehnung/);
  assert.match(res.body, /wann die Akte wieder vorgelegt werden soll/);
  res = await registry.post(url, { decision: 'reject', reason: 'Rechtsstreit anhängig', until: '01.01.2027' });
  assert.equal(res.statusCode, 303);
  assert.equal((await t.db.one<{ d: string }>(sql`select disposal_due as d from records_files where id = ${f.id}`))!.d, '2027-01-01');
  await runProposals();
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from records_disposals where file_id = ${f.id} and status = 'proposed'`))!.n, 0, 'not again before the new date');

  t.clock.advance(new Date('2027-01-02T10:00:00Z').getTime() - t.clock.now().getTime());
  await runProposals();
  const again = (await t.db.one<{ id: string }>(sql`select id from records_disposals where file_id = ${f.id} and status = 'proposed'`))!;
  // Sessions ended while the clock moved on a year: log in again.
  registry = (await login({ kind: 'staff', roles: ['admin'], name: 'Anna Admin' })).c;
  await registry.get(`/${a.slug}/verwaltung/akten/aussonderung/${again.id}`);
  res = await registry.post(`/${a.slug}/verwaltung/akten/aussonderung/${again.id}`, { decision: 'approve', reason: '' });
  assert.equal(res.statusCode, 303);
  const done = await t.db.one<{ package_file_id: string; tombstone: { package: { sha256: string; stored: boolean } } }>(sql`select package_file_id, tombstone from records_disposals where id = ${again.id}`);
  assert.ok(done!.package_file_id);
  assert.equal(done!.tombstone.package.stored, true);
  assert.equal((await t.db.one<{ status: string }>(sql`select status from records_files where id = ${f.id}`))!.status, 'archived');
  const pkg = await registry.get(`/${a.slug}/verwaltung/akten/aussonderung/${again.id}/paket`);
  assert.equal(pkg.statusCode, 200);
  assert.equal(pkg.headers['content-type'], 'application/zip');
  assert.equal(sha256(pkg.rawPayload), done!.tombstone.package.sha256);
  const files = unzipSync(new Uint8Array(pkg.rawPayload));
  assert.ok(files['manifest.json']);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from records_document_versions v join records_documents x on x.id = v.document_id where x.file_id = ${f.id} and v.stored_file_id is not null`))!.n, 3, 'archived contents stay');
  t.clock.advance(new Date('2026-11-21T10:00:00Z').getTime() - t.clock.now().getTime());
});

test('the export ZIP holds every version under a readable name, a manifest whose hashes match, and an index', async () => {
  const f = await closedFile(archivePlan, 'Export Lindenweg', new Date('2026-11-20T10:00:00Z'));
  const c = clerk;
  await c.get(`/${a.slug}/verwaltung/akten/${f.id}`);
  const res = await c.post(`/${a.slug}/verwaltung/akten/${f.id}/export`, {});
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/zip');
  assert.match(String(res.headers['content-disposition']), /^attachment; filename="Akte-66-2026-\d{6}\.zip"/);
  const zip = unzipSync(new Uint8Array(res.rawPayload));
  const manifest = JSON.parse(strFromU8(zip['manifest.json']!)) as Manifest;
  assert.equal(manifest.schema, 'amtsstube.e-akte.export');
  assert.equal(manifest.schemaVersion, 1);
  assert.equal(manifest.file.title, 'Export Lindenweg');
  assert.deepEqual(manifest.file.planItem, { code: '66', title: 'Gruppe 66' });
  assert.equal(manifest.file.status, 'closed');
  assert.deepEqual(manifest.file.retention, { years: 1, action: 'archive' });
  assert.deepEqual(Object.keys(zip).sort(), ['0001_v1_Beitragsbescheid.pdf', '0001_v2_Beitragsbescheid.txt', '0002_v1_Stellungnahme_Anlieger.txt', 'index.csv', 'index.txt', 'manifest.json']);
  const versions = manifest.documents.flatMap((d) => d.versions);
  assert.equal(versions.length, 3);
  for (const v of versions) {
    const bytes = zip[v.path];
    assert.ok(bytes, v.path);
    assert.equal(sha256(bytes), v.sha256, `hash of ${v.path}`);
    assert.equal(bytes.length, v.size);
  }
  const dbHashes = await t.db.rows<{ sha256: string }>(sql`select v.sha256 from records_document_versions v join records_documents x on x.id = v.document_id where x.file_id = ${f.id} order by x.created_at, x.document_date, x.id, v.version`);
  assert.deepEqual(versions.map((v) => v.sha256), dbHashes.map((x) => x.sha256));
  assert.equal(manifest.documents[1]!.correspondent, 'Familie Muster');
  const csv = strFromU8(zip['index.csv']!);
  assert.match(csv, /Nr;Titel;Richtung/);
  assert.match(csv, /0002;Stellungnahme \(Anlieger\);Eingang;Familie Muster/);
  assert.match(strFromU8(zip['index.txt']!), /Akte 66-2026-\d{6}: Export Lindenweg/);
  const audit = await t.db.one<{ details: { sha256: string } }>(sql`select details from audit_log where tenant_id = ${a.id} and action = 'records.file_exported' and object_id = ${f.id}`);
  assert.equal(audit!.details.sha256, sha256(res.rawPayload));
});
