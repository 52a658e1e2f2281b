import type { Db } from './db/db.ts';
import { sql } from './db/sql.ts';
import { purgeExpiredSessions, type SessionPolicy } from './auth/sessions.ts';

const DAY = 86_400_000;

/** Removes what has served its purpose: ended sessions, old throttle counters, used links, finished jobs. */
export async function runMaintenance(db: Db, now: Date, p: SessionPolicy): Promise<Record<string, number>> {
  // PGlite has no autovacuum: without fresh statistics its planner picks plans that make large searches take
  // seconds (measured with 100,000 council papers). PostgreSQL's autovacuum does this on its own.
  if (db.engine === 'pglite') await db.script('analyze');
  return {
    sessions: await purgeExpiredSessions(db, now, p),
    throttle: await db.exec(sql`delete from login_throttle where window_started_at < ${new Date(now.getTime() - DAY)} and (locked_until is null or locked_until < ${now})`),
    tokens: await db.exec(sql`delete from user_tokens where expires_at < ${new Date(now.getTime() - 30 * DAY)}`),
    jobs: await db.exec(sql`delete from jobs where done_at < ${new Date(now.getTime() - 30 * DAY)}`),
  };
}
