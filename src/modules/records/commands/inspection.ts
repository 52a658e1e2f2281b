import { audit, findUserByEmail, queueMail, type Db, type FieldErrors } from '../../../kernel/index.ts';
import { inspectionById, insertInspection, revokeInspection } from '../inspection.repository.ts';
import { documentsOfFile, fileById, logAccess } from '../repository.ts';
import { addDays, berlinStartOfDay } from '../time.ts';

/**
 * Grants a citizen of the municipality time-limited, read-only access to chosen documents of a file, each at
 * its current version. The citizen is told by mail that something waits in the portal (no content in the mail).
 */
export async function grantInspection(
  db: Db,
  o: { tenantId: string; tenantName: string; portalUrl: string; fileId: string; email: string; from: string; until: string; note: string; documentIds: string[]; actorId: string; now: Date },
): Promise<{ id: string } | { errors: FieldErrors } | undefined> {
  return db.transaction(async (tx): Promise<{ id: string } | { errors: FieldErrors } | undefined> => {
    const file = await fileById(tx, o.tenantId, o.fileId);
    if (!file) return undefined;
    if (file.status === 'deleted') return { errors: { documents: 'Die Akte ist vernichtet; es gibt nichts mehr einzusehen.' } };
    const grantee = await findUserByEmail(tx, o.tenantId, o.email);
    if (!grantee || grantee.kind !== 'citizen' || grantee.disabled) return { errors: { email: 'Zu dieser E-Mail-Adresse gibt es kein Bürgerkonto in unserer Kommune. Die Person muss sich zuerst im Portal registrieren.' } };
    if (!grantee.emailVerified) return { errors: { email: 'Das Bürgerkonto zu dieser E-Mail-Adresse ist noch nicht bestätigt.' } };
    const docs = new Map((await documentsOfFile(tx, o.tenantId, file.id)).map((d) => [d.id, d]));
    const chosen = o.documentIds.map((id) => docs.get(id));
    if (chosen.length === 0 || chosen.some((d) => !d)) return { errors: { documents: 'Bitte wählen Sie nur Dokumente dieser Akte aus.' } };
    const validFrom = berlinStartOfDay(o.from);
    const validUntil = berlinStartOfDay(addDays(o.until, 1));
    const id = await insertInspection(tx, {
      tenantId: o.tenantId, fileId: file.id, granteeId: grantee.id, note: o.note, validFrom, validUntil, grantedBy: o.actorId, now: o.now,
      documents: chosen.map((d) => ({ id: d!.id, version: d!.currentVersion })),
    });
    await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'records.inspection_granted', objectType: 'records_inspection', objectId: id,
      details: { number: file.number, grantee: grantee.id, documents: chosen.length, validFrom: validFrom.toISOString(), validUntil: validUntil.toISOString() } }, o.now);
    await queueMail(tx, o.tenantId, {
      to: grantee.email,
      subject: `Neue Nachricht in Ihrem Bürgerkonto – ${o.tenantName}`,
      text: `Guten Tag,\n\nin Ihrem Bürgerkonto bei ${o.tenantName} wurde für Sie eine Akteneinsicht freigegeben.\nBitte melden Sie sich im Portal an, um sie zu sehen:\n${o.portalUrl}\n\nDiese Nachricht wurde automatisch erstellt.`,
    }, o.now);
    return { id };
  });
}

export async function endInspection(db: Db, o: { tenantId: string; inspectionId: string; actorId: string; now: Date }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const i = await inspectionById(tx, o.tenantId, o.inspectionId);
    if (!i || !(await revokeInspection(tx, o.tenantId, i.id, o.now))) return false;
    await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'records.inspection_revoked', objectType: 'records_inspection', objectId: i.id, details: { number: i.fileNumber } }, o.now);
    return true;
  });
}

/** Writes one access to a document into the access log (restricted documents by staff, every inspection access). */
export async function recordAccess(db: Db, a: Parameters<typeof logAccess>[1]): Promise<void> {
  await db.transaction((tx) => logAccess(tx, a));
}
