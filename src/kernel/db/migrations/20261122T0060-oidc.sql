-- Login through an OpenID Connect provider per tenant (e.g. Keycloak brokering BundID) and identity levels.
create table oidc_providers (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  issuer text not null,
  client_id text not null,
  client_secret text not null,
  display_name text not null,
  level_claim text not null default 'acr',
  level_map jsonb not null default '{}',
  enabled boolean not null default true
);

create table oidc_logins (
  state text primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  verifier text not null,
  nonce text not null,
  return_to text not null default '',
  created_at timestamptz not null,
  expires_at timestamptz not null
);

alter table users add column oidc_issuer text;
alter table users add column oidc_subject text;
create unique index users_oidc_subject on users (tenant_id, oidc_issuer, oidc_subject) where oidc_subject is not null;

alter table sessions add column level text not null default 'basic' check (level in ('basic', 'substantial', 'high'));
