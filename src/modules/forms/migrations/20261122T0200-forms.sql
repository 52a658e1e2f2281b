-- Form server: versioned form definitions, drafts per account, submissions that keep their version.
create table form_definitions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  key text not null check (key ~ '^[a-z0-9-]{2,80}$'),
  service_slug text,
  created_at timestamptz not null default now(),
  unique (tenant_id, key)
);

create table form_versions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  form_id uuid not null references form_definitions(id) on delete cascade,
  version integer not null check (version > 0),
  definition jsonb not null,
  status text not null check (status in ('published', 'retired')),
  published_at timestamptz not null,
  published_by uuid references users(id),
  unique (form_id, version)
);
create unique index form_versions_one_published on form_versions (form_id) where status = 'published';

create table form_drafts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  form_id uuid not null references form_definitions(id) on delete cascade,
  form_version_id uuid not null references form_versions(id),
  data jsonb not null default '{}',
  step integer not null default 0,
  furthest_step integer not null default 0,
  revision integer not null default 1,
  updated_at timestamptz not null,
  unique (tenant_id, user_id, form_id)
);

create table form_submissions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid not null references users(id),
  form_id uuid not null references form_definitions(id),
  form_version_id uuid not null references form_versions(id),
  data jsonb not null,
  idempotency_key text not null,
  submitted_at timestamptz not null,
  unique (tenant_id, idempotency_key)
);
create index form_submissions_user on form_submissions (tenant_id, user_id, submitted_at desc);
