import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { seedForms, PARKING_FORM } from '../../demo/forms.ts';
import { seedCatalog } from '../../demo/catalog.ts';
import { compileForm, FormDefinitionError, validIban } from './definition.ts';
import { readStep, validateAnswers } from './engine.ts';
import { messages } from './messages.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let citizen: { id: string; email: string; password: string };
const URL_ = () => `/${a.slug}/formulare/bewohnerparkausweis`;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db);
  await t.db.transaction(async (tx) => {
    await seedCatalog(tx, a.id, 'havelwerder');
    await seedForms(tx, a.id, t.clock.now());
  });
  citizen = await createUser(t.db, a, { kind: 'citizen', name: 'Petra Parker' });
});
after(() => t.close());

const step0 = { name: 'Petra Parker', email: 'petra@example.org', 'anschrift.street': 'Lindenweg 4', 'anschrift.postalCode': '14712', 'anschrift.city': 'Havelwerder', hauptwohnsitz: 'ja' };

test('a citizen fills the form step by step, fixes an error, reviews and submits exactly once', async () => {
  const c = new Client(t);
  await c.login(`/${a.slug}`, citizen.email, citizen.password);
  let res = await c.get(URL_());
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Schritt 1 von 3/);
  assert.match(res.body, /value="Petra Parker"/, 'name prefilled from the account');
  assert.match(res.body, new RegExp(`value="${citizen.email}"`), 'e-mail prefilled because the form asks for it');

  res = await c.post(URL_(), { schritt: '0', revision: '1', aktion: 'weiter', ...step0, 'anschrift.postalCode': '1471', hauptwohnsitz: [] as unknown as string });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Bitte korrigieren Sie die folgenden Angaben/);
  assert.match(res.body, /href="#f-anschrift.postalCode"/);
  assert.match(res.body, /Bitte bestätigen Sie diese Angabe/);
  assert.match(res.body, /value="Lindenweg 4"/, 'input kept');

  res = await c.post(URL_(), { schritt: '0', revision: '2', aktion: 'weiter', ...step0 });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `${URL_()}?schritt=1`);
  res = await c.get(String(res.headers.location));
  assert.match(res.body, /Schritt 2 von 3/);
  assert.doesNotMatch(res.body, /Name der Halterin/, 'conditional field hidden until asked for');

  res = await c.post(URL_(), { schritt: '1', revision: '3', aktion: 'weiter', kennzeichen: 'HVL-AB 123', halter: 'nein' });
  assert.equal(res.statusCode, 422, 'holder name and usage become required when the car is not the citizen’s');
  assert.match(res.body, /Name der Halterin/);
  res = await c.post(URL_(), { schritt: '1', revision: '4', aktion: 'weiter', kennzeichen: 'hvl ab 123', halter: 'ja' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /zum Beispiel HVL-AB 123/);
  res = await c.post(URL_(), { schritt: '1', revision: '5', aktion: 'weiter', kennzeichen: 'HVL-AB 123', halter: 'ja' });
  assert.equal(res.statusCode, 303);
  res = await c.post(URL_(), { schritt: '2', revision: '6', aktion: 'weiter', beginn: '31.12.2026' });
  assert.equal(res.statusCode, 303);
  res = await c.get(String(res.headers.location));
  assert.match(res.body, /Angaben prüfen/);
  assert.match(res.body, /31\.12\.2026/);
  assert.match(res.body, /Lindenweg 4, 14712 Havelwerder/);
  const key = res.body.match(/name="schluessel" value="([^"]+)"/)![1]!;

  const first = await c.post(`${URL_()}/absenden`, { schluessel: key });
  assert.equal(first.statusCode, 303);
  const again = await c.post(`${URL_()}/absenden`, { schluessel: key });
  assert.equal(again.headers.location, first.headers.location, 'a double click finds the same submission');
  const n = await t.db.one<{ n: number }>(sql`select count(*)::int as n from form_submissions where user_id = ${citizen.id}`);
  assert.equal(n!.n, 1);
  const sub = await t.db.one<{ data: Record<string, unknown> }>(sql`select data from form_submissions where user_id = ${citizen.id}`);
  assert.equal(sub!.data.beginn, '2026-12-31');
  assert.equal(sub!.data.halterName, undefined);
  res = await c.get(String(first.headers.location));
  assert.equal(res.statusCode, 200, 'lands on the application page');
  assert.match(res.body, /wartet auf Zahlung/);
  const own = await t.db.one<{ id: string }>(sql`select id from form_submissions where user_id = ${citizen.id}`);
  const copy = await c.get(`${URL_()}/eingereicht/${own!.id}`);
  assert.equal(copy.statusCode, 200);
  assert.match(copy.body, /Eingereicht/);
  assert.match(copy.body, /HVL-AB 123/);
  const konto = await c.get(`/${a.slug}/konto`);
  assert.match(konto.body, /Meine eingereichten Formulare/);
  assert.match(konto.body, /Bewohnerparkausweis beantragen/);
});

