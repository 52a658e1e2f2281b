// The finance module's SQL for debtors, claims, instalments, bookings, mandates and settings; always tenant-scoped.
import { sql, type Queryable, type Tx } from '../../kernel/index.ts';

export const CLAIM_TYPES = ['grundsteuer', 'hundesteuer', 'gewerbesteuer', 'fee', 'other'] as const;
export type ClaimType = (typeof CLAIM_TYPES)[number];
export type ClaimState = 'open' | 'settled' | 'cancelled';
export type ClaimSource = 'staff' | 'application' | 'import' | 'demo';
export const BOOKING_SOURCES = ['online_payment', 'bank', 'direct_debit', 'manual', 'return', 'reversal'] as const;
export type BookingSource = (typeof BOOKING_SOURCES)[number];
export type DebtorKind = 'person' | 'company';

export interface FinanceSettings {
  accountHolder: string;
  bankName: string;
  iban: string;
  bic: string;
  creditorId: string;
}

export interface Debtor {
  id: string;
  kind: DebtorKind;
  name: string;
  street: string;
  postalCode: string;
  city: string;
  userId: string | null;
  ibans: string[];
  createdAt: Date;
}

export interface Claim {
  id: string;
  debtorId: string;
  debtorName: string;
  debtorUserId: string | null;
  kassenzeichen: string;
  type: ClaimType;
  title: string;
  year: number;
  noticeFileId: string | null;
  noticeDate: string | null;
  source: ClaimSource;
  sourceRef: string | null;
  mandateId: string | null;
  state: ClaimState;
  amountCents: number;
  openCents: number;
  creditCents: number;
  nextDueDate: string | null;
  stopReason: string | null;
  stopUntil: string | null;
  version: number;
  createdAt: Date;
}

export interface Instalment {
  id: string;
  claimId: string;
  seq: number;
  dueDate: string;
  amountCents: number;
  openCents: number;
  state: 'open' | 'settled';
}

export interface Booking {
  id: string;
  claimId: string;
  cents: number;
  source: BookingSource;
  sourceKey: string;
  reference: string;
  reversesId: string | null;
  /** Set when a later return or reversal took this booking back. */
  reversedBy: string | null;
  valueDate: string;
  bookedAt: Date;
  /** Cents allocated to instalments; the rest went to (or came from) the claim's credit. */
  allocatedCents: number;
}

export interface Mandate {
  id: string;
  debtorId: string;
  mandateRef: string;
  iban: string;
  bic: string;
  accountHolder: string;
  creditorId: string;
  signedOn: string;
  state: 'active' | 'revoked';
  revokedOn: string | null;
}

// ---------------------------------------------------------------- settings and counters

/** The bank details on notices; empty strings until the treasury saves them. */
export async function financeSettings(db: Queryable, tenantId: string): Promise<FinanceSettings> {
  const r = await db.one<FinanceSettings>(sql`select account_holder as "accountHolder", bank_name as "bankName", iban, bic, creditor_id as "creditorId"
    from finance_settings where tenant_id = ${tenantId}`);
  return r ?? { accountHolder: '', bankName: '', iban: '', bic: '', creditorId: '' };
}

/** Creates or replaces the tenant's finance settings. */
export async function saveFinanceSettings(tx: Tx, tenantId: string, s: FinanceSettings, now: Date): Promise<void> {
  await tx.exec(sql`insert into finance_settings (tenant_id, account_holder, bank_name, iban, bic, creditor_id, updated_at)
    values (${tenantId}, ${s.accountHolder}, ${s.bankName}, ${s.iban}, ${s.bic}, ${s.creditorId}, ${now})
    on conflict (tenant_id) do update set account_holder = excluded.account_holder, bank_name = excluded.bank_name, iban = excluded.iban,
      bic = excluded.bic, creditor_id = excluded.creditor_id, updated_at = excluded.updated_at`);
}

/** The next number of the tenant's Kassenzeichen sequence for a year; one atomic statement, safe under concurrency. */
export async function nextKzSeq(tx: Tx, tenantId: string, year: number): Promise<number> {
  const r = await tx.one<{ last: number }>(sql`insert into finance_kz_counters (tenant_id, year, last) values (${tenantId}, ${year}, 1)
    on conflict (tenant_id, year) do update set last = finance_kz_counters.last + 1 returning last`);
  return r!.last;
}

