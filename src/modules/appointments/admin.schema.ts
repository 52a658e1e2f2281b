// Form parsing and validation of the Terminvergabe set-up; limits shared by pages and server live here.
import { str, type FieldErrors } from '../../kernel/index.ts';
import type { Hours, Settings } from './repository.ts';
import type { LocationData, ServiceData } from './admin.repository.ts';

export const WEEKDAYS = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'] as const;
/** Time ranges per weekday shown in the form (more are kept when a location already has more). */
export const RANGES_SHOWN = 2;
const RANGES_MAX = 6;
/** The slot grid: opening hours and durations are multiples of it. */
export const GRID_MINUTES = 15;

export const LIMITS = { name: 120, address: 300, accessibility: 2000, reason: 200, countersMin: 1, countersMax: 50, durationMin: 15, durationMax: 240 } as const;

export type Range = { opens: string; closes: string };
export type HoursForm = Record<number, Range[]>;

export interface LocationForm {
  name: string;
  address: string;
  accessibility: string;
  counters: string;
  active: boolean;
  services: string[];
  hours: HoursForm;
}

export interface ServiceForm {
  name: string;
  duration: string;
  active: boolean;
}

export interface ClosureForm {
  day: string;
  location: string;
  reason: string;
}

/** The form field names of one time range (ids are `f-` + name, as the error summary expects). */
export const rangeNames = (weekday: number, i: number) => ({ opens: `d${weekday}-von${i + 1}`, closes: `d${weekday}-bis${i + 1}` });

