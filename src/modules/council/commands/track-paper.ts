import { audit, type FieldErrors, type Tx } from '../../../kernel/index.ts';
import { lockPaper, moveTracking, setImplementationDue } from '../papers.repository.ts';
import type { PaperTracking, PaperType } from '../repository.ts';

/**
 * The tracking path of motions (Antrag) and questions (Anfrage):
 * Antrag: submitted → in_consultation (on an agenda) → resolved | rejected | noted; resolved → implemented (report).
 * Anfrage: submitted → in_consultation → answered (an answering Stellungnahme is released) | noted.
 * Final states have no way out; a wrong entry is corrected by the council office through a new paper, not silently.
 */
const NEXT: Record<'antrag' | 'anfrage', Partial<Record<PaperTracking, readonly PaperTracking[]>>> = {
  antrag: { submitted: ['in_consultation', 'resolved', 'rejected', 'noted'], in_consultation: ['resolved', 'rejected', 'noted'], resolved: ['implemented'] },
  anfrage: { submitted: ['in_consultation', 'answered', 'noted'], in_consultation: ['answered', 'noted'] },
};

/** Papers whose tracking is shown and kept. */
export const isTracked = (type: PaperType): type is 'antrag' | 'anfrage' => type === 'antrag' || type === 'anfrage';

/** The states a tracked paper may move to from `from` (empty for other paper types and final states). */
export function nextTrackingStates(type: PaperType, from: PaperTracking): readonly PaperTracking[] {
  return isTracked(type) ? (NEXT[type][from] ?? []) : [];
}

export type TrackingResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_tracked' | 'not_released' | 'conflict' } | { ok: false; reason: 'invalid'; errors: FieldErrors };

/**
 * The council office moves a released Antrag or Anfrage along its path, sets the due date of the implementation
 * report of a resolved Antrag, or records the report (→ implemented). `expected` is the state the form showed: if it
 * moved meanwhile (the minutes recorded the vote), nothing is changed.
 */
export async function changeTracking(
  tx: Tx,
  o: { tenantId: string; actorId: string; now: Date; paperId: string; expected: PaperTracking; to: PaperTracking; implementationDue?: string | null; implementationReport?: string },
): Promise<TrackingResult> {
  const paper = await lockPaper(tx, o.tenantId, o.paperId);
  if (!paper) return { ok: false, reason: 'not_found' };
  if (!isTracked(paper.paperType)) return { ok: false, reason: 'not_tracked' };
  if (paper.status !== 'released') return { ok: false, reason: 'not_released' };
  if (paper.tracking !== o.expected) return { ok: false, reason: 'conflict' };
  const onlyDue = o.to === paper.tracking && o.to === 'resolved';
  if (!onlyDue && !nextTrackingStates(paper.paperType, paper.tracking).includes(o.to)) return { ok: false, reason: 'invalid', errors: { tracking: 'Dieser Schritt ist im aktuellen Stand nicht möglich. Bitte wählen Sie einen Stand aus der Liste.' } };
  if (o.to === 'implemented' && !o.implementationReport?.trim()) return { ok: false, reason: 'invalid', errors: { implementationReport: 'Bitte geben Sie den Umsetzungsbericht ein: Was wurde wann umgesetzt?' } };
  if (o.implementationDue !== undefined && o.implementationDue !== null && o.to !== 'resolved') {
    return { ok: false, reason: 'invalid', errors: { implementationDue: 'Eine Frist für den Umsetzungsbericht gibt es nur für beschlossene Anträge.' } };
  }
  if (!onlyDue && !(await moveTracking(tx, o.tenantId, paper.id, { from: [paper.tracking], to: o.to, ...(o.to === 'implemented' ? { report: o.implementationReport!.trim() } : {}) }, o.now))) {
    return { ok: false, reason: 'conflict' };
  }
  if (o.to === 'resolved' && o.implementationDue !== undefined) await setImplementationDue(tx, o.tenantId, paper.id, o.implementationDue, o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.paper_tracking', objectType: 'council_paper', objectId: paper.id,
    details: { reference: paper.reference, from: paper.tracking, to: o.to, implementationDue: o.implementationDue ?? paper.implementationDue, cause: 'manual' } }, o.now);
  return { ok: true };
}

/**
 * For the agenda: a paper put on an agenda is "in consultation" (only from `submitted`; other states stay). Call it in
 * the transaction that schedules the consultation; returns whether the state changed. Audited.
 */
export async function markPaperInConsultation(tx: Tx, o: { tenantId: string; paperId: string; actorId: string | null; now: Date }): Promise<boolean> {
  const moved = await moveTracking(tx, o.tenantId, o.paperId, { from: ['submitted'], to: 'in_consultation' }, o.now);
  if (moved) {
    await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: o.actorId ? 'staff' : 'system', action: 'council.paper_tracking', objectType: 'council_paper', objectId: o.paperId,
      details: { from: 'submitted', to: 'in_consultation', cause: 'agenda' } }, o.now);
  }
  return moved;
}
