// SQL of file inspection (Akteneinsicht): grants, their documents (pinned to a version), revocation. Tenant-scoped.
import { sql, type Queryable, type Tx } from '../../kernel/index.ts';
import type { Direction } from './repository.ts';

export interface Inspection {
  id: string;
  fileId: string;
  fileNumber: string;
  fileTitle: string;
  granteeId: string;
  granteeName: string;
  granteeEmail: string;
  note: string;
  validFrom: Date;
  validUntil: Date;
  grantedBy: string;
  grantedByName: string | null;
  grantedAt: Date;
  revokedAt: Date | null;
  documents: number;
}

export interface InspectionDocument {
  documentId: string;
  version: number;
  title: string;
  direction: Direction;
  documentDate: string;
  name: string;
  mime: string;
  size: number;
  storedFileId: string | null;
}

const cols = (tenantId: string) => sql`i.id, i.file_id as "fileId", f.number as "fileNumber", f.title as "fileTitle", i.grantee_user_id as "granteeId",
  g.display_name as "granteeName", g.email as "granteeEmail", i.note, i.valid_from as "validFrom", i.valid_until as "validUntil", i.granted_by as "grantedBy",
  s.display_name as "grantedByName", i.granted_at as "grantedAt", i.revoked_at as "revokedAt",
  (select count(*)::int from records_inspection_documents x where x.tenant_id = ${tenantId} and x.inspection_id = i.id) as documents`;
const from = (tenantId: string) => sql`from records_inspections i
  join records_files f on f.id = i.file_id and f.tenant_id = ${tenantId}
  join users g on g.id = i.grantee_user_id and g.tenant_id = ${tenantId}
  left join users s on s.id = i.granted_by and s.tenant_id = ${tenantId}`;

export async function insertInspection(
  tx: Tx,
  i: { tenantId: string; fileId: string; granteeId: string; note: string; validFrom: Date; validUntil: Date; grantedBy: string; now: Date; documents: { id: string; version: number }[] },
): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into records_inspections (tenant_id, file_id, grantee_user_id, note, valid_from, valid_until, granted_by, granted_at)
    values (${i.tenantId}, ${i.fileId}, ${i.granteeId}, ${i.note}, ${i.validFrom}, ${i.validUntil}, ${i.grantedBy}, ${i.now}) returning id`);
  for (const d of i.documents) {
    await tx.exec(sql`insert into records_inspection_documents (tenant_id, inspection_id, document_id, version) values (${i.tenantId}, ${r!.id}, ${d.id}, ${d.version})`);
  }
  return r!.id;
}

export async function inspectionById(db: Queryable, tenantId: string, id: string): Promise<Inspection | undefined> {
  return db.one(sql`select ${cols(tenantId)} ${from(tenantId)} where i.tenant_id = ${tenantId} and i.id = ${id}`);
}

export async function inspectionsOfFile(db: Queryable, tenantId: string, fileId: string): Promise<Inspection[]> {
  return db.rows(sql`select ${cols(tenantId)} ${from(tenantId)} where i.tenant_id = ${tenantId} and i.file_id = ${fileId} order by i.granted_at desc`);
}

/** The citizen's grants that are not revoked and have not ended (current and upcoming). */
export async function inspectionsOfGrantee(db: Queryable, tenantId: string, userId: string, now: Date): Promise<Inspection[]> {
  return db.rows(sql`select ${cols(tenantId)} ${from(tenantId)} where i.tenant_id = ${tenantId} and i.grantee_user_id = ${userId}
    and i.revoked_at is null and i.valid_until > ${now} order by i.valid_from, i.id`);
}

/** Every grant of the citizen (for the Art. 15 page and account deletion). */
export async function allInspectionsOfGrantee(db: Queryable, tenantId: string, userId: string): Promise<Inspection[]> {
  return db.rows(sql`select ${cols(tenantId)} ${from(tenantId)} where i.tenant_id = ${tenantId} and i.grantee_user_id = ${userId} order by i.granted_at`);
}

/** The released documents at their released version. */
export async function inspectionDocuments(db: Queryable, tenantId: string, inspectionId: string): Promise<InspectionDocument[]> {
  return db.rows(sql`select x.document_id as "documentId", x.version, d.title, d.direction, d.document_date as "documentDate", v.name, v.mime, v.size,
      v.stored_file_id as "storedFileId"
    from records_inspection_documents x
      join records_documents d on d.id = x.document_id and d.tenant_id = ${tenantId}
      join records_document_versions v on v.document_id = x.document_id and v.version = x.version and v.tenant_id = ${tenantId}
    where x.tenant_id = ${tenantId} and x.inspection_id = ${inspectionId} order by d.document_date, d.created_at, d.id`);
}

export async function revokeInspection(tx: Tx, tenantId: string, id: string, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update records_inspections set revoked_at = ${now} where tenant_id = ${tenantId} and id = ${id} and revoked_at is null`)) === 1;
}
