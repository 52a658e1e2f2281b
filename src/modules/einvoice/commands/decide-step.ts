// The approval of an incoming invoice: sachlich richtig → rechnerisch richtig → Anordnung (payment order), each by
// an authorised person who took no earlier step of the same invoice (four eyes, in fact six). Staff of the treasury
// (role `treasury`) never order payments, whatever other roles they hold (NKomVG § 126 (4): Kasse and Anordnung are
// separate). A rejection sends the invoice back to the seller with a reason and ends its way here ('rejected'); the
// corrected invoice arrives as a new one. Every step and every refusal is audited.
import { audit, type Db, type StaffRole, type Tx } from '../../../kernel/index.ts';
import { berlinDay, openSkonto } from '../deadlines.ts';
import { insertStep, invoiceById, stepsOf, updateInvoice, type Invoice, type InvoiceState } from '../repository.ts';
import { normalIban, type ApprovalStep } from '../schema.ts';
import { ibanProblem, sepaText } from '../pain001.ts';

/** 999.999.999,99 €: the largest amount of one SEPA credit transfer. */
const MAX_SEPA_CENTS = 99_999_999_999;

export interface Actor {
  id: string;
  roles: readonly StaffRole[];
}

export type StepFailure = 'not_found' | 'forbidden' | 'treasury' | 'four_eyes' | 'invalid' | 'wrong_state' | 'conflict' | 'not_payable' | 'amount';
export type StepResult = { ok: true; invoice: Invoice } | { ok: false; reason: StepFailure; message: string };

/** Who may take each step (the route's policy admits the union; the command decides per step). */
export const STEP_ROLES: Record<ApprovalStep, readonly StaffRole[]> = {
  sachlich: ['admin', 'clerk', 'lead'],
  rechnerisch: ['admin', 'lead', 'clerk'],
  anordnung: ['admin', 'lead'],
};
/** Who may reject an invoice back to the seller. */
export const REJECT_ROLES: readonly StaffRole[] = ['admin', 'clerk', 'lead'];

const FROM: Record<ApprovalStep, InvoiceState> = { sachlich: 'received', rechnerisch: 'sachlich', anordnung: 'rechnerisch' };
const TO: Record<ApprovalStep, InvoiceState> = { sachlich: 'sachlich', rechnerisch: 'rechnerisch', anordnung: 'ordered' };
const LABEL: Record<ApprovalStep, string> = { sachlich: 'Sachlich richtig', rechnerisch: 'Rechnerisch richtig', anordnung: 'Zahlung anordnen' };
const AUDIT: Record<ApprovalStep, string> = { sachlich: 'einvoice.sachlich', rechnerisch: 'einvoice.rechnerisch', anordnung: 'einvoice.ordered' };

export const STEP_MESSAGES: Record<Exclude<StepFailure, 'not_found'>, string> = {
  forbidden: 'Diesen Schritt darf Ihre Rolle nicht gehen. Es wurde nichts gespeichert.',
  treasury: 'Mitarbeitende der Kasse dürfen keine Zahlungen anordnen (Trennung von Anordnung und Zahlung). Das gilt auch, wenn Sie weitere Rollen haben. Es wurde nichts gespeichert.',
  four_eyes: 'Sie haben an dieser Rechnung schon einen Schritt erledigt. Nach dem Vier-Augen-Prinzip muss eine andere Person diesen Schritt gehen. Es wurde nichts gespeichert.',
  invalid: 'Die Rechnung ist ungültig (siehe Prüfbericht) und kann nicht freigegeben oder zur Zahlung angeordnet werden. Sie können sie mit einer Begründung an den Rechnungssteller zurückweisen.',
  wrong_state: 'Dieser Schritt ist im aktuellen Stand der Rechnung nicht möglich. Hier ist der aktuelle Stand.',
  conflict: 'Die Rechnung wurde inzwischen geändert (zum Beispiel von einer Kollegin oder durch einen doppelten Klick). Es wurde nichts gespeichert. Hier ist der aktuelle Stand.',
  not_payable: 'Diese Rechnung kann nicht per Überweisung angeordnet werden.',
  amount: 'Den gewählten Zahlbetrag gibt es nicht (mehr), zum Beispiel weil die Skontofrist abgelaufen ist. Bitte wählen Sie erneut.',
};

