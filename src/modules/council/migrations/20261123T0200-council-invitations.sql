-- Invitations (Ladung) of council meetings: one row per dispatch (version 1 = Einladung, 2… = Nachtrag), and one row
-- per recipient and document sent (invitation or cancellation notice), electronic (Mandatspostfach) or on paper
-- (print batch, "posted" recorded by the council office). Together with council_mailbox.opened_at they are the
-- proof that every member was properly invited (§ 29 KV M-V; § 30: quorum needs all members properly invited).

alter table council_meetings add column cancelled_at timestamptz;
alter table council_meetings add column cancellation_reason text check (cancellation_reason is null or length(cancellation_reason) between 1 and 1000);

create table council_invitations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  meeting_id uuid not null references council_meetings(id),
  version integer not null check (version >= 1),
  dispatched_at timestamptz not null,
  dispatched_by uuid references users(id),
  urgent boolean not null default false,
  urgency_reason text,
  -- The member variant (with the non-public part), as sent; the public variant is a council_files row (role invitation).
  member_file_id uuid not null references files(id),
  public_file_id uuid references council_files(id),
  members integer not null check (members >= 0),
  copies integer not null check (copies >= 0),
  electronic integer not null check (electronic >= 0),
  paper integer not null check (paper >= 0),
  unique (tenant_id, meeting_id, version)
);

create table council_deliveries (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  meeting_id uuid not null references council_meetings(id),
  person_id uuid not null references council_persons(id),
  kind text not null check (kind in ('invitation', 'cancellation')),
  version integer not null default 1 check (version >= 1),
  -- A deputy (stellvertretendes Mitglied) gets a copy "zur Kenntnis"; members are invited.
  copy boolean not null default false,
  channel text not null check (channel in ('electronic', 'paper')),
  mailbox_id uuid references council_mailbox(id),
  -- What was sent (paper: what to print behind the cover sheet).
  document_file_id uuid not null references files(id),
  created_at timestamptz not null,
  posted_on date,
  posted_by uuid references users(id),
  unique (tenant_id, meeting_id, person_id, kind, version),
  check (channel = 'paper' or posted_on is null)
);
create index council_deliveries_meeting on council_deliveries (tenant_id, meeting_id, kind, version);
create index council_deliveries_unposted on council_deliveries (tenant_id, meeting_id) where channel = 'paper' and posted_on is null;
