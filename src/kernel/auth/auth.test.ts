import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../db/sql.ts';

let t: TestPlatform;
let slug: string;
let tenantId: string;
before(async () => {
  t = await testPlatform();
  ({ slug, id: tenantId } = await createTenant(t.db));
});
after(() => t.close());

const count = async (q: ReturnType<typeof sql>) => (await t.db.one<{ n: number }>(q))!.n;

test('register → confirmation mail → confirm by POST (not by GET) → login → logout', async () => {
  const c = new Client(t);
  await c.get(`/${slug}/registrieren`);
  let res = await c.post(`/${slug}/registrieren`, { name: 'Erika Muster', email: 'Erika@Example.org', password: 'ein langer Satz als Passwort', password2: 'ein langer Satz als Passwort', consent: 'ja' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Wir haben Ihnen eine E-Mail geschickt/);
  assert.equal(await t.platform.runJobs(), 1);
  const mail = t.mail.sent.at(-1)!;
  assert.equal(mail.to, 'erika@example.org');
  assert.doesNotMatch(mail.text, /Erika Muster/, 'no personal data in the mail');

  // Not confirmed yet: login refused with a hint
  res = await c.login(`/${slug}`, 'erika@example.org', 'ein langer Satz als Passwort');
  assert.equal(res.statusCode, 401);
  assert.match(res.body, /bestätigen Sie zuerst/);
  assert.equal(await t.platform.runJobs(), 1, 'a fresh link is sent');

  const link = new URL(t.mail.linkTo('erika@example.org'));
  res = await c.get(link.pathname + link.search);
  assert.equal(res.statusCode, 200);
  assert.equal(await count(sql`select count(*)::int as n from users where email = 'erika@example.org' and email_verified_at is not null`), 0, 'GET confirms nothing');
  res = await c.post(`/${slug}/registrieren/bestaetigen`, { token: link.searchParams.get('token')! });
  assert.equal(res.statusCode, 303);
  // a second click on the same link changes nothing and says so
  await c.get(link.pathname + link.search);
  res = await c.post(`/${slug}/registrieren/bestaetigen`, { token: link.searchParams.get('token')! });
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /bereits verwendet/);

  const anonSid = c.cookies.get('amt_sid');
  res = await c.login(`/${slug}`, 'ERIKA@example.org ', 'ein langer Satz als Passwort');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/${slug}/konto`);
  const sid = c.cookies.get('amt_sid')!;
  assert.ok(sid && sid !== anonSid);
  const setCookie = String(res.headers['set-cookie']);
  assert.match(setCookie, /amt_sid=[^;]+; Path=\/; SameSite=Lax; HttpOnly/);
  res = await c.get(`/${slug}/konto`);
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Erika Muster/);

  res = await c.post(`/${slug}/abmelden`, {});
  assert.equal(res.statusCode, 303);
  assert.equal(await count(sql`select count(*)::int as n from sessions where user_id = (select id from users where email = 'erika@example.org')`), 0);
  // replaying the old cookie does not work
  const replay = await t.app.inject({ method: 'GET', url: `/${slug}/konto`, headers: { cookie: `amt_sid=${sid}` } });
  assert.equal(replay.statusCode, 303);
  assert.match(String(replay.headers.location), new RegExp(`^/${slug}/anmelden\\?zurueck=`));
});

test('registering an existing address changes nothing and tells the owner, not the visitor', async () => {
  const u = await createUser(t.db, { id: tenantId }, { email: 'taken@example.org' });
  const c = new Client(t);
  await c.get(`/${slug}/registrieren`);
  const before = t.mail.sent.length;
  const res = await c.post(`/${slug}/registrieren`, { name: 'Mallory', email: u.email, password: 'noch ein langer Satz', password2: 'noch ein langer Satz', consent: 'ja' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Wir haben Ihnen eine E-Mail geschickt/);
  await t.platform.runJobs();
  assert.equal(t.mail.sent.length, before + 1);
  assert.match(t.mail.sent.at(-1)!.subject, /Registrierungsversuch/);
  assert.equal(await count(sql`select count(*)::int as n from users where email = 'taken@example.org'`), 1);
});

test('invalid registration input: 422, German messages per field and in a summary, input kept, nothing stored', async () => {
  const c = new Client(t);
  await c.get(`/${slug}/registrieren`);
  const res = await c.post(`/${slug}/registrieren`, { name: '<script>alert(1)</script>', email: 'kein-at', password: 'kurz', password2: 'kurz' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Bitte korrigieren Sie die folgenden Angaben/);
  assert.match(res.body, /href="#f-email">Bitte geben Sie eine gültige E-Mail-Adresse ein/);
  assert.match(res.body, /mindestens 12 Zeichen/);
  assert.match(res.body, /Datenschutzerklärung gelesen haben/);
  assert.match(res.body, /value="kein-at"/);
  assert.doesNotMatch(res.body, /<script>alert/);
  assert.equal(await count(sql`select count(*)::int as n from users where email = 'kein-at'`), 0);
});

test('five wrong passwords lock the account for 15 minutes, even for the right password', async () => {
  const u = await createUser(t.db, { id: tenantId }, { kind: 'citizen' });
  const c = new Client(t);
  for (let i = 0; i < 5; i++) {
    const res = await c.login(`/${slug}`, u.email, 'falsches Passwort!!');
    assert.ok([401, 429].includes(res.statusCode));
  }
  let res = await c.login(`/${slug}`, u.email, u.password);
  assert.equal(res.statusCode, 429);
  assert.match(res.body, /Zu viele Fehlversuche/);
  assert.equal(c.cookies.has('amt_sid'), false);
  t.clock.advance(16 * 60_000);
  res = await c.login(`/${slug}`, u.email, u.password);
  assert.equal(res.statusCode, 303);
});

test('a wrong or missing CSRF token is refused with a German page and nothing changes', async () => {
  const c = new Client(t);
  await c.get(`/${slug}/registrieren`);
  const form = { name: 'Csrf Test', email: 'csrf@example.org', password: 'ein langer Satz als Passwort', password2: 'ein langer Satz als Passwort', consent: 'ja' };
  let res = await c.post(`/${slug}/registrieren`, form, { csrf: 'falsch' });
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /Formular ungültig/);
  assert.match(res.body, /Referenznummer: [A-Z0-9]{4}-[A-Z0-9]{4}/);
  res = await c.post(`/${slug}/registrieren`, form, { csrf: null });
  assert.equal(res.statusCode, 403);
  // a token from another visitor's cookie does not fit this visitor
  const other = new Client(t);
  await other.get(`/${slug}/registrieren`);
  res = await c.post(`/${slug}/registrieren`, form, { csrf: other.csrf });
  assert.equal(res.statusCode, 403);
  // a cross-site Origin is refused even with a valid token
  const params = new URLSearchParams({ ...form, _csrf: c.csrf });
  res = await t.app.inject({ method: 'POST', url: `/${slug}/registrieren`, payload: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  assert.equal(res.statusCode, 403);
  assert.equal(await count(sql`select count(*)::int as n from users where email = 'csrf@example.org'`), 0);
});

test('sessions end after 30 idle minutes and after 8 hours at most', async () => {
  const u = await createUser(t.db, { id: tenantId });
  const c = new Client(t);
  await c.login(`/${slug}`, u.email, u.password);
  t.clock.advance(29 * 60_000);
  assert.equal((await c.get(`/${slug}/konto`)).statusCode, 200);
  t.clock.advance(29 * 60_000);
  assert.equal((await c.get(`/${slug}/konto`)).statusCode, 200, 'activity keeps it alive');
  t.clock.advance(31 * 60_000);
  const expired = await c.get(`/${slug}/konto`);
  assert.equal(expired.statusCode, 303, 'idle timeout');
  assert.match(String(expired.headers.location), /abgelaufen=1/);
  assert.match((await c.get(String(expired.headers.location))).body, /Ihre Sitzung ist abgelaufen/);

  await c.login(`/${slug}`, u.email, u.password);
  for (let i = 0; i < 17; i++) {
    t.clock.advance(29 * 60_000);
    await c.get(`/${slug}/konto`);
  }
  assert.equal((await c.get(`/${slug}/konto`)).statusCode, 303, 'absolute timeout after 8 h');
});

test('password reset: same answer for unknown addresses, one-time link, all sessions ended, owner notified', async () => {
  const u = await createUser(t.db, { id: tenantId });
  const other = new Client(t);
  await other.login(`/${slug}`, u.email, u.password);
  assert.equal((await other.get(`/${slug}/konto`)).statusCode, 200);

  const c = new Client(t);
  await c.get(`/${slug}/passwort-vergessen`);
  const sentBefore = t.mail.sent.length;
  const unknown = await c.post(`/${slug}/passwort-vergessen`, { email: 'niemand@example.org' });
  await t.platform.runJobs();
  assert.equal(t.mail.sent.length, sentBefore);
  const known = await c.post(`/${slug}/passwort-vergessen`, { email: u.email });
  assert.equal(unknown.body.replace(/_csrf" value="[^"]+"/g, ''), known.body.replace(/_csrf" value="[^"]+"/g, ''));
  await t.platform.runJobs();
  const link = new URL(t.mail.linkTo(u.email));
  let res = await c.get(link.pathname + link.search);
  assert.equal(res.statusCode, 200);
  res = await c.post(`/${slug}/passwort-neu`, { token: link.searchParams.get('token')!, password: 'das neue lange Passwort', password2: 'das neue lange Passwort' });
  assert.equal(res.statusCode, 303);
  await t.platform.runJobs();
  assert.match(t.mail.sent.at(-1)!.subject, /Passwort wurde geändert/);
  assert.equal((await other.get(`/${slug}/konto`)).statusCode, 303, 'other sessions are gone');
  res = await c.post(`/${slug}/passwort-neu`, { token: link.searchParams.get('token')!, password: 'noch ein anderes Passwort', password2: 'noch ein anderes Passwort' });
  assert.equal(res.statusCode, 400);
  assert.equal((await c.login(`/${slug}`, u.email, u.password)).statusCode, 401);
  assert.equal((await c.login(`/${slug}`, u.email, 'das neue lange Passwort')).statusCode, 303);
});

test('a login return target outside the area is ignored (no open redirect)', async () => {
  const u = await createUser(t.db, { id: tenantId });
  const c = new Client(t);
  await c.get(`/${slug}/anmelden?zurueck=//evil.example/x`);
  const res = await c.post(`/${slug}/anmelden?zurueck=${encodeURIComponent('//evil.example/x')}`, { email: u.email, password: u.password });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/${slug}/konto`);
});

test('passwords are stored as salted scrypt hashes', async () => {
  const u = await createUser(t.db, { id: tenantId }, { email: 'hash@example.org' });
  const c = new Client(t);
  await c.login(`/${slug}`, u.email, u.password);
  const r = await t.db.one<{ password_hash: string }>(sql`select password_hash from users where email = 'hash@example.org'`);
  assert.match(r!.password_hash, /^scrypt\$\d+\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
});

test('SQL and markup in any field are stored and shown as plain text', async () => {
  const c = new Client(t);
  await c.get(`/${slug}/registrieren`);
  const name = "Robert'); DROP TABLE users;-- <img src=x onerror=alert(1)>";
  let res = await c.post(`/${slug}/registrieren`, { name, email: 'bobby@example.org', password: 'ein langer Satz als Passwort', password2: 'ein langer Satz als Passwort', consent: 'ja' });
  assert.equal(res.statusCode, 422, 'angle brackets are refused in names');
  assert.doesNotMatch(res.body, /<img src=x/);
  res = await c.post(`/${slug}/registrieren`, { name: "Robert'); DROP TABLE users;--", email: 'bobby@example.org', password: 'ein langer Satz als Passwort', password2: 'ein langer Satz als Passwort', consent: 'ja' });
  assert.equal(res.statusCode, 200);
  const row = await t.db.one<{ display_name: string }>(sql`select display_name from users where email = 'bobby@example.org'`);
  assert.equal(row!.display_name, "Robert'); DROP TABLE users;--");
  res = await c.login(`/${slug}`, "' OR 1=1 --@x.de", "' OR '1'='1");
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /gültige E-Mail-Adresse/);
});

test('every mutation leaves an audit record', async () => {
  const before = await count(sql`select count(*)::int as n from audit_log where tenant_id = ${tenantId}`);
  const u = await createUser(t.db, { id: tenantId });
  const c = new Client(t);
  await c.login(`/${slug}`, u.email, 'falsch-falsch-falsch');
  await c.login(`/${slug}`, u.email, u.password);
  await c.post(`/${slug}/abmelden`, {});
  const actions = (await t.db.rows<{ action: string }>(sql`select action from audit_log where tenant_id = ${tenantId} order by seq desc limit 3`)).map((r) => r.action);
  assert.deepEqual(actions, ['user.logout', 'user.login', 'user.login_failed']);
  assert.equal(await count(sql`select count(*)::int as n from audit_log where tenant_id = ${tenantId}`), before + 3);
  const details = await t.db.rows<{ details: unknown }>(sql`select details from audit_log where tenant_id = ${tenantId}`);
  assert.ok(details.every((d) => !JSON.stringify(d.details).includes('@')), 'no e-mail addresses in audit details');
});

test('after a session expired, the next login works at the first try (CSRF token not bound to the dead session)', async () => {
  const u = await createUser(t.db, { id: tenantId });
  const c = new Client(t);
  assert.equal((await c.login(`/${slug}`, u.email, u.password)).statusCode, 303);
  t.clock.advance(2 * 3_600_000);
  const res = await c.login(`/${slug}`, u.email, u.password);
  assert.equal(res.statusCode, 303);
  assert.equal((await c.get(`/${slug}/konto`)).statusCode, 200);
});
