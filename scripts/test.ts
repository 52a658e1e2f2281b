/**
 * `npm test`: builds one migrated template database, then runs every `*.test.ts` under src/ with
 * node's test runner. Each test file clones the template (PGlite dump or PostgreSQL TEMPLATE),
 * so a test database costs well under a second. DATABASE_URL set = PostgreSQL, unset = PGlite.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openPglite, openPostgres } from '../src/kernel/db/db.ts';
import { createPgDatabase } from '../src/kernel/db/testing.ts';
import { migrate } from '../src/kernel/db/migrate.ts';
import { migrationDirs } from '../src/platform.ts';

function findTests(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (f.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const root = process.cwd();
const filter = process.argv.slice(2);
const files = findTests(join(root, 'src'))
  .map((f) => relative(root, f))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
const url = process.env.DATABASE_URL;
const env: NodeJS.ProcessEnv = { ...process.env };
let cleanup: () => Promise<void>;
const t0 = Date.now();

if (url) {
  const created = await createPgDatabase(url, 'amt_tpl');
  const db = await openPostgres(created.url, { max: 2 });
  await migrate(db, migrationDirs());
  await db.close();
  const name = created.name;
  env.TEST_PG_TEMPLATE = name;
  cleanup = created.drop;
  console.log(`# Testdatenbank: PostgreSQL-Vorlage ${name} (${Date.now() - t0} ms)`);
} else {
  const dir = join(root, '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `pglite-template-${process.pid}.tar`);
  const db = await openPglite({});
  await migrate(db, migrationDirs());
  const dump = await (db as unknown as { dump(): Promise<Blob> }).dump();
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  env.TEST_PGLITE_TEMPLATE = file;
  cleanup = async () => rmSync(file, { force: true });
  console.log(`# Testdatenbank: PGlite-Vorlage (${Date.now() - t0} ms)`);
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
const code: number = await new Promise((res) => child.on('exit', (c, sig) => res(c ?? (sig ? 1 : 0))));
await cleanup();
process.exit(code);
