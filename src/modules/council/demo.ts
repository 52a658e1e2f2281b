// Demo data of the Sitzungsdienst: a council per demo municipality with members, Fraktionen, papers on their path,
// one held meeting with released minutes and upcoming meetings. For an Amt, the Amtsausschuss and the bodies of two
// member Gemeinden share one council office and persons (one person can sit in several bodies).
import { renderLetter, type Db, type Tenant, type Tx } from '../../kernel/index.ts';
import { meetingDetail } from './meetings.repository.ts';
import { dispatchInvitations } from './commands/dispatch-invitations.ts';
import { recordAttendance } from './commands/record-attendance.ts';
import { recordVote } from './commands/record-vote.ts';
import { approveMinutes } from './commands/approve-minutes.ts';
import { releaseMinutes } from './commands/release-minutes.ts';
import {
  insertAgendaItem,
  insertBody,
  insertConsultation,
  insertCouncilFile,
  insertLocation,
  insertMeeting,
  insertMembership,
  insertPaper,
  insertPerson,
  insertTerm,
  saveCouncilSettings,
  scheduleConsultation,
  consultationsOfPaper,
  type BodyKind,
  type MembershipRole,
  type NoticeRuleConfig,
  type PaperType,
} from './repository.ts';

const DAY = 86_400_000;

interface DemoBody {
  key: string;
  name: string;
  shortName: string;
  kind: BodyKind;
  municipality: string | null;
  legalMembers?: number;
  parent?: string;
}

interface DemoCouncil {
  quorumRule: 'MV' | 'BB';
  noticeRule: NoticeRuleConfig;
  authority: string;
  address: string[];
  location: { description: string; room: string; streetAddress: string; postalCode: string; locality: string };
  bodies: DemoBody[];
  /** family name, given name, memberships [body key, role, fraktion key?]; the first person is linked to the councillor account. */
  persons: [string, string, [string, MembershipRole, string?][]][];
  papers: { key: string; type: PaperType; name: string; text: string; proposal: string; public?: boolean; status?: 'draft' | 'released'; municipality: string | null; path: [string, 'advising' | 'deciding' | 'noting'][] }[];
}

