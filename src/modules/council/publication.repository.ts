// The publication guard as SQL: what the public RIS, the public search and OParl may show. One place, so the three
// cannot drift apart. Every fragment expects the table alias named in its comment and is combined with a tenant filter.
//
// Rules (see docs/adr/0014-council-publication-guard.md):
// - Papers: only released ones (`status = 'released'`) marked public. Drafts, papers in sign-off, withdrawn papers and
//   non-public papers never appear.
// - Meetings: every meeting except those still being set up is public (date, body, place): `state <> 'planned'` is
//   not required, because the calendar announces planned meetings too; deleted ones only as OParl tombstones.
// - Agenda items: only `public` items. A non-public item shows nowhere, not even its title.
// - Results and resolution texts of public items: only once the minutes are released.
// - Consultations: when the paper is public and the consultation is not tied to a non-public agenda item.
// - Files: only `public` files of a public paper, or of a meeting (invitation always; results and minutes once the
//   minutes are released), or of a public agenda item.
// - Persons: only persons with a membership in a body (names and roles of office holders are public); e-mail, phone
//   and address only with `publish_contact` consent.
import { sql, type Sql } from '../../kernel/index.ts';

/** Alias `p` = council_papers. */
export const PUBLIC_PAPER: Sql = sql`(p.public and p.status = 'released')`;

/** Alias `m` = council_meetings. */
export const PUBLIC_MEETING: Sql = sql`(true)`;

/** Alias `m` = council_meetings: the minutes and results of this meeting may be shown. */
export const MINUTES_RELEASED: Sql = sql`(m.minutes_state = 'released')`;

/** Alias `a` = council_agenda_items. */
export const PUBLIC_AGENDA_ITEM: Sql = sql`(a.public)`;

/** Alias `c` = council_consultations (checks its paper and agenda item with subqueries). */
export const PUBLIC_CONSULTATION: Sql = sql`(exists (select 1 from council_papers p where p.tenant_id = c.tenant_id and p.id = c.paper_id and p.deleted_at is null and ${PUBLIC_PAPER})
  and (c.agenda_item_id is null or exists (select 1 from council_agenda_items a where a.tenant_id = c.tenant_id and a.id = c.agenda_item_id and a.deleted_at is null and ${PUBLIC_AGENDA_ITEM})))`;

/** Alias `f` = council_files. */
export const PUBLIC_FILE: Sql = sql`(f.public and (
  (f.paper_id is not null and exists (select 1 from council_papers p where p.tenant_id = f.tenant_id and p.id = f.paper_id and p.deleted_at is null and ${PUBLIC_PAPER}))
  or (f.agenda_item_id is not null and exists (select 1 from council_agenda_items a join council_meetings m on m.tenant_id = a.tenant_id and m.id = a.meeting_id
      where a.tenant_id = f.tenant_id and a.id = f.agenda_item_id and a.deleted_at is null and m.deleted_at is null and ${PUBLIC_AGENDA_ITEM}
      and (f.role not in ('results', 'minutes', 'verbatim') or ${MINUTES_RELEASED})))
  or (f.paper_id is null and f.agenda_item_id is null and f.meeting_id is not null and exists (select 1 from council_meetings m where m.tenant_id = f.tenant_id and m.id = f.meeting_id
      and m.deleted_at is null and (f.role = 'invitation' or (f.role in ('results', 'minutes', 'verbatim') and ${MINUTES_RELEASED}))))
))`;

/** Alias `pe` = council_persons. */
export const PUBLIC_PERSON: Sql = sql`(exists (select 1 from council_memberships ms where ms.tenant_id = pe.tenant_id and ms.person_id = pe.id and ms.deleted_at is null))`;

/** Alias `ms` = council_memberships. */
export const PUBLIC_MEMBERSHIP: Sql = sql`(true)`;
