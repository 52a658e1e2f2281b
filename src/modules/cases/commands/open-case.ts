import { audit, type Tx } from '../../../kernel/index.ts';
import { openFile } from '../../records/index.ts';
import { caseBySource, insertCase, insertEvent, nextCaseSeq, setCaseFile, typeById, type CaseSource } from '../repository.ts';
import { initialState } from '../workflow.ts';
import { berlinYear, DAY_MS } from '../dates.ts';

export interface OpenCase {
  tenantId: string;
  typeId: string;
  subject: string;
  /** Name of the citizen or company concerned. */
  party?: string;
  citizenUserId?: string | null;
  source: CaseSource;
  /** The record that opens it (application id, inbound item id): one case per source record. */
  sourceRef?: string | null;
  actorId: string | null;
  now: Date;
}

/** Prefix of case numbers of a type without a file-plan subject. */
const NO_PLAN_PREFIX = 'VG';

/**
 * Opens a case exactly once per source record, in the caller's transaction: its number (the Aktenzeichen of
 * its own file in the E-Akte, or "VG-<year>-<000123>" without a file-plan subject), deadline from the type's target days, the records file (E-Akte) when the type
 * names a file-plan subject. A second call for the same source record returns the existing case (`created` false).
 */
export async function openCase(tx: Tx, o: OpenCase): Promise<{ id: string; number: string; created: boolean }> {
  const ref = o.sourceRef ?? null;
  if (ref !== null) {
    const existing = await caseBySource(tx, o.tenantId, o.source, ref);
    if (existing) return { id: existing.id, number: existing.number, created: false };
  }
  const type = await typeById(tx, o.tenantId, o.typeId);
  if (!type) throw new Error('unknown case type');
  const year = berlinYear(o.now);
  const seq = await nextCaseSeq(tx, o.tenantId, year);
  // Without a file-plan subject the number is "VG-2026-000123"; with one, the case gets its own file below and
  // carries the file's Aktenzeichen ("32.10-2026-000123", numbered per subject and year by the E-Akte). The file is
  // opened only once the case row exists, so a concurrent duplicate leaves no empty file behind.
  let number = `${NO_PLAN_PREFIX}-${year}-${String(seq).padStart(6, '0')}`;
  const status = initialState(type.workflow).key;
  const id = await insertCase(tx, {
    tenantId: o.tenantId,
    number,
    year,
    seq,
    typeId: type.id,
    teamId: type.teamId,
    subject: o.subject,
    party: o.party ?? '',
    citizenUserId: o.citizenUserId ?? null,
    status,
    source: o.source,
    sourceRef: ref,
    openedAt: o.now,
    dueAt: new Date(o.now.getTime() + type.targetDays * DAY_MS),
  });
  if (!id) {
    // A concurrent transaction opened it first (unique source record): theirs is the case.
    const existing = await caseBySource(tx, o.tenantId, o.source, ref!);
    return { id: existing!.id, number: existing!.number, created: false };
  }
  if (type.planItemId) {
    const file = await openFile(tx, { tenantId: o.tenantId, planItemId: type.planItemId, title: o.subject.slice(0, 300), actorId: o.actorId, now: o.now });
    number = file.number;
    await setCaseFile(tx, o.tenantId, id, file.id, number);
  }
  await insertEvent(tx, { tenantId: o.tenantId, caseId: id, at: o.now, actorId: o.actorId, kind: 'opened', toStatus: status });
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: o.actorId ? 'staff' : 'system', action: 'case.opened', objectType: 'case', objectId: id, details: { number, type: type.key, source: o.source } }, o.now);
  return { id, number, created: true };
}
