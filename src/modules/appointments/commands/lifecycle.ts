import { audit, enqueueJob, type ActorKind, type Db, type JobHandler, type Platform, type Tx } from '../../../kernel/index.ts';
import { mailConfirmation, mailReminder, bookingLink, type MailTenant } from '../notices.ts';
import { bookingById, cancelBooking, confirmReservation, expireReservation, markReminded, settingsOf, type BookingRow } from '../repository.ts';
import { linkToken } from '../tokens.ts';
import { setEntryStatus } from '../waitlist.repository.ts';
import { reminderDue } from './book.ts';

export const EXPIRE_JOB = 'appointments.expire';
export const REMIND_JOB = 'appointments.remind';
export const OFFER_JOB = 'appointments.offer';

export interface Actor {
  id: string | null;
  kind: ActorKind;
}

/** A place became free: the waitlist gets the chance to fill it (after this transaction commits). */
export async function slotFreed(tx: Tx, tenantId: string, b: { id: string; locationId: string; startAt: Date }, now: Date): Promise<void> {
  await enqueueJob(tx, { tenantId, kind: OFFER_JOB, payload: { locationId: b.locationId, start: b.startAt.toISOString() }, runAt: now, idempotencyKey: `offer:${b.id}:${b.startAt.getTime()}:${now.getTime()}` });
}

export async function scheduleReminder(tx: Tx, tenantId: string, id: string, start: Date, due: Date | null): Promise<void> {
  if (due) await enqueueJob(tx, { tenantId, kind: REMIND_JOB, payload: { bookingId: id, start: start.toISOString() }, runAt: due, idempotencyKey: `remind:${id}:${start.getTime()}` });
}

/** Confirms a held reservation (mailed link or waitlist offer): confirmation mail, reminder, waitlist entry done. */
export async function confirmAppointment(db: Db, o: { tenant: MailTenant; secret: string; baseUrl: string; booking: BookingRow; now: Date; actor: Actor }): Promise<boolean> {
  const settings = await settingsOf(db, o.tenant.id);
  const b = o.booking;
  const due = reminderDue(b.startAt, o.now, settings);
  return db.transaction(async (tx) => {
    if (!(await confirmReservation(tx, o.tenant.id, b.id, o.now, due))) return false;
    await audit(tx, { tenantId: o.tenant.id, actorId: o.actor.id, actorKind: o.actor.kind, action: 'appointment.confirmed', objectType: 'appointment', objectId: b.id }, o.now);
    await scheduleReminder(tx, o.tenant.id, b.id, b.startAt, due);
    if (b.waitlistId) await setEntryStatus(tx, o.tenant.id, b.waitlistId, ['offered'], 'booked');
    await mailConfirmation(tx, o.tenant, b.email, { id: b.id, start: b.startAt, serviceName: b.serviceName, locationName: b.locationName, locationAddress: b.locationAddress }, bookingLink(o.baseUrl, o.tenant, b.id, linkToken(o.secret, 'booking', b.id)), o.now);
    return true;
  });
}

/** Cancels a booking or declines a held offer; the place goes to the waitlist. */
export async function cancelAppointment(db: Db, o: { tenantId: string; booking: BookingRow; now: Date; actor: Actor }): Promise<boolean> {
  const b = o.booking;
  return db.transaction(async (tx) => {
    if (!(await cancelBooking(tx, o.tenantId, b.id))) return false;
    await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: o.actor.kind, action: 'appointment.cancelled', objectType: 'appointment', objectId: b.id }, o.now);
    if (b.waitlistId && b.status === 'reserved') await setEntryStatus(tx, o.tenantId, b.waitlistId, ['offered'], 'lapsed');
    await slotFreed(tx, o.tenantId, b, o.now);
    return true;
  });
}

/** Reservations and waitlist offers not confirmed in time give their place back. */
export function expireJob(p: Platform): JobHandler {
  return async (job) => {
    const tenantId = job.tenant_id!;
    const now = p.clock.now();
    const b = await bookingById(p.db, tenantId, String(job.payload.bookingId));
    if (!b) return;
    await p.db.transaction(async (tx) => {
      if (!(await expireReservation(tx, tenantId, b.id, now))) return;
      await audit(tx, { tenantId, actorId: null, actorKind: 'system', action: 'appointment.reservation_expired', objectType: 'appointment', objectId: b.id }, now);
      if (b.waitlistId) await setEntryStatus(tx, tenantId, b.waitlistId, ['offered'], 'lapsed');
      await slotFreed(tx, tenantId, b, now);
    });
  };
}

/** The reminder goes out once, for the start it was planned for (a rebooked appointment plans a new one). */
export function remindJob(p: Platform): JobHandler {
  return async (job) => {
    const tenant = await p.tenants.byId(job.tenant_id);
    if (!tenant) return;
    const now = p.clock.now();
    await p.db.transaction(async (tx) => {
      const b = await markReminded(tx, tenant.id, String(job.payload.bookingId), new Date(String(job.payload.start)), now);
      if (!b) return;
      const link = bookingLink(p.config.baseUrl, tenant, b.id, linkToken(p.config.secretKey, 'booking', b.id));
      await mailReminder(tx, tenant, b.email, { id: b.id, start: b.startAt, serviceName: b.serviceName, locationName: b.locationName, locationAddress: b.locationAddress }, link, now);
    });
  };
}
