import type { Db } from '../db/db.ts';
import { audit, type ActorKind } from '../audit/audit.ts';
import { MODULE_IDS, setModule, type ModuleId } from './tenancy.ts';

/** Sets a tenant's cafeteria to exactly the given modules; one audit record per change. Used by admins and operators. */
export async function switchModules(
  db: Db,
  o: { tenantId: string; actor: { id: string; kind: ActorKind }; enabled: ReadonlySet<ModuleId>; now: Date },
): Promise<ModuleId[]> {
  return db.transaction(async (tx) => {
    const changed: ModuleId[] = [];
    for (const m of MODULE_IDS) {
      if (await setModule(tx, o.tenantId, m, o.enabled.has(m))) {
        changed.push(m);
        await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: o.actor.kind, action: o.enabled.has(m) ? 'tenant.module_enabled' : 'tenant.module_disabled', objectType: 'tenant', objectId: o.tenantId, details: { module: m } }, o.now);
      }
    }
    return changed;
  });
}
