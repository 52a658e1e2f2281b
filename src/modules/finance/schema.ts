// Form parsing and validation of the finance pages (German messages); limits shared by pages and server live here.
import { isUuid, str, type FieldErrors } from '../../kernel/index.ts';
import { validKassenzeichen } from '../payments/index.ts';
import { ibanValid, normalizeIban } from './reconcile/text.ts';
import { parseAmount, parseDay, quarterlyDates, splitEvenly, MAX_CENTS } from './money.ts';
import { CLAIM_TYPES, type ClaimType, type DebtorKind, type FinanceSettings } from './repository.ts';

/** Field limits shared by the pages (maxlength) and the parsers. */
export const LIMITS = { name: 200, street: 200, postalCode: 10, city: 100, title: 200, reference: 140, instalments: 120, ratenText: 6000 } as const;

/** German names of the claim types, for pages and exports. */
export const TYPE_LABELS: Record<ClaimType, string> = { grundsteuer: 'Grundsteuer', hundesteuer: 'Hundesteuer', gewerbesteuer: 'Gewerbesteuer', fee: 'Gebühr', other: 'Sonstige Forderung' };

/** How a new claim falls due: one amount, quarterly (15.2./15.5./15.8./15.11.), or own instalments. */
export const PLANS = ['einmalig', 'vierteljaehrlich', 'raten'] as const;
export type Plan = (typeof PLANS)[number];

/** The 10 digits of a Kassenzeichen typed with spaces, hyphens, dots or slashes; null for anything else. */
export function kzDigitsOf(input: string): string | null {
  const d = input.replace(/[\s.\-/]/g, '');
  return /^\d{10}$/.test(d) ? d : null;
}

/** The printed form "26-5000001-3" of a valid Kassenzeichen typed in any of the usual ways, or undefined. */
export function normalizeKassenzeichen(input: string): string | undefined {
  const d = kzDigitsOf(input);
  return d && validKassenzeichen(d) ? `${d.slice(0, 2)}-${d.slice(2, 9)}-${d.slice(9)}` : undefined;
}

export type Search = { kind: 'none' } | { kind: 'kassenzeichen'; kassenzeichen: string } | { kind: 'name'; name: string } | { kind: 'error'; error: string };

/** Reads the staff search box: a Kassenzeichen (tolerant of spaces and hyphens, check digit verified) or a name. */
export function parseSearch(raw: string): Search {
  const q = raw.trim().slice(0, 100);
  if (!q) return { kind: 'none' };
  const digits = q.replace(/[\s.\-/]/g, '');
  if (/^\d+$/.test(digits)) {
    if (digits.length !== 10) return { kind: 'error', error: `Ein Kassenzeichen hat 10 Ziffern (zum Beispiel 26-5000001-3); Sie haben ${digits.length} eingegeben.` };
    const kz = normalizeKassenzeichen(digits);
    return kz ? { kind: 'kassenzeichen', kassenzeichen: kz } : { kind: 'error', error: 'Die Prüfziffer dieses Kassenzeichens stimmt nicht. Bitte prüfen Sie die Eingabe auf einen Tippfehler.' };
  }
  if (q.length < 2) return { kind: 'error', error: 'Bitte geben Sie mindestens zwei Buchstaben des Namens ein.' };
  return { kind: 'name', name: q };
}

export interface ClaimForm {
  schuldner: string;
  schuldnerart: string;
  name: string;
  strasse: string;
  plz: string;
  ort: string;
  konto: string;
  typ: string;
  titel: string;
  jahr: string;
  plan: string;
  betrag: string;
  faellig: string;
  raten: string;
  bescheid: boolean;
}

export interface ClaimData {
  debtor: { id: string } | { kind: DebtorKind; name: string; street: string; postalCode: string; city: string; accountEmail: string };
  type: ClaimType;
  title: string;
  year: number;
  instalments: { dueDate: string; amountCents: number }[];
  notice: boolean;
}

/** The new-claim form as first shown (notice on, debtor preselected from the debtor page). */
export function emptyClaimForm(o: { debtorId?: string; year: number }): ClaimForm {
  return { schuldner: o.debtorId ?? '', schuldnerart: 'person', name: '', strasse: '', plz: '', ort: '', konto: '', typ: '', titel: '', jahr: String(o.year), plan: 'einmalig', betrag: '', faellig: '', raten: '', bescheid: true };
}

