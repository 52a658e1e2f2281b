// Pages of the e-invoice back office: worklist with deadlines, upload, one invoice (readable view, validation report,
// approval steps, rejection), payment files for the treasury, units with their Leitweg-IDs. German, KERN, no JS;
// urgency is always written out, never shown by colour alone.
import { descriptionList, errorSummary, field, formatCents, formatDateTime, html, page, raw, textarea, select, type Ctx, type FieldErrors, type SafeHtml, type StaffRole } from '../../kernel/index.ts';
import { dueUrgency, skontoUrgency, type Urgency } from './deadlines.ts';
import { amountChoices, notPayable, REJECTABLE, REJECT_ROLES, STEP_ROLES, stepLabel } from './commands/decide-step.ts';
import { TAB_STATES, WORKLIST_LIMIT, type Invoice, type InvoiceState, type PaymentExport, type Step, type Tab, type Unit } from './repository.ts';
import { LIMITS, type ApprovalStep, type StepForm, type UnitForm } from './schema.ts';

export const base = (c: Ctx) => `/${c.tenant!.slug}/verwaltung/erechnung`;

const ERROR_PREFIX = raw('<span class="kern-sr-only" lang="de">Fehler: </span>');

export const STATE_LABELS: Record<InvoiceState, string> = {
  received: 'Eingegangen – wartet auf „sachlich richtig“',
  invalid: 'Ungültig – nicht zahlbar',
  sachlich: 'Sachlich richtig – wartet auf „rechnerisch richtig“',
  rechnerisch: 'Rechnerisch richtig – wartet auf die Anordnung',
  ordered: 'Zur Zahlung angeordnet – wartet auf die Zahlungsdatei',
  rejected: 'Zurückgewiesen',
  exported: 'Bezahlt (in einer Zahlungsdatei)',
};

const TAB_LABELS: Record<Tab, string> = { offen: 'In Prüfung', angeordnet: 'Angeordnet', ungueltig: 'Ungültig', abgelehnt: 'Zurückgewiesen', bezahlt: 'Bezahlt', alle: 'Alle' };
const CHANNEL_LABELS = { upload: 'Hochgeladen', api: 'Schnittstelle (API)', cli: 'Import (Kommandozeile)' } as const;
const FORMAT_LABELS = { 'ubl-invoice': 'UBL-Rechnung', 'ubl-creditnote': 'UBL-Gutschrift', cii: 'UN/CEFACT CII' } as const;
const STEP_NAMES: Record<Step['step'], string> = { sachlich: 'Sachlich richtig', rechnerisch: 'Rechnerisch richtig', anordnung: 'Zahlung angeordnet', reject: 'Zurückgewiesen', export: 'In Zahlungsdatei aufgenommen' };
const SEVERITY = { fatal: 'Fehler', warning: 'Warnung', information: 'Hinweis' } as const;
const OPEN: readonly InvoiceState[] = ['received', 'sachlich', 'rechnerisch', 'ordered'];

