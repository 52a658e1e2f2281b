// XRechnung 3.0 national rules (KoSIT schematron for XRechnung 3.0.x): BR-DE-* for the CIUS, BR-DEX-* for the
// extension, BR-DE-CVD-* for the Clean Vehicles Directive profile, and the temporary rules BR-TMP-* / BR-DE-TMP-*.
// German messages follow the official wording where it exists.
import { child, childrenNamed, descendants } from '../../../kernel/index.ts';
import type { Identifier, InvoiceLine } from '../model.ts';
import { Decimal } from '../decimal.ts';
import { CVD_CVA_CODES, CVD_VEHICLE_CATEGORIES, EAS_EXTENSION_CODES, ICD_EXTENSION_CODES, ITEM_CLASSIFICATION_SCHEMES, MIME_EXTENSION_CODES } from './codelists.ts';
import { fractionLength, has, normalizeSpace, round2, rule, show, sum, val, type Fail, type Rule, type RuleContext } from './engine.ts';
import { paymentTermsTexts, skontoProblems } from './skonto.ts';

const X = 'xrechnung' as const;
const XE = 'xrechnung-extension' as const;
const XC = 'xrechnung-cvd' as const;

/** The CustomizationIDs of XRechnung 3.0 (CIUS, extension, CVD). */
export const XR_CIUS_ID = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
export const XR_EXTENSION_ID = `${XR_CIUS_ID}#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0`;
export const XR_CVD_ID = `${XR_CIUS_ID}#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9`;

const TELEPHONE = /.*([0-9].*){3,}.*/;
const EMAIL = /^[a-zA-Z0-9!#$%&"*+/=?^_`{|}~-]+(\.[a-zA-Z0-9!#$%&"*+/=?^_`{|}~-]+)*@([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const URL = /([a-zA-Z])([a-zA-Z0-9+.-])+:.*/;
const TYPE_CODES = new Set(['326', '380', '384', '389', '381', '875', '876', '877']);
const DE16_CATEGORIES = new Set(['S', 'Z', 'E', 'AE', 'K', 'G', 'L', 'M']);

/** IBAN check as the XRechnung schematron does it (format, then MOD 97 over the rearranged code points). */
export function ibanOk(raw: string | undefined): boolean {
  const s = (raw ?? '').replace(/\s/g, '');
  if (!/^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}$/.test(s)) return false;
  const rearranged = s.slice(4) + s.slice(0, 2).toUpperCase() + s.slice(2, 4);
  let digits = '';
  for (const ch of rearranged) {
    const cp = ch.codePointAt(0)!;
    digits += String(cp > 64 ? cp - 55 : cp - 48);
  }
  let r = 0;
  for (let i = 0; i < digits.length; i += 7) r = Number(String(r) + digits.slice(i, i + 7)) % 97;
  return r === 1;
}

const code = (s: string | undefined): string => (s ?? '').trim();

/** Whether BG-19 (direct debit) is present for a payment means, read the way each syntax binds it. */
function meansHasMandate(c: RuleContext, i: number): boolean {
  if (c.cii) {
    const d = c.doc.payment.directDebit;
    return has(d?.mandateReference) || has(d?.creditorId) || has(d?.debitedAccountId);
  }
  const m = c.doc.payment.means[i]!;
  return has(m.mandateReference) || has(m.debitedAccountId);
}

function ublMandates(c: RuleContext): number[] {
  return c.doc.payment.means.map((m, i) => (has(m.mandateReference) || has(m.debitedAccountId) ? i : -1)).filter((i) => i >= 0);
}

