// CEN syntax-binding rules that need the XML tree rather than the semantic model: the fatal cardinality rules of
// the UBL binding (UBL-SR-*, UBL-CR-666/673, UBL-DT-06/07) and of the CII binding (CII-SR-*), and the CII data-type
// rules (CII-DT-*: attributes and child elements that EN 16931 does not allow). Warning-level "should not be
// present" rules (UBL-CR-*, most CII-SR-*) are not reported.
import type { XmlElement } from '../../../kernel/index.ts';
import { child, childrenNamed } from '../../../kernel/index.ts';
import { fractionLength, has, rule, type Fail, type Rule, type RuleContext } from './engine.ts';

const S = 'syntax' as const;
const RAM = 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100';

function kids(el: XmlElement | undefined, ...path: string[]): XmlElement[] {
  let cur: XmlElement[] = el ? [el] : [];
  for (const p of path) cur = cur.flatMap((e) => childrenNamed(e, p));
  return cur;
}

const root = (c: RuleContext): XmlElement => c.doc.raw.root;

// ---------------------------------------------------------------- UBL

function supplier(c: RuleContext): XmlElement | undefined {
  return kids(root(c), 'AccountingSupplierParty', 'Party')[0];
}
function customer(c: RuleContext): XmlElement | undefined {
  return kids(root(c), 'AccountingCustomerParty', 'Party')[0];
}
function ublLines(c: RuleContext): XmlElement[] {
  return [...childrenNamed(root(c), 'InvoiceLine'), ...childrenNamed(root(c), 'CreditNoteLine')];
}
/** Elements the UBL rules look for anywhere in the tree, collected in one walk per document. */
interface UblIndex {
  addresses: XmlElement[];
  partyTaxSchemes: XmlElement[];
  binaryObjects: XmlElement[];
  /** Amount elements outside prices (UBL-DT-01 context). */
  amounts: XmlElement[];
}

function ublIndex(c: RuleContext): UblIndex {
  return c.memo('ublIndex', () => {
    const idx: UblIndex = { addresses: [], partyTaxSchemes: [], binaryObjects: [], amounts: [] };
    const visit = (e: XmlElement, inPriceAc: boolean): void => {
      const n = e.name;
      if (n === 'PostalAddress' || n === 'Address') idx.addresses.push(e);
      else if (n === 'PartyTaxScheme') idx.partyTaxSchemes.push(e);
      else if (n.endsWith('BinaryObject')) idx.binaryObjects.push(e);
      else if (n.endsWith('Amount') && !n.endsWith('PriceAmount') && !inPriceAc) idx.amounts.push(e);
      const priceAc = inPriceAc || n === 'Price';
      for (const k of e.children) visit(k, priceAc && (inPriceAc || k.name === 'AllowanceCharge'));
    };
    visit(root(c), false);
    return idx;
  });
}

const taxSchemeId = (pts: XmlElement): string | undefined => child(child(pts, 'TaxScheme'), 'ID')?.text.trim().toUpperCase();

/** A UBL "shall occur maximum n times" rule on the document root. */
function ublMax(id: string, message: string, max: number, count: (c: RuleContext) => number): Rule {
  return rule(id, 'fatal', S, message, (c, fail) => {
    const n = count(c);
    if (n > max) fail(undefined, `${n}-mal vorhanden`);
  }, 'ubl');
}

/** A UBL rule per invoice line. */
function ublLine(id: string, message: string, ok: (line: XmlElement) => boolean): Rule {
  return rule(id, 'fatal', S, message, (c, fail) => {
    ublLines(c).forEach((l, i) => {
      if (!ok(l)) fail(`BG-25[${i + 1}]`);
    });
  }, 'ubl');
}

