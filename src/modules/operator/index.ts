import { isUuid,
  LAENDER,
  MODULE_IDS,
  TENANT_KINDS,
  errorSummary,
  field,
  findTenantById,
  formatDateTime,
  html,
  moduleFieldset,
  notFound,
  page,
  parseModuleForm,
  policies,
  postForm,
  select,
  switchModules,
  type Ctx,
  type FieldErrors,
  type MessageKey,
  type ModuleDefinition,
  type Platform,
  type Tenant,
} from '../../kernel/index.ts';
import { createTenant } from './commands/create-tenant.ts';
import { setTenantStatus } from './commands/manage-tenant.ts';
import { parseNewTenant, type NewTenantInput } from './schema.ts';


function newTenantPage(c: Ctx, o: { input?: NewTenantInput; errors?: FieldErrors } = {}) {
  const v = o.input;
  const e = o.errors ?? {};
  return page(
    c,
    { title: c.t('operator.newTenant') },
    html`<div class="narrow"><h1 class="kern-heading-large">${c.t('operator.newTenant')}</h1>
${errorSummary(c, e)}
<p class="kern-body">${c.t('operator.newTenant.intro')}</p>
${postForm(
      c,
      '/betrieb/kommunen/neu',
      html`${field({ name: 'name', label: c.t('tenant.field.name'), value: v?.name ?? '', error: e.name, required: true, maxlength: 120 })}
${select({ name: 'kind', label: c.t('tenant.field.kind'), value: v?.kind ?? 'gemeinde', options: TENANT_KINDS.map((k) => ({ value: k, label: c.t(`kind.${k}`) })), error: e.kind })}
${field({ name: 'slug', label: c.t('tenant.field.slug'), hint: c.t('tenant.field.slug.hint'), value: v?.slug ?? '', error: e.slug, required: true, maxlength: 40 })}
${select({ name: 'land', label: c.t('tenant.field.land'), value: v?.land ?? 'BB', options: Object.entries(LAENDER).map(([k, l]) => ({ value: k, label: l.name })), error: e.land })}
${field({ name: 'ags', label: c.t('tenant.field.ags'), hint: c.t('tenant.field.ags.hint'), value: v?.ags ?? '', error: e.ags, maxlength: 8 })}
${field({ name: 'ars', label: c.t('tenant.field.ars'), value: v?.ars ?? '', error: e.ars, required: true, maxlength: 12 })}
${field({ name: 'street', label: c.t('tenant.field.street'), value: v?.street ?? '', maxlength: 120 })}
${field({ name: 'postalCode', label: c.t('tenant.field.postalCode'), value: v?.postalCode ?? '', error: e.postalCode, maxlength: 5 })}
${field({ name: 'city', label: c.t('tenant.field.city'), value: v?.city ?? '', maxlength: 120 })}
${field({ name: 'adminEmail', label: c.t('tenant.field.adminEmail'), type: 'email', value: v?.adminEmail ?? '', error: e.adminEmail, required: true, autocomplete: 'off' })}`,
      c.t('operator.newTenant'),
    )}</div>`,
  );
}

async function tenantOf(p: Platform, c: Ctx): Promise<Tenant> {
  const id = c.params.id ?? '';
  const t = isUuid(id) ? await findTenantById(p.db, id) : undefined;
  if (!t) throw notFound();
  return t;
}

function tenantPage(c: Ctx, t: Tenant) {
  const base = `/betrieb/kommunen/${t.id}`;
  return page(
    c,
    { title: `${c.t(`kind.${t.kind}`)} ${t.name}` },
    html`<h1 class="kern-heading-large">${c.t(`kind.${t.kind}`)} ${t.name}</h1>
<p class="kern-body">${LAENDER[t.land].name} · ${t.ags ?? t.ars} · <a class="kern-link" href="/${t.slug}">/${t.slug}</a></p>
<h2 class="kern-heading-medium">${c.t('admin.modules')}</h2>
${postForm(c, `${base}/module`, moduleFieldset(c, t.modules), c.t('form.save'))}
<h2 class="kern-heading-medium">${c.t('operator.status')}: ${t.active ? c.t('operator.active') : c.t('operator.inactive')}</h2>
<p class="kern-body">${c.t('operator.deactivate.hint')}</p>
${postForm(c, `${base}/status`, html`<input type="hidden" name="active" value="${t.active ? 'nein' : 'ja'}">`, t.active ? c.t('operator.deactivate') : c.t('operator.activate'))}`,
  );
}

