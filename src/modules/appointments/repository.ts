import { sql, type Queryable, type Tx } from '../../kernel/index.ts';

export interface ApptService {
  id: string;
  name: string;
  durationMinutes: number;
}
export interface ApptLocation {
  id: string;
  name: string;
  address: string;
  accessibility: string;
  counters: number;
  services: string[];
}
export interface Hours {
  weekday: number;
  opens: string;
  closes: string;
}
export interface Settings {
  confirmMinutes: number;
  horizonDays: number;
  /** Berlin wall-clock time (HH:MM) at which the day at the end of the horizon opens for booking. */
  releaseTime: string;
  minNoticeMinutes: number;
  maxOpenPerEmail: number;
  bookingsPerHourPerClient: number;
  maxPersons: number;
  offerMinutes: number;
  reminderHours: number;
  /** Leading zero bits the proof-of-work must reach; 0 switches the challenge off. */
  powDifficulty: number;
  /** Without JavaScript, a challenge counts as solved once the form has been open this long. */
  minFormSeconds: number;
  apiRequiresChallenge: boolean;
  waitlistEnabled: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  confirmMinutes: 30, horizonDays: 60, releaseTime: '00:00', minNoticeMinutes: 60, maxOpenPerEmail: 3, bookingsPerHourPerClient: 20,
  maxPersons: 3, offerMinutes: 60, reminderHours: 24, powDifficulty: 16, minFormSeconds: 8, apiRequiresChallenge: false, waitlistEnabled: true,
};

export async function services(db: Queryable, tenantId: string): Promise<ApptService[]> {
  return db.rows(sql`select id, name, duration_minutes as "durationMinutes" from appt_services where tenant_id = ${tenantId} and active order by name`);
}

export async function locations(db: Queryable, tenantId: string): Promise<ApptLocation[]> {
  return db.rows(sql`select l.id, l.name, l.address, l.accessibility, l.counters,
      coalesce((select array_agg(ls.service_id::text order by ls.service_id) from appt_location_services ls join appt_services s on s.id = ls.service_id and s.active
        where ls.location_id = l.id), '{}') as services
    from appt_locations l where l.tenant_id = ${tenantId} and l.active order by l.name`);
}

export async function hoursOf(db: Queryable, tenantId: string, locationId: string): Promise<Hours[]> {
  return db.rows(sql`select weekday, to_char(opens, 'HH24:MI') as opens, to_char(closes, 'HH24:MI') as closes
    from appt_opening_hours where tenant_id = ${tenantId} and location_id = ${locationId} order by weekday, opens`);
}

export async function closuresOf(db: Queryable, tenantId: string, locationId: string, from: string, to: string): Promise<Set<string>> {
  const rows = await db.rows<{ day: string }>(sql`select day from appt_closures where tenant_id = ${tenantId}
    and (location_id is null or location_id = ${locationId}) and day between ${from} and ${to}`);
  return new Set(rows.map((r) => r.day));
}

export async function settingsOf(db: Queryable, tenantId: string): Promise<Settings> {
  const r = await db.one<Settings>(sql`select confirm_minutes as "confirmMinutes", horizon_days as "horizonDays", to_char(release_time, 'HH24:MI') as "releaseTime",
    min_notice_minutes as "minNoticeMinutes", max_open_per_email as "maxOpenPerEmail", bookings_per_hour_per_client as "bookingsPerHourPerClient",
    max_persons as "maxPersons", offer_minutes as "offerMinutes", reminder_hours as "reminderHours", pow_difficulty as "powDifficulty",
    min_form_seconds as "minFormSeconds", api_requires_challenge as "apiRequiresChallenge", waitlist_enabled as "waitlistEnabled"
    from appt_settings where tenant_id = ${tenantId}`);
  return r ?? DEFAULT_SETTINGS;
}

