// The core SQL of the council module (bodies, persons, memberships, terms, locations, papers, meetings, agenda items,
// consultations, files); every statement is scoped by tenant. Areas with their own tables (minutes, invitations,
// Sitzungsgeld, search, OParl) keep their SQL in their own *.repository.ts files.
import { createHash } from 'node:crypto';
import { sql, storeFile, type Queryable, type Tx } from '../../kernel/index.ts';

// ---------------------------------------------------------------------------------------------------------------
// Types

export type BodyKind = 'council' | 'committee' | 'ortsbeirat' | 'amtsausschuss' | 'fraktion' | 'working_group' | 'other';
export const BODY_KINDS: readonly BodyKind[] = ['council', 'committee', 'ortsbeirat', 'amtsausschuss', 'fraktion', 'working_group', 'other'];
export type MembershipRole = 'chair' | 'deputy_chair' | 'member' | 'deputy' | 'advisory' | 'fraktion_chair';
export const MEMBERSHIP_ROLES: readonly MembershipRole[] = ['chair', 'deputy_chair', 'member', 'deputy', 'advisory', 'fraktion_chair'];
export type PaperType = 'beschlussvorlage' | 'antrag' | 'anfrage' | 'mitteilung' | 'stellungnahme' | 'bericht';
export const PAPER_TYPES: readonly PaperType[] = ['beschlussvorlage', 'antrag', 'anfrage', 'mitteilung', 'stellungnahme', 'bericht'];
export type PaperStatus = 'draft' | 'signoff' | 'released' | 'withdrawn';
export type PaperTracking = 'submitted' | 'in_consultation' | 'resolved' | 'rejected' | 'implemented' | 'answered' | 'noted';
export type MeetingState = 'planned' | 'invited' | 'held' | 'cancelled';
export type MinutesState = 'none' | 'draft' | 'approved' | 'released';
export type ConsultationRole = 'advising' | 'deciding' | 'noting';
export type FileRole = 'main' | 'attachment' | 'invitation' | 'results' | 'minutes' | 'verbatim' | 'auxiliary';

interface Stamped {
  createdAt: Date;
  modifiedAt: Date;
  deletedAt: Date | null;
}

export interface Location extends Stamped {
  id: string;
  description: string;
  room: string | null;
  streetAddress: string | null;
  postalCode: string | null;
  locality: string | null;
}

export interface Term extends Stamped {
  id: string;
  name: string;
  startDate: string;
  endDate: string | null;
}

export interface Body extends Stamped {
  id: string;
  name: string;
  shortName: string | null;
  kind: BodyKind;
  municipality: string | null;
  legalMembers: number | null;
  parentId: string | null;
  startDate: string | null;
  endDate: string | null;
}

export interface Person extends Stamped {
  id: string;
  userId: string | null;
  familyName: string;
  givenName: string;
  title: string | null;
  formOfAddress: string | null;
  gender: 'female' | 'male' | 'diverse' | null;
  email: string | null;
  phone: string | null;
  streetAddress: string | null;
  postalCode: string | null;
  locality: string | null;
  personnelNumber: string | null;
  delivery: 'electronic' | 'paper';
  publishContact: boolean;
}

export interface Membership extends Stamped {
  id: string;
  personId: string;
  bodyId: string;
  role: MembershipRole;
  fraktionId: string | null;
  votingRight: boolean;
  deputyOf: string | null;
  startDate: string;
  endDate: string | null;
}

export interface Paper extends Stamped {
  id: string;
  reference: string;
  name: string;
  paperType: PaperType;
  date: string;
  municipality: string | null;
  department: string | null;
  bodyText: string;
  resolutionProposal: string;
  status: PaperStatus;
  tracking: PaperTracking;
  implementationDue: string | null;
  implementationReport: string | null;
  relatedPaperId: string | null;
  originatorPersonIds: string[];
  originatorBodyIds: string[];
  public: boolean;
  createdBy: string | null;
}

export interface Meeting extends Stamped {
  id: string;
  bodyId: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  locationId: string | null;
  state: MeetingState;
  urgent: boolean;
  urgencyReason: string | null;
  dispatchedAt: Date | null;
  minutesState: MinutesState;
}

export interface AgendaItem extends Stamped {
  id: string;
  meetingId: string;
  position: number;
  number: string;
  name: string;
  public: boolean;
  paperId: string | null;
  result: string | null;
  resolutionText: string | null;
}

