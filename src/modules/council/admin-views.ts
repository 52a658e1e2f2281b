// Pages of the council office's master data: overview, Gremien, Personen with memberships, Wahlperioden,
// Sitzungsorte and settings. German, KERN, no JavaScript needed.
import { alert, checkbox, descriptionList, errorSummary, field, html, page, postForm, select, type Ctx, type FieldErrors, type SafeHtml } from '../../kernel/index.ts';
import type { Body, Location, Membership, Person, Term } from './repository.ts';
import { BODY_KINDS, MEMBERSHIP_ROLES } from './repository.ts';
import type { SignoffQueueItem, MotionRow } from './papers.repository.ts';
import { BODY_KIND_LABELS, input, isoDay, officeBase, PAPER_TYPE_LABELS, personName, ROLE_LABELS, table } from './ui.ts';
import { QUORUM_LAENDER, type BodyForm, type LocationForm, type MembershipForm, type PersonForm, type SettingsForm, type TermForm } from './admin-schema.ts';
import type { NoticeRule } from './deadlines.ts';

const QUORUM_LABELS: Record<(typeof QUORUM_LAENDER)[number], string> = {
  MV: 'Mecklenburg-Vorpommern (§ 30 KV M-V)',
  BB: 'Brandenburg (BbgKVerf)',
  HE: 'Hessen (§ 53 HGO)',
  ST: 'Sachsen-Anhalt (§ 55 KVG LSA)',
  RP: 'Rheinland-Pfalz (§ 39 GemO)',
  SL: 'Saarland (§ 44 KSVG)',
  NW: 'Nordrhein-Westfalen (§ 49 GO NRW)',
};

const PRESET_LABELS: Record<string, string> = {
  MV_CRIVITZ: 'Mecklenburg-Vorpommern (Beispiel Amt Crivitz): 10 Kalendertage, dringlich 4',
  NRW_ERFTSTADT: 'Nordrhein-Westfalen (Beispiel Erftstadt): 12 Tage mit Versand- und Sitzungstag, dringlich 5',
  NRW_METTMANN: 'Nordrhein-Westfalen (Beispiel Mettmann): 10 volle Tage, dringlich 3',
  BB_DEFAULT: 'Brandenburg (unsere Vorgabe, keine gesetzliche Frist): 7 Kalendertage, dringlich 3',
};

const GENDER_LABELS: Record<string, string> = { female: 'weiblich', male: 'männlich', diverse: 'divers' };

const link = (href: string, text: string) => html`<a class="kern-link" href="${href}">${text}</a>`;
const back = (href: string, text: string) => html`<p class="kern-body"><a class="kern-link" href="${href}">${text}</a></p>`;
const period = (c: Ctx, from: string | null, to: string | null) => (from || to ? `${from ? isoDay(c, from) : '…'} – ${to ? isoDay(c, to) : 'offen'}` : '–');

/** The council office's sections, on every page of the area. */
export function officeNav(c: Ctx, current?: string): SafeHtml {
  const b = officeBase(c);
  const items: [string, string][] = [
    [b, 'Übersicht'],
    [`${b}/gremien`, 'Gremien'],
    [`${b}/personen`, 'Personen'],
    [`${b}/drucksachen`, 'Drucksachen'],
    [`${b}/antraege`, 'Anträge und Anfragen'],
    [`${b}/sitzungen`, 'Sitzungen'],
    [`${b}/wahlperioden`, 'Wahlperioden'],
    [`${b}/sitzungsorte`, 'Sitzungsorte'],
    [`${b}/einstellungen`, 'Einstellungen'],
  ];
  return html`<nav aria-label="Sitzungsdienst"><ul class="appt-links">${items.map(([href, label]) =>
    href === current ? html`<li><a class="kern-link" href="${href}" aria-current="page"><strong>${label}</strong></a></li>` : html`<li>${link(href, label)}</li>`,
  )}</ul></nav>`;
}

/** Municipality choice of an Amt (member Gemeinden), or nothing for a Stadt or Gemeinde. */
export function municipalitySelect(c: Ctx, value: string, municipalities: readonly string[], error?: string): SafeHtml {
  if (municipalities.length === 0 && !value) return html``;
  const options = [{ value: '', label: `${c.tenant!.name} (eigenes Gremium, zum Beispiel Amtsausschuss)` }, ...municipalities.map((m) => ({ value: m, label: m }))];
  if (value && !municipalities.includes(value)) options.push({ value, label: `${value} (nicht mehr in der Liste der Gemeinden)` });
  return select({ name: 'municipality', label: 'Gemeinde', hint: 'Für ein Amt: zu welcher amtsangehörigen Gemeinde das gehört.', value, options, error });
}

