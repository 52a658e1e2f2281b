// Routes of the Drucksachen under /{slug}/verwaltung/sitzungsdienst/drucksachen and the tracking list /antraege.
// Writing and Mitzeichnung: paperAuthorPolicy (Fachämter, leads, council office); release, Beratungsfolge and
// tracking: councilOfficePolicy. Thin: load → authorize → validate → transaction → one command → page.
import { audit, fileContent, findUserById, isUuid, listStaff, notFound, str, type Ctx, type FieldErrors, type Platform, type Policy, type Router, type RouteSpec } from '../../kernel/index.ts';
import { councilOfficePolicy, M, paperAuthorPolicy } from './policy.ts';
import { councilFileById, filesOfPaper, listBodies, listPersons, paperById, personsByIds, type Paper, type PaperTracking } from './repository.ts';
import { consultationPath, hasMainFile, motions, papersInSignoff, papersRelatedTo, searchPapers, signoffsOfPaper } from './papers.repository.ts';
import {
  checkPaperPdf,
  emptyPaperForm,
  parseConsultationForm,
  parseFileForm,
  parsePaperFilter,
  parsePaperForm,
  parseSignoffDecision,
  parseSignoffRequest,
  parseTrackingForm,
  PAPER_UPLOAD_MAX_BYTES,
  PDF_MESSAGES,
  type PaperForm,
} from './paper-schema.ts';
import { motionsPage, paperFormPage, paperPage, papersBase, papersPage, refusalNotice, type PaperView } from './paper-views.ts';
import { savePaper } from './commands/save-paper.ts';
import { isEligibleSigner, requestSignoff } from './commands/request-signoff.ts';
import { decideSignoff } from './commands/decide-signoff.ts';
import { withdrawSignoff } from './commands/withdraw-signoff.ts';
import { releasePaper } from './commands/release-paper.ts';
import { attachPaperFile } from './commands/attach-paper-file.ts';
import { removePaperFile } from './commands/remove-paper-file.ts';
import { addConsultation } from './commands/add-consultation.ts';
import { removeConsultation } from './commands/remove-consultation.ts';
import { changeTracking } from './commands/track-paper.ts';
import { renderPaperPdf } from './paper-pdf.ts';
import { berlinDay } from './deadlines.ts';
import { personName, TRACKING_LABELS } from './ui.ts';

const PAGE_SIZE = 50;
const actor = (c: Ctx) => ({ tenantId: c.tenant!.id, actorId: c.user!.id, now: c.now });
const isOffice = (c: Ctx) => c.user!.roles.some((r) => r === 'council_office' || r === 'admin');

const TEXTS = {
  notDraft: 'Die Drucksache kann nur als Entwurf geändert werden. Ist sie in der Mitzeichnung, ziehen Sie die Mitzeichnung zuerst zurück. Freigegebene Drucksachen werden durch eine neue Drucksache ergänzt. Es wurde nichts gespeichert.',
  notDraftSignoff: 'Die Drucksache ist kein Entwurf mehr (sie ist schon in der Mitzeichnung oder freigegeben). Es wurde nichts versandt.',
  ownPaper: 'Sie haben diese Drucksache verfasst. Nach dem Vier-Augen-Prinzip zeichnen andere Personen sie mit. Es wurde nichts gespeichert.',
  notSigner: 'Sie sind für diese Drucksache nicht (mehr) zur Mitzeichnung vorgesehen. Es wurde nichts gespeichert.',
  notInSignoff: 'Die Drucksache ist nicht (mehr) in der Mitzeichnung, zum Beispiel weil jemand sie inzwischen abgelehnt oder zurückgezogen hat. Es wurde nichts gespeichert.',
  withdrawForbidden: 'Die Mitzeichnung kann nur die Verfasserin oder der Verfasser oder der Sitzungsdienst zurückziehen.',
  signoffOpen: 'Die Drucksache kann erst freigegeben werden, wenn alle in der Mitzeichnung zugestimmt haben.',
  needsSignoff: 'Vorlagen der Verwaltung werden erst nach der Mitzeichnung freigegeben. Bitte senden Sie die Drucksache zuerst zur Mitzeichnung.',
  notReleasable: 'Die Drucksache ist schon freigegeben oder zurückgezogen.',
  conflict: 'Die Drucksache wurde inzwischen geändert (zum Beispiel von einer Kollegin oder durch einen doppelten Klick). Es wurde nichts gespeichert. Hier ist der aktuelle Stand.',
  inSignoffFiles: 'Während der Mitzeichnung können keine Dateien hinzugefügt oder entfernt werden. Ziehen Sie die Mitzeichnung zuerst zurück. Es wurde nichts gespeichert.',
  lockedFiles: 'Nach der Freigabe kann nur der Sitzungsdienst Dateien hinzufügen oder entfernen. Es wurde nichts gespeichert.',
  scheduled: 'Dieser Schritt steht schon auf einer Tagesordnung und kann nicht entfernt werden. Nehmen Sie die Drucksache zuerst von der Tagesordnung.',
  withdrawn: 'Die Drucksache ist zurückgezogen; ihre Beratungsfolge wird nicht mehr geändert.',
  notTracked: 'Verfolgt werden nur Anträge und Anfragen, und erst nach ihrer Freigabe.',
} as const;

