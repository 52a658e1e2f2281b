import { audit, isUuid, notFound, policies, type Ctx, type Db, type FieldErrors, type Platform, type Router } from '../../kernel/index.ts';
import { settingsOf, type Hours } from './repository.ts';
import {
  adminLocationById,
  adminLocations,
  adminServiceById,
  adminServices,
  closureExists,
  closuresFrom,
  deleteClosure,
  insertClosure,
  insertLocation,
  insertService,
  replaceLocationServices,
  replaceOpeningHours,
  updateLocation,
  updateService,
  upsertSettings,
  type AdminLocation,
  type AdminService,
  type LocationData,
  type ServiceData,
} from './admin.repository.ts';
import { hoursForm, parseClosureForm, parseDay, parseLocationForm, parseServiceForm, parseSettingsForm, settingsForm, type ClosureForm, type LocationForm } from './admin.schema.ts';
import { closuresPage, locationPage, overviewPage, servicePage, settingsPage, setupBase } from './admin.views.ts';
import { berlinDate, holidays } from './time.ts';

const admin = policies.staff('admin');
const BASE = '/:tenant/verwaltung/termine/einrichtung';

interface Actor {
  tenantId: string;
  actorId: string;
  now: Date;
}

const actorOf = (c: Ctx): Actor => ({ tenantId: c.tenant!.id, actorId: c.user!.id, now: c.now });

/** Creates or saves a location with its services and weekly hours in one transaction; undefined when `id` is not the tenant's. */
async function saveLocation(db: Db, a: Actor, o: { id?: string; data: LocationData; services: string[]; hours: Hours[] }): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    const id = o.id ?? (await insertLocation(tx, a.tenantId, o.data));
    if (o.id && !(await updateLocation(tx, a.tenantId, o.id, o.data))) return undefined;
    await replaceLocationServices(tx, a.tenantId, id, o.services);
    await replaceOpeningHours(tx, a.tenantId, id, o.hours);
    await audit(tx, { tenantId: a.tenantId, actorId: a.actorId, actorKind: 'staff', action: o.id ? 'appointment.location_saved' : 'appointment.location_created', objectType: 'appointment_location', objectId: id,
      details: { active: o.data.active, counters: o.data.counters, services: o.services.length, ranges: o.hours.length } }, a.now);
    return id;
  });
}

/** Creates or saves a service; undefined when `id` is not the tenant's. */
async function saveService(db: Db, a: Actor, o: { id?: string; data: ServiceData }): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    const id = o.id ?? (await insertService(tx, a.tenantId, o.data));
    if (o.id && !(await updateService(tx, a.tenantId, o.id, o.data))) return undefined;
    await audit(tx, { tenantId: a.tenantId, actorId: a.actorId, actorKind: 'staff', action: o.id ? 'appointment.service_saved' : 'appointment.service_created', objectType: 'appointment_service', objectId: id,
      details: { active: o.data.active, durationMinutes: o.data.durationMinutes } }, a.now);
    return id;
  });
}

const newLocationForm = (): LocationForm => ({ name: '', address: '', accessibility: '', counters: '1', active: true, services: [], hours: hoursForm([]) });
const locationForm = (l: AdminLocation): LocationForm => ({ name: l.name, address: l.address, accessibility: l.accessibility, counters: String(l.counters), active: l.active, services: l.services, hours: hoursForm(l.hours) });

