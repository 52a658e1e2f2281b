import type { Ctx } from './app.ts';
import { html, raw, type SafeHtml } from './html.ts';
import { translator, type MessageKey } from './i18n/i18n.ts';

const FLAG = raw(
  '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="16" viewBox="0 0 5 3" aria-hidden="true" focusable="false"><rect width="5" height="1" y="0" fill="#000"/><rect width="5" height="1" y="1" fill="#D00"/><rect width="5" height="1" y="2" fill="#FFCE00"/></svg>',
);

export interface PageOptions {
  title: string;
  /** Breadcrumb-free pages keep it simple; `wide` drops the reading-width limit (tables). */
  wide?: boolean;
  /** Same-origin scripts (progressive enhancement only: the page must work without them), loaded deferred. */
  scripts?: readonly string[];
}

function navItems(c: Ctx): { href: string; label: string; current: boolean }[] {
  const items: { href: string; label: string; current: boolean }[] = [];
  const tenant = c.tenant;
  if (tenant) {
    const base = `/${tenant.slug}`;
    items.push({ href: base, label: c.t('nav.start'), current: c.path === base });
    for (const m of c.platform.modules) {
      if (m.cafeteria && !tenant.modules.has(m.cafeteria)) continue;
      for (const n of m.nav ?? []) {
        if (n.policy && n.policy.check(c.user) !== 'allow') continue;
        const href = base + n.path;
        items.push({ href, label: n.label ? n.label(c.lang) : c.t(n.key), current: c.path === href || c.path.startsWith(href + '/') });
      }
    }
    // Only the most specific entry is the current page (/konto/postfach, not also /konto).
    const best = items.filter((i) => i.current).sort((a, b) => b.href.length - a.href.length)[0];
    for (const i of items) i.current = i === best;
  } else if (c.user?.kind === 'operator') {
    items.push({ href: '/', label: c.t('nav.start'), current: c.path === '/' });
    items.push({ href: '/betrieb', label: c.t('nav.operator'), current: c.path.startsWith('/betrieb') });
  }
  return items;
}

function langLink(c: Ctx): SafeHtml {
  const other = c.lang === 'de' ? 'en' : 'de';
  return html`<a class="kern-link" href="${c.path}?lang=${other}" lang="${other}" hreflang="${other}">${c.t('lang.switch')}</a>`;
}

function userArea(c: Ctx): SafeHtml {
  const base = c.tenant ? `/${c.tenant.slug}` : '/betrieb';
  if (c.user) {
    return html`<span class="user-name">${c.t('auth.loggedInAs', { name: c.user.displayName || c.user.email })}</span>
      <form method="post" action="${base}/abmelden" class="inline-form">
        <input type="hidden" name="_csrf" value="${c.csrf()}">
        <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small"><span class="kern-label">${c.t('auth.logout')}</span></button>
      </form>`;
  }
  if (!c.tenant) return html``;
  return html`<a class="kern-link" href="${base}/anmelden">${c.t('auth.login')}</a>`;
}

/** The shell around every page: official bar, tenant header, navigation, main, legal footer. */
export function page(c: Ctx, o: PageOptions, content: SafeHtml): SafeHtml {
  const tenant = c.tenant;
  const siteName = tenant ? `${c.t(`kind.${tenant.kind}`)} ${tenant.name}` : c.t('site.operator');
  const nav = navItems(c);
  const base = tenant ? `/${tenant.slug}` : '';
  return html`<!doctype html>
<html lang="${c.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} – ${siteName}</title>
<link rel="stylesheet" href="/assets/kern/fonts/fira-sans.css">
<link rel="stylesheet" href="/assets/kern/kern.min.css">
<link rel="stylesheet" href="/assets/app.css">
${tenant ? html`<link rel="stylesheet" href="/${tenant.slug}/theme.css?v=${tenant.version}">` : ''}
${(o.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<a class="skip-link" href="#inhalt">${c.t('skip.content')}</a>
<div class="kern-kopfzeile"><div class="kern-container"><div class="kern-kopfzeile__content">
<span class="kern-kopfzeile__flagge">${FLAG}</span>
<span class="kern-kopfzeile__label">${tenant ? c.t('site.official', { name: siteName }) : c.t('site.officialPlatform')}</span>
</div></div></div>
<header class="site-header">
<div class="kern-container site-header__inner">
<a class="site-brand" href="${tenant ? base : '/'}">
${tenant?.hasArms ? html`<img class="site-brand__arms" src="${base}/wappen.svg?v=${tenant.version}" alt="${c.t('common.arms', { name: tenant.name })}" width="48" height="56">` : ''}
<span class="site-brand__name">${siteName}</span>
</a>
<div class="site-header__tools">${userArea(c)} ${langLink(c)}</div>
</div>
${nav.length ? html`<nav class="site-nav" aria-label="${c.t('nav.main')}"><div class="kern-container"><ul>${nav.map(
    (n) => html`<li><a href="${n.href}"${n.current ? raw(' aria-current="page"') : ''}>${n.label}</a></li>`,
  )}</ul></div></nav>` : ''}
</header>
<main id="inhalt" class="kern-container site-main${o.wide ? ' site-main--wide' : ''}" tabindex="-1">
${c.flash ? alert('success', c.t(c.flash)) : ''}
${content}
</main>
<footer class="site-footer">
<div class="kern-container">
${tenant ? html`<ul class="site-footer__links">
<li><a class="kern-link" href="${base}/impressum">${c.t('footer.impressum')}</a></li>
<li><a class="kern-link" href="${base}/datenschutz">${c.t('footer.privacy')}</a></li>
<li><a class="kern-link" href="${base}/barrierefreiheit">${c.t('footer.accessibility')}</a></li>
</ul>
<p class="kern-body kern-body--small">${tenant.street}, ${tenant.postalCode} ${tenant.city}${tenant.phone ? html` · ${c.t('footer.contact')}: ${tenant.phone}` : ''}</p>` : ''}
<p class="kern-body kern-body--small">${c.t('footer.platform')}</p>
</div>
</footer>
</body>
</html>`;
}

/** A KERN alert box; `role=status` for success/info so screen readers announce it politely. */
export function alert(kind: 'info' | 'success' | 'warning' | 'danger', text: string | SafeHtml, title?: string): SafeHtml {
  const role = kind === 'danger' || kind === 'warning' ? 'alert' : 'status';
  return html`<div class="kern-alert kern-alert--${kind}" role="${role}">
<div class="kern-alert__header"><span class="kern-icon kern-icon--${kind}" aria-hidden="true"></span>
<span class="kern-title">${title ?? text}</span></div>
${title ? html`<div class="kern-alert__body"><p class="kern-body">${text}</p></div>` : ''}
</div>`;
}

export function errorPage(c: Ctx | undefined, status: number, title: MessageKey, text: MessageKey, ref: string): SafeHtml {
  const t = c?.t ?? translator('de');
  const body = html`<h1 class="kern-heading-large">${t(title)}</h1>
<p class="kern-body">${t(text)}</p>
<p class="kern-body kern-body--small">${t('error.reference', { ref })}</p>
<p class="kern-body"><a class="kern-link" href="${c?.tenant ? `/${c.tenant.slug}` : '/'}">${t('error.back')}</a></p>`;
  if (!c) {
    return html`<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t(title)}</title><link rel="stylesheet" href="/assets/kern/kern.min.css"><link rel="stylesheet" href="/assets/app.css"></head><body><main id="inhalt" class="kern-container site-main">${body}</main></body></html>`;
  }
  void status;
  return page(c, { title: t(title) }, body);
}
