import type { Db } from '../../db/db.ts';
import { audit } from '../../audit/audit.ts';
import { queueMail } from '../../mail/mail.ts';
import type { Translate } from '../../web/i18n/i18n.ts';
import { createUserToken } from '../sessions.ts';
import { findUserByEmail } from '../users.ts';

export const RESET_TTL_MS = 3_600_000;

/** Mails a one-hour reset link if the account exists; the answer is the same either way. */
export async function requestPasswordReset(
  db: Db,
  o: { tenant: { id: string | null; name: string; path: string }; email: string; now: Date; baseUrl: string; t: Translate },
): Promise<void> {
  await db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, o.tenant.id, o.email);
    if (!user || user.disabled) return;
    const token = await createUserToken(tx, user, 'reset_password', o.now, RESET_TTL_MS);
    await audit(tx, { tenantId: o.tenant.id, actorId: user.id, actorKind: 'anonymous', action: 'user.password_reset_requested', objectType: 'user', objectId: user.id }, o.now);
    await queueMail(tx, o.tenant.id, {
      to: user.email,
      subject: o.t('mail.reset.subject', { tenant: o.tenant.name }),
      text: o.t('mail.reset.text', { tenant: o.tenant.name, link: `${o.baseUrl}${o.tenant.path}/passwort-neu?token=${token}` }),
    }, o.now);
  });
}
