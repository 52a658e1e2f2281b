import { audit, type FieldErrors, type Tx } from '../../../kernel/index.ts';
import type { PaperInput } from '../paper-schema.ts';
import { lockPaper, paperByReference } from '../papers.repository.ts';
import { insertPaper, listBodies, nextPaperReference, personsByIds, updatePaperContent } from '../repository.ts';

type SaveResult = { ok: true; id: string; reference: string } | { ok: false; reason: 'not_found' | 'not_draft' } | { ok: false; reason: 'invalid'; errors: FieldErrors };

/**
 * Creates a Drucksache with the next number of its type and year (BV/2026/014), or saves the content of a draft.
 *
 * Content can only change while the paper is a draft. Once it is in Mitzeichnung the signers approve exactly what
 * they read: the author withdraws the sign-off round first (back to draft, open requests cancelled) and sends it again
 * after the change. Released papers are not edited; a correction is a new paper referring to the old one.
 */
export async function savePaper(tx: Tx, o: { tenantId: string; actorId: string; now: Date; id?: string; input: PaperInput }): Promise<SaveResult> {
  const { tenantId, input } = o;
  const existing = o.id ? await lockPaper(tx, tenantId, o.id) : undefined;
  if (o.id && !existing) return { ok: false, reason: 'not_found' };
  if (existing && existing.status !== 'draft') return { ok: false, reason: 'not_draft' };
  const errors: FieldErrors = {};
  let relatedPaperId: string | null = null;
  if (input.related) {
    const related = await paperByReference(tx, tenantId, input.related);
    if (!related) errors.related = `Eine Drucksache mit der Nummer ${input.related} gibt es nicht.`;
    else if (related.id === existing?.id) errors.related = 'Eine Drucksache kann sich nicht auf sich selbst beziehen.';
    else relatedPaperId = related.id;
  }
  const persons = await personsByIds(tx, tenantId, input.originatorPersonIds);
  if (persons.length !== input.originatorPersonIds.length || persons.some((p) => p.deletedAt)) errors.originatorPersonIds = 'Bitte wählen Sie die einreichenden Personen aus der Liste.';
  const bodies = new Set((await listBodies(tx, tenantId)).map((b) => b.id));
  if (input.originatorBodyIds.some((id) => !bodies.has(id))) errors.originatorBodyIds = 'Bitte wählen Sie die einreichenden Gremien oder Fraktionen aus der Liste.';
  if (Object.keys(errors).length) return { ok: false, reason: 'invalid', errors };

  const content = {
    name: input.name,
    date: input.date,
    municipality: input.municipality,
    department: input.department,
    bodyText: input.bodyText,
    resolutionProposal: input.resolutionProposal,
    public: input.public,
    originatorPersonIds: input.originatorPersonIds,
    originatorBodyIds: input.originatorBodyIds,
    relatedPaperId,
  };
  let id: string;
  let reference: string;
  if (existing) {
    id = existing.id;
    reference = existing.reference;
    const saved = await updatePaperContent(tx, tenantId, id, { ...content, reference, paperType: existing.paperType, implementationDue: existing.implementationDue }, o.now);
    if (!saved) return { ok: false, reason: 'not_found' };
  } else {
    reference = await nextPaperReference(tx, tenantId, input.paperType, Number(input.date.slice(0, 4)));
    id = await insertPaper(tx, tenantId, { ...content, reference, paperType: input.paperType, status: 'draft', tracking: 'submitted', createdBy: o.actorId }, o.now);
  }
  await audit(tx, { tenantId, actorId: o.actorId, actorKind: 'staff', action: existing ? 'council.paper_saved' : 'council.paper_created', objectType: 'council_paper', objectId: id,
    details: { reference, type: existing?.paperType ?? input.paperType, public: input.public, relatedPaperId } }, o.now);
  return { ok: true, id, reference };
}
