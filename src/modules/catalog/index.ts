import { fileURLToPath } from 'node:url';
import { isUuid, alert, moduleHooks, notFound, policies, type Ctx, type ModuleDefinition, type Platform } from '../../kernel/index.ts';
import { messages } from './messages.ts';
import { categoryBySlug, listCategories, listServices, searchServices, serviceById, serviceBySlug } from './repository.ts';
import { parseServiceForm } from './schema.ts';
import { catalogHome, editPage, formOf, manageList, serviceDetail, serviceIndex } from './views.ts';
import { updateService } from './commands/update-service.ts';
import { describeFee } from './fees.ts';

export { insertCategory, insertService, serviceBySlug, type NewService, type Service } from './repository.ts';
export { feeFor, describeFee, parseEuro, type Fee } from './fees.ts';

const editor = policies.staff('admin');

async function serviceForEdit(p: Platform, c: Ctx) {
  const id = c.params.id ?? '';
  const s = isUuid(id) ? await serviceById(p.db, c.tenant!.id, id) : undefined;
  if (!s) throw notFound();
  return s;
}

/** Service catalogue (Leistungen von A bis Z) per municipality, with Lebenslagen, search and fee schedules. */
export const catalogModule: ModuleDefinition = {
  id: 'catalog',
  cafeteria: 'catalog',
  nav: [{ key: 'module.catalog', path: '/leistungen' }],
  adminLinks: [{ key: 'module.catalog', label: (lang) => messages(lang)('manage'), path: '/verwaltung/leistungen', policy: editor }],
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  routes(r, p) {
    r.route({
      method: 'GET',
      url: '/:tenant/leistungen',
      policy: policies.public,
      module: 'catalog',
      handler: async (c) => {
        const q = (c.query.q ?? '').slice(0, 100).trim();
        const tenantId = c.tenant!.id;
        const [categories, popular, results] = await Promise.all([
          listCategories(p.db, tenantId),
          q ? Promise.resolve([]) : listServices(p.db, tenantId, { order: 'popular', limit: 8 }),
          q ? searchServices(p.db, tenantId, q) : Promise.resolve(undefined),
        ]);
        return catalogHome(c, { q, popular, categories, ...(results ? { results } : {}) });
      },
    });
    r.route({
      method: 'GET',
      url: '/:tenant/leistungen/a-z',
      policy: policies.public,
      module: 'catalog',
      handler: async (c) => serviceIndex(c, messages(c.lang)('all'), '', await listServices(p.db, c.tenant!.id)),
    });
    r.route({
      method: 'GET',
      url: '/:tenant/leistungen/lebenslage/:category',
      policy: policies.public,
      module: 'catalog',
      handler: async (c) => {
        const cat = await categoryBySlug(p.db, c.tenant!.id, c.params.category ?? '');
        if (!cat) throw notFound();
        return serviceIndex(c, cat.name, cat.description, await listServices(p.db, c.tenant!.id, { categoryId: cat.id }));
      },
    });
    r.route({
      method: 'GET',
      url: '/:tenant/leistungen/:service',
      policy: policies.public,
      module: 'catalog',
      handler: async (c) => {
        const s = await serviceBySlug(p.db, c.tenant!.id, c.params.service ?? '');
        if (!s) throw notFound();
        const actions = await moduleHooks(c, (m) => (m.serviceActions ? (cc: Ctx) => m.serviceActions!(cc, s.slug) : undefined));
        return serviceDetail(c, s, actions);
      },
    });

    r.route({ method: 'GET', url: '/:tenant/verwaltung/leistungen', policy: editor, module: 'catalog', handler: async (c) => manageList(c, await listServices(p.db, c.tenant!.id, { all: true })) });
    r.route({
      method: 'GET',
      url: '/:tenant/verwaltung/leistungen/:id',
      policy: editor,
      module: 'catalog',
      handler: async (c) => {
        const s = await serviceForEdit(p, c);
        return editPage(c, s, formOf(s));
      },
    });
    r.route({
      method: 'POST',
      url: '/:tenant/verwaltung/leistungen/:id',
      policy: editor,
      module: 'catalog',
      handler: async (c) => {
        const s = await serviceForEdit(p, c);
        const m = messages(c.lang);
        const { form, errors, update, version } = parseServiceForm(c.body, s, m);
        if (update) {
          const res = await updateService(p.db, { tenantId: c.tenant!.id, serviceId: s.id, expectedVersion: version, update, actor: c.user!, now: c.now });
          if (res === 'ok') return void c.redirect(`/${c.tenant!.slug}/verwaltung/leistungen/${s.id}`, 'admin.saved');
          c.reply.code(409);
          return editPage(c, s, form, {}, alert('danger', m('error.conflict')));
        }
        c.reply.code(422);
        return editPage(c, s, form, errors);
      },
    });

    r.route({
      method: 'GET',
      url: '/api/v1/:tenant/services',
      policy: policies.public,
      module: 'catalog',
      api: true,
      handler: async (c) => {
        const q = (c.query.q ?? '').slice(0, 100).trim();
        const list = q ? await searchServices(p.db, c.tenant!.id, q) : await listServices(p.db, c.tenant!.id, { order: 'popular' });
        return {
          data: list.map((s) => ({
            id: s.id,
            slug: s.slug,
            name: s.name,
            shortDescription: s.shortDescription,
            leikaKey: s.leikaKey,
            fee: s.fee,
            feeText: describeFee(s.fee, c.lang),
            identityLevel: s.identityLevel,
            maturity: s.maturity,
            categories: s.categories,
            url: `${p.config.baseUrl}/${c.tenant!.slug}/leistungen/${s.slug}`,
          })),
        };
      },
    });
  },
};
