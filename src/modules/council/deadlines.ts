/**
 * Notice-period engine (Ladungsfrist) for council sessions. Pure: no database, no clock, no I/O.
 *
 * Source keys refer to /work/shared/domain/council.md, section (c) "Invitation and deadlines".
 *
 * ## Semantics
 *
 * All counting is done in **Europe/Berlin calendar days** (`YYYY-MM-DD`). The dispatch time and the meeting start
 * are instants (`Date`); each is first converted to the Berlin day it falls on, whatever the server's time zone and
 * whatever daylight-saving change lies in between. Day differences are computed on the calendar, never by dividing
 * milliseconds (a spring-forward day has only 23 hours).
 *
 * Let `gap` be the number of calendar days from the dispatch day to the meeting day (dispatch on the 9th, meeting on
 * the 20th: gap 11). Then the days "between" the two are `gap - 1` (the 10th to the 19th: 10 days), and
 *
 * - `counting: 'full'` (volle Tage): only whole days between dispatch day and meeting day count; **neither** the
 *   dispatch day nor the meeting day is ever counted. `daysCounted = gap - 1`. The two flags must be `false`
 *   (validateNoticeRule insists; the engine ignores them).
 * - `counting: 'calendar'` (Kalendertage): the days between count, and `countDispatchDay` / `countMeetingDay` decide
 *   whether the dispatch day and the meeting day count as well. `daysCounted = gap - 1 + [dispatch] + [meeting]`.
 *   With both flags `false`, calendar counting gives the same result as full days; the difference is only in how a
 *   Geschäftsordnung words it.
 *
 * The notice is kept when `daysCounted >= required`, where `required` is `days`, or `urgentDays` for an urgent
 * session (Dringlichkeitssitzung). Dispatch must in any case happen before the meeting starts. `daysCounted` is never
 * negative (dispatch after the meeting day counts 0).
 *
 * Deadlines are not moved off weekends or public holidays: a Ladungsfrist runs backwards from the session, and a
 * dispatch on a Sunday is still a dispatch. Delivery time (Zugang) is the caller's business: record the instant the
 * invitation left the RIS (electronic) or was posted, and choose a rule that allows for postal delays.
 */
import type { FieldErrors } from '../../kernel/index.ts';

export interface NoticeRule {
  /** The regular notice period in days, 0–60. */
  days: number;
  /** 'calendar': calendar days, the flags below decide about the two end days; 'full': only whole days in between. */
  counting: 'calendar' | 'full';
  /** Calendar counting only: the day of dispatch counts as one of the notice days. */
  countDispatchDay: boolean;
  /** Calendar counting only: the day of the meeting counts as one of the notice days. */
  countMeetingDay: boolean;
  /** The shortened period for urgent sessions (Dringlichkeit), 0 ≤ urgentDays ≤ days, counted the same way. */
  urgentDays: number;
}

/**
 * Amt Crivitz, draft GO change 2021: 10 calendar days, at least 4 if urgent [R2] (adoption not checked).
 * council.md does not say how the two end days are counted, so we take the strict reading, neither the dispatch day
 * (as in § 187 Abs. 1 BGB, the day of the event does not count) nor the meeting day: a wrong "on time" would make
 * every resolution of the session challengeable, a wrong "late" only costs a reschedule. A GO that says otherwise is
 * configured with the flags. Same shape as the council module's default settings.
 */
export const MV_CRIVITZ: Readonly<NoticeRule> = Object.freeze({ days: 10, counting: 'calendar', countDispatchDay: false, countMeetingDay: false, urgentDays: 4 });

/** Stadt Erftstadt (NRW, GO under § 47 GO NRW): 12 days counting both dispatch day and meeting day; 5 if urgent [N1]. */
export const NRW_ERFTSTADT: Readonly<NoticeRule> = Object.freeze({ days: 12, counting: 'calendar', countDispatchDay: true, countMeetingDay: true, urgentDays: 5 });

/**
 * Stadt Mettmann (NRW): 10 full days [N2]. council.md gives no urgent period for Mettmann; 3 full days is our
 * placeholder and must be checked against the GO before a tenant relies on it.
 */
export const NRW_METTMANN: Readonly<NoticeRule> = Object.freeze({ days: 10, counting: 'full', countDispatchDay: false, countMeetingDay: false, urgentDays: 3 });