/** National rules of the XRechnung 3.0 CIUS. */
export const xrechnungRules: Rule[] = [
  rule('BR-DE-1', 'fatal', X, 'Eine Rechnung (INVOICE) muss Angaben zu „PAYMENT INSTRUCTIONS“ (BG-16) enthalten.', (c, fail) => {
    if (c.doc.payment.means.length === 0) fail('BG-16');
  }),
  rule('BR-DE-2', 'fatal', X, 'Die Gruppe „SELLER CONTACT“ (BG-6) muss übermittelt werden.', (c, fail) => {
    if (!c.doc.seller.contact) fail('BG-6');
  }),
  rule('BR-DE-3', 'fatal', X, 'Das Element „Seller city“ (BT-37) muss übermittelt werden.', (c, fail) => {
    const a = c.doc.seller.address;
    if (a && !has(a.city)) fail('BT-37');
  }),
  rule('BR-DE-4', 'fatal', X, 'Das Element „Seller post code“ (BT-38) muss übermittelt werden.', (c, fail) => {
    const a = c.doc.seller.address;
    if (a && !has(a.postCode)) fail('BT-38');
  }),
  rule('BR-DE-5', 'fatal', X, 'Das Element „Seller contact point“ (BT-41) muss übermittelt werden.', (c, fail) => {
    const k = c.doc.seller.contact;
    if (k && !has(k.name)) fail('BT-41');
  }),
  rule('BR-DE-6', 'fatal', X, 'Das Element „Seller contact telephone number“ (BT-42) muss übermittelt werden.', (c, fail) => {
    const k = c.doc.seller.contact;
    if (k && !has(k.phone)) fail('BT-42');
  }),
  rule('BR-DE-7', 'fatal', X, 'Das Element „Seller contact email address“ (BT-43) muss übermittelt werden.', (c, fail) => {
    const k = c.doc.seller.contact;
    if (k && !has(k.email)) fail('BT-43');
  }),
  rule('BR-DE-8', 'fatal', X, 'Das Element „Buyer city“ (BT-52) muss übermittelt werden.', (c, fail) => {
    const a = c.doc.buyer.address;
    if (a && !has(a.city)) fail('BT-52');
  }),
  rule('BR-DE-9', 'fatal', X, 'Das Element „Buyer post code“ (BT-53) muss übermittelt werden.', (c, fail) => {
    const a = c.doc.buyer.address;
    if (a && !has(a.postCode)) fail('BT-53');
  }),
  rule('BR-DE-10', 'fatal', X, 'Das Element „Deliver to city“ (BT-77) muss übermittelt werden, wenn die Gruppe „DELIVER TO ADDRESS“ (BG-15) übermittelt wird.', (c, fail) => {
    const a = c.doc.delivery?.address;
    if (a && !has(a.city)) fail('BT-77');
  }),
  rule('BR-DE-11', 'fatal', X, 'Das Element „Deliver to post code“ (BT-78) muss übermittelt werden, wenn die Gruppe „DELIVER TO ADDRESS“ (BG-15) übermittelt wird.', (c, fail) => {
    const a = c.doc.delivery?.address;
    if (a && !has(a.postCode)) fail('BT-78');
  }),
  rule('BR-DE-14', 'fatal', X, 'Das Element „VAT category rate“ (BT-119) muss übermittelt werden.', (c, fail) => {
    c.doc.vatBreakdown.forEach((b, i) => {
      if (!has(b.rate?.raw)) fail(`BG-23[${i + 1}]/BT-119`);
    });
  }),
  rule('BR-DE-15', 'fatal', X, 'Das Element „Buyer reference“ (BT-10) muss übermittelt werden.', (c, fail) => {
    if (!has(c.doc.buyerReference)) fail('BT-10');
  }),
  rule('BR-DE-16', 'fatal', X, 'Wenn in einer Rechnung die Steuercodes S, Z, E, AE, K, G, L oder M verwendet werden, muss mindestens eines der Elemente „Seller VAT identifier“ (BT-31), „Seller tax registration identifier“ (BT-32) oder „SELLER TAX REPRESENTATIVE PARTY“ (BG-11) übermittelt werden.', (c, fail) => {
    const d = c.doc;
    const cats = [...d.lines.map((l) => l.vatCategory), ...d.allowances.map((a) => a.vatCategory), ...d.charges.map((a) => a.vatCategory)];
    if (!cats.some((k) => DE16_CATEGORIES.has(code(k)))) return;
    if (!has(d.seller.vatId) && !has(d.seller.taxRegistrationId) && !d.taxRepresentative) fail('BT-31');
  }),
  rule('BR-DE-17', 'warning', X, 'Mit dem Element „Invoice type code“ (BT-3) sollen ausschließlich folgende Codes aus der Codeliste UNTDID 1001 übermittelt werden: 326, 380, 384, 389, 381, 875, 876, 877.', (c, fail) => {
    if (!TYPE_CODES.has(code(c.doc.typeCode))) fail('BT-3', `Code „${c.doc.typeCode ?? ''}“`);
  }),
  rule(
    'BR-DE-18',
    'fatal',
    X,
    'Skonto-Zeilen in den Zahlungsbedingungen (BT-20) müssen dem Muster #SKONTO#TAGE=n#PROZENT=n.nn#[BASISBETRAG=n.nn#] entsprechen: Großbuchstaben, Prozent mit Punkt und zwei Nachkommastellen, keine zusätzlichen Leerzeichen oder Texte, und nach jeder Skonto-Angabe ein Zeilenumbruch.',
    (c, fail) => {
      for (const t of paymentTermsTexts(c.doc)) for (const p of skontoProblems(t)) fail('BT-20', p);
    },
  ),
  rule('BR-DE-18-a', 'fatal', X, 'BT-20 darf nicht mehrfach vorhanden sein.', (c, fail) => {
    const terms = childrenNamed(childrenNamed(childrenNamed(c.doc.raw.root, 'SupplyChainTradeTransaction')[0], 'ApplicableHeaderTradeSettlement')[0], 'SpecifiedTradePaymentTerms');
    if (terms.some((t) => childrenNamed(t, 'Description').length >= 2)) fail('BT-20');
  }, 'cii'),
  rule('BR-DE-19', 'warning', X, '„Payment account identifier“ (BT-84) soll eine korrekte IBAN enthalten, wenn in „Payment means type code“ (BT-81) mit dem Code 58 SEPA als Zahlungsmittel gefordert wird.', (c, fail) => {
    c.doc.payment.means.forEach((m, i) => {
      if (code(m.code) !== '58') return;
      const ids = m.creditTransfers.map((t) => t.accountId);
      if (ids.length === 0 || ids.some((id) => !ibanOk(id))) fail(`BG-16[${i + 1}]/BT-84`, ids.join(', '));
    });
  }),
  rule('BR-DE-20', 'warning', X, '„Debited account identifier“ (BT-91) soll eine korrekte IBAN enthalten, wenn in „Payment means type code“ (BT-81) mit dem Code 59 SEPA als Zahlungsmittel gefordert wird.', (c, fail) => {
    c.doc.payment.means.forEach((m, i) => {
      if (code(m.code) !== '59') return;
      const id = c.ubl ? m.debitedAccountId : (m.debitedAccountId ?? c.doc.payment.directDebit?.debitedAccountId);
      if (!ibanOk(id)) fail(`BG-16[${i + 1}]/BT-91`);
    });
  }),
  rule('BR-DE-21', 'warning', X, 'Das Element „Specification identifier“ (BT-24) soll syntaktisch der Kennung des Standards XRechnung entsprechen.', (c, fail) => {
    const id = code(c.doc.specificationId);
    if (id !== XR_CIUS_ID && id !== XR_EXTENSION_ID && id !== XR_CVD_ID) fail('BT-24', `Kennung „${id}“`);
  }),
  rule('BR-DE-22', 'fatal', X, 'Das „filename“-Attribut aller „EmbeddedDocumentBinaryObject“-Elemente muss eindeutig sein.', (c, fail) => {
    const seen = new Set<string>();
    c.doc.supportingDocuments.forEach((d, i) => {
      const f = d.attachment?.filename;
      if (f === undefined) return;
      if (seen.has(f)) fail(`BG-24[${i + 1}]/BT-125`, `Dateiname „${f}“`);
      seen.add(f);
    });
  }),
  rule('BR-DE-23-a', 'fatal', X, 'Wenn BT-81 „Payment means type code“ einen Schlüssel für Überweisungen enthält (30, 58), muss BG-17 „CREDIT TRANSFER“ übermittelt werden.', (c, fail) => {
    c.doc.payment.means.forEach((m, i) => {
      if ((code(m.code) === '30' || code(m.code) === '58') && m.creditTransfers.length === 0) fail(`BG-16[${i + 1}]/BG-17`);
    });
  }),
  rule('BR-DE-23-b', 'fatal', X, 'Wenn BT-81 „Payment means type code“ einen Schlüssel für Überweisungen enthält (30, 58), dürfen BG-18 und BG-19 nicht übermittelt werden.', (c, fail) => {
    c.doc.payment.means.forEach((m, i) => {
      if ((code(m.code) === '30' || code(m.code) === '58') && (m.card || meansHasMandate(c, i))) fail(`BG-16[${i + 1}]`);
    });
  }),
  rule('BR-DE-24-a', 'fatal', X, 'Wenn BT-81 „Payment means type code“ einen Schlüssel für Kartenzahlungen enthält (48, 54, 55), muss genau BG-18 „PAYMENT CARD INFORMATION“ übermittelt werden.', (c, fail) => {
    c.doc.payment.means.forEach((m, i) => {
      if (['48', '54', '55'].includes(code(m.code)) && !m.card) fail(`BG-16[${i + 1}]/BG-18`);
    });
  }),
  rule('BR-DE-24-b', 'fatal', X, 'Wenn BT-81 „Payment means type code“ einen Schlüssel für Kartenzahlungen enthält (48, 54, 55), dürfen BG-17 und BG-19 nicht übermittelt werden.', (c, fail) => {
    c.doc.payment.means.forEach((m, i) => {
      if (['48', '54', '55'].includes(code(m.code)) && (m.creditTransfers.length > 0 || meansHasMandate(c, i))) fail(`BG-16[${i + 1}]`);
    });
  }),
  rule('BR-DE-25-a', 'fatal', X, 'Wenn BT-81 „Payment means type code“ einen Schlüssel für Lastschriften enthält (59), muss genau BG-19 „DIRECT DEBIT“ übermittelt werden.', (c, fail) => {
    c.doc.payment.means.forEach((m, i) => {
      if (code(m.code) === '59' && !meansHasMandate(c, i)) fail(`BG-16[${i + 1}]/BG-19`);
    });
  }),
  rule('BR-DE-25-b', 'fatal', X, 'Wenn BT-81 „Payment means type code“ einen Schlüssel für Lastschriften enthält (59), dürfen BG-17 und BG-18 nicht übermittelt werden.', (c, fail) => {
    c.doc.payment.means.forEach((m, i) => {
      if (code(m.code) === '59' && (m.creditTransfers.length > 0 || m.card)) fail(`BG-16[${i + 1}]`);
    });
  }),
  rule('BR-DE-26', 'warning', X, 'Wenn im Element „Invoice type code“ (BT-3) der Code 384 (Corrected invoice) übergeben wird, soll PRECEDING INVOICE REFERENCE (BG-3) mindestens einmal vorhanden sein.', (c, fail) => {
    if (code(c.doc.typeCode) === '384' && c.doc.precedingInvoices.length === 0) fail('BG-3');
  }),
  rule('BR-DE-27', 'warning', X, 'In BT-42 sollen mindestens drei Ziffern enthalten sein.', (c, fail) => {
    const k = c.doc.seller.contact;
    if (k && !TELEPHONE.test(normalizeSpace(k.phone ?? ''))) fail('BT-42');
  }),
  rule('BR-DE-28', 'warning', X, 'In BT-43 soll genau ein @-Zeichen enthalten sein, welches nicht von einem Leerzeichen, einem Punkt, aber mindestens zwei Zeichen auf beiden Seiten flankiert werden soll. Ein Punkt sollte nicht am Anfang oder am Ende stehen.', (c, fail) => {
    const k = c.doc.seller.contact;
    if (k && !EMAIL.test(normalizeSpace(k.email ?? ''))) fail('BT-43');
  }),
  rule('BR-DE-29', 'fatal', X, 'Wenn „DIRECT DEBIT“ (BG-19) vorhanden ist, dann muss „Mandate reference identifier“ (BT-89) übermittelt werden.', (c, fail) => {
    const d = c.doc.payment.directDebit;
    if (c.cii && d && (has(d.creditorId) || has(d.debitedAccountId)) && !has(d.mandateReference)) fail('BT-89');
  }, 'cii'),
  rule('BR-DE-30', 'fatal', X, 'Wenn „DIRECT DEBIT“ (BG-19) vorhanden ist, dann muss „Bank assigned creditor identifier“ (BT-90) übermittelt werden.', (c, fail) => {
    const d = c.doc.payment.directDebit;
    if (c.cii ? d && (has(d.mandateReference) || has(d.debitedAccountId)) && !has(d.creditorId) : ublMandates(c).length > 0 && !has(d?.creditorId)) fail('BT-90');
  }),
  rule('BR-DE-31', 'fatal', X, 'Wenn „DIRECT DEBIT“ (BG-19) vorhanden ist, dann muss „Debited account identifier“ (BT-91) übermittelt werden.', (c, fail) => {
    const d = c.doc.payment.directDebit;
    const missing = c.cii
      ? !!d && (has(d.mandateReference) || has(d.creditorId)) && !has(d.debitedAccountId)
      : ublMandates(c).length > 0 && !ublMandates(c).some((i) => has(c.doc.payment.means[i]!.debitedAccountId));
    if (missing) fail('BT-91');
  }),
  rule('BR-DE-TMP-32', 'information', X, 'Eine Rechnung sollte zur Angabe des Liefer-/Leistungsdatums entweder BT-72 „Actual delivery date“, BG-14 „Invoicing period“ oder in jeder Rechnungsposition BG-26 „Invoice line period“ enthalten.', (c, fail) => {
    const d = c.doc;
    if (!d.delivery?.actualDeliveryDate && !d.invoicingPeriod && !(d.lines.length > 0 && d.lines.every((l) => l.period))) fail('BT-72');
  }),
  rule('BR-TMP-1', 'warning', X, 'BG-30 LINE VAT INFORMATION darf in jeder Rechnungsposition (BG-25) genau einmal vorkommen.', (c, fail) => {
    const lines = childrenNamed(childrenNamed(c.doc.raw.root, 'SupplyChainTradeTransaction')[0], 'IncludedSupplyChainTradeLineItem');
    lines.forEach((l, i) => {
      if (childrenNamed(child(l, 'SpecifiedLineTradeSettlement'), 'ApplicableTradeTax').length !== 1) fail(`BG-25[${i + 1}]/BG-30`);
    });
  }, 'cii'),
  rule('BR-TMP-2', 'warning', X, 'BT-124 „External document location“ muss eine absolute URL mit gültigem Schema enthalten.', (c, fail) => {
    c.doc.supportingDocuments.forEach((d, i) => {
      if (d.uri !== undefined && !URL.test(d.uri)) fail(`BG-24[${i + 1}]/BT-124`, `„${d.uri}“`);
    });
  }),
  rule('BR-TMP-3', 'fatal', X, 'Ist die Basismenge (BT-149) beim Brutto- und beim Nettopreis angegeben, müssen beide gleich sein, ebenso ihre Maßeinheiten (BT-150).', (c, fail) => {
    c.doc.lines.forEach((l, i) => {
      const net = l.price?.baseQuantity;
      const gross = l.price?.grossBaseQuantity;
      if (!net || !gross) return;
      const unitsDiffer = net.unitCode !== undefined && gross.unitCode !== undefined && net.unitCode !== gross.unitCode;
      if (net.raw !== gross.raw || unitsDiffer) fail(`BG-25[${i + 1}]/BT-149`, `Netto ${net.raw} ${net.unitCode ?? ''}, Brutto ${gross.raw} ${gross.unitCode ?? ''}`.trim());
    });
  }, 'cii'),
];

