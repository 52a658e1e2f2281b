// SQL of the OParl 1.1 API: external lists with keyset paging, single objects, embedded objects and the `modified`
// each object reports. Every statement is scoped by tenant and goes through the publication guard
// (../publication.repository.ts), extended by the rule that nothing of a deleted parent is shown.
//
// `modified` of an object is the newest change of every row its JSON is made of or whose visibility it depends on
// (a paper's consultations and files, a meeting's agenda items, …; see CONTRIBUTORS). The same definition serves the
// reported value, `modified_since` / `modified_until` and the tombstones of depublished objects, so a client that
// syncs by `modified` cannot miss a change even when a command forgot to touch the parent.
import { sql, type Db, type Queryable, type Sql } from '../../../kernel/index.ts';
import {
  MINUTES_RELEASED,
  PUBLIC_AGENDA_ITEM,
  PUBLIC_CONSULTATION,
  PUBLIC_FILE,
  PUBLIC_MEETING,
  PUBLIC_MEMBERSHIP,
  PUBLIC_PAPER,
  PUBLIC_PERSON,
} from '../publication.repository.ts';
import type { BodyKind, ConsultationRole, FileRole, MeetingState, MembershipRole, MinutesState, PaperType } from '../repository.ts';

/** The object types below a Body, as they appear in URLs (`…/body/{slug}/{kind}/{id}`). */
export const OPARL_KINDS = ['organization', 'person', 'membership', 'meeting', 'agendaitem', 'paper', 'consultation', 'file', 'location', 'legislativeterm'] as const;
export type OparlKind = (typeof OPARL_KINDS)[number];

/** What every row carries: visibility for the public, soft deletion and the keyset position. */
export interface RowBase {
  id: string;
  createdAt: Date;
  deleted: boolean;
  /** Shown to the public now (not deleted and allowed by the publication guard). */
  visible: boolean;
  /** Keyset position "<created_at in µs since epoch>.<id>". */
  cursor: string;
}

export interface OrganizationRow extends RowBase {
  name: string;
  shortName: string | null;
  kind: BodyKind;
  parentId: string | null;
  startDate: string | null;
  endDate: string | null;
}

export interface PersonRow extends RowBase {
  familyName: string;
  givenName: string;
  title: string | null;
  formOfAddress: string | null;
  gender: 'female' | 'male' | 'diverse' | null;
  /** Only with the person's consent to publish contact data (null otherwise, never read). */
  email: string | null;
  phone: string | null;
}

export interface MembershipRow extends RowBase {
  personId: string;
  bodyId: string;
  role: MembershipRole;
  fraktionId: string | null;
  votingRight: boolean;
  startDate: string;
  endDate: string | null;
}

export interface MeetingRow extends RowBase {
  bodyId: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  locationId: string | null;
  state: MeetingState;
  dispatchedAt: Date | null;
  minutesState: MinutesState;
}

export interface AgendaItemRow extends RowBase {
  meetingId: string;
  number: string;
  name: string;
  position: number;
  /** 0-based position among the meeting's public, not deleted items. */
  order: number;
  /** Only once the meeting's minutes are released (null otherwise, never read). */
  result: string | null;
  resolutionText: string | null;
}

export interface PaperRow extends RowBase {
  reference: string;
  name: string;
  paperType: PaperType;
  date: string;
  relatedPaperId: string | null;
  originatorPersonIds: string[];
  originatorBodyIds: string[];
}

export interface ConsultationRow extends RowBase {
  paperId: string;
  bodyId: string;
  meetingId: string | null;
  agendaItemId: string | null;
  role: ConsultationRole;
  authoritative: boolean;
  position: number;
}

export interface FileRow extends RowBase {
  name: string;
  fileName: string;
  mime: string;
  size: number;
  sha512: string;
  storedFileId: string;
  paperId: string | null;
  meetingId: string | null;
  agendaItemId: string | null;
  role: FileRole;
  position: number;
}

