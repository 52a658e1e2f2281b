// The Sitzungsgeld billing run through the real routes and database: Fehrbellin figures [B3] with a same-day merge
// (Hüfingen [X13]), a Fraktion cap (RP KomAEVO [X18]), a rule change mid-month, only held meetings, the statement
// delivered once into the Mandatspostfach, and the payroll CSV matching the statements.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { extractText, getDocumentProxy } from 'unpdf';
import { Client, testPlatform, type TestPlatform } from '../../../testing/harness.ts';
import { createTenant, createUser } from '../../../testing/factories.ts';
import { sql } from '../../../kernel/index.ts';
import { createCouncilFixture, type CouncilFixture } from '../testing.ts';
import { insertMeeting, setMeetingState } from '../repository.ts';
import { upsertAttendance } from '../attendance.repository.ts';

type U = { id: string; email: string; password: string };
let t: TestPlatform;
let a: { id: string; slug: string };
let f: CouncilFixture;
let office: U, treasury: U, councillor: U;
const S = () => `/${a.slug}/verwaltung/sitzungsgeld`;
const meetings: Record<string, string> = {};

async function login(u: U): Promise<Client> {
  const c = new Client(t);
  const res = await c.login(`/${a.slug}`, u.email, u.password);
  assert.equal(res.statusCode, 303);
  return c;
}

async function meeting(key: string, bodyId: string, name: string, startUtc: string, hours: number, held = true): Promise<string> {
  const startsAt = new Date(startUtc);
  const now = t.clock.now();
  const id = await t.db.transaction(async (tx) => {
    const id = await insertMeeting(tx, a.id, { bodyId, name, startsAt, endsAt: new Date(startsAt.getTime() + hours * 3600_000), locationId: f.locationId }, now);
    await setMeetingState(tx, a.id, id, { from: ['planned'], to: held ? 'held' : 'invited' }, now);
    return id;
  });
  meetings[key] = id;
  return id;
}

async function attend(meetingId: string, personIdx: number, o: { chaired?: boolean } = {}): Promise<void> {
  await t.db.transaction((tx) =>
    upsertAttendance(tx, a.id, { meetingId, personId: f.personIds[personIdx]!, status: 'present', arrivedAt: null, leftAt: null, fromPosition: 0, toPosition: null, forPersonId: null, chaired: o.chaired ?? false, travelKm: null }, t.clock.now()),
  );
}

/** The fields of the page's POST form as a browser would send them (inputs, checked boxes, selected options). */
function formFields(body: string): Record<string, string | string[]> {
  const form = body.slice(body.indexOf('<form method="post"'));
  const out: Record<string, string | string[]> = {};
  const add = (k: string, v: string) => {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  };
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const m of form.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (!name || name === '_csrf') continue;
    const value = unescape(/value="([^"]*)"/.exec(tag)?.[1] ?? '');
    if (/type="checkbox"/.test(tag) && !/\bchecked\b/.test(tag)) continue;
    add(name, value);
  }
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(m[2]!)?.[1] ?? /<option value="([^"]*)"/.exec(m[2]!)?.[1] ?? '';
    add(m[1]!, selected);
  }
  return out;
}

const versions = () => t.db.rows<{ name: string; valid_from: string; valid_to: string | null }>(sql`select name, to_char(valid_from, 'YYYY-MM-DD') as valid_from, to_char(valid_to, 'YYYY-MM-DD') as valid_to
  from council_allowance_versions where tenant_id = ${a.id} order by valid_from`);
const statements = (month: string) =>
  t.db.rows<{ id: string; person_id: string; family_name: string; total_cents: number; mailbox_id: string | null }>(sql`select s.id, s.person_id, s.family_name, s.total_cents, s.mailbox_id
    from council_allowance_statements s join council_allowance_runs r on r.id = s.run_id where s.tenant_id = ${a.id} and r.month = ${month} order by s.family_name`);
const lines = (statementId: string) =>
  t.db.rows<{ kind: string; meeting_id: string | null; amount_cents: number; note: string | null; rule_version: string | null; text: string }>(sql`select kind, meeting_id, amount_cents, note, rule_version, text
    from council_allowance_lines where tenant_id = ${a.id} and statement_id = ${statementId} order by position`);
