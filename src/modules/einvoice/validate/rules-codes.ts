// EN 16931 code-list rules (BR-CL-*): every coded value must come from its official list. The lists are in
// codelists.ts and unitcodes.ts. BR-CL-07 (object identifier schemes, UNTDID 1153) is not checked.
import type { Amount, Identifier, ParsedInvoice } from '../model.ts';
import { childrenNamed } from '../../../kernel/index.ts';
import {
  ALLOWANCE_REASON_CODES,
  CHARGE_REASON_CODES,
  COUNTRY_CODES,
  CREDIT_NOTE_TYPE_CODES,
  CURRENCY_CODES,
  EAS_CODES,
  ICD_CODES,
  INVOICE_TYPE_CODES,
  ITEM_CLASSIFICATION_SCHEMES,
  MIME_CODES,
  NOTE_SUBJECT_CODES,
  PAYMENT_MEANS_CODES,
  TAX_POINT_DATE_CODES_CII,
  TAX_POINT_DATE_CODES_UBL,
  VAT_CATEGORY_CODES,
  VATEX_CODES,
} from './codelists.ts';
import { UNIT_CODES } from './unitcodes.ts';
import { rule, type Fail, type Rule, type RuleContext } from './engine.ts';

const E = 'en16931' as const;

/** True when the trimmed code is in the list and contains no inner space (as the artefacts test it). */
function inList(list: ReadonlySet<string>, code: string): boolean {
  const t = code.trim();
  return !/\s/.test(t) && list.has(t);
}

function checkCode(list: ReadonlySet<string>, code: string | undefined, path: string, fail: Fail): void {
  if (code !== undefined && !inList(list, code)) fail(path, `Code „${code}“`);
}

/** Every amount in the document with the path of its business term, for the currency check. */
function amounts(doc: ParsedInvoice): [Amount, string][] {
  const out: [Amount, string][] = [];
  const add = (a: Amount | undefined, path: string): void => {
    if (a) out.push([a, path]);
  };
  const t = doc.totals;
  add(t.lineNetTotal, 'BT-106');
  add(t.allowanceTotal, 'BT-107');
  add(t.chargeTotal, 'BT-108');
  add(t.taxExclusive, 'BT-109');
  add(t.taxTotal, 'BT-110');
  add(t.taxTotalTaxCurrency, 'BT-111');
  add(t.taxInclusive, 'BT-112');
  add(t.prepaid, 'BT-113');
  add(t.rounding, 'BT-114');
  add(t.payable, 'BT-115');
  doc.vatBreakdown.forEach((b, i) => {
    add(b.taxableAmount, `BG-23[${i + 1}]/BT-116`);
    add(b.taxAmount, `BG-23[${i + 1}]/BT-117`);
  });
  [...doc.allowances, ...doc.charges].forEach((a, i) => {
    add(a.amount, `BG-20/21[${i + 1}]`);
    add(a.baseAmount, `BG-20/21[${i + 1}]`);
  });
  doc.lines.forEach((l, i) => {
    const p = `BG-25[${i + 1}]`;
    add(l.netAmount, `${p}/BT-131`);
    add(l.price?.netPrice, `${p}/BT-146`);
    add(l.price?.grossPrice, `${p}/BT-148`);
    add(l.price?.discount, `${p}/BT-147`);
    for (const a of [...l.allowances, ...l.charges]) {
      add(a.amount, `${p}/BG-27/28`);
      add(a.baseAmount, `${p}/BG-27/28`);
    }
  });
  return out;
}

function schemeCheck(list: ReadonlySet<string>, ids: (Identifier | undefined)[], path: string, fail: Fail, extra?: ReadonlySet<string>): void {
  for (const id of ids) {
    if (!id || id.schemeId === undefined) continue;
    const s = id.schemeId.trim();
    if (!inList(list, s) && !(extra && extra.has(s))) fail(path, `Schema „${id.schemeId}“`);
  }
}