/**
 * Brandenburg: the 2008 reform deleted the statutory minimum notice period, the Geschäftsordnung sets it [B1]. Until
 * a tenant enters its GO we assume 7 calendar days, 3 if urgent, neither end day counted. This is our own default
 * (one week, as common in BB Geschäftsordnungen and in line with Rhein-Kreis Neuss' "one week" [N3]), not law.
 */
export const BB_DEFAULT: Readonly<NoticeRule> = Object.freeze({ days: 7, counting: 'calendar', countDispatchDay: false, countMeetingDay: false, urgentDays: 3 });

/** The presets by key, for a settings form's select box. */
export const NOTICE_PRESETS = Object.freeze({ MV_CRIVITZ, NRW_ERFTSTADT, NRW_METTMANN, BB_DEFAULT });

// ---------------------------------------------------------------------------------------------------------------
// Berlin calendar days

const berlinDayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
const DAY_MS = 86_400_000;

/** The Europe/Berlin calendar day (YYYY-MM-DD) of an instant, because notice periods count Berlin days, not UTC days. */
export function berlinDay(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError('invalid date');
  return berlinDayFmt.format(d);
}

/** Days since 1970-01-01 of a calendar day, so day differences are exact integers across DST changes. */
function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function addDays(day: string, n: number): string {
  return new Date((dayNumber(day) + n) * DAY_MS).toISOString().slice(0, 10);
}

