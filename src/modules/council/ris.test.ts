import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant } from '../../testing/factories.ts';
import { MODULE_IDS, sql } from '../../kernel/index.ts';
import { createCouncilFixture, type CouncilFixture } from './testing.ts';
import { insertAgendaItem, insertCouncilFile, insertMeeting, insertPaper, setAgendaResult, setMeetingState, softDelete, updateMeetingPlan } from './repository.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let off: { id: string; slug: string };
let fa: CouncilFixture;
let fb: CouncilFixture;
let web: Client;
const later = new Date('2026-11-15T09:00:00Z');
const R = (slug = a.slug) => `/${slug}/rat`;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Alphadorf' });
  b = await createTenant(t.db, { name: 'Betadorf' });
  off = await createTenant(t.db, { name: 'Ohnerat', modules: MODULE_IDS.filter((m) => m !== 'council') });
  fa = await createCouncilFixture(t.db, a.id);
  fb = await createCouncilFixture(t.db, b.id);
  await createCouncilFixture(t.db, off.id);
  web = new Client(t);
});
after(() => t.close());

const main = (body: string) => body.match(/<main[\s\S]*<\/main>/)?.[0] ?? '';

test('start page: upcoming meeting, released public papers only, links to calendar, bodies, persons, search', async () => {
  const res = await web.get(R());
  assert.equal(res.statusCode, 200);
  const m = main(res.body);
  assert.match(m, /5\. Sitzung der Gemeindevertretung/);
  assert.match(m, /BV\/2026\/001/);
  assert.doesNotMatch(m, /BV\/2026\/002|Flurstücks/, 'the non-public paper never appears');
  for (const link of ['/kalender', '/kalender.ics', '/drucksachen', '/gremien', '/personen', '/suche']) assert.ok(m.includes(`href="${R()}${link}"`), link);
  assert.match(m, /<h1 class="kern-heading-large">Ratsinformationssystem<\/h1>/);
});

test('calendar: month list with previous/next, body filter, bad month → 422 with the current month', async () => {
  const dec = main((await web.get(`${R()}/kalender?monat=2026-12`)).body);
  assert.match(dec, /Sitzungskalender: Dezember 2026/);
  assert.match(dec, /5\. Sitzung der Gemeindevertretung/);
  assert.match(dec, /<caption class="kern-title">Sitzungen im Dezember 2026<\/caption>/);
  assert.ok(dec.includes(`href="${R()}/kalender?monat=2026-11"`) && dec.includes(`href="${R()}/kalender?monat=2027-01"`));
  const nov = main((await web.get(`${R()}/kalender?monat=2026-11`)).body);
  assert.doesNotMatch(nov, /5\. Sitzung der Gemeindevertretung/);
  const committee = main((await web.get(`${R()}/kalender?monat=2026-12&gremium=${fa.committeeId}`)).body);
  assert.doesNotMatch(committee, /5\. Sitzung der Gemeindevertretung/);
  assert.ok(committee.includes(`${R()}/gremien/${fa.committeeId}/kalender.ics`));
  const bad = await web.get(`${R()}/kalender?monat=2026-13`);
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Bitte geben Sie den Monat so an/);
  assert.match(bad.body, /Sitzungskalender: November 2026/, 'the clock says November');
  // The month is cut in Berlin time: 1 Dec 00:30 in Berlin is still 30 Nov in UTC.
  await t.db.transaction((tx) => insertMeeting(tx, a.id, { bodyId: fa.committeeId, name: 'Mitternachtssitzung', startsAt: new Date('2026-11-30T23:30:00Z'), endsAt: new Date('2026-12-01T00:30:00Z') }, later));
  assert.match(main((await web.get(`${R()}/kalender?monat=2026-12`)).body), /Mitternachtssitzung/);
  assert.doesNotMatch(main((await web.get(`${R()}/kalender?monat=2026-11`)).body), /Mitternachtssitzung/);
});