export interface Consultation extends Stamped {
  id: string;
  paperId: string;
  bodyId: string;
  position: number;
  role: ConsultationRole;
  authoritative: boolean;
  meetingId: string | null;
  agendaItemId: string | null;
}

export interface CouncilFile extends Stamped {
  id: string;
  storedFileId: string;
  name: string;
  fileName: string;
  mime: string;
  size: number;
  sha512: string;
  paperId: string | null;
  meetingId: string | null;
  agendaItemId: string | null;
  role: FileRole;
  position: number;
  public: boolean;
}

const stamped = sql`created_at as "createdAt", modified_at as "modifiedAt", deleted_at as "deletedAt"`;
const day = (col: string) => sql.raw(`to_char(${col}, 'YYYY-MM-DD')`);

// ---------------------------------------------------------------------------------------------------------------
// Settings

export interface NoticeRuleConfig {
  days: number;
  counting: 'calendar' | 'full';
  countDispatchDay: boolean;
  countMeetingDay: boolean;
  urgentDays: number;
}

export interface CouncilSettings {
  quorumRule: string;
  noticeRule: NoticeRuleConfig;
}

/** KV M-V style default until the council office configures its Geschäftsordnung (10 calendar days, 4 if urgent). */
export const DEFAULT_SETTINGS: CouncilSettings = {
  quorumRule: 'MV',
  noticeRule: { days: 10, counting: 'calendar', countDispatchDay: false, countMeetingDay: false, urgentDays: 4 },
};

export async function councilSettings(db: Queryable, tenantId: string): Promise<CouncilSettings> {
  const r = await db.one<CouncilSettings>(sql`select quorum_rule as "quorumRule", notice_rule as "noticeRule" from council_settings where tenant_id = ${tenantId}`);
  return r ?? DEFAULT_SETTINGS;
}

export async function saveCouncilSettings(tx: Tx, tenantId: string, s: CouncilSettings, now: Date): Promise<void> {
  await tx.exec(sql`insert into council_settings (tenant_id, quorum_rule, notice_rule, modified_at) values (${tenantId}, ${s.quorumRule}, ${JSON.stringify(s.noticeRule)}::jsonb, ${now})
    on conflict (tenant_id) do update set quorum_rule = excluded.quorum_rule, notice_rule = excluded.notice_rule, modified_at = excluded.modified_at`);
}

// ---------------------------------------------------------------------------------------------------------------
// Generic soft delete and modification stamp

const TABLES = {
  location: 'council_locations',
  term: 'council_terms',
  body: 'council_bodies',
  person: 'council_persons',
  membership: 'council_memberships',
  paper: 'council_papers',
  meeting: 'council_meetings',
  agendaItem: 'council_agenda_items',
  consultation: 'council_consultations',
  file: 'council_files',
} as const;
export type CouncilObject = keyof typeof TABLES;

/** Bumps `modified_at` (OParl clients sync by it), e.g. of a parent whose embedded list changed. */
export async function touch(tx: Tx, kind: CouncilObject, tenantId: string, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.exec(sql`update ${sql.raw(TABLES[kind])} set modified_at = greatest(modified_at, ${now}) where tenant_id = ${tenantId} and id = any(${[...ids]}::uuid[])`);
}

/** Soft deletion: the row stays for OParl's `deleted: true` and `modified_since` clients. */
export async function softDelete(tx: Tx, kind: CouncilObject, tenantId: string, id: string, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update ${sql.raw(TABLES[kind])} set deleted_at = ${now}, modified_at = ${now} where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`)) === 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Locations and terms

const locationCols = sql`id, description, room, street_address as "streetAddress", postal_code as "postalCode", locality, ${stamped}`;

export async function insertLocation(tx: Tx, tenantId: string, d: Pick<Location, 'description'> & Partial<Pick<Location, 'room' | 'streetAddress' | 'postalCode' | 'locality'>>, now: Date): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into council_locations (tenant_id, description, room, street_address, postal_code, locality, created_at, modified_at)
    values (${tenantId}, ${d.description}, ${d.room ?? null}, ${d.streetAddress ?? null}, ${d.postalCode ?? null}, ${d.locality ?? null}, ${now}, ${now}) returning id`);
  return r!.id;
}