const totals = async (month: string) => Object.fromEntries((await statements(month)).map((s) => [s.family_name, s.total_cents]));
const runId = async (month: string) => (await t.db.one<{ id: string }>(sql`select id from council_allowance_runs where tenant_id = ${a.id} and month = ${month}`))!.id;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Fehrbellin' });
  office = await createUser(t.db, a, { kind: 'staff', roles: ['council_office'], name: 'Sina Sitzungsdienst' });
  treasury = await createUser(t.db, a, { kind: 'staff', roles: ['treasury'], name: 'Karl Kasse' });
  councillor = await createUser(t.db, a, { kind: 'staff', roles: ['councillor'], name: 'Maria Claußen' });
  // Person [2] (a member of council and committee) is the councillor's council person.
  const userIds: string[] = [];
  userIds[2] = councillor.id;
  f = await createCouncilFixture(t.db, a.id, { userIds });
  await t.db.exec(sql`update council_persons set personnel_number = '47' || substr(family_name, 1, 2) where tenant_id = ${a.id}`);

  // December 2026: committee 03.12., committee and council on 10.12. (same day), an invited (not held) council on 17.12.
  await setHeld(f.meetingId);
  await meeting('c03', f.committeeId, '3. Sitzung des Bauausschusses', '2026-12-03T17:00:00Z', 2);
  await meeting('c10', f.committeeId, '4. Sitzung des Bauausschusses', '2026-12-10T15:00:00Z', 1.5);
  await meeting('gv17', f.councilId, '6. Sitzung der Gemeindevertretung', '2026-12-17T17:00:00Z', 3, false);
  for (const m of ['c03', 'c10']) {
    await attend(meetings[m]!, 0, { chaired: true });
    await attend(meetings[m]!, 2);
  }
  await attend(f.meetingId, 0, { chaired: true });
  await attend(f.meetingId, 2);
  await attend(f.meetingId, 3);
  await attend(meetings.gv17!, 3);
});
after(() => t.close());

async function setHeld(id: string): Promise<void> {
  await t.db.transaction((tx) => setMeetingState(tx, a.id, id, { from: ['planned', 'invited'], to: 'held' }, t.clock.now()));
}

