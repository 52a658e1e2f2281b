import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser, TEST_PASSWORD } from '../../testing/factories.ts';
import { formatDateTime, sql } from '../../kernel/index.ts';
import { seedAppointments } from '../../demo/appointments.ts';
import { solve } from './challenge.ts';
import { powFields } from './testing.ts';
import { addDays, berlinInstant, isoBerlin } from './time.ts';

// Rebooking, reminders, the waitlist, proof of work, persons, release time and signed-in booking.
let t: TestPlatform;
let a: { id: string; slug: string };
let svc30: string;
let svc15: string;
let loc: string; // one counter

const MONDAY = '2026-11-23';
const api = (path: string) => `/api/v1/${a.slug}/appointments${path}`;
let ipSeq = 0;
const ip = () => `10.50.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;
const at = (day: string, hm: string) => isoBerlin(berlinInstant(day, hm));
const bookApi = (service: string, start: string, email: string, extra: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url: api(''), payload: { service, location: loc, start, name: 'Erika Muster', email, ...extra }, remoteAddress: ip() });
/** Runs jobs until none is due (a job may queue the next one, e.g. expiry → offer → mail). */
const drain = async () => {
  for (let i = 0; i < 10 && (await t.platform.runJobs()) > 0; i++);
};
const count = async (q: ReturnType<typeof sql>) => (await t.db.one<{ n: number }>(q))!.n;
const setting = (s: ReturnType<typeof sql>) => t.db.exec(sql`update appt_settings set ${s} where tenant_id = ${a.id}`);

before(async () => {
  t = await testPlatform();
  t.clock.advance(-t.clock.now().getTime() + Date.parse(`${MONDAY}T06:00:00Z`)); // Monday 07:00 in Berlin
  a = await createTenant(t.db, { land: 'BB' });
  await t.db.transaction(async (tx) => {
    await seedAppointments(tx, a.id, [{ name: 'Bürgerbüro', address: 'Markt 1', counters: 1 }]);
    await tx.exec(sql`insert into appt_settings (tenant_id, bookings_per_hour_per_client) values (${a.id}, 1000)`);
  });
  svc30 = (await t.db.one<{ id: string }>(sql`select id from appt_services where tenant_id = ${a.id} and duration_minutes = 30`))!.id;
  svc15 = (await t.db.one<{ id: string }>(sql`select id from appt_services where tenant_id = ${a.id} and duration_minutes = 15`))!.id;
  loc = (await t.db.one<{ id: string }>(sql`select id from appt_locations where tenant_id = ${a.id}`))!.id;
});
after(() => t.close());

test('proof of work on the booking page: unsolved, forged and replayed challenges are refused; without JavaScript a short wait counts', async () => {
  const c = new Client(t);
  const day = addDays(MONDAY, 1);
  const pageUrl = `/${a.slug}/termine?service=${svc30}&location=${loc}`;
  let page = await c.get(pageUrl);
  assert.match(page.body, /<script src="\/assets\/appointments\/pow\.js" defer><\/script>/);
  const form = (extra: Record<string, string>) => ({ service: svc30, location: loc, persons: '1', start: at(day, '09:00'), name: 'Paul Prüfer', email: 'paul@example.org', ...extra });
  const before = await count(sql`select count(*)::int as n from appt_bookings where tenant_id = ${a.id}`);

  const challenge = page.body.match(/name="pow_challenge" value="([^"]+)"/)![1]!;
  let res = await c.post(`/${a.slug}/termine/reservieren`, form({ pow_challenge: challenge, pow_solution: '' }));
  assert.equal(res.statusCode, 422, 'unsolved and submitted at once');
  assert.match(res.body, /mindestens 8 Sekunden/);
  const forged = challenge.replace(/\.(\d+)\./, (_m, n: string) => `.${Number(n) + 1}.`);
  res = await c.post(`/${a.slug}/termine/reservieren`, form({ pow_challenge: forged, pow_solution: solve(forged, 16) }));
  assert.equal(res.statusCode, 422, 'a challenge with a changed timestamp fails its signature');
  assert.match(res.body, /Sicherheitsprüfung ist ungültig/);
  assert.equal(await count(sql`select count(*)::int as n from appt_bookings where tenant_id = ${a.id}`), before, 'nothing booked');

  page = await c.get(pageUrl);
  const solved = powFields(page.body);
  res = await c.post(`/${a.slug}/termine/reservieren`, form(solved));
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Termin reserviert/);
  res = await c.post(`/${a.slug}/termine/reservieren`, form({ ...solved, start: at(day, '10:00') }));
  assert.equal(res.statusCode, 422, 'replayed challenge');
  assert.match(res.body, /bereits verwendet/);

  page = await c.get(pageUrl);
  const noJs = page.body.match(/name="pow_challenge" value="([^"]+)"/)![1]!;
  t.clock.advance(9_000);
  res = await c.post(`/${a.slug}/termine/reservieren`, form({ pow_challenge: noJs, pow_solution: '', start: at(day, '10:00') }));
  assert.equal(res.statusCode, 200, 'without JavaScript, after the wait');
  t.clock.advance(-9_000);
});

test('the API can require the challenge', async () => {
  await setting(sql`api_requires_challenge = true`);
  const start = at(addDays(MONDAY, 2), '09:00');
  let res = await bookApi(svc30, start, 'api@example.org');
  assert.equal(res.statusCode, 422);
  assert.match(res.json().error.detail, /Rechenaufgabe/);
  const ch = (await t.app.inject({ url: api('/challenge') })).json();
  assert.equal(ch.algorithm, 'SHA-256');
  assert.equal(ch.required, true);
  res = await bookApi(svc30, start, 'api@example.org', { challenge: ch.challenge, solution: '0' });
  assert.equal(res.statusCode === 422 || solve(ch.challenge, ch.difficulty) === '0', true, 'a wrong solution is refused');
  res = await bookApi(svc30, start, 'api@example.org', { challenge: ch.challenge, solution: solve(ch.challenge, ch.difficulty) });
  assert.equal(res.statusCode, 201);
  await setting(sql`api_requires_challenge = false`);
});

test('several persons book one longer appointment; more than allowed is refused', async () => {
  const day = addDays(MONDAY, 3); // Thursday 8–12, 13–18
  const slots = (await t.app.inject({ url: api(`/slots?service=${svc30}&location=${loc}&from=${day}&to=${day}&persons=2`) })).json().data as { start: string; end: string }[];
  assert.ok(slots.some((s) => s.start === at(day, '11:00')));
  assert.ok(!slots.some((s) => s.start === at(day, '11:15')), 'two persons need 60 minutes before closing at 12');
  assert.equal(Date.parse(slots[0]!.end) - Date.parse(slots[0]!.start), 60 * 60_000);
  const res = await bookApi(svc30, at(day, '08:00'), 'familie@example.org', { persons: 2 });
  assert.equal(res.statusCode, 201);
  assert.equal(await count(sql`select count(*)::int as n from appt_claims where booking_id = ${res.json().id}`), 4);
  assert.equal((await bookApi(svc30, at(day, '08:30'), 'dazwischen@example.org')).statusCode, 409, 'the second half hour is taken too');
  const tooMany = await bookApi(svc30, at(day, '09:00'), 'gross@example.org', { persons: 4 });
  assert.equal(tooMany.statusCode, 422);
  assert.match(tooMany.json().error.detail, /1 bis 3 Personen/);
});

test('new days open at the release time', async () => {
  await setting(sql`horizon_days = 14, release_time = '08:00'`);
  const last = addDays(MONDAY, 14); // Monday two weeks on
  const q = () => t.app.inject({ url: api(`/slots?service=${svc30}&location=${loc}&from=${last}&to=${last}`) });
  assert.equal((await q()).json().data.length, 0, 'at 07:00 the day is not released yet');
  t.clock.advance(3_600_000);
  assert.ok((await q()).json().data.length > 0, 'from 08:00 it is');
  t.clock.advance(-3_600_000);
  await setting(sql`horizon_days = 60, release_time = '00:00'`);
});

test('rebooking through the private link: may overlap the old time; a taken slot leaves the old appointment intact', async () => {
  const day = addDays(MONDAY, 8); // Tuesday next week
  const res = await bookApi(svc30, at(day, '09:00'), 'umbuchen@example.org');
  assert.equal(res.statusCode, 201);
  const { id, cancelToken: token } = res.json();
  const c = new Client(t);
  const page = await c.get(`/${a.slug}/termine/${id}/verschieben?token=${token}`);
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes(`value="${at(day, '09:15')}"`), 'the overlapping slot is offered because the own claim does not count');
  let moved = await c.post(`/${a.slug}/termine/${id}/verschieben`, { token, location: loc, start: at(day, '09:15') });
  assert.equal(moved.statusCode, 303);
  const cells = await t.db.rows<{ cell: Date }>(sql`select cell_start as cell from appt_claims where booking_id = ${id} order by cell_start`);
  assert.deepEqual(cells.map((x) => isoBerlin(x.cell)), [at(day, '09:15'), at(day, '09:30')]);

  assert.equal((await bookApi(svc30, at(day, '10:00'), 'anderer@example.org')).statusCode, 201);
  moved = await c.post(`/${a.slug}/termine/${id}/verschieben`, { token, location: loc, start: at(day, '10:00') });
  assert.equal(moved.statusCode, 409);
  assert.match(moved.body, /nicht mehr frei/);
  moved = await c.post(`/${a.slug}/termine/${id}/verschieben`, { token, location: loc, start: at(day, '20:00') });
  assert.equal(moved.statusCode, 422);
  const still = await t.db.one<{ start: Date; status: string }>(sql`select start_at as start, status from appt_bookings where id = ${id}`);
  assert.equal(isoBerlin(still!.start), at(day, '09:15'));
  assert.equal(still!.status, 'confirmed');
  assert.equal(await count(sql`select count(*)::int as n from appt_claims where booking_id = ${id}`), 2);
  assert.equal((await c.post(`/${a.slug}/termine/${id}/verschieben`, { token: 'x'.repeat(43), location: loc, start: at(day, '11:00') })).statusCode, 404, 'forged token');
});

test('one reminder before the appointment, with the private link; a moved appointment is reminded at its new time only', async () => {
  const day = addDays(MONDAY, 2); // Wednesday 8–12
  const res = await bookApi(svc15, at(day, '11:00'), 'erinnern@example.org');
  const { id, cancelToken: token } = res.json();
  await t.platform.runJobs();
  const reminders = () => t.mail.sent.filter((m) => m.to === 'erinnern@example.org' && /Erinnerung/.test(m.subject));
  assert.equal(reminders().length, 0);
  const c = new Client(t);
  await c.get(`/${a.slug}/termine/${id}/verschieben?token=${token}`);
  assert.equal((await c.post(`/${a.slug}/termine/${id}/verschieben`, { token, location: loc, start: at(day, '11:30') })).statusCode, 303);
  t.clock.advance(Date.parse(at(day, '11:00')) - 24 * 3_600_000 - t.clock.now().getTime() + 60_000); // just past the old reminder time
  await t.platform.runJobs();
  assert.equal(reminders().length, 0, 'the old reminder is void');
  t.clock.advance(30 * 60_000);
  await drain();
  assert.equal(reminders().length, 1);
  assert.ok(reminders()[0]!.text.includes(`/termine/${id}?token=${token}`), 'the reminder repeats the private link');
  assert.match(reminders()[0]!.text, /11:30/);
  await t.platform.runJobs();
  assert.equal(reminders().length, 1, 'only once');
  t.clock.advance(-t.clock.now().getTime() + Date.parse(`${MONDAY}T06:00:00Z`));
});

test('waitlist: double opt-in, a freed slot is offered to the first in line for a limited time, then to the next', async () => {
  const day = addDays(MONDAY, 4); // Friday 8–12, 15-minute service: 16 slots on one counter
  const booked: { id: string; cancelToken: string }[] = [];
  for (let i = 0; i < 16; i++) {
    const h = 8 + Math.floor(i / 4);
    const res = await bookApi(svc15, at(day, `${String(h).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`), `voll${i}@example.org`);
    assert.equal(res.statusCode, 201, `slot ${i}`);
    booked.push(res.json());
  }
  const c = new Client(t);
  let page = await c.get(`/${a.slug}/termine?service=${svc15}&location=${loc}`);
  assert.match(page.body, /Auf die Warteliste/);
  const join = (name: string, email: string) => c.post(`/${a.slug}/termine/warteliste`, { service: svc15, location: loc, persons: '1', w_name: name, w_email: email, w_from: day, w_to: day });
  const res = await join('Erste Wartende', 'erste@example.org');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Bitte bestätigen Sie Ihren Platz/);
  assert.equal((await join('Erste Wartende', 'erste@example.org')).statusCode, 409, 'once per person');
  assert.equal((await join('Zweiter Wartender', 'zweiter@example.org')).statusCode, 200);
  const bad = await c.post(`/${a.slug}/termine/warteliste`, { service: svc15, location: loc, persons: '1', w_name: 'X Y', w_email: 'kaputt', w_from: day, w_to: addDays(day, -1) });
  assert.equal(bad.statusCode, 422);
  await t.platform.runJobs();
  for (const email of ['erste@example.org', 'zweiter@example.org']) {
    const link = new URL(t.mail.linkTo(email));
    page = await c.get(link.pathname + link.search);
    assert.match(page.body, /noch nicht bestätigt/);
    page = await c.post(`${link.pathname}/bestaetigen`, { token: link.searchParams.get('token')! });
    assert.match(page.body, /Sie stehen jetzt auf der Warteliste/);
  }
  await t.platform.runJobs();
  assert.equal(await count(sql`select count(*)::int as n from appt_waitlist where tenant_id = ${a.id} and status = 'waiting'`), 2, 'nothing free, both wait');

  // A place frees up: the first in line gets it, held for the offer time.
  assert.equal((await t.app.inject({ method: 'DELETE', url: api(`/${booked[5]!.id}?token=${booked[5]!.cancelToken}`) })).statusCode, 204);
  await drain();
  const offer1 = t.mail.sent.findLast((m) => m.to === 'erste@example.org')!;
  assert.match(offer1.subject, /frei geworden/);
  assert.match(offer1.text, /09:15/);
  assert.ok(!t.mail.sent.some((m) => m.to === 'zweiter@example.org' && /frei geworden/.test(m.subject)));
  assert.equal((await bookApi(svc15, at(day, '09:15'), 'draengler@example.org')).statusCode, 409, 'the offered place is held');

  // Not confirmed in time: the next person is offered the same place.
  t.clock.advance(61 * 60_000);
  await drain();
  assert.equal((await t.db.one<{ status: string }>(sql`select status from appt_waitlist where email = 'erste@example.org'`))!.status, 'lapsed');
  const offer2 = t.mail.sent.findLast((m) => m.to === 'zweiter@example.org')!;
  assert.match(offer2.subject, /frei geworden/);
  const link = new URL(offer2.text.match(/https?:\/\/\S+/)![0]);
  page = await c.get(link.pathname + link.search);
  assert.match(page.body, /Angebot von der Warteliste/);
  page = await c.post(`${link.pathname}/bestaetigen`, { token: link.searchParams.get('token')! });
  assert.match(page.body, /Ihr Termin ist bestätigt/);
  assert.equal((await t.db.one<{ status: string }>(sql`select status from appt_waitlist where email = 'zweiter@example.org'`))!.status, 'booked');
  assert.equal(await count(sql`select count(*)::int as n from appt_bookings where tenant_id = ${a.id} and start_at = ${new Date(at(day, '09:15'))} and status = 'confirmed'`), 1);
  t.clock.advance(-61 * 60_000);
});

test('signed-in citizens book without mail confirmation or challenge and find the appointment in their account', async () => {
  const u = await createUser(t.db, a, { kind: 'citizen', email: 'konto@example.org', name: 'Konto Inhaberin' });
  const c = new Client(t);
  await c.login(`/${a.slug}`, u.email, TEST_PASSWORD);
  const page = await c.get(`/${a.slug}/termine?service=${svc30}&location=${loc}`);
  assert.doesNotMatch(page.body, /pow_challenge/);
  assert.match(page.body, /Termin buchen<\/span>/);
  const start = at(addDays(MONDAY, 9), '09:00');
  const res = await c.post(`/${a.slug}/termine/reservieren`, { service: svc30, location: loc, persons: '1', start, name: 'Konto Inhaberin', email: 'ignoriert@example.org' });
  assert.equal(res.statusCode, 303);
  const row = await t.db.one<{ status: string; email: string; userId: string }>(sql`select status, email, user_id as "userId" from appt_bookings where tenant_id = ${a.id} and start_at = ${new Date(start)}`);
  assert.deepEqual(row, { status: 'confirmed', email: 'konto@example.org', userId: u.id });
  const account = await c.get(`/${a.slug}/konto`);
  assert.match(account.body, /Meine Termine/);
  assert.match(account.body, /Personalausweis beantragen, Bürgerbüro/);
  const data = await c.get(`/${a.slug}/konto/meine-daten.json`);
  assert.match(data.body, /Personalausweis beantragen/);
});

test('maintenance forgets spent challenges after their lifetime and old rate-limit windows', async () => {
  const spent = await count(sql`select count(*)::int as n from appt_challenges where tenant_id = ${a.id}`);
  assert.ok(spent > 0, 'the proof-of-work test spent challenges');
  const module = t.platform.modules.find((m) => m.id === 'appointments')!;
  await module.maintenance!(t.platform, t.clock.now());
  assert.equal(await count(sql`select count(*)::int as n from appt_challenges where tenant_id = ${a.id}`), spent, 'still within their lifetime');
  const removed = await module.maintenance!(t.platform, new Date(t.clock.now().getTime() + 2 * 86_400_000));
  assert.equal(removed.challenges, spent);
  assert.ok(removed.rateLimits! > 0);
  assert.equal(await count(sql`select count(*)::int as n from appt_challenges where tenant_id = ${a.id}`), 0);
});

test('without a chosen office the page lists the earliest free slot of every office offering the service', async () => {
  await t.db.transaction((tx) => seedAppointments(tx, a.id, [{ name: 'Außenstelle Nord', address: 'Dorfstraße 5', counters: 1 }]));
  const north = (await t.db.one<{ id: string; service: string }>(sql`select l.id, ls.service_id as service from appt_locations l join appt_location_services ls on ls.location_id = l.id
    join appt_services s on s.id = ls.service_id where l.tenant_id = ${a.id} and l.name = 'Außenstelle Nord' and s.duration_minutes = 30`))!;
  await t.db.exec(sql`delete from appt_location_services where location_id = ${north.id}`);
  await t.db.exec(sql`insert into appt_location_services (tenant_id, location_id, service_id) values (${a.id}, ${north.id}, ${svc30})`);
  const page = await new Client(t).get(`/${a.slug}/termine?service=${svc30}`);
  assert.match(page.body, /Nächste freie Termine je Standort/);
  const first = (await t.app.inject({ url: api(`/slots?service=${svc30}&location=${north.id}&from=${MONDAY}&to=${addDays(MONDAY, 14)}`) })).json().data[0].start as string;
  assert.ok(page.body.includes(`location=${north.id}&persons=1">Außenstelle Nord</a>: ${formatDateTime(new Date(first))} Uhr`));
  assert.ok(page.body.includes(`location=${loc}&persons=1">Bürgerbüro</a>: `));
});