export async function listLocations(db: Queryable, tenantId: string): Promise<Location[]> {
  return db.rows<Location>(sql`select ${locationCols} from council_locations where tenant_id = ${tenantId} and deleted_at is null order by description`);
}

export async function locationById(db: Queryable, tenantId: string, id: string): Promise<Location | undefined> {
  return db.one<Location>(sql`select ${locationCols} from council_locations where tenant_id = ${tenantId} and id = ${id}`);
}

const termCols = sql`id, name, ${day('start_date')} as "startDate", ${day('end_date')} as "endDate", ${stamped}`;

export async function insertTerm(tx: Tx, tenantId: string, d: { name: string; startDate: string; endDate?: string | null }, now: Date): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into council_terms (tenant_id, name, start_date, end_date, created_at, modified_at)
    values (${tenantId}, ${d.name}, ${d.startDate}, ${d.endDate ?? null}, ${now}, ${now}) returning id`);
  return r!.id;
}

export async function listTerms(db: Queryable, tenantId: string): Promise<Term[]> {
  return db.rows<Term>(sql`select ${termCols} from council_terms where tenant_id = ${tenantId} and deleted_at is null order by start_date desc`);
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies

const bodyCols = sql`id, name, short_name as "shortName", kind, municipality, legal_members as "legalMembers", parent_id as "parentId",
  ${day('start_date')} as "startDate", ${day('end_date')} as "endDate", ${stamped}`;

export type BodyData = Pick<Body, 'name' | 'kind'> & Partial<Pick<Body, 'shortName' | 'municipality' | 'legalMembers' | 'parentId' | 'startDate' | 'endDate'>>;

export async function insertBody(tx: Tx, tenantId: string, d: BodyData, now: Date): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into council_bodies (tenant_id, name, short_name, kind, municipality, legal_members, parent_id, start_date, end_date, created_at, modified_at)
    values (${tenantId}, ${d.name}, ${d.shortName ?? null}, ${d.kind}, ${d.municipality ?? null}, ${d.legalMembers ?? null}, ${d.parentId ?? null}, ${d.startDate ?? null}, ${d.endDate ?? null}, ${now}, ${now}) returning id`);
  return r!.id;
}

export async function updateBody(tx: Tx, tenantId: string, id: string, d: BodyData, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_bodies set name = ${d.name}, short_name = ${d.shortName ?? null}, kind = ${d.kind}, municipality = ${d.municipality ?? null},
      legal_members = ${d.legalMembers ?? null}, parent_id = ${d.parentId ?? null}, start_date = ${d.startDate ?? null}, end_date = ${d.endDate ?? null}, modified_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`)) === 1;
}

export async function bodyById(db: Queryable, tenantId: string, id: string): Promise<Body | undefined> {
  return db.one<Body>(sql`select ${bodyCols} from council_bodies where tenant_id = ${tenantId} and id = ${id}`);
}

/** Bodies not deleted, grouped by municipality then name (an Amt's office serves several Gemeinden). */
export async function listBodies(db: Queryable, tenantId: string, o: { kinds?: readonly BodyKind[] } = {}): Promise<Body[]> {
  const kinds = o.kinds ? sql`and kind = any(${[...o.kinds]}::text[])` : sql``;
  return db.rows<Body>(sql`select ${bodyCols} from council_bodies where tenant_id = ${tenantId} and deleted_at is null ${kinds} order by coalesce(municipality, ''), name`);
}

/** Serialises changes to one body's calendar (overlap checks) across app nodes. */
export async function lockBody(tx: Tx, tenantId: string, id: string): Promise<Body | undefined> {
  return tx.one<Body>(sql`select ${bodyCols} from council_bodies where tenant_id = ${tenantId} and id = ${id} and deleted_at is null for update`);
}

// ---------------------------------------------------------------------------------------------------------------
// Persons and memberships

const personCols = sql`id, user_id as "userId", family_name as "familyName", given_name as "givenName", title, form_of_address as "formOfAddress", gender,
  email, phone, street_address as "streetAddress", postal_code as "postalCode", locality, personnel_number as "personnelNumber", delivery,
  publish_contact as "publishContact", ${stamped}`;

export type PersonData = Pick<Person, 'familyName' | 'givenName'> &
  Partial<Pick<Person, 'userId' | 'title' | 'formOfAddress' | 'gender' | 'email' | 'phone' | 'streetAddress' | 'postalCode' | 'locality' | 'personnelNumber' | 'delivery' | 'publishContact'>>;

export async function insertPerson(tx: Tx, tenantId: string, d: PersonData, now: Date): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into council_persons (tenant_id, user_id, family_name, given_name, title, form_of_address, gender, email, phone,
      street_address, postal_code, locality, personnel_number, delivery, publish_contact, created_at, modified_at)
    values (${tenantId}, ${d.userId ?? null}, ${d.familyName}, ${d.givenName}, ${d.title ?? null}, ${d.formOfAddress ?? null}, ${d.gender ?? null}, ${d.email ?? null}, ${d.phone ?? null},
      ${d.streetAddress ?? null}, ${d.postalCode ?? null}, ${d.locality ?? null}, ${d.personnelNumber ?? null}, ${d.delivery ?? 'electronic'}, ${d.publishContact ?? false}, ${now}, ${now}) returning id`);
  return r!.id;
}

