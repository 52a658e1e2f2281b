// Reads of the public Ratsinformationssystem. Every query is scoped by tenant and goes through the publication guard
// (publication.repository.ts): papers only released and public, agenda items only public, files only public ones of
// public parents, results only after the minutes are released, contact data only with consent. Deleted rows never
// show here (OParl reports them as tombstones; the RIS simply forgets them).
import { sql, type Queryable, type Sql } from '../../kernel/index.ts';
import { MINUTES_RELEASED, PUBLIC_AGENDA_ITEM, PUBLIC_CONSULTATION, PUBLIC_FILE, PUBLIC_PAPER, PUBLIC_PERSON } from './publication.repository.ts';
import type { BodyKind, ConsultationRole, FileRole, MeetingState, MembershipRole, MinutesState, Paper } from './repository.ts';

const day = (col: string) => sql.raw(`to_char(${col}, 'YYYY-MM-DD')`);

/** Alias `f`: the file and every parent it hangs on still exist (the guard checks publication, this checks deletion). */
export const LIVE_FILE: Sql = sql`(f.deleted_at is null
  and (f.paper_id is null or exists (select 1 from council_papers p where p.tenant_id = f.tenant_id and p.id = f.paper_id and p.deleted_at is null))
  and (f.meeting_id is null or exists (select 1 from council_meetings m where m.tenant_id = f.tenant_id and m.id = f.meeting_id and m.deleted_at is null))
  and (f.agenda_item_id is null or exists (select 1 from council_agenda_items a where a.tenant_id = f.tenant_id and a.id = f.agenda_item_id and a.deleted_at is null
    and exists (select 1 from council_meetings m where m.tenant_id = a.tenant_id and m.id = a.meeting_id and m.deleted_at is null))))`;

/** Alias `p`: a paper the public may see. */
export const LIVE_PUBLIC_PAPER: Sql = sql`(p.deleted_at is null and ${PUBLIC_PAPER})`;

// ---------------------------------------------------------------------------------------------------------------
// Meetings

export interface PublicMeeting {
  id: string;
  bodyId: string;
  bodyName: string;
  bodyShortName: string | null;
  municipality: string | null;
  name: string;
  startsAt: Date;
  endsAt: Date;
  state: MeetingState;
  minutesState: MinutesState;
  /** Room, address: one line for lists and calendar entries. */
  location: string | null;
  createdAt: Date;
  modifiedAt: Date;
}

const meetingCols = sql`m.id, m.body_id as "bodyId", b.name as "bodyName", b.short_name as "bodyShortName", b.municipality, m.name, m.starts_at as "startsAt",
  m.ends_at as "endsAt", m.state, m.minutes_state as "minutesState", m.created_at as "createdAt", m.modified_at as "modifiedAt",
  nullif(concat_ws(', ', l.description, l.room, l.street_address, nullif(concat_ws(' ', l.postal_code, l.locality), '')), '') as location`;
const meetingFrom = sql`council_meetings m
  join council_bodies b on b.tenant_id = m.tenant_id and b.id = m.body_id
  left join council_locations l on l.tenant_id = m.tenant_id and l.id = m.location_id and l.deleted_at is null`;

/** Meetings from `from` on (upcoming first), optionally of one body. */
export async function upcomingMeetings(db: Queryable, tenantId: string, o: { from: Date; bodyId?: string; limit: number }): Promise<PublicMeeting[]> {
  const body = o.bodyId ? sql`and m.body_id = ${o.bodyId}` : sql``;
  return db.rows<PublicMeeting>(sql`select ${meetingCols} from ${meetingFrom}
    where m.tenant_id = ${tenantId} and m.deleted_at is null and m.ends_at >= ${o.from} ${body} order by m.starts_at, m.id limit ${o.limit}`);
}

