// EN 16931 core rules on the semantic model: mandatory content (BR-01 … BR-65), calculation and consistency rules
// (BR-CO-*) and decimal places (BR-DEC-*). Where the official UBL and CII artefacts test a rule differently, the
// check follows the artefact of the document's syntax (noted at the rule).
import type { AllowanceCharge, Amount, DateText, InvoiceLine, Period } from '../model.ts';
import { child, childrenNamed } from '../../../kernel/index.ts';
import { Decimal } from '../decimal.ts';
import { VAT_ID_PREFIXES } from './codelists.ts';
import { fractionLength, has, round2, rule, show, sum, val, within1, within1Inclusive, type Fail, type Rule, type RuleContext } from './engine.ts';

const E = 'en16931' as const;

const ln = (i: number): string => `BG-25[${i + 1}]`;

function dateKey(d: DateText | undefined): string | undefined {
  if (!d) return undefined;
  return d.iso ?? d.raw;
}

function periodOrderOk(p: Period): boolean {
  const s = dateKey(p.start);
  const e = dateKey(p.end);
  return !s || !e || e >= s;
}

function eachLine(c: RuleContext, f: (l: InvoiceLine, path: string) => void): void {
  c.doc.lines.forEach((l, i) => f(l, ln(i)));
}

function allowanceChecks(list: AllowanceCharge[], base: string, fail: Fail, what: (a: AllowanceCharge) => boolean): void {
  list.forEach((a, i) => {
    if (!what(a)) fail(`${base}[${i + 1}]`);
  });
}

const hasReason = (a: AllowanceCharge): boolean => has(a.reason) || has(a.reasonCode);

function decRule(id: string, bt: string, label: string, pick: (c: RuleContext) => { raw?: string; path: string }[]): Rule {
  return rule(id, 'fatal', E, `${label} (${bt}) darf höchstens zwei Nachkommastellen haben.`, (c, fail) => {
    for (const { raw, path } of pick(c)) if (raw !== undefined && fractionLength(raw) > 2) fail(path, `Wert ${raw}`);
  });
}

const amt = (a: Amount | undefined, path: string): { raw?: string; path: string }[] => (a ? [{ raw: a.raw, path }] : []);

function docAc(c: RuleContext, charge: boolean): AllowanceCharge[] {
  return charge ? c.doc.charges : c.doc.allowances;
}

function lineSum(c: RuleContext): Decimal {
  return c.memo('lineSum', () => sum(c.doc.lines.map((l) => val(l.netAmount))));
}

