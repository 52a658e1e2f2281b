// Invitations: notice period at the boundary (MV, 10 days), urgency, dispatch to the Mandatspostfach and the paper
// print batch, exactly-once delivery, content-free e-mail, the two bundle variants, Nachtrag, cancellation notices.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { fileContent, findTenantById, sql } from '../../kernel/index.ts';
import { councilPdf, createCouncilFixture, type CouncilFixture } from './testing.ts';
import { insertCouncilFile, insertMembership, insertPerson, meetingById } from './repository.ts';
import { invitationLetter, loadInvitationSource } from './invitation.ts';
import { meetingDetail } from './meetings.repository.ts';

type U = { id: string; email: string; password: string };
const DAY = 86_400_000;

let t: TestPlatform;

before(async () => {
  t = await testPlatform();
});
after(() => t.close());

interface Setup {
  tenant: { id: string; slug: string };
  f: CouncilFixture;
  office: Client;
  councillors: U[];
  base: string;
}

/** A tenant with the council fixture; the first three persons are councillors with a login (electronic delivery). */
async function setup(o: { meetingStart?: Date } = {}): Promise<Setup> {
  const tenant = await createTenant(t.db, { name: 'Testdorf' });
  const councillors: U[] = [];
  for (let i = 0; i < 3; i++) councillors.push(await createUser(t.db, tenant, { kind: 'staff', roles: ['councillor'], name: `Rat ${i}` }));
  const f = await createCouncilFixture(t.db, tenant.id, { userIds: councillors.map((u) => u.id), ...(o.meetingStart ? { meetingStart: o.meetingStart } : {}) });
  const officeUser = await createUser(t.db, tenant, { kind: 'staff', roles: ['council_office'], name: 'Sabine Sitzungsdienst' });
  const office = new Client(t);
  assert.equal((await office.login(`/${tenant.slug}`, officeUser.email, officeUser.password)).statusCode, 303);
  return { tenant, f, office, councillors, base: `/${tenant.slug}/verwaltung/sitzungsdienst/sitzungen` };
}

/** The hidden form state of the meeting page: its stand and the version the dispatch form offers. */
async function formState(c: Client, url: string): Promise<{ stand: string; version: string | undefined; body: string }> {
  const res = await c.get(url);
  assert.equal(res.statusCode, 200, res.body.slice(0, 500));
  return { stand: res.body.match(/name="stand" value="(\d+)"/)?.[1] ?? '', version: res.body.match(/name="version" value="(\d+)"/)?.[1], body: res.body };
}

async function dispatch(s: Setup, meetingId: string, extra: Record<string, string> = {}) {
  const st = await formState(s.office, `${s.base}/${meetingId}`);
  return s.office.post(`${s.base}/${meetingId}/einladung`, { version: st.version ?? '', stand: st.stand, ...extra });
}

