// SQL of the Terminvergabe set-up (locations, services, opening hours, closures, rules); every statement is tenant-scoped.
import { sql, type Queryable, type Tx } from '../../kernel/index.ts';
import type { Hours, Settings } from './repository.ts';

export interface AdminLocationRow {
  id: string;
  name: string;
  address: string;
  counters: number;
  active: boolean;
  serviceCount: number;
}

export interface AdminLocation {
  id: string;
  name: string;
  address: string;
  accessibility: string;
  counters: number;
  active: boolean;
  services: string[];
  hours: Hours[];
}

export interface AdminService {
  id: string;
  name: string;
  durationMinutes: number;
  active: boolean;
}

export interface Closure {
  day: string;
  locationId: string | null;
  locationName: string | null;
  reason: string;
}

export interface LocationData {
  name: string;
  address: string;
  accessibility: string;
  counters: number;
  active: boolean;
}

export interface ServiceData {
  name: string;
  durationMinutes: number;
  active: boolean;
}

/** Every location of the tenant, active or not, with the number of services it offers. */
export async function adminLocations(db: Queryable, tenantId: string): Promise<AdminLocationRow[]> {
  return db.rows(sql`select l.id, l.name, l.address, l.counters, l.active,
      (select count(*)::int from appt_location_services ls where ls.tenant_id = ${tenantId} and ls.location_id = l.id) as "serviceCount"
    from appt_locations l where l.tenant_id = ${tenantId} order by l.active desc, l.name`);
}

/** Every service of the tenant, active or not. */
export async function adminServices(db: Queryable, tenantId: string): Promise<AdminService[]> {
  return db.rows(sql`select id, name, duration_minutes as "durationMinutes", active from appt_services
    where tenant_id = ${tenantId} order by active desc, name`);
}

/** One location with its services and weekly hours, whether active or not (the editor shows both). */
export async function adminLocationById(db: Queryable, tenantId: string, id: string): Promise<AdminLocation | undefined> {
  const l = await db.one<Omit<AdminLocation, 'hours'>>(sql`select l.id, l.name, l.address, l.accessibility, l.counters, l.active,
      coalesce((select array_agg(ls.service_id::text order by ls.service_id) from appt_location_services ls
        where ls.tenant_id = ${tenantId} and ls.location_id = l.id), '{}') as services
    from appt_locations l where l.tenant_id = ${tenantId} and l.id = ${id}`);
  if (!l) return undefined;
  const hours = await db.rows<Hours>(sql`select weekday, to_char(opens, 'HH24:MI') as opens, to_char(closes, 'HH24:MI') as closes
    from appt_opening_hours where tenant_id = ${tenantId} and location_id = ${id} order by weekday, opens`);
  return { ...l, hours };
}

/** One service, whether active or not. */
export async function adminServiceById(db: Queryable, tenantId: string, id: string): Promise<AdminService | undefined> {
  return db.one(sql`select id, name, duration_minutes as "durationMinutes", active from appt_services where tenant_id = ${tenantId} and id = ${id}`);
}

/** A new location; its services and hours follow in the same transaction. */
export async function insertLocation(tx: Tx, tenantId: string, d: LocationData): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into appt_locations (tenant_id, name, address, accessibility, counters, active)
    values (${tenantId}, ${d.name}, ${d.address}, ${d.accessibility}, ${d.counters}, ${d.active}) returning id`);
  return r!.id;
}

/** False when the location is not the tenant's. */
export async function updateLocation(tx: Tx, tenantId: string, id: string, d: LocationData): Promise<boolean> {
  return (await tx.exec(sql`update appt_locations set name = ${d.name}, address = ${d.address}, accessibility = ${d.accessibility},
      counters = ${d.counters}, active = ${d.active} where tenant_id = ${tenantId} and id = ${id}`)) === 1;
}

/** Replaces the services a location offers; services of other tenants are skipped by the join. */
export async function replaceLocationServices(tx: Tx, tenantId: string, locationId: string, serviceIds: readonly string[]): Promise<void> {
  await tx.exec(sql`delete from appt_location_services where tenant_id = ${tenantId} and location_id = ${locationId}`);
  for (const s of serviceIds) {
    await tx.exec(sql`insert into appt_location_services (tenant_id, location_id, service_id)
      select ${tenantId}, l.id, s.id from appt_locations l join appt_services s on s.tenant_id = ${tenantId} and s.id = ${s}
      where l.tenant_id = ${tenantId} and l.id = ${locationId}`);
  }
}

/** Replaces a location's weekly opening hours. */
export async function replaceOpeningHours(tx: Tx, tenantId: string, locationId: string, hours: readonly Hours[]): Promise<void> {
  await tx.exec(sql`delete from appt_opening_hours where tenant_id = ${tenantId} and location_id = ${locationId}`);
  for (const h of hours) {
    await tx.exec(sql`insert into appt_opening_hours (tenant_id, location_id, weekday, opens, closes)
      select ${tenantId}, l.id, ${h.weekday}, ${h.opens}::time, ${h.closes}::time from appt_locations l where l.tenant_id = ${tenantId} and l.id = ${locationId}`);
  }
}

/** A new service (not yet offered anywhere until a location lists it). */
export async function insertService(tx: Tx, tenantId: string, d: ServiceData): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into appt_services (tenant_id, name, duration_minutes, active)
    values (${tenantId}, ${d.name}, ${d.durationMinutes}, ${d.active}) returning id`);
  return r!.id;
}