/** True when a claim of the tenant already carries this Kassenzeichen. */
export async function kassenzeichenTaken(db: Queryable, tenantId: string, kz: string): Promise<boolean> {
  return !!(await db.one(sql`select 1 from finance_claims where tenant_id = ${tenantId} and kassenzeichen = ${kz}`));
}

// ---------------------------------------------------------------- debtors

const debtorCols = sql`id, kind, name, street, postal_code as "postalCode", city, user_id as "userId", ibans, created_at as "createdAt"`;

/** Inserts a debtor; returns its id. */
export async function insertDebtor(tx: Tx, o: { tenantId: string; kind: DebtorKind; name: string; street: string; postalCode: string; city: string; userId: string | null; ibans: string[]; now: Date }): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into finance_debtors (tenant_id, kind, name, street, postal_code, city, user_id, ibans, created_at, updated_at)
    values (${o.tenantId}, ${o.kind}, ${o.name}, ${o.street}, ${o.postalCode}, ${o.city}, ${o.userId}, ${o.ibans}::text[], ${o.now}, ${o.now}) returning id`);
  return r!.id;
}

/** A debtor of the tenant (undefined for other tenants' ids). */
export async function debtorById(db: Queryable, tenantId: string, id: string): Promise<Debtor | undefined> {
  return db.one<Debtor>(sql`select ${debtorCols} from finance_debtors where tenant_id = ${tenantId} and id = ${id}`);
}

/** The debtor records linked to a Bürgerkonto, oldest first. */
export async function debtorsOfUser(db: Queryable, tenantId: string, userId: string): Promise<Debtor[]> {
  return db.rows<Debtor>(sql`select ${debtorCols} from finance_debtors where tenant_id = ${tenantId} and user_id = ${userId} order by created_at, id`);
}

/** Debtors for the staff's choice list, by name. */
export async function listDebtors(db: Queryable, tenantId: string, limit: number): Promise<Debtor[]> {
  return db.rows<Debtor>(sql`select ${debtorCols} from finance_debtors where tenant_id = ${tenantId} order by lower(name), id limit ${limit}`);
}

/** Remembers an IBAN that paid for the debtor (for matching later statements); no duplicates. */
export async function addDebtorIban(tx: Tx, tenantId: string, debtorId: string, iban: string, now: Date): Promise<void> {
  await tx.exec(sql`update finance_debtors set ibans = array_append(ibans, ${iban}::text), updated_at = ${now}
    where tenant_id = ${tenantId} and id = ${debtorId} and not (${iban}::text = any(ibans))`);
}

// ---------------------------------------------------------------- mandates

const mandateCols = sql`id, debtor_id as "debtorId", mandate_ref as "mandateRef", iban, bic, account_holder as "accountHolder", creditor_id as "creditorId",
  signed_on as "signedOn", state, revoked_on as "revokedOn"`;

/** Inserts a mandate; undefined when the Mandatsreferenz is taken in this tenant. */
export async function insertMandate(tx: Tx, o: { tenantId: string; debtorId: string; mandateRef: string; iban: string; bic: string; accountHolder: string; creditorId: string; signedOn: string; now: Date }): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into finance_mandates (tenant_id, debtor_id, mandate_ref, iban, bic, account_holder, creditor_id, signed_on, created_at, updated_at)
    values (${o.tenantId}, ${o.debtorId}, ${o.mandateRef}, ${o.iban}, ${o.bic}, ${o.accountHolder}, ${o.creditorId}, ${o.signedOn}, ${o.now}, ${o.now})
    on conflict (tenant_id, mandate_ref) do nothing returning id`);
  return r?.id;
}

/** A debtor's mandates, newest first. */
export async function mandatesOfDebtor(db: Queryable, tenantId: string, debtorId: string): Promise<Mandate[]> {
  return db.rows<Mandate>(sql`select ${mandateCols} from finance_mandates where tenant_id = ${tenantId} and debtor_id = ${debtorId} order by signed_on desc, id`);
}

