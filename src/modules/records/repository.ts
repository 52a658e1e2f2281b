// SQL of the E-Akte: file plan, files, documents and their immutable versions, full-text search, access log.
// Every statement is tenant-scoped.
import { sql, type Queryable, type Tx } from '../../kernel/index.ts';

export type RetentionAction = 'archive' | 'delete';
export type FileStatus = 'open' | 'closed' | 'archived' | 'deleted';
export type Direction = 'incoming' | 'outgoing' | 'internal';
export type TextStatus = 'complete' | 'partial' | 'none';

export interface PlanItem {
  id: string;
  parentId: string | null;
  code: string;
  title: string;
  retentionYears: number | null;
  retentionAction: RetentionAction | null;
}

export interface PlanItemRow extends PlanItem {
  files: number;
}

export interface RecordFile {
  id: string;
  planItemId: string;
  number: string;
  title: string;
  restricted: boolean;
  status: FileStatus;
  openedAt: Date;
  closedAt: Date | null;
  disposalDue: string | null;
  version: number;
}

export interface FileRow extends RecordFile {
  planCode: string;
  planTitle: string;
  documents: number;
}

export interface RecordDocument {
  id: string;
  fileId: string;
  caseId: string | null;
  title: string;
  direction: Direction;
  correspondent: string;
  documentDate: string;
  subject: string;
  restricted: boolean;
  currentVersion: number;
  createdAt: Date;
}

/** A document with what a list shows of its current version. */
export interface DocumentRow extends RecordDocument {
  name: string;
  mime: string;
  size: number;
}

export interface Attachment {
  name: string;
  mime: string;
  size: number;
}

export interface Version {
  id: string;
  documentId: string;
  version: number;
  storedFileId: string | null;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  note: string;
  textStatus: TextStatus;
  attachments: Attachment[];
  createdAt: Date;
  createdBy: string | null;
  createdByName: string | null;
}

export interface AccessEntry {
  at: Date;
  kind: 'view' | 'download';
  channel: 'staff' | 'inspection';
  version: number;
  userName: string | null;
  inspectionId: string | null;
  documentTitle: string;
}

export interface SearchHit {
  documentId: string;
  title: string;
  direction: Direction;
  documentDate: string;
  restricted: boolean;
  version: number;
  fileId: string;
  fileNumber: string;
  fileTitle: string;
  rank: number;
  /** ts_headline fragment with \u0001 … \u0002 around the matches; null for restricted documents. */
  snippet: string | null;
}

const planCols = sql`id, parent_id as "parentId", code, title, retention_years as "retentionYears", retention_action as "retentionAction"`;
const fileCols = sql`f.id, f.plan_item_id as "planItemId", f.number, f.title, f.restricted, f.status, f.opened_at as "openedAt", f.closed_at as "closedAt",
  f.disposal_due as "disposalDue", f.version`;
const docCols = sql`d.id, d.file_id as "fileId", d.case_id as "caseId", d.title, d.direction, d.correspondent, d.document_date as "documentDate", d.subject, d.restricted,
  d.current_version as "currentVersion", d.created_at as "createdAt"`;

// ---------------------------------------------------------------- file plan

export async function planItemById(db: Queryable, tenantId: string, id: string): Promise<PlanItem | undefined> {
  return db.one(sql`select ${planCols} from records_plan_items where tenant_id = ${tenantId} and id = ${id}`);
}

export async function planItemByCode(db: Queryable, tenantId: string, code: string): Promise<PlanItem | undefined> {
  return db.one(sql`select ${planCols} from records_plan_items where tenant_id = ${tenantId} and code = ${code}`);
}

/** The whole file plan of the tenant with the number of files per subject, ordered for a tree. */
export async function planItems(db: Queryable, tenantId: string): Promise<PlanItemRow[]> {
  return db.rows(sql`select p.id, p.parent_id as "parentId", p.code, p.title, p.retention_years as "retentionYears", p.retention_action as "retentionAction",
      (select count(*)::int from records_files f where f.tenant_id = ${tenantId} and f.plan_item_id = p.id) as files
    from records_plan_items p where p.tenant_id = ${tenantId}
    order by string_to_array(p.code, '.')::int[], p.code`);
}

