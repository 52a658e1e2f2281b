-- Finance (Forderungen): debtors, claims with Kassenzeichen, instalments with due dates, bookings (payments, returns,
-- reversals) allocated to instalments, SEPA direct-debit mandates. Amounts are integer cents; sums are bigint.
-- Every child table carries tenant_id and a composite foreign key (tenant_id, parent_id), so a row can never point
-- into another municipality even if a query forgot its tenant filter (second wall beside ADR 0002).
-- Designed for what comes next: bank statement import and reconciliation (IBANs on debtors, open instalments by
-- Kassenzeichen and due date, unique source keys of bookings), and dunning (stop reason / until on claims, value dates).

-- Bank details printed on notices and the SEPA creditor identifier for direct debits.
create table finance_settings (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  account_holder text not null default '' check (length(account_holder) <= 140),
  bank_name text not null default '' check (length(bank_name) <= 140),
  iban text not null default '' check (iban = '' or iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
  bic text not null default '' check (bic = '' or bic ~ '^[A-Z0-9]{8}([A-Z0-9]{3})?$'),
  -- Gläubiger-Identifikationsnummer, e.g. DE98ZZZ09999999999.
  creditor_id text not null default '' check (creditor_id = '' or creditor_id ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$'),
  updated_at timestamptz not null
);

-- Kassenzeichen sequence per tenant and year (atomic upsert in the claim's transaction).
create table finance_kz_counters (
  tenant_id uuid not null references tenants(id) on delete cascade,
  year integer not null check (year between 2000 and 2099),
  last integer not null default 0 check (last >= 0),
  primary key (tenant_id, year)
);

-- Schuldner: a person or a company; linked to a Bürgerkonto where one exists. `ibans` are the accounts known to pay
-- for this debtor (mandates, earlier transfers), for matching bank statement entries without a Kassenzeichen.
create table finance_debtors (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  kind text not null check (kind in ('person', 'company')),
  name text not null check (length(name) between 2 and 200),
  street text not null default '' check (length(street) <= 200),
  postal_code text not null default '' check (length(postal_code) <= 10),
  city text not null default '' check (length(city) <= 100),
  user_id uuid references users(id) on delete set null,
  ibans text[] not null default '{}',
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (tenant_id, id)
);
create index finance_debtors_user on finance_debtors (tenant_id, user_id) where user_id is not null;
create index finance_debtors_name on finance_debtors using gin (lower(name) gin_trgm_ops);
create index finance_debtors_ibans on finance_debtors using gin (ibans);

-- SEPA-Lastschriftmandat of a debtor (for all its claims, or one claim when claim_id is set later).
create table finance_mandates (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  debtor_id uuid not null,
  -- Mandatsreferenz (up to 35 characters, SEPA character set).
  mandate_ref text not null check (mandate_ref ~ '^[A-Za-z0-9+?/:().,'' -]{1,35}$'),
  iban text not null check (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
  bic text not null default '',
  account_holder text not null check (length(account_holder) between 2 and 140),
  creditor_id text not null,
  signed_on date not null,
  state text not null default 'active' check (state in ('active', 'revoked')),
  revoked_on date,
  -- Last collection: a mandate unused for 36 months expires (SEPA rulebook); the direct-debit run reads this.
  last_used_on date,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (tenant_id, mandate_ref),
  unique (tenant_id, id),
  foreign key (tenant_id, debtor_id) references finance_debtors (tenant_id, id) on delete cascade,
  check ((state = 'revoked') = (revoked_on is not null))
);
create index finance_mandates_debtor on finance_mandates (tenant_id, debtor_id);

-- Forderung: one Kassenzeichen, one debtor, the notice that created it. Totals are kept in step with the instalments
-- and bookings by the commands (refreshed from them in the same transaction), so lists need no aggregation.
create table finance_claims (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  debtor_id uuid not null,
  kassenzeichen text not null check (kassenzeichen ~ '^[0-9]{2}-[0-9]{7}-[0-9]$'),
  type text not null check (type in ('grundsteuer', 'hundesteuer', 'gewerbesteuer', 'fee', 'other')),
  title text not null check (length(title) between 2 and 200),
  year integer not null check (year between 2000 and 2099),
  -- The notice (Bescheid) that created the claim; several claims may share one notice.
  notice_file_id uuid references files(id) on delete set null,
  notice_date date,
  -- Where the claim came from: 'staff' (form), 'application' (fee of an application; source_ref = application id),
  -- 'import' (e.g. from a tax procedure), 'demo'.
  source text not null check (source in ('staff', 'application', 'import', 'demo')),
  source_ref text,
  mandate_id uuid,
  state text not null default 'open' check (state in ('open', 'settled', 'cancelled')),
  amount_cents bigint not null check (amount_cents > 0),
  open_cents bigint not null check (open_cents >= 0 and open_cents <= amount_cents),
  -- Overpayment kept on the claim (Guthaben), to be refunded or set off.
  credit_cents bigint not null default 0 check (credit_cents >= 0),
  -- Earliest due date of an open instalment (null when nothing is open).
  next_due_date date,
  -- Dunning stop: deferral (Stundung) or dispute (Widerspruch/Aussetzung der Vollziehung) until a date.
  stop_reason text check (stop_reason in ('deferral', 'dispute', 'insolvency', 'other')),
  stop_until date,
  created_by uuid references users(id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (tenant_id, kassenzeichen),
  unique (tenant_id, id),
  foreign key (tenant_id, debtor_id) references finance_debtors (tenant_id, id),
  foreign key (tenant_id, mandate_id) references finance_mandates (tenant_id, id),
  check ((state = 'open') = (next_due_date is not null)),
  check (stop_until is null or stop_reason is not null)
);
-- One claim per source record (an application's fee is claimed once).
create unique index finance_claims_source on finance_claims (tenant_id, source, source_ref) where source_ref is not null;
-- Bürgerkonto view: a debtor's claims by state and due date, and by year.
create index finance_claims_debtor on finance_claims (tenant_id, debtor_id, state, next_due_date);
create index finance_claims_debtor_year on finance_claims (tenant_id, debtor_id, year);
-- Matching and dunning: the open claims of a tenant.
create index finance_claims_open on finance_claims (tenant_id, next_due_date) where state = 'open';
-- Staff list, newest first.
create index finance_claims_created on finance_claims (tenant_id, created_at desc, id);

-- Raten (Fälligkeiten) of a claim. debtor_id is copied from the claim so the Bürgerkonto's "next due dates" and the
-- overdue figures are one index range scan.
create table finance_instalments (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  claim_id uuid not null,
  debtor_id uuid not null,
  seq smallint not null check (seq between 1 and 120),
  due_date date not null,
  amount_cents bigint not null check (amount_cents >= 0),
  open_cents bigint not null check (open_cents >= 0 and open_cents <= amount_cents),
  state text not null check (state in ('open', 'settled')),
  unique (claim_id, seq),
  unique (tenant_id, id),
  foreign key (tenant_id, claim_id) references finance_claims (tenant_id, id) on delete cascade,
  check ((state = 'settled') = (open_cents = 0))
);
create index finance_instalments_debtor_due on finance_instalments (tenant_id, debtor_id, due_date) where state = 'open';
create index finance_instalments_claim on finance_instalments (tenant_id, claim_id, due_date, seq);

-- Buchungen: money in (+) or taken back (−: return of a direct debit or transfer, reversal of a wrong booking).
-- `source_key` makes every externally triggered booking idempotent ("online_payment:<payment id>",
-- "bank:<statement entry key>", "manual:<form key>", "return:<booking id>"). What is not allocated to instalments is
-- credit on the claim.
create table finance_bookings (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  claim_id uuid not null,
  -- Copied from the claim: the Bürgerkonto's payment history is one index range scan.
  debtor_id uuid not null,
  cents bigint not null check (cents <> 0),
  source text not null check (source in ('online_payment', 'bank', 'direct_debit', 'manual', 'return', 'reversal')),
  source_key text not null check (length(source_key) between 3 and 200),
  reference text not null default '' check (length(reference) <= 200),
  -- The booking this one takes back (returns and reversals only; each booking can be taken back once).
  reverses_id uuid,
  value_date date not null,
  booked_at timestamptz not null,
  actor_id uuid references users(id) on delete set null,
  unique (tenant_id, source_key),
  unique (tenant_id, id),
  unique (reverses_id),
  foreign key (tenant_id, claim_id) references finance_claims (tenant_id, id) on delete cascade,
  foreign key (tenant_id, reverses_id) references finance_bookings (tenant_id, id),
  check ((source in ('return', 'reversal')) = (cents < 0)),
  check ((source in ('return', 'reversal')) = (reverses_id is not null))
);
create index finance_bookings_claim on finance_bookings (tenant_id, claim_id, booked_at desc);
create index finance_bookings_debtor on finance_bookings (tenant_id, debtor_id, booked_at desc, id desc);

-- How a booking was allocated to the instalments of its claim (oldest first); a return allocates the negatives.
create table finance_booking_lines (
  tenant_id uuid not null references tenants(id) on delete cascade,
  booking_id uuid not null,
  instalment_id uuid not null,
  cents bigint not null check (cents <> 0),
  primary key (booking_id, instalment_id),
  foreign key (tenant_id, booking_id) references finance_bookings (tenant_id, id) on delete cascade,
  foreign key (tenant_id, instalment_id) references finance_instalments (tenant_id, id) on delete cascade
);
create index finance_booking_lines_instalment on finance_booking_lines (tenant_id, instalment_id);