test('meeting page: public agenda only, a count of non-public items, results and minutes only after release', async () => {
  const url = `${R()}/sitzungen/${fa.meetingId}`;
  let m = main((await web.get(url)).body);
  assert.match(m, /<h1 class="kern-heading-large">5\. Sitzung der Gemeindevertretung<\/h1>/);
  assert.match(m, /Ö 1/);
  assert.match(m, /Bebauungsplan Nr\. 12 – Entwurfsbeschluss/);
  assert.ok(m.includes(`href="${R()}/drucksachen/${fa.paperId}"`));
  assert.match(m, /Nichtöffentlicher Teil: 1 Tagesordnungspunkt\./);
  assert.doesNotMatch(m, /N 1|Grundstücksangelegenheit|BV\/2026\/002/, 'nothing of the non-public item');
  assert.match(m, /Sitzungssaal im Rathaus, Raum 1\.01, Markt 1, 19999 Testdorf/);
  assert.match(m, /Donnerstag, 10\.12\.2026/);
  assert.match(m, /18:00–21:00 Uhr/, 'Berlin time');
  assert.match(m, /id="top-0"/, 'deep link per item');

  const minutesPdf = Buffer.from('%PDF-1.4 Niederschrift');
  const minutesId = await t.db.transaction(async (tx) => {
    await setAgendaResult(tx, a.id, fa.publicItemId, { result: 'Einstimmig beschlossen', resolutionText: 'Der Entwurf wird gebilligt und öffentlich ausgelegt.' }, later);
    await setAgendaResult(tx, a.id, fa.secretItemId, { result: 'Verkauf beschlossen', resolutionText: 'Herr Vertraulich erhält den Zuschlag.' }, later);
    return insertCouncilFile(tx, a.id, { name: 'Niederschrift der 5. Sitzung', fileName: 'Niederschrift 5. Sitzung GV.pdf', mime: 'application/pdf', bytes: minutesPdf, role: 'minutes', meetingId: fa.meetingId }, later);
  });
  m = main((await web.get(url)).body);
  assert.doesNotMatch(m, /Einstimmig beschlossen|gebilligt|Niederschrift der 5\. Sitzung/, 'not before the minutes are released');
  assert.match(m, /Ergebnisse und Beschlüsse erscheinen hier, sobald die Niederschrift veröffentlicht ist/);
  assert.equal((await web.get(`${R()}/dateien/${minutesId}/x.pdf`)).statusCode, 404);

  await t.db.exec(sql`update council_meetings set minutes_state = 'released', modified_at = ${later} where tenant_id = ${a.id} and id = ${fa.meetingId}`);
  m = main((await web.get(url)).body);
  assert.match(m, /Einstimmig beschlossen/);
  assert.match(m, /Der Entwurf wird gebilligt und öffentlich ausgelegt\./);
  assert.doesNotMatch(m, /Verkauf beschlossen|Vertraulich/, 'the non-public result stays closed');
  assert.ok(m.includes(`href="${R()}/dateien/${minutesId}/${encodeURIComponent('Niederschrift 5. Sitzung GV.pdf')}"`));
  assert.match(m, /Niederschrift der 5\. Sitzung<\/a> <span class="kern-body--small">\(PDF, 1 KB\)/);
  const dlUrl = `${R()}/dateien/${minutesId}/${encodeURIComponent('Niederschrift 5. Sitzung GV.pdf')}`;
  const dl = await web.get(dlUrl);
  assert.equal(dl.statusCode, 200);
  assert.equal(dl.headers['content-type'], 'application/pdf');
  assert.equal(dl.rawPayload.toString(), minutesPdf.toString());
  assert.match(String(dl.headers['content-disposition']), /filename\*=UTF-8''Niederschrift%205\.%20Sitzung%20GV\.pdf/);
  const etag = String(dl.headers.etag);
  assert.equal((await web.get(dlUrl, { 'if-none-match': etag })).statusCode, 304);
});

