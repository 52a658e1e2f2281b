import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { createCouncilFixture, type CouncilFixture } from './testing.ts';
import { insertAgendaItem, insertConsultation, insertCouncilFile, insertMeeting, insertPaper, insertTerm, setAgendaResult, softDelete } from './repository.ts';
import { findItems, findMeetings, findPapers, findPersons, RANK_WINDOW, searchTerms, type SearchFilter, type Terms } from './search.repository.ts';
import { search } from './ris-routes.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let fa: CouncilFixture;
let web: Client;
let oldTermId: string;
const ids: Record<string, string> = {};
const now = new Date('2026-11-10T09:00:00Z');

const terms = (q: string): Terms => {
  const x = searchTerms(q);
  assert.equal(typeof x, 'object', q);
  return x as Terms;
};
const papers = async (q: string, filter: SearchFilter = {}, tenantId = a.id) => findPapers(t.db, tenantId, { terms: terms(q), filter, limit: 20, offset: 0 });
/** Hits of every kind for a query: what the public can find. */
const everything = async (q: string, tenantId = a.id) => {
  const o = { terms: terms(q), filter: {}, limit: 50, offset: 0 };
  const [p, m, i, pe] = await Promise.all([findPapers(t.db, tenantId, o), findMeetings(t.db, tenantId, o), findItems(t.db, tenantId, o), findPersons(t.db, tenantId, o)]);
  return { papers: p, meetings: m, items: i, persons: pe, total: p.total + m.total + i.total + pe.total };
};

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Alphadorf' });
  b = await createTenant(t.db, { name: 'Betadorf' });
  fa = await createCouncilFixture(t.db, a.id);
  await createCouncilFixture(t.db, b.id);
  web = new Client(t);
  await t.db.transaction(async (tx) => {
    oldTermId = await insertTerm(tx, a.id, { name: 'Wahlperiode 2019–2024', startDate: '2019-05-26', endDate: '2024-06-08' }, now);
    // Another paper that mentions BV/2026/001 many times and Bebauungsplan in its title: the exact reference still wins.
    ids.mention = await insertPaper(tx, a.id, { reference: 'MI/2026/003', name: 'Bebauungsplan Nr. 12: Bericht zu BV/2026/001', paperType: 'mitteilung', date: '2026-11-05', status: 'released',
      bodyText: 'Zur BV/2026/001 berichtet die Verwaltung. BV/2026/001 wurde vorberaten. Siehe BV/2026/001.' }, now);
    ids.old = await insertPaper(tx, a.id, { reference: 'AN/2020/017', name: 'Antrag auf Sanierung der Dorfkirche', paperType: 'antrag', date: '2020-09-14', status: 'released',
      bodyText: 'Die Fraktion beantragt, die Sanierung der Kirchturmuhr zu prüfen.' }, now);
    ids.draft = await insertPaper(tx, a.id, { reference: 'AN/2026/020', name: 'Entwurf Schwimmbadtarife', paperType: 'antrag', date: '2026-11-08', status: 'draft', bodyText: 'Entwurfsgeheimnis Quallenbecken' }, now);
    ids.withdrawn = await insertPaper(tx, a.id, { reference: 'AN/2026/021', name: 'Zurückgezogener Antrag', paperType: 'antrag', date: '2026-11-08', status: 'withdrawn', bodyText: 'Rückzugsvermerk Walrossgehege' }, now);
    // File texts: a public attachment with a unique word, and a non-public attachment of a public paper.
    await insertCouncilFile(tx, a.id, { name: 'Anlage 1 Lärmgutachten', fileName: 'Anlage 1 Laermgutachten.pdf', mime: 'application/pdf', bytes: Buffer.from('%PDF-1.4 a'), role: 'attachment', paperId: fa.paperId,
      textContent: 'Das Gutachten untersucht die Schallimmissionen des Sägewerks an der Mühle.' }, now);
    await insertCouncilFile(tx, a.id, { name: 'Anlage 2 intern', fileName: 'Anlage 2.pdf', mime: 'application/pdf', bytes: Buffer.from('%PDF-1.4 b'), role: 'attachment', paperId: fa.paperId, public: false,
      textContent: 'Interne Kalkulation Preisobergrenze Zitronenfalter' }, now);
    await insertCouncilFile(tx, a.id, { name: 'Beschlussvorlage 002 Anlage', fileName: 'x.pdf', mime: 'application/pdf', bytes: Buffer.from('%PDF-1.4 c'), role: 'attachment', paperId: fa.secretPaperId, public: true,
      textContent: 'Wertgutachten Flurstück Pfauenauge' }, now);
    // An old meeting with a public item in the previous term, and the old paper's consultation in the committee.
    const m = await insertMeeting(tx, a.id, { bodyId: fa.committeeId, name: '12. Sitzung des Bauausschusses', startsAt: new Date('2020-10-01T16:00:00Z'), endsAt: new Date('2020-10-01T18:00:00Z'), state: 'held' }, now);
    ids.oldMeeting = m;
    ids.oldItem = await insertAgendaItem(tx, a.id, { meetingId: m, position: 0, number: 'Ö 1', name: 'Sanierung der Dorfkirche', public: true, paperId: ids.old }, now);
    await insertAgendaItem(tx, a.id, { meetingId: m, position: 1, number: 'N 1', name: 'Personalangelegenheit Hausmeisterstelle', public: false }, now);
    await insertConsultation(tx, a.id, { paperId: ids.old, bodyId: fa.committeeId, position: 0, role: 'deciding', meetingId: m, agendaItemId: ids.oldItem }, now);
    await setAgendaResult(tx, a.id, ids.oldItem, { result: 'Einstimmig angenommen', resolutionText: 'Die Turmuhr wird durch die Uhrmacherwerkstatt instand gesetzt.' }, now);
    // A meeting's own files: the invitation is public at once, the minutes only after release.
    await insertCouncilFile(tx, a.id, { name: 'Einladung zur 5. Sitzung', fileName: 'Einladung.pdf', mime: 'application/pdf', bytes: Buffer.from('%PDF-1.4 e'), role: 'invitation', meetingId: fa.meetingId,
      textContent: 'Anfahrt: Bushaltestelle Lindenplatz, barrierefreier Zugang.' }, now);
    await insertCouncilFile(tx, a.id, { name: 'Niederschrift der 5. Sitzung', fileName: 'Niederschrift.pdf', mime: 'application/pdf', bytes: Buffer.from('%PDF-1.4 n'), role: 'minutes', meetingId: fa.meetingId,
      textContent: 'Die Sitzung endete mit einem Dank an die Seerosenteichgruppe.' }, now);
    ids.deleted = await insertMeeting(tx, a.id, { bodyId: fa.councilId, name: 'Gelöschte Sondersitzung Wolkenkuckucksheim', startsAt: new Date('2026-12-20T17:00:00Z'), endsAt: new Date('2026-12-20T18:00:00Z') }, now);
    await softDelete(tx, 'meeting', a.id, ids.deleted, now);
  });
});
after(() => t.close());

