import { audit, type Tx } from '../../../kernel/index.ts';
import { lockPaper, nextPaperFilePosition } from '../papers.repository.ts';
import { filesOfPaper, insertCouncilFile, softDelete, touch } from '../repository.ts';
import { readableFileName } from '../paper-schema.ts';

export type FileChangeRefusal = 'not_found' | 'in_signoff' | 'locked';

/**
 * Who may change a paper's files when: the authors while it is a draft; nobody during Mitzeichnung (the signers
 * approve what they saw); after release only the council office (a late attachment, "Tischvorlage").
 */
export function fileChangeRefusal(status: string, mayAmend: boolean): FileChangeRefusal | undefined {
  if (status === 'draft') return undefined;
  if (status === 'signoff') return 'in_signoff';
  return mayAmend ? undefined : 'locked';
}

/**
 * Stores an uploaded PDF (already checked) as the paper's main file or an attachment with a readable name. A new main
 * file replaces the previous one (soft delete, kept for OParl's `deleted`).
 */
export async function attachPaperFile(
  tx: Tx,
  o: { tenantId: string; actorId: string; now: Date; paperId: string; mayAmend: boolean; title: string; role: 'main' | 'attachment'; public: boolean; bytes: Uint8Array },
): Promise<{ ok: true; id: string } | { ok: false; reason: FileChangeRefusal }> {
  const paper = await lockPaper(tx, o.tenantId, o.paperId);
  if (!paper) return { ok: false, reason: 'not_found' };
  const refusal = fileChangeRefusal(paper.status, o.mayAmend);
  if (refusal) return { ok: false, reason: refusal };
  const replaced: string[] = [];
  if (o.role === 'main') {
    for (const f of await filesOfPaper(tx, o.tenantId, paper.id)) {
      if (f.role === 'main' && (await softDelete(tx, 'file', o.tenantId, f.id, o.now))) replaced.push(f.id);
    }
  }
  const id = await insertCouncilFile(tx, o.tenantId, {
    name: o.title,
    fileName: readableFileName(paper.reference, o.title),
    mime: 'application/pdf',
    bytes: o.bytes,
    role: o.role,
    paperId: paper.id,
    position: o.role === 'main' ? 0 : await nextPaperFilePosition(tx, o.tenantId, paper.id),
    public: o.public,
  }, o.now);
  await touch(tx, 'paper', o.tenantId, [paper.id], o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.paper_file_added', objectType: 'council_file', objectId: id,
    details: { paperId: paper.id, role: o.role, public: o.public, size: o.bytes.length, replaced, status: paper.status } }, o.now);
  return { ok: true, id };
}