/** Meetings before `before`, newest first (a body's archive). */
export async function pastMeetings(db: Queryable, tenantId: string, o: { before: Date; bodyId?: string; limit: number }): Promise<PublicMeeting[]> {
  const body = o.bodyId ? sql`and m.body_id = ${o.bodyId}` : sql``;
  return db.rows<PublicMeeting>(sql`select ${meetingCols} from ${meetingFrom}
    where m.tenant_id = ${tenantId} and m.deleted_at is null and m.ends_at < ${o.before} ${body} order by m.starts_at desc, m.id limit ${o.limit}`);
}

/** The meetings of a calendar month ('YYYY-MM', days in Europe/Berlin), optionally of one body. */
export async function meetingsOfMonth(db: Queryable, tenantId: string, month: string, bodyId?: string): Promise<PublicMeeting[]> {
  const first = `${month}-01`;
  const body = bodyId ? sql`and m.body_id = ${bodyId}` : sql``;
  return db.rows<PublicMeeting>(sql`select ${meetingCols} from ${meetingFrom}
    where m.tenant_id = ${tenantId} and m.deleted_at is null ${body}
      and m.starts_at >= (${first}::date)::timestamp at time zone 'Europe/Berlin'
      and m.starts_at < ((${first}::date + interval '1 month')::date)::timestamp at time zone 'Europe/Berlin'
    order by m.starts_at, m.id limit 1000`);
}

/** The meetings of a calendar feed: from `since` on, all bodies or one; cancelled ones too (STATUS:CANCELLED). */
export async function meetingsForFeed(db: Queryable, tenantId: string, o: { since: Date; bodyId?: string; limit: number }): Promise<PublicMeeting[]> {
  return upcomingMeetings(db, tenantId, { from: o.since, limit: o.limit, ...(o.bodyId ? { bodyId: o.bodyId } : {}) });
}

export async function publicMeeting(db: Queryable, tenantId: string, id: string): Promise<PublicMeeting | undefined> {
  return db.one<PublicMeeting>(sql`select ${meetingCols} from ${meetingFrom} where m.tenant_id = ${tenantId} and m.id = ${id} and m.deleted_at is null`);
}

export interface PublicFile {
  id: string;
  name: string;
  fileName: string;
  mime: string;
  size: number;
  role: FileRole;
  storedFileId: string;
  sha512: string;
  modifiedAt: Date;
  paperId: string | null;
  meetingId: string | null;
  agendaItemId: string | null;
}

const fileCols = sql`f.id, f.name, f.file_name as "fileName", f.mime, f.size, f.role, f.stored_file_id as "storedFileId", f.sha512, f.modified_at as "modifiedAt",
  f.paper_id as "paperId", f.meeting_id as "meetingId", f.agenda_item_id as "agendaItemId"`;
const fileOrder = sql`order by (f.role = 'main') desc, (f.role = 'invitation') desc, f.position, f.created_at, f.id`;

export interface PublicAgendaItem {
  id: string;
  position: number;
  number: string;
  name: string;
  /** The linked paper, only when the public may see it. */
  paperId: string | null;
  paperReference: string | null;
  paperName: string | null;
  /** Only once the minutes are released; null before. */
  result: string | null;
  resolutionText: string | null;
  files: PublicFile[];
}

/** The public part of an agenda: public items only, results only after the minutes are released. */
export async function publicAgenda(db: Queryable, tenantId: string, meetingId: string): Promise<PublicAgendaItem[]> {
  const items = await db.rows<Omit<PublicAgendaItem, 'files'>>(sql`select a.id, a.position, a.number, a.name,
      p.id as "paperId", p.reference as "paperReference", p.name as "paperName",
      case when ${MINUTES_RELEASED} then a.result end as result,
      case when ${MINUTES_RELEASED} then a.resolution_text end as "resolutionText"
    from council_agenda_items a
      join council_meetings m on m.tenant_id = a.tenant_id and m.id = a.meeting_id
      left join council_papers p on p.tenant_id = a.tenant_id and p.id = a.paper_id and ${LIVE_PUBLIC_PAPER}
    where a.tenant_id = ${tenantId} and a.meeting_id = ${meetingId} and a.deleted_at is null and m.deleted_at is null and ${PUBLIC_AGENDA_ITEM}
    order by a.position, a.id`);
  if (items.length === 0) return [];
  const files = await db.rows<PublicFile>(sql`select ${fileCols} from council_files f
    where f.tenant_id = ${tenantId} and f.agenda_item_id = any(${items.map((i) => i.id)}::uuid[]) and ${LIVE_FILE} and ${PUBLIC_FILE} ${fileOrder}`);
  return items.map((i) => ({ ...i, files: files.filter((f) => f.agendaItemId === i.id) }));
}