test('search terms: trimmed, limited, last plain word as prefix, phrases and operators kept', () => {
  assert.equal(searchTerms('   '), 'empty');
  assert.equal(searchTerms('x'.repeat(201)), 'too_long');
  assert.deepEqual(searchTerms('  Bebauungsplan   Mühlen '), { text: 'Bebauungsplan Mühlen', head: 'Bebauungsplan', prefix: 'Mühlen' });
  assert.deepEqual(searchTerms('BV/2026/001'), { text: 'BV/2026/001', head: 'BV/2026/001', prefix: null });
  assert.equal((searchTerms('"Am Mühlenteich"') as Terms).prefix, null);
  assert.equal((searchTerms('"Am Mühlenteich') as Terms).prefix, null, 'inside an open phrase');
  assert.equal((searchTerms('Plan or') as Terms).prefix, null);
  assert.equal((searchTerms('Plan -Teich') as Terms).prefix, null);
  assert.equal((searchTerms('Ab') as Terms).prefix, null, 'two letters are too short for a prefix');
});

test('an exact Drucksachennummer ranks first, in any case', async () => {
  for (const q of ['BV/2026/001', 'bv/2026/001']) {
    const r = await papers(q);
    assert.equal(r.hits[0]!.id, fa.paperId, q);
    assert.equal(r.hits[0]!.exact, true);
    assert.ok(r.hits.some((h) => h.id === ids.mention), 'the paper that mentions it is found too, below');
    assert.equal(r.hits.findIndex((h) => h.id === ids.mention), 1);
  }
});

