// Form parsing of the e-invoice pages; limits shared by pages, API and server live here.
import { str, type FieldErrors } from '../../kernel/index.ts';
import { parseLeitwegId } from './leitweg.ts';
import { isValidIban, normalizeIban } from './pain001.ts';

/** 20 MB: the XML parser's and the file store's limit; the multipart and raw-body limits add room for the envelope. */
export const EINVOICE_MAX_BYTES = 20 * 1024 * 1024;
export const EINVOICE_UPLOAD_LIMIT = EINVOICE_MAX_BYTES + 1024 * 1024;

export const LIMITS = { reason: 2000, note: 500, unitName: 200, payerName: 70 } as const;

/** The approval steps in their order; each needs a different person. */
export const APPROVAL_STEPS = ['sachlich', 'rechnerisch', 'anordnung'] as const;
export type ApprovalStep = (typeof APPROVAL_STEPS)[number];

export function isApprovalStep(s: string): s is ApprovalStep {
  return (APPROVAL_STEPS as readonly string[]).includes(s);
}

/** The version the user saw (hidden field); NaN when missing, which the command treats as stale. */
export function versionOf(body: Record<string, unknown>): number {
  const v = str(body, 'version', 12);
  return /^\d{1,9}$/.test(v) ? Number(v) : NaN;
}

export interface StepForm {
  vermerk: string;
  /** Anordnung: "voll" or the index of the open Skonto step ("skonto-0"). */
  betrag: string;
}

/** Reads an approval step's form (an optional note; for the Anordnung the amount to pay). */
export function parseStepForm(body: Record<string, unknown>, o: { amountChoices: readonly string[] }): { form: StepForm; errors: FieldErrors } {
  const form: StepForm = { vermerk: str(body, 'vermerk', LIMITS.note + 1).trim(), betrag: str(body, 'betrag', 20) || 'voll' };
  const errors: FieldErrors = {};
  if (form.vermerk.length > LIMITS.note) errors.vermerk = `Der Vermerk ist länger als ${LIMITS.note} Zeichen.`;
  if (o.amountChoices.length && !o.amountChoices.includes(form.betrag)) errors.betrag = 'Bitte wählen Sie den Zahlbetrag.';
  return { form, errors };
}

/** Reads the rejection form: the reason goes back to the seller and is required. */
export function parseRejectForm(body: Record<string, unknown>): { reason: string; errors: FieldErrors } {
  const reason = str(body, 'begruendung', LIMITS.reason + 1).trim();
  const errors: FieldErrors = {};
  if (reason.length < 5) errors.begruendung = 'Bitte begründen Sie die Ablehnung (mindestens 5 Zeichen). Die Begründung erhält der Rechnungssteller.';
  else if (reason.length > LIMITS.reason) errors.begruendung = `Die Begründung ist länger als ${LIMITS.reason} Zeichen.`;
  return { reason, errors };
}

export interface UnitForm {
  name: string;
  leitweg: string;
  payerName: string;
  iban: string;
  bic: string;
}

/** An IBAN in its electronic form (no spaces, upper case) when a SEPA transfer can use it. */
export function normalIban(s: string): string | undefined {
  const v = normalizeIban(s);
  // SEPA country, its IBAN length and the check digits: what a payment file needs.
  return /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(v) && isValidIban(v) ? v : undefined;
}

/** Reads the form of a new organisational unit; a Leitweg-ID with a wrong check digit is refused here. */
export function parseUnitForm(body: Record<string, unknown>): { form: UnitForm; errors: FieldErrors; data?: { name: string; leitwegId: string; leitwegBase: string; payerName: string; payerIban: string; payerBic: string | null } } {
  const form: UnitForm = {
    name: str(body, 'name', LIMITS.unitName + 1).trim(),
    leitweg: str(body, 'leitweg', 60).trim(),
    payerName: str(body, 'kontoinhaber', LIMITS.payerName + 1).trim(),
    iban: str(body, 'iban', 50).trim(),
    bic: str(body, 'bic', 20).trim(),
  };
  const errors: FieldErrors = {};
  if (form.name.length < 2 || form.name.length > LIMITS.unitName) errors.name = `Bitte geben Sie den Namen der Dienststelle an (2 bis ${LIMITS.unitName} Zeichen).`;
  const lw = parseLeitwegId(form.leitweg);
  if (!lw) errors.leitweg = 'Die Leitweg-ID hat die Form Grobadressierung-Feinadressierung-Prüfziffer, zum Beispiel 04011000-1234512345-06 (die Feinadressierung ist freiwillig).';
  else if (!lw.checkDigitOk) errors.leitweg = `Die Prüfziffer der Leitweg-ID ist falsch; richtig wäre ${lw.expectedCheckDigit} (${lw.base}-${lw.expectedCheckDigit}).`;
  if (form.payerName.length < 1 || form.payerName.length > LIMITS.payerName) errors.kontoinhaber = `Bitte geben Sie den Kontoinhaber an (höchstens ${LIMITS.payerName} Zeichen).`;
  const iban = normalIban(form.iban);
  if (!iban) errors.iban = 'Bitte geben Sie eine gültige IBAN an (zum Beispiel DE02 1203 0000 0000 2020 51).';
  const bic = form.bic.replace(/\s+/g, '').toUpperCase();
  if (bic && !/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) errors.bic = 'Die BIC hat 8 oder 11 Zeichen (zum Beispiel BYLADEM1001). Sie können sie auch weglassen.';
  if (Object.keys(errors).length || !lw || !iban) return { form, errors };
  return { form, errors, data: { name: form.name, leitwegId: lw.normalized, leitwegBase: lw.base, payerName: form.payerName, payerIban: iban, payerBic: bic || null } };
}
