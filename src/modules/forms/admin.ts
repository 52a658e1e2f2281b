import { isUuid, alert, formatDateTime, html, notFound, page, policies, postForm, str, textarea, type Ctx, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { compileForm, FormDefinitionError } from './definition.ts';
import { messages } from './messages.ts';
import { stepBody } from './render.ts';
import { adoptedForms, formById, formVersions, libraryEntries, listForms } from './repository.ts';
import { adoptForm, importForm, shareForm, takeUpstreamUpdate } from './commands/library.ts';
import { field } from '../../kernel/index.ts';
import { publishFormVersion } from './commands/publish-version.ts';

const editor = policies.staff('admin');

/** The form named in the URL, of this municipality only. */
async function formOf(p: Platform, c: Ctx): Promise<{ id: string; key: string }> {
  const id = c.params.id ?? '';
  const form = isUuid(id) ? await formById(p.db, c.tenant!.id, id) : undefined;
  if (!form) throw notFound();
  return form;
}
const MAX_JSON = 200_000;

function preview(c: Ctx, definition: unknown): SafeHtml {
  const cf = compileForm(definition);
  const m = messages(c.lang);
  return html`<section class="form-preview" aria-labelledby="preview-title"><h2 class="kern-heading-medium" id="preview-title">${m('preview')}</h2>
${cf.def.steps.map((_, i) => html`<div class="preview-step" inert>${stepBody(c, cf, { action: '#', step: i, revision: 0, data: {}, errors: {} })}</div>`)}</section>`;
}

async function editorPage(p: Platform, c: Ctx, formId: string, o: { json?: string; notice?: SafeHtml; previewOf?: unknown } = {}) {
  const m = messages(c.lang);
  const form = await formById(p.db, c.tenant!.id, formId);
  if (!form) throw notFound();
  const versions = await formVersions(p.db, c.tenant!.id, formId);
  const current = versions[0]!;
  const json = o.json ?? JSON.stringify(current.definition, null, 2);
  const action = `/${c.tenant!.slug}/verwaltung/formulare/${formId}`;
  return page(
    c,
    { title: `${m('manage')}: ${form.key}`, wide: true },
    html`<h1 class="kern-heading-large">${(current.definition as { title?: string }).title ?? form.key}</h1>
${o.notice ?? ''}
<h2 class="kern-heading-medium">${m('version')}</h2>
<ul class="kern-list">${versions.map((v) => html`<li>${m('version')} ${v.version} – ${v.status === 'published' ? m('published') : m('retired')} (${formatDateTime(v.publishedAt, c.lang)})</li>`)}</ul>
<p class="kern-body"><a class="kern-link" href="${action}/export.json" download="${form.key}.json">${m('export')}</a></p>
${postForm(c, `${action}/teilen`, html`<p class="kern-body">${m('shareIntro')}</p>`, m('share'))}
<h2 class="kern-heading-medium">${m('editor')}</h2>
${postForm(
      c,
      action,
      html`<input type="hidden" name="basedOn" value="${current.version}">
${textarea({ name: 'definition', label: m('definition'), value: json, rows: 24 })}
<div class="kern-btn-wrapper"><button type="submit" name="aktion" value="pruefen" class="kern-btn kern-btn--secondary"><span class="kern-label">${m('checkOnly')}</span></button></div>`,
      m('publish'),
    )}
${o.previewOf !== undefined ? preview(c, o.previewOf) : ''}`,
  );
}

/** Staff side of the form server: list, structured JSON editor with preview, versioned publishing, export. */
export function formsAdminRoutes(r: Router, p: Platform): void {
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/formulare',
    policy: editor,
    module: 'forms',
    handler: async (c) => {
      const m = messages(c.lang);
      const [forms, adopted] = await Promise.all([listForms(p.db, c.tenant!.id), adoptedForms(p.db, c.tenant!.id)]);
      const base = `/${c.tenant!.slug}/verwaltung/formulare`;
      const updates = adopted.filter((a) => a.latest > a.upstreamVersion);
      return page(
        c,
        { title: m('manage') },
        html`<h1 class="kern-heading-large">${m('manage')}</h1><p class="kern-body">${m('manageIntro')}</p>
${updates.map((u) => alert('info', html`${m('updateAvailable', { key: u.key, n: u.latest, publisher: u.publisher })}${postForm(c, `${base}/${u.id}/aktualisieren`, html``, m('takeUpdate'))}`))}
<ul class="kern-list"><li><a class="kern-link" href="${base}/bibliothek">${m('library')}</a></li><li><a class="kern-link" href="${base}/import">${m('import')}</a></li></ul>
<ul class="service-list">${forms.map((f) => html`<li><a class="kern-link" href="${base}/${f.id}">${f.title}</a><p class="kern-body">${f.key} · ${m('version')} ${f.version}</p></li>`)}</ul>`,
      );
    },
  });
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/formulare/:id',
    policy: editor,
    module: 'forms',
    handler: async (c) => {
      const id = c.params.id ?? '';
      if (!isUuid(id)) throw notFound();
      return editorPage(p, c, id);
    },
  });
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/formulare/:id/export.json',
    policy: editor,
    module: 'forms',
    handler: async (c) => {
      const form = await formOf(p, c);
      const id = form.id;
      const [current] = await formVersions(p.db, c.tenant!.id, id);
      c.reply.header('Content-Disposition', `attachment; filename="${form.key}.json"`);
      return { format: 'amtsstube-form/1', key: form.key, version: current!.version, definition: current!.definition };
    },
  });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/formulare/:id',
    policy: editor,
    module: 'forms',
    bodyLimit: 512 * 1024,
    handler: async (c) => {
      const m = messages(c.lang);
      const id = c.params.id ?? '';
      if (!isUuid(id) || !(await formById(p.db, c.tenant!.id, id))) throw notFound();
      const json = str(c.body, 'definition', MAX_JSON);
      let definition: unknown;
      try {
        definition = JSON.parse(json);
      } catch (e) {
        c.reply.code(422);
        return editorPage(p, c, id, { json, notice: alert('danger', m('invalidJson', { msg: (e as Error).message })) });
      }
      try {
        compileForm(definition);
      } catch (e) {
        if (!(e instanceof FormDefinitionError)) throw e;
        c.reply.code(422);
        return editorPage(p, c, id, { json, notice: alert('danger', html`${m('invalidDefinition')}<ul class="kern-list">${e.problems.map((x) => html`<li>${x}</li>`)}</ul>`) });
      }
      if (c.body.aktion === 'pruefen') return editorPage(p, c, id, { json, previewOf: definition });
      const res = await publishFormVersion(p.db, { tenantId: c.tenant!.id, formId: id, basedOn: Number(str(c.body, 'basedOn', 10)), definition, actor: c.user!, now: c.now });
      if ('conflict' in res) {
        c.reply.code(409);
        return editorPage(p, c, id, { json, notice: alert('danger', m('conflict')) });
      }
      if (!res.ok) {
        c.reply.code(422);
        return editorPage(p, c, id, { json, notice: alert('danger', res.problems.join('; ')) });
      }
      return editorPage(p, c, id, { notice: alert('success', m('publishedOk', { n: res.version })) });
    },
  });
}

