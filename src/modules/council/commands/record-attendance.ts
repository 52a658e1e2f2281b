import { audit, type Tx } from '../../../kernel/index.ts';
import { attendanceOf, upsertAttendance, type AttendanceData } from '../attendance.repository.ts';
import { lockMeetingForMinutes, saveMinutesInvitation, setMinutesState } from '../minutes.repository.ts';
import { setMeetingState, touch } from '../repository.ts';

export type MinutesRefusal = 'not_found' | 'cancelled' | 'not_started' | 'locked' | 'no_attendance';

/** Why the minutes of a meeting cannot be changed now, or undefined when they can. */
export function minutesEditable(m: { state: string; minutesState: string; startsAt: Date }, now: Date): Exclude<MinutesRefusal, 'not_found' | 'no_attendance'> | undefined {
  if (m.state === 'cancelled') return 'cancelled';
  if (m.startsAt.getTime() > now.getTime()) return 'not_started';
  if (m.minutesState === 'approved' || m.minutesState === 'released') return 'locked';
  return undefined;
}

/**
 * Records the attendance of a meeting (one row per person, replacing earlier entries) and whether all members were
 * properly invited. The first record starts the minutes (minutes_state none → draft) and marks the meeting as held
 * (planned/invited → held): minutes are written only for a meeting that took place, and Sitzungsgeld bills only held
 * meetings. Refused before the meeting's start, for a cancelled meeting and once the minutes are approved.
 */
export async function recordAttendance(
  tx: Tx,
  o: { tenantId: string; actorId: string; meetingId: string; properlyInvited: boolean; rows: readonly AttendanceData[]; absentDeputies: readonly string[]; now: Date },
): Promise<{ ok: true; held: boolean } | { ok: false; reason: MinutesRefusal }> {
  const m = await lockMeetingForMinutes(tx, o.tenantId, o.meetingId);
  if (!m) return { ok: false, reason: 'not_found' };
  const refusal = minutesEditable(m, o.now);
  if (refusal) return { ok: false, reason: refusal };
  const existing = new Map((await attendanceOf(tx, o.tenantId, o.meetingId)).map((a) => [a.personId, a]));
  for (const row of o.rows) await upsertAttendance(tx, o.tenantId, { ...row, meetingId: o.meetingId }, o.now);
  // A deputy recorded earlier and now "not sitting in" is corrected to absent (the row stays for the audit trail).
  for (const personId of o.absentDeputies) {
    if (existing.get(personId)?.status !== 'present') continue;
    await upsertAttendance(tx, o.tenantId, { meetingId: o.meetingId, personId, status: 'absent', arrivedAt: null, leftAt: null, fromPosition: 0, toPosition: null, forPersonId: null, chaired: false, travelKm: null }, o.now);
  }
  await saveMinutesInvitation(tx, o.tenantId, o.meetingId, o.properlyInvited, o.now);
  await setMinutesState(tx, o.tenantId, o.meetingId, { from: ['none'], to: 'draft' }, o.now);
  const held = await setMeetingState(tx, o.tenantId, o.meetingId, { from: ['planned', 'invited'], to: 'held' }, o.now);
  await touch(tx, 'meeting', o.tenantId, [o.meetingId], o.now);
  const present = o.rows.filter((r) => r.status === 'present');
  await audit(
    tx,
    {
      tenantId: o.tenantId,
      actorId: o.actorId,
      actorKind: 'staff',
      action: 'council.attendance_recorded',
      objectType: 'council_meeting',
      objectId: o.meetingId,
      details: { present: present.length, deputies: present.filter((r) => r.forPersonId).length, excused: o.rows.filter((r) => r.status === 'excused').length, absent: o.rows.filter((r) => r.status === 'absent').length, properlyInvited: o.properlyInvited },
    },
    o.now,
  );
  if (held) await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.meeting_held', objectType: 'council_meeting', objectId: o.meetingId }, o.now);
  return { ok: true, held };
}
