import { audit, type ActorKind, type Tx } from '../../../kernel/index.ts';
import { kassenzeichen, validKassenzeichen } from '../../payments/index.ts';
import { berlinDay, isIsoDay, MAX_CENTS } from '../money.ts';
import { claimBySource, debtorById, insertClaim, insertDebtor, insertInstalments, kassenzeichenTaken, nextKzSeq, CLAIM_TYPES, type ClaimSource, type ClaimType, type DebtorKind } from '../repository.ts';

/**
 * Finance numbers its own Kassenzeichen from 5,000,001 up in each year, while the payments module counts from 1: fee
 * claims take over the Kassenzeichen of their online payment, and the two sequences must never meet.
 */
export const FINANCE_KZ_OFFSET = 5_000_000;
const MAX_INSTALMENTS = 120;

export interface NewDebtor {
  kind: DebtorKind;
  name: string;
  street: string;
  postalCode: string;
  city: string;
  userId: string | null;
  ibans?: string[];
}

export interface CreateClaim {
  tenantId: string;
  actorId: string | null;
  actorKind: ActorKind;
  now: Date;
  /** An existing debtor of the tenant, or a new one. */
  debtor: { id: string } | NewDebtor;
  type: ClaimType;
  title: string;
  /** Veranlagungs- or Gebührenjahr. */
  year: number;
  instalments: readonly { dueDate: string; amountCents: number }[];
  source: ClaimSource;
  /** The source record (application id …): a second call with the same source returns the first claim. */
  sourceRef?: string | null;
  /** A Kassenzeichen already issued (an online payment's); a fresh one is drawn when absent, invalid or taken. */
  kassenzeichen?: string;
  mandateId?: string | null;
}

export type CreateClaimResult =
  | { ok: true; created: boolean; claimId: string; debtorId: string; kassenzeichen: string }
  | { ok: false; reason: 'debtor_not_found' | 'invalid' };

/** Draws the next Kassenzeichen of the tenant (atomic counter, in the caller's transaction), skipping any already used. */
export async function drawKassenzeichen(tx: Tx, tenantId: string, now: Date): Promise<string> {
  const year = Number(berlinDay(now).slice(0, 4));
  for (let i = 0; i < 20; i++) {
    const seq = FINANCE_KZ_OFFSET + (await nextKzSeq(tx, tenantId, year));
    if (seq > 9_999_999) throw new Error('Kassenzeichen sequence exhausted for this year');
    const kz = kassenzeichen(year, seq);
    if (!(await kassenzeichenTaken(tx, tenantId, kz))) return kz;
  }
  throw new Error('no free Kassenzeichen found');
}

function valid(o: CreateClaim): boolean {
  if (!(CLAIM_TYPES as readonly string[]).includes(o.type)) return false;
  if (o.title.trim().length < 2 || o.title.length > 200) return false;
  if (!Number.isInteger(o.year) || o.year < 2000 || o.year > 2099) return false;
  if (o.instalments.length === 0 || o.instalments.length > MAX_INSTALMENTS) return false;
  let total = 0;
  for (const i of o.instalments) {
    if (!Number.isSafeInteger(i.amountCents) || i.amountCents < 0 || !isIsoDay(i.dueDate)) return false;
    total += i.amountCents;
  }
  return total > 0 && total <= MAX_CENTS;
}

/**
 * Creates a claim with its instalments and Kassenzeichen (and the debtor, when new), audited, in the caller's
 * transaction. Idempotent by source: the same application's fee is claimed once.
 */
export async function createClaim(tx: Tx, o: CreateClaim): Promise<CreateClaimResult> {
  if (!valid(o)) return { ok: false, reason: 'invalid' };
  const ref = o.sourceRef ?? null;
  if (ref) {
    const existing = await claimBySource(tx, o.tenantId, o.source, ref);
    if (existing) return { ok: true, created: false, claimId: existing.id, debtorId: existing.debtorId, kassenzeichen: existing.kassenzeichen };
  }
  let debtorId: string;
  if ('id' in o.debtor) {
    const d = await debtorById(tx, o.tenantId, o.debtor.id);
    if (!d) return { ok: false, reason: 'debtor_not_found' };
    debtorId = d.id;
  } else {
    debtorId = await insertDebtor(tx, { tenantId: o.tenantId, ...o.debtor, ibans: o.debtor.ibans ?? [], now: o.now });
    await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: o.actorKind, action: 'finance.debtor_created', objectType: 'finance_debtor', objectId: debtorId, details: { kind: o.debtor.kind, linked: !!o.debtor.userId } }, o.now);
  }
  const given = o.kassenzeichen && validKassenzeichen(o.kassenzeichen) && !(await kassenzeichenTaken(tx, o.tenantId, o.kassenzeichen)) ? o.kassenzeichen : undefined;
  const kz = given ?? (await drawKassenzeichen(tx, o.tenantId, o.now));
  const total = o.instalments.reduce((s, i) => s + i.amountCents, 0);
  const firstOpen = [...o.instalments].filter((i) => i.amountCents > 0).sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1))[0]!.dueDate;
  const claimId = await insertClaim(tx, {
    tenantId: o.tenantId,
    debtorId,
    kassenzeichen: kz,
    type: o.type,
    title: o.title.trim(),
    year: o.year,
    source: o.source,
    sourceRef: ref,
    mandateId: o.mandateId ?? null,
    amountCents: total,
    nextDueDate: firstOpen,
    actorId: o.actorKind === 'staff' ? o.actorId : null,
    now: o.now,
  });
  if (!claimId) {
    // Another transaction claimed the same source first (the unique index decided): answer with its claim.
    const existing = ref ? await claimBySource(tx, o.tenantId, o.source, ref) : undefined;
    if (existing) return { ok: true, created: false, claimId: existing.id, debtorId: existing.debtorId, kassenzeichen: existing.kassenzeichen };
    throw new Error('claim could not be inserted');
  }
  await insertInstalments(tx, o.tenantId, claimId, debtorId, o.instalments);
  await audit(
    tx,
    { tenantId: o.tenantId, actorId: o.actorId, actorKind: o.actorKind, action: 'finance.claim_created', objectType: 'finance_claim', objectId: claimId, details: { kassenzeichen: kz, type: o.type, amount: total, instalments: o.instalments.length, source: o.source } },
    o.now,
  );
  return { ok: true, created: true, claimId, debtorId, kassenzeichen: kz };
}