/** Reads "TT.MM.JJJJ Betrag" lines of an instalment plan; errors name the line. */
export function parseInstalmentLines(text: string): { instalments: { dueDate: string; amountCents: number }[] } | { error: string } {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return { error: 'Bitte geben Sie mindestens eine Rate an: je Zeile Fälligkeit und Betrag, zum Beispiel „15.02.2027 103,09“.' };
  if (lines.length > LIMITS.instalments) return { error: `Höchstens ${LIMITS.instalments} Raten.` };
  const out: { dueDate: string; amountCents: number }[] = [];
  for (const [n, line] of lines.entries()) {
    const m = line.match(/^([^\s;]+)\s*[;\t ]\s*(.+)$/);
    const day = m ? parseDay(m[1]!) : undefined;
    if (!m || !day) return { error: `Zeile ${n + 1}: Bitte beginnen Sie mit einem gültigen Datum (TT.MM.JJJJ), zum Beispiel „15.02.2027 103,09“.` };
    const amount = parseAmount(m[2]!);
    if ('error' in amount) return { error: `Zeile ${n + 1}: ${amount.error}` };
    if (out.some((x) => x.dueDate === day)) return { error: `Zeile ${n + 1}: Für den ${m[1]} gibt es schon eine Rate.` };
    out.push({ dueDate: day, amountCents: amount.cents });
  }
  return { instalments: out.sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1)) };
}

