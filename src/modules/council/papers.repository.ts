// SQL of the Drucksachen pages beyond repository.ts: search, Mitzeichnung (council_paper_signoffs), the consultation
// path with its meetings, files, and motion tracking. Every statement is scoped by tenant.
import { sql, type Queryable, type Tx } from '../../kernel/index.ts';
import type { ConsultationRole, Paper, PaperStatus, PaperTracking, PaperType } from './repository.ts';

const paperCols = sql`id, reference, name, paper_type as "paperType", to_char(date, 'YYYY-MM-DD') as date, municipality, department, body_text as "bodyText",
  resolution_proposal as "resolutionProposal", status, tracking, to_char(implementation_due, 'YYYY-MM-DD') as "implementationDue", implementation_report as "implementationReport",
  related_paper_id as "relatedPaperId", originator_person_ids::text[] as "originatorPersonIds", originator_body_ids::text[] as "originatorBodyIds", public, created_by as "createdBy",
  created_at as "createdAt", modified_at as "modifiedAt", deleted_at as "deletedAt"`;

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** The council office's list: newest first, filtered by type, status and a text in reference or title. */
export async function searchPapers(db: Queryable, tenantId: string, o: { type?: PaperType; status?: PaperStatus; text?: string; limit: number; offset: number }): Promise<Paper[]> {
  const type = o.type ? sql`and paper_type = ${o.type}` : sql``;
  const status = o.status ? sql`and status = ${o.status}` : sql``;
  const text = o.text ? sql`and (reference ilike ${`%${likeEscape(o.text)}%`} or name ilike ${`%${likeEscape(o.text)}%`})` : sql``;
  return db.rows<Paper>(sql`select ${paperCols} from council_papers where tenant_id = ${tenantId} and deleted_at is null ${type} ${status} ${text}
    order by date desc, reference desc, id limit ${o.limit} offset ${o.offset}`);
}

export async function paperByReference(db: Queryable, tenantId: string, reference: string): Promise<Paper | undefined> {
  return db.one<Paper>(sql`select ${paperCols} from council_papers where tenant_id = ${tenantId} and deleted_at is null and lower(reference) = lower(${reference})`);
}

/** Locks the paper row for a status change, so two clicks or two nodes cannot both move it. */
export async function lockPaper(tx: Tx, tenantId: string, id: string): Promise<Paper | undefined> {
  return tx.one<Paper>(sql`select ${paperCols} from council_papers where tenant_id = ${tenantId} and id = ${id} and deleted_at is null for update`);
}

/** Papers that name this one as the paper they refer to (the answer to an Anfrage, a Stellungnahme to an Antrag). */
export async function papersRelatedTo(db: Queryable, tenantId: string, paperId: string): Promise<Paper[]> {
  return db.rows<Paper>(sql`select ${paperCols} from council_papers where tenant_id = ${tenantId} and deleted_at is null and related_paper_id = ${paperId} order by date, reference`);
}

