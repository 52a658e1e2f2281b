import { audit, type FieldErrors, type Tx } from '../../../kernel/index.ts';
import { lockPerson, overlappingMembership } from '../admin.repository.ts';
import { endMembership as setEnd, membershipById, touch } from '../repository.ts';
import { isoDayDe } from './dates.ts';

/** Ends a membership on a day (not before its start, and without running into a later membership of the same body). */
export async function endMembership(tx: Tx, o: { tenantId: string; actorId: string; now: Date; membershipId: string; endDate: string }): Promise<{ ok: true; bodyId: string } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'invalid'; errors: FieldErrors }> {
  const m = await membershipById(tx, o.tenantId, o.membershipId);
  if (!m || m.deletedAt) return { ok: false, reason: 'not_found' };
  if (o.endDate < m.startDate) return { ok: false, reason: 'invalid', errors: { endDate: `Das Ende liegt vor dem Beginn der Mitgliedschaft (${isoDayDe(m.startDate)}).` } };
  await lockPerson(tx, o.tenantId, m.personId);
  const clash = await overlappingMembership(tx, o.tenantId, { personId: m.personId, bodyId: m.bodyId, startDate: m.startDate, endDate: o.endDate, exceptId: m.id });
  if (clash) return { ok: false, reason: 'invalid', errors: { endDate: `Mit diesem Ende überschneidet sich die Mitgliedschaft mit einer anderen im selben Gremium (ab ${isoDayDe(clash.startDate)}).` } };
  if (!(await setEnd(tx, o.tenantId, m.id, o.endDate, o.now))) return { ok: false, reason: 'not_found' };
  await touch(tx, 'person', o.tenantId, [m.personId], o.now);
  await touch(tx, 'body', o.tenantId, [m.bodyId], o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.membership_ended', objectType: 'council_membership', objectId: m.id, details: { endDate: o.endDate, previousEnd: m.endDate } }, o.now);
  return { ok: true, bodyId: m.bodyId };
}
