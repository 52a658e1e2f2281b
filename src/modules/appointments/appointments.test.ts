import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { seedAppointments } from '../../demo/appointments.ts';
import { berlinInstant, holidays, isoBerlin } from './time.ts';
import { powFields } from './testing.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let service: string; // 30 minutes
let location: string; // 2 counters

before(async () => {
  t = await testPlatform();
  t.clock.advance(-t.clock.now().getTime() + Date.parse('2026-11-23T06:00:00Z')); // Monday morning
  a = await createTenant(t.db, { land: 'BB' });
  await t.db.transaction((tx) => seedAppointments(tx, a.id, [{ name: 'Bürgerbüro', address: 'Markt 1', counters: 2 }]));
  service = (await t.db.one<{ id: string }>(sql`select id from appt_services where tenant_id = ${a.id} and duration_minutes = 30`))!.id;
  location = (await t.db.one<{ id: string }>(sql`select id from appt_locations where tenant_id = ${a.id}`))!.id;
});
after(() => t.close());

const api = (path: string) => `/api/v1/${a.slug}/appointments${path}`;
const bookBody = (start: string, i: number) => ({ service, location, start, name: `Person ${i}`, email: `p${i}@example.org` });

test('services, locations and free slots: opening hours, notice, Berlin offsets', async () => {
  const s = (await t.app.inject({ url: api('/services') })).json();
  assert.equal(s.data.length, 2);
  const l = (await t.app.inject({ url: api('/locations') })).json();
  assert.deepEqual(l.data[0].services.sort(), s.data.map((x: { id: string }) => x.id).sort());
  const res = await t.app.inject({ url: api(`/slots?service=${service}&location=${location}&from=2026-11-23&to=2026-11-24`) });
  assert.equal(res.statusCode, 200);
  const slots = res.json().data as { start: string; free: number }[];
  // Monday 8–12 (minus one hour notice from 7:00 local → first slot 08:00), Tuesday 8–12 and 13–18, 30-minute service in 15-minute steps
  assert.equal(slots[0]!.start, '2026-11-23T08:00:00+01:00');
  assert.ok(slots.every((x) => x.free === 2));
  assert.ok(slots.some((x) => x.start === '2026-11-24T17:30:00+01:00'));
  assert.ok(!slots.some((x) => x.start === '2026-11-24T17:45:00+01:00'), 'must end by closing time');
  assert.ok(!slots.some((x) => x.start.startsWith('2026-11-24T12:')), 'lunch break');
  const bad = await t.app.inject({ url: api(`/slots?service=${service}&location=${location}&from=morgen&to=2026-11-24`) });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.json().error.detail, /JJJJ-MM-TT/);
});

test('200 concurrent bookings of one slot with capacity 2: exactly 2 succeed, the rest get 409, no 5xx', async () => {
  const start = '2026-11-25T09:00:00+01:00';
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => t.app.inject({ method: 'POST', url: api(''), payload: bookBody(start, i), remoteAddress: `10.0.${Math.floor(i / 250)}.${i % 250}` })),
  );
  const codes = results.map((r) => r.statusCode);
  assert.equal(codes.filter((c) => c === 201).length, 2);
  assert.equal(codes.filter((c) => c === 409).length, 198);
  assert.equal(codes.filter((c) => c >= 500).length, 0);
  const rows = await t.db.one<{ n: number }>(sql`select count(*)::int as n from appt_bookings where tenant_id = ${a.id} and start_at = ${new Date(start)} and status = 'confirmed'`);
  assert.equal(rows!.n, 2);
  const slot = (await t.app.inject({ url: api(`/slots?service=${service}&location=${location}&from=2026-11-25&to=2026-11-25`) })).json().data as { start: string }[];
  assert.ok(!slot.some((s) => s.start === start), 'a full slot is no longer offered');
});

test('cancel with the private token frees the place; forged tokens and double cancels are refused', async () => {
  const start = '2026-11-26T10:00:00+01:00';
  const res = await t.app.inject({ method: 'POST', url: api(''), payload: bookBody(start, 1000), remoteAddress: '10.9.9.9' });
  assert.equal(res.statusCode, 201);
  const { id, cancelToken } = res.json();
  assert.equal((await t.app.inject({ method: 'DELETE', url: api(`/${id}?token=${'x'.repeat(43)}`) })).statusCode, 404);
  assert.equal((await t.app.inject({ method: 'DELETE', url: api(`/${id}?token=${cancelToken}`) })).statusCode, 204);
  assert.equal((await t.app.inject({ method: 'DELETE', url: api(`/${id}?token=${cancelToken}`) })).statusCode, 409);
  const claims = await t.db.one<{ n: number }>(sql`select count(*)::int as n from appt_claims where booking_id = ${id}`);
  assert.equal(claims!.n, 0);
});

