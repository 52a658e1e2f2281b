// The SQL of the e-invoice module; every statement is scoped by tenant, except the Leitweg-ID lookup of the intake,
// which must see the whole installation to tell "unknown" from "belongs to another municipality".
import { sql, type Queryable, type Tx } from '../../kernel/index.ts';
import type { DueBasis, SkontoStep } from './deadlines.ts';

export type InvoiceState = 'received' | 'invalid' | 'sachlich' | 'rechnerisch' | 'ordered' | 'rejected' | 'exported';
export type Channel = 'upload' | 'api' | 'cli';
export type StepKind = 'sachlich' | 'rechnerisch' | 'anordnung' | 'reject' | 'export';

/** One finding of the validator as stored with the invoice. */
export interface StoredFinding {
  id: string;
  severity: 'fatal' | 'warning' | 'information';
  message: string;
  /** Business term or group concerned, e.g. "BG-25[2]/BT-131". */
  path?: string;
}

export interface Unit {
  id: string;
  tenantId: string;
  name: string;
  leitwegId: string;
  leitwegBase: string;
  payerName: string;
  payerIban: string;
  payerBic: string | null;
}

export interface Invoice {
  id: string;
  tenantId: string;
  unitId: string;
  unitName: string;
  unitLeitwegId: string;
  receivedAt: Date;
  channel: Channel;
  receivedBy: string | null;
  fileId: string;
  fileSha256: string;
  format: 'ubl-invoice' | 'ubl-creditnote' | 'cii';
  container: 'xml' | 'pdf';
  profile: string | null;
  profileLabel: string;
  number: string;
  issueDate: string | null;
  typeCode: string | null;
  sellerName: string;
  sellerVatId: string | null;
  buyerReference: string;
  currency: string | null;
  totalNet: string | null;
  totalVat: string | null;
  totalGross: string | null;
  amountDue: string | null;
  amountDueCents: number | null;
  dueDate: string;
  dueBasis: DueBasis;
  skonto: SkontoStep[];
  payeeName: string | null;
  payeeIban: string | null;
  payeeBic: string | null;
  remittance: string | null;
  warnings: string[];
  validation: { valid: boolean; scenario?: string; errors: StoredFinding[] };
  state: InvoiceState;
  duplicateKey: string;
  duplicateOf: string | null;
  rejectReason: string | null;
  orderCents: number | null;
  orderDate: string | null;
  exportId: string | null;
  version: number;
  modifiedAt: Date;
}

export type NewInvoice = Omit<Invoice, 'id' | 'unitName' | 'unitLeitwegId' | 'rejectReason' | 'orderCents' | 'orderDate' | 'exportId' | 'version' | 'modifiedAt'>;

export interface Step {
  id: string;
  step: StepKind;
  userId: string;
  userName: string;
  at: Date;
  reason: string | null;
}

export interface PaymentExport {
  id: string;
  createdAt: Date;
  createdBy: string;
  createdByName: string;
  fileId: string;
  messageId: string;
  invoiceCount: number;
  totalCents: number;
}

interface UnitRow {
  id: string;
  tenant_id: string;
  name: string;
  leitweg_id: string;
  leitweg_base: string;
  payer_name: string;
  payer_iban: string;
  payer_bic: string | null;
}

const toUnit = (r: UnitRow): Unit => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  leitwegId: r.leitweg_id,
  leitwegBase: r.leitweg_base,
  payerName: r.payer_name,
  payerIban: r.payer_iban,
  payerBic: r.payer_bic,
});

const unitCols = sql`id, tenant_id, name, leitweg_id, leitweg_base, payer_name, payer_iban, payer_bic`;

/**
 * The unit whose Leitweg-ID is `normalized`, else the one with the same Grob-/Feinadressierung (`base`), across the
 * whole installation: BT-10 alone decides the recipient. Callers compare the tenant before using the unit.
 */