test('paper page: content, files with readable names, consultation path; non-public papers and files are 404', async () => {
  const res = await web.get(`${R()}/drucksachen/${fa.paperId}`);
  assert.equal(res.statusCode, 200);
  const m = main(res.body);
  assert.match(m, /Bebauungsplan Nr\. 12 „Am Mühlenteich“ – Entwurfsbeschluss/);
  assert.match(m, /Der Bauausschuss hat den Entwurf beraten\./);
  assert.match(m, /Die Gemeindevertretung beschließt den Entwurf\./);
  assert.match(m, /Beschlussvorlage/);
  assert.ok(m.includes(`${R()}/dateien/${fa.fileId}/${encodeURIComponent('BV-2026-001 Bebauungsplan Nr 12.pdf')}`));
  assert.match(m, /<caption class="kern-title">Beratungsfolge<\/caption>/);
  assert.match(m, /Bauausschuss[\s\S]*Vorberatung[\s\S]*Gemeindevertretung[\s\S]*Entscheidung/);
  const file = await web.get(`${R()}/dateien/${fa.fileId}/egal.pdf`);
  assert.equal(file.statusCode, 200);
  assert.match(file.rawPayload.subarray(0, 5).toString(), /%PDF-/);

  assert.equal((await web.get(`${R()}/drucksachen/${fa.secretPaperId}`)).statusCode, 404);
  assert.equal((await web.get(`${R()}/dateien/${fa.secretFileId}/x.pdf`)).statusCode, 404);
  // A public file of a non-public paper is not public either; nor is a draft.
  const { leakId, draftId } = await t.db.transaction(async (tx) => {
    const leakId = await insertCouncilFile(tx, a.id, { name: 'Anlage', fileName: 'Anlage.pdf', mime: 'application/pdf', bytes: Buffer.from('%PDF-1.4 x'), role: 'attachment', paperId: fa.secretPaperId, public: true }, later);
    const draftId = await insertPaper(tx, a.id, { reference: 'AN/2026/009', name: 'Entwurf eines Antrags', paperType: 'antrag', date: '2026-11-10', status: 'draft' }, later);
    return { leakId, draftId };
  });
  assert.equal((await web.get(`${R()}/dateien/${leakId}/Anlage.pdf`)).statusCode, 404);
  assert.equal((await web.get(`${R()}/drucksachen/${draftId}`)).statusCode, 404);
  assert.equal((await web.get(`${R()}/drucksachen/kein-uuid`)).statusCode, 404);
});

test('related papers in both directions, public ones only; bodies of an Amt grouped by member municipality', async () => {
  const { answerId, hiddenId } = await t.db.transaction(async (tx) => ({
    answerId: await insertPaper(tx, a.id, { reference: 'ST/2026/001', name: 'Stellungnahme der Verwaltung zum Bebauungsplan', paperType: 'stellungnahme', date: '2026-11-03', status: 'released', relatedPaperId: fa.paperId }, later),
    hiddenId: await insertPaper(tx, a.id, { reference: 'ST/2026/002', name: 'Interne Stellungnahme', paperType: 'stellungnahme', date: '2026-11-03', status: 'released', relatedPaperId: fa.paperId, public: false }, later),
  }));
  const m = main((await web.get(`${R()}/drucksachen/${fa.paperId}`)).body);
  assert.match(m, /<h2 class="kern-heading-medium">Zugehörige Drucksachen<\/h2>[\s\S]*ST\/2026\/001/);
  assert.doesNotMatch(m, /ST\/2026\/002|Interne Stellungnahme/);
  assert.match(main((await web.get(`${R()}/drucksachen/${answerId}`)).body), /BV\/2026\/001/, 'and back');
  assert.equal((await web.get(`${R()}/drucksachen/${hiddenId}`)).statusCode, 404);

  const amt = await createTenant(t.db, { name: 'Amt Seenland', kind: 'amt' });
  await createCouncilFixture(t.db, amt.id, { municipality: 'Wiesendorf' });
  const bodies = main((await web.get(`${R(amt.slug)}/gremien`)).body);
  assert.match(bodies, /<h2 class="kern-heading-medium">Gemeinde Wiesendorf<\/h2>/);
  assert.match(bodies, /<caption class="kern-title">Gremien: Gemeinde Wiesendorf<\/caption>[\s\S]*Bauausschuss/);
});

