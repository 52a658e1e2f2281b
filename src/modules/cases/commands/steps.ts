import { audit, type Db, type StaffRole, type Tx } from '../../../kernel/index.ts';
import { closeFile } from '../../records/index.ts';
import { applicationForCase, applicationStep } from '../../applications/index.ts';
import { caseById, caseWorkers, insertEvent, typeById, updateCase, type Case, type CaseChanges, type CaseType, type Proposal } from '../repository.ts';
import { canSee, scopeOf } from '../queries/worklist.ts';
import { mayTake, stateOf, transitionOf, type Transition } from '../workflow.ts';

export interface Actor {
  id: string;
  roles: readonly StaffRole[];
}

/** What the actor enters with a step: the Rückfrage, the decision, or a note. */
export interface StepInput {
  question?: string;
  decision?: 'approved' | 'rejected';
  reason?: string;
  /** The fee set by the decision (cents); undefined = as applied for (0 when rejected). */
  feeCents?: number;
  note?: string;
}

export type StepFailure = 'not_found' | 'not_allowed' | 'forbidden' | 'conflict' | 'pending' | 'own_proposal' | 'no_proposal' | 'application';
export type StepResult = { ok: true; proposed?: boolean } | { ok: false; reason: StepFailure };

/** Rolls the transaction back and reports why. */
class Abort extends Error {
  constructor(readonly reason: StepFailure) {
    super(reason);
  }
}

const fail = (reason: StepFailure): StepResult => ({ ok: false, reason });

async function run(db: Db, fn: (tx: Tx) => Promise<StepResult>): Promise<StepResult> {
  try {
    return await db.transaction(fn);
  } catch (e) {
    if (e instanceof Abort) return fail(e.reason);
    throw e;
  }
}

/** Loads a case the actor may see (their scope), with its type. */
async function visibleCase(tx: Tx, tenantId: string, actor: Actor, caseId: string, now: Date): Promise<{ c: Case; type: CaseType } | undefined> {
  const c = await caseById(tx, tenantId, caseId);
  if (!c) return undefined;
  if (!canSee(await scopeOf(tx, tenantId, { userId: actor.id, roles: actor.roles, today: now }), c)) return undefined;
  const type = await typeById(tx, tenantId, c.typeId);
  return type ? { c, type } : undefined;
}

const decisionText = (d: 'approved' | 'rejected' | undefined) => (d === 'approved' ? 'stattgegeben' : d === 'rejected' ? 'abgelehnt' : '');

/**
 * Moves the case along a transition: pauses the deadline when it enters a waiting state and adds the paused time
 * when it leaves one, closes the E-Akte file with the case, and takes the matching step on the application that
 * opened it (Rückfrage into the postbox, decision with notice), all in the caller's transaction.
 */
async function transition(tx: Tx, o: { tenantId: string; c: Case; type: CaseType; t: Transition; actorId: string; input: StepInput; now: Date; clearProposal?: boolean }): Promise<void> {
  const { c, t, now } = o;
  const to = stateOf(o.type.workflow, t.to)!;
  const ch: CaseChanges = { status: to.key, statusKind: to.kind, closedAt: to.kind === 'closed' ? now : null };
  if (to.kind === 'waiting') {
    if (!c.pausedSince) ch.pausedSince = now;
  } else if (c.pausedSince) {
    // The deadline clock stood still while the case waited for the citizen.
    ch.dueAt = new Date(c.dueAt.getTime() + Math.max(0, now.getTime() - c.pausedSince.getTime()));
    ch.pausedSince = null;
  }
  if (o.clearProposal) Object.assign(ch, { proposal: null, proposedBy: null });
  if (!(await updateCase(tx, o.tenantId, c.id, c.version, ch, now))) throw new Abort('conflict');
  const note = t.query ? (o.input.question ?? '') : t.decision ? [decisionText(o.input.decision), o.input.reason].filter(Boolean).join(': ') : (o.input.note ?? '');
  await insertEvent(tx, { tenantId: o.tenantId, caseId: c.id, at: now, actorId: o.actorId, kind: 'transition', fromStatus: c.status, toStatus: to.key, note });
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'case.transition', objectType: 'case', objectId: c.id, details: { transition: t.key, from: c.status, to: to.key, ...(t.decision && o.input.decision ? { decision: o.input.decision } : {}) } }, now);
  if (c.source === 'portal' && c.sourceRef) await followApplication(tx, o, to.kind);
  if (to.kind === 'closed' && c.fileId) await closeFile(tx, { tenantId: o.tenantId, fileId: c.fileId, actorId: o.actorId, now });
}

