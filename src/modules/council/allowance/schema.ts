// Forms of the Sitzungsgeld pages: a rule version in plain fields (euros with a comma, checkboxes, selects), the
// per-person settings and the month of a billing run. Parsing keeps the raw input for redisplay and gives German
// field errors; the engine's own checks (gaps, overlaps, state maximums) run in the save command.
import { str, type FieldErrors } from '../../../kernel/index.ts';
import type { LostEarningsClaim } from './engine.ts';
import {
  FEHRBELLIN_2018,
  isDay,
  MEETING_KINDS,
  NRW_2024_SMALL,
  NRW_2024_SMALL_PARTIAL,
  SEEHOF_MV,
  type AllowanceConfig,
  type FraktionCap,
  type LostEarningsRule,
  type MeetingKind,
  type RulePreset,
  type RuleVersion,
} from './rules.ts';

export const LIMITS = { name: 200, source: 1000, money: 20 } as const;

/** The presets a new version can start from (key → preset), in the order of the select box. */
export const PRESETS: Readonly<Record<string, RulePreset>> = { FEHRBELLIN_2018, SEEHOF_MV, NRW_2024_SMALL, NRW_2024_SMALL_PARTIAL };

export const KIND_LABELS: Record<MeetingKind, string> = {
  council: 'Gemeindevertretung / Rat',
  committee: 'Ausschüsse',
  fraktion: 'Fraktionen',
  working_group: 'Arbeitsgruppen und sonstige Gremien',
  ortsbeirat: 'Ortsbeiräte',
};

export const WEEKDAY_LABELS = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'] as const;

export const LOST_EARNINGS_LABELS: Record<LostEarningsClaim, string> = {
  none: 'Kein Verdienstausfall',
  employee: 'Arbeitnehmer/in (Regelstundensatz oder nachgewiesener Stundensatz)',
  self_employed: 'Selbstständig (Stundensatz für Selbstständige)',
};

/** Money fields of the rule form (name → label); amounts in euros, stored as cents. */
export const MONEY_FIELDS = {
  monthlyMember: 'Monatliche Aufwandsentschädigung je Mitglied',
  monthlyChair: 'Monatlicher Zuschlag für den Vorsitz',
  monthlyDeputyChair: 'Monatlicher Zuschlag für die Stellvertretung im Vorsitz',
  monthlyFraktionChair: 'Monatlicher Zuschlag für den Fraktionsvorsitz',
  perMeeting: 'Sitzungsgeld je Sitzung',
  chairPerMeeting: 'Sitzungsgeld für die Sitzungsleitung (statt des Sitzungsgelds)',
  leHourly: 'Verdienstausfall: Regelstundensatz',
  leSelfEmployedHourly: 'Verdienstausfall: Stundensatz für Selbstständige',
  leMaxHourly: 'Verdienstausfall: Höchstsatz je Stunde',
  leCapPerMeeting: 'Verdienstausfall: Höchstbetrag je Sitzung',
  leCapPerMonth: 'Verdienstausfall: Höchstbetrag je Monat',
  travelPerKm: 'Fahrtkosten je Kilometer (Hin- und Rückweg)',
  paperlessBonus: 'Monatlicher Zuschlag für papierlose Gremienarbeit',
  stateMaxPerMeeting: 'Landesrechtlicher Höchstbetrag des Sitzungsgelds',
  stateMaxChairPerMeeting: 'Landesrechtlicher Höchstbetrag für die Sitzungsleitung',
} as const;
export type MoneyField = keyof typeof MONEY_FIELDS;

/** Whole-number fields (name → label, min, max). */
export const COUNT_FIELDS = {
  deputyChairMinDays: { label: 'Zuschlag Stellvertretung nur ab so vielen Vertretungstagen im Monat', min: 1, max: 31 },
  fraktionPerYear: { label: 'Höchstzahl vergüteter Fraktionssitzungen im Jahr', min: 0, max: 1000 },
  fraktionPerMonth: { label: 'Höchstzahl vergüteter Fraktionssitzungen im Monat', min: 0, max: 1000 },
  pauseAfterMonthsAbsent: { label: 'Monatsbeträge ruhen nach mehr als so vielen Monaten ohne Sitzungsteilnahme', min: 1, max: 24 },
} as const;
export type CountField = keyof typeof COUNT_FIELDS;