test('manipulated requests: unknown fields, skipped steps and stale tabs change nothing', async () => {
  const u = await createUser(t.db, a);
  const c = new Client(t);
  await c.login(`/${a.slug}`, u.email, u.password);
  await c.get(URL_());
  let res = await c.post(URL_(), { schritt: '0', revision: '1', aktion: 'weiter', ...step0, isAdmin: 'true' });
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /Felder, die es in diesem Formular nicht gibt/);
  res = await c.post(URL_(), { schritt: '2', revision: '1', aktion: 'weiter', beginn: '2026-12-01' });
  assert.equal(res.statusCode, 409);
  res = await c.post(URL_(), { schritt: '0', revision: '1', aktion: 'hack', ...step0 });
  assert.equal(res.statusCode, 400);
  const d = await t.db.one<{ data: Record<string, unknown>; revision: number }>(sql`select data, revision from form_drafts where user_id = ${u.id}`);
  assert.equal(d!.revision, 1);
  assert.equal(d!.data.anschrift, undefined);
  // a second tab saved meanwhile: the first tab's stale post is refused
  res = await c.post(URL_(), { schritt: '0', revision: '1', aktion: 'speichern', ...step0 });
  assert.equal(res.statusCode, 303);
  res = await c.post(URL_(), { schritt: '0', revision: '1', aktion: 'speichern', ...step0, name: 'Alt' });
  assert.equal(res.statusCode, 409);
  const d2 = await t.db.one<{ data: Record<string, unknown> }>(sql`select data from form_drafts where user_id = ${u.id}`);
  assert.equal(d2!.data.name, 'Petra Parker');
  // submitting an incomplete draft is refused
  res = await c.post(`${URL_()}/absenden`, { schluessel: 'draft:x:1' });
  assert.equal(res.statusCode, 409);
});

test('a draft resumes on another device after logging in again', async () => {
  const u = await createUser(t.db, a, { name: 'Mobil Nutzer' });
  const phone = new Client(t);
  await phone.login(`/${a.slug}`, u.email, u.password);
  await phone.get(URL_());
  await phone.post(URL_(), { schritt: '0', revision: '1', aktion: 'weiter', ...step0, name: 'Mobil Nutzer' });
  const laptop = new Client(t);
  await laptop.login(`/${a.slug}`, u.email, u.password);
  const konto = await laptop.get(`/${a.slug}/konto`);
  assert.match(konto.body, /Meine Entwürfe/);
  const res = await laptop.get(URL_());
  assert.match(res.body, /Schritt 2 von 3/);
  assert.match(res.body, /gespeicherten Entwurf/);
});

