import { sql, type Queryable, type Tx } from '../../kernel/index.ts';
import type { FormData } from './engine.ts';

export interface FormVersionRow {
  formId: string;
  key: string;
  serviceSlug: string | null;
  versionId: string;
  version: number;
  definition: unknown;
  status: 'published' | 'retired';
}

export interface Draft {
  id: string;
  formVersionId: string;
  data: FormData;
  step: number;
  furthestStep: number;
  revision: number;
  updatedAt: Date;
}

export async function publishedForm(db: Queryable, tenantId: string, key: string): Promise<FormVersionRow | undefined> {
  return db.one<FormVersionRow>(sql`select f.id as "formId", f.key, f.service_slug as "serviceSlug", v.id as "versionId", v.version,
      v.definition, v.status
    from form_definitions f join form_versions v on v.form_id = f.id and v.tenant_id = f.tenant_id and v.status = 'published'
    where f.tenant_id = ${tenantId} and f.key = ${key}`);
}

export async function formVersionById(db: Queryable, tenantId: string, versionId: string): Promise<FormVersionRow | undefined> {
  return db.one<FormVersionRow>(sql`select f.id as "formId", f.key, f.service_slug as "serviceSlug", v.id as "versionId", v.version,
      v.definition, v.status
    from form_versions v join form_definitions f on f.id = v.form_id and f.tenant_id = v.tenant_id
    where v.tenant_id = ${tenantId} and v.id = ${versionId}`);
}

export async function formsForService(db: Queryable, tenantId: string, serviceSlug: string): Promise<{ key: string; title: string }[]> {
  return db.rows(sql`select f.key, v.definition->>'title' as title from form_definitions f
    join form_versions v on v.form_id = f.id and v.status = 'published'
    where f.tenant_id = ${tenantId} and f.service_slug = ${serviceSlug} order by f.key`);
}

export async function findDraft(db: Queryable, tenantId: string, userId: string, formId: string): Promise<Draft | undefined> {
  return db.one<Draft>(sql`select id, form_version_id as "formVersionId", data, step, furthest_step as "furthestStep", revision, updated_at as "updatedAt"
    from form_drafts where tenant_id = ${tenantId} and user_id = ${userId} and form_id = ${formId}`);
}

/** Creates the draft or, if it exists, returns it (two tabs starting at once get the same draft). */
export async function ensureDraft(tx: Tx, o: { tenantId: string; userId: string; formId: string; versionId: string; data: FormData; now: Date }): Promise<Draft> {
  await tx.exec(sql`insert into form_drafts (tenant_id, user_id, form_id, form_version_id, data, updated_at)
    values (${o.tenantId}, ${o.userId}, ${o.formId}, ${o.versionId}, ${JSON.stringify(o.data)}::jsonb, ${o.now})
    on conflict (tenant_id, user_id, form_id) do nothing`);
  return (await findDraft(tx, o.tenantId, o.userId, o.formId))!;
}

/** Saves answers only on the revision the citizen saw; a stale tab cannot overwrite newer answers. */
export async function saveDraft(tx: Tx, o: { tenantId: string; draftId: string; revision: number; data: FormData; step: number; furthestStep: number; now: Date }): Promise<boolean> {
  const n = await tx.exec(sql`update form_drafts set data = ${JSON.stringify(o.data)}::jsonb, step = ${o.step}, furthest_step = ${o.furthestStep},
      revision = revision + 1, updated_at = ${o.now}
    where tenant_id = ${o.tenantId} and id = ${o.draftId} and revision = ${o.revision}`);
  return n === 1;
}

export async function deleteDraft(tx: Tx, tenantId: string, draftId: string): Promise<void> {
  await tx.exec(sql`delete from form_drafts where tenant_id = ${tenantId} and id = ${draftId}`);
}

export async function submissionByKey(db: Queryable, tenantId: string, key: string): Promise<{ id: string; userId: string } | undefined> {
  return db.one(sql`select id, user_id as "userId" from form_submissions where tenant_id = ${tenantId} and idempotency_key = ${key}`);
}

