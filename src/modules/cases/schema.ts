// Form parsing and validation of the cases pages; limits shared by pages and server live here.
import { isUuid, str, type FieldErrors } from '../../kernel/index.ts';
import { parseEuro } from '../catalog/index.ts';
import { parseWorkflow, type Transition } from './workflow.ts';
import { isDay } from './dates.ts';
import type { CaseTypeData } from './repository.ts';

export const LIMITS = { name: 120, key: 60, subject: 300, party: 200, question: 5000, reason: 5000, note: 2000, workflow: 50_000, targetMin: 1, targetMax: 3650, team: 80 } as const;

export interface TypeForm {
  name: string;
  key: string;
  service: string;
  team: string;
  plan: string;
  targetDays: string;
  fourEyes: boolean;
  active: boolean;
  workflow: string;
}

const checked = (body: Record<string, unknown>, name: string) => typeof body[name] === 'string' && body[name] !== '';

/** Reads and checks the case type form; `data` only when everything is valid. */
export function parseTypeForm(
  body: Record<string, unknown>,
  o: { teams: readonly string[]; plans: readonly string[]; serviceExists: boolean },
): { form: TypeForm; errors: FieldErrors; workflowErrors: string[]; data?: CaseTypeData } {
  const form: TypeForm = {
    name: str(body, 'name', LIMITS.name).trim(),
    key: str(body, 'key', LIMITS.key).trim(),
    service: str(body, 'service', 100).trim(),
    team: str(body, 'team', 40),
    plan: str(body, 'plan', 40),
    targetDays: str(body, 'targetDays', 6).trim(),
    fourEyes: checked(body, 'fourEyes'),
    active: checked(body, 'active'),
    workflow: str(body, 'workflow', LIMITS.workflow),
  };
  const errors: FieldErrors = {};
  if (form.name.length < 2 || form.name.length > LIMITS.name) errors.name = `Bitte geben Sie einen Namen an (2 bis ${LIMITS.name} Zeichen).`;
  if (!/^[a-z0-9-]{2,60}$/.test(form.key)) errors.key = 'Der Schlüssel besteht aus 2 bis 60 Kleinbuchstaben, Ziffern oder Bindestrichen, zum Beispiel „bewohnerparkausweis“.';
  if (form.service && (!/^[a-z0-9-]{2,100}$/.test(form.service) || !o.serviceExists)) errors.service = 'Diese Leistung gibt es im Leistungskatalog nicht. Bitte geben Sie das Kürzel einer Leistung an oder lassen Sie das Feld leer.';
  if (form.team && !o.teams.includes(form.team)) errors.team = 'Bitte wählen Sie ein Team aus der Liste.';
  if (form.plan && !o.plans.includes(form.plan)) errors.plan = 'Bitte wählen Sie einen Aktenplan-Eintrag aus der Liste.';
  const days = /^\d{1,4}$/.test(form.targetDays) ? Number(form.targetDays) : NaN;
  if (!(days >= LIMITS.targetMin && days <= LIMITS.targetMax)) errors.targetDays = `Die Bearbeitungsfrist ist eine Zahl von Tagen (${LIMITS.targetMin} bis ${LIMITS.targetMax}).`;
  let workflowErrors: string[] = [];
  const parsed = form.workflow.length > LIMITS.workflow ? { errors: [`Der Ablauf ist länger als ${LIMITS.workflow} Zeichen.`] } : parseWorkflow(form.workflow);
  if (parsed.errors) {
    workflowErrors = parsed.errors;
    errors.workflow = `Der Ablauf ist nicht gültig (${parsed.errors.length === 1 ? '1 Fehler' : `${parsed.errors.length} Fehler`}, siehe Liste unter dem Feld).`;
  } else if (form.fourEyes && !parsed.workflow.transitions.some((t) => t.decision)) {
    errors.fourEyes = 'Das Vier-Augen-Prinzip braucht einen Schritt mit „decision“: true im Ablauf.';
  }
  if (Object.keys(errors).length || !parsed.workflow) return { form, errors, workflowErrors };
  return {
    form,
    errors,
    workflowErrors,
    data: {
      key: form.key,
      name: form.name,
      serviceSlug: form.service || null,
      teamId: form.team || null,
      planItemId: form.plan || null,
      targetDays: days,
      fourEyes: form.fourEyes,
      workflow: parsed.workflow,
      active: form.active,
    },
  };
}

export interface StepForm {
  frage: string;
  entscheidung: string;
  begruendung: string;
  gebuehr: string;
  notiz: string;
}

