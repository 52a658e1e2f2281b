-- Applications (Anträge): numbered per tenant and year without gaps, with a status timeline.
create table application_counters (
  tenant_id uuid not null references tenants(id) on delete cascade,
  year integer not null,
  last integer not null default 0,
  primary key (tenant_id, year)
);

create table applications (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  number text not null,
  year integer not null,
  seq integer not null,
  user_id uuid not null references users(id),
  submission_id uuid not null unique references form_submissions(id),
  service_slug text,
  title text not null,
  status text not null check (status in ('awaiting_payment', 'received', 'in_progress', 'query', 'decided', 'closed')),
  paid boolean not null default false,
  decision text check (decision in ('approved', 'rejected')),
  decision_reason text,
  fee_cents integer check (fee_cents >= 0),
  thread_id uuid references postbox_threads(id),
  assignee_id uuid references users(id),
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (tenant_id, number),
  unique (tenant_id, year, seq)
);
create index applications_worklist on applications (tenant_id, status, created_at);
create index applications_user on applications (tenant_id, user_id, created_at desc);

create table application_events (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  application_id uuid not null references applications(id) on delete cascade,
  at timestamptz not null,
  kind text not null check (kind in ('status', 'query', 'answer', 'decision', 'document')),
  status text not null,
  actor_kind text not null,
  note text not null default ''
);
create index application_events_app on application_events (application_id, at);
