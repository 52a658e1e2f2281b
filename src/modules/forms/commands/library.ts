import { audit, type Db, type User } from '../../../kernel/index.ts';
import { compileForm, FormDefinitionError } from '../definition.ts';
import { formKeyTaken, formVersions, insertAdoptedForm, insertImportedForm, libraryVersion, setUpstreamVersion, shareToLibrary } from '../repository.ts';
import { publishFormVersion } from './publish-version.ts';

/** Publishes the form's current version to the Zweckverband's shared library. */
export async function shareForm(db: Db, o: { tenantId: string; actor: User; form: { id: string; key: string }; now: Date }): Promise<number> {
  const [current] = await formVersions(db, o.tenantId, o.form.id);
  return db.transaction(async (tx) => {
    const r = await shareToLibrary(tx, { tenantId: o.tenantId, formId: o.form.id, key: o.form.key, title: String((current!.definition as { title?: string }).title ?? o.form.key), definition: current!.definition, now: o.now });
    await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'form.shared', objectType: 'form', objectId: o.form.id, details: { library: r.libraryId, version: r.version } }, o.now);
    return r.version;
  });
}

/**
 * Adopts a library form as the municipality's own (provenance: upstream id and version). Bindings such
 * as the service, its fee and payment stay local; the definition is a copy the municipality can change.
 */
export async function adoptForm(db: Db, o: { tenantId: string; actor: User; libraryId: string; key: string; serviceSlug: string | null; now: Date }): Promise<{ ok: true; formId: string } | { ok: false; problem: 'unknown' | 'key_taken' }> {
  const latest = await libraryVersion(db, o.libraryId);
  if (!latest) return { ok: false, problem: 'unknown' };
  return db.transaction(async (tx) => {
    if (await formKeyTaken(tx, o.tenantId, o.key)) return { ok: false as const, problem: 'key_taken' as const };
    const formId = await insertAdoptedForm(tx, { tenantId: o.tenantId, key: o.key, serviceSlug: o.serviceSlug, definition: latest.definition, upstreamId: o.libraryId, upstreamVersion: latest.version, now: o.now, actorId: o.actor.id });
    await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'form.adopted', objectType: 'form', objectId: formId, details: { library: o.libraryId, version: latest.version } }, o.now);
    return { ok: true as const, formId };
  });
}

/** Takes over the newest upstream version as a new local version. */
export async function takeUpstreamUpdate(db: Db, o: { tenantId: string; actor: User; formId: string; upstreamId: string; now: Date }): Promise<'ok' | 'conflict' | 'invalid'> {
  const latest = await libraryVersion(db, o.upstreamId);
  const [current] = await formVersions(db, o.tenantId, o.formId);
  if (!latest || !current) return 'invalid';
  const res = await publishFormVersion(db, { tenantId: o.tenantId, formId: o.formId, basedOn: current.version, definition: latest.definition, actor: o.actor, now: o.now });
  if (!res.ok) return 'conflict' in res ? 'conflict' : 'invalid';
  await db.transaction((tx) => setUpstreamVersion(tx, o.tenantId, o.formId, latest.version));
  return 'ok';
}

/** Imports an exported form (format amtsstube-form/1) as a new form of this municipality. */
export async function importForm(db: Db, o: { tenantId: string; actor: User; json: unknown; now: Date }): Promise<{ ok: true; formId: string } | { ok: false; problems: string[] }> {
  const doc = o.json as { format?: unknown; key?: unknown; definition?: unknown };
  if (!doc || typeof doc !== 'object' || doc.format !== 'amtsstube-form/1' || typeof doc.key !== 'string' || !/^[a-z0-9-]{2,80}$/.test(doc.key)) {
    return { ok: false, problems: ['Die Datei ist kein Amtsstube-Formularexport (format "amtsstube-form/1" mit key und definition).'] };
  }
  try {
    compileForm(doc.definition);
  } catch (e) {
    if (e instanceof FormDefinitionError) return { ok: false, problems: e.problems };
    throw e;
  }
  const key = doc.key;
  return db.transaction(async (tx) => {
    if (await formKeyTaken(tx, o.tenantId, key)) return { ok: false as const, problems: [`Ein Formular mit dem Kürzel „${key}“ gibt es schon.`] };
    const formId = await insertImportedForm(tx, { tenantId: o.tenantId, key, definition: doc.definition, now: o.now, actorId: o.actor.id });
    await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'form.imported', objectType: 'form', objectId: formId }, o.now);
    return { ok: true as const, formId };
  });
}