export interface LocationRow extends RowBase {
  description: string;
  room: string | null;
  streetAddress: string | null;
  postalCode: string | null;
  locality: string | null;
}

export interface TermRow extends RowBase {
  name: string;
  startDate: string;
  endDate: string | null;
}

export interface RowOf {
  organization: OrganizationRow;
  person: PersonRow;
  membership: MembershipRow;
  meeting: MeetingRow;
  agendaitem: AgendaItemRow;
  paper: PaperRow;
  consultation: ConsultationRow;
  file: FileRow;
  location: LocationRow;
  legislativeterm: TermRow;
}

const r = (text: string) => sql.raw(text);
const day = (col: string) => r(`to_char(${col}, 'YYYY-MM-DD')`);

/** A row of another table whose change counts as a change of the object: `oid` is the object's id. */
type Cond = (oid: string, mod: string) => Sql;
type Contributor = (tenantId: string, cond: Cond) => Sql;

const own =
  (table: string, alias: string): Contributor =>
  (t, w) =>
    sql`select ${r(`${alias}.id`)} as oid, ${r(`${alias}.modified_at`)} as mod from ${r(`${table} ${alias}`)} where ${r(`${alias}.tenant_id`)} = ${t} and ${w(`${alias}.id`, `${alias}.modified_at`)}`;

interface KindDef {
  table: string;
  alias: string;
  cols: Sql;
  /** Shown to the public (alias as in the publication guard). */
  visible: Sql;
  /**
   * Rows of other tables that count as changes of the object besides its own row. Their aliases differ from `alias`,
   * so they can be correlated with the outer query (`oid = <alias>.id`).
   */
  contributors: Contributor[];
}

const FILE_PARENTS_ALIVE = sql`(f.paper_id is null or exists (select 1 from council_papers p where p.tenant_id = f.tenant_id and p.id = f.paper_id and p.deleted_at is null))
  and (f.meeting_id is null or exists (select 1 from council_meetings m where m.tenant_id = f.tenant_id and m.id = f.meeting_id and m.deleted_at is null))
  and (f.agenda_item_id is null or exists (select 1 from council_agenda_items a join council_meetings m on m.tenant_id = a.tenant_id and m.id = a.meeting_id
    where a.tenant_id = f.tenant_id and a.id = f.agenda_item_id and a.deleted_at is null and m.deleted_at is null
    and (f.role not in ('results', 'minutes', 'verbatim') or ${MINUTES_RELEASED})))`;

