import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { DEFAULT_SETTINGS, settingsOf } from './repository.ts';
import { parseDay, parseHours } from './admin.schema.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let admin: Client;
let otherAdmin: Client;
let clerk: Client;
let service = '';
let location = '';

const setup = (slug: string) => `/${slug}/verwaltung/termine/einrichtung`;
const api = (path: string) => `/api/v1/${a.slug}/appointments${path}`;

before(async () => {
  t = await testPlatform();
  t.clock.advance(-t.clock.now().getTime() + Date.parse('2026-11-23T06:00:00Z')); // Monday, 07:00 in Berlin
  a = await createTenant(t.db, { land: 'BB' });
  b = await createTenant(t.db, { land: 'MV' });
  const users = [
    [a, { kind: 'staff', roles: ['admin'] }],
    [b, { kind: 'staff', roles: ['admin'] }],
    [a, { kind: 'staff', roles: ['clerk'] }],
  ] as const;
  [admin, otherAdmin, clerk] = await Promise.all(
    users.map(async ([tenant, o]) => {
      const u = await createUser(t.db, tenant, { ...o, roles: [...o.roles] });
      const c = new Client(t);
      assert.equal((await c.login(`/${tenant.slug}`, u.email, u.password)).statusCode, 303);
      return c;
    }),
  ) as [Client, Client, Client];
});
after(() => t.close());

/** Everything the set-up can change for a tenant, to prove that refused requests change nothing. */
async function snapshot(tenantId: string): Promise<string> {
  const parts = await Promise.all([
    t.db.rows(sql`select id, name, address, accessibility, counters, active from appt_locations where tenant_id = ${tenantId} order by id`),
    t.db.rows(sql`select id, name, duration_minutes, active from appt_services where tenant_id = ${tenantId} order by id`),
    t.db.rows(sql`select location_id, service_id from appt_location_services where tenant_id = ${tenantId} order by location_id, service_id`),
    t.db.rows(sql`select location_id, weekday, opens::text, closes::text from appt_opening_hours where tenant_id = ${tenantId} order by location_id, weekday, opens`),
    t.db.rows(sql`select location_id, day, reason from appt_closures where tenant_id = ${tenantId} order by day`),
    t.db.rows(sql`select * from appt_settings where tenant_id = ${tenantId}`),
  ]);
  return JSON.stringify(parts);
}

const HOURS = {
  // Monday with a lunch break, Wednesday mornings; the rest closed.
  'd1-von1': '08:00', 'd1-bis1': '12:00', 'd1-von2': '13:00', 'd1-bis2': '15:30',
  'd3-von1': '09:00', 'd3-bis1': '11:00',
};
const locationBody = (o: Record<string, string | string[]> = {}) => ({ name: 'Bürgerbüro Nord', address: 'Markt 2, 14712 Teststadt', accessibility: 'Stufenloser Zugang', counters: '2', active: 'ja', service: [service], ...HOURS, ...o });

/** Start times of a `duration`-minute service inside the given ranges, on the 15-minute grid (November: +01:00). */
function expected(days: [string, [string, string][]][], duration: number): string[] {
  const min = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  const out: string[] = [];
  for (const [day, ranges] of days) {
    for (const [from, to] of ranges) {
      for (let m = min(from); m + duration <= min(to); m += 15) out.push(`${day}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00+01:00`);
    }
  }
  return out;
}

async function slots(from: string, to: string): Promise<string[]> {
  const res = await t.app.inject({ url: api(`/slots?service=${service}&location=${location}&from=${from}&to=${to}`) });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json().data as { start: string; free: number }[]).map((s) => s.start);
}

