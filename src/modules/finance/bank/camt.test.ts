// camt.052/053/054 reading: versions, hostile and broken XML, amounts, batches, returns, keys and balance checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sharedData } from '../../../testing/shared-data.ts';
import { formatDec, inspectReport, readStatementFile, STATEMENT_MAX_BYTES, type ReadResult, type StatementFile } from './index.ts';

const corpus = (() => {
  const dir = sharedData('corpora/bank');
  return (name: string) => readFileSync(resolve(dir, name));
})();

const bytes = (s: string) => new TextEncoder().encode(s);

function ok(r: ReadResult): StatementFile & { warnings: NonNullable<Extract<ReadResult, { ok: true }>['warnings']> } {
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return Object.assign(r.file, { warnings: r.warnings });
}

function refused(r: ReadResult) {
  assert.ok(!r.ok, 'expected the file to be refused');
  return r.error;
}

interface E {
  amt: string;
  cd?: 'CRDT' | 'DBIT';
  sts?: string;
  ref?: string;
  ustrd?: string[];
  name?: string;
  iban?: string;
  ccy?: string;
  extra?: string;
}

/** A small camt.053 in the layout of the given version (v02–v06 text status and plain parties, v08+ <Cd> and <Pty>). */
function camt053(o: { version?: string; kind?: string; entries: E[]; opening?: string; closing?: string; createdAt?: string; decl?: string; iban?: string }): string {
  const version = o.version ?? '001.02';
  const modern = Number(version.slice(4)) >= 8;
  const kind = o.kind ?? 'camt.053';
  const bal = (tp: string, amt: string) =>
    `<Bal><Tp><CdOrPrtry><Cd>${tp}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${amt.replace('-', '')}</Amt><CdtDbtInd>${amt.startsWith('-') ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>`;
  const party = (tag: string, name: string) => (modern ? `<${tag}><Pty><Nm>${name}</Nm></Pty></${tag}>` : `<${tag}><Nm>${name}</Nm></${tag}>`);
  const entries = o.entries
    .map((e) => {
      const cd = e.cd ?? 'CRDT';
      const who = cd === 'CRDT' ? 'Dbtr' : 'Cdtr';
      return `<Ntry><Amt Ccy="${e.ccy ?? 'EUR'}">${e.amt}</Amt><CdtDbtInd>${cd}</CdtDbtInd>${modern ? `<Sts><Cd>${e.sts ?? 'BOOK'}</Cd></Sts>` : `<Sts>${e.sts ?? 'BOOK'}</Sts>`}<BookgDt><Dt>2024-03-01</Dt></BookgDt><ValDt><Dt>2024-03-01</Dt></ValDt>${e.ref ? `<AcctSvcrRef>${e.ref}</AcctSvcrRef>` : ''}<BkTxCd><Prtry><Cd>NTRF+166+9310+997</Cd><Issr>DK</Issr></Prtry></BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>E2E-${e.amt}</EndToEndId></Refs><RltdPties>${party(who, e.name ?? 'Erika Mustermann')}<${who}Acct><Id><IBAN>${e.iban ?? 'DE02120300000000202051'}</IBAN></Id></${who}Acct></RltdPties><RmtInf>${(e.ustrd ?? []).map((u) => `<Ustrd>${u}</Ustrd>`).join('')}</RmtInf></TxDtls></NtryDtls>${e.extra ?? ''}</Ntry>`;
    })
    .join('\n');
  const root = { 'camt.052': ['BkToCstmrAcctRpt', 'Rpt'], 'camt.053': ['BkToCstmrStmt', 'Stmt'], 'camt.054': ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'] }[kind] ?? ['BkToCstmrStmt', 'Stmt'];
  return `${o.decl ?? '<?xml version="1.0" encoding="UTF-8"?>'}
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:${kind}.${version}">
<${root[0]}>
<GrpHdr><MsgId>MSG1</MsgId><CreDtTm>2024-03-02T06:00:00+01:00</CreDtTm></GrpHdr>
<${root[1]}>
<Id>STMT-2024-03-01</Id><ElctrncSeqNb>61</ElctrncSeqNb><CreDtTm>${o.createdAt ?? '2024-03-02T06:00:00+01:00'}</CreDtTm>
<Acct><Id><IBAN>${o.iban ?? 'DE89370400440532013000'}</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>Gemeinde Bützow</Nm></Ownr></Acct>
${o.opening !== undefined ? bal('OPBD', o.opening) : ''}
${o.closing !== undefined ? bal('CLBD', o.closing) : ''}
${entries}
</${root[1]}>
</${root[0]}>
</Document>`;
}

test('every supported version (001.02 to 001.13) and message kind is read, in both layouts', () => {
  for (const kind of ['camt.052', 'camt.053', 'camt.054']) {
    for (const v of ['02', '04', '06', '08', '10', '13']) {
      const f = ok(readStatementFile(bytes(camt053({ kind, version: `001.${v}`, opening: '100.00', closing: '110.50', entries: [{ amt: '10.50', name: 'Max Müller', ustrd: ['Hundesteuer 2024'] }] })), 'x.xml'));
      assert.equal(f.format, `${kind}.001.${v}`);
      const e = f.statements[0]!.entries[0]!;
      assert.equal(e.status, 'BOOK');
      assert.equal(e.transactions[0]!.counterparty?.name, 'Max Müller');
      assert.equal(e.transactions[0]!.counterparty?.iban, 'DE02120300000000202051');
      assert.deepEqual(f.warnings, []);
    }
  }
});

test('unknown versions and other ISO 20022 messages are refused with a clear message', () => {
  const v99 = refused(readStatementFile(bytes(camt053({ version: '001.99', entries: [] })), 'auszug.xml'));
  assert.equal(v99.code, 'unknown_version');
  assert.match(v99.message, /^„auszug\.xml“: .*camt\.053\.001\.99 wird nicht unterstützt/);

  const pain = `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn><GrpHdr/></CstmrCdtTrfInitn></Document>`;
  const e = refused(readStatementFile(bytes(pain), 'ueberweisung.xml'));
  assert.equal(e.code, 'unknown_message');
  assert.match(e.message, /pain\.001\.001\.03 ist kein Kontoauszug/);

  assert.equal(refused(readStatementFile(bytes(camt053({ kind: 'camt.056', entries: [] })), 'r.xml')).code, 'unknown_message');
  assert.equal(refused(readStatementFile(bytes('<rechnung><betrag>1</betrag></rechnung>'), 'r.xml')).code, 'unknown_format');
  assert.equal(refused(readStatementFile(bytes('Hallo Welt'), 'r.txt')).code, 'unknown_format');
  // Namespace says camt.053, but the message element is a report.
  const mixed = camt053({ entries: [] }).replace(/BkToCstmrStmt/g, 'BkToCstmrAcctRpt');
  assert.equal(refused(readStatementFile(bytes(mixed), 'm.xml')).code, 'malformed');
});

test('external entities and entity expansion (billion laughs) are refused before parsing', () => {
  const xxe = `<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&x;</Id></Stmt></BkToCstmrStmt></Document>`;
  const e1 = refused(readStatementFile(bytes(xxe), 'xxe.xml'));
  assert.equal(e1.code, 'unsafe_xml');
  assert.equal(e1.line, 2);
  assert.match(e1.message, /^„xxe\.xml“, Zeile 2: .*DOCTYPE/);

  const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><Document><BkToCstmrStmt><Stmt><Id>&lol3;</Id></Stmt></BkToCstmrStmt></Document>`;
  assert.equal(refused(readStatementFile(bytes(lol), 'lol.xml')).code, 'unsafe_xml');
});

test('truncated and malformed XML is refused with line and column', () => {
  const full = corpus('genkgo_camt053.v2.multi.statement.xml').toString('utf8');
  const cut = full.slice(0, Math.floor(full.length / 2));
  const e = refused(readStatementFile(bytes(cut), 'halb.xml'));
  assert.equal(e.code, 'malformed');
  assert.ok(e.line && e.line > 1, 'a line is named');
  assert.match(e.message, /^„halb\.xml“, Zeile \d+, Spalte \d+: /);

  const deep = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">${'<a>'.repeat(20000)}${'</a>'.repeat(20000)}</Document>`;
  assert.equal(refused(readStatementFile(bytes(deep), 'tief.xml')).code, 'malformed');
});

test('gigantic and empty files are refused', () => {
  const big = new Uint8Array(STATEMENT_MAX_BYTES + 1).fill(0x20);
  big[0] = 0x3c;
  const e = refused(readStatementFile(big, 'riesig.xml'));
  assert.equal(e.code, 'too_large');
  assert.match(e.message, /^„riesig\.xml“: Die Datei ist zu groß/);
  assert.equal(refused(readStatementFile(new Uint8Array(0), 'leer.xml')).code, 'empty');
  assert.equal(refused(readStatementFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'c53.zip')).code, 'unknown_format');
});