// ---------------------------------------------------------------- extension

function allLines(lines: InvoiceLine[]): InvoiceLine[] {
  return lines.flatMap((l) => [l, ...allLines(l.subLines)]);
}

function schemeIn(list: ReadonlySet<string>, ids: (Identifier | undefined)[], path: string, fail: Fail, extra?: string): void {
  for (const id of ids) {
    if (!id || id.schemeId === undefined) continue;
    const s = id.schemeId.trim();
    if (/\s/.test(s) || (!list.has(s) && s !== extra)) fail(path, `Schema „${id.schemeId}“`);
  }
}

function subLineSumsOk(l: InvoiceLine): boolean {
  if (l.subLines.length === 0) return true;
  const own = val(l.netAmount);
  const s = sum(l.subLines.map((x) => val(x.netAmount)));
  return !!own && own.eq(s) && l.subLines.every(subLineSumsOk);
}

function prepaidPayments(c: RuleContext): ReturnType<typeof childrenNamed> {
  return c.ubl ? childrenNamed(c.doc.raw.root, 'PrepaidPayment') : [];
}

/** Rules of the XRechnung 3.0 extension. */
export const extensionRules: Rule[] = [
  rule('BR-DEX-01', 'fatal', XE, 'Das Element „Attached Document“ (BT-125) benutzt einen nicht zulässigen MIME-Code. Im Falle einer Extension darf zusätzlich application/xml genutzt werden.', (c, fail) => {
    c.doc.supportingDocuments.forEach((d, i) => {
      const m = d.attachment?.mimeCode;
      if (d.attachment && (m === undefined || !MIME_EXTENSION_CODES.has(m))) fail(`BG-24[${i + 1}]/BT-125`, `MIME-Code „${m ?? ''}“`);
    });
  }),
  rule('BR-DEX-02', 'warning', XE, 'Der Wert von „Invoice line net amount“ (BT-131) einer „INVOICE LINE“ (BG-25) oder einer „SUB INVOICE LINE“ (BG-DEX-01) soll der Summe der „Invoice line net amount“ (BT-131) der direkt darunterliegenden „SUB INVOICE LINE“ (BG-DEX-01) entsprechen.', (c, fail) => {
    c.doc.lines.forEach((l, i) => {
      if (!subLineSumsOk(l)) fail(`BG-25[${i + 1}]/BT-131`);
    });
  }, 'ubl'),
  rule('BR-DEX-03', 'fatal', XE, 'Eine Sub Invoice Line (BG-DEX-01) muss genau eine „SUB INVOICE LINE VAT INFORMATION“ (BG-DEX-06) enthalten.', (c, fail) => {
    const subs = descendants(c.doc.raw.root, 'SubInvoiceLine');
    subs.forEach((s, i) => {
      if (childrenNamed(child(s, 'Item'), 'ClassifiedTaxCategory').length !== 1) fail(`BG-DEX-01[${i + 1}]`);
    });
  }, 'ubl'),
  rule('BR-DEX-04', 'fatal', XE, 'Jede Schemakennung einer Partei-Kennung muss aus der Liste ISO 6523 ICD (erweitert um XR01–XR03) stammen.', (c, fail) => {
    schemeIn(ICD_EXTENSION_CODES, c.doc.seller.identifiers, 'BT-29-1', fail, c.ubl ? 'SEPA' : undefined);
    schemeIn(ICD_EXTENSION_CODES, c.doc.buyer.identifiers, 'BT-46-1', fail);
    schemeIn(ICD_EXTENSION_CODES, c.doc.payee?.identifiers ?? [], 'BT-60-1', fail, c.ubl ? 'SEPA' : undefined);
  }),
  rule('BR-DEX-05', 'fatal', XE, 'Jede Schemakennung einer Registernummer muss aus der Liste ISO 6523 ICD (erweitert um XR01–XR03) stammen.', (c, fail) => {
    schemeIn(ICD_EXTENSION_CODES, [c.doc.seller.legalRegistrationId, c.doc.buyer.legalRegistrationId, c.doc.payee?.legalRegistrationId], 'BT-30-1', fail);
  }),
  rule('BR-DEX-06', 'fatal', XE, 'Die Schemakennung der Standard-Artikelkennung (BT-157-1) muss aus der Liste ISO 6523 ICD (erweitert um XR01–XR03) stammen.', (c, fail) => {
    allLines(c.doc.lines).forEach((l) => schemeIn(ICD_EXTENSION_CODES, [l.item.standardId], 'BT-157-1', fail));
  }),
  rule('BR-DEX-07', 'fatal', XE, 'Die Schemakennung einer elektronischen Adresse muss aus der Codeliste CEF EAS (erweitert um XR01–XR03) stammen.', (c, fail) => {
    schemeIn(EAS_EXTENSION_CODES, [c.doc.seller.electronicAddress, c.doc.buyer.electronicAddress], 'BT-34-1', fail);
  }),
  rule('BR-DEX-08', 'fatal', XE, 'Die Schemakennung der Lieferortkennung (BT-71-1) muss aus der Liste ISO 6523 ICD (erweitert um XR01–XR03) stammen.', (c, fail) => {
    schemeIn(ICD_EXTENSION_CODES, [c.doc.delivery?.locationId], 'BT-71-1', fail);
  }),
  rule('BR-DEX-09', 'fatal', XE, 'Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) − Paid amount (BT-113) + Rounding amount (BT-114) − Σ Third party payment amount (BT-DEX-002).', (c, fail) => {
    const t = c.doc.totals;
    const due = val(t.payable);
    const incl = val(t.taxInclusive);
    if (!due || !incl) return;
    const third = sum(prepaidPayments(c).map((p) => Decimal.tryParse(child(p, 'PaidAmount')?.text ?? '')));
    const lhs = round2(due.sub(val(t.rounding) ?? Decimal.ZERO));
    const rhs = round2(incl.sub(val(t.prepaid) ?? Decimal.ZERO).add(third));
    if (!lhs.eq(rhs)) fail('BT-115', `angegeben ${t.payable?.raw}, berechnet ${show(rhs.add(val(t.rounding) ?? Decimal.ZERO))}`);
  }, 'ubl'),
  rule('BR-DEX-10', 'fatal', XE, 'Das Element „Third party payment type“ (BT-DEX-001) muss übermittelt werden, wenn die Gruppe „THIRD PARTY PAYMENT“ (BG-DEX-09) übermittelt wird.', (c, fail) => {
    prepaidPayments(c).forEach((p, i) => {
      if (!has(child(p, 'ID')?.text)) fail(`BG-DEX-09[${i + 1}]`);
    });
  }, 'ubl'),
  rule('BR-DEX-11', 'fatal', XE, 'Das Element „Third party payment amount“ (BT-DEX-002) muss übermittelt werden, wenn die Gruppe „THIRD PARTY PAYMENT“ (BG-DEX-09) übermittelt wird.', (c, fail) => {
    prepaidPayments(c).forEach((p, i) => {
      if (!has(child(p, 'PaidAmount')?.text)) fail(`BG-DEX-09[${i + 1}]`);
    });
  }, 'ubl'),
  rule('BR-DEX-12', 'fatal', XE, 'Das Element „Third party payment description“ (BT-DEX-003) muss übermittelt werden, wenn die Gruppe „THIRD PARTY PAYMENT“ (BG-DEX-09) übermittelt wird.', (c, fail) => {
    prepaidPayments(c).forEach((p, i) => {
      if (!has(child(p, 'InstructionID')?.text)) fail(`BG-DEX-09[${i + 1}]`);
    });
  }, 'ubl'),
  rule('BR-DEX-13', 'fatal', XE, 'Die maximale Anzahl zulässiger Nachkommastellen für das Element „Third party payment amount“ (BT-DEX-002) ist 2.', (c, fail) => {
    prepaidPayments(c).forEach((p, i) => {
      if (fractionLength(child(p, 'PaidAmount')?.text) > 2) fail(`BG-DEX-09[${i + 1}]`);
    });
  }, 'ubl'),
  rule('BR-DEX-14', 'fatal', XE, 'Die Währungsangabe von „Third party payment amount“ (BT-DEX-002) muss BT-5 („Invoice currency code“) entsprechen.', (c, fail) => {
    prepaidPayments(c).forEach((p, i) => {
      if (child(p, 'PaidAmount')?.attrs.currencyID !== c.doc.currency) fail(`BG-DEX-09[${i + 1}]`);
    });
  }, 'ubl'),
  rule('BR-DEX-15', 'warning', XE, 'Diese CII-Datei verwendet möglicherweise Unterpositionen (Sub Invoice Lines); XRechnung unterstützt diese in CII nicht.', (c, fail) => {
    if (c.doc.lines.some((l) => has(l.parentLineId))) fail('BG-25');
  }, 'cii'),
];

