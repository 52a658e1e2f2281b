// Routes of the Bürgerkonto's "Gebühren und Steuern": only the signed-in citizen's own claims (others answer 404).
import { fileContent, isUuid, notFound, policies, type Ctx, type Platform, type Router } from '../../kernel/index.ts';
import { accountBookings, accountClaims, accountSummary, upcomingInstalments, ACCOUNT_TABS, type AccountTab } from './account.repository.ts';
import { claimPage, historyPage, overviewPage } from './account-views.ts';
import { berlinDay } from './money.ts';
import { bookingsOf, claimById, instalmentsOf, type Claim } from './repository.ts';
import { pageOf } from './ui.ts';

const PAGE = 50;
const M = 'finance' as const;

export function accountRoutes(r: Router, p: Platform): void {
  /** The claim if it belongs to a debtor linked to the signed-in citizen; 404 for anything else. */
  async function ownClaim(c: Ctx): Promise<Claim> {
    const id = c.params.id;
    const claim = isUuid(id) ? await claimById(p.db, c.tenant!.id, id) : undefined;
    if (!claim || claim.debtorUserId !== c.user!.id) throw notFound();
    return claim;
  }

  r.route({
    method: 'GET',
    url: '/:tenant/konto/finanzen',
    policy: policies.citizen,
    module: M,
    handler: async (c) => {
      const tenantId = c.tenant!.id;
      const userId = c.user!.id;
      const today = berlinDay(c.now);
      const tab: AccountTab = (ACCOUNT_TABS as readonly string[]).includes(c.query.ansicht ?? '') ? (c.query.ansicht as AccountTab) : 'offen';
      const year = /^20\d\d$/.test(c.query.jahr ?? '') ? Number(c.query.jahr) : undefined;
      const pageNo = pageOf(c.query.seite);
      const [summary, due, claims, history] = await Promise.all([
        accountSummary(p.db, tenantId, userId, today),
        upcomingInstalments(p.db, tenantId, userId, 5),
        accountClaims(p.db, tenantId, userId, { tab, year, offset: (pageNo - 1) * PAGE, limit: PAGE + 1 }),
        accountBookings(p.db, tenantId, userId, { offset: 0, limit: 10 }),
      ]);
      return overviewPage(c, { today, summary, due, tab, year, page: pageNo, claims: claims.slice(0, PAGE), more: claims.length > PAGE, history });
    },
  });

  r.route({
    method: 'GET',
    url: '/:tenant/konto/finanzen/zahlungen',
    policy: policies.citizen,
    module: M,
    handler: async (c) => {
      const pageNo = pageOf(c.query.seite);
      const items = await accountBookings(p.db, c.tenant!.id, c.user!.id, { offset: (pageNo - 1) * PAGE, limit: PAGE + 1 });
      return historyPage(c, { items: items.slice(0, PAGE), page: pageNo, more: items.length > PAGE });
    },
  });

  r.route({
    method: 'GET',
    url: '/:tenant/konto/finanzen/forderung/:id',
    policy: policies.citizen,
    module: M,
    handler: async (c) => {
      const claim = await ownClaim(c);
      const [instalments, bookings] = await Promise.all([instalmentsOf(p.db, c.tenant!.id, claim.id), bookingsOf(p.db, c.tenant!.id, claim.id)]);
      return claimPage(c, { claim, instalments, bookings, today: berlinDay(c.now) });
    },
  });

  r.route({
    method: 'GET',
    url: '/:tenant/konto/finanzen/forderung/:id/bescheid',
    policy: policies.citizen,
    module: M,
    handler: async (c) => {
      const claim = await ownClaim(c);
      const file = claim.noticeFileId ? await fileContent(p.db, c.tenant!.id, claim.noticeFileId) : undefined;
      if (!file) throw notFound();
      c.reply.header('Content-Disposition', `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`);
      return void c.reply.type(file.mime).send(file.content);
    },
  });
}