test('an amount with three decimals in EUR is refused, naming the line and column of the <Amt>', () => {
  const xml = camt053({ opening: '0.00', closing: '10.005', entries: [{ amt: '10.00' }, { amt: '10.005' }] });
  const e = refused(readStatementFile(bytes(xml), 'drei.xml'));
  assert.equal(e.code, 'invalid_amount');
  const lines = xml.split('\n');
  // The closing balance comes first in the file and is the first bad amount.
  const lineNo = lines.findIndex((l) => l.includes('<Amt Ccy="EUR">10.005</Amt>')) + 1;
  assert.equal(e.line, lineNo);
  assert.equal(e.column, lines[lineNo - 1]!.indexOf('<Amt Ccy="EUR">10.005') + 1);
  assert.match(e.message, new RegExp(`^„drei\\.xml“, Zeile ${lineNo}, Spalte \\d+: Auszug 1, Saldo 2 \\(CLBD\\).*„10\\.005“ hat 3 Nachkommastellen; für EUR sind höchstens 2 erlaubt`));

  const inEntry = refused(readStatementFile(bytes(camt053({ entries: [{ amt: '1.50' }, { amt: '7.129' }] })), 'e.xml'));
  assert.match(inEntry.message, /Auszug 1, Buchung 2, Betrag: Ungültiger Betrag/);
  assert.equal(refused(readStatementFile(bytes(camt053({ entries: [{ amt: '-5.00' }] })), 'e.xml')).code, 'invalid_amount');
  assert.equal(refused(readStatementFile(bytes(camt053({ entries: [{ amt: '1,234.00' }] })), 'e.xml')).code, 'invalid_amount');
  // Currencies with other minor units: JPY has none, KWD three.
  assert.equal(formatDec(ok(readStatementFile(bytes(camt053({ entries: [{ amt: '2700', ccy: 'JPY' }] })), 'j.xml')).statements[0]!.entries[0]!.amount), '2700');
  assert.equal(refused(readStatementFile(bytes(camt053({ entries: [{ amt: '2700.5', ccy: 'JPY' }] })), 'j.xml')).code, 'invalid_amount');
  assert.equal(formatDec(ok(readStatementFile(bytes(camt053({ entries: [{ amt: '1.234', ccy: 'KWD' }] })), 'k.xml')).statements[0]!.entries[0]!.amount), '1.234');
});

