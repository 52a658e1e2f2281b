// Meetings and the agenda editor: create/edit with Berlin wall-clock times, default titles and standard items, no
// overlapping meetings of one body (also under concurrency), agenda numbering Ö/N with the public part first, papers
// only released and of the same tenant, consultation linking, reorder/toggle/remove, stale submits, tenant isolation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { createCouncilFixture, type CouncilFixture } from './testing.ts';
import { agendaOf, consultationsOfPaper, insertBody, insertPaper, meetingById, paperById } from './repository.ts';
import { numberAgenda } from './commands/edit-agenda.ts';
import { saveMeeting } from './commands/save-meeting.ts';
import { berlinInstant } from './meeting-schema.ts';
import { bodyGenitive } from './invitation.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let fa: CouncilFixture;
let fb: CouncilFixture;
let office: Client;
let officeB: Client;
let base: string;
let baseB: string;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Alphadorf' });
  b = await createTenant(t.db, { name: 'Betadorf' });
  fa = await createCouncilFixture(t.db, a.id);
  fb = await createCouncilFixture(t.db, b.id);
  const ua = await createUser(t.db, a, { kind: 'staff', roles: ['council_office'] });
  const ub = await createUser(t.db, b, { kind: 'staff', roles: ['council_office'] });
  office = new Client(t);
  officeB = new Client(t);
  assert.equal((await office.login(`/${a.slug}`, ua.email, ua.password)).statusCode, 303);
  assert.equal((await officeB.login(`/${b.slug}`, ub.email, ub.password)).statusCode, 303);
  base = `/${a.slug}/verwaltung/sitzungsdienst/sitzungen`;
  baseB = `/${b.slug}/verwaltung/sitzungsdienst/sitzungen`;
});
after(() => t.close());

const main = (body: string) => body.match(/<main[\s\S]{0,3000}/)?.[0] ?? body.slice(0, 3000);
const standOf = async (c: Client, url: string) => (await c.get(url)).body.match(/name="stand" value="(\d+)"/)![1]!;
const numbers = async (tenantId: string, meetingId: string) => (await agendaOf(t.db, tenantId, meetingId)).map((i) => `${i.number} ${i.name}`);

test('numberAgenda: public part first, Ö and N numbered separately, order kept within each part', () => {
  const items = [
    { id: 'a', public: false },
    { id: 'b', public: true },
    { id: 'c', public: false },
    { id: 'd', public: true },
  ];
  assert.deepEqual(
    numberAgenda(items).map((i) => [i.id, i.position, i.number]),
    [['b', 0, 'Ö 1'], ['d', 1, 'Ö 2'], ['a', 2, 'N 1'], ['c', 3, 'N 2']],
  );
  assert.equal(bodyGenitive('Gemeindevertretung'), 'der Gemeindevertretung');
  assert.equal(bodyGenitive('Bauausschuss'), 'des Bauausschusses');
  assert.equal(bodyGenitive('Ausschuss für Finanzen'), 'des Ausschusses für Finanzen');
});

