import { randomBytes } from 'node:crypto';
import { audit, enqueueJob, type Platform, type User } from '../../../kernel/index.ts';
import { kassenzeichen } from '../kassenzeichen.ts';
import { insertPayment, nextSeq, openPaymentOf, paymentByProviderTx, recordNotification, setProviderTx, transition, type PaymentStatus } from '../repository.ts';
import { initiate, merchantSecret, TESTKASSE, verify, type ProviderNotification } from '../testkasse.ts';

/**
 * Starts (or resumes) the payment of an application at the provider and returns where to send the
 * citizen. A second click reuses the open payment; a paid application is not charged twice.
 */
export async function startPayment(
  p: Platform,
  o: { tenantId: string; tenantSlug: string; user: User; applicationId: string; amountCents: number; purpose: string; now: Date },
): Promise<{ redirectUrl: string } | { alreadyPaid: true }> {
  const existing = await openPaymentOf(p.db, o.tenantId, o.applicationId);
  if (existing?.status === 'PAYED') return { alreadyPaid: true };
  let payment = existing;
  if (!payment) {
    const id = await p.db.transaction(async (tx) => {
      const again = await openPaymentOf(tx, o.tenantId, o.applicationId);
      if (again) return again.id;
      const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(o.now));
      const kz = kassenzeichen(year, await nextSeq(tx, o.tenantId, year));
      const pid = await insertPayment(tx, { tenantId: o.tenantId, userId: o.user.id, applicationId: o.applicationId, purpose: o.purpose.slice(0, 140), amountCents: o.amountCents, kassenzeichen: kz, provider: TESTKASSE, now: o.now });
      await audit(tx, { tenantId: o.tenantId, actorId: o.user.id, actorKind: 'citizen', action: 'payment.started', objectType: 'payment', objectId: pid, details: { amount: o.amountCents } }, o.now);
      // If the provider's notification never arrives, the status is asked for later.
      await enqueueJob(tx, { tenantId: o.tenantId, kind: RECONCILE_JOB, payload: { paymentId: pid, attempt: 1 }, runAt: new Date(o.now.getTime() + 15 * 60_000), idempotencyKey: `reconcile:${pid}:1` });
      return pid;
    });
    payment = (await openPaymentOf(p.db, o.tenantId, o.applicationId)) ?? undefined;
    if (!payment || payment.id !== id) payment = (await openPaymentOf(p.db, o.tenantId, o.applicationId))!;
  }
  const { txId, redirectUrl } = await initiate(p, {
    tenantId: o.tenantId,
    amountCents: payment.amountCents,
    purpose: payment.purpose,
    reference: payment.kassenzeichen,
    notifyUrl: `${p.config.baseUrl}/zahlung/benachrichtigung`,
    returnUrl: `${p.config.baseUrl}/${o.tenantSlug}/zahlung/${payment.id}`,
    now: o.now,
  });
  await p.db.transaction(async (tx) => {
    if (payment!.providerTxId) return;
    await setProviderTx(tx, o.tenantId, payment!.id, txId);
  });
  const fresh = await openPaymentOf(p.db, o.tenantId, o.applicationId);
  // If another click attached its own transaction first, send the citizen to that one.
  return { redirectUrl: fresh?.providerTxId && fresh.providerTxId !== txId ? `${p.config.baseUrl}/testkasse/zahlung/${fresh.providerTxId}` : redirectUrl };
}

export const RECONCILE_JOB = 'payments.reconcile';

export type NotificationOutcome = 'applied' | 'duplicate' | 'bad_signature' | 'unknown_payment' | 'mismatch' | 'stale' | 'final';

/**
 * Applies a provider notification: signature first, then replay, then amount and reference, then
 * the state machine. Everything is recorded; only a verified notification changes a payment.
 */
export async function handleNotification(p: Platform, n: ProviderNotification, signature: string, now: Date): Promise<NotificationOutcome> {
  const valid = verify(merchantSecret(p), n, signature);
  const payment = valid ? await paymentByProviderTx(p.db, TESTKASSE, n.txId) : undefined;
  const age = Math.abs(now.getTime() - Date.parse(n.timestamp));
  return p.db.transaction(async (tx) => {
    const outcome: NotificationOutcome = !valid
      ? 'bad_signature'
      : !payment
        ? 'unknown_payment'
        : payment.amountCents !== n.amountCents || payment.kassenzeichen !== n.reference
          ? 'mismatch'
          : !(age < 3_600_000)
            ? 'stale'
            : 'applied';
    // Only verified notifications are deduplicated by their id; a forged one must not block the real one.
    const recordId = valid ? `v:${n.notificationId}` : `x:${randomBytes(12).toString('hex')}`;
    const fresh = await recordNotification(tx, { tenantId: payment?.tenantId ?? null, paymentId: payment?.id ?? null, notificationId: recordId, valid, outcome, now });
    if (!fresh) return 'duplicate';
    if (outcome !== 'applied' || !payment) return outcome;
    if (n.status === 'INITIAL') return 'applied';
    if (!(await transition(tx, payment.tenantId, payment.id, n.status as PaymentStatus, n.method, now))) return 'final';
    await audit(tx, { tenantId: payment.tenantId, actorId: null, actorKind: 'system', action: 'payment.status_changed', objectType: 'payment', objectId: payment.id, details: { status: n.status } }, now);
    await p.emit(tx, 'payment.status', { tenantId: payment.tenantId, paymentId: payment.id, applicationId: payment.applicationId, status: n.status, kassenzeichen: payment.kassenzeichen, now });
    return 'applied';
  });
}
