// Builds OParl objects from rows: loads what they embed (public objects only), their reported `modified` and which
// referenced objects may be linked, then hands everything to the pure builders of serialize.ts.
import type { Queryable } from '../../../kernel/index.ts';
import {
  agendaItemsOfMeetings,
  consultationsOfAgendaItems,
  consultationsOfPapers,
  effectiveModified,
  filesOf,
  linkableIds,
  membershipsOf,
  visibleRowsByIds,
  type AgendaItemRow,
  type ConsultationRow,
  type FileRow,
  type LocationRow,
  type MembershipRow,
  type OparlKind,
  type RowBase,
  type RowOf,
} from './oparl.repository.ts';
import {
  agendaItemJson,
  consultationJson,
  fileJson,
  locationJson,
  meetingJson,
  membershipJson,
  organizationJson,
  paperJson,
  personJson,
  termJson,
  tombstone,
  type BuildContext,
} from './serialize.ts';

type Json = Record<string, unknown>;

/** Per-response lookups: reported `modified` per object and linkable ids per type, loaded in batches. */
class Lookups implements BuildContext {
  private readonly mods = new Map<OparlKind, Map<string, Date>>();
  private readonly links = new Map<OparlKind, Set<string>>();
  constructor(
    private readonly db: Queryable,
    private readonly tenantId: string,
    readonly body: string,
  ) {}

  async loadModified(kind: OparlKind, rows: readonly RowBase[]): Promise<void> {
    const known = this.mods.get(kind) ?? new Map<string, Date>();
    this.mods.set(kind, known);
    const missing = rows.map((r) => r.id).filter((id) => !known.has(id));
    for (const [id, d] of await effectiveModified(this.db, this.tenantId, kind, missing)) known.set(id, d);
  }

  /** Visible rows in this response are linkable without asking the database again. */
  markLinkable(kind: OparlKind, rows: readonly RowBase[]): void {
    const set = this.links.get(kind) ?? new Set<string>();
    this.links.set(kind, set);
    for (const r of rows) if (r.visible || r.deleted) set.add(r.id);
  }

  async loadLinkable(kind: OparlKind, ids: readonly (string | null | undefined)[]): Promise<void> {
    const set = this.links.get(kind) ?? new Set<string>();
    this.links.set(kind, set);
    const missing = [...new Set(ids.filter((id): id is string => !!id && !set.has(id)))];
    for (const id of await linkableIds(this.db, this.tenantId, kind, missing)) set.add(id);
  }

  modified(kind: OparlKind, row: RowBase): Date {
    const d = this.mods.get(kind)?.get(row.id);
    if (!d) throw new Error(`modified of ${kind} ${row.id} not loaded`);
    return d;
  }

  linkable(kind: OparlKind, id: string): boolean {
    return this.links.get(kind)?.has(id) ?? false;
  }
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = m.get(k) ?? [];
    list.push(r);
    m.set(k, list);
  }
  return m;
}

export interface AssembleScope {
  db: Queryable;
  tenantId: string;
  /** URL of the Body, e.g. https://portal.example/oparl/v1.1/body/buetzow. */
  body: string;
  /** `omit_internal=true`: embedded objects are left out (the mandatory Body.legislativeTerm stays). */
  omitInternal: boolean;
}

async function loadFiles(l: Lookups, files: readonly FileRow[]): Promise<void> {
  await l.loadModified('file', files);
  l.markLinkable('file', files);
  await Promise.all([
    l.loadLinkable('paper', files.map((f) => f.paperId)),
    l.loadLinkable('meeting', files.map((f) => f.meetingId)),
    l.loadLinkable('agendaitem', files.map((f) => f.agendaItemId)),
  ]);
}

/**
 * The OParl objects for rows of one type, in the rows' order: full objects for visible rows, tombstones for deleted
 * or no-longer-public ones (only ever present in `modified_since` lists and for deleted objects fetched by id).
 */
export async function assemble<K extends OparlKind>(s: AssembleScope, kind: K, rows: readonly RowOf[K][]): Promise<Json[]> {
  const l = new Lookups(s.db, s.tenantId, s.body);
  await l.loadModified(kind, rows);
  l.markLinkable(kind, rows);
  const visible = rows.filter((r) => r.visible);
  const ids = visible.map((r) => r.id);
  const build = await builder(s, l, kind, visible, ids);
  return rows.map((r) => (r.visible ? build(r) : tombstone(l, kind, r)));
}

