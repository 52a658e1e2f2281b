// SQL of the Posteingang (inbound mail with receipt stamps) and the Postausgang (outgoing letters, print batches).
// Every statement is tenant-scoped. Files and documents of the E-Akte are read by id only (see records).
import { sql, type Queryable, type Tx } from '../../kernel/index.ts';

export type InboundKind = 'letter' | 'email';
export type InboundStatus = 'new' | 'assigned';
export type TextStatus = 'complete' | 'partial' | 'none';

export interface InboundAttachment {
  name: string;
  mime: string;
  size: number;
}

export interface InboundItem {
  id: string;
  /** Receipt number, e.g. "PE-2026-000042". */
  number: string;
  year: number;
  runningNo: number;
  receivedAt: Date;
  kind: InboundKind;
  storedFileId: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  sender: string;
  subject: string;
  sentAt: Date | null;
  status: InboundStatus;
  caseId: string | null;
  caseNumber: string | null;
  fileId: string | null;
  fileNumber: string | null;
  documentId: string | null;
  uploadedByName: string | null;
  assignedByName: string | null;
  assignedAt: Date | null;
  textStatus: TextStatus;
  attachments: InboundAttachment[];
}

const inboundCols = sql`i.id, 'PE-' || i.year || '-' || lpad(i.running_no::text, 6, '0') as number, i.year, i.running_no as "runningNo", i.received_at as "receivedAt",
  i.kind, i.stored_file_id as "storedFileId", f.name, f.mime, f.size, f.sha256, i.sender, i.subject, i.sent_at as "sentAt", i.status,
  i.case_id as "caseId", c.number as "caseNumber", i.file_id as "fileId", rf.number as "fileNumber", i.document_id as "documentId",
  up.display_name as "uploadedByName", ab.display_name as "assignedByName", i.assigned_at as "assignedAt", i.text_status as "textStatus", i.attachments`;

const inboundFrom = (tenantId: string) => sql`inbound_items i
  join files f on f.id = i.stored_file_id and f.tenant_id = ${tenantId}
  left join cases c on c.id = i.case_id and c.tenant_id = ${tenantId}
  left join records_files rf on rf.id = i.file_id and rf.tenant_id = ${tenantId}
  left join users up on up.id = i.uploaded_by and up.tenant_id = ${tenantId}
  left join users ab on ab.id = i.assigned_by and ab.tenant_id = ${tenantId}`;

/** Next receipt number of the tenant's year: an atomic upsert, rolled back with the transaction (no gaps). */
export async function nextInboundNo(tx: Tx, tenantId: string, year: number): Promise<number> {
  const r = await tx.one<{ last: number }>(sql`insert into inbound_counters (tenant_id, year, last) values (${tenantId}, ${year}, 1)
    on conflict (tenant_id, year) do update set last = inbound_counters.last + 1 returning last`);
  return r!.last;
}

export async function insertInbound(
  tx: Tx,
  i: { tenantId: string; year: number; runningNo: number; receivedAt: Date; kind: InboundKind; storedFileId: string; sender: string; subject: string; sentAt: Date | null; text: string; textStatus: TextStatus; attachments: InboundAttachment[]; uploadedBy: string; requestKey: string | null },
): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into inbound_items (tenant_id, year, running_no, received_at, kind, stored_file_id, sender, subject, sent_at, content_text, text_status, attachments, uploaded_by, request_key)
    values (${i.tenantId}, ${i.year}, ${i.runningNo}, ${i.receivedAt}, ${i.kind}, ${i.storedFileId}, ${i.sender}, ${i.subject}, ${i.sentAt}, ${i.text}, ${i.textStatus}, ${JSON.stringify(i.attachments)}::jsonb, ${i.uploadedBy}, ${i.requestKey})
    on conflict (tenant_id, request_key) where request_key is not null do nothing returning id`);
  return r?.id;
}

export async function inboundById(db: Queryable, tenantId: string, id: string): Promise<InboundItem | undefined> {
  return db.one<InboundItem>(sql`select ${inboundCols} from ${inboundFrom(tenantId)} where i.tenant_id = ${tenantId} and i.id = ${id}`);
}

export async function inboundIdByKey(db: Queryable, tenantId: string, key: string): Promise<string | undefined> {
  return (await db.one<{ id: string }>(sql`select id from inbound_items where tenant_id = ${tenantId} and request_key = ${key}`))?.id;
}

/** The text read from the original (PDF text layer, e-mail headers and body) for preview and search. */
export async function inboundText(db: Queryable, tenantId: string, id: string, max: number): Promise<string> {
  return (await db.one<{ t: string }>(sql`select left(content_text, ${max}) as t from inbound_items where tenant_id = ${tenantId} and id = ${id}`))?.t ?? '';
}

/** New items, oldest first (what waits longest comes first), and the latest assigned ones. */
export async function listInbound(db: Queryable, tenantId: string, o: { status: InboundStatus; limit: number }): Promise<InboundItem[]> {
  return db.rows<InboundItem>(sql`select ${inboundCols} from ${inboundFrom(tenantId)} where i.tenant_id = ${tenantId} and i.status = ${o.status}
    order by ${o.status === 'new' ? sql`i.received_at, i.year, i.running_no` : sql`i.assigned_at desc, i.id desc`} limit ${o.limit}`);
}

/** Takes a new item for assignment: only from status 'new', so a double click or a stale page files nothing twice. */
export async function claimInbound(tx: Tx, tenantId: string, id: string, actorId: string, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update inbound_items set status = 'assigned', assigned_by = ${actorId}, assigned_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and status = 'new'`)) === 1;
}