test('[B3][X13] Fehrbellin with one Sitzungsgeld per day: run, statement lines, finalise once, CSV', async () => {
  let c = await login(office);

  // The rule: start from the Fehrbellin preset and tick "several meetings on one day count once".
  const form = await c.get(`${S()}/regeln/neu?vorlage=FEHRBELLIN_2018`);
  assert.equal(form.statusCode, 200);
  const fields = formFields(form.body);
  assert.equal(fields.monthlyMember, '60,00');
  assert.equal(fields.monthlyChair, '300,00');
  assert.equal(fields.perMeeting, '20,00');
  assert.equal(fields.sameDayCountsOnce, undefined, 'the preset pays each meeting separately');
  let res = await c.post(`${S()}/regeln/neu`, { ...fields, name: 'Fehrbellin 2018 (ein Sitzungsgeld je Tag)', validFrom: '2018-01-01', sameDayCountsOnce: 'ja' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,2000}/)?.[0]);
  assert.deepEqual(await versions(), [{ name: 'Fehrbellin 2018 (ein Sitzungsgeld je Tag)', valid_from: '2018-01-01', valid_to: null }]);

  // The run for December (a draft while the month is open).
  res = await c.post(`${S()}/abrechnung`, { month: '2026-12' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,2000}/)?.[0]);
  const run = await runId('2026-12');
  assert.equal(res.headers.location, `${S()}/abrechnung/${run}`);

  // Chair: 60 + 300 + 20 (03.12.) + 20 (10.12., two meetings count once) = 400 €; member of both bodies: 60 + 2 × 20;
  // Dietrich: 60 + 20 (the invited meeting of 17.12. was not held); everybody else 60 € (the deputy chair's
  // supplement depends on acting days, which are not recorded).
  assert.deepEqual(await totals('2026-12'), { Abel: 40000, Becker: 6000, Claußen: 10000, Dietrich: 8000, Ehlers: 6000, Fuchs: 6000, Günther: 6000 });
  const abel = (await statements('2026-12')).find((s) => s.family_name === 'Abel')!;
  const abelLines = await lines(abel.id);
  assert.deepEqual(
    abelLines.map((l) => [l.kind, l.amount_cents]),
    [['monthly', 6000], ['chair_monthly', 30000], ['meeting', 2000], ['meeting', 2000], ['meeting', 0]],
  );
  const merged = abelLines.find((l) => l.kind === 'meeting' && l.amount_cents === 0)!;
  assert.equal(merged.meeting_id, f.meetingId);
  assert.match(merged.note!, /Weitere Sitzung am selben Tag/);
  assert.equal(merged.rule_version, 'Fehrbellin 2018 (ein Sitzungsgeld je Tag)');
  const dietrich = (await statements('2026-12')).find((s) => s.family_name === 'Dietrich')!;
  assert.ok(!(await lines(dietrich.id)).some((l) => l.meeting_id === meetings.gv17), 'a meeting that was not held is not billed');

  // The run page shows the itemised lines and the reason for the unpaid one.
  const page = await c.get(`${S()}/abrechnung/${run}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Sitzungsgeld Dezember 2026/);
  assert.match(page.body, /820,00 €/);
  assert.match(page.body, /Weitere Sitzung am selben Tag – nicht gesondert vergütet/);
  assert.match(page.body, /Vertretungszeiten werden noch nicht erfasst/);

  // Recomputing a draft replaces it (same run, next revision); finalising before the month is over is refused.
  res = await c.post(`${S()}/abrechnung`, { month: '2026-12' });
  assert.equal(res.statusCode, 303);
  assert.equal(await runId('2026-12'), run);
  assert.equal((await statements('2026-12')).length, 7);
  const revision = (await t.db.one<{ revision: number }>(sql`select revision from council_allowance_runs where id = ${run}`))!.revision;
  assert.equal(revision, 2);
  await c.get(`${S()}/abrechnung/${run}`);
  res = await c.post(`${S()}/abrechnung/${run}/abschliessen`, { revision: String(revision) });
  assert.equal(res.statusCode, 409, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  assert.match(res.body, /Der Monat ist noch nicht vorbei/);

  // After the month: a stale revision is refused, the current one finalises and delivers; a double click delivers nothing twice.
  t.clock.advance(Date.parse('2027-01-05T09:00:00Z') - t.clock.now().getTime());
  c = await login(office); // the session of November has expired
  await c.get(`${S()}/abrechnung/${run}`);
  res = await c.post(`${S()}/abrechnung/${run}/abschliessen`, { revision: '1' });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /inzwischen neu berechnet/);
  const mailbox = async () => (await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_mailbox where tenant_id = ${a.id} and kind = 'statement'`))!.n;
  assert.equal(await mailbox(), 0);
  const first = await c.post(`${S()}/abrechnung/${run}/abschliessen`, { revision: String(revision) });
  const second = await c.post(`${S()}/abrechnung/${run}/abschliessen`, { revision: String(revision) });
  assert.equal(first.statusCode, 303, first.body.match(/<main[\s\S]{0,2000}/)?.[0]);
  assert.equal(second.statusCode, 409);
  assert.match(second.body, /bereits abgeschlossen/);
  assert.equal(await mailbox(), 7, 'one statement per member, delivered once');
  const keys = await t.db.rows<{ dedupe_key: string; person_id: string }>(sql`select dedupe_key, person_id from council_mailbox where tenant_id = ${a.id} and kind = 'statement'`);
  for (const k of keys) assert.equal(k.dedupe_key, `statement:${run}:${k.person_id}`);
  assert.ok((await statements('2026-12')).every((s) => s.mailbox_id));
  const audits = await t.db.rows<{ action: string }>(sql`select action from audit_log where tenant_id = ${a.id} and action like 'council.allowance_%' order by seq`);
  assert.deepEqual(audits.map((x) => x.action), ['council.allowance_rules_saved', 'council.allowance_run_computed', 'council.allowance_run_recomputed', 'council.allowance_run_finalised']);

  // A finalised month is not recomputed.
  res = await c.post(`${S()}/abrechnung`, { month: '2026-12' });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /bereits abgeschlossen und zugestellt/);
  assert.equal((await t.db.one<{ revision: number }>(sql`select revision from council_allowance_runs where id = ${run}`))!.revision, 2);

  // The delivered PDF: German, itemised, with the reason for the merged meeting.
  const pdfRow = await t.db.one<{ content: Uint8Array }>(sql`select f.content from council_mailbox m join files f on f.id = m.stored_file_id where m.tenant_id = ${a.id} and m.person_id = ${abel.person_id}`);
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdfRow!.content)), { mergePages: true });
  const flat = text.replace(/\s+/g, ' ');
  assert.match(flat, /Sitzungsgeld\) für Dezember 2026/);
  assert.match(flat, /Zuschlag Vorsitz/);
  assert.match(flat, /03\.12\.2026/);
  assert.match(flat, /Weitere Sitzung am selben Tag/);
  assert.match(flat, /400,00 €/);

  // The payroll CSV (treasury may read it): BOM, header, decimal comma; per person it adds up to the statement.
  const tr = await login(treasury);
  const csv = await tr.get(`${S()}/abrechnung/${run}/sitzungsgeld-2026-12.csv`);
  assert.equal(csv.statusCode, 200);
  assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
  assert.match(String(csv.headers['content-disposition']), /filename="sitzungsgeld-2026-12\.csv"/);
  assert.equal(csv.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
  const rows = csv.body.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  assert.equal(rows[0], 'Personalnummer;Name;Monat;Lohnart;Bezeichnung;Menge;Betrag');
  assert.deepEqual(rows.slice(1, 4), ['47Ab;Abel, Jan;2026-12;6100;Aufwandsentschädigung;1;60,00', '47Ab;Abel, Jan;2026-12;6110;Zuschlag Vorsitz;1;300,00', '47Ab;Abel, Jan;2026-12;6200;Sitzungsgeld à 20,00 €;2;40,00']);
  const sums: Record<string, number> = {};
  for (const r of rows.slice(1)) {
    const cells = r.split(';');
    assert.match(cells[6]!, /^\d+,\d{2}$/);
    const name = cells[1]!.split(',')[0]!;
    sums[name] = (sums[name] ?? 0) + Number(cells[6]!.replace(',', ''));
  }
  assert.deepEqual(sums, await totals('2026-12'));
  assert.equal((await tr.post(`${S()}/abrechnung`, { month: '2027-01' })).statusCode, 403, 'treasury reads, the council office runs');

  // The councillor sees their own finalised statement and opens the PDF (proof of retrieval), not another member's.
  const m = await login(councillor);
  const own = await m.get(`/${a.slug}/mandat/sitzungsgeld`);
  assert.equal(own.statusCode, 200);
  assert.match(own.body, /Dezember 2026/);
  assert.match(own.body, /100,00 €/);
  const claussen = (await statements('2026-12')).find((s) => s.family_name === 'Claußen')!;
  const pdf = await m.get(`/${a.slug}/mandat/sitzungsgeld/${claussen.id}`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.ok((await t.db.one<{ opened_at: Date | null }>(sql`select opened_at from council_mailbox where id = ${claussen.mailbox_id}`))!.opened_at);
  assert.equal((await m.get(`/${a.slug}/mandat/sitzungsgeld/${abel.id}`)).statusCode, 404);
  assert.equal((await m.get(S())).statusCode, 403);
});

