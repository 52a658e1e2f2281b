// Forms of the meeting area: meeting (Berlin wall-clock date and times → instants), agenda item, dispatch, cancellation,
// "posted" record. Limits shared by views and parsers live here.
import { isUuid, str, type FieldErrors } from '../../kernel/index.ts';

export const LIMITS = { name: 300, itemName: 500, reason: 1000, urgency: 1000 } as const;

/** The standard items offered on a new meeting (public part), in their usual order. */
export const STANDARD_ITEMS: readonly string[] = [
  'Eröffnung und Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit',
  'Bestätigung der Tagesordnung',
  'Genehmigung der Niederschrift der letzten Sitzung',
  'Einwohnerfragestunde',
  'Mitteilungen',
];

// ---------------------------------------------------------------------------------------------------------------
// Berlin wall-clock time

const partsFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function berlinParts(d: Date): { day: string; time: string; offsetMin: number } {
  const p: Record<string, string> = {};
  for (const x of partsFmt.formatToParts(d)) if (x.type !== 'literal') p[x.type] = x.value;
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, offsetMin: Math.round((asUtc - d.getTime()) / 60_000) };
}

/** The instant of a Europe/Berlin wall-clock time (day YYYY-MM-DD, time HH:MM), whatever the server's time zone. */
export function berlinInstant(day: string, time: string): Date {
  const guess = new Date(`${day}T${time}:00Z`);
  const first = guess.getTime() - berlinParts(guess).offsetMin * 60_000;
  return new Date(guess.getTime() - berlinParts(new Date(first)).offsetMin * 60_000);
}

