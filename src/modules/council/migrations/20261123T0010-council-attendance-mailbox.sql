-- Attendance per meeting (the basis of quorum per agenda item and of Sitzungsgeld) and the Mandatspostfach
-- (electronic delivery of invitations, minutes and Sitzungsgeld statements to members, with proof of retrieval).

-- One row per person and meeting. Arrival and departure are recorded as times (for lost earnings) and as the agenda
-- positions the person was present for: present for item k when from_position <= k and (to_position is null or
-- k <= to_position). A deputy (Stellvertreter) sits `for_person_id`.
create table council_attendance (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  meeting_id uuid not null references council_meetings(id),
  person_id uuid not null references council_persons(id),
  status text not null check (status in ('present', 'excused', 'absent')),
  arrived_at timestamptz,
  left_at timestamptz,
  from_position integer not null default 0 check (from_position >= 0),
  to_position integer check (to_position is null or to_position >= from_position),
  for_person_id uuid references council_persons(id),
  -- The person led the meeting (chair supplement in Sitzungsgeld).
  chaired boolean not null default false,
  -- Kilometres travelled (Sitzungsgeld travel costs), as claimed.
  travel_km integer check (travel_km is null or travel_km between 0 and 2000),
  created_at timestamptz not null,
  modified_at timestamptz not null,
  unique (tenant_id, meeting_id, person_id),
  check (left_at is null or arrived_at is null or left_at >= arrived_at)
);
create index council_attendance_person on council_attendance (tenant_id, person_id);

-- Mandatspostfach: documents for a member. `opened_at` (first retrieval) is the proof of delivery; `dedupe_key`
-- makes a repeated dispatch or billing run deliver nothing twice.
create table council_mailbox (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  person_id uuid not null references council_persons(id),
  kind text not null check (kind in ('invitation', 'minutes', 'statement', 'notice')),
  subject text not null check (length(subject) between 1 and 300),
  meeting_id uuid references council_meetings(id),
  stored_file_id uuid references files(id),
  dedupe_key text not null,
  delivered_at timestamptz not null,
  opened_at timestamptz,
  retrievals integer not null default 0,
  unique (tenant_id, dedupe_key)
);
create index council_mailbox_person on council_mailbox (tenant_id, person_id, delivered_at desc);
