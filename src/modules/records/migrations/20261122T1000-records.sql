-- E-Akte: file plan (Aktenplan) with retention rules, files (Akten), documents with immutable versions,
-- German full-text search, access log for restricted documents, disposal (archive/delete) with tombstones,
-- file inspection (Akteneinsicht) grants.
create table records_plan_items (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  parent_id uuid references records_plan_items(id),
  code text not null check (code ~ '^[0-9]{1,3}(\.[0-9]{1,3}){0,5}$'),
  title text not null check (length(title) between 1 and 200),
  -- Retention: years counted from the end of the year the file was closed; null = inherit from the parent.
  retention_years integer check (retention_years between 0 and 200),
  retention_action text check (retention_action in ('archive', 'delete')),
  created_at timestamptz not null,
  unique (tenant_id, code)
);

create table records_file_counters (
  tenant_id uuid not null references tenants(id) on delete cascade,
  plan_item_id uuid not null references records_plan_items(id) on delete cascade,
  year integer not null,
  last integer not null,
  primary key (plan_item_id, year)
);

create table records_files (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  plan_item_id uuid not null references records_plan_items(id),
  -- Aktenzeichen, e.g. "32.10-2026-000123" (plan code, year, running number).
  number text not null,
  title text not null,
  restricted boolean not null default false,
  status text not null default 'open' check (status in ('open', 'closed', 'archived', 'deleted')),
  opened_at timestamptz not null,
  closed_at timestamptz,
  -- First day the retention period allows disposal (set when the file is closed).
  disposal_due date,
  version integer not null default 1,
  unique (tenant_id, number)
);
create index records_files_due on records_files (tenant_id, disposal_due) where status = 'closed';

create table records_documents (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  file_id uuid not null references records_files(id),
  -- The case (Vorgang) it belongs to, if any (cases live in the cases module; referenced by id only).
  case_id uuid,
  title text not null check (length(title) between 1 and 300),
  direction text not null check (direction in ('incoming', 'outgoing', 'internal')),
  correspondent text not null default '',
  document_date date not null,
  subject text not null default '',
  restricted boolean not null default false,
  current_version integer not null default 1,
  created_at timestamptz not null,
  created_by uuid references users(id)
);
create index records_documents_file on records_documents (tenant_id, file_id, created_at);
create index records_documents_case on records_documents (tenant_id, case_id, created_at) where case_id is not null;

-- Versions are never updated: a new version or a correction is a new row.
create table records_document_versions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  document_id uuid not null references records_documents(id),
  version integer not null check (version >= 1),
  stored_file_id uuid references files(id),
  name text not null,
  mime text not null,
  size integer not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  note text not null default '',
  -- Extracted text (PDF text layer, plain text, e-mail body) and its German search vector.
  content_text text not null default '',
  search tsvector not null,
  created_at timestamptz not null,
  created_by uuid references users(id),
  unique (document_id, version)
);
create index records_versions_search on records_document_versions using gin (search);
create index records_versions_tenant on records_document_versions (tenant_id, document_id);

create table records_access_log (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  document_id uuid not null references records_documents(id),
  version integer not null,
  user_id uuid references users(id),
  kind text not null check (kind in ('view', 'download')),
  -- 'staff' = back office, 'inspection' = Akteneinsicht through the portal.
  channel text not null check (channel in ('staff', 'inspection')),
  inspection_id uuid,
  at timestamptz not null
);
create index records_access_log_doc on records_access_log (tenant_id, document_id, at);
create index records_access_log_inspection on records_access_log (tenant_id, inspection_id, at) where inspection_id is not null;

-- Disposal at the end of retention: proposed by a job, approved by a person with the right role, carried out.
create table records_disposals (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  file_id uuid not null references records_files(id),
  action text not null check (action in ('archive', 'delete')),
  status text not null check (status in ('proposed', 'approved', 'rejected', 'done')),
  proposed_at timestamptz not null,
  decided_by uuid references users(id),
  decided_at timestamptz,
  reason text not null default '',
  done_at timestamptz,
  -- What was deleted, when and by whose approval (kept after the content is gone).
  tombstone jsonb
);
create unique index records_disposals_open on records_disposals (file_id) where status in ('proposed', 'approved');

-- Akteneinsicht: time-limited read-only access for a citizen (or representative) to chosen documents.
create table records_inspections (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  file_id uuid not null references records_files(id),
  grantee_user_id uuid not null references users(id),
  note text not null default '',
  valid_from timestamptz not null,
  valid_until timestamptz not null check (valid_until > valid_from),
  granted_by uuid not null references users(id),
  granted_at timestamptz not null,
  revoked_at timestamptz
);
create index records_inspections_grantee on records_inspections (tenant_id, grantee_user_id, valid_until);

create table records_inspection_documents (
  tenant_id uuid not null references tenants(id) on delete cascade,
  inspection_id uuid not null references records_inspections(id) on delete cascade,
  document_id uuid not null references records_documents(id),
  primary key (inspection_id, document_id)
);
