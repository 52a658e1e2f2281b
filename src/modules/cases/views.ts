// Pages of the back office (Vorgangsbearbeitung): German, KERN, no JavaScript needed.
import { alert, checkbox, descriptionList, errorSummary, field, formatDate, formatDateTime, html, page, postForm, raw, select, textarea, type Ctx, type FieldErrors, type SafeHtml, type StaffRole } from '../../kernel/index.ts';
import type { RecordDocument, RecordFile } from '../records/index.ts';
import type { Application } from '../applications/index.ts';
import type { Absence, Case, CaseEvent, CaseType, Team } from './repository.ts';
import type { WorklistFilter, WorklistItem, WorklistTab } from './queries/worklist.ts';
import { mayTake, stateOf, statusLabel, transitionsFrom, type Transition } from './workflow.ts';
import { LIMITS, type AbsenceForm, type NewCaseForm, type StepForm, type TypeForm } from './schema.ts';

export const base = (c: Ctx) => `/${c.tenant!.slug}/verwaltung/vorgaenge`;

const ERROR_PREFIX = raw('<span class="kern-sr-only" lang="de">Fehler: </span>');

const TAB_LABELS: Record<WorklistTab, string> = {
  mine: 'Meine',
  team: 'Meines Teams',
  unassigned: 'Nicht zugewiesen',
  overdue: 'Überfällig',
  waiting: 'Wartet auf Bürger',
  all: 'Alle',
};

const SOURCE_LABELS: Record<Case['source'], string> = { portal: 'Antrag aus dem Bürgerportal', staff: 'von der Verwaltung angelegt', inbound: 'Posteingang' };
const DIRECTION_LABELS: Record<RecordDocument['direction'], string> = { incoming: 'eingehend', outgoing: 'ausgehend', internal: 'intern' };

const day = (c: Ctx, d: Date) => formatDate(d, c.lang);
const isoDay = (c: Ctx, s: string) => formatDate(new Date(`${s}T12:00:00Z`), c.lang);

export function table(caption: string, head: readonly string[], rows: readonly SafeHtml[][]): SafeHtml {
  return html`<table class="kern-table"><caption class="kern-title">${caption}</caption>
<thead class="kern-table__header"><tr class="kern-table__row">${head.map((h) => html`<th class="kern-table__cell" scope="col">${h}</th>`)}</tr></thead>
<tbody class="kern-table__body">${rows.map((r) => html`<tr class="kern-table__row">${r.map((cell, i) => (i === 0 ? html`<th class="kern-table__cell" scope="row">${cell}</th>` : html`<td class="kern-table__cell">${cell}</td>`))}</tr>`)}</tbody></table>`;
}

/** A KERN number/date input the kernel's `field` does not offer. */
function input(o: { name: string; label: string; value: string; type?: 'text' | 'date'; hint?: string; error?: string | undefined; numeric?: boolean; maxlength?: number }): SafeHtml {
  const id = `f-${o.name}`;
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="kern-form-input${o.error ? ' kern-form-input--error' : ''}">
<label class="kern-label" for="${id}">${o.label}</label>
${o.hint ? html`<div class="kern-hint" id="${id}-hint">${o.hint}</div>` : ''}
${o.error ? html`<p class="kern-error" id="${id}-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${ERROR_PREFIX}${o.error}</p>` : ''}
<input class="kern-form-input__input${o.error ? ' kern-form-input__input--error' : ''}" id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value}"${o.numeric ? raw(' inputmode="numeric"') : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${o.error ? raw(' aria-invalid="true"') : ''}>
</div>`;
}

/** The deadline in words: date, "überfällig", or paused while the case waits for the citizen. */
function deadline(c: Ctx, x: { dueAt: Date; pausedSince: Date | null; closedAt: Date | null }): string {
  if (x.closedAt) return `${day(c, x.dueAt)} (abgeschlossen am ${day(c, x.closedAt)})`;
  if (x.pausedSince) return `${day(c, x.dueAt)} – pausiert seit ${day(c, x.pausedSince)}, verlängert sich um die Wartezeit`;
  if (x.dueAt.getTime() < c.now.getTime()) return `${day(c, x.dueAt)} – überfällig`;
  return day(c, x.dueAt);
}

function hiddenVersion(c: Ctx, version: number): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${c.csrf()}"><input type="hidden" name="version" value="${version}">`;
}

export function smallButton(label: string, context: string, primary = false): SafeHtml {
  return html`<button type="submit" class="kern-btn ${primary ? 'kern-btn--primary' : 'kern-btn--secondary'} kern-btn--x-small"><span class="kern-label">${label}<span class="kern-sr-only"> (${context})</span></span></button>`;
}

