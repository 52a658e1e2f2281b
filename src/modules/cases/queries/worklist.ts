// The clerk's worklist: one tenant-scoped, index-backed query per page (keyset paging, no count over large sets).
import { sql, type Queryable, type StaffRole } from '../../../kernel/index.ts';

type Sql = ReturnType<typeof sql>;
import { absentFor, teamsOf } from '../repository.ts';
import { berlinDay } from '../dates.ts';

export const WORKLIST_TABS = ['mine', 'team', 'unassigned', 'overdue', 'waiting', 'all'] as const;
export type WorklistTab = (typeof WORKLIST_TABS)[number];
export const WORKLIST_SORTS = ['due', 'opened', 'number'] as const;
export type WorklistSort = (typeof WORKLIST_SORTS)[number];
export const PAGE_SIZE = 25;

/** Who looks: their roles decide the scope, `today` (now) decides substitution and what is overdue. */
export interface Viewer {
  userId: string;
  roles: readonly StaffRole[];
  today: Date;
}

export interface WorklistFilter {
  tab?: WorklistTab;
  typeId?: string;
  status?: string;
  /** Opening date from / to (inclusive), YYYY-MM-DD in Europe/Berlin. */
  openedFrom?: string;
  openedTo?: string;
  /** Full text (German) over number, subject and party; a case-number prefix such as "32.10-2026-00". */
  text?: string;
  sort?: WorklistSort;
}

export interface WorklistPage {
  limit?: number;
  /** The `next` cursor of the previous page. */
  after?: string;
}

export interface WorklistItem {
  id: string;
  number: string;
  subject: string;
  party: string;
  typeId: string;
  typeName: string;
  status: string;
  statusLabel: string;
  statusKind: 'open' | 'waiting' | 'closed';
  assigneeId: string | null;
  assigneeName: string | null;
  teamName: string | null;
  openedAt: Date;
  dueAt: Date;
  pausedSince: Date | null;
  closedAt: Date | null;
  proposal: boolean;
  /** For the "Übernehmen" button: taking over only from the version listed. */
  version: number;
}

/** What a viewer may see: everything of the tenant, or their teams' cases, cases without a team and those assigned to them or their absent colleagues. */
export interface Scope {
  all: boolean;
  teams: string[];
  /** The viewer and the colleagues they substitute today. */
  assignees: string[];
}

export async function scopeOf(db: Queryable, tenantId: string, v: Viewer): Promise<Scope> {
  const [teams, absent] = await Promise.all([teamsOf(db, tenantId, v.userId), absentFor(db, tenantId, v.userId, berlinDay(v.today))]);
  return { all: v.roles.includes('admin') || v.roles.includes('lead'), teams, assignees: [v.userId, ...absent] };
}

/** The same rule as the worklist's, for one case (case page, steps, assignment). */
export function canSee(s: Scope, c: { teamId: string | null; assigneeId: string | null }): boolean {
  return s.all || c.teamId === null || s.teams.includes(c.teamId) || (c.assigneeId !== null && s.assignees.includes(c.assigneeId));
}

type Cursor = { sort: 'due' | 'opened'; at: Date; id: string } | { sort: 'number'; year: number; seq: number };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function parseCursor(s: string | undefined, sort: WorklistSort): Cursor | undefined {
  if (!s) return undefined;
  const [kind, a, b] = s.split('~');
  if (sort === 'number' && kind === 'n' && /^\d{4}$/.test(a ?? '') && /^\d{1,9}$/.test(b ?? '')) return { sort: 'number', year: Number(a), seq: Number(b) };
  if ((sort === 'due' && kind === 'd') || (sort === 'opened' && kind === 'o')) {
    const at = new Date(a ?? '');
    if (!Number.isNaN(at.getTime()) && UUID.test(b ?? '')) return { sort, at, id: b! };
  }
  return undefined;
}

/** A case number or its beginning: "32.10-2026-0001", "VG-2026" (at most a short letter prefix, then digits). */
const NUMBER_LIKE = /^[A-Za-z]{0,3}-?[0-9][0-9.-]*$/;

/**
 * One page of the worklist (default: mine, by deadline). Every query is scoped by tenant and served by the partial
 * indexes of the cases table; "more" comes from fetching one row beyond the page instead of counting.
 */
export async function worklist(db: Queryable, tenantId: string, viewer: Viewer, filter: WorklistFilter = {}, page: WorklistPage = {}): Promise<{ items: WorklistItem[]; more: boolean; next?: string }> {
  const scope = await scopeOf(db, tenantId, viewer);
  return worklistIn(db, tenantId, scope, viewer.today, filter, page);
}

/** The worklist for a scope already known (the page reads the scope once for the list and the assignment forms). */
export async function worklistIn(db: Queryable, tenantId: string, scope: Scope, now: Date, filter: WorklistFilter, page: WorklistPage): Promise<{ items: WorklistItem[]; more: boolean; next?: string }> {
  const { query, limit, sort } = worklistQuery(tenantId, scope, now, filter, page);
  const rows = await db.rows<WorklistItem & { year: number; seq: number }>(query);
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const next = more && last ? (sort === 'due' ? `d~${last.dueAt.toISOString()}~${last.id}` : sort === 'opened' ? `o~${last.openedAt.toISOString()}~${last.id}` : `n~${last.year}~${last.seq}`) : undefined;
  return { items: items.map(({ year: _y, seq: _s, ...i }) => i), more, ...(next ? { next } : {}) };
}