test('balances that do not add up import with a warning naming the difference', () => {
  const f = ok(readStatementFile(bytes(camt053({ opening: '1000.00', closing: '1200.00', entries: [{ amt: '250.00' }, { amt: '15.44', cd: 'DBIT' }] })), 'a.xml'));
  assert.equal(f.warnings.length, 1);
  const w = f.warnings[0]!;
  assert.equal(w.code, 'balance_mismatch');
  assert.equal(w.difference, '34.56');
  assert.equal(w.message, 'Auszug 1 (STMT-2024-03-01): Die Buchungen ergeben einen Endsaldo von 1.234,56 EUR, der Auszug nennt 1.200,00 EUR (Differenz 34,56 EUR).');

  // Debit balances are negative; pending entries are not part of the booked balance (but count in the totals).
  const g = ok(readStatementFile(bytes(camt053({ opening: '-10.00', closing: '-4.50', entries: [{ amt: '5.50' }, { amt: '99.00', sts: 'PDNG' }] })), 'b.xml'));
  assert.deepEqual(g.warnings, []);
  const report = inspectReport({ ok: true, file: g, warnings: g.warnings }, 'b.xml');
  assert.ok(report.ok);
  assert.deepEqual(report.totals, { entries: 2, credit_total: '104.50', debit_total: '0' });
});

