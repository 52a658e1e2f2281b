import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from './db.ts';

/**
 * Test databases are clones of one migrated template made by scripts/test.ts:
 * a PGlite data-dir dump (TEST_PGLITE_TEMPLATE) or a PostgreSQL template database (TEST_PG_TEMPLATE).
 */
export async function createTestDb(): Promise<Db & { drop(): Promise<void> }> {
  const pgTemplate = process.env.TEST_PG_TEMPLATE;
  const url = process.env.DATABASE_URL;
  if (pgTemplate && url) {
    const name = `amt_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create database ${name} template ${pgTemplate}`);
    } finally {
      await admin.end();
    }
    const u = new URL(url);
    u.pathname = `/${name}`;
    const db = await openPostgres(u.toString(), { max: 8 });
    return Object.assign(db, {
      async drop() {
        await db.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          await c.query(`drop database if exists ${name} with (force)`);
        } finally {
          await c.end();
        }
      },
    });
  }
  const dump = process.env.TEST_PGLITE_TEMPLATE;
  if (!dump) throw new Error('Tests must run through `npm test` (scripts/test.ts builds the template database)');
  const db = await openPglite({ loadDataDir: new Blob([readFileSync(dump)]) });
  return Object.assign(db, { drop: () => db.close() });
}