test('create a meeting: Berlin wall-clock times, default title counted in the term, standard items; bad input keeps the form', async () => {
  const form = await office.get(`${base}/neu`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Einwohnerfragestunde/);

  const bad = await office.post(`${base}/neu`, { body: fa.councilId, name: 'Sondersitzung Haushalt', date: '2026-13-01', start: '18:00', end: '17:00', location: '' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /error-summary/);
  assert.match(bad.body, /value="Sondersitzung Haushalt"/, 'input is kept');
  assert.match(bad.body, /Bitte geben Sie den Sitzungstag als Datum an/);

  const before = await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_meetings where tenant_id = ${a.id}`);
  const res = await office.post(`${base}/neu`, { body: fa.councilId, name: '', date: '2026-12-17', start: '18:30', end: '21:00', location: fa.locationId, standard: ['0', '1', '2', '3', '4'] });
  assert.equal(res.statusCode, 303, main(res.body));
  const id = String(res.headers.location).split('/').pop()!.split('#')[0]!;
  const m = (await meetingById(t.db, a.id, id))!;
  assert.equal(m.name, '2. Sitzung der Gemeindevertretung');
  assert.equal(m.startsAt.toISOString(), '2026-12-17T17:30:00.000Z', '18:30 in Berlin winter time');
  assert.equal(m.endsAt.toISOString(), '2026-12-17T20:00:00.000Z');
  assert.equal(m.state, 'planned');
  assert.deepEqual(await numbers(a.id, id), [
    'Ö 1 Eröffnung und Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit',
    'Ö 2 Bestätigung der Tagesordnung',
    'Ö 3 Genehmigung der Niederschrift der letzten Sitzung',
    'Ö 4 Einwohnerfragestunde',
    'Ö 5 Mitteilungen',
  ]);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_meetings where tenant_id = ${a.id}`))!.n, before!.n + 1);
  assert.ok(await t.db.one(sql`select 1 from audit_log where tenant_id = ${a.id} and action = 'council.meeting_created' and object_id = ${id}`));
  assert.equal(berlinInstant('2027-06-10', '18:00').toISOString(), '2027-06-10T16:00:00.000Z', 'summer time');

  const page = await office.get(`${base}/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Donnerstag, 17\. Dezember 2026, 18:30 Uhr/);
  const list = await office.get(base);
  assert.match(list.body, /2\. Sitzung der Gemeindevertretung/);
  assert.match(list.body, /5\. Sitzung der Gemeindevertretung/);

  // Edit: move it, title kept; a stale form is refused.
  t.clock.advance(1000);
  const stand = await standOf(office, `${base}/${id}/bearbeiten`);
  const edited = await office.post(`${base}/${id}/bearbeiten`, { stand, name: '2. Sitzung der Gemeindevertretung', date: '2026-12-18', start: '17:00', end: '19:00', location: fa.locationId });
  assert.equal(edited.statusCode, 303, main(edited.body));
  assert.equal((await meetingById(t.db, a.id, id))!.startsAt.toISOString(), '2026-12-18T16:00:00.000Z');
  const stale = await office.post(`${base}/${id}/bearbeiten`, { stand, name: 'Anders', date: '2026-12-19', start: '17:00', end: '19:00', location: '' });
  assert.equal(stale.statusCode, 409);
  assert.equal((await meetingById(t.db, a.id, id))!.name, '2. Sitzung der Gemeindevertretung');
});

test('overlapping meetings of one body are refused naming the other meeting; another body may meet at the same time', async () => {
  const count = async () => (await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_meetings where tenant_id = ${a.id}`))!.n;
  const n = await count();
  await office.get(`${base}/neu`);
  const res = await office.post(`${base}/neu`, { body: fa.councilId, name: 'Zweite Sitzung', date: '2026-12-10', start: '20:00', end: '22:00', location: '' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Das Gremium hat zu dieser Zeit schon eine Sitzung: „5\. Sitzung der Gemeindevertretung“ am 10\.12\.2026, 18:00–21:00 Uhr/);
  assert.equal(await count(), n);
  // Back to back is fine (end = start of the other).
  const after = await office.post(`${base}/neu`, { body: fa.councilId, name: 'Anschlusssitzung', date: '2026-12-10', start: '21:00', end: '22:00', location: '' });
  assert.equal(after.statusCode, 303, main(after.body));
  const committee = await office.post(`${base}/neu`, { body: fa.committeeId, name: '', date: '2026-12-10', start: '18:00', end: '19:00', location: '' });
  assert.equal(committee.statusCode, 303, main(committee.body));
  assert.equal(await count(), n + 2);

  // Moving an existing meeting onto another is refused too.
  const id = String(after.headers.location).split('/').pop()!;
  const stand = await standOf(office, `${base}/${id}/bearbeiten`);
  const moved = await office.post(`${base}/${id}/bearbeiten`, { stand, name: 'Anschlusssitzung', date: '2026-12-10', start: '19:00', end: '22:00', location: '' });
  assert.equal(moved.statusCode, 422);
  assert.match(moved.body, /5\. Sitzung der Gemeindevertretung/);
});

