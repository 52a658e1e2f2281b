/**
 * Compensation rules (Entschädigungssatzung / Hauptsatzung) for council members, as versioned,
 * validated configuration. Pure: no DB, no I/O, no clock. All money is integer cents.
 *
 * Source keys refer to /work/shared/domain/council.md, section "Compensation (Entschädigung)".
 */
import { z } from 'zod';

/** Meeting kinds a Satzung may pay Sitzungsgeld for. */
export const MEETING_KINDS = ['council', 'committee', 'fraktion', 'working_group', 'ortsbeirat'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** Roles that carry a monthly amount; everything except `member` is a supplement on top of `member`. */
export const ALLOWANCE_ROLES = ['member', 'chair', 'deputy_chair', 'fraktion_chair'] as const;
export type AllowanceRole = (typeof ALLOWANCE_ROLES)[number];

/**
 * How many Fraktion meetings are paid:
 * - `'none'`: no limit (every Fraktion meeting is paid if `fraktion` is in `meetingKinds`);
 * - `fixed`: a fixed number per year and/or per month (RP KomAEVO § 4 [X18]);
 * - `council_meetings`: at most as many as council meetings were held in the calendar year (Meißen [X12]).
 */
export type FraktionCap = 'none' | { kind: 'fixed'; perYear?: number; perMonth?: number } | { kind: 'council_meetings' };

/** Hours that count for lost earnings: only on these weekdays (1 = Mon … 7 = Sun), between from and to. */
export type LostEarningsWindow = { weekdays: number[]; from: string; to: string };

export type LostEarningsRule = {
  /** Standard hourly rate (employees, or everybody when no separate self-employed rate). */
  hourlyCents: number;
  /** Hourly rate for self-employed members, e.g. Taufkirchen 15 €/h vs. 8.50 €/h [X14]. */
  selfEmployedHourlyCents?: number;
  /** Maximum hourly rate, also for an individually proven rate (NRW: 84 €/h [N4]). */
  maxHourlyCents?: number;
  capPerMeetingCents?: number;
  capPerMonthCents?: number;
  /** Only hours inside this window count (Hemhofen: Mon–Fri 06:00–18:00 [X15]). */
  window?: LostEarningsWindow;
};

/** The compensation rules of one Satzung version (without its validity period). */
export type AllowanceConfig = {
  /** Monthly flat amounts; `member` for every member, the others are supplements on top of it. */
  monthlyByRole: Partial<Record<AllowanceRole, number>>;
  /** Body kinds whose chair / deputy chair gets the monthly supplement (default: any body). Fehrbellin: council only [B3]. */
  chairSupplementBodyKinds?: MeetingKind[];
  /**
   * The deputy-chair supplement is paid only when the deputy acted on at least this many days of the
   * month, and then for the whole month (Fehrbellin: deputy 50 % if acting more than two weeks [B3]).
   * Without it the deputy supplement is pro rata by acting days like every other monthly amount.
   */
  deputyChairMinDays?: number;
  /** Sitzungsgeld per attended meeting of a paid kind, in cents. 0 = covered by the monthly flat rate. */
  perMeeting: number;
  /**
   * Sitzungsgeld for a meeting the member chaired, **instead of** (not on top of) `perMeeting`
   * (Seehof: committee chair 60 € instead of 40 € [R14]).
   */
  chairPerMeeting?: number;
  /** Meeting kinds for which `chairPerMeeting` applies (default: every paid kind). */
  chairPerMeetingKinds?: MeetingKind[];
  /** Meeting kinds that count as mandate work: Sitzungsgeld, lost earnings and travel are paid only for these. */
  meetingKinds: MeetingKind[];
  /** Several meetings on one day get one Sitzungsgeld (Hüfingen [X13]; lawful per BayVGH 4 N 07.1051 [X16]). */
  sameDayCountsOnce: boolean;
  fraktionCap: FraktionCap;
  /**
   * State law pays Fraktion meetings only if the Hauptsatzung limits their number (NRW [N4]): with
   * `fraktionCap: 'none'` Fraktion meetings are then not paid at all.
   */
  fraktionPaidOnlyWithCap?: boolean;
  lostEarnings?: LostEarningsRule;
  /** Travel allowance per km of the round trip (e.g. 30 ct/km); once per day when `sameDayCountsOnce`. */
  travelPerKmCents?: number;
  /** Monthly amounts pause once a member has been absent for more than this many months in a row (Bad Liebenwerda: 2 [B4]). */
  pauseAfterMonthsAbsent?: number;
  /** Monthly bonus for working paperless (Meißen +5 €/month [X12]). */
  paperlessBonusCents?: number;
  /** State maximum for the ordinary Sitzungsgeld (MV: 40 € [R13]); `perMeeting` above it is a validation error. */
  stateMaxPerMeetingCents?: number;
  /** State maximum for the chair's Sitzungsgeld, if the state sets one. */
  stateMaxChairPerMeetingCents?: number;
};

/** One version of a tenant's rules: valid from `validFrom` to `validTo` inclusive (open-ended when missing/null). */
export type RuleVersion = AllowanceConfig & {
  validFrom: string;
  validTo?: string | null;
  name: string;
  /** Where the numbers come from (Satzung, paragraph, source key). */
  source?: string;
};

/** A ready-made configuration from a real Satzung; a tenant adds the validity period. */
export type RulePreset = AllowanceConfig & { name: string; source: string };

// ---------------------------------------------------------------------------------------------
// Dates and money (pure helpers shared by engine and CSV)

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day 'YYYY-MM-DD' (rejects 2025-02-30), so bad input fails validation instead of billing. */
export function isDay(s: string): boolean {
  const m = DAY_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Calendar arithmetic on 'YYYY-MM-DD' in UTC, so time zones and DST never shift a Europe/Berlin day. */
export function addDays(day: string, n: number): string {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`invalid day ${day}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n));
  return d.toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar day, for lost-earnings windows. */
export function isoWeekday(day: string): number {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`invalid day ${day}`);
  const w = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return w === 0 ? 7 : w;
}

/** '2025-01-01' → '01.01.2025', because every message a clerk or member reads uses German dates. */
export function formatDayDe(day: string): string {
  const m = DAY_RE.exec(day);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : day;
}

/** 'HH:MM' → minutes after midnight ('24:00' = 1440), so time windows and presence are exact integer arithmetic; undefined if malformed. */
export function parseTime(s: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return undefined;
  return h * 60 + min;
}

/** Integer cents as German money ("1.234,50 €") without Intl or floats, for notes and line texts. */
export function formatEuro(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError('amount must be integer cents');
  const abs = Math.abs(cents);
  const euros = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${cents < 0 ? '-' : ''}${euros},${String(abs % 100).padStart(2, '0')} €`;
}

/**
 * Exact integer division with commercial rounding (half away from zero) for non-negative numerator and
 * positive denominator: all pro-rata and per-hour amounts go through here, so no float ever touches money.
 */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0 || numerator < 0) {
    throw new RangeError('divRoundHalfUp needs a non-negative safe integer numerator and a positive denominator');
  }
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

// ---------------------------------------------------------------------------------------------
// Schema

const cents = z.number().int().min(0).max(100_000_000);
const day = z.string().refine(isDay, { message: 'Datum im Format JJJJ-MM-TT erwartet' });
const time = z.string().refine((s) => parseTime(s) !== undefined, { message: 'Uhrzeit im Format HH:MM erwartet' });
const kinds = z.array(z.enum(MEETING_KINDS)).max(MEETING_KINDS.length);
const count = z.number().int().min(0).max(1000);

const fraktionCapSchema = z.union([
  z.literal('none'),
  z.strictObject({ kind: z.literal('fixed'), perYear: count.optional(), perMonth: count.optional() }),
  z.strictObject({ kind: z.literal('council_meetings') }),
]);

const lostEarningsSchema = z.strictObject({
  hourlyCents: cents,
  selfEmployedHourlyCents: cents.optional(),
  maxHourlyCents: cents.optional(),
  capPerMeetingCents: cents.optional(),
  capPerMonthCents: cents.optional(),
  window: z
    .strictObject({ weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7), from: time, to: time })
    .optional(),
});