export async function unitForRouting(db: Queryable, normalized: string, base: string): Promise<{ unit: Unit; exact: boolean } | undefined> {
  const r = await db.one<UnitRow & { exact: boolean }>(
    sql`select ${unitCols}, leitweg_id = ${normalized} as exact from einvoice_units where leitweg_id = ${normalized} or leitweg_base = ${base} order by (leitweg_id = ${normalized}) desc limit 1`,
  );
  return r ? { unit: toUnit(r), exact: r.exact } : undefined;
}

export async function listUnits(db: Queryable, tenantId: string): Promise<Unit[]> {
  return (await db.rows<UnitRow>(sql`select ${unitCols} from einvoice_units where tenant_id = ${tenantId} order by name, leitweg_id`)).map(toUnit);
}

/** Whether a Leitweg-ID (or its Grob-/Feinadressierung) is taken anywhere in the installation. */
export async function leitwegTaken(db: Queryable, normalized: string, base: string): Promise<boolean> {
  return !!(await db.one(sql`select 1 from einvoice_units where leitweg_id = ${normalized} or leitweg_base = ${base}`));
}

export async function insertUnit(tx: Tx, o: { tenantId: string; name: string; leitwegId: string; leitwegBase: string; payerName: string; payerIban: string; payerBic: string | null; now: Date }): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into einvoice_units (tenant_id, name, leitweg_id, leitweg_base, payer_name, payer_iban, payer_bic, created_at)
    values (${o.tenantId}, ${o.name}, ${o.leitwegId}, ${o.leitwegBase}, ${o.payerName}, ${o.payerIban}, ${o.payerBic}, ${o.now}) returning id`);
  return r!.id;
}

interface InvoiceRow {
  id: string;
  tenant_id: string;
  unit_id: string;
  unit_name: string;
  unit_leitweg_id: string;
  received_at: Date;
  channel: Channel;
  received_by: string | null;
  file_id: string;
  file_sha256: string;
  format: Invoice['format'];
  container: Invoice['container'];
  profile: string | null;
  profile_label: string;
  number: string;
  issue_date: string | null;
  type_code: string | null;
  seller_name: string;
  seller_vat_id: string | null;
  buyer_reference: string;
  currency: string | null;
  total_net: string | null;
  total_vat: string | null;
  total_gross: string | null;
  amount_due: string | null;
  amount_due_cents: number | null;
  due_date: string;
  due_basis: DueBasis;
  skonto: SkontoStep[];
  payee_name: string | null;
  payee_iban: string | null;
  payee_bic: string | null;
  remittance: string | null;
  warnings: string[];
  validation: Invoice['validation'];
  state: InvoiceState;
  duplicate_key: string;
  duplicate_of: string | null;
  reject_reason: string | null;
  order_cents: number | null;
  order_date: string | null;
  export_id: string | null;
  version: number;
  modified_at: Date;
}

const toInvoice = (r: InvoiceRow): Invoice => ({
  id: r.id,
  tenantId: r.tenant_id,
  unitId: r.unit_id,
  unitName: r.unit_name,
  unitLeitwegId: r.unit_leitweg_id,
  receivedAt: r.received_at,
  channel: r.channel,
  receivedBy: r.received_by,
  fileId: r.file_id,
  fileSha256: r.file_sha256,
  format: r.format,
  container: r.container,
  profile: r.profile,
  profileLabel: r.profile_label,
  number: r.number,
  issueDate: r.issue_date,
  typeCode: r.type_code,
  sellerName: r.seller_name,
  sellerVatId: r.seller_vat_id,
  buyerReference: r.buyer_reference,
  currency: r.currency,
  totalNet: r.total_net,
  totalVat: r.total_vat,
  totalGross: r.total_gross,
  amountDue: r.amount_due,
  amountDueCents: r.amount_due_cents,
  dueDate: r.due_date,
  dueBasis: r.due_basis,
  skonto: r.skonto,
  payeeName: r.payee_name,
  payeeIban: r.payee_iban,
  payeeBic: r.payee_bic,
  remittance: r.remittance,
  warnings: r.warnings,
  validation: r.validation,
  state: r.state,
  duplicateKey: r.duplicate_key,
  duplicateOf: r.duplicate_of,
  rejectReason: r.reject_reason,
  orderCents: r.order_cents,
  orderDate: r.order_date,
  exportId: r.export_id,
  version: r.version,
  modifiedAt: r.modified_at,
});

const invoiceSelect = sql`select i.*, u.name as unit_name, u.leitweg_id as unit_leitweg_id from einvoice_invoices i join einvoice_units u on u.id = i.unit_id and u.tenant_id = i.tenant_id`;

export async function invoiceById(db: Queryable, tenantId: string, id: string): Promise<Invoice | undefined> {
  const r = await db.one<InvoiceRow>(sql`${invoiceSelect} where i.tenant_id = ${tenantId} and i.id = ${id}`);
  return r && toInvoice(r);
}

/** The invoice delivered with exactly these bytes before (idempotent intake). */
export async function invoiceBySha(db: Queryable, tenantId: string, sha256: string): Promise<Invoice | undefined> {
  const r = await db.one<InvoiceRow>(sql`${invoiceSelect} where i.tenant_id = ${tenantId} and i.file_sha256 = ${sha256}`);
  return r && toInvoice(r);
}

/** The live invoice (not invalid, not rejected) with the same seller, number and gross amount. */
export async function liveDuplicate(db: Queryable, tenantId: string, key: string): Promise<Invoice | undefined> {
  const r = await db.one<InvoiceRow>(sql`${invoiceSelect} where i.tenant_id = ${tenantId} and i.duplicate_key = ${key} and i.state not in ('invalid', 'rejected')`);
  return r && toInvoice(r);
}

/** The latest invalid or rejected invoice with the same key, of which a new delivery is the corrected version. */
export async function earlierAttempt(db: Queryable, tenantId: string, key: string): Promise<string | undefined> {
  return (await db.one<{ id: string }>(sql`select id from einvoice_invoices where tenant_id = ${tenantId} and duplicate_key = ${key} and state in ('invalid', 'rejected') order by received_at desc, id desc limit 1`))?.id;
}

export async function insertInvoice(tx: Tx, o: NewInvoice & { now: Date }): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into einvoice_invoices (
      tenant_id, unit_id, received_at, channel, received_by, file_id, file_sha256, format, container, profile, profile_label,
      number, issue_date, type_code, seller_name, seller_vat_id, buyer_reference, currency, total_net, total_vat, total_gross,
      amount_due, amount_due_cents, due_date, due_basis, skonto, payee_name, payee_iban, payee_bic, remittance, warnings,
      validation, state, duplicate_key, duplicate_of, modified_at)
    values (${o.tenantId}, ${o.unitId}, ${o.receivedAt}, ${o.channel}, ${o.receivedBy}, ${o.fileId}, ${o.fileSha256}, ${o.format}, ${o.container},
      ${o.profile}, ${o.profileLabel}, ${o.number}, ${o.issueDate}, ${o.typeCode}, ${o.sellerName}, ${o.sellerVatId}, ${o.buyerReference},
      ${o.currency}, ${o.totalNet}, ${o.totalVat}, ${o.totalGross}, ${o.amountDue}, ${o.amountDueCents}, ${o.dueDate}, ${o.dueBasis},
      ${JSON.stringify(o.skonto)}::jsonb, ${o.payeeName}, ${o.payeeIban}, ${o.payeeBic}, ${o.remittance}, ${JSON.stringify(o.warnings)}::jsonb,
      ${JSON.stringify(o.validation)}::jsonb, ${o.state}, ${o.duplicateKey}, ${o.duplicateOf}, ${o.now})
    returning id`);
  return r!.id;
}