const ublRules: Rule[] = [
  ublMax('UBL-SR-01', 'Die Vertragsnummer (BT-12) darf höchstens einmal vorkommen.', 1, (c) => kids(root(c), 'ContractDocumentReference', 'ID').length),
  ublMax('UBL-SR-02', 'Die Wareneingangsmeldung (BT-15) darf höchstens einmal vorkommen.', 1, (c) => kids(root(c), 'ReceiptDocumentReference', 'ID').length),
  ublMax('UBL-SR-03', 'Die Versandanzeige (BT-16) darf höchstens einmal vorkommen.', 1, (c) => kids(root(c), 'DespatchDocumentReference', 'ID').length),
  ublMax('UBL-SR-04', 'Die Objektkennung (BT-18) darf höchstens einmal vorkommen.', 1, (c) =>
    kids(root(c), 'AdditionalDocumentReference').filter((d) => child(d, 'DocumentTypeCode')?.text === '130' && child(d, 'ID')).length,
  ),
  ublMax('UBL-SR-05', 'Die Zahlungsbedingungen (BT-20) dürfen höchstens einmal vorkommen.', 1, (c) => kids(root(c), 'PaymentTerms', 'Note').length),
  ublMax('UBL-SR-08', 'Der Abrechnungszeitraum (BG-14) darf höchstens einmal vorkommen.', 1, (c) => kids(root(c), 'InvoicePeriod').length),
  ublMax('UBL-SR-09', 'Der Name des Verkäufers (BT-27) darf höchstens einmal vorkommen.', 1, (c) => kids(supplier(c), 'PartyLegalEntity', 'RegistrationName').length),
  ublMax('UBL-SR-10', 'Der Handelsname des Verkäufers (BT-28) darf höchstens einmal vorkommen.', 1, (c) => kids(supplier(c), 'PartyName', 'Name').length),
  ublMax('UBL-SR-11', 'Die Registernummer des Verkäufers (BT-30) darf höchstens einmal vorkommen.', 1, (c) => kids(supplier(c), 'PartyLegalEntity', 'CompanyID').length),
  ublMax('UBL-SR-12', 'Die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31) darf höchstens einmal vorkommen.', 1, (c) =>
    kids(supplier(c), 'PartyTaxScheme').filter((p) => taxSchemeId(p) === 'VAT' && child(p, 'CompanyID')).length,
  ),
  ublMax('UBL-SR-13', 'Die Steuernummer des Verkäufers (BT-32) darf höchstens einmal vorkommen.', 1, (c) =>
    kids(supplier(c), 'PartyTaxScheme').filter((p) => taxSchemeId(p) !== 'VAT' && child(p, 'CompanyID')).length,
  ),
  ublMax('UBL-SR-14', 'Die rechtlichen Zusatzangaben des Verkäufers (BT-33) dürfen höchstens einmal vorkommen.', 1, (c) => kids(supplier(c), 'PartyLegalEntity', 'CompanyLegalForm').length),
  ublMax('UBL-SR-15', 'Der Name des Käufers (BT-44) darf höchstens einmal vorkommen.', 1, (c) => kids(customer(c), 'PartyLegalEntity', 'RegistrationName').length),
  ublMax('UBL-SR-16', 'Die Kennung des Käufers (BT-46) darf höchstens einmal vorkommen.', 1, (c) => kids(customer(c), 'PartyIdentification', 'ID').length),
  ublMax('UBL-SR-17', 'Die Registernummer des Käufers (BT-47) darf höchstens einmal vorkommen.', 1, (c) => kids(customer(c), 'PartyLegalEntity', 'CompanyID').length),
  ublMax('UBL-SR-18', 'Die Umsatzsteuer-Identifikationsnummer des Käufers (BT-48) darf höchstens einmal vorkommen.', 1, (c) =>
    kids(customer(c), 'PartyTaxScheme').filter((p) => taxSchemeId(p) === 'VAT' && child(p, 'CompanyID')).length,
  ),
  ublMax('UBL-SR-24', 'Die Lieferinformationen (BG-13) dürfen höchstens einmal vorkommen.', 1, (c) => kids(root(c), 'Delivery').length),
  ublMax('UBL-SR-25', 'Der Name des Warenempfängers (BT-70) darf höchstens einmal vorkommen.', 1, (c) => kids(root(c), 'Delivery', 'DeliveryParty', 'PartyName', 'Name').length),
  ublMax('UBL-SR-39', 'Die Projektreferenz (BT-11) darf höchstens einmal vorkommen.', 1, (c) => kids(root(c), 'ProjectReference', 'ID').length),
  ublMax('UBL-SR-40', 'Der Handelsname des Käufers (BT-45) darf höchstens einmal vorkommen.', 1, (c) => kids(customer(c), 'PartyName', 'Name').length),
  ublMax('UBL-SR-42', 'PartyTaxScheme darf beim Verkäufer höchstens zweimal vorkommen.', 2, (c) => kids(supplier(c), 'PartyTaxScheme').length),
  ublMax('UBL-SR-44', 'Die Rechnung darf nur eine Zahlungsreferenz (BT-83) haben; sie darf für mehrere Zahlungsmittel gelten.', 1, (c) =>
    new Set(kids(root(c), 'PaymentMeans', 'PaymentID').map((e) => e.text)).size,
  ),
  ublMax('UBL-SR-47', 'Gibt es mehrere Zahlungsmittel, müssen ihre Codes (BT-81) gleich sein.', 1, (c) =>
    new Set(kids(root(c), 'PaymentMeans', 'PaymentMeansCode').map((e) => e.text)).size,
  ),
  ublMax('UBL-SR-49', 'Das Steuerdatum (BT-7) darf höchstens einmal vorkommen.', 1, (c) => kids(root(c), 'TaxPointDate').length),
  ublLine('UBL-SR-34', 'Die Positionsbemerkung (BT-127) darf höchstens einmal vorkommen.', (l) => kids(l, 'Note').length <= 1),
  ublLine('UBL-SR-35', 'Die Bestellpositionsreferenz (BT-132) darf höchstens einmal vorkommen.', (l) => kids(l, 'OrderLineReference', 'LineID').length <= 1),
  ublLine('UBL-SR-36', 'Der Positionszeitraum (BG-26) darf höchstens einmal vorkommen.', (l) => kids(l, 'InvoicePeriod').length <= 1),
  ublLine('UBL-SR-37', 'Der Preisnachlass (BT-147) darf höchstens einmal vorkommen.', (l) => kids(l, 'Price', 'AllowanceCharge').length <= 1),
  ublLine('UBL-SR-48', 'Jede Rechnungsposition muss genau eine Umsatzsteuerkategorie (ClassifiedTaxCategory) haben.', (l) => kids(l, 'Item', 'ClassifiedTaxCategory').length === 1),
  ublLine('UBL-SR-50', 'Die Artikelbeschreibung (BT-154) darf höchstens einmal vorkommen.', (l) => kids(l, 'Item', 'Description').length <= 1),
  ublLine('UBL-SR-52', 'Die Objektkennung auf Positionsebene (BT-128) darf höchstens einmal vorkommen.', (l) => kids(l, 'DocumentReference').length <= 1),
  rule('UBL-SR-19', 'fatal', S, 'Der Name des Zahlungsempfängers (BT-59) darf höchstens einmal vorkommen.', (c, fail) => {
    if (kids(root(c), 'PayeeParty', 'PartyName', 'Name').length > 1) fail('BT-59');
  }, 'ubl'),
  rule('UBL-SR-20', 'fatal', S, 'Die Kennung des Zahlungsempfängers (BT-60) darf höchstens einmal vorkommen.', (c, fail) => {
    if (kids(root(c), 'PayeeParty', 'PartyIdentification', 'ID').length > 1) fail('BT-60');
  }, 'ubl'),
  rule('UBL-SR-21', 'fatal', S, 'Die Registernummer des Zahlungsempfängers (BT-61) darf höchstens einmal vorkommen.', (c, fail) => {
    if (kids(root(c), 'PayeeParty', 'PartyLegalEntity', 'CompanyID').length > 1) fail('BT-61');
  }, 'ubl'),
  rule('UBL-SR-26', 'fatal', S, 'Die Zahlungsreferenz (BT-83) darf je Zahlungsanweisung höchstens einmal vorkommen.', (c, fail) => {
    kids(root(c), 'PaymentMeans').forEach((m, i) => {
      if (kids(m, 'PaymentID').length > 1) fail(`BG-16[${i + 1}]`);
    });
  }, 'ubl'),
  rule('UBL-SR-28', 'fatal', S, 'Die Mandatsreferenz (BT-89) darf höchstens einmal vorkommen.', (c, fail) => {
    kids(root(c), 'PaymentMeans').forEach((m, i) => {
      if (kids(m, 'PaymentMandate', 'ID').length > 1) fail(`BG-16[${i + 1}]`);
    });
  }, 'ubl'),
  rule('UBL-SR-30', 'fatal', S, 'Der Grund eines Nachlasses auf Dokumentenebene (BT-97) darf höchstens einmal vorkommen.', (c, fail) => {
    kids(root(c), 'AllowanceCharge').forEach((a, i) => {
      if (child(a, 'ChargeIndicator')?.text === 'false' && kids(a, 'AllowanceChargeReason').length > 1) fail(`BG-20[${i + 1}]`);
    });
  }, 'ubl'),
  rule('UBL-SR-31', 'fatal', S, 'Der Grund eines Zuschlags auf Dokumentenebene (BT-104) darf höchstens einmal vorkommen.', (c, fail) => {
    kids(root(c), 'AllowanceCharge').forEach((a, i) => {
      if (child(a, 'ChargeIndicator')?.text === 'true' && kids(a, 'AllowanceChargeReason').length > 1) fail(`BG-21[${i + 1}]`);
    });
  }, 'ubl'),
  rule('UBL-SR-33', 'fatal', S, 'Die Beschreibung eines rechnungsbegründenden Belegs (BT-123) darf höchstens einmal vorkommen.', (c, fail) => {
    kids(root(c), 'AdditionalDocumentReference').forEach((d, i) => {
      if (kids(d, 'DocumentDescription').length > 1) fail(`BG-24[${i + 1}]`);
    });
  }, 'ubl'),
  rule('UBL-SR-43', 'fatal', S, 'Eine Schemakennung bei AdditionalDocumentReference/ID ist nur für die Objektkennung (Dokumentart 130 oder 50) erlaubt.', (c, fail) => {
    kids(root(c), 'AdditionalDocumentReference').forEach((d, i) => {
      const code = child(d, 'DocumentTypeCode')?.text;
      if (child(d, 'ID')?.attrs.schemeID !== undefined && code !== '130' && code !== '50') fail(`BG-24[${i + 1}]`);
    });
  }, 'ubl'),
  rule('UBL-SR-51', 'fatal', S, 'Eine Anschrift darf höchstens eine dritte Adresszeile (AddressLine) haben.', (c, fail) => {
    for (const e of ublIndex(c).addresses) if (childrenNamed(e, 'AddressLine').length > 1) fail(e.name);
  }, 'ubl'),
  rule('UBL-SR-53', 'fatal', S, 'Bei Angabe eines Steuerschemas (PartyTaxScheme/TaxScheme/ID) muss die Steuernummer bzw. USt-IdNr. (CompanyID) angegeben sein.', (c, fail) => {
    for (const e of ublIndex(c).partyTaxSchemes) if (has(child(child(e, 'TaxScheme'), 'ID')?.text) && !child(e, 'CompanyID')) fail('PartyTaxScheme');
  }, 'ubl'),
  rule('UBL-CR-666', 'fatal', S, 'Ein Verweis auf die Objektkennung (Dokumentart 130) darf keinen Anhang enthalten.', (c, fail) => {
    kids(root(c), 'AdditionalDocumentReference').forEach((d, i) => {
      if (child(d, 'DocumentTypeCode')?.text === '130' && child(d, 'Attachment')) fail(`BG-24[${i + 1}]`);
    });
  }, 'ubl'),
  rule('UBL-CR-673', 'fatal', S, 'Ein Verweis auf die Objektkennung (Dokumentart 130) darf keine Belegbeschreibung enthalten.', (c, fail) => {
    kids(root(c), 'AdditionalDocumentReference').forEach((d, i) => {
      if (child(d, 'DocumentTypeCode')?.text === '130' && child(d, 'DocumentDescription')) fail(`BG-24[${i + 1}]`);
    });
  }, 'ubl'),
  rule('UBL-DT-01', 'fatal', S, 'Beträge dürfen höchstens zwei Nachkommastellen haben (ausgenommen Preise).', (c, fail) => {
    for (const e of ublIndex(c).amounts) if (fractionLength(e.text) > 2) fail(e.name, `Wert ${e.text}`);
  }, 'ubl'),
  rule('UBL-DT-06', 'fatal', S, 'Eingebettete Anhänge (EmbeddedDocumentBinaryObject) müssen das Attribut mimeCode haben.', (c, fail) => {
    for (const e of ublIndex(c).binaryObjects) if (e.attrs.mimeCode === undefined) fail('BT-125');
  }, 'ubl'),
  rule('UBL-DT-07', 'fatal', S, 'Eingebettete Anhänge (EmbeddedDocumentBinaryObject) müssen das Attribut filename haben.', (c, fail) => {
    for (const e of ublIndex(c).binaryObjects) if (e.attrs.filename === undefined) fail('BT-125');
  }, 'ubl'),
];

