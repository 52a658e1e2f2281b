import {
  ACCENTS,
  MODULE_IDS,
  moduleFieldset,
  parseModuleForm,
  select,
  switchModules,
  errorSummary,
  field,
  html,
  listStaff,
  page,
  policies,
  postForm,
  textarea,
  HttpError,
  type Ctx,
  type FieldErrors,
  type MessageKey,
  type ModuleDefinition,
  type ModuleId,
  type TenantSettings,
} from '../../kernel/index.ts';
import { updateSettings } from './commands/update-settings.ts';
import { modulesPutSchema, parseSettings } from './schema.ts';

const admin = policies.staff('admin');

function dashboard(c: Ctx): ReturnType<typeof page> {
  const u = c.user!;
  const isAdmin = u.roles.includes('admin');
  return page(
    c,
    { title: c.t('admin.title') },
    html`<h1 class="kern-heading-large">${c.t('admin.title')}</h1>
<h2 class="kern-heading-medium">${c.t('admin.roles')}</h2>
<ul class="kern-list">${u.roles.map((r) => html`<li>${c.t(`role.${r}` as MessageKey)}</li>`)}</ul>
<h2 class="kern-heading-medium">${c.t('admin.tasks')}</h2>
<ul class="kern-list">
${isAdmin ? html`<li><a class="kern-link" href="/${c.tenant!.slug}/verwaltung/einstellungen">${c.t('admin.settings')}</a></li>` : ''}
${c.platform.modules
      .filter((m) => !m.cafeteria || c.tenant!.modules.has(m.cafeteria))
      .flatMap((m) => m.adminLinks ?? [])
      .filter((l) => !l.policy || l.policy.check(u) === 'allow')
      .map((l) => html`<li><a class="kern-link" href="/${c.tenant!.slug}${l.path}">${l.label ? l.label(c.lang) : c.t(l.key)}</a></li>`)}
</ul>`,
  );
}

function settingsPage(c: Ctx, o: { settings?: TenantSettings; errors?: FieldErrors; staff: { email: string; roles: string[] }[] }) {
  const t = c.tenant!;
  const s: TenantSettings = o.settings ?? { accent: t.accent, phone: t.phone, email: t.email, impressum: t.impressum, privacy: t.privacy, accessibility: t.accessibility };
  const e = o.errors ?? {};
  const base = `/${t.slug}/verwaltung`;
  return page(
    c,
    { title: c.t('admin.settings') },
    html`<h1 class="kern-heading-large">${c.t('admin.settings')}</h1>
${errorSummary(c, e)}
<h2 class="kern-heading-medium">${c.t('admin.modules')}</h2>
${postForm(
      c,
      `${base}/module`,
      moduleFieldset(c, t.modules),
      c.t('form.save'),
    )}
<h2 class="kern-heading-medium">${c.t('admin.texts')}</h2>
${postForm(
      c,
      `${base}/einstellungen`,
      html`${select({ name: 'accent', label: c.t('admin.accent'), value: s.accent, options: Object.keys(ACCENTS).map((a) => ({ value: a, label: a })), error: e.accent })}
${field({ name: 'phone', label: c.t('common.phone'), type: 'tel', value: s.phone, error: e.phone, autocomplete: 'off' })}
${field({ name: 'email', label: c.t('form.email'), type: 'email', value: s.email, error: e.email, autocomplete: 'off' })}
${textarea({ name: 'impressum', label: c.t('legal.impressum'), value: s.impressum, error: e.impressum })}
${textarea({ name: 'privacy', label: c.t('legal.privacy'), value: s.privacy, error: e.privacy })}
${textarea({ name: 'accessibility', label: c.t('legal.accessibility'), value: s.accessibility, error: e.accessibility })}`,
      c.t('form.save'),
    )}
<h2 class="kern-heading-medium">${c.t('admin.staff')}</h2>
<table class="kern-table"><thead class="kern-table__header"><tr class="kern-table__row"><th class="kern-table__cell" scope="col">${c.t('form.email')}</th><th class="kern-table__cell" scope="col">${c.t('admin.roles')}</th></tr></thead>
<tbody class="kern-table__body">${o.staff.map((u) => html`<tr class="kern-table__row"><td class="kern-table__cell">${u.email}</td><td class="kern-table__cell">${u.roles.map((r) => c.t(`role.${r}` as MessageKey)).join(', ')}</td></tr>`)}</tbody></table>`,
  );
}

/** The municipality's own administration: modules (cafeteria), branding, legal texts, staff overview. */
export const administrationModule: ModuleDefinition = {
  id: 'administration',
  nav: [{ key: 'nav.admin', path: '/verwaltung', policy: policies.staff() }],
  routes(r, p) {
    r.route({ method: 'GET', url: '/:tenant/verwaltung', policy: policies.staff(), handler: (c) => dashboard(c) });
    r.route({
      method: 'GET',
      url: '/:tenant/verwaltung/einstellungen',
      policy: admin,
      handler: async (c) => settingsPage(c, { staff: await listStaff(p.db, c.tenant!.id) }),
    });
    r.route({
      method: 'POST',
      url: '/:tenant/verwaltung/module',
      policy: admin,
      handler: async (c) => {
        await switchModules(p.db, { tenantId: c.tenant!.id, actor: c.user!, enabled: parseModuleForm(c.body), now: c.now });
        p.tenants.invalidate();
        c.redirect(`/${c.tenant!.slug}/verwaltung/einstellungen`, 'admin.saved');
      },
    });
    r.route({
      method: 'POST',
      url: '/:tenant/verwaltung/einstellungen',
      policy: admin,
      handler: async (c) => {
        const { settings, errors } = parseSettings(c.body, c.t);
        if (Object.keys(errors).length) {
          c.reply.code(422);
          return settingsPage(c, { settings, errors, staff: await listStaff(p.db, c.tenant!.id) });
        }
        await updateSettings(p.db, { tenantId: c.tenant!.id, actor: c.user!, settings, now: c.now });
        p.tenants.invalidate();
        c.redirect(`/${c.tenant!.slug}/verwaltung/einstellungen`, 'admin.saved');
      },
    });

    r.route({
      method: 'GET',
      url: '/api/v1/:tenant/admin/modules',
      policy: admin,
      api: true,
      handler: (c) => ({ modules: Object.fromEntries(MODULE_IDS.map((m) => [m, c.tenant!.modules.has(m)])) }),
    });
    r.route({
      method: 'PUT',
      url: '/api/v1/:tenant/admin/modules',
      policy: admin,
      api: true,
      handler: async (c) => {
        const parsed = modulesPutSchema.safeParse(c.req.body);
        if (!parsed.success) throw new HttpError(422, 'error.400.title', 'error.400.text');
        const enabled = new Set<ModuleId>(MODULE_IDS.filter((m) => parsed.data.modules[m] ?? c.tenant!.modules.has(m)));
        const changed = await switchModules(p.db, { tenantId: c.tenant!.id, actor: c.user!, enabled, now: c.now });
        p.tenants.invalidate();
        return { modules: Object.fromEntries(MODULE_IDS.map((m) => [m, enabled.has(m)])), changed };
      },
    });
  },
};