class Abort extends Error {
  constructor(readonly reason: StepFailure) {
    super(reason);
  }
}

const fail = (reason: StepFailure, message?: string): StepResult => ({ ok: false, reason, message: message ?? (reason === 'not_found' ? '' : STEP_MESSAGES[reason]) });

async function run(db: Db, fn: (tx: Tx) => Promise<StepResult>): Promise<StepResult> {
  try {
    return await db.transaction(fn);
  } catch (e) {
    if (e instanceof Abort) return fail(e.reason);
    throw e;
  }
}

async function refused(tx: Tx, o: { tenantId: string; actor: Actor; invoiceId: string; now: Date }, step: string, reason: StepFailure): Promise<StepResult> {
  await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'einvoice.step_refused', objectType: 'einvoice', objectId: o.invoiceId, details: { step, reason } }, o.now);
  return fail(reason);
}

/** Why an invoice cannot be paid by SEPA credit transfer (German), or undefined when it can. */
export function notPayable(inv: Invoice): string | undefined {
  if (inv.format === 'ubl-creditnote' || inv.typeCode === '381') return 'Sie ist eine Gutschrift; Gutschriften werden nicht überwiesen.';
  if (inv.currency !== 'EUR') return `Sie lautet nicht auf Euro (${inv.currency ?? 'keine Währung'}); SEPA-Überweisungen gibt es nur in Euro.`;
  if (inv.amountDueCents === null) return `Der Zahlbetrag (BT-115) „${inv.amountDue ?? '–'}“ ist kein Euro-Betrag mit höchstens zwei Nachkommastellen.`;
  if (inv.amountDueCents <= 0) return 'Der Zahlbetrag (BT-115) ist nicht größer als 0 €; es ist nichts zu überweisen.';
  if (inv.amountDueCents > MAX_SEPA_CENTS) return 'Der Zahlbetrag übersteigt den SEPA-Höchstbetrag von 999.999.999,99 €.';
  if (!inv.payeeIban) return 'Sie enthält keine IBAN des Zahlungsempfängers (BT-84).';
  if (!normalIban(inv.payeeIban)) return ibanProblem(inv.payeeIban) ?? `Die IBAN des Zahlungsempfängers „${inv.payeeIban}“ ist ungültig.`;
  if (!sepaText(inv.payeeName || inv.sellerName, 70)) return 'Sie nennt keinen Zahlungsempfänger (BT-59 oder BT-27).';
  return undefined;
}

/** The amounts the Anordnung can release today: the full amount and each Skonto step still open. */
export function amountChoices(inv: Invoice, today: string): { key: string; cents: number; until?: string; percent?: string }[] {
  if (inv.amountDueCents === null) return [];
  const open = openSkonto(inv.skonto, today);
  return [
    { key: 'voll', cents: inv.amountDueCents },
    ...inv.skonto.flatMap((s, i) => (open.includes(s) ? [{ key: `skonto-${i}`, cents: s.payCents!, until: s.until!, percent: s.percent }] : [])),
  ];
}

/**
 * One approval step from the version the actor saw. For the Anordnung, `amount` chooses the full amount ('voll') or
 * an open Skonto step ('skonto-<n>'); the execution date is the due date (or today when it has passed), with Skonto
 * today.
 */
