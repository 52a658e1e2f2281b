import { audit, findTenantById, storeFile, type ActorKind, type Platform, type Queryable, type Tenant, type Tx } from '../../../kernel/index.ts';
import { newVerifyToken, postToCitizen } from '../../postbox/index.ts';
import { berlinDay } from '../money.ts';
import { noticeSubject, renderClaimNotice } from '../notice.ts';
import { claimById, debtorById, financeSettings, instalmentsOf, lockClaim, mandateById, setNotice, type Claim } from '../repository.ts';

const TYPE_LABEL: Record<Claim['type'], string> = { grundsteuer: 'Grundsteuer', hundesteuer: 'Hundesteuer', gewerbesteuer: 'Gewerbesteuer', fee: 'Gebühr', other: 'Forderung' };

/** A rendered notice, ready to be attached in a transaction. */
export interface RenderedNotice {
  claimId: string;
  pdf: Buffer;
  date: string;
  /** Postbox verification token (only when the debtor has a Bürgerkonto). */
  verifyToken: string | undefined;
  userId: string | null;
}

/** Renders the notice of a claim (outside any transaction: rendering takes ~0.2 s). */
export async function renderNoticeOf(db: Queryable, o: { tenant: Tenant; claim: Claim; baseUrl: string; now: Date }): Promise<RenderedNotice> {
  const tenantId = o.tenant.id;
  const [debtor, instalments, settings, mandate] = await Promise.all([
    debtorById(db, tenantId, o.claim.debtorId),
    instalmentsOf(db, tenantId, o.claim.id),
    financeSettings(db, tenantId),
    o.claim.mandateId ? mandateById(db, tenantId, o.claim.mandateId) : Promise.resolve(undefined),
  ]);
  const verifyToken = debtor!.userId ? newVerifyToken() : undefined;
  const date = berlinDay(o.now);
  const pdf = await renderClaimNotice(db, {
    tenant: o.tenant,
    debtor: debtor!,
    claim: o.claim,
    instalments,
    settings,
    mandate: mandate?.state === 'active' ? mandate : undefined,
    date,
    verifyUrl: verifyToken ? `${o.baseUrl}/${o.tenant.slug}/pruefen/${verifyToken}` : undefined,
  });
  return { claimId: o.claim.id, pdf, date, verifyToken, userId: debtor!.userId };
}

/**
 * Stores a rendered notice as the claim's notice and, when the debtor has a Bürgerkonto, delivers it into the postbox
 * (with Bekanntgabe record and verification token). Once per claim: false when the claim has a notice already.
 */
export async function attachNotice(tx: Tx, o: { tenantId: string; notice: RenderedNotice; actorId: string | null; actorKind: ActorKind; now: Date }): Promise<boolean> {
  if (!(await lockClaim(tx, o.tenantId, o.notice.claimId))) return false;
  const claim = (await claimById(tx, o.tenantId, o.notice.claimId))!;
  if (claim.noticeFileId) return false;
  const name = `Bescheid-${claim.kassenzeichen}.pdf`;
  const file = await storeFile(tx, { tenantId: o.tenantId, name, mime: 'application/pdf', bytes: o.notice.pdf, now: o.now });
  await setNotice(tx, o.tenantId, [claim.id], file.id, o.notice.date, o.now);
  const subject = noticeSubject(claim);
  if (claim.debtorUserId && o.notice.verifyToken) {
    await postToCitizen(tx, {
      tenantId: o.tenantId,
      userId: claim.debtorUserId,
      subject: `${subject} – Kassenzeichen ${claim.kassenzeichen}`,
      reference: claim.kassenzeichen,
      body: 'Wir haben einen Bescheid für Sie erstellt. Sie finden ihn im Anhang. Die Fälligkeiten und Ihre Zahlungen sehen Sie jederzeit in Ihrem Bürgerkonto unter „Gebühren und Steuern“.',
      authorId: o.actorKind === 'staff' ? o.actorId : null,
      documents: [{ name, bytes: o.notice.pdf, kind: 'notice', title: `${subject} (${claim.kassenzeichen})`, notice: { subject, reference: claim.kassenzeichen, verifyToken: o.notice.verifyToken, publicDetails: { Kassenzeichen: claim.kassenzeichen, Art: TYPE_LABEL[claim.type], Jahr: String(claim.year) } } }],
      now: o.now,
    });
  }
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: o.actorKind, action: 'finance.notice_issued', objectType: 'finance_claim', objectId: claim.id, details: { file: file.id, postbox: !!claim.debtorUserId } }, o.now);
  return true;
}

/** Renders and attaches the notice of a claim; 'exists' when it has one, so a double click issues one notice. */
export async function issueNotice(p: Platform, o: { tenantId: string; claimId: string; actorId: string | null; actorKind: ActorKind; now: Date }): Promise<'issued' | 'exists' | 'not_found'> {
  const [tenant, claim] = await Promise.all([findTenantById(p.db, o.tenantId), claimById(p.db, o.tenantId, o.claimId)]);
  if (!tenant || !claim) return 'not_found';
  if (claim.noticeFileId) return 'exists';
  const notice = await renderNoticeOf(p.db, { tenant, claim, baseUrl: p.config.baseUrl, now: o.now });
  const attached = await p.db.transaction((tx) => attachNotice(tx, { tenantId: o.tenantId, notice, actorId: o.actorId, actorKind: o.actorKind, now: o.now }));
  return attached ? 'issued' : 'exists';
}
