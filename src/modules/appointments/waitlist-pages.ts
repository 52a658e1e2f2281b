import { alert, descriptionList, formatDate, html, isUuid, notFound, page, policies, postForm, str, type Ctx, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { confirmEntry, withdrawEntry } from './commands/waitlist.ts';
import { linkToken, tokenMatches } from './tokens.ts';
import { entryById, positionOf, type WaitEntry } from './waitlist.repository.ts';
import { base } from './view.ts';

const STATUS: Record<WaitEntry['status'], string> = {
  unconfirmed: 'noch nicht bestätigt',
  waiting: 'wartet auf einen frei werdenden Termin',
  offered: 'ein Termin ist für Sie zurückgelegt',
  booked: 'erledigt: Termin gebucht',
  lapsed: 'beendet (Angebot nicht bestätigt oder Zeitraum vorbei)',
  withdrawn: 'abgemeldet',
};

/** The private link of a waitlist entry: confirm (double opt-in), see the position, withdraw. */
export function waitlistPages(r: Router, p: Platform): void {
  const own = async (c: Ctx, token: string): Promise<WaitEntry> => {
    const id = c.params.id ?? '';
    const e = isUuid(id) ? await entryById(p.db, c.tenant!.id, id) : undefined;
    if (!e || !tokenMatches(token, e.tokenHash)) throw notFound();
    return e;
  };
  const entryPage = async (c: Ctx, e: WaitEntry, token: string, notice?: SafeHtml) => {
    const position = e.status === 'waiting' ? await positionOf(p.db, c.tenant!.id, e) : 0;
    const hidden = html`<input type="hidden" name="token" value="${token}">`;
    return page(c, { title: 'Ihr Platz auf der Warteliste' }, html`<div class="narrow"><h1 class="kern-heading-large">Ihr Platz auf der Warteliste</h1>${notice ?? ''}
${descriptionList([
  ['Anliegen', `${e.serviceName}${e.persons > 1 ? ` (${e.persons} Personen)` : ''}`],
  ['Standort', e.locationName],
  ['Zeitraum', `${formatDate(new Date(`${e.earliest}T12:00:00Z`), c.lang)} bis ${formatDate(new Date(`${e.latest}T12:00:00Z`), c.lang)}`],
  ['Stand', STATUS[e.status]],
  ...(position ? [['Platz in der Reihe', String(position)] as const] : []),
])}
${e.status === 'offered' && e.bookingId ? html`<p class="kern-body"><a class="kern-link" href="${base(c)}/${e.bookingId}?token=${linkToken(p.config.secretKey, 'booking', e.bookingId)}">Zum angebotenen Termin</a></p>` : ''}
${e.status === 'unconfirmed' ? postForm(c, `${base(c)}/warteliste/${e.id}/bestaetigen`, hidden, 'Platz auf der Warteliste bestätigen') : ''}
${e.status === 'unconfirmed' || e.status === 'waiting' ? postForm(c, `${base(c)}/warteliste/${e.id}/abmelden`, hidden, 'Von der Warteliste abmelden') : ''}</div>`);
  };

  r.route({ method: 'GET', url: '/:tenant/termine/warteliste/:id', policy: policies.public, module: 'appointments', handler: async (c) => entryPage(c, await own(c, c.query.token ?? ''), c.query.token ?? '') });
  r.route({
    method: 'POST',
    url: '/:tenant/termine/warteliste/:id/bestaetigen',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => {
      const token = str(c.body, 'token', 60);
      const e = await own(c, token);
      const ok = await confirmEntry(p.db, c.tenant!.id, e, c.now);
      const fresh = (await entryById(p.db, c.tenant!.id, e.id))!;
      return entryPage(c, fresh, token, ok ? alert('success', 'Sie stehen jetzt auf der Warteliste. Wird ein Termin frei, schreiben wir Ihnen.') : undefined);
    },
  });
  r.route({
    method: 'POST',
    url: '/:tenant/termine/warteliste/:id/abmelden',
    policy: policies.public,
    module: 'appointments',
    handler: async (c) => {
      const token = str(c.body, 'token', 60);
      const e = await own(c, token);
      const ok = await withdrawEntry(p.db, c.tenant!.id, e, c.now, c.user?.kind === 'citizen' ? { id: c.user.id, kind: 'citizen' } : { id: null, kind: 'anonymous' });
      const fresh = (await entryById(p.db, c.tenant!.id, e.id))!;
      return entryPage(c, fresh, token, ok ? alert('success', 'Sie sind von der Warteliste abgemeldet.') : undefined);
    },
  });
}
