import { audit, type Tx } from '../../../kernel/index.ts';
import { lockMeetingForMinutes, replaceExclusions, saveSecondSitting } from '../minutes.repository.ts';
import { agendaItemById } from '../repository.ts';
import { minutesEditable, type MinutesRefusal } from './record-attendance.ts';

/**
 * Sets who is excluded from one agenda item for bias (Mitwirkungsverbot, § 24 KV M-V), with internal reasons, and
 * whether the item is in a repeated sitting after a deferral (both are quorum inputs). Needs recorded attendance;
 * refused once the minutes are approved. The reasons never leave the back office (not in the audit, not printed).
 */
export async function recordExclusions(
  tx: Tx,
  o: { tenantId: string; actorId: string; meetingId: string; agendaItemId: string; persons: readonly { personId: string; reason: string | null }[]; secondSitting: boolean; now: Date },
): Promise<{ ok: true } | { ok: false; reason: MinutesRefusal }> {
  const m = await lockMeetingForMinutes(tx, o.tenantId, o.meetingId);
  const item = m ? await agendaItemById(tx, o.tenantId, o.agendaItemId) : undefined;
  if (!m || !item || item.deletedAt || item.meetingId !== m.id) return { ok: false, reason: 'not_found' };
  const refusal = minutesEditable(m, o.now);
  if (refusal) return { ok: false, reason: refusal };
  if (m.minutesState === 'none') return { ok: false, reason: 'no_attendance' };
  const changed = await replaceExclusions(tx, o.tenantId, { meetingId: m.id, agendaItemId: item.id, persons: o.persons, actorId: o.actorId }, o.now);
  const sittingChanged = await saveSecondSitting(tx, o.tenantId, { meetingId: m.id, agendaItemId: item.id, secondSitting: o.secondSitting }, o.now);
  if (changed || sittingChanged) {
    await audit(
      tx,
      {
        tenantId: o.tenantId,
        actorId: o.actorId,
        actorKind: 'staff',
        action: 'council.exclusions_recorded',
        objectType: 'council_agenda_item',
        objectId: item.id,
        details: { meetingId: m.id, excluded: o.persons.map((p) => p.personId), secondSitting: o.secondSitting },
      },
      o.now,
    );
  }
  return { ok: true };
}
