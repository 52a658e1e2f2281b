import { audit, enqueueJob, type Platform, type Tx, type User } from '../../../kernel/index.ts';
import { postToCitizen } from '../../postbox/index.ts';
import { addEvent, applicationById, applicationByThread, setThread, updateStatus, type Application } from '../repository.ts';
import { TRANSITIONS, type Action } from '../status.ts';
import { NOTICE_JOB } from './receive.ts';

export type ActionResult = 'ok' | 'conflict' | 'not_allowed';

export interface StepOptions {
  tenantId: string;
  /** The staff member who takes the step (null for the system). */
  actorId: string | null;
  app: Application;
  action: Action;
  /** The version the actor saw; a stale one changes nothing. */
  version: number;
  question?: string;
  decision?: 'approved' | 'rejected';
  reason?: string;
  feeCents?: number | null;
  now: Date;
}

/**
 * One step on an application inside the caller's transaction: take over, ask a question (Rückfrage,
 * delivered into the citizen's postbox), decide (the notice is produced by a job), close, resume after a
 * question. Only from the version the actor saw, and only along the allowed transitions; on 'conflict' and
 * 'not_allowed' nothing was written. The clerk pages and the cases module (Vorgang) both go through here.
 */
export async function applyStep(tx: Tx, o: StepOptions): Promise<ActionResult> {
  const t = TRANSITIONS[o.action];
  if (!t || !t.from.includes(o.app.status)) return 'not_allowed';
  const ok = await updateStatus(tx, {
    tenantId: o.tenantId,
    id: o.app.id,
    version: o.version,
    status: t.to,
    ...(o.action === 'decide' ? { decision: o.decision!, reason: o.reason ?? '', ...(o.feeCents !== undefined ? { feeCents: o.feeCents } : {}) } : {}),
    now: o.now,
  });
  if (!ok) return 'conflict';
  if (o.action === 'query') {
    const posted = await postToCitizen(tx, {
      tenantId: o.tenantId,
      userId: o.app.userId,
      subject: `Ihr Antrag ${o.app.number}: ${o.app.title}`,
      reference: o.app.number,
      body: o.question!,
      ...(o.app.threadId ? { threadId: o.app.threadId } : {}),
      authorId: o.actorId,
      now: o.now,
    });
    await setThread(tx, o.tenantId, o.app.id, posted.threadId);
  }
  const kind = o.action === 'query' ? 'query' : o.action === 'decide' ? 'decision' : 'status';
  const note = o.action === 'decide' ? (o.decision === 'approved' ? 'stattgegeben' : 'abgelehnt') : '';
  await addEvent(tx, { tenantId: o.tenantId, applicationId: o.app.id, kind, status: t.to, actorKind: o.actorId ? 'staff' : 'system', note, now: o.now });
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: o.actorId ? 'staff' : 'system', action: `application.${o.action}`, objectType: 'application', objectId: o.app.id, details: { status: t.to, ...(o.decision ? { decision: o.decision } : {}) } }, o.now);
  if (o.action === 'decide') await enqueueJob(tx, { tenantId: o.tenantId, kind: NOTICE_JOB, payload: { applicationId: o.app.id }, runAt: o.now, idempotencyKey: `notice:${o.app.id}` });
  return 'ok';
}

/** A clerk's action on the application pages: one step in its own transaction. */
export async function clerkAction(
  p: Platform,
  o: { tenantId: string; actor: User; app: Application; action: Action; version: number; question?: string; decision?: 'approved' | 'rejected'; reason?: string; feeCents?: number | null; now: Date },
): Promise<ActionResult> {
  const { actor, ...rest } = o;
  return p.db.transaction((tx) => applyStep(tx, { ...rest, actorId: actor.id }));
}

/**
 * A step on an application taken by another module (the case that handles it), in that module's transaction,
 * from the application's current version.
 */
export async function applicationStep(tx: Tx, o: Omit<StepOptions, 'app' | 'version'> & { applicationId: string }): Promise<ActionResult> {
  const app = await applicationById(tx, o.tenantId, o.applicationId);
  if (!app) return 'not_allowed';
  const { applicationId: _id, ...rest } = o;
  return applyStep(tx, { ...rest, app, version: app.version });
}

/**
 * The citizen answered in the application's thread: a pending Rückfrage is answered, the clerk continues.
 * `application.answered` tells the case that handles it (if any) to resume its deadline.
 */
export async function onCitizenReply(tx: Tx, payload: Record<string, unknown>, emit?: Platform['emit']): Promise<void> {
  const tenantId = String(payload.tenantId);
  const now = payload.now as Date;
  const app = await applicationByThread(tx, tenantId, String(payload.threadId));
  if (!app || app.status !== 'query') return;
  if (await updateStatus(tx, { tenantId, id: app.id, version: app.version, status: 'in_progress', now })) {
    await addEvent(tx, { tenantId, applicationId: app.id, kind: 'answer', status: 'in_progress', actorKind: 'citizen', now });
    await emit?.(tx, 'application.answered', { tenantId, applicationId: app.id, number: app.number, now });
  }
}
