import { audit, newToken, type Db, type Tx } from '../../../kernel/index.ts';
import { createHash } from 'node:crypto';
import { claimCells, hitRateLimit, insertBooking, openBookingsOf, settingsOf, type ApptLocation, type ApptService } from '../repository.ts';
import { cellsOf, freeSlots } from '../slots.ts';
import { berlinDate } from '../time.ts';

export type BookResult =
  | { ok: true; id: string; cancelToken: string; start: Date; end: Date; reservedUntil?: Date }
  | { ok: false; status: 409 | 422 | 429; problem: string };

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && ((e as { code?: string }).code === '23505' || /duplicate key|unique/i.test(String((e as Error).message)));
}

/**
 * Books a slot. The start must be a free slot of the service at the location (opening hours,
 * holidays, notice, horizon); then each counter is tried in turn, and the claims' primary key decides:
 * two requests for the last place cannot both win, whatever the timing.
 */
export async function book(
  db: Db,
  o: { tenantId: string; land: string; service: ApptService; location: ApptLocation; start: Date; name: string; email: string; client: string; now: Date; reserve?: boolean; onReserved?: (tx: Tx, id: string, token: string, until: Date) => Promise<void> },
): Promise<BookResult> {
  const settings = await settingsOf(db, o.tenantId);
  const allowed = await db.transaction((tx) => hitRateLimit(tx, `appt:${o.tenantId}:${hash(o.client)}`, settings.bookingsPerHourPerClient, 3_600_000, o.now));
  if (!allowed) return { ok: false, status: 429, problem: 'Zu viele Buchungen von diesem Anschluss. Bitte versuchen Sie es in einer Stunde erneut.' };
  if ((await openBookingsOf(db, o.tenantId, o.email, o.now)) >= settings.maxOpenPerEmail) {
    return { ok: false, status: 429, problem: `Mit dieser E-Mail-Adresse sind bereits ${settings.maxOpenPerEmail} Termine gebucht.` };
  }
  const day = berlinDate(o.start);
  const slots = await freeSlots(db, { tenantId: o.tenantId, land: o.land, location: o.location, service: o.service, from: day, to: day, now: o.now });
  const known = slots.some((s) => Date.parse(s.start) === o.start.getTime());
  if (!known) {
    // Either no slot at this time at all (422) or one that is fully booked (409).
    const everOffered = o.start.getTime() > o.now.getTime() && (await freeSlotsIgnoringClaims(db, o, day)).includes(o.start.getTime());
    return everOffered ? { ok: false, status: 409, problem: 'Dieser Termin ist nicht mehr frei.' } : { ok: false, status: 422, problem: 'Zu dieser Zeit gibt es keinen buchbaren Termin (Öffnungszeiten, Feiertage, Vorlauf).' };
  }
  const end = new Date(o.start.getTime() + o.service.durationMinutes * 60_000);
  const reservedUntil = o.reserve ? new Date(o.now.getTime() + settings.confirmMinutes * 60_000) : undefined;
  const cells = cellsOf(o.start, o.service.durationMinutes);
  for (let unit = 1; unit <= o.location.counters; unit++) {
    const token = newToken();
    try {
      const id = await db.transaction(async (tx) => {
        const bookingId = await insertBooking(tx, { tenantId: o.tenantId, locationId: o.location.id, serviceId: o.service.id, start: o.start, end, unit, name: o.name, email: o.email, tokenHash: hash(token), now: o.now, ...(reservedUntil ? { reservedUntil } : {}) });
        await claimCells(tx, { tenantId: o.tenantId, locationId: o.location.id, cells, unit, bookingId });
        await audit(tx, { tenantId: o.tenantId, actorId: null, actorKind: 'anonymous', action: reservedUntil ? 'appointment.reserved' : 'appointment.booked', objectType: 'appointment', objectId: bookingId }, o.now);
        if (reservedUntil) await o.onReserved?.(tx, bookingId, token, reservedUntil);
        return bookingId;
      });
      return { ok: true, id, cancelToken: token, start: o.start, end, ...(reservedUntil ? { reservedUntil } : {}) };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  return { ok: false, status: 409, problem: 'Dieser Termin ist nicht mehr frei.' };
}

async function freeSlotsIgnoringClaims(db: Db, o: { tenantId: string; land: string; service: ApptService; location: ApptLocation; now: Date }, day: string): Promise<number[]> {
  const all = await freeSlots(db, { tenantId: o.tenantId, land: o.land, location: { ...o.location, counters: Number.MAX_SAFE_INTEGER }, service: o.service, from: day, to: day, now: o.now });
  return all.map((s) => Date.parse(s.start));
}

export { hash as tokenHashOf };
