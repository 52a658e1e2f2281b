/**
 * Who counts for quorum and votes at one agenda item, from the attendance and the memberships. Pure.
 *
 * - A **seat** is a membership of the body on the meeting day with a voting right that is not a deputy's
 *   (chair, deputy chair, member …; a deputy has role `deputy` or `deputy_of` set). Seats are identified by the member's person id.
 * - A seat is **present at item k** when its member is present for k (status present, from_position ≤ k and
 *   (to_position null or k ≤ to_position)), or when a deputy present for k sits for that member (`for_person_id`):
 *   the deputy votes for the absent member.
 * - An **excluded seat** (Mitwirkungsverbot) is the seat of an excluded person: the member's own, or the one an
 *   excluded deputy sits for at k. Exclusions of persons without a seat (advisory members) are recorded but do not
 *   change the numbers.
 * - Quorum input: `present` = present seats minus excluded ones, `excluded` = excluded seats (in the room or not).
 *   Vote check input: `presentVoting` = present seats (excluded ones included), `excluded` = present ∩ excluded.
 */
import type { Attendance } from './attendance.repository.ts';
import type { Membership } from './repository.ts';
import type { VoteOutcome } from './minutes.repository.ts';

export interface Seat {
  personId: string;
  membershipId: string;
}

export interface ItemRoll {
  position: number;
  /** the legal number used for quorum (the body's, else the number of seats) */
  legalMembers: number;
  /** the body has no legal number of members recorded; `legalMembers` is the count of seats */
  legalFromSeats: boolean;
  /** persons present with a vote at this item: [person, seat they vote for] (a deputy's seat is the member's) */
  voters: { personId: string; seatId: string }[];
  /** present seats, not excluded (quorum `present`) */
  present: number;
  /** excluded seats (quorum `excluded`) */
  excluded: number;
  /** present seats including excluded (vote check `presentVoting`) */
  presentVoting: number;
  /** present and excluded (vote check `excluded`) */
  presentExcluded: number;
  /** present + excluded exceed the legal number: the data contradict each other, quorum cannot be found */
  inconsistent: boolean;
}

/** A deputy's membership (Stellvertreter): role deputy, or standing in for a named member. */
export const isDeputyMembership = (m: Pick<Membership, 'role' | 'deputyOf'>) => m.role === 'deputy' || m.deputyOf !== null;

/** The voting seats of a body on the meeting day (memberships already filtered to that day). */
export function seatsOf(memberships: readonly Membership[]): Seat[] {
  const seen = new Set<string>();
  const out: Seat[] = [];
  for (const m of memberships) {
    if (isDeputyMembership(m) || !m.votingRight || seen.has(m.personId)) continue;
    seen.add(m.personId);
    out.push({ personId: m.personId, membershipId: m.id });
  }
  return out;
}

/** Present for the agenda item at `position` (status present and the position inside the recorded range). */
export function presentAt(a: Pick<Attendance, 'status' | 'fromPosition' | 'toPosition'>, position: number): boolean {
  return a.status === 'present' && a.fromPosition <= position && (a.toPosition === null || position <= a.toPosition);
}

export function rollAt(o: {
  position: number;
  legalMembers: number | null;
  memberships: readonly Membership[];
  attendance: readonly Pick<Attendance, 'personId' | 'status' | 'fromPosition' | 'toPosition' | 'forPersonId'>[];
  excludedPersonIds: readonly string[];
}): ItemRoll {
  const seats = new Set(seatsOf(o.memberships).map((s) => s.personId));
  const voters: { personId: string; seatId: string }[] = [];
  const presentSeats = new Set<string>();
  const seatOfPerson = new Map<string, string>();
  for (const s of seats) seatOfPerson.set(s, s);
  for (const a of o.attendance) {
    if (!presentAt(a, o.position)) continue;
    const seat = a.forPersonId ? (seats.has(a.forPersonId) ? a.forPersonId : undefined) : seats.has(a.personId) ? a.personId : undefined;
    if (!seat) continue;
    if (a.forPersonId) seatOfPerson.set(a.personId, seat);
    if (presentSeats.has(seat)) continue;
    presentSeats.add(seat);
    voters.push({ personId: a.personId, seatId: seat });
  }
  const excludedSeats = new Set<string>();
  for (const p of o.excludedPersonIds) {
    const seat = seatOfPerson.get(p);
    if (seat) excludedSeats.add(seat);
  }
  const presentExcluded = [...presentSeats].filter((s) => excludedSeats.has(s)).length;
  const legalFromSeats = !o.legalMembers;
  const legalMembers = o.legalMembers || seats.size;
  const present = presentSeats.size - presentExcluded;
  return {
    position: o.position,
    legalMembers,
    legalFromSeats,
    voters,
    present,
    excluded: excludedSeats.size,
    presentVoting: presentSeats.size,
    presentExcluded,
    inconsistent: legalMembers < 1 || present + excludedSeats.size > legalMembers,
  };
}

/** The agenda item's `result` as OParl and the RIS show it, e.g. "Beschlossen (Ja 9, Nein 2, Enthaltung 1)". */
export function resultText(v: { outcome: VoteOutcome | null; unanimous: boolean; yes: number | null; no: number | null; abstain: number | null }): string {
  if (v.outcome === 'deferred') return 'Vertagt – Beschlussunfähigkeit';
  const counts = `(Ja ${v.yes ?? 0}, Nein ${v.no ?? 0}, Enthaltung ${v.abstain ?? 0})`;
  if (v.outcome === 'accepted') return `${v.unanimous ? 'Einstimmig beschlossen' : 'Beschlossen'} ${counts}`;
  if (v.outcome === 'rejected') return `Abgelehnt ${counts}`;
  return '';
}
