import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isUuid, audit, policies, safeTokenEqual, type Ctx, type ModuleDefinition, type Platform } from '../../kernel/index.ts';
import { bookingById, cancelBooking, locations, services } from './repository.ts';
import { freeSlots } from './slots.ts';
import { book, tokenHashOf } from './commands/book.ts';
import { appointmentPages, EXPIRE_JOB, expireJob } from './pages.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function problem(c: Ctx, status: number, detail: string) {
  c.reply.code(status).type('application/problem+json');
  return { error: { status, title: status === 409 ? 'Konflikt' : status === 429 ? 'Zu viele Anfragen' : status === 404 ? 'Nicht gefunden' : 'Ungültige Eingabe', detail, reference: c.ref } };
}

const bookingSchema = z.strictObject({
  service: z.uuid(),
  location: z.uuid(),
  start: z.iso.datetime({ offset: true }),
  name: z.string().trim().min(2).max(120).refine((s) => !/[<>]/.test(s)),
  email: z.email().max(254),
});

async function catalog(p: Platform, c: Ctx) {
  const [svc, loc] = await Promise.all([services(p.db, c.tenant!.id), locations(p.db, c.tenant!.id)]);
  return { svc, loc };
}

/** Terminvergabe: the public JSON API (slots, booking, cancellation) on a double-booking-proof core. */
export const appointmentsModule: ModuleDefinition = {
  id: 'appointments',
  cafeteria: 'appointments',
  nav: [{ key: 'module.appointments', path: '/termine' }],
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  assetsDir: fileURLToPath(new URL('./assets', import.meta.url)),
  jobs: (p) => ({ [EXPIRE_JOB]: expireJob(p) }),
  routes(r, p) {
    appointmentPages(r, p);
    r.route({
      method: 'GET',
      url: '/api/v1/:tenant/appointments/services',
      policy: policies.public,
      module: 'appointments',
      api: true,
      handler: async (c) => ({ data: (await services(p.db, c.tenant!.id)).map((s) => ({ id: s.id, name: s.name, durationMinutes: s.durationMinutes })) }),
    });
    r.route({
      method: 'GET',
      url: '/api/v1/:tenant/appointments/locations',
      policy: policies.public,
      module: 'appointments',
      api: true,
      handler: async (c) => ({ data: (await locations(p.db, c.tenant!.id)).map((l) => ({ id: l.id, name: l.name, address: l.address, accessibility: l.accessibility, services: l.services })) }),
    });
    r.route({
      method: 'GET',
      url: '/api/v1/:tenant/appointments/slots',
      policy: policies.public,
      module: 'appointments',
      api: true,
      handler: async (c) => {
        const { service, location, from, to } = c.query;
        if (!service || !location || !from || !to || !isUuid(service) || !isUuid(location) || !DATE.test(from) || !DATE.test(to) || to < from) {
          return problem(c, 422, 'Bitte geben Sie service, location, from und to (JJJJ-MM-TT) an.');
        }
        const { svc, loc } = await catalog(p, c);
        const s = svc.find((x) => x.id === service);
        const l = loc.find((x) => x.id === location);
        if (!s || !l || !l.services.includes(s.id)) return problem(c, 404, 'Diese Leistung wird an diesem Standort nicht angeboten.');
        return { data: await freeSlots(p.db, { tenantId: c.tenant!.id, land: c.tenant!.land, location: l, service: s, from, to, now: c.now }) };
      },
    });
    r.route({
      method: 'POST',
      url: '/api/v1/:tenant/appointments',
      policy: policies.public,
      module: 'appointments',
      api: true,
      csrfExempt: 'public anonymous booking API for other front ends; no cookie-authenticated state is used, rate limits apply',
      handler: async (c) => {
        const parsed = bookingSchema.safeParse(c.req.body);
        if (!parsed.success) return problem(c, 422, 'Bitte prüfen Sie service, location, start (ISO 8601 mit Zeitzone), name und email.');
        const { svc, loc } = await catalog(p, c);
        const s = svc.find((x) => x.id === parsed.data.service);
        const l = loc.find((x) => x.id === parsed.data.location);
        if (!s || !l || !l.services.includes(s.id)) return problem(c, 422, 'Diese Leistung wird an diesem Standort nicht angeboten.');
        const res = await book(p.db, { tenantId: c.tenant!.id, land: c.tenant!.land, service: s, location: l, start: new Date(parsed.data.start), name: parsed.data.name, email: parsed.data.email.toLowerCase(), client: c.req.ip, now: c.now });
        if (!res.ok) return problem(c, res.status, res.problem);
        c.reply.code(201);
        return { id: res.id, service: s.id, location: l.id, start: parsed.data.start, end: res.end.toISOString(), cancelToken: res.cancelToken };
      },
    });
    r.route({
      method: 'DELETE',
      url: '/api/v1/:tenant/appointments/:id',
      policy: policies.public,
      module: 'appointments',
      api: true,
      csrfExempt: 'cancellation is authorised by the secret cancel token, not by a cookie',
      handler: async (c) => {
        const id = c.params.id ?? '';
        const token = c.query.token ?? '';
        const b = isUuid(id) ? await bookingById(p.db, c.tenant!.id, id) : undefined;
        if (!b || !/^[A-Za-z0-9_-]{43}$/.test(token) || !safeTokenEqual(tokenHashOf(token), b.tokenHash)) return problem(c, 404, 'Termin nicht gefunden oder Link ungültig.');
        if (b.status !== 'confirmed') return problem(c, 409, 'Dieser Termin ist bereits abgesagt.');
        await p.db.transaction(async (tx) => {
          await cancelBooking(tx, c.tenant!.id, id);
          await audit(tx, { tenantId: c.tenant!.id, actorId: null, actorKind: 'anonymous', action: 'appointment.cancelled', objectType: 'appointment', objectId: id }, c.now);
        });
        return void c.reply.code(204).send();
      },
    });
  },
};
