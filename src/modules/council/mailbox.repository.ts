// SQL of the Mandatspostfach (electronic delivery to council members with proof of retrieval); tenant-scoped.
import { sql, type Queryable, type Tx } from '../../kernel/index.ts';

export type MailboxKind = 'invitation' | 'minutes' | 'statement' | 'notice';

export interface MailboxItem {
  id: string;
  personId: string;
  kind: MailboxKind;
  subject: string;
  meetingId: string | null;
  storedFileId: string | null;
  deliveredAt: Date;
  openedAt: Date | null;
  retrievals: number;
}

const cols = sql`id, person_id as "personId", kind, subject, meeting_id as "meetingId", stored_file_id as "storedFileId", delivered_at as "deliveredAt", opened_at as "openedAt", retrievals`;

/** Inserts once per dedupe key; returns the new id, or undefined when it was delivered before. */
export async function insertMailboxItem(
  tx: Tx,
  tenantId: string,
  d: { personId: string; kind: MailboxKind; subject: string; meetingId?: string | null; storedFileId?: string | null; dedupeKey: string },
  now: Date,
): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into council_mailbox (tenant_id, person_id, kind, subject, meeting_id, stored_file_id, dedupe_key, delivered_at)
    values (${tenantId}, ${d.personId}, ${d.kind}, ${d.subject}, ${d.meetingId ?? null}, ${d.storedFileId ?? null}, ${d.dedupeKey}, ${now})
    on conflict (tenant_id, dedupe_key) do nothing returning id`);
  return r?.id;
}

export async function setMailboxFile(tx: Tx, tenantId: string, id: string, storedFileId: string): Promise<void> {
  await tx.exec(sql`update council_mailbox set stored_file_id = ${storedFileId} where tenant_id = ${tenantId} and id = ${id}`);
}

export async function mailboxOf(db: Queryable, tenantId: string, personId: string, o: { limit?: number } = {}): Promise<MailboxItem[]> {
  return db.rows<MailboxItem>(sql`select ${cols} from council_mailbox where tenant_id = ${tenantId} and person_id = ${personId} order by delivered_at desc, id limit ${o.limit ?? 200}`);
}

export async function mailboxItem(db: Queryable, tenantId: string, id: string): Promise<MailboxItem | undefined> {
  return db.one<MailboxItem>(sql`select ${cols} from council_mailbox where tenant_id = ${tenantId} and id = ${id}`);
}

/** Delivery proof: the first retrieval time stays, later ones are counted. */
export async function markRetrieved(tx: Tx, tenantId: string, id: string, now: Date): Promise<void> {
  await tx.exec(sql`update council_mailbox set opened_at = coalesce(opened_at, ${now}), retrievals = retrievals + 1 where tenant_id = ${tenantId} and id = ${id}`);
}

/** Per member: delivered and first opened, for the council office's delivery overview of a meeting. */
export async function deliveriesOfMeeting(db: Queryable, tenantId: string, meetingId: string, kind: MailboxKind): Promise<MailboxItem[]> {
  return db.rows<MailboxItem>(sql`select ${cols} from council_mailbox where tenant_id = ${tenantId} and meeting_id = ${meetingId} and kind = ${kind} order by delivered_at, id`);
}
