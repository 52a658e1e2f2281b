import type { Queryable, Tx } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { tokenHash } from './tokens.ts';

export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/** Five wrong passwords for one account, or thirty from one address, within 15 minutes lock for 15 minutes. */
export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export function accountKey(tenantId: string | null, email: string): string {
  return 'a:' + tokenHash(`${tenantId ?? 'platform'}:${email.trim().toLowerCase()}`);
}
export function addressKey(ip: string): string {
  return 'i:' + tokenHash(ip);
}

export async function lockedUntil(db: Queryable, keys: string[], now: Date): Promise<Date | undefined> {
  const r = await db.one<{ until: Date | null }>(
    sql`select max(locked_until) as until from login_throttle where key = any(${keys}) and locked_until > ${now}`,
  );
  return r?.until ?? undefined;
}

export async function recordFailure(tx: Tx, key: string, rule: ThrottleRule, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - rule.windowMs);
  await tx.exec(sql`
    insert into login_throttle as t (key, failures, window_started_at) values (${key}, 1, ${now})
    on conflict (key) do update set
      failures = case when t.window_started_at < ${windowStart} then 1 else t.failures + 1 end,
      window_started_at = case when t.window_started_at < ${windowStart} then ${now} else t.window_started_at end`);
  await tx.exec(sql`update login_throttle set locked_until = ${new Date(now.getTime() + rule.lockMs)}, failures = 0, window_started_at = ${now}
    where key = ${key} and failures >= ${rule.maxFailures}`);
}

export async function clearFailures(tx: Tx, key: string): Promise<void> {
  await tx.exec(sql`delete from login_throttle where key = ${key}`);
}