export async function updatePerson(tx: Tx, tenantId: string, id: string, d: PersonData, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_persons set user_id = ${d.userId ?? null}, family_name = ${d.familyName}, given_name = ${d.givenName}, title = ${d.title ?? null},
      form_of_address = ${d.formOfAddress ?? null}, gender = ${d.gender ?? null}, email = ${d.email ?? null}, phone = ${d.phone ?? null}, street_address = ${d.streetAddress ?? null},
      postal_code = ${d.postalCode ?? null}, locality = ${d.locality ?? null}, personnel_number = ${d.personnelNumber ?? null}, delivery = ${d.delivery ?? 'electronic'},
      publish_contact = ${d.publishContact ?? false}, modified_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`)) === 1;
}

export async function personById(db: Queryable, tenantId: string, id: string): Promise<Person | undefined> {
  return db.one<Person>(sql`select ${personCols} from council_persons where tenant_id = ${tenantId} and id = ${id}`);
}

export async function personByUser(db: Queryable, tenantId: string, userId: string): Promise<Person | undefined> {
  return db.one<Person>(sql`select ${personCols} from council_persons where tenant_id = ${tenantId} and user_id = ${userId} and deleted_at is null`);
}

export async function listPersons(db: Queryable, tenantId: string): Promise<Person[]> {
  return db.rows<Person>(sql`select ${personCols} from council_persons where tenant_id = ${tenantId} and deleted_at is null order by family_name, given_name, id`);
}

export async function personsByIds(db: Queryable, tenantId: string, ids: readonly string[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  return db.rows<Person>(sql`select ${personCols} from council_persons where tenant_id = ${tenantId} and id = any(${[...ids]}::uuid[])`);
}

const membershipCols = sql`id, person_id as "personId", body_id as "bodyId", role, fraktion_id as "fraktionId", voting_right as "votingRight", deputy_of as "deputyOf",
  ${day('start_date')} as "startDate", ${day('end_date')} as "endDate", ${stamped}`;

export type MembershipData = Pick<Membership, 'personId' | 'bodyId' | 'role' | 'startDate'> & Partial<Pick<Membership, 'fraktionId' | 'votingRight' | 'deputyOf' | 'endDate'>>;

export async function insertMembership(tx: Tx, tenantId: string, d: MembershipData, now: Date): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into council_memberships (tenant_id, person_id, body_id, role, fraktion_id, voting_right, deputy_of, start_date, end_date, created_at, modified_at)
    values (${tenantId}, ${d.personId}, ${d.bodyId}, ${d.role}, ${d.fraktionId ?? null}, ${d.votingRight ?? true}, ${d.deputyOf ?? null}, ${d.startDate}, ${d.endDate ?? null}, ${now}, ${now}) returning id`);
  return r!.id;
}