test('[X18] a Fraktion cap of one paid Fraktion meeting per month; the previous open version ends the day before', async () => {
  const c = await login(office);
  const form = await c.get(`${S()}/regeln/neu?vorlage=aktuell`);
  const fields = formFields(form.body);
  assert.equal(fields.sameDayCountsOnce, 'ja', 'the copy of the current rule keeps its values');
  const res = await c.post(`${S()}/regeln/neu`, {
    ...fields,
    name: 'Fehrbellin mit Fraktionssitzungen',
    validFrom: '2027-01-01',
    meetingKinds: ['council', 'committee', 'working_group', 'fraktion'],
    fraktionCap: 'fixed',
    fraktionPerMonth: '1',
  });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,2000}/)?.[0]);
  assert.deepEqual((await versions()).map((v) => [v.valid_from, v.valid_to]), [['2018-01-01', '2026-12-31'], ['2027-01-01', null]]);

  const f1 = await meeting('f1', f.fraktionId, 'Fraktionssitzung Januar I', '2027-01-12T17:00:00Z', 2);
  const f2 = await meeting('f2', f.fraktionId, 'Fraktionssitzung Januar II', '2027-01-19T17:00:00Z', 2);
  await attend(f1, 3);
  await attend(f2, 3);
  await attend(f1, 5);
  assert.equal((await c.post(`${S()}/abrechnung`, { month: '2027-01' })).statusCode, 303);
  const t1 = await totals('2027-01');
  assert.equal(t1.Dietrich, 6000 + 2000, 'the second Fraktion meeting is over the cap');
  assert.equal(t1.Fuchs, 6000 + 2000);
  const d = (await statements('2027-01')).find((s) => s.family_name === 'Dietrich')!;
  const fraktion = (await lines(d.id)).filter((l) => l.kind === 'meeting');
  assert.deepEqual(fraktion.map((l) => [l.meeting_id, l.amount_cents]), [[f1, 2000], [f2, 0]]);
  assert.match(fraktion[1]!.note!, /Höchstzahl von 1 vergüteten Fraktionssitzungen im Monat erreicht/);
});

