/**
 * Monthly compensation bill (Sitzungsgeld / Aufwandsentschädigung) of one council member. Pure and
 * deterministic: the same input always gives the same lines in the same order; no DB, no clock.
 *
 * Money is integer cents throughout. Fractions (pro rata months, minutes × hourly rate, tenths of a
 * km × rate) are computed as exact integer numerators and rounded once with `divRoundHalfUp`
 * (commercial rounding, half a cent up).
 */
import {
  addDays,
  divRoundHalfUp,
  formatDayDe,
  formatEuro,
  isDay,
  isoWeekday,
  parseTime,
  versionFor,
  type AllowanceRole,
  type LostEarningsWindow,
  type MeetingKind,
  type RuleVersion,
} from './rules.ts';

export type MemberRole = {
  role: AllowanceRole;
  bodyId: string;
  /** Kind of the body; needed when the rule restricts chair supplements to some body kinds (unknown = not eligible). */
  bodyKind?: MeetingKind;
  from: string;
  to?: string | null;
};

/** Lost-earnings claim of a member: none, employee (proven or standard rate) or self-employed. */
export type LostEarningsClaim = 'none' | 'employee' | 'self_employed';

export type BillingMember = {
  personId: string;
  name: string;
  roles: MemberRole[];
  lostEarnings: LostEarningsClaim;
  /** Individually claimed hourly rate (proven loss); capped by the rule's maxHourlyCents. */
  hourlyRateCents?: number;
  paperless?: boolean;
  /** Default round-trip distance home → meeting → home, in km. */
  distanceKm?: number;
};

export type Attendance = {
  meetingId: string;
  date: string;
  start: string;
  /** Actual end of the meeting; an end not after the start means the meeting ran past midnight. */
  end: string;
  bodyKind: MeetingKind;
  bodyName: string;
  chaired: boolean;
  /** Time the member actually arrived / left, when not present for the whole meeting. */
  arrived?: string;
  left?: string;
  /** Round-trip km for this meeting, overriding the member's distanceKm. */
  km?: number;
};

export type BillInput = {
  /** 'YYYY-MM' */
  month: string;
  versions: readonly RuleVersion[];
  member: BillingMember;
  /** Attendances in the billed month (each date must lie in it). */
  attendances: readonly Attendance[];
  /**
   * Number of attended meetings in each month before the billed one, oldest first, the last entry being
   * the previous month; `null` for a month in which no meeting was held (neither absent nor present).
   * Used for the pause rule (Bad Liebenwerda [B4]).
   */
  priorMonthsAttendance?: ReadonlyArray<number | null>;
  /** No meeting of the member's bodies was held in the billed month: it counts neither as absent nor as present. */
  noMeetingsThisMonth?: boolean;
  /**
   * Year-to-date counts for Fraktion caps: `fraktionPaid` = Fraktion meetings of this member already paid
   * in earlier months of the calendar year; `councilMeetings` = council meetings held in the calendar year
   * up to the end of the billed month. Without it: 0 paid, and only the council meetings the member
   * attended in the billed month (conservative).
   */
  countsThisYear?: { fraktionPaid: number; councilMeetings: number };
};

export type LineKind = 'monthly' | 'chair_monthly' | 'meeting' | 'lost_earnings' | 'travel' | 'paperless';

export type BillLine = {
  kind: LineKind;
  date?: string;
  meetingId?: string;
  /** German description as shown on the member's bill. */
  text: string;
  quantity?: number;
  unit?: 'Monat' | 'Sitzung' | 'Std.' | 'km';
  unitCents?: number;
  amountCents: number;
  /** German explanation when something was reduced or not paid. */
  note?: string;
  /** Name of the rule version that produced the line. */
  ruleVersion?: string;
  role?: AllowanceRole;
};

