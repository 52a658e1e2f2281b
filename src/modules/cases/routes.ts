// Routes of the back office: worklists, case pages with steps, case types, teams, absences. Thin: load → check → command → page.
import { isUuid, notFound, policies, str, type Ctx, type FieldErrors, type MessageKey, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { documentsOfCase, fileById } from '../records/index.ts';
import { applicationForCase } from '../applications/index.ts';
import { serviceBySlug } from '../catalog/index.ts';
import { absenceById, caseById, caseWorkers, eventsOfCase, listAbsences, listTeams, listTypes, planItems, statusOptions, teamById, typeById, type CaseType } from './repository.ts';
import { canSee, scopeOf, worklistIn, WORKLIST_SORTS, WORKLIST_TABS, type WorklistFilter, type WorklistSort, type WorklistTab } from './queries/worklist.ts';
import { assignCase, decideProposal, takeStep, type StepFailure, type StepResult } from './commands/steps.ts';
import { openCase } from './commands/open-case.ts';
import { addAbsence, changeTeamMember, createTeam, removeAbsence, saveType } from './commands/admin.ts';
import { parseAbsenceForm, parseNewCaseForm, parseStepForm, parseTypeForm, LIMITS, type TypeForm } from './schema.ts';
import { absencesPage, base, casePage, newCasePage, refusal, teamsPage, typeFormPage, typesPage, worklistPage, type CaseView } from './views.ts';
import { DEFAULT_APPLICATION_WORKFLOW, mayTake, transitionOf } from './workflow.ts';
import { berlinDay, isDay } from './dates.ts';
import { inboundRoutes, letterPanel } from './inbound-routes.ts';
import { parseLetterForm, requestKey } from './inbound-schema.ts';
import { channelOf, sendLetter, type LetterFailure } from './commands/letters.ts';
import { enclosureCandidates } from './inbound.repository.ts';

/** Who works on cases: Sachbearbeitung, Sachgebietsleitung, Administration. */
export const caseWorkerPolicy = policies.staff('admin', 'clerk', 'lead');
export const caseAdminPolicy = policies.staff('admin');
const M = 'cases' as const;

const REFUSALS: Record<StepFailure, { status: number; text: string }> = {
  not_found: { status: 404, text: '' },
  not_allowed: { status: 409, text: 'Dieser Schritt ist im aktuellen Stand des Vorgangs nicht möglich. Hier ist der aktuelle Stand.' },
  forbidden: { status: 403, text: 'Diesen Schritt darf Ihre Rolle nicht gehen. Bitte wenden Sie sich an die Sachgebietsleitung.' },
  conflict: { status: 409, text: 'Der Vorgang wurde inzwischen geändert (zum Beispiel von einer Kollegin oder durch einen doppelten Klick). Es wurde nichts gespeichert. Hier ist der aktuelle Stand.' },
  pending: { status: 409, text: 'Zu diesem Vorgang wartet ein Entscheidungsvorschlag auf die Freigabe. Erst danach sind weitere Schritte möglich.' },
  own_proposal: { status: 403, text: 'Sie haben diesen Vorschlag selbst gemacht. Nach dem Vier-Augen-Prinzip muss eine andere Person ihn freigeben.' },
  no_proposal: { status: 409, text: 'Zu diesem Vorgang liegt kein Entscheidungsvorschlag (mehr) vor.' },
  application: { status: 409, text: 'Der Antrag zu diesem Vorgang lässt diesen Schritt gerade nicht zu (zum Beispiel, weil die Gebühr noch nicht bezahlt ist). Es wurde nichts gespeichert.' },
};

const actorOf = (c: Ctx) => ({ id: c.user!.id, roles: c.user!.roles });
const viewerOf = (c: Ctx) => ({ userId: c.user!.id, roles: c.user!.roles, today: c.now });
const adminActor = (c: Ctx) => ({ tenantId: c.tenant!.id, actorId: c.user!.id, now: c.now });
const pick = <T extends string>(list: readonly T[], v: string | undefined, fallback: T): T => ((list as readonly string[]).includes(v ?? '') ? (v as T) : fallback);

export function casesRoutes(r: Router, p: Platform): void {
  /** The case page's data for a case the user may see; 404 for anything else (other tenant, other team, no such id). */
  async function caseView(c: Ctx, id: string | undefined, letter: Parameters<typeof letterPanel>[3] = {}): Promise<CaseView> {
    const tenantId = c.tenant!.id;
    const found = isUuid(id) ? await caseById(p.db, tenantId, id) : undefined;
    if (!found || !canSee(await scopeOf(p.db, tenantId, viewerOf(c)), found)) throw notFound();
    const [type, events, documents, file, app, workers, team] = await Promise.all([
      typeById(p.db, tenantId, found.typeId),
      eventsOfCase(p.db, tenantId, found.id),
      documentsOfCase(p.db, tenantId, found.id),
      found.fileId ? fileById(p.db, tenantId, found.fileId) : Promise.resolve(undefined),
      found.source === 'portal' && isUuid(found.sourceRef ?? undefined) ? applicationForCase(p.db, tenantId, found.sourceRef!) : Promise.resolve(undefined),
      caseWorkers(p.db, tenantId),
      found.teamId ? teamById(p.db, tenantId, found.teamId) : Promise.resolve(undefined),
    ]);
    if (!type) throw notFound();
    const letters = await letterPanel(p, c, found, letter);
    return { c: found, type, events, documents, file, app, workers, teamName: team?.name, actor: actorOf(c), letters };
  }

  async function refused(c: Ctx, res: Extract<StepResult, { ok: false }>): Promise<SafeHtml> {
    const r = REFUSALS[res.reason];
    if (res.reason === 'not_found') throw notFound();
    c.reply.code(r.status);
    return casePage(c, { ...(await caseView(c, c.params.id)), notice: refusal(r.text) });
  }

  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/vorgaenge',
    policy: caseWorkerPolicy,
    module: M,
    handler: async (c) => {
      const tenantId = c.tenant!.id;
      const q = c.query;
      const [types, statuses, scope] = await Promise.all([listTypes(p.db, tenantId), statusOptions(p.db, tenantId), scopeOf(p.db, tenantId, viewerOf(c))]);
      const errors: FieldErrors = {};
      const raw = { from: (q.von ?? '').slice(0, 10), to: (q.bis ?? '').slice(0, 10), text: (q.suche ?? '').slice(0, 200).trim() };
      if (raw.from && !isDay(raw.from)) errors.von = 'Bitte geben Sie das Datum so an: 2026-11-01.';
      if (raw.to && !isDay(raw.to)) errors.bis = 'Bitte geben Sie das Datum so an: 2026-11-30.';
      const filter: Required<Pick<WorklistFilter, 'tab' | 'sort'>> & WorklistFilter = {
        tab: pick<WorklistTab>(WORKLIST_TABS, q.ansicht, 'mine'),
        sort: pick<WorklistSort>(WORKLIST_SORTS, q.sortierung, 'due'),
        ...(types.some((t) => t.id === q.typ) ? { typeId: q.typ! } : {}),
        ...(statuses.some((s) => s.key === q.stand) ? { status: q.stand! } : {}),
        ...(raw.from && !errors.von ? { openedFrom: raw.from } : {}),
        ...(raw.to && !errors.bis ? { openedTo: raw.to } : {}),
        ...(raw.text ? { text: raw.text } : {}),
      };
      const after = typeof q.nach === 'string' && q.nach.length <= 120 ? q.nach : undefined;
      const list = await worklistIn(p.db, tenantId, scope, c.now, filter, after ? { after } : {});
      return worklistPage(c, { filter, items: list.items, next: list.next, after, types, statuses, roles: c.user!.roles, errors, raw });
    },
  });

  // New case by staff
  const activeTypes = async (c: Ctx) => (await listTypes(p.db, c.tenant!.id)).filter((t) => t.active);
  r.route({ method: 'GET', url: '/:tenant/verwaltung/vorgaenge/neu', policy: caseWorkerPolicy, module: M, handler: async (c) => newCasePage(c, { types: await activeTypes(c), form: { type: '', subject: '', party: '' } }) });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/vorgaenge/neu',
    policy: caseWorkerPolicy,
    module: M,
    handler: async (c) => {
      const types = await activeTypes(c);
      const { form, errors } = parseNewCaseForm(c.body, types.map((t) => t.id));
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return newCasePage(c, { types, form, errors });
      }
      const opened = await p.db.transaction((tx) => openCase(tx, { tenantId: c.tenant!.id, typeId: form.type, subject: form.subject, party: form.party, source: 'staff', actorId: c.user!.id, now: c.now }));
      c.redirect(`${base(c)}/${opened.id}`, 'cases.opened');
    },
  });

  // Case types (administration)
  const typeSetup = async (c: Ctx) => {
    const [teams, plans] = await Promise.all([listTeams(p.db, c.tenant!.id), planItems(p.db, c.tenant!.id)]);
    return { teams, plans };
  };
  const typeForm = (t: CaseType): TypeForm => ({
    name: t.name,
    key: t.key,
    service: t.serviceSlug ?? '',
    team: t.teamId ?? '',
    plan: t.planItemId ?? '',
    targetDays: String(t.targetDays),
    fourEyes: t.fourEyes,
    active: t.active,
    workflow: JSON.stringify(t.workflow, null, 2),
  });
  const typeOf = async (c: Ctx) => {
    const t = isUuid(c.params.id) ? await typeById(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!t) throw notFound();
    return t;
  };
  const saveTypeRoute = async (c: Ctx, existing: CaseType | undefined) => {
    const setup = await typeSetup(c);
    const slug = str(c.body, 'service', 100).trim();
    const serviceExists = !!slug && /^[a-z0-9-]{2,100}$/.test(slug) && !!(await serviceBySlug(p.db, c.tenant!.id, slug, { all: true }));
    const { form, errors, workflowErrors, data } = parseTypeForm(c.body, { teams: setup.teams.map((t) => t.id), plans: setup.plans.map((x) => x.id), serviceExists });
    const res = data ? await saveType(p.db, adminActor(c), { ...(existing ? { id: existing.id } : {}), data }) : undefined;
    if (data && !res) throw notFound();
    if (res && 'clash' in res) {
      if (res.clash === 'key') errors.key = 'Diesen Schlüssel hat schon ein anderer Vorgangstyp.';
      else errors.service = 'Mit dieser Leistung ist schon ein anderer aktiver Vorgangstyp verknüpft.';
    }
    if (!res || 'clash' in res) {
      c.reply.code(422);
      return typeFormPage(c, { ...(existing ? { id: existing.id } : {}), form, ...setup, errors, workflowErrors });
    }
    c.redirect(`${base(c)}/typen`, 'admin.saved');
  };
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/vorgaenge/typen',
    policy: caseAdminPolicy,
    module: M,
    handler: async (c) => typesPage(c, { types: await listTypes(p.db, c.tenant!.id), ...(await typeSetup(c)) }),
  });
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/vorgaenge/typen/neu',
    policy: caseAdminPolicy,
    module: M,
    handler: async (c) =>
      typeFormPage(c, { form: { name: '', key: '', service: '', team: '', plan: '', targetDays: '30', fourEyes: false, active: true, workflow: JSON.stringify(DEFAULT_APPLICATION_WORKFLOW, null, 2) }, ...(await typeSetup(c)) }),
  });
  r.route({ method: 'POST', url: '/:tenant/verwaltung/vorgaenge/typen/neu', policy: caseAdminPolicy, module: M, handler: (c) => saveTypeRoute(c, undefined) });
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/vorgaenge/typen/:id',
    policy: caseAdminPolicy,
    module: M,
    handler: async (c) => {
      const t = await typeOf(c);
      return typeFormPage(c, { id: t.id, form: typeForm(t), ...(await typeSetup(c)) });
    },
  });
  r.route({ method: 'POST', url: '/:tenant/verwaltung/vorgaenge/typen/:id', policy: caseAdminPolicy, module: M, handler: async (c) => saveTypeRoute(c, await typeOf(c)) });

  // Teams (administration)
  const teams = async (c: Ctx, name = '', errors: FieldErrors = {}) => {
    const [list, workers] = await Promise.all([listTeams(p.db, c.tenant!.id), caseWorkers(p.db, c.tenant!.id)]);
    return teamsPage(c, { teams: list, workers, name, errors });
  };
  r.route({ method: 'GET', url: '/:tenant/verwaltung/vorgaenge/teams', policy: caseAdminPolicy, module: M, handler: (c) => teams(c) });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/vorgaenge/teams',
    policy: caseAdminPolicy,
    module: M,
    handler: async (c) => {
      const name = str(c.body, 'name', LIMITS.team).trim();
      const error = name.length < 2 || name.length > LIMITS.team ? `Bitte geben Sie einen Namen an (2 bis ${LIMITS.team} Zeichen).` : (await createTeam(p.db, adminActor(c), name)) ? undefined : 'Ein Team mit diesem Namen gibt es schon.';
      if (error) {
        c.reply.code(422);
        return teams(c, name, { name: error });
      }
      c.redirect(`${base(c)}/teams`, 'admin.saved');
    },
  });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/vorgaenge/teams/:id/mitglieder',
    policy: caseAdminPolicy,
    module: M,
    handler: async (c) => {
      const team = isUuid(c.params.id) ? await teamById(p.db, c.tenant!.id, c.params.id) : undefined;
      const user = str(c.body, 'user', 40);
      const aktion = str(c.body, 'aktion', 20);
      if (!team || !isUuid(user) || (aktion !== 'hinzufuegen' && aktion !== 'entfernen')) throw notFound();
      if (aktion === 'hinzufuegen' && !(await caseWorkers(p.db, c.tenant!.id)).some((w) => w.id === user)) throw notFound();
      await changeTeamMember(p.db, adminActor(c), { teamId: team.id, userId: user, add: aktion === 'hinzufuegen' });
      c.redirect(`${base(c)}/teams`, 'admin.saved');
    },
  });

  // Absences and substitutes
  const absences = async (c: Ctx, form = { user: '', substitute: '', from: '', to: '' }, errors: FieldErrors = {}) => {
    const tenantId = c.tenant!.id;
    const isAdmin = c.user!.roles.includes('admin');
    const [list, workers] = await Promise.all([listAbsences(p.db, tenantId, berlinDay(c.now), isAdmin ? undefined : c.user!.id), caseWorkers(p.db, tenantId)]);
    return absencesPage(c, { absences: list, workers, mayChooseUser: isAdmin, form, errors });
  };
  r.route({ method: 'GET', url: '/:tenant/verwaltung/vorgaenge/vertretungen', policy: caseWorkerPolicy, module: M, handler: (c) => absences(c) });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/vorgaenge/vertretungen',
    policy: caseWorkerPolicy,
    module: M,
    handler: async (c) => {
      const workers = (await caseWorkers(p.db, c.tenant!.id)).map((w) => w.id);
      const { form, errors } = parseAbsenceForm(c.body, { self: c.user!.id, mayChooseUser: c.user!.roles.includes('admin'), workers, today: berlinDay(c.now) });
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return absences(c, form, errors);
      }
      await addAbsence(p.db, adminActor(c), { userId: form.user, substituteId: form.substitute, startsOn: form.from, endsOn: form.to });
      c.redirect(`${base(c)}/vertretungen`, 'cases.absenceSaved');
    },
  });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/vorgaenge/vertretungen/:id/entfernen',
    policy: caseWorkerPolicy,
    module: M,
    handler: async (c) => {
      const a = isUuid(c.params.id) ? await absenceById(p.db, c.tenant!.id, c.params.id) : undefined;
      // Staff remove their own absences; the administration anyone's.
      if (!a || (a.userId !== c.user!.id && !c.user!.roles.includes('admin'))) throw notFound();
      await removeAbsence(p.db, adminActor(c), a.id);
      c.redirect(`${base(c)}/vertretungen`, 'cases.absenceRemoved');
    },
  });

  // One case
  r.route({ method: 'GET', url: '/:tenant/verwaltung/vorgaenge/:id', policy: caseWorkerPolicy, module: M, handler: async (c) => casePage(c, await caseView(c, c.params.id)) });

  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/vorgaenge/:id/schritt',
    policy: caseWorkerPolicy,
    module: M,
    handler: async (c) => {
      const v = await caseView(c, c.params.id);
      const key = str(c.body, 'schritt', 60);
      const version = Number(str(c.body, 'version', 12));
      const t = transitionOf(v.type.workflow, key);
      let input = {};
      // Only an allowed step is validated; anything else goes to the command, which refuses (and audits) it.
      if (t && t.from.includes(v.c.status) && mayTake(t, c.user!.roles) && !v.c.proposal && v.c.version === version) {
        const parsed = parseStepForm(c.body, t, { linkedToApplication: !!v.app });
        if (!parsed.input) {
          c.reply.code(422);
          return casePage(c, { ...v, errors: parsed.errors, values: { transition: t.key, form: parsed.form } });
        }
        input = parsed.input;
      }
      const res = await takeStep(p.db, { tenantId: c.tenant!.id, actor: actorOf(c), caseId: v.c.id, transition: key, version, input, now: c.now });
      if (!res.ok) return refused(c, res);
      c.redirect(`${base(c)}/${v.c.id}`, res.proposed ? 'cases.proposed' : 'cases.stepDone');
    },
  });

  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/vorgaenge/:id/vorschlag',
    policy: caseWorkerPolicy,
    module: M,
    handler: async (c) => {
      const v = await caseView(c, c.params.id);
      const aktion = str(c.body, 'aktion', 20);
      if (aktion !== 'freigeben' && aktion !== 'zurueckgeben') throw notFound();
      const note = str(c.body, 'vermerk', LIMITS.note).trim();
      const res = await decideProposal(p.db, { tenantId: c.tenant!.id, actor: actorOf(c), caseId: v.c.id, version: Number(str(c.body, 'version', 12)), approve: aktion === 'freigeben', note, now: c.now });
      if (!res.ok) return refused(c, res);
      c.redirect(`${base(c)}/${v.c.id}`, (aktion === 'freigeben' ? 'cases.approved' : 'cases.returned') as MessageKey);
    },
  });

  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/vorgaenge/:id/zuweisen',
    policy: caseWorkerPolicy,
    module: M,
    handler: async (c) => {
      const v = await caseView(c, c.params.id);
      const an = str(c.body, 'an', 40);
      const to = an === 'ich' ? c.user!.id : an === '' ? null : isUuid(an) ? an : undefined;
      if (to === undefined) throw notFound();
      const res = await assignCase(p.db, { tenantId: c.tenant!.id, actor: actorOf(c), caseId: v.c.id, version: Number(str(c.body, 'version', 12)), to, now: c.now });
      if (!res.ok) return refused(c, res);
      c.redirect(str(c.body, 'zurueck', 10) === 'liste' ? base(c) : `${base(c)}/${v.c.id}`, 'cases.assigned');
    },
  });

  // Outgoing letter from the case: into the E-Akte and the citizen's postbox, or into the print batch.
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/vorgaenge/:id/schreiben',
    policy: caseWorkerPolicy,
    module: M,
    handler: async (c) => {
      const v = await caseView(c, c.params.id);
      const print = channelOf(v.c, c.tenant!.modules.has('account')) === 'print';
      const enclosures = (await enclosureCandidates(p.db, c.tenant!.id, v.c.id)).map((d) => d.id);
      const { form, errors, address } = parseLetterForm(c.body, { print, enclosures });
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return casePage(c, await caseView(c, v.c.id, { form, errors }));
      }
      const res = await sendLetter(p.db, {
        tenant: c.tenant!,
        actor: { id: c.user!.id, roles: c.user!.roles, name: c.user!.displayName },
        caseId: v.c.id,
        input: { subject: form.betreff, body: form.text, address, enclosureId: form.anlage || null },
        requestKey: requestKey(c.body),
        now: c.now,
      });
      if (res.ok) return c.redirect(`${base(c)}/${v.c.id}`, res.channel === 'postbox' ? 'cases.letterSent' : 'cases.letterQueued');
      if (res.reason === 'not_found') throw notFound();
      const texts: Record<Exclude<LetterFailure, 'not_found'>, string> = {
        no_file: 'Dieser Vorgang hat keine Akte; Schreiben werden in der Akte abgelegt. Es wurde nichts versendet.',
        file_not_open: 'Die Akte des Vorgangs ist abgeschlossen. Es wurde nichts versendet.',
        address: 'Für den Postversand braucht das Schreiben eine vollständige Anschrift.',
        enclosure: 'Diese Anlage gibt es im Vorgang nicht (mehr). Es wurde nichts versendet.',
      };
      c.reply.code(res.reason === 'address' || res.reason === 'enclosure' ? 422 : 409);
      const field = res.reason === 'address' ? 'brief_anschrift' : res.reason === 'enclosure' ? 'brief_anlage' : undefined;
      const view = await caseView(c, v.c.id, { form, ...(field ? { errors: { [field]: texts[res.reason] } } : {}) });
      return casePage(c, { ...view, ...(field ? {} : { notice: refusal(texts[res.reason]) }) });
    },
  });

  inboundRoutes(r, p);
}