test('two concurrent requests for overlapping meetings: exactly one succeeds', async () => {
  const bodyId = await t.db.transaction((tx) => insertBody(tx, a.id, { name: 'Finanzausschuss', kind: 'committee' }, t.clock.now()));
  const data = (start: string, end: string) => ({ bodyId, name: '', startsAt: berlinInstant('2027-01-14', start), endsAt: berlinInstant('2027-01-14', end), locationId: null, standardItems: [] });
  const results = await Promise.all([
    saveMeeting(t.db, { tenantId: a.id, actorId: (await t.db.one<{ id: string }>(sql`select id from users where tenant_id = ${a.id} limit 1`))!.id, data: data('18:00', '20:00'), bodyName: 'Finanzausschuss', now: t.clock.now() }),
    saveMeeting(t.db, { tenantId: a.id, actorId: (await t.db.one<{ id: string }>(sql`select id from users where tenant_id = ${a.id} limit 1`))!.id, data: data('19:00', '21:00'), bodyName: 'Finanzausschuss', now: t.clock.now() }),
  ]);
  assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
  const refused = results.find((r) => !r.ok);
  assert.ok(refused && !refused.ok && refused.reason === 'overlap' && refused.message.includes('1. Sitzung des Finanzausschusses'));

  // The same through HTTP, two browsers at once.
  await office.get(`${base}/neu`);
  const http = await Promise.all([
    office.post(`${base}/neu`, { body: bodyId, name: 'A', date: '2027-02-11', start: '18:00', end: '20:00', location: '' }),
    office.post(`${base}/neu`, { body: bodyId, name: 'B', date: '2027-02-11', start: '18:30', end: '19:00', location: '' }),
  ]);
  assert.deepEqual(http.map((r) => r.statusCode).sort(), [303, 422]);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_meetings where tenant_id = ${a.id} and body_id = ${bodyId}`))!.n, 2);
});

test('agenda: papers only released and of the same tenant; numbering Ö/N with the public part first; reorder, toggle, remove', async () => {
  const url = `${base}/${fa.meetingId}`;
  const add = async (form: Record<string, string>) => office.post(`${url}/tagesordnung`, { stand: await standOf(office, url), ...form });
  const modified = async () => (await meetingById(t.db, a.id, fa.meetingId))!.modifiedAt.getTime();
  assert.deepEqual(await numbers(a.id, fa.meetingId), ['Ö 1 Bebauungsplan Nr. 12 – Entwurfsbeschluss', 'N 1 Grundstücksangelegenheit']);

  // A paper of another tenant, an unknown id and a non-id: clear error, nothing changed.
  const m0 = await modified();
  for (const paper of [fb.paperId, '00000000-0000-4000-8000-000000000000', 'BV/2026/001']) {
    const res = await add({ name: '', part: 'oeffentlich', paper });
    assert.equal(res.statusCode, 422, paper);
    assert.match(res.body, /Diese Vorlage gibt es nicht/);
  }
  assert.equal(await modified(), m0);
  assert.deepEqual(await numbers(a.id, fa.meetingId), ['Ö 1 Bebauungsplan Nr. 12 – Entwurfsbeschluss', 'N 1 Grundstücksangelegenheit']);
  assert.equal((await consultationsOfPaper(t.db, b.id, fb.paperId)).filter((c) => c.meetingId === fa.meetingId).length, 0);

  // A draft, a non-public paper in the public part, a paper already on the agenda.
  const now = t.clock.now();
  const [draft, fresh, secret] = await t.db.transaction(async (tx) => [
    await insertPaper(tx, a.id, { reference: 'BV/2026/010', name: 'Entwurf Spielplatz', paperType: 'beschlussvorlage', date: '2026-11-20', status: 'draft' }, now),
    await insertPaper(tx, a.id, { reference: 'AN/2026/003', name: 'Antrag Radweg Dorfstraße', paperType: 'antrag', date: '2026-11-20', status: 'released', tracking: 'submitted' }, now),
    await insertPaper(tx, a.id, { reference: 'BV/2026/011', name: 'Personalangelegenheit', paperType: 'beschlussvorlage', date: '2026-11-20', status: 'released', public: false }, now),
  ]);
  assert.match((await add({ name: '', part: 'oeffentlich', paper: draft! })).body, /Die Vorlage BV\/2026\/010 ist nicht freigegeben \(Stand: Entwurf\)/);
  assert.match((await add({ name: '', part: 'oeffentlich', paper: secret! })).body, /ist nichtöffentlich\. Bitte ordnen Sie den Punkt dem nichtöffentlichen Teil zu/);
  assert.match((await add({ name: '', part: 'oeffentlich', paper: fa.paperId })).body, /steht bereits als Ö 1 auf der Tagesordnung/);
  assert.equal(await modified(), m0);

  // A released paper: consultation step created for this body and scheduled, tracking moves on, stamps bumped.
  t.clock.advance(1000);
  const ok = await add({ name: '', part: 'oeffentlich', paper: fresh! });
  assert.equal(ok.statusCode, 303, main(ok.body));
  assert.ok((await modified()) > m0, 'meeting modified_at bumped');
  const [step] = await consultationsOfPaper(t.db, a.id, fresh!);
  assert.equal(step?.bodyId, fa.councilId);
  assert.equal(step?.meetingId, fa.meetingId);
  assert.equal(step?.role, 'deciding');
  const paper = (await paperById(t.db, a.id, fresh!))!;
  assert.equal(paper.tracking, 'in_consultation');
  assert.equal(paper.modifiedAt.getTime(), t.clock.now().getTime());

  // Added later, the non-public item still comes after the public part; a public item added after it goes before it.
  t.clock.advance(1000);
  assert.equal((await add({ name: '', part: 'nichtoeffentlich', paper: secret! })).statusCode, 303);
  t.clock.advance(1000);
  assert.equal((await add({ name: 'Anfragen der Gemeindevertreter', part: 'oeffentlich', paper: '' })).statusCode, 303);
  assert.deepEqual(await numbers(a.id, fa.meetingId), [
    'Ö 1 Bebauungsplan Nr. 12 – Entwurfsbeschluss',
    'Ö 2 Antrag Radweg Dorfstraße',
    'Ö 3 Anfragen der Gemeindevertreter',
    'N 1 Grundstücksangelegenheit',
    'N 2 Personalangelegenheit',
  ]);
  assert.deepEqual((await agendaOf(t.db, a.id, fa.meetingId)).map((i) => i.position), [0, 1, 2, 3, 4]);

  const act = async (itemName: string, action: string) => {
    const item = (await agendaOf(t.db, a.id, fa.meetingId)).find((i) => i.name === itemName)!;
    t.clock.advance(1000);
    return office.post(`${url}/tagesordnung/${item.id}`, { stand: await standOf(office, url), action });
  };
  assert.equal((await act('Anfragen der Gemeindevertreter', 'up')).statusCode, 303);
  assert.equal((await act('Bebauungsplan Nr. 12 – Entwurfsbeschluss', 'up')).statusCode, 303, 'top item: nothing to do');
  assert.equal((await act('Grundstücksangelegenheit', 'up')).statusCode, 303, 'N 1 cannot move into the public part');
  assert.deepEqual(await numbers(a.id, fa.meetingId), [
    'Ö 1 Bebauungsplan Nr. 12 – Entwurfsbeschluss',
    'Ö 2 Anfragen der Gemeindevertreter',
    'Ö 3 Antrag Radweg Dorfstraße',
    'N 1 Grundstücksangelegenheit',
    'N 2 Personalangelegenheit',
  ]);
  assert.equal((await act('Anfragen der Gemeindevertreter', 'nonpublic')).statusCode, 303);
  const toPublic = await act('Personalangelegenheit', 'public');
  assert.equal(toPublic.statusCode, 422);
  assert.match(toPublic.body, /Der Punkt muss im nichtöffentlichen Teil bleiben/);
  assert.equal((await act('Antrag Radweg Dorfstraße', 'remove')).statusCode, 303);
  assert.deepEqual(await numbers(a.id, fa.meetingId), [
    'Ö 1 Bebauungsplan Nr. 12 – Entwurfsbeschluss',
    'N 1 Anfragen der Gemeindevertreter',
    'N 2 Grundstücksangelegenheit',
    'N 3 Personalangelegenheit',
  ]);
  const removed = (await t.db.one<{ deleted_at: Date | null }>(sql`select deleted_at from council_agenda_items where tenant_id = ${a.id} and paper_id = ${fresh!}`))!;
  assert.ok(removed.deleted_at, 'soft deleted');
  assert.equal((await consultationsOfPaper(t.db, a.id, fresh!))[0]!.meetingId, null, 'its consultation step is free again');

  // A stale form (the page before the last change) changes nothing and answers 409.
  const item = (await agendaOf(t.db, a.id, fa.meetingId))[0]!;
  const stale = await office.post(`${url}/tagesordnung/${item.id}`, { stand: '1', action: 'down' });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /inzwischen geändert/);
  assert.equal((await agendaOf(t.db, a.id, fa.meetingId))[0]!.id, item.id);
  const audits = await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${a.id} and action = 'council.agenda_changed' and object_id = ${fa.meetingId}`);
  assert.equal(audits!.n, 6, '3 adds, 1 move, 1 toggle, 1 removal: every change audited, no-ops and refusals not');
});

