import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from './db.ts';

/**
 * Creates a throwaway database on the PostgreSQL server of `adminUrl` (optionally from a template)
 * and returns its URL and a function that drops it again. Used by tests, the test runner and the bench.
 */
export async function createPgDatabase(adminUrl: string, prefix: string, template?: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const run = async (statement: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await run(`create database ${name}${template ? ` template ${template}` : ''}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { name, url: u.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/**
 * Test databases are clones of one migrated template made by scripts/test.ts:
 * a PGlite data-dir dump (TEST_PGLITE_TEMPLATE) or a PostgreSQL template database (TEST_PG_TEMPLATE).
 */
export async function createTestDb(): Promise<Db & { drop(): Promise<void> }> {
  const pgTemplate = process.env.TEST_PG_TEMPLATE;
  const url = process.env.DATABASE_URL;
  if (pgTemplate && url) {
    const created = await createPgDatabase(url, 'amt_test', pgTemplate);
    const db = await openPostgres(created.url, { max: 8 });
    return Object.assign(db, {
      async drop() {
        await db.close();
        await created.drop();
      },
    });
  }
  const dump = process.env.TEST_PGLITE_TEMPLATE;
  if (!dump) throw new Error('Tests must run through `npm test` (scripts/test.ts builds the template database)');
  const db = await openPglite({ loadDataDir: new Blob([readFileSync(dump)]) });
  return Object.assign(db, { drop: () => db.close() });
}
