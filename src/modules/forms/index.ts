import { fileURLToPath } from 'node:url';
import { isUuid, alert, formatDateTime, HttpError, html, LEVEL_RANK, moduleHooks, notFound, oidcProviderOf, page, policies, str, type Ctx, type MessageKey, type ModuleDefinition, type Platform } from '../../kernel/index.ts';
import { serviceBySlug } from '../catalog/index.ts';
import { compiledVersion } from './compiled.ts';
import { readStep, validateAnswers, type FieldErrors } from './engine.ts';
import { messages } from './messages.ts';
import { reviewBody, stepBody, displayValue } from './render.ts';
import { draftsOf, submissionsWithDataOf, ensureDraft, findDraft, formsForService, formVersionById, publishedForm, submissionByKey, submissionForStaff, submissionOf, submissionsOf, type Draft, type FormVersionRow } from './repository.ts';
import { saveStep, type StepAction } from './commands/save-step.ts';
import { idempotencyKeyOf, submitForm } from './commands/submit-form.ts';
import { formsAdminRoutes, formsLibraryRoutes } from './admin.ts';
import { acceptUploads } from './uploads.ts';

export { insertForm } from './repository.ts';

/** The answers of a submission as label/value rows in the version it was filled in (for clerks and documents). */
export async function describeSubmission(db: import('../../kernel/index.ts').Queryable, tenantId: string, submissionId: string, lang: 'de' | 'en'): Promise<{ title: string; version: number; rows: { label: string; value: string }[]; data: Record<string, unknown> } | undefined> {
  const s = await submissionForStaff(db, tenantId, submissionId);
  if (!s) return undefined;
  const cf = compiledVersion(`sub:${s.id}`, s.definition);
  const m = messages(lang);
  const rows = [...cf.fields.values()].filter(({ field }) => s.data[field.name] !== undefined).map(({ field }) => ({ label: field.label, value: displayValue(field, s.data[field.name], m, lang) }));
  return { title: s.title, version: s.version, rows, data: s.data };
}
export { compileForm, type FormDefinition } from './definition.ts';

const citizen = policies.citizen;

interface Loaded {
  form: FormVersionRow;
  draft: Draft;
  version: FormVersionRow;
}

/** Raised when the login is weaker than the service requires; the shell shows the step-up page. */
class LevelTooLow extends Error {
  constructor(readonly page: ReturnType<typeof html>) {
    super('identity level too low');
  }
}

/** A service that needs a stronger login than this session has (e.g. Online-Ausweis) asks for a step-up login. */
async function requireLevel(p: Platform, c: Ctx, serviceSlug: string | null): Promise<void> {
  if (!serviceSlug) return;
  const service = await serviceBySlug(p.db, c.tenant!.id, serviceSlug, { all: true });
  if (!service) return;
  const have = LEVEL_RANK[c.session?.level ?? 'basic'] ?? 1;
  const need = LEVEL_RANK[service.identityLevel] ?? 1;
  if (have >= need) return;
  const provider = await oidcProviderOf(p.db, c.tenant!.id);
  const levelName = c.t(`level.${service.identityLevel}` as MessageKey);
  const back = encodeURIComponent(c.path);
  c.reply.code(403);
  throw new LevelTooLow(
    page(c, { title: c.t('login.title') }, html`<div class="narrow"><h1 class="kern-heading-large">${service.name}</h1>
${alert('warning', c.t('login.levelRequired', { level: levelName }))}
${provider ? html`<p class="kern-body"><a class="kern-btn kern-btn--primary" href="/${c.tenant!.slug}/anmelden/oidc?niveau=${service.identityLevel}&zurueck=${back}"><span class="kern-label">${c.t('login.levelButton')}</span></a></p>` : html`<p class="kern-body">${c.t('login.levelUnavailable')}</p>`}</div>`),
  );
}

/** Like `load`, but answers with the step-up page when the login is too weak for the service. */
async function loadOrStepUp(p: Platform, c: Ctx): Promise<Loaded | ReturnType<typeof html>> {
  try {
    return await load(p, c);
  } catch (e) {
    if (e instanceof LevelTooLow) return e.page;
    throw e;
  }
}