function walk(el: XmlElement, f: (e: XmlElement, parent?: XmlElement) => void, parent?: XmlElement): void {
  f(el, parent);
  for (const k of el.children) walk(k, f, el);
}

// ---------------------------------------------------------------- CII

function ciiMax(id: string, message: string, pick: (c: RuleContext) => { count: number; path: string }[]): Rule {
  return rule(id, 'fatal', S, message, (c, fail) => {
    for (const { count, path } of pick(c)) if (count) fail(path);
  }, 'cii');
}

const agreement = (c: RuleContext): XmlElement | undefined => kids(root(c), 'SupplyChainTradeTransaction', 'ApplicableHeaderTradeAgreement')[0];
const settlement = (c: RuleContext): XmlElement | undefined => kids(root(c), 'SupplyChainTradeTransaction', 'ApplicableHeaderTradeSettlement')[0];
const ciiLines = (c: RuleContext): XmlElement[] => kids(root(c), 'SupplyChainTradeTransaction', 'IncludedSupplyChainTradeLineItem');

const ciiSrRules: Rule[] = [
  ciiMax('CII-SR-009', 'Die Spezifikationskennung (GuidelineSpecifiedDocumentContextParameter) muss genau einmal vorhanden sein.', (c) => [
    { count: Number(kids(root(c), 'ExchangedDocumentContext', 'GuidelineSpecifiedDocumentContextParameter').length !== 1), path: 'BT-24' },
  ]),
  ciiMax('CII-SR-010', 'Die Spezifikationskennung (BT-24) muss genau einmal vorhanden sein.', (c) => [
    { count: Number(kids(root(c), 'ExchangedDocumentContext', 'GuidelineSpecifiedDocumentContextParameter', 'ID').length !== 1), path: 'BT-24' },
  ]),
  ciiMax('CII-SR-014', 'Der Rechnungsartcode (BT-3) muss genau einmal vorhanden sein.', (c) => [
    { count: Number(kids(root(c), 'ExchangedDocument', 'TypeCode').length !== 1), path: 'BT-3' },
  ]),
  ciiMax('CII-SR-046', 'Eine Standard-Artikelkennung (GlobalID) muss eine Schemakennung (schemeID) haben.', (c) =>
    ciiLines(c).map((l, i) => ({ count: Number(kids(l, 'SpecifiedTradeProduct', 'GlobalID').some((g) => g.attrs.schemeID === undefined)), path: `BG-25[${i + 1}]/BT-157` })),
  ),
  ciiMax('CII-SR-069', 'Ein Artikelattribut muss genau einen Namen (Description) haben.', (c) =>
    ciiLines(c).flatMap((l, i) => kids(l, 'SpecifiedTradeProduct', 'ApplicableProductCharacteristic').map((a) => ({ count: Number(kids(a, 'Description').length !== 1), path: `BG-25[${i + 1}]/BT-160` }))),
  ),
  ciiMax('CII-SR-072', 'Ein Artikelattribut muss genau einen Wert (Value) haben.', (c) =>
    ciiLines(c).flatMap((l, i) => kids(l, 'SpecifiedTradeProduct', 'ApplicableProductCharacteristic').map((a) => ({ count: Number(kids(a, 'Value').length !== 1), path: `BG-25[${i + 1}]/BT-161` }))),
  ),
  ciiMax('CII-SR-090', 'Das Ursprungsland (OriginTradeCountry) muss genau eine Kennung haben.', (c) =>
    ciiLines(c).flatMap((l, i) => kids(l, 'SpecifiedTradeProduct', 'OriginTradeCountry').map((o) => ({ count: Number(kids(o, 'ID').length !== 1), path: `BG-25[${i + 1}]/BT-159` }))),
  ),
  ciiMax('CII-SR-439', 'Der Nettopreis (ChargeAmount) muss genau einmal vorhanden sein.', (c) =>
    ciiLines(c).map((l, i) => ({ count: Number(kids(l, 'SpecifiedLineTradeAgreement', 'NetPriceProductTradePrice', 'ChargeAmount').length !== 1), path: `BG-25[${i + 1}]/BT-146` })),
  ),
  ciiMax('CII-SR-440', 'Der Preisnachlass (ActualAmount) darf höchstens einmal vorhanden sein.', (c) =>
    ciiLines(c).flatMap((l, i) =>
      kids(l, 'SpecifiedLineTradeAgreement', 'GrossPriceProductTradePrice', 'AppliedTradeAllowanceCharge').map((a) => ({ count: Number(kids(a, 'ActualAmount').length > 1), path: `BG-25[${i + 1}]/BT-147` })),
    ),
  ),
  ciiMax('CII-SR-455', 'Der Kontakt des Verkäufers (DefinedTradeContact) darf höchstens einmal vorhanden sein.', (c) => [
    { count: Number(kids(agreement(c), 'SellerTradeParty', 'DefinedTradeContact').length > 1), path: 'BG-6' },
  ]),
  ciiMax('CII-SR-456', 'Der Kontakt des Käufers (DefinedTradeContact) darf höchstens einmal vorhanden sein.', (c) => [
    { count: Number(kids(agreement(c), 'BuyerTradeParty', 'DefinedTradeContact').length > 1), path: 'BG-9' },
  ]),
  ciiMax('CII-SR-459', 'Die elektronische Adresse des Verkäufers darf höchstens einmal vorhanden sein.', (c) => [
    { count: Number(kids(agreement(c), 'SellerTradeParty', 'URIUniversalCommunication').length > 1), path: 'BT-34' },
  ]),
  ciiMax('CII-SR-460', 'Die elektronische Adresse des Käufers darf höchstens einmal vorhanden sein.', (c) => [
    { count: Number(kids(agreement(c), 'BuyerTradeParty', 'URIUniversalCommunication').length > 1), path: 'BT-49' },
  ]),
  ciiMax('CII-SR-461', 'Das Steuerdatum (TaxPointDate) darf nur einmal vorhanden sein.', (c) => [
    { count: Number(kids(settlement(c), 'ApplicableTradeTax', 'TaxPointDate').length > 1), path: 'BT-7' },
  ]),
  ciiMax('CII-SR-462', 'Der Code für das Steuerdatum (DueDateTypeCode) muss überall gleich sein.', (c) => [
    { count: Number(new Set(kids(settlement(c), 'ApplicableTradeTax', 'DueDateTypeCode').map((e) => e.text)).size > 1), path: 'BT-8' },
  ]),
];