test('German stemming and prefix matching: "Bebauungspläne" finds "Bebauungsplan", "Mühlen" finds "Mühlenteich"', async () => {
  const plural = await papers('Bebauungspläne');
  assert.ok(plural.hits.some((h) => h.id === fa.paperId));
  assert.ok(plural.hits[0]!.snippet, 'a snippet');
  assert.match(plural.hits.find((h) => h.id === fa.paperId)!.snippet ?? '', /./);
  const prefix = await papers('Mühlen');
  assert.ok(prefix.hits.some((h) => h.id === fa.paperId));
  const radweg = await papers('Kirchturmuhren');
  assert.deepEqual(radweg.hits.map((h) => h.id), [ids.old]);
  assert.match(radweg.hits[0]!.snippet ?? '', /\u0001Kirchturmuhr\u0002/);
  assert.equal((await papers('Mühlenteichxyz')).total, 0, 'the search can come back empty');
});

test('all Wahlperioden by default; Wahlperiode, type, body and date filters narrow the search', async () => {
  assert.deepEqual((await papers('Sanierung')).hits.map((h) => h.id), [ids.old], 'a paper of the previous term');
  const items = await findItems(t.db, a.id, { terms: terms('Sanierung'), filter: {}, limit: 10, offset: 0 });
  assert.deepEqual(items.hits.map((h) => h.id), [ids.oldItem]);
  assert.equal((await papers('Sanierung', { from: '2024-06-09', to: '2029-06-08' })).total, 0);
  assert.equal((await papers('Sanierung', { from: '2019-05-26', to: '2024-06-08' })).total, 1);
  assert.equal((await papers('Bebauungsplan', { type: 'mitteilung' })).hits.map((h) => h.id).join(), ids.mention);
  assert.ok((await papers('Bebauungsplan', { type: 'beschlussvorlage' })).hits.every((h) => h.id === fa.paperId));
  assert.deepEqual((await papers('Bebauungsplan', { bodyId: fa.committeeId })).hits.map((h) => h.id), [fa.paperId], 'consulted in the Bauausschuss');
  assert.deepEqual((await papers('Sanierung', { bodyId: fa.councilId })).hits, []);
  const meetings = await findMeetings(t.db, a.id, { terms: terms('Bauausschuss'), filter: { from: '2020-01-01', to: '2020-12-31' }, limit: 10, offset: 0 });
  assert.deepEqual(meetings.hits.map((h) => h.id), [ids.oldMeeting]);
  // Through the page: the Wahlperiode filter of the form.
  const page = (await web.get(`/${a.slug}/rat/suche?q=Sanierung&wahlperiode=${oldTermId}`)).body;
  assert.match(page, /AN\/2020\/017/);
  assert.doesNotMatch((await web.get(`/${a.slug}/rat/suche?q=Sanierung&wahlperiode=${fa.termId}`)).body, /AN\/2020\/017/);
});

