// Postausgang: a letter from a case is rendered with the tenant's letterhead, filed into the case's E-Akte and sent
// to the citizen's postbox, or (without an account) kept for a print batch: one PDF of all waiting letters.
import type { Content } from 'pdfmake/interfaces.js';
import { audit, fileContent, formatDate, pdfPageCount, renderLetter, renderLetters, storeFile, tenantArms, type Db, type Letterhead, type LetterOptions, type StaffRole, type Tenant } from '../../../kernel/index.ts';
import { addDocument, fileById } from '../../records/index.ts';
import { postToCitizen, type OutgoingDocument } from '../../postbox/index.ts';
import { caseById, insertEvent, userName } from '../repository.ts';
import { batchByKey, enclosureCandidates, insertBatch, insertLetter, letterByKey, lockPendingLetters, pendingPrintLetters, setBatchOf, type OutgoingLetter } from '../inbound.repository.ts';
import { canSee, scopeOf } from '../queries/worklist.ts';
import { berlinDay } from '../dates.ts';

/** At most this many letters go into one print batch (the rest into the next). */
export const BATCH_MAX = 200;

export async function letterhead(db: Db, tenant: Tenant): Promise<Letterhead> {
  const kind = tenant.kind === 'amt' ? 'Amt' : tenant.kind === 'stadt' ? 'Stadt' : 'Gemeinde';
  return {
    authority: `${kind} ${tenant.name}`,
    address: [tenant.street, `${tenant.postalCode} ${tenant.city}`].filter((x) => x.trim()),
    contact: [tenant.phone ? `Telefon ${tenant.phone}` : '', tenant.email].filter(Boolean),
    armsSvg: await tenantArms(db, tenant.id),
  };
}

interface LetterData {
  recipient: string[];
  date: string;
  reference: string;
  subject: string;
  body: string;
  signature: string;
  enclosureTitle: string | null;
}

/** The letter's layout; the same data gives the same pages, so a print batch reproduces each letter exactly. */
function letterOptions(lh: Letterhead, d: LetterData): LetterOptions {
  const paragraphs: Content[] = d.body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ text: p, margin: [0, 0, 0, 8] as [number, number, number, number] }));
  return {
    letterhead: lh,
    recipient: d.recipient,
    date: d.date,
    reference: d.reference,
    subject: d.subject,
    body: [
      ...paragraphs,
      { text: 'Mit freundlichen Grüßen', margin: [0, 8, 0, 0] },
      { text: 'Im Auftrag', margin: [0, 16, 0, 0] },
      { text: d.signature },
      ...(d.enclosureTitle ? [{ text: [{ text: 'Anlage: ', bold: true }, d.enclosureTitle], margin: [0, 16, 0, 0] } as Content] : []),
    ],
  };
}

const dateOf = (day: string) => formatDate(new Date(`${day}T12:00:00Z`));

export interface LetterInput {
  subject: string;
  body: string;
  /** The postal address block, one line each (name first); required when the letter goes to print. */
  address: string[];
  enclosureId: string | null;
}

export type LetterFailure = 'not_found' | 'no_file' | 'file_not_open' | 'address' | 'enclosure';
export type LetterResult = { ok: true; channel: 'postbox' | 'print'; letterId: string; created: boolean } | { ok: false; reason: LetterFailure };

class Abort extends Error {
  constructor(readonly reason: LetterFailure | 'duplicate') {
    super(reason);
  }
}

/** Where a case's letters go: the postbox when the case has a citizen account and the tenant runs the Bürgerkonto. */
export function channelOf(c: { citizenUserId: string | null }, postboxOn: boolean): 'postbox' | 'print' {
  return c.citizenUserId && postboxOn ? 'postbox' : 'print';
}

/**
 * Writes a letter from a case: renders it (outside the transaction: it takes a moment), then in one transaction
 * files it into the case's E-Akte as outgoing, delivers it to the postbox or records it for printing, and audits.
 * The form's one-time key makes a second submission return the first letter.
 */
