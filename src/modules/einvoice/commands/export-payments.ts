// The treasury's payment run: the ordered invoices due by the execution date go into SEPA credit-transfer files
// (pain.001, one per paying account, built by pain001.ts) and are marked 'exported' in the same transaction, so each
// invoice is paid exactly once. The files are kept (kernel files) for a second download. Whoever attested or ordered
// an invoice does not put it into a payment file (separation of duties: Anordnung and Zahlung by different people).
import { audit, storeFile, type Db, type StaffRole, type Tx } from '../../../kernel/index.ts';
import { addDays, berlinDay } from '../deadlines.ts';
import { buildPain001, Pain001Error, type Pain001Options } from '../pain001.ts';
import { exportById, insertExport, insertStep, listUnits, markExported, orderedForExport, participants, type Invoice, type PaymentExport, type Unit } from '../repository.ts';
import { notPayable } from './decide-step.ts';

/** Roles that make payment files. */
export const EXPORT_ROLES: readonly StaffRole[] = ['admin', 'treasury'];
/** How far ahead the execution date may be set. */
export const MAX_EXECUTION_DAYS = 60;

export type ExportResult = { ok: true; exports: PaymentExport[]; count: number; totalCents: number } | { ok: false; reason: 'forbidden' | 'nothing' | 'conflict' | 'invalid'; message: string };

/** What a payment run on `executionDate` would contain for this actor, and what it leaves for others or for later. */
export function exportPlan(ordered: readonly Invoice[], involved: ReadonlyMap<string, ReadonlySet<string>>, actorId: string, executionDate: string): { take: Invoice[]; own: Invoice[]; later: Invoice[] } {
  const payable = ordered.filter((i) => !notPayable(i) && i.orderCents !== null);
  const own = payable.filter((i) => involved.get(i.id)?.has(actorId));
  const rest = payable.filter((i) => !own.includes(i));
  return { take: rest.filter((i) => (i.orderDate ?? '') <= executionDate), own, later: rest.filter((i) => (i.orderDate ?? '') > executionDate) };
}

/** The pain.001 input for one paying account. */
export function painOptions(unit: Unit, invoices: readonly Invoice[], o: { messageId: string; createdAt: Date; executionDate: string }): Pain001Options {
  return {
    messageId: o.messageId,
    createdAt: o.createdAt,
    debtor: { name: unit.payerName, iban: unit.payerIban, ...(unit.payerBic ? { bic: unit.payerBic } : {}) },
    executionDate: o.executionDate,
    payments: invoices.map((i) => ({
      // The invoice id without hyphens: 32 characters, unique, and found again on the bank statement.
      endToEndId: i.id.replace(/-/g, ''),
      amountCents: i.orderCents!,
      creditorName: i.payeeName || i.sellerName,
      creditorIban: i.payeeIban!,
      ...(i.payeeBic && /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(i.payeeBic) ? { creditorBic: i.payeeBic } : {}),
      remittance: i.remittance ?? `Rechnung ${i.number}`,
    })),
  };
}

class Abort extends Error {
  constructor(
    readonly reason: 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

/**
 * One payment run: every ordered invoice due by `executionDate` that the actor did not attest or order, one pain.001
 * file per paying account, all in one transaction (a second run does not contain them again).
 */
export async function exportPayments(db: Db, o: { tenantId: string; actor: { id: string; roles: readonly StaffRole[] }; executionDate: string; now: Date }): Promise<ExportResult> {
  if (!EXPORT_ROLES.some((r) => o.actor.roles.includes(r))) return { ok: false, reason: 'forbidden', message: 'Zahlungsdateien erstellt die Kasse oder die Administration.' };
  const today = berlinDay(o.now);
  if (o.executionDate < today || o.executionDate > addDays(today, MAX_EXECUTION_DAYS)) {
    return { ok: false, reason: 'invalid', message: `Das Ausführungsdatum liegt zwischen heute und ${MAX_EXECUTION_DAYS} Tagen in der Zukunft.` };
  }
  try {
    const ids = await db.transaction(async (tx: Tx) => {
      const ordered = await orderedForExport(tx, o.tenantId);
      const { take } = exportPlan(ordered, await participants(tx, o.tenantId, ordered.map((i) => i.id)), o.actor.id, o.executionDate);
      if (take.length === 0) return [];
      const units = new Map((await listUnits(tx, o.tenantId)).map((u) => [u.id, u]));
      // One file per paying account (debtor); units sharing an account share the file.
      const groups = new Map<string, { unit: Unit; invoices: Invoice[] }>();
      for (const i of take) {
        const u = units.get(i.unitId)!;
        const g = groups.get(u.payerIban) ?? groups.set(u.payerIban, { unit: u, invoices: [] }).get(u.payerIban)!;
        g.invoices.push(i);
      }
      const stamp = o.now.toISOString().replace(/\D/g, '').slice(0, 14);
      const out: string[] = [];
      let n = 0;
      for (const g of groups.values()) {
        const messageId = `EINV-${stamp}-${++n}-${g.invoices[0]!.id.slice(0, 8).toUpperCase()}`;
        let xml: string;
        try {
          xml = buildPain001(painOptions(g.unit, g.invoices, { messageId, createdAt: o.now, executionDate: o.executionDate }));
        } catch (e) {
          if (e instanceof Pain001Error) throw new Abort('invalid', `${e.message}. Es wurde keine Zahlungsdatei erstellt.`);
          throw e;
        }
        const totalCents = g.invoices.reduce((s, i) => s + i.orderCents!, 0);
        const file = await storeFile(tx, { tenantId: o.tenantId, name: `${messageId}.xml`, mime: 'application/xml', bytes: Buffer.from(xml, 'utf8'), now: o.now });
        const exportId = await insertExport(tx, { tenantId: o.tenantId, userId: o.actor.id, fileId: file.id, messageId, invoiceCount: g.invoices.length, totalCents, now: o.now });
        if ((await markExported(tx, o.tenantId, g.invoices.map((i) => i.id), exportId, o.now)) !== g.invoices.length) throw new Abort('conflict', 'Die angeordneten Rechnungen haben sich gerade geändert. Es wurde keine Zahlungsdatei erstellt; bitte versuchen Sie es noch einmal.');
        for (const i of g.invoices) await insertStep(tx, { tenantId: o.tenantId, invoiceId: i.id, step: 'export', userId: o.actor.id, at: o.now, reason: messageId });
        await audit(
          tx,
          { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'einvoice.exported', objectType: 'einvoice_export', objectId: exportId, details: { invoices: g.invoices.map((i) => i.id), count: g.invoices.length, cents: totalCents, executionDate: o.executionDate } },
          o.now,
        );
        out.push(exportId);
      }
      return out;
    });
    if (ids.length === 0) return { ok: false, reason: 'nothing', message: 'Es gibt bis zu diesem Ausführungsdatum keine angeordneten Rechnungen, die Sie in eine Zahlungsdatei aufnehmen können. Es wurde keine Datei erstellt.' };
    const exports = (await Promise.all(ids.map((id) => exportById(db, o.tenantId, id)))).filter((x): x is PaymentExport => !!x);
    return { ok: true, exports, count: exports.reduce((s, x) => s + x.invoiceCount, 0), totalCents: exports.reduce((s, x) => s + x.totalCents, 0) };
  } catch (e) {
    if (e instanceof Abort) return { ok: false, reason: e.reason, message: e.message };
    throw e;
  }
}
