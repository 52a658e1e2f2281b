import { alert, audit, errorSummary, field, formatDate, html, isUuid, notFound, page, policies, raw, select, str, type Ctx, type FieldErrors, type MessageKey, type NavEntry, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import {
  callTicket,
  cancelledCount,
  checkIn,
  dayPlan,
  displayState,
  finishBooking,
  markNoShow,
  nextTicketNumber,
  resetNoShow,
  staffBooking,
  staffLocationById,
  staffLocations,
  statistics,
  type PlanRow,
  type StaffBooking,
  type StaffLocation,
  type StatRow,
} from './staff.repository.ts';
import { addDays, berlinDate, berlinInstant, isoBerlin } from './time.ts';

const staff = policies.staff('admin', 'clerk');
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A repeated call of the same number to the same counter needs this pause, so a double click calls once. */
const RECALL_PAUSE_MS = 20_000;
const DISPLAY_CALLS = 8;

/** The entry on the municipality's administration page. */
export const STAFF_ADMIN_LINK: NavEntry = { key: 'module.appointments', label: (lang) => (lang === 'en' ? 'Appointments: day plan' : 'Terminvergabe: Tagesplan'), path: '/verwaltung/termine', policy: staff };

type Action = 'einchecken' | 'aufrufen' | 'erledigt' | 'nicht-erschienen' | 'zuruecksetzen';

const FLASH: Record<Action, MessageKey> = {
  einchecken: 'appointments.checkedIn',
  aufrufen: 'appointments.called',
  erledigt: 'appointments.finished',
  'nicht-erschienen': 'appointments.noShow',
  zuruecksetzen: 'appointments.noShowReset',
};

const adminBase = (c: Ctx) => `/${c.tenant!.slug}/verwaltung/termine`;
const dayRange = (day: string) => ({ from: berlinInstant(day, '00:00'), to: berlinInstant(addDays(day, 1), '00:00') });
const hhmm = (d: Date) => isoBerlin(d).slice(11, 16);
const dayLabel = (c: Ctx, day: string) => formatDate(new Date(`${day}T12:00:00Z`), c.lang);
const ticketOf = (n: number) => `A${String(n).padStart(3, '0')}`;

function validDay(s: string | undefined): s is string {
  return !!s && DATE.test(s) && !Number.isNaN(Date.parse(`${s}T12:00:00Z`)) && new Date(`${s}T12:00:00Z`).toISOString().slice(0, 10) === s;
}

function statusText(b: PlanRow): string {
  if (b.noShowAt) return 'nicht erschienen';
  if (b.finishedAt) return 'erledigt';
  if (b.calledAt) return `aufgerufen an Platz ${b.calledCounter ?? b.unit} (Wartenummer ${b.ticket ?? '–'})`;
  if (b.checkedInAt) return `eingecheckt um ${hhmm(b.checkedInAt)} Uhr, Wartenummer ${b.ticket ?? '–'}`;
  return 'erwartet';
}

/** Why an action is not possible in the booking's current state (German), or undefined. */
function refusal(action: Action, b: StaffBooking, now: Date, counter: number): string | undefined {
  if (b.status !== 'confirmed') return 'Dieser Termin ist abgesagt oder noch nicht bestätigt.';
  switch (action) {
    case 'einchecken':
      if (b.noShowAt) return 'Der Termin ist als „nicht erschienen“ vermerkt. Bitte nehmen Sie den Vermerk zuerst zurück.';
      if (berlinDate(b.startAt) !== berlinDate(now)) return 'Einchecken ist nur am Tag des Termins möglich.';
      return undefined;
    case 'aufrufen':
      if (!Number.isInteger(counter) || counter < 1 || counter > Math.max(b.counters, b.unit)) return 'Bitte wählen Sie einen vorhandenen Platz aus.';
      if (b.noShowAt) return 'Der Termin ist als „nicht erschienen“ vermerkt.';
      if (!b.checkedInAt) return 'Bitte checken Sie die Person zuerst ein. Erst dann hat sie eine Wartenummer.';
      if (b.finishedAt) return 'Dieser Termin ist bereits erledigt.';
      return undefined;
    case 'erledigt':
      if (b.noShowAt) return 'Der Termin ist als „nicht erschienen“ vermerkt.';
      if (!b.checkedInAt) return 'Bitte checken Sie die Person zuerst ein.';
      return undefined;
    case 'nicht-erschienen':
      if (b.checkedInAt) return 'Die Person ist eingecheckt, also erschienen.';
      if (b.startAt.getTime() > now.getTime()) return 'Einen Termin können Sie erst nach seinem Beginn als „nicht erschienen“ vermerken.';
      return undefined;
    case 'zuruecksetzen':
      return undefined;
  }
}

/** Applies the action with a conditional UPDATE; returns whether anything changed (double clicks change nothing). */
async function apply(p: Platform, c: Ctx, action: Action, id: string, counterInput: string): Promise<{ booking: StaffBooking; error?: string }> {
  const tenantId = c.tenant!.id;
  return p.db.transaction(async (tx) => {
    const b = await staffBooking(tx, tenantId, id, true);
    if (!b) throw notFound();
    const counter = counterInput ? Number(counterInput) : b.unit;
    const problem = refusal(action, b, c.now, counter);
    if (problem) return { booking: b, error: problem };
    let changed = false;
    const details: Record<string, string | number> = {};
    if (action === 'einchecken' && !b.checkedInAt) {
      const ticket = ticketOf(await nextTicketNumber(tx, tenantId, b.locationId, berlinDate(b.startAt)));
      changed = await checkIn(tx, tenantId, id, ticket, c.now);
      details.ticket = ticket;
    } else if (action === 'aufrufen') {
      changed = await callTicket(tx, tenantId, id, counter, c.now, new Date(c.now.getTime() - RECALL_PAUSE_MS));
      details.counter = counter;
    } else if (action === 'erledigt') {
      changed = await finishBooking(tx, tenantId, id, c.now);
    } else if (action === 'nicht-erschienen') {
      changed = await markNoShow(tx, tenantId, id, c.now);
    } else if (action === 'zuruecksetzen') {
      changed = await resetNoShow(tx, tenantId, id);
    }
    if (changed) {
      await audit(tx, { tenantId, actorId: c.user!.id, actorKind: 'staff', action: `appointment.${action === 'einchecken' ? 'checked_in' : action === 'aufrufen' ? 'called' : action === 'erledigt' ? 'finished' : action === 'nicht-erschienen' ? 'no_show' : 'no_show_reset'}`, objectType: 'appointment', objectId: id, details }, c.now);
    }
    return { booking: b };
  });
}

/** A compact POST form for one table row; the hidden part names the row for screen readers. */
function rowAction(c: Ctx, b: PlanRow, action: Action, label: string, extra: SafeHtml = html``, primary = false): SafeHtml {
  return html`<form method="post" action="${adminBase(c)}/${b.id}/${action}" class="appt-action">
<input type="hidden" name="_csrf" value="${c.csrf()}">${extra}
<button type="submit" class="kern-btn ${primary ? 'kern-btn--primary' : 'kern-btn--secondary'} kern-btn--x-small"><span class="kern-label">${label}<span class="kern-sr-only"> (${hhmm(b.startAt)} Uhr, ${b.name})</span></span></button></form>`;
}

function actionsOf(c: Ctx, b: PlanRow, counters: number, today: string): SafeHtml {
  const out: SafeHtml[] = [];
  const isToday = berlinDate(b.startAt) === today;
  if (b.noShowAt) out.push(rowAction(c, b, 'zuruecksetzen', 'Zurücksetzen'));
  else if (b.finishedAt) return html`–`;
  else if (!b.checkedInAt) {
    if (isToday) out.push(rowAction(c, b, 'einchecken', 'Einchecken', html``, true));
    if (b.startAt.getTime() <= c.now.getTime()) out.push(rowAction(c, b, 'nicht-erschienen', 'Nicht erschienen'));
  } else {
    const chooser =
      counters > 1
        ? html`<label class="kern-label kern-sr-only" for="platz-${b.id}">Aufrufen an Platz</label>
<select class="kern-form-input__select appt-action__select" id="platz-${b.id}" name="platz">${Array.from({ length: counters }, (_, i) => i + 1).map(
            (n) => html`<option value="${n}"${n === (b.calledCounter ?? b.unit) ? raw(' selected') : ''}>Platz ${n}</option>`,
          )}</select>`
        : html``;
    out.push(rowAction(c, b, 'aufrufen', b.calledAt ? 'Erneut aufrufen' : 'Aufrufen', chooser, !b.calledAt));
    out.push(rowAction(c, b, 'erledigt', 'Erledigt', html``, !!b.calledAt));
  }
  return out.length ? html`<div class="appt-actions">${out}</div>` : html`–`;
}

function counterTable(c: Ctx, unit: number, day: string, rows: PlanRow[], counters: number, today: string): SafeHtml {
  return html`<section aria-labelledby="platz-${unit}-h"><h2 class="kern-heading-medium" id="platz-${unit}-h">Platz ${unit}</h2>
${rows.length === 0
    ? html`<p class="kern-body">An diesem Tag sind für Platz ${unit} keine Termine gebucht.</p>`
    : html`<table class="kern-table"><caption class="kern-title">Termine an Platz ${unit} am ${dayLabel(c, day)}</caption>
<thead class="kern-table__header"><tr class="kern-table__row"><th class="kern-table__cell" scope="col">Zeit</th><th class="kern-table__cell" scope="col">Anliegen</th><th class="kern-table__cell" scope="col">Personen</th><th class="kern-table__cell" scope="col">Name</th><th class="kern-table__cell" scope="col">Stand</th><th class="kern-table__cell" scope="col">Aktionen</th></tr></thead>
<tbody class="kern-table__body">${rows.map(
        (b) => html`<tr class="kern-table__row" id="termin-${b.id}"><td class="kern-table__cell">${hhmm(b.startAt)}–${hhmm(b.endAt)}</td><td class="kern-table__cell">${b.serviceName}</td><td class="kern-table__cell">${b.persons}</td><td class="kern-table__cell">${b.name}</td>
<td class="kern-table__cell">${b.ticket && !b.noShowAt && !b.finishedAt ? html`<strong class="appt-ticket">${b.ticket}</strong> ` : ''}${statusText(b)}</td><td class="kern-table__cell">${actionsOf(c, b, counters, today)}</td></tr>`,
      )}</tbody></table>`}</section>`;
}

async function planPage(p: Platform, c: Ctx, o: { location?: string | undefined; day?: string | undefined; error?: string }): Promise<SafeHtml> {
  const tenantId = c.tenant!.id;
  const today = berlinDate(c.now);
  const locs = await staffLocations(p.db, tenantId);
  const title = 'Terminvergabe: Tagesplan';
  if (locs.length === 0) return page(c, { title }, html`<h1 class="kern-heading-large">${title}</h1>${alert('info', 'Es sind noch keine Standorte angelegt.')}`);
  const loc: StaffLocation = locs.find((l) => l.id === o.location) ?? locs[0]!;
  const day = validDay(o.day) ? o.day : today;
  const { from, to } = dayRange(day);
  const [rows, cancelled] = await Promise.all([dayPlan(p.db, tenantId, loc.id, from, to), cancelledCount(p.db, tenantId, loc.id, from, to)]);
  const counters = Math.max(loc.counters, ...rows.map((r) => r.unit));
  const byUnit = Array.from({ length: counters }, (_, i) => rows.filter((r) => r.unit === i + 1));
  const count = (f: (r: PlanRow) => unknown) => rows.filter(f).length;
  const link = (d: string) => `${adminBase(c)}?location=${loc.id}&day=${d}`;
  return page(
    c,
    { title, wide: true },
    html`<h1 class="kern-heading-large">${title}</h1>
${o.error ? alert('danger', o.error) : ''}
<form method="get" action="${adminBase(c)}" class="search-form">
${select({ name: 'location', label: 'Standort', value: loc.id, options: locs.map((l) => ({ value: l.id, label: l.active ? l.name : `${l.name} (nicht aktiv)` })) })}
${field({ name: 'day', label: 'Tag', type: 'date', value: day })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Tagesplan anzeigen</span></button></div>
</form>
<nav aria-label="Tage und Ansichten"><ul class="appt-links">
<li><a class="kern-link" href="${link(addDays(day, -1))}">Vorheriger Tag</a></li>
<li><a class="kern-link" href="${link(today)}">Heute</a></li>
<li><a class="kern-link" href="${link(addDays(day, 1))}">Nächster Tag</a></li>
<li><a class="kern-link" href="/${c.tenant!.slug}/termine/aufruf/${loc.id}">Aufrufanzeige für den Wartebereich</a></li>
<li><a class="kern-link" href="${adminBase(c)}/statistik?location=${loc.id}">Statistik</a></li>
</ul></nav>
<h2 class="kern-heading-medium">${loc.name}, ${dayLabel(c, day)}${day === today ? ' (heute)' : ''}</h2>
<p class="kern-body">${rows.length} ${rows.length === 1 ? 'Termin' : 'Termine'}: ${count((r) => r.checkedInAt)} eingecheckt, ${count((r) => r.finishedAt)} erledigt, ${count((r) => r.noShowAt)} nicht erschienen. Abgesagt: ${cancelled}.</p>
${byUnit.map((list, i) => counterTable(c, i + 1, day, list, counters, today))}`,
  );
}

const fmtNumber = (c: Ctx, n: number, digits = 1) => new Intl.NumberFormat(c.lang === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
const minutes = (c: Ctx, s: number | null) => (s === null ? '–' : fmtNumber(c, s / 60));

function statRow(c: Ctx, s: StatRow): SafeHtml {
  const rate = s.booked ? `${fmtNumber(c, (100 * s.noShows) / s.booked)} %` : '–';
  return html`<tr class="kern-table__row"><th class="kern-table__cell" scope="row">${s.locationId ? s.locationName : 'Gesamt'}</th>
<td class="kern-table__cell">${s.booked}</td><td class="kern-table__cell">${s.cancelled}</td><td class="kern-table__cell">${s.checkedIn}</td><td class="kern-table__cell">${s.finished}</td>
<td class="kern-table__cell">${s.noShows}</td><td class="kern-table__cell">${rate}</td>
<td class="kern-table__cell">${minutes(c, s.avgWaitSeconds)}</td><td class="kern-table__cell">${minutes(c, s.maxWaitSeconds)}</td><td class="kern-table__cell">${minutes(c, s.avgLatenessSeconds)}</td></tr>`;
}

async function statisticsPage(p: Platform, c: Ctx): Promise<SafeHtml> {
  const tenantId = c.tenant!.id;
  const today = berlinDate(c.now);
  const locs = await staffLocations(p.db, tenantId);
  const q = { location: c.query.location ?? '', from: c.query.from ?? '', to: c.query.to ?? '' };
  const errors: FieldErrors = {};
  if (q.from && !validDay(q.from)) errors.from = 'Bitte geben Sie den ersten Tag als Datum an, zum Beispiel 01.11.2026.';
  if (q.to && !validDay(q.to)) errors.to = 'Bitte geben Sie den letzten Tag als Datum an, zum Beispiel 30.11.2026.';
  const to = validDay(q.to) ? q.to : today;
  const from = validDay(q.from) ? q.from : addDays(to, -29);
  if (!errors.from && !errors.to && from > to) errors.to = 'Der letzte Tag darf nicht vor dem ersten Tag liegen.';
  else if (!errors.from && !errors.to && addDays(from, 366) <= to) errors.to = 'Bitte wählen Sie höchstens ein Jahr aus.';
  const loc = locs.find((l) => l.id === q.location);
  const title = 'Terminvergabe: Statistik';
  let body: SafeHtml = html``;
  if (Object.keys(errors).length) c.reply.code(422);
  else {
    const rows = await statistics(p.db, tenantId, berlinInstant(from, '00:00'), berlinInstant(addDays(to, 1), '00:00'), loc?.id);
    const perLocation = rows.filter((r) => r.locationId);
    const total = rows.find((r) => !r.locationId);
    body =
      perLocation.length === 0
        ? html`<p class="kern-body">Im gewählten Zeitraum gibt es keine Termine.</p>`
        : html`<table class="kern-table"><caption class="kern-title">Termine vom ${dayLabel(c, from)} bis ${dayLabel(c, to)}${loc ? `, ${loc.name}` : ', alle Standorte'}</caption>
<thead class="kern-table__header"><tr class="kern-table__row"><th class="kern-table__cell" scope="col">Standort</th><th class="kern-table__cell" scope="col">Gebucht</th><th class="kern-table__cell" scope="col">Abgesagt</th><th class="kern-table__cell" scope="col">Eingecheckt</th><th class="kern-table__cell" scope="col">Erledigt</th><th class="kern-table__cell" scope="col">Nicht erschienen</th><th class="kern-table__cell" scope="col">Anteil nicht erschienen</th><th class="kern-table__cell" scope="col">Wartezeit Ø (Min.)</th><th class="kern-table__cell" scope="col">Wartezeit max. (Min.)</th><th class="kern-table__cell" scope="col">Ankunft zum Termin Ø (Min.)</th></tr></thead>
<tbody class="kern-table__body">${perLocation.map((r) => statRow(c, r))}</tbody>
${total && perLocation.length > 1 ? html`<tfoot class="kern-table__body">${statRow(c, total)}</tfoot>` : ''}</table>
<p class="kern-body kern-body--small">Gebucht zählt bestätigte Termine (auch erledigte), ohne abgesagte und unbestätigte Reservierungen. Der Anteil „nicht erschienen“ bezieht sich auf die gebuchten Termine. Wartezeit: vom Einchecken bis zum Aufruf. Ankunft zum Termin: Minuten zwischen gebuchter Uhrzeit und Einchecken; ein negativer Wert heißt, die Personen kamen im Mittel früher.</p>`;
  }
  return page(
    c,
    { title, wide: true },
    html`<h1 class="kern-heading-large">${title}</h1>
${errorSummary(c, errors)}
<form method="get" action="${adminBase(c)}/statistik" class="search-form" novalidate>
${select({ name: 'location', label: 'Standort', value: loc?.id ?? '', options: [{ value: '', label: 'Alle Standorte' }, ...locs.map((l) => ({ value: l.id, label: l.name }))] })}
${field({ name: 'from', label: 'Erster Tag', type: 'date', value: errors.from ? q.from : from, error: errors.from })}
${field({ name: 'to', label: 'Letzter Tag', type: 'date', value: errors.to ? q.to : to, error: errors.to })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Statistik anzeigen</span></button></div>
</form>
<p class="kern-body"><a class="kern-link" href="${adminBase(c)}${loc ? `?location=${loc.id}` : ''}">Zurück zum Tagesplan</a></p>
${body}`,
  );
}

async function displayOf(p: Platform, c: Ctx): Promise<{ loc: StaffLocation; called: { ticket: string; counter: number; calledAt: Date }[]; waiting: string[] }> {
  const id = c.params.locationId ?? '';
  const loc = isUuid(id) ? await staffLocationById(p.db, c.tenant!.id, id) : undefined;
  if (!loc) throw notFound();
  const { from, to } = dayRange(berlinDate(c.now));
  return { loc, ...(await displayState(p.db, c.tenant!.id, loc.id, from, to, DISPLAY_CALLS)) };
}

/** The waiting room's screen: waiting numbers and counters only, never names (works without JS; aufruf.js refreshes it). */
function displayPage(c: Ctx, d: Awaited<ReturnType<typeof displayOf>>): SafeHtml {
  const [newest, ...earlier] = d.called;
  return page(
    c,
    { title: `Aufruf: ${d.loc.name}`, wide: true, scripts: ['/assets/appointments/aufruf.js'] },
    html`<div class="aufruf" data-aufruf-src="/api/v1/${c.tenant!.slug}/appointments/display/${d.loc.id}">
<h1 class="kern-heading-large">Aufruf: ${d.loc.name}</h1>
<section aria-labelledby="aufruf-neu-h"><h2 class="kern-heading-medium" id="aufruf-neu-h">Aktueller Aufruf</h2>
<div id="aufruf-neu" class="aufruf-neu" aria-live="polite" aria-atomic="true" data-key="${newest ? `${newest.ticket}@${isoBerlin(newest.calledAt)}` : ''}">${newest
      ? html`<span class="aufruf-nummer">${newest.ticket}</span> <span class="aufruf-text">bitte zu</span> <span class="aufruf-platz">Platz ${newest.counter}</span>`
      : html`<span class="aufruf-text">Noch kein Aufruf.</span>`}</div></section>
<div class="aufruf-spalten">
<section aria-labelledby="aufruf-liste-h"><h2 class="kern-heading-medium" id="aufruf-liste-h">Vorherige Aufrufe</h2>
<ol id="aufruf-liste" class="aufruf-liste">${earlier.map((x) => html`<li><span class="aufruf-nummer">${x.ticket}</span> <span class="aufruf-platz">Platz ${x.counter}</span></li>`)}</ol>
<p id="aufruf-liste-leer" class="kern-body"${earlier.length ? raw(' hidden') : ''}>Keine weiteren Aufrufe.</p></section>
<section aria-labelledby="aufruf-wartend-h"><h2 class="kern-heading-medium" id="aufruf-wartend-h">Bitte noch warten</h2>
<ul id="aufruf-wartend" class="aufruf-wartend">${d.waiting.map((t) => html`<li>${t}</li>`)}</ul>
<p id="aufruf-wartend-leer" class="kern-body"${d.waiting.length ? raw(' hidden') : ''}>Zurzeit wartet niemand.</p></section>
</div>
<p class="kern-body kern-body--small"><span id="aufruf-stand">Stand: ${hhmm(c.now)} Uhr.</span> <a class="kern-link" href="${c.path}">Aktualisieren</a></p>
</div>`,
  );
}

/** Staff side of the Terminvergabe: day plan per location and counter, check-in, calling, no-shows, statistics; and the public calling display. */
export function staffPages(r: Router, p: Platform): void {
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/termine',
    policy: staff,
    module: 'appointments',
    handler: (c) => planPage(p, c, { location: c.query.location, day: c.query.day }),
  });

  for (const action of ['einchecken', 'aufrufen', 'erledigt', 'nicht-erschienen', 'zuruecksetzen'] as const) {
    r.route({
      method: 'POST',
      url: `/:tenant/verwaltung/termine/:id/${action}`,
      policy: staff,
      module: 'appointments',
      handler: async (c) => {
        const id = c.params.id ?? '';
        if (!isUuid(id)) throw notFound();
        const { booking, error } = await apply(p, c, action, id, str(c.body, 'platz', 3));
        const day = berlinDate(booking.startAt);
        if (error) {
          c.reply.code(409);
          return planPage(p, c, { location: booking.locationId, day, error });
        }
        c.redirect(`${adminBase(c)}?location=${booking.locationId}&day=${day}`, FLASH[action]);
      },
    });
  }

  r.route({ method: 'GET', url: '/:tenant/verwaltung/termine/statistik', policy: staff, module: 'appointments', handler: (c) => statisticsPage(p, c) });

  r.route({
    method: 'GET',
    url: '/:tenant/termine/aufruf/:locationId',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => displayPage(c, await displayOf(p, c)),
  });

  r.route({
    method: 'GET',
    url: '/api/v1/:tenant/appointments/display/:locationId',
    policy: policies.public,
    module: 'appointments',
    api: true,
    handler: async (c) => {
      const d = await displayOf(p, c);
      return { called: d.called.map((x) => ({ ticket: x.ticket, counter: x.counter, calledAt: isoBerlin(x.calledAt) })), waiting: d.waiting };
    },
  });
}
