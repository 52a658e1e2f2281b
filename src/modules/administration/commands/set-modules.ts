import { audit, MODULE_IDS, setModule, type Db, type ModuleId, type User } from '../../../kernel/index.ts';

/** Switches the tenant's cafeteria modules to exactly the given set; audited per change. */
export async function setModules(db: Db, o: { tenantId: string; actor: User; enabled: ReadonlySet<ModuleId>; now: Date }): Promise<ModuleId[]> {
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
