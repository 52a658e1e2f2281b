-- Posteingang: what the receipt stamp and the later filing need besides the unchanged original, and a request key
-- so a double-submitted upload stamps only once.
alter table inbound_items
  add column content_text text not null default '',
  add column text_status text not null default 'none' check (text_status in ('complete', 'partial', 'none')),
  -- E-mail attachments as listed (name, type, size); they stay inside the stored original.
  add column attachments jsonb not null default '[]',
  -- The Date header of an e-mail.
  add column sent_at timestamptz,
  add column request_key text;
create unique index inbound_items_request on inbound_items (tenant_id, request_key) where request_key is not null;
create index inbound_items_recent on inbound_items (tenant_id, assigned_at desc) where status = 'assigned';
create index inbound_items_case on inbound_items (tenant_id, case_id) where case_id is not null;

-- Outgoing letters keep what is needed to print them again in a batch (one PDF for postal dispatch).
alter table outgoing_letters
  add column subject text not null default '',
  add column body text not null default '',
  add column reference text not null default '',
  add column letter_date date,
  add column signature text not null default '',
  -- An existing document of the case sent along (postbox: attached; print: named as Anlage, printed separately).
  add column enclosure_document_id uuid references records_documents(id),
  -- Pages of the letter alone, so each letter in a batch keeps its own "Seite x von y".
  add column pages integer not null default 1,
  add column request_key text,
  add column created_by uuid references users(id);
create unique index outgoing_letters_request on outgoing_letters (tenant_id, request_key) where request_key is not null;
create index outgoing_letters_case on outgoing_letters (tenant_id, case_id, created_at);
create index outgoing_letters_batch on outgoing_letters (tenant_id, batch_id) where batch_id is not null;

alter table print_batches add column request_key text;
create unique index print_batches_request on print_batches (tenant_id, request_key) where request_key is not null;
create index print_batches_created on print_batches (tenant_id, created_at desc);