test('slot times carry the right offset on both sides of the clock change', async () => {
  // Summer time begins on Sunday 28 March 2027 (Easter Sunday, a holiday only in Brandenburg): an office in Cologne
  // that opens that night, 01:00–04:00, and on the Tuesday after.
  const k = await createTenant(t.db, { land: 'NW', ags: '05315000', ars: '053150000000', slug: `koeln-${Date.now() % 100000}` });
  await t.db.transaction(async (tx) => {
    await seedAppointments(tx, k.id, [{ name: 'Sonderöffnung', address: 'Markt 2', counters: 1 }]);
    await tx.exec(sql`delete from appt_opening_hours where tenant_id = ${k.id}`);
    await tx.exec(sql`insert into appt_settings (tenant_id, horizon_days) values (${k.id}, 365)`);
  });
  const l2 = (await t.db.one<{ id: string }>(sql`select id from appt_locations where tenant_id = ${k.id}`))!.id;
  const s15 = (await t.db.one<{ id: string }>(sql`select id from appt_services where tenant_id = ${k.id} and duration_minutes = 15`))!.id;
  await t.db.exec(sql`insert into appt_opening_hours (tenant_id, location_id, weekday, opens, closes) values (${k.id}, ${l2}, 7, '01:00', '04:00'), (${k.id}, ${l2}, 2, '09:00', '10:00')`);
  const slots = (await t.app.inject({ url: `/api/v1/${k.slug}/appointments/slots?service=${s15}&location=${l2}&from=2027-03-28&to=2027-03-30` })).json().data as { start: string }[];
  const starts = slots.map((s) => s.start);
  assert.ok(starts.includes('2027-03-28T01:45:00+01:00'), 'before the change: winter time');
  assert.ok(!starts.some((s) => s.startsWith('2027-03-28T02:')), 'the hour 02:00–03:00 does not exist');
  assert.ok(starts.includes('2027-03-28T03:00:00+02:00'), 'after the change: summer time');
  assert.equal(Date.parse('2027-03-28T03:00:00+02:00') - Date.parse('2027-03-28T01:45:00+01:00'), 15 * 60_000, 'consecutive cells');
  assert.ok(starts.includes('2027-03-30T09:00:00+02:00'), 'Easter Monday is closed everywhere, Tuesday is open');
  assert.equal(starts.length, 8 + 4);
});
