// Minutes through the real routes: attendance, quorum per agenda item with the Land's rule pack, exclusions for
// bias, votes, approval and release. The quorum examples are those of /work/shared/domain/council.md, section (c)
// "Quorum": MV § 30 KV M-V [R10] (more than half present; fewer than a third → the chair must declare; more than
// half excluded for bias → more than a third suffices) and the BB pack (§ 38 BbgKVerf, no exclusion relief).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { extractText } from 'unpdf';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { fileContent, sql } from '../../kernel/index.ts';
import { createCouncilFixture, type CouncilFixture } from './testing.ts';
import { DEFAULT_SETTINGS, insertAgendaItem, insertMembership, insertPerson, saveCouncilSettings } from './repository.ts';
import { PUBLIC_FILE } from './publication.repository.ts';

let t: TestPlatform;
before(async () => {
  t = await testPlatform();
});
after(() => t.close());

const HELD = new Date('2026-11-20T17:00:00Z'); // the test clock stands at 2026-11-21 10:00 UTC: the meeting has taken place

interface Setup {
  tenant: { id: string; slug: string };
  f: CouncilFixture;
  c: Client;
  base: string;
  /** agenda item ids by position */
  items: string[];
}

async function setup(o: { land?: 'MV' | 'BB'; members?: number; extraItem?: boolean; meetingStart?: Date } = {}): Promise<Setup> {
  const land = o.land ?? 'MV';
  const n = String(randomInt(100, 999));
  const prefix = land === 'MV' ? '13076' : '12063';
  const tenant = await createTenant(t.db, { land, ags: `${prefix}${n}`, ars: `${prefix}${String(randomInt(0, 10_000)).padStart(4, '0')}${n}`, name: `Testdorf ${n}` });
  await t.db.transaction((tx) => saveCouncilSettings(tx, tenant.id, { ...DEFAULT_SETTINGS, quorumRule: land }, new Date('2026-11-01T00:00:00Z')));
  const f = await createCouncilFixture(t.db, tenant.id, { members: o.members ?? 7, meetingStart: o.meetingStart ?? HELD });
  const items = [f.publicItemId, f.secretItemId];
  if (o.extraItem) {
    items.push(await t.db.transaction((tx) => insertAgendaItem(tx, tenant.id, { meetingId: f.meetingId, position: 2, number: 'N 2', name: 'Personalangelegenheit', public: false }, new Date('2026-11-01T00:00:00Z'))));
  }
  const office = await createUser(t.db, tenant, { kind: 'staff', roles: ['council_office'], name: 'Sina Sitzungsdienst' });
  const c = new Client(t);
  const res = await c.login(`/${tenant.slug}`, office.email, office.password);
  assert.equal(res.statusCode, 303);
  return { tenant, f, c, base: `/${tenant.slug}/verwaltung/sitzungsdienst/sitzungen/${f.meetingId}/protokoll`, items };
}

type Row = { status?: string; von?: string; bis?: string; ankunft?: string; abgang?: string; km?: string; vorsitz?: boolean; vertritt?: string };

/** The attendance form: members by index (default present throughout), deputies by person id. */
function attendanceForm(s: Setup, members: Record<number, Row>, deputies: Record<string, Row> = {}): Record<string, string> {
  const body: Record<string, string> = { geladen: 'ja' };
  const put = (personId: string, r: Row, fallback: string) => {
    body[`status-${personId}`] = r.status ?? fallback;
    body[`von-${personId}`] = r.von ?? '0';
    body[`bis-${personId}`] = r.bis ?? '';
    body[`ankunft-${personId}`] = r.ankunft ?? '';
    body[`abgang-${personId}`] = r.abgang ?? '';
    body[`km-${personId}`] = r.km ?? '';
    if (r.vorsitz) body[`vorsitz-${personId}`] = 'ja';
    if (r.vertritt) body[`vertritt-${personId}`] = r.vertritt;
  };
  s.f.personIds.forEach((id, i) => put(id, members[i] ?? {}, 'present'));
  for (const [id, r] of Object.entries(deputies)) put(id, r, '');
  return body;
}

/** Members 0..present-1 present, the rest excused. */
const firstPresent = (s: Setup, present: number): Record<number, Row> => Object.fromEntries(s.f.personIds.map((_, i) => [i, { status: i < present ? 'present' : 'excused' }]));