const count = async (table: string, where: ReturnType<typeof sql>) => (await t.db.one<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)} where ${where}`))!.n;

/** The bookmark titles of a PDF, read back from its /Outlines tree; nested ones prefixed with "› " per level. */
async function outlineTitles(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf);
  const titles: string[] = [];
  const walk = (ref: unknown, depth = 0) => {
    let node = ref instanceof PDFRef ? doc.context.lookup(ref, PDFDict) : undefined;
    while (node) {
      titles.push('› '.repeat(depth) + (node.lookup(PDFName.of('Title')) as PDFHexString | PDFString).decodeText());
      walk(node.get(PDFName.of('First')), depth + 1);
      const next = node.get(PDFName.of('Next'));
      node = next instanceof PDFRef ? doc.context.lookup(next, PDFDict) : undefined;
    }
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.get(PDFName.of('First')));
  return titles;
}

/** 18:00 Berlin (17:00 UTC in winter) on the day `days` after the clock's Berlin day. */
function meetingOn(days: number): Date {
  const today = t.clock.now().toISOString().slice(0, 10);
  return new Date(new Date(`${today}T17:00:00Z`).getTime() + days * DAY);
}

test('[R2] MV 10-day rule at the boundary: on the last day on time; one day later refused and nothing changed', async () => {
  // Clock: Sat 2026-11-21, 11:00 Berlin. 10 days between dispatch day and meeting day, neither end counted:
  // meeting on 2026-12-02 → last dispatch day 2026-11-21 (on time); meeting on 2026-12-01 → last day was 2026-11-20.
  const onTime = await setup({ meetingStart: meetingOn(11) });
  const res = await dispatch(onTime, onTime.f.meetingId);
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,2500}/)?.[0]);
  assert.equal((await meetingById(t.db, onTime.tenant.id, onTime.f.meetingId))!.state, 'invited');

  const late = await setup({ meetingStart: meetingOn(10) });
  const before = (await meetingById(t.db, late.tenant.id, late.f.meetingId))!;
  const refused = await dispatch(late, late.f.meetingId);
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Die Ladungsfrist von 10 Tagen ist nicht mehr einzuhalten: Die Einladung hätte spätestens am 20\.11\.2026 versandt werden müssen/);
  const after = (await meetingById(t.db, late.tenant.id, late.f.meetingId))!;
  assert.equal(after.state, 'planned');
  assert.equal(after.dispatchedAt, null);
  assert.equal(after.modifiedAt.getTime(), before.modifiedAt.getTime());
  assert.equal(await count('council_mailbox', sql`tenant_id = ${late.tenant.id}`), 0);
  assert.equal(await count('council_deliveries', sql`tenant_id = ${late.tenant.id}`), 0);
  assert.equal(await count('council_invitations', sql`tenant_id = ${late.tenant.id}`), 0);
  assert.equal(await count('council_files', sql`tenant_id = ${late.tenant.id} and role = 'invitation'`), 0);
  assert.equal(await count('jobs', sql`tenant_id = ${late.tenant.id}`), 0, 'no e-mail queued');

  // Urgent without a reason: still refused, asking for the reason.
  const noReason = await dispatch(late, late.f.meetingId, { urgent: 'ja' });
  assert.equal(noReason.statusCode, 422);
  assert.match(noReason.body, /Bitte geben Sie eine Dringlichkeitsbegründung ein/);
  assert.equal((await meetingById(t.db, late.tenant.id, late.f.meetingId))!.state, 'planned');

  // Urgent with a reason: accepted (4 urgent days are kept); urgency and reason are stored and printed in the letter.
  const reason = 'Die Förderfrist für den Kita-Anbau endet am 3. Dezember.';
  const urgent = await dispatch(late, late.f.meetingId, { urgent: 'ja', urgencyReason: reason });
  assert.equal(urgent.statusCode, 303, urgent.body.match(/<main[\s\S]{0,2500}/)?.[0]);
  const m = (await meetingDetail(t.db, late.tenant.id, late.f.meetingId))!;
  assert.equal(m.state, 'invited');
  assert.equal(m.urgent, true);
  assert.equal(m.urgencyReason, reason);
  const tenant = (await findTenantById(t.db, late.tenant.id))!;
  const letter = invitationLetter(await loadInvitationSource(t.db, tenant, m), 'public', { version: 1, at: t.clock.now(), urgent: true, urgencyReason: reason });
  assert.match(JSON.stringify(letter.body), /Dringlichkeitssitzung mit der verkürzten Ladungsfrist von 4 Tagen/);
  assert.ok(JSON.stringify(letter.body).includes(reason));
});

test('dispatch: electronic members get their Mandatspostfach item, paper members and deputies land in the print batch, exactly once', async () => {
  const s = await setup();
  const tenantId = s.tenant.id;
  // Person 3 chose paper; person 4 (no login) falls back to paper; a deputy gets a copy "zur Kenntnis".
  await t.db.exec(sql`update council_persons set delivery = 'paper', street_address = 'Lindenweg 4', postal_code = '19999', locality = 'Testdorf', gender = 'female' where tenant_id = ${tenantId} and id = ${s.f.personIds[3]!}`);
  const deputyUser = await createUser(t.db, s.tenant, { kind: 'staff', roles: ['councillor'] });
  const deputyId = await t.db.transaction(async (tx) => {
    const id = await insertPerson(tx, tenantId, { familyName: 'Vertreterin', givenName: 'Vera', userId: deputyUser.id, email: 'vera@example.org' }, t.clock.now());
    await insertMembership(tx, tenantId, { personId: id, bodyId: s.f.councilId, role: 'deputy', startDate: '2024-06-09' }, t.clock.now());
    return id;
  });

  const res = await dispatch(s, s.f.meetingId);
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,2500}/)?.[0]);
  assert.equal((await s.office.get(String(res.headers.location))).body.includes('Die Einladung ist versandt'), true);

  const mailbox = await t.db.rows<{ person_id: string; kind: string; subject: string; dedupe_key: string }>(sql`select person_id, kind, subject, dedupe_key from council_mailbox where tenant_id = ${tenantId} order by dedupe_key`);
  const electronic = [s.f.personIds[0]!, s.f.personIds[1]!, s.f.personIds[2]!, deputyId];
  assert.deepEqual(mailbox.map((m) => m.person_id).sort(), [...electronic].sort());
  assert.ok(mailbox.every((m) => m.kind === 'invitation' && m.dedupe_key.startsWith(`invitation:${s.f.meetingId}:`) && m.dedupe_key.endsWith(':1')));
  assert.match(mailbox.find((m) => m.person_id === deputyId)!.subject, /^Zur Kenntnis/);

  const deliveries = await t.db.rows<{ person_id: string; channel: string; copy: boolean }>(sql`select person_id, channel, copy from council_deliveries where tenant_id = ${tenantId} and kind = 'invitation'`);
  assert.equal(deliveries.length, 8, '7 members + 1 deputy');
  const paper = deliveries.filter((d) => d.channel === 'paper').map((d) => d.person_id).sort();
  assert.deepEqual(paper, s.f.personIds.slice(3).sort(), 'person 3 by choice, persons 4–6 without a login');
  assert.equal(deliveries.find((d) => d.person_id === deputyId)!.copy, true);
  const inv = (await t.db.one<{ members: number; copies: number; electronic: number; paper: number }>(sql`select members, copies, electronic, paper from council_invitations where tenant_id = ${tenantId}`))!;
  assert.deepEqual({ ...inv }, { members: 7, copies: 1, electronic: 4, paper: 4 });
  const audit = await t.db.one<{ details: Record<string, unknown> }>(sql`select details from audit_log where tenant_id = ${tenantId} and action = 'council.invitation_dispatched'`);
  assert.deepEqual(audit?.details, { version: 1, urgent: false, members: 7, copies: 1, electronic: 4, paper: 4 });

  // Double click: the same form again is refused and delivers nothing twice.
  const again = await s.office.post(`${s.base}/${s.f.meetingId}/einladung`, { version: '1', stand: '0' });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /bereits versandt/);
  const concurrent = await Promise.all([
    s.office.post(`${s.base}/${s.f.meetingId}/einladung`, { version: '1', stand: '0' }),
    s.office.post(`${s.base}/${s.f.meetingId}/einladung`, { version: '2', stand: '0' }),
  ]);
  assert.deepEqual(concurrent.map((r) => r.statusCode), [409, 409]);
  assert.equal(await count('council_mailbox', sql`tenant_id = ${tenantId}`), 4);
  assert.equal(await count('council_deliveries', sql`tenant_id = ${tenantId}`), 8);
  assert.equal(await count('council_invitations', sql`tenant_id = ${tenantId}`), 1);
  assert.equal(await count('council_files', sql`tenant_id = ${tenantId} and role = 'invitation' and deleted_at is null`), 1);

  // The e-mails name neither the person nor the meeting: only that something waits in the Mandatspostfach, and the link.
  await t.platform.runJobs();
  const ours = t.mail.sent.filter((m) => m.text.includes(`/${s.tenant.slug}/`));
  const mails = ours.filter((m) => m.to === 'person0@example.org' || m.to === 'vera@example.org');
  assert.equal(mails.length, 2);
  for (const m of mails) {
    assert.equal(m.subject, 'Neue Unterlagen in Ihrem Mandatspostfach');
    assert.ok(m.text.includes(`http://portal.test/${s.tenant.slug}/mandat`));
    for (const secret of ['Sitzung', 'Gemeindevertretung', 'Bebauungsplan', 'Flurstück', 'Abel', 'Vertreterin', 'Vera', 'Jan', '10.12.2026']) assert.ok(!m.text.includes(secret) && !m.subject.includes(secret), `${secret} in the e-mail`);
  }
  assert.equal(ours.length, 4, 'one e-mail per electronic recipient');
  assert.equal(ours.filter((m) => m.to === 'person3@example.org').length, 0, 'paper members get no e-mail');

  // Print batch: one PDF with a cover sheet per paper recipient; then recorded as posted.
  const zustellung = await s.office.get(`${s.base}/${s.f.meetingId}/zustellung`);
  assert.equal(zustellung.statusCode, 200);
  assert.match(zustellung.body, /noch nicht zur Post gegeben/);
  assert.match(zustellung.body, /noch nicht geöffnet/);
  const batch = await s.office.get(`${s.base}/${s.f.meetingId}/druck`);
  assert.equal(batch.statusCode, 200);
  assert.equal(batch.headers['content-type'], 'application/pdf');
  const titles = await outlineTitles(batch.rawPayload);
  assert.equal(titles.filter((x) => x.endsWith(': Anschreiben')).length, 4);
  assert.ok(titles.includes('Maria Dietrich: Anschreiben'), titles.join(' | '));
  assert.ok(titles.includes('› Maria Dietrich: Einladung'), titles.join(' | '));
  assert.ok(!titles.some((x) => x.includes('Vertreterin')), 'the deputy reads electronically, no paper copy');
  const ids = [...zustellung.body.matchAll(/name="delivery" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
  assert.equal(ids.length, 4);
  const future = await s.office.post(`${s.base}/${s.f.meetingId}/druck`, { delivery: ids, day: '2026-12-24' });
  assert.equal(future.statusCode, 422);
  const posted = await s.office.post(`${s.base}/${s.f.meetingId}/druck`, { delivery: ids, day: '2026-11-21' });
  assert.equal(posted.statusCode, 303);
  assert.equal(await count('council_deliveries', sql`tenant_id = ${tenantId} and posted_on = '2026-11-21'`), 4);
  assert.equal((await s.office.post(`${s.base}/${s.f.meetingId}/druck`, { delivery: ids, day: '2026-11-21' })).statusCode, 409, 'posting twice changes nothing');
  assert.equal((await s.office.get(`${s.base}/${s.f.meetingId}/druck`)).statusCode, 404, 'nothing left to print');
});

