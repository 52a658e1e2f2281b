import { audit, deleteStoredFiles, enqueueJob, findUserById, MAX_FILE_BYTES, storeFile, type Db, type JobHandler, type Platform } from '../../../kernel/index.ts';
import { approveProposal, completeDisposal, disposalById, dueFiles, insertProposal, rejectProposal, type Tombstone } from '../disposal.repository.ts';
import { documentsOfFile, fileById, planItemById, postponeDisposal, purgeFileContent, retentionOf, setFileDisposed, versionsOfFile } from '../repository.ts';
import { berlinDate } from '../time.ts';
import { buildExport } from './export.ts';

export const PROPOSE_JOB = 'records.propose_disposals';
const BATCH = 500;

/**
 * Proposes every closed file whose retention has run out (all municipalities), once: a file with an open
 * proposal is skipped, and the partial unique index refuses a second one even when two nodes race.
 */
export async function proposeDueDisposals(db: Db, now: Date): Promise<number> {
  const today = berlinDate(now);
  let proposed = 0;
  for (;;) {
    const due = await dueFiles(db, today, BATCH);
    let made = 0;
    for (const f of due) {
      const ok = await db.transaction(async (tx) => {
        const retention = await retentionOf(tx, f.tenantId, f.planItemId);
        if (!retention) return false;
        const id = await insertProposal(tx, { tenantId: f.tenantId, fileId: f.fileId, action: retention.action, proposedBy: null, now });
        if (!id) return false;
        await audit(tx, { tenantId: f.tenantId, actorId: null, actorKind: 'system', action: 'records.disposal_proposed', objectType: 'records_disposal', objectId: id, details: { number: f.number, action: retention.action } }, now);
        return true;
      });
      if (ok) made++;
    }
    proposed += made;
    // A batch that proposed nothing new (no retention rule) would come back the same: stop.
    if (due.length < BATCH || made === 0) return proposed;
  }
}

export function proposeJob(p: Platform): JobHandler {
  return async () => {
    await proposeDueDisposals(p.db, p.clock.now());
  };
}

/** Queues today's proposal run (idempotent per Berlin day; the hourly maintenance calls this). */
export async function scheduleProposals(db: Db, now: Date): Promise<number> {
  const day = berlinDate(now);
  await db.transaction((tx) => enqueueJob(tx, { tenantId: null, kind: PROPOSE_JOB, payload: { day }, runAt: now, idempotencyKey: `${PROPOSE_JOB}:${day}` }));
  return 1;
}

export type DecisionResult = { ok: true } | { ok: false; reason: 'not_found' | 'decided' | 'file_state' };

/** Rejects a proposal with a reason; the file comes up again on `until`. */
export async function rejectDisposal(db: Db, o: { tenantId: string; disposalId: string; actorId: string; reason: string; until: string; now: Date }): Promise<DecisionResult> {
  return db.transaction(async (tx) => {
    const d = await disposalById(tx, o.tenantId, o.disposalId);
    if (!d) return { ok: false, reason: 'not_found' };
    if (!(await rejectProposal(tx, o.tenantId, d.id, { by: o.actorId, reason: o.reason, now: o.now }))) return { ok: false, reason: 'decided' };
    await postponeDisposal(tx, o.tenantId, d.fileId, o.until);
    await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'records.disposal_rejected', objectType: 'records_disposal', objectId: d.id, details: { number: d.fileNumber, until: o.until } }, o.now);
    return { ok: true };
  });
}

/**
 * Approves a proposal and carries out its action in the same transaction. Archive: the export package is kept
 * (stored when it fits the file store) and the file becomes 'archived'. Delete: the stored contents, texts and
 * search vectors go, the file becomes 'deleted', and a tombstone records what was deleted, when and by whose approval.
 */
export async function approveDisposal(db: Db, o: { tenantId: string; disposalId: string; actorId: string; reason: string; now: Date }): Promise<DecisionResult> {
  const pre = await disposalById(db, o.tenantId, o.disposalId);
  if (!pre) return { ok: false, reason: 'not_found' };
  if (pre.status !== 'proposed') return { ok: false, reason: 'decided' };
  // The archive package is built before the transaction (reading many files); the transaction re-checks the state.
  const pkg = pre.action === 'archive' ? await buildExport(db, o.tenantId, pre.fileId, o.now) : undefined;
  return db.transaction(async (tx) => {
    const d = await disposalById(tx, o.tenantId, o.disposalId);
    if (!d) return { ok: false, reason: 'not_found' };
    const file = await fileById(tx, o.tenantId, d.fileId);
    if (!file || file.status !== 'closed') return { ok: false, reason: 'file_state' };
    if (!(await approveProposal(tx, o.tenantId, d.id, { by: o.actorId, reason: o.reason, now: o.now }))) return { ok: false, reason: 'decided' };
    // One connection in a transaction: read one after the other.
    const approver = await findUserById(tx, o.tenantId, o.actorId);
    const plan = await planItemById(tx, o.tenantId, file.planItemId);
    const docs = await documentsOfFile(tx, o.tenantId, file.id);
    const versions = await versionsOfFile(tx, o.tenantId, file.id);
    const tombstone: Tombstone = {
      schema: 1,
      action: d.action,
      fileNumber: file.number,
      fileTitle: file.title,
      planCode: plan?.code ?? '',
      planTitle: plan?.title ?? '',
      openedAt: file.openedAt.toISOString(),
      closedAt: file.closedAt?.toISOString() ?? null,
      disposalDue: file.disposalDue,
      documents: docs.map((doc) => ({
        title: doc.title,
        direction: doc.direction,
        documentDate: doc.documentDate,
        versions: versions.filter((v) => v.documentId === doc.id).map((v) => ({ version: v.version, sha256: v.sha256, size: v.size, mime: v.mime, createdAt: v.createdAt.toISOString() })),
      })),
      proposedAt: d.proposedAt.toISOString(),
      approvedBy: { id: o.actorId, name: approver?.displayName || approver?.email || '' },
      approvedAt: o.now.toISOString(),
      reason: o.reason,
    };
    let packageFileId: string | null = null;
    let removed = 0;
    if (d.action === 'archive') {
      if (!pkg?.ok) return { ok: false, reason: 'file_state' };
      const fits = pkg.zip.length <= MAX_FILE_BYTES;
      if (fits) packageFileId = (await storeFile(tx, { tenantId: o.tenantId, name: `Aussonderung-${file.number}.zip`, mime: 'application/zip', bytes: pkg.zip, now: o.now })).id;
      tombstone.package = { sha256: pkg.sha256, size: pkg.zip.length, stored: fits };
      await setFileDisposed(tx, o.tenantId, file.id, 'archived');
    } else {
      const stored = await purgeFileContent(tx, o.tenantId, file.id);
      removed = await deleteStoredFiles(tx, o.tenantId, stored);
      await setFileDisposed(tx, o.tenantId, file.id, 'deleted');
    }
    await completeDisposal(tx, o.tenantId, d.id, { tombstone, packageFileId, now: o.now });
    await audit(tx, {
      tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: d.action === 'archive' ? 'records.file_archived' : 'records.file_deleted', objectType: 'records_disposal', objectId: d.id,
      details: { number: file.number, documents: docs.length, storedFilesRemoved: removed, ...(tombstone.package ? { packageSha256: tombstone.package.sha256 } : {}) },
    }, o.now);
    return { ok: true };
  });
}
