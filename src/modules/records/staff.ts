// Staff pages of the E-Akte: files (list, open, close, export), documents (upload, versions, download) and search.
import {
  alert,
  audit,
  checkbox,
  descriptionList,
  errorSummary,
  field,
  fileContent,
  formatDate,
  formatDateTime,
  html,
  isUuid,
  notFound,
  page,
  paragraphs,
  postForm,
  select,
  type Ctx,
  type FieldErrors,
  type Platform,
  type Router,
  type SafeHtml,
} from '../../kernel/index.ts';
import { addDocument, addVersion, closeFile, openFile } from './commands/files.ts';
import { exportFile } from './commands/export.ts';
import { recordAccess } from './commands/inspection.ts';
import { disposalsOfFile } from './disposal.repository.ts';
import { inspectionsOfFile } from './inspection.repository.ts';
import {
  accessLogOfDocument,
  documentById,
  documentsOfFile,
  fileById,
  fileRowById,
  listFiles,
  planItems,
  retentionOf,
  versionOf,
  versionsOf,
  versionText,
  type FileRow,
  type RecordDocument,
} from './repository.ts';
import { DIRECTIONS, FILE_STATUSES, LIMITS, actionLabel, directionLabel, parseDocumentForm, parseFileFilter, parseFileForm, parseVersionForm, type DocumentForm, type FileForm } from './schema.ts';
import { searchDocuments } from './search.ts';
import { berlinDate, dayText } from './time.ts';
import { prepareUpload, detectRecordType, RECORD_UPLOAD_MAX_BYTES, UPLOAD_MESSAGES, type PreparedContent } from './uploads.ts';
import { POLICIES, accessTable, base, buttonForm, docUrl, fileUrl, input, may, radios, sendDownload, sizeText, statusBadge, table, typeText, uploadForm, yesNo } from './views.ts';

const BASE = '/:tenant/verwaltung/akten';
const PAGE = 25;
const SEARCH_PAGE = 20;
const ACCEPT = '.pdf,.png,.jpg,.jpeg,.txt,.eml,application/pdf,image/png,image/jpeg,text/plain,message/rfc822';
const FILE_HINT = 'PDF, PNG, JPEG, Text (.txt) oder E-Mail (.eml), höchstens 20 MB. PDF-Dateien dürfen nicht verschlüsselt sein.';

function planOptions(items: Awaited<ReturnType<typeof planItems>>, empty: string) {
  return [{ value: '', label: empty }, ...items.map((i) => ({ value: i.id, label: `${i.code} ${i.title}` }))];
}

// ---------------------------------------------------------------- pages

async function listPage(p: Platform, c: Ctx): Promise<SafeHtml> {
  const t = c.tenant!.id;
  const f = parseFileFilter(c.query);
  const [items, rows] = await Promise.all([planItems(p.db, t), listFiles(p.db, t, { planItemId: f.plan, status: f.status, q: f.q }, PAGE, (f.page - 1) * PAGE)]);
  const more = rows.length > PAGE;
  const b = base(c);
  const qs = (n: number) => `?${new URLSearchParams({ ...(f.plan ? { plan: f.plan } : {}), ...(f.status ? { status: f.status } : {}), ...(f.q ? { q: f.q } : {}), seite: String(n) })}`;
  return page(
    c,
    { title: 'E-Akte', wide: true },
    html`<h1 class="kern-heading-large">E-Akte</h1>
<form method="get" action="${b}/suche" class="search-form" role="search">
${input({ name: 'q', id: 'volltext', label: 'Volltextsuche in allen Dokumenten', type: 'search', hint: 'Zum Beispiel: Bescheid Straßenausbau', maxlength: LIMITS.query })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Suchen</span></button></div></form>
<ul class="kern-list">
${may(c, POLICIES.write) ? html`<li><a class="kern-link" href="${b}/neu">Neue Akte anlegen</a></li>` : ''}
${may(c, POLICIES.plan) ? html`<li><a class="kern-link" href="${b}/plan">Aktenplan bearbeiten</a></li>` : ''}
${may(c, POLICIES.dispose) ? html`<li><a class="kern-link" href="${b}/aussonderung">Aussonderung</a></li>` : ''}
</ul>
<h2 class="kern-heading-medium">Akten</h2>
<form method="get" action="${b}" class="search-form">
${select({ name: 'plan', label: 'Aktenplan', value: f.plan ?? '', options: planOptions(items, 'alle') })}
${select({ name: 'status', label: 'Stand', value: f.status ?? '', options: [{ value: '', label: 'alle' }, ...FILE_STATUSES] })}
${input({ name: 'q', label: 'Aktenzeichen oder Titel', value: f.q ?? '', maxlength: LIMITS.query })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Filtern</span></button></div></form>
${rows.length
  ? table(
      `Akten, Seite ${f.page}`,
      ['Aktenzeichen', 'Titel', 'Aktenplan', 'Stand', 'Dokumente', 'Angelegt'],
      rows.slice(0, PAGE).map((r) => [html`<a class="kern-link" href="${fileUrl(c, r.id)}">${r.number}</a>`, r.title, `${r.planCode} ${r.planTitle}`, statusBadge(r.status), String(r.documents), formatDate(r.openedAt, c.lang)]),
    )
  : html`<p class="kern-body">Keine Akten gefunden.</p>`}
<nav aria-label="Seiten" class="kern-body">${f.page > 1 ? html`<a class="kern-link" href="${b}${qs(f.page - 1)}">Vorherige Seite</a> ` : ''}${more ? html`<a class="kern-link" href="${b}${qs(f.page + 1)}">Weitere Akten</a>` : ''}</nav>`,
  );
}

