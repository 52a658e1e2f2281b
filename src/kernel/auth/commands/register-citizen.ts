import type { Db } from '../../db/db.ts';
import { audit } from '../../audit/audit.ts';
import { queueMail } from '../../mail/mail.ts';
import type { Translate } from '../../web/i18n/i18n.ts';
import { hashPassword } from '../password.ts';
import { createUserToken } from '../sessions.ts';
import { findUserByEmail, insertUser } from '../users.ts';

export const VERIFY_TTL_MS = 24 * 3_600_000;

/**
 * Creates an unconfirmed citizen account and mails a confirmation link. If the address already
 * has an account, the owner is told by mail instead, and the page says the same as for a new one,
 * so the form cannot be used to find out who has an account.
 */
export async function registerCitizen(
  db: Db,
  o: { tenant: { id: string; name: string; slug: string }; email: string; displayName: string; password: string; now: Date; baseUrl: string; t: Translate; log2N: number },
): Promise<void> {
  const hash = await hashPassword(o.password, o.log2N);
  await db.transaction(async (tx) => {
    const existing = await findUserByEmail(tx, o.tenant.id, o.email);
    if (existing) {
      await audit(tx, { tenantId: o.tenant.id, actorId: null, actorKind: 'anonymous', action: 'user.registration_duplicate', objectType: 'user', objectId: existing.id }, o.now);
      await queueMail(tx, o.tenant.id, {
        to: existing.email,
        subject: o.t('mail.exists.subject', { tenant: o.tenant.name }),
        text: o.t('mail.exists.text', { tenant: o.tenant.name, link: `${o.baseUrl}/${o.tenant.slug}/passwort-vergessen` }),
      }, o.now);
      return;
    }
    const id = await insertUser(tx, { tenantId: o.tenant.id, kind: 'citizen', email: o.email, displayName: o.displayName, passwordHash: hash });
    if (!id) return; // lost a race with an identical registration: the first one stands
    const user = (await findUserByEmail(tx, o.tenant.id, o.email))!;
    const token = await createUserToken(tx, user, 'verify_email', o.now, VERIFY_TTL_MS);
    await audit(tx, { tenantId: o.tenant.id, actorId: id, actorKind: 'citizen', action: 'user.registered', objectType: 'user', objectId: id }, o.now);
    await queueMail(tx, o.tenant.id, {
      to: user.email,
      subject: o.t('mail.verify.subject', { tenant: o.tenant.name }),
      text: o.t('mail.verify.text', { tenant: o.tenant.name, link: `${o.baseUrl}/${o.tenant.slug}/registrieren/bestaetigen?token=${token}` }),
    }, o.now);
  });
}
