// OParl 1.1 end to end: a crawler walks the whole API from the System object and validates every object and list page
// against the official schemas; the publication guard holds everywhere; stateless, canonical, CORS-enabled answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setModule, setTenantActive, sql } from '../../../kernel/index.ts';
import { testPlatform, type TestPlatform } from '../../../testing/harness.ts';
import { createTenant } from '../../../testing/factories.ts';
import { seedDemo } from '../../../demo/seed.ts';
import { createCouncilFixture, councilPdf, type CouncilFixture } from '../testing.ts';
import { insertAgendaItem, insertCouncilFile, insertMembership, insertPaper, insertPerson, setAgendaResult, softDelete } from '../repository.ts';
import { OPARL_TYPE_PREFIX, validateOparlError, validateOparlListPage, validateOparlObject } from './schema-check.ts';

const BASE = 'http://portal.test';
const ROOT = `${BASE}/oparl/v1.1`;

type Json = Record<string, unknown>;

export interface CrawlResult {
  /** Every JSON document fetched, by URL. */
  docs: Map<string, Json>;
  /** Problems found: validator errors, wrong status or headers, embedded objects that differ from their own URL. */
  errors: string[];
  /** All JSON bodies and file names concatenated, to search for what must never be published. */
  corpus: string;
  files: number;
}

const path = (url: string) => url.slice(BASE.length);

function urlsIn(value: unknown, out: { json: Set<string>; files: Set<string> }, key = ''): void {
  if (typeof value === 'string') {
    if (!value.startsWith(`${ROOT}`)) return;
    if (key === 'accessUrl' || key === 'downloadUrl') out.files.add(value);
    else out.json.add(value);
  } else if (Array.isArray(value)) for (const v of value) urlsIn(v, out, key);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) urlsIn(v, out, k);
}

/** Embedded objects (with an `id`) anywhere below `value`, to compare with what their own URL returns. */
function embeddedObjects(value: unknown, out: Json[], depth = 0): void {
  if (Array.isArray(value)) for (const v of value) embeddedObjects(v, out, depth);
  else if (value && typeof value === 'object') {
    const o = value as Json;
    if (depth > 0 && typeof o.id === 'string' && typeof o.type === 'string') out.push(o);
    for (const v of Object.values(o)) embeddedObjects(v, out, depth + 1);
  }
}

function checkJsonHeaders(url: string, res: { statusCode: number; headers: Record<string, unknown> }, errors: string[]): void {
  if (res.headers['access-control-allow-origin'] !== '*') errors.push(`${url}: Access-Control-Allow-Origin is ${String(res.headers['access-control-allow-origin'])}`);
  if (res.headers['set-cookie'] !== undefined) errors.push(`${url}: sets a cookie`);
}

