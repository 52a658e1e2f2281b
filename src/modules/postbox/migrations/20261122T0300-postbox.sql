-- Secure postbox in the Bürgerkonto: threads, messages, documents, and notices with their Bekanntgabe record.
create table postbox_settings (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  bekanntgabe_rule text not null default 'ozg9' check (bekanntgabe_rule in ('ozg9', 'vwvfg41', 'ao122a'))
);

create table postbox_threads (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  subject text not null,
  reference text not null default '',
  created_at timestamptz not null,
  last_message_at timestamptz not null,
  citizen_unread integer not null default 0,
  staff_unread integer not null default 0
);
create index postbox_threads_user on postbox_threads (tenant_id, user_id, last_message_at desc);

create table postbox_messages (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  thread_id uuid not null references postbox_threads(id) on delete cascade,
  sender text not null check (sender in ('citizen', 'authority')),
  author_id uuid references users(id),
  body text not null check (length(body) <= 20000),
  created_at timestamptz not null
);
create index postbox_messages_thread on postbox_messages (thread_id, created_at);

create table postbox_documents (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  thread_id uuid references postbox_threads(id) on delete cascade,
  message_id uuid references postbox_messages(id) on delete cascade,
  file_id uuid not null references files(id),
  kind text not null check (kind in ('receipt', 'notice', 'permit', 'attachment')),
  title text not null,
  created_at timestamptz not null
);
create index postbox_documents_user on postbox_documents (tenant_id, user_id, created_at desc);

-- One row per notice (Bescheid) or permit; set-once columns cannot be changed once filled (trigger below).
create table postbox_notices (
  document_id uuid primary key references postbox_documents(id) on delete cascade,
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid not null references users(id),
  sha256 text not null,
  subject text not null,
  reference text not null,
  provided_at timestamptz not null,
  notified_at timestamptz,
  notification_result text,
  first_retrieved_at timestamptz,
  first_retrieved_by uuid references users(id),
  bekanntgabe_rule text not null,
  bekanntgabe_date date,
  verify_token text not null unique,
  status text not null default 'valid' check (status in ('valid', 'revoked')),
  public_details jsonb not null default '{}'
);

create function postbox_notices_set_once() returns trigger language plpgsql as $$
begin
  if old.sha256 <> new.sha256 or old.provided_at <> new.provided_at or old.verify_token <> new.verify_token
     or old.user_id <> new.user_id or old.subject <> new.subject or old.reference <> new.reference
     or old.bekanntgabe_rule <> new.bekanntgabe_rule
     or (old.notified_at is not null and new.notified_at is distinct from old.notified_at)
     or (old.notification_result is not null and new.notification_result is distinct from old.notification_result)
     or (old.first_retrieved_at is not null and new.first_retrieved_at is distinct from old.first_retrieved_at)
     or (old.first_retrieved_by is not null and new.first_retrieved_by is distinct from old.first_retrieved_by) then
    raise exception 'postbox_notices: recorded facts cannot be changed';
  end if;
  return new;
end
$$;
create trigger postbox_notices_immutable before update on postbox_notices for each row execute function postbox_notices_set_once();
create trigger postbox_notices_no_delete before delete on postbox_notices for each row execute function audit_log_append_only();