export async function endMembership(tx: Tx, tenantId: string, id: string, endDate: string, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_memberships set end_date = ${endDate}, modified_at = ${now} where tenant_id = ${tenantId} and id = ${id} and deleted_at is null and start_date <= ${endDate}`)) === 1;
}

export async function membershipById(db: Queryable, tenantId: string, id: string): Promise<Membership | undefined> {
  return db.one<Membership>(sql`select ${membershipCols} from council_memberships where tenant_id = ${tenantId} and id = ${id}`);
}

/** Memberships of a body; with `on`, only those running on that day (the members to invite, the roll for quorum). */
export async function membershipsOfBody(db: Queryable, tenantId: string, bodyId: string, o: { on?: string } = {}): Promise<Membership[]> {
  const active = o.on ? sql`and start_date <= ${o.on} and (end_date is null or end_date >= ${o.on})` : sql``;
  return db.rows<Membership>(sql`select ${membershipCols} from council_memberships where tenant_id = ${tenantId} and body_id = ${bodyId} and deleted_at is null ${active} order by start_date, id`);
}

export async function membershipsOfPerson(db: Queryable, tenantId: string, personId: string): Promise<Membership[]> {
  return db.rows<Membership>(sql`select ${membershipCols} from council_memberships where tenant_id = ${tenantId} and person_id = ${personId} and deleted_at is null order by start_date desc, id`);
}

// ---------------------------------------------------------------------------------------------------------------
// Papers

const paperCols = sql`id, reference, name, paper_type as "paperType", ${day('date')} as date, municipality, department, body_text as "bodyText",
  resolution_proposal as "resolutionProposal", status, tracking, ${day('implementation_due')} as "implementationDue", implementation_report as "implementationReport",
  related_paper_id as "relatedPaperId", originator_person_ids::text[] as "originatorPersonIds", originator_body_ids::text[] as "originatorBodyIds", public, created_by as "createdBy", ${stamped}`;

export type PaperData = Pick<Paper, 'reference' | 'name' | 'paperType' | 'date'> &
  Partial<Pick<Paper, 'municipality' | 'department' | 'bodyText' | 'resolutionProposal' | 'status' | 'tracking' | 'implementationDue' | 'relatedPaperId' | 'originatorPersonIds' | 'originatorBodyIds' | 'public' | 'createdBy'>>;

export async function insertPaper(tx: Tx, tenantId: string, d: PaperData, now: Date): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into council_papers (tenant_id, reference, name, paper_type, date, municipality, department, body_text, resolution_proposal, status, tracking,
      implementation_due, related_paper_id, originator_person_ids, originator_body_ids, public, created_by, created_at, modified_at)
    values (${tenantId}, ${d.reference}, ${d.name}, ${d.paperType}, ${d.date}, ${d.municipality ?? null}, ${d.department ?? null}, ${d.bodyText ?? ''}, ${d.resolutionProposal ?? ''},
      ${d.status ?? 'draft'}, ${d.tracking ?? 'submitted'}, ${d.implementationDue ?? null}, ${d.relatedPaperId ?? null}, ${d.originatorPersonIds ?? []}::uuid[], ${d.originatorBodyIds ?? []}::uuid[],
      ${d.public ?? true}, ${d.createdBy ?? null}, ${now}, ${now}) returning id`);
  return r!.id;
}

/** Updates the editable content of a paper (not its status, which the sign-off commands own). */
export async function updatePaperContent(tx: Tx, tenantId: string, id: string, d: Omit<PaperData, 'status' | 'tracking' | 'createdBy'>, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_papers set reference = ${d.reference}, name = ${d.name}, paper_type = ${d.paperType}, date = ${d.date}, municipality = ${d.municipality ?? null},
      department = ${d.department ?? null}, body_text = ${d.bodyText ?? ''}, resolution_proposal = ${d.resolutionProposal ?? ''}, implementation_due = ${d.implementationDue ?? null},
      related_paper_id = ${d.relatedPaperId ?? null}, originator_person_ids = ${d.originatorPersonIds ?? []}::uuid[], originator_body_ids = ${d.originatorBodyIds ?? []}::uuid[],
      public = ${d.public ?? true}, modified_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`)) === 1;
}

export async function setPaperStatus(tx: Tx, tenantId: string, id: string, o: { from: readonly PaperStatus[]; to: PaperStatus }, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_papers set status = ${o.to}, modified_at = ${now} where tenant_id = ${tenantId} and id = ${id} and deleted_at is null and status = any(${[...o.from]}::text[])`)) === 1;
}

export async function setPaperTracking(tx: Tx, tenantId: string, id: string, d: { tracking: PaperTracking; implementationReport?: string | null }, now: Date): Promise<boolean> {
  const report = d.implementationReport === undefined ? sql`` : sql`, implementation_report = ${d.implementationReport}`;
  return (await tx.exec(sql`update council_papers set tracking = ${d.tracking} ${report}, modified_at = ${now} where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`)) === 1;
}

export async function paperById(db: Queryable, tenantId: string, id: string): Promise<Paper | undefined> {
  return db.one<Paper>(sql`select ${paperCols} from council_papers where tenant_id = ${tenantId} and id = ${id}`);
}

