// OParl 1.1 at /oparl/v1.1 (one endpoint per installation; one Body per municipality with the council module).
// Stateless GET only: no cookies, `Access-Control-Allow-Origin: *` and OParl error objects on every answer, one
// canonical URL per object (other spellings are redirected with 301). Everything shown passes the publication guard.
import { fileContent, policies, type Ctx, type Platform, type Router, type Tenant } from '../../../kernel/index.ts';
import { assemble } from './assemble.ts';
import { effectiveModified, fileForDownload, inSnapshot, listPage, OPARL_KINDS, rowsByIds, tenantStamps, termsOfTenants, type OparlKind, type TenantStamp } from './oparl.repository.ts';
import {
  OPARL_PATH,
  bodyJson,
  bodyListUrl,
  bodyTombstone,
  bodyUrl,
  contentDisposition,
  isInlineSafe,
  listPageJson,
  listUrl,
  oparlError,
  oparlRoot,
  organizationMeetingsUrl,
  parseListParams,
  systemJson,
  type ListParams,
} from './serialize.ts';

type Json = Record<string, unknown>;
type Reply = Ctx['reply'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SLUG = /^[a-z0-9-]{1,40}$/;

/** What a canonical path under /oparl/v1.1 addresses. */
type Target =
  | { t: 'system' }
  | { t: 'bodies' }
  | { t: 'body'; slug: string }
  | { t: 'list'; slug: string; kind: OparlKind }
  | { t: 'object'; slug: string; kind: OparlKind; id: string }
  | { t: 'orgMeetings'; slug: string; id: string }
  | { t: 'fileBytes'; slug: string; id: string; disposition: 'inline' | 'attachment' };

/** Parses a path below /oparl/v1.1 in its canonical form (lower case, no empty segments); undefined if unknown. */
export function parseOparlPath(path: string): { target: Target; canonical: string } | undefined {
  if (!path.toLowerCase().startsWith(OPARL_PATH)) return undefined;
  const rest = path.slice(OPARL_PATH.length);
  if (rest !== '' && !rest.startsWith('/')) return undefined;
  let segs: string[];
  try {
    segs = rest
      .split('/')
      .filter((x) => x !== '')
      .map((x) => decodeURIComponent(x).toLowerCase());
  } catch {
    return undefined;
  }
  const canonical = [OPARL_PATH, ...segs].join('/');
  const [a, slug, kind, id, sub, ...more] = segs;
  if (more.length) return undefined;
  if (a === undefined) return { target: { t: 'system' }, canonical };
  if (a !== 'body') return undefined;
  if (slug === undefined) return { target: { t: 'bodies' }, canonical };
  if (!SLUG.test(slug)) return undefined;
  if (kind === undefined) return { target: { t: 'body', slug }, canonical };
  if (!(OPARL_KINDS as readonly string[]).includes(kind)) return undefined;
  const k = kind as OparlKind;
  if (id === undefined) return { target: { t: 'list', slug, kind: k }, canonical };
  if (!UUID.test(id)) return undefined;
  if (sub === undefined) return { target: { t: 'object', slug, kind: k, id }, canonical };
  if (k === 'organization' && sub === 'meeting') return { target: { t: 'orgMeetings', slug, id }, canonical };
  if (k === 'file' && (sub === 'access' || sub === 'download')) return { target: { t: 'fileBytes', slug, id, disposition: sub === 'access' ? 'inline' : 'attachment' }, canonical };
  return undefined;
}

class OparlFailure extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
    readonly debug?: string,
  ) {
    super(text);
  }
}

const notFound = (debug?: string) => new OparlFailure(404, 'Das angefragte Objekt wurde nicht gefunden.', debug);

