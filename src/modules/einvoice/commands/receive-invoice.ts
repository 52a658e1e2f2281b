// Intake of an e-invoice, the same for all three channels (upload page, API of submitting systems, CLI import):
// read → validate → route by the Leitweg-ID (BT-10) to the unit of the tenant → duplicate check → store the original
// and the invoice with its report. Unreadable files and routing failures are refused with a German message and leave
// nothing behind but an audit entry; invalid invoices are stored as 'invalid' (visible, never payable).
import { audit, sha256, storeFile, type ActorKind, type Db, type Tx } from '../../../kernel/index.ts';
import type { ParsedInvoice } from '../model.ts';
import { classifyProfile, readInvoice } from '../parse/index.ts';
import { payeeIban } from '../inspect.ts';
import { validateInvoice } from '../validate/index.ts';
import { amountDueCents, berlinDay, dueDateOf, skontoSteps } from '../deadlines.ts';
import { parseLeitwegId } from '../leitweg.ts';
import { earlierAttempt, insertInvoice, invoiceById, invoiceBySha, liveDuplicate, unitForRouting, type Channel, type Invoice, type StoredFinding, type Unit } from '../repository.ts';
import { EINVOICE_MAX_BYTES } from '../schema.ts';

/** Why an intake was refused (nothing stored). */
export type IntakeRefusal = 'empty' | 'too-large' | 'unreadable' | 'no-reference' | 'unknown-reference' | 'other-tenant' | 'duplicate';

export type ReceiveResult =
  | { ok: true; status: 'created' | 'existing'; invoice: Invoice; warnings: string[] }
  | { ok: false; reason: IntakeRefusal; message: string; code?: string; line?: number; column?: number; duplicateOf?: Invoice };

export interface ReceiveInput {
  tenantId: string;
  bytes: Uint8Array;
  fileName: string;
  channel: Channel;
  /** The staff user for upload and API; null for the CLI (operator). */
  actorId: string | null;
  now: Date;
}

const ACTOR_KIND: Record<Channel, ActorKind> = { upload: 'staff', api: 'staff', cli: 'operator' };
const MIME = { xml: 'application/xml', pdf: 'application/pdf' } as const;