function newFilePage(c: Ctx, items: Awaited<ReturnType<typeof planItems>>, form: FileForm, errors: FieldErrors = {}): SafeHtml {
  return page(
    c,
    { title: 'Neue Akte anlegen' },
    html`<div class="narrow"><h1 class="kern-heading-large">Neue Akte anlegen</h1>
${errorSummary(c, errors)}
${items.length
  ? postForm(
      c,
      `${base(c)}/neu`,
      html`${select({ name: 'plan', label: 'Aktenplan', hint: 'Unter diesem Punkt wird die Akte geführt. Er bestimmt das Aktenzeichen und die Aufbewahrungsfrist.', value: form.plan, options: planOptions(items, 'Bitte wählen'), error: errors.plan })}
${field({ name: 'title', label: 'Titel der Akte', hint: 'Zum Beispiel: Straßenausbau Lindenweg', value: form.title, error: errors.title, required: true, maxlength: LIMITS.fileTitle })}
${checkbox({ name: 'restricted', label: 'Vertrauliche Akte (jeder Zugriff auf ihre Dokumente wird protokolliert)', checked: form.restricted })}`,
      'Akte anlegen',
    )
  : alert('info', 'Es gibt noch keinen Aktenplan. Die Registratur legt ihn unter „Aktenplan“ an.')}
<p class="kern-body"><a class="kern-link" href="${base(c)}">Zurück zur E-Akte</a></p></div>`,
  );
}

