// The member's itemised Sitzungsgeld statement as a PDF letter: every line with date, meeting, rule and amount, and for
// what was not (or not separately) paid the engine's reason, so the member can check the bill without asking.
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { formatDate, renderLetter, tenantArms, type Letterhead, type LetterOptions, type Queryable, type Tenant } from '../../../kernel/index.ts';
import type { Person } from '../repository.ts';
import type { LineData, Statement } from './allowance.repository.ts';
import { formatDayDe, formatEuro } from './rules.ts';

const GERMAN_MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];

/** '2026-12' → 'Dezember 2026'. */
export function monthLabel(month: string): string {
  return `${GERMAN_MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** The tenant's letterhead (name, address, contact, arms). */
export async function allowanceLetterhead(db: Queryable, tenant: Tenant): Promise<Letterhead> {
  const kind = tenant.kind === 'amt' ? 'Amt' : tenant.kind === 'stadt' ? 'Stadt' : 'Gemeinde';
  return {
    authority: `${kind} ${tenant.name}`,
    address: [tenant.street, `${tenant.postalCode} ${tenant.city}`].filter((x) => x.trim()),
    contact: [tenant.phone ? `Telefon ${tenant.phone}` : '', tenant.email].filter(Boolean),
    armsSvg: await tenantArms(db, tenant.id),
  };
}

/** The date column of a line: the meeting day, "ab …" for a pro-rata part of the month, the month for flat amounts. */
export function lineDate(l: Pick<LineData, 'kind' | 'date'>, month: string): string {
  if (!l.date) return monthLabel(month);
  if (l.kind === 'monthly' || l.kind === 'chair_monthly' || l.kind === 'paperless') return `ab ${formatDayDe(l.date)}`;
  return formatDayDe(l.date);
}

/** "3 Sitzung × 20,00 €", "1,50 Std. × 12,41 €" — empty when the engine gives no quantity. */
export function lineQuantity(l: Pick<LineData, 'quantity' | 'unit' | 'unitCents'>): string {
  if (l.quantity === undefined || l.unitCents === undefined) return '';
  const q = Number.isInteger(l.quantity) ? String(l.quantity) : l.quantity.toFixed(2).replace('.', ',');
  return `${q} ${l.unit ?? ''} × ${formatEuro(l.unitCents)}`.replace(/\s+×/, ' ×');
}

export interface StatementData {
  month: string;
  /** Letter date, German ('05.01.2027'). */
  date: string;
  reference: string;
  recipient: string[];
  personName: string;
  ruleVersion: string;
  lines: readonly LineData[];
  totalCents: number;
}

/** The statement's letter layout; the same data always gives the same pages. */
export function statementLetter(letterhead: Letterhead, d: StatementData): LetterOptions {
  const head = (t: string, right = false): TableCell => ({ text: t, bold: true, fillColor: '#eeeeee', ...(right ? { alignment: 'right' as const } : {}) });
  const rows: TableCell[][] = [[head('Datum'), head('Leistung'), head('Regel'), head('Betrag', true)]];
  for (const l of d.lines) {
    const detail: Content[] = [{ text: l.text }];
    if (l.meetingName) detail.push({ text: l.meetingName, fontSize: 8.5, color: '#444444' });
    const q = lineQuantity(l);
    if (q) detail.push({ text: q, fontSize: 8.5, color: '#444444' });
    if (l.note) detail.push({ text: `Hinweis: ${l.note}`, fontSize: 8.5, italics: true });
    rows.push([
      { text: lineDate(l, d.month), fontSize: 9 },
      { stack: detail },
      { text: l.ruleVersion ?? '', fontSize: 8.5 },
      { text: formatEuro(l.amountCents), alignment: 'right' },
    ]);
  }
  rows.push([{ text: '' }, { text: 'Summe', bold: true }, { text: '' }, { text: formatEuro(d.totalCents), bold: true, alignment: 'right' }]);
  const body: Content[] = [
    { text: `Guten Tag ${d.personName},`, margin: [0, 0, 0, 8] },
    {
      text: `für Ihre Tätigkeit im ${monthLabel(d.month)} erhalten Sie nach der Entschädigungssatzung (${d.ruleVersion || 'ohne gültige Regel'}) die folgende Entschädigung. Sitzungen, die nicht oder nicht gesondert vergütet werden, sind mit 0,00 € und dem Grund aufgeführt.`,
      margin: [0, 0, 0, 10],
    },
    { table: { headerRows: 1, widths: [62, '*', 80, 62], body: rows }, layout: 'lightHorizontalLines', fontSize: 9.5, margin: [0, 0, 0, 12] },
    { text: `Auszuzahlender Betrag: ${formatEuro(d.totalCents)}`, bold: true, margin: [0, 0, 0, 8] },
    { text: 'Der Betrag wird mit der nächsten Zahlung überwiesen. Wenn Sie eine Angabe für falsch halten, wenden Sie sich bitte an den Sitzungsdienst.' },
  ];
  return {
    letterhead,
    recipient: d.recipient,
    date: d.date,
    reference: d.reference,
    subject: `Abrechnung der Entschädigung (Sitzungsgeld) für ${monthLabel(d.month)}`,
    body,
  };
}

/** The statement of one member as the letter shows it (address from the person, figures from the stored run). */
export function statementDataOf(
  person: Pick<Person, 'title' | 'givenName' | 'familyName' | 'streetAddress' | 'postalCode' | 'locality'>,
  s: Pick<Statement, 'personnelNumber' | 'ruleVersion' | 'totalCents'>,
  lines: readonly LineData[],
  month: string,
  now: Date,
): StatementData {
  const name = [person.title, person.givenName, person.familyName].filter(Boolean).join(' ');
  return {
    month,
    date: formatDate(now, 'de'),
    reference: `Sitzungsgeld ${month}${s.personnelNumber ? ` / Pers.-Nr. ${s.personnelNumber}` : ''}`,
    recipient: [name, person.streetAddress ?? '', [person.postalCode, person.locality].filter(Boolean).join(' ')].filter((x) => x.trim()),
    personName: name,
    ruleVersion: s.ruleVersion,
    lines,
    totalCents: s.totalCents,
  };
}

/** Renders the statement PDF delivered to the member's Mandatspostfach. */
export function renderStatementPdf(letterhead: Letterhead, d: StatementData): Promise<Buffer> {
  return renderLetter(statementLetter(letterhead, d));
}