const SEPA: ReadonlySet<string> = new Set(['SEPA']);
const NOTE_SUBJECT_LIST = ` ${[...NOTE_SUBJECT_CODES].join(' ')} `;

function allAllowanceCharges(c: RuleContext, charge: boolean): { code?: string; path: string }[] {
  const doc = (charge ? c.doc.charges : c.doc.allowances).map((a, i) => ({ code: a.reasonCode, path: `${charge ? 'BG-21' : 'BG-20'}[${i + 1}]` }));
  const lines = c.doc.lines.flatMap((l, i) =>
    (charge ? l.charges : l.allowances).map((a, j) => ({ code: a.reasonCode, path: `BG-25[${i + 1}]/${charge ? 'BG-28' : 'BG-27'}[${j + 1}]` })),
  );
  return [...doc, ...lines];
}

/** Code-list rules. */
export const codeRules: Rule[] = [
  rule('BR-CL-01', 'fatal', E, 'Der Rechnungsartcode (BT-3) muss aus der Codeliste UNTDID 1001 (Rechnungen bzw. Gutschriften) stammen.', (c, fail) => {
    const list = c.doc.kind === 'ubl-creditnote' ? CREDIT_NOTE_TYPE_CODES : INVOICE_TYPE_CODES;
    checkCode(list, c.doc.typeCode, 'BT-3', fail);
  }),
  rule('BR-CL-03', 'fatal', E, 'Das Attribut currencyID muss ein Währungscode nach ISO 4217 sein.', (c, fail) => {
    for (const [a, path] of amounts(c.doc)) if (a.currencyId !== undefined) checkCode(CURRENCY_CODES, a.currencyId, path, fail);
  }),
  rule('BR-CL-04', 'fatal', E, 'Der Rechnungswährungscode (BT-5) muss nach ISO 4217 codiert sein.', (c, fail) => checkCode(CURRENCY_CODES, c.doc.currency, 'BT-5', fail)),
  rule('BR-CL-05', 'fatal', E, 'Der Code der Umsatzsteuer-Buchungswährung (BT-6) muss nach ISO 4217 codiert sein.', (c, fail) => checkCode(CURRENCY_CODES, c.doc.taxCurrency, 'BT-6', fail)),
  rule('BR-CL-06', 'fatal', E, 'Der Code für das Steuerdatum (BT-8) muss aus der zulässigen Teilmenge von UNTDID 2005 bzw. 2475 stammen.', (c, fail) => {
    const list = c.ubl ? TAX_POINT_DATE_CODES_UBL : TAX_POINT_DATE_CODES_CII;
    checkCode(list, c.doc.taxPointDateCode, 'BT-8', fail);
    c.doc.vatBreakdown.forEach((b, i) => {
      if (b.taxPointDateCode !== undefined && b.taxPointDateCode !== c.doc.taxPointDateCode) checkCode(list, b.taxPointDateCode, `BG-23[${i + 1}]/BT-8`, fail);
    });
  }),
  rule('BR-CL-08', 'fatal', E, 'Der Betreff einer Bemerkung (BT-21) muss aus der Codeliste UNTDID 4451 stammen.', (c, fail) => {
    if (c.ubl) {
      // UBL carries the subject code as "#CODE#" inside the note text; the artefact tests the first #…# pair.
      childrenNamed(c.doc.raw.root, 'Note').forEach((n, i) => {
        const t = n.text;
        if (!t.includes('#')) return;
        const after = t.slice(t.indexOf('#') + 1);
        const code = after.includes('#') ? after.slice(0, after.indexOf('#')) : '';
        // The artefact uses contains() on the space-separated list, so an empty or partial code passes.
        if (!NOTE_SUBJECT_LIST.includes(code)) fail(`BG-1[${i + 1}]/BT-21`, `Code „${code}“`);
      });
      return;
    }
    c.doc.notes.forEach((n, i) => checkCode(NOTE_SUBJECT_CODES, n.subjectCode, `BG-1[${i + 1}]/BT-21`, fail));
  }),
  rule('BR-CL-10', 'fatal', E, 'Die Schemakennung einer Kennung (BT-29, BT-46, BT-60) muss aus der Liste ISO 6523 ICD stammen.', (c, fail) => {
    schemeCheck(ICD_CODES, c.doc.seller.identifiers, 'BT-29-1', fail, c.ubl ? SEPA : undefined);
    schemeCheck(ICD_CODES, c.doc.buyer.identifiers, 'BT-46-1', fail);
    schemeCheck(ICD_CODES, c.doc.payee?.identifiers ?? [], 'BT-60-1', fail, c.ubl ? SEPA : undefined);
  }),
  rule('BR-CL-11', 'fatal', E, 'Die Schemakennung einer Registernummer (BT-30, BT-47, BT-61) muss aus der Liste ISO 6523 ICD stammen.', (c, fail) => {
    schemeCheck(ICD_CODES, [c.doc.seller.legalRegistrationId], 'BT-30-1', fail);
    schemeCheck(ICD_CODES, [c.doc.buyer.legalRegistrationId], 'BT-47-1', fail);
    schemeCheck(ICD_CODES, [c.doc.payee?.legalRegistrationId], 'BT-61-1', fail);
  }),
  rule('BR-CL-13', 'fatal', E, 'Die Schemakennung der Artikelklassifizierung (BT-158-1) muss aus der Codeliste UNTDID 7143 stammen.', (c, fail) => {
    c.doc.lines.forEach((l, i) => schemeCheck(ITEM_CLASSIFICATION_SCHEMES, l.item.classifications, `BG-25[${i + 1}]/BT-158-1`, fail));
  }),
  rule('BR-CL-14', 'fatal', E, 'Ländercodes müssen nach ISO 3166-1 codiert sein.', (c, fail) => {
    const d = c.doc;
    const list: [string | undefined, string][] = [
      [d.seller.address?.countryCode, 'BT-40'],
      [d.buyer.address?.countryCode, 'BT-55'],
      [d.taxRepresentative?.address?.countryCode, 'BT-69'],
      [d.delivery?.address?.countryCode, 'BT-80'],
    ];
    for (const [code, path] of list) checkCode(COUNTRY_CODES, code, path, fail);
  }),
  rule('BR-CL-15', 'fatal', E, 'Das Ursprungsland eines Artikels (BT-159) muss nach ISO 3166-1 codiert sein.', (c, fail) => {
    c.doc.lines.forEach((l, i) => checkCode(COUNTRY_CODES, l.item.originCountry, `BG-25[${i + 1}]/BT-159`, fail));
  }),
  rule('BR-CL-16', 'fatal', E, 'Der Code für das Zahlungsmittel (BT-81) muss aus der Codeliste UNTDID 4461 stammen.', (c, fail) => {
    c.doc.payment.means.forEach((m, i) => checkCode(PAYMENT_MEANS_CODES, m.code, `BG-16[${i + 1}]/BT-81`, fail));
  }),
  rule('BR-CL-17', 'fatal', E, 'Umsatzsteuer-Kategoriecodes müssen aus der Codeliste UNTDID 5305 stammen.', (c, fail) => {
    if (c.ubl) c.doc.vatBreakdown.forEach((b, i) => checkCode(VAT_CATEGORY_CODES, b.category, `BG-23[${i + 1}]/BT-118`, fail));
    c.doc.allowances.forEach((a, i) => checkCode(VAT_CATEGORY_CODES, a.vatCategory, `BG-20[${i + 1}]/BT-95`, fail));
    c.doc.charges.forEach((a, i) => checkCode(VAT_CATEGORY_CODES, a.vatCategory, `BG-21[${i + 1}]/BT-102`, fail));
  }),
  rule('BR-CL-18', 'fatal', E, 'Umsatzsteuer-Kategoriecodes müssen aus der Codeliste UNTDID 5305 stammen.', (c, fail) => {
    if (c.cii) c.doc.vatBreakdown.forEach((b, i) => checkCode(VAT_CATEGORY_CODES, b.category, `BG-23[${i + 1}]/BT-118`, fail));
    c.doc.lines.forEach((l, i) => checkCode(VAT_CATEGORY_CODES, l.vatCategory, `BG-25[${i + 1}]/BT-151`, fail));
  }),
  rule('BR-CL-19', 'fatal', E, 'Codes für Nachlassgründe (BT-98, BT-140) müssen aus der Codeliste UNTDID 5189 stammen.', (c, fail) => {
    for (const a of allAllowanceCharges(c, false)) checkCode(ALLOWANCE_REASON_CODES, a.code, a.path, fail);
  }),
  rule('BR-CL-20', 'fatal', E, 'Codes für Zuschlagsgründe (BT-105, BT-145) müssen aus der Codeliste UNTDID 7161 stammen.', (c, fail) => {
    for (const a of allAllowanceCharges(c, true)) checkCode(CHARGE_REASON_CODES, a.code, a.path, fail);
  }),
  rule('BR-CL-21', 'fatal', E, 'Die Schemakennung der Standard-Artikelkennung (BT-157-1) muss aus der Liste ISO 6523 ICD stammen.', (c, fail) => {
    c.doc.lines.forEach((l, i) => schemeCheck(ICD_CODES, [l.item.standardId], `BG-25[${i + 1}]/BT-157-1`, fail));
  }),
  rule('BR-CL-22', 'fatal', E, 'Der Code für den Befreiungsgrund (BT-121) muss aus der Codeliste VATEX stammen.', (c, fail) => {
    c.doc.vatBreakdown.forEach((b, i) => {
      if (b.exemptionReasonCode !== undefined) checkCode(VATEX_CODES, b.exemptionReasonCode.toUpperCase(), `BG-23[${i + 1}]/BT-121`, fail);
    });
  }),
  rule('BR-CL-23', 'fatal', E, 'Maßeinheiten (BT-130, BT-150) müssen nach UN/ECE-Empfehlung 20 bzw. 21 codiert sein.', (c, fail) => {
    c.doc.lines.forEach((l, i) => {
      checkCode(UNIT_CODES, l.quantity?.unitCode, `BG-25[${i + 1}]/BT-130`, fail);
      checkCode(UNIT_CODES, l.price?.baseQuantity?.unitCode, `BG-25[${i + 1}]/BT-150`, fail);
      checkCode(UNIT_CODES, l.price?.grossBaseQuantity?.unitCode, `BG-25[${i + 1}]/BT-150`, fail);
    });
  }),
  rule('BR-CL-24', 'fatal', E, 'Der MIME-Code eines Anhangs (BT-125) muss einer der zulässigen Typen sein (PDF, PNG, JPEG, CSV, XLSX, ODS).', (c, fail) => {
    c.doc.supportingDocuments.forEach((d, i) => {
      const m = d.attachment?.mimeCode;
      if (m !== undefined && !MIME_CODES.has(m)) fail(`BG-24[${i + 1}]/BT-125`, `MIME-Code „${m}“`);
    });
  }),
  rule('BR-CL-25', 'fatal', E, 'Die Schemakennung einer elektronischen Adresse (BT-34-1, BT-49-1) muss aus der Codeliste CEF EAS stammen.', (c, fail) => {
    schemeCheck(EAS_CODES, [c.doc.seller.electronicAddress], 'BT-34-1', fail);
    schemeCheck(EAS_CODES, [c.doc.buyer.electronicAddress], 'BT-49-1', fail);
  }),
  rule('BR-CL-26', 'fatal', E, 'Die Schemakennung der Lieferortkennung (BT-71-1) muss aus der Liste ISO 6523 ICD stammen.', (c, fail) => {
    schemeCheck(ICD_CODES, [c.doc.delivery?.locationId], 'BT-71-1', fail);
  }),
];