test('file texts are searched for public files only; results only after the minutes are released', async () => {
  const r = await papers('Schallimmissionen');
  assert.deepEqual(r.hits.map((h) => h.id), [fa.paperId]);
  assert.equal(r.hits[0]!.fileName, 'Anlage 1 Lärmgutachten');
  assert.match(r.hits[0]!.snippet ?? '', /\u0001Schallimmissionen\u0002/);
  assert.equal((await everything('Zitronenfalter')).total, 0, 'a non-public file of a public paper');
  assert.equal((await everything('Pfauenauge')).total, 0, 'a public file of a non-public paper');

  const invitation = await everything('Bushaltestelle');
  assert.deepEqual(invitation.meetings.hits.map((h) => [h.id, h.fileName]), [[fa.meetingId, 'Einladung zur 5. Sitzung']]);
  assert.match(invitation.meetings.hits[0]!.snippet ?? '', /\u0001Bushaltestelle\u0002/);
  assert.equal((await everything('Seerosenteichgruppe')).total, 0, 'minutes before their release');

  assert.equal((await everything('Uhrmacherwerkstatt')).total, 0, 'resolution text before the minutes are released');
  await t.db.exec(sql`update council_meetings set minutes_state = 'released' where tenant_id = ${a.id} and id = ${ids.oldMeeting}`);
  const after = await everything('Uhrmacherwerkstatt');
  assert.deepEqual(after.items.hits.map((h) => h.id), [ids.oldItem]);
  assert.match(after.items.hits[0]!.snippet ?? '', /\u0001Uhrmacherwerkstatt\u0002/);
  await t.db.exec(sql`update council_meetings set minutes_state = 'released' where tenant_id = ${a.id} and id = ${fa.meetingId}`);
  assert.deepEqual((await everything('Seerosenteichgruppe')).meetings.hits.map((h) => h.id), [fa.meetingId]);
  await t.db.exec(sql`update council_meetings set minutes_state = 'none' where tenant_id = ${a.id} and id = ${fa.meetingId}`);
});

