import type { Db } from '../../db/db.ts';
import { audit } from '../../audit/audit.ts';
import { consumeUserToken } from '../sessions.ts';
import { markVerified } from '../users.ts';

/** Confirms the address behind a one-time link. */
export async function verifyEmail(db: Db, o: { tenantId: string; token: string; now: Date }) {
  return db.transaction(async (tx) => {
    const r = await consumeUserToken(tx, o.tenantId, o.token, 'verify_email', o.now);
    if ('problem' in r) return r;
    await markVerified(tx, o.tenantId, r.userId, o.now);
    await audit(tx, { tenantId: o.tenantId, actorId: r.userId, actorKind: 'citizen', action: 'user.email_verified', objectType: 'user', objectId: r.userId }, o.now);
    return { ok: true as const };
  });
}
