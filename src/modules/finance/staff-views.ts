// Pages of the treasury (Kasse): claims list with search, claim page with bookings, new claim, debtor, settings.
import { alert, checkbox, descriptionList, errorSummary, field, html, page, postForm, select, textarea, type Ctx, type FieldErrors, type SafeHtml } from '../../kernel/index.ts';
import { berlinDay } from './money.ts';
import { groupIban } from './notice.ts';
import type { Booking, Claim, ClaimListItem, Debtor, FinanceSettings, Instalment, Mandate } from './repository.ts';
import { CLAIM_TYPES } from './repository.ts';
import type { BookingForm, ClaimForm, MandateForm } from './schema.ts';
import { day, money, pager, SOURCE_LABELS, stateText, STOP_LABELS, table, TYPE_LABELS } from './ui.ts';

export const staffBase = (c: Ctx) => `/${c.tenant!.slug}/verwaltung/finanzen`;

const STATE_FILTERS = { '': 'alle', open: 'offen', overdue: 'überfällig', settled: 'erledigt' } as const;
export type StateFilter = keyof typeof STATE_FILTERS;
export const STATE_FILTER_KEYS = Object.keys(STATE_FILTERS) as StateFilter[];

function links(c: Ctx): SafeHtml {
  const b = staffBase(c);
  return html`<ul class="appt-links"><li><a class="kern-link" href="${b}/forderungen">Forderungen</a></li><li><a class="kern-link" href="${b}/forderungen/neu">Neue Forderung anlegen</a></li><li><a class="kern-link" href="${b}/einstellungen">Bankverbindung und Gläubiger-ID</a></li></ul>`;
}

function smallButton(label: string, context: string): SafeHtml {
  return html`<button type="submit" class="kern-btn kern-btn--secondary kern-btn--x-small"><span class="kern-label">${label}<span class="kern-sr-only"> (${context})</span></span></button>`;
}

export interface ListView {
  query: string;
  state: StateFilter;
  items: ClaimListItem[];
  page: number;
  more: boolean;
  error?: string | undefined;
  today: string;
}

/** Claims list: search by Kassenzeichen (any spelling) or name, state filter, paged. */
export function listPage(c: Ctx, v: ListView): SafeHtml {
  const b = staffBase(c);
  const url = (n: number) => {
    const q = new URLSearchParams();
    if (v.query) q.set('suche', v.query);
    if (v.state) q.set('stand', v.state);
    if (n > 1) q.set('seite', String(n));
    return `${b}/forderungen?${q.toString()}`;
  };
  return page(
    c,
    { title: 'Forderungen', wide: true },
    html`<h1 class="kern-heading-large">Forderungen</h1>
${links(c)}
${v.error ? errorSummary(c, { suche: v.error }) : ''}
<form method="get" action="${b}/forderungen" class="search-form">
${field({ name: 'suche', label: 'Kassenzeichen oder Name', hint: 'Das Kassenzeichen dürfen Sie mit oder ohne Bindestriche und Leerzeichen eingeben.', value: v.query, error: v.error, maxlength: 100 })}
${select({ name: 'stand', label: 'Stand', value: v.state, options: STATE_FILTER_KEYS.map((k) => ({ value: k, label: STATE_FILTERS[k] })) })}
<button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Suchen</span></button></form>
${v.items.length
      ? table(
          `Forderungen${v.query ? ` zu „${v.query}“` : ''}${v.page > 1 ? `, Seite ${v.page}` : ''}`,
          ['Kassenzeichen', 'Schuldner', 'Art', 'Bezeichnung', 'Jahr', 'Betrag', 'Offen', 'Nächste Fälligkeit', 'Stand'],
          v.items.map((x) => [
            html`<a class="kern-link" href="${b}/forderungen/${x.id}">${x.kassenzeichen}</a>`,
            html`<a class="kern-link" href="${b}/schuldner/${x.debtorId}">${x.debtorName}</a>`,
            TYPE_LABELS[x.type],
            x.title,
            String(x.year),
            money(c, x.amountCents),
            money(c, x.openCents),
            x.state === 'open' ? day(x.nextDueDate) : '–',
            html`<span class="status-badge">${stateText(x, v.today)}</span>${x.stopReason ? html`<br>${STOP_LABELS[x.stopReason] ?? x.stopReason}` : ''}`,
          ]),
        )
      : html`<p class="kern-body">${v.query ? 'Zu dieser Suche gibt es keine Forderung.' : 'Es gibt noch keine Forderungen.'}</p>`}
${pager(v.page, v.more, url, 'Seiten der Forderungen')}`,
  );
}

