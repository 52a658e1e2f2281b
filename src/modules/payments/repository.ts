import { sql, type Queryable, type Tx } from '../../kernel/index.ts';

export type PaymentStatus = 'INITIAL' | 'PAYED' | 'FAILED' | 'CANCELED';
export type PaymentPolicy = 'none' | 'before' | 'after';

export interface Payment {
  id: string;
  userId: string;
  applicationId: string | null;
  purpose: string;
  amountCents: number;
  kassenzeichen: string;
  provider: string;
  providerTxId: string | null;
  status: PaymentStatus;
  createdAt: Date;
  tenantId: string;
}

const cols = sql`id, tenant_id as "tenantId", user_id as "userId", application_id as "applicationId", purpose, amount_cents as "amountCents",
  kassenzeichen, provider, provider_tx_id as "providerTxId", status, created_at as "createdAt"`;

export async function policyFor(db: Queryable, tenantId: string, serviceSlug: string | null): Promise<PaymentPolicy> {
  if (!serviceSlug) return 'none';
  const r = await db.one<{ policy: PaymentPolicy }>(sql`select policy from payment_policies where tenant_id = ${tenantId} and service_slug = ${serviceSlug}`);
  return r?.policy ?? 'none';
}

export async function setPolicy(tx: Tx, tenantId: string, serviceSlug: string, policy: PaymentPolicy): Promise<void> {
  await tx.exec(sql`insert into payment_policies (tenant_id, service_slug, policy) values (${tenantId}, ${serviceSlug}, ${policy})
    on conflict (tenant_id, service_slug) do update set policy = excluded.policy`);
}

export async function nextSeq(tx: Tx, tenantId: string, year: number): Promise<number> {
  await tx.exec(sql`insert into payment_counters (tenant_id, year, last) values (${tenantId}, ${year}, 0) on conflict do nothing`);
  return (await tx.one<{ last: number }>(sql`update payment_counters set last = last + 1 where tenant_id = ${tenantId} and year = ${year} returning last`))!.last;
}

export async function openPaymentOf(db: Queryable, tenantId: string, applicationId: string): Promise<Payment | undefined> {
  return db.one<Payment>(sql`select ${cols} from payments where tenant_id = ${tenantId} and application_id = ${applicationId} and status in ('INITIAL', 'PAYED') order by created_at desc limit 1`);
}

export async function insertPayment(tx: Tx, o: { tenantId: string; userId: string; applicationId: string | null; purpose: string; amountCents: number; kassenzeichen: string; provider: string; now: Date }): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into payments (tenant_id, user_id, application_id, purpose, amount_cents, kassenzeichen, provider, status, created_at, updated_at)
    values (${o.tenantId}, ${o.userId}, ${o.applicationId}, ${o.purpose}, ${o.amountCents}, ${o.kassenzeichen}, ${o.provider}, 'INITIAL', ${o.now}, ${o.now}) returning id`);
  return r!.id;
}

export async function setProviderTx(db: Queryable, tenantId: string, id: string, txId: string): Promise<void> {
  await db.exec(sql`update payments set provider_tx_id = ${txId} where tenant_id = ${tenantId} and id = ${id} and provider_tx_id is null`);
}

export async function paymentById(db: Queryable, tenantId: string, id: string): Promise<Payment | undefined> {
  return db.one<Payment>(sql`select ${cols} from payments where tenant_id = ${tenantId} and id = ${id}`);
}

/** Provider notifications are not tenant-addressed; the provider's transaction id finds the payment. */
export async function paymentByProviderTx(db: Queryable, provider: string, txId: string): Promise<Payment | undefined> {
  return db.one<Payment>(sql`select ${cols} from payments where provider = ${provider} and provider_tx_id = ${txId}`);
}

/** A payment leaves INITIAL once; PAYED, FAILED and CANCELED are final. */
export async function transition(tx: Tx, tenantId: string, id: string, status: PaymentStatus, method: string, now: Date): Promise<boolean> {
  const n = await tx.exec(sql`update payments set status = ${status}, payment_method = ${method}, updated_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and status = 'INITIAL'`);
  return n === 1;
}

/** Records a notification by its id; false when the same notification came before (replay). */
export async function recordNotification(tx: Tx, o: { tenantId: string | null; paymentId: string | null; notificationId: string; valid: boolean; outcome: string; now: Date }): Promise<boolean> {
  const r = await tx.one<{ id: string }>(sql`insert into payment_notifications (tenant_id, payment_id, received_at, notification_id, signature_valid, outcome)
    values (${o.tenantId}, ${o.paymentId}, ${o.now}, ${o.notificationId}, ${o.valid}, ${o.outcome}) on conflict (notification_id) do nothing returning id`);
  return !!r;
}

export async function pendingPayments(db: Queryable, olderThan: Date, limit = 100): Promise<Payment[]> {
  return db.rows<Payment>(sql`select ${cols} from payments where status = 'INITIAL' and provider_tx_id is not null and updated_at < ${olderThan} order by updated_at limit ${limit}`);
}

export async function paymentsOfApplication(db: Queryable, tenantId: string, applicationId: string): Promise<Payment[]> {
  return db.rows<Payment>(sql`select ${cols} from payments where tenant_id = ${tenantId} and application_id = ${applicationId} order by created_at`);
}
