-- Search candidates newest first (common words stop early instead of ranking every match).
create index records_documents_recent on records_documents (tenant_id, created_at desc, id desc);
