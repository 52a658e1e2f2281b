// The monthly Sitzungsgeld run: bills every person with a membership or an attendance in the month with the engine
// (each day by the rule version in force) and stores the run with one statement per person and its itemised lines.
// A draft run is recomputed in place (its statements are replaced, `revision` goes up); a finalised run is refused.
import { audit, type Tx } from '../../../../kernel/index.ts';
import { attendanceForBilling } from '../../attendance.repository.ts';
import { listPersons, type Person } from '../../repository.ts';
import {
  attendedPerMonth,
  councilMeetingsHeld,
  deleteStatementsOfDraft,
  fraktionPaidPerPerson,
  heldPerBodyMonth,
  insertStatement,
  listPersonSettings,
  listVersions,
  lockAllowance,
  lockRunForMonth,
  membershipsForBilling,
  setRunComputed,
  toRuleVersion,
  type BillingMembership,
  type LineData,
} from '../allowance.repository.ts';
import { billMonth, type Attendance, type Bill, type MemberRole } from '../engine.ts';
import { addDays, type MeetingKind, type RuleVersion } from '../rules.ts';

// ---------------------------------------------------------------------------------------------------------------
// Europe/Berlin calendar helpers (months are Berlin months; meeting times are Berlin wall-clock times)

const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
const timeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The Berlin calendar day of an instant. */
export function berlinDay(d: Date): string {
  return dayFmt.format(d);
}

/** The Berlin wall-clock time of an instant, 'HH:MM'. */
export function berlinHm(d: Date): string {
  return timeFmt.format(d);
}

/** The instant a Berlin calendar day begins (23:00 or 22:00 UTC the day before). */
export function berlinMidnight(day: string): Date {
  const utc = Date.parse(`${day}T00:00:00Z`);
  for (const h of [1, 2, 0]) {
    const d = new Date(utc - h * 3600_000);
    if (berlinDay(d) === day && berlinHm(d) === '00:00') return d;
  }
  throw new RangeError(`no Berlin midnight for ${day}`);
}

/** 'YYYY-MM' shifted by n months. */
export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  return `${yy}-${String(((m % 12) + 12) % 12 + 1).padStart(2, '0')}`;
}

/** The Berlin month of an instant. */
export function berlinMonth(d: Date): string {
  return berlinDay(d).slice(0, 7);
}

/** The last calendar day of a month. */
export function monthEnd(month: string): string {
  return addDays(`${addMonths(month, 1)}-01`, -1);
}

// ---------------------------------------------------------------------------------------------------------------
// Mapping council data to the engine

/** The engine's meeting kind of a body kind; the Amtsausschuss is the representative body, "other" bodies are paid like working groups. */
export function meetingKindOf(bodyKind: string): MeetingKind {
  switch (bodyKind) {
    case 'council':
    case 'amtsausschuss':
      return 'council';
    case 'committee':
    case 'fraktion':
    case 'working_group':
    case 'ortsbeirat':
      return bodyKind;
    default:
      return 'working_group';
  }
}

/**
 * The allowance roles of a person's memberships: the monthly member amount comes from a seat in the representative
 * body (Gemeindevertretung, Amtsausschuss), chair supplements from chairing any body (the rule decides which count).
 * Deputy-chair supplements are left out when the rules pay them by acting days (`deputyChairMinDays`): an elected
 * deputy is not acting all month, and acting periods are not recorded yet.
 */
export function rolesOf(memberships: readonly BillingMembership[], o: { deputyByActingDays: boolean }): MemberRole[] {
  const out: MemberRole[] = [];
  for (const ms of memberships) {
    const bodyKind = meetingKindOf(ms.bodyKind);
    const span = { bodyId: ms.bodyId, bodyKind, from: ms.startDate, to: ms.endDate };
    const representative = ms.bodyKind === 'council' || ms.bodyKind === 'amtsausschuss';
    if (representative && (ms.role === 'member' || ms.role === 'chair' || ms.role === 'deputy_chair')) out.push({ role: 'member', ...span });
    if (ms.role === 'chair') out.push({ role: ms.bodyKind === 'fraktion' ? 'fraktion_chair' : 'chair', ...span });
    if (ms.role === 'fraktion_chair') out.push({ role: 'fraktion_chair', ...span });
    if (ms.role === 'deputy_chair' && ms.bodyKind !== 'fraktion' && !o.deputyByActingDays) out.push({ role: 'deputy_chair', ...span });
  }
  return out;
}

