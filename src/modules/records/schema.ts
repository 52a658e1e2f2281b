// Form parsing and validation of the E-Akte (German messages); limits shared by pages and server live here.
import { isUuid, str, type FieldErrors } from '../../kernel/index.ts';
import type { Direction, FileStatus, RetentionAction } from './repository.ts';
import { addDays, parseDay } from './time.ts';

export const LIMITS = {
  code: 30,
  planTitle: 200,
  fileTitle: 300,
  docTitle: 300,
  correspondent: 300,
  subject: 500,
  note: 1000,
  reason: 1000,
  retentionMax: 200,
  inspectionDaysMax: 366,
  query: 200,
} as const;

export const CODE_RE = /^[0-9]{1,3}(\.[0-9]{1,3}){0,5}$/;

export const DIRECTIONS: readonly { value: Direction; label: string }[] = [
  { value: 'incoming', label: 'Eingang' },
  { value: 'outgoing', label: 'Ausgang' },
  { value: 'internal', label: 'intern' },
];

export const FILE_STATUSES: readonly { value: FileStatus; label: string }[] = [
  { value: 'open', label: 'offen' },
  { value: 'closed', label: 'abgeschlossen' },
  { value: 'archived', label: 'archiviert' },
  { value: 'deleted', label: 'gelöscht' },
];

export const ACTIONS: readonly { value: RetentionAction; label: string }[] = [
  { value: 'archive', label: 'dem Archiv anbieten' },
  { value: 'delete', label: 'vernichten (löschen)' },
];

export const directionLabel = (d: Direction) => DIRECTIONS.find((x) => x.value === d)?.label ?? d;
export const statusLabel = (s: FileStatus) => FILE_STATUSES.find((x) => x.value === s)?.label ?? s;
export const actionLabel = (a: RetentionAction) => ACTIONS.find((x) => x.value === a)?.label ?? a;

const checked = (body: Record<string, unknown>, name: string) => body[name] === 'ja';
const tooLong = (label: string, max: number) => `${label} darf höchstens ${max.toLocaleString('de-DE')} Zeichen lang sein.`;

function text(body: Record<string, unknown>, name: string, max: number): string {
  return str(body, name, max + 1).trim();
}

// ---------------------------------------------------------------- plan item

export interface PlanItemForm {
  code: string;
  title: string;
  parent: string;
  years: string;
  action: '' | RetentionAction;
}

export interface PlanItemInput {
  code: string;
  title: string;
  parentId: string | null;
  retentionYears: number | null;
  retentionAction: RetentionAction | null;
}

/** Checks what the form alone can tell; the file plan itself (unique code, parent, cycles) is checked by the command. */
export function parsePlanItemForm(body: Record<string, unknown>): { form: PlanItemForm; errors: FieldErrors; input?: PlanItemInput } {
  const action = str(body, 'action', 10);
  const form: PlanItemForm = {
    code: text(body, 'code', LIMITS.code),
    title: text(body, 'title', LIMITS.planTitle),
    parent: str(body, 'parent', 40),
    years: text(body, 'years', 5),
    action: action === 'archive' || action === 'delete' ? action : '',
  };
  const errors: FieldErrors = {};
  if (!form.code) errors.code = 'Bitte geben Sie das Aktenplankennzeichen an.';
  else if (!CODE_RE.test(form.code)) errors.code = 'Das Kennzeichen besteht aus Zahlen, durch Punkte getrennt, zum Beispiel 32 oder 32.10 (höchstens sechs Stufen mit je bis zu drei Ziffern).';
  if (!form.title) errors.title = 'Bitte geben Sie die Bezeichnung an.';
  else if (form.title.length > LIMITS.planTitle) errors.title = tooLong('Die Bezeichnung', LIMITS.planTitle);
  if (form.parent && !isUuid(form.parent)) errors.parent = 'Bitte wählen Sie eine übergeordnete Gruppe aus der Liste.';
  let years: number | null = null;
  if (form.years) {
    if (!/^\d{1,3}$/.test(form.years) || Number(form.years) > LIMITS.retentionMax) errors.years = `Die Aufbewahrungsfrist ist eine ganze Zahl von Jahren zwischen 0 und ${LIMITS.retentionMax}.`;
    else years = Number(form.years);
  }
  if (years !== null && !form.action) errors.action = 'Bitte wählen Sie, was nach Ablauf der Frist geschieht.';
  if (years === null && form.action && !errors.years) errors.years = 'Bitte geben Sie die Aufbewahrungsfrist in Jahren an, oder wählen Sie „von der übergeordneten Gruppe übernehmen“.';
  if (!form.parent && !form.years && !form.action) errors.years = 'Eine oberste Gruppe braucht eine eigene Aufbewahrungsfrist (Unterpunkte können sie übernehmen).';
  if (Object.keys(errors).length) return { form, errors };
  return { form, errors, input: { code: form.code, title: form.title, parentId: form.parent || null, retentionYears: years, retentionAction: years === null ? null : (form.action as RetentionAction) } };
}