/** Moves an invoice on from the version the user saw; false when someone else was faster (409). */
export async function updateInvoice(
  tx: Tx,
  tenantId: string,
  id: string,
  version: number,
  ch: { state: InvoiceState; rejectReason?: string | null; orderCents?: number | null; orderDate?: string | null },
  now: Date,
): Promise<boolean> {
  const n = await tx.exec(sql`update einvoice_invoices set state = ${ch.state},
      reject_reason = ${ch.rejectReason === undefined ? sql`reject_reason` : sql`${ch.rejectReason}`},
      order_cents = ${ch.orderCents === undefined ? sql`order_cents` : sql`${ch.orderCents}::bigint`},
      order_date = ${ch.orderDate === undefined ? sql`order_date` : sql`${ch.orderDate}::date`},
      version = version + 1, modified_at = ${now}
    where tenant_id = ${tenantId} and id = ${id} and version = ${version}`);
  return n === 1;
}

export async function insertStep(tx: Tx, o: { tenantId: string; invoiceId: string; step: StepKind; userId: string; at: Date; reason?: string | null }): Promise<void> {
  await tx.exec(sql`insert into einvoice_steps (tenant_id, invoice_id, step, user_id, at, reason) values (${o.tenantId}, ${o.invoiceId}, ${o.step}, ${o.userId}, ${o.at}, ${o.reason ?? null})`);
}

