import { audit, type Db, type FieldErrors } from '../../../kernel/index.ts';
import { insertPlanItem, isInSubtree, planItemByCode, planItemById, planItemUsage, updatePlanItem } from '../repository.ts';
import { codeFitsParent, type PlanItemInput } from '../schema.ts';

/**
 * Creates (no `id`) or changes a subject of the file plan after checking it against the plan: code unique per
 * tenant, parent exists and its code is a prefix of the new code, no cycles, and a code that files or
 * sub-items already carry cannot change. Returns field errors (German) or the item's id.
 */
export async function savePlanItem(db: Db, o: { tenantId: string; actorId: string; now: Date; id?: string; input: PlanItemInput }): Promise<{ id: string } | { errors: FieldErrors } | undefined> {
  const { input } = o;
  return db.transaction(async (tx) => {
    const existing = o.id ? await planItemById(tx, o.tenantId, o.id) : undefined;
    if (o.id && !existing) return undefined;
    const errors: FieldErrors = {};
    const sameCode = await planItemByCode(tx, o.tenantId, input.code);
    if (sameCode && sameCode.id !== o.id) errors.code = `Das Kennzeichen ${input.code} ist bereits vergeben („${sameCode.title}“).`;
    if (existing && existing.code !== input.code) {
      const usage = await planItemUsage(tx, o.tenantId, existing.id);
      if (usage.files > 0 || usage.children > 0) errors.code = 'Das Kennzeichen kann nicht mehr geändert werden: Es steckt bereits in Aktenzeichen oder in den Kennzeichen der Unterpunkte.';
    }
    if (input.parentId) {
      const parent = await planItemById(tx, o.tenantId, input.parentId);
      if (!parent) errors.parent = 'Die gewählte übergeordnete Gruppe gibt es nicht (mehr).';
      else if (existing && (await isInSubtree(tx, o.tenantId, existing.id, parent.id))) errors.parent = 'Ein Aktenplanpunkt kann nicht unter sich selbst oder einem seiner Unterpunkte stehen.';
      else if (!codeFitsParent(input.code, parent.code)) errors.code = `Das Kennzeichen muss mit dem der übergeordneten Gruppe beginnen, zum Beispiel ${parent.code}.1 unter ${parent.code}.`;
    } else if (input.retentionYears === null) {
      errors.years = 'Eine oberste Gruppe braucht eine eigene Aufbewahrungsfrist (Unterpunkte können sie übernehmen).';
    }
    if (Object.keys(errors).length) return { errors };
    const data = { parentId: input.parentId, code: input.code, title: input.title, retentionYears: input.retentionYears, retentionAction: input.retentionAction };
    let id = existing?.id;
    if (existing) await updatePlanItem(tx, o.tenantId, existing.id, data);
    else {
      id = await insertPlanItem(tx, o.tenantId, data, o.now);
      if (!id) return { errors: { code: `Das Kennzeichen ${input.code} ist bereits vergeben.` } };
    }
    await audit(tx, {
      tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: existing ? 'records.plan_item_changed' : 'records.plan_item_created', objectType: 'records_plan_item', objectId: id!,
      details: { code: input.code, retentionYears: input.retentionYears, retentionAction: input.retentionAction, ...(existing && existing.code !== input.code ? { previousCode: existing.code } : {}) },
    }, o.now);
    return { id: id! };
  });
}