test('an entry with several transactions (batch booking, camt.054) keeps each transaction', () => {
  const f = ok(readStatementFile(corpus('genkgo_camt054.v8.xml'), 'camt054.xml'));
  assert.equal(f.kind, 'camt.054');
  const st = f.statements[0]!;
  assert.equal(st.kind, 'notification');
  const e = st.entries[0]!;
  assert.equal(e.batchCount, 2);
  assert.equal(e.bankReference, 'ACSR160617103200001');
  assert.equal(e.key, 'ref:CH2801234000123456789:ACSR160617103200001');
  assert.deepEqual(e.bankTransactionCode, { domain: 'PMNT', family: 'ICDT', subFamily: 'DMCT', proprietary: 'Z24', issuer: null });
  assert.equal(e.transactions.length, 3);
  // A debit: the counterparty is the creditor of each transaction.
  assert.deepEqual(e.transactions.map((t) => [t.counterparty?.name, t.counterparty?.iban, t.endToEndId, t.amount && formatDec(t.amount)]), [
    ['Example Creditor 3 - V1', 'CH4112345003131313131', 'UXC06170000006PI00001EE00001', '3.1'],
    ['Example Creditor 3 - V2', 'CH7212345003232323232', 'UXC06170000006PI00001EE00002', '3.2'],
    ['Example Creditor 3 - V3', 'CH7212345003232323232', 'UXC06170000006PI00001EE00002', '3.2'],
  ]);
  assert.deepEqual(e.transactions[2]!.structured.map((s) => [s.type, s.ref]), [
    ['SCOR', 'Ref number V3 block 1'],
    ['SCOR', 'Ref number V3 block 2'],
  ]);
  assert.equal(e.transactions[1]!.counterparty?.bic, 'BANKCHBE');
  const report = inspectReport({ ok: true, file: f, warnings: [] }, 'camt054.xml');
  assert.ok(report.ok);
  const entry = report.statements[0]!.entries as unknown as { counterparty: unknown; transactions: unknown[] }[];
  assert.equal(entry[0]!.counterparty, null, 'a batch has no single counterparty');
  assert.equal(entry[0]!.transactions.length, 3);
});

test('a returned direct debit (Rücklastschrift) surfaces return reason, original debtor and mandate', () => {
  const f = ok(readStatementFile(corpus('hbci4java_test-camt-ruecklastschrift.xml'), 'rl.xml'));
  assert.equal(f.kind, 'camt.052');
  const st = f.statements[0]!;
  assert.equal(st.kind, 'report');
  const e = st.entries[0]!;
  assert.equal(e.creditDebit, 'DBIT');
  assert.equal(e.key.startsWith('hash:'), true, 'NONREF is no reference');
  const t = e.transactions[0]!;
  assert.equal(t.returnInfo?.reason, 'MS03');
  assert.deepEqual(t.returnInfo?.additionalInfo, ['RUECKLASTSCHRIFT Sonstige Gruende']);
  assert.equal(t.counterparty?.name, 'Sven Schuldner', 'the debtor of the returned direct debit, not ourselves');
  assert.equal(t.mandateId, 'TEST1234');
  assert.equal(t.creditorId, 'DEE1234567890');
  assert.equal(formatDec(t.instructedAmount!), '50.00');
  assert.deepEqual(t.charges.map((c) => formatDec(c.amount)), ['3.00', '0.00']);
  assert.equal(f.warnings[0]?.code, 'balance_mismatch');
  assert.equal(f.warnings[0]?.difference, '-53.00');
  const report = inspectReport({ ok: true, file: f, warnings: f.warnings }, 'rl.xml');
  assert.ok(report.ok);
  const entry = report.statements[0]!.entries as unknown as Record<string, unknown>[];
  assert.equal(entry[0]!.return_reason, 'MS03');
  assert.equal(entry[0]!.returned, true);
});

