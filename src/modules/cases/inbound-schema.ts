// Form parsing of the Posteingang, the letter form and the print batch; limits shared by pages and server.
import { str, type FieldErrors } from '../../kernel/index.ts';

export const INBOUND_LIMITS = { sender: 200, subject: 300, letterSubject: 200, letterText: 10_000, addressLines: 8, addressLine: 100, list: 200, recent: 20 } as const;
/** 20 MB for the file itself; the multipart limit is a little higher so a slightly larger file gets our own message. */
export const INBOUND_MAX_BYTES = 20 * 1024 * 1024;
export const INBOUND_MULTIPART_LIMIT = INBOUND_MAX_BYTES + 1024 * 1024;
export const INBOUND_ACCEPT = '.pdf,.png,.jpg,.jpeg,.eml,application/pdf,image/png,image/jpeg,message/rfc822';

/** A form's one-time key (newToken: base64url, 43 characters). */
export function requestKey(body: Record<string, unknown>): string | null {
  const k = str(body, 'schluessel', 64);
  return /^[A-Za-z0-9_-]{20,64}$/.test(k) ? k : null;
}

const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();

export interface UploadForm {
  absender: string;
  betreff: string;
}

export function parseUploadForm(body: Record<string, unknown>): { form: UploadForm; errors: FieldErrors } {
  const raw = { absender: str(body, 'absender', INBOUND_LIMITS.sender), betreff: str(body, 'betreff', INBOUND_LIMITS.subject) };
  const form = { absender: clean(raw.absender), betreff: clean(raw.betreff) };
  const errors: FieldErrors = {};
  if (raw.absender.length > INBOUND_LIMITS.sender) errors.absender = `Der Absender ist länger als ${INBOUND_LIMITS.sender} Zeichen.`;
  if (raw.betreff.length > INBOUND_LIMITS.subject) errors.betreff = `Der Betreff ist länger als ${INBOUND_LIMITS.subject} Zeichen.`;
  return { form: { absender: form.absender.slice(0, INBOUND_LIMITS.sender), betreff: form.betreff.slice(0, INBOUND_LIMITS.subject) }, errors };
}

export interface AssignForms {
  akte: string;
  typ: string;
  betreff: string;
  beteiligte: string;
}

export function parseNewCaseFromInbound(body: Record<string, unknown>, typeIds: readonly string[]): { form: AssignForms; errors: FieldErrors } {
  const form: AssignForms = { akte: '', typ: str(body, 'typ', 40), betreff: clean(str(body, 'betreff', INBOUND_LIMITS.subject + 1)), beteiligte: clean(str(body, 'beteiligte', INBOUND_LIMITS.sender + 1)) };
  const errors: FieldErrors = {};
  if (!typeIds.includes(form.typ)) errors.typ = 'Bitte wählen Sie einen Vorgangstyp aus der Liste.';
  if (form.betreff.length < 2 || form.betreff.length > INBOUND_LIMITS.subject) errors.betreff = `Bitte geben Sie einen Betreff an (2 bis ${INBOUND_LIMITS.subject} Zeichen).`;
  if (form.beteiligte.length > INBOUND_LIMITS.sender) errors.beteiligte = `Höchstens ${INBOUND_LIMITS.sender} Zeichen.`;
  return { form, errors };
}

export interface LetterForm {
  betreff: string;
  text: string;
  anschrift: string;
  anlage: string;
}

export function parseLetterForm(body: Record<string, unknown>, o: { print: boolean; enclosures: readonly string[] }): { form: LetterForm; errors: FieldErrors; address: string[] } {
  const form: LetterForm = {
    betreff: clean(str(body, 'brief_betreff', INBOUND_LIMITS.letterSubject + 1)),
    text: str(body, 'brief_text', INBOUND_LIMITS.letterText + 1).replace(/\r\n/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim(),
    anschrift: str(body, 'brief_anschrift', 2000).replace(/\r\n/g, '\n').trim(),
    anlage: str(body, 'brief_anlage', 40),
  };
  const address = form.anschrift.split('\n').map(clean).filter(Boolean);
  const errors: FieldErrors = {};
  if (form.betreff.length < 2 || form.betreff.length > INBOUND_LIMITS.letterSubject) errors.brief_betreff = `Bitte geben Sie einen Betreff an (2 bis ${INBOUND_LIMITS.letterSubject} Zeichen).`;
  if (!form.text) errors.brief_text = 'Bitte schreiben Sie den Text des Schreibens.';
  else if (form.text.length > INBOUND_LIMITS.letterText) errors.brief_text = `Der Text ist länger als ${INBOUND_LIMITS.letterText.toLocaleString('de-DE')} Zeichen.`;
  if (address.length > INBOUND_LIMITS.addressLines || address.some((l) => l.length > INBOUND_LIMITS.addressLine)) {
    errors.brief_anschrift = `Die Anschrift hat höchstens ${INBOUND_LIMITS.addressLines} Zeilen mit je höchstens ${INBOUND_LIMITS.addressLine} Zeichen.`;
  } else if (o.print && (address.length < 2 || !address.slice(1).some((l) => /\d/.test(l)))) {
    errors.brief_anschrift = 'Für den Postversand braucht das Schreiben eine Anschrift: Name, Straße und Hausnummer, Postleitzahl und Ort, jede Angabe in einer eigenen Zeile.';
  }
  if (form.anlage && !o.enclosures.includes(form.anlage)) errors.brief_anlage = 'Bitte wählen Sie eine Anlage aus der Liste.';
  return { form, errors, address };
}