/** The Zweckverband's console: member municipalities, their modules, and the mail outbox of embedded mode. */
export const operatorModule: ModuleDefinition = {
  id: 'operator',
  routes(r, p) {
    r.route({
      method: 'GET',
      url: '/betrieb',
      policy: policies.operator,
      handler: async (c) => {
        const tenants = await p.tenants.list();
        return page(
          c,
          { title: c.t('operator.title'), wide: true },
          html`<h1 class="kern-heading-large">${c.t('operator.title')}</h1>
<ul class="kern-list"><li><a class="kern-link" href="/betrieb/kommunen/neu">${c.t('operator.newTenant')}</a></li>
<li><a class="kern-link" href="/betrieb/postausgang">${c.t('operator.outbox')}</a></li></ul>
<h2 class="kern-heading-medium">${c.t('operator.tenants')}</h2>
<table class="kern-table"><caption class="kern-title">${c.t('operator.tenants')}</caption>
<thead class="kern-table__header"><tr class="kern-table__row">
<th class="kern-table__cell" scope="col">${c.t('table.name')}</th><th class="kern-table__cell" scope="col">${c.t('table.slug')}</th>
<th class="kern-table__cell" scope="col">${c.t('table.land')}</th><th class="kern-table__cell" scope="col">${c.t('table.ags')}</th>
<th class="kern-table__cell" scope="col">${c.t('table.modules')}</th><th class="kern-table__cell" scope="col">${c.t('operator.status')}</th></tr></thead>
<tbody class="kern-table__body">${tenants.map(
            (t) => html`<tr class="kern-table__row"><td class="kern-table__cell"><a class="kern-link" href="/betrieb/kommunen/${t.id}">${c.t(`kind.${t.kind}`)} ${t.name}</a></td>
<td class="kern-table__cell">${t.slug}</td><td class="kern-table__cell">${LAENDER[t.land].name}</td><td class="kern-table__cell">${t.ags ?? t.ars}</td>
<td class="kern-table__cell">${MODULE_IDS.filter((m) => t.modules.has(m)).map((m) => c.t(`module.${m}` as MessageKey)).join(', ')}</td>
<td class="kern-table__cell">${t.active ? c.t('operator.active') : c.t('operator.inactive')}</td></tr>`,
          )}</tbody></table>`,
        );
      },
    });

    r.route({ method: 'GET', url: '/betrieb/kommunen/neu', policy: policies.operator, handler: (c) => newTenantPage(c) });
    r.route({
      method: 'POST',
      url: '/betrieb/kommunen/neu',
      policy: policies.operator,
      handler: async (c) => {
        const { input, errors, valid } = parseNewTenant(c.body, c.t);
        if (valid) {
          const res = await createTenant(p.db, { input: valid, actor: c.user!, now: c.now, baseUrl: p.config.baseUrl, t: c.t, log2N: p.config.scryptLog2N });
          if (res.ok) {
            p.tenants.invalidate();
            return void c.redirect(`/betrieb/kommunen/${res.tenantId}`, 'operator.created');
          }
          if (res.taken.slug) errors.slug = c.t('tenant.error.slugTaken');
          if (res.taken.ars) errors.ars = c.t('tenant.error.arsTaken');
        }
        c.reply.code(422);
        return newTenantPage(c, { input, errors });
      },
    });
    r.route({ method: 'GET', url: '/betrieb/kommunen/:id', policy: policies.operator, handler: async (c) => tenantPage(c, await tenantOf(p, c)) });
    r.route({
      method: 'POST',
      url: '/betrieb/kommunen/:id/module',
      policy: policies.operator,
      handler: async (c) => {
        const t = await tenantOf(p, c);
        await switchModules(p.db, { tenantId: t.id, actor: c.user!, enabled: parseModuleForm(c.body), now: c.now });
        p.tenants.invalidate();
        c.redirect(`/betrieb/kommunen/${t.id}`, 'operator.saved');
      },
    });
    r.route({
      method: 'POST',
      url: '/betrieb/kommunen/:id/status',
      policy: policies.operator,
      handler: async (c) => {
        const t = await tenantOf(p, c);
        await setTenantStatus(p.db, { tenantId: t.id, actor: c.user!, active: c.body.active === 'ja', now: c.now });
        p.tenants.invalidate();
        c.redirect(`/betrieb/kommunen/${t.id}`, 'operator.saved');
      },
    });

    r.route({
      method: 'GET',
      url: '/betrieb/postausgang',
      policy: policies.operator,
      handler: (c) => {
        const mails = p.outbox?.list().slice(0, 100) ?? [];
        return page(
          c,
          { title: c.t('operator.outbox'), wide: true },
          html`<h1 class="kern-heading-large">${c.t('operator.outbox')}</h1>
<p class="kern-body">${c.t('operator.outbox.hint')}</p>
${mails.length === 0 ? html`<p class="kern-body">${c.t('operator.outbox.empty')}</p>` : mails.map(
            (m) => html`<article class="stack"><h2 class="kern-heading-small">${m.subject}</h2>
<p class="kern-body kern-body--small">${c.t('table.to')}: ${m.to} · ${formatDateTime(m.date, c.lang)}</p>
<pre class="mail">${m.text}</pre></article>`,
          )}`,
        );
      },
    });
  },
};
