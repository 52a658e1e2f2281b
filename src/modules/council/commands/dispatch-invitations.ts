import { audit, formatDate, MAX_FILE_BYTES, storeFile, type Db, type Queryable, type Tenant } from '../../../kernel/index.ts';
import { checkDispatch, isDispatchOnTime } from '../deadlines.ts';
import { councilSettings, insertCouncilFile, membershipsOfBody, personsByIds, type MembershipRole, type Person } from '../repository.ts';
import { insertDelivery, insertInvitation, invitationsOf, lockMeeting, markInvited, markPosted, meetingDetail, retireInvitationFiles, type Invitation, type MeetingDetail } from '../meetings.repository.ts';
import { berlinWallClock } from '../meeting-schema.ts';
import { buildInvitation, loadInvitationSource, type BuiltInvitation } from '../invitation.ts';
import { deliverToMandate } from './deliver-to-mandate.ts';

/** Roles that are invited; deputies (Stellvertreter) get a copy "zur Kenntnis". */
const INVITED: readonly MembershipRole[] = ['chair', 'deputy_chair', 'member', 'advisory', 'fraktion_chair'];

export interface Recipient {
  person: Person;
  /** A deputy's copy "zur Kenntnis" instead of an invitation. */
  copy: boolean;
  /** Electronic only with a login for the Mandatspostfach; otherwise the member is invited on paper (§ 29 KV M-V). */
  channel: 'electronic' | 'paper';
}

/** Who receives the invitation: every membership of the body running on the meeting day; one entry per person. */
export async function recipientsOf(db: Queryable, tenantId: string, meeting: Pick<MeetingDetail, 'bodyId' | 'startsAt'>): Promise<Recipient[]> {
  const memberships = await membershipsOfBody(db, tenantId, meeting.bodyId, { on: berlinWallClock(meeting.startsAt).day });
  const invited = new Set(memberships.filter((m) => INVITED.includes(m.role)).map((m) => m.personId));
  const ids = [...new Set(memberships.map((m) => m.personId))];
  const persons = (await personsByIds(db, tenantId, ids)).filter((p) => !p.deletedAt);
  return persons
    .map((person) => ({ person, copy: !invited.has(person.id), channel: person.delivery === 'electronic' && person.userId ? ('electronic' as const) : ('paper' as const) }))
    .sort((a, b) => Number(a.copy) - Number(b.copy) || a.person.familyName.localeCompare(b.person.familyName, 'de') || a.person.givenName.localeCompare(b.person.givenName, 'de'));
}

/** Where the meeting stands with its invitation: the next version to send, or why none can be sent. */
export function nextDispatch(meeting: Pick<MeetingDetail, 'state' | 'modifiedAt'>, invitations: readonly Invitation[]): { version: number } | { blocked: 'closed' | 'unchanged' } {
  const last = invitations.at(-1);
  if (meeting.state === 'held' || meeting.state === 'cancelled') return { blocked: 'closed' };
  if (meeting.state === 'invited' && last && meeting.modifiedAt.getTime() <= last.dispatchedAt.getTime()) return { blocked: 'unchanged' };
  return { version: (last?.version ?? 0) + 1 };
}

export type DispatchResult =
  | { ok: true; version: number; members: number; copies: number; electronic: number; paper: number; skipped: string[] }
  | { ok: false; reason: 'not_found' | 'closed' | 'unchanged' | 'version' | 'stale' | 'no_members' | 'too_large' }
  | { ok: false; reason: 'late'; field: 'urgent' | 'urgencyReason'; message: string };

class Abort extends Error {
  constructor(readonly reason: 'version' | 'stale') {
    super(reason);
  }
}

/**
 * Sends the invitation (version 1) or a Nachtrag (version 2…, after the agenda or plan changed). The notice period is
 * checked against the tenant's rule first: a late dispatch is refused with the engine's message unless it is an
 * urgent session with a reason and the urgent period is kept. The bundles are built before the transaction; inside it
 * the meeting is locked and must be unchanged, then – all or nothing – the public invitation file, the member file,
 * one Mandatspostfach item per electronic recipient (dedupe key per meeting, person and version), one print-list entry
 * per paper recipient, the state "invited" and the audit record. `version` is the version the form offered: a
 * repeated POST finds it taken and changes nothing; `stand` (the meeting's modified_at in ms when the form was shown)
 * makes sure what is sent is what the council office saw.
 */
