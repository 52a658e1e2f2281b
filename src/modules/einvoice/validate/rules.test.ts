// Unit tests per rule family on hand-made model objects: the fixture passes every rule; each test breaks one thing
// and expects the official rule id (and, where it matters, that the repaired document passes again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedInvoice } from '../model.ts';
import { ALL_RULES, checkLeitwegId, ibanOk, leitwegCheckDigit, skontoProblems, validateInvoice, XR_CIUS_ID, XR_CVD_ID, XR_EXTENSION_ID, type Severity } from './index.ts';
import { el, eur, line, num, qty, UBL_NS, validInvoice } from './test-fixture.ts';

const CII_NS = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';
const RAM = 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100';

function ids(doc: ParsedInvoice, severity?: Severity): string[] {
  return validateInvoice(doc)
    .errors.filter((e) => !severity || e.severity === severity)
    .map((e) => e.id);
}

function variant(change: (d: ParsedInvoice) => void, base: () => ParsedInvoice = validInvoice): ParsedInvoice {
  const d = base();
  change(d);
  return d;
}

/** A minimal CII tree with the elements the CII syntax rules require, plus extra children of the transaction. */
function ciiRoot(...transaction: ReturnType<typeof el>[]): ReturnType<typeof el> {
  return el(
    'CrossIndustryInvoice',
    [
      el('ExchangedDocumentContext', [el('GuidelineSpecifiedDocumentContextParameter', [el('ID', [], XR_CIUS_ID, {}, RAM)], '', {}, RAM)], '', {}, CII_NS),
      el('ExchangedDocument', [el('TypeCode', [], '380', {}, RAM)], '', {}, CII_NS),
      el('SupplyChainTradeTransaction', transaction, '', {}, CII_NS),
    ],
    '',
    {},
    CII_NS,
  );
}

/** The fixture as CII: the few places where the syntax matters are set the CII way. */
function ciiInvoice(): ParsedInvoice {
  return variant((d) => {
    d.kind = 'cii';
    d.syntax = 'cii';
    d.raw = { rootName: 'CrossIndustryInvoice', rootNamespace: CII_NS, root: ciiRoot(), elementCounts: new Map() };
    d.issueDate = { raw: '20240502', iso: '2024-05-02', format: '102' };
    for (const a of Object.values(d.totals)) if (a && a !== d.totals.taxTotal) delete a.currencyId;
  });
}

function expectFatal(doc: ParsedInvoice, id: string): void {
  const r = validateInvoice(doc);
  assert.ok(
    r.errors.some((e) => e.id === id && e.severity === 'fatal'),
    `${id} should be fatal; got ${r.errors.map((e) => `${e.id}/${e.severity}`).join(', ') || 'nothing'}`,
  );
  assert.equal(r.valid, false);
}

test('the fixture is a valid XRechnung 3.0 invoice in both syntaxes, without any finding', () => {
  for (const doc of [validInvoice(), ciiInvoice()]) {
    const r = validateInvoice(doc);
    assert.deepEqual(r.errors, [], JSON.stringify(r.errors));
    assert.equal(r.valid, true);
    assert.equal(r.profile, 'xrechnung-3.0');
  }
});

test('core rules: mandatory business terms (BR-01 … BR-65)', () => {
  expectFatal(variant((d) => delete d.number), 'BR-02');
  expectFatal(variant((d) => delete d.currency), 'BR-05');
  expectFatal(variant((d) => delete d.seller.name), 'BR-06');
  expectFatal(variant((d) => delete d.buyer.name), 'BR-07');
  expectFatal(variant((d) => delete d.seller.address), 'BR-08');
  expectFatal(variant((d) => delete d.seller.address!.countryCode), 'BR-09');
  expectFatal(variant((d) => (d.lines = [])), 'BR-16');
  expectFatal(variant((d) => delete d.lines[0]!.item.name), 'BR-25');
  expectFatal(variant((d) => (d.lines[1]!.price = { netPrice: eur('-20.00') })), 'BR-27');
  expectFatal(variant((d) => (d.invoicingPeriod = { start: { raw: '2024-05-01', iso: '2024-05-01' }, end: { raw: '2024-04-01', iso: '2024-04-01' } })), 'BR-29');
  expectFatal(variant((d) => (d.payee = { identifiers: [] })), 'BR-17');
  expectFatal(variant((d) => (d.seller.electronicAddress = { value: 'x@example.org' })), 'BR-62');
  // CII requires the issue date in format 102
  expectFatal(variant((d) => delete d.issueDate!.format, ciiInvoice), 'BR-03');
  assert.deepEqual(ids(variant((d) => (d.payee = { name: 'Inkasso GmbH', identifiers: [] }))), []);
});

