import { errorSummary, field, html, moduleHooks, page, policies, postForm, str, newPasswordErrors, type Ctx, type FieldErrors, type ModuleDefinition, type SafeHtml } from '../../kernel/index.ts';
import { changePassword } from './commands/change-password.ts';

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

/** Bürgerkonto: the citizen's personal area (profile now; postbox, applications and payments follow). */
export const accountModule: ModuleDefinition = {
  id: 'account',
  cafeteria: 'account',
  nav: [{ key: 'nav.account', path: '/konto', policy: policies.citizen }],
  routes(r, p) {
    r.route({ method: 'GET', url: '/:tenant/konto', policy: policies.citizen, module: 'account', handler: (c) => accountPage(c) });
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