const WARNOWTAL: DemoCouncil = {
  quorumRule: 'MV',
  // Crivitz GO draft 2021: 10 calendar days, 4 if urgent [R2].
  noticeRule: { days: 10, counting: 'calendar', countDispatchDay: false, countMeetingDay: false, urgentDays: 4 },
  authority: 'Amt Warnowtal – Der Amtsvorsteher',
  address: ['Am Markt 1', '18249 Lindenhagen'],
  location: { description: 'Sitzungssaal des Amtes Warnowtal', room: 'Raum 1.12', streetAddress: 'Am Markt 1', postalCode: '18249', locality: 'Lindenhagen' },
  bodies: [
    { key: 'aa', name: 'Amtsausschuss', shortName: 'AA', kind: 'amtsausschuss', municipality: null, legalMembers: 5 },
    { key: 'gvl', name: 'Gemeindevertretung Lindenhagen', shortName: 'GV Lh', kind: 'council', municipality: 'Lindenhagen', legalMembers: 9 },
    { key: 'bal', name: 'Bau- und Umweltausschuss Lindenhagen', shortName: 'BUA Lh', kind: 'committee', municipality: 'Lindenhagen', legalMembers: 5, parent: 'gvl' },
    { key: 'gvo', name: 'Gemeindevertretung Ostrau am See', shortName: 'GV Os', kind: 'council', municipality: 'Ostrau am See', legalMembers: 7 },
    { key: 'fwl', name: 'Wählergemeinschaft Lindenhagen', shortName: 'WGL', kind: 'fraktion', municipality: 'Lindenhagen' },
    { key: 'fbl', name: 'Fraktion Bürger für Lindenhagen', shortName: 'BfL', kind: 'fraktion', municipality: 'Lindenhagen' },
  ],
  persons: [
    ['Ratsmitglied', 'Rita', [['gvl', 'member', 'fwl'], ['bal', 'chair'], ['aa', 'member']]],
    ['Wendt', 'Hartmut', [['gvl', 'chair', 'fwl'], ['aa', 'chair']]],
    ['Kowalski', 'Birgit', [['gvl', 'deputy_chair', 'fbl'], ['bal', 'member']]],
    ['Peters', 'Jens', [['gvl', 'member', 'fbl'], ['bal', 'member']]],
    ['Schulz', 'Doreen', [['gvl', 'member', 'fwl']]],
    ['Brandt', 'Olaf', [['gvl', 'member', 'fbl'], ['bal', 'member']]],
    ['Lüdtke', 'Karin', [['gvl', 'member', 'fwl']]],
    ['Hoffmann', 'Uwe', [['gvl', 'member']]],
    ['Neumann', 'Sandra', [['gvl', 'member', 'fbl'], ['bal', 'member']]],
    ['Krüger', 'Thomas', [['gvo', 'chair'], ['aa', 'member']]],
    ['Schröder', 'Anke', [['gvo', 'deputy_chair']]],
    ['Zimmermann', 'Paul', [['gvo', 'member']]],
    ['Wagner', 'Ines', [['gvo', 'member'], ['aa', 'member']]],
    ['Becker', 'Frank', [['gvo', 'member']]],
    ['Fischer', 'Monika', [['gvo', 'member']]],
    ['Meyer', 'Lutz', [['gvo', 'member'], ['aa', 'member']]],
  ],
  papers: [
    { key: 'bplan', type: 'beschlussvorlage', name: 'Bebauungsplan Nr. 7 „Wohngebiet Am Mühlenteich“ – Aufstellungsbeschluss', text: 'Die Gemeinde Lindenhagen beabsichtigt, am nördlichen Ortsrand Bauland für etwa 24 Einfamilienhäuser auszuweisen. Der Flächennutzungsplan stellt die Fläche als Wohnbaufläche dar.', proposal: 'Die Gemeindevertretung beschließt die Aufstellung des Bebauungsplans Nr. 7 „Wohngebiet Am Mühlenteich“.', municipality: 'Lindenhagen', path: [['bal', 'advising'], ['gvl', 'deciding']] },
    { key: 'haushalt', type: 'beschlussvorlage', name: 'Haushaltssatzung der Gemeinde Lindenhagen für das Haushaltsjahr 2027', text: 'Der Entwurf der Haushaltssatzung 2027 sieht Erträge von 3.412.000 € und Aufwendungen von 3.398.500 € vor. Die Hebesätze bleiben unverändert.', proposal: 'Die Gemeindevertretung beschließt die Haushaltssatzung 2027 mit ihren Anlagen.', municipality: 'Lindenhagen', path: [['gvl', 'deciding']] },
    { key: 'spielplatz', type: 'antrag', name: 'Antrag der Wählergemeinschaft: Sanierung des Spielplatzes am Dorfteich', text: 'Der Spielplatz am Dorfteich ist in die Jahre gekommen. Die Wählergemeinschaft beantragt, Mittel für die Sanierung in den Haushalt 2027 einzustellen.', proposal: 'Die Gemeindevertretung beauftragt den Amtsvorsteher, die Sanierung des Spielplatzes am Dorfteich vorzubereiten.', municipality: 'Lindenhagen', path: [['bal', 'advising'], ['gvl', 'deciding']] },
    { key: 'anfrage', type: 'anfrage', name: 'Anfrage zur Straßenbeleuchtung in der Seestraße', text: 'Wann wird die defekte Straßenbeleuchtung in der Seestraße instand gesetzt?', proposal: '', municipality: 'Ostrau am See', path: [['gvo', 'noting']] },
    { key: 'grundstueck', type: 'beschlussvorlage', name: 'Verkauf einer gemeindlichen Teilfläche (Flurstück 112/4)', text: 'Ein Kaufinteressent hat ein Angebot für die Teilfläche abgegeben. Einzelheiten sind nichtöffentlich zu beraten.', proposal: 'Die Gemeindevertretung stimmt dem Verkauf zu.', public: false, municipality: 'Lindenhagen', path: [['gvl', 'deciding']] },
    { key: 'feuerwehr', type: 'mitteilung', name: 'Mitteilung: Ersatzbeschaffung eines Löschfahrzeugs für die Freiwillige Feuerwehr', text: 'Das Amt informiert über den Stand der Ersatzbeschaffung des Löschgruppenfahrzeugs LF 10.', proposal: '', municipality: null, path: [['aa', 'noting']] },
    { key: 'entwurf', type: 'beschlussvorlage', name: 'Straßenreinigungssatzung – Änderung (Entwurf)', text: 'Entwurf in Bearbeitung.', proposal: '', status: 'draft', municipality: 'Ostrau am See', path: [] },
  ],
};

