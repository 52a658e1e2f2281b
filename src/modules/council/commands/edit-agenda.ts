import { audit, type Db, type Tx } from '../../../kernel/index.ts';
import {
  agendaOf,
  consultationsOfMeeting,
  consultationsOfPaper,
  insertAgendaItem,
  insertConsultation,
  paperById,
  renumberAgenda,
  scheduleConsultation,
  setPaperTracking,
  softDelete,
  touch,
  bodyById,
  type AgendaItem,
  type Body,
  type ConsultationRole,
  type Paper,
} from '../repository.ts';
import { lockMeeting, type MeetingDetail } from '../meetings.repository.ts';
import type { AgendaAction } from '../meeting-schema.ts';
import { PAPER_STATUS_LABELS } from '../ui.ts';

/**
 * Numbers an agenda: the public part first, then the non-public part (KV M-V: öffentlicher Teil vor nichtöffentlichem
 * [R7]), each in the given order, as "Ö 1, Ö 2 …" and "N 1, N 2 …" with 0-based positions.
 */
export function numberAgenda<T extends { id: string; public: boolean }>(items: readonly T[]): (T & { position: number; number: string })[] {
  const pub = items.filter((i) => i.public);
  const closed = items.filter((i) => !i.public);
  return [...pub.map((i, k) => ({ ...i, position: k, number: `Ö ${k + 1}` })), ...closed.map((i, k) => ({ ...i, position: pub.length + k, number: `N ${k + 1}` }))];
}

export type AgendaResult =
  | { ok: true; itemId?: string; changed: boolean }
  | { ok: false; reason: 'not_found' | 'closed' | 'stale' }
  | { ok: false; reason: 'invalid'; field: 'paper' | 'part'; message: string };

class Refused extends Error {
  constructor(readonly result: Exclude<AgendaResult, { ok: true }>) {
    super(result.reason);
  }
}

const invalid = (field: 'paper' | 'part', message: string) => new Refused({ ok: false, reason: 'invalid', field, message });

interface Common {
  tenantId: string;
  actorId: string;
  meetingId: string;
  /** The meeting's modified_at (ms) the form was built from; another change since then refuses the submit. */
  stand: number | undefined;
  now: Date;
}

/** Locks the meeting and checks that its agenda may change now (planned or invited, form not stale). */
async function editable(tx: Tx, o: Common): Promise<MeetingDetail> {
  const m = await lockMeeting(tx, o.tenantId, o.meetingId);
  if (!m) throw new Refused({ ok: false, reason: 'not_found' });
  if (m.state !== 'planned' && m.state !== 'invited') throw new Refused({ ok: false, reason: 'closed' });
  if (o.stand === undefined || m.modifiedAt.getTime() !== o.stand) throw new Refused({ ok: false, reason: 'stale' });
  return m;
}

async function run(db: Db, fn: (tx: Tx) => Promise<AgendaResult>): Promise<AgendaResult> {
  try {
    return await db.transaction(fn);
  } catch (e) {
    if (e instanceof Refused) return e.result;
    throw e;
  }
}

