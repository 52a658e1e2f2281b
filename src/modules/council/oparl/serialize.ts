// OParl 1.1 JSON of the council objects: pure functions from repository rows to OParl objects, list pages and error
// objects, plus the URL scheme, the list parameters and the cursor. No I/O here.
//
// Rules applied everywhere (spec 2-04, 3-01): `null`, "" and [] are left out for optional fields; `created` and
// `modified` are on every object, embedded ones too; date-times are `yyyy-mm-ddThh:mm:ss±hh:mm` in Europe/Berlin.
import type { Tenant } from '../../../kernel/index.ts';
import { CONSULTATION_ROLE_LABELS, PAPER_TYPE_LABELS, ROLE_LABELS, personName } from '../ui.ts';
import type { BodyKind } from '../repository.ts';
import type {
  AgendaItemRow,
  ConsultationRow,
  FileRow,
  LocationRow,
  MeetingRow,
  MembershipRow,
  OparlKind,
  OrganizationRow,
  PaperRow,
  PersonRow,
  RowBase,
  TermRow,
} from './oparl.repository.ts';

export const OPARL_VERSION = 'https://schema.oparl.org/1.1/';
export const OPARL_PATH = '/oparl/v1.1';
/** Licence of the published council data (Body.license). */
export const DATA_LICENSE = 'https://creativecommons.org/licenses/by/4.0/';
/** Default and largest page size of external lists. */
export const PAGE_SIZE = 100;

export const TYPE_NAMES: Record<OparlKind, string> = {
  organization: 'Organization',
  person: 'Person',
  membership: 'Membership',
  meeting: 'Meeting',
  agendaitem: 'AgendaItem',
  paper: 'Paper',
  consultation: 'Consultation',
  file: 'File',
  location: 'Location',
  legislativeterm: 'LegislativeTerm',
};

export const typeUrl = (name: string) => `${OPARL_VERSION}${name}`;

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// Formats

const berlin = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

