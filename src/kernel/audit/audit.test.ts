import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb } from '../db/testing.ts';
import type { Db } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { audit, verifyAudit } from './audit.ts';
import { createTenant } from '../../testing/factories.ts';
import { runCommand } from '../../cli.ts';

let db: Db & { drop(): Promise<void> };
let tenantId: string;
before(async () => {
  db = await createTestDb();
  tenantId = (await createTenant(db)).id;
  const at = new Date('2026-11-21T10:00:00Z');
  for (let i = 0; i < 5; i++) {
    await db.transaction((tx) => audit(tx, { tenantId, actorId: null, actorKind: 'system', action: 'test.event', objectType: 'thing', objectId: String(i), details: { n: i, flag: true } }, at));
  }
  await db.transaction((tx) => audit(tx, { tenantId: null, actorId: null, actorKind: 'system', action: 'test.platform', objectType: 'thing', objectId: null }, at));
});
after(() => db.drop());

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(db, args, { out: (s) => out.push(s), err: (s) => err.push(s) }, { log2N: 10 });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('an untouched log verifies; concurrent writers of one tenant keep the chain linear', async () => {
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      db.transaction((tx) => audit(tx, { tenantId, actorId: null, actorKind: 'system', action: 'test.concurrent', objectType: 'thing', objectId: `c${i}` }, new Date())),
    ),
  );
  const r = await verifyAudit(db);
  assert.deepEqual(r.problems, []);
  assert.equal(r.records, 26);
  const res = await cli(['audit', 'verify']);
  assert.equal(res.code, 0);
  assert.match(res.out, /unverändert: 26 Einträge/);
});

test('the log is append-only: UPDATE and DELETE are refused by the database', async () => {
  await assert.rejects(db.exec(sql`update audit_log set action = 'x.y' where seq = 1`), /append-only/);
  await assert.rejects(db.exec(sql`delete from audit_log where seq = 1`), /append-only/);
});

test('audit verify detects a changed record and a deleted record', async () => {
  // Simulate an attacker with superuser rights who bypasses the trigger.
  await db.script(`alter table audit_log disable trigger audit_log_no_update;
    update audit_log set object_id = 'forged' where chain = '${tenantId}' and seq = 2;
    alter table audit_log enable trigger audit_log_no_update;`);
  let res = await cli(['audit', 'verify']);
  assert.equal(res.code, 1);
  assert.match(res.err, /Eintrag 2: verändert/);

  await db.script(`alter table audit_log disable trigger audit_log_no_update;
    delete from audit_log where chain = '${tenantId}' and seq = 4;
    alter table audit_log enable trigger audit_log_no_update;`);
  res = await cli(['audit', 'verify']);
  assert.equal(res.code, 1);
  assert.match(res.err, /Eintrag 4: fehlt/);
});

test('deleting the newest record is detected through the chain head', async () => {
  await db.script(`alter table audit_log disable trigger audit_log_no_update;
    delete from audit_log where chain = 'platform';
    alter table audit_log enable trigger audit_log_no_update;`);
  const r = await verifyAudit(db);
  assert.ok(r.problems.some((p) => p.chain === 'platform' && p.problem === 'head_mismatch'));
});
