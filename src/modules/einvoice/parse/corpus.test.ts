// Every file of the shared e-invoice corpus is read and compared, string for string, with the values the manifest
// records from the XML itself (BT-1 … BT-115, VAT breakdown, payment data). Files the manifest marks with a
// parse_error must give a clean German error instead.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { einvoiceCorpusDir } from '../corpus.ts';
import { Decimal } from '../decimal.ts';
import { inspectInvoice, payeeIban } from '../inspect.ts';
import type { ParsedInvoice } from '../model.ts';
import { readInvoice } from './index.ts';

interface ManifestFile {
  file: string;
  syntax: string;
  expected_validity: string;
  embedded_xml_names?: string[];
  fields: Record<string, unknown>;
}

const dir = einvoiceCorpusDir();
const manifest = JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as { files: ManifestFile[] };

/** The model's values under the manifest's field names (null when absent, like the manifest). */
function asManifestFields(i: ParsedInvoice): Record<string, unknown> {
  const t = i.totals;
  return {
    invoice_number_BT1: i.number ?? null,
    issue_date_BT2: i.issueDate?.raw ?? null,
    type_code_BT3: i.typeCode ?? null,
    currency_BT5: i.currency ?? null,
    specification_id_BT24: i.specificationId ?? null,
    buyer_reference_BT10: i.buyerReference ?? null,
    seller_name_BT27: i.seller.name ?? null,
    buyer_name_BT44: i.buyer.name ?? null,
    line_count: i.lines.length,
    sum_line_net_BT106: t.lineNetTotal?.raw ?? null,
    allowances_BT107: t.allowanceTotal?.raw ?? null,
    charges_BT108: t.chargeTotal?.raw ?? null,
    total_without_vat_BT109: t.taxExclusive?.raw ?? null,
    total_vat_BT110: t.taxTotal?.raw ?? null,
    total_vat_tax_currency_BT111: t.taxTotalTaxCurrency?.raw ?? null,
    total_with_vat_BT112: t.taxInclusive?.raw ?? null,
    prepaid_BT113: t.prepaid?.raw ?? null,
    rounding_BT114: t.rounding?.raw ?? null,
    amount_due_BT115: t.payable?.raw ?? null,
    vat_breakdown_BG23: i.vatBreakdown.map((v) => ({
      category: v.category ?? null,
      rate: v.rate?.raw ?? null,
      basis_BT116: v.taxableAmount?.raw ?? null,
      tax_BT117: v.taxAmount?.raw ?? null,
      exemption_reason_code: v.exemptionReasonCode ?? null,
    })),
    due_date_BT9: i.payment.dueDate?.raw ?? null,
    payment_means_code_BT81: i.payment.means[0]?.code ?? null,
    payee_iban_BT84: payeeIban(i) ?? null,
    payment_terms_BT20: i.payment.terms ?? null,
    document_kind: i.kind,
  };
}

let matched = 0;

for (const entry of manifest.files) {
  test(`corpus: ${entry.file}`, async () => {
    const bytes = readFileSync(resolve(dir, entry.file));
    const r = await readInvoice(bytes, entry.file);
    const want = entry.fields;
    if ('parse_error' in want) {
      assert.equal(r.ok, false, 'expected a read error');
      if (r.ok) return;
      assert.match(r.error.message, /^[A-ZÄÖÜ„]/);
      assert.match(r.error.message, /Datei|XML/);
      const report = await inspectInvoice(bytes, entry.file);
      assert.equal(report.validation.valid, false);
      assert.equal(report.error?.code, r.error.code);
      matched++;
      return;
    }
    assert.ok(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`);
    const got = asManifestFields(r.invoice);
    for (const key of Object.keys(want)) assert.deepEqual(got[key], want[key], `${entry.file}: ${key}`);

    if (entry.syntax === 'zugferd-pdf') {
      assert.equal(r.invoice.container, 'pdf');
      assert.ok(r.invoice.pdf && ['factur-x.xml', 'xrechnung.xml', 'zugferd-invoice.xml'].includes(r.invoice.pdf.attachmentName));
    }
    // Every total has an exact decimal behind its raw text, printed back unchanged.
    for (const [k, a] of Object.entries(r.invoice.totals)) {
      assert.ok(a?.value, `${k} "${a?.raw}" is not a decimal`);
      assert.equal(a.value.toString(), a.raw, k);
    }

    // Exact arithmetic on the model reproduces the document's own sums (BR-CO-10, BR-CO-14, BR-CO-15) in valid files.
    if (entry.expected_validity === 'valid' || entry.expected_validity === 'valid-en16931') {
      const i = r.invoice;
      const sum = (xs: (Decimal | undefined)[]) => xs.reduce<Decimal>((a, x) => a.add(x ?? Decimal.ZERO), Decimal.ZERO);
      assert.ok(sum(i.lines.map((l) => l.netAmount?.value)).eq(i.totals.lineNetTotal!.value!), 'BT-106 = Σ BT-131');
      if (i.totals.taxTotal) assert.ok(sum(i.vatBreakdown.map((v) => v.taxAmount?.value)).eq(i.totals.taxTotal.value!), 'BT-110 = Σ BT-117');
      assert.ok(i.totals.taxExclusive!.value!.add(i.totals.taxTotal?.value ?? Decimal.ZERO).eq(i.totals.taxInclusive!.value!), 'BT-112 = BT-109 + BT-110');
    }

    // The CLI report carries the same strings.
    const report = await inspectInvoice(bytes, entry.file);
    assert.equal(report.number, want.invoice_number_BT1);
    assert.equal(report.currency, want.currency_BT5);
    assert.equal(report.buyer_reference, want.buyer_reference_BT10);
    assert.equal(report.totals.BT106, want.sum_line_net_BT106);
    assert.equal(report.totals.BT109, want.total_without_vat_BT109);
    assert.equal(report.totals.BT110, want.total_vat_BT110);
    assert.equal(report.totals.BT112, want.total_with_vat_BT112);
    assert.equal(report.totals.BT115, want.amount_due_BT115);
    assert.equal(report.totals.BT111 ?? null, want.total_vat_tax_currency_BT111);
    assert.equal(report.payment.iban ?? null, want.payee_iban_BT84);
    matched++;
  });
}

test('the manifest lists the whole corpus', () => {
  assert.equal(manifest.files.length, 115);
});

after(() => {
  console.log(`# e-invoice corpus: ${matched} of ${manifest.files.length} files match the manifest`);
});
