import { sql, type Queryable, type Tx } from '../../kernel/index.ts';

/** The staff side of the Terminvergabe: day plan, check-in, calling display and statistics. Always tenant-scoped. */

export interface StaffLocation {
  id: string;
  name: string;
  counters: number;
  active: boolean;
}

export interface PlanRow {
  id: string;
  startAt: Date;
  endAt: Date;
  unit: number;
  persons: number;
  name: string;
  serviceName: string;
  ticket: string | null;
  checkedInAt: Date | null;
  calledAt: Date | null;
  calledCounter: number | null;
  finishedAt: Date | null;
  noShowAt: Date | null;
}

export interface StaffBooking {
  id: string;
  locationId: string;
  status: 'reserved' | 'confirmed' | 'cancelled';
  startAt: Date;
  unit: number;
  counters: number;
  ticket: string | null;
  checkedInAt: Date | null;
  calledAt: Date | null;
  calledCounter: number | null;
  finishedAt: Date | null;
  noShowAt: Date | null;
}

export interface DisplayState {
  called: { ticket: string; counter: number; calledAt: Date }[];
  waiting: string[];
}

export interface StatRow {
  /** null for the total over all locations */
  locationId: string | null;
  locationName: string | null;
  booked: number;
  cancelled: number;
  noShows: number;
  checkedIn: number;
  finished: number;
  /** seconds between check-in and call, over the bookings that were called */
  avgWaitSeconds: number | null;
  maxWaitSeconds: number | null;
  /** seconds from the booked start to check-in (negative = early) */
  avgLatenessSeconds: number | null;
}

/** All locations of the tenant, active ones first (inactive ones keep their history for statistics). */
export async function staffLocations(db: Queryable, tenantId: string): Promise<StaffLocation[]> {
  return db.rows(sql`select id, name, counters, active from appt_locations where tenant_id = ${tenantId} order by active desc, name`);
}

export async function staffLocationById(db: Queryable, tenantId: string, id: string): Promise<StaffLocation | undefined> {
  return db.one(sql`select id, name, counters, active from appt_locations where tenant_id = ${tenantId} and id = ${id}`);
}

/** Confirmed bookings of one location in [from, to), by counter and time. */
export async function dayPlan(db: Queryable, tenantId: string, locationId: string, from: Date, to: Date): Promise<PlanRow[]> {
  return db.rows(sql`select b.id, b.start_at as "startAt", b.end_at as "endAt", b.unit, b.persons, b.name, s.name as "serviceName",
      b.ticket, b.checked_in_at as "checkedInAt", b.called_at as "calledAt", b.called_counter as "calledCounter",
      b.finished_at as "finishedAt", b.no_show_at as "noShowAt"
    from appt_bookings b join appt_services s on s.id = b.service_id and s.tenant_id = b.tenant_id
    where b.tenant_id = ${tenantId} and b.location_id = ${locationId} and b.status = 'confirmed'
      and b.start_at >= ${from} and b.start_at < ${to}
    order by b.unit, b.start_at, b.created_at`);
}

export async function cancelledCount(db: Queryable, tenantId: string, locationId: string, from: Date, to: Date): Promise<number> {
  const r = await db.one<{ n: number }>(sql`select count(*)::int as n from appt_bookings
    where tenant_id = ${tenantId} and location_id = ${locationId} and status = 'cancelled' and start_at >= ${from} and start_at < ${to}`);
  return r?.n ?? 0;
}

/** One booking with its staff-side state; `lock` holds the row until the transaction ends. */
export async function staffBooking(db: Queryable, tenantId: string, id: string, lock = false): Promise<StaffBooking | undefined> {
  const q = sql`select b.id, b.location_id as "locationId", b.status, b.start_at as "startAt", b.unit, l.counters, b.ticket,
      b.checked_in_at as "checkedInAt", b.called_at as "calledAt", b.called_counter as "calledCounter",
      b.finished_at as "finishedAt", b.no_show_at as "noShowAt"
    from appt_bookings b join appt_locations l on l.id = b.location_id and l.tenant_id = b.tenant_id
    where b.tenant_id = ${tenantId} and b.id = ${id}`;
  return db.one(lock ? sql`${q} for update of b` : q);
}

/** Hands out the next waiting number of a location and day (atomic under concurrent check-ins). */
export async function nextTicketNumber(tx: Tx, tenantId: string, locationId: string, day: string): Promise<number> {
  const r = await tx.one<{ last: number }>(sql`insert into appt_ticket_counters as c (tenant_id, location_id, day, last) values (${tenantId}, ${locationId}, ${day}, 1)
    on conflict (location_id, day) do update set last = c.last + 1 where c.tenant_id = ${tenantId}
    returning last`);
  if (!r) throw new Error('ticket counter belongs to another tenant');
  return r.last;
}