/** Core rules BR-01 … BR-65. */
export const coreRules: Rule[] = [
  rule('BR-01', 'fatal', E, 'Die Rechnung muss eine Spezifikationskennung (BT-24) enthalten.', (c, fail) => {
    if (!has(c.doc.specificationId)) fail('BT-24');
  }),
  rule('BR-02', 'fatal', E, 'Die Rechnung muss eine Rechnungsnummer (BT-1) enthalten.', (c, fail) => {
    if (!has(c.doc.number)) fail('BT-1');
  }),
  rule('BR-03', 'fatal', E, 'Die Rechnung muss ein Rechnungsdatum (BT-2) enthalten.', (c, fail) => {
    const d = c.doc.issueDate;
    if (!d || !has(d.raw) || (c.cii && d.format !== '102')) fail('BT-2');
  }),
  rule('BR-04', 'fatal', E, 'Die Rechnung muss einen Rechnungsartcode (BT-3) enthalten.', (c, fail) => {
    if (!has(c.doc.typeCode)) fail('BT-3');
  }),
  rule('BR-05', 'fatal', E, 'Die Rechnung muss einen Währungscode (BT-5) enthalten.', (c, fail) => {
    if (!has(c.doc.currency)) fail('BT-5');
  }),
  rule('BR-06', 'fatal', E, 'Die Rechnung muss den Namen des Verkäufers (BT-27) enthalten.', (c, fail) => {
    if (!has(c.doc.seller.name)) fail('BT-27');
  }),
  rule('BR-07', 'fatal', E, 'Die Rechnung muss den Namen des Käufers (BT-44) enthalten.', (c, fail) => {
    if (!has(c.doc.buyer.name)) fail('BT-44');
  }),
  rule('BR-08', 'fatal', E, 'Die Rechnung muss die Postanschrift des Verkäufers (BG-5) enthalten.', (c, fail) => {
    if (!c.doc.seller.address) fail('BG-5');
  }),
  rule('BR-09', 'fatal', E, 'Die Postanschrift des Verkäufers (BG-5) muss einen Ländercode (BT-40) enthalten.', (c, fail) => {
    const a = c.doc.seller.address;
    if ((a || c.cii) && !has(a?.countryCode)) fail('BT-40');
  }),
  rule('BR-10', 'fatal', E, 'Die Rechnung muss die Postanschrift des Käufers (BG-8) enthalten.', (c, fail) => {
    if (!c.doc.buyer.address) fail('BG-8');
  }),
  rule('BR-11', 'fatal', E, 'Die Postanschrift des Käufers (BG-8) muss einen Ländercode (BT-55) enthalten.', (c, fail) => {
    const a = c.doc.buyer.address;
    if ((a || c.cii) && !has(a?.countryCode)) fail('BT-55');
  }),
  rule('BR-12', 'fatal', E, 'Die Rechnung muss die Summe der Nettobeträge der Rechnungspositionen (BT-106) enthalten.', (c, fail) => {
    if (!c.doc.totals.lineNetTotal) fail('BT-106');
  }),
  rule('BR-13', 'fatal', E, 'Die Rechnung muss den Gesamtbetrag ohne Umsatzsteuer (BT-109) enthalten.', (c, fail) => {
    if (!c.doc.totals.taxExclusive) fail('BT-109');
  }),
  rule('BR-14', 'fatal', E, 'Die Rechnung muss den Gesamtbetrag einschließlich Umsatzsteuer (BT-112) enthalten.', (c, fail) => {
    if (!c.doc.totals.taxInclusive) fail('BT-112');
  }),
  rule('BR-15', 'fatal', E, 'Die Rechnung muss den fälligen Zahlungsbetrag (BT-115) enthalten.', (c, fail) => {
    if (!c.doc.totals.payable) fail('BT-115');
  }),
  rule('BR-16', 'fatal', E, 'Die Rechnung muss mindestens eine Rechnungsposition (BG-25) enthalten.', (c, fail) => {
    if (c.doc.lines.length === 0) fail('BG-25');
  }),
  rule('BR-17', 'fatal', E, 'Ein vom Verkäufer abweichender Zahlungsempfänger (BG-10) muss mit Namen (BT-59) angegeben sein.', (c, fail) => {
    const p = c.doc.payee;
    if (!p) return;
    const s = c.doc.seller;
    const sellerName = c.ubl ? s.tradingName : s.name;
    const sameName = has(p.name) && has(sellerName) && p.name.trim() === sellerName.trim();
    const sameId = p.identifiers.some((pi) => s.identifiers.some((si) => si.value === pi.value));
    const sameReg = c.cii && !!p.legalRegistrationId && p.legalRegistrationId.value === s.legalRegistrationId?.value;
    if (!has(p.name) || sameName || sameId || sameReg) fail('BT-59');
  }),
  rule('BR-18', 'fatal', E, 'Der Steuervertreter des Verkäufers (BG-11) muss mit Namen (BT-62) angegeben sein.', (c, fail) => {
    const t = c.doc.taxRepresentative;
    if (t && !has(t.name)) fail('BT-62');
  }),
  rule('BR-19', 'fatal', E, 'Der Steuervertreter des Verkäufers (BG-11) muss eine Postanschrift (BG-12) haben.', (c, fail) => {
    const t = c.doc.taxRepresentative;
    if (t && !t.address) fail('BG-12');
  }),
  rule('BR-20', 'fatal', E, 'Die Postanschrift des Steuervertreters (BG-12) muss einen Ländercode (BT-69) enthalten.', (c, fail) => {
    const t = c.doc.taxRepresentative;
    if (t && (t.address || c.cii) && !has(t.address?.countryCode)) fail('BT-69');
  }),
  rule('BR-21', 'fatal', E, 'Jede Rechnungsposition (BG-25) muss eine Positionsnummer (BT-126) haben.', (c, fail) => {
    eachLine(c, (l, p) => {
      if (!has(l.id)) fail(`${p}/BT-126`);
    });
  }),
  rule('BR-22', 'fatal', E, 'Jede Rechnungsposition (BG-25) muss eine Menge (BT-129) haben.', (c, fail) => {
    eachLine(c, (l, p) => {
      if (!l.quantity) fail(`${p}/BT-129`);
    });
  }),
  rule('BR-23', 'fatal', E, 'Die Menge einer Rechnungsposition muss eine Maßeinheit (BT-130) haben.', (c, fail) => {
    eachLine(c, (l, p) => {
      if (l.quantity && !has(l.quantity.unitCode)) fail(`${p}/BT-130`);
    });
  }),
  rule('BR-24', 'fatal', E, 'Jede Rechnungsposition (BG-25) muss einen Nettobetrag (BT-131) haben.', (c, fail) => {
    eachLine(c, (l, p) => {
      if (!l.netAmount) fail(`${p}/BT-131`);
    });
  }),
  rule('BR-25', 'fatal', E, 'Jede Rechnungsposition (BG-25) muss eine Artikelbezeichnung (BT-153) haben.', (c, fail) => {
    eachLine(c, (l, p) => {
      if (!has(l.item.name)) fail(`${p}/BT-153`);
    });
  }),
  rule('BR-26', 'fatal', E, 'Jede Rechnungsposition (BG-25) muss einen Nettopreis (BT-146) haben.', (c, fail) => {
    eachLine(c, (l, p) => {
      if (!l.price?.netPrice) fail(`${p}/BT-146`);
    });
  }),
  rule('BR-27', 'fatal', E, 'Der Nettopreis eines Artikels (BT-146) darf nicht negativ sein.', (c, fail) => {
    eachLine(c, (l, p) => {
      const v = val(l.price?.netPrice);
      if (l.price?.netPrice && (!v || v.sign() < 0)) fail(`${p}/BT-146`, `Wert ${l.price.netPrice.raw}`);
    });
  }),
  rule('BR-28', 'fatal', E, 'Der Bruttopreis eines Artikels (BT-148) darf nicht negativ sein.', (c, fail) => {
    eachLine(c, (l, p) => {
      const v = val(l.price?.grossPrice);
      if (l.price?.grossPrice && (!v || v.sign() < 0)) fail(`${p}/BT-148`, `Wert ${l.price.grossPrice.raw}`);
    });
  }),
  rule('BR-29', 'fatal', E, 'Das Ende des Abrechnungszeitraums (BT-74) darf nicht vor dessen Beginn (BT-73) liegen.', (c, fail) => {
    const p = c.doc.invoicingPeriod;
    if (p && !periodOrderOk(p)) fail('BG-14');
  }),
  rule('BR-30', 'fatal', E, 'Das Ende des Positionszeitraums (BT-135) darf nicht vor dessen Beginn (BT-134) liegen.', (c, fail) => {
    eachLine(c, (l, p) => {
      if (l.period && !periodOrderOk(l.period)) fail(`${p}/BG-26`);
    });
  }),
  rule('BR-31', 'fatal', E, 'Jeder Nachlass auf Dokumentenebene (BG-20) muss einen Betrag (BT-92) haben.', (c, fail) =>
    allowanceChecks(docAc(c, false), 'BG-20', fail, (a) => !!a.amount),
  ),
  rule('BR-32', 'fatal', E, 'Jeder Nachlass auf Dokumentenebene (BG-20) muss einen Umsatzsteuer-Kategoriecode (BT-95) haben.', (c, fail) =>
    allowanceChecks(docAc(c, false), 'BG-20', fail, (a) => has(a.vatCategory)),
  ),
  rule('BR-33', 'fatal', E, 'Jeder Nachlass auf Dokumentenebene (BG-20) muss einen Grund (BT-97) oder Grundcode (BT-98) haben.', (c, fail) =>
    allowanceChecks(docAc(c, false), 'BG-20', fail, hasReason),
  ),
  rule('BR-36', 'fatal', E, 'Jeder Zuschlag auf Dokumentenebene (BG-21) muss einen Betrag (BT-99) haben.', (c, fail) =>
    allowanceChecks(docAc(c, true), 'BG-21', fail, (a) => !!a.amount),
  ),
  rule('BR-37', 'fatal', E, 'Jeder Zuschlag auf Dokumentenebene (BG-21) muss einen Umsatzsteuer-Kategoriecode (BT-102) haben.', (c, fail) =>
    allowanceChecks(docAc(c, true), 'BG-21', fail, (a) => has(a.vatCategory)),
  ),
  rule('BR-38', 'fatal', E, 'Jeder Zuschlag auf Dokumentenebene (BG-21) muss einen Grund (BT-104) oder Grundcode (BT-105) haben.', (c, fail) =>
    allowanceChecks(docAc(c, true), 'BG-21', fail, hasReason),
  ),
  rule('BR-41', 'fatal', E, 'Jeder Nachlass auf Positionsebene (BG-27) muss einen Betrag (BT-136) haben.', (c, fail) =>
    eachLine(c, (l, p) => allowanceChecks(l.allowances, `${p}/BG-27`, fail, (a) => !!a.amount)),
  ),
  rule('BR-42', 'fatal', E, 'Jeder Nachlass auf Positionsebene (BG-27) muss einen Grund (BT-139) oder Grundcode (BT-140) haben.', (c, fail) =>
    eachLine(c, (l, p) => allowanceChecks(l.allowances, `${p}/BG-27`, fail, hasReason)),
  ),
  rule('BR-43', 'fatal', E, 'Jeder Zuschlag auf Positionsebene (BG-28) muss einen Betrag (BT-141) haben.', (c, fail) =>
    eachLine(c, (l, p) => allowanceChecks(l.charges, `${p}/BG-28`, fail, (a) => !!a.amount)),
  ),
  rule('BR-44', 'fatal', E, 'Jeder Zuschlag auf Positionsebene (BG-28) muss einen Grund (BT-144) oder Grundcode (BT-145) haben.', (c, fail) =>
    eachLine(c, (l, p) => allowanceChecks(l.charges, `${p}/BG-28`, fail, hasReason)),
  ),
  rule('BR-45', 'fatal', E, 'Jede Umsatzsteueraufschlüsselung (BG-23) muss einen Nettobetrag der Kategorie (BT-116) haben.', (c, fail) => {
    c.doc.vatBreakdown.forEach((b, i) => {
      if (!b.taxableAmount) fail(`BG-23[${i + 1}]/BT-116`);
    });
  }),
  rule('BR-46', 'fatal', E, 'Jede Umsatzsteueraufschlüsselung (BG-23) muss einen Steuerbetrag der Kategorie (BT-117) haben.', (c, fail) => {
    c.doc.vatBreakdown.forEach((b, i) => {
      if (!b.taxAmount) fail(`BG-23[${i + 1}]/BT-117`);
    });
  }),
  rule('BR-47', 'fatal', E, 'Jede Umsatzsteueraufschlüsselung (BG-23) muss einen Umsatzsteuer-Kategoriecode (BT-118) haben.', (c, fail) => {
    c.doc.vatBreakdown.forEach((b, i) => {
      if (!has(b.category)) fail(`BG-23[${i + 1}]/BT-118`);
    });
  }),
  rule('BR-48', 'fatal', E, 'Jede Umsatzsteueraufschlüsselung (BG-23) muss einen Steuersatz (BT-119) haben, außer bei „nicht steuerbar“ (O).', (c, fail) => {
    c.doc.vatBreakdown.forEach((b, i) => {
      if (!b.rate && b.category?.trim() !== 'O') fail(`BG-23[${i + 1}]/BT-119`);
    });
  }),
  rule('BR-49', 'fatal', E, 'Jede Zahlungsanweisung (BG-16) muss einen Code für das Zahlungsmittel (BT-81) haben.', (c, fail) => {
    c.doc.payment.means.forEach((m, i) => {
      if (!has(m.code)) fail(`BG-16[${i + 1}]/BT-81`);
    });
  }),
  rule('BR-50', 'fatal', E, 'Bei einer Überweisung (BG-17) muss die Kontokennung (IBAN, BT-84) angegeben sein.', (c, fail) => {
    c.doc.payment.means.forEach((m, i) => {
      const code = m.code?.trim();
      if (code !== '30' && code !== '58') return;
      m.creditTransfers.forEach((t, j) => {
        if (!has(t.accountId)) fail(`BG-16[${i + 1}]/BG-17[${j + 1}]/BT-84`);
      });
    });
  }),
  rule('BR-51', 'fatal', E, 'Die Kartennummer (BT-87) darf höchstens die ersten sechs und letzten vier Ziffern enthalten.', (c, fail) => {
    c.doc.payment.means.forEach((m, i) => {
      const pan = m.card?.primaryAccountNumber;
      if (pan !== undefined && pan.trim().length > 10) fail(`BG-16[${i + 1}]/BT-87`);
    });
  }),
  rule('BR-52', 'fatal', E, 'Jeder rechnungsbegründende Beleg (BG-24) muss eine Kennung (BT-122) haben.', (c, fail) => {
    c.doc.supportingDocuments.forEach((d, i) => {
      if (!has(d.id)) fail(`BG-24[${i + 1}]/BT-122`);
    });
  }),
  rule('BR-53', 'fatal', E, 'Ist ein Code für die Umsatzsteuer-Buchungswährung (BT-6) angegeben, muss der Umsatzsteuerbetrag in dieser Währung (BT-111) angegeben sein.', (c, fail) => {
    const tc = c.doc.taxCurrency;
    if (!has(tc)) return;
    const t = c.doc.totals.taxTotalTaxCurrency;
    const same = tc.trim() === c.doc.currency?.trim();
    // UBL accepts any VAT total in the tax currency (also BT-110 when both currencies are equal); CII wants them to differ.
    const ok = c.ubl ? !!t || (same && !!c.doc.totals.taxTotal) : !!t && !same;
    if (!ok) fail('BT-111');
  }),
  rule('BR-54', 'fatal', E, 'Jedes Artikelattribut (BG-32) muss einen Namen (BT-160) und einen Wert (BT-161) haben.', (c, fail) => {
    eachLine(c, (l, p) =>
      l.item.attributes.forEach((a, i) => {
        if (a.name === undefined || a.value === undefined) fail(`${p}/BG-32[${i + 1}]`);
      }),
    );
  }),
  rule('BR-55', 'fatal', E, 'Jeder Verweis auf eine vorausgegangene Rechnung (BG-3) muss deren Nummer (BT-25) enthalten.', (c, fail) => {
    c.doc.precedingInvoices.forEach((p, i) => {
      if (!has(p.number)) fail(`BG-3[${i + 1}]/BT-25`);
    });
  }),
  rule('BR-56', 'fatal', E, 'Der Steuervertreter des Verkäufers (BG-11) muss eine Umsatzsteuer-Identifikationsnummer (BT-63) haben.', (c, fail) => {
    const t = c.doc.taxRepresentative;
    if (t && !has(t.vatId)) fail('BT-63');
  }),
  rule('BR-57', 'fatal', E, 'Jede Lieferanschrift (BG-15) muss einen Ländercode (BT-80) enthalten.', (c, fail) => {
    const a = c.doc.delivery?.address;
    if (a && !has(a.countryCode)) fail('BT-80');
  }),
  rule('BR-61', 'fatal', E, 'Bei Zahlung per Überweisung (Code 30 oder 58) muss die Kontokennung (BT-84) angegeben sein.', (c, fail) => {
    c.doc.payment.means.forEach((m, i) => {
      const code = m.code?.trim();
      if ((code === '30' || code === '58') && !m.creditTransfers.some((t) => has(t.accountId))) fail(`BG-16[${i + 1}]/BT-84`);
    });
  }),
  rule('BR-62', 'fatal', E, 'Die elektronische Adresse des Verkäufers (BT-34) muss eine Schemakennung haben.', (c, fail) => {
    const e = c.doc.seller.electronicAddress;
    if (e && !has(e.schemeId)) fail('BT-34-1');
  }),
  rule('BR-63', 'fatal', E, 'Die elektronische Adresse des Käufers (BT-49) muss eine Schemakennung haben.', (c, fail) => {
    const e = c.doc.buyer.electronicAddress;
    if (e && !has(e.schemeId)) fail('BT-49-1');
  }),
  rule('BR-64', 'fatal', E, 'Die Standard-Artikelkennung (BT-157) muss eine Schemakennung haben.', (c, fail) => {
    eachLine(c, (l, p) => {
      const s = l.item.standardId;
      if (s && !has(s.schemeId)) fail(`${p}/BT-157-1`);
    });
  }),
  rule('BR-65', 'fatal', E, 'Die Artikelklassifizierung (BT-158) muss eine Schemakennung haben.', (c, fail) => {
    eachLine(c, (l, p) =>
      l.item.classifications.forEach((k, i) => {
        if (!has(k.schemeId)) fail(`${p}/BT-158[${i + 1}]`);
      }),
    );
  }),
];

