// Pages of the Bürgerkonto's "Gebühren und Steuern": German, KERN, no JavaScript needed.
import { descriptionList, formatDateTime, html, page, raw, type Ctx, type SafeHtml } from '../../kernel/index.ts';
import type { AccountSummary, AccountTab, DueItem, HistoryItem } from './account.repository.ts';
import type { Booking, Claim, Instalment } from './repository.ts';
import { day, money, pager, SOURCE_LABELS, stateText, table, TYPE_LABELS } from './ui.ts';

export const TITLE = 'Gebühren und Steuern';
export const accountBase = (c: Ctx) => `/${c.tenant!.slug}/konto/finanzen`;

const TAB_LABELS: Record<AccountTab, string> = { offen: 'Offen', erledigt: 'Erledigt', alle: 'Alle' };

export interface OverviewView {
  today: string;
  summary: AccountSummary;
  due: DueItem[];
  tab: AccountTab;
  year: number | undefined;
  page: number;
  claims: Claim[];
  more: boolean;
  history: HistoryItem[];
}

function listUrl(c: Ctx, v: { tab: AccountTab; year: number | undefined }, o: { tab?: AccountTab; page?: number; year?: number | null } = {}): string {
  const q = new URLSearchParams();
  q.set('ansicht', o.tab ?? v.tab);
  const year = o.year === null ? undefined : (o.year ?? v.year);
  if (year !== undefined) q.set('jahr', String(year));
  if (o.page && o.page > 1) q.set('seite', String(o.page));
  return `${accountBase(c)}?${q.toString()}`;
}

/** The notice download link, with the Kassenzeichen for screen readers (many links share the words). */
function noticeLink(c: Ctx, claim: Pick<Claim, 'id' | 'noticeFileId' | 'kassenzeichen'>): SafeHtml {
  return claim.noticeFileId
    ? html`<a class="kern-link" href="${accountBase(c)}/forderung/${claim.id}/bescheid" download>Bescheid erneut herunterladen<span class="kern-sr-only"> (Kassenzeichen ${claim.kassenzeichen})</span></a>`
    : html`–`;
}

function historyTable(c: Ctx, items: readonly HistoryItem[], caption: string): SafeHtml {
  return table(
    caption,
    ['Datum', 'Kassenzeichen', 'Bezeichnung', 'Art', 'Betrag'],
    items.map((b) => [day(b.valueDate), html`<a class="kern-link" href="${accountBase(c)}/forderung/${b.claimId}">${b.kassenzeichen}</a>`, b.title, SOURCE_LABELS[b.source], money(c, b.cents)]),
  );
}

/** Overview: totals, next due dates, one page of claims (open / settled / all, by year), latest payments. */
export function overviewPage(c: Ctx, v: OverviewView): SafeHtml {
  const s = v.summary;
  const base = accountBase(c);
  const tabs = (Object.keys(TAB_LABELS) as AccountTab[]).map((t) => {
    const n = t === 'offen' ? s.openCount : t === 'erledigt' ? s.settledCount : s.openCount + s.settledCount;
    const label = `${TAB_LABELS[t]} (${n})`;
    return html`<li><a class="kern-link" href="${listUrl(c, v, { tab: t })}"${t === v.tab ? raw(' aria-current="page"') : ''}>${t === v.tab ? html`<strong>${label}</strong>` : label}</a></li>`;
  });
  const caption = `${v.tab === 'offen' ? 'Offene Forderungen' : v.tab === 'erledigt' ? 'Erledigte Forderungen' : 'Alle Forderungen'}${v.year !== undefined ? ` ${v.year}` : ''}${v.page > 1 ? `, Seite ${v.page}` : ''}`;
  const rows = v.claims.map((x) => [
    html`<a class="kern-link" href="${base}/forderung/${x.id}">${x.kassenzeichen}</a>`,
    TYPE_LABELS[x.type],
    x.title,
    String(x.year),
    money(c, x.amountCents),
    money(c, x.openCents),
    x.state === 'open' ? day(x.nextDueDate) : '–',
    html`<span class="status-badge">${stateText(x, v.today)}</span>`,
    noticeLink(c, x),
  ]);
  const empty = s.openCount + s.settledCount === 0;
  return page(
    c,
    { title: TITLE, wide: true },
    html`<h1 class="kern-heading-large">${TITLE}</h1>
<p class="kern-body">Hier sehen Sie Ihre Steuern und Gebühren bei der Verwaltung: was offen ist, wann es fällig wird, was Sie schon bezahlt haben, und jeden Bescheid zum erneuten Herunterladen.</p>
${empty ? html`<p class="kern-body">Zu Ihrem Bürgerkonto sind keine Steuern oder Gebühren gespeichert.</p>` : html`
<h2 class="kern-heading-medium">Übersicht</h2>
${descriptionList([
      ['Offene Forderungen', `${s.openCount} – zusammen ${money(c, s.openCents)}`],
      ['Davon überfällig', s.overdueCount ? `${s.overdueCount} – fällig und noch offen: ${money(c, s.overdueCents)}` : 'keine'],
      ['Nächste Fälligkeit', s.nextDue ? `${day(s.nextDue)}: ${money(c, s.nextDueCents)}` : 'keine'],
      ...(s.creditCents > 0 ? [['Guthaben', money(c, s.creditCents)] as const] : []),
      ['Erledigte Forderungen', String(s.settledCount)],
    ])}
${v.due.length ? html`<h2 class="kern-heading-medium">Nächste Fälligkeiten</h2>
${table(
      'Nächste Fälligkeiten',
      ['Fällig am', 'Kassenzeichen', 'Bezeichnung', 'Offener Betrag', 'Stand'],
      v.due.map((d) => [day(d.dueDate), html`<a class="kern-link" href="${base}/forderung/${d.claimId}">${d.kassenzeichen}</a>`, d.title, money(c, d.openCents), d.dueDate < v.today ? 'überfällig' : 'offen']),
    )}` : ''}
<h2 class="kern-heading-medium">Forderungen</h2>
<nav aria-label="Ansicht der Forderungen"><ul class="appt-links">${tabs}</ul></nav>
${s.years.length > 1 ? html`<form method="get" action="${base}" class="search-form"><input type="hidden" name="ansicht" value="${v.tab}">
<div class="kern-form-input"><label class="kern-label" for="f-jahr">Jahr</label><div class="kern-form-input__select-wrapper"><select class="kern-form-input__select" id="f-jahr" name="jahr">
<option value="">alle Jahre</option>${s.years.map((y) => html`<option value="${y}"${y === v.year ? raw(' selected') : ''}>${y}</option>`)}</select></div></div>
<button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Anzeigen</span></button></form>` : ''}
${rows.length ? table(caption, ['Kassenzeichen', 'Art', 'Bezeichnung', 'Jahr', 'Betrag', 'Offen', 'Nächste Fälligkeit', 'Stand', 'Bescheid'], rows) : html`<p class="kern-body">In dieser Ansicht gibt es keine Forderungen.</p>`}
${pager(v.page, v.more, (n) => listUrl(c, v, { page: n }), 'Seiten der Forderungen')}
<h2 class="kern-heading-medium">Zahlungen</h2>
${v.history.length ? html`${historyTable(c, v.history, 'Letzte Zahlungen')}<p class="kern-body"><a class="kern-link" href="${base}/zahlungen">Alle Zahlungen</a></p>` : html`<p class="kern-body">Es sind noch keine Zahlungen gebucht.</p>`}`}
<p class="kern-body"><a class="kern-link" href="/${c.tenant!.slug}/konto">Zurück zum Bürgerkonto</a></p>`,
  );
}