export async function setImplementationDue(tx: Tx, tenantId: string, id: string, due: string | null, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_papers set implementation_due = ${due}, modified_at = ${now} where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`)) === 1;
}

/** Moves the tracking state only from one of `from` (the caller's view of the current state); false when it moved meanwhile. */
export async function moveTracking(tx: Tx, tenantId: string, id: string, o: { from: readonly PaperTracking[]; to: PaperTracking; report?: string }, now: Date): Promise<boolean> {
  const report = o.report === undefined ? sql`` : sql`, implementation_report = ${o.report}`;
  return (await tx.exec(sql`update council_papers set tracking = ${o.to} ${report}, modified_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and deleted_at is null and tracking = any(${[...o.from]}::text[])`)) === 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Mitzeichnung

export type SignoffState = 'pending' | 'approved' | 'rejected' | 'cancelled';

export interface Signoff {
  id: string;
  paperId: string;
  round: number;
  signerId: string;
  signerName: string;
  requestedBy: string | null;
  requestedByName: string | null;
  state: SignoffState;
  comment: string | null;
  requestedAt: Date;
  decidedAt: Date | null;
}

const signoffCols = sql`s.id, s.paper_id as "paperId", s.round, s.signer_id as "signerId", coalesce(u.display_name, u.email) as "signerName", s.requested_by as "requestedBy",
  coalesce(r.display_name, r.email) as "requestedByName", s.state, s.comment, s.requested_at as "requestedAt", s.decided_at as "decidedAt"`;
const signoffFrom = sql`council_paper_signoffs s join users u on u.id = s.signer_id and u.tenant_id = s.tenant_id left join users r on r.id = s.requested_by and r.tenant_id = s.tenant_id`;

/** The last round number of a paper (0: never sent to sign-off). */
export async function lastSignoffRound(db: Queryable, tenantId: string, paperId: string): Promise<number> {
  const r = await db.one<{ n: number }>(sql`select coalesce(max(round), 0)::int as n from council_paper_signoffs where tenant_id = ${tenantId} and paper_id = ${paperId}`);
  return r?.n ?? 0;
}

export async function insertSignoffs(tx: Tx, tenantId: string, o: { paperId: string; round: number; signerIds: readonly string[]; requestedBy: string }, now: Date): Promise<void> {
  for (const signerId of o.signerIds) {
    await tx.exec(sql`insert into council_paper_signoffs (tenant_id, paper_id, round, signer_id, requested_by, state, requested_at)
      values (${tenantId}, ${o.paperId}, ${o.round}, ${signerId}, ${o.requestedBy}, 'pending', ${now})`);
  }
}

/** Every sign-off of a paper, newest round first: the current round and the history of earlier ones. */
export async function signoffsOfPaper(db: Queryable, tenantId: string, paperId: string): Promise<Signoff[]> {
  return db.rows<Signoff>(sql`select ${signoffCols} from ${signoffFrom} where s.tenant_id = ${tenantId} and s.paper_id = ${paperId}
    order by s.round desc, s.requested_at, u.display_name, s.id`);
}

/** The open request of this signer in the paper's current round, locked for the decision. */
export async function pendingSignoffOf(tx: Tx, tenantId: string, paperId: string, signerId: string): Promise<{ id: string; round: number } | undefined> {
  return tx.one(sql`select id, round from council_paper_signoffs where tenant_id = ${tenantId} and paper_id = ${paperId} and signer_id = ${signerId} and state = 'pending' for update`);
}

export async function decideSignoff(tx: Tx, tenantId: string, id: string, d: { state: 'approved' | 'rejected'; comment: string | null }, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_paper_signoffs set state = ${d.state}, comment = ${d.comment}, decided_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and state = 'pending'`)) === 1;
}

/** Cancels the open requests of a paper (rejection by one signer, withdrawal by the author); returns how many. */
export async function cancelPendingSignoffs(tx: Tx, tenantId: string, paperId: string, now: Date): Promise<number> {
  return tx.exec(sql`update council_paper_signoffs set state = 'cancelled', decided_at = ${now} where tenant_id = ${tenantId} and paper_id = ${paperId} and state = 'pending'`);
}

/** The state of a round: how many asked, approved, rejected, still open. */
export async function roundTally(db: Queryable, tenantId: string, paperId: string, round: number): Promise<{ total: number; approved: number; rejected: number; pending: number }> {
  const r = await db.one<{ total: number; approved: number; rejected: number; pending: number }>(sql`select count(*)::int as total,
      count(*) filter (where state = 'approved')::int as approved, count(*) filter (where state = 'rejected')::int as rejected, count(*) filter (where state = 'pending')::int as pending
    from council_paper_signoffs where tenant_id = ${tenantId} and paper_id = ${paperId} and round = ${round}`);
  return r ?? { total: 0, approved: 0, rejected: 0, pending: 0 };
}

export interface SignoffQueueItem {
  id: string;
  reference: string;
  name: string;
  paperType: PaperType;
  total: number;
  approved: number;
  pending: number;
}

/** Papers in sign-off with the progress of their current round (the overview's "waiting" list). */
export async function papersInSignoff(db: Queryable, tenantId: string, o: { signerId?: string } = {}): Promise<SignoffQueueItem[]> {
  const mine = o.signerId
    ? sql`and exists (select 1 from council_paper_signoffs m where m.tenant_id = p.tenant_id and m.paper_id = p.id and m.signer_id = ${o.signerId} and m.state = 'pending')`
    : sql``;
  return db.rows<SignoffQueueItem>(sql`select p.id, p.reference, p.name, p.paper_type as "paperType",
      count(s.id)::int as total, count(s.id) filter (where s.state = 'approved')::int as approved, count(s.id) filter (where s.state = 'pending')::int as pending
    from council_papers p
    left join council_paper_signoffs s on s.tenant_id = p.tenant_id and s.paper_id = p.id
      and s.round = (select max(x.round) from council_paper_signoffs x where x.tenant_id = p.tenant_id and x.paper_id = p.id)
    where p.tenant_id = ${tenantId} and p.deleted_at is null and p.status = 'signoff' ${mine}
    group by p.id, p.reference, p.name, p.paper_type, p.date order by p.date, p.reference`);
}

