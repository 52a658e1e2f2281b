import { audit, type ActorKind, type Tx } from '../../../kernel/index.ts';
import { isIsoDay } from '../money.ts';
import { applyLines, bookingById, bookingBySourceKey, claimById, insertBooking, linesOf, lockClaim, refreshClaim } from '../repository.ts';
import type { BookingResult } from './book-payment.ts';

/**
 * Takes a booking back in full: a return (Rücklastschrift, returned transfer) or a reversal of a wrong booking. The
 * instalments it had paid are open again; its credit part leaves the claim's credit. Each booking is taken back once.
 */
export async function reverseBooking(
  tx: Tx,
  o: { tenantId: string; bookingId: string; kind: 'return' | 'reversal'; sourceKey?: string; reference: string; valueDate: string; actorId: string | null; actorKind: ActorKind; now: Date },
): Promise<BookingResult> {
  const key = o.sourceKey ?? `${o.kind}:${o.bookingId}`;
  if (!isIsoDay(o.valueDate) || key.length > 200) return { ok: false, reason: 'invalid' };
  const original = await bookingById(tx, o.tenantId, o.bookingId);
  if (!original) return { ok: false, reason: 'not_found' };
  if (original.cents < 0) return { ok: false, reason: 'not_reversible' };
  await lockClaim(tx, o.tenantId, original.claimId);
  const seen = await bookingBySourceKey(tx, o.tenantId, key);
  if (seen) return seen.reversesId === original.id ? { ok: true, bookingId: seen.id, duplicate: true } : { ok: false, reason: 'invalid' };
  const fresh = (await bookingById(tx, o.tenantId, original.id))!;
  if (fresh.reversedBy) return { ok: false, reason: 'already_reversed' };
  const claim = (await claimById(tx, o.tenantId, original.claimId))!;
  const bookingId = await insertBooking(tx, { tenantId: o.tenantId, claimId: claim.id, debtorId: claim.debtorId, cents: -original.cents, source: o.kind, sourceKey: key, reference: o.reference.slice(0, 200), reversesId: original.id, valueDate: o.valueDate, actorId: o.actorId, now: o.now });
  if (!bookingId) return { ok: false, reason: 'already_reversed' };
  const lines = await linesOf(tx, o.tenantId, original.id);
  await applyLines(tx, o.tenantId, bookingId, lines.map((l) => ({ instalmentId: l.instalmentId, cents: -l.cents })));
  await refreshClaim(tx, o.tenantId, claim.id, o.now);
  await audit(
    tx,
    { tenantId: o.tenantId, actorId: o.actorId, actorKind: o.actorKind, action: o.kind === 'return' ? 'finance.booking_returned' : 'finance.booking_reversed', objectType: 'finance_claim', objectId: claim.id, details: { booking: bookingId, reverses: original.id, cents: -original.cents } },
    o.now,
  );
  return { ok: true, bookingId, duplicate: false };
}
