import { checkbox, errorSummary, field, html, raw, select, textarea, type Ctx, type SafeHtml } from '../../kernel/index.ts';
import { formatDate } from '../../kernel/index.ts';
import type { CompiledForm, FieldDef } from './definition.ts';
import { visibleFields, type FieldErrors, type FormData } from './engine.ts';
import { messages } from './messages.ts';

type M = ReturnType<typeof messages>;

function str(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function errorLine(id: string, error: string | undefined): SafeHtml {
  return error ? html`<p class="kern-error" id="${id}-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${error}</p>` : html``;
}

function group(f: FieldDef, error: string | undefined, hint: string | undefined, body: SafeHtml): SafeHtml {
  const id = `f-${f.name}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<fieldset class="kern-fieldset${error ? ' kern-fieldset--error' : ''}"${described ? html` aria-describedby="${described}"` : ''}>
<legend class="kern-label">${f.label}</legend>
${hint ? html`<div class="kern-hint" id="${id}-hint">${hint}</div>` : ''}
${errorLine(id, error)}
<div class="kern-fieldset__body">${body}</div></fieldset>`;
}

/** One field as accessible KERN markup; works without JavaScript. */
export function renderField(f: FieldDef, value: unknown, errors: FieldErrors, required: boolean, m: M): SafeHtml {
  const error = errors[f.name];
  const label = required || f.widget === 'checkbox' ? f.label : `${f.label} ${m('optional')}`;
  const hint = f.help;
  const common = { name: f.name, label, error, ...(hint ? { hint } : {}) };
  switch (f.widget) {
    case 'text':
    case 'email':
    case 'tel':
      return field({ ...common, type: f.widget, value: str(value), ...(f.autocomplete ? { autocomplete: f.autocomplete } : {}), required });
    case 'iban':
      return field({ ...common, value: str(value), autocomplete: 'off', required });
    case 'number':
      return field({ ...common, value: str(value), required });
    case 'date':
      return field({ ...common, type: 'date', value: str(value), required });
    case 'textarea':
      return textarea({ ...common, value: str(value) });
    case 'select':
      return select({ ...common, value: str(value), options: [{ value: '', label: '–' }, ...(f.options ?? [])] });
    case 'checkbox':
      return checkbox({ name: f.name, label: f.label, checked: value === true, error });
    case 'radio':
      return group(
        f,
        error,
        hint,
        html`${(f.options ?? []).map((o, i) => {
          const id = i === 0 ? `f-${f.name}` : `f-${f.name}-${i}`;
          return html`<div class="kern-form-check"><input class="kern-form-check__radio" type="radio" id="${id}" name="${f.name}" value="${o.value}"${value === o.value ? raw(' checked') : ''}>
<label class="kern-label" for="${id}">${o.label}</label></div>`;
        })}`,
      );
    case 'checkboxes': {
      const list = Array.isArray(value) ? value : [];
      return group(
        f,
        error,
        hint,
        html`${(f.options ?? []).map((o, i) => {
          const id = i === 0 ? `f-${f.name}` : `f-${f.name}-${i}`;
          return html`<div class="kern-form-check"><input class="kern-form-check__checkbox" type="checkbox" id="${id}" name="${f.name}" value="${o.value}"${list.includes(o.value) ? raw(' checked') : ''}>
<label class="kern-label" for="${id}">${o.label}</label></div>`;
        })}`,
      );
    }
    case 'file': {
      const id = `f-${f.name}`;
      const current = value && typeof value === 'object' ? (value as { name?: string; size?: number }) : undefined;
      const described = [hint ? `${id}-hint` : '', `${id}-types`, error ? `${id}-error` : '', current ? `${id}-current` : ''].filter(Boolean).join(' ');
      return html`<div class="kern-form-input${error ? ' kern-form-input--error' : ''}">
<label class="kern-label" for="${id}">${label}</label>
${hint ? html`<div class="kern-hint" id="${id}-hint">${hint}</div>` : ''}
<div class="kern-hint" id="${id}-types">${m('fileTypes')}</div>
${error ? html`<p class="kern-error" id="${id}-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${error}</p>` : ''}
${current ? html`<p class="kern-body" id="${id}-current">${m('fileCurrent', { name: current.name ?? '', size: Math.ceil((current.size ?? 0) / 1024) })}</p>` : ''}
<input class="kern-form-input__input" type="file" id="${id}" name="${f.name}" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" aria-describedby="${described}"${error ? raw(' aria-invalid="true"') : ''}>
</div>`;
    }
    case 'address': {
      const a = (value && typeof value === 'object' ? value : {}) as Record<string, string>;
      const part = (p: 'street' | 'postalCode' | 'city', autocomplete: string, max: number) =>
        field({ name: `${f.name}.${p}`, label: m(p), value: a[p] ?? '', error: errors[`${f.name}.${p}`], autocomplete, maxlength: max, required });
      return group(f, error, hint, html`${part('street', 'street-address', 120)}${part('postalCode', 'postal-code', 5)}${part('city', 'address-level2', 80)}`);
    }
  }
}

/** The answer as text for the review page. */
export function displayValue(f: FieldDef, v: unknown, m: M, lang: 'de' | 'en'): string {
  if (v === undefined || v === null || v === '') return m('none');
  switch (f.widget) {
    case 'checkbox':
      return v === true ? m('yes') : m('no');
    case 'radio':
    case 'select':
      return f.options?.find((o) => o.value === v)?.label ?? String(v);
    case 'checkboxes':
      return Array.isArray(v) && v.length ? v.map((x) => f.options?.find((o) => o.value === x)?.label ?? String(x)).join(', ') : m('none');
    case 'address': {
      const a = v as Record<string, string>;
      return [a.street, [a.postalCode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    }
    case 'file':
      return (v as { name?: string }).name ?? m('none');
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? formatDate(new Date(`${String(v)}T12:00:00Z`), lang) : String(v);
    case 'iban':
      return String(v).replace(/(.{4})/g, '$1 ').trim();
    default:
      return String(v);
  }
}

export interface StepView {
  action: string;
  step: number;
  revision: number;
  data: FormData;
  errors: FieldErrors;
  notice?: SafeHtml;
}

/** A step of the form with progress, error summary and the navigation buttons. */
export function stepBody(c: Ctx, cf: CompiledForm, v: StepView): SafeHtml {
  const m = messages(c.lang);
  const s = cf.def.steps[v.step]!;
  const visible = visibleFields(cf, v.data);
  const fields = s.fields.filter((f) => visible.has(f.name) || !f.showIf);
  return html`<p class="kern-body kern-body--small">${m('step', { n: v.step + 1, total: cf.def.steps.length })}</p>
<h2 class="kern-heading-medium">${s.title}</h2>
${errorSummary(c, v.errors)}${v.notice ?? ''}
${s.intro ? html`<p class="kern-body">${s.intro}</p>` : ''}
<form method="post" action="${v.action}" novalidate class="stack"${s.fields.some((f) => f.widget === 'file') ? raw(' enctype="multipart/form-data"') : ''}>
<input type="hidden" name="_csrf" value="${c.csrf()}">
<input type="hidden" name="schritt" value="${v.step}">
<input type="hidden" name="revision" value="${v.revision}">
${fields.map((f) => renderField(f, v.data[f.name], v.errors, cf.required.has(f.name), m))}
<div class="kern-btn-wrapper">
<button type="submit" name="aktion" value="weiter" class="kern-btn kern-btn--primary"><span class="kern-label">${m('next')}</span></button>
${v.step > 0 ? html`<button type="submit" name="aktion" value="zurueck" class="kern-btn kern-btn--secondary"><span class="kern-label">${m('back')}</span></button>` : ''}
<button type="submit" name="aktion" value="speichern" class="kern-btn kern-btn--tertiary"><span class="kern-label">${m('save')}</span></button>
</div></form>`;
}

/** The review step: every visible answer with a link back to its step, and the binding submit button. */
export function reviewBody(c: Ctx, cf: CompiledForm, o: { action: string; stepUrl: (n: number) => string; data: FormData; revision: number; idempotencyKey: string; errors: FieldErrors }): SafeHtml {
  const m = messages(c.lang);
  const visible = visibleFields(cf, o.data);
  return html`<h2 class="kern-heading-medium">${m('review')}</h2>
${errorSummary(c, o.errors)}
<p class="kern-body">${m('reviewIntro')}</p>
${cf.def.steps.map(
    (s, i) => html`<h3 class="kern-heading-small">${s.title}</h3>
<dl class="kern-description-list">${s.fields
      .filter((f) => visible.has(f.name))
      .map(
        (f) => html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${f.label}</dt>
<dd class="kern-description-list-item__value">${displayValue(f, o.data[f.name], m, c.lang)}${o.errors[f.name] ? html` <strong class="kern-error">${o.errors[f.name]}</strong>` : ''}</dd></div>`,
      )}</dl>
<p class="kern-body"><a class="kern-link" href="${o.stepUrl(i)}">${m('change')}<span class="kern-sr-only">: ${s.title}</span></a></p>`,
  )}
<form method="post" action="${o.action}" class="stack">
<input type="hidden" name="_csrf" value="${c.csrf()}">
<input type="hidden" name="schluessel" value="${o.idempotencyKey}">
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">${m('submit')}</span></button></div>
</form>`;
}
