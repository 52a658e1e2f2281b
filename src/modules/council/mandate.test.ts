// Mandatspostfach: the councillor sees their own items (newest first, unread marked), downloading one is the proof of
// delivery (opened_at on the first download only), someone else's item is 404; the member view of a meeting shows
// the non-public part only to members of its body; a councillor without a linked person gets an explanation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { findTenantById, sql } from '../../kernel/index.ts';
import { createCouncilFixture, type CouncilFixture } from './testing.ts';
import { insertMeeting } from './repository.ts';
import { dispatchInvitations } from './commands/dispatch-invitations.ts';

type U = { id: string; email: string; password: string };

let t: TestPlatform;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let f: CouncilFixture;
let fb: CouncilFixture;
let users: U[];
let userB: U;
let unlinked: U;
let officeUser: U;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Alphadorf' });
  b = await createTenant(t.db, { name: 'Betadorf' });
  users = [];
  for (let i = 0; i < 4; i++) users.push(await createUser(t.db, a, { kind: 'staff', roles: ['councillor'] }));
  unlinked = await createUser(t.db, a, { kind: 'staff', roles: ['councillor'] });
  officeUser = await createUser(t.db, a, { kind: 'staff', roles: ['council_office'] });
  f = await createCouncilFixture(t.db, a.id, { userIds: users.map((u) => u.id) });
  userB = await createUser(t.db, b, { kind: 'staff', roles: ['councillor'] });
  fb = await createCouncilFixture(t.db, b.id, { userIds: [userB.id] });
  for (const [tenantId, meetingId, actor] of [[a.id, f.meetingId, officeUser.id], [b.id, fb.meetingId, userB.id]] as const) {
    const m = (await t.db.one<{ modified_at: Date }>(sql`select modified_at from council_meetings where id = ${meetingId}`))!;
    const res = await dispatchInvitations(t.db, { tenant: (await findTenantById(t.db, tenantId))!, baseUrl: 'http://portal.test', actorId: actor, meetingId, version: 1, stand: m.modified_at.getTime(), urgent: false, urgencyReason: '', now: t.clock.now() });
    assert.equal(res.ok, true, JSON.stringify(res));
  }
});
after(() => t.close());

async function login(u: U, slug = a.slug): Promise<Client> {
  const c = new Client(t);
  assert.equal((await c.login(`/${slug}`, u.email, u.password)).statusCode, 303);
  return c;
}

const itemOf = async (personId: string) => (await t.db.one<{ id: string; opened_at: Date | null; retrievals: number }>(sql`select id, opened_at, retrievals from council_mailbox where tenant_id = ${a.id} and person_id = ${personId}`))!;

