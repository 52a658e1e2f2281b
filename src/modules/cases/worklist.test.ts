import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testPlatform, type TestPlatform } from '../../testing/harness.ts';
import { createTenant, createUser } from '../../testing/factories.ts';
import { sql, type StaffRole } from '../../kernel/index.ts';
import { DEFAULT_APPLICATION_WORKFLOW, explainWorklist, openCase, scopeOf, worklist, type Viewer, type WorklistFilter, type WorklistItem } from './index.ts';
import { insertTeam, insertType, type CaseTypeData } from './repository.ts';

const DAY = 86_400_000;
type U = { id: string; email: string; password: string };

let t: TestPlatform;
let w: { id: string; slug: string };
let c1: U, c2: U, c3: U, lead: U, admin: U;
let teamA: string, teamB: string;
let types: { a: string; b: string; none: string };
let now: Date;

interface Row {
  id: string;
  number: string;
  year: number;
  seq: number;
  type_id: string;
  team_id: string | null;
  subject: string;
  party: string;
  status: string;
  assignee_id: string | null;
  opened_at: Date;
  due_at: Date;
  paused_since: Date | null;
  closed_at: Date | null;
}

const PARTIES = ['Anna Müller', 'Bernd Schmidt', 'Cem Yilmaz', 'Dora Wagner', 'Emil Becker'];
const SUBJECTS = ['Baumfällung im Garten', 'Sondernutzung Gehweg', 'Meldebescheinigung', 'Parkausweis Zone A'];

const typeData = (key: string, teamId: string | null, planItemId: string | null): CaseTypeData => ({
  key, name: key, serviceSlug: null, teamId, planItemId, targetDays: 10, fourEyes: false, workflow: DEFAULT_APPLICATION_WORKFLOW, active: true,
});

before(async () => {
  t = await testPlatform();
  w = await createTenant(t.db, { name: 'Listenstadt' });
  c1 = await createUser(t.db, w, { kind: 'staff', roles: ['clerk'], name: 'Clerk Eins' });
  c2 = await createUser(t.db, w, { kind: 'staff', roles: ['clerk'], name: 'Clerk Zwei' });
  c3 = await createUser(t.db, w, { kind: 'staff', roles: ['clerk'], name: 'Clerk Drei' });
  lead = await createUser(t.db, w, { kind: 'staff', roles: ['lead'], name: 'Leitung' });
  admin = await createUser(t.db, w, { kind: 'staff', roles: ['admin'], name: 'Admin' });
  now = t.clock.now();
  await t.db.transaction(async (tx) => {
    const plan = (await tx.one<{ id: string }>(sql`insert into records_plan_items (tenant_id, code, title, created_at) values (${w.id}, '32.10', 'Einwohnerwesen', ${now}) returning id`))!.id;
    teamA = (await insertTeam(tx, w.id, 'Team A'))!;
    teamB = (await insertTeam(tx, w.id, 'Team B'))!;
    for (const u of [c1, c2]) await tx.exec(sql`insert into case_team_members (tenant_id, team_id, user_id) values (${w.id}, ${teamA}, ${u.id})`);
    await tx.exec(sql`insert into case_team_members (tenant_id, team_id, user_id) values (${w.id}, ${teamB}, ${c3.id})`);
    types = { a: (await insertType(tx, w.id, typeData('typ-a', teamA, plan)))!, b: (await insertType(tx, w.id, typeData('typ-b', teamB, null)))!, none: (await insertType(tx, w.id, typeData('typ-ohne', null, null)))! };
    // 90 cases over 45 days: every combination of type, assignee, state and age.
    const assignees = [c1.id, c2.id, c3.id, null, null];
    for (let i = 0; i < 90; i++) {
      const typeId = [types.a, types.b, types.none][i % 3]!;
      const opened = new Date(now.getTime() - (45 - i / 2) * DAY - (i % 7) * 3_600_000);
      const o = await openCase(tx, { tenantId: w.id, typeId, subject: `${SUBJECTS[i % 4]} ${i}`, party: PARTIES[i % 5]!, source: 'staff', actorId: null, now: opened });
      const assignee = assignees[(i * 7) % 5] ?? null;
      const kind = i % 11 === 0 ? 'closed' : i % 6 === 0 ? 'waiting' : 'open';
      const status = kind === 'closed' ? 'abgeschlossen' : kind === 'waiting' ? 'rueckfrage' : i % 2 ? 'in_bearbeitung' : 'eingegangen';
      await tx.exec(sql`update cases set assignee_id = ${assignee}, status = ${status}, status_kind = ${kind},
        paused_since = ${kind === 'waiting' ? new Date(opened.getTime() + DAY) : null}, closed_at = ${kind === 'closed' ? new Date(opened.getTime() + 2 * DAY) : null}
        where tenant_id = ${w.id} and id = ${o.id}`);
    }
    // Vertretung: Clerk Zwei stands in for Clerk Eins today; an older absence of Clerk Drei has ended.
    const day = (d: number) => new Date(now.getTime() + d * DAY).toISOString().slice(0, 10);
    await tx.exec(sql`insert into case_absences (tenant_id, user_id, substitute_id, starts_on, ends_on) values (${w.id}, ${c1.id}, ${c2.id}, ${day(-1)}::date, ${day(3)}::date)`);
    await tx.exec(sql`insert into case_absences (tenant_id, user_id, substitute_id, starts_on, ends_on) values (${w.id}, ${c3.id}, ${c2.id}, ${day(-10)}::date, ${day(-2)}::date)`);
  });
});
after(() => t.close());

