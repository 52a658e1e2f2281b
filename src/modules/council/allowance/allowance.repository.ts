// SQL of the Sitzungsgeld: rule versions, per-person settings, billing runs with statements and lines, and the
// read models the billing run needs (memberships with body kinds, attendance counts). Every statement is tenant-scoped.
import { sql, type Queryable, type Tx } from '../../../kernel/index.ts';
import type { BillLine, LineKind, LostEarningsClaim } from './engine.ts';
import type { AllowanceConfig, MeetingKind, RuleVersion } from './rules.ts';

const day = (col: string) => sql.raw(`to_char(${col}, 'YYYY-MM-DD')`);

// ---------------------------------------------------------------------------------------------------------------
// Rule versions

export interface StoredVersion {
  id: string;
  name: string;
  validFrom: string;
  validTo: string | null;
  config: AllowanceConfig & { source?: string };
  createdAt: Date;
  modifiedAt: Date;
}

const versionCols = sql`id, name, ${day('valid_from')} as "validFrom", ${day('valid_to')} as "validTo", config, created_at as "createdAt", modified_at as "modifiedAt"`;

/** The engine's view of a stored version. */
export function toRuleVersion(v: StoredVersion): RuleVersion {
  return { ...v.config, name: v.name, validFrom: v.validFrom, validTo: v.validTo };
}

export async function listVersions(db: Queryable, tenantId: string): Promise<StoredVersion[]> {
  return db.rows<StoredVersion>(sql`select ${versionCols} from council_allowance_versions where tenant_id = ${tenantId} order by valid_from, id`);
}

/** Serialises rule changes and billing runs of one tenant across app nodes (validity checks read all versions). */
export async function lockAllowance(tx: Tx, tenantId: string): Promise<void> {
  await tx.exec(sql`select pg_advisory_xact_lock(hashtext(${`council-allowance:${tenantId}`}))`);
}

export async function insertVersion(tx: Tx, tenantId: string, v: RuleVersion, actorId: string | null, now: Date): Promise<string> {
  const { name, validFrom, validTo, ...config } = v;
  const r = await tx.one<{ id: string }>(sql`insert into council_allowance_versions (tenant_id, name, valid_from, valid_to, config, created_by, created_at, modified_at)
    values (${tenantId}, ${name}, ${validFrom}, ${validTo ?? null}, ${JSON.stringify(config)}::jsonb, ${actorId}, ${now}, ${now}) returning id`);
  return r!.id;
}