const DEFS: { [K in OparlKind]: KindDef } = {
  organization: {
    table: 'council_bodies',
    alias: 'b',
    cols: sql`b.id, b.name, b.short_name as "shortName", b.kind, b.parent_id as "parentId", ${day('b.start_date')} as "startDate", ${day('b.end_date')} as "endDate"`,
    visible: sql`(b.deleted_at is null)`,
    contributors: [
      // Organization.membership lists the URLs of its memberships.
      (t, w) => sql`select ms.body_id as oid, ms.modified_at as mod from council_memberships ms where ms.tenant_id = ${t} and ${w('ms.body_id', 'ms.modified_at')}`,
    ],
  },
  person: {
    table: 'council_persons',
    alias: 'pe',
    cols: sql`pe.id, pe.family_name as "familyName", pe.given_name as "givenName", pe.title, pe.form_of_address as "formOfAddress", pe.gender,
      case when pe.publish_contact then pe.email end as email, case when pe.publish_contact then pe.phone end as phone`,
    visible: sql`(pe.deleted_at is null and ${PUBLIC_PERSON})`,
    contributors: [
      // Embedded memberships; the last one ending also ends the person's publication.
      (t, w) => sql`select ms.person_id as oid, ms.modified_at as mod from council_memberships ms where ms.tenant_id = ${t} and ${w('ms.person_id', 'ms.modified_at')}`,
    ],
  },
  membership: {
    table: 'council_memberships',
    alias: 'ms',
    cols: sql`ms.id, ms.person_id as "personId", ms.body_id as "bodyId", ms.role, ms.fraktion_id as "fraktionId", ms.voting_right as "votingRight",
      ${day('ms.start_date')} as "startDate", ${day('ms.end_date')} as "endDate"`,
    visible: sql`(ms.deleted_at is null and ${PUBLIC_MEMBERSHIP})`,
    contributors: [],
  },
  meeting: {
    table: 'council_meetings',
    alias: 'm',
    cols: sql`m.id, m.body_id as "bodyId", m.name, m.starts_at as "startsAt", m.ends_at as "endsAt", m.location_id as "locationId", m.state,
      m.dispatched_at as "dispatchedAt", m.minutes_state as "minutesState"`,
    visible: sql`(m.deleted_at is null and ${PUBLIC_MEETING})`,
    contributors: [
      (t, w) => sql`select m2.id as oid, l.modified_at as mod from council_meetings m2 join council_locations l on l.tenant_id = m2.tenant_id and l.id = m2.location_id
        where m2.tenant_id = ${t} and ${w('m2.id', 'l.modified_at')}`,
      (t, w) => sql`select a.meeting_id as oid, a.modified_at as mod from council_agenda_items a where a.tenant_id = ${t} and ${w('a.meeting_id', 'a.modified_at')}`,
      (t, w) => sql`select f.meeting_id as oid, f.modified_at as mod from council_files f where f.tenant_id = ${t} and f.meeting_id is not null and ${w('f.meeting_id', 'f.modified_at')}`,
      (t, w) => sql`select a.meeting_id as oid, f.modified_at as mod from council_files f join council_agenda_items a on a.tenant_id = f.tenant_id and a.id = f.agenda_item_id
        where f.tenant_id = ${t} and ${w('a.meeting_id', 'f.modified_at')}`,
      (t, w) => sql`select a.meeting_id as oid, c.modified_at as mod from council_consultations c join council_agenda_items a on a.tenant_id = c.tenant_id and a.id = c.agenda_item_id
        where c.tenant_id = ${t} and ${w('a.meeting_id', 'c.modified_at')}`,
      (t, w) => sql`select a.meeting_id as oid, p.modified_at as mod from council_consultations c join council_agenda_items a on a.tenant_id = c.tenant_id and a.id = c.agenda_item_id
        join council_papers p on p.tenant_id = c.tenant_id and p.id = c.paper_id where c.tenant_id = ${t} and ${w('a.meeting_id', 'p.modified_at')}`,
    ],
  },
  agendaitem: {
    table: 'council_agenda_items',
    alias: 'a',
    cols: sql`a.id, a.meeting_id as "meetingId", a.number, a.name, a.position,
      (select count(*) from (select a.tenant_id, a.meeting_id, a.position, a.id from council_agenda_items a where a.deleted_at is null and ${PUBLIC_AGENDA_ITEM}) o
        where o.tenant_id = a.tenant_id and o.meeting_id = a.meeting_id and (o.position, o.id) < (a.position, a.id))::int as "order",
      case when exists (select 1 from council_meetings m where m.tenant_id = a.tenant_id and m.id = a.meeting_id and ${MINUTES_RELEASED}) then a.result end as result,
      case when exists (select 1 from council_meetings m where m.tenant_id = a.tenant_id and m.id = a.meeting_id and ${MINUTES_RELEASED}) then a.resolution_text end as "resolutionText"`,
    visible: sql`(a.deleted_at is null and ${PUBLIC_AGENDA_ITEM}
      and exists (select 1 from council_meetings m where m.tenant_id = a.tenant_id and m.id = a.meeting_id and m.deleted_at is null and ${PUBLIC_MEETING}))`,
    contributors: [
      // The meeting: its deletion and the release of the minutes (result, resolution text) change the item.
      (t, w) => sql`select a2.id as oid, m.modified_at as mod from council_agenda_items a2 join council_meetings m on m.tenant_id = a2.tenant_id and m.id = a2.meeting_id
        where a2.tenant_id = ${t} and ${w('a2.id', 'm.modified_at')}`,
      (t, w) => sql`select f.agenda_item_id as oid, f.modified_at as mod from council_files f where f.tenant_id = ${t} and f.agenda_item_id is not null and ${w('f.agenda_item_id', 'f.modified_at')}`,
      (t, w) => sql`select c.agenda_item_id as oid, c.modified_at as mod from council_consultations c where c.tenant_id = ${t} and c.agenda_item_id is not null and ${w('c.agenda_item_id', 'c.modified_at')}`,
      (t, w) => sql`select c.agenda_item_id as oid, p.modified_at as mod from council_consultations c join council_papers p on p.tenant_id = c.tenant_id and p.id = c.paper_id
        where c.tenant_id = ${t} and c.agenda_item_id is not null and ${w('c.agenda_item_id', 'p.modified_at')}`,
    ],
  },
  paper: {
    table: 'council_papers',
    alias: 'p',
    cols: sql`p.id, p.reference, p.name, p.paper_type as "paperType", ${day('p.date')} as date, p.related_paper_id as "relatedPaperId",
      p.originator_person_ids::text[] as "originatorPersonIds", p.originator_body_ids::text[] as "originatorBodyIds"`,
    visible: sql`(p.deleted_at is null and ${PUBLIC_PAPER})`,
    contributors: [
      (t, w) => sql`select c.paper_id as oid, c.modified_at as mod from council_consultations c where c.tenant_id = ${t} and ${w('c.paper_id', 'c.modified_at')}`,
      (t, w) => sql`select f.paper_id as oid, f.modified_at as mod from council_files f where f.tenant_id = ${t} and f.paper_id is not null and ${w('f.paper_id', 'f.modified_at')}`,
      // A consultation is shown only while its agenda item is public.
      (t, w) => sql`select c.paper_id as oid, a.modified_at as mod from council_consultations c join council_agenda_items a on a.tenant_id = c.tenant_id and a.id = c.agenda_item_id
        where c.tenant_id = ${t} and ${w('c.paper_id', 'a.modified_at')}`,
      // relatedPaper is listed only while the related paper is public.
      (t, w) => sql`select p2.id as oid, rp.modified_at as mod from council_papers p2 join council_papers rp on rp.tenant_id = p2.tenant_id and rp.id = p2.related_paper_id
        where p2.tenant_id = ${t} and ${w('p2.id', 'rp.modified_at')}`,
    ],
  },
  consultation: {
    table: 'council_consultations',
    alias: 'c',
    cols: sql`c.id, c.paper_id as "paperId", c.body_id as "bodyId", c.meeting_id as "meetingId", c.agenda_item_id as "agendaItemId", c.role, c.authoritative, c.position`,
    visible: sql`(c.deleted_at is null and ${PUBLIC_CONSULTATION}
      and exists (select 1 from council_papers p where p.tenant_id = c.tenant_id and p.id = c.paper_id and p.deleted_at is null))`,
    contributors: [
      (t, w) => sql`select c2.id as oid, p.modified_at as mod from council_consultations c2 join council_papers p on p.tenant_id = c2.tenant_id and p.id = c2.paper_id
        where c2.tenant_id = ${t} and ${w('c2.id', 'p.modified_at')}`,
      (t, w) => sql`select c2.id as oid, a.modified_at as mod from council_consultations c2 join council_agenda_items a on a.tenant_id = c2.tenant_id and a.id = c2.agenda_item_id
        where c2.tenant_id = ${t} and ${w('c2.id', 'a.modified_at')}`,
    ],
  },
  file: {
    table: 'council_files',
    alias: 'f',
    cols: sql`f.id, f.name, f.file_name as "fileName", f.mime, f.size, f.sha512, f.stored_file_id as "storedFileId", f.paper_id as "paperId", f.meeting_id as "meetingId",
      f.agenda_item_id as "agendaItemId", f.role, f.position`,
    visible: sql`(f.deleted_at is null and ${PUBLIC_FILE} and ${FILE_PARENTS_ALIVE})`,
    contributors: [
      (t, w) => sql`select f2.id as oid, p.modified_at as mod from council_files f2 join council_papers p on p.tenant_id = f2.tenant_id and p.id = f2.paper_id
        where f2.tenant_id = ${t} and ${w('f2.id', 'p.modified_at')}`,
      (t, w) => sql`select f2.id as oid, m.modified_at as mod from council_files f2 join council_meetings m on m.tenant_id = f2.tenant_id and m.id = f2.meeting_id
        where f2.tenant_id = ${t} and ${w('f2.id', 'm.modified_at')}`,
      (t, w) => sql`select f2.id as oid, a.modified_at as mod from council_files f2 join council_agenda_items a on a.tenant_id = f2.tenant_id and a.id = f2.agenda_item_id
        where f2.tenant_id = ${t} and ${w('f2.id', 'a.modified_at')}`,
      (t, w) => sql`select f2.id as oid, m.modified_at as mod from council_files f2 join council_agenda_items a on a.tenant_id = f2.tenant_id and a.id = f2.agenda_item_id
        join council_meetings m on m.tenant_id = a.tenant_id and m.id = a.meeting_id where f2.tenant_id = ${t} and ${w('f2.id', 'm.modified_at')}`,
    ],
  },
  location: {
    table: 'council_locations',
    alias: 'l',
    cols: sql`l.id, l.description, l.room, l.street_address as "streetAddress", l.postal_code as "postalCode", l.locality`,
    visible: sql`(l.deleted_at is null)`,
    contributors: [],
  },
  legislativeterm: {
    table: 'council_terms',
    alias: 't',
    cols: sql`t.id, t.name, ${day('t.start_date')} as "startDate", ${day('t.end_date')} as "endDate"`,
    visible: sql`(t.deleted_at is null)`,
    contributors: [],
  },
};

