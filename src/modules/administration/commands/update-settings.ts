import { audit, updateTenantSettings, type Db, type TenantSettings, type User } from '../../../kernel/index.ts';

/** Saves branding, contact and the legal texts (Impressum, Datenschutz, Barrierefreiheit). */
export async function updateSettings(db: Db, o: { tenantId: string; actor: User; settings: TenantSettings; now: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    await updateTenantSettings(tx, o.tenantId, o.settings);
    await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: o.actor.kind, action: 'tenant.settings_updated', objectType: 'tenant', objectId: o.tenantId, details: { accent: o.settings.accent } }, o.now);
  });
}