test('calculation rules: totals, VAT total and amount due (BR-CO-10 … BR-CO-17)', () => {
  expectFatal(variant((d) => (d.totals.lineNetTotal = eur('121.00'))), 'BR-CO-10');
  expectFatal(variant((d) => (d.totals.taxInclusive = eur('142.81'))), 'BR-CO-15');
  expectFatal(variant((d) => (d.totals.payable = eur('100.00'))), 'BR-CO-16');
  assert.deepEqual(ids(variant((d) => ((d.totals.payable = eur('100.00')), (d.totals.prepaid = eur('42.80'))))), [], 'prepaid amount explains the difference');
  expectFatal(variant((d) => (d.totals.taxTotal = eur('22.70'))), 'BR-CO-14');
  expectFatal(variant((d) => (d.vatBreakdown[0]!.taxAmount = eur('24.00'))), 'BR-CO-17');
  // a document level allowance must be in BT-107, BT-109 and the VAT breakdown
  const withAllowance = (d: ParsedInvoice): void => {
    d.allowances = [{ isCharge: false, amount: eur('10.00'), vatCategory: 'S', vatRate: num('19'), reason: 'Rabatt' }];
    d.totals.allowanceTotal = eur('10.00');
  };
  expectFatal(variant(withAllowance), 'BR-CO-13');
  const repaired = variant((d) => {
    withAllowance(d);
    d.totals.taxExclusive = eur('110.00');
    d.totals.taxTotal = eur('20.90');
    d.totals.taxInclusive = eur('130.90');
    d.totals.payable = eur('130.90');
    d.vatBreakdown = [{ taxableAmount: eur('110.00'), taxAmount: eur('20.90'), category: 'S', rate: num('19') }];
  });
  assert.deepEqual(ids(repaired), []);
  expectFatal(variant((d) => withAllowance(d)), 'BR-S-08');
  expectFatal(variant((d) => (d.allowances = [{ isCharge: false, amount: eur('1.00'), vatCategory: 'S', vatRate: num('19') }])), 'BR-33');
});

test('BR-CO-17 tolerates rounding differences below one currency unit, as the CEN artefacts do', () => {
  const doc = variant((d) => {
    d.vatBreakdown[0]!.taxAmount = eur('22.79');
    d.totals.taxTotal = eur('22.79');
    d.totals.taxInclusive = eur('142.79');
    d.totals.payable = eur('142.79');
  });
  assert.deepEqual(ids(doc), []);
});

test('BR-CO-25: a positive amount due needs a due date or payment terms; BR-DEC-*: two decimals at most', () => {
  expectFatal(variant((d) => (delete d.payment.dueDate, delete d.payment.terms)), 'BR-CO-25');
  assert.ok(!ids(variant((d) => delete d.payment.dueDate)).includes('BR-CO-25'));
  expectFatal(variant((d) => (d.lines[1]!.netAmount = eur('20.000'))), 'BR-DEC-23');
  expectFatal(variant((d) => (d.totals.payable = eur('142.800'))), 'BR-DEC-18');
  expectFatal(variant((d) => (d.seller.vatId = 'XY123')), 'BR-CO-09');
  assert.deepEqual(ids(variant((d) => (d.seller.vatId = 'EL123456789'))), [], 'Greece may use EL');
});