/** Zod schema of one rule version, used when a tenant saves its Satzung configuration. */
export const ruleVersionSchema: z.ZodType<RuleVersion> = z.strictObject({
  validFrom: day,
  validTo: day.nullable().optional(),
  name: z.string().trim().min(1).max(200),
  source: z.string().max(1000).optional(),
  monthlyByRole: z.strictObject({
    member: cents.optional(),
    chair: cents.optional(),
    deputy_chair: cents.optional(),
    fraktion_chair: cents.optional(),
  }),
  chairSupplementBodyKinds: kinds.optional(),
  deputyChairMinDays: z.number().int().min(1).max(31).optional(),
  perMeeting: cents,
  chairPerMeeting: cents.optional(),
  chairPerMeetingKinds: kinds.optional(),
  meetingKinds: kinds,
  sameDayCountsOnce: z.boolean(),
  fraktionCap: fraktionCapSchema,
  fraktionPaidOnlyWithCap: z.boolean().optional(),
  lostEarnings: lostEarningsSchema.optional(),
  travelPerKmCents: cents.optional(),
  pauseAfterMonthsAbsent: z.number().int().min(1).max(24).optional(),
  paperlessBonusCents: cents.optional(),
  stateMaxPerMeetingCents: cents.optional(),
  stateMaxChairPerMeetingCents: cents.optional(),
});

