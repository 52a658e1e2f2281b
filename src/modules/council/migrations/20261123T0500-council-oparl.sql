-- OParl 1.1 (/oparl/v1.1): indexes only. External lists are paged by keyset on the immutable (created_at, id), so an
-- object changed during a client's walk is neither skipped nor repeated; `modified_since` is answered from the
-- existing (tenant_id, modified_at, id) indexes of every table that contributes to an object's `modified`.

create index council_locations_created on council_locations (tenant_id, created_at, id);
create index council_terms_created on council_terms (tenant_id, created_at, id);
create index council_bodies_created on council_bodies (tenant_id, created_at, id);
create index council_persons_created on council_persons (tenant_id, created_at, id);
create index council_memberships_created on council_memberships (tenant_id, created_at, id);
create index council_papers_created on council_papers (tenant_id, created_at, id);
create index council_meetings_created on council_meetings (tenant_id, created_at, id);
create index council_agenda_items_created on council_agenda_items (tenant_id, created_at, id);
create index council_consultations_created on council_consultations (tenant_id, created_at, id);
create index council_files_created on council_files (tenant_id, created_at, id);

-- Reverse look-ups from a changed row to the objects that embed or reference it (what bumps their `modified`).
create index council_consultations_agenda_item on council_consultations (tenant_id, agenda_item_id) where agenda_item_id is not null;
create index council_papers_related on council_papers (tenant_id, related_paper_id) where related_paper_id is not null;
create index council_meetings_location on council_meetings (tenant_id, location_id) where location_id is not null;
