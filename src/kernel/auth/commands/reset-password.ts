import type { Db } from '../../db/db.ts';
import { audit } from '../../audit/audit.ts';
import { queueMail } from '../../mail/mail.ts';
import type { Translate } from '../../web/i18n/i18n.ts';
import { hashPassword } from '../password.ts';
import { consumeUserToken, destroyUserSessions } from '../sessions.ts';
import { findUserById, markVerified, setPassword } from '../users.ts';
import { accountKey, clearFailures } from '../throttle.ts';

/**
 * Sets a new password through a one-time link, logs out every session and tells the owner by
 * mail (BSI CON.10.A1: notify immediately on reset). A reset link also proves the address.
 */
export async function resetPassword(
  db: Db,
  o: { tenant: { id: string | null; name: string }; token: string; password: string; now: Date; t: Translate; log2N: number },
) {
  const hash = await hashPassword(o.password, o.log2N);
  return db.transaction(async (tx) => {
    const r = await consumeUserToken(tx, o.tenant.id, o.token, 'reset_password', o.now);
    if ('problem' in r) return r;
    const user = (await findUserById(tx, o.tenant.id, r.userId))!;
    await setPassword(tx, o.tenant.id, user.id, hash);
    await markVerified(tx, o.tenant.id, user.id, o.now);
    await destroyUserSessions(tx, user.id);
    await clearFailures(tx, accountKey(o.tenant.id, user.email));
    await audit(tx, { tenantId: o.tenant.id, actorId: user.id, actorKind: user.kind, action: 'user.password_reset', objectType: 'user', objectId: user.id }, o.now);
    await queueMail(tx, o.tenant.id, {
      to: user.email,
      subject: o.t('mail.resetDone.subject', { tenant: o.tenant.name }),
      text: o.t('mail.resetDone.text', { tenant: o.tenant.name }),
    }, o.now);
    return { ok: true as const };
  });
}
