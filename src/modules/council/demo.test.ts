import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform } from '../../testing/harness.ts';
import { seedDemo } from '../../demo/seed.ts';
import { sql } from '../../kernel/index.ts';
import { listBodies, listMeetings, membershipsOfPerson, personByUser } from './repository.ts';

test('the demo seed gives both municipalities a council; the Amt serves several Gemeinden and the demo councillor sits in three bodies', async () => {
  const t = await testPlatform();
  try {
    assert.equal(await seedDemo(t.db, { log2N: 10, now: new Date('2026-11-21T10:00:00Z') }), true);
    const tenants = await t.db.rows<{ id: string; slug: string }>(sql`select id, slug from tenants order by slug`);
    const amt = tenants.find((x) => x.slug === 'amt-warnowtal')!;
    const stadt = tenants.find((x) => x.slug === 'havelwerder')!;
    const bodies = await listBodies(t.db, amt.id);
    assert.deepEqual([...new Set(bodies.map((b) => b.municipality))].sort(), [null, 'Lindenhagen', 'Ostrau am See'].sort());
    const user = await t.db.one<{ id: string }>(sql`select id from users where email = 'ratsmitglied@warnowtal.example'`);
    const rita = await personByUser(t.db, amt.id, user!.id);
    assert.ok(rita);
    assert.ok((await membershipsOfPerson(t.db, amt.id, rita.id)).length >= 3);
    for (const x of [amt, stadt]) {
      const meetings = await listMeetings(t.db, x.id);
      assert.deepEqual(meetings.map((m) => m.state), ['held', 'planned', 'planned'], x.slug);
      assert.equal(meetings[0]!.minutesState, 'released');
    }
  } finally {
    await t.close();
  }
});
