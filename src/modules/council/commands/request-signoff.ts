import { audit, findUserById, type StaffRole, type Tx, type User } from '../../../kernel/index.ts';
import { insertSignoffs, lastSignoffRound, lockPaper } from '../papers.repository.ts';
import { setPaperStatus } from '../repository.ts';

/** Staff roles that can be asked to sign off a paper (Mitzeichnung): leads, clerks, the council office, admins. */
export const SIGNER_ROLES: readonly StaffRole[] = ['lead', 'clerk', 'council_office', 'admin'];

/** An active staff user of the tenant with a signer role. */
export function isEligibleSigner(u: Pick<User, 'kind' | 'roles' | 'disabled'>): boolean {
  return u.kind === 'staff' && !u.disabled && u.roles.some((r) => SIGNER_ROLES.includes(r));
}

export type RequestSignoffResult = { ok: true; round: number } | { ok: false; reason: 'not_found' | 'not_draft' | 'own_paper' | 'not_eligible' };

/**
 * Sends a draft to Mitzeichnung: a new round with one open request per signer; the paper is locked for edits until
 * the round ends (all approve → release possible; one rejects or the author withdraws → back to draft).
 */
export async function requestSignoff(tx: Tx, o: { tenantId: string; actorId: string; now: Date; paperId: string; signerIds: readonly string[] }): Promise<RequestSignoffResult> {
  const paper = await lockPaper(tx, o.tenantId, o.paperId);
  if (!paper) return { ok: false, reason: 'not_found' };
  if (paper.status !== 'draft') return { ok: false, reason: 'not_draft' };
  if (o.signerIds.length === 0) return { ok: false, reason: 'not_eligible' };
  if (paper.createdBy && o.signerIds.includes(paper.createdBy)) return { ok: false, reason: 'own_paper' };
  for (const id of o.signerIds) {
    const u = await findUserById(tx, o.tenantId, id);
    if (!u || u.tenantId !== o.tenantId || !isEligibleSigner(u)) return { ok: false, reason: 'not_eligible' };
  }
  const round = (await lastSignoffRound(tx, o.tenantId, paper.id)) + 1;
  await insertSignoffs(tx, o.tenantId, { paperId: paper.id, round, signerIds: o.signerIds, requestedBy: o.actorId }, o.now);
  if (!(await setPaperStatus(tx, o.tenantId, paper.id, { from: ['draft'], to: 'signoff' }, o.now))) return { ok: false, reason: 'not_draft' };
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.signoff_requested', objectType: 'council_paper', objectId: paper.id,
    details: { reference: paper.reference, round, signers: [...o.signerIds] } }, o.now);
  return { ok: true, round };
}
