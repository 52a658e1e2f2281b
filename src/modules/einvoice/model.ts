// One invoice model for UBL Invoice, UBL CreditNote and UN/CEFACT CII (also when embedded in ZUGFeRD/Factur-X PDFs),
// named after the EN 16931 semantic model (BT = business term, BG = business group). Amounts keep the document's
// text (`raw`) next to an exact Decimal, so reports can repeat the document verbatim and rules can compute exactly.
// Absent values are `undefined`, never 0 or ''.
import type { XmlElement } from '../../kernel/index.ts';
import type { DecimalText } from './decimal.ts';

/** Which XML vocabulary and root the invoice came in. */
export type DocumentKind = 'ubl-invoice' | 'ubl-creditnote' | 'cii';
/** The syntax binding of EN 16931 used. */
export type Syntax = 'ubl' | 'cii';
/** Whether the XML was the file itself or an attachment of a hybrid PDF. */
export type Container = 'xml' | 'pdf';

/** An amount with its currencyID attribute when the document gives one. */
export interface Amount extends DecimalText {
  currencyId?: string;
}

/** A quantity with its unitCode attribute (BT-129/BT-130, BT-149/BT-150). */
export interface Quantity extends DecimalText {
  unitCode?: string;
}

/** An identifier with an optional scheme (schemeID / schemeAgencyID). */
export interface Identifier {
  value: string;
  schemeId?: string;
}

/** A date as written (UBL: YYYY-MM-DD; CII format 102: YYYYMMDD) plus its ISO form when it is a real date. */
export interface DateText {
  raw: string;
  /** YYYY-MM-DD, undefined when `raw` is not a valid calendar date in the expected format. */
  iso?: string;
  /** CII DateTimeString@format (e.g. "102"); undefined for UBL. */
  format?: string;
}

/** BG-5 / BG-8 / BG-12 / BG-15 postal address. */
export interface PostalAddress {
  line1?: string; // BT-35 / BT-50 / BT-64 / BT-75
  line2?: string; // BT-36 / BT-51 / BT-65 / BT-76
  line3?: string; // BT-162 / BT-163 / BT-164 / BT-165
  city?: string; // BT-37 / BT-52 / BT-66 / BT-77
  postCode?: string; // BT-38 / BT-53 / BT-67 / BT-78
  subdivision?: string; // BT-39 / BT-54 / BT-68 / BT-79
  countryCode?: string; // BT-40 / BT-55 / BT-69 / BT-80
}

/** BG-6 seller contact / BG-9 buyer contact. */
export interface Contact {
  name?: string; // BT-41 / BT-56
  phone?: string; // BT-42 / BT-57
  email?: string; // BT-43 / BT-58
}

/** BG-4 seller / BG-7 buyer. */
export interface Party {
  name?: string; // BT-27 / BT-44
  tradingName?: string; // BT-28 / BT-45
  identifiers: Identifier[]; // BT-29 / BT-46 (seller id, buyer id; UBL PartyIdentification, CII ID + GlobalID)
  legalRegistrationId?: Identifier; // BT-30 / BT-47
  legalForm?: string; // BT-33 (seller additional legal information)
  vatId?: string; // BT-31 / BT-48 (VAT identifier, scheme VA / TaxScheme VAT)
  taxRegistrationId?: string; // BT-32 (seller tax registration, scheme FC / TaxScheme not VAT)
  electronicAddress?: Identifier; // BT-34 / BT-49 with scheme BT-34-1 / BT-49-1
  address?: PostalAddress; // BG-5 / BG-8
  contact?: Contact; // BG-6 / BG-9
}

/** BG-10 payee. */
export interface Payee {
  name?: string; // BT-59
  identifiers: Identifier[]; // BT-60
  legalRegistrationId?: Identifier; // BT-61
}

/** BG-11 seller tax representative. */
export interface TaxRepresentative {
  name?: string; // BT-62
  vatId?: string; // BT-63
  address?: PostalAddress; // BG-12
}

/** BG-13 delivery information. */
export interface Delivery {
  name?: string; // BT-70
  locationId?: Identifier; // BT-71
  actualDeliveryDate?: DateText; // BT-72
  address?: PostalAddress; // BG-15
}