export interface ClaimView {
  claim: Claim;
  debtor: Debtor;
  instalments: Instalment[];
  bookings: Booking[];
  mandate: Mandate | undefined;
  today: string;
  /** Idempotency key of the booking form on this page. */
  formKey: string;
  booking?: BookingForm;
  errors?: FieldErrors;
  notice?: SafeHtml;
}

/** The claim with instalments, bookings, manual booking and reversal. */
export function claimStaffPage(c: Ctx, v: ClaimView): SafeHtml {
  const b = staffBase(c);
  const x = v.claim;
  const action = `${b}/forderungen/${x.id}`;
  const e = v.errors ?? {};
  const f = v.booking ?? { betrag: '', datum: day(v.today), hinweis: '', schluessel: v.formKey };
  return page(
    c,
    { title: `Forderung ${x.kassenzeichen}`, wide: true },
    html`<h1 class="kern-heading-large">${x.title}</h1>
${links(c)}
${errorSummary(c, e)}${v.notice ?? ''}
${descriptionList([
      ['Kassenzeichen', x.kassenzeichen],
      ['Schuldner', html`<a class="kern-link" href="${b}/schuldner/${v.debtor.id}">${v.debtor.name}</a>${v.debtor.userId ? ' (mit Bürgerkonto)' : ''}`],
      ['Art', TYPE_LABELS[x.type]],
      ['Jahr', String(x.year)],
      ['Betrag', money(c, x.amountCents)],
      ['Offen', money(c, x.openCents)],
      ['Guthaben', money(c, x.creditCents)],
      ['Stand', stateText(x, v.today)],
      ...(x.stopReason ? [['Mahnsperre', `${STOP_LABELS[x.stopReason] ?? x.stopReason}${x.stopUntil ? ` bis ${day(x.stopUntil)}` : ''}`] as const] : []),
      ['Zahlungsweg', v.mandate ? `SEPA-Lastschrift, Mandat ${v.mandate.mandateRef}${v.mandate.state === 'revoked' ? ' (widerrufen)' : ''}` : 'Überweisung'],
      ['Herkunft', x.source === 'application' ? `Gebühr eines Antrags` : x.source === 'staff' ? 'von der Kasse angelegt' : x.source === 'import' ? 'Import' : 'Demo'],
      ['Bescheid', x.noticeFileId ? html`vom ${day(x.noticeDate)} – <a class="kern-link" href="${action}/bescheid" download>herunterladen</a>` : 'noch keiner'],
    ])}
${x.noticeFileId ? '' : postForm(c, `${action}/bescheid`, html`<p class="kern-body">Der Bescheid wird als PDF erstellt${v.debtor.userId ? ' und in das Postfach des Bürgerkontos zugestellt' : ''}.</p>`, 'Bescheid erstellen')}
<h2 class="kern-heading-medium">Fälligkeiten</h2>
${table(
      'Fälligkeiten',
      ['Nr.', 'Fällig am', 'Betrag', 'Offen', 'Stand'],
      v.instalments.map((i) => [String(i.seq), day(i.dueDate), money(c, i.amountCents), money(c, i.openCents), i.state === 'settled' ? 'bezahlt' : i.dueDate < v.today ? 'überfällig' : 'offen']),
    )}
<h2 class="kern-heading-medium">Buchungen</h2>
${v.bookings.length
      ? table(
          'Buchungen',
          ['Wertstellung', 'Art', 'Betrag', 'davon auf Raten', 'Hinweis', 'Gebucht am', 'Zurückbuchen'],
          v.bookings.map((bk) => [
            day(bk.valueDate),
            SOURCE_LABELS[bk.source],
            money(c, bk.cents),
            money(c, bk.allocatedCents),
            bk.reference || '–',
            day(berlinDay(bk.bookedAt)),
            bk.cents < 0
              ? '–'
              : bk.reversedBy
                ? 'zurückgebucht'
                : html`<form method="post" action="${action}/storno" class="inline-form"><input type="hidden" name="_csrf" value="${c.csrf()}"><input type="hidden" name="buchung" value="${bk.id}">
<label class="kern-label" for="art-${bk.id}">Grund<span class="kern-sr-only"> (Buchung vom ${day(bk.valueDate)} über ${money(c, bk.cents)})</span></label>
<select class="kern-form-input__select" id="art-${bk.id}" name="art"><option value="return">Rücklastschrift / Rücküberweisung</option><option value="reversal">Storno (Fehlbuchung)</option></select>
${smallButton('Zurückbuchen', `${day(bk.valueDate)}, ${money(c, bk.cents)}`)}</form>`,
          ]),
        )
      : html`<p class="kern-body">Es sind noch keine Buchungen vorhanden.</p>`}
<h2 class="kern-heading-medium">Zahlung buchen</h2>
<p class="kern-body">Die Zahlung wird der ältesten offenen Rate zuerst zugeordnet. Was darüber hinausgeht, bleibt als Guthaben auf der Forderung.</p>
<div class="narrow">${postForm(
      c,
      `${action}/zahlung`,
      html`<input type="hidden" name="schluessel" value="${f.schluessel}">
${field({ name: 'betrag', label: 'Betrag in Euro', hint: 'Zum Beispiel 1.234,56', value: f.betrag, error: e.betrag, maxlength: 20 })}
${field({ name: 'datum', label: 'Eingegangen am', hint: 'TT.MM.JJJJ', value: f.datum, error: e.datum, maxlength: 10 })}
${field({ name: 'hinweis', label: 'Hinweis (freiwillig)', hint: 'Zum Beispiel „Barzahlung Bürgerbüro, Quittung 123“', value: f.hinweis, error: e.hinweis, maxlength: 140 })}`,
      'Zahlung buchen',
    )}</div>`,
  );
}