export async function sendLetter(
  db: Db,
  o: { tenant: Tenant; actor: { id: string; roles: readonly StaffRole[]; name: string }; caseId: string; input: LetterInput; requestKey: string | null; now: Date },
): Promise<LetterResult> {
  const tenantId = o.tenant.id;
  if (o.requestKey) {
    const existing = await letterByKey(db, tenantId, o.requestKey);
    if (existing) return { ok: true, channel: existing.channel, letterId: existing.id, created: false };
  }
  const c = await caseById(db, tenantId, o.caseId);
  if (!c || !canSee(await scopeOf(db, tenantId, { userId: o.actor.id, roles: o.actor.roles, today: o.now }), c)) return { ok: false, reason: 'not_found' };
  if (!c.fileId) return { ok: false, reason: 'no_file' };
  const channel = channelOf(c, o.tenant.modules.has('account'));
  const citizenName = c.citizenUserId ? ((await userName(db, tenantId, c.citizenUserId)) ?? '') : '';
  const recipient = o.input.address.length ? o.input.address : channel === 'postbox' ? [citizenName || c.party].filter(Boolean) : [];
  if (channel === 'print' && recipient.length < 2) return { ok: false, reason: 'address' };
  const enclosure = o.input.enclosureId ? (await enclosureCandidates(db, tenantId, c.id)).find((d) => d.id === o.input.enclosureId) : undefined;
  if (o.input.enclosureId && !enclosure) return { ok: false, reason: 'enclosure' };
  const enclosureFile = enclosure ? await fileContent(db, tenantId, enclosure.storedFileId) : undefined;
  if (enclosure && !enclosureFile) return { ok: false, reason: 'enclosure' };
  const day = berlinDay(o.now);
  const data: LetterData = { recipient, date: dateOf(day), reference: c.number, subject: o.input.subject, body: o.input.body, signature: o.actor.name, enclosureTitle: enclosure?.title ?? null };
  const pdf = await renderLetter(letterOptions(await letterhead(db, o.tenant), data));
  const name = `Schreiben-${c.number}-${day}.pdf`;
  try {
    return await db.transaction(async (tx) => {
      if (o.requestKey && (await letterByKey(tx, tenantId, o.requestKey))) throw new Abort('duplicate');
      const file = await fileById(tx, tenantId, c.fileId!);
      if (!file || file.status !== 'open') throw new Abort('file_not_open');
      const title = `Schreiben: ${o.input.subject}`.slice(0, 300);
      const doc = await addDocument(tx, {
        tenantId, fileId: file.id, caseId: c.id, title, direction: 'outgoing', correspondent: (recipient[0] ?? '').slice(0, 200), documentDate: day, subject: o.input.subject,
        content: { name, mime: 'application/pdf', bytes: pdf, text: [o.input.subject, o.input.body].join('\n\n') }, actorId: o.actor.id, now: o.now,
      });
      if (channel === 'postbox') {
        const documents: OutgoingDocument[] = [{ name, bytes: pdf, kind: 'attachment', title }];
        if (enclosure && enclosureFile) documents.push({ name: enclosure.name || 'Anlage.pdf', bytes: enclosureFile.content, kind: 'attachment', title: enclosure.title });
        await postToCitizen(tx, { tenantId, userId: c.citizenUserId!, subject: o.input.subject, reference: c.number, body: o.input.body, authorId: o.actor.id, documents, now: o.now });
      }
      const letterId = await insertLetter(tx, {
        tenantId, caseId: c.id, documentId: doc.documentId, channel, recipientUserId: channel === 'postbox' ? c.citizenUserId : null, address: recipient.join('\n'), subject: o.input.subject,
        body: o.input.body, reference: c.number, letterDate: day, signature: o.actor.name, enclosureDocumentId: enclosure?.id ?? null, pages: pdfPageCount(pdf), requestKey: o.requestKey, createdBy: o.actor.id, now: o.now,
      });
      if (!letterId) throw new Abort('duplicate');
      await insertEvent(tx, { tenantId, caseId: c.id, at: o.now, actorId: o.actor.id, kind: 'letter', note: `„${o.input.subject}“ ${channel === 'postbox' ? 'in das Postfach zugestellt' : 'für den Postversand im Druckstapel'}` });
      await audit(tx, { tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'case.letter_sent', objectType: 'case', objectId: c.id, details: { channel, letter: letterId, document: doc.documentId, enclosure: enclosure?.id ?? null } }, o.now);
      return { ok: true as const, channel, letterId, created: true };
    });
  } catch (e) {
    if (!(e instanceof Abort)) throw e;
    if (e.reason !== 'duplicate') return { ok: false, reason: e.reason };
    const existing = await letterByKey(db, tenantId, o.requestKey!);
    return { ok: true, channel: existing!.channel, letterId: existing!.id, created: false };
  }
}

