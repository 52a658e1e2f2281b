import { audit, type Tx } from '../../../kernel/index.ts';
import { addDebtorIban, debtorById, insertMandate } from '../repository.ts';

/**
 * Records a signed SEPA direct-debit mandate of a debtor (audited); its IBAN is remembered for matching statements.
 * 'taken' when the Mandatsreferenz is in use already.
 */
export async function addMandate(
  tx: Tx,
  o: { tenantId: string; debtorId: string; mandateRef: string; iban: string; bic: string; accountHolder: string; creditorId: string; signedOn: string; actorId: string | null; now: Date },
): Promise<{ ok: true; mandateId: string } | { ok: false; reason: 'not_found' | 'taken' }> {
  if (!(await debtorById(tx, o.tenantId, o.debtorId))) return { ok: false, reason: 'not_found' };
  const id = await insertMandate(tx, o);
  if (!id) return { ok: false, reason: 'taken' };
  await addDebtorIban(tx, o.tenantId, o.debtorId, o.iban, o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: o.actorId ? 'staff' : 'system', action: 'finance.mandate_added', objectType: 'finance_debtor', objectId: o.debtorId, details: { mandate: id } }, o.now);
  return { ok: true, mandateId: id };
}
