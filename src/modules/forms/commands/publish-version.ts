import { audit, type Db, type User } from '../../../kernel/index.ts';
import { compileForm, FormDefinitionError } from '../definition.ts';
import { publishVersion as publish } from '../repository.ts';

/** Publishes a checked definition as the next version; drafts and submissions keep their own version. */
export async function publishFormVersion(
  db: Db,
  o: { tenantId: string; formId: string; basedOn: number; definition: unknown; actor: User; now: Date },
): Promise<{ ok: true; version: number } | { ok: false; problems: string[] } | { ok: false; conflict: true }> {
  try {
    compileForm(o.definition);
  } catch (e) {
    if (e instanceof FormDefinitionError) return { ok: false, problems: e.problems };
    throw e;
  }
  return db.transaction(async (tx) => {
    const version = await publish(tx, { tenantId: o.tenantId, formId: o.formId, basedOn: o.basedOn, definition: o.definition, now: o.now, actorId: o.actor.id });
    if (!version) return { ok: false as const, conflict: true as const };
    await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: o.actor.kind, action: 'form.version_published', objectType: 'form', objectId: o.formId, details: { version } }, o.now);
    return { ok: true as const, version };
  });
}