/** How many non-public items the agenda has: the public learns that there is a closed part, never what is in it. */
export async function nonPublicItemCount(db: Queryable, tenantId: string, meetingId: string): Promise<number> {
  const r = await db.one<{ n: number }>(sql`select count(*)::int as n from council_agenda_items a
    where a.tenant_id = ${tenantId} and a.meeting_id = ${meetingId} and a.deleted_at is null and not ${PUBLIC_AGENDA_ITEM}`);
  return r?.n ?? 0;
}

/** The meeting's own public files: the invitation; results and minutes once released. */
export async function publicFilesOfMeeting(db: Queryable, tenantId: string, meetingId: string): Promise<PublicFile[]> {
  return db.rows<PublicFile>(sql`select ${fileCols} from council_files f
    where f.tenant_id = ${tenantId} and f.meeting_id = ${meetingId} and f.paper_id is null and f.agenda_item_id is null and ${LIVE_FILE} and ${PUBLIC_FILE} ${fileOrder}`);
}

export async function publicFilesOfPaper(db: Queryable, tenantId: string, paperId: string): Promise<PublicFile[]> {
  return db.rows<PublicFile>(sql`select ${fileCols} from council_files f where f.tenant_id = ${tenantId} and f.paper_id = ${paperId} and ${LIVE_FILE} and ${PUBLIC_FILE} ${fileOrder}`);
}

