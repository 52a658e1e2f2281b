import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { einvoiceCorpusDir } from './corpus.ts';
import { inspectInvoice, runEinvoiceCli, type InspectReport } from './inspect.ts';

const dir = einvoiceCorpusDir();

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
}

test('inspect --json prints the key values as the document writes them', async () => {
  const c = io();
  const code = await runEinvoiceCli(['inspect', resolve(dir, 'cen_CII_example5.xml'), '--json'], c.io);
  assert.equal(code, 0);
  const r = JSON.parse(c.out.join('\n')) as InspectReport;
  assert.equal(r.file, 'cen_CII_example5.xml');
  assert.equal(r.format, 'cii');
  assert.equal(r.number, 'TOSL110');
  assert.equal(r.currency, 'DKK');
  assert.equal(r.buyer_reference, 'qwerty');
  assert.deepEqual(r.totals, { BT106: '4000.00', BT107: '150', BT108: '150', BT109: '4000', BT110: '675.00', BT111: '628.62', BT112: '4675', BT113: '2337.5', BT115: '2337.5' });
  assert.deepEqual(Object.keys(r.totals), ['BT106', 'BT107', 'BT108', 'BT109', 'BT110', 'BT111', 'BT112', 'BT113', 'BT115']);
  assert.equal(r.validation.valid, true);
  assert.deepEqual(r.validation.failed_rules, []);
});

test('inspect reports Skonto, IBAN and the PDF attachment', async () => {
  const sk = await inspectInvoice(new Uint8Array(readFileSync(resolve(dir, 'kosit-ts_01.10a-INVOICE_ubl.xml'))), 'x.xml');
  assert.deepEqual(sk.payment.skonto, [
    { days: 7, percent: '2.00' },
    { days: 14, percent: '1.00' },
    { days: 30, percent: '0.00' },
  ]);
  assert.equal(sk.payment.iban, 'DE79000000001234567890');
  const pdf = await inspectInvoice(new Uint8Array(readFileSync(resolve(dir, 'mustang_validV2PDF.pdf'))), 'm.pdf');
  assert.equal(pdf.container, 'pdf');
  assert.equal(pdf.pdf_attachment, 'factur-x.xml');
  assert.ok(pdf.warnings.some((w) => w.includes('ZUGFeRD-invoice.xml')));
});

test('unreadable input: exit 1 with a JSON error report; usage errors exit 2', async () => {
  const c = io();
  assert.equal(await runEinvoiceCli(['inspect', resolve(dir, 'kosit-vc_bin001.bmp.xml'), '--json'], c.io), 1);
  const r = JSON.parse(c.out.join('\n')) as InspectReport;
  assert.equal(r.error?.code, 'not-xml');
  assert.equal(r.validation.valid, false);
  const missing = io();
  assert.equal(await runEinvoiceCli(['inspect', '/does/not/exist.xml', '--json'], missing.io), 1);
  assert.match(missing.out.join(''), /nicht gefunden/);
  const text = io();
  assert.equal(await runEinvoiceCli(['inspect', resolve(dir, 'kosit-vc_bin001.bmp.xml')], text.io), 1);
  assert.match(text.out.join(''), /BMP-Bild/);
  for (const args of [[], ['inspect'], ['inspect', 'a', 'b'], ['frobnicate', 'x']]) {
    const u = io();
    assert.equal(await runEinvoiceCli(args, u.io), 2, args.join(' '));
    assert.match(u.err.join(''), /Verwendung/);
  }
});

test('bin/amtsstube einvoice inspect works without a database', () => {
  const bin = fileURLToPath(new URL('../../../bin/amtsstube', import.meta.url));
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  const p = spawnSync(bin, ['einvoice', 'inspect', resolve(dir, 'kosit-ts_01.01a-INVOICE_ubl.xml'), '--json'], { env, encoding: 'utf8' });
  assert.equal(p.status, 0, p.stderr);
  const r = JSON.parse(p.stdout) as InspectReport;
  assert.equal(r.number, '123456XX');
  assert.equal(r.totals.BT115, '336.9');
});