/** One claim: amounts, instalments, payments, notice. */
export function claimPage(c: Ctx, o: { claim: Claim; instalments: Instalment[]; bookings: Booking[]; today: string }): SafeHtml {
  const x = o.claim;
  return page(
    c,
    { title: `${TYPE_LABELS[x.type]}: ${x.kassenzeichen}` },
    html`<h1 class="kern-heading-large">${x.title}</h1>
${descriptionList([
      ['Kassenzeichen', x.kassenzeichen],
      ['Art', TYPE_LABELS[x.type]],
      ['Jahr', String(x.year)],
      ['Betrag', money(c, x.amountCents)],
      ['Noch offen', money(c, x.openCents)],
      ...(x.creditCents > 0 ? [['Guthaben', money(c, x.creditCents)] as const] : []),
      ['Stand', stateText(x, o.today)],
      ['Bescheid', x.noticeFileId ? html`vom ${day(x.noticeDate)} – ${noticeLink(c, x)}` : 'Ein Bescheid liegt noch nicht vor.'],
    ])}
<p class="kern-body">Bitte geben Sie bei Überweisungen das Kassenzeichen ${x.kassenzeichen} an.</p>
<h2 class="kern-heading-medium">Fälligkeiten</h2>
${table(
      'Fälligkeiten',
      ['Fällig am', 'Betrag', 'Noch offen', 'Stand'],
      o.instalments.map((i) => [day(i.dueDate), money(c, i.amountCents), money(c, i.openCents), i.state === 'settled' ? 'bezahlt' : i.dueDate < o.today ? 'überfällig' : 'offen']),
    )}
<h2 class="kern-heading-medium">Zahlungen</h2>
${o.bookings.length ? table('Zahlungen zu dieser Forderung', ['Datum', 'Art', 'Betrag'], o.bookings.map((b) => [day(b.valueDate), SOURCE_LABELS[b.source], money(c, b.cents)])) : html`<p class="kern-body">Es sind noch keine Zahlungen gebucht.</p>`}
<p class="kern-body"><a class="kern-link" href="${accountBase(c)}">Zurück zur Übersicht</a></p>`,
  );
}

/** The full payment history, paged. */
export function historyPage(c: Ctx, o: { items: HistoryItem[]; page: number; more: boolean }): SafeHtml {
  return page(
    c,
    { title: 'Zahlungen', wide: true },
    html`<h1 class="kern-heading-large">Ihre Zahlungen</h1>
${o.items.length ? historyTable(c, o.items, `Zahlungen${o.page > 1 ? `, Seite ${o.page}` : ''}`) : html`<p class="kern-body">Es sind keine Zahlungen gebucht.</p>`}
${pager(o.page, o.more, (n) => `${accountBase(c)}/zahlungen?seite=${n}`, 'Seiten der Zahlungen')}
<p class="kern-body kern-body--small">Stand: ${formatDateTime(c.now, c.lang)}</p>
<p class="kern-body"><a class="kern-link" href="${accountBase(c)}">Zurück zur Übersicht</a></p>`,
  );
}