const HAVELWERDER: DemoCouncil = {
  quorumRule: 'BB',
  // Brandenburg has no statutory minimum since 2008; the Geschäftsordnung sets it [B1]. Demo GO: 7 calendar days, 3 if urgent.
  noticeRule: { days: 7, counting: 'calendar', countDispatchDay: false, countMeetingDay: false, urgentDays: 3 },
  authority: 'Stadt Havelwerder – Die Vorsitzende der Stadtverordnetenversammlung',
  address: ['Rathausplatz 3', '14712 Havelwerder'],
  location: { description: 'Ratssaal im Rathaus Havelwerder', room: 'Ratssaal', streetAddress: 'Rathausplatz 3', postalCode: '14712', locality: 'Havelwerder' },
  bodies: [
    { key: 'svv', name: 'Stadtverordnetenversammlung', shortName: 'SVV', kind: 'council', municipality: null, legalMembers: 7 },
    { key: 'hfa', name: 'Hauptausschuss', shortName: 'HA', kind: 'committee', municipality: null, legalMembers: 3, parent: 'svv' },
    { key: 'fsp', name: 'Fraktion Havel-Liste', shortName: 'HL', kind: 'fraktion', municipality: null },
  ],
  persons: [
    ['Ratsmitglied', 'Rita', [['svv', 'member', 'fsp'], ['hfa', 'member']]],
    ['Albrecht', 'Marion', [['svv', 'chair'], ['hfa', 'chair']]],
    ['Vogel', 'Stefan', [['svv', 'deputy_chair', 'fsp']]],
    ['Richter', 'Heike', [['svv', 'member'], ['hfa', 'member']]],
    ['Lorenz', 'Tobias', [['svv', 'member', 'fsp']]],
    ['Franke', 'Ute', [['svv', 'member']]],
    ['Sommer', 'Kai', [['svv', 'member']]],
  ],
  papers: [
    { key: 'radweg', type: 'beschlussvorlage', name: 'Radweg entlang der Havelpromenade – Bau- und Finanzierungsbeschluss', text: 'Der Radweg zwischen Hafen und Schleuse soll auf 1,2 km ausgebaut werden. Das Land fördert 75 % der Kosten.', proposal: 'Die Stadtverordnetenversammlung beschließt den Bau des Radwegs und die Finanzierung.', municipality: null, path: [['hfa', 'advising'], ['svv', 'deciding']] },
    { key: 'kita', type: 'antrag', name: 'Antrag der Fraktion Havel-Liste: Verlängerte Öffnungszeiten der Kita „Havelspatzen“', text: 'Berufstätige Eltern brauchen Betreuung bis 18 Uhr.', proposal: 'Die Bürgermeisterin wird beauftragt, verlängerte Öffnungszeiten zu prüfen.', municipality: null, path: [['svv', 'deciding']] },
  ],
};

async function pdf(council: DemoCouncil, reference: string, subject: string, body: string): Promise<Buffer> {
  return renderLetter({
    letterhead: { authority: council.authority, address: council.address, contact: [] },
    recipient: [],
    date: '',
    reference,
    subject,
    body: [{ text: body }],
  });
}

/**
 * Seeds the council of a demo municipality. `councillorUserId` is linked to the first person (the demo councillor
 * account); `now` anchors the meetings: one held a month ago with released minutes, upcoming ones in two and four weeks.
 */
