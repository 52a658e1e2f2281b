import { sql, type Queryable, type Tx } from '../../kernel/index.ts';

export type WaitStatus = 'unconfirmed' | 'waiting' | 'offered' | 'booked' | 'lapsed' | 'withdrawn';

export interface WaitEntry {
  id: string;
  locationId: string;
  serviceId: string;
  persons: number;
  name: string;
  email: string;
  userId: string | null;
  earliest: string;
  latest: string;
  tokenHash: string;
  status: WaitStatus;
  bookingId: string | null;
  createdAt: Date;
  serviceName: string;
  locationName: string;
}

const select = sql`select w.id, w.location_id as "locationId", w.service_id as "serviceId", w.persons, w.name, w.email, w.user_id as "userId",
    w.earliest, w.latest, w.token_hash as "tokenHash", w.status, w.booking_id as "bookingId", w.created_at as "createdAt",
    s.name as "serviceName", l.name as "locationName"
  from appt_waitlist w join appt_services s on s.id = w.service_id join appt_locations l on l.id = w.location_id`;

/** A new entry, or undefined when the person already waits for this service at this location. */
export async function insertEntry(
  tx: Tx,
  e: { id: string; tenantId: string; locationId: string; serviceId: string; persons: number; name: string; email: string; userId: string | null; earliest: string; latest: string; tokenHash: string; status: WaitStatus; now: Date },
): Promise<boolean> {
  const n = await tx.exec(sql`insert into appt_waitlist (id, tenant_id, location_id, service_id, persons, name, email, user_id, earliest, latest, token_hash, status, created_at)
    values (${e.id}, ${e.tenantId}, ${e.locationId}, ${e.serviceId}, ${e.persons}, ${e.name}, ${e.email}, ${e.userId}, ${e.earliest}, ${e.latest}, ${e.tokenHash}, ${e.status}, ${e.now})
    on conflict do nothing`);
  return n === 1;
}

export async function entryById(db: Queryable, tenantId: string, id: string): Promise<WaitEntry | undefined> {
  return db.one(sql`${select} where w.tenant_id = ${tenantId} and w.id = ${id}`);
}

/** Moves an entry on only from the expected states, so two offers or a double click cannot both act. */
export async function setEntryStatus(tx: Tx, tenantId: string, id: string, from: readonly WaitStatus[], to: WaitStatus, bookingId?: string): Promise<boolean> {
  const n = await tx.exec(sql`update appt_waitlist set status = ${to}
      ${bookingId ? sql`, booking_id = ${bookingId}, offers = offers + 1` : sql``}
    where tenant_id = ${tenantId} and id = ${id} and status in (${sql.join(from.map((s) => sql`${s}`))})`);
  return n === 1;
}

/** Waiting people at a location whose date range includes `day`, first come first served. */
export async function waitingFor(db: Queryable, tenantId: string, locationId: string, day: string): Promise<WaitEntry[]> {
  return db.rows(sql`${select} where w.tenant_id = ${tenantId} and w.location_id = ${locationId} and w.status = 'waiting'
    and w.earliest <= ${day} and w.latest >= ${day} order by w.seq limit 50`);
}

/** Position in the queue (1 = next) among those waiting for the same service and location. */
export async function positionOf(db: Queryable, tenantId: string, e: WaitEntry): Promise<number> {
  const r = await db.one<{ n: number }>(sql`select count(*)::int as n from appt_waitlist where tenant_id = ${tenantId} and location_id = ${e.locationId}
    and service_id = ${e.serviceId} and status = 'waiting' and seq <= (select seq from appt_waitlist where id = ${e.id})`);
  return r?.n ?? 0;
}

/** Entries whose last wanted day has passed leave the list. */
export async function lapseOutdated(db: Queryable, tenantId: string, today: string): Promise<number> {
  return db.exec(sql`update appt_waitlist set status = 'lapsed' where tenant_id = ${tenantId} and status in ('unconfirmed', 'waiting') and latest < ${today}`);
}

export async function entriesOfUser(db: Queryable, tenantId: string, userId: string): Promise<WaitEntry[]> {
  return db.rows(sql`${select} where w.tenant_id = ${tenantId} and w.user_id = ${userId} and w.status in ('unconfirmed', 'waiting', 'offered') order by w.seq`);
}
