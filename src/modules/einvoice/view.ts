// A readable German view of an e-invoice, modelled on the KoSIT XRechnung visualisation: the invoice model is turned
// into a neutral view model (sections of labelled fields and tables, all values already formatted as German text) and
// that is rendered as an HTML fragment here and as a PDF in view-pdf.ts, so both always show the same content.
// Amounts come from the exact Decimal values (never floats); amounts with more than two decimals are shown as given.
import { html, raw, type SafeHtml } from '../../kernel/index.ts';
import { Decimal, type DecimalText } from './decimal.ts';
import type {
  AllowanceCharge,
  Amount,
  Contact,
  DateText,
  Identifier,
  InvoiceLine,
  ParsedInvoice,
  Party,
  PaymentMeans,
  Period,
  PostalAddress,
  Quantity,
  SkontoTerm,
} from './model.ts';

// ---------------------------------------------------------------------------------------------------------------
// View model

/** One labelled value; `bt` is the EN 16931 business term shown small beside the label. */
export interface ViewField {
  label: string;
  bt?: string;
  lines: string[];
}

/** A table column; numeric columns are right-aligned. */
export interface ViewColumn {
  label: string;
  bt?: string;
  numeric?: boolean;
}

/** A table cell: main text, optional smaller detail lines, optional business term (for row headers). */
export interface ViewCell {
  text: string;
  details?: string[];
  bt?: string;
  strong?: boolean;
}

/** A table with a caption; the first cell of each row is the row header. */
export interface ViewTable {
  caption: string;
  columns: ViewColumn[];
  rows: ViewCell[][];
}

/** A part of a section. */
export type ViewBlock =
  | { kind: 'fields'; title?: string; fields: ViewField[] }
  | { kind: 'table'; table: ViewTable }
  | { kind: 'text'; title?: string; paragraphs: string[][] };

/** One section with a heading (Überblick, Verkäufer, …). */
export interface ViewSection {
  id: string;
  title: string;
  blocks: ViewBlock[];
}

/** The whole invoice as German text, ready for any renderer. */
export interface InvoiceView {
  /** e.g. "Rechnung R-2024-0042". */
  title: string;
  number: string;
  sections: ViewSection[];
}

/** The notice every rendering carries: this is a view, the XML is the invoice. */
export const VIEW_NOTICE = 'Visualisierung der E-Rechnung – keine Originalrechnung';

// ---------------------------------------------------------------------------------------------------------------
// Code lists (German labels for the common codes; unknown codes are shown as the code)

const INVOICE_TYPES: Record<string, string> = {
  '71': 'Anforderung einer Zahlung',
  '80': 'Lastschriftanzeige (Waren/Dienstleistungen)',
  '81': 'Gutschriftsanzeige (Waren/Dienstleistungen)',
  '82': 'Rechnung für Messdienstleistungen',
  '83': 'Gutschriftsanzeige (Finanzanpassungen)',
  '84': 'Lastschriftanzeige (Finanzanpassungen)',
  '261': 'Gutschrift im Gutschriftsverfahren',
  '262': 'Sammelgutschrift',
  '295': 'Proforma-Rechnung (Preisangabe)',
  '325': 'Proforma-Rechnung',
  '326': 'Teilrechnung',
  '380': 'Rechnung',
  '381': 'Gutschrift',
  '383': 'Belastungsanzeige',
  '384': 'Rechnungskorrektur',
  '385': 'Konsolidierte Rechnung',
  '386': 'Vorauszahlungsrechnung',
  '387': 'Mietrechnung',
  '388': 'Steuerrechnung',
  '389': 'Gutschriftsverfahren (Selbstfakturierung)',
  '390': 'Delkredere-Rechnung',
  '393': 'Factoring-Rechnung',
  '394': 'Leasingrechnung',
  '395': 'Konsignationsrechnung',
  '396': 'Factoring-Gutschrift',
  '420': 'Optikerrechnung',
  '456': 'Belastungskorrektur',
  '457': 'Storno einer Belastung',
  '458': 'Storno einer Gutschrift',
  '527': 'Selbst ausgestellte Belastungsanzeige',
  '532': 'Gutschrift des Spediteurs',
  '575': 'Versicherungsrechnung',
  '623': 'Speditionsrechnung',
  '633': 'Hafenkostenrechnung',
  '751': 'Rechnungsinformation für Buchungszwecke',
  '780': 'Frachtrechnung',
  '817': 'Reklamationsrechnung',
  '870': 'Zollrechnung',
  '875': 'Teilrechnung für Bauleistungen',
  '876': 'Teilschlussrechnung für Bauleistungen',
  '877': 'Schlussrechnung für Bauleistungen',
  '935': 'Zollrechnung (Ausfuhr)',
};

/** German name of a UNTDID 1001 document type code (BT-3), e.g. 380 → "Rechnung"; unknown codes stay codes. */
export function invoiceTypeLabel(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const label = INVOICE_TYPES[code.trim()];
  return label ? `${label} (${code.trim()})` : `Dokumentart ${code}`;
}

