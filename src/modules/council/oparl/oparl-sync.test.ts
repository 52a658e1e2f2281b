// OParl 1.1 synchronisation: modified_since with tombstones, keyset paging that neither skips nor repeats objects
// changed during a walk, `modified` that follows every embedded change, filters, malformed parameters, tenant isolation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../../kernel/index.ts';
import { testPlatform, type TestPlatform } from '../../../testing/harness.ts';
import { createTenant } from '../../../testing/factories.ts';
import { createCouncilFixture } from '../testing.ts';
import { insertConsultation, insertCouncilFile, insertPaper, setAgendaResult, softDelete } from '../repository.ts';
import { validateOparlError, validateOparlListPage, validateOparlObject } from './schema-check.ts';
import { effectiveModified, listPage, OPARL_KINDS } from './oparl.repository.ts';

const BASE = 'http://portal.test';
type Json = Record<string, unknown>;
type Page = { data: Json[]; pagination: Json; links: { first: string; self: string; next?: string } };

const enc = encodeURIComponent;

async function get(t: TestPlatform, url: string): Promise<Page & Json> {
  const res = await t.app.inject({ url: url.startsWith(BASE) ? url.slice(BASE.length) : url });
  assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`);
  return res.json() as Page & Json;
}

/** All pages of a list, following links.next; checks every page against the schema. */
async function walk(t: TestPlatform, url: string, between?: (page: number) => Promise<void>): Promise<Page[]> {
  const pages: Page[] = [];
  let next: string | undefined = url;
  while (next) {
    const page = await get(t, next);
    assert.deepEqual(validateOparlListPage(page), [], next);
    pages.push(page);
    next = page.links.next;
    if (next && between) await between(pages.length);
  }
  return pages;
}

const ids = (pages: Page[]) => pages.flatMap((p) => p.data.map((o) => String(o.id).split('/').pop()!));

test('150 papers: two pages, links.next on the first only, and a walk neither skips nor repeats papers changed meanwhile', async () => {
  const t = await testPlatform();
  try {
    const a = await createTenant(t.db);
    const start = new Date('2026-10-01T08:00:00Z');
    const paperIds = await t.db.transaction(async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 150; i++) {
        out.push(await insertPaper(tx, a.id, { reference: `MI/2026/${String(i + 1).padStart(3, '0')}`, name: `Mitteilung ${i + 1}`, paperType: 'mitteilung', date: '2026-10-01', status: 'released' }, new Date(start.getTime() + i * 60_000)));
      }
      return out;
    });
    const list = `/oparl/v1.1/body/${a.slug}/paper`;
    const pages = await walk(t, list);
    assert.equal(pages.length, 2);
    assert.deepEqual(pages.map((p) => [p.data.length, p.links.next !== undefined, p.pagination.elementsPerPage]), [[100, true, 100], [50, false, 100]]);
    assert.equal(pages[1]!.links.first, `${BASE}${list}`);
    assert.deepEqual(ids(pages), paperIds, 'stable order by creation');

    // During a walk a paper already read and one still to come change (the first moves to the newest `modified`).
    const bump = (id: string, at: string) => t.db.exec(sql`update council_papers set name = name || ' (geändert)', modified_at = ${new Date(at)} where id = ${id}`);
    const changed = await walk(t, `${list}?limit=40`, async (page) => {
      if (page === 1) {
        await bump(paperIds[10]!, '2026-11-02T08:00:00Z');
        await bump(paperIds[120]!, '2026-11-02T08:00:01Z');
      }
    });
    assert.equal(changed.length, 4);
    assert.deepEqual(ids(changed), paperIds, 'no paper skipped, none twice');
    assert.equal(changed[3]!.data.find((o) => String(o.id).endsWith(paperIds[120]!))!.name, 'Mitteilung 121 (geändert)');

    // The same for an incremental sync: modified_since kept in every link, the change picked up exactly once.
    const since = '2026-10-01T10:00:00+02:00'; // 08:00Z: all papers
    const sync = await walk(t, `${list}?modified_since=${enc(since)}&limit=60`, async (page) => {
      if (page === 1) await bump(paperIds[5]!, '2026-11-03T08:00:00Z');
    });
    for (const p of sync) assert.ok(p.links.self.includes(`modified_since=${enc(since)}`) && p.links.self.includes('limit=60'), p.links.self);
    assert.deepEqual(ids(sync), paperIds);
    const recent = await walk(t, `${list}?modified_since=${enc('2026-11-02T09:00:00+01:00')}`);
    assert.deepEqual(ids(recent).sort(), [paperIds[5]!, paperIds[10]!, paperIds[120]!].sort());
  } finally {
    await t.close();
  }
});

test('modified_since lists deleted and depublished objects as tombstones; without it they are absent', async () => {
  const t = await testPlatform();
  try {
    const a = await createTenant(t.db);
    const f = await createCouncilFixture(t.db, a.id);
    const body = `/oparl/v1.1/body/${a.slug}`;
    const t1 = new Date('2026-11-10T12:00:00Z');
    const t2 = new Date('2026-11-11T12:00:00Z');
    await t.db.transaction((tx) => softDelete(tx, 'agendaItem', a.id, f.publicItemId, t1));
    // Depublishing the paper (OParl: depublished means deleted) takes its file and consultations with it.
    await t.db.exec(sql`update council_papers set public = false, modified_at = ${t2} where id = ${f.paperId}`);

    const since = `modified_since=${enc('2026-11-10T00:00:00+01:00')}`;
    // The item's consultation belongs to the paper depublished at t2, so the item's newest change is t2 as well.
    for (const [kind, id, modified] of [
      ['agendaitem', f.publicItemId, '2026-11-11T13:00:00+01:00'],
      ['paper', f.paperId, '2026-11-11T13:00:00+01:00'],
      ['file', f.fileId, '2026-11-11T13:00:00+01:00'],
    ] as const) {
      const page = await get(t, `${body}/${kind}?${since}`);
      assert.deepEqual(validateOparlListPage(page), []);
      const tomb = page.data.find((o) => String(o.id).endsWith(id));
      assert.deepEqual(tomb, { id: `${BASE}${body}/${kind}/${id}`, type: `https://schema.oparl.org/1.1/${kind === 'agendaitem' ? 'AgendaItem' : kind === 'paper' ? 'Paper' : 'File'}`, created: '2026-11-01T10:00:00+01:00', modified, deleted: true }, kind);
      const plain = await get(t, `${body}/${kind}`);
      assert.ok(!plain.data.some((o) => String(o.id).endsWith(id)), `${kind} absent without modified_since`);
    }
    const consultations = await get(t, `${body}/consultation?${since}`);
    assert.ok(consultations.data.length >= 2 && consultations.data.every((c) => c.deleted === true), 'the paper’s consultations are gone too');
    // The meeting embedded the deleted item: it changed, and embeds no deleted object.
    const meetings = await get(t, `${body}/meeting?${since}`);
    const meeting = meetings.data.find((m) => String(m.id).endsWith(f.meetingId))!;
    assert.equal(meeting.modified, '2026-11-11T13:00:00+01:00');
    assert.equal(meeting.agendaItem, undefined);
    assert.equal((await t.app.inject({ url: `${body}/file/${f.fileId}/download` })).statusCode, 410);
    assert.equal((await t.app.inject({ url: `${body}/paper/${f.paperId}` })).statusCode, 404, 'depublished: not public any more');
    // modified_until excludes what changed later; created filters work on creation time.
    const until = await get(t, `${body}/meeting?modified_until=${enc('2026-11-11T13:00:00+01:00')}`);
    assert.equal(until.data.length, 1);
    assert.equal((await get(t, `${body}/meeting?modified_until=${enc('2026-11-11T12:59:59+01:00')}`)).data.length, 0);
    assert.equal((await get(t, `${body}/location?modified_until=${enc('2026-11-01T10:00:00+01:00')}`)).data.length, 1, 'until is inclusive to the second');
    assert.equal((await get(t, `${body}/organization?created_since=${enc('2026-11-01T10:00:01+01:00')}`)).data.length, 0);
    assert.equal((await get(t, `${body}/organization?created_until=${enc('2026-11-01T10:00:00+01:00')}&created_since=${enc('2026-11-01T09:00:00Z')}`)).data.length, 3);
  } finally {
    await t.close();
  }
});

