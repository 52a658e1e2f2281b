// `amtsstube bank inspect`: exit codes, JSON and German output, without a database.
import { sharedData } from '../../../testing/shared-data.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBankCommand } from './index.ts';

const corpusDir = sharedData('corpora/bank');

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runBankCommand(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('bank inspect --json prints the report with exact totals', async () => {
  const r = await run(['inspect', join(corpusDir, 'mt940py_betterplace_sepa_snippet.sta'), '--json']);
  assert.equal(r.code, 0);
  const report = JSON.parse(r.out);
  assert.deepEqual(report.totals, { entries: 11, credit_total: '1430745.72', debit_total: '3574069.11' });
  assert.equal(report.statements[1].opening_balance.signed, '-1970431.87');
  assert.equal(report.statements[0].entries[0].counterparty.iban, 'DE14508800500194785000');
  assert.equal(report.warnings.length, 1);
  assert.equal(report.warnings[0].difference, '-300.08');
});

test('bank inspect without --json prints a German summary with the warning', async () => {
  const r = await run(['inspect', join(corpusDir, 'hbci4java_test-camt-ruecklastschrift.xml')]);
  assert.equal(r.code, 0);
  assert.match(r.out, /Umsatzbericht \(untertägig\) \(camt\.052\.001\.02\)/);
  assert.match(r.out, /-53,00 EUR {2}Sven Schuldner {2}RUECKLASTSCHRIFT Sonstige Gruende {2}Rückgabegrund MS03/);
  assert.match(r.out, /Summe: 1 Buchung\(en\), Haben 0, Soll 53,00/);
  assert.match(r.out, /! Bericht 1 \(camt052_ONLINEBA\): Die Buchungen ergeben einen Endsaldo von 47,00 EUR, der Auszug nennt 100,00 EUR \(Differenz -53,00 EUR\)\./);
});

test('a refused or missing file exits 1 (with a JSON error under --json); usage errors exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bank-cli-'));
  try {
    const bad = join(dir, 'kaputt.xml');
    writeFileSync(bad, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Document/>');
    const j = await run(['inspect', bad, '--json']);
    assert.equal(j.code, 1);
    const report = JSON.parse(j.out);
    assert.equal(report.ok, false);
    assert.equal(report.error.code, 'unsafe_xml');
    assert.match(report.error.message, /^„kaputt\.xml“/);
    const t = await run(['inspect', bad]);
    assert.equal(t.code, 1);
    assert.match(t.err, /^Nicht eingelesen: „kaputt\.xml“/);
    const missing = await run(['inspect', join(dir, 'fehlt.sta'), '--json']);
    assert.equal(missing.code, 1);
    assert.equal(JSON.parse(missing.out).error.code, 'unreadable');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal((await run(['inspect'])).code, 2);
  assert.equal((await run(['export', 'x'])).code, 2);
  assert.equal((await run([])).code, 2);
});
