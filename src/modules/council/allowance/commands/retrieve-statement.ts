// A member opens one of their own Sitzungsgeld statements: the PDF comes from the Mandatspostfach delivery, and the
// first retrieval is recorded as proof of delivery (like every other Mandatspostfach document).
import { audit, fileContent, type Db, type StoredFile } from '../../../../kernel/index.ts';
import { mailboxItem, markRetrieved } from '../../mailbox.repository.ts';
import { personByUser } from '../../repository.ts';
import { statementById } from '../allowance.repository.ts';

/** The PDF of the user's own delivered statement, or undefined (not theirs, not delivered, other tenant). */
export async function retrieveStatement(db: Db, o: { tenantId: string; userId: string; now: Date; statementId: string }): Promise<(StoredFile & { content: Buffer }) | undefined> {
  const person = await personByUser(db, o.tenantId, o.userId);
  const s = person ? await statementById(db, o.tenantId, o.statementId) : undefined;
  if (!person || !s || s.personId !== person.id || !s.mailboxId) return undefined;
  const item = await mailboxItem(db, o.tenantId, s.mailboxId);
  if (!item?.storedFileId) return undefined;
  const file = await fileContent(db, o.tenantId, item.storedFileId);
  if (!file) return undefined;
  await db.transaction(async (tx) => {
    await markRetrieved(tx, o.tenantId, item.id, o.now);
    await audit(tx, { tenantId: o.tenantId, actorId: o.userId, actorKind: 'staff', action: 'council.mailbox_retrieved', objectType: 'council_mailbox', objectId: item.id, details: { kind: 'statement' } }, o.now);
  });
  return file;
}
