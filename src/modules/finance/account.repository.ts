// Read model of the Bürgerkonto's "Gebühren und Steuern": a citizen's claims through the debtor records linked to the
// account. Every query is a fixed number of index range scans (debtor → claims / instalments / bookings), whatever the
// number of claims; lists are paged.
import { sql, type Queryable } from '../../kernel/index.ts';
import { claimCols, type BookingSource, type Claim, type ClaimType } from './repository.ts';

const mine = (tenantId: string, userId: string) => sql`(select id from finance_debtors where tenant_id = ${tenantId} and user_id = ${userId})`;

export interface AccountSummary {
  openCount: number;
  overdueCount: number;
  settledCount: number;
  openCents: number;
  overdueCents: number;
  creditCents: number;
  /** Earliest due date today or later of an open instalment, and what is due on it. */
  nextDue: string | null;
  nextDueCents: number;
  years: number[];
}

/** Counts and sums over all of a citizen's claims (one statement). */
export async function accountSummary(db: Queryable, tenantId: string, userId: string, today: string): Promise<AccountSummary> {
  const r = await db.one<AccountSummary>(sql`
    with c as (select state, next_due_date, open_cents, credit_cents, year from finance_claims where tenant_id = ${tenantId} and debtor_id in ${mine(tenantId, userId)}),
         i as (select due_date, open_cents from finance_instalments where tenant_id = ${tenantId} and debtor_id in ${mine(tenantId, userId)} and state = 'open'),
         n as (select min(due_date) as d from i where due_date >= ${today})
    select (select count(*) from c where state = 'open')::int as "openCount",
           (select count(*) from c where state = 'open' and next_due_date < ${today})::int as "overdueCount",
           (select count(*) from c where state <> 'open')::int as "settledCount",
           (select coalesce(sum(open_cents), 0) from c where state = 'open')::bigint as "openCents",
           (select coalesce(sum(open_cents), 0) from i where due_date < ${today})::bigint as "overdueCents",
           (select coalesce(sum(credit_cents), 0) from c)::bigint as "creditCents",
           (select d from n) as "nextDue",
           (select coalesce(sum(open_cents), 0) from i where due_date = (select d from n))::bigint as "nextDueCents",
           coalesce((select array_agg(distinct year order by year desc) from c), '{}') as years`);
  return r!;
}

export interface DueItem {
  claimId: string;
  kassenzeichen: string;
  type: ClaimType;
  title: string;
  dueDate: string;
  openCents: number;
}

/** The earliest open instalments (overdue ones first, as they are the oldest). */
export async function upcomingInstalments(db: Queryable, tenantId: string, userId: string, limit: number): Promise<DueItem[]> {
  return db.rows<DueItem>(sql`select c.id as "claimId", c.kassenzeichen, c.type, c.title, i.due_date as "dueDate", i.open_cents as "openCents"
    from finance_instalments i join finance_claims c on c.tenant_id = i.tenant_id and c.id = i.claim_id
    where i.tenant_id = ${tenantId} and i.debtor_id in ${mine(tenantId, userId)} and i.state = 'open'
    order by i.due_date, c.kassenzeichen limit ${limit}`);
}

export type AccountTab = 'offen' | 'erledigt' | 'alle';
export const ACCOUNT_TABS: readonly AccountTab[] = ['offen', 'erledigt', 'alle'];

/** One page of a citizen's claims: open ones by next due date, settled ones by year; `limit + 1` rows tell "more". */
export async function accountClaims(db: Queryable, tenantId: string, userId: string, o: { tab: AccountTab; year?: number | undefined; offset: number; limit: number }): Promise<Claim[]> {
  const where = [sql`c.tenant_id = ${tenantId}`, sql`c.debtor_id in ${mine(tenantId, userId)}`];
  if (o.tab === 'offen') where.push(sql`c.state = 'open'`);
  if (o.tab === 'erledigt') where.push(sql`c.state <> 'open'`);
  if (o.year !== undefined) where.push(sql`c.year = ${o.year}`);
  const order = o.tab === 'offen' ? sql`next_due_date, kassenzeichen` : sql`year desc, kassenzeichen`;
  // Page first (index range scan on the debtor's claims), then join the few rows of the page.
  return db.rows<Claim>(sql`select ${claimCols} from (select * from finance_claims c where ${sql.join(where, ' and ')} order by ${order} limit ${o.limit} offset ${o.offset}) c
    join finance_debtors d on d.tenant_id = c.tenant_id and d.id = c.debtor_id order by ${o.tab === 'offen' ? sql`c.next_due_date, c.kassenzeichen` : sql`c.year desc, c.kassenzeichen`}`);
}

export interface HistoryItem {
  id: string;
  cents: number;
  source: BookingSource;
  valueDate: string;
  bookedAt: Date;
  claimId: string;
  kassenzeichen: string;
  title: string;
}

/** A citizen's payment history across all claims, newest first. */
export async function accountBookings(db: Queryable, tenantId: string, userId: string, o: { offset: number; limit: number }): Promise<HistoryItem[]> {
  return db.rows<HistoryItem>(sql`select b.id, b.cents, b.source, b.value_date as "valueDate", b.booked_at as "bookedAt", c.id as "claimId", c.kassenzeichen, c.title
    from (select id, tenant_id, claim_id, cents, source, value_date, booked_at from finance_bookings
          where tenant_id = ${tenantId} and debtor_id in ${mine(tenantId, userId)} order by booked_at desc, id desc limit ${o.limit} offset ${o.offset}) b
    join finance_claims c on c.tenant_id = b.tenant_id and c.id = b.claim_id
    order by b.booked_at desc, b.id desc`);
}

/** Open claims and the next due date, for the Bürgerkonto start page. */
export async function accountTeaser(db: Queryable, tenantId: string, userId: string, today: string): Promise<{ debtors: number; open: number; overdue: number; nextDue: string | null }> {
  const r = await db.one<{ debtors: number; open: number; overdue: number; nextDue: string | null }>(sql`select (select count(*) from finance_debtors where tenant_id = ${tenantId} and user_id = ${userId})::int as debtors,
      count(*)::int as open,
      count(*) filter (where next_due_date < ${today})::int as overdue,
      (select min(due_date) from finance_instalments where tenant_id = ${tenantId} and debtor_id in ${mine(tenantId, userId)} and state = 'open' and due_date >= ${today}) as "nextDue"
    from finance_claims where tenant_id = ${tenantId} and debtor_id in ${mine(tenantId, userId)} and state = 'open'`);
  return r!;
}