test('the member bundle carries the non-public item and its paper; the public invitation file does not', async () => {
  const s = await setup();
  const tenantId = s.tenant.id;
  // Attachments of the public paper: one public, one kept internal (e.g. a valuation with personal data).
  await t.db.transaction(async (tx) => {
    const now = t.clock.now();
    await insertCouncilFile(tx, tenantId, { name: 'Lageplan', fileName: 'Lageplan.pdf', mime: 'application/pdf', bytes: await councilPdf('Lageplan', 'Plan'), role: 'attachment', paperId: s.f.paperId, position: 1 }, now);
    await insertCouncilFile(tx, tenantId, { name: 'Anlage 2 – Wertermittlung', fileName: 'Wert.pdf', mime: 'application/pdf', bytes: await councilPdf('Wertermittlung', 'Eigentümer: Herr Vertraulich'), role: 'attachment', paperId: s.f.paperId, position: 2, public: false }, now);
  });
  const res = await dispatch(s, s.f.meetingId);
  assert.equal(res.statusCode, 303);

  const memberFile = (await t.db.one<{ member_file_id: string; public_file_id: string }>(sql`select member_file_id, public_file_id from council_invitations where tenant_id = ${tenantId}`))!;
  const member = (await fileContent(t.db, tenantId, memberFile.member_file_id))!;
  assert.equal(member.name, 'Einladung GV 2026-12-10.pdf');
  const memberTitles = await outlineTitles(member.content);
  assert.deepEqual(memberTitles, [
    'Einladung und Tagesordnung',
    'Ö 1 – BV/2026/001 Bebauungsplan Nr. 12 „Am Mühlenteich“ – Entwurfsbeschluss',
    '› Anlage 1: Lageplan',
    '› Anlage 2: Wertermittlung',
    'N 1 – BV/2026/002 Verkauf des Flurstücks 12/3',
  ]);

  const pub = (await t.db.one<{ stored_file_id: string; file_name: string; public: boolean; meeting_id: string }>(sql`select stored_file_id, file_name, public, meeting_id from council_files where tenant_id = ${tenantId} and id = ${memberFile.public_file_id}`))!;
  assert.equal(pub.public, true);
  assert.equal(pub.meeting_id, s.f.meetingId);
  assert.equal(pub.file_name, 'Einladung GV 2026-12-10.pdf');
  const publicTitles = await outlineTitles((await fileContent(t.db, tenantId, pub.stored_file_id))!.content);
  assert.deepEqual(publicTitles, ['Einladung und Tagesordnung', 'Ö 1 – BV/2026/001 Bebauungsplan Nr. 12 „Am Mühlenteich“ – Entwurfsbeschluss', '› Anlage 1: Lageplan']);
  assert.ok(!publicTitles.some((x) => x.includes('Flurstück') || x.includes('Wertermittlung') || x.startsWith('N ')));

  // The public letter names no non-public item; the member letter does (generated from the same source).
  const tenant = (await findTenantById(t.db, tenantId))!;
  const source = await loadInvitationSource(t.db, tenant, (await meetingDetail(t.db, tenantId, s.f.meetingId))!);
  const d = { version: 1, at: t.clock.now(), urgent: false, urgencyReason: null };
  assert.ok(JSON.stringify(invitationLetter(source, 'member', d).body).includes('Grundstücksangelegenheit'));
  const publicLetter = JSON.stringify(invitationLetter(source, 'public', d).body);
  assert.ok(!publicLetter.includes('Grundstücksangelegenheit'));
  assert.match(publicLetter, /Im Anschluss folgt ein nichtöffentlicher Teil/);
  assert.match(JSON.stringify(invitationLetter(source, 'member', d)), /Jan Abel/, 'the chair signs');
  assert.match(publicLetter, /Die Ladungsfrist der Geschäftsordnung von 10 Tagen ist mit dem Versand am 21\.11\.2026 gewahrt/);
});