export interface PlanItemData {
  parentId: string | null;
  code: string;
  title: string;
  retentionYears: number | null;
  retentionAction: RetentionAction | null;
}

export async function insertPlanItem(tx: Tx, tenantId: string, d: PlanItemData, now: Date): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into records_plan_items (tenant_id, parent_id, code, title, retention_years, retention_action, created_at)
    values (${tenantId}, ${d.parentId}, ${d.code}, ${d.title}, ${d.retentionYears}, ${d.retentionAction}, ${now})
    on conflict (tenant_id, code) do nothing returning id`);
  return r?.id;
}

export async function updatePlanItem(tx: Tx, tenantId: string, id: string, d: PlanItemData): Promise<boolean> {
  return (await tx.exec(sql`update records_plan_items set parent_id = ${d.parentId}, code = ${d.code}, title = ${d.title},
      retention_years = ${d.retentionYears}, retention_action = ${d.retentionAction}
    where tenant_id = ${tenantId} and id = ${id}`)) === 1;
}

/** How much hangs on a plan item: its files and its direct sub-items (their codes must keep its prefix). */
export async function planItemUsage(db: Queryable, tenantId: string, id: string): Promise<{ files: number; children: number }> {
  const r = await db.one<{ files: number; children: number }>(sql`select
      (select count(*)::int from records_files where tenant_id = ${tenantId} and plan_item_id = ${id}) as files,
      (select count(*)::int from records_plan_items where tenant_id = ${tenantId} and parent_id = ${id}) as children`);
  return r!;
}

/** True when `candidate` lies below `ancestor` (or is it): choosing it as parent would make a cycle. */
export async function isInSubtree(db: Queryable, tenantId: string, ancestor: string, candidate: string): Promise<boolean> {
  const r = await db.one<{ found: boolean }>(sql`with recursive down(id) as (
      select id from records_plan_items where tenant_id = ${tenantId} and id = ${ancestor}
      union
      select p.id from records_plan_items p join down on p.parent_id = down.id where p.tenant_id = ${tenantId}
    ) select exists (select 1 from down where id = ${candidate}) as found`);
  return !!r?.found;
}

/** The effective retention of a plan item: its own, else the nearest ancestor's. */
export async function retentionOf(db: Queryable, tenantId: string, planItemId: string): Promise<{ years: number; action: RetentionAction } | undefined> {
  const r = await db.one<{ years: number | null; action: RetentionAction | null }>(sql`with recursive up(id, parent_id, years, action, depth) as (
      select id, parent_id, retention_years, retention_action, 0 from records_plan_items where tenant_id = ${tenantId} and id = ${planItemId}
      union all
      select p.id, p.parent_id, p.retention_years, p.retention_action, up.depth + 1 from records_plan_items p join up on p.id = up.parent_id
        where p.tenant_id = ${tenantId} and up.depth < 20
    ) select years, action from up where years is not null and action is not null order by depth limit 1`);
  return r && r.years !== null && r.action !== null ? { years: r.years, action: r.action } : undefined;
}

// ---------------------------------------------------------------- files

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
  return db.one(sql`select ${fileCols} from records_files f where f.tenant_id = ${tenantId} and f.id = ${id}`);
}

export async function fileRowById(db: Queryable, tenantId: string, id: string): Promise<FileRow | undefined> {
  return db.one(sql`select ${fileCols}, p.code as "planCode", p.title as "planTitle",
      (select count(*)::int from records_documents d where d.tenant_id = ${tenantId} and d.file_id = f.id) as documents
    from records_files f join records_plan_items p on p.id = f.plan_item_id and p.tenant_id = ${tenantId}
    where f.tenant_id = ${tenantId} and f.id = ${id}`);
}

export interface FileFilter {
  planItemId?: string | undefined;
  status?: FileStatus | undefined;
  /** Part of the Aktenzeichen or the title. */
  q?: string | undefined;
}

/** One page of files, newest first; one more row than asked tells whether there are more. */
export async function listFiles(db: Queryable, tenantId: string, f: FileFilter, limit: number, offset: number): Promise<FileRow[]> {
  const where = [sql`f.tenant_id = ${tenantId}`];
  if (f.planItemId) where.push(sql`f.plan_item_id = ${f.planItemId}`);
  if (f.status) where.push(sql`f.status = ${f.status}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(sql`(f.number ilike ${like} or f.title ilike ${like})`);
  }
  return db.rows(sql`select ${fileCols}, p.code as "planCode", p.title as "planTitle",
      (select count(*)::int from records_documents d where d.tenant_id = ${tenantId} and d.file_id = f.id) as documents
    from records_files f join records_plan_items p on p.id = f.plan_item_id and p.tenant_id = ${tenantId}
    where ${sql.join(where, ' and ')}
    order by f.opened_at desc, f.id limit ${limit + 1} offset ${offset}`);
}