async function filePage(p: Platform, c: Ctx, file: FileRow): Promise<SafeHtml> {
  const t = c.tenant!.id;
  const [docs, retention, inspections, disposals] = await Promise.all([documentsOfFile(p.db, t, file.id), retentionOf(p.db, t, file.planItemId), inspectionsOfFile(p.db, t, file.id), disposalsOfFile(p.db, t, file.id)]);
  const u = fileUrl(c, file.id);
  const open = file.status === 'open';
  const tombstone = disposals.find((d) => d.status === 'done');
  const canExport = file.status !== 'deleted' && may(c, POLICIES.export);
  const canClose = open && may(c, POLICIES.write);
  return page(
    c,
    { title: `${file.number}: ${file.title}`, wide: true },
    html`<h1 class="kern-heading-large">${file.title}</h1>
${descriptionList([
  ['Aktenzeichen', file.number],
  ['Aktenplan', `${file.planCode} ${file.planTitle}`],
  ['Stand', statusBadge(file.status)],
  ['Vertraulich', yesNo(file.restricted)],
  ['Angelegt', formatDateTime(file.openedAt, c.lang)],
  ...(file.closedAt ? [['Abgeschlossen', formatDateTime(file.closedAt, c.lang)] as const] : []),
  ['Aufbewahrung', retention ? `${retention.years} Jahre nach Ende des Abschlussjahres, dann ${actionLabel(retention.action)}` : 'keine Frist festgelegt'],
  ...(file.disposalDue ? [['Aussonderung fällig ab', dayText(file.disposalDue)] as const] : []),
])}
${tombstone ? html`<p class="kern-body"><a class="kern-link" href="${base(c)}/aussonderung/${tombstone.id}">Nachweis der Aussonderung ansehen</a></p>` : ''}
<h2 class="kern-heading-medium">Dokumente</h2>
${docs.length
  ? table(
      'Dokumente der Akte',
      ['Nr.', 'Titel', 'Richtung', 'Absender/Empfänger', 'Datum', 'Fassung', 'Typ', 'Vertraulich'],
      docs.map((d, i) => [String(i + 1), html`<a class="kern-link" href="${docUrl(c, d.id)}">${d.title}</a>`, directionLabel(d.direction), d.correspondent || '–', dayText(d.documentDate), String(d.currentVersion), typeText(d.mime), yesNo(d.restricted)]),
    )
  : html`<p class="kern-body">Die Akte enthält noch keine Dokumente.</p>`}
${open && may(c, POLICIES.write) ? html`<p class="kern-body"><a class="kern-link" href="${u}/dokumente/neu">Dokument hinzufügen</a></p>` : ''}
${inspections.length || (file.status !== 'deleted' && docs.length && may(c, POLICIES.write))
  ? html`<h2 class="kern-heading-medium">Akteneinsicht</h2>
${inspections.length ? table('Freigegebene Akteneinsichten', ['Person', 'Zeitraum', 'Dokumente', 'Stand'], inspections.map((i) => [
      html`<a class="kern-link" href="${base(c)}/einsicht/${i.id}">${i.granteeName || i.granteeEmail}</a>`,
      `${formatDate(i.validFrom, c.lang)} bis ${formatDate(new Date(i.validUntil.getTime() - 1), c.lang)}`,
      String(i.documents),
      i.revokedAt ? 'widerrufen' : i.validUntil <= c.now ? 'abgelaufen' : i.validFrom > c.now ? 'noch nicht begonnen' : 'gültig',
    ])) : ''}
${file.status !== 'deleted' && docs.length && may(c, POLICIES.write) ? html`<p class="kern-body"><a class="kern-link" href="${u}/einsicht/neu">Akteneinsicht gewähren</a></p>` : ''}`
  : ''}
${canExport || canClose ? html`<h2 class="kern-heading-medium">Aktionen</h2>
<div class="kern-btn-wrapper">
${canExport ? buttonForm(c, `${u}/export`, 'Akte exportieren (ZIP)', { secondary: true }) : ''}
${canClose ? buttonForm(c, `${u}/abschliessen`, 'Akte abschließen') : ''}
</div>
${canClose ? html`<p class="kern-body kern-body--small">Nach dem Abschluss können keine Dokumente mehr hinzugefügt werden. Die Aufbewahrungsfrist beginnt mit dem Ende des Jahres, in dem die Akte abgeschlossen wird.</p>` : ''}` : ''}
<p class="kern-body"><a class="kern-link" href="${base(c)}">Zurück zur E-Akte</a></p>`,
  );
}

function documentFields(form: DocumentForm, errors: FieldErrors): SafeHtml {
  return html`${field({ name: 'title', label: 'Titel des Dokuments', hint: 'Zum Beispiel: Antrag auf Sondernutzung', value: form.title, error: errors.title, required: true, maxlength: LIMITS.docTitle })}
${radios({ name: 'direction', legend: 'Richtung', value: form.direction, options: DIRECTIONS.map((d) => ({ value: d.value, label: d.value === 'incoming' ? 'Eingang (an uns gerichtet)' : d.value === 'outgoing' ? 'Ausgang (von uns verschickt)' : 'intern (Vermerk, Entwurf)' })), error: errors.direction })}
${field({ name: 'correspondent', label: 'Absender oder Empfänger (freiwillig)', value: form.correspondent, error: errors.correspondent, maxlength: LIMITS.correspondent })}
${input({ name: 'date', label: 'Datum des Dokuments', type: 'date', hint: 'Zum Beispiel 23.11.2026', value: form.date, error: errors.date })}
${field({ name: 'subject', label: 'Betreff (freiwillig)', value: form.subject, error: errors.subject, maxlength: LIMITS.subject })}
${checkbox({ name: 'restricted', label: 'Vertrauliches Dokument (jeder Zugriff wird protokolliert)', checked: form.restricted })}`;
}

