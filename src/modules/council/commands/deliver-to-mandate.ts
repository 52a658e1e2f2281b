import { audit, queueMail, storeFile, type Tx } from '../../../kernel/index.ts';
import { insertMailboxItem, setMailboxFile, type MailboxKind } from '../mailbox.repository.ts';
import { personById } from '../repository.ts';

/**
 * Puts a document into a member's Mandatspostfach, once per `dedupeKey`, in the caller's transaction, and queues a
 * content-free e-mail ("there is something in your Mandatspostfach"); no personal data travels by e-mail.
 */
export async function deliverToMandate(
  tx: Tx,
  o: { tenantId: string; tenantSlug: string; baseUrl: string; personId: string; kind: MailboxKind; subject: string; meetingId?: string | null; file?: { name: string; bytes: Uint8Array; mime?: string }; storedFileId?: string; dedupeKey: string; actorId: string | null; now: Date },
): Promise<{ id: string; fresh: true } | { fresh: false }> {
  const person = await personById(tx, o.tenantId, o.personId);
  if (!person || person.deletedAt) throw new Error('unknown council person');
  const id = await insertMailboxItem(tx, o.tenantId, { personId: o.personId, kind: o.kind, subject: o.subject, meetingId: o.meetingId ?? null, storedFileId: o.storedFileId ?? null, dedupeKey: o.dedupeKey }, o.now);
  if (!id) return { fresh: false };
  // The file is stored only for a fresh delivery, so a repeated call leaves nothing behind. A document that goes to
  // many members (the invitation bundle) can be stored once by the caller and passed as `storedFileId`.
  if (o.file && !o.storedFileId) {
    const stored = await storeFile(tx, { tenantId: o.tenantId, name: o.file.name, mime: o.file.mime ?? 'application/pdf', bytes: o.file.bytes, now: o.now });
    await setMailboxFile(tx, o.tenantId, id, stored.id);
  }
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: o.actorId ? 'staff' : 'system', action: 'council.mailbox_delivered', objectType: 'council_mailbox', objectId: id, details: { kind: o.kind, personId: o.personId } }, o.now);
  if (person.email) {
    await queueMail(tx, o.tenantId, {
      to: person.email,
      subject: 'Neue Unterlagen in Ihrem Mandatspostfach',
      text: `Guten Tag,\n\nin Ihrem Mandatspostfach liegen neue Unterlagen für Sie bereit. Bitte melden Sie sich an, um sie zu lesen:\n${o.baseUrl}/${o.tenantSlug}/mandat\n\nDiese Nachricht wurde automatisch erstellt.`,
    }, o.now);
  }
  return { id, fresh: true };
}