export async function setFileClosed(tx: Tx, tenantId: string, id: string, now: Date, disposalDue: string | null): Promise<boolean> {
  return (await tx.exec(sql`update records_files set status = 'closed', closed_at = ${now}, disposal_due = ${disposalDue}, version = version + 1
    where tenant_id = ${tenantId} and id = ${id} and status = 'open'`)) === 1;
}

/** Moves a closed file on to its final state (archived or deleted) after an approved disposal. */
export async function setFileDisposed(tx: Tx, tenantId: string, id: string, status: 'archived' | 'deleted'): Promise<boolean> {
  return (await tx.exec(sql`update records_files set status = ${status}, version = version + 1
    where tenant_id = ${tenantId} and id = ${id} and status = 'closed'`)) === 1;
}

/** A rejected disposal puts the file back until a later day. */
export async function postponeDisposal(tx: Tx, tenantId: string, id: string, due: string): Promise<boolean> {
  return (await tx.exec(sql`update records_files set disposal_due = ${due}, version = version + 1
    where tenant_id = ${tenantId} and id = ${id} and status = 'closed'`)) === 1;
}

// ---------------------------------------------------------------- documents and versions

export async function insertDocument(
  tx: Tx,
  d: { tenantId: string; fileId: string; caseId: string | null; title: string; direction: Direction; correspondent: string; documentDate: string; subject: string; restricted: boolean; actorId: string | null; now: Date },
): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into records_documents (tenant_id, file_id, case_id, title, direction, correspondent, document_date, subject, restricted, created_at, created_by)
    values (${d.tenantId}, ${d.fileId}, ${d.caseId}, ${d.title}, ${d.direction}, ${d.correspondent}, ${d.documentDate}, ${d.subject}, ${d.restricted}, ${d.now}, ${d.actorId}) returning id`);
  return r!.id;
}

export async function insertVersion(
  tx: Tx,
  v: {
    tenantId: string; documentId: string; version: number; storedFileId: string | null; name: string; mime: string; size: number; sha256: string; note: string; text: string;
    textStatus?: TextStatus; attachments?: Attachment[]; actorId: string | null; now: Date;
  },
): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into records_document_versions
      (tenant_id, document_id, version, stored_file_id, name, mime, size, sha256, note, content_text, search, text_status, attachments, created_at, created_by)
    values (${v.tenantId}, ${v.documentId}, ${v.version}, ${v.storedFileId}, ${v.name}, ${v.mime}, ${v.size}, ${v.sha256}, ${v.note}, ${v.text},
      records_search_vector(${v.name}, ${v.text}), ${v.textStatus ?? (v.text ? 'complete' : 'none')},
      ${JSON.stringify(v.attachments ?? [])}::jsonb, ${v.now}, ${v.actorId}) returning id`);
  return r!.id;
}

/** Moves the document's pointer to a new version; only from the version the caller saw (no lost update). */
export async function bumpVersion(tx: Tx, tenantId: string, documentId: string, from: number): Promise<boolean> {
  return (await tx.exec(sql`update records_documents set current_version = ${from + 1} where tenant_id = ${tenantId} and id = ${documentId} and current_version = ${from}`)) === 1;
}

export async function documentsOfCase(db: Queryable, tenantId: string, caseId: string): Promise<RecordDocument[]> {
  return db.rows(sql`select ${docCols} from records_documents d where d.tenant_id = ${tenantId} and d.case_id = ${caseId} order by d.created_at, d.document_date, d.id`);
}