/** BG-14 invoicing period / BG-26 line period. */
export interface Period {
  start?: DateText; // BT-73 / BT-134
  end?: DateText; // BT-74 / BT-135
  /** UBL DescriptionCode of InvoicePeriod (BT-8 at document level). */
  descriptionCode?: string;
}

/** BG-3 preceding invoice reference. */
export interface PrecedingInvoice {
  number: string; // BT-25
  issueDate?: DateText; // BT-26
}

/** BG-24 additional supporting document. */
export interface SupportingDocument {
  id: string; // BT-122
  description?: string; // BT-123
  uri?: string; // BT-124
  attachment?: { mimeCode?: string; filename?: string; base64Length: number }; // BT-125 (content not kept)
  /** UBL DocumentTypeCode / CII TypeCode (130 = invoiced object, 50 = tender reference in CII). */
  typeCode?: string;
}

/** BG-1 invoice note. */
export interface Note {
  subjectCode?: string; // BT-21
  text: string; // BT-22
}

/** BG-17 credit transfer. */
export interface CreditTransfer {
  accountId?: string; // BT-84 (IBAN or proprietary id)
  /** True when the id came from an IBAN element (CII IBANID); UBL does not distinguish. */
  isIban?: boolean;
  accountName?: string; // BT-85
  serviceProviderId?: string; // BT-86 (BIC)
}

/** BG-18 payment card information. */
export interface PaymentCard {
  primaryAccountNumber?: string; // BT-87
  holderName?: string; // BT-88
}

/** BG-19 direct debit. */
export interface DirectDebit {
  mandateReference?: string; // BT-89
  creditorId?: string; // BT-90 (bank assigned creditor identifier)
  debitedAccountId?: string; // BT-91
}

/** One payment means element (UBL PaymentMeans / CII SpecifiedTradeSettlementPaymentMeans). */
export interface PaymentMeans {
  code?: string; // BT-81
  text?: string; // BT-82
  creditTransfers: CreditTransfer[]; // BG-17 (UBL: PayeeFinancialAccount; CII: PayeePartyCreditorFinancialAccount)
  card?: PaymentCard; // BG-18
  /** UBL PaymentMeans/PaymentID (BT-83). */
  paymentId?: string;
  /** UBL PaymentMandate/ID and PayerFinancialAccount/ID (parts of BG-19). */
  mandateReference?: string;
  debitedAccountId?: string;
}

/** A Skonto step: from BT-20 in the XRechnung format `#SKONTO#TAGE=n#PROZENT=n.nn#[BASISBETRAG=n.nn#]`, or from the
 *  structured CII ApplicableTradePaymentDiscountTerms (ZUGFeRD/Factur-X EXTENDED). */
export interface SkontoTerm {
  source: 'bt20' | 'cii-discount-terms';
  days: number;
  /** The percent as written, e.g. "2.00". */
  percent: DecimalText;
  /** BASISBETRAG / BasisAmount when given (base other than BT-115). */
  base?: DecimalText;
  /** CII ActualDiscountAmount when given. */
  amount?: DecimalText;
  /** The whole BT-20 line as written (source 'bt20' only). */
  line?: string;
  /** Source 'bt20' only: true when normalize-space(line) matches the BR-DE-18 pattern (upper case, two decimals,
   *  nothing extra); the rule's second half (the Skonto block must end with a line break) concerns the whole BT-20
   *  text, see `termsTexts`. */
  strict?: boolean;
}

/** BG-16 payment instructions plus BT-9 / BT-20. */
export interface PaymentInstructions {
  means: PaymentMeans[]; // BG-16 (one per payment means element)
  remittanceInformation?: string; // BT-83 (UBL PaymentID of the first means; CII PaymentReference)
  directDebit?: DirectDebit; // BG-19 (collected from the places each syntax uses)
  /** BT-20 payment terms, untrimmed; several UBL PaymentTerms/Note or CII Description texts are joined with "\n". */
  terms?: string;
  /** Each BT-20 element's untrimmed text in document order (BR-DE-18 looks at the first one only). */
  termsTexts?: string[];
  /** Skonto steps from BT-20 (XRechnung convention) and CII discount terms; empty when none. */
  skonto: SkontoTerm[];
  dueDate?: DateText; // BT-9
}

