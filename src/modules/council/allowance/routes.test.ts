// The Sitzungsgeld pages: who may read and change, the rule form (presets, field errors, the engine's refusals of gaps,
// overlaps and state maximums with nothing saved), per-person settings, and tenant isolation of runs and statements.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../../testing/harness.ts';
import { createTenant, createUser } from '../../../testing/factories.ts';
import { sql } from '../../../kernel/index.ts';
import { createCouncilFixture, type CouncilFixture } from '../testing.ts';
import { setMeetingState } from '../repository.ts';
import { upsertAttendance } from '../attendance.repository.ts';

type U = { id: string; email: string; password: string };
let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let fa: CouncilFixture;
let officeA: U, officeB: U, treasury: U, clerk: U, councillor: U;
const S = (slug = a.slug) => `/${slug}/verwaltung/sitzungsgeld`;

async function login(tenant: { slug: string }, u: U): Promise<Client> {
  const c = new Client(t);
  const res = await c.login(`/${tenant.slug}`, u.email, u.password);
  assert.equal(res.statusCode, 303);
  return c;
}

const versionCount = async (tenantId = a.id) => (await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_allowance_versions where tenant_id = ${tenantId}`))!.n;
const validity = async () =>
  (await t.db.rows<{ f: string; t: string | null }>(sql`select to_char(valid_from, 'YYYY-MM-DD') as f, to_char(valid_to, 'YYYY-MM-DD') as t from council_allowance_versions where tenant_id = ${a.id} order by valid_from`)).map((r) => [r.f, r.t]);

/** A complete rule form in plain fields (a Seehof-like rule), with overrides. */
const rule = (over: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  name: 'Hauptsatzung',
  validFrom: '2025-01-01',
  validTo: '',
  perMeeting: '40,00',
  chairPerMeeting: '60,00',
  chairPerMeetingKinds: 'committee',
  meetingKinds: ['council', 'committee'],
  fraktionCap: 'none',
  stateMaxPerMeeting: '40,00',
  ...over,
});

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Seehof' });
  b = await createTenant(t.db, { name: 'Anderswo' });
  officeA = await createUser(t.db, a, { kind: 'staff', roles: ['council_office'] });
  officeB = await createUser(t.db, b, { kind: 'staff', roles: ['council_office', 'treasury'] });
  treasury = await createUser(t.db, a, { kind: 'staff', roles: ['treasury'] });
  clerk = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'] });
  councillor = await createUser(t.db, a, { kind: 'staff', roles: ['councillor'] });
  fa = await createCouncilFixture(t.db, a.id);
  await createCouncilFixture(t.db, b.id);
});
after(() => t.close());

test('who may read and who may change: treasury reads, the council office changes, others are refused', async () => {
  const tr = await login(a, treasury);
  assert.equal((await tr.get(S())).statusCode, 200);
  assert.equal((await tr.get(`${S()}/personen`)).statusCode, 200);
  assert.equal((await tr.get(`${S()}/regeln/neu`)).statusCode, 403);
  assert.equal((await tr.post(`${S()}/regeln/neu`, rule())).statusCode, 403);
  assert.equal((await tr.post(`${S()}/abrechnung`, { month: '2026-12' })).statusCode, 403);
  assert.equal(await versionCount(), 0);
  const cl = await login(a, clerk);
  assert.equal((await cl.get(S())).statusCode, 403);
  const co = await login(a, councillor);
  assert.equal((await co.get(S())).statusCode, 403);
  const own = await co.get(`/${a.slug}/mandat/sitzungsgeld`);
  assert.equal(own.statusCode, 200);
  assert.match(own.body, /keiner Person im Sitzungsdienst zugeordnet/);
});

test('the rule form: presets fill it, bad amounts keep the input and change nothing, state maximum [R13] refused', async () => {
  const c = await login(a, officeA);
  const seehof = await c.get(`${S()}/regeln/neu?vorlage=SEEHOF_MV`);
  assert.equal(seehof.statusCode, 200);
  assert.match(seehof.body, /name="perMeeting" type="text" value="40,00"/);
  assert.match(seehof.body, /name="chairPerMeeting" type="text" value="60,00"/);
  assert.match(seehof.body, /name="stateMaxPerMeeting" type="text" value="40,00"/);

  let res = await c.post(`${S()}/regeln/neu`, rule({ perMeeting: 'zwanzig', validFrom: '2025-13-01' }));
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /error-summary/);
  assert.match(res.body, /Sitzungsgeld je Sitzung: Bitte geben Sie einen Betrag in Euro an/);
  assert.match(res.body, /ab wann die Regel gilt/);
  assert.match(res.body, /name="perMeeting" type="text" value="zwanzig"/, 'the input is kept');
  assert.equal(await versionCount(), 0);

  res = await c.post(`${S()}/regeln/neu`, rule({ perMeeting: '45,00' }));
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Das Sitzungsgeld von 45,00 € übersteigt den landesrechtlichen Höchstbetrag von 40,00 €/);
  assert.equal(await versionCount(), 0);

  res = await c.post(`${S()}/abrechnung`, { month: '2026-12' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /keine Regel hinterlegt/);
  res = await c.post(`${S()}/abrechnung`, { month: 'Dezember' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /im Format JJJJ-MM/);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_allowance_runs where tenant_id = ${a.id}`))!.n, 0);
});

