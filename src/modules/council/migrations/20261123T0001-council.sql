-- Sitzungsdienst / Ratsinformationssystem: the core objects, shaped after OParl 1.1 so the public API is a view of
-- them. Every row has `created_at` and `modified_at` (bumped on every change, clients sync by it) and is deleted
-- softly (`deleted_at`): OParl must report deleted objects to `modified_since` clients. `public` on meetings, agenda
-- items, papers and files is the publication guard's input; non-public rows never leave the back office.

-- The council office's settings per tenant: the Land's quorum rule pack and the notice rule of the Geschäftsordnung.
create table council_settings (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  quorum_rule text not null default 'MV' check (quorum_rule ~ '^[A-Z]{2}$'),
  -- { days, counting: calendar|full, countDispatchDay, countMeetingDay, urgentDays }
  notice_rule jsonb not null,
  modified_at timestamptz not null
);

-- Locations (OParl Location): meeting rooms and addresses.
create table council_locations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  description text not null check (length(description) between 1 and 300),
  room text,
  street_address text,
  postal_code text,
  locality text,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  deleted_at timestamptz
);
create index council_locations_tenant on council_locations (tenant_id, modified_at, id);

-- Wahlperioden (OParl LegislativeTerm).
create table council_terms (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  start_date date not null,
  end_date date,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  deleted_at timestamptz,
  check (end_date is null or end_date >= start_date)
);
create index council_terms_tenant on council_terms (tenant_id, modified_at, id);

