import { audit, enqueueJob, type Platform, type Tx, type User } from '../../../kernel/index.ts';
import { postToCitizen } from '../../postbox/index.ts';
import { addEvent, applicationByThread, setThread, updateStatus, type Application } from '../repository.ts';
import { TRANSITIONS, type Action } from '../status.ts';
import { NOTICE_JOB } from './receive.ts';

export type ActionResult = 'ok' | 'conflict' | 'not_allowed';

/**
 * One clerk action on an application: take over, ask a question (Rückfrage, delivered into the
 * citizen's postbox), decide (the notice is produced by a job), close. Only from the version the
 * clerk saw, and only along the allowed transitions.
 */
export async function clerkAction(
  p: Platform,
  o: { tenantId: string; actor: User; app: Application; action: Action; version: number; question?: string; decision?: 'approved' | 'rejected'; reason?: string; feeCents?: number | null; now: Date },
): Promise<ActionResult> {
  const t = TRANSITIONS[o.action]!;
  if (!t.from.includes(o.app.status)) return 'not_allowed';
  return p.db.transaction(async (tx) => {
    let threadId: string | undefined;
    if (o.action === 'query') {
      const posted = await postToCitizen(tx, {
        tenantId: o.tenantId,
        userId: o.app.userId,
        subject: `Ihr Antrag ${o.app.number}: ${o.app.title}`,
        reference: o.app.number,
        body: o.question!,
        ...(o.app.threadId ? { threadId: o.app.threadId } : {}),
        authorId: o.actor.id,
        now: o.now,
      });
      threadId = posted.threadId;
    }
    const ok = await updateStatus(tx, {
      tenantId: o.tenantId,
      id: o.app.id,
      version: o.version,
      status: t.to,
      ...(o.action === 'decide' ? { decision: o.decision!, reason: o.reason ?? '', ...(o.feeCents !== undefined ? { feeCents: o.feeCents } : {}) } : {}),
      now: o.now,
    });
    if (!ok) throw new ConflictSignal();
    if (threadId) await setThread(tx, o.tenantId, o.app.id, threadId);
    const kind = o.action === 'query' ? 'query' : o.action === 'decide' ? 'decision' : 'status';
    const note = o.action === 'decide' ? (o.decision === 'approved' ? 'stattgegeben' : 'abgelehnt') : '';
    await addEvent(tx, { tenantId: o.tenantId, applicationId: o.app.id, kind, status: t.to, actorKind: 'staff', note, now: o.now });
    await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: `application.${o.action}`, objectType: 'application', objectId: o.app.id, details: { status: t.to, ...(o.decision ? { decision: o.decision } : {}) } }, o.now);
    if (o.action === 'decide') await enqueueJob(tx, { tenantId: o.tenantId, kind: NOTICE_JOB, payload: { applicationId: o.app.id }, runAt: o.now, idempotencyKey: `notice:${o.app.id}` });
    return 'ok' as const;
  }).catch((e: unknown) => {
    if (e instanceof ConflictSignal) return 'conflict' as const;
    throw e;
  });
}

class ConflictSignal extends Error {}

/** The citizen answered in the application's thread: a pending Rückfrage is answered, the clerk continues. */
export async function onCitizenReply(tx: Tx, payload: Record<string, unknown>): Promise<void> {
  const tenantId = String(payload.tenantId);
  const now = payload.now as Date;
  const app = await applicationByThread(tx, tenantId, String(payload.threadId));
  if (!app || app.status !== 'query') return;
  if (await updateStatus(tx, { tenantId, id: app.id, version: app.version, status: 'in_progress', now })) {
    await addEvent(tx, { tenantId, applicationId: app.id, kind: 'answer', status: 'in_progress', actorKind: 'citizen', now });
  }
}
