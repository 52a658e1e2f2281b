import { alert, descriptionList, formatDateTime, html, isUuid, notFound, page, policies, postForm, select, str, type Ctx, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { confirmAppointment, cancelAppointment } from './commands/lifecycle.ts';
import { rebook } from './commands/rebook.ts';
import { icsEvent } from './ics.ts';
import { bookingLink, mailConfirmation } from './notices.ts';
import { bookingById, locations, services, type BookingRow } from './repository.ts';
import { freeSlots } from './slots.ts';
import { addDays, berlinDate } from './time.ts';
import { tokenMatches } from './tokens.ts';
import { base, slotPicker, statusText } from './view.ts';

/** The private link of a booking: show, confirm, add to calendar, move, cancel. The token in the link is the only key. */
export function managePages(r: Router, p: Platform): void {
  const own = async (c: Ctx, token: string): Promise<BookingRow> => {
    const id = c.params.id ?? '';
    const b = isUuid(id) ? await bookingById(p.db, c.tenant!.id, id) : undefined;
    if (!b || !tokenMatches(token, b.tokenHash)) throw notFound();
    return b;
  };
  const actorOf = (c: Ctx) => (c.user?.kind === 'citizen' ? { id: c.user.id, kind: 'citizen' as const } : { id: null, kind: 'anonymous' as const });
  const hidden = (token: string) => html`<input type="hidden" name="token" value="${token}">`;
  const movable = (c: Ctx, b: BookingRow) => b.status === 'confirmed' && b.startAt.getTime() > c.now.getTime();

  const bookingPage = (c: Ctx, b: BookingRow, token: string, notice?: SafeHtml) =>
    page(c, { title: 'Ihr Termin' }, html`<div class="narrow"><h1 class="kern-heading-large">Ihr Termin</h1>${notice ?? ''}
${descriptionList([
  ['Anliegen', `${b.serviceName}${b.persons > 1 ? ` (${b.persons} Personen)` : ''}`],
  ['Zeit', `${formatDateTime(b.startAt, c.lang)} Uhr`],
  ['Ort', `${b.locationName}, ${b.locationAddress}`],
  ['Stand', statusText(b.status, b.waitlistId !== null)],
  ...(b.status === 'reserved' && b.expiresAt ? [['Bitte bestätigen bis', `${formatDateTime(b.expiresAt, c.lang)} Uhr`] as const] : []),
])}
${b.status === 'reserved' ? postForm(c, `${base(c)}/${b.id}/bestaetigen`, hidden(token), 'Termin bestätigen') : ''}
${b.status === 'confirmed' ? html`<p class="kern-body"><a class="kern-link" href="${base(c)}/${b.id}/termin.ics?token=${token}">In den Kalender übernehmen (.ics)</a></p>` : ''}
${movable(c, b) ? html`<p class="kern-body"><a class="kern-link" href="${base(c)}/${b.id}/verschieben?token=${token}">Termin verschieben</a></p>` : ''}
${b.status !== 'cancelled' && b.startAt.getTime() > c.now.getTime() ? postForm(c, `${base(c)}/${b.id}/absagen`, hidden(token), b.status === 'reserved' && b.waitlistId ? 'Angebot ablehnen' : 'Termin absagen') : ''}</div>`);

  r.route({ method: 'GET', url: '/:tenant/termine/:id', policy: policies.public, module: 'appointments', handler: async (c) => bookingPage(c, await own(c, c.query.token ?? ''), c.query.token ?? '') });

  r.route({
    method: 'POST',
    url: '/:tenant/termine/:id/bestaetigen',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => {
      const token = str(c.body, 'token', 60);
      const b = await own(c, token);
      const ok = await confirmAppointment(p.db, { tenant: c.tenant!, secret: p.config.secretKey, baseUrl: p.config.baseUrl, booking: b, now: c.now, actor: actorOf(c) });
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
      const b = await own(c, token);
      if (b.startAt.getTime() <= c.now.getTime() && b.status !== 'cancelled') {
        c.reply.code(409);
        return bookingPage(c, b, token, alert('danger', 'Ein Termin in der Vergangenheit kann nicht mehr abgesagt werden.'));
      }
      await cancelAppointment(p.db, { tenantId: c.tenant!.id, booking: b, now: c.now, actor: actorOf(c) });
      return bookingPage(c, (await bookingById(p.db, c.tenant!.id, b.id))!, token, alert('success', 'Der Termin ist abgesagt und wieder frei für andere.'));
    },
  });

  r.route({
    method: 'GET',
    url: '/:tenant/termine/:id/termin.ics',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => {
      const b = await own(c, c.query.token ?? '');
      if (b.status !== 'confirmed') throw notFound();
      c.reply.header('Content-Disposition', 'attachment; filename="termin.ics"');
      return void c.reply.type('text/calendar; charset=utf-8').send(icsEvent({ uid: `${b.id}@amtsstube`, start: b.startAt, end: b.endAt, summary: `${b.serviceName} – ${c.tenant!.name}`, location: `${b.locationName}, ${b.locationAddress}`, description: 'Bitte bringen Sie Ihren Ausweis mit.', now: c.now }));
    },
  });

  const movePage = async (c: Ctx, b: BookingRow, token: string, locationId: string, error?: string) => {
    const tenant = c.tenant!;
    const [svc, loc] = await Promise.all([services(p.db, tenant.id), locations(p.db, tenant.id)]);
    const s = svc.find((x) => x.id === b.serviceId);
    const offering = loc.filter((l) => s && l.services.includes(s.id));
    const l = offering.find((x) => x.id === locationId) ?? offering.find((x) => x.id === b.locationId) ?? offering[0];
    let body: SafeHtml = alert('info', 'Dieses Anliegen wird zurzeit nicht angeboten. Bitte wenden Sie sich an die Verwaltung.');
    if (s && l) {
      const today = berlinDate(c.now);
      const slots = await freeSlots(p.db, { tenantId: tenant.id, land: tenant.land, location: l, service: s, persons: b.persons, from: today, to: addDays(today, 14), now: c.now, excludeBooking: b.id });
      body = html`<form method="get" action="${base(c)}/${b.id}/verschieben" class="stack"><input type="hidden" name="token" value="${token}">
${select({ name: 'location', label: 'Standort', value: l.id, options: offering.map((x) => ({ value: x.id, label: `${x.name}, ${x.address}` })) })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Freie Termine anzeigen</span></button></div></form>
${slots.length === 0 ? alert('info', 'In den nächsten 14 Tagen ist hier kein anderer Termin frei.') : postForm(c, `${base(c)}/${b.id}/verschieben`, html`${hidden(token)}<input type="hidden" name="location" value="${l.id}">${slotPicker(c, slots, 'Neuer Termin', error)}`, 'Auf diesen Termin verschieben')}`;
    }
    return page(c, { title: 'Termin verschieben' }, html`<div class="narrow"><h1 class="kern-heading-large">Termin verschieben</h1>
${error ? alert('danger', error) : ''}
<p class="kern-body">Bisher: ${b.serviceName}, ${formatDateTime(b.startAt, c.lang)} Uhr, ${b.locationName}. Ihr bisheriger Termin bleibt bestehen, bis der neue gebucht ist.</p>
${body}
<p class="kern-body"><a class="kern-link" href="${base(c)}/${b.id}?token=${token}">Zurück zu Ihrem Termin</a></p></div>`);
  };

  r.route({
    method: 'GET',
    url: '/:tenant/termine/:id/verschieben',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => {
      const token = c.query.token ?? '';
      const b = await own(c, token);
      if (!movable(c, b)) return bookingPage(c, b, token, alert('warning', 'Dieser Termin kann nicht mehr verschoben werden.'));
      return movePage(c, b, token, c.query.location ?? '');
    },
  });

  r.route({
    method: 'POST',
    url: '/:tenant/termine/:id/verschieben',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => {
      const tenant = c.tenant!;
      const token = str(c.body, 'token', 60);
      const b = await own(c, token);
      const locationId = str(c.body, 'location', 40);
      const start = str(c.body, 'start', 40);
      if (!movable(c, b)) {
        c.reply.code(409);
        return bookingPage(c, b, token, alert('warning', 'Dieser Termin kann nicht mehr verschoben werden.'));
      }
      if (!start || Number.isNaN(Date.parse(start))) {
        c.reply.code(422);
        return movePage(c, b, token, locationId, 'Bitte wählen Sie einen neuen Termin aus.');
      }
      const [svc, loc] = await Promise.all([services(p.db, tenant.id), locations(p.db, tenant.id)]);
      const s = svc.find((x) => x.id === b.serviceId);
      const l = loc.find((x) => x.id === locationId);
      if (!s || !l || !l.services.includes(s.id)) throw notFound();
      const res = await rebook(p.db, {
        tenantId: tenant.id, land: tenant.land, booking: b, service: s, location: l, start: new Date(start), now: c.now, actor: actorOf(c),
        inTx: (tx, m) => mailConfirmation(tx, tenant, b.email, { id: b.id, start: m.start, serviceName: s.name, locationName: l.name, locationAddress: l.address }, bookingLink(p.config.baseUrl, tenant, b.id, token), c.now),
      });
      if (!res.ok) {
        c.reply.code(res.status);
        return movePage(c, b, token, locationId, res.problem);
      }
      return c.redirect(`${base(c)}/${b.id}?token=${token}`, 'appointment.rebooked');
    },
  });
}
