// SQL of retention and disposal (Aussonderung): due files, proposals, decisions, tombstones. Tenant-scoped,
// except `dueFiles`, which the daily job runs across all municipalities and which returns each row's tenant.
import { sql, type Queryable, type Tx } from '../../kernel/index.ts';
import type { RetentionAction } from './repository.ts';

export type DisposalStatus = 'proposed' | 'approved' | 'rejected' | 'done';

export interface Disposal {
  id: string;
  fileId: string;
  action: RetentionAction;
  status: DisposalStatus;
  proposedAt: Date;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  reason: string;
  doneAt: Date | null;
  tombstone: Tombstone | null;
  packageFileId: string | null;
  fileNumber: string;
  fileTitle: string;
  fileStatus: string;
  closedAt: Date | null;
  disposalDue: string | null;
  planCode: string;
  planTitle: string;
}

/** What remains of a deleted file: what was deleted, when, and by whose approval. */
export interface Tombstone {
  schema: 1;
  action: RetentionAction;
  fileNumber: string;
  fileTitle: string;
  planCode: string;
  planTitle: string;
  openedAt: string;
  closedAt: string | null;
  disposalDue: string | null;
  documents: { title: string; direction: string; documentDate: string; versions: { version: number; sha256: string; size: number; mime: string; createdAt: string }[] }[];
  proposedAt: string;
  approvedBy: { id: string; name: string };
  approvedAt: string;
  reason: string;
  package?: { sha256: string; size: number; stored: boolean };
}

/** Closed files whose retention has run out and that have no open proposal yet (all tenants; the job's batch). */
export async function dueFiles(db: Queryable, today: string, limit: number): Promise<{ tenantId: string; fileId: string; planItemId: string; number: string }[]> {
  return db.rows(sql`select f.tenant_id as "tenantId", f.id as "fileId", f.plan_item_id as "planItemId", f.number from records_files f
    where f.status = 'closed' and f.disposal_due <= ${today}
      and not exists (select 1 from records_disposals x where x.tenant_id = f.tenant_id and x.file_id = f.id and x.status in ('proposed', 'approved'))
    order by f.disposal_due, f.id limit ${limit}`);
}

/** A proposal; undefined when one is already open for the file (the partial unique index decides). */
export async function insertProposal(tx: Tx, p: { tenantId: string; fileId: string; action: RetentionAction; proposedBy: string | null; now: Date }): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into records_disposals (tenant_id, file_id, action, status, proposed_at, proposed_by)
    values (${p.tenantId}, ${p.fileId}, ${p.action}, 'proposed', ${p.now}, ${p.proposedBy})
    on conflict (file_id) where status in ('proposed', 'approved') do nothing returning id`);
  return r?.id;
}

const cols = sql`x.id, x.file_id as "fileId", x.action, x.status, x.proposed_at as "proposedAt", x.decided_by as "decidedBy", u.display_name as "decidedByName",
  x.decided_at as "decidedAt", x.reason, x.done_at as "doneAt", x.tombstone, x.package_file_id as "packageFileId",
  f.number as "fileNumber", f.title as "fileTitle", f.status as "fileStatus", f.closed_at as "closedAt", f.disposal_due as "disposalDue",
  p.code as "planCode", p.title as "planTitle"`;
const from = (tenantId: string) => sql`from records_disposals x
  join records_files f on f.id = x.file_id and f.tenant_id = ${tenantId}
  join records_plan_items p on p.id = f.plan_item_id and p.tenant_id = ${tenantId}
  left join users u on u.id = x.decided_by and u.tenant_id = ${tenantId}`;

export async function openProposals(db: Queryable, tenantId: string, limit: number): Promise<Disposal[]> {
  return db.rows(sql`select ${cols} ${from(tenantId)} where x.tenant_id = ${tenantId} and x.status = 'proposed' order by f.disposal_due, f.number limit ${limit}`);
}

export async function decidedDisposals(db: Queryable, tenantId: string, limit: number): Promise<Disposal[]> {
  return db.rows(sql`select ${cols} ${from(tenantId)} where x.tenant_id = ${tenantId} and x.status in ('rejected', 'done') order by x.decided_at desc, x.id limit ${limit}`);
}

export async function disposalById(db: Queryable, tenantId: string, id: string): Promise<Disposal | undefined> {
  return db.one(sql`select ${cols} ${from(tenantId)} where x.tenant_id = ${tenantId} and x.id = ${id}`);
}

export async function disposalsOfFile(db: Queryable, tenantId: string, fileId: string): Promise<Disposal[]> {
  return db.rows(sql`select ${cols} ${from(tenantId)} where x.tenant_id = ${tenantId} and x.file_id = ${fileId} order by x.proposed_at desc`);
}

/** Rejects an open proposal (only once: the status guard makes a second decision a no-op). */
export async function rejectProposal(tx: Tx, tenantId: string, id: string, o: { by: string; reason: string; now: Date }): Promise<boolean> {
  return (await tx.exec(sql`update records_disposals set status = 'rejected', decided_by = ${o.by}, decided_at = ${o.now}, reason = ${o.reason}
    where tenant_id = ${tenantId} and id = ${id} and status = 'proposed'`)) === 1;
}

/** Approves an open proposal; the action is carried out in the same transaction, then `completeDisposal`. */
export async function approveProposal(tx: Tx, tenantId: string, id: string, o: { by: string; reason: string; now: Date }): Promise<boolean> {
  return (await tx.exec(sql`update records_disposals set status = 'approved', decided_by = ${o.by}, decided_at = ${o.now}, reason = ${o.reason}
    where tenant_id = ${tenantId} and id = ${id} and status = 'proposed'`)) === 1;
}

export async function completeDisposal(tx: Tx, tenantId: string, id: string, o: { tombstone: Tombstone; packageFileId: string | null; now: Date }): Promise<boolean> {
  return (await tx.exec(sql`update records_disposals set status = 'done', done_at = ${o.now}, tombstone = ${JSON.stringify(o.tombstone)}::jsonb, package_file_id = ${o.packageFileId}
    where tenant_id = ${tenantId} and id = ${id} and status = 'approved'`)) === 1;
}
