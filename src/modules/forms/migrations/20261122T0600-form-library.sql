-- The Zweckverband's shared form library: a municipality publishes, others adopt with provenance.
create table form_library (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade, -- the publishing municipality
  source_form_id uuid not null references form_definitions(id) on delete cascade,
  key text not null,
  title text not null,
  created_at timestamptz not null,
  unique (source_form_id)
);

create table form_library_versions (
  library_id uuid not null references form_library(id) on delete cascade,
  tenant_id uuid not null references tenants(id) on delete cascade,
  version integer not null,
  definition jsonb not null,
  published_at timestamptz not null,
  primary key (library_id, version)
);

alter table form_definitions add column upstream_id uuid references form_library(id);
alter table form_definitions add column upstream_version integer;
