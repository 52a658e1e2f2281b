// Routes of the Mandatsträger's area (/mandat, policy councillorPolicy): the Mandatspostfach with delivery proof on
// first retrieval, the councillor's upcoming meetings with the member view (non-public part included for bodies they
// sit in) and their meeting dates as an iCalendar file. Everything is scoped to the signed-in user's council person:
// another person's item or a meeting of a foreign body answers 404.
import { audit, fileContent, isUuid, notFound, type Ctx, type Platform, type Router } from '../../kernel/index.ts';
import { councillorPolicy, M } from './policy.ts';
import { mailboxItem, mailboxOf, markRetrieved } from './mailbox.repository.ts';
import { agendaOf, bodyById, filesOfPaper, locationById, papersByIds, personByUser, type CouncilFile, type Person } from './repository.ts';
import { meetingDetail, meetingFileFor, meetingsOfPerson, sitsInMeetingBody } from './meetings.repository.ts';
import { locationText } from './invitation.ts';
import { mandateHome, memberMeetingPage } from './mandate-views.ts';
import { sendPdf } from './meeting-routes.ts';

const BASE = '/:tenant/mandat';
const DAY = 86_400_000;

/** iCalendar text escaping (RFC 5545 3.3.11). */
const ics = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const icsTime = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function mandateRoutes(r: Router, p: Platform): void {
  const personOf = async (c: Ctx): Promise<Person | undefined> => personByUser(p.db, c.tenant!.id, c.user!.id);
  const requirePerson = async (c: Ctx): Promise<Person> => {
    const person = await personOf(c);
    if (!person) throw notFound();
    return person;
  };
  /** A meeting the councillor may see: their body on the meeting day; anything else is simply not found. */
  const memberMeeting = async (c: Ctx, person: Person) => {
    const m = isUuid(c.params.id) ? await meetingDetail(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!m || !(await sitsInMeetingBody(p.db, c.tenant!.id, person.id, m.id))) throw notFound();
    return m;
  };

  r.route({
    method: 'GET',
    url: BASE,
    policy: councillorPolicy,
    module: M,
    handler: async (c) => {
      const person = await personOf(c);
      if (!person) return mandateHome(c, { person: undefined, items: [], meetings: [] });
      const [items, meetings] = await Promise.all([mailboxOf(p.db, c.tenant!.id, person.id), meetingsOfPerson(p.db, c.tenant!.id, person.id, { from: c.now })]);
      return mandateHome(c, { person, items, meetings });
    },
  });

  r.route({
    method: 'GET',
    url: `${BASE}/postfach/:id`,
    policy: councillorPolicy,
    module: M,
    handler: async (c) => {
      const tenantId = c.tenant!.id;
      const person = await requirePerson(c);
      const item = isUuid(c.params.id) ? await mailboxItem(p.db, tenantId, c.params.id) : undefined;
      // Someone else's item is as unknown as a missing one.
      if (!item || item.personId !== person.id || !item.storedFileId) throw notFound();
      const f = await fileContent(p.db, tenantId, item.storedFileId);
      if (!f) throw notFound();
      await p.db.transaction(async (tx) => {
        await markRetrieved(tx, tenantId, item.id, c.now);
        // The first retrieval is the proof of delivery; later ones are only counted.
        if (!item.openedAt) {
          await audit(tx, { tenantId, actorId: c.user!.id, actorKind: 'staff', action: 'council.mailbox_opened', objectType: 'council_mailbox', objectId: item.id, details: { kind: item.kind } }, c.now);
        }
      });
      sendPdf(c, f.name, f.content);
    },
  });

  r.route({
    method: 'GET',
    url: `${BASE}/sitzungen/:id`,
    policy: councillorPolicy,
    module: M,
    handler: async (c) => {
      const tenantId = c.tenant!.id;
      const person = await requirePerson(c);
      const m = await memberMeeting(c, person);
      const [body, location, agenda, items] = await Promise.all([
        bodyById(p.db, tenantId, m.bodyId),
        m.locationId ? locationById(p.db, tenantId, m.locationId) : Promise.resolve(undefined),
        agendaOf(p.db, tenantId, m.id),
        mailboxOf(p.db, tenantId, person.id),
      ]);
      if (!body) throw notFound();
      const paperIds = [...new Set(agenda.map((a) => a.paperId).filter((x): x is string => !!x))];
      const papers = new Map((await papersByIds(p.db, tenantId, paperIds)).map((x) => [x.id, x]));
      const files = new Map<string, CouncilFile[]>();
      for (const id of paperIds) files.set(id, await filesOfPaper(p.db, tenantId, id));
      return memberMeetingPage(c, { meeting: m, body, location, agenda, papers, files, items: items.filter((i) => i.meetingId === m.id) });
    },
  });

  r.route({
    method: 'GET',
    url: `${BASE}/sitzungen/:id/dateien/:fileId`,
    policy: councillorPolicy,
    module: M,
    handler: async (c) => {
      const tenantId = c.tenant!.id;
      const person = await requirePerson(c);
      const m = await memberMeeting(c, person);
      const f = isUuid(c.params.fileId) ? await meetingFileFor(p.db, tenantId, m.id, c.params.fileId) : undefined;
      const content = f ? await fileContent(p.db, tenantId, f.storedFileId) : undefined;
      if (!f || !content) throw notFound();
      sendPdf(c, f.fileName, content.content);
    },
  });

  r.route({
    method: 'GET',
    url: `${BASE}/termine.ics`,
    policy: councillorPolicy,
    module: M,
    handler: async (c) => {
      const tenantId = c.tenant!.id;
      const person = await requirePerson(c);
      const meetings = await meetingsOfPerson(p.db, tenantId, person.id, { from: new Date(c.now.getTime() - 30 * DAY), limit: 200 });
      const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Amtsstube//Sitzungsdienst//DE', 'CALSCALE:GREGORIAN', `X-WR-CALNAME:${ics('Meine Sitzungen')}`];
      for (const m of meetings) {
        const loc = m.locationId ? await locationById(p.db, tenantId, m.locationId) : undefined;
        lines.push(
          'BEGIN:VEVENT',
          `UID:${m.id}@${c.tenant!.slug}.amtsstube`,
          `DTSTAMP:${icsTime(m.modifiedAt)}`,
          `DTSTART:${icsTime(m.startsAt)}`,
          `DTEND:${icsTime(m.endsAt)}`,
          `SUMMARY:${ics(m.name)}`,
          `LOCATION:${ics(locationText(loc))}`,
          `STATUS:${m.state === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
          'END:VEVENT',
        );
      }
      lines.push('END:VCALENDAR');
      c.reply.header('Content-Disposition', 'attachment; filename="sitzungen.ics"');
      void c.reply.type('text/calendar; charset=utf-8').send(lines.join('\r\n') + '\r\n');
    },
  });
}