test('VAT category S: rates, breakdown per rate, syntax-specific rounding (BR-S-01 … BR-S-10)', () => {
  expectFatal(variant((d) => (d.lines[1]!.vatRate = num('0'))), 'BR-S-05');
  expectFatal(variant((d) => (d.vatBreakdown[0]!.taxableAmount = eur('119.00'))), 'BR-S-08');
  expectFatal(variant((d) => (d.vatBreakdown[0]!.exemptionReason = 'steuerfrei')), 'BR-S-10');
  expectFatal(variant((d) => (d.vatBreakdown = [])), 'BR-S-01');
  expectFatal(variant((d) => (delete d.seller.vatId, d.seller.identifiers.push({ value: '4000001000005', schemeId: '0088' }))), 'BR-S-02');
  // UBL allows ±1 on the taxable amount, CII compares the rounded sums exactly
  const off = (d: ParsedInvoice): void => void (d.vatBreakdown[0]!.taxableAmount = eur('120.50'));
  assert.ok(!ids(variant(off)).includes('BR-S-08'));
  expectFatal(variant(off, ciiInvoice), 'BR-S-08');
});

test('VAT categories Z, E, AE, K, G, O and their specific rules', () => {
  const zeroRated = (d: ParsedInvoice): void => {
    d.lines[1]!.vatCategory = 'Z';
    d.lines[1]!.vatRate = num('0');
  };
  expectFatal(variant(zeroRated), 'BR-Z-01');
  const zeroOk = (d: ParsedInvoice): void => {
    zeroRated(d);
    d.vatBreakdown = [
      { taxableAmount: eur('100.00'), taxAmount: eur('19.00'), category: 'S', rate: num('19') },
      { taxableAmount: eur('20.00'), taxAmount: eur('0.00'), category: 'Z', rate: num('0') },
    ];
    d.totals.taxTotal = eur('19.00');
    d.totals.taxInclusive = eur('139.00');
    d.totals.payable = eur('139.00');
  };
  assert.deepEqual(ids(variant(zeroOk)), []);
  expectFatal(variant((d) => (zeroOk(d), (d.lines[1]!.vatRate = num('7')))), 'BR-Z-05');
  // exempt: reason required
  const exempt = (d: ParsedInvoice): void => {
    zeroOk(d);
    d.lines[1]!.vatCategory = 'E';
    d.vatBreakdown[1]!.category = 'E';
  };
  expectFatal(variant(exempt), 'BR-E-10');
  assert.deepEqual(ids(variant((d) => (exempt(d), (d.vatBreakdown[1]!.exemptionReason = 'Steuerfrei nach § 4 Nr. 8 UStG')))), []);
  // reverse charge: buyer VAT identifier required
  const reverse = (d: ParsedInvoice): void => {
    exempt(d);
    d.lines[1]!.vatCategory = 'AE';
    d.vatBreakdown[1]!.category = 'AE';
    d.vatBreakdown[1]!.exemptionReasonCode = 'VATEX-EU-AE';
  };
  expectFatal(variant(reverse), 'BR-AE-02');
  assert.deepEqual(ids(variant((d) => (reverse(d), (d.buyer.vatId = 'ATU12345678')))), []);
  // intra-community supply: delivery country required
  const ic = (d: ParsedInvoice): void => {
    reverse(d);
    d.buyer.vatId = 'ATU12345678';
    d.lines[1]!.vatCategory = 'K';
    d.vatBreakdown[1]!.category = 'K';
    d.vatBreakdown[1]!.exemptionReasonCode = 'VATEX-EU-IC';
  };
  expectFatal(variant(ic), 'BR-IC-12');
  assert.deepEqual(ids(variant((d) => (ic(d), (d.delivery!.address = { countryCode: 'AT', city: 'Wien', postCode: '1010' })))), []);
  // not subject to VAT: no other categories, no VAT identifiers
  const notSubject = (d: ParsedInvoice): void => {
    d.lines.forEach((l) => ((l.vatCategory = 'O'), delete l.vatRate));
    d.vatBreakdown = [{ taxableAmount: eur('120.00'), taxAmount: eur('0.00'), category: 'O', exemptionReason: 'Nicht steuerbar' }];
    d.totals.taxTotal = eur('0.00');
    d.totals.taxInclusive = eur('120.00');
    d.totals.payable = eur('120.00');
  };
  expectFatal(variant(notSubject), 'BR-O-02');
  assert.ok(!ids(variant((d) => (notSubject(d), delete d.seller.vatId, (d.seller.taxRegistrationId = '201/123/45678')))).some((i) => i.startsWith('BR-O')));
  expectFatal(variant((d) => (notSubject(d), delete d.seller.vatId, (d.lines[0]!.vatCategory = 'S'), (d.lines[0]!.vatRate = num('19')))), 'BR-O-12');
});

