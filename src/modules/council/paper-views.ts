// Pages of the Drucksachen: list with filters, the paper form, the paper page (Mitzeichnung, release, files,
// Beratungsfolge, tracking) and the list of Anträge and Anfragen by tracking state. German, KERN, no JavaScript needed.
import { alert, checkbox, descriptionList, errorSummary, field, formatDateTime, html, page, paragraphs, postForm, raw, select, textarea, type Ctx, type FieldErrors, type SafeHtml, type StaffRole } from '../../kernel/index.ts';
import type { Body, CouncilFile, Paper, PaperTracking, Person } from './repository.ts';
import { PAPER_TYPES } from './repository.ts';
import type { MotionRow, PathStep, Signoff, SignoffQueueItem } from './papers.repository.ts';
import { CONSULTATION_ROLE_LABELS, berlinTime, input, isoDay, officeBase, PAPER_STATUS_LABELS, PAPER_TYPE_LABELS, personName, table, TRACKING_LABELS } from './ui.ts';
import { officeNav, municipalitySelect } from './admin-views.ts';
import type { ConsultationForm, FileForm, PaperForm, TrackingForm } from './paper-schema.ts';
import { isTracked, nextTrackingStates } from './commands/track-paper.ts';
import { berlinDay } from './deadlines.ts';

const ERROR_PREFIX = raw('<span class="kern-sr-only" lang="de">Fehler: </span>');
const link = (href: string, text: string) => html`<a class="kern-link" href="${href}">${text}</a>`;
export const papersBase = (c: Ctx) => `${officeBase(c)}/drucksachen`;
const isOffice = (roles: readonly StaffRole[]) => roles.includes('council_office') || roles.includes('admin');
const badge = (text: string) => html`<span class="status-badge">${text}</span>`;

function nav(c: Ctx, current?: string): SafeHtml {
  if (isOffice(c.user?.roles ?? [])) return officeNav(c, current);
  const b = papersBase(c);
  return html`<nav aria-label="Drucksachen"><ul class="appt-links"><li>${link(b, 'Alle Drucksachen')}</li><li>${link(`${b}/neu`, 'Neue Drucksache')}</li></ul></nav>`;
}

