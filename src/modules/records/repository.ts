import { sql, type Queryable, type Tx } from '../../kernel/index.ts';

export interface PlanItem {
  id: string;
  parentId: string | null;
  code: string;
  title: string;
  retentionYears: number | null;
  retentionAction: 'archive' | 'delete' | null;
}

export interface RecordFile {
  id: string;
  planItemId: string;
  number: string;
  title: string;
  restricted: boolean;
  status: 'open' | 'closed' | 'archived' | 'deleted';
  openedAt: Date;
  closedAt: Date | null;
  disposalDue: string | null;
  version: number;
}

export interface RecordDocument {
  id: string;
  fileId: string;
  caseId: string | null;
  title: string;
  direction: 'incoming' | 'outgoing' | 'internal';
  correspondent: string;
  documentDate: string;
  subject: string;
  restricted: boolean;
  currentVersion: number;
  createdAt: Date;
}

export async function planItemById(db: Queryable, tenantId: string, id: string): Promise<PlanItem | undefined> {
  return db.one(sql`select id, parent_id as "parentId", code, title, retention_years as "retentionYears", retention_action as "retentionAction"
    from records_plan_items where tenant_id = ${tenantId} and id = ${id}`);
}

/** Next running number of files under a plan item in a year (atomic). */
export async function nextFileNumber(tx: Tx, tenantId: string, planItemId: string, year: number): Promise<number> {
  const r = await tx.one<{ last: number }>(sql`insert into records_file_counters (tenant_id, plan_item_id, year, last) values (${tenantId}, ${planItemId}, ${year}, 1)
    on conflict (plan_item_id, year) do update set last = records_file_counters.last + 1 returning last`);
  return r!.last;
}

export async function insertFile(tx: Tx, f: { tenantId: string; planItemId: string; number: string; title: string; restricted: boolean; now: Date }): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into records_files (tenant_id, plan_item_id, number, title, restricted, opened_at)
    values (${f.tenantId}, ${f.planItemId}, ${f.number}, ${f.title}, ${f.restricted}, ${f.now}) returning id`);
  return r!.id;
}

export async function fileById(db: Queryable, tenantId: string, id: string): Promise<RecordFile | undefined> {
  return db.one(sql`select id, plan_item_id as "planItemId", number, title, restricted, status, opened_at as "openedAt", closed_at as "closedAt",
      disposal_due as "disposalDue", version from records_files where tenant_id = ${tenantId} and id = ${id}`);
}

export async function setFileClosed(tx: Tx, tenantId: string, id: string, now: Date, disposalDue: string | null): Promise<boolean> {
  return (await tx.exec(sql`update records_files set status = 'closed', closed_at = ${now}, disposal_due = ${disposalDue}, version = version + 1
    where tenant_id = ${tenantId} and id = ${id} and status = 'open'`)) === 1;
}

/** The effective retention of a plan item: its own, else the nearest ancestor's. */
export async function retentionOf(db: Queryable, tenantId: string, planItemId: string): Promise<{ years: number; action: 'archive' | 'delete' } | undefined> {
  const r = await db.one<{ years: number | null; action: 'archive' | 'delete' | null }>(sql`with recursive up(id, parent_id, years, action, depth) as (
      select id, parent_id, retention_years, retention_action, 0 from records_plan_items where tenant_id = ${tenantId} and id = ${planItemId}
      union all
      select p.id, p.parent_id, p.retention_years, p.retention_action, up.depth + 1 from records_plan_items p join up on p.id = up.parent_id where p.tenant_id = ${tenantId}
    ) select years, action from up where years is not null and action is not null order by depth limit 1`);
  return r && r.years !== null && r.action !== null ? { years: r.years, action: r.action } : undefined;
}

export async function insertDocument(
  tx: Tx,
  d: { tenantId: string; fileId: string; caseId: string | null; title: string; direction: RecordDocument['direction']; correspondent: string; documentDate: string; subject: string; restricted: boolean; actorId: string | null; now: Date },
): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into records_documents (tenant_id, file_id, case_id, title, direction, correspondent, document_date, subject, restricted, created_at, created_by)
    values (${d.tenantId}, ${d.fileId}, ${d.caseId}, ${d.title}, ${d.direction}, ${d.correspondent}, ${d.documentDate}, ${d.subject}, ${d.restricted}, ${d.now}, ${d.actorId}) returning id`);
  return r!.id;
}

export async function insertVersion(
  tx: Tx,
  v: { tenantId: string; documentId: string; version: number; storedFileId: string | null; name: string; mime: string; size: number; sha256: string; note: string; text: string; actorId: string | null; now: Date },
): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into records_document_versions (tenant_id, document_id, version, stored_file_id, name, mime, size, sha256, note, content_text, search, created_at, created_by)
    values (${v.tenantId}, ${v.documentId}, ${v.version}, ${v.storedFileId}, ${v.name}, ${v.mime}, ${v.size}, ${v.sha256}, ${v.note}, ${v.text},
      setweight(to_tsvector('german', ${v.name}), 'A') || to_tsvector('german', ${v.text}), ${v.now}, ${v.actorId}) returning id`);
  return r!.id;
}

/** Moves the document's pointer to a new version; only from the version the caller saw (no lost update). */
export async function bumpVersion(tx: Tx, tenantId: string, documentId: string, from: number): Promise<boolean> {
  return (await tx.exec(sql`update records_documents set current_version = ${from + 1} where tenant_id = ${tenantId} and id = ${documentId} and current_version = ${from}`)) === 1;
}

export async function documentsOfCase(db: Queryable, tenantId: string, caseId: string): Promise<RecordDocument[]> {
  return db.rows(sql`select id, file_id as "fileId", case_id as "caseId", title, direction, correspondent, document_date as "documentDate", subject, restricted,
      current_version as "currentVersion", created_at as "createdAt" from records_documents where tenant_id = ${tenantId} and case_id = ${caseId} order by created_at, id`);
}