test('an object reports the newest change of what it embeds, even when the parent was not touched', async () => {
  const t = await testPlatform();
  try {
    const a = await createTenant(t.db);
    const f = await createCouncilFixture(t.db, a.id);
    const body = `/oparl/v1.1/body/${a.slug}`;
    const paper = await get(t, `${body}/paper/${f.paperId}`);
    assert.equal(paper.modified, '2026-11-01T10:00:00+01:00');
    const at = new Date('2026-11-12T08:30:00Z');
    const fileId = await t.db.transaction((tx) => insertCouncilFile(tx, a.id, { name: 'Anlage 1', fileName: 'anlage.txt', mime: 'text/plain', bytes: Buffer.from('x'), role: 'attachment', paperId: f.paperId }, at));
    const after = await get(t, `${body}/paper/${f.paperId}`);
    assert.equal(after.modified, '2026-11-12T09:30:00+01:00');
    assert.equal(((after.auxiliaryFile as Json[])[0] as Json).id, `${BASE}${body}/file/${fileId}`);
    const since = await get(t, `${body}/paper?modified_since=${enc('2026-11-12T09:30:00+01:00')}`);
    assert.deepEqual(ids([since]), [f.paperId]);

    // Minutes released: result visible on the agenda item, and the item (not touched itself) reports the change.
    const item0 = await get(t, `${body}/agendaitem/${f.publicItemId}`);
    await t.db.exec(sql`update council_agenda_items set result = 'Beschlossen', modified_at = ${new Date('2026-11-13T08:00:00Z')} where id = ${f.publicItemId}`);
    const hidden = await get(t, `${body}/agendaitem/${f.publicItemId}`);
    assert.equal(hidden.result, undefined, 'no result before the minutes are released');
    assert.equal(item0.order, 0);
    await t.db.exec(sql`update council_meetings set minutes_state = 'released', state = 'held', modified_at = ${new Date('2026-11-14T08:00:00Z')} where id = ${f.meetingId}`);
    const released = await get(t, `${body}/agendaitem/${f.publicItemId}`);
    assert.deepEqual([released.result, released.modified], ['Beschlossen', '2026-11-14T09:00:00+01:00']);
    assert.deepEqual(validateOparlObject(released), []);
  } finally {
    await t.close();
  }
});

