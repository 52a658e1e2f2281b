import { sql, type Queryable, type Tx } from '../../kernel/index.ts';
import type { BekanntgabeRule } from './bekanntgabe.ts';

export interface Thread {
  id: string;
  subject: string;
  reference: string;
  lastMessageAt: Date;
  citizenUnread: number;
  userId: string;
}

export interface Message {
  id: string;
  sender: 'citizen' | 'authority';
  body: string;
  createdAt: Date;
}

export interface DocumentRow {
  id: string;
  kind: 'receipt' | 'notice' | 'permit' | 'attachment';
  title: string;
  fileId: string;
  createdAt: Date;
  threadId: string | null;
  userId: string;
}

export interface NoticeRow {
  documentId: string;
  userId: string;
  sha256: string;
  subject: string;
  reference: string;
  providedAt: Date;
  notifiedAt: Date | null;
  notificationResult: string | null;
  firstRetrievedAt: Date | null;
  bekanntgabeRule: BekanntgabeRule;
  bekanntgabeDate: string | null;
  verifyToken: string;
  status: 'valid' | 'revoked';
  publicDetails: Record<string, string>;
}

export async function ruleOf(db: Queryable, tenantId: string): Promise<BekanntgabeRule> {
  const r = await db.one<{ rule: BekanntgabeRule }>(sql`select bekanntgabe_rule as rule from postbox_settings where tenant_id = ${tenantId}`);
  return r?.rule ?? 'ozg9';
}

export async function setRule(tx: Tx, tenantId: string, rule: BekanntgabeRule): Promise<void> {
  await tx.exec(sql`insert into postbox_settings (tenant_id, bekanntgabe_rule) values (${tenantId}, ${rule})
    on conflict (tenant_id) do update set bekanntgabe_rule = excluded.bekanntgabe_rule`);
}

export async function insertThread(tx: Tx, o: { tenantId: string; userId: string; subject: string; reference: string; now: Date }): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into postbox_threads (tenant_id, user_id, subject, reference, created_at, last_message_at)
    values (${o.tenantId}, ${o.userId}, ${o.subject}, ${o.reference}, ${o.now}, ${o.now}) returning id`);
  return r!.id;
}

export async function insertMessage(tx: Tx, o: { tenantId: string; threadId: string; sender: 'citizen' | 'authority'; authorId: string | null; body: string; now: Date }): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into postbox_messages (tenant_id, thread_id, sender, author_id, body, created_at)
    values (${o.tenantId}, ${o.threadId}, ${o.sender}, ${o.authorId}, ${o.body}, ${o.now}) returning id`);
  await tx.exec(
    o.sender === 'authority'
      ? sql`update postbox_threads set last_message_at = ${o.now}, citizen_unread = citizen_unread + 1 where tenant_id = ${o.tenantId} and id = ${o.threadId}`
      : sql`update postbox_threads set last_message_at = ${o.now}, staff_unread = staff_unread + 1 where tenant_id = ${o.tenantId} and id = ${o.threadId}`,
  );
  return r!.id;
}

