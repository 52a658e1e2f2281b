import type { ModuleDefinition } from './app.ts';
import { html, paragraphs } from './html.ts';
import { page } from './layout.ts';
import { policies } from '../auth/policy.ts';
import { notFound } from './errors.ts';
import { ACCENTS, LAENDER, tenantArms } from '../tenancy/tenancy.ts';
import { sql } from '../db/sql.ts';
import type { MessageKey } from './i18n/i18n.ts';

/** The platform's own pages: Zweckverband start page, health, tenant start page and legal texts. */
export const shellModule: ModuleDefinition = {
  id: 'shell',
  routes(r, p) {
    r.route({
      method: 'GET',
      url: '/health/live',
      policy: policies.public,
      handler: () => ({ status: 'ok' }),
    });
    r.route({
      method: 'GET',
      url: '/health',
      policy: policies.public,
      handler: async () => {
        await p.db.one(sql`select 1 as ok`);
        return { status: 'ok', database: p.db.engine };
      },
    });

    r.route({
      method: 'GET',
      url: '/',
      policy: policies.public,
      handler: async (c) => {
        const tenants = (await p.tenants.list()).filter((t) => t.active);
        return page(
          c,
          { title: c.t('home.title') },
          html`<h1 class="kern-heading-large">${c.t('home.title')}</h1>
<p class="kern-body">${c.t('home.intro')}</p>
<h2 class="kern-heading-medium">${c.t('home.members')}</h2>
<ul class="card-grid">${tenants.map(
            (t) => html`<li>
<h3><a class="kern-link" href="/${t.slug}">${c.t(`kind.${t.kind}`)} ${t.name}</a></h3>
<p class="kern-body">${LAENDER[t.land].name}</p>
${t.members.length ? html`<p class="kern-body kern-body--small">${c.t('home.memberGemeinden')}: ${t.members.map((m) => m.name).join(', ')}</p>` : ''}
</li>`,
          )}</ul>`,
        );
      },
    });

    r.route({
      method: 'GET',
      url: '/:tenant',
      policy: policies.public,
      handler: (c) => {
        const t = c.tenant!;
        // One card per switched-on cafeteria module (several code modules can share one switch).
        const seen = new Set<string>();
        const offered = p.modules.filter((m) => m.cafeteria && t.modules.has(m.cafeteria) && !seen.has(m.cafeteria) && !!seen.add(m.cafeteria));
        return page(
          c,
          { title: c.t('tenant.welcome') },
          html`<h1 class="kern-heading-large">${c.t('tenant.welcome')}</h1>
<p class="kern-body">${c.t('tenant.intro')}</p>
<h2 class="kern-heading-medium">${c.t('tenant.services')}</h2>
${offered.length === 0 ? html`<p class="kern-body">${c.t('tenant.noServices')}</p>` : html`<ul class="card-grid">${offered.map((m) => {
            const path = m.startPath ?? m.nav?.[0]?.path;
            const label = c.t(`module.${m.cafeteria}` as MessageKey);
            return html`<li><h3>${path ? html`<a class="kern-link" href="/${t.slug}${path}">${label}</a>` : label}</h3>
<p class="kern-body">${c.t(`module.${m.cafeteria}.desc` as MessageKey)}</p></li>`;
          })}</ul>`}
<h2 class="kern-heading-medium">${c.t('tenant.contact')}</h2>
<p class="kern-body">${c.t(`kind.${t.kind}`)} ${t.name}<br>${t.street}<br>${t.postalCode} ${t.city}</p>
${t.phone || t.email ? html`<p class="kern-body">${t.phone ? html`${c.t('common.phone')}: ${t.phone}<br>` : ''}${t.email ? html`${c.t('form.email')}: <a class="kern-link" href="mailto:${t.email}">${t.email}</a>` : ''}</p>` : ''}
${t.members.length ? html`<h2 class="kern-heading-medium">${c.t('home.memberGemeinden')}</h2><ul class="kern-list">${t.members.map((m) => html`<li>${m.name}</li>`)}</ul>` : ''}`,
        );
      },
    });

    const legal: [string, 'impressum' | 'privacy' | 'accessibility', MessageKey][] = [
      ['impressum', 'impressum', 'legal.impressum'],
      ['datenschutz', 'privacy', 'legal.privacy'],
      ['barrierefreiheit', 'accessibility', 'legal.accessibility'],
    ];
    for (const [path, field, title] of legal) {
      r.route({
        method: 'GET',
        url: `/:tenant/${path}`,
        policy: policies.public,
        handler: (c) => {
          const text = c.tenant![field];
          return page(
            c,
            { title: c.t(title) },
            html`<h1 class="kern-heading-large">${c.t(title)}</h1>${text ? paragraphs(text) : html`<p class="kern-body">${c.t('legal.missing')}</p>`}`,
          );
        },
      });
    }

    r.route({
      method: 'GET',
      url: '/:tenant/wappen.svg',
      policy: policies.public,
      cache: 'public, max-age=3600',
      handler: async (c) => {
        const svg = await tenantArms(p.db, c.tenant!.id);
        if (!svg) throw notFound();
        // Served as an image with its own sandboxing CSP: an SVG can hold script, an <img> never runs it.
        c.reply.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
        return void c.reply.type('image/svg+xml').send(svg);
      },
    });

    r.route({
      method: 'GET',
      url: '/:tenant/theme.css',
      policy: policies.public,
      cache: 'public, max-age=3600',
      handler: (c) => {
        const colour = ACCENTS[c.tenant!.accent];
        return void c.reply
          .type('text/css; charset=utf-8')
          .send(`:root{--amt-accent:${colour};--kern-color-action-default:${colour};}\n`);
      },
    });
  },
};
