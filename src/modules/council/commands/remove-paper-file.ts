import { audit, type Tx } from '../../../kernel/index.ts';
import { lockPaper } from '../papers.repository.ts';
import { councilFileById, softDelete, touch } from '../repository.ts';
import { fileChangeRefusal, type FileChangeRefusal } from './attach-paper-file.ts';

/** Removes a file from a paper (soft: OParl reports it deleted, the bytes stay in the store). Same rules as adding. */
export async function removePaperFile(tx: Tx, o: { tenantId: string; actorId: string; now: Date; paperId: string; fileId: string; mayAmend: boolean }): Promise<{ ok: true } | { ok: false; reason: FileChangeRefusal }> {
  const paper = await lockPaper(tx, o.tenantId, o.paperId);
  const file = await councilFileById(tx, o.tenantId, o.fileId);
  if (!paper || !file || file.deletedAt || file.paperId !== paper.id) return { ok: false, reason: 'not_found' };
  const refusal = fileChangeRefusal(paper.status, o.mayAmend);
  if (refusal) return { ok: false, reason: refusal };
  await softDelete(tx, 'file', o.tenantId, file.id, o.now);
  await touch(tx, 'paper', o.tenantId, [paper.id], o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.paper_file_removed', objectType: 'council_file', objectId: file.id, details: { paperId: paper.id, role: file.role } }, o.now);
  return { ok: true };
}
