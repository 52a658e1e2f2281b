import type { ModuleDefinition } from './app.ts';
import { policies } from '../auth/policy.ts';
import { MODULE_IDS, type Tenant } from '../tenancy/tenancy.ts';
import { openApiDocument } from './openapi.ts';

function publicTenant(t: Tenant, baseUrl: string) {
  return {
    slug: t.slug,
    name: t.name,
    kind: t.kind,
    land: t.land,
    ags: t.ags,
    ars: t.ars,
    address: { street: t.street, postalCode: t.postalCode, city: t.city },
    contact: { phone: t.phone, email: t.email, website: t.website },
    modules: MODULE_IDS.filter((m) => t.modules.has(m)),
    members: t.members,
    url: `${baseUrl}/${t.slug}`,
  };
}

/** Public, read-only JSON about the member municipalities, and the OpenAPI description. */
export const publicApiModule: ModuleDefinition = {
  id: 'public-api',
  routes(r, p) {
    r.route({
      method: 'GET',
      url: '/api/v1/openapi.json',
      policy: policies.public,
      api: true,
      handler: () => openApiDocument(p.config.baseUrl),
    });
    r.route({
      method: 'GET',
      url: '/api/v1/tenants',
      policy: policies.public,
      api: true,
      handler: async () => ({ data: (await p.tenants.list()).filter((t) => t.active).map((t) => publicTenant(t, p.config.baseUrl)) }),
    });
    r.route({
      method: 'GET',
      url: '/api/v1/:tenant',
      policy: policies.public,
      api: true,
      handler: (c) => publicTenant(c.tenant!, p.config.baseUrl),
    });
  },
};