export type Bill = {
  month: string;
  personId: string;
  lines: BillLine[];
  totalCents: number;
  /** Names of the rule versions applied in the month, joined with " / " when the month straddles a change. */
  ruleVersion: string;
  ruleVersions: string[];
};

const KIND_LABEL: Record<MeetingKind, string> = {
  council: 'Gemeindevertretung/Rat',
  committee: 'Ausschuss',
  fraktion: 'Fraktion',
  working_group: 'Arbeitsgruppe',
  ortsbeirat: 'Ortsbeirat',
};

const WEEKDAY_SHORT = ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'];

function monthDays(month: string): string[] {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`invalid month ${month}, expected YYYY-MM`);
  const out: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) out.push(d);
  return out;
}

function active(r: { from: string; to?: string | null }, day: string): boolean {
  return r.from <= day && (r.to === undefined || r.to === null || day <= r.to);
}

function time(s: string, what: string): number {
  const t = parseTime(s);
  if (t === undefined) throw new RangeError(`invalid ${what} time ${s}, expected HH:MM`);
  return t;
}

function hhmm(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

function describeWindow(w: LostEarningsWindow): string {
  const days = [...new Set(w.weekdays)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    const a = WEEKDAY_SHORT[days[i]! - 1]!;
    const b = WEEKDAY_SHORT[days[j]! - 1]!;
    parts.push(j - i >= 2 ? `${a}–${b}` : j > i ? `${a}, ${b}` : a);
    i = j + 1;
  }
  return `${parts.join(', ')} ${w.from}–${w.to} Uhr`;
}

type Interval = [number, number];

function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [a0, a1] of a) for (const [b0, b1] of b) if (Math.max(a0, b0) < Math.min(a1, b1)) out.push([Math.max(a0, b0), Math.min(a1, b1)]);
  return out;
}

function subtract(a: Interval[], b: Interval[]): Interval[] {
  let rest = a;
  for (const [b0, b1] of b) {
    rest = rest.flatMap(([a0, a1]): Interval[] => {
      if (b1 <= a0 || b0 >= a1) return [[a0, a1]];
      const parts: Interval[] = [];
      if (a0 < b0) parts.push([a0, b0]);
      if (b1 < a1) parts.push([b1, a1]);
      return parts;
    });
  }
  return rest;
}

const length = (xs: Interval[]) => xs.reduce((s, [a, b]) => s + (b - a), 0);

/** Consecutive months without attendance up to and including the billed month (0 if attended now). */
function absentStreak(attendedNow: boolean, prior: ReadonlyArray<number | null>, noMeetingsNow = false): number {
  if (attendedNow) return 0;
  let streak = noMeetingsNow ? 0 : 1;
  for (let i = prior.length - 1; i >= 0; i--) {
    const n = prior[i];
    if (n === null || n === undefined) continue;
    if (n > 0) break;
    streak++;
  }
  return streak;
}

type Stream = { key: AllowanceRole | 'paperless'; kind: LineKind; label: string };
const STREAMS: Stream[] = [
  { key: 'member', kind: 'monthly', label: 'Monatliche Aufwandsentschädigung' },
  { key: 'chair', kind: 'chair_monthly', label: 'Zuschlag Vorsitz' },
  { key: 'deputy_chair', kind: 'chair_monthly', label: 'Zuschlag stellvertretender Vorsitz' },
  { key: 'fraktion_chair', kind: 'chair_monthly', label: 'Zuschlag Fraktionsvorsitz' },
  { key: 'paperless', kind: 'paperless', label: 'Zuschlag papierlose Gremienarbeit' },
];

/**
 * Monthly flat amounts, pro rata by calendar days when a role or rule version covers only part of the
 * month. Rounding: the exact amount is Σ(amount × days) / daysInMonth; each line gets the difference of
 * the rounded running totals, so the lines always add up to the rounded exact total (no lost cent).
 */
