// Routes of the public Ratsinformationssystem under /{slug}/rat: start page, calendar with iCalendar feeds, meetings,
// papers, bodies, persons, full-text search and public file downloads. Read-only and public (no login); the
// publication guard lives in the repositories, so a route cannot show what the guard does not let through.
import { fileContent, isUuid, notFound, policies, type Ctx, type FieldErrors, type Platform, type Router, type RouteSpec } from '../../kernel/index.ts';
import { listTerms, PAPER_TYPES, type PaperType } from './repository.ts';
import { M } from './policy.ts';
import {
  currentMembers,
  meetingsForFeed,
  meetingsOfMonth,
  membershipsOfPublicPerson,
  nonPublicItemCount,
  pastMeetings,
  publicAgenda,
  publicBodies,
  publicBody,
  publicConsultations,
  publicFile,
  publicFilesOfMeeting,
  publicFilesOfPaper,
  publicMeeting,
  publicPaper,
  publicPerson,
  publicPersons,
  relatedPapers,
  upcomingMeetings,
  type PublicBody,
  type PublicMeeting,
} from './ris.repository.ts';
import { findItems, findMeetings, findPapers, findPersons, hasSearchableWords, kindsFor, searchTerms, QUERY_MAX_CHARS, type SearchFilter, type SearchKind, type Terms } from './search.repository.ts';
import { renderCalendar, sequenceOf, type IcsEvent } from './ics.ts';
import {
  bodiesPage,
  bodyPage,
  calendarPage,
  KIND_PARAMS,
  meetingPage,
  meetingUrl,
  paperPage,
  papersPage,
  personPage,
  personsPage,
  searchPage,
  startPage,
  type PaperListForm,
  type SearchForm,
  type SearchResults,
} from './ris-views.ts';

const PAGE_SIZE = 20;
/** Deeper pages than this are not offered: a filter finds faster than paging through thousands of hits. */
const MAX_PAGES = 50;
/** Calendar feeds reach back one year and hold at most this many meetings. */
const FEED_LIMIT = 2000;
const DAY_MS = 86_400_000;

const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
/** The Berlin calendar day of an instant, 'YYYY-MM-DD'. */
const berlinDay = (d: Date) => dayFmt.format(d);

/** A real calendar day 'YYYY-MM-DD' (not 2026-02-30). */
function isDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** 'YYYY-MM' shifted by `n` months. */
function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/** A query parameter as one trimmed string (repeated parameters and overlong values count as absent). */
function param(c: Ctx, name: string, max = 100): string {
  const v = (c.query as Record<string, unknown>)[name];
  return typeof v === 'string' && v.length <= max * 4 ? v.trim().slice(0, max + 1) : '';
}

/** The narrower of two inclusive day ranges (a Wahlperiode and a year, or a Wahlperiode and from/to). */
function intersect(a: { from?: string; to?: string }, b: { from?: string | null; to?: string | null }): { from?: string; to?: string } {
  const from = [a.from, b.from ?? undefined].filter((x): x is string => !!x).sort().at(-1);
  const to = [a.to, b.to ?? undefined].filter((x): x is string => !!x).sort()[0];
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

function pageNo(c: Ctx): number {
  const n = Number(param(c, 'seite', 4));
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_PAGES) : 1;
}

function summaryOf(m: PublicMeeting): string {
  const name = m.name.includes(m.bodyName) ? m.name : `${m.bodyName}: ${m.name}`;
  return m.state === 'cancelled' ? `Abgesagt: ${name}` : name;
}

