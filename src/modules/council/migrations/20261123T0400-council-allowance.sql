-- Sitzungsgeld (Entschädigung der Mandatsträger): the tenant's rules as versioned configuration, the per-person
-- settings the billing engine needs, and the monthly billing runs with one statement per member and its itemised
-- lines. Amounts are integer cents. The rules are validated by allowance/rules.ts (no gaps, no overlaps) before saving.

-- One version of the Entschädigungssatzung: valid from `valid_from` to `valid_to` inclusive (open-ended when null).
create table council_allowance_versions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  valid_from date not null,
  valid_to date,
  -- AllowanceConfig of allowance/rules.ts plus `source` (where the numbers come from).
  config jsonb not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  check (valid_to is null or valid_to >= valid_from),
  unique (tenant_id, valid_from)
);

-- What the engine needs to know about a member beyond memberships and attendance.
create table council_allowance_person_settings (
  tenant_id uuid not null references tenants(id) on delete cascade,
  person_id uuid not null references council_persons(id),
  lost_earnings text not null default 'none' check (lost_earnings in ('none', 'employee', 'self_employed')),
  -- An individually proven hourly rate (capped by the rule's maximum).
  hourly_rate_cents integer check (hourly_rate_cents is null or hourly_rate_cents between 0 and 100000),
  paperless boolean not null default false,
  -- Default round trip home → meeting → home in km, when the attendance record has none.
  distance_km numeric(6, 1) check (distance_km is null or distance_km between 0 and 2000),
  modified_at timestamptz not null,
  primary key (tenant_id, person_id)
);

-- One billing run per tenant and month: draft (can be recomputed, replaces its statements) → finalised (statements
-- delivered to the Mandatspostfach, payroll CSV available, never recomputed). `revision` counts recomputations, so a
-- finalisation from a stale page is refused.
create table council_allowance_runs (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  state text not null default 'draft' check (state in ('draft', 'finalised')),
  revision integer not null default 1 check (revision >= 1),
  total_cents integer not null default 0,
  rule_versions text not null default '',
  computed_by uuid references users(id) on delete set null,
  computed_at timestamptz not null,
  finalised_by uuid references users(id) on delete set null,
  finalised_at timestamptz,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  unique (tenant_id, month)
);
create index council_allowance_runs_tenant on council_allowance_runs (tenant_id, month desc);

-- A member's bill of one run (the statement); name and personnel number as of the run, for payroll.
create table council_allowance_statements (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  run_id uuid not null references council_allowance_runs(id) on delete cascade,
  person_id uuid not null references council_persons(id),
  family_name text not null,
  given_name text not null,
  personnel_number text,
  total_cents integer not null,
  rule_version text not null default '',
  -- Set when the statement was delivered into the Mandatspostfach (finalised runs, totals above 0 €).
  mailbox_id uuid references council_mailbox(id),
  created_at timestamptz not null,
  unique (run_id, person_id)
);
create index council_allowance_statements_person on council_allowance_statements (tenant_id, person_id);

-- The itemised lines of a statement in the engine's order (BillLine of allowance/engine.ts).
create table council_allowance_lines (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  statement_id uuid not null references council_allowance_statements(id) on delete cascade,
  position integer not null check (position >= 0),
  kind text not null check (kind in ('monthly', 'chair_monthly', 'meeting', 'lost_earnings', 'travel', 'paperless')),
  day date,
  meeting_id uuid references council_meetings(id),
  meeting_name text,
  -- The engine's meeting kind of the meeting's body (Fraktion caps count paid Fraktion meetings across months).
  body_kind text,
  role text,
  text text not null,
  quantity numeric(12, 2),
  unit text,
  unit_cents integer,
  amount_cents integer not null,
  note text,
  rule_version text,
  unique (statement_id, position)
);
create index council_allowance_lines_tenant on council_allowance_lines (tenant_id, statement_id);