test('the councillor sees their Mandatspostfach; the first download is the proof of delivery, later ones only count', async () => {
  const c = await login(users[0]!);
  const home = await c.get(`/${a.slug}/mandat`);
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /Einladung: 5\. Sitzung der Gemeindevertretung am 10\.12\.2026/);
  assert.match(home.body, /<strong>Neu<\/strong> – noch nicht geöffnet/);
  assert.match(home.body, /1 neues Dokument/);
  assert.match(home.body, /Meine nächsten Sitzungen[\s\S]*5\. Sitzung der Gemeindevertretung/);

  const item = await itemOf(f.personIds[0]!);
  assert.equal(item.opened_at, null);
  const first = t.clock.now();
  const dl = await c.get(`/${a.slug}/mandat/postfach/${item.id}`);
  assert.equal(dl.statusCode, 200);
  assert.equal(dl.headers['content-type'], 'application/pdf');
  assert.match(String(dl.headers['content-disposition']), /Einladung GV 2026-12-10\.pdf/);
  assert.equal(dl.rawPayload.subarray(0, 5).toString(), '%PDF-');
  let after = await itemOf(f.personIds[0]!);
  assert.equal(after.opened_at?.getTime(), first.getTime());
  assert.equal(after.retrievals, 1);

  t.clock.advance(60_000);
  assert.equal((await c.get(`/${a.slug}/mandat/postfach/${item.id}`)).statusCode, 200);
  after = await itemOf(f.personIds[0]!);
  assert.equal(after.opened_at?.getTime(), first.getTime(), 'the first retrieval stays the proof');
  assert.equal(after.retrievals, 2);
  const audits = await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${a.id} and action = 'council.mailbox_opened' and object_id = ${item.id}`);
  assert.equal(audits!.n, 1);
  assert.match((await c.get(`/${a.slug}/mandat`)).body, /geöffnet am/);

  // The office sees the proof in the delivery overview.
  const office = await login(officeUser);
  const overview = await office.get(`/${a.slug}/verwaltung/sitzungsdienst/sitzungen/${f.meetingId}/zustellung`);
  assert.match(overview.body, /geöffnet am 21\.11\.2026, 11:00/);
});

test("someone else's item is 404 and stays unopened; so is an item of another tenant", async () => {
  const other = await itemOf(f.personIds[2]!);
  const c = await login(users[1]!);
  assert.equal((await c.get(`/${a.slug}/mandat/postfach/${other.id}`)).statusCode, 404);
  assert.equal((await c.get(`/${a.slug}/mandat/postfach/not-an-id`)).statusCode, 404);
  assert.equal((await itemOf(f.personIds[2]!)).opened_at, null);

  const cb = await login(userB, b.slug);
  assert.equal((await cb.get(`/${b.slug}/mandat/postfach/${other.id}`)).statusCode, 404);
  assert.equal((await cb.get(`/${b.slug}/mandat/sitzungen/${f.meetingId}`)).statusCode, 404);
  assert.equal((await itemOf(f.personIds[2]!)).opened_at, null);
  // B's councillor does see B's own things (the 404s are about ownership, not a broken route).
  assert.equal((await cb.get(`/${b.slug}/mandat/sitzungen/${fb.meetingId}`)).statusCode, 200);
});

test('member view: non-public items and papers for members of the body; other bodies 404; iCal without non-public content', async () => {
  const c = await login(users[3]!); // person 3: council member, not in the committee
  const page = await c.get(`/${a.slug}/mandat/sitzungen/${f.meetingId}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Nichtöffentlicher Teil \(vertraulich\)/);
  assert.match(page.body, /N 1[\s\S]*Grundstücksangelegenheit/);
  const secret = await c.get(`/${a.slug}/mandat/sitzungen/${f.meetingId}/dateien/${f.secretFileId}`);
  assert.equal(secret.statusCode, 200);
  assert.equal(secret.headers['content-type'], 'application/pdf');

  // A committee meeting: person 3 is not in the committee.
  const committeeMeeting = await t.db.transaction((tx) => insertMeeting(tx, a.id, { bodyId: f.committeeId, name: '3. Sitzung des Bauausschusses', startsAt: new Date('2026-12-03T17:00:00Z'), endsAt: new Date('2026-12-03T19:00:00Z') }, t.clock.now()));
  assert.equal((await c.get(`/${a.slug}/mandat/sitzungen/${committeeMeeting}`)).statusCode, 404);
  assert.equal((await c.get(`/${a.slug}/mandat/sitzungen/${committeeMeeting}/dateien/${f.secretFileId}`)).statusCode, 404);
  assert.doesNotMatch((await c.get(`/${a.slug}/mandat`)).body, /Bauausschusses/);
  const chair = await login(users[0]!); // person 0 chairs the committee
  assert.equal((await chair.get(`/${a.slug}/mandat/sitzungen/${committeeMeeting}`)).statusCode, 200);
  assert.match((await chair.get(`/${a.slug}/mandat`)).body, /3\. Sitzung des Bauausschusses/);
  // A file not on the meeting's agenda is not offered through it.
  assert.equal((await chair.get(`/${a.slug}/mandat/sitzungen/${committeeMeeting}/dateien/${f.fileId}`)).statusCode, 404);

  const ics = await c.get(`/${a.slug}/mandat/termine.ics`);
  assert.equal(ics.statusCode, 200);
  assert.match(String(ics.headers['content-type']), /^text\/calendar/);
  assert.match(ics.body, /SUMMARY:5. Sitzung der Gemeindevertretung\r\n/);
  assert.match(ics.body, /DTSTART:20261210T170000Z/);
  assert.doesNotMatch(ics.body, /Grundstück|Flurstück|Bauausschuss/);
});

test('a councillor without a linked person gets an explanation; other roles may not enter', async () => {
  const c = await login(unlinked);
  const home = await c.get(`/${a.slug}/mandat`);
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /Noch nicht zugeordnet/);
  assert.match(home.body, /Sitzungsdienst/);
  assert.equal((await c.get(`/${a.slug}/mandat/sitzungen/${f.meetingId}`)).statusCode, 404);
  assert.equal((await c.get(`/${a.slug}/mandat/postfach/${(await itemOf(f.personIds[0]!)).id}`)).statusCode, 404);
  const office = await login(officeUser);
  assert.equal((await office.get(`/${a.slug}/mandat`)).statusCode, 403);
});