test("tenant isolation: another tenant's meeting and agenda item ids answer 404 and change nothing", async () => {
  const before = JSON.stringify(await agendaOf(t.db, a.id, fa.meetingId)) + JSON.stringify(await meetingById(t.db, a.id, fa.meetingId));
  for (const path of ['', '/bearbeiten', '/absage', '/zustellung']) assert.equal((await officeB.get(`${baseB}/${fa.meetingId}${path}`)).statusCode, 404, path);
  await officeB.get(baseB);
  const item = (await agendaOf(t.db, a.id, fa.meetingId))[0]!;
  assert.equal((await officeB.post(`${baseB}/${fa.meetingId}/tagesordnung`, { stand: '0', name: 'x', part: 'oeffentlich', paper: '' })).statusCode, 404);
  assert.equal((await officeB.post(`${baseB}/${fb.meetingId}/tagesordnung/${item.id}`, { stand: String((await meetingById(t.db, b.id, fb.meetingId))!.modifiedAt.getTime()), action: 'remove' })).statusCode, 404);
  assert.equal((await officeB.post(`${baseB}/${fa.meetingId}/bearbeiten`, { stand: '0', name: 'x', date: '2026-12-10', start: '10:00', end: '11:00', location: '' })).statusCode, 404);
  assert.equal(JSON.stringify(await agendaOf(t.db, a.id, fa.meetingId)) + JSON.stringify(await meetingById(t.db, a.id, fa.meetingId)), before);
  // B's own meeting page works, so the 404s above are about the tenant.
  assert.equal((await officeB.get(`${baseB}/${fb.meetingId}`)).statusCode, 200);
  // A councillor (not council office) may not use the office pages.
  const councillor = await createUser(t.db, a, { kind: 'staff', roles: ['councillor'] });
  const c = new Client(t);
  await c.login(`/${a.slug}`, councillor.email, councillor.password);
  assert.equal((await c.get(`${base}/${fa.meetingId}`)).statusCode, 403);
});
