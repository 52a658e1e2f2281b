import { audit, isUuid, type FieldErrors, type Tx } from '../../../kernel/index.ts';
import { lockPerson, overlappingMembership } from '../admin.repository.ts';
import type { MembershipInput } from '../admin-schema.ts';
import { bodyById, insertMembership, membershipsOfBody, personById, touch } from '../repository.ts';
import { isoDayDe } from './dates.ts';

/**
 * Adds a person to a Gremium. Everything it names must belong to this tenant: the person, the Fraktion (a body of
 * kind `fraktion`) and the member deputised (a member of the same body). One person cannot hold two memberships of
 * the same body whose periods overlap.
 */
export async function addMembership(tx: Tx, o: { tenantId: string; actorId: string; now: Date; bodyId: string; input: MembershipInput }): Promise<{ ok: true; id: string } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'invalid'; errors: FieldErrors }> {
  const { tenantId, input: m } = o;
  const body = await bodyById(tx, tenantId, o.bodyId);
  if (!body || body.deletedAt) return { ok: false, reason: 'not_found' };
  const errors: FieldErrors = {};
  const person = isUuid(m.personId) ? await personById(tx, tenantId, m.personId) : undefined;
  if (!person || person.deletedAt) errors.personId = 'Bitte wählen Sie die Person aus der Liste.';
  if (m.fraktionId) {
    const f = isUuid(m.fraktionId) ? await bodyById(tx, tenantId, m.fraktionId) : undefined;
    if (!f || f.deletedAt || f.kind !== 'fraktion') errors.fraktionId = 'Bitte wählen Sie eine Fraktion aus der Liste. Als Fraktion kommen nur Gremien der Art „Fraktion“ in Frage.';
  }
  if (m.deputyOf) {
    const members = await membershipsOfBody(tx, tenantId, body.id);
    if (!isUuid(m.deputyOf) || m.deputyOf === m.personId || !members.some((x) => x.personId === m.deputyOf)) errors.deputyOf = 'Vertreten werden kann nur ein anderes Mitglied dieses Gremiums. Bitte wählen Sie es aus der Liste.';
  }
  if (Object.keys(errors).length) return { ok: false, reason: 'invalid', errors };
  if (!(await lockPerson(tx, tenantId, person!.id))) return { ok: false, reason: 'invalid', errors: { personId: 'Bitte wählen Sie die Person aus der Liste.' } };
  const clash = await overlappingMembership(tx, tenantId, { personId: person!.id, bodyId: body.id, startDate: m.startDate, endDate: m.endDate, exceptId: null });
  if (clash) {
    const period = `${isoDayDe(clash.startDate)} bis ${clash.endDate ? isoDayDe(clash.endDate) : 'heute (ohne Ende)'}`;
    return { ok: false, reason: 'invalid', errors: { startDate: `Die Person ist in diesem Zeitraum schon Mitglied dieses Gremiums (${period}). Zwei Mitgliedschaften im selben Gremium dürfen sich nicht überschneiden.` } };
  }
  const id = await insertMembership(tx, tenantId, { personId: person!.id, bodyId: body.id, role: m.role, fraktionId: m.fraktionId, votingRight: m.votingRight, deputyOf: m.deputyOf, startDate: m.startDate, endDate: m.endDate }, o.now);
  // Person and Organization list their memberships: both change for OParl clients.
  await touch(tx, 'person', tenantId, [person!.id], o.now);
  await touch(tx, 'body', tenantId, [body.id], o.now);
  await audit(tx, { tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.membership_added', objectType: 'council_membership', objectId: id,
    details: { personId: person!.id, bodyId: body.id, role: m.role, fraktionId: m.fraktionId, votingRight: m.votingRight, startDate: m.startDate, endDate: m.endDate } }, o.now);
  return { ok: true, id };
}