function sendJson(reply: Reply, status: number, body: unknown): Reply {
  // JSON.stringify: UTF-8 without BOM, no HTML escaping (spec 2-04).
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

export function oparlRoutes(r: Router, p: Platform): void {
  for (const url of [OPARL_PATH, `${OPARL_PATH}/*`]) {
    r.route({ method: 'GET', url, policy: policies.public, stateless: true, handler: (c) => handle(c, p) });
  }
}

async function handle(c: Ctx, p: Platform): Promise<Reply> {
  const reply = c.reply;
  reply.header('Access-Control-Allow-Origin', '*');
  try {
    const [rawPath = '', search] = splitUrl(c.req.url);
    const parsed = parseOparlPath(rawPath);
    if (!parsed) throw notFound(`no OParl resource at ${rawPath.slice(0, 200)}`);
    if (parsed.canonical !== rawPath) {
      return reply.code(301).header('Location', `${p.config.baseUrl}${parsed.canonical}${search ? `?${search}` : ''}`).type('application/json; charset=utf-8').send(JSON.stringify(oparlError('Diese Ressource hat eine andere kanonische URL.', 'see Location')));
    }
    const root = oparlRoot(p.config.baseUrl);
    const target = parsed.target;
    if (target.t === 'system') return sendJson(reply, 200, await system(p, root, c.now));
    if (target.t === 'bodies') return sendJson(reply, 200, await bodies(p, root, c.req.query as Record<string, unknown>));
    const tenant = await p.tenants.get(target.slug);
    if (!tenant || !tenant.active || !tenant.modules.has('council')) throw notFound(`no body ${target.slug}`);
    const body = bodyUrl(root, tenant.slug);
    switch (target.t) {
      case 'body':
        return sendJson(reply, 200, await bodyObject(p, root, tenant, c.now));
      case 'list':
        return sendJson(reply, 200, await list(p, tenant, body, target.kind, listUrl(body, target.kind), c.req.query as Record<string, unknown>));
      case 'orgMeetings':
        return sendJson(reply, 200, await list(p, tenant, body, 'meeting', organizationMeetingsUrl(body, target.id), c.req.query as Record<string, unknown>, target.id));
      case 'object':
        return sendJson(reply, 200, await single(p, tenant, body, target.kind, target.id));
      case 'fileBytes':
        return await fileBytes(c, p, tenant, target.id, target.disposition);
    }
  } catch (e) {
    for (const h of ['ETag', 'Last-Modified', 'Cache-Control', 'Content-Disposition', 'Content-Security-Policy']) reply.removeHeader(h);
    if (e instanceof OparlFailure) return sendJson(reply, e.status, oparlError(e.text, e.debug));
    c.req.log.error({ err: e, ref: c.ref }, 'OParl request failed');
    return sendJson(reply, 500, oparlError(`Interner Fehler. Bitte versuchen Sie es später noch einmal (Referenz ${c.ref}).`, `reference ${c.ref}`));
  }
}

function splitUrl(url: string): [string, string] {
  const i = url.indexOf('?');
  return i < 0 ? [url, ''] : [url.slice(0, i), url.slice(i + 1)];
}

function params(query: Record<string, unknown>): ListParams {
  const parsed = parseListParams(query);
  if (!parsed.ok) throw new OparlFailure(400, parsed.message, parsed.debug);
  return parsed.params;
}

/** Until-filters compare whole seconds (the precision of `created`/`modified`): ≤ 10:00:00 includes 10:00:00.999. */
const endOfSecond = (d: Date | undefined) => (d ? new Date(Math.floor(d.getTime() / 1000) * 1000 + 999) : undefined);

/** One page of an external list; `organizationId`: the meetings of that organization (Organization.meeting). */
async function list(p: Platform, tenant: Tenant, body: string, kind: OparlKind, url: string, query: Record<string, unknown>, organizationId?: string): Promise<Json> {
  const q = params(query);
  return inSnapshot(p.db, async (db) => {
    if (organizationId !== undefined) {
      const [org] = await rowsByIds(db, tenant.id, 'organization', [organizationId]);
      if (!org?.visible) throw notFound(`no public organization ${organizationId} in body ${tenant.slug}`);
    }
    const page = await listPage(db, tenant.id, kind, {
      createdSince: q.createdSince,
      createdUntil: endOfSecond(q.createdUntil),
      modifiedSince: q.modifiedSince,
      modifiedUntil: endOfSecond(q.modifiedUntil),
      after: q.after,
      limit: q.limit,
      organizationId,
    });
    const data = await assemble({ db, tenantId: tenant.id, body, omitInternal: q.omitInternal }, kind, page.rows);
    return listPageJson(url, q, data, page.more ? page.rows.at(-1)!.cursor : undefined);
  });
}

async function single(p: Platform, tenant: Tenant, body: string, kind: OparlKind, id: string): Promise<Json> {
  return inSnapshot(p.db, async (db) => {
    const [row] = await rowsByIds(db, tenant.id, kind, [id]);
    // Deleted objects stay at their URL as tombstones (spec 2-08); non-public ones do not exist for the public.
    if (!row || (!row.visible && !row.deleted)) throw notFound(`no public ${kind} ${id} in body ${tenant.slug}`);
    const [json] = await assemble({ db, tenantId: tenant.id, body, omitInternal: false }, kind, [row]);
    return json!;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// System and Body

async function councilTenants(p: Platform): Promise<{ tenant: Tenant; stamp: TenantStamp; published: boolean }[]> {
  const [tenants, stamps] = await Promise.all([p.tenants.list(), tenantStamps(p.db)]);
  return tenants
    .map((tenant) => ({ tenant, stamp: stamps.get(tenant.id)!, published: tenant.active && tenant.modules.has('council') }))
    .filter((x) => x.stamp !== undefined)
    .sort((a, b) => a.stamp.createdAt.getTime() - b.stamp.createdAt.getTime() || (a.tenant.id < b.tenant.id ? -1 : a.tenant.id > b.tenant.id ? 1 : 0));
}

async function system(p: Platform, root: string, now: Date): Promise<Json> {
  const all = await councilTenants(p);
  const published = all.filter((x) => x.published);
  const created = all.length ? all[0]!.stamp.createdAt : now;
  const modified = published.reduce((max, x) => (x.stamp.modifiedAt > max ? x.stamp.modifiedAt : max), created);
  return systemJson({ root, baseUrl: p.config.baseUrl, created, modified });
}

async function bodyObject(p: Platform, root: string, tenant: Tenant, now: Date): Promise<Json> {
  const [stamps, terms] = await Promise.all([tenantStamps(p.db), termsOfTenants(p.db, [tenant.id])]);
  const stamp = stamps.get(tenant.id);
  return bodyJson({ root, baseUrl: p.config.baseUrl, tenant, created: stamp?.createdAt ?? now, modified: stamp?.modifiedAt ?? now, terms });
}

/** The Body list is short (one per municipality): filtered and paged in memory with the same keyset as other lists. */
async function bodies(p: Platform, root: string, query: Record<string, unknown>): Promise<Json> {
  const q = params(query);
  const until = (d: Date | undefined) => endOfSecond(d)?.getTime() ?? Infinity;
  const key = (x: { stamp: TenantStamp; tenant: Tenant }) => `${String(x.stamp.createdAt.getTime() * 1000).padStart(19, '0')}.${x.tenant.id}`;
  const afterKey = q.after ? `${q.after.micros.padStart(19, '0')}.${q.after.id}` : '';
  const candidates = (await councilTenants(p)).filter(
    (x) =>
      (x.published || (q.modifiedSince !== undefined && x.stamp.hasCouncilData)) &&
      x.stamp.createdAt.getTime() >= (q.createdSince?.getTime() ?? -Infinity) &&
      x.stamp.createdAt.getTime() <= until(q.createdUntil) &&
      x.stamp.modifiedAt.getTime() >= (q.modifiedSince?.getTime() ?? -Infinity) &&
      x.stamp.modifiedAt.getTime() <= until(q.modifiedUntil) &&
      key(x) > afterKey,
  );
  const page = candidates.slice(0, q.limit);
  const terms = await termsOfTenants(
    p.db,
    page.filter((x) => x.published).map((x) => x.tenant.id),
  );
  const data = page.map((x) =>
    x.published
      ? bodyJson({ root, baseUrl: p.config.baseUrl, tenant: x.tenant, created: x.stamp.createdAt, modified: x.stamp.modifiedAt, terms: terms.filter((t) => t.tenantId === x.tenant.id) })
      : bodyTombstone({ root, slug: x.tenant.slug, created: x.stamp.createdAt, modified: x.stamp.modifiedAt }),
  );
  const last = page.at(-1);
  const next = candidates.length > q.limit && last ? `${last.stamp.createdAt.getTime() * 1000}.${last.tenant.id}` : undefined;
  return listPageJson(bodyListUrl(root), q, data, next);
}

// ---------------------------------------------------------------------------------------------------------------
// File transfer (spec 2-07): accessUrl inline, downloadUrl as attachment; ETag/Last-Modified; 410 once gone

async function fileBytes(c: Ctx, p: Platform, tenant: Tenant, id: string, disposition: 'inline' | 'attachment'): Promise<Reply> {
  const reply = c.reply;
  const file = await fileForDownload(p.db, tenant.id, id);
  if (!file) throw notFound(`no file ${id} in body ${tenant.slug}`);
  const gone = () => new OparlFailure(410, 'Diese Datei ist nicht mehr veröffentlicht.', `file ${id} is deleted or no longer public`);
  if (!file.visible) throw gone();
  const modified = (await effectiveModified(p.db, tenant.id, 'file', [id])).get(id) ?? file.createdAt;
  const lastModified = new Date(Math.floor(modified.getTime() / 1000) * 1000);
  const etag = `"sha512-${file.sha512.slice(0, 64)}"`;
  reply.header('ETag', etag);
  reply.header('Last-Modified', lastModified.toUTCString());
  reply.header('Cache-Control', 'public, no-cache');
  const inm = c.req.headers['if-none-match'];
  const ims = c.req.headers['if-modified-since'];
  const notModified =
    typeof inm === 'string'
      ? inm.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag)
      : typeof ims === 'string' && !Number.isNaN(Date.parse(ims)) && Date.parse(ims) >= lastModified.getTime();
  if (notModified) return reply.code(304).send();
  const content = await fileContent(p.db, tenant.id, file.storedFileId);
  if (!content) throw gone();
  reply.header('Content-Disposition', contentDisposition(disposition, file.fileName));
  if (disposition === 'attachment' || !isInlineSafe(file.mime)) reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
  return reply.code(200).type(file.mime).header('Content-Length', String(content.content.length)).send(content.content);
}

