import { audit, type Db, type Tenant } from '../../../kernel/index.ts';
import { lockMeetingForMinutes, saveMinutesRelease, setMinutesState } from '../minutes.repository.ts';
import { loadMinutes } from '../minutes-data.ts';
import { minutesText, renderMinutesPdf } from '../minutes-pdf.ts';
import { insertCouncilFile, touch } from '../repository.ts';
import { deliverToMandate } from './deliver-to-mandate.ts';

export type ReleaseRefusal = 'not_found' | 'not_approved' | 'released';

/**
 * Releases approved minutes: the public variant becomes a public council file (role `minutes`) of the meeting, the
 * full variant (with the non-public part) a non-public one, and every member of the body (and every deputy who sat
 * in) gets the full variant in the Mandatspostfach, once per person (`minutes:{meetingId}:{personId}`). The meeting's
 * minutes_state becomes `released`, which is what lets the publication guard show minutes and results. The PDFs are
 * rendered before the transaction (the approved minutes cannot change any more; the state is checked again inside).
 */
export async function releaseMinutes(
  db: Db,
  o: { tenant: Tenant; baseUrl: string; actorId: string; meetingId: string; now: Date },
): Promise<{ ok: true; delivered: number; publicFileId: string } | { ok: false; reason: ReleaseRefusal }> {
  const tenantId = o.tenant.id;
  const data = await loadMinutes(db, tenantId, o.meetingId);
  if (!data) return { ok: false, reason: 'not_found' };
  if (data.meeting.minutesState === 'released') return { ok: false, reason: 'released' };
  if (data.meeting.minutesState !== 'approved') return { ok: false, reason: 'not_approved' };
  const [publicPdf, fullPdf] = await Promise.all([renderMinutesPdf(db, o.tenant, data, 'public'), renderMinutesPdf(db, o.tenant, data, 'full')]);
  const short = (data.body.shortName ?? data.body.name).replace(/[^\p{L}\p{N} -]/gu, '').slice(0, 60);
  const recipients = [...new Set([...data.members.map((m) => m.personId), ...data.deputies.map((x) => x.personId), ...data.attendance.filter((a) => a.status === 'present').map((a) => a.personId)])].filter(
    (id) => data.persons.has(id) && !data.persons.get(id)!.deletedAt,
  );
  const subject = `Niederschrift: ${data.meeting.name} am ${data.day.split('-').reverse().join('.')}`.slice(0, 300);
  return db.transaction(async (tx) => {
    const m = await lockMeetingForMinutes(tx, tenantId, o.meetingId);
    if (!m) return { ok: false, reason: 'not_found' } as const;
    if (m.minutesState === 'released') return { ok: false, reason: 'released' } as const;
    if (m.minutesState !== 'approved') return { ok: false, reason: 'not_approved' } as const;
    const publicFileId = await insertCouncilFile(
      tx,
      tenantId,
      { name: 'Niederschrift (öffentlicher Teil)', fileName: `Niederschrift ${short} ${data.day}.pdf`, mime: 'application/pdf', bytes: publicPdf, role: 'minutes', meetingId: m.id, public: true, textContent: minutesText(data, 'public') },
      o.now,
    );
    const fullFileId = await insertCouncilFile(
      tx,
      tenantId,
      { name: 'Niederschrift (vollständig, mit nichtöffentlichem Teil)', fileName: `Niederschrift ${short} ${data.day} vollstaendig.pdf`, mime: 'application/pdf', bytes: fullPdf, role: 'minutes', meetingId: m.id, position: 1, public: false },
      o.now,
    );
    let delivered = 0;
    for (const personId of recipients) {
      const r = await deliverToMandate(tx, {
        tenantId,
        tenantSlug: o.tenant.slug,
        baseUrl: o.baseUrl,
        personId,
        kind: 'minutes',
        subject,
        meetingId: m.id,
        file: { name: `Niederschrift ${short} ${data.day}.pdf`, bytes: fullPdf },
        dedupeKey: `minutes:${m.id}:${personId}`,
        actorId: o.actorId,
        now: o.now,
      });
      if (r.fresh) delivered++;
    }
    await setMinutesState(tx, tenantId, m.id, { from: ['approved'], to: 'released' }, o.now);
    await saveMinutesRelease(tx, tenantId, m.id, o.actorId, o.now);
    // Results and resolution texts of the public items become visible now: OParl clients must fetch them again.
    await touch(tx, 'agendaItem', tenantId, data.items.map((i) => i.item.id), o.now);
    await touch(tx, 'meeting', tenantId, [m.id], o.now);
    await audit(
      tx,
      { tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.minutes_released', objectType: 'council_meeting', objectId: m.id, details: { publicFileId, fullFileId, delivered } },
      o.now,
    );
    return { ok: true, delivered, publicFileId } as const;
  });
}
