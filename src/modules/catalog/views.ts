import { alert, errorSummary, field, html, page, paragraphs, postForm, select, textarea, checkbox, type Ctx, type FieldErrors, type SafeHtml } from '../../kernel/index.ts';
import { centsToInput, describeFee } from './fees.ts';
import { messages, type CatalogMessage } from './messages.ts';
import { IDENTITY_LEVELS, type Category, type Service } from './repository.ts';
import { EDITABLE_FEE_KINDS, type ServiceForm } from './schema.ts';

const base = (c: Ctx) => `/${c.tenant!.slug}/leistungen`;

function searchForm(c: Ctx, q: string): SafeHtml {
  const m = messages(c.lang);
  return html`<form method="get" action="${base(c)}" role="search" class="search-form">
<div class="kern-form-input"><label class="kern-label" for="f-q">${m('searchLabel')}</label>
<div class="kern-hint" id="f-q-hint">${m('searchHint')}</div>
<input class="kern-form-input__input" id="f-q" name="q" type="search" value="${q}" maxlength="100" aria-describedby="f-q-hint"></div>
<button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">${m('searchSubmit')}</span></button>
</form>`;
}

function serviceList(c: Ctx, services: Service[]): SafeHtml {
  return html`<ul class="service-list">${services.map(
    (s) => html`<li><a class="kern-link" href="${base(c)}/${s.slug}">${s.name}</a>${s.shortDescription ? html`<p class="kern-body">${s.shortDescription}</p>` : ''}</li>`,
  )}</ul>`;
}

export function catalogHome(c: Ctx, o: { q: string; results?: Service[]; popular: Service[]; categories: Category[] }): SafeHtml {
  const m = messages(c.lang);
  return page(
    c,
    { title: m('title') },
    html`<h1 class="kern-heading-large">${m('title')}</h1>
<p class="kern-body">${m('intro')}</p>
${searchForm(c, o.q)}
${o.results
  ? html`<h2 class="kern-heading-medium" id="treffer">${o.results.length ? m('results', { n: o.results.length, q: o.q }) : ''}</h2>
${o.results.length ? serviceList(c, o.results) : alert('info', m('noResults', { q: o.q }))}`
  : html`<h2 class="kern-heading-medium">${m('popular')}</h2>${serviceList(c, o.popular)}`}
<h2 class="kern-heading-medium">${m('categories')}</h2>
<ul class="card-grid">${o.categories.map((k) => html`<li><h3><a class="kern-link" href="${base(c)}/lebenslage/${k.slug}">${k.name}</a></h3>${k.description ? html`<p class="kern-body">${k.description}</p>` : ''}</li>`)}</ul>
<p class="kern-body"><a class="kern-link" href="${base(c)}/a-z">${m('all')}</a></p>`,
  );
}

export function serviceIndex(c: Ctx, title: string, intro: string, services: Service[]): SafeHtml {
  const m = messages(c.lang);
  return page(
    c,
    { title },
    html`<h1 class="kern-heading-large">${title}</h1>${intro ? html`<p class="kern-body">${intro}</p>` : ''}
${serviceList(c, services)}
<p class="kern-body"><a class="kern-link" href="${base(c)}">${m('back')}</a></p>`,
  );
}