test('the publication guard: non-public, draft, withdrawn and deleted content is never found', async () => {
  for (const q of ['Vertraulich', 'Flurstücks', 'BV/2026/002', 'Grundstücksangelegenheit', 'Hausmeisterstelle', 'Quallenbecken', 'AN/2026/020', 'Walrossgehege', 'Wolkenkuckucksheim']) {
    const r = await everything(q);
    assert.equal(r.total, 0, `${q}: ${JSON.stringify(r)}`);
  }
  // The same words exist: the guard, not the text, is what hides them.
  const raw = await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_papers where tenant_id = ${a.id} and search @@ websearch_to_tsquery('german', 'Vertraulich')`);
  assert.equal(raw!.n, 1);
  // Search finds the public part of the same meeting and persons by name.
  const r = await everything('Gemeindevertretung');
  assert.ok(r.meetings.hits.some((h) => h.id === fa.meetingId));
  assert.deepEqual((await everything('Abel')).persons.hits.map((h) => h.id), [fa.personIds[0]]);
});

test("tenant isolation: one municipality's search never finds another's content", async () => {
  assert.equal((await everything('Kirchturmuhr', b.id)).total, 0);
  assert.equal((await everything('Schallimmissionen', b.id)).total, 0);
  const own = await papers('BV/2026/001', {}, b.id);
  assert.equal(own.hits.length, 1, "its own paper with the same number, not A's mention");
  assert.notEqual(own.hits[0]!.id, fa.paperId);
  const page = (await web.get(`/${b.slug}/rat/suche?q=Kirchturmuhr`)).body;
  assert.match(page, /Keine Treffer für „Kirchturmuhr“/);
});

test('counts per kind, one kind with paging, and the overview', async () => {
  const r = await search(t, a.id, terms('Bebauungsplan'), {}, '', 1);
  assert.deepEqual(Object.keys(r.counts).sort(), ['item', 'meeting', 'paper', 'person']);
  assert.equal(r.counts.paper, 2);
  assert.equal(r.counts.item, 1);
  assert.equal(r.counts.person, 0);
  const only = await search(t, a.id, terms('Bebauungsplan'), {}, 'item', 1);
  assert.equal(only.items!.length, 1);
  assert.equal(only.papers, undefined);
  assert.equal(only.counts.paper, 2);
  const dated = await search(t, a.id, terms('Abel'), { from: '2026-01-01' }, '', 1);
  assert.equal(dated.counts.person, undefined, 'persons have no date');
});

test('very common words: the newest RANK_WINDOW matches are ranked, the count says "more than", filters reach older ones', async () => {
  await t.db.exec(sql`insert into council_papers (tenant_id, reference, name, paper_type, date, body_text, status, created_at, modified_at)
    select ${a.id}, 'MI/' || g, 'Zebrastreifen Nr. ' || g, 'mitteilung', date '2025-01-01' - g, 'Querungshilfe', 'released', ${now}, ${now} from generate_series(1, ${RANK_WINDOW + 5}) g`);
  const dayOf = (g: number) => new Date(Date.UTC(2025, 0, 1) - g * 86_400_000).toISOString().slice(0, 10);
  const r = await papers('Zebrastreifen');
  assert.equal(r.capped, true);
  assert.equal(r.total, RANK_WINDOW);
  assert.ok(r.hits.every((h) => h.date >= dayOf(RANK_WINDOW)), 'the newest matches');
  const oldest = await papers('Zebrastreifen', { to: dayOf(RANK_WINDOW + 1) });
  assert.equal(oldest.total, 5);
  assert.equal(oldest.capped, false);
  assert.ok(oldest.hits.some((h) => h.reference === `MI/${RANK_WINDOW + 5}`));
  const exact = await papers(`MI/${RANK_WINDOW + 5}`);
  assert.equal(exact.hits[0]!.reference, `MI/${RANK_WINDOW + 5}`, 'an exact number is found outside the window');
  assert.match((await web.get(`/${a.slug}/rat/suche?q=Zebrastreifen`)).body, /Drucksachen: mehr als 1\.000/);
  await t.db.exec(sql`update council_papers set deleted_at = ${now} where tenant_id = ${a.id} and name like 'Zebrastreifen Nr. %'`);
});

test('the search page: counts, highlighted and escaped snippets, friendly messages, no reflected markup', async () => {
  await t.db.transaction((tx) => insertPaper(tx, a.id, { reference: 'AN/2026/030', name: 'Antrag <script>alert(1)</script> Spielplatz', paperType: 'antrag', date: '2026-11-09', status: 'released',
    bodyText: 'Spielplatz am Teich & <img src=x onerror=alert(2)> "Schaukel" <b>neu</b>' }, now));
  const res = await web.get(`/${a.slug}/rat/suche?q=Spielplätze`);
  assert.equal(res.statusCode, 200);
  const body = res.body;
  assert.match(body, /<mark>Spielplatz<\/mark>/);
  assert.doesNotMatch(body, /<script>alert|<img src=x/);
  assert.match(body, /Antrag &lt;script&gt;alert\(1\)&lt;\/script&gt; Spielplatz/);
  assert.match(body, /1 Treffer für „Spielplätze“/);
  assert.match(body, /Drucksachen: 1/);

  const evil = await web.get(`/${a.slug}/rat/suche?q=${encodeURIComponent('"><script>alert(3)</script>')}`);
  assert.doesNotMatch(evil.body, /<script>alert\(3\)/);
  assert.match(evil.body, /&quot;&gt;&lt;script&gt;alert\(3\)&lt;\/script&gt;/);

  const empty = await web.get(`/${a.slug}/rat/suche?q=`);
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /Bitte geben Sie einen Suchbegriff ein/);
  assert.doesNotMatch((await web.get(`/${a.slug}/rat/suche`)).body, /Bitte geben Sie einen Suchbegriff ein/, 'not on the first visit');
  const long = await web.get(`/${a.slug}/rat/suche?q=${'Haushalt'.repeat(30)}`);
  assert.equal(long.statusCode, 422);
  assert.match(long.body, /Ihr Suchbegriff ist zu lang/);
  assert.match((await web.get(`/${a.slug}/rat/suche?q=und%20der%20die`)).body, /nur sehr häufige Wörter/);
  const dates = await web.get(`/${a.slug}/rat/suche?q=Plan&von=2026-02-30`);
  assert.equal(dates.statusCode, 422);
  assert.match(dates.body, /Bitte geben Sie das Datum so an/);

  const kind = await web.get(`/${a.slug}/rat/suche?q=Bebauungsplan&art=tagesordnungspunkte`);
  assert.match(kind.body, /<strong>Tagesordnungspunkte: 1<\/strong>/);
  assert.match(kind.body, /Ö 1: Bebauungsplan Nr\. 12 – Entwurfsbeschluss/);
  assert.ok(kind.body.includes(`/${a.slug}/rat/sitzungen/${fa.meetingId}`));
});
