import { audit, enqueueJob, newToken, storeFile, type Tx } from '../../../kernel/index.ts';
import { bekanntgabeDate } from '../bekanntgabe.ts';
import { insertDocument, insertMessage, insertNotice, insertThread, ruleOf, type DocumentRow } from '../repository.ts';

export const NOTIFY_JOB = 'postbox.notify';

export interface OutgoingDocument {
  name: string;
  bytes: Buffer;
  kind: DocumentRow['kind'];
  title: string;
  /** Notices and permits get a verification token and a Bekanntgabe record; `publicDetails` show on the verification page. */
  notice?: { subject: string; reference: string; verifyToken: string; publicDetails: Record<string, string> };
}

/**
 * Puts a message (with documents) into the citizen's postbox, in the caller's transaction, and queues
 * the content-free e-mail notification. Notices are recorded with hash, provision time and the
 * tenant's Bekanntgabe rule.
 */
export async function postToCitizen(
  tx: Tx,
  o: { tenantId: string; userId: string; subject: string; reference: string; body: string; threadId?: string; authorId: string | null; documents?: OutgoingDocument[]; now: Date },
): Promise<{ threadId: string; messageId: string; documents: { id: string; kind: string; verifyToken?: string }[] }> {
  const threadId = o.threadId ?? (await insertThread(tx, { tenantId: o.tenantId, userId: o.userId, subject: o.subject, reference: o.reference, now: o.now }));
  const messageId = await insertMessage(tx, { tenantId: o.tenantId, threadId, sender: 'authority', authorId: o.authorId, body: o.body, now: o.now });
  const docs: { id: string; kind: string; verifyToken?: string }[] = [];
  const rule = await ruleOf(tx, o.tenantId);
  for (const d of o.documents ?? []) {
    const file = await storeFile(tx, { tenantId: o.tenantId, name: d.name, mime: 'application/pdf', bytes: d.bytes, now: o.now });
    const id = await insertDocument(tx, { tenantId: o.tenantId, userId: o.userId, threadId, messageId, fileId: file.id, kind: d.kind, title: d.title, now: o.now });
    if (d.notice) {
      const verifyToken = d.notice.verifyToken;
      await insertNotice(tx, {
        tenantId: o.tenantId,
        documentId: id,
        userId: o.userId,
        sha256: file.sha256,
        subject: d.notice.subject,
        reference: d.notice.reference,
        providedAt: o.now,
        rule,
        bekanntgabeDate: bekanntgabeDate(rule, { providedAt: o.now }),
        verifyToken,
        publicDetails: d.notice.publicDetails,
      });
      docs.push({ id, kind: d.kind, verifyToken });
    } else docs.push({ id, kind: d.kind });
  }
  await audit(tx, { tenantId: o.tenantId, actorId: o.authorId, actorKind: o.authorId ? 'staff' : 'system', action: 'postbox.message_sent', objectType: 'postbox_thread', objectId: threadId, details: { documents: docs.map((d) => d.id) } }, o.now);
  await enqueueJob(tx, { tenantId: o.tenantId, kind: NOTIFY_JOB, payload: { userId: o.userId, threadId, documentIds: docs.map((d) => d.id) }, runAt: o.now });
  return { threadId, messageId, documents: docs };
}

/** Reserves a verification token before the PDF is rendered, so the QR code can carry it. */
export function newVerifyToken(): string {
  return newToken();
}