const PAYMENT_MEANS: Record<string, string> = {
  '1': 'Nicht angegeben',
  '10': 'Barzahlung',
  '20': 'Scheck',
  '30': 'Überweisung',
  '31': 'Überweisung (Debit Transfer)',
  '42': 'Zahlung auf Bankkonto',
  '48': 'Kartenzahlung',
  '49': 'Lastschrift',
  '54': 'Kreditkarte',
  '55': 'Debitkarte',
  '57': 'Dauerauftrag',
  '58': 'SEPA-Überweisung',
  '59': 'SEPA-Lastschrift',
  '68': 'Online-Zahlungsdienst',
  '97': 'Verrechnung',
  ZZZ: 'Gesondert vereinbart',
};

/** German name of a UNTDID 4461 payment means code (BT-81), e.g. 58 → "SEPA-Überweisung". */
export function paymentMeansLabel(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const label = PAYMENT_MEANS[code.trim()];
  return label ? `${label} (${code.trim()})` : `Zahlungsart ${code}`;
}

// [singular, plural]
const UNITS: Record<string, [string, string]> = {
  C62: ['Stück', 'Stück'],
  H87: ['Stück', 'Stück'],
  XPP: ['Stück', 'Stück'],
  EA: ['Stück', 'Stück'],
  NAR: ['Stück', 'Stück'],
  PR: ['Paar', 'Paar'],
  NPR: ['Paar', 'Paar'],
  DZN: ['Dutzend', 'Dutzend'],
  SET: ['Satz', 'Sätze'],
  LS: ['Pauschale', 'Pauschalen'],
  SEC: ['Sekunde', 'Sekunden'],
  MIN: ['Minute', 'Minuten'],
  HUR: ['Stunde', 'Stunden'],
  DAY: ['Tag', 'Tage'],
  WEE: ['Woche', 'Wochen'],
  MON: ['Monat', 'Monate'],
  QAN: ['Quartal', 'Quartale'],
  ANN: ['Jahr', 'Jahre'],
  GRM: ['Gramm', 'Gramm'],
  KGM: ['Kilogramm', 'Kilogramm'],
  TNE: ['Tonne', 'Tonnen'],
  MMT: ['Millimeter', 'Millimeter'],
  CMT: ['Zentimeter', 'Zentimeter'],
  MTR: ['Meter', 'Meter'],
  KMT: ['Kilometer', 'Kilometer'],
  MTK: ['Quadratmeter', 'Quadratmeter'],
  MTQ: ['Kubikmeter', 'Kubikmeter'],
  MLT: ['Milliliter', 'Milliliter'],
  LTR: ['Liter', 'Liter'],
  KWH: ['Kilowattstunde', 'Kilowattstunden'],
  MWH: ['Megawattstunde', 'Megawattstunden'],
  P1: ['Prozent', 'Prozent'],
  XBX: ['Kiste', 'Kisten'],
  XCT: ['Karton', 'Kartons'],
  XPK: ['Packung', 'Packungen'],
  XPA: ['Päckchen', 'Päckchen'],
  XRO: ['Rolle', 'Rollen'],
  XSA: ['Sack', 'Säcke'],
  XBO: ['Flasche', 'Flaschen'],
  XPX: ['Palette', 'Paletten'],
  E48: ['Serviceeinheit', 'Serviceeinheiten'],
};

/** German name of a UN/ECE Rec. 20/21 unit code (BT-130), e.g. HUR → "Stunde"; unknown codes stay codes. */
export function unitLabel(code: string | undefined, plural = false): string {
  if (code === undefined || code === '') return '';
  const u = UNITS[code.trim()];
  return u ? u[plural ? 1 : 0] : code;
}

const VAT_CATEGORIES: Record<string, [short: string, long: string]> = {
  S: ['Normalsatz', 'Umsatzsteuer zum Normalsatz'],
  Z: ['Nullsatz', 'Umsatzsteuer zum Nullsatz'],
  E: ['steuerbefreit', 'Von der Umsatzsteuer befreit'],
  AE: ['Reverse Charge', 'Umkehrung der Steuerschuldnerschaft (Reverse Charge)'],
  K: ['innergem. Lieferung', 'Steuerfreie innergemeinschaftliche Lieferung'],
  G: ['Ausfuhr', 'Steuerfreie Ausfuhr außerhalb der EU'],
  O: ['nicht steuerbar', 'Nicht der Umsatzsteuer unterliegend'],
  L: ['IGIC', 'Kanarische Inseln (IGIC)'],
  M: ['IPSI', 'Ceuta und Melilla (IPSI)'],
};

/** German name of a UNTDID 5305 VAT category (BT-118/BT-151), e.g. S → "Umsatzsteuer zum Normalsatz". */
export function vatCategoryLabel(code: string | undefined, short = false): string | undefined {
  if (code === undefined) return undefined;
  const c = VAT_CATEGORIES[code.trim()];
  return c ? `${c[short ? 0 : 1]} (${code.trim()})` : `Kategorie ${code}`;
}

const NOTE_SUBJECTS: Record<string, string> = {
  AAI: 'Allgemeine Information',
  AAB: 'Zahlungsbedingungen',
  AAK: 'Preisbedingungen',
  ABL: 'Behördliche Information',
  ACB: 'Zusätzliche Information',
  ADU: 'Hinweis',
  PMD: 'Zahlungsinformation',
  PMT: 'Zahlungsinformation',
  REG: 'Regulatorische Information',
  SUR: 'Anmerkung des Verkäufers',
  TXD: 'Steuerliche Angabe',
  CUS: 'Zollangabe',
};