export async function seedCouncilDemo(tx: Tx, tenantId: string, o: { slug: string; councillorUserId: string | null; now: Date }): Promise<CouncilHistory> {
  const council = o.slug === 'havelwerder' ? HAVELWERDER : WARNOWTAL;
  const now = o.now;
  const created = new Date(now.getTime() - 60 * DAY);
  await saveCouncilSettings(tx, tenantId, { quorumRule: council.quorumRule, noticeRule: council.noticeRule }, created);
  await insertTerm(tx, tenantId, { name: 'Wahlperiode 2019–2024', startDate: '2019-05-26', endDate: '2024-06-08' }, created);
  await insertTerm(tx, tenantId, { name: 'Wahlperiode 2024–2029', startDate: '2024-06-09', endDate: '2029-06-08' }, created);
  const locationId = await insertLocation(tx, tenantId, council.location, created);
  const bodies = new Map<string, string>();
  for (const b of council.bodies) {
    bodies.set(b.key, await insertBody(tx, tenantId, { name: b.name, shortName: b.shortName, kind: b.kind, municipality: b.municipality, legalMembers: b.legalMembers ?? null, parentId: b.parent ? bodies.get(b.parent)! : null, startDate: '2024-06-09' }, created));
  }
  const members = new Map<string, { personId: string; role: MembershipRole }[]>();
  let first = true;
  for (const [index, [familyName, givenName, ms]] of council.persons.entries()) {
    const personId = await insertPerson(tx, tenantId, {
      familyName,
      givenName,
      userId: first ? o.councillorUserId : null,
      // One member of each council wants paper (§ 29 KV M-V: any member may demand paper).
      delivery: familyName === 'Hoffmann' || familyName === 'Sommer' ? 'paper' : 'electronic',
      email: `${givenName}.${familyName}@rat.example`.toLowerCase().replace(/ü/g, 'ue').replace(/ö/g, 'oe').replace(/ä/g, 'ae'),
      publishContact: familyName === 'Wendt' || familyName === 'Albrecht',
      // Unique per person: the payroll export identifies people by it.
      personnelNumber: `R${String(index + 1).padStart(4, '0')}`,
      streetAddress: 'Dorfstraße 1',
      postalCode: council.address[1]!.slice(0, 5),
      locality: council.address[1]!.slice(6),
    }, created);
    first = false;
    for (const [bodyKey, role, fraktionKey] of ms) {
      await insertMembership(tx, tenantId, { personId, bodyId: bodies.get(bodyKey)!, role, fraktionId: fraktionKey ? bodies.get(fraktionKey)! : null, startDate: '2024-06-09' }, created);
      const list = members.get(bodyKey) ?? [];
      list.push({ personId, role });
      members.set(bodyKey, list);
    }
    // Fraktion memberships, so the Fraktionen have members too.
    for (const fk of new Set(ms.map((m) => m[2]).filter((x): x is string => !!x))) {
      await insertMembership(tx, tenantId, { personId, bodyId: bodies.get(fk)!, role: 'member', startDate: '2024-06-09' }, created);
    }
  }
  const year = new Date(now).getUTCFullYear();
  const papers = new Map<string, string>();
  const counters = new Map<string, number>();
  const PREFIX: Record<PaperType, string> = { beschlussvorlage: 'BV', antrag: 'AN', anfrage: 'AF', mitteilung: 'MI', stellungnahme: 'ST', bericht: 'BE' };
  for (const p of council.papers) {
    const n = (counters.get(p.type) ?? 0) + 1;
    counters.set(p.type, n);
    const reference = `${PREFIX[p.type]}/${year}/${String(n).padStart(3, '0')}`;
    const id = await insertPaper(tx, tenantId, { reference, name: p.name, paperType: p.type, date: new Date(created.getTime() + 5 * DAY).toISOString().slice(0, 10), municipality: p.municipality, bodyText: p.text, resolutionProposal: p.proposal, status: p.status ?? 'released', tracking: p.status === 'draft' ? 'submitted' : 'in_consultation', public: p.public ?? true }, created);
    papers.set(p.key, id);
    if (p.status !== 'draft') {
      const bytes = await pdf(council, reference, p.name, `Sachverhalt:\n${p.text}\n\nBeschlussvorschlag:\n${p.proposal || '–'}`);
      await insertCouncilFile(tx, tenantId, { name: `${reference} ${p.name}`.slice(0, 300), fileName: `${reference.replace(/\//g, '-')}.pdf`, mime: 'application/pdf', bytes, role: 'main', paperId: id, public: p.public ?? true, textContent: `${p.text}\n${p.proposal}` }, created);
    }
    let position = 0;
    for (const [bodyKey, role] of p.path) await insertConsultation(tx, tenantId, { paperId: id, bodyId: bodies.get(bodyKey)!, position: position++, role }, created);
  }

  // The main council: a meeting a month ago (its invitation, minutes and release follow in seedCouncilHistory),
  // upcoming meetings in two and four weeks.
  const main = council.bodies.find((b) => b.kind === 'council')!;
  const mainId = bodies.get(main.key)!;
  const committee = council.bodies.find((b) => b.kind === 'committee')!;
  const at = (daysFromNow: number, hourUtc: number) => {
    const d = new Date(now.getTime() + daysFromNow * DAY);
    d.setUTCHours(hourUtc, 0, 0, 0);
    return d;
  };
  const pastStart = at(-30, 17);
  const planned = new Date(pastStart.getTime() - 20 * DAY);
  const pastId = await insertMeeting(tx, tenantId, { bodyId: mainId, name: `12. Sitzung der ${main.name}`, startsAt: pastStart, endsAt: new Date(pastStart.getTime() + 3 * 3600_000), locationId }, planned);
  const decided = council.papers.find((p) => p.path.some(([b, r]) => b === main.key && r === 'deciding') && (p.public ?? true))!;
  const secret = council.papers.find((p) => p.public === false);
  const items: { number: string; name: string; public: boolean; paperKey?: string }[] = [
    { number: 'Ö 1', name: 'Eröffnung, Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit', public: true },
    { number: 'Ö 2', name: 'Einwohnerfragestunde', public: true },
    { number: 'Ö 3', name: decided.name, public: true, paperKey: decided.key },
    { number: 'N 1', name: 'Grundstücksangelegenheit', public: false, ...(secret ? { paperKey: secret.key } : {}) },
  ];
  let pos = 0;
  let decidingItemId = '';
  for (const it of items) {
    const itemId = await insertAgendaItem(tx, tenantId, { meetingId: pastId, position: pos++, number: it.number, name: it.name, public: it.public, paperId: it.paperKey ? papers.get(it.paperKey)! : null }, planned);
    if (it.paperKey === decided.key) decidingItemId = itemId;
    if (it.paperKey) await scheduleOn(tx, tenantId, papers.get(it.paperKey)!, mainId, pastId, itemId, planned);
  }

  // Upcoming: the committee in two weeks, the council in four weeks (both still to be invited).
  const committeeStart = at(14, 17);
  const committeeMeeting = await insertMeeting(tx, tenantId, { bodyId: bodies.get(committee.key)!, name: `8. Sitzung des ${committee.name}`, startsAt: committeeStart, endsAt: new Date(committeeStart.getTime() + 2 * 3600_000), locationId }, created);
  const councilStart = at(28, 17);
  const councilMeeting = await insertMeeting(tx, tenantId, { bodyId: mainId, name: `13. Sitzung der ${main.name}`, startsAt: councilStart, endsAt: new Date(councilStart.getTime() + 3 * 3600_000), locationId }, created);
  pos = 0;
  await insertAgendaItem(tx, tenantId, { meetingId: committeeMeeting, position: pos++, number: 'Ö 1', name: 'Eröffnung, Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit', public: true }, created);
  for (const p of council.papers.filter((x) => x.path.some(([b]) => b === committee.key) && (x.public ?? true))) {
    const itemId = await insertAgendaItem(tx, tenantId, { meetingId: committeeMeeting, position: pos, number: `Ö ${pos + 1}`, name: p.name, public: true, paperId: papers.get(p.key)! }, created);
    pos++;
    await scheduleOn(tx, tenantId, papers.get(p.key)!, bodies.get(committee.key)!, committeeMeeting, itemId, created);
  }
  pos = 0;
  for (const [number, name, isPublic] of [
    ['Ö 1', 'Eröffnung, Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit', true],
    ['Ö 2', 'Genehmigung der Niederschrift der 12. Sitzung', true],
    ['Ö 3', 'Einwohnerfragestunde', true],
    ['N 1', 'Vertragsangelegenheiten', false],
  ] as const) {
    await insertAgendaItem(tx, tenantId, { meetingId: councilMeeting, position: pos++, number, name, public: isPublic }, created);
  }
  const votes = (members.get(main.key) ?? []).length - 1;
  return { meetingId: pastId, decidingItemId, resolution: decided.proposal, members: members.get(main.key) ?? [], yes: votes - 1, no: 1 };
}

