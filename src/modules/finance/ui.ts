// Small view helpers shared by the citizen and staff pages of the finance module (KERN tables, labels, states in words).
import { formatCents, html, type Ctx, type SafeHtml } from '../../kernel/index.ts';
import { germanDay } from './money.ts';
import type { BookingSource, Claim } from './repository.ts';

export { TYPE_LABELS } from './schema.ts';

export const SOURCE_LABELS: Record<BookingSource, string> = {
  online_payment: 'Online-Zahlung',
  bank: 'Überweisung',
  direct_debit: 'Lastschrift',
  manual: 'Zahlung (Kasse)',
  return: 'Rücklastschrift',
  reversal: 'Storno',
};

export const STOP_LABELS: Record<string, string> = { deferral: 'Stundung', dispute: 'Widerspruch', insolvency: 'Insolvenz', other: 'Sonstiges' };

export const money = (c: Ctx, cents: number) => formatCents(cents, c.lang);
export const day = (iso: string | null) => (iso ? germanDay(iso) : '–');

/** A claim's state in words (never colour alone): erledigt, überfällig seit …, offen. */
export function stateText(claim: Pick<Claim, 'state' | 'nextDueDate'>, today: string): string {
  if (claim.state === 'settled') return 'erledigt';
  if (claim.state === 'cancelled') return 'aufgehoben';
  if (claim.nextDueDate && claim.nextDueDate < today) return `überfällig seit ${germanDay(claim.nextDueDate)}`;
  return 'offen';
}

/** A KERN table with caption, column headers and row headers in the first column. */
export function table(caption: string, head: readonly string[], rows: readonly (readonly (string | SafeHtml)[])[]): SafeHtml {
  return html`<table class="kern-table"><caption class="kern-title">${caption}</caption>
<thead class="kern-table__header"><tr class="kern-table__row">${head.map((h) => html`<th class="kern-table__cell" scope="col">${h}</th>`)}</tr></thead>
<tbody class="kern-table__body">${rows.map((r) => html`<tr class="kern-table__row">${r.map((cell, i) => (i === 0 ? html`<th class="kern-table__cell" scope="row">${cell}</th>` : html`<td class="kern-table__cell">${cell}</td>`))}</tr>`)}</tbody></table>`;
}

/** Previous/next links of a paged list; `url(page)` builds the link. */
export function pager(page: number, more: boolean, url: (page: number) => string, label: string): SafeHtml {
  if (page <= 1 && !more) return html``;
  return html`<nav aria-label="${label}"><ul class="appt-links">
${page > 1 ? html`<li><a class="kern-link" href="${url(page - 1)}">Vorherige Seite</a></li>` : ''}
<li>Seite ${page}</li>
${more ? html`<li><a class="kern-link" href="${url(page + 1)}">Nächste Seite</a></li>` : ''}
</ul></nav>`;
}

/** A positive page number from the query (1 when absent or odd), capped so offsets stay small. */
export function pageOf(v: string | undefined): number {
  const n = v && /^\d{1,4}$/.test(v) ? Number(v) : 1;
  return Math.min(Math.max(n, 1), 1000);
}
