// A small, valid XRechnung 3.0 invoice as a hand-made model object, for unit tests of single rules: each test
// starts from this document (which passes every rule) and changes one thing.
import type { XmlElement } from '../../../kernel/index.ts';
import { decimalText, type DecimalText } from '../decimal.ts';
import type { Amount, InvoiceLine, ParsedInvoice, Quantity } from '../model.ts';
import { XR_CIUS_ID } from './rules-xrechnung.ts';

/** An amount in EUR as the parser would produce it. */
export function eur(raw: string, currencyId: string | undefined = 'EUR'): Amount {
  const d = decimalText(raw)!;
  return currencyId ? { ...d, currencyId } : d;
}

/** A number without currency (rates, percentages). */
export function num(raw: string): DecimalText {
  return decimalText(raw)!;
}

/** A quantity with unit code. */
export function qty(raw: string, unitCode = 'C62'): Quantity {
  return { ...decimalText(raw)!, unitCode };
}

/** An XML element for raw-tree rules. */
export function el(name: string, children: XmlElement[] = [], text = '', attrs: Record<string, string> = {}, ns = ''): XmlElement {
  return { name, ns, attrs, children, text };
}

/** An invoice line in category S with the given net amount (quantity 1, price = net). */
export function line(id: string, net: string, o: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    id,
    quantity: qty('1'),
    netAmount: eur(net),
    allowances: [],
    charges: [],
    price: { netPrice: eur(net) },
    vatCategory: 'S',
    vatRate: num('19'),
    item: { name: `Artikel ${id}`, classifications: [], attributes: [] },
    subLines: [],
    ...o,
  };
}

export const UBL_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';

/** A valid XRechnung 3.0 UBL invoice: two lines at 19 %, 120.00 net, 22.80 VAT, 142.80 due. */
export function validInvoice(): ParsedInvoice {
  return {
    kind: 'ubl-invoice',
    syntax: 'ubl',
    container: 'xml',
    raw: { rootName: 'Invoice', rootNamespace: UBL_NS, root: el('Invoice', [], '', {}, UBL_NS), elementCounts: new Map(), customizationId: XR_CIUS_ID },
    specificationId: XR_CIUS_ID,
    number: 'R-2024-0042',
    issueDate: { raw: '2024-05-02', iso: '2024-05-02' },
    typeCode: '380',
    currency: 'EUR',
    buyerReference: '04011000-12345-03',
    notes: [],
    precedingInvoices: [],
    seller: {
      name: 'Stadtwerke Beispiel GmbH',
      identifiers: [],
      vatId: 'DE123456789',
      electronicAddress: { value: 'rechnung@stadtwerke.example', schemeId: 'EM' },
      address: { line1: 'Hauptstraße 1', city: 'Beispielstadt', postCode: '12345', countryCode: 'DE' },
      contact: { name: 'Frau Muster', phone: '+49 30 1234567', email: 'rechnung@stadtwerke.example' },
    },
    buyer: {
      name: 'Gemeinde Bützow',
      identifiers: [],
      electronicAddress: { value: 'rechnung@buetzow.example', schemeId: 'EM' },
      address: { line1: 'Am Markt 1', city: 'Bützow', postCode: '18246', countryCode: 'DE' },
    },
    delivery: { actualDeliveryDate: { raw: '2024-04-30', iso: '2024-04-30' } },
    payment: {
      means: [{ code: '58', creditTransfers: [{ accountId: 'DE02120300000000202051' }] }],
      terms: 'Zahlbar innerhalb von 30 Tagen ohne Abzug.',
      skonto: [],
      dueDate: { raw: '2024-06-01', iso: '2024-06-01' },
    },
    allowances: [],
    charges: [],
    totals: {
      lineNetTotal: eur('120.00'),
      taxExclusive: eur('120.00'),
      taxTotal: eur('22.80'),
      taxInclusive: eur('142.80'),
      payable: eur('142.80'),
    },
    vatBreakdown: [{ taxableAmount: eur('120.00'), taxAmount: eur('22.80'), category: 'S', rate: num('19') }],
    supportingDocuments: [],
    lines: [line('1', '100.00', { quantity: qty('2'), price: { netPrice: eur('50.00') } }), line('2', '20.00')],
  };
}
