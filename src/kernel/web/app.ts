import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { UPLOAD_MAX_BYTES, type Upload, type VirusScanner } from '../files/uploads.ts';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config.ts';
import type { Db, Tx } from '../db/db.ts';
import type { Clock } from '../clock.ts';
import type { TenantCache } from '../tenancy/cache.ts';
import type { ModuleId, Tenant } from '../tenancy/tenancy.ts';
import type { Policy } from '../auth/policy.ts';
import { loadSession, type Session } from '../auth/sessions.ts';
import type { User } from '../auth/users.ts';
import { hmac, newToken, safeEqual } from '../auth/tokens.ts';
import type { JobHandler } from '../jobs/jobs.ts';
import type { MailTransport, OutboxTransport } from '../mail/mail.ts';
import { SafeHtml } from './html.ts';
import { translator, type MessageKey, type Translate } from './i18n/i18n.ts';
import type { Lang } from './format.ts';
import { HttpError, LoginRequired, csrfFailed, notFound } from './errors.ts';
import { cookieName, parseCookies, serializeCookie } from './cookies.ts';
import { loadAssets } from './assets.ts';
import { errorPage } from './layout.ts';

/** Everything a module's routes may use; built once in main.ts. */
/** Runs a hook of every module the tenant has switched on, in module order. */
export async function moduleHooks<T>(c: Ctx, pick: (m: ModuleDefinition) => ((c: Ctx) => Promise<T | undefined>) | undefined): Promise<T[]> {
  // Hooks run concurrently (a PostgreSQL pool serves them in parallel); results keep module order.
  const hooks = c.platform.modules.filter((m) => !m.cafeteria || c.tenant?.modules.has(m.cafeteria)).map(pick).filter((h) => !!h);
  const results = (await Promise.all(hooks.map((h) => h(c)))) as (T | undefined)[];
  return results.filter((v): v is T => v !== undefined);
}

export interface Platform {
  config: Config;
  db: Db;
  clock: Clock;
  tenants: TenantCache;
  mail: MailTransport;
  outbox: OutboxTransport | undefined;
  modules: readonly ModuleDefinition[];
  /** Virus scanning of uploads (ClamAV when CLAMAV_URL is set, otherwise off). */
  scanner: VirusScanner;
  /** Runs due jobs now (tests and the CLI); the background runner does the same on a timer. */
  runJobs(): Promise<number>;
  /**
   * Sends a server-to-server HTTP request (e.g. a payment provider's notification). Requests to
   * this platform's own BASE_URL are handled in-process, so the embedded providers work in tests too.
   */
  deliver(url: string, init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }>;
  /** Tells every module that subscribed to `event`, in the caller's transaction (all or nothing). */
  emit(tx: Tx, event: string, payload: Record<string, unknown>): Promise<void>;
}

export interface NavEntry {
  key: MessageKey;
  /** A module's own label (its messages); falls back to the kernel's `key`. */
  label?: (lang: Lang) => string;
  /** Path below /{slug}, e.g. `/konto`. */
  path: string;
  /** Shown only to users the policy allows (none = everyone). */
  policy?: Policy;
}

/** A module of the platform: its routes, navigation, migrations and jobs. */
export interface ModuleDefinition {
  id: string;
  /** The cafeteria switch it hangs on; core modules have none and are always on. */
  cafeteria?: ModuleId;
  nav?: readonly NavEntry[];
  /** Where the module's card on the municipality's start page leads (defaults to its first nav entry). */
  startPath?: string;
  /** Entries on the municipality's administration page (/{slug}/verwaltung). */
  adminLinks?: readonly NavEntry[];
  migrationsDir?: string;
  /** Static files (scripts for progressive enhancement), served at `/assets/{id}/{file}`. */
  assetsDir?: string;
  jobs?: (p: Platform) => Record<string, JobHandler>;
  /** Hourly clean-up of what has served its purpose (counts of removed rows, for the log). */
  maintenance?: (p: Platform, now: Date) => Promise<Record<string, number>>;
  /** What this module offers on a catalogue service page (e.g. "Online beantragen"). */
  serviceActions?: (c: Ctx, serviceSlug: string) => Promise<SafeHtml | undefined>;
  /** Domain events this module reacts to, inside the emitting transaction (e.g. `form.submitted`). */
  on?: Record<string, (tx: Tx, payload: Record<string, unknown>, p: Platform) => Promise<void>>;
  /** What this module stores about the signed-in citizen, for the Art. 15 DSGVO page and export. */
  personalData?: (c: Ctx) => Promise<{ title: string; records: Record<string, unknown>[] } | undefined>;
  /** Reasons (German) why the citizen's account cannot be deleted yet, e.g. records under a retention duty. */
  deletionBlockers?: (c: Ctx) => Promise<string[] | undefined>;
  /** Where to send the citizen after a form submission (e.g. the application's page); first answer wins. */
  submissionLanding?: (c: Ctx, submissionId: string) => Promise<string | undefined>;
  /** This module's part of the citizen's account page (drafts, applications, postbox …). */
  accountSections?: (c: Ctx) => Promise<SafeHtml | undefined>;
  routes(r: Router, p: Platform): void;
}