export async function insertDocument(tx: Tx, o: { tenantId: string; userId: string; threadId: string; messageId: string; fileId: string; kind: DocumentRow['kind']; title: string; now: Date }): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into postbox_documents (tenant_id, user_id, thread_id, message_id, file_id, kind, title, created_at)
    values (${o.tenantId}, ${o.userId}, ${o.threadId}, ${o.messageId}, ${o.fileId}, ${o.kind}, ${o.title}, ${o.now}) returning id`);
  return r!.id;
}

export async function insertNotice(tx: Tx, o: { tenantId: string; documentId: string; userId: string; sha256: string; subject: string; reference: string; providedAt: Date; rule: BekanntgabeRule; bekanntgabeDate: string | undefined; verifyToken: string; publicDetails: Record<string, string> }): Promise<void> {
  await tx.exec(sql`insert into postbox_notices (document_id, tenant_id, user_id, sha256, subject, reference, provided_at, bekanntgabe_rule, bekanntgabe_date, verify_token, public_details)
    values (${o.documentId}, ${o.tenantId}, ${o.userId}, ${o.sha256}, ${o.subject}, ${o.reference}, ${o.providedAt}, ${o.rule}, ${o.bekanntgabeDate ?? null}, ${o.verifyToken}, ${JSON.stringify(o.publicDetails)}::jsonb)`);
}

const noticeCols = sql`n.document_id as "documentId", n.user_id as "userId", n.sha256, n.subject, n.reference, n.provided_at as "providedAt",
  n.notified_at as "notifiedAt", n.notification_result as "notificationResult", n.first_retrieved_at as "firstRetrievedAt",
  n.bekanntgabe_rule as "bekanntgabeRule", n.bekanntgabe_date as "bekanntgabeDate", n.verify_token as "verifyToken", n.status,
  n.public_details as "publicDetails"`;

export async function noticeOf(db: Queryable, tenantId: string, documentId: string): Promise<NoticeRow | undefined> {
  return db.one<NoticeRow>(sql`select ${noticeCols} from postbox_notices n where n.tenant_id = ${tenantId} and n.document_id = ${documentId}`);
}

export async function noticeByToken(db: Queryable, tenantId: string, token: string): Promise<NoticeRow | undefined> {
  return db.one<NoticeRow>(sql`select ${noticeCols} from postbox_notices n where n.tenant_id = ${tenantId} and n.verify_token = ${token}`);
}

export async function noticesOfDocuments(db: Queryable, tenantId: string, ids: string[]): Promise<NoticeRow[]> {
  if (!ids.length) return [];
  return db.rows<NoticeRow>(sql`select ${noticeCols} from postbox_notices n where n.tenant_id = ${tenantId} and n.document_id = any(${ids})`);
}

/** Records the e-mail notification once; later attempts leave the first record as it is. */
export async function recordNotification(tx: Tx, tenantId: string, documentIds: string[], at: Date, result: string): Promise<void> {
  if (!documentIds.length) return;
  await tx.exec(sql`update postbox_notices set notified_at = ${at}, notification_result = ${result}
    where tenant_id = ${tenantId} and document_id = any(${documentIds}) and notified_at is null`);
}

export async function setBekanntgabe(tx: Tx, tenantId: string, documentId: string, date: string | undefined): Promise<void> {
  await tx.exec(sql`update postbox_notices set bekanntgabe_date = ${date ?? null} where tenant_id = ${tenantId} and document_id = ${documentId}`);
}

/** First authenticated retrieval, recorded once. Returns true when this call recorded it. */
export async function recordRetrieval(tx: Tx, tenantId: string, documentId: string, userId: string, at: Date): Promise<boolean> {
  const n = await tx.exec(sql`update postbox_notices set first_retrieved_at = ${at}, first_retrieved_by = ${userId}
    where tenant_id = ${tenantId} and document_id = ${documentId} and first_retrieved_at is null`);
  return n === 1;
}

export async function threadsOf(db: Queryable, tenantId: string, userId: string, limit = 200): Promise<Thread[]> {
  return db.rows<Thread>(sql`select id, subject, reference, last_message_at as "lastMessageAt", citizen_unread as "citizenUnread", user_id as "userId"
    from postbox_threads where tenant_id = ${tenantId} and user_id = ${userId} order by last_message_at desc limit ${limit}`);
}

export async function unreadCount(db: Queryable, tenantId: string, userId: string): Promise<{ threads: number; unread: number }> {
  const r = await db.one<{ threads: number; unread: number }>(sql`select count(*)::int as threads, coalesce(sum(citizen_unread), 0)::int as unread
    from postbox_threads where tenant_id = ${tenantId} and user_id = ${userId}`);
  return r ?? { threads: 0, unread: 0 };
}

export async function threadById(db: Queryable, tenantId: string, id: string): Promise<Thread | undefined> {
  return db.one<Thread>(sql`select id, subject, reference, last_message_at as "lastMessageAt", citizen_unread as "citizenUnread", user_id as "userId"
    from postbox_threads where tenant_id = ${tenantId} and id = ${id}`);
}

export async function messagesOf(db: Queryable, tenantId: string, threadId: string): Promise<Message[]> {
  return db.rows<Message>(sql`select id, sender, body, created_at as "createdAt" from postbox_messages
    where tenant_id = ${tenantId} and thread_id = ${threadId} order by created_at, id`);
}

export async function documentsOfThread(db: Queryable, tenantId: string, threadId: string): Promise<(DocumentRow & { messageId: string | null })[]> {
  return db.rows(sql`select id, kind, title, file_id as "fileId", created_at as "createdAt", thread_id as "threadId", user_id as "userId", message_id as "messageId"
    from postbox_documents where tenant_id = ${tenantId} and thread_id = ${threadId} order by created_at`);
}

export async function documentById(db: Queryable, tenantId: string, id: string): Promise<DocumentRow | undefined> {
  return db.one<DocumentRow>(sql`select id, kind, title, file_id as "fileId", created_at as "createdAt", thread_id as "threadId", user_id as "userId"
    from postbox_documents where tenant_id = ${tenantId} and id = ${id}`);
}

export async function markThreadRead(tx: Tx, tenantId: string, threadId: string, by: 'citizen' | 'staff'): Promise<boolean> {
  const n = await tx.exec(
    by === 'citizen'
      ? sql`update postbox_threads set citizen_unread = 0 where tenant_id = ${tenantId} and id = ${threadId} and citizen_unread > 0`
      : sql`update postbox_threads set staff_unread = 0 where tenant_id = ${tenantId} and id = ${threadId} and staff_unread > 0`,
  );
  return n > 0;
}

export async function noticesOfThread(db: Queryable, tenantId: string, threadId: string): Promise<(NoticeRow & { title: string; kind: string })[]> {
  return db.rows(sql`select ${noticeCols}, d.title, d.kind from postbox_notices n join postbox_documents d on d.id = n.document_id
    where n.tenant_id = ${tenantId} and d.thread_id = ${threadId} order by n.provided_at`);
}