/** The new-claim form: debtor (existing or new), type, title, year, how it falls due, notice. */
export function newClaimPage(c: Ctx, o: { form: ClaimForm; errors?: FieldErrors; debtors: Debtor[]; key: string }): SafeHtml {
  const f = o.form;
  const e = o.errors ?? {};
  return page(
    c,
    { title: 'Neue Forderung' },
    html`<div class="narrow"><h1 class="kern-heading-large">Neue Forderung</h1>
${errorSummary(c, e)}
${postForm(
      c,
      `${staffBase(c)}/forderungen/neu`,
      html`<input type="hidden" name="schluessel" value="${o.key}">
<fieldset class="kern-fieldset"><legend class="kern-label">Schuldner</legend><div class="kern-fieldset__body">
${select({ name: 'schuldner', label: 'Schuldner', value: f.schuldner, error: e.schuldner, options: [{ value: '', label: '– bitte wählen –' }, { value: 'neu', label: 'Neuer Schuldner (Angaben unten)' }, ...o.debtors.map((d) => ({ value: d.id, label: `${d.name}${d.city ? `, ${d.city}` : ''}` }))] })}
${select({ name: 'schuldnerart', label: 'Neuer Schuldner ist', value: f.schuldnerart, error: e.schuldnerart, options: [{ value: 'person', label: 'eine Person' }, { value: 'company', label: 'ein Unternehmen' }] })}
${field({ name: 'name', label: 'Name (neuer Schuldner)', value: f.name, error: e.name, maxlength: 200 })}
${field({ name: 'strasse', label: 'Straße und Hausnummer', value: f.strasse, error: e.strasse, maxlength: 200 })}
${field({ name: 'plz', label: 'Postleitzahl', value: f.plz, error: e.plz, maxlength: 5 })}
${field({ name: 'ort', label: 'Ort', value: f.ort, error: e.ort, maxlength: 100 })}
${field({ name: 'konto', label: 'E-Mail-Adresse des Bürgerkontos (freiwillig)', hint: 'Hat die Person ein Bürgerkonto, sieht sie die Forderung dort und erhält den Bescheid in ihr Postfach.', type: 'email', value: f.konto, error: e.konto, maxlength: 200 })}
</div></fieldset>
<fieldset class="kern-fieldset"><legend class="kern-label">Forderung</legend><div class="kern-fieldset__body">
${select({ name: 'typ', label: 'Art', value: f.typ, error: e.typ, options: [{ value: '', label: '– bitte wählen –' }, ...CLAIM_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))] })}
${field({ name: 'titel', label: 'Bezeichnung', hint: 'Zum Beispiel „Grundsteuer B 2027, Lindenweg 4“', value: f.titel, error: e.titel, maxlength: 200 })}
${field({ name: 'jahr', label: 'Jahr', value: f.jahr, error: e.jahr, maxlength: 4 })}
</div></fieldset>
<fieldset class="kern-fieldset"><legend class="kern-label">Fälligkeit</legend><div class="kern-fieldset__body">
${select({ name: 'plan', label: 'Fällig', value: f.plan, error: e.plan, options: [{ value: 'einmalig', label: 'in einem Betrag zum Fälligkeitsdatum' }, { value: 'vierteljaehrlich', label: 'vierteljährlich: 15.02., 15.05., 15.08., 15.11. des Jahres (Jahresbetrag)' }, { value: 'raten', label: 'in eigenen Raten (Liste unten)' }] })}
${field({ name: 'betrag', label: 'Betrag bzw. Jahresbetrag in Euro', hint: 'Zum Beispiel 1.234,56; höchstens zwei Nachkommastellen. Vierteljährlich wird er auf den Cent genau aufgeteilt.', value: f.betrag, error: e.betrag, maxlength: 20 })}
${field({ name: 'faellig', label: 'Fällig am (bei einem Betrag)', hint: 'TT.MM.JJJJ', value: f.faellig, error: e.faellig, maxlength: 10 })}
${textarea({ name: 'raten', label: 'Eigene Raten', hint: 'Je Zeile Fälligkeit und Betrag, zum Beispiel „15.02.2027 103,09“.', value: f.raten, error: e.raten, rows: 5 })}
</div></fieldset>
${checkbox({ name: 'bescheid', label: 'Bescheid gleich erstellen (und in das Postfach zustellen, wenn es ein Bürgerkonto gibt)', checked: f.bescheid })}`,
      'Forderung anlegen',
    )}</div>`,
  );
}

