import { audit, enqueueJob, type Platform, type Tx } from '../../../kernel/index.ts';
import { feeFor, serviceBySlug } from '../../catalog/index.ts';
import { policyFor } from '../../payments/index.ts';
import { addEvent, insertApplication, nextNumber } from '../repository.ts';

export const RECEIPT_JOB = 'applications.receipt';
export const NOTICE_JOB = 'applications.notice';

/**
 * A submitted form becomes an application with the next number of the tenant's year (same transaction as the submission).
 * Once clerks may work on it (at once, or after the payment), `application.received` lets the back office open its case.
 */
export async function receiveApplication(
  tx: Tx,
  o: { tenantId: string; userId: string; submissionId: string; serviceSlug: string | null; title: string; now: Date; emit?: Platform['emit'] },
): Promise<string> {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(o.now));
  const { seq, number } = await nextNumber(tx, o.tenantId, year);
  const service = o.serviceSlug ? await serviceBySlug(tx, o.tenantId, o.serviceSlug, { all: true }) : undefined;
  const feeCents = service ? (feeFor(service.fee) ?? null) : null;
  // Services that are paid before submission wait for the payment before clerks see them.
  const status = feeCents && (await policyFor(tx, o.tenantId, o.serviceSlug)) === 'before' ? 'awaiting_payment' : 'received';
  const id = await insertApplication(tx, { tenantId: o.tenantId, number, year, seq, userId: o.userId, submissionId: o.submissionId, serviceSlug: o.serviceSlug, title: o.title, feeCents, status, now: o.now });
  await addEvent(tx, { tenantId: o.tenantId, applicationId: id, kind: 'status', status, actorKind: 'citizen', now: o.now });
  await audit(tx, { tenantId: o.tenantId, actorId: o.userId, actorKind: 'citizen', action: 'application.received', objectType: 'application', objectId: id, details: { number } }, o.now);
  await enqueueJob(tx, { tenantId: o.tenantId, kind: RECEIPT_JOB, payload: { applicationId: id }, runAt: o.now, idempotencyKey: `receipt:${id}` });
  if (status === 'received') await o.emit?.(tx, 'application.received', receivedEvent(o.tenantId, { id, number, serviceSlug: o.serviceSlug, title: o.title, userId: o.userId }, o.now));
  return id;
}

/** The payload of `application.received` (subscribers: the cases module opens the application's case). */
export function receivedEvent(tenantId: string, app: { id: string; number: string; serviceSlug: string | null; title: string; userId: string }, now: Date): Record<string, unknown> {
  return { tenantId, applicationId: app.id, number: app.number, serviceSlug: app.serviceSlug, title: app.title, userId: app.userId, now };
}