/** Reads and checks the new-claim form; `data` only when everything is valid (the route checks that the debtor exists). */
export function parseClaimForm(body: Record<string, unknown>): { form: ClaimForm; errors: FieldErrors; data?: ClaimData } {
  const form: ClaimForm = {
    schuldner: str(body, 'schuldner', 40),
    schuldnerart: str(body, 'schuldnerart', 10),
    name: str(body, 'name', LIMITS.name + 1).trim(),
    strasse: str(body, 'strasse', LIMITS.street + 1).trim(),
    plz: str(body, 'plz', 20).trim(),
    ort: str(body, 'ort', LIMITS.city + 1).trim(),
    konto: str(body, 'konto', 200).trim(),
    typ: str(body, 'typ', 20),
    titel: str(body, 'titel', LIMITS.title + 1).trim(),
    jahr: str(body, 'jahr', 10).trim(),
    plan: str(body, 'plan', 20),
    betrag: str(body, 'betrag', 40).trim(),
    faellig: str(body, 'faellig', 20).trim(),
    raten: str(body, 'raten', LIMITS.ratenText + 1),
    bescheid: typeof body.bescheid === 'string' && body.bescheid !== '',
  };
  const errors: FieldErrors = {};
  let debtor: ClaimData['debtor'] | undefined;
  if (form.schuldner === 'neu') {
    if (form.schuldnerart !== 'person' && form.schuldnerart !== 'company') errors.schuldnerart = 'Bitte wählen Sie, ob es eine Person oder ein Unternehmen ist.';
    if (form.name.length < 2 || form.name.length > LIMITS.name) errors.name = `Bitte geben Sie den Namen an (2 bis ${LIMITS.name} Zeichen).`;
    if (form.strasse.length > LIMITS.street) errors.strasse = `Die Straße ist länger als ${LIMITS.street} Zeichen.`;
    if (form.plz && !/^\d{5}$/.test(form.plz)) errors.plz = 'Die Postleitzahl hat fünf Ziffern.';
    if (form.ort.length > LIMITS.city) errors.ort = `Der Ort ist länger als ${LIMITS.city} Zeichen.`;
    if (form.konto && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.konto)) errors.konto = 'Bitte geben Sie die E-Mail-Adresse des Bürgerkontos an, zum Beispiel name@example.org, oder lassen Sie das Feld leer.';
    debtor = { kind: form.schuldnerart === 'company' ? 'company' : 'person', name: form.name, street: form.strasse, postalCode: form.plz, city: form.ort, accountEmail: form.konto };
  } else if (isUuid(form.schuldner)) {
    debtor = { id: form.schuldner };
  } else {
    errors.schuldner = 'Bitte wählen Sie einen Schuldner aus der Liste oder „Neuer Schuldner“.';
  }
  if (!(CLAIM_TYPES as readonly string[]).includes(form.typ)) errors.typ = 'Bitte wählen Sie die Art der Forderung.';
  if (form.titel.length < 2 || form.titel.length > LIMITS.title) errors.titel = `Bitte geben Sie eine Bezeichnung an (2 bis ${LIMITS.title} Zeichen), zum Beispiel „Grundsteuer B, Lindenweg 4“.`;
  const year = /^\d{4}$/.test(form.jahr) ? Number(form.jahr) : NaN;
  if (!(year >= 2000 && year <= 2099)) errors.jahr = 'Bitte geben Sie das Jahr vierstellig an, zum Beispiel 2027.';
  let instalments: { dueDate: string; amountCents: number }[] | undefined;
  if (form.plan === 'raten') {
    const r = form.raten.length > LIMITS.ratenText ? { error: 'Der Ratenplan ist zu lang.' } : parseInstalmentLines(form.raten);
    if ('error' in r) errors.raten = r.error;
    else instalments = r.instalments;
  } else if (form.plan === 'einmalig' || form.plan === 'vierteljaehrlich') {
    const amount = parseAmount(form.betrag);
    if ('error' in amount) errors.betrag = amount.error;
    else if (amount.cents === 0) errors.betrag = 'Der Betrag muss größer als 0,00 € sein.';
    if (form.plan === 'einmalig') {
      const day = parseDay(form.faellig);
      if (!day) errors.faellig = 'Bitte geben Sie ein gültiges Fälligkeitsdatum an, zum Beispiel 15.02.2027.';
      if (!('error' in amount) && day) instalments = [{ dueDate: day, amountCents: amount.cents }];
    } else if (!('error' in amount) && !errors.jahr) {
      instalments = splitEvenly(amount.cents, quarterlyDates(year));
    }
  } else {
    errors.plan = 'Bitte wählen Sie, wie die Forderung fällig wird.';
  }
  if (instalments) {
    const total = instalments.reduce((s, i) => s + i.amountCents, 0);
    if (total === 0) errors[form.plan === 'raten' ? 'raten' : 'betrag'] = 'Die Forderung muss größer als 0,00 € sein.';
    else if (total > MAX_CENTS) errors[form.plan === 'raten' ? 'raten' : 'betrag'] = 'Die Summe ist zu groß (höchstens 99.999.999,99 €).';
  }
  if (Object.keys(errors).length || !debtor || !instalments) return { form, errors };
  return { form, errors, data: { debtor, type: form.typ as ClaimType, title: form.titel, year, instalments, notice: form.bescheid } };
}

export interface BookingForm {
  betrag: string;
  datum: string;
  hinweis: string;
  schluessel: string;
}

/** Reads the manual booking form (amount, value date, note, idempotency key of the form). */
export function parseBookingForm(body: Record<string, unknown>): { form: BookingForm; errors: FieldErrors; data?: { cents: number; valueDate: string; reference: string; key: string } } {
  const form: BookingForm = { betrag: str(body, 'betrag', 40).trim(), datum: str(body, 'datum', 20).trim(), hinweis: str(body, 'hinweis', LIMITS.reference + 1).trim(), schluessel: str(body, 'schluessel', 64) };
  const errors: FieldErrors = {};
  const amount = parseAmount(form.betrag);
  if ('error' in amount) errors.betrag = amount.error;
  else if (amount.cents === 0) errors.betrag = 'Der Betrag muss größer als 0,00 € sein.';
  const day = parseDay(form.datum);
  if (!day) errors.datum = 'Bitte geben Sie das Datum des Zahlungseingangs an, zum Beispiel 15.02.2027.';
  if (form.hinweis.length > LIMITS.reference) errors.hinweis = `Der Hinweis ist länger als ${LIMITS.reference} Zeichen.`;
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(form.schluessel)) errors.betrag ??= 'Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.';
  if (Object.keys(errors).length || 'error' in amount || !day) return { form, errors };
  return { form, errors, data: { cents: amount.cents, valueDate: day, reference: form.hinweis, key: form.schluessel } };
}

