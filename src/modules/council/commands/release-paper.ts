import { audit, type Tx } from '../../../kernel/index.ts';
import { hasMainFile, lockPaper, moveTracking, roundTally, lastSignoffRound } from '../papers.repository.ts';
import { insertCouncilFile, paperById, setPaperStatus, touch } from '../repository.ts';
import { readableFileName } from '../paper-schema.ts';
import { PAPER_TYPE_LABELS } from '../ui.ts';

export type ReleaseResult = { ok: true; generated: boolean; answered: string | null } | { ok: false; reason: 'not_found' | 'signoff_open' | 'needs_signoff' | 'not_releasable' | 'conflict' };

/**
 * The council office releases a paper (status released; from now on the publication guard may show it if public).
 * Administration papers need a completed Mitzeichnung (every signer of the last round approved). Anträge and Anfragen
 * come from members and Fraktionen, not from the administration, so the council office may release them from draft.
 *
 * `pdf` is the generated paper (rendered by the caller before the transaction from the version with `modifiedAt`); it
 * becomes the main file if none was uploaded. Releasing a Stellungnahme that answers an Anfrage marks that Anfrage
 * answered.
 */
export async function releasePaper(tx: Tx, o: { tenantId: string; actorId: string; now: Date; paperId: string; pdf?: { bytes: Uint8Array; renderedFrom: Date } }): Promise<ReleaseResult> {
  const paper = await lockPaper(tx, o.tenantId, o.paperId);
  if (!paper) return { ok: false, reason: 'not_found' };
  if (paper.status === 'signoff') {
    const tally = await roundTally(tx, o.tenantId, paper.id, await lastSignoffRound(tx, o.tenantId, paper.id));
    if (tally.total === 0 || tally.approved !== tally.total) return { ok: false, reason: 'signoff_open' };
  } else if (paper.status === 'draft') {
    if (paper.paperType !== 'antrag' && paper.paperType !== 'anfrage') return { ok: false, reason: 'needs_signoff' };
  } else {
    return { ok: false, reason: 'not_releasable' };
  }
  let generated = false;
  if (!(await hasMainFile(tx, o.tenantId, paper.id))) {
    if (o.pdf && o.pdf.renderedFrom.getTime() !== paper.modifiedAt.getTime()) return { ok: false, reason: 'conflict' };
    if (o.pdf) {
      await insertCouncilFile(tx, o.tenantId, {
        name: `${PAPER_TYPE_LABELS[paper.paperType]} ${paper.reference}`,
        fileName: readableFileName(paper.reference, paper.name),
        mime: 'application/pdf',
        bytes: o.pdf.bytes,
        role: 'main',
        paperId: paper.id,
        position: 0,
        public: paper.public,
      }, o.now);
      generated = true;
    }
  }
  if (!(await setPaperStatus(tx, o.tenantId, paper.id, { from: [paper.status], to: 'released' }, o.now))) return { ok: false, reason: 'conflict' };
  let answered: string | null = null;
  if (paper.paperType === 'stellungnahme' && paper.relatedPaperId) {
    const question = await paperById(tx, o.tenantId, paper.relatedPaperId);
    if (question && !question.deletedAt && question.paperType === 'anfrage' && (await moveTracking(tx, o.tenantId, question.id, { from: ['submitted', 'in_consultation'], to: 'answered' }, o.now))) {
      answered = question.id;
      await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.paper_tracking', objectType: 'council_paper', objectId: question.id,
        details: { reference: question.reference, from: question.tracking, to: 'answered', cause: 'answer_released', answerId: paper.id } }, o.now);
    }
  }
  await touch(tx, 'paper', o.tenantId, [paper.id], o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.paper_released', objectType: 'council_paper', objectId: paper.id,
    details: { reference: paper.reference, from: paper.status, public: paper.public, generatedPdf: generated } }, o.now);
  return { ok: true, generated, answered };
}
