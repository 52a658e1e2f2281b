import { audit, storeFile, type Tx } from '../../../kernel/index.ts';
import {
  bumpVersion,
  documentById,
  fileById,
  insertDocument,
  insertFile,
  insertVersion,
  nextFileNumber,
  planItemById,
  retentionOf,
  setFileClosed,
  type Attachment,
  type RecordDocument,
  type TextStatus,
} from '../repository.ts';
import { berlinYear } from '../time.ts';

const actorKind = (actorId: string | null) => (actorId ? 'staff' : 'system');

/** Opens a file (Akte) under a plan item; its Aktenzeichen is "<plan code>-<year>-<running number>". */
export async function openFile(tx: Tx, o: { tenantId: string; planItemId: string; title: string; restricted?: boolean; actorId: string | null; now: Date }): Promise<{ id: string; number: string }> {
  const item = await planItemById(tx, o.tenantId, o.planItemId);
  if (!item) throw new Error('unknown plan item');
  const year = berlinYear(o.now);
  const n = await nextFileNumber(tx, o.tenantId, item.id, year);
  const number = `${item.code}-${year}-${String(n).padStart(6, '0')}`;
  const id = await insertFile(tx, { tenantId: o.tenantId, planItemId: item.id, number, title: o.title, restricted: o.restricted ?? false, now: o.now });
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: actorKind(o.actorId), action: 'records.file_opened', objectType: 'records_file', objectId: id, details: { number } }, o.now);
  return { id, number };
}

/** Closes a file; the retention period starts at the end of the closing year (Berlin calendar). */
export async function closeFile(tx: Tx, o: { tenantId: string; fileId: string; actorId: string | null; now: Date }): Promise<boolean> {
  const f = await fileById(tx, o.tenantId, o.fileId);
  if (!f || f.status !== 'open') return false;
  const r = await retentionOf(tx, o.tenantId, f.planItemId);
  const due = r ? `${berlinYear(o.now) + r.years + 1}-01-01` : null;
  if (!(await setFileClosed(tx, o.tenantId, f.id, o.now, due))) return false;
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: actorKind(o.actorId), action: 'records.file_closed', objectType: 'records_file', objectId: f.id, details: { number: f.number, disposalDue: due } }, o.now);
  return true;
}

/** The content of a version: the original bytes and, when known, its extracted text (see `prepareUpload`). */
export interface DocumentContent {
  name: string;
  mime: string;
  bytes: Uint8Array;
  text?: string;
  textStatus?: TextStatus;
  attachments?: Attachment[];
}

export interface NewDocument {
  tenantId: string;
  fileId: string;
  caseId?: string | null;
  title: string;
  direction: RecordDocument['direction'];
  correspondent?: string;
  documentDate: string;
  subject?: string;
  restricted?: boolean;
  content: DocumentContent;
  actorId: string | null;
  now: Date;
}

/** Files a document (first version) into an open file, in the caller's transaction. `text` is its extracted text, if known. */
export async function addDocument(tx: Tx, d: NewDocument): Promise<{ documentId: string; versionId: string }> {
  const f = await fileById(tx, d.tenantId, d.fileId);
  if (!f || f.status !== 'open') throw new Error('file not open');
  const stored = await storeFile(tx, { tenantId: d.tenantId, name: d.content.name, mime: d.content.mime, bytes: d.content.bytes, now: d.now });
  const documentId = await insertDocument(tx, {
    tenantId: d.tenantId, fileId: f.id, caseId: d.caseId ?? null, title: d.title, direction: d.direction, correspondent: d.correspondent ?? '', documentDate: d.documentDate,
    subject: d.subject ?? '', restricted: d.restricted ?? f.restricted, actorId: d.actorId, now: d.now,
  });
  const text = d.content.text ?? '';
  const versionId = await insertVersion(tx, {
    tenantId: d.tenantId, documentId, version: 1, storedFileId: stored.id, name: stored.name, mime: stored.mime, size: stored.size, sha256: stored.sha256, note: '', text,
    textStatus: d.content.textStatus ?? (text ? 'complete' : 'none'), attachments: d.content.attachments ?? [], actorId: d.actorId, now: d.now,
  });
  await audit(tx, { tenantId: d.tenantId, actorId: d.actorId, actorKind: actorKind(d.actorId), action: 'records.document_added', objectType: 'records_document', objectId: documentId, details: { file: f.number, sha256: stored.sha256, mime: stored.mime, size: stored.size } }, d.now);
  return { documentId, versionId };
}

export type AddVersionResult = { ok: true; version: number; versionId: string } | { ok: false; reason: 'not_found' | 'file_not_open' | 'conflict'; current?: number };

/**
 * Adds a new version of a document. `expectedVersion` is the version the person saw: when someone else filed a
 * version meanwhile, nothing is stored and the caller learns the current one (optimistic check).
 */
export async function addVersion(tx: Tx, o: { tenantId: string; documentId: string; expectedVersion: number; note: string; content: DocumentContent; actorId: string | null; now: Date }): Promise<AddVersionResult> {
  const doc = await documentById(tx, o.tenantId, o.documentId);
  if (!doc) return { ok: false, reason: 'not_found' };
  const f = await fileById(tx, o.tenantId, doc.fileId);
  if (!f || f.status !== 'open') return { ok: false, reason: 'file_not_open' };
  if (!(await bumpVersion(tx, o.tenantId, doc.id, o.expectedVersion))) return { ok: false, reason: 'conflict', current: doc.currentVersion };
  const version = o.expectedVersion + 1;
  const stored = await storeFile(tx, { tenantId: o.tenantId, name: o.content.name, mime: o.content.mime, bytes: o.content.bytes, now: o.now });
  const text = o.content.text ?? '';
  const versionId = await insertVersion(tx, {
    tenantId: o.tenantId, documentId: doc.id, version, storedFileId: stored.id, name: stored.name, mime: stored.mime, size: stored.size, sha256: stored.sha256, note: o.note, text,
    textStatus: o.content.textStatus ?? (text ? 'complete' : 'none'), attachments: o.content.attachments ?? [], actorId: o.actorId, now: o.now,
  });
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: actorKind(o.actorId), action: 'records.version_added', objectType: 'records_document', objectId: doc.id, details: { file: f.number, version, sha256: stored.sha256 } }, o.now);
  return { ok: true, version, versionId };
}