export function risRoutes(r: Router, p: Platform): void {
  const host = new URL(p.config.baseUrl).host;
  const absolute = (path: string) => `${p.config.baseUrl}${path}`;
  const get = (url: string, handler: RouteSpec['handler'], cache?: string) =>
    r.route({ method: 'GET', url: `/:tenant/rat${url}`, policy: policies.public, module: M, ...(cache ? { cache } : {}), handler });

  /** The object named by `:id` if the public may see it; 404 for anything else (other tenant, non-public, no such id). */
  const visible = async <T>(c: Ctx, load: (db: Platform['db'], tenantId: string, id: string) => Promise<T | undefined>): Promise<T> => {
    const found = isUuid(c.params.id) ? await load(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!found) throw notFound();
    return found;
  };
  const loadBody = (c: Ctx) => visible(c, publicBody);

  // -------------------------------------------------------------------------------------------------------------
  // Start page and calendar

  get('', async (c) => {
    const tenantId = c.tenant!.id;
    const [upcoming, papers] = await Promise.all([
      upcomingMeetings(p.db, tenantId, { from: c.now, limit: 8 }),
      findPapers(p.db, tenantId, { filter: {}, limit: 8, offset: 0 }),
    ]);
    return startPage(c, { upcoming, papers: papers.hits });
  });

  get('/kalender', async (c) => {
    const tenantId = c.tenant!.id;
    const bodies = await publicBodies(p.db, tenantId);
    const raw = param(c, 'monat', 7);
    const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(raw) && Number(raw.slice(0, 4)) >= 1950 && Number(raw.slice(0, 4)) <= 2200;
    const month = valid ? raw : berlinDay(c.now).slice(0, 7);
    const bodyId = bodies.some((b) => b.id === param(c, 'gremium')) ? param(c, 'gremium') : '';
    const meetings = await meetingsOfMonth(p.db, tenantId, month, bodyId || undefined);
    if (raw && !valid) c.reply.code(422);
    return calendarPage(c, {
      month,
      prev: addMonths(month, -1),
      next: addMonths(month, 1),
      meetings,
      bodies,
      bodyId,
      ...(raw && !valid ? { warning: 'Bitte geben Sie den Monat so an: 2026-12. Wir zeigen Ihnen den aktuellen Monat.' } : {}),
    });
  });

  /** An iCalendar feed of meetings (all bodies or one): a year back and everything ahead. */
  const feed = async (c: Ctx, body: PublicBody | undefined) => {
    const meetings = await meetingsForFeed(p.db, c.tenant!.id, { since: new Date(c.now.getTime() - 365 * DAY_MS), limit: FEED_LIMIT, ...(body ? { bodyId: body.id } : {}) });
    const events: IcsEvent[] = meetings.map((m) => ({
      uid: `${m.id}@${host}`,
      sequence: sequenceOf(m.createdAt, m.modifiedAt),
      created: m.createdAt,
      lastModified: m.modifiedAt,
      start: m.startsAt,
      end: m.endsAt,
      summary: summaryOf(m),
      location: m.location ?? undefined,
      description: `${m.bodyName}\nTagesordnung und Unterlagen: ${absolute(meetingUrl(c, m.id))}`,
      url: absolute(meetingUrl(c, m.id)),
      status: m.state === 'cancelled' ? 'CANCELLED' : m.state === 'planned' ? 'TENTATIVE' : 'CONFIRMED',
    }));
    const name = `Sitzungen ${body ? body.name : c.tenant!.name}`;
    c.reply.header('Content-Disposition', `inline; filename="${body ? 'gremium' : 'ratskalender'}.ics"`);
    void c.reply.type('text/calendar; charset=utf-8').send(renderCalendar({ prodId: '-//Amtsstube//Ratsinformationssystem//DE', name, events, now: c.now }));
  };
  get('/kalender.ics', (c) => feed(c, undefined), 'public, max-age=300');
  get('/gremien/:id/kalender.ics', async (c) => feed(c, await loadBody(c)), 'public, max-age=300');

  // -------------------------------------------------------------------------------------------------------------
  // Meetings, papers, files

  get('/sitzungen/:id', async (c) => {
    const tenantId = c.tenant!.id;
    const meeting = await visible(c, publicMeeting);
    const [agenda, nonPublic, files] = await Promise.all([
      publicAgenda(p.db, tenantId, meeting.id),
      nonPublicItemCount(p.db, tenantId, meeting.id),
      publicFilesOfMeeting(p.db, tenantId, meeting.id),
    ]);
    return meetingPage(c, { meeting, agenda, nonPublic, files });
  });

  get('/drucksachen/:id', async (c) => {
    const tenantId = c.tenant!.id;
    const paper = await visible(c, publicPaper);
    const [files, consultations, related] = await Promise.all([
      publicFilesOfPaper(p.db, tenantId, paper.id),
      publicConsultations(p.db, tenantId, paper.id),
      relatedPapers(p.db, tenantId, paper),
    ]);
    return paperPage(c, { paper, files, consultations, related });
  });

  get('/drucksachen', async (c) => {
    const tenantId = c.tenant!.id;
    const [bodies, terms] = await Promise.all([publicBodies(p.db, tenantId), listTerms(p.db, tenantId)]);
    const form: PaperListForm = {
      q: param(c, 'q', QUERY_MAX_CHARS),
      type: (PAPER_TYPES as readonly string[]).includes(param(c, 'typ')) ? param(c, 'typ') : '',
      body: bodies.some((b) => b.id === param(c, 'gremium')) ? param(c, 'gremium') : '',
      year: param(c, 'jahr', 4),
      term: terms.some((t) => t.id === param(c, 'wahlperiode')) ? param(c, 'wahlperiode') : '',
    };
    const errors: FieldErrors = {};
    const parsed = form.q ? searchTerms(form.q) : 'empty';
    if (parsed === 'too_long') errors.q = `Bitte verwenden Sie höchstens ${QUERY_MAX_CHARS} Zeichen.`;
    const year = Number(form.year);
    if (form.year && !(Number.isInteger(year) && year >= 1990 && year <= 2100)) errors.jahr = 'Bitte geben Sie das Jahr vierstellig an, zum Beispiel 2026.';
    let range: { from?: string; to?: string } = {};
    if (form.year && !errors.jahr) range = { from: `${year}-01-01`, to: `${year}-12-31` };
    const term = terms.find((t) => t.id === form.term);
    if (term) range = intersect(range, { from: term.startDate, to: term.endDate });
    const n = pageNo(c);
    const base = { form, bodies, terms, pageNo: n };
    if (Object.keys(errors).length) {
      c.reply.code(422);
      return papersPage(c, { ...base, errors, hits: [], total: 0, pages: 0 });
    }
    const terms_ = typeof parsed === 'object' ? parsed : undefined;
    if (terms_ && !(await hasSearchableWords(p.db, terms_))) {
      return papersPage(c, { ...base, errors, message: STOPWORDS_ONLY.text, hits: [], total: 0, pages: 0 });
    }
    const filter: SearchFilter = { ...(form.type ? { type: form.type as PaperType } : {}), ...(form.body ? { bodyId: form.body } : {}), ...range };
    const res = await findPapers(p.db, tenantId, { ...(terms_ ? { terms: terms_ } : {}), filter, limit: PAGE_SIZE, offset: (n - 1) * PAGE_SIZE });
    return papersPage(c, { ...base, errors, hits: res.hits, total: res.total, capped: res.capped, pages: Math.min(MAX_PAGES, Math.ceil(res.total / PAGE_SIZE)) });
  });

  get(
    '/dateien/:id/:filename',
    async (c) => {
      const tenantId = c.tenant!.id;
      const f = await visible(c, publicFile);
      const etag = `"${f.sha512.slice(0, 32)}"`;
      c.reply.header('ETag', etag);
      c.reply.header('Last-Modified', f.modifiedAt.toUTCString());
      if (c.req.headers['if-none-match'] === etag) return void c.reply.code(304).send();
      const stored = await fileContent(p.db, tenantId, f.storedFileId);
      if (!stored) throw notFound();
      const ascii = f.fileName.replace(/[^\w.() -]/g, '_').slice(0, 150) || 'datei';
      const pdf = f.mime === 'application/pdf';
      // PDFs open in the browser's viewer; anything else is a download in a sandbox, never rendered in our origin.
      c.reply.header('Content-Disposition', `${pdf ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
      if (!pdf) c.reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
      void c.reply.type(f.mime).send(stored.content);
    },
    'no-cache',
  );

  // -------------------------------------------------------------------------------------------------------------
  // Bodies and persons

  get('/gremien', async (c) => bodiesPage(c, await publicBodies(p.db, c.tenant!.id)));

  get('/gremien/:id', async (c) => {
    const tenantId = c.tenant!.id;
    const body = await loadBody(c);
    const today = berlinDay(c.now);
    const [parent, members, upcoming, past] = await Promise.all([
      body.parentId ? publicBody(p.db, tenantId, body.parentId) : Promise.resolve(undefined),
      currentMembers(p.db, tenantId, body.id, today),
      upcomingMeetings(p.db, tenantId, { from: c.now, bodyId: body.id, limit: 10 }),
      pastMeetings(p.db, tenantId, { before: c.now, bodyId: body.id, limit: 20 }),
    ]);
    return bodyPage(c, { body, parent, members, today, upcoming, past });
  });

  get('/personen', async (c) => personsPage(c, await publicPersons(p.db, c.tenant!.id, berlinDay(c.now))));

  get('/personen/:id', async (c) => {
    const tenantId = c.tenant!.id;
    const person = await visible(c, publicPerson);
    return personPage(c, { person, memberships: await membershipsOfPublicPerson(p.db, tenantId, person.id) });
  });

  // -------------------------------------------------------------------------------------------------------------
  // Search

  get('/suche', async (c) => {
    const tenantId = c.tenant!.id;
    const [bodies, terms] = await Promise.all([publicBodies(p.db, tenantId), listTerms(p.db, tenantId)]);
    const kindParam = param(c, 'art', 30);
    const form: SearchForm = {
      q: param(c, 'q', QUERY_MAX_CHARS),
      kind: (Object.keys(KIND_PARAMS) as SearchKind[]).find((k) => KIND_PARAMS[k] === kindParam) ?? '',
      type: (PAPER_TYPES as readonly string[]).includes(param(c, 'typ')) ? param(c, 'typ') : '',
      body: bodies.some((b) => b.id === param(c, 'gremium')) ? param(c, 'gremium') : '',
      term: terms.some((t) => t.id === param(c, 'wahlperiode')) ? param(c, 'wahlperiode') : '',
      from: param(c, 'von', 10),
      to: param(c, 'bis', 10),
    };
    const errors: FieldErrors = {};
    const parsed = searchTerms(form.q);
    if (parsed === 'too_long') errors.q = `Ihr Suchbegriff ist zu lang. Bitte verwenden Sie höchstens ${QUERY_MAX_CHARS} Zeichen.`;
    if (form.from && !isDay(form.from)) errors.von = 'Bitte geben Sie das Datum so an: 2026-01-31.';
    if (form.to && !isDay(form.to)) errors.bis = 'Bitte geben Sie das Datum so an: 2026-12-31.';
    if (!errors.von && !errors.bis && form.from && form.to && form.from > form.to) errors.bis = 'Das Ende des Zeitraums liegt vor seinem Anfang.';
    const view = { form, bodies, terms };
    if (Object.keys(errors).length || parsed === 'too_long') {
      c.reply.code(422);
      return searchPage(c, { ...view, errors });
    }
    if (parsed === 'empty') {
      const asked = 'q' in c.query;
      return searchPage(c, { ...view, errors, ...(asked ? { message: { kind: 'info' as const, text: 'Bitte geben Sie einen Suchbegriff ein, zum Beispiel ein Thema, eine Drucksachennummer oder einen Namen.' } } : {}) });
    }
    if (!(await hasSearchableWords(p.db, parsed))) return searchPage(c, { ...view, errors, message: STOPWORDS_ONLY });
    const term = terms.find((t) => t.id === form.term);
    const range = intersect({ ...(form.from ? { from: form.from } : {}), ...(form.to ? { to: form.to } : {}) }, term ? { from: term.startDate, to: term.endDate } : {});
    const filter: SearchFilter = { ...(form.type ? { type: form.type as PaperType } : {}), ...(form.body ? { bodyId: form.body } : {}), ...range };
    const results = await search(p, tenantId, parsed, filter, form.kind, pageNo(c));
    return searchPage(c, {
      ...view,
      errors,
      results,
      ...(form.kind && !kindsFor(filter).includes(form.kind) ? { message: { kind: 'info' as const, text: 'Mit den gewählten Filtern wird in dieser Art nicht gesucht. Entfernen Sie die Art der Drucksache oder den Zeitraum.' } } : {}),
    });
  });
}

const STOPWORDS_ONLY = { kind: 'info' as const, text: 'Ihre Suche enthält nur sehr häufige Wörter wie „und“ oder „der“. Bitte ergänzen Sie ein aussagekräftiges Wort.' };

const FINDERS = { paper: findPapers, meeting: findMeetings, item: findItems, person: findPersons } as const;
/** Hits per kind on the "all kinds" overview. */
const OVERVIEW: Record<SearchKind, number> = { paper: 10, meeting: 5, item: 5, person: 5 };

/**
 * Runs the search: with a kind, one page of it and the counts of the others; without, the best few of every kind the
 * filter allows. Counts are exact (the overview tells how many there are of each kind).
 */
export async function search(p: Pick<Platform, 'db'>, tenantId: string, terms: Terms, filter: SearchFilter, kind: SearchKind | '', n: number): Promise<SearchResults> {
  const kinds = kindsFor(filter);
  const results: SearchResults = { counts: {}, capped: {}, pageNo: n, pages: 1 };
  const found = await Promise.all(
    kinds.map(async (k) => {
      const selected = k === kind;
      const limit = kind ? (selected ? PAGE_SIZE : 1) : OVERVIEW[k];
      return [k, await FINDERS[k](p.db, tenantId, { terms, filter, limit, offset: selected ? (n - 1) * PAGE_SIZE : 0 })] as const;
    }),
  );
  for (const [k, res] of found) {
    results.counts[k] = res.total;
    if (res.capped) results.capped[k] = true;
    if (kind && k !== kind) continue;
    if (k === 'paper') results.papers = res.hits as SearchResults['papers'];
    else if (k === 'meeting') results.meetings = res.hits as SearchResults['meetings'];
    else if (k === 'item') results.items = res.hits as SearchResults['items'];
    else results.persons = res.hits as SearchResults['persons'];
    if (k === kind) results.pages = Math.min(MAX_PAGES, Math.max(1, Math.ceil(res.total / PAGE_SIZE)));
  }
  return results;
}