export async function papersByIds(db: Queryable, tenantId: string, ids: readonly string[]): Promise<Paper[]> {
  if (ids.length === 0) return [];
  return db.rows<Paper>(sql`select ${paperCols} from council_papers where tenant_id = ${tenantId} and id = any(${[...ids]}::uuid[])`);
}

/** The newest papers for the council office's list, optionally by status or type. */
export async function listPapers(db: Queryable, tenantId: string, o: { status?: PaperStatus; type?: PaperType; limit?: number; offset?: number } = {}): Promise<Paper[]> {
  const status = o.status ? sql`and status = ${o.status}` : sql``;
  const type = o.type ? sql`and paper_type = ${o.type}` : sql``;
  return db.rows<Paper>(sql`select ${paperCols} from council_papers where tenant_id = ${tenantId} and deleted_at is null ${status} ${type}
    order by date desc, reference desc limit ${o.limit ?? 100} offset ${o.offset ?? 0}`);
}

const PAPER_PREFIX: Record<PaperType, string> = { beschlussvorlage: 'BV', antrag: 'AN', anfrage: 'AF', mitteilung: 'MI', stellungnahme: 'ST', bericht: 'BE' };

/** The next free Drucksachennummer of a type and year, e.g. "BV/2026/014"; callers insert in the same transaction. */
export async function nextPaperReference(tx: Tx, tenantId: string, type: PaperType, year: number): Promise<string> {
  const prefix = `${PAPER_PREFIX[type]}/${year}/`;
  await tx.exec(sql`select pg_advisory_xact_lock(hashtext(${`council-paper:${tenantId}:${prefix}`}))`);
  const r = await tx.one<{ n: number }>(sql`select coalesce(max(substring(reference from ${prefix.length + 1}::int)::int), 0)::int as n from council_papers
    where tenant_id = ${tenantId} and reference like ${`${prefix}%`} and substring(reference from ${prefix.length + 1}::int) ~ '^[0-9]+$'`);
  return `${prefix}${String((r?.n ?? 0) + 1).padStart(3, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Meetings and agenda items

const meetingCols = sql`id, body_id as "bodyId", name, starts_at as "startsAt", ends_at as "endsAt", location_id as "locationId", state, urgent, urgency_reason as "urgencyReason",
  dispatched_at as "dispatchedAt", minutes_state as "minutesState", ${stamped}`;

export type MeetingData = Pick<Meeting, 'bodyId' | 'name' | 'startsAt' | 'endsAt'> & Partial<Pick<Meeting, 'locationId' | 'state'>>;

export async function insertMeeting(tx: Tx, tenantId: string, d: MeetingData, now: Date): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into council_meetings (tenant_id, body_id, name, starts_at, ends_at, location_id, state, created_at, modified_at)
    values (${tenantId}, ${d.bodyId}, ${d.name}, ${d.startsAt}, ${d.endsAt}, ${d.locationId ?? null}, ${d.state ?? 'planned'}, ${now}, ${now}) returning id`);
  return r!.id;
}

