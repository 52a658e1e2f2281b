import type { Db } from '../../db/db.ts';
import { queueMail } from '../../mail/mail.ts';
import { audit } from '../../audit/audit.ts';
import type { Translate } from '../../web/i18n/i18n.ts';
import { createUserToken } from '../sessions.ts';
import { findUserByEmail } from '../users.ts';
import { VERIFY_TTL_MS } from './register-citizen.ts';

/** Sends a fresh confirmation link to an unconfirmed account (earlier links stop working). */
export async function sendVerificationAgain(
  db: Db,
  o: { tenant: { id: string; name: string; slug: string }; email: string; now: Date; baseUrl: string; t: Translate },
): Promise<void> {
  await db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, o.tenant.id, o.email);
    if (!user || user.emailVerified) return;
    const token = await createUserToken(tx, user, 'verify_email', o.now, VERIFY_TTL_MS);
    await audit(tx, { tenantId: o.tenant.id, actorId: user.id, actorKind: 'anonymous', action: 'user.verification_resent', objectType: 'user', objectId: user.id }, o.now);
    await queueMail(tx, o.tenant.id, {
      to: user.email,
      subject: o.t('mail.verify.subject', { tenant: o.tenant.name }),
      text: o.t('mail.verify.text', { tenant: o.tenant.name, link: `${o.baseUrl}/${o.tenant.slug}/registrieren/bestaetigen?token=${token}` }),
    }, o.now);
  });
}