/** A debtor with accounts, mandates and claims. */
export function debtorPage(c: Ctx, o: { debtor: Debtor; mandates: Mandate[]; claims: ClaimListItem[]; today: string; form: MandateForm; errors?: FieldErrors; notice?: SafeHtml }): SafeHtml {
  const b = staffBase(c);
  const d = o.debtor;
  const e = o.errors ?? {};
  return page(
    c,
    { title: d.name, wide: true },
    html`<h1 class="kern-heading-large">${d.name}</h1>
${links(c)}
${errorSummary(c, e)}${o.notice ?? ''}
${descriptionList([
      ['Art', d.kind === 'company' ? 'Unternehmen' : 'Person'],
      ['Anschrift', [d.street, `${d.postalCode} ${d.city}`.trim()].filter(Boolean).join(', ') || '–'],
      ['Bürgerkonto', d.userId ? 'verknüpft' : 'keines'],
      ['Bekannte Konten (IBAN)', d.ibans.length ? d.ibans.map(groupIban).join('; ') : '–'],
    ])}
<p class="kern-body"><a class="kern-link" href="${b}/forderungen/neu?schuldner=${d.id}">Neue Forderung für diesen Schuldner</a></p>
<h2 class="kern-heading-medium">Forderungen</h2>
${o.claims.length
      ? table(
          'Forderungen des Schuldners (neueste zuerst)',
          ['Kassenzeichen', 'Bezeichnung', 'Betrag', 'Offen', 'Stand'],
          o.claims.map((x) => [html`<a class="kern-link" href="${b}/forderungen/${x.id}">${x.kassenzeichen}</a>`, x.title, money(c, x.amountCents), money(c, x.openCents), stateText(x, o.today)]),
        )
      : html`<p class="kern-body">Keine Forderungen.</p>`}
<h2 class="kern-heading-medium">SEPA-Lastschriftmandate</h2>
${o.mandates.length
      ? table(
          'Mandate',
          ['Mandatsreferenz', 'IBAN', 'Kontoinhaber', 'Unterschrieben am', 'Stand'],
          o.mandates.map((m) => [
            m.mandateRef,
            groupIban(m.iban),
            m.accountHolder,
            day(m.signedOn),
            m.state === 'revoked'
              ? `widerrufen am ${day(m.revokedOn)}`
              : html`aktiv <form method="post" action="${b}/schuldner/${d.id}/mandate/${m.id}/widerruf" class="inline-form"><input type="hidden" name="_csrf" value="${c.csrf()}">${smallButton('Widerruf eintragen', m.mandateRef)}</form>`,
          ]),
        )
      : html`<p class="kern-body">Keine Mandate.</p>`}
<h3 class="kern-heading-small">Mandat erfassen</h3>
<div class="narrow">${postForm(
      c,
      `${b}/schuldner/${d.id}/mandate`,
      html`${field({ name: 'referenz', label: 'Mandatsreferenz', value: o.form.referenz, error: e.referenz, maxlength: 35 })}
${field({ name: 'iban', label: 'IBAN', value: o.form.iban, error: e.iban, maxlength: 42 })}
${field({ name: 'bic', label: 'BIC (freiwillig)', value: o.form.bic, error: e.bic, maxlength: 11 })}
${field({ name: 'inhaber', label: 'Kontoinhaber', value: o.form.inhaber, error: e.inhaber, maxlength: 140 })}
${field({ name: 'unterschrieben', label: 'Unterschrieben am', hint: 'TT.MM.JJJJ', value: o.form.unterschrieben, error: e.unterschrieben, maxlength: 10 })}`,
      'Mandat speichern',
    )}</div>`,
  );
}