test('code lists: currency, country, payment means, type code, VAT category, unit (BR-CL-*)', () => {
  expectFatal(variant((d) => (d.currency = 'EURO')), 'BR-CL-04');
  expectFatal(variant((d) => (d.buyer.address!.countryCode = 'XX')), 'BR-CL-14');
  expectFatal(variant((d) => (d.payment.means[0]!.code = '999')), 'BR-CL-16');
  expectFatal(variant((d) => (d.typeCode = '999')), 'BR-CL-01');
  expectFatal(variant((d) => (d.totals.payable = eur('142.80', 'EUX'))), 'BR-CL-03');
  expectFatal(variant((d) => (d.vatBreakdown[0]!.exemptionReasonCode = 'VATEX-XX')), 'BR-CL-22');
  // BR-CL-23 (unit codes) is fatal in EN 16931 but KoSIT lowers it to a warning for XRechnung
  const badUnit = (d: ParsedInvoice): void => void (d.lines[0]!.quantity = qty('2', 'STUECK'));
  assert.ok(ids(variant(badUnit), 'warning').includes('BR-CL-23'));
  assert.equal(validateInvoice(variant(badUnit)).valid, true);
  expectFatal(variant((d) => (badUnit(d), (d.specificationId = 'urn:cen.eu:en16931:2017'))), 'BR-CL-23');
});

test('credit notes use the UNTDID 1001 credit note codes; BR-DE-17 warns about unusual type codes', () => {
  const cn = (code: string): ParsedInvoice => variant((d) => ((d.kind = 'ubl-creditnote'), (d.typeCode = code)));
  assert.deepEqual(ids(cn('381')), []);
  expectFatal(cn('380'), 'BR-CL-01');
  const debit = variant((d) => (d.typeCode = '383'));
  assert.deepEqual(ids(debit), ['BR-DE-17']);
  assert.equal(validateInvoice(debit).valid, true);
});

test('XRechnung national rules: BR-DE-1, -2, -15, -16, -23-a, -19 (warning), -TMP-32 (information)', () => {
  expectFatal(variant((d) => (d.payment.means = [])), 'BR-DE-1');
  expectFatal(variant((d) => delete d.seller.contact), 'BR-DE-2');
  expectFatal(variant((d) => delete d.seller.contact!.email), 'BR-DE-7');
  expectFatal(variant((d) => delete d.buyerReference), 'BR-DE-15');
  expectFatal(variant((d) => delete d.seller.vatId), 'BR-DE-16');
  expectFatal(variant((d) => (d.payment.means[0]!.creditTransfers = [])), 'BR-DE-23-a');
  expectFatal(variant((d) => (d.payment.means[0]!.card = { primaryAccountNumber: '1234' })), 'BR-DE-23-b');
  expectFatal(variant((d) => delete d.vatBreakdown[0]!.rate), 'BR-DE-14');
  const badIban = variant((d) => (d.payment.means[0]!.creditTransfers[0]!.accountId = 'DE02120300000000202052'));
  assert.deepEqual(ids(badIban), ['BR-DE-19']);
  assert.equal(validateInvoice(badIban).errors[0]!.severity, 'warning');
  assert.equal(validateInvoice(badIban).valid, true);
  const noDate = variant((d) => delete d.delivery);
  assert.deepEqual(ids(noDate), ['BR-DE-TMP-32']);
  assert.equal(validateInvoice(noDate).errors[0]!.severity, 'information');
});

