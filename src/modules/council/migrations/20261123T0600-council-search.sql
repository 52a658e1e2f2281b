-- Public Ratsinformationssystem: German full-text search across all Wahlperioden (papers, meetings, agenda items,
-- persons, file texts). The search vectors are generated columns, so no write path has to remember them, and each
-- has a GIN index. What is public is decided at query time by the publication guard (publication.repository.ts);
-- a vector holds only text of one publication level: an agenda item's title and its result are separate vectors,
-- because the result may only be found once the minutes are released.
--
-- A tsvector holds at most 1 MB; long texts are cut (the first 200,000 characters carry the searchable content).
-- The GIN indexes have no pending list (fastupdate = off): an embedded PGlite has no autovacuum to merge it, and a
-- search that has to read a long pending list is slow.

-- Drucksachen: reference and title (A), Beschlussvorschlag (B), Sachverhalt (C).
alter table council_papers add column search tsvector generated always as (
  setweight(to_tsvector('german', reference), 'A') ||
  setweight(to_tsvector('german', name), 'A') ||
  setweight(to_tsvector('german', left(resolution_proposal, 100000)), 'B') ||
  setweight(to_tsvector('german', left(body_text, 200000)), 'C')
) stored;
create index council_papers_search on council_papers using gin (search) with (fastupdate = off);
-- "BV/2026/001" typed in any case finds its paper first.
create index council_papers_reference_upper on council_papers (tenant_id, upper(reference));
-- The public paper list, newest first (released and public, not deleted).
create index council_papers_public_date on council_papers (tenant_id, date desc, id desc) where public and status = 'released' and deleted_at is null;

alter table council_meetings add column search tsvector generated always as (to_tsvector('german', name)) stored;
create index council_meetings_search on council_meetings using gin (search) with (fastupdate = off);

-- Agenda items: the title is public with the item; result and resolution text only after the minutes are released.
alter table council_agenda_items add column search tsvector generated always as (to_tsvector('german', name)) stored;
alter table council_agenda_items add column search_result tsvector generated always as (
  to_tsvector('german', coalesce(result, '') || ' ' || left(coalesce(resolution_text, ''), 200000))
) stored;
create index council_agenda_items_search on council_agenda_items using gin (search) with (fastupdate = off);
create index council_agenda_items_search_result on council_agenda_items using gin (search_result) with (fastupdate = off);

alter table council_persons add column search tsvector generated always as (
  to_tsvector('german', coalesce(title, '') || ' ' || given_name || ' ' || family_name)
) stored;
create index council_persons_search on council_persons using gin (search) with (fastupdate = off);

-- Files: display name (A) and the extracted text where it is known.
alter table council_files add column search tsvector generated always as (
  setweight(to_tsvector('german', name), 'A') ||
  to_tsvector('german', left(coalesce(text_content, ''), 200000))
) stored;
create index council_files_search on council_files using gin (search) with (fastupdate = off);
create index council_files_agenda_item_ris on council_files (tenant_id, agenda_item_id) where agenda_item_id is not null;
