// Pages of the public Ratsinformationssystem: German, KERN, no JavaScript. Everything shown here has passed the
// publication guard in the repositories; the views never decide what is public, they only present it.
import { alert, descriptionList, errorSummary, formatDate, html, page, paragraphs, raw, select, type Ctx, type FieldErrors, type SafeHtml } from '../../kernel/index.ts';
import { BODY_KIND_LABELS, CONSULTATION_ROLE_LABELS, MEETING_STATE_LABELS, PAPER_TYPE_LABELS, ROLE_LABELS, berlinTime, input, isoDay, personName, risBase, table } from './ui.ts';
import { PAPER_TYPES, type PaperType, type Term } from './repository.ts';
import type { PublicAgendaItem, PublicBody, PublicConsultation, PublicFile, PublicMeeting, PublicMember, PublicMembership, PublicPaper, PublicPerson, PublicPersonRow } from './ris.repository.ts';
import type { ItemHit, MeetingHit, PaperHit, PersonHit, SearchKind } from './search.repository.ts';
import { QUERY_MAX_CHARS } from './search.repository.ts';

const TITLE = 'Ratsinformationssystem';
const weekdayFmt = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', weekday: 'long' });
const monthFmt = new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', month: 'long', year: 'numeric' });

/** "Donnerstag, 10.12.2026" */
const longDay = (c: Ctx, d: Date) => `${weekdayFmt.format(d)}, ${formatDate(d, c.lang)}`;
/** "18:00–21:00 Uhr" */
const timeSpan = (m: { startsAt: Date; endsAt: Date }) => `${berlinTime(m.startsAt)}–${berlinTime(m.endsAt)} Uhr`;
/** "Dezember 2026" of 'YYYY-MM'. */
export const monthLabel = (month: string) => monthFmt.format(new Date(`${month}-15T12:00:00Z`));

export const meetingUrl = (c: Ctx, id: string) => `${risBase(c)}/sitzungen/${id}`;
export const paperUrl = (c: Ctx, id: string) => `${risBase(c)}/drucksachen/${id}`;
export const bodyUrl = (c: Ctx, id: string) => `${risBase(c)}/gremien/${id}`;
export const personUrl = (c: Ctx, id: string) => `${risBase(c)}/personen/${id}`;
/** Readable download URL: the file's own name is the last path segment. */
export const fileUrl = (c: Ctx, f: Pick<PublicFile, 'id' | 'fileName'>) => `${risBase(c)}/dateien/${f.id}/${encodeURIComponent(f.fileName)}`;

function risNav(c: Ctx, current: string): SafeHtml {
  const b = risBase(c);
  const items: [string, string][] = [
    [b, 'Übersicht'],
    [`${b}/kalender`, 'Sitzungskalender'],
    [`${b}/drucksachen`, 'Drucksachen'],
    [`${b}/gremien`, 'Gremien'],
    [`${b}/personen`, 'Personen'],
    [`${b}/suche`, 'Suche'],
  ];
  return html`<nav aria-label="Ratsinformationssystem"><ul class="appt-links">${items.map(
    ([href, label]) => html`<li><a class="kern-link" href="${href}"${href === current ? raw(' aria-current="page"') : ''}>${label}</a></li>`,
  )}</ul></nav>`;
}

function risPage(c: Ctx, o: { title: string; current: string; wide?: boolean }, content: SafeHtml): SafeHtml {
  return page(c, { title: `${o.title} – ${TITLE}`, wide: o.wide ?? true }, html`${risNav(c, o.current)}${content}`);
}

/** Text with \u0001 … \u0002 around matches: everything escaped, the matches marked. */
export function highlight(snippet: string): SafeHtml {
  return html`${snippet.split(/(\u0001[^\u0001\u0002]*\u0002)/).map((part) => (part.startsWith('\u0001') ? html`<mark>${part.slice(1, -1)}</mark>` : part.replace(/[\u0001\u0002]/g, '')))}`;
}