async function builder<K extends OparlKind>(s: AssembleScope, l: Lookups, kind: OparlKind, visible: readonly RowOf[K][], ids: string[]): Promise<(r: RowOf[K]) => Json> {
  const { db, tenantId } = s;
  switch (kind) {
    case 'organization': {
      const byBody = groupBy(ids.length ? await membershipsOf(db, tenantId, { bodyIds: ids }) : [], (m) => m.bodyId);
      return (r) => organizationJson(l, r as RowOf['organization'], (byBody.get(r.id) ?? []).map((m) => m.id));
    }
    case 'person': {
      let byPerson = new Map<string, MembershipRow[]>();
      if (!s.omitInternal && ids.length) {
        const ms = await membershipsOf(db, tenantId, { personIds: ids });
        await l.loadModified('membership', ms);
        byPerson = groupBy(ms, (m) => m.personId);
      }
      return (r) => personJson(l, r as RowOf['person'], s.omitInternal ? undefined : (byPerson.get(r.id) ?? []));
    }
    case 'membership':
      return (r) => membershipJson(l, r as RowOf['membership']);
    case 'location':
      return (r) => locationJson(l, r as RowOf['location']);
    case 'legislativeterm':
      return (r) => termJson(l, r as RowOf['legislativeterm']);
    case 'consultation':
      await l.loadLinkable('agendaitem', (visible as readonly ConsultationRow[]).map((c) => c.agendaItemId));
      return (r) => consultationJson(l, r as RowOf['consultation']);
    case 'file':
      await loadFiles(l, visible as readonly RowBase[] as FileRow[]);
      return (r) => fileJson(l, r as RowOf['file']);
    case 'paper': {
      const papers = visible as readonly RowOf['paper'][];
      await Promise.all([
        l.loadLinkable('paper', papers.map((p) => p.relatedPaperId)),
        l.loadLinkable('person', papers.flatMap((p) => p.originatorPersonIds)),
        l.loadLinkable('organization', papers.flatMap((p) => p.originatorBodyIds)),
      ]);
      if (s.omitInternal || !ids.length) return (r) => paperJson(l, r as RowOf['paper'], undefined);
      const [consultations, files] = await Promise.all([consultationsOfPapers(db, tenantId, ids), filesOf(db, tenantId, { paperIds: ids })]);
      await Promise.all([l.loadModified('consultation', consultations), loadFiles(l, files), l.loadLinkable('agendaitem', consultations.map((c) => c.agendaItemId))]);
      const cByPaper = groupBy(consultations, (c) => c.paperId);
      const fByPaper = groupBy(files, (f) => f.paperId);
      return (r) => paperJson(l, r as RowOf['paper'], { consultations: cByPaper.get(r.id) ?? [], files: fByPaper.get(r.id) ?? [] });
    }
    case 'agendaitem': {
      const [consultations, files] = ids.length ? await Promise.all([consultationsOfAgendaItems(db, tenantId, ids), s.omitInternal ? [] : filesOf(db, tenantId, { agendaItemIds: ids })]) : [[], []];
      await loadFiles(l, files);
      const consultationOf = firstConsultation(consultations);
      const fByItem = groupBy(files, (f) => f.agendaItemId);
      return (r) => agendaItemJson(l, r as RowOf['agendaitem'], { consultationId: consultationOf.get(r.id), files: fByItem.get(r.id) ?? [] });
    }
    case 'meeting': {
      if (s.omitInternal || !ids.length) return (r) => meetingJson(l, r as RowOf['meeting'], undefined);
      const meetings = visible as readonly RowOf['meeting'][];
      const [locations, items] = await Promise.all([
        visibleRowsByIds(db, tenantId, 'location', meetings.map((m) => m.locationId).filter((id): id is string => !!id)),
        agendaItemsOfMeetings(db, tenantId, ids),
      ]);
      const itemIds = items.map((a) => a.id);
      const [consultations, files] = await Promise.all([consultationsOfAgendaItems(db, tenantId, itemIds), filesOf(db, tenantId, { meetingIds: ids, agendaItemIds: itemIds })]);
      l.markLinkable('agendaitem', items);
      await Promise.all([l.loadModified('location', locations), l.loadModified('agendaitem', items), loadFiles(l, files)]);
      const locationById = new Map<string, LocationRow>(locations.map((x) => [x.id, x]));
      const consultationOf = firstConsultation(consultations);
      const fByItem = groupBy(files, (f) => f.agendaItemId);
      const fByMeeting = groupBy(
        files.filter((f) => !f.agendaItemId && !f.paperId),
        (f) => f.meetingId,
      );
      const iByMeeting = groupBy<AgendaItemRow>(items, (a) => a.meetingId);
      return (r) => {
        const m = r as RowOf['meeting'];
        return meetingJson(l, m, {
          location: m.locationId ? locationById.get(m.locationId) : undefined,
          items: (iByMeeting.get(m.id) ?? []).map((a) => ({ row: a, consultationId: consultationOf.get(a.id), files: fByItem.get(a.id) ?? [] })),
          files: fByMeeting.get(m.id) ?? [],
        });
      };
    }
  }
  throw new Error(`unknown OParl kind ${kind}`);
}

/** AgendaItem.consultation is one URL: the first public consultation dealt with under the item. */
function firstConsultation(consultations: readonly ConsultationRow[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of consultations) if (c.agendaItemId && !m.has(c.agendaItemId)) m.set(c.agendaItemId, c.id);
  return m;
}