const viewer = (u: U, roles: StaffRole[]): Viewer => ({ userId: u.id, roles, today: now });

async function all(v: Viewer, filter: WorklistFilter): Promise<WorklistItem[]> {
  const out: WorklistItem[] = [];
  let after: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await worklist(t.db, w.id, v, filter, { limit: 7, ...(after ? { after } : {}) });
    assert.ok(page.items.length <= 7);
    out.push(...page.items);
    if (!page.more) break;
    assert.equal(page.items.length, 7, 'a page with more after it is full');
    after = page.next;
  }
  return out;
}

/** The expectation, computed from all rows with the rules written out once more. */
async function expected(o: { team: string[]; assignees: string[]; all: boolean }, pred: (r: Row) => boolean, sort: 'due' | 'opened' | 'number' = 'due'): Promise<string[]> {
  const rows = await t.db.rows<Row>(sql`select * from cases where tenant_id = ${w.id}`);
  const visible = (r: Row) => o.all || r.team_id === null || o.team.includes(r.team_id) || (r.assignee_id !== null && o.assignees.includes(r.assignee_id));
  const cmp = {
    due: (x: Row, y: Row) => x.due_at.getTime() - y.due_at.getTime() || (x.id < y.id ? -1 : 1),
    opened: (x: Row, y: Row) => y.opened_at.getTime() - x.opened_at.getTime() || (x.id < y.id ? 1 : -1),
    number: (x: Row, y: Row) => y.year - x.year || y.seq - x.seq,
  }[sort];
  return rows.filter((r) => visible(r) && pred(r)).sort(cmp).map((r) => r.id);
}

const ids = (items: WorklistItem[]) => items.map((i) => i.id);
const open = (r: Row) => r.closed_at === null;

test('"Meine" includes the cases of colleagues I stand in for today, not those of an ended absence', async () => {
  const v2 = viewer(c2, ['clerk']);
  const mine = await all(v2, { tab: 'mine' });
  const exp = await expected({ team: [teamA], assignees: [c2.id, c1.id], all: false }, (r) => open(r) && (r.assignee_id === c2.id || r.assignee_id === c1.id));
  assert.ok(exp.length > 10);
  assert.deepEqual(ids(mine), exp);
  assert.ok(mine.some((i) => i.assigneeName === 'Clerk Eins'), 'substitution shows');
  assert.ok(!mine.some((i) => i.assigneeName === 'Clerk Drei'), 'the ended absence does not');
  const mine1 = await all(viewer(c1, ['clerk']), { tab: 'mine' });
  assert.deepEqual(ids(mine1), await expected({ team: [teamA], assignees: [c1.id], all: true }, (r) => open(r) && r.assignee_id === c1.id));
});