test('BR-DE-18: Skonto lines in BT-20 must follow the KoSIT pattern', () => {
  const good = '#SKONTO#TAGE=7#PROZENT=2.00#\n#SKONTO#TAGE=14#PROZENT=1.00#BASISBETRAG=-3.21#\nZahlbar in 30 Tagen';
  assert.deepEqual(ids(variant((d) => (d.payment.terms = good))), []);
  for (const bad of [
    '#skonto#TAGE=7#PROZENT=2.00#', // lower case
    '#SKONTO#TAGE=7#PROZENT=2,00#', // comma
    '#SKONTO#TAGE=7#PROZENT=2.000#', // three decimals
    '#SKONTO#TAGE=7#PROZENT=2#', // no decimals
    '#SKONTO#TAGE=14 #PROZENT=1.00#', // whitespace
    '#SKONTO#TAGE=7#PROZENT=2.00#Danke', // text after the end
    '#VERZUG#TAGE=30#PROZENT=5.00#', // not a Skonto keyword
  ]) {
    expectFatal(variant((d) => (d.payment.terms = bad)), 'BR-DE-18');
    assert.ok(skontoProblems({ text: bad, untrimmed: false }).length > 0, bad);
  }
  // the last Skonto line must end with a line break: only visible in the untrimmed source
  assert.deepEqual(skontoProblems({ text: '#SKONTO#TAGE=7#PROZENT=2.00#\n   ', untrimmed: true }), []);
  assert.equal(skontoProblems({ text: '#SKONTO#TAGE=7#PROZENT=2.00#', untrimmed: true }).length, 1);
  assert.deepEqual(skontoProblems({ text: 'Zahlbar sofort ohne Abzug', untrimmed: true }), []);
});

test('BR-DE-18 reads the first BT-20 of the XML and its line break from the document source', () => {
  const note = (text: string, parsed = text.trim()): ParsedInvoice =>
    variant((d) => {
      d.raw.root = el('Invoice', [el('PaymentTerms', [el('Note', [], parsed)])], '', {}, UBL_NS);
      d.raw.source = `<Invoice xmlns="${UBL_NS}"><cac:PaymentTerms><cbc:Note>${text}</cbc:Note></cac:PaymentTerms></Invoice>`;
      d.payment.terms = text.trim();
    });
  assert.deepEqual(ids(note('#SKONTO#TAGE=7#PROZENT=2.00#\n')), []);
  expectFatal(note('#SKONTO#TAGE=7#PROZENT=2.00#'), 'BR-DE-18');
  assert.deepEqual(ids(note('#SKONTO#TAGE=7#PROZENT=2.00#&#10;', '#SKONTO#TAGE=7#PROZENT=2.00#')), [], 'character references count as line breaks');
});