function monthlyLines(input: BillInput, days: string[], vOf: (d: string) => RuleVersion | undefined, streak: number): BillLine[] {
  const { member } = input;
  const D = days.length;
  const isMember = (d: string) => member.roles.some((r) => r.role === 'member' && active(r, d));
  const holds = (role: AllowanceRole, d: string, v: RuleVersion) =>
    member.roles.some(
      (r) =>
        r.role === role &&
        active(r, d) &&
        (role === 'fraktion_chair' || v.chairSupplementBodyKinds === undefined || (r.bodyKind !== undefined && v.chairSupplementBodyKinds.includes(r.bodyKind))),
    );
  const out: BillLine[] = [];

  for (const s of STREAMS) {
    const amountOf = (v: RuleVersion) => (s.key === 'paperless' ? (member.paperless ? (v.paperlessBonusCents ?? 0) : 0) : (v.monthlyByRole[s.key] ?? 0));
    let activeOn = (d: string): boolean => {
      const v = vOf(d);
      if (!v) return false;
      return s.key === 'member' || s.key === 'paperless' ? isMember(d) : holds(s.key, d, v);
    };
    if (s.key === 'deputy_chair') {
      const acting = days.filter(activeOn);
      const first = acting[0] ? vOf(acting[0]) : undefined;
      if (first?.deputyChairMinDays !== undefined) {
        if (acting.length >= first.deputyChairMinDays) activeOn = (d) => vOf(d) !== undefined;
        else {
          if (amountOf(first) > 0) {
            out.push({
              kind: s.kind,
              role: 'deputy_chair',
              date: acting[0],
              text: s.label,
              amountCents: 0,
              note: `Vertretung an ${acting.length} Tagen; der Zuschlag setzt mindestens ${first.deputyChairMinDays} Tage Vertretung im Monat voraus.`,
              ruleVersion: first.name,
            });
          }
          continue;
        }
      }
    }

    type Group = { v: RuleVersion; amount: number; paused: boolean; from: string; days: number };
    const groups: Group[] = [];
    let prevDay: string | undefined;
    for (const d of days) {
      const v = vOf(d);
      if (!v || !activeOn(d) || amountOf(v) === 0) {
        prevDay = undefined;
        continue;
      }
      const paused = v.pauseAfterMonthsAbsent !== undefined && streak > v.pauseAfterMonthsAbsent;
      const last = groups[groups.length - 1];
      if (last && prevDay !== undefined && last.v === v && last.paused === paused) last.days++;
      else groups.push({ v, amount: amountOf(v), paused, from: d, days: 1 });
      prevDay = d;
    }

    let cum = 0;
    for (const g of groups) {
      const full = g.days === D;
      const text = full ? s.label : `${s.label} (anteilig ${g.days} von ${D} Tagen)`;
      const base: BillLine = { kind: s.kind, text, amountCents: 0, ruleVersion: g.v.name };
      if (s.key !== 'paperless' && s.key !== 'member') base.role = s.key;
      if (!full) base.date = g.from;
      if (full) Object.assign(base, { quantity: 1, unit: 'Monat', unitCents: g.amount });
      if (g.paused) {
        base.note = `Die Entschädigung ruht: seit ${streak} Monaten keine Sitzungsteilnahme (Pause nach mehr als ${g.v.pauseAfterMonthsAbsent} Monaten).`;
        out.push(base);
        continue;
      }
      const before = divRoundHalfUp(cum, D);
      cum += g.amount * g.days;
      base.amountCents = divRoundHalfUp(cum, D) - before;
      out.push(base);
    }
  }
  return out;
}

type Status = 'no_rule' | 'kind_unpaid' | 'fraktion_no_cap' | 'fraktion_capped' | 'merged' | 'paid';
type Evaluated = { a: Attendance; v: RuleVersion | undefined; status: Status; unit: number; chairRate?: boolean; note?: string };

