// The German invoice view: labels, exact German amounts, readable Skonto lines and escaping on a KoSIT test invoice;
// every readable corpus file renders with its number and BT-115; the PDF is a real PDF with the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { sharedData } from '../../testing/shared-data.ts';
import { decimalText } from './decimal.ts';
import type { ParsedInvoice } from './model.ts';
import { readInvoice } from './parse/index.ts';
import { formatAmountDe, formatIban, renderInvoiceHtml, unitLabel } from './view.ts';
import { renderInvoicePdf } from './view-pdf.ts';

const dir = sharedData('corpora/einvoice');

async function load(file: string): Promise<ParsedInvoice> {
  const r = await readInvoice(new Uint8Array(readFileSync(resolve(dir, file))), file);
  assert.ok(r.ok, `${file} must be readable`);
  return r.invoice;
}

/** Text of the HTML without tags and with entities decoded, whitespace collapsed: what a reader sees. */
function visible(h: string): string {
  return h
    .replace(/<br>/g, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ');
}

test('KoSIT 01.10a (UBL, Skonto): German labels, exact amounts, readable Skonto, IBAN in groups', async () => {
  const inv = await load('kosit-ts_01.10a-INVOICE_ubl.xml');
  const out = renderInvoiceHtml(inv).value;
  const text = visible(out);
  for (const label of ['Überblick', 'Verkäufer', 'Käufer', 'Zahlungsempfänger', 'Positionen', 'Nachlässe und Zuschläge', 'Umsatzsteueraufschlüsselung', 'Summen', 'Zahlungsinformationen', 'Bemerkungen']) {
    assert.match(out, new RegExp(`<h2 class="kern-heading-medium" id="[^"]+">${label}</h2>`), label);
  }
  assert.match(text, /Rechnungsnummer BT-1 Rechnungsnummer/);
  assert.match(text, /Rechnungsdatum BT-2 27\.06\.2016/);
  assert.match(text, /Rechnungsart BT-3 Rechnung \(380\)/);
  assert.match(text, /Leitweg-ID \/ Käuferreferenz BT-10 04011000-12350-85/);
  assert.match(text, /Währung BT-5 EUR \(Euro\)/);
  assert.match(text, /Auftragsnummer des Verkäufers BT-14 Auftragsnummer/);
  // Amounts: "2180" and "2594.2" in the XML become German with two decimals and the currency.
  assert.match(text, /Summe Positionen netto BT-106 2\.180,00 EUR/);
  assert.match(text, /Umsatzsteuer gesamt BT-110 414,20 EUR/);
  assert.match(text, /Zahlbetrag BT-115 2\.594,20 EUR/);
  assert.match(text, /Einzelpreis netto BT-146/);
  assert.match(text, /218,00 EUR/);
  assert.match(text, /10 Stück/, 'XPP is shown as Stück');
  assert.match(text, /19 % \(Normalsatz\)/);
  assert.match(text, /Umsatzsteuer zum Normalsatz \(S\)/);
  // Payment: two means, code 58 in German, IBANs in groups of four.
  assert.match(text, /Zahlungsmittel 1/);
  assert.match(text, /Zahlungsart BT-81 SEPA-Überweisung \(58\)/);
  assert.match(text, /IBAN BT-84 DE79 0000 0000 1234 5678 90/);
  assert.match(text, /DE16 0000 0000 2345 6789 01/);
  // Skonto lines from BT-20, counted from the invoice date 27.06.2016; 2 % of 2594.20 = 51.884 → 51,88.
  assert.match(text, /2,00 % Skonto bei Zahlung innerhalb von 7 Tagen \(bis 04\.07\.2016\): Skontobetrag 51,88 EUR, zu zahlen 2\.542,32 EUR/);
  assert.match(text, /1,00 % Skonto bei Zahlung innerhalb von 14 Tagen \(bis 11\.07\.2016\): Skontobetrag 25,94 EUR/);
  assert.match(text, /Zahlung ohne Abzug innerhalb von 30 Tagen \(bis 27\.07\.2016\)/);
  assert.doesNotMatch(text, /#SKONTO#/, 'the coded lines are replaced by readable ones');
  // The "#ADU#" prefix of the note becomes a subject label.
  assert.match(text, /Hinweis \(ADU\):\s+Wir liefern Ihnen ausschließlich/);
  assert.match(text, /Kein abweichender Zahlungsempfänger/);
  assert.match(text, /Visualisierung der E-Rechnung – keine Originalrechnung/);
});

test('accessible structure: captions, scoped headers, heading levels, no script', async () => {
  const out = renderInvoiceHtml(await load('kosit-ts_01.10a-INVOICE_ubl.xml')).value;
  const tables = out.match(/<table/g)!.length;
  assert.ok(tables >= 3);
  assert.equal(out.match(/<caption class="kern-title(?: kern-sr-only)?" id="[^"]+">/g)!.length, tables, 'every table has a caption');
  assert.match(out, /<caption class="kern-title kern-sr-only" id="[^"]+">Umsatzsteueraufschlüsselung<\/caption>/, 'a caption repeating the heading is for screen readers only');
  assert.match(out, /<caption class="kern-title" id="[^"]+">Rechnungssummen<\/caption>/);
  assert.equal((out.match(/<div class="kern-table-responsive" role="region" aria-labelledby="/g) ?? []).length, tables, 'scrollable tables are labelled regions');
  assert.ok(out.match(/scope="col"/g)!.length >= 6 && out.match(/scope="row"/g)!.length >= 3);
  assert.equal(out.match(/<section/g)!.length, out.match(/<\/section>/g)!.length);
  assert.ok(out.indexOf('<h2') < out.indexOf('<h3'), 'sub-headings follow a section heading');
  assert.doesNotMatch(out, /<h1|<script|on\w+=/);
  const ids = [...out.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  const deeper = renderInvoiceHtml(await load('kosit-ts_01.10a-INVOICE_ubl.xml'), { headingLevel: 3, idPrefix: 'r2' }).value;
  assert.match(deeper, /<h3 class="kern-heading-medium" id="r2-ueberblick">Überblick<\/h3>/);
  assert.doesNotMatch(deeper, /<h2/);
});

test('hostile values are escaped; unit prices with four decimals are shown as given', async () => {
  const inv = await load('kosit-ts_01.10a-INVOICE_ubl.xml');
  inv.seller.name = '<script>alert("x")</script> & Söhne';
  inv.notes.push({ text: '<img src=x onerror=alert(1)>' });
  inv.lines[0]!.price = { netPrice: { ...decimalText('12.3456')!, currencyId: 'EUR' } };
  inv.lines[0]!.item.name = '"><b>fett</b>';
  const out = renderInvoiceHtml(inv).value;
  assert.doesNotMatch(out, /<script|<img|<b>/);
  assert.match(out, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; Söhne/);
  assert.match(out, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(visible(out), /12,3456 EUR/);
});

test('formatting helpers: exact German amounts, IBAN groups, unit names', () => {
  assert.equal(formatAmountDe(decimalText('1234567.5'), 'EUR'), '1.234.567,50 EUR');
  assert.equal(formatAmountDe(decimalText('-0.1'), 'EUR'), '-0,10 EUR');
  assert.equal(formatAmountDe(decimalText('0.123456789012345678901'), 'EUR'), '0,123456789012345678901 EUR', 'no float rounding');
  assert.equal(formatAmountDe(decimalText('9007199254740993.01'), 'EUR'), '9.007.199.254.740.993,01 EUR', 'beyond float precision');
  assert.equal(formatAmountDe(decimalText('1.234,50'), 'EUR'), '„1.234,50“ (kein gültiger Betrag) EUR');
  assert.equal(formatAmountDe({ ...decimalText('5')!, currencyId: 'USD' } as never, 'EUR'), '5,00 USD', 'the amount’s own currency wins');
  assert.equal(formatIban('de02120300000000202051'), 'DE02 1203 0000 0000 2020 51');
  assert.equal(formatIban('1234567891234'), '1234567891234');
  assert.equal(unitLabel('HUR'), 'Stunde');
  assert.equal(unitLabel('HUR', true), 'Stunden');
  assert.equal(unitLabel('C62'), 'Stück');
  assert.equal(unitLabel('KGM'), 'Kilogramm');
  assert.equal(unitLabel('XYZ'), 'XYZ');
});

interface ManifestFile {
  file: string;
  fields?: { invoice_number_BT1?: string | null; amount_due_BT115?: string | null; currency_BT5?: string | null };
}

/** The expected German text of a manifest amount, computed here by string operations (independent of view.ts). */
function german(raw: string): string {
  const neg = raw.startsWith('-');
  const [int, frac = ''] = (neg ? raw.slice(1) : raw).split('.');
  const grouped = String(BigInt(int!)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${neg ? '-' : ''}${grouped},${frac.padEnd(2, '0')}`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

test('every readable corpus invoice renders with its number and its BT-115 in German', async () => {
  const manifest = JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as { files: ManifestFile[] };
  let rendered = 0;
  let amountsChecked = 0;
  for (const f of manifest.files) {
    const r = await readInvoice(new Uint8Array(readFileSync(resolve(dir, f.file))), f.file);
    if (!r.ok) continue;
    const out = renderInvoiceHtml(r.invoice).value;
    rendered++;
    const number = f.fields?.invoice_number_BT1;
    if (number) assert.ok(out.includes(esc(number)), `${f.file}: invoice number`);
    const due = f.fields?.amount_due_BT115;
    if (due && /^-?\d+(\.\d+)?$/.test(due)) {
      const cur = r.invoice.totals.payable?.currencyId ?? r.invoice.currency;
      assert.ok(visible(out).includes(`Zahlbetrag BT-115 ${german(due)}${cur ? ` ${cur}` : ''}`), `${f.file}: BT-115 ${due}`);
      amountsChecked++;
    }
  }
  console.log(`view: ${rendered} corpus invoices rendered, ${amountsChecked} BT-115 amounts checked`);
  assert.ok(rendered >= 100, `rendered ${rendered}`);
  assert.ok(amountsChecked >= 100, `checked ${amountsChecked}`);
});

test('PDF: a real A4 PDF whose text holds the notice, invoice number, German total and page numbers', async () => {
  const inv = await load('kosit-ts_01.10a-INVOICE_ubl.xml');
  inv.number = 'R-2026-0815';
  const pdf = await renderInvoicePdf(inv, { now: new Date('2026-03-07T09:30:00Z') });
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const page = await doc.getPage(1);
  const [, , w, h] = page.view;
  assert.ok(Math.abs(w! - 595.28) < 1 && Math.abs(h! - 841.89) < 1, 'A4 portrait');
  const { text, totalPages } = await extractText(doc, { mergePages: true });
  assert.match(text, /Visualisierung der E-Rechnung – keine Originalrechnung/);
  assert.match(text, /R-2026-0815/);
  assert.match(text, /Zahlbetrag/);
  assert.match(text, /2\.594,20 EUR/);
  assert.match(text, /2,00 % Skonto bei Zahlung innerhalb von 7 Tagen \(bis 04\.07\.2016\)/);
  assert.match(text, /Erstellt am 07\.03\.2026, 10:30/, 'creation time from the injected clock, Europe/Berlin');
  assert.match(text, new RegExp(`Seite 1 von ${totalPages}`));
});

test('PDF: a long CII invoice spans pages, each numbered', async () => {
  const inv = await load('kosit-ts_01.10a-INVOICE_uncefact.xml');
  const many = Array.from({ length: 60 }, (_, i) => ({ ...inv.lines[0]!, id: String(i + 1) }));
  inv.lines = many;
  const pdf = await renderInvoicePdf(inv, { now: new Date('2026-03-07T09:30:00Z') });
  const { text, totalPages } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  assert.ok(totalPages >= 2, `pages: ${totalPages}`);
  for (let p = 1; p <= totalPages; p++) assert.match(text, new RegExp(`Seite ${p} von ${totalPages}`));
  assert.equal(text.match(/Visualisierung der E-Rechnung – keine Originalrechnung/g)!.length >= totalPages, true, 'notice on every page');
  assert.match(text, /Rechnungspositionen \(60\)/);
});
