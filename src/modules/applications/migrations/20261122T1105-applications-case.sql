-- The case (Vorgang) that handles an application, when the back office (cases) is switched on. Referenced by id
-- only: the cases module owns its table; while an application has a case, the case drives its status.
alter table applications add column case_id uuid;