/**
 * The row columns. `visible` is filled in by the caller: true where the WHERE clause applies the guard, otherwise by
 * {@link markVisible}. (The guard's EXISTS clauses in a select list make PostgreSQL hash whole tables; in WHERE they
 * become index look-ups.)
 */
function selectRows(kind: OparlKind, extra: Sql = sql``): Sql {
  const d = DEFS[kind];
  const x = d.alias;
  return sql`select ${d.cols}${extra}, ${r(`${x}.created_at`)} as "createdAt", ${r(`${x}.deleted_at`)} is not null as deleted, true as visible,
    (extract(epoch from ${r(`${x}.created_at`)}) * 1000000)::bigint::text || '.' || ${r(`${x}.id`)}::text as cursor
    from ${r(`${d.table} ${x}`)}`;
}

/** Sets `visible` of rows loaded without the guard in their WHERE clause. */
async function markVisible<T extends RowBase>(db: Queryable, tenantId: string, kind: OparlKind, rows: T[]): Promise<T[]> {
  if (rows.length === 0) return rows;
  const d = DEFS[kind];
  const x = d.alias;
  const shown = await db.rows<{ id: string }>(sql`select ${r(`${x}.id`)} as id from ${r(`${d.table} ${x}`)}
    where ${r(`${x}.tenant_id`)} = ${tenantId} and ${r(`${x}.id`)} = any(${rows.map((row) => row.id)}::uuid[]) and ${d.visible}`);
  const set = new Set(shown.map((row) => row.id));
  for (const row of rows) row.visible = set.has(row.id);
  return rows;
}

