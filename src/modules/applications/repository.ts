import { sql, type Queryable, type Tx } from '../../kernel/index.ts';
import type { Status } from './status.ts';

export interface Application {
  id: string;
  number: string;
  userId: string;
  submissionId: string;
  serviceSlug: string | null;
  title: string;
  status: Status;
  decision: 'approved' | 'rejected' | null;
  decisionReason: string | null;
  feeCents: number | null;
  threadId: string | null;
  paid: boolean;
  /** The case (Vorgang) that handles it, when the back office is switched on. */
  caseId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AppEvent {
  at: Date;
  kind: string;
  status: Status;
  actorKind: string;
  note: string;
}

const cols = sql`id, number, user_id as "userId", submission_id as "submissionId", service_slug as "serviceSlug", title, status, decision,
  decision_reason as "decisionReason", fee_cents as "feeCents", thread_id as "threadId", paid, case_id as "caseId", version, created_at as "createdAt", updated_at as "updatedAt"`;

/** Next number of the tenant's year; the counter row is locked, so numbers have no gaps and no duplicates. */
export async function nextNumber(tx: Tx, tenantId: string, year: number): Promise<{ seq: number; number: string }> {
  await tx.exec(sql`insert into application_counters (tenant_id, year, last) values (${tenantId}, ${year}, 0) on conflict do nothing`);
  const r = await tx.one<{ last: number }>(sql`update application_counters set last = last + 1 where tenant_id = ${tenantId} and year = ${year} returning last`);
  const seq = r!.last;
  return { seq, number: `ANT-${year}-${String(seq).padStart(6, '0')}` };
}

export async function insertApplication(tx: Tx, o: { tenantId: string; number: string; year: number; seq: number; userId: string; submissionId: string; serviceSlug: string | null; title: string; feeCents: number | null; status: Status; now: Date }): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into applications (tenant_id, number, year, seq, user_id, submission_id, service_slug, title, status, fee_cents, created_at, updated_at)
    values (${o.tenantId}, ${o.number}, ${o.year}, ${o.seq}, ${o.userId}, ${o.submissionId}, ${o.serviceSlug}, ${o.title}, ${o.status}, ${o.feeCents}, ${o.now}, ${o.now}) returning id`);
  return r!.id;
}

export async function addEvent(tx: Tx, o: { tenantId: string; applicationId: string; kind: string; status: Status; actorKind: string; note?: string; now: Date }): Promise<void> {
  await tx.exec(sql`insert into application_events (tenant_id, application_id, at, kind, status, actor_kind, note)
    values (${o.tenantId}, ${o.applicationId}, ${o.now}, ${o.kind}, ${o.status}, ${o.actorKind}, ${o.note ?? ''})`);
}

export async function applicationById(db: Queryable, tenantId: string, id: string): Promise<Application | undefined> {
  return db.one<Application>(sql`select ${cols} from applications where tenant_id = ${tenantId} and id = ${id}`);
}

export async function applicationByThread(db: Queryable, tenantId: string, threadId: string): Promise<Application | undefined> {
  return db.one<Application>(sql`select ${cols} from applications where tenant_id = ${tenantId} and thread_id = ${threadId}`);
}

export async function eventsOf(db: Queryable, tenantId: string, applicationId: string): Promise<AppEvent[]> {
  return db.rows<AppEvent>(sql`select at, kind, status, actor_kind as "actorKind", note from application_events
    where tenant_id = ${tenantId} and application_id = ${applicationId} order by at, id`);
}

export async function applicationsOfUser(db: Queryable, tenantId: string, userId: string, limit = 50): Promise<Application[]> {
  return db.rows<Application>(sql`select ${cols} from applications where tenant_id = ${tenantId} and user_id = ${userId} order by created_at desc limit ${limit}`);
}

export async function worklist(db: Queryable, tenantId: string, o: { status?: Status; limit: number; offset: number }): Promise<{ items: Application[]; total: number }> {
  const where = sql`tenant_id = ${tenantId} ${o.status ? sql`and status = ${o.status}` : sql`and status <> 'closed'`}`;
  const [items, total] = await Promise.all([
    db.rows<Application>(sql`select ${cols} from applications where ${where} order by created_at limit ${o.limit} offset ${o.offset}`),
    db.one<{ n: number }>(sql`select count(*)::int as n from applications where ${where}`),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** Moves the application only from the version the clerk saw; a double click or a second clerk gets a conflict. */
export async function updateStatus(tx: Tx, o: { tenantId: string; id: string; version: number; status: Status; decision?: 'approved' | 'rejected'; reason?: string; feeCents?: number | null; threadId?: string; now: Date }): Promise<boolean> {
  const n = await tx.exec(sql`update applications set status = ${o.status}, version = version + 1, updated_at = ${o.now}
      ${o.decision ? sql`, decision = ${o.decision}, decision_reason = ${o.reason ?? ''}` : sql``}
      ${o.feeCents !== undefined ? sql`, fee_cents = ${o.feeCents}` : sql``}
      ${o.threadId ? sql`, thread_id = ${o.threadId}` : sql``}
    where tenant_id = ${o.tenantId} and id = ${o.id} and version = ${o.version}`);
  return n === 1;
}

export async function setThread(tx: Tx, tenantId: string, id: string, threadId: string): Promise<void> {
  await tx.exec(sql`update applications set thread_id = ${threadId} where tenant_id = ${tenantId} and id = ${id} and thread_id is null`);
}

export async function applicationBySubmission(db: Queryable, tenantId: string, submissionId: string): Promise<Application | undefined> {
  return db.one<Application>(sql`select ${cols} from applications where tenant_id = ${tenantId} and submission_id = ${submissionId}`);
}

/** A payment arrived: the application is marked paid and, if it waited for the payment, goes to the clerks. */
export async function markPaid(tx: Tx, tenantId: string, id: string, now: Date): Promise<Status | undefined> {
  const r = await tx.one<{ status: Status }>(sql`update applications set paid = true, status = case when status = 'awaiting_payment' then 'received' else status end,
      version = version + 1, updated_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and not paid returning status`);
  return r?.status;
}

/** Records the case (Vorgang) that handles the application; the first case wins. */
export async function setCase(tx: Tx, tenantId: string, id: string, caseId: string): Promise<boolean> {
  return (await tx.exec(sql`update applications set case_id = ${caseId} where tenant_id = ${tenantId} and id = ${id} and case_id is null`)) === 1;
}