/** Consistency and calculation rules BR-CO-*. */
export const coRules: Rule[] = [
  rule('BR-CO-03', 'fatal', E, 'Steuerdatum (BT-7) und Code für das Steuerdatum (BT-8) schließen sich gegenseitig aus.', (c, fail) => {
    const date = !!c.doc.taxPointDate || c.doc.vatBreakdown.some((b) => !!b.taxPointDate);
    const code = has(c.doc.taxPointDateCode) || c.doc.vatBreakdown.some((b) => has(b.taxPointDateCode));
    if (date && code) fail('BT-7');
  }),
  rule('BR-CO-04', 'fatal', E, 'Jede Rechnungsposition (BG-25) muss einen Umsatzsteuer-Kategoriecode (BT-151) haben.', (c, fail) => {
    eachLine(c, (l, p) => {
      if (!has(l.vatCategory)) fail(`${p}/BT-151`);
    });
  }),
  rule('BR-CO-09', 'fatal', E, 'Umsatzsteuer-Identifikationsnummern (BT-31, BT-48, BT-63) müssen mit einem Ländercode nach ISO 3166-1 (Griechenland: EL) beginnen.', (c, fail) => {
    const ids: [string | undefined, string][] = [
      [c.doc.seller.vatId, 'BT-31'],
      [c.doc.buyer.vatId, 'BT-48'],
      [c.doc.taxRepresentative?.vatId, 'BT-63'],
    ];
    for (const [id, path] of ids) if (id !== undefined && !VAT_ID_PREFIXES.has(id.trim().slice(0, 2))) fail(path, `Wert ${id}`);
  }),
  rule('BR-CO-10', 'fatal', E, 'Die Summe der Positionsnettobeträge (BT-106) muss der Summe aller Nettobeträge der Rechnungspositionen (BT-131) entsprechen.', (c, fail) => {
    const t = val(c.doc.totals.lineNetTotal);
    if (!c.doc.totals.lineNetTotal) return;
    const expected = round2(lineSum(c));
    if (!t || !t.eq(expected)) fail('BT-106', `angegeben ${c.doc.totals.lineNetTotal.raw}, berechnet ${show(expected)}`);
  }),
  rule('BR-CO-11', 'fatal', E, 'Die Summe der Nachlässe auf Dokumentenebene (BT-107) muss der Summe der einzelnen Nachlässe (BT-92) entsprechen.', (c, fail) => {
    const t = c.doc.totals.allowanceTotal;
    const s = round2(sum(c.doc.allowances.map((a) => val(a.amount))));
    if (t ? !val(t)?.eq(s) : c.doc.allowances.length > 0) fail('BT-107', `angegeben ${t?.raw ?? '—'}, berechnet ${show(s)}`);
  }),
  rule('BR-CO-12', 'fatal', E, 'Die Summe der Zuschläge auf Dokumentenebene (BT-108) muss der Summe der einzelnen Zuschläge (BT-99) entsprechen.', (c, fail) => {
    const t = c.doc.totals.chargeTotal;
    const s = round2(sum(c.doc.charges.map((a) => val(a.amount))));
    if (t ? !val(t)?.eq(s) : c.doc.charges.length > 0) fail('BT-108', `angegeben ${t?.raw ?? '—'}, berechnet ${show(s)}`);
  }),
  rule('BR-CO-13', 'fatal', E, 'Der Gesamtbetrag ohne Umsatzsteuer (BT-109) muss BT-106 − BT-107 + BT-108 entsprechen.', (c, fail) => {
    const t = c.doc.totals;
    if (!t.taxExclusive) return;
    const base = val(t.lineNetTotal) ?? Decimal.ZERO;
    const expected = round2(base.sub(val(t.allowanceTotal) ?? Decimal.ZERO).add(val(t.chargeTotal) ?? Decimal.ZERO));
    if (!val(t.taxExclusive)?.eq(expected)) fail('BT-109', `angegeben ${t.taxExclusive.raw}, berechnet ${show(expected)}`);
  }),
  rule('BR-CO-14', 'fatal', E, 'Der Umsatzsteuer-Gesamtbetrag (BT-110) muss der Summe der Steuerbeträge der Kategorien (BT-117) entsprechen.', (c, fail) => {
    const t = c.doc.totals.taxTotal;
    if (!t || c.doc.vatBreakdown.length === 0) return;
    if (c.cii && has(t.currencyId) && has(c.doc.currency) && t.currencyId.trim() !== c.doc.currency.trim()) return;
    if (c.cii && !has(t.currencyId)) return;
    const expected = round2(sum(c.doc.vatBreakdown.map((b) => val(b.taxAmount))));
    if (!val(t)?.eq(expected)) fail('BT-110', `angegeben ${t.raw}, berechnet ${show(expected)}`);
  }),
  rule('BR-CO-15', 'fatal', E, 'Der Gesamtbetrag einschließlich Umsatzsteuer (BT-112) muss BT-109 + BT-110 entsprechen.', (c, fail) => {
    const t = c.doc.totals;
    if (!t.taxInclusive) return;
    const incl = val(t.taxInclusive);
    const excl = val(t.taxExclusive);
    const tax = t.taxTotal;
    const currencyOk = !!tax && (!has(tax.currencyId) ? c.ubl : tax.currencyId.trim() === c.doc.currency?.trim());
    const withTax = !!incl && !!excl && currencyOk && !!val(tax) && incl.eq(round2(excl.add(val(tax)!)));
    const noTax = c.cii && !!incl && !!excl && incl.eq(excl);
    if (!withTax && !noTax) {
      const expected = excl ? round2(excl.add(val(tax) ?? Decimal.ZERO)) : undefined;
      fail('BT-112', `angegeben ${t.taxInclusive.raw}, berechnet ${show(expected)}`);
    }
  }),
  rule('BR-CO-16', 'fatal', E, 'Der fällige Zahlungsbetrag (BT-115) muss BT-112 − BT-113 + BT-114 entsprechen.', (c, fail) => {
    const t = c.doc.totals;
    const due = val(t.payable);
    const incl = val(t.taxInclusive);
    if (!t.payable || !t.taxInclusive) return;
    const prepaid = val(t.prepaid) ?? Decimal.ZERO;
    const rounding = val(t.rounding) ?? Decimal.ZERO;
    const expected = incl ? incl.sub(prepaid).add(rounding) : undefined;
    const ok = !!due && !!incl && (c.ubl ? round2(due.sub(rounding)).eq(round2(incl.sub(prepaid))) : due.eq(expected!));
    if (!ok) fail('BT-115', `angegeben ${t.payable.raw}, berechnet ${show(expected)}`);
  }),
  rule('BR-CO-17', 'fatal', E, 'Der Steuerbetrag einer Kategorie (BT-117) muss dem Nettobetrag (BT-116) mal Steuersatz (BT-119) / 100, gerundet auf zwei Stellen, entsprechen.', (c, fail) => {
    c.doc.vatBreakdown.forEach((b, i) => {
      const tax = val(b.taxAmount);
      const basis = val(b.taxableAmount);
      const rate = val(b.rate);
      if (!b.taxAmount) return;
      let ok: boolean;
      if (!tax) ok = false;
      else if (!b.rate) ok = tax.round(0, 'half-ceiling').isZero();
      else if (!rate) ok = false;
      else if (rate.round(0, 'half-ceiling').isZero()) ok = tax.round(0, 'half-ceiling').isZero();
      else if (!basis) ok = false;
      else {
        const expected = round2(basis.abs().mul(rate).shift(-2));
        ok = c.cii ? within1Inclusive(tax.abs(), expected) : within1(tax.abs(), expected);
      }
      if (!ok) fail(`BG-23[${i + 1}]/BT-117`, `angegeben ${b.taxAmount.raw}, Nettobetrag ${b.taxableAmount?.raw ?? '—'}, Satz ${b.rate?.raw ?? '—'}`);
    });
  }),
  rule('BR-CO-18', 'fatal', E, 'Die Rechnung muss mindestens eine Umsatzsteueraufschlüsselung (BG-23) enthalten.', (c, fail) => {
    if (c.doc.vatBreakdown.length === 0) fail('BG-23');
  }),
  rule('BR-CO-19', 'fatal', E, 'Ist ein Abrechnungszeitraum (BG-14) angegeben, muss er ein Anfangs- (BT-73) oder Enddatum (BT-74) haben.', (c, fail) => {
    const p = c.doc.invoicingPeriod;
    if (p && !p.start && !p.end) fail('BG-14');
  }),
  rule('BR-CO-20', 'fatal', E, 'Ist ein Positionszeitraum (BG-26) angegeben, muss er ein Anfangs- (BT-134) oder Enddatum (BT-135) haben.', (c, fail) => {
    eachLine(c, (l, p) => {
      if (l.period && !l.period.start && !l.period.end) fail(`${p}/BG-26`);
    });
  }),
  rule('BR-CO-21', 'fatal', E, 'Jeder Nachlass auf Dokumentenebene (BG-20) muss einen Grund (BT-97) oder einen Grundcode (BT-98) oder beides enthalten.', (c, fail) =>
    allowanceChecks(docAc(c, false), 'BG-20', fail, hasReason),
  ),
  rule('BR-CO-22', 'fatal', E, 'Jeder Zuschlag auf Dokumentenebene (BG-21) muss einen Grund (BT-104) oder einen Grundcode (BT-105) oder beides enthalten.', (c, fail) =>
    allowanceChecks(docAc(c, true), 'BG-21', fail, hasReason),
  ),
  rule('BR-CO-23', 'fatal', E, 'Jeder Nachlass auf Positionsebene (BG-27) muss einen Grund (BT-139) oder einen Grundcode (BT-140) oder beides enthalten.', (c, fail) =>
    eachLine(c, (l, p) => allowanceChecks(l.allowances, `${p}/BG-27`, fail, hasReason)),
  ),
  rule('BR-CO-24', 'fatal', E, 'Jeder Zuschlag auf Positionsebene (BG-28) muss einen Grund (BT-144) oder einen Grundcode (BT-145) oder beides enthalten.', (c, fail) =>
    eachLine(c, (l, p) => allowanceChecks(l.charges, `${p}/BG-28`, fail, hasReason)),
  ),
  rule('BR-CO-25', 'fatal', E, 'Ist der fällige Betrag (BT-115) positiv, muss ein Fälligkeitsdatum (BT-9) oder Zahlungsbedingungen (BT-20) angegeben sein.', (c, fail) => {
    const due = val(c.doc.totals.payable);
    if (due && due.sign() > 0 && !c.doc.payment.dueDate && !has(c.doc.payment.terms)) fail('BT-9');
  }),
  rule('BR-CO-26', 'fatal', E, 'Der Verkäufer muss über eine Kennung (BT-29), eine Registernummer (BT-30) oder eine Umsatzsteuer-Identifikationsnummer (BT-31) identifizierbar sein.', (c, fail) => {
    const s = c.doc.seller;
    // UBL counts every PartyIdentification/ID, also a SEPA creditor identifier the model keeps as BT-90.
    const ublIds = c.ubl && childrenNamed(childrenNamed(childrenNamed(c.doc.raw.root, 'AccountingSupplierParty')[0], 'Party')[0], 'PartyIdentification').some((p) => has(child(p, 'ID')?.text));
    if (!has(s.vatId) && s.identifiers.length === 0 && !s.legalRegistrationId && !ublIds) fail('BG-4');
  }),
];