/** Checks one version's numbers against each other and against the state maximums (German messages). */
function versionProblems(v: RuleVersion): string[] {
  const at = `Regel ab ${formatDayDe(v.validFrom)}`;
  const out: string[] = [];
  if (v.validTo && v.validTo < v.validFrom) out.push(`${at}: Das Ende (${formatDayDe(v.validTo)}) liegt vor dem Beginn.`);
  if (v.stateMaxPerMeetingCents !== undefined && v.perMeeting > v.stateMaxPerMeetingCents) {
    out.push(`${at}: Das Sitzungsgeld von ${formatEuro(v.perMeeting)} übersteigt den landesrechtlichen Höchstbetrag von ${formatEuro(v.stateMaxPerMeetingCents)}.`);
  }
  if (v.stateMaxChairPerMeetingCents !== undefined && v.chairPerMeeting !== undefined && v.chairPerMeeting > v.stateMaxChairPerMeetingCents) {
    out.push(`${at}: Das Sitzungsgeld für die Sitzungsleitung von ${formatEuro(v.chairPerMeeting)} übersteigt den landesrechtlichen Höchstbetrag von ${formatEuro(v.stateMaxChairPerMeetingCents)}.`);
  }
  const le = v.lostEarnings;
  if (le?.window) {
    const from = parseTime(le.window.from);
    const to = parseTime(le.window.to);
    if (from !== undefined && to !== undefined && from >= to) out.push(`${at}: Das Zeitfenster für Verdienstausfall muss vor ${le.window.to} Uhr beginnen.`);
  }
  if (le?.maxHourlyCents !== undefined) {
    for (const [label, rate] of [['Der Regelstundensatz', le.hourlyCents], ['Der Stundensatz für Selbstständige', le.selfEmployedHourlyCents]] as const) {
      if (rate !== undefined && rate > le.maxHourlyCents) out.push(`${at}: ${label} von ${formatEuro(rate)} übersteigt den Höchstsatz von ${formatEuro(le.maxHourlyCents)} je Stunde.`);
    }
  }
  if (typeof v.fraktionCap === 'object' && v.fraktionCap.kind === 'fixed' && v.fraktionCap.perYear === undefined && v.fraktionCap.perMonth === undefined) {
    out.push(`${at}: Für die Begrenzung der Fraktionssitzungen fehlt die Höchstzahl (pro Jahr oder pro Monat).`);
  }
  return out;
}

/**
 * Finds gaps, overlaps and out-of-bounds numbers in a tenant's rule versions, so a Satzung change
 * can't leave days unpaid or paid twice. Versions are compared in validFrom order; each `validTo`
 * must be the day before the next `validFrom`, only the last may be open. Messages are German.
 */
export function validateVersions(versions: readonly RuleVersion[]): string[] {
  const out: string[] = [];
  const sorted = [...versions].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
  for (const v of sorted) out.push(...versionProblems(v));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    const overlap = `Die Regel ab ${formatDayDe(next.validFrom)} überschneidet sich mit der Regel ab ${formatDayDe(prev.validFrom)}.`;
    if (!prev.validTo || prev.validTo >= next.validFrom) {
      out.push(overlap);
      continue;
    }
    const firstGap = addDays(prev.validTo, 1);
    if (firstGap < next.validFrom) {
      const lastGap = addDays(next.validFrom, -1);
      const span = firstGap === lastGap ? `Am ${formatDayDe(firstGap)}` : `Vom ${formatDayDe(firstGap)} bis ${formatDayDe(lastGap)}`;
      out.push(`${span} gilt keine Regel (Lücke zwischen der Regel ab ${formatDayDe(prev.validFrom)} und der Regel ab ${formatDayDe(next.validFrom)}).`);
    }
  }
  return out;
}

/** Parses untrusted configuration (e.g. a form or JSON import) into versions, or German error messages. */
export function parseVersions(input: unknown): { ok: true; versions: RuleVersion[] } | { ok: false; errors: string[] } {
  const parsed = z.array(ruleVersionSchema).max(200).safeParse(input, { error: z.locales.de().localeError });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => {
        const [idx, ...rest] = i.path;
        const where = typeof idx === 'number' ? `Regel ${idx + 1}${rest.length ? ` (${rest.join('.')})` : ''}` : 'Regeln';
        return `${where}: ${i.message}`;
      }),
    };
  }
  const errors = validateVersions(parsed.data);
  return errors.length ? { ok: false, errors } : { ok: true, versions: parsed.data };
}

/**
 * The version that governs a given day, so each meeting is paid by the Satzung in force on its date.
 * Should versions overlap (invalid config), the one with the latest validFrom wins, deterministically.
 */
