import { alert, formatDateTime, html, notFound, page, policies, postForm, str, textarea, type Ctx, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { compileForm, FormDefinitionError } from './definition.ts';
import { messages } from './messages.ts';
import { stepBody } from './render.ts';
import { formById, formVersions, listForms } from './repository.ts';
import { publishFormVersion } from './commands/publish-version.ts';

const editor = policies.staff('admin');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
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
      const forms = await listForms(p.db, c.tenant!.id);
      return page(
        c,
        { title: m('manage') },
        html`<h1 class="kern-heading-large">${m('manage')}</h1><p class="kern-body">${m('manageIntro')}</p>
<ul class="service-list">${forms.map((f) => html`<li><a class="kern-link" href="/${c.tenant!.slug}/verwaltung/formulare/${f.id}">${f.title}</a><p class="kern-body">${f.key} · ${m('version')} ${f.version}</p></li>`)}</ul>`,
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
      if (!UUID.test(id)) throw notFound();
      return editorPage(p, c, id);
    },
  });
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/formulare/:id/export.json',
    policy: editor,
    module: 'forms',
    handler: async (c) => {
      const id = c.params.id ?? '';
      const form = UUID.test(id) ? await formById(p.db, c.tenant!.id, id) : undefined;
      if (!form) throw notFound();
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
      if (!UUID.test(id) || !(await formById(p.db, c.tenant!.id, id))) throw notFound();
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
