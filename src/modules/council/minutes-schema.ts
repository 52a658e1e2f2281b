// Form parsing and validation of the minutes pages (attendance, exclusions, votes, approval); limits shared by the
// pages and the server live here. Every error is German, names the person or field, and nothing is saved on errors.
import { isUuid, str, type FieldErrors } from '../../kernel/index.ts';
import type { AttendanceData, AttendanceStatus } from './attendance.repository.ts';

export const MINUTES_LIMITS = { km: 2000, reason: 500, resolution: 20_000, note: 300, votes: 500 } as const;

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const checked = (body: Record<string, unknown>, name: string) => typeof body[name] === 'string' && body[name] !== '';

/** Values of a multi-valued form field (checkbox group). */
export function many(body: Record<string, unknown>, name: string, max = 200): string[] {
  const v = body[name];
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return list.filter((x): x is string => typeof x === 'string').slice(0, max);
}

// ---------------------------------------------------------------------------------------------------------------
// Berlin wall-clock time

const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function berlinOffsetMinutes(d: Date): number {
  const p: Record<string, number> = {};
  for (const x of fmt.formatToParts(d)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return Math.round((Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - d.getTime()) / 60_000);
}

/** The instant of a Berlin wall-clock time on a day (YYYY-MM-DD, HH:MM): arrival and departure are entered so. */
export function berlinInstant(day: string, time: string): Date {
  const guess = new Date(`${day}T${time}:00Z`);
  let t = guess.getTime() - berlinOffsetMinutes(guess) * 60_000;
  t = guess.getTime() - berlinOffsetMinutes(new Date(t)) * 60_000;
  return new Date(t);
}

// ---------------------------------------------------------------------------------------------------------------
// Attendance

export interface AttendanceRowForm {
  personId: string;
  status: string;
  arrived: string;
  left: string;
  from: string;
  to: string;
  chaired: boolean;
  km: string;
  forPerson: string;
}

export interface AttendanceForm {
  properlyInvited: boolean;
  rows: AttendanceRowForm[];
}

export interface RollPerson {
  personId: string;
  name: string;
}

export interface AttendanceContext {
  meetingId: string;
  /** the meeting's Berlin calendar day */
  day: string;
  /** agenda positions with their numbers, in order */
  items: readonly { position: number; number: string }[];
  /** members of the body on the meeting day (not deputies) */
  members: readonly (RollPerson & { seat: boolean })[];
  /** persons with a deputy membership (or deputy_of) in the body on the meeting day */
  deputies: readonly (RollPerson & { deputyOf: string | null })[];
}

export const ATTENDANCE_STATUS_LABELS: Record<AttendanceStatus, string> = { present: 'anwesend', excused: 'entschuldigt', absent: 'fehlt (unentschuldigt)' };

/** The form's fields of one person, e.g. `status-<uuid>`. */
export const fieldName = (name: string, personId: string) => `${name}-${personId}`;

function rowFromBody(body: Record<string, unknown>, personId: string): AttendanceRowForm {
  const f = (n: string, max: number) => str(body, fieldName(n, personId), max).trim();
  return {
    personId,
    status: f('status', 20),
    arrived: f('ankunft', 10),
    left: f('abgang', 10),
    from: f('von', 10),
    to: f('bis', 10),
    chaired: checked(body, fieldName('vorsitz', personId)),
    km: f('km', 10),
    forPerson: f('vertritt', 40),
  };
}

/** The range of agenda positions a row covers, for overlap checks ([from, to], to = ∞ when open). */
const rangeOf = (d: Pick<AttendanceData, 'fromPosition' | 'toPosition'>) => [d.fromPosition, d.toPosition ?? Number.POSITIVE_INFINITY] as const;
const overlaps = (a: readonly [number, number], b: readonly [number, number]) => a[0] <= b[1] && b[0] <= a[1];

/**
 * Reads and checks the attendance form. `data` holds one row per member and per deputy who sat in (deputies not
 * sitting in are left out: `absentDeputies` lists them, so an earlier record can be corrected to "not present").
 */
export function parseAttendanceForm(
  body: Record<string, unknown>,
  ctx: AttendanceContext,
): { form: AttendanceForm; errors: FieldErrors; data?: { properlyInvited: boolean; rows: AttendanceData[]; absentDeputies: string[] } } {
  const form: AttendanceForm = { properlyInvited: checked(body, 'geladen'), rows: [] };
  const errors: FieldErrors = {};
  const rows: AttendanceData[] = [];
  const absentDeputies: string[] = [];
  const positions = new Map(ctx.items.map((i) => [String(i.position), i.position]));
  const numberOf = new Map(ctx.items.map((i) => [i.position, i.number]));
  const seats = new Map(ctx.members.filter((m) => m.seat).map((m) => [m.personId, m.name]));
  const firstPosition = ctx.items[0]?.position ?? 0;

  const read = (p: RollPerson, deputy: boolean): AttendanceData | undefined => {
    const r = rowFromBody(body, p.personId);
    form.rows.push(r);
    const err = (n: string, msg: string) => (errors[fieldName(n, p.personId)] = `${p.name}: ${msg}`);
    const statuses = deputy ? ['', 'present'] : ['present', 'excused', 'absent'];
    if (!statuses.includes(r.status)) {
      err('status', deputy ? 'Bitte wählen Sie „nicht eingesetzt“ oder „anwesend“.' : 'Bitte wählen Sie anwesend, entschuldigt oder fehlt.');
      return undefined;
    }
    if (deputy && r.status === '') {
      absentDeputies.push(p.personId);
      return undefined;
    }
    const status = r.status as AttendanceStatus;
    if (status !== 'present') {
      return { meetingId: ctx.meetingId, personId: p.personId, status, arrivedAt: null, leftAt: null, fromPosition: 0, toPosition: null, forPersonId: null, chaired: false, travelKm: null };
    }
    let ok = true;
    for (const [n, v] of [['ankunft', r.arrived], ['abgang', r.left]] as const) {
      if (v && !TIME_RE.test(v)) {
        err(n, 'Bitte geben Sie die Uhrzeit so an: 17:30.');
        ok = false;
      }
    }
    if (ok && r.arrived && r.left && r.left < r.arrived) {
      err('abgang', `Das Ende der Anwesenheit (${r.left} Uhr) liegt vor der Ankunft (${r.arrived} Uhr).`);
      ok = false;
    }
    const from = r.from === '' ? firstPosition : positions.get(r.from);
    const to = r.to === '' ? null : positions.get(r.to);
    if (from === undefined) {
      err('von', 'Bitte wählen Sie einen Tagesordnungspunkt dieser Sitzung.');
      ok = false;
    }
    if (to === undefined) {
      err('bis', 'Bitte wählen Sie einen Tagesordnungspunkt dieser Sitzung oder „bis zum Ende“.');
      ok = false;
    }
    if (from !== undefined && to !== undefined && to !== null && to < from) {
      err('bis', `Die Anwesenheit endet (${numberOf.get(to)}) vor ihrem Beginn (${numberOf.get(from)}).`);
      ok = false;
    }
    const km = r.km === '' ? null : /^\d{1,4}$/.test(r.km) ? Number(r.km) : NaN;
    if (km !== null && !(km >= 0 && km <= MINUTES_LIMITS.km)) {
      err('km', `Bitte geben Sie die Kilometer als ganze Zahl von 0 bis ${MINUTES_LIMITS.km} an.`);
      ok = false;
    }
    let forPersonId: string | null = null;
    if (deputy) {
      if (!isUuid(r.forPerson) || !seats.has(r.forPerson)) {
        err('vertritt', 'Bitte wählen Sie das stimmberechtigte Mitglied, das vertreten wird.');
        ok = false;
      } else forPersonId = r.forPerson;
    }
    if (!ok) return undefined;
    return {
      meetingId: ctx.meetingId,
      personId: p.personId,
      status,
      arrivedAt: r.arrived ? berlinInstant(ctx.day, r.arrived) : null,
      leftAt: r.left ? berlinInstant(ctx.day, r.left) : null,
      fromPosition: from!,
      toPosition: to ?? null,
      forPersonId,
      chaired: r.chaired,
      travelKm: km,
    };
  };

  for (const m of ctx.members) {
    const d = read(m, false);
    if (d) rows.push(d);
  }
  const memberRows = new Map(rows.map((d) => [d.personId, d]));
  const sitting = new Map<string, AttendanceData[]>();
  for (const dep of ctx.deputies) {
    const d = read(dep, true);
    if (!d) continue;
    // A deputy sits only for a member who is absent meanwhile, and one deputy per member at a time.
    const member = memberRows.get(d.forPersonId!);
    const memberName = seats.get(d.forPersonId!)!;
    const range = (x: AttendanceData) => {
      const [a, b] = rangeOf(x);
      return `${numberOf.get(a) ?? a} bis ${b === Number.POSITIVE_INFINITY ? 'zum Ende' : (numberOf.get(b) ?? b)}`;
    };
    if (member?.status === 'present' && overlaps(rangeOf(member), rangeOf(d))) {
      errors[fieldName('vertritt', dep.personId)] = `${dep.name}: ${memberName} ist selbst anwesend (${range(member)}) und kann in dieser Zeit nicht vertreten werden.`;
      continue;
    }
    const other = (sitting.get(d.forPersonId!) ?? []).find((x) => overlaps(rangeOf(x), rangeOf(d)));
    if (other) {
      const otherName = ctx.deputies.find((x) => x.personId === other.personId)?.name ?? '';
      errors[fieldName('vertritt', dep.personId)] = `${dep.name}: ${memberName} wird in dieser Zeit schon von ${otherName} vertreten.`;
      continue;
    }
    sitting.set(d.forPersonId!, [...(sitting.get(d.forPersonId!) ?? []), d]);
    rows.push(d);
  }
  if (Object.keys(errors).length) return { form, errors };
  return { form, errors, data: { properlyInvited: form.properlyInvited, rows, absentDeputies } };
}

// ---------------------------------------------------------------------------------------------------------------
// Exclusions

export interface ExclusionForm {
  persons: string[];
  reasons: Record<string, string>;
  secondSitting: boolean;
}

export function parseExclusionForm(
  body: Record<string, unknown>,
  candidates: readonly RollPerson[],
): { form: ExclusionForm; errors: FieldErrors; data?: { persons: { personId: string; reason: string | null }[]; secondSitting: boolean } } {
  const known = new Set(candidates.map((c) => c.personId));
  const persons = [...new Set(many(body, 'ausgeschlossen'))];
  const reasons: Record<string, string> = {};
  for (const c of candidates) reasons[c.personId] = str(body, fieldName('grund', c.personId), MINUTES_LIMITS.reason + 1).trim();
  const form: ExclusionForm = { persons: persons.filter((p) => known.has(p)), reasons, secondSitting: checked(body, 'wiederholung') };
  const errors: FieldErrors = {};
  if (persons.some((p) => !known.has(p))) errors.ausgeschlossen = 'Bitte wählen Sie nur Mitglieder aus der Liste.';
  for (const c of candidates) {
    if (reasons[c.personId]!.length > MINUTES_LIMITS.reason) errors[fieldName('grund', c.personId)] = `${c.name}: Der Grund darf höchstens ${MINUTES_LIMITS.reason} Zeichen lang sein.`;
  }
  if (Object.keys(errors).length) return { form, errors };
  return { form, errors, data: { persons: form.persons.map((p) => ({ personId: p, reason: reasons[p] || null })), secondSitting: form.secondSitting } };
}

// ---------------------------------------------------------------------------------------------------------------
// Votes

export interface VoteForm {
  mode: string;
  yes: string;
  no: string;
  abstain: string;
  resolutionText: string;
}

/** Reads the vote form; the plausibility against the members present (checkVote) is the command's. */
export function parseVoteForm(body: Record<string, unknown>): { form: VoteForm; errors: FieldErrors; data?: { unanimous: boolean; yes: number; no: number; abstain: number; resolutionText: string } } {
  const form: VoteForm = {
    mode: str(body, 'art', 20),
    yes: str(body, 'ja', 6).trim(),
    no: str(body, 'nein', 6).trim(),
    abstain: str(body, 'enthaltung', 6).trim(),
    resolutionText: str(body, 'beschlusstext', MINUTES_LIMITS.resolution + 1).trim(),
  };
  const errors: FieldErrors = {};
  if (form.mode !== 'zaehlung' && form.mode !== 'einstimmig') errors.art = 'Bitte wählen Sie, wie abgestimmt wurde.';
  const num = (v: string, name: string, label: string): number => {
    if (form.mode !== 'zaehlung') return 0;
    if (v === '') return 0;
    if (!/^\d{1,3}$/.test(v) || Number(v) > MINUTES_LIMITS.votes) {
      errors[name] = `Bitte geben Sie die ${label} als ganze Zahl ab 0 an.`;
      return 0;
    }
    return Number(v);
  };
  const yes = num(form.yes, 'ja', 'Ja-Stimmen');
  const no = num(form.no, 'nein', 'Nein-Stimmen');
  const abstain = num(form.abstain, 'enthaltung', 'Enthaltungen');
  if (form.mode === 'zaehlung' && !errors.ja && !errors.nein && !errors.enthaltung && yes + no + abstain === 0) errors.ja = 'Bitte geben Sie die gezählten Stimmen ein.';
  if (!form.resolutionText) errors.beschlusstext = 'Bitte geben Sie den Beschlusstext ein (den Text, über den abgestimmt wurde).';
  else if (form.resolutionText.length > MINUTES_LIMITS.resolution) errors.beschlusstext = `Der Beschlusstext darf höchstens ${MINUTES_LIMITS.resolution} Zeichen lang sein.`;
  if (Object.keys(errors).length) return { form, errors };
  return { form, errors, data: { unanimous: form.mode === 'einstimmig', yes, no, abstain, resolutionText: form.resolutionText } };
}

// ---------------------------------------------------------------------------------------------------------------
// Approval

export interface ApprovalForm {
  approvedOn: string;
  note: string;
}

/** "Niederschrift genehmigt am …": not before the meeting, not in the future. */
export function parseApprovalForm(body: Record<string, unknown>, o: { meetingDay: string; today: string }): { form: ApprovalForm; errors: FieldErrors; data?: { approvedOn: string; note: string | null } } {
  const form: ApprovalForm = { approvedOn: str(body, 'genehmigtAm', 12).trim(), note: str(body, 'vermerk', MINUTES_LIMITS.note + 1).trim() };
  const errors: FieldErrors = {};
  const valid = DAY_RE.test(form.approvedOn) && !Number.isNaN(new Date(`${form.approvedOn}T12:00:00Z`).getTime()) && new Date(`${form.approvedOn}T12:00:00Z`).toISOString().startsWith(form.approvedOn);
  if (!valid) errors.genehmigtAm = 'Bitte geben Sie das Datum der Genehmigung so an: 2027-01-21.';
  else if (form.approvedOn < o.meetingDay) errors.genehmigtAm = 'Die Niederschrift kann nicht vor der Sitzung genehmigt worden sein.';
  else if (form.approvedOn > o.today) errors.genehmigtAm = 'Das Datum der Genehmigung darf nicht in der Zukunft liegen.';
  if (form.note.length > MINUTES_LIMITS.note) errors.vermerk = `Der Vermerk darf höchstens ${MINUTES_LIMITS.note} Zeichen lang sein.`;
  if (Object.keys(errors).length) return { form, errors };
  return { form, errors, data: { approvedOn: form.approvedOn, note: form.note || null } };
}