/** (oid, mod) of every change that counts for objects of this kind, the object's own row included. */
function changes(kind: OparlKind, tenantId: string, cond: Cond): Sql {
  const d = DEFS[kind];
  return sql.join(
    [own(d.table, `${d.alias}0`), ...d.contributors].map((c) => c(tenantId, cond)),
    ' union all ',
  );
}

/**
 * Below this many changes since `modified_since` the list starts from the changed rows (index on modified_at of every
 * contributing table); above it, it walks the objects in keyset order and tests each (a full sync by modified_since).
 */
const SPARSE_CHANGES = 3000;

async function sinceFilter(db: Queryable, tenantId: string, kind: OparlKind, since: Date, sparseBelow: number): Promise<Sql> {
  const d = DEFS[kind];
  const x = d.alias;
  const changed = changes(kind, tenantId, (_oid, mod) => sql`${r(mod)} >= ${since}`);
  const probe = await db.one<{ n: number }>(sql`select count(*)::int as n from (select 1 from (${changed}) u limit ${sparseBelow}) z`);
  if ((probe?.n ?? 0) < sparseBelow) return sql`${r(`${x}.id`)} in (select u.oid from (${changed}) u)`;
  // `offset 0` keeps each EXISTS a per-row index probe (PostgreSQL would otherwise hash the whole contributing table).
  const exists = d.contributors.map((c) => sql`exists (${c(tenantId, (oid, mod) => sql`${r(oid)} = ${r(`${x}.id`)} and ${r(mod)} >= ${since}`)} offset 0)`);
  return sql`(${sql.join([sql`${r(`${x}.modified_at`)} >= ${since}`, ...exists], ' or ')})`;
}

