import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { seedAppointments } from '../../demo/appointments.ts';
import { berlinInstant } from './time.ts';

const DAY = '2026-11-23'; // a Monday
let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let location: string; // 2 counters
let otherLocation: string; // of tenant b
let service: string;
let clerk: Client;
let otherClerk: Client;
let citizen: Client;
const ids: Record<string, string> = {};

/** Moves the fixed clock to a Berlin wall-clock time on DAY. */
function at(time: string, day = DAY): Date {
  const target = berlinInstant(day, time);
  t.clock.advance(target.getTime() - t.clock.now().getTime());
  return target;
}

async function insertBooking(tenantId: string, o: { loc: string; svc: string; start: string; unit: number; name: string; status?: string; day?: string; persons?: number }): Promise<string> {
  const start = berlinInstant(o.day ?? DAY, o.start);
  const r = await t.db.one<{ id: string }>(sql`insert into appt_bookings (tenant_id, location_id, service_id, start_at, end_at, unit, name, email, cancel_token_hash, status, persons, created_at)
    values (${tenantId}, ${o.loc}, ${o.svc}, ${start}, ${new Date(start.getTime() + 30 * 60_000)}, ${o.unit}, ${o.name}, 'x@example.org', 'h', ${o.status ?? 'confirmed'}, ${o.persons ?? 1}, ${t.clock.now()}) returning id`);
  return r!.id;
}

const plan = (slug = a.slug, q = `?location=${location}&day=${DAY}`) => `/${slug}/verwaltung/termine${q}`;
const act = (id: string, action: string, slug = a.slug) => `/${slug}/verwaltung/termine/${id}/${action}`;
const row = (id: string) => t.db.one<{ ticket: string | null; checked_in_at: Date | null; called_at: Date | null; called_counter: number | null; finished_at: Date | null; no_show_at: Date | null }>(
  sql`select ticket, checked_in_at, called_at, called_counter, finished_at, no_show_at from appt_bookings where id = ${id}`,
);

before(async () => {
  t = await testPlatform({ SESSION_IDLE_MINUTES: '600' }); // the clock jumps through a working morning
  at('07:00');
  a = await createTenant(t.db, { name: 'Alphastadt' });
  b = await createTenant(t.db, { name: 'Betadorf' });
  await t.db.transaction((tx) => seedAppointments(tx, a.id, [{ name: 'Bürgerbüro', address: 'Markt 1', counters: 2 }]));
  await t.db.transaction((tx) => seedAppointments(tx, b.id, [{ name: 'Rathaus Beta', address: 'Dorfstraße 1', counters: 1 }]));
  location = (await t.db.one<{ id: string }>(sql`select id from appt_locations where tenant_id = ${a.id}`))!.id;
  otherLocation = (await t.db.one<{ id: string }>(sql`select id from appt_locations where tenant_id = ${b.id}`))!.id;
  service = (await t.db.one<{ id: string }>(sql`select id from appt_services where tenant_id = ${a.id} and duration_minutes = 30`))!.id;
  const bService = (await t.db.one<{ id: string }>(sql`select id from appt_services where tenant_id = ${b.id} and duration_minutes = 30`))!.id;
  const mk = (k: string, o: Omit<Parameters<typeof insertBooking>[1], 'loc' | 'svc'>) => insertBooking(a.id, { loc: location, svc: service, ...o }).then((id) => (ids[k] = id));
  await mk('b1', { start: '08:00', unit: 1, name: 'Anna Früh', persons: 2 });
  await mk('b2', { start: '08:00', unit: 2, name: 'Bernd Zwei' });
  await mk('b3', { start: '08:30', unit: 1, name: 'Clara Spät' });
  await mk('reserved', { start: '09:00', unit: 1, name: 'Rudi Reserviert', status: 'reserved' });
  await mk('cancelled', { start: '09:30', unit: 2, name: 'Carl Storniert', status: 'cancelled' });
  await mk('tomorrow', { start: '08:00', unit: 1, name: 'Tom Morgen', day: '2026-11-24' });
  ids.beta = await insertBooking(b.id, { loc: otherLocation, svc: bService, start: '08:00', unit: 1, name: 'Berta Beta' });

  const u = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Sven Sachbearbeiter' });
  const ub = await createUser(t.db, b, { kind: 'staff', roles: ['clerk'], name: 'Beate Beta', email: 'beate@beta.example' });
  const uc = await createUser(t.db, a, { kind: 'citizen', name: 'Carla Citizen' });
  for (const [user, slug, set] of [[u, a.slug, (c: Client) => (clerk = c)], [ub, b.slug, (c: Client) => (otherClerk = c)], [uc, a.slug, (c: Client) => (citizen = c)]] as const) {
    const c = new Client(t);
    assert.equal((await c.login(`/${slug}`, user.email, user.password)).statusCode, 303);
    set(c);
  }
});
after(() => t.close());

