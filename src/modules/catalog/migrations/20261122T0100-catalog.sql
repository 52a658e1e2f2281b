-- Service catalogue (Leistungen) per municipality, with Lebenslagen and German full-text search.
create extension if not exists pg_trgm;

create table catalog_categories (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  slug text not null check (slug ~ '^[a-z0-9-]{2,60}$'),
  name text not null,
  description text not null default '',
  position integer not null default 0,
  unique (tenant_id, slug)
);

create table catalog_services (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  slug text not null check (slug ~ '^[a-z0-9-]{2,80}$'),
  name text not null check (length(name) between 2 and 200),
  short_description text not null default '',
  description text not null default '',
  keywords text not null default '',
  leika_key text check (leika_key ~ '^[0-9]{14}$'),
  legal_basis text not null default '',
  fee jsonb not null default '{"kind":"free"}',
  identity_level text not null default 'basic' check (identity_level in ('none', 'basic', 'substantial', 'high')),
  processing_time text not null default '',
  responsible_unit text not null default '',
  contact_email text not null default '',
  contact_phone text not null default '',
  maturity smallint not null default 1 check (maturity between 0 and 4),
  popularity integer not null default 0,
  published boolean not null default true,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  search tsvector generated always as (
    setweight(to_tsvector('german', name), 'A') ||
    setweight(to_tsvector('german', keywords), 'A') ||
    setweight(to_tsvector('german', short_description), 'B') ||
    setweight(to_tsvector('german', description), 'C')
  ) stored,
  search_text text generated always as (lower(name || ' ' || keywords)) stored,
  unique (tenant_id, slug)
);
create index catalog_services_search on catalog_services using gin (search);
create index catalog_services_tenant on catalog_services (tenant_id, popularity desc);

create table catalog_service_categories (
  tenant_id uuid not null references tenants(id) on delete cascade,
  service_id uuid not null references catalog_services(id) on delete cascade,
  category_id uuid not null references catalog_categories(id) on delete cascade,
  primary key (service_id, category_id)
);