function links(c: Ctx, roles: readonly StaffRole[]): SafeHtml {
  const b = base(c);
  return html`<ul class="appt-links">
<li><a class="kern-link" href="${b}/neu">Neuen Vorgang anlegen</a></li>
<li><a class="kern-link" href="${b}/vertretungen">Abwesenheit und Vertretung</a></li>
<li><a class="kern-link" href="/${c.tenant!.slug}/verwaltung/posteingang">Posteingang</a></li>
<li><a class="kern-link" href="${b}/druck">Postausgang: Druckstapel</a></li>
${roles.includes('admin') ? html`<li><a class="kern-link" href="${b}/typen">Vorgangstypen</a></li><li><a class="kern-link" href="${b}/teams">Teams</a></li>` : ''}
</ul>`;
}

export interface WorklistView {
  filter: Required<Pick<WorklistFilter, 'tab' | 'sort'>> & WorklistFilter;
  items: WorklistItem[];
  next: string | undefined;
  after: string | undefined;
  types: CaseType[];
  statuses: { key: string; label: string }[];
  roles: readonly StaffRole[];
  errors: FieldErrors;
  raw: { from: string; to: string; text: string };
}

/** Query string of the worklist for a tab, filters and cursor. */
function listUrl(c: Ctx, v: WorklistView, o: { tab?: WorklistTab; after?: string } = {}): string {
  const q = new URLSearchParams();
  q.set('ansicht', o.tab ?? v.filter.tab);
  if (v.filter.typeId) q.set('typ', v.filter.typeId);
  if (v.filter.status) q.set('stand', v.filter.status);
  if (v.raw.from) q.set('von', v.raw.from);
  if (v.raw.to) q.set('bis', v.raw.to);
  if (v.raw.text) q.set('suche', v.raw.text);
  if (v.filter.sort !== 'due') q.set('sortierung', v.filter.sort);
  if (o.after) q.set('nach', o.after);
  return `${base(c)}?${q.toString()}`;
}

/** The worklist: tabs, filters, a table of cases with "Übernehmen", and "weitere" instead of a count. */
export function worklistPage(c: Ctx, v: WorklistView): SafeHtml {
  const b = base(c);
  const e = v.errors;
  const tabs = (Object.keys(TAB_LABELS) as WorklistTab[]).map(
    (t) => html`<li><a class="kern-link" href="${listUrl(c, v, { tab: t })}"${t === v.filter.tab ? raw(' aria-current="page"') : ''}>${t === v.filter.tab ? html`<strong>${TAB_LABELS[t]}</strong>` : TAB_LABELS[t]}</a></li>`,
  );
  const caption = `Vorgänge: ${TAB_LABELS[v.filter.tab]}${v.after ? ' (weitere)' : ''}`;
  const rows = v.items.map((i) => [
    html`<a class="kern-link" href="${b}/${i.id}">${i.number}</a>`,
    html`${i.subject}${i.proposal ? html`<br><span class="status-badge">Vorschlag zur Freigabe</span>` : ''}`,
    html`${i.party || '–'}`,
    html`${i.typeName}`,
    html`<span class="status-badge">${i.statusLabel}</span>`,
    html`${deadline(c, i)}`,
    html`${i.assigneeName ?? 'nicht zugewiesen'}${i.teamName ? html`<br><span class="kern-body--small">${i.teamName}</span>` : ''}`,
    i.assigneeId === null && !i.closedAt
      ? html`<form method="post" action="${b}/${i.id}/zuweisen" class="inline-form"><input type="hidden" name="_csrf" value="${c.csrf()}"><input type="hidden" name="an" value="ich"><input type="hidden" name="version" value="${i.version}"><input type="hidden" name="zurueck" value="liste">${smallButton('Übernehmen', i.number, true)}</form>`
      : html`–`,
  ]);
  return page(
    c,
    { title: 'Vorgänge', wide: true },
    html`<h1 class="kern-heading-large">Vorgänge</h1>
${links(c, v.roles)}
${errorSummary(c, e)}
<nav aria-label="Arbeitslisten"><ul class="appt-links">${tabs}</ul></nav>
<form method="get" action="${b}" class="search-form" aria-label="Vorgänge filtern">
<input type="hidden" name="ansicht" value="${v.filter.tab}">
${select({ name: 'typ', label: 'Vorgangstyp', value: v.filter.typeId ?? '', options: [{ value: '', label: 'alle' }, ...v.types.map((t) => ({ value: t.id, label: t.active ? t.name : `${t.name} (inaktiv)` }))] })}
${select({ name: 'stand', label: 'Stand', value: v.filter.status ?? '', options: [{ value: '', label: 'alle' }, ...v.statuses.map((s) => ({ value: s.key, label: s.label }))] })}
${input({ name: 'von', label: 'Eingang ab', type: 'date', value: v.raw.from, error: e.von })}
${input({ name: 'bis', label: 'Eingang bis', type: 'date', value: v.raw.to, error: e.bis })}
${field({ name: 'suche', label: 'Suche', hint: 'Name, Betreff oder Aktenzeichen (auch der Anfang, zum Beispiel 32.10-2026)', value: v.raw.text, maxlength: 200 })}
${select({ name: 'sortierung', label: 'Sortierung', value: v.filter.sort, options: [{ value: 'due', label: 'nach Frist' }, { value: 'opened', label: 'nach Eingang (neueste zuerst)' }, { value: 'number', label: 'nach Aktenzeichen (neueste zuerst)' }] })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Anzeigen</span></button></div>
</form>
${v.items.length === 0
  ? html`<p class="kern-body">${v.after ? 'Keine weiteren Vorgänge.' : 'In dieser Liste sind keine Vorgänge.'}</p>`
  : table(caption, ['Aktenzeichen', 'Betreff', 'Beteiligte', 'Vorgangstyp', 'Stand', 'Frist', 'Bearbeitung', 'Aktion'], rows)}
<nav aria-label="Weitere Vorgänge" class="pagination"><ul class="appt-links">
${v.after ? html`<li><a class="kern-link" href="${listUrl(c, v)}">Zum Anfang der Liste</a></li>` : ''}
${v.next ? html`<li><a class="kern-link" href="${listUrl(c, v, { after: v.next })}">Weitere Vorgänge</a></li>` : ''}
</ul></nav>`,
  );
}