/** Walks every URL below /oparl/v1.1 reachable from the System object (all pages of all lists) and every file. */
export async function crawl(t: TestPlatform, start = ROOT): Promise<CrawlResult> {
  const docs = new Map<string, Json>();
  const errors: string[] = [];
  const queue = [start];
  const seen = new Set(queue);
  const fileUrls = new Set<string>();
  const embedded: Json[] = [];
  let corpus = '';
  while (queue.length) {
    const url = queue.shift()!;
    const res = await t.app.inject({ url: path(url), headers: { accept: 'application/json' } });
    checkJsonHeaders(url, res, errors);
    if (res.statusCode !== 200) {
      errors.push(`${url}: status ${res.statusCode} ${res.body.slice(0, 200)}`);
      continue;
    }
    if (res.headers['content-type'] !== 'application/json; charset=utf-8') errors.push(`${url}: content-type ${String(res.headers['content-type'])}`);
    if (res.rawPayload[0] === 0xef) errors.push(`${url}: starts with a BOM`);
    corpus += res.body + '\n';
    const doc = JSON.parse(res.body) as Json;
    docs.set(url, doc);
    const isList = Array.isArray(doc.data) && 'links' in doc;
    const problems = isList ? validateOparlListPage(doc) : validateOparlObject(doc);
    errors.push(...problems.map((p) => `${url}: ${p}`));
    if (!isList && doc.id !== url) errors.push(`${url}: id is ${String(doc.id)}`);
    if (isList) {
      const links = doc.links as Json;
      if (links.self !== url) errors.push(`${url}: links.self is ${String(links.self)}`);
      for (const item of doc.data as Json[]) {
        embeddedObjects([item], embedded, 0);
        embedded.push(item);
      }
    } else embeddedObjects(doc, embedded);
    const found = { json: new Set<string>(), files: new Set<string>() };
    urlsIn(doc, found);
    for (const u of found.json) {
      if (!seen.has(u)) {
        seen.add(u);
        queue.push(u);
      }
    }
    for (const u of found.files) fileUrls.add(u);
  }
  // Every object embedded somewhere (or listed) is the same as the one at its own URL (spec 3-00), `modified` included.
  for (const o of embedded) {
    const own = docs.get(o.id as string);
    if (!own) errors.push(`${String(o.id)}: embedded but never fetched`);
    else if (JSON.stringify(own) !== JSON.stringify(o)) errors.push(`${String(o.id)}: embedded version differs:\n  ${JSON.stringify(o)}\n  ${JSON.stringify(own)}`);
  }
  // Files: accessUrl inline, downloadUrl as attachment, bytes matching size and sha512 of the File object.
  const fileObjects = new Map<string, Json>();
  for (const o of [...embedded, ...docs.values()]) if (o.type === `${OPARL_TYPE_PREFIX}File` && !o.deleted) fileObjects.set(o.accessUrl as string, o).set(o.downloadUrl as string, o);
  for (const url of fileUrls) {
    const f = fileObjects.get(url);
    const head = await t.app.inject({ method: 'HEAD', url: path(url) });
    const res = await t.app.inject({ url: path(url) });
    if (head.statusCode !== 200) errors.push(`HEAD ${url}: ${head.statusCode}`);
    if (res.statusCode !== 200 || !f) {
      errors.push(`${url}: status ${res.statusCode}`);
      continue;
    }
    if (res.headers['access-control-allow-origin'] !== '*') errors.push(`${url}: no ACAO`);
    if (res.headers['set-cookie'] !== undefined) errors.push(`${url}: sets a cookie`);
    if (res.headers['content-type'] !== f.mimeType) errors.push(`${url}: content-type ${String(res.headers['content-type'])} ≠ ${String(f.mimeType)}`);
    if (res.rawPayload.length !== f.size) errors.push(`${url}: ${res.rawPayload.length} bytes ≠ size ${String(f.size)}`);
    if (createHash('sha512').update(res.rawPayload).digest('hex') !== f.sha512Checksum) errors.push(`${url}: sha512 differs`);
    const cd = String(res.headers['content-disposition'] ?? '');
    if (url === f.downloadUrl && !cd.startsWith('attachment;')) errors.push(`${url}: Content-Disposition ${cd}`);
    if (url === f.accessUrl && cd.startsWith('attachment')) errors.push(`${url}: accessUrl must not be an attachment`);
    corpus += `${String(f.fileName)}\n`;
  }
  return { docs, errors, corpus, files: fileUrls.size };
}

interface Scenario {
  t: TestPlatform;
  slug: string;
  tenantId: string;
  f: CouncilFixture;
  deletedItemId: string;
  deletedPaperId: string;
  minutesFileId: string;
  hiddenFileId: string;
  titledPersonId: string;
}

const LATER = new Date('2026-11-05T09:00:00Z');

