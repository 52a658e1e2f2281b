// The treasury's pages: creating claims with German validation (nothing saved on errors), search by Kassenzeichen in any
// spelling, manual booking (double submit → 409, one booking), reversal, notices, mandates, settings, roles and
// tenant isolation (another tenant's ids → 404, nothing changed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { createClaim } from './index.ts';

type U = { id: string; email: string; password: string };
let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let kasse: U, clerk: U, citizen: U;
let kasseClient: Client;
let foreignClaim: string;
let foreignDebtor: string;
const F = () => `/${a.slug}/verwaltung/finanzen`;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Havelwerder' });
  b = await createTenant(t.db, { name: 'Betadorf' });
  kasse = await createUser(t.db, a, { kind: 'staff', roles: ['treasury'], name: 'Karl Kasse' });
  clerk = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Clara Clerk' });
  citizen = await createUser(t.db, a, { kind: 'citizen', name: 'Petra Parker', email: 'petra@example.org' });
  const other = await t.db.transaction((tx) =>
    createClaim(tx, { tenantId: b.id, actorId: null, actorKind: 'system', now: t.clock.now(), debtor: { kind: 'person', name: 'Bernd Beta', street: '', postalCode: '', city: '', userId: null }, type: 'fee', title: 'Gebühr Beta', year: 2026, instalments: [{ dueDate: '2026-12-01', amountCents: 5000 }], source: 'staff' }),
  );
  assert.ok(other.ok);
  foreignClaim = other.claimId;
  foreignDebtor = other.debtorId;
  kasseClient = await login(kasse);
});
after(() => t.close());

async function login(u: U): Promise<Client> {
  const c = new Client(t);
  const res = await c.login(`/${a.slug}`, u.email, u.password);
  assert.equal(res.statusCode, 303);
  return c;
}

const count = async (table: string, tenantId = a.id) => (await t.db.one<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)} where tenant_id = ${tenantId}`))!.n;

async function newForm(c: Client): Promise<string> {
  const page = await c.get(`${F()}/forderungen/neu`);
  assert.equal(page.statusCode, 200);
  return page.body.match(/name="schluessel" value="([^"]+)"/)![1]!;
}

const claimForm = (key: string, o: Record<string, string> = {}) => ({
  schluessel: key,
  schuldner: 'neu',
  schuldnerart: 'person',
  name: 'Petra Parker',
  strasse: 'Lindenweg 4',
  plz: '14712',
  ort: 'Havelwerder',
  konto: 'petra@example.org',
  typ: 'grundsteuer',
  titel: 'Grundsteuer B 2027, Lindenweg 4',
  jahr: '2027',
  plan: 'vierteljaehrlich',
  betrag: '1.234,57',
  faellig: '',
  raten: '',
  ...o,
});

test('a claim is created from the form: amount parsed exactly and split quarterly, debtor linked to the Bürgerkonto, notice into the postbox', async () => {
  const c = kasseClient;
  const key = await newForm(c);
  const res = await c.post(`${F()}/forderungen/neu`, { ...claimForm(key), bescheid: 'ja' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  const claimId = String(res.headers.location).split('/').pop()!;
  const inst = await t.db.rows<{ due_date: string; amount_cents: number }>(sql`select due_date, amount_cents from finance_instalments where claim_id = ${claimId} order by seq`);
  assert.deepEqual(inst.map((i) => [i.due_date, i.amount_cents]), [['2027-02-15', 30_865], ['2027-05-15', 30_864], ['2027-08-15', 30_864], ['2027-11-15', 30_864]]);
  const debtor = await t.db.one<{ user_id: string; name: string }>(sql`select d.user_id, d.name from finance_debtors d join finance_claims c on c.debtor_id = d.id where c.id = ${claimId}`);
  assert.deepEqual(debtor, { user_id: citizen.id, name: 'Petra Parker' });
  const page = await c.get(String(res.headers.location));
  assert.match(page.body, /Die Forderung ist angelegt\./);
  assert.match(page.body, /herunterladen<\/a>/);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from postbox_documents where user_id = ${citizen.id} and kind = 'notice'`))!.n, 1);
  const pdf = await c.get(`${F()}/forderungen/${claimId}/bescheid`);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  // The same form sent again (double click): 409, still one claim.
  const before = await count('finance_claims');
  const again = await c.post(`${F()}/forderungen/neu`, { ...claimForm(key), bescheid: 'ja' });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /doppelt abgeschickt/);
  assert.equal(await count('finance_claims'), before);
  // A second notice for the same claim is refused.
  const second = await c.post(`${F()}/forderungen/${claimId}/bescheid`, {});
  assert.equal(second.statusCode, 409);
});

