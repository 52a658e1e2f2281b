// The shared bank corpus (../shared/corpora/bank): every file must be read and reproduce the manifest's numbers exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sharedData } from '../../../testing/shared-data.ts';
import { formatDec, inspectReport, readStatementFile, sum, type Entry, type Statement } from './index.ts';

const SUBDIR = 'shared/corpora/bank';

function corpusDir(): string {
  return sharedData(SUBDIR.replace(/^shared\//, ''));
}

interface ManifestBalance {
  type: string;
  amount: string;
  currency: string;
  cdt_dbt: string;
  date: string;
}
interface ManifestStatement {
  // camt
  id?: string;
  account_iban?: string;
  account_currency?: string | null;
  balances?: ManifestBalance[];
  entries?: number;
  entry_status_counts?: Record<string, number>;
  reversal_entries?: number;
  tx_details?: number;
  tx_with_structured_remittance?: number;
  total_credit_CRDT?: string;
  total_debit_DBIT?: string;
  first_remittance_lines?: string[];
  // MT940
  ref_20?: string;
  n61?: number;
  account_25?: string;
  statement_no_28C?: string;
  opening_60F?: string;
  closing_62F?: string;
  first_86?: string;
  sum_C?: string;
  sum_D?: string;
  sum_RC?: string;
  sum_RD?: string;
  balance_check_opening_plus_credit_minus_debit_eq_closing?: boolean;
}
interface ManifestFile {
  file: string;
  parsed: { format: string; statements: ManifestStatement[]; entries_total: number; total_credit: string; total_debit: string; tx_details_total?: number };
}

const dir = corpusDir();
const manifest = JSON.parse(readFileSync(resolve(dir, 'manifest.json'), 'utf8')) as { files: ManifestFile[] };

const sumOf = (entries: Entry[]) => formatDec(sum(entries.map((e) => e.amount)));

test('the manifest lists every statement file of the corpus', () => {
  const onDisk = readdirSync(dir).filter((f) => f !== 'manifest.json' && f !== 'README.md').sort();
  assert.deepEqual(manifest.files.map((f) => f.file).sort(), onDisk);
  assert.equal(onDisk.length, 10);
});

for (const m of manifest.files) {
  test(`corpus ${m.file}: totals, statements and balance warnings as in the manifest`, () => {
    const result = readStatementFile(readFileSync(resolve(dir, m.file)), m.file);
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    const report = inspectReport(result, m.file);
    assert.ok(report.ok);
    assert.equal(report.format, m.parsed.format);
    assert.equal(report.totals.entries, m.parsed.entries_total);
    assert.equal(report.totals.credit_total, m.parsed.total_credit);
    assert.equal(report.totals.debit_total, m.parsed.total_debit);

    const statements = result.file.statements;
    assert.equal(statements.length, m.parsed.statements.length);
    if (m.parsed.tx_details_total !== undefined) assert.equal(statements.flatMap((s) => s.entries.flatMap((e) => e.transactions)).length, m.parsed.tx_details_total);

    const balanceWarnings = new Set(result.warnings.filter((w) => w.code === 'balance_mismatch' || w.code === 'balance_currency' || w.code === 'entry_currency').map((w) => w.statement));
    m.parsed.statements.forEach((ms, i) => {
      const st: Statement = statements[i]!;
      if (m.parsed.format === 'MT940') checkMt940(st, ms);
      else checkCamt(st, ms);
      assert.equal(balanceWarnings.has(i), ms.balance_check_opening_plus_credit_minus_debit_eq_closing === false, `balance warning for statement ${i + 1}`);
      // Stable identities for the importer's "same statement twice" check.
      assert.match(st.key, /^[0-9a-f]{64}$/);
      assert.equal(new Set(st.entries.map((e) => e.key)).size, st.entries.length);
    });

    // Reading again gives the same keys (the importer relies on it).
    const again = readStatementFile(readFileSync(resolve(dir, m.file)), m.file);
    assert.ok(again.ok);
    assert.deepEqual(
      again.file.statements.map((s) => [s.key, s.contentHash, s.entries.map((e) => e.key)]),
      statements.map((s) => [s.key, s.contentHash, s.entries.map((e) => e.key)]),
    );
  });
}

function checkCamt(st: Statement, ms: ManifestStatement): void {
  assert.equal(st.id, ms.id);
  assert.equal(st.account.iban, ms.account_iban);
  assert.equal(st.account.currency, ms.account_currency);
  assert.deepEqual(
    st.balances.map((b) => ({ type: b.type, amount: formatDec(b.amount), currency: b.currency, cdt_dbt: b.creditDebit, date: b.date })),
    ms.balances,
  );
  assert.equal(st.entries.length, ms.entries);
  const statusCounts: Record<string, number> = {};
  for (const e of st.entries) statusCounts[e.status ?? 'null'] = (statusCounts[e.status ?? 'null'] ?? 0) + 1;
  assert.deepEqual(statusCounts, ms.entry_status_counts);
  assert.equal(st.entries.filter((e) => e.reversal).length, ms.reversal_entries);
  const txs = st.entries.flatMap((e) => e.transactions);
  assert.equal(txs.length, ms.tx_details);
  assert.equal(txs.filter((t) => t.structured.length > 0).length, ms.tx_with_structured_remittance);
  assert.equal(sumOf(st.entries.filter((e) => e.creditDebit === 'CRDT')), ms.total_credit_CRDT);
  assert.equal(sumOf(st.entries.filter((e) => e.creditDebit === 'DBIT')), ms.total_debit_DBIT);
  const lines = txs.flatMap((t) => t.remittance);
  assert.deepEqual(lines.slice(0, ms.first_remittance_lines!.length), ms.first_remittance_lines);
}

function checkMt940(st: Statement, ms: ManifestStatement): void {
  assert.equal(st.id, ms.ref_20);
  assert.equal(st.entries.length, ms.n61);
  assert.equal(st.account.raw, ms.account_25);
  assert.equal(st.statementNumber, ms.statement_no_28C);
  assert.equal(st.balances.find((b) => b.type === 'OPBD')?.raw, ms.opening_60F);
  // The manifest's reader kept the "-" terminator line in the last field.
  assert.equal(st.balances.find((b) => b.type === 'CLBD')?.raw, ms.closing_62F!.split('\n')[0]);
  const byMark = (mark: string) => sumOf(st.entries.filter((e) => e.mt940?.mark === mark));
  assert.equal(byMark('C'), ms.sum_C);
  assert.equal(byMark('D'), ms.sum_D);
  assert.equal(byMark('RC'), ms.sum_RC);
  assert.equal(byMark('RD'), ms.sum_RD);
  // The manifest keeps the beginning of the first :86: (stripped, cut after about 150 characters).
  const raw86 = st.entries[0]!.mt940!.raw86!.trim();
  assert.ok(raw86.startsWith(ms.first_86!.trim()), `first :86: ${JSON.stringify(raw86)} does not start with the manifest's`);
}