export async function setInboundTarget(tx: Tx, tenantId: string, id: string, t: { caseId: string | null; fileId: string; documentId: string }): Promise<void> {
  await tx.exec(sql`update inbound_items set case_id = ${t.caseId}, file_id = ${t.fileId}, document_id = ${t.documentId} where tenant_id = ${tenantId} and id = ${id}`);
}

// The E-Akte's files, found by their Aktenzeichen (records owns the table; read only here).
export async function recordFileByNumber(db: Queryable, tenantId: string, number: string): Promise<{ id: string; number: string; title: string; status: string } | undefined> {
  return db.one(sql`select id, number, title, status from records_files where tenant_id = ${tenantId} and number = ${number}`);
}

// Outgoing letters

export interface OutgoingLetter {
  id: string;
  caseId: string;
  caseNumber: string;
  documentId: string;
  channel: 'postbox' | 'print';
  recipientUserId: string | null;
  address: string;
  subject: string;
  body: string;
  reference: string;
  letterDate: string;
  signature: string;
  enclosureDocumentId: string | null;
  enclosureTitle: string | null;
  pages: number;
  batchId: string | null;
  createdAt: Date;
}

const letterCols = sql`l.id, l.case_id as "caseId", c.number as "caseNumber", l.document_id as "documentId", l.channel, l.recipient_user_id as "recipientUserId", l.address,
  l.subject, l.body, l.reference, to_char(l.letter_date, 'YYYY-MM-DD') as "letterDate", l.signature, l.enclosure_document_id as "enclosureDocumentId",
  d.title as "enclosureTitle", l.pages, l.batch_id as "batchId", l.created_at as "createdAt"`;
const letterFrom = (tenantId: string) => sql`outgoing_letters l join cases c on c.id = l.case_id and c.tenant_id = ${tenantId}
  left join records_documents d on d.id = l.enclosure_document_id and d.tenant_id = ${tenantId}`;

