import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';
import { sql } from './sql.ts';

export const kernelMigrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));

export interface Migration {
  id: string;
  file: string;
}

/** Collects `*.sql` files from the kernel's and the modules' folders, ordered by file name (timestamp prefix). */
export function collectMigrations(dirs: readonly string[]): Migration[] {
  const all: Migration[] = [];
  for (const dir of dirs) {
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.sql')) continue;
      all.push({ id: basename(f, '.sql'), file: join(dir, f) });
    }
  }
  all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const seen = new Set<string>();
  for (const m of all) {
    if (seen.has(m.id)) throw new Error(`Doppelte Migration: ${m.id}`);
    seen.add(m.id);
  }
  return all;
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so several app
 * nodes starting at once against one PostgreSQL cluster cannot apply a migration twice.
 */
export async function migrate(db: Db, dirs: readonly string[]): Promise<string[]> {
  const migrations = collectMigrations(dirs);
  await db.script(`create table if not exists schema_migrations (
    id text primary key,
    applied_at timestamptz not null default now()
  )`);
  return db.transaction(async (tx) => {
    await tx.exec(sql`select pg_advisory_xact_lock(7270001)`);
    const done = new Set(
      (await tx.rows<{ id: string }>(sql`select id from schema_migrations`)).map((r) => r.id),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await tx.script(readFileSync(m.file, 'utf8'));
      await tx.exec(sql`insert into schema_migrations (id) values (${m.id})`);
      applied.push(m.id);
    }
    return applied;
  });
}