/** A code fits under its parent when it begins with the parent's code: "32.10" under "32", or "32" under "3". */
export function codeFitsParent(code: string, parentCode: string): boolean {
  if (code.startsWith(`${parentCode}.`)) return true;
  return !parentCode.includes('.') && code.split('.')[0]!.length > parentCode.length && code.startsWith(parentCode);
}

// ---------------------------------------------------------------- file

export interface FileForm {
  plan: string;
  title: string;
  restricted: boolean;
}

export function parseFileForm(body: Record<string, unknown>, planIds: ReadonlySet<string>): { form: FileForm; errors: FieldErrors } {
  const form: FileForm = { plan: str(body, 'plan', 40), title: text(body, 'title', LIMITS.fileTitle), restricted: checked(body, 'restricted') };
  const errors: FieldErrors = {};
  if (!planIds.has(form.plan)) errors.plan = 'Bitte wählen Sie den Aktenplanpunkt, unter dem die Akte geführt wird.';
  if (!form.title) errors.title = 'Bitte geben Sie den Titel der Akte an.';
  else if (form.title.length > LIMITS.fileTitle) errors.title = tooLong('Der Titel', LIMITS.fileTitle);
  return { form, errors };
}

// ---------------------------------------------------------------- document

export interface DocumentForm {
  title: string;
  direction: '' | Direction;
  correspondent: string;
  date: string;
  subject: string;
  restricted: boolean;
}

export function parseDocumentForm(body: Record<string, unknown>, today: string): { form: DocumentForm; errors: FieldErrors; day?: string } {
  const direction = str(body, 'direction', 10);
  const form: DocumentForm = {
    title: text(body, 'title', LIMITS.docTitle),
    direction: direction === 'incoming' || direction === 'outgoing' || direction === 'internal' ? direction : '',
    correspondent: text(body, 'correspondent', LIMITS.correspondent),
    date: text(body, 'date', 12),
    subject: text(body, 'subject', LIMITS.subject),
    restricted: checked(body, 'restricted'),
  };
  const errors: FieldErrors = {};
  if (!form.title) errors.title = 'Bitte geben Sie den Titel des Dokuments an.';
  else if (form.title.length > LIMITS.docTitle) errors.title = tooLong('Der Titel', LIMITS.docTitle);
  if (!form.direction) errors.direction = 'Bitte wählen Sie, ob das Dokument eingegangen, ausgegangen oder intern ist.';
  if (form.correspondent.length > LIMITS.correspondent) errors.correspondent = tooLong('Die Angabe', LIMITS.correspondent);
  const day = parseDay(form.date);
  if (!form.date) errors.date = 'Bitte geben Sie das Datum des Dokuments an.';
  else if (!day) errors.date = 'Bitte geben Sie ein gültiges Datum an, zum Beispiel 23.11.2026.';
  else if (day > addDays(today, 1)) errors.date = 'Das Datum des Dokuments darf nicht in der Zukunft liegen.';
  if (form.subject.length > LIMITS.subject) errors.subject = tooLong('Der Betreff', LIMITS.subject);
  return day && !Object.keys(errors).length ? { form, errors, day } : { form, errors };
}

export function parseVersionForm(body: Record<string, unknown>): { note: string; version: number | undefined; errors: FieldErrors } {
  const note = text(body, 'note', LIMITS.note);
  const raw = str(body, 'version', 8);
  const version = /^\d{1,7}$/.test(raw) ? Number(raw) : undefined;
  const errors: FieldErrors = {};
  if (!note) errors.note = 'Bitte beschreiben Sie kurz, was sich in der neuen Fassung geändert hat.';
  else if (note.length > LIMITS.note) errors.note = tooLong('Der Vermerk', LIMITS.note);
  return { note, version, errors };
}