/** Claimed counters (units) per 15-minute cell in a range, optionally ignoring one booking's own claims (rebooking). */
export async function claimsIn(db: Queryable, tenantId: string, locationId: string, from: Date, to: Date, excludeBooking?: string): Promise<Map<number, number[]>> {
  const rows = await db.rows<{ cell: Date; units: number[] }>(sql`select cell_start as cell, array_agg(unit) as units from appt_claims
    where tenant_id = ${tenantId} and location_id = ${locationId} and cell_start >= ${from} and cell_start < ${to}
      ${excludeBooking ? sql`and booking_id <> ${excludeBooking}` : sql``} group by cell_start`);
  return new Map(rows.map((r) => [r.cell.getTime(), r.units]));
}

export async function insertBooking(
  tx: Tx,
  o: { id: string; tenantId: string; locationId: string; serviceId: string; start: Date; end: Date; unit: number; persons: number; name: string; email: string; userId: string | null; waitlistId: string | null; tokenHash: string; now: Date; reservedUntil?: Date; reminderDueAt: Date | null },
): Promise<void> {
  await tx.exec(sql`insert into appt_bookings (id, tenant_id, location_id, service_id, start_at, end_at, unit, persons, name, email, user_id, waitlist_id, cancel_token_hash, status, expires_at, reminder_due_at, created_at)
    values (${o.id}, ${o.tenantId}, ${o.locationId}, ${o.serviceId}, ${o.start}, ${o.end}, ${o.unit}, ${o.persons}, ${o.name}, ${o.email}, ${o.userId}, ${o.waitlistId}, ${o.tokenHash},
      ${o.reservedUntil ? 'reserved' : 'confirmed'}, ${o.reservedUntil ?? null}, ${o.reservedUntil ? null : o.reminderDueAt}, ${o.now})`);
}

/** Claims every cell of the booking for one counter; a taken cell violates the primary key and aborts the claim. */
export async function claimCells(tx: Tx, o: { tenantId: string; locationId: string; cells: Date[]; unit: number; bookingId: string }): Promise<void> {
  for (const cell of o.cells) {
    await tx.exec(sql`insert into appt_claims (tenant_id, location_id, cell_start, unit, booking_id) values (${o.tenantId}, ${o.locationId}, ${cell}, ${o.unit}, ${o.bookingId})`);
  }
}

/** Open (future, not cancelled) bookings of a person, by e-mail address or by account. */
export async function openBookingsOf(db: Queryable, tenantId: string, email: string, userId: string | null, now: Date): Promise<number> {
  const r = await db.one<{ n: number }>(sql`select count(*)::int as n from appt_bookings where tenant_id = ${tenantId}
    and (email = ${email} ${userId ? sql`or user_id = ${userId}` : sql``}) and status <> 'cancelled' and start_at > ${now}`);
  return r?.n ?? 0;
}

export interface BookingRow {
  id: string;
  tokenHash: string;
  status: 'reserved' | 'confirmed' | 'cancelled';
  startAt: Date;
  endAt: Date;
  expiresAt: Date | null;
  serviceId: string;
  locationId: string;
  persons: number;
  name: string;
  email: string;
  userId: string | null;
  waitlistId: string | null;
  serviceName: string;
  locationName: string;
  locationAddress: string;
}

export async function bookingById(db: Queryable, tenantId: string, id: string): Promise<BookingRow | undefined> {
  return db.one(sql`${bookingSelect} where b.tenant_id = ${tenantId} and b.id = ${id}`);
}

const bookingSelect = sql`select b.id, b.cancel_token_hash as "tokenHash", b.status, b.start_at as "startAt", b.end_at as "endAt", b.expires_at as "expiresAt",
      b.service_id as "serviceId", b.location_id as "locationId", b.persons, b.name, b.email, b.user_id as "userId", b.waitlist_id as "waitlistId",
      s.name as "serviceName", l.name as "locationName", l.address as "locationAddress"
    from appt_bookings b join appt_services s on s.id = b.service_id join appt_locations l on l.id = b.location_id`;

/** A citizen's bookings (upcoming first), for the account page and the DSGVO export. */
export async function bookingsOfUser(db: Queryable, tenantId: string, userId: string): Promise<BookingRow[]> {
  return db.rows(sql`${bookingSelect} where b.tenant_id = ${tenantId} and b.user_id = ${userId} order by b.start_at desc limit 200`);
}

