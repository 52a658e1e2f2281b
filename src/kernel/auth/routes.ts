import type { Ctx, ModuleDefinition, Platform, Router } from '../web/app.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { alert, page } from '../web/layout.ts';
import { checkbox, errorSummary, field, postForm, str, type FieldErrors } from '../web/forms.ts';
import { formatDateTime } from '../web/format.ts';
import { policies } from './policy.ts';
import { parseLogin, parseRegister, newPasswordErrors, validEmail } from './schema.ts';
import { login } from './commands/login.ts';
import { logout } from './commands/logout.ts';
import { registerCitizen } from './commands/register-citizen.ts';
import { verifyEmail } from './commands/verify-email.ts';
import { requestPasswordReset } from './commands/request-password-reset.ts';
import { resetPassword } from './commands/reset-password.ts';
import { peekUserToken } from './sessions.ts';
import { sendVerificationAgain } from './commands/resend-verification.ts';
import { finishOidcLogin, oidcProviderOf, startOidcLogin } from './oidc.ts';
import type { MessageKey } from '../web/i18n/i18n.ts';
import { notFound as notFoundError } from '../web/errors.ts';

interface Area {
  prefix: '/:tenant' | '/betrieb';
  base(c: Ctx): string;
  tenantId(c: Ctx): string | null;
  name(c: Ctx): string;
  home(c: Ctx): string;
}

const tenantArea: Area = {
  prefix: '/:tenant',
  base: (c) => `/${c.tenant!.slug}`,
  tenantId: (c) => c.tenant!.id,
  name: (c) => `${c.t(`kind.${c.tenant!.kind}`)} ${c.tenant!.name}`,
  home(c) {
    const base = `/${c.tenant!.slug}`;
    if (c.user?.kind === 'staff') return `${base}/verwaltung`;
    if (c.user?.kind === 'citizen' && c.tenant!.modules.has('account')) return `${base}/konto`;
    return base;
  },
};

const platformArea: Area = {
  prefix: '/betrieb',
  base: () => '/betrieb',
  tenantId: () => null,
  name: (c) => c.t('site.operator'),
  home: () => '/betrieb',
};

/** Only a local path inside the same area may be a return target (no open redirects). */
function safeReturn(c: Ctx, area: Area, target: string): string | undefined {
  const base = area.base(c);
  if (!target.startsWith(base + '/') && target !== base) return undefined;
  if (/[\\\s]|\/\/|%2f|%5c/i.test(target.slice(1))) return undefined;
  return target;
}

function clientIp(c: Ctx): string {
  return c.req.ip || 'unknown';
}

function loginPage(c: Ctx, area: Area, o: { email?: string; errors?: FieldErrors; message?: SafeHtml; back?: string; oidc?: string }): SafeHtml {
  const base = area.base(c);
  const canRegister = area === tenantArea && c.tenant!.modules.has('account');
  const action = `${base}/anmelden${o.back ? `?zurueck=${encodeURIComponent(o.back)}` : ''}`;
  return page(
    c,
    { title: c.t('login.title') },
    html`<div class="narrow">
<h1 class="kern-heading-large">${c.t('login.title')}</h1>
${o.errors ? errorSummary(c, o.errors) : ''}
${o.message ?? ''}
<p class="kern-body">${c.t('login.intro')}</p>
${postForm(
      c,
      action,
      html`${field({ name: 'email', label: c.t('form.email'), type: 'email', value: o.email ?? '', autocomplete: 'username', required: true, error: o.errors?.email, maxlength: 254 })}
${field({ name: 'password', label: c.t('form.password'), type: 'password', autocomplete: 'current-password', required: true, error: o.errors?.password })}`,
      c.t('login.submit'),
    )}
${o.oidc ? html`<p class="kern-body"><a class="kern-btn kern-btn--secondary" href="${base}/anmelden/oidc${o.back ? `?zurueck=${encodeURIComponent(o.back)}` : ''}"><span class="kern-label">${c.t('login.oidc', { name: o.oidc })}</span></a></p>` : ''}
<p class="kern-body"><a class="kern-link" href="${base}/passwort-vergessen">${c.t('login.forgot')}</a></p>
${canRegister ? html`<p class="kern-body">${c.t('login.noAccount')} <a class="kern-link" href="${base}/registrieren">${c.t('auth.register')}</a></p>` : ''}
</div>`,
  );
}

