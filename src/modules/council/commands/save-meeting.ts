import { audit, formatDate, type Db, type Tx } from '../../../kernel/index.ts';
import { insertAgendaItem, insertMeeting, listTerms, lockBody, overlappingMeeting, updateMeetingPlan, type Meeting } from '../repository.ts';
import { countMeetingsBefore, lockMeeting } from '../meetings.repository.ts';
import { berlinInstant, berlinWallClock, type MeetingData } from '../meeting-schema.ts';
import { defaultMeetingName } from '../invitation.ts';
import { numberAgenda } from './edit-agenda.ts';

export type SaveMeetingResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'overlap'; other: Meeting; message: string }
  | { ok: false; reason: 'not_found' | 'closed' | 'stale' };

/** The German refusal naming the other meeting, e.g. „5. Sitzung der Gemeindevertretung“ am 10.12.2026, 18:00–21:00 Uhr. */
export function overlapMessage(other: Pick<Meeting, 'name' | 'startsAt' | 'endsAt'>): string {
  return `Das Gremium hat zu dieser Zeit schon eine Sitzung: „${other.name}“ am ${formatDate(other.startsAt)}, ${berlinWallClock(other.startsAt).time}–${berlinWallClock(other.endsAt).time} Uhr. Ein Gremium kann nicht zweimal gleichzeitig tagen. Bitte wählen Sie eine andere Zeit.`;
}

class Refused extends Error {
  constructor(readonly result: Exclude<SaveMeetingResult, { ok: true }>) {
    super(result.reason);
  }
}

/**
 * Creates or re-plans a meeting. The body's row is locked first, so of two concurrent requests for overlapping times
 * only one passes the overlap check; the other is refused naming the first. A new meeting gets the default title
 * ("N. Sitzung des/der …", N counted within the Wahlperiode) when none is given, and the chosen standard items.
 * Editing keeps the body; a held or cancelled meeting cannot be re-planned; `stand` (modified_at in ms) guards against
 * stale forms.
 */
export async function saveMeeting(
  db: Db,
  o: { tenantId: string; actorId: string; id?: string; stand?: number; data: MeetingData; bodyName: string; now: Date },
): Promise<SaveMeetingResult> {
  const { tenantId, data, now } = o;
  try {
    return await db.transaction(async (tx) => {
      const body = await lockBody(tx, tenantId, data.bodyId);
      if (!body) throw new Refused({ ok: false, reason: 'not_found' });
      let existing: Meeting | undefined;
      if (o.id) {
        existing = await lockMeeting(tx, tenantId, o.id);
        if (!existing || existing.bodyId !== data.bodyId) throw new Refused({ ok: false, reason: 'not_found' });
        if (existing.state === 'held' || existing.state === 'cancelled') throw new Refused({ ok: false, reason: 'closed' });
        if (o.stand !== undefined && existing.modifiedAt.getTime() !== o.stand) throw new Refused({ ok: false, reason: 'stale' });
      }
      const other = await overlappingMeeting(tx, tenantId, data.bodyId, data.startsAt, data.endsAt, o.id ?? null);
      if (other) throw new Refused({ ok: false, reason: 'overlap', other, message: overlapMessage(other) });
      const name = data.name || (await defaultName(tx, tenantId, data, o.bodyName));
      if (existing) {
        await updateMeetingPlan(tx, tenantId, existing.id, { name, startsAt: data.startsAt, endsAt: data.endsAt, locationId: data.locationId }, now);
        await audit(tx, { tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.meeting_updated', objectType: 'council_meeting', objectId: existing.id, details: { state: existing.state, moved: existing.startsAt.getTime() !== data.startsAt.getTime() } }, now);
        return { ok: true as const, id: existing.id };
      }
      const id = await insertMeeting(tx, tenantId, { bodyId: data.bodyId, name, startsAt: data.startsAt, endsAt: data.endsAt, locationId: data.locationId }, now);
      const items = numberAgenda(data.standardItems.map((n, i) => ({ id: String(i), public: true, name: n })));
      for (const it of items) await insertAgendaItem(tx, tenantId, { meetingId: id, position: it.position, number: it.number, name: data.standardItems[Number(it.id)]!, public: true }, now);
      await audit(tx, { tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.meeting_created', objectType: 'council_meeting', objectId: id, details: { bodyId: data.bodyId, standardItems: items.length } }, now);
      return { ok: true as const, id };
    });
  } catch (e) {
    if (e instanceof Refused) return e.result;
    throw e;
  }
}

/** "N. Sitzung …": N counts the body's meetings (not cancelled) of the Wahlperiode before this one, plus one. */
async function defaultName(tx: Tx, tenantId: string, data: MeetingData, bodyName: string): Promise<string> {
  const day = berlinWallClock(data.startsAt).day;
  const term = (await listTerms(tx, tenantId)).find((t) => t.startDate <= day && (!t.endDate || t.endDate >= day));
  const from = term ? berlinInstant(term.startDate, '00:00') : null;
  const n = (await countMeetingsBefore(tx, tenantId, data.bodyId, from, data.startsAt)) + 1;
  return defaultMeetingName(n, bodyName);
}
