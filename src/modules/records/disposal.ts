// Aussonderung: proposals of the daily job, decisions by the Registratur, tombstones and archive packages.
import { alert, descriptionList, errorSummary, fileContent, formatDateTime, html, isUuid, notFound, page, postForm, textarea, type Ctx, type FieldErrors, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { approveDisposal, rejectDisposal } from './commands/disposal.ts';
import { decidedDisposals, disposalById, openProposals, type Disposal } from './disposal.repository.ts';
import { LIMITS, actionLabel, parseDecisionForm, type DecisionForm } from './schema.ts';
import { addDays, berlinDate, dayText } from './time.ts';
import { POLICIES, base, fileUrl, input, radios, sendDownload, sizeText, table } from './views.ts';

const BASE = '/:tenant/verwaltung/akten/aussonderung';

const statusText = (d: Disposal) => (d.status === 'proposed' ? 'vorgeschlagen' : d.status === 'rejected' ? 'abgelehnt' : d.status === 'approved' ? 'freigegeben' : d.action === 'archive' ? 'archiviert' : 'vernichtet');

function overview(c: Ctx, open: Disposal[], decided: Disposal[]): SafeHtml {
  const b = `${base(c)}/aussonderung`;
  return page(
    c,
    { title: 'Aussonderung', wide: true },
    html`<h1 class="kern-heading-large">Aussonderung</h1>
<p class="kern-body">Ist die Aufbewahrungsfrist einer abgeschlossenen Akte abgelaufen, schlägt das System sie einmal täglich zur Aussonderung vor. Sie prüfen den Vorschlag und geben ihn frei oder lehnen ihn mit Begründung ab. Eine vernichtete Akte hinterlässt einen Nachweis: was wann auf wessen Freigabe gelöscht wurde.</p>
<h2 class="kern-heading-medium">Offene Vorschläge</h2>
${open.length
  ? table('Offene Vorschläge zur Aussonderung', ['Aktenzeichen', 'Titel', 'Aktenplan', 'Abgeschlossen', 'Fällig seit', 'Maßnahme', 'Aktion'], open.map((d) => [
      d.fileNumber, d.fileTitle, `${d.planCode} ${d.planTitle}`, d.closedAt ? formatDateTime(d.closedAt, c.lang) : '–', d.disposalDue ? dayText(d.disposalDue) : '–', actionLabel(d.action),
      html`<a class="kern-link" href="${b}/${d.id}">Entscheiden<span class="kern-sr-only">: ${d.fileNumber}</span></a>`,
    ]))
  : html`<p class="kern-body">Es liegen keine Vorschläge vor.</p>`}
<h2 class="kern-heading-medium">Entschieden</h2>
${decided.length
  ? table('Zuletzt entschiedene Aussonderungen', ['Aktenzeichen', 'Titel', 'Ergebnis', 'Entschieden', 'Nachweis'], decided.map((d) => [
      d.fileNumber, d.fileTitle, statusText(d), `${d.decidedAt ? formatDateTime(d.decidedAt, c.lang) : '–'}${d.decidedByName ? `, ${d.decidedByName}` : ''}`,
      html`<a class="kern-link" href="${b}/${d.id}">Ansehen<span class="kern-sr-only">: ${d.fileNumber}</span></a>`,
    ]))
  : html`<p class="kern-body">Bisher wurde nichts entschieden.</p>`}
<p class="kern-body"><a class="kern-link" href="${base(c)}">Zurück zur E-Akte</a></p>`,
  );
}

function detail(c: Ctx, d: Disposal, o: { form?: DecisionForm; errors?: FieldErrors; notice?: SafeHtml } = {}): SafeHtml {
  const e = o.errors ?? {};
  const f = o.form ?? { decision: '', reason: '', until: addDays(berlinDate(c.now), 365) };
  const t = d.tombstone;
  const b = `${base(c)}/aussonderung`;
  return page(
    c,
    { title: `Aussonderung ${d.fileNumber}`, wide: true },
    html`<h1 class="kern-heading-large">Aussonderung: ${d.fileNumber}</h1>
${o.notice ?? ''}
${descriptionList([
  ['Akte', d.fileStatus === 'deleted' ? d.fileTitle : html`<a class="kern-link" href="${fileUrl(c, d.fileId)}">${d.fileTitle}</a>`],
  ['Aktenplan', `${d.planCode} ${d.planTitle}`],
  ['Maßnahme', actionLabel(d.action)],
  ['Stand', statusText(d)],
  ['Vorgeschlagen', formatDateTime(d.proposedAt, c.lang)],
  ...(d.decidedAt ? [['Entschieden', `${formatDateTime(d.decidedAt, c.lang)}${d.decidedByName ? `, ${d.decidedByName}` : ''}`] as const] : []),
  ...(d.reason ? [['Begründung', d.reason] as const] : []),
])}
${d.status === 'proposed'
  ? html`<h2 class="kern-heading-medium">Entscheidung</h2>
${errorSummary(c, e)}
${d.action === 'delete' ? alert('warning', 'Wenn Sie die Vernichtung freigeben, werden alle Dokumente der Akte mit allen Fassungen endgültig gelöscht. Nur ein Nachweis (Titel und Prüfsummen) bleibt.') : alert('info', 'Wenn Sie freigeben, wird das Aussonderungspaket (ZIP mit Dokumenten und Verzeichnis) erstellt und aufbewahrt; die Akte gilt dann als archiviert.')}
${postForm(
  c,
  `${b}/${d.id}`,
  html`${radios({ name: 'decision', legend: 'Ihre Entscheidung', value: f.decision, error: e.decision, options: [{ value: 'approve', label: d.action === 'delete' ? 'Vernichtung freigeben' : 'Übergabe an das Archiv freigeben' }, { value: 'reject', label: 'Ablehnen und später wieder vorlegen' }] })}
${textarea({ name: 'reason', label: 'Begründung (bei Ablehnung erforderlich)', value: f.reason, error: e.reason, rows: 3 })}
${input({ name: 'until', label: 'Wieder vorlegen am (nur bei Ablehnung)', type: 'date', hint: 'Zum Beispiel 01.01.2028', value: f.until, error: e.until, maxlength: 10 })}`,
  'Entscheidung speichern',
)}`
  : ''}
${t ? html`<h2 class="kern-heading-medium">Nachweis</h2>
${descriptionList([
  ['Aktenzeichen', t.fileNumber],
  ['Titel', t.fileTitle],
  ['Aktenplan', `${t.planCode} ${t.planTitle}`],
  ['Abgeschlossen', t.closedAt ? formatDateTime(new Date(t.closedAt), c.lang) : '–'],
  ['Freigegeben von', t.approvedBy.name],
  ['Durchgeführt', formatDateTime(new Date(t.approvedAt), c.lang)],
  ...(t.package ? [['Aussonderungspaket', html`${sizeText(t.package.size)}, SHA-256 <code class="hash">${t.package.sha256}</code>`] as const] : []),
])}
${d.packageFileId ? html`<p class="kern-body"><a class="kern-link" href="${b}/${d.id}/paket">Aussonderungspaket herunterladen (ZIP)</a></p>` : ''}
${t.documents.length ? table(`${d.action === 'delete' ? 'Gelöschte' : 'Archivierte'} Dokumente`, ['Titel', 'Datum', 'Fassungen (SHA-256)'], t.documents.map((doc) => [
    doc.title, dayText(doc.documentDate), html`${doc.versions.map((v) => html`<span class="kern-body--small">Fassung ${v.version}: <code class="hash">${v.sha256}</code></span><br>`)}`,
  ])) : html`<p class="kern-body">Die Akte enthielt keine Dokumente.</p>`}` : ''}
<p class="kern-body"><a class="kern-link" href="${b}">Zurück zur Aussonderung</a></p>`,
  );
}

/** Disposal pages (Registratur and administration only). */
export function disposalPages(r: Router, p: Platform): void {
  const load = async (c: Ctx) => {
    const id = c.params.id;
    const d = isUuid(id) ? await disposalById(p.db, c.tenant!.id, id) : undefined;
    if (!d) throw notFound();
    return d;
  };

  r.route({
    method: 'GET',
    url: BASE,
    policy: POLICIES.dispose,
    module: 'cases',
    handler: async (c) => {
      const [open, decided] = await Promise.all([openProposals(p.db, c.tenant!.id, 200), decidedDisposals(p.db, c.tenant!.id, 50)]);
      return overview(c, open, decided);
    },
  });
  r.route({ method: 'GET', url: `${BASE}/:id`, policy: POLICIES.dispose, module: 'cases', handler: async (c) => detail(c, await load(c)) });
  r.route({
    method: 'POST',
    url: `${BASE}/:id`,
    policy: POLICIES.dispose,
    module: 'cases',
    handler: async (c) => {
      const d = await load(c);
      const { form, errors, until } = parseDecisionForm(c.body, berlinDate(c.now));
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return detail(c, d, { form, errors });
      }
      const a = { tenantId: c.tenant!.id, disposalId: d.id, actorId: c.user!.id, reason: form.reason.slice(0, LIMITS.reason), now: c.now };
      const res = form.decision === 'approve' ? await approveDisposal(p.db, a) : await rejectDisposal(p.db, { ...a, until: until! });
      if (!res.ok) {
        c.reply.code(409);
        return detail(c, (await disposalById(p.db, c.tenant!.id, d.id)) ?? d, { notice: alert('warning', res.reason === 'decided' ? 'Über diesen Vorschlag wurde bereits entschieden.' : 'Die Akte ist nicht mehr im Stand „abgeschlossen“. Der Vorschlag kann nicht ausgeführt werden.') });
      }
      c.redirect(`${base(c)}/aussonderung/${d.id}`, form.decision === 'approve' ? 'records.disposalApproved' : 'records.disposalRejected');
    },
  });
  r.route({
    method: 'GET',
    url: `${BASE}/:id/paket`,
    policy: POLICIES.dispose,
    module: 'cases',
    handler: async (c) => {
      const d = await load(c);
      const stored = d.packageFileId ? await fileContent(p.db, c.tenant!.id, d.packageFileId) : undefined;
      if (!stored) throw notFound();
      sendDownload(c, { name: stored.name, mime: 'application/zip', content: stored.content });
    },
  });
}