export type BatchResult = { ok: true; batchId: string; letters: number; created: boolean } | { ok: false; reason: 'empty' | 'changed' };

class BatchAbort extends Error {
  constructor(readonly reason: 'changed' | 'duplicate') {
    super(reason);
  }
}

/** A print letter's layout again from what was stored when it was written. */
export function storedLetterOptions(lh: Letterhead, l: OutgoingLetter): LetterOptions {
  return letterOptions(lh, { recipient: l.address.split('\n').filter(Boolean), date: dateOf(l.letterDate), reference: l.reference, subject: l.subject, body: l.body, signature: l.signature, enclosureTitle: l.enclosureTitle });
}

/**
 * One PDF of all letters waiting for postal dispatch, stored; the letters get the batch. Exactly once: the form's key
 * returns the same batch on a second click, and the letters are taken only if still unbatched (a stale page or a
 * colleague's concurrent run finds them gone and changes nothing).
 */
export async function createPrintBatch(db: Db, o: { tenant: Tenant; actorId: string; requestKey: string | null; now: Date }): Promise<BatchResult> {
  const tenantId = o.tenant.id;
  if (o.requestKey) {
    const existing = await batchByKey(db, tenantId, o.requestKey);
    if (existing) return { ok: true, batchId: existing.id, letters: existing.letters, created: false };
  }
  const pending = await pendingPrintLetters(db, tenantId, BATCH_MAX);
  if (pending.length === 0) return { ok: false, reason: 'empty' };
  const lh = await letterhead(db, o.tenant);
  const pdf = await renderLetters(
    pending.map((l) => ({ letter: storedLetterOptions(lh, l), pages: l.pages })),
    { title: `Druckstapel ${formatDate(o.now)}`, author: lh.authority },
  );
  const ids = pending.map((l) => l.id);
  try {
    return await db.transaction(async (tx) => {
      if (o.requestKey && (await batchByKey(tx, tenantId, o.requestKey))) throw new BatchAbort('duplicate');
      const still = await lockPendingLetters(tx, tenantId, ids);
      if (still.length !== ids.length) throw new BatchAbort('changed');
      const stored = await storeFile(tx, { tenantId, name: `Druckstapel-${berlinDay(o.now)}.pdf`, mime: 'application/pdf', bytes: pdf, now: o.now });
      const batchId = await insertBatch(tx, { tenantId, storedFileId: stored.id, letters: ids.length, createdBy: o.actorId, requestKey: o.requestKey, now: o.now });
      if (!batchId) throw new BatchAbort('duplicate');
      if ((await setBatchOf(tx, tenantId, batchId, ids)) !== ids.length) throw new BatchAbort('changed');
      await audit(tx, { tenantId, actorId: o.actorId, actorKind: 'staff', action: 'case.print_batch_created', objectType: 'print_batch', objectId: batchId, details: { letters: ids.length, sha256: stored.sha256, size: stored.size } }, o.now);
      return { ok: true as const, batchId, letters: ids.length, created: true };
    });
  } catch (e) {
    if (!(e instanceof BatchAbort)) throw e;
    if (e.reason === 'changed') return { ok: false, reason: 'changed' };
    const existing = await batchByKey(db, tenantId, o.requestKey!);
    return { ok: true, batchId: existing!.id, letters: existing!.letters, created: false };
  }
}
