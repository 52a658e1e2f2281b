// Reads UBL 2.1 Invoice and CreditNote (EN 16931 UBL syntax binding, XRechnung CIUS and extension) into the model.
import { at, child, childrenNamed, type XmlElement } from '../../../kernel/index.ts';
import type {
  AllowanceCharge,
  Contact,
  Delivery,
  InvoiceLine,
  Item,
  Note,
  ParsedInvoice,
  Party,
  PaymentMeans,
  Period,
  PostalAddress,
  Price,
  SupportingDocument,
  TaxRepresentative,
  Totals,
  VatBreakdown,
} from '../model.ts';
import { all, amount, attr, compact, countElements, dec, ident, identOf, nonEmpty, parseSkonto, quantity, rawChildTexts, txt, ublDate } from './util.ts';

/** Namespace of the UBL 2.1 Invoice root. */
export const UBL_INVOICE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
/** Namespace of the UBL 2.1 CreditNote root. */
export const UBL_CREDITNOTE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';

function address(a: XmlElement | undefined): PostalAddress | undefined {
  if (!a) return undefined;
  return compact({
    line1: txt(a, 'StreetName'),
    line2: txt(a, 'AdditionalStreetName'),
    line3: txt(a, 'AddressLine', 'Line'),
    city: txt(a, 'CityName'),
    postCode: txt(a, 'PostalZone'),
    subdivision: txt(a, 'CountrySubentity'),
    countryCode: txt(a, 'Country', 'IdentificationCode'),
  });
}

function contact(c: XmlElement | undefined): Contact | undefined {
  if (!c) return undefined;
  return compact({ name: txt(c, 'Name'), phone: txt(c, 'Telephone'), email: txt(c, 'ElectronicMail') });
}

function party(p: XmlElement | undefined): Party {
  const out: Party = { identifiers: [] };
  if (!p) return out;
  // SEPA creditor identifiers sit in PartyIdentification with schemeID SEPA; they are BT-90, not a party id.
  out.identifiers = all(p, 'PartyIdentification', 'ID')
    .filter((e) => e.attrs.schemeID !== 'SEPA')
    .map(identOf);
  for (const ts of childrenNamed(p, 'PartyTaxScheme')) {
    const scheme = txt(ts, 'TaxScheme', 'ID');
    const id = txt(ts, 'CompanyID');
    if (id === undefined) continue;
    if (scheme === 'VAT') out.vatId ??= id;
    else out.taxRegistrationId ??= id;
  }
  return compact({
    ...out,
    name: txt(p, 'PartyLegalEntity', 'RegistrationName'),
    tradingName: txt(p, 'PartyName', 'Name'),
    legalRegistrationId: ident(p, 'PartyLegalEntity', 'CompanyID'),
    legalForm: txt(p, 'PartyLegalEntity', 'CompanyLegalForm'),
    electronicAddress: ident(p, 'EndpointID'),
    address: address(child(p, 'PostalAddress')),
    contact: contact(child(p, 'Contact')),
  });
}

function period(e: XmlElement | undefined): Period | undefined {
  if (!e) return undefined;
  return compact({ start: ublDate(e, 'StartDate'), end: ublDate(e, 'EndDate'), descriptionCode: txt(e, 'DescriptionCode') });
}

function allowanceCharge(e: XmlElement, documentLevel: boolean): AllowanceCharge {
  const ac: AllowanceCharge = {
    isCharge: txt(e, 'ChargeIndicator')?.toLowerCase() === 'true',
    amount: amount(e, 'Amount'),
    baseAmount: amount(e, 'BaseAmount'),
    percentage: dec(e, 'MultiplierFactorNumeric'),
    reason: txt(e, 'AllowanceChargeReason'),
    reasonCode: txt(e, 'AllowanceChargeReasonCode'),
  };
  if (documentLevel) {
    ac.vatCategory = txt(e, 'TaxCategory', 'ID');
    ac.vatRate = dec(e, 'TaxCategory', 'Percent');
  }
  return compact(ac);
}