/** Check-in only once, only for a confirmed booking not marked as no-show. */
export async function checkIn(tx: Tx, tenantId: string, id: string, ticket: string, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update appt_bookings set checked_in_at = ${now}, ticket = ${ticket}
    where tenant_id = ${tenantId} and id = ${id} and status = 'confirmed' and checked_in_at is null and no_show_at is null`)) === 1;
}

/** Calls a checked-in person to a counter; a repeat call needs `repeatAfter` to have passed (double clicks change nothing). */
export async function callTicket(tx: Tx, tenantId: string, id: string, counter: number, now: Date, repeatAfter: Date): Promise<boolean> {
  return (await tx.exec(sql`update appt_bookings set called_at = ${now}, called_counter = ${counter}
    where tenant_id = ${tenantId} and id = ${id} and status = 'confirmed' and checked_in_at is not null and finished_at is null and no_show_at is null
      and (called_at is null or called_at <= ${repeatAfter} or called_counter is distinct from ${counter})`)) === 1;
}

export async function finishBooking(tx: Tx, tenantId: string, id: string, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update appt_bookings set finished_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and status = 'confirmed' and checked_in_at is not null and finished_at is null and no_show_at is null`)) === 1;
}

/** A no-show is only possible once the booked start has passed and nobody checked in. */
export async function markNoShow(tx: Tx, tenantId: string, id: string, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update appt_bookings set no_show_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and status = 'confirmed' and checked_in_at is null and no_show_at is null and start_at <= ${now}`)) === 1;
}

export async function resetNoShow(tx: Tx, tenantId: string, id: string): Promise<boolean> {
  return (await tx.exec(sql`update appt_bookings set no_show_at = null
    where tenant_id = ${tenantId} and id = ${id} and status = 'confirmed' and no_show_at is not null`)) === 1;
}

/** What the waiting-room screen shows: waiting numbers and counters only, never names. */
export async function displayState(db: Queryable, tenantId: string, locationId: string, from: Date, to: Date, limit = 8): Promise<DisplayState> {
  const [called, waiting] = await Promise.all([
    db.rows<{ ticket: string; counter: number; calledAt: Date }>(sql`select ticket, called_counter as counter, called_at as "calledAt" from appt_bookings
      where tenant_id = ${tenantId} and location_id = ${locationId} and status = 'confirmed' and ticket is not null and called_at is not null
        and called_at >= ${from} and called_at < ${to}
      order by called_at desc, ticket desc limit ${limit}`),
    db.rows<{ ticket: string }>(sql`select ticket from appt_bookings
      where tenant_id = ${tenantId} and location_id = ${locationId} and status = 'confirmed' and ticket is not null
        and checked_in_at >= ${from} and checked_in_at < ${to} and called_at is null and finished_at is null and no_show_at is null
      order by checked_in_at, ticket`),
  ]);
  return { called, waiting: waiting.map((w) => w.ticket) };
}

/** Figures per location and in total (the row with locationId null) for bookings starting in [from, to). */
export async function statistics(db: Queryable, tenantId: string, from: Date, to: Date, locationId?: string): Promise<StatRow[]> {
  return db.rows(sql`select l.id as "locationId", min(l.name) as "locationName",
      count(*) filter (where b.status = 'confirmed')::int as booked,
      count(*) filter (where b.status = 'cancelled')::int as cancelled,
      count(*) filter (where b.status = 'confirmed' and b.no_show_at is not null)::int as "noShows",
      count(*) filter (where b.status = 'confirmed' and b.checked_in_at is not null)::int as "checkedIn",
      count(*) filter (where b.status = 'confirmed' and b.finished_at is not null)::int as finished,
      (avg(extract(epoch from b.called_at - b.checked_in_at)) filter (where b.status = 'confirmed' and b.called_at is not null and b.checked_in_at is not null))::float8 as "avgWaitSeconds",
      (max(extract(epoch from b.called_at - b.checked_in_at)) filter (where b.status = 'confirmed' and b.called_at is not null and b.checked_in_at is not null))::float8 as "maxWaitSeconds",
      (avg(extract(epoch from b.checked_in_at - b.start_at)) filter (where b.status = 'confirmed' and b.checked_in_at is not null))::float8 as "avgLatenessSeconds"
    from appt_bookings b join appt_locations l on l.id = b.location_id and l.tenant_id = b.tenant_id
    where b.tenant_id = ${tenantId} and b.status in ('confirmed', 'cancelled') and b.start_at >= ${from} and b.start_at < ${to}
      ${locationId ? sql`and b.location_id = ${locationId}` : sql``}
    group by grouping sets ((l.id), ())
    order by grouping(l.id), min(l.name)`);
}
