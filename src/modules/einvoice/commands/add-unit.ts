// A new organisational unit with its Leitweg-ID: from then on, invoices carrying that ID (BT-10) reach this tenant.
import { audit, type Db } from '../../../kernel/index.ts';
import { insertUnit, leitwegTaken } from '../repository.ts';

/** Adds a unit; 'taken' when the Leitweg-ID (or its Grob-/Feinadressierung) already belongs to a unit anywhere. */
export async function addUnit(
  db: Db,
  o: { tenantId: string; actorId: string | null; name: string; leitwegId: string; leitwegBase: string; payerName: string; payerIban: string; payerBic: string | null; now: Date },
): Promise<string | 'taken'> {
  try {
    return await db.transaction(async (tx) => {
      if (await leitwegTaken(tx, o.leitwegId, o.leitwegBase)) return 'taken' as const;
      const id = await insertUnit(tx, { tenantId: o.tenantId, name: o.name, leitwegId: o.leitwegId, leitwegBase: o.leitwegBase, payerName: o.payerName, payerIban: o.payerIban, payerBic: o.payerBic, now: o.now });
      await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: o.actorId ? 'staff' : 'system', action: 'einvoice.unit_created', objectType: 'einvoice_unit', objectId: id, details: { leitwegId: o.leitwegId } }, o.now);
      return id;
    });
  } catch (e) {
    // Two administrators claimed the same Leitweg-ID at the same moment: the unique index decided.
    if ((e as { code?: unknown }).code === '23505') return 'taken';
    throw e;
  }
}
