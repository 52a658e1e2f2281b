import { findTenantById, findUserById, type JobHandler, type Platform } from '../../kernel/index.ts';
import { bekanntgabeDate } from './bekanntgabe.ts';
import { noticesOfDocuments, recordNotification, setBekanntgabe } from './repository.ts';

/**
 * Sends the content-free notice "something new in your postbox" and records time and result for
 * every notice in the message (proof of notification, start of the § 122a AO period).
 */
export function notifyHandler(p: Platform): JobHandler {
  return async (job) => {
    const { userId, documentIds } = job.payload as { userId: string; documentIds: string[] };
    const tenantId = job.tenant_id!;
    const [tenant, user] = await Promise.all([findTenantById(p.db, tenantId), findUserById(p.db, tenantId, userId)]);
    if (!tenant || !user) return;
    const name = tenant.name;
    const link = `${p.config.baseUrl}/${tenant.slug}/konto/postfach`;
    await p.mail.send({
      from: p.config.smtpFrom,
      to: user.email,
      subject: `Neue Nachricht in Ihrem Postfach – ${name}`,
      text: `Guten Tag,\n\nin Ihrem Postfach bei ${name} liegt eine neue Nachricht für Sie.\nBitte melden Sie sich an, um sie zu lesen:\n\n${link}\n\nAus Datenschutzgründen enthält diese E-Mail keine Inhalte.\n\nIhre Verwaltung ${name}`,
    });
    const at = p.clock.now();
    await p.db.transaction(async (tx) => {
      await recordNotification(tx, tenantId, documentIds, at, 'an den Mailserver übergeben');
      for (const n of await noticesOfDocuments(tx, tenantId, documentIds)) {
        if (n.bekanntgabeRule === 'ao122a' && !n.firstRetrievedAt) await setBekanntgabe(tx, tenantId, n.documentId, bekanntgabeDate('ao122a', { providedAt: n.providedAt, notifiedAt: at }));
      }
    });
  };
}