/** BG-20 document allowance / BG-21 document charge; BG-27 / BG-28 line allowance/charge. */
export interface AllowanceCharge {
  isCharge: boolean; // false = allowance (BG-20/27), true = charge (BG-21/28)
  amount?: Amount; // BT-92 / BT-99 / BT-136 / BT-141
  baseAmount?: Amount; // BT-93 / BT-100 / BT-137 / BT-142
  percentage?: DecimalText; // BT-94 / BT-101 / BT-138 / BT-143
  vatCategory?: string; // BT-95 / BT-102 (document level only)
  vatRate?: DecimalText; // BT-96 / BT-103 (document level only)
  reason?: string; // BT-97 / BT-104 / BT-139 / BT-144
  reasonCode?: string; // BT-98 / BT-105 / BT-140 / BT-145
}

/** BG-22 document totals. */
export interface Totals {
  lineNetTotal?: Amount; // BT-106
  allowanceTotal?: Amount; // BT-107
  chargeTotal?: Amount; // BT-108
  taxExclusive?: Amount; // BT-109
  taxTotal?: Amount; // BT-110 (VAT total in document currency)
  taxTotalTaxCurrency?: Amount; // BT-111 (VAT total in tax currency BT-6)
  taxInclusive?: Amount; // BT-112
  prepaid?: Amount; // BT-113
  rounding?: Amount; // BT-114
  payable?: Amount; // BT-115
}

/** BG-23 VAT breakdown. */
export interface VatBreakdown {
  taxableAmount?: Amount; // BT-116
  taxAmount?: Amount; // BT-117
  category?: string; // BT-118
  rate?: DecimalText; // BT-119
  exemptionReason?: string; // BT-120
  exemptionReasonCode?: string; // BT-121
  /** CII DueDateTypeCode (BT-8 value added tax point date code) when given on this breakdown. */
  taxPointDateCode?: string;
  /** CII TaxPointDate (BT-7) when given on this breakdown. */
  taxPointDate?: DateText;
}

/** BG-29 price details. */
export interface Price {
  netPrice?: Amount; // BT-146
  discount?: Amount; // BT-147
  grossPrice?: Amount; // BT-148
  baseQuantity?: Quantity; // BT-149 with unit BT-150 (net price base; CII gross price base kept separately)
  grossBaseQuantity?: Quantity; // CII GrossPriceProductTradePrice/BasisQuantity
}

/** BG-32 item attribute. */
export interface ItemAttribute {
  name?: string; // BT-160
  value?: string; // BT-161
}

/** BG-31 item information. */
export interface Item {
  name?: string; // BT-153
  description?: string; // BT-154
  sellerId?: string; // BT-155
  buyerId?: string; // BT-156
  standardId?: Identifier; // BT-157 with scheme BT-157-1
  classifications: (Identifier & { listVersionId?: string })[]; // BT-158 with BT-158-1 / BT-158-2
  originCountry?: string; // BT-159
  attributes: ItemAttribute[]; // BG-32
}

/** BG-25 invoice line (also sub-lines of the XRechnung extension). */
export interface InvoiceLine {
  id?: string; // BT-126
  note?: string; // BT-127
  objectId?: Identifier; // BT-128 with scheme BT-128-1
  quantity?: Quantity; // BT-129 with unit BT-130 (UBL InvoicedQuantity / CreditedQuantity; CII BilledQuantity)
  netAmount?: Amount; // BT-131
  orderLineRef?: string; // BT-132
  accountingRef?: string; // BT-133
  period?: Period; // BG-26
  allowances: AllowanceCharge[]; // BG-27
  charges: AllowanceCharge[]; // BG-28
  price?: Price; // BG-29
  vatCategory?: string; // BT-151
  vatRate?: DecimalText; // BT-152
  item: Item; // BG-31
  /** XRechnung extension: UBL SubInvoiceLine children; CII uses parentLineId on flat lines instead. */
  subLines: InvoiceLine[];
  /** CII extension: AssociatedDocumentLineDocument/ParentLineID. */
  parentLineId?: string;
  /** CII extension: AssociatedDocumentLineDocument/LineStatusReasonCode (DETAIL / GROUP / INFORMATION). */
  lineStatusReasonCode?: string;
}

