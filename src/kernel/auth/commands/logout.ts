import type { Db } from '../../db/db.ts';
import { audit } from '../../audit/audit.ts';
import { destroySession, type Session } from '../sessions.ts';

/** Ends the session server-side; the cookie alone is worthless afterwards. */
export async function logout(db: Db, o: { session: Session; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    await destroySession(tx, o.session.idHash);
    const u = o.session.user;
    await audit(tx, { tenantId: u.tenantId, actorId: u.id, actorKind: u.kind, action: 'user.logout', objectType: 'user', objectId: u.id }, o.now);
  });
}