const REF_FORBIDDEN: [string, string, (d: XmlElement) => boolean][] = [
  ['CII-DT-015', 'URIID', (d) => d.name === 'AdditionalReferencedDocument' && child(d, 'TypeCode')?.text === '916'],
  ['CII-DT-016', 'StatusCode', () => false],
  ['CII-DT-017', 'CopyIndicator', () => false],
  ['CII-DT-018', 'TypeCode', (d) => d.name === 'AdditionalReferencedDocument' && ['50', '130', '916'].includes(child(d, 'TypeCode')?.text ?? '')],
  ['CII-DT-019', 'GlobalID', () => false],
  ['CII-DT-020', 'RevisionID', () => false],
  ['CII-DT-021', 'Name', (d) => d.name === 'AdditionalReferencedDocument' && child(d, 'TypeCode')?.text === '916'],
  ['CII-DT-022', 'AttachmentBinaryObject', (d) => d.name === 'AdditionalReferencedDocument' && child(d, 'TypeCode')?.text === '916'],
  ['CII-DT-023', 'Information', () => false],
  ['CII-DT-024', 'ReferenceTypeCode', (d) => d.name === 'AdditionalReferencedDocument' && child(d, 'TypeCode')?.text === '130'],
  ['CII-DT-025', 'SectionName', () => false],
  ['CII-DT-026', 'PreviousRevisionID', () => false],
  ['CII-DT-027', 'FormattedIssueDateTime', (d) => d.name === 'InvoiceReferencedDocument'],
  ['CII-DT-028', 'EffectiveSpecifiedPeriod', () => false],
  ['CII-DT-029', 'IssuerTradeParty', () => false],
  ['CII-DT-030', 'AttachedSpecifiedBinaryFile', () => false],
];

