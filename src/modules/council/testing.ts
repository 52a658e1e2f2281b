// Test factories of the council module (tests only): a small Gemeindevertretung with members, a committee, a paper on
// its path and a meeting with a public and a non-public agenda item. Always inside a given tenant.
import type { Db } from '../../kernel/index.ts';
import { renderLetter } from '../../kernel/index.ts';
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
  type MembershipRole,
} from './repository.ts';

export interface CouncilFixture {
  termId: string;
  councilId: string;
  committeeId: string;
  fraktionId: string;
  locationId: string;
  /** Persons of the council in order: [0] chair, [1] deputy chair, the rest members; `userIds` where linked. */
  personIds: string[];
  membershipIds: string[];
  paperId: string;
  secretPaperId: string;
  meetingId: string;
  publicItemId: string;
  secretItemId: string;
  fileId: string;
  secretFileId: string;
}

/** A real PDF with a text layer for council files. */
export function councilPdf(subject: string, body: string): Promise<Buffer> {
  return renderLetter({
    letterhead: { authority: 'Gemeinde Testdorf', address: ['Markt 1', '19999 Testdorf'], contact: ['Telefon 0000 0'] },
    recipient: ['Gemeindevertretung'],
    date: '01.11.2026',
    reference: 'BV/2026/001',
    subject,
    body: [{ text: body }],
  });
}

/**
 * Builds the fixture. `members` is the number of council members (legal number = members); `userIds` links the
 * first persons to staff accounts (councillors) for electronic delivery.
 */
export async function createCouncilFixture(
  db: Db,
  tenantId: string,
  o: { now?: Date; members?: number; userIds?: string[]; meetingStart?: Date; municipality?: string | null } = {},
): Promise<CouncilFixture> {
  const now = o.now ?? new Date('2026-11-01T09:00:00Z');
  const members = o.members ?? 7;
  const start = o.meetingStart ?? new Date('2026-12-10T17:00:00Z');
  const pdf = await councilPdf('Bebauungsplan Nr. 12 „Am Mühlenteich“', 'Die Gemeindevertretung beschließt den Entwurf des Bebauungsplans.');
  const secretPdf = await councilPdf('Grundstücksangelegenheit', 'Verkauf des Flurstücks 12/3 an Herrn Vertraulich.');
  return db.transaction(async (tx) => {
    const termId = await insertTerm(tx, tenantId, { name: 'Wahlperiode 2024–2029', startDate: '2024-06-09', endDate: '2029-06-08' }, now);
    const municipality = o.municipality ?? null;
    const councilId = await insertBody(tx, tenantId, { name: 'Gemeindevertretung', shortName: 'GV', kind: 'council', legalMembers: members, municipality, startDate: '2024-06-09' }, now);
    const committeeId = await insertBody(tx, tenantId, { name: 'Bauausschuss', shortName: 'BA', kind: 'committee', legalMembers: 3, municipality, parentId: councilId, startDate: '2024-06-09' }, now);
    const fraktionId = await insertBody(tx, tenantId, { name: 'Fraktion Bürger für Testdorf', kind: 'fraktion', municipality, startDate: '2024-06-09' }, now);
    const locationId = await insertLocation(tx, tenantId, { description: 'Sitzungssaal im Rathaus', room: 'Raum 1.01', streetAddress: 'Markt 1', postalCode: '19999', locality: 'Testdorf' }, now);
    const personIds: string[] = [];
    const membershipIds: string[] = [];
    const names = ['Abel', 'Becker', 'Claußen', 'Dietrich', 'Ehlers', 'Fuchs', 'Günther', 'Hansen', 'Iwersen', 'Jahnke', 'Krüger', 'Lange', 'Möller', 'Nagel', 'Otto'];
    for (let i = 0; i < members; i++) {
      const personId = await insertPerson(tx, tenantId, { familyName: names[i % names.length]! + (i >= names.length ? ` ${i}` : ''), givenName: i % 2 ? 'Maria' : 'Jan', userId: o.userIds?.[i] ?? null, delivery: 'electronic', email: `person${i}@example.org`, publishContact: i === 0 }, now);
      personIds.push(personId);
      const role: MembershipRole = i === 0 ? 'chair' : i === 1 ? 'deputy_chair' : 'member';
      membershipIds.push(await insertMembership(tx, tenantId, { personId, bodyId: councilId, role, fraktionId: i % 2 ? fraktionId : null, startDate: '2024-06-09' }, now));
      if (i < 3) await insertMembership(tx, tenantId, { personId, bodyId: committeeId, role: i === 0 ? 'chair' : 'member', startDate: '2024-06-09' }, now);
    }
    const paperId = await insertPaper(tx, tenantId, { reference: 'BV/2026/001', name: 'Bebauungsplan Nr. 12 „Am Mühlenteich“ – Entwurfsbeschluss', paperType: 'beschlussvorlage', date: '2026-11-01', status: 'released', tracking: 'in_consultation', bodyText: 'Sachverhalt: Der Bauausschuss hat den Entwurf beraten.', resolutionProposal: 'Die Gemeindevertretung beschließt den Entwurf.', municipality }, now);
    const secretPaperId = await insertPaper(tx, tenantId, { reference: 'BV/2026/002', name: 'Verkauf des Flurstücks 12/3', paperType: 'beschlussvorlage', date: '2026-11-01', status: 'released', tracking: 'in_consultation', bodyText: 'Käufer: Herr Vertraulich, Kaufpreis 12.000 €.', public: false, municipality }, now);
    const meetingId = await insertMeeting(tx, tenantId, { bodyId: councilId, name: '5. Sitzung der Gemeindevertretung', startsAt: start, endsAt: new Date(start.getTime() + 3 * 3600_000), locationId }, now);
    const publicItemId = await insertAgendaItem(tx, tenantId, { meetingId, position: 0, number: 'Ö 1', name: 'Bebauungsplan Nr. 12 – Entwurfsbeschluss', public: true, paperId }, now);
    const secretItemId = await insertAgendaItem(tx, tenantId, { meetingId, position: 1, number: 'N 1', name: 'Grundstücksangelegenheit', public: false, paperId: secretPaperId }, now);
    await insertConsultation(tx, tenantId, { paperId, bodyId: committeeId, position: 0, role: 'advising' }, now);
    await insertConsultation(tx, tenantId, { paperId, bodyId: councilId, position: 1, role: 'deciding', meetingId, agendaItemId: publicItemId }, now);
    await insertConsultation(tx, tenantId, { paperId: secretPaperId, bodyId: councilId, position: 0, role: 'deciding', meetingId, agendaItemId: secretItemId }, now);
    const fileId = await insertCouncilFile(tx, tenantId, { name: 'Beschlussvorlage BV/2026/001', fileName: 'BV-2026-001 Bebauungsplan Nr 12.pdf', mime: 'application/pdf', bytes: pdf, role: 'main', paperId }, now);
    const secretFileId = await insertCouncilFile(tx, tenantId, { name: 'Beschlussvorlage BV/2026/002', fileName: 'BV-2026-002 Grundstück.pdf', mime: 'application/pdf', bytes: secretPdf, role: 'main', paperId: secretPaperId, public: false }, now);
    return { termId, councilId, committeeId, fraktionId, locationId, personIds, membershipIds, paperId, secretPaperId, meetingId, publicItemId, secretItemId, fileId, secretFileId };
  });
}
