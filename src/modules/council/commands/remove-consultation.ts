import { audit, type Tx } from '../../../kernel/index.ts';
import { lockPaper, setConsultationPosition } from '../papers.repository.ts';
import { consultationById, consultationsOfPaper, softDelete, touch } from '../repository.ts';

/** Removes a step of the Beratungsfolge that is not yet on an agenda (soft: OParl reports it deleted); closes the gap. */
export async function removeConsultation(tx: Tx, o: { tenantId: string; actorId: string; now: Date; paperId: string; consultationId: string }): Promise<{ ok: true } | { ok: false; reason: 'not_found' | 'scheduled' }> {
  const paper = await lockPaper(tx, o.tenantId, o.paperId);
  const step = await consultationById(tx, o.tenantId, o.consultationId);
  if (!paper || !step || step.deletedAt || step.paperId !== paper.id) return { ok: false, reason: 'not_found' };
  if (step.meetingId || step.agendaItemId) return { ok: false, reason: 'scheduled' };
  await softDelete(tx, 'consultation', o.tenantId, step.id, o.now);
  const rest = await consultationsOfPaper(tx, o.tenantId, paper.id);
  for (let i = 0; i < rest.length; i++) if (rest[i]!.position !== i) await setConsultationPosition(tx, o.tenantId, rest[i]!.id, i, o.now);
  await touch(tx, 'paper', o.tenantId, [paper.id], o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.consultation_removed', objectType: 'council_consultation', objectId: step.id, details: { paperId: paper.id, bodyId: step.bodyId, role: step.role } }, o.now);
  return { ok: true };
}