/** The council fixture plus: a deleted agenda item, results and minutes released, a deleted paper, a non-public file. */
async function scenario(): Promise<Scenario> {
  const t = await testPlatform();
  const a = await createTenant(t.db, { name: 'Testdorf' });
  const f = await createCouncilFixture(t.db, a.id);
  const pdf = await councilPdf('Niederschrift', 'Öffentlicher Teil der Niederschrift.');
  const ids = await t.db.transaction(async (tx) => {
    const now = new Date('2026-11-01T09:00:00Z');
    const deletedItemId = await insertAgendaItem(tx, a.id, { meetingId: f.meetingId, position: 2, number: 'Ö 2', name: 'Gestrichener Tagesordnungspunkt', public: true }, now);
    await softDelete(tx, 'agendaItem', a.id, deletedItemId, LATER);
    await setAgendaResult(tx, a.id, f.publicItemId, { result: 'Einstimmig beschlossen', resolutionText: 'Die Gemeindevertretung beschließt den Entwurf.' }, LATER);
    await setAgendaResult(tx, a.id, f.secretItemId, { result: 'Verkauf an Herrn Vertraulich beschlossen', resolutionText: 'Kaufpreis 12.000 €' }, LATER);
    await tx.exec(sql`update council_meetings set state = 'held', minutes_state = 'released', modified_at = ${LATER} where tenant_id = ${a.id} and id = ${f.meetingId}`);
    const minutesFileId = await insertCouncilFile(tx, a.id, { name: 'Niederschrift der 5. Sitzung', fileName: 'Niederschrift Übersicht Straße.pdf', mime: 'application/pdf', bytes: pdf, role: 'minutes', meetingId: f.meetingId }, LATER);
    await insertCouncilFile(tx, a.id, { name: 'Einladung zur 5. Sitzung', fileName: 'Einladung.pdf', mime: 'application/pdf', bytes: pdf, role: 'invitation', meetingId: f.meetingId }, now);
    await insertCouncilFile(tx, a.id, { name: 'Lageplan', fileName: 'Lageplan.txt', mime: 'text/plain', bytes: Buffer.from('Lageplan Mühlenteich'), role: 'auxiliary', agendaItemId: f.publicItemId, meetingId: f.meetingId }, now);
    await insertCouncilFile(tx, a.id, { name: 'Kaufvertrag Entwurf Vertraulich', fileName: 'Kaufvertrag.txt', mime: 'text/plain', bytes: Buffer.from('Kaufvertrag'), role: 'auxiliary', agendaItemId: f.secretItemId, meetingId: f.meetingId }, now);
    const hiddenFileId = await insertCouncilFile(tx, a.id, { name: 'Interne Stellungnahme Vertraulich', fileName: 'intern.txt', mime: 'text/plain', bytes: Buffer.from('intern'), role: 'attachment', paperId: f.paperId, public: false }, now);
    const deletedPaperId = await insertPaper(tx, a.id, { reference: 'BV/2026/003', name: 'Zurückgezogene Vorlage', paperType: 'beschlussvorlage', date: '2026-11-01', status: 'released' }, now);
    await softDelete(tx, 'paper', a.id, deletedPaperId, LATER);
    const titledPersonId = await insertPerson(tx, a.id, { familyName: 'Zander', givenName: 'Petra', title: 'Dr.', formOfAddress: 'Frau', gender: 'female', email: 'zander@example.org', phone: '0385 1234', publishContact: true }, now);
    await insertMembership(tx, a.id, { personId: titledPersonId, bodyId: f.committeeId, role: 'advisory', votingRight: false, fraktionId: f.fraktionId, startDate: '2024-06-09', endDate: '2026-06-30' }, now);
    // A person without any membership is not an office holder: never published.
    await insertPerson(tx, a.id, { familyName: 'Unbekannt', givenName: 'Privat', email: 'privat@example.org', publishContact: true }, now);
    return { deletedItemId, deletedPaperId, minutesFileId, hiddenFileId, titledPersonId };
  });
  return { t, slug: a.slug, tenantId: a.id, f, ...ids };
}

