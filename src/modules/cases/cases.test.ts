import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql } from '../../kernel/index.ts';
import { seedForms } from '../../demo/forms.ts';
import { seedCatalog } from '../../demo/catalog.ts';
import { seedBackOffice, type BackOffice } from '../../demo/cases.ts';
import { setPolicy } from '../payments/index.ts';
import { openCase } from './index.ts';

const DAY = 86_400_000;
type U = { id: string; email: string; password: string };

let t: TestPlatform;
let a: { id: string; slug: string };
let office: BackOffice;
let citizen: U, clerk: U, clerk2: U, lead: U, lead2: U, admin: U, outsider: U, treasury: U;
const V = () => `/${a.slug}/verwaltung/vorgaenge`;

before(async () => {
  t = await testPlatform();
  a = await createTenant(t.db, { name: 'Havelwerder', city: 'Havelwerder' });
  citizen = await createUser(t.db, a, { kind: 'citizen', name: 'Petra Parker' });
  clerk = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Clara Clerk' });
  clerk2 = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Carl Zwei' });
  lead = await createUser(t.db, a, { kind: 'staff', roles: ['lead'], name: 'Lena Leitung' });
  lead2 = await createUser(t.db, a, { kind: 'staff', roles: ['lead', 'clerk'], name: 'Leo Leitung' });
  admin = await createUser(t.db, a, { kind: 'staff', roles: ['admin'], name: 'Anna Admin' });
  outsider = await createUser(t.db, a, { kind: 'staff', roles: ['clerk'], name: 'Otto Außen' });
  treasury = await createUser(t.db, a, { kind: 'staff', roles: ['treasury'], name: 'Karl Kasse' });
  await t.db.transaction(async (tx) => {
    await seedCatalog(tx, a.id, 'havelwerder');
    await seedForms(tx, a.id, t.clock.now());
    // Pay after the decision, so the application goes to the clerks at once.
    await setPolicy(tx, a.id, 'bewohnerparkausweis', 'after');
    office = await seedBackOffice(tx, a.id, { members: [clerk.id, clerk2.id, lead.id, lead2.id], now: t.clock.now() });
  });
});
after(() => t.close());

async function login(u: U): Promise<Client> {
  const c = new Client(t);
  const res = await c.login(`/${a.slug}`, u.email, u.password);
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  return c;
}

async function submitParking(c: Client, plate = 'HVL-PP 42'): Promise<void> {
  const form = `/${a.slug}/formulare/bewohnerparkausweis`;
  let page = await c.get(form);
  const rev = () => page.body.match(/name="revision" value="(\d+)"/)![1]!;
  const post = async (body: Record<string, string>) => {
    const res = await c.post(form, { revision: rev(), aktion: 'weiter', ...body });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    page = await c.get(String(res.headers.location));
  };
  await post({ schritt: '0', name: 'Petra Parker', email: 'petra@example.org', 'anschrift.street': 'Lindenweg 4', 'anschrift.postalCode': '14712', 'anschrift.city': 'Havelwerder', hauptwohnsitz: 'ja' });
  await post({ schritt: '1', kennzeichen: plate, halter: 'ja' });
  await post({ schritt: '2', beginn: '2026-12-01' });
  const key = page.body.match(/name="schluessel" value="([^"]+)"/)![1]!;
  const res = await c.post(`${form}/absenden`, { schluessel: key });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
}

interface Row {
  id: string;
  number: string;
  status: string;
  status_kind: string;
  version: number;
  assignee_id: string | null;
  due_at: Date;
  opened_at: Date;
  paused_since: Date | null;
  closed_at: Date | null;
  file_id: string | null;
  proposal: unknown;
  proposed_by: string | null;
  source_ref: string | null;
}
const caseRow = async (id: string) => (await t.db.one<Row>(sql`select * from cases where id = ${id}`))!;
const appRow = async (id: string) => (await t.db.one<{ status: string; version: number; decision: string | null; case_id: string | null; thread_id: string | null }>(sql`select status, version, decision, case_id, thread_id from applications where id = ${id}`))!;
const audits = async (action: string, objectId: string) => (await t.db.one<{ n: number }>(sql`select count(*)::int as n from audit_log where action = ${action} and object_id = ${objectId}`))!.n;