async function saveAttendance(s: Setup, members: Record<number, Row>, deputies: Record<string, Row> = {}, status = 303) {
  await s.c.get(`${s.base}/anwesenheit`);
  const res = await s.c.post(`${s.base}/anwesenheit`, attendanceForm(s, members, deputies));
  assert.equal(res.statusCode, status, res.body.match(/<main[\s\S]{0,2500}/)?.[0]);
  return res;
}

async function itemPage(s: Setup, position: number): Promise<string> {
  const res = await s.c.get(`${s.base}/top/${s.items[position]}`);
  assert.equal(res.statusCode, 200);
  return res.body;
}

async function vote(s: Setup, position: number, form: Record<string, string>, status = 303) {
  await s.c.get(`${s.base}/top/${s.items[position]}`);
  const res = await s.c.post(`${s.base}/top/${s.items[position]}/abstimmung`, { art: 'zaehlung', beschlusstext: 'Die Gemeindevertretung beschließt den Entwurf.', ...form });
  assert.equal(res.statusCode, status, res.body.match(/<main[\s\S]{0,2500}/)?.[0]);
  return res;
}

async function exclude(s: Setup, position: number, personIdx: number[], extra: Record<string, string> = {}) {
  await s.c.get(`${s.base}/top/${s.items[position]}`);
  const form: Record<string, string | string[]> = { ausgeschlossen: personIdx.map((i) => s.f.personIds[i]!), ...extra };
  for (const i of personIdx) form[`grund-${s.f.personIds[i]}`] = `Eigentümer eines angrenzenden Grundstücks ${i}`;
  const res = await s.c.post(`${s.base}/top/${s.items[position]}/ausschluesse`, form);
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,2500}/)?.[0]);
}