function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB`;
}

function fileKind(f: Pick<PublicFile, 'mime' | 'fileName'>): string {
  if (f.mime === 'application/pdf') return 'PDF';
  const ext = f.fileName.match(/\.([a-z0-9]{1,5})$/i)?.[1];
  return ext ? ext.toUpperCase() : 'Datei';
}

function fileList(c: Ctx, files: readonly PublicFile[]): SafeHtml {
  return html`<ul class="kern-list">${files.map((f) => html`<li><a class="kern-link" href="${fileUrl(c, f)}">${f.name}</a> <span class="kern-body--small">(${fileKind(f)}, ${fileSize(f.size)})</span></li>`)}</ul>`;
}

function stateBadge(m: { state: PublicMeeting['state'] }): SafeHtml {
  return html`<span class="status-badge">${MEETING_STATE_LABELS[m.state]}</span>`;
}

function meetingsTable(c: Ctx, caption: string, meetings: readonly PublicMeeting[], o: { body?: boolean } = {}): SafeHtml {
  const head = ['Datum', 'Uhrzeit', ...(o.body === false ? [] : ['Gremium']), 'Sitzung', 'Ort', 'Stand'];
  return table(caption, head, meetings.map((m) => [
    longDay(c, m.startsAt),
    timeSpan(m),
    ...(o.body === false ? [] : [html`<a class="kern-link" href="${bodyUrl(c, m.bodyId)}">${m.bodyName}</a>`]),
    html`<a class="kern-link" href="${meetingUrl(c, m.id)}">${m.name}</a>`,
    m.location ?? '–',
    stateBadge(m),
  ]));
}

function papersTable(c: Ctx, caption: string, papers: readonly Pick<PaperHit, 'id' | 'reference' | 'name' | 'paperType' | 'date'>[]): SafeHtml {
  return table(caption, ['Nummer', 'Betreff', 'Art', 'Datum'], papers.map((p) => [
    html`<a class="kern-link" href="${paperUrl(c, p.id)}">${p.reference}</a>`,
    p.name,
    PAPER_TYPE_LABELS[p.paperType],
    isoDay(c, p.date),
  ]));
}

function searchBox(c: Ctx, q: string): SafeHtml {
  return html`<form method="get" action="${risBase(c)}/suche" role="search" class="search-form">
<div class="kern-form-input"><label class="kern-label" for="f-q">Suchbegriff</label>
<div class="kern-hint" id="f-q-hint">Zum Beispiel eine Drucksachennummer wie BV/2026/001, ein Thema oder einen Namen. Gesucht wird in allen Wahlperioden.</div>
<input class="kern-form-input__input" id="f-q" name="q" type="search" value="${q}" maxlength="${QUERY_MAX_CHARS}" aria-describedby="f-q-hint"></div>
<button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Suchen</span></button>
</form>`;
}

// ---------------------------------------------------------------------------------------------------------------
// Start page

export function startPage(c: Ctx, o: { upcoming: PublicMeeting[]; papers: PaperHit[] }): SafeHtml {
  const b = risBase(c);
  return risPage(
    c,
    { title: TITLE, current: b },
    html`<h1 class="kern-heading-large">${TITLE}</h1>
<p class="kern-body">Hier finden Sie die Sitzungen der Gremien, Tagesordnungen, Drucksachen, Beschlüsse und die Mitglieder. Alle Inhalte sind öffentlich; nichtöffentliche Beratungen werden nicht veröffentlicht.</p>
${searchBox(c, '')}
<h2 class="kern-heading-medium">Nächste Sitzungen</h2>
${o.upcoming.length ? meetingsTable(c, 'Die nächsten Sitzungen', o.upcoming) : html`<p class="kern-body">Zurzeit sind keine Sitzungen angesetzt.</p>`}
<p class="kern-body"><a class="kern-link" href="${b}/kalender">Zum Sitzungskalender</a> · <a class="kern-link" href="${b}/kalender.ics">Alle Sitzungen als Kalender abonnieren (iCalendar)</a></p>
<h2 class="kern-heading-medium">Neueste Drucksachen</h2>
${o.papers.length ? papersTable(c, 'Zuletzt veröffentlichte Drucksachen', o.papers) : html`<p class="kern-body">Noch keine Drucksachen veröffentlicht.</p>`}
<p class="kern-body"><a class="kern-link" href="${b}/drucksachen">Alle Drucksachen</a></p>
<h2 class="kern-heading-medium">Gremien und Personen</h2>
<ul class="kern-list"><li><a class="kern-link" href="${b}/gremien">Gremien, Ausschüsse und Fraktionen</a></li><li><a class="kern-link" href="${b}/personen">Mitglieder und weitere Personen</a></li></ul>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar

