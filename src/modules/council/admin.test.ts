// The council office's master data through its pages: bodies of an Amt and its Gemeinden, persons with accounts,
// memberships with their validation (overlap, Fraktion, dates), deleting bodies, terms, locations, settings, audit and
// tenant isolation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { createCouncilFixture, type CouncilFixture } from './testing.ts';
import { bodyById, councilSettings, membershipsOfBody, personById } from './repository.ts';

type U = { id: string; email: string; password: string };
let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let office: U, clerk: U, councillor: U, councillor2: U, foreignCouncillor: U;
let fa: CouncilFixture;
let fb: CouncilFixture;
const S = () => `/${a.slug}/verwaltung/sitzungsdienst`;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, {
    name: 'Amt Seenland',
    kind: 'amt',
    land: 'MV',
    ags: null,
    members: [
      { name: 'Gemeinde Nordhof', ags: '13076001' },
      { name: 'Gemeinde Südfeld', ags: '13076002' },
    ],
  });
  b = await createTenant(t.db, { name: 'Betadorf' });
  office = await createUser(t.db, a, { kind: 'staff', roles: ['council_office'], name: 'Sina Sitzungsdienst' });
  clerk = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Clara Clerk' });
  councillor = await createUser(t.db, a, { kind: 'staff', roles: ['councillor'], name: 'Rita Rat' });
  councillor2 = await createUser(t.db, a, { kind: 'staff', roles: ['councillor'], name: 'Rolf Rat' });
  foreignCouncillor = await createUser(t.db, b, { kind: 'staff', roles: ['councillor'], name: 'Bernd Beta' });
  fa = await createCouncilFixture(t.db, a.id, { municipality: 'Gemeinde Nordhof' });
  fb = await createCouncilFixture(t.db, b.id);
});
after(() => t.close());

async function login(u: U): Promise<Client> {
  const c = new Client(t);
  const res = await c.login(`/${a.slug}`, u.email, u.password);
  assert.equal(res.statusCode, 303);
  return c;
}

const audits = async (action: string, objectId?: string) =>
  (await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${a.id} and action = ${action} and (${objectId ?? null}::uuid is null or object_id = ${objectId ?? null})`))!.n;
const count = async (table: 'council_bodies' | 'council_memberships' | 'council_persons', tenantId = a.id) =>
  (await t.db.one<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)} where tenant_id = ${tenantId} and deleted_at is null`))!.n;
const main = (html: string) => html.match(/<main[\s\S]*<\/main>/)?.[0] ?? html;

test('only the council office reaches the area; the overview links every section', async () => {
  const c = await login(office);
  const res = await c.get(S());
  assert.equal(res.statusCode, 200);
  for (const href of ['/gremien', '/personen', '/drucksachen', '/sitzungen', '/wahlperioden', '/sitzungsorte', '/einstellungen', '/antraege']) assert.match(res.body, new RegExp(`href="${S()}${href}"`));
  assert.match(main(res.body), /Anstehende Sitzungen/);
  const k = await login(clerk);
  assert.equal((await k.get(`${S()}/gremien`)).statusCode, 403);
});

