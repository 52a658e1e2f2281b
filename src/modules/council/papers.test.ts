// Drucksachen through their pages: numbering, Mitzeichnung (incl. self-sign-off and rejection), release with a
// generated PDF, PDF-only uploads, the Beratungsfolge, motion tracking, audit entries and tenant isolation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { Client, postMultipart, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { councilPdf, createCouncilFixture, type CouncilFixture } from './testing.ts';
import { consultationsOfPaper, filesOfPaper, paperById, scheduleConsultation } from './repository.ts';
import { markPaperInConsultation } from './commands/track-paper.ts';
import { checkPaperPdf } from './paper-schema.ts';

type U = { id: string; email: string; password: string };
let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let office: U, clerk: U, lead: U, lead2: U, councillor: U;
let fa: CouncilFixture;
let fb: CouncilFixture;
const D = () => `/${a.slug}/verwaltung/sitzungsdienst/drucksachen`;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Havelwerder' });
  b = await createTenant(t.db, { name: 'Betadorf' });
  office = await createUser(t.db, a, { kind: 'staff', roles: ['council_office'], name: 'Sina Sitzungsdienst' });
  clerk = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Clara Clerk' });
  lead = await createUser(t.db, a, { kind: 'staff', roles: ['lead'], name: 'Lena Leitung' });
  lead2 = await createUser(t.db, a, { kind: 'staff', roles: ['lead'], name: 'Leo Leitung' });
  councillor = await createUser(t.db, a, { kind: 'staff', roles: ['councillor'], name: 'Rita Rat' });
  fa = await createCouncilFixture(t.db, a.id);
  fb = await createCouncilFixture(t.db, b.id);
});
after(() => t.close());

async function login(u: U): Promise<Client> {
  const c = new Client(t);
  const res = await c.login(`/${a.slug}`, u.email, u.password);
  assert.equal(res.statusCode, 303);
  return c;
}

/** A multipart form post as a browser sends it (fields, one file, cookies, CSRF token); files default to PDF. */
function upload(c: Client, url: string, fields: Record<string, string>, file?: { name: string; type?: string; bytes: Uint8Array }): Promise<LightMyRequestResponse> {
  return postMultipart(t, c, url, fields, file && { ...file, type: file.type ?? 'application/pdf' });
}

const audits = async (action: string, objectId: string) => (await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${a.id} and action = ${action} and object_id = ${objectId}`))!.n;
const main = (html: string) => html.match(/<main[\s\S]*<\/main>/)?.[0] ?? html;
const idOf = (res: LightMyRequestResponse) => String(res.headers.location).split('/').pop()!;

async function createPaper(c: Client, form: Record<string, string | string[]>): Promise<string> {
  await c.get(`${D()}/neu`);
  const res = await c.post(`${D()}/neu`, { date: '2026-11-20', public: 'ja', ...form });
  assert.equal(res.statusCode, 303, main(res.body).slice(0, 3000));
  return idOf(res);
}

test('papers are numbered per type and year from the form; bad input is refused with German messages and changes nothing', async () => {
  const c = await login(clerk);
  await c.get(`${D()}/neu`);
  const count = async () => (await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_papers where tenant_id = ${a.id}`))!.n;
  const before = await count();
  let res = await c.post(`${D()}/neu`, { paperType: 'antrag', name: 'X', date: '2026-02-30', related: 'irgendwas' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Betreff der Drucksache an/);
  assert.match(res.body, /Datum der Drucksache an/);
  assert.match(res.body, /wer den Antrag .*einreicht/);
  assert.match(res.body, /so an: AF\/2026\/003/);
  res = await c.post(`${D()}/neu`, { paperType: 'stellungnahme', name: 'Antwort auf nichts', date: '2026-11-20', related: 'AF/2026/099' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Eine Drucksache mit der Nummer AF\/2026\/099 gibt es nicht/);
  assert.match(res.body, /value="Antwort auf nichts"/, 'the form keeps the input');
  assert.equal(await count(), before);

  const first = await createPaper(c, { paperType: 'beschlussvorlage', name: 'Neubau der Kita „Sonnenschein“' });
  const second = await createPaper(c, { paperType: 'beschlussvorlage', name: 'Haushaltssatzung 2027' });
  const antrag = await createPaper(c, { paperType: 'antrag', name: 'Antrag auf Tempo 30', originatorBodyIds: fa.fraktionId });
  assert.equal((await paperById(t.db, a.id, first))!.reference, 'BV/2026/003', 'the fixture holds BV/2026/001 and 002');
  assert.equal((await paperById(t.db, a.id, second))!.reference, 'BV/2026/004');
  assert.equal((await paperById(t.db, a.id, antrag))!.reference, 'AN/2026/001');
  assert.equal((await paperById(t.db, a.id, first))!.createdBy, clerk.id);
  assert.equal(await audits('council.paper_created', first), 1);
  const list = main((await c.get(`${D()}?art=beschlussvorlage&suche=Kita`)).body);
  assert.match(list, /BV\/2026\/003/);
  assert.doesNotMatch(list, /BV\/2026\/004/);
});

