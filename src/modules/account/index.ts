import { errorSummary, field, html, moduleHooks, page, policies, postForm, str, newPasswordErrors, type Ctx, type FieldErrors, type ModuleDefinition, type SafeHtml } from '../../kernel/index.ts';
import { changePassword } from './commands/change-password.ts';
import { deleteAccount } from './commands/delete-account.ts';
import { alert, formatDateTime } from '../../kernel/index.ts';

async function accountPage(c: Ctx, errors: FieldErrors = {}) {
  const sections: SafeHtml[] = await moduleHooks(c, (m) => m.accountSections);
  const u = c.user!;
  return page(
    c,
    { title: c.t('account.title') },
    html`<h1 class="kern-heading-large">${c.t('account.title')}</h1>
${errorSummary(c, errors)}
${sections}
<h2 class="kern-heading-medium">${c.t('account.profile')}</h2>
<dl class="kern-description-list">
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${c.t('account.name')}</dt><dd class="kern-description-list-item__value">${u.displayName}</dd></div>
<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${c.t('account.email')}</dt><dd class="kern-description-list-item__value">${u.email} (${c.t('account.verified')})</dd></div>
</dl>
<h2 class="kern-heading-medium">${DP.title}</h2>
<ul class="kern-list"><li><a class="kern-link" href="/${c.tenant!.slug}/konto/meine-daten">${DP.show}</a></li>
<li><a class="kern-link" href="/${c.tenant!.slug}/konto/loeschen">${DP.delete}</a></li></ul>
<h2 class="kern-heading-medium">${c.t('account.changePassword')}</h2>
<div class="narrow">${postForm(
      c,
      `/${c.tenant!.slug}/konto/passwort`,
      html`${field({ name: 'current', label: c.t('account.currentPassword'), type: 'password', autocomplete: 'current-password', required: true, error: errors.current })}
${field({ name: 'password', label: c.t('form.newPassword'), type: 'password', hint: c.t('form.password.hint'), autocomplete: 'new-password', required: true, error: errors.password })}
${field({ name: 'password2', label: c.t('form.passwordRepeat'), type: 'password', autocomplete: 'new-password', required: true, error: errors.password2 })}`,
      c.t('account.changePassword'),
    )}</div>`,
  );
}

const DP = {
  title: 'Meine Daten',
  show: 'Alle über mich gespeicherten Daten ansehen und herunterladen',
  delete: 'Konto löschen',
  intro: 'Hier sehen Sie alles, was wir in diesem Portal über Sie gespeichert haben (Auskunft nach Art. 15 DSGVO). Die Datei im JSON-Format können Sie herunterladen und weitergeben.',
  download: 'Als Datei herunterladen (JSON)',
  account: 'Konto',
  deleteIntro: 'Wenn Sie Ihr Konto löschen, werden Ihre Anmeldedaten, Entwürfe und Sitzungen gelöscht. Das können Sie nicht rückgängig machen.',
  blocked: 'Ihr Konto kann derzeit nicht gelöscht werden:',
  confirm: 'Zur Bestätigung geben Sie bitte Ihr Passwort ein.',
  submit: 'Konto endgültig löschen',
  wrong: 'Das Passwort ist falsch.',
};

function valueText(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object') return JSON.stringify(v);
  return v === null || v === undefined ? '–' : String(v);
}

async function collect(c: Ctx) {
  const u = c.user!;
  const sections = await moduleHooks(c, (m) => m.personalData);
  return {
    exportiert: c.now.toISOString(),
    verantwortlich: `${c.t(`kind.${c.tenant!.kind}`)} ${c.tenant!.name}`,
    konto: { name: u.displayName, email: u.email, art: u.kind, email_bestaetigt: u.emailVerified },
    bereiche: sections,
  };
}