/** Rewrites numbers and positions, bumps the meeting (its embedded agenda changed) and writes the audit record. */
async function finish(tx: Tx, o: Common, items: readonly { id: string; public: boolean }[], details: Record<string, string | boolean | null>): Promise<void> {
  await renumberAgenda(tx, o.tenantId, numberAgenda(items), o.now);
  await touch(tx, 'meeting', o.tenantId, [o.meetingId], o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.agenda_changed', objectType: 'council_meeting', objectId: o.meetingId, details }, o.now);
}

function consultationRole(body: Body, paper: Paper): ConsultationRole {
  if (paper.paperType === 'mitteilung' || paper.paperType === 'bericht' || paper.paperType === 'anfrage') return 'noting';
  return body.kind === 'council' || body.kind === 'amtsausschuss' ? 'deciding' : 'advising';
}

/** Checks a paper for the agenda: same tenant, released, public only in the public part, not on this agenda yet. */
async function checkPaper(tx: Tx, o: Common, meeting: MeetingDetail, agenda: AgendaItem[], paperId: string, isPublic: boolean): Promise<{ paper: Paper; body: Body }> {
  const paper = await paperById(tx, o.tenantId, paperId);
  if (!paper || paper.deletedAt) throw invalid('paper', 'Diese Vorlage gibt es nicht. Bitte wählen Sie eine freigegebene Vorlage aus der Liste.');
  if (paper.status !== 'released') throw invalid('paper', `Die Vorlage ${paper.reference} ist nicht freigegeben (Stand: ${PAPER_STATUS_LABELS[paper.status]}). Auf die Tagesordnung kommen nur freigegebene Vorlagen.`);
  if (isPublic && !paper.public) throw invalid('part', `Die Vorlage ${paper.reference} ist nichtöffentlich. Bitte ordnen Sie den Punkt dem nichtöffentlichen Teil zu.`);
  const already = agenda.find((i) => i.paperId === paper.id);
  if (already) throw invalid('paper', `Die Vorlage ${paper.reference} steht bereits als ${already.number} auf der Tagesordnung.`);
  const body = await bodyById(tx, o.tenantId, meeting.bodyId);
  if (!body) throw new Refused({ ok: false, reason: 'not_found' });
  if (paper.municipality && body.municipality && paper.municipality !== body.municipality) {
    throw invalid('paper', `Die Vorlage ${paper.reference} gehört zur Gemeinde ${paper.municipality}, das Gremium zur Gemeinde ${body.municipality}.`);
  }
  return { paper, body };
}

/** Links the paper's consultation step for the meeting's body to the item (a new step if its path has none free). */
async function linkConsultation(tx: Tx, o: Common, meeting: MeetingDetail, body: Body, paper: Paper, itemId: string): Promise<void> {
  const steps = await consultationsOfPaper(tx, o.tenantId, paper.id);
  const free = steps.find((c) => c.bodyId === meeting.bodyId && (c.meetingId === null || c.meetingId === meeting.id));
  if (free) await scheduleConsultation(tx, o.tenantId, free.id, { meetingId: meeting.id, agendaItemId: itemId }, o.now);
  else {
    const position = steps.reduce((m, c) => Math.max(m, c.position + 1), 0);
    await insertConsultation(tx, o.tenantId, { paperId: paper.id, bodyId: meeting.bodyId, position, role: consultationRole(body, paper), meetingId: meeting.id, agendaItemId: itemId }, o.now);
  }
  if (paper.tracking === 'submitted') await setPaperTracking(tx, o.tenantId, paper.id, { tracking: 'in_consultation' }, o.now);
  // The paper embeds its consultations (OParl), so its stamp moves too.
  await touch(tx, 'paper', o.tenantId, [paper.id], o.now);
}

/**
 * Adds an item at the end of its part. With a paper: only a released paper of the same tenant, a non-public paper only
 * in the non-public part; the title defaults to the paper's name; its consultation step for this body is scheduled and
 * its tracking moves from submitted to in consultation. Any refusal changes nothing.
 */
export async function addAgendaItem(db: Db, o: Common & { item: { name: string; public: boolean; paperId: string | null } }): Promise<AgendaResult> {
  return run(db, async (tx) => {
    const meeting = await editable(tx, o);
    const agenda = await agendaOf(tx, o.tenantId, meeting.id);
    const linked = o.item.paperId ? await checkPaper(tx, o, meeting, agenda, o.item.paperId, o.item.public) : undefined;
    const name = (o.item.name || linked?.paper.name || '').slice(0, 500);
    const id = await insertAgendaItem(tx, o.tenantId, { meetingId: meeting.id, position: agenda.length, number: '–', name, public: o.item.public, paperId: linked?.paper.id ?? null }, o.now);
    if (linked) await linkConsultation(tx, o, meeting, linked.body, linked.paper, id);
    await finish(tx, o, [...agenda, { id, public: o.item.public }], { action: 'add', itemId: id, paperId: linked?.paper.id ?? null, public: o.item.public });
    return { ok: true, itemId: id, changed: true };
  });
}

/** Moves an item up or down within its part, removes it (soft delete, its consultation step is unscheduled) or moves it to the other part. */
export async function changeAgendaItem(db: Db, o: Common & { itemId: string; action: AgendaAction }): Promise<AgendaResult> {
  return run(db, async (tx) => {
    const meeting = await editable(tx, o);
    const items = numberAgenda(await agendaOf(tx, o.tenantId, meeting.id));
    const i = items.findIndex((x) => x.id === o.itemId);
    if (i < 0) throw new Refused({ ok: false, reason: 'not_found' });
    const item = items[i]!;
    const details = { action: o.action, itemId: item.id, paperId: item.paperId };
    switch (o.action) {
      case 'up':
      case 'down': {
        const j = o.action === 'up' ? i - 1 : i + 1;
        // Only within the part: the public part always stays before the non-public part.
        if (j < 0 || j >= items.length || items[j]!.public !== item.public) return { ok: true, changed: false };
        [items[i], items[j]] = [items[j]!, items[i]!];
        await finish(tx, o, items, details);
        return { ok: true, changed: true };
      }
      case 'public':
      case 'nonpublic': {
        const toPublic = o.action === 'public';
        if (item.public === toPublic) return { ok: true, changed: false };
        if (toPublic && item.paperId) {
          const paper = await paperById(tx, o.tenantId, item.paperId);
          if (paper && !paper.public) throw invalid('part', `Die Vorlage ${paper.reference} ist nichtöffentlich. Der Punkt muss im nichtöffentlichen Teil bleiben.`);
        }
        // What the public may see of its consultation step changes with it (publication guard), so both stamps move.
        const steps = (await consultationsOfMeeting(tx, o.tenantId, meeting.id)).filter((c) => c.agendaItemId === item.id);
        await touch(tx, 'consultation', o.tenantId, steps.map((c) => c.id), o.now);
        await touch(tx, 'paper', o.tenantId, steps.map((c) => c.paperId), o.now);
        // Stable partition: the item becomes the last public or the first non-public item.
        await finish(tx, o, items.map((x) => (x.id === item.id ? { ...x, public: toPublic } : x)), details);
        return { ok: true, changed: true };
      }
      case 'remove': {
        await softDelete(tx, 'agendaItem', o.tenantId, item.id, o.now);
        for (const c of await consultationsOfMeeting(tx, o.tenantId, meeting.id)) {
          if (c.agendaItemId === item.id) await scheduleConsultation(tx, o.tenantId, c.id, { meetingId: null, agendaItemId: null }, o.now);
        }
        if (item.paperId) await touch(tx, 'paper', o.tenantId, [item.paperId], o.now);
        await finish(tx, o, items.filter((x) => x.id !== item.id), details);
        return { ok: true, changed: true };
      }
    }
  });
}