const agendaRow = (s: Setup, id: string) => t.db.one<{ result: string | null; resolution_text: string | null; modified_at: Date }>(sql`select result, resolution_text, modified_at from council_agenda_items where tenant_id = ${s.tenant.id} and id = ${id}`);
const paperTracking = async (s: Setup, id: string) => (await t.db.one<{ tracking: string }>(sql`select tracking from council_papers where tenant_id = ${s.tenant.id} and id = ${id}`))!.tracking;
const audits = async (s: Setup, action: string) => (await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${s.tenant.id} and action = ${action}`))!.n;
const isDisabled = (page: string) => /<fieldset class="kern-fieldset" disabled/.test(page);

test('MV, 7 legal members (§ 30 KV M-V [R10]): 4 present are quorate, 3 are not and the vote is refused; deferral and paper tracking', async () => {
  const s = await setup();
  await saveAttendance(s, firstPresent(s, 4));
  const m = await t.db.one<{ state: string; minutes_state: string }>(sql`select state, minutes_state from council_meetings where tenant_id = ${s.tenant.id} and id = ${s.f.meetingId}`);
  assert.deepEqual(m, { state: 'held', minutes_state: 'draft' }, 'recording attendance marks the meeting held (Sitzungsgeld bills held meetings)');
  assert.equal(await audits(s, 'council.attendance_recorded'), 1);
  assert.equal(await audits(s, 'council.meeting_held'), 1);

  let page = await itemPage(s, 0);
  assert.match(page, /Stimmberechtigt anwesend: 4/);
  assert.match(page, /Beschlussfähig: Es sind 4 stimmberechtigte Mitglieder anwesend, erforderlich sind mehr als die Hälfte der 7 Mitglieder, also mindestens 4 \(§ 30 KV M-V\)/);
  assert.ok(!isDisabled(page), 'the vote form is open');
  assert.match(page, /Die Gemeindevertretung beschließt den Entwurf\./, 'prefilled with the paper’s Beschlussvorschlag');

  const notDeferred = await s.c.post(`${s.base}/top/${s.f.publicItemId}/vertagung`, {});
  assert.equal(notDeferred.statusCode, 422, 'a quorate body cannot be recorded as deferred for lack of quorum');
  const before = (await agendaRow(s, s.f.publicItemId))!.modified_at;
  await vote(s, 0, { ja: '3', nein: '1', enthaltung: '0' });
  const row = await agendaRow(s, s.f.publicItemId);
  assert.equal(row!.result, 'Beschlossen (Ja 3, Nein 1, Enthaltung 0)');
  assert.equal(row!.resolution_text, 'Die Gemeindevertretung beschließt den Entwurf.');
  assert.ok(row!.modified_at.getTime() > before.getTime(), 'modified_at bumped for OParl');
  assert.equal(await paperTracking(s, s.f.paperId), 'resolved', 'a vote on the deciding consultation resolves the paper');

  // One member fewer: 3 of 7 are not "more than half".
  await saveAttendance(s, firstPresent(s, 3));
  page = await itemPage(s, 0);
  assert.match(page, /Nicht beschlussfähig: Es sind 3 stimmberechtigte Mitglieder anwesend/);
  assert.ok(isDisabled(page), 'the vote form is disabled');
  assert.doesNotMatch(page, /von Amts wegen feststellen/, '3 of 7 is not fewer than a third');
  assert.match(page, /bitte neu erfassen|Bitte erfassen Sie das Ergebnis erneut/, 'the earlier vote no longer matches');
  const refused = await vote(s, 0, { ja: '3', nein: '0' }, 422);
  assert.match(refused.body, /nicht beschlussfähig/);
  assert.equal((await agendaRow(s, s.f.publicItemId))!.result, 'Beschlossen (Ja 3, Nein 1, Enthaltung 0)', 'nothing saved');

  // Approval is refused while a recorded result does not match the attendance.
  const stale = await s.c.post(`${s.base}/genehmigen`, { genehmigtAm: '2026-11-21' });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Betroffen: Ö 1/);

  const deferred = await s.c.post(`${s.base}/top/${s.f.publicItemId}/vertagung`, {});
  assert.equal(deferred.statusCode, 303);
  assert.equal((await agendaRow(s, s.f.publicItemId))!.result, 'Vertagt – Beschlussunfähigkeit');
  assert.equal((await agendaRow(s, s.f.publicItemId))!.resolution_text, null);
  assert.equal(await paperTracking(s, s.f.paperId), 'in_consultation', 'the deferral undoes the resolution of this item');
  assert.equal(await audits(s, 'council.vote_replaced'), 1, 're-recording is audited as a replacement');
});

test('MV: with 2 of 7 present the chair must declare the body inquorate (fewer than a third, § 30 KV M-V [R10])', async () => {
  const s = await setup();
  await saveAttendance(s, firstPresent(s, 2));
  const page = await itemPage(s, 0);
  assert.match(page, /Nicht beschlussfähig/);
  assert.match(page, /Feststellung erforderlich/);
  assert.match(page, /von Amts wegen feststellen/);
  assert.ok(isDisabled(page));
  // A deferral is possible; a vote is not.
  await vote(s, 0, { ja: '2' }, 422);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_votes where tenant_id = ${s.tenant.id} and outcome is not null`))!.n, 0);
});

test('arrival after item 1 counts from item 2 only; departure before the last item removes the member from it', async () => {
  const s = await setup({ extraItem: true });
  const rows = firstPresent(s, 3);
  rows[3] = { status: 'present', von: '1', ankunft: '18:40' }; // arrives after Ö 1
  rows[0] = { status: 'present', bis: '1', abgang: '19:30', vorsitz: true }; // leaves before N 2
  await saveAttendance(s, rows);
  const [i1, i2, i3] = [await itemPage(s, 0), await itemPage(s, 1), await itemPage(s, 2)];
  assert.match(i1, /Stimmberechtigt anwesend: 3/);
  assert.match(i1, /Nicht beschlussfähig/);
  assert.match(i2, /Stimmberechtigt anwesend: 4/);
  assert.match(i2, /Beschlussfähig: Es sind 4/);
  assert.match(i3, /Stimmberechtigt anwesend: 3/);
  assert.match(i3, /Nicht beschlussfähig/);
  await vote(s, 2, { ja: '3' }, 422);
  await vote(s, 1, { ja: '4' });
  const a = await t.db.one<{ from_position: number; to_position: number | null; arrived_at: Date }>(
    sql`select from_position, to_position, arrived_at from council_attendance where tenant_id = ${s.tenant.id} and person_id = ${s.f.personIds[3]!}`,
  );
  assert.equal(a!.from_position, 1);
  assert.equal(a!.to_position, null);
  assert.equal(a!.arrived_at.toISOString(), '2026-11-20T17:40:00.000Z', '18:40 Berlin time (CET)');

  // Bad input: left before arrival, range ending before it begins, km out of range → 422, nothing changed.
  const count = async () => t.db.rows(sql`select person_id, status, from_position, to_position, left_at from council_attendance where tenant_id = ${s.tenant.id} order by person_id`);
  const snapshot = JSON.stringify(await count());
  const bad = await saveAttendance(s, { ...rows, 1: { status: 'present', ankunft: '19:00', abgang: '18:00' }, 2: { status: 'present', von: '2', bis: '1' }, 4: { status: 'present', km: '9999' } }, {}, 422);
  assert.match(bad.body, /Das Ende der Anwesenheit \(18:00 Uhr\) liegt vor der Ankunft \(19:00 Uhr\)/);
  assert.match(bad.body, /Die Anwesenheit endet \(N 1\) vor ihrem Beginn \(N 2\)/);
  assert.match(bad.body, /Kilometer als ganze Zahl/);
  assert.match(bad.body, /value="19:00"/, 'the form keeps the input');
  assert.equal(JSON.stringify(await count()), snapshot);
});

