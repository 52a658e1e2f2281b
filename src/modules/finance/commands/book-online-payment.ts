import { findUserById, type Tx } from '../../../kernel/index.ts';
import { paymentsOfApplication } from '../../payments/index.ts';
import { berlinDay } from '../money.ts';
import { claimBySource, debtorsOfUser, insertDebtor } from '../repository.ts';
import { bookPayment, type BookingResult } from './book-payment.ts';
import { createClaim } from './create-claim.ts';

/**
 * Reacts to the payments module's `payment.status` event (in its transaction): a verified online payment of an
 * application fee becomes a booking on the fee's claim. Without a claim yet, the fee claim is created first, with the
 * payment's Kassenzeichen. Exactly once: the source key `online_payment:<payment id>` is unique.
 */
export async function bookOnlinePayment(tx: Tx, e: Record<string, unknown>): Promise<BookingResult | undefined> {
  if (e.status !== 'PAYED' || typeof e.applicationId !== 'string' || typeof e.paymentId !== 'string' || typeof e.tenantId !== 'string') return undefined;
  const tenantId = e.tenantId;
  const now = e.now instanceof Date ? e.now : new Date(String(e.now));
  const payment = (await paymentsOfApplication(tx, tenantId, e.applicationId)).find((x) => x.id === e.paymentId);
  if (!payment || payment.status !== 'PAYED') return undefined;
  let claim = await claimBySource(tx, tenantId, 'application', e.applicationId);
  if (!claim) {
    let debtorId = (await debtorsOfUser(tx, tenantId, payment.userId))[0]?.id;
    if (!debtorId) {
      const user = await findUserById(tx, tenantId, payment.userId);
      debtorId = await insertDebtor(tx, { tenantId, kind: 'person', name: (user?.displayName || user?.email || 'Unbekannt').slice(0, 200), street: '', postalCode: '', city: '', userId: payment.userId, ibans: [], now });
    }
    const today = berlinDay(now);
    const created = await createClaim(tx, {
      tenantId,
      actorId: null,
      actorKind: 'system',
      now,
      debtor: { id: debtorId },
      type: 'fee',
      title: payment.purpose.length >= 2 ? payment.purpose : `Gebühr ${payment.kassenzeichen}`,
      year: Number(today.slice(0, 4)),
      instalments: [{ dueDate: today, amountCents: payment.amountCents }],
      source: 'application',
      sourceRef: e.applicationId,
      kassenzeichen: payment.kassenzeichen,
    });
    if (!created.ok) throw new Error(`fee claim for payment ${payment.id} refused: ${created.reason}`);
    claim = (await claimBySource(tx, tenantId, 'application', e.applicationId))!;
  }
  return bookPayment(tx, {
    tenantId,
    claimId: claim.id,
    cents: payment.amountCents,
    source: 'online_payment',
    sourceKey: `online_payment:${payment.id}`,
    reference: payment.kassenzeichen,
    valueDate: berlinDay(now),
    actorId: null,
    actorKind: 'system',
    now,
  });
}