/** A group of checkboxes in a fieldset with legend, hint and inline error (the fieldset carries the anchor id). */
function checkboxes(o: { name: string; legend: string; hint?: string; values: readonly string[]; options: readonly { value: string; label: string }[]; error?: string | undefined }): SafeHtml {
  const id = `f-${o.name}`;
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<fieldset class="kern-fieldset${o.error ? ' kern-fieldset--error' : ''}" id="${id}" tabindex="-1"${described ? html` aria-describedby="${described}"` : ''}><legend class="kern-label">${o.legend}</legend>
${o.hint ? html`<div class="kern-hint" id="${id}-hint">${o.hint}</div>` : ''}
${o.error ? html`<p class="kern-error" id="${id}-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${ERROR_PREFIX}${o.error}</p>` : ''}
<div class="kern-fieldset__body">${o.options.length === 0 ? html`<p class="kern-body">Keine Einträge vorhanden.</p>` : ''}${o.options.map((x) => checkbox({ name: o.name, value: x.value, label: x.label, checked: o.values.includes(x.value) }))}</div></fieldset>`;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} Byte`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

// ---------------------------------------------------------------------------------------------------------------
// List

export interface PapersView {
  filter: { type?: string; status?: string; text?: string; page: number };
  papers: Paper[];
  more: boolean;
  mine: SignoffQueueItem[];
}

function listUrl(c: Ctx, f: PapersView['filter'], page: number): string {
  const q = new URLSearchParams();
  if (f.type) q.set('art', f.type);
  if (f.status) q.set('stand', f.status);
  if (f.text) q.set('suche', f.text);
  if (page > 1) q.set('seite', String(page));
  const s = q.toString();
  return s ? `${papersBase(c)}?${s}` : papersBase(c);
}

export function papersPage(c: Ctx, v: PapersView): SafeHtml {
  const b = papersBase(c);
  const f = v.filter;
  return page(
    c,
    { title: 'Drucksachen', wide: true },
    html`<h1 class="kern-heading-large">Drucksachen</h1>
${nav(c, b)}
<p class="kern-body">${link(`${b}/neu`, 'Neue Drucksache anlegen')}</p>
${v.mine.length
  ? html`<section aria-labelledby="mine-h"><h2 class="kern-heading-medium" id="mine-h">Bei Ihnen zur Mitzeichnung</h2>
${table('Drucksachen, die auf Ihre Mitzeichnung warten', ['Nummer', 'Betreff', 'Art', 'Stand'], v.mine.map((p) => [link(`${b}/${p.id}`, p.reference), p.name, PAPER_TYPE_LABELS[p.paperType], `${p.approved} von ${p.total} zugestimmt`]))}</section>`
  : ''}
<form method="get" action="${b}" class="search-form" aria-label="Drucksachen filtern">
${select({ name: 'art', label: 'Art', value: f.type ?? '', options: [{ value: '', label: 'alle' }, ...PAPER_TYPES.map((t) => ({ value: t, label: PAPER_TYPE_LABELS[t] }))] })}
${select({ name: 'stand', label: 'Stand', value: f.status ?? '', options: [{ value: '', label: 'alle' }, ...Object.entries(PAPER_STATUS_LABELS).map(([value, label]) => ({ value, label }))] })}
${field({ name: 'suche', label: 'Suche', hint: 'Nummer oder Betreff, zum Beispiel BV/2026 oder Bebauungsplan', value: f.text ?? '', maxlength: 100 })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Anzeigen</span></button></div>
</form>
${v.papers.length === 0
  ? html`<p class="kern-body">Keine Drucksachen gefunden.</p>`
  : table(`Drucksachen${f.page > 1 ? ` (Seite ${f.page})` : ''}`, ['Nummer', 'Betreff', 'Art', 'Datum', 'Stand', 'Öffentlich'], v.papers.map((p) => [
      link(`${b}/${p.id}`, p.reference),
      p.name,
      PAPER_TYPE_LABELS[p.paperType],
      isoDay(c, p.date),
      badge(PAPER_STATUS_LABELS[p.status]),
      p.public ? 'ja' : 'nein',
    ]))}
<nav aria-label="Weitere Drucksachen"><ul class="appt-links">
${f.page > 1 ? html`<li>${link(listUrl(c, f, f.page - 1), 'Vorherige Seite')}</li>` : ''}
${v.more ? html`<li>${link(listUrl(c, f, f.page + 1), 'Nächste Seite')}</li>` : ''}
</ul></nav>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Form

export interface PaperFormView {
  id?: string;
  reference?: string;
  fixedType?: Paper['paperType'];
  form: PaperForm;
  errors?: FieldErrors;
  notice?: SafeHtml;
  persons: Person[];
  bodies: Body[];
  municipalities: readonly string[];
}

export function paperFormPage(c: Ctx, v: PaperFormView): SafeHtml {
  const b = papersBase(c);
  const e = v.errors ?? {};
  const f = v.form;
  const title = v.id ? `Drucksache ${v.reference} bearbeiten` : 'Neue Drucksache';
  return page(
    c,
    { title },
    html`<div class="narrow"><h1 class="kern-heading-large">${title}</h1>
${v.notice ?? ''}
${errorSummary(c, e)}
${postForm(
  c,
  v.id ? `${b}/${v.id}/bearbeiten` : `${b}/neu`,
  html`${v.fixedType
    ? html`<p class="kern-body"><strong>Art:</strong> ${PAPER_TYPE_LABELS[v.fixedType]} (die Art bestimmt die Nummer und kann nicht mehr geändert werden)</p>`
    : select({ name: 'paperType', label: 'Art der Drucksache', hint: 'Die Nummer (zum Beispiel BV/2026/014) wird beim Anlegen vergeben.', value: f.paperType, error: e.paperType, options: PAPER_TYPES.map((t) => ({ value: t, label: PAPER_TYPE_LABELS[t] })) })}
${field({ name: 'name', label: 'Betreff', value: f.name, error: e.name, maxlength: 500, required: true })}
${input({ name: 'date', label: 'Datum', type: 'date', value: f.date, error: e.date })}
${municipalitySelect(c, f.municipality, v.municipalities, e.municipality)}
${field({ name: 'department', label: 'Fachbereich oder Amt (freiwillig)', value: f.department, error: e.department, maxlength: 100 })}
${textarea({ name: 'bodyText', label: 'Sachverhalt', hint: 'Absätze mit einer Leerzeile trennen.', value: f.bodyText, error: e.bodyText, rows: 10 })}
${textarea({ name: 'resolutionProposal', label: 'Beschlussvorschlag (freiwillig)', value: f.resolutionProposal, error: e.resolutionProposal, rows: 5 })}
${checkbox({ name: 'public', label: 'Öffentlich (wird nach der Freigabe im Ratsinformationssystem gezeigt)', checked: f.public, error: e.public })}
${checkboxes({ name: 'originatorPersonIds', legend: 'Eingereicht von: Personen', hint: 'Für Anträge und Anfragen: wer sie eingereicht hat.', values: f.originatorPersonIds, error: e.originatorPersonIds, options: v.persons.map((p) => ({ value: p.id, label: personName(p) })) })}
${checkboxes({ name: 'originatorBodyIds', legend: 'Eingereicht von: Fraktionen und Gremien', values: f.originatorBodyIds, error: e.originatorBodyIds, options: v.bodies.map((x) => ({ value: x.id, label: x.municipality ? `${x.name} (${x.municipality})` : x.name })) })}
${field({ name: 'related', label: 'Bezug auf Drucksache (freiwillig)', hint: 'Nummer der Drucksache, auf die sich diese bezieht, zum Beispiel die Anfrage, die diese Stellungnahme beantwortet: AF/2026/003', value: f.related, error: e.related, maxlength: 60 })}`,
  v.id ? 'Speichern' : 'Drucksache anlegen',
)}
<p class="kern-body">${link(v.id ? `${b}/${v.id}` : b, 'Zurück ohne zu speichern')}</p></div>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Paper page

export interface PaperView {
  paper: Paper;
  author: string | undefined;
  originators: string[];
  related: Paper | undefined;
  answers: Paper[];
  files: CouncilFile[];
  signoffs: Signoff[];
  path: PathStep[];
  bodies: Body[];
  signers: { id: string; label: string }[];
  user: { id: string; roles: readonly StaffRole[] };
  today: string;
  notice?: SafeHtml;
  errors?: FieldErrors;
  values?: { signers?: string[]; comment?: string; consultation?: ConsultationForm; file?: FileForm; tracking?: TrackingForm };
}

function signoffSection(c: Ctx, v: PaperView): SafeHtml {
  const b = `${papersBase(c)}/${v.paper.id}`;
  const p = v.paper;
  const e = v.errors ?? {};
  const round = v.signoffs[0]?.round ?? 0;
  const current = v.signoffs.filter((s) => s.round === round);
  const earlier = v.signoffs.filter((s) => s.round !== round);
  const stateText = (s: Signoff) => ({ pending: 'offen', approved: 'zugestimmt', rejected: 'abgelehnt', cancelled: 'nicht mehr nötig (Runde beendet)' })[s.state];
  const rows = (list: Signoff[]) => list.map((s) => [s.signerName, badge(stateText(s)), s.decidedAt && s.state !== 'cancelled' ? formatDateTime(s.decidedAt, c.lang) : '–', s.comment ?? '–']);
  const isAuthor = p.createdBy === v.user.id;
  const mine = current.find((s) => s.signerId === v.user.id && s.state === 'pending');
  const rejected = p.status === 'draft' ? current.filter((s) => s.state === 'rejected') : [];
  const allApproved = current.length > 0 && current.every((s) => s.state === 'approved');
  const office = isOffice(v.user.roles);
  const parts: SafeHtml[] = [];
  if (rejected.length) {
    parts.push(alert('warning', html`${rejected.map((s) => html`${s.signerName} hat die Mitzeichnung abgelehnt${s.decidedAt ? html` (${formatDateTime(s.decidedAt, c.lang)})` : ''}. Begründung: „${s.comment ?? ''}“ `)} Die Drucksache ist wieder ein Entwurf. Nach der Überarbeitung senden Sie sie erneut zur Mitzeichnung.`, 'Mitzeichnung abgelehnt'));
  }
  if (p.status === 'signoff') {
    parts.push(table(`Mitzeichnung, Runde ${round}`, ['Person', 'Stand', 'Entschieden am', 'Kommentar'], rows(current)));
    if (mine && !isAuthor) {
      parts.push(html`<form method="post" action="${b}/mitzeichnung/entscheidung" novalidate class="stack"><input type="hidden" name="_csrf" value="${c.csrf()}">
${textarea({ name: 'comment', label: 'Kommentar (bei Ablehnung Pflicht)', value: v.values?.comment ?? '', error: e.comment, rows: 3 })}
<div class="kern-btn-wrapper"><button type="submit" name="aktion" value="zustimmen" class="kern-btn kern-btn--primary"><span class="kern-label">Zustimmen</span></button>
<button type="submit" name="aktion" value="ablehnen" class="kern-btn kern-btn--secondary"><span class="kern-label">Ablehnen und zurückgeben</span></button></div></form>`);
    } else if (isAuthor) {
      parts.push(html`<p class="kern-body">Sie haben diese Drucksache verfasst. Mitzeichnen müssen andere Personen.</p>`);
    }
    if (isAuthor || office) {
      parts.push(html`<form method="post" action="${b}/mitzeichnung/zurueckziehen" novalidate><input type="hidden" name="_csrf" value="${c.csrf()}">
<p class="kern-body">Um die Drucksache zu ändern, ziehen Sie die Mitzeichnung zurück. Danach ist sie wieder ein Entwurf und muss erneut mitgezeichnet werden.</p>
<button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Mitzeichnung zurückziehen</span></button></form>`);
    }
  }
  if (p.status === 'draft') {
    parts.push(postForm(
      c,
      `${b}/mitzeichnung`,
      checkboxes({ name: 'signers', legend: 'Zur Mitzeichnung an', hint: p.createdBy ? 'Die Verfasserin oder der Verfasser kann nicht selbst mitzeichnen und steht deshalb nicht in der Liste.' : undefined, values: v.values?.signers ?? [], error: e.signers, options: v.signers.map((s) => ({ value: s.id, label: s.label })) }),
      'Zur Mitzeichnung senden',
    ));
  }
  const releasable = (p.status === 'signoff' && allApproved) || (p.status === 'draft' && (p.paperType === 'antrag' || p.paperType === 'anfrage'));
  if (office && releasable) {
    parts.push(html`<form method="post" action="${b}/freigeben" novalidate><input type="hidden" name="_csrf" value="${c.csrf()}">
<p class="kern-body">${p.status === 'signoff' ? 'Alle haben zugestimmt. ' : 'Anträge und Anfragen kommen aus der Vertretung und brauchen keine Mitzeichnung der Verwaltung. '}Mit der Freigabe ${p.public ? 'erscheint die Drucksache im Ratsinformationssystem' : 'steht die Drucksache den Mitgliedern zur Verfügung (nichtöffentlich)'}. ${v.files.some((f) => f.role === 'main') ? '' : 'Weil keine Datei der Drucksache hochgeladen ist, wird ein PDF aus dem Text erzeugt.'}</p>
<button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Drucksache freigeben</span></button></form>`);
  }
  if (p.status !== 'signoff' && current.length) parts.push(table(`Letzte Mitzeichnung (Runde ${round})`, ['Person', 'Stand', 'Entschieden am', 'Kommentar'], rows(current)));
  if (earlier.length) parts.push(table('Frühere Runden der Mitzeichnung', ['Person', 'Stand', 'Entschieden am', 'Kommentar'], earlier.map((s) => [`${s.signerName} (Runde ${s.round})`, ...rows([s])[0]!.slice(1)])));
  if (p.status === 'released' || p.status === 'withdrawn') parts.unshift(html`<p class="kern-body">Die Drucksache ist ${PAPER_STATUS_LABELS[p.status].toLowerCase()}.</p>`);
  return html`<section aria-labelledby="mz-h"><h2 class="kern-heading-medium" id="mz-h">Mitzeichnung und Freigabe</h2>${parts}</section>`;
}

function filesSection(c: Ctx, v: PaperView): SafeHtml {
  const b = `${papersBase(c)}/${v.paper.id}`;
  const p = v.paper;
  const e = v.errors ?? {};
  const f = v.values?.file ?? { name: '', role: v.files.some((x) => x.role === 'main') ? 'attachment' : 'main', public: p.public };
  const mayChange = p.status === 'draft' || (p.status !== 'signoff' && isOffice(v.user.roles));
  const removeButton = (x: CouncilFile) =>
    mayChange
      ? html`<form method="post" action="${b}/dateien/${x.id}/entfernen" class="inline-form"><input type="hidden" name="_csrf" value="${c.csrf()}"><button type="submit" class="kern-btn kern-btn--secondary kern-btn--x-small"><span class="kern-label">Entfernen<span class="kern-sr-only"> (${x.name})</span></span></button></form>`
      : '–';
  return html`<section aria-labelledby="dateien-h"><h2 class="kern-heading-medium" id="dateien-h">Dateien</h2>
${v.files.length === 0
  ? html`<p class="kern-body">Es sind noch keine Dateien hochgeladen.</p>`
  : table('Dateien der Drucksache', ['Name', 'Art', 'Öffentlich', 'Größe', 'Aktion'], v.files.map((x) => [
      link(`${b}/dateien/${x.id}`, x.name),
      x.role === 'main' ? 'Drucksache' : 'Anlage',
      x.public && p.public ? 'ja' : 'nein',
      sizeText(x.size),
      removeButton(x),
    ]))}
${p.status === 'signoff' ? html`<p class="kern-body">Während der Mitzeichnung können keine Dateien hinzugefügt oder entfernt werden.</p>` : ''}
${mayChange
  ? html`<form method="post" action="${b}/dateien" enctype="multipart/form-data" novalidate class="stack narrow"><input type="hidden" name="_csrf" value="${c.csrf()}">
<h3 class="kern-heading-small">PDF-Datei hochladen</h3>
${field({ name: 'fileTitle', label: 'Lesbarer Name', hint: 'zum Beispiel „Anlage 1 – Lageplan“', value: f.name, error: e.fileTitle, maxlength: 200 })}
${select({ name: 'fileRole', label: 'Art der Datei', value: f.role, error: e.fileRole, options: [{ value: 'attachment', label: 'Anlage' }, { value: 'main', label: 'Die Drucksache selbst (ersetzt eine vorhandene)' }] })}
${checkbox({ name: 'filePublic', label: 'Öffentlich (nur wirksam, wenn auch die Drucksache öffentlich ist)', checked: f.public })}
<div class="kern-form-input${e.datei ? ' kern-form-input--error' : ''}"><label class="kern-label" for="f-datei">PDF-Datei (höchstens 20 MB)</label>
${e.datei ? html`<p class="kern-error" id="f-datei-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${ERROR_PREFIX}${e.datei}</p>` : ''}
<input class="kern-form-input__input" id="f-datei" name="datei" type="file" accept="application/pdf,.pdf"${e.datei ? raw(' aria-invalid="true" aria-describedby="f-datei-error"') : ''}></div>
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Hochladen</span></button></div></form>`
  : ''}
</section>`;
}

function pathSection(c: Ctx, v: PaperView): SafeHtml {
  const b = `${papersBase(c)}/${v.paper.id}`;
  const e = v.errors ?? {};
  const office = isOffice(v.user.roles);
  const f = v.values?.consultation ?? { bodyId: '', role: v.path.some((s) => s.role === 'deciding') ? 'advising' : 'deciding', position: '' };
  const meeting = (s: PathStep) => (s.meetingId && s.meetingStart ? `${s.meetingName} am ${isoDay(c, berlinDay(s.meetingStart))}, ${berlinTime(s.meetingStart)} Uhr` : 'noch nicht terminiert');
  const remove = (s: PathStep) =>
    office && !s.meetingId && !s.agendaItemId && v.paper.status !== 'withdrawn'
      ? html`<form method="post" action="${b}/beratungsfolge/${s.id}/entfernen" class="inline-form"><input type="hidden" name="_csrf" value="${c.csrf()}"><button type="submit" class="kern-btn kern-btn--secondary kern-btn--x-small"><span class="kern-label">Entfernen<span class="kern-sr-only"> (${s.bodyName})</span></span></button></form>`
      : '–';
  return html`<section aria-labelledby="bf-h"><h2 class="kern-heading-medium" id="bf-h">Beratungsfolge</h2>
${v.path.length === 0
  ? html`<p class="kern-body">Die Beratungsfolge ist noch leer.</p>`
  : table('Beratungsfolge der Drucksache', ['Schritt', 'Gremium', 'Aufgabe', 'Sitzung', 'Tagesordnungspunkt', 'Ergebnis', 'Aktion'], v.path.map((s, i) => [
      String(i + 1),
      s.bodyName,
      html`${CONSULTATION_ROLE_LABELS[s.role]}${s.authoritative ? html` <strong>(entscheidet)</strong>` : ''}`,
      meeting(s),
      s.agendaNumber ?? '–',
      s.result ?? '–',
      remove(s),
    ]))}
${office && v.paper.status !== 'withdrawn'
  ? html`<div class="narrow">${postForm(
      c,
      `${b}/beratungsfolge`,
      html`<h3 class="kern-heading-small">Schritt hinzufügen</h3>
${select({ name: 'bodyId', label: 'Gremium', value: f.bodyId, error: e.bodyId, options: [{ value: '', label: 'Bitte wählen' }, ...v.bodies.filter((x) => x.kind !== 'fraktion').map((x) => ({ value: x.id, label: x.municipality ? `${x.name} (${x.municipality})` : x.name }))] })}
${select({ name: 'role', label: 'Aufgabe', value: f.role, error: e.role, options: (['advising', 'deciding', 'noting'] as const).map((r) => ({ value: r, label: CONSULTATION_ROLE_LABELS[r] })) })}
${input({ name: 'position', label: 'An Stelle (freiwillig)', type: 'number', min: '1', max: '99', hint: 'Leer lassen: an das Ende.', value: f.position, error: e.position })}`,
      'Schritt hinzufügen',
    )}</div>`
  : ''}
</section>`;
}

function trackingSection(c: Ctx, v: PaperView): SafeHtml {
  const p = v.paper;
  if (!isTracked(p.paperType)) return html``;
  const b = `${papersBase(c)}/${p.id}`;
  const e = v.errors ?? {};
  const f = v.values?.tracking ?? { tracking: '', implementationDue: p.implementationDue ?? '', implementationReport: '' };
  const overdue = p.tracking === 'resolved' && p.implementationDue !== null && p.implementationDue < v.today;
  const next = nextTrackingStates(p.paperType, p.tracking).filter((t) => t !== 'implemented');
  const office = isOffice(v.user.roles) && p.status === 'released';
  const hidden = html`<input type="hidden" name="expected" value="${p.tracking}">`;
  return html`<section aria-labelledby="vf-h"><h2 class="kern-heading-medium" id="vf-h">Verfolgung</h2>
${descriptionList([
  ['Stand', badge(TRACKING_LABELS[p.tracking])],
  ...(p.paperType === 'antrag' ? ([['Frist für den Umsetzungsbericht', p.implementationDue ? html`${isoDay(c, p.implementationDue)}${overdue ? html` – <strong>überfällig</strong>` : ''}` : '–']] as [string, SafeHtml | string][]) : []),
  ...(p.implementationReport ? ([['Umsetzungsbericht', paragraphs(p.implementationReport)]] as [string, SafeHtml | string][]) : []),
  ...(v.answers.length ? ([['Beantwortet durch', html`${v.answers.map((a, i) => html`${i ? ', ' : ''}${link(`${papersBase(c)}/${a.id}`, `${a.reference} (${PAPER_STATUS_LABELS[a.status]})`)}`)}`]] as [string, SafeHtml | string][]) : []),
])}
${overdue ? alert('warning', `Der Umsetzungsbericht ist seit ${isoDay(c, p.implementationDue!)} überfällig.`) : ''}
${p.status !== 'released' ? html`<p class="kern-body">Der Stand wird verfolgt, sobald die Drucksache freigegeben ist.</p>` : ''}
${office && next.length
  ? html`<div class="narrow">${postForm(
      c,
      `${b}/verfolgung`,
      html`${hidden}<h3 class="kern-heading-small">Stand ändern</h3>
${select({ name: 'tracking', label: 'Neuer Stand', value: f.tracking, error: e.tracking, options: [{ value: '', label: 'Bitte wählen' }, ...next.map((t: PaperTracking) => ({ value: t, label: TRACKING_LABELS[t] }))] })}
${p.paperType === 'antrag' ? input({ name: 'implementationDue', label: 'Frist für den Umsetzungsbericht (nur bei „Beschlossen“, freiwillig)', type: 'date', value: f.implementationDue, error: e.implementationDue }) : ''}`,
      'Stand speichern',
    )}</div>`
  : ''}
${office && p.tracking === 'resolved'
  ? html`<div class="narrow">${postForm(
      c,
      `${b}/verfolgung`,
      html`${hidden}<input type="hidden" name="tracking" value="resolved"><h3 class="kern-heading-small">Frist für den Umsetzungsbericht</h3>
${input({ name: 'implementationDue', label: 'Frist', type: 'date', value: f.implementationDue, error: e.implementationDue })}`,
      'Frist speichern',
    )}
${postForm(
  c,
  `${b}/verfolgung`,
  html`${hidden}<input type="hidden" name="tracking" value="implemented"><h3 class="kern-heading-small">Umsetzung melden</h3>
${textarea({ name: 'implementationReport', label: 'Umsetzungsbericht', hint: 'Was wurde wann umgesetzt? Der Stand wird danach „Umgesetzt“.', value: f.implementationReport, error: e.implementationReport, rows: 5 })}`,
  'Umsetzungsbericht speichern',
)}</div>`
  : ''}
</section>`;
}

export function paperPage(c: Ctx, v: PaperView): SafeHtml {
  const b = papersBase(c);
  const p = v.paper;
  const title = `${PAPER_TYPE_LABELS[p.paperType]} ${p.reference}`;
  return page(
    c,
    { title, wide: true },
    html`<h1 class="kern-heading-large">${title}</h1>
${nav(c)}
${v.notice ?? ''}
${errorSummary(c, v.errors ?? {})}
<p class="kern-body kern-body--large"><strong>${p.name}</strong></p>
${descriptionList([
  ['Stand', badge(PAPER_STATUS_LABELS[p.status])],
  ['Datum', isoDay(c, p.date)],
  ...(p.municipality ? ([['Gemeinde', p.municipality]] as [string, string][]) : []),
  ['Fachbereich', p.department ?? '–'],
  ['Verfasst von', v.author ?? '–'],
  ['Eingereicht von', v.originators.join(', ') || '–'],
  ['Öffentlich', p.public ? 'ja' : 'nein'],
  ['Bezug auf', v.related ? link(`${b}/${v.related.id}`, `${PAPER_TYPE_LABELS[v.related.paperType]} ${v.related.reference}: ${v.related.name}`) : '–'],
])}
${p.status === 'draft' ? html`<p class="kern-body">${link(`${b}/${p.id}/bearbeiten`, 'Drucksache bearbeiten')}</p>` : ''}
<section aria-labelledby="sv-h"><h2 class="kern-heading-medium" id="sv-h">Sachverhalt</h2>${p.bodyText ? paragraphs(p.bodyText) : html`<p class="kern-body">–</p>`}</section>
${p.resolutionProposal ? html`<section aria-labelledby="bv-h"><h2 class="kern-heading-medium" id="bv-h">Beschlussvorschlag</h2>${paragraphs(p.resolutionProposal)}</section>` : ''}
${signoffSection(c, v)}
${filesSection(c, v)}
${pathSection(c, v)}
${trackingSection(c, v)}
<p class="kern-body">${link(b, 'Zurück zu den Drucksachen')}</p>`,
  );
}

/** A refusal shown above the paper page (409/403). */
export const refusalNotice = (text: string) => alert('warning', text, 'Nicht möglich');

// ---------------------------------------------------------------------------------------------------------------
// Motions

const TRACKING_ORDER: readonly PaperTracking[] = ['submitted', 'in_consultation', 'resolved', 'rejected', 'noted', 'answered', 'implemented'];

export function motionsPage(c: Ctx, v: { rows: MotionRow[]; today: string }): SafeHtml {
  const b = papersBase(c);
  const overdue = v.rows.filter((r) => r.tracking === 'resolved' && r.implementationDue !== null && r.implementationDue < v.today);
  const due = (r: MotionRow) =>
    r.implementationDue ? (r.tracking === 'resolved' && r.implementationDue < v.today ? html`<strong>${isoDay(c, r.implementationDue)} – überfällig</strong>` : isoDay(c, r.implementationDue)) : '–';
  const rowsOf = (list: MotionRow[]) => list.map((r) => [link(`${b}/${r.id}`, r.reference), r.name, PAPER_TYPE_LABELS[r.paperType], isoDay(c, r.date), due(r)]);
  const head = ['Nummer', 'Betreff', 'Art', 'Datum', 'Frist Umsetzungsbericht'];
  return page(
    c,
    { title: 'Anträge und Anfragen', wide: true },
    html`<h1 class="kern-heading-large">Anträge und Anfragen</h1>
${officeNav(c, `${officeBase(c)}/antraege`)}
<p class="kern-body">Freigegebene Anträge und Anfragen nach ihrem Stand: eingereicht, in Beratung, beschlossen oder abgelehnt, umgesetzt, beantwortet.</p>
<section aria-labelledby="ueberfaellig-h"><h2 class="kern-heading-medium" id="ueberfaellig-h">Überfällige Umsetzungsberichte</h2>
${overdue.length ? html`${alert('warning', `${overdue.length === 1 ? 'Ein Umsetzungsbericht ist' : `${overdue.length} Umsetzungsberichte sind`} überfällig.`)}${table('Überfällige Umsetzungsberichte', head, rowsOf(overdue))}` : html`<p class="kern-body">Kein Umsetzungsbericht ist überfällig.</p>`}
</section>
${TRACKING_ORDER.map((t) => {
  const list = v.rows.filter((r) => r.tracking === t);
  return html`<section aria-labelledby="stand-${t}"><h2 class="kern-heading-medium" id="stand-${t}">${TRACKING_LABELS[t]} (${list.length})</h2>
${list.length ? table(`Stand: ${TRACKING_LABELS[t]}`, head, rowsOf(list)) : html`<p class="kern-body">Keine.</p>`}</section>`;
})}`,
  );
}