export interface CaseView {
  c: Case;
  type: CaseType;
  events: CaseEvent[];
  documents: RecordDocument[];
  file: RecordFile | undefined;
  app: Application | undefined;
  workers: { id: string; name: string }[];
  teamName: string | undefined;
  actor: { id: string; roles: readonly StaffRole[] };
  notice?: SafeHtml;
  errors?: FieldErrors;
  /** The transition whose form is shown with the values entered (after a validation error). */
  values?: { transition: string; form: StepForm };
  /** "Schreiben versenden": the letter form and the letters sent (inbound-views.ts). */
  letters?: SafeHtml;
}

function eventText(v: CaseView, e: CaseEvent): string {
  const w = v.type.workflow;
  switch (e.kind) {
    case 'opened':
      return `Vorgang angelegt (${statusLabel(w, e.toStatus ?? '')})`;
    case 'transition':
      return `${statusLabel(w, e.fromStatus ?? '')} → ${statusLabel(w, e.toStatus ?? '')}`;
    case 'answered':
      return `Antwort der Bürgerin oder des Bürgers: ${statusLabel(w, e.fromStatus ?? '')} → ${statusLabel(w, e.toStatus ?? '')}`;
    case 'proposed':
      return 'Entscheidung vorgeschlagen (Vier-Augen-Prinzip)';
    case 'approved':
      return 'Vorschlag freigegeben';
    case 'returned':
      return 'Vorschlag zurückgegeben';
    case 'assigned':
      return 'Zugewiesen';
    case 'released':
      return 'Zuweisung aufgehoben';
    case 'document':
      return 'Dokument';
    case 'inbound':
      return 'Posteingang zugeordnet';
    case 'letter':
      return 'Schreiben versendet';
    default:
      return e.kind;
  }
}

