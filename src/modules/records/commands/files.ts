import { audit, storeFile, type Tx } from '../../../kernel/index.ts';
import { fileById, insertDocument, insertFile, insertVersion, nextFileNumber, planItemById, retentionOf, setFileClosed, type RecordDocument } from '../repository.ts';

/** Opens a file (Akte) under a plan item; its Aktenzeichen is "<plan code>-<year>-<running number>". */
export async function openFile(tx: Tx, o: { tenantId: string; planItemId: string; title: string; restricted?: boolean; actorId: string | null; now: Date }): Promise<{ id: string; number: string }> {
  const item = await planItemById(tx, o.tenantId, o.planItemId);
  if (!item) throw new Error('unknown plan item');
  const year = o.now.getUTCFullYear();
  const n = await nextFileNumber(tx, o.tenantId, item.id, year);
  const number = `${item.code}-${year}-${String(n).padStart(6, '0')}`;
  const id = await insertFile(tx, { tenantId: o.tenantId, planItemId: item.id, number, title: o.title, restricted: o.restricted ?? false, now: o.now });
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: o.actorId ? 'staff' : 'system', action: 'records.file_opened', objectType: 'records_file', objectId: id, details: { number } }, o.now);
  return { id, number };
}

/** Closes a file; the retention period starts at the end of the closing year. */
export async function closeFile(tx: Tx, o: { tenantId: string; fileId: string; actorId: string | null; now: Date }): Promise<boolean> {
  const f = await fileById(tx, o.tenantId, o.fileId);
  if (!f || f.status !== 'open') return false;
  const r = await retentionOf(tx, o.tenantId, f.planItemId);
  const due = r ? `${o.now.getUTCFullYear() + r.years + 1}-01-01` : null;
  if (!(await setFileClosed(tx, o.tenantId, f.id, o.now, due))) return false;
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: o.actorId ? 'staff' : 'system', action: 'records.file_closed', objectType: 'records_file', objectId: f.id, details: { disposalDue: due } }, o.now);
  return true;
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
  content: { name: string; mime: string; bytes: Uint8Array; text?: string };
  actorId: string | null;
  now: Date;
}

/** Files a document (first version) into a file, in the caller's transaction. `text` is its extracted text, if known. */
export async function addDocument(tx: Tx, d: NewDocument): Promise<{ documentId: string; versionId: string }> {
  const f = await fileById(tx, d.tenantId, d.fileId);
  if (!f || f.status !== 'open') throw new Error('file not open');
  const stored = await storeFile(tx, { tenantId: d.tenantId, name: d.content.name, mime: d.content.mime, bytes: d.content.bytes, now: d.now });
  const documentId = await insertDocument(tx, {
    tenantId: d.tenantId, fileId: f.id, caseId: d.caseId ?? null, title: d.title, direction: d.direction, correspondent: d.correspondent ?? '', documentDate: d.documentDate,
    subject: d.subject ?? '', restricted: d.restricted ?? f.restricted, actorId: d.actorId, now: d.now,
  });
  const versionId = await insertVersion(tx, { tenantId: d.tenantId, documentId, version: 1, storedFileId: stored.id, name: stored.name, mime: stored.mime, size: stored.size, sha256: stored.sha256, note: '', text: d.content.text ?? '', actorId: d.actorId, now: d.now });
  await audit(tx, { tenantId: d.tenantId, actorId: d.actorId, actorKind: d.actorId ? 'staff' : 'system', action: 'records.document_added', objectType: 'records_document', objectId: documentId, details: { file: f.number, sha256: stored.sha256 } }, d.now);
  return { documentId, versionId };
}
