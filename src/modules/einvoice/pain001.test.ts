// pain.001.001.09 SEPA credit transfers: structure and element order, exact control sums from cents, the SEPA
// character set, length limits, and refusal (with German messages naming the payment) of input a bank would reject.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, childrenNamed, parseXml, type XmlElement } from '../../kernel/index.ts';
import { buildPain001, ibanProblem, isValidIban, Pain001Error, pain001Problems, PAIN001_NAMESPACE, sepaText, type Pain001Options, type Pain001Payment } from './pain001.ts';

const DEBTOR = { name: 'Gemeinde Bützow – Stadtkasse', iban: 'DE02120300000000202051' };

function payment(n: number, o: Partial<Pain001Payment> = {}): Pain001Payment {
  return { endToEndId: `R-2026-${n}`, amountCents: 100 * n, creditorName: `Lieferant ${n} GmbH`, creditorIban: 'DE89370400440532013000', remittance: `Rechnung R-2026-${n}`, ...o };
}

function opts(payments: Pain001Payment[], o: Partial<Pain001Options> = {}): Pain001Options {
  return { messageId: 'ZL-2026-03-07-1', createdAt: new Date('2026-03-07T09:30:00Z'), debtor: DEBTOR, executionDate: '2026-03-09', payments, ...o };
}

function parse(xmlText: string): XmlElement {
  return parseXml(xmlText);
}

function txs(root: XmlElement): XmlElement[] {
  return childrenNamed(at(root, 'CstmrCdtTrfInitn', 'PmtInf')!, 'CdtTrfTxInf');
}

function refused(o: Pain001Options): Pain001Error {
  try {
    buildPain001(o);
  } catch (e) {
    assert.ok(e instanceof Pain001Error, String(e));
    return e;
  }
  assert.fail('expected the file to be refused');
}

