-- Online payments through a payment port; notifications are kept for proof and replay detection.
create table payment_policies (
  tenant_id uuid not null references tenants(id) on delete cascade,
  service_slug text not null,
  policy text not null check (policy in ('none', 'before', 'after')),
  primary key (tenant_id, service_slug)
);

create table payment_counters (
  tenant_id uuid not null references tenants(id) on delete cascade,
  year integer not null,
  last integer not null default 0,
  primary key (tenant_id, year)
);

create table payments (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid not null references users(id),
  application_id uuid references applications(id),
  purpose text not null check (length(purpose) <= 140),
  amount_cents integer not null check (amount_cents > 0),
  kassenzeichen text not null,
  provider text not null,
  provider_tx_id text,
  status text not null check (status in ('INITIAL', 'PAYED', 'FAILED', 'CANCELED')),
  status_detail text not null default '',
  payment_method text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (tenant_id, kassenzeichen),
  unique (provider, provider_tx_id)
);
create index payments_pending on payments (status, updated_at) where status = 'INITIAL';
create index payments_application on payments (tenant_id, application_id);

create table payment_notifications (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid references tenants(id) on delete cascade,
  payment_id uuid references payments(id),
  received_at timestamptz not null,
  notification_id text not null,
  signature_valid boolean not null,
  outcome text not null,
  unique (notification_id)
);

-- The embedded test provider's own books (it stands for an external payment service).
create table testkasse_transactions (
  id text primary key,
  merchant text not null,
  amount_cents integer not null,
  purpose text not null,
  reference text not null,
  notify_url text not null,
  return_url text not null,
  status text not null check (status in ('INITIAL', 'PAYED', 'FAILED', 'CANCELED')),
  created_at timestamptz not null,
  tenant_id uuid references tenants(id) on delete cascade
);
