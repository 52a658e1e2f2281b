// The read model of one meeting's minutes: attendance, per agenda item the roll, exclusions, quorum and vote. Built
// from repository functions (no SQL here); the pages, the commands (inside their transaction) and the PDF share it,
// so what the clerk sees is what is checked and what is printed.
import type { Queryable } from '../../kernel/index.ts';
import { attendanceOf, type Attendance } from './attendance.repository.ts';
import { exclusionsOfMeeting, minutesOf, votesOfMeeting, type MinutesRecord, type VoteRecord } from './minutes.repository.ts';
import { isDeputyMembership, presentAt, rollAt, type ItemRoll } from './minutes-roll.ts';
import { quorumRuleFor, type QuorumResult, type QuorumRule } from './quorum.ts';
import {
  agendaOf,
  bodyById,
  consultationsOfMeeting,
  councilSettings,
  locationById,
  meetingById,
  membershipsOfBody,
  papersByIds,
  personsByIds,
  type AgendaItem,
  type Body,
  type Location,
  type Meeting,
  type Membership,
  type Paper,
  type Person,
} from './repository.ts';
import { berlinDay } from './deadlines.ts';
import { personName } from './ui.ts';

export interface RollMember {
  personId: string;
  name: string;
  membership: Membership;
  /** votes (a seat counted for quorum) */
  seat: boolean;
}

export interface RollDeputy {
  personId: string;
  name: string;
  deputyOf: string | null;
}

export interface ItemMinutes {
  item: AgendaItem;
  paper: Paper | undefined;
  /** a vote here decides the paper (its authoritative consultation is tied to this item) */
  deciding: boolean;
  roll: ItemRoll;
  /** undefined when the roll is inconsistent (more members than the legal number) */
  quorum: QuorumResult | undefined;
  secondSitting: boolean;
  excluded: { personId: string; name: string; reason: string | null }[];
  /** persons who may be marked as excluded: the seats' members and deputies sitting in at this item */
  candidates: { personId: string; name: string }[];
  vote: VoteRecord | undefined;
  /** a vote was recorded, but attendance or exclusions changed since: the numbers no longer match */
  stale: boolean;
}

export interface MinutesData {
  meeting: Meeting;
  body: Body;
  location: Location | undefined;
  rule: QuorumRule;
  record: MinutesRecord | undefined;
  properlyInvited: boolean;
  /** Berlin calendar day of the meeting */
  day: string;
  items: ItemMinutes[];
  members: RollMember[];
  deputies: RollDeputy[];
  attendance: Attendance[];
  persons: Map<string, Person>;
  nameOf(personId: string): string;
}

/** The Mitwirkungsverbot's statute of the tenant's Land, as far as council.md sources it. */
export function exclusionStatute(land: string): string {
  return land === 'MV' ? '§ 24 KV M-V' : 'Mitwirkungsverbot';
}