/** The query plan of a worklist page (EXPLAIN; with `analyze`, executed), for benchmarks and the index test. */
export async function explainWorklist(db: Queryable, tenantId: string, scope: Scope, now: Date, filter: WorklistFilter, page: WorklistPage = {}, o: { analyze?: boolean } = {}): Promise<string> {
  const { query } = worklistQuery(tenantId, scope, now, filter, page);
  const rows = await db.rows<{ 'QUERY PLAN': string }>(o.analyze ? sql`explain (analyze, buffers off, timing off) ${query}` : sql`explain ${query}`);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

function worklistQuery(tenantId: string, scope: Scope, now: Date, filter: WorklistFilter, page: WorklistPage) {
  const tab = filter.tab ?? 'mine';
  const sort = filter.sort ?? 'due';
  const limit = Math.min(Math.max(page.limit ?? PAGE_SIZE, 1), 200);
  const text = filter.text?.trim().slice(0, 200) ?? '';
  const where = [sql`c.tenant_id = ${tenantId}`];
  // "Mine" and "my team's" are one index range per person or team (in deadline order); several are merged below.
  let split: Sql[] = [];
  const visible = scope.all ? undefined : sql`(c.team_id = any(${scope.teams}::uuid[]) or c.team_id is null or c.assignee_id = any(${scope.assignees}::uuid[]))`;
  switch (tab) {
    case 'mine':
      where.push(sql`c.closed_at is null`);
      split = scope.assignees.map((u) => sql`c.assignee_id = ${u}::uuid`);
      break;
    case 'team':
      where.push(sql`c.closed_at is null`);
      split = scope.teams.map((team) => sql`c.team_id = ${team}::uuid`);
      break;
    case 'unassigned':
      where.push(sql`c.assignee_id is null`, sql`c.closed_at is null`);
      if (visible) where.push(sql`(c.team_id = any(${scope.teams}::uuid[]) or c.team_id is null)`);
      break;
    case 'overdue':
      where.push(sql`c.closed_at is null`, sql`c.paused_since is null`, sql`c.due_at < ${now}`);
      if (visible) where.push(visible);
      break;
    case 'waiting':
      where.push(sql`c.closed_at is null`, sql`c.paused_since is not null`);
      if (visible) where.push(visible);
      break;
    case 'all':
      // Closed cases only when asked for (a closed status chosen, or a search).
      if (!filter.status && !text) where.push(sql`c.closed_at is null`);
      if (visible) where.push(visible);
      break;
  }
  if (filter.typeId) where.push(sql`c.type_id = ${filter.typeId}`);
  if (filter.status) where.push(sql`c.status = ${filter.status}`);
  if (filter.openedFrom) where.push(sql`c.opened_at >= (${filter.openedFrom}::date)::timestamp at time zone 'Europe/Berlin'`);
  if (filter.openedTo) where.push(sql`c.opened_at < (${filter.openedTo}::date + 1)::timestamp at time zone 'Europe/Berlin'`);
  if (text) {
    if (NUMBER_LIKE.test(text)) where.push(sql`c.number like ${`${text.toUpperCase()}%`}`);
    else where.push(sql`c.search @@ websearch_to_tsquery('german', ${text})`);
  }
  const cursor = parseCursor(page.after, sort);
  if (cursor?.sort === 'due') where.push(sql`(c.due_at, c.id) > (${cursor.at}, ${cursor.id}::uuid)`);
  if (cursor?.sort === 'opened') where.push(sql`(c.opened_at, c.id) < (${cursor.at}, ${cursor.id}::uuid)`);
  if (cursor?.sort === 'number') where.push(sql`(c.year, c.seq) < (${cursor.year}, ${cursor.seq})`);
  const order = sort === 'due' ? sql`c.due_at, c.id` : sort === 'opened' ? sql`c.opened_at desc, c.id desc` : sql`c.year desc, c.seq desc`;
  const cols = sql`c.id, c.number, c.year, c.seq, c.subject, c.party, c.type_id, c.status, c.status_kind, c.assignee_id, c.team_id,
        c.opened_at, c.due_at, c.paused_since, c.closed_at, c.proposal is not null as proposal, c.version`;
  const branch = (extra?: Sql) => sql`select ${cols} from cases c where ${sql.join(extra ? [...where, extra] : where, ' and ')} order by ${order} limit ${limit + 1}`;
  const pageQuery =
    (tab === 'mine' || tab === 'team') && split.length === 0
      ? sql`select ${cols} from cases c where false`
      : split.length === 1
        ? branch(split[0])
        : split.length > 1
          ? sql`select * from (${sql.join(split.map((x) => sql`(${branch(x)})`), ' union all ')}) c order by ${order} limit ${limit + 1}`
          : branch();
  const query = sql`
    with page as (${pageQuery})
    select c.id, c.number, c.year, c.seq, c.subject, c.party, c.type_id as "typeId", t.name as "typeName", c.status,
      coalesce((select s->>'label' from jsonb_array_elements(t.workflow->'states') s where s->>'key' = c.status limit 1), c.status) as "statusLabel",
      c.status_kind as "statusKind", c.assignee_id as "assigneeId", u.display_name as "assigneeName", tm.name as "teamName",
      c.opened_at as "openedAt", c.due_at as "dueAt", c.paused_since as "pausedSince", c.closed_at as "closedAt", c.proposal, c.version
    from page c join case_types t on t.id = c.type_id and t.tenant_id = ${tenantId}
      left join users u on u.id = c.assignee_id and u.tenant_id = ${tenantId}
      left join case_teams tm on tm.id = c.team_id and tm.tenant_id = ${tenantId}
    order by ${order}`;
  return { query, limit, sort };
}