test('a rule change in the middle of February: monthly amounts pro rata, each meeting by the rule of its day', async () => {
  const c = await login(office);
  const fields = formFields((await c.get(`${S()}/regeln/neu?vorlage=aktuell`)).body);
  const res = await c.post(`${S()}/regeln/neu`, { ...fields, name: 'Neue Satzung 2027', validFrom: '2027-02-15', monthlyMember: '80,00', perMeeting: '25,00' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,2000}/)?.[0]);
  const g1 = await meeting('g1', f.councilId, '7. Sitzung der Gemeindevertretung', '2027-02-10T17:00:00Z', 3);
  const g2 = await meeting('g2', f.councilId, '8. Sitzung der Gemeindevertretung', '2027-02-20T17:00:00Z', 3);
  await attend(g1, 2);
  await attend(g2, 2);
  assert.equal((await c.post(`${S()}/abrechnung`, { month: '2027-02' })).statusCode, 303);
  const s = (await statements('2027-02')).find((x) => x.family_name === 'Claußen')!;
  // 14 of 28 days at 60 € and 14 at 80 €; 20 € on 10.02. (old rule), 25 € on 20.02. (new rule).
  assert.deepEqual(
    (await lines(s.id)).map((l) => [l.kind, l.amount_cents, l.rule_version]),
    [
      ['monthly', 3000, 'Fehrbellin mit Fraktionssitzungen'],
      ['monthly', 4000, 'Neue Satzung 2027'],
      ['meeting', 2000, 'Fehrbellin mit Fraktionssitzungen'],
      ['meeting', 2500, 'Neue Satzung 2027'],
    ],
  );
  assert.equal(s.total_cents, 11500);
  assert.equal((await totals('2027-02')).Abel, 3000 + 4000 + 15000 + 15000);
  const run = await t.db.one<{ rule_versions: string }>(sql`select rule_versions from council_allowance_runs where tenant_id = ${a.id} and month = '2027-02'`);
  assert.equal(run!.rule_versions, 'Fehrbellin mit Fraktionssitzungen / Neue Satzung 2027');

  // A new rule may not reach back into the finalised December.
  const before = (await versions()).length;
  const back = await c.post(`${S()}/regeln/neu`, { ...fields, name: 'Rückwirkend', validFrom: '2026-12-16' });
  assert.equal(back.statusCode, 422);
  assert.match(back.body, /Die Abrechnung für Dezember 2026 ist bereits abgeschlossen/);
  assert.equal((await versions()).length, before);
});