-- Gremien and Fraktionen (OParl Organization). For an Amt, `municipality` names the member Gemeinde whose body it
-- is (null: the tenant's own body, e.g. the Amtsausschuss), so one council office serves all of them.
create table council_bodies (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  short_name text,
  kind text not null check (kind in ('council', 'committee', 'ortsbeirat', 'amtsausschuss', 'fraktion', 'working_group', 'other')),
  municipality text,
  -- The legal number of members (gesetzliche Mitgliederzahl), the base of quorum; not the count of memberships.
  legal_members integer check (legal_members between 1 and 500),
  -- The body whose committee this is (Hauptausschuss of the Gemeindevertretung, …).
  parent_id uuid references council_bodies(id),
  start_date date,
  end_date date,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  deleted_at timestamptz
);
create index council_bodies_tenant on council_bodies (tenant_id, modified_at, id);
create unique index council_bodies_name on council_bodies (tenant_id, coalesce(municipality, ''), lower(name)) where deleted_at is null;

-- Persons (OParl Person): members, deputies, sachkundige Einwohner. `user_id` links a staff account (role
-- councillor) for electronic delivery. Contact data is published only with `publish_contact` consent.
create table council_persons (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  family_name text not null check (length(family_name) between 1 and 100),
  given_name text not null check (length(given_name) between 1 and 100),
  title text,
  form_of_address text,
  gender text check (gender in ('female', 'male', 'diverse')),
  email text,
  phone text,
  street_address text,
  postal_code text,
  locality text,
  -- Payroll reference for the Sitzungsgeld export.
  personnel_number text,
  -- Invitations: electronically (Mandatspostfach) or on paper, as the member chose (§ 29 KV M-V: paper on demand).
  delivery text not null default 'electronic' check (delivery in ('electronic', 'paper')),
  publish_contact boolean not null default false,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  deleted_at timestamptz
);
create index council_persons_tenant on council_persons (tenant_id, modified_at, id);
create unique index council_persons_user on council_persons (tenant_id, user_id) where user_id is not null and deleted_at is null;

-- Memberships (OParl Membership): role, Fraktion (on behalf of), voting right, deputy of, from–to.
create table council_memberships (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  person_id uuid not null references council_persons(id),
  body_id uuid not null references council_bodies(id),
  role text not null check (role in ('chair', 'deputy_chair', 'member', 'deputy', 'advisory', 'fraktion_chair')),
  fraktion_id uuid references council_bodies(id),
  voting_right boolean not null default true,
  deputy_of uuid references council_persons(id),
  start_date date not null,
  end_date date,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  deleted_at timestamptz,
  check (end_date is null or end_date >= start_date)
);
create index council_memberships_tenant on council_memberships (tenant_id, modified_at, id);
create index council_memberships_body on council_memberships (tenant_id, body_id, start_date);
create index council_memberships_person on council_memberships (tenant_id, person_id);

-- Drucksachen (OParl Paper). `status` is the internal path (draft → sign-off → released); `tracking` follows motions
-- from submission to resolution to implementation report.
create table council_papers (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  reference text not null check (length(reference) between 1 and 60),
  name text not null check (length(name) between 1 and 500),
  paper_type text not null check (paper_type in ('beschlussvorlage', 'antrag', 'anfrage', 'mitteilung', 'stellungnahme', 'bericht')),
  date date not null,
  -- The body the paper belongs to (for an Amt also which member Gemeinde), the department that wrote it.
  municipality text,
  department text,
  body_text text not null default '',
  resolution_proposal text not null default '',
  status text not null default 'draft' check (status in ('draft', 'signoff', 'released', 'withdrawn')),
  tracking text not null default 'submitted' check (tracking in ('submitted', 'in_consultation', 'resolved', 'rejected', 'implemented', 'answered', 'noted')),
  implementation_due date,
  implementation_report text,
  -- An Anfrage's answer, an Antrag's Stellungnahme: the paper it refers to.
  related_paper_id uuid references council_papers(id),
  originator_person_ids uuid[] not null default '{}',
  originator_body_ids uuid[] not null default '{}',
  public boolean not null default true,
  created_by uuid references users(id),
  created_at timestamptz not null,
  modified_at timestamptz not null,
  deleted_at timestamptz
);
create index council_papers_tenant on council_papers (tenant_id, modified_at, id);
create unique index council_papers_reference on council_papers (tenant_id, reference) where deleted_at is null;

-- Sitzungen (OParl Meeting). State: planned (terminiert) → invited (eingeladen) → held (durchgeführt); cancelled.
create table council_meetings (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  body_id uuid not null references council_bodies(id),
  name text not null check (length(name) between 1 and 300),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  location_id uuid references council_locations(id),
  state text not null default 'planned' check (state in ('planned', 'invited', 'held', 'cancelled')),
  urgent boolean not null default false,
  urgency_reason text,
  dispatched_at timestamptz,
  minutes_state text not null default 'none' check (minutes_state in ('none', 'draft', 'approved', 'released')),
  created_at timestamptz not null,
  modified_at timestamptz not null,
  deleted_at timestamptz,
  check (ends_at > starts_at)
);
create index council_meetings_tenant on council_meetings (tenant_id, modified_at, id);
create index council_meetings_body on council_meetings (tenant_id, body_id, starts_at);
create index council_meetings_start on council_meetings (tenant_id, starts_at);

-- Tagesordnungspunkte (OParl AgendaItem): public part first, then non-public; `position` is 0-based within the meeting.
create table council_agenda_items (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  meeting_id uuid not null references council_meetings(id),
  position integer not null check (position >= 0),
  number text not null,
  name text not null check (length(name) between 1 and 500),
  public boolean not null default true,
  paper_id uuid references council_papers(id),
  result text,
  resolution_text text,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  deleted_at timestamptz
);
create index council_agenda_items_tenant on council_agenda_items (tenant_id, modified_at, id);
create index council_agenda_items_meeting on council_agenda_items (tenant_id, meeting_id, position);
create index council_agenda_items_paper on council_agenda_items (tenant_id, paper_id) where paper_id is not null;

-- Beratungsfolge (OParl Consultation): a paper's path through bodies (advising, deciding) across meetings.
create table council_consultations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  paper_id uuid not null references council_papers(id),
  body_id uuid not null references council_bodies(id),
  position integer not null default 0,
  role text not null check (role in ('advising', 'deciding', 'noting')),
  authoritative boolean not null default false,
  meeting_id uuid references council_meetings(id),
  agenda_item_id uuid references council_agenda_items(id),
  created_at timestamptz not null,
  modified_at timestamptz not null,
  deleted_at timestamptz
);
create index council_consultations_tenant on council_consultations (tenant_id, modified_at, id);
create index council_consultations_paper on council_consultations (tenant_id, paper_id, position);

-- Dateien (OParl File): a paper's main file and attachments, a meeting's invitation, results and minutes. Content
-- lives in the kernel file store; sha512 is what OParl publishes.
create table council_files (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  stored_file_id uuid not null references files(id),
  name text not null check (length(name) between 1 and 300),
  file_name text not null check (length(file_name) between 1 and 200),
  mime text not null,
  size integer not null,
  sha512 text not null check (sha512 ~ '^[0-9a-f]{128}$'),
  paper_id uuid references council_papers(id),
  meeting_id uuid references council_meetings(id),
  agenda_item_id uuid references council_agenda_items(id),
  role text not null check (role in ('main', 'attachment', 'invitation', 'results', 'minutes', 'verbatim', 'auxiliary')),
  position integer not null default 0,
  public boolean not null default true,
  text_content text,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  deleted_at timestamptz
);
create index council_files_tenant on council_files (tenant_id, modified_at, id);
create index council_files_paper on council_files (tenant_id, paper_id) where paper_id is not null;
create index council_files_meeting on council_files (tenant_id, meeting_id) where meeting_id is not null;