test('team, unassigned, overdue and waiting lists for a clerk and for the head of section', async () => {
  const v1 = viewer(c1, ['clerk']);
  const s1 = { team: [teamA], assignees: [c1.id], all: false };
  assert.deepEqual(ids(await all(v1, { tab: 'team' })), await expected(s1, (r) => open(r) && r.team_id === teamA));
  assert.deepEqual(ids(await all(v1, { tab: 'unassigned' })), await expected(s1, (r) => open(r) && r.assignee_id === null && (r.team_id === teamA || r.team_id === null)));
  const overdue = await all(v1, { tab: 'overdue' });
  assert.ok(overdue.length > 0);
  assert.deepEqual(ids(overdue), await expected(s1, (r) => open(r) && r.paused_since === null && r.due_at < now));
  const waiting = await all(v1, { tab: 'waiting' });
  assert.ok(waiting.length > 0 && waiting.every((i) => i.statusKind === 'waiting' && i.statusLabel === 'Rückfrage'));
  assert.deepEqual(ids(waiting), await expected(s1, (r) => open(r) && r.paused_since !== null));
  // Team B's cases are not Clerk Eins's business unless assigned to them.
  assert.ok(!(await all(v1, { tab: 'all' })).some((i) => i.typeId === types.b && i.assigneeId !== c1.id));

  const vl = viewer(lead, ['lead']);
  const sl = { team: [], assignees: [lead.id], all: true };
  assert.deepEqual(ids(await all(vl, { tab: 'unassigned' })), await expected(sl, (r) => open(r) && r.assignee_id === null));
  assert.deepEqual(ids(await all(vl, { tab: 'overdue' })), await expected(sl, (r) => open(r) && r.paused_since === null && r.due_at < now));
  assert.deepEqual(ids(await all(vl, { tab: 'all' })), await expected(sl, open));
  assert.deepEqual(await all(vl, { tab: 'team' }), [], 'no team, no team list');
});

test('filters: type, status, opening dates, full text and number prefix; sorting by opening and number', async () => {
  const va = viewer(admin, ['admin']);
  const sa = { team: [], assignees: [], all: true };
  assert.deepEqual(ids(await all(va, { tab: 'all', typeId: types.b })), await expected(sa, (r) => open(r) && r.type_id === types.b));
  assert.deepEqual(ids(await all(va, { tab: 'all', status: 'in_bearbeitung' })), await expected(sa, (r) => r.status === 'in_bearbeitung'));
  const closed = await all(va, { tab: 'all', status: 'abgeschlossen' });
  assert.ok(closed.length > 0 && closed.every((i) => i.closedAt !== null), 'closed cases when a closed status is asked for');
  const from = new Date(now.getTime() - 30 * DAY).toISOString().slice(0, 10);
  const to = new Date(now.getTime() - 20 * DAY).toISOString().slice(0, 10);
  const berlin = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(d);
  const ranged = await all(va, { tab: 'all', openedFrom: from, openedTo: to });
  assert.ok(ranged.length > 5);
  assert.deepEqual(ids(ranged), await expected(sa, (r) => open(r) && berlin(r.opened_at) >= from && berlin(r.opened_at) <= to));
  const text = await all(va, { tab: 'all', text: 'Müller Baumfällung' });
  assert.ok(text.length > 0);
  assert.deepEqual(ids(text), await expected(sa, (r) => r.party === 'Anna Müller' && r.subject.startsWith('Baumfällung')), 'all words, stemmed, closed included');
  const prefix = await all(va, { tab: 'all', text: '32.10-2026-00000' });
  assert.deepEqual(prefix.map((i) => i.number).sort(), (await t.db.rows<{ number: string }>(sql`select number from cases where tenant_id = ${w.id} and number like '32.10-2026-00000%'`)).map((r) => r.number).sort());
  assert.deepEqual(ids(await all(va, { tab: 'all', sort: 'opened' })), await expected(sa, open, 'opened'));
  assert.deepEqual(ids(await all(va, { tab: 'all', sort: 'number' })), await expected(sa, open, 'number'));
});

test('the worklist page: tabs, filters, take over from the list, "Weitere Vorgänge"', async () => {
  const k = new Client(t);
  await k.login(`/${w.slug}`, c2.email, c2.password);
  const base = `/${w.slug}/verwaltung/vorgaenge`;
  let page = await k.get(base);
  assert.equal(page.statusCode, 200);
  for (const tab of ['Meine', 'Meines Teams', 'Nicht zugewiesen', 'Überfällig', 'Wartet auf Bürger']) assert.match(page.body, new RegExp(`>(<strong>)?${tab}<`));
  assert.match(page.body, /aria-current="page"><strong>Meine/);
  assert.match(page.body, /Weitere Vorgänge/);
  const next = page.body.match(/href="([^"]+nach=[^"]+)">Weitere Vorgänge/)![1]!.replace(/&amp;/g, '&');
  const page2 = await k.get(next);
  assert.equal(page2.statusCode, 200);
  const first = [...page.body.matchAll(/>(\d+\.\d+-2026-\d{6}|VG-2026-\d{6})</g)].map((m) => m[1]);
  const second = [...page2.body.matchAll(/>(\d+\.\d+-2026-\d{6}|VG-2026-\d{6})</g)].map((m) => m[1]);
  assert.equal(first.length, 25);
  assert.ok(second.length > 0 && second.every((n) => !first.includes(n)), 'the next page continues');
  page = await k.get(`${base}?ansicht=unassigned&suche=Yilmaz&von=2026-13-01`);
  assert.match(page.body, /Bitte geben Sie das Datum so an/);
  const take = page.body.match(/action="([^"]+\/zuweisen)"[\s\S]*?name="version" value="(\d+)"/)!;
  const res = await k.post(take[1]!, { an: 'ich', version: take[2]!, zurueck: 'liste' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, base);
  const again = await k.post(take[1]!, { an: 'ich', version: take[2]! });
  assert.equal(again.statusCode, 409, 'a second click on the old list is stale');
});

