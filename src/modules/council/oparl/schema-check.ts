/**
 * OParl 1.1 conformance check against the official schemas (OParl/spec v1.1.1, ../shared/standards/oparl).
 *
 * The official schema files are not plain JSON Schema: embedded objects are only named by the
 * non-standard keyword `schema` ("File.json"), and `required` lists a few fields only. So this module
 * compiles each schema with Ajv after replacing every embedded-object property by a shallow type check,
 * walks the embedded objects itself, and adds the rules that the spec text states but the schemas do
 * not: `id`/`type`/`created`/`modified` on every object (3-01), no `null`/`""`/`[]` for optional
 * fields and date-times as `yyyy-mm-ddThh:mm:ss±hh:mm` (2-04), deleted objects (2-08) and never
 * embedded (2-05), list pages (2-05) and the error object (2-09).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';

// ajv-formats is CommonJS; under NodeNext its function arrives as the default export's `default`.
type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;
const addFormats: AddFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

/** The twelve OParl 1.1 object types, one official schema file each. */
export const OPARL_TYPES = [
  'System',
  'Body',
  'LegislativeTerm',
  'Organization',
  'Person',
  'Membership',
  'Meeting',
  'AgendaItem',
  'Paper',
  'Consultation',
  'File',
  'Location',
] as const;
export type OparlType = (typeof OPARL_TYPES)[number];

/** Prefix of every OParl 1.1 `type` URL, e.g. `https://schema.oparl.org/1.1/Meeting`. */
export const OPARL_TYPE_PREFIX = 'https://schema.oparl.org/1.1/';
/** `type` of the OParl error object (spec 2-09). */
export const OPARL_ERROR_TYPE = `${OPARL_TYPE_PREFIX}Error`;

const SCHEMA_SUBDIR = 'shared/standards/oparl/1.1.1/schema/';
// Spec 2-04: `yyyy-mm-ddThh:mm:ss±hh:mm`. ajv-formats alone also accepts a space, fractions and `+0100`.
const STRICT_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$/;
const STRICT_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MANDATORY_ON_EVERY_OBJECT = ['id', 'type', 'created', 'modified'] as const;
const PAGINATION_FIELDS = ['totalElements', 'elementsPerPage', 'currentPage', 'totalPages'] as const;
const LINK_FIELDS = ['first', 'prev', 'next', 'last', 'self', 'web'] as const;

type Json = Record<string, unknown>;
interface SchemaProperty {
  type?: string | string[];
  format?: string;
  schema?: string;
  items?: { type?: string | string[]; schema?: string };
  [k: string]: unknown;
}
interface RawSchema {
  required?: string[];
  properties: Record<string, SchemaProperty>;
  [k: string]: unknown;
}
interface Embedded {
  target: OparlType;
  list: boolean;
}
interface CompiledType {
  name: OparlType;
  validate: ValidateFunction;
  required: Set<string>;
  embedded: Map<string, Embedded>;
}

/** Checks of OParl 1.1 documents; each returns human-readable errors `"<json path>: <problem>"`, empty when valid. */
export interface OparlValidator {
  validateObject(obj: unknown): string[];
  validateListPage(page: unknown, options?: ListPageOptions): string[];
  validateError(obj: unknown): string[];
}

/** Options for list pages: `type` demands that every item in `data` is of that object type. */
export interface ListPageOptions {
  type?: OparlType;
}

/** True for an absolute http(s) URL without whitespace: the `url` format of the OParl schemas. */
export function isOparlUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value === '' || /\s/.test(value)) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

// ajv-formats' own checks (calendar days, hour/minute ranges); a format is a function or { validate }.
function formatCheck(name: 'date' | 'date-time'): (s: string) => boolean {
  const f = fullFormats[name] as unknown;
  const fn = typeof f === 'function' ? f : (f as { validate?: unknown }).validate;
  if (typeof fn !== 'function') throw new Error(`ajv-formats has no validator for ${name}`);
  return fn as (s: string) => boolean;
}
const baseDateTime = formatCheck('date-time');
const baseDate = formatCheck('date');

function isStrictDateTime(s: string): boolean {
  return STRICT_DATE_TIME.test(s) && baseDateTime(s);
}