function uploadPage(c: Ctx, file: FileRow, form: DocumentForm, errors: FieldErrors = {}): SafeHtml {
  return page(
    c,
    { title: `Dokument hinzufügen: ${file.number}` },
    html`<div class="narrow"><h1 class="kern-heading-large">Dokument hinzufügen</h1>
<p class="kern-body">Akte ${file.number}: ${file.title}</p>
${errorSummary(c, errors)}
${uploadForm(
  c,
  `${fileUrl(c, file.id)}/dokumente/neu`,
  html`${input({ name: 'datei', label: 'Datei', type: 'file', hint: FILE_HINT, accept: ACCEPT, error: errors.datei })}
${documentFields(form, errors)}`,
  'Dokument ablegen',
)}
<p class="kern-body"><a class="kern-link" href="${fileUrl(c, file.id)}">Zurück zur Akte</a></p></div>`,
  );
}

async function documentPage(p: Platform, c: Ctx, doc: RecordDocument, o: { errors?: FieldErrors; note?: string; notice?: SafeHtml } = {}): Promise<SafeHtml> {
  const t = c.tenant!.id;
  const [file, versions, log] = await Promise.all([fileRowById(p.db, t, doc.fileId), versionsOf(p.db, t, doc.id), accessLogOfDocument(p.db, t, doc.id, 200)]);
  const current = versions.find((v) => v.version === doc.currentVersion);
  const preview = current?.storedFileId && current.textStatus !== 'none' && (current.mime === 'message/rfc822' || current.mime.startsWith('text/plain')) ? await versionText(p.db, t, doc.id, doc.currentVersion, 5000) : '';
  const errors = o.errors ?? {};
  const u = docUrl(c, doc.id);
  const canAdd = file?.status === 'open' && may(c, POLICIES.write);
  return page(
    c,
    { title: doc.title, wide: true },
    html`<h1 class="kern-heading-large">${doc.title}</h1>
${o.notice ?? ''}
${doc.restricted ? alert('info', 'Vertrauliches Dokument: Ihr Zugriff wurde protokolliert.') : ''}
${descriptionList([
  ['Akte', file ? html`<a class="kern-link" href="${fileUrl(c, file.id)}">${file.number}: ${file.title}</a>` : '–'],
  ['Richtung', directionLabel(doc.direction)],
  ['Absender/Empfänger', doc.correspondent || '–'],
  ['Datum', dayText(doc.documentDate)],
  ['Betreff', doc.subject || '–'],
  ['Vertraulich', yesNo(doc.restricted)],
  ['Aktuelle Fassung', String(doc.currentVersion)],
  ['Abgelegt', formatDateTime(doc.createdAt, c.lang)],
])}
${current && current.attachments.length ? html`<h2 class="kern-heading-medium">Anhänge der E-Mail</h2>
<p class="kern-body">Die Anhänge sind in der gespeicherten E-Mail enthalten. Sie werden hier nicht geöffnet oder angezeigt.</p>
<ul class="kern-list">${current.attachments.map((a) => html`<li>${a.name} (${a.mime}, ${sizeText(a.size)})</li>`)}</ul>` : ''}
${current && current.textStatus !== 'complete' && current.storedFileId ? html`<p class="kern-body kern-body--small">${current.textStatus === 'none' ? 'Dieses Dokument enthält keinen lesbaren Text. Die Volltextsuche findet es nur über Titel und Dateinamen.' : 'Der Text dieses Dokuments wurde nur teilweise gelesen (Seiten- oder Größengrenze). Die Volltextsuche findet nur diesen Teil.'}</p>` : ''}
<h2 class="kern-heading-medium">Fassungen</h2>
${table(
  'Fassungen des Dokuments (die neueste zuerst)',
  ['Fassung', 'Datei', 'Typ', 'Größe', 'SHA-256', 'Vermerk', 'Abgelegt'],
  versions.map((v) => [
    String(v.version),
    v.storedFileId ? html`<a class="kern-link" href="${u}/fassungen/${v.version}">${v.name}<span class="kern-sr-only"> herunterladen (Fassung ${v.version})</span></a>` : 'gelöscht',
    typeText(v.mime),
    sizeText(v.size),
    html`<code class="hash">${v.sha256}</code>`,
    v.note || '–',
    `${formatDateTime(v.createdAt, c.lang)}${v.createdByName ? `, ${v.createdByName}` : ''}`,
  ]),
)}
${preview ? html`<details class="kern-body"><summary>Erkannter Text der aktuellen Fassung (Auszug)</summary>${paragraphs(preview)}</details>` : ''}
${canAdd ? html`<h2 class="kern-heading-medium">Neue Fassung hochladen</h2>
${errorSummary(c, errors)}
<p class="kern-body">Die bisherigen Fassungen bleiben unverändert erhalten.</p>
${uploadForm(
  c,
  `${u}/fassungen`,
  html`<input type="hidden" name="version" value="${doc.currentVersion}">
${input({ name: 'datei', label: 'Datei der neuen Fassung', type: 'file', hint: FILE_HINT, accept: ACCEPT, error: errors.datei })}
${field({ name: 'note', label: 'Was hat sich geändert?', hint: 'Zum Beispiel: unterschriebene Fassung, Korrektur der Anschrift', value: o.note ?? '', error: errors.note, maxlength: LIMITS.note })}`,
  'Neue Fassung ablegen',
)}` : ''}
${doc.restricted || log.length ? html`<h2 class="kern-heading-medium">Zugriffsprotokoll</h2>${accessTable(c, 'Zugriffe auf dieses Dokument (die neuesten zuerst)', log)}` : ''}`,
  );
}