export function versionFor(versions: readonly RuleVersion[], day: string): RuleVersion | undefined {
  let best: RuleVersion | undefined;
  for (const v of versions) {
    if (v.validFrom <= day && (v.validTo === undefined || v.validTo === null || day <= v.validTo)) {
      if (!best || v.validFrom > best.validFrom) best = v;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Presets from real Satzungen

/**
 * Fehrbellin (Brandenburg), Entschädigungssatzung 2018 [B3]: 60 €/month, 20 € per council, committee
 * or working meeting; chair of the Gemeindevertretung +300 €/month; an acting deputy gets 50 % of it
 * (150 €) if acting more than two weeks in the month. Not modelled: "none if paid elsewhere", "none for
 * staff" — those are eligibility decisions made before billing.
 */
export const FEHRBELLIN_2018: RulePreset = {
  name: 'Fehrbellin 2018',
  source: '[B3] Entschädigungssatzung Gemeinde Fehrbellin 2018',
  monthlyByRole: { member: 6000, chair: 30000, deputy_chair: 15000 },
  chairSupplementBodyKinds: ['council'],
  deputyChairMinDays: 15,
  perMeeting: 2000,
  meetingKinds: ['council', 'committee', 'working_group'],
  sameDayCountsOnce: false,
  fraktionCap: 'none',
};

/**
 * Seehof (Mecklenburg-Vorpommern) [R14]: 40 € per meeting, at the MV maximum of 40 € [R13]; a committee
 * chair gets 60 € instead of 40 € for the meetings they lead (`chairPerMeeting` replaces, not adds).
 */
export const SEEHOF_MV: RulePreset = {
  name: 'Seehof (M-V)',
  source: '[R14] Hauptsatzung Gemeinde Seehof; Höchstbetrag [R13] EntschVO M-V',
  monthlyByRole: {},
  perMeeting: 4000,
  chairPerMeeting: 6000,
  chairPerMeetingKinds: ['committee'],
  meetingKinds: ['council', 'committee'],
  sameDayCountsOnce: false,
  fraktionCap: 'none',
  stateMaxPerMeetingCents: 4000,
};

/**
 * ASSUMED VALUE — council.md gives no Sitzungsgeld amount for the NRW partial flat rate. 20,00 € is a
 * placeholder; a tenant must replace it with the figure of § 2 EntschVO NRW before going live.
 */
export const NRW_ASSUMED_SITZUNGSGELD_CENTS = 2000;

/**
 * ASSUMED VALUE — NRW's standard lost-earnings rate is the statutory minimum wage [N4]; council.md gives no
 * figure. 12,41 €/h is the Mindestlohn from 1 Jan 2024 (MiLoG); update it with each Mindestlohn change.
 */
export const NRW_ASSUMED_MINDESTLOHN_2024_CENTS = 1241;

const NRW_COMMON = {
  fraktionCap: 'none',
  fraktionPaidOnlyWithCap: true,
  sameDayCountsOnce: false,
  meetingKinds: ['council', 'committee', 'fraktion'],
  lostEarnings: { hourlyCents: NRW_ASSUMED_MINDESTLOHN_2024_CENTS, maxHourlyCents: 8400 },
} satisfies Partial<AllowanceConfig>;

/**
 * NRW, EntschVO from 1 Jan 2024, municipalities ≤ 10,000 inhabitants, full monthly flat rate [N4][N5]:
 * 234,60 €/month, no Sitzungsgeld; Fraktion meetings count only if the Hauptsatzung limits their number
 * (set `fraktionCap` to do so); lost earnings at most 84 €/h.
 */
export const NRW_2024_SMALL: RulePreset = {
  ...NRW_COMMON,
  name: 'EntschVO NRW 2024, bis 10.000 Einwohner (volle Pauschale)',
  source: '[N4] § 2 EntschVO NRW (ab 01.01.2024); [N5]',
  monthlyByRole: { member: 23460 },
  perMeeting: 0,
};

/**
 * NRW ≤ 10,000 inhabitants, partial flat rate variant [N4]: 127,50 €/month plus Sitzungsgeld — the
 * Sitzungsgeld is NRW_ASSUMED_SITZUNGSGELD_CENTS, an assumed placeholder (see there).
 */
export const NRW_2024_SMALL_PARTIAL: RulePreset = {
  ...NRW_COMMON,
  name: 'EntschVO NRW 2024, bis 10.000 Einwohner (Teilpauschale + Sitzungsgeld)',
  source: '[N4] § 2 EntschVO NRW (ab 01.01.2024); Sitzungsgeld ANGENOMMEN, nicht aus der Quelle',
  monthlyByRole: { member: 12750 },
  perMeeting: NRW_ASSUMED_SITZUNGSGELD_CENTS,
};
