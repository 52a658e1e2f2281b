// Posteingang: stamp and store what arrives (original unchanged), refuse hostile input, assign an item to a case,
// to a file, or to a new case; each action one transaction with its audit record.
import { audit, fileContent, storeFile, type Db, type StaffRole, type Tx } from '../../../kernel/index.ts';
import { addDocument, fileById } from '../../records/index.ts';
import { caseById, insertEvent, typeById } from '../repository.ts';
import { claimInbound, inboundById, inboundIdByKey, inboundText, insertInbound, nextInboundNo, setInboundTarget, type InboundAttachment, type InboundItem, type InboundKind, type TextStatus } from '../inbound.repository.ts';
import { canSee, scopeOf } from '../queries/worklist.ts';
import { berlinDay, berlinYear } from '../dates.ts';
import { openCase } from './open-case.ts';

/** The receipt number as people read and quote it: "PE-2026-000042". */
export function inboundNumber(year: number, runningNo: number): string {
  return `PE-${year}-${String(runningNo).padStart(6, '0')}`;
}

export interface Receipt {
  tenantId: string;
  actorId: string;
  now: Date;
  /** The upload form's one-time key: a second submission of the same form stamps nothing new. */
  requestKey: string | null;
  kind: InboundKind;
  /** The original exactly as uploaded; stored unchanged. */
  original: { name: string; mime: string; bytes: Uint8Array };
  sender: string;
  subject: string;
  sentAt: Date | null;
  text: string;
  textStatus: TextStatus;
  attachments: InboundAttachment[];
}

class Duplicate extends Error {}

/**
 * Puts an item into the tenant's inbox with its receipt stamp: received now, the next running number of the year
 * (counter and item in one transaction, so no number is lost or given twice), the original bytes in the file store.
 */
export async function receiveInbound(db: Db, o: Receipt): Promise<{ id: string; created: boolean }> {
  if (o.requestKey) {
    const existing = await inboundIdByKey(db, o.tenantId, o.requestKey);
    if (existing) return { id: existing, created: false };
  }
  try {
    return await db.transaction(async (tx) => {
      const year = berlinYear(o.now);
      const runningNo = await nextInboundNo(tx, o.tenantId, year);
      const stored = await storeFile(tx, { tenantId: o.tenantId, name: o.original.name, mime: o.original.mime, bytes: o.original.bytes, now: o.now });
      const id = await insertInbound(tx, {
        tenantId: o.tenantId, year, runningNo, receivedAt: o.now, kind: o.kind, storedFileId: stored.id, sender: o.sender, subject: o.subject, sentAt: o.sentAt,
        text: o.text, textStatus: o.textStatus, attachments: o.attachments, uploadedBy: o.actorId, requestKey: o.requestKey,
      });
      // The same form was submitted twice at once: the other request stamped it; this one takes nothing.
      if (!id) throw new Duplicate();
      await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'inbound.received', objectType: 'inbound_item', objectId: id,
        details: { number: inboundNumber(year, runningNo), kind: o.kind, mime: o.original.mime, size: o.original.bytes.length, sha256: stored.sha256, attachments: o.attachments.length } }, o.now);
      return { id, created: true };
    });
  } catch (e) {
    if (!(e instanceof Duplicate) || !o.requestKey) throw e;
    const id = await inboundIdByKey(db, o.tenantId, o.requestKey);
    if (!id) throw e;
    return { id, created: false };
  }
}

/** A refused upload is recorded (reason and size only: the file itself is not kept). */
export async function refuseInbound(db: Db, o: { tenantId: string; actorId: string; now: Date; reason: string; size: number }): Promise<void> {
  await db.transaction((tx) => audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'inbound.refused', objectType: 'inbound_item', objectId: null, details: { reason: o.reason, size: o.size } }, o.now));
}

export type AssignTarget = { kind: 'case'; caseId: string } | { kind: 'file'; fileId: string } | { kind: 'new'; typeId: string; subject: string; party: string };
export type AssignFailure = 'not_found' | 'done' | 'case_not_found' | 'case_closed' | 'no_file' | 'file_not_found' | 'file_not_open' | 'type';
export type AssignResult = { ok: true; caseId: string | null; fileId: string; documentId: string } | { ok: false; reason: AssignFailure; caseId?: string | null };

class Abort extends Error {
  constructor(readonly reason: AssignFailure) {
    super(reason);
  }
}