export async function documentById(db: Queryable, tenantId: string, id: string): Promise<RecordDocument | undefined> {
  return db.one(sql`select ${docCols} from records_documents d where d.tenant_id = ${tenantId} and d.id = ${id}`);
}

/** The documents of a file in filing order, with name, type and size of their current version. */
export async function documentsOfFile(db: Queryable, tenantId: string, fileId: string): Promise<DocumentRow[]> {
  return db.rows(sql`select ${docCols}, v.name, v.mime, v.size
    from records_documents d join records_document_versions v on v.document_id = d.id and v.version = d.current_version and v.tenant_id = ${tenantId}
    where d.tenant_id = ${tenantId} and d.file_id = ${fileId} order by d.created_at, d.document_date, d.id`);
}

const versionCols = sql`v.id, v.document_id as "documentId", v.version, v.stored_file_id as "storedFileId", v.name, v.mime, v.size, v.sha256, v.note,
  v.text_status as "textStatus", v.attachments, v.created_at as "createdAt", v.created_by as "createdBy", u.display_name as "createdByName"`;

export async function versionsOf(db: Queryable, tenantId: string, documentId: string): Promise<Version[]> {
  return db.rows(sql`select ${versionCols} from records_document_versions v left join users u on u.id = v.created_by and u.tenant_id = ${tenantId}
    where v.tenant_id = ${tenantId} and v.document_id = ${documentId} order by v.version desc`);
}

export async function versionOf(db: Queryable, tenantId: string, documentId: string, version: number): Promise<Version | undefined> {
  return db.one(sql`select ${versionCols} from records_document_versions v left join users u on u.id = v.created_by and u.tenant_id = ${tenantId}
    where v.tenant_id = ${tenantId} and v.document_id = ${documentId} and v.version = ${version}`);
}

/** Every version of every document of a file, oldest document first (export, tombstone). */
export async function versionsOfFile(db: Queryable, tenantId: string, fileId: string): Promise<(Version & { documentTitle: string })[]> {
  return db.rows(sql`select ${versionCols}, d.title as "documentTitle"
    from records_document_versions v join records_documents d on d.id = v.document_id and d.tenant_id = ${tenantId}
    left join users u on u.id = v.created_by and u.tenant_id = ${tenantId}
    where v.tenant_id = ${tenantId} and d.file_id = ${fileId} order by d.created_at, d.document_date, d.id, v.version`);
}

/** The extracted text of one version (shown to staff as a preview; never for a purged version). */
export async function versionText(db: Queryable, tenantId: string, documentId: string, version: number, max: number): Promise<string> {
  const r = await db.one<{ text: string }>(sql`select left(content_text, ${max}) as text from records_document_versions
    where tenant_id = ${tenantId} and document_id = ${documentId} and version = ${version}`);
  return r?.text ?? '';
}

/**
 * Disposal by deletion: the versions keep number, size and hash (they are the tombstone's evidence) but lose
 * their stored file, text, search vector, attachment list and original name; the documents lose correspondent
 * and subject. Returns the stored files to remove.
 */
export async function purgeFileContent(tx: Tx, tenantId: string, fileId: string): Promise<string[]> {
  const ids = await tx.rows<{ id: string }>(sql`select v.stored_file_id as id from records_document_versions v
      join records_documents d on d.id = v.document_id and d.tenant_id = ${tenantId}
    where v.tenant_id = ${tenantId} and d.file_id = ${fileId} and v.stored_file_id is not null`);
  await tx.exec(sql`update records_document_versions v set stored_file_id = null, content_text = '', search = ''::tsvector, attachments = '[]'::jsonb, name = ''
    from records_documents d where d.id = v.document_id and d.tenant_id = ${tenantId} and d.file_id = ${fileId} and v.tenant_id = ${tenantId}`);
  await tx.exec(sql`update records_documents set correspondent = '', subject = '' where tenant_id = ${tenantId} and file_id = ${fileId}`);
  return ids.map((r) => r.id);
}

// ---------------------------------------------------------------- access log