/** False when the service is not the tenant's. */
export async function updateService(tx: Tx, tenantId: string, id: string, d: ServiceData): Promise<boolean> {
  return (await tx.exec(sql`update appt_services set name = ${d.name}, duration_minutes = ${d.durationMinutes}, active = ${d.active}
    where tenant_id = ${tenantId} and id = ${id}`)) === 1;
}

/** Closures from `from` on, all locations first. */
export async function closuresFrom(db: Queryable, tenantId: string, from: string): Promise<Closure[]> {
  return db.rows(sql`select c.day, c.location_id as "locationId", l.name as "locationName", c.reason
    from appt_closures c left join appt_locations l on l.id = c.location_id and l.tenant_id = ${tenantId}
    where c.tenant_id = ${tenantId} and c.day >= ${from} order by c.day, l.name nulls first`);
}

/** Whether the day is already closed for exactly this location (or, with null, for all). */
export async function closureExists(db: Queryable, tenantId: string, day: string, locationId: string | null): Promise<boolean> {
  const r = await db.one(sql`select 1 as x from appt_closures where tenant_id = ${tenantId} and day = ${day}
    and location_id is not distinct from ${locationId}::uuid`);
  return r !== undefined;
}

/** Adds a closure; a location id of another tenant inserts nothing (returns false). */
export async function insertClosure(tx: Tx, tenantId: string, c: { day: string; locationId: string | null; reason: string }): Promise<boolean> {
  return (await tx.exec(sql`insert into appt_closures (tenant_id, location_id, day, reason)
    select ${tenantId}, ${c.locationId}::uuid, ${c.day}::date, ${c.reason}
    where ${c.locationId}::uuid is null or exists (select 1 from appt_locations where tenant_id = ${tenantId} and id = ${c.locationId}::uuid)`)) > 0;
}

/** Removes the closure of a day (for one location or, with null, the one for all locations). */
export async function deleteClosure(tx: Tx, tenantId: string, day: string, locationId: string | null): Promise<boolean> {
  return (await tx.exec(sql`delete from appt_closures where tenant_id = ${tenantId} and day = ${day}
    and location_id is not distinct from ${locationId}::uuid`)) > 0;
}

/** Saves the tenant's booking rules (one row per tenant). */
export async function upsertSettings(tx: Tx, tenantId: string, s: Settings): Promise<void> {
  await tx.exec(sql`insert into appt_settings (tenant_id, horizon_days, release_time, min_notice_minutes, max_open_per_email, bookings_per_hour_per_client,
      confirm_minutes, max_persons, offer_minutes, reminder_hours, pow_difficulty, min_form_seconds, api_requires_challenge, waitlist_enabled)
    values (${tenantId}, ${s.horizonDays}, ${s.releaseTime}::time, ${s.minNoticeMinutes}, ${s.maxOpenPerEmail}, ${s.bookingsPerHourPerClient},
      ${s.confirmMinutes}, ${s.maxPersons}, ${s.offerMinutes}, ${s.reminderHours}, ${s.powDifficulty}, ${s.minFormSeconds}, ${s.apiRequiresChallenge}, ${s.waitlistEnabled})
    on conflict (tenant_id) do update set horizon_days = excluded.horizon_days, release_time = excluded.release_time,
      min_notice_minutes = excluded.min_notice_minutes, max_open_per_email = excluded.max_open_per_email,
      bookings_per_hour_per_client = excluded.bookings_per_hour_per_client, confirm_minutes = excluded.confirm_minutes,
      max_persons = excluded.max_persons, offer_minutes = excluded.offer_minutes, reminder_hours = excluded.reminder_hours,
      pow_difficulty = excluded.pow_difficulty, min_form_seconds = excluded.min_form_seconds,
      api_requires_challenge = excluded.api_requires_challenge, waitlist_enabled = excluded.waitlist_enabled`);
}