/**
 * Computes one member's compensation for one month from the rule versions and the member's
 * attendances, so payroll and the member see the same itemised, explained bill. Each meeting is paid
 * by the version valid on its day; monthly amounts are split pro rata when the version changes mid-month.
 */
export function billMonth(input: BillInput): Bill {
  const days = monthDays(input.month);
  const { member } = input;
  const cache = new Map<string, RuleVersion | undefined>();
  const vOf = (d: string) => {
    if (!cache.has(d)) cache.set(d, versionFor(input.versions, d));
    return cache.get(d);
  };

  for (const a of input.attendances) {
    if (!isDay(a.date) || !a.date.startsWith(`${input.month}-`)) throw new RangeError(`attendance ${a.meetingId} on ${a.date} is outside ${input.month}`);
    time(a.start, 'start');
    time(a.end, 'end');
  }
  const attendances = [...input.attendances].sort((x, y) =>
    x.date !== y.date ? (x.date < y.date ? -1 : 1) : x.start !== y.start ? (x.start < y.start ? -1 : 1) : x.meetingId < y.meetingId ? -1 : x.meetingId > y.meetingId ? 1 : 0,
  );

  const streak = absentStreak(attendances.length > 0, input.priorMonthsAttendance ?? [], input.noMeetingsThisMonth === true);
  const lines: BillLine[] = monthlyLines(input, days, vOf, streak);

  // Fraktion caps: paid so far this year / this month, and the council-meeting limit (Meißen [X12]).
  const paidBefore = input.countsThisYear?.fraktionPaid ?? 0;
  const councilLimit = input.countsThisYear?.councilMeetings ?? attendances.filter((a) => a.bodyKind === 'council').length;
  let fraktionPaidMonth = 0;
  const capNote = (v: RuleVersion): string | undefined => {
    const cap = v.fraktionCap;
    if (cap === 'none') return undefined;
    if (cap.kind === 'council_meetings') {
      return paidBefore + fraktionPaidMonth >= councilLimit
        ? `Fraktionssitzungen werden höchstens so oft vergütet, wie Ratssitzungen stattfanden (${councilLimit} in diesem Jahr); diese Sitzung übersteigt die Höchstzahl.`
        : undefined;
    }
    if (cap.perMonth !== undefined && fraktionPaidMonth >= cap.perMonth) return `Höchstzahl von ${cap.perMonth} vergüteten Fraktionssitzungen im Monat erreicht.`;
    if (cap.perYear !== undefined && paidBefore + fraktionPaidMonth >= cap.perYear) return `Höchstzahl von ${cap.perYear} vergüteten Fraktionssitzungen im Jahr erreicht.`;
    return undefined;
  };

  const evaluate = (a: Attendance): Evaluated => {
    const v = vOf(a.date);
    if (!v) return { a, v, status: 'no_rule', unit: 0, note: `Für den ${formatDayDe(a.date)} ist keine Entschädigungsregel hinterlegt.` };
    if (!v.meetingKinds.includes(a.bodyKind)) return { a, v, status: 'kind_unpaid', unit: 0, note: `Für Sitzungen der Art „${KIND_LABEL[a.bodyKind]}“ sieht die Satzung keine Entschädigung vor.` };
    if (a.bodyKind === 'fraktion' && v.fraktionPaidOnlyWithCap && v.fraktionCap === 'none') {
      return { a, v, status: 'fraktion_no_cap', unit: 0, note: 'Fraktionssitzungen werden nur vergütet, wenn die Hauptsatzung ihre Zahl begrenzt; eine Begrenzung ist nicht festgelegt.' };
    }
    if (a.bodyKind === 'fraktion') {
      const note = capNote(v);
      if (note) return { a, v, status: 'fraktion_capped', unit: 0, note };
    }
    const chairRate = a.chaired && v.chairPerMeeting !== undefined && (v.chairPerMeetingKinds ?? v.meetingKinds).includes(a.bodyKind);
    return { a, v, status: 'paid', unit: chairRate ? v.chairPerMeeting! : v.perMeeting, chairRate };
  };

  const byDay = new Map<string, Attendance[]>();
  for (const a of attendances) byDay.set(a.date, [...(byDay.get(a.date) ?? []), a]);

  let lostMonth = 0;
  for (const [day, list] of byDay) {
    const v = vOf(day);
    let evals: Evaluated[];
    if (v?.sameDayCountsOnce) {
      // One Sitzungsgeld per day (Hüfingen [X13], BayVGH [X16]): the highest pays; on a tie prefer a
      // non-Fraktion meeting (it doesn't use up the Fraktion cap), then the earliest.
      evals = list.map(evaluate);
      let winner: Evaluated | undefined;
      for (const e of evals) {
        if (e.status !== 'paid') continue;
        if (!winner || e.unit > winner.unit || (e.unit === winner.unit && winner.a.bodyKind === 'fraktion' && e.a.bodyKind !== 'fraktion')) winner = e;
      }
      for (const e of evals) {
        if (e.status === 'paid' && e !== winner && (e.unit > 0 || (winner?.unit ?? 0) > 0)) {
          e.status = 'merged';
          e.note = 'Weitere Sitzung am selben Tag – nicht gesondert vergütet (ein Sitzungsgeld je Tag).';
        }
      }
      if (winner?.a.bodyKind === 'fraktion') fraktionPaidMonth++;
    } else {
      evals = list.map((a) => {
        const e = evaluate(a);
        if (e.status === 'paid' && a.bodyKind === 'fraktion') fraktionPaidMonth++;
        return e;
      });
    }

    const counted: Interval[] = [];
    for (const e of evals) {
      const { a } = e;
      const label = e.chairRate ? ' (Sitzungsleitung)' : '';
      const line: BillLine = { kind: 'meeting', date: a.date, meetingId: a.meetingId, text: `Sitzungsgeld ${a.bodyName}${label}`, amountCents: 0 };
      if (e.v) line.ruleVersion = e.v.name;
      if (e.status === 'paid' && e.unit > 0) Object.assign(line, { quantity: 1, unit: 'Sitzung', unitCents: e.unit, amountCents: e.unit });
      else line.note = e.note ?? 'Mit der monatlichen Pauschale abgegolten.';
      lines.push(line);

      const ev = e.v;
      const entitled = e.status === 'paid' || e.status === 'merged';
      if (!entitled || !ev?.lostEarnings || member.lostEarnings === 'none') continue;
      const le = ev.lostEarnings;
      const s = time(a.start, 'start');
      let end = time(a.end, 'end');
      if (end <= s) end += 1440;
      const at = (t: string | undefined, what: string, dflt: number) => {
        if (t === undefined) return dflt;
        const m = time(t, what);
        return end > 1440 && m < s ? m + 1440 : m;
      };
      const p0 = Math.max(s, at(a.arrived, 'arrived', s));
      const p1 = Math.min(end, at(a.left, 'left', end));
      const presence: Interval[] = p1 > p0 ? [[p0, p1]] : [];
      let windows: Interval[] = [[0, 2880]];
      if (le.window) {
        const wf = time(le.window.from, 'window');
        const wt = time(le.window.to, 'window');
        windows = [0, 1].filter((k) => le.window!.weekdays.includes(isoWeekday(addDays(day, k)))).map((k): Interval => [k * 1440 + wf, k * 1440 + wt]);
      }
      const inWindow = intersect(presence, windows);
      const countable = subtract(inWindow, counted);
      counted.push(...countable);
      const minutes = length(countable);

      const claimed = member.hourlyRateCents ?? (member.lostEarnings === 'self_employed' ? (le.selfEmployedHourlyCents ?? le.hourlyCents) : le.hourlyCents);
      const rate = le.maxHourlyCents !== undefined ? Math.min(claimed, le.maxHourlyCents) : claimed;
      const notes: string[] = [];
      if (a.arrived !== undefined || a.left !== undefined) notes.push(`Anwesend ${hhmm(p0 % 1440)}–${hhmm(p1 % 1440)} Uhr.`);
      if (rate < claimed) notes.push(`Stundensatz von ${formatEuro(claimed)} auf den Höchstsatz von ${formatEuro(rate)} begrenzt.`);
      if (length(presence) === 0) notes.push('Keine anrechenbare Anwesenheitszeit.');
      else if (length(inWindow) < length(presence) && le.window) notes.push(`Nur Zeit innerhalb ${describeWindow(le.window)} wird angerechnet.`);
      if (length(countable) < length(inWindow)) notes.push('Zeit, die bereits bei einer anderen Sitzung dieses Tages angerechnet wurde, zählt nicht doppelt.');

      let amount = divRoundHalfUp(minutes * rate, 60);
      if (le.capPerMeetingCents !== undefined && amount > le.capPerMeetingCents) {
        amount = le.capPerMeetingCents;
        notes.push(`Auf den Höchstbetrag von ${formatEuro(le.capPerMeetingCents)} je Sitzung begrenzt.`);
      }
      if (le.capPerMonthCents !== undefined && lostMonth + amount > le.capPerMonthCents) {
        amount = Math.max(0, le.capPerMonthCents - lostMonth);
        notes.push(`Monatshöchstbetrag von ${formatEuro(le.capPerMonthCents)} erreicht.`);
      }
      lostMonth += amount;
      const leLine: BillLine = {
        kind: 'lost_earnings',
        date: a.date,
        meetingId: a.meetingId,
        text: `Verdienstausfall ${a.bodyName} (${hhmm(minutes)} Std.)`,
        // Display only: hours with two decimals; the amount is computed from whole minutes.
        quantity: Math.round((minutes * 100) / 60) / 100,
        unit: 'Std.',
        unitCents: rate,
        amountCents: amount,
        ruleVersion: ev.name,
      };
      if (notes.length) leLine.note = notes.join(' ');
      lines.push(leLine);
    }

    // Travel: per meeting, or one round trip per day when meetings of the day count once (the longest).
    const travelling = evals.filter((e) => (e.status === 'paid' || e.status === 'merged') && e.v?.travelPerKmCents !== undefined && (e.a.km ?? member.distanceKm ?? 0) > 0);
    const trips = v?.sameDayCountsOnce && travelling.length > 1
      ? [travelling.reduce((best, e) => ((e.a.km ?? member.distanceKm ?? 0) > (best.a.km ?? member.distanceKm ?? 0) ? e : best))]
      : travelling;
    for (const e of trips) {
      const km = e.a.km ?? member.distanceKm ?? 0;
      const perKm = e.v!.travelPerKmCents!;
      // km may have one decimal: tenths of a km × cents per km, rounded once to whole cents.
      const tenths = Math.round(km * 10);
      const line: BillLine = {
        kind: 'travel',
        date: e.a.date,
        meetingId: e.a.meetingId,
        text: `Fahrtkosten ${e.a.bodyName}`,
        quantity: tenths / 10,
        unit: 'km',
        unitCents: perKm,
        amountCents: divRoundHalfUp(tenths * perKm, 10),
        ruleVersion: e.v!.name,
      };
      if (trips.length < travelling.length) line.note = `Eine Fahrt für ${travelling.length} Sitzungen am selben Tag.`;
      lines.push(line);
    }
  }

  const ruleVersions: string[] = [];
  for (const d of days) {
    const v = vOf(d);
    if (v && !ruleVersions.includes(v.name)) ruleVersions.push(v.name);
  }
  return {
    month: input.month,
    personId: member.personId,
    lines,
    totalCents: lines.reduce((s, l) => s + l.amountCents, 0),
    ruleVersion: ruleVersions.join(' / '),
    ruleVersions,
  };
}
