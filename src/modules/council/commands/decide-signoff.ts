import { audit, type Tx } from '../../../kernel/index.ts';
import { cancelPendingSignoffs, decideSignoff as setDecision, lockPaper, pendingSignoffOf, roundTally } from '../papers.repository.ts';
import { setPaperStatus } from '../repository.ts';

export type DecideSignoffResult = { ok: true; complete: boolean } | { ok: false; reason: 'not_found' | 'not_in_signoff' | 'own_paper' | 'not_signer' };

/**
 * A signer approves or rejects (with a reason). A rejection ends the round: the paper returns to draft, the other
 * open requests are cancelled, and the reason stays on the paper page. The author can never sign off their own paper.
 */
export async function decideSignoff(tx: Tx, o: { tenantId: string; actorId: string; now: Date; paperId: string; approve: boolean; comment: string }): Promise<DecideSignoffResult> {
  const paper = await lockPaper(tx, o.tenantId, o.paperId);
  if (!paper) return { ok: false, reason: 'not_found' };
  if (paper.createdBy === o.actorId) return { ok: false, reason: 'own_paper' };
  if (paper.status !== 'signoff') return { ok: false, reason: 'not_in_signoff' };
  const open = await pendingSignoffOf(tx, o.tenantId, paper.id, o.actorId);
  if (!open) return { ok: false, reason: 'not_signer' };
  await setDecision(tx, o.tenantId, open.id, { state: o.approve ? 'approved' : 'rejected', comment: o.comment || null }, o.now);
  let cancelled = 0;
  if (!o.approve) {
    cancelled = await cancelPendingSignoffs(tx, o.tenantId, paper.id, o.now);
    await setPaperStatus(tx, o.tenantId, paper.id, { from: ['signoff'], to: 'draft' }, o.now);
  }
  const tally = await roundTally(tx, o.tenantId, paper.id, open.round);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: o.approve ? 'council.signoff_approved' : 'council.signoff_rejected', objectType: 'council_paper', objectId: paper.id,
    details: { reference: paper.reference, round: open.round, signoffId: open.id, cancelled, approved: tally.approved, total: tally.total } }, o.now);
  return { ok: true, complete: o.approve && tally.approved === tally.total };
}