// Europe/Berlin changes its offset only at full UTC hours, so the offset is computed once per hour and cached.
const offsets = new Map<number, number>();
function berlinOffsetMinutes(t: number): number {
  const hour = Math.floor(t / 3_600_000);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const at = hour * 3_600_000;
    const p: Record<string, string> = {};
    for (const part of berlin.formatToParts(new Date(at))) p[part.type] = part.value;
    offset = Math.round((Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - at) / 60_000);
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** `2026-12-10T18:00:00+01:00`: the instant in Europe/Berlin with its offset, whole seconds (spec 2-04). */
export function oparlDateTime(d: Date): string {
  const t = Math.floor(d.getTime() / 1000) * 1000;
  const offset = berlinOffsetMinutes(t);
  const local = new Date(t + offset * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Leaves out `undefined`, `null`, "" and [] (spec 2-04: optional fields are omitted rather than empty). */
export function compact(o: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// URLs: one canonical, stable URL per object, lower case, no trailing slash (spec 2-03)

export const oparlRoot = (baseUrl: string) => `${baseUrl}${OPARL_PATH}`;
export const bodyListUrl = (root: string) => `${root}/body`;
export const bodyUrl = (root: string, slug: string) => `${root}/body/${slug}`;
export const listUrl = (body: string, kind: OparlKind) => `${body}/${kind}`;
export const objectUrl = (body: string, kind: OparlKind, id: string) => `${body}/${kind}/${id}`;
export const organizationMeetingsUrl = (body: string, id: string) => `${objectUrl(body, 'organization', id)}/meeting`;
export const fileAccessUrl = (body: string, id: string) => `${objectUrl(body, 'file', id)}/access`;
export const fileDownloadUrl = (body: string, id: string) => `${objectUrl(body, 'file', id)}/download`;

// ---------------------------------------------------------------------------------------------------------------
// Errors (spec 2-09)

export interface OparlErrorObject {
  type: string;
  message: string;
  debug?: string;
}

export function oparlError(message: string, debug?: string): OparlErrorObject {
  return { type: typeUrl('Error'), message, ...(debug ? { debug } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// List parameters, cursor and links (spec 2-05)

export interface ListParams {
  createdSince?: Date;
  createdUntil?: Date;
  modifiedSince?: Date;
  modifiedUntil?: Date;
  omitInternal: boolean;
  limit: number;
  after?: { micros: string; id: string };
  /** The values as the client sent them (normalised), kept in every link. */
  raw: { created_since?: string; created_until?: string; modified_since?: string; modified_until?: string; cursor?: string };
}

const DATE_PARAMS = ['created_since', 'created_until', 'modified_since', 'modified_until'] as const;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|([+-])(\d{2}):(\d{2}))$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A full date-time with offset (spec 2-04); a `+` sent unencoded arrives as a space and is accepted. */
export function parseDateTime(value: string): Date | undefined {
  const v = /^\S+ \d{2}:\d{2}$/.test(value) ? value.replace(' ', '+') : value;
  const m = DATE_TIME.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || probe.getUTCHours() !== h || probe.getUTCMinutes() !== mi || probe.getUTCSeconds() !== s) return undefined;
  let offset = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 14 || om > 59) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  return new Date(probe.getTime() - offset * 60_000 + ms);
}

export function encodeCursor(cursor: string): string {
  return Buffer.from(cursor, 'utf8').toString('base64url');
}

export function decodeCursor(value: string): { micros: string; id: string } | undefined {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(value)) return undefined;
  const text = Buffer.from(value, 'base64url').toString('utf8');
  const m = /^(\d{1,19})\.([0-9a-f-]{36})$/.exec(text);
  if (!m || !UUID.test(m[2]!) || encodeCursor(text) !== value) return undefined;
  return { micros: m[1]!, id: m[2]! };
}

export type ParseResult = { ok: true; params: ListParams } | { ok: false; message: string; debug: string };

/** Reads the list parameters; anything malformed is a 400 with an OParl error object. Unknown parameters are ignored. */
export function parseListParams(query: Record<string, unknown>): ParseResult {
  const bad = (message: string, debug: string): ParseResult => ({ ok: false, message, debug });
  const one = (name: string) => query[name] as string | undefined;
  for (const name of [...DATE_PARAMS, 'limit', 'elementsPerPage', 'omit_internal', 'cursor']) {
    if (query[name] !== undefined && typeof query[name] !== 'string') return bad(`Der Parameter ${name} darf nur einmal angegeben werden.`, `parameter ${name} given more than once`);
  }
  const params: ListParams = { omitInternal: false, limit: PAGE_SIZE, raw: {} };
  const dates: Partial<Record<(typeof DATE_PARAMS)[number], Date>> = {};
  for (const name of DATE_PARAMS) {
    const v = one(name);
    if (v === undefined) continue;
    const d = parseDateTime(v);
    if (!d) {
      return bad(
        `Der Parameter ${name} muss ein vollständiger Zeitpunkt mit Zeitzone sein, z. B. 2026-01-01T00:00:00+01:00 (URL-kodiert).`,
        `${name}=${JSON.stringify(v.slice(0, 60))} is not a date-time yyyy-mm-ddThh:mm:ss±hh:mm`,
      );
    }
    dates[name] = d;
    params.raw[name] = /^\S+ \d{2}:\d{2}$/.test(v) ? v.replace(' ', '+') : v;
  }
  params.createdSince = dates.created_since;
  params.createdUntil = dates.created_until;
  params.modifiedSince = dates.modified_since;
  params.modifiedUntil = dates.modified_until;
  const limit = one('limit') ?? one('elementsPerPage');
  if (limit !== undefined) {
    if (!/^\d{1,6}$/.test(limit) || Number(limit) < 1) {
      return bad('Der Parameter limit muss eine ganze Zahl von 1 bis 100 sein.', `limit=${JSON.stringify(limit.slice(0, 20))}`);
    }
    params.limit = Math.min(PAGE_SIZE, Number(limit));
  }
  const omit = one('omit_internal');
  if (omit !== undefined) {
    if (omit !== 'true' && omit !== 'false') return bad('Der Parameter omit_internal muss true oder false sein.', `omit_internal=${JSON.stringify(omit.slice(0, 20))}`);
    params.omitInternal = omit === 'true';
  }
  const cursor = one('cursor');
  if (cursor !== undefined) {
    const after = decodeCursor(cursor);
    if (!after) return bad('Der Parameter cursor ist ungültig. Bitte folgen Sie den Links der Liste (links.next).', 'cursor is not one this server issued');
    params.after = after;
    params.raw.cursor = cursor;
  }
  return { ok: true, params };
}

/** A list page URL with the client's filters in a fixed order (one canonical URL per page). */
export function pageLink(list: string, p: ListParams, cursor?: string): string {
  const q: string[] = [];
  for (const name of DATE_PARAMS) {
    const v = p.raw[name];
    if (v !== undefined) q.push(`${name}=${encodeURIComponent(v)}`);
  }
  if (p.omitInternal) q.push('omit_internal=true');
  if (p.limit !== PAGE_SIZE) q.push(`limit=${p.limit}`);
  if (cursor !== undefined) q.push(`cursor=${encodeURIComponent(cursor)}`);
  return q.length ? `${list}?${q.join('&')}` : list;
}

/** A list page: `data`, `pagination` and `links` with `next` on every page but the last (keyset: no totals). */
export function listPageJson(list: string, p: ListParams, data: Json[], nextCursor: string | undefined): Json {
  return {
    data,
    pagination: { elementsPerPage: p.limit },
    links: compact({
      first: pageLink(list, p),
      self: pageLink(list, p, p.raw.cursor),
      next: nextCursor === undefined ? undefined : pageLink(list, p, encodeCursor(nextCursor)),
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Objects

/** What every object builder needs: the Body URL, the reported `modified` and which referenced objects may be linked. */
export interface BuildContext {
  body: string;
  modified(kind: OparlKind, row: RowBase): Date;
  /** A referenced object exists and is public or deleted (a tombstone); non-public ones are never linked. */
  linkable(kind: OparlKind, id: string): boolean;
}

function stamp(ctx: BuildContext, kind: OparlKind, row: RowBase): Json {
  return { created: oparlDateTime(row.createdAt), modified: oparlDateTime(ctx.modified(kind, row)) };
}

function head(ctx: BuildContext, kind: OparlKind, row: RowBase): Json {
  return { id: objectUrl(ctx.body, kind, row.id), type: typeUrl(TYPE_NAMES[kind]) };
}

/** A deleted or depublished object (spec 2-08): nothing but id, type, created, modified and `deleted: true`. */
export function tombstone(ctx: BuildContext, kind: OparlKind, row: RowBase): Json {
  return { ...head(ctx, kind, row), ...stamp(ctx, kind, row), deleted: true };
}

const links = (ctx: BuildContext, kind: OparlKind, ids: readonly (string | null)[]): string[] =>
  ids.filter((id): id is string => !!id && ctx.linkable(kind, id)).map((id) => objectUrl(ctx.body, kind, id));

export function systemJson(o: { root: string; baseUrl: string; created: Date; modified: Date }): Json {
  return {
    id: o.root,
    type: typeUrl('System'),
    oparlVersion: OPARL_VERSION,
    body: bodyListUrl(o.root),
    name: 'Amtsstube – Ratsinformationssysteme der angeschlossenen Kommunen',
    website: o.baseUrl,
    created: oparlDateTime(o.created),
    modified: oparlDateTime(o.modified),
  };
}

const TENANT_CLASSIFICATION: Record<Tenant['kind'], string> = { stadt: 'Stadt', gemeinde: 'Gemeinde', amt: 'Amt' };

export function bodyJson(o: {
  root: string;
  baseUrl: string;
  tenant: Pick<Tenant, 'slug' | 'name' | 'kind' | 'ags' | 'ars' | 'website' | 'email'>;
  created: Date;
  modified: Date;
  terms: (TermRow & { modifiedAt: Date })[];
}): Json {
  const body = bodyUrl(o.root, o.tenant.slug);
  const classification = TENANT_CLASSIFICATION[o.tenant.kind];
  const name = o.tenant.name.startsWith(`${classification} `) ? o.tenant.name : `${classification} ${o.tenant.name}`;
  const termCtx: BuildContext = { body, modified: (_k, row) => (row as TermRow & { modifiedAt: Date }).modifiedAt, linkable: () => true };
  const json = compact({
    id: body,
    type: typeUrl('Body'),
    system: o.root,
    shortName: o.tenant.name,
    name,
    website: o.tenant.website || `${o.baseUrl}/${o.tenant.slug}`,
    license: DATA_LICENSE,
    ags: o.tenant.ags ?? undefined,
    rgs: o.tenant.ars,
    contactEmail: o.tenant.email || undefined,
    classification,
    organization: listUrl(body, 'organization'),
    person: listUrl(body, 'person'),
    meeting: listUrl(body, 'meeting'),
    paper: listUrl(body, 'paper'),
    legislativeTermList: listUrl(body, 'legislativeterm'),
    agendaItem: listUrl(body, 'agendaitem'),
    consultation: listUrl(body, 'consultation'),
    file: listUrl(body, 'file'),
    locationList: listUrl(body, 'location'),
    membership: listUrl(body, 'membership'),
    web: `${o.baseUrl}/${o.tenant.slug}/rat`,
    created: oparlDateTime(o.created),
    modified: oparlDateTime(o.modified),
  });
  // Mandatory, so sent as [] when the council office has not entered a Wahlperiode yet (spec 2-04).
  json.legislativeTerm = o.terms.map((t) => termJson(termCtx, t));
  return json;
}

/** A Body that is no longer published (tenant switched off or council module off). */
export function bodyTombstone(o: { root: string; slug: string; created: Date; modified: Date }): Json {
  return { id: bodyUrl(o.root, o.slug), type: typeUrl('Body'), created: oparlDateTime(o.created), modified: oparlDateTime(o.modified), deleted: true };
}

export function termJson(ctx: BuildContext, t: TermRow): Json {
  return compact({ ...head(ctx, 'legislativeterm', t), body: ctx.body, name: t.name, startDate: t.startDate, endDate: t.endDate, ...stamp(ctx, 'legislativeterm', t) });
}

const ORGANIZATION_CLASSIFICATION: Record<BodyKind, string> = {
  council: 'Parlament',
  amtsausschuss: 'Parlament',
  committee: 'Ausschuss',
  ortsbeirat: 'Ortsbeirat',
  fraktion: 'Fraktion',
  working_group: 'Arbeitsgruppe',
  other: 'Sonstiges Gremium',
};

export function organizationJson(ctx: BuildContext, b: OrganizationRow, membershipIds: readonly string[]): Json {
  return compact({
    ...head(ctx, 'organization', b),
    body: ctx.body,
    name: b.name,
    shortName: b.shortName,
    membership: membershipIds.map((id) => objectUrl(ctx.body, 'membership', id)),
    meeting: organizationMeetingsUrl(ctx.body, b.id),
    subOrganizationOf: b.parentId ? objectUrl(ctx.body, 'organization', b.parentId) : undefined,
    organizationType: b.kind === 'fraktion' ? 'Fraktion' : 'Gremium',
    classification: ORGANIZATION_CLASSIFICATION[b.kind],
    startDate: b.startDate,
    endDate: b.endDate,
    ...stamp(ctx, 'organization', b),
  });
}

export function membershipJson(ctx: BuildContext, ms: MembershipRow): Json {
  return compact({
    ...head(ctx, 'membership', ms),
    person: objectUrl(ctx.body, 'person', ms.personId),
    organization: objectUrl(ctx.body, 'organization', ms.bodyId),
    role: ROLE_LABELS[ms.role],
    votingRight: ms.votingRight,
    startDate: ms.startDate,
    endDate: ms.endDate,
    onBehalfOf: ms.fraktionId ? objectUrl(ctx.body, 'organization', ms.fraktionId) : undefined,
    ...stamp(ctx, 'membership', ms),
  });
}

/** Contact data (email, phone) is in the row only with the person's consent; the repository never reads it otherwise. */
export function personJson(ctx: BuildContext, pe: PersonRow, memberships: readonly MembershipRow[] | undefined): Json {
  return compact({
    ...head(ctx, 'person', pe),
    body: ctx.body,
    name: personName(pe),
    familyName: pe.familyName,
    givenName: pe.givenName,
    formOfAddress: pe.formOfAddress,
    title: pe.title ? [pe.title] : undefined,
    gender: pe.gender,
    email: pe.email ? [pe.email] : undefined,
    phone: pe.phone ? [pe.phone] : undefined,
    membership: memberships?.map((ms) => membershipJson(ctx, ms)),
    ...stamp(ctx, 'person', pe),
  });
}

export function locationJson(ctx: BuildContext, l: LocationRow): Json {
  return compact({
    ...head(ctx, 'location', l),
    description: l.description,
    streetAddress: l.streetAddress,
    room: l.room,
    postalCode: l.postalCode,
    locality: l.locality,
    ...stamp(ctx, 'location', l),
  });
}

export function fileJson(ctx: BuildContext, f: FileRow): Json {
  return compact({
    ...head(ctx, 'file', f),
    name: f.name,
    fileName: f.fileName,
    mimeType: f.mime,
    size: f.size,
    sha512Checksum: f.sha512,
    accessUrl: fileAccessUrl(ctx.body, f.id),
    downloadUrl: fileDownloadUrl(ctx.body, f.id),
    paper: links(ctx, 'paper', [f.paperId]),
    meeting: links(ctx, 'meeting', [f.meetingId]),
    agendaItem: links(ctx, 'agendaitem', [f.agendaItemId]),
    ...stamp(ctx, 'file', f),
  });
}

export function consultationJson(ctx: BuildContext, c: ConsultationRow): Json {
  return compact({
    ...head(ctx, 'consultation', c),
    paper: objectUrl(ctx.body, 'paper', c.paperId),
    agendaItem: links(ctx, 'agendaitem', [c.agendaItemId])[0],
    meeting: c.meetingId ? objectUrl(ctx.body, 'meeting', c.meetingId) : undefined,
    organization: [objectUrl(ctx.body, 'organization', c.bodyId)],
    authoritative: c.authoritative,
    role: CONSULTATION_ROLE_LABELS[c.role],
    ...stamp(ctx, 'consultation', c),
  });
}

export function paperJson(ctx: BuildContext, p: PaperRow, embedded: { consultations: readonly ConsultationRow[]; files: readonly FileRow[] } | undefined): Json {
  const files = embedded?.files ?? [];
  const main = files.find((f) => f.role === 'main');
  return compact({
    ...head(ctx, 'paper', p),
    body: ctx.body,
    name: p.name,
    reference: p.reference,
    date: p.date,
    paperType: PAPER_TYPE_LABELS[p.paperType],
    relatedPaper: links(ctx, 'paper', [p.relatedPaperId]),
    originatorPerson: links(ctx, 'person', p.originatorPersonIds),
    originatorOrganization: links(ctx, 'organization', p.originatorBodyIds),
    mainFile: main ? fileJson(ctx, main) : undefined,
    auxiliaryFile: files.filter((f) => f !== main).map((f) => fileJson(ctx, f)),
    consultation: embedded?.consultations.map((c) => consultationJson(ctx, c)),
    ...stamp(ctx, 'paper', p),
  });
}

export function agendaItemJson(ctx: BuildContext, a: AgendaItemRow, extra: { consultationId?: string; files?: readonly FileRow[] }): Json {
  const files = extra.files ?? [];
  const resolution = files.find((f) => f.role === 'results');
  return compact({
    ...head(ctx, 'agendaitem', a),
    meeting: objectUrl(ctx.body, 'meeting', a.meetingId),
    number: a.number,
    order: a.order,
    name: a.name,
    public: true,
    consultation: extra.consultationId ? objectUrl(ctx.body, 'consultation', extra.consultationId) : undefined,
    result: a.result,
    resolutionText: a.resolutionText,
    resolutionFile: resolution ? fileJson(ctx, resolution) : undefined,
    auxiliaryFile: files.filter((f) => f !== resolution).map((f) => fileJson(ctx, f)),
    ...stamp(ctx, 'agendaitem', a),
  });
}

/** OParl's recommended states: terminiert, eingeladen (until the minutes are released), durchgeführt. */
export function meetingState(m: Pick<MeetingRow, 'state' | 'minutesState' | 'dispatchedAt'>): 'terminiert' | 'eingeladen' | 'durchgeführt' {
  if (m.minutesState === 'released') return 'durchgeführt';
  if (m.state === 'invited' || m.state === 'held') return 'eingeladen';
  if (m.state === 'cancelled' && m.dispatchedAt) return 'eingeladen';
  return 'terminiert';
}

export function meetingJson(
  ctx: BuildContext,
  m: MeetingRow,
  embedded: { location?: LocationRow; items: readonly { row: AgendaItemRow; consultationId?: string; files: readonly FileRow[] }[]; files: readonly FileRow[] } | undefined,
): Json {
  const files = embedded?.files ?? [];
  const invitation = files.find((f) => f.role === 'invitation');
  const results = files.find((f) => f.role === 'results') ?? files.find((f) => f.role === 'minutes');
  const verbatim = files.find((f) => f.role === 'verbatim');
  const picked = new Set([invitation, results, verbatim]);
  return compact({
    ...head(ctx, 'meeting', m),
    name: m.name,
    meetingState: meetingState(m),
    cancelled: m.state === 'cancelled' ? true : undefined,
    start: oparlDateTime(m.startsAt),
    end: oparlDateTime(m.endsAt),
    location: embedded?.location ? locationJson(ctx, embedded.location) : undefined,
    organization: [objectUrl(ctx.body, 'organization', m.bodyId)],
    invitation: invitation ? fileJson(ctx, invitation) : undefined,
    resultsProtocol: results ? fileJson(ctx, results) : undefined,
    verbatimProtocol: verbatim ? fileJson(ctx, verbatim) : undefined,
    auxiliaryFile: files.filter((f) => !picked.has(f)).map((f) => fileJson(ctx, f)),
    agendaItem: embedded?.items.map((it) => agendaItemJson(ctx, it.row, { consultationId: it.consultationId, files: it.files })),
    ...stamp(ctx, 'meeting', m),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// File transfer (spec 2-07)

/** `attachment; filename="…"; filename*=UTF-8''…` with an ASCII fallback and the exact name per RFC 5987/6266. */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii =
    fileName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ß/g, 'ss')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_') || 'datei';
  const exact = encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/** Types a browser may render on our origin; anything else is sandboxed so an uploaded HTML/SVG cannot run script. */
export function isInlineSafe(mime: string): boolean {
  return /^(application\/pdf|image\/(png|jpeg|gif|webp)|text\/plain|text\/csv)(;|$)/i.test(mime);
}