/** True for a SEPA creditor identifier with correct check digits (DE98ZZZ09999999999). */
export function validCreditorId(id: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/.test(id)) return false;
  const s = id.slice(7) + id.slice(0, 4);
  let rem = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    rem = c <= 57 ? (rem * 10 + (c - 48)) % 97 : (rem * 100 + (c - 55)) % 97;
  }
  return rem === 1;
}

const BIC_RE = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** Reads the settings form (bank details on notices, creditor identifier). */
export function parseSettingsForm(body: Record<string, unknown>): { form: FinanceSettings; errors: FieldErrors } {
  const iban = normalizeIban(str(body, 'iban', 60)) ?? str(body, 'iban', 60).trim();
  const form: FinanceSettings = {
    accountHolder: str(body, 'accountHolder', 141).trim(),
    bankName: str(body, 'bankName', 141).trim(),
    iban,
    bic: str(body, 'bic', 20).replace(/\s/g, '').toUpperCase(),
    creditorId: str(body, 'creditorId', 40).replace(/\s/g, '').toUpperCase(),
  };
  const errors: FieldErrors = {};
  if (form.accountHolder.length > 140) errors.accountHolder = 'Der Kontoinhaber ist länger als 140 Zeichen.';
  if (form.bankName.length > 140) errors.bankName = 'Der Name des Kreditinstituts ist länger als 140 Zeichen.';
  if (form.iban && !ibanValid(form.iban)) errors.iban = 'Diese IBAN ist nicht gültig (Prüfziffer). Bitte prüfen Sie die Eingabe.';
  if (form.bic && !BIC_RE.test(form.bic)) errors.bic = 'Eine BIC hat 8 oder 11 Zeichen, zum Beispiel BYLADEM1001.';
  if (form.creditorId && !validCreditorId(form.creditorId)) errors.creditorId = 'Diese Gläubiger-Identifikationsnummer ist nicht gültig, zum Beispiel DE98ZZZ09999999999.';
  return { form, errors };
}

export interface MandateForm {
  referenz: string;
  iban: string;
  bic: string;
  inhaber: string;
  unterschrieben: string;
}

/** Reads the mandate form of the debtor page. */
export function parseMandateForm(body: Record<string, unknown>, o: { today: string }): { form: MandateForm; errors: FieldErrors; data?: { mandateRef: string; iban: string; bic: string; accountHolder: string; signedOn: string } } {
  const form: MandateForm = {
    referenz: str(body, 'referenz', 40).trim(),
    iban: str(body, 'iban', 60).trim(),
    bic: str(body, 'bic', 20).replace(/\s/g, '').toUpperCase(),
    inhaber: str(body, 'inhaber', 141).trim(),
    unterschrieben: str(body, 'unterschrieben', 20).trim(),
  };
  const errors: FieldErrors = {};
  if (!/^[A-Za-z0-9+?/:().,' -]{1,35}$/.test(form.referenz)) errors.referenz = 'Die Mandatsreferenz hat 1 bis 35 Zeichen (Buchstaben, Ziffern und + ? / - : ( ) . , Leerzeichen).';
  const iban = normalizeIban(form.iban);
  if (!iban || !ibanValid(iban)) errors.iban = 'Diese IBAN ist nicht gültig (Prüfziffer). Bitte prüfen Sie die Eingabe.';
  if (form.bic && !BIC_RE.test(form.bic)) errors.bic = 'Eine BIC hat 8 oder 11 Zeichen, zum Beispiel BYLADEM1001.';
  if (form.inhaber.length < 2 || form.inhaber.length > 140) errors.inhaber = 'Bitte geben Sie den Kontoinhaber an (2 bis 140 Zeichen).';
  const signed = parseDay(form.unterschrieben);
  if (!signed) errors.unterschrieben = 'Bitte geben Sie das Datum der Unterschrift an, zum Beispiel 10.01.2027.';
  else if (signed > o.today) errors.unterschrieben = 'Das Datum der Unterschrift liegt in der Zukunft.';
  if (Object.keys(errors).length || !iban || !signed) return { form, errors };
  return { form, errors, data: { mandateRef: form.referenz, iban, bic: form.bic, accountHolder: form.inhaber, signedOn: signed } };
}
