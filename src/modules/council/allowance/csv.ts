/**
 * Payroll export of compensation bills as CSV for the Personalabteilung / Bezügestelle: semicolon
 * separated, UTF-8 with BOM, CRLF, German decimal comma — what German Excel and payroll imports expect.
 * Pure: returns a string, writes nothing.
 */
import type { Bill, BillLine, LineKind } from './engine.ts';
import { formatEuro } from './rules.ts';

export type PayrollRow = {
  personnelNumber: string;
  name: string;
  /** 'YYYY-MM' */
  month: string;
  /** Lohnart code of the payroll system. */
  wageType: string;
  label: string;
  quantity?: number;
  amountCents: number;
};

export const PAYROLL_HEADER = ['Personalnummer', 'Name', 'Monat', 'Lohnart', 'Bezeichnung', 'Menge', 'Betrag'] as const;

/**
 * Placeholder Lohnart codes — every payroll system has its own; a tenant maps them in its configuration.
 * Only the grouping into wage types is meaningful here, not the numbers.
 */
export const DEFAULT_WAGE_TYPES: Record<LineKind, string> = {
  monthly: '6100',
  chair_monthly: '6110',
  paperless: '6120',
  meeting: '6200',
  lost_earnings: '6300',
  travel: '6400',
};

/** Cents as "1234,50" (no thousands separator, no currency sign), because payroll imports parse it as a number. */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError('amount must be integer cents');
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

function quantityCell(q: number | undefined): string {
  if (q === undefined) return '';
  if (Number.isInteger(q)) return String(q);
  // Quantities (hours, km) are not money; shown with two decimals and a comma.
  return centsToDecimal(Math.round(q * 100));
}

/**
 * Escapes one text cell: a leading = + - @ (or tab/CR) gets an apostrophe so a spreadsheet doesn't run
 * it as a formula (CSV injection), then cells with ; " or line breaks are quoted with doubled quotes.
 */
export function csvTextCell(value: string): string {
  const s = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Renders payroll rows as the CSV file the payroll office imports. Numeric cells (Menge, Betrag) are
 * formatted by us and never neutralised, so negative corrections stay numbers.
 */
export function payrollCsv(rows: readonly PayrollRow[]): string {
  const lines = [PAYROLL_HEADER.join(';')];
  for (const r of rows) {
    lines.push(
      [
        csvTextCell(r.personnelNumber),
        csvTextCell(r.name),
        csvTextCell(r.month),
        csvTextCell(r.wageType),
        csvTextCell(r.label),
        quantityCell(r.quantity),
        centsToDecimal(r.amountCents),
      ].join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const LABEL: Record<LineKind, string> = {
  monthly: 'Aufwandsentschädigung',
  chair_monthly: 'Zuschlag',
  paperless: 'Zuschlag papierlose Gremienarbeit',
  meeting: 'Sitzungsgeld',
  lost_earnings: 'Verdienstausfall',
  travel: 'Fahrtkosten',
};

const ROLE_LABEL = { member: '', chair: 'Vorsitz', deputy_chair: 'stellvertretender Vorsitz', fraktion_chair: 'Fraktionsvorsitz' } as const;

function groupLabel(l: BillLine): string {
  if (l.kind === 'chair_monthly' && l.role) return `${LABEL.chair_monthly} ${ROLE_LABEL[l.role]}`;
  if ((l.kind === 'meeting' || l.kind === 'lost_earnings' || l.kind === 'travel') && l.unitCents !== undefined) {
    const per = l.kind === 'meeting' ? '' : l.kind === 'lost_earnings' ? '/Std.' : '/km';
    return `${LABEL[l.kind]} à ${formatEuro(l.unitCents)}${per}`;
  }
  return LABEL[l.kind];
}

/**
 * Condenses a member's bill into one payroll row per wage type and unit price (e.g. "Sitzungsgeld à
 * 20,00 €", Menge 3), dropping unpaid lines, because payroll books totals, not the itemised bill.
 */
export function payrollRowsFromBill(
  bill: Bill,
  person: { personnelNumber: string; name: string },
  wageTypes: Record<LineKind, string> = DEFAULT_WAGE_TYPES,
): PayrollRow[] {
  const groups = new Map<string, { row: PayrollRow; quantityKnown: boolean; hundredths: number }>();
  for (const l of bill.lines) {
    if (l.amountCents === 0) continue;
    const label = groupLabel(l);
    const key = `${l.kind}\u0000${label}`;
    let g = groups.get(key);
    if (!g) {
      g = { row: { personnelNumber: person.personnelNumber, name: person.name, month: bill.month, wageType: wageTypes[l.kind], label, amountCents: 0 }, quantityKnown: true, hundredths: 0 };
      groups.set(key, g);
    }
    g.row.amountCents += l.amountCents;
    if (l.quantity === undefined) g.quantityKnown = false;
    // Sum quantities in hundredths (integers) so 0.33 + 0.67 h is exactly 1 h.
    else g.hundredths += Math.round(l.quantity * 100);
  }
  return [...groups.values()].map((g) => (g.quantityKnown ? { ...g.row, quantity: g.hundredths / 100 } : g.row));
}