/** Seller (VAT id, else the name in lower case), invoice number and BT-112: equal keys are the same invoice. */
export function duplicateKeyOf(inv: ParsedInvoice): string {
  const seller = inv.seller.vatId?.replace(/\s+/g, '').toUpperCase() || (inv.seller.name ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  const gross = inv.totals.taxInclusive;
  const amount = gross?.value ? gross.value.normalize().toString() : (gross?.raw ?? '');
  return [seller, (inv.number ?? '').trim(), amount].join('\u001f');
}

function fileNameOf(name: string, container: 'xml' | 'pdf'): string {
  const base = name.split(/[\\/]/).pop()?.replace(/[\u0000-\u001f\u007f"]/g, '_').trim().slice(0, 180) ?? '';
  if (base) return base;
  return container === 'pdf' ? 'rechnung.pdf' : 'rechnung.xml';
}

const day = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

async function refuse(db: Db, o: ReceiveInput, reason: IntakeRefusal, message: string, extra: { code?: string; line?: number; column?: number; duplicateOf?: Invoice } = {}): Promise<ReceiveResult> {
  await db.transaction((tx) =>
    audit(
      tx,
      {
        tenantId: o.tenantId,
        actorId: o.actorId,
        actorKind: ACTOR_KIND[o.channel],
        action: 'einvoice.intake_refused',
        objectType: 'einvoice',
        objectId: extra.duplicateOf?.id ?? null,
        details: { channel: o.channel, reason, size: o.bytes.length, ...(extra.code ? { code: extra.code } : {}) },
      },
      o.now,
    ),
  );
  return { ok: false, reason, message, ...extra };
}

/** Routes by BT-10; a wrong check digit is only a warning when the ID (or its Grob-/Feinadressierung) has a unit. */
async function route(db: Db, tenantId: string, inv: ParsedInvoice): Promise<{ unit: Unit; warnings: string[] } | { reason: IntakeRefusal; message: string }> {
  const ref = inv.buyerReference?.trim() ?? '';
  if (!ref) {
    return {
      reason: 'no-reference',
      message: 'Die Rechnung enthält keine Leitweg-ID (Käuferreferenz, BT-10). Ohne sie kann sie keiner Dienststelle zugeordnet werden; es wurde nichts gespeichert. Bitte fordern Sie beim Rechnungssteller eine Rechnung mit der Leitweg-ID der bestellenden Stelle an.',
    };
  }
  const parts = parseLeitwegId(ref);
  if (!parts) {
    return {
      reason: 'unknown-reference',
      message: `Die Käuferreferenz (BT-10) „${ref.slice(0, 80)}“ ist keine Leitweg-ID (Form: Grobadressierung-Feinadressierung-Prüfziffer, zum Beispiel 04011000-1234512345-06). Die Rechnung wurde keiner Dienststelle zugeordnet; es wurde nichts gespeichert.`,
    };
  }
  const found = await unitForRouting(db, parts.normalized, parts.base);
  if (!found) {
    return { reason: 'unknown-reference', message: `Die Leitweg-ID „${parts.normalized}“ (BT-10) ist keiner Dienststelle zugeordnet. Die Rechnung wurde nicht angenommen; es wurde nichts gespeichert. Bitte prüfen Sie die Leitweg-ID mit dem Rechnungssteller oder legen Sie die Dienststelle an.` };
  }
  if (found.unit.tenantId !== tenantId) {
    return { reason: 'other-tenant', message: `Die Leitweg-ID „${parts.normalized}“ (BT-10) gehört nicht zu dieser Kommune, sondern zu einer anderen Kommune dieser Installation. Die Rechnung wurde hier nicht angenommen (es wurde nichts gespeichert); sie muss dort eingereicht werden.` };
  }
  const warnings: string[] = [];
  if (!parts.checkDigitOk) {
    warnings.push(`Die Prüfziffer der Leitweg-ID „${parts.normalized}“ ist falsch (richtig wäre ${parts.expectedCheckDigit}). Die Rechnung wurde trotzdem der Dienststelle „${found.unit.name}“ (${found.unit.leitwegId}) zugeordnet.`);
  } else if (!found.exact) {
    warnings.push(`Die Leitweg-ID „${parts.normalized}“ weicht in der Prüfziffer von der Dienststelle „${found.unit.name}“ (${found.unit.leitwegId}) ab; zugeordnet über die Grob- und Feinadressierung.`);
  }
  return { unit: found.unit, warnings };
}

function findings(inv: ParsedInvoice): { valid: boolean; errors: StoredFinding[]; scenario?: string } {
  try {
    const v = validateInvoice(inv);
    return { valid: v.valid, scenario: v.scenario, errors: v.errors.map((e) => ({ id: e.id, severity: e.severity, message: e.message, ...(e.path ? { path: e.path } : {}) })) };
  } catch (e) {
    return { valid: false, errors: [{ id: 'VALIDATOR-ERROR', severity: 'fatal', message: `Die Prüfung ist fehlgeschlagen: ${(e as Error).message}` }] };
  }
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

/**
 * Receives one file for the tenant. The same bytes again return the invoice stored the first time ('existing');
 * the same seller, number and gross amount as a live invoice is refused as a duplicate naming the earlier one.
 */
export async function receiveInvoice(db: Db, o: ReceiveInput): Promise<ReceiveResult> {
  if (o.bytes.length === 0) return refuse(db, o, 'empty', 'Die Datei ist leer. Es wurde nichts gespeichert.');
  if (o.bytes.length > EINVOICE_MAX_BYTES) return refuse(db, o, 'too-large', `Die Datei ist größer als ${EINVOICE_MAX_BYTES / 1024 / 1024} MB. Es wurde nichts gespeichert.`);
  const hash = sha256(o.bytes);
  const same = await invoiceBySha(db, o.tenantId, hash);
  if (same) return { ok: true, status: 'existing', invoice: same, warnings: same.warnings };

  const read = await readInvoice(o.bytes, o.fileName);
  if (!read.ok) {
    const where = read.error.line !== undefined ? ` (Zeile ${read.error.line}${read.error.column !== undefined ? `, Spalte ${read.error.column}` : ''})` : '';
    const extra: { code: string; line?: number; column?: number } = { code: read.error.code };
    if (read.error.line !== undefined) extra.line = read.error.line;
    if (read.error.column !== undefined) extra.column = read.error.column;
    return refuse(db, o, 'unreadable', `${read.error.message}${where && !read.error.message.includes('Zeile') ? where : ''} Es wurde nichts gespeichert.`, extra);
  }
  const inv = read.invoice;
  const routed = await route(db, o.tenantId, inv);
  if ('reason' in routed) return refuse(db, o, routed.reason, routed.message);

  const key = duplicateKeyOf(inv);
  const duplicateMessage = (d: Invoice) =>
    `Diese Rechnung ist bereits eingegangen: Rechnungsnummer „${d.number}“ von „${d.sellerName}“ über ${d.totalGross ?? '–'}${d.currency ? ` ${d.currency}` : ''}, eingegangen am ${day(berlinDay(d.receivedAt))}. Sie wurde nicht noch einmal gespeichert.`;
  const dup = await liveDuplicate(db, o.tenantId, key);
  if (dup) return refuse(db, o, 'duplicate', duplicateMessage(dup), { duplicateOf: dup });

  const report = findings(inv);
  const warnings = [...routed.warnings, ...read.warnings];
  const received = berlinDay(o.now);
  const due = dueDateOf(inv, received);
  const means = inv.payment.means.flatMap((m) => m.creditTransfers);
  const iban = payeeIban(inv)?.replace(/\s+/g, '').toUpperCase();
  const bic = means.find((a) => a.accountId?.replace(/\s+/g, '').toUpperCase() === iban)?.serviceProviderId ?? means.find((a) => a.serviceProviderId)?.serviceProviderId;
  const container = inv.container;
  const state = report.valid ? 'received' : 'invalid';
  try {
    const id = await db.transaction(async (tx: Tx) => {
      const file = await storeFile(tx, { tenantId: o.tenantId, name: fileNameOf(o.fileName, container), mime: MIME[container], bytes: o.bytes, now: o.now });
      const invoiceId = await insertInvoice(tx, {
        tenantId: o.tenantId,
        unitId: routed.unit.id,
        receivedAt: o.now,
        channel: o.channel,
        receivedBy: o.actorId,
        fileId: file.id,
        fileSha256: hash,
        format: inv.kind,
        container,
        profile: inv.specificationId ?? null,
        profileLabel: classifyProfile(inv.specificationId).label,
        number: inv.number?.trim() ?? '',
        issueDate: inv.issueDate?.iso ?? null,
        typeCode: inv.typeCode ?? null,
        sellerName: inv.seller.name?.trim() ?? '',
        sellerVatId: inv.seller.vatId ?? null,
        buyerReference: inv.buyerReference?.trim() ?? '',
        currency: inv.currency ?? null,
        totalNet: inv.totals.taxExclusive?.raw ?? null,
        totalVat: inv.totals.taxTotal?.raw ?? null,
        totalGross: inv.totals.taxInclusive?.raw ?? null,
        amountDue: inv.totals.payable?.raw ?? null,
        amountDueCents: amountDueCents(inv) ?? null,
        dueDate: due.date,
        dueBasis: due.basis,
        skonto: skontoSteps(inv),
        payeeName: (inv.payee?.name ?? inv.seller.name)?.trim() ?? null,
        payeeIban: iban ?? null,
        payeeBic: bic?.replace(/\s+/g, '').toUpperCase() ?? null,
        remittance: inv.payment.remittanceInformation?.trim() || null,
        warnings,
        validation: report,
        state,
        duplicateKey: key,
        duplicateOf: (await earlierAttempt(tx, o.tenantId, key)) ?? null,
        now: o.now,
      });
      await audit(
        tx,
        {
          tenantId: o.tenantId,
          actorId: o.actorId,
          actorKind: ACTOR_KIND[o.channel],
          action: 'einvoice.received',
          objectType: 'einvoice',
          objectId: invoiceId,
          details: { channel: o.channel, state, unit: routed.unit.id, format: inv.kind, container, fatal: report.errors.filter((e) => e.severity === 'fatal').length, warnings: warnings.length },
        },
        o.now,
      );
      return invoiceId;
    });
    const invoice = (await invoiceById(db, o.tenantId, id))!;
    return { ok: true, status: 'created', invoice, warnings };
  } catch (e) {
    // A concurrent delivery of the same file or invoice won the race: answer as if it had come first.
    if (!isUniqueViolation(e)) throw e;
    const again = await invoiceBySha(db, o.tenantId, hash);
    if (again) return { ok: true, status: 'existing', invoice: again, warnings: again.warnings };
    const other = await liveDuplicate(db, o.tenantId, key);
    if (other) return refuse(db, o, 'duplicate', duplicateMessage(other), { duplicateOf: other });
    throw e;
  }
}