/** What the second seeding phase needs to hold the past meeting through the real commands. */
export interface CouncilHistory {
  meetingId: string;
  decidingItemId: string;
  resolution: string;
  members: { personId: string; role: MembershipRole }[];
  yes: number;
  no: number;
}

/** Links a paper's consultation step in a body to the meeting and agenda item where it is dealt with. */
async function scheduleOn(tx: Tx, tenantId: string, paperId: string, bodyId: string, meetingId: string, itemId: string, now: Date): Promise<void> {
  const step = (await consultationsOfPaper(tx, tenantId, paperId)).find((c) => c.bodyId === bodyId);
  if (step) await scheduleConsultation(tx, tenantId, step.id, { meetingId, agendaItemId: itemId }, now);
}

/**
 * The past meeting's life through the same commands the council office uses, each at its own time: invitations
 * dispatched 12 days before, attendance and a vote on the evening, minutes approved and released ten days later
 * (public minutes file, full minutes in the members' Mandatspostfach).
 */
export async function seedCouncilHistory(db: Db, o: { tenant: Tenant; baseUrl: string; officeUserId: string; history: CouncilHistory }): Promise<void> {
  const h = o.history;
  const meeting = await meetingDetail(db, o.tenant.id, h.meetingId);
  if (!meeting) throw new Error('demo meeting missing');
  const start = meeting.startsAt;
  const dispatched = await dispatchInvitations(db, { tenant: o.tenant, baseUrl: o.baseUrl, actorId: o.officeUserId, meetingId: h.meetingId, version: 1, stand: meeting.modifiedAt.getTime(), urgent: false, urgencyReason: '', now: new Date(start.getTime() - 12 * DAY) });
  if (!dispatched.ok) throw new Error(`demo invitation: ${dispatched.reason}`);
  const evening = new Date(start.getTime() + 3 * 3600_000);
  const absent = h.members.at(-1)!.personId;
  await db.transaction(async (tx) => {
    const rows = h.members.map((m) => ({
      meetingId: h.meetingId,
      personId: m.personId,
      status: m.personId === absent ? ('excused' as const) : ('present' as const),
      arrivedAt: m.personId === absent ? null : start,
      leftAt: m.personId === absent ? null : evening,
      fromPosition: 0,
      toPosition: null,
      forPersonId: null,
      chaired: m.role === 'chair',
      travelKm: m.personId === absent ? null : 8,
    }));
    const a = await recordAttendance(tx, { tenantId: o.tenant.id, actorId: o.officeUserId, meetingId: h.meetingId, properlyInvited: true, rows, absentDeputies: [], now: evening });
    if (!a.ok) throw new Error(`demo attendance: ${a.reason}`);
    const v = await recordVote(tx, { tenantId: o.tenant.id, actorId: o.officeUserId, meetingId: h.meetingId, agendaItemId: h.decidingItemId, decision: { kind: 'vote', unanimous: false, yes: h.yes, no: h.no, abstain: 0, resolutionText: h.resolution }, now: evening });
    if (!v.ok) throw new Error(`demo vote: ${v.reason} ${v.message ?? ''}`);
  });
  const approvedAt = new Date(start.getTime() + 9 * DAY);
  await db.transaction(async (tx) => {
    const r = await approveMinutes(tx, { tenantId: o.tenant.id, actorId: o.officeUserId, meetingId: h.meetingId, approvedOn: approvedAt.toISOString().slice(0, 10), note: null, now: approvedAt });
    if (!r.ok) throw new Error(`demo approval: ${r.reason}`);
  });
  const released = await releaseMinutes(db, { tenant: o.tenant, baseUrl: o.baseUrl, actorId: o.officeUserId, meetingId: h.meetingId, now: new Date(start.getTime() + 10 * DAY) });
  if (!released.ok) throw new Error(`demo release: ${released.reason}`);
}