export async function insertSubmission(tx: Tx, o: { tenantId: string; userId: string; formId: string; versionId: string; data: FormData; key: string; now: Date }): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into form_submissions (tenant_id, user_id, form_id, form_version_id, data, idempotency_key, submitted_at)
    values (${o.tenantId}, ${o.userId}, ${o.formId}, ${o.versionId}, ${JSON.stringify(o.data)}::jsonb, ${o.key}, ${o.now})
    on conflict (tenant_id, idempotency_key) do nothing returning id`);
  return r?.id;
}

export interface SubmissionView {
  id: string;
  key: string;
  title: string;
  version: number;
  data: FormData;
  definition: unknown;
  submittedAt: Date;
}

export async function submissionOf(db: Queryable, tenantId: string, userId: string, id: string): Promise<SubmissionView | undefined> {
  return db.one<SubmissionView>(sql`select s.id, f.key, v.definition->>'title' as title, v.version, s.data, v.definition, s.submitted_at as "submittedAt"
    from form_submissions s join form_versions v on v.id = s.form_version_id join form_definitions f on f.id = s.form_id
    where s.tenant_id = ${tenantId} and s.user_id = ${userId} and s.id = ${id}`);
}

export async function draftsOf(db: Queryable, tenantId: string, userId: string): Promise<{ key: string; title: string; updatedAt: Date }[]> {
  return db.rows(sql`select f.key, v.definition->>'title' as title, d.updated_at as "updatedAt" from form_drafts d
    join form_definitions f on f.id = d.form_id join form_versions v on v.id = d.form_version_id
    where d.tenant_id = ${tenantId} and d.user_id = ${userId} order by d.updated_at desc`);
}

export async function submissionsOf(db: Queryable, tenantId: string, userId: string, limit = 20): Promise<{ id: string; key: string; title: string; submittedAt: Date }[]> {
  return db.rows(sql`select s.id, f.key, v.definition->>'title' as title, s.submitted_at as "submittedAt" from form_submissions s
    join form_definitions f on f.id = s.form_id join form_versions v on v.id = s.form_version_id
    where s.tenant_id = ${tenantId} and s.user_id = ${userId} order by s.submitted_at desc limit ${limit}`);
}

export async function insertForm(tx: Tx, o: { tenantId: string; key: string; serviceSlug: string | null; definition: unknown; now: Date; actorId: string | null }): Promise<{ formId: string; versionId: string }> {
  const f = await tx.one<{ id: string }>(sql`insert into form_definitions (tenant_id, key, service_slug) values (${o.tenantId}, ${o.key}, ${o.serviceSlug}) returning id`);
  const v = await tx.one<{ id: string }>(sql`insert into form_versions (tenant_id, form_id, version, definition, status, published_at, published_by)
    values (${o.tenantId}, ${f!.id}, 1, ${JSON.stringify(o.definition)}::jsonb, 'published', ${o.now}, ${o.actorId}) returning id`);
  return { formId: f!.id, versionId: v!.id };
}

export async function listForms(db: Queryable, tenantId: string): Promise<{ id: string; key: string; title: string; version: number; serviceSlug: string | null }[]> {
  return db.rows(sql`select f.id, f.key, v.definition->>'title' as title, v.version, f.service_slug as "serviceSlug"
    from form_definitions f join form_versions v on v.form_id = f.id and v.status = 'published'
    where f.tenant_id = ${tenantId} order by title`);
}

export async function formVersions(db: Queryable, tenantId: string, formId: string): Promise<{ id: string; version: number; status: string; publishedAt: Date; definition: unknown }[]> {
  return db.rows(sql`select id, version, status, published_at as "publishedAt", definition from form_versions
    where tenant_id = ${tenantId} and form_id = ${formId} order by version desc`);
}

/** Publishes the next version if the editor worked on the current one; the previous one is retired. */
export async function publishVersion(tx: Tx, o: { tenantId: string; formId: string; basedOn: number; definition: unknown; now: Date; actorId: string }): Promise<number | undefined> {
  // Lock the form so two editors publishing at once cannot both become version n+1.
  await tx.exec(sql`select id from form_definitions where tenant_id = ${o.tenantId} and id = ${o.formId} for update`);
  const cur = await tx.one<{ version: number }>(sql`select max(version) as version from form_versions where tenant_id = ${o.tenantId} and form_id = ${o.formId}`);
  if (!cur || cur.version !== o.basedOn) return undefined;
  await tx.exec(sql`update form_versions set status = 'retired' where tenant_id = ${o.tenantId} and form_id = ${o.formId} and status = 'published'`);
  const next = cur.version + 1;
  await tx.exec(sql`insert into form_versions (tenant_id, form_id, version, definition, status, published_at, published_by)
    values (${o.tenantId}, ${o.formId}, ${next}, ${JSON.stringify(o.definition)}::jsonb, 'published', ${o.now}, ${o.actorId})`);
  return next;
}

export async function formById(db: Queryable, tenantId: string, formId: string): Promise<{ id: string; key: string } | undefined> {
  return db.one(sql`select id, key from form_definitions where tenant_id = ${tenantId} and id = ${formId}`);
}

export async function submissionForStaff(db: Queryable, tenantId: string, id: string): Promise<SubmissionView | undefined> {
  return db.one<SubmissionView>(sql`select s.id, f.key, v.definition->>'title' as title, v.version, s.data, v.definition, s.submitted_at as "submittedAt"
    from form_submissions s join form_versions v on v.id = s.form_version_id join form_definitions f on f.id = s.form_id
    where s.tenant_id = ${tenantId} and s.id = ${id}`);
}

export async function submissionsWithDataOf(db: Queryable, tenantId: string, userId: string): Promise<Record<string, unknown>[]> {
  return db.rows(sql`select 'Eingereichtes Formular' as art, v.definition->>'title' as formular, v.version as formularversion, s.submitted_at as eingereicht, s.data as angaben
    from form_submissions s join form_versions v on v.id = s.form_version_id where s.tenant_id = ${tenantId} and s.user_id = ${userId} order by s.submitted_at`);
}

export interface LibraryEntry {
  id: string;
  key: string;
  title: string;
  publisher: string;
  publisherId: string;
  latest: number;
}

export async function libraryEntries(db: Queryable): Promise<LibraryEntry[]> {
  return db.rows<LibraryEntry>(sql`select l.id, l.key, l.title, t.name as publisher, t.id as "publisherId",
      (select max(version) from form_library_versions v where v.library_id = l.id) as latest
    from form_library l join tenants t on t.id = l.tenant_id where t.active order by l.title`);
}

export async function libraryVersion(db: Queryable, libraryId: string, version?: number): Promise<{ version: number; definition: unknown; key: string } | undefined> {
  return db.one(sql`select v.version, v.definition, l.key from form_library_versions v join form_library l on l.id = v.library_id
    where v.library_id = ${libraryId} ${version ? sql`and v.version = ${version}` : sql``} order by v.version desc limit 1`);
}

/** Shares the form's current version; the first time creates the library entry. */
export async function shareToLibrary(tx: Tx, o: { tenantId: string; formId: string; key: string; title: string; definition: unknown; now: Date }): Promise<{ libraryId: string; version: number }> {
  await tx.exec(sql`insert into form_library (tenant_id, source_form_id, key, title, created_at) values (${o.tenantId}, ${o.formId}, ${o.key}, ${o.title}, ${o.now})
    on conflict (source_form_id) do update set title = excluded.title`);
  const lib = (await tx.one<{ id: string }>(sql`select id from form_library where source_form_id = ${o.formId} and tenant_id = ${o.tenantId} for update`))!;
  const last = await tx.one<{ v: number | null; d: unknown }>(sql`select max(version) as v, (select definition from form_library_versions where library_id = ${lib.id} order by version desc limit 1) as d from form_library_versions where library_id = ${lib.id}`);
  if (last?.v && JSON.stringify(last.d) === JSON.stringify(o.definition)) return { libraryId: lib.id, version: last.v };
  const version = (last?.v ?? 0) + 1;
  await tx.exec(sql`insert into form_library_versions (library_id, tenant_id, version, definition, published_at) values (${lib.id}, ${o.tenantId}, ${version}, ${JSON.stringify(o.definition)}::jsonb, ${o.now})`);
  return { libraryId: lib.id, version };
}

export async function adoptedForms(db: Queryable, tenantId: string): Promise<{ id: string; key: string; upstreamId: string; upstreamVersion: number; latest: number; publisher: string }[]> {
  return db.rows(sql`select f.id, f.key, f.upstream_id as "upstreamId", f.upstream_version as "upstreamVersion",
      (select max(version) from form_library_versions v where v.library_id = f.upstream_id) as latest, t.name as publisher
    from form_definitions f join form_library l on l.id = f.upstream_id join tenants t on t.id = l.tenant_id
    where f.tenant_id = ${tenantId} and f.upstream_id is not null`);
}

export async function insertAdoptedForm(tx: Tx, o: { tenantId: string; key: string; serviceSlug: string | null; definition: unknown; upstreamId: string; upstreamVersion: number; now: Date; actorId: string }): Promise<string> {
  const f = await tx.one<{ id: string }>(sql`insert into form_definitions (tenant_id, key, service_slug, upstream_id, upstream_version)
    values (${o.tenantId}, ${o.key}, ${o.serviceSlug}, ${o.upstreamId}, ${o.upstreamVersion}) returning id`);
  await tx.exec(sql`insert into form_versions (tenant_id, form_id, version, definition, status, published_at, published_by)
    values (${o.tenantId}, ${f!.id}, 1, ${JSON.stringify(o.definition)}::jsonb, 'published', ${o.now}, ${o.actorId})`);
  return f!.id;
}

export async function setUpstreamVersion(tx: Tx, tenantId: string, formId: string, version: number): Promise<void> {
  await tx.exec(sql`update form_definitions set upstream_version = ${version} where tenant_id = ${tenantId} and id = ${formId}`);
}

export async function formKeyTaken(db: Queryable, tenantId: string, key: string): Promise<boolean> {
  return !!(await db.one(sql`select 1 as x from form_definitions where tenant_id = ${tenantId} and key = ${key}`));
}

export async function insertImportedForm(tx: Tx, o: { tenantId: string; key: string; definition: unknown; now: Date; actorId: string }): Promise<string> {
  const r = await insertForm(tx, { tenantId: o.tenantId, key: o.key, serviceSlug: null, definition: o.definition, now: o.now, actorId: o.actorId });
  return r.formId;
}