export async function setVersionValidTo(tx: Tx, tenantId: string, id: string, validTo: string, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_allowance_versions set valid_to = ${validTo}, modified_at = ${now} where tenant_id = ${tenantId} and id = ${id}`)) === 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Per-person settings

export interface PersonSettings {
  personId: string;
  lostEarnings: LostEarningsClaim;
  hourlyRateCents: number | null;
  paperless: boolean;
  distanceKm: number | null;
}

const settingsCols = sql`person_id as "personId", lost_earnings as "lostEarnings", hourly_rate_cents as "hourlyRateCents", paperless, distance_km::float8 as "distanceKm"`;

export async function listPersonSettings(db: Queryable, tenantId: string): Promise<PersonSettings[]> {
  return db.rows<PersonSettings>(sql`select ${settingsCols} from council_allowance_person_settings where tenant_id = ${tenantId}`);
}

export async function personSettingsOf(db: Queryable, tenantId: string, personId: string): Promise<PersonSettings | undefined> {
  return db.one<PersonSettings>(sql`select ${settingsCols} from council_allowance_person_settings where tenant_id = ${tenantId} and person_id = ${personId}`);
}

export async function upsertPersonSettings(tx: Tx, tenantId: string, s: PersonSettings, now: Date): Promise<void> {
  await tx.exec(sql`insert into council_allowance_person_settings (tenant_id, person_id, lost_earnings, hourly_rate_cents, paperless, distance_km, modified_at)
    values (${tenantId}, ${s.personId}, ${s.lostEarnings}, ${s.hourlyRateCents}, ${s.paperless}, ${s.distanceKm}, ${now})
    on conflict (tenant_id, person_id) do update set lost_earnings = excluded.lost_earnings, hourly_rate_cents = excluded.hourly_rate_cents,
      paperless = excluded.paperless, distance_km = excluded.distance_km, modified_at = excluded.modified_at`);
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs of a billing run

export interface BillingMembership {
  personId: string;
  bodyId: string;
  bodyKind: string;
  role: string;
  startDate: string;
  endDate: string | null;
}

/** Memberships (not deleted, of persons and bodies not deleted) that overlap the period [from, to] of calendar days. */
export async function membershipsForBilling(db: Queryable, tenantId: string, o: { from: string; to: string }): Promise<BillingMembership[]> {
  return db.rows<BillingMembership>(sql`select ms.person_id as "personId", ms.body_id as "bodyId", b.kind as "bodyKind", ms.role,
      ${day('ms.start_date')} as "startDate", ${day('ms.end_date')} as "endDate"
    from council_memberships ms
    join council_bodies b on b.tenant_id = ms.tenant_id and b.id = ms.body_id and b.deleted_at is null
    join council_persons p on p.tenant_id = ms.tenant_id and p.id = ms.person_id and p.deleted_at is null
    where ms.tenant_id = ${tenantId} and ms.deleted_at is null and ms.start_date <= ${o.to} and (ms.end_date is null or ms.end_date >= ${o.from})
    order by ms.person_id, ms.start_date, ms.id`);
}

/** Present attendances at held meetings per person and Berlin month ('YYYY-MM'), for the pause rule. */
export async function attendedPerMonth(db: Queryable, tenantId: string, o: { from: Date; to: Date }): Promise<{ personId: string; month: string; n: number }[]> {
  return db.rows(sql`select a.person_id as "personId", to_char(m.starts_at at time zone 'Europe/Berlin', 'YYYY-MM') as month, count(*)::int as n
    from council_attendance a
    join council_meetings m on m.tenant_id = a.tenant_id and m.id = a.meeting_id and m.deleted_at is null and m.state = 'held'
    where a.tenant_id = ${tenantId} and a.status = 'present' and m.starts_at >= ${o.from} and m.starts_at < ${o.to}
    group by 1, 2`);
}

/** Held meetings per body and Berlin month, so a month without any meeting of a member's bodies counts as neutral. */
export async function heldPerBodyMonth(db: Queryable, tenantId: string, o: { from: Date; to: Date }): Promise<{ bodyId: string; month: string; n: number }[]> {
  return db.rows(sql`select body_id as "bodyId", to_char(starts_at at time zone 'Europe/Berlin', 'YYYY-MM') as month, count(*)::int as n
    from council_meetings where tenant_id = ${tenantId} and deleted_at is null and state = 'held' and starts_at >= ${o.from} and starts_at < ${o.to}
    group by 1, 2`);
}

/** Held meetings of the representative body (council, Amtsausschuss) in a period: the Fraktion cap "as many as council meetings". */
export async function councilMeetingsHeld(db: Queryable, tenantId: string, o: { from: Date; to: Date }): Promise<number> {
  const r = await db.one<{ n: number }>(sql`select count(*)::int as n from council_meetings m
    join council_bodies b on b.tenant_id = m.tenant_id and b.id = m.body_id
    where m.tenant_id = ${tenantId} and m.deleted_at is null and m.state = 'held' and b.kind in ('council', 'amtsausschuss')
      and m.starts_at >= ${o.from} and m.starts_at < ${o.to}`);
  return r?.n ?? 0;
}

/** Paid Fraktion meetings per person in the runs of earlier months [fromMonth, beforeMonth), for the yearly Fraktion cap. */
export async function fraktionPaidPerPerson(db: Queryable, tenantId: string, o: { fromMonth: string; beforeMonth: string }): Promise<{ personId: string; n: number }[]> {
  return db.rows(sql`select s.person_id as "personId", count(*)::int as n
    from council_allowance_lines l
    join council_allowance_statements s on s.tenant_id = l.tenant_id and s.id = l.statement_id
    join council_allowance_runs r on r.tenant_id = s.tenant_id and r.id = s.run_id
    where l.tenant_id = ${tenantId} and l.kind = 'meeting' and l.body_kind = 'fraktion' and l.amount_cents > 0
      and r.month >= ${o.fromMonth} and r.month < ${o.beforeMonth}
    group by 1`);
}

// ---------------------------------------------------------------------------------------------------------------
// Runs, statements, lines

export type RunState = 'draft' | 'finalised';

export interface Run {
  id: string;
  month: string;
  state: RunState;
  revision: number;
  totalCents: number;
  ruleVersions: string;
  computedAt: Date;
  finalisedAt: Date | null;
  modifiedAt: Date;
  statements: number;
}

const runCols = sql`r.id, r.month, r.state, r.revision, r.total_cents as "totalCents", r.rule_versions as "ruleVersions", r.computed_at as "computedAt",
  r.finalised_at as "finalisedAt", r.modified_at as "modifiedAt",
  (select count(*)::int from council_allowance_statements s where s.tenant_id = r.tenant_id and s.run_id = r.id) as statements`;

export async function listRuns(db: Queryable, tenantId: string, o: { limit?: number } = {}): Promise<Run[]> {
  return db.rows<Run>(sql`select ${runCols} from council_allowance_runs r where r.tenant_id = ${tenantId} order by r.month desc limit ${o.limit ?? 60}`);
}

export async function runById(db: Queryable, tenantId: string, id: string): Promise<Run | undefined> {
  return db.one<Run>(sql`select ${runCols} from council_allowance_runs r where r.tenant_id = ${tenantId} and r.id = ${id}`);
}

/** The month's run, created as an empty draft if there is none, locked for the rest of the transaction. */
export async function lockRunForMonth(tx: Tx, tenantId: string, month: string, now: Date): Promise<{ run: Run; created: boolean }> {
  const inserted = await tx.one<{ id: string }>(sql`insert into council_allowance_runs (tenant_id, month, computed_at, created_at, modified_at)
    values (${tenantId}, ${month}, ${now}, ${now}, ${now}) on conflict (tenant_id, month) do nothing returning id`);
  await tx.exec(sql`select 1 from council_allowance_runs where tenant_id = ${tenantId} and month = ${month} for update`);
  const run = await tx.one<Run>(sql`select ${runCols} from council_allowance_runs r where r.tenant_id = ${tenantId} and r.month = ${month}`);
  return { run: run!, created: !!inserted };
}

export async function lockRun(tx: Tx, tenantId: string, id: string): Promise<Run | undefined> {
  await tx.exec(sql`select 1 from council_allowance_runs where tenant_id = ${tenantId} and id = ${id} for update`);
  return tx.one<Run>(sql`select ${runCols} from council_allowance_runs r where r.tenant_id = ${tenantId} and r.id = ${id}`);
}

/** A draft run's statements go away before it is recomputed (the lines follow by cascade). */
export async function deleteStatementsOfDraft(tx: Tx, tenantId: string, runId: string): Promise<number> {
  return tx.exec(sql`delete from council_allowance_statements s using council_allowance_runs r
    where s.tenant_id = ${tenantId} and s.run_id = ${runId} and r.tenant_id = s.tenant_id and r.id = s.run_id and r.state = 'draft'`);
}

export interface LineData extends BillLine {
  meetingName?: string | undefined;
  bodyKind?: MeetingKind | undefined;
}

export async function insertStatement(
  tx: Tx,
  tenantId: string,
  d: { runId: string; personId: string; familyName: string; givenName: string; personnelNumber: string | null; totalCents: number; ruleVersion: string; lines: readonly LineData[] },
  now: Date,
): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into council_allowance_statements (tenant_id, run_id, person_id, family_name, given_name, personnel_number, total_cents, rule_version, created_at)
    values (${tenantId}, ${d.runId}, ${d.personId}, ${d.familyName}, ${d.givenName}, ${d.personnelNumber}, ${d.totalCents}, ${d.ruleVersion}, ${now}) returning id`);
  const id = r!.id;
  let position = 0;
  for (const l of d.lines) {
    await tx.exec(sql`insert into council_allowance_lines (tenant_id, statement_id, position, kind, day, meeting_id, meeting_name, body_kind, role, text, quantity, unit, unit_cents, amount_cents, note, rule_version)
      values (${tenantId}, ${id}, ${position++}, ${l.kind}, ${l.date ?? null}, ${l.meetingId ?? null}, ${l.meetingName ?? null}, ${l.bodyKind ?? null}, ${l.role ?? null}, ${l.text},
        ${l.quantity ?? null}, ${l.unit ?? null}, ${l.unitCents ?? null}, ${l.amountCents}, ${l.note ?? null}, ${l.ruleVersion ?? null})`);
  }
  return id;
}

