// SQL of the meeting area beyond the core functions in repository.ts: locking a meeting, the office's lists, the
// invitations (one row per dispatch version) and deliveries (one row per recipient and document, electronic or on
// paper), and what a councillor may see. Every statement is scoped by tenant.
import { sql, type Queryable, type Tx } from '../../kernel/index.ts';
import type { Meeting, MeetingState } from './repository.ts';

export interface MeetingDetail extends Meeting {
  cancelledAt: Date | null;
  cancellationReason: string | null;
}

const cols = sql`id, body_id as "bodyId", name, starts_at as "startsAt", ends_at as "endsAt", location_id as "locationId", state, urgent, urgency_reason as "urgencyReason",
  dispatched_at as "dispatchedAt", minutes_state as "minutesState", cancelled_at as "cancelledAt", cancellation_reason as "cancellationReason",
  created_at as "createdAt", modified_at as "modifiedAt", deleted_at as "deletedAt"`;

/** A meeting with its cancellation data; deleted meetings are not found. */
export async function meetingDetail(db: Queryable, tenantId: string, id: string): Promise<MeetingDetail | undefined> {
  return db.one<MeetingDetail>(sql`select ${cols} from council_meetings where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`);
}

/** Serialises changes to one meeting (agenda edits, dispatch, cancellation) across app nodes. */
export async function lockMeeting(tx: Tx, tenantId: string, id: string): Promise<MeetingDetail | undefined> {
  return tx.one<MeetingDetail>(sql`select ${cols} from council_meetings where tenant_id = ${tenantId} and id = ${id} and deleted_at is null for update`);
}

/** The office's list: upcoming (not ended yet, soonest first) or past (newest first), optionally of one body. */
export async function officeMeetings(db: Queryable, tenantId: string, o: { when: 'upcoming' | 'past'; now: Date; bodyId?: string; limit?: number }): Promise<MeetingDetail[]> {
  const body = o.bodyId ? sql`and body_id = ${o.bodyId}` : sql``;
  const when = o.when === 'upcoming' ? sql`and ends_at >= ${o.now} order by starts_at, id` : sql`and ends_at < ${o.now} order by starts_at desc, id`;
  return db.rows<MeetingDetail>(sql`select ${cols} from council_meetings where tenant_id = ${tenantId} and deleted_at is null ${body} ${when} limit ${o.limit ?? 200}`);
}

/** How many meetings of the body (not cancelled) start in [from, before): the "N." of "N. Sitzung". */
export async function countMeetingsBefore(db: Queryable, tenantId: string, bodyId: string, from: Date | null, before: Date): Promise<number> {
  const r = await db.one<{ n: number }>(sql`select count(*)::int as n from council_meetings where tenant_id = ${tenantId} and body_id = ${bodyId} and deleted_at is null
    and state <> 'cancelled' and starts_at < ${before} and (${from}::timestamptz is null or starts_at >= ${from}::timestamptz)`);
  return r?.n ?? 0;
}

/** After a successful dispatch: invited, with the urgency as sent; the first dispatch time stays for a Nachtrag. */
export async function markInvited(tx: Tx, tenantId: string, id: string, d: { urgent: boolean; urgencyReason: string | null; from: readonly MeetingState[] }, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_meetings set state = 'invited', urgent = urgent or ${d.urgent}, urgency_reason = coalesce(${d.urgencyReason}, urgency_reason),
      dispatched_at = coalesce(dispatched_at, ${now}), modified_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null and state = any(${[...d.from]}::text[])`)) === 1;
}

export async function markCancelled(tx: Tx, tenantId: string, id: string, reason: string, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_meetings set state = 'cancelled', cancelled_at = ${now}, cancellation_reason = ${reason}, modified_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null and state in ('planned', 'invited')`)) === 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Invitations

export interface Invitation {
  id: string;
  meetingId: string;
  version: number;
  dispatchedAt: Date;
  dispatchedBy: string | null;
  urgent: boolean;
  urgencyReason: string | null;
  memberFileId: string;
  publicFileId: string | null;
  members: number;
  copies: number;
  electronic: number;
  paper: number;
}

const invitationCols = sql`id, meeting_id as "meetingId", version, dispatched_at as "dispatchedAt", dispatched_by as "dispatchedBy", urgent, urgency_reason as "urgencyReason",
  member_file_id as "memberFileId", public_file_id as "publicFileId", members, copies, electronic, paper`;