test('versions: a new one closes the open one the day before; gaps and overlaps are refused with nothing saved', async () => {
  const c = await login(a, officeA);
  await c.get(`${S()}/regeln/neu`);
  assert.equal((await c.post(`${S()}/regeln/neu`, rule())).statusCode, 303);
  assert.equal((await c.post(`${S()}/regeln/neu`, rule({ name: 'Änderung 2026', validFrom: '2026-01-01', validTo: '2026-06-30' }))).statusCode, 303);
  assert.deepEqual(await validity(), [['2025-01-01', '2025-12-31'], ['2026-01-01', '2026-06-30']]);

  // Overlap: a version inside the closed one of 2025.
  let res = await c.post(`${S()}/regeln/neu`, rule({ name: 'Überschneidung', validFrom: '2025-06-01' }));
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Die Regel wurde nicht gespeichert/);
  assert.match(res.body, /Die Regel ab 01\.06\.2025 überschneidet sich mit der Regel ab 01\.01\.2025\./);
  assert.match(res.body, /value="Überschneidung"/, 'the input is kept');
  assert.equal(await versionCount(), 2);
  assert.deepEqual(await validity(), [['2025-01-01', '2025-12-31'], ['2026-01-01', '2026-06-30']]);

  // Gap: nothing from 01.07. to 31.08.2026.
  res = await c.post(`${S()}/regeln/neu`, rule({ name: 'Lücke', validFrom: '2026-09-01' }));
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Vom 01\.07\.2026 bis 31\.08\.2026 gilt keine Regel/);
  assert.equal(await versionCount(), 2);

  // The version that closes the gap is saved; the overview lists all three.
  assert.equal((await c.post(`${S()}/regeln/neu`, rule({ name: 'Ab Juli 2026', validFrom: '2026-07-01' }))).statusCode, 303);
  assert.deepEqual(await validity(), [['2025-01-01', '2025-12-31'], ['2026-01-01', '2026-06-30'], ['2026-07-01', null]]);
  const page = await c.get(S());
  assert.match(page.body, /ab 01\.07\.2026/);
  assert.match(page.body, /01\.01\.2026 bis 30\.06\.2026/);
});