function simplePage(c: Ctx, title: MessageKey, body: SafeHtml): SafeHtml {
  return page(c, { title: c.t(title) }, html`<div class="narrow"><h1 class="kern-heading-large">${c.t(title)}</h1>${body}</div>`);
}

function tokenProblem(c: Ctx, problem: 'invalid' | 'used' | 'expired'): SafeHtml {
  return alert('danger', c.t(`token.${problem}`));
}

function areaRoutes(r: Router, p: Platform, area: Area): void {
  const { config } = p;
  const session = { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs };

  r.route({
    method: 'GET',
    url: `${area.prefix}/anmelden`,
    policy: policies.public,
    handler: async (c) => {
      if (c.user) return void c.redirect(area.home(c));
      const back = safeReturn(c, area, c.query.zurueck ?? '');
      const message = c.query.abgelaufen ? alert('warning', c.t('login.expired')) : back ? alert('info', c.t('login.required')) : undefined;
      const oidc = area === tenantArea ? (await oidcProviderOf(p.db, c.tenant!.id))?.displayName : undefined;
      return loginPage(c, area, { ...(back ? { back } : {}), ...(message ? { message } : {}), ...(oidc ? { oidc } : {}) });
    },
  });

  r.route({
    method: 'POST',
    url: `${area.prefix}/anmelden`,
    policy: policies.public,
    handler: async (c) => {
      const { input, errors } = parseLogin(c.body, c.t);
      const back = safeReturn(c, area, c.query.zurueck ?? '');
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return loginPage(c, area, { email: input.email, errors, ...(back ? { back } : {}) });
      }
      const res = await login(p.db, { tenantId: area.tenantId(c), email: input.email, password: input.password, ip: clientIp(c), now: c.now, session, log2N: config.scryptLog2N });
      if (!res.ok) {
        if (res.reason === 'unverified' && area === tenantArea) {
          // A fresh link goes out; the old one may have expired.
          await registerCitizenResend(p, c, input.email);
        }
        const msg =
          res.reason === 'locked'
            ? c.t('login.locked', { time: formatDateTime(res.until!, c.lang).split(', ')[1] ?? '' })
            : res.reason === 'unverified'
              ? c.t('login.unverified')
              : c.t('login.failed');
        c.reply.code(res.reason === 'locked' ? 429 : 401);
        return loginPage(c, area, { email: input.email, errors: { email: msg }, ...(back ? { back } : {}) });
      }
      c.setSessionCookie(res.token);
      c.redirect(back ?? area.home({ ...c, user: res.user } as Ctx));
    },
  });

  r.route({
    method: 'POST',
    url: `${area.prefix}/abmelden`,
    policy: policies.public,
    handler: async (c) => {
      // Only this area's session ends; a session of another municipality on the same cookie stays.
      if (c.session) {
        await logout(p.db, { session: c.session, now: c.now });
        c.clearSessionCookie();
      }
      c.redirect(area === tenantArea ? area.base(c) : '/', 'logout.done');
    },
  });

  r.route({
    method: 'GET',
    url: `${area.prefix}/passwort-vergessen`,
    policy: policies.public,
    handler: (c) => forgotPage(c, area, {}),
  });

  r.route({
    method: 'POST',
    url: `${area.prefix}/passwort-vergessen`,
    policy: policies.public,
    handler: async (c) => {
      const email = str(c.body, 'email', 254).trim();
      if (!validEmail(email)) {
        c.reply.code(422);
        return forgotPage(c, area, { email, errors: { email: email ? c.t('form.email.invalid') : c.t('form.required') } });
      }
      await requestPasswordReset(p.db, { tenant: { id: area.tenantId(c), name: area.name(c), path: area.base(c) }, email, now: c.now, baseUrl: config.baseUrl, t: c.t });
      return simplePage(c, 'forgot.title', alert('success', c.t('forgot.done')));
    },
  });

  r.route({
    method: 'GET',
    url: `${area.prefix}/passwort-neu`,
    policy: policies.public,
    handler: async (c) => {
      const token = c.query.token ?? '';
      if (!(await peekUserToken(p.db, area.tenantId(c), token, 'reset_password', c.now))) {
        return simplePage(c, 'reset.title', tokenProblem(c, 'invalid'));
      }
      return resetPage(c, area, token, {});
    },
  });

  r.route({
    method: 'POST',
    url: `${area.prefix}/passwort-neu`,
    policy: policies.public,
    handler: async (c) => {
      const token = str(c.body, 'token', 100);
      const pw = str(c.body, 'password', 300);
      const errors = newPasswordErrors(pw, str(c.body, 'password2', 300), '', c.t);
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return resetPage(c, area, token, errors);
      }
      const res = await resetPassword(p.db, { tenant: { id: area.tenantId(c), name: area.name(c) }, token, password: pw, now: c.now, t: c.t, log2N: config.scryptLog2N });
      if ('problem' in res) {
        c.reply.code(400);
        return simplePage(c, 'reset.title', tokenProblem(c, res.problem));
      }
      c.clearSessionCookie();
      c.redirect(`${area.base(c)}/anmelden`, 'reset.done');
    },
  });
}

