import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centsToDecimal, csvTextCell, payrollCsv, payrollRowsFromBill } from './csv.ts';
import { billMonth } from './engine.ts';
import { FEHRBELLIN_2018 } from './rules.ts';

test('payroll CSV: BOM, semicolons, CRLF, German decimal comma', () => {
  const csv = payrollCsv([
    { personnelNumber: '000123', name: 'Erika Musterfrau', month: '2025-03', wageType: '6200', label: 'Sitzungsgeld', quantity: 3, amountCents: 6000 },
    { personnelNumber: '000123', name: 'Erika Musterfrau', month: '2025-03', wageType: '6300', label: 'Verdienstausfall', quantity: 1.5, amountCents: 123456 },
  ]);
  assert.equal(
    csv,
    '\uFEFFPersonalnummer;Name;Monat;Lohnart;Bezeichnung;Menge;Betrag\r\n' +
      '000123;Erika Musterfrau;2025-03;6200;Sitzungsgeld;3;60,00\r\n' +
      '000123;Erika Musterfrau;2025-03;6300;Verdienstausfall;1,50;1234,56\r\n',
  );
  assert.equal(Buffer.from(csv, 'utf8').subarray(0, 3).toString('hex'), 'efbbbf');
});

test('payroll CSV: quoting of ; " and line breaks', () => {
  assert.equal(csvTextCell('Müller; Hans'), '"Müller; Hans"');
  assert.equal(csvTextCell('Hans "Hansi" Müller'), '"Hans ""Hansi"" Müller"');
  assert.equal(csvTextCell('Zeile 1\r\nZeile 2'), '"Zeile 1\r\nZeile 2"');
  assert.equal(csvTextCell('Zeile 1\nZeile 2'), '"Zeile 1\nZeile 2"');
  assert.equal(csvTextCell('Schmidt'), 'Schmidt');
});

test('payroll CSV: formula injection is neutralised in text cells, not in amounts', () => {
  assert.equal(csvTextCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
  assert.equal(csvTextCell('+49 30 123'), "'+49 30 123");
  assert.equal(csvTextCell('-Korrektur'), "'-Korrektur");
  assert.equal(csvTextCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvTextCell('\tx'), "'\tx");
  const csv = payrollCsv([{ personnelNumber: '=1+1', name: '-x;y', month: '2025-03', wageType: '6200', label: 'Rückforderung', amountCents: -1250 }]);
  assert.equal(csv.split('\r\n')[1], `'=1+1;"'-x;y";2025-03;6200;Rückforderung;;-12,50`);
  assert.equal(centsToDecimal(5), '0,05');
  assert.equal(centsToDecimal(-100000), '-1000,00');
});

test('[B3] Fehrbellin bill to payroll rows: 60,00 € flat + 3 × 20,00 € Sitzungsgeld, unpaid lines dropped', () => {
  const bill = billMonth({
    month: '2025-03',
    versions: [{ ...FEHRBELLIN_2018, validFrom: '2018-01-01' }],
    member: { personId: 'p1', name: 'Erika Musterfrau', roles: [{ role: 'member', bodyId: 'gv', from: '2024-06-01' }], lostEarnings: 'none' },
    attendances: [
      { meetingId: 'a', date: '2025-03-04', start: '19:00', end: '21:00', bodyKind: 'council', bodyName: 'Gemeindevertretung', chaired: false },
      { meetingId: 'b', date: '2025-03-11', start: '19:00', end: '21:00', bodyKind: 'committee', bodyName: 'Bauausschuss', chaired: false },
      { meetingId: 'c', date: '2025-03-12', start: '19:00', end: '21:00', bodyKind: 'fraktion', bodyName: 'Fraktion', chaired: false },
      { meetingId: 'd', date: '2025-03-18', start: '19:00', end: '21:00', bodyKind: 'working_group', bodyName: 'AG', chaired: false },
    ],
  });
  const rows = payrollRowsFromBill(bill, { personnelNumber: '4711', name: 'Musterfrau, Erika' });
  assert.deepEqual(rows, [
    { personnelNumber: '4711', name: 'Musterfrau, Erika', month: '2025-03', wageType: '6100', label: 'Aufwandsentschädigung', quantity: 1, amountCents: 6000 },
    { personnelNumber: '4711', name: 'Musterfrau, Erika', month: '2025-03', wageType: '6200', label: 'Sitzungsgeld à 20,00 €', quantity: 3, amountCents: 6000 },
  ]);
  assert.equal(
    payrollCsv(rows),
    '\uFEFFPersonalnummer;Name;Monat;Lohnart;Bezeichnung;Menge;Betrag\r\n4711;Musterfrau, Erika;2025-03;6100;Aufwandsentschädigung;1;60,00\r\n4711;Musterfrau, Erika;2025-03;6200;Sitzungsgeld à 20,00 €;3;60,00\r\n',
  );
});
