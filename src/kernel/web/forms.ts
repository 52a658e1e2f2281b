import type { Ctx } from './app.ts';
import { html, raw, type SafeHtml } from './html.ts';
import { MODULE_IDS, type ModuleId } from '../tenancy/tenancy.ts';
import type { MessageKey } from './i18n/i18n.ts';

/** Field name → German message; an empty object means valid. */
export type FieldErrors = Record<string, string>;

export interface FieldOptions {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'url' | 'date';
  value?: string;
  hint?: string;
  error?: string | undefined;
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
}

/**
 * Screen-reader prefix of every inline error (the visible cue is the icon). The helpers get no
 * language, so the German word is marked up as German for English pages (WCAG 3.1.2).
 */
const ERROR_PREFIX = raw('<span class="kern-sr-only" lang="de">Fehler: </span>');

function errorLine(id: string, error: string): SafeHtml {
  return html`<p class="kern-error" id="${id}-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${ERROR_PREFIX}${error}</p>`;
}

/** Label, hint and inline error of a KERN input, and the aria-describedby that binds them. */
function inputHead(id: string, o: { label: string; hint?: string | undefined; error?: string | undefined }): { head: SafeHtml; describedBy: SafeHtml } {
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    head: html`<label class="kern-label" for="${id}">${o.label}</label>
${o.hint ? html`<div class="kern-hint" id="${id}-hint">${o.hint}</div>` : ''}
${o.error ? errorLine(id, o.error) : ''}`,
    describedBy: html`${described ? html` aria-describedby="${described}"` : ''}${o.error ? raw(' aria-invalid="true"') : ''}`,
  };
}

/** A KERN text input with label, hint and inline error bound by aria-describedby. */
export function field(o: FieldOptions): SafeHtml {
  const id = `f-${o.name}`;
  const { head, describedBy } = inputHead(id, o);
  return html`<div class="kern-form-input${o.error ? ' kern-form-input--error' : ''}">
${head}
<input class="kern-form-input__input${o.error ? ' kern-form-input__input--error' : ''}" id="${id}" name="${o.name}" type="${o.type ?? 'text'}"
 ${o.type !== 'password' && o.value !== undefined ? html`value="${o.value}"` : ''}
 ${o.autocomplete ? html`autocomplete="${o.autocomplete}"` : ''}
 ${o.maxlength ? html`maxlength="${o.maxlength}"` : ''}
 ${o.required ? raw('required aria-required="true"') : ''}${describedBy}>
</div>`;
}

export function textarea(o: { name: string; label: string; value: string; error?: string | undefined; rows?: number; hint?: string }): SafeHtml {
  const id = `f-${o.name}`;
  const { head, describedBy } = inputHead(id, o);
  return html`<div class="kern-form-input${o.error ? ' kern-form-input--error' : ''}">
${head}
<textarea class="kern-form-input__input${o.error ? ' kern-form-input__input--error' : ''}" id="${id}" name="${o.name}" rows="${o.rows ?? 6}"${describedBy}>${o.value}</textarea>
</div>`;
}

export function checkbox(o: { name: string; label: string; checked: boolean; error?: string | undefined; value?: string }): SafeHtml {
  const id = `f-${o.name}${o.value ? `-${o.value}` : ''}`;
  return html`<div class="kern-form-check">
${o.error ? errorLine(id, o.error) : ''}
<input class="kern-form-check__checkbox" type="checkbox" id="${id}" name="${o.name}" value="${o.value ?? 'ja'}"${o.checked ? raw(' checked') : ''}${o.error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
<label class="kern-label" for="${id}">${o.label}</label>
</div>`;
}

/** The GOV.UK/KERN error summary: focused target at the top, each entry links to its field. */
export function errorSummary(c: Ctx, errors: FieldErrors): SafeHtml {
  const entries = Object.entries(errors);
  if (entries.length === 0) return html``;
  return html`<div class="kern-alert kern-alert--danger error-summary" role="alert" aria-labelledby="error-summary-title">
<div class="kern-alert__header"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
<h2 class="kern-title" id="error-summary-title">${c.t('form.errorSummary')}</h2></div>
<div class="kern-alert__body"><ul class="kern-list">${entries.map(
    ([name, msg]) => html`<li><a class="kern-link" href="#f-${name}">${msg}</a></li>`,
  )}</ul></div></div>`;
}

/** A POST form carrying the CSRF token. */
export function postForm(c: Ctx, action: string, content: SafeHtml, submit: string, extra?: SafeHtml): SafeHtml {
  return html`<form method="post" action="${action}" novalidate class="stack">
<input type="hidden" name="_csrf" value="${c.csrf()}">
${content}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">${submit}</span></button>${extra ?? ''}</div>
</form>`;
}

/** Reads a single string field from a form body (arrays and objects are treated as absent). */
export function str(body: Record<string, unknown>, name: string, max = 1000): string {
  const v = body[name];
  return typeof v === 'string' ? v.slice(0, max + 1) : '';
}

/** A KERN select with label and inline error. */
export function select(o: { name: string; label: string; value: string; options: readonly { value: string; label: string }[]; error?: string | undefined; hint?: string }): SafeHtml {
  const id = `f-${o.name}`;
  const { head, describedBy } = inputHead(id, o);
  return html`<div class="kern-form-input${o.error ? ' kern-form-input--error' : ''}">
${head}
<div class="kern-form-input__select-wrapper"><select class="kern-form-input__select${o.error ? ' kern-form-input__select--error' : ''}" id="${id}" name="${o.name}"${describedBy}>
${o.options.map((x) => html`<option value="${x.value}"${x.value === o.value ? raw(' selected') : ''}>${x.label}</option>`)}
</select></div></div>`;
}

/** The cafeteria as a group of checkboxes. */
export function moduleFieldset(c: Ctx, enabled: ReadonlySet<ModuleId>): SafeHtml {
  return html`<fieldset class="kern-fieldset" aria-describedby="modules-hint"><legend class="kern-label">${c.t('admin.modules')}</legend>
<div class="kern-hint" id="modules-hint">${c.t('admin.modules.hint')}</div>
<div class="kern-fieldset__body module-list">${MODULE_IDS.map((m) => checkbox({ name: 'module', value: m, label: c.t(`module.${m}` as MessageKey), checked: enabled.has(m) }))}</div></fieldset>`;
}

/** Reads the checked modules of `moduleFieldset`; unknown values are ignored. */
export function parseModuleForm(body: Record<string, unknown>): Set<ModuleId> {
  const v = body.module;
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return new Set(list.filter((m): m is ModuleId => (MODULE_IDS as readonly string[]).includes(m as string)));
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a lower-case UUID as the database issues them; anything else in a URL is simply not found. */
export function isUuid(s: string | undefined): s is string {
  return typeof s === 'string' && UUID_RE.test(s);
}

/** A KERN description list of label/value rows (values are escaped unless already SafeHtml). */
export function descriptionList(rows: readonly (readonly [string, string | SafeHtml])[]): SafeHtml {
  return html`<dl class="kern-description-list">${rows.map(
    ([k, v]) => html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${k}</dt><dd class="kern-description-list-item__value">${v}</dd></div>`,
  )}</dl>`;
}
