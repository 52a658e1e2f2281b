import { audit, type Db, type User } from '../../../kernel/index.ts';
import { updateService as update, type ServiceUpdate } from '../repository.ts';

/** Saves a service's texts and fees if nobody changed it since the editor loaded it. */
export async function updateService(
  db: Db,
  o: { tenantId: string; serviceId: string; expectedVersion: number; update: ServiceUpdate; actor: User; now: Date },
): Promise<'ok' | 'conflict'> {
  return db.transaction(async (tx) => {
    if (!(await update(tx, o.tenantId, o.serviceId, o.expectedVersion, o.update))) return 'conflict';
    await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: o.actor.kind, action: 'catalog.service_updated', objectType: 'service', objectId: o.serviceId, details: { fee: o.update.fee.kind, published: o.update.published } }, o.now);
    return 'ok';
  });
}
