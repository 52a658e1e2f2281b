// Akteneinsicht: staff grant a citizen read-only access to chosen documents for a period; the citizen reads them in
// the Bürgerkonto, and every view and download lands in the access log the clerk sees.
import { alert, checkbox, descriptionList, errorSummary, field, fileContent, formatDate, formatDateTime, html, isUuid, notFound, page, paragraphs, policies, postForm, textarea, type Ctx, type FieldErrors, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { endInspection, grantInspection, recordAccess } from './commands/inspection.ts';
import { inspectionById, inspectionDocuments, inspectionsOfGrantee, type Inspection, type InspectionDocument } from './inspection.repository.ts';
import { accessLogOfInspection, documentsOfFile, fileRowById, versionText, type DocumentRow, type FileRow } from './repository.ts';
import { LIMITS, directionLabel, parseInspectionForm, type InspectionForm } from './schema.ts';
import { addDays, berlinDate, dayText } from './time.ts';
import { POLICIES, accessTable, base, buttonForm, fileUrl, input, may, sendDownload, sizeText, table, typeText, yesNo } from './views.ts';

const STAFF = '/:tenant/verwaltung/akten';
const CITIZEN = '/:tenant/konto/akteneinsicht';

/** The last day of a grant as people say it (valid_until is the start of the following day). */
const lastDay = (i: Inspection, c: Ctx) => formatDate(new Date(i.validUntil.getTime() - 1), c.lang);
const state = (i: Inspection, now: Date) => (i.revokedAt ? 'widerrufen' : i.validUntil <= now ? 'abgelaufen' : i.validFrom > now ? 'noch nicht begonnen' : 'gültig');
const citizenBase = (c: Ctx) => `/${c.tenant!.slug}/konto/akteneinsicht`;

function grantPage(c: Ctx, file: FileRow, docs: DocumentRow[], form: InspectionForm, errors: FieldErrors = {}): SafeHtml {
  return page(
    c,
    { title: `Akteneinsicht gewähren: ${file.number}` },
    html`<div class="narrow"><h1 class="kern-heading-large">Akteneinsicht gewähren</h1>
<p class="kern-body">Akte ${file.number}: ${file.title}</p>
${errorSummary(c, errors)}
${postForm(
  c,
  `${fileUrl(c, file.id)}/einsicht/neu`,
  html`${field({ name: 'email', type: 'email', label: 'E-Mail-Adresse des Bürgerkontos', hint: 'Die Person braucht ein bestätigtes Bürgerkonto bei unserer Kommune. Sie bekommt eine E-Mail ohne Inhalte, nur mit dem Hinweis auf das Portal.', value: form.email, error: errors.email, required: true, autocomplete: 'off', maxlength: 254 })}
${input({ name: 'from', label: 'Einsicht möglich ab', type: 'date', hint: 'Zum Beispiel 23.11.2026', value: form.from, error: errors.from, maxlength: 10 })}
${input({ name: 'until', label: 'Einsicht möglich bis einschließlich', type: 'date', hint: 'Höchstens ein Jahr. Danach ist kein Zugriff mehr möglich.', value: form.until, error: errors.until, maxlength: 10 })}
<fieldset class="kern-fieldset${errors.documents ? ' kern-fieldset--error' : ''}" id="f-documents" aria-describedby="documents-hint"><legend class="kern-label">Freigegebene Dokumente</legend>
<div class="kern-hint" id="documents-hint">Freigegeben wird jeweils die aktuelle Fassung. Später abgelegte Fassungen sieht die Person nicht.</div>
${errors.documents ? html`<p class="kern-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${errors.documents}</p>` : ''}
<div class="kern-fieldset__body">${docs.map((d) => checkbox({ name: 'documents', value: d.id, label: `${d.title} (${dayText(d.documentDate)}, ${directionLabel(d.direction)}${d.restricted ? ', vertraulich' : ''})`, checked: form.documents.includes(d.id) }))}</div></fieldset>
${textarea({ name: 'note', label: 'Hinweis für die Person (freiwillig)', value: form.note, error: errors.note, rows: 3 })}`,
  'Akteneinsicht freigeben',
)}
<p class="kern-body"><a class="kern-link" href="${fileUrl(c, file.id)}">Zurück zur Akte</a></p></div>`,
  );
}

async function staffInspectionPage(p: Platform, c: Ctx, i: Inspection): Promise<SafeHtml> {
  const t = c.tenant!.id;
  const [docs, log] = await Promise.all([inspectionDocuments(p.db, t, i.id), accessLogOfInspection(p.db, t, i.id, 500)]);
  const active = !i.revokedAt && i.validUntil > c.now;
  return page(
    c,
    { title: `Akteneinsicht ${i.fileNumber}`, wide: true },
    html`<h1 class="kern-heading-large">Akteneinsicht: ${i.fileNumber}</h1>
${descriptionList([
  ['Akte', html`<a class="kern-link" href="${fileUrl(c, i.fileId)}">${i.fileNumber}: ${i.fileTitle}</a>`],
  ['Person', `${i.granteeName} (${i.granteeEmail})`],
  ['Zeitraum', `${formatDate(i.validFrom, c.lang)} bis ${lastDay(i, c)}`],
  ['Stand', `${state(i, c.now)}${i.revokedAt ? ` am ${formatDateTime(i.revokedAt, c.lang)}` : ''}`],
  ['Freigegeben', `${formatDateTime(i.grantedAt, c.lang)}${i.grantedByName ? `, ${i.grantedByName}` : ''}`],
  ...(i.note ? [['Hinweis', i.note] as const] : []),
])}
<h2 class="kern-heading-medium">Freigegebene Dokumente</h2>
${table('Freigegebene Dokumente', ['Titel', 'Datum', 'Fassung', 'Typ'], docs.map((d) => [html`<a class="kern-link" href="${base(c)}/dokumente/${d.documentId}">${d.title}</a>`, dayText(d.documentDate), String(d.version), typeText(d.mime)]))}
<h2 class="kern-heading-medium">Zugriffe der Person</h2>
${accessTable(c, 'Zugriffe im Rahmen dieser Akteneinsicht (die neuesten zuerst)', log, true)}
${active && may(c, POLICIES.write) ? html`<h2 class="kern-heading-medium">Widerrufen</h2><p class="kern-body">Nach dem Widerruf kann die Person die Dokumente nicht mehr abrufen.</p>${buttonForm(c, `${base(c)}/einsicht/${i.id}/widerrufen`, 'Akteneinsicht widerrufen', { secondary: true })}` : ''}`,
  );
}

function notAvailable(c: Ctx, i: Inspection): SafeHtml {
  c.reply.code(403);
  const text = i.revokedAt
    ? 'Diese Akteneinsicht wurde von der Verwaltung beendet. Die Dokumente können nicht mehr abgerufen werden.'
    : i.validFrom > c.now
      ? `Diese Akteneinsicht beginnt am ${formatDate(i.validFrom, c.lang)}. Bitte schauen Sie dann wieder vorbei.`
      : `Diese Akteneinsicht ist am ${lastDay(i, c)} abgelaufen. Die Dokumente können nicht mehr abgerufen werden. Bei Fragen wenden Sie sich bitte an die Verwaltung.`;
  return page(c, { title: 'Akteneinsicht nicht verfügbar' }, html`<div class="narrow"><h1 class="kern-heading-large">Akteneinsicht nicht verfügbar</h1>${alert('warning', text)}
<p class="kern-body"><a class="kern-link" href="/${c.tenant!.slug}/konto">Zurück zum Bürgerkonto</a></p></div>`);
}

function citizenInspectionPage(c: Ctx, i: Inspection, docs: InspectionDocument[]): SafeHtml {
  const b = `${citizenBase(c)}/${i.id}`;
  return page(
    c,
    { title: 'Akteneinsicht' },
    html`<div class="narrow"><h1 class="kern-heading-large">Akteneinsicht</h1>
<p class="kern-body">Die Verwaltung hat Ihnen Einsicht in folgende Dokumente gegeben. Sie können sie bis einschließlich ${lastDay(i, c)} ansehen und herunterladen. Jeder Abruf wird protokolliert.</p>
${descriptionList([['Akte', `${i.fileNumber}: ${i.fileTitle}`], ['Möglich bis', lastDay(i, c)], ...(i.note ? [['Hinweis der Verwaltung', i.note] as const] : [])])}
${table('Freigegebene Dokumente', ['Titel', 'Datum', 'Typ', 'Größe'], docs.map((d) => [html`<a class="kern-link" href="${b}/dokumente/${d.documentId}">${d.title}</a>`, dayText(d.documentDate), typeText(d.mime), d.storedFileId ? sizeText(d.size) : 'nicht mehr vorhanden']))}
<p class="kern-body"><a class="kern-link" href="/${c.tenant!.slug}/konto">Zurück zum Bürgerkonto</a></p></div>`,
  );
}

/** Staff pages for granting and following an inspection; citizen pages for using it. */
export function inspectionPages(r: Router, p: Platform): void {
  const loadFile = async (c: Ctx) => {
    const f = isUuid(c.params.id) ? await fileRowById(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!f) throw notFound();
    return f;
  };
  const loadInspection = async (c: Ctx) => {
    const i = isUuid(c.params.id) ? await inspectionById(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!i) throw notFound();
    return i;
  };
  /** The citizen's own grant (anyone else's: 404); `undefined` documents = not valid now. */
  const citizenGrant = async (c: Ctx): Promise<{ i: Inspection; docs?: InspectionDocument[] }> => {
    const i = await loadInspection(c);
    if (i.granteeId !== c.user!.id) throw notFound();
    if (i.revokedAt || i.validFrom > c.now || i.validUntil <= c.now) return { i };
    return { i, docs: await inspectionDocuments(p.db, c.tenant!.id, i.id) };
  };
  const grantedDoc = (c: Ctx, docs: InspectionDocument[]) => {
    const d = docs.find((x) => x.documentId === c.params.doc);
    if (!d) throw notFound();
    return d;
  };

  r.route({
    method: 'GET',
    url: `${STAFF}/:id/einsicht/neu`,
    policy: POLICIES.write,
    module: 'cases',
    handler: async (c) => {
      const f = await loadFile(c);
      if (f.status === 'deleted') throw notFound();
      const today = berlinDate(c.now);
      return grantPage(c, f, await documentsOfFile(p.db, c.tenant!.id, f.id), { email: '', from: today, until: addDays(today, 14), note: '', documents: [] });
    },
  });
  r.route({
    method: 'POST',
    url: `${STAFF}/:id/einsicht/neu`,
    policy: POLICIES.write,
    module: 'cases',
    handler: async (c) => {
      const f = await loadFile(c);
      if (f.status === 'deleted') throw notFound();
      const docs = await documentsOfFile(p.db, c.tenant!.id, f.id);
      const { form, errors, from, until } = parseInspectionForm(c.body, new Set(docs.map((d) => d.id)), berlinDate(c.now));
      const res = from && until
        ? await grantInspection(p.db, {
            tenantId: c.tenant!.id, tenantName: c.tenant!.name, portalUrl: `${p.config.baseUrl}/${c.tenant!.slug}/konto`, fileId: f.id, email: form.email, from, until,
            note: form.note.slice(0, LIMITS.note), documentIds: form.documents, actorId: c.user!.id, now: c.now,
          })
        : { errors };
      if (!res) throw notFound();
      if ('errors' in res) {
        c.reply.code(422);
        return grantPage(c, f, docs, form, res.errors);
      }
      c.redirect(`${base(c)}/einsicht/${res.id}`, 'records.inspectionGranted');
    },
  });
  r.route({ method: 'GET', url: `${STAFF}/einsicht/:id`, policy: POLICIES.read, module: 'cases', handler: async (c) => staffInspectionPage(p, c, await loadInspection(c)) });
  r.route({
    method: 'POST',
    url: `${STAFF}/einsicht/:id/widerrufen`,
    policy: POLICIES.write,
    module: 'cases',
    handler: async (c) => {
      const i = await loadInspection(c);
      await endInspection(p.db, { tenantId: c.tenant!.id, inspectionId: i.id, actorId: c.user!.id, now: c.now });
      c.redirect(`${base(c)}/einsicht/${i.id}`, 'records.inspectionRevoked');
    },
  });

  r.route({
    method: 'GET',
    url: `${CITIZEN}/:id`,
    policy: policies.citizen,
    module: 'cases',
    handler: async (c) => {
      const { i, docs } = await citizenGrant(c);
      return docs ? citizenInspectionPage(c, i, docs) : notAvailable(c, i);
    },
  });
  r.route({
    method: 'GET',
    url: `${CITIZEN}/:id/dokumente/:doc`,
    policy: policies.citizen,
    module: 'cases',
    handler: async (c) => {
      const { i, docs } = await citizenGrant(c);
      if (!docs) return notAvailable(c, i);
      const d = grantedDoc(c, docs);
      await recordAccess(p.db, { tenantId: c.tenant!.id, documentId: d.documentId, version: d.version, userId: c.user!.id, kind: 'view', channel: 'inspection', inspectionId: i.id, now: c.now });
      const text = d.storedFileId && (d.mime === 'message/rfc822' || d.mime.startsWith('text/plain')) ? await versionText(p.db, c.tenant!.id, d.documentId, d.version, 20_000) : '';
      const b = `${citizenBase(c)}/${i.id}`;
      return page(
        c,
        { title: d.title },
        html`<div class="narrow"><h1 class="kern-heading-large">${d.title}</h1>
${descriptionList([['Akte', i.fileNumber], ['Datum', dayText(d.documentDate)], ['Art', directionLabel(d.direction)], ['Typ', typeText(d.mime)], ['Vollständig', yesNo(!!d.storedFileId)]])}
${d.storedFileId ? html`<p class="kern-body"><a class="kern-link" href="${b}/dokumente/${d.documentId}/datei">${d.title} herunterladen (${typeText(d.mime)}, ${sizeText(d.size)})</a></p>` : alert('info', 'Dieses Dokument ist nicht mehr vorhanden.')}
${text ? html`<h2 class="kern-heading-medium">Inhalt</h2>${paragraphs(text)}` : ''}
<p class="kern-body"><a class="kern-link" href="${b}">Zurück zur Übersicht der Akteneinsicht</a></p></div>`,
      );
    },
  });
  r.route({
    method: 'GET',
    url: `${CITIZEN}/:id/dokumente/:doc/datei`,
    policy: policies.citizen,
    module: 'cases',
    handler: async (c) => {
      const { i, docs } = await citizenGrant(c);
      if (!docs) return notAvailable(c, i);
      const d = grantedDoc(c, docs);
      const stored = d.storedFileId ? await fileContent(p.db, c.tenant!.id, d.storedFileId) : undefined;
      if (!stored) throw notFound();
      await recordAccess(p.db, { tenantId: c.tenant!.id, documentId: d.documentId, version: d.version, userId: c.user!.id, kind: 'download', channel: 'inspection', inspectionId: i.id, now: c.now });
      sendDownload(c, { name: d.name, mime: d.mime, content: stored.content });
    },
  });
}

/** The citizen's current and upcoming inspections on the Bürgerkonto page. */
export async function inspectionSection(c: Ctx): Promise<SafeHtml | undefined> {
  if (c.user?.kind !== 'citizen') return undefined;
  const list = await inspectionsOfGrantee(c.platform.db, c.tenant!.id, c.user.id, c.now);
  if (!list.length) return undefined;
  return html`<h2 class="kern-heading-medium">Akteneinsicht</h2>
<ul class="kern-list">${list.map((i) => html`<li><a class="kern-link" href="${citizenBase(c)}/${i.id}">Akte ${i.fileNumber}: ${i.fileTitle}</a> (${i.validFrom > c.now ? `ab ${formatDate(i.validFrom, c.lang)}` : `bis ${lastDay(i, c)}`})</li>`)}</ul>`;
}