/** The application's own status (and so the citizen's timeline in the Bürgerkonto) follows its case. */
async function followApplication(tx: Tx, o: { tenantId: string; c: Case; t: Transition; actorId: string; input: StepInput; now: Date }, kind: 'open' | 'waiting' | 'closed'): Promise<void> {
  const app = await applicationForCase(tx, o.tenantId, o.c.sourceRef!);
  if (!app) return;
  let step: 'take' | 'query' | 'decide' | 'close' | 'resume' | undefined;
  if (o.t.query) step = 'query';
  else if (o.t.decision) step = 'decide';
  else if (kind === 'closed') step = app.status === 'decided' ? 'close' : undefined;
  else if (kind === 'open') step = app.status === 'received' ? 'take' : app.status === 'query' ? 'resume' : undefined;
  if (!step) return;
  const res = await applicationStep(tx, {
    tenantId: o.tenantId,
    actorId: o.actorId,
    applicationId: app.id,
    action: step,
    now: o.now,
    ...(step === 'query' ? { question: o.input.question ?? '' } : {}),
    ...(step === 'decide'
      ? { decision: o.input.decision ?? 'approved', reason: o.input.reason ?? '', ...(o.input.feeCents !== undefined ? { feeCents: o.input.feeCents } : o.input.decision === 'rejected' ? { feeCents: 0 } : {}) }
      : {}),
  });
  // The Rückfrage and the decision must reach the citizen; without them the step does not happen.
  if (res !== 'ok' && (step === 'query' || step === 'decide')) throw new Abort('application');
}

/**
 * A step of the workflow, from the version the actor saw. Under four-eyes a decision only records a proposal that
 * someone else with the role Sachgebietsleitung approves (`decideProposal`).
 */
export async function takeStep(db: Db, o: { tenantId: string; actor: Actor; caseId: string; transition: string; version: number; input: StepInput; now: Date }): Promise<StepResult> {
  return run(db, async (tx) => {
    const found = await visibleCase(tx, o.tenantId, o.actor, o.caseId, o.now);
    if (!found) return fail('not_found');
    const { c, type } = found;
    const t = transitionOf(type.workflow, o.transition);
    if (!t || !t.from.includes(c.status)) return fail('not_allowed');
    if (!mayTake(t, o.actor.roles)) {
      await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'case.step_refused', objectType: 'case', objectId: c.id, details: { transition: t.key, reason: 'role' } }, o.now);
      return fail('forbidden');
    }
    if (c.version !== o.version) return fail('conflict');
    if (c.proposal) return fail('pending');
    if (t.decision && type.fourEyes) {
      const proposal: Proposal = { transition: t.key, decision: o.input.decision ?? 'approved', reason: o.input.reason ?? '', feeCents: o.input.feeCents ?? null, at: o.now.toISOString() };
      if (!(await updateCase(tx, o.tenantId, c.id, c.version, { proposal, proposedBy: o.actor.id }, o.now))) throw new Abort('conflict');
      await insertEvent(tx, { tenantId: o.tenantId, caseId: c.id, at: o.now, actorId: o.actor.id, kind: 'proposed', note: [decisionText(proposal.decision), proposal.reason].filter(Boolean).join(': ') });
      await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'case.decision_proposed', objectType: 'case', objectId: c.id, details: { transition: t.key, decision: proposal.decision } }, o.now);
      return { ok: true, proposed: true };
    }
    await transition(tx, { tenantId: o.tenantId, c, type, t, actorId: o.actor.id, input: o.input, now: o.now });
    return { ok: true };
  });
}

