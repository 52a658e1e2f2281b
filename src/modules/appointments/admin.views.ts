// Pages of the Terminvergabe set-up (German, KERN, no JavaScript needed).
import { alert, checkbox, descriptionList, errorSummary, field, html, page, postForm, raw, select, textarea, type Ctx, type FieldErrors, type SafeHtml } from '../../kernel/index.ts';
import type { Settings } from './repository.ts';
import type { AdminLocationRow, AdminService, Closure } from './admin.repository.ts';
import { LIMITS, NUMBER_SETTINGS, RELEASE_TIME, WEEKDAYS, rangeNames, type ClosureForm, type LocationForm, type ServiceForm, type SettingsForm } from './admin.schema.ts';

/** Where the set-up pages live for the current municipality. */
export const setupBase = (c: Ctx) => `/${c.tenant!.slug}/verwaltung/termine/einrichtung`;

const ERROR_PREFIX = raw('<span class="kern-sr-only" lang="de">Fehler: </span>');

/** A KERN input like the kernel's `field`, for the types it does not offer (time, numbers). */
function input(o: { name: string; label: string; value: string; type?: 'text' | 'time' | 'date'; hint?: string; error?: string | undefined; numeric?: boolean; maxlength?: number; step?: number }): SafeHtml {
  const id = `f-${o.name}`;
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="kern-form-input${o.error ? ' kern-form-input--error' : ''}">
<label class="kern-label" for="${id}">${o.label}</label>
${o.hint ? html`<div class="kern-hint" id="${id}-hint">${o.hint}</div>` : ''}
${o.error ? html`<p class="kern-error" id="${id}-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${ERROR_PREFIX}${o.error}</p>` : ''}
<input class="kern-form-input__input${o.error ? ' kern-form-input__input--error' : ''}" id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value}"${o.numeric ? raw(' inputmode="numeric"') : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.step ? html` step="${o.step}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${o.error ? raw(' aria-invalid="true"') : ''}>
</div>`;
}

const yesNo = (b: boolean) => (b ? 'ja' : 'nein');
const status = (active: boolean) => html`<span class="status-badge">${active ? 'aktiv' : 'deaktiviert'}</span>`;
const dayText = (day: string) => new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(`${day}T12:00:00Z`));
const back = (c: Ctx) => html`<p class="kern-body"><a class="kern-link" href="${setupBase(c)}">Zurück zur Übersicht „Terminvergabe einrichten“</a></p>`;

function table(caption: string, head: readonly string[], rows: readonly SafeHtml[][]): SafeHtml {
  return html`<table class="kern-table"><caption class="kern-title">${caption}</caption>
<thead class="kern-table__header"><tr class="kern-table__row">${head.map((h) => html`<th class="kern-table__cell" scope="col">${h}</th>`)}</tr></thead>
<tbody class="kern-table__body">${rows.map((r) => html`<tr class="kern-table__row">${r.map((cell, i) => (i === 0 ? html`<th class="kern-table__cell" scope="row">${cell}</th>` : html`<td class="kern-table__cell">${cell}</td>`))}</tr>`)}</tbody></table>`;
}

function settingsSummary(s: Settings): SafeHtml {
  const n = (x: number) => x.toLocaleString('de-DE');
  return descriptionList([
    ['Buchungshorizont', `${n(s.horizonDays)} Tage, neue Tage ab ${s.releaseTime} Uhr`],
    ['Mindestvorlauf', `${n(s.minNoticeMinutes)} Minuten`],
    ['Offene Termine je E-Mail-Adresse', n(s.maxOpenPerEmail)],
    ['Buchungen je Anschluss und Stunde', n(s.bookingsPerHourPerClient)],
    ['Bestätigungsfrist', `${n(s.confirmMinutes)} Minuten`],
    ['Personen je Buchung', n(s.maxPersons)],
    ['Warteliste', s.waitlistEnabled ? `an, Angebotsfrist ${n(s.offerMinutes)} Minuten` : 'aus'],
    ['Erinnerung', s.reminderHours === 0 ? 'keine' : `${n(s.reminderHours)} Stunden vorher`],
    ['Rechenaufgabe', s.powDifficulty === 0 ? 'aus' : `${s.powDifficulty} Bit, ohne JavaScript ${n(s.minFormSeconds)} Sekunden`],
    ['API verlangt Rechenaufgabe', yesNo(s.apiRequiresChallenge)],
  ]);
}

/** Everything configured at a glance, with links to each editor. */
export function overviewPage(c: Ctx, o: { locations: AdminLocationRow[]; services: AdminService[]; settings: Settings; closures: Closure[] }): SafeHtml {
  const b = setupBase(c);
  return page(
    c,
    { title: 'Terminvergabe einrichten', wide: true },
    html`<h1 class="kern-heading-large">Terminvergabe einrichten</h1>