/** A mandate of the tenant. */
export async function mandateById(db: Queryable, tenantId: string, id: string): Promise<Mandate | undefined> {
  return db.one<Mandate>(sql`select ${mandateCols} from finance_mandates where tenant_id = ${tenantId} and id = ${id}`);
}

/** Revokes an active mandate; false when it was revoked already. */
export async function revokeMandate(tx: Tx, tenantId: string, id: string, on: string, now: Date): Promise<boolean> {
  return (await tx.exec(sql`update finance_mandates set state = 'revoked', revoked_on = ${on}, updated_at = ${now} where tenant_id = ${tenantId} and id = ${id} and state = 'active'`)) === 1;
}

// ---------------------------------------------------------------- claims

/** The columns of a `Claim` (claims `c` joined with debtors `d`), shared with the account read model. */
export const claimCols = sql`c.id, c.debtor_id as "debtorId", d.name as "debtorName", d.user_id as "debtorUserId", c.kassenzeichen, c.type, c.title, c.year,
  c.notice_file_id as "noticeFileId", c.notice_date as "noticeDate", c.source, c.source_ref as "sourceRef", c.mandate_id as "mandateId", c.state,
  c.amount_cents as "amountCents", c.open_cents as "openCents", c.credit_cents as "creditCents", c.next_due_date as "nextDueDate",
  c.stop_reason as "stopReason", c.stop_until as "stopUntil", c.version, c.created_at as "createdAt"`;

