import { alert, enqueueJob, errorSummary, field, formatDateTime, html, notFound, page, policies, postForm, select, str, type Ctx, type FieldErrors, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { issueChallenge } from './challenge.ts';
import { book } from './commands/book.ts';
import { EXPIRE_JOB, scheduleReminder } from './commands/lifecycle.ts';
import { joinWaitlist } from './commands/waitlist.ts';
import { bookingLink, mailConfirmation, mailReservation } from './notices.ts';
import { locations, services, settingsOf } from './repository.ts';
import { freeSlots } from './slots.ts';
import { addDays, berlinDate } from './time.ts';
import { base, challengeFields, slotPicker } from './view.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const SHOWN_DAYS = 14;

interface ChooserState {
  service?: string;
  location?: string;
  persons?: number;
  errors?: FieldErrors;
  name?: string;
  email?: string;
  waitErrors?: FieldErrors;
  wait?: { name: string; email: string; from: string; to: string };
  notice?: SafeHtml;
}

/** Booking for citizens with or without an account: choose, see free slots, reserve (or book when signed in), or join the waitlist. */
export function appointmentPages(r: Router, p: Platform): void {
  const chooser = async (c: Ctx, o: ChooserState = {}) => {
    const tenant = c.tenant!;
    const [svc, loc, settings] = await Promise.all([services(p.db, tenant.id), locations(p.db, tenant.id), settingsOf(p.db, tenant.id)]);
    const s = svc.find((x) => x.id === o.service);
    const l = loc.find((x) => x.id === o.location);
    const persons = Math.min(Math.max(o.persons ?? 1, 1), settings.maxPersons);
    const citizen = c.user?.kind === 'citizen' ? c.user : undefined;
    let slotList: SafeHtml = html``;
    let waitForm: SafeHtml = html``;
    if (s && !l) {
      // Across locations: the earliest free slot of each office offering the service, to choose from.
      const today = berlinDate(c.now);
      const offering = loc.filter((x) => x.services.includes(s.id));
      const firsts = await Promise.all(offering.map(async (x) => ({ x, first: (await freeSlots(p.db, { tenantId: tenant.id, land: tenant.land, location: x, service: s, persons, from: today, to: addDays(today, SHOWN_DAYS), now: c.now }))[0] })));
      slotList = html`<h2 class="kern-heading-medium">Nächste freie Termine je Standort</h2>
<ul class="kern-list">${firsts.map(({ x, first }) => html`<li><a class="kern-link" href="${base(c)}?service=${s.id}&location=${x.id}&persons=${persons}">${x.name}</a>: ${first ? `${formatDateTime(new Date(first.start), c.lang)} Uhr` : `in den nächsten ${SHOWN_DAYS} Tagen nichts frei`}</li>`)}</ul>`;
    } else if (s && l && !l.services.includes(s.id)) {
      slotList = alert('info', `${s.name} wird am Standort ${l.name} nicht angeboten. Bitte wählen Sie einen anderen Standort.`);
    } else if (s && l) {
      const today = berlinDate(c.now);
      const slots = await freeSlots(p.db, { tenantId: tenant.id, land: tenant.land, location: l, service: s, persons, from: today, to: addDays(today, SHOWN_DAYS), now: c.now });
      const e = o.errors ?? {};
      const challenge = settings.powDifficulty > 0 && !citizen ? issueChallenge(p.config.secretKey, tenant.id, settings.powDifficulty, c.now) : undefined;
      slotList = slots.length === 0
        ? alert('info', `In den nächsten ${SHOWN_DAYS} Tagen ist an diesem Standort kein Termin frei.${settings.waitlistEnabled ? ' Tragen Sie sich gern in die Warteliste ein.' : ''}`)
        : postForm(
            c,
            `${base(c)}/reservieren`,
            html`<input type="hidden" name="service" value="${s.id}"><input type="hidden" name="location" value="${l.id}"><input type="hidden" name="persons" value="${persons}">
${slotPicker(c, slots, `Freie Termine (${s.durationMinutes * persons} Minuten${persons > 1 ? ` für ${persons} Personen` : ''})`, e.start)}
${field({ name: 'name', label: 'Vor- und Nachname', value: o.name ?? citizen?.displayName ?? '', error: e.name, autocomplete: 'name', required: true, maxlength: 120 })}
${citizen
  ? html`<input type="hidden" name="email" value="${citizen.email}"><p class="kern-body">Sie sind angemeldet. Der Termin wird sofort gebucht und erscheint in Ihrem Bürgerkonto; die Bestätigung geht an ${citizen.email}.</p>`
  : field({ name: 'email', label: 'E-Mail-Adresse', type: 'email', value: o.email ?? '', hint: 'Wir senden Ihnen einen Link, mit dem Sie den Termin bestätigen, verschieben oder absagen.', error: e.email, autocomplete: 'email', required: true, maxlength: 254 })}
${challengeFields(challenge, settings.minFormSeconds)}`,
            citizen ? 'Termin buchen' : 'Termin reservieren',
          );
      if (settings.waitlistEnabled) {
        const w = o.wait ?? { name: citizen?.displayName ?? '', email: citizen?.email ?? '', from: today, to: addDays(today, settings.horizonDays) };
        const we = o.waitErrors ?? {};
        waitForm = html`<details class="waitlist"${o.waitErrors ? ' open' : ''}><summary>Kein passender Termin? Auf die Warteliste</summary>
<p class="kern-body">Wird in Ihrem Zeitraum ein Termin frei, bieten wir ihn der Reihe nach an: Sie erhalten eine E-Mail und können ihn ${settings.offerMinutes} Minuten lang bestätigen.</p>
${postForm(
  c,
  `${base(c)}/warteliste`,
  html`<input type="hidden" name="service" value="${s.id}"><input type="hidden" name="location" value="${l.id}"><input type="hidden" name="persons" value="${persons}">
${field({ name: 'w_name', label: 'Vor- und Nachname (Warteliste)', value: w.name, error: we.w_name, autocomplete: 'name', required: true, maxlength: 120 })}
${citizen ? html`<input type="hidden" name="w_email" value="${citizen.email}">` : field({ name: 'w_email', label: 'E-Mail-Adresse (Warteliste)', type: 'email', value: w.email, error: we.w_email, autocomplete: 'email', required: true, maxlength: 254 })}
${field({ name: 'w_from', label: 'Frühestens am', type: 'date', value: w.from, error: we.w_from, required: true })}
${field({ name: 'w_to', label: 'Spätestens am', type: 'date', value: w.to, error: we.w_to, required: true })}`,
  'Auf die Warteliste setzen',
)}</details>`;
      }
    }
    return page(
      c,
      { title: 'Termin buchen', scripts: ['/assets/appointments/pow.js'] },
      html`<div class="narrow"><h1 class="kern-heading-large">Termin buchen</h1>${errorSummary(c, { ...(o.errors ?? {}), ...(o.waitErrors ?? {}) })}${o.notice ?? ''}
<form method="get" action="${base(c)}" class="stack">
${select({ name: 'service', label: 'Anliegen', value: o.service ?? '', options: [{ value: '', label: '–' }, ...svc.map((x) => ({ value: x.id, label: `${x.name} (${x.durationMinutes} Min.)` }))] })}
${select({ name: 'location', label: 'Standort', value: o.location ?? '', options: [{ value: '', label: 'alle Standorte' }, ...loc.map((x) => ({ value: x.id, label: `${x.name}, ${x.address}` }))] })}
${settings.maxPersons > 1 ? select({ name: 'persons', label: 'Für wie viele Personen?', value: String(persons), hint: 'Jede Person braucht ein eigenes Anliegen (z. B. je einen Ausweis); der Termin wird entsprechend länger.', options: Array.from({ length: settings.maxPersons }, (_, i) => ({ value: String(i + 1), label: String(i + 1) })) }) : ''}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Freie Termine anzeigen</span></button></div></form>
${l ? html`<p class="kern-body kern-body--small">Barrierefreiheit am Standort ${l.name}: ${l.accessibility || 'keine Angaben'}</p>` : ''}
${slotList}${waitForm}</div>`,
    );
  };

  const chosen = (c: Ctx) => ({ service: str(c.body, 'service', 40), location: str(c.body, 'location', 40), persons: Number.parseInt(str(c.body, 'persons', 3), 10) || 1 });

  r.route({
    method: 'GET',
    url: '/:tenant/termine',
    policy: policies.public,
    module: 'appointments',
    handler: (c) => chooser(c, { ...(c.query.service ? { service: c.query.service } : {}), ...(c.query.location ? { location: c.query.location } : {}), persons: Number.parseInt(c.query.persons ?? '1', 10) || 1 }),
  });

  r.route({
    method: 'POST',
    url: '/:tenant/termine/reservieren',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => {
      const tenant = c.tenant!;
      const citizen = c.user?.kind === 'citizen' ? c.user : undefined;
      const ch = chosen(c);
      const v = { start: str(c.body, 'start', 40), name: str(c.body, 'name', 121).trim(), email: citizen ? citizen.email : str(c.body, 'email', 255).trim().toLowerCase() };
      const errors: FieldErrors = {};
      if (!v.start || Number.isNaN(Date.parse(v.start))) errors.start = 'Bitte wählen Sie einen Termin aus.';
      if (v.name.length < 2 || v.name.length > 120 || /[<>]/.test(v.name)) errors.name = 'Bitte geben Sie Ihren Namen ein (2 bis 120 Zeichen).';
      if (!EMAIL.test(v.email) || v.email.length > 254) errors.email = 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.';
      const [svc, loc, settings] = await Promise.all([services(p.db, tenant.id), locations(p.db, tenant.id), settingsOf(p.db, tenant.id)]);
      const s = svc.find((x) => x.id === ch.service);
      const l = loc.find((x) => x.id === ch.location);
      if (!s || !l || !l.services.includes(s.id)) throw notFound();
      const again = (status: number, errs: FieldErrors) => {
        c.reply.code(status);
        return chooser(c, { ...ch, errors: errs, name: v.name, email: v.email });
      };
      if (Object.keys(errors).length) return again(422, errors);
      const challenge = settings.powDifficulty > 0 && !citizen ? { challenge: str(c.body, 'pow_challenge', 200), solution: str(c.body, 'pow_solution', 20), allowWaiting: true } : undefined;
      const res = await book(p.db, {
        tenantId: tenant.id, land: tenant.land, secret: p.config.secretKey, service: s, location: l, persons: ch.persons, start: new Date(v.start), name: v.name, email: v.email,
        userId: citizen?.id ?? null, client: c.req.ip, now: c.now, personLimit: true, ...(challenge ? { challenge } : {}),
        ...(citizen ? {} : { reserveMinutes: settings.confirmMinutes }),
        actor: citizen ? { id: citizen.id, kind: 'citizen' } : { id: null, kind: 'anonymous' },
        inTx: async (tx, b) => {
          const link = bookingLink(p.config.baseUrl, tenant, b.id, b.token);
          if (b.reservedUntil) {
            await mailReservation(tx, tenant, v.email, link, settings.confirmMinutes, c.now);
            await enqueueJob(tx, { tenantId: tenant.id, kind: EXPIRE_JOB, payload: { bookingId: b.id }, runAt: b.reservedUntil, idempotencyKey: `expire:${b.id}` });
          } else {
            await mailConfirmation(tx, tenant, v.email, { id: b.id, start: b.start, serviceName: s.name, locationName: l.name, locationAddress: l.address }, link, c.now);
            await scheduleReminder(tx, tenant.id, b.id, b.start, b.reminderDueAt);
          }
        },
      });
      if (!res.ok) return again(res.status, { start: res.problem });
      if (!res.reservedUntil) return c.redirect(`${base(c)}/${res.id}?token=${res.token}`, 'appointment.booked');
      return page(c, { title: 'Termin reserviert' }, html`<div class="narrow"><h1 class="kern-heading-large">Termin reserviert</h1>
${alert('success', `Wir halten den Termin am ${formatDateTime(res.start, c.lang)} Uhr für Sie bereit. Bitte bestätigen Sie ihn innerhalb von ${settings.confirmMinutes} Minuten über den Link in der E-Mail an ${v.email}.`)}
<p class="kern-body">Keine E-Mail bekommen? Sehen Sie bitte auch im Spam-Ordner nach. Ohne Bestätigung wird der Termin wieder frei.</p></div>`);
    },
  });

  r.route({
    method: 'POST',
    url: '/:tenant/termine/warteliste',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => {
      const tenant = c.tenant!;
      const citizen = c.user?.kind === 'citizen' ? c.user : undefined;
      const ch = chosen(c);
      const w = { name: str(c.body, 'w_name', 121).trim(), email: citizen ? citizen.email : str(c.body, 'w_email', 255).trim().toLowerCase(), from: str(c.body, 'w_from', 10), to: str(c.body, 'w_to', 10) };
      const [svc, loc, settings] = await Promise.all([services(p.db, tenant.id), locations(p.db, tenant.id), settingsOf(p.db, tenant.id)]);
      const s = svc.find((x) => x.id === ch.service);
      const l = loc.find((x) => x.id === ch.location);
      if (!s || !l || !l.services.includes(s.id) || !settings.waitlistEnabled) throw notFound();
      const today = berlinDate(c.now);
      const errors: FieldErrors = {};
      if (w.name.length < 2 || w.name.length > 120 || /[<>]/.test(w.name)) errors.w_name = 'Bitte geben Sie Ihren Namen ein (2 bis 120 Zeichen).';
      if (!EMAIL.test(w.email) || w.email.length > 254) errors.w_email = 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.';
      if (!DATE.test(w.from) || Number.isNaN(Date.parse(w.from)) || w.from < today) errors.w_from = 'Bitte geben Sie ein Datum ab heute an.';
      else if (!DATE.test(w.to) || Number.isNaN(Date.parse(w.to)) || w.to < w.from || w.to > addDays(today, settings.horizonDays)) errors.w_to = `Bitte geben Sie ein Datum zwischen dem frühesten Tag und ${settings.horizonDays} Tagen ab heute an.`;
      if (ch.persons < 1 || ch.persons > settings.maxPersons) throw notFound();
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return chooser(c, { ...ch, waitErrors: errors, wait: w });
      }
      const res = await joinWaitlist(p.db, {
        tenant, secret: p.config.secretKey, baseUrl: p.config.baseUrl, locationId: l.id, serviceId: s.id, serviceName: s.name, persons: ch.persons, name: w.name, email: w.email,
        userId: citizen?.id ?? null, earliest: w.from, latest: w.to, now: c.now, actor: citizen ? { id: citizen.id, kind: 'citizen' } : { id: null, kind: 'anonymous' },
      });
      if (res === 'duplicate') {
        c.reply.code(409);
        return chooser(c, { ...ch, waitErrors: { w_email: 'Mit dieser E-Mail-Adresse stehen Sie für dieses Anliegen an diesem Standort bereits auf der Warteliste.' }, wait: w });
      }
      return page(c, { title: 'Warteliste' }, html`<div class="narrow"><h1 class="kern-heading-large">Warteliste</h1>
${res === 'waiting'
  ? alert('success', 'Sie stehen auf der Warteliste. Wird ein Termin frei, erhalten Sie eine E-Mail; Ihre Einträge sehen Sie im Bürgerkonto.')
  : alert('success', `Bitte bestätigen Sie Ihren Platz auf der Warteliste über den Link in der E-Mail an ${w.email}. Erst danach bieten wir Ihnen Termine an.`)}</div>`);
    },
  });
}