const LINE_STATUS: Record<string, string> = { DETAIL: 'Detailposition', GROUP: 'Gruppenposition', INFORMATION: 'Informationsposition' };

function displayName(type: 'region' | 'currency', code: string): string | undefined {
  try {
    const name = new Intl.DisplayNames(['de'], { type }).of(code);
    return name && name !== code && !name.startsWith('Unbekannt') ? name : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

/** A decimal in German notation ("1.234,5"), at least `minFraction` decimals, never fewer digits than written. */
export function formatDecimalDe(d: Decimal, minFraction = 0): string {
  const s = d.fractionDigits < minFraction ? d.toFixed(minFraction) : d.toString();
  const neg = s.startsWith('-');
  const [int, frac] = (neg ? s.slice(1) : s).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? `,${frac}` : ''}`;
}

/** An amount as "1.234,56 EUR" (two decimals at least; more when the document gives more). */
export function formatAmountDe(a: DecimalText | undefined, currency?: string): string | undefined {
  if (a === undefined) return undefined;
  const cur = ('currencyId' in a ? (a as Amount).currencyId : undefined) ?? currency;
  const text = a.value ? formatDecimalDe(a.value, 2) : `„${a.raw}“ (kein gültiger Betrag)`;
  return cur ? `${text} ${cur}` : text;
}

function num(d: DecimalText | undefined): string | undefined {
  if (d === undefined) return undefined;
  return d.value ? formatDecimalDe(d.value) : `„${d.raw}“`;
}

function percent(d: DecimalText | undefined): string | undefined {
  const n = num(d);
  return n === undefined ? undefined : `${n} %`;
}

/** An IBAN in groups of four ("DE02 1203 0000 0000 2020 51"); other account ids unchanged. */
export function formatIban(id: string): string {
  const compact = id.replace(/\s+/g, '').toUpperCase();
  return /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact) ? compact.replace(/(.{4})(?=.)/g, '$1 ') : id;
}

function isoToDe(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

function date(d: DateText | undefined): string | undefined {
  if (d === undefined) return undefined;
  return d.iso ? isoToDe(d.iso) : `„${d.raw}“ (kein gültiges Datum)`;
}

function addDays(iso: string, days: number): string {
  const t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function period(p: Period | undefined): string | undefined {
  if (!p || (!p.start && !p.end)) return undefined;
  if (p.start && p.end) return `${date(p.start)} bis ${date(p.end)}`;
  return p.start ? `ab ${date(p.start)}` : `bis ${date(p.end)}`;
}

function ident(i: Identifier | undefined): string | undefined {
  if (!i) return undefined;
  return i.schemeId ? `${i.value} (Schema ${i.schemeId})` : i.value;
}

function present(s: string | undefined): s is string {
  return s !== undefined && s.trim() !== '';
}

function field(label: string, bt: string | undefined, value: string | string[] | undefined): ViewField | undefined {
  const lines = (Array.isArray(value) ? value : [value]).filter(present);
  if (lines.length === 0) return undefined;
  return bt ? { label, bt, lines } : { label, lines };
}

function fields(...f: (ViewField | undefined)[]): ViewField[] {
  return f.filter((x): x is ViewField => x !== undefined);
}

function addressLines(a: PostalAddress | undefined): string[] {
  if (!a) return [];
  const country = a.countryCode ? (displayName('region', a.countryCode) ?? a.countryCode) : undefined;
  return [a.line1, a.line2, a.line3, [a.postCode, a.city].filter(present).join(' '), a.subdivision, country].filter(present);
}

// ---------------------------------------------------------------------------------------------------------------
// Sections

interface PartyTerms {
  name: string;
  trading?: string;
  id: string;
  legal: string;
  vat: string;
  tax?: string;
  legalForm?: string;
  endpoint: string;
  address: string;
  contact: string;
  contactName: string;
  phone: string;
  email: string;
}

const SELLER_BT: PartyTerms = { name: 'BT-27', trading: 'BT-28', id: 'BT-29', legal: 'BT-30', vat: 'BT-31', tax: 'BT-32', legalForm: 'BT-33', endpoint: 'BT-34', address: 'BG-5', contact: 'BG-6', contactName: 'BT-41', phone: 'BT-42', email: 'BT-43' };
const BUYER_BT: PartyTerms = { name: 'BT-44', trading: 'BT-45', id: 'BT-46', legal: 'BT-47', vat: 'BT-48', endpoint: 'BT-49', address: 'BG-8', contact: 'BG-9', contactName: 'BT-56', phone: 'BT-57', email: 'BT-58' };

function contactFields(c: Contact | undefined, t: PartyTerms): ViewField[] {
  if (!c) return [];
  return fields(field('Kontaktperson', t.contactName, c.name), field('Telefon', t.phone, c.phone), field('E-Mail', t.email, c.email));
}

function partyFields(p: Party, t: PartyTerms): ViewField[] {
  return fields(
    field('Name', t.name, p.name),
    t.trading ? field('Handelsname', t.trading, p.tradingName) : undefined,
    field('Anschrift', t.address, addressLines(p.address)),
    field('Kennung', t.id, p.identifiers.map((i) => ident(i)!)),
    field('Registernummer', t.legal, ident(p.legalRegistrationId)),
    field('Umsatzsteuer-Identifikationsnummer', t.vat, p.vatId),
    t.tax ? field('Steuernummer', t.tax, p.taxRegistrationId) : undefined,
    t.legalForm ? field('Weitere rechtliche Informationen', t.legalForm, p.legalForm) : undefined,
    field('Elektronische Adresse', t.endpoint, ident(p.electronicAddress)),
    ...contactFields(p.contact, t),
  );
}

function documentFormat(inv: ParsedInvoice): string {
  const syntax = inv.kind === 'cii' ? 'UN/CEFACT CII' : inv.kind === 'ubl-creditnote' ? 'UBL CreditNote' : 'UBL Invoice';
  return inv.container === 'pdf' && inv.pdf ? `${syntax}, eingebettet in PDF (Anhang ${inv.pdf.attachmentName})` : `${syntax} (XML)`;
}

function overview(inv: ParsedInvoice): ViewSection {
  const cur = inv.currency ? (displayName('currency', inv.currency) ? `${inv.currency} (${displayName('currency', inv.currency)})` : inv.currency) : undefined;
  const blocks: ViewBlock[] = [
    {
      kind: 'fields',
      fields: fields(
        field('Rechnungsnummer', 'BT-1', inv.number),
        field('Rechnungsdatum', 'BT-2', date(inv.issueDate)),
        field('Rechnungsart', 'BT-3', invoiceTypeLabel(inv.typeCode)),
        field('Währung', 'BT-5', cur),
        field('Umsatzsteuer-Währung', 'BT-6', inv.taxCurrency),
        field('Leitweg-ID / Käuferreferenz', 'BT-10', inv.buyerReference),
        field('Projektnummer', 'BT-11', inv.projectRef),
        field('Vertragsnummer', 'BT-12', inv.contractRef),
        field('Bestellnummer', 'BT-13', inv.purchaseOrderRef),
        field('Auftragsnummer des Verkäufers', 'BT-14', inv.salesOrderRef),
        field('Wareneingangsmeldung', 'BT-15', inv.receivingAdviceRef),
        field('Versandanzeige', 'BT-16', inv.despatchAdviceRef),
        field('Vergabe- oder Losnummer', 'BT-17', inv.tenderOrLotRef),
        field('Objektkennung', 'BT-18', ident(inv.invoicedObjectId)),
        field('Buchungsreferenz des Käufers', 'BT-19', inv.buyerAccountingRef),
        field('Leistungszeitraum', 'BG-14', period(inv.invoicingPeriod)),
        field('Lieferdatum', 'BT-72', date(inv.delivery?.actualDeliveryDate)),
        field('Datum der Steuerfälligkeit', 'BT-7', date(inv.taxPointDate)),
        field('Vorausgegangene Rechnung', 'BG-3', inv.precedingInvoices.map((p) => (p.issueDate ? `${p.number} vom ${date(p.issueDate)}` : p.number))),
        field('Spezifikationskennung', 'BT-24', inv.specificationId),
        field('Prozesskennung', 'BT-23', inv.businessProcess),
        field('Format', undefined, documentFormat(inv)),
      ),
    },
  ];
  return { id: 'ueberblick', title: 'Überblick', blocks };
}

function sellerSection(inv: ParsedInvoice): ViewSection {
  const blocks: ViewBlock[] = [{ kind: 'fields', fields: partyFields(inv.seller, SELLER_BT) }];
  const rep = inv.taxRepresentative;
  if (rep) {
    blocks.push({
      kind: 'fields',
      title: 'Steuerbevollmächtigter des Verkäufers',
      fields: fields(field('Name', 'BT-62', rep.name), field('Anschrift', 'BG-12', addressLines(rep.address)), field('Umsatzsteuer-Identifikationsnummer', 'BT-63', rep.vatId)),
    });
  }
  return { id: 'verkaeufer', title: 'Verkäufer', blocks };
}

function buyerSection(inv: ParsedInvoice): ViewSection {
  const blocks: ViewBlock[] = [{ kind: 'fields', fields: partyFields(inv.buyer, BUYER_BT) }];
  const d = inv.delivery;
  if (d && (d.name || d.locationId || d.address)) {
    blocks.push({
      kind: 'fields',
      title: 'Lieferung',
      fields: fields(field('Name des Empfängers', 'BT-70', d.name), field('Kennung des Lieferorts', 'BT-71', ident(d.locationId)), field('Lieferanschrift', 'BG-15', addressLines(d.address)), field('Lieferdatum', 'BT-72', date(d.actualDeliveryDate))),
    });
  }
  return { id: 'kaeufer', title: 'Käufer', blocks };
}

function payeeSection(inv: ParsedInvoice): ViewSection {
  const p = inv.payee;
  const f = p ? fields(field('Name', 'BT-59', p.name), field('Kennung', 'BT-60', p.identifiers.map((i) => ident(i)!)), field('Registernummer', 'BT-61', ident(p.legalRegistrationId))) : [];
  return {
    id: 'zahlungsempfaenger',
    title: 'Zahlungsempfänger',
    blocks: f.length > 0 ? [{ kind: 'fields', fields: f }] : [{ kind: 'text', paragraphs: [['Kein abweichender Zahlungsempfänger angegeben; Zahlungsempfänger ist der Verkäufer.']] }],
  };
}

function flattenLines(lines: InvoiceLine[], parent?: string): { line: InvoiceLine; parent?: string }[] {
  return lines.flatMap((l) => [parent === undefined ? { line: l } : { line: l, parent }, ...flattenLines(l.subLines, l.id ?? parent)]);
}

function lineDetails(l: InvoiceLine, parent: string | undefined, cur: string | undefined): string[] {
  const it = l.item;
  const price = l.price;
  return [
    it.description,
    parent !== undefined ? `Unterposition zu Pos. ${parent}` : l.parentLineId ? `Unterposition zu Pos. ${l.parentLineId}` : undefined,
    l.lineStatusReasonCode ? (LINE_STATUS[l.lineStatusReasonCode] ?? `Positionsart ${l.lineStatusReasonCode}`) : undefined,
    it.sellerId ? `Artikelnummer des Verkäufers: ${it.sellerId}` : undefined,
    it.buyerId ? `Artikelnummer des Käufers: ${it.buyerId}` : undefined,
    it.standardId ? `Artikelkennung: ${ident(it.standardId)}` : undefined,
    ...it.classifications.map((c) => `Klassifizierung: ${ident(c)}${c.listVersionId ? `, Version ${c.listVersionId}` : ''}`),
    it.originCountry ? `Herkunftsland: ${displayName('region', it.originCountry) ?? it.originCountry}` : undefined,
    ...it.attributes.map((a) => [a.name, a.value].filter(present).join(': ')),
    period(l.period) ? `Leistungszeitraum: ${period(l.period)}` : undefined,
    price?.grossPrice ? `Bruttopreis: ${formatAmountDe(price.grossPrice, cur)}${price.discount ? `, Rabatt ${formatAmountDe(price.discount, cur)}` : ''}` : undefined,
    l.orderLineRef ? `Bestellposition: ${l.orderLineRef}` : undefined,
    l.accountingRef ? `Kontierung: ${l.accountingRef}` : undefined,
    l.objectId ? `Objektkennung: ${ident(l.objectId)}` : undefined,
    l.note ? `Hinweis: ${l.note}` : undefined,
  ].filter(present);
}

function quantity(q: Quantity | undefined): string {
  if (!q) return '';
  const n = num(q) ?? '';
  const one = q.value?.eq(Decimal.fromInt(1));
  const unit = unitLabel(q.unitCode, !one);
  return unit ? `${n} ${unit}` : n;
}

function linesSection(inv: ParsedInvoice): ViewSection {
  const cur = inv.currency;
  const rows = flattenLines(inv.lines).map(({ line: l, parent }): ViewCell[] => {
    const base = l.price?.baseQuantity;
    const perBase = base && !base.value?.eq(Decimal.fromInt(1)) ? ` je ${quantity(base)}` : '';
    const netPrice = formatAmountDe(l.price?.netPrice, cur);
    const vat = [percent(l.vatRate), l.vatCategory ? `(${VAT_CATEGORIES[l.vatCategory]?.[0] ?? l.vatCategory})` : undefined].filter(present).join(' ');
    return [
      { text: l.id ?? '' },
      { text: l.item.name ?? '', details: lineDetails(l, parent, cur), strong: true },
      { text: quantity(l.quantity) },
      { text: netPrice ? netPrice + perBase : '' },
      { text: formatAmountDe(l.netAmount, cur) ?? '' },
      { text: vat },
    ];
  });
  const table: ViewTable = {
    caption: `Rechnungspositionen (${rows.length})`,
    columns: [
      { label: 'Pos.', bt: 'BT-126' },
      { label: 'Bezeichnung', bt: 'BT-153' },
      { label: 'Menge', bt: 'BT-129', numeric: true },
      { label: 'Einzelpreis netto', bt: 'BT-146', numeric: true },
      { label: 'Nettobetrag', bt: 'BT-131', numeric: true },
      { label: 'USt', bt: 'BT-152' },
    ],
    rows,
  };
  return { id: 'positionen', title: 'Positionen', blocks: rows.length > 0 ? [{ kind: 'table', table }] : [{ kind: 'text', paragraphs: [['Die Rechnung enthält keine Positionen.']] }] };
}

function allowanceRow(a: AllowanceCharge, level: string, cur: string | undefined): ViewCell[] {
  const reason = [a.reason, a.reasonCode ? `Code ${a.reasonCode}` : undefined].filter(present).join(', ');
  const vat = [percent(a.vatRate), a.vatCategory ? `(${VAT_CATEGORIES[a.vatCategory]?.[0] ?? a.vatCategory})` : undefined].filter(present).join(' ');
  return [
    { text: a.isCharge ? 'Zuschlag' : 'Nachlass' },
    { text: level },
    { text: reason },
    { text: formatAmountDe(a.baseAmount, cur) ?? '' },
    { text: percent(a.percentage) ?? '' },
    { text: formatAmountDe(a.amount, cur) ?? '' },
    { text: vat },
  ];
}

function allowancesSection(inv: ParsedInvoice): ViewSection {
  const cur = inv.currency;
  const rows = [
    ...[...inv.allowances, ...inv.charges].map((a) => allowanceRow(a, 'Rechnung', cur)),
    ...flattenLines(inv.lines).flatMap(({ line: l }) => [...l.allowances, ...l.charges].map((a) => allowanceRow(a, `Pos. ${l.id ?? '?'}`, cur))),
  ];
  const table: ViewTable = {
    caption: 'Nachlässe und Zuschläge',
    columns: [
      { label: 'Art' },
      { label: 'Ebene' },
      { label: 'Grund', bt: 'BT-97/BT-104' },
      { label: 'Grundbetrag', bt: 'BT-93/BT-100', numeric: true },
      { label: 'Prozentsatz', bt: 'BT-94/BT-101', numeric: true },
      { label: 'Betrag', bt: 'BT-92/BT-99', numeric: true },
      { label: 'USt', bt: 'BT-96/BT-103' },
    ],
    rows,
  };
  return { id: 'nachlaesse', title: 'Nachlässe und Zuschläge', blocks: rows.length > 0 ? [{ kind: 'table', table }] : [{ kind: 'text', paragraphs: [['Keine Nachlässe oder Zuschläge.']] }] };
}

function vatSection(inv: ParsedInvoice): ViewSection {
  const cur = inv.currency;
  const rows = inv.vatBreakdown.map((v): ViewCell[] => [
    { text: vatCategoryLabel(v.category) ?? '' },
    { text: percent(v.rate) ?? '' },
    { text: formatAmountDe(v.taxableAmount, cur) ?? '' },
    { text: formatAmountDe(v.taxAmount, cur) ?? '' },
    { text: [v.exemptionReason, v.exemptionReasonCode].filter(present).join(', ') },
  ]);
  const table: ViewTable = {
    caption: 'Umsatzsteueraufschlüsselung',
    columns: [
      { label: 'Kategorie', bt: 'BT-118' },
      { label: 'Steuersatz', bt: 'BT-119', numeric: true },
      { label: 'Bemessungsgrundlage', bt: 'BT-116', numeric: true },
      { label: 'Steuerbetrag', bt: 'BT-117', numeric: true },
      { label: 'Befreiungsgrund', bt: 'BT-120/BT-121' },
    ],
    rows,
  };
  return { id: 'umsatzsteuer', title: 'Umsatzsteueraufschlüsselung', blocks: rows.length > 0 ? [{ kind: 'table', table }] : [{ kind: 'text', paragraphs: [['Keine Umsatzsteueraufschlüsselung angegeben.']] }] };
}

function totalsSection(inv: ParsedInvoice): ViewSection {
  const t = inv.totals;
  const cur = inv.currency;
  const rows: ViewCell[][] = (
    [
      ['Summe Positionen netto', 'BT-106', t.lineNetTotal],
      ['Summe Nachlässe', 'BT-107', t.allowanceTotal],
      ['Summe Zuschläge', 'BT-108', t.chargeTotal],
      ['Gesamtbetrag netto', 'BT-109', t.taxExclusive],
      ['Umsatzsteuer gesamt', 'BT-110', t.taxTotal],
      ['Umsatzsteuer in Steuerwährung', 'BT-111', t.taxTotalTaxCurrency],
      ['Gesamtbetrag brutto', 'BT-112', t.taxInclusive],
      ['Bereits gezahlt', 'BT-113', t.prepaid],
      ['Rundungsbetrag', 'BT-114', t.rounding],
      ['Zahlbetrag', 'BT-115', t.payable],
    ] as const
  )
    .filter(([, , a]) => a !== undefined)
    .map(([label, bt, a]) => [
      { text: label, bt, strong: bt === 'BT-115' },
      { text: formatAmountDe(a, bt === 'BT-111' ? (inv.taxCurrency ?? cur) : cur)!, strong: bt === 'BT-115' },
    ]);
  return { id: 'summen', title: 'Summen', blocks: [{ kind: 'table', table: { caption: 'Rechnungssummen', columns: [{ label: 'Bezeichnung' }, { label: 'Betrag', numeric: true }], rows } }] };
}

/** "2,00 % Skonto bei Zahlung innerhalb von 7 Tagen (bis 04.07.2016): Skontobetrag 51,88 EUR, zu zahlen 2.542,32 EUR". */
export function skontoText(t: SkontoTerm, inv: Pick<ParsedInvoice, 'issueDate' | 'currency' | 'totals'>): string {
  const days = `${t.days} ${t.days === 1 ? 'Tag' : 'Tagen'}`;
  const until = inv.issueDate?.iso ? ` (bis ${isoToDe(addDays(inv.issueDate.iso, t.days))})` : '';
  const pct = t.percent.value;
  if (pct?.isZero()) return `Zahlung ohne Abzug innerhalb von ${days}${until}`;
  let text = `${pct ? formatDecimalDe(pct) : t.percent.raw} % Skonto bei Zahlung innerhalb von ${days}${until}`;
  const base = t.base?.value ?? inv.totals.payable?.value;
  if (t.base) text += `, bezogen auf ${formatAmountDe(t.base, inv.currency)}`;
  const deduction = t.amount?.value ?? (pct && base ? base.mul(pct).div(Decimal.fromInt(100), 2) : undefined);
  const payable = inv.totals.payable?.value;
  if (deduction) {
    text += `: Skontobetrag ${formatAmountDe({ raw: deduction.toString(), value: deduction }, inv.currency)}`;
    if (payable) text += `, zu zahlen ${formatAmountDe({ raw: '', value: payable.sub(deduction) }, inv.currency)}`;
  }
  return text;
}

function meansFields(m: PaymentMeans): ViewField[] {
  const f: (ViewField | undefined)[] = [field('Zahlungsart', 'BT-81', paymentMeansLabel(m.code)), field('Hinweis zur Zahlungsart', 'BT-82', m.text)];
  for (const ct of m.creditTransfers) {
    f.push(
      field('Kontoinhaber', 'BT-85', ct.accountName),
      field(ct.isIban === false ? 'Kontonummer' : 'IBAN', 'BT-84', ct.accountId ? formatIban(ct.accountId) : undefined),
      field('BIC', 'BT-86', ct.serviceProviderId),
    );
  }
  if (m.card) f.push(field('Kartennummer', 'BT-87', m.card.primaryAccountNumber), field('Karteninhaber', 'BT-88', m.card.holderName));
  if (m.mandateReference) f.push(field('Mandatsreferenz', 'BT-89', m.mandateReference));
  if (m.debitedAccountId) f.push(field('Belastetes Konto', 'BT-91', formatIban(m.debitedAccountId)));
  return fields(...f);
}

function paymentSection(inv: ParsedInvoice): ViewSection {
  const p = inv.payment;
  const blocks: ViewBlock[] = [];
  const general = fields(
    field('Fälligkeitsdatum', 'BT-9', date(p.dueDate)),
    field('Verwendungszweck', 'BT-83', p.remittanceInformation),
    field('Mandatsreferenz', 'BT-89', p.directDebit?.mandateReference && !p.means.some((m) => m.mandateReference) ? p.directDebit.mandateReference : undefined),
    field('Gläubiger-Identifikationsnummer', 'BT-90', p.directDebit?.creditorId),
    field('Belastetes Konto', 'BT-91', p.directDebit?.debitedAccountId && !p.means.some((m) => m.debitedAccountId) ? formatIban(p.directDebit.debitedAccountId) : undefined),
  );
  if (general.length > 0) blocks.push({ kind: 'fields', fields: general });
  p.means.forEach((m, i) => {
    const f = meansFields(m);
    if (f.length > 0) blocks.push(p.means.length > 1 ? { kind: 'fields', title: `Zahlungsmittel ${i + 1}`, fields: f } : { kind: 'fields', fields: f });
  });
  // BT-20: the Skonto lines in readable form, then the remaining free text as written.
  const skontoLines = new Set(p.skonto.map((s) => s.line?.trim()).filter(present));
  const freeText = (p.terms ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !skontoLines.has(l));
  const terms = [...p.skonto.map((s) => skontoText(s, inv)), ...freeText];
  if (terms.length > 0) {
    const f = field('Zahlungsbedingungen', 'BT-20', terms)!;
    if (p.skonto.length > 0 && inv.issueDate?.iso) f.lines.push('Skontofristen gerechnet ab dem Rechnungsdatum.');
    blocks.push({ kind: 'fields', fields: [f] });
  }
  if (blocks.length === 0) blocks.push({ kind: 'text', paragraphs: [['Keine Zahlungsinformationen angegeben.']] });
  return { id: 'zahlung', title: 'Zahlungsinformationen', blocks };
}

function notesSection(inv: ParsedInvoice): ViewSection {
  const paragraphs = inv.notes
    .map((n) => {
      let code = n.subjectCode;
      let text = n.text;
      // ZUGFeRD 1 convention: the subject code written into the text, "#ADU#…".
      const m = /^#([A-Z]{3})#/.exec(text);
      if (m && code === undefined) {
        code = m[1];
        text = text.slice(m[0].length);
      }
      const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
      if (lines.length === 0) return [];
      return code ? [`${NOTE_SUBJECTS[code] ?? 'Bemerkung'} (${code}):`, ...lines] : lines;
    })
    .filter((p) => p.length > 0);
  return { id: 'bemerkungen', title: 'Bemerkungen', blocks: [{ kind: 'text', paragraphs: paragraphs.length > 0 ? paragraphs : [['Keine Bemerkungen.']] }] };
}

function attachmentsSection(inv: ParsedInvoice): ViewSection | undefined {
  if (inv.supportingDocuments.length === 0) return undefined;
  const rows = inv.supportingDocuments.map((d): ViewCell[] => {
    const a = d.attachment;
    const file = a ? [a.filename, a.mimeCode, `ca. ${formatDecimalDe(Decimal.fromInt(Math.floor((a.base64Length * 3) / 4 / 1024)))} KB`].filter(present).join(', ') : '';
    return [{ text: d.id }, { text: d.description ?? '' }, { text: d.uri ?? '' }, { text: file }];
  });
  return {
    id: 'anlagen',
    title: 'Rechnungsbegründende Unterlagen',
    blocks: [
      {
        kind: 'table',
        table: { caption: 'Rechnungsbegründende Unterlagen', columns: [{ label: 'Kennung', bt: 'BT-122' }, { label: 'Beschreibung', bt: 'BT-123' }, { label: 'Externer Verweis', bt: 'BT-124' }, { label: 'Anhang', bt: 'BT-125' }], rows },
      },
    ],
  };
}

/** The invoice as German, formatted text in sections, the common source of the HTML and PDF views. */
export function invoiceView(inv: ParsedInvoice): InvoiceView {
  const kind = INVOICE_TYPES[inv.typeCode?.trim() ?? ''] ?? (inv.kind === 'ubl-creditnote' ? 'Gutschrift' : 'Rechnung');
  const number = inv.number ?? '(ohne Nummer)';
  const sections = [
    overview(inv),
    sellerSection(inv),
    buyerSection(inv),
    payeeSection(inv),
    linesSection(inv),
    allowancesSection(inv),
    vatSection(inv),
    totalsSection(inv),
    paymentSection(inv),
    notesSection(inv),
    attachmentsSection(inv),
  ].filter((s): s is ViewSection => s !== undefined);
  return { title: `${kind} ${number}`, number, sections };
}

// ---------------------------------------------------------------------------------------------------------------
// HTML

function bt(code: string | undefined): SafeHtml | string {
  return code ? html` <small class="kern-body--small einvoice-bt">${code}</small>` : '';
}

function lines(ls: readonly string[]): SafeHtml {
  return html`${ls.map((l, i) => html`${i > 0 ? raw('<br>') : ''}${l}`)}`;
}

function fieldsHtml(fs: ViewField[]): SafeHtml {
  return html`<dl class="kern-description-list">${fs.map(
    (f) => html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${f.label}${bt(f.bt)}</dt><dd class="kern-description-list-item__value">${lines(f.lines)}</dd></div>`,
  )}</dl>`;
}

function cellHtml(c: ViewCell): SafeHtml {
  const main = c.strong ? html`<strong>${c.text}</strong>` : html`${c.text}`;
  return html`${main}${bt(c.bt)}${c.details && c.details.length > 0 ? html`<br><span class="kern-body--small">${lines(c.details)}</span>` : ''}`;
}

/** A table; a caption that repeats the section heading stays for screen readers but is not shown twice. */
function tableHtml(t: ViewTable, id: string, captionHidden: boolean): SafeHtml {
  const num = (col: ViewColumn | undefined) => (col?.numeric ? ' kern-table__cell--numeric' : '');
  return html`<div class="kern-table-responsive" role="region" aria-labelledby="${id}" tabindex="0"><table class="kern-table kern-table--small"><caption class="kern-title${captionHidden ? ' kern-sr-only' : ''}" id="${id}">${t.caption}</caption>
<thead class="kern-table__header"><tr class="kern-table__row">${t.columns.map((c) => html`<th class="kern-table__cell${c.numeric ? ' kern-table__header--numeric' : ''}" scope="col">${c.label}${bt(c.bt)}</th>`)}</tr></thead>
<tbody class="kern-table__body">${t.rows.map(
    (r) =>
      html`<tr class="kern-table__row">${r.map((cell, i) =>
        i === 0 ? html`<th class="kern-table__cell${num(t.columns[i])}" scope="row">${cellHtml(cell)}</th>` : html`<td class="kern-table__cell${num(t.columns[i])}">${cellHtml(cell)}</td>`,
      )}</tr>`,
  )}</tbody></table></div>`;
}

/**
 * The invoice as an HTML fragment for a staff page (German, KERN classes, no JavaScript): every value is escaped by the
 * `html` template. `headingLevel` is the level of the section headings (default 2, under the page's h1).
 */
export function renderInvoiceHtml(inv: ParsedInvoice, o: { headingLevel?: 2 | 3 | 4; idPrefix?: string } = {}): SafeHtml {
  const view = invoiceView(inv);
  const h = o.headingLevel ?? 2;
  const prefix = o.idPrefix ?? 'erechnung';
  const heading = (level: number, id: string, text: string, cls: string) => html`${raw(`<h${level} class="${cls}" id="`)}${id}">${text}${raw(`</h${level}>`)}`;
  let tableNo = 0;
  return html`<div class="einvoice-view">
<p class="kern-body kern-body--small">${VIEW_NOTICE}. Maßgeblich ist die elektronische Rechnung (XML-Daten); die Kürzel BT/BG bezeichnen die Geschäftsbegriffe der Norm EN 16931.</p>
${view.sections.map((s) => {
  const sid = `${prefix}-${s.id}`;
  return html`<section aria-labelledby="${sid}">${heading(h, sid, s.title, 'kern-heading-medium')}
${s.blocks.map((b, i) => {
  if (b.kind === 'fields') return html`${b.title ? heading(h + 1, `${sid}-${i}`, b.title, 'kern-heading-small') : ''}${fieldsHtml(b.fields)}`;
  if (b.kind === 'table') return tableHtml(b.table, `${prefix}-tabelle-${++tableNo}`, b.table.caption === s.title);
  return html`${b.title ? heading(h + 1, `${sid}-${i}`, b.title, 'kern-heading-small') : ''}${b.paragraphs.map((p) => html`<p class="kern-body">${lines(p)}</p>`)}`;
})}</section>`;
})}
</div>`;
}