test('per-person settings: validated, saved, shown', async () => {
  const c = await login(a, officeA);
  const person = fa.personIds[3]!;
  const form = await c.get(`${S()}/personen/${person}`);
  assert.equal(form.statusCode, 200);
  let res = await c.post(`${S()}/personen/${person}`, { lostEarnings: 'employee', hourlyRate: '25,50', paperless: 'ja', distanceKm: 'weit' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Entfernung für Hin- und Rückweg in Kilometern/);
  assert.match(res.body, /value="weit"/);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_allowance_person_settings where tenant_id = ${a.id}`))!.n, 0);
  res = await c.post(`${S()}/personen/${person}`, { lostEarnings: 'self_employed', hourlyRate: '25,50', paperless: 'ja', distanceKm: '12,5' });
  assert.equal(res.statusCode, 303);
  const s = await t.db.one<{ lost_earnings: string; hourly_rate_cents: number; paperless: boolean; km: number }>(
    sql`select lost_earnings, hourly_rate_cents, paperless, distance_km::float8 as km from council_allowance_person_settings where tenant_id = ${a.id} and person_id = ${person}`,
  );
  assert.deepEqual(s, { lost_earnings: 'self_employed', hourly_rate_cents: 2550, paperless: true, km: 12.5 });
  const list = await c.get(`${S()}/personen`);
  assert.match(list.body, /12,5 km/);
  assert.match(list.body, /25,50 €/);
});

test("tenant isolation: another municipality's run, statement and person ids answer 404 and change nothing", async () => {
  // A draft run in tenant A with the Seehof-like rule (from the test above) and one held meeting.
  await t.db.transaction(async (tx) => {
    await setMeetingState(tx, a.id, fa.meetingId, { from: ['planned'], to: 'held' }, t.clock.now());
    await upsertAttendance(tx, a.id, { meetingId: fa.meetingId, personId: fa.personIds[2]!, status: 'present', arrivedAt: null, leftAt: null, fromPosition: 0, toPosition: null, forPersonId: null, chaired: false, travelKm: null }, t.clock.now());
  });
  const ca = await login(a, officeA);
  await ca.get(S());
  const res = await ca.post(`${S()}/abrechnung`, { month: '2026-12' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  const run = (await t.db.one<{ id: string; revision: number }>(sql`select id, revision from council_allowance_runs where tenant_id = ${a.id} and month = '2026-12'`))!;
  const statement = (await t.db.one<{ id: string }>(sql`select id from council_allowance_statements where tenant_id = ${a.id} and person_id = ${fa.personIds[2]!}`))!;
  assert.equal((await ca.get(`${S()}/abrechnung/${run.id}`)).statusCode, 200);
  assert.equal((await ca.get(`${S()}/abrechnung/${run.id}/personen/${statement.id}`)).statusCode, 200, 'the office previews a draft statement');

  const cb = await login(b, officeB);
  await cb.get(S(b.slug));
  const base = `${S(b.slug)}/abrechnung/${run.id}`;
  assert.equal((await cb.get(base)).statusCode, 404);
  assert.equal((await cb.get(`${base}/sitzungsgeld-2026-12.csv`)).statusCode, 404);
  assert.equal((await cb.get(`${base}/personen/${statement.id}`)).statusCode, 404);
  t.clock.advance(Date.parse('2027-01-05T09:00:00Z') - t.clock.now().getTime());
  const cb2 = await login(b, officeB);
  await cb2.get(S(b.slug));
  assert.equal((await cb2.post(`${base}/abschliessen`, { revision: String(run.revision) })).statusCode, 404);
  assert.equal((await cb2.get(`${S(b.slug)}/personen/${fa.personIds[2]}`)).statusCode, 404);
  assert.equal((await cb2.post(`${S(b.slug)}/personen/${fa.personIds[2]}`, { lostEarnings: 'employee', hourlyRate: '', distanceKm: '' })).statusCode, 404);
  const after = await t.db.one<{ state: string; n: number }>(sql`select state, (select count(*)::int from council_mailbox where tenant_id = ${a.id}) as n from council_allowance_runs where id = ${run.id}`);
  assert.deepEqual(after, { state: 'draft', n: 0 });
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from council_allowance_person_settings where person_id = ${fa.personIds[2]!}`))!.n, 0);
  // A payroll file of a draft does not exist yet, and a file name of another month is not found.
  const ca2 = await login(a, officeA);
  assert.equal((await ca2.get(`${S()}/abrechnung/${run.id}/sitzungsgeld-2026-12.csv`)).statusCode, 409);
  assert.equal((await ca2.get(`${S()}/abrechnung/${run.id}/sitzungsgeld-2026-11.csv`)).statusCode, 404);
});
