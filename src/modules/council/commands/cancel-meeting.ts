import { audit, renderLetter, storeFile, type Db, type Tenant } from '../../../kernel/index.ts';
import { consultationsOfMeeting, personsByIds, scheduleConsultation, touch } from '../repository.ts';
import { deliveriesOf, insertDelivery, lockMeeting, markCancelled, meetingDetail } from '../meetings.repository.ts';
import { cancellationFileName, cancellationLetter, loadInvitationSource } from '../invitation.ts';
import { deliverToMandate } from './deliver-to-mandate.ts';

export type CancelResult = { ok: true; notices: number } | { ok: false; reason: 'not_found' | 'closed' | 'stale' };

class Abort extends Error {
  constructor(readonly reason: 'closed' | 'stale') {
    super(reason);
  }
}

/**
 * Cancels a planned or invited meeting with a reason. Everyone who was sent the invitation gets a cancellation notice
 * the same way (Mandatspostfach once per person, or the print list); the papers' consultation steps are unscheduled so
 * they can go on another agenda. All in one transaction; `stand` guards against stale forms and double clicks.
 */
export async function cancelMeeting(db: Db, o: { tenant: Tenant; baseUrl: string; actorId: string; meetingId: string; reason: string; stand: number | undefined; now: Date }): Promise<CancelResult> {
  const tenantId = o.tenant.id;
  const meeting = await meetingDetail(db, tenantId, o.meetingId);
  if (!meeting) return { ok: false, reason: 'not_found' };
  if (meeting.state !== 'planned' && meeting.state !== 'invited') return { ok: false, reason: 'closed' };
  if (o.stand === undefined || meeting.modifiedAt.getTime() !== o.stand) return { ok: false, reason: 'stale' };

  // One notice per person who received any version of the invitation, by the channel it went.
  const sent = new Map<string, { channel: 'electronic' | 'paper' }>();
  for (const d of await deliveriesOf(db, tenantId, meeting.id, { kind: 'invitation' })) sent.set(d.personId, { channel: d.channel });
  const persons = new Map((await personsByIds(db, tenantId, [...sent.keys()])).filter((p) => !p.deletedAt).map((p) => [p.id, p]));
  const source = sent.size ? await loadInvitationSource(db, o.tenant, meeting) : undefined;
  const letter = source ? await renderLetter(cancellationLetter({ ...source, meeting }, { reason: o.reason, at: o.now, invitedOn: meeting.dispatchedAt })) : undefined;
  const fileName = source ? cancellationFileName(source.body, meeting) : '';

  try {
    return await db.transaction(async (tx) => {
      const locked = await lockMeeting(tx, tenantId, meeting.id);
      if (!locked || locked.modifiedAt.getTime() !== meeting.modifiedAt.getTime()) throw new Abort('stale');
      if (!(await markCancelled(tx, tenantId, meeting.id, o.reason, o.now))) throw new Abort('closed');
      let notices = 0;
      const stored = letter ? await storeFile(tx, { tenantId, name: fileName, mime: 'application/pdf', bytes: letter, now: o.now }) : undefined;
      for (const [personId, s] of sent) {
        if (!persons.has(personId) || !letter || !stored) continue;
        let mailboxId: string | null = null;
        if (s.channel === 'electronic') {
          const r = await deliverToMandate(tx, {
            tenantId,
            tenantSlug: o.tenant.slug,
            baseUrl: o.baseUrl,
            personId,
            kind: 'notice',
            subject: `Absage: ${meeting.name}`,
            meetingId: meeting.id,
            file: { name: fileName, bytes: letter },
            dedupeKey: `cancellation:${meeting.id}:${personId}`,
            actorId: o.actorId,
            now: o.now,
          });
          if (!r.fresh) continue;
          mailboxId = r.id;
        }
        if (await insertDelivery(tx, tenantId, { meetingId: meeting.id, personId, kind: 'cancellation', version: 1, copy: false, channel: s.channel, mailboxId, documentFileId: stored.id, createdAt: o.now })) notices++;
      }
      const papers = new Set<string>();
      for (const c of await consultationsOfMeeting(tx, tenantId, meeting.id)) {
        await scheduleConsultation(tx, tenantId, c.id, { meetingId: null, agendaItemId: null }, o.now);
        papers.add(c.paperId);
      }
      await touch(tx, 'paper', tenantId, [...papers], o.now);
      await audit(tx, { tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.meeting_cancelled', objectType: 'council_meeting', objectId: meeting.id, details: { wasInvited: meeting.state === 'invited', notices } }, o.now);
      return { ok: true as const, notices };
    });
  } catch (e) {
    if (e instanceof Abort) return { ok: false, reason: e.reason };
    throw e;
  }
}