test('staff publish a new version; running drafts keep theirs, submissions record the version they used', async () => {
  const admin = await createUser(t.db, a, { kind: 'staff', roles: ['admin'] });
  const u = await createUser(t.db, a);
  const c = new Client(t);
  await c.login(`/${a.slug}`, u.email, u.password);
  await c.get(URL_());
  const formId = (await t.db.one<{ id: string }>(sql`select id from form_definitions where tenant_id = ${a.id} and key = 'bewohnerparkausweis'`))!.id;

  const s = new Client(t);
  await s.login(`/${a.slug}`, admin.email, admin.password);
  let res = await s.get(`/${a.slug}/verwaltung/formulare/${formId}`);
  assert.equal(res.statusCode, 200);
  res = await s.post(`/${a.slug}/verwaltung/formulare/${formId}`, { basedOn: '1', definition: '{ kaputt', aktion: 'pruefen' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /kein gültiges JSON/);
  const broken = { ...PARKING_FORM, steps: [{ title: 'x', fields: [{ name: 'gibtsnicht', widget: 'text', label: 'X' }] }] };
  res = await s.post(`/${a.slug}/verwaltung/formulare/${formId}`, { basedOn: '1', definition: JSON.stringify(broken) });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Feld gibtsnicht fehlt im Schema/);
  const v2 = { ...PARKING_FORM, title: 'Bewohnerparkausweis (neu)' };
  res = await s.post(`/${a.slug}/verwaltung/formulare/${formId}`, { basedOn: '1', definition: JSON.stringify(v2), aktion: 'pruefen' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Vorschau/);
  res = await s.post(`/${a.slug}/verwaltung/formulare/${formId}`, { basedOn: '1', definition: JSON.stringify(v2) });
  assert.match(res.body, /Version 2 ist veröffentlicht/);
  res = await s.post(`/${a.slug}/verwaltung/formulare/${formId}`, { basedOn: '1', definition: JSON.stringify(v2) });
  assert.equal(res.statusCode, 409, 'an editor working on version 1 cannot overwrite version 2');

  res = await c.get(URL_());
  assert.match(res.body, /<h1 class="kern-heading-large">Bewohnerparkausweis beantragen<\/h1>/, 'the running draft stays on version 1');
  const fresh = new Client(t);
  const u2 = await createUser(t.db, a);
  await fresh.login(`/${a.slug}`, u2.email, u2.password);
  assert.match((await fresh.get(URL_())).body, /Bewohnerparkausweis \(neu\)/);
  const exp = await s.get(`/${a.slug}/verwaltung/formulare/${formId}/export.json`);
  assert.equal(exp.json().version, 2);
  assert.equal(exp.json().definition.title, 'Bewohnerparkausweis (neu)');
});

test('the service page offers the online form; forms are tenant-scoped and switched with their module', async () => {
  const res = await t.app.inject({ url: `/${a.slug}/leistungen/bewohnerparkausweis` });
  assert.match(res.body, new RegExp(`href="/${a.slug}/formulare/bewohnerparkausweis"`));
  const b = await createTenant(t.db);
  const ub = await createUser(t.db, b);
  const c = new Client(t);
  await c.login(`/${b.slug}`, ub.email, ub.password);
  assert.equal((await c.get(`/${b.slug}/formulare/bewohnerparkausweis`)).statusCode, 404);
  const sub = await t.db.one<{ id: string }>(sql`select id from form_submissions limit 1`);
  assert.equal((await c.get(`/${b.slug}/formulare/bewohnerparkausweis/eingereicht/${sub!.id}`)).statusCode, 404);
  const other = new Client(t);
  const u3 = await createUser(t.db, a);
  await other.login(`/${a.slug}`, u3.email, u3.password);
  assert.equal((await other.get(`${URL_()}/eingereicht/${sub!.id}`)).statusCode, 404, 'another citizen cannot read the submission');
});

test('definitions are checked as a whole', () => {
  assert.throws(() => compileForm({ title: 'X' }), FormDefinitionError);
  assert.throws(
    () => compileForm({ ...PARKING_FORM, schema: { ...PARKING_FORM.schema, additionalProperties: true } }),
    /additionalProperties muss false sein/,
  );
  assert.throws(
    () => compileForm({ ...PARKING_FORM, steps: [PARKING_FORM.steps[1], PARKING_FORM.steps[0], PARKING_FORM.steps[2]].map((s, i) => (i === 0 ? { ...s!, fields: [s!.fields[2]!, ...s!.fields.filter((_, j) => j !== 2)] } : s)) }),
    /verweist auf halter, das nicht vorher kommt/,
  );
  assert.ok(validIban('DE89 3704 0044 0532 0130 00'));
  assert.ok(!validIban('DE89 3704 0044 0532 0130 01'));
  assert.ok(!validIban('DE89'));
});

test('property: any posted body gives field errors or values, never an exception', () => {
  const cf = compileForm(PARKING_FORM);
  const m = messages('de');
  const value = fc.oneof(fc.string({ maxLength: 300 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }), fc.constant('ja'), fc.constant(''));
  const names = fc.constantFrom('name', 'email', 'anschrift.street', 'anschrift.postalCode', 'anschrift.city', 'hauptwohnsitz', 'kennzeichen', 'halter', 'halterName', 'nutzung', 'beginn', '__proto__', 'constructor', 'x');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 }), fc.dictionary(names, value), (step, body) => {
      const { values, typeErrors } = readStep(cf, step, body);
      const errors = validateAnswers(cf, values, [step], m, typeErrors);
      for (const msg of Object.values(errors)) assert.equal(typeof msg, 'string');
    }),
    { numRuns: 500 },
  );
});

test('property: random form posts over HTTP never cause a server error', async () => {
  const u = await createUser(t.db, a);
  const c = new Client(t);
  await c.login(`/${a.slug}`, u.email, u.password);
  await c.get(URL_());
  const field = fc.constantFrom('schritt', 'revision', 'aktion', 'name', 'kennzeichen', 'beginn', 'halter', 'anschrift.postalCode', 'hauptwohnsitz', 'zzz');
  await fc.assert(
    fc.asyncProperty(fc.dictionary(field, fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('0', '1', '2', '3', '-1', 'weiter', 'zurueck', 'speichern', '99999999999'))), async (body) => {
      const res = await c.post(URL_(), body as Record<string, string>);
      assert.ok(res.statusCode < 500, `status ${res.statusCode} for ${JSON.stringify(body)}`);
    }),
    { numRuns: 60 },
  );
});
