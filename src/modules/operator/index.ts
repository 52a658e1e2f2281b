import {
  LAENDER,
  MODULE_IDS,
  formatDateTime,
  html,
  page,
  policies,
  type MessageKey,
  type ModuleDefinition,
} from '../../kernel/index.ts';

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
<p class="kern-body"><a class="kern-link" href="/betrieb/postausgang">${c.t('operator.outbox')}</a></p>
<h2 class="kern-heading-medium">${c.t('operator.tenants')}</h2>
<table class="kern-table"><caption class="kern-title">${c.t('operator.tenants')}</caption>
<thead class="kern-table__header"><tr class="kern-table__row">
<th class="kern-table__cell" scope="col">${c.t('table.name')}</th><th class="kern-table__cell" scope="col">${c.t('table.slug')}</th>
<th class="kern-table__cell" scope="col">${c.t('table.land')}</th><th class="kern-table__cell" scope="col">${c.t('table.ags')}</th>
<th class="kern-table__cell" scope="col">${c.t('table.modules')}</th></tr></thead>
<tbody class="kern-table__body">${tenants.map(
            (t) => html`<tr class="kern-table__row"><td class="kern-table__cell"><a class="kern-link" href="/${t.slug}">${c.t(`kind.${t.kind}`)} ${t.name}</a></td>
<td class="kern-table__cell">${t.slug}</td><td class="kern-table__cell">${LAENDER[t.land].name}</td><td class="kern-table__cell">${t.ags ?? t.ars}</td>
<td class="kern-table__cell">${MODULE_IDS.filter((m) => t.modules.has(m)).map((m) => c.t(`module.${m}` as MessageKey)).join(', ')}</td></tr>`,
          )}</tbody></table>`,
        );
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
