-- E-Akte, second step: what the upload learned about a version (attachments of an e-mail, how much text
-- could be read), versions that cannot be changed or deleted (only a disposal may purge their content),
-- inspections pinned to the version the clerk released, the archive package of an archived file.

alter table records_document_versions add column attachments jsonb not null default '[]'::jsonb;
-- 'complete': the whole text was read; 'partial': stopped at the page/size/time guard; 'none': no text layer.
alter table records_document_versions add column text_status text not null default 'complete'
  check (text_status in ('complete', 'partial', 'none'));

create function records_versions_immutable() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'records_document_versions are never deleted';
  end if;
  -- The one change allowed: a disposal purges the content (stored file, text, search vector, attachment list).
  if new.stored_file_id is null and new.content_text = '' and new.search = ''::tsvector and new.attachments = '[]'::jsonb
     and (new.id, new.tenant_id, new.document_id, new.version, new.mime, new.size, new.sha256, new.note, new.created_at, new.created_by)
         is not distinct from (old.id, old.tenant_id, old.document_id, old.version, old.mime, old.size, old.sha256, old.note, old.created_at, old.created_by) then
    return new;
  end if;
  raise exception 'records_document_versions are immutable';
end
$$;
create trigger records_versions_no_change before update or delete on records_document_versions
  for each row execute function records_versions_immutable();

-- The citizen sees the version the clerk released, not whatever is filed later.
alter table records_inspection_documents add column version integer not null default 1;
alter table records_inspection_documents alter column version drop default;
create index records_inspections_file on records_inspections (tenant_id, file_id, granted_at);

-- Archive: the export package handed to the archive is kept; who proposed (null = the daily job).
alter table records_disposals add column package_file_id uuid references files(id);
alter table records_disposals add column proposed_by uuid references users(id);
create index records_disposals_tenant on records_disposals (tenant_id, status, proposed_at);

create index records_files_opened on records_files (tenant_id, opened_at desc);
create index records_files_plan on records_files (tenant_id, plan_item_id, opened_at desc);
create index records_plan_items_parent on records_plan_items (tenant_id, parent_id);

-- The search vector of a version: file name (weight A) and text. A tsvector holds at most 1 MB; a text with
-- very many distinct words is indexed from its beginning (halved until it fits) instead of failing the upload.
create function records_search_vector(name text, body text) returns tsvector language plpgsql immutable as $$
declare
  n integer := length(body);
begin
  loop
    begin
      return setweight(to_tsvector('german', name), 'A') || to_tsvector('german', left(body, n));
    exception when program_limit_exceeded then
      n := n / 2;
    end;
  end loop;
end
$$;