test('paper list: filters by type, body, year, Wahlperiode and text; bad year → 422', async () => {
  await t.db.transaction(async (tx) => {
    await insertPaper(tx, a.id, { reference: 'AN/2021/004', name: 'Antrag Radweg an der Landstraße', paperType: 'antrag', date: '2021-03-01', status: 'released' }, later);
  });
  const all = main((await web.get(`${R()}/drucksachen`)).body);
  assert.match(all, /BV\/2026\/001/);
  assert.match(all, /AN\/2021\/004/, 'earlier terms are listed too');
  assert.doesNotMatch(all, /BV\/2026\/002|AN\/2026\/009/);
  const antrag = main((await web.get(`${R()}/drucksachen?typ=antrag`)).body);
  assert.match(antrag, /AN\/2021\/004/);
  assert.doesNotMatch(antrag, /BV\/2026\/001/);
  assert.match(main((await web.get(`${R()}/drucksachen?jahr=2021`)).body), /AN\/2021\/004/);
  assert.doesNotMatch(main((await web.get(`${R()}/drucksachen?jahr=2026`)).body), /AN\/2021\/004/);
  const term = main((await web.get(`${R()}/drucksachen?wahlperiode=${fa.termId}`)).body);
  assert.match(term, /BV\/2026\/001/);
  assert.doesNotMatch(term, /AN\/2021\/004/, 'Wahlperiode 2024–2029 only');
  const body = main((await web.get(`${R()}/drucksachen?gremium=${fa.committeeId}`)).body);
  assert.match(body, /BV\/2026\/001/);
  assert.doesNotMatch(body, /AN\/2021\/004/);
  const text = main((await web.get(`${R()}/drucksachen?q=Radwege`)).body);
  assert.match(text, /AN\/2021\/004/);
  assert.doesNotMatch(text, /BV\/2026\/001/);
  const bad = await web.get(`${R()}/drucksachen?jahr=20x6`);
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Bitte geben Sie das Jahr vierstellig an/);
});

test('bodies, members and persons: roles and Fraktion are public, contact data only with consent', async () => {
  const bodies = main((await web.get(`${R()}/gremien`)).body);
  assert.match(bodies, /Gemeindevertretung/);
  assert.match(bodies, /Bauausschuss/);
  assert.match(bodies, /Fraktion Bürger für Testdorf/);
  const council = main((await web.get(`${R()}/gremien/${fa.councilId}`)).body);
  assert.match(council, /<caption class="kern-title">Mitglieder am 21\.11\.2026<\/caption>/);
  assert.match(council, /Jan Abel<\/a><\/th><td class="kern-table__cell">Vorsitz/);
  assert.match(council, /Maria Becker<\/a><\/th><td class="kern-table__cell">Stellvertretender Vorsitz<\/td><td class="kern-table__cell">Fraktion Bürger für Testdorf/);
  assert.match(council, /5\. Sitzung der Gemeindevertretung/);
  const committee = main((await web.get(`${R()}/gremien/${fa.committeeId}`)).body);
  assert.ok(committee.includes(`href="${R()}/gremien/${fa.councilId}"`), 'parent body');

  const persons = main((await web.get(`${R()}/personen`)).body);
  assert.match(persons, /Abel, Jan/);
  assert.doesNotMatch(persons, /@example\.org/);
  const consenting = main((await web.get(`${R()}/personen/${fa.personIds[0]}`)).body);
  assert.match(consenting, /person0@example\.org/);
  assert.match(consenting, /Gemeindevertretung[\s\S]*Vorsitz/);
  const other = main((await web.get(`${R()}/personen/${fa.personIds[1]}`)).body);
  assert.match(other, /Maria Becker/);
  assert.doesNotMatch(other, /person1@example\.org|Kontakt/);
});