async function searchPage(p: Platform, c: Ctx): Promise<SafeHtml> {
  const q = (c.query.q ?? '').trim().slice(0, LIMITS.query);
  const n = Math.max(1, Math.min(50, Number.parseInt(c.query.seite ?? '1', 10) || 1));
  const r = q ? await searchDocuments(p.db, c.tenant!.id, q, { limit: SEARCH_PAGE, offset: (n - 1) * SEARCH_PAGE }) : { hits: [], more: false };
  const b = base(c);
  const link = (k: number) => `${b}/suche?${new URLSearchParams({ q, seite: String(k) })}`;
  const snippet = (s: string | null): SafeHtml =>
    s === null ? html`<p class="kern-body kern-body--small">Vertrauliches Dokument: Der Inhalt wird nur auf der Dokumentseite gezeigt.</p>` : html`<p class="kern-body">${s.split(/(\u0001[^\u0002]*\u0002)/).map((part) => (part.startsWith('\u0001') ? html`<mark>${part.slice(1, -1)}</mark>` : html`${part}`))}</p>`;
  return page(
    c,
    { title: q ? `Suche: ${q}` : 'Suche in der E-Akte', wide: true },
    html`<h1 class="kern-heading-large">Suche in der E-Akte</h1>
<form method="get" action="${b}/suche" class="search-form" role="search">
${input({ name: 'q', label: 'Suchbegriffe', type: 'search', value: q, hint: 'Auch andere Wortformen werden gefunden („Bescheide“ findet „Bescheid“). "Genaue Wortfolge" in Anführungszeichen, -Wort schließt aus.', maxlength: LIMITS.query })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Suchen</span></button></div></form>
${q ? (r.hits.length ? html`<h2 class="kern-heading-medium">Treffer${n > 1 ? ` (Seite ${n})` : ''}</h2>
<ol class="service-list">${r.hits.map((h) => html`<li><h3 class="kern-heading-small"><a class="kern-link" href="${docUrl(c, h.documentId)}">${h.title}</a></h3>
<p class="kern-body kern-body--small">Akte ${h.fileNumber}: ${h.fileTitle} · ${dayText(h.documentDate)} · ${directionLabel(h.direction)} · Fassung ${h.version}</p>${snippet(h.snippet)}</li>`)}</ol>
<nav aria-label="Seiten" class="kern-body">${n > 1 ? html`<a class="kern-link" href="${link(n - 1)}">Vorherige Treffer</a> ` : ''}${r.more && n < 50 ? html`<a class="kern-link" href="${link(n + 1)}">Weitere Treffer</a>` : ''}</nav>` : html`<p class="kern-body" role="status">Keine Dokumente gefunden.</p>`) : ''}
<p class="kern-body"><a class="kern-link" href="${b}">Zurück zur E-Akte</a></p>`,
  );
}

