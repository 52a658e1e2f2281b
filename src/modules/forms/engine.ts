import type { ErrorObject } from 'ajv';
import type { CompiledForm, FieldDef } from './definition.ts';
import type { messages } from './messages.ts';

type M = ReturnType<typeof messages>;
export type FormData = Record<string, unknown>;
export type FieldErrors = Record<string, string>;

const CONTROL_KEYS = new Set(['_csrf', 'schritt', 'revision', 'aktion']);

/** What a file answer holds: a reference to the stored file, never the content. */
export interface FileAnswer {
  id: string;
  name: string;
  size: number;
  type: string;
}
const ADDRESS_PARTS = ['street', 'postalCode', 'city'] as const;

/** Fields shown for the given answers; a field whose condition depends on a hidden field is hidden too. */
export function visibleFields(cf: CompiledForm, data: FormData): Set<string> {
  const visible = new Set<string>();
  for (const [name, { field }] of cf.fields) {
    if (!field.showIf) visible.add(name);
    else if (visible.has(field.showIf.field) && data[field.showIf.field] === field.showIf.equals) visible.add(name);
  }
  return visible;
}

/** Keeps only answers to visible fields of the schema (hidden answers are not submitted). */
export function cleanData(cf: CompiledForm, data: FormData): FormData {
  const visible = visibleFields(cf, data);
  return Object.fromEntries(Object.entries(data).filter(([k, v]) => visible.has(k) && v !== undefined));
}

function germanDate(v: string): string {
  const m = v.match(/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : v;
}

/**
 * Reads one step's fields from a posted form into typed values. Names that are not fields of
 * this step make the whole request invalid (manipulated or stale form).
 */
export function readStep(cf: CompiledForm, step: number, body: Record<string, unknown>): { values: FormData; unknown: string[]; typeErrors: Set<string> } {
  const stepFields = cf.def.steps[step]?.fields ?? [];
  const allowed = new Set<string>();
  for (const f of stepFields) {
    if (f.widget === 'address') for (const p of ADDRESS_PARTS) allowed.add(`${f.name}.${p}`);
    else allowed.add(f.name);
  }
  const unknown = Object.keys(body).filter((k) => !CONTROL_KEYS.has(k) && !allowed.has(k));
  const values: FormData = {};
  const typeErrors = new Set<string>();
  const one = (k: string): string | undefined => {
    const v = body[k];
    if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
    return typeof v === 'string' ? v : undefined;
  };
  for (const f of stepFields) {
    const raw = one(f.name);
    switch (f.widget) {
      case 'file':
        break; // files are checked and stored by the route (see uploads), not read from the text body
      case 'checkbox':
        values[f.name] = raw === 'ja';
        break;
      case 'checkboxes': {
        const v = body[f.name];
        const list = (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).filter((x): x is string => typeof x === 'string');
        values[f.name] = [...new Set(list)];
        break;
      }
      case 'address': {
        const a: Record<string, string> = {};
        for (const p of ADDRESS_PARTS) {
          const x = one(`${f.name}.${p}`)?.trim();
          if (x) a[p] = x;
        }
        values[f.name] = Object.keys(a).length ? a : undefined;
        break;
      }
      case 'number': {
        const x = raw?.trim();
        if (!x) values[f.name] = undefined;
        else if (/^-?\d{1,12}$/.test(x)) values[f.name] = Number(x);
        else {
          values[f.name] = x;
          typeErrors.add(f.name);
        }
        break;
      }
      case 'iban':
        values[f.name] = raw?.replace(/\s/g, '').toUpperCase() || undefined;
        break;
      case 'date':
        values[f.name] = raw?.trim() ? germanDate(raw.trim()) : undefined;
        break;
      default:
        values[f.name] = raw?.trim() || undefined;
    }
  }
  return { values, unknown, typeErrors };
}

function messageFor(e: ErrorObject, f: FieldDef | undefined, m: M): string {
  switch (e.keyword) {
    case 'required':
      return f?.widget === 'radio' || f?.widget === 'select' ? m('requiredChoice') : m('required');
    case 'const':
      return f?.widget === 'checkbox' ? m('requiredCheck') : m('choice');
    case 'enum':
      return m('choice');
    case 'minLength':
      return m('minLength', { n: Number(e.params.limit) });
    case 'maxLength':
      return m('maxLength', { n: Number(e.params.limit) });
    case 'pattern':
      return f?.patternMessage ?? m('pattern');
    case 'format':
      return e.params.format === 'date' ? m('date') : e.params.format === 'email' ? m('email') : e.params.format === 'iban' ? m('iban') : m('invalid');
    case 'minimum':
      return m('minimum', { n: Number(e.params.limit) });
    case 'maximum':
      return m('maximum', { n: Number(e.params.limit) });
    case 'minItems':
      return m('minItems', { n: Number(e.params.limit) });
    case 'type':
      return f?.widget === 'number' ? m('integer') : m('invalid');
    default:
      return m('invalid');
  }
}

/**
 * Validates the answers against the form's JSON Schema and returns German messages per field,
 * limited to the visible fields of the given steps (all steps for the final submission).
 * Error keys are field names, or `field.part` for address parts, matching the input ids.
 */
export function validateAnswers(cf: CompiledForm, data: FormData, steps: number[] | 'all', m: M, typeErrors: Set<string> = new Set()): FieldErrors {
  const clean = cleanData(cf, data);
  const visible = visibleFields(cf, clean);
  const inScope = (name: string) => {
    const entry = cf.fields.get(name);
    return !!entry && visible.has(name) && (steps === 'all' || steps.includes(entry.step));
  };
  const errors: FieldErrors = {};
  for (const name of typeErrors) if (inScope(name)) errors[name] = m('integer');
  // Errors of hidden fields (including their requirements) are dropped below, so hidden answers never block.
  const probe: FormData = { ...clean };
  for (const name of typeErrors) delete probe[name];
  if (!cf.validate(probe)) {
    for (const e of cf.validate.errors ?? []) {
      const path = e.instancePath.split('/').filter(Boolean);
      let name = path[0];
      let key = name;
      if (e.keyword === 'required') {
        const missing = String(e.params.missingProperty);
        if (path.length === 0) {
          name = missing;
          key = missing;
        } else key = `${name}.${missing}`;
      } else if (path.length > 1 && cf.fields.get(name!)?.field.widget === 'address') key = `${name}.${path[1]}`;
      if (!name || !inScope(name) || errors[key!] || typeErrors.has(name)) continue;
      errors[key!] = messageFor(e, cf.fields.get(name)?.field, m);
    }
  }
  return errors;
}