export async function stepsOf(db: Queryable, tenantId: string, invoiceId: string): Promise<Step[]> {
  const rows = await db.rows<{ id: string; step: StepKind; user_id: string; user_name: string; at: Date; reason: string | null }>(
    sql`select s.id, s.step, s.user_id, coalesce(nullif(u.display_name, ''), u.email) as user_name, s.at, s.reason
      from einvoice_steps s join users u on u.id = s.user_id
      where s.tenant_id = ${tenantId} and s.invoice_id = ${invoiceId} order by s.seq`,
  );
  return rows.map((r) => ({ id: r.id, step: r.step, userId: r.user_id, userName: r.user_name, at: r.at, reason: r.reason }));
}

/** Worklist tabs: which states each shows. */
export const TAB_STATES = {
  offen: ['received', 'sachlich', 'rechnerisch'],
  angeordnet: ['ordered'],
  ungueltig: ['invalid'],
  abgelehnt: ['rejected'],
  bezahlt: ['exported'],
  alle: ['received', 'invalid', 'sachlich', 'rechnerisch', 'ordered', 'rejected', 'exported'],
} as const satisfies Record<string, readonly InvoiceState[]>;
export type Tab = keyof typeof TAB_STATES;

export const WORKLIST_LIMIT = 200;

/** The invoices of a tab, the most urgent first (due date), at most WORKLIST_LIMIT (+1 to tell "there are more"). */
export async function worklist(db: Queryable, tenantId: string, tab: Tab): Promise<Invoice[]> {
  const states = [...TAB_STATES[tab]];
  const order = tab === 'offen' || tab === 'angeordnet' ? sql`i.due_date, i.received_at, i.id` : sql`i.received_at desc, i.id desc`;
  const rows = await db.rows<InvoiceRow>(sql`${invoiceSelect} where i.tenant_id = ${tenantId} and i.state = any(${states}::text[]) order by ${order} limit ${WORKLIST_LIMIT + 1}`);
  return rows.map(toInvoice);
}

