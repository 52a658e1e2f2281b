// How the back office follows the applications module: open the case, resume after the citizen's answer, file the notice.
import { audit, type Tx } from '../../../kernel/index.ts';
import { attachCase } from '../../applications/index.ts';
import { addDocument, fileById } from '../../records/index.ts';
import { activeTypeForService, caseBySource, insertEvent, statusBefore, typeById, updateCase, userName } from '../repository.ts';
import { initialState, stateOf, transitionsFrom } from '../workflow.ts';
import { berlinDay } from '../dates.ts';
import { openCase } from './open-case.ts';

/**
 * `application.received`: an application that clerks may work on opens a case of the type linked to its service,
 * in the same transaction. Delivered twice, it still opens one case (unique source record).
 */
export async function onApplicationReceived(tx: Tx, e: Record<string, unknown>): Promise<void> {
  const tenantId = String(e.tenantId);
  const applicationId = String(e.applicationId);
  const slug = typeof e.serviceSlug === 'string' ? e.serviceSlug : undefined;
  const type = slug ? await activeTypeForService(tx, tenantId, slug) : undefined;
  if (!type) return;
  const userId = typeof e.userId === 'string' ? e.userId : null;
  const party = userId ? ((await userName(tx, tenantId, userId)) ?? '') : '';
  const opened = await openCase(tx, {
    tenantId,
    typeId: type.id,
    subject: `${String(e.title)} – Antrag ${String(e.number)}`,
    party,
    citizenUserId: userId,
    source: 'portal',
    sourceRef: applicationId,
    actorId: null,
    now: e.now as Date,
  });
  await attachCase(tx, tenantId, applicationId, opened.id);
}

/**
 * `application.answered`: the citizen answered the Rückfrage in the postbox. The case leaves its waiting state (back
 * to where the question was asked), and the paused time is added to its deadline.
 */
export async function onApplicationAnswered(tx: Tx, e: Record<string, unknown>): Promise<void> {
  const tenantId = String(e.tenantId);
  const now = e.now as Date;
  const c = await caseBySource(tx, tenantId, 'portal', String(e.applicationId));
  if (!c || c.statusKind !== 'waiting') return;
  const type = await typeById(tx, tenantId, c.typeId);
  if (!type) return;
  const w = type.workflow;
  const before = await statusBefore(tx, tenantId, c.id, c.status);
  const back =
    (before && stateOf(w, before)?.kind === 'open' ? stateOf(w, before) : undefined) ??
    transitionsFrom(w, c.status).map((t) => stateOf(w, t.to)).find((s) => s?.kind === 'open') ??
    initialState(w);
  const dueAt = c.pausedSince ? new Date(c.dueAt.getTime() + Math.max(0, now.getTime() - c.pausedSince.getTime())) : c.dueAt;
  if (!(await updateCase(tx, tenantId, c.id, c.version, { status: back.key, statusKind: 'open', pausedSince: null, dueAt }, now))) return;
  await insertEvent(tx, { tenantId, caseId: c.id, at: now, actorId: null, kind: 'answered', fromStatus: c.status, toStatus: back.key, note: 'Antwort im Postfach eingegangen' });
  await audit(tx, { tenantId, actorId: null, actorKind: 'system', action: 'case.resumed', objectType: 'case', objectId: c.id, details: { from: c.status, to: back.key } }, now);
}

interface IssuedDocument {
  name: string;
  mime: string;
  bytes: Uint8Array;
  title: string;
}

/** `application.notice_issued`: the notice (and permit) delivered to the postbox are filed into the case's E-Akte as outgoing documents. */
export async function onNoticeIssued(tx: Tx, e: Record<string, unknown>): Promise<void> {
  const tenantId = String(e.tenantId);
  const now = e.now as Date;
  const c = await caseBySource(tx, tenantId, 'portal', String(e.applicationId));
  if (!c || !c.fileId) return;
  const docs = Array.isArray(e.documents) ? (e.documents as IssuedDocument[]) : [];
  const file = await fileById(tx, tenantId, c.fileId);
  if (!file || file.status !== 'open') {
    // The case was closed before the notice was produced; the postbox has it, the file is not reopened.
    await audit(tx, { tenantId, actorId: null, actorKind: 'system', action: 'case.document_not_filed', objectType: 'case', objectId: c.id, details: { documents: docs.length, fileStatus: file?.status ?? null } }, now);
    return;
  }
  for (const d of docs) {
    await addDocument(tx, {
      tenantId,
      fileId: file.id,
      caseId: c.id,
      title: d.title,
      direction: 'outgoing',
      correspondent: c.party,
      documentDate: berlinDay(now),
      subject: c.subject,
      content: { name: d.name, mime: d.mime, bytes: d.bytes },
      actorId: null,
      now,
    });
    await insertEvent(tx, { tenantId, caseId: c.id, at: now, actorId: null, kind: 'document', note: `${d.title} in die E-Akte übernommen und ins Postfach zugestellt` });
  }
}