/** A file for download, only if the public may have it. */
export async function publicFile(db: Queryable, tenantId: string, id: string): Promise<PublicFile | undefined> {
  return db.one<PublicFile>(sql`select ${fileCols} from council_files f where f.tenant_id = ${tenantId} and f.id = ${id} and ${LIVE_FILE} and ${PUBLIC_FILE}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Papers

/** A paper as the public sees it (no status, creator or internal tracking fields). */
export type PublicPaper = Pick<Paper, 'id' | 'reference' | 'name' | 'paperType' | 'date' | 'municipality' | 'department' | 'bodyText' | 'resolutionProposal' | 'tracking' | 'relatedPaperId' | 'modifiedAt'>;

const paperCols = sql`p.id, p.reference, p.name, p.paper_type as "paperType", ${day('p.date')} as date, p.municipality, p.department, p.body_text as "bodyText",
  p.resolution_proposal as "resolutionProposal", p.tracking, p.related_paper_id as "relatedPaperId", p.modified_at as "modifiedAt"`;

export async function publicPaper(db: Queryable, tenantId: string, id: string): Promise<PublicPaper | undefined> {
  return db.one<PublicPaper>(sql`select ${paperCols} from council_papers p where p.tenant_id = ${tenantId} and p.id = ${id} and ${LIVE_PUBLIC_PAPER}`);
}

/** Answers, Stellungnahmen and the paper they refer to, in both directions; public ones only. */
export async function relatedPapers(db: Queryable, tenantId: string, paper: Pick<PublicPaper, 'id' | 'relatedPaperId'>): Promise<PublicPaper[]> {
  return db.rows<PublicPaper>(sql`select ${paperCols} from council_papers p
    where p.tenant_id = ${tenantId} and ${LIVE_PUBLIC_PAPER} and p.id <> ${paper.id}
      and (p.related_paper_id = ${paper.id} or p.id = ${paper.relatedPaperId}::uuid)
    order by p.date, p.reference limit 50`);
}

export interface PublicConsultation {
  id: string;
  bodyId: string;
  bodyName: string;
  role: ConsultationRole;
  authoritative: boolean;
  meetingId: string | null;
  meetingStartsAt: Date | null;
  meetingName: string | null;
  agendaNumber: string | null;
  /** The agenda item's result, once the meeting's minutes are released. */
  result: string | null;
}

/** The Beratungsfolge as the public may see it (consultations tied to non-public items are left out). */
export async function publicConsultations(db: Queryable, tenantId: string, paperId: string): Promise<PublicConsultation[]> {
  return db.rows<PublicConsultation>(sql`select c.id, c.body_id as "bodyId", b.name as "bodyName", c.role, c.authoritative,
      m.id as "meetingId", m.starts_at as "meetingStartsAt", m.name as "meetingName", a.number as "agendaNumber",
      case when m.id is not null and ${MINUTES_RELEASED} then a.result end as result
    from council_consultations c
      join council_bodies b on b.tenant_id = c.tenant_id and b.id = c.body_id
      left join council_meetings m on m.tenant_id = c.tenant_id and m.id = c.meeting_id and m.deleted_at is null
      left join council_agenda_items a on a.tenant_id = c.tenant_id and a.id = c.agenda_item_id and a.deleted_at is null and ${PUBLIC_AGENDA_ITEM}
    where c.tenant_id = ${tenantId} and c.paper_id = ${paperId} and c.deleted_at is null and ${PUBLIC_CONSULTATION}
    order by c.position, c.id`);
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies and persons

export interface PublicBody {
  id: string;
  name: string;
  shortName: string | null;
  kind: BodyKind;
  municipality: string | null;
  parentId: string | null;
  startDate: string | null;
  endDate: string | null;
}

const bodyCols = sql`b.id, b.name, b.short_name as "shortName", b.kind, b.municipality, b.parent_id as "parentId", ${day('b.start_date')} as "startDate", ${day('b.end_date')} as "endDate"`;

export async function publicBodies(db: Queryable, tenantId: string): Promise<PublicBody[]> {
  return db.rows<PublicBody>(sql`select ${bodyCols} from council_bodies b where b.tenant_id = ${tenantId} and b.deleted_at is null
    order by b.municipality nulls first, (b.kind = 'fraktion'), b.name`);
}

export async function publicBody(db: Queryable, tenantId: string, id: string): Promise<PublicBody | undefined> {
  return db.one<PublicBody>(sql`select ${bodyCols} from council_bodies b where b.tenant_id = ${tenantId} and b.id = ${id} and b.deleted_at is null`);
}

export interface PublicMember {
  personId: string;
  title: string | null;
  givenName: string;
  familyName: string;
  role: MembershipRole;
  fraktionId: string | null;
  fraktionName: string | null;
  votingRight: boolean;
}

const ROLE_ORDER = sql`case ms.role when 'chair' then 0 when 'deputy_chair' then 1 when 'fraktion_chair' then 2 when 'member' then 3 when 'advisory' then 4 else 5 end`;

/** Members of a body on a day (Berlin 'YYYY-MM-DD'): chair first, then by name. */
export async function currentMembers(db: Queryable, tenantId: string, bodyId: string, on: string): Promise<PublicMember[]> {
  return db.rows<PublicMember>(sql`select pe.id as "personId", pe.title, pe.given_name as "givenName", pe.family_name as "familyName", ms.role,
      fr.id as "fraktionId", fr.name as "fraktionName", ms.voting_right as "votingRight"
    from council_memberships ms
      join council_persons pe on pe.tenant_id = ms.tenant_id and pe.id = ms.person_id and pe.deleted_at is null
      left join council_bodies fr on fr.tenant_id = ms.tenant_id and fr.id = ms.fraktion_id and fr.deleted_at is null
    where ms.tenant_id = ${tenantId} and ms.body_id = ${bodyId} and ms.deleted_at is null
      and ms.start_date <= ${on}::date and (ms.end_date is null or ms.end_date >= ${on}::date)
    order by ${ROLE_ORDER}, pe.family_name, pe.given_name, pe.id`);
}

export interface PublicPersonRow {
  id: string;
  title: string | null;
  givenName: string;
  familyName: string;
  /** Current bodies (not Fraktionen), comma-separated. */
  bodies: string | null;
  /** Current Fraktion(en). */
  fraktion: string | null;
}

const currentOn = (on: string) => sql`ms.start_date <= ${on}::date and (ms.end_date is null or ms.end_date >= ${on}::date)`;

/** Everyone who holds or held an office in a body (names and roles of office holders are public). */
export async function publicPersons(db: Queryable, tenantId: string, on: string): Promise<PublicPersonRow[]> {
  return db.rows<PublicPersonRow>(sql`select pe.id, pe.title, pe.given_name as "givenName", pe.family_name as "familyName",
      (select string_agg(distinct b.name, ', ') from council_memberships ms join council_bodies b on b.tenant_id = ms.tenant_id and b.id = ms.body_id and b.deleted_at is null
        where ms.tenant_id = pe.tenant_id and ms.person_id = pe.id and ms.deleted_at is null and b.kind <> 'fraktion' and ${currentOn(on)}) as bodies,
      (select string_agg(distinct fr.name, ', ') from council_memberships ms join council_bodies fr on fr.tenant_id = ms.tenant_id and fr.deleted_at is null
          and (fr.id = ms.fraktion_id or (fr.id = ms.body_id and fr.kind = 'fraktion'))
        where ms.tenant_id = pe.tenant_id and ms.person_id = pe.id and ms.deleted_at is null and ${currentOn(on)}) as fraktion
    from council_persons pe
    where pe.tenant_id = ${tenantId} and pe.deleted_at is null and ${PUBLIC_PERSON}
    order by pe.family_name, pe.given_name, pe.id limit 2000`);
}

export interface PublicPerson {
  id: string;
  title: string | null;
  givenName: string;
  familyName: string;
  formOfAddress: string | null;
  /** Contact data: null unless the person consented to publication. */
  email: string | null;
  phone: string | null;
  streetAddress: string | null;
  postalCode: string | null;
  locality: string | null;
}

/** A person the public may see; contact fields are emptied in SQL unless `publish_contact` is set. */
export async function publicPerson(db: Queryable, tenantId: string, id: string): Promise<PublicPerson | undefined> {
  return db.one<PublicPerson>(sql`select pe.id, pe.title, pe.given_name as "givenName", pe.family_name as "familyName", pe.form_of_address as "formOfAddress",
      case when pe.publish_contact then pe.email end as email,
      case when pe.publish_contact then pe.phone end as phone,
      case when pe.publish_contact then pe.street_address end as "streetAddress",
      case when pe.publish_contact then pe.postal_code end as "postalCode",
      case when pe.publish_contact then pe.locality end as locality
    from council_persons pe where pe.tenant_id = ${tenantId} and pe.id = ${id} and pe.deleted_at is null and ${PUBLIC_PERSON}`);
}

export interface PublicMembership {
  id: string;
  bodyId: string;
  bodyName: string;
  bodyKind: BodyKind;
  role: MembershipRole;
  fraktionName: string | null;
  startDate: string;
  endDate: string | null;
}

export async function membershipsOfPublicPerson(db: Queryable, tenantId: string, personId: string): Promise<PublicMembership[]> {
  return db.rows<PublicMembership>(sql`select ms.id, b.id as "bodyId", b.name as "bodyName", b.kind as "bodyKind", ms.role, fr.name as "fraktionName",
      ${day('ms.start_date')} as "startDate", ${day('ms.end_date')} as "endDate"
    from council_memberships ms
      join council_bodies b on b.tenant_id = ms.tenant_id and b.id = ms.body_id and b.deleted_at is null
      left join council_bodies fr on fr.tenant_id = ms.tenant_id and fr.id = ms.fraktion_id and fr.deleted_at is null
    where ms.tenant_id = ${tenantId} and ms.person_id = ${personId} and ms.deleted_at is null
    order by (ms.end_date is null) desc, ms.end_date desc, ms.start_date desc, b.name, ms.id`);
}
