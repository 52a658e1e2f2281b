// Reads UN/CEFACT Cross Industry Invoice D16B (EN 16931 CII binding, XRechnung, ZUGFeRD 2.x / Factur-X) into the model.
import { child, childrenNamed, type XmlElement } from '../../../kernel/index.ts';
import type { AllowanceCharge, Contact, InvoiceLine, Item, ParsedInvoice, Party, PaymentMeans, Period, PostalAddress, Price, SupportingDocument, Totals, VatBreakdown } from '../model.ts';
import { all, amount, amountOf, ciiDate, compact, countElements, dec, ident, identOf, nonEmpty, parseSkonto, quantity, rawChildTexts, txt } from './util.ts';

/** Namespace of the CII D16B root element rsm:CrossIndustryInvoice. */
export const CII_NS = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';

function address(a: XmlElement | undefined): PostalAddress | undefined {
  if (!a) return undefined;
  return compact({
    line1: txt(a, 'LineOne'),
    line2: txt(a, 'LineTwo'),
    line3: txt(a, 'LineThree'),
    city: txt(a, 'CityName'),
    postCode: txt(a, 'PostcodeCode'),
    subdivision: txt(a, 'CountrySubDivisionName'),
    countryCode: txt(a, 'CountryID'),
  });
}

function contact(c: XmlElement | undefined): Contact | undefined {
  if (!c) return undefined;
  return compact({
    name: txt(c, 'PersonName') ?? txt(c, 'DepartmentName'),
    phone: txt(c, 'TelephoneUniversalCommunication', 'CompleteNumber'),
    email: txt(c, 'EmailURIUniversalCommunication', 'URIID'),
  });
}

function party(p: XmlElement | undefined): Party {
  const out: Party = { identifiers: [] };
  if (!p) return out;
  out.identifiers = [...childrenNamed(p, 'ID'), ...childrenNamed(p, 'GlobalID')].map(identOf);
  for (const reg of all(p, 'SpecifiedTaxRegistration', 'ID')) {
    if (reg.attrs.schemeID === 'VA') out.vatId ??= reg.text;
    else if (reg.attrs.schemeID === 'FC') out.taxRegistrationId ??= reg.text;
  }
  return compact({
    ...out,
    name: txt(p, 'Name'),
    tradingName: txt(p, 'SpecifiedLegalOrganization', 'TradingBusinessName'),
    legalRegistrationId: ident(p, 'SpecifiedLegalOrganization', 'ID'),
    legalForm: txt(p, 'Description'),
    electronicAddress: ident(p, 'URIUniversalCommunication', 'URIID'),
    address: address(child(p, 'PostalTradeAddress')),
    contact: contact(child(p, 'DefinedTradeContact')),
  });
}

function period(e: XmlElement | undefined): Period | undefined {
  if (!e) return undefined;
  return compact({ start: ciiDate(e, 'StartDateTime'), end: ciiDate(e, 'EndDateTime') });
}

function allowanceCharge(e: XmlElement, documentLevel: boolean): AllowanceCharge {
  const ac: AllowanceCharge = {
    isCharge: txt(e, 'ChargeIndicator', 'Indicator')?.toLowerCase() === 'true',
    amount: amount(e, 'ActualAmount'),
    baseAmount: amount(e, 'BasisAmount'),
    percentage: dec(e, 'CalculationPercent'),
    reason: txt(e, 'Reason'),
    reasonCode: txt(e, 'ReasonCode'),
  };
  if (documentLevel) {
    ac.vatCategory = txt(e, 'CategoryTradeTax', 'CategoryCode');
    ac.vatRate = dec(e, 'CategoryTradeTax', 'RateApplicablePercent');
  }
  return compact(ac);
}