/** '2026-11-02' → '02.11.2026', for messages about calendar days that have no time of day (formatDate wants an instant). */
export function formatGermanDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return `${m[3]}.${m[2]}.${m[1]}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The engine

function ends(rule: NoticeRule): number {
  return rule.counting === 'full' ? 0 : Number(rule.countDispatchDay) + Number(rule.countMeetingDay);
}

function requiredDays(rule: NoticeRule, urgent: boolean): number {
  return urgent ? rule.urgentDays : rule.days;
}

/** Notice days counted for a dispatch day and a meeting day under the rule (see the module comment). */
function countDays(rule: NoticeRule, dispatchDay: string, meetingDay: string): number {
  const gap = dayNumber(meetingDay) - dayNumber(dispatchDay);
  if (gap < 0) return 0;
  return Math.max(0, gap - 1 + ends(rule));
}

/** The last Berlin day on which the invitation can still be sent on time, so the UI can show the deadline up front. */
export function latestDispatchDay(rule: NoticeRule, meetingStart: Date, urgent: boolean): string {
  const required = requiredDays(rule, urgent);
  // Smallest gap ≥ 0 with max(0, gap - 1 + ends) ≥ required.
  const minGap = required === 0 ? 0 : required + 1 - ends(rule);
  return addDays(berlinDay(meetingStart), -Math.max(0, minGap));
}

/** Whether a dispatch at `dispatchAt` keeps the notice period, with the numbers to explain the answer. */
export function isDispatchOnTime(
  rule: NoticeRule,
  dispatchAt: Date,
  meetingStart: Date,
  urgent: boolean,
): { onTime: boolean; latestDay: string; daysCounted: number; required: number } {
  const latestDay = latestDispatchDay(rule, meetingStart, urgent);
  const required = requiredDays(rule, urgent);
  const daysCounted = countDays(rule, berlinDay(dispatchAt), berlinDay(meetingStart));
  const onTime = dispatchAt.getTime() < meetingStart.getTime() && daysCounted >= required;
  return { onTime, latestDay, daysCounted, required };
}

export type DispatchCheck =
  | { ok: true }
  | { ok: false; reason: 'late' | 'urgency_reason_missing' | 'too_late_even_if_urgent'; latestDay: string; message: string };

function period(rule: NoticeRule, n: number): string {
  const full = rule.counting === 'full' ? 'vollen ' : '';
  return n === 1 ? `einem ${full}Tag` : `${n} ${full}Tagen`;
}

/**
 * The gate before an invitation is sent: refuses a late dispatch unless the session is urgent with a written reason
 * and the shortened urgent period is still kept. `latestDay` is the deadline that was missed.
 */
export function checkDispatch(
  rule: NoticeRule,
  input: { dispatchAt: Date; meetingStart: Date; urgent: boolean; urgencyReason?: string | null },
): DispatchCheck {
  const { dispatchAt, meetingStart, urgent } = input;
  const regular = isDispatchOnTime(rule, dispatchAt, meetingStart, false);
  if (regular.onTime) return { ok: true };
  const short = isDispatchOnTime(rule, dispatchAt, meetingStart, true);
  if (dispatchAt.getTime() >= meetingStart.getTime()) {
    return { ok: false, reason: 'too_late_even_if_urgent', latestDay: short.latestDay, message: 'Die Sitzung hat bereits begonnen: Eine Einladung ist nicht mehr möglich.' };
  }
  if (!short.onTime) {
    return {
      ok: false,
      reason: 'too_late_even_if_urgent',
      latestDay: short.latestDay,
      message:
        `Auch die verkürzte Ladungsfrist für Dringlichkeitssitzungen von ${period(rule, rule.urgentDays)} ist nicht mehr einzuhalten: ` +
        `Die Einladung hätte spätestens am ${formatGermanDay(short.latestDay)} versandt werden müssen. Verlegen Sie die Sitzung.`,
    };
  }
  if (!urgent) {
    return {
      ok: false,
      reason: 'late',
      latestDay: regular.latestDay,
      message:
        `Die Ladungsfrist von ${period(rule, rule.days)} ist nicht mehr einzuhalten: ` +
        `Die Einladung hätte spätestens am ${formatGermanDay(regular.latestDay)} versandt werden müssen. Versenden Sie nur mit Dringlichkeitsbegründung.`,
    };
  }
  if (!input.urgencyReason?.trim()) {
    return {
      ok: false,
      reason: 'urgency_reason_missing',
      latestDay: regular.latestDay,
      message:
        `Die Ladungsfrist von ${period(rule, rule.days)} ist nicht eingehalten (spätestens am ${formatGermanDay(regular.latestDay)}). ` +
        `Als Dringlichkeitssitzung ist die Einladung noch rechtzeitig, aber die Dringlichkeit muss begründet werden: Bitte geben Sie eine Dringlichkeitsbegründung ein.`,
    };
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Validation of a configured rule

const MAX_DAYS = 60;

function intField(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*\d{1,3}\s*$/.test(v)) return Number(v);
  return undefined;
}

/** Booleans as sent by JSON or an HTML form (an unticked checkbox is simply missing). */
function boolField(v: unknown): boolean | undefined {
  if (v === undefined || v === null || v === false || v === 'false' || v === '0' || v === '') return false;
  if (v === true || v === 'true' || v === 'on' || v === '1') return true;
  return undefined;
}

/** Checks a notice rule from a settings form or stored JSON, so that the engine only ever sees rules that make sense. */
export function validateNoticeRule(input: unknown): { ok: true; rule: NoticeRule } | { ok: false; errors: FieldErrors } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, errors: { _: 'Die Fristregel fehlt oder ist kein Objekt.' } };
  const o = input as Record<string, unknown>;
  const errors: FieldErrors = {};

  const days = intField(o.days);
  if (days === undefined || days < 0 || days > MAX_DAYS) errors.days = `Die Ladungsfrist muss eine ganze Zahl von 0 bis ${MAX_DAYS} Tagen sein.`;

  const urgentDays = intField(o.urgentDays);
  if (urgentDays === undefined || urgentDays < 0 || urgentDays > MAX_DAYS) {
    errors.urgentDays = `Die Frist für Dringlichkeitssitzungen muss eine ganze Zahl von 0 bis ${MAX_DAYS} Tagen sein.`;
  } else if (days !== undefined && !errors.days && urgentDays > days) {
    errors.urgentDays = `Die Frist für Dringlichkeitssitzungen darf nicht länger sein als die reguläre Ladungsfrist (${days} Tage).`;
  }

  const counting = o.counting;
  if (counting !== 'calendar' && counting !== 'full') errors.counting = 'Bitte wählen Sie, wie gezählt wird: Kalendertage oder volle Tage.';

  const countDispatchDay = boolField(o.countDispatchDay);
  const countMeetingDay = boolField(o.countMeetingDay);
  if (countDispatchDay === undefined) errors.countDispatchDay = 'Bitte geben Sie ja oder nein an: Zählt der Versandtag mit?';
  else if (counting === 'full' && countDispatchDay) errors.countDispatchDay = 'Bei vollen Tagen zählt der Versandtag nie mit.';
  if (countMeetingDay === undefined) errors.countMeetingDay = 'Bitte geben Sie ja oder nein an: Zählt der Sitzungstag mit?';
  else if (counting === 'full' && countMeetingDay) errors.countMeetingDay = 'Bei vollen Tagen zählt der Sitzungstag nie mit.';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, rule: { days: days!, counting: counting as NoticeRule['counting'], countDispatchDay: countDispatchDay!, countMeetingDay: countMeetingDay!, urgentDays: urgentDays! } };
}