test('bias (§ 24 KV M-V): with 4 of 7 excluded more than a third suffices (§ 30 KV M-V [R10]); votes are checked against those not excluded', async () => {
  const s = await setup();
  await saveAttendance(s, firstPresent(s, 7));
  await exclude(s, 0, [3, 4, 5, 6]);
  let page = await itemPage(s, 0);
  assert.match(page, /Beschlussfähig: Es sind 3 stimmberechtigte Mitglieder anwesend, erforderlich sind weil 4 Mitglieder wegen Mitwirkungsverbots ausgeschlossen sind/);
  assert.match(page, /also mindestens 3/);
  assert.match(page, /Eigentümer eines angrenzenden Grundstücks 3/, 'the office sees the internal reason');
  const refused = await vote(s, 0, { ja: '4' }, 422);
  assert.match(refused.body, /Es wurden 4 Stimmen gezählt, aber nur 3 stimmberechtigte Mitglieder sind anwesend\./);
  await vote(s, 0, { ja: '2', nein: '1' });
  assert.equal((await agendaRow(s, s.f.publicItemId))!.result, 'Beschlossen (Ja 2, Nein 1, Enthaltung 0)');
  assert.equal(await audits(s, 'council.exclusions_recorded'), 1);
  const auditDetails = await t.db.one<{ details: unknown }>(sql`select details from audit_log where tenant_id = ${s.tenant.id} and action = 'council.exclusions_recorded'`);
  assert.doesNotMatch(JSON.stringify(auditDetails), /Grundstück/, 'reasons stay out of the audit log');
  // Correcting the exclusions (one fewer) replaces them; the recorded vote no longer matches and must be recorded again.
  await exclude(s, 0, [3, 4, 5]);
  page = await itemPage(s, 0);
  assert.match(page, /Beschlussfähig: Es sind 4 stimmberechtigte Mitglieder anwesend/);
  assert.match(page, /Bitte erfassen Sie das Ergebnis erneut/);
  const active = await t.db.rows<{ person_id: string }>(sql`select person_id from council_exclusions where tenant_id = ${s.tenant.id} and agenda_item_id = ${s.f.publicItemId} and deleted_at is null`);
  assert.equal(active.length, 3);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_exclusions where tenant_id = ${s.tenant.id} and deleted_at is not null`))!.n, 1, 'the removed exclusion is kept, soft-deleted');

  // Only 3 excluded (not more than half) with 6 present: 3 remaining are not enough.
  await saveAttendance(s, firstPresent(s, 6));
  await exclude(s, 1, [3, 4, 5]);
  page = await itemPage(s, 1);
  assert.match(page, /Nicht beschlussfähig: Es sind 3 stimmberechtigte Mitglieder anwesend, erforderlich sind mehr als die Hälfte/);
});

test('a BB tenant uses the BB pack (§ 38 BbgKVerf): no relief when more than half are excluded', async () => {
  const s = await setup({ land: 'BB' });
  await saveAttendance(s, firstPresent(s, 7));
  let page = await itemPage(s, 0);
  assert.match(page, /§ 38 BbgKVerf/);
  assert.match(page, /Kommunalverfassung des Landes Brandenburg/);
  assert.match(page, /Beschlussfähig: Es sind 7/);
  await exclude(s, 0, [3, 4, 5, 6]);
  page = await itemPage(s, 0);
  assert.match(page, /Nicht beschlussfähig: Es sind 3 stimmberechtigte Mitglieder anwesend, erforderlich sind mehr als die Hälfte der gesetzlichen Anzahl von 7 Mitgliedern, also mindestens 4 \(§ 38 BbgKVerf\)/);
  assert.doesNotMatch(page, /§ 30 KV M-V/);
});

test('a vote with more votes than voting members present is refused with a clear message and nothing is saved', async () => {
  const s = await setup({ members: 13 });
  await saveAttendance(s, firstPresent(s, 11));
  const res = await vote(s, 0, { ja: '9', nein: '2', enthaltung: '1' }, 422);
  assert.match(res.body, /Es wurden 12 Stimmen gezählt, aber nur 11 stimmberechtigte Mitglieder sind anwesend\./);
  assert.match(res.body, /value="9"/, 'the form keeps the input');
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_votes where tenant_id = ${s.tenant.id}`))!.n, 0);
  assert.equal((await agendaRow(s, s.f.publicItemId))!.result, null);
  assert.equal(await paperTracking(s, s.f.paperId), 'in_consultation');
  await vote(s, 0, { ja: '8', nein: '2', enthaltung: '1' });
  assert.equal((await agendaRow(s, s.f.publicItemId))!.result, 'Beschlossen (Ja 8, Nein 2, Enthaltung 1)');
});