export async function dispatchInvitations(
  db: Db,
  o: { tenant: Tenant; baseUrl: string; actorId: string; meetingId: string; version: number | undefined; stand: number | undefined; urgent: boolean; urgencyReason: string; now: Date },
): Promise<DispatchResult> {
  const tenantId = o.tenant.id;
  const meeting = await meetingDetail(db, tenantId, o.meetingId);
  if (!meeting) return { ok: false, reason: 'not_found' };
  const next = nextDispatch(meeting, await invitationsOf(db, tenantId, meeting.id));
  if ('blocked' in next) return { ok: false, reason: next.blocked };
  if (o.version !== next.version) return { ok: false, reason: 'version' };
  if (o.stand !== meeting.modifiedAt.getTime()) return { ok: false, reason: 'stale' };

  const { noticeRule } = await councilSettings(db, tenantId);
  const check = checkDispatch(noticeRule, { dispatchAt: o.now, meetingStart: meeting.startsAt, urgent: o.urgent, urgencyReason: o.urgencyReason });
  if (!check.ok) return { ok: false, reason: 'late', field: check.reason === 'urgency_reason_missing' ? 'urgencyReason' : 'urgent', message: check.message };
  // Urgency is recorded only where it was needed: on time, the regular period applies.
  const urgent = o.urgent && !isDispatchOnTime(noticeRule, o.now, meeting.startsAt, false).onTime;
  const urgencyReason = urgent ? o.urgencyReason : null;

  const recipients = await recipientsOf(db, tenantId, meeting);
  if (!recipients.some((r) => !r.copy)) return { ok: false, reason: 'no_members' };

  const source = await loadInvitationSource(db, o.tenant, meeting);
  const d = { version: next.version, at: o.now, urgent: urgent || meeting.urgent, urgencyReason: urgencyReason ?? meeting.urgencyReason };
  const cache = new Map<string, Buffer>();
  const member = await buildInvitation(db, source, 'member', d, { cache });
  const pub = await buildInvitation(db, source, 'public', d, { cache });
  const copy: BuiltInvitation | undefined = recipients.some((r) => r.copy) ? await buildInvitation(db, source, 'member', d, { copy: true, cache }) : undefined;
  // The file store takes at most MAX_FILE_BYTES per file: better a clear refusal than a half-built dispatch.
  if ([member, pub, copy].some((b) => b && b.pdf.length > MAX_FILE_BYTES)) return { ok: false, reason: 'too_large' };
  const subject = `${d.version > 1 ? `Nachtrag ${d.version - 1} zur Einladung` : 'Einladung'}: ${meeting.name} am ${formatDate(meeting.startsAt)}`;

  try {
    return await db.transaction(async (tx) => {
      const locked = await lockMeeting(tx, tenantId, meeting.id);
      if (!locked || locked.state !== meeting.state || locked.modifiedAt.getTime() !== meeting.modifiedAt.getTime()) throw new Abort('stale');
      const memberFile = await storeFile(tx, { tenantId, name: member.fileName, mime: 'application/pdf', bytes: member.pdf, now: o.now });
      const copyFile = copy ? await storeFile(tx, { tenantId, name: copy.fileName, mime: 'application/pdf', bytes: copy.pdf, now: o.now }) : undefined;
      const publicFileId = await insertCouncilFile(
        tx,
        tenantId,
        { name: d.version > 1 ? `Einladung (Nachtrag ${d.version - 1})` : 'Einladung', fileName: pub.fileName, mime: 'application/pdf', bytes: pub.pdf, role: 'invitation', meetingId: meeting.id, position: d.version, public: true },
        o.now,
      );
      await retireInvitationFiles(tx, tenantId, meeting.id, publicFileId, o.now);
      const counts = { members: 0, copies: 0, electronic: 0, paper: 0 };
      for (const r of recipients) {
        counts[r.copy ? 'copies' : 'members']++;
        counts[r.channel]++;
      }
      const invitationId = await insertInvitation(tx, tenantId, {
        meetingId: meeting.id,
        version: d.version,
        dispatchedAt: o.now,
        dispatchedBy: o.actorId,
        urgent: d.urgent,
        urgencyReason: d.urgencyReason,
        memberFileId: memberFile.id,
        publicFileId,
        ...counts,
      });
      if (!invitationId) throw new Abort('version');
      for (const r of recipients) {
        let mailboxId: string | null = null;
        const documentFileId = r.copy ? copyFile!.id : memberFile.id;
        if (r.channel === 'electronic') {
          const delivered = await deliverToMandate(tx, {
            tenantId,
            tenantSlug: o.tenant.slug,
            baseUrl: o.baseUrl,
            personId: r.person.id,
            kind: 'invitation',
            subject: r.copy ? `Zur Kenntnis – ${subject}` : subject,
            meetingId: meeting.id,
            // Stored once above for all members; every mailbox item points at the same bytes.
            storedFileId: documentFileId,
            dedupeKey: `invitation:${meeting.id}:${r.person.id}:${d.version}`,
            actorId: o.actorId,
            now: o.now,
          });
          // The version row above is new, so a delivery under its key can only exist from a concurrent dispatch.
          if (!delivered.fresh) throw new Abort('version');
          mailboxId = delivered.id;
        }
        if (!(await insertDelivery(tx, tenantId, { meetingId: meeting.id, personId: r.person.id, kind: 'invitation', version: d.version, copy: r.copy, channel: r.channel, mailboxId, documentFileId, createdAt: o.now }))) {
          throw new Abort('version');
        }
      }
      if (!(await markInvited(tx, tenantId, meeting.id, { urgent: d.urgent, urgencyReason: d.urgencyReason, from: [meeting.state] }, o.now))) throw new Abort('stale');
      await audit(tx, { tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.invitation_dispatched', objectType: 'council_meeting', objectId: meeting.id, details: { version: d.version, urgent: d.urgent, ...counts } }, o.now);
      return { ok: true as const, version: d.version, ...counts, skipped: member.skipped };
    });
  } catch (e) {
    if (e instanceof Abort) return { ok: false, reason: e.reason };
    throw e;
  }
}

/** Records the day paper letters of a meeting were handed to the post (only letters still unposted change). */
export async function markPaperPosted(db: Db, o: { tenantId: string; actorId: string; meetingId: string; ids: readonly string[]; day: string; now: Date }): Promise<{ ok: true; posted: number } | { ok: false; reason: 'future' }> {
  if (o.day > berlinWallClock(o.now).day) return { ok: false, reason: 'future' };
  return db.transaction(async (tx) => {
    const posted = await markPosted(tx, o.tenantId, o.meetingId, o.ids, o.day, o.actorId);
    if (posted > 0) {
      await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.paper_mail_posted', objectType: 'council_meeting', objectId: o.meetingId, details: { letters: posted, day: o.day } }, o.now);
    }
    return { ok: true as const, posted };
  });
}