/** Who files inbound mail: the Registratur ('records') distributes to every case; clerks to the cases they see. */
async function mayFileInto(tx: Tx, tenantId: string, actor: { id: string; roles: readonly StaffRole[] }, c: { teamId: string | null; assigneeId: string | null }, now: Date): Promise<boolean> {
  if (actor.roles.includes('records')) return true;
  return canSee(await scopeOf(tx, tenantId, { userId: actor.id, roles: actor.roles, today: now }), c);
}

function documentTitle(item: InboundItem): string {
  const what = item.subject || (item.kind === 'email' ? 'E-Mail' : 'Schreiben');
  return `${what} (Eingang ${item.number})`.slice(0, 300);
}

/**
 * Files an inbound item: into an existing case's file, into a file without a case, or into a case opened from it
 * (source 'inbound', once per item). The item is taken only from status 'new' first, so a double click, a second
 * tab or a colleague's simultaneous click files nothing twice; every failure rolls the whole action back.
 */
export async function assignInbound(db: Db, o: { tenantId: string; actor: { id: string; roles: readonly StaffRole[] }; itemId: string; target: AssignTarget; now: Date }): Promise<AssignResult> {
  try {
    return await db.transaction(async (tx) => {
      const item = await inboundById(tx, o.tenantId, o.itemId);
      if (!item) throw new Abort('not_found');
      if (item.status !== 'new' || !(await claimInbound(tx, o.tenantId, item.id, o.actor.id, o.now))) {
        return { ok: false as const, reason: 'done' as const, caseId: (await inboundById(tx, o.tenantId, item.id))?.caseId ?? null };
      }
      let caseId: string | null = null;
      let fileId: string;
      let newCase = false;
      const t = o.target;
      if (t.kind === 'file') {
        const f = await fileById(tx, o.tenantId, t.fileId);
        if (!f) throw new Abort('file_not_found');
        if (f.status !== 'open') throw new Abort('file_not_open');
        fileId = f.id;
      } else {
        if (t.kind === 'new') {
          const type = await typeById(tx, o.tenantId, t.typeId);
          if (!type || !type.active || !type.planItemId) throw new Abort('type');
          const opened = await openCase(tx, { tenantId: o.tenantId, typeId: type.id, subject: t.subject, party: t.party, source: 'inbound', sourceRef: item.id, actorId: o.actor.id, now: o.now });
          caseId = opened.id;
          newCase = opened.created;
        } else caseId = t.caseId;
        const c = await caseById(tx, o.tenantId, caseId);
        if (!c || (t.kind === 'case' && !(await mayFileInto(tx, o.tenantId, o.actor, c, o.now)))) throw new Abort('case_not_found');
        if (c.closedAt) throw new Abort('case_closed');
        if (!c.fileId) throw new Abort('no_file');
        const f = await fileById(tx, o.tenantId, c.fileId);
        if (!f || f.status !== 'open') throw new Abort('file_not_open');
        fileId = f.id;
      }
      const original = await fileContent(tx, o.tenantId, item.storedFileId);
      if (!original) throw new Abort('not_found');
      const day = berlinDay(item.sentAt ?? item.receivedAt);
      const doc = await addDocument(tx, {
        tenantId: o.tenantId,
        fileId,
        caseId,
        title: documentTitle(item),
        direction: 'incoming',
        correspondent: item.sender.slice(0, 200),
        documentDate: day,
        subject: item.subject,
        content: { name: original.name, mime: original.mime, bytes: original.content, text: await inboundText(tx, o.tenantId, item.id, 1_000_000), textStatus: item.textStatus, attachments: item.attachments },
        actorId: o.actor.id,
        now: o.now,
      });
      await setInboundTarget(tx, o.tenantId, item.id, { caseId, fileId, documentId: doc.documentId });
      if (caseId) await insertEvent(tx, { tenantId: o.tenantId, caseId, at: o.now, actorId: o.actor.id, kind: 'inbound', note: `${item.number}: ${documentTitle(item)}` });
      await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'inbound.assigned', objectType: 'inbound_item', objectId: item.id,
        details: { number: item.number, target: t.kind, case: caseId, file: fileId, document: doc.documentId, newCase } }, o.now);
      return { ok: true as const, caseId, fileId, documentId: doc.documentId };
    });
  } catch (e) {
    if (e instanceof Abort) return { ok: false, reason: e.reason };
    throw e;
  }
}
