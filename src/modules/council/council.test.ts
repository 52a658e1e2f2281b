import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform } from '../../testing/harness.ts';
import { createTenant } from '../../testing/factories.ts';
import { createCouncilFixture } from './testing.ts';
import { agendaOf, consultationsOfPaper, filesOfPaper, membershipsOfBody, nextPaperReference, overlappingMeeting, softDelete } from './repository.ts';

test('the council fixture builds a body with members, a paper on its path and a meeting; soft delete keeps the row', async () => {
  const t = await testPlatform();
  try {
    const a = await createTenant(t.db);
    const b = await createTenant(t.db);
    const f = await createCouncilFixture(t.db, a.id);
    assert.equal((await membershipsOfBody(t.db, a.id, f.councilId, { on: '2026-12-10' })).length, 7);
    assert.equal((await membershipsOfBody(t.db, b.id, f.councilId)).length, 0, 'another tenant sees nothing');
    assert.deepEqual((await agendaOf(t.db, a.id, f.meetingId)).map((i) => i.number), ['Ö 1', 'N 1']);
    assert.deepEqual((await consultationsOfPaper(t.db, a.id, f.paperId)).map((c) => [c.role, c.authoritative]), [['advising', false], ['deciding', true]]);
    const [file] = await filesOfPaper(t.db, a.id, f.paperId);
    assert.match(file!.sha512, /^[0-9a-f]{128}$/);
    const start = new Date('2026-12-10T18:00:00Z');
    assert.ok(await overlappingMeeting(t.db, a.id, f.councilId, start, new Date(start.getTime() + 3600_000), null));
    assert.equal(await overlappingMeeting(t.db, a.id, f.councilId, start, new Date(start.getTime() + 3600_000), f.meetingId), undefined);
    assert.equal(await t.db.transaction((tx) => nextPaperReference(tx, a.id, 'beschlussvorlage', 2026)), 'BV/2026/003');
    assert.equal(await t.db.transaction((tx) => nextPaperReference(tx, b.id, 'beschlussvorlage', 2026)), 'BV/2026/001');
    const later = new Date('2026-11-02T10:00:00Z');
    assert.equal(await t.db.transaction((tx) => softDelete(tx, 'agendaItem', a.id, f.secretItemId, later)), true);
    assert.deepEqual((await agendaOf(t.db, a.id, f.meetingId)).map((i) => i.number), ['Ö 1']);
    assert.equal(await t.db.transaction((tx) => softDelete(tx, 'agendaItem', b.id, f.publicItemId, later)), false, 'not across tenants');
  } finally {
    await t.close();
  }
});