/** Set-up of the Terminvergabe for the municipality's administration: locations, services, hours, closures and booking rules. */
export function adminPages(r: Router, p: Platform): void {
  const locationOf = async (c: Ctx) => {
    const id = c.params.id;
    const l = isUuid(id) ? await adminLocationById(p.db, c.tenant!.id, id) : undefined;
    if (!l) throw notFound();
    return l;
  };
  const serviceOf = async (c: Ctx) => {
    const id = c.params.id;
    const s = isUuid(id) ? await adminServiceById(p.db, c.tenant!.id, id) : undefined;
    if (!s) throw notFound();
    return s;
  };
  const closures = async (c: Ctx, form: ClosureForm = { day: '', location: '', reason: '' }, errors: FieldErrors = {}) => {
    const year = Number(berlinDate(c.now).slice(0, 4));
    const [list, locs] = await Promise.all([closuresFrom(p.db, c.tenant!.id, berlinDate(c.now)), adminLocations(p.db, c.tenant!.id)]);
    const hol = [year, year + 1].map((y) => ({ year: y, days: [...holidays(y, c.tenant!.land)].sort() }));
    return closuresPage(c, { closures: list, locations: locs, holidays: hol, form, errors });
  };
  const location = async (c: Ctx, existing: AdminLocation | undefined) => {
    const services = await adminServices(p.db, c.tenant!.id);
    const { form, errors, data, services: chosen, hours } = parseLocationForm(c.body, services.map((s) => s.id));
    if (!data) {
      c.reply.code(422);
      return locationPage(c, { ...(existing ? { id: existing.id } : {}), form, services, errors });
    }
    const id = await saveLocation(p.db, actorOf(c), { ...(existing ? { id: existing.id } : {}), data, services: chosen, hours });
    if (!id) throw notFound();
    return void c.redirect(setupBase(c), 'admin.saved');
  };
  const service = async (c: Ctx, existing: AdminService | undefined) => {
    const { form, errors, data } = parseServiceForm(c.body);
    if (!data) {
      c.reply.code(422);
      return servicePage(c, { ...(existing ? { id: existing.id } : {}), form, errors });
    }
    const id = await saveService(p.db, actorOf(c), { ...(existing ? { id: existing.id } : {}), data });
    if (!id) throw notFound();
    return void c.redirect(setupBase(c), 'admin.saved');
  };

  r.route({
    method: 'GET',
    url: BASE,
    policy: admin,
    module: 'appointments',
    handler: async (c) => {
      const t = c.tenant!.id;
      const [locations, services, settings, list] = await Promise.all([adminLocations(p.db, t), adminServices(p.db, t), settingsOf(p.db, t), closuresFrom(p.db, t, berlinDate(c.now))]);
      return overviewPage(c, { locations, services, settings, closures: list });
    },
  });

  r.route({ method: 'GET', url: `${BASE}/standorte/neu`, policy: admin, module: 'appointments', handler: async (c) => locationPage(c, { form: newLocationForm(), services: await adminServices(p.db, c.tenant!.id) }) });
  r.route({ method: 'POST', url: `${BASE}/standorte/neu`, policy: admin, module: 'appointments', handler: (c) => location(c, undefined) });
  r.route({
    method: 'GET',
    url: `${BASE}/standorte/:id`,
    policy: admin,
    module: 'appointments',
    handler: async (c) => {
      const l = await locationOf(c);
      return locationPage(c, { id: l.id, form: locationForm(l), services: await adminServices(p.db, c.tenant!.id) });
    },
  });
  r.route({ method: 'POST', url: `${BASE}/standorte/:id`, policy: admin, module: 'appointments', handler: async (c) => location(c, await locationOf(c)) });

  r.route({ method: 'GET', url: `${BASE}/leistungen/neu`, policy: admin, module: 'appointments', handler: (c) => servicePage(c, { form: { name: '', duration: '15', active: true } }) });
  r.route({ method: 'POST', url: `${BASE}/leistungen/neu`, policy: admin, module: 'appointments', handler: (c) => service(c, undefined) });
  r.route({
    method: 'GET',
    url: `${BASE}/leistungen/:id`,
    policy: admin,
    module: 'appointments',
    handler: async (c) => {
      const s = await serviceOf(c);
      return servicePage(c, { id: s.id, form: { name: s.name, duration: String(s.durationMinutes), active: s.active } });
    },
  });
  r.route({ method: 'POST', url: `${BASE}/leistungen/:id`, policy: admin, module: 'appointments', handler: async (c) => service(c, await serviceOf(c)) });

  r.route({ method: 'GET', url: `${BASE}/schliesstage`, policy: admin, module: 'appointments', handler: (c) => closures(c) });
  r.route({
    method: 'POST',
    url: `${BASE}/schliesstage`,
    policy: admin,
    module: 'appointments',
    handler: async (c) => {
      const t = c.tenant!.id;
      const locs = await adminLocations(p.db, t);
      const { form, errors, data } = parseClosureForm(c.body, { today: berlinDate(c.now), locations: locs.map((l) => l.id), isHoliday: (d) => holidays(Number(d.slice(0, 4)), c.tenant!.land).has(d) });
      if (data && (await closureExists(p.db, t, data.day, data.locationId))) errors.day = 'Für diesen Tag und Standort ist bereits ein Schließtag eingetragen.';
      if (!data || errors.day) {
        c.reply.code(422);
        return closures(c, form, errors);
      }
      const ok = await p.db.transaction(async (tx) => {
        if (!(await insertClosure(tx, t, data))) return false;
        await audit(tx, { tenantId: t, actorId: c.user!.id, actorKind: 'staff', action: 'appointment.closure_added', objectType: 'appointment_closure', objectId: data.locationId, details: { day: data.day } }, c.now);
        return true;
      });
      if (!ok) throw notFound();
      return void c.redirect(`${setupBase(c)}/schliesstage`, 'admin.saved');
    },
  });
  r.route({
    method: 'POST',
    url: `${BASE}/schliesstage/entfernen`,
    policy: admin,
    module: 'appointments',
    handler: async (c) => {
      const t = c.tenant!.id;
      const day = parseDay(typeof c.body.day === 'string' ? c.body.day : '');
      const loc = typeof c.body.location === 'string' ? c.body.location : '';
      if (!day || (loc !== '' && !isUuid(loc))) throw notFound();
      const ok = await p.db.transaction(async (tx) => {
        if (!(await deleteClosure(tx, t, day, loc || null))) return false;
        await audit(tx, { tenantId: t, actorId: c.user!.id, actorKind: 'staff', action: 'appointment.closure_removed', objectType: 'appointment_closure', objectId: loc || null, details: { day } }, c.now);
        return true;
      });
      if (!ok) throw notFound();
      return void c.redirect(`${setupBase(c)}/schliesstage`, 'admin.saved');
    },
  });

  r.route({ method: 'GET', url: `${BASE}/regeln`, policy: admin, module: 'appointments', handler: async (c) => settingsPage(c, { form: settingsForm(await settingsOf(p.db, c.tenant!.id)) }) });
  r.route({
    method: 'POST',
    url: `${BASE}/regeln`,
    policy: admin,
    module: 'appointments',
    handler: async (c) => {
      const { form, errors, data } = parseSettingsForm(c.body);
      if (!data) {
        c.reply.code(422);
        return settingsPage(c, { form, errors });
      }
      const t = c.tenant!.id;
      await p.db.transaction(async (tx) => {
        await upsertSettings(tx, t, data);
        await audit(tx, { tenantId: t, actorId: c.user!.id, actorKind: 'staff', action: 'appointment.settings_saved', objectType: 'appointment_settings', objectId: t, details: { ...data } }, c.now);
      });
      return void c.redirect(setupBase(c), 'admin.saved');
    },
  });
}

