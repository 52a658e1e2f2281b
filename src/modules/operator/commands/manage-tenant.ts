import { audit, setTenantActive, type Db, type User } from '../../../kernel/index.ts';

/** Switches a whole municipality off (unreachable, data kept) or back on. */
export async function setTenantStatus(db: Db, o: { tenantId: string; actor: User; active: boolean; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    if (await setTenantActive(tx, o.tenantId, o.active)) {
      await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'operator', action: o.active ? 'tenant.activated' : 'tenant.deactivated', objectType: 'tenant', objectId: o.tenantId }, o.now);
    }
  });
}