function row(key: string, value: SafeHtml | string): SafeHtml {
  return html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${key}</dt><dd class="kern-description-list-item__value">${value}</dd></div>`;
}

export function serviceDetail(c: Ctx, s: Service, actions: SafeHtml[] = []): SafeHtml {
  const m = messages(c.lang);
  const exemptions = 'exemptions' in s.fee ? (s.fee.exemptions ?? []) : [];
  return page(
    c,
    { title: s.name },
    html`<h1 class="kern-heading-large">${s.name}</h1>
${s.shortDescription ? html`<p class="kern-body kern-body--large">${s.shortDescription}</p>` : ''}
${paragraphs(s.description)}
<dl class="kern-description-list">
${row(m('fee'), describeFee(s.fee, c.lang))}
${exemptions.length ? row(m('exemptions'), html`<ul class="kern-list">${exemptions.map((e) => html`<li>${e}</li>`)}</ul>`) : ''}
${s.processingTime ? row(m('processingTime'), s.processingTime) : ''}
${row(m('identity'), m(`level.${s.identityLevel}` as CatalogMessage))}
${row(m('maturity'), m(`maturity.${s.maturity}` as CatalogMessage))}
${s.responsibleUnit ? row(m('responsible'), s.responsibleUnit) : ''}
${s.contactEmail || s.contactPhone ? row(m('contact'), html`${s.contactPhone}${s.contactPhone && s.contactEmail ? html`<br>` : ''}${s.contactEmail ? html`<a class="kern-link" href="mailto:${s.contactEmail}">${s.contactEmail}</a>` : ''}`) : ''}
${s.legalBasis ? row(m('legalBasis'), s.legalBasis) : ''}
${s.leikaKey ? row(m('leika'), s.leikaKey) : ''}
</dl>
${actions.length ? actions : s.maturity < 2 ? alert('info', m('notOnline')) : ''}
<p class="kern-body"><a class="kern-link" href="${base(c)}">${m('back')}</a></p>`,
  );
}

export function manageList(c: Ctx, services: Service[]): SafeHtml {
  const m = messages(c.lang);
  return page(
    c,
    { title: m('manage'), wide: true },
    html`<h1 class="kern-heading-large">${m('manage')}</h1><p class="kern-body">${m('manageIntro')}</p>
<table class="kern-table"><caption class="kern-title">${m('manage')}</caption>
<thead class="kern-table__header"><tr class="kern-table__row"><th class="kern-table__cell" scope="col">${m('field.name')}</th><th class="kern-table__cell" scope="col">${m('fee')}</th><th class="kern-table__cell" scope="col">${m('published')}</th></tr></thead>
<tbody class="kern-table__body">${services.map(
      (s) => html`<tr class="kern-table__row"><td class="kern-table__cell"><a class="kern-link" href="/${c.tenant!.slug}/verwaltung/leistungen/${s.id}">${s.name}</a></td>
<td class="kern-table__cell">${describeFee(s.fee, c.lang)}</td><td class="kern-table__cell">${s.published ? c.t('common.yes') : m('unpublished')}</td></tr>`,
    )}</tbody></table>`,
  );
}

export function formOf(s: Service): ServiceForm {
  const f = s.fee;
  const amount = f.kind === 'fixed' || f.kind === 'per_year' ? centsToInput(f.cents) : f.kind === 'per_copy' ? centsToInput(f.firstCents) : f.kind === 'range' ? centsToInput(f.minCents) : '';
  const amount2 = f.kind === 'per_copy' ? centsToInput(f.extraCents) : f.kind === 'range' ? centsToInput(f.maxCents) : '';
  return {
    name: s.name,
    shortDescription: s.shortDescription,
    description: s.description,
    keywords: s.keywords,
    leikaKey: s.leikaKey ?? '',
    legalBasis: s.legalBasis,
    feeKind: f.kind,
    amount,
    amount2,
    exemptions: ('exemptions' in f ? (f.exemptions ?? []) : []).join('\n'),
    processingTime: s.processingTime,
    responsibleUnit: s.responsibleUnit,
    contactEmail: s.contactEmail,
    contactPhone: s.contactPhone,
    identityLevel: s.identityLevel,
    maturity: String(s.maturity),
    published: s.published,
    version: String(s.version),
  };
}

export function editPage(c: Ctx, s: Service, f: ServiceForm, errors: FieldErrors = {}, notice?: SafeHtml): SafeHtml {
  const m = messages(c.lang);
  const kinds = s.fee.kind === 'tiers' ? [...EDITABLE_FEE_KINDS, 'tiers' as const] : EDITABLE_FEE_KINDS;
  return page(
    c,
    { title: `${m('edit')}: ${s.name}` },
    html`<div class="narrow"><h1 class="kern-heading-large">${s.name}</h1>
${errorSummary(c, errors)}${notice ?? ''}
${postForm(
      c,
      `/${c.tenant!.slug}/verwaltung/leistungen/${s.id}`,
      html`<input type="hidden" name="version" value="${f.version}">
${field({ name: 'name', label: m('field.name'), value: f.name, error: errors.name, required: true, maxlength: 200 })}
${field({ name: 'shortDescription', label: m('field.short'), value: f.shortDescription, error: errors.shortDescription, maxlength: 500 })}
${textarea({ name: 'description', label: m('field.description'), value: f.description, error: errors.description, rows: 8 })}
${field({ name: 'keywords', label: m('field.keywords'), hint: m('field.keywords.hint'), value: f.keywords, error: errors.keywords, maxlength: 500 })}
${select({ name: 'feeKind', label: m('field.feeKind'), value: f.feeKind, options: kinds.map((k) => ({ value: k, label: m(`fee.${k}` as CatalogMessage) })), error: errors.feeKind })}
${field({ name: 'amount', label: m('field.amount'), hint: m('field.amount.hint'), value: f.amount, error: errors.amount, maxlength: 15 })}
${field({ name: 'amount2', label: m('field.amount2'), value: f.amount2, error: errors.amount2, maxlength: 15 })}
${textarea({ name: 'exemptions', label: m('field.exemptions'), value: f.exemptions, error: errors.exemptions, rows: 3 })}
${field({ name: 'processingTime', label: m('field.processingTime'), value: f.processingTime, error: errors.processingTime, maxlength: 200 })}
${field({ name: 'responsibleUnit', label: m('field.responsible'), value: f.responsibleUnit, error: errors.responsibleUnit, maxlength: 200 })}
${field({ name: 'contactEmail', label: m('field.contactEmail'), type: 'email', value: f.contactEmail, error: errors.contactEmail, maxlength: 254 })}
${field({ name: 'contactPhone', label: m('field.contactPhone'), type: 'tel', value: f.contactPhone, error: errors.contactPhone, maxlength: 50 })}
${select({ name: 'identityLevel', label: m('field.identity'), value: f.identityLevel, options: IDENTITY_LEVELS.map((l) => ({ value: l, label: m(`level.${l}` as CatalogMessage) })), error: errors.identityLevel })}
${select({ name: 'maturity', label: m('field.maturity'), value: f.maturity, options: [0, 1, 2, 3, 4].map((n) => ({ value: String(n), label: `${n} – ${m(`maturity.${n}` as CatalogMessage)}` })), error: errors.maturity })}
${field({ name: 'leikaKey', label: m('field.leika'), value: f.leikaKey, error: errors.leikaKey, maxlength: 14 })}
${textarea({ name: 'legalBasis', label: m('field.legal'), value: f.legalBasis, error: errors.legalBasis, rows: 2 })}
${checkbox({ name: 'published', label: m('field.published'), checked: f.published })}`,
      c.t('form.save'),
    )}</div>`,
  );
}