test('reversals (RvslInd) are flagged and take the counterparty of the original transaction', () => {
  const xml = camt053({ opening: '100.00', closing: '80.00', entries: [{ amt: '20.00', cd: 'DBIT', name: 'Zahler GmbH', extra: '' }] })
    .replace('<CdtDbtInd>DBIT</CdtDbtInd><Sts>', '<CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>')
    .replace('<Cdtr><Nm>Zahler GmbH</Nm></Cdtr><CdtrAcct>', '<Dbtr><Nm>Zahler GmbH</Nm></Dbtr><DbtrAcct>')
    .replace('</CdtrAcct>', '</DbtrAcct>');
  const f = ok(readStatementFile(bytes(xml), 'storno.xml'));
  const e = f.statements[0]!.entries[0]!;
  assert.equal(e.reversal, true);
  assert.equal(e.transactions[0]!.counterparty?.name, 'Zahler GmbH');
  assert.deepEqual(f.warnings, []);
});

test('remittance text with a Kassenzeichen is preserved exactly, entities decoded', () => {
  const text = 'Kassenzeichen 5.0101.123456.7 / KZ-2024 00815 Grundsteuer Q1 &amp; Müllgebühr';
  const f = ok(readStatementFile(bytes(camt053({ entries: [{ amt: '123.45', ustrd: [text, 'Zeile 2'] }] })), 'kz.xml'));
  const t = f.statements[0]!.entries[0]!.transactions[0]!;
  assert.deepEqual(t.remittance, ['Kassenzeichen 5.0101.123456.7 / KZ-2024 00815 Grundsteuer Q1 & Müllgebühr', 'Zeile 2']);
  const report = inspectReport({ ok: true, file: f, warnings: [] }, 'kz.xml');
  assert.ok(report.ok);
  assert.equal((report.statements[0]!.entries as unknown as { remittance: string }[])[0]!.remittance, 'Kassenzeichen 5.0101.123456.7 / KZ-2024 00815 Grundsteuer Q1 & Müllgebühr Zeile 2');
});

test('ISO-8859-1 camt without XML declaration is decoded (umlauts in names)', () => {
  const xml = camt053({ decl: '', entries: [{ amt: '1.00', name: 'Jürgen Weiß', ustrd: ['Gebühr Straßenreinigung'] }] });
  const f = ok(readStatementFile(new Uint8Array(Buffer.from(xml, 'latin1')), 'latin1.xml'));
  assert.equal(f.encoding, 'iso-8859-1');
  assert.equal(f.statements[0]!.account.owner, 'Gemeinde Bützow');
  assert.equal(f.statements[0]!.entries[0]!.transactions[0]!.counterparty?.name, 'Jürgen Weiß');
  assert.deepEqual(f.statements[0]!.entries[0]!.transactions[0]!.remittance, ['Gebühr Straßenreinigung']);
});

