import type { Db } from '../../db/db.ts';
import { audit } from '../../audit/audit.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from '../password.ts';
import { createSession, type SessionPolicy } from '../sessions.ts';
import { ACCOUNT_RULE, ADDRESS_RULE, accountKey, addressKey, clearFailures, lockedUntil, recordFailure } from '../throttle.ts';
import { findUserByEmail, setPassword, type User } from '../users.ts';

export type LoginResult =
  | { ok: true; token: string; user: User }
  | { ok: false; reason: 'invalid' | 'locked' | 'unverified'; until?: Date; user?: User };

/**
 * Checks e-mail and password within one area (a tenant, or the platform for operators).
 * Unknown e-mails cost the same time as wrong passwords; failures count per account and address.
 */
export async function login(
  db: Db,
  o: { tenantId: string | null; email: string; password: string; ip: string; now: Date; session: SessionPolicy; log2N: number },
): Promise<LoginResult> {
  const keys = [accountKey(o.tenantId, o.email), addressKey(o.ip)];
  const until = await lockedUntil(db, keys, o.now);
  if (until) return { ok: false, reason: 'locked', until };
  const user = await findUserByEmail(db, o.tenantId, o.email);
  const valid = user && !user.disabled ? await verifyPassword(o.password, user.passwordHash) : (await verifyPassword(o.password, await dummyHash(o.log2N)), false);
  if (!valid || !user) {
    await db.transaction(async (tx) => {
      await recordFailure(tx, keys[0]!, ACCOUNT_RULE, o.now);
      await recordFailure(tx, keys[1]!, ADDRESS_RULE, o.now);
      await audit(tx, { tenantId: o.tenantId, actorId: user?.id ?? null, actorKind: 'anonymous', action: 'user.login_failed', objectType: 'user', objectId: user?.id ?? null }, o.now);
    });
    const after = await lockedUntil(db, keys, o.now);
    return after ? { ok: false, reason: 'locked', until: after } : { ok: false, reason: 'invalid' };
  }
  if (user.kind === 'citizen' && !user.emailVerified) return { ok: false, reason: 'unverified', user };
  const rehash = needsRehash(user.passwordHash, o.log2N) ? await hashPassword(o.password, o.log2N) : undefined;
  const token = await db.transaction(async (tx) => {
    await clearFailures(tx, keys[0]!);
    if (rehash) await setPassword(tx, user.tenantId, user.id, rehash);
    await audit(tx, { tenantId: user.tenantId, actorId: user.id, actorKind: user.kind, action: 'user.login', objectType: 'user', objectId: user.id }, o.now);
    return createSession(tx, user, o.now, o.session);
  });
  return { ok: true, token, user };
}
