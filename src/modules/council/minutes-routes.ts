// Routes of the minutes (Niederschrift) for the council office, under /{slug}/verwaltung/sitzungsdienst/sitzungen/{id}/
// protokoll: attendance, per agenda item exclusions, quorum and vote, approval and release, the PDF. Thin: load →
// validate → transaction → one command → page or redirect. Other tenants' ids answer 404.
import { alert, isUuid, notFound, str, type Ctx, type FieldErrors, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { councilOfficePolicy, M } from './policy.ts';
import { loadMinutes, type ItemMinutes, type MinutesData } from './minutes-data.ts';
import { parseApprovalForm, parseAttendanceForm, parseExclusionForm, parseVoteForm } from './minutes-schema.ts';
import { attachmentHeader, attendanceFormOf, attendancePage, exclusionFormOf, itemPage, minutesPath, overviewPage, voteFormOf, type ItemView } from './minutes-views.ts';
import { recordAttendance, type MinutesRefusal } from './commands/record-attendance.ts';
import { recordExclusions } from './commands/record-exclusion.ts';
import { recordVote, type VoteDecision, type VoteRefusal } from './commands/record-vote.ts';
import { approveMinutes, type ApproveRefusal } from './commands/approve-minutes.ts';
import { releaseMinutes, type ReleaseRefusal } from './commands/release-minutes.ts';
import { renderMinutesPdf } from './minutes-pdf.ts';
import { berlinDay } from './deadlines.ts';

const BASE = '/:tenant/verwaltung/sitzungsdienst/sitzungen/:id/protokoll';

const REFUSALS: Record<Exclude<MinutesRefusal | VoteRefusal | ApproveRefusal | ReleaseRefusal, 'not_found'>, { status: number; text: string }> = {
  cancelled: { status: 409, text: 'Die Sitzung ist abgesagt. Für sie wird keine Niederschrift geführt. Es wurde nichts gespeichert.' },
  not_started: { status: 409, text: 'Die Sitzung hat noch nicht begonnen. Die Anwesenheit kann erst ab Beginn der Sitzung erfasst werden. Es wurde nichts gespeichert.' },
  locked: { status: 409, text: 'Die Niederschrift ist bereits genehmigt. Anwesenheit, Ausschlüsse und Abstimmungen können nicht mehr geändert werden. Es wurde nichts gespeichert.' },
  no_attendance: { status: 409, text: 'Bitte erfassen Sie zuerst die Anwesenheit. Es wurde nichts gespeichert.' },
  not_quorate: { status: 422, text: 'Das Gremium ist bei diesem Tagesordnungspunkt nicht beschlussfähig. Die Abstimmung wurde nicht gespeichert.' },
  quorate: { status: 422, text: 'Das Gremium ist bei diesem Tagesordnungspunkt beschlussfähig. Eine Vertagung wegen Beschlussunfähigkeit kann nicht vermerkt werden. Es wurde nichts gespeichert.' },
  count: { status: 422, text: 'Die Stimmen passen nicht zu den anwesenden Mitgliedern. Es wurde nichts gespeichert.' },
  inconsistent: { status: 409, text: 'Die Beschlussfähigkeit kann nicht festgestellt werden: Es sind mehr Mitglieder erfasst als die gesetzliche Mitgliederzahl. Bitte prüfen Sie die Anwesenheit. Es wurde nichts gespeichert.' },
  stale: { status: 409, text: 'Einige erfasste Ergebnisse passen nicht mehr zur Anwesenheit oder zu den Ausschlüssen. Bitte erfassen Sie sie erneut. Die Niederschrift wurde nicht genehmigt.' },
  not_approved: { status: 409, text: 'Die Niederschrift muss zuerst genehmigt werden. Es wurde nichts veröffentlicht.' },
  released: { status: 409, text: 'Die Niederschrift ist bereits veröffentlicht.' },
};

const danger = (text: string) => alert('danger', text);

export function minutesRoutes(r: Router, p: Platform): void {
  /** The minutes of a meeting of this tenant; 404 for anything else. */
  async function load(c: Ctx): Promise<MinutesData> {
    const d = isUuid(c.params.id) ? await loadMinutes(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!d) throw notFound();
    return d;
  }
  function itemOf(c: Ctx, d: MinutesData): ItemMinutes {
    const it = isUuid(c.params.itemId) ? d.items.find((i) => i.item.id === c.params.itemId) : undefined;
    if (!it) throw notFound();
    return it;
  }
  const refusal = (c: Ctx, reason: keyof typeof REFUSALS, extra?: string): SafeHtml => {
    const r = REFUSALS[reason];
    c.reply.code(r.status);
    return danger(extra ? `${r.text} ${extra}` : r.text);
  };
  const itemView = (it: ItemMinutes, v: Partial<ItemView> = {}): ItemView => ({ exclusion: exclusionFormOf(it), vote: voteFormOf(it), ...v });
  const actor = (c: Ctx) => ({ tenantId: c.tenant!.id, actorId: c.user!.id, now: c.now });

  // Overview: state, items with quorum and results, approval and release.
  r.route({
    method: 'GET',
    url: BASE,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => overviewPage(c, await load(c), { approval: { approvedOn: berlinDay(c.now), note: '' } }),
  });

  // Attendance
  const attendanceContext = (d: MinutesData) => ({
    meetingId: d.meeting.id,
    day: d.day,
    items: d.items.map((i) => ({ position: i.item.position, number: i.item.number })),
    members: d.members.map((m) => ({ personId: m.personId, name: m.name, seat: m.seat })),
    deputies: d.deputies.map((x) => ({ personId: x.personId, name: x.name, deputyOf: x.deputyOf })),
  });
  r.route({
    method: 'GET',
    url: `${BASE}/anwesenheit`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const d = await load(c);
      return attendancePage(c, d, { form: attendanceFormOf(d) });
    },
  });
  r.route({
    method: 'POST',
    url: `${BASE}/anwesenheit`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const d = await load(c);
      const { form, errors, data } = parseAttendanceForm(c.body, attendanceContext(d));
      if (!data) {
        c.reply.code(422);
        return attendancePage(c, d, { form, errors });
      }
      const res = await p.db.transaction((tx) => recordAttendance(tx, { ...actor(c), meetingId: d.meeting.id, ...data }));
      if (!res.ok) {
        if (res.reason === 'not_found') throw notFound();
        const notice = refusal(c, res.reason);
        return attendancePage(c, (await loadMinutes(p.db, c.tenant!.id, d.meeting.id)) ?? d, { form, notice });
      }
      c.redirect(minutesPath(c, d.meeting.id), res.held ? 'council.minutes.attendanceSavedHeld' : 'council.minutes.attendanceSaved');
    },
  });

  // Agenda item: roll, exclusions, quorum, vote
  r.route({
    method: 'GET',
    url: `${BASE}/top/:itemId`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const d = await load(c);
      const it = itemOf(c, d);
      return itemPage(c, d, it, itemView(it));
    },
  });
  r.route({
    method: 'POST',
    url: `${BASE}/top/:itemId/ausschluesse`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const d = await load(c);
      const it = itemOf(c, d);
      const { form, errors, data } = parseExclusionForm(c.body, it.candidates);
      if (!data) {
        c.reply.code(422);
        return itemPage(c, d, it, itemView(it, { exclusion: form, exclusionErrors: errors }));
      }
      const res = await p.db.transaction((tx) => recordExclusions(tx, { ...actor(c), meetingId: d.meeting.id, agendaItemId: it.item.id, ...data }));
      if (!res.ok) {
        if (res.reason === 'not_found') throw notFound();
        return itemPage(c, d, it, itemView(it, { exclusion: form, notice: refusal(c, res.reason) }));
      }
      c.redirect(`${minutesPath(c, d.meeting.id)}/top/${it.item.id}`, 'council.minutes.exclusionsSaved');
    },
  });
  const decide = async (c: Ctx, kind: VoteDecision['kind']) => {
    const d = await load(c);
    const it = itemOf(c, d);
    let decision: VoteDecision = { kind: 'deferred' };
    let voteForm = voteFormOf(it);
    if (kind === 'vote') {
      const parsed = parseVoteForm(c.body);
      voteForm = parsed.form;
      if (!parsed.data) {
        c.reply.code(422);
        return itemPage(c, d, it, itemView(it, { vote: voteForm, voteErrors: parsed.errors }));
      }
      decision = { kind: 'vote', ...parsed.data };
    }
    const res = await p.db.transaction((tx) => recordVote(tx, { ...actor(c), meetingId: d.meeting.id, agendaItemId: it.item.id, decision, now: c.now }));
    if (!res.ok) {
      if (res.reason === 'not_found') throw notFound();
      if (res.reason === 'count') {
        c.reply.code(422);
        const voteErrors: FieldErrors = { ja: res.message ?? REFUSALS.count.text };
        return itemPage(c, d, it, itemView(it, { vote: voteForm, voteErrors, notice: danger(`${res.message ?? ''} Es wurde nichts gespeichert.`) }));
      }
      const notice = refusal(c, res.reason, res.reason === 'not_quorate' ? res.message : undefined);
      return itemPage(c, d, it, itemView(it, { vote: voteForm, notice }));
    }
    c.redirect(`${minutesPath(c, d.meeting.id)}/top/${it.item.id}`, res.outcome === 'deferred' ? 'council.minutes.deferred' : 'council.minutes.voteSaved');
  };
  r.route({ method: 'POST', url: `${BASE}/top/:itemId/abstimmung`, policy: councilOfficePolicy, module: M, handler: (c) => decide(c, 'vote') });
  r.route({ method: 'POST', url: `${BASE}/top/:itemId/vertagung`, policy: councilOfficePolicy, module: M, handler: (c) => decide(c, 'deferred') });

  // Approval ("Niederschrift genehmigt am …") and release
  r.route({
    method: 'POST',
    url: `${BASE}/genehmigen`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const d = await load(c);
      const { form, errors, data } = parseApprovalForm(c.body, { meetingDay: d.day, today: berlinDay(c.now) });
      if (!data) {
        c.reply.code(422);
        return overviewPage(c, d, { approval: form, errors });
      }
      const res = await p.db.transaction((tx) => approveMinutes(tx, { ...actor(c), meetingId: d.meeting.id, ...data }));
      if (!res.ok) {
        if (res.reason === 'not_found') throw notFound();
        const notice = refusal(c, res.reason, res.items?.length ? `Betroffen: ${res.items.join(', ')}.` : undefined);
        return overviewPage(c, d, { approval: form, notice });
      }
      c.redirect(minutesPath(c, d.meeting.id), 'council.minutes.approved');
    },
  });
  r.route({
    method: 'POST',
    url: `${BASE}/freigeben`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const d = await load(c);
      const res = await releaseMinutes(p.db, { tenant: c.tenant!, baseUrl: p.config.baseUrl, actorId: c.user!.id, meetingId: d.meeting.id, now: c.now });
      if (!res.ok) {
        if (res.reason === 'not_found') throw notFound();
        const notice = refusal(c, res.reason);
        return overviewPage(c, (await loadMinutes(p.db, c.tenant!.id, d.meeting.id)) ?? d, { approval: { approvedOn: berlinDay(c.now), note: '' }, notice });
      }
      c.redirect(minutesPath(c, d.meeting.id), 'council.minutes.released');
    },
  });

  // The minutes as PDF (preview for the council office at any stage): full or public variant.
  r.route({
    method: 'GET',
    url: `${BASE}/niederschrift.pdf`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const d = await load(c);
      const variant = str(c.query as Record<string, unknown>, 'fassung', 20) === 'oeffentlich' ? 'public' : 'full';
      const pdf = await renderMinutesPdf(p.db, c.tenant!, d, variant);
      c.reply.header('Content-Disposition', attachmentHeader(`Niederschrift ${d.day}${variant === 'public' ? ' oeffentlich' : ' vollstaendig'}.pdf`));
      c.reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
      return void c.reply.type('application/pdf').send(pdf);
    },
  });
}
