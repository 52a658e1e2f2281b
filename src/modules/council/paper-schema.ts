// Form parsing and validation of the Drucksachen pages: the paper itself, Mitzeichnung, Beratungsfolge, tracking and
// the PDF upload. Limits shared by pages and server live here.
import { detectType, MAX_FILE_BYTES, str, type FieldErrors, type Upload } from '../../kernel/index.ts';
import { PAPER_TYPES, type ConsultationRole, type PaperStatus, type PaperType } from './repository.ts';
import { isDay } from './admin-schema.ts';

export const PAPER_LIMITS = { name: 500, department: 100, municipality: 100, bodyText: 50_000, proposal: 20_000, reference: 60, comment: 2000, report: 20_000, fileName: 200 } as const;

/** 20 MB, the file store's limit: council PDFs (plans, reports) are larger than citizens' uploads. */
export const PAPER_UPLOAD_MAX_BYTES = MAX_FILE_BYTES;

type Body = Record<string, unknown>;
const checked = (b: Body, name: string) => typeof b[name] === 'string' && b[name] !== '';
/** The values of a checkbox group or multi-select (one value comes as a string, several as an array). */
export function list(b: Body, name: string, max = 200): string[] {
  const v = b[name];
  const all = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return [...new Set(all.filter((x): x is string => typeof x === 'string' && x !== '').map((x) => x.slice(0, 60)))].slice(0, max);
}

export interface PaperForm {
  paperType: string;
  name: string;
  date: string;
  municipality: string;
  department: string;
  bodyText: string;
  resolutionProposal: string;
  public: boolean;
  originatorPersonIds: string[];
  originatorBodyIds: string[];
  related: string;
}

export const emptyPaperForm = (today: string): PaperForm => ({
  paperType: 'beschlussvorlage', name: '', date: today, municipality: '', department: '', bodyText: '', resolutionProposal: '', public: true, originatorPersonIds: [], originatorBodyIds: [], related: '',
});

export interface PaperInput {
  paperType: PaperType;
  name: string;
  date: string;
  municipality: string | null;
  department: string | null;
  bodyText: string;
  resolutionProposal: string;
  public: boolean;
  originatorPersonIds: string[];
  originatorBodyIds: string[];
  /** The reference number of the related paper as typed ("AF/2026/003"); the command resolves it. */
  related: string | null;
}

/**
 * `type`: the fixed type of an existing paper (its number depends on it), or undefined on creation;
 * `persons` / `bodies` / `municipalities`: what this tenant offers for the choices.
 */
export function parsePaperForm(b: Body, o: { type?: PaperType; persons: readonly string[]; bodies: readonly string[]; municipalities: readonly string[] }): { form: PaperForm; errors: FieldErrors; input?: PaperInput } {
  const form: PaperForm = {
    paperType: o.type ?? str(b, 'paperType', 20),
    name: str(b, 'name', PAPER_LIMITS.name).trim(),
    date: str(b, 'date', 10).trim(),
    municipality: str(b, 'municipality', PAPER_LIMITS.municipality).trim(),
    department: str(b, 'department', PAPER_LIMITS.department).trim(),
    bodyText: str(b, 'bodyText', PAPER_LIMITS.bodyText).replace(/\r\n/g, '\n').trim(),
    resolutionProposal: str(b, 'resolutionProposal', PAPER_LIMITS.proposal).replace(/\r\n/g, '\n').trim(),
    public: checked(b, 'public'),
    originatorPersonIds: list(b, 'originatorPersonIds'),
    originatorBodyIds: list(b, 'originatorBodyIds'),
    related: str(b, 'related', PAPER_LIMITS.reference).trim(),
  };
  const errors: FieldErrors = {};
  if (!(PAPER_TYPES as readonly string[]).includes(form.paperType)) errors.paperType = 'Bitte wählen Sie die Art der Drucksache.';
  if (form.name.length < 3 || form.name.length > PAPER_LIMITS.name) errors.name = `Bitte geben Sie den Betreff der Drucksache an (3 bis ${PAPER_LIMITS.name} Zeichen).`;
  if (!isDay(form.date)) errors.date = 'Bitte geben Sie das Datum der Drucksache an, zum Beispiel 2026-11-23.';
  if (form.municipality && !o.municipalities.includes(form.municipality)) errors.municipality = 'Bitte wählen Sie eine Gemeinde aus der Liste.';
  if (form.department.length > PAPER_LIMITS.department) errors.department = `Die Angabe des Fachbereichs ist länger als ${PAPER_LIMITS.department} Zeichen.`;
  if (form.bodyText.length > PAPER_LIMITS.bodyText) errors.bodyText = `Der Sachverhalt ist länger als ${PAPER_LIMITS.bodyText} Zeichen. Längere Texte laden Sie bitte als Anlage (PDF) hoch.`;
  if (form.resolutionProposal.length > PAPER_LIMITS.proposal) errors.resolutionProposal = `Der Beschlussvorschlag ist länger als ${PAPER_LIMITS.proposal} Zeichen.`;
  if (form.originatorPersonIds.some((id) => !o.persons.includes(id))) errors.originatorPersonIds = 'Bitte wählen Sie die einreichenden Personen aus der Liste.';
  if (form.originatorBodyIds.some((id) => !o.bodies.includes(id))) errors.originatorBodyIds = 'Bitte wählen Sie die einreichenden Gremien oder Fraktionen aus der Liste.';
  else if ((form.paperType === 'antrag' || form.paperType === 'anfrage') && !errors.originatorPersonIds && form.originatorPersonIds.length + form.originatorBodyIds.length === 0) {
    errors.originatorPersonIds = `Bitte geben Sie an, wer ${form.paperType === 'antrag' ? 'den Antrag' : 'die Anfrage'} einreicht: Personen oder eine Fraktion.`;
  }
  if (form.related && !/^[A-Za-z]{2}\/\d{4}\/\d{1,6}$/.test(form.related)) errors.related = 'Bitte geben Sie die Nummer der Drucksache so an: AF/2026/003.';
  if (Object.keys(errors).length) return { form, errors };
  return {
    form,
    errors,
    input: {
      paperType: form.paperType as PaperType,
      name: form.name,
      date: form.date,
      municipality: form.municipality || null,
      department: form.department || null,
      bodyText: form.bodyText,
      resolutionProposal: form.resolutionProposal,
      public: form.public,
      originatorPersonIds: form.originatorPersonIds,
      originatorBodyIds: form.originatorBodyIds,
      related: form.related ? form.related.toUpperCase() : null,
    },
  };
}

