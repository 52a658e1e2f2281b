// The payroll export of a finalised Sitzungsgeld run: one CSV row per member, wage type and unit price, built from the
// stored statements (the same figures the members received). The export of personal payroll data is audited.
import { audit, type Db } from '../../../../kernel/index.ts';
import { linesOf, runById, statementsOfRun } from '../allowance.repository.ts';
import { payrollCsv, payrollRowsFromBill, type PayrollRow } from '../csv.ts';

export type ExportResult = { ok: true; month: string; csv: string } | { ok: false; reason: 'not_found' | 'not_finalised' };

/** Builds the CSV of a finalised run and records who exported it. */
export async function exportPayroll(db: Db, o: { tenantId: string; actorId: string; now: Date; runId: string }): Promise<ExportResult> {
  const run = await runById(db, o.tenantId, o.runId);
  if (!run) return { ok: false, reason: 'not_found' };
  if (run.state !== 'finalised') return { ok: false, reason: 'not_finalised' };
  const statements = await statementsOfRun(db, o.tenantId, run.id);
  const lines = await linesOf(db, o.tenantId, statements.map((s) => s.id));
  const rows: PayrollRow[] = [];
  for (const s of statements) {
    const own = lines.filter((l) => l.statementId === s.id);
    const bill = { month: run.month, personId: s.personId, lines: own, totalCents: s.totalCents, ruleVersion: s.ruleVersion, ruleVersions: s.ruleVersion ? s.ruleVersion.split(' / ') : [] };
    rows.push(...payrollRowsFromBill(bill, { personnelNumber: s.personnelNumber ?? '', name: `${s.familyName}, ${s.givenName}` }));
  }
  await db.transaction((tx) =>
    audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.allowance_payroll_exported', objectType: 'council_allowance_run', objectId: run.id, details: { month: run.month, rows: rows.length } }, o.now),
  );
  return { ok: true, month: run.month, csv: payrollCsv(rows) };
}
