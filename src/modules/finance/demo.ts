// Demo receivables: the demo citizen with Grundsteuer (quarterly, by direct debit), Hundesteuer (yearly), a settled and
// an overdue claim, bookings and notices (PDF, in the postbox); a company and a person without Bürgerkonto. Dates are
// relative to `now`, so the demo always shows something due next, something overdue and something settled.
import { findTenantById, type Tx } from '../../kernel/index.ts';
import { addMandate } from './commands/add-mandate.ts';
import { bookPayment, type PaymentSource } from './commands/book-payment.ts';
import { createClaim, type CreateClaim } from './commands/create-claim.ts';
import { attachNotice, renderNoticeOf } from './commands/issue-notice.ts';
import { addDays, berlinDay, quarterlyDates, splitEvenly } from './money.ts';
import { germanIban } from './reconcile/text.ts';
import { claimById, instalmentsOf, saveFinanceSettings } from './repository.ts';

const at = (iso: string) => new Date(`${iso}T09:00:00Z`);

/** Seeds the demo receivables of one tenant (in the demo seed's transaction). */
export async function seedFinanceDemo(tx: Tx, tenantId: string, o: { citizenUserId: string | null; now: Date; baseUrl?: string }): Promise<{ claims: number }> {
  const tenant = (await findTenantById(tx, tenantId))!;
  const baseUrl = o.baseUrl ?? 'http://127.0.0.1:3000';
  const today = berlinDay(o.now);
  const y = Number(today.slice(0, 4));
  const authority = `${tenant.kind === 'amt' ? 'Amt' : tenant.kind === 'stadt' ? 'Stadt' : 'Gemeinde'} ${tenant.name}`;
  const creditorId = 'DE98ZZZ09999999999';
  await saveFinanceSettings(tx, tenantId, { accountHolder: `${authority} – Kasse`, bankName: 'Sparkasse Demo', iban: germanIban('13050000', String(200_000 + (tenant.slug.length % 97))), bic: 'DEMODEM1XXX', creditorId }, o.now);

  let count = 0;
  const claim = async (when: Date, c: Omit<CreateClaim, 'tenantId' | 'actorId' | 'actorKind' | 'now' | 'source'>, notice: boolean) => {
    const res = await createClaim(tx, { ...c, tenantId, actorId: null, actorKind: 'system', now: when, source: 'demo' });
    if (!res.ok) throw new Error(`demo claim refused: ${res.reason}`);
    count++;
    if (notice) {
      const full = (await claimById(tx, tenantId, res.claimId))!;
      const rendered = await renderNoticeOf(tx, { tenant, claim: full, baseUrl, now: when });
      await attachNotice(tx, { tenantId, notice: rendered, actorId: null, actorKind: 'system', now: when });
    }
    return res;
  };
  const pay = async (claimId: string, cents: number, source: PaymentSource, valueDate: string, key: string) => {
    const res = await bookPayment(tx, { tenantId, claimId, cents, source, sourceKey: `demo:${claimId}:${key}`, reference: source === 'bank' ? 'Überweisung' : 'SEPA-Lastschrift', valueDate, actorId: null, actorKind: 'system', now: at(valueDate) });
    if (!res.ok) throw new Error(`demo booking refused: ${res.reason}`);
  };
  const street = tenant.slug === 'havelwerder' ? 'Lindenweg 4' : 'Dorfstraße 12';

  // The demo citizen (buerger@…): Grundsteuer by direct debit, Hundesteuer, one overdue fee.
  if (o.citizenUserId) {
    const berta = await claim(
      at(`${y - 1}-01-12`),
      {
        debtor: { kind: 'person', name: 'Berta Bürgerin', street, postalCode: tenant.postalCode, city: tenant.city, userId: o.citizenUserId, ibans: [] },
        type: 'grundsteuer',
        title: `Grundsteuer B ${y - 1}, ${street}`,
        year: y - 1,
        instalments: splitEvenly(41_234, quarterlyDates(y - 1)),
      },
      true,
    );
    const debtor = { id: berta.debtorId };
    const mandate = await addMandate(tx, { tenantId, debtorId: berta.debtorId, mandateRef: `GRST-${y - 2}-000417`, iban: germanIban('12030000', '1020304050'), bic: '', accountHolder: 'Berta Bürgerin', creditorId, signedOn: `${y - 2}-12-03`, actorId: null, now: at(`${y - 2}-12-05`) });
    for (const i of await instalmentsOf(tx, tenantId, berta.claimId)) await pay(berta.claimId, i.amountCents, 'direct_debit', i.dueDate, `dd${i.seq}`);
    const dog = await claim(at(`${y - 1}-01-12`), { debtor, type: 'hundesteuer', title: `Hundesteuer ${y - 1} (ein Hund)`, year: y - 1, instalments: [{ dueDate: `${y - 1}-07-01`, amountCents: 9_600 }] }, true);
    await pay(dog.claimId, 9_600, 'bank', `${y - 1}-06-27`, 'bank');
    await claim(o.now, { debtor, type: 'grundsteuer', title: `Grundsteuer B ${y + 1}, ${street}`, year: y + 1, instalments: splitEvenly(42_010, quarterlyDates(y + 1)), ...(mandate.ok ? { mandateId: mandate.mandateId } : {}) }, true);
    await claim(o.now, { debtor, type: 'hundesteuer', title: `Hundesteuer ${y + 1} (ein Hund)`, year: y + 1, instalments: [{ dueDate: `${y + 1}-02-15`, amountCents: 9_600 }] }, true);
    const overdueDue = addDays(today, -21);
    await claim(at(addDays(today, -35)), { debtor, type: 'fee', title: 'Gebühr Sondernutzungserlaubnis (Baugerüst)', year: Number(overdueDue.slice(0, 4)), instalments: [{ dueDate: overdueDue, amountCents: 8_500 }] }, true);
  }

  // A company (Gewerbesteuer-Vorauszahlungen) and a person without Bürgerkonto (Grundsteuer, Hundesteuer overpaid).
  await claim(
    o.now,
    {
      debtor: { kind: 'company', name: 'Müller Bau GmbH', street: 'Gewerbering 7', postalCode: tenant.postalCode, city: tenant.city, userId: null, ibans: [germanIban('13050000', '7788990011')] },
      type: 'gewerbesteuer',
      title: `Gewerbesteuer-Vorauszahlungen ${y + 1}`,
      year: y + 1,
      instalments: splitEvenly(480_000, quarterlyDates(y + 1)),
    },
    true,
  );
  const jens = await claim(
    o.now,
    { debtor: { kind: 'person', name: 'Jens Petersen', street: 'Am Hafen 3', postalCode: tenant.postalCode, city: tenant.city, userId: null, ibans: [] }, type: 'grundsteuer', title: `Grundsteuer B ${y + 1}, Am Hafen 3`, year: y + 1, instalments: splitEvenly(28_750, quarterlyDates(y + 1)) },
    true,
  );
  const jensDog = await claim(at(`${y - 1}-01-12`), { debtor: { id: jens.debtorId }, type: 'hundesteuer', title: `Hundesteuer ${y - 1} (ein Hund)`, year: y - 1, instalments: [{ dueDate: `${y - 1}-07-01`, amountCents: 9_600 }] }, false);
  await pay(jensDog.claimId, 10_000, 'bank', `${y - 1}-06-30`, 'bank');
  return { claims: count };
}
