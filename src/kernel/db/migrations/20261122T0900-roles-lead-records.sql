-- Two more staff roles for the back office: Sachgebietsleitung (approves decisions under four-eyes rules)
-- and Registratur (keeps the file plan, approves the disposal of files).
alter table users drop constraint users_roles_check;
alter table users add constraint users_roles_check
  check (roles <@ array['admin','clerk','council_office','treasury','councillor','lead','records']::text[]);