/** 1234.5 + EUR → "1.234,5 EUR": the document's digits, only the separators in German style (no rounding, no float). */
export function amountText(raw: string | null, currency: string | null): string {
  if (raw === null) return '–';
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(raw.trim());
  if (!m) return `${raw}${currency ? ` ${currency}` : ''}`;
  const int = m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${m[1] === '-' ? '−' : ''}${int}${m[3] !== undefined ? `,${m[3]}` : ''}${currency ? ` ${currency}` : ''}`;
}

const isoDay = (iso: string | null) => (iso ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : '–');

function table(caption: string, head: readonly string[], rows: readonly (string | SafeHtml)[][]): SafeHtml {
  return html`<table class="kern-table"><caption class="kern-title">${caption}</caption>
<thead class="kern-table__header"><tr class="kern-table__row">${head.map((h) => html`<th class="kern-table__cell" scope="col">${h}</th>`)}</tr></thead>
<tbody class="kern-table__body">${rows.map((r) => html`<tr class="kern-table__row">${r.map((cell, i) => (i === 0 ? html`<th class="kern-table__cell" scope="row">${cell}</th>` : html`<td class="kern-table__cell">${cell}</td>`))}</tr>`)}</tbody></table>`;
}

function urgencyHtml(u: Urgency | undefined): SafeHtml | string {
  if (!u) return '';
  // Urgent states carry a word ("überfällig", "heute", "endet in") and are bold; the colour of the badge is extra.
  return u.level === 'overdue' || u.level === 'today' || u.level === 'soon' ? html`<strong class="status-badge">${u.text}</strong>` : u.text;
}

/** Deadline texts of an open invoice: the due date and every Skonto step (with the discount when known). */
export function deadlines(inv: Invoice, today: string): { due?: Urgency; skonto: Urgency[] } {
  if (!OPEN.includes(inv.state)) return { skonto: [] };
  const skonto = inv.state === 'ordered' ? [] : inv.skonto.map((s) => skontoUrgency(s, today)).filter((u): u is Urgency => !!u && u.level !== 'expired');
  return { due: inv.state === 'ordered' ? undefined : dueUrgency(inv.dueDate, today), skonto };
}

function links(c: Ctx, roles: readonly StaffRole[]): SafeHtml {
  const b = base(c);
  const worker = roles.some((r) => r === 'admin' || r === 'clerk' || r === 'lead');
  return html`<ul class="appt-links">
${worker ? html`<li><a class="kern-link" href="${b}/eingang">Rechnung hochladen</a></li>` : ''}
${roles.includes('admin') || roles.includes('treasury') ? html`<li><a class="kern-link" href="${b}/zahlungen">Zahlungsdateien (SEPA)</a></li>` : ''}
${roles.includes('admin') ? html`<li><a class="kern-link" href="${b}/dienststellen">Dienststellen und Leitweg-IDs</a></li>` : ''}
</ul>`;
}

/** The worklist: tabs with counts, invoices with their deadlines in words (most urgent first in "In Prüfung"). */
export function worklistPage(c: Ctx, v: { tab: Tab; items: Invoice[]; counts: Partial<Record<InvoiceState, number>>; roles: readonly StaffRole[]; today: string }): SafeHtml {
  const b = base(c);
  const count = (t: Tab) => TAB_STATES[t].reduce((n, s) => n + (v.counts[s] ?? 0), 0);
  const tabs = (Object.keys(TAB_LABELS) as Tab[]).map(
    (t) => html`<li><a class="kern-link" href="${b}?ansicht=${t}"${t === v.tab ? raw(' aria-current="page"') : ''}>${t === v.tab ? html`<strong>${TAB_LABELS[t]} (${count(t)})</strong>` : `${TAB_LABELS[t]} (${count(t)})`}</a></li>`,
  );
  const shown = v.items.slice(0, WORKLIST_LIMIT);
  const rows = shown.map((i) => {
    const d = deadlines(i, v.today);
    return [
      html`<a class="kern-link" href="${b}/${i.id}">${i.number || '(ohne Nummer)'}</a>`,
      i.sellerName || '–',
      html`${i.unitName}<br><span class="kern-body--small">${i.unitLeitwegId}</span>`,
      amountText(i.amountDue, i.currency),
      html`<span class="status-badge">${STATE_LABELS[i.state]}</span>`,
      d.due ? urgencyHtml(d.due) : i.state === 'ordered' ? `Zahlung am ${isoDay(i.orderDate)}` : '–',
      d.skonto.length ? html`${d.skonto.map((u, n) => html`${n ? html`<br>` : ''}${urgencyHtml(u)}`)}` : '–',
      formatDateTime(i.receivedAt, c.lang),
    ];
  });
  return page(
    c,
    { title: 'Eingangsrechnungen', wide: true },
    html`<h1 class="kern-heading-large">Eingangsrechnungen (E-Rechnung)</h1>
${links(c, v.roles)}
<nav aria-label="Arbeitslisten"><ul class="appt-links">${tabs}</ul></nav>
${shown.length === 0
  ? html`<p class="kern-body">In dieser Liste sind keine Rechnungen.</p>`
  : table(`Rechnungen: ${TAB_LABELS[v.tab]}`, ['Rechnungsnummer', 'Rechnungssteller', 'Dienststelle', 'Zahlbetrag', 'Stand', 'Fälligkeit', 'Skonto', 'Eingang'], rows)}
${v.items.length > WORKLIST_LIMIT ? html`<p class="kern-body">Es werden die ersten ${WORKLIST_LIMIT} Rechnungen angezeigt.</p>` : ''}`,
  );
}

/** A KERN file input (the kernel's `field` has no file type). */
function fileInput(o: { name: string; label: string; hint: string; error?: string | undefined; accept: string }): SafeHtml {
  const id = `f-${o.name}`;
  const described = [`${id}-hint`, o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="kern-form-input${o.error ? ' kern-form-input--error' : ''}">
<label class="kern-label" for="${id}">${o.label}</label>
<div class="kern-hint" id="${id}-hint">${o.hint}</div>
${o.error ? html`<p class="kern-error" id="${id}-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${ERROR_PREFIX}${o.error}</p>` : ''}
<input class="kern-form-input__input${o.error ? ' kern-form-input__input--error' : ''}" id="${id}" name="${o.name}" type="file" accept="${o.accept}" aria-describedby="${described}"${o.error ? raw(' aria-invalid="true"') : ''}>
</div>`;
}

/** The upload form; after a refusal it shows the reason (and a link to the earlier invoice for a duplicate). */
export function uploadPage(c: Ctx, v: { errors?: FieldErrors; duplicateOf?: Invoice } = {}): SafeHtml {
  const b = base(c);
  const e = v.errors ?? {};
  return page(
    c,
    { title: 'Rechnung hochladen' },
    html`<p class="kern-body"><a class="kern-link" href="${b}">Zurück zu den Eingangsrechnungen</a></p>
<h1 class="kern-heading-large">E-Rechnung hochladen</h1>
${errorSummary(c, e)}
${v.duplicateOf ? html`<p class="kern-body">Zur früheren Rechnung: <a class="kern-link" href="${b}/${v.duplicateOf.id}">${v.duplicateOf.number}</a></p>` : ''}
<p class="kern-body">Angenommen werden XRechnung und EN 16931 (UBL oder CII) sowie ZUGFeRD/Factur-X (PDF mit eingebetteter XML-Rechnung). Die Rechnung wird anhand der Leitweg-ID (Käuferreferenz, BT-10) der Dienststelle zugeordnet und geprüft. Ungültige Rechnungen werden mit ihrem Prüfbericht gespeichert, aber nicht zur Zahlung freigegeben.</p>
<form method="post" action="${b}/eingang" enctype="multipart/form-data" novalidate class="stack">
<input type="hidden" name="_csrf" value="${c.csrf()}">
${fileInput({ name: 'datei', label: 'Rechnungsdatei', hint: 'XML- oder PDF-Datei, höchstens 20 MB.', error: e.datei, accept: '.xml,.pdf,application/xml,text/xml,application/pdf' })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Hochladen und prüfen</span></button></div>
</form>`,
  );
}

export interface InvoiceView {
  inv: Invoice;
  steps: Step[];
  actor: { id: string; roles: readonly StaffRole[] };
  today: string;
  /** The readable rendering of the invoice itself (lines, parties, VAT), when the original could be read. */
  readable?: SafeHtml;
  notice?: SafeHtml;
  errors?: FieldErrors;
  values?: { step?: StepForm; reason?: string };
}

const NEXT: Partial<Record<InvoiceState, ApprovalStep>> = { received: 'sachlich', sachlich: 'rechnerisch', rechnerisch: 'anordnung' };

/** Why the actor cannot take the next step (shown instead of the form), or undefined when they can. */
function blocker(v: InvoiceView, step: ApprovalStep): string | undefined {
  const roles = v.actor.roles;
  if (step === 'anordnung' && roles.includes('treasury')) return 'Mitarbeitende der Kasse dürfen keine Zahlungen anordnen. Die Anordnung trifft eine andere Person mit Anordnungsbefugnis (Administration oder Sachgebietsleitung).';
  if (!STEP_ROLES[step].some((r) => roles.includes(r))) return step === 'anordnung' ? 'Die Anordnung trifft eine Person mit Anordnungsbefugnis (Administration oder Sachgebietsleitung).' : 'Diesen Schritt geht die Sachbearbeitung, die Sachgebietsleitung oder die Administration.';
  if (v.steps.some((s) => s.userId === v.actor.id && s.step !== 'reject' && s.step !== 'export')) return 'Sie haben an dieser Rechnung schon einen Schritt erledigt. Nach dem Vier-Augen-Prinzip geht den nächsten Schritt eine andere Person.';
  if (step === 'anordnung') {
    const why = notPayable(v.inv);
    if (why) return `Diese Rechnung kann nicht per Überweisung angeordnet werden: ${why}`;
  }
  return undefined;
}

function stepSection(c: Ctx, v: InvoiceView): SafeHtml {
  const step = NEXT[v.inv.state];
  if (!step) return html``;
  const why = blocker(v, step);
  const action = `${base(c)}/${v.inv.id}/${step}`;
  const e = v.errors ?? {};
  const f = v.values?.step;
  const choices = step === 'anordnung' ? amountChoices(v.inv, v.today) : [];
  const help: Record<ApprovalStep, string> = {
    sachlich: 'Mit „sachlich richtig“ bestätigen Sie: Die Lieferung oder Leistung wurde wie bestellt erbracht, die Angaben sind richtig und die Vorschriften und die Wirtschaftlichkeit sind beachtet.',
    rechnerisch: 'Mit „rechnerisch richtig“ bestätigen Sie: Alle Beträge und die zugrunde liegenden Preise, Verträge und Sätze stimmen.',
    anordnung: 'Mit der Anordnung geben Sie die Zahlung frei. Sie bestätigen, dass keine offensichtlichen Fehler vorliegen und die sachliche und rechnerische Richtigkeit von befugten Personen festgestellt wurden. Die Kasse zahlt mit der nächsten Zahlungsdatei.',
  };
  return html`<section aria-labelledby="schritt-h"><h2 class="kern-heading-medium" id="schritt-h">Nächster Schritt: ${stepLabel(step)}</h2>
<p class="kern-body">${help[step]}</p>
${why
  ? html`<p class="kern-body">${why}</p>`
  : html`<form method="post" action="${action}" novalidate class="stack">
<input type="hidden" name="_csrf" value="${c.csrf()}"><input type="hidden" name="version" value="${v.inv.version}">
${choices.length > 1
  ? select({
      name: 'betrag',
      label: 'Zahlbetrag',
      value: f?.betrag ?? 'voll',
      error: e.betrag,
      options: choices.map((x) => ({ value: x.key, label: x.until ? `${formatCents(x.cents)} mit ${x.percent!.replace('.', ',')} % Skonto (Zahlung bis ${isoDay(x.until)})` : `${formatCents(x.cents)} (voller Betrag, fällig am ${isoDay(v.inv.dueDate)})` })),
    })
  : choices.length === 1
    ? html`<input type="hidden" name="betrag" value="voll"><p class="kern-body">Zahlbetrag: ${formatCents(choices[0]!.cents)}</p>`
    : ''}
${textarea({ name: 'vermerk', label: 'Vermerk (freiwillig)', value: f?.vermerk ?? '', error: e.vermerk, rows: 2, hint: `Höchstens ${LIMITS.note} Zeichen.` })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">${stepLabel(step)}</span></button></div>
</form>`}
</section>`;
}

function rejectSection(c: Ctx, v: InvoiceView): SafeHtml {
  if (!REJECTABLE.includes(v.inv.state) || !REJECT_ROLES.some((r) => v.actor.roles.includes(r))) return html``;
  const e = v.errors ?? {};
  return html`<section aria-labelledby="ablehnen-h"><h2 class="kern-heading-medium" id="ablehnen-h">Rechnung zurückweisen</h2>
<p class="kern-body">Die Rechnung geht mit Ihrer Begründung an den Rechnungssteller zurück und wird nicht bezahlt. Eine berichtigte Rechnung reicht er neu ein.</p>
<form method="post" action="${base(c)}/${v.inv.id}/zurueckweisen" novalidate class="stack">
<input type="hidden" name="_csrf" value="${c.csrf()}"><input type="hidden" name="version" value="${v.inv.version}">
${textarea({ name: 'begruendung', label: 'Begründung (Pflicht)', value: v.values?.reason ?? '', error: e.begruendung, rows: 3, hint: `Höchstens ${LIMITS.reason} Zeichen.` })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Zurückweisen</span></button></div>
</form></section>`;
}

function reportSection(v: InvoiceView): SafeHtml {
  const r = v.inv.validation;
  const rows = r.errors.map((f) => [f.id, SEVERITY[f.severity] ?? f.severity, f.message, f.path ?? '–']);
  return html`<section aria-labelledby="bericht-h"><h2 class="kern-heading-medium" id="bericht-h">Prüfbericht</h2>
<p class="kern-body">${r.valid ? 'Die Rechnung ist gültig (keine Fehler).' : html`<strong>Die Rechnung ist ungültig.</strong> Sie wird nicht zur Zahlung freigegeben.`}${r.scenario ? ` Geprüft nach: ${r.scenario}.` : ''}</p>
${rows.length ? table('Befunde der Prüfung', ['Regel', 'Schwere', 'Meldung', 'Stelle'], rows) : ''}</section>`;
}

/** One invoice: state with deadlines, data, warnings, validation report, next step, rejection, history, view. */
export function invoicePage(c: Ctx, v: InvoiceView): SafeHtml {
  const b = base(c);
  const i = v.inv;
  const d = deadlines(i, v.today);
  const dueBasis = { bt9: 'aus der Rechnung (BT-9)', terms: 'aus den Zahlungsbedingungen', default: '30 Tage nach Eingang (keine Fälligkeit angegeben)' }[i.dueBasis];
  return page(
    c,
    { title: `Rechnung ${i.number}`, wide: true },
    html`<p class="kern-body"><a class="kern-link" href="${b}">Zurück zu den Eingangsrechnungen</a></p>
<h1 class="kern-heading-large">Rechnung ${i.number || '(ohne Nummer)'} von ${i.sellerName || 'unbekannt'}</h1>
${errorSummary(c, v.errors ?? {})}${v.notice ?? ''}
${i.state === 'rejected' ? html`<div class="kern-alert kern-alert--warning" role="status"><div class="kern-alert__header"><span class="kern-icon kern-icon--warning" aria-hidden="true"></span><h2 class="kern-title">Zurückgewiesen</h2></div><div class="kern-alert__body"><p class="kern-body">Begründung: ${i.rejectReason}</p></div></div>` : ''}
${i.warnings.length ? html`<div class="kern-alert kern-alert--info" role="status"><div class="kern-alert__header"><span class="kern-icon kern-icon--info" aria-hidden="true"></span><h2 class="kern-title">Hinweise zum Eingang</h2></div><div class="kern-alert__body"><ul class="kern-list">${i.warnings.map((w) => html`<li>${w}</li>`)}</ul></div></div>` : ''}
${descriptionList([
  ['Stand', html`<span class="status-badge">${STATE_LABELS[i.state]}</span>`],
  ['Fälligkeit', html`${d.due ? urgencyHtml(d.due) : isoDay(i.dueDate)} <span class="kern-body--small">(${dueBasis})</span>`],
  ...i.skonto.map((s) => (s.percent.replace(/[0.]/g, '') === '' ? ['Zahlungsziel', `ohne Abzug bis ${isoDay(s.until ?? null)}`] : ['Skonto', html`${s.percent.replace('.', ',')} % bei Zahlung bis ${isoDay(s.until ?? null)}${s.discountCents !== undefined ? ` (${formatCents(s.discountCents)} Abzug, zu zahlen ${formatCents(s.payCents!)})` : ''}${(() => {
    const u = OPEN.includes(i.state) && i.state !== 'ordered' ? skontoUrgency(s, v.today) : undefined;
    return u ? html` – ${urgencyHtml(u)}` : '';
  })()}`]) as [string, string | SafeHtml]),
  ...(i.orderCents !== null ? ([['Angeordnet', `${formatCents(i.orderCents)} zur Zahlung am ${isoDay(i.orderDate)}`]] as [string, string][]) : []),
  ['Dienststelle', `${i.unitName} (Leitweg-ID ${i.unitLeitwegId})`],
  ['Käuferreferenz (BT-10)', i.buyerReference],
  ['Rechnungsnummer (BT-1)', i.number || '–'],
  ['Rechnungsdatum (BT-2)', isoDay(i.issueDate)],
  ['Rechnungssteller', `${i.sellerName || '–'}${i.sellerVatId ? ` (USt-IdNr. ${i.sellerVatId})` : ''}`],
  ['Summe netto (BT-109)', amountText(i.totalNet, i.currency)],
  ['Umsatzsteuer (BT-110)', amountText(i.totalVat, i.currency)],
  ['Summe brutto (BT-112)', amountText(i.totalGross, i.currency)],
  ['Zahlbetrag (BT-115)', amountText(i.amountDue, i.currency)],
  ['Zahlungsempfänger', `${i.payeeName ?? '–'}${i.payeeIban ? `, IBAN ${i.payeeIban}` : ''}${i.payeeBic ? `, BIC ${i.payeeBic}` : ''}`],
  ['Verwendungszweck', i.remittance ?? `Rechnung ${i.number}`],
  ['Format', `${FORMAT_LABELS[i.format]}${i.container === 'pdf' ? ' in PDF (ZUGFeRD/Factur-X)' : ''}, ${i.profileLabel}`],
  ['Eingang', `${formatDateTime(i.receivedAt, c.lang)}, ${CHANNEL_LABELS[i.channel]}`],
  ['Originaldatei', html`<a class="kern-link" href="${b}/${i.id}/original">herunterladen</a>${v.readable ? html` · <a class="kern-link" href="${b}/${i.id}/ansicht.pdf">lesbare Fassung als PDF</a>` : ''}`],
  ...(i.duplicateOf ? ([['Frühere Fassung', html`<a class="kern-link" href="${b}/${i.duplicateOf}">ungültige oder zurückgewiesene Rechnung mit gleicher Nummer und gleichem Betrag</a>`]] as [string, SafeHtml][]) : []),
])}
${stepSection(c, v)}
${reportSection(v)}
<section aria-labelledby="verlauf-h"><h2 class="kern-heading-medium" id="verlauf-h">Verlauf</h2>
${v.steps.length ? table('Schritte an dieser Rechnung', ['Schritt', 'Person', 'Zeitpunkt', 'Vermerk oder Begründung'], v.steps.map((s) => [STEP_NAMES[s.step], s.userName, formatDateTime(s.at, c.lang), s.reason ?? '–'])) : html`<p class="kern-body">Noch keine Schritte.</p>`}
</section>
${rejectSection(c, v)}
${v.readable ? html`<section aria-labelledby="ansicht-h"><h2 class="kern-heading-medium" id="ansicht-h">Die Rechnung</h2>${v.readable}</section>` : ''}`,
  );
}

/** A refusal notice at the top of a page (role, four eyes, stale version …). */
export function refusal(text: string): SafeHtml {
  return html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__header"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span><span class="kern-title">${text}</span></div></div>`;
}

/** The treasury's page: the ordered invoices, the form for a payment run, and the files made so far. */
export function paymentsPage(c: Ctx, v: { ready: Invoice[]; own: Invoice[]; exports: PaymentExport[]; executionDate: string; errors?: FieldErrors; notice?: SafeHtml }): SafeHtml {
  const b = base(c);
  const e = v.errors ?? {};
  const due = v.ready.filter((i) => (i.orderDate ?? '') <= v.executionDate);
  const total = due.reduce((n, i) => n + (i.orderCents ?? 0), 0);
  return page(
    c,
    { title: 'Zahlungsdateien', wide: true },
    html`<p class="kern-body"><a class="kern-link" href="${b}">Zurück zu den Eingangsrechnungen</a></p>
<h1 class="kern-heading-large">Zahlungsdateien (SEPA-Überweisungen)</h1>
${errorSummary(c, e)}${v.notice ?? ''}
<p class="kern-body">Eine Zahlungsdatei (pain.001) enthält die angeordneten Rechnungen, die bis zum Ausführungsdatum zu zahlen sind, je zahlendem Konto eine Datei. Sie wird an die Bank übergeben. Jede Rechnung kommt genau einmal in eine Datei. Rechnungen, an denen Sie selbst einen Schritt erledigt haben, nimmt eine andere Person in eine Zahlungsdatei auf.</p>
<h2 class="kern-heading-medium">Angeordnete Rechnungen</h2>
${v.ready.length
  ? html`${table('Angeordnete Rechnungen', ['Rechnungsnummer', 'Zahlungsempfänger', 'IBAN', 'Betrag', 'Zu zahlen ab'], v.ready.map((i) => [html`<a class="kern-link" href="${b}/${i.id}">${i.number}</a>`, i.payeeName ?? i.sellerName, i.payeeIban ?? '–', formatCents(i.orderCents ?? 0), isoDay(i.orderDate)]))}
<form method="post" action="${b}/zahlungen" novalidate class="stack"><input type="hidden" name="_csrf" value="${c.csrf()}">
${field({ name: 'ausfuehrung', type: 'date', label: 'Ausführungsdatum', hint: 'Aufgenommen werden die Rechnungen, die bis zu diesem Tag zu zahlen sind.', value: v.executionDate, error: e.ausfuehrung })}
<p class="kern-body">Bis zu diesem Tag zu zahlen: ${due.length === 1 ? 'eine Rechnung' : `${due.length} Rechnungen`}, zusammen ${formatCents(total)}.</p>
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Zahlungsdatei erstellen</span></button></div></form>`
  : html`<p class="kern-body">Keine angeordneten Rechnungen, die Sie in eine Zahlungsdatei aufnehmen können.</p>`}
${v.own.length ? html`<p class="kern-body">${v.own.length === 1 ? 'Eine weitere angeordnete Rechnung haben' : `${v.own.length} weitere angeordnete Rechnungen haben`} Sie selbst festgestellt oder angeordnet; sie nimmt eine andere Person in eine Zahlungsdatei auf.</p>` : ''}
<h2 class="kern-heading-medium">Erstellte Zahlungsdateien</h2>
${v.exports.length
  ? table('Zahlungsdateien', ['Erstellt', 'Von', 'Rechnungen', 'Summe', 'Datei'], v.exports.map((x) => [formatDateTime(x.createdAt, c.lang), x.createdByName, String(x.invoiceCount), formatCents(x.totalCents), html`<a class="kern-link" href="${b}/zahlungen/${x.id}">${x.messageId}.xml herunterladen</a>`]))
  : html`<p class="kern-body">Noch keine.</p>`}`,
  );
}

/** Units of the tenant with their Leitweg-IDs and paying accounts; the form adds one. */
export function unitsPage(c: Ctx, v: { units: Unit[]; form: UnitForm; errors?: FieldErrors }): SafeHtml {
  const b = base(c);
  const e = v.errors ?? {};
  return page(
    c,
    { title: 'Dienststellen und Leitweg-IDs', wide: true },
    html`<p class="kern-body"><a class="kern-link" href="${b}">Zurück zu den Eingangsrechnungen</a></p>
<h1 class="kern-heading-large">Dienststellen und Leitweg-IDs</h1>
${errorSummary(c, e)}
<p class="kern-body">Eingehende Rechnungen werden anhand der Leitweg-ID (Käuferreferenz, BT-10) einer Dienststelle zugeordnet. Jede Leitweg-ID gibt es in der ganzen Installation nur einmal. Bezahlt wird vom angegebenen Konto.</p>
${v.units.length ? table('Dienststellen', ['Dienststelle', 'Leitweg-ID', 'Zahlendes Konto'], v.units.map((u) => [u.name, u.leitwegId, `${u.payerName}, ${u.payerIban}${u.payerBic ? `, ${u.payerBic}` : ''}`])) : html`<p class="kern-body">Noch keine Dienststellen: Rechnungen können erst angenommen werden, wenn ihre Leitweg-ID einer Dienststelle gehört.</p>`}
<h2 class="kern-heading-medium">Dienststelle anlegen</h2>
<form method="post" action="${b}/dienststellen" novalidate class="stack"><input type="hidden" name="_csrf" value="${c.csrf()}">
${field({ name: 'name', label: 'Name der Dienststelle', value: v.form.name, error: e.name, maxlength: LIMITS.unitName })}
${field({ name: 'leitweg', label: 'Leitweg-ID', hint: 'Grobadressierung, Feinadressierung (freiwillig) und Prüfziffer, zum Beispiel 04011000-1234512345-06.', value: v.form.leitweg, error: e.leitweg, maxlength: 50 })}
${field({ name: 'kontoinhaber', label: 'Kontoinhaber des zahlenden Kontos', value: v.form.payerName, error: e.kontoinhaber, maxlength: LIMITS.payerName })}
${field({ name: 'iban', label: 'IBAN des zahlenden Kontos', value: v.form.iban, error: e.iban, maxlength: 50 })}
${field({ name: 'bic', label: 'BIC (freiwillig)', value: v.form.bic, error: e.bic, maxlength: 15 })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Dienststelle anlegen</span></button></div></form>`,
  );
}