export async function decideStep(
  db: Db,
  o: { tenantId: string; actor: Actor; invoiceId: string; step: ApprovalStep; version: number; note?: string; amount?: string; now: Date },
): Promise<StepResult> {
  return run(db, async (tx) => {
    const inv = await invoiceById(tx, o.tenantId, o.invoiceId);
    if (!inv) return fail('not_found');
    // Checked on its own and first, because a treasurer may also hold the role admin or lead.
    if (o.step === 'anordnung' && o.actor.roles.includes('treasury')) return refused(tx, o, o.step, 'treasury');
    if (!STEP_ROLES[o.step].some((r) => o.actor.roles.includes(r))) return refused(tx, o, o.step, 'forbidden');
    if (inv.state === 'invalid') return fail('invalid');
    if (inv.state !== FROM[o.step]) return fail('wrong_state');
    if (inv.version !== o.version) return fail('conflict');
    const steps = await stepsOf(tx, o.tenantId, inv.id);
    if (steps.some((s) => s.userId === o.actor.id && (s.step === 'sachlich' || s.step === 'rechnerisch' || s.step === 'anordnung'))) return refused(tx, o, o.step, 'four_eyes');
    let order: { orderCents: number; orderDate: string } | undefined;
    if (o.step === 'anordnung') {
      const why = notPayable(inv);
      if (why) return fail('not_payable', `${STEP_MESSAGES.not_payable} ${why} Sie können sie mit einer Begründung zurückweisen.`);
      const today = berlinDay(o.now);
      const choice = amountChoices(inv, today).find((x) => x.key === (o.amount ?? 'voll'));
      if (!choice) return fail('amount');
      order = { orderCents: choice.cents, orderDate: choice.until ? today : inv.dueDate > today ? inv.dueDate : today };
    }
    if (!(await updateInvoice(tx, o.tenantId, inv.id, inv.version, { state: TO[o.step], ...(order ?? {}) }, o.now))) throw new Abort('conflict');
    await insertStep(tx, { tenantId: o.tenantId, invoiceId: inv.id, step: o.step, userId: o.actor.id, at: o.now, reason: o.note?.trim() || null });
    await audit(
      tx,
      {
        tenantId: o.tenantId,
        actorId: o.actor.id,
        actorKind: 'staff',
        action: AUDIT[o.step],
        objectType: 'einvoice',
        objectId: inv.id,
        details: { from: inv.state, to: TO[o.step], ...(order ? { cents: order.orderCents, skonto: order.orderCents !== inv.amountDueCents } : {}) },
      },
      o.now,
    );
    return { ok: true, invoice: (await invoiceById(tx, o.tenantId, inv.id))! };
  });
}

/** Which states a rejection is possible from: everything not yet paid and not already rejected. */
export const REJECTABLE: readonly InvoiceState[] = ['received', 'invalid', 'sachlich', 'rechnerisch', 'ordered'];

/** Sends the invoice back to the seller with a reason (required); it leaves the worklist as 'rejected'. */
export async function rejectInvoice(db: Db, o: { tenantId: string; actor: Actor; invoiceId: string; version: number; reason: string; now: Date }): Promise<StepResult> {
  return run(db, async (tx) => {
    const inv = await invoiceById(tx, o.tenantId, o.invoiceId);
    if (!inv) return fail('not_found');
    if (!REJECT_ROLES.some((r) => o.actor.roles.includes(r))) return refused(tx, o, 'reject', 'forbidden');
    if (!REJECTABLE.includes(inv.state)) return fail('wrong_state');
    if (inv.version !== o.version) return fail('conflict');
    if (!(await updateInvoice(tx, o.tenantId, inv.id, inv.version, { state: 'rejected', rejectReason: o.reason, orderCents: null, orderDate: null }, o.now))) throw new Abort('conflict');
    await insertStep(tx, { tenantId: o.tenantId, invoiceId: inv.id, step: 'reject', userId: o.actor.id, at: o.now, reason: o.reason });
    await audit(tx, { tenantId: o.tenantId, actorId: o.actor.id, actorKind: 'staff', action: 'einvoice.rejected', objectType: 'einvoice', objectId: inv.id, details: { from: inv.state } }, o.now);
    return { ok: true, invoice: (await invoiceById(tx, o.tenantId, inv.id))! };
  });
}

/** German label of an approval step (pages, messages). */
export function stepLabel(step: ApprovalStep): string {
  return LABEL[step];
}
