import { audit, type Tx } from '../../../kernel/index.ts';
import { lockMeetingForMinutes, saveMinutesApproval, setMinutesState } from '../minutes.repository.ts';
import { loadMinutes } from '../minutes-data.ts';

export type ApproveRefusal = 'not_found' | 'cancelled' | 'no_attendance' | 'locked' | 'stale';

/**
 * "Niederschrift genehmigt am …": the body approved the minutes (usually in its next meeting); the council office
 * records the day (draft → approved). From then on attendance, exclusions and votes are frozen. Refused while a
 * recorded vote no longer matches attendance or exclusions (`stale` lists the agenda numbers to record again).
 */
export async function approveMinutes(
  tx: Tx,
  o: { tenantId: string; actorId: string; meetingId: string; approvedOn: string; note: string | null; now: Date },
): Promise<{ ok: true } | { ok: false; reason: ApproveRefusal; items?: string[] }> {
  const m = await lockMeetingForMinutes(tx, o.tenantId, o.meetingId);
  if (!m) return { ok: false, reason: 'not_found' };
  if (m.state === 'cancelled') return { ok: false, reason: 'cancelled' };
  if (m.minutesState === 'none') return { ok: false, reason: 'no_attendance' };
  if (m.minutesState !== 'draft') return { ok: false, reason: 'locked' };
  const data = await loadMinutes(tx, o.tenantId, o.meetingId);
  const stale = (data?.items ?? []).filter((i) => i.stale).map((i) => i.item.number);
  if (stale.length) return { ok: false, reason: 'stale', items: stale };
  await saveMinutesApproval(tx, o.tenantId, m.id, { approvedOn: o.approvedOn, note: o.note, actorId: o.actorId }, o.now);
  await setMinutesState(tx, o.tenantId, m.id, { from: ['draft'], to: 'approved' }, o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.minutes_approved', objectType: 'council_meeting', objectId: m.id, details: { approvedOn: o.approvedOn } }, o.now);
  return { ok: true };
}
