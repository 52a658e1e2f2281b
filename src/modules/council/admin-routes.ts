// Routes of the council office's master data under /{slug}/verwaltung/sitzungsdienst: overview, Gremien with
// memberships, Personen, Wahlperioden, Sitzungsorte, settings. Thin: load → authorize → validate → transaction →
// one command → page. Ids of another tenant (or unknown ids) answer 404.
import { alert, isUuid, listStaff, notFound, str, type Ctx, type FieldErrors, type Platform, type Router, type RouteSpec } from '../../kernel/index.ts';
import { councilOfficePolicy, M } from './policy.ts';
import {
  bodyById,
  councilSettings,
  listBodies,
  listLocations,
  listPersons,
  listTerms,
  locationById,
  membershipById,
  membershipsOfBody,
  membershipsOfPerson,
  personById,
  personsByIds,
  type Body,
  type Membership,
  type Person,
} from './repository.ts';
import { officeCounts, settingsSaved, termById } from './admin.repository.ts';
import { motions, papersInSignoff } from './papers.repository.ts';
import { berlinDay, NOTICE_PRESETS } from './deadlines.ts';
import {
  emptyBodyForm,
  emptyMembershipForm,
  emptyPersonForm,
  parseBodyForm,
  parseEndForm,
  parseLocationForm,
  parseMembershipForm,
  parsePersonForm,
  parseSettingsForm,
  parseTermForm,
  QUORUM_LAENDER,
  settingsFormOf,
  type BodyForm,
  type MembershipForm,
  type PersonForm,
} from './admin-schema.ts';
import {
  bodiesPage,
  bodyFormPage,
  bodyPage,
  locationFormPage,
  locationsPage,
  overviewPage,
  personFormPage,
  personPage,
  personsPage,
  settingsPage,
  termFormPage,
  termsPage,
  type MemberRow,
} from './admin-views.ts';
import { allowedParents, saveBody } from './commands/save-body.ts';
import { deleteBody } from './commands/delete-body.ts';
import { savePerson } from './commands/save-person.ts';
import { addMembership } from './commands/add-membership.ts';
import { endMembership } from './commands/end-membership.ts';
import { saveTerm } from './commands/save-term.ts';
import { saveLocation } from './commands/save-location.ts';
import { saveSettings } from './commands/save-settings.ts';
import { officeBase } from './ui.ts';

const actor = (c: Ctx) => ({ tenantId: c.tenant!.id, actorId: c.user!.id, now: c.now });
const municipalitiesOf = (c: Ctx) => c.tenant!.members.map((m) => m.name);
const unprocessable = (c: Ctx) => void c.reply.code(422);