export function paperRoutes(r: Router, p: Platform): void {
  const B = '/:tenant/verwaltung/sitzungsdienst/drucksachen';
  const route = (method: 'GET' | 'POST', url: string, policy: Policy, handler: RouteSpec['handler'], extra: Partial<RouteSpec> = {}) =>
    r.route({ method, url: `${B}${url}`, policy, module: M, handler, ...extra });

  const loadPaper = async (c: Ctx): Promise<Paper> => {
    const x = isUuid(c.params.id) ? await paperById(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!x || x.deletedAt) throw notFound();
    return x;
  };
  const municipalitiesFor = (c: Ctx, current: string | null) => {
    const list = c.tenant!.members.map((m) => m.name);
    return current && !list.includes(current) ? [...list, current] : list;
  };
  const eligibleSigners = async (c: Ctx, authorId: string | null) =>
    (await listStaff(p.db, c.tenant!.id)).filter((u) => isEligibleSigner(u) && u.id !== authorId).map((u) => ({ id: u.id, label: u.displayName || u.email }));

  /** Everything the paper page shows; `extra` carries a notice, errors and the values entered. */
  const view = async (c: Ctx, paper: Paper, extra: Partial<Pick<PaperView, 'notice' | 'errors' | 'values'>> = {}): Promise<PaperView> => {
    const tenantId = c.tenant!.id;
    const [author, persons, bodies, related, answers, files, signoffs, path, signers] = await Promise.all([
      paper.createdBy ? findUserById(p.db, tenantId, paper.createdBy) : Promise.resolve(undefined),
      personsByIds(p.db, tenantId, paper.originatorPersonIds),
      listBodies(p.db, tenantId),
      paper.relatedPaperId ? paperById(p.db, tenantId, paper.relatedPaperId) : Promise.resolve(undefined),
      papersRelatedTo(p.db, tenantId, paper.id),
      filesOfPaper(p.db, tenantId, paper.id),
      signoffsOfPaper(p.db, tenantId, paper.id),
      consultationPath(p.db, tenantId, paper.id),
      eligibleSigners(c, paper.createdBy),
    ]);
    const bodyNames = new Map(bodies.map((b) => [b.id, b.name]));
    return {
      paper,
      author: author ? author.displayName || author.email : undefined,
      originators: [...persons.map(personName), ...paper.originatorBodyIds.map((id) => bodyNames.get(id) ?? '').filter(Boolean)],
      related: related && !related.deletedAt ? related : undefined,
      answers,
      files,
      signoffs,
      path,
      bodies,
      signers,
      user: { id: c.user!.id, roles: c.user!.roles },
      today: berlinDay(c.now),
      ...extra,
    };
  };
  /** The paper page again with a refusal (status 403/409) or field errors (422); nothing was changed. */
  const again = async (c: Ctx, paperId: string, status: number, extra: Partial<Pick<PaperView, 'notice' | 'errors' | 'values'>>) => {
    const fresh = await paperById(p.db, c.tenant!.id, paperId);
    if (!fresh || fresh.deletedAt) throw notFound();
    c.reply.code(status);
    return paperPage(c, await view(c, fresh, extra));
  };
  const refuse = (c: Ctx, paperId: string, status: number, text: string) => again(c, paperId, status, { notice: refusalNotice(text) });

  // List, create, edit --------------------------------------------------------------------------------------------
  route('GET', '', paperAuthorPolicy, async (c) => {
    const filter = parsePaperFilter(c.query);
    const [rows, mine] = await Promise.all([
      searchPapers(p.db, c.tenant!.id, { ...filter, limit: PAGE_SIZE + 1, offset: (filter.page - 1) * PAGE_SIZE }),
      papersInSignoff(p.db, c.tenant!.id, { signerId: c.user!.id }),
    ]);
    return papersPage(c, { filter, papers: rows.slice(0, PAGE_SIZE), more: rows.length > PAGE_SIZE, mine });
  });

  const formChoices = async (c: Ctx) => {
    const [persons, bodies] = await Promise.all([listPersons(p.db, c.tenant!.id), listBodies(p.db, c.tenant!.id)]);
    return { persons, bodies };
  };
  const paperForm = (x: Paper, related: Paper | undefined): PaperForm => ({
    paperType: x.paperType, name: x.name, date: x.date, municipality: x.municipality ?? '', department: x.department ?? '', bodyText: x.bodyText, resolutionProposal: x.resolutionProposal,
    public: x.public, originatorPersonIds: x.originatorPersonIds, originatorBodyIds: x.originatorBodyIds, related: related?.reference ?? '',
  });
  const savePaperRoute = async (c: Ctx, existing: Paper | undefined) => {
    const choices = await formChoices(c);
    const municipalities = municipalitiesFor(c, existing?.municipality ?? null);
    const { form, errors, input } = parsePaperForm(c.body, { ...(existing ? { type: existing.paperType } : {}), persons: choices.persons.map((x) => x.id), bodies: choices.bodies.map((x) => x.id), municipalities });
    const res = input ? await p.db.transaction((tx) => savePaper(tx, { ...actor(c), ...(existing ? { id: existing.id } : {}), input })) : undefined;
    if (res && !res.ok && res.reason === 'not_found') throw notFound();
    if (res && !res.ok && res.reason === 'not_draft') return refuse(c, existing!.id, 409, TEXTS.notDraft);
    if (!res || !res.ok) {
      c.reply.code(422);
      const fieldErrors: FieldErrors = res && !res.ok && res.reason === 'invalid' ? res.errors : errors;
      return paperFormPage(c, { ...(existing ? { id: existing.id, reference: existing.reference, fixedType: existing.paperType } : {}), form, errors: fieldErrors, ...choices, municipalities });
    }
    c.redirect(`${papersBase(c)}/${res.id}`, existing ? 'council.paperSaved' : 'council.paperCreated');
  };
  route('GET', '/neu', paperAuthorPolicy, async (c) => paperFormPage(c, { form: emptyPaperForm(berlinDay(c.now)), ...(await formChoices(c)), municipalities: municipalitiesFor(c, null) }));
  route('POST', '/neu', paperAuthorPolicy, (c) => savePaperRoute(c, undefined));
  route('GET', '/:id', paperAuthorPolicy, async (c) => paperPage(c, await view(c, await loadPaper(c))));
  route('GET', '/:id/bearbeiten', paperAuthorPolicy, async (c) => {
    const x = await loadPaper(c);
    if (x.status !== 'draft') return refuse(c, x.id, 409, TEXTS.notDraft);
    const related = x.relatedPaperId ? await paperById(p.db, c.tenant!.id, x.relatedPaperId) : undefined;
    return paperFormPage(c, { id: x.id, reference: x.reference, fixedType: x.paperType, form: paperForm(x, related), ...(await formChoices(c)), municipalities: municipalitiesFor(c, x.municipality) });
  });
  route('POST', '/:id/bearbeiten', paperAuthorPolicy, async (c) => savePaperRoute(c, await loadPaper(c)));

  // Mitzeichnung and release --------------------------------------------------------------------------------------
  route('POST', '/:id/mitzeichnung', paperAuthorPolicy, async (c) => {
    const x = await loadPaper(c);
    const eligible = await eligibleSigners(c, null);
    const { signers, errors } = parseSignoffRequest(c.body, { eligible: eligible.map((s) => s.id), authorId: x.createdBy });
    if (Object.keys(errors).length) return again(c, x.id, 422, { errors, values: { signers } });
    const res = await p.db.transaction((tx) => requestSignoff(tx, { ...actor(c), paperId: x.id, signerIds: signers }));
    if (!res.ok) {
      if (res.reason === 'not_found') throw notFound();
      if (res.reason === 'not_draft') return refuse(c, x.id, 409, TEXTS.notDraftSignoff);
      return again(c, x.id, 422, { errors: { signers: res.reason === 'own_paper' ? 'Die Verfasserin oder der Verfasser kann die eigene Drucksache nicht mitzeichnen.' : 'Bitte wählen Sie die Personen aus der Liste.' }, values: { signers } });
    }
    c.redirect(`${papersBase(c)}/${x.id}`, 'council.signoffRequested');
  });
  route('POST', '/:id/mitzeichnung/entscheidung', paperAuthorPolicy, async (c) => {
    const x = await loadPaper(c);
    const d = parseSignoffDecision(c.body);
    if (d.approve === undefined) throw notFound();
    if (Object.keys(d.errors).length) return again(c, x.id, 422, { errors: d.errors, values: { comment: d.comment } });
    const res = await p.db.transaction((tx) => decideSignoff(tx, { ...actor(c), paperId: x.id, approve: d.approve!, comment: d.comment }));
    if (!res.ok) {
      if (res.reason === 'not_found') throw notFound();
      return refuse(c, x.id, res.reason === 'not_in_signoff' ? 409 : 403, res.reason === 'own_paper' ? TEXTS.ownPaper : res.reason === 'not_signer' ? TEXTS.notSigner : TEXTS.notInSignoff);
    }
    c.redirect(`${papersBase(c)}/${x.id}`, d.approve ? 'council.signoffApproved' : 'council.signoffRejected');
  });
  route('POST', '/:id/mitzeichnung/zurueckziehen', paperAuthorPolicy, async (c) => {
    const x = await loadPaper(c);
    const res = await p.db.transaction((tx) => withdrawSignoff(tx, { tenantId: c.tenant!.id, actor: { id: c.user!.id, roles: c.user!.roles }, now: c.now, paperId: x.id }));
    if (!res.ok) {
      if (res.reason === 'not_found') throw notFound();
      return refuse(c, x.id, res.reason === 'forbidden' ? 403 : 409, res.reason === 'forbidden' ? TEXTS.withdrawForbidden : TEXTS.notInSignoff);
    }
    c.redirect(`${papersBase(c)}/${x.id}`, 'council.signoffWithdrawn');
  });
  route('POST', '/:id/freigeben', councilOfficePolicy, async (c) => {
    const x = await loadPaper(c);
    const tenantId = c.tenant!.id;
    // The PDF takes a moment to render: outside the transaction, from this version of the paper.
    let pdf: { bytes: Uint8Array; renderedFrom: Date } | undefined;
    if ((x.status === 'signoff' || x.status === 'draft') && !(await hasMainFile(p.db, tenantId, x.id))) {
      const [persons, bodies, path] = await Promise.all([personsByIds(p.db, tenantId, x.originatorPersonIds), listBodies(p.db, tenantId), consultationPath(p.db, tenantId, x.id)]);
      const names = new Map(bodies.map((b) => [b.id, b.name]));
      const originators = [...persons.map(personName), ...x.originatorBodyIds.map((id) => names.get(id) ?? '').filter(Boolean)];
      pdf = { bytes: await renderPaperPdf(p.db, c.tenant!, x, { originators, path }), renderedFrom: x.modifiedAt };
    }
    const res = await p.db.transaction((tx) => releasePaper(tx, { ...actor(c), paperId: x.id, ...(pdf ? { pdf } : {}) }));
    if (!res.ok) {
      if (res.reason === 'not_found') throw notFound();
      const text = { signoff_open: TEXTS.signoffOpen, needs_signoff: TEXTS.needsSignoff, not_releasable: TEXTS.notReleasable, conflict: TEXTS.conflict }[res.reason];
      return refuse(c, x.id, 409, text);
    }
    c.redirect(`${papersBase(c)}/${x.id}`, 'council.paperReleased');
  });

  // Files ---------------------------------------------------------------------------------------------------------
  route(
    'POST',
    '/:id/dateien',
    paperAuthorPolicy,
    async (c) => {
      const x = await loadPaper(c);
      const { form, errors } = parseFileForm(c.body);
      const upload = c.uploads.get('datei');
      const checked = checkPaperPdf(upload);
      if (!checked.ok) {
        errors.datei = PDF_MESSAGES[checked.problem];
        if (checked.problem !== 'missing' && upload) {
          await p.db.transaction((tx) => audit(tx, { tenantId: c.tenant!.id, actorId: c.user!.id, actorKind: 'staff', action: 'council.upload_refused', objectType: 'council_paper', objectId: x.id, details: { reason: checked.problem, size: upload.bytes.length } }, c.now));
        }
      } else if (Object.keys(errors).length) {
        errors.datei = 'Bitte wählen Sie die Datei noch einmal aus.';
      }
      if (Object.keys(errors).length || !checked.ok) return again(c, x.id, 422, { errors, values: { file: form } });
      let scan;
      try {
        scan = await p.scanner.scan(checked.bytes);
      } catch {
        return again(c, x.id, 422, { errors: { datei: 'Die Datei konnte nicht auf Schadsoftware geprüft werden. Bitte versuchen Sie es später noch einmal.' }, values: { file: form } });
      }
      if (!scan.clean) {
        await p.db.transaction((tx) => audit(tx, { tenantId: c.tenant!.id, actorId: c.user!.id, actorKind: 'staff', action: 'council.upload_refused', objectType: 'council_paper', objectId: x.id, details: { reason: 'virus', size: checked.bytes.length } }, c.now));
        return again(c, x.id, 422, { errors: { datei: 'Der Virenscanner hat in der Datei Schadsoftware gefunden. Die Datei wurde nicht gespeichert.' }, values: { file: form } });
      }
      const res = await p.db.transaction((tx) =>
        attachPaperFile(tx, { ...actor(c), paperId: x.id, mayAmend: isOffice(c), title: form.name, role: form.role as 'main' | 'attachment', public: form.public, bytes: new Uint8Array(checked.bytes) }),
      );
      if (!res.ok) {
        if (res.reason === 'not_found') throw notFound();
        return refuse(c, x.id, 409, res.reason === 'in_signoff' ? TEXTS.inSignoffFiles : TEXTS.lockedFiles);
      }
      c.redirect(`${papersBase(c)}/${x.id}`, 'council.fileAdded');
    },
    { uploadLimit: PAPER_UPLOAD_MAX_BYTES },
  );
  route('GET', '/:id/dateien/:fileId', paperAuthorPolicy, async (c) => {
    const x = await loadPaper(c);
    const f = isUuid(c.params.fileId) ? await councilFileById(p.db, c.tenant!.id, c.params.fileId) : undefined;
    if (!f || f.deletedAt || f.paperId !== x.id) throw notFound();
    const content = await fileContent(p.db, c.tenant!.id, f.storedFileId);
    if (!content) throw notFound();
    const ascii = f.fileName.replace(/[^\w.() -]/g, '_').slice(0, 150) || 'datei.pdf';
    c.reply.header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
    c.reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
    return c.reply.type(f.mime).send(content.content);
  });
  route('POST', '/:id/dateien/:fileId/entfernen', paperAuthorPolicy, async (c) => {
    const x = await loadPaper(c);
    if (!isUuid(c.params.fileId)) throw notFound();
    const res = await p.db.transaction((tx) => removePaperFile(tx, { ...actor(c), paperId: x.id, fileId: c.params.fileId!, mayAmend: isOffice(c) }));
    if (!res.ok) {
      if (res.reason === 'not_found') throw notFound();
      return refuse(c, x.id, 409, res.reason === 'in_signoff' ? TEXTS.inSignoffFiles : TEXTS.lockedFiles);
    }
    c.redirect(`${papersBase(c)}/${x.id}`, 'council.fileRemoved');
  });

  // Beratungsfolge ------------------------------------------------------------------------------------------------
  route('POST', '/:id/beratungsfolge', councilOfficePolicy, async (c) => {
    const x = await loadPaper(c);
    const bodies = (await listBodies(p.db, c.tenant!.id)).filter((b) => b.kind !== 'fraktion');
    const { form, errors, input } = parseConsultationForm(c.body, { bodies: bodies.map((b) => b.id) });
    if (!input) return again(c, x.id, 422, { errors, values: { consultation: form } });
    const res = await p.db.transaction((tx) => addConsultation(tx, { ...actor(c), paperId: x.id, ...input }));
    if (!res.ok) {
      if (res.reason === 'not_found') throw notFound();
      if (res.reason !== 'invalid') return refuse(c, x.id, 409, TEXTS.withdrawn);
      return again(c, x.id, 422, { errors: res.errors, values: { consultation: form } });
    }
    c.redirect(`${papersBase(c)}/${x.id}`, 'council.consultationAdded');
  });
  route('POST', '/:id/beratungsfolge/:cid/entfernen', councilOfficePolicy, async (c) => {
    const x = await loadPaper(c);
    if (!isUuid(c.params.cid)) throw notFound();
    const res = await p.db.transaction((tx) => removeConsultation(tx, { ...actor(c), paperId: x.id, consultationId: c.params.cid! }));
    if (!res.ok) {
      if (res.reason === 'not_found') throw notFound();
      return refuse(c, x.id, 409, TEXTS.scheduled);
    }
    c.redirect(`${papersBase(c)}/${x.id}`, 'council.consultationRemoved');
  });

  // Tracking ------------------------------------------------------------------------------------------------------
  route('POST', '/:id/verfolgung', councilOfficePolicy, async (c) => {
    const x = await loadPaper(c);
    const expected = str(c.body, 'expected', 20) as PaperTracking;
    if (!Object.hasOwn(TRACKING_LABELS, expected)) throw notFound();
    const { form, errors } = parseTrackingForm(c.body);
    if (!Object.hasOwn(TRACKING_LABELS, form.tracking)) errors.tracking = 'Bitte wählen Sie den neuen Stand aus der Liste.';
    if (Object.keys(errors).length) return again(c, x.id, 422, { errors, values: { tracking: form } });
    const to = form.tracking as PaperTracking;
    const implementationDue = form.implementationDue ? form.implementationDue : to === 'resolved' ? null : undefined;
    const res = await p.db.transaction((tx) =>
      changeTracking(tx, { ...actor(c), paperId: x.id, expected, to, ...(implementationDue !== undefined ? { implementationDue } : {}), ...(to === 'implemented' ? { implementationReport: form.implementationReport } : {}) }),
    );
    if (!res.ok) {
      if (res.reason === 'not_found') throw notFound();
      if (res.reason === 'invalid') return again(c, x.id, 422, { errors: res.errors, values: { tracking: form } });
      return refuse(c, x.id, 409, res.reason === 'conflict' ? TEXTS.conflict : TEXTS.notTracked);
    }
    c.redirect(`${papersBase(c)}/${x.id}`, 'council.trackingSaved');
  });

  // Anträge und Anfragen ------------------------------------------------------------------------------------------
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/sitzungsdienst/antraege',
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => motionsPage(c, { rows: await motions(p.db, c.tenant!.id), today: berlinDay(c.now) }),
  });
}
