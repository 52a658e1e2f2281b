import { audit, type Tx } from '../../../kernel/index.ts';
import { termById, updateTerm } from '../admin.repository.ts';
import { insertTerm } from '../repository.ts';

/** Creates or saves a Wahlperiode. */
export async function saveTerm(tx: Tx, o: { tenantId: string; actorId: string; now: Date; id?: string; data: { name: string; startDate: string; endDate: string | null } }): Promise<{ ok: true; id: string } | { ok: false; reason: 'not_found' }> {
  let id: string;
  if (o.id) {
    const t = await termById(tx, o.tenantId, o.id);
    if (!t || t.deletedAt || !(await updateTerm(tx, o.tenantId, t.id, o.data, o.now))) return { ok: false, reason: 'not_found' };
    id = t.id;
  } else {
    id = await insertTerm(tx, o.tenantId, o.data, o.now);
  }
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: o.id ? 'council.term_saved' : 'council.term_created', objectType: 'council_term', objectId: id, details: { startDate: o.data.startDate, endDate: o.data.endDate } }, o.now);
  return { ok: true, id };
}
