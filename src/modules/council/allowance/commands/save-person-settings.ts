// Saves what the Sitzungsgeld engine needs to know about one member: lost-earnings type and proven hourly rate,
// paperless work, default travel distance. Draft runs pick the change up when they are recomputed.
import { audit, type Tx } from '../../../../kernel/index.ts';
import { personById } from '../../repository.ts';
import { upsertPersonSettings, type PersonSettings } from '../allowance.repository.ts';

/** Returns false when the person is not one of the tenant's (or deleted). */
export async function savePersonSettings(tx: Tx, o: { tenantId: string; actorId: string; now: Date; settings: PersonSettings }): Promise<boolean> {
  const person = await personById(tx, o.tenantId, o.settings.personId);
  if (!person || person.deletedAt) return false;
  await upsertPersonSettings(tx, o.tenantId, o.settings, o.now);
  await audit(
    tx,
    {
      tenantId: o.tenantId,
      actorId: o.actorId,
      actorKind: 'staff',
      action: 'council.allowance_person_saved',
      objectType: 'council_person',
      objectId: person.id,
      details: { lostEarnings: o.settings.lostEarnings, paperless: o.settings.paperless, hourlyRate: o.settings.hourlyRateCents !== null, distance: o.settings.distanceKm !== null },
    },
    o.now,
  );
  return true;
}
