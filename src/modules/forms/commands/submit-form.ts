import { audit, type Db, type Tx, type User } from '../../../kernel/index.ts';
import type { CompiledForm } from '../definition.ts';
import { cleanData } from '../engine.ts';
import { deleteDraft, insertSubmission, submissionByKey, type Draft } from '../repository.ts';

/**
 * Turns a complete draft into a submission exactly once: the idempotency key is the draft and the
 * revision the citizen reviewed, so a double click or a retried request finds the first submission.
 * The submission keeps the form version it was filled in.
 */
export async function submitForm(
  db: Db,
  o: { tenantId: string; user: User; formId: string; formKey: string; serviceSlug: string | null; draft: Draft; cf: CompiledForm; now: Date; emit: (tx: Tx, event: string, payload: Record<string, unknown>) => Promise<void> },
): Promise<{ submissionId: string }> {
  const key = `draft:${o.draft.id}:${o.draft.revision}`;
  return db.transaction(async (tx) => {
    const id = await insertSubmission(tx, { tenantId: o.tenantId, userId: o.user.id, formId: o.formId, versionId: o.draft.formVersionId, data: cleanData(o.cf, o.draft.data), key, now: o.now });
    if (!id) return { submissionId: (await submissionByKey(tx, o.tenantId, key))!.id };
    await deleteDraft(tx, o.tenantId, o.draft.id);
    await audit(tx, { tenantId: o.tenantId, actorId: o.user.id, actorKind: 'citizen', action: 'form.submitted', objectType: 'form_submission', objectId: id, details: { form: o.formId } }, o.now);
    // Hand-off in the same transaction: whoever takes submissions (applications) does so exactly once, or nothing is stored.
    await o.emit(tx, 'form.submitted', { tenantId: o.tenantId, userId: o.user.id, submissionId: id, formKey: o.formKey, serviceSlug: o.serviceSlug, title: o.cf.def.title, data: o.draft.data, now: o.now });
    return { submissionId: id };
  });
}

export function idempotencyKeyOf(draftId: string, revision: number): string {
  return `draft:${draftId}:${revision}`;
}
