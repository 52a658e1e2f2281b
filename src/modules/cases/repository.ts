// The SQL of the cases module (Vorgangsbearbeitung); every statement is scoped by tenant. The worklist is in queries/.
import { sql, type Queryable, type StaffRole, type Tx } from '../../kernel/index.ts';
import type { Workflow } from './workflow.ts';

export interface CaseType {
  id: string;
  key: string;
  name: string;
  serviceSlug: string | null;
  teamId: string | null;
  planItemId: string | null;
  targetDays: number;
  fourEyes: boolean;
  workflow: Workflow;
  active: boolean;
}

export type CaseTypeData = Omit<CaseType, 'id'>;

/** A proposed decision under four-eyes: it waits for a second person's approval. */
export interface Proposal {
  transition: string;
  decision: 'approved' | 'rejected';
  reason: string;
  feeCents: number | null;
  at: string;
}

export type CaseSource = 'portal' | 'staff' | 'inbound';

export interface Case {
  id: string;
  number: string;
  year: number;
  seq: number;
  typeId: string;
  fileId: string | null;
  teamId: string | null;
  subject: string;
  party: string;
  citizenUserId: string | null;
  status: string;
  statusKind: 'open' | 'waiting' | 'closed';
  assigneeId: string | null;
  source: CaseSource;
  sourceRef: string | null;
  openedAt: Date;
  dueAt: Date;
  pausedSince: Date | null;
  closedAt: Date | null;
  proposal: Proposal | null;
  proposedBy: string | null;
  version: number;
  updatedAt: Date;
}

export interface CaseEvent {
  at: Date;
  actorId: string | null;
  actorName: string | null;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string;
}

export interface Team {
  id: string;
  name: string;
  members: { id: string; name: string }[];
}

export interface Absence {
  id: string;
  userId: string;
  userName: string;
  substituteId: string;
  substituteName: string;
  startsOn: string;
  endsOn: string;
}

const typeCols = sql`id, key, name, service_slug as "serviceSlug", team_id as "teamId", plan_item_id as "planItemId", target_days as "targetDays",
  four_eyes as "fourEyes", workflow, active`;

export async function listTypes(db: Queryable, tenantId: string): Promise<CaseType[]> {
  return db.rows<CaseType>(sql`select ${typeCols} from case_types where tenant_id = ${tenantId} order by name, key`);
}

export async function typeById(db: Queryable, tenantId: string, id: string): Promise<CaseType | undefined> {
  return db.one<CaseType>(sql`select ${typeCols} from case_types where tenant_id = ${tenantId} and id = ${id}`);
}

export async function typesByIds(db: Queryable, tenantId: string, ids: readonly string[]): Promise<CaseType[]> {
  if (ids.length === 0) return [];
  return db.rows<CaseType>(sql`select ${typeCols} from case_types where tenant_id = ${tenantId} and id = any(${[...ids]}::uuid[])`);
}

/** The active case type whose cases the applications of a catalogue service open. */
export async function activeTypeForService(db: Queryable, tenantId: string, serviceSlug: string): Promise<CaseType | undefined> {
  return db.one<CaseType>(sql`select ${typeCols} from case_types where tenant_id = ${tenantId} and service_slug = ${serviceSlug} and active`);
}

/** Which unique rules a type's data would break (key; service slug among active types). */
export async function typeClashes(db: Queryable, tenantId: string, d: { key: string; serviceSlug: string | null; active: boolean }, exceptId: string | null): Promise<{ key: boolean; service: boolean }> {
  const r = await db.one<{ key: boolean; service: boolean }>(sql`select
      exists (select 1 from case_types where tenant_id = ${tenantId} and key = ${d.key} and id is distinct from ${exceptId}::uuid) as key,
      exists (select 1 from case_types where tenant_id = ${tenantId} and ${d.active && d.serviceSlug !== null}::boolean and service_slug = ${d.serviceSlug} and active and id is distinct from ${exceptId}::uuid) as service`);
  return r ?? { key: false, service: false };
}