test('a crawl from /oparl/v1.1 over every object, list page and file finds zero schema errors and never anything non-public', async () => {
  const s = await scenario();
  try {
    const { docs, errors, corpus, files } = await crawl(s.t);
    assert.deepEqual(errors, []);
    const body = `${ROOT}/body/${s.slug}`;
    // The walk reached every type, the Fraktion, the released minutes and both sorts of file transfer.
    for (const kind of ['organization', 'person', 'membership', 'meeting', 'agendaitem', 'paper', 'consultation', 'file', 'location', 'legislativeterm']) {
      assert.ok(docs.has(`${body}/${kind}`), `list ${kind} crawled`);
    }
    const fraktion = docs.get(`${body}/organization/${s.f.fraktionId}`)!;
    assert.equal(fraktion.organizationType, 'Fraktion');
    const meeting = docs.get(`${body}/meeting/${s.f.meetingId}`)!;
    assert.equal(meeting.meetingState, 'durchgeführt');
    assert.equal((meeting.resultsProtocol as Json).id, `${body}/file/${s.minutesFileId}`);
    assert.equal((meeting.invitation as Json).name, 'Einladung zur 5. Sitzung');
    assert.equal(meeting.start, '2026-12-10T18:00:00+01:00');
    const items = meeting.agendaItem as Json[];
    assert.deepEqual(items.map((i) => [i.number, i.order, i.result]), [['Ö 1', 0, 'Einstimmig beschlossen']]);
    assert.equal(((items[0]!.auxiliaryFile as Json[])[0] as Json).name, 'Lageplan');
    assert.ok(files >= 8, `file URLs checked: ${files}`);
    const titled = docs.get(`${body}/person/${s.titledPersonId}`)!;
    assert.deepEqual([titled.name, titled.title, titled.formOfAddress, titled.gender, titled.email, titled.phone], ['Dr. Petra Zander', ['Dr.'], 'Frau', 'female', ['zander@example.org'], ['0385 1234']]);
    const membership = (titled.membership as Json[])[0]!;
    assert.deepEqual([membership.role, membership.votingRight, membership.endDate, membership.onBehalfOf], ['Beratendes Mitglied', false, '2026-06-30', `${body}/organization/${s.f.fraktionId}`]);

    // Publication guard: nothing of the non-public paper, agenda item or files, no deleted object, no contact data
    // without consent, no person without office.
    for (const secret of [
      s.f.secretPaperId, s.f.secretItemId, s.f.secretFileId, s.hiddenFileId, s.deletedItemId, s.deletedPaperId,
      'Verkauf des Flurstücks', 'Grundstücksangelegenheit', 'Vertraulich', 'Kaufpreis', 'Gestrichener', 'Zurückgezogene',
      'person1@example.org', 'person2@example.org', 'privat@example.org', 'Unbekannt',
    ]) {
      assert.ok(!corpus.includes(secret), `"${secret}" must not be published`);
    }
    assert.ok(corpus.includes('person0@example.org'), 'contact data with consent is published');
  } finally {
    await s.t.close();
  }
});

test('objects that are not public answer 404 with an OParl error; deleted ones stay at their URL as tombstones', async () => {
  const s = await scenario();
  try {
    const body = `/oparl/v1.1/body/${s.slug}`;
    for (const url of [`${body}/paper/${s.f.secretPaperId}`, `${body}/agendaitem/${s.f.secretItemId}`, `${body}/file/${s.f.secretFileId}`, `${body}/consultation/00000000-0000-4000-8000-000000000000`]) {
      const res = await s.t.app.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.deepEqual(validateOparlError(res.json()), []);
      assert.ok(!res.body.includes('Flurstück') && !res.body.includes('Grundstück'));
    }
    for (const [kind, id] of [['agendaitem', s.deletedItemId], ['paper', s.deletedPaperId]] as const) {
      const res = await s.t.app.inject({ url: `${body}/${kind}/${id}` });
      assert.equal(res.statusCode, 200);
      const o = res.json() as Json;
      assert.deepEqual(Object.keys(o).sort(), ['created', 'deleted', 'id', 'modified', 'type']);
      assert.equal(o.deleted, true);
      assert.equal(o.modified, '2026-11-05T10:00:00+01:00', 'modified is the deletion time');
      assert.deepEqual(validateOparlObject(o), []);
    }
    // Files: a non-public or deleted file is gone (410), never served.
    for (const id of [s.f.secretFileId, s.hiddenFileId]) {
      const res = await s.t.app.inject({ url: `${body}/file/${id}/download` });
      assert.equal(res.statusCode, 410);
      assert.deepEqual(validateOparlError(res.json()), []);
    }
  } finally {
    await s.t.close();
  }
});