function item(p: XmlElement | undefined): Item {
  return compact({
    name: txt(p, 'Name'),
    description: txt(p, 'Description'),
    sellerId: txt(p, 'SellerAssignedID'),
    buyerId: txt(p, 'BuyerAssignedID'),
    standardId: ident(p, 'GlobalID'),
    classifications: all(p, 'DesignatedProductClassification', 'ClassCode').map((c) => compact({ value: c.text, schemeId: c.attrs.listID, listVersionId: c.attrs.listVersionID })),
    originCountry: txt(p, 'OriginTradeCountry', 'ID'),
    attributes: childrenNamed(p, 'ApplicableProductCharacteristic').map((c) => compact({ name: txt(c, 'Description'), value: txt(c, 'Value') })),
  });
}

function price(agreement: XmlElement | undefined): Price | undefined {
  const gross = child(agreement, 'GrossPriceProductTradePrice');
  const net = child(agreement, 'NetPriceProductTradePrice');
  if (!gross && !net) return undefined;
  const discount = childrenNamed(gross, 'AppliedTradeAllowanceCharge').find((a) => txt(a, 'ChargeIndicator', 'Indicator')?.toLowerCase() !== 'true');
  return compact({
    netPrice: amount(net, 'ChargeAmount'),
    discount: amount(discount, 'ActualAmount'),
    grossPrice: amount(gross, 'ChargeAmount'),
    baseQuantity: quantity(net, 'BasisQuantity'),
    grossBaseQuantity: quantity(gross, 'BasisQuantity'),
  });
}

function line(e: XmlElement): InvoiceLine {
  const doc = child(e, 'AssociatedDocumentLineDocument');
  const agreement = child(e, 'SpecifiedLineTradeAgreement');
  const settlement = child(e, 'SpecifiedLineTradeSettlement');
  const acs = childrenNamed(settlement, 'SpecifiedTradeAllowanceCharge').map((a) => allowanceCharge(a, false));
  const objectRef = childrenNamed(settlement, 'AdditionalReferencedDocument').find((d) => txt(d, 'TypeCode') === '130');
  const objectId = objectRef && txt(objectRef, 'IssuerAssignedID');
  return compact({
    id: txt(doc, 'LineID'),
    note: childrenNamed(doc, 'IncludedNote')
      .map((n) => txt(n, 'Content'))
      .filter((s): s is string => s !== undefined)
      .join('\n') || undefined,
    objectId: objectId === undefined ? undefined : compact({ value: objectId, schemeId: txt(objectRef, 'ReferenceTypeCode') }),
    quantity: quantity(e, 'SpecifiedLineTradeDelivery', 'BilledQuantity'),
    netAmount: amount(settlement, 'SpecifiedTradeSettlementLineMonetarySummation', 'LineTotalAmount'),
    orderLineRef: txt(agreement, 'BuyerOrderReferencedDocument', 'LineID'),
    accountingRef: txt(settlement, 'ReceivableSpecifiedTradeAccountingAccount', 'ID'),
    period: period(child(settlement, 'BillingSpecifiedPeriod')),
    allowances: acs.filter((a) => !a.isCharge),
    charges: acs.filter((a) => a.isCharge),
    price: price(agreement),
    vatCategory: txt(settlement, 'ApplicableTradeTax', 'CategoryCode'),
    vatRate: dec(settlement, 'ApplicableTradeTax', 'RateApplicablePercent'),
    item: item(child(e, 'SpecifiedTradeProduct')),
    subLines: [],
    parentLineId: txt(doc, 'ParentLineID'),
    lineStatusReasonCode: txt(doc, 'LineStatusReasonCode'),
  });
}