async function registerCitizenResend(p: Platform, c: Ctx, email: string): Promise<void> {
  await sendVerificationAgain(p.db, { tenant: c.tenant!, email, now: c.now, baseUrl: p.config.baseUrl, t: c.t });
}

function forgotPage(c: Ctx, area: Area, o: { email?: string; errors?: FieldErrors }): SafeHtml {
  return simplePage(
    c,
    'forgot.title',
    html`${o.errors ? errorSummary(c, o.errors) : ''}<p class="kern-body">${c.t('forgot.intro')}</p>
${postForm(c, `${area.base(c)}/passwort-vergessen`, field({ name: 'email', label: c.t('form.email'), type: 'email', value: o.email ?? '', autocomplete: 'email', required: true, error: o.errors?.email }), c.t('forgot.submit'))}`,
  );
}

function resetPage(c: Ctx, area: Area, token: string, errors: FieldErrors): SafeHtml {
  return simplePage(
    c,
    'reset.title',
    html`${errorSummary(c, errors)}
${postForm(
      c,
      `${area.base(c)}/passwort-neu`,
      html`<input type="hidden" name="token" value="${token}">
${field({ name: 'password', label: c.t('form.newPassword'), type: 'password', hint: c.t('form.password.hint'), autocomplete: 'new-password', required: true, error: errors.password })}
${field({ name: 'password2', label: c.t('form.passwordRepeat'), type: 'password', autocomplete: 'new-password', required: true, error: errors.password2 })}`,
      c.t('reset.submit'),
    )}`,
  );
}

function registerPage(c: Ctx, o: { values?: Partial<Record<'name' | 'email', string>>; consent?: boolean; errors?: FieldErrors }): SafeHtml {
  const e = o.errors ?? {};
  return page(
    c,
    { title: c.t('register.title') },
    html`<div class="narrow"><h1 class="kern-heading-large">${c.t('register.title')}</h1>
${errorSummary(c, e)}
<p class="kern-body">${c.t('register.intro')}</p>
${postForm(
      c,
      `/${c.tenant!.slug}/registrieren`,
      html`${field({ name: 'name', label: c.t('form.name'), value: o.values?.name ?? '', autocomplete: 'name', required: true, error: e.name, maxlength: 120 })}
${field({ name: 'email', label: c.t('form.email'), type: 'email', value: o.values?.email ?? '', hint: c.t('form.email.hint'), autocomplete: 'email', required: true, error: e.email, maxlength: 254 })}
${field({ name: 'password', label: c.t('form.password'), type: 'password', hint: c.t('form.password.hint'), autocomplete: 'new-password', required: true, error: e.password })}
${field({ name: 'password2', label: c.t('form.passwordRepeat'), type: 'password', autocomplete: 'new-password', required: true, error: e.password2 })}
${checkbox({ name: 'consent', label: c.t('form.consent'), checked: !!o.consent, error: e.consent })}
<p class="kern-body"><a class="kern-link" href="/${c.tenant!.slug}/datenschutz">${c.t('legal.privacy')}</a></p>`,
      c.t('register.submit'),
    )}</div>`,
  );
}