/**
 * Runs the reads of one OParl answer in one read-only snapshot, so a list page and what it embeds agree even while the
 * council office changes things. Parallel query is off: an answer is a handful of index look-ups, and starting
 * PostgreSQL's workers takes longer than the look-ups (measured: 0.4 ms of work behind 10 ms of worker start-up).
 */
export function inSnapshot<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec(sql`set transaction isolation level repeatable read, read only`);
    await tx.exec(sql`set local max_parallel_workers_per_gather = 0`);
    return fn(tx);
  });
}

/** Filters and position of one page of an external list. */
export interface ListQuery {
  createdSince?: Date;
  createdUntil?: Date;
  modifiedSince?: Date;
  modifiedUntil?: Date;
  /** Keyset position of the last object of the previous page. */
  after?: { micros: string; id: string };
  limit: number;
  /** Only the meetings of this organization (Organization.meeting). */
  organizationId?: string;
  /** Tests only: the threshold between the two plans of `modifiedSince` (default {@link SPARSE_CHANGES}). */
  sparseBelow?: number;
}

/**
 * One page of an external list in keyset order (created_at, id). Without `modifiedSince` only visible objects;
 * with it also deleted and no-longer-public ones (`visible: false`, to be sent as tombstones).
 */
export async function listPage<K extends OparlKind>(db: Queryable, tenantId: string, kind: K, q: ListQuery): Promise<{ rows: RowOf[K][]; more: boolean }> {
  const d = DEFS[kind];
  const x = d.alias;
  const where: Sql[] = [sql`${r(`${x}.tenant_id`)} = ${tenantId}`];
  if (q.modifiedSince === undefined) where.push(d.visible);
  if (q.organizationId !== undefined) where.push(sql`${r(`${x}.body_id`)} = ${q.organizationId}::uuid`);
  if (q.createdSince) where.push(sql`${r(`${x}.created_at`)} >= ${q.createdSince}`);
  if (q.createdUntil) where.push(sql`${r(`${x}.created_at`)} <= ${q.createdUntil}`);
  if (q.modifiedSince) where.push(await sinceFilter(db, tenantId, kind, q.modifiedSince, q.sparseBelow ?? SPARSE_CHANGES));
  if (q.modifiedUntil) {
    const until = q.modifiedUntil;
    where.push(sql`${r(`${x}.id`)} not in (select u.oid from (${changes(kind, tenantId, (_oid, mod) => sql`${r(mod)} > ${until}`)}) u where u.oid is not null)`);
  }
  if (q.after) {
    where.push(sql`(${r(`${x}.created_at`)}, ${r(`${x}.id`)}) > (timestamptz 'epoch' + ${q.after.micros}::bigint * interval '1 microsecond', ${q.after.id}::uuid)`);
  }
  const rows = await db.rows<RowOf[K]>(sql`${selectRows(kind)} where ${sql.join(where, ' and ')}
    order by ${r(`${x}.created_at`)}, ${r(`${x}.id`)} limit ${q.limit + 1}`);
  const page = rows.slice(0, q.limit);
  if (q.modifiedSince !== undefined) await markVisible(db, tenantId, kind, page);
  return { rows: page, more: rows.length > q.limit };
}