test('bad input gets German errors next to the fields, keeps the input and saves nothing', async () => {
  const c = kasseClient;
  const before = [await count('finance_claims'), await count('finance_debtors'), await count('finance_instalments')];
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ betrag: '12,345' }, 'betrag', /höchstens zwei Nachkommastellen/],
    [{ betrag: '12.50' }, 'betrag', /Cent mit Komma/],
    [{ betrag: '0,00' }, 'betrag', /größer als 0,00/],
    [{ plan: 'einmalig', betrag: '85,00', faellig: '31.02.2027' }, 'faellig', /gültiges Fälligkeitsdatum/],
    [{ plan: 'raten', raten: '15.02.2027 10,00\n15.13.2027 5,00' }, 'raten', /Zeile 2/],
    [{ jahr: '27' }, 'jahr', /vierstellig/],
    [{ typ: 'kirchensteuer' }, 'typ', /Art der Forderung/],
    [{ konto: 'niemand@example.org' }, 'konto', /kein Bürgerkonto/],
    [{ schuldner: '00000000-0000-0000-0000-000000000001' }, 'schuldner', /gibt es nicht/],
    [{ schuldner: foreignDebtor }, 'schuldner', /gibt es nicht/],
    [{ name: 'X' }, 'name', /Namen an/],
  ];
  for (const [override, fieldName, message] of cases) {
    const key = await newForm(c);
    const res = await c.post(`${F()}/forderungen/neu`, claimForm(key, override));
    assert.equal(res.statusCode, 422, JSON.stringify(override));
    assert.match(res.body, /error-summary/);
    assert.match(res.body, new RegExp(`<a class="kern-link" href="#f-${fieldName}">`), `summary links to ${fieldName}`);
    assert.match(res.body, message);
    const v = Object.values(override)[0]!.split('\n')[0]!;
    if (fieldName !== 'schuldner' && fieldName !== 'typ') assert.ok(res.body.includes(v), `keeps input ${v}`);
  }
  assert.deepEqual([await count('finance_claims'), await count('finance_debtors'), await count('finance_instalments')], before);
});