/** Everything the minutes of a meeting consist of, or undefined for an unknown or deleted meeting of this tenant. */
export async function loadMinutes(db: Queryable, tenantId: string, meetingId: string): Promise<MinutesData | undefined> {
  const meeting = await meetingById(db, tenantId, meetingId);
  if (!meeting || meeting.deletedAt) return undefined;
  const day = berlinDay(meeting.startsAt);
  const [body, location, settings, record, items, memberships, attendance, exclusions, votes, consultations] = await Promise.all([
    bodyById(db, tenantId, meeting.bodyId),
    meeting.locationId ? locationById(db, tenantId, meeting.locationId) : Promise.resolve(undefined),
    councilSettings(db, tenantId),
    minutesOf(db, tenantId, meetingId),
    agendaOf(db, tenantId, meetingId),
    membershipsOfBody(db, tenantId, meeting.bodyId, { on: day }),
    attendanceOf(db, tenantId, meetingId),
    exclusionsOfMeeting(db, tenantId, meetingId),
    votesOfMeeting(db, tenantId, meetingId),
    consultationsOfMeeting(db, tenantId, meetingId),
  ]);
  if (!body) return undefined;
  const personIds = new Set<string>([...memberships.map((m) => m.personId), ...attendance.map((a) => a.personId), ...exclusions.map((e) => e.personId)]);
  const [persons, papers] = await Promise.all([
    personsByIds(db, tenantId, [...personIds]),
    papersByIds(db, tenantId, [...new Set(items.map((i) => i.paperId).filter((x): x is string => !!x))]),
  ]);
  const personMap = new Map(persons.map((p) => [p.id, p]));
  const nameOf = (id: string) => {
    const p = personMap.get(id);
    return p ? personName(p) : 'Unbekannte Person';
  };
  // By family name, then given name (as rolls are read out); the chair and the deputy chair first.
  const sortKey = (id: string) => {
    const p = personMap.get(id);
    return p ? `${p.familyName}\u0000${p.givenName}` : '';
  };
  const byName = (a: { personId: string }, b: { personId: string }) => sortKey(a.personId).localeCompare(sortKey(b.personId), 'de');
  const ROLE_ORDER: Record<string, number> = { chair: 0, deputy_chair: 1 };
  const members: RollMember[] = [];
  const deputies: RollDeputy[] = [];
  const seen = new Set<string>();
  const ordered = [...memberships].sort((a, b) => (ROLE_ORDER[a.role] ?? 2) - (ROLE_ORDER[b.role] ?? 2) || byName(a, b));
  for (const m of ordered) {
    if (isDeputyMembership(m) || seen.has(m.personId) || personMap.get(m.personId)?.deletedAt) continue;
    seen.add(m.personId);
    members.push({ personId: m.personId, name: nameOf(m.personId), membership: m, seat: m.votingRight });
  }
  for (const m of ordered) {
    if (!isDeputyMembership(m) || seen.has(m.personId) || personMap.get(m.personId)?.deletedAt) continue;
    seen.add(m.personId);
    deputies.push({ personId: m.personId, name: nameOf(m.personId), deputyOf: m.deputyOf });
  }
  deputies.sort(byName);
  const rank = new Map([...members, ...deputies].map((x, i) => [x.personId, i]));

  const rule = quorumRuleFor(settings.quorumRule);
  const properlyInvited = record?.properlyInvited ?? true;
  const papersById = new Map(papers.map((p) => [p.id, p]));
  const voteByItem = new Map(votes.map((v) => [v.agendaItemId, v]));
  const seatMembers = members.filter((m) => m.seat);
  const itemsOut: ItemMinutes[] = items.map((item) => {
    const excl = exclusions.filter((e) => e.agendaItemId === item.id);
    const vote = voteByItem.get(item.id);
    const secondSitting = vote?.secondSitting ?? false;
    const roll = rollAt({ position: item.position, legalMembers: body.legalMembers, memberships, attendance, excludedPersonIds: excl.map((e) => e.personId) });
    roll.voters.sort((a, b) => (rank.get(a.personId) ?? 1e6) - (rank.get(b.personId) ?? 1e6));
    const quorum = roll.inconsistent ? undefined : rule.check({ legalMembers: roll.legalMembers, present: roll.present, excluded: roll.excluded, properlyInvited, secondSitting });
    const sittingIn = attendance.filter((a) => a.forPersonId && presentAt(a, item.position));
    const candidates = [...seatMembers.map((m) => ({ personId: m.personId, name: m.name })), ...sittingIn.map((a) => ({ personId: a.personId, name: nameOf(a.personId) }))];
    for (const e of excl) if (!candidates.some((c) => c.personId === e.personId)) candidates.push({ personId: e.personId, name: nameOf(e.personId) });
    const stale = !!vote?.outcome && (vote.presentVoting !== roll.presentVoting || vote.excluded !== roll.excluded || (vote.outcome === 'deferred') !== !quorum?.quorate);
    return {
      item,
      paper: item.paperId ? papersById.get(item.paperId) : undefined,
      deciding: consultations.some((c) => c.agendaItemId === item.id && c.authoritative && c.paperId === item.paperId),
      roll,
      quorum,
      secondSitting,
      excluded: excl.map((e) => ({ personId: e.personId, name: nameOf(e.personId), reason: e.reason })),
      candidates,
      vote,
      stale,
    };
  });
  return { meeting, body, location, rule, record, properlyInvited, day, items: itemsOut, members, deputies, attendance, persons: personMap, nameOf };
}
