-- Terminvergabe, second part: release time, persons per booking, reminders, waitlist with timed offers,
-- proof-of-work challenges, bookings of logged-in citizens, and the staff side (check-in, calling, no-shows).
alter table appt_settings
  add column release_time time not null default '00:00',
  add column max_persons integer not null default 3 check (max_persons between 1 and 10),
  add column offer_minutes integer not null default 60 check (offer_minutes between 10 and 1440),
  add column reminder_hours integer not null default 24 check (reminder_hours between 0 and 168),
  add column pow_difficulty integer not null default 16 check (pow_difficulty between 0 and 24),
  add column min_form_seconds integer not null default 8 check (min_form_seconds between 0 and 300),
  add column api_requires_challenge boolean not null default false,
  add column waitlist_enabled boolean not null default true;

alter table appt_settings
  add constraint appt_settings_ranges check (horizon_days between 1 and 365 and min_notice_minutes between 0 and 10080
    and max_open_per_email between 1 and 50 and bookings_per_hour_per_client between 1 and 100000 and confirm_minutes between 5 and 1440);

alter table appt_locations
  add column active boolean not null default true;
alter table appt_services
  add column active boolean not null default true;

alter table appt_bookings
  add column persons integer not null default 1 check (persons between 1 and 10),
  add column user_id uuid references users(id) on delete set null,
  add column waitlist_id uuid,
  add column reminder_due_at timestamptz,
  add column reminded_at timestamptz,
  add column ticket text,
  add column checked_in_at timestamptz,
  add column called_at timestamptz,
  add column called_counter integer,
  add column finished_at timestamptz,
  add column no_show_at timestamptz;
create index appt_bookings_day on appt_bookings (tenant_id, location_id, start_at) where status <> 'cancelled';
create index appt_bookings_user on appt_bookings (tenant_id, user_id, start_at) where user_id is not null;

-- Waiting numbers per location and day, handed out at check-in.
create table appt_ticket_counters (
  tenant_id uuid not null references tenants(id) on delete cascade,
  location_id uuid not null references appt_locations(id) on delete cascade,
  day date not null,
  last integer not null,
  primary key (location_id, day)
);

-- Waitlist: first come, first offered, per service and location; double opt-in through the mailed link.
create table appt_waitlist (
  id uuid primary key default gen_random_uuid(),
  -- Queue order: first come, first offered (timestamps can tie).
  seq bigint generated always as identity,
  tenant_id uuid not null references tenants(id) on delete cascade,
  location_id uuid not null references appt_locations(id) on delete cascade,
  service_id uuid not null references appt_services(id) on delete cascade,
  persons integer not null default 1,
  name text not null,
  email text not null,
  user_id uuid references users(id) on delete set null,
  earliest date not null,
  latest date not null check (latest >= earliest),
  token_hash text not null,
  status text not null check (status in ('unconfirmed', 'waiting', 'offered', 'booked', 'lapsed', 'withdrawn')),
  booking_id uuid references appt_bookings(id) on delete set null,
  offers integer not null default 0,
  created_at timestamptz not null
);
create index appt_waitlist_queue on appt_waitlist (tenant_id, location_id, seq) where status = 'waiting';
create unique index appt_waitlist_one_per_person on appt_waitlist (tenant_id, location_id, service_id, email) where status in ('unconfirmed', 'waiting', 'offered');

-- Spent proof-of-work challenges: each may be used once.
create table appt_challenges (
  nonce text primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  expires_at timestamptz not null
);