export async function insertLetter(
  tx: Tx,
  l: {
    tenantId: string; caseId: string; documentId: string; channel: 'postbox' | 'print'; recipientUserId: string | null; address: string; subject: string; body: string;
    reference: string; letterDate: string; signature: string; enclosureDocumentId: string | null; pages: number; requestKey: string | null; createdBy: string; now: Date;
  },
): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into outgoing_letters (tenant_id, case_id, document_id, channel, recipient_user_id, address, subject, body, reference, letter_date,
      signature, enclosure_document_id, pages, request_key, created_by, created_at)
    values (${l.tenantId}, ${l.caseId}, ${l.documentId}, ${l.channel}, ${l.recipientUserId}, ${l.address}, ${l.subject}, ${l.body}, ${l.reference}, ${l.letterDate}::date,
      ${l.signature}, ${l.enclosureDocumentId}, ${l.pages}, ${l.requestKey}, ${l.createdBy}, ${l.now})
    on conflict (tenant_id, request_key) where request_key is not null do nothing returning id`);
  return r?.id;
}

export async function letterByKey(db: Queryable, tenantId: string, key: string): Promise<OutgoingLetter | undefined> {
  return db.one<OutgoingLetter>(sql`select ${letterCols} from ${letterFrom(tenantId)} where l.tenant_id = ${tenantId} and l.request_key = ${key}`);
}

export async function lettersOfCase(db: Queryable, tenantId: string, caseId: string): Promise<OutgoingLetter[]> {
  return db.rows<OutgoingLetter>(sql`select ${letterCols} from ${letterFrom(tenantId)} where l.tenant_id = ${tenantId} and l.case_id = ${caseId} order by l.created_at, l.id`);
}

/** Print letters not yet in a batch, in the order they were written. */
export async function pendingPrintLetters(db: Queryable, tenantId: string, limit: number): Promise<OutgoingLetter[]> {
  return db.rows<OutgoingLetter>(sql`select ${letterCols} from ${letterFrom(tenantId)}
    where l.tenant_id = ${tenantId} and l.channel = 'print' and l.batch_id is null order by l.created_at, l.id limit ${limit}`);
}

export async function lettersOfBatch(db: Queryable, tenantId: string, batchId: string): Promise<OutgoingLetter[]> {
  return db.rows<OutgoingLetter>(sql`select ${letterCols} from ${letterFrom(tenantId)} where l.tenant_id = ${tenantId} and l.batch_id = ${batchId} order by l.created_at, l.id`);
}

/** Locks the given letters that are still waiting for a batch (a concurrent batch run waits here, then finds none). */
export async function lockPendingLetters(tx: Tx, tenantId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (
    await tx.rows<{ id: string }>(sql`select id from outgoing_letters where tenant_id = ${tenantId} and id = any(${[...ids]}::uuid[]) and channel = 'print' and batch_id is null
      order by id for update`)
  ).map((r) => r.id);
}

export interface PrintBatch {
  id: string;
  createdAt: Date;
  createdByName: string | null;
  storedFileId: string | null;
  letters: number;
}

const batchCols = sql`b.id, b.created_at as "createdAt", u.display_name as "createdByName", b.stored_file_id as "storedFileId", b.letters`;

export async function insertBatch(tx: Tx, b: { tenantId: string; storedFileId: string; letters: number; createdBy: string; requestKey: string | null; now: Date }): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into print_batches (tenant_id, created_at, created_by, stored_file_id, letters, request_key)
    values (${b.tenantId}, ${b.now}, ${b.createdBy}, ${b.storedFileId}, ${b.letters}, ${b.requestKey})
    on conflict (tenant_id, request_key) where request_key is not null do nothing returning id`);
  return r?.id;
}

export async function setBatchOf(tx: Tx, tenantId: string, batchId: string, ids: readonly string[]): Promise<number> {
  return tx.exec(sql`update outgoing_letters set batch_id = ${batchId} where tenant_id = ${tenantId} and id = any(${[...ids]}::uuid[]) and batch_id is null`);
}

export async function batchByKey(db: Queryable, tenantId: string, key: string): Promise<PrintBatch | undefined> {
  return db.one<PrintBatch>(sql`select ${batchCols} from print_batches b left join users u on u.id = b.created_by and u.tenant_id = ${tenantId} where b.tenant_id = ${tenantId} and b.request_key = ${key}`);
}

export async function batchById(db: Queryable, tenantId: string, id: string): Promise<PrintBatch | undefined> {
  return db.one<PrintBatch>(sql`select ${batchCols} from print_batches b left join users u on u.id = b.created_by and u.tenant_id = ${tenantId} where b.tenant_id = ${tenantId} and b.id = ${id}`);
}

export async function listBatches(db: Queryable, tenantId: string, limit: number): Promise<PrintBatch[]> {
  return db.rows<PrintBatch>(sql`select ${batchCols} from print_batches b left join users u on u.id = b.created_by and u.tenant_id = ${tenantId}
    where b.tenant_id = ${tenantId} order by b.created_at desc, b.id desc limit ${limit}`);
}

/**
 * Documents of the case that may go along with a letter: outgoing PDFs of the E-Akte that are not restricted (a
 * restricted document's every access is logged by the E-Akte itself), current version still stored.
 */
export async function enclosureCandidates(db: Queryable, tenantId: string, caseId: string): Promise<{ id: string; title: string; storedFileId: string; name: string }[]> {
  return db.rows(sql`select d.id, d.title, v.stored_file_id as "storedFileId", v.name
    from records_documents d join records_document_versions v on v.document_id = d.id and v.version = d.current_version and v.tenant_id = ${tenantId}
    where d.tenant_id = ${tenantId} and d.case_id = ${caseId} and d.direction = 'outgoing' and not d.restricted and v.mime = 'application/pdf' and v.stored_file_id is not null
    order by d.created_at, d.id`);
}