/** The citizen's draft of this form (created on first visit, with prefill from the account where the form asks). */
async function load(p: Platform, c: Ctx): Promise<Loaded> {
  const key = c.params.key ?? '';
  const form = /^[a-z0-9-]{2,80}$/.test(key) ? await publishedForm(p.db, c.tenant!.id, key) : undefined;
  if (!form) throw notFound();
  await requireLevel(p, c, form.serviceSlug);
  let draft = await findDraft(p.db, c.tenant!.id, c.user!.id, form.formId);
  if (!draft) {
    const cf = compiledVersion(form.versionId, form.definition);
    const prefill: Record<string, unknown> = {};
    for (const [field, attr] of Object.entries(cf.def.prefill ?? {})) prefill[field] = attr === 'email' ? c.user!.email : c.user!.displayName || undefined;
    draft = await p.db.transaction((tx) => ensureDraft(tx, { tenantId: c.tenant!.id, userId: c.user!.id, formId: form.formId, versionId: form.versionId, data: prefill, now: c.now }));
  }
  // A draft keeps the version it was started with, even if a newer one is published meanwhile.
  const version = draft.formVersionId === form.versionId ? form : await formVersionById(p.db, c.tenant!.id, draft.formVersionId);
  if (!version) throw notFound();
  return { form, draft, version };
}

function formPage(c: Ctx, l: Loaded, body: ReturnType<typeof html>) {
  const cf = compiledVersion(l.version.versionId, l.version.definition);
  return page(c, { title: cf.def.title }, html`<div class="narrow"><h1 class="kern-heading-large">${cf.def.title}</h1>${cf.def.intro ? html`<p class="kern-body">${cf.def.intro}</p>` : ''}${body}</div>`);
}

function base(c: Ctx): string {
  return `/${c.tenant!.slug}/formulare/${c.params.key}`;
}

function showStep(c: Ctx, l: Loaded, step: number, o: { errors?: FieldErrors; data?: Record<string, unknown>; notice?: ReturnType<typeof html> } = {}) {
  const cf = compiledVersion(l.version.versionId, l.version.definition);
  const m = messages(c.lang);
  if (step >= cf.def.steps.length) {
    const review = reviewBody(c, cf, {
      action: `${base(c)}/absenden`,
      stepUrl: (n) => `${base(c)}?schritt=${n}`,
      data: l.draft.data,
      revision: l.draft.revision,
      idempotencyKey: idempotencyKeyOf(l.draft.id, l.draft.revision),
      errors: o.errors ?? {},
    });
    return formPage(c, l, html`${o.notice ?? ''}${review}`);
  }
  const notice = o.notice ?? (l.draft.revision > 1 && step === l.draft.step && !o.errors ? alert('info', m('resume')) : undefined);
  return formPage(c, l, stepBody(c, cf, { action: base(c), step, revision: l.draft.revision, data: o.data ?? l.draft.data, errors: o.errors ?? {}, ...(notice ? { notice } : {}) }));
}