/** The versions that govern at least one day of the month. */
export function versionsInMonth(versions: readonly RuleVersion[], month: string): RuleVersion[] {
  const from = `${month}-01`;
  const to = monthEnd(month);
  return versions.filter((v) => v.validFrom <= to && (!v.validTo || v.validTo >= from));
}

export type RunBillingResult =
  | { ok: true; runId: string; created: boolean; statements: number; totalCents: number }
  | { ok: false; reason: 'invalid_month' | 'no_rules' }
  | { ok: false; reason: 'finalised'; runId: string };

type Row = Awaited<ReturnType<typeof attendanceForBilling>>[number];

function attendanceOf(a: Row): Attendance & { meetingName: string } {
  return {
    meetingId: a.meetingId,
    meetingName: a.meetingName,
    date: berlinDay(a.startsAt),
    start: berlinHm(a.startsAt),
    end: berlinHm(a.endsAt),
    bodyKind: meetingKindOf(a.bodyKind),
    bodyName: a.bodyName,
    chaired: a.chaired,
    ...(a.arrivedAt ? { arrived: berlinHm(a.arrivedAt) } : {}),
    ...(a.leftAt ? { left: berlinHm(a.leftAt) } : {}),
    ...(a.travelKm !== null ? { km: a.travelKm } : {}),
  };
}

/** How many months back the pause rule looks (its maximum setting). */
const PRIOR_MONTHS = 24;

/**
 * Computes (or recomputes) the month's draft run in the caller's transaction: one statement per person with a
 * membership or a present attendance at a held meeting in that Berlin month, lines exactly as the engine returns them.
 */