/** Objects by id in this tenant, whatever their visibility (the caller decides: full object, tombstone or 404). */
export async function rowsByIds<K extends OparlKind>(db: Queryable, tenantId: string, kind: K, ids: readonly string[]): Promise<RowOf[K][]> {
  if (ids.length === 0) return [];
  const x = DEFS[kind].alias;
  const rows = await db.rows<RowOf[K]>(sql`${selectRows(kind)} where ${r(`${x}.tenant_id`)} = ${tenantId} and ${r(`${x}.id`)} = any(${[...ids]}::uuid[])`);
  return markVisible(db, tenantId, kind, rows);
}

/** `modified` as OParl reports it: the newest change of the object and of everything it embeds or depends on. */
export async function effectiveModified(db: Queryable, tenantId: string, kind: OparlKind, ids: readonly string[]): Promise<Map<string, Date>> {
  if (ids.length === 0) return new Map();
  const list = [...new Set(ids)];
  const rows = await db.rows<{ id: string; modified: Date }>(sql`select u.oid as id, max(u.mod) as modified
    from (${changes(kind, tenantId, (oid) => sql`${r(oid)} = any(${list}::uuid[])`)}) u group by u.oid`);
  return new Map(rows.map((row) => [row.id, row.modified]));
}

/** Of the given ids, those that exist in this tenant and may be linked: public now, or deleted (a tombstone). */
export async function linkableIds(db: Queryable, tenantId: string, kind: OparlKind, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const d = DEFS[kind];
  const x = d.alias;
  const rows = await db.rows<{ id: string }>(sql`select ${r(`${x}.id`)} as id from ${r(`${d.table} ${x}`)}
    where ${r(`${x}.tenant_id`)} = ${tenantId} and ${r(`${x}.id`)} = any(${[...new Set(ids)]}::uuid[]) and (${r(`${x}.deleted_at`)} is not null or ${d.visible})`);
  return new Set(rows.map((row) => row.id));
}

// ---------------------------------------------------------------------------------------------------------------
// Embedded objects (visible ones only; deleted objects are never embedded)

/** The public agenda items of meetings, in agenda order. */
export async function agendaItemsOfMeetings(db: Queryable, tenantId: string, meetingIds: readonly string[]): Promise<AgendaItemRow[]> {
  if (meetingIds.length === 0) return [];
  return db.rows<AgendaItemRow>(sql`${selectRows('agendaitem')} where a.tenant_id = ${tenantId} and a.meeting_id = any(${[...meetingIds]}::uuid[]) and ${DEFS.agendaitem.visible}
    order by a.meeting_id, a.position, a.id`);
}

/** The public consultations of papers, in the order of the consultation path. */
export async function consultationsOfPapers(db: Queryable, tenantId: string, paperIds: readonly string[]): Promise<ConsultationRow[]> {
  if (paperIds.length === 0) return [];
  return db.rows<ConsultationRow>(sql`${selectRows('consultation')} where c.tenant_id = ${tenantId} and c.paper_id = any(${[...paperIds]}::uuid[]) and ${DEFS.consultation.visible}
    order by c.paper_id, c.position, c.id`);
}

/** The public consultations dealt with under agenda items (AgendaItem.consultation). */
export async function consultationsOfAgendaItems(db: Queryable, tenantId: string, itemIds: readonly string[]): Promise<ConsultationRow[]> {
  if (itemIds.length === 0) return [];
  return db.rows<ConsultationRow>(sql`${selectRows('consultation')} where c.tenant_id = ${tenantId} and c.agenda_item_id = any(${[...itemIds]}::uuid[]) and ${DEFS.consultation.visible}
    order by c.agenda_item_id, c.position, c.id`);
}