test('entry and statement keys: bank reference when unique, else content hash with occurrence; statements by id and time', () => {
  const xml = camt053({ entries: [{ amt: '5.00', ref: 'BANKREF-1' }, { amt: '7.00', ref: 'NONREF' }, { amt: '7.00', ref: 'NONREF' }, { amt: '9.00', ref: 'DUP' }, { amt: '9.50', ref: 'DUP' }] });
  const a = ok(readStatementFile(bytes(xml), 'a.xml')).statements[0]!;
  assert.equal(a.entries[0]!.key, 'ref:DE89370400440532013000:BANKREF-1');
  assert.match(a.entries[1]!.key, /^hash:[0-9a-f]{64}#0$/);
  assert.equal(a.entries[2]!.key, a.entries[1]!.key.replace(/#0$/, '#1'), 'identical entries are told apart by occurrence');
  assert.ok(a.entries[3]!.key.startsWith('hash:') && a.entries[4]!.key.startsWith('hash:'), 'a reference used twice is not unique');
  assert.equal(new Set(a.entries.map((e) => e.key)).size, 5);

  // The same statement from another download (new message wrapper, different whitespace) has the same key.
  const b = ok(readStatementFile(bytes(xml.replace('<MsgId>MSG1</MsgId>', '<MsgId>MSG2</MsgId>').replace(/\n/g, '\r\n')), 'b.xml')).statements[0]!;
  assert.equal(b.key, a.key);
  assert.equal(b.contentHash, a.contentHash);
  assert.deepEqual(b.entries.map((e) => e.key), a.entries.map((e) => e.key));
  // A new intraday report with the same id but another creation time is another statement.
  const c = ok(readStatementFile(bytes(camt053({ createdAt: '2024-03-02T12:00:00+01:00', entries: [{ amt: '5.00', ref: 'BANKREF-1' }] })), 'c.xml')).statements[0]!;
  assert.notEqual(c.key, a.key);
  assert.equal(c.entries[0]!.key, a.entries[0]!.key, 'the entry is still recognised');
});

test('closing balance in another currency is warned about, not an error (genkgo fixture)', () => {
  const f = ok(readStatementFile(corpus('genkgo_camt053.v2.minimal.xml'), 'g.xml'));
  assert.equal(f.warnings.length, 1);
  assert.equal(f.warnings[0]!.code, 'balance_currency');
  assert.match(f.warnings[0]!.message, /Anfangssaldo ist in EUR angegeben, der Endsaldo in SEK/);
});

test('v08 HypoVereinsbank report without XML declaration: parties in <Pty>, BICFI, Domn and DK codes', () => {
  const f = ok(readStatementFile(corpus('libfintx_Camt052_Hypo_Vereinsbank.xml'), 'hvb.xml'));
  const st = f.statements[0]!;
  assert.equal(st.account.owner, 'Herrn Heinz Schmidt');
  assert.equal(st.account.bic, 'HYVEDEMM447');
  const e = st.entries[0]!;
  assert.equal(e.key, 'ref:DE68750200730123456789:0935890014004836');
  const t = e.transactions[0]!;
  assert.equal(t.counterparty?.name, 'Cindy + Michael Lind GbR');
  assert.equal(t.counterparty?.iban, 'DE41300500000001484310');
  assert.equal(t.counterparty?.bic, 'WELADEDDXXX');
  assert.equal(t.creditorId, 'DE16RPA00000020245');
  assert.equal(t.mandateId, '556721');
  assert.equal(t.ultimateCreditor?.name, 'NAHKAUF M.LIND + C.LIND GBR//Berlin/DE');
  assert.equal(t.bankTransactionCode?.proprietary, 'NMSC+106+19');
  assert.equal(t.purpose, 'IDCP');
});

test('prefixed namespaces, a report closing with its interim booked balance, and pagination', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<n:Document xmlns:n="urn:iso:std:iso:20022:tech:xsd:camt.052.001.04"><n:BkToCstmrAcctRpt><n:GrpHdr><n:MsgId>R1</n:MsgId><n:MsgPgntn><n:PgNb>1</n:PgNb><n:LastPgInd>false</n:LastPgInd></n:MsgPgntn></n:GrpHdr>
<n:Rpt><n:Id>R1</n:Id><n:Acct><n:Id><n:IBAN>DE89370400440532013000</n:IBAN></n:Id></n:Acct>
<n:Bal><n:Tp><n:CdOrPrtry><n:Cd>PRCD</n:Cd></n:CdOrPrtry></n:Tp><n:Amt Ccy="EUR">10.00</n:Amt><n:CdtDbtInd>CRDT</n:CdtDbtInd><n:Dt><n:Dt>2024-03-01</n:Dt></n:Dt></n:Bal>
<n:Bal><n:Tp><n:CdOrPrtry><n:Cd>ITBD</n:Cd></n:CdOrPrtry></n:Tp><n:Amt Ccy="EUR">12.00</n:Amt><n:CdtDbtInd>CRDT</n:CdtDbtInd><n:Dt><n:DtTm>2024-03-02T12:00:00</n:DtTm></n:Dt></n:Bal>
<n:Ntry><n:Amt Ccy="EUR">3.00</n:Amt><n:CdtDbtInd>CRDT</n:CdtDbtInd><n:Sts>BOOK</n:Sts></n:Ntry>
</n:Rpt></n:BkToCstmrAcctRpt></n:Document>`;
  const f = ok(readStatementFile(bytes(xml), 'p.xml'));
  assert.equal(f.format, 'camt.052.001.04');
  assert.deepEqual(f.warnings.map((w) => [w.code, w.difference]), [
    ['incomplete_statement', undefined],
    ['balance_mismatch', '1.00'],
  ]);
  assert.equal(f.statements[0]!.balances[1]!.date, '2024-03-02');
});
