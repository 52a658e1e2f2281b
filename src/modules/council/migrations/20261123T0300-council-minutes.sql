-- Niederschrift (minutes): the record of a held meeting beside council_attendance — per agenda item the members
-- excluded for bias (Mitwirkungsverbot, § 24 KV M-V), the quorum found and the vote, and per meeting the approval
-- by the body and the release. The agenda item's `result` and `resolution_text` (OParl) are written from here; the
-- meeting's `minutes_state` follows none → draft (first attendance recorded; the meeting becomes `held` then) →
-- approved → released (public variant published as a council file).

-- One row per meeting with minutes: what the minutes say beyond attendance, and the approval/release trail.
create table council_minutes (
  tenant_id uuid not null references tenants(id) on delete cascade,
  meeting_id uuid not null references council_meetings(id),
  -- All members properly invited, after any cure the Land allows (MV: the member invited wrongly attends). Input of
  -- every quorum check of this meeting.
  properly_invited boolean not null default true,
  -- "Niederschrift genehmigt am …": the day the body approved the minutes (usually its next meeting), and a note.
  approved_on date,
  approval_note text check (approval_note is null or length(approval_note) <= 300),
  approved_at timestamptz,
  approved_by uuid references users(id),
  released_at timestamptz,
  released_by uuid references users(id),
  created_at timestamptz not null,
  modified_at timestamptz not null,
  primary key (tenant_id, meeting_id)
);

-- Mitwirkungsverbot per agenda item. `reason` is internal: it is never printed in the minutes or published.
-- Removing an exclusion sets `deleted_at`, so the record of who was excluded when stays.
create table council_exclusions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  meeting_id uuid not null references council_meetings(id),
  agenda_item_id uuid not null references council_agenda_items(id),
  person_id uuid not null references council_persons(id),
  reason text check (reason is null or length(reason) <= 500),
  created_by uuid references users(id),
  created_at timestamptz not null,
  modified_at timestamptz not null,
  deleted_at timestamptz
);
create unique index council_exclusions_item_person on council_exclusions (tenant_id, agenda_item_id, person_id) where deleted_at is null;
create index council_exclusions_meeting on council_exclusions (tenant_id, meeting_id);

-- The outcome of one agenda item (one row per item, replaced when recorded again). `second_sitting` is a quorum input
-- set with the exclusions (repeated sitting after a deferral, the invitation pointed out the reduced quorum); the
-- other columns stay null until a vote or a deferral is recorded, and then hold the counts and a snapshot of the
-- quorum the decision rested on.
create table council_votes (
  tenant_id uuid not null references tenants(id) on delete cascade,
  agenda_item_id uuid not null references council_agenda_items(id),
  meeting_id uuid not null references council_meetings(id),
  second_sitting boolean not null default false,
  -- accepted / rejected: voted; deferred: "vertagt – Beschlussunfähigkeit".
  outcome text check (outcome is null or outcome in ('accepted', 'rejected', 'deferred')),
  unanimous boolean not null default false,
  yes integer check (yes is null or yes between 0 and 500),
  no integer check (no is null or no between 0 and 500),
  abstain integer check (abstain is null or abstain between 0 and 500),
  -- Snapshot at recording: voting members present (incl. excluded ones in the room), excluded seats, the rule.
  present_voting integer,
  excluded integer,
  quorum_rule text,
  quorum_required integer,
  quorum_explanation text,
  resolution_text text check (resolution_text is null or length(resolution_text) <= 20000),
  recorded_at timestamptz,
  recorded_by uuid references users(id),
  created_at timestamptz not null,
  modified_at timestamptz not null,
  primary key (tenant_id, agenda_item_id)
);
create index council_votes_meeting on council_votes (tenant_id, meeting_id);
