import { audit, type Db, type Platform, type User } from '../../../kernel/index.ts';
import { bekanntgabeDate } from '../bekanntgabe.ts';
import { insertMessage, markThreadRead, noticeOf, recordRetrieval, setBekanntgabe, type Thread } from '../repository.ts';

export const REPLY_MAX = 5000;

/** The citizen answers in a thread; modules waiting for an answer (a Rückfrage) hear of it in the same transaction. */
export async function replyInThread(p: Platform, o: { tenantId: string; user: User; thread: Thread; body: string; now: Date }): Promise<void> {
  await p.db.transaction(async (tx) => {
    const messageId = await insertMessage(tx, { tenantId: o.tenantId, threadId: o.thread.id, sender: 'citizen', authorId: o.user.id, body: o.body, now: o.now });
    await audit(tx, { tenantId: o.tenantId, actorId: o.user.id, actorKind: 'citizen', action: 'postbox.citizen_replied', objectType: 'postbox_thread', objectId: o.thread.id, details: { message: messageId } }, o.now);
    await p.emit(tx, 'postbox.citizen_replied', { tenantId: o.tenantId, threadId: o.thread.id, userId: o.user.id, now: o.now });
  });
}

export async function markRead(db: Db, o: { tenantId: string; user: User; threadId: string; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    if (await markThreadRead(tx, o.tenantId, o.threadId, 'citizen')) {
      await audit(tx, { tenantId: o.tenantId, actorId: o.user.id, actorKind: 'citizen', action: 'postbox.thread_read', objectType: 'postbox_thread', objectId: o.threadId }, o.now);
    }
  });
}

/**
 * Records the first authenticated retrieval of a notice by its addressee (once), and with it the
 * Bekanntgabe where the rule lets an earlier retrieval count.
 */
export async function recordDocumentRetrieval(db: Db, o: { tenantId: string; user: User; documentId: string; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const notice = await noticeOf(tx, o.tenantId, o.documentId);
    if (notice && notice.userId === o.user.id && !notice.firstRetrievedAt) {
      await recordRetrieval(tx, o.tenantId, o.documentId, o.user.id, o.now);
      await setBekanntgabe(tx, o.tenantId, o.documentId, bekanntgabeDate(notice.bekanntgabeRule, { providedAt: notice.providedAt, notifiedAt: notice.notifiedAt, firstRetrievedAt: o.now }));
    }
    await audit(tx, { tenantId: o.tenantId, actorId: o.user.id, actorKind: 'citizen', action: 'postbox.document_retrieved', objectType: 'postbox_document', objectId: o.documentId }, o.now);
  });
}
