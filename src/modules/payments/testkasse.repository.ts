import { sql, type Queryable, type Tx } from '../../kernel/index.ts';

/** The embedded provider's own books (it stands for an external service; only the Testkasse reads them). */
export interface TxRow {
  id: string;
  amount_cents: number;
  purpose: string;
  reference: string;
  notify_url: string;
  return_url: string;
  status: 'INITIAL' | 'PAYED' | 'FAILED' | 'CANCELED';
  merchant: string;
}

export async function insertTx(db: Queryable, o: { txId: string; tenantId: string; amountCents: number; purpose: string; reference: string; notifyUrl: string; returnUrl: string; now: Date }): Promise<void> {
  await db.exec(sql`insert into testkasse_transactions (id, merchant, amount_cents, purpose, reference, notify_url, return_url, status, created_at, tenant_id)
    values (${o.txId}, 'amtsstube', ${o.amountCents}, ${o.purpose}, ${o.reference}, ${o.notifyUrl}, ${o.returnUrl}, 'INITIAL', ${o.now}, ${o.tenantId})`);
}

export async function findTx(db: Queryable, id: string): Promise<TxRow | undefined> {
  return db.one<TxRow>(sql`select id, amount_cents, purpose, reference, notify_url, return_url, status, merchant from testkasse_transactions where id = ${id}`);
}

export async function settleTx(tx: Tx, id: string, status: TxRow['status']): Promise<boolean> {
  return (await tx.exec(sql`update testkasse_transactions set status = ${status} where id = ${id} and status = 'INITIAL'`)) === 1;
}