const PERIOD_FORBIDDEN: [string, string][] = [
  ['CII-DT-069', 'DurationMeasure'],
  ['CII-DT-070', 'InclusiveIndicator'],
  ['CII-DT-071', 'Description'],
  ['CII-DT-073', 'CompleteDateTime'],
  ['CII-DT-074', 'OpenIndicator'],
  ['CII-DT-075', 'SeasonCode'],
  ['CII-DT-076', 'ID'],
  ['CII-DT-077', 'Name'],
  ['CII-DT-078', 'SequenceNumeric'],
  ['CII-DT-079', 'StartDateFlexibilityCode'],
  ['CII-DT-080', 'ContinuousIndicator'],
  ['CII-DT-081', 'PurposeCode'],
];

const ADDRESS_FORBIDDEN: [string, string][] = [
  ['CII-DT-082', 'ID'],
  ['CII-DT-083', 'PostOfficeBox'],
  ['CII-DT-084', 'BuildingName'],
  ['CII-DT-086', 'LineFour'],
  ['CII-DT-087', 'LineFive'],
  ['CII-DT-088', 'StreetName'],
  ['CII-DT-089', 'CitySubDivisionName'],
  ['CII-DT-090', 'CountryName'],
  ['CII-DT-091', 'CountrySubDivisionID'],
  ['CII-DT-092', 'AttentionOf'],
  ['CII-DT-093', 'CareOf'],
  ['CII-DT-094', 'BuildingNumber'],
  ['CII-DT-095', 'DepartmentName'],
  ['CII-DT-096', 'AdditionalStreetName'],
];

