import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { addDocument, addVersion, openFile } from './index.ts';

let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let clerk: Client;
let citizen: Client;
let citizenUser: { id: string; email: string; password: string };
let other: Client;
let fileId: string;
const docs: Record<string, string> = {};

async function login(tenant: { slug: string }, u: { email: string; password: string }): Promise<Client> {
  const c = new Client(t);
  await c.login(`/${tenant.slug}`, u.email, u.password);
  return c;
}

/** Moves the clock and logs everybody in again (sessions end after 8 hours). */
async function moveTo(iso: string) {
  t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
  citizen = await login(a, citizenUser);
}

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Alphastadt' });
  b = await createTenant(t.db, { name: 'Betadorf' });
  const clerkUser = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Sven Sachbearbeiter' });
  clerk = await login(a, clerkUser);
  citizenUser = await createUser(t.db, a, { kind: 'citizen', email: 'erika@example.org', name: 'Erika Muster' });
  citizen = await login(a, citizenUser);
  other = await login(a, await createUser(t.db, a, { kind: 'citizen', name: 'Otto Anders' }));
  await createUser(t.db, b, { kind: 'citizen', email: 'beta@example.org', name: 'Bernd Beta' });
  const plan = (await t.db.one<{ id: string }>(sql`insert into records_plan_items (tenant_id, code, title, retention_years, retention_action, created_at) values (${a.id}, '66', 'Straßenbau', 30, 'archive', now()) returning id`))!.id;
  await t.db.transaction(async (tx) => {
    const now = t.clock.now();
    fileId = (await openFile(tx, { tenantId: a.id, planItemId: plan, title: 'Straßenausbau Lindenweg', actorId: null, now })).id;
    const add = async (key: string, title: string, text: string, restricted = false) => {
      docs[key] = (await addDocument(tx, { tenantId: a.id, fileId, title, direction: 'outgoing', documentDate: '2026-11-20', restricted, content: { name: `${key}.txt`, mime: 'text/plain; charset=utf-8', bytes: Buffer.from(text), text }, actorId: null, now })).documentId;
    };
    await add('bescheid', 'Beitragsbescheid', 'Beitragsbescheid für Lindenweg 7: 1.234,56 Euro');
    await add('gutachten', 'Gutachten Straßenzustand', 'Der Zustand der Straße ist mangelhaft.', true);
    await add('intern', 'Interner Vermerk', 'Nicht für die Akteneinsicht bestimmt.');
  });
});
after(() => t.close());

const grantUrl = () => `/${a.slug}/verwaltung/akten/${fileId}/einsicht/neu`;

