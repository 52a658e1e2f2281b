import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb } from './testing.ts';
import { NestedDbUseError, type Db } from './db.ts';
import { sql } from './sql.ts';

let db: Db & { drop(): Promise<void> };
before(async () => {
  db = await createTestDb();
});
after(() => db.drop());

test('sql builder binds every interpolation as a parameter and nests fragments', () => {
  const where = sql`name = ${"x'; drop table tenants; --"}`;
  const q = sql`select * from t where ${where} and id = ${7} ${sql.join([sql`a = ${1}`, sql`b = ${2}`], ' and ')}`.toQuery();
  assert.equal(q.text, 'select * from t where name = $1 and id = $2 a = $3 and b = $4');
  assert.deepEqual(q.values, ["x'; drop table tenants; --", 7, 1, 2]);
  assert.throws(() => sql.raw('1; drop table x'));
});

test('50 concurrent read-modify-write transactions lose no update', async () => {
  await db.script('create table counter (id int primary key, n int not null); insert into counter values (1, 0);');
  await Promise.all(
    Array.from({ length: 50 }, () =>
      db.transaction(async (tx) => {
        const row = await tx.one<{ n: number }>(sql`select n from counter where id = 1 for update`);
        await new Promise((r) => setTimeout(r, 1));
        await tx.exec(sql`update counter set n = ${row!.n + 1} where id = 1`);
      }),
    ),
  );
  const r = await db.one<{ n: number }>(sql`select n from counter where id = 1`);
  assert.equal(r!.n, 50);
});

test('a failing transaction rolls back everything it wrote', async () => {
  await db.script('create table rb (v int)');
  await assert.rejects(
    db.transaction(async (tx) => {
      await tx.exec(sql`insert into rb values (1)`);
      throw new Error('boom');
    }),
    /boom/,
  );
  const r = await db.one<{ n: number }>(sql`select count(*)::int as n from rb`);
  assert.equal(r!.n, 0);
});

test('using the database handle inside a transaction is refused instead of deadlocking', async () => {
  await assert.rejects(
    db.transaction(async () => {
      await db.one(sql`select 1`);
    }),
    NestedDbUseError,
  );
  // the handle still works afterwards
  assert.deepEqual(await db.one(sql`select 1::int as one`), { one: 1 });
});

test('types come back the same on both engines: int8 as number, date as string, timestamptz as Date', async () => {
  const r = await db.one<{ big: number; d: string; ts: Date; num: string }>(
    sql`select 9007199254740::int8 as big, date '2026-02-15' as d, timestamptz '2026-02-15 10:00:00+01' as ts, 12.50::numeric as num`,
  );
  assert.equal(r!.big, 9007199254740);
  assert.equal(r!.d, '2026-02-15');
  assert.ok(r!.ts instanceof Date);
  assert.equal(r!.ts.toISOString(), '2026-02-15T09:00:00.000Z');
  assert.equal(r!.num, '12.50');
});

test('the template is migrated with the German text-search configuration available', async () => {
  const r = await db.one<{ v: string }>(sql`select to_tsvector('german', 'Meldebescheinigungen beantragen')::text as v`);
  assert.match(r!.v, /meldebeschein/);
  assert.match(r!.v, /beantrag/);
});
