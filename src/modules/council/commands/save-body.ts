import { audit, type FieldErrors, type Tx } from '../../../kernel/index.ts';
import { bodyNameTaken, fraktionUseCount } from '../admin.repository.ts';
import { bodyById, insertBody, updateBody, type Body, type BodyData } from '../repository.ts';

/** Bodies that may be the parent of `selfId`: every other body except those below it (no cycles). */
export function allowedParents(bodies: readonly Pick<Body, 'id' | 'parentId'>[], selfId: string | null): string[] {
  if (!selfId) return bodies.map((b) => b.id);
  const below = new Set([selfId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const b of bodies) {
      if (b.parentId && below.has(b.parentId) && !below.has(b.id)) {
        below.add(b.id);
        grew = true;
      }
    }
  }
  return bodies.filter((b) => !below.has(b.id)).map((b) => b.id);
}

/**
 * Creates or saves a Gremium. Refuses a name the municipality already uses, a parent of another tenant, and turning a
 * Fraktion that memberships name into another kind of body.
 */
export async function saveBody(tx: Tx, o: { tenantId: string; actorId: string; now: Date; id?: string; data: BodyData }): Promise<{ ok: true; id: string } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'invalid'; errors: FieldErrors }> {
  const existing = o.id ? await bodyById(tx, o.tenantId, o.id) : undefined;
  if (o.id && (!existing || existing.deletedAt)) return { ok: false, reason: 'not_found' };
  const errors: FieldErrors = {};
  if (await bodyNameTaken(tx, o.tenantId, o.data.municipality ?? null, o.data.name, o.id ?? null)) errors.name = 'Ein Gremium mit diesem Namen gibt es in dieser Gemeinde schon.';
  if (o.data.parentId) {
    const parent = await bodyById(tx, o.tenantId, o.data.parentId);
    if (!parent || parent.deletedAt || parent.id === o.id) errors.parentId = 'Bitte wählen Sie ein übergeordnetes Gremium aus der Liste.';
  }
  if (existing?.kind === 'fraktion' && o.data.kind !== 'fraktion' && (await fraktionUseCount(tx, o.tenantId, existing.id)) > 0) {
    errors.kind = 'Diese Fraktion ist bei Mitgliedschaften als Fraktion eingetragen. Die Art kann deshalb nicht geändert werden.';
  }
  if (Object.keys(errors).length) return { ok: false, reason: 'invalid', errors };
  let id: string;
  if (existing) {
    if (!(await updateBody(tx, o.tenantId, existing.id, o.data, o.now))) return { ok: false, reason: 'not_found' };
    id = existing.id;
  } else {
    id = await insertBody(tx, o.tenantId, o.data, o.now);
  }
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: existing ? 'council.body_saved' : 'council.body_created', objectType: 'council_body', objectId: id,
    details: { kind: o.data.kind, parentId: o.data.parentId ?? null, legalMembers: o.data.legalMembers ?? null } }, o.now);
  return { ok: true, id };
}
