import { audit, type Tx } from '../../../kernel/index.ts';
import { updateLocation } from '../admin.repository.ts';
import { insertLocation, locationById, type Location } from '../repository.ts';

/** Creates or saves a Sitzungsort. */
export async function saveLocation(tx: Tx, o: { tenantId: string; actorId: string; now: Date; id?: string; data: Pick<Location, 'description' | 'room' | 'streetAddress' | 'postalCode' | 'locality'> }): Promise<{ ok: true; id: string } | { ok: false; reason: 'not_found' }> {
  let id: string;
  if (o.id) {
    const l = await locationById(tx, o.tenantId, o.id);
    if (!l || l.deletedAt || !(await updateLocation(tx, o.tenantId, l.id, o.data, o.now))) return { ok: false, reason: 'not_found' };
    id = l.id;
  } else {
    id = await insertLocation(tx, o.tenantId, o.data, o.now);
  }
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: o.id ? 'council.location_saved' : 'council.location_created', objectType: 'council_location', objectId: id }, o.now);
  return { ok: true, id };
}