/** Inserts a dispatch version once; undefined when that version exists already (a repeated or concurrent dispatch). */
export async function insertInvitation(tx: Tx, tenantId: string, d: Omit<Invitation, 'id'>): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into council_invitations (tenant_id, meeting_id, version, dispatched_at, dispatched_by, urgent, urgency_reason, member_file_id, public_file_id,
      members, copies, electronic, paper)
    values (${tenantId}, ${d.meetingId}, ${d.version}, ${d.dispatchedAt}, ${d.dispatchedBy}, ${d.urgent}, ${d.urgencyReason}, ${d.memberFileId}, ${d.publicFileId},
      ${d.members}, ${d.copies}, ${d.electronic}, ${d.paper})
    on conflict (tenant_id, meeting_id, version) do nothing returning id`);
  return r?.id;
}

export async function invitationsOf(db: Queryable, tenantId: string, meetingId: string): Promise<Invitation[]> {
  return db.rows<Invitation>(sql`select ${invitationCols} from council_invitations where tenant_id = ${tenantId} and meeting_id = ${meetingId} order by version`);
}

/** The published invitation files of a meeting other than `keepId` are retired (OParl: one invitation per meeting). */
export async function retireInvitationFiles(tx: Tx, tenantId: string, meetingId: string, keepId: string, now: Date): Promise<number> {
  return tx.exec(sql`update council_files set deleted_at = ${now}, modified_at = ${now}
    where tenant_id = ${tenantId} and meeting_id = ${meetingId} and role = 'invitation' and deleted_at is null and id <> ${keepId}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Deliveries

export type DeliveryKind = 'invitation' | 'cancellation';

export interface Delivery {
  id: string;
  meetingId: string;
  personId: string;
  kind: DeliveryKind;
  version: number;
  copy: boolean;
  channel: 'electronic' | 'paper';
  mailboxId: string | null;
  documentFileId: string;
  createdAt: Date;
  postedOn: string | null;
  postedBy: string | null;
}

/** A delivery with what the overview and the print batch need: the person's name and address, the mailbox proof. */
export interface DeliveryRow extends Delivery {
  familyName: string;
  givenName: string;
  title: string | null;
  formOfAddress: string | null;
  gender: 'female' | 'male' | 'diverse' | null;
  streetAddress: string | null;
  postalCode: string | null;
  locality: string | null;
  deliveredAt: Date | null;
  openedAt: Date | null;
  retrievals: number | null;
}

const deliveryCols = sql`d.id, d.meeting_id as "meetingId", d.person_id as "personId", d.kind, d.version, d.copy, d.channel, d.mailbox_id as "mailboxId",
  d.document_file_id as "documentFileId", d.created_at as "createdAt", to_char(d.posted_on, 'YYYY-MM-DD') as "postedOn", d.posted_by as "postedBy"`;

