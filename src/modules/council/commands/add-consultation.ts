import { audit, type FieldErrors, type Tx } from '../../../kernel/index.ts';
import { lockPaper, setConsultationPosition } from '../papers.repository.ts';
import { bodyById, consultationsOfPaper, insertConsultation, touch, type ConsultationRole } from '../repository.ts';

/**
 * Adds a step to the paper's Beratungsfolge at a position (null: at the end); later steps move down. The deciding
 * step is the authoritative one (OParl `authoritative`), and a paper has at most one.
 */
export async function addConsultation(tx: Tx, o: { tenantId: string; actorId: string; now: Date; paperId: string; bodyId: string; role: ConsultationRole; position: number | null }): Promise<{ ok: true; id: string } | { ok: false; reason: 'not_found' | 'withdrawn' } | { ok: false; reason: 'invalid'; errors: FieldErrors }> {
  const paper = await lockPaper(tx, o.tenantId, o.paperId);
  if (!paper) return { ok: false, reason: 'not_found' };
  if (paper.status === 'withdrawn') return { ok: false, reason: 'withdrawn' };
  const body = await bodyById(tx, o.tenantId, o.bodyId);
  if (!body || body.deletedAt) return { ok: false, reason: 'invalid', errors: { bodyId: 'Bitte wählen Sie das Gremium aus der Liste.' } };
  const steps = await consultationsOfPaper(tx, o.tenantId, paper.id);
  if (o.role === 'deciding' && steps.some((s) => s.role === 'deciding')) {
    return { ok: false, reason: 'invalid', errors: { role: 'Die Beratungsfolge hat schon ein entscheidendes Gremium. Entfernen Sie diesen Schritt zuerst, wenn ein anderes Gremium entscheiden soll.' } };
  }
  const at = o.position === null ? steps.length : Math.min(o.position, steps.length);
  // Positions 0..n-1 in path order, leaving a gap at `at` for the new step.
  for (let i = 0; i < steps.length; i++) {
    const want = i < at ? i : i + 1;
    if (steps[i]!.position !== want) await setConsultationPosition(tx, o.tenantId, steps[i]!.id, want, o.now);
  }
  const id = await insertConsultation(tx, o.tenantId, { paperId: paper.id, bodyId: body.id, position: at, role: o.role, authoritative: o.role === 'deciding' }, o.now);
  await touch(tx, 'paper', o.tenantId, [paper.id], o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.consultation_added', objectType: 'council_consultation', objectId: id,
    details: { paperId: paper.id, bodyId: body.id, role: o.role, position: at } }, o.now);
  return { ok: true, id };
}
