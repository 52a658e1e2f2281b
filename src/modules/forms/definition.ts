import { z } from 'zod';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its function arrives as the default export's `default`.
type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;
const addFormats: AddFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

export const WIDGETS = ['text', 'textarea', 'email', 'tel', 'date', 'number', 'select', 'radio', 'checkbox', 'checkboxes', 'address', 'iban', 'file'] as const;
export type Widget = (typeof WIDGETS)[number];

const option = z.strictObject({ value: z.string().min(1).max(100), label: z.string().min(1).max(200) });

const fieldSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,49}$/),
  widget: z.enum(WIDGETS),
  label: z.string().min(1).max(300),
  help: z.string().max(1000).optional(),
  options: z.array(option).min(1).max(100).optional(),
  showIf: z.strictObject({ field: z.string(), equals: z.union([z.string(), z.boolean()]) }).optional(),
  autocomplete: z.string().max(50).optional(),
  /** German message shown when a `pattern` in the schema does not match. */
  patternMessage: z.string().max(300).optional(),
});
export type FieldDef = z.infer<typeof fieldSchema>;

/** A form definition: JSON Schema for the data plus the layout (steps, widgets, help, conditions, prefill). */
export const formDefinitionSchema = z.strictObject({
  title: z.string().min(2).max(200),
  intro: z.string().max(2000).optional(),
  schema: z.record(z.string(), z.unknown()),
  steps: z.array(z.strictObject({ title: z.string().min(1).max(200), intro: z.string().max(1000).optional(), fields: z.array(fieldSchema).min(1).max(50) })).min(1).max(20),
  /** Fields filled from the account, only if the form asks for them: field name → account attribute. */
  prefill: z.record(z.string(), z.enum(['displayName', 'email'])).optional(),
});
export type FormDefinition = z.infer<typeof formDefinitionSchema>;

export interface CompiledForm {
  def: FormDefinition;
  validate: ValidateFunction;
  fields: Map<string, { field: FieldDef; step: number }>;
  required: Set<string>;
  properties: Record<string, Record<string, unknown>>;
}

/** IBAN check digits (ISO 13616, mod 97). */
export function validIban(v: string): boolean {
  const s = v.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  if (s.startsWith('DE') && s.length !== 22) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const n = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of n) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, code: { esm: true } });
addFormats(ajv, ['date', 'email']);
ajv.addFormat('iban', { type: 'string', validate: validIban });

export class FormDefinitionError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/**
 * Checks a definition as a whole (layout, schema compiles, every field has a property and vice versa,
 * conditions point to earlier fields, widgets fit their property types) and compiles its validator.
 */
export function compileForm(input: unknown): CompiledForm {
  const parsed = formDefinitionSchema.safeParse(input);
  if (!parsed.success) throw new FormDefinitionError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const def = parsed.data;
  const problems: string[] = [];
  const schema = def.schema as { type?: string; properties?: Record<string, Record<string, unknown>>; required?: string[]; additionalProperties?: boolean };
  if (schema.type !== 'object' || !schema.properties) problems.push('schema: muss ein Objekt mit properties sein');
  if (schema.additionalProperties !== false) problems.push('schema: additionalProperties muss false sein');
  const properties = schema.properties ?? {};
  const fields = new Map<string, { field: FieldDef; step: number }>();
  def.steps.forEach((s, step) => {
    for (const f of s.fields) {
      if (fields.has(f.name)) problems.push(`Feld ${f.name} kommt doppelt vor`);
      const prop = properties[f.name];
      if (!prop) problems.push(`Feld ${f.name} fehlt im Schema`);
      if (f.showIf) {
        const target = fields.get(f.showIf.field);
        if (!target) problems.push(`Bedingung von ${f.name} verweist auf ${f.showIf.field}, das nicht vorher kommt`);
      }
      if ((f.widget === 'select' || f.widget === 'radio' || f.widget === 'checkboxes') && !f.options) problems.push(`Feld ${f.name} braucht options`);
      if (prop) {
        const t = prop.type;
        const expect: Record<Widget, string> = { text: 'string', textarea: 'string', email: 'string', tel: 'string', date: 'string', iban: 'string', select: 'string', radio: 'string', number: 'integer', checkbox: 'boolean', checkboxes: 'array', address: 'object', file: 'object' };
        if (t !== expect[f.widget] && !(f.widget === 'number' && t === 'number')) problems.push(`Feld ${f.name}: Widget ${f.widget} passt nicht zum Typ ${String(t)}`);
      }
      fields.set(f.name, { field: f, step });
    }
  });
  for (const name of Object.keys(properties)) if (!fields.has(name)) problems.push(`Eigenschaft ${name} hat kein Feld im Layout`);
  for (const [k] of Object.entries(def.prefill ?? {})) if (!fields.has(k)) problems.push(`prefill: ${k} ist kein Feld`);
  let validate: ValidateFunction | undefined;
  try {
    validate = ajv.compile(def.schema);
  } catch (e) {
    problems.push(`schema: ${(e as Error).message}`);
  }
  if (problems.length || !validate) throw new FormDefinitionError(problems);
  return { def, validate, fields, required: new Set(schema.required ?? []), properties };
}