test('stateless answers: no cookie is set or read, CORS on every answer incl. errors, canonical URLs by 301', async () => {
  const s = await scenario();
  try {
    const body = `/oparl/v1.1/body/${s.slug}`;
    // A browser that used the portal sends its cookies; a ?lang= would normally set one.
    const res = await s.t.app.inject({ url: `${body}/paper?lang=en`, headers: { cookie: 'amt_sid=stale-session; amt_flash=saved; amt_csrf=x' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['set-cookie'], undefined);
    const portal = await s.t.app.inject({ url: `/${s.slug}?lang=en`, headers: { cookie: 'amt_sid=stale-session' } });
    assert.ok(portal.headers['set-cookie'], 'the portal itself does set cookies (the check above can fail)');

    for (const [from, to] of [
      [`${body}/paper/`, `${body}/paper`],
      [`${body}/Paper?limit=5`, `${body}/paper?limit=5`],
      [`/oparl/v1.1/body/${s.slug.toUpperCase()}`, body],
      [`/oparl/v1.1//body/${s.slug}`, body],
      [`${body}/paper/${s.f.paperId.toUpperCase()}`, `${body}/paper/${s.f.paperId}`],
      ['/oparl/v1.1/', '/oparl/v1.1'],
    ]) {
      const r = await s.t.app.inject({ url: from! });
      assert.equal(r.statusCode, 301, from);
      assert.equal(r.headers.location, `${BASE}${to}`, from);
      assert.equal(r.headers['access-control-allow-origin'], '*');
    }
    for (const url of ['/oparl/v1.1/unknown', `${body}/papers`, `${body}/paper/not-a-uuid`, '/oparl/v1.1/body/gibt-es-nicht', `${body}/meeting/${s.f.meetingId}/agendaitem`]) {
      const r = await s.t.app.inject({ url });
      assert.equal(r.statusCode, 404, url);
      assert.equal(r.headers['access-control-allow-origin'], '*');
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(validateOparlError(r.json()), []);
    }
    // No HTML escaping: "<" stays "<" in the JSON text.
    await s.t.db.exec(sql`update council_papers set name = 'Antrag <Spielplatz> & „Grün“' where id = ${s.f.paperId}`);
    const raw = (await s.t.app.inject({ url: `${body}/paper/${s.f.paperId}` })).body;
    assert.ok(raw.includes('"name":"Antrag <Spielplatz> & „Grün“"'), raw.slice(0, 400));
  } finally {
    await s.t.close();
  }
});

test('files: accessUrl inline, downloadUrl as attachment with an RFC 5987 name, conditional GET, 410 once deleted', async () => {
  const s = await scenario();
  try {
    const url = `/oparl/v1.1/body/${s.slug}/file/${s.minutesFileId}`;
    const dl = await s.t.app.inject({ url: `${url}/download` });
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-disposition'], `attachment; filename="Niederschrift Ubersicht Strasse.pdf"; filename*=UTF-8''Niederschrift%20%C3%9Cbersicht%20Stra%C3%9Fe.pdf`);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    assert.ok(dl.rawPayload.subarray(0, 5).toString() === '%PDF-');
    const access = await s.t.app.inject({ url: `${url}/access` });
    assert.equal(access.statusCode, 200);
    assert.match(String(access.headers['content-disposition']), /^inline;/);
    const etag = String(dl.headers.etag);
    const lastModified = String(dl.headers['last-modified']);
    assert.equal(lastModified, LATER.toUTCString());
    assert.equal((await s.t.app.inject({ url: `${url}/download`, headers: { 'if-none-match': etag } })).statusCode, 304);
    assert.equal((await s.t.app.inject({ url: `${url}/download`, headers: { 'if-none-match': '"other"' } })).statusCode, 200);
    assert.equal((await s.t.app.inject({ url: `${url}/access`, headers: { 'if-modified-since': lastModified } })).statusCode, 304);
    assert.equal((await s.t.app.inject({ url: `${url}/access`, headers: { 'if-modified-since': new Date(LATER.getTime() - 1000).toUTCString() } })).statusCode, 200);

    await s.t.db.transaction((tx) => softDelete(tx, 'file', s.tenantId, s.minutesFileId, new Date('2026-11-06T09:00:00Z')));
    const gone = await s.t.app.inject({ url: `${url}/download` });
    assert.equal(gone.statusCode, 410);
    assert.equal(gone.headers['access-control-allow-origin'], '*');
    assert.equal((await s.t.app.inject({ url: `${url}/access`, headers: { 'if-none-match': etag } })).statusCode, 410, 'no 304 for a deleted file');
    const tomb = (await s.t.app.inject({ url })).json() as Json;
    assert.equal(tomb.deleted, true);
  } finally {
    await s.t.close();
  }
});

test('the demo data of the whole installation crawls without a schema error', async () => {
  const t = await testPlatform();
  try {
    assert.equal(await seedDemo(t.db, { log2N: 10, now: new Date('2026-11-21T10:00:00Z') }), true);
    const { docs, errors } = await crawl(t);
    assert.deepEqual(errors, []);
    const bodies = (docs.get(`${ROOT}/body`)!.data as Json[]).map((b) => b.id);
    assert.ok(bodies.includes(`${ROOT}/body/amt-warnowtal`), bodies.join(', '));
    assert.ok([...docs.keys()].filter((u) => u.includes('/meeting/')).length >= 3);
  } finally {
    await t.close();
  }
});

test('only municipalities with the council module have a Body; a switched-off one is a tombstone for modified_since clients', async () => {
  const s = await scenario();
  try {
    const off = await createTenant(s.t.db, { name: 'Ohnerat' });
    await createCouncilFixture(s.t.db, off.id);
    await s.t.db.transaction((tx) => setModule(tx, off.id, 'council', false));
    const inactive = await createTenant(s.t.db, { name: 'Ruhend' });
    await s.t.db.transaction((tx) => setTenantActive(tx, inactive.id, false));
    s.t.platform.tenants.invalidate();
    for (const slug of [off.slug, inactive.slug]) {
      const r = await s.t.app.inject({ url: `/oparl/v1.1/body/${slug}/paper` });
      assert.equal(r.statusCode, 404, slug);
      assert.deepEqual(validateOparlError(r.json()), []);
    }
    const list = (await s.t.app.inject({ url: '/oparl/v1.1/body' })).json() as Json;
    assert.deepEqual((list.data as Json[]).map((b) => b.id), [`${ROOT}/body/${s.slug}`]);
    const since = (await s.t.app.inject({ url: `/oparl/v1.1/body?modified_since=${encodeURIComponent('2000-01-01T00:00:00+01:00')}` })).json() as Json;
    assert.deepEqual(validateOparlListPage(since, { type: 'Body' }), []);
    const tomb = (since.data as Json[]).find((b) => b.id === `${ROOT}/body/${off.slug}`);
    assert.equal(tomb?.deleted, true, 'the body that had council data and was switched off');
    assert.ok(!(since.data as Json[]).some((b) => b.id === `${ROOT}/body/${inactive.slug}`), 'never published, never listed');
  } finally {
    await s.t.close();
  }
});
