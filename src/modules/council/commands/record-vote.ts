import { audit, type Tx } from '../../../kernel/index.ts';
import { lockMeetingForMinutes, saveVote, type VoteOutcome } from '../minutes.repository.ts';
import { loadMinutes } from '../minutes-data.ts';
import { checkVote } from '../quorum.ts';
import { resultText } from '../minutes-roll.ts';
import { setAgendaResult, setPaperTracking, touch, type PaperTracking } from '../repository.ts';
import { minutesEditable, type MinutesRefusal } from './record-attendance.ts';

export type VoteDecision = { kind: 'vote'; unanimous: boolean; yes: number; no: number; abstain: number; resolutionText: string } | { kind: 'deferred' };

export type VoteRefusal = MinutesRefusal | 'not_quorate' | 'quorate' | 'count' | 'inconsistent';

/**
 * Records the outcome of one agenda item: a counted or unanimous vote (only when the body is quorate for this item,
 * and only with no more votes than voting members present and not excluded, see `checkVote`), or "vertagt –
 * Beschlussunfähigkeit" (only when it is not). Writes the agenda item's result and resolution text (OParl), and on
 * the paper's deciding consultation the paper's tracking (resolved/rejected). Recording again replaces the earlier
 * outcome (audited as a replacement); refused once the minutes are approved.
 */
export async function recordVote(
  tx: Tx,
  o: { tenantId: string; actorId: string; meetingId: string; agendaItemId: string; decision: VoteDecision; now: Date },
): Promise<{ ok: true; outcome: VoteOutcome; result: string } | { ok: false; reason: VoteRefusal; message?: string }> {
  const m = await lockMeetingForMinutes(tx, o.tenantId, o.meetingId);
  if (!m) return { ok: false, reason: 'not_found' };
  const data = await loadMinutes(tx, o.tenantId, o.meetingId);
  const it = data?.items.find((x) => x.item.id === o.agendaItemId);
  if (!data || !it) return { ok: false, reason: 'not_found' };
  const refusal = minutesEditable(m, o.now);
  if (refusal) return { ok: false, reason: refusal };
  if (m.minutesState === 'none') return { ok: false, reason: 'no_attendance' };
  const q = it.quorum;
  if (!q) return { ok: false, reason: 'inconsistent' };
  const d = o.decision;
  let outcome: VoteOutcome;
  let counts = { yes: null as number | null, no: null as number | null, abstain: null as number | null, unanimous: false };
  if (d.kind === 'vote') {
    if (!q.quorate) return { ok: false, reason: 'not_quorate', message: q.explanation };
    const yes = d.unanimous ? it.roll.present : d.yes;
    const no = d.unanimous ? 0 : d.no;
    const abstain = d.unanimous ? 0 : d.abstain;
    const check = checkVote({ yes, no, abstain, presentVoting: it.roll.presentVoting, excluded: it.roll.presentExcluded });
    if (!check.ok) return { ok: false, reason: 'count', message: check.message };
    outcome = check.outcome;
    counts = { yes, no, abstain, unanimous: check.unanimous };
  } else {
    if (q.quorate) return { ok: false, reason: 'quorate', message: q.explanation };
    outcome = 'deferred';
  }
  const resolution = d.kind === 'vote' ? d.resolutionText : null;
  const previous = it.vote?.outcome ?? null;
  await saveVote(
    tx,
    o.tenantId,
    {
      meetingId: m.id,
      agendaItemId: it.item.id,
      actorId: o.actorId,
      outcome,
      ...counts,
      presentVoting: it.roll.presentVoting,
      excluded: it.roll.excluded,
      quorumRule: q.rule,
      quorumRequired: q.required,
      quorumExplanation: q.explanation,
      resolutionText: resolution,
    },
    o.now,
  );
  const result = resultText({ outcome, ...counts });
  await setAgendaResult(tx, o.tenantId, it.item.id, { result, resolutionText: outcome === 'accepted' ? resolution : null }, o.now);
  await touch(tx, 'meeting', o.tenantId, [m.id], o.now);
  let tracking: PaperTracking | null = null;
  if (it.deciding && it.paper) {
    const next: PaperTracking = outcome === 'accepted' ? 'resolved' : outcome === 'rejected' ? 'rejected' : 'in_consultation';
    // A deferral only undoes what an earlier vote of this item set; it leaves any other tracking state alone.
    const applies = outcome !== 'deferred' || it.paper.tracking === 'resolved' || it.paper.tracking === 'rejected';
    if (applies && it.paper.tracking !== next) {
      await setPaperTracking(tx, o.tenantId, it.paper.id, { tracking: next }, o.now);
      tracking = next;
    }
  }
  await audit(
    tx,
    {
      tenantId: o.tenantId,
      actorId: o.actorId,
      actorKind: 'staff',
      action: previous ? 'council.vote_replaced' : 'council.vote_recorded',
      objectType: 'council_agenda_item',
      objectId: it.item.id,
      details: { meetingId: m.id, outcome, previousOutcome: previous, yes: counts.yes, no: counts.no, abstain: counts.abstain, unanimous: counts.unanimous, paperTracking: tracking, quorumRule: q.rule },
    },
    o.now,
  );
  return { ok: true, outcome, result };
}