/**
 * Four-eyes: a second person with the role Sachgebietsleitung (or the administration) approves the proposed
 * decision, and only then the decision is taken; or sends it back. The proposer can never approve their own.
 */
export async function decideProposal(db: Db, o: { tenantId: string; actor: Actor; caseId: string; version: number; approve: boolean; note?: string; now: Date }): Promise<StepResult> {
  return run(db, async (tx) => {
    const found = await visibleCase(tx, o.tenantId, o.actor, o.caseId, o.now);
    if (!found) return fail('not_found');
    const { c, type } = found;
    if (!c.proposal) return fail('no_proposal');
    const refuse = async (reason: 'role' | 'own_proposal') => {
      await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'case.four_eyes_refused', objectType: 'case', objectId: c.id, details: { reason, approve: o.approve } }, o.now);
      return fail(reason === 'role' ? 'forbidden' : 'own_proposal');
    };
    if (!o.actor.roles.includes('lead') && !o.actor.roles.includes('admin')) return refuse('role');
    if (c.proposedBy === o.actor.id) return refuse('own_proposal');
    if (c.version !== o.version) return fail('conflict');
    const p = c.proposal;
    if (!o.approve) {
      if (!(await updateCase(tx, o.tenantId, c.id, c.version, { proposal: null, proposedBy: null }, o.now))) throw new Abort('conflict');
      await insertEvent(tx, { tenantId: o.tenantId, caseId: c.id, at: o.now, actorId: o.actor.id, kind: 'returned', note: o.note ?? '' });
      await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'case.decision_returned', objectType: 'case', objectId: c.id, details: { transition: p.transition } }, o.now);
      return { ok: true };
    }
    const t = transitionOf(type.workflow, p.transition);
    if (!t || !t.from.includes(c.status)) return fail('not_allowed');
    await insertEvent(tx, { tenantId: o.tenantId, caseId: c.id, at: o.now, actorId: o.actor.id, kind: 'approved', note: o.note ?? '' });
    await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'case.decision_approved', objectType: 'case', objectId: c.id, details: { transition: p.transition, proposedBy: c.proposedBy, decision: p.decision } }, o.now);
    await transition(tx, {
      tenantId: o.tenantId,
      c,
      type,
      t,
      actorId: o.actor.id,
      input: { decision: p.decision, reason: p.reason, ...(p.feeCents !== null ? { feeCents: p.feeCents } : {}) },
      now: o.now,
      clearProposal: true,
    });
    return { ok: true };
  });
}

/** Takes over, assigns to a colleague, or releases (to = null) a case; from the version the actor saw. */
export async function assignCase(db: Db, o: { tenantId: string; actor: Actor; caseId: string; version: number; to: string | null; now: Date }): Promise<StepResult> {
  return run(db, async (tx) => {
    const found = await visibleCase(tx, o.tenantId, o.actor, o.caseId, o.now);
    if (!found) return fail('not_found');
    const { c } = found;
    if (c.closedAt) return fail('not_allowed');
    const target = o.to === null ? undefined : (await caseWorkers(tx, o.tenantId)).find((w) => w.id === o.to);
    if (o.to !== null && !target) return fail('not_allowed');
    if (c.version !== o.version) return fail('conflict');
    if (c.assigneeId === o.to) return { ok: true };
    if (!(await updateCase(tx, o.tenantId, c.id, c.version, { assigneeId: o.to }, o.now))) throw new Abort('conflict');
    await insertEvent(tx, { tenantId: o.tenantId, caseId: c.id, at: o.now, actorId: o.actor.id, kind: o.to ? 'assigned' : 'released', note: target?.name ?? '' });
    await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: o.to ? 'case.assigned' : 'case.released', objectType: 'case', objectId: c.id, details: { assignee: o.to, previous: c.assigneeId } }, o.now);
    return { ok: true };
  });
}