<p class="kern-body">Hier legen Sie fest, an welchen Standorten welche Leistungen zu welchen Zeiten gebucht werden können, und nach welchen Regeln.</p>
<h2 class="kern-heading-medium">Standorte</h2>
${o.locations.length
  ? table('Standorte', ['Name', 'Anschrift', 'Schalter', 'Leistungen', 'Status'], o.locations.map((l) => [
      html`<a class="kern-link" href="${b}/standorte/${l.id}">${l.name}</a>`, html`${l.address}`, html`${l.counters}`, html`${l.serviceCount}`, status(l.active),
    ]))
  : alert('info', 'Es ist noch kein Standort angelegt.')}
<p class="kern-body"><a class="kern-link" href="${b}/standorte/neu">Neuen Standort anlegen</a></p>
<h2 class="kern-heading-medium">Leistungen</h2>
${o.services.length
  ? table('Leistungen', ['Name', 'Dauer', 'Status'], o.services.map((s) => [html`<a class="kern-link" href="${b}/leistungen/${s.id}">${s.name}</a>`, html`${s.durationMinutes} Minuten`, status(s.active)]))
  : alert('info', 'Es ist noch keine Leistung angelegt.')}
<p class="kern-body"><a class="kern-link" href="${b}/leistungen/neu">Neue Leistung anlegen</a></p>
<h2 class="kern-heading-medium">Regeln für Buchungen</h2>
${settingsSummary(o.settings)}
<p class="kern-body"><a class="kern-link" href="${b}/regeln">Regeln bearbeiten</a></p>
<h2 class="kern-heading-medium">Schließtage</h2>
${closureTable(o.closures)}
<p class="kern-body"><a class="kern-link" href="${b}/schliesstage">Schließtage verwalten</a></p>`,
  );
}

function closureTable(closures: Closure[], remove?: (x: Closure) => SafeHtml): SafeHtml {
  if (!closures.length) return html`<p class="kern-body">Es sind keine Schließtage eingetragen. An gesetzlichen Feiertagen ist immer geschlossen.</p>`;
  return table(
    'Eingetragene Schließtage',
    remove ? ['Tag', 'Standort', 'Grund', 'Aktion'] : ['Tag', 'Standort', 'Grund'],
    closures.map((x) => [html`${dayText(x.day)}`, html`${x.locationName ?? 'Alle Standorte'}`, html`${x.reason}`, ...(remove ? [remove(x)] : [])]),
  );
}

function weekdayFieldset(wd: number, ranges: LocationForm['hours'][number], errors: FieldErrors): SafeHtml {
  const day = WEEKDAYS[wd - 1]!;
  const invalid = ranges.some((_, i) => errors[rangeNames(wd, i).opens] || errors[rangeNames(wd, i).closes]);
  return html`<fieldset class="kern-fieldset${invalid ? ' kern-fieldset--error' : ''}"><legend class="kern-label">${day}</legend>
<div class="kern-fieldset__body kern-fieldset__body--horizontal">${ranges.map((r, i) => {
    const n = rangeNames(wd, i);
    return html`${input({ name: n.opens, label: `${i + 1}. Zeitraum von`, type: 'time', step: 900, value: r.opens, error: errors[n.opens] })}
${input({ name: n.closes, label: `${i + 1}. Zeitraum bis`, type: 'time', step: 900, value: r.closes, error: errors[n.closes] })}`;
  })}</div></fieldset>`;
}

/** Create/edit a location: data, offered services and opening hours per weekday. */
export function locationPage(c: Ctx, o: { id?: string; form: LocationForm; services: AdminService[]; errors?: FieldErrors }): SafeHtml {
  const e = o.errors ?? {};
  const f = o.form;
  const title = o.id ? `Standort bearbeiten: ${f.name}` : 'Neuen Standort anlegen';
  return page(
    c,
    { title },
    html`<div class="narrow"><h1 class="kern-heading-large">${o.id ? 'Standort bearbeiten' : 'Neuen Standort anlegen'}</h1>