export interface Ctx {
  readonly ref: string;
  readonly lang: Lang;
  readonly t: Translate;
  readonly now: Date;
  readonly tenant: Tenant | undefined;
  readonly session: Session | undefined;
  readonly user: User | undefined;
  /** Current path (without query), for language links and login return. */
  readonly path: string;
  readonly flash: MessageKey | undefined;
  /** A session cookie came with the request but its session has ended (timeout, logout elsewhere). */
  readonly sessionExpired: boolean;
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
  readonly platform: Platform;
  readonly body: Record<string, unknown>;
  /** Files of a multipart form by field name (content, sent name and type; nothing checked yet). */
  readonly uploads: ReadonlyMap<string, Upload>;
  readonly query: Record<string, string | undefined>;
  readonly params: Record<string, string>;
  csrf(): string;
  /** Redirect after POST; `flash` is shown once on the next page. */
  redirect(to: string, flash?: MessageKey): void;
  setCookie(name: string, value: string, maxAgeSeconds?: number): void;
  clearSessionCookie(): void;
  setSessionCookie(token: string): void;
}

export type Handler = (c: Ctx) => Promise<SafeHtml | object | void> | SafeHtml | object | void;

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  policy: Policy;
  /** The cafeteria module the route belongs to: 404 when the tenant has it switched off. */
  module?: ModuleId;
  /** JSON errors instead of pages; CSRF token in the X-CSRF-Token header. */
  api?: boolean;
  /**
   * Server-to-server endpoints (payment notifications) carry their own signature instead of a
   * CSRF token; the reason is required so every exemption is visible in review.
   */
  csrfExempt?: string;
  bodyLimit?: number;
  /** Largest file a multipart form of this route accepts (default UPLOAD_MAX_BYTES); larger files answer 413. */
  uploadLimit?: number;
  /**
   * Accepts a raw document as the request body (application/xml, text/xml, application/pdf), handed over as a Buffer
   * in `c.req.body` (e.g. e-invoices from submitting systems); every other route answers such bodies with 415.
   */
  rawBody?: boolean;
  /** Cacheable public response (assets); everything else is `no-store`. */
  cache?: string;
  /**
   * Stateless public API (OParl 2-03): no cookie is read or set, so no session is loaded or extended and no
   * language, flash or session-clearing cookie is sent. The route must not use `c.csrf()` or `c.setCookie()`.
   */
  stateless?: boolean;
  handler: Handler;
}

export interface Router {
  route(spec: RouteSpec): void;
}

interface RouteConfig {
  spec: RouteSpec;
  /** Per-route options of @fastify/multipart (merged over the global ones). */
  multipartOptions?: { limits: { fileSize: number } };
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FLASH_COOKIE = 'amt_flash';
const LANG_COOKIE = 'amt_lang';

export function newReference(): string {
  // Unambiguous characters only, so a citizen can read it out on the phone.
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = randomBytes(8);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Builds the HTTP server: security headers, tenant resolution, sessions, CSRF, policies, errors. */
export interface RegisteredRoute {
  method: string;
  url: string;
  policy: string | undefined;
}

export async function createApp(p: Platform): Promise<{ app: FastifyInstance; routes: RouteSpec[]; registered: RegisteredRoute[] }> {
  const { config } = p;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    genReqId: newReference,
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  // Every route Fastify knows is recorded with its policy, so a test can prove none was added without one.
  const registered: RegisteredRoute[] = [];
  app.addHook('onRoute', (o) => {
    const spec = (o.config as Partial<RouteConfig> | undefined)?.spec;
    for (const m of Array.isArray(o.method) ? o.method : [o.method]) registered.push({ method: m, url: o.url, policy: spec?.policy?.name });
  });
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  // Multipart forms (uploads): files are read into memory up to the limit and handed to the route as ctx.uploads.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: UPLOAD_MAX_BYTES, files: 5, fields: 200, parts: 210, fieldSize: 256 * 1024 },
    async onFile(part) {
      const bytes = await part.toBuffer();
      const req = this as FastifyRequest & { uploads?: Map<string, Upload> };
      (req.uploads ??= new Map()).set(part.fieldname, { filename: part.filename, declaredMime: part.mimetype, bytes });
    },
  });