/** Form server: versioned JSON forms rendered as accessible multi-step KERN forms with drafts and review. */
export const formsModule: ModuleDefinition = {
  id: 'forms',
  cafeteria: 'forms',
  adminLinks: [{ key: 'module.forms', label: (lang) => messages(lang)('manage'), path: '/verwaltung/formulare', policy: policies.staff('admin') }],
  startPath: '/leistungen',
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  async serviceActions(c, serviceSlug) {
    const forms = await formsForService(c.platform.db, c.tenant!.id, serviceSlug);
    if (!forms.length) return undefined;
    const m = messages(c.lang);
    return html`<div class="kern-btn-wrapper">${forms.map((f) => html`<a class="kern-btn kern-btn--primary" href="/${c.tenant!.slug}/formulare/${f.key}"><span class="kern-label">${m('apply')}${forms.length > 1 ? html`: ${f.title}` : ''}</span></a>`)}</div>`;
  },
  async personalData(c) {
    const [drafts, submissions] = await Promise.all([draftsOf(c.platform.db, c.tenant!.id, c.user!.id), submissionsWithDataOf(c.platform.db, c.tenant!.id, c.user!.id)]);
    return { title: messages(c.lang)('submissions'), records: [...drafts.map((d) => ({ art: 'Entwurf', formular: d.title, geaendert: d.updatedAt })), ...submissions] };
  },
  async deletionBlockers(c) {
    const subs = await submissionsOf(c.platform.db, c.tenant!.id, c.user!.id, 1);
    return subs.length ? ['Sie haben Formulare eingereicht. Diese Unterlagen unterliegen einer Aufbewahrungspflicht.'] : [];
  },
  async accountSections(c) {
    if (c.user?.kind !== 'citizen') return undefined;
    const m = messages(c.lang);
    const [drafts, submissions] = await Promise.all([draftsOf(c.platform.db, c.tenant!.id, c.user.id), submissionsOf(c.platform.db, c.tenant!.id, c.user.id, 5)]);
    const base = `/${c.tenant!.slug}/formulare`;
    return html`<h2 class="kern-heading-medium">${m('drafts')}</h2>
${drafts.length ? html`<ul class="service-list">${drafts.map((d) => html`<li><a class="kern-link" href="${base}/${d.key}">${d.title}</a><p class="kern-body kern-body--small">${formatDateTime(d.updatedAt, c.lang)}</p></li>`)}</ul>` : html`<p class="kern-body">${m('noDrafts')}</p>`}
${submissions.length ? html`<h2 class="kern-heading-medium">${m('submissions')}</h2><ul class="service-list">${submissions.map((s) => html`<li><a class="kern-link" href="${base}/${s.key}/eingereicht/${s.id}">${s.title}</a><p class="kern-body kern-body--small">${formatDateTime(s.submittedAt, c.lang)}</p></li>`)}</ul>` : ''}`;
  },
  routes(r, p) {
    r.route({
      method: 'GET',
      url: '/:tenant/formulare/:key',
      policy: citizen,
      module: 'forms',
      handler: async (c) => {
        const l = await loadOrStepUp(p, c);
        if (!('draft' in l)) return l;
        const wanted = c.query.schritt === undefined ? l.draft.step : Number(c.query.schritt);
        const step = Number.isInteger(wanted) && wanted >= 0 && wanted <= l.draft.furthestStep ? wanted : l.draft.step;
        return showStep(c, l, step);
      },
    });

    r.route({
      method: 'POST',
      url: '/:tenant/formulare/:key',
      policy: citizen,
      module: 'forms',
      handler: async (c) => {
        const m = messages(c.lang);
        const l = await loadOrStepUp(p, c);
        if (!('draft' in l)) return l;
        const cf = compiledVersion(l.version.versionId, l.version.definition);
        const step = Number(str(c.body, 'schritt', 3));
        const revision = Number(str(c.body, 'revision', 12));
        const action = str(c.body, 'aktion', 20) as StepAction;
        if (!['weiter', 'zurueck', 'speichern'].includes(action) || !Number.isInteger(step) || step < 0 || step >= cf.def.steps.length) {
          throw new HttpError(400, 'error.400.title', 'error.400.text');
        }
        if (step > l.draft.furthestStep) {
          c.reply.code(409);
          return showStep(c, l, l.draft.step, { notice: alert('warning', m('staleStep')) });
        }
        const { values, unknown, typeErrors } = readStep(cf, step, c.body);
        if (unknown.length) {
          c.reply.code(400);
          return showStep(c, l, step, { notice: alert('danger', m('unknownFields')) });
        }
        if (revision !== l.draft.revision) {
          c.reply.code(409);
          return showStep(c, l, l.draft.step, { notice: alert('warning', m('staleRevision')) });
        }
        const files = await acceptUploads(p, c, cf, step, l.draft.data);
        Object.assign(values, files.values);
        const merged = { ...l.draft.data, ...values };
        const errors = { ...(action === 'weiter' ? validateAnswers(cf, merged, [step], m, typeErrors) : {}), ...files.errors };
        const res = await saveStep(p.db, { tenantId: c.tenant!.id, user: c.user!, draft: l.draft, cf, step, values, errors, action, now: c.now });
        if (!res.ok) {
          c.reply.code(409);
          const fresh = await load(p, c);
          return showStep(c, fresh, fresh.draft.step, { notice: alert('warning', m('staleRevision')) });
        }
        if (Object.keys(errors).length) {
          c.reply.code(422);
          return showStep(c, { ...l, draft: { ...l.draft, data: merged, revision: res.revision } }, step, { errors, data: merged });
        }
        if (action === 'speichern') return void c.redirect(`${base(c)}?schritt=${step}`, 'form.draftSaved');
        c.redirect(`${base(c)}?schritt=${res.next}`);
      },
    });

    r.route({
      method: 'POST',
      url: '/:tenant/formulare/:key/absenden',
      policy: citizen,
      module: 'forms',
      handler: async (c) => {
        const m = messages(c.lang);
        const key = str(c.body, 'schluessel', 200);
        // A repeated submit (double click, retry) finds the first submission by its key.
        const earlier = key ? await submissionByKey(p.db, c.tenant!.id, key) : undefined;
        if (earlier && earlier.userId === c.user!.id) {
          const [landing] = await moduleHooks(c, (mod) => (mod.submissionLanding ? (cc: Ctx) => mod.submissionLanding!(cc, earlier.id) : undefined));
          return void c.redirect(landing ?? `${base(c)}/eingereicht/${earlier.id}`);
        }
        const l = await loadOrStepUp(p, c);
        if (!('draft' in l)) return l;
        const cf = compiledVersion(l.version.versionId, l.version.definition);
        if (key !== idempotencyKeyOf(l.draft.id, l.draft.revision)) {
          c.reply.code(409);
          return showStep(c, l, cf.def.steps.length <= l.draft.furthestStep ? cf.def.steps.length : l.draft.step, { notice: alert('warning', m('staleRevision')) });
        }
        const errors = validateAnswers(cf, l.draft.data, 'all', m);
        if (Object.keys(errors).length || l.draft.furthestStep < cf.def.steps.length) {
          c.reply.code(422);
          const first = Math.min(...Object.keys(errors).map((k) => cf.fields.get(k.split('.')[0]!)?.step ?? 0), l.draft.furthestStep);
          return showStep(c, l, first, { errors: Object.fromEntries(Object.entries(errors).filter(([k]) => cf.fields.get(k.split('.')[0]!)?.step === first)) });
        }
        const { submissionId } = await submitForm(p.db, { tenantId: c.tenant!.id, user: c.user!, formId: l.form.formId, formKey: l.version.key, serviceSlug: l.version.serviceSlug, draft: l.draft, cf, now: c.now, emit: p.emit });
        const [landing] = await moduleHooks(c, (mod) => (mod.submissionLanding ? (cc: Ctx) => mod.submissionLanding!(cc, submissionId) : undefined));
        c.redirect(landing ?? `${base(c)}/eingereicht/${submissionId}`, 'form.submitted');
      },
    });

    r.route({
      method: 'GET',
      url: '/:tenant/formulare/:key/eingereicht/:id',
      policy: citizen,
      module: 'forms',
      handler: async (c) => {
        const m = messages(c.lang);
        const id = c.params.id ?? '';
        const s = isUuid(id) ? await submissionOf(p.db, c.tenant!.id, c.user!.id, id) : undefined;
        if (!s) throw notFound();
        const cf = compiledVersion(`sub:${s.id}`, s.definition);
        return page(
          c,
          { title: m('submitted') },
          html`<div class="narrow"><h1 class="kern-heading-large">${m('submitted')}: ${s.title}</h1>
${alert('success', m('submittedText', { date: formatDateTime(s.submittedAt, c.lang) }))}
<dl class="kern-description-list">${[...cf.fields.values()]
            .filter(({ field }) => s.data[field.name] !== undefined)
            .map(({ field }) => html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${field.label}</dt><dd class="kern-description-list-item__value">${displayValue(field, s.data[field.name], m, c.lang)}</dd></div>`)}</dl></div>`,
        );
      },
    });

    formsLibraryRoutes(r, p);
    formsAdminRoutes(r, p);
  },
};