test('a changed agenda after dispatch allows a Nachtrag (version 2), delivered once more; cancelling sends notices to everyone invited', async () => {
  const s = await setup();
  const tenantId = s.tenant.id;
  assert.equal((await dispatch(s, s.f.meetingId)).statusCode, 303);
  let page = await formState(s.office, `${s.base}/${s.f.meetingId}`);
  assert.equal(page.version, undefined, 'no dispatch form while nothing changed');

  t.clock.advance(60_000);
  const st = await formState(s.office, `${s.base}/${s.f.meetingId}`);
  assert.equal((await s.office.post(`${s.base}/${s.f.meetingId}/tagesordnung`, { stand: st.stand, name: 'Haushaltssatzung 2027', part: 'oeffentlich', paper: '' })).statusCode, 303);
  page = await formState(s.office, `${s.base}/${s.f.meetingId}`);
  assert.equal(page.version, '2');
  assert.match(page.body, /Nachtrag 1 versenden/);
  const res = await dispatch(s, s.f.meetingId);
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,2500}/)?.[0]);
  assert.equal(await count('council_mailbox', sql`tenant_id = ${tenantId} and dedupe_key like ${'invitation:%:2'}`), 3);
  assert.equal(await count('council_files', sql`tenant_id = ${tenantId} and role = 'invitation' and deleted_at is null`), 1, 'one live public invitation');
  assert.equal(await count('council_files', sql`tenant_id = ${tenantId} and role = 'invitation' and deleted_at is not null`), 1, 'the first one is retired');
  const v2 = (await t.db.one<{ file_name: string }>(sql`select file_name from council_files where tenant_id = ${tenantId} and role = 'invitation' and deleted_at is null`))!;
  assert.equal(v2.file_name, 'Einladung GV 2026-12-10 Nachtrag 1.pdf');

  t.clock.advance(60_000);
  const cancelPage = await formState(s.office, `${s.base}/${s.f.meetingId}/absage`);
  const empty = await s.office.post(`${s.base}/${s.f.meetingId}/absage`, { stand: cancelPage.stand, reason: '' });
  assert.equal(empty.statusCode, 422);
  const cancelled = await s.office.post(`${s.base}/${s.f.meetingId}/absage`, { stand: cancelPage.stand, reason: 'Der Sitzungssaal ist wegen eines Wasserschadens gesperrt.' });
  assert.equal(cancelled.statusCode, 303);
  const m = (await meetingDetail(t.db, tenantId, s.f.meetingId))!;
  assert.equal(m.state, 'cancelled');
  assert.equal(m.cancellationReason, 'Der Sitzungssaal ist wegen eines Wasserschadens gesperrt.');
  assert.equal(await count('council_mailbox', sql`tenant_id = ${tenantId} and kind = 'notice' and dedupe_key like ${`cancellation:${s.f.meetingId}:%`}`), 3, 'the three electronic members');
  assert.equal(await count('council_deliveries', sql`tenant_id = ${tenantId} and kind = 'cancellation' and channel = 'paper'`), 4, 'the paper members, by post');
  assert.equal(await count('council_consultations', sql`tenant_id = ${tenantId} and meeting_id = ${s.f.meetingId}`), 0, 'papers are free for another agenda');
  // A repeated cancellation changes nothing.
  assert.equal((await s.office.post(`${s.base}/${s.f.meetingId}/absage`, { stand: cancelPage.stand, reason: 'nochmal' })).statusCode, 409);
  assert.equal(await count('council_mailbox', sql`tenant_id = ${tenantId} and kind = 'notice'`), 3);
  assert.equal((await dispatch(s, s.f.meetingId)).statusCode, 409, 'no invitation for a cancelled meeting');
});

