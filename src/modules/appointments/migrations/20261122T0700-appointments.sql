-- Terminvergabe: locations with parallel counters, services with durations, opening hours, closures,
-- and bookings whose grid cells are claimed under a primary key, so no slot can be booked twice.
create table appt_locations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  address text not null default '',
  accessibility text not null default '',
  counters integer not null default 1 check (counters between 1 and 50)
);

create table appt_services (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  duration_minutes integer not null check (duration_minutes > 0 and duration_minutes % 15 = 0 and duration_minutes <= 240),
  catalog_slug text
);

create table appt_location_services (
  tenant_id uuid not null references tenants(id) on delete cascade,
  location_id uuid not null references appt_locations(id) on delete cascade,
  service_id uuid not null references appt_services(id) on delete cascade,
  primary key (location_id, service_id)
);

create table appt_opening_hours (
  tenant_id uuid not null references tenants(id) on delete cascade,
  location_id uuid not null references appt_locations(id) on delete cascade,
  weekday integer not null check (weekday between 1 and 7),
  opens time not null,
  closes time not null check (closes > opens)
);

create table appt_closures (
  tenant_id uuid not null references tenants(id) on delete cascade,
  location_id uuid references appt_locations(id) on delete cascade,
  day date not null,
  reason text not null default ''
);

create table appt_settings (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  horizon_days integer not null default 60,
  min_notice_minutes integer not null default 60,
  max_open_per_email integer not null default 3,
  bookings_per_hour_per_client integer not null default 20,
  confirm_minutes integer not null default 30
);

create table appt_bookings (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  location_id uuid not null references appt_locations(id),
  service_id uuid not null references appt_services(id),
  start_at timestamptz not null,
  end_at timestamptz not null,
  unit integer not null,
  name text not null,
  email text not null,
  cancel_token_hash text not null,
  status text not null default 'confirmed' check (status in ('reserved', 'confirmed', 'cancelled')),
  expires_at timestamptz,
  created_at timestamptz not null
);
create index appt_bookings_email on appt_bookings (tenant_id, email, start_at) where status <> 'cancelled';

-- One row per 15-minute cell and counter; the primary key is the guarantee against double booking.
create table appt_claims (
  tenant_id uuid not null references tenants(id) on delete cascade,
  location_id uuid not null references appt_locations(id) on delete cascade,
  cell_start timestamptz not null,
  unit integer not null,
  booking_id uuid not null references appt_bookings(id) on delete cascade,
  primary key (location_id, cell_start, unit)
);

create table rate_limits (
  key text primary key,
  window_start timestamptz not null,
  hits integer not null
);