/** The public files of papers, meetings (their own files) and agenda items. */
export async function filesOf(db: Queryable, tenantId: string, o: { paperIds?: readonly string[]; meetingIds?: readonly string[]; agendaItemIds?: readonly string[] }): Promise<FileRow[]> {
  const parts: Sql[] = [];
  if (o.paperIds?.length) parts.push(sql`f.paper_id = any(${[...o.paperIds]}::uuid[])`);
  if (o.meetingIds?.length) parts.push(sql`(f.meeting_id = any(${[...o.meetingIds]}::uuid[]) and f.paper_id is null and f.agenda_item_id is null)`);
  if (o.agendaItemIds?.length) parts.push(sql`f.agenda_item_id = any(${[...o.agendaItemIds]}::uuid[])`);
  if (parts.length === 0) return [];
  return db.rows<FileRow>(sql`${selectRows('file')} where f.tenant_id = ${tenantId} and (${sql.join(parts, ' or ')}) and ${DEFS.file.visible}
    order by (f.role = 'main') desc, f.role, f.position, f.created_at, f.id`);
}

/** The public memberships of persons or of organizations. */
export async function membershipsOf(db: Queryable, tenantId: string, o: { personIds?: readonly string[]; bodyIds?: readonly string[] }): Promise<MembershipRow[]> {
  const parts: Sql[] = [];
  if (o.personIds?.length) parts.push(sql`ms.person_id = any(${[...o.personIds]}::uuid[])`);
  if (o.bodyIds?.length) parts.push(sql`ms.body_id = any(${[...o.bodyIds]}::uuid[])`);
  if (parts.length === 0) return [];
  return db.rows<MembershipRow>(sql`${selectRows('membership')} where ms.tenant_id = ${tenantId} and (${sql.join(parts, ' or ')}) and ${DEFS.membership.visible}
    order by ms.start_date desc, ms.created_at, ms.id`);
}

/** Visible objects by id (embedded locations, for instance). */
export async function visibleRowsByIds<K extends OparlKind>(db: Queryable, tenantId: string, kind: K, ids: readonly string[]): Promise<RowOf[K][]> {
  return (await rowsByIds(db, tenantId, kind, ids)).filter((row) => row.visible);
}

/** The public Wahlperioden of tenants (Body.legislativeTerm), oldest first. */
export async function termsOfTenants(db: Queryable, tenantIds: readonly string[]): Promise<(TermRow & { tenantId: string; modifiedAt: Date })[]> {
  if (tenantIds.length === 0) return [];
  return db.rows(sql`${selectRows('legislativeterm', sql`, t.tenant_id as "tenantId", t.modified_at as "modifiedAt"`)}
    where t.tenant_id = any(${[...tenantIds]}::uuid[]) and ${DEFS.legislativeterm.visible} order by t.start_date, t.id`);
}

// ---------------------------------------------------------------------------------------------------------------
// Body and System (one Body per tenant with the council module)

export interface TenantStamp {
  id: string;
  createdAt: Date;
  /** Newest of the tenant's own change and its Wahlperioden (embedded in Body). */
  modifiedAt: Date;
  /** The tenant has council data, so a Body of it may have been published. */
  hasCouncilData: boolean;
}

export async function tenantStamps(db: Queryable): Promise<Map<string, TenantStamp>> {
  const rows = await db.rows<TenantStamp>(sql`select tn.id, tn.created_at as "createdAt",
      greatest(tn.updated_at, (select max(t.modified_at) from council_terms t where t.tenant_id = tn.id)) as "modifiedAt",
      (exists (select 1 from council_bodies b where b.tenant_id = tn.id) or exists (select 1 from council_terms t where t.tenant_id = tn.id)) as "hasCouncilData"
    from tenants tn`);
  return new Map(rows.map((row) => [row.id, row]));
}

/** A council file with what is needed to serve its bytes; undefined when the id is not one of this tenant's. */
export async function fileForDownload(db: Queryable, tenantId: string, id: string): Promise<FileRow | undefined> {
  return (await rowsByIds(db, tenantId, 'file', [id]))[0];
}
