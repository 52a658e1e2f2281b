// Pages of the council office's meeting area: list, create/edit, the meeting with its agenda editor and invitation,
// cancellation, delivery overview. German, KERN, every page works without JavaScript.
import {
  alert,
  checkbox,
  descriptionList,
  errorSummary,
  field,
  formatDate,
  formatDateTime,
  html,
  page,
  postForm,
  raw,
  select,
  textarea,
  type Ctx,
  type FieldErrors,
  type SafeHtml,
} from '../../kernel/index.ts';
import type { NoticeRule } from './deadlines.ts';
import { formatGermanDay } from './deadlines.ts';
import type { AgendaItem, Body, Location, Paper } from './repository.ts';
import type { DeliveryRow, Invitation, MeetingDetail } from './meetings.repository.ts';
import { LIMITS, STANDARD_ITEMS, type AgendaItemForm, type DispatchForm, type MeetingForm } from './meeting-schema.ts';
import { locationText, meetingWhen } from './invitation.ts';
import { berlinTime, input, MEETING_STATE_LABELS, officeBase, PAPER_TYPE_LABELS, personName, table } from './ui.ts';

export const meetingsBase = (c: Ctx) => `${officeBase(c)}/sitzungen`;

const ERROR_PREFIX = raw('<span class="kern-sr-only" lang="de">Fehler: </span>');

function back(c: Ctx, href: string, label: string): SafeHtml {
  return html`<p class="kern-body"><a class="kern-link" href="${href}">${label}</a></p>`;
}

function stateBadge(m: Pick<MeetingDetail, 'state'>): SafeHtml {
  return html`<span class="status-badge">${MEETING_STATE_LABELS[m.state]}</span>`;
}

function when(m: Pick<MeetingDetail, 'startsAt' | 'endsAt'>): string {
  return `${formatDate(m.startsAt)}, ${berlinTime(m.startsAt)}–${berlinTime(m.endsAt)} Uhr`;
}

const bodyLabel = (b: Body) => (b.municipality ? `${b.name} (${b.municipality})` : b.name);

// ---------------------------------------------------------------------------------------------------------------
// List