/** Bürgerkonto: the citizen's personal area (profile now; postbox, applications and payments follow). */
export const accountModule: ModuleDefinition = {
  id: 'account',
  cafeteria: 'account',
  nav: [{ key: 'nav.account', path: '/konto', policy: policies.citizen }],
  routes(r, p) {
    r.route({ method: 'GET', url: '/:tenant/konto', policy: policies.citizen, module: 'account', handler: (c) => accountPage(c) });
    r.route({
      method: 'GET',
      url: '/:tenant/konto/meine-daten',
      policy: policies.citizen,
      module: 'account',
      handler: async (c) => {
        const data = await collect(c);
        return page(
          c,
          { title: DP.title },
          html`<h1 class="kern-heading-large">${DP.title}</h1><p class="kern-body">${DP.intro}</p>
<p class="kern-body"><a class="kern-link" href="/${c.tenant!.slug}/konto/meine-daten.json" download>${DP.download}</a></p>
<h2 class="kern-heading-medium">${DP.account}</h2>
<dl class="kern-description-list">${Object.entries(data.konto).map(([k, v]) => html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${k}</dt><dd class="kern-description-list-item__value">${valueText(v)}</dd></div>`)}</dl>
${data.bereiche.map(
            (s) => html`<h2 class="kern-heading-medium">${s.title} (${s.records.length})</h2>
${s.records.slice(0, 200).map((rec) => html`<dl class="kern-description-list record">${Object.entries(rec).map(([k, v]) => html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${k}</dt><dd class="kern-description-list-item__value">${v instanceof Date ? formatDateTime(v, c.lang) : valueText(v)}</dd></div>`)}</dl>`)}`,
          )}`,
        );
      },
    });
    r.route({
      method: 'GET',
      url: '/:tenant/konto/meine-daten.json',
      policy: policies.citizen,
      module: 'account',
      handler: async (c) => {
        c.reply.header('Content-Disposition', `attachment; filename="meine-daten-${c.tenant!.slug}.json"`);
        return collect(c);
      },
    });
    const deletePage = async (c: Ctx, error?: string) => {
      const blockers = (await moduleHooks(c, (m) => m.deletionBlockers)).flat();
      return page(
        c,
        { title: DP.delete },
        html`<div class="narrow"><h1 class="kern-heading-large">${DP.delete}</h1>
${blockers.length ? html`${alert('warning', html`${DP.blocked}<ul class="kern-list">${blockers.map((b) => html`<li>${b}</li>`)}</ul>`)}` : html`<p class="kern-body">${DP.deleteIntro}</p>
${error ? errorSummary(c, { password: error }) : ''}
${postForm(c, `/${c.tenant!.slug}/konto/loeschen`, html`<p class="kern-body">${DP.confirm}</p>${field({ name: 'password', label: c.t('form.password'), type: 'password', autocomplete: 'current-password', required: true, error })}`, DP.submit)}`}</div>`,
      );
    };
    r.route({ method: 'GET', url: '/:tenant/konto/loeschen', policy: policies.citizen, module: 'account', handler: (c) => deletePage(c) });
    r.route({
      method: 'POST',
      url: '/:tenant/konto/loeschen',
      policy: policies.citizen,
      module: 'account',
      handler: async (c) => {
        const blockers = (await moduleHooks(c, (m) => m.deletionBlockers)).flat();
        if (blockers.length) {
          c.reply.code(409);
          return deletePage(c);
        }
        const res = await deleteAccount(p.db, { user: c.user!, password: str(c.body, 'password', 300), now: c.now });
        if (res !== 'ok') {
          c.reply.code(422);
          return deletePage(c, DP.wrong);
        }
        c.clearSessionCookie();
        c.redirect(`/${c.tenant!.slug}`, 'account.deleted');
      },
    });
    r.route({
      method: 'POST',
      url: '/:tenant/konto/passwort',
      policy: policies.citizen,
      module: 'account',
      handler: async (c) => {
        const current = str(c.body, 'current', 300);
        const next = str(c.body, 'password', 300);
        const errors: FieldErrors = current ? newPasswordErrors(next, str(c.body, 'password2', 300), c.user!.email, c.t) : { current: c.t('form.required') };
        if (Object.keys(errors).length === 0) {
          const res = await changePassword(p.db, { user: c.user!, sessionIdHash: c.session!.idHash, current, next, now: c.now, t: c.t, tenantName: c.tenant!.name, log2N: p.config.scryptLog2N });
          if (res === 'ok') return void c.redirect(`/${c.tenant!.slug}/konto`, 'account.passwordChanged');
          errors.current = c.t('account.currentWrong');
        }
        c.reply.code(422);
        return accountPage(c, errors);
      },
    });
  },
};
