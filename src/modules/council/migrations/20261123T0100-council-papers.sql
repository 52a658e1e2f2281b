-- Mitzeichnung (internal sign-off) of Drucksachen before the council office releases them.
--
-- The author sends a draft to one or more signers (staff users); that starts a new `round`. Each signer approves or
-- rejects with a comment. A rejection ends the round: the paper goes back to draft, the other open requests of the
-- round are cancelled, and the rejection with its reason stays visible. Content cannot be changed while a round runs
-- (the author withdraws the round first, which cancels it); earlier rounds are kept as the paper's history.
create table council_paper_signoffs (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  paper_id uuid not null references council_papers(id),
  round integer not null check (round >= 1),
  signer_id uuid not null references users(id),
  requested_by uuid references users(id) on delete set null,
  state text not null default 'pending' check (state in ('pending', 'approved', 'rejected', 'cancelled')),
  comment text check (comment is null or length(comment) <= 2000),
  requested_at timestamptz not null,
  decided_at timestamptz,
  check ((state = 'pending') = (decided_at is null)),
  unique (tenant_id, paper_id, round, signer_id)
);
create index council_paper_signoffs_paper on council_paper_signoffs (tenant_id, paper_id, round);
create index council_paper_signoffs_open on council_paper_signoffs (tenant_id, signer_id) where state = 'pending';
