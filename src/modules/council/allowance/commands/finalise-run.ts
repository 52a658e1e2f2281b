// Finalises a draft Sitzungsgeld run once its month is over: renders each member's statement PDF and delivers it into
// the Mandatspostfach (dedupe key `statement:{runId}:{personId}`, so nothing is delivered twice), after which the run
// is never recomputed and the payroll CSV is available. Members with a total of 0 € get no statement.
import { audit, type Db, type Tenant } from '../../../../kernel/index.ts';
import { deliverToMandate } from '../../commands/deliver-to-mandate.ts';
import { personsByIds } from '../../repository.ts';
import { linesOf, lockRun, runById, setRunFinalised, setStatementMailbox, statementsOfRun } from '../allowance.repository.ts';
import { allowanceLetterhead, monthLabel, renderStatementPdf, statementDataOf } from '../statement-pdf.ts';
import { berlinMonth } from './run-billing.ts';

export type FinaliseResult = { ok: true; delivered: number } | { ok: false; reason: 'not_found' | 'finalised' | 'stale' | 'month_open' };

/**
 * Renders outside the transaction (PDFs take a while), then locks the run and re-checks that it is still the draft
 * revision the user looked at: a double click or a recomputation in between is refused, not delivered twice.
 */
export async function finaliseRun(db: Db, o: { tenant: Tenant; baseUrl: string; actorId: string; now: Date; runId: string; revision: number }): Promise<FinaliseResult> {
  const tenantId = o.tenant.id;
  const run = await runById(db, tenantId, o.runId);
  if (!run) return { ok: false, reason: 'not_found' };
  if (run.state === 'finalised') return { ok: false, reason: 'finalised' };
  if (run.revision !== o.revision) return { ok: false, reason: 'stale' };
  if (berlinMonth(o.now) <= run.month) return { ok: false, reason: 'month_open' };

  const statements = (await statementsOfRun(db, tenantId, run.id)).filter((s) => s.totalCents > 0);
  const lines = await linesOf(db, tenantId, statements.map((s) => s.id));
  const persons = new Map((await personsByIds(db, tenantId, statements.map((s) => s.personId))).map((p) => [p.id, p]));
  const letterhead = await allowanceLetterhead(db, o.tenant);
  const pdfs = new Map<string, Buffer>();
  for (const s of statements) {
    const p = persons.get(s.personId);
    if (!p || p.deletedAt) continue;
    pdfs.set(s.id, await renderStatementPdf(letterhead, statementDataOf(p, s, lines.filter((l) => l.statementId === s.id), run.month, o.now)));
  }

  return db.transaction(async (tx): Promise<FinaliseResult> => {
    const locked = await lockRun(tx, tenantId, run.id);
    if (!locked) return { ok: false, reason: 'not_found' };
    if (locked.state === 'finalised') return { ok: false, reason: 'finalised' };
    if (locked.revision !== o.revision) return { ok: false, reason: 'stale' };
    await setRunFinalised(tx, tenantId, run.id, o.actorId, o.now);
    let delivered = 0;
    for (const s of statements) {
      const bytes = pdfs.get(s.id);
      if (!bytes || s.mailboxId) continue;
      const res = await deliverToMandate(tx, {
        tenantId,
        tenantSlug: o.tenant.slug,
        baseUrl: o.baseUrl,
        personId: s.personId,
        kind: 'statement',
        subject: `Abrechnung Sitzungsgeld ${monthLabel(run.month)}`,
        file: { name: `Sitzungsgeld-${run.month}.pdf`, bytes, mime: 'application/pdf' },
        dedupeKey: `statement:${run.id}:${s.personId}`,
        actorId: o.actorId,
        now: o.now,
      });
      if (res.fresh) {
        await setStatementMailbox(tx, tenantId, s.id, res.id);
        delivered++;
      }
    }
    await audit(
      tx,
      {
        tenantId,
        actorId: o.actorId,
        actorKind: 'staff',
        action: 'council.allowance_run_finalised',
        objectType: 'council_allowance_run',
        objectId: run.id,
        details: { month: run.month, revision: locked.revision, delivered, totalCents: locked.totalCents },
      },
      o.now,
    );
    return { ok: true, delivered };
  });
}