export function calendarPage(c: Ctx, o: { month: string; prev: string; next: string; meetings: PublicMeeting[]; bodies: PublicBody[]; bodyId: string; warning?: string }): SafeHtml {
  const b = risBase(c);
  const q = (month: string) => `${b}/kalender?monat=${month}${o.bodyId ? `&gremium=${o.bodyId}` : ''}`;
  const body = o.bodies.find((x) => x.id === o.bodyId);
  const label = monthLabel(o.month);
  return risPage(
    c,
    { title: `Sitzungskalender ${label}`, current: `${b}/kalender` },
    html`<h1 class="kern-heading-large">Sitzungskalender: ${label}</h1>
${o.warning ? alert('warning', o.warning) : ''}
<form method="get" action="${b}/kalender" class="search-form">
<input type="hidden" name="monat" value="${o.month}">
${select({ name: 'gremium', label: 'Gremium', value: o.bodyId, options: [{ value: '', label: 'Alle Gremien' }, ...o.bodies.map((x) => ({ value: x.id, label: x.municipality ? `${x.name} (${x.municipality})` : x.name }))] })}
<button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Anzeigen</span></button>
</form>
<nav aria-label="Monate" class="kern-body"><a class="kern-link" href="${q(o.prev)}">Vorheriger Monat: ${monthLabel(o.prev)}</a> · <a class="kern-link" href="${q(o.next)}">Nächster Monat: ${monthLabel(o.next)}</a></nav>
${o.meetings.length
  ? meetingsTable(c, `Sitzungen im ${label}${body ? ` – ${body.name}` : ''}`, o.meetings, { body: !body })
  : html`<p class="kern-body">Im ${label} sind ${body ? html`für ${body.name} ` : ''}keine Sitzungen angesetzt.</p>`}
<h2 class="kern-heading-medium">Kalender abonnieren</h2>
<p class="kern-body">Mit diesen Adressen übernehmen Sie die Sitzungstermine in Ihren Kalender (zum Beispiel Outlook, Thunderbird oder auf dem Smartphone). Änderungen und Absagen erscheinen dort automatisch.</p>
<ul class="kern-list"><li><a class="kern-link" href="${b}/kalender.ics">Alle Sitzungen (iCalendar)</a></li>
${body ? html`<li><a class="kern-link" href="${bodyUrl(c, body.id)}/kalender.ics">Sitzungen: ${body.name} (iCalendar)</a></li>` : ''}</ul>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Meeting

export function meetingPage(c: Ctx, o: { meeting: PublicMeeting; agenda: PublicAgendaItem[]; nonPublic: number; files: PublicFile[] }): SafeHtml {
  const m = o.meeting;
  const released = m.minutesState === 'released';
  const rows: [string, string | SafeHtml][] = [
    ['Gremium', html`<a class="kern-link" href="${bodyUrl(c, m.bodyId)}">${m.bodyName}</a>${m.municipality ? ` (${m.municipality})` : ''}`],
    ['Datum', longDay(c, m.startsAt)],
    ['Uhrzeit', timeSpan(m)],
    ['Ort', m.location ?? 'wird noch bekannt gegeben'],
    ['Stand', stateBadge(m)],
    ['Niederschrift', released ? 'veröffentlicht' : 'noch nicht veröffentlicht'],
  ];
  const agendaTable = html`<table class="kern-table"><caption class="kern-title">Tagesordnung, öffentlicher Teil</caption>
<thead class="kern-table__header"><tr class="kern-table__row"><th class="kern-table__cell" scope="col">TOP</th><th class="kern-table__cell" scope="col">Gegenstand</th><th class="kern-table__cell" scope="col">Drucksache</th>${released ? html`<th class="kern-table__cell" scope="col">Ergebnis</th>` : ''}</tr></thead>
<tbody class="kern-table__body">${o.agenda.map((a) => html`<tr class="kern-table__row" id="top-${a.position}">
<th class="kern-table__cell" scope="row">${a.number}</th>
<td class="kern-table__cell">${a.name}${a.files.length ? fileList(c, a.files) : ''}</td>
<td class="kern-table__cell">${a.paperId ? html`<a class="kern-link" href="${paperUrl(c, a.paperId)}">${a.paperReference}<span class="kern-sr-only">: ${a.paperName}</span></a>` : '–'}</td>
${released ? html`<td class="kern-table__cell">${a.result ?? '–'}${a.resolutionText ? html`<div class="kern-body--small">${paragraphs(a.resolutionText)}</div>` : ''}</td>` : ''}
</tr>`)}</tbody></table>`;
  return risPage(
    c,
    { title: m.name, current: '' },
    html`<h1 class="kern-heading-large">${m.name}</h1>
${m.state === 'cancelled' ? alert('warning', 'Diese Sitzung ist abgesagt.') : ''}
${descriptionList(rows)}
<h2 class="kern-heading-medium">Tagesordnung</h2>
${o.agenda.length ? agendaTable : html`<p class="kern-body">Die Tagesordnung ist noch nicht veröffentlicht.</p>`}
${!released && o.agenda.length ? html`<p class="kern-body kern-body--small">Ergebnisse und Beschlüsse erscheinen hier, sobald die Niederschrift veröffentlicht ist.</p>` : ''}
${o.nonPublic > 0 ? html`<p class="kern-body">Nichtöffentlicher Teil: ${o.nonPublic} ${o.nonPublic === 1 ? 'Tagesordnungspunkt' : 'Tagesordnungspunkte'}. Beratungsgegenstände des nichtöffentlichen Teils werden nicht veröffentlicht.</p>` : ''}
<h2 class="kern-heading-medium">Dokumente</h2>
${o.files.length ? fileList(c, o.files) : html`<p class="kern-body">Zu dieser Sitzung sind noch keine Dokumente veröffentlicht.</p>`}
<p class="kern-body"><a class="kern-link" href="${bodyUrl(c, m.bodyId)}/kalender.ics">Sitzungen dieses Gremiums als Kalender abonnieren (iCalendar)</a></p>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Papers

export function paperPage(c: Ctx, o: { paper: PublicPaper; files: PublicFile[]; consultations: PublicConsultation[]; related: PublicPaper[] }): SafeHtml {
  const p = o.paper;
  const rows: [string, string | SafeHtml][] = [
    ['Drucksachennummer', p.reference],
    ['Art', PAPER_TYPE_LABELS[p.paperType]],
    ['Datum', isoDay(c, p.date)],
    ...(p.department ? [['Federführung', p.department] as [string, string]] : []),
    ...(p.municipality ? [['Gemeinde', p.municipality] as [string, string]] : []),
  ];
  const consultations = table(
    'Beratungsfolge',
    ['Gremium', 'Rolle', 'Sitzung', 'TOP', 'Ergebnis'],
    o.consultations.map((x) => [
      html`<a class="kern-link" href="${bodyUrl(c, x.bodyId)}">${x.bodyName}</a>`,
      CONSULTATION_ROLE_LABELS[x.role],
      x.meetingId && x.meetingStartsAt ? html`<a class="kern-link" href="${meetingUrl(c, x.meetingId)}">${formatDate(x.meetingStartsAt, c.lang)}<span class="kern-sr-only">: ${x.meetingName}</span></a>` : 'noch nicht terminiert',
      x.agendaNumber ?? '–',
      x.result ?? '–',
    ]),
  );
  return risPage(
    c,
    { title: `${p.reference} ${p.name}`, current: '' },
    html`<h1 class="kern-heading-large">${p.name}</h1>
${descriptionList(rows)}
<h2 class="kern-heading-medium">Sachverhalt</h2>
${p.bodyText.trim() ? paragraphs(p.bodyText) : html`<p class="kern-body">–</p>`}
${p.resolutionProposal.trim() ? html`<h2 class="kern-heading-medium">Beschlussvorschlag</h2>${paragraphs(p.resolutionProposal)}` : ''}
<h2 class="kern-heading-medium">Dokumente</h2>
${o.files.length ? fileList(c, o.files) : html`<p class="kern-body">Zu dieser Drucksache sind keine Dokumente veröffentlicht.</p>`}
<h2 class="kern-heading-medium">Beratungsfolge</h2>
${o.consultations.length ? consultations : html`<p class="kern-body">Die Beratungsfolge steht noch nicht fest.</p>`}
${o.related.length ? html`<h2 class="kern-heading-medium">Zugehörige Drucksachen</h2>${papersTable(c, 'Zugehörige Drucksachen', o.related)}` : ''}`,
  );
}

export interface PaperListForm {
  q: string;
  type: string;
  body: string;
  year: string;
  term: string;
}

/** Query string of the paper list for a page. */
function paperListUrl(c: Ctx, f: PaperListForm, pageNo: number): string {
  const q = new URLSearchParams();
  if (f.q) q.set('q', f.q);
  if (f.type) q.set('typ', f.type);
  if (f.body) q.set('gremium', f.body);
  if (f.year) q.set('jahr', f.year);
  if (f.term) q.set('wahlperiode', f.term);
  if (pageNo > 1) q.set('seite', String(pageNo));
  const s = q.toString();
  return `${risBase(c)}/drucksachen${s ? `?${s}` : ''}`;
}

const typeOptions = (all: string) => [{ value: '', label: all }, ...PAPER_TYPES.map((t: PaperType) => ({ value: t, label: PAPER_TYPE_LABELS[t] }))];
const bodyOptions = (bodies: readonly PublicBody[], all: string) => [{ value: '', label: all }, ...bodies.map((x) => ({ value: x.id, label: x.municipality ? `${x.name} (${x.municipality})` : x.name }))];
const termOptions = (terms: readonly Term[]) => [{ value: '', label: 'Alle Wahlperioden' }, ...terms.map((t) => ({ value: t.id, label: t.name }))];

function pager(c: Ctx, pageNo: number, pages: number, link: (n: number) => string): SafeHtml {
  if (pages <= 1) return html``;
  return html`<nav aria-label="Seiten" class="kern-body">Seite ${pageNo} von ${pages}${pageNo > 1 ? html` · <a class="kern-link" href="${link(pageNo - 1)}">Vorherige Seite</a>` : ''}${pageNo < pages ? html` · <a class="kern-link" href="${link(pageNo + 1)}">Nächste Seite</a>` : ''}</nav>`;
}

export function papersPage(c: Ctx, o: { form: PaperListForm; errors: FieldErrors; message?: string; hits: PaperHit[]; total: number; capped?: boolean; pageNo: number; pages: number; bodies: PublicBody[]; terms: Term[] }): SafeHtml {
  const b = risBase(c);
  const f = o.form;
  return risPage(
    c,
    { title: 'Drucksachen', current: `${b}/drucksachen` },
    html`<h1 class="kern-heading-large">Drucksachen</h1>
${errorSummary(c, o.errors)}
<form method="get" action="${b}/drucksachen" class="stack">
${input({ name: 'q', label: 'Text oder Drucksachennummer', value: f.q, maxlength: QUERY_MAX_CHARS, error: o.errors.q })}
${select({ name: 'typ', label: 'Art', value: f.type, options: typeOptions('Alle Arten') })}
${select({ name: 'gremium', label: 'Beraten in', value: f.body, options: bodyOptions(o.bodies, 'Allen Gremien') })}
${select({ name: 'wahlperiode', label: 'Wahlperiode', value: f.term, options: termOptions(o.terms) })}
${input({ name: 'jahr', label: 'Jahr', value: f.year, type: 'number', min: '1990', max: '2100', hint: 'Zum Beispiel 2026', error: o.errors.jahr })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Drucksachen anzeigen</span></button>
<a class="kern-link" href="${b}/drucksachen">Filter zurücksetzen</a></div>
</form>
${o.message ? alert('info', o.message) : ''}
${o.hits.length
  ? html`${papersTable(c, `Drucksachen: ${o.capped ? 'mehr als ' : ''}${o.total.toLocaleString('de-DE')} Treffer`, o.hits)}${pager(c, o.pageNo, o.pages, (n) => paperListUrl(c, f, n))}`
  : html`<p class="kern-body" role="status">Keine Drucksachen gefunden.</p>`}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies and persons

export function bodiesPage(c: Ctx, bodies: PublicBody[]): SafeHtml {
  const b = risBase(c);
  const groups = new Map<string, PublicBody[]>();
  for (const x of bodies) {
    const key = x.municipality ?? '';
    groups.set(key, [...(groups.get(key) ?? []), x]);
  }
  const grouped = groups.size > 1 || (groups.size === 1 && !groups.has(''));
  const tenant = c.tenant!;
  const groupName = (key: string) => (key ? `Gemeinde ${key}` : `${tenant.kind === 'amt' ? 'Amt' : tenant.kind === 'stadt' ? 'Stadt' : 'Gemeinde'} ${tenant.name}`);
  const bodyTable = (caption: string, list: PublicBody[]) =>
    table(caption, ['Gremium', 'Art'], list.map((x) => [html`<a class="kern-link" href="${bodyUrl(c, x.id)}">${x.name}</a>`, BODY_KIND_LABELS[x.kind]]));
  return risPage(
    c,
    { title: 'Gremien', current: `${b}/gremien` },
    html`<h1 class="kern-heading-large">Gremien</h1>
${bodies.length === 0 ? html`<p class="kern-body">Es sind noch keine Gremien eingetragen.</p>` : ''}
${grouped
  ? [...groups].map(([key, list]) => html`<h2 class="kern-heading-medium">${groupName(key)}</h2>${bodyTable(`Gremien: ${groupName(key)}`, list)}`)
  : bodies.length ? bodyTable('Gremien, Ausschüsse und Fraktionen', bodies) : ''}`,
  );
}

export function bodyPage(c: Ctx, o: { body: PublicBody; parent: PublicBody | undefined; members: PublicMember[]; today: string; upcoming: PublicMeeting[]; past: PublicMeeting[] }): SafeHtml {
  const x = o.body;
  const rows: [string, string | SafeHtml][] = [
    ['Art', BODY_KIND_LABELS[x.kind]],
    ...(x.municipality ? [['Gemeinde', x.municipality] as [string, string]] : []),
    ...(o.parent ? [['Gehört zu', html`<a class="kern-link" href="${bodyUrl(c, o.parent.id)}">${o.parent.name}</a>`] as [string, SafeHtml]] : []),
  ];
  return risPage(
    c,
    { title: x.name, current: '' },
    html`<h1 class="kern-heading-large">${x.name}</h1>
${descriptionList(rows)}
<h2 class="kern-heading-medium">Mitglieder</h2>
${o.members.length
  ? table(`Mitglieder am ${isoDay(c, o.today)}`, ['Name', 'Funktion', 'Fraktion'], o.members.map((m) => [
      html`<a class="kern-link" href="${personUrl(c, m.personId)}">${personName(m)}</a>`,
      `${ROLE_LABELS[m.role]}${m.votingRight ? '' : ' (ohne Stimmrecht)'}`,
      m.fraktionName ?? '–',
    ]))
  : html`<p class="kern-body">Zurzeit sind keine Mitglieder eingetragen.</p>`}
<h2 class="kern-heading-medium">Nächste Sitzungen</h2>
${o.upcoming.length ? meetingsTable(c, `Nächste Sitzungen: ${x.name}`, o.upcoming, { body: false }) : html`<p class="kern-body">Zurzeit sind keine Sitzungen angesetzt.</p>`}
<p class="kern-body"><a class="kern-link" href="${bodyUrl(c, x.id)}/kalender.ics">Sitzungen dieses Gremiums als Kalender abonnieren (iCalendar)</a> · <a class="kern-link" href="${risBase(c)}/kalender?gremium=${x.id}">Sitzungskalender dieses Gremiums</a></p>
<h2 class="kern-heading-medium">Vergangene Sitzungen</h2>
${o.past.length ? meetingsTable(c, `Vergangene Sitzungen: ${x.name}`, o.past, { body: false }) : html`<p class="kern-body">Noch keine vergangenen Sitzungen.</p>`}`,
  );
}

export function personsPage(c: Ctx, persons: PublicPersonRow[]): SafeHtml {
  const b = risBase(c);
  return risPage(
    c,
    { title: 'Personen', current: `${b}/personen` },
    html`<h1 class="kern-heading-large">Personen</h1>
<p class="kern-body">Mitglieder der Gremien, auch frühere. Kontaktdaten zeigen wir nur, wenn die Person der Veröffentlichung zugestimmt hat.</p>
${persons.length
  ? table('Personen in den Gremien', ['Name', 'Gremien', 'Fraktion'], persons.map((p) => [
      html`<a class="kern-link" href="${personUrl(c, p.id)}">${p.familyName}, ${[p.title, p.givenName].filter(Boolean).join(' ')}</a>`,
      p.bodies ?? 'zurzeit in keinem Gremium',
      p.fraktion ?? '–',
    ]))
  : html`<p class="kern-body">Es sind noch keine Personen eingetragen.</p>`}`,
  );
}

export function personPage(c: Ctx, o: { person: PublicPerson; memberships: PublicMembership[] }): SafeHtml {
  const p = o.person;
  const address = [p.streetAddress, [p.postalCode, p.locality].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const contact: [string, string | SafeHtml][] = [
    ...(p.email ? [['E-Mail', html`<a class="kern-link" href="mailto:${p.email}">${p.email}</a>`] as [string, SafeHtml]] : []),
    ...(p.phone ? [['Telefon', p.phone] as [string, string]] : []),
    ...(address ? [['Anschrift', address] as [string, string]] : []),
  ];
  return risPage(
    c,
    { title: personName(p), current: '' },
    html`<h1 class="kern-heading-large">${personName(p)}</h1>
${contact.length ? html`<h2 class="kern-heading-medium">Kontakt</h2>${descriptionList(contact)}` : ''}
<h2 class="kern-heading-medium">Mitgliedschaften</h2>
${o.memberships.length
  ? table('Mitgliedschaften in Gremien', ['Gremium', 'Funktion', 'Fraktion', 'Seit', 'Bis'], o.memberships.map((m) => [
      html`<a class="kern-link" href="${bodyUrl(c, m.bodyId)}">${m.bodyName}</a>`,
      ROLE_LABELS[m.role],
      m.fraktionName ?? '–',
      isoDay(c, m.startDate),
      m.endDate ? isoDay(c, m.endDate) : 'heute',
    ]))
  : html`<p class="kern-body">Keine Mitgliedschaften eingetragen.</p>`}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Search

export const KIND_PARAMS: Record<SearchKind, string> = { paper: 'drucksachen', meeting: 'sitzungen', item: 'tagesordnungspunkte', person: 'personen' };
const KIND_LABELS: Record<SearchKind, string> = { paper: 'Drucksachen', meeting: 'Sitzungen', item: 'Tagesordnungspunkte', person: 'Personen' };

export interface SearchForm {
  q: string;
  kind: SearchKind | '';
  type: string;
  body: string;
  term: string;
  from: string;
  to: string;
}

export interface SearchResults {
  counts: Partial<Record<SearchKind, number>>;
  /** Kinds with more matches than counted (only the newest RANK_WINDOW were ranked). */
  capped: Partial<Record<SearchKind, boolean>>;
  papers?: PaperHit[];
  meetings?: MeetingHit[];
  items?: ItemHit[];
  persons?: PersonHit[];
  pageNo: number;
  pages: number;
}

export function searchUrl(c: Ctx, f: SearchForm, o: { kind?: SearchKind | ''; pageNo?: number } = {}): string {
  const q = new URLSearchParams();
  q.set('q', f.q);
  const kind = o.kind === undefined ? f.kind : o.kind;
  if (kind) q.set('art', KIND_PARAMS[kind]);
  if (f.type) q.set('typ', f.type);
  if (f.body) q.set('gremium', f.body);
  if (f.term) q.set('wahlperiode', f.term);
  if (f.from) q.set('von', f.from);
  if (f.to) q.set('bis', f.to);
  if (o.pageNo && o.pageNo > 1) q.set('seite', String(o.pageNo));
  return `${risBase(c)}/suche?${q.toString()}`;
}

function paperHits(c: Ctx, hits: PaperHit[]): SafeHtml {
  return html`<ul class="service-list">${hits.map((h) => html`<li><a class="kern-link" href="${paperUrl(c, h.id)}">${h.reference}: ${h.name}</a>
<p class="kern-body kern-body--small">${PAPER_TYPE_LABELS[h.paperType]} vom ${isoDay(c, h.date)}${h.exact ? ' · Drucksachennummer' : ''}${h.fileName ? html` · Treffer im Dokument „${h.fileName}“` : ''}</p>
${h.snippet ? html`<p class="kern-body">${highlight(h.snippet)}</p>` : ''}</li>`)}</ul>`;
}

function meetingHits(c: Ctx, hits: MeetingHit[]): SafeHtml {
  return html`<ul class="service-list">${hits.map((h) => html`<li><a class="kern-link" href="${meetingUrl(c, h.id)}">${h.name}</a>
<p class="kern-body kern-body--small">${h.bodyName} · ${longDay(c, h.startsAt)}, ${berlinTime(h.startsAt)} Uhr · ${MEETING_STATE_LABELS[h.state]}${h.fileName ? html` · Treffer im Dokument „${h.fileName}“` : ''}</p>
${h.snippet ? html`<p class="kern-body">${highlight(h.snippet)}</p>` : ''}</li>`)}</ul>`;
}

function itemHits(c: Ctx, hits: ItemHit[]): SafeHtml {
  return html`<ul class="service-list">${hits.map((h) => html`<li><a class="kern-link" href="${meetingUrl(c, h.meetingId)}">${h.number}: ${h.name}</a>
<p class="kern-body kern-body--small">${h.meetingName} (${h.bodyName}) am ${formatDate(h.startsAt, c.lang)}${h.paperId ? html` · Drucksache <a class="kern-link" href="${paperUrl(c, h.paperId)}">${h.paperReference}</a>` : ''}</p>
${h.snippet ? html`<p class="kern-body">Beschluss: ${highlight(h.snippet)}</p>` : ''}</li>`)}</ul>`;
}

function personHits(c: Ctx, hits: PersonHit[]): SafeHtml {
  return html`<ul class="service-list">${hits.map((h) => html`<li><a class="kern-link" href="${personUrl(c, h.id)}">${personName(h)}</a></li>`)}</ul>`;
}

function hitsOf(c: Ctx, kind: SearchKind, r: SearchResults): SafeHtml {
  if (kind === 'paper') return paperHits(c, r.papers ?? []);
  if (kind === 'meeting') return meetingHits(c, r.meetings ?? []);
  if (kind === 'item') return itemHits(c, r.items ?? []);
  return personHits(c, r.persons ?? []);
}

export function searchPage(c: Ctx, o: { form: SearchForm; errors: FieldErrors; message?: { kind: 'info' | 'warning'; text: string }; results?: SearchResults; bodies: PublicBody[]; terms: Term[] }): SafeHtml {
  const b = risBase(c);
  const f = o.form;
  const r = o.results;
  const kinds = r ? (Object.keys(r.counts) as SearchKind[]) : [];
  const total = kinds.reduce((n, k) => n + (r!.counts[k] ?? 0), 0);
  const anyCapped = kinds.some((k) => r!.capped[k]);
  const count = (n: number, capped = false) => `${capped ? 'mehr als ' : ''}${n.toLocaleString('de-DE')}`;
  const countOf = (k: SearchKind) => count(r!.counts[k] ?? 0, r!.capped[k]);
  const overview = r
    ? html`<h2 class="kern-heading-medium" id="treffer">${total ? `${count(total, anyCapped)} Treffer für „${f.q}“` : `Keine Treffer für „${f.q}“`}</h2>
<ul class="appt-links" aria-label="Treffer nach Art">${f.kind ? html`<li><a class="kern-link" href="${searchUrl(c, f, { kind: '' })}">Alle Arten</a></li>` : ''}${kinds.map((k) => html`<li>${k === f.kind ? html`<strong>${KIND_LABELS[k]}: ${countOf(k)}</strong>` : html`<a class="kern-link" href="${searchUrl(c, f, { kind: k })}">${KIND_LABELS[k]}: ${countOf(k)}</a>`}</li>`)}</ul>
${total === 0 ? html`<p class="kern-body" role="status">Tipp: Prüfen Sie die Schreibweise, verwenden Sie weniger Wörter oder entfernen Sie Filter.</p>` : ''}
${anyCapped ? html`<p class="kern-body">Sehr viele Treffer: Sortiert werden die neuesten. Ältere Treffer finden Sie mit einer Wahlperiode, einem Zeitraum oder einem genaueren Suchbegriff.</p>` : ''}`
    : html``;
  const sections = !r
    ? html``
    : f.kind
      ? html`${hitsOf(c, f.kind, r)}${pager(c, r.pageNo, r.pages, (n) => searchUrl(c, f, { pageNo: n }))}`
      : html`${kinds.filter((k) => (r.counts[k] ?? 0) > 0).map((k) => html`<section aria-labelledby="art-${k}"><h3 class="kern-heading-small" id="art-${k}">${KIND_LABELS[k]}</h3>
${hitsOf(c, k, r)}
${(r.counts[k] ?? 0) > countShown(k, r) ? html`<p class="kern-body"><a class="kern-link" href="${searchUrl(c, f, { kind: k })}">Alle Treffer: ${KIND_LABELS[k]} (${countOf(k)})</a></p>` : ''}</section>`)}`;
  return risPage(
    c,
    { title: f.q ? `Suche: ${f.q}` : 'Suche', current: `${b}/suche` },
    html`<h1 class="kern-heading-large">Suche im Ratsinformationssystem</h1>
${errorSummary(c, o.errors)}
<form method="get" action="${b}/suche" role="search" class="stack">
${input({ name: 'q', label: 'Suchbegriff', value: f.q, maxlength: QUERY_MAX_CHARS, hint: 'Zum Beispiel BV/2026/001, Bebauungsplan oder einen Namen. "Genaue Wortfolge" in Anführungszeichen, -Wort schließt aus, oder verbindet Alternativen.', error: o.errors.q })}
${select({ name: 'art', label: 'Suchen in', value: f.kind ? KIND_PARAMS[f.kind] : '', options: [{ value: '', label: 'Allem' }, ...(Object.keys(KIND_PARAMS) as SearchKind[]).map((k) => ({ value: KIND_PARAMS[k], label: KIND_LABELS[k] }))] })}
${select({ name: 'typ', label: 'Art der Drucksache', value: f.type, options: typeOptions('Alle Arten'), hint: 'Mit diesem Filter werden nur Drucksachen gesucht.' })}
${select({ name: 'gremium', label: 'Gremium', value: f.body, options: bodyOptions(o.bodies, 'Alle Gremien') })}
${select({ name: 'wahlperiode', label: 'Wahlperiode', value: f.term, options: termOptions(o.terms) })}
${input({ name: 'von', label: 'Von (Datum)', value: f.from, type: 'date', error: o.errors.von })}
${input({ name: 'bis', label: 'Bis (Datum)', value: f.to, type: 'date', hint: 'Mit einem Zeitraum werden Personen nicht gesucht.', error: o.errors.bis })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Suchen</span></button></div>
</form>
${o.message ? alert(o.message.kind, o.message.text) : ''}
${overview}
${sections}`,
  );
}

function countShown(k: SearchKind, r: SearchResults): number {
  return (k === 'paper' ? r.papers : k === 'meeting' ? r.meetings : k === 'item' ? r.items : r.persons)?.length ?? 0;
}
