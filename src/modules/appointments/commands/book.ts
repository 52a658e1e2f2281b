import { randomUUID, createHash } from 'node:crypto';
import { audit, type Db, type Tx } from '../../../kernel/index.ts';
import { checkChallenge } from '../challenge.ts';
import { claimCells, hitRateLimit, insertBooking, openBookingsOf, settingsOf, type ApptLocation, type ApptService, type Settings } from '../repository.ts';
import { cellsOf, freeSlots } from '../slots.ts';
import { berlinDate } from '../time.ts';
import { linkToken, tokenHashOf } from '../tokens.ts';

export type BookResult =
  | { ok: true; id: string; token: string; start: Date; end: Date; reservedUntil?: Date }
  | { ok: false; status: 409 | 422 | 429; problem: string };

/** Thrown by an `inTx` callback to give the claimed place back (e.g. a waitlist entry was taken meanwhile). */
export class AbortBooking extends Error {}

export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && ((e as { code?: string }).code === '23505' || /duplicate key|unique/i.test(String((e as Error).message)));
}

export function reminderDue(start: Date, now: Date, settings: Pick<Settings, 'reminderHours'>): Date | null {
  if (settings.reminderHours === 0) return null;
  const due = new Date(start.getTime() - settings.reminderHours * 3_600_000);
  return due.getTime() > now.getTime() ? due : null;
}

export interface BookInput {
  tenantId: string;
  land: string;
  secret: string;
  service: ApptService;
  location: ApptLocation;
  persons: number;
  start: Date;
  name: string;
  email: string;
  userId?: string | null;
  waitlistId?: string | null;
  now: Date;
  /** Client address for the hourly limit; absent for bookings the platform makes itself (waitlist offers). */
  client?: string;
  /** Enforce the per-person maximum of open bookings. */
  personLimit: boolean;
  challenge?: { challenge: string; solution: string; allowWaiting: boolean };
  /** Hold as a reservation for this many minutes instead of booking outright. */
  reserveMinutes?: number;
  actor?: { id: string | null; kind: 'anonymous' | 'citizen' | 'system' };
  /** Runs inside the booking's transaction (mails, jobs); throw AbortBooking to undo. */
  inTx?: (tx: Tx, b: { id: string; token: string; start: Date; end: Date; reservedUntil?: Date; reminderDueAt: Date | null }) => Promise<void>;
}

/**
 * Books (or reserves) a slot. The start must be a slot the calendar offers for the service and number of
 * persons; then the counters free at that time are tried in turn and the claims' primary key decides:
 * two requests for the last place cannot both win, whatever the timing.
 */
export async function book(db: Db, o: BookInput): Promise<BookResult> {
  const settings = await settingsOf(db, o.tenantId);
  if (o.client !== undefined) {
    const key = `appt:${o.tenantId}:${createHash('sha256').update(o.client).digest('hex')}`;
    const allowed = await db.transaction((tx) => hitRateLimit(tx, key, settings.bookingsPerHourPerClient, 3_600_000, o.now));
    if (!allowed) return { ok: false, status: 429, problem: 'Zu viele Buchungen von diesem Anschluss. Bitte versuchen Sie es in einer Stunde erneut.' };
  }
  if (o.challenge) {
    const ch = o.challenge;
    const checked = await db.transaction((tx) => checkChallenge(tx, { secret: o.secret, tenantId: o.tenantId, challenge: ch.challenge, solution: ch.solution, now: o.now, minFormSeconds: settings.minFormSeconds, allowWaiting: ch.allowWaiting }));
    if (!checked.ok) return { ok: false, status: 422, problem: checked.problem };
  }
  if (o.persons < 1 || o.persons > settings.maxPersons) return { ok: false, status: 422, problem: `Ein Termin kann für 1 bis ${settings.maxPersons} Personen gebucht werden.` };
  if (o.personLimit && (await openBookingsOf(db, o.tenantId, o.email, o.userId ?? null, o.now)) >= settings.maxOpenPerEmail) {
    return { ok: false, status: 429, problem: `Sie haben bereits ${settings.maxOpenPerEmail} offene Termine. Bitte sagen Sie einen ab, bevor Sie einen weiteren buchen.` };
  }
  const day = berlinDate(o.start);
  const query = { tenantId: o.tenantId, land: o.land, location: o.location, service: o.service, persons: o.persons, from: day, to: day, now: o.now };
  const slot = (await freeSlots(db, query)).find((s) => Date.parse(s.start) === o.start.getTime());
  if (!slot) {
    // Either no slot at this time at all (422) or one that is fully booked (409).
    const offered = (await freeSlots(db, { ...query, ignoreClaims: true })).some((s) => Date.parse(s.start) === o.start.getTime());
    return offered ? { ok: false, status: 409, problem: 'Dieser Termin ist nicht mehr frei.' } : { ok: false, status: 422, problem: 'Zu dieser Zeit gibt es keinen buchbaren Termin (Öffnungszeiten, Feiertage, Vorlauf, Buchungszeitraum).' };
  }
  const minutes = o.service.durationMinutes * o.persons;
  const end = new Date(o.start.getTime() + minutes * 60_000);
  const reservedUntil = o.reserveMinutes ? new Date(o.now.getTime() + o.reserveMinutes * 60_000) : undefined;
  const reminderDueAt = reminderDue(o.start, o.now, settings);
  const cells = cellsOf(o.start, minutes);
  for (const unit of slot.units) {
    const id = randomUUID();
    const token = linkToken(o.secret, 'booking', id);
    try {
      await db.transaction(async (tx) => {
        await insertBooking(tx, {
          id, tenantId: o.tenantId, locationId: o.location.id, serviceId: o.service.id, start: o.start, end, unit, persons: o.persons, name: o.name, email: o.email,
          userId: o.userId ?? null, waitlistId: o.waitlistId ?? null, tokenHash: tokenHashOf(token), now: o.now, reminderDueAt, ...(reservedUntil ? { reservedUntil } : {}),
        });
        await claimCells(tx, { tenantId: o.tenantId, locationId: o.location.id, cells, unit, bookingId: id });
        const actor = o.actor ?? { id: null, kind: 'anonymous' as const };
        await audit(tx, { tenantId: o.tenantId, actorId: actor.id, actorKind: actor.kind, action: reservedUntil ? 'appointment.reserved' : 'appointment.booked', objectType: 'appointment', objectId: id }, o.now);
        await o.inTx?.(tx, { id, token, start: o.start, end, reminderDueAt, ...(reservedUntil ? { reservedUntil } : {}) });
      });
      return { ok: true, id, token, start: o.start, end, ...(reservedUntil ? { reservedUntil } : {}) };
    } catch (e) {
      if (e instanceof AbortBooking) return { ok: false, status: 409, problem: e.message };
      if (!isUniqueViolation(e)) throw e;
    }
  }
  return { ok: false, status: 409, problem: 'Dieser Termin ist nicht mehr frei.' };
}