  // Raw documents as the request body (e-invoices as XML or PDF for API routes): handed to routes with `rawBody` as a
  // Buffer in req.body (the route's bodyLimit applies); all other routes answer 415 as before.
  app.addContentTypeParser(['application/xml', 'text/xml', 'application/pdf'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const sidName = cookieName('amt_sid', config.secure);
  const csrfName = cookieName('amt_csrf', config.secure);
  const sessionPolicy = { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs };
  const routes: RouteSpec[] = [];
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');

  app.addHook('onSend', async (req, reply, payload) => {
    if (!reply.hasHeader('Content-Security-Policy')) reply.header('Content-Security-Policy', csp);
    const sc = cookiesOf.get(req);
    if (sc?.length) reply.header('Set-Cookie', sc);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (config.secure || req.protocol === 'https') {
      reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    reply.header('X-Request-Id', req.id);
    return payload;
  });

  const ctxOf = new WeakMap<FastifyRequest, Ctx>();
  // Fastify copies a header array when it is set, so cookies are collected here and set once in onSend.
  const cookiesOf = new WeakMap<FastifyRequest, string[]>();

  async function buildCtx(req: FastifyRequest, reply: FastifyReply, spec: RouteSpec | undefined): Promise<Ctx> {
    const stateless = spec?.stateless === true;
    const cookies: Record<string, string> = stateless ? {} : parseCookies(req.headers.cookie);
    const query = (req.query ?? {}) as Record<string, string | undefined>;
    let lang: Lang = cookies[LANG_COOKIE] === 'en' ? 'en' : 'de';
    const setCookies: string[] = [];
    if (!stateless && (query.lang === 'en' || query.lang === 'de')) {
      lang = query.lang;
      setCookies.push(serializeCookie(LANG_COOKIE, lang, { secure: config.secure, maxAgeSeconds: 31536000 }));
    }
    const params = (req.params ?? {}) as Record<string, string>;
    let tenant: Tenant | undefined;
    if (spec && spec.url.startsWith('/:tenant') || spec?.url.startsWith('/api/v1/:tenant')) {
      tenant = await p.tenants.get(params.tenant ?? '');
      if (!tenant || !tenant.active) throw notFound();
      if (spec.module && !tenant.modules.has(spec.module)) throw notFound();
    }
    const now = p.clock.now();
    let session: Session | undefined;
    let sessionExpired = false;
    const sid = cookies[sidName];
    if (sid && spec && spec.policy.name !== 'public-static') {
      const s = await loadSession(p.db, sid, now, sessionPolicy);
      // A session belongs to one area: a municipality's, or the operators' platform area.
      if (s && s.tenantId === (tenant?.id ?? null)) session = s;
      else if (!s) {
        sessionExpired = true;
        setCookies.push(serializeCookie(sidName, '', { secure: config.secure, maxAgeSeconds: 0 }));
      }
    }
    let flash: MessageKey | undefined;
    const f = cookies[FLASH_COOKIE];
    if (f) {
      if (/^[a-z0-9.]+$/i.test(f)) flash = f as MessageKey;
      setCookies.push(serializeCookie(FLASH_COOKIE, '', { secure: config.secure, maxAgeSeconds: 0 }));
    }
    // An ended session's cookie is cleared above, so it must not bind the CSRF token of this page.
    let csrfBinding = sid && !sessionExpired ? sid : cookies[csrfName];
    const ctx: Ctx = {
      ref: req.id,
      lang,
      t: translator(lang),
      now,
      tenant,
      session,
      user: session?.user,
      path: req.url.split('?')[0] ?? '/',
      flash,
      sessionExpired,
      req,
      reply,
      platform: p,
      body: (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? req.body : {}) as Record<string, unknown>,
      uploads: (req as FastifyRequest & { uploads?: Map<string, Upload> }).uploads ?? new Map(),
      query,
      params,
      csrf() {
        if (!csrfBinding) {
          csrfBinding = newToken();
          setCookies.push(serializeCookie(csrfName, csrfBinding, { secure: config.secure }));
        }
        return hmac(config.secretKey, `csrf:${csrfBinding}`);
      },
      redirect(to, flashKey) {
        if (flashKey) setCookies.push(serializeCookie(FLASH_COOKIE, flashKey, { secure: config.secure, maxAgeSeconds: 60 }));
        reply.code(303).header('Location', to);
      },
      setCookie(name, value, maxAge) {
        setCookies.push(serializeCookie(name, value, { secure: config.secure, ...(maxAge !== undefined ? { maxAgeSeconds: maxAge } : {}) }));
      },
      setSessionCookie(token) {
        csrfBinding = token;
        setCookies.push(serializeCookie(sidName, token, { secure: config.secure }));
      },
      clearSessionCookie() {
        setCookies.push(serializeCookie(sidName, '', { secure: config.secure, maxAgeSeconds: 0 }));
      },
    };
    cookiesOf.set(req, setCookies);
    ctxOf.set(req, ctx);
    return ctx;
  }

  function checkCsrf(c: Ctx, spec: RouteSpec): void {
    const cookies = parseCookies(c.req.headers.cookie);
    const sid = cookies[sidName];
    const binding = sid && !c.sessionExpired ? sid : cookies[csrfName];
    const sent = spec.api ? c.req.headers['x-csrf-token'] : c.body._csrf;
    const origin = c.req.headers.origin;
    if (origin && origin !== 'null') {
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        throw csrfFailed();
      }
      if (host !== c.req.headers.host) throw csrfFailed();
    }
    if (!binding || typeof sent !== 'string' || !safeEqual(sent, hmac(config.secretKey, `csrf:${binding}`))) {
      throw csrfFailed();
    }
  }

  const router: Router = {
    route(spec) {
      routes.push(spec);
      app.route({
        method: spec.method,
        url: spec.url,
        ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
        config: { spec, ...(spec.uploadLimit ? { multipartOptions: { limits: { fileSize: spec.uploadLimit } } } : {}) } satisfies RouteConfig,
        handler: async (req, reply) => {
          if (Buffer.isBuffer(req.body) && !spec.rawBody) throw new HttpError(415, 'error.415.title', 'error.415.text');
          const c = await buildCtx(req, reply, spec);
          if (STATE_CHANGING.has(spec.method) && !spec.csrfExempt) checkCsrf(c, spec);
          const decision = spec.policy.check(c.user);
          if (decision === 'login') throw new LoginRequired();
          if (decision === 'deny') throw new HttpError(403, 'error.403.title', 'error.403.text');
          if (spec.cache) reply.header('Cache-Control', spec.cache);
          if (spec.api && c.user) reply.header('X-CSRF-Token', c.csrf());
          const out = await spec.handler(c);
          if (reply.sent) return reply;
          if (out instanceof SafeHtml) return reply.type('text/html; charset=utf-8').send(out.value);
          if (out === undefined) return reply.send();
          return reply.send(out);
        },
      });
    },
  };

  // Static assets: a fixed allow-list served from memory.
  const assets = loadAssets(p.modules.flatMap((m) => (m.assetsDir ? [{ prefix: m.id, dir: m.assetsDir }] : [])));
  router.route({
    method: 'GET',
    url: '/assets/*',
    policy: { name: 'public-static', check: () => 'allow' },
    cache: 'public, max-age=86400',
    handler: (c) => {
      const a = assets.get((c.params as Record<string, string>)['*'] ?? '');
      if (!a) throw notFound();
      c.reply.header('ETag', a.etag);
      if (c.req.headers['if-none-match'] === a.etag) return void c.reply.code(304).send();
      return void c.reply.type(a.type).send(a.body);
    },
  });

  for (const m of p.modules) m.routes(router, p);

  const isApi = (req: FastifyRequest) => req.url.startsWith('/api/');

  async function sendError(req: FastifyRequest, reply: FastifyReply, status: number, title: MessageKey, text: MessageKey) {
    let c = ctxOf.get(req);
    if (!c) {
      try {
        c = await buildCtx(req, reply, undefined);
      } catch {
        c = undefined;
      }
    }
    const t = c?.t ?? translator('de');
    reply.code(status);
    if (isApi(req)) {
      return reply.type('application/json').send({ error: { status, title: t(title), detail: t(text), reference: req.id } });
    }
    return reply.type('text/html; charset=utf-8').send(errorPage(c, status, title, text, req.id).value);
  }

  app.setNotFoundHandler(async (req, reply) => sendError(req, reply, 404, 'error.404.title', 'error.404.text'));

  app.setErrorHandler(async (err: unknown, req, reply) => {
    if (err instanceof LoginRequired) {
      const c = ctxOf.get(req);
      const back = encodeURIComponent(req.url);
      const base = c?.tenant ? `/${c.tenant.slug}` : '/betrieb';
      if (isApi(req)) return sendError(req, reply, 401, 'error.403.title', 'login.required');
      return reply.code(303).header('Location', `${base}/anmelden?zurueck=${back}${c?.sessionExpired ? '&abgelaufen=1' : ''}`).send();
    }
    if (err instanceof HttpError) return sendError(req, reply, err.status, err.titleKey, err.textKey);
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) return sendError(req, reply, 413, 'error.413.title', 'error.413.text');
    if (status === 415) return sendError(req, reply, 415, 'error.415.title', 'error.415.text');
    if (status === 429) return sendError(req, reply, 429, 'error.429.title', 'error.429.text');
    if (status && status >= 400 && status < 500) return sendError(req, reply, 400, 'error.400.title', 'error.400.text');
    req.log.error({ err, ref: req.id }, 'unhandled error');
    return sendError(req, reply, 500, 'error.500.title', 'error.500.text');
  });

  return { app, routes, registered };
}