function stepForm(c: Ctx, v: CaseView, t: Transition): SafeHtml {
  const action = `${base(c)}/${v.c.id}/schritt`;
  const e = v.values?.transition === t.key ? (v.errors ?? {}) : {};
  const f = v.values?.transition === t.key ? v.values.form : undefined;
  const hidden = html`<input type="hidden" name="schritt" value="${t.key}"><input type="hidden" name="version" value="${v.c.version}">`;
  const linked = !!v.app;
  if (t.query) {
    return html`<section aria-labelledby="schritt-${t.key}"><h3 class="kern-heading-small" id="schritt-${t.key}">${t.label}</h3>
${postForm(c, action, html`${hidden}${textarea({ name: 'frage', label: linked ? 'Ihre Frage an die Antragstellerin oder den Antragsteller (geht in das Postfach)' : 'Ihre Frage (Vermerk)', value: f?.frage ?? '', error: e.frage, rows: 4 })}
<p class="kern-body kern-body--small">Während der Vorgang auf die Antwort wartet, ruht die Bearbeitungsfrist.</p>`, t.label)}</section>`;
  }
  if (t.decision) {
    const fee = f?.gebuehr ?? (v.app?.feeCents !== null && v.app?.feeCents !== undefined ? `${Math.trunc(v.app.feeCents / 100)},${String(v.app.feeCents % 100).padStart(2, '0')}` : '');
    return html`<section aria-labelledby="schritt-${t.key}"><h3 class="kern-heading-small" id="schritt-${t.key}">${t.label}</h3>
${v.type.fourEyes ? html`<p class="kern-body">Für diesen Vorgangstyp gilt das Vier-Augen-Prinzip: Ihre Entscheidung wird zuerst als Vorschlag gespeichert. Eine andere Person mit der Rolle Sachgebietsleitung gibt sie frei.</p>` : ''}
${postForm(
  c,
  action,
  html`${hidden}
${select({ name: 'entscheidung', label: 'Entscheidung', value: f?.entscheidung ?? '', options: [{ value: '', label: '–' }, { value: 'approved', label: 'Stattgeben' }, { value: 'rejected', label: 'Ablehnen' }], error: e.entscheidung })}
${textarea({ name: 'begruendung', label: 'Begründung', hint: 'Bei einer Ablehnung ist eine Begründung Pflicht.', value: f?.begruendung ?? '', error: e.begruendung, rows: 4 })}
${linked ? field({ name: 'gebuehr', label: 'Gebühr in Euro', hint: 'Leer lassen: Gebühr wie beantragt (bei Ablehnung 0 Euro).', value: fee, error: e.gebuehr, maxlength: 12 }) : ''}`,
  v.type.fourEyes ? `${t.label}: zur Freigabe vorschlagen` : t.label,
)}</section>`;
  }
  const name = `notiz-${t.key}`;
  return html`<section aria-labelledby="schritt-${t.key}"><h3 class="kern-heading-small" id="schritt-${t.key}">${t.label}</h3>
${postForm(c, action, html`${hidden}${textarea({ name, label: 'Vermerk (freiwillig)', value: f?.notiz ?? '', error: e[name], rows: 2 })}`, t.label)}</section>`;
}

function proposalBox(c: Ctx, v: CaseView): SafeHtml {
  const p = v.c.proposal;
  if (!p) return html``;
  const proposer = v.events.filter((e) => e.kind === 'proposed').at(-1)?.actorName ?? 'unbekannt';
  const t = v.type.workflow.transitions.find((x) => x.key === p.transition);
  const mayApprove = (v.actor.roles.includes('lead') || v.actor.roles.includes('admin')) && v.c.proposedBy !== v.actor.id;
  const action = `${base(c)}/${v.c.id}/vorschlag`;
  return html`<section aria-labelledby="vorschlag-h" class="kern-alert kern-alert--warning">
<div class="kern-alert__header"><span class="kern-icon kern-icon--warning" aria-hidden="true"></span><h2 class="kern-title" id="vorschlag-h">Entscheidungsvorschlag wartet auf Freigabe</h2></div>
<div class="kern-alert__body">
${descriptionList([
  ['Schritt', t?.label ?? p.transition],
  ['Vorgeschlagen von', `${proposer}, ${formatDateTime(new Date(p.at), c.lang)}`],
  ['Entscheidung', p.decision === 'approved' ? 'Stattgeben' : 'Ablehnen'],
  ['Begründung', p.reason || '–'],
  ...(v.app ? ([['Gebühr', p.feeCents === null ? 'wie beantragt' : `${(p.feeCents / 100).toFixed(2).replace('.', ',')} €`]] as [string, string][]) : []),
])}
${mayApprove
  ? html`<form method="post" action="${action}" novalidate class="stack">${hiddenVersion(c, v.c.version)}
${textarea({ name: 'vermerk', label: 'Vermerk zur Freigabe oder Rückgabe (freiwillig)', value: '', rows: 2 })}
<div class="kern-btn-wrapper"><button type="submit" name="aktion" value="freigeben" class="kern-btn kern-btn--primary"><span class="kern-label">Freigeben und entscheiden</span></button>
<button type="submit" name="aktion" value="zurueckgeben" class="kern-btn kern-btn--secondary"><span class="kern-label">Zur Überarbeitung zurückgeben</span></button></div></form>`
  : html`<p class="kern-body">${v.c.proposedBy === v.actor.id ? 'Sie haben diesen Vorschlag gemacht. Freigeben muss eine andere Person mit der Rolle Sachgebietsleitung.' : 'Freigeben kann eine Person mit der Rolle Sachgebietsleitung, die den Vorschlag nicht selbst gemacht hat.'}</p>`}
</div></section>`;
}

