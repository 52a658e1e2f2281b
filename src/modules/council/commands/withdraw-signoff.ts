import { audit, type StaffRole, type Tx } from '../../../kernel/index.ts';
import { cancelPendingSignoffs, lockPaper } from '../papers.repository.ts';
import { setPaperStatus } from '../repository.ts';

/**
 * Ends a running sign-off round early and returns the paper to draft (to change its content): the author may, and so
 * may the council office. The open requests are cancelled; approvals already given stay in the history but do not
 * count for the next round.
 */
export async function withdrawSignoff(tx: Tx, o: { tenantId: string; actor: { id: string; roles: readonly StaffRole[] }; now: Date; paperId: string }): Promise<{ ok: true } | { ok: false; reason: 'not_found' | 'not_in_signoff' | 'forbidden' }> {
  const paper = await lockPaper(tx, o.tenantId, o.paperId);
  if (!paper) return { ok: false, reason: 'not_found' };
  if (paper.createdBy !== o.actor.id && !o.actor.roles.some((r) => r === 'council_office' || r === 'admin')) return { ok: false, reason: 'forbidden' };
  if (paper.status !== 'signoff') return { ok: false, reason: 'not_in_signoff' };
  const cancelled = await cancelPendingSignoffs(tx, o.tenantId, paper.id, o.now);
  await setPaperStatus(tx, o.tenantId, paper.id, { from: ['signoff'], to: 'draft' }, o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'council.signoff_withdrawn', objectType: 'council_paper', objectId: paper.id, details: { reference: paper.reference, cancelled } }, o.now);
  return { ok: true };
}