export async function insertType(tx: Tx, tenantId: string, d: CaseTypeData): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into case_types (tenant_id, key, name, service_slug, team_id, plan_item_id, target_days, four_eyes, workflow, active)
    values (${tenantId}, ${d.key}, ${d.name}, ${d.serviceSlug}, ${d.teamId}, ${d.planItemId}, ${d.targetDays}, ${d.fourEyes}, ${JSON.stringify(d.workflow)}::jsonb, ${d.active})
    on conflict do nothing returning id`);
  return r?.id;
}

export async function updateType(tx: Tx, tenantId: string, id: string, d: CaseTypeData): Promise<boolean> {
  return (
    (await tx.exec(sql`update case_types set key = ${d.key}, name = ${d.name}, service_slug = ${d.serviceSlug}, team_id = ${d.teamId}, plan_item_id = ${d.planItemId},
      target_days = ${d.targetDays}, four_eyes = ${d.fourEyes}, workflow = ${JSON.stringify(d.workflow)}::jsonb, active = ${d.active}
    where tenant_id = ${tenantId} and id = ${id}`)) === 1
  );
}

/** Distinct states over the tenant's case types, for the status filter of the worklist. */
export async function statusOptions(db: Queryable, tenantId: string): Promise<{ key: string; label: string }[]> {
  return db.rows(sql`select distinct on (s->>'key') s->>'key' as key, s->>'label' as label
    from case_types t, jsonb_array_elements(t.workflow->'states') s where t.tenant_id = ${tenantId} order by s->>'key', s->>'label'`);
}

// Aktenplan subjects are the E-Akte's (records) table; the case type refers to one by id (see the schema's foreign key).
export async function planItems(db: Queryable, tenantId: string): Promise<{ id: string; code: string; title: string }[]> {
  return db.rows(sql`select id, code, title from records_plan_items where tenant_id = ${tenantId} order by string_to_array(code, '.')::int[]`);
}


// Teams and substitution

export async function listTeams(db: Queryable, tenantId: string): Promise<Team[]> {
  return db.rows<Team>(sql`select t.id, t.name, coalesce(json_agg(json_build_object('id', u.id, 'name', u.display_name) order by u.display_name) filter (where u.id is not null), '[]') as members
    from case_teams t left join case_team_members m on m.team_id = t.id and m.tenant_id = ${tenantId} left join users u on u.id = m.user_id and u.tenant_id = ${tenantId}
    where t.tenant_id = ${tenantId} group by t.id, t.name order by t.name`);
}

export async function teamById(db: Queryable, tenantId: string, id: string): Promise<{ id: string; name: string } | undefined> {
  return db.one(sql`select id, name from case_teams where tenant_id = ${tenantId} and id = ${id}`);
}

export async function insertTeam(tx: Tx, tenantId: string, name: string): Promise<string | undefined> {
  return (await tx.one<{ id: string }>(sql`insert into case_teams (tenant_id, name) values (${tenantId}, ${name}) on conflict do nothing returning id`))?.id;
}

export async function addTeamMember(tx: Tx, tenantId: string, teamId: string, userId: string): Promise<boolean> {
  return (await tx.exec(sql`insert into case_team_members (tenant_id, team_id, user_id)
    select ${tenantId}, t.id, u.id from case_teams t, users u where t.tenant_id = ${tenantId} and t.id = ${teamId} and u.tenant_id = ${tenantId} and u.id = ${userId} and u.kind = 'staff'
    on conflict do nothing`)) === 1;
}

export async function removeTeamMember(tx: Tx, tenantId: string, teamId: string, userId: string): Promise<boolean> {
  return (await tx.exec(sql`delete from case_team_members where tenant_id = ${tenantId} and team_id = ${teamId} and user_id = ${userId}`)) === 1;
}

export async function teamsOf(db: Queryable, tenantId: string, userId: string): Promise<string[]> {
  return (await db.rows<{ team_id: string }>(sql`select team_id from case_team_members where tenant_id = ${tenantId} and user_id = ${userId}`)).map((r) => r.team_id);
}

/** Colleagues whose substitute `substituteId` is on `day` (YYYY-MM-DD). */
export async function absentFor(db: Queryable, tenantId: string, substituteId: string, day: string): Promise<string[]> {
  return (
    await db.rows<{ user_id: string }>(sql`select distinct user_id from case_absences
      where tenant_id = ${tenantId} and substitute_id = ${substituteId} and ends_on >= ${day}::date and starts_on <= ${day}::date`)
  ).map((r) => r.user_id);
}

/** Absences that have not ended before `from` (all staff, or one person's own and those they stand in for). */
export async function listAbsences(db: Queryable, tenantId: string, from: string, userId?: string): Promise<Absence[]> {
  return db.rows<Absence>(sql`select a.id, a.user_id as "userId", u.display_name as "userName", a.substitute_id as "substituteId", s.display_name as "substituteName",
      to_char(a.starts_on, 'YYYY-MM-DD') as "startsOn", to_char(a.ends_on, 'YYYY-MM-DD') as "endsOn"
    from case_absences a join users u on u.id = a.user_id and u.tenant_id = ${tenantId} join users s on s.id = a.substitute_id and s.tenant_id = ${tenantId}
    where a.tenant_id = ${tenantId} and a.ends_on >= ${from}::date ${userId ? sql`and (a.user_id = ${userId} or a.substitute_id = ${userId})` : sql``}
    order by a.starts_on, u.display_name`);
}

export async function absenceById(db: Queryable, tenantId: string, id: string): Promise<Absence | undefined> {
  return db.one<Absence>(sql`select id, user_id as "userId", '' as "userName", substitute_id as "substituteId", '' as "substituteName",
      to_char(starts_on, 'YYYY-MM-DD') as "startsOn", to_char(ends_on, 'YYYY-MM-DD') as "endsOn" from case_absences where tenant_id = ${tenantId} and id = ${id}`);
}

export async function insertAbsence(tx: Tx, tenantId: string, a: { userId: string; substituteId: string; startsOn: string; endsOn: string }): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into case_absences (tenant_id, user_id, substitute_id, starts_on, ends_on)
    values (${tenantId}, ${a.userId}, ${a.substituteId}, ${a.startsOn}::date, ${a.endsOn}::date) returning id`);
  return r!.id;
}