test('Mitzeichnung: no self-sign-off, content locked meanwhile, a rejection returns it to draft with the reason; all approve → the office releases it with a generated PDF', async () => {
  const author = await login(clerk);
  const id = await createPaper(author, { paperType: 'beschlussvorlage', name: 'Sanierung der Dorfstraße', bodyText: 'Die Dorfstraße ist in schlechtem Zustand.', resolutionProposal: 'Die Gemeindevertretung beschließt die Sanierung.' });
  await author.get(`${D()}/${id}`);

  // The author may not name themself; only staff with a signer role are offered.
  let res = await author.post(`${D()}/${id}/mitzeichnung`, { signers: [clerk.id, lead.id] });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /eigene Drucksache nicht mitzeichnen/);
  res = await author.post(`${D()}/${id}/mitzeichnung`, { signers: [councillor.id] });
  assert.equal(res.statusCode, 422);
  assert.equal((await paperById(t.db, a.id, id))!.status, 'draft');

  res = await author.post(`${D()}/${id}/mitzeichnung`, { signers: [lead.id, lead2.id] });
  assert.equal(res.statusCode, 303);
  assert.equal((await paperById(t.db, a.id, id))!.status, 'signoff');
  assert.equal(await audits('council.signoff_requested', id), 1);

  // Content is locked during the round (refused, not silently reset).
  res = await author.post(`${D()}/${id}/bearbeiten`, { name: 'Heimlich geändert', date: '2026-11-20' });
  assert.equal(res.statusCode, 409);
  assert.equal((await paperById(t.db, a.id, id))!.name, 'Sanierung der Dorfstraße');
  // The author cannot sign off, and the council office cannot release an unfinished round.
  res = await author.post(`${D()}/${id}/mitzeichnung/entscheidung`, { aktion: 'zustimmen' });
  assert.equal(res.statusCode, 403);
  const o = await login(office);
  await o.get(`${D()}/${id}`);
  res = await o.post(`${D()}/${id}/freigeben`, {});
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /alle in der Mitzeichnung zugestimmt/);

  const l1 = await login(lead);
  assert.match(main((await l1.get(D())).body), /Bei Ihnen zur Mitzeichnung/);
  await l1.get(`${D()}/${id}`);
  res = await l1.post(`${D()}/${id}/mitzeichnung/entscheidung`, { aktion: 'zustimmen', comment: 'In Ordnung.' });
  assert.equal(res.statusCode, 303);
  const l2 = await login(lead2);
  await l2.get(`${D()}/${id}`);
  res = await l2.post(`${D()}/${id}/mitzeichnung/entscheidung`, { aktion: 'ablehnen', comment: '' });
  assert.equal(res.statusCode, 422, 'a rejection needs a reason');
  assert.match(res.body, /begründen Sie die Ablehnung/);
  res = await l2.post(`${D()}/${id}/mitzeichnung/entscheidung`, { aktion: 'ablehnen', comment: 'Kostenschätzung fehlt.' });
  assert.equal(res.statusCode, 303);
  assert.equal((await paperById(t.db, a.id, id))!.status, 'draft');
  assert.equal(await audits('council.signoff_rejected', id), 1);
  assert.equal(await audits('council.signoff_approved', id), 1);
  const page = main((await author.get(`${D()}/${id}`)).body);
  assert.match(page, /Mitzeichnung abgelehnt/);
  assert.match(page, /Kostenschätzung fehlt\./);
  // A signer of a finished round cannot decide again.
  res = await l1.post(`${D()}/${id}/mitzeichnung/entscheidung`, { aktion: 'zustimmen' });
  assert.equal(res.statusCode, 409);

  // Revised and sent again: a new round; the first approval does not count.
  await author.get(`${D()}/${id}/bearbeiten`);
  res = await author.post(`${D()}/${id}/bearbeiten`, { name: 'Sanierung der Dorfstraße', date: '2026-11-20', public: 'ja', bodyText: 'Die Dorfstraße ist in schlechtem Zustand. Kosten: 480.000 Euro.', resolutionProposal: 'Die Gemeindevertretung beschließt die Sanierung.' });
  assert.equal(res.statusCode, 303);
  await author.get(`${D()}/${id}`);
  assert.equal((await author.post(`${D()}/${id}/mitzeichnung`, { signers: [lead.id, lead2.id] })).statusCode, 303);
  await l1.get(`${D()}/${id}`);
  assert.equal((await l1.post(`${D()}/${id}/mitzeichnung/entscheidung`, { aktion: 'zustimmen' })).statusCode, 303);
  await o.get(`${D()}/${id}`);
  assert.equal((await o.post(`${D()}/${id}/freigeben`, {})).statusCode, 409, 'round 2 still has an open request');
  await l2.get(`${D()}/${id}`);
  assert.equal((await l2.post(`${D()}/${id}/mitzeichnung/entscheidung`, { aktion: 'zustimmen' })).statusCode, 303);

  // Only the council office releases.
  await author.get(`${D()}/${id}`);
  assert.equal((await author.post(`${D()}/${id}/freigeben`, {})).statusCode, 403);
  await o.get(`${D()}/${id}`);
  res = await o.post(`${D()}/${id}/freigeben`, {});
  assert.equal(res.statusCode, 303, main(res.body).slice(0, 2000));
  const released = (await paperById(t.db, a.id, id))!;
  assert.equal(released.status, 'released');
  const files = await filesOfPaper(t.db, a.id, id);
  assert.equal(files.length, 1);
  assert.equal(files[0]!.role, 'main');
  assert.equal(files[0]!.fileName, 'BV-2026-005 Sanierung der Dorfstraße.pdf');
  const dl = await o.get(`${D()}/${id}/dateien/${files[0]!.id}`);
  assert.equal(dl.statusCode, 200);
  assert.equal(dl.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(String(dl.headers['content-disposition']), /attachment/);
  assert.equal(await audits('council.paper_released', id), 1);
  assert.equal((await o.post(`${D()}/${id}/freigeben`, {})).statusCode, 409, 'a second click changes nothing');
  assert.equal((await filesOfPaper(t.db, a.id, id)).length, 1);
});