// ---------------------------------------------------------------- CVD

const CVD_SCHEMES: ReadonlySet<string> = new Set([...ITEM_CLASSIFICATION_SCHEMES, 'CVD']);

/** Rules of the XRechnung Clean Vehicles Directive profile. */
export const cvdRules: Rule[] = [
  rule('BR-DE-CVD-01', 'fatal', XC, 'Das Element „Contract reference“ (BT-12) muss übermittelt werden.', (c, fail) => {
    if (!has(c.doc.contractRef)) fail('BT-12');
  }),
  rule('BR-DE-CVD-02', 'fatal', XC, 'Das Element „Tender or lot reference“ (BT-17) muss übermittelt werden.', (c, fail) => {
    if (!has(c.doc.tenderOrLotRef)) fail('BT-17');
  }),
  rule('BR-DE-CVD-03', 'fatal', XC, 'In einer Rechnung muss mindestens eine Rechnungsposition (BG-25) enthalten sein, in der der Scheme identifier von „Item classification identifier“ (BT-158) den Wert „CVD“ und der „Item attribute name“ (BT-160) den Wert „cva“ enthält.', (c, fail) => {
    const ok = c.doc.lines.some((l) => l.item.classifications.some((k) => k.schemeId === 'CVD') && l.item.attributes.some((a) => a.name === 'cva'));
    if (!ok) fail('BG-25');
  }),
  rule('BR-DE-CVD-04', 'fatal', XC, 'Ein „Item classification identifier“ (BT-158) mit dem Scheme identifier „CVD“ muss einen Wert aus der Liste der zulässigen Fahrzeugkategorien enthalten.', (c, fail) => {
    c.doc.lines.forEach((l, i) =>
      l.item.classifications.forEach((k) => {
        if (k.schemeId?.trim() === 'CVD' && !CVD_VEHICLE_CATEGORIES.has(normalizeSpace(k.value))) fail(`BG-25[${i + 1}]/BT-158`, `Wert „${k.value}“`);
      }),
    );
  }),
  rule('BR-DE-CVD-05', 'fatal', XC, 'Hat der „Item attribute name“ (BT-160) den Wert „cva“, muss der „Item attribute value“ (BT-161) einen der zulässigen Werte enthalten.', (c, fail) => {
    c.doc.lines.forEach((l, i) =>
      l.item.attributes.forEach((a) => {
        if (a.name === 'cva' && !CVD_CVA_CODES.has(normalizeSpace(a.value ?? ''))) fail(`BG-25[${i + 1}]/BT-161`, `Wert „${a.value ?? ''}“`);
      }),
    );
  }),
  rule('BR-DE-CVD-06-a', 'fatal', XC, 'Ist BT-158 mit dem Scheme identifier „CVD“ angegeben, muss in derselben Rechnungsposition genau ein „Item attribute name“ (BT-160) mit dem Wert „cva“ vorhanden sein.', (c, fail) => {
    c.doc.lines.forEach((l, i) => {
      if (l.item.classifications.some((k) => k.schemeId === 'CVD') && l.item.attributes.filter((a) => a.name === 'cva').length !== 1) fail(`BG-25[${i + 1}]`);
    });
  }),
  rule('BR-DE-CVD-06-b', 'fatal', XC, 'Ist BT-160 mit dem Wert „cva“ angegeben, muss in derselben Rechnungsposition genau ein BT-158 mit dem Scheme identifier „CVD“ vorhanden sein.', (c, fail) => {
    c.doc.lines.forEach((l, i) => {
      if (l.item.attributes.some((a) => a.name === 'cva') && l.item.classifications.filter((k) => k.schemeId === 'CVD').length !== 1) fail(`BG-25[${i + 1}]`);
    });
  }),
  rule('BR-TMP-CVD-01', 'fatal', XC, 'Das Bildungsschema für „Item classification identifier“ (BT-158) ist aus der Codeliste UNTDID 7143 zu wählen.', (c, fail) => {
    c.doc.lines.forEach((l, i) =>
      l.item.classifications.forEach((k) => {
        const s = (k.schemeId ?? '').trim();
        if (/\s/.test(s) || !CVD_SCHEMES.has(s)) fail(`BG-25[${i + 1}]/BT-158-1`, `Schema „${k.schemeId ?? ''}“`);
      }),
    );
  }),
];
