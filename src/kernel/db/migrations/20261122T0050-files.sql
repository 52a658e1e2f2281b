-- File store in the database: transactional with the records that point to it, shared by all app nodes.
create table files (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  mime text not null,
  size integer not null check (size >= 0 and size <= 20971520),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea not null,
  created_at timestamptz not null
);
create index files_tenant on files (tenant_id, created_at);
