import { fileURLToPath } from 'node:url';
import { formatDateTime, html, policies, type ModuleDefinition } from '../../kernel/index.ts';
import { appointmentsApi } from './api.ts';
import { adminPages } from './admin.ts';
import { EXPIRE_JOB, OFFER_JOB, REMIND_JOB, expireJob, remindJob } from './commands/lifecycle.ts';
import { offerJob } from './commands/waitlist.ts';
import { managePages } from './manage.ts';
import { appointmentPages } from './pages.ts';
import { bookingsOfUser, tidyUp } from './repository.ts';
import { staffPages, STAFF_ADMIN_LINK } from './staff.ts';
import { linkToken } from './tokens.ts';
import { base, statusText } from './view.ts';
import { waitlistPages } from './waitlist-pages.ts';
import { entriesOfUser } from './waitlist.repository.ts';

/**
 * Terminvergabe: booking for citizens (with or without an account) on a core that cannot double-book,
 * waitlist with timed offers, proof-of-work and rate limits against bots, the staff side (day plan,
 * check-in, calling display, statistics), per-tenant configuration, and the public JSON API.
 */
export const appointmentsModule: ModuleDefinition = {
  id: 'appointments',
  cafeteria: 'appointments',
  nav: [{ key: 'module.appointments', path: '/termine' }],
  adminLinks: [STAFF_ADMIN_LINK, { key: 'module.appointments', label: (lang) => (lang === 'en' ? 'Appointments: set-up' : 'Terminvergabe: Einrichtung'), path: '/verwaltung/termine/einrichtung', policy: policies.staff('admin') }],
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  assetsDir: fileURLToPath(new URL('./assets', import.meta.url)),
  jobs: (p) => ({ [EXPIRE_JOB]: expireJob(p), [REMIND_JOB]: remindJob(p), [OFFER_JOB]: offerJob(p) }),
  maintenance: (p, now) => tidyUp(p.db, now),
  async accountSections(c) {
    if (c.user?.kind !== 'citizen') return undefined;
    const [bookings, entries] = await Promise.all([bookingsOfUser(c.platform.db, c.tenant!.id, c.user.id), entriesOfUser(c.platform.db, c.tenant!.id, c.user.id)]);
    const upcoming = bookings.filter((b) => b.status !== 'cancelled' && b.startAt.getTime() > c.now.getTime()).reverse();
    const secret = c.platform.config.secretKey;
    return html`<h2 class="kern-heading-medium">Meine Termine</h2>
${upcoming.length === 0 ? html`<p class="kern-body">Sie haben keine anstehenden Termine.</p>` : html`<ul class="kern-list">${upcoming.map((b) => html`<li><a class="kern-link" href="${base(c)}/${b.id}?token=${linkToken(secret, 'booking', b.id)}">${formatDateTime(b.startAt, c.lang)} Uhr: ${b.serviceName}, ${b.locationName}</a> (${statusText(b.status, b.waitlistId !== null)})</li>`)}</ul>`}
${entries.length ? html`<p class="kern-body">Auf der Warteliste:</p><ul class="kern-list">${entries.map((e) => html`<li><a class="kern-link" href="${base(c)}/warteliste/${e.id}?token=${linkToken(secret, 'waitlist', e.id)}">${e.serviceName}, ${e.locationName}</a></li>`)}</ul>` : ''}
<p class="kern-body"><a class="kern-link" href="${base(c)}">Termin buchen</a></p>`;
  },
  async personalData(c) {
    const bookings = await bookingsOfUser(c.platform.db, c.tenant!.id, c.user!.id);
    const entries = await entriesOfUser(c.platform.db, c.tenant!.id, c.user!.id);
    if (!bookings.length && !entries.length) return undefined;
    return {
      title: 'Termine',
      records: [
        ...bookings.map((b) => ({ anliegen: b.serviceName, ort: b.locationName, beginn: b.startAt, personen: b.persons, name: b.name, email: b.email, stand: b.status })),
        ...entries.map((e) => ({ warteliste: e.serviceName, ort: e.locationName, von: e.earliest, bis: e.latest, name: e.name, email: e.email, stand: e.status })),
      ],
    };
  },
  routes(r, p) {
    appointmentPages(r, p);
    waitlistPages(r, p);
    managePages(r, p);
    adminPages(r, p);
    staffPages(r, p);
    appointmentsApi(r, p);
  },
};