/** Decimal-places rules BR-DEC-*. */
export const decRules: Rule[] = [
  decRule('BR-DEC-01', 'BT-92', 'Der Betrag eines Nachlasses auf Dokumentenebene', (c) => c.doc.allowances.flatMap((a, i) => amt(a.amount, `BG-20[${i + 1}]/BT-92`))),
  decRule('BR-DEC-02', 'BT-93', 'Der Grundbetrag eines Nachlasses auf Dokumentenebene', (c) => c.doc.allowances.flatMap((a, i) => amt(a.baseAmount, `BG-20[${i + 1}]/BT-93`))),
  decRule('BR-DEC-05', 'BT-99', 'Der Betrag eines Zuschlags auf Dokumentenebene', (c) => c.doc.charges.flatMap((a, i) => amt(a.amount, `BG-21[${i + 1}]/BT-99`))),
  decRule('BR-DEC-06', 'BT-100', 'Der Grundbetrag eines Zuschlags auf Dokumentenebene', (c) => c.doc.charges.flatMap((a, i) => amt(a.baseAmount, `BG-21[${i + 1}]/BT-100`))),
  decRule('BR-DEC-09', 'BT-106', 'Die Summe der Positionsnettobeträge', (c) => amt(c.doc.totals.lineNetTotal, 'BT-106')),
  decRule('BR-DEC-10', 'BT-107', 'Die Summe der Nachlässe', (c) => amt(c.doc.totals.allowanceTotal, 'BT-107')),
  decRule('BR-DEC-11', 'BT-108', 'Die Summe der Zuschläge', (c) => amt(c.doc.totals.chargeTotal, 'BT-108')),
  decRule('BR-DEC-12', 'BT-109', 'Der Gesamtbetrag ohne Umsatzsteuer', (c) => amt(c.doc.totals.taxExclusive, 'BT-109')),
  rule('BR-DEC-13', 'fatal', E, 'Der Umsatzsteuer-Gesamtbetrag (BT-110) darf höchstens zwei Nachkommastellen haben.', (c, fail) => {
    const t = c.doc.totals.taxTotal;
    if (!t) return;
    const bad = c.cii ? !!t.value && !round2(t.value).eq(t.value) : fractionLength(t.raw) > 2;
    if (bad) fail('BT-110', `Wert ${t.raw}`);
  }),
  decRule('BR-DEC-14', 'BT-112', 'Der Gesamtbetrag einschließlich Umsatzsteuer', (c) => amt(c.doc.totals.taxInclusive, 'BT-112')),
  rule('BR-DEC-15', 'fatal', E, 'Der Umsatzsteuerbetrag in Buchungswährung (BT-111) darf höchstens zwei Nachkommastellen haben.', (c, fail) => {
    const t = c.doc.totals.taxTotalTaxCurrency;
    if (!t) return;
    const bad = c.cii ? !!t.value && !round2(t.value).eq(t.value) : fractionLength(t.raw) > 2;
    if (bad) fail('BT-111', `Wert ${t.raw}`);
  }),
  decRule('BR-DEC-16', 'BT-113', 'Der vorausbezahlte Betrag', (c) => amt(c.doc.totals.prepaid, 'BT-113')),
  decRule('BR-DEC-17', 'BT-114', 'Der Rundungsbetrag', (c) => amt(c.doc.totals.rounding, 'BT-114')),
  decRule('BR-DEC-18', 'BT-115', 'Der fällige Zahlungsbetrag', (c) => amt(c.doc.totals.payable, 'BT-115')),
  decRule('BR-DEC-19', 'BT-116', 'Der Nettobetrag einer Umsatzsteuerkategorie', (c) => c.doc.vatBreakdown.flatMap((b, i) => amt(b.taxableAmount, `BG-23[${i + 1}]/BT-116`))),
  decRule('BR-DEC-20', 'BT-117', 'Der Steuerbetrag einer Umsatzsteuerkategorie', (c) => c.doc.vatBreakdown.flatMap((b, i) => amt(b.taxAmount, `BG-23[${i + 1}]/BT-117`))),
  decRule('BR-DEC-23', 'BT-131', 'Der Nettobetrag einer Rechnungsposition', (c) => c.doc.lines.flatMap((l, i) => amt(l.netAmount, `${ln(i)}/BT-131`))),
  decRule('BR-DEC-24', 'BT-136', 'Der Betrag eines Nachlasses auf Positionsebene', (c) =>
    c.doc.lines.flatMap((l, i) => l.allowances.flatMap((a, j) => amt(a.amount, `${ln(i)}/BG-27[${j + 1}]/BT-136`))),
  ),
  decRule('BR-DEC-25', 'BT-137', 'Der Grundbetrag eines Nachlasses auf Positionsebene', (c) =>
    c.doc.lines.flatMap((l, i) => l.allowances.flatMap((a, j) => amt(a.baseAmount, `${ln(i)}/BG-27[${j + 1}]/BT-137`))),
  ),
  decRule('BR-DEC-27', 'BT-141', 'Der Betrag eines Zuschlags auf Positionsebene', (c) =>
    c.doc.lines.flatMap((l, i) => l.charges.flatMap((a, j) => amt(a.amount, `${ln(i)}/BG-28[${j + 1}]/BT-141`))),
  ),
  decRule('BR-DEC-28', 'BT-142', 'Der Grundbetrag eines Zuschlags auf Positionsebene', (c) =>
    c.doc.lines.flatMap((l, i) => l.charges.flatMap((a, j) => amt(a.baseAmount, `${ln(i)}/BG-28[${j + 1}]/BT-142`))),
  ),
];