export async function countsByState(db: Queryable, tenantId: string): Promise<Partial<Record<InvoiceState, number>>> {
  const rows = await db.rows<{ state: InvoiceState; n: number }>(sql`select state, count(*)::int as n from einvoice_invoices where tenant_id = ${tenantId} group by state`);
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** The ordered invoices, locked for the export transaction so two treasurers cannot pay one twice. */
export async function orderedForExport(tx: Tx, tenantId: string): Promise<Invoice[]> {
  const ids = await tx.rows<{ id: string }>(sql`select id from einvoice_invoices where tenant_id = ${tenantId} and state = 'ordered' order by order_date, received_at, id for update`);
  if (ids.length === 0) return [];
  const rows = await tx.rows<InvoiceRow>(sql`${invoiceSelect} where i.tenant_id = ${tenantId} and i.id = any(${ids.map((r) => r.id)}::uuid[]) order by i.order_date, i.received_at, i.id`);
  return rows.map(toInvoice);
}

/** The ordered invoices for the treasury's page (no lock; the export itself uses {@link orderedForExport}). */
export async function orderedInvoices(db: Queryable, tenantId: string): Promise<Invoice[]> {
  const rows = await db.rows<InvoiceRow>(sql`${invoiceSelect} where i.tenant_id = ${tenantId} and i.state = 'ordered' order by i.order_date, i.received_at, i.id limit ${WORKLIST_LIMIT * 5}`);
  return rows.map(toInvoice);
}

/** Which users took a step on each invoice (the exporter must not pay what they attested or ordered). */
export async function participants(db: Queryable, tenantId: string, invoiceIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (invoiceIds.length === 0) return out;
  const rows = await db.rows<{ invoice_id: string; user_id: string }>(
    sql`select distinct invoice_id, user_id from einvoice_steps where tenant_id = ${tenantId} and invoice_id = any(${[...invoiceIds]}::uuid[]) and step in ('sachlich', 'rechnerisch', 'anordnung')`,
  );
  for (const r of rows) (out.get(r.invoice_id) ?? out.set(r.invoice_id, new Set()).get(r.invoice_id)!).add(r.user_id);
  return out;
}

export async function insertExport(tx: Tx, o: { tenantId: string; userId: string; fileId: string; messageId: string; invoiceCount: number; totalCents: number; now: Date }): Promise<string> {
  const r = await tx.one<{ id: string }>(sql`insert into einvoice_exports (tenant_id, created_at, created_by, file_id, message_id, invoice_count, total_cents)
    values (${o.tenantId}, ${o.now}, ${o.userId}, ${o.fileId}, ${o.messageId}, ${o.invoiceCount}, ${o.totalCents}) returning id`);
  return r!.id;
}

/** Marks the invoices as paid by this export; only those still ordered (returns how many changed). */
export async function markExported(tx: Tx, tenantId: string, ids: readonly string[], exportId: string, now: Date): Promise<number> {
  return tx.exec(sql`update einvoice_invoices set state = 'exported', export_id = ${exportId}, version = version + 1, modified_at = ${now}
    where tenant_id = ${tenantId} and state = 'ordered' and id = any(${[...ids]}::uuid[])`);
}

interface ExportRow {
  id: string;
  created_at: Date;
  created_by: string;
  created_by_name: string;
  file_id: string;
  message_id: string;
  invoice_count: number;
  total_cents: number;
}

const toExport = (r: ExportRow): PaymentExport => ({
  id: r.id,
  createdAt: r.created_at,
  createdBy: r.created_by,
  createdByName: r.created_by_name,
  fileId: r.file_id,
  messageId: r.message_id,
  invoiceCount: r.invoice_count,
  totalCents: r.total_cents,
});

const exportSelect = sql`select e.id, e.created_at, e.created_by, coalesce(nullif(u.display_name, ''), u.email) as created_by_name, e.file_id, e.message_id, e.invoice_count, e.total_cents
  from einvoice_exports e join users u on u.id = e.created_by`;

export async function listExports(db: Queryable, tenantId: string, limit = 50): Promise<PaymentExport[]> {
  return (await db.rows<ExportRow>(sql`${exportSelect} where e.tenant_id = ${tenantId} order by e.created_at desc, e.id desc limit ${limit}`)).map(toExport);
}

export async function exportById(db: Queryable, tenantId: string, id: string): Promise<PaymentExport | undefined> {
  const r = await db.one<ExportRow>(sql`${exportSelect} where e.tenant_id = ${tenantId} and e.id = ${id}`);
  return r && toExport(r);
}

/** How many exports the tenant made on a day (for a readable, unique message id). */
export async function exportsOn(tx: Tx, tenantId: string, from: Date, to: Date): Promise<number> {
  return (await tx.one<{ n: number }>(sql`select count(*)::int as n from einvoice_exports where tenant_id = ${tenantId} and created_at >= ${from} and created_at < ${to}`))!.n;
}