export function adminRoutes(r: Router, p: Platform): void {
  const B = '/:tenant/verwaltung/sitzungsdienst';
  const route = (method: 'GET' | 'POST', url: string, handler: RouteSpec['handler']) => r.route({ method, url: `${B}${url}`, policy: councilOfficePolicy, module: M, handler });

  const loadBody = async (c: Ctx): Promise<Body> => {
    const b = isUuid(c.params.id) ? await bodyById(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!b || b.deletedAt) throw notFound();
    return b;
  };
  const loadPerson = async (c: Ctx): Promise<Person> => {
    const x = isUuid(c.params.id) ? await personById(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!x || x.deletedAt) throw notFound();
    return x;
  };

  // Overview ------------------------------------------------------------------------------------------------------
  route('GET', '', async (c) => {
    const tenantId = c.tenant!.id;
    const [counts, signoff, overdue] = await Promise.all([officeCounts(p.db, tenantId, c.now), papersInSignoff(p.db, tenantId), motions(p.db, tenantId, { overdueOn: berlinDay(c.now) })]);
    return overviewPage(c, { counts, signoff, overdue });
  });

  // Bodies --------------------------------------------------------------------------------------------------------
  route('GET', '/gremien', async (c) => {
    const tenantId = c.tenant!.id;
    const today = berlinDay(c.now);
    const bodies = await listBodies(p.db, tenantId);
    const counts = new Map<string, number>();
    await Promise.all(bodies.map(async (b) => counts.set(b.id, (await membershipsOfBody(p.db, tenantId, b.id, { on: today })).length)));
    return bodiesPage(c, { bodies, memberCounts: counts });
  });

  const bodyForm = (b: Body): BodyForm => ({
    name: b.name, shortName: b.shortName ?? '', kind: b.kind, municipality: b.municipality ?? '', legalMembers: b.legalMembers === null ? '' : String(b.legalMembers), parentId: b.parentId ?? '', startDate: b.startDate ?? '', endDate: b.endDate ?? '',
  });
  const parentsFor = async (c: Ctx, selfId: string | null) => {
    const bodies = await listBodies(p.db, c.tenant!.id);
    const allowed = new Set(allowedParents(bodies, selfId));
    return bodies.filter((b) => allowed.has(b.id));
  };
  const saveBodyRoute = async (c: Ctx, existing: Body | undefined) => {
    const parents = await parentsFor(c, existing?.id ?? null);
    const municipalities = municipalitiesOf(c);
    // A value the body already has stays allowed even if the Amt's member list changed since.
    const allowedMunicipalities = existing?.municipality && !municipalities.includes(existing.municipality) ? [...municipalities, existing.municipality] : municipalities;
    const { form, errors, data } = parseBodyForm(c.body, { municipalities: allowedMunicipalities, parents: parents.map((b) => b.id) });
    const res = data ? await p.db.transaction((tx) => saveBody(tx, { ...actor(c), ...(existing ? { id: existing.id } : {}), data })) : undefined;
    if (res && !res.ok && res.reason === 'not_found') throw notFound();
    if (!res || !res.ok) {
      unprocessable(c);
      return bodyFormPage(c, { ...(existing ? { id: existing.id } : {}), form, errors: res && !res.ok && res.reason === 'invalid' ? res.errors : errors, parents, municipalities });
    }
    c.redirect(`${officeBase(c)}/gremien/${res.id}`, 'council.bodySaved');
  };
  route('GET', '/gremien/neu', async (c) => bodyFormPage(c, { form: emptyBodyForm(), parents: await parentsFor(c, null), municipalities: municipalitiesOf(c) }));
  route('POST', '/gremien/neu', (c) => saveBodyRoute(c, undefined));
  route('GET', '/gremien/:id/bearbeiten', async (c) => {
    const b = await loadBody(c);
    return bodyFormPage(c, { id: b.id, form: bodyForm(b), parents: await parentsFor(c, b.id), municipalities: municipalitiesOf(c) });
  });
  route('POST', '/gremien/:id/bearbeiten', async (c) => saveBodyRoute(c, await loadBody(c)));

  const showBody = async (c: Ctx, body: Body, o: { form?: MembershipForm; errors?: FieldErrors; end?: { membershipId: string; value: string; error: string }; notice?: ReturnType<typeof alert> } = {}) => {
    const tenantId = c.tenant!.id;
    const today = berlinDay(c.now);
    const [memberships, persons, fraktionen, parent] = await Promise.all([
      membershipsOfBody(p.db, tenantId, body.id),
      listPersons(p.db, tenantId),
      listBodies(p.db, tenantId, { kinds: ['fraktion'] }),
      body.parentId ? bodyById(p.db, tenantId, body.parentId) : Promise.resolve(undefined),
    ]);
    const personsById = new Map((await personsByIds(p.db, tenantId, [...new Set(memberships.flatMap((m) => [m.personId, ...(m.deputyOf ? [m.deputyOf] : [])]))])).map((x) => [x.id, x]));
    const fraktionById = new Map(fraktionen.map((f) => [f.id, f]));
    const rows: MemberRow[] = memberships.map((m) => ({ m, person: personsById.get(m.personId), fraktion: m.fraktionId ? fraktionById.get(m.fraktionId) : undefined, deputyOf: m.deputyOf ? personsById.get(m.deputyOf) : undefined }));
    const running = (m: Membership) => m.startDate <= today && (!m.endDate || m.endDate >= today);
    const order = (a: MemberRow, b: MemberRow) => (a.person?.familyName ?? '').localeCompare(b.person?.familyName ?? '', 'de');
    return bodyPage(c, {
      body,
      parent: parent && !parent.deletedAt ? parent : undefined,
      current: rows.filter((x) => running(x.m)).sort(order),
      other: rows.filter((x) => !running(x.m)).sort((a, b) => b.m.startDate.localeCompare(a.m.startDate)),
      persons,
      fraktionen,
      form: o.form ?? { ...emptyMembershipForm(), startDate: today },
      today,
      ...(o.errors ? { errors: o.errors } : {}),
      ...(o.end ? { end: o.end } : {}),
      ...(o.notice ? { notice: o.notice } : {}),
    });
  };
  route('GET', '/gremien/:id', async (c) => showBody(c, await loadBody(c)));
  route('POST', '/gremien/:id/loeschen', async (c) => {
    const body = await loadBody(c);
    const res = await p.db.transaction((tx) => deleteBody(tx, { ...actor(c), bodyId: body.id }));
    if (!res.ok && res.reason === 'not_found') throw notFound();
    if (!res.ok) {
      c.reply.code(409);
      const n = res.reason === 'future_meetings' ? res.count : 0;
      return showBody(c, body, { notice: alert('warning', `Das Gremium hat ${n === 1 ? 'eine anstehende Sitzung' : `${n} anstehende Sitzungen`}. Es kann erst gelöscht werden, wenn diese stattgefunden haben oder abgesagt sind. Es wurde nichts gelöscht.`, 'Gremium nicht gelöscht') });
    }
    c.redirect(`${officeBase(c)}/gremien`, 'council.bodyDeleted');
  });
  route('POST', '/gremien/:id/mitglieder', async (c) => {
    const body = await loadBody(c);
    const parsed = parseMembershipForm(c.body);
    const res = parsed.input ? await p.db.transaction((tx) => addMembership(tx, { ...actor(c), bodyId: body.id, input: parsed.input! })) : undefined;
    if (res && !res.ok && res.reason === 'not_found') throw notFound();
    if (!res || !res.ok) {
      unprocessable(c);
      return showBody(c, body, { form: parsed.form, errors: res && !res.ok && res.reason === 'invalid' ? res.errors : parsed.errors });
    }
    c.redirect(`${officeBase(c)}/gremien/${body.id}`, 'council.membershipAdded');
  });
  route('POST', '/mitgliedschaften/:id/beenden', async (c) => {
    const m = isUuid(c.params.id) ? await membershipById(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!m || m.deletedAt) throw notFound();
    const body = await bodyById(p.db, c.tenant!.id, m.bodyId);
    if (!body || body.deletedAt) throw notFound();
    const end = parseEndForm(c.body, m.startDate);
    const res = end.error ? undefined : await p.db.transaction((tx) => endMembership(tx, { ...actor(c), membershipId: m.id, endDate: end.value }));
    if (res && !res.ok && res.reason === 'not_found') throw notFound();
    if (!res || !res.ok) {
      unprocessable(c);
      const error = end.error ?? (res && !res.ok && res.reason === 'invalid' ? (res.errors.endDate ?? 'Das Ende konnte nicht eingetragen werden.') : '');
      return showBody(c, body, { end: { membershipId: m.id, value: end.value, error } });
    }
    c.redirect(`${officeBase(c)}/gremien/${body.id}`, 'council.membershipEnded');
  });

  // Persons -------------------------------------------------------------------------------------------------------
  const accountsOf = async (c: Ctx) =>
    (await listStaff(p.db, c.tenant!.id)).filter((u) => u.roles.includes('councillor') && !u.disabled).map((u) => ({ id: u.id, label: `${u.displayName || u.email} (${u.email})` }));
  const personForm = (x: Person): PersonForm => ({
    familyName: x.familyName, givenName: x.givenName, title: x.title ?? '', formOfAddress: x.formOfAddress ?? '', gender: x.gender ?? '', email: x.email ?? '', phone: x.phone ?? '',
    streetAddress: x.streetAddress ?? '', postalCode: x.postalCode ?? '', locality: x.locality ?? '', personnelNumber: x.personnelNumber ?? '', delivery: x.delivery, publishContact: x.publishContact, userId: x.userId ?? '',
  });
  const savePersonRoute = async (c: Ctx, existing: Person | undefined) => {
    const accounts = await accountsOf(c);
    const { form, errors, data } = parsePersonForm(c.body, { accounts: accounts.map((a) => a.id) });
    const res = data ? await p.db.transaction((tx) => savePerson(tx, { ...actor(c), ...(existing ? { id: existing.id } : {}), data })) : undefined;
    if (res && !res.ok && res.reason === 'not_found') throw notFound();
    if (!res || !res.ok) {
      unprocessable(c);
      return personFormPage(c, { ...(existing ? { id: existing.id } : {}), form, errors: res && !res.ok && res.reason === 'invalid' ? res.errors : errors, accounts });
    }
    c.redirect(`${officeBase(c)}/personen/${res.id}`, 'council.personSaved');
  };
  route('GET', '/personen', async (c) => {
    const tenantId = c.tenant!.id;
    const today = berlinDay(c.now);
    const [persons, bodies] = await Promise.all([listPersons(p.db, tenantId), listBodies(p.db, tenantId)]);
    const bodiesOf = new Map<string, string[]>();
    for (const b of bodies) {
      for (const m of await membershipsOfBody(p.db, tenantId, b.id, { on: today })) bodiesOf.set(m.personId, [...(bodiesOf.get(m.personId) ?? []), b.shortName ?? b.name]);
    }
    return personsPage(c, { persons, bodiesOf });
  });
  route('GET', '/personen/neu', async (c) => personFormPage(c, { form: emptyPersonForm(), accounts: await accountsOf(c) }));
  route('POST', '/personen/neu', (c) => savePersonRoute(c, undefined));
  route('GET', '/personen/:id', async (c) => {
    const person = await loadPerson(c);
    const tenantId = c.tenant!.id;
    const [memberships, bodies, staff] = await Promise.all([membershipsOfPerson(p.db, tenantId, person.id), listBodies(p.db, tenantId), person.userId ? listStaff(p.db, tenantId) : Promise.resolve([])]);
    const byId = new Map(bodies.map((b) => [b.id, b]));
    const account = staff.find((u) => u.id === person.userId);
    return personPage(c, {
      person,
      account: account ? `${account.displayName || account.email} (${account.email})` : undefined,
      memberships: memberships.map((m) => ({ m, body: byId.get(m.bodyId), fraktion: m.fraktionId ? byId.get(m.fraktionId) : undefined })),
      today: berlinDay(c.now),
    });
  });
  route('GET', '/personen/:id/bearbeiten', async (c) => {
    const person = await loadPerson(c);
    return personFormPage(c, { id: person.id, form: personForm(person), accounts: await accountsOf(c) });
  });
  route('POST', '/personen/:id/bearbeiten', async (c) => savePersonRoute(c, await loadPerson(c)));

  // Terms ---------------------------------------------------------------------------------------------------------
  route('GET', '/wahlperioden', async (c) => termsPage(c, await listTerms(p.db, c.tenant!.id)));
  route('GET', '/wahlperioden/neu', (c) => termFormPage(c, { form: { name: '', startDate: '', endDate: '' } }));
  const loadTerm = async (c: Ctx) => {
    const t = isUuid(c.params.id) ? await termById(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!t || t.deletedAt) throw notFound();
    return t;
  };
  const saveTermRoute = async (c: Ctx, id: string | undefined) => {
    const { form, errors, data } = parseTermForm(c.body);
    if (!data) {
      unprocessable(c);
      return termFormPage(c, { ...(id ? { id } : {}), form, errors });
    }
    const res = await p.db.transaction((tx) => saveTerm(tx, { ...actor(c), ...(id ? { id } : {}), data }));
    if (!res.ok) throw notFound();
    c.redirect(`${officeBase(c)}/wahlperioden`, 'council.termSaved');
  };
  route('POST', '/wahlperioden/neu', (c) => saveTermRoute(c, undefined));
  route('GET', '/wahlperioden/:id', async (c) => {
    const t = await loadTerm(c);
    return termFormPage(c, { id: t.id, form: { name: t.name, startDate: t.startDate, endDate: t.endDate ?? '' } });
  });
  route('POST', '/wahlperioden/:id', async (c) => saveTermRoute(c, (await loadTerm(c)).id));

  // Locations -----------------------------------------------------------------------------------------------------
  route('GET', '/sitzungsorte', async (c) => locationsPage(c, await listLocations(p.db, c.tenant!.id)));
  route('GET', '/sitzungsorte/neu', (c) => locationFormPage(c, { form: { description: '', room: '', streetAddress: '', postalCode: '', locality: '' } }));
  const loadLocation = async (c: Ctx) => {
    const l = isUuid(c.params.id) ? await locationById(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!l || l.deletedAt) throw notFound();
    return l;
  };
  const saveLocationRoute = async (c: Ctx, id: string | undefined) => {
    const { form, errors, data } = parseLocationForm(c.body);
    if (!data) {
      unprocessable(c);
      return locationFormPage(c, { ...(id ? { id } : {}), form, errors });
    }
    const res = await p.db.transaction((tx) => saveLocation(tx, { ...actor(c), ...(id ? { id } : {}), data }));
    if (!res.ok) throw notFound();
    c.redirect(`${officeBase(c)}/sitzungsorte`, 'council.locationSaved');
  };
  route('POST', '/sitzungsorte/neu', (c) => saveLocationRoute(c, undefined));
  route('GET', '/sitzungsorte/:id', async (c) => {
    const l = await loadLocation(c);
    return locationFormPage(c, { id: l.id, form: { description: l.description, room: l.room ?? '', streetAddress: l.streetAddress ?? '', postalCode: l.postalCode ?? '', locality: l.locality ?? '' } });
  });
  route('POST', '/sitzungsorte/:id', async (c) => saveLocationRoute(c, (await loadLocation(c)).id));

  // Settings ------------------------------------------------------------------------------------------------------
  route('GET', '/einstellungen', async (c) => {
    const settings = await councilSettings(p.db, c.tenant!.id);
    const form = settingsFormOf(settings);
    // Until the office saves its own, the quorum pack follows the tenant's Land where we have one.
    if (!(await settingsSaved(p.db, c.tenant!.id)) && (QUORUM_LAENDER as readonly string[]).includes(c.tenant!.land)) form.quorumRule = c.tenant!.land;
    const preset = str(c.query as Record<string, unknown>, 'vorlage', 20);
    if (Object.hasOwn(NOTICE_PRESETS, preset)) {
      const rule = NOTICE_PRESETS[preset as keyof typeof NOTICE_PRESETS];
      return settingsPage(c, { form: { ...settingsFormOf({ quorumRule: form.quorumRule, noticeRule: rule }) }, presets: NOTICE_PRESETS, preset });
    }
    return settingsPage(c, { form, presets: NOTICE_PRESETS });
  });
  route('POST', '/einstellungen', async (c) => {
    const { form, errors, data } = parseSettingsForm(c.body);
    if (!data) {
      unprocessable(c);
      return settingsPage(c, { form, errors, presets: NOTICE_PRESETS });
    }
    await p.db.transaction((tx) => saveSettings(tx, { ...actor(c), quorumRule: data.quorumRule, noticeRule: data.noticeRule }));
    c.redirect(`${officeBase(c)}/einstellungen`, 'council.settingsSaved');
  });
}
