import type { Queryable, Tx } from '../db/db.ts';
import { sql } from '../db/sql.ts';
import { newToken, tokenHash } from './tokens.ts';
import type { User } from './users.ts';
import { findUserById } from './users.ts';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export type IdentityLevel = 'basic' | 'substantial' | 'high';
export const LEVEL_RANK: Record<string, number> = { none: 0, basic: 1, substantial: 2, high: 3 };

export interface Session {
  idHash: string;
  tenantId: string | null;
  user: User;
  /** How strongly the person proved who they are at login (local password = basic). */
  level: IdentityLevel;
}

const TOUCH_EVERY_MS = 60_000;

/** Starts a fresh session (new random id at every login); returns the cookie value. */
export async function createSession(tx: Tx, user: User, now: Date, p: SessionPolicy, level: IdentityLevel = 'basic'): Promise<string> {
  const token = newToken();
  await tx.exec(sql`insert into sessions (id_hash, tenant_id, user_id, created_at, last_seen_at, expires_at, level)
    values (${tokenHash(token)}, ${user.tenantId}, ${user.id}, ${now}, ${now}, ${new Date(now.getTime() + p.absoluteMs)}, ${level})`);
  return token;
}

/** Resolves a cookie to a live session, enforcing idle and absolute timeouts. */
export async function loadSession(db: Queryable, token: string, now: Date, p: SessionPolicy): Promise<Session | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const idHash = tokenHash(token);
  const s = await db.one<{ tenant_id: string | null; user_id: string; last_seen_at: Date; expires_at: Date; level: IdentityLevel }>(
    sql`select tenant_id, user_id, last_seen_at, expires_at, level from sessions where id_hash = ${idHash}`,
  );
  if (!s) return undefined;
  if (s.expires_at <= now || s.last_seen_at.getTime() + p.idleMs <= now.getTime()) {
    await db.exec(sql`delete from sessions where id_hash = ${idHash}`);
    return undefined;
  }
  const user = await findUserById(db, s.tenant_id, s.user_id);
  if (!user || user.disabled) return undefined;
  if (now.getTime() - s.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await db.exec(sql`update sessions set last_seen_at = ${now} where id_hash = ${idHash}`);
  }
  return { idHash, tenantId: s.tenant_id, user, level: s.level };
}

export async function destroySession(tx: Tx, idHash: string): Promise<void> {
  await tx.exec(sql`delete from sessions where id_hash = ${idHash}`);
}

/** After a password reset every other device is logged out. */
export async function destroyUserSessions(tx: Tx, userId: string): Promise<void> {
  await tx.exec(sql`delete from sessions where user_id = ${userId}`);
}

export async function purgeExpiredSessions(db: Queryable, now: Date, p: SessionPolicy): Promise<number> {
  return db.exec(
    sql`delete from sessions where expires_at <= ${now} or last_seen_at <= ${new Date(now.getTime() - p.idleMs)}`,
  );
}

export type TokenPurpose = 'verify_email' | 'reset_password';

export async function createUserToken(tx: Tx, user: User, purpose: TokenPurpose, now: Date, ttlMs: number): Promise<string> {
  const token = newToken();
  await tx.exec(sql`update user_tokens set used_at = ${now} where user_id = ${user.id} and purpose = ${purpose} and used_at is null`);
  await tx.exec(sql`insert into user_tokens (id_hash, tenant_id, user_id, purpose, created_at, expires_at)
    values (${tokenHash(token)}, ${user.tenantId}, ${user.id}, ${purpose}, ${now}, ${new Date(now.getTime() + ttlMs)})`);
  return token;
}

/** Uses a one-time link exactly once; a second click (or a replay) gets nothing. */
export async function consumeUserToken(
  tx: Tx,
  tenantId: string | null,
  token: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<{ userId: string } | { problem: 'invalid' | 'used' | 'expired' }> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { problem: 'invalid' };
  const row = await tx.one<{ user_id: string; used_at: Date | null; expires_at: Date; tenant_id: string | null }>(
    sql`select user_id, used_at, expires_at, tenant_id from user_tokens where id_hash = ${tokenHash(token)} and purpose = ${purpose} for update`,
  );
  if (!row || row.tenant_id !== tenantId) return { problem: 'invalid' };
  if (row.used_at) return { problem: 'used' };
  if (row.expires_at <= now) return { problem: 'expired' };
  await tx.exec(sql`update user_tokens set used_at = ${now} where id_hash = ${tokenHash(token)}`);
  return { userId: row.user_id };
}

/** Peeks at a token without using it (to show the reset form only for a valid link). */
export async function peekUserToken(db: Queryable, tenantId: string | null, token: string, purpose: TokenPurpose, now: Date): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
  const row = await db.one<{ tenant_id: string | null }>(
    sql`select tenant_id from user_tokens where id_hash = ${tokenHash(token)} and purpose = ${purpose} and used_at is null and expires_at > ${now}`,
  );
  return !!row && row.tenant_id === tenantId;
}

/** After a password change every other device is logged out; the current one stays. */
export async function destroyOtherSessions(tx: Tx, userId: string, keepIdHash: string): Promise<void> {
  await tx.exec(sql`delete from sessions where user_id = ${userId} and id_hash <> ${keepIdHash}`);
}
