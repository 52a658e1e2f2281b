// Routes of the Posteingang (upload with receipt stamp, item page, assignment) and the print batches of the
// Postausgang. Thin: load → check → command → page.
import { alert, fileContent, isUuid, newToken, notFound, policies, str, type Ctx, type FieldErrors, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { fileById, prepareUpload, UPLOAD_MESSAGES, type RecordUploadProblem } from '../records/index.ts';
import { listTypes, userName, type Case } from './repository.ts';
import { batchById, inboundById, inboundIdByKey, inboundText, lettersOfBatch, lettersOfCase, listBatches, listInbound, pendingPrintLetters, recordFileByNumber, enclosureCandidates, type InboundItem, type PrintBatch } from './inbound.repository.ts';
import { scopeOf, worklistIn, type Scope } from './queries/worklist.ts';
import { assignInbound, receiveInbound, refuseInbound, type AssignFailure, type AssignResult } from './commands/inbound.ts';
import { BATCH_MAX, channelOf, createPrintBatch } from './commands/letters.ts';
import { parseMail, type HostileReason } from './mail.ts';
import { INBOUND_LIMITS, INBOUND_MAX_BYTES, INBOUND_MULTIPART_LIMIT, parseNewCaseFromInbound, parseUploadForm, requestKey, type AssignForms, type LetterForm, type UploadForm } from './inbound-schema.ts';
import { inboxBase, inboxPage, itemPage, letterSection, printBase, printPage } from './inbound-views.ts';
import { base as casesBase } from './views.ts';

/** Who works the inbox and the print batches: Sachbearbeitung, Sachgebietsleitung, Administration, Registratur. */
export const inboundPolicy = policies.staff('clerk', 'lead', 'admin', 'records');
const M = 'cases' as const;

/** Why an upload was refused, in German; nothing of the file is kept. */
const REFUSED: Record<RecordUploadProblem | 'text' | HostileReason | 'virus', string> = {
  missing: UPLOAD_MESSAGES.missing,
  empty: 'Die Datei ist leer. Es wurde nichts gespeichert.',
  too_large: `Die Datei ist größer als ${INBOUND_MAX_BYTES / 1024 / 1024} MB. Es wurde nichts gespeichert. Bitte scannen Sie mit geringerer Auflösung oder teilen Sie das Schreiben auf.`,
  type: 'Die Datei ist kein PDF, kein PNG- oder JPEG-Bild und keine E-Mail-Datei (.eml). Entscheidend ist der Inhalt der Datei, nicht ihr Name. Es wurde nichts gespeichert.',
  text: 'Textdateien werden im Posteingang nicht angenommen. Bitte laden Sie einen gescannten Brief (PDF, PNG, JPEG) oder eine E-Mail-Datei (.eml) hoch. Es wurde nichts gespeichert.',
  mismatch: 'Der Dateiname passt nicht zum Inhalt der Datei (zum Beispiel ein Bild mit der Endung .pdf). Erlaubt sind .pdf, .png, .jpg und .eml. Es wurde nichts gespeichert.',
  pdf_broken: UPLOAD_MESSAGES.pdf_broken,
  eml_broken: 'Die E-Mail-Datei konnte nicht gelesen werden (keine gültige Nachricht nach RFC 5322). Es wurde nichts gespeichert.',
  executable: 'Die E-Mail hat einen Anhang, der ein Programm oder Skript ist oder eines enthält ({name}). Solche Nachrichten werden zum Schutz der Verwaltung nicht angenommen; es wurde nichts gespeichert. Bitte bitten Sie den Absender, die Unterlagen als PDF zu schicken.',
  double_extension: 'Die E-Mail hat einen Anhang mit doppelter Dateiendung ({name}), wie ihn Schadsoftware benutzt. Die Nachricht wurde nicht angenommen; es wurde nichts gespeichert.',
  disguised_name: 'Die E-Mail hat einen Anhang, dessen Name seine wahre Endung versteckt ({name}). Die Nachricht wurde nicht angenommen; es wurde nichts gespeichert.',
  virus: 'Der Virenscanner hat in der Datei Schadsoftware gefunden. Es wurde nichts gespeichert.',
};

const ASSIGN_REFUSALS: Record<Exclude<AssignFailure, 'not_found'>, { status: number; field?: string; text: string }> = {
  done: { status: 409, text: 'Dieser Eingang ist bereits zugeordnet (zum Beispiel durch einen doppelten Klick oder eine Kollegin). Es wurde nichts ein zweites Mal abgelegt. Hier ist der aktuelle Stand.' },
  case_not_found: { status: 409, text: 'Diesen Vorgang gibt es nicht oder Sie dürfen ihn nicht bearbeiten. Es wurde nichts abgelegt.' },
  case_closed: { status: 409, text: 'Der Vorgang ist abgeschlossen; in seine Akte kann nichts mehr abgelegt werden. Es wurde nichts abgelegt.' },
  no_file: { status: 409, text: 'Dieser Vorgang führt keine Akte. Bitte ordnen Sie den Eingang einer Akte zu oder legen Sie einen Vorgang mit Akte an.' },
  file_not_found: { status: 422, field: 'akte', text: 'Eine Akte mit diesem Aktenzeichen gibt es nicht.' },
  file_not_open: { status: 409, field: 'akte', text: 'Die Akte ist abgeschlossen; in sie kann nichts mehr abgelegt werden. Es wurde nichts abgelegt.' },
  type: { status: 422, field: 'typ', text: 'Bitte wählen Sie einen aktiven Vorgangstyp mit Akte.' },
};

const attachmentHeader = (name: string) => {
  const ascii = name.replace(/[^\w.() -]/g, '_').slice(0, 150) || 'datei';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name.slice(0, 200))}`;
};

/** The Registratur distributes mail to every case; others see the cases of their scope. */
async function assignScope(p: Platform, c: Ctx): Promise<Scope> {
  const s = await scopeOf(p.db, c.tenant!.id, { userId: c.user!.id, roles: c.user!.roles, today: c.now });
  return c.user!.roles.includes('records') ? { ...s, all: true } : s;
}

/** What the case page shows under "Schreiben versenden". */
export async function letterPanel(p: Platform, c: Ctx, k: Case, o: { form?: LetterForm; errors?: FieldErrors } = {}): Promise<SafeHtml> {
  const tenantId = c.tenant!.id;
  const [letters, candidates, file, citizenName] = await Promise.all([
    lettersOfCase(p.db, tenantId, k.id),
    enclosureCandidates(p.db, tenantId, k.id),
    k.fileId ? fileById(p.db, tenantId, k.fileId) : Promise.resolve(undefined),
    k.citizenUserId ? userName(p.db, tenantId, k.citizenUserId) : Promise.resolve(undefined),
  ]);
  const batchIds = [...new Set(letters.map((l) => l.batchId).filter((x): x is string => !!x))];
  const batches = new Map<string, PrintBatch>();
  for (const id of batchIds) {
    const b = await batchById(p.db, tenantId, id);
    if (b) batches.set(id, b);
  }
  const channel = channelOf(k, c.tenant!.modules.has('account'));
  return letterSection(c, {
    c: k,
    channel,
    fileOpen: file?.status === 'open',
    citizenName,
    letters,
    candidates,
    batches,
    form: o.form ?? { betreff: '', text: '', anschrift: channel === 'print' && k.party ? k.party : '', anlage: '' },
    key: newToken(),
    ...(o.errors ? { errors: o.errors } : {}),
  });
}

export function inboundRoutes(r: Router, p: Platform): void {
  const BASE = '/:tenant/verwaltung/posteingang';

  const lists = async (c: Ctx) => {
    const [fresh, assigned] = await Promise.all([listInbound(p.db, c.tenant!.id, { status: 'new', limit: INBOUND_LIMITS.list }), listInbound(p.db, c.tenant!.id, { status: 'assigned', limit: INBOUND_LIMITS.recent })]);
    return { fresh, assigned };
  };
  const inbox = async (c: Ctx, form: UploadForm = { absender: '', betreff: '' }, errors?: FieldErrors) => inboxPage(c, { ...(await lists(c)), form, key: newToken(), ...(errors ? { errors } : {}) });

  const loadItem = async (c: Ctx): Promise<InboundItem> => {
    const item = isUuid(c.params.id) ? await inboundById(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!item) throw notFound();
    return item;
  };

  const showItem = async (c: Ctx, item: InboundItem, o: { forms?: Partial<AssignForms>; errors?: FieldErrors; notice?: SafeHtml } = {}) => {
    const q = (c.query.vorgang ?? '').trim().slice(0, 200);
    let results;
    if (q.length >= 2 && item.status === 'new') {
      const found = await worklistIn(p.db, c.tenant!.id, await assignScope(p, c), c.now, { tab: 'all', text: q, sort: 'opened' }, { limit: 10 });
      results = found.items.filter((x) => !x.closedAt);
    }
    const [text, types] = await Promise.all([inboundText(p.db, c.tenant!.id, item.id, 5000), listTypes(p.db, c.tenant!.id)]);
    const forms: AssignForms = { akte: '', typ: '', betreff: item.subject, beteiligte: item.sender, ...o.forms };
    return itemPage(c, { item, text, search: { q, results }, types, forms, ...(o.errors ? { errors: o.errors } : {}), ...(o.notice ? { notice: o.notice } : {}) });
  };

  /** After an assignment: the case (where the document now is), or the item page for a file without case. */
  const afterAssign = async (c: Ctx, item: InboundItem, res: AssignResult, forms?: Partial<AssignForms>) => {
    if (res.ok) return c.redirect(res.caseId ? `${casesBase(c)}/${res.caseId}` : `${inboxBase(c)}/${item.id}`, 'cases.inboundAssigned');
    if (res.reason === 'not_found') throw notFound();
    const refusal = ASSIGN_REFUSALS[res.reason];
    c.reply.code(refusal.status);
    const fresh = (await inboundById(p.db, c.tenant!.id, item.id)) ?? item;
    return showItem(c, fresh, { ...(forms ? { forms } : {}), ...(refusal.field ? { errors: { [refusal.field]: refusal.text } } : { notice: alert('warning', refusal.text) }) });
  };

  r.route({ method: 'GET', url: BASE, policy: inboundPolicy, module: M, handler: (c) => inbox(c) });

  r.route({
    method: 'POST',
    url: BASE,
    policy: inboundPolicy,
    module: M,
    uploadLimit: INBOUND_MULTIPART_LIMIT,
    handler: async (c) => {
      const tenantId = c.tenant!.id;
      const key = requestKey(c.body);
      if (key) {
        const done = await inboundIdByKey(p.db, tenantId, key);
        if (done) return c.redirect(`${inboxBase(c)}/${done}`, 'cases.inboundReceived');
      }
      const { form, errors } = parseUploadForm(c.body);
      const up = c.uploads.get('datei');
      const refuse = async (reason: string, text: string) => {
        if (up && up.bytes.length) await refuseInbound(p.db, { tenantId, actorId: c.user!.id, now: c.now, reason, size: up.bytes.length });
        c.reply.code(422);
        return inbox(c, form, { ...errors, datei: text });
      };
      const prepared = await prepareUpload(up);
      if (!prepared.ok) return prepared.problem === 'missing' ? refuse('missing', REFUSED.missing) : refuse(prepared.reason ? `${prepared.problem}:${prepared.reason}` : prepared.problem, REFUSED[prepared.problem]);
      const content = prepared.content;
      if (content.type === 'text') return refuse('text', REFUSED.text);
      if (content.bytes.length > INBOUND_MAX_BYTES) return refuse('too_large', REFUSED.too_large);
      const mail = content.type === 'eml' ? await parseMail(content.bytes) : undefined;
      if (content.type === 'eml' && !mail) return refuse('eml_broken', REFUSED.eml_broken);
      if (mail?.hostile) return refuse(`attachment:${mail.hostile.reason}`, REFUSED[mail.hostile.reason].replace('{name}', `„${mail.hostile.name}“`));
      let scan;
      try {
        scan = await p.scanner.scan(Buffer.from(content.bytes));
      } catch {
        c.reply.code(503);
        return inbox(c, form, { datei: 'Die Datei konnte nicht auf Schadsoftware geprüft werden. Es wurde nichts gespeichert. Bitte versuchen Sie es später noch einmal.' });
      }
      if (!scan.clean) return refuse('virus', REFUSED.virus);
      const kind = mail ? 'email' : 'letter';
      const sender = form.absender || mail?.from || '';
      if (kind === 'letter' && !sender) errors.absender = 'Bitte geben Sie den Absender des Briefes an.';
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return inbox(c, form, { ...errors, datei: 'Bitte wählen Sie die Datei noch einmal aus. Sie wurde noch nicht gespeichert.' });
      }
      const res = await receiveInbound(p.db, {
        tenantId,
        actorId: c.user!.id,
        now: c.now,
        requestKey: key,
        kind,
        // The bytes exactly as they arrived; the name is only made safe for storage and downloads.
        original: { name: content.name, mime: content.mime, bytes: up!.bytes },
        sender: sender.slice(0, INBOUND_LIMITS.sender),
        subject: (form.betreff || mail?.subject || '').slice(0, INBOUND_LIMITS.subject),
        sentAt: mail?.sentAt ?? null,
        text: content.text,
        textStatus: content.textStatus,
        attachments: mail?.attachments ?? [],
      });
      c.redirect(`${inboxBase(c)}/${res.id}`, 'cases.inboundReceived');
    },
  });

  r.route({ method: 'GET', url: `${BASE}/:id`, policy: inboundPolicy, module: M, handler: async (c) => showItem(c, await loadItem(c)) });

  r.route({
    method: 'GET',
    url: `${BASE}/:id/original`,
    policy: inboundPolicy,
    module: M,
    handler: async (c) => {
      const item = await loadItem(c);
      const f = await fileContent(p.db, c.tenant!.id, item.storedFileId);
      if (!f) throw notFound();
      c.reply.header('Content-Disposition', attachmentHeader(f.name));
      c.reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
      return void c.reply.type(f.mime).send(f.content);
    },
  });

  r.route({
    method: 'GET',
    url: `${BASE}/:id/vorschau`,
    policy: inboundPolicy,
    module: M,
    handler: async (c) => {
      const item = await loadItem(c);
      // Only checked PNG and JPEG scans are shown inline; PDFs and e-mails are never rendered in the portal's origin.
      if (item.mime !== 'image/png' && item.mime !== 'image/jpeg') throw notFound();
      const f = await fileContent(p.db, c.tenant!.id, item.storedFileId);
      if (!f) throw notFound();
      c.reply.header('Content-Disposition', 'inline');
      c.reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
      return void c.reply.type(item.mime).send(f.content);
    },
  });

  r.route({
    method: 'POST',
    url: `${BASE}/:id/zuordnen`,
    policy: inboundPolicy,
    module: M,
    handler: async (c) => {
      const item = await loadItem(c);
      const caseId = str(c.body, 'vorgang', 40);
      if (!isUuid(caseId)) {
        c.reply.code(422);
        return showItem(c, item, { errors: { vorgang: 'Bitte suchen Sie den Vorgang und wählen Sie ihn mit „Zuordnen“ aus.' } });
      }
      return afterAssign(c, item, await assignInbound(p.db, { tenantId: c.tenant!.id, actor: { id: c.user!.id, roles: c.user!.roles }, itemId: item.id, target: { kind: 'case', caseId }, now: c.now }));
    },
  });

  r.route({
    method: 'POST',
    url: `${BASE}/:id/akte`,
    policy: inboundPolicy,
    module: M,
    handler: async (c) => {
      const item = await loadItem(c);
      const number = str(c.body, 'akte', 60).trim();
      const file = /^[0-9.]{1,30}-\d{4}-\d{1,9}$/.test(number) ? await recordFileByNumber(p.db, c.tenant!.id, number) : undefined;
      if (!file) {
        c.reply.code(422);
        return showItem(c, item, { forms: { akte: number }, errors: { akte: number ? 'Eine Akte mit diesem Aktenzeichen gibt es nicht.' : 'Bitte geben Sie das Aktenzeichen der Akte an.' } });
      }
      return afterAssign(c, item, await assignInbound(p.db, { tenantId: c.tenant!.id, actor: { id: c.user!.id, roles: c.user!.roles }, itemId: item.id, target: { kind: 'file', fileId: file.id }, now: c.now }), { akte: number });
    },
  });

  r.route({
    method: 'POST',
    url: `${BASE}/:id/vorgang`,
    policy: inboundPolicy,
    module: M,
    handler: async (c) => {
      const item = await loadItem(c);
      const types = (await listTypes(p.db, c.tenant!.id)).filter((t) => t.active && t.planItemId);
      const { form, errors } = parseNewCaseFromInbound(c.body, types.map((t) => t.id));
      // A second click after the first one filed it: say so, instead of complaining about the form.
      if (item.status === 'new' && Object.keys(errors).length) {
        c.reply.code(422);
        return showItem(c, item, { forms: form, errors });
      }
      const res = await assignInbound(p.db, {
        tenantId: c.tenant!.id,
        actor: { id: c.user!.id, roles: c.user!.roles },
        itemId: item.id,
        target: { kind: 'new', typeId: form.typ, subject: form.betreff, party: form.beteiligte },
        now: c.now,
      });
      return afterAssign(c, item, res, form);
    },
  });

  // Postausgang: letters waiting for postal dispatch and their print batches.
  const PRINT = '/:tenant/verwaltung/vorgaenge/druck';
  const printView = async (c: Ctx, o: { shown?: PrintBatch; notice?: SafeHtml } = {}) => {
    const tenantId = c.tenant!.id;
    const [pending, batches, shownLetters] = await Promise.all([
      pendingPrintLetters(p.db, tenantId, BATCH_MAX + 1),
      listBatches(p.db, tenantId, 20),
      o.shown ? lettersOfBatch(p.db, tenantId, o.shown.id) : Promise.resolve([]),
    ]);
    return printPage(c, {
      pending: pending.slice(0, BATCH_MAX),
      more: pending.length > BATCH_MAX,
      batches,
      key: newToken(),
      ...(o.shown ? { shown: { batch: o.shown, letters: shownLetters } } : {}),
      ...(o.notice ? { notice: o.notice } : {}),
    });
  };
  r.route({
    method: 'GET',
    url: PRINT,
    policy: inboundPolicy,
    module: M,
    handler: async (c) => {
      const id = c.query.stapel;
      const shown = isUuid(id) ? await batchById(p.db, c.tenant!.id, id) : undefined;
      if (id !== undefined && !shown) throw notFound();
      return printView(c, shown ? { shown } : {});
    },
  });
  r.route({
    method: 'POST',
    url: PRINT,
    policy: inboundPolicy,
    module: M,
    handler: async (c) => {
      const res = await createPrintBatch(p.db, { tenant: c.tenant!, actorId: c.user!.id, requestKey: requestKey(c.body), now: c.now });
      if (res.ok) return c.redirect(`${printBase(c)}?stapel=${res.batchId}`, 'cases.batchCreated');
      c.reply.code(409);
      return printView(c, {
        notice: alert('warning', res.reason === 'empty'
          ? 'Es warten keine Schreiben auf den Postversand (vielleicht hat eine Kollegin den Druckstapel gerade erstellt). Es wurde kein Druckstapel erstellt.'
          : 'Inzwischen wurden einige Schreiben in einen anderen Druckstapel übernommen. Es wurde nichts geändert. Bitte prüfen Sie die Liste und erstellen Sie den Druckstapel erneut.'),
      });
    },
  });
  r.route({
    method: 'GET',
    url: `${PRINT}/:id`,
    policy: inboundPolicy,
    module: M,
    handler: async (c) => {
      const b = isUuid(c.params.id) ? await batchById(p.db, c.tenant!.id, c.params.id) : undefined;
      const f = b?.storedFileId ? await fileContent(p.db, c.tenant!.id, b.storedFileId) : undefined;
      if (!b || !f) throw notFound();
      c.reply.header('Content-Disposition', attachmentHeader(f.name));
      c.reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
      return void c.reply.type('application/pdf').send(f.content);
    },
  });
}
