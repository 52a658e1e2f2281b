// MT940 reading: German :86: dialect, ISO-8859-1, SWIFT blocks, marks RC/RD, dates across the year end, refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDec, inspectReport, readStatementFile, type ReadResult, type StatementFile, type Warning } from './index.ts';

function ok(r: ReadResult): StatementFile & { warnings: Warning[] } {
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return Object.assign(r.file, { warnings: r.warnings });
}
function refused(r: ReadResult) {
  assert.ok(!r.ok, 'expected the file to be refused');
  return r.error;
}
const utf8 = (s: string) => new TextEncoder().encode(s);

const GERMAN = [
  ':20:STARTUMS',
  ':25:37040044/0532013000',
  ':28C:00012/001',
  ':60F:C231229EUR1000,00',
  ':61:2312290102CR150,00NTRFNONREF//BANKREF0001',
  ':86:166?00GUTSCHRIFT?109310?20EREF+KZ-2024-00815?21SVWZ+Kassenzeichen 5.0101.1?2223456.7 Hundesteuer 2024?30COBADEFFXXX?31DE89370400440532013000',
  '?32Müller Äpfelhandel GmbH & C?33o. KG Straßenbau?34997',
  ':61:231229DR20,50N005NONREF//BANKREF0002',
  ':86:105?00BASISLASTSCHRIFT?109248?20EREF+ABC-123?21MREF+M-77?22CRED+DE98ZZZ09999999999?23SVWZ+Abfallgebuehren fuer J?24anuar 2024?30BYLADEM1001?31DE02120300000000202051?32Entsorgung Süd AöR?34000',
  ':61:231229RD5,00NTRFNONREF//BANKREF0003',
  ':86:109?00RUECKLASTSCHRIFT?20SVWZ+Ruecklastschrift AC04?32Max Mustermann',
  ':61:231229RC1,25NMSCNONREF//BANKREF0004',
  ':86:Storno Gutschrift',
  ':62F:C240102EUR1133,25',
  '-',
].join('\r\n');

test('German MT940 in ISO-8859-1 without any declaration: umlauts, SEPA keywords, counterparty, GVC', () => {
  const f = ok(readStatementFile(new Uint8Array(Buffer.from(GERMAN, 'latin1')), 'umsaetze.sta'));
  assert.equal(f.encoding, 'iso-8859-1');
  assert.equal(f.format, 'MT940');
  assert.deepEqual(f.warnings, []);
  const st = f.statements[0]!;
  assert.equal(st.account.bankCode, '37040044');
  assert.equal(st.account.other, '0532013000');
  assert.equal(st.statementNumber, '00012/001');
  const [a, b, c, d] = st.entries;
  const ta = a!.transactions[0]!;
  assert.equal(ta.counterparty?.name, 'Müller Äpfelhandel GmbH & Co. KG Straßenbau');
  assert.equal(ta.counterparty?.iban, 'DE89370400440532013000');
  assert.equal(ta.counterparty?.bic, 'COBADEFFXXX');
  assert.equal(ta.endToEndId, 'KZ-2024-00815');
  assert.deepEqual(ta.remittance, ['Kassenzeichen 5.0101.123456.7 Hundesteuer 2024'], 'Kassenzeichen intact across the ?21/?22 split');
  assert.equal(a!.mt940?.gvc, '166');
  assert.equal(a!.mt940?.bookingText, 'GUTSCHRIFT');
  assert.equal(a!.mt940?.fundsCode, 'R');
  assert.equal(a!.bankTransactionCode?.proprietary, 'NTRF+166+9310+997');
  assert.equal(a!.key, 'ref:0532013000:BANKREF0001');
  // Entry date 0102 after value date 231229 is in the next year.
  assert.equal(a!.valueDate, '2023-12-29');
  assert.equal(a!.bookingDate, '2024-01-02');
  assert.equal(b!.bookingDate, '2023-12-29');

  const tb = b!.transactions[0]!;
  assert.equal(b!.creditDebit, 'DBIT');
  assert.equal(tb.mandateId, 'M-77');
  assert.equal(tb.creditorId, 'DE98ZZZ09999999999');
  assert.equal(tb.counterparty?.name, 'Entsorgung Süd AöR');
  assert.deepEqual(tb.remittance, ['Abfallgebuehren fuer Januar 2024']);
  assert.equal(b!.mt940?.transactionType, 'N005');

  // RD = reversal of a debit, booked as credit; RC = reversal of a credit, booked as debit.
  assert.deepEqual([c!.creditDebit, c!.reversal, c!.mt940?.mark], ['CRDT', true, 'RD']);
  assert.deepEqual([d!.creditDebit, d!.reversal, d!.mt940?.mark], ['DBIT', true, 'RC']);
  assert.deepEqual(d!.transactions[0]!.remittance, ['Storno Gutschrift']);

  const report = inspectReport({ ok: true, file: f, warnings: [] }, 'umsaetze.sta');
  assert.ok(report.ok);
  assert.deepEqual(report.totals, { entries: 4, credit_total: '155.00', debit_total: '21.75' });
});

