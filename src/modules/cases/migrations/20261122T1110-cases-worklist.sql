-- Worklist support: open cases in deadline order for the whole tenant (administration, Sachgebietsleitung, overdue)
-- and for the unassigned pile; case numbers found by prefix ("32.10-2026-0001…").
create index cases_open_due on cases (tenant_id, due_at, id) where closed_at is null;
create index cases_unassigned_due on cases (tenant_id, due_at, id) where closed_at is null and assignee_id is null;
create index cases_number_prefix on cases (tenant_id, number text_pattern_ops);
-- Keyset paging by opening date and by number (newest first) over all of a tenant's cases.
create index cases_opened_id on cases (tenant_id, opened_at desc, id desc);
create index case_absences_user on case_absences (tenant_id, user_id, ends_on);