// ---------------------------------------------------------------------------------------------------------------
// Overview

export interface OverviewView {
  counts: { bodies: number; persons: number; drafts: number; signoff: number; released: number; upcomingMeetings: number };
  signoff: SignoffQueueItem[];
  overdue: MotionRow[];
}

export function overviewPage(c: Ctx, v: OverviewView): SafeHtml {
  const b = officeBase(c);
  const n = v.counts;
  return page(
    c,
    { title: 'Sitzungsdienst', wide: true },
    html`<h1 class="kern-heading-large">Sitzungsdienst</h1>
${officeNav(c, b)}
<section aria-labelledby="zahlen-h"><h2 class="kern-heading-medium" id="zahlen-h">Auf einen Blick</h2>
${descriptionList([
  ['Gremien', html`${link(`${b}/gremien`, String(n.bodies))}`],
  ['Personen', html`${link(`${b}/personen`, String(n.persons))}`],
  ['Drucksachen im Entwurf', html`${link(`${b}/drucksachen?stand=draft`, String(n.drafts))}`],
  ['Drucksachen in der Mitzeichnung', html`${link(`${b}/drucksachen?stand=signoff`, String(n.signoff))}`],
  ['Freigegebene Drucksachen', html`${link(`${b}/drucksachen?stand=released`, String(n.released))}`],
  ['Anstehende Sitzungen', html`${link(`${b}/sitzungen`, String(n.upcomingMeetings))}`],
])}</section>
<section aria-labelledby="mz-h"><h2 class="kern-heading-medium" id="mz-h">Drucksachen in der Mitzeichnung</h2>
${v.signoff.length === 0
  ? html`<p class="kern-body">Zurzeit wartet keine Drucksache auf Mitzeichnung.</p>`
  : table('Drucksachen, die auf Mitzeichnung oder Freigabe warten', ['Nummer', 'Betreff', 'Art', 'Stand der Mitzeichnung'], v.signoff.map((p) => [
      link(`${b}/drucksachen/${p.id}`, p.reference),
      p.name,
      PAPER_TYPE_LABELS[p.paperType],
      p.pending === 0 && p.approved === p.total ? html`<strong>Alle haben zugestimmt – bereit zur Freigabe</strong>` : `${p.approved} von ${p.total} zugestimmt, ${p.pending} offen`,
    ]))}
</section>
<section aria-labelledby="ub-h"><h2 class="kern-heading-medium" id="ub-h">Überfällige Umsetzungsberichte</h2>
${v.overdue.length === 0
  ? html`<p class="kern-body">Kein Umsetzungsbericht ist überfällig.</p>`
  : html`${alert('warning', `${v.overdue.length === 1 ? 'Ein Umsetzungsbericht ist' : `${v.overdue.length} Umsetzungsberichte sind`} überfällig.`)}
${table('Beschlossene Anträge mit überfälligem Umsetzungsbericht', ['Nummer', 'Betreff', 'Frist'], v.overdue.map((p) => [link(`${b}/drucksachen/${p.id}`, p.reference), p.name, html`<strong>überfällig seit ${isoDay(c, p.implementationDue!)}</strong>`]))}`}
<p class="kern-body">${link(`${b}/antraege`, 'Alle Anträge und Anfragen mit ihrem Stand')}</p>
</section>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies

export function bodiesPage(c: Ctx, v: { bodies: Body[]; memberCounts: Map<string, number> }): SafeHtml {
  const b = officeBase(c);
  const groups = new Map<string, Body[]>();
  for (const body of v.bodies) groups.set(body.municipality ?? '', [...(groups.get(body.municipality ?? '') ?? []), body]);
  const byId = new Map(v.bodies.map((x) => [x.id, x]));
  return page(
    c,
    { title: 'Gremien', wide: true },
    html`<h1 class="kern-heading-large">Gremien</h1>
${officeNav(c, `${b}/gremien`)}
<p class="kern-body">${link(`${b}/gremien/neu`, 'Neues Gremium anlegen')}</p>
${v.bodies.length === 0 ? html`<p class="kern-body">Es sind noch keine Gremien angelegt.</p>` : ''}
${[...groups].map(([municipality, list], i) => html`<section aria-labelledby="gremien-${i}">
<h2 class="kern-heading-medium" id="gremien-${i}">${municipality || c.tenant!.name}</h2>
${table(`Gremien: ${municipality || c.tenant!.name}`, ['Name', 'Kurzname', 'Art', 'Gesetzliche Mitgliederzahl', 'Aktuelle Mitglieder', 'Übergeordnet', 'Zeitraum'], list.map((x) => [
  link(`${b}/gremien/${x.id}`, x.name),
  x.shortName ?? '–',
  BODY_KIND_LABELS[x.kind],
  x.legalMembers === null ? '–' : String(x.legalMembers),
  String(v.memberCounts.get(x.id) ?? 0),
  x.parentId ? (byId.get(x.parentId)?.name ?? '–') : '–',
  period(c, x.startDate, x.endDate),
]))}</section>`)}`,
  );
}

export interface BodyFormView {
  id?: string;
  form: BodyForm;
  errors?: FieldErrors;
  parents: Body[];
  municipalities: readonly string[];
}

export function bodyFormPage(c: Ctx, v: BodyFormView): SafeHtml {
  const b = officeBase(c);
  const e = v.errors ?? {};
  const f = v.form;
  const title = v.id ? `Gremium bearbeiten: ${f.name}` : 'Neues Gremium';
  return page(
    c,
    { title },
    html`<div class="narrow"><h1 class="kern-heading-large">${title}</h1>
${errorSummary(c, e)}
${postForm(
  c,
  v.id ? `${b}/gremien/${v.id}/bearbeiten` : `${b}/gremien/neu`,
  html`${field({ name: 'name', label: 'Name', value: f.name, error: e.name, maxlength: 200, required: true })}
${field({ name: 'shortName', label: 'Kurzname (freiwillig)', hint: 'zum Beispiel GV oder BA', value: f.shortName, error: e.shortName, maxlength: 40 })}
${select({ name: 'kind', label: 'Art', value: f.kind, error: e.kind, options: BODY_KINDS.map((k) => ({ value: k, label: BODY_KIND_LABELS[k] })) })}
${municipalitySelect(c, f.municipality, v.municipalities, e.municipality)}
${input({ name: 'legalMembers', label: 'Gesetzliche Mitgliederzahl', type: 'number', min: '1', max: '500', value: f.legalMembers, error: e.legalMembers, hint: 'Die Zahl nach Gesetz und Hauptsatzung (Grundlage der Beschlussfähigkeit), nicht die Zahl der eingetragenen Mitglieder. Für Fraktionen und Arbeitsgruppen freiwillig.' })}
${select({ name: 'parentId', label: 'Übergeordnetes Gremium (freiwillig)', hint: 'Zum Beispiel die Gemeindevertretung für ihre Ausschüsse.', value: f.parentId, error: e.parentId, options: [{ value: '', label: 'keines' }, ...v.parents.map((p) => ({ value: p.id, label: p.municipality ? `${p.name} (${p.municipality})` : p.name }))] })}
${input({ name: 'startDate', label: 'Besteht seit (freiwillig)', type: 'date', value: f.startDate, error: e.startDate })}
${input({ name: 'endDate', label: 'Besteht bis (freiwillig)', type: 'date', value: f.endDate, error: e.endDate })}`,
  'Speichern',
)}
${back(v.id ? `${b}/gremien/${v.id}` : `${b}/gremien`, 'Zurück ohne zu speichern')}</div>`,
  );
}

export interface MemberRow {
  m: Membership;
  person: Person | undefined;
  fraktion: Body | undefined;
  deputyOf: Person | undefined;
}

export interface BodyPageView {
  body: Body;
  parent: Body | undefined;
  current: MemberRow[];
  other: MemberRow[];
  persons: Person[];
  fraktionen: Body[];
  form: MembershipForm;
  errors?: FieldErrors;
  end?: { membershipId: string; value: string; error: string };
  notice?: SafeHtml;
  today: string;
}

function endForm(c: Ctx, v: BodyPageView, r: MemberRow): SafeHtml {
  const b = officeBase(c);
  const err = v.end?.membershipId === r.m.id ? v.end : undefined;
  const id = `f-end-${r.m.id}`;
  const who = r.person ? personName(r.person) : 'Mitglied';
  return html`<form method="post" action="${b}/mitgliedschaften/${r.m.id}/beenden" novalidate class="stack">
<input type="hidden" name="_csrf" value="${c.csrf()}">
<div class="kern-form-input${err ? ' kern-form-input--error' : ''}"><label class="kern-label" for="${id}">Ende<span class="kern-sr-only"> der Mitgliedschaft von ${who}</span></label>
${err ? html`<p class="kern-error" id="${id}-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span><span class="kern-sr-only">Fehler: </span>${err.error}</p>` : ''}
<input class="kern-form-input__input" id="${id}" name="endDate" type="date" value="${err?.value ?? r.m.endDate ?? v.today}"${err ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}></div>
<button type="submit" class="kern-btn kern-btn--secondary kern-btn--x-small"><span class="kern-label">${r.m.endDate ? 'Ende ändern' : 'Beenden'}<span class="kern-sr-only"> (${who})</span></span></button></form>`;
}

function memberRows(c: Ctx, v: BodyPageView, rows: MemberRow[]): (SafeHtml | string)[][] {
  const b = officeBase(c);
  return rows.map((r) => [
    r.person ? link(`${b}/personen/${r.m.personId}`, personName(r.person)) : '–',
    ROLE_LABELS[r.m.role],
    r.fraktion?.name ?? '–',
    r.m.votingRight ? 'ja' : 'nein',
    r.deputyOf ? personName(r.deputyOf) : '–',
    period(c, r.m.startDate, r.m.endDate),
    endForm(c, v, r),
  ]);
}

export function bodyPage(c: Ctx, v: BodyPageView): SafeHtml {
  const b = officeBase(c);
  const body = v.body;
  const e = v.errors ?? {};
  const f = v.form;
  const head = ['Person', 'Rolle', 'Fraktion', 'Stimmrecht', 'Vertritt', 'Zeitraum', 'Ende eintragen'];
  const summary: FieldErrors = { ...e, ...(v.end ? { [`end-${v.end.membershipId}`]: v.end.error } : {}) };
  return page(
    c,
    { title: body.name, wide: true },
    html`<h1 class="kern-heading-large">${body.name}</h1>
${officeNav(c)}
${v.notice ?? ''}
${errorSummary(c, summary)}
${descriptionList([
  ['Art', BODY_KIND_LABELS[body.kind]],
  ['Kurzname', body.shortName ?? '–'],
  ['Gemeinde', body.municipality ?? c.tenant!.name],
  ['Gesetzliche Mitgliederzahl', body.legalMembers === null ? '–' : String(body.legalMembers)],
  ['Übergeordnetes Gremium', v.parent ? link(`${b}/gremien/${v.parent.id}`, v.parent.name) : '–'],
  ['Zeitraum', period(c, body.startDate, body.endDate)],
])}
<ul class="appt-links"><li>${link(`${b}/gremien/${body.id}/bearbeiten`, 'Gremium bearbeiten')}</li><li>${link(`${b}/gremien`, 'Alle Gremien')}</li></ul>
<section aria-labelledby="mitglieder-h"><h2 class="kern-heading-medium" id="mitglieder-h">Aktuelle Mitglieder</h2>
${v.current.length === 0 ? html`<p class="kern-body">Heute hat das Gremium keine Mitglieder.</p>` : table(`Aktuelle Mitglieder: ${body.name} (${v.current.length})`, head, memberRows(c, v, v.current))}
</section>
${v.other.length ? html`<section aria-labelledby="andere-h"><h2 class="kern-heading-medium" id="andere-h">Frühere und künftige Mitgliedschaften</h2>
${table(`Frühere und künftige Mitgliedschaften: ${body.name}`, head, memberRows(c, v, v.other))}</section>` : ''}
<section aria-labelledby="neu-h" class="narrow"><h2 class="kern-heading-medium" id="neu-h">Mitglied hinzufügen</h2>
${v.persons.length === 0
  ? html`<p class="kern-body">Legen Sie zuerst die ${link(`${b}/personen/neu`, 'Person')} an.</p>`
  : postForm(
      c,
      `${b}/gremien/${body.id}/mitglieder`,
      html`${select({ name: 'personId', label: 'Person', value: f.personId, error: e.personId, options: [{ value: '', label: 'Bitte wählen' }, ...v.persons.map((p) => ({ value: p.id, label: personName(p) }))] })}
${select({ name: 'role', label: 'Rolle', value: f.role, error: e.role, options: MEMBERSHIP_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })) })}
${select({ name: 'fraktionId', label: 'Fraktion (freiwillig)', value: f.fraktionId, error: e.fraktionId, options: [{ value: '', label: 'keine' }, ...v.fraktionen.map((x) => ({ value: x.id, label: x.municipality ? `${x.name} (${x.municipality})` : x.name }))] })}
${checkbox({ name: 'votingRight', label: 'Stimmberechtigt', checked: f.votingRight, error: e.votingRight })}
${select({ name: 'deputyOf', label: 'Vertritt (freiwillig, für stellvertretende Mitglieder)', value: f.deputyOf, error: e.deputyOf, options: [{ value: '', label: 'niemanden' }, ...[...new Map([...v.current, ...v.other].filter((r) => r.person).map((r) => [r.m.personId, r.person!])).values()].map((p) => ({ value: p.id, label: personName(p) }))] })}
${input({ name: 'startDate', label: 'Beginn', type: 'date', value: f.startDate, error: e.startDate })}
${input({ name: 'endDate', label: 'Ende (freiwillig)', type: 'date', value: f.endDate, error: e.endDate })}`,
      'Mitglied hinzufügen',
    )}
</section>
<section aria-labelledby="loeschen-h" class="narrow"><h2 class="kern-heading-medium" id="loeschen-h">Gremium löschen</h2>
<p class="kern-body">Ein Gremium mit anstehenden Sitzungen kann nicht gelöscht werden. Mit dem Gremium werden seine Mitgliedschaften gelöscht. Im OParl-Datenaustausch erscheint es als gelöscht.</p>
<form method="post" action="${b}/gremien/${body.id}/loeschen" novalidate><input type="hidden" name="_csrf" value="${c.csrf()}">
<button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Gremium „${body.name}“ löschen</span></button></form>
</section>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Persons

export function personsPage(c: Ctx, v: { persons: Person[]; bodiesOf: Map<string, string[]> }): SafeHtml {
  const b = officeBase(c);
  return page(
    c,
    { title: 'Personen', wide: true },
    html`<h1 class="kern-heading-large">Personen</h1>
${officeNav(c, `${b}/personen`)}
<p class="kern-body">${link(`${b}/personen/neu`, 'Neue Person anlegen')}</p>
${v.persons.length === 0
  ? html`<p class="kern-body">Es sind noch keine Personen angelegt.</p>`
  : table(`Personen (${v.persons.length})`, ['Name', 'Aktuelle Gremien', 'Zustellung', 'Benutzerkonto'], v.persons.map((p) => [
      link(`${b}/personen/${p.id}`, `${p.familyName}, ${[p.title, p.givenName].filter(Boolean).join(' ')}`),
      (v.bodiesOf.get(p.id) ?? []).join(', ') || '–',
      p.delivery === 'electronic' ? 'elektronisch' : 'Papier',
      p.userId ? 'verknüpft' : '–',
    ]))}`,
  );
}

export interface PersonFormView {
  id?: string;
  form: PersonForm;
  errors?: FieldErrors;
  accounts: { id: string; label: string }[];
}

export function personFormPage(c: Ctx, v: PersonFormView): SafeHtml {
  const b = officeBase(c);
  const e = v.errors ?? {};
  const f = v.form;
  const title = v.id ? `Person bearbeiten: ${f.givenName} ${f.familyName}` : 'Neue Person';
  return page(
    c,
    { title },
    html`<div class="narrow"><h1 class="kern-heading-large">${title}</h1>
${errorSummary(c, e)}
${postForm(
  c,
  v.id ? `${b}/personen/${v.id}/bearbeiten` : `${b}/personen/neu`,
  html`${field({ name: 'formOfAddress', label: 'Anrede (freiwillig)', hint: 'zum Beispiel Frau oder Herr', value: f.formOfAddress, error: e.formOfAddress, maxlength: 50 })}
${field({ name: 'title', label: 'Titel (freiwillig)', hint: 'zum Beispiel Dr.', value: f.title, error: e.title, maxlength: 50 })}
${field({ name: 'givenName', label: 'Vorname', value: f.givenName, error: e.givenName, maxlength: 100, required: true })}
${field({ name: 'familyName', label: 'Familienname', value: f.familyName, error: e.familyName, maxlength: 100, required: true })}
${select({ name: 'gender', label: 'Geschlecht (freiwillig)', value: f.gender, error: e.gender, options: [{ value: '', label: 'keine Angabe' }, ...Object.entries(GENDER_LABELS).map(([value, label]) => ({ value, label }))] })}
<fieldset class="kern-fieldset"><legend class="kern-label">Kontakt</legend><div class="kern-fieldset__body stack">
${field({ name: 'email', label: 'E-Mail (freiwillig)', type: 'email', value: f.email, error: e.email, maxlength: 200, autocomplete: 'off' })}
${field({ name: 'phone', label: 'Telefon (freiwillig)', type: 'tel', value: f.phone, error: e.phone, maxlength: 40, autocomplete: 'off' })}
${field({ name: 'streetAddress', label: 'Straße und Hausnummer (freiwillig)', value: f.streetAddress, error: e.streetAddress, maxlength: 200, autocomplete: 'off' })}
${field({ name: 'postalCode', label: 'Postleitzahl (freiwillig)', value: f.postalCode, error: e.postalCode, maxlength: 5, autocomplete: 'off' })}
${field({ name: 'locality', label: 'Ort (freiwillig)', value: f.locality, error: e.locality, maxlength: 100, autocomplete: 'off' })}
${checkbox({ name: 'publishContact', label: 'Die Person ist einverstanden, dass ihre Kontaktdaten im Ratsinformationssystem veröffentlicht werden.', checked: f.publishContact, error: e.publishContact })}
</div></fieldset>
${field({ name: 'personnelNumber', label: 'Personalnummer für die Abrechnung (freiwillig)', value: f.personnelNumber, error: e.personnelNumber, maxlength: 40 })}
${select({ name: 'delivery', label: 'Einladungen und Unterlagen', value: f.delivery, error: e.delivery, options: [{ value: 'electronic', label: 'elektronisch in das Mandatspostfach' }, { value: 'paper', label: 'auf Papier per Post' }] })}
${select({ name: 'userId', label: 'Benutzerkonto (Mandatspostfach)', hint: 'Konten mit der Rolle Mandatsträger/in. Neue Konten legt die Administration unter Benutzer an.', value: f.userId, error: e.userId, options: [{ value: '', label: 'kein Konto' }, ...v.accounts.map((a) => ({ value: a.id, label: a.label }))] })}`,
  'Speichern',
)}
${back(v.id ? `${b}/personen/${v.id}` : `${b}/personen`, 'Zurück ohne zu speichern')}</div>`,
  );
}

export function personPage(c: Ctx, v: { person: Person; account: string | undefined; memberships: { m: Membership; body: Body | undefined; fraktion: Body | undefined }[]; today: string }): SafeHtml {
  const b = officeBase(c);
  const p = v.person;
  const current = (m: Membership) => m.startDate <= v.today && (!m.endDate || m.endDate >= v.today);
  return page(
    c,
    { title: personName(p), wide: true },
    html`<h1 class="kern-heading-large">${personName(p)}</h1>
${officeNav(c)}
${descriptionList([
  ['Anrede', p.formOfAddress ?? '–'],
  ['Geschlecht', p.gender ? GENDER_LABELS[p.gender]! : '–'],
  ['E-Mail', p.email ?? '–'],
  ['Telefon', p.phone ?? '–'],
  ['Anschrift', [p.streetAddress, [p.postalCode, p.locality].filter(Boolean).join(' ')].filter(Boolean).join(', ') || '–'],
  ['Kontaktdaten veröffentlichen', p.publishContact ? 'ja, Einwilligung liegt vor' : 'nein'],
  ['Personalnummer', p.personnelNumber ?? '–'],
  ['Zustellung', p.delivery === 'electronic' ? 'elektronisch in das Mandatspostfach' : 'auf Papier per Post'],
  ['Benutzerkonto', v.account ?? '–'],
])}
<ul class="appt-links"><li>${link(`${b}/personen/${p.id}/bearbeiten`, 'Person bearbeiten')}</li><li>${link(`${b}/personen`, 'Alle Personen')}</li></ul>
<section aria-labelledby="ms-h"><h2 class="kern-heading-medium" id="ms-h">Mitgliedschaften in allen Gremien</h2>
${v.memberships.length === 0
  ? html`<p class="kern-body">Die Person ist in keinem Gremium. Mitglieder fügen Sie auf der Seite des Gremiums hinzu.</p>`
  : table(`Mitgliedschaften von ${personName(p)}`, ['Gremium', 'Gemeinde', 'Rolle', 'Fraktion', 'Stimmrecht', 'Zeitraum', 'Stand'], v.memberships.map((r) => [
      r.body ? link(`${b}/gremien/${r.body.id}`, r.body.name) : '–',
      r.body?.municipality ?? c.tenant!.name,
      ROLE_LABELS[r.m.role],
      r.fraktion?.name ?? '–',
      r.m.votingRight ? 'ja' : 'nein',
      period(c, r.m.startDate, r.m.endDate),
      current(r.m) ? 'aktuell' : r.m.startDate > v.today ? 'künftig' : 'beendet',
    ]))}
</section>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Terms and locations

export function termsPage(c: Ctx, terms: Term[]): SafeHtml {
  const b = officeBase(c);
  return page(
    c,
    { title: 'Wahlperioden' },
    html`<h1 class="kern-heading-large">Wahlperioden</h1>
${officeNav(c, `${b}/wahlperioden`)}
<p class="kern-body">${link(`${b}/wahlperioden/neu`, 'Neue Wahlperiode anlegen')}</p>
${terms.length === 0 ? html`<p class="kern-body">Es sind noch keine Wahlperioden angelegt.</p>` : table('Wahlperioden', ['Bezeichnung', 'Beginn', 'Ende'], terms.map((t) => [link(`${b}/wahlperioden/${t.id}`, t.name), isoDay(c, t.startDate), t.endDate ? isoDay(c, t.endDate) : 'offen']))}`,
  );
}

export function termFormPage(c: Ctx, v: { id?: string; form: TermForm; errors?: FieldErrors }): SafeHtml {
  const b = officeBase(c);
  const e = v.errors ?? {};
  const title = v.id ? `Wahlperiode bearbeiten: ${v.form.name}` : 'Neue Wahlperiode';
  return page(
    c,
    { title },
    html`<div class="narrow"><h1 class="kern-heading-large">${title}</h1>
${errorSummary(c, e)}
${postForm(c, v.id ? `${b}/wahlperioden/${v.id}` : `${b}/wahlperioden/neu`, html`${field({ name: 'name', label: 'Bezeichnung', value: v.form.name, error: e.name, maxlength: 200, required: true })}
${input({ name: 'startDate', label: 'Beginn', type: 'date', value: v.form.startDate, error: e.startDate })}
${input({ name: 'endDate', label: 'Ende (freiwillig)', type: 'date', value: v.form.endDate, error: e.endDate })}`, 'Speichern')}
${back(`${b}/wahlperioden`, 'Zurück zu den Wahlperioden')}</div>`,
  );
}

export function locationsPage(c: Ctx, locations: Location[]): SafeHtml {
  const b = officeBase(c);
  return page(
    c,
    { title: 'Sitzungsorte' },
    html`<h1 class="kern-heading-large">Sitzungsorte</h1>
${officeNav(c, `${b}/sitzungsorte`)}
<p class="kern-body">${link(`${b}/sitzungsorte/neu`, 'Neuen Sitzungsort anlegen')}</p>
${locations.length === 0
  ? html`<p class="kern-body">Es sind noch keine Sitzungsorte angelegt.</p>`
  : table('Sitzungsorte', ['Bezeichnung', 'Raum', 'Anschrift'], locations.map((l) => [link(`${b}/sitzungsorte/${l.id}`, l.description), l.room ?? '–', [l.streetAddress, [l.postalCode, l.locality].filter(Boolean).join(' ')].filter(Boolean).join(', ') || '–']))}`,
  );
}

export function locationFormPage(c: Ctx, v: { id?: string; form: LocationForm; errors?: FieldErrors }): SafeHtml {
  const b = officeBase(c);
  const e = v.errors ?? {};
  const f = v.form;
  const title = v.id ? `Sitzungsort bearbeiten: ${f.description}` : 'Neuer Sitzungsort';
  return page(
    c,
    { title },
    html`<div class="narrow"><h1 class="kern-heading-large">${title}</h1>
${errorSummary(c, e)}
${postForm(c, v.id ? `${b}/sitzungsorte/${v.id}` : `${b}/sitzungsorte/neu`, html`${field({ name: 'description', label: 'Bezeichnung', hint: 'zum Beispiel Sitzungssaal im Rathaus', value: f.description, error: e.description, maxlength: 300, required: true })}
${field({ name: 'room', label: 'Raum (freiwillig)', value: f.room, error: e.room, maxlength: 100 })}
${field({ name: 'streetAddress', label: 'Straße und Hausnummer (freiwillig)', value: f.streetAddress, error: e.streetAddress, maxlength: 200 })}
${field({ name: 'postalCode', label: 'Postleitzahl (freiwillig)', value: f.postalCode, error: e.postalCode, maxlength: 5 })}
${field({ name: 'locality', label: 'Ort (freiwillig)', value: f.locality, error: e.locality, maxlength: 100 })}`, 'Speichern')}
${back(`${b}/sitzungsorte`, 'Zurück zu den Sitzungsorten')}</div>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Settings

export function settingsPage(c: Ctx, v: { form: SettingsForm; errors?: FieldErrors; presets: Record<string, Readonly<NoticeRule>>; preset?: string }): SafeHtml {
  const b = officeBase(c);
  const e = v.errors ?? {};
  const f = v.form;
  return page(
    c,
    { title: 'Einstellungen des Sitzungsdienstes' },
    html`<h1 class="kern-heading-large">Einstellungen des Sitzungsdienstes</h1>
${officeNav(c, `${b}/einstellungen`)}
<div class="narrow">
${v.preset ? alert('info', `Die Werte der Vorlage „${PRESET_LABELS[v.preset] ?? v.preset}“ sind eingetragen, aber noch nicht gespeichert. Bitte prüfen Sie sie gegen Ihre Geschäftsordnung.`) : ''}
${errorSummary(c, e)}
<form method="get" action="${b}/einstellungen" class="search-form" aria-label="Vorlage für die Ladungsfrist laden">
${select({ name: 'vorlage', label: 'Vorlage für die Ladungsfrist (Hinweis)', hint: 'Beispiele aus Geschäftsordnungen. Maßgeblich ist Ihre eigene Geschäftsordnung.', value: v.preset ?? '', options: [{ value: '', label: 'Bitte wählen' }, ...Object.keys(v.presets).map((k) => ({ value: k, label: PRESET_LABELS[k] ?? k }))] })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Vorlage eintragen</span></button></div>
</form>
${postForm(
  c,
  `${b}/einstellungen`,
  html`${select({ name: 'quorumRule', label: 'Regeln zur Beschlussfähigkeit', hint: 'Das Land, dessen Kommunalverfassung gilt.', value: f.quorumRule, error: e.quorumRule, options: QUORUM_LAENDER.map((l) => ({ value: l, label: QUORUM_LABELS[l] })) })}
<fieldset class="kern-fieldset"><legend class="kern-label">Ladungsfrist nach der Geschäftsordnung</legend><div class="kern-fieldset__body stack">
${input({ name: 'days', label: 'Ladungsfrist in Tagen', type: 'number', min: '0', max: '60', value: f.days, error: e.days })}
${select({ name: 'counting', label: 'Zählweise', value: f.counting, error: e.counting, options: [{ value: 'calendar', label: 'Kalendertage' }, { value: 'full', label: 'volle Tage (Versand- und Sitzungstag zählen nie)' }] })}
${checkbox({ name: 'countDispatchDay', label: 'Der Versandtag zählt mit (nur bei Kalendertagen)', checked: f.countDispatchDay, error: e.countDispatchDay })}
${checkbox({ name: 'countMeetingDay', label: 'Der Sitzungstag zählt mit (nur bei Kalendertagen)', checked: f.countMeetingDay, error: e.countMeetingDay })}
${input({ name: 'urgentDays', label: 'Frist für Dringlichkeitssitzungen in Tagen', type: 'number', min: '0', max: '60', value: f.urgentDays, error: e.urgentDays })}
</div></fieldset>`,
  'Einstellungen speichern',
)}
</div>`,
  );
}