test('the worklist queries use the indexes (EXPLAIN on a few thousand cases in two tenants)', async () => {
  const ta = await createTenant(t.db);
  const tb = await createTenant(t.db);
  for (const x of [ta, tb]) {
    const u1 = await createUser(t.db, x, { kind: 'staff', roles: ['clerk'] });
    const u2 = await createUser(t.db, x, { kind: 'staff', roles: ['clerk'] });
    await t.db.transaction(async (tx) => {
      const tA = (await insertTeam(tx, x.id, 'A'))!;
      const tB = (await insertTeam(tx, x.id, 'B'))!;
      await tx.exec(sql`insert into case_team_members (tenant_id, team_id, user_id) values (${x.id}, ${tA}, ${u1.id})`);
      const type = (await insertType(tx, x.id, typeData('massen', tA, null)))!;
      await tx.exec(sql`insert into cases (tenant_id, number, year, seq, type_id, team_id, subject, party, status, status_kind, assignee_id, source, opened_at, due_at, paused_since, closed_at, updated_at)
        select ${x.id}, 'VG-2026-' || lpad(g::text, 6, '0'), 2026, g, ${type}, case when g % 3 = 0 then ${tA}::uuid when g % 3 = 1 then ${tB}::uuid end,
          'Betreff ' || g, 'Person ' || (g % 500), case when g % 10 = 0 then 'rueckfrage' else 'in_bearbeitung' end,
          case when g % 10 = 0 then 'waiting' when g % 9 = 0 then 'closed' else 'open' end,
          case when g % 5 = 0 then ${u1.id}::uuid when g % 5 = 1 then ${u2.id}::uuid end, 'staff',
          ${now}::timestamptz - g * interval '17 minutes', ${now}::timestamptz + (g % 60 - 20) * interval '1 day',
          case when g % 10 = 0 then ${now}::timestamptz end, case when g % 9 = 0 and g % 10 <> 0 then ${now}::timestamptz end, ${now}
        from generate_series(1, 2500) g`);
    });
  }
  await t.db.exec(sql`analyze cases`);
  const clerk = (await t.db.one<{ id: string }>(sql`select user_id as id from case_team_members where tenant_id = ${ta.id} limit 1`))!.id;
  const clerkScope = await scopeOf(t.db, ta.id, { userId: clerk, roles: ['clerk'], today: now });
  const leadScope = await scopeOf(t.db, ta.id, { userId: clerk, roles: ['lead'], today: now });
  const plans: [string, string][] = [];
  for (const [scope, filter] of [
    [clerkScope, { tab: 'mine' }],
    [clerkScope, { tab: 'team' }],
    [clerkScope, { tab: 'unassigned' }],
    [leadScope, { tab: 'unassigned' }],
    [leadScope, { tab: 'overdue' }],
    [leadScope, { tab: 'waiting' }],
    [leadScope, { tab: 'all' }],
    [leadScope, { tab: 'all', text: 'Person 17' }],
    [leadScope, { tab: 'all', text: 'VG-2026-0012' }],
    [leadScope, { tab: 'all', sort: 'opened' }],
    [leadScope, { tab: 'all', sort: 'number' }],
  ] as const) {
    const plan = await explainWorklist(t.db, ta.id, scope, now, filter);
    plans.push([JSON.stringify(filter), plan]);
    assert.doesNotMatch(plan, /Seq Scan on cases/, `${JSON.stringify(filter)}:\n${plan}`);
  }
  if (process.env.SHOW_PLANS) for (const [f, p] of plans) console.log(`PLAN ${f}\n${p}`);
  const planOf = (f: string) => plans.find(([k]) => k === f)![1];
  assert.match(planOf('{"tab":"mine"}'), /cases_assignee/, 'mine: one index range of the assignee, in deadline order');
  assert.match(planOf('{"tab":"team"}'), /cases_team/);
  assert.match(planOf('{"tab":"all","text":"VG-2026-0012"}'), /cases_number_prefix/);
  const analyzed = await explainWorklist(t.db, ta.id, leadScope, now, { tab: 'all' }, {}, { analyze: true });
  assert.match(analyzed, /cases_open_due/);
});
