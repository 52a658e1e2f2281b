// Pure arithmetic of receivables: German amounts and dates read exactly, instalment plans split to the cent, payments
// allocated oldest first. No floating point anywhere: amounts are integer cents.

/** Largest amount one claim or booking may carry: 99,999,999.99 € (keeps every sum a safe integer). */
export const MAX_CENTS = 9_999_999_999;

/** Parses a German amount ("1.234,56", "1234,5", "12 €") into cents; more than two decimals or a bare dot decimal is refused. */
export function parseAmount(input: string): { cents: number } | { error: string } {
  const s = input.trim().replace(/\s|€|EUR/gi, '');
  if (s === '') return { error: 'Bitte geben Sie einen Betrag an, zum Beispiel 1.234,56.' };
  if (s.startsWith('-')) return { error: 'Der Betrag darf nicht negativ sein.' };
  const m = s.match(/^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/);
  if (!m) {
    if (/^\d+\.\d{1,2}$/.test(s)) return { error: 'Bitte schreiben Sie die Cent mit Komma, zum Beispiel 12,50 statt 12.50.' };
    return { error: 'Bitte geben Sie den Betrag in Euro an, zum Beispiel 1.234,56.' };
  }
  const euros = m[1]!.replace(/\./g, '').replace(/^0+(?=\d)/, '');
  const fraction = m[2] ?? '';
  if (fraction.length > 2) return { error: 'Ein Betrag hat höchstens zwei Nachkommastellen (Cent).' };
  if (euros.length > 8) return { error: 'Der Betrag ist zu groß (höchstens 99.999.999,99 €).' };
  const cents = Number(euros) * 100 + Number(fraction.padEnd(2, '0'));
  return { cents };
}

/** Cents as a German form value ("1.234,56") that parseAmount reads back to the same cents. */
export function centsToInput(cents: number): string {
  const euros = Math.trunc(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${euros},${String(cents % 100).padStart(2, '0')}`;
}

/** True for a real calendar date in ISO form (2027-02-15; 2027-02-30 is not one). */
export function isIsoDay(s: string): boolean {
  const m = s.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Parses "15.02.2027", "15.2.2027" or "2027-02-15" into ISO; undefined unless it is a real date between 2000 and 2099. */
export function parseDay(input: string): string | undefined {
  const s = input.trim();
  let iso: string | undefined;
  const de = s.match(/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/);
  if (de) iso = `${de[3]}-${de[2]!.padStart(2, '0')}-${de[1]!.padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(s)) iso = s;
  if (!iso || !isIsoDay(iso)) return undefined;
  const year = Number(iso.slice(0, 4));
  return year >= 2000 && year <= 2099 ? iso : undefined;
}

/** "2027-02-15" → "15.02.2027" (the form German notices and pages show). */
export function germanDay(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

const berlinDayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day of an instant in Europe/Berlin (due dates are Berlin days, whatever the server's zone). */
export function berlinDay(d: Date): string {
  return berlinDayFmt.format(d);
}

/** ISO day plus n days (negative allowed). */
export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The quarterly due dates of Grundsteuer and Gewerbesteuer (§ 28 Abs. 1 GrStG, § 19 Abs. 1 GewStG): 15.2., 15.5., 15.8., 15.11. */
export function quarterlyDates(year: number): string[] {
  return ['02-15', '05-15', '08-15', '11-15'].map((md) => `${year}-${md}`);
}

/**
 * Splits a total into parts for the given due dates so that they add up exactly; the cents that do not divide evenly go
 * to the first instalment (41.234 ct quarterly → 10.310 + 10.308 + 10.308 + 10.308).
 */
export function splitEvenly(totalCents: number, dueDates: readonly string[]): { dueDate: string; amountCents: number }[] {
  if (!Number.isSafeInteger(totalCents) || totalCents < 0) throw new RangeError('total must be non-negative integer cents');
  if (dueDates.length === 0) throw new RangeError('at least one due date');
  const n = dueDates.length;
  const base = Math.floor(totalCents / n);
  const rest = totalCents - base * n;
  return dueDates.map((dueDate, i) => ({ dueDate, amountCents: base + (i === 0 ? rest : 0) }));
}

/** An instalment as allocation sees it. */
export interface OpenInstalment {
  id: string;
  seq: number;
  dueDate: string;
  openCents: number;
}

/**
 * Allocates a payment to the open instalments, oldest due date first (then by number); what is left is credit on the
 * claim. Returns the lines (instalment, cents) and the credit.
 */
export function allocateOldestFirst(instalments: readonly OpenInstalment[], cents: number): { lines: { instalmentId: string; cents: number }[]; creditCents: number } {
  if (!Number.isSafeInteger(cents) || cents <= 0) throw new RangeError('payment must be positive integer cents');
  const order = [...instalments].filter((i) => i.openCents > 0).sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.seq - b.seq));
  const lines: { instalmentId: string; cents: number }[] = [];
  let left = cents;
  for (const i of order) {
    if (left === 0) break;
    const take = Math.min(left, i.openCents);
    lines.push({ instalmentId: i.id, cents: take });
    left -= take;
  }
  return { lines, creditCents: left };
}
