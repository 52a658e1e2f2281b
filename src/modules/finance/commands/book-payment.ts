import { audit, type ActorKind, type Tx } from '../../../kernel/index.ts';
import { allocateOldestFirst, isIsoDay, MAX_CENTS } from '../money.ts';
import { applyLines, bookingBySourceKey, claimById, insertBooking, instalmentsOf, lockClaim, refreshClaim, type BookingSource } from '../repository.ts';

export type PaymentSource = Extract<BookingSource, 'online_payment' | 'bank' | 'direct_debit' | 'manual'>;

export type BookingResult = { ok: true; bookingId: string; duplicate: boolean } | { ok: false; reason: 'not_found' | 'invalid' | 'not_reversible' | 'already_reversed' };

/**
 * Books money received on a claim: allocated to the oldest open instalment first, the rest stays as credit on the claim.
 * Idempotent by `sourceKey` (a replayed notification or a double submit books nothing and answers `duplicate`).
 */
export async function bookPayment(
  tx: Tx,
  o: { tenantId: string; claimId: string; cents: number; source: PaymentSource; sourceKey: string; reference: string; valueDate: string; actorId: string | null; actorKind: ActorKind; now: Date },
): Promise<BookingResult> {
  if (!Number.isSafeInteger(o.cents) || o.cents <= 0 || o.cents > MAX_CENTS || !isIsoDay(o.valueDate) || o.sourceKey.length < 3 || o.sourceKey.length > 200) return { ok: false, reason: 'invalid' };
  // One booking per claim at a time: allocation reads and changes the open amounts.
  if (!(await lockClaim(tx, o.tenantId, o.claimId))) return { ok: false, reason: 'not_found' };
  const seen = await bookingBySourceKey(tx, o.tenantId, o.sourceKey);
  if (seen) return { ok: true, bookingId: seen.id, duplicate: true };
  const claim = (await claimById(tx, o.tenantId, o.claimId))!;
  const bookingId = await insertBooking(tx, { tenantId: o.tenantId, claimId: claim.id, debtorId: claim.debtorId, cents: o.cents, source: o.source, sourceKey: o.sourceKey, reference: o.reference.slice(0, 200), reversesId: null, valueDate: o.valueDate, actorId: o.actorId, now: o.now });
  if (!bookingId) {
    const raced = await bookingBySourceKey(tx, o.tenantId, o.sourceKey);
    if (raced) return { ok: true, bookingId: raced.id, duplicate: true };
    throw new Error('booking could not be inserted');
  }
  const instalments = await instalmentsOf(tx, o.tenantId, claim.id);
  const { lines, creditCents } = allocateOldestFirst(instalments, o.cents);
  await applyLines(tx, o.tenantId, bookingId, lines);
  await refreshClaim(tx, o.tenantId, claim.id, o.now);
  await audit(
    tx,
    { tenantId: o.tenantId, actorId: o.actorId, actorKind: o.actorKind, action: 'finance.payment_booked', objectType: 'finance_claim', objectId: claim.id, details: { booking: bookingId, cents: o.cents, source: o.source, credit: creditCents } },
    o.now,
  );
  return { ok: true, bookingId, duplicate: false };
}