${errorSummary(c, e)}
${postForm(
  c,
  `${setupBase(c)}/standorte/${o.id ?? 'neu'}`,
  html`${field({ name: 'name', label: 'Name des Standorts', value: f.name, error: e.name, required: true, maxlength: LIMITS.name })}
${field({ name: 'address', label: 'Anschrift', hint: 'Straße, Hausnummer, Postleitzahl und Ort, zum Beispiel: Am Markt 1, 18249 Lindenhagen', value: f.address, error: e.address, required: true, maxlength: LIMITS.address })}
${textarea({ name: 'accessibility', label: 'Hinweise zur Barrierefreiheit', hint: 'Zum Beispiel: stufenloser Zugang, Aufzug, barrierefreies WC, Parkplätze', value: f.accessibility, error: e.accessibility, rows: 3 })}
${input({ name: 'counters', label: 'Zahl der Schalter (Arbeitsplätze)', hint: `So viele Termine können gleichzeitig stattfinden (${LIMITS.countersMin} bis ${LIMITS.countersMax}).`, value: f.counters, numeric: true, maxlength: 3, error: e.counters })}
${checkbox({ name: 'active', label: 'Standort ist aktiv (im Portal buchbar)', checked: f.active })}
<fieldset class="kern-fieldset" aria-describedby="services-hint"><legend class="kern-label">Angebotene Leistungen</legend>
<div class="kern-hint" id="services-hint">Diese Leistungen können an diesem Standort gebucht werden.</div>
<div class="kern-fieldset__body">${o.services.length
    ? o.services.map((s) => checkbox({ name: 'service', value: s.id, label: `${s.name} (${s.durationMinutes} Minuten${s.active ? '' : ', deaktiviert'})`, checked: f.services.includes(s.id) }))
    : html`<p class="kern-body">Es ist noch keine Leistung angelegt.</p>`}</div></fieldset>
<h2 class="kern-heading-medium">Öffnungszeiten</h2>
<p class="kern-body" id="hours-hint">Für jeden Wochentag bis zu zwei Zeiträume, zum Beispiel 08:00 bis 12:00 und 13:00 bis 18:00 (Mittagspause dazwischen). Uhrzeiten im Viertelstundentakt. Leere Felder bedeuten: geschlossen. An gesetzlichen Feiertagen und eingetragenen Schließtagen ist immer geschlossen.</p>
${[1, 2, 3, 4, 5, 6, 7].map((wd) => weekdayFieldset(wd, f.hours[wd] ?? [], e))}
<p class="kern-body kern-body--small">Bereits gebuchte Termine bleiben bestehen, wenn Sie Zeiten, Leistungen oder den Status ändern.</p>`,
  'Speichern',
)}
${back(c)}</div>`,
  );
}

/** Create/edit a service (deactivated, never deleted, as bookings refer to it). */
export function servicePage(c: Ctx, o: { id?: string; form: ServiceForm; errors?: FieldErrors }): SafeHtml {
  const e = o.errors ?? {};
  const f = o.form;
  return page(
    c,
    { title: o.id ? `Leistung bearbeiten: ${f.name}` : 'Neue Leistung anlegen' },
    html`<div class="narrow"><h1 class="kern-heading-large">${o.id ? 'Leistung bearbeiten' : 'Neue Leistung anlegen'}</h1>
${errorSummary(c, e)}
${postForm(
  c,
  `${setupBase(c)}/leistungen/${o.id ?? 'neu'}`,
  html`${field({ name: 'name', label: 'Name der Leistung', hint: 'So sehen Bürgerinnen und Bürger die Leistung bei der Buchung, zum Beispiel: Personalausweis beantragen', value: f.name, error: e.name, required: true, maxlength: LIMITS.name })}
${input({ name: 'duration', label: 'Dauer in Minuten', hint: `${LIMITS.durationMin} bis ${LIMITS.durationMax} Minuten, in Schritten von 15 Minuten.`, value: f.duration, numeric: true, maxlength: 3, error: e.duration })}
${checkbox({ name: 'active', label: 'Leistung ist aktiv (im Portal buchbar)', checked: f.active })}
<p class="kern-body kern-body--small">Leistungen werden nicht gelöscht, sondern deaktiviert: Bereits gebuchte Termine bleiben bestehen.</p>`,
  'Speichern',
)}
${back(c)}</div>`,
  );
}

/** Closures to add and remove, and the Land's public holidays, which close every location anyway. */
export function closuresPage(c: Ctx, o: { closures: Closure[]; locations: AdminLocationRow[]; holidays: { year: number; days: string[] }[]; form: ClosureForm; errors?: FieldErrors }): SafeHtml {
  const e = o.errors ?? {};
  const b = setupBase(c);
  const remove = (x: Closure) => html`<form method="post" action="${b}/schliesstage/entfernen" class="inline-form">