function minutesOf(s: string): number | undefined {
  const m = /^(\d{1,2})[:.](\d{2})(?::00)?$/.exec(s.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 23 && min <= 59 ? h * 60 + min : undefined;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function intIn(raw: string, min: number, max: number): number | undefined {
  const s = raw.trim();
  if (!/^\d{1,7}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? n : undefined;
}

const between = (min: number, max: number) => `von ${min.toLocaleString('de-DE')} bis ${max.toLocaleString('de-DE')}`;

function checkedValues(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return [...new Set(list.filter((x): x is string => typeof x === 'string'))];
}

/** The opening hours of a location as form values, at least RANGES_SHOWN ranges per weekday. */
export function hoursForm(hours: readonly Hours[]): HoursForm {
  const out: HoursForm = {};
  for (let wd = 1; wd <= 7; wd++) {
    const list = hours.filter((h) => h.weekday === wd).map((h) => ({ opens: h.opens, closes: h.closes }));
    while (list.length < RANGES_SHOWN) list.push({ opens: '', closes: '' });
    out[wd] = list;
  }
  return out;
}

/** Reads and checks the weekly opening hours: HH:MM on the 15-minute grid, opens before closes, no overlaps. */
export function parseHours(body: Record<string, unknown>, errors: FieldErrors): { form: HoursForm; hours: Hours[] } {
  const form: HoursForm = {};
  const hours: Hours[] = [];
  for (let wd = 1; wd <= 7; wd++) {
    const day = WEEKDAYS[wd - 1]!;
    const ranges: Range[] = [];
    for (let i = 0; i < RANGES_MAX; i++) {
      const n = rangeNames(wd, i);
      if (i >= RANGES_SHOWN && !(n.opens in body) && !(n.closes in body)) break;
      ranges.push({ opens: str(body, n.opens, 8).trim(), closes: str(body, n.closes, 8).trim() });
    }
    form[wd] = ranges;
    const valid: { from: number; to: number; i: number }[] = [];
    ranges.forEach((r, i) => {
      const n = rangeNames(wd, i);
      const where = `${day}, ${i + 1}. Zeitraum`;
      if (!r.opens && !r.closes) return;
      const from = r.opens ? minutesOf(r.opens) : undefined;
      const to = r.closes ? minutesOf(r.closes) : undefined;
      let ok = true;
      for (const [name, raw, value, missing] of [
        [n.opens, r.opens, from, 'Bitte geben Sie auch an, ab wann geöffnet ist („von“).'],
        [n.closes, r.closes, to, 'Bitte geben Sie auch an, bis wann geöffnet ist („bis“).'],
      ] as const) {
        if (!raw) errors[name] = `${where}: ${missing}`;
        else if (value === undefined) errors[name] = `${where}: Bitte geben Sie die Uhrzeit im Format HH:MM ein, zum Beispiel 08:00.`;
        else if (value % GRID_MINUTES !== 0) errors[name] = `${where}: Bitte wählen Sie eine Uhrzeit im Viertelstundentakt (:00, :15, :30 oder :45).`;
        else continue;
        ok = false;
      }
      if (!ok || from === undefined || to === undefined) return;
      if (to <= from) {
        errors[n.closes] = `${where}: Das Ende („bis“) muss nach dem Beginn („von“) liegen.`;
        return;
      }
      valid.push({ from, to, i });
    });
    valid.sort((a, b) => a.from - b.from);
    for (let k = 1; k < valid.length; k++) {
      const prev = valid[k - 1]!;
      const cur = valid[k]!;
      if (cur.from < prev.to) {
        const later = Math.max(prev.i, cur.i);
        errors[rangeNames(wd, later).opens] = `${day}: Die Zeiträume ${prev.i + 1} und ${cur.i + 1} überschneiden sich.`;
      }
    }
    for (const v of valid) hours.push({ weekday: wd, opens: hhmm(v.from), closes: hhmm(v.to) });
  }
  return { form, hours };
}

/** Reads the location form; `known` are the tenant's service ids (others are ignored). */
export function parseLocationForm(body: Record<string, unknown>, known: readonly string[]): { form: LocationForm; errors: FieldErrors; data?: LocationData; services: string[]; hours: Hours[] } {
  const errors: FieldErrors = {};
  const { form: hf, hours } = parseHours(body, errors);
  const services = checkedValues(body, 'service').filter((s) => known.includes(s));
  const form: LocationForm = {
    name: str(body, 'name', LIMITS.name).trim(),
    address: str(body, 'address', LIMITS.address).trim(),
    accessibility: str(body, 'accessibility', LIMITS.accessibility).trim(),
    counters: str(body, 'counters', 10).trim(),
    active: body.active === 'ja',
    services,
    hours: hf,
  };
  if (form.name.length < 2 || form.name.length > LIMITS.name) errors.name = `Bitte geben Sie den Namen des Standorts ein (2 bis ${LIMITS.name} Zeichen).`;
  if (form.address.length < 2 || form.address.length > LIMITS.address) errors.address = `Bitte geben Sie die Anschrift ein (2 bis ${LIMITS.address} Zeichen).`;
  if (form.accessibility.length > LIMITS.accessibility) errors.accessibility = `Die Hinweise zur Barrierefreiheit sind zu lang (höchstens ${LIMITS.accessibility.toLocaleString('de-DE')} Zeichen).`;
  const counters = intIn(form.counters, LIMITS.countersMin, LIMITS.countersMax);
  if (counters === undefined) errors.counters = `Bitte geben Sie die Zahl der Schalter als ganze Zahl ${between(LIMITS.countersMin, LIMITS.countersMax)} ein.`;
  // Hour errors come first in the body order; keep the summary in page order (fields above the hours first).
  const ordered: FieldErrors = {};
  for (const k of ['name', 'address', 'accessibility', 'counters']) if (errors[k]) ordered[k] = errors[k];
  for (const [k, v] of Object.entries(errors)) if (!(k in ordered)) ordered[k] = v;
  if (Object.keys(ordered).length || counters === undefined) return { form, errors: ordered, services, hours };
  return { form, errors: ordered, services, hours, data: { name: form.name, address: form.address, accessibility: form.accessibility, counters, active: form.active } };
}

/** Reads the service form: name and a duration on the 15-minute grid. */
export function parseServiceForm(body: Record<string, unknown>): { form: ServiceForm; errors: FieldErrors; data?: ServiceData } {
  const form: ServiceForm = { name: str(body, 'name', LIMITS.name).trim(), duration: str(body, 'duration', 10).trim(), active: body.active === 'ja' };
  const errors: FieldErrors = {};
  if (form.name.length < 2 || form.name.length > LIMITS.name) errors.name = `Bitte geben Sie den Namen der Leistung ein (2 bis ${LIMITS.name} Zeichen).`;
  const d = intIn(form.duration, LIMITS.durationMin, LIMITS.durationMax);
  if (d === undefined || d % GRID_MINUTES !== 0) {
    errors.duration = `Bitte geben Sie die Dauer in Minuten ${between(LIMITS.durationMin, LIMITS.durationMax)} in Schritten von ${GRID_MINUTES} Minuten ein (zum Beispiel 15, 30 oder 45).`;
  }
  if (Object.keys(errors).length || d === undefined) return { form, errors };
  return { form, errors, data: { name: form.name, durationMinutes: d, active: form.active } };
}

/** YYYY-MM-DD (date input) or TT.MM.JJJJ (typed by hand) to YYYY-MM-DD; undefined for no real date. */
export function parseDay(raw: string): string | undefined {
  const s = raw.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  const [y, mo, d] = iso ? [iso[1], iso[2], iso[3]] : de ? [de[3], de[2], de[1]] : [];
  if (!y || !mo || !d) return undefined;
  const day = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const dt = new Date(`${day}T12:00:00Z`);
  return !Number.isNaN(dt.getTime()) && dt.toISOString().slice(0, 10) === day ? day : undefined;
}

/**
 * Reads the closure form. `today` (Berlin) bounds the day; `locations` are the tenant's location ids;
 * `isHoliday` tells public holidays, which are closed anyway.
 */
export function parseClosureForm(body: Record<string, unknown>, o: { today: string; locations: readonly string[]; isHoliday: (day: string) => boolean }): { form: ClosureForm; errors: FieldErrors; data?: { day: string; locationId: string | null; reason: string } } {
  const form: ClosureForm = { day: str(body, 'day', 20).trim(), location: str(body, 'location', 40), reason: str(body, 'reason', LIMITS.reason).trim() };
  const errors: FieldErrors = {};
  const day = parseDay(form.day);
  if (!form.day) errors.day = 'Bitte geben Sie den Tag ein, an dem geschlossen ist.';
  else if (!day) errors.day = 'Bitte geben Sie ein gültiges Datum ein, zum Beispiel 24.12.2026.';
  else if (day < o.today) errors.day = 'Der Tag liegt in der Vergangenheit. Bitte wählen Sie heute oder einen späteren Tag.';
  else if (o.isHoliday(day)) errors.day = 'Dieser Tag ist ein gesetzlicher Feiertag. An Feiertagen ist ohnehin geschlossen.';
  if (form.location !== '' && !o.locations.includes(form.location)) errors.location = 'Bitte wählen Sie einen Standort oder „Alle Standorte“.';
  if (form.reason.length > LIMITS.reason) errors.reason = `Der Grund ist zu lang (höchstens ${LIMITS.reason} Zeichen).`;
  if (Object.keys(errors).length || !day) return { form, errors };
  return { form, errors, data: { day, locationId: form.location || null, reason: form.reason } };
}

type IntKey = Exclude<keyof Settings, 'releaseTime' | 'apiRequiresChallenge' | 'waitlistEnabled'>;

/** The numeric rules with their German labels, hints and the ranges the database also enforces. */
export const NUMBER_SETTINGS: readonly { key: IntKey; label: string; hint: string; min: number; max: number }[] = [
  { key: 'horizonDays', label: 'Buchungshorizont in Tagen', hint: 'So viele Tage im Voraus können Termine gebucht werden.', min: 1, max: 365 },
  { key: 'minNoticeMinutes', label: 'Mindestvorlauf in Minuten', hint: 'So viele Minuten vor Beginn muss ein Termin spätestens gebucht werden (10.080 Minuten sind eine Woche).', min: 0, max: 10080 },
  { key: 'maxOpenPerEmail', label: 'Höchstzahl offener Termine je E-Mail-Adresse', hint: 'So viele künftige Termine darf eine Person gleichzeitig gebucht haben.', min: 1, max: 50 },
  { key: 'bookingsPerHourPerClient', label: 'Buchungen je Anschluss und Stunde', hint: 'Schutz vor Massenbuchungen: so viele Buchungsversuche sind je Internetanschluss (IP-Adresse) und Stunde erlaubt.', min: 1, max: 100000 },
  { key: 'confirmMinutes', label: 'Bestätigungsfrist in Minuten', hint: 'So lange wird ein reservierter Termin freigehalten, bis er über den Link in der E-Mail bestätigt ist.', min: 5, max: 1440 },
  { key: 'maxPersons', label: 'Personen je Buchung', hint: 'Für so viele Personen darf eine Buchung höchstens gelten.', min: 1, max: 10 },
  { key: 'offerMinutes', label: 'Angebotsfrist Warteliste in Minuten', hint: 'So lange gilt ein frei gewordener Termin, der jemandem von der Warteliste angeboten wird.', min: 10, max: 1440 },
  { key: 'reminderHours', label: 'Erinnerung Stunden vorher', hint: 'So viele Stunden vor dem Termin geht eine Erinnerung hinaus. 0 = keine Erinnerung.', min: 0, max: 168 },
  { key: 'powDifficulty', label: 'Rechenaufgabe (Proof of Work): Schwierigkeit in Bit', hint: 'Schutz vor automatisierten Buchungen. 0 = aus. Jedes weitere Bit verdoppelt die durchschnittliche Rechenzeit im Browser.', min: 0, max: 24 },
  { key: 'minFormSeconds', label: 'Mindestzeit ohne JavaScript in Sekunden', hint: 'Ohne JavaScript gilt die Rechenaufgabe als gelöst, wenn das Formular mindestens so lange geöffnet war.', min: 0, max: 300 },
];

export const RELEASE_TIME = { label: 'Freischaltzeit für neue Tage (HH:MM)', hint: 'Um diese Uhrzeit wird jeweils der nächste Tag am Ende des Buchungshorizonts buchbar, zum Beispiel 07:00.' } as const;

export type SettingsForm = Record<IntKey | 'releaseTime', string> & { apiRequiresChallenge: boolean; waitlistEnabled: boolean };

/** The saved rules as form values. */
export function settingsForm(s: Settings): SettingsForm {
  const f = { releaseTime: s.releaseTime, apiRequiresChallenge: s.apiRequiresChallenge, waitlistEnabled: s.waitlistEnabled } as SettingsForm;
  for (const x of NUMBER_SETTINGS) f[x.key] = String(s[x.key]);
  return f;
}

/** Reads the rules form with the same ranges as the database constraints, so those are only the backstop. */
export function parseSettingsForm(body: Record<string, unknown>): { form: SettingsForm; errors: FieldErrors; data?: Settings } {
  const form = { releaseTime: str(body, 'releaseTime', 8).trim(), apiRequiresChallenge: body.apiRequiresChallenge === 'ja', waitlistEnabled: body.waitlistEnabled === 'ja' } as SettingsForm;
  const errors: FieldErrors = {};
  const data = { apiRequiresChallenge: form.apiRequiresChallenge, waitlistEnabled: form.waitlistEnabled } as Settings;
  for (const x of NUMBER_SETTINGS) {
    form[x.key] = str(body, x.key, 10).trim();
    const n = intIn(form[x.key], x.min, x.max);
    if (n === undefined) errors[x.key] = `${x.label}: Bitte geben Sie eine ganze Zahl ${between(x.min, x.max)} ein.`;
    else data[x.key] = n;
  }
  const release = minutesOf(form.releaseTime);
  if (release === undefined) errors.releaseTime = `${RELEASE_TIME.label}: Bitte geben Sie eine Uhrzeit im Format HH:MM ein, zum Beispiel 07:00.`;
  else data.releaseTime = hhmm(release);
  // Summary in page order: the numbers first as listed, the release time after the horizon.
  const ordered: FieldErrors = {};
  for (const k of ['horizonDays', 'releaseTime', ...NUMBER_SETTINGS.slice(1).map((x) => x.key)]) if (errors[k]) ordered[k] = errors[k];
  if (Object.keys(ordered).length) return { form, errors: ordered };
  return { form, errors: ordered, data };
}