function item(e: XmlElement | undefined): Item {
  return compact({
    name: txt(e, 'Name'),
    description: txt(e, 'Description'),
    sellerId: txt(e, 'SellersItemIdentification', 'ID'),
    buyerId: txt(e, 'BuyersItemIdentification', 'ID'),
    standardId: ident(e, 'StandardItemIdentification', 'ID'),
    classifications: all(e, 'CommodityClassification', 'ItemClassificationCode').map((c) =>
      compact({ value: c.text, schemeId: c.attrs.listID, listVersionId: c.attrs.listVersionID }),
    ),
    originCountry: txt(e, 'OriginCountry', 'IdentificationCode'),
    attributes: childrenNamed(e, 'AdditionalItemProperty').map((p) => compact({ name: txt(p, 'Name'), value: txt(p, 'Value') })),
  });
}

function price(e: XmlElement | undefined): Price | undefined {
  if (!e) return undefined;
  const ac = child(e, 'AllowanceCharge');
  return compact({
    netPrice: amount(e, 'PriceAmount'),
    discount: amount(ac, 'Amount'),
    grossPrice: amount(ac, 'BaseAmount'),
    baseQuantity: quantity(e, 'BaseQuantity'),
  });
}

function line(e: XmlElement): InvoiceLine {
  const acs = childrenNamed(e, 'AllowanceCharge').map((a) => allowanceCharge(a, false));
  const objectRef = childrenNamed(e, 'DocumentReference').find((d) => txt(d, 'DocumentTypeCode') === '130');
  return compact({
    id: txt(e, 'ID'),
    note: txt(e, 'Note'),
    objectId: ident(objectRef, 'ID'),
    quantity: quantity(e, 'InvoicedQuantity') ?? quantity(e, 'CreditedQuantity'),
    netAmount: amount(e, 'LineExtensionAmount'),
    orderLineRef: txt(e, 'OrderLineReference', 'LineID'),
    accountingRef: txt(e, 'AccountingCost'),
    period: period(child(e, 'InvoicePeriod')),
    allowances: acs.filter((a) => !a.isCharge),
    charges: acs.filter((a) => a.isCharge),
    price: price(child(e, 'Price')),
    vatCategory: txt(e, 'Item', 'ClassifiedTaxCategory', 'ID'),
    vatRate: dec(e, 'Item', 'ClassifiedTaxCategory', 'Percent'),
    item: item(child(e, 'Item')),
    subLines: childrenNamed(e, 'SubInvoiceLine').map(line),
  });
}

function paymentMeans(e: XmlElement): PaymentMeans {
  const card = child(e, 'CardAccount');
  return compact({
    code: txt(e, 'PaymentMeansCode'),
    text: attr(e, 'name', 'PaymentMeansCode'),
    creditTransfers: childrenNamed(e, 'PayeeFinancialAccount').map((a) =>
      compact({ accountId: txt(a, 'ID'), accountName: txt(a, 'Name'), serviceProviderId: txt(a, 'FinancialInstitutionBranch', 'ID') }),
    ),
    card: card ? compact({ primaryAccountNumber: txt(card, 'PrimaryAccountNumberID'), holderName: txt(card, 'HolderName') }) : undefined,
    paymentId: txt(e, 'PaymentID'),
    mandateReference: txt(e, 'PaymentMandate', 'ID'),
    debitedAccountId: txt(e, 'PaymentMandate', 'PayerFinancialAccount', 'ID'),
  });
}

/** Picks BT-110 (document currency, the TaxTotal with subtotals) and BT-111 (tax currency) from the TaxTotal elements. */
function taxTotals(root: XmlElement, currency: string | undefined, taxCurrency: string | undefined): { main?: XmlElement; inTaxCurrency?: XmlElement } {
  const tts = childrenNamed(root, 'TaxTotal');
  const cur = (t: XmlElement) => attr(t, 'currencyID', 'TaxAmount');
  const main =
    tts.find((t) => child(t, 'TaxSubtotal') && (currency === undefined || cur(t) === currency)) ??
    tts.find((t) => currency !== undefined && cur(t) === currency) ??
    tts.find((t) => child(t, 'TaxSubtotal')) ??
    (tts.length === 1 ? tts[0] : undefined);
  const rest = tts.filter((t) => t !== main);
  const inTaxCurrency = taxCurrency === undefined ? undefined : (rest.find((t) => cur(t) === taxCurrency) ?? (rest.length === 1 && !child(rest[0], 'TaxSubtotal') ? rest[0] : undefined));
  return { main: main ?? (tts.length ? tts[0] : undefined), inTaxCurrency };
}