export async function deleteAbsence(tx: Tx, tenantId: string, id: string): Promise<boolean> {
  return (await tx.exec(sql`delete from case_absences where tenant_id = ${tenantId} and id = ${id}`)) === 1;
}

/** Staff of the tenant who work on cases (assignment, substitutes, team members). */
export async function caseWorkers(db: Queryable, tenantId: string): Promise<{ id: string; name: string; roles: StaffRole[] }[]> {
  return db.rows(sql`select id, display_name as name, roles from users
    where tenant_id = ${tenantId} and kind = 'staff' and not disabled and roles && array['clerk', 'lead', 'admin']::text[] order by display_name, email`);
}

// Cases

const caseCols = sql`id, number, year, seq, type_id as "typeId", file_id as "fileId", team_id as "teamId", subject, party, citizen_user_id as "citizenUserId",
  status, status_kind as "statusKind", assignee_id as "assigneeId", source, source_ref as "sourceRef", opened_at as "openedAt", due_at as "dueAt",
  paused_since as "pausedSince", closed_at as "closedAt", proposal, proposed_by as "proposedBy", version, updated_at as "updatedAt"`;

/** Next running number of the tenant's year; an atomic upsert, so two transactions never get the same one. */
export async function nextCaseSeq(tx: Tx, tenantId: string, year: number): Promise<number> {
  const r = await tx.one<{ last: number }>(sql`insert into case_counters (tenant_id, year, last) values (${tenantId}, ${year}, 1)
    on conflict (tenant_id, year) do update set last = case_counters.last + 1 returning last`);
  return r!.last;
}