/** Bank details and creditor identifier printed on notices. */
export function settingsPage(c: Ctx, o: { form: FinanceSettings; errors?: FieldErrors }): SafeHtml {
  const e = o.errors ?? {};
  const f = o.form;
  return page(
    c,
    { title: 'Bankverbindung und Gläubiger-ID' },
    html`<div class="narrow"><h1 class="kern-heading-large">Bankverbindung und Gläubiger-ID</h1>
${errorSummary(c, e)}
${f.iban ? '' : alert('info', 'Ohne Bankverbindung enthalten die Bescheide keine Kontoangaben.')}
${postForm(
      c,
      `${staffBase(c)}/einstellungen`,
      html`${field({ name: 'accountHolder', label: 'Kontoinhaber', value: f.accountHolder, error: e.accountHolder, maxlength: 140 })}
${field({ name: 'bankName', label: 'Kreditinstitut', value: f.bankName, error: e.bankName, maxlength: 140 })}
${field({ name: 'iban', label: 'IBAN', value: f.iban ? groupIban(f.iban) : '', error: e.iban, maxlength: 42 })}
${field({ name: 'bic', label: 'BIC', value: f.bic, error: e.bic, maxlength: 11 })}
${field({ name: 'creditorId', label: 'Gläubiger-Identifikationsnummer (für Lastschriften)', hint: 'Zum Beispiel DE98ZZZ09999999999', value: f.creditorId, error: e.creditorId, maxlength: 35 })}`,
      'Speichern',
    )}</div>`,
  );
}