const ID_ATTRS: [string, string][] = [
  ['CII-DT-0010', 'schemeName'],
  ['CII-DT-0020', 'schemeAgencyName'],
  ['CII-DT-0030', 'schemeDataURI'],
  ['CII-DT-0040', 'schemeURI'],
];

const DATE_102 = /^\s*(\d{4})(1[0-2]|0[1-9])(3[01]|[12][0-9]|0[1-9])\s*$/;

/** The CII data-type findings, computed in one walk over the tree and cached per document. */
function ciiDataTypeFindings(c: RuleContext): Map<string, string[]> {
  return c.memo('ciiDt', () => {
    const out = new Map<string, string[]>();
    const add = (id: string, path: string): void => {
      const l = out.get(id);
      if (l) l.push(path);
      else out.set(id, [path]);
    };
    const r = root(c);
    if (r.attrs.languageID !== undefined) add('CII-DT-013', r.name);
    if (r.attrs.languageLocaleID !== undefined) add('CII-DT-014', r.name);
    const docTypeCode = kids(r, 'ExchangedDocument', 'TypeCode')[0];
    if (docTypeCode) {
      if (docTypeCode.attrs.listID !== undefined) add('CII-DT-010', 'BT-3');
      if (docTypeCode.attrs.listAgencyID !== undefined) add('CII-DT-011', 'BT-3');
      if (docTypeCode.attrs.listVersionID !== undefined) add('CII-DT-012', 'BT-3');
    }
    const special = [
      ...kids(r, 'ExchangedDocumentContext', 'GuidelineSpecifiedDocumentContextParameter', 'ID'),
      ...kids(r, 'ExchangedDocument', 'ID'),
      ...ciiLines(c).flatMap((l) => [...kids(l, 'AssociatedDocumentLineDocument', 'LineID'), ...kids(l, 'SpecifiedTradeProduct', 'SellerAssignedID')]),
    ];
    for (const e of special) {
      if (e.attrs.schemeName !== undefined) add('CII-DT-001', e.name);
      if (e.attrs.schemeAgencyName !== undefined) add('CII-DT-002', e.name);
      if (e.attrs.schemeDataURI !== undefined) add('CII-DT-003', e.name);
      if (e.attrs.schemeURI !== undefined) add('CII-DT-004', e.name);
      if (e.attrs.schemeID !== undefined) add('CII-DT-005', e.name);
      if (e.attrs.schemeAgencyID !== undefined) add('CII-DT-006', e.name);
      if (e.attrs.schemeVersionID !== undefined) add('CII-DT-007', e.name);
    }
    walk(r, (e) => {
      if (e.ns === RAM) {
        const n = e.name;
        if (n.endsWith('ID')) for (const [id, attr] of ID_ATTRS) if (e.attrs[attr] !== undefined) add(id, n);
        if (n === 'TypeCode') {
          if (e.attrs.name !== undefined) add('CII-DT-008', n);
          if (e.attrs.listURI !== undefined) add('CII-DT-009', n);
        }
        if (n.endsWith('ReferencedDocument')) for (const [id, k, allowed] of REF_FORBIDDEN) if (child(e, k) && !allowed(e)) add(id, `${n}/${k}`);
        if (n.endsWith('Amount') && n !== 'TaxTotalAmount') {
          if (e.attrs.currencyID !== undefined) add('CII-DT-031', n);
          if (e.attrs.currencyCodeListVersionID !== undefined) add('CII-DT-032', n);
        }
        if (n.endsWith('Quantity')) {
          if (e.attrs.unitCodeListID !== undefined) add('CII-DT-034', n);
          if (e.attrs.unitCodeListAgencyID !== undefined) add('CII-DT-035', n);
          if (e.attrs.unitCodeListAgencyName !== undefined) add('CII-DT-036', n);
        }
        if (n.endsWith('TradeTax')) {
          const tc = child(e, 'TypeCode');
          if (tc && tc.text !== 'VAT') add('CII-DT-037', `${n}/TypeCode`);
        }
        if (n === 'BillingSpecifiedPeriod') {
          if (child(child(e, 'StartDateTime'), 'DateTime')) add('CII-DT-068', n);
          if (child(child(e, 'EndDateTime'), 'DateTime')) add('CII-DT-072', n);
          for (const [id, k] of PERIOD_FORBIDDEN) if (child(e, k)) add(id, `${n}/${k}`);
        }
        if (n === 'PostalTradeAddress') for (const [id, k] of ADDRESS_FORBIDDEN) if (child(e, k)) add(id, `${n}/${k}`);
      } else if (e.name === 'DateTimeString' && e.attrs.format === '102' && !DATE_102.test(e.text)) add('CII-DT-097', `DateTimeString „${e.text}“`);
    });
    return out;
  });
}

