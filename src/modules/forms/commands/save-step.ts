import { audit, type Db, type User } from '../../../kernel/index.ts';
import type { CompiledForm } from '../definition.ts';
import type { FieldErrors, FormData } from '../engine.ts';
import { saveDraft, type Draft } from '../repository.ts';

export type StepAction = 'weiter' | 'zurueck' | 'speichern';

/**
 * Stores one step's answers in the draft and moves on when they are valid. The draft's revision
 * guards against a stale tab; the step may only be one the citizen has reached.
 */
export async function saveStep(
  db: Db,
  o: { tenantId: string; user: User; draft: Draft; cf: CompiledForm; step: number; values: FormData; errors: FieldErrors; action: StepAction; now: Date },
): Promise<{ ok: true; next: number; revision: number } | { ok: false; reason: 'stale' }> {
  const data = { ...o.draft.data, ...o.values };
  const valid = Object.keys(o.errors).length === 0;
  const last = o.cf.def.steps.length; // index `last` = review
  let next = o.step;
  if (o.action === 'weiter' && valid) next = Math.min(o.step + 1, last);
  if (o.action === 'zurueck') next = Math.max(0, o.step - 1);
  // Going back after a change means later steps must be walked again only if they became invalid; keep furthest as is.
  const furthest = Math.max(o.draft.furthestStep, next);
  return db.transaction(async (tx) => {
    if (!(await saveDraft(tx, { tenantId: o.tenantId, draftId: o.draft.id, revision: o.draft.revision, data, step: next, furthestStep: furthest, now: o.now }))) {
      return { ok: false as const, reason: 'stale' as const };
    }
    await audit(tx, { tenantId: o.tenantId, actorId: o.user.id, actorKind: 'citizen', action: 'form.draft_saved', objectType: 'form_draft', objectId: o.draft.id, details: { step: o.step, action: o.action } }, o.now);
    return { ok: true as const, next, revision: o.draft.revision + 1 };
  });
}