/** Records a delivery once per person, kind and version; undefined when it exists already. */
export async function insertDelivery(tx: Tx, tenantId: string, d: Omit<Delivery, 'id' | 'postedOn' | 'postedBy'>): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into council_deliveries (tenant_id, meeting_id, person_id, kind, version, copy, channel, mailbox_id, document_file_id, created_at)
    values (${tenantId}, ${d.meetingId}, ${d.personId}, ${d.kind}, ${d.version}, ${d.copy}, ${d.channel}, ${d.mailboxId}, ${d.documentFileId}, ${d.createdAt})
    on conflict (tenant_id, meeting_id, person_id, kind, version) do nothing returning id`);
  return r?.id;
}

/** Every delivery of a meeting with names and the Mandatspostfach proof (delivered, first opened), in dispatch order. */
export async function deliveriesOf(db: Queryable, tenantId: string, meetingId: string, o: { kind?: DeliveryKind; paperOnly?: boolean; unposted?: boolean } = {}): Promise<DeliveryRow[]> {
  const kind = o.kind ? sql`and d.kind = ${o.kind}` : sql``;
  const paper = o.paperOnly ? sql`and d.channel = 'paper'` : sql``;
  const unposted = o.unposted ? sql`and d.posted_on is null` : sql``;
  return db.rows<DeliveryRow>(sql`select ${deliveryCols}, p.family_name as "familyName", p.given_name as "givenName", p.title, p.form_of_address as "formOfAddress", p.gender,
      p.street_address as "streetAddress", p.postal_code as "postalCode", p.locality,
      mb.delivered_at as "deliveredAt", mb.opened_at as "openedAt", mb.retrievals
    from council_deliveries d
    join council_persons p on p.tenant_id = d.tenant_id and p.id = d.person_id
    left join council_mailbox mb on mb.tenant_id = d.tenant_id and mb.id = d.mailbox_id
    where d.tenant_id = ${tenantId} and d.meeting_id = ${meetingId} ${kind} ${paper} ${unposted}
    order by d.kind desc, d.version, d.copy, p.family_name, p.given_name, d.id`);
}

/** Records that paper letters were posted; only those of this meeting still unposted change. Returns how many did. */
export async function markPosted(tx: Tx, tenantId: string, meetingId: string, ids: readonly string[], day: string, userId: string): Promise<number> {
  if (ids.length === 0) return 0;
  return tx.exec(sql`update council_deliveries set posted_on = ${day}, posted_by = ${userId}
    where tenant_id = ${tenantId} and meeting_id = ${meetingId} and channel = 'paper' and posted_on is null and id = any(${[...ids]}::uuid[])`);
}

// ---------------------------------------------------------------------------------------------------------------
// What a councillor sees

export interface PersonMeeting extends MeetingDetail {
  bodyName: string;
}

const BERLIN_DAY = sql`(m.starts_at at time zone 'Europe/Berlin')::date`;

/** Meetings (not ended before `from`) of bodies in which the person holds a membership running on the meeting day. */
export async function meetingsOfPerson(db: Queryable, tenantId: string, personId: string, o: { from: Date; limit?: number }): Promise<PersonMeeting[]> {
  return db.rows<PersonMeeting>(sql`select m.id, m.body_id as "bodyId", m.name, m.starts_at as "startsAt", m.ends_at as "endsAt", m.location_id as "locationId", m.state, m.urgent,
      m.urgency_reason as "urgencyReason", m.dispatched_at as "dispatchedAt", m.minutes_state as "minutesState", m.cancelled_at as "cancelledAt",
      m.cancellation_reason as "cancellationReason", m.created_at as "createdAt", m.modified_at as "modifiedAt", m.deleted_at as "deletedAt", b.name as "bodyName"
    from council_meetings m join council_bodies b on b.tenant_id = m.tenant_id and b.id = m.body_id
    where m.tenant_id = ${tenantId} and m.deleted_at is null and m.ends_at >= ${o.from}
      and exists (select 1 from council_memberships ms where ms.tenant_id = m.tenant_id and ms.body_id = m.body_id and ms.person_id = ${personId} and ms.deleted_at is null
        and ms.start_date <= ${BERLIN_DAY} and (ms.end_date is null or ms.end_date >= ${BERLIN_DAY}))
    order by m.starts_at, m.id limit ${o.limit ?? 50}`);
}

/** True when the person holds a membership in the meeting's body running on the meeting day (deputies included). */
export async function sitsInMeetingBody(db: Queryable, tenantId: string, personId: string, meetingId: string): Promise<boolean> {
  const r = await db.one(sql`select 1 from council_meetings m
    join council_memberships ms on ms.tenant_id = m.tenant_id and ms.body_id = m.body_id and ms.person_id = ${personId} and ms.deleted_at is null
      and ms.start_date <= ${BERLIN_DAY} and (ms.end_date is null or ms.end_date >= ${BERLIN_DAY})
    where m.tenant_id = ${tenantId} and m.id = ${meetingId} and m.deleted_at is null limit 1`);
  return !!r;
}

/** A file of a paper on the meeting's (live) agenda, or of the meeting itself; what the member view may offer. */
export async function meetingFileFor(db: Queryable, tenantId: string, meetingId: string, fileId: string): Promise<{ storedFileId: string; fileName: string; mime: string } | undefined> {
  return db.one(sql`select f.stored_file_id as "storedFileId", f.file_name as "fileName", f.mime from council_files f
    where f.tenant_id = ${tenantId} and f.id = ${fileId} and f.deleted_at is null and (
      f.meeting_id = ${meetingId}
      or exists (select 1 from council_agenda_items a where a.tenant_id = f.tenant_id and a.meeting_id = ${meetingId} and a.deleted_at is null
        and (a.id = f.agenda_item_id or (f.paper_id is not null and a.paper_id = f.paper_id))))`);
}