test('a portal application opens exactly one case: numbered by the file plan, with its own file, deadline and team', async () => {
  const c = await login(citizen);
  await submitParking(c);
  const app = (await t.db.one<{ id: string; number: string; case_id: string }>(sql`select id, number, case_id from applications where user_id = ${citizen.id}`))!;
  const cases = await t.db.rows<Row & { team_id: string; type_id: string; party: string; subject: string; source: string }>(sql`select * from cases where tenant_id = ${a.id}`);
  assert.equal(cases.length, 1, 'the submission opened the case in its transaction');
  const k = cases[0]!;
  assert.equal(k.number, '32.20-2026-000001', 'Aktenzeichen: plan code, year, running number');
  assert.equal(k.source, 'portal');
  assert.equal(k.source_ref, app.id);
  assert.equal(app.case_id, k.id, 'the application knows its case');
  assert.equal(k.type_id, office.types.parking);
  assert.equal(k.team_id, office.teamId);
  assert.equal(k.party, 'Petra Parker');
  assert.match(k.subject, new RegExp(app.number));
  assert.equal(k.status, 'eingegangen');
  assert.equal(k.due_at.getTime() - k.opened_at.getTime(), 14 * DAY, 'target days of the type');
  const file = await t.db.one<{ number: string; status: string; title: string }>(sql`select number, status, title from records_files where id = ${k.file_id}`);
  assert.equal(file!.status, 'open');
  assert.equal(file!.number, k.number, 'the case carries the Aktenzeichen of its own file');
  assert.match(file!.title, new RegExp(app.number));

  // The same event delivered twice more (a retry, a second node): still one case, no number used up.
  for (let i = 0; i < 2; i++) {
    await t.db.transaction((tx) => t.platform.emit(tx, 'application.received', { tenantId: a.id, applicationId: app.id, number: app.number, serviceSlug: 'bewohnerparkausweis', title: 'Bewohnerparkausweis beantragen', userId: citizen.id, now: t.clock.now() }));
  }
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from cases where tenant_id = ${a.id}`))!.n, 1);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from records_files where tenant_id = ${a.id}`))!.n, 1);
  assert.equal((await t.db.one<{ last: number }>(sql`select last from case_counters where tenant_id = ${a.id}`))!.last, 1);
  assert.equal(await audits('case.opened', k.id), 1);
});