test('bodies: created for a member Gemeinde of the Amt, listed grouped by Gemeinde; bad input is refused and changes nothing', async () => {
  const c = await login(office);
  await c.get(`${S()}/gremien/neu`);
  const before = await count('council_bodies');
  // A council needs its legal number of members; a municipality must be one of the Amt's.
  let res = await c.post(`${S()}/gremien/neu`, { name: 'Gemeindevertretung Südfeld', kind: 'council', municipality: 'Gemeinde Irgendwo', legalMembers: '', startDate: '2024-06-09', endDate: '2024-01-01' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /gesetzliche Mitgliederzahl an/);
  assert.match(res.body, /Gemeinde aus der Liste/);
  assert.match(res.body, /Das Ende liegt vor dem Beginn/);
  assert.match(res.body, /value="Gemeindevertretung Südfeld"/, 'the form keeps the input');
  assert.equal(await count('council_bodies'), before);

  res = await c.post(`${S()}/gremien/neu`, { name: 'Gemeindevertretung Südfeld', shortName: 'GV-S', kind: 'council', municipality: 'Gemeinde Südfeld', legalMembers: '9', startDate: '2024-06-09' });
  assert.equal(res.statusCode, 303, main(res.body).slice(0, 2000));
  const id = String(res.headers.location).split('/').pop()!;
  const body = await bodyById(t.db, a.id, id);
  assert.equal(body?.municipality, 'Gemeinde Südfeld');
  assert.equal(body?.legalMembers, 9);
  assert.equal(await audits('council.body_created', id), 1);

  // The same name in the same Gemeinde is refused; in another Gemeinde it is fine.
  res = await c.post(`${S()}/gremien/neu`, { name: 'gemeindevertretung südfeld', kind: 'council', municipality: 'Gemeinde Südfeld', legalMembers: '9' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /gibt es in dieser Gemeinde schon/);

  const list = main((await c.get(`${S()}/gremien`)).body);
  const nord = list.indexOf('Gemeinde Nordhof</h2>');
  const sued = list.indexOf('Gemeinde Südfeld</h2>');
  assert.ok(nord > 0 && sued > nord, 'one section per Gemeinde');
  assert.ok(list.indexOf('Gemeindevertretung Südfeld') > sued);

  // A body cannot become the child of its own child.
  res = await c.post(`${S()}/gremien/${fa.councilId}/bearbeiten`, { name: 'Gemeindevertretung', kind: 'council', municipality: 'Gemeinde Nordhof', legalMembers: '7', parentId: fa.committeeId });
  assert.equal(res.statusCode, 422);
  assert.equal((await bodyById(t.db, a.id, fa.councilId))?.parentId, null);
});

test('memberships: overlap, end before start and a Fraktion of another tenant are refused; a valid one is stored, audited and bumps modified', async () => {
  const c = await login(office);
  await c.get(`${S()}/gremien/${fa.committeeId}`);
  const person = fa.personIds[5]!;
  const n = (await membershipsOfBody(t.db, a.id, fa.committeeId)).length;
  const personBefore = (await personById(t.db, a.id, person))!.modifiedAt;

  let res = await c.post(`${S()}/gremien/${fa.committeeId}/mitglieder`, { personId: person, role: 'member', fraktionId: fb.fraktionId, votingRight: 'ja', startDate: '2026-01-01' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Fraktion aus der Liste/);
  res = await c.post(`${S()}/gremien/${fa.committeeId}/mitglieder`, { personId: person, role: 'member', fraktionId: fa.committeeId, votingRight: 'ja', startDate: '2026-01-01' });
  assert.equal(res.statusCode, 422, 'a committee is no Fraktion');
  res = await c.post(`${S()}/gremien/${fa.committeeId}/mitglieder`, { personId: person, role: 'member', startDate: '2026-06-01', endDate: '2026-01-01' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Das Ende liegt vor dem Beginn/);
  res = await c.post(`${S()}/gremien/${fa.committeeId}/mitglieder`, { personId: fb.personIds[0]!, role: 'member', startDate: '2026-01-01' });
  assert.equal(res.statusCode, 422, 'a person of another tenant');
  assert.equal((await membershipsOfBody(t.db, a.id, fa.committeeId)).length, n, 'nothing stored');

  res = await c.post(`${S()}/gremien/${fa.committeeId}/mitglieder`, { personId: person, role: 'deputy', fraktionId: fa.fraktionId, votingRight: 'ja', deputyOf: fa.personIds[1]!, startDate: '2026-01-01', endDate: '2026-12-31' });
  assert.equal(res.statusCode, 303, main(res.body).slice(0, 3000));
  const added = (await membershipsOfBody(t.db, a.id, fa.committeeId)).find((m) => m.personId === person)!;
  assert.equal(added.fraktionId, fa.fraktionId);
  assert.equal(added.deputyOf, fa.personIds[1]);
  assert.equal(await audits('council.membership_added', added.id), 1);
  assert.ok((await personById(t.db, a.id, person))!.modifiedAt > personBefore, 'the person embeds memberships: modified is bumped');

  // Overlapping the period just stored (also with an open end) is refused.
  for (const period of [{ startDate: '2026-12-01' }, { startDate: '2025-01-01', endDate: '2026-01-01' }] as Record<string, string>[]) {
    res = await c.post(`${S()}/gremien/${fa.committeeId}/mitglieder`, { personId: person, role: 'member', ...period });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /schon Mitglied dieses Gremiums/);
  }
  res = await c.post(`${S()}/gremien/${fa.committeeId}/mitglieder`, { personId: person, role: 'member', startDate: '2027-01-01' });
  assert.equal(res.statusCode, 303, 'after the end a new membership may start');
  assert.equal((await membershipsOfBody(t.db, a.id, fa.committeeId)).length, n + 2);

  // Ending: not before the start, not into the next membership.
  res = await c.post(`${S()}/mitgliedschaften/${added.id}/beenden`, { endDate: '2025-12-31' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Das Ende liegt vor dem Beginn/);
  res = await c.post(`${S()}/mitgliedschaften/${added.id}/beenden`, { endDate: '2027-03-01' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /überschneidet sich/);
  res = await c.post(`${S()}/mitgliedschaften/${added.id}/beenden`, { endDate: '2026-11-30' });
  assert.equal(res.statusCode, 303);
  assert.equal((await membershipsOfBody(t.db, a.id, fa.committeeId)).find((m) => m.id === added.id)!.endDate, '2026-11-30');
  assert.equal(await audits('council.membership_ended', added.id), 1);

  const page = main((await c.get(`${S()}/gremien/${fa.councilId}`)).body);
  assert.match(page, /Aktuelle Mitglieder: Gemeindevertretung \(7\)/);
  assert.match(page, /Vorsitz/);
  assert.match(page, /Fraktion Bürger für Testdorf/);
});

test('persons: a councillor account is linked once; electronic delivery needs one; the person page shows memberships in bodies of several Gemeinden', async () => {
  const c = await login(office);
  await c.get(`${S()}/personen/neu`);
  const n = await count('council_persons');
  let res = await c.post(`${S()}/personen/neu`, { givenName: 'Petra', familyName: 'Peters', delivery: 'electronic', email: 'kein-at-zeichen' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /braucht die Person ein Benutzerkonto/);
  assert.match(res.body, /gültige E-Mail-Adresse/);
  res = await c.post(`${S()}/personen/neu`, { givenName: 'Petra', familyName: 'Peters', delivery: 'electronic', userId: foreignCouncillor.id });
  assert.equal(res.statusCode, 422, 'an account of another tenant is not in the list');
  res = await c.post(`${S()}/personen/neu`, { givenName: 'Petra', familyName: 'Peters', delivery: 'electronic', userId: clerk.id });
  assert.equal(res.statusCode, 422, 'only accounts with the role councillor');
  assert.equal(await count('council_persons'), n);

  res = await c.post(`${S()}/personen/neu`, { title: 'Dr.', givenName: 'Petra', familyName: 'Peters', gender: 'female', delivery: 'electronic', userId: councillor.id, email: 'petra@example.org', postalCode: '19999', publishContact: 'ja', personnelNumber: 'P-17' });
  assert.equal(res.statusCode, 303, main(res.body).slice(0, 2000));
  const id = String(res.headers.location).split('/').pop()!;
  const p = (await personById(t.db, a.id, id))!;
  assert.equal(p.userId, councillor.id);
  assert.equal(p.publishContact, true);
  assert.equal(p.personnelNumber, 'P-17');
  const entry = await t.db.one<{ details: Record<string, unknown> }>(sql`select details from audit_log where action = 'council.person_created' and object_id = ${id}`);
  assert.ok(entry, 'audited');
  assert.ok(!JSON.stringify(entry.details).includes('Peters'), 'no personal data in the audit log');

  res = await c.post(`${S()}/personen/neu`, { givenName: 'Paul', familyName: 'Zweiter', delivery: 'electronic', userId: councillor.id });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /gehört schon zu einer anderen Person/);
  res = await c.post(`${S()}/personen/neu`, { givenName: 'Paul', familyName: 'Zweiter', delivery: 'electronic', userId: councillor2.id });
  assert.equal(res.statusCode, 303);

  // The Amt model: one person in bodies of two Gemeinden.
  const sued = (await t.db.one<{ id: string }>(sql`select id from council_bodies where tenant_id = ${a.id} and name = 'Gemeindevertretung Südfeld'`))!.id;
  await c.get(`${S()}/gremien/${sued}`);
  assert.equal((await c.post(`${S()}/gremien/${sued}/mitglieder`, { personId: id, role: 'member', votingRight: 'ja', startDate: '2024-06-09' })).statusCode, 303);
  assert.equal((await c.post(`${S()}/gremien/${fa.councilId}/mitglieder`, { personId: id, role: 'advisory', startDate: '2024-06-09' })).statusCode, 303);
  const page = main((await c.get(`${S()}/personen/${id}`)).body);
  assert.match(page, /Gemeindevertretung Südfeld/);
  assert.match(page, /Gemeinde Südfeld/);
  assert.match(page, /Gemeinde Nordhof/);
  assert.match(page, /Beratendes Mitglied/);
});

test('a body with meetings ahead cannot be deleted; one without is deleted softly with its memberships', async () => {
  const c = await login(office);
  await c.get(`${S()}/gremien/${fa.councilId}`);
  let res = await c.post(`${S()}/gremien/${fa.councilId}/loeschen`, {});
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /eine anstehende Sitzung/);
  assert.equal((await bodyById(t.db, a.id, fa.councilId))?.deletedAt, null);

  const members = (await membershipsOfBody(t.db, a.id, fa.committeeId)).length;
  assert.ok(members > 0);
  res = await c.post(`${S()}/gremien/${fa.committeeId}/loeschen`, {});
  assert.equal(res.statusCode, 303);
  assert.ok((await bodyById(t.db, a.id, fa.committeeId))?.deletedAt, 'the row stays for OParl, marked deleted');
  assert.equal((await membershipsOfBody(t.db, a.id, fa.committeeId)).length, 0);
  assert.equal(await audits('council.body_deleted', fa.committeeId), 1);
  assert.equal((await c.get(`${S()}/gremien/${fa.committeeId}`)).statusCode, 404);
});

test('terms, locations and settings: validated, saved, audited', async () => {
  const c = await login(office);
  await c.get(`${S()}/wahlperioden/neu`);
  let res = await c.post(`${S()}/wahlperioden/neu`, { name: 'Wahlperiode 2029–2034', startDate: '2029-06-09', endDate: '2029-01-01' });
  assert.equal(res.statusCode, 422);
  res = await c.post(`${S()}/wahlperioden/neu`, { name: 'Wahlperiode 2029–2034', startDate: '2029-06-09', endDate: '' });
  assert.equal(res.statusCode, 303);
  res = await c.post(`${S()}/wahlperioden/${fa.termId}`, { name: 'Wahlperiode 2024 bis 2029', startDate: '2024-06-09', endDate: '2029-06-08' });
  assert.equal(res.statusCode, 303);
  assert.match((await c.get(`${S()}/wahlperioden`)).body, /Wahlperiode 2024 bis 2029/);
  assert.equal(await audits('council.term_saved', fa.termId), 1);

  res = await c.post(`${S()}/sitzungsorte/neu`, { description: '', postalCode: '123' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /fünf Ziffern/);
  res = await c.post(`${S()}/sitzungsorte/${fa.locationId}`, { description: 'Gemeindehaus Südfeld', room: 'Saal', streetAddress: 'Dorfstraße 1', postalCode: '19999', locality: 'Südfeld' });
  assert.equal(res.statusCode, 303);
  assert.match((await c.get(`${S()}/sitzungsorte`)).body, /Gemeindehaus Südfeld/);

  const page = await c.get(`${S()}/einstellungen`);
  assert.match(page.body, /<option value="MV" selected>/, 'the Land of the tenant is preselected');
  assert.match((await c.get(`${S()}/einstellungen?vorlage=NRW_ERFTSTADT`)).body, /name="days" type="number" value="12"/);
  res = await c.post(`${S()}/einstellungen`, { quorumRule: 'MV', days: '5', counting: 'calendar', urgentDays: '7' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /nicht länger sein als die reguläre Ladungsfrist/);
  res = await c.post(`${S()}/einstellungen`, { quorumRule: 'XX', days: '10', counting: 'full', countDispatchDay: 'ja', urgentDays: '3' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Bei vollen Tagen zählt der Versandtag nie mit/);
  assert.equal((await councilSettings(t.db, a.id)).noticeRule.days, 10, 'still the default');
  res = await c.post(`${S()}/einstellungen`, { quorumRule: 'NW', days: '12', counting: 'calendar', countDispatchDay: 'ja', countMeetingDay: 'ja', urgentDays: '5' });
  assert.equal(res.statusCode, 303);
  assert.deepEqual(await councilSettings(t.db, a.id), { quorumRule: 'NW', noticeRule: { days: 12, counting: 'calendar', countDispatchDay: true, countMeetingDay: true, urgentDays: 5 } });
  assert.equal(await audits('council.settings_saved'), 1);
});

test("tenant isolation: another tenant's bodies, persons, memberships, terms and locations answer 404 and stay unchanged", async () => {
  const c = await login(office);
  await c.get(S());
  const snapshot = async () =>
    JSON.stringify(await Promise.all([
      t.db.rows(sql`select * from council_bodies where tenant_id = ${b.id} order by id`),
      t.db.rows(sql`select * from council_memberships where tenant_id = ${b.id} order by id`),
      t.db.rows(sql`select * from council_persons where tenant_id = ${b.id} order by id`),
      t.db.rows(sql`select * from council_terms where tenant_id = ${b.id} order by id`),
      t.db.rows(sql`select * from council_locations where tenant_id = ${b.id} order by id`),
    ]));
  const before = await snapshot();
  for (const url of [`/gremien/${fb.councilId}`, `/gremien/${fb.councilId}/bearbeiten`, `/personen/${fb.personIds[0]}`, `/personen/${fb.personIds[0]}/bearbeiten`, `/wahlperioden/${fb.termId}`, `/sitzungsorte/${fb.locationId}`]) {
    assert.equal((await c.get(`${S()}${url}`)).statusCode, 404, url);
  }
  const posts: [string, Record<string, string>][] = [
    [`/gremien/${fb.councilId}/bearbeiten`, { name: 'Übernommen', kind: 'council', legalMembers: '7' }],
    [`/gremien/${fb.committeeId}/loeschen`, {}],
    [`/gremien/${fb.councilId}/mitglieder`, { personId: fa.personIds[0]!, role: 'member', startDate: '2026-01-01' }],
    [`/mitgliedschaften/${fb.membershipIds[0]}/beenden`, { endDate: '2026-12-31' }],
    [`/personen/${fb.personIds[0]}/bearbeiten`, { givenName: 'X', familyName: 'Y', delivery: 'paper' }],
    [`/wahlperioden/${fb.termId}`, { name: 'Übernommen', startDate: '2024-01-01' }],
    [`/sitzungsorte/${fb.locationId}`, { description: 'Übernommen' }],
  ];
  for (const [url, form] of posts) assert.equal((await c.post(`${S()}${url}`, form)).statusCode, 404, url);
  assert.equal(await snapshot(), before);
  assert.equal(await count('council_bodies', b.id), 3);
});