test('a valid pain.001.001.09 document: header, one batch, exact control sums', () => {
  const out = buildPain001(
    opts([
      payment(1, { amountCents: 10 }),
      payment(2, { amountCents: 20n, creditorBic: 'COBADEFFXXX', creditorIban: 'de89 3704 0044 0532 0130 00' }),
    ]),
  );
  const root = parse(out);
  assert.equal(root.name, 'Document');
  assert.equal(root.ns, PAIN001_NAMESPACE);
  assert.equal(PAIN001_NAMESPACE, 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
  const init = at(root, 'CstmrCdtTrfInitn')!;
  assert.deepEqual(init.children.map((c) => c.name), ['GrpHdr', 'PmtInf']);
  const hdr = at(init, 'GrpHdr')!;
  assert.deepEqual(hdr.children.map((c) => c.name), ['MsgId', 'CreDtTm', 'NbOfTxs', 'CtrlSum', 'InitgPty']);
  assert.equal(at(hdr, 'MsgId')!.text, 'ZL-2026-03-07-1');
  assert.equal(at(hdr, 'CreDtTm')!.text, '2026-03-07T10:30:00', 'Europe/Berlin local time');
  assert.equal(at(hdr, 'NbOfTxs')!.text, '2');
  assert.equal(at(hdr, 'CtrlSum')!.text, '0.30', '0.10 + 0.20 is exactly 0.30');
  assert.equal(at(hdr, 'InitgPty', 'Nm')!.text, 'Gemeinde Buetzow - Stadtkasse');

  const pmt = at(init, 'PmtInf')!;
  assert.deepEqual(
    pmt.children.map((c) => c.name),
    ['PmtInfId', 'PmtMtd', 'BtchBookg', 'NbOfTxs', 'CtrlSum', 'PmtTpInf', 'ReqdExctnDt', 'Dbtr', 'DbtrAcct', 'DbtrAgt', 'ChrgBr', 'CdtTrfTxInf', 'CdtTrfTxInf'],
  );
  assert.equal(at(pmt, 'PmtMtd')!.text, 'TRF');
  assert.equal(at(pmt, 'BtchBookg')!.text, 'true');
  assert.equal(at(pmt, 'NbOfTxs')!.text, '2');
  assert.equal(at(pmt, 'CtrlSum')!.text, '0.30');
  assert.equal(at(pmt, 'PmtTpInf', 'SvcLvl', 'Cd')!.text, 'SEPA');
  assert.equal(at(pmt, 'ReqdExctnDt', 'Dt')!.text, '2026-03-09');
  assert.equal(at(pmt, 'DbtrAcct', 'Id', 'IBAN')!.text, 'DE02120300000000202051');
  assert.equal(at(pmt, 'DbtrAgt', 'FinInstnId', 'Othr', 'Id')!.text, 'NOTPROVIDED', 'no debtor BIC: NOTPROVIDED');
  assert.equal(at(pmt, 'ChrgBr')!.text, 'SLEV');

  const [a, b] = txs(root);
  assert.deepEqual(a!.children.map((c) => c.name), ['PmtId', 'Amt', 'Cdtr', 'CdtrAcct', 'RmtInf'], 'no creditor agent without BIC');
  assert.equal(at(a, 'PmtId', 'EndToEndId')!.text, 'R-2026-1');
  assert.equal(at(a, 'Amt', 'InstdAmt')!.text, '0.10');
  assert.equal(at(a, 'Amt', 'InstdAmt')!.attrs.Ccy, 'EUR');
  assert.equal(at(a, 'Cdtr', 'Nm')!.text, 'Lieferant 1 GmbH');
  assert.equal(at(a, 'RmtInf', 'Ustrd')!.text, 'Rechnung R-2026-1');
  assert.deepEqual(b!.children.map((c) => c.name), ['PmtId', 'Amt', 'CdtrAgt', 'Cdtr', 'CdtrAcct', 'RmtInf']);
  assert.equal(at(b, 'Amt', 'InstdAmt')!.text, '0.20');
  assert.equal(at(b, 'CdtrAgt', 'FinInstnId', 'BICFI')!.text, 'COBADEFFXXX');
  assert.equal(at(b, 'CdtrAcct', 'Id', 'IBAN')!.text, 'DE89370400440532013000', 'IBAN normalised');
});

test('amounts are exact from cents, also beyond float precision, and always with two decimals', () => {
  const big = 99_999_999_999n; // 999.999.999,99 EUR, the SEPA maximum
  const ps = [payment(1, { amountCents: big }), payment(2, { amountCents: big }), payment(3, { amountCents: 1 }), payment(4, { amountCents: 100 })];
  const root = parse(buildPain001(opts(ps, { debtor: { ...DEBTOR, bic: 'BYLADEM1001' } })));
  assert.deepEqual(txs(root).map((t) => at(t, 'Amt', 'InstdAmt')!.text), ['999999999.99', '999999999.99', '0.01', '1.00']);
  assert.equal(at(root, 'CstmrCdtTrfInitn', 'GrpHdr', 'CtrlSum')!.text, '2000000000.99', '2 × 999999999.99 + 0.01 + 1.00');
  assert.equal(at(root, 'CstmrCdtTrfInitn', 'PmtInf', 'DbtrAgt', 'FinInstnId', 'BICFI')!.text, 'BYLADEM1001');
  // 0.1 + 0.2 in floating point is 0.30000000000000004; ten payments of 0.10 must give exactly 1.00.
  const tenDimes = parse(buildPain001(opts(Array.from({ length: 10 }, (_, i) => payment(i + 1, { amountCents: 10 })))));
  assert.equal(at(tenDimes, 'CstmrCdtTrfInitn', 'GrpHdr', 'CtrlSum')!.text, '1.00');
  assert.equal(at(tenDimes, 'CstmrCdtTrfInitn', 'GrpHdr', 'NbOfTxs')!.text, '10');
});

test('SEPA character set: umlauts transliterated, other characters replaced, XML stays well-formed', () => {
  assert.equal(sepaText('Müller & Söhne GmbH, Äußere Straße 5', 70), 'Mueller + Soehne GmbH, Aeussere Strasse 5');
  assert.equal(sepaText('Café Zoë – Łódź; Øresund', 70), 'Cafe Zoe - Lodz, Oresund');
  assert.equal(sepaText('<script>alert("x")</script>', 70), "script alert('x') /script");
  assert.equal(sepaText('Rechnung #17 für 100 € — 漢字 ok', 140), 'Rechnung Nr.17 fuer 100 EUR - ok');
  assert.equal(sepaText("  O'Brien\t\n  Ltd  ", 70), "O'Brien Ltd");
  const out = buildPain001(opts([payment(1, { creditorName: 'Günther <Bau> & Söhne', remittance: "R-1 \"Kassenzeichen\" 5.1234.5678 O'Neill" })]));
  assert.match(out, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
  assert.doesNotMatch(out, /[^\x20-\x7e\n]/, 'only basic Latin in the whole file');
  const tx = txs(parse(out))[0]!;
  assert.equal(at(tx, 'Cdtr', 'Nm')!.text, 'Guenther Bau + Soehne');
  assert.equal(at(tx, 'RmtInf', 'Ustrd')!.text, "R-1 'Kassenzeichen' 5.1234.5678 O'Neill");
  assert.match(out, /O&apos;Neill/, 'the apostrophe is escaped');
});

test('length limits: names cut to 70, remittance to 140; over-long ids are refused', () => {
  const longName = 'Ä'.repeat(50); // 100 characters once transliterated
  const tx = txs(parse(buildPain001(opts([payment(1, { creditorName: longName, remittance: 'x'.repeat(300) })], { debtor: { ...DEBTOR, name: 'B'.repeat(90) } }))))[0]!;
  assert.equal(at(tx, 'Cdtr', 'Nm')!.text, 'Ae'.repeat(35));
  assert.equal(at(tx, 'RmtInf', 'Ustrd')!.text.length, 140);
  const e = refused(opts([payment(1, { endToEndId: 'E'.repeat(36) })], { messageId: 'M'.repeat(36) }));
  assert.deepEqual(e.problems.map((p) => p.field), ['messageId', 'endToEndId']);
  assert.match(e.message, /Nachrichtenkennung \(MsgId\) „M+“ ist länger als 35 Zeichen/);
  assert.match(e.message, /Zahlung 1 \(E+\): Die Ende-zu-Ende-Referenz „E+“ ist länger als 35 Zeichen/);
  // 35 is fine; spaces and umlauts in ids are refused, not silently changed (they are matched on the statement).
  assert.doesNotThrow(() => buildPain001(opts([payment(1, { endToEndId: 'E'.repeat(35) })], { messageId: 'M'.repeat(35) })));
  assert.equal(refused(opts([payment(1, { endToEndId: 'R 2026/Ä' })])).problems[0]!.field, 'endToEndId');
  assert.equal(refused(opts([payment(1, { endToEndId: '/R-1' })])).problems[0]!.field, 'endToEndId');
});

test('a bad IBAN is refused with a German message naming the payment', () => {
  const e = refused(opts([payment(1), payment(2, { creditorIban: 'DE89370400440532013001', creditorName: 'Falsch GmbH' }), payment(3)]));
  assert.equal(e.problems.length, 1);
  assert.deepEqual({ payment: e.problems[0]!.payment, field: e.problems[0]!.field, endToEndId: e.problems[0]!.endToEndId }, { payment: 2, field: 'creditorIban', endToEndId: 'R-2026-2' });
  assert.match(e.message, /^Die SEPA-Überweisungsdatei kann nicht erstellt werden: Zahlung 2 \(R-2026-2\): Empfängerkonto: Die IBAN „DE89370400440532013001“ ist ungültig \(Prüfziffer stimmt nicht\)\.$/);
  assert.equal(refused(opts([payment(1)], { debtor: { ...DEBTOR, iban: 'DE02120300000000202052' } })).problems[0]!.field, 'debtor.iban');
});

test('IBAN check: mod 97, SEPA country, length', () => {
  for (const ok of ['DE89370400440532013000', 'DE02120300000000202051', 'AT611904300234573201', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'GB29NWBK60161331926819', 'de89 3704 0044 0532 0130 00']) {
    assert.ok(isValidIban(ok), ok);
  }
  assert.match(ibanProblem('DE8937040044053201300')!, /21 statt 22 Zeichen/);
  assert.match(ibanProblem('US64SVBKUS6S3300958879')!, /keinem Land des SEPA-Raums/);
  assert.match(ibanProblem('DE89-3704-0044')!, /kein gültiges Format/);
  assert.match(ibanProblem('DE88370400440532013000')!, /Prüfziffer/);
  assert.equal(ibanProblem(''), 'Die IBAN fehlt.');
});

test('other input the bank would reject is refused, every problem listed at once', () => {
  assert.match(refused(opts([])).message, /Die Datei enthält keine Zahlungen/);
  const e = refused(
    opts([
      payment(1, { amountCents: 0 }),
      payment(2, { amountCents: 10.5 }),
      payment(3, { amountCents: -100 }),
      payment(4, { amountCents: 100_000_000_000n }),
      payment(5, { creditorName: '  ', remittance: '漢字' }),
      payment(5, { creditorBic: 'NOTABIC' }),
    ]),
  );
  assert.deepEqual(
    e.problems.map((p) => `${p.payment}:${p.field}`),
    ['1:amountCents', '2:amountCents', '3:amountCents', '4:amountCents', '5:creditorName', '5:remittance', '6:endToEndId', '6:creditorBic'],
  );
  assert.match(e.message, /Zahlung 2 \(R-2026-2\): Der Betrag muss in ganzen Cent angegeben sein/);
  assert.match(e.message, /Zahlung 6 \(R-2026-5\): Die Ende-zu-Ende-Referenz „R-2026-5“ kommt schon bei Zahlung 5 vor/);
  assert.equal(refused(opts([payment(1)], { executionDate: '2026-02-30' })).problems[0]!.field, 'executionDate');
  assert.match(refused(opts([payment(1)], { executionDate: '2026-03-06' })).message, /liegt vor dem Erstellungstag/);
  // Creation at 23:30 UTC on the 6th is already the 7th in Berlin: the 7th is allowed, the 6th is not.
  assert.doesNotThrow(() => buildPain001(opts([payment(1)], { createdAt: new Date('2026-03-06T23:30:00Z'), executionDate: '2026-03-07' })));
  assert.equal(refused(opts([payment(1)], { debtor: { ...DEBTOR, name: '' } })).problems[0]!.field, 'debtor.name');
  assert.deepEqual(pain001Problems(opts([payment(1)])), [], 'the checker agrees with a valid file');
});