export async function setRunComputed(tx: Tx, tenantId: string, id: string, d: { totalCents: number; ruleVersions: string; actorId: string | null; bumpRevision: boolean }, now: Date): Promise<void> {
  await tx.exec(sql`update council_allowance_runs set total_cents = ${d.totalCents}, rule_versions = ${d.ruleVersions}, computed_by = ${d.actorId}, computed_at = ${now},
      revision = revision + ${d.bumpRevision ? 1 : 0}, modified_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and state = 'draft'`);
}

export async function setRunFinalised(tx: Tx, tenantId: string, id: string, actorId: string | null, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update council_allowance_runs set state = 'finalised', finalised_by = ${actorId}, finalised_at = ${now}, modified_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and state = 'draft'`)) === 1;
}

/** Months from `fromMonth` on whose runs are finalised: rule changes must not rewrite them. */
export async function finalisedMonthsFrom(db: Queryable, tenantId: string, fromMonth: string): Promise<string[]> {
  return (await db.rows<{ month: string }>(sql`select month from council_allowance_runs where tenant_id = ${tenantId} and state = 'finalised' and month >= ${fromMonth} order by month`)).map((r) => r.month);
}

export interface Statement {
  id: string;
  runId: string;
  personId: string;
  familyName: string;
  givenName: string;
  personnelNumber: string | null;
  totalCents: number;
  ruleVersion: string;
  mailboxId: string | null;
}

export interface StoredLine extends LineData {
  statementId: string;
}

const statementCols = sql`id, run_id as "runId", person_id as "personId", family_name as "familyName", given_name as "givenName", personnel_number as "personnelNumber",
  total_cents as "totalCents", rule_version as "ruleVersion", mailbox_id as "mailboxId"`;

export async function statementsOfRun(db: Queryable, tenantId: string, runId: string): Promise<Statement[]> {
  return db.rows<Statement>(sql`select ${statementCols} from council_allowance_statements where tenant_id = ${tenantId} and run_id = ${runId} order by family_name, given_name, id`);
}

export async function statementById(db: Queryable, tenantId: string, id: string): Promise<Statement | undefined> {
  return db.one<Statement>(sql`select ${statementCols} from council_allowance_statements where tenant_id = ${tenantId} and id = ${id}`);
}

/** The lines of some statements in their order; fields the engine leaves out stay absent (not null). */
export async function linesOf(db: Queryable, tenantId: string, statementIds: readonly string[]): Promise<StoredLine[]> {
  if (statementIds.length === 0) return [];
  const rows = await db.rows<Record<string, unknown>>(sql`select statement_id as "statementId", kind, ${day('day')} as date, meeting_id as "meetingId", meeting_name as "meetingName",
      body_kind as "bodyKind", role, text, quantity::float8 as quantity, unit, unit_cents as "unitCents", amount_cents as "amountCents", note, rule_version as "ruleVersion"
    from council_allowance_lines where tenant_id = ${tenantId} and statement_id = any(${[...statementIds]}::uuid[]) order by statement_id, position`);
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)) as unknown as StoredLine);
}

export async function setStatementMailbox(tx: Tx, tenantId: string, id: string, mailboxId: string): Promise<void> {
  await tx.exec(sql`update council_allowance_statements set mailbox_id = ${mailboxId} where tenant_id = ${tenantId} and id = ${id}`);
}

/** A member's delivered statements of finalised runs, newest month first (their own Sitzungsgeld page). */
export async function deliveredStatementsOfPerson(db: Queryable, tenantId: string, personId: string): Promise<(Statement & { month: string; storedFileId: string | null })[]> {
  return db.rows(sql`select s.id, s.run_id as "runId", s.person_id as "personId", s.family_name as "familyName", s.given_name as "givenName", s.personnel_number as "personnelNumber",
      s.total_cents as "totalCents", s.rule_version as "ruleVersion", s.mailbox_id as "mailboxId", r.month, mb.stored_file_id as "storedFileId"
    from council_allowance_statements s
    join council_allowance_runs r on r.tenant_id = s.tenant_id and r.id = s.run_id and r.state = 'finalised'
    join council_mailbox mb on mb.tenant_id = s.tenant_id and mb.id = s.mailbox_id
    where s.tenant_id = ${tenantId} and s.person_id = ${personId}
    order by r.month desc`);
}

export type { LineKind };
