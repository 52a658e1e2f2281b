import { audit, type Tx } from '../../../kernel/index.ts';
import { futureMeetingCount } from '../admin.repository.ts';
import { lockBody, membershipsOfBody, softDelete, touch } from '../repository.ts';

/**
 * Deletes a Gremium softly (OParl reports it as deleted). Refused while it has meetings ahead: those must be held,
 * cancelled or moved first. Its memberships go with it; the persons' `modified` is bumped because they embed them.
 */
export async function deleteBody(tx: Tx, o: { tenantId: string; actorId: string; now: Date; bodyId: string }): Promise<{ ok: true } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'future_meetings'; count: number }> {
  const body = await lockBody(tx, o.tenantId, o.bodyId);
  if (!body) return { ok: false, reason: 'not_found' };
  const count = await futureMeetingCount(tx, o.tenantId, body.id, o.now);
  if (count > 0) return { ok: false, reason: 'future_meetings', count };
  const memberships = await membershipsOfBody(tx, o.tenantId, body.id);
  for (const m of memberships) await softDelete(tx, 'membership', o.tenantId, m.id, o.now);
  await touch(tx, 'person', o.tenantId, [...new Set(memberships.map((m) => m.personId))], o.now);
  await softDelete(tx, 'body', o.tenantId, body.id, o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.body_deleted', objectType: 'council_body', objectId: body.id, details: { memberships: memberships.length } }, o.now);
  return { ok: true };
}