test('profiles: EN 16931 reports national rules as information; unknown and legacy identifiers are handled', () => {
  const en = variant((d) => ((d.specificationId = 'urn:cen.eu:en16931:2017'), delete d.buyerReference, delete d.seller.contact));
  const r = validateInvoice(en);
  assert.equal(r.profile, 'en16931');
  assert.equal(r.valid, true);
  assert.ok(r.errors.some((e) => e.id === 'BR-DE-15' && e.severity === 'information'));
  assert.ok(r.errors.some((e) => e.id === 'BR-DE-21' && e.severity === 'information'));
  // a Peppol CIUS is EN 16931 for us
  assert.equal(validateInvoice(variant((d) => (d.specificationId = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'))).profile, 'en16931');
  // an unknown identifier is a warning, the invoice is judged by EN 16931
  const unknown = validateInvoice(variant((d) => (d.specificationId = 'urn:example:invoice')));
  assert.equal(unknown.profile, 'unknown');
  assert.ok(unknown.errors.some((e) => e.id === 'PROFILE-UNKNOWN' && e.severity === 'warning'));
  assert.equal(unknown.valid, true);
  // no identifier at all is BR-01
  expectFatal(variant((d) => delete d.specificationId), 'BR-01');
  // an older XRechnung version still has to meet the national rules, and gets BR-DE-21
  const legacy = variant((d) => ((d.specificationId = 'urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_1.2'), delete d.seller.contact));
  assert.equal(validateInvoice(legacy).profile, 'xrechnung-legacy');
  expectFatal(legacy, 'BR-DE-2');
  assert.ok(ids(legacy, 'warning').includes('BR-DE-21'));
});

test('KoSIT customLevel: extension and CVD scenarios lower some CEN rules; extension rules apply', () => {
  const ext = (d: ParsedInvoice): void => void (d.specificationId = XR_EXTENSION_ID);
  // BR-CO-16 is information for UBL extension documents (BR-DEX-09 takes over) but stays fatal for CII
  const thirdParty = (d: ParsedInvoice): void => (ext(d), void (d.totals.payable = eur('100.00')));
  const ubl = validateInvoice(variant(thirdParty));
  assert.ok(ubl.errors.some((e) => e.id === 'BR-CO-16' && e.severity === 'information'));
  assert.ok(ubl.errors.some((e) => e.id === 'BR-DEX-09' && e.severity === 'fatal'));
  expectFatal(variant(thirdParty, ciiInvoice), 'BR-CO-16');
  // endpoint schemes: XR01 is allowed in the extension; other codes fail BR-DEX-07, BR-CL-25 is only information
  assert.deepEqual(ids(variant((d) => (ext(d), (d.seller.electronicAddress = { value: 'x', schemeId: 'XR01' }))), 'fatal'), []);
  const bad = validateInvoice(variant((d) => (ext(d), (d.seller.electronicAddress = { value: 'x', schemeId: 'XR11' }))));
  assert.ok(bad.errors.some((e) => e.id === 'BR-DEX-07' && e.severity === 'fatal'));
  assert.ok(bad.errors.some((e) => e.id === 'BR-CL-25' && e.severity === 'information'));
  // CVD: contract and tender references required; classification scheme CVD only as information
  const cvd = variant((d) => {
    d.specificationId = XR_CVD_ID;
    d.contractRef = 'V-1';
    d.tenderOrLotRef = 'L-1';
    d.lines[0]!.item.classifications = [{ value: 'M2', schemeId: 'CVD' }];
    d.lines[0]!.item.attributes = [{ name: 'cva', value: 'clean' }];
  });
  const cr = validateInvoice(cvd);
  assert.equal(cr.valid, true, JSON.stringify(cr.errors));
  assert.ok(cr.errors.some((e) => e.id === 'BR-CL-13' && e.severity === 'information'));
  expectFatal(variant((d) => delete d.contractRef, () => cvd), 'BR-DE-CVD-01');
  expectFatal(variant((d) => (d.lines[0]!.item.attributes = [{ name: 'cva', value: 'dirty' }]), () => structuredClone(cvd)), 'BR-DE-CVD-05');
  // the CIUS scenario does not run extension rules
  assert.ok(!ids(variant((d) => (d.seller.electronicAddress = { value: 'x', schemeId: 'XR11' }))).includes('BR-DEX-07'));
});

test('syntax rules on the XML tree: UBL-SR-53, UBL-SR-48, CII-DT-031, CII-SR-455', () => {
  const pts = (withId: boolean) =>
    el('PartyTaxScheme', [...(withId ? [el('CompanyID', [], 'DE123456789')] : []), el('TaxScheme', [el('ID', [], 'VAT')])]);
  const ublRoot = (withId: boolean) => el('Invoice', [el('AccountingSupplierParty', [el('Party', [pts(withId)])])], '', {}, UBL_NS);
  expectFatal(variant((d) => (d.raw.root = ublRoot(false))), 'UBL-SR-53');
  assert.deepEqual(ids(variant((d) => (d.raw.root = ublRoot(true)))), []);
  expectFatal(variant((d) => (d.raw.root = el('Invoice', [el('InvoiceLine', [el('Item')])], '', {}, UBL_NS))), 'UBL-SR-48');
  const amount = (attrs: Record<string, string>) => el('LineTotalAmount', [], '120.00', attrs, RAM);
  expectFatal(variant((d) => (d.raw.root = ciiRoot(amount({ currencyID: 'EUR' }))), ciiInvoice), 'CII-DT-031');
  assert.deepEqual(ids(variant((d) => (d.raw.root = ciiRoot(amount({}))), ciiInvoice)), []);
  const contact = () => el('DefinedTradeContact', [], '', {}, RAM);
  const agreement = el('ApplicableHeaderTradeAgreement', [el('SellerTradeParty', [contact(), contact()], '', {}, RAM)], '', {}, RAM);
  expectFatal(variant((d) => (d.raw.root = ciiRoot(agreement)), ciiInvoice), 'CII-SR-455');
});

test('Leitweg-ID: ISO 7064 MOD 97-10 check digit; a wrong check digit is a warning, not a rejection', () => {
  assert.equal(leitwegCheckDigit('04011000', '1234512345'), '06');
  assert.deepEqual(checkLeitwegId('04011000-1234512345-06'), { wellFormed: true, hierarchyOk: true, checkDigitOk: true, expectedCheckDigit: '06' });
  assert.equal(checkLeitwegId('04011000-1234512345-07').checkDigitOk, false);
  assert.equal(checkLeitwegId('991-33333TEST-33').checkDigitOk, leitwegCheckDigit('991', '33333TEST') === '33');
  const fein = `991-ABC${'x'.repeat(3)}-${leitwegCheckDigit('991', 'ABCxxx')}`;
  assert.equal(checkLeitwegId(fein).checkDigitOk, true, 'letters count A=10 … Z=35, either case');
  assert.equal(checkLeitwegId('keine Leitweg-ID').wellFormed, false);
  const wrong = validateInvoice(variant((d) => (d.buyerReference = '04011000-1234512345-07')));
  assert.equal(wrong.valid, true);
  assert.deepEqual(
    wrong.errors.map((e) => [e.id, e.severity]),
    [['LEITWEG-ID-02', 'warning']],
  );
  assert.deepEqual(ids(variant((d) => (d.buyerReference = 'Bestellung 4711'))), ['LEITWEG-ID-01']);
});

test('IBAN check used by BR-DE-19/20', () => {
  assert.equal(ibanOk('DE02120300000000202051'), true);
  assert.equal(ibanOk('DE02 1203 0000 0000 2020 51'), true);
  assert.equal(ibanOk('DE02120300000000202052'), false);
  assert.equal(ibanOk('1234567891234'), false);
  assert.equal(ibanOk(undefined), false);
});

test('the rule catalogue: unique ids per syntax, German messages, official severities', () => {
  const seen = new Set<string>();
  for (const r of ALL_RULES) {
    for (const s of r.syntax ? [r.syntax] : ['ubl', 'cii']) {
      const key = `${r.id}/${s}`;
      assert.ok(!seen.has(key), `duplicate rule ${key}`);
      seen.add(key);
    }
    assert.match(r.message, /[a-zäöüß]{3}/i);
    assert.ok(!/\bshall\b|\bmust\b/i.test(r.message), `${r.id} message should be German`);
  }
  assert.ok(ALL_RULES.length > 250, `only ${ALL_RULES.length} rules`);
  for (const id of ['BR-01', 'BR-65', 'BR-CO-15', 'BR-S-08', 'BR-IC-11', 'BR-CL-14', 'BR-DEC-23', 'BR-DE-15', 'BR-DE-18', 'BR-DEX-09', 'BR-DE-CVD-03', 'UBL-SR-53', 'CII-DT-031']) {
    assert.ok(ALL_RULES.some((r) => r.id === id), `${id} missing`);
  }
  assert.equal(XR_CIUS_ID, 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0');
  void line;
});