test('unanimous: all members taking part vote yes; a rejected vote sets the paper to rejected', async () => {
  const s = await setup();
  await saveAttendance(s, firstPresent(s, 5));
  await vote(s, 0, { art: 'einstimmig', ja: '', nein: '' });
  assert.equal((await agendaRow(s, s.f.publicItemId))!.result, 'Einstimmig beschlossen (Ja 5, Nein 0, Enthaltung 0)');
  assert.equal(await paperTracking(s, s.f.paperId), 'resolved');
  await vote(s, 0, { ja: '2', nein: '2', enthaltung: '1' });
  assert.equal((await agendaRow(s, s.f.publicItemId))!.result, 'Abgelehnt (Ja 2, Nein 2, Enthaltung 1)', 'a tie is rejected');
  assert.equal((await agendaRow(s, s.f.publicItemId))!.resolution_text, null);
  assert.equal(await paperTracking(s, s.f.paperId), 'rejected');
});

test('a deputy votes for an absent member, but cannot sit for a member who is present', async () => {
  const s = await setup();
  const now = new Date('2026-11-01T00:00:00Z');
  const deputyId = await t.db.transaction(async (tx) => {
    const id = await insertPerson(tx, s.tenant.id, { familyName: 'Vogt', givenName: 'Vera' }, now);
    await insertMembership(tx, s.tenant.id, { personId: id, bodyId: s.f.councilId, role: 'deputy', deputyOf: s.f.personIds[6]!, startDate: '2024-06-09' }, now);
    return id;
  });
  const form = await s.c.get(`${s.base}/anwesenheit`);
  assert.match(form.body, /Vera Vogt \(Stellvertretung für/);
  // Member 6 is present: the deputy cannot sit for them.
  const bad = await saveAttendance(s, firstPresent(s, 7), { [deputyId]: { status: 'present', vertritt: s.f.personIds[6]! } }, 422);
  assert.match(bad.body, /ist selbst anwesend .* und kann in dieser Zeit nicht vertreten werden/);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_attendance where tenant_id = ${s.tenant.id}`))!.n, 0, 'nothing saved');
  // Members 4..6 excused, the deputy sits for member 6: 4 voting members → quorate.
  await saveAttendance(s, firstPresent(s, 4));
  let page = await itemPage(s, 0);
  assert.match(page, /Stimmberechtigt anwesend: 4/);
  await saveAttendance(s, firstPresent(s, 3), { [deputyId]: { status: 'present', vertritt: s.f.personIds[6]! } });
  page = await itemPage(s, 0);
  assert.match(page, /Stimmberechtigt anwesend: 4/);
  assert.match(page, /Vera Vogt \(als Vertretung für/);
  assert.match(page, /Beschlussfähig: Es sind 4/);
  const row = await t.db.one<{ for_person_id: string }>(sql`select for_person_id from council_attendance where tenant_id = ${s.tenant.id} and person_id = ${deputyId}`);
  assert.equal(row!.for_person_id, s.f.personIds[6]);
});

test('attendance cannot be recorded before the meeting has started', async () => {
  const s = await setup({ meetingStart: new Date('2026-12-10T17:00:00Z') });
  const res = await saveAttendance(s, firstPresent(s, 7), {}, 409);
  assert.match(res.body, /noch nicht begonnen/);
  const m = await t.db.one<{ state: string; minutes_state: string }>(sql`select state, minutes_state from council_meetings where tenant_id = ${s.tenant.id} and id = ${s.f.meetingId}`);
  assert.deepEqual(m, { state: 'planned', minutes_state: 'none' });
});

test('approval and release: the public variant is published without the non-public part, members get the full variant in the Mandatspostfach', async () => {
  const s = await setup();
  await saveAttendance(s, firstPresent(s, 7));
  await exclude(s, 1, [2], {});
  await vote(s, 0, { ja: '6', nein: '1' });
  await vote(s, 1, { ja: '5', nein: '1', beschlusstext: 'Das Flurstück 12/3 wird an Herrn Vertraulich verkauft.' });

  // Not yet approved: no release.
  await s.c.get(s.base);
  assert.equal((await s.c.post(`${s.base}/freigeben`, {})).statusCode, 409);
  // Approval date in the future or before the meeting → 422.
  const future = await s.c.post(`${s.base}/genehmigen`, { genehmigtAm: '2026-12-01' });
  assert.equal(future.statusCode, 422);
  assert.match(future.body, /nicht in der Zukunft/);
  const early = await s.c.post(`${s.base}/genehmigen`, { genehmigtAm: '2026-11-19' });
  assert.equal(early.statusCode, 422);
  const ok = await s.c.post(`${s.base}/genehmigen`, { genehmigtAm: '2026-11-21', vermerk: 'in der 6. Sitzung' });
  assert.equal(ok.statusCode, 303);
  assert.equal(await audits(s, 'council.minutes_approved'), 1);
  // Approved minutes are frozen.
  const late = await vote(s, 0, { ja: '7' }, 409);
  assert.match(late.body, /bereits genehmigt/);
  assert.equal((await agendaRow(s, s.f.publicItemId))!.result, 'Beschlossen (Ja 6, Nein 1, Enthaltung 0)');
  await s.c.get(`${s.base}/anwesenheit`);
  assert.equal((await s.c.post(`${s.base}/anwesenheit`, attendanceForm(s, firstPresent(s, 3)))).statusCode, 409);

  await s.c.get(s.base);
  const released = await s.c.post(`${s.base}/freigeben`, {});
  assert.equal(released.statusCode, 303);
  assert.equal((await t.db.one<{ minutes_state: string }>(sql`select minutes_state from council_meetings where tenant_id = ${s.tenant.id} and id = ${s.f.meetingId}`))!.minutes_state, 'released');

  // What the publication guard lets out: exactly the public variant.
  const published = await t.db.rows<{ id: string; stored_file_id: string; role: string }>(
    sql`select f.id, f.stored_file_id, f.role from council_files f where f.tenant_id = ${s.tenant.id} and f.meeting_id = ${s.f.meetingId} and ${PUBLIC_FILE}`,
  );
  assert.equal(published.length, 1);
  assert.equal(published[0]!.role, 'minutes');
  const publicText = (await extractText(new Uint8Array((await fileContent(t.db, s.tenant.id, published[0]!.stored_file_id))!.content), { mergePages: true })).text;
  assert.match(publicText, /Bebauungsplan Nr\. 12/);
  assert.match(publicText, /Beschlossen \(Ja 6, Nein 1, Enthaltung 0\)/);
  assert.match(publicText, /Genehmigt am 21\.11\.2026/);
  assert.doesNotMatch(publicText, /Grundstücksangelegenheit/, 'the non-public item’s title is not published');
  assert.doesNotMatch(publicText, /Vertraulich/);

  // Every member got the full variant, once, with the non-public part; internal reasons are never printed.
  const mail = await t.db.rows<{ person_id: string; stored_file_id: string; kind: string }>(
    sql`select person_id, stored_file_id, kind from council_mailbox where tenant_id = ${s.tenant.id} and meeting_id = ${s.f.meetingId} order by person_id`,
  );
  assert.deepEqual(mail.map((m) => m.person_id).sort(), [...s.f.personIds].sort());
  assert.ok(mail.every((m) => m.kind === 'minutes'));
  const keys = await t.db.rows<{ dedupe_key: string }>(sql`select dedupe_key from council_mailbox where tenant_id = ${s.tenant.id} and person_id = ${s.f.personIds[0]!}`);
  assert.deepEqual(keys.map((k) => k.dedupe_key), [`minutes:${s.f.meetingId}:${s.f.personIds[0]}`]);
  const fullText = (await extractText(new Uint8Array((await fileContent(t.db, s.tenant.id, mail[0]!.stored_file_id))!.content), { mergePages: true })).text;
  assert.match(fullText, /Grundstücksangelegenheit/);
  assert.match(fullText, /Mitwirkungsverbots/);
  assert.doesNotMatch(fullText, /angrenzenden Grundstücks/, 'exclusion reasons are internal');
  assert.equal(await audits(s, 'council.minutes_released'), 1);

  // Released once only.
  await s.c.get(s.base);
  assert.equal((await s.c.post(`${s.base}/freigeben`, {})).statusCode, 409);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_mailbox where tenant_id = ${s.tenant.id}`))!.n, 7);

  // The office's PDF preview of the public variant leaves out the non-public item as well.
  const pdf = await s.c.get(`${s.base}/niederschrift.pdf?fassung=oeffentlich`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.doesNotMatch((await extractText(new Uint8Array(pdf.rawPayload), { mergePages: true })).text, /Grundstücksangelegenheit/);
});