test('malformed parameters answer 400 with an OParl error object and CORS; omit_internal drops embedded objects', async () => {
  const t = await testPlatform();
  try {
    const a = await createTenant(t.db);
    const f = await createCouncilFixture(t.db, a.id);
    const body = `/oparl/v1.1/body/${a.slug}`;
    for (const q of [
      'modified_since=2026-11-01',
      `modified_since=${enc('2026-13-01T00:00:00+01:00')}`,
      'modified_since=gestern',
      `created_until=${enc('2026-11-01T25:00:00Z')}`,
      'limit=0',
      'limit=abc',
      'limit=-5',
      'cursor=kaputt!',
      `cursor=${Buffer.from('123.not-a-uuid').toString('base64url')}`,
      'omit_internal=ja',
      'modified_since=2026-11-01T00:00:00Z&modified_since=2026-11-02T00:00:00Z',
    ]) {
      const res = await t.app.inject({ url: `${body}/paper?${q}` });
      assert.equal(res.statusCode, 400, q);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(validateOparlError(res.json()), [], q);
    }
    // An unencoded "+" arrives as a space and is still understood; links carry it encoded.
    const lenient = await get(t, `${body}/paper?modified_since=2026-10-01T00:00:00+01:00`);
    assert.equal(lenient.links.self, `${BASE}${body}/paper?modified_since=2026-10-01T00%3A00%3A00%2B01%3A00`);
    assert.equal((await get(t, `${body}/paper?limit=500`)).pagination.elementsPerPage, 100, 'limit above 100 is capped');

    const full = await get(t, `${body}/paper/${f.paperId}`);
    assert.ok(Array.isArray(full.consultation) && full.mainFile);
    const omitted = await get(t, `${body}/paper?omit_internal=true`);
    assert.deepEqual(validateOparlListPage(omitted), []);
    const p = omitted.data[0]!;
    assert.equal(p.consultation, undefined);
    assert.equal(p.mainFile, undefined);
    assert.ok(omitted.links.self.endsWith('?omit_internal=true'));
    const meetings = await get(t, `${body}/meeting?omit_internal=true`);
    assert.equal(meetings.data[0]!.agendaItem, undefined);
    assert.equal(meetings.data[0]!.location, undefined);
  } finally {
    await t.close();
  }
});

test("tenant isolation: a body's URLs never return another municipality's objects", async () => {
  const t = await testPlatform();
  try {
    const a = await createTenant(t.db);
    const b = await createTenant(t.db);
    const fa = await createCouncilFixture(t.db, a.id);
    const fb = await createCouncilFixture(t.db, b.id);
    const bodyA = `/oparl/v1.1/body/${a.slug}`;
    for (const [kind, id] of [
      ['paper', fb.paperId],
      ['meeting', fb.meetingId],
      ['agendaitem', fb.publicItemId],
      ['organization', fb.councilId],
      ['person', fb.personIds[0]!],
      ['membership', fb.membershipIds[0]!],
      ['file', fb.fileId],
      ['location', fb.locationId],
      ['legislativeterm', fb.termId],
    ] as const) {
      const res = await t.app.inject({ url: `${bodyA}/${kind}/${id}` });
      assert.equal(res.statusCode, 404, `${kind} of B under A`);
      assert.deepEqual(validateOparlError(res.json()), []);
    }
    assert.equal((await t.app.inject({ url: `${bodyA}/file/${fb.fileId}/download` })).statusCode, 404);
    assert.equal((await t.app.inject({ url: `${bodyA}/organization/${fb.councilId}/meeting` })).statusCode, 404);
    const everything = JSON.stringify(
      await Promise.all(['organization', 'person', 'membership', 'meeting', 'agendaitem', 'paper', 'consultation', 'file', 'location', 'legislativeterm'].map((k) => get(t, `${bodyA}/${k}?modified_since=${enc('2000-01-01T00:00:00Z')}`))),
    );
    for (const id of [fb.paperId, fb.meetingId, fb.councilId, fb.fileId, fb.personIds[0]!, fb.termId]) assert.ok(!everything.includes(id), id);
    assert.ok(everything.includes(fa.paperId), 'A’s own objects are there');
    const orgMeetings = await get(t, `${bodyA}/organization/${fa.councilId}/meeting`);
    assert.deepEqual(ids([orgMeetings]), [fa.meetingId]);
    assert.deepEqual(ids([await get(t, `${bodyA}/organization/${fa.committeeId}/meeting`)]), []);
  } finally {
    await t.close();
  }
});