test('tenant isolation: another tenant cannot dispatch, download or print for this meeting', async () => {
  const s = await setup();
  const other = await setup();
  assert.equal((await dispatch(s, s.f.meetingId)).statusCode, 303);
  for (const path of ['', '/einladung/1', '/einladung/1/oeffentlich', '/einladung/vorschau', '/zustellung', '/druck', '/absage']) {
    assert.equal((await other.office.get(`${other.base}/${s.f.meetingId}${path}`)).statusCode, 404, path);
  }
  await other.office.get(other.base);
  const post = await other.office.post(`${other.base}/${s.f.meetingId}/einladung`, { version: '2', stand: '0' });
  assert.equal(post.statusCode, 404);
  const cancel = await other.office.post(`${other.base}/${s.f.meetingId}/absage`, { stand: '0', reason: 'x' });
  assert.equal(cancel.statusCode, 404);
  assert.equal((await meetingById(t.db, s.tenant.id, s.f.meetingId))!.state, 'invited');
  assert.equal(await count('council_invitations', sql`tenant_id = ${other.tenant.id}`), 0);
  // The preview of one's own meeting works (the refusals above are not for other reasons).
  const preview = await s.office.get(`${s.base}/${s.f.meetingId}/einladung/vorschau?fassung=oeffentlich`);
  assert.equal(preview.statusCode, 200);
  assert.equal(preview.headers['content-type'], 'application/pdf');
});
