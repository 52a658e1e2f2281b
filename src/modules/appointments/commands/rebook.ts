import { audit, type Db, type Tx } from '../../../kernel/index.ts';
import { claimCells, moveBooking, settingsOf, type ApptLocation, type ApptService, type BookingRow } from '../repository.ts';
import { cellsOf, freeSlots } from '../slots.ts';
import { berlinDate } from '../time.ts';
import { isUniqueViolation, reminderDue, type BookResult } from './book.ts';
import { scheduleReminder, slotFreed, type Actor } from './lifecycle.ts';

/**
 * Moves a confirmed booking to another slot (same service and persons, any location offering it). The old
 * cells are given up and the new ones claimed in one transaction: if the new place is taken meanwhile, the
 * transaction rolls back and the old appointment stands. A move may overlap the booking's own old time.
 */
export async function rebook(db: Db, o: { tenantId: string; land: string; booking: BookingRow; service: ApptService; location: ApptLocation; start: Date; now: Date; actor: Actor; inTx?: (tx: Tx, moved: { start: Date; end: Date }) => Promise<void> }): Promise<BookResult> {
  const b = o.booking;
  if (b.status !== 'confirmed') return { ok: false, status: 409, problem: 'Nur bestätigte Termine können verschoben werden.' };
  if (b.startAt.getTime() === o.start.getTime() && b.locationId === o.location.id) return { ok: false, status: 422, problem: 'Bitte wählen Sie eine andere Zeit als Ihren bisherigen Termin.' };
  const day = berlinDate(o.start);
  const query = { tenantId: o.tenantId, land: o.land, location: o.location, service: o.service, persons: b.persons, from: day, to: day, now: o.now, excludeBooking: b.id };
  const slot = (await freeSlots(db, query)).find((s) => Date.parse(s.start) === o.start.getTime());
  if (!slot) {
    const offered = (await freeSlots(db, { ...query, ignoreClaims: true })).some((s) => Date.parse(s.start) === o.start.getTime());
    return offered ? { ok: false, status: 409, problem: 'Dieser Termin ist nicht mehr frei.' } : { ok: false, status: 422, problem: 'Zu dieser Zeit gibt es keinen buchbaren Termin (Öffnungszeiten, Feiertage, Vorlauf, Buchungszeitraum).' };
  }
  const settings = await settingsOf(db, o.tenantId);
  const minutes = o.service.durationMinutes * b.persons;
  const end = new Date(o.start.getTime() + minutes * 60_000);
  const due = reminderDue(o.start, o.now, settings);
  for (const unit of slot.units) {
    try {
      const moved = await db.transaction(async (tx) => {
        if (!(await moveBooking(tx, { tenantId: o.tenantId, id: b.id, locationId: o.location.id, start: o.start, end, unit, reminderDueAt: due }))) return false;
        await claimCells(tx, { tenantId: o.tenantId, locationId: o.location.id, cells: cellsOf(o.start, minutes), unit, bookingId: b.id });
        await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: o.actor.kind, action: 'appointment.rebooked', objectType: 'appointment', objectId: b.id, details: { from: b.startAt.toISOString(), to: o.start.toISOString() } }, o.now);
        await scheduleReminder(tx, o.tenantId, b.id, o.start, due);
        await slotFreed(tx, o.tenantId, b, o.now);
        await o.inTx?.(tx, { start: o.start, end });
        return true;
      });
      if (!moved) return { ok: false, status: 409, problem: 'Dieser Termin kann nicht mehr verschoben werden.' };
      return { ok: true, id: b.id, token: '', start: o.start, end };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  return { ok: false, status: 409, problem: 'Dieser Termin ist nicht mehr frei.' };
}