test('modified_since selects exactly the objects whose reported modified is not older, by either query plan', async () => {
  const t = await testPlatform();
  try {
    const a = await createTenant(t.db);
    const f = await createCouncilFixture(t.db, a.id);
    const at = (d: number) => new Date(Date.UTC(2026, 10, d, 9));
    // Changes of all sorts, none of them touching the parents.
    await t.db.transaction(async (tx) => {
      await insertCouncilFile(tx, a.id, { name: 'Anlage', fileName: 'a.txt', mime: 'text/plain', bytes: Buffer.from('a'), role: 'attachment', paperId: f.paperId }, at(3));
      await insertCouncilFile(tx, a.id, { name: 'Plan', fileName: 'p.txt', mime: 'text/plain', bytes: Buffer.from('p'), role: 'auxiliary', agendaItemId: f.publicItemId, meetingId: f.meetingId }, at(4));
      await setAgendaResult(tx, a.id, f.publicItemId, { result: 'Beschlossen', resolutionText: null }, at(5));
      await insertConsultation(tx, a.id, { paperId: f.secretPaperId, bodyId: f.committeeId, position: 1, role: 'noting' }, at(6));
      await softDelete(tx, 'membership', a.id, f.membershipIds[3]!, at(7));
      await tx.exec(sql`update council_meetings set minutes_state = 'released', modified_at = ${at(8)} where id = ${f.meetingId}`);
      await tx.exec(sql`update council_locations set room = 'Raum 2', modified_at = ${at(9)} where id = ${f.locationId}`);
      await softDelete(tx, 'consultation', a.id, (await tx.one<{ id: string }>(sql`select id from council_consultations where paper_id = ${f.paperId} and position = 0`))!.id, at(10));
      await tx.exec(sql`update council_papers set status = 'withdrawn', modified_at = ${at(11)} where id = ${f.paperId}`);
    });
    for (const kind of OPARL_KINDS) {
      const all = (await listPage(t.db, a.id, kind, { modifiedSince: new Date(0), limit: 100 })).rows;
      const mods = await effectiveModified(t.db, a.id, kind, all.map((r) => r.id));
      const instants = [...new Set([...mods.values()].map((d) => d.getTime()))].flatMap((ms) => [ms, ms + 1]);
      for (const ms of instants) {
        const since = new Date(ms);
        const expected = all.filter((r) => mods.get(r.id)!.getTime() >= ms).map((r) => `${r.id}:${r.visible}`);
        for (const sparseBelow of [0, 1_000_000]) {
          const got = (await listPage(t.db, a.id, kind, { modifiedSince: since, limit: 100, sparseBelow })).rows.map((r) => `${r.id}:${r.visible}`);
          assert.deepEqual(got, expected, `${kind} since ${since.toISOString()} (${sparseBelow ? 'from the changes' : 'walking all'})`);
        }
        const until = (await listPage(t.db, a.id, kind, { modifiedUntil: since, limit: 100 })).rows.map((r) => r.id);
        assert.deepEqual(until, all.filter((r) => r.visible && mods.get(r.id)!.getTime() <= ms).map((r) => r.id), `${kind} until ${since.toISOString()}`);
      }
    }
    // Spot checks of what bumped what: the withdrawn paper took its file along; the location change reached the meeting.
    const files = await effectiveModified(t.db, a.id, 'file', [f.fileId]);
    assert.equal(files.get(f.fileId)!.toISOString(), at(11).toISOString());
    const meetings = await effectiveModified(t.db, a.id, 'meeting', [f.meetingId]);
    assert.equal(meetings.get(f.meetingId)!.toISOString(), at(11).toISOString(), 'the withdrawn paper hides the consultation of an item of this meeting');
  } finally {
    await t.close();
  }
});