/** The paper list's filters from the query string; unknown values are ignored. */
export function parsePaperFilter(q: Record<string, string | undefined>): { type?: PaperType; status?: PaperStatus; text?: string; page: number } {
  const type = (PAPER_TYPES as readonly string[]).includes(q.art ?? '') ? (q.art as PaperType) : undefined;
  const status = ['draft', 'signoff', 'released', 'withdrawn'].includes(q.stand ?? '') ? (q.stand as PaperStatus) : undefined;
  const text = (q.suche ?? '').slice(0, 100).trim();
  const page = /^\d{1,4}$/.test(q.seite ?? '') ? Math.max(1, Number(q.seite)) : 1;
  return { ...(type ? { type } : {}), ...(status ? { status } : {}), ...(text ? { text } : {}), page };
}

// ---------------------------------------------------------------------------------------------------------------
// Mitzeichnung

/** The signers chosen (ids of this tenant's eligible staff); the author cannot sign off their own paper. */
export function parseSignoffRequest(b: Body, o: { eligible: readonly string[]; authorId: string | null }): { signers: string[]; errors: FieldErrors } {
  const signers = list(b, 'signers', 20);
  const errors: FieldErrors = {};
  if (signers.length === 0) errors.signers = 'Bitte wählen Sie mindestens eine Person, die mitzeichnen soll.';
  else if (o.authorId && signers.includes(o.authorId)) errors.signers = 'Die Verfasserin oder der Verfasser kann die eigene Drucksache nicht mitzeichnen. Bitte wählen Sie andere Personen.';
  else if (signers.some((s) => !o.eligible.includes(s))) errors.signers = 'Bitte wählen Sie die Personen aus der Liste.';
  return { signers, errors };
}

export function parseSignoffDecision(b: Body): { approve: boolean | undefined; comment: string; errors: FieldErrors } {
  const aktion = str(b, 'aktion', 20);
  const approve = aktion === 'zustimmen' ? true : aktion === 'ablehnen' ? false : undefined;
  const comment = str(b, 'comment', PAPER_LIMITS.comment).trim();
  const errors: FieldErrors = {};
  if (comment.length > PAPER_LIMITS.comment) errors.comment = `Der Kommentar ist länger als ${PAPER_LIMITS.comment} Zeichen.`;
  else if (approve === false && !comment) errors.comment = 'Bitte begründen Sie die Ablehnung. Die Begründung sieht die Verfasserin oder der Verfasser.';
  return { approve, comment, errors };
}

// ---------------------------------------------------------------------------------------------------------------
// Beratungsfolge

export interface ConsultationForm {
  bodyId: string;
  role: string;
  position: string;
}