/** The part of the day plan that belongs to counter n. */
function counterSection(body: string, n: number): string {
  const start = body.indexOf(`id="platz-${n}-h"`);
  assert.ok(start > 0, `section of Platz ${n}`);
  const end = body.indexOf('</section>', start);
  return body.slice(start, end);
}

test('day plan: confirmed bookings under their counter, reserved and cancelled ones not listed', async () => {
  const res = await clerk.get(plan());
  assert.equal(res.statusCode, 200);
  const one = counterSection(res.body, 1);
  const two = counterSection(res.body, 2);
  assert.match(one, /Anna Früh/);
  assert.match(one, /Clara Spät/);
  assert.ok(one.indexOf('Anna Früh') < one.indexOf('Clara Spät'), 'ordered by time');
  assert.doesNotMatch(one, /Bernd Zwei/);
  assert.match(two, /Bernd Zwei/);
  assert.match(one, /<caption class="kern-title">Termine an Platz 1 am 23\.11\.2026<\/caption>/);
  assert.match(one, /08:00–08:30<\/td><td class="kern-table__cell">Personalausweis beantragen<\/td><td class="kern-table__cell">2<\/td>/);
  assert.match(one, /erwartet/);
  assert.doesNotMatch(res.body, /Rudi Reserviert|Carl Storniert|Tom Morgen|Berta Beta/);
  assert.match(res.body, /3 Termine: 0 eingecheckt, 0 erledigt, 0 nicht erschienen\. Abgesagt: 1\./);
  assert.match(res.body, new RegExp(`href="/${a.slug}/termine/aufruf/${location}"`));
  assert.match(res.body, /Einchecken/);
  // Without parameters: first location, today in Berlin.
  const plain = await clerk.get(`/${a.slug}/verwaltung/termine`);
  assert.match(plain.body, /Anna Früh/);
  assert.match(plain.body, /23\.11\.2026 \(heute\)/);
  // The administration page links to it.
  assert.match((await clerk.get(`/${a.slug}/verwaltung`)).body, /Terminvergabe: Tagesplan/);
});