test("tenant isolation: another tenant's meeting or agenda item answers 404 and nothing changes", async () => {
  const a = await setup();
  const b = await setup();
  await saveAttendance(b, firstPresent(b, 7));
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all([
        t.db.rows(sql`select * from council_attendance where tenant_id = ${b.tenant.id} order by id`),
        t.db.rows(sql`select * from council_votes where tenant_id = ${b.tenant.id}`),
        t.db.rows(sql`select * from council_exclusions where tenant_id = ${b.tenant.id}`),
        t.db.rows(sql`select state, minutes_state, modified_at from council_meetings where tenant_id = ${b.tenant.id}`),
      ]),
    );
  const before = await snapshot();
  const foreign = `/${a.tenant.slug}/verwaltung/sitzungsdienst/sitzungen/${b.f.meetingId}/protokoll`;
  await a.c.get(a.base);
  for (const url of [foreign, `${foreign}/anwesenheit`, `${foreign}/top/${b.f.publicItemId}`, `${foreign}/niederschrift.pdf`]) {
    assert.equal((await a.c.get(url)).statusCode, 404, url);
  }
  assert.equal((await a.c.post(`${foreign}/anwesenheit`, attendanceForm(b, firstPresent(b, 3)))).statusCode, 404);
  assert.equal((await a.c.post(`${foreign}/top/${b.f.publicItemId}/abstimmung`, { art: 'einstimmig', beschlusstext: 'x' })).statusCode, 404);
  assert.equal((await a.c.post(`${foreign}/genehmigen`, { genehmigtAm: '2026-11-21' })).statusCode, 404);
  assert.equal((await a.c.post(`${foreign}/freigeben`, {})).statusCode, 404);
  // Own meeting, other tenant's agenda item.
  assert.equal((await a.c.get(`${a.base}/top/${b.f.publicItemId}`)).statusCode, 404);
  assert.equal((await a.c.post(`${a.base}/top/${b.f.publicItemId}/ausschluesse`, { ausgeschlossen: b.f.personIds[0]! })).statusCode, 404);
  assert.equal(await snapshot(), before);
  // The test can fail: the same requests work for the owner.
  assert.equal((await b.c.get(`${b.base}/top/${b.f.publicItemId}`)).statusCode, 200);
});