test('uploads: PDF only, refused with a German message and nothing stored; a PDF is stored with a readable name and replaces the main file', async () => {
  const c = await login(clerk);
  const id = await createPaper(c, { paperType: 'mitteilung', name: 'Bericht zum Winterdienst' });
  await c.get(`${D()}/${id}`);
  const stored = async () => (await t.db.one<{ n: number }>(sql`select count(*)::int as n from files where tenant_id = ${a.id}`))!.n;
  const before = await stored();
  let res = await upload(c, `${D()}/${id}/dateien`, { fileTitle: 'Anlage 1', fileRole: 'attachment' }, { name: 'anlage.pdf', bytes: Buffer.from('Das ist nur Text, kein PDF.') });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /keine PDF-Datei/);
  res = await upload(c, `${D()}/${id}/dateien`, { fileTitle: 'Foto', fileRole: 'attachment' }, { name: 'foto.png', type: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]) });
  assert.equal(res.statusCode, 422);
  const pdf = await councilPdf('Winterdienst', 'Streuplan');
  res = await upload(c, `${D()}/${id}/dateien`, { fileTitle: 'Anlage', fileRole: 'attachment' }, { name: 'streuplan.txt', bytes: pdf });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /muss auf \.pdf enden/);
  assert.equal(await stored(), before, 'nothing stored');
  assert.equal((await filesOfPaper(t.db, a.id, id)).length, 0);
  assert.equal(await audits('council.upload_refused', id), 3);
  assert.equal(checkPaperPdf({ filename: 'x.pdf', declaredMime: 'application/pdf', bytes: Buffer.from('%PDF-1.7 ohne Ende') }).ok, false, 'a truncated PDF is refused too');

  res = await upload(c, `${D()}/${id}/dateien`, { fileTitle: 'Anlage 1 – Streuplan', fileRole: 'attachment', filePublic: 'ja' }, { name: 'scan_0001.pdf', bytes: pdf });
  assert.equal(res.statusCode, 303, main(res.body).slice(0, 2000));
  res = await upload(c, `${D()}/${id}/dateien`, { fileTitle: 'Mitteilung', fileRole: 'main', filePublic: 'ja' }, { name: 'a.pdf', bytes: pdf });
  assert.equal(res.statusCode, 303);
  res = await upload(c, `${D()}/${id}/dateien`, { fileTitle: 'Mitteilung (neu)', fileRole: 'main', filePublic: 'ja' }, { name: 'b.pdf', bytes: pdf });
  assert.equal(res.statusCode, 303);
  const files = await filesOfPaper(t.db, a.id, id);
  assert.deepEqual(files.map((f) => [f.role, f.name]), [['main', 'Mitteilung (neu)'], ['attachment', 'Anlage 1 – Streuplan']], 'the new main file replaced the old one');
  assert.match(files[1]!.fileName, /^MI-2026-\d{3} Anlage 1 - Streuplan\.pdf$/);
  assert.equal(await audits('council.paper_file_added', files[0]!.id), 1);

  // During sign-off no files change.
  await c.post(`${D()}/${id}/mitzeichnung`, { signers: [lead.id] });
  res = await upload(c, `${D()}/${id}/dateien`, { fileTitle: 'Nachtrag', fileRole: 'attachment' }, { name: 'c.pdf', bytes: pdf });
  assert.equal(res.statusCode, 409);
  assert.equal((await filesOfPaper(t.db, a.id, id)).length, 2);
});

