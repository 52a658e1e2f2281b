// Routes of the treasury (Kasse). Thin: load → authorize (policy) → validate → transaction → one command → page.
import { alert, findUserByEmail, fileContent, isUuid, newToken, notFound, str, type Ctx, type FieldErrors, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { addMandate } from './commands/add-mandate.ts';
import { bookPayment } from './commands/book-payment.ts';
import { createClaim } from './commands/create-claim.ts';
import { issueNotice } from './commands/issue-notice.ts';
import { reverseBooking } from './commands/reverse-booking.ts';
import { revokeMandate } from './commands/revoke-mandate.ts';
import { saveSettings } from './commands/save-settings.ts';
import { berlinDay } from './money.ts';
import { treasuryPolicy } from './policy.ts';
import { bookingById, bookingsOf, claimById, debtorById, financeSettings, instalmentsOf, listDebtors, mandateById, mandatesOfDebtor, searchClaims, type Claim } from './repository.ts';
import { emptyClaimForm, parseBookingForm, parseClaimForm, parseMandateForm, parseSearch, parseSettingsForm, type BookingForm, type MandateForm } from './schema.ts';
import { claimStaffPage, debtorPage, listPage, newClaimPage, settingsPage, staffBase, STATE_FILTER_KEYS, type StateFilter } from './staff-views.ts';
import { pageOf } from './ui.ts';

const M = 'finance' as const;
const PAGE = 50;
const DEBTOR_CHOICES = 500;

export function staffRoutes(r: Router, p: Platform): void {
  const actor = (c: Ctx) => ({ tenantId: c.tenant!.id, actorId: c.user!.id, actorKind: 'staff' as const, now: c.now });

  async function loadClaim(c: Ctx): Promise<Claim> {
    const id = c.params.id;
    const claim = isUuid(id) ? await claimById(p.db, c.tenant!.id, id) : undefined;
    if (!claim) throw notFound();
    return claim;
  }

  async function claimView(c: Ctx, claim: Claim, o: { booking?: BookingForm; errors?: FieldErrors; notice?: SafeHtml } = {}) {
    const tenantId = c.tenant!.id;
    const [fresh, debtor, instalments, bookings, mandate] = await Promise.all([
      claimById(p.db, tenantId, claim.id),
      debtorById(p.db, tenantId, claim.debtorId),
      instalmentsOf(p.db, tenantId, claim.id),
      bookingsOf(p.db, tenantId, claim.id),
      claim.mandateId ? mandateById(p.db, tenantId, claim.mandateId) : Promise.resolve(undefined),
    ]);
    return claimStaffPage(c, { claim: fresh!, debtor: debtor!, instalments, bookings, mandate, today: berlinDay(c.now), formKey: o.booking?.schluessel || newToken(), ...o });
  }

  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/finanzen/forderungen',
    policy: treasuryPolicy,
    module: M,
    handler: async (c) => {
      const query = (c.query.suche ?? '').slice(0, 100).trim();
      const state: StateFilter = (STATE_FILTER_KEYS as string[]).includes(c.query.stand ?? '') ? (c.query.stand as StateFilter) : '';
      const pageNo = pageOf(c.query.seite);
      const today = berlinDay(c.now);
      const search = parseSearch(query);
      if (search.kind === 'error') {
        c.reply.code(422);
        return listPage(c, { query, state, items: [], page: 1, more: false, error: search.error, today });
      }
      const items = await searchClaims(
        p.db,
        c.tenant!.id,
        { ...(search.kind === 'kassenzeichen' ? { kassenzeichen: search.kassenzeichen } : {}), ...(search.kind === 'name' ? { name: search.name } : {}), ...(state ? { state } : {}), today },
        { offset: (pageNo - 1) * PAGE, limit: PAGE + 1 },
      );
      return listPage(c, { query, state, items: items.slice(0, PAGE), page: pageNo, more: items.length > PAGE, today });
    },
  });

  // New claim
  const debtorChoices = async (c: Ctx, selected: string) => {
    const list = await listDebtors(p.db, c.tenant!.id, DEBTOR_CHOICES);
    if (isUuid(selected) && !list.some((d) => d.id === selected)) {
      const d = await debtorById(p.db, c.tenant!.id, selected);
      if (d) list.unshift(d);
    }
    return list;
  };
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/finanzen/forderungen/neu',
    policy: treasuryPolicy,
    module: M,
    handler: async (c) => {
      const pre = isUuid(c.query.schuldner) ? c.query.schuldner : undefined;
      const form = emptyClaimForm({ ...(pre ? { debtorId: pre } : {}), year: Number(berlinDay(c.now).slice(0, 4)) });
      return newClaimPage(c, { form, debtors: await debtorChoices(c, form.schuldner), key: newToken() });
    },
  });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/finanzen/forderungen/neu',
    policy: treasuryPolicy,
    module: M,
    handler: async (c) => {
      const tenantId = c.tenant!.id;
      const { form, errors, data } = parseClaimForm(c.body);
      const key = str(c.body, 'schluessel', 64);
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(key)) errors.schuldner ??= 'Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.';
      let userId: string | null = null;
      if (data && 'id' in data.debtor && !(await debtorById(p.db, tenantId, data.debtor.id))) errors.schuldner = 'Diesen Schuldner gibt es nicht (mehr). Bitte wählen Sie aus der Liste.';
      if (data && 'accountEmail' in data.debtor && data.debtor.accountEmail) {
        const u = await findUserByEmail(p.db, tenantId, data.debtor.accountEmail);
        if (u?.kind === 'citizen') userId = u.id;
        else errors.konto = 'Zu dieser E-Mail-Adresse gibt es bei uns kein Bürgerkonto. Bitte prüfen Sie die Adresse oder lassen Sie das Feld leer.';
      }
      if (!data || Object.keys(errors).length) {
        c.reply.code(422);
        return newClaimPage(c, { form, errors, debtors: await debtorChoices(c, form.schuldner), key: /^[A-Za-z0-9_-]{16,64}$/.test(key) ? key : newToken() });
      }
      const debtor = 'id' in data.debtor ? { id: data.debtor.id } : { kind: data.debtor.kind, name: data.debtor.name, street: data.debtor.street, postalCode: data.debtor.postalCode, city: data.debtor.city, userId };
      const res = await p.db.transaction((tx) =>
        createClaim(tx, { ...actor(c), debtor, type: data.type, title: data.title, year: data.year, instalments: data.instalments, source: 'staff', sourceRef: `form:${key}` }),
      );
      if (!res.ok) throw notFound();
      const url = `${staffBase(c)}/forderungen/${res.claimId}`;
      if (!res.created) {
        // The same form was sent twice (double click, reload): the first claim stands, nothing was saved twice.
        c.reply.code(409);
        return claimView(c, (await claimById(p.db, tenantId, res.claimId))!, { notice: alert('warning', 'Diese Forderung war schon angelegt (das Formular wurde doppelt abgeschickt). Es wurde nichts doppelt gespeichert.') });
      }
      if (data.notice) await issueNotice(p, { ...actor(c), claimId: res.claimId });
      c.redirect(url, 'finance.claimCreated');
    },
  });

  // Claim page, booking, reversal, notice
  r.route({ method: 'GET', url: '/:tenant/verwaltung/finanzen/forderungen/:id', policy: treasuryPolicy, module: M, handler: async (c) => claimView(c, await loadClaim(c)) });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/finanzen/forderungen/:id/zahlung',
    policy: treasuryPolicy,
    module: M,
    handler: async (c) => {
      const claim = await loadClaim(c);
      const { form, errors, data } = parseBookingForm(c.body);
      if (!data) {
        c.reply.code(422);
        return claimView(c, claim, { booking: form, errors });
      }
      const res = await p.db.transaction((tx) =>
        bookPayment(tx, { ...actor(c), claimId: claim.id, cents: data.cents, source: 'manual', sourceKey: `manual:${data.key}`, reference: data.reference, valueDate: data.valueDate }),
      );
      if (!res.ok) throw notFound();
      if (res.duplicate) {
        c.reply.code(409);
        return claimView(c, claim, { notice: alert('warning', 'Diese Zahlung war schon gebucht (das Formular wurde doppelt abgeschickt). Es wurde nichts doppelt gebucht.') });
      }
      c.redirect(`${staffBase(c)}/forderungen/${claim.id}`, 'finance.paymentBooked');
    },
  });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/finanzen/forderungen/:id/storno',
    policy: treasuryPolicy,
    module: M,
    handler: async (c) => {
      const claim = await loadClaim(c);
      const bookingId = str(c.body, 'buchung', 40);
      const kind = str(c.body, 'art', 10);
      const booking = isUuid(bookingId) ? await bookingById(p.db, c.tenant!.id, bookingId) : undefined;
      if (!booking || booking.claimId !== claim.id) throw notFound();
      if (kind !== 'return' && kind !== 'reversal') {
        c.reply.code(422);
        return claimView(c, claim, { errors: { betrag: 'Bitte wählen Sie den Grund der Rückbuchung: Rücklastschrift oder Storno.' } });
      }
      const res = await p.db.transaction((tx) => reverseBooking(tx, { ...actor(c), bookingId: booking.id, kind, reference: kind === 'return' ? 'Rücklastschrift' : 'Storno', valueDate: berlinDay(c.now) }));
      if (!res.ok && res.reason === 'not_found') throw notFound();
      if (!res.ok || res.duplicate) {
        c.reply.code(409);
        return claimView(c, claim, { notice: alert('warning', 'Diese Buchung ist schon zurückgebucht oder kann nicht zurückgebucht werden. Es wurde nichts geändert.') });
      }
      c.redirect(`${staffBase(c)}/forderungen/${claim.id}`, 'finance.bookingReversed');
    },
  });
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/finanzen/forderungen/:id/bescheid',
    policy: treasuryPolicy,
    module: M,
    handler: async (c) => {
      const claim = await loadClaim(c);
      const file = claim.noticeFileId ? await fileContent(p.db, c.tenant!.id, claim.noticeFileId) : undefined;
      if (!file) throw notFound();
      c.reply.header('Content-Disposition', `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`);
      return void c.reply.type(file.mime).send(file.content);
    },
  });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/finanzen/forderungen/:id/bescheid',
    policy: treasuryPolicy,
    module: M,
    handler: async (c) => {
      const claim = await loadClaim(c);
      const res = await issueNotice(p, { ...actor(c), claimId: claim.id });
      if (res === 'not_found') throw notFound();
      if (res === 'exists') {
        c.reply.code(409);
        return claimView(c, claim, { notice: alert('warning', 'Zu dieser Forderung gibt es schon einen Bescheid. Es wurde kein zweiter erstellt.') });
      }
      c.redirect(`${staffBase(c)}/forderungen/${claim.id}`, 'finance.noticeIssued');
    },
  });

  // Debtor and mandates
  async function debtorView(c: Ctx, o: { form?: MandateForm; errors?: FieldErrors; notice?: SafeHtml } = {}) {
    const tenantId = c.tenant!.id;
    const id = c.params.id;
    const debtor = isUuid(id) ? await debtorById(p.db, tenantId, id) : undefined;
    if (!debtor) throw notFound();
    const today = berlinDay(c.now);
    const [mandates, claims] = await Promise.all([mandatesOfDebtor(p.db, tenantId, debtor.id), searchClaims(p.db, tenantId, { debtorId: debtor.id, today }, { offset: 0, limit: 200 })]);
    const form = o.form ?? { referenz: '', iban: '', bic: '', inhaber: debtor.name, unterschrieben: '' };
    return { debtor, page: debtorPage(c, { debtor, mandates, claims, today, form, ...(o.errors ? { errors: o.errors } : {}), ...(o.notice ? { notice: o.notice } : {}) }) };
  }
  r.route({ method: 'GET', url: '/:tenant/verwaltung/finanzen/schuldner/:id', policy: treasuryPolicy, module: M, handler: async (c) => (await debtorView(c)).page });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/finanzen/schuldner/:id/mandate',
    policy: treasuryPolicy,
    module: M,
    handler: async (c) => {
      const { debtor } = await debtorView(c);
      const { form, errors, data } = parseMandateForm(c.body, { today: berlinDay(c.now) });
      const settings = await financeSettings(p.db, c.tenant!.id);
      if (data && !settings.creditorId) errors.referenz = 'Bitte tragen Sie zuerst die Gläubiger-Identifikationsnummer unter „Bankverbindung und Gläubiger-ID“ ein.';
      if (!data || Object.keys(errors).length) {
        c.reply.code(422);
        return (await debtorView(c, { form, errors })).page;
      }
      const res = await p.db.transaction((tx) => addMandate(tx, { tenantId: c.tenant!.id, debtorId: debtor.id, ...data, creditorId: settings.creditorId, actorId: c.user!.id, now: c.now }));
      if (!res.ok && res.reason === 'not_found') throw notFound();
      if (!res.ok) {
        c.reply.code(409);
        return (await debtorView(c, { form, errors: { referenz: 'Diese Mandatsreferenz ist schon vergeben.' } })).page;
      }
      c.redirect(`${staffBase(c)}/schuldner/${debtor.id}`, 'finance.mandateAdded');
    },
  });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/finanzen/schuldner/:id/mandate/:mid/widerruf',
    policy: treasuryPolicy,
    module: M,
    handler: async (c) => {
      const { debtor } = await debtorView(c);
      const mandate = isUuid(c.params.mid) ? await mandateById(p.db, c.tenant!.id, c.params.mid) : undefined;
      if (!mandate || mandate.debtorId !== debtor.id) throw notFound();
      const res = await p.db.transaction((tx) => revokeMandate(tx, { tenantId: c.tenant!.id, mandateId: mandate.id, on: berlinDay(c.now), actorId: c.user!.id, now: c.now }));
      if (res === 'not_found') throw notFound();
      if (res === 'already') {
        c.reply.code(409);
        return (await debtorView(c, { notice: alert('warning', 'Dieses Mandat war schon widerrufen. Es wurde nichts geändert.') })).page;
      }
      c.redirect(`${staffBase(c)}/schuldner/${debtor.id}`, 'finance.mandateRevoked');
    },
  });

  // Settings
  r.route({ method: 'GET', url: '/:tenant/verwaltung/finanzen/einstellungen', policy: treasuryPolicy, module: M, handler: async (c) => settingsPage(c, { form: await financeSettings(p.db, c.tenant!.id) }) });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/finanzen/einstellungen',
    policy: treasuryPolicy,
    module: M,
    handler: async (c) => {
      const { form, errors } = parseSettingsForm(c.body);
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return settingsPage(c, { form, errors });
      }
      await p.db.transaction((tx) => saveSettings(tx, { tenantId: c.tenant!.id, settings: form, actorId: c.user!.id, now: c.now }));
      c.redirect(`${staffBase(c)}/einstellungen`, 'finance.settingsSaved');
    },
  });
}