test('check-in hands out sequential waiting numbers; a second check-in keeps the number; other days and cancelled bookings are refused', async () => {
  at('07:50');
  await clerk.get(plan());
  let res = await clerk.post(act(ids.b1!, 'einchecken'), {});
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, plan());
  assert.equal((await row(ids.b1!))!.ticket, 'A001');
  at('07:55');
  res = await clerk.post(act(ids.b2!, 'einchecken'), {});
  assert.equal(res.statusCode, 303);
  assert.equal((await row(ids.b2!))!.ticket, 'A002');
  res = await clerk.post(act(ids.b1!, 'einchecken'), {});
  assert.equal(res.statusCode, 303, 'a double click is harmless');
  const b1 = (await row(ids.b1!))!;
  assert.equal(b1.ticket, 'A001');
  assert.equal(b1.checked_in_at!.getTime(), berlinInstant(DAY, '07:50').getTime());
  const counter = await t.db.one<{ last: number }>(sql`select last from appt_ticket_counters where tenant_id = ${a.id} and location_id = ${location} and day = ${DAY}`);
  assert.equal(counter!.last, 2, 'no number was used up by the double click');
  const audits = await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${a.id} and action = 'appointment.checked_in'`);
  assert.equal(audits!.n, 2);

  res = await clerk.post(act(ids.tomorrow!, 'einchecken'), {});
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /nur am Tag des Termins/);
  res = await clerk.post(act(ids.cancelled!, 'einchecken'), {});
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /abgesagt/);
  assert.equal((await row(ids.cancelled!))!.ticket, null);
  assert.equal((await clerk.post(act(ids.b3!, 'einchecken'), {}, { csrf: null })).statusCode, 403, 'CSRF token required');
  assert.equal((await clerk.post(act('00000000-0000-0000-0000-000000000001', 'einchecken'), {})).statusCode, 404);

  const page = await clerk.get(plan());
  assert.match(counterSection(page.body, 1), /A001<\/strong> eingecheckt um 07:50 Uhr/);
  assert.match(page.body, /2 eingecheckt/);
});

test('calling shows the number and counter on the public display, without names', async () => {
  at('08:02');
  await clerk.get(plan());
  let res = await clerk.post(act(ids.b1!, 'aufrufen'), { platz: '2' });
  assert.equal(res.statusCode, 303);
  const api = `/api/v1/${a.slug}/appointments/display/${location}`;
  let json = (await t.app.inject({ url: api })).json();
  assert.deepEqual(json, { called: [{ ticket: 'A001', counter: 2, calledAt: '2026-11-23T08:02:00+01:00' }], waiting: ['A002'] });

  const anon = new Client(t);
  const display = await anon.get(`/${a.slug}/termine/aufruf/${location}`);
  assert.equal(display.statusCode, 200);
  assert.match(display.body, /<div id="aufruf-neu" class="aufruf-neu" aria-live="polite"[^>]*><span class="aufruf-nummer">A001<\/span> <span class="aufruf-text">bitte zu<\/span> <span class="aufruf-platz">Platz 2<\/span>/);
  assert.match(display.body, /<ul id="aufruf-wartend" class="aufruf-wartend"><li>A002<\/li><\/ul>/);
  assert.match(display.body, /<script src="\/assets\/appointments\/aufruf\.js" defer><\/script>/);
  assert.match(display.body, /Aktualisieren/);
  assert.doesNotMatch(display.body, /Anna|Bernd|Früh|Zwei|Clara|x@example/, 'no personal data on the waiting-room screen');
  assert.doesNotMatch(display.body, /http-equiv/);
  const script = await t.app.inject({ url: '/assets/appointments/aufruf.js' });
  assert.equal(script.statusCode, 200);
  assert.match(script.headers['content-type'] as string, /javascript/);

  at('08:15');
  await clerk.post(act(ids.b2!, 'aufrufen'), {});
  t.clock.advance(10_000);
  res = await clerk.post(act(ids.b2!, 'aufrufen'), {});
  assert.equal(res.statusCode, 303);
  assert.equal((await row(ids.b2!))!.called_at!.getTime(), berlinInstant(DAY, '08:15').getTime(), 'a double click does not call again');
  json = (await t.app.inject({ url: api })).json();
  assert.deepEqual(json.called.map((x: { ticket: string; counter: number }) => `${x.ticket}@${x.counter}`), ['A002@2', 'A001@2']);
  assert.deepEqual(json.waiting, []);

  res = await clerk.post(act(ids.b3!, 'aufrufen'), {});
  assert.equal(res.statusCode, 409, 'only checked-in persons have a number to call');
  res = await clerk.post(act(ids.b1!, 'erledigt'), {});
  assert.equal(res.statusCode, 303);
  assert.ok((await row(ids.b1!))!.finished_at);
  assert.match(counterSection((await clerk.get(plan())).body, 1), /erledigt/);
});

test('no-show only after the start and never for a checked-in booking; it can be taken back', async () => {
  at('08:20');
  await clerk.get(plan());
  let res = await clerk.post(act(ids.b3!, 'nicht-erschienen'), {});
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /erst nach seinem Beginn/);
  assert.equal((await row(ids.b3!))!.no_show_at, null);
  res = await clerk.post(act(ids.b2!, 'nicht-erschienen'), {});
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /eingecheckt, also erschienen/);
  at('08:31');
  res = await clerk.post(act(ids.b3!, 'nicht-erschienen'), {});
  assert.equal(res.statusCode, 303);
  assert.ok((await row(ids.b3!))!.no_show_at);
  res = await clerk.post(act(ids.b3!, 'einchecken'), {});
  assert.equal(res.statusCode, 409, 'a no-show cannot be checked in before it is taken back');
  res = await clerk.post(act(ids.b3!, 'zuruecksetzen'), {});
  assert.equal(res.statusCode, 303);
  assert.equal((await row(ids.b3!))!.no_show_at, null);
  res = await clerk.post(act(ids.b3!, 'nicht-erschienen'), {});
  assert.equal(res.statusCode, 303);
  const page = await clerk.get(plan());
  assert.match(counterSection(page.body, 1), /nicht erschienen/);
  assert.match(counterSection(page.body, 1), /Zurücksetzen/);
  const audits = await t.db.rows<{ action: string }>(sql`select action from audit_log where tenant_id = ${a.id} and object_id = ${ids.b3!} order by seq`);
  assert.deepEqual(audits.map((x) => x.action), ['appointment.no_show', 'appointment.no_show_reset', 'appointment.no_show']);
});

test('statistics: bookings, cancellations, no-shows and waiting time per location and period', async () => {
  // Expected figures from the stored times (so a wrong formula fails here).
  const stored = await Promise.all([row(ids.b1!), row(ids.b2!)]);
  const waits = stored.map((r) => (r!.called_at!.getTime() - r!.checked_in_at!.getTime()) / 60_000);
  assert.deepEqual(waits, [12, 20]);
  const late = [
    (stored[0]!.checked_in_at!.getTime() - berlinInstant(DAY, '08:00').getTime()) / 60_000,
    (stored[1]!.checked_in_at!.getTime() - berlinInstant(DAY, '08:00').getTime()) / 60_000,
  ];
  const de = (n: number) => new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 }).format(n);
  const cells = (body: string) => {
    const tr = body.match(/<tr class="kern-table__row"><th class="kern-table__cell" scope="row">Bürgerbüro<\/th>([\s\S]*?)<\/tr>/);
    assert.ok(tr, 'a row for the location');
    return [...tr[1]!.matchAll(/<td class="kern-table__cell">([^<]*)<\/td>/g)].map((m) => m[1]);
  };
  const res = await clerk.get(`/${a.slug}/verwaltung/termine/statistik`);
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<caption class="kern-title">Termine vom 25\.10\.2026 bis 23\.11\.2026, alle Standorte<\/caption>/);
  assert.match(res.body, /<th class="kern-table__cell" scope="col">Wartezeit Ø \(Min\.\)<\/th>/);
  const booked = 3; // b1, b2, b3; the reservation and tomorrow's booking do not count, the cancellation is counted apart
  assert.deepEqual(cells(res.body), [
    String(booked),
    '1',
    '2',
    '1',
    '1',
    `${de((100 * 1) / booked)} %`,
    de((waits[0]! + waits[1]!) / 2),
    de(Math.max(...waits)),
    de((late[0]! + late[1]!) / 2),
  ]);
  assert.doesNotMatch(res.body, /Rathaus Beta/, "another municipality's location is not counted");
  // A period without this day has no figures; a broken date is explained.
  const empty = await clerk.get(`/${a.slug}/verwaltung/termine/statistik?location=${location}&from=2026-11-01&to=2026-11-22`);
  assert.match(empty.body, /keine Termine/);
  const tomorrow = await clerk.get(`/${a.slug}/verwaltung/termine/statistik?location=${location}&from=2026-11-24&to=2026-11-24`);
  assert.deepEqual(cells(tomorrow.body).slice(0, 3), ['1', '0', '0']);
  const bad = await clerk.get(`/${a.slug}/verwaltung/termine/statistik?from=gestern&to=2026-11-22`);
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#f-from"/);
});

test('citizens, anonymous visitors and clerks of another municipality see nothing and change nothing', async () => {
  at('09:00');
  const before = await row(ids.b3!);
  await citizen.get(`/${a.slug}`);
  assert.equal((await citizen.get(plan())).statusCode, 403);
  assert.equal((await citizen.get(`/${a.slug}/verwaltung/termine/statistik`)).statusCode, 403);
  assert.equal((await citizen.post(act(ids.b3!, 'zuruecksetzen'), {})).statusCode, 403);
  const anon = new Client(t);
  await anon.get(`/${a.slug}`);
  assert.equal((await anon.get(plan())).statusCode, 303);
  assert.ok([303, 403].includes((await anon.post(act(ids.b3!, 'zuruecksetzen'), {})).statusCode), 'login or CSRF refusal');

  // A clerk of Betadorf: their session does not count in Alphastadt, and Alphastadt's ids are unknown in Betadorf.
  const foreign = await otherClerk.get(plan());
  assert.ok([303, 403, 404].includes(foreign.statusCode), String(foreign.statusCode));
  assert.doesNotMatch(foreign.body, /Anna Früh|Clara Spät/);
  await otherClerk.get(plan(b.slug, ''));
  assert.equal((await otherClerk.post(act(ids.b3!, 'zuruecksetzen', b.slug), {})).statusCode, 404);
  assert.equal((await otherClerk.post(act(ids.b2!, 'erledigt', b.slug), {})).statusCode, 404);
  const own = await otherClerk.get(plan(b.slug, `?location=${location}&day=${DAY}`));
  assert.equal(own.statusCode, 200);
  assert.match(own.body, /Berta Beta/, 'falls back to their own location');
  assert.doesNotMatch(own.body, /Anna Früh|Clara Spät|Bernd Zwei/);
  const stats = await otherClerk.get(`/${b.slug}/verwaltung/termine/statistik?location=${location}`);
  assert.doesNotMatch(stats.body, /Bürgerbüro/);
  assert.deepEqual(await row(ids.b3!), before);
  assert.equal((await row(ids.b2!))!.finished_at, null);
});

test('display of an unknown location or of another municipality is 404', async () => {
  for (const loc of ['00000000-0000-0000-0000-000000000001', otherLocation, 'kein-uuid']) {
    assert.equal((await t.app.inject({ url: `/${a.slug}/termine/aufruf/${loc}` })).statusCode, 404, loc);
    const api = await t.app.inject({ url: `/api/v1/${a.slug}/appointments/display/${loc}` });
    assert.equal(api.statusCode, 404, loc);
    assert.equal(api.json().error.status, 404);
  }
  assert.equal((await t.app.inject({ url: `/${b.slug}/termine/aufruf/${otherLocation}` })).statusCode, 200);
});