/** Facts about the XML document itself that validation rules need beyond the semantic model. */
export interface RawDocumentInfo {
  /** Local name of the root element: Invoice, CreditNote or CrossIndustryInvoice. */
  rootName: string;
  /** Namespace URI of the root element. */
  rootNamespace: string;
  /** The whole element tree, for rules that inspect structure (cardinalities, unexpected elements, attributes). */
  root: XmlElement;
  /** How often each element local name occurs anywhere in the document (e.g. counts.get('BuyerReference')). */
  elementCounts: ReadonlyMap<string, number>;
  /** The decoded XML text as parsed (untrimmed values; validation needs it for BR-DE-18 line breaks). Optional. */
  source?: string;
  /** UBL CustomizationID / CII GuidelineSpecifiedDocumentContextParameter/ID (same value as BT-24). */
  customizationId?: string;
  /** UBL ProfileID (BT-23). */
  profileId?: string;
  /** UBL UBLVersionID when present. */
  ublVersionId?: string;
  /** CII ExchangedDocumentContext (BT-23 business process, BT-24 guideline, test indicator). */
  ciiContext?: { businessProcessId?: string; guidelineId?: string; testIndicator?: string };
}

/** Where the XML came from when it was embedded in a PDF. */
export interface PdfSource {
  /** File name of the XML attachment used (e.g. "factur-x.xml"). */
  attachmentName: string;
  /** All embedded file names found in the PDF. */
  allAttachments: string[];
  /** Factur-X / ZUGFeRD conformance level from XMP metadata when readable (e.g. "EN 16931", "XRECHNUNG"). */
  xmpConformanceLevel?: string;
}

/** The invoice read from any supported syntax, with exact amounts and the raw document facts. */
export interface ParsedInvoice {
  kind: DocumentKind;
  syntax: Syntax;
  container: Container;
  pdf?: PdfSource;
  raw: RawDocumentInfo;

  specificationId?: string; // BT-24 (CustomizationID / GuidelineSpecifiedDocumentContextParameter)
  businessProcess?: string; // BT-23 (ProfileID / BusinessProcessSpecifiedDocumentContextParameter)
  number?: string; // BT-1
  issueDate?: DateText; // BT-2
  typeCode?: string; // BT-3 (UBL InvoiceTypeCode / CreditNoteTypeCode; CII TypeCode)
  currency?: string; // BT-5
  taxCurrency?: string; // BT-6
  taxPointDate?: DateText; // BT-7
  taxPointDateCode?: string; // BT-8
  buyerReference?: string; // BT-10 (Leitweg-ID in XRechnung)
  projectRef?: string; // BT-11
  contractRef?: string; // BT-12
  purchaseOrderRef?: string; // BT-13
  salesOrderRef?: string; // BT-14
  receivingAdviceRef?: string; // BT-15
  despatchAdviceRef?: string; // BT-16
  tenderOrLotRef?: string; // BT-17
  invoicedObjectId?: Identifier; // BT-18 with scheme BT-18-1
  buyerAccountingRef?: string; // BT-19
  notes: Note[]; // BG-1
  precedingInvoices: PrecedingInvoice[]; // BG-3

  seller: Party; // BG-4
  buyer: Party; // BG-7
  payee?: Payee; // BG-10
  taxRepresentative?: TaxRepresentative; // BG-11
  delivery?: Delivery; // BG-13
  invoicingPeriod?: Period; // BG-14

  payment: PaymentInstructions; // BG-16, BT-9, BT-20
  allowances: AllowanceCharge[]; // BG-20
  charges: AllowanceCharge[]; // BG-21
  totals: Totals; // BG-22
  vatBreakdown: VatBreakdown[]; // BG-23
  supportingDocuments: SupportingDocument[]; // BG-24
  lines: InvoiceLine[]; // BG-25 (top-level lines; UBL sub-lines are in `subLines`)
}