test('staff grant a citizen time-limited access to chosen documents; the mail only points to the portal', async () => {
  await clerk.get(grantUrl());
  let res = await clerk.post(grantUrl(), { email: 'niemand@example.org', from: '2026-11-21', until: '2026-12-05', note: '', documents: [docs.bescheid!] });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /kein Bürgerkonto in unserer Kommune/);
  res = await clerk.post(grantUrl(), { email: 'beta@example.org', from: '2026-11-21', until: '2026-12-05', note: '', documents: [docs.bescheid!] });
  assert.match(res.body, /kein Bürgerkonto in unserer Kommune/, 'a citizen of another municipality cannot be chosen');
  res = await clerk.post(grantUrl(), { email: 'erika@example.org', from: '2026-11-21', until: '2026-11-10', note: '', documents: [] });
  assert.match(res.body, /Das Ende darf nicht vor dem Beginn liegen/);
  assert.match(res.body, /mindestens ein Dokument/);
  res = await clerk.post(grantUrl(), { email: 'erika@example.org', from: '2026-11-21', until: '2026-12-05', note: '', documents: ['00000000-0000-0000-0000-000000000001'] });
  assert.match(res.body, /nur Dokumente dieser Akte/);

  res = await clerk.post(grantUrl(), { email: 'Erika@Example.org', from: '21.11.2026', until: '05.12.2026', note: 'Bitte melden Sie sich bei Fragen.', documents: [docs.bescheid!, docs.gutachten!] });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const i = await t.db.one<{ id: string; valid_from: Date; valid_until: Date }>(sql`select id, valid_from, valid_until from records_inspections where tenant_id = ${a.id}`);
  assert.equal(i!.valid_from.toISOString(), '2026-11-20T23:00:00.000Z', 'from the start of the Berlin day');
  assert.equal(i!.valid_until.toISOString(), '2026-12-05T23:00:00.000Z', 'until the end of the last Berlin day');
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'records.inspection_granted' and object_id = ${i!.id}`))!.n, 1);
  await t.platform.runJobs();
  const mail = t.mail.sent.find((m) => m.to === 'erika@example.org');
  assert.ok(mail, 'the citizen is told');
  assert.match(mail.text, /Akteneinsicht freigegeben/);
  assert.match(mail.text, /http:\/\/portal\.test\/[^/]+\/konto/);
  for (const secret of ['Lindenweg', 'Beitragsbescheid', 'Gutachten', 'Erika', '66-2026']) assert.ok(!mail.text.includes(secret) && !mail.subject.includes(secret), `no ${secret} in the mail`);
});

test('the citizen sees and downloads the released documents; every access is logged and shown to the clerk', async () => {
  const id = (await t.db.one<{ id: string }>(sql`select id from records_inspections where tenant_id = ${a.id}`))!.id;
  // A later version is not released automatically.
  await t.db.transaction((tx) => addVersion(tx, { tenantId: a.id, documentId: docs.bescheid!, expectedVersion: 1, note: 'Entwurf Widerspruchsbescheid', content: { name: 'v2.txt', mime: 'text/plain', bytes: Buffer.from('Neue Fassung mit Daten Dritter'), text: 'Neue Fassung mit Daten Dritter' }, actorId: null, now: t.clock.now() }));
  const account = await citizen.get(`/${a.slug}/konto`);
  assert.match(account.body, /Akteneinsicht/);
  assert.match(account.body, new RegExp(`/konto/akteneinsicht/${id}`));
  const overview = await citizen.get(`/${a.slug}/konto/akteneinsicht/${id}`);
  assert.equal(overview.statusCode, 200);
  assert.match(overview.body, /Beitragsbescheid/);
  assert.match(overview.body, /Gutachten Straßenzustand/);
  assert.doesNotMatch(overview.body, /Interner Vermerk/);

  const view = await citizen.get(`/${a.slug}/konto/akteneinsicht/${id}/dokumente/${docs.bescheid}`);
  assert.equal(view.statusCode, 200);
  assert.match(view.body, /1\.234,56 Euro/, 'the released version');
  assert.doesNotMatch(view.body, /Daten Dritter/);
  const dl = await citizen.get(`/${a.slug}/konto/akteneinsicht/${id}/dokumente/${docs.gutachten}/datei`);
  assert.equal(dl.statusCode, 200);
  assert.match(String(dl.headers['content-disposition']), /^attachment;/);
  assert.equal(dl.body, 'Der Zustand der Straße ist mangelhaft.');
  assert.equal((await citizen.get(`/${a.slug}/konto/akteneinsicht/${id}/dokumente/${docs.intern}`)).statusCode, 404, 'not in the grant');
  assert.equal((await citizen.get(`/${a.slug}/konto/akteneinsicht/${id}/dokumente/${docs.intern}/datei`)).statusCode, 404);

  const log = await t.db.rows<{ document_id: string; kind: string; channel: string; inspection_id: string; version: number }>(sql`select document_id, kind, channel, inspection_id, version from records_access_log where tenant_id = ${a.id} order by id`);
  assert.deepEqual(log, [
    { document_id: docs.bescheid, kind: 'view', channel: 'inspection', inspection_id: id, version: 1 },
    { document_id: docs.gutachten, kind: 'download', channel: 'inspection', inspection_id: id, version: 1 },
  ]);
  const staffPage = await clerk.get(`/${a.slug}/verwaltung/akten/einsicht/${id}`);
  assert.equal(staffPage.statusCode, 200);
  assert.match(staffPage.body, /Zugriffe der Person[\s\S]*Erika Muster[\s\S]*Beitragsbescheid[\s\S]*angesehen/);
  assert.match(staffPage.body, /heruntergeladen/);
  const filePage = await clerk.get(`/${a.slug}/verwaltung/akten/${fileId}`);
  assert.match(filePage.body, /Freigegebene Akteneinsichten[\s\S]*gültig/);
});

test('another citizen gets 404; after the end of the period or a revocation there is no access', async () => {
  const id = (await t.db.one<{ id: string }>(sql`select id from records_inspections where tenant_id = ${a.id}`))!.id;
  for (const url of [`/${a.slug}/konto/akteneinsicht/${id}`, `/${a.slug}/konto/akteneinsicht/${id}/dokumente/${docs.bescheid}`, `/${a.slug}/konto/akteneinsicht/${id}/dokumente/${docs.bescheid}/datei`]) {
    const res = await other.get(url);
    assert.equal(res.statusCode, 404, url);
    assert.doesNotMatch(res.body, /Beitragsbescheid|Lindenweg/);
  }
  assert.equal((await clerk.get(`/${a.slug}/konto/akteneinsicht/${id}`)).statusCode, 403, 'staff use the staff page');
  const before = (await t.db.one<{ n: number }>(sql`select count(*)::int as n from records_access_log where tenant_id = ${a.id}`))!.n;

  await moveTo('2026-12-05T22:30:00Z'); // 23:30 on the last day in Berlin
  assert.equal((await citizen.get(`/${a.slug}/konto/akteneinsicht/${id}/dokumente/${docs.bescheid}`)).statusCode, 200);
  await moveTo('2026-12-05T23:00:00Z'); // midnight: over
  let res = await citizen.get(`/${a.slug}/konto/akteneinsicht/${id}/dokumente/${docs.bescheid}/datei`);
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /Diese Akteneinsicht ist am 05\.12\.2026 abgelaufen/);
  res = await citizen.get(`/${a.slug}/konto/akteneinsicht/${id}`);
  assert.match(res.body, /abgelaufen/);
  assert.doesNotMatch(res.body, /Gutachten/);
  assert.doesNotMatch((await citizen.get(`/${a.slug}/konto`)).body, /akteneinsicht\//, 'no longer listed in the account');
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from records_access_log where tenant_id = ${a.id}`))!.n, before + 1, 'only the access within the period was logged');

  // A second grant, revoked by the clerk.
  await moveTo('2026-11-21T10:00:00Z');
  clerk = await login(a, await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Svenja Zwei' }));
  await clerk.get(grantUrl());
  res = await clerk.post(grantUrl(), { email: 'erika@example.org', from: '2026-11-21', until: '2026-11-30', note: '', documents: [docs.bescheid!] });
  assert.equal(res.statusCode, 303);
  const second = String(res.headers.location).split('/').pop()!;
  assert.equal((await citizen.get(`/${a.slug}/konto/akteneinsicht/${second}`)).statusCode, 200);
  await clerk.get(`/${a.slug}/verwaltung/akten/einsicht/${second}`);
  res = await clerk.post(`/${a.slug}/verwaltung/akten/einsicht/${second}/widerrufen`, {});
  assert.equal(res.statusCode, 303);
  res = await citizen.get(`/${a.slug}/konto/akteneinsicht/${second}/dokumente/${docs.bescheid}`);
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /von der Verwaltung beendet/);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'records.inspection_revoked' and object_id = ${second}`))!.n, 1);
});