test('the same file in UTF-8 with LF gives the same statement and entry keys', () => {
  const a = ok(readStatementFile(new Uint8Array(Buffer.from(GERMAN, 'latin1')), 'a.sta'));
  const b = ok(readStatementFile(utf8(GERMAN.replace(/\r\n/g, '\n')), 'b.sta'));
  assert.equal(b.encoding, 'utf-8');
  assert.equal(b.statements[0]!.key, a.statements[0]!.key);
  assert.deepEqual(b.statements[0]!.entries.map((e) => e.key), a.statements[0]!.entries.map((e) => e.key));
});

test('balances that do not add up give a warning with the difference', () => {
  const f = ok(readStatementFile(utf8(GERMAN.replace(':62F:C240102EUR1133,25', ':62F:C240102EUR1100,00')), 'x.sta'));
  assert.equal(f.warnings.length, 1);
  assert.equal(f.warnings[0]!.code, 'balance_mismatch');
  assert.equal(f.warnings[0]!.difference, '33.25');
  assert.match(f.warnings[0]!.message, /Endsaldo von 1\.133,25 EUR, der Auszug nennt 1\.100,00 EUR \(Differenz 33,25 EUR\)/);
});

test('an amount with three decimals is refused, naming file and line', () => {
  const bad = GERMAN.replace(':61:231229DR20,50N005', ':61:231229DR20,505N005');
  const e = refused(readStatementFile(utf8(bad), 'kaputt.sta'));
  assert.equal(e.code, 'invalid_amount');
  assert.equal(e.line, 8);
  assert.match(e.message, /^„kaputt\.sta“, Zeile 8: Umsatzzeile :61:: Ungültiger Betrag: der Betrag „20,505“ hat 3 Nachkommastellen; für EUR sind höchstens 2 erlaubt\.$/);
  assert.equal(refused(readStatementFile(utf8(GERMAN.replace(':60F:C231229EUR1000,00', ':60F:C231229EUR1000,001')), 'k.sta')).line, 4);
});

test('unreadable lines are refused with their line number', () => {
  assert.equal(refused(readStatementFile(utf8(GERMAN.replace(':61:231229DR20,50N005', ':61:231229XX20,50N005')), 'k.sta')).line, 8);
  assert.equal(refused(readStatementFile(utf8(GERMAN.replace(':61:231229DR20,50N005', ':61:231329DR20,50N005')), 'k.sta')).code, 'invalid_value');
  assert.equal(refused(readStatementFile(utf8(GERMAN.replace(':61:231229DR20,50N005', ':61:231229DR2050N005')), 'k.sta')).code, 'invalid_amount');
  assert.equal(refused(readStatementFile(utf8(GERMAN.replace(':60F:C231229EUR1000,00', ':60F:C231229EUR1000').replace(':62F:C240102EUR1133,25', ':62F:C240102EUR1133')), 'k.sta')).code, 'invalid_amount');
  const noBalance = ':20:X\n:25:123/456\n:61:2401020102C1,00NTRFNONREF\n:86:x\n-';
  assert.equal(refused(readStatementFile(utf8(noBalance), 'k.sta')).code, 'missing_value');
});