// ---------------------------------------------------------------- inspection

export interface InspectionForm {
  email: string;
  from: string;
  until: string;
  note: string;
  documents: string[];
}

export function parseInspectionForm(body: Record<string, unknown>, allowed: ReadonlySet<string>, today: string): { form: InspectionForm; errors: FieldErrors; from?: string; until?: string } {
  const v = body.documents;
  const docs = (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).filter((x): x is string => typeof x === 'string');
  const form: InspectionForm = { email: text(body, 'email', 254).toLowerCase(), from: text(body, 'from', 12), until: text(body, 'until', 12), note: text(body, 'note', LIMITS.note), documents: [...new Set(docs)] };
  const errors: FieldErrors = {};
  if (!form.email) errors.email = 'Bitte geben Sie die E-Mail-Adresse des Bürgerkontos an.';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email)) errors.email = 'Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@example.org.';
  const from = parseDay(form.from);
  const until = parseDay(form.until);
  if (!from) errors.from = 'Bitte geben Sie an, ab wann die Einsicht möglich ist, zum Beispiel 23.11.2026.';
  else if (from < today) errors.from = 'Der Beginn darf nicht in der Vergangenheit liegen.';
  if (!until) errors.until = 'Bitte geben Sie an, bis wann die Einsicht möglich ist, zum Beispiel 07.12.2026.';
  else if (from && until < from) errors.until = 'Das Ende darf nicht vor dem Beginn liegen.';
  else if (from && until > addDays(from, LIMITS.inspectionDaysMax)) errors.until = 'Eine Akteneinsicht kann höchstens ein Jahr lang freigegeben werden.';
  if (form.documents.length === 0) errors.documents = 'Bitte wählen Sie mindestens ein Dokument aus.';
  else if (form.documents.some((d) => !allowed.has(d))) errors.documents = 'Bitte wählen Sie nur Dokumente dieser Akte aus.';
  if (form.note.length > LIMITS.note) errors.note = tooLong('Der Hinweis', LIMITS.note);
  return from && until && !Object.keys(errors).length ? { form, errors, from, until } : { form, errors };
}

// ---------------------------------------------------------------- disposal decision

export interface DecisionForm {
  decision: '' | 'approve' | 'reject';
  reason: string;
  until: string;
}

export function parseDecisionForm(body: Record<string, unknown>, today: string): { form: DecisionForm; errors: FieldErrors; until?: string } {
  const d = str(body, 'decision', 10);
  const form: DecisionForm = { decision: d === 'approve' || d === 'reject' ? d : '', reason: text(body, 'reason', LIMITS.reason), until: text(body, 'until', 12) };
  const errors: FieldErrors = {};
  if (!form.decision) errors.decision = 'Bitte wählen Sie, ob Sie die Aussonderung freigeben oder ablehnen.';
  if (form.reason.length > LIMITS.reason) errors.reason = tooLong('Die Begründung', LIMITS.reason);
  let until: string | undefined;
  if (form.decision === 'reject') {
    if (!form.reason) errors.reason = 'Bitte begründen Sie die Ablehnung.';
    until = parseDay(form.until);
    if (!until) errors.until = 'Bitte geben Sie an, wann die Akte wieder vorgelegt werden soll, zum Beispiel 01.01.2028.';
    else if (until <= today) errors.until = 'Die Wiedervorlage muss in der Zukunft liegen.';
  }
  return Object.keys(errors).length ? { form, errors } : until ? { form, errors, until } : { form, errors };
}

/** The list filter of the files page, from the query string (unknown values are ignored). */
export function parseFileFilter(q: Record<string, string | undefined>): { plan?: string; status?: FileStatus; q?: string; page: number } {
  const status = FILE_STATUSES.find((s) => s.value === q.status)?.value;
  const text = (q.q ?? '').trim().slice(0, LIMITS.query);
  return {
    ...(isUuid(q.plan) ? { plan: q.plan } : {}),
    ...(status ? { status } : {}),
    ...(text ? { q: text } : {}),
    page: Math.max(1, Math.min(10_000, Number.parseInt(q.seite ?? '1', 10) || 1)),
  };
}