test('the whole case: assignment, Rückfrage pauses the deadline, the answer resumes it, four-eyes decision, notice filed in the E-Akte, closing', async () => {
  const app = (await t.db.one<{ id: string; number: string; case_id: string }>(sql`select id, number, case_id from applications where user_id = ${citizen.id}`))!;
  const id = app.case_id;
  await t.platform.runJobs(); // receipt
  let k = await login(clerk);

  // The application's own page hands over to the case; its action buttons are gone and refuse.
  const appPage = await k.get(`/${a.slug}/verwaltung/antraege/${app.id}`);
  assert.match(appPage.body, /Zum Vorgang/);
  assert.doesNotMatch(appPage.body, /name="aktion" value="decide"/);
  const forced = await k.post(`/${a.slug}/verwaltung/antraege/${app.id}`, { aktion: 'take', version: String((await appRow(app.id)).version) });
  assert.equal(forced.statusCode, 409);
  assert.equal((await appRow(app.id)).status, 'received');

  // Unassigned → take over from the worklist.
  let list = await k.get(`${V()}?ansicht=unassigned`);
  assert.match(list.body, /32\.20-2026-000001/);
  let res = await k.post(`${V()}/${id}/zuweisen`, { an: 'ich', version: String((await caseRow(id)).version), zurueck: 'liste' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  assert.equal((await caseRow(id)).assignee_id, clerk.id);
  list = await k.get(V());
  assert.match(list.body, /32\.20-2026-000001/, 'now in "Meine"');

  // A step the workflow does not allow from here: 409, nothing changed.
  let before = await caseRow(id);
  res = await k.post(`${V()}/${id}/schritt`, { schritt: 'abschliessen', version: String(before.version) });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /im aktuellen Stand des Vorgangs nicht möglich/);
  assert.deepEqual(await caseRow(id), before);

  res = await k.post(`${V()}/${id}/schritt`, { schritt: 'bearbeiten', version: String(before.version) });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  assert.equal((await caseRow(id)).status, 'in_bearbeitung');
  assert.equal((await appRow(app.id)).status, 'in_progress', 'the citizen sees "in Bearbeitung"');

  // The same page submitted again (stale version): 409, nothing changed.
  before = await caseRow(id);
  res = await k.post(`${V()}/${id}/schritt`, { schritt: 'rueckfrage', version: String(before.version - 1), frage: 'Doppelt?' });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /inzwischen geändert/);
  assert.deepEqual(await caseRow(id), before);

  // Rückfrage: the question must be written, goes to the postbox; the clock stops.
  res = await k.post(`${V()}/${id}/schritt`, { schritt: 'rueckfrage', version: String(before.version), frage: '' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Bitte schreiben Sie Ihre Frage/);
  const askedAt = t.clock.now();
  res = await k.post(`${V()}/${id}/schritt`, { schritt: 'rueckfrage', version: String(before.version), frage: 'Bitte bestätigen Sie, dass das Fahrzeug dauerhaft bei Ihnen steht.' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  let row = await caseRow(id);
  assert.equal(row.status, 'rueckfrage');
  assert.equal(row.status_kind, 'waiting');
  assert.equal(row.paused_since!.getTime(), askedAt.getTime());
  const dueBefore = row.due_at.getTime();
  const a1 = await appRow(app.id);
  assert.equal(a1.status, 'query');
  const c = await login(citizen);
  const thread = await c.get(`/${a.slug}/konto/postfach/${a1.thread_id}`);
  assert.match(thread.body, /dauerhaft bei Ihnen steht/);
  assert.match((await k.get(`${V()}?ansicht=waiting`)).body, /32\.20-2026-000001/, 'in "Wartet auf Bürger"');
  const page1 = await k.get(`${V()}/${id}`);
  assert.match(page1.body, /pausiert seit 21\.11\.2026/);

  // Three days and five hours later the citizen answers: back to "in Bearbeitung", deadline later by exactly that.
  const paused = 3 * DAY + 5 * 3_600_000;
  t.clock.advance(paused);
  // Sessions have ended meanwhile (idle timeout): both log in again.
  await c.login(`/${a.slug}`, citizen.email, citizen.password);
  await c.get(`/${a.slug}/konto/postfach/${a1.thread_id}`);
  k = await login(clerk);
  res = await c.post(`/${a.slug}/konto/postfach/${a1.thread_id}`, { body: 'Ja, das Auto steht immer vor dem Haus.' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  row = await caseRow(id);
  assert.equal(row.status, 'in_bearbeitung', 'back to where the question was asked');
  assert.equal(row.status_kind, 'open');
  assert.equal(row.paused_since, null);
  assert.equal(row.due_at.getTime(), dueBefore + paused, 'the deadline moved by exactly the paused time');
  assert.equal((await appRow(app.id)).status, 'in_progress');
  assert.equal(await audits('case.resumed', id), 1);

  // Four-eyes: the clerk's decision is only a proposal.
  res = await k.post(`${V()}/${id}/schritt`, { schritt: 'entscheiden', version: String(row.version), entscheidung: 'rejected', begruendung: '' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /begründen Sie die Ablehnung/);
  res = await k.post(`${V()}/${id}/schritt`, { schritt: 'entscheiden', version: String(row.version), entscheidung: 'approved', begruendung: 'Voraussetzungen liegen vor.', gebuehr: '' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  row = await caseRow(id);
  assert.equal(row.status, 'in_bearbeitung', 'nothing decided yet');
  assert.equal(row.proposed_by, clerk.id);
  assert.deepEqual((row.proposal as { decision: string }).decision, 'approved');
  assert.equal((await appRow(app.id)).status, 'in_progress');
  assert.equal((await appRow(app.id)).decision, null);
  assert.match((await k.get(`${V()}/${id}`)).body, /Sie haben diesen Vorschlag gemacht/);
  // Other steps wait for the approval.
  res = await k.post(`${V()}/${id}/schritt`, { schritt: 'rueckfrage', version: String(row.version), frage: 'Noch etwas?' });
  assert.equal(res.statusCode, 409);

  // The proposer cannot approve (not even by forging the form); nor can another clerk.
  res = await k.post(`${V()}/${id}/vorschlag`, { aktion: 'freigeben', version: String(row.version) });
  assert.equal(res.statusCode, 403);
  const k2 = await login(clerk2);
  res = await k2.post(`${V()}/${id}/vorschlag`, { aktion: 'freigeben', version: String(row.version) });
  assert.equal(res.statusCode, 403);
  assert.equal(await audits('case.four_eyes_refused', id), 2);
  assert.deepEqual(await caseRow(id), row, 'refusals change nothing');

  // A head of section approves: now the transition happens and the application is decided.
  const l = await login(lead);
  const leadPage = await l.get(`${V()}/${id}`);
  assert.match(leadPage.body, /Freigeben und entscheiden/);
  res = await l.post(`${V()}/${id}/vorschlag`, { aktion: 'freigeben', version: String(row.version), vermerk: 'Einverstanden.' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  row = await caseRow(id);
  assert.equal(row.status, 'entschieden');
  assert.equal(row.proposal, null);
  const decided = await appRow(app.id);
  assert.equal(decided.status, 'decided');
  assert.equal(decided.decision, 'approved');
  assert.equal(await audits('case.decision_approved', id), 1);

  // The notice job renders the notice and the permit, delivers them and files them into the case's E-Akte.
  await t.platform.runJobs();
  const docs = await t.db.rows<{ title: string; direction: string; file_id: string; sha: string }>(sql`select d.title, d.direction, d.file_id, v.sha256 as sha
    from records_documents d join records_document_versions v on v.document_id = d.id where d.case_id = ${id} order by d.title`);
  assert.deepEqual(docs.map((d) => [d.title.replace(/ .*/, ''), d.direction, d.file_id]), [
    ['Bescheid', 'outgoing', row.file_id],
    ['Bewohnerparkausweis', 'outgoing', row.file_id],
  ]);
  const delivered = await t.db.rows<{ sha256: string }>(sql`select sha256 from postbox_notices where user_id = ${citizen.id} order by sha256`);
  assert.deepEqual(docs.map((d) => d.sha).sort(), delivered.map((d) => d.sha256), 'the filed documents are the delivered ones');
  const casePage = await k.get(`${V()}/${id}`);
  assert.match(casePage.body, /Bescheid ANT-2026-000001/);
  assert.match(casePage.body, new RegExp(`/${a.slug}/verwaltung/akten/dokumente/`));

  // Closing closes the file and the application; the citizen's timeline follows.
  res = await k.post(`${V()}/${id}/schritt`, { schritt: 'abschliessen', version: String(row.version) });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  row = await caseRow(id);
  assert.equal(row.status_kind, 'closed');
  assert.equal(row.closed_at!.getTime(), t.clock.now().getTime());
  assert.equal((await t.db.one<{ status: string }>(sql`select status from records_files where id = ${row.file_id}`))!.status, 'closed');
  assert.equal((await appRow(app.id)).status, 'closed');
  const timeline = await c.get(`/${a.slug}/konto/antraege/${app.id}`);
  for (const s of ['eingegangen', 'in Bearbeitung', 'Rückfrage an Sie', 'Ihre Antwort auf die Rückfrage', 'entschieden', 'abgeschlossen']) assert.match(timeline.body, new RegExp(s));
  const events = (await t.db.rows<{ kind: string }>(sql`select kind from case_events where case_id = ${id} order by at, id`)).map((e) => e.kind);
  assert.deepEqual(events, ['opened', 'assigned', 'transition', 'transition', 'answered', 'proposed', 'approved', 'transition', 'document', 'document', 'transition']);
});

test('a head of section cannot approve their own proposal either; sending back clears it', async () => {
  const id = await t.db.transaction(async (tx) => (await openCase(tx, { tenantId: a.id, typeId: office.types.parking, subject: 'Parkausweis Zone C', party: 'Jan Jäger', source: 'staff', actorId: lead2.id, now: t.clock.now() })).id);
  const l2 = await login(lead2);
  let res = await l2.post(`${V()}/${id}/schritt`, { schritt: 'bearbeiten', version: '1' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  res = await l2.post(`${V()}/${id}/schritt`, { schritt: 'entscheiden', version: '2', entscheidung: 'rejected', begruendung: 'Kein Hauptwohnsitz in der Zone.' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  const before = await caseRow(id);
  assert.equal(before.proposed_by, lead2.id);
  res = await l2.post(`${V()}/${id}/vorschlag`, { aktion: 'freigeben', version: String(before.version) });
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /Vier-Augen-Prinzip/);
  assert.equal(await audits('case.four_eyes_refused', id), 1);
  assert.deepEqual(await caseRow(id), before);
  const l = await login(lead);
  res = await l.post(`${V()}/${id}/vorschlag`, { aktion: 'zurueckgeben', version: String(before.version), vermerk: 'Bitte Meldeauskunft beifügen.' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  const after = await caseRow(id);
  assert.equal(after.proposal, null);
  assert.equal(after.status, 'in_bearbeitung');
  assert.equal(await audits('case.decision_returned', id), 1);
});

test('roles: only case workers reach the lists; a step reserved for a role is refused and audited; other teams see nothing', async () => {
  // A type whose closing only the head of section may do.
  const wf = {
    states: [
      { key: 'neu', label: 'neu', kind: 'open', initial: true },
      { key: 'erledigt', label: 'erledigt', kind: 'closed' },
    ],
    transitions: [{ key: 'erledigen', label: 'Erledigen', from: ['neu'], to: 'erledigt', roles: ['lead'] }],
  };
  const ad = await login(admin);
  await ad.get(`${V()}/typen/neu`);
  let res = await ad.post(`${V()}/typen/neu`, { name: 'Beschwerde', key: 'beschwerde', service: 'gibt-es-nicht', team: office.teamId, plan: office.plan.general, targetDays: '10', active: 'ja', workflow: '{"states": []}' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Leistungskatalog nicht/);
  assert.match(res.body, /Fehler im Ablauf/);
  assert.match(res.body, /mindestens zwei Zustände/);
  res = await ad.post(`${V()}/typen/neu`, { name: 'Beschwerde', key: 'bewohnerparkausweis', service: '', team: office.teamId, plan: office.plan.general, targetDays: '10', active: 'ja', workflow: JSON.stringify(wf) });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Diesen Schlüssel hat schon/);
  res = await ad.post(`${V()}/typen/neu`, { name: 'Beschwerde', key: 'beschwerde', service: '', team: office.teamId, plan: office.plan.general, targetDays: '10', active: 'ja', workflow: JSON.stringify(wf) });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  const typeId = (await t.db.one<{ id: string }>(sql`select id from case_types where tenant_id = ${a.id} and key = 'beschwerde'`))!.id;
  assert.match((await ad.get(`${V()}/typen`)).body, /Beschwerde/);

  const k = await login(clerk);
  await k.get(`${V()}/neu`);
  res = await k.post(`${V()}/neu`, { type: typeId, subject: 'x', party: '' });
  assert.equal(res.statusCode, 422);
  res = await k.post(`${V()}/neu`, { type: typeId, subject: 'Beschwerde über Baulärm', party: 'Bernd Bauer' });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  const id = String(res.headers.location).split('/').pop()!;
  const before = await caseRow(id);
  assert.equal(before.number, '1-2026-000001', 'plan code of "Allgemeine Verwaltung"; the running number counts per file-plan subject and year');
  res = await k.post(`${V()}/${id}/schritt`, { schritt: 'erledigen', version: String(before.version) });
  assert.equal(res.statusCode, 403);
  assert.deepEqual(await caseRow(id), before);
  assert.equal(await audits('case.step_refused', id), 1);
  assert.doesNotMatch((await k.get(`${V()}/${id}`)).body, /name="schritt" value="erledigen"/, 'no button for it');
  const l = await login(lead);
  res = await l.post(`${V()}/${id}/schritt`, { schritt: 'erledigen', version: String(before.version) });
  assert.equal(res.statusCode, 303, res.body.match(/<main[\s\S]{0,1500}/)?.[0]);
  assert.equal((await caseRow(id)).status_kind, 'closed');

  // Staff outside the case's team see neither it nor its steps; the treasury does not reach the lists at all.
  const o = await login(outsider);
  assert.equal((await o.get(`${V()}/${id}`)).statusCode, 404);
  assert.equal((await o.post(`${V()}/${id}/zuweisen`, { an: 'ich', version: '1' })).statusCode, 404);
  const tr = await login(treasury);
  assert.equal((await tr.get(V())).statusCode, 403);
  assert.equal((await tr.get(`${V()}/${id}`)).statusCode, 403);
  // Only the administration edits case types.
  assert.equal((await k.get(`${V()}/typen`)).statusCode, 403);
});

test('a clerk of another municipality sees nothing of these cases', async () => {
  const b = await createTenant(t.db);
  const clerkB = await createUser(t.db, b, { kind: 'staff', roles: ['clerk', 'admin'] });
  const id = (await t.db.one<{ id: string }>(sql`select id from cases where tenant_id = ${a.id} limit 1`))!.id;
  const k = new Client(t);
  await k.login(`/${b.slug}`, clerkB.email, clerkB.password);
  assert.equal((await k.get(`/${b.slug}/verwaltung/vorgaenge/${id}`)).statusCode, 404);
  assert.equal((await k.post(`/${b.slug}/verwaltung/vorgaenge/${id}/schritt`, { schritt: 'bearbeiten', version: '1' })).statusCode, 404);
  for (const tab of ['mine', 'team', 'unassigned', 'overdue', 'waiting', 'all']) {
    const list = await k.get(`/${b.slug}/verwaltung/vorgaenge?ansicht=${tab}&suche=Parker`);
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /32\.20-2026|Petra/);
    assert.match(list.body, /keine Vorgänge/);
  }
  // Their session does not count in the other municipality: a login is asked for.
  assert.equal((await k.get(`${V()}/${id}`)).statusCode, 303);
});

test('case numbers: 50 cases opened concurrently get 50 distinct consecutive numbers', async () => {
  const b = await createTenant(t.db);
  const bo = await t.db.transaction((tx) => seedBackOffice(tx, b.id, { members: [], now: t.clock.now() }));
  const opened = await Promise.all(
    Array.from({ length: 50 }, (_, i) => t.db.transaction((tx) => openCase(tx, { tenantId: b.id, typeId: bo.types.registration, subject: `Fall ${i}`, source: 'staff', actorId: null, now: t.clock.now() }))),
  );
  const numbers = opened.map((o) => o.number).sort();
  assert.deepEqual(numbers, Array.from({ length: 50 }, (_, i) => `32.10-2026-${String(i + 1).padStart(6, '0')}`));
  const files = await t.db.rows<{ number: string }>(sql`select number from records_files where tenant_id = ${b.id}`);
  assert.equal(new Set(files.map((f) => f.number)).size, 50, 'one file per case');
});

test('paid before processing: the case opens when the payment arrives, once', async () => {
  const b = await createTenant(t.db, { name: 'Bezahlstadt', city: 'Bezahlstadt' });
  const u = await createUser(t.db, b, { kind: 'citizen', name: 'Zora Zahler' });
  await t.db.transaction(async (tx) => {
    await seedCatalog(tx, b.id, 'havelwerder');
    await seedForms(tx, b.id, t.clock.now()); // 'before': pay first
    await seedBackOffice(tx, b.id, { members: [], now: t.clock.now() });
  });
  const prev = a;
  a = b;
  try {
    const c = new Client(t);
    await c.login(`/${b.slug}`, u.email, u.password);
    await submitParking(c, 'HVL-ZZ 7');
  } finally {
    a = prev;
  }
  const app = (await t.db.one<{ id: string; status: string }>(sql`select id, status from applications where user_id = ${u.id}`))!;
  assert.equal(app.status, 'awaiting_payment');
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from cases where tenant_id = ${b.id}`))!.n, 0, 'no case before the payment');
  await t.db.transaction((tx) => t.platform.emit(tx, 'payment.status', { tenantId: b.id, applicationId: app.id, status: 'PAYED', kassenzeichen: 'K1', now: t.clock.now() }));
  await t.db.transaction((tx) => t.platform.emit(tx, 'payment.status', { tenantId: b.id, applicationId: app.id, status: 'PAYED', kassenzeichen: 'K1', now: t.clock.now() }));
  const cases = await t.db.rows<{ source_ref: string }>(sql`select source_ref from cases where tenant_id = ${b.id}`);
  assert.deepEqual(cases.map((x) => x.source_ref), [app.id]);
});

test('absences: a clerk records their own with a substitute, who then sees their cases in "Meine"; teams are kept by the administration', async () => {
  const id = await t.db.transaction(async (tx) => {
    const o = await openCase(tx, { tenantId: a.id, typeId: office.types.registration, subject: 'Meldebescheinigung für die Vertretung', party: 'Vera Vertreten', source: 'staff', actorId: null, now: t.clock.now() });
    await tx.exec(sql`update cases set assignee_id = ${clerk.id} where id = ${o.id}`);
    return o.id;
  });
  const k = await login(clerk);
  const base = `${V()}/vertretungen`;
  await k.get(base);
  let res = await k.post(base, { substitute: clerk.id, from: '2026-11-30', to: '2026-11-20' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Niemand kann sich selbst vertreten/);
  assert.match(res.body, /Der letzte Tag liegt vor dem ersten Tag/);
  const k2 = await login(clerk2);
  assert.doesNotMatch((await k2.get(V())).body, /Vera Vertreten/);
  res = await k.post(base, { user: clerk2.id, substitute: clerk2.id, from: '2026-11-20', to: '2026-11-30' });
  assert.equal(res.statusCode, 303, 'a clerk cannot record an absence for someone else: the user field is ignored');
  const abs = (await t.db.one<{ id: string; user_id: string; substitute_id: string }>(sql`select id, user_id, substitute_id from case_absences where tenant_id = ${a.id}`))!;
  assert.deepEqual([abs.user_id, abs.substitute_id], [clerk.id, clerk2.id]);
  assert.match((await k2.get(V())).body, /Vera Vertreten/, 'the substitute sees the case in "Meine"');
  assert.equal((await k2.get(`${V()}/${id}`)).statusCode, 200);
  res = await k2.post(`${base}/${abs.id}/entfernen`, {});
  assert.equal(res.statusCode, 404, 'only the absent person or the administration removes it');
  res = await k.post(`${base}/${abs.id}/entfernen`, {});
  assert.equal(res.statusCode, 303);
  assert.doesNotMatch((await k2.get(V())).body, /Vera Vertreten/);

  const ad = await login(admin);
  await ad.get(`${V()}/teams`);
  res = await ad.post(`${V()}/teams`, { name: 'Bürgerbüro' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /gibt es schon/);
  res = await ad.post(`${V()}/teams`, { name: 'Ordnungsamt' });
  assert.equal(res.statusCode, 303);
  const team = (await t.db.one<{ id: string }>(sql`select id from case_teams where tenant_id = ${a.id} and name = 'Ordnungsamt'`))!.id;
  res = await ad.post(`${V()}/teams/${team}/mitglieder`, { user: outsider.id, aktion: 'hinzufuegen' });
  assert.equal(res.statusCode, 303);
  assert.equal((await t.db.one<{ n: number }>(sql`select count(*)::int as n from case_team_members where team_id = ${team} and user_id = ${outsider.id}`))!.n, 1);
  res = await ad.post(`${V()}/teams/${team}/mitglieder`, { user: treasury.id, aktion: 'hinzufuegen' });
  assert.equal(res.statusCode, 404, 'only case workers join teams');
  assert.match((await ad.get(`${V()}/teams`)).body, /Otto Außen/);
});
