// Payment deadlines of an incoming invoice: the due date (BT-9, else the net term of the payment terms, else 30 days
// after receipt as public buyers must pay verified invoices within 30 days), and the Skonto steps of BR-DE-18
// (#SKONTO#TAGE=n#PROZENT=p#), counted from the invoice date (BT-2). Pure functions on calendar days (YYYY-MM-DD,
// Europe/Berlin), exact decimals and integer cents; the clock is passed in.
import { Decimal } from './decimal.ts';
import type { ParsedInvoice } from './model.ts';

/** Days a public buyer has to pay a verifiable invoice when nothing else is agreed (HVTG § 19, EU late payment). */
export const DEFAULT_PAYMENT_DAYS = 30;

/** Where the due date came from. */
export type DueBasis = 'bt9' | 'terms' | 'default';

/** One Skonto step as stored with the invoice (exact strings, cents only for EUR amounts). */
export interface SkontoStep {
  days: number;
  /** Percent as written, e.g. "2.00". */
  percent: string;
  /** BASISBETRAG when the base is not BT-115. */
  base?: string;
  /** Last day on which the discount may be taken (invoice date + days); absent without a valid invoice date. */
  until?: string;
  /** The discount in cents and what remains to pay, when the amount due is known in cents. */
  discountCents?: number;
  payCents?: number;
}

const berlin = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day of an instant in Europe/Berlin, as YYYY-MM-DD. */
export function berlinDay(d: Date): string {
  return berlin.format(d);
}

/** YYYY-MM-DD plus n days (calendar arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` lies before `from`). */
export function daysBetween(from: string, to: string): number {
  const ms = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

/** Amount due (BT-115) in cents, only for EUR with at most two decimals (anything else is never paid by file). */
export function amountDueCents(inv: ParsedInvoice): number | undefined {
  const v = inv.totals.payable?.value;
  if (!v || inv.currency !== 'EUR' || v.scale > 2) return undefined;
  const cents = v.toCents();
  return cents <= BigInt(Number.MAX_SAFE_INTEGER) && cents >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(cents) : undefined;
}

const HUNDRED = Decimal.fromInt(100);

/** The Skonto steps of the invoice with their last day and, for EUR, the discount in cents. */
export function skontoSteps(inv: ParsedInvoice): SkontoStep[] {
  const issue = inv.issueDate?.iso;
  const due = amountDueCents(inv);
  const payable = inv.totals.payable?.value;
  const out: SkontoStep[] = [];
  for (const s of inv.payment.skonto) {
    const step: SkontoStep = { days: s.days, percent: s.percent.raw };
    if (s.base) step.base = s.base.raw;
    if (issue) step.until = addDays(issue, s.days);
    const base = s.base ? s.base.value : payable;
    const pct = s.percent.value;
    if (due !== undefined && base && pct && !pct.eq(Decimal.ZERO)) {
      const discount = base.mul(pct).div(HUNDRED, 2).toCents();
      if (discount <= BigInt(Number.MAX_SAFE_INTEGER)) {
        step.discountCents = Number(discount);
        step.payCents = due - step.discountCents;
      }
    }
    out.push(step);
  }
  return out;
}

/**
 * The due date: BT-9 when the invoice gives one; else the net step of the Skonto terms (PROZENT=0.00, invoice date +
 * days); else 30 days after receipt.
 */
export function dueDateOf(inv: ParsedInvoice, receivedDay: string): { date: string; basis: DueBasis } {
  const bt9 = inv.payment.dueDate?.iso;
  if (bt9) return { date: bt9, basis: 'bt9' };
  const issue = inv.issueDate?.iso;
  const net = inv.payment.skonto.filter((s) => s.percent.value?.eq(Decimal.ZERO));
  if (issue && net.length) return { date: addDays(issue, Math.max(...net.map((s) => s.days))), basis: 'terms' };
  return { date: addDays(receivedDay, DEFAULT_PAYMENT_DAYS), basis: 'default' };
}

/** How urgent a date is, for the worklist and the invoice page (always in words, never by colour alone). */
export interface Urgency {
  level: 'overdue' | 'today' | 'soon' | 'later' | 'expired';
  text: string;
}

const DE_DAY = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** The due date in words relative to today: "überfällig seit 3 Tagen", "heute fällig", "fällig in 2 Tagen". */
export function dueUrgency(due: string, today: string): Urgency {
  const d = daysBetween(today, due);
  if (d < 0) return { level: 'overdue', text: `überfällig seit ${-d === 1 ? 'einem Tag' : `${-d} Tagen`} (fällig am ${DE_DAY(due)})` };
  if (d === 0) return { level: 'today', text: `heute fällig (${DE_DAY(due)})` };
  if (d <= 7) return { level: 'soon', text: `fällig in ${d === 1 ? 'einem Tag' : `${d} Tagen`} (${DE_DAY(due)})` };
  return { level: 'later', text: `fällig am ${DE_DAY(due)}` };
}

/** A Skonto step in words: "Skonto 2.00 % endet heute", "… endet in 2 Tagen", "… abgelaufen am …". */
export function skontoUrgency(step: SkontoStep, today: string): Urgency | undefined {
  if (!step.until || step.percent.replace(/[0.]/g, '') === '') return undefined;
  const d = daysBetween(today, step.until);
  const label = `Skonto ${step.percent.replace('.', ',')} %`;
  if (d < 0) return { level: 'expired', text: `${label} abgelaufen am ${DE_DAY(step.until)}` };
  if (d === 0) return { level: 'today', text: `${label} endet heute (${DE_DAY(step.until)})` };
  if (d <= 7) return { level: 'soon', text: `${label} endet in ${d === 1 ? 'einem Tag' : `${d} Tagen`} (${DE_DAY(step.until)})` };
  return { level: 'later', text: `${label} bis ${DE_DAY(step.until)}` };
}

/** The Skonto steps still open today (the orderer may pay the reduced amount until their last day). */
export function openSkonto(steps: readonly SkontoStep[], today: string): SkontoStep[] {
  return steps.filter((s) => s.until !== undefined && s.payCents !== undefined && s.discountCents !== undefined && s.discountCents > 0 && daysBetween(today, s.until) >= 0);
}
