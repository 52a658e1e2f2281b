-- E-Rechnung: organisational units with their Leitweg-ID (the routing key of incoming invoices), the invoices with
-- their original file and validation report, the approval steps (sachlich richtig → rechnerisch richtig →
-- Anordnung, each by a different person) and the SEPA payment files (pain.001) made for the treasury.

create table einvoice_units (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null check (length(name) between 2 and 200),
  -- Stored normalised (upper case); unique across the installation, because the invoice's BT-10 alone decides
  -- which municipality receives it.
  leitweg_id text not null unique check (leitweg_id ~ '^[0-9]{2,12}(-[A-Z0-9]{1,30})?-[0-9]{2}$'),
  -- Grob- and Feinadressierung without the check digit: invoices whose check digit is wrong still find the unit.
  leitweg_base text not null unique,
  -- The account the treasury pays this unit's invoices from (debtor of the SEPA credit transfer).
  payer_name text not null check (length(payer_name) between 1 and 70),
  payer_iban text not null check (payer_iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
  payer_bic text check (payer_bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
  created_at timestamptz not null
);
create index einvoice_units_tenant on einvoice_units (tenant_id, name);

create table einvoice_exports (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  created_at timestamptz not null,
  created_by uuid not null references users(id),
  -- The pain.001 XML as delivered, so the treasury can download the same file again.
  file_id uuid not null references files(id),
  message_id text not null,
  invoice_count integer not null check (invoice_count > 0),
  total_cents bigint not null
);
create index einvoice_exports_tenant on einvoice_exports (tenant_id, created_at desc);

create table einvoice_invoices (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  unit_id uuid not null references einvoice_units(id),
  received_at timestamptz not null,
  channel text not null check (channel in ('upload', 'api', 'cli')),
  received_by uuid references users(id),
  -- The original as received (XML or hybrid PDF), byte for byte; its SHA-256 makes a repeated delivery idempotent.
  file_id uuid not null references files(id),
  file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
  format text not null check (format in ('ubl-invoice', 'ubl-creditnote', 'cii')),
  container text not null check (container in ('xml', 'pdf')),
  profile text,
  profile_label text not null,
  number text not null,
  issue_date date,
  type_code text,
  seller_name text not null,
  seller_vat_id text,
  buyer_reference text not null,
  currency text,
  -- Totals exactly as written in the document (BT-109, BT-110, BT-112, BT-115); never floating point.
  total_net text,
  total_vat text,
  total_gross text,
  amount_due text,
  -- BT-115 in cents, only for EUR with at most two decimals; only such invoices can be paid by SEPA file.
  amount_due_cents bigint,
  due_date date not null,
  due_basis text not null check (due_basis in ('bt9', 'terms', 'default')),
  -- [{ days, percent, base?, until?, discountCents?, payCents? }] from the BR-DE-18 lines of BT-20.
  skonto jsonb not null default '[]',
  payee_name text,
  payee_iban text,
  payee_bic text,
  remittance text,
  -- Routing and reading notes (wrong Leitweg-ID check digit, unknown profile …).
  warnings jsonb not null default '[]',
  -- { valid, errors: [{ id, severity, message }] } from the validator.
  validation jsonb not null,
  state text not null check (state in ('received', 'invalid', 'sachlich', 'rechnerisch', 'ordered', 'rejected', 'exported')),
  -- Seller (VAT id, else name) + invoice number + BT-112: the same invoice delivered twice.
  duplicate_key text not null,
  -- A resubmission of an invoice that was invalid or rejected (same seller, number and amount).
  duplicate_of uuid references einvoice_invoices(id),
  reject_reason text,
  -- What the Anordnung released for payment: amount in cents (less Skonto when taken) and the execution date.
  order_cents bigint check (order_cents is null or order_cents > 0),
  order_date date,
  export_id uuid references einvoice_exports(id),
  version integer not null default 1,
  modified_at timestamptz not null,
  check ((state = 'rejected') = (reject_reason is not null)),
  check ((state in ('ordered', 'exported')) = (order_cents is not null)),
  check ((state = 'exported') = (export_id is not null))
);
create unique index einvoice_invoices_sha on einvoice_invoices (tenant_id, file_sha256);
-- Only one live copy of an invoice: an invalid or rejected one may be sent again (corrected).
create unique index einvoice_invoices_live on einvoice_invoices (tenant_id, duplicate_key) where state not in ('invalid', 'rejected');
create index einvoice_invoices_work on einvoice_invoices (tenant_id, state, due_date, id);
create index einvoice_invoices_received on einvoice_invoices (tenant_id, received_at desc, id desc);

create table einvoice_steps (
  id uuid primary key default gen_random_uuid(),
  -- Order of the steps when several happen within the same instant.
  seq bigint generated always as identity,
  tenant_id uuid not null references tenants(id) on delete cascade,
  invoice_id uuid not null references einvoice_invoices(id) on delete cascade,
  step text not null check (step in ('sachlich', 'rechnerisch', 'anordnung', 'reject', 'export')),
  user_id uuid not null references users(id),
  at timestamptz not null,
  reason text,
  check (step <> 'reject' or reason is not null)
);
create index einvoice_steps_invoice on einvoice_steps (tenant_id, invoice_id, seq);