export async function runBilling(tx: Tx, o: { tenantId: string; actorId: string; now: Date; month: string }): Promise<RunBillingResult> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(o.month)) return { ok: false, reason: 'invalid_month' };
  const { tenantId, month } = o;
  await lockAllowance(tx, tenantId);
  const versions = (await listVersions(tx, tenantId)).map(toRuleVersion);
  const inMonth = versionsInMonth(versions, month);
  if (inMonth.length === 0) return { ok: false, reason: 'no_rules' };
  const { run, created } = await lockRunForMonth(tx, tenantId, month, o.now);
  if (run.state === 'finalised') return { ok: false, reason: 'finalised', runId: run.id };

  const from = berlinMidnight(`${month}-01`);
  const to = berlinMidnight(`${addMonths(month, 1)}-01`);
  const year = month.slice(0, 4);
  const [memberships, attendance, persons, settings, attended, held, councilMeetings, fraktionPaid] = await Promise.all([
    membershipsForBilling(tx, tenantId, { from: `${month}-01`, to: monthEnd(month) }),
    attendanceForBilling(tx, tenantId, { from, to }),
    listPersons(tx, tenantId),
    listPersonSettings(tx, tenantId),
    attendedPerMonth(tx, tenantId, { from: berlinMidnight(`${addMonths(month, -PRIOR_MONTHS)}-01`), to: from }),
    heldPerBodyMonth(tx, tenantId, { from: berlinMidnight(`${addMonths(month, -PRIOR_MONTHS)}-01`), to }),
    councilMeetingsHeld(tx, tenantId, { from: berlinMidnight(`${year}-01-01`), to }),
    fraktionPaidPerPerson(tx, tenantId, { fromMonth: `${year}-01`, beforeMonth: month }),
  ]);

  const byPerson = <T extends { personId: string }>(rows: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.personId, [...(m.get(r.personId) ?? []), r]);
    return m;
  };
  const membershipsOf = byPerson(memberships);
  const attendanceOfPerson = byPerson(attendance);
  const settingsOf = new Map(settings.map((s) => [s.personId, s]));
  const attendedOf = new Map(attended.map((r) => [`${r.personId}|${r.month}`, r.n]));
  const heldOf = new Map(held.map((r) => [`${r.bodyId}|${r.month}`, r.n]));
  const fraktionPaidOf = new Map(fraktionPaid.map((r) => [r.personId, r.n]));
  const deputyByActingDays = inMonth.some((v) => v.deputyChairMinDays !== undefined);
  const priorMonths = Array.from({ length: PRIOR_MONTHS }, (_, i) => addMonths(month, i - PRIOR_MONTHS));

  const bills: { person: Person; bill: Bill; lines: LineData[] }[] = [];
  for (const person of persons) {
    const ms = membershipsOf.get(person.id) ?? [];
    const rows = attendanceOfPerson.get(person.id) ?? [];
    if (ms.length === 0 && rows.length === 0) continue;
    const s = settingsOf.get(person.id);
    const bodies = [...new Set(ms.map((m) => m.bodyId))];
    const atts = rows.map(attendanceOf);
    const bill = billMonth({
      month,
      versions,
      member: {
        personId: person.id,
        name: `${person.givenName} ${person.familyName}`,
        roles: rolesOf(ms, { deputyByActingDays }),
        lostEarnings: s?.lostEarnings ?? 'none',
        ...(s?.hourlyRateCents !== null && s?.hourlyRateCents !== undefined ? { hourlyRateCents: s.hourlyRateCents } : {}),
        ...(s?.paperless ? { paperless: true } : {}),
        ...(s?.distanceKm !== null && s?.distanceKm !== undefined ? { distanceKm: s.distanceKm } : {}),
      },
      attendances: atts,
      // A month without any held meeting of the person's bodies counts neither as absent nor as present.
      priorMonthsAttendance: priorMonths.map((pm) => (bodies.some((b) => heldOf.has(`${b}|${pm}`)) || attendedOf.has(`${person.id}|${pm}`) ? (attendedOf.get(`${person.id}|${pm}`) ?? 0) : null)),
      // A summer break (no held meeting of the person's bodies this month) does not lengthen an absence.
      noMeetingsThisMonth: !bodies.some((b) => heldOf.has(`${b}|${month}`)),
      countsThisYear: { fraktionPaid: fraktionPaidOf.get(person.id) ?? 0, councilMeetings },
    });
    if (bill.lines.length === 0) continue;
    const meetingOf = new Map(atts.map((a) => [a.meetingId, a]));
    const lines: LineData[] = bill.lines.map((l) => {
      const a = l.meetingId ? meetingOf.get(l.meetingId) : undefined;
      return a ? { ...l, meetingName: a.meetingName, bodyKind: a.bodyKind } : { ...l };
    });
    bills.push({ person, bill, lines });
  }

  await deleteStatementsOfDraft(tx, tenantId, run.id);
  let total = 0;
  for (const { person, bill, lines } of bills) {
    total += bill.totalCents;
    await insertStatement(
      tx,
      tenantId,
      { runId: run.id, personId: person.id, familyName: person.familyName, givenName: person.givenName, personnelNumber: person.personnelNumber, totalCents: bill.totalCents, ruleVersion: bill.ruleVersion, lines },
      o.now,
    );
  }
  await setRunComputed(tx, tenantId, run.id, { totalCents: total, ruleVersions: inMonth.map((v) => v.name).join(' / '), actorId: o.actorId, bumpRevision: !created }, o.now);
  await audit(
    tx,
    {
      tenantId,
      actorId: o.actorId,
      actorKind: 'staff',
      action: created ? 'council.allowance_run_computed' : 'council.allowance_run_recomputed',
      objectType: 'council_allowance_run',
      objectId: run.id,
      details: { month, statements: bills.length, totalCents: total, revision: created ? run.revision : run.revision + 1 },
    },
    o.now,
  );
  return { ok: true, runId: run.id, created, statements: bills.length, totalCents: total };
}