export function formsLibraryRoutes(r: Router, p: Platform): void {
  const base = (c: Ctx) => `/${c.tenant!.slug}/verwaltung/formulare`;
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/formulare/:id/teilen',
    policy: editor,
    module: 'forms',
    handler: async (c) => {
      const form = await formOf(p, c);
      const id = form.id;
      const version = await shareForm(p.db, { tenantId: c.tenant!.id, actor: c.user!, form, now: c.now });
      return editorPage(p, c, id, { notice: alert('success', messages(c.lang)('shared', { n: version })) });
    },
  });
  const libraryPage = async (c: Ctx, notice?: SafeHtml) => {
    const m = messages(c.lang);
    const entries = (await libraryEntries(p.db)).filter((e) => e.publisherId !== c.tenant!.id);
    return page(
      c,
      { title: m('library') },
      html`<h1 class="kern-heading-large">${m('library')}</h1><p class="kern-body">${m('libraryIntro')}</p>${notice ?? ''}
${entries.length === 0 ? html`<p class="kern-body">${m('libraryEmpty')}</p>` : entries.map(
        (e) => html`<section class="stack" aria-labelledby="lib-${e.id}"><h2 class="kern-heading-small" id="lib-${e.id}">${e.title}</h2>
<p class="kern-body kern-body--small">${m('provenance', { publisher: e.publisher, n: e.latest })}</p>
${postForm(
          c,
          `${base(c)}/bibliothek/${e.id}`,
          html`${field({ name: `key-${e.id}`, label: m('adoptKey'), value: e.key, maxlength: 80 })}${field({ name: `service-${e.id}`, label: m('adoptService'), hint: m('adoptServiceHint'), value: '', maxlength: 80 })}`,
          m('adopt'),
        )}</section>`,
      )}`,
    );
  };
  r.route({ method: 'GET', url: '/:tenant/verwaltung/formulare/bibliothek', policy: editor, module: 'forms', handler: (c) => libraryPage(c) });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/formulare/bibliothek/:lib',
    policy: editor,
    module: 'forms',
    handler: async (c) => {
      const m = messages(c.lang);
      const lib = c.params.lib ?? '';
      if (!isUuid(lib)) throw notFound();
      const key = str(c.body, `key-${lib}`, 81).trim();
      const service = str(c.body, `service-${lib}`, 81).trim();
      if (!/^[a-z0-9-]{2,80}$/.test(key) || (service && !/^[a-z0-9-]{2,80}$/.test(service))) {
        c.reply.code(422);
        return libraryPage(c, alert('danger', m('adoptInvalid')));
      }
      const res = await adoptForm(p.db, { tenantId: c.tenant!.id, actor: c.user!, libraryId: lib, key, serviceSlug: service || null, now: c.now });
      if (!res.ok) {
        if (res.problem === 'unknown') throw notFound();
        c.reply.code(409);
        return libraryPage(c, alert('danger', m('keyTaken', { key })));
      }
      c.redirect(`${base(c)}/${res.formId}`, 'admin.saved');
    },
  });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/formulare/:id/aktualisieren',
    policy: editor,
    module: 'forms',
    handler: async (c) => {
      const id = c.params.id ?? '';
      const adopted = isUuid(id) ? (await adoptedForms(p.db, c.tenant!.id)).find((a) => a.id === id) : undefined;
      if (!adopted) throw notFound();
      const res = await takeUpstreamUpdate(p.db, { tenantId: c.tenant!.id, actor: c.user!, formId: id, upstreamId: adopted.upstreamId, now: c.now });
      if (res !== 'ok') c.reply.code(409);
      return editorPage(p, c, id, { notice: alert(res === 'ok' ? 'success' : 'danger', res === 'ok' ? messages(c.lang)('updated') : messages(c.lang)('conflict')) });
    },
  });
  const importPage = (c: Ctx, json = '', notice?: SafeHtml) => {
    const m = messages(c.lang);
    return page(c, { title: m('import') }, html`<div class="narrow"><h1 class="kern-heading-large">${m('import')}</h1><p class="kern-body">${m('importIntro')}</p>${notice ?? ''}
${postForm(c, `${base(c)}/import`, textarea({ name: 'json', label: m('definition'), value: json, rows: 16 }), m('import'))}</div>`);
  };
  r.route({ method: 'GET', url: '/:tenant/verwaltung/formulare/import', policy: editor, module: 'forms', handler: (c) => importPage(c) });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/formulare/import',
    policy: editor,
    module: 'forms',
    bodyLimit: 512 * 1024,
    handler: async (c) => {
      const m = messages(c.lang);
      const json = str(c.body, 'json', MAX_JSON);
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch (e) {
        c.reply.code(422);
        return importPage(c, json, alert('danger', m('invalidJson', { msg: (e as Error).message })));
      }
      const res = await importForm(p.db, { tenantId: c.tenant!.id, actor: c.user!, json: parsed, now: c.now });
      if (!res.ok) {
        c.reply.code(422);
        return importPage(c, json, alert('danger', html`${m('invalidDefinition')}<ul class="kern-list">${res.problems.map((x) => html`<li>${x}</li>`)}</ul>`));
      }
      c.redirect(`${base(c)}/${res.formId}`, 'admin.saved');
    },
  });
}