export type KindsField = 'meetingKinds' | 'chairSupplementBodyKinds' | 'chairPerMeetingKinds';

export interface RuleForm extends Record<MoneyField | CountField, string> {
  name: string;
  source: string;
  validFrom: string;
  validTo: string;
  meetingKinds: string[];
  chairSupplementBodyKinds: string[];
  chairPerMeetingKinds: string[];
  sameDayCountsOnce: boolean;
  fraktionCap: string;
  fraktionPaidOnlyWithCap: boolean;
  leWeekdays: string[];
  leFrom: string;
  leTo: string;
}

/** Cents as the form shows them: "60,00". */
export function euroInput(cents: number | undefined): string {
  if (cents === undefined) return '';
  return `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

/** "1.234,50", "20", "0,3", "20.50" → cents; undefined for anything else (no floats involved). */
export function parseEuroCents(input: string): number | undefined {
  const s = input.trim().replace(/\s|€/g, '');
  const m = /^(\d{1,3}(?:\.\d{3})+|\d{1,7})(?:,(\d{1,2}))?$/.exec(s) ?? /^(\d{1,7})\.(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]!.replace(/\./g, '')) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

/** The form filled from a configuration (a preset, or a copy of a stored version), with an empty validity. */
export function formFromConfig(cfg: AllowanceConfig & { name: string; source?: string | undefined }, validFrom = ''): RuleForm {
  const le = cfg.lostEarnings;
  const cap = cfg.fraktionCap;
  const count = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    name: cfg.name,
    source: cfg.source ?? '',
    validFrom,
    validTo: '',
    monthlyMember: euroInput(cfg.monthlyByRole.member),
    monthlyChair: euroInput(cfg.monthlyByRole.chair),
    monthlyDeputyChair: euroInput(cfg.monthlyByRole.deputy_chair),
    monthlyFraktionChair: euroInput(cfg.monthlyByRole.fraktion_chair),
    perMeeting: euroInput(cfg.perMeeting),
    chairPerMeeting: euroInput(cfg.chairPerMeeting),
    leHourly: euroInput(le?.hourlyCents),
    leSelfEmployedHourly: euroInput(le?.selfEmployedHourlyCents),
    leMaxHourly: euroInput(le?.maxHourlyCents),
    leCapPerMeeting: euroInput(le?.capPerMeetingCents),
    leCapPerMonth: euroInput(le?.capPerMonthCents),
    travelPerKm: euroInput(cfg.travelPerKmCents),
    paperlessBonus: euroInput(cfg.paperlessBonusCents),
    stateMaxPerMeeting: euroInput(cfg.stateMaxPerMeetingCents),
    stateMaxChairPerMeeting: euroInput(cfg.stateMaxChairPerMeetingCents),
    deputyChairMinDays: count(cfg.deputyChairMinDays),
    fraktionPerYear: typeof cap === 'object' && cap.kind === 'fixed' ? count(cap.perYear) : '',
    fraktionPerMonth: typeof cap === 'object' && cap.kind === 'fixed' ? count(cap.perMonth) : '',
    pauseAfterMonthsAbsent: count(cfg.pauseAfterMonthsAbsent),
    meetingKinds: [...cfg.meetingKinds],
    chairSupplementBodyKinds: [...(cfg.chairSupplementBodyKinds ?? [])],
    chairPerMeetingKinds: [...(cfg.chairPerMeetingKinds ?? [])],
    sameDayCountsOnce: cfg.sameDayCountsOnce,
    fraktionCap: cap === 'none' ? 'none' : cap.kind,
    fraktionPaidOnlyWithCap: cfg.fraktionPaidOnlyWithCap ?? false,
    leWeekdays: (le?.window?.weekdays ?? []).map(String),
    leFrom: le?.window?.from ?? '',
    leTo: le?.window?.to ?? '',
  };
}

const list = (body: Record<string, unknown>, name: string): string[] => {
  const v = body[name];
  const xs = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return xs.filter((x): x is string => typeof x === 'string').slice(0, 20);
};
const checked = (body: Record<string, unknown>, name: string) => typeof body[name] === 'string' && body[name] !== '';

/** Reads and checks the rule form; `version` only when every field is valid. */
export function parseRuleForm(body: Record<string, unknown>): { form: RuleForm; errors: FieldErrors; version?: RuleVersion } {
  const money = Object.fromEntries(Object.keys(MONEY_FIELDS).map((k) => [k, str(body, k, LIMITS.money).trim()])) as Record<MoneyField, string>;
  const counts = Object.fromEntries(Object.keys(COUNT_FIELDS).map((k) => [k, str(body, k, 6).trim()])) as Record<CountField, string>;
  const form: RuleForm = {
    ...money,
    ...counts,
    name: str(body, 'name', LIMITS.name).trim(),
    source: str(body, 'source', LIMITS.source).trim(),
    validFrom: str(body, 'validFrom', 10).trim(),
    validTo: str(body, 'validTo', 10).trim(),
    meetingKinds: list(body, 'meetingKinds'),
    chairSupplementBodyKinds: list(body, 'chairSupplementBodyKinds'),
    chairPerMeetingKinds: list(body, 'chairPerMeetingKinds'),
    sameDayCountsOnce: checked(body, 'sameDayCountsOnce'),
    fraktionCap: str(body, 'fraktionCap', 20),
    fraktionPaidOnlyWithCap: checked(body, 'fraktionPaidOnlyWithCap'),
    leWeekdays: list(body, 'leWeekdays'),
    leFrom: str(body, 'leFrom', 5).trim(),
    leTo: str(body, 'leTo', 5).trim(),
  };
  const errors: FieldErrors = {};
  if (form.name.length < 1 || form.name.length > LIMITS.name) errors.name = `Bitte geben Sie eine Bezeichnung an (bis ${LIMITS.name} Zeichen), zum Beispiel „Entschädigungssatzung 2027“.`;
  if (form.source.length > LIMITS.source) errors.source = `Die Quelle darf höchstens ${LIMITS.source} Zeichen lang sein.`;
  if (!isDay(form.validFrom)) errors.validFrom = 'Bitte geben Sie an, ab wann die Regel gilt, im Format JJJJ-MM-TT, zum Beispiel 2027-01-01.';
  if (form.validTo && !isDay(form.validTo)) errors.validTo = 'Bitte geben Sie das Ende im Format JJJJ-MM-TT an oder lassen Sie das Feld leer (unbefristet).';
  else if (form.validTo && isDay(form.validFrom) && form.validTo < form.validFrom) errors.validTo = 'Das Ende darf nicht vor dem Beginn liegen.';

  const cents: Partial<Record<MoneyField, number>> = {};
  for (const k of Object.keys(MONEY_FIELDS) as MoneyField[]) {
    if (!form[k]) continue;
    const v = parseEuroCents(form[k]);
    if (v === undefined) errors[k] = `${MONEY_FIELDS[k]}: Bitte geben Sie einen Betrag in Euro an, zum Beispiel 20,00 (oder lassen Sie das Feld leer).`;
    else cents[k] = v;
  }
  if (!form.perMeeting) errors.perMeeting = 'Bitte geben Sie das Sitzungsgeld je Sitzung an (0,00, wenn die Sitzungen mit der Monatspauschale abgegolten sind).';
  const n: Partial<Record<CountField, number>> = {};
  for (const k of Object.keys(COUNT_FIELDS) as CountField[]) {
    if (!form[k]) continue;
    const f = COUNT_FIELDS[k];
    const v = /^\d{1,4}$/.test(form[k]) ? Number(form[k]) : NaN;
    if (!(v >= f.min && v <= f.max)) errors[k] = `${f.label}: Bitte geben Sie eine ganze Zahl von ${f.min} bis ${f.max} an (oder lassen Sie das Feld leer).`;
    else n[k] = v;
  }
  const kinds = (name: KindsField): MeetingKind[] => {
    const bad = form[name].filter((x) => !(MEETING_KINDS as readonly string[]).includes(x));
    if (bad.length) errors[name] = 'Bitte wählen Sie nur Sitzungsarten aus der Liste.';
    return form[name].filter((x): x is MeetingKind => (MEETING_KINDS as readonly string[]).includes(x));
  };
  const meetingKinds = kinds('meetingKinds');
  const chairSupplementBodyKinds = kinds('chairSupplementBodyKinds');
  const chairPerMeetingKinds = kinds('chairPerMeetingKinds');

  let fraktionCap: FraktionCap = 'none';
  if (form.fraktionCap === 'fixed') {
    if (n.fraktionPerYear === undefined && n.fraktionPerMonth === undefined && !errors.fraktionPerYear && !errors.fraktionPerMonth) {
      errors.fraktionPerYear = 'Für die feste Höchstzahl geben Sie bitte an, wie viele Fraktionssitzungen im Jahr oder im Monat vergütet werden.';
    }
    fraktionCap = { kind: 'fixed', ...(n.fraktionPerYear !== undefined ? { perYear: n.fraktionPerYear } : {}), ...(n.fraktionPerMonth !== undefined ? { perMonth: n.fraktionPerMonth } : {}) };
  } else if (form.fraktionCap === 'council_meetings') fraktionCap = { kind: 'council_meetings' };
  else if (form.fraktionCap !== 'none') errors.fraktionCap = 'Bitte wählen Sie eine Begrenzung der Fraktionssitzungen aus der Liste.';

  let lostEarnings: LostEarningsRule | undefined;
  const leOthers = (['leSelfEmployedHourly', 'leMaxHourly', 'leCapPerMeeting', 'leCapPerMonth'] as const).some((k) => form[k]) || form.leWeekdays.length > 0 || !!form.leFrom || !!form.leTo;
  if (cents.leHourly !== undefined) {
    lostEarnings = {
      hourlyCents: cents.leHourly,
      ...(cents.leSelfEmployedHourly !== undefined ? { selfEmployedHourlyCents: cents.leSelfEmployedHourly } : {}),
      ...(cents.leMaxHourly !== undefined ? { maxHourlyCents: cents.leMaxHourly } : {}),
      ...(cents.leCapPerMeeting !== undefined ? { capPerMeetingCents: cents.leCapPerMeeting } : {}),
      ...(cents.leCapPerMonth !== undefined ? { capPerMonthCents: cents.leCapPerMonth } : {}),
    };
    if (form.leWeekdays.length || form.leFrom || form.leTo) {
      const days = form.leWeekdays.map(Number);
      if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) errors.leWeekdays = 'Bitte wählen Sie die Wochentage, an denen Verdienstausfall angerechnet wird.';
      const time = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
      if (!time.test(form.leFrom)) errors.leFrom = 'Bitte geben Sie den Beginn des Zeitfensters als Uhrzeit an, zum Beispiel 06:00.';
      if (!time.test(form.leTo)) errors.leTo = 'Bitte geben Sie das Ende des Zeitfensters als Uhrzeit an, zum Beispiel 18:00.';
      else if (time.test(form.leFrom) && form.leFrom >= form.leTo) errors.leTo = 'Das Zeitfenster muss nach seinem Beginn enden.';
      lostEarnings.window = { weekdays: [...new Set(days)].sort((a, b) => a - b), from: form.leFrom, to: form.leTo };
    }
  } else if (leOthers && !errors.leHourly) {
    errors.leHourly = 'Für den Verdienstausfall geben Sie bitte den Regelstundensatz an (oder leeren Sie alle Felder zum Verdienstausfall).';
  }

  if (Object.keys(errors).length) return { form, errors };
  const monthlyByRole: AllowanceConfig['monthlyByRole'] = {
    ...(cents.monthlyMember !== undefined ? { member: cents.monthlyMember } : {}),
    ...(cents.monthlyChair !== undefined ? { chair: cents.monthlyChair } : {}),
    ...(cents.monthlyDeputyChair !== undefined ? { deputy_chair: cents.monthlyDeputyChair } : {}),
    ...(cents.monthlyFraktionChair !== undefined ? { fraktion_chair: cents.monthlyFraktionChair } : {}),
  };
  const version: RuleVersion = {
    name: form.name,
    ...(form.source ? { source: form.source } : {}),
    validFrom: form.validFrom,
    validTo: form.validTo || null,
    monthlyByRole,
    ...(chairSupplementBodyKinds.length ? { chairSupplementBodyKinds } : {}),
    ...(n.deputyChairMinDays !== undefined ? { deputyChairMinDays: n.deputyChairMinDays } : {}),
    perMeeting: cents.perMeeting ?? 0,
    ...(cents.chairPerMeeting !== undefined ? { chairPerMeeting: cents.chairPerMeeting } : {}),
    ...(chairPerMeetingKinds.length ? { chairPerMeetingKinds } : {}),
    meetingKinds,
    sameDayCountsOnce: form.sameDayCountsOnce,
    fraktionCap,
    ...(form.fraktionPaidOnlyWithCap ? { fraktionPaidOnlyWithCap: true } : {}),
    ...(lostEarnings ? { lostEarnings } : {}),
    ...(cents.travelPerKm !== undefined ? { travelPerKmCents: cents.travelPerKm } : {}),
    ...(n.pauseAfterMonthsAbsent !== undefined ? { pauseAfterMonthsAbsent: n.pauseAfterMonthsAbsent } : {}),
    ...(cents.paperlessBonus !== undefined ? { paperlessBonusCents: cents.paperlessBonus } : {}),
    ...(cents.stateMaxPerMeeting !== undefined ? { stateMaxPerMeetingCents: cents.stateMaxPerMeeting } : {}),
    ...(cents.stateMaxChairPerMeeting !== undefined ? { stateMaxChairPerMeetingCents: cents.stateMaxChairPerMeeting } : {}),
  };
  return { form, errors, version };
}

/** 'YYYY-MM' of a billing run. */
export function parseMonth(body: Record<string, unknown>): { month: string; error?: string } {
  const month = str(body, 'month', 7).trim();
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || month < '2000-01' || month > '2099-12') {
    return { month, error: 'Bitte geben Sie den Abrechnungsmonat im Format JJJJ-MM an, zum Beispiel 2026-12.' };
  }
  return { month };
}

export interface PersonSettingsForm {
  lostEarnings: string;
  hourlyRate: string;
  paperless: boolean;
  distanceKm: string;
}

/** Reads and checks the settings of one member. */
export function parsePersonSettingsForm(
  body: Record<string, unknown>,
): { form: PersonSettingsForm; errors: FieldErrors; data?: { lostEarnings: LostEarningsClaim; hourlyRateCents: number | null; paperless: boolean; distanceKm: number | null } } {
  const form: PersonSettingsForm = {
    lostEarnings: str(body, 'lostEarnings', 20),
    hourlyRate: str(body, 'hourlyRate', LIMITS.money).trim(),
    paperless: checked(body, 'paperless'),
    distanceKm: str(body, 'distanceKm', 10).trim(),
  };
  const errors: FieldErrors = {};
  if (!(form.lostEarnings in LOST_EARNINGS_LABELS)) errors.lostEarnings = 'Bitte wählen Sie eine Angabe zum Verdienstausfall aus der Liste.';
  const rate = form.hourlyRate ? parseEuroCents(form.hourlyRate) : null;
  if (rate === undefined || (rate !== null && rate > 100000)) errors.hourlyRate = 'Bitte geben Sie den nachgewiesenen Stundensatz in Euro an, zum Beispiel 25,50 (oder lassen Sie das Feld leer).';
  let km: number | null = null;
  if (form.distanceKm) {
    const m = /^(\d{1,4})(?:[,.](\d))?$/.exec(form.distanceKm);
    km = m ? Number(m[1]) + Number(m[2] ?? '0') / 10 : NaN;
    if (!(km >= 0 && km <= 2000)) errors.distanceKm = 'Bitte geben Sie die Entfernung für Hin- und Rückweg in Kilometern an (0 bis 2000, höchstens eine Nachkommastelle), zum Beispiel 12,5.';
  }
  if (Object.keys(errors).length) return { form, errors };
  return { form, errors, data: { lostEarnings: form.lostEarnings as LostEarningsClaim, hourlyRateCents: rate ?? null, paperless: form.paperless, distanceKm: km } };
}

