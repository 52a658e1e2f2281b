import { audit, type Tx } from '../../../kernel/index.ts';
import { mandateById, revokeMandate as revoke } from '../repository.ts';

/** Revokes a mandate (the debtor withdrew it); no further direct debits may use it. Audited; once. */
export async function revokeMandate(tx: Tx, o: { tenantId: string; mandateId: string; on: string; actorId: string; now: Date }): Promise<'revoked' | 'not_found' | 'already'> {
  const m = await mandateById(tx, o.tenantId, o.mandateId);
  if (!m) return 'not_found';
  if (!(await revoke(tx, o.tenantId, m.id, o.on, o.now))) return 'already';
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'finance.mandate_revoked', objectType: 'finance_debtor', objectId: m.debtorId, details: { mandate: m.id } }, o.now);
  return 'revoked';
}
