import { fileURLToPath } from 'node:url';
import { html, type ModuleDefinition } from '../../kernel/index.ts';
import { accountBookings, accountClaims, accountTeaser } from './account.repository.ts';
import { accountRoutes } from './account-routes.ts';
import { bookOnlinePayment } from './commands/book-online-payment.ts';
import { berlinDay, germanDay } from './money.ts';
import { treasuryPolicy } from './policy.ts';
import { debtorsOfUser } from './repository.ts';
import { staffRoutes } from './staff-routes.ts';
import { SOURCE_LABELS, TYPE_LABELS } from './ui.ts';

/** Commands for what comes next (statement import, reconciliation, dunning): claims, bookings, returns, notices. */
export { createClaim, drawKassenzeichen, FINANCE_KZ_OFFSET, type CreateClaim, type CreateClaimResult, type NewDebtor } from './commands/create-claim.ts';
export { bookPayment, type BookingResult, type PaymentSource } from './commands/book-payment.ts';
export { reverseBooking } from './commands/reverse-booking.ts';
export { attachNotice, issueNotice, renderNoticeOf, type RenderedNotice } from './commands/issue-notice.ts';
export { bookOnlinePayment } from './commands/book-online-payment.ts';
export { addMandate } from './commands/add-mandate.ts';
export { revokeMandate } from './commands/revoke-mandate.ts';
/** Exact money and date arithmetic of receivables (integer cents, Berlin days). */
export { allocateOldestFirst, berlinDay, centsToInput, parseAmount, parseDay, quarterlyDates, splitEvenly, MAX_CENTS } from './money.ts';
export { normalizeKassenzeichen, parseSearch } from './schema.ts';
export { claimById, claimByKassenzeichen, debtorById, instalmentsOf, bookingsOf, type Booking, type Claim, type ClaimType, type Debtor, type Instalment, type Mandate } from './repository.ts';
/** Demo receivables for the demo seed. */
export { seedFinanceDemo } from './demo.ts';
export { treasuryPolicy };

/**
 * Finance (Forderungen): debtors linked to Bürgerkonten, claims with Kassenzeichen and instalments, notices (PDF, into
 * the postbox), bookings (online payments from the payments module, manual, returns), SEPA mandates; the citizen's
 * "Gebühren und Steuern" in the Bürgerkonto and the treasury's pages.
 */
export const financeModule: ModuleDefinition = {
  id: 'finance',
  cafeteria: 'finance',
  startPath: '/konto/finanzen',
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  adminLinks: [
    { key: 'module.finance', label: (lang) => (lang === 'en' ? 'Receivables' : 'Forderungen (Kasse)'), path: '/verwaltung/finanzen/forderungen', policy: treasuryPolicy },
    { key: 'module.finance', label: (lang) => (lang === 'en' ? 'Bank details for notices' : 'Bankverbindung und Gläubiger-ID'), path: '/verwaltung/finanzen/einstellungen', policy: treasuryPolicy },
  ],
  on: {
    // A verified online payment of an application fee becomes a booking on its claim (created if needed), exactly once.
    'payment.status': async (tx, e) => {
      await bookOnlinePayment(tx, e);
    },
  },
  async accountSections(c) {
    if (c.user?.kind !== 'citizen') return undefined;
    const t = await accountTeaser(c.platform.db, c.tenant!.id, c.user.id, berlinDay(c.now));
    if (t.debtors === 0) return undefined;
    const what = t.open === 0 ? 'keine offenen Forderungen' : `${t.open} ${t.open === 1 ? 'offene Forderung' : 'offene Forderungen'}`;
    return html`<h2 class="kern-heading-medium">Gebühren und Steuern</h2>
<p class="kern-body">Gebühren und Steuern: ${what}${t.overdue ? `, davon ${t.overdue} überfällig` : ''}${t.nextDue ? `, nächste Fälligkeit ${germanDay(t.nextDue)}` : ''}.</p>
<p class="kern-body"><a class="kern-link" href="/${c.tenant!.slug}/konto/finanzen">Gebühren und Steuern ansehen</a></p>`;
  },
  async personalData(c) {
    const db = c.platform.db;
    const [debtors, claims, bookings] = await Promise.all([
      debtorsOfUser(db, c.tenant!.id, c.user!.id),
      accountClaims(db, c.tenant!.id, c.user!.id, { tab: 'alle', offset: 0, limit: 10_000 }),
      accountBookings(db, c.tenant!.id, c.user!.id, { offset: 0, limit: 10_000 }),
    ]);
    if (debtors.length === 0) return undefined;
    const byClaim = new Map<string, typeof bookings>();
    for (const b of bookings) byClaim.set(b.claimId, [...(byClaim.get(b.claimId) ?? []), b]);
    return {
      title: 'Gebühren und Steuern',
      records: [
        ...debtors.map((d) => ({ schuldner: d.name, anschrift: [d.street, `${d.postalCode} ${d.city}`.trim()].filter(Boolean).join(', '), konten: d.ibans })),
        ...claims.map((x) => ({
          kassenzeichen: x.kassenzeichen,
          art: TYPE_LABELS[x.type],
          bezeichnung: x.title,
          jahr: x.year,
          betrag_cent: x.amountCents,
          offen_cent: x.openCents,
          stand: x.state,
          zahlungen: (byClaim.get(x.id) ?? []).map((b) => ({ datum: b.valueDate, art: SOURCE_LABELS[b.source], betrag_cent: b.cents })),
        })),
      ],
    };
  },
  routes(r, p) {
    accountRoutes(r, p);
    staffRoutes(r, p);
  },
};