const CII_DT_MESSAGES: [string, string][] = [
  ['CII-DT-001', 'Das Attribut schemeName ist hier nicht zulässig.'],
  ['CII-DT-002', 'Das Attribut schemeAgencyName ist hier nicht zulässig.'],
  ['CII-DT-003', 'Das Attribut schemeDataURI ist hier nicht zulässig.'],
  ['CII-DT-004', 'Das Attribut schemeURI ist hier nicht zulässig.'],
  ['CII-DT-005', 'Das Attribut schemeID ist hier nicht zulässig.'],
  ['CII-DT-006', 'Das Attribut schemeAgencyID ist hier nicht zulässig.'],
  ['CII-DT-007', 'Das Attribut schemeVersionID ist hier nicht zulässig.'],
  ['CII-DT-0010', 'Kennungen dürfen kein Attribut schemeName haben.'],
  ['CII-DT-0020', 'Kennungen dürfen kein Attribut schemeAgencyName haben.'],
  ['CII-DT-0030', 'Kennungen dürfen kein Attribut schemeDataURI haben.'],
  ['CII-DT-0040', 'Kennungen dürfen kein Attribut schemeURI haben.'],
  ['CII-DT-008', 'Ein TypeCode darf kein Attribut name haben.'],
  ['CII-DT-009', 'Ein TypeCode darf kein Attribut listURI haben.'],
  ['CII-DT-010', 'Der Rechnungsartcode (BT-3) darf kein Attribut listID haben.'],
  ['CII-DT-011', 'Der Rechnungsartcode (BT-3) darf kein Attribut listAgencyID haben.'],
  ['CII-DT-012', 'Der Rechnungsartcode (BT-3) darf kein Attribut listVersionID haben.'],
  ['CII-DT-013', 'Das Wurzelelement darf kein Attribut languageID haben.'],
  ['CII-DT-014', 'Das Wurzelelement darf kein Attribut languageLocaleID haben.'],
  ...REF_FORBIDDEN.map(([id, k]): [string, string] => [id, `Ein referenziertes Dokument darf hier kein Element ${k} enthalten.`]),
  ['CII-DT-031', 'Beträge dürfen kein Attribut currencyID haben (erlaubt nur beim Umsatzsteuer-Gesamtbetrag).'],
  ['CII-DT-032', 'Beträge dürfen kein Attribut currencyCodeListVersionID haben.'],
  ['CII-DT-034', 'Mengen dürfen kein Attribut unitCodeListID haben.'],
  ['CII-DT-035', 'Mengen dürfen kein Attribut unitCodeListAgencyID haben.'],
  ['CII-DT-036', 'Mengen dürfen kein Attribut unitCodeListAgencyName haben.'],
  ['CII-DT-037', 'Der Steuertyp (TypeCode) muss „VAT“ sein.'],
  ['CII-DT-068', 'Der Beginn eines Zeitraums darf kein DateTime verwenden.'],
  ['CII-DT-072', 'Das Ende eines Zeitraums darf kein DateTime verwenden.'],
  ...PERIOD_FORBIDDEN.map(([id, k]): [string, string] => [id, `Ein Zeitraum (BillingSpecifiedPeriod) darf kein Element ${k} enthalten.`]),
  ...ADDRESS_FORBIDDEN.map(([id, k]): [string, string] => [id, `Eine Anschrift (PostalTradeAddress) darf kein Element ${k} enthalten.`]),
  ['CII-DT-097', 'Ein Datum im Format 102 muss die Form JJJJMMTT haben.'],
];

const ciiDtRules: Rule[] = CII_DT_MESSAGES.map(([id, message]) =>
  rule(id, 'fatal', S, message, (c, fail: Fail) => {
    for (const p of ciiDataTypeFindings(c).get(id) ?? []) fail(p);
  }, 'cii'),
);

/** All syntax-binding rules. */
export const syntaxRules: Rule[] = [...ublRules, ...ciiSrRules, ...ciiDtRules];
