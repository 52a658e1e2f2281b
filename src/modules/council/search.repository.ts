// The public full-text search of the RIS: papers (with the text of their public files), meetings, public agenda
// items and persons, across all Wahlperioden unless a filter narrows it. German stemming ("Bebauungspläne" finds
// "Bebauungsplan"), websearch syntax ("exakte Phrase", -ohne, oder), prefix matching of the last word while typing,
// and an exact Drucksachennummer first. Every branch goes through the publication guard; the search vectors
// (migration 20261123T0600) separate what is public from what becomes public later (results after release).
import { sql, type Queryable, type Sql } from '../../kernel/index.ts';
import { MINUTES_RELEASED, PUBLIC_AGENDA_ITEM, PUBLIC_CONSULTATION, PUBLIC_FILE, PUBLIC_PERSON } from './publication.repository.ts';
import { LIVE_FILE, LIVE_PUBLIC_PAPER } from './ris.repository.ts';
import type { MeetingState, Paper, PaperType } from './repository.ts';

export const QUERY_MAX_CHARS = 200;
export type SearchKind = 'paper' | 'meeting' | 'item' | 'person';
export const SEARCH_KINDS: readonly SearchKind[] = ['paper', 'meeting', 'item', 'person'];

/** A search text taken apart: `head` in websearch syntax, the last plain word as a prefix. */
export interface Terms {
  text: string;
  head: string;
  prefix: string | null;
}

/**
 * Normalises a search text; `empty` and `too_long` are for the user's message. The last word becomes a prefix
 * ("Mühlen" finds "Mühlenteich") unless it is part of a phrase, an operator or shorter than three characters.
 */