test('bad input: past, outside hours, holidays, unknown service, wrong format — clear errors, nothing booked', async () => {
  const before = (await t.db.one<{ n: number }>(sql`select count(*)::int as n from appt_bookings`))!.n;
  const post = (body: unknown, ip = '10.8.8.8') => t.app.inject({ method: 'POST', url: api(''), payload: body as object, remoteAddress: ip });
  let res = await post(bookBody('2026-11-20T09:00:00+01:00', 1));
  assert.equal(res.statusCode, 422, 'past');
  res = await post(bookBody('2026-11-25T20:00:00+01:00', 1));
  assert.equal(res.statusCode, 422, 'after closing');
  res = await post(bookBody('2026-11-25T09:07:00+01:00', 1));
  assert.equal(res.statusCode, 422, 'off the grid');
  res = await post(bookBody('2026-12-25T09:00:00+01:00', 1));
  assert.equal(res.statusCode, 422, 'Christmas');
  res = await post({ ...bookBody('2026-11-25T10:00:00+01:00', 1), service: '00000000-0000-0000-0000-000000000000' });
  assert.equal(res.statusCode, 422);
  res = await post({ ...bookBody('2026-11-25T10:00:00+01:00', 1), extra: true });
  assert.equal(res.statusCode, 422);
  res = await post({ ...bookBody('2026-11-25T10:00:00+01:00', 1), name: '<script>' });
  assert.equal(res.statusCode, 422);
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from appt_bookings`))!.n, before);
});

test('limits: open bookings per e-mail and bookings per client', async () => {
  const mk = (h: number, i: number, ip: string, email: string) => t.app.inject({ method: 'POST', url: api(''), payload: { ...bookBody(`2026-11-27T${String(h).padStart(2, '0')}:00:00+01:00`, i), email }, remoteAddress: ip });
  for (let i = 0; i < 3; i++) assert.equal((await mk(8 + i, i, `10.7.0.${i}`, 'viel@example.org')).statusCode, 201);
  const fourth = await mk(11, 4, '10.7.0.9', 'viel@example.org');
  assert.equal(fourth.statusCode, 429);
  assert.match(fourth.json().error.detail, /bereits 3 offene Termine/);
  let last = 0;
  for (let i = 0; i < 25; i++) last = (await t.app.inject({ method: 'POST', url: api(''), payload: bookBody('2026-11-20T09:00:00+01:00', i), remoteAddress: '10.6.6.6' })).statusCode;
  assert.equal(last, 429, 'one client cannot hammer the booking endpoint');
});

test('holidays and time zone helpers', () => {
  const bb = holidays(2026, 'BB');
  assert.ok(bb.has('2026-04-03') && bb.has('2026-04-06') && bb.has('2026-05-14') && bb.has('2026-10-31') && bb.has('2026-04-05'));
  assert.ok(holidays(2026, 'MV').has('2026-03-08'));
  assert.equal(isoBerlin(berlinInstant('2026-07-01', '09:00')), '2026-07-01T09:00:00+02:00');
  assert.equal(isoBerlin(berlinInstant('2026-03-29', '03:00')), '2026-03-29T03:00:00+02:00');
});


test('pages without JavaScript: reserve → confirm by the mailed link → .ics → cancel', async () => {
  const c = new Client(t);
  let res = await c.get(`/${a.slug}/termine?service=${service}&location=${location}`);
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Freie Termine \(30 Minuten\)/);
  const start = res.body.match(/name="start" value="([^"]+)"/)![1]!;
  res = await c.post(`/${a.slug}/termine/reservieren`, { service, location, start, name: 'Rita Reserviert', email: 'rita@example.org', ...powFields(res.body) });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Termin reserviert/);
  await t.platform.runJobs();
  const mail = t.mail.sent.findLast((m) => m.to === 'rita@example.org')!;
  assert.doesNotMatch(mail.text, /Rita/, 'no personal data in the mail');
  const link = new URL(t.mail.linkTo('rita@example.org'));
  res = await c.get(link.pathname + link.search);
  assert.match(res.body, /reserviert, noch nicht bestätigt/);
  const token = link.searchParams.get('token')!;
  res = await c.post(`${link.pathname}/bestaetigen`, { token });
  assert.match(res.body, /Ihr Termin ist bestätigt/);
  const ics = await c.get(`${link.pathname}/termin.ics?token=${token}`);
  assert.equal(ics.headers['content-type'], 'text/calendar; charset=utf-8');
  assert.match(ics.body, /BEGIN:VEVENT\r\n/);
  assert.match(ics.body, /DTSTART:\d{8}T\d{6}Z/);
  res = await c.post(`${link.pathname}/absagen`, { token });
  assert.match(res.body, /abgesagt/);
  assert.equal((await c.get(`${link.pathname}?token=${'y'.repeat(43)}`)).statusCode, 404);
});

test('a reservation not confirmed in time is released and cannot be confirmed any more', async () => {
  const c = new Client(t);
  const page = await c.get(`/${a.slug}/termine?service=${service}&location=${location}`);
  const start = [...page.body.matchAll(/name="start" value="([^"]+)"/g)].at(-1)![1]!;
  await c.post(`/${a.slug}/termine/reservieren`, { service, location, start, name: 'Zu Spät', email: 'spaet@example.org', ...powFields(page.body) });
  await t.platform.runJobs();
  const link = new URL(t.mail.linkTo('spaet@example.org'));
  const id = link.pathname.split('/').pop()!;
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from appt_claims where booking_id = ${id}`))!.n, 2, 'the reservation holds its place');
  t.clock.advance(31 * 60_000);
  await t.platform.runJobs();
  assert.equal((await t.db.one<{ status: string }>(sql`select status from appt_bookings where id = ${id}`))!.status, 'cancelled');
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from appt_claims where booking_id = ${id}`))!.n, 0);
  const res = await c.post(`${link.pathname}/bestaetigen`, { token: link.searchParams.get('token')! });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /Reservierung ist abgelaufen/);
  t.clock.advance(-31 * 60_000);
});
