import { findTenantById, findUserById, type JobHandler, type Platform } from '../../kernel/index.ts';
import { describeSubmission } from '../forms/index.ts';
import { newVerifyToken, postToCitizen, type OutgoingDocument } from '../postbox/index.ts';
import { noticePdf, permitPdf, receiptPdf } from './documents.ts';
import { addEvent, applicationById, setThread } from './repository.ts';

async function context(p: Platform, tenantId: string, applicationId: string) {
  const [tenant, app] = await Promise.all([findTenantById(p.db, tenantId), applicationById(p.db, tenantId, applicationId)]);
  if (!tenant || !app) return undefined;
  const [user, sub] = await Promise.all([findUserById(p.db, tenantId, app.userId), describeSubmission(p.db, tenantId, app.submissionId, 'de')]);
  if (!user || !sub) return undefined;
  return { tenant, app, user, sub, name: String(sub.data.name ?? user.displayName ?? '') || user.email };
}

/** Renders the receipt (Eingangsbestätigung) and delivers it into the postbox. Rendering happens outside the transaction. */
export function receiptHandler(p: Platform): JobHandler {
  return async (job) => {
    const ctx = await context(p, job.tenant_id!, String(job.payload.applicationId));
    if (!ctx) return;
    const pdf = await receiptPdf(p, { tenant: ctx.tenant, app: ctx.app, name: ctx.name, data: ctx.sub.data, rows: ctx.sub.rows });
    const now = p.clock.now();
    await p.db.transaction(async (tx) => {
      const fresh = await applicationById(tx, ctx.tenant.id, ctx.app.id);
      const posted = await postToCitizen(tx, {
        tenantId: ctx.tenant.id,
        userId: ctx.app.userId,
        subject: `Ihr Antrag ${ctx.app.number}: ${ctx.app.title}`,
        reference: ctx.app.number,
        body: `Ihr Antrag ist bei uns eingegangen. Die Eingangsbestätigung finden Sie im Anhang.`,
        ...(fresh?.threadId ? { threadId: fresh.threadId } : {}),
        authorId: null,
        documents: [{ name: `Eingangsbestaetigung-${ctx.app.number}.pdf`, bytes: pdf, kind: 'receipt', title: `Eingangsbestätigung ${ctx.app.number}` }],
        now,
      });
      await setThread(tx, ctx.tenant.id, ctx.app.id, posted.threadId);
      await addEvent(tx, { tenantId: ctx.tenant.id, applicationId: ctx.app.id, kind: 'document', status: fresh?.status ?? 'received', actorKind: 'system', note: 'Eingangsbestätigung im Postfach', now });
    });
  };
}

function addYear(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Renders the notice (and, for an approved Bewohnerparkausweis, the permit) and provides them in the postbox. */
export function noticeHandler(p: Platform): JobHandler {
  return async (job) => {
    const ctx = await context(p, job.tenant_id!, String(job.payload.applicationId));
    if (!ctx || !ctx.app.decision) return;
    const base = `${p.config.baseUrl}/${ctx.tenant.slug}/pruefen`;
    const now = p.clock.now();
    const noticeToken = newVerifyToken();
    const docs: OutgoingDocument[] = [
      {
        name: `Bescheid-${ctx.app.number}.pdf`,
        bytes: await noticePdf(p, { tenant: ctx.tenant, app: ctx.app, name: ctx.name, data: ctx.sub.data, verifyUrl: `${base}/${noticeToken}`, date: now }),
        kind: 'notice',
        title: `Bescheid ${ctx.app.number}`,
        notice: { subject: `Bescheid: ${ctx.app.title}`, reference: ctx.app.number, verifyToken: noticeToken, publicDetails: { Entscheidung: ctx.app.decision === 'approved' ? 'stattgegeben' : 'abgelehnt' } },
      },
    ];
    const plate = typeof ctx.sub.data.kennzeichen === 'string' ? ctx.sub.data.kennzeichen.toUpperCase() : undefined;
    const from = typeof ctx.sub.data.beginn === 'string' ? ctx.sub.data.beginn : undefined;
    if (ctx.app.decision === 'approved' && ctx.app.serviceSlug === 'bewohnerparkausweis' && plate && from) {
      const permitToken = newVerifyToken();
      const until = addYear(from);
      docs.push({
        name: `Bewohnerparkausweis-${ctx.app.number}.pdf`,
        bytes: await permitPdf(p, { tenant: ctx.tenant, app: ctx.app, plate, from, until, verifyUrl: `${base}/${permitToken}` }),
        kind: 'permit',
        title: `Bewohnerparkausweis ${plate}`,
        notice: { subject: 'Bewohnerparkausweis', reference: ctx.app.number, verifyToken: permitToken, publicDetails: { Kennzeichen: plate, 'Gültig ab': from.split('-').reverse().join('.'), 'Gültig bis': until.split('-').reverse().join('.'), Parkzone: ctx.tenant.city } },
      });
    }
    await p.db.transaction(async (tx) => {
      const fresh = await applicationById(tx, ctx.tenant.id, ctx.app.id);
      const posted = await postToCitizen(tx, {
        tenantId: ctx.tenant.id,
        userId: ctx.app.userId,
        subject: `Ihr Antrag ${ctx.app.number}: ${ctx.app.title}`,
        reference: ctx.app.number,
        body: ctx.app.decision === 'approved' ? 'Wir haben über Ihren Antrag entschieden. Den Bescheid finden Sie im Anhang.' : 'Wir haben über Ihren Antrag entschieden. Den Bescheid mit der Begründung finden Sie im Anhang.',
        ...(fresh?.threadId ? { threadId: fresh.threadId } : {}),
        authorId: null,
        documents: docs,
        now,
      });
      await setThread(tx, ctx.tenant.id, ctx.app.id, posted.threadId);
      await addEvent(tx, { tenantId: ctx.tenant.id, applicationId: ctx.app.id, kind: 'document', status: fresh?.status ?? 'decided', actorKind: 'system', note: 'Bescheid im Postfach', now });
      // The case that handles the application files the notice (and permit) into its E-Akte, in this transaction.
      await p.emit(tx, 'application.notice_issued', {
        tenantId: ctx.tenant.id,
        applicationId: ctx.app.id,
        number: ctx.app.number,
        decision: ctx.app.decision,
        documents: docs.map((d) => ({ name: d.name, mime: 'application/pdf', bytes: d.bytes, title: d.title, kind: d.kind })),
        now,
      });
    });
  };
}