export async function updateMeetingPlan(tx: Tx, tenantId: string, id: string, d: Pick<Meeting, 'name' | 'startsAt' | 'endsAt' | 'locationId'>, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_meetings set name = ${d.name}, starts_at = ${d.startsAt}, ends_at = ${d.endsAt}, location_id = ${d.locationId}, modified_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`)) === 1;
}

export async function meetingById(db: Queryable, tenantId: string, id: string): Promise<Meeting | undefined> {
  return db.one<Meeting>(sql`select ${meetingCols} from council_meetings where tenant_id = ${tenantId} and id = ${id}`);
}

export async function meetingsByIds(db: Queryable, tenantId: string, ids: readonly string[]): Promise<Meeting[]> {
  if (ids.length === 0) return [];
  return db.rows<Meeting>(sql`select ${meetingCols} from council_meetings where tenant_id = ${tenantId} and id = any(${[...ids]}::uuid[])`);
}

/** Meetings in a period (all bodies or one), for calendars and the council office's overview. */
export async function listMeetings(db: Queryable, tenantId: string, o: { from?: Date; to?: Date; bodyId?: string; limit?: number } = {}): Promise<Meeting[]> {
  const from = o.from ? sql`and starts_at >= ${o.from}` : sql``;
  const to = o.to ? sql`and starts_at < ${o.to}` : sql``;
  const body = o.bodyId ? sql`and body_id = ${o.bodyId}` : sql``;
  return db.rows<Meeting>(sql`select ${meetingCols} from council_meetings where tenant_id = ${tenantId} and deleted_at is null ${from} ${to} ${body}
    order by starts_at, id limit ${o.limit ?? 500}`);
}

/** A meeting of the same body overlapping [start, end), other than `exceptId`: one body cannot sit twice at once. */
export async function overlappingMeeting(db: Queryable, tenantId: string, bodyId: string, startsAt: Date, endsAt: Date, exceptId: string | null): Promise<Meeting | undefined> {
  return db.one<Meeting>(sql`select ${meetingCols} from council_meetings where tenant_id = ${tenantId} and body_id = ${bodyId} and deleted_at is null and state <> 'cancelled'
    and starts_at < ${endsAt} and ends_at > ${startsAt} and (${exceptId}::uuid is null or id <> ${exceptId}::uuid) limit 1`);
}

export async function setMeetingState(tx: Tx, tenantId: string, id: string, o: { from: readonly MeetingState[]; to: MeetingState }, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_meetings set state = ${o.to}, modified_at = ${now} where tenant_id = ${tenantId} and id = ${id} and deleted_at is null and state = any(${[...o.from]}::text[])`)) === 1;
}

const agendaCols = sql`id, meeting_id as "meetingId", position, number, name, public, paper_id as "paperId", result, resolution_text as "resolutionText", ${stamped}`;

export type AgendaItemData = Pick<AgendaItem, 'meetingId' | 'position' | 'number' | 'name' | 'public'> & Partial<Pick<AgendaItem, 'paperId'>>;

export async function insertAgendaItem(tx: Tx, tenantId: string, d: AgendaItemData, now: Date): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into council_agenda_items (tenant_id, meeting_id, position, number, name, public, paper_id, created_at, modified_at)
    values (${tenantId}, ${d.meetingId}, ${d.position}, ${d.number}, ${d.name}, ${d.public}, ${d.paperId ?? null}, ${now}, ${now}) returning id`);
  return r!.id;
}

export async function agendaItemById(db: Queryable, tenantId: string, id: string): Promise<AgendaItem | undefined> {
  return db.one<AgendaItem>(sql`select ${agendaCols} from council_agenda_items where tenant_id = ${tenantId} and id = ${id}`);
}

/** The agenda in order (public part first by construction of the numbering), without deleted items. */
export async function agendaOf(db: Queryable, tenantId: string, meetingId: string): Promise<AgendaItem[]> {
  return db.rows<AgendaItem>(sql`select ${agendaCols} from council_agenda_items where tenant_id = ${tenantId} and meeting_id = ${meetingId} and deleted_at is null order by position, id`);
}

export async function agendaItemsOfPaper(db: Queryable, tenantId: string, paperId: string): Promise<AgendaItem[]> {
  return db.rows<AgendaItem>(sql`select ${agendaCols} from council_agenda_items where tenant_id = ${tenantId} and paper_id = ${paperId} and deleted_at is null order by created_at, id`);
}

/** Rewrites positions and numbers after a change of order (Ö 1, Ö 2 … then N 1, N 2 …). */
export async function renumberAgenda(tx: Tx, tenantId: string, items: readonly { id: string; position: number; number: string; public: boolean }[], now: Date): Promise<void> {
  for (const it of items) {
    await tx.exec(sql`update council_agenda_items set position = ${it.position}, number = ${it.number}, public = ${it.public}, modified_at = ${now}
      where tenant_id = ${tenantId} and id = ${it.id} and (position <> ${it.position} or number <> ${it.number} or public <> ${it.public})`);
  }
}

export async function setAgendaResult(tx: Tx, tenantId: string, id: string, d: { result: string | null; resolutionText: string | null }, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_agenda_items set result = ${d.result}, resolution_text = ${d.resolutionText}, modified_at = ${now} where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`)) === 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Consultations

const consultationCols = sql`id, paper_id as "paperId", body_id as "bodyId", position, role, authoritative, meeting_id as "meetingId", agenda_item_id as "agendaItemId", ${stamped}`;

export type ConsultationData = Pick<Consultation, 'paperId' | 'bodyId' | 'position' | 'role'> & Partial<Pick<Consultation, 'authoritative' | 'meetingId' | 'agendaItemId'>>;