function assignment(c: Ctx, v: CaseView): SafeHtml {
  if (v.c.closedAt) return html``;
  const action = `${base(c)}/${v.c.id}/zuweisen`;
  const others = v.workers.filter((w) => w.id !== v.c.assigneeId);
  return html`<h2 class="kern-heading-medium">Zuständigkeit</h2>
<div class="appt-actions">
${v.c.assigneeId !== v.actor.id ? html`<form method="post" action="${action}" class="inline-form">${hiddenVersion(c, v.c.version)}<input type="hidden" name="an" value="ich">${smallButton('Übernehmen', v.c.number, true)}</form>` : ''}
${v.c.assigneeId ? html`<form method="post" action="${action}" class="inline-form">${hiddenVersion(c, v.c.version)}<input type="hidden" name="an" value="">${smallButton('Zuweisung aufheben', v.c.number)}</form>` : ''}
</div>
${others.length
  ? html`<form method="post" action="${action}" novalidate class="stack">${hiddenVersion(c, v.c.version)}
${select({ name: 'an', label: 'Einer Kollegin oder einem Kollegen zuweisen', value: '', options: [{ value: '', label: '– bitte wählen –' }, ...others.map((w) => ({ value: w.id, label: w.name }))] })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Zuweisen</span></button></div></form>`
  : ''}`;
}

/** One case: data, deadline, assignment, four-eyes proposal, next steps, timeline and documents of the E-Akte. */
export function casePage(c: Ctx, v: CaseView): SafeHtml {
  const w = v.type.workflow;
  const state = stateOf(w, v.c.status);
  const steps = v.c.proposal ? [] : transitionsFrom(w, v.c.status).filter((t) => mayTake(t, v.actor.roles));
  const slug = c.tenant!.slug;
  const assignee = v.c.assigneeId ? (v.workers.find((x) => x.id === v.c.assigneeId)?.name ?? 'eine ehemalige Mitarbeiterin oder ein ehemaliger Mitarbeiter') : 'nicht zugewiesen';
  return page(
    c,
    { title: `${v.c.number}: ${v.c.subject}`, wide: true },
    html`<p class="kern-body"><a class="kern-link" href="${base(c)}">Zurück zu den Vorgängen</a></p>
<h1 class="kern-heading-large">${v.c.subject}</h1>
${errorSummary(c, v.errors ?? {})}${v.notice ?? ''}
${descriptionList([
  ['Aktenzeichen', v.c.number],
  ['Vorgangstyp', v.type.name],
  ['Stand', html`<span class="status-badge">${state?.label ?? v.c.status}</span>`],
  ['Beteiligte', v.c.party || '–'],
  ['Eingang', formatDateTime(v.c.openedAt, c.lang)],
  ['Frist', deadline(c, v.c)],
  ['Bearbeitung', assignee],
  ['Team', v.teamName ?? '–'],
  ['Herkunft', SOURCE_LABELS[v.c.source]],
  ['Akte (E-Akte)', v.file ? `${v.file.number} (${v.file.status === 'open' ? 'offen' : 'geschlossen'})` : 'keine'],
  ...(v.app && c.tenant!.modules.has('applications') ? ([['Antrag', html`<a class="kern-link" href="/${slug}/verwaltung/antraege/${v.app.id}">${v.app.number}: Angaben und Anlagen ansehen</a>`]] as [string, SafeHtml][]) : []),
])}
${proposalBox(c, v)}
${assignment(c, v)}
<h2 class="kern-heading-medium">Nächste Schritte</h2>
${v.c.proposal
  ? html`<p class="kern-body">Solange der Entscheidungsvorschlag nicht freigegeben oder zurückgegeben ist, sind keine weiteren Schritte möglich.</p>`
  : steps.length
    ? steps.map((t) => stepForm(c, v, t))
    : html`<p class="kern-body">${transitionsFrom(w, v.c.status).length ? 'Die nächsten Schritte darf eine andere Rolle gehen.' : 'In diesem Stand gibt es keine weiteren Schritte.'}</p>`}
<h2 class="kern-heading-medium">Dokumente in der E-Akte</h2>
${v.documents.length
  ? table(
      `Dokumente zum Vorgang ${v.c.number}`,
      ['Titel', 'Richtung', 'Datum'],
      v.documents.map((d) => [html`<a class="kern-link" href="/${slug}/verwaltung/akten/dokumente/${d.id}">${d.title}</a>`, html`${DIRECTION_LABELS[d.direction]}`, html`${isoDay(c, d.documentDate)}`]),
    )
  : html`<p class="kern-body">Zu diesem Vorgang sind noch keine Dokumente abgelegt.</p>`}
${v.letters ?? ''}
<h2 class="kern-heading-medium">Verlauf</h2>
<ol class="timeline">${v.events.map(
      (e) => html`<li><p class="kern-body"><strong>${eventText(v, e)}</strong>${e.note ? ` – ${e.note}` : ''}</p>
<p class="kern-body kern-body--small">${formatDateTime(e.at, c.lang)}${e.actorName ? ` · ${e.actorName}` : e.actorId === null ? ' · System' : ''}</p></li>`,
    )}</ol>`,
  );
}

/** A warning shown on the case page after a refused step (409/403). */
export function refusal(text: string): SafeHtml {
  return alert('warning', text);
}

export function newCasePage(c: Ctx, o: { types: CaseType[]; form: NewCaseForm; errors?: FieldErrors }): SafeHtml {
  const e = o.errors ?? {};
  return page(
    c,
    { title: 'Neuen Vorgang anlegen' },
    html`<div class="narrow"><h1 class="kern-heading-large">Neuen Vorgang anlegen</h1>
${errorSummary(c, e)}
${o.types.length
  ? postForm(
      c,
      `${base(c)}/neu`,
      html`${select({ name: 'type', label: 'Vorgangstyp', value: o.form.type, error: e.type, options: [{ value: '', label: '– bitte wählen –' }, ...o.types.map((t) => ({ value: t.id, label: t.name }))] })}
${field({ name: 'subject', label: 'Betreff', hint: 'Worum geht es? Zum Beispiel: Anfrage zur Straßenreinigung Lindenweg', value: o.form.subject, error: e.subject, required: true, maxlength: LIMITS.subject })}
${field({ name: 'party', label: 'Beteiligte Person oder Firma (freiwillig)', value: o.form.party, error: e.party, maxlength: LIMITS.party })}
<p class="kern-body kern-body--small">Der Vorgang erhält das nächste Aktenzeichen und, wenn der Vorgangstyp einen Aktenplan-Eintrag hat, eine eigene Akte.</p>`,
      'Vorgang anlegen',
    )
  : alert('info', 'Es ist noch kein aktiver Vorgangstyp eingerichtet. Die Administration legt Vorgangstypen unter „Vorgangstypen“ an.')}
<p class="kern-body"><a class="kern-link" href="${base(c)}">Zurück zu den Vorgängen</a></p></div>`,
  );
}

export function typesPage(c: Ctx, o: { types: CaseType[]; teams: Team[]; plans: { id: string; code: string; title: string }[] }): SafeHtml {
  const b = base(c);
  const teamName = (id: string | null) => o.teams.find((t) => t.id === id)?.name ?? '–';
  const plan = (id: string | null) => {
    const p = o.plans.find((x) => x.id === id);
    return p ? `${p.code} ${p.title}` : '–';
  };
  return page(
    c,
    { title: 'Vorgangstypen', wide: true },
    html`<h1 class="kern-heading-large">Vorgangstypen</h1>
<p class="kern-body">Ein Vorgangstyp legt fest, welche Schritte ein Vorgang durchläuft, wer sie gehen darf, wie lange die Bearbeitung dauern soll und in welche Akte er gehört. Anträge einer Leistung werden automatisch zu Vorgängen des verknüpften Typs.</p>
${o.types.length
  ? table(
      'Vorgangstypen',
      ['Name', 'Schlüssel', 'Leistung', 'Team', 'Aktenplan', 'Frist', 'Vier Augen', 'Status'],
      o.types.map((t) => [
        html`<a class="kern-link" href="${b}/typen/${t.id}">${t.name}</a>`,
        html`${t.key}`,
        html`${t.serviceSlug ?? '–'}`,
        html`${teamName(t.teamId)}`,
        html`${plan(t.planItemId)}`,
        html`${t.targetDays} Tage`,
        html`${t.fourEyes ? 'ja' : 'nein'}`,
        html`<span class="status-badge">${t.active ? 'aktiv' : 'inaktiv'}</span>`,
      ]),
    )
  : alert('info', 'Es ist noch kein Vorgangstyp angelegt.')}
<p class="kern-body"><a class="kern-link" href="${b}/typen/neu">Neuen Vorgangstyp anlegen</a></p>
<p class="kern-body"><a class="kern-link" href="${b}">Zurück zu den Vorgängen</a></p>`,
  );
}

export function typeFormPage(c: Ctx, o: { id?: string; form: TypeForm; teams: Team[]; plans: { id: string; code: string; title: string }[]; errors?: FieldErrors; workflowErrors?: string[] }): SafeHtml {
  const e = o.errors ?? {};
  const f = o.form;
  const title = o.id ? `Vorgangstyp bearbeiten: ${f.name}` : 'Neuen Vorgangstyp anlegen';
  return page(
    c,
    { title, wide: true },
    html`<div class="narrow"><h1 class="kern-heading-large">${o.id ? 'Vorgangstyp bearbeiten' : 'Neuen Vorgangstyp anlegen'}</h1>
${errorSummary(c, e)}
${postForm(
  c,
  `${base(c)}/typen/${o.id ?? 'neu'}`,
  html`${field({ name: 'name', label: 'Name', hint: 'Zum Beispiel: Bewohnerparkausweis', value: f.name, error: e.name, required: true, maxlength: LIMITS.name })}
${field({ name: 'key', label: 'Schlüssel', hint: 'Kleinbuchstaben, Ziffern und Bindestriche, zum Beispiel „bewohnerparkausweis“.', value: f.key, error: e.key, required: true, maxlength: LIMITS.key })}
${field({ name: 'service', label: 'Leistung (Kürzel im Leistungskatalog, freiwillig)', hint: 'Anträge dieser Leistung werden automatisch zu Vorgängen dieses Typs, zum Beispiel „bewohnerparkausweis“.', value: f.service, error: e.service, maxlength: 100 })}
${select({ name: 'team', label: 'Zuständiges Team', value: f.team, error: e.team, options: [{ value: '', label: 'kein Team' }, ...o.teams.map((t) => ({ value: t.id, label: t.name }))] })}
${select({ name: 'plan', label: 'Aktenplan', hint: 'Jeder Vorgang erhält eine eigene Akte unter diesem Eintrag; das Aktenzeichen beginnt mit seiner Kennziffer.', value: f.plan, error: e.plan, options: [{ value: '', label: 'keine Akte' }, ...o.plans.map((p) => ({ value: p.id, label: `${p.code} ${p.title}` }))] })}
${input({ name: 'targetDays', label: 'Bearbeitungsfrist in Tagen', hint: 'Die Frist ruht, solange der Vorgang auf die Bürgerin oder den Bürger wartet.', value: f.targetDays, error: e.targetDays, numeric: true, maxlength: 4 })}
${checkbox({ name: 'fourEyes', label: 'Vier-Augen-Prinzip: Entscheidungen gibt eine zweite Person (Sachgebietsleitung) frei', checked: f.fourEyes, error: e.fourEyes })}
${checkbox({ name: 'active', label: 'Vorgangstyp ist aktiv', checked: f.active })}
${textarea({ name: 'workflow', label: 'Ablauf (JSON)', hint: 'states: Zustände mit key, label, kind (open, waiting, closed) und genau einem initial: true. transitions: Schritte mit key, label, from (Liste), to, roles (clerk, lead, admin …), optional decision: true (Entscheidung) oder query: true (Rückfrage an die Bürgerin oder den Bürger).', value: f.workflow, error: e.workflow, rows: 24 })}
${o.workflowErrors?.length ? html`<div class="kern-alert kern-alert--danger" role="region" aria-labelledby="wf-errors-h"><div class="kern-alert__header"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span><h2 class="kern-title" id="wf-errors-h">Fehler im Ablauf</h2></div>
<div class="kern-alert__body"><ul class="kern-list">${o.workflowErrors.map((x) => html`<li>${x}</li>`)}</ul></div></div>` : ''}`,
  'Speichern',
)}
<p class="kern-body"><a class="kern-link" href="${base(c)}/typen">Zurück zu den Vorgangstypen</a></p></div>`,
  );
}

export function absencesPage(c: Ctx, o: { absences: Absence[]; workers: { id: string; name: string }[]; mayChooseUser: boolean; form: AbsenceForm; errors?: FieldErrors }): SafeHtml {
  const e = o.errors ?? {};
  const b = base(c);
  const remove = (a: Absence) =>
    o.mayChooseUser || a.userId === c.user!.id
      ? html`<form method="post" action="${b}/vertretungen/${a.id}/entfernen" class="inline-form"><input type="hidden" name="_csrf" value="${c.csrf()}">${smallButton('Löschen', `${a.userName}, ${isoDay(c, a.startsOn)} bis ${isoDay(c, a.endsOn)}`)}</form>`
      : html`–`;
  return page(
    c,
    { title: 'Abwesenheit und Vertretung', wide: true },
    html`<h1 class="kern-heading-large">Abwesenheit und Vertretung</h1>
<p class="kern-body">Während einer Abwesenheit sieht die Vertretung die Vorgänge der abwesenden Person in ihrer Liste „Meine“ und kann sie bearbeiten.</p>
${errorSummary(c, e)}
${o.absences.length
  ? table('Eingetragene Abwesenheiten', ['Abwesend', 'Vertretung', 'Von', 'Bis', 'Aktion'], o.absences.map((a) => [html`${a.userName}`, html`${a.substituteName}`, html`${isoDay(c, a.startsOn)}`, html`${isoDay(c, a.endsOn)}`, remove(a)]))
  : html`<p class="kern-body">Es sind keine aktuellen oder künftigen Abwesenheiten eingetragen.</p>`}
<div class="narrow"><h2 class="kern-heading-medium">Abwesenheit eintragen</h2>
${postForm(
  c,
  `${b}/vertretungen`,
  html`${o.mayChooseUser ? select({ name: 'user', label: 'Abwesende Person', value: o.form.user, error: e.user, options: [{ value: '', label: '– bitte wählen –' }, ...o.workers.map((w) => ({ value: w.id, label: w.name }))] }) : html`<p class="kern-body">Abwesende Person: ${c.user!.displayName}</p>`}
${select({ name: 'substitute', label: 'Vertretung', value: o.form.substitute, error: e.substitute, options: [{ value: '', label: '– bitte wählen –' }, ...o.workers.map((w) => ({ value: w.id, label: w.name }))] })}
${input({ name: 'from', label: 'Erster Tag', type: 'date', value: o.form.from, error: e.from })}
${input({ name: 'to', label: 'Letzter Tag', type: 'date', value: o.form.to, error: e.to })}`,
  'Eintragen',
)}</div>
<p class="kern-body"><a class="kern-link" href="${b}">Zurück zu den Vorgängen</a></p>`,
  );
}

export function teamsPage(c: Ctx, o: { teams: Team[]; workers: { id: string; name: string }[]; name: string; errors?: FieldErrors }): SafeHtml {
  const e = o.errors ?? {};
  const b = base(c);
  return page(
    c,
    { title: 'Teams', wide: true },
    html`<h1 class="kern-heading-large">Teams</h1>
<p class="kern-body">Ein Team sieht die Vorgänge der Vorgangstypen, für die es zuständig ist, in der Liste „Meines Teams“.</p>
${errorSummary(c, e)}
${o.teams.map((t) => {
  const outside = o.workers.filter((w) => !t.members.some((m) => m.id === w.id));
  return html`<section aria-labelledby="team-${t.id}"><h2 class="kern-heading-medium" id="team-${t.id}">${t.name}</h2>
${t.members.length
  ? table(`Mitglieder von ${t.name}`, ['Name', 'Aktion'], t.members.map((m) => [html`${m.name}`, html`<form method="post" action="${b}/teams/${t.id}/mitglieder" class="inline-form"><input type="hidden" name="_csrf" value="${c.csrf()}"><input type="hidden" name="user" value="${m.id}"><input type="hidden" name="aktion" value="entfernen">${smallButton('Entfernen', `${m.name} aus ${t.name}`)}</form>`]))
  : html`<p class="kern-body">Das Team hat noch keine Mitglieder.</p>`}
${outside.length
  ? html`<form method="post" action="${b}/teams/${t.id}/mitglieder" novalidate class="stack"><input type="hidden" name="_csrf" value="${c.csrf()}"><input type="hidden" name="aktion" value="hinzufuegen">
<div class="kern-form-input"><label class="kern-label" for="add-${t.id}">Mitglied hinzufügen zu ${t.name}</label><div class="kern-form-input__select-wrapper"><select class="kern-form-input__select" id="add-${t.id}" name="user">${outside.map((w) => html`<option value="${w.id}">${w.name}</option>`)}</select></div></div>
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Hinzufügen<span class="kern-sr-only"> zu ${t.name}</span></span></button></div></form>`
  : ''}</section>`;
})}
<div class="narrow"><h2 class="kern-heading-medium">Neues Team</h2>
${postForm(c, `${b}/teams`, field({ name: 'name', label: 'Name des Teams', hint: 'Zum Beispiel: Bürgerbüro', value: o.name, error: e.name, required: true, maxlength: LIMITS.team }), 'Team anlegen')}</div>
<p class="kern-body"><a class="kern-link" href="${b}/typen">Zu den Vorgangstypen</a></p>`,
  );
}