test('search finds a claim by its Kassenzeichen typed with spaces or hyphens, and by name; a typo is reported', async () => {
  const c = kasseClient;
  const kz = (await t.db.one<{ kassenzeichen: string }>(sql`select kassenzeichen from finance_claims where tenant_id = ${a.id} order by created_at limit 1`))!.kassenzeichen;
  const d = kz.replace(/-/g, '');
  for (const q of [kz, d, `${d.slice(0, 2)} ${d.slice(2, 5)} ${d.slice(5, 9)} ${d.slice(9)}`]) {
    const res = await c.get(`${F()}/forderungen?suche=${encodeURIComponent(q)}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, new RegExp(`>${kz}</a>`), q);
  }
  const typo = `${d.slice(0, 4)}${(Number(d[4]) + 1) % 10}${d.slice(5)}`;
  const bad = await c.get(`${F()}/forderungen?suche=${typo}`);
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Prüfziffer/);
  const byName = await c.get(`${F()}/forderungen?suche=parker`);
  assert.match(byName.body, new RegExp(`>${kz}</a>`));
  const none = await c.get(`${F()}/forderungen?suche=${encodeURIComponent('Bernd Beta')}`);
  assert.match(none.body, /keine Forderung/, "another tenant's debtor is not found");
});

test('manual booking, double submit, reversal; German validation of the booking form', async () => {
  const c = kasseClient;
  const claimId = (await t.db.one<{ id: string }>(sql`select id from finance_claims where tenant_id = ${a.id} order by created_at limit 1`))!.id;
  const url = `${F()}/forderungen/${claimId}`;
  let page = await c.get(url);
  const key = page.body.match(/name="schluessel" value="([^"]+)"/)![1]!;
  const bad = await c.post(`${url}/zahlung`, { schluessel: key, betrag: '100,001', datum: '20.02.2027', hinweis: '' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /höchstens zwei Nachkommastellen/);
  assert.equal(await count('finance_bookings'), 0);
  const ok = await c.post(`${url}/zahlung`, { schluessel: key, betrag: '400,00', datum: '20.02.2027', hinweis: 'Barzahlung' });
  assert.equal(ok.statusCode, 303);
  page = await c.get(String(ok.headers.location));
  assert.match(page.body, /Die Zahlung ist gebucht\./);
  const dup = await c.post(`${url}/zahlung`, { schluessel: key, betrag: '400,00', datum: '20.02.2027', hinweis: 'Barzahlung' });
  assert.equal(dup.statusCode, 409);
  assert.match(dup.body, /nichts doppelt gebucht/);
  assert.equal(await count('finance_bookings'), 1);
  const inst = await t.db.rows<{ open_cents: number }>(sql`select open_cents from finance_instalments where claim_id = ${claimId} order by seq`);
  assert.deepEqual(inst.map((i) => i.open_cents), [0, 21_729, 30_864, 30_864], '400,00 on 308,65 + 308,64 …');
  page = await c.get(url);
  const bookingId = page.body.match(/name="buchung" value="([^"]+)"/)![1]!;
  const rev = await c.post(`${url}/storno`, { buchung: bookingId, art: 'return' });
  assert.equal(rev.statusCode, 303);
  assert.deepEqual((await t.db.rows<{ open_cents: number }>(sql`select open_cents from finance_instalments where claim_id = ${claimId} order by seq`)).map((i) => i.open_cents), [30_865, 30_864, 30_864, 30_864]);
  assert.equal((await c.post(`${url}/storno`, { buchung: bookingId, art: 'return' })).statusCode, 409);
  assert.equal(await count('finance_bookings'), 2);
});

test('mandates and settings are validated (IBAN and creditor id check digits)', async () => {
  const c = kasseClient;
  const debtorId = (await t.db.one<{ id: string }>(sql`select id from finance_debtors where tenant_id = ${a.id} and name = 'Petra Parker'`))!.id;
  let res = await c.post(`${F()}/einstellungen`, { accountHolder: 'Stadtkasse', bankName: 'Sparkasse', iban: 'DE89 3704 0044 0532 0130 01', bic: 'COBADEFFXXX', creditorId: 'DE98ZZZ09999999999' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /IBAN ist nicht gültig/);
  res = await c.post(`${F()}/einstellungen`, { accountHolder: 'Stadtkasse', bankName: 'Sparkasse', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', creditorId: 'DE98ZZZ09999999999' });
  assert.equal(res.statusCode, 303);
  assert.deepEqual(await t.db.one(sql`select iban, creditor_id from finance_settings where tenant_id = ${a.id}`), { iban: 'DE89370400440532013000', creditor_id: 'DE98ZZZ09999999999' });
  res = await c.post(`${F()}/schuldner/${debtorId}/mandate`, { referenz: 'GRST-1', iban: 'DE02120300000000202051', bic: '', inhaber: 'Petra Parker', unterschrieben: '01.11.2026' });
  assert.equal(res.statusCode, 303);
  res = await c.post(`${F()}/schuldner/${debtorId}/mandate`, { referenz: 'GRST-1', iban: 'DE02120300000000202051', bic: '', inhaber: 'Petra Parker', unterschrieben: '01.11.2026' });
  assert.equal(res.statusCode, 409, 'the reference is taken');
  res = await c.post(`${F()}/schuldner/${debtorId}/mandate`, { referenz: 'GRST-2', iban: 'DE02120300000000202052', bic: '', inhaber: 'Petra Parker', unterschrieben: '01.12.2027' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /IBAN ist nicht gültig/);
  assert.match(res.body, /in der Zukunft/);
  const debtor = await t.db.one<{ ibans: string[] }>(sql`select ibans from finance_debtors where id = ${debtorId}`);
  assert.deepEqual(debtor!.ibans, ['DE02120300000000202051'], 'the mandate account is remembered for matching');
  const mandateId = (await t.db.one<{ id: string }>(sql`select id from finance_mandates where debtor_id = ${debtorId}`))!.id;
  assert.equal((await c.post(`${F()}/schuldner/${debtorId}/mandate/${mandateId}/widerruf`, {})).statusCode, 303);
  assert.equal((await c.post(`${F()}/schuldner/${debtorId}/mandate/${mandateId}/widerruf`, {})).statusCode, 409);
});

test('only the treasury and administrators; ids of another municipality answer 404 and change nothing', async () => {
  const cl = await login(clerk);
  assert.equal((await cl.get(`${F()}/forderungen`)).statusCode, 403);
  const cit = await login(citizen);
  assert.equal((await cit.get(`${F()}/forderungen`)).statusCode, 403);
  const c = kasseClient;
  const page = await c.get(`${F()}/forderungen`);
  const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
  assert.ok(csrf);
  for (const url of [`${F()}/forderungen/${foreignClaim}`, `${F()}/forderungen/${foreignClaim}/bescheid`, `${F()}/schuldner/${foreignDebtor}`]) assert.equal((await c.get(url)).statusCode, 404, url);
  const before = [await count('finance_bookings', b.id), await count('finance_claims', b.id), await count('finance_mandates', b.id)];
  const posts: [string, Record<string, string>][] = [
    [`${F()}/forderungen/${foreignClaim}/zahlung`, { schluessel: 'k'.repeat(20), betrag: '10,00', datum: '01.12.2026', hinweis: '' }],
    [`${F()}/forderungen/${foreignClaim}/bescheid`, {}],
    [`${F()}/forderungen/${foreignClaim}/storno`, { buchung: foreignClaim, art: 'return' }],
    [`${F()}/schuldner/${foreignDebtor}/mandate`, { referenz: 'X-1', iban: 'DE02120300000000202051', inhaber: 'Bernd Beta', unterschrieben: '01.11.2026' }],
  ];
  for (const [url, form] of posts) assert.equal((await c.post(url, form)).statusCode, 404, url);
  assert.deepEqual([await count('finance_bookings', b.id), await count('finance_claims', b.id), await count('finance_mandates', b.id)], before);
  assert.equal((await t.db.one<{ notice_file_id: string | null }>(sql`select notice_file_id from finance_claims where id = ${foreignClaim}`))!.notice_file_id, null);
});