<input type="hidden" name="_csrf" value="${c.csrf()}"><input type="hidden" name="day" value="${x.day}"><input type="hidden" name="location" value="${x.locationId ?? ''}">
<button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Entfernen<span class="kern-sr-only">: ${dayText(x.day)}, ${x.locationName ?? 'Alle Standorte'}</span></span></button></form>`;
  return page(
    c,
    { title: 'Schließtage', wide: true },
    html`<h1 class="kern-heading-large">Schließtage</h1>
${errorSummary(c, e)}
<p class="kern-body">An Schließtagen werden keine Termine angeboten. Bereits gebuchte Termine an diesem Tag werden nicht automatisch abgesagt.</p>
${closureTable(o.closures, remove)}
<div class="narrow"><h2 class="kern-heading-medium">Schließtag eintragen</h2>
${postForm(
  c,
  `${b}/schliesstage`,
  html`${input({ name: 'day', label: 'Tag', type: 'date', hint: 'Zum Beispiel 24.12.2026', value: o.form.day, error: e.day })}
${select({ name: 'location', label: 'Standort', value: o.form.location, error: e.location, options: [{ value: '', label: 'Alle Standorte' }, ...o.locations.map((l) => ({ value: l.id, label: l.name }))] })}
${field({ name: 'reason', label: 'Grund (freiwillig)', hint: 'Zum Beispiel: Betriebsausflug. Wird nur intern angezeigt.', value: o.form.reason, error: e.reason, maxlength: LIMITS.reason })}`,
  'Schließtag eintragen',
)}</div>
<h2 class="kern-heading-medium">Gesetzliche Feiertage (${c.tenant!.land})</h2>
<p class="kern-body">An diesen Tagen ist automatisch geschlossen. Sie müssen sie nicht eintragen.</p>
${o.holidays.map((h) => table(`Feiertage ${h.year}`, ['Tag'], h.days.map((d) => [html`${dayText(d)}`])))}
${back(c)}`,
  );
}

/** The booking and fairness rules of the municipality. */
export function settingsPage(c: Ctx, o: { form: SettingsForm; errors?: FieldErrors }): SafeHtml {
  const e = o.errors ?? {};
  const f = o.form;
  const num = (x: (typeof NUMBER_SETTINGS)[number]) => input({ name: x.key, label: x.label, hint: `${x.hint} Erlaubt: ${x.min.toLocaleString('de-DE')} bis ${x.max.toLocaleString('de-DE')}.`, value: f[x.key], numeric: true, maxlength: 6, error: e[x.key] });
  const [horizon, ...rest] = NUMBER_SETTINGS;
  return page(
    c,
    { title: 'Regeln für Buchungen' },
    html`<div class="narrow"><h1 class="kern-heading-large">Regeln für Buchungen</h1>
${errorSummary(c, e)}
${postForm(
  c,
  `${setupBase(c)}/regeln`,
  html`${num(horizon!)}
${input({ name: 'releaseTime', label: RELEASE_TIME.label, hint: RELEASE_TIME.hint, type: 'time', value: f.releaseTime, error: e.releaseTime })}
${rest.map(num)}
${checkbox({ name: 'apiRequiresChallenge', label: 'API verlangt Rechenaufgabe (auch andere Buchungsseiten müssen die Rechenaufgabe lösen)', checked: f.apiRequiresChallenge })}
${checkbox({ name: 'waitlistEnabled', label: 'Warteliste an (wer keinen Termin findet, kann sich eintragen)', checked: f.waitlistEnabled })}`,
  'Speichern',
)}
${back(c)}</div>`,
  );
}
