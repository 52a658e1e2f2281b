// SQL of the minutes (Niederschrift): per meeting the approval and release trail, per agenda item the exclusions
// for bias and the recorded vote; tenant-scoped. Attendance lives in attendance.repository.ts.
import { sql, type Queryable, type Tx } from '../../kernel/index.ts';
import type { Meeting, MinutesState } from './repository.ts';

export interface MinutesRecord {
  meetingId: string;
  properlyInvited: boolean;
  approvedOn: string | null;
  approvalNote: string | null;
  approvedAt: Date | null;
  approvedBy: string | null;
  releasedAt: Date | null;
  releasedBy: string | null;
  modifiedAt: Date;
}

export interface Exclusion {
  id: string;
  agendaItemId: string;
  personId: string;
  reason: string | null;
}

export type VoteOutcome = 'accepted' | 'rejected' | 'deferred';

export interface VoteRecord {
  agendaItemId: string;
  secondSitting: boolean;
  outcome: VoteOutcome | null;
  unanimous: boolean;
  yes: number | null;
  no: number | null;
  abstain: number | null;
  presentVoting: number | null;
  excluded: number | null;
  quorumRule: string | null;
  quorumRequired: number | null;
  quorumExplanation: string | null;
  resolutionText: string | null;
  recordedAt: Date | null;
  recordedBy: string | null;
  modifiedAt: Date;
}

/**
 * Locks the meeting row for the rest of the transaction, so two clerks recording minutes of one meeting at once are
 * serialised (state checks, then writes) across app nodes.
 */
export async function lockMeetingForMinutes(tx: Tx, tenantId: string, meetingId: string): Promise<Pick<Meeting, 'id' | 'state' | 'minutesState' | 'startsAt' | 'bodyId'> | undefined> {
  return tx.one(sql`select id, state, minutes_state as "minutesState", starts_at as "startsAt", body_id as "bodyId" from council_meetings
    where tenant_id = ${tenantId} and id = ${meetingId} and deleted_at is null for update`);
}