export async function logAccess(
  tx: Queryable,
  a: { tenantId: string; documentId: string; version: number; userId: string | null; kind: 'view' | 'download'; channel: 'staff' | 'inspection'; inspectionId?: string | null; now: Date },
): Promise<void> {
  await tx.exec(sql`insert into records_access_log (tenant_id, document_id, version, user_id, kind, channel, inspection_id, at)
    values (${a.tenantId}, ${a.documentId}, ${a.version}, ${a.userId}, ${a.kind}, ${a.channel}, ${a.inspectionId ?? null}, ${a.now})`);
}

const accessCols = sql`l.at, l.kind, l.channel, l.version, u.display_name as "userName", l.inspection_id as "inspectionId", d.title as "documentTitle"`;

/** The newest accesses to a document (who, when, which version, how). */
export async function accessLogOfDocument(db: Queryable, tenantId: string, documentId: string, limit: number): Promise<AccessEntry[]> {
  return db.rows(sql`select ${accessCols} from records_access_log l
      join records_documents d on d.id = l.document_id and d.tenant_id = ${tenantId}
      left join users u on u.id = l.user_id and u.tenant_id = ${tenantId}
    where l.tenant_id = ${tenantId} and l.document_id = ${documentId} order by l.at desc, l.id desc limit ${limit}`);
}

export async function accessLogOfInspection(db: Queryable, tenantId: string, inspectionId: string, limit: number): Promise<AccessEntry[]> {
  return db.rows(sql`select ${accessCols} from records_access_log l
      join records_documents d on d.id = l.document_id and d.tenant_id = ${tenantId}
      left join users u on u.id = l.user_id and u.tenant_id = ${tenantId}
    where l.tenant_id = ${tenantId} and l.inspection_id = ${inspectionId} order by l.at desc, l.id desc limit ${limit}`);
}

// ---------------------------------------------------------------- full-text search

const HEADLINE = 'StartSel=\u0001, StopSel=\u0002, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "';
/** ts_headline reads the whole text it is given; a prefix keeps a page of results cheap. */
const HEADLINE_CHARS = 50_000;

/**
 * German full-text search over the current versions of a tenant's documents, best match first. The GIN index
 * on `search` finds the candidates; only the page's rows get a headline. Returns limit + 1 rows at most.
 */
/**
 * Ranked search over current versions. Ranking every match of a common word ("Bescheid") would read tens of
 * thousands of search vectors, so the candidates are the newest RANK_WINDOW matches: for rare words that is every
 * match (exact ranking); for common ones the planner walks the documents newest first and stops early.
 */
export const RANK_WINDOW = 1000;

export async function searchCurrentVersions(db: Queryable, tenantId: string, q: string, limit: number, offset: number): Promise<SearchHit[]> {
  const window = Math.max(RANK_WINDOW, offset + limit + 1);
  // The query expression is written out (not a CTE) so the planner can estimate how common the words are.
  return db.rows(sql`with query as (select websearch_to_tsquery('german', ${q}) as q),
    candidates as (
      select d.id as document_id, v.version, v.search
      from records_documents d
        join records_document_versions v on v.document_id = d.id and v.version = d.current_version
      where d.tenant_id = ${tenantId} and v.tenant_id = ${tenantId} and v.search @@ websearch_to_tsquery('german', ${q})
      order by d.created_at desc, d.id desc
      limit ${window}
    ),
    hits as (
      select c.document_id, c.version, ts_rank(c.search, query.q) as rank
      from candidates c cross join query
      order by rank desc, c.document_id
      limit ${limit + 1} offset ${offset}
    )
    select d.id as "documentId", d.title, d.direction, d.document_date as "documentDate", d.restricted, h.version, f.id as "fileId", f.number as "fileNumber",
      f.title as "fileTitle", h.rank,
      case when d.restricted then null else ts_headline('german', left(v.content_text, ${HEADLINE_CHARS}), query.q, ${HEADLINE}) end as snippet
    from hits h cross join query
      join records_documents d on d.id = h.document_id and d.tenant_id = ${tenantId}
      join records_document_versions v on v.document_id = h.document_id and v.version = h.version and v.tenant_id = ${tenantId}
      join records_files f on f.id = d.file_id and f.tenant_id = ${tenantId}
    order by h.rank desc, h.document_id`);
}