/** A reservation becomes a booking only while it is still held. */
export async function confirmReservation(tx: Tx, tenantId: string, id: string, now: Date, reminderDueAt: Date | null): Promise<boolean> {
  return (await tx.exec(sql`update appt_bookings set status = 'confirmed', expires_at = null, reminder_due_at = ${reminderDueAt}
    where tenant_id = ${tenantId} and id = ${id} and status = 'reserved' and expires_at > ${now}`)) === 1;
}

/** Moves a booking to another start (and counter) and gives up its old cells; the caller claims the new ones in the same transaction. */
export async function moveBooking(tx: Tx, o: { tenantId: string; id: string; locationId: string; start: Date; end: Date; unit: number; reminderDueAt: Date | null }): Promise<boolean> {
  const n = await tx.exec(sql`update appt_bookings set location_id = ${o.locationId}, start_at = ${o.start}, end_at = ${o.end}, unit = ${o.unit},
      reminder_due_at = ${o.reminderDueAt}, reminded_at = null
    where tenant_id = ${o.tenantId} and id = ${o.id} and status = 'confirmed' and checked_in_at is null`);
  if (n === 1) await tx.exec(sql`delete from appt_claims where tenant_id = ${o.tenantId} and booking_id = ${o.id}`);
  return n === 1;
}

/** Marks the reminder of a booking as sent, once, and only for the start it was planned for. */
export async function markReminded(tx: Tx, tenantId: string, id: string, start: Date, now: Date): Promise<BookingRow | undefined> {
  const n = await tx.exec(sql`update appt_bookings set reminded_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and status = 'confirmed' and start_at = ${start} and reminded_at is null and start_at > ${now}`);
  return n === 1 ? bookingById(tx, tenantId, id) : undefined;
}

/** Reservations not confirmed in time give their place back. */
export async function expireReservation(tx: Tx, tenantId: string, id: string, now: Date): Promise<boolean> {
  const n = await tx.exec(sql`update appt_bookings set status = 'cancelled' where tenant_id = ${tenantId} and id = ${id} and status = 'reserved' and expires_at <= ${now}`);
  if (n === 1) await tx.exec(sql`delete from appt_claims where tenant_id = ${tenantId} and booking_id = ${id}`);
  return n === 1;
}

export async function cancelBooking(tx: Tx, tenantId: string, id: string): Promise<boolean> {
  const n = await tx.exec(sql`update appt_bookings set status = 'cancelled' where tenant_id = ${tenantId} and id = ${id} and status <> 'cancelled'`);
  if (n === 1) await tx.exec(sql`delete from appt_claims where tenant_id = ${tenantId} and booking_id = ${id}`);
  return n === 1;
}

/** Fixed-window counter (any node): false when `key` already had `limit` hits in the window. */
export async function hitRateLimit(tx: Tx, key: string, limit: number, windowMs: number, now: Date): Promise<boolean> {
  const r = await tx.one<{ hits: number }>(sql`insert into rate_limits as r (key, window_start, hits) values (${key}, ${now}, 1)
    on conflict (key) do update set
      hits = case when r.window_start < ${new Date(now.getTime() - windowMs)} then 1 else r.hits + 1 end,
      window_start = case when r.window_start < ${new Date(now.getTime() - windowMs)} then ${now} else r.window_start end
    returning hits`);
  return (r?.hits ?? 0) <= limit;
}

/** Records a challenge as spent; false when it was spent before. */
export async function spendChallenge(tx: Tx, tenantId: string, nonce: string, expiresAt: Date): Promise<boolean> {
  return (await tx.exec(sql`insert into appt_challenges (nonce, tenant_id, expires_at) values (${nonce}, ${tenantId}, ${expiresAt}) on conflict (nonce) do nothing`)) === 1;
}

/** Spent challenges past their lifetime and rate-limit windows older than a day are of no use any more. */
export async function tidyUp(db: Queryable, now: Date): Promise<Record<string, number>> {
  return {
    challenges: await db.exec(sql`delete from appt_challenges where expires_at < ${now}`),
    rateLimits: await db.exec(sql`delete from rate_limits where window_start < ${new Date(now.getTime() - 86_400_000)}`),
  };
}