/** Moves the minutes along their workflow; false when the meeting is not in one of `from`. */
export async function setMinutesState(tx: Tx, tenantId: string, meetingId: string, o: { from: readonly MinutesState[]; to: MinutesState }, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_meetings set minutes_state = ${o.to}, modified_at = ${now}
    where tenant_id = ${tenantId} and id = ${meetingId} and deleted_at is null and minutes_state = any(${[...o.from]}::text[])`)) === 1;
}

const minutesCols = sql`meeting_id as "meetingId", properly_invited as "properlyInvited", to_char(approved_on, 'YYYY-MM-DD') as "approvedOn", approval_note as "approvalNote",
  approved_at as "approvedAt", approved_by as "approvedBy", released_at as "releasedAt", released_by as "releasedBy", modified_at as "modifiedAt"`;

export async function minutesOf(db: Queryable, tenantId: string, meetingId: string): Promise<MinutesRecord | undefined> {
  return db.one<MinutesRecord>(sql`select ${minutesCols} from council_minutes where tenant_id = ${tenantId} and meeting_id = ${meetingId}`);
}

export async function saveMinutesInvitation(tx: Tx, tenantId: string, meetingId: string, properlyInvited: boolean, now: Date): Promise<void> {
  await tx.exec(sql`insert into council_minutes (tenant_id, meeting_id, properly_invited, created_at, modified_at) values (${tenantId}, ${meetingId}, ${properlyInvited}, ${now}, ${now})
    on conflict (tenant_id, meeting_id) do update set properly_invited = excluded.properly_invited, modified_at = excluded.modified_at
    where council_minutes.properly_invited <> excluded.properly_invited`);
}

export async function saveMinutesApproval(tx: Tx, tenantId: string, meetingId: string, d: { approvedOn: string; note: string | null; actorId: string }, now: Date): Promise<void> {
  await tx.exec(sql`insert into council_minutes (tenant_id, meeting_id, approved_on, approval_note, approved_at, approved_by, created_at, modified_at)
    values (${tenantId}, ${meetingId}, ${d.approvedOn}, ${d.note}, ${now}, ${d.actorId}, ${now}, ${now})
    on conflict (tenant_id, meeting_id) do update set approved_on = excluded.approved_on, approval_note = excluded.approval_note, approved_at = excluded.approved_at,
      approved_by = excluded.approved_by, modified_at = excluded.modified_at`);
}

export async function saveMinutesRelease(tx: Tx, tenantId: string, meetingId: string, actorId: string, now: Date): Promise<void> {
  await tx.exec(sql`update council_minutes set released_at = ${now}, released_by = ${actorId}, modified_at = ${now} where tenant_id = ${tenantId} and meeting_id = ${meetingId}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Exclusions (Mitwirkungsverbot)

const exclusionCols = sql`id, agenda_item_id as "agendaItemId", person_id as "personId", reason`;

/** Current exclusions of a meeting (all items), for the roll per item and the minutes document. */
export async function exclusionsOfMeeting(db: Queryable, tenantId: string, meetingId: string): Promise<Exclusion[]> {
  return db.rows<Exclusion>(sql`select ${exclusionCols} from council_exclusions where tenant_id = ${tenantId} and meeting_id = ${meetingId} and deleted_at is null order by agenda_item_id, person_id`);
}

/**
 * Makes the item's exclusions exactly `persons` (with their internal reasons): new ones are inserted, changed reasons
 * updated, dropped ones soft-deleted. Returns whether anything changed.
 */
export async function replaceExclusions(
  tx: Tx,
  tenantId: string,
  d: { meetingId: string; agendaItemId: string; persons: readonly { personId: string; reason: string | null }[]; actorId: string },
  now: Date,
): Promise<boolean> {
  const keep = d.persons.map((x) => x.personId);
  let changed = (await tx.exec(sql`update council_exclusions set deleted_at = ${now}, modified_at = ${now}
    where tenant_id = ${tenantId} and agenda_item_id = ${d.agendaItemId} and deleted_at is null and not (person_id = any(${keep}::uuid[]))`)) > 0;
  for (const x of d.persons) {
    const n = await tx.exec(sql`insert into council_exclusions (tenant_id, meeting_id, agenda_item_id, person_id, reason, created_by, created_at, modified_at)
      values (${tenantId}, ${d.meetingId}, ${d.agendaItemId}, ${x.personId}, ${x.reason}, ${d.actorId}, ${now}, ${now})
      on conflict (tenant_id, agenda_item_id, person_id) where deleted_at is null
      do update set reason = excluded.reason, modified_at = excluded.modified_at where council_exclusions.reason is distinct from excluded.reason`);
    changed ||= n > 0;
  }
  return changed;
}

// ---------------------------------------------------------------------------------------------------------------
// Votes

const voteCols = sql`agenda_item_id as "agendaItemId", second_sitting as "secondSitting", outcome, unanimous, yes, no, abstain, present_voting as "presentVoting", excluded,
  quorum_rule as "quorumRule", quorum_required as "quorumRequired", quorum_explanation as "quorumExplanation", resolution_text as "resolutionText",
  recorded_at as "recordedAt", recorded_by as "recordedBy", modified_at as "modifiedAt"`;

export async function votesOfMeeting(db: Queryable, tenantId: string, meetingId: string): Promise<VoteRecord[]> {
  return db.rows<VoteRecord>(sql`select ${voteCols} from council_votes where tenant_id = ${tenantId} and meeting_id = ${meetingId}`);
}

export async function voteOf(db: Queryable, tenantId: string, agendaItemId: string): Promise<VoteRecord | undefined> {
  return db.one<VoteRecord>(sql`select ${voteCols} from council_votes where tenant_id = ${tenantId} and agenda_item_id = ${agendaItemId}`);
}

/** Sets the quorum input "repeated sitting" of an item; returns whether it changed. */
export async function saveSecondSitting(tx: Tx, tenantId: string, d: { meetingId: string; agendaItemId: string; secondSitting: boolean }, now: Date): Promise<boolean> {
  return (await tx.exec(sql`insert into council_votes (tenant_id, agenda_item_id, meeting_id, second_sitting, created_at, modified_at)
    values (${tenantId}, ${d.agendaItemId}, ${d.meetingId}, ${d.secondSitting}, ${now}, ${now})
    on conflict (tenant_id, agenda_item_id) do update set second_sitting = excluded.second_sitting, modified_at = excluded.modified_at
    where council_votes.second_sitting <> excluded.second_sitting`)) > 0;
}

export type VoteData = Pick<VoteRecord, 'outcome' | 'unanimous' | 'yes' | 'no' | 'abstain' | 'presentVoting' | 'excluded' | 'quorumRule' | 'quorumRequired' | 'quorumExplanation' | 'resolutionText'>;

/** Records (or replaces) the outcome of an agenda item. */
export async function saveVote(tx: Tx, tenantId: string, d: VoteData & { meetingId: string; agendaItemId: string; actorId: string }, now: Date): Promise<void> {
  await tx.exec(sql`insert into council_votes (tenant_id, agenda_item_id, meeting_id, outcome, unanimous, yes, no, abstain, present_voting, excluded, quorum_rule, quorum_required,
      quorum_explanation, resolution_text, recorded_at, recorded_by, created_at, modified_at)
    values (${tenantId}, ${d.agendaItemId}, ${d.meetingId}, ${d.outcome}, ${d.unanimous}, ${d.yes}, ${d.no}, ${d.abstain}, ${d.presentVoting}, ${d.excluded}, ${d.quorumRule},
      ${d.quorumRequired}, ${d.quorumExplanation}, ${d.resolutionText}, ${now}, ${d.actorId}, ${now}, ${now})
    on conflict (tenant_id, agenda_item_id) do update set outcome = excluded.outcome, unanimous = excluded.unanimous, yes = excluded.yes, no = excluded.no,
      abstain = excluded.abstain, present_voting = excluded.present_voting, excluded = excluded.excluded, quorum_rule = excluded.quorum_rule,
      quorum_required = excluded.quorum_required, quorum_explanation = excluded.quorum_explanation, resolution_text = excluded.resolution_text,
      recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by, modified_at = excluded.modified_at`);
}
