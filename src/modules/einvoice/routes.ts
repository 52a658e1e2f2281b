// Routes of the e-invoice back office and the intake API. Thin: load → check → one command → page or redirect.
//
// API for submitting systems: POST /api/v1/{tenant}/einvoices with the file as the raw body (Content-Type
// application/xml, text/xml or application/pdf). Authentication as for the administration API: the session of a
// staff user (roles admin, clerk or lead) and its CSRF token in the X-CSRF-Token header (every API answer to a
// signed-in user carries the current token in that header). The same bytes again answer 200 with the stored invoice.
import { fileContent, isUuid, notFound, policies, str, type Ctx, type FieldErrors, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { readInvoice } from './parse/index.ts';
import { addDays, berlinDay } from './deadlines.ts';
import { receiveInvoice, type IntakeRefusal, type ReceiveResult } from './commands/receive-invoice.ts';
import { amountChoices, decideStep, rejectInvoice, type StepResult } from './commands/decide-step.ts';
import { exportPayments, exportPlan } from './commands/export-payments.ts';
import { countsByState, exportById, invoiceById, listExports, listUnits, orderedInvoices, participants, stepsOf, TAB_STATES, worklist, type Invoice, type Tab } from './repository.ts';
import { addUnit } from './commands/add-unit.ts';
import { APPROVAL_STEPS, EINVOICE_UPLOAD_LIMIT, parseRejectForm, parseStepForm, parseUnitForm, versionOf, type ApprovalStep, type StepForm } from './schema.ts';
import { base, invoicePage, paymentsPage, refusal, unitsPage, uploadPage, worklistPage, type InvoiceView } from './views-staff.ts';
import { renderInvoiceHtml } from './view.ts';
import { renderInvoicePdf } from './view-pdf.ts';

const M = 'finance' as const;

/** Who sees the invoices: the approvers and the treasury. */
export const einvoiceReadPolicy = policies.staff('admin', 'clerk', 'lead', 'treasury');
/** Upload, rejection and the two Feststellungen. */
export const einvoiceWorkPolicy = policies.staff('admin', 'clerk', 'lead');
/** Sachlich richtig. */
export const sachlichPolicy = policies.staff('admin', 'clerk', 'lead');
/** Rechnerisch richtig. */
export const rechnerischPolicy = policies.staff('admin', 'lead', 'clerk');
/** Anordnung (payment order); the command refuses treasury staff even when they also hold one of these roles. */
export const anordnungPolicy = policies.staff('admin', 'lead');
/** Payment files for the bank. */
export const treasuryPolicy = policies.staff('admin', 'treasury');
export const einvoiceAdminPolicy = policies.staff('admin');

const STEP_POLICIES: Record<ApprovalStep, typeof sachlichPolicy> = { sachlich: sachlichPolicy, rechnerisch: rechnerischPolicy, anordnung: anordnungPolicy };
const STEP_FLASH = { sachlich: 'einvoice.stepDone', rechnerisch: 'einvoice.stepDone', anordnung: 'einvoice.ordered' } as const;
const REFUSAL_STATUS: Record<IntakeRefusal, number> = { empty: 422, 'too-large': 413, unreadable: 422, 'no-reference': 422, 'unknown-reference': 422, 'other-tenant': 422, duplicate: 409 };
const RAW_TYPES = new Set(['application/xml', 'text/xml', 'application/pdf']);
const TABS = Object.keys(TAB_STATES) as Tab[];

const actorOf = (c: Ctx) => ({ id: c.user!.id, roles: c.user!.roles });
/** A real calendar day written YYYY-MM-DD. */
const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && addDays(s, 0) === s;

/** Content-Disposition for a download: ASCII fallback plus the UTF-8 name (RFC 6266 / 5987). */
function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\w.() -]/g, '_').slice(0, 150) || 'datei';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name.slice(0, 200))}`;
}

/** The JSON the API answers for an invoice (stored or just received). */
function invoiceJson(p: Platform, c: Ctx, inv: Invoice, warnings: string[]) {
  return {
    id: inv.id,
    url: `${p.config.baseUrl}/${c.tenant!.slug}/verwaltung/erechnung/${inv.id}`,
    state: inv.state,
    number: inv.number,
    seller: inv.sellerName,
    buyerReference: inv.buyerReference,
    unit: { name: inv.unitName, leitwegId: inv.unitLeitwegId },
    currency: inv.currency,
    amountDue: inv.amountDue,
    dueDate: inv.dueDate,
    warnings,
    validation: inv.validation,
  };
}

export function einvoiceRoutes(r: Router, p: Platform): void {
  async function loadInvoice(c: Ctx): Promise<Invoice> {
    const inv = isUuid(c.params.id) ? await invoiceById(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!inv) throw notFound();
    return inv;
  }

  async function view(c: Ctx, inv: Invoice, extra: Partial<InvoiceView> = {}): Promise<SafeHtml> {
    const tenantId = c.tenant!.id;
    const [steps, original] = await Promise.all([stepsOf(p.db, tenantId, inv.id), fileContent(p.db, tenantId, inv.fileId)]);
    const read = original ? await readInvoice(new Uint8Array(original.content), original.name) : undefined;
    return invoicePage(c, { inv, steps, actor: actorOf(c), today: berlinDay(c.now), ...(read?.ok ? { readable: renderInvoiceHtml(read.invoice, { headingLevel: 3 }) } : {}), ...extra });
  }

  async function stepRefused(c: Ctx, res: Extract<StepResult, { ok: false }>): Promise<SafeHtml> {
    if (res.reason === 'not_found') throw notFound();
    c.reply.code(res.reason === 'forbidden' || res.reason === 'treasury' || res.reason === 'four_eyes' ? 403 : 409);
    return view(c, await loadInvoice(c), { notice: refusal(res.message) });
  }

  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/erechnung',
    policy: einvoiceReadPolicy,
    module: M,
    handler: async (c) => {
      const tab = (TABS as string[]).includes(c.query.ansicht ?? '') ? (c.query.ansicht as Tab) : 'offen';
      const [items, counts] = await Promise.all([worklist(p.db, c.tenant!.id, tab), countsByState(p.db, c.tenant!.id)]);
      return worklistPage(c, { tab, items, counts, roles: c.user!.roles, today: berlinDay(c.now) });
    },
  });

  // Intake by upload
  r.route({ method: 'GET', url: '/:tenant/verwaltung/erechnung/eingang', policy: einvoiceWorkPolicy, module: M, handler: (c) => uploadPage(c) });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/erechnung/eingang',
    policy: einvoiceWorkPolicy,
    module: M,
    uploadLimit: EINVOICE_UPLOAD_LIMIT,
    handler: async (c) => {
      const up = c.uploads.get('datei');
      if (!up || (up.bytes.length === 0 && !up.filename)) {
        c.reply.code(422);
        return uploadPage(c, { errors: { datei: 'Bitte wählen Sie eine Rechnungsdatei aus.' } });
      }
      const res = await receiveInvoice(p.db, { tenantId: c.tenant!.id, bytes: new Uint8Array(up.bytes), fileName: up.filename, channel: 'upload', actorId: c.user!.id, now: c.now });
      if (!res.ok) {
        c.reply.code(REFUSAL_STATUS[res.reason]);
        return uploadPage(c, { errors: { datei: res.message }, ...(res.duplicateOf ? { duplicateOf: res.duplicateOf } : {}) });
      }
      c.redirect(`${base(c)}/${res.invoice.id}`, res.status === 'existing' ? 'einvoice.existing' : res.invoice.state === 'invalid' ? 'einvoice.receivedInvalid' : 'einvoice.received');
    },
  });

  // Payment files (treasury)
  const payments = async (c: Ctx, o: { executionDate?: string; errors?: FieldErrors; notice?: SafeHtml } = {}) => {
    const tenantId = c.tenant!.id;
    const ordered = await orderedInvoices(p.db, tenantId);
    const plan = exportPlan(ordered, await participants(p.db, tenantId, ordered.map((i) => i.id)), c.user!.id, '9999-12-31');
    return paymentsPage(c, { ready: plan.take, own: plan.own, exports: await listExports(p.db, tenantId), executionDate: o.executionDate ?? berlinDay(c.now), ...(o.errors ? { errors: o.errors } : {}), ...(o.notice ? { notice: o.notice } : {}) });
  };
  r.route({ method: 'GET', url: '/:tenant/verwaltung/erechnung/zahlungen', policy: treasuryPolicy, module: M, handler: (c) => payments(c) });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/erechnung/zahlungen',
    policy: treasuryPolicy,
    module: M,
    handler: async (c) => {
      const date = str(c.body, 'ausfuehrung', 10).trim();
      if (!isDay(date)) {
        c.reply.code(422);
        return payments(c, { executionDate: date, errors: { ausfuehrung: 'Bitte geben Sie das Ausführungsdatum so an: 2026-11-30.' } });
      }
      const res = await exportPayments(p.db, { tenantId: c.tenant!.id, actor: actorOf(c), executionDate: date, now: c.now });
      if (!res.ok) {
        c.reply.code(res.reason === 'forbidden' ? 403 : res.reason === 'invalid' ? 422 : 409);
        return res.reason === 'invalid' && /Ausführungsdatum/.test(res.message) ? payments(c, { executionDate: date, errors: { ausfuehrung: res.message } }) : payments(c, { executionDate: date, notice: refusal(res.message) });
      }
      c.redirect(`${base(c)}/zahlungen`, 'einvoice.exported');
    },
  });
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/erechnung/zahlungen/:id',
    policy: treasuryPolicy,
    module: M,
    handler: async (c) => {
      const x = isUuid(c.params.id) ? await exportById(p.db, c.tenant!.id, c.params.id) : undefined;
      const f = x ? await fileContent(p.db, c.tenant!.id, x.fileId) : undefined;
      if (!f) throw notFound();
      c.reply.header('Content-Disposition', attachmentHeader(f.name));
      c.reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
      return void c.reply.type('application/xml; charset=utf-8').send(f.content);
    },
  });

  // Units and their Leitweg-IDs (administration)
  const emptyUnit = { name: '', leitweg: '', payerName: '', iban: '', bic: '' };
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/erechnung/dienststellen',
    policy: einvoiceAdminPolicy,
    module: M,
    handler: async (c) => unitsPage(c, { units: await listUnits(p.db, c.tenant!.id), form: { ...emptyUnit, payerName: c.tenant!.name } }),
  });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/erechnung/dienststellen',
    policy: einvoiceAdminPolicy,
    module: M,
    handler: async (c) => {
      const { form, errors, data } = parseUnitForm(c.body);
      const saved = data ? await addUnit(p.db, { tenantId: c.tenant!.id, actorId: c.user!.id, now: c.now, ...data }) : undefined;
      if (saved === 'taken') errors.leitweg = 'Diese Leitweg-ID (oder ihre Grob- und Feinadressierung) gehört schon einer Dienststelle in dieser Installation.';
      if (!saved || saved === 'taken') {
        c.reply.code(422);
        return unitsPage(c, { units: await listUnits(p.db, c.tenant!.id), form, errors });
      }
      c.redirect(`${base(c)}/dienststellen`, 'einvoice.unitSaved');
    },
  });

  // One invoice
  r.route({ method: 'GET', url: '/:tenant/verwaltung/erechnung/:id', policy: einvoiceReadPolicy, module: M, handler: async (c) => view(c, await loadInvoice(c)) });
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/erechnung/:id/original',
    policy: einvoiceReadPolicy,
    module: M,
    handler: async (c) => {
      const inv = await loadInvoice(c);
      const f = await fileContent(p.db, c.tenant!.id, inv.fileId);
      if (!f) throw notFound();
      c.reply.header('Content-Disposition', attachmentHeader(f.name));
      c.reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
      return void c.reply.type(f.mime).send(f.content);
    },
  });

  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/erechnung/:id/ansicht.pdf',
    policy: einvoiceReadPolicy,
    module: M,
    handler: async (c) => {
      const inv = await loadInvoice(c);
      const f = await fileContent(p.db, c.tenant!.id, inv.fileId);
      const read = f ? await readInvoice(new Uint8Array(f.content), f.name) : undefined;
      if (!read?.ok) throw notFound();
      const pdf = await renderInvoicePdf(read.invoice, { now: c.now });
      c.reply.header('Content-Disposition', attachmentHeader(`Rechnung-${inv.number || inv.id}-Ansicht.pdf`));
      c.reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
      return void c.reply.type('application/pdf').send(pdf);
    },
  });

  for (const step of APPROVAL_STEPS) {
    r.route({
      method: 'POST',
      url: `/:tenant/verwaltung/erechnung/:id/${step}`,
      policy: STEP_POLICIES[step],
      module: M,
      handler: async (c) => {
        const inv = await loadInvoice(c);
        const version = versionOf(c.body);
        const choices = step === 'anordnung' ? amountChoices(inv, berlinDay(c.now)).map((x) => x.key) : [];
        // The form is only checked when the step could go ahead; anything else goes to the command, which refuses (and audits).
        const checkable = inv.version === version && inv.state !== 'invalid';
        const parsed = parseStepForm(c.body, { amountChoices: checkable ? choices : [] });
        if (checkable && Object.keys(parsed.errors).length) {
          c.reply.code(422);
          return view(c, inv, { errors: parsed.errors, values: { step: parsed.form } });
        }
        const form: StepForm = parsed.form;
        const res = await decideStep(p.db, { tenantId: c.tenant!.id, actor: actorOf(c), invoiceId: inv.id, step, version, note: form.vermerk, ...(step === 'anordnung' ? { amount: form.betrag || 'voll' } : {}), now: c.now });
        if (!res.ok) return stepRefused(c, res);
        c.redirect(`${base(c)}/${inv.id}`, STEP_FLASH[step]);
      },
    });
  }

  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/erechnung/:id/zurueckweisen',
    policy: einvoiceWorkPolicy,
    module: M,
    handler: async (c) => {
      const inv = await loadInvoice(c);
      const { reason, errors } = parseRejectForm(c.body);
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return view(c, inv, { errors, values: { reason } });
      }
      const res = await rejectInvoice(p.db, { tenantId: c.tenant!.id, actor: actorOf(c), invoiceId: inv.id, version: versionOf(c.body), reason, now: c.now });
      if (!res.ok) return stepRefused(c, res);
      c.redirect(`${base(c)}/${inv.id}`, 'einvoice.rejected');
    },
  });

  // Intake by API (submitting systems)
  r.route({
    method: 'POST',
    url: '/api/v1/:tenant/einvoices',
    policy: einvoiceWorkPolicy,
    module: M,
    api: true,
    rawBody: true,
    bodyLimit: EINVOICE_UPLOAD_LIMIT,
    handler: async (c) => {
      const type = String(c.req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const body = c.req.body;
      if (!RAW_TYPES.has(type) || !Buffer.isBuffer(body)) {
        c.reply.code(415);
        return { error: { status: 415, title: 'Falscher Inhaltstyp', detail: 'Bitte senden Sie die Rechnung als Rohdaten mit Content-Type application/xml, text/xml oder application/pdf.', reference: c.ref } };
      }
      const name = typeof c.query.dateiname === 'string' && c.query.dateiname ? c.query.dateiname : type === 'application/pdf' ? 'rechnung.pdf' : 'rechnung.xml';
      const res: ReceiveResult = await receiveInvoice(p.db, { tenantId: c.tenant!.id, bytes: new Uint8Array(body), fileName: name, channel: 'api', actorId: c.user!.id, now: c.now });
      if (!res.ok) {
        c.reply.code(REFUSAL_STATUS[res.reason]);
        return {
          error: {
            status: REFUSAL_STATUS[res.reason],
            title: 'Rechnung nicht angenommen',
            detail: res.message,
            reason: res.reason,
            ...(res.code ? { code: res.code } : {}),
            ...(res.line !== undefined ? { line: res.line } : {}),
            ...(res.column !== undefined ? { column: res.column } : {}),
            ...(res.duplicateOf ? { duplicateOf: { id: res.duplicateOf.id, url: `${p.config.baseUrl}/${c.tenant!.slug}/verwaltung/erechnung/${res.duplicateOf.id}` } } : {}),
            reference: c.ref,
          },
        };
      }
      c.reply.code(res.status === 'created' ? 201 : 200);
      if (res.status === 'created') c.reply.header('Location', `/${c.tenant!.slug}/verwaltung/erechnung/${res.invoice.id}`);
      return { status: res.status, invoice: invoiceJson(p, c, res.invoice, res.warnings) };
    },
  });
}