test('an admin creates a service and a location with a lunch break; the public API offers slots only within those hours', async () => {
  let res = await admin.get(setup(a.slug));
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Es ist noch kein Standort angelegt/);

  await admin.get(`${setup(a.slug)}/leistungen/neu`);
  res = await admin.post(`${setup(a.slug)}/leistungen/neu`, { name: 'Reisepass beantragen', duration: '30', active: 'ja' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, setup(a.slug));
  service = (await t.db.one<{ id: string }>(sql`select id from appt_services where tenant_id = ${a.id} and name = 'Reisepass beantragen'`))!.id;

  res = await admin.get(`${setup(a.slug)}/standorte/neu`);
  assert.match(res.body, /<legend class="kern-label">Montag<\/legend>/);
  assert.match(res.body, /id="f-d7-bis2"/);
  res = await admin.post(`${setup(a.slug)}/standorte/neu`, locationBody());
  assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
  location = (await t.db.one<{ id: string }>(sql`select id from appt_locations where tenant_id = ${a.id} and name = 'Bürgerbüro Nord'`))!.id;

  res = await admin.get(setup(a.slug));
  assert.match(res.body, /Die Einstellungen wurden gespeichert/);
  assert.match(res.body, /Bürgerbüro Nord/);
  res = await admin.get(`${setup(a.slug)}/standorte/${location}`);
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /id="f-d1-von2" name="d1-von2" type="time" value="13:00"/);
  assert.match(res.body, new RegExp(`value="${service}" checked`));

  // Monday (today, 07:00 now + 60 min notice → from 08:00) to Sunday.
  assert.deepEqual(await slots('2026-11-23', '2026-11-29'), expected([['2026-11-23', [['08:00', '12:00'], ['13:00', '15:30']]], ['2026-11-25', [['09:00', '11:00']]]], 30));
  const located = (await t.app.inject({ url: api('/locations') })).json().data as { id: string; services: string[]; accessibility: string }[];
  assert.deepEqual(located.find((l) => l.id === location)?.services, [service]);

  const audit = await t.db.rows<{ action: string }>(sql`select action from audit_log where tenant_id = ${a.id} and action like 'appointment.%' order by seq`);
  assert.deepEqual(audit.map((x) => x.action), ['appointment.service_created', 'appointment.location_created']);
});