// ---------------------------------------------------------------- routes

/** Files, documents and search for the back office. */
export function staffPages(r: Router, p: Platform): void {
  const loadFile = async (c: Ctx) => {
    const id = c.params.id;
    const f = isUuid(id) ? await fileRowById(p.db, c.tenant!.id, id) : undefined;
    if (!f) throw notFound();
    return f;
  };
  const loadDoc = async (c: Ctx) => {
    const id = c.params.id;
    const d = isUuid(id) ? await documentById(p.db, c.tenant!.id, id) : undefined;
    if (!d) throw notFound();
    return d;
  };
  const conflict = (c: Ctx, title: string, text: string, back: string) => {
    c.reply.code(409);
    return page(c, { title }, html`<div class="narrow"><h1 class="kern-heading-large">${title}</h1>${alert('warning', text)}<p class="kern-body"><a class="kern-link" href="${back}">Zurück</a></p></div>`);
  };

  /** The document page; showing a restricted document is an access and is logged first. */
  const showDocument = async (c: Ctx, doc: RecordDocument, o: Parameters<typeof documentPage>[3] = {}) => {
    if (doc.restricted) await recordAccess(p.db, { tenantId: c.tenant!.id, documentId: doc.id, version: doc.currentVersion, userId: c.user!.id, kind: 'view', channel: 'staff', now: c.now });
    return documentPage(p, c, doc, o);
  };

  /** Checks, scans and reads an uploaded file; refusals are audited and come back as a German message. */
  const acceptUpload = async (c: Ctx, fileId: string): Promise<{ ok: true; content: PreparedContent } | { ok: false; error: string }> => {
    const up = c.uploads.get('datei');
    const refuse = async (reason: string, error: string) => {
      if (up && up.bytes.length) {
        await p.db.transaction((tx) =>
          audit(tx, { tenantId: c.tenant!.id, actorId: c.user!.id, actorKind: 'staff', action: 'records.upload_refused', objectType: 'records_file', objectId: fileId, details: { reason, size: up.bytes.length } }, c.now),
        );
      }
      return { ok: false as const, error };
    };
    const r = await prepareUpload(up);
    if (!r.ok) return r.problem === 'missing' ? { ok: false, error: UPLOAD_MESSAGES.missing } : refuse(r.reason ? `${r.problem}:${r.reason}` : r.problem, UPLOAD_MESSAGES[r.problem]);
    let scan;
    try {
      scan = await p.scanner.scan(Buffer.from(r.content.bytes));
    } catch {
      return { ok: false, error: 'Die Datei konnte nicht auf Schadsoftware geprüft werden. Bitte versuchen Sie es später noch einmal.' };
    }
    if (!scan.clean) return refuse('virus', 'Der Virenscanner hat in der Datei Schadsoftware gefunden. Die Datei wurde nicht gespeichert.');
    return { ok: true, content: r.content };
  };
  /** Without valid metadata the file is not read yet, only checked by type (the person has to choose it again anyway). */
  const quickCheck = (c: Ctx): string => {
    const up = c.uploads.get('datei');
    if (!up || (up.bytes.length === 0 && !up.filename)) return UPLOAD_MESSAGES.missing;
    const d = detectRecordType(up.bytes, up.filename);
    return d.ok ? 'Bitte wählen Sie die Datei noch einmal aus.' : UPLOAD_MESSAGES[d.problem];
  };

  r.route({ method: 'GET', url: BASE, policy: POLICIES.read, module: 'cases', handler: (c) => listPage(p, c) });

  r.route({ method: 'GET', url: `${BASE}/suche`, policy: POLICIES.read, module: 'cases', handler: (c) => searchPage(p, c) });

  r.route({
    method: 'GET',
    url: `${BASE}/neu`,
    policy: POLICIES.write,
    module: 'cases',
    handler: async (c) => newFilePage(c, await planItems(p.db, c.tenant!.id), { plan: isUuid(c.query.plan) ? c.query.plan : '', title: '', restricted: false }),
  });
  r.route({
    method: 'POST',
    url: `${BASE}/neu`,
    policy: POLICIES.write,
    module: 'cases',
    handler: async (c) => {
      const items = await planItems(p.db, c.tenant!.id);
      const { form, errors } = parseFileForm(c.body, new Set(items.map((i) => i.id)));
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return newFilePage(c, items, form, errors);
      }
      const f = await p.db.transaction((tx) => openFile(tx, { tenantId: c.tenant!.id, planItemId: form.plan, title: form.title, restricted: form.restricted, actorId: c.user!.id, now: c.now }));
      c.redirect(fileUrl(c, f.id), 'records.fileOpened');
    },
  });

  r.route({ method: 'GET', url: `${BASE}/:id`, policy: POLICIES.read, module: 'cases', handler: async (c) => filePage(p, c, await loadFile(c)) });

  r.route({
    method: 'POST',
    url: `${BASE}/:id/abschliessen`,
    policy: POLICIES.write,
    module: 'cases',
    handler: async (c) => {
      const f = await loadFile(c);
      const ok = await p.db.transaction((tx) => closeFile(tx, { tenantId: c.tenant!.id, fileId: f.id, actorId: c.user!.id, now: c.now }));
      if (!ok) return conflict(c, 'Akte nicht offen', 'Die Akte ist bereits abgeschlossen.', fileUrl(c, f.id));
      c.redirect(fileUrl(c, f.id), 'records.fileClosed');
    },
  });

  r.route({
    method: 'POST',
    url: `${BASE}/:id/export`,
    policy: POLICIES.export,
    module: 'cases',
    handler: async (c) => {
      const f = await loadFile(c);
      const res = await exportFile(p.db, { tenantId: c.tenant!.id, fileId: f.id, actorId: c.user!.id, now: c.now });
      if (!res.ok) return conflict(c, 'Export nicht möglich', 'Die Akte ist vernichtet; es gibt keine Dokumente mehr zu exportieren. Der Nachweis der Aussonderung bleibt erhalten.', fileUrl(c, f.id));
      sendDownload(c, { name: `Akte-${f.number}.zip`, mime: 'application/zip', content: Buffer.from(res.zip) });
    },
  });

  r.route({
    method: 'GET',
    url: `${BASE}/:id/dokumente/neu`,
    policy: POLICIES.write,
    module: 'cases',
    handler: async (c) => {
      const f = await loadFile(c);
      if (f.status !== 'open') return conflict(c, 'Akte nicht offen', 'In eine abgeschlossene Akte können keine Dokumente mehr abgelegt werden.', fileUrl(c, f.id));
      return uploadPage(c, f, { title: '', direction: '', correspondent: '', date: berlinDate(c.now), subject: '', restricted: f.restricted });
    },
  });
  r.route({
    method: 'POST',
    url: `${BASE}/:id/dokumente/neu`,
    policy: POLICIES.write,
    module: 'cases',
    uploadLimit: RECORD_UPLOAD_MAX_BYTES,
    handler: async (c) => {
      const f = await loadFile(c);
      if (f.status !== 'open') return conflict(c, 'Akte nicht offen', 'In eine abgeschlossene Akte können keine Dokumente mehr abgelegt werden.', fileUrl(c, f.id));
      const { form, errors, day } = parseDocumentForm(c.body, berlinDate(c.now));
      if (!day) {
        errors.datei = quickCheck(c);
        c.reply.code(422);
        return uploadPage(c, f, form, errors);
      }
      const up = await acceptUpload(c, f.id);
      if (!up.ok) {
        c.reply.code(422);
        return uploadPage(c, f, form, { datei: up.error });
      }
      const added = await p.db.transaction(async (tx) => {
        const fresh = await fileById(tx, c.tenant!.id, f.id);
        if (fresh?.status !== 'open') return undefined;
        return addDocument(tx, {
          tenantId: c.tenant!.id, fileId: f.id, title: form.title, direction: form.direction as RecordDocument['direction'], correspondent: form.correspondent, documentDate: day,
          subject: form.subject, restricted: form.restricted, content: up.content, actorId: c.user!.id, now: c.now,
        });
      });
      if (!added) return conflict(c, 'Akte nicht offen', 'Die Akte wurde inzwischen abgeschlossen. Das Dokument wurde nicht abgelegt.', fileUrl(c, f.id));
      c.redirect(docUrl(c, added.documentId), 'records.documentAdded');
    },
  });

  r.route({ method: 'GET', url: `${BASE}/dokumente/:id`, policy: POLICIES.read, module: 'cases', handler: async (c) => showDocument(c, await loadDoc(c)) });

  r.route({
    method: 'POST',
    url: `${BASE}/dokumente/:id/fassungen`,
    policy: POLICIES.write,
    module: 'cases',
    uploadLimit: RECORD_UPLOAD_MAX_BYTES,
    handler: async (c) => {
      const doc = await loadDoc(c);
      const v = parseVersionForm(c.body);
      if (v.version === undefined) throw notFound();
      if (Object.keys(v.errors).length) {
        v.errors.datei = quickCheck(c);
        c.reply.code(422);
        return showDocument(c, doc, { errors: v.errors, note: v.note });
      }
      if (v.version !== doc.currentVersion) {
        c.reply.code(409);
        return showDocument(c, doc, { note: v.note, notice: alert('warning', `Inzwischen hat jemand eine neuere Fassung abgelegt (Fassung ${doc.currentVersion}). Ihre Datei wurde nicht gespeichert. Bitte prüfen Sie die aktuelle Fassung und laden Sie Ihre Datei danach erneut hoch.`) });
      }
      const up = await acceptUpload(c, doc.fileId);
      if (!up.ok) {
        c.reply.code(422);
        return showDocument(c, doc, { errors: { datei: up.error }, note: v.note });
      }
      const res = await p.db.transaction((tx) => addVersion(tx, { tenantId: c.tenant!.id, documentId: doc.id, expectedVersion: v.version!, note: v.note, content: up.content, actorId: c.user!.id, now: c.now }));
      if (!res.ok) {
        const fresh = (await documentById(p.db, c.tenant!.id, doc.id)) ?? doc;
        c.reply.code(409);
        const text = res.reason === 'conflict'
          ? `Inzwischen hat jemand eine neuere Fassung abgelegt (Fassung ${fresh.currentVersion}). Ihre Datei wurde nicht gespeichert. Bitte prüfen Sie die aktuelle Fassung und laden Sie Ihre Datei danach erneut hoch.`
          : 'Die Akte ist abgeschlossen. Es können keine neuen Fassungen mehr abgelegt werden.';
        return showDocument(c, fresh, { note: v.note, notice: alert('warning', text) });
      }
      c.redirect(docUrl(c, doc.id), 'records.versionAdded');
    },
  });

  r.route({
    method: 'GET',
    url: `${BASE}/dokumente/:id/fassungen/:version`,
    policy: POLICIES.read,
    module: 'cases',
    handler: async (c) => {
      const doc = await loadDoc(c);
      const n = /^\d{1,7}$/.test(c.params.version ?? '') ? Number(c.params.version) : 0;
      const v = n ? await versionOf(p.db, c.tenant!.id, doc.id, n) : undefined;
      const stored = v?.storedFileId ? await fileContent(p.db, c.tenant!.id, v.storedFileId) : undefined;
      if (!v || !stored) throw notFound();
      if (doc.restricted) await recordAccess(p.db, { tenantId: c.tenant!.id, documentId: doc.id, version: v.version, userId: c.user!.id, kind: 'download', channel: 'staff', now: c.now });
      sendDownload(c, { name: v.name, mime: v.mime, content: stored.content });
    },
  });
}
