// The model beyond the manifest's fields: parties, references, lines, allowances/charges, payment, raw facts — read from
// the KoSIT "comprehensive" test case, which fills nearly every business term, in both syntaxes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { einvoiceCorpusDir } from '../corpus.ts';
import { Decimal } from '../decimal.ts';
import type { ParsedInvoice } from '../model.ts';
import { readInvoice, readInvoiceXml } from './index.ts';

const dir = einvoiceCorpusDir();
function read(name: string): ParsedInvoice {
  const r = readInvoiceXml(new Uint8Array(readFileSync(resolve(dir, name))));
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.invoice;
}

const ubl = read('kosit-ts_01.02_comprehensive_test_ubl.xml');
const cii = read('kosit-ts_01.02_comprehensive_test_uncefact.xml');

test('document level: kind, profile, process, references, notes, preceding invoice (both syntaxes)', () => {
  assert.equal(ubl.kind, 'ubl-invoice');
  assert.equal(cii.kind, 'cii');
  for (const i of [ubl, cii]) {
    assert.equal(i.specificationId, 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0');
    assert.equal(i.raw.customizationId, i.specificationId);
    assert.equal(i.businessProcess, 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0');
    assert.equal(i.number, '1234567');
    assert.equal(i.issueDate?.iso, '2018-04-13');
    assert.equal(i.typeCode, '380');
    assert.equal(i.currency, 'EUR');
    assert.equal(i.taxCurrency, 'GBP');
    assert.equal(i.buyerReference, '90000000-03083-72');
    assert.equal(i.projectRef, 'PR12345678');
    assert.equal(i.contractRef, '0000000752');
    assert.equal(i.purchaseOrderRef, '65002278');
    assert.equal(i.salesOrderRef, 'ABC123456789');
    assert.equal(i.receivingAdviceRef, 'RAR123456789');
    assert.equal(i.despatchAdviceRef, 'DAR123456789');
    assert.equal(i.tenderOrLotRef, 'ANG987654321');
    assert.equal(i.buyerAccountingRef, 'Buchungscode1');
    assert.equal(i.notes[0]?.subjectCode, 'AAC');
    assert.equal(i.notes[0]?.text, 'Invoice Note Description');
    assert.equal(i.precedingInvoices[0]?.number, 'PIR1234567890');
    assert.equal(i.precedingInvoices[0]?.issueDate?.iso, '2018-02-04');
    assert.equal(i.invoicingPeriod?.start?.iso, '2018-04-13');
    assert.equal(i.delivery?.actualDeliveryDate?.iso, '2018-04-13');
    assert.equal(i.delivery?.locationId?.value, '68');
    assert.equal(i.delivery?.address?.countryCode, 'DE');
  }
  assert.equal(ubl.issueDate?.raw, '2018-04-13');
  assert.equal(cii.issueDate?.raw, '20180413');
  assert.equal(cii.issueDate?.format, '102');
});

test('seller, buyer, payee and tax representative', () => {
  for (const i of [ubl, cii]) {
    assert.equal(i.seller.name, '[Seller name]');
    assert.equal(i.seller.tradingName, '[Seller trading name]');
    assert.equal(i.seller.vatId, 'ATU123456789');
    assert.equal(i.seller.taxRegistrationId, '123/456/789');
    assert.deepEqual(i.seller.legalRegistrationId, { value: '123456789', schemeId: '0088' });
    assert.deepEqual(i.seller.electronicAddress, { value: 'rechnungsausgang@test.com', schemeId: 'EM' });
    assert.equal(i.seller.address?.postCode, '12345');
    assert.equal(i.seller.address?.line3, '[Seller address line 3]');
    assert.equal(i.seller.contact?.email, 'tim.tester@test.com');
    assert.equal(i.seller.contact?.phone, '012 3456789');
    assert.match(i.seller.legalForm ?? '', /Amtsgericht/);
    assert.equal(i.buyer.vatId, 'DE12345ABC');
    assert.deepEqual(i.buyer.electronicAddress, { value: 'rechnungseingang@test.de', schemeId: 'EM' });
    assert.equal(i.buyer.contact?.email, 'tester@test.de');
    assert.deepEqual(i.buyer.identifiers[0], { value: '138', schemeId: '0088' });
    assert.equal(i.payee?.name, '[Payee name]');
    assert.deepEqual(i.payee?.identifiers[0], { value: '74', schemeId: '0088' });
    assert.equal(i.taxRepresentative?.name, '[Seller tax representative name]');
    assert.equal(i.taxRepresentative?.vatId, 'DE124567');
  }
});

test('lines: quantity with unit, net amount, price details, line allowances/charges, item, period', () => {
  for (const i of [ubl, cii]) {
    assert.equal(i.lines.length, 2);
    const l = i.lines[0]!;
    assert.equal(l.id, '1');
    assert.equal(l.quantity?.unitCode, 'XPP');
    assert.ok(l.quantity?.value?.eq(Decimal.parse('30')));
    assert.equal(l.netAmount?.raw, '4743.75');
    assert.ok(l.price?.netPrice?.value?.eq(Decimal.parse('158.125')));
    assert.ok(l.price?.grossPrice?.value?.eq(Decimal.parse('168.125')));
    assert.ok(l.price?.discount?.value?.eq(Decimal.parse('10')));
    assert.equal(l.vatCategory, 'S');
    assert.equal(l.vatRate?.raw, '19');
    assert.equal(l.orderLineRef, '6171175.1');
    assert.equal(l.accountingRef, 'Konto 1');
    assert.equal(l.period?.end?.iso, '2018-04-13');
    assert.equal(l.allowances[0]?.reasonCode, '102');
    assert.equal(l.charges[0]?.reasonCode, 'TAC');
    assert.equal(l.item.name, 'Beratung');
    assert.equal(l.item.sellerId, '1034');
    assert.equal(l.item.buyerId, '5034');
    assert.deepEqual(l.item.standardId, { value: '123456789', schemeId: '0088' });
    assert.equal(l.item.classifications[0]?.value, '0721-880X');
    assert.equal(l.item.originCountry, 'DE');
    assert.deepEqual(l.item.attributes[0], { name: '[Description]', value: '[Value]' });
    assert.equal(l.objectId?.value, 'ANG987654321');
  }
  // many fractional digits stay exact: CII writes 30.00000000000 and 158.1250000000
  assert.equal(cii.lines[0]!.quantity?.raw, '30.00000000000');
  assert.equal(cii.lines[0]!.price?.netPrice?.value?.toString(), '158.1250000000');
});

test('document allowances and charges, totals with BT-110/BT-111 by currency, VAT breakdown with exemption', () => {
  for (const i of [ubl, cii]) {
    assert.equal(i.allowances.length, 1);
    assert.equal(i.charges.length, 1);
    assert.equal(i.allowances[0]?.vatCategory, 'E');
    assert.equal(i.allowances[0]?.reason, 'Fixed long term');
    assert.equal(i.charges[0]?.reasonCode, 'TAC');
    assert.equal(i.totals.taxTotal?.currencyId, 'EUR');
    assert.equal(i.totals.taxTotalTaxCurrency?.currencyId, 'GBP');
    assert.equal(i.vatBreakdown.length, 2);
    assert.equal(i.vatBreakdown[1]?.exemptionReasonCode, 'VATEX-EU-132-1A');
    assert.equal(i.vatBreakdown[1]?.exemptionReason, '[VAT exemption reason text]');
  }
});

test('payment: means, accounts (IBAN vs proprietary), remittance, due date, supporting documents', () => {
  for (const i of [ubl, cii]) {
    assert.equal(i.payment.means.length, 2);
    assert.equal(i.payment.means[0]?.code, '30');
    assert.equal(i.payment.means[1]?.creditTransfers[0]?.accountId, 'DE16000000002345678901');
    assert.equal(i.payment.means[1]?.creditTransfers[0]?.accountName, '[Payment account name 2]');
    assert.equal(i.payment.remittanceInformation, 'Deb. 12345 / Fact. 9876543');
    assert.equal(i.payment.dueDate?.iso, '2018-04-13');
    assert.equal(i.supportingDocuments[0]?.id, '01_15_Anhang_01.pdf');
    assert.equal(i.supportingDocuments[0]?.attachment?.mimeCode, 'application/pdf');
  }
  assert.equal(cii.payment.means[0]?.creditTransfers[0]?.isIban, false);
  assert.equal(cii.payment.means[1]?.creditTransfers[0]?.isIban, true);
});

test('raw document facts for the validator: root, namespace, element counts, CII context', () => {
  assert.equal(ubl.raw.rootName, 'Invoice');
  assert.equal(ubl.raw.rootNamespace, 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2');
  assert.equal(ubl.raw.elementCounts.get('BuyerReference'), 1);
  assert.equal(ubl.raw.elementCounts.get('InvoiceLine'), 2);
  assert.equal(cii.raw.rootName, 'CrossIndustryInvoice');
  assert.equal(cii.raw.ciiContext?.guidelineId, cii.specificationId);
  assert.equal(cii.raw.elementCounts.get('IncludedSupplyChainTradeLineItem'), 2);
  assert.equal(cii.raw.root.children[0]?.name, 'ExchangedDocumentContext');
});

test('credit note: CreditNoteLine / CreditedQuantity, type code 381, raw BT-20 with its indentation', () => {
  const cn = read('kosit-xs_ubl-cn-br-de-18-wrong-whitespace.xml');
  assert.equal(cn.kind, 'ubl-creditnote');
  assert.equal(cn.typeCode, '381');
  assert.equal(cn.lines.length, 2);
  assert.equal(cn.lines[0]?.quantity?.raw, '33');
  assert.equal(cn.payment.dueDate, undefined);
  assert.equal(cn.payment.termsTexts?.length, 1);
  assert.match(cn.payment.termsTexts![0]!, /\n {8}$/);
  assert.deepEqual(
    cn.payment.skonto.map((s) => s.strict),
    [true, false, true],
  );
});

test('XRechnung extension: UBL sub-invoice lines are nested under their line', () => {
  const ext = read('kosit-ts_04.01a-INVOICE_ubl.xml');
  assert.equal(ext.lines.length, 2);
  const count = (ls: ParsedInvoice['lines']): number => ls.reduce((n, l) => n + 1 + count(l.subLines), 0);
  assert.equal(count(ext.lines) - ext.lines.length, 13);
});

test('Skonto steps from BT-20 in both syntaxes (test case 01.10a)', () => {
  for (const name of ['kosit-ts_01.10a-INVOICE_ubl.xml', 'kosit-ts_01.10a-INVOICE_uncefact.xml']) {
    const i = read(name);
    assert.deepEqual(
      i.payment.skonto.map((s) => [s.days, s.percent.raw, s.strict]),
      [
        [7, '2.00', true],
        [14, '1.00', true],
        [30, '0.00', true],
      ],
    );
    assert.ok(i.payment.terms?.endsWith('#\n'));
  }
});

test('structured CII discount terms (ZUGFeRD EXTENDED) become Skonto steps too', () => {
  const text = readFileSync(resolve(dir, 'kosit-ts_01.01a-INVOICE_uncefact.xml'), 'utf8').replace(
    '</ram:SpecifiedTradePaymentTerms>',
    '<ram:ApplicableTradePaymentDiscountTerms><ram:BasisPeriodMeasure unitCode="DAY">10</ram:BasisPeriodMeasure><ram:BasisAmount>100.00</ram:BasisAmount><ram:CalculationPercent>3.00</ram:CalculationPercent></ram:ApplicableTradePaymentDiscountTerms></ram:SpecifiedTradePaymentTerms>',
  );
  const r = readInvoiceXml(text);
  assert.ok(r.ok);
  const s = r.invoice.payment.skonto.find((x) => x.source === 'cii-discount-terms');
  assert.equal(s?.days, 10);
  assert.equal(s?.percent.raw, '3.00');
  assert.equal(s?.base?.raw, '100.00');
});

test('hybrid PDF: the embedded CII is read and the PDF facts are kept', async () => {
  const r = await readInvoice(new Uint8Array(readFileSync(resolve(dir, 'zfcorpus_EN16931_Rabatte.pdf'))));
  assert.ok(r.ok);
  assert.equal(r.invoice.container, 'pdf');
  assert.equal(r.invoice.pdf?.attachmentName, 'factur-x.xml');
  assert.equal(r.invoice.pdf?.xmpConformanceLevel, 'EN 16931');
  assert.ok(r.invoice.allowances.length + r.invoice.lines.flatMap((l) => l.allowances).length > 0);
});

test('CII TaxTotalAmount without currencyID is still BT-110', () => {
  const text = readFileSync(resolve(dir, 'kosit-ts_01.10a-INVOICE_uncefact.xml'), 'utf8').replace(/<ram:TaxTotalAmount currencyID="EUR">/, '<ram:TaxTotalAmount>');
  assert.ok(!text.includes('TaxTotalAmount currencyID'));
  const r = readInvoiceXml(text);
  assert.ok(r.ok);
  assert.equal(r.invoice.totals.taxTotal?.raw, '414.2');
  assert.equal(r.invoice.totals.taxTotalTaxCurrency, undefined);
});