function note(text: string): Note {
  // UBL carries the subject code BT-21 inside the text as "#CODE#text" (XRechnung convention).
  const m = /^#([A-Za-z]{3})#([\s\S]*)$/.exec(text);
  return m ? { subjectCode: m[1], text: m[2]! } : { text };
}

/** Maps a UBL Invoice or CreditNote tree to the model; `xml` is the decoded text (for untrimmed BT-20). */
export function parseUbl(root: XmlElement, xml: string): ParsedInvoice {
  const creditNote = root.name === 'CreditNote';
  const currency = txt(root, 'DocumentCurrencyCode');
  const taxCurrency = txt(root, 'TaxCurrencyCode');
  const totalsEl = child(root, 'LegalMonetaryTotal');
  const { main, inTaxCurrency } = taxTotals(root, currency, taxCurrency);

  const totals: Totals = compact({
    lineNetTotal: amount(totalsEl, 'LineExtensionAmount'),
    allowanceTotal: amount(totalsEl, 'AllowanceTotalAmount'),
    chargeTotal: amount(totalsEl, 'ChargeTotalAmount'),
    taxExclusive: amount(totalsEl, 'TaxExclusiveAmount'),
    taxTotal: amount(main, 'TaxAmount'),
    taxTotalTaxCurrency: amount(inTaxCurrency, 'TaxAmount'),
    taxInclusive: amount(totalsEl, 'TaxInclusiveAmount'),
    prepaid: amount(totalsEl, 'PrepaidAmount'),
    rounding: amount(totalsEl, 'PayableRoundingAmount'),
    payable: amount(totalsEl, 'PayableAmount'),
  });

  const vatBreakdown: VatBreakdown[] = childrenNamed(main, 'TaxSubtotal').map((s) =>
    compact({
      taxableAmount: amount(s, 'TaxableAmount'),
      taxAmount: amount(s, 'TaxAmount'),
      category: txt(s, 'TaxCategory', 'ID'),
      rate: dec(s, 'TaxCategory', 'Percent'),
      exemptionReason: txt(s, 'TaxCategory', 'TaxExemptionReason'),
      exemptionReasonCode: txt(s, 'TaxCategory', 'TaxExemptionReasonCode'),
    }),
  );

  const means = childrenNamed(root, 'PaymentMeans').map(paymentMeans);
  const termsEls = childrenNamed(root, 'PaymentTerms').flatMap((t) => childrenNamed(t, 'Note'));
  let termsTexts: string[] = [];
  if (termsEls.length) {
    const raw = rawChildTexts(xml, 'PaymentTerms', 'Note');
    termsTexts = raw.length === termsEls.length ? raw : termsEls.map((e) => e.text);
  }
  const terms = termsTexts.length ? termsTexts.join('\n') : undefined;
  const sepaCreditor =
    all(root, 'AccountingSupplierParty', 'Party', 'PartyIdentification', 'ID').find((e) => e.attrs.schemeID === 'SEPA') ??
    all(root, 'PayeeParty', 'PartyIdentification', 'ID').find((e) => e.attrs.schemeID === 'SEPA');
  const firstMandate = means.find((m) => m.mandateReference !== undefined || m.debitedAccountId !== undefined);
  const directDebit = nonEmpty({ mandateReference: firstMandate?.mandateReference, creditorId: sepaCreditor?.text, debitedAccountId: firstMandate?.debitedAccountId });

  const payeeEl = child(root, 'PayeeParty');
  const taxRepEl = child(root, 'TaxRepresentativeParty');
  const deliveryEl = child(root, 'Delivery');
  const docRefs = childrenNamed(root, 'AdditionalDocumentReference');
  const objectRef = docRefs.find((d) => txt(d, 'DocumentTypeCode') === '130');
  const acs = childrenNamed(root, 'AllowanceCharge').map((a) => allowanceCharge(a, true));

  const delivery: Delivery | undefined = deliveryEl
    ? compact({
        name: txt(deliveryEl, 'DeliveryParty', 'PartyName', 'Name'),
        locationId: ident(deliveryEl, 'DeliveryLocation', 'ID'),
        actualDeliveryDate: ublDate(deliveryEl, 'ActualDeliveryDate'),
        address: address(at(deliveryEl, 'DeliveryLocation', 'Address')),
      })
    : undefined;
  const taxRepresentative: TaxRepresentative | undefined = taxRepEl
    ? compact({ name: txt(taxRepEl, 'PartyName', 'Name'), vatId: txt(taxRepEl, 'PartyTaxScheme', 'CompanyID'), address: address(child(taxRepEl, 'PostalAddress')) })
    : undefined;

  const supportingDocuments: SupportingDocument[] = docRefs
    .filter((d) => d !== objectRef)
    .map((d) => {
      const obj = at(d, 'Attachment', 'EmbeddedDocumentBinaryObject');
      return compact({
        id: txt(d, 'ID') ?? '',
        description: txt(d, 'DocumentDescription'),
        uri: txt(d, 'Attachment', 'ExternalReference', 'URI'),
        attachment: obj ? compact({ mimeCode: obj.attrs.mimeCode, filename: obj.attrs.filename, base64Length: obj.text.length }) : undefined,
        typeCode: txt(d, 'DocumentTypeCode'),
      });
    });

  const customizationId = txt(root, 'CustomizationID');
  const profileId = txt(root, 'ProfileID');
  const invoicePeriod = child(root, 'InvoicePeriod');
  return compact({
    kind: creditNote ? 'ubl-creditnote' : 'ubl-invoice',
    syntax: 'ubl',
    container: 'xml',
    raw: compact({
      rootName: root.name,
      rootNamespace: root.ns,
      root,
      elementCounts: countElements(root),
      customizationId,
      profileId,
      ublVersionId: txt(root, 'UBLVersionID'),
    }),
    specificationId: customizationId,
    businessProcess: profileId,
    number: txt(root, 'ID'),
    issueDate: ublDate(root, 'IssueDate'),
    typeCode: txt(root, creditNote ? 'CreditNoteTypeCode' : 'InvoiceTypeCode'),
    currency,
    taxCurrency,
    taxPointDate: ublDate(root, 'TaxPointDate'),
    taxPointDateCode: txt(invoicePeriod, 'DescriptionCode'),
    buyerReference: txt(root, 'BuyerReference'),
    projectRef: txt(root, 'ProjectReference', 'ID'),
    contractRef: txt(root, 'ContractDocumentReference', 'ID'),
    purchaseOrderRef: txt(root, 'OrderReference', 'ID'),
    salesOrderRef: txt(root, 'OrderReference', 'SalesOrderID'),
    receivingAdviceRef: txt(root, 'ReceiptDocumentReference', 'ID'),
    despatchAdviceRef: txt(root, 'DespatchDocumentReference', 'ID'),
    tenderOrLotRef: txt(root, 'OriginatorDocumentReference', 'ID'),
    invoicedObjectId: ident(objectRef, 'ID'),
    buyerAccountingRef: txt(root, 'AccountingCost'),
    notes: childrenNamed(root, 'Note').map((n) => note(n.text)),
    precedingInvoices: all(root, 'BillingReference', 'InvoiceDocumentReference').map((r) => compact({ number: txt(r, 'ID') ?? '', issueDate: ublDate(r, 'IssueDate') })),
    seller: party(at(root, 'AccountingSupplierParty', 'Party')),
    buyer: party(at(root, 'AccountingCustomerParty', 'Party')),
    payee: payeeEl
      ? compact({
          name: txt(payeeEl, 'PartyName', 'Name'),
          identifiers: all(payeeEl, 'PartyIdentification', 'ID')
            .filter((e) => e.attrs.schemeID !== 'SEPA')
            .map(identOf),
          legalRegistrationId: ident(payeeEl, 'PartyLegalEntity', 'CompanyID'),
        })
      : undefined,
    taxRepresentative,
    delivery,
    invoicingPeriod: period(invoicePeriod),
    payment: compact({
      means,
      remittanceInformation: means.find((m) => m.paymentId !== undefined)?.paymentId,
      directDebit,
      terms,
      termsTexts,
      skonto: parseSkonto(terms),
      dueDate: creditNote ? (ublDate(root, 'DueDate') ?? all(root, 'PaymentMeans', 'PaymentDueDate').map((e) => ublDate(e))[0]) : ublDate(root, 'DueDate'),
    }),
    allowances: acs.filter((a) => !a.isCharge),
    charges: acs.filter((a) => a.isCharge),
    totals,
    vatBreakdown,
    supportingDocuments,
    lines: [...childrenNamed(root, 'InvoiceLine'), ...childrenNamed(root, 'CreditNoteLine')].map(line),
  } satisfies ParsedInvoice) as ParsedInvoice;
}
