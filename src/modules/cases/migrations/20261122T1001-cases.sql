-- Vorgangsbearbeitung: teams and substitution, case types with a configurable workflow, cases numbered by the
-- tenant's scheme, their timeline, electronic inbound mail (Posteingang) and outgoing letters.
create table case_teams (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  unique (tenant_id, name)
);

create table case_team_members (
  tenant_id uuid not null references tenants(id) on delete cascade,
  team_id uuid not null references case_teams(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  primary key (team_id, user_id)
);
create index case_team_members_user on case_team_members (tenant_id, user_id);

-- Vertretung: while `user_id` is absent, `substitute_id` sees and works their cases.
create table case_absences (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  substitute_id uuid not null references users(id) on delete cascade,
  starts_on date not null,
  ends_on date not null check (ends_on >= starts_on),
  check (user_id <> substitute_id)
);
create index case_absences_substitute on case_absences (tenant_id, substitute_id, ends_on);

create table case_types (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  key text not null check (key ~ '^[a-z0-9-]{2,60}$'),
  name text not null,
  -- The catalogue service whose applications open cases of this type (slug), if any.
  service_slug text,
  team_id uuid references case_teams(id),
  plan_item_id uuid references records_plan_items(id),
  -- Target processing time in days; the clock pauses while the case waits for the citizen.
  target_days integer not null default 30 check (target_days between 1 and 3650),
  -- Decisions of this type need the approval of a second person (Sachgebietsleitung).
  four_eyes boolean not null default false,
  -- { states: [{ key, label, kind: open|waiting|closed, initial? }], transitions: [{ key, label, from[], to, roles[], decision? }] }
  workflow jsonb not null,
  active boolean not null default true,
  unique (tenant_id, key)
);
create unique index case_types_service on case_types (tenant_id, service_slug) where service_slug is not null and active;

create table case_counters (
  tenant_id uuid not null references tenants(id) on delete cascade,
  year integer not null,
  last integer not null,
  primary key (tenant_id, year)
);

create table cases (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  -- Aktenzeichen of the case, e.g. "32.10-2026-000123".
  number text not null,
  year integer not null,
  seq integer not null,
  type_id uuid not null references case_types(id),
  file_id uuid references records_files(id),
  team_id uuid references case_teams(id),
  subject text not null,
  -- Name of the citizen or company concerned (for search and lists).
  party text not null default '',
  citizen_user_id uuid references users(id),
  status text not null,
  status_kind text not null check (status_kind in ('open', 'waiting', 'closed')),
  assignee_id uuid references users(id),
  source text not null check (source in ('portal', 'staff', 'inbound')),
  -- The record that opened it (application id, inbound item id); one case per source record.
  source_ref text,
  opened_at timestamptz not null,
  due_at timestamptz not null,
  paused_since timestamptz,
  closed_at timestamptz,
  -- Four-eyes: a proposed decision waits for approval by someone else.
  proposal jsonb,
  proposed_by uuid references users(id),
  version integer not null default 1,
  updated_at timestamptz not null,
  search tsvector generated always as (to_tsvector('german', number || ' ' || subject || ' ' || party)) stored,
  unique (tenant_id, number),
  unique (tenant_id, year, seq),
  unique (tenant_id, source, source_ref)
);
-- Worklists: mine / team / unassigned / overdue / waiting, each an index range scan in due order.
create index cases_assignee on cases (tenant_id, assignee_id, due_at) where closed_at is null;
create index cases_team on cases (tenant_id, team_id, due_at) where closed_at is null;
create index cases_unassigned on cases (tenant_id, team_id, due_at) where closed_at is null and assignee_id is null;
create index cases_waiting on cases (tenant_id, paused_since) where closed_at is null and paused_since is not null;
create index cases_type_status on cases (tenant_id, type_id, status, opened_at);
create index cases_opened on cases (tenant_id, opened_at);
create index cases_search on cases using gin (search);
create index cases_citizen on cases (tenant_id, citizen_user_id) where citizen_user_id is not null;

create table case_events (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  case_id uuid not null references cases(id) on delete cascade,
  at timestamptz not null,
  actor_id uuid references users(id),
  kind text not null,
  from_status text,
  to_status text,
  note text not null default ''
);
create index case_events_case on case_events (case_id, at);

-- Posteingang: every inbound letter or e-mail gets a receipt stamp (date, running number per year);
-- the original stays unchanged in `stored_file_id`.
create table inbound_counters (
  tenant_id uuid not null references tenants(id) on delete cascade,
  year integer not null,
  last integer not null,
  primary key (tenant_id, year)
);

create table inbound_items (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  year integer not null,
  running_no integer not null,
  received_at timestamptz not null,
  kind text not null check (kind in ('letter', 'email')),
  stored_file_id uuid not null references files(id),
  sender text not null default '',
  subject text not null default '',
  status text not null default 'new' check (status in ('new', 'assigned')),
  case_id uuid references cases(id),
  file_id uuid references records_files(id),
  document_id uuid references records_documents(id),
  uploaded_by uuid references users(id),
  assigned_by uuid references users(id),
  assigned_at timestamptz,
  unique (tenant_id, year, running_no)
);
create index inbound_items_new on inbound_items (tenant_id, received_at) where status = 'new';

-- Outgoing letters: into the citizen's postbox when they have an account, else into a print batch (one PDF).
create table print_batches (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  created_at timestamptz not null,
  created_by uuid references users(id),
  stored_file_id uuid references files(id),
  letters integer not null
);

create table outgoing_letters (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  case_id uuid not null references cases(id),
  document_id uuid not null references records_documents(id),
  channel text not null check (channel in ('postbox', 'print')),
  recipient_user_id uuid references users(id),
  address text not null default '',
  batch_id uuid references print_batches(id),
  created_at timestamptz not null
);
create index outgoing_letters_unbatched on outgoing_letters (tenant_id, created_at) where channel = 'print' and batch_id is null;