/** The Berlin calendar day and wall-clock time of an instant, for the form fields. */
export function berlinWallClock(d: Date): { day: string; time: string } {
  const { day, time } = berlinParts(d);
  return { day, time };
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

function validDay(s: string): boolean {
  if (!DAY_RE.test(s)) return false;
  const d = new Date(`${s}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// ---------------------------------------------------------------------------------------------------------------
// Meeting

export interface MeetingForm {
  body: string;
  name: string;
  date: string;
  start: string;
  end: string;
  location: string;
  /** Indexes into STANDARD_ITEMS that are ticked (new meetings only). */
  standard: number[];
}

export interface MeetingData {
  bodyId: string;
  /** Empty: the default "N. Sitzung des/der …" is filled in. */
  name: string;
  startsAt: Date;
  endsAt: Date;
  locationId: string | null;
  standardItems: string[];
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

/** Reads and checks the meeting form; `data` only when valid. Times are Berlin wall-clock times of one day. */
export function parseMeetingForm(body: Record<string, unknown>, o: { bodyIds: readonly string[]; locationIds: readonly string[]; fixedBodyId?: string; isNew: boolean }): { form: MeetingForm; errors: FieldErrors; data?: MeetingData } {
  const form: MeetingForm = {
    body: o.fixedBodyId ?? str(body, 'body', 40).trim(),
    name: str(body, 'name', LIMITS.name).trim().replace(/\s+/g, ' '),
    date: str(body, 'date', 10).trim(),
    start: str(body, 'start', 5).trim(),
    end: str(body, 'end', 5).trim(),
    location: str(body, 'location', 40).trim(),
    standard: o.isNew ? list(body.standard).map(Number).filter((n) => Number.isInteger(n) && n >= 0 && n < STANDARD_ITEMS.length) : [],
  };
  const errors: FieldErrors = {};
  if (!o.fixedBodyId && (!isUuid(form.body) || !o.bodyIds.includes(form.body))) errors.body = 'Bitte wählen Sie das Gremium.';
  if (form.name.length > LIMITS.name) errors.name = `Der Titel darf höchstens ${LIMITS.name} Zeichen lang sein.`;
  if (!validDay(form.date)) errors.date = 'Bitte geben Sie den Sitzungstag als Datum an, zum Beispiel 2026-12-10.';
  if (!TIME_RE.test(form.start)) errors.start = 'Bitte geben Sie den Beginn als Uhrzeit an, zum Beispiel 18:00.';
  if (!TIME_RE.test(form.end)) errors.end = 'Bitte geben Sie das voraussichtliche Ende als Uhrzeit an, zum Beispiel 21:00.';
  else if (!errors.start && form.end <= form.start) errors.end = 'Das Ende muss nach dem Beginn liegen (am selben Tag).';
  if (form.location && (!isUuid(form.location) || !o.locationIds.includes(form.location))) errors.location = 'Bitte wählen Sie einen Sitzungsort aus der Liste.';
  if (Object.keys(errors).length > 0) return { form, errors };
  return {
    form,
    errors,
    data: {
      bodyId: form.body,
      name: form.name,
      startsAt: berlinInstant(form.date, form.start),
      endsAt: berlinInstant(form.date, form.end),
      locationId: form.location || null,
      standardItems: [...new Set(form.standard)].sort((a, b) => a - b).map((i) => STANDARD_ITEMS[i]!),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Agenda item

export interface AgendaItemForm {
  name: string;
  part: 'oeffentlich' | 'nichtoeffentlich';
  paper: string;
}

export function parseAgendaItemForm(body: Record<string, unknown>): { form: AgendaItemForm; errors: FieldErrors } {
  const part = str(body, 'part', 20);
  const form: AgendaItemForm = {
    name: str(body, 'name', LIMITS.itemName).trim().replace(/\s+/g, ' '),
    part: part === 'nichtoeffentlich' ? 'nichtoeffentlich' : 'oeffentlich',
    paper: str(body, 'paper', 60).trim(),
  };
  const errors: FieldErrors = {};
  if (part !== 'oeffentlich' && part !== 'nichtoeffentlich') errors.part = 'Bitte wählen Sie, ob der Punkt im öffentlichen oder im nichtöffentlichen Teil beraten wird.';
  if (form.name.length > LIMITS.itemName) errors.name = `Der Titel darf höchstens ${LIMITS.itemName} Zeichen lang sein.`;
  if (!form.name && !form.paper) errors.name = 'Bitte geben Sie einen Titel an oder wählen Sie eine Vorlage.';
  if (form.paper && !isUuid(form.paper)) errors.paper = 'Diese Vorlage gibt es nicht. Bitte wählen Sie eine freigegebene Vorlage aus der Liste.';
  return { form, errors };
}

export const AGENDA_ACTIONS = ['up', 'down', 'remove', 'public', 'nonpublic'] as const;
export type AgendaAction = (typeof AGENDA_ACTIONS)[number];

export function parseAgendaAction(body: Record<string, unknown>): AgendaAction | undefined {
  const a = str(body, 'action', 20);
  return (AGENDA_ACTIONS as readonly string[]).includes(a) ? (a as AgendaAction) : undefined;
}

/** The page state a form was built from (the meeting's modified_at in ms); a change since then is a stale submit. */
export function parseStand(body: Record<string, unknown>): number | undefined {
  const s = str(body, 'stand', 20);
  return /^\d{1,16}$/.test(s) ? Number(s) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Dispatch, cancellation, posting

export interface DispatchForm {
  urgent: boolean;
  urgencyReason: string;
  version: number | undefined;
}

export function parseDispatchForm(body: Record<string, unknown>): { form: DispatchForm; errors: FieldErrors } {
  const v = str(body, 'version', 5);
  const form: DispatchForm = {
    urgent: str(body, 'urgent', 5) === 'ja',
    urgencyReason: str(body, 'urgencyReason', LIMITS.urgency).trim(),
    version: /^\d{1,4}$/.test(v) ? Number(v) : undefined,
  };
  const errors: FieldErrors = {};
  if (form.urgencyReason.length > LIMITS.urgency) errors.urgencyReason = `Die Begründung darf höchstens ${LIMITS.urgency} Zeichen lang sein.`;
  if (!form.urgent && form.urgencyReason) errors.urgent = 'Sie haben eine Dringlichkeitsbegründung eingegeben. Bitte kreuzen Sie dann auch „Dringlichkeitssitzung“ an – oder leeren Sie das Feld.';
  return { form, errors };
}

export function parseCancelForm(body: Record<string, unknown>): { reason: string; errors: FieldErrors } {
  const reason = str(body, 'reason', LIMITS.reason).trim();
  const errors: FieldErrors = {};
  if (!reason) errors.reason = 'Bitte geben Sie den Grund der Absage an. Er steht in der Mitteilung an die Mitglieder.';
  else if (reason.length > LIMITS.reason) errors.reason = `Der Grund darf höchstens ${LIMITS.reason} Zeichen lang sein.`;
  return { reason, errors };
}

export function parsePostedForm(body: Record<string, unknown>): { day: string; ids: string[]; errors: FieldErrors } {
  const day = str(body, 'day', 10).trim();
  const ids = list(body.delivery).filter(isUuid);
  const errors: FieldErrors = {};
  if (!validDay(day)) errors.day = 'Bitte geben Sie das Datum der Aufgabe zur Post an, zum Beispiel 2026-11-30.';
  if (ids.length === 0) errors.delivery = 'Bitte wählen Sie mindestens ein Schreiben, das zur Post gegeben wurde.';
  return { day, ids, errors };
}