test('SWIFT header blocks, several statements, "@@" line separators and statement-level :86:', () => {
  const swift = [
    '{1:F01COBADEFFAXXX0000000000}{2:O9401200240102COBADEFFAXXX00000000002401021200N}{4:',
    ':20:940-1',
    ':25:COBADEFFXXX/DE89370400440532013000',
    ':28C:1/1',
    ':60F:D240101EUR10,00',
    ':61:240102C10,00NTRFNONREF',
    ':86:166?00GUTSCHRIFT?20SVWZ+Ausgleich',
    ':62F:C240102EUR0,00',
    ':86:Saldeninformation',
    '-}{5:{CHK:123456789ABC}}',
    '{1:F01COBADEFFAXXX0000000000}{2:O9401200240103COBADEFFAXXX00000000002401031200N}{4:',
    ':20:940-2',
    ':25:COBADEFFXXX/DE89370400440532013000',
    ':28C:2/1',
    ':60F:C240102EUR0,00',
    ':62F:C240103EUR0,00',
    '-}',
  ];
  const f = ok(readStatementFile(utf8(swift.join('\n')), 's.sta'));
  assert.equal(f.statements.length, 2);
  const [s1, s2] = f.statements;
  assert.equal(s1!.account.iban, 'DE89370400440532013000');
  assert.equal(s1!.account.bic, 'COBADEFFXXX');
  assert.equal(s1!.entries.length, 1);
  assert.deepEqual(s1!.entries[0]!.transactions[0]!.remittance, ['Ausgleich']);
  assert.deepEqual(s1!.additionalInfo, ['Saldeninformation']);
  assert.equal(s2!.entries.length, 0);
  assert.notEqual(s1!.key, s2!.key);
  assert.deepEqual(f.warnings, []);

  const at = ok(readStatementFile(utf8(':20:A@@:25:12345678/99@@:28C:1@@:60F:C240102EUR5,00@@:61:240102D5,NMSCNONREF@@:86:Gebuehr@@:62F:C240102EUR0,00@@-'), 'at.sta'));
  assert.equal(formatDec(at.statements[0]!.entries[0]!.amount), '5');
  assert.deepEqual(at.warnings, []);
});

test('Dutch structured :86: (/EREF/…/CNTP/…/REMI/…) is understood', () => {
  const nl = [
    ':20:ING',
    ':25:NL91ABNA0417164300EUR',
    ':28C:1',
    ':60F:C240102EUR100,00',
    ':61:240102D12,34NDDTEREF//0001',
    ':86:/EREF/ref-42//MARF/MANDATE-9//CSID/NL98ZZZ999999999999//CNTP/NL69INGB0123456789/INGBNL2A/Energie B.V./AMSTERDAM//REMI/USTD//Factuur 2024-001/',
    ':62F:C240102EUR87,66',
    '-',
  ].join('\n');
  const f = ok(readStatementFile(utf8(nl), 'nl.sta'));
  assert.equal(f.statements[0]!.account.iban, 'NL91ABNA0417164300');
  assert.equal(f.statements[0]!.account.currency, 'EUR');
  const t = f.statements[0]!.entries[0]!.transactions[0]!;
  assert.equal(t.endToEndId, 'ref-42');
  assert.equal(t.mandateId, 'MANDATE-9');
  assert.equal(t.creditorId, 'NL98ZZZ999999999999');
  assert.deepEqual([t.counterparty?.iban, t.counterparty?.bic, t.counterparty?.name], ['NL69INGB0123456789', 'INGBNL2A', 'Energie B.V.']);
  assert.deepEqual(t.remittance, ['Factuur 2024-001']);
  assert.deepEqual(f.warnings, []);
});