export function parseConsultationForm(b: Body, o: { bodies: readonly string[] }): { form: ConsultationForm; errors: FieldErrors; input?: { bodyId: string; role: ConsultationRole; position: number | null } } {
  const form: ConsultationForm = { bodyId: str(b, 'bodyId', 40), role: str(b, 'role', 12), position: str(b, 'position', 4).trim() };
  const errors: FieldErrors = {};
  if (!o.bodies.includes(form.bodyId)) errors.bodyId = 'Bitte wählen Sie das Gremium aus der Liste.';
  if (!['advising', 'deciding', 'noting'].includes(form.role)) errors.role = 'Bitte wählen Sie, was das Gremium tut: vorberaten, entscheiden oder zur Kenntnis nehmen.';
  const n = /^\d{1,3}$/.test(form.position) ? Number(form.position) : NaN;
  if (form.position !== '' && !(n >= 1 && n <= 99)) errors.position = 'Die Reihenfolge ist eine Zahl von 1 bis 99 (leer: an das Ende).';
  if (Object.keys(errors).length) return { form, errors };
  return { form, errors, input: { bodyId: form.bodyId, role: form.role as ConsultationRole, position: form.position === '' ? null : n - 1 } };
}

// ---------------------------------------------------------------------------------------------------------------
// Tracking

export interface TrackingForm {
  tracking: string;
  implementationDue: string;
  implementationReport: string;
}

export function parseTrackingForm(b: Body): { form: TrackingForm; errors: FieldErrors } {
  const form: TrackingForm = {
    tracking: str(b, 'tracking', 20),
    implementationDue: str(b, 'implementationDue', 10).trim(),
    implementationReport: str(b, 'implementationReport', PAPER_LIMITS.report).replace(/\r\n/g, '\n').trim(),
  };
  const errors: FieldErrors = {};
  if (form.implementationDue && !isDay(form.implementationDue)) errors.implementationDue = 'Bitte geben Sie die Frist so an: 2027-03-31.';
  if (form.implementationReport.length > PAPER_LIMITS.report) errors.implementationReport = `Der Umsetzungsbericht ist länger als ${PAPER_LIMITS.report} Zeichen.`;
  return { form, errors };
}

// ---------------------------------------------------------------------------------------------------------------
// Upload

export type PdfProblem = 'missing' | 'empty' | 'too_large' | 'type' | 'mismatch' | 'broken';

export const PDF_MESSAGES: Record<PdfProblem, string> = {
  missing: 'Bitte wählen Sie eine PDF-Datei aus.',
  empty: 'Die Datei ist leer. Es wurde nichts gespeichert.',
  too_large: 'Die Datei ist größer als 20 MB. Es wurde nichts gespeichert.',
  type: 'Die Datei ist keine PDF-Datei. Drucksachen und Anlagen nehmen wir nur als PDF an; entscheidend ist der Inhalt der Datei, nicht ihr Name. Es wurde nichts gespeichert.',
  mismatch: 'Der Dateiname muss auf .pdf enden. Es wurde nichts gespeichert.',
  broken: 'Die PDF-Datei ist beschädigt oder unvollständig. Es wurde nichts gespeichert.',
};

/** PDF only, by content (magic bytes via the kernel), with a matching name, a plausible structure and the size limit. */
export function checkPaperPdf(u: Upload | undefined): { ok: true; bytes: Buffer; fileName: string } | { ok: false; problem: PdfProblem } {
  if (!u || (u.bytes.length === 0 && !u.filename)) return { ok: false, problem: 'missing' };
  if (u.bytes.length === 0) return { ok: false, problem: 'empty' };
  if (u.bytes.length > PAPER_UPLOAD_MAX_BYTES) return { ok: false, problem: 'too_large' };
  if (detectType(u.bytes) !== 'pdf') return { ok: false, problem: 'type' };
  if (!/\.pdf$/i.test(u.filename)) return { ok: false, problem: 'mismatch' };
  const tail = u.bytes.subarray(Math.max(0, u.bytes.length - 1024)).toString('latin1');
  if (!/^%PDF-\d\.\d/.test(u.bytes.subarray(0, 8).toString('latin1')) || !tail.includes('%%EOF')) return { ok: false, problem: 'broken' };
  return { ok: true, bytes: u.bytes, fileName: u.filename };
}

export interface FileForm {
  name: string;
  role: string;
  public: boolean;
}

export function parseFileForm(b: Body): { form: FileForm; errors: FieldErrors } {
  const form: FileForm = { name: str(b, 'fileTitle', PAPER_LIMITS.fileName).trim(), role: str(b, 'fileRole', 12), public: checked(b, 'filePublic') };
  const errors: FieldErrors = {};
  if (!form.name || form.name.length > PAPER_LIMITS.fileName) errors.fileTitle = `Bitte geben Sie der Datei einen lesbaren Namen, zum Beispiel „Anlage 1 – Lageplan“ (bis ${PAPER_LIMITS.fileName} Zeichen).`;
  if (form.role !== 'main' && form.role !== 'attachment') errors.fileRole = 'Bitte wählen Sie, ob es die Drucksache selbst oder eine Anlage ist.';
  return { form, errors };
}

/** A readable, safe file name: "BV-2026-014 Anlage 1 Lageplan.pdf". */
export function readableFileName(reference: string, title: string): string {
  const clean = `${reference.replace(/\//g, '-')} ${title}`
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, ' ')
    .replace(/[–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 190);
  return `${clean}.pdf`;
}