/** Inserts a case; with a source record that already has its case, nothing happens (undefined). */
export async function insertCase(
  tx: Tx,
  c: { tenantId: string; number: string; year: number; seq: number; typeId: string; teamId: string | null; subject: string; party: string; citizenUserId: string | null; status: string; source: CaseSource; sourceRef: string | null; openedAt: Date; dueAt: Date },
): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into cases (tenant_id, number, year, seq, type_id, team_id, subject, party, citizen_user_id, status, status_kind, source, source_ref, opened_at, due_at, updated_at)
    values (${c.tenantId}, ${c.number}, ${c.year}, ${c.seq}, ${c.typeId}, ${c.teamId}, ${c.subject}, ${c.party}, ${c.citizenUserId}, ${c.status}, 'open', ${c.source}, ${c.sourceRef}, ${c.openedAt}, ${c.dueAt}, ${c.openedAt})
    on conflict (tenant_id, source, source_ref) do nothing returning id`);
  return r?.id;
}

/** Links the case to its file and gives it the file's Aktenzeichen. */
export async function setCaseFile(tx: Tx, tenantId: string, id: string, fileId: string, number: string): Promise<void> {
  await tx.exec(sql`update cases set file_id = ${fileId}, number = ${number} where tenant_id = ${tenantId} and id = ${id}`);
}

export async function caseById(db: Queryable, tenantId: string, id: string): Promise<Case | undefined> {
  return db.one<Case>(sql`select ${caseCols} from cases where tenant_id = ${tenantId} and id = ${id}`);
}

export async function caseBySource(db: Queryable, tenantId: string, source: CaseSource, ref: string): Promise<Case | undefined> {
  return db.one<Case>(sql`select ${caseCols} from cases where tenant_id = ${tenantId} and source = ${source} and source_ref = ${ref}`);
}

export interface CaseChanges {
  status?: string;
  statusKind?: Case['statusKind'];
  dueAt?: Date;
  pausedSince?: Date | null;
  closedAt?: Date | null;
  assigneeId?: string | null;
  proposal?: Proposal | null;
  proposedBy?: string | null;
}

/** Saves changes only from the version the actor saw (optimistic locking); false = someone was faster. */
export async function updateCase(tx: Tx, tenantId: string, id: string, version: number, ch: CaseChanges, now: Date): Promise<boolean> {
  const sets: ReturnType<typeof sql>[] = [sql`version = version + 1`, sql`updated_at = ${now}`];
  if (ch.status !== undefined) sets.push(sql`status = ${ch.status}`);
  if (ch.statusKind !== undefined) sets.push(sql`status_kind = ${ch.statusKind}`);
  if (ch.dueAt !== undefined) sets.push(sql`due_at = ${ch.dueAt}`);
  if (ch.pausedSince !== undefined) sets.push(sql`paused_since = ${ch.pausedSince}`);
  if (ch.closedAt !== undefined) sets.push(sql`closed_at = ${ch.closedAt}`);
  if (ch.assigneeId !== undefined) sets.push(sql`assignee_id = ${ch.assigneeId}`);
  if (ch.proposal !== undefined) sets.push(sql`proposal = ${ch.proposal === null ? null : JSON.stringify(ch.proposal)}::jsonb`);
  if (ch.proposedBy !== undefined) sets.push(sql`proposed_by = ${ch.proposedBy}`);
  return (await tx.exec(sql`update cases set ${sql.join(sets)} where tenant_id = ${tenantId} and id = ${id} and version = ${version}`)) === 1;
}

export async function insertEvent(tx: Tx, e: { tenantId: string; caseId: string; at: Date; actorId: string | null; kind: string; fromStatus?: string | null; toStatus?: string | null; note?: string }): Promise<void> {
  await tx.exec(sql`insert into case_events (tenant_id, case_id, at, actor_id, kind, from_status, to_status, note)
    values (${e.tenantId}, ${e.caseId}, ${e.at}, ${e.actorId}, ${e.kind}, ${e.fromStatus ?? null}, ${e.toStatus ?? null}, ${e.note ?? ''})`);
}

export async function eventsOfCase(db: Queryable, tenantId: string, caseId: string): Promise<CaseEvent[]> {
  return db.rows<CaseEvent>(sql`select e.at, e.actor_id as "actorId", u.display_name as "actorName", e.kind, e.from_status as "fromStatus", e.to_status as "toStatus", e.note
    from case_events e left join users u on u.id = e.actor_id and u.tenant_id = ${tenantId}
    where e.tenant_id = ${tenantId} and e.case_id = ${caseId} order by e.at, e.id`);
}

/** The status a case had before it entered `status` the last time (where a Rückfrage came from). */
export async function statusBefore(db: Queryable, tenantId: string, caseId: string, status: string): Promise<string | undefined> {
  const r = await db.one<{ from_status: string }>(sql`select from_status from case_events
    where tenant_id = ${tenantId} and case_id = ${caseId} and to_status = ${status} and from_status is not null and from_status <> ${status} order by at desc, id desc limit 1`);
  return r?.from_status;
}

export async function userName(db: Queryable, tenantId: string, id: string): Promise<string | undefined> {
  return (await db.one<{ name: string }>(sql`select display_name as name from users where tenant_id = ${tenantId} and id = ${id}`))?.name;
}