/** Where the official schemas are found by default: ../shared next to the repo (source-relative first, then cwd-relative). */
export function defaultOparlSchemaDir(): string {
  // ../shared next to the repository (newest), else the unchanged copy in test-data/ (a fresh clone anywhere).
  const candidates = [fileURLToPath(new URL(`../../../../../${SCHEMA_SUBDIR}`, import.meta.url)), resolve(process.cwd(), '..', SCHEMA_SUBDIR), fileURLToPath(new URL(`../../../../test-data/${SCHEMA_SUBDIR.replace(/^shared\//, '')}`, import.meta.url))];
  for (const dir of candidates) if (existsSync(resolve(dir, 'Body.json'))) return dir;
  throw new Error(`OParl schemas not found; looked in: ${candidates.join(', ')}`);
}

function typeName(schemaRef: string): OparlType {
  const name = schemaRef.replace(/\.json$/, '');
  if (!(OPARL_TYPES as readonly string[]).includes(name)) throw new Error(`schema reference to unknown type "${schemaRef}"`);
  return name as OparlType;
}

function compileType(ajv: Ajv, name: OparlType, raw: RawSchema): CompiledType {
  const embedded = new Map<string, Embedded>();
  const properties: Record<string, SchemaProperty> = {};
  for (const [key, prop] of Object.entries(raw.properties)) {
    if (typeof prop.schema === 'string') {
      // Embedded object; the walker validates it against its own schema (or checks the URL if given as one).
      embedded.set(key, { target: typeName(prop.schema), list: false });
      properties[key] = { type: ['object', 'string'] };
    } else if (prop.type === 'array' && typeof prop.items?.schema === 'string') {
      embedded.set(key, { target: typeName(prop.items.schema), list: true });
      properties[key] = { type: 'array', items: { type: ['object', 'string'] } };
    } else {
      properties[key] = prop;
    }
  }
  const validate = ajv.compile({ ...raw, properties });
  return { name, validate, required: new Set(raw.required ?? []), embedded };
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function pointerToPath(base: string, pointer: string, data: unknown): string {
  let path = base;
  let cur: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      path = join(path, Number(seg));
      cur = cur[Number(seg)];
    } else {
      path = join(path, seg);
      cur = isObject(cur) ? cur[seg] : undefined;
    }
  }
  return path;
}

const FORMAT_TEXT: Record<string, string> = {
  url: 'must be an absolute http(s) URL',
  'date-time': 'must be a date-time of the form yyyy-mm-ddThh:mm:ss±hh:mm (or Z), spec 2-04',
  date: 'must be a date of the form yyyy-mm-dd, spec 2-04',
};

/** Collects errors; an Ajv error is dropped when a more specific own message already names the same path. */
class Report {
  readonly own = new Map<string, string[]>();
  readonly ajv: [string, string][] = [];
  add(path: string, msg: string): void {
    const list = this.own.get(path) ?? [];
    if (!list.includes(msg)) list.push(msg);
    this.own.set(path, list);
  }
  addAjv(path: string, msg: string): void {
    this.ajv.push([path, msg]);
  }
  lines(): string[] {
    const out: string[] = [];
    for (const [path, msgs] of this.own) for (const m of msgs) out.push(`${path}: ${m}`);
    for (const [path, msg] of this.ajv) {
      const line = `${path}: ${msg}`;
      if (!this.own.has(path) && !out.includes(line)) out.push(line);
    }
    return out;
  }
}

