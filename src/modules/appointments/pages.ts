import { isUuid, alert, enqueueJob, errorSummary, field, formatDateTime, html, notFound, page, policies, postForm, queueMail, raw, select, str, safeTokenEqual, audit, type Ctx, type FieldErrors, type JobHandler, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { book, tokenHashOf } from './commands/book.ts';
import { icsEvent } from './ics.ts';
import { bookingById, cancelBooking, confirmReservation, expireReservation, locations, services, type BookingRow } from './repository.ts';
import { freeSlots } from './slots.ts';
import { addDays, berlinDate } from './time.ts';

export const EXPIRE_JOB = 'appointments.expire';
const base = (c: Ctx) => `/${c.tenant!.slug}/termine`;

async function ownBooking(p: Platform, c: Ctx, token: string): Promise<BookingRow> {
  const id = c.params.id ?? '';
  const b = isUuid(id) ? await bookingById(p.db, c.tenant!.id, id) : undefined;
  if (!b || !/^[A-Za-z0-9_-]{43}$/.test(token) || !safeTokenEqual(tokenHashOf(token), b.tokenHash)) throw notFound();
  return b;
}

function when(c: Ctx, b: { startAt: Date }): string {
  return formatDateTime(b.startAt, c.lang);
}

/** Reservation is held until confirmed through the mailed link, then it is a booking; unconfirmed ones are released by a job. */
export function expireJob(p: Platform): JobHandler {
  return async (job) => {
    await p.db.transaction(async (tx) => {
      if (await expireReservation(tx, job.tenant_id!, String(job.payload.bookingId), p.clock.now())) {
        await audit(tx, { tenantId: job.tenant_id, actorId: null, actorKind: 'system', action: 'appointment.reservation_expired', objectType: 'appointment', objectId: String(job.payload.bookingId) }, p.clock.now());
      }
    });
  };
}

export function appointmentPages(r: Router, p: Platform): void {
  const chooser = async (c: Ctx, o: { service?: string; location?: string; errors?: FieldErrors; name?: string; email?: string; notice?: SafeHtml } = {}) => {
    const [svc, loc] = await Promise.all([services(p.db, c.tenant!.id), locations(p.db, c.tenant!.id)]);
    const s = svc.find((x) => x.id === o.service);
    const l = loc.find((x) => x.id === o.location);
    let slotList: SafeHtml = html``;
    if (s && l) {
      const today = berlinDate(c.now);
      const slots = await freeSlots(p.db, { tenantId: c.tenant!.id, land: c.tenant!.land, location: l, service: s, from: today, to: addDays(today, 14), now: c.now });
      const days = new Map<string, typeof slots>();
      for (const x of slots) days.set(x.start.slice(0, 10), [...(days.get(x.start.slice(0, 10)) ?? []), x]);
      const e = o.errors ?? {};
      slotList = slots.length === 0
        ? alert('info', 'In den nächsten 14 Tagen ist an diesem Standort kein Termin frei.')
        : postForm(
            c,
            `${base(c)}/reservieren`,
            html`<input type="hidden" name="service" value="${s.id}"><input type="hidden" name="location" value="${l.id}">
<fieldset class="kern-fieldset${e.start ? ' kern-fieldset--error' : ''}"><legend class="kern-label">Freie Termine (${s.durationMinutes} Minuten)</legend>
${e.start ? html`<p class="kern-error" id="f-start-error">${e.start}</p>` : ''}
<div class="kern-fieldset__body">${[...days.entries()].slice(0, 14).map(([day, list], di) => html`<details class="slot-day"${di === 0 ? raw(' open') : ''}><summary>${formatDateTime(new Date(`${day}T12:00:00Z`), c.lang).split(',')[0]} (${list.length})</summary>
${list.map((x, i) => html`<div class="kern-form-check"><input class="kern-form-check__radio" type="radio" name="start" value="${x.start}" id="${di === 0 && i === 0 ? 'f-start' : `f-start-${di}-${i}`}">
<label class="kern-label" for="${di === 0 && i === 0 ? 'f-start' : `f-start-${di}-${i}`}">${x.start.slice(11, 16)} Uhr</label></div>`)}</details>`)}</div></fieldset>
${field({ name: 'name', label: 'Vor- und Nachname', value: o.name ?? '', error: e.name, autocomplete: 'name', required: true, maxlength: 120 })}
${field({ name: 'email', label: 'E-Mail-Adresse', type: 'email', value: o.email ?? '', hint: 'Wir senden Ihnen einen Link, mit dem Sie den Termin bestätigen.', error: e.email, autocomplete: 'email', required: true, maxlength: 254 })}`,
            'Termin reservieren',
          );
    }
    return page(
      c,
      { title: 'Termin buchen' },
      html`<div class="narrow"><h1 class="kern-heading-large">Termin buchen</h1>${errorSummary(c, o.errors ?? {})}${o.notice ?? ''}
<form method="get" action="${base(c)}" class="stack">
${select({ name: 'service', label: 'Anliegen', value: o.service ?? '', options: [{ value: '', label: '–' }, ...svc.map((x) => ({ value: x.id, label: `${x.name} (${x.durationMinutes} Min.)` }))] })}
${select({ name: 'location', label: 'Standort', value: o.location ?? '', options: [{ value: '', label: '–' }, ...loc.map((x) => ({ value: x.id, label: `${x.name}, ${x.address}` }))] })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Freie Termine anzeigen</span></button></div></form>
${l ? html`<p class="kern-body kern-body--small">Barrierefreiheit: ${l.accessibility}</p>` : ''}
${slotList}</div>`,
    );
  };

  r.route({ method: 'GET', url: '/:tenant/termine', policy: policies.public, module: 'appointments', handler: (c) => chooser(c, { ...(c.query.service ? { service: c.query.service } : {}), ...(c.query.location ? { location: c.query.location } : {}) }) });

  r.route({
    method: 'POST',
    url: '/:tenant/termine/reservieren',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => {
      const v = { service: str(c.body, 'service', 40), location: str(c.body, 'location', 40), start: str(c.body, 'start', 40), name: str(c.body, 'name', 121).trim(), email: str(c.body, 'email', 255).trim().toLowerCase() };
      const errors: FieldErrors = {};
      if (!v.start || Number.isNaN(Date.parse(v.start))) errors.start = 'Bitte wählen Sie einen Termin aus.';
      if (v.name.length < 2 || v.name.length > 120 || /[<>]/.test(v.name)) errors.name = 'Bitte geben Sie Ihren Namen ein (2 bis 120 Zeichen).';
      if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(v.email)) errors.email = 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.';
      const [svc, loc] = await Promise.all([services(p.db, c.tenant!.id), locations(p.db, c.tenant!.id)]);
      const s = svc.find((x) => x.id === v.service);
      const l = loc.find((x) => x.id === v.location);
      if (!s || !l) throw notFound();
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return chooser(c, { service: v.service, location: v.location, errors, name: v.name, email: v.email });
      }
      const tenant = c.tenant!;
      const res = await book(p.db, {
        tenantId: tenant.id, land: tenant.land, service: s, location: l, start: new Date(v.start), name: v.name, email: v.email, client: c.req.ip, now: c.now, reserve: true,
        onReserved: async (tx, id, token, until) => {
          const link = `${p.config.baseUrl}/${tenant.slug}/termine/${id}?token=${token}`;
          await queueMail(tx, tenant.id, { to: v.email, subject: `Bitte bestätigen Sie Ihren Termin – ${tenant.name}`, text: `Guten Tag,\n\nbitte bestätigen Sie Ihren reservierten Termin über diesen Link. Ohne Bestätigung geben wir den Termin nach 30 Minuten wieder frei.\n\n${link}\n\nÜber denselben Link können Sie den Termin später absagen.\n\nIhre Verwaltung ${tenant.name}` }, c.now);
          await enqueueJob(tx, { tenantId: tenant.id, kind: EXPIRE_JOB, payload: { bookingId: id }, runAt: until, idempotencyKey: `expire:${id}` });
        },
      });
      if (!res.ok) {
        c.reply.code(res.status);
        return chooser(c, { service: v.service, location: v.location, errors: { start: res.problem }, name: v.name, email: v.email });
      }
      return page(c, { title: 'Termin reserviert' }, html`<div class="narrow"><h1 class="kern-heading-large">Termin reserviert</h1>
${alert('success', `Wir halten den Termin am ${formatDateTime(res.start, c.lang)} Uhr für Sie bereit. Bitte bestätigen Sie ihn innerhalb von 30 Minuten über den Link in der E-Mail an ${v.email}.`)}</div>`);
    },
  });

  const bookingPage = (c: Ctx, b: BookingRow, token: string, notice?: SafeHtml) =>
    page(c, { title: 'Ihr Termin' }, html`<div class="narrow"><h1 class="kern-heading-large">Ihr Termin</h1>${notice ?? ''}
<dl class="kern-description-list">
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">Anliegen</dt><dd class="kern-description-list-item__value">${b.serviceName}</dd></div>
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">Zeit</dt><dd class="kern-description-list-item__value">${when(c, b)} Uhr</dd></div>
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">Ort</dt><dd class="kern-description-list-item__value">${b.locationName}, ${b.locationAddress}</dd></div>
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">Stand</dt><dd class="kern-description-list-item__value">${b.status === 'reserved' ? 'reserviert, noch nicht bestätigt' : b.status === 'confirmed' ? 'bestätigt' : 'abgesagt'}</dd></div>
</dl>
${b.status === 'reserved' ? postForm(c, `${base(c)}/${b.id}/bestaetigen`, html`<input type="hidden" name="token" value="${token}">`, 'Termin bestätigen') : ''}
${b.status === 'confirmed' ? html`<p class="kern-body"><a class="kern-link" href="${base(c)}/${b.id}/termin.ics?token=${token}">In den Kalender übernehmen (.ics)</a></p>` : ''}
${b.status !== 'cancelled' ? postForm(c, `${base(c)}/${b.id}/absagen`, html`<input type="hidden" name="token" value="${token}">`, 'Termin absagen') : ''}</div>`);

  r.route({
    method: 'GET',
    url: '/:tenant/termine/:id',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => {
      const token = c.query.token ?? '';
      return bookingPage(c, await ownBooking(p, c, token), token);
    },
  });
  r.route({
    method: 'POST',
    url: '/:tenant/termine/:id/bestaetigen',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => {
      const token = str(c.body, 'token', 60);
      const b = await ownBooking(p, c, token);
      const ok = await p.db.transaction(async (tx) => {
        const done = await confirmReservation(tx, c.tenant!.id, b.id, c.now);
        if (done) await audit(tx, { tenantId: c.tenant!.id, actorId: null, actorKind: 'anonymous', action: 'appointment.confirmed', objectType: 'appointment', objectId: b.id }, c.now);
        return done;
      });
      const fresh = (await bookingById(p.db, c.tenant!.id, b.id))!;
      if (!ok && fresh.status !== 'confirmed') c.reply.code(409);
      return bookingPage(c, fresh, token, ok || fresh.status === 'confirmed' ? alert('success', 'Ihr Termin ist bestätigt. Wir freuen uns auf Ihren Besuch.') : alert('danger', 'Die Reservierung ist abgelaufen. Bitte buchen Sie einen neuen Termin.'));
    },
  });
  r.route({
    method: 'POST',
    url: '/:tenant/termine/:id/absagen',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => {
      const token = str(c.body, 'token', 60);
      const b = await ownBooking(p, c, token);
      await p.db.transaction(async (tx) => {
        if (await cancelBooking(tx, c.tenant!.id, b.id)) await audit(tx, { tenantId: c.tenant!.id, actorId: null, actorKind: 'anonymous', action: 'appointment.cancelled', objectType: 'appointment', objectId: b.id }, c.now);
      });
      return bookingPage(c, (await bookingById(p.db, c.tenant!.id, b.id))!, token, alert('success', 'Der Termin ist abgesagt und wieder frei für andere.'));
    },
  });
  r.route({
    method: 'GET',
    url: '/:tenant/termine/:id/termin.ics',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => {
      const b = await ownBooking(p, c, c.query.token ?? '');
      if (b.status !== 'confirmed') throw notFound();
      c.reply.header('Content-Disposition', 'attachment; filename="termin.ics"');
      return void c.reply.type('text/calendar; charset=utf-8').send(icsEvent({ uid: `${b.id}@amtsstube`, start: b.startAt, end: b.endAt, summary: `${b.serviceName} – ${c.tenant!.name}`, location: `${b.locationName}, ${b.locationAddress}`, description: 'Bitte bringen Sie Ihren Ausweis mit.', now: c.now }));
    },
  });
}
