// SQL of the council office's master data pages (bodies, persons, memberships, terms, locations, overview) beyond the
// core functions in repository.ts. Every statement is scoped by tenant.
import { sql, type Queryable, type Tx } from '../../kernel/index.ts';
import type { Location, Term } from './repository.ts';

export async function updateLocation(tx: Tx, tenantId: string, id: string, d: Pick<Location, 'description' | 'room' | 'streetAddress' | 'postalCode' | 'locality'>, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_locations set description = ${d.description}, room = ${d.room}, street_address = ${d.streetAddress}, postal_code = ${d.postalCode},
      locality = ${d.locality}, modified_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`)) === 1;
}

export async function termById(db: Queryable, tenantId: string, id: string): Promise<Term | undefined> {
  return db.one<Term>(sql`select id, name, to_char(start_date, 'YYYY-MM-DD') as "startDate", to_char(end_date, 'YYYY-MM-DD') as "endDate",
      created_at as "createdAt", modified_at as "modifiedAt", deleted_at as "deletedAt"
    from council_terms where tenant_id = ${tenantId} and id = ${id}`);
}

export async function updateTerm(tx: Tx, tenantId: string, id: string, d: Pick<Term, 'name' | 'startDate' | 'endDate'>, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_terms set name = ${d.name}, start_date = ${d.startDate}, end_date = ${d.endDate}, modified_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`)) === 1;
}

/** Another live body of the same municipality with this name (case-insensitive), which the unique index would refuse. */
export async function bodyNameTaken(db: Queryable, tenantId: string, municipality: string | null, name: string, exceptId: string | null): Promise<boolean> {
  const r = await db.one(sql`select 1 from council_bodies where tenant_id = ${tenantId} and deleted_at is null and coalesce(municipality, '') = ${municipality ?? ''}
    and lower(name) = lower(${name}) and (${exceptId}::uuid is null or id <> ${exceptId}::uuid) limit 1`);
  return !!r;
}

/** Meetings of a body that have not started yet (and are not cancelled): a body with those cannot be deleted. */
export async function futureMeetingCount(db: Queryable, tenantId: string, bodyId: string, now: Date): Promise<number> {
  const r = await db.one<{ n: number }>(sql`select count(*)::int as n from council_meetings where tenant_id = ${tenantId} and body_id = ${bodyId}
    and deleted_at is null and state <> 'cancelled' and starts_at > ${now}`);
  return r?.n ?? 0;
}

/** Memberships that name this body as their Fraktion (its kind must then stay `fraktion`). */
export async function fraktionUseCount(db: Queryable, tenantId: string, bodyId: string): Promise<number> {
  const r = await db.one<{ n: number }>(sql`select count(*)::int as n from council_memberships where tenant_id = ${tenantId} and fraktion_id = ${bodyId} and deleted_at is null`);
  return r?.n ?? 0;
}

/** Serialises membership changes of one person (the overlap check) across app nodes. */
export async function lockPerson(tx: Tx, tenantId: string, personId: string): Promise<boolean> {
  return !!(await tx.one(sql`select id from council_persons where tenant_id = ${tenantId} and id = ${personId} and deleted_at is null for update`));
}

/**
 * A live membership of the person in the body whose period overlaps [start, end] (open ends run for ever), other
 * than `exceptId`: one person cannot sit twice in the same body at the same time.
 */
export async function overlappingMembership(db: Queryable, tenantId: string, o: { personId: string; bodyId: string; startDate: string; endDate: string | null; exceptId: string | null }): Promise<{ id: string; startDate: string; endDate: string | null } | undefined> {
  return db.one(sql`select id, to_char(start_date, 'YYYY-MM-DD') as "startDate", to_char(end_date, 'YYYY-MM-DD') as "endDate" from council_memberships
    where tenant_id = ${tenantId} and person_id = ${o.personId} and body_id = ${o.bodyId} and deleted_at is null
      and (${o.exceptId}::uuid is null or id <> ${o.exceptId}::uuid)
      and start_date <= coalesce(${o.endDate}::date, 'infinity'::date) and coalesce(end_date, 'infinity'::date) >= ${o.startDate}::date
    order by start_date limit 1`);
}

/** The counts on the council office's overview page. */
export async function officeCounts(db: Queryable, tenantId: string, now: Date): Promise<{ bodies: number; persons: number; drafts: number; signoff: number; released: number; upcomingMeetings: number }> {
  const r = await db.one<{ bodies: number; persons: number; drafts: number; signoff: number; released: number; upcomingMeetings: number }>(sql`select
    (select count(*)::int from council_bodies where tenant_id = ${tenantId} and deleted_at is null) as bodies,
    (select count(*)::int from council_persons where tenant_id = ${tenantId} and deleted_at is null) as persons,
    (select count(*)::int from council_papers where tenant_id = ${tenantId} and deleted_at is null and status = 'draft') as drafts,
    (select count(*)::int from council_papers where tenant_id = ${tenantId} and deleted_at is null and status = 'signoff') as signoff,
    (select count(*)::int from council_papers where tenant_id = ${tenantId} and deleted_at is null and status = 'released') as released,
    (select count(*)::int from council_meetings where tenant_id = ${tenantId} and deleted_at is null and state <> 'cancelled' and starts_at > ${now}) as "upcomingMeetings"`);
  return r!;
}

/** Whether the council office has saved its own settings (otherwise the defaults apply). */
export async function settingsSaved(db: Queryable, tenantId: string): Promise<boolean> {
  return !!(await db.one(sql`select 1 from council_settings where tenant_id = ${tenantId}`));
}