/** Builds a validator from the official schema directory (default: {@link defaultOparlSchemaDir}). */
export function createOparlValidator(schemaDir?: string | URL): OparlValidator {
  const dir = schemaDir === undefined ? defaultOparlSchemaDir() : schemaDir instanceof URL ? fileURLToPath(schemaDir) : schemaDir;
  // unicodeRegExp: false because the official `type` patterns escape ':' (`^https\:\/\/…`), a syntax error under the u flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv, ['date', 'date-time']);
  ajv.addFormat('url', { type: 'string', validate: isOparlUrl });
  ajv.addFormat('date-time', { type: 'string', validate: isStrictDateTime });
  ajv.addFormat('date', { type: 'string', validate: (s: string) => STRICT_DATE.test(s) && baseDate(s) });

  const types = new Map<string, CompiledType>();
  for (const name of OPARL_TYPES) {
    const file = resolve(dir, `${name}.json`);
    let raw: RawSchema;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8')) as RawSchema;
    } catch (e) {
      throw new Error(`cannot load OParl schema ${file}: ${(e as Error).message}`, { cause: e });
    }
    types.set(`${OPARL_TYPE_PREFIX}${name}`, compileType(ajv, name, raw));
  }
  const byName = (name: OparlType): CompiledType => types.get(`${OPARL_TYPE_PREFIX}${name}`)!;

  function checkValue(value: unknown, path: string, required: boolean, report: Report): void {
    if (value === null) report.add(path, 'null is not allowed; omit the field instead (spec 2-04)');
    else if (value === '') report.add(path, required ? 'must not be an empty string' : 'empty string is not allowed; omit the optional field instead (spec 2-04)');
    else if (Array.isArray(value)) {
      if (value.length === 0 && !required) report.add(path, 'empty list is not allowed; omit the optional field instead (spec 2-04)');
      value.forEach((item, i) => {
        if (item === null) report.add(join(path, i), 'null is not allowed in a list');
        else if (item === '') report.add(join(path, i), 'empty string is not allowed in a list');
      });
    }
  }

  function validateNode(value: unknown, path: string, expected: OparlType | null, embedded: boolean, report: Report): void {
    if (!isObject(value)) {
      report.add(path, expected ? `must be an embedded ${expected} object or its absolute http(s) URL` : 'must be an OParl object');
      return;
    }
    let t: CompiledType | undefined;
    const typeUrl = value.type;
    if (expected) {
      t = byName(expected);
      if (typeUrl !== undefined && typeUrl !== `${OPARL_TYPE_PREFIX}${expected}`) {
        report.add(join(path, 'type'), `must be "${OPARL_TYPE_PREFIX}${expected}" for an embedded ${expected}, got ${JSON.stringify(typeUrl)}`);
      }
    } else {
      if (typeUrl === undefined) {
        report.add(join(path, 'type'), 'missing; every OParl object needs a type URL (spec 3-01)');
        return;
      }
      t = typeof typeUrl === 'string' ? types.get(typeUrl) : undefined;
      if (!t) {
        report.add(join(path, 'type'), `unknown OParl type ${JSON.stringify(typeUrl)}; expected ${OPARL_TYPE_PREFIX}<${OPARL_TYPES.join('|')}>`);
        return;
      }
    }

    const deleted = value.deleted === true;
    if (embedded && deleted) report.add(join(path, 'deleted'), 'deleted objects must not appear embedded (spec 2-05)');
    for (const field of MANDATORY_ON_EVERY_OBJECT) {
      if (value[field] === undefined) {
        report.add(
          join(path, field),
          field === 'created' || field === 'modified'
            ? `missing; created and modified are mandatory on every OParl 1.1 object, embedded ones too (spec 3-01)`
            : `missing; every OParl object needs ${field} (spec 3-01)`,
        );
      }
    }
    for (const [key, v] of Object.entries(value)) {
      checkValue(v, join(path, key), t.required.has(key), report);
    }

    if (!t.validate(value)) {
      for (const e of t.validate.errors ?? []) ajvError(e, path, value, t, deleted, report);
    }

    for (const [key, emb] of t.embedded) {
      const v = value[key];
      if (v === undefined || v === null) continue;
      if (emb.list) {
        if (!Array.isArray(v)) continue; // Ajv reports the wrong type
        v.forEach((item, i) => embeddedValue(item, join(join(path, key), i), emb.target, report));
        if (t.name === 'Meeting' && key === 'agendaItem') {
          v.forEach((item, i) => {
            if (isObject(item) && Number.isInteger(item.order) && item.order !== i) {
              report.add(join(join(join(path, key), i), 'order'), `is ${String(item.order)} but the item is at position ${i}; order is the 0-based position in Meeting.agendaItem`);
            }
          });
        }
      } else {
        embeddedValue(v, join(path, key), emb.target, report);
      }
    }
  }

  function embeddedValue(v: unknown, path: string, target: OparlType, report: Report): void {
    if (typeof v === 'string') {
      if (v !== '' && !isOparlUrl(v)) report.add(path, `must be an embedded ${target} object or its absolute http(s) URL`);
    } else if (v !== null) {
      validateNode(v, path, target, true, report);
    }
  }

  function ajvError(e: ErrorObject, base: string, data: unknown, t: CompiledType, deleted: boolean, report: Report): void {
    const path = pointerToPath(base, e.instancePath, data);
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required') {
      if (deleted) return; // a deleted object needs only id/type/created/modified/deleted (spec 2-08), checked above
      report.addAjv(join(path, String(params.missingProperty)), `missing (required by the ${t.name} schema)`);
    } else if (e.keyword === 'format') {
      report.addAjv(path, FORMAT_TEXT[String(params.format)] ?? (e.message ?? 'invalid format'));
    } else if (e.keyword === 'pattern' && e.instancePath === '/type') {
      report.addAjv(path, `must be "${OPARL_TYPE_PREFIX}${t.name}"`);
    } else {
      report.addAjv(path, e.message ?? e.keyword);
    }
  }

  function validateObject(obj: unknown): string[] {
    const report = new Report();
    validateNode(obj, '$', null, false, report);
    return report.lines();
  }

  function validateListPage(page: unknown, options: ListPageOptions = {}): string[] {
    const report = new Report();
    if (!isObject(page)) return ['$: a list page must be an object { data, pagination, links } (spec 2-05)'];
    if (!Array.isArray(page.data)) report.add('$.data', 'must be an array of OParl objects (spec 2-05)');
    else {
      page.data.forEach((item, i) => {
        const path = join('$.data', i);
        if (options.type && isObject(item) && item.type !== `${OPARL_TYPE_PREFIX}${options.type}`) {
          report.add(join(path, 'type'), `must be "${OPARL_TYPE_PREFIX}${options.type}" in this list, got ${JSON.stringify(item.type)}`);
        }
        validateNode(item, path, null, false, report);
      });
    }
    const pagination = page.pagination;
    if (!isObject(pagination)) report.add('$.pagination', 'must be an object (spec 2-05)');
    else {
      for (const key of PAGINATION_FIELDS) {
        const v = pagination[key];
        if (v === undefined) continue;
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) report.add(join('$.pagination', key), 'must be an integer >= 0');
      }
      for (const [key, v] of Object.entries(pagination)) checkValue(v, join('$.pagination', key), false, report);
    }
    const links = page.links;
    if (!isObject(links)) report.add('$.links', 'must be an object (spec 2-05)');
    else {
      for (const [key, v] of Object.entries(links)) {
        if (v === null) report.add(join('$.links', key), 'null is not allowed; omit the link instead');
        else if ((LINK_FIELDS as readonly string[]).includes(key) && !isOparlUrl(v)) report.add(join('$.links', key), 'must be an absolute http(s) URL');
      }
      if (isObject(pagination)) {
        const { currentPage, totalPages } = pagination;
        if (Number.isInteger(currentPage) && Number.isInteger(totalPages) && (currentPage as number) < (totalPages as number) && links.next === undefined) {
          report.add('$.links.next', `missing although currentPage ${String(currentPage)} < totalPages ${String(totalPages)}; every page but the last needs next (spec 2-05)`);
        }
      }
    }
    for (const [key, v] of Object.entries(page)) {
      if (key !== 'data' && key !== 'pagination' && key !== 'links') checkValue(v, join('$', key), false, report);
    }
    return report.lines();
  }

  function validateError(obj: unknown): string[] {
    if (!isObject(obj)) return ['$: an OParl error must be an object { type, message, debug? } (spec 2-09)'];
    const report = new Report();
    if (obj.type !== OPARL_ERROR_TYPE) report.add('$.type', `must be "${OPARL_ERROR_TYPE}", got ${JSON.stringify(obj.type)}`);
    if (obj.message === undefined) report.add('$.message', 'missing (spec 2-09)');
    else if (typeof obj.message !== 'string' || obj.message.trim() === '') report.add('$.message', 'must be a non-empty string');
    if (obj.debug !== undefined && typeof obj.debug !== 'string') report.add('$.debug', 'must be a string when present');
    for (const [key, v] of Object.entries(obj)) checkValue(v, join('$', key), key === 'message', report);
    return report.lines();
  }

  return { validateObject, validateListPage, validateError };
}

let defaultValidator: OparlValidator | undefined;
function shared(): OparlValidator {
  defaultValidator ??= createOparlValidator();
  return defaultValidator;
}

/** Checks one OParl 1.1 object (type chosen from `obj.type`) incl. all embedded objects; [] means conformant. */
export function validateOparlObject(obj: unknown): string[] {
  return shared().validateObject(obj);
}

/** Checks an external-list page `{ data, pagination, links }` and every object in `data`; [] means conformant. */
export function validateOparlListPage(page: unknown, options?: ListPageOptions): string[] {
  return shared().validateListPage(page, options);
}

/** Checks an OParl error body `{ type: …/1.1/Error, message, debug? }` (spec 2-09); [] means conformant. */
export function validateOparlError(obj: unknown): string[] {
  return shared().validateError(obj);
}
