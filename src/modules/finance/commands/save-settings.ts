import { audit, type Tx } from '../../../kernel/index.ts';
import { saveFinanceSettings, type FinanceSettings } from '../repository.ts';

/** Saves the bank details and creditor identifier printed on notices (audited). */
export async function saveSettings(tx: Tx, o: { tenantId: string; settings: FinanceSettings; actorId: string; now: Date }): Promise<void> {
  await saveFinanceSettings(tx, o.tenantId, o.settings, o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'finance.settings_saved', objectType: 'tenant', objectId: o.tenantId }, o.now);
}