/** Inserts a claim with its totals; undefined when its Kassenzeichen or source record is taken. */
export async function insertClaim(
  tx: Tx,
  o: { tenantId: string; debtorId: string; kassenzeichen: string; type: ClaimType; title: string; year: number; source: ClaimSource; sourceRef: string | null; mandateId: string | null; amountCents: number; nextDueDate: string; actorId: string | null; now: Date },
): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into finance_claims (tenant_id, debtor_id, kassenzeichen, type, title, year, source, source_ref, mandate_id, state,
      amount_cents, open_cents, next_due_date, created_by, created_at, updated_at)
    values (${o.tenantId}, ${o.debtorId}, ${o.kassenzeichen}, ${o.type}, ${o.title}, ${o.year}, ${o.source}, ${o.sourceRef}, ${o.mandateId}, 'open',
      ${o.amountCents}, ${o.amountCents}, ${o.nextDueDate}, ${o.actorId}, ${o.now}, ${o.now})
    on conflict do nothing returning id`);
  return r?.id;
}

/** A claim with its debtor's name and Bürgerkonto link (for ownership checks). */
export async function claimById(db: Queryable, tenantId: string, id: string): Promise<Claim | undefined> {
  return db.one<Claim>(sql`select ${claimCols} from finance_claims c join finance_debtors d on d.tenant_id = c.tenant_id and d.id = c.debtor_id
    where c.tenant_id = ${tenantId} and c.id = ${id}`);
}

/** Locks the claim row for the rest of the transaction, so bookings on one claim run one after another. */
export async function lockClaim(tx: Tx, tenantId: string, id: string): Promise<boolean> {
  return !!(await tx.one(sql`select id from finance_claims where tenant_id = ${tenantId} and id = ${id} for update`));
}

/** The claim created from a source record (an application's fee claim). */
export async function claimBySource(db: Queryable, tenantId: string, source: ClaimSource, ref: string): Promise<Claim | undefined> {
  return db.one<Claim>(sql`select ${claimCols} from finance_claims c join finance_debtors d on d.tenant_id = c.tenant_id and d.id = c.debtor_id
    where c.tenant_id = ${tenantId} and c.source = ${source} and c.source_ref = ${ref}`);
}

/** The claim of an exact (printed) Kassenzeichen, for matching statements. */
export async function claimByKassenzeichen(db: Queryable, tenantId: string, kz: string): Promise<Claim | undefined> {
  return db.one<Claim>(sql`select ${claimCols} from finance_claims c join finance_debtors d on d.tenant_id = c.tenant_id and d.id = c.debtor_id
    where c.tenant_id = ${tenantId} and c.kassenzeichen = ${kz}`);
}

/** Records the notice of claims that have none yet; returns how many were changed. */
export async function setNotice(tx: Tx, tenantId: string, claimIds: readonly string[], fileId: string, date: string, now: Date): Promise<number> {
  return tx.exec(sql`update finance_claims set notice_file_id = ${fileId}, notice_date = ${date}, updated_at = ${now}, version = version + 1
    where tenant_id = ${tenantId} and id = any(${[...claimIds]}::uuid[]) and notice_file_id is null`);
}

/** Recomputes a claim's totals, state and next due date from its instalments and bookings (same transaction). */
export async function refreshClaim(tx: Tx, tenantId: string, claimId: string, now: Date): Promise<void> {
  await tx.exec(sql`update finance_claims c set
      amount_cents = s.amount, open_cents = s.open,
      state = case when c.state = 'cancelled' then 'cancelled' when s.open > 0 then 'open' else 'settled' end,
      next_due_date = case when c.state = 'cancelled' then null else s.next end,
      credit_cents = b.paid - (s.amount - s.open),
      updated_at = ${now}, version = c.version + 1
    from (select coalesce(sum(amount_cents), 0)::bigint as amount, coalesce(sum(open_cents), 0)::bigint as open, min(due_date) filter (where state = 'open') as next
            from finance_instalments where tenant_id = ${tenantId} and claim_id = ${claimId}) s,
         (select coalesce(sum(cents), 0)::bigint as paid from finance_bookings where tenant_id = ${tenantId} and claim_id = ${claimId}) b
    where c.tenant_id = ${tenantId} and c.id = ${claimId}`);
}

export interface ClaimSearch {
  /** Exact Kassenzeichen in printed form. */
  kassenzeichen?: string;
  /** Part of the debtor's name. */
  name?: string;
  debtorId?: string;
  state?: 'open' | 'overdue' | 'settled';
  today: string;
}

export interface ClaimListItem extends Claim {
  overdue: boolean;
}

/** The staff list: claims by Kassenzeichen or debtor name (trigram index), newest first; one query per page. */
export async function searchClaims(db: Queryable, tenantId: string, q: ClaimSearch, page: { offset: number; limit: number }): Promise<ClaimListItem[]> {
  const where = [sql`c.tenant_id = ${tenantId}`];
  if (q.kassenzeichen) where.push(sql`c.kassenzeichen = ${q.kassenzeichen}`);
  if (q.name) where.push(sql`lower(d.name) like ${`%${q.name.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
  if (q.debtorId) where.push(sql`c.debtor_id = ${q.debtorId}`);
  if (q.state === 'open') where.push(sql`c.state = 'open'`);
  if (q.state === 'overdue') where.push(sql`c.state = 'open' and c.next_due_date < ${q.today}`);
  if (q.state === 'settled') where.push(sql`c.state = 'settled'`);
  return db.rows<ClaimListItem>(sql`select ${claimCols}, (c.state = 'open' and c.next_due_date < ${q.today}) as overdue
    from finance_claims c join finance_debtors d on d.tenant_id = c.tenant_id and d.id = c.debtor_id
    where ${sql.join(where, ' and ')} order by c.created_at desc, c.id limit ${page.limit} offset ${page.offset}`);
}

// ---------------------------------------------------------------- instalments

const instalmentCols = sql`id, claim_id as "claimId", seq, due_date as "dueDate", amount_cents as "amountCents", open_cents as "openCents", state`;

/** Inserts the instalments of a new claim (numbered in the given order). */
export async function insertInstalments(tx: Tx, tenantId: string, claimId: string, debtorId: string, list: readonly { dueDate: string; amountCents: number }[]): Promise<void> {
  const rows = list.map((x, i) => sql`(${tenantId}, ${claimId}, ${debtorId}, ${i + 1}, ${x.dueDate}::date, ${x.amountCents}, ${x.amountCents}, ${x.amountCents > 0 ? 'open' : 'settled'})`);
  await tx.exec(sql`insert into finance_instalments (tenant_id, claim_id, debtor_id, seq, due_date, amount_cents, open_cents, state) values ${sql.join(rows)}`);
}

/** A claim's instalments by due date. */
export async function instalmentsOf(db: Queryable, tenantId: string, claimId: string): Promise<Instalment[]> {
  return db.rows<Instalment>(sql`select ${instalmentCols} from finance_instalments where tenant_id = ${tenantId} and claim_id = ${claimId} order by due_date, seq`);
}

/** Applies allocation lines (positive: paid, negative: reopened); the check constraints refuse anything out of range. */
export async function applyLines(tx: Tx, tenantId: string, bookingId: string, lines: readonly { instalmentId: string; cents: number }[]): Promise<void> {
  if (lines.length === 0) return;
  await tx.exec(sql`insert into finance_booking_lines (tenant_id, booking_id, instalment_id, cents) values ${sql.join(lines.map((l) => sql`(${tenantId}, ${bookingId}, ${l.instalmentId}, ${l.cents})`))}`);
  for (const l of lines) {
    await tx.exec(sql`update finance_instalments set open_cents = open_cents - ${l.cents},
        state = case when open_cents - ${l.cents} = 0 then 'settled' else 'open' end
      where tenant_id = ${tenantId} and id = ${l.instalmentId}`);
  }
}

// ---------------------------------------------------------------- bookings

/** Inserts a booking; undefined when its source key was booked before (idempotency). */
export async function insertBooking(
  tx: Tx,
  o: { tenantId: string; claimId: string; debtorId: string; cents: number; source: BookingSource; sourceKey: string; reference: string; reversesId: string | null; valueDate: string; actorId: string | null; now: Date },
): Promise<string | undefined> {
  const r = await tx.one<{ id: string }>(sql`insert into finance_bookings (tenant_id, claim_id, debtor_id, cents, source, source_key, reference, reverses_id, value_date, booked_at, actor_id)
    values (${o.tenantId}, ${o.claimId}, ${o.debtorId}, ${o.cents}, ${o.source}, ${o.sourceKey}, ${o.reference}, ${o.reversesId}, ${o.valueDate}, ${o.now}, ${o.actorId})
    on conflict do nothing returning id`);
  return r?.id;
}

const bookingCols = sql`b.id, b.claim_id as "claimId", b.cents, b.source, b.source_key as "sourceKey", b.reference, b.reverses_id as "reversesId",
  (select r.id from finance_bookings r where r.tenant_id = b.tenant_id and r.reverses_id = b.id) as "reversedBy", b.value_date as "valueDate", b.booked_at as "bookedAt",
  coalesce((select sum(l.cents) from finance_booking_lines l where l.tenant_id = b.tenant_id and l.booking_id = b.id), 0)::bigint as "allocatedCents"`;

/** The booking of a source key, to answer a repeated delivery. */
export async function bookingBySourceKey(db: Queryable, tenantId: string, key: string): Promise<Booking | undefined> {
  return db.one<Booking>(sql`select ${bookingCols} from finance_bookings b where b.tenant_id = ${tenantId} and b.source_key = ${key}`);
}

/** A booking of the tenant, with what took it back and how much went to instalments. */
export async function bookingById(db: Queryable, tenantId: string, id: string): Promise<Booking | undefined> {
  return db.one<Booking>(sql`select ${bookingCols} from finance_bookings b where b.tenant_id = ${tenantId} and b.id = ${id}`);
}

/** A claim's bookings, oldest first. */
export async function bookingsOf(db: Queryable, tenantId: string, claimId: string): Promise<Booking[]> {
  return db.rows<Booking>(sql`select ${bookingCols} from finance_bookings b where b.tenant_id = ${tenantId} and b.claim_id = ${claimId} order by b.booked_at, b.id`);
}

/** How a booking was allocated, so a return can take exactly that back. */
export async function linesOf(db: Queryable, tenantId: string, bookingId: string): Promise<{ instalmentId: string; cents: number }[]> {
  return db.rows(sql`select instalment_id as "instalmentId", cents from finance_booking_lines where tenant_id = ${tenantId} and booking_id = ${bookingId}`);
}
