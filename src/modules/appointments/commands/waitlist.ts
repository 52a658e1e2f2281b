import { randomUUID } from 'node:crypto';
import { audit, enqueueJob, type Db, type JobHandler, type Platform } from '../../../kernel/index.ts';
import { mailOffer, mailWaitlistConfirm, bookingLink, waitlistLink, type MailTenant } from '../notices.ts';
import { locations, services, settingsOf } from '../repository.ts';
import { freeSlots } from '../slots.ts';
import { addDays, berlinDate } from '../time.ts';
import { linkToken, tokenHashOf } from '../tokens.ts';
import { entryById, insertEntry, lapseOutdated, setEntryStatus, waitingFor, type WaitEntry } from '../waitlist.repository.ts';
import { AbortBooking, book } from './book.ts';
import { EXPIRE_JOB, OFFER_JOB, type Actor } from './lifecycle.ts';

/** Puts a person on the waitlist; the entry counts only after the mailed link is confirmed (or at once for a signed-in citizen). */
export async function joinWaitlist(
  db: Db,
  o: { tenant: MailTenant; secret: string; baseUrl: string; locationId: string; serviceId: string; serviceName: string; persons: number; name: string; email: string; userId: string | null; earliest: string; latest: string; now: Date; actor: Actor },
): Promise<'joined' | 'waiting' | 'duplicate'> {
  const id = randomUUID();
  const token = linkToken(o.secret, 'waitlist', id);
  const verified = o.userId !== null;
  return db.transaction(async (tx) => {
    const ok = await insertEntry(tx, { id, tenantId: o.tenant.id, locationId: o.locationId, serviceId: o.serviceId, persons: o.persons, name: o.name, email: o.email, userId: o.userId, earliest: o.earliest, latest: o.latest, tokenHash: tokenHashOf(token), status: verified ? 'waiting' : 'unconfirmed', now: o.now });
    if (!ok) return 'duplicate';
    await audit(tx, { tenantId: o.tenant.id, actorId: o.actor.id, actorKind: o.actor.kind, action: 'appointment.waitlist_joined', objectType: 'appointment_waitlist', objectId: id }, o.now);
    if (verified) await enqueueJob(tx, { tenantId: o.tenant.id, kind: OFFER_JOB, payload: { entryId: id }, runAt: o.now, idempotencyKey: `offer-entry:${id}` });
    else await mailWaitlistConfirm(tx, o.tenant, o.email, o.serviceName, waitlistLink(o.baseUrl, o.tenant, id, token), o.now);
    return verified ? 'waiting' : 'joined';
  });
}

/** Double opt-in: from now on the entry is in the queue, and a free slot in its range is offered right away. */
export async function confirmEntry(db: Db, tenantId: string, e: WaitEntry, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await setEntryStatus(tx, tenantId, e.id, ['unconfirmed'], 'waiting'))) return false;
    await audit(tx, { tenantId, actorId: null, actorKind: 'anonymous', action: 'appointment.waitlist_confirmed', objectType: 'appointment_waitlist', objectId: e.id }, now);
    await enqueueJob(tx, { tenantId, kind: OFFER_JOB, payload: { entryId: e.id }, runAt: now, idempotencyKey: `offer-entry:${e.id}` });
    return true;
  });
}

export async function withdrawEntry(db: Db, tenantId: string, e: WaitEntry, now: Date, actor: Actor): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await setEntryStatus(tx, tenantId, e.id, ['unconfirmed', 'waiting'], 'withdrawn'))) return false;
    await audit(tx, { tenantId, actorId: actor.id, actorKind: actor.kind, action: 'appointment.waitlist_withdrawn', objectType: 'appointment_waitlist', objectId: e.id }, now);
    return true;
  });
}

/**
 * Offers free places to the waitlist. Payload `{ locationId, start }`: a place was freed, and the first person
 * waiting at that location whose date range and service fit gets that very slot, held for the offer time.
 * Payload `{ entryId }`: a new entry gets the earliest free slot in its range, if there is one.
 */
export function offerJob(p: Platform): JobHandler {
  return async (job) => {
    const tenant = await p.tenants.byId(job.tenant_id);
    if (!tenant || !tenant.modules.has('appointments')) return;
    const settings = await settingsOf(p.db, tenant.id);
    if (!settings.waitlistEnabled) return;
    const now = p.clock.now();
    const today = berlinDate(now);
    await lapseOutdated(p.db, tenant.id, today);
    const [svc, loc] = await Promise.all([services(p.db, tenant.id), locations(p.db, tenant.id)]);

    const offer = async (e: WaitEntry, start: Date): Promise<boolean> => {
      const service = svc.find((s) => s.id === e.serviceId);
      const location = loc.find((l) => l.id === e.locationId);
      if (!service || !location || !location.services.includes(service.id)) return false;
      const res = await book(p.db, {
        tenantId: tenant.id, land: tenant.land, secret: p.config.secretKey, service, location, persons: e.persons, start, name: e.name, email: e.email, userId: e.userId, waitlistId: e.id,
        now, personLimit: false, reserveMinutes: settings.offerMinutes, actor: { id: null, kind: 'system' },
        inTx: async (tx, b) => {
          if (!(await setEntryStatus(tx, tenant.id, e.id, ['waiting'], 'offered', b.id))) throw new AbortBooking('Der Wartelisteneintrag ist nicht mehr offen.');
          await enqueueJob(tx, { tenantId: tenant.id, kind: EXPIRE_JOB, payload: { bookingId: b.id }, runAt: b.reservedUntil!, idempotencyKey: `expire:${b.id}` });
          await mailOffer(tx, tenant, e.email, { id: b.id, start: b.start, serviceName: service.name, locationName: location.name, locationAddress: location.address }, bookingLink(p.config.baseUrl, tenant, b.id, b.token), b.reservedUntil!, now);
        },
      });
      return res.ok;
    };

    if (typeof job.payload.entryId === 'string') {
      const e = await entryById(p.db, tenant.id, job.payload.entryId);
      if (!e || e.status !== 'waiting') return;
      const service = svc.find((s) => s.id === e.serviceId);
      const location = loc.find((l) => l.id === e.locationId);
      if (!service || !location) return;
      const from = e.earliest > today ? e.earliest : today;
      const slots = await freeSlots(p.db, { tenantId: tenant.id, land: tenant.land, location, service, persons: e.persons, from, to: e.latest < addDays(from, 400) ? e.latest : addDays(from, 400), now });
      for (const s of slots.slice(0, 5)) if (await offer(e, new Date(s.start))) return;
      return;
    }
    const start = new Date(String(job.payload.start));
    if (Number.isNaN(start.getTime()) || start.getTime() <= now.getTime()) return;
    for (const e of await waitingFor(p.db, tenant.id, String(job.payload.locationId), berlinDate(start))) {
      if (await offer(e, start)) return;
    }
  };
}