function paymentMeans(e: XmlElement): PaymentMeans {
  const card = child(e, 'ApplicableTradeSettlementFinancialCard');
  const bic = txt(e, 'PayeeSpecifiedCreditorFinancialInstitution', 'BICID');
  return compact({
    code: txt(e, 'TypeCode'),
    text: txt(e, 'Information'),
    creditTransfers: childrenNamed(e, 'PayeePartyCreditorFinancialAccount').map((a) => {
      const iban = txt(a, 'IBANID');
      return compact({ accountId: iban ?? txt(a, 'ProprietaryID'), isIban: iban !== undefined, accountName: txt(a, 'AccountName'), serviceProviderId: bic });
    }),
    card: card ? compact({ primaryAccountNumber: txt(card, 'ID'), holderName: txt(card, 'CardholderName') }) : undefined,
    debitedAccountId: txt(e, 'PayerPartyDebtorFinancialAccount', 'IBANID'),
  });
}

/** Maps a CrossIndustryInvoice tree to the model; `xml` is the decoded text (for untrimmed BT-20). */
export function parseCii(root: XmlElement, xml: string): ParsedInvoice {
  const context = child(root, 'ExchangedDocumentContext');
  const exchanged = child(root, 'ExchangedDocument');
  const tx = child(root, 'SupplyChainTradeTransaction');
  const agreement = child(tx, 'ApplicableHeaderTradeAgreement');
  const deliveryEl = child(tx, 'ApplicableHeaderTradeDelivery');
  const settlement = child(tx, 'ApplicableHeaderTradeSettlement');
  const sums = child(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation');
  const currency = txt(settlement, 'InvoiceCurrencyCode');
  const taxCurrency = txt(settlement, 'TaxCurrencyCode');

  // Two TaxTotalAmount elements are allowed: BT-110 in the invoice currency and BT-111 in the tax currency (by currencyID).
  const taxTotals = childrenNamed(sums, 'TaxTotalAmount');
  const bt110 =
    taxTotals.find((t) => currency !== undefined && t.attrs.currencyID === currency) ??
    taxTotals.find((t) => t.attrs.currencyID === undefined) ??
    taxTotals.find((t) => taxCurrency === undefined || taxCurrency === currency || t.attrs.currencyID !== taxCurrency);
  const bt111 = taxCurrency === undefined ? undefined : taxTotals.find((t) => t !== bt110 && t.attrs.currencyID === taxCurrency);

  const totals: Totals = compact({
    lineNetTotal: amount(sums, 'LineTotalAmount'),
    allowanceTotal: amount(sums, 'AllowanceTotalAmount'),
    chargeTotal: amount(sums, 'ChargeTotalAmount'),
    taxExclusive: amount(sums, 'TaxBasisTotalAmount'),
    taxTotal: amountOf(bt110),
    taxTotalTaxCurrency: amountOf(bt111),
    taxInclusive: amount(sums, 'GrandTotalAmount'),
    prepaid: amount(sums, 'TotalPrepaidAmount'),
    rounding: amount(sums, 'RoundingAmount'),
    payable: amount(sums, 'DuePayableAmount'),
  });

  const taxes = childrenNamed(settlement, 'ApplicableTradeTax');
  const vatBreakdown: VatBreakdown[] = taxes.map((t) =>
    compact({
      taxableAmount: amount(t, 'BasisAmount'),
      taxAmount: amount(t, 'CalculatedAmount'),
      category: txt(t, 'CategoryCode'),
      rate: dec(t, 'RateApplicablePercent'),
      exemptionReason: txt(t, 'ExemptionReason'),
      exemptionReasonCode: txt(t, 'ExemptionReasonCode'),
      taxPointDateCode: txt(t, 'DueDateTypeCode'),
      taxPointDate: ciiDate(t, 'TaxPointDate'),
    }),
  );

  const termsEls = childrenNamed(settlement, 'SpecifiedTradePaymentTerms');
  const descriptions = termsEls.flatMap((t) => childrenNamed(t, 'Description'));
  let termsTexts: string[] = [];
  if (descriptions.length) {
    const raw = rawChildTexts(xml, 'SpecifiedTradePaymentTerms', 'Description');
    termsTexts = raw.length === descriptions.length ? raw : descriptions.map((e) => e.text);
  }
  const terms = termsTexts.length ? termsTexts.join('\n') : undefined;
  // Structured Skonto (ZUGFeRD/Factur-X EXTENDED): SpecifiedTradePaymentTerms/ApplicableTradePaymentDiscountTerms.
  const skonto = parseSkonto(terms);
  for (const d of termsEls.flatMap((t) => childrenNamed(t, 'ApplicableTradePaymentDiscountTerms'))) {
    const period = child(d, 'BasisPeriodMeasure');
    const percent = dec(d, 'CalculationPercent');
    const factor = period?.attrs.unitCode === undefined || period.attrs.unitCode === 'DAY' ? 1 : period.attrs.unitCode === 'WEE' ? 7 : undefined;
    if (!period || !percent || factor === undefined || !/^\d+(\.0*)?$/.test(period.text)) continue;
    const days = Number.parseInt(period.text, 10) * factor;
    if (skonto.some((s) => s.days === days && s.percent.value && percent.value && s.percent.value.eq(percent.value))) continue;
    skonto.push(compact({ source: 'cii-discount-terms' as const, days, percent, base: dec(d, 'BasisAmount'), amount: dec(d, 'ActualDiscountAmount') }));
  }
  const dueDate = termsEls.map((t) => ciiDate(t, 'DueDateDateTime')).find((d) => d !== undefined);
  const means = childrenNamed(settlement, 'SpecifiedTradeSettlementPaymentMeans').map(paymentMeans);
  const directDebit = nonEmpty({
    mandateReference: termsEls.map((t) => txt(t, 'DirectDebitMandateID')).find((s) => s !== undefined),
    creditorId: txt(settlement, 'CreditorReferenceID'),
    debitedAccountId: means.find((m) => m.debitedAccountId !== undefined)?.debitedAccountId,
  });

  const docs = childrenNamed(agreement, 'AdditionalReferencedDocument');
  const objectRef = docs.find((d) => txt(d, 'TypeCode') === '130');
  const tenderRef = docs.find((d) => txt(d, 'TypeCode') === '50');
  const supportingDocuments: SupportingDocument[] = docs
    .filter((d) => d !== objectRef && d !== tenderRef)
    .map((d) => {
      const obj = child(d, 'AttachmentBinaryObject');
      return compact({
        id: txt(d, 'IssuerAssignedID') ?? '',
        description: txt(d, 'Name'),
        uri: txt(d, 'URIID'),
        attachment: obj ? compact({ mimeCode: obj.attrs.mimeCode, filename: obj.attrs.filename, base64Length: obj.text.length }) : undefined,
        typeCode: txt(d, 'TypeCode'),
      });
    });

  const payeeEl = child(settlement, 'PayeeTradeParty');
  const taxRepEl = child(agreement, 'SellerTaxRepresentativeTradeParty');
  const shipTo = child(deliveryEl, 'ShipToTradeParty');
  const acs = childrenNamed(settlement, 'SpecifiedTradeAllowanceCharge').map((a) => allowanceCharge(a, true));
  const vatDateCode = taxes.map((t) => txt(t, 'DueDateTypeCode')).find((s) => s !== undefined);
  const vatPointDate = taxes.map((t) => ciiDate(t, 'TaxPointDate')).find((d) => d !== undefined);
  const objectId = objectRef && txt(objectRef, 'IssuerAssignedID');

  const businessProcessId = txt(context, 'BusinessProcessSpecifiedDocumentContextParameter', 'ID');
  const guidelineId = txt(context, 'GuidelineSpecifiedDocumentContextParameter', 'ID');
  return compact({
    kind: 'cii',
    syntax: 'cii',
    container: 'xml',
    raw: compact({
      rootName: root.name,
      rootNamespace: root.ns,
      root,
      elementCounts: countElements(root),
      customizationId: guidelineId,
      ciiContext: compact({ businessProcessId, guidelineId, testIndicator: txt(context, 'TestIndicator', 'Indicator') }),
    }),
    specificationId: guidelineId,
    businessProcess: businessProcessId,
    number: txt(exchanged, 'ID'),
    issueDate: ciiDate(exchanged, 'IssueDateTime'),
    typeCode: txt(exchanged, 'TypeCode'),
    currency,
    taxCurrency,
    taxPointDate: vatPointDate,
    taxPointDateCode: vatDateCode,
    buyerReference: txt(agreement, 'BuyerReference'),
    projectRef: txt(agreement, 'SpecifiedProcuringProject', 'ID'),
    contractRef: txt(agreement, 'ContractReferencedDocument', 'IssuerAssignedID'),
    purchaseOrderRef: txt(agreement, 'BuyerOrderReferencedDocument', 'IssuerAssignedID'),
    salesOrderRef: txt(agreement, 'SellerOrderReferencedDocument', 'IssuerAssignedID'),
    receivingAdviceRef: txt(deliveryEl, 'ReceivingAdviceReferencedDocument', 'IssuerAssignedID'),
    despatchAdviceRef: txt(deliveryEl, 'DespatchAdviceReferencedDocument', 'IssuerAssignedID'),
    tenderOrLotRef: txt(tenderRef, 'IssuerAssignedID'),
    invoicedObjectId: objectId === undefined ? undefined : compact({ value: objectId, schemeId: txt(objectRef, 'ReferenceTypeCode') }),
    buyerAccountingRef: txt(settlement, 'ReceivableSpecifiedTradeAccountingAccount', 'ID'),
    notes: childrenNamed(exchanged, 'IncludedNote').map((n) => compact({ subjectCode: txt(n, 'SubjectCode'), text: txt(n, 'Content') ?? '' })),
    precedingInvoices: childrenNamed(settlement, 'InvoiceReferencedDocument').map((r) => compact({ number: txt(r, 'IssuerAssignedID') ?? '', issueDate: ciiDate(r, 'FormattedIssueDateTime') })),
    seller: party(child(agreement, 'SellerTradeParty')),
    buyer: party(child(agreement, 'BuyerTradeParty')),
    payee: payeeEl ? compact({ name: txt(payeeEl, 'Name'), identifiers: [...childrenNamed(payeeEl, 'ID'), ...childrenNamed(payeeEl, 'GlobalID')].map(identOf), legalRegistrationId: ident(payeeEl, 'SpecifiedLegalOrganization', 'ID') }) : undefined,
    taxRepresentative: taxRepEl
      ? compact({ name: txt(taxRepEl, 'Name'), vatId: all(taxRepEl, 'SpecifiedTaxRegistration', 'ID').find((r) => r.attrs.schemeID === 'VA')?.text, address: address(child(taxRepEl, 'PostalTradeAddress')) })
      : undefined,
    delivery: nonEmpty({
      name: txt(shipTo, 'Name'),
      locationId: ident(shipTo, 'ID') ?? ident(shipTo, 'GlobalID'),
      actualDeliveryDate: ciiDate(deliveryEl, 'ActualDeliverySupplyChainEvent', 'OccurrenceDateTime'),
      address: address(child(shipTo, 'PostalTradeAddress')),
    }),
    invoicingPeriod: period(child(settlement, 'BillingSpecifiedPeriod')),
    payment: compact({
      means,
      remittanceInformation: txt(settlement, 'PaymentReference'),
      directDebit,
      terms,
      termsTexts,
      skonto,
      dueDate,
    }),
    allowances: acs.filter((a) => !a.isCharge),
    charges: acs.filter((a) => a.isCharge),
    totals,
    vatBreakdown,
    supportingDocuments,
    lines: childrenNamed(tx, 'IncludedSupplyChainTradeLineItem').map(line),
  } satisfies ParsedInvoice) as ParsedInvoice;
}