test('Beratungsfolge: one deciding body, steps in order, scheduled steps stay', async () => {
  const o = await login(office);
  const id = await createPaper(o, { paperType: 'beschlussvorlage', name: 'Straßenbenennung im Neubaugebiet' });
  await o.get(`${D()}/${id}`);
  assert.equal((await o.post(`${D()}/${id}/beratungsfolge`, { bodyId: fa.councilId, role: 'deciding' })).statusCode, 303);
  let res = await o.post(`${D()}/${id}/beratungsfolge`, { bodyId: fa.committeeId, role: 'deciding' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /schon ein entscheidendes Gremium/);
  res = await o.post(`${D()}/${id}/beratungsfolge`, { bodyId: fa.fraktionId, role: 'advising' });
  assert.equal(res.statusCode, 422, 'a Fraktion is no step of the path');
  assert.equal((await o.post(`${D()}/${id}/beratungsfolge`, { bodyId: fa.committeeId, role: 'advising', position: '1' })).statusCode, 303);
  const steps = await consultationsOfPaper(t.db, a.id, id);
  assert.deepEqual(steps.map((s) => [s.bodyId, s.role, s.authoritative, s.position]), [[fa.committeeId, 'advising', false, 0], [fa.councilId, 'deciding', true, 1]]);
  assert.equal(await audits('council.consultation_added', steps[0]!.id), 1);

  // The fixture's deciding step is on the agenda of the meeting: it is shown with meeting and item and cannot be removed.
  const path = await consultationsOfPaper(t.db, a.id, fa.paperId);
  const page = main((await o.get(`${D()}/${fa.paperId}`)).body);
  assert.match(page, /5\. Sitzung der Gemeindevertretung am 10\.12\.2026, 18:00 Uhr/);
  assert.match(page, /Ö 1/);
  res = await o.post(`${D()}/${fa.paperId}/beratungsfolge/${path[1]!.id}/entfernen`, {});
  assert.equal(res.statusCode, 409);
  assert.equal(await audits('council.consultation_removed', path[1]!.id), 0);
  assert.equal((await o.post(`${D()}/${fa.paperId}/beratungsfolge/${path[0]!.id}/entfernen`, {})).statusCode, 303);
  assert.deepEqual((await consultationsOfPaper(t.db, a.id, fa.paperId)).map((s) => s.position), [0], 'the gap is closed');
});

test('tracking: Antrag submitted → in consultation → resolved with a due date → overdue → implemented; Anfrage answered when its Stellungnahme is released', async () => {
  const o = await login(office);
  const antrag = await createPaper(o, { paperType: 'antrag', name: 'Antrag: Bänke am Dorfteich', originatorPersonIds: fa.personIds[2]!, originatorBodyIds: fa.fraktionId });
  await o.get(`${D()}/${antrag}`);
  // Anträge come from the members: the office releases them without internal sign-off.
  assert.equal((await o.post(`${D()}/${antrag}/freigeben`, {})).statusCode, 303);
  assert.equal((await paperById(t.db, a.id, antrag))!.tracking, 'submitted');

  // The agenda puts it in consultation (the meeting colleague's call).
  await t.db.transaction(async (tx) => {
    const step = await consultationsOfPaper(tx, a.id, antrag);
    assert.equal(step.length, 0);
    assert.equal(await markPaperInConsultation(tx, { tenantId: a.id, paperId: antrag, actorId: office.id, now: t.clock.now() }), true);
    assert.equal(await markPaperInConsultation(tx, { tenantId: a.id, paperId: antrag, actorId: office.id, now: t.clock.now() }), false, 'only once');
  });
  assert.equal((await paperById(t.db, a.id, antrag))!.tracking, 'in_consultation');

  await o.get(`${D()}/${antrag}`);
  let res = await o.post(`${D()}/${antrag}/verfolgung`, { expected: 'in_consultation', tracking: 'answered' });
  assert.equal(res.statusCode, 422, 'an Antrag is not answered');
  res = await o.post(`${D()}/${antrag}/verfolgung`, { expected: 'submitted', tracking: 'resolved' });
  assert.equal(res.statusCode, 409, 'the form showed an older state');
  res = await o.post(`${D()}/${antrag}/verfolgung`, { expected: 'in_consultation', tracking: 'resolved', implementationDue: '2026-12-15' });
  assert.equal(res.statusCode, 303);
  let p = (await paperById(t.db, a.id, antrag))!;
  assert.equal(p.tracking, 'resolved');
  assert.equal(p.implementationDue, '2026-12-15');
  assert.equal(await audits('council.paper_tracking', antrag), 2);
  assert.doesNotMatch(main((await o.get(`/${a.slug}/verwaltung/sitzungsdienst/antraege`)).body), /überfällig seit|– überfällig/);

  const jump = new Date('2026-12-20T10:00:00Z').getTime() - t.clock.now().getTime();
  t.clock.advance(jump);
  try {
    // A month later the session has expired: log in again.
    const o = await login(office);
    await o.get(`${D()}/${antrag}`);
    const motions = main((await o.get(`/${a.slug}/verwaltung/sitzungsdienst/antraege`)).body);
    assert.match(motions, /Ein Umsetzungsbericht ist überfällig/);
    assert.match(motions, /15\.12\.2026 – überfällig/);
    assert.match(main((await o.get(`/${a.slug}/verwaltung/sitzungsdienst`)).body), /überfällig seit 15\.12\.2026/);
    res = await o.post(`${D()}/${antrag}/verfolgung`, { expected: 'resolved', tracking: 'implemented', implementationReport: '' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Umsetzungsbericht ein/);
    res = await o.post(`${D()}/${antrag}/verfolgung`, { expected: 'resolved', tracking: 'implemented', implementationReport: 'Zwei Bänke wurden am 18.12.2026 aufgestellt.' });
    assert.equal(res.statusCode, 303);
    p = (await paperById(t.db, a.id, antrag))!;
    assert.equal(p.tracking, 'implemented');
    assert.match(p.implementationReport ?? '', /Zwei Bänke/);
    assert.match(main((await o.get(`/${a.slug}/verwaltung/sitzungsdienst/antraege`)).body), /Kein Umsetzungsbericht ist überfällig/);
  } finally {
    t.clock.advance(-jump);
  }

  // Anfrage → answered by the release of the Stellungnahme that refers to it.
  const anfrage = await createPaper(o, { paperType: 'anfrage', name: 'Anfrage zur Straßenbeleuchtung', originatorPersonIds: fa.personIds[3]! });
  await o.get(`${D()}/${anfrage}`);
  await o.post(`${D()}/${anfrage}/freigeben`, {});
  const reference = (await paperById(t.db, a.id, anfrage))!.reference;
  assert.match(reference, /^AF\/2026\/\d{3}$/);
  const answer = await createPaper(o, { paperType: 'stellungnahme', name: 'Antwort zur Straßenbeleuchtung', related: reference.toLowerCase() });
  assert.equal((await paperById(t.db, a.id, answer))!.relatedPaperId, anfrage);
  await o.get(`${D()}/${answer}`);
  assert.equal((await o.post(`${D()}/${answer}/mitzeichnung`, { signers: [lead.id] })).statusCode, 303);
  assert.equal((await paperById(t.db, a.id, anfrage))!.tracking, 'submitted', 'not before the answer is released');
  const l1 = await login(lead);
  await l1.get(`${D()}/${answer}`);
  assert.equal((await l1.post(`${D()}/${answer}/mitzeichnung/entscheidung`, { aktion: 'zustimmen' })).statusCode, 303);
  await o.get(`${D()}/${answer}`);
  assert.equal((await o.post(`${D()}/${answer}/freigeben`, {})).statusCode, 303);
  assert.equal((await paperById(t.db, a.id, anfrage))!.tracking, 'answered');
  assert.match(main((await o.get(`${D()}/${anfrage}`)).body), /Beantwortet durch/);
});

test('scheduling a consultation step is shown on the paper page', async () => {
  const o = await login(office);
  const id = await createPaper(o, { paperType: 'beschlussvorlage', name: 'Gebührensatzung Friedhof' });
  await o.get(`${D()}/${id}`);
  await o.post(`${D()}/${id}/beratungsfolge`, { bodyId: fa.councilId, role: 'deciding' });
  const [step] = await consultationsOfPaper(t.db, a.id, id);
  assert.match(main((await o.get(`${D()}/${id}`)).body), /noch nicht terminiert/);
  await t.db.transaction((tx) => scheduleConsultation(tx, a.id, step!.id, { meetingId: fa.meetingId, agendaItemId: fa.publicItemId }, t.clock.now()));
  assert.match(main((await o.get(`${D()}/${id}`)).body), /5\. Sitzung der Gemeindevertretung/);
});

test("tenant isolation: another tenant's papers, files and steps answer 404 and stay unchanged", async () => {
  const o = await login(office);
  await o.get(D());
  const snapshot = async () =>
    JSON.stringify(await Promise.all([
      t.db.rows(sql`select * from council_papers where tenant_id = ${b.id} order by id`),
      t.db.rows(sql`select * from council_files where tenant_id = ${b.id} order by id`),
      t.db.rows(sql`select * from council_consultations where tenant_id = ${b.id} order by id`),
      t.db.rows(sql`select * from council_paper_signoffs where tenant_id = ${b.id} order by id`),
    ]));
  const before = await snapshot();
  const [step] = await consultationsOfPaper(t.db, b.id, fb.paperId);
  for (const url of [`/${fb.paperId}`, `/${fb.paperId}/bearbeiten`, `/${fb.paperId}/dateien/${fb.fileId}`, `/${fa.paperId}/dateien/${fb.fileId}`]) assert.equal((await o.get(`${D()}${url}`)).statusCode, 404, url);
  const posts: [string, Record<string, string | string[]>][] = [
    [`/${fb.paperId}/bearbeiten`, { name: 'Übernommen', date: '2026-11-20' }],
    [`/${fb.paperId}/mitzeichnung`, { signers: [lead.id] }],
    [`/${fb.paperId}/mitzeichnung/entscheidung`, { aktion: 'zustimmen' }],
    [`/${fb.paperId}/mitzeichnung/zurueckziehen`, {}],
    [`/${fb.paperId}/freigeben`, {}],
    [`/${fb.paperId}/dateien/${fb.fileId}/entfernen`, {}],
    [`/${fa.paperId}/dateien/${fb.fileId}/entfernen`, {}],
    [`/${fb.paperId}/beratungsfolge`, { bodyId: fa.councilId, role: 'advising' }],
    [`/${fb.paperId}/beratungsfolge/${step!.id}/entfernen`, {}],
    [`/${fa.paperId}/beratungsfolge/${step!.id}/entfernen`, {}],
    [`/${fb.paperId}/verfolgung`, { expected: 'in_consultation', tracking: 'resolved' }],
  ];
  for (const [url, form] of posts) assert.equal((await o.post(`${D()}${url}`, form)).statusCode, 404, url);
  // A body of another tenant in the path form, or as an originator, is refused like any unknown choice.
  await o.get(`${D()}/${fa.secretPaperId}`);
  assert.equal((await o.post(`${D()}/${fa.secretPaperId}/beratungsfolge`, { bodyId: fb.councilId, role: 'advising' })).statusCode, 422);
  assert.equal((await upload(o, `${D()}/${fb.paperId}/dateien`, { fileTitle: 'X', fileRole: 'attachment' }, { name: 'x.pdf', bytes: await councilPdf('x', 'y') })).statusCode, 404);
  assert.equal(await snapshot(), before);
});