/** Reads what a step needs: the question of a Rückfrage, the decision (reason, fee), or a note. */
export function parseStepForm(body: Record<string, unknown>, t: Transition, o: { linkedToApplication: boolean }): { form: StepForm; errors: FieldErrors; input?: { question?: string; decision?: 'approved' | 'rejected'; reason?: string; feeCents?: number; note?: string } } {
  const form: StepForm = {
    frage: str(body, 'frage', LIMITS.question + 1).trim(),
    entscheidung: str(body, 'entscheidung', 10),
    begruendung: str(body, 'begruendung', LIMITS.reason + 1).trim(),
    gebuehr: str(body, 'gebuehr', 20).trim(),
    notiz: str(body, `notiz-${t.key}`, LIMITS.note + 1).trim(),
  };
  const errors: FieldErrors = {};
  if (t.query) {
    if (form.frage.length > LIMITS.question) errors.frage = `Die Frage ist länger als ${LIMITS.question} Zeichen.`;
    else if (o.linkedToApplication && !form.frage) errors.frage = 'Bitte schreiben Sie Ihre Frage. Sie geht in das Postfach der Antragstellerin oder des Antragstellers.';
    return Object.keys(errors).length ? { form, errors } : { form, errors, input: { question: form.frage } };
  }
  if (t.decision) {
    if (form.entscheidung !== 'approved' && form.entscheidung !== 'rejected') errors.entscheidung = 'Bitte wählen Sie eine Entscheidung.';
    if (form.begruendung.length > LIMITS.reason) errors.begruendung = `Die Begründung ist länger als ${LIMITS.reason} Zeichen.`;
    else if (form.entscheidung === 'rejected' && !form.begruendung) errors.begruendung = 'Bitte begründen Sie die Ablehnung.';
    let feeCents: number | undefined;
    if (form.gebuehr) {
      feeCents = parseEuro(form.gebuehr);
      if (feeCents === undefined) errors.gebuehr = 'Bitte geben Sie die Gebühr in Euro an, zum Beispiel 25,00.';
    }
    if (Object.keys(errors).length) return { form, errors };
    return { form, errors, input: { decision: form.entscheidung as 'approved' | 'rejected', reason: form.begruendung, ...(feeCents !== undefined ? { feeCents } : {}) } };
  }
  if (form.notiz.length > LIMITS.note) return { form, errors: { [`notiz-${t.key}`]: `Der Vermerk ist länger als ${LIMITS.note} Zeichen.` } };
  return { form, errors, input: { note: form.notiz } };
}

export interface NewCaseForm {
  type: string;
  subject: string;
  party: string;
}

export function parseNewCaseForm(body: Record<string, unknown>, types: readonly string[]): { form: NewCaseForm; errors: FieldErrors } {
  const form: NewCaseForm = { type: str(body, 'type', 40), subject: str(body, 'subject', LIMITS.subject + 1).trim(), party: str(body, 'party', LIMITS.party + 1).trim() };
  const errors: FieldErrors = {};
  if (!types.includes(form.type)) errors.type = 'Bitte wählen Sie einen Vorgangstyp.';
  if (form.subject.length < 3 || form.subject.length > LIMITS.subject) errors.subject = `Bitte geben Sie einen Betreff an (3 bis ${LIMITS.subject} Zeichen).`;
  if (form.party.length > LIMITS.party) errors.party = `Der Name ist länger als ${LIMITS.party} Zeichen.`;
  return { form, errors };
}

export interface AbsenceForm {
  user: string;
  substitute: string;
  from: string;
  to: string;
}

export function parseAbsenceForm(body: Record<string, unknown>, o: { self: string; mayChooseUser: boolean; workers: readonly string[]; today: string }): { form: AbsenceForm; errors: FieldErrors } {
  const form: AbsenceForm = {
    user: o.mayChooseUser ? str(body, 'user', 40) : o.self,
    substitute: str(body, 'substitute', 40),
    from: str(body, 'from', 10).trim(),
    to: str(body, 'to', 10).trim(),
  };
  const errors: FieldErrors = {};
  if (!isUuid(form.user) || !o.workers.includes(form.user)) errors.user = 'Bitte wählen Sie die abwesende Person aus der Liste.';
  if (!isUuid(form.substitute) || !o.workers.includes(form.substitute)) errors.substitute = 'Bitte wählen Sie die Vertretung aus der Liste.';
  else if (form.substitute === form.user) errors.substitute = 'Niemand kann sich selbst vertreten. Bitte wählen Sie eine andere Person.';
  if (!isDay(form.from)) errors.from = 'Bitte geben Sie den ersten Tag der Abwesenheit an, zum Beispiel 2026-12-01.';
  if (!isDay(form.to)) errors.to = 'Bitte geben Sie den letzten Tag der Abwesenheit an, zum Beispiel 2026-12-05.';
  else if (isDay(form.from) && form.to < form.from) errors.to = 'Der letzte Tag liegt vor dem ersten Tag.';
  else if (form.to < o.today) errors.to = 'Die Abwesenheit liegt ganz in der Vergangenheit.';
  return { form, errors };
}