test('invalid input gives 422 with German messages and changes nothing', async () => {
  const before = await snapshot(a.id);
  const edit = `${setup(a.slug)}/standorte/${location}`;
  await admin.get(edit);

  let res = await admin.post(edit, locationBody({ 'd1-von1': '12:00', 'd1-bis1': '08:00' }));
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Montag, 1\. Zeitraum: Das Ende \(„bis“\) muss nach dem Beginn \(„von“\) liegen\./);
  assert.match(res.body, /href="#f-d1-bis1"/);
  assert.match(res.body, /id="f-d1-von1" name="d1-von1" type="time" value="12:00"/, 'the input is kept');

  res = await admin.post(edit, locationBody({ 'd2-von1': '08:00', 'd2-bis1': '12:00', 'd2-von2': '11:00', 'd2-bis2': '13:00' }));
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Dienstag: Die Zeiträume 1 und 2 überschneiden sich\./);

  res = await admin.post(edit, locationBody({ 'd3-von1': '09:10' }));
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Viertelstundentakt/);

  res = await admin.post(edit, locationBody({ 'd4-von1': '09:00' }));
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Donnerstag, 1\. Zeitraum: Bitte geben Sie auch an, bis wann geöffnet ist/);

  res = await admin.post(edit, locationBody({ counters: '0' }));
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Bitte geben Sie die Zahl der Schalter als ganze Zahl von 1 bis 50 ein\./);

  res = await admin.post(`${setup(a.slug)}/standorte/neu`, locationBody({ name: '', counters: '51' }));
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Bitte geben Sie den Namen des Standorts ein/);

  await admin.get(`${setup(a.slug)}/leistungen/${service}`);
  res = await admin.post(`${setup(a.slug)}/leistungen/${service}`, { name: 'Reisepass beantragen', duration: '20', active: 'ja' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Bitte geben Sie die Dauer in Minuten von 15 bis 240 in Schritten von 15 Minuten ein/);
  res = await admin.post(`${setup(a.slug)}/leistungen/neu`, { name: 'Zu lang', duration: '255' });
  assert.equal(res.statusCode, 422);

  await admin.get(`${setup(a.slug)}/regeln`);
  const rules = { horizonDays: '0', releaseTime: '25:00', minNoticeMinutes: '60', maxOpenPerEmail: '3', bookingsPerHourPerClient: '20', confirmMinutes: '30', maxPersons: '3', offerMinutes: '60', reminderHours: '24', powDifficulty: '25', minFormSeconds: '8' };
  res = await admin.post(`${setup(a.slug)}/regeln`, rules);
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Buchungshorizont in Tagen: Bitte geben Sie eine ganze Zahl von 1 bis 365 ein\./);
  assert.match(res.body, /Schwierigkeit in Bit: Bitte geben Sie eine ganze Zahl von 0 bis 24 ein\./);
  assert.match(res.body, /Freischaltzeit für neue Tage \(HH:MM\): Bitte geben Sie eine Uhrzeit/);

  await admin.get(`${setup(a.slug)}/schliesstage`);
  res = await admin.post(`${setup(a.slug)}/schliesstage`, { day: '2026-12-25', location: '', reason: '' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /gesetzlicher Feiertag/);
  res = await admin.post(`${setup(a.slug)}/schliesstage`, { day: '31.02.2027', location: '', reason: '' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /gültiges Datum/);
  res = await admin.post(`${setup(a.slug)}/schliesstage`, { day: '2026-11-20', location: '', reason: '' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Vergangenheit/);

  assert.equal(await snapshot(a.id), before);
});

test('a closure removes that day\'s slots; removing it brings them back', async () => {
  await admin.get(`${setup(a.slug)}/schliesstage`);
  let res = await admin.post(`${setup(a.slug)}/schliesstage`, { day: '25.11.2026', location, reason: 'Betriebsausflug' });
  assert.equal(res.statusCode, 303);
  assert.deepEqual(await slots('2026-11-25', '2026-11-25'), []);
  assert.ok((await slots('2026-11-30', '2026-11-30')).length > 0, 'next Monday is still open');

  res = await admin.get(`${setup(a.slug)}/schliesstage`);
  assert.match(res.body, /Mittwoch, 25\.11\.2026/);
  assert.match(res.body, /Betriebsausflug/);
  assert.match(res.body, /Freitag, 25\.12\.2026/, 'the Land\'s holidays are shown');
  res = await admin.post(`${setup(a.slug)}/schliesstage`, { day: '2026-11-25', location, reason: '' });
  assert.equal(res.statusCode, 422, 'the same closure twice');

  res = await admin.post(`${setup(a.slug)}/schliesstage`, { day: '2026-11-30', location: '', reason: '' });
  assert.equal(res.statusCode, 303);
  assert.deepEqual(await slots('2026-11-30', '2026-11-30'), [], 'a closure of all locations');

  await admin.get(`${setup(a.slug)}/schliesstage`);
  res = await admin.post(`${setup(a.slug)}/schliesstage/entfernen`, { day: '2026-11-25', location });
  assert.equal(res.statusCode, 303);
  assert.deepEqual(await slots('2026-11-25', '2026-11-25'), expected([['2026-11-25', [['09:00', '11:00']]]], 30));
  const actions = await t.db.rows<{ action: string }>(sql`select action from audit_log where tenant_id = ${a.id} and action like 'appointment.closure%' order by seq`);
  assert.deepEqual(actions.map((x) => x.action), ['appointment.closure_added', 'appointment.closure_added', 'appointment.closure_removed']);
});

test('deactivating a service removes it from the public list; it stays in the set-up', async () => {
  const list = async () => ((await t.app.inject({ url: api('/services') })).json().data as { id: string }[]).map((s) => s.id);
  assert.ok((await list()).includes(service));
  await admin.get(`${setup(a.slug)}/leistungen/${service}`);
  const res = await admin.post(`${setup(a.slug)}/leistungen/${service}`, { name: 'Reisepass beantragen', duration: '45' });
  assert.equal(res.statusCode, 303);
  assert.ok(!(await list()).includes(service));
  assert.equal((await t.app.inject({ url: api(`/slots?service=${service}&location=${location}&from=2026-11-25&to=2026-11-25`) })).statusCode, 404);
  const page = await admin.get(setup(a.slug));
  assert.match(page.body, /45 Minuten/);
  assert.match(page.body, /deaktiviert/);
  // and back on
  await admin.post(`${setup(a.slug)}/leistungen/${service}`, { name: 'Reisepass beantragen', duration: '30', active: 'ja' });
  assert.ok((await list()).includes(service));
});

test('settings are saved (insert, then update) and read back by settingsOf', async () => {
  assert.deepEqual(await settingsOf(t.db, a.id), DEFAULT_SETTINGS);
  let res = await admin.get(`${setup(a.slug)}/regeln`);
  assert.match(res.body, /name="horizonDays" type="text" value="60"/);
  const rules = { horizonDays: '90', releaseTime: '07:00', minNoticeMinutes: '120', maxOpenPerEmail: '2', bookingsPerHourPerClient: '50', confirmMinutes: '15', maxPersons: '4', offerMinutes: '45', reminderHours: '0', powDifficulty: '0', minFormSeconds: '5', apiRequiresChallenge: 'ja' };
  res = await admin.post(`${setup(a.slug)}/regeln`, rules);
  assert.equal(res.statusCode, 303);
  assert.deepEqual(await settingsOf(t.db, a.id), {
    horizonDays: 90, releaseTime: '07:00', minNoticeMinutes: 120, maxOpenPerEmail: 2, bookingsPerHourPerClient: 50, confirmMinutes: 15,
    maxPersons: 4, offerMinutes: 45, reminderHours: 0, powDifficulty: 0, minFormSeconds: 5, apiRequiresChallenge: true, waitlistEnabled: false,
  });
  await admin.get(`${setup(a.slug)}/regeln`);
  res = await admin.post(`${setup(a.slug)}/regeln`, { ...rules, horizonDays: '30', minNoticeMinutes: '60', waitlistEnabled: 'ja', apiRequiresChallenge: [] });
  assert.equal(res.statusCode, 303);
  const s = await settingsOf(t.db, a.id);
  assert.equal(s.horizonDays, 30);
  assert.equal(s.waitlistEnabled, true);
  assert.equal(s.apiRequiresChallenge, false);
  assert.deepEqual(await settingsOf(t.db, b.id), DEFAULT_SETTINGS, 'the other municipality keeps its defaults');
  res = await admin.get(setup(a.slug));
  assert.match(res.body, /30 Tage, neue Tage ab 07:00 Uhr/);
});

test('a clerk may not use the set-up (403) and changes nothing', async () => {
  const before = await snapshot(a.id);
  for (const path of ['', '/standorte/neu', `/standorte/${location}`, '/leistungen/neu', `/leistungen/${service}`, '/schliesstage', '/regeln']) {
    assert.equal((await clerk.get(`${setup(a.slug)}${path}`)).statusCode, 403, path);
  }
  await clerk.get(`/${a.slug}`);
  assert.equal((await clerk.post(`${setup(a.slug)}/standorte/${location}`, locationBody({ name: 'Übernommen' }))).statusCode, 403);
  assert.equal((await clerk.post(`${setup(a.slug)}/regeln`, { horizonDays: '1' })).statusCode, 403);
  assert.equal((await clerk.post(`${setup(a.slug)}/schliesstage/entfernen`, { day: '2026-11-30', location: '' })).statusCode, 403);
  assert.equal(await snapshot(a.id), before);
  const page = await admin.get(`/${a.slug}/verwaltung`);
  assert.match(page.body, /Terminvergabe: Einrichtung/);
  assert.doesNotMatch((await clerk.get(`/${a.slug}/verwaltung`)).body, /Terminvergabe: Einrichtung/);
});

test("an admin of another municipality cannot read or change this one's location, service or closures (404)", async () => {
  const before = await snapshot(a.id);
  const mine = setup(b.slug);
  assert.equal((await otherAdmin.get(`${mine}/standorte/${location}`)).statusCode, 404);
  assert.equal((await otherAdmin.get(`${mine}/leistungen/${service}`)).statusCode, 404);
  await otherAdmin.get(mine);
  assert.equal((await otherAdmin.post(`${mine}/standorte/${location}`, locationBody({ name: 'Gekapert', counters: '1' }))).statusCode, 404);
  assert.equal((await otherAdmin.post(`${mine}/leistungen/${service}`, { name: 'Gekapert', duration: '15' })).statusCode, 404);
  assert.equal((await otherAdmin.post(`${mine}/schliesstage/entfernen`, { day: '2026-11-30', location: '' })).statusCode, 404);
  // Foreign ids in its own forms are ignored or refused.
  let res = await otherAdmin.post(`${mine}/schliesstage`, { day: '2026-12-01', location, reason: '' });
  assert.equal(res.statusCode, 422);
  res = await otherAdmin.post(`${mine}/standorte/neu`, locationBody({ name: 'Eigener Standort', service: [service] }));
  assert.equal(res.statusCode, 303);
  const own = await t.db.one<{ n: number }>(sql`select count(*)::int as n from appt_location_services ls join appt_locations l on l.id = ls.location_id where l.tenant_id = ${b.id}`);
  assert.equal(own!.n, 0, "another municipality's service cannot be attached");
  // Through this municipality's address the other admin is not logged in at all.
  assert.equal((await otherAdmin.get(`${setup(a.slug)}/standorte/${location}`)).statusCode, 303);
  assert.equal(await snapshot(a.id), before);
  const row = await t.db.one<{ name: string; counters: number }>(sql`select name, counters from appt_locations where id = ${location}`);
  assert.deepEqual(row, { name: 'Bürgerbüro Nord', counters: 2 });
});

test('form parsing: dates in both notations, hours normalised and sorted per weekday', () => {
  assert.equal(parseDay('2026-12-24'), '2026-12-24');
  assert.equal(parseDay('1.3.2027'), '2027-03-01');
  assert.equal(parseDay('2027-02-29'), undefined);
  assert.equal(parseDay('morgen'), undefined);
  const errors = {};
  const { hours } = parseHours({ 'd5-von1': '13:00', 'd5-bis1': '16:00', 'd5-von2': '8:00', 'd5-bis2': '12:00:00' }, errors);
  assert.deepEqual(errors, {});
  assert.deepEqual(hours, [{ weekday: 5, opens: '08:00', closes: '12:00' }, { weekday: 5, opens: '13:00', closes: '16:00' }]);
});
