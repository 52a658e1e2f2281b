import { z } from 'zod';
import { isUuid, policies, type Ctx, type Platform, type Router } from '../../kernel/index.ts';
import { issueChallenge } from './challenge.ts';
import { book } from './commands/book.ts';
import { cancelAppointment, scheduleReminder } from './commands/lifecycle.ts';
import { bookingLink, mailConfirmation } from './notices.ts';
import { bookingById, locations, services, settingsOf } from './repository.ts';
import { freeSlots } from './slots.ts';
import { tokenMatches } from './tokens.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_RANGE_DAYS = 92;

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
  persons: z.int().min(1).max(10).optional(),
  challenge: z.string().max(200).optional(),
  solution: z.string().max(20).optional(),
});

/** The public JSON API for other front ends (documented in the OpenAPI document). */
export function appointmentsApi(r: Router, p: Platform): void {
  const catalog = async (c: Ctx) => {
    const [svc, loc] = await Promise.all([services(p.db, c.tenant!.id), locations(p.db, c.tenant!.id)]);
    return { svc, loc };
  };
  const get = (url: string, handler: (c: Ctx) => Promise<unknown>) => r.route({ method: 'GET', url: `/api/v1/:tenant/appointments${url}`, policy: policies.public, module: 'appointments', api: true, handler });

  get('/services', async (c) => ({ data: (await services(p.db, c.tenant!.id)).map((s) => ({ id: s.id, name: s.name, durationMinutes: s.durationMinutes })) }));
  get('/locations', async (c) => ({ data: (await locations(p.db, c.tenant!.id)).map((l) => ({ id: l.id, name: l.name, address: l.address, accessibility: l.accessibility, counters: l.counters, services: l.services })) }));
  get('/slots', async (c) => {
    const { service, location, from, to } = c.query;
    const persons = c.query.persons === undefined ? 1 : Number(c.query.persons);
    if (!service || !location || !from || !to || !isUuid(service) || !isUuid(location) || !DATE.test(from) || !DATE.test(to) || to < from || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
      return problem(c, 422, 'Bitte geben Sie service, location, from und to (JJJJ-MM-TT) an.');
    }
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_RANGE_DAYS) return problem(c, 422, `Der Zeitraum darf höchstens ${MAX_RANGE_DAYS} Tage umfassen.`);
    const [settings, { svc, loc }] = await Promise.all([settingsOf(p.db, c.tenant!.id), catalog(c)]);
    if (!Number.isInteger(persons) || persons < 1 || persons > settings.maxPersons) return problem(c, 422, `persons muss zwischen 1 und ${settings.maxPersons} liegen.`);
    const s = svc.find((x) => x.id === service);
    const l = loc.find((x) => x.id === location);
    if (!s || !l || !l.services.includes(s.id)) return problem(c, 404, 'Diese Leistung wird an diesem Standort nicht angeboten.');
    const slots = await freeSlots(p.db, { tenantId: c.tenant!.id, land: c.tenant!.land, location: l, service: s, persons, from, to, now: c.now, settings });
    return { data: slots.map((x) => ({ start: x.start, end: new Date(Date.parse(x.start) + s.durationMinutes * persons * 60_000).toISOString(), location: x.location, service: s.id, free: x.free })) };
  });
  get('/challenge', async (c) => {
    const settings = await settingsOf(p.db, c.tenant!.id);
    const ch = issueChallenge(p.config.secretKey, c.tenant!.id, settings.powDifficulty, c.now);
    return { algorithm: 'SHA-256', challenge: ch.challenge, difficulty: ch.difficulty, expires: ch.expires.toISOString(), required: settings.apiRequiresChallenge && settings.powDifficulty > 0 };
  });

  r.route({
    method: 'POST',
    url: '/api/v1/:tenant/appointments',
    policy: policies.public,
    module: 'appointments',
    api: true,
    csrfExempt: 'public anonymous booking API for other front ends; no cookie-authenticated state is used, rate limits apply',
    handler: async (c) => {
      const tenant = c.tenant!;
      const parsed = bookingSchema.safeParse(c.req.body);
      if (!parsed.success) return problem(c, 422, 'Bitte prüfen Sie service, location, start (ISO 8601 mit Zeitzone), name und email.');
      const d = parsed.data;
      const { svc, loc } = await catalog(c);
      const s = svc.find((x) => x.id === d.service);
      const l = loc.find((x) => x.id === d.location);
      if (!s || !l || !l.services.includes(s.id)) return problem(c, 422, 'Diese Leistung wird an diesem Standort nicht angeboten.');
      const settings = await settingsOf(p.db, tenant.id);
      const needsChallenge = settings.apiRequiresChallenge && settings.powDifficulty > 0;
      if (needsChallenge && (!d.challenge || !d.solution)) return problem(c, 422, 'Bitte lösen Sie die Rechenaufgabe von GET …/appointments/challenge und senden Sie challenge und solution mit.');
      const email = d.email.toLowerCase();
      const res = await book(p.db, {
        tenantId: tenant.id, land: tenant.land, secret: p.config.secretKey, service: s, location: l, persons: d.persons ?? 1, start: new Date(d.start), name: d.name, email,
        client: c.req.ip, now: c.now, personLimit: true, ...(needsChallenge ? { challenge: { challenge: d.challenge!, solution: d.solution!, allowWaiting: false } } : {}),
        inTx: async (tx, b) => {
          await mailConfirmation(tx, tenant, email, { id: b.id, start: b.start, serviceName: s.name, locationName: l.name, locationAddress: l.address }, bookingLink(p.config.baseUrl, tenant, b.id, b.token), c.now);
          await scheduleReminder(tx, tenant.id, b.id, b.start, b.reminderDueAt);
        },
      });
      if (!res.ok) return problem(c, res.status, res.problem);
      c.reply.code(201);
      return { id: res.id, service: s.id, location: l.id, start: d.start, end: res.end.toISOString(), persons: d.persons ?? 1, status: 'confirmed', cancelToken: res.token, manageUrl: bookingLink(p.config.baseUrl, tenant, res.id, res.token) };
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
      const b = isUuid(id) ? await bookingById(p.db, c.tenant!.id, id) : undefined;
      if (!b || !tokenMatches(c.query.token ?? '', b.tokenHash)) return problem(c, 404, 'Termin nicht gefunden oder Link ungültig.');
      if (b.status === 'cancelled') return problem(c, 409, 'Dieser Termin ist bereits abgesagt.');
      if (b.startAt.getTime() <= c.now.getTime()) return problem(c, 409, 'Ein Termin in der Vergangenheit kann nicht mehr abgesagt werden.');
      await cancelAppointment(p.db, { tenantId: c.tenant!.id, booking: b, now: c.now, actor: { id: null, kind: 'anonymous' } });
      return void c.reply.code(204).send();
    },
  });
}