test('iCalendar feeds: text/calendar, stable UID, SEQUENCE grows, cancelled meetings, one body', async () => {
  const res = await web.get(`${R()}/kalender.ics`);
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
  const text = res.body.replace(/\r\n /g, '');
  assert.ok(text.includes(`UID:${fa.meetingId}@portal.test\r\n`));
  assert.ok(text.includes(`URL:http://portal.test${R()}/sitzungen/${fa.meetingId}\r\n`));
  assert.ok(text.includes('LOCATION:Sitzungssaal im Rathaus\\, Raum 1.01\\, Markt 1\\, 19999 Testdorf\r\n'));
  assert.ok(text.includes('DTSTART:20261210T170000Z\r\n'));
  assert.ok(!text.includes(fb.meetingId), "not the other municipality's meetings");
  const seq = (s: string, id: string) => Number(s.replace(/\r\n /g, '').match(new RegExp(`UID:${id}@portal\\.test\\r\\nSEQUENCE:(\\d+)`))![1]);
  const before = seq(res.body, fa.meetingId);

  const meetingId = await t.db.transaction(async (tx) => {
    const id = await insertMeeting(tx, a.id, { bodyId: fa.committeeId, name: '3. Sitzung des Bauausschusses', startsAt: new Date('2026-12-03T17:00:00Z'), endsAt: new Date('2026-12-03T19:00:00Z'), state: 'invited' }, later);
    await updateMeetingPlan(tx, a.id, fa.meetingId, { name: '5. Sitzung der Gemeindevertretung', startsAt: new Date('2026-12-10T18:00:00Z'), endsAt: new Date('2026-12-10T21:00:00Z'), locationId: fa.locationId }, new Date('2026-11-16T08:00:00Z'));
    return id;
  });
  const again = await web.get(`${R()}/kalender.ics`);
  assert.ok(seq(again.body, fa.meetingId) > before, 'a changed meeting gets a higher SEQUENCE');
  assert.ok(again.body.includes(`UID:${fa.meetingId}@portal.test\r\n`), 'same UID');
  assert.ok(again.body.includes('DTSTART:20261210T180000Z'));

  await t.db.transaction((tx) => setMeetingState(tx, a.id, meetingId, { from: ['invited'], to: 'cancelled' }, new Date('2026-11-16T09:00:00Z')));
  const committee = (await web.get(`${R()}/gremien/${fa.committeeId}/kalender.ics`)).body.replace(/\r\n /g, '');
  assert.ok(committee.includes(`UID:${meetingId}@portal.test`));
  assert.match(committee, /SUMMARY:Abgesagt: 3\. Sitzung des Bauausschusses\r\n[\s\S]*STATUS:CANCELLED/);
  assert.ok(!committee.includes(fa.meetingId), "only this body's meetings");
  assert.match(main((await web.get(`${R()}/sitzungen/${meetingId}`)).body), /Diese Sitzung ist abgesagt\./);
  assert.equal((await web.get(`${R()}/gremien/${fb.committeeId}/kalender.ics`)).statusCode, 404, "another municipality's body");
});

test("tenant isolation: another municipality's ids under this slug are 404, its data never shows", async () => {
  for (const path of [`/sitzungen/${fa.meetingId}`, `/drucksachen/${fa.paperId}`, `/gremien/${fa.councilId}`, `/personen/${fa.personIds[0]}`, `/dateien/${fa.fileId}/x.pdf`, `/gremien/${fa.councilId}/kalender.ics`]) {
    assert.equal((await web.get(`${R(b.slug)}${path}`)).statusCode, 404, path);
    assert.equal((await web.get(`${R(a.slug)}${path}`)).statusCode, 200, `${path} exists in its own municipality`);
  }
  const bStart = main((await web.get(R(b.slug))).body);
  assert.ok(!bStart.includes(fa.meetingId) && !bStart.includes(fa.paperId));
});

test('a deleted meeting disappears; with the module switched off every RIS page is 404', async () => {
  const id = await t.db.transaction((tx) => insertMeeting(tx, a.id, { bodyId: fa.councilId, name: 'Sondersitzung Haushaltssperre', startsAt: new Date('2026-12-17T17:00:00Z'), endsAt: new Date('2026-12-17T19:00:00Z') }, later));
  await t.db.transaction((tx) => insertAgendaItem(tx, a.id, { meetingId: id, position: 0, number: 'Ö 1', name: 'Haushaltssperre', public: true }, later));
  assert.match(main((await web.get(`${R()}/kalender?monat=2026-12`)).body), /Sondersitzung Haushaltssperre/);
  await t.db.transaction((tx) => softDelete(tx, 'meeting', a.id, id, new Date('2026-11-20T09:00:00Z')));
  assert.equal((await web.get(`${R()}/sitzungen/${id}`)).statusCode, 404);
  assert.doesNotMatch(main((await web.get(`${R()}/kalender?monat=2026-12`)).body), /Sondersitzung Haushaltssperre/);
  assert.ok(!(await web.get(`${R()}/kalender.ics`)).body.includes(id));

  for (const path of ['', '/kalender', '/kalender.ics', '/drucksachen', '/gremien', '/personen', '/suche?q=Bebauungsplan']) {
    assert.equal((await web.get(`${R(off.slug)}${path}`)).statusCode, 404, path);
  }
});