export function searchTerms(raw: string): Terms | 'empty' | 'too_long' {
  const text = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!text) return 'empty';
  if (text.length > QUERY_MAX_CHARS) return 'too_long';
  const words = text.split(' ');
  const last = words.at(-1)!;
  const head = words.slice(0, -1).join(' ');
  const inPhrase = (head.match(/"/g)?.length ?? 0) % 2 === 1;
  const plain = /^[\p{L}\p{N}]{3,}$/u.test(last) && last.toLowerCase() !== 'or' && !inPhrase;
  return plain ? { text, head, prefix: last } : { text, head: text, prefix: null };
}

/** The tsquery of the terms (German configuration, so query words are stemmed like the documents). */
function tsquery(t: Terms): Sql {
  if (t.prefix === null) return sql`websearch_to_tsquery('german', ${t.text})`;
  const last = sql`to_tsquery('german', ${`${t.prefix}:*`})`;
  return t.head ? sql`(websearch_to_tsquery('german', ${t.head}) && ${last})` : last;
}

/** False when the text holds only stop words ("die und der"): nothing could match, the user gets a hint. */
export async function hasSearchableWords(db: Queryable, t: Terms): Promise<boolean> {
  const r = await db.one<{ n: number }>(sql`select numnode(${tsquery(t)})::int as n`);
  return (r?.n ?? 0) > 0;
}

/** Filters of the search and the paper list; each kind applies the ones that make sense for it. */
export interface SearchFilter {
  type?: PaperType;
  bodyId?: string;
  /** Berlin calendar days 'YYYY-MM-DD', inclusive. */
  from?: string;
  to?: string;
}

const HEADLINE = 'StartSel=\u0001, StopSel=\u0002, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "';
/** ts_headline reads all it is given; a prefix of the text keeps a result page cheap. */
const HEADLINE_CHARS = 20_000;
const clean = (expr: Sql) => sql`translate(left(${expr}, ${HEADLINE_CHARS}), chr(1) || chr(2), '')`;
const headline = (expr: Sql) => sql`ts_headline('german', ${clean(expr)}, q.q, ${HEADLINE})`;

const fromDay = (d: string) => sql`(${d}::date)::timestamp at time zone 'Europe/Berlin'`;
const afterDay = (d: string) => sql`(${d}::date + 1)::timestamp at time zone 'Europe/Berlin'`;

/** Which kinds a filter allows: the paper type only papers; dates not persons. */
export function kindsFor(f: SearchFilter): SearchKind[] {
  if (f.type) return ['paper'];
  if (f.from || f.to) return ['paper', 'meeting', 'item'];
  return [...SEARCH_KINDS];
}

/** A page of hits; `capped`: there are more than `total` (only the newest RANK_WINDOW matches were ranked). */
export interface Found<T> {
  hits: T[];
  total: number;
  capped: boolean;
}

/** Runs a page query that reports `total` (and `capped`) on each row; a page past the end asks again for the count. */
async function paged<T>(run: (limit: number, offset: number) => Promise<(T & { total: number; capped?: boolean })[]>, limit: number, offset: number): Promise<Found<T>> {
  let rows = await run(limit, offset);
  const first = rows[0] ?? (offset > 0 ? (await run(1, 0))[0] : undefined);
  if (!rows[0]) rows = [];
  return { hits: rows.map(({ total: _t, capped: _c, ...h }) => h as T), total: first?.total ?? 0, capped: first?.capped ?? false };
}

// ---------------------------------------------------------------------------------------------------------------
// Papers

export type PaperHit = Pick<Paper, 'id' | 'reference' | 'name' | 'paperType' | 'date' | 'municipality'> & {
  /** The search text is this paper's reference. */
  exact: boolean;
  /** Highlighted fragment with \u0001 … \u0002 around matches (none without a query). */
  snippet: string | null;
  /** The match is in an attached file (its name), not in the paper's own text. */
  fileName: string | null;
};

function paperFilters(f: SearchFilter): Sql {
  const parts: Sql[] = [];
  if (f.type) parts.push(sql`and p.paper_type = ${f.type}`);
  if (f.from) parts.push(sql`and p.date >= ${f.from}::date`);
  if (f.to) parts.push(sql`and p.date <= ${f.to}::date`);
  if (f.bodyId) {
    parts.push(sql`and exists (select 1 from council_consultations c where c.tenant_id = p.tenant_id and c.paper_id = p.id and c.body_id = ${f.bodyId}
      and c.deleted_at is null and ${PUBLIC_CONSULTATION})`);
  }
  return sql.join(parts, ' ');
}

const paperHitCols = sql`p.id, p.reference, p.name, p.paper_type as "paperType", to_char(p.date, 'YYYY-MM-DD') as date, p.municipality`;

/**
 * Ranking every match of a very common word ("Gemeinde", "Beschluss") would read tens of thousands of rows per
 * search. So the papers found through their own text and through file texts are each the newest RANK_WINDOW
 * matches, ranked among themselves: for rarer words that is every match (exact ranking and count); for common ones
 * the count says "more than" and the filters (Wahlperiode, year, type, body) reach older papers. A page deeper than
 * RANK_WINDOW is not offered anyway.
 */
export const RANK_WINDOW = 1000;

/**
 * Public papers: without terms the newest first (the paper list), with terms the best match first, an exact
 * Drucksachennummer before everything. `total` counts the matches of the filter (see RANK_WINDOW).
 */
export async function findPapers(db: Queryable, tenantId: string, o: { terms?: Terms; filter: SearchFilter; limit: number; offset: number }): Promise<Found<PaperHit>> {
  const filters = paperFilters(o.filter);
  if (!o.terms) {
    const [rows, count] = await Promise.all([
      db.rows<PaperHit>(sql`select ${paperHitCols}, false as exact, null as snippet, null as "fileName" from council_papers p
        where p.tenant_id = ${tenantId} and ${LIVE_PUBLIC_PAPER} ${filters} order by p.date desc, p.id desc limit ${o.limit} offset ${o.offset}`),
      db.one<{ n: number }>(sql`select count(*)::int as n from council_papers p where p.tenant_id = ${tenantId} and ${LIVE_PUBLIC_PAPER} ${filters}`),
    ]);
    return { hits: rows, total: count?.n ?? 0, capped: false };
  }
  const t = o.terms;
  const exact = sql`upper(p.reference) = upper(${t.text})`;
  const fileGuard = sql`${LIVE_FILE} and ${PUBLIC_FILE}`;
  // Disjoint sets: the paper's own text, an exact number, papers found only through a public file's text. The file
  // window is cut on the file's own columns first, so the guard's lookups run for at most RANK_WINDOW files.
  return paged<PaperHit>((limit, offset) => db.rows(sql`with q as (select ${tsquery(t)} as q),
    direct as (
      select p.id, p.date, ts_rank(p.search, q.q) as rank from council_papers p cross join q
      where p.tenant_id = ${tenantId} and p.search @@ q.q and ${LIVE_PUBLIC_PAPER} ${filters}
      order by p.date desc, p.id desc limit ${RANK_WINDOW}
    ),
    exact as (
      select p.id, p.date from council_papers p where p.tenant_id = ${tenantId} and ${exact} and ${LIVE_PUBLIC_PAPER} ${filters}
    ),
    file_window as (
      select f.id from council_files f cross join q
      where f.tenant_id = ${tenantId} and f.paper_id is not null and f.search @@ q.q and f.public and f.deleted_at is null
      order by f.modified_at desc, f.id desc limit ${RANK_WINDOW}
    ),
    file_matches as (
      select f.id, f.paper_id, ts_rank(f.search, q.q) as rank from file_window w cross join q
        join council_files f on f.tenant_id = ${tenantId} and f.id = w.id
      where ${fileGuard}
    ),
    via_file as (
      select distinct on (p.id) p.id, p.date, fm.rank * 0.5 as rank, fm.id as file_id from file_matches fm cross join q
        join council_papers p on p.tenant_id = ${tenantId} and p.id = fm.paper_id
      where not (p.search @@ q.q) and ${LIVE_PUBLIC_PAPER} ${filters}
      order by p.id, fm.rank desc, fm.id
    ),
    hits as (
      select d.id, d.date, null::uuid as file_id, d.rank + case when d.id in (select id from exact) then 1000 else 0 end as rank from direct d
      union all
      select e.id, e.date, null, 1000 from exact e where e.id not in (select id from direct)
      union all
      select v.id, v.date, v.file_id, v.rank from via_file v where v.id not in (select id from exact)
    ),
    page as (
      select h.id, h.rank, h.file_id, count(*) over ()::int as total from hits h
      order by h.rank desc, h.date desc, h.id desc limit ${limit} offset ${offset}
    )
    select ${paperHitCols}, ${exact} as exact, x.total,
      ((select count(*) from direct) >= ${RANK_WINDOW} or (select count(*) from file_window) >= ${RANK_WINDOW}) as capped,
      case when bf.id is not null then ${headline(sql`coalesce(bf.text_content, '')`)} else ${headline(sql`p.resolution_proposal || ' ' || p.body_text`)} end as snippet,
      bf.name as "fileName"
    from page x cross join q
      join council_papers p on p.tenant_id = ${tenantId} and p.id = x.id
      left join council_files bf on bf.tenant_id = ${tenantId} and bf.id = x.file_id
    order by x.rank desc, p.date desc, x.id desc`), o.limit, o.offset);
}

// ---------------------------------------------------------------------------------------------------------------
// Meetings

export interface MeetingHit {
  id: string;
  name: string;
  bodyName: string;
  startsAt: Date;
  state: MeetingState;
  /** The match is in a file of the meeting (invitation, released minutes): its name and fragment. */
  fileName: string | null;
  snippet: string | null;
}

function meetingFilters(f: SearchFilter): Sql {
  return sql.join([
    f.bodyId ? sql`and m.body_id = ${f.bodyId}` : sql``,
    f.from ? sql`and m.starts_at >= ${fromDay(f.from)}` : sql``,
    f.to ? sql`and m.starts_at < ${afterDay(f.to)}` : sql``,
  ], ' ');
}

/** Meetings by name or by the text of their public files (invitation; minutes once released). */
export async function findMeetings(db: Queryable, tenantId: string, o: { terms: Terms; filter: SearchFilter; limit: number; offset: number }): Promise<Found<MeetingHit>> {
  const filters = meetingFilters(o.filter);
  // Two index searches (the meeting's name, its own files' texts) instead of testing every meeting's files.
  return paged<MeetingHit>((limit, offset) => db.rows(sql`with q as (select ${tsquery(o.terms)} as q),
    via_file as (
      select distinct on (m.id) m.id, m.starts_at, f.id as file_id, ts_rank(f.search, q.q) * 0.5 as rank from council_files f cross join q
        join council_meetings m on m.tenant_id = f.tenant_id and m.id = f.meeting_id
      where f.tenant_id = ${tenantId} and f.paper_id is null and f.agenda_item_id is null and f.search @@ q.q and ${LIVE_FILE} and ${PUBLIC_FILE}
        and not (m.search @@ q.q) and m.deleted_at is null ${filters}
      order by m.id, rank desc, f.id
    ),
    hits as (
      select m.id, m.starts_at, null::uuid as file_id, ts_rank(m.search, q.q) as rank from council_meetings m cross join q
      where m.tenant_id = ${tenantId} and m.search @@ q.q and m.deleted_at is null ${filters}
      union all
      select id, starts_at, file_id, rank from via_file
    ),
    page as (
      select h.id, h.file_id, h.rank, count(*) over ()::int as total from hits h
      order by h.rank desc, h.starts_at desc, h.id limit ${limit} offset ${offset}
    )
    select m.id, m.name, b.name as "bodyName", m.starts_at as "startsAt", m.state, x.total, bf.name as "fileName",
      case when bf.id is not null then ${headline(sql`coalesce(bf.text_content, '')`)} end as snippet
    from page x cross join q
      join council_meetings m on m.tenant_id = ${tenantId} and m.id = x.id
      join council_bodies b on b.tenant_id = m.tenant_id and b.id = m.body_id
      left join council_files bf on bf.tenant_id = ${tenantId} and bf.id = x.file_id
    order by x.rank desc, m.starts_at desc, x.id`), o.limit, o.offset);
}

// ---------------------------------------------------------------------------------------------------------------
// Agenda items

export interface ItemHit {
  id: string;
  number: string;
  name: string;
  meetingId: string;
  meetingName: string;
  bodyName: string;
  startsAt: Date;
  paperId: string | null;
  paperReference: string | null;
  /** Fragment of the result/resolution text: only when the minutes are released and the match is there. */
  snippet: string | null;
}

/** Public agenda items by title, and by result and resolution text once the minutes are released. */
export async function findItems(db: Queryable, tenantId: string, o: { terms: Terms; filter: SearchFilter; limit: number; offset: number }): Promise<Found<ItemHit>> {
  const inResult = sql`(${MINUTES_RELEASED} and a.search_result @@ q.q)`;
  // Matches and their rank first (index search, meeting for the guard); names, body and paper only for the page.
  return paged<ItemHit>((limit, offset) => db.rows(sql`with q as (select ${tsquery(o.terms)} as q),
    hits as (
      select a.id, m.starts_at, a.position, ${inResult} as in_result,
        ts_rank(a.search, q.q) + case when ${inResult} then ts_rank(a.search_result, q.q) * 0.5 else 0 end as rank
      from council_agenda_items a cross join q
        join council_meetings m on m.tenant_id = a.tenant_id and m.id = a.meeting_id
      where a.tenant_id = ${tenantId} and (a.search @@ q.q or a.search_result @@ q.q) and (a.search @@ q.q or ${inResult})
        and a.deleted_at is null and m.deleted_at is null and ${PUBLIC_AGENDA_ITEM} ${meetingFilters(o.filter)}
    ),
    page as (
      select h.id, h.rank, h.in_result, count(*) over ()::int as total from hits h
      order by h.rank desc, h.starts_at desc, h.position, h.id limit ${limit} offset ${offset}
    )
    select a.id, a.number, a.name, m.id as "meetingId", m.name as "meetingName", b.name as "bodyName", m.starts_at as "startsAt",
      p.id as "paperId", p.reference as "paperReference", x.total,
      case when x.in_result then ${headline(sql`coalesce(a.result, '') || ' – ' || coalesce(a.resolution_text, '')`)} end as snippet
    from page x cross join q
      join council_agenda_items a on a.tenant_id = ${tenantId} and a.id = x.id
      join council_meetings m on m.tenant_id = a.tenant_id and m.id = a.meeting_id
      join council_bodies b on b.tenant_id = m.tenant_id and b.id = m.body_id
      left join council_papers p on p.tenant_id = a.tenant_id and p.id = a.paper_id and ${LIVE_PUBLIC_PAPER}
    order by x.rank desc, m.starts_at desc, a.position, x.id`), o.limit, o.offset);
}

// ---------------------------------------------------------------------------------------------------------------
// Persons

export interface PersonHit {
  id: string;
  title: string | null;
  givenName: string;
  familyName: string;
}

/** Office holders by name (names and roles are public; contact data is not searched). */
export async function findPersons(db: Queryable, tenantId: string, o: { terms: Terms; filter: SearchFilter; limit: number; offset: number }): Promise<Found<PersonHit>> {
  const body = o.filter.bodyId
    ? sql`and exists (select 1 from council_memberships ms where ms.tenant_id = pe.tenant_id and ms.person_id = pe.id and ms.body_id = ${o.filter.bodyId} and ms.deleted_at is null)`
    : sql``;
  return paged<PersonHit>((limit, offset) => db.rows(sql`with q as (select ${tsquery(o.terms)} as q)
    select pe.id, pe.title, pe.given_name as "givenName", pe.family_name as "familyName", count(*) over ()::int as total
    from council_persons pe cross join q
    where pe.tenant_id = ${tenantId} and pe.deleted_at is null and pe.search @@ q.q and ${PUBLIC_PERSON} ${body}
    order by ts_rank(pe.search, q.q) desc, pe.family_name, pe.given_name, pe.id
    limit ${limit} offset ${offset}`), o.limit, o.offset);
}
