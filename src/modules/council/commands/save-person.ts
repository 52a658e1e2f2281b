import { audit, type FieldErrors, type Tx } from '../../../kernel/index.ts';
import { insertPerson, personById, personByUser, updatePerson, type PersonData } from '../repository.ts';

/**
 * Creates or saves a council person. A staff account can be linked to one person only (it is that person's
 * Mandatspostfach). The audit entry names ids and choices, never the person's data.
 */
export async function savePerson(tx: Tx, o: { tenantId: string; actorId: string; now: Date; id?: string; data: PersonData }): Promise<{ ok: true; id: string } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'invalid'; errors: FieldErrors }> {
  const existing = o.id ? await personById(tx, o.tenantId, o.id) : undefined;
  if (o.id && (!existing || existing.deletedAt)) return { ok: false, reason: 'not_found' };
  if (o.data.userId) {
    const other = await personByUser(tx, o.tenantId, o.data.userId);
    if (other && other.id !== o.id) return { ok: false, reason: 'invalid', errors: { userId: 'Dieses Benutzerkonto gehört schon zu einer anderen Person. Ein Konto kann nur mit einer Person verknüpft sein.' } };
  }
  let id: string;
  if (existing) {
    if (!(await updatePerson(tx, o.tenantId, existing.id, o.data, o.now))) return { ok: false, reason: 'not_found' };
    id = existing.id;
  } else {
    id = await insertPerson(tx, o.tenantId, o.data, o.now);
  }
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: existing ? 'council.person_saved' : 'council.person_created', objectType: 'council_person', objectId: id,
    details: { userId: o.data.userId ?? null, delivery: o.data.delivery ?? 'electronic', publishContact: o.data.publishContact ?? false } }, o.now);
  return { ok: true, id };
}
