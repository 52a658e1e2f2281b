// The file plan (Aktenplan) for the Registratur: a tree of subjects with retention rules, create and edit.
import { errorSummary, field, html, isUuid, notFound, page, postForm, select, type Ctx, type FieldErrors, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { savePlanItem } from './commands/plan.ts';
import { planItemById, planItems, type PlanItemRow } from './repository.ts';
import { ACTIONS, LIMITS, actionLabel, parsePlanItemForm, type PlanItemForm } from './schema.ts';
import { POLICIES, base, input } from './views.ts';

const BASE = '/:tenant/verwaltung/akten/plan';

/** Own rule, or the one inherited from the nearest ancestor that has one. */
function effectiveRetention(item: PlanItemRow, byId: ReadonlyMap<string, PlanItemRow>): { years: number; action: 'archive' | 'delete'; inherited: boolean } | undefined {
  let cur: PlanItemRow | undefined = item;
  for (let depth = 0; cur && depth < 20; depth++) {
    if (cur.retentionYears !== null && cur.retentionAction !== null) return { years: cur.retentionYears, action: cur.retentionAction, inherited: cur !== item };
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return undefined;
}

function tree(c: Ctx, items: readonly PlanItemRow[]): SafeHtml {
  const byId = new Map(items.map((i) => [i.id, i]));
  const children = new Map<string | null, PlanItemRow[]>();
  for (const i of items) {
    const key = i.parentId && byId.has(i.parentId) ? i.parentId : null;
    children.set(key, [...(children.get(key) ?? []), i]);
  }
  const b = `${base(c)}/plan`;
  const level = (parent: string | null, depth: number): SafeHtml => {
    const list = children.get(parent) ?? [];
    if (!list.length || depth > 20) return html``;
    return html`<ul class="kern-list plan-tree">${list.map((i) => {
      const r = effectiveRetention(i, byId);
      return html`<li><a class="kern-link" href="${b}/${i.id}"><strong>${i.code}</strong> ${i.title}</a>
<span class="kern-body kern-body--small"> – ${r ? `${r.years} Jahre, dann ${actionLabel(r.action)}${r.inherited ? ' (übernommen)' : ''}` : 'keine Aufbewahrungsfrist'}; ${i.files === 1 ? '1 Akte' : `${i.files} Akten`}</span>
· <a class="kern-link" href="${b}/neu?parent=${i.id}">Unterpunkt anlegen<span class="kern-sr-only"> unter ${i.code}</span></a>
${level(i.id, depth + 1)}</li>`;
    })}</ul>`;
  };
  return level(null, 0);
}

function overview(c: Ctx, items: readonly PlanItemRow[]): SafeHtml {
  return page(
    c,
    { title: 'Aktenplan', wide: true },
    html`<h1 class="kern-heading-large">Aktenplan</h1>
<p class="kern-body">Der Aktenplan ordnet alle Akten nach Sachgebieten. Jeder Punkt hat ein Kennzeichen (zum Beispiel 32.10), das am Anfang jedes Aktenzeichens steht, und eine Aufbewahrungsfrist: So viele Jahre nach dem Ende des Jahres, in dem eine Akte abgeschlossen wurde, wird sie dem Archiv angeboten oder vernichtet. Unterpunkte ohne eigene Frist übernehmen die Frist der übergeordneten Gruppe.</p>
<p class="kern-body"><a class="kern-link" href="${base(c)}/plan/neu">Neuen Aktenplanpunkt anlegen</a></p>
${items.length ? tree(c, items) : html`<p class="kern-body">Der Aktenplan ist noch leer.</p>`}
<p class="kern-body"><a class="kern-link" href="${base(c)}">Zurück zur E-Akte</a></p>`,
  );
}

function editPage(c: Ctx, o: { id?: string; form: PlanItemForm; items: readonly PlanItemRow[]; errors?: FieldErrors }): SafeHtml {
  const e = o.errors ?? {};
  const title = o.id ? `Aktenplanpunkt bearbeiten: ${o.form.code}` : 'Neuen Aktenplanpunkt anlegen';
  // An item cannot move below itself or its own sub-items.
  const excluded = new Set<string>();
  if (o.id) {
    excluded.add(o.id);
    let grew = true;
    while (grew) {
      grew = false;
      for (const i of o.items) {
        if (i.parentId && excluded.has(i.parentId) && !excluded.has(i.id)) {
          excluded.add(i.id);
          grew = true;
        }
      }
    }
  }
  const parents = o.items.filter((i) => !excluded.has(i.id));
  return page(
    c,
    { title },
    html`<div class="narrow"><h1 class="kern-heading-large">${o.id ? 'Aktenplanpunkt bearbeiten' : 'Neuen Aktenplanpunkt anlegen'}</h1>
${errorSummary(c, e)}
${postForm(
  c,
  `${base(c)}/plan/${o.id ?? 'neu'}`,
  html`${select({ name: 'parent', label: 'Übergeordnete Gruppe', hint: 'Leer lassen für eine oberste Gruppe des Aktenplans.', value: o.form.parent, error: e.parent, options: [{ value: '', label: 'keine (oberste Gruppe)' }, ...parents.map((i) => ({ value: i.id, label: `${i.code} ${i.title}` }))] })}
${field({ name: 'code', label: 'Kennzeichen', hint: 'Zahlen durch Punkte getrennt; es beginnt mit dem Kennzeichen der übergeordneten Gruppe, zum Beispiel 32.10 unter 32.', value: o.form.code, error: e.code, required: true, maxlength: LIMITS.code })}
${field({ name: 'title', label: 'Bezeichnung', hint: 'Zum Beispiel: Straßenverkehrsangelegenheiten', value: o.form.title, error: e.title, required: true, maxlength: LIMITS.planTitle })}
${input({ name: 'years', label: 'Aufbewahrungsfrist in Jahren', hint: 'Gezählt ab dem Ende des Jahres, in dem die Akte abgeschlossen wird. Leer lassen, um die Frist der übergeordneten Gruppe zu übernehmen.', value: o.form.years, error: e.years, numeric: true, maxlength: 3 })}
${select({ name: 'action', label: 'Nach Ablauf der Frist', value: o.form.action, error: e.action, options: [{ value: '', label: 'wie die übergeordnete Gruppe' }, ...ACTIONS] })}`,
  'Speichern',
)}
<p class="kern-body"><a class="kern-link" href="${base(c)}/plan">Zurück zum Aktenplan</a></p></div>`,
  );
}

/** Aktenplan pages (Registratur and administration). */
export function planPages(r: Router, p: Platform): void {
  const loadItem = async (c: Ctx) => {
    const id = c.params.id;
    const item = isUuid(id) ? await planItemById(p.db, c.tenant!.id, id) : undefined;
    if (!item) throw notFound();
    return item;
  };
  const save = async (c: Ctx, id: string | undefined) => {
    const items = await planItems(p.db, c.tenant!.id);
    const { form, errors, input: data } = parsePlanItemForm(c.body);
    const res = data ? await savePlanItem(p.db, { tenantId: c.tenant!.id, actorId: c.user!.id, now: c.now, ...(id ? { id } : {}), input: data }) : { errors };
    if (!res) throw notFound();
    if ('errors' in res) {
      c.reply.code(422);
      return editPage(c, { ...(id ? { id } : {}), form, items, errors: res.errors });
    }
    c.redirect(`${base(c)}/plan`, 'records.planSaved');
  };

  r.route({ method: 'GET', url: BASE, policy: POLICIES.plan, module: 'cases', handler: async (c) => overview(c, await planItems(p.db, c.tenant!.id)) });
  r.route({
    method: 'GET',
    url: `${BASE}/neu`,
    policy: POLICIES.plan,
    module: 'cases',
    handler: async (c) => {
      const items = await planItems(p.db, c.tenant!.id);
      const parent = items.find((i) => i.id === c.query.parent);
      return editPage(c, { form: { code: parent ? `${parent.code}.` : '', title: '', parent: parent?.id ?? '', years: '', action: '' }, items });
    },
  });
  r.route({ method: 'POST', url: `${BASE}/neu`, policy: POLICIES.plan, module: 'cases', handler: (c) => save(c, undefined) });
  r.route({
    method: 'GET',
    url: `${BASE}/:id`,
    policy: POLICIES.plan,
    module: 'cases',
    handler: async (c) => {
      const item = await loadItem(c);
      return editPage(c, {
        id: item.id,
        items: await planItems(p.db, c.tenant!.id),
        form: { code: item.code, title: item.title, parent: item.parentId ?? '', years: item.retentionYears === null ? '' : String(item.retentionYears), action: item.retentionAction ?? '' },
      });
    },
  });
  r.route({ method: 'POST', url: `${BASE}/:id`, policy: POLICIES.plan, module: 'cases', handler: async (c) => save(c, (await loadItem(c)).id) });
}