export async function insertConsultation(tx: Tx, tenantId: string, d: ConsultationData, now: Date): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into council_consultations (tenant_id, paper_id, body_id, position, role, authoritative, meeting_id, agenda_item_id, created_at, modified_at)
    values (${tenantId}, ${d.paperId}, ${d.bodyId}, ${d.position}, ${d.role}, ${d.authoritative ?? d.role === 'deciding'}, ${d.meetingId ?? null}, ${d.agendaItemId ?? null}, ${now}, ${now}) returning id`);
  return r!.id;
}

/** Links a consultation step to the meeting and agenda item where it is dealt with. */
export async function scheduleConsultation(tx: Tx, tenantId: string, id: string, d: { meetingId: string | null; agendaItemId: string | null }, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_consultations set meeting_id = ${d.meetingId}, agenda_item_id = ${d.agendaItemId}, modified_at = ${now} where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`)) === 1;
}

export async function consultationById(db: Queryable, tenantId: string, id: string): Promise<Consultation | undefined> {
  return db.one<Consultation>(sql`select ${consultationCols} from council_consultations where tenant_id = ${tenantId} and id = ${id}`);
}

export async function consultationsOfPaper(db: Queryable, tenantId: string, paperId: string): Promise<Consultation[]> {
  return db.rows<Consultation>(sql`select ${consultationCols} from council_consultations where tenant_id = ${tenantId} and paper_id = ${paperId} and deleted_at is null order by position, id`);
}

export async function consultationsOfMeeting(db: Queryable, tenantId: string, meetingId: string): Promise<Consultation[]> {
  return db.rows<Consultation>(sql`select ${consultationCols} from council_consultations where tenant_id = ${tenantId} and meeting_id = ${meetingId} and deleted_at is null order by position, id`);
}

// ---------------------------------------------------------------------------------------------------------------
// Files

const fileCols = sql`id, stored_file_id as "storedFileId", name, file_name as "fileName", mime, size, sha512, paper_id as "paperId", meeting_id as "meetingId",
  agenda_item_id as "agendaItemId", role, position, public, ${stamped}`;

/** Stores the bytes in the kernel file store and registers them as a council file (with the SHA-512 OParl publishes). */
export async function insertCouncilFile(
  tx: Tx,
  tenantId: string,
  d: { name: string; fileName: string; mime: string; bytes: Uint8Array; role: FileRole; paperId?: string | null; meetingId?: string | null; agendaItemId?: string | null; position?: number; public?: boolean; textContent?: string | null },
  now: Date,
): Promise<string> {
  const stored = await storeFile(tx, { tenantId, name: d.fileName, mime: d.mime, bytes: d.bytes, now });
  const sha512 = createHash('sha512').update(d.bytes).digest('hex');
  const r = await tx.one<{ id: string }>(sql`insert into council_files (tenant_id, stored_file_id, name, file_name, mime, size, sha512, paper_id, meeting_id, agenda_item_id, role, position, public, text_content, created_at, modified_at)
    values (${tenantId}, ${stored.id}, ${d.name}, ${stored.name}, ${d.mime}, ${d.bytes.length}, ${sha512}, ${d.paperId ?? null}, ${d.meetingId ?? null}, ${d.agendaItemId ?? null}, ${d.role},
      ${d.position ?? 0}, ${d.public ?? true}, ${d.textContent ?? null}, ${now}, ${now}) returning id`);
  return r!.id;
}

export async function councilFileById(db: Queryable, tenantId: string, id: string): Promise<CouncilFile | undefined> {
  return db.one<CouncilFile>(sql`select ${fileCols} from council_files where tenant_id = ${tenantId} and id = ${id}`);
}

export async function filesOfPaper(db: Queryable, tenantId: string, paperId: string): Promise<CouncilFile[]> {
  return db.rows<CouncilFile>(sql`select ${fileCols} from council_files where tenant_id = ${tenantId} and paper_id = ${paperId} and deleted_at is null order by (role = 'main') desc, position, created_at, id`);
}

export async function filesOfMeeting(db: Queryable, tenantId: string, meetingId: string): Promise<CouncilFile[]> {
  return db.rows<CouncilFile>(sql`select ${fileCols} from council_files where tenant_id = ${tenantId} and meeting_id = ${meetingId} and deleted_at is null order by role, position, created_at, id`);
}
