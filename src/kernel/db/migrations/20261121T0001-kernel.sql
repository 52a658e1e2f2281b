-- Kernel schema: tenants, modules, identities, sessions, throttling, audit chain, jobs.

create table tenants (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$'),
  name text not null check (length(name) between 2 and 120),
  kind text not null check (kind in ('stadt', 'gemeinde', 'amt')),
  land text not null check (land in ('BW','BY','BE','BB','HB','HH','HE','MV','NI','NW','RP','SL','SN','ST','SH','TH')),
  ags text check (ags ~ '^[0-9]{8}$'),
  ars text not null unique check (ars ~ '^[0-9]{12}$'),
  street text not null default '',
  postal_code text not null default '' check (postal_code = '' or postal_code ~ '^[0-9]{5}$'),
  city text not null default '',
  phone text not null default '',
  email text not null default '',
  website text not null default '',
  accent text not null default 'blau',
  arms_svg text,
  impressum text not null default '',
  privacy text not null default '',
  accessibility text not null default '',
  active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (kind = 'amt' or ags is not null)
);

create table member_municipalities (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  ags text not null check (ags ~ '^[0-9]{8}$'),
  unique (tenant_id, ags)
);

create table tenant_modules (
  tenant_id uuid not null references tenants(id) on delete cascade,
  module text not null check (module in ('catalog','forms','applications','account','cases','appointments','council','finance','staff')),
  enabled boolean not null default false,
  primary key (tenant_id, module)
);

create table users (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid references tenants(id) on delete cascade,
  kind text not null check (kind in ('citizen', 'staff', 'operator')),
  email text not null check (email = lower(email) and length(email) <= 254),
  display_name text not null default '',
  password_hash text not null,
  email_verified_at timestamptz,
  roles text[] not null default '{}'
    check (roles <@ array['admin','clerk','council_office','treasury','councillor']::text[]),
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((kind = 'operator') = (tenant_id is null)),
  check (kind = 'staff' or cardinality(roles) = 0)
);
create unique index users_email_per_tenant on users (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), email);

create table sessions (
  id_hash text primary key,
  tenant_id uuid references tenants(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);
create index sessions_expiry on sessions (expires_at);

create table user_tokens (
  id_hash text primary key,
  tenant_id uuid references tenants(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  purpose text not null check (purpose in ('verify_email', 'reset_password')),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index user_tokens_user on user_tokens (user_id, purpose);

-- Failed-login counters per account and per client address (platform-wide, keyed by hashed identifiers).
create table login_throttle (
  key text primary key,
  failures integer not null default 0,
  window_started_at timestamptz not null,
  locked_until timestamptz
);

-- Append-only, hash-chained audit log; one chain per tenant plus one for the platform.
create table audit_log (
  chain text not null,
  seq bigint not null,
  tenant_id uuid references tenants(id),
  at timestamptz not null,
  actor_id uuid,
  actor_kind text not null check (actor_kind in ('citizen', 'staff', 'operator', 'system', 'anonymous')),
  action text not null check (action ~ '^[a-z][a-z0-9_.]*$'),
  object_type text not null check (object_type ~ '^[a-z][a-z0-9_]*$'),
  object_id text,
  details jsonb not null default '{}',
  prev_hash text not null,
  hash text not null,
  primary key (chain, seq)
);
create index audit_log_tenant_at on audit_log (tenant_id, at desc);
create index audit_log_object on audit_log (object_type, object_id);

create table audit_heads (
  chain text primary key,
  seq bigint not null,
  hash text not null
);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();

create table jobs (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid references tenants(id) on delete cascade,
  kind text not null,
  payload jsonb not null default '{}',
  idempotency_key text unique,
  run_at timestamptz not null,
  attempts integer not null default 0,
  locked_until timestamptz,
  done_at timestamptz,
  last_error text,
  created_at timestamptz not null default now()
);
create index jobs_due on jobs (run_at) where done_at is null;