// ---------------------------------------------------------------------------------------------------------------
// Consultation path

export interface PathStep {
  id: string;
  position: number;
  role: ConsultationRole;
  authoritative: boolean;
  bodyId: string;
  bodyName: string;
  meetingId: string | null;
  meetingName: string | null;
  meetingStart: Date | null;
  agendaItemId: string | null;
  agendaNumber: string | null;
  result: string | null;
}

/** The Beratungsfolge in order with the meeting and agenda item of each step that has been scheduled. */
export async function consultationPath(db: Queryable, tenantId: string, paperId: string): Promise<PathStep[]> {
  return db.rows<PathStep>(sql`select c.id, c.position, c.role, c.authoritative, c.body_id as "bodyId", b.name as "bodyName",
      c.meeting_id as "meetingId", m.name as "meetingName", m.starts_at as "meetingStart", c.agenda_item_id as "agendaItemId", a.number as "agendaNumber", a.result
    from council_consultations c
    join council_bodies b on b.tenant_id = c.tenant_id and b.id = c.body_id
    left join council_meetings m on m.tenant_id = c.tenant_id and m.id = c.meeting_id and m.deleted_at is null
    left join council_agenda_items a on a.tenant_id = c.tenant_id and a.id = c.agenda_item_id and a.deleted_at is null
    where c.tenant_id = ${tenantId} and c.paper_id = ${paperId} and c.deleted_at is null
    order by c.position, c.created_at, c.id`);
}

// ---------------------------------------------------------------------------------------------------------------
// Files

/** The next position for a file of the paper (attachments are numbered in upload order). */
export async function nextPaperFilePosition(tx: Tx, tenantId: string, paperId: string): Promise<number> {
  const r = await tx.one<{ n: number }>(sql`select coalesce(max(position) + 1, 0)::int as n from council_files where tenant_id = ${tenantId} and paper_id = ${paperId} and deleted_at is null`);
  return r?.n ?? 0;
}

export async function hasMainFile(db: Queryable, tenantId: string, paperId: string): Promise<boolean> {
  return !!(await db.one(sql`select 1 from council_files where tenant_id = ${tenantId} and paper_id = ${paperId} and role = 'main' and deleted_at is null limit 1`));
}

// ---------------------------------------------------------------------------------------------------------------
// Motion tracking

export interface MotionRow {
  id: string;
  reference: string;
  name: string;
  paperType: PaperType;
  date: string;
  status: PaperStatus;
  tracking: PaperTracking;
  implementationDue: string | null;
}

/** Anträge and Anfragen that are released (or withdrawn), for the tracking list; with `overdueOn`, only overdue reports. */
export async function motions(db: Queryable, tenantId: string, o: { overdueOn?: string } = {}): Promise<MotionRow[]> {
  const overdue = o.overdueOn ? sql`and tracking = 'resolved' and implementation_due is not null and implementation_due < ${o.overdueOn}::date` : sql``;
  return db.rows<MotionRow>(sql`select id, reference, name, paper_type as "paperType", to_char(date, 'YYYY-MM-DD') as date, status, tracking,
      to_char(implementation_due, 'YYYY-MM-DD') as "implementationDue"
    from council_papers where tenant_id = ${tenantId} and deleted_at is null and paper_type in ('antrag', 'anfrage') and status in ('released', 'withdrawn') ${overdue}
    order by implementation_due nulls last, date desc, reference desc limit 1000`);
}

export async function setConsultationPosition(tx: Tx, tenantId: string, id: string, position: number, now: Date): Promise<void> {
  await tx.exec(sql`update council_consultations set position = ${position}, modified_at = ${now} where tenant_id = ${tenantId} and id = ${id} and deleted_at is null`);
}