/** Login, logout, registration, e-mail confirmation and password reset for tenants and operators. */
export const authModule: ModuleDefinition = {
  id: 'auth',
  routes(r, p) {
    areaRoutes(r, p, tenantArea);
    areaRoutes(r, p, platformArea);

    // Login through the municipality's OpenID Connect provider (e.g. Keycloak brokering BundID).
    r.route({
      method: 'GET',
      url: '/:tenant/anmelden/oidc',
      policy: policies.public,
      handler: async (c) => {
        const provider = await oidcProviderOf(p.db, c.tenant!.id);
        if (!provider) throw notFoundError();
        const back = safeReturn(c, tenantArea, c.query.zurueck ?? '') ?? '';
        const level = c.query.niveau;
        const acr = level && ['substantial', 'high'].includes(level) ? (Object.entries(provider.levelMap).find(([, v]) => v === level)?.[0] ?? level) : undefined;
        const url = await startOidcLogin(p.db, { tenantId: c.tenant!.id, provider, redirectUri: `${p.config.baseUrl}/${c.tenant!.slug}/anmelden/oidc/rueckkehr`, returnTo: back, ...(acr ? { acr } : {}), now: c.now });
        c.redirect(url);
      },
    });
    r.route({
      method: 'GET',
      url: '/:tenant/anmelden/oidc/rueckkehr',
      policy: policies.public,
      handler: async (c) => {
        const provider = await oidcProviderOf(p.db, c.tenant!.id);
        if (!provider) throw notFoundError();
        const currentUrl = new URL(`${p.config.baseUrl}${c.req.url}`);
        const res = await finishOidcLogin(p.db, { tenantId: c.tenant!.id, provider, currentUrl, session: { idleMs: p.config.sessionIdleMs, absoluteMs: p.config.sessionAbsoluteMs }, log2N: p.config.scryptLog2N, now: c.now });
        if (!res.ok) {
          c.reply.code(res.reason === 'email_conflict' ? 409 : 400);
          return simplePage(c, 'login.title', alert('danger', c.t(res.reason === 'email_conflict' ? 'login.oidcConflict' : 'login.oidcFailed')));
        }
        c.setSessionCookie(res.token);
        c.redirect(safeReturn(c, tenantArea, res.returnTo) ?? tenantArea.home({ ...c, user: res.user } as Ctx));
      },
    });

    r.route({
      method: 'GET',
      url: '/:tenant/registrieren',
      policy: policies.public,
      module: 'account',
      handler: (c) => registerPage(c, {}),
    });

    r.route({
      method: 'POST',
      url: '/:tenant/registrieren',
      policy: policies.public,
      module: 'account',
      handler: async (c) => {
        const { input, errors } = parseRegister(c.body, c.t);
        if (Object.keys(errors).length) {
          c.reply.code(422);
          return registerPage(c, { values: { name: input.name, email: input.email }, consent: input.consent, errors });
        }
        await registerCitizen(p.db, { tenant: c.tenant!, email: input.email, displayName: input.name, password: input.password, now: c.now, baseUrl: p.config.baseUrl, t: c.t, log2N: p.config.scryptLog2N });
        return simplePage(c, 'register.done.title', alert('success', c.t('register.done.text')));
      },
    });

    // The link in the mail shows a button; only the POST confirms, so mail scanners that follow links confirm nothing.
    r.route({
      method: 'GET',
      url: '/:tenant/registrieren/bestaetigen',
      policy: policies.public,
      module: 'account',
      handler: (c) =>
        simplePage(
          c,
          'verify.title',
          html`<p class="kern-body">${c.t('verify.text')}</p>${postForm(c, `/${c.tenant!.slug}/registrieren/bestaetigen`, html`<input type="hidden" name="token" value="${c.query.token ?? ''}">`, c.t('verify.submit'))}`,
        ),
    });

    r.route({
      method: 'POST',
      url: '/:tenant/registrieren/bestaetigen',
      policy: policies.public,
      module: 'account',
      handler: async (c) => {
        const res = await verifyEmail(p.db, { tenantId: c.tenant!.id, token: str(c.body, 'token', 100), now: c.now });
        if ('problem' in res) {
          c.reply.code(400);
          return simplePage(c, 'verify.title', tokenProblem(c, res.problem));
        }
        c.redirect(`/${c.tenant!.slug}/anmelden`, 'verify.done');
      },
    });
  },
};