export function meetingListPage(c: Ctx, o: { bodies: Body[]; meetings: MeetingDetail[]; when: 'upcoming' | 'past'; bodyId: string }): SafeHtml {
  const b = meetingsBase(c);
  const bodyName = new Map(o.bodies.map((x) => [x.id, bodyLabel(x)]));
  const q = (w: 'upcoming' | 'past') => `${b}?zeit=${w === 'past' ? 'vergangen' : 'kommend'}${o.bodyId ? `&gremium=${o.bodyId}` : ''}`;
  const tab = (w: 'upcoming' | 'past', label: string) =>
    html`<li><a class="kern-link" href="${q(w)}"${w === o.when ? raw(' aria-current="page"') : ''}>${w === o.when ? html`<strong>${label}</strong>` : label}</a></li>`;
  const rows = o.meetings.map((m) => [
    html`${when(m)}`,
    html`<a class="kern-link" href="${b}/${m.id}">${m.name}</a>`,
    html`${bodyName.get(m.bodyId) ?? '–'}`,
    stateBadge(m),
  ]);
  return page(
    c,
    { title: 'Sitzungen', wide: true },
    html`<h1 class="kern-heading-large">Sitzungen</h1>
<p class="kern-body"><a class="kern-link" href="${b}/neu">Neue Sitzung anlegen</a></p>
<nav aria-label="Zeitraum"><ul class="appt-links">${tab('upcoming', 'Kommende Sitzungen')}${tab('past', 'Vergangene Sitzungen')}</ul></nav>
<form method="get" action="${b}" class="stack">
<input type="hidden" name="zeit" value="${o.when === 'past' ? 'vergangen' : 'kommend'}">
${select({ name: 'gremium', label: 'Gremium', value: o.bodyId, options: [{ value: '', label: 'Alle Gremien' }, ...o.bodies.map((x) => ({ value: x.id, label: bodyLabel(x) }))] })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Anzeigen</span></button></div>
</form>
${rows.length
  ? table(o.when === 'past' ? 'Vergangene Sitzungen' : 'Kommende Sitzungen', ['Termin', 'Sitzung', 'Gremium', 'Stand'], rows)
  : html`<p class="kern-body">${o.when === 'past' ? 'Es gibt keine vergangenen Sitzungen.' : 'Es sind keine Sitzungen geplant.'}</p>`}
${back(c, officeBase(c), 'Zurück zum Sitzungsdienst')}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Create / edit

export function meetingFormPage(
  c: Ctx,
  o: { id?: string; stand?: number; form: MeetingForm; errors?: FieldErrors; bodies: Body[]; locations: Location[]; fixedBody?: Body; notice?: SafeHtml },
): SafeHtml {
  const e = o.errors ?? {};
  const b = meetingsBase(c);
  const isNew = !o.id;
  const title = isNew ? 'Neue Sitzung anlegen' : 'Sitzung bearbeiten';
  const content = html`${o.fixedBody
    ? html`${descriptionList([['Gremium', bodyLabel(o.fixedBody)]])}<p class="kern-hint">Das Gremium lässt sich nach dem Anlegen nicht mehr ändern. Sagen Sie die Sitzung gegebenenfalls ab und legen Sie sie neu an.</p>`
    : select({ name: 'body', label: 'Gremium', value: o.form.body, error: e.body, options: [{ value: '', label: '– bitte wählen –' }, ...o.bodies.map((x) => ({ value: x.id, label: bodyLabel(x) }))] })}
${field({ name: 'name', label: 'Titel der Sitzung (freiwillig)', hint: 'Leer lassen für den üblichen Titel, zum Beispiel „5. Sitzung der Gemeindevertretung“ (gezählt in der laufenden Wahlperiode).', value: o.form.name, error: e.name, maxlength: LIMITS.name })}
${input({ name: 'date', label: 'Sitzungstag', type: 'date', value: o.form.date, error: e.date, hint: 'Zum Beispiel 2026-12-10.' })}
${input({ name: 'start', label: 'Beginn (Uhrzeit)', type: 'time', value: o.form.start, error: e.start, hint: 'Ortszeit, zum Beispiel 18:00.' })}
${input({ name: 'end', label: 'Voraussichtliches Ende (Uhrzeit)', type: 'time', value: o.form.end, error: e.end, hint: 'Ortszeit, zum Beispiel 21:00. Sitzungen desselben Gremiums dürfen sich nicht überschneiden.' })}
${select({ name: 'location', label: 'Sitzungsort', value: o.form.location, error: e.location, options: [{ value: '', label: '– noch offen –' }, ...o.locations.map((l) => ({ value: l.id, label: locationText(l) }))] })}
${isNew
  ? html`<fieldset class="kern-fieldset"><legend class="kern-label">Standardpunkte der Tagesordnung</legend>
<div class="kern-hint">Diese Punkte werden im öffentlichen Teil angelegt. Sie können sie danach verschieben oder entfernen.</div>
<div class="kern-fieldset__body">${STANDARD_ITEMS.map((s, i) => checkbox({ name: 'standard', value: String(i), label: s, checked: o.form.standard.includes(i) }))}</div></fieldset>`
  : html`<input type="hidden" name="stand" value="${String(o.stand ?? '')}">`}`;
  return page(
    c,
    { title },
    html`<div class="narrow"><h1 class="kern-heading-large">${title}</h1>
${o.notice ?? ''}
${errorSummary(c, e)}
${postForm(c, isNew ? `${b}/neu` : `${b}/${o.id}/bearbeiten`, content, isNew ? 'Sitzung anlegen' : 'Änderungen speichern')}
${back(c, isNew ? b : `${b}/${o.id}`, isNew ? 'Zurück zu den Sitzungen' : 'Zurück zur Sitzung')}</div>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The meeting: details, agenda editor, invitation

export interface MeetingView {
  meeting: MeetingDetail;
  body: Body;
  location: Location | undefined;
  agenda: AgendaItem[];
  papers: Map<string, Paper>;
  releasedPapers: Paper[];
  invitations: Invitation[];
  next: { version: number } | { blocked: 'closed' | 'unchanged' };
  rule: NoticeRule;
  latest: { regular: string; urgent: string };
  recipients: { members: number; copies: number; paper: number };
  addForm: AgendaItemForm;
  addErrors: FieldErrors;
  dispatchForm: DispatchForm;
  dispatchErrors: FieldErrors;
  notice?: SafeHtml;
}

function smallButton(name: string, value: string, label: string, context: string): SafeHtml {
  return html`<button type="submit" name="${name}" value="${value}" class="kern-btn kern-btn--secondary kern-btn--x-small"><span class="kern-label">${label}<span class="kern-sr-only"> (${context})</span></span></button>`;
}

function agendaEditor(c: Ctx, v: MeetingView, editable: boolean): SafeHtml {
  const b = `${meetingsBase(c)}/${v.meeting.id}`;
  const stand = String(v.meeting.modifiedAt.getTime());
  const part = (items: AgendaItem[], caption: string) => {
    const rows = items.map((i, k) => {
      const p = i.paperId ? v.papers.get(i.paperId) : undefined;
      const ctx = `${i.number} ${i.name}`;
      const actions = editable
        ? html`<form method="post" action="${b}/tagesordnung/${i.id}" class="inline-form"><input type="hidden" name="_csrf" value="${c.csrf()}"><input type="hidden" name="stand" value="${stand}">
${k > 0 ? smallButton('action', 'up', 'Nach oben', ctx) : ''}
${k < items.length - 1 ? smallButton('action', 'down', 'Nach unten', ctx) : ''}
${i.public ? smallButton('action', 'nonpublic', 'In den nichtöffentlichen Teil', ctx) : smallButton('action', 'public', 'In den öffentlichen Teil', ctx)}
${smallButton('action', 'remove', 'Entfernen', ctx)}</form>`
        : html`–`;
      return [html`${i.number}`, html`${i.name}${p ? html`<br><span class="kern-body--small">${PAPER_TYPE_LABELS[p.paperType]} ${p.reference}${p.public ? '' : ' (nichtöffentlich)'}</span>` : ''}`, actions];
    });
    return rows.length ? table(caption, ['Nr.', 'Gegenstand', 'Ändern'], rows) : html`<p class="kern-body">${caption}: keine Punkte.</p>`;
  };
  return html`${part(v.agenda.filter((i) => i.public), 'Öffentlicher Teil')}
${part(v.agenda.filter((i) => !i.public), 'Nichtöffentlicher Teil')}`;
}

function addItemForm(c: Ctx, v: MeetingView): SafeHtml {
  const e = v.addErrors;
  const b = `${meetingsBase(c)}/${v.meeting.id}`;
  const onAgenda = new Set(v.agenda.map((i) => i.paperId).filter(Boolean));
  const options = [{ value: '', label: '– ohne Vorlage –' }, ...v.releasedPapers.filter((p) => !onAgenda.has(p.id)).map((p) => ({ value: p.id, label: `${p.reference} ${p.name}${p.public ? '' : ' (nichtöffentlich)'}` }))];
  return html`<h3 class="kern-heading-small" id="punkt-hinzufuegen">Punkt hinzufügen</h3>
${errorSummary(c, e)}
${postForm(
  c,
  `${b}/tagesordnung`,
  html`<input type="hidden" name="stand" value="${String(v.meeting.modifiedAt.getTime())}">
${select({ name: 'paper', label: 'Vorlage (freiwillig)', value: v.addForm.paper, error: e.paper, hint: 'Nur freigegebene Vorlagen. Der Beratungsschritt der Vorlage für dieses Gremium wird mit dem Punkt verknüpft.', options })}
${field({ name: 'name', label: 'Titel des Punktes', hint: 'Mit Vorlage freiwillig: dann gilt der Titel der Vorlage.', value: v.addForm.name, error: e.name, maxlength: LIMITS.itemName })}
${select({ name: 'part', label: 'Teil der Sitzung', value: v.addForm.part, error: e.part, options: [{ value: 'oeffentlich', label: 'Öffentlicher Teil' }, { value: 'nichtoeffentlich', label: 'Nichtöffentlicher Teil' }] })}`,
  'Punkt hinzufügen',
)}`;
}

function invitationSection(c: Ctx, v: MeetingView): SafeHtml {
  const b = `${meetingsBase(c)}/${v.meeting.id}`;
  const e = v.dispatchErrors;
  const history = v.invitations.length
    ? table(
        'Versandte Einladungen',
        ['Fassung', 'Versandt am', 'Empfänger', 'Dateien'],
        v.invitations.map((i) => [
          html`${i.version > 1 ? `Nachtrag ${i.version - 1}` : 'Einladung'}${i.urgent ? ' (Dringlichkeitssitzung)' : ''}`,
          html`${formatDateTime(i.dispatchedAt)}`,
          html`${i.members} Mitglieder, ${i.copies} zur Kenntnis; ${i.electronic} elektronisch, ${i.paper} auf Papier`,
          html`<a class="kern-link" href="${b}/einladung/${i.version}">Fassung für Mitglieder</a><br><a class="kern-link" href="${b}/einladung/${i.version}/oeffentlich">Öffentliche Fassung</a>`,
        ]),
      )
    : html`<p class="kern-body">Die Einladung ist noch nicht versandt.</p>`;
  const unit = v.rule.counting === 'full' ? 'volle Tage' : 'Tage';
  const deadline = html`<p class="kern-body">Ladungsfrist nach der Geschäftsordnung: ${v.rule.days} ${unit} – spätestens versenden am <strong>${formatGermanDay(v.latest.regular)}</strong>.
Als Dringlichkeitssitzung (mit Begründung): ${v.rule.urgentDays} ${unit} – spätestens am ${formatGermanDay(v.latest.urgent)}.</p>`;
  let action: SafeHtml;
  if ('blocked' in v.next) {
    action =
      v.next.blocked === 'unchanged'
        ? html`<p class="kern-body">Die Einladung ist versandt. Ändern Sie danach die Tagesordnung oder den Termin, können Sie hier einen Nachtrag versenden.</p>`
        : html`<p class="kern-body">Für diese Sitzung kann keine Einladung mehr versandt werden (${MEETING_STATE_LABELS[v.meeting.state]}).</p>`;
  } else {
    const nachtrag = v.next.version > 1;
    action = html`${nachtrag ? alert('info', 'Die Tagesordnung oder der Termin wurde nach dem Versand geändert. Sie können die geänderte Einladung als Nachtrag versenden.') : ''}
<p class="kern-body">Empfänger am Sitzungstag: ${v.recipients.members} Mitglieder${v.recipients.copies ? `, ${v.recipients.copies} stellvertretende Mitglieder zur Kenntnis` : ''}; davon ${v.recipients.paper} auf Papier (Druckstapel).</p>
<p class="kern-body">Vorschau: <a class="kern-link" href="${b}/einladung/vorschau">Fassung für Mitglieder</a> · <a class="kern-link" href="${b}/einladung/vorschau?fassung=oeffentlich">Öffentliche Fassung</a></p>
${errorSummary(c, e)}
${postForm(
  c,
  `${b}/einladung`,
  html`<input type="hidden" name="version" value="${String(v.next.version)}"><input type="hidden" name="stand" value="${String(v.meeting.modifiedAt.getTime())}">
${checkbox({ name: 'urgent', label: 'Dringlichkeitssitzung: verkürzte Ladungsfrist', checked: v.dispatchForm.urgent, error: e.urgent })}
${textarea({ name: 'urgencyReason', label: 'Begründung der Dringlichkeit (nur bei Dringlichkeitssitzung)', hint: 'Steht in der Einladung. Nur nötig, wenn die reguläre Ladungsfrist nicht mehr einzuhalten ist.', value: v.dispatchForm.urgencyReason, error: e.urgencyReason, rows: 3 })}`,
  nachtrag ? `Nachtrag ${v.next.version - 1} versenden` : 'Einladung versenden',
)}`;
  }
  return html`<h2 class="kern-heading-medium" id="einladung">Einladung</h2>
${deadline}
${history}
${action}
${v.invitations.length ? html`<p class="kern-body"><a class="kern-link" href="${b}/zustellung">Zustellung und Druckstapel</a></p>` : ''}`;
}

export function meetingPage(c: Ctx, v: MeetingView): SafeHtml {
  const m = v.meeting;
  const b = `${meetingsBase(c)}/${m.id}`;
  const open = m.state === 'planned' || m.state === 'invited';
  const rows: [string, string | SafeHtml][] = [
    ['Gremium', bodyLabel(v.body)],
    ['Termin', `${meetingWhen(m)} bis ${berlinTime(m.endsAt)} Uhr`],
    ['Ort', locationText(v.location)],
    ['Stand', stateBadge(m)],
  ];
  if (m.dispatchedAt) rows.push(['Eingeladen am', formatDateTime(m.dispatchedAt)]);
  if (m.urgent) rows.push(['Dringlichkeit', m.urgencyReason ?? 'Dringlichkeitssitzung']);
  if (m.state === 'cancelled') rows.push(['Abgesagt', `${m.cancelledAt ? formatDateTime(m.cancelledAt) : ''}: ${m.cancellationReason ?? ''}`]);
  return page(
    c,
    { title: m.name, wide: true },
    html`<h1 class="kern-heading-large">${m.name}</h1>
${v.notice ?? ''}
${descriptionList(rows)}
${open ? html`<ul class="appt-links"><li><a class="kern-link" href="${b}/bearbeiten">Termin und Ort ändern</a></li><li><a class="kern-link" href="${b}/absage">Sitzung absagen</a></li></ul>` : ''}
<h2 class="kern-heading-medium" id="tagesordnung">Tagesordnung</h2>
<p class="kern-body">Der öffentliche Teil steht immer vor dem nichtöffentlichen Teil; die Nummern (Ö 1 …, N 1 …) werden automatisch vergeben.</p>
${agendaEditor(c, v, open)}
${open ? addItemForm(c, v) : ''}
${invitationSection(c, v)}
${m.state !== 'cancelled' ? html`<h2 class="kern-heading-medium" id="niederschrift">Niederschrift</h2>
<p class="kern-body">${m.startsAt.getTime() <= c.now.getTime() ? html`<a class="kern-link" href="${b}/protokoll">Anwesenheit, Abstimmungen und Niederschrift</a>` : 'Anwesenheit, Abstimmungen und die Niederschrift werden ab Beginn der Sitzung erfasst.'}</p>` : ''}
${back(c, meetingsBase(c), 'Zurück zu den Sitzungen')}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Cancellation

export function cancelPage(c: Ctx, o: { meeting: MeetingDetail; reason: string; errors?: FieldErrors; notice?: SafeHtml }): SafeHtml {
  const e = o.errors ?? {};
  const b = `${meetingsBase(c)}/${o.meeting.id}`;
  return page(
    c,
    { title: `Sitzung absagen: ${o.meeting.name}` },
    html`<div class="narrow"><h1 class="kern-heading-large">Sitzung absagen</h1>
${o.notice ?? ''}
<p class="kern-body">${o.meeting.name}, ${when(o.meeting)}.</p>
${o.meeting.state === 'invited' ? html`<p class="kern-body">Die Einladung ist bereits versandt. Alle eingeladenen Personen erhalten eine Absage auf demselben Weg (Mandatspostfach oder Post).</p>` : ''}
${errorSummary(c, e)}
${postForm(c, `${b}/absage`, html`<input type="hidden" name="stand" value="${String(o.meeting.modifiedAt.getTime())}">${textarea({ name: 'reason', label: 'Grund der Absage', value: o.reason, error: e.reason, rows: 4 })}`, 'Sitzung absagen')}
${back(c, b, 'Zurück zur Sitzung')}</div>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Delivery overview and print batch

const KIND = (d: DeliveryRow) => (d.kind === 'cancellation' ? 'Absage' : `${d.version > 1 ? `Nachtrag ${d.version - 1}` : 'Einladung'}${d.copy ? ' (zur Kenntnis)' : ''}`);

export function deliveriesPage(c: Ctx, o: { meeting: MeetingDetail; rows: DeliveryRow[]; today: string; day?: string; errors?: FieldErrors; notice?: SafeHtml }): SafeHtml {
  const b = `${meetingsBase(c)}/${o.meeting.id}`;
  const e = o.errors ?? {};
  const rows = o.rows.map((d) => [
    html`${personName(d)}`,
    html`${KIND(d)}`,
    html`${d.channel === 'electronic' ? 'Mandatspostfach' : d.streetAddress && d.locality ? 'Post' : html`Post – <strong>Anschrift fehlt</strong>, bitte in den Personendaten ergänzen`}`,
    html`${d.channel === 'electronic' ? (d.deliveredAt ? formatDateTime(d.deliveredAt) : '–') : `Druckliste seit ${formatDateTime(d.createdAt)}`}`,
    html`${d.channel === 'electronic'
      ? d.openedAt
        ? html`geöffnet am ${formatDateTime(d.openedAt)}${d.retrievals && d.retrievals > 1 ? ` (${d.retrievals}-mal abgerufen)` : ''}`
        : 'noch nicht geöffnet'
      : d.postedOn
        ? `zur Post gegeben am ${formatGermanDay(d.postedOn)}`
        : 'noch nicht zur Post gegeben'}`,
  ]);
  const unposted = o.rows.filter((d) => d.channel === 'paper' && !d.postedOn);
  return page(
    c,
    { title: `Zustellung: ${o.meeting.name}`, wide: true },
    html`<h1 class="kern-heading-large">Zustellung</h1>
<p class="kern-body">${o.meeting.name}, ${when(o.meeting)}.</p>
${o.notice ?? ''}
<p class="kern-body">Elektronisch gilt als Nachweis der erste Abruf aus dem Mandatspostfach; auf Papier der Tag der Aufgabe zur Post. Mitglieder ohne Zugang zum Mandatspostfach erhalten ihre Unterlagen auf Papier.</p>
${rows.length ? table('Zustellung je Person', ['Person', 'Schreiben', 'Weg', 'Zugestellt', 'Nachweis'], rows) : html`<p class="kern-body">Es wurde noch nichts versandt.</p>`}
<h2 class="kern-heading-medium" id="druck">Postversand</h2>
${unposted.length
  ? html`<p class="kern-body"><a class="kern-link" href="${b}/druck">Druckstapel herunterladen (PDF, ${unposted.length} ${unposted.length === 1 ? 'Schreiben' : 'Schreiben'} mit Deckblatt)</a></p>
${errorSummary(c, e)}
${postForm(
  c,
  `${b}/druck`,
  html`<fieldset class="kern-fieldset"><legend class="kern-label">Zur Post gegeben</legend>
${e.delivery ? html`<p class="kern-error" id="f-delivery-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${ERROR_PREFIX}${e.delivery}</p>` : ''}
<div class="kern-fieldset__body" id="f-delivery">${unposted.map((d) => checkbox({ name: 'delivery', value: d.id, label: `${personName(d)}: ${KIND(d)}`, checked: true }))}</div></fieldset>
${input({ name: 'day', label: 'Tag der Aufgabe zur Post', type: 'date', value: o.day ?? o.today, error: e.day })}`,
  'Als zur Post gegeben vermerken',
)}`
  : html`<p class="kern-body">Es warten keine Schreiben auf den Postversand.</p>`}
${back(c, b, 'Zurück zur Sitzung')}`,
  );
}
