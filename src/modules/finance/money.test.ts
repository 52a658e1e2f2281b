import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { kassenzeichen, validKassenzeichen } from '../payments/index.ts';
import { addDays, allocateOldestFirst, berlinDay, centsToInput, parseAmount, parseDay, quarterlyDates, splitEvenly } from './money.ts';
import { normalizeKassenzeichen, parseInstalmentLines, parseSearch, validCreditorId } from './schema.ts';

test('quarterly split adds up to the cent; the odd cents go to the first instalment', () => {
  const parts = splitEvenly(41_234, quarterlyDates(2027));
  assert.deepEqual(parts, [
    { dueDate: '2027-02-15', amountCents: 10_310 },
    { dueDate: '2027-05-15', amountCents: 10_308 },
    { dueDate: '2027-08-15', amountCents: 10_308 },
    { dueDate: '2027-11-15', amountCents: 10_308 },
  ]);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), fc.integer({ min: 1, max: 24 }), (total, n) => {
      const dates = Array.from({ length: n }, (_, i) => addDays('2027-01-01', i * 30));
      const p = splitEvenly(total, dates);
      const amounts = p.map((x) => x.amountCents);
      assert.equal(amounts.reduce((s, a) => s + a, 0), total);
      assert.ok(amounts.every((a) => Number.isSafeInteger(a) && a >= 0));
      assert.ok(Math.max(...amounts.slice(1), amounts[0]!) - Math.min(...amounts) < n, 'parts differ by less than one cent per instalment');
    }),
  );
});

test('German amounts are read exactly; more than two decimals and dot decimals are refused', () => {
  assert.deepEqual(parseAmount('1.234,56'), { cents: 123_456 });
  assert.deepEqual(parseAmount('1234,5'), { cents: 123_450 });
  assert.deepEqual(parseAmount(' 0,01 € '), { cents: 1 });
  assert.deepEqual(parseAmount('99.999.999,99'), { cents: 9_999_999_999 });
  assert.deepEqual(parseAmount('12'), { cents: 1200 });
  // 0.1 + 0.2 style float errors cannot happen: 1.234.567,89 is 123456789 cents, not 123456788.99…
  assert.deepEqual(parseAmount('1.234.567,89'), { cents: 123_456_789 });
  for (const bad of ['12,345', '12.50', '1.23,45', '-5,00', 'abc', '', '100.000.000,00', '1,2,3']) {
    const r = parseAmount(bad);
    assert.ok('error' in r, `refused: ${bad}`);
  }
  assert.match((parseAmount('12,345') as { error: string }).error, /höchstens zwei Nachkommastellen/);
  assert.match((parseAmount('12.50') as { error: string }).error, /Komma/);
  fc.assert(fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), (cents) => assert.deepEqual(parseAmount(centsToInput(cents)), { cents })));
});

test('due dates must be real dates', () => {
  assert.equal(parseDay('15.2.2027'), '2027-02-15');
  assert.equal(parseDay('2027-02-15'), '2027-02-15');
  assert.equal(parseDay('29.02.2028'), '2028-02-29');
  for (const bad of ['31.02.2027', '29.02.2027', '2027-13-01', '15.02.27', '00.01.2027', '15.02.1999', 'morgen']) assert.equal(parseDay(bad), undefined, bad);
  assert.equal(berlinDay(new Date('2026-12-31T23:30:00Z')), '2027-01-01', 'Berlin day, not UTC day');
});

test('payments are allocated to the oldest open instalment first; the rest is credit', () => {
  const inst = [
    { id: 'c', seq: 3, dueDate: '2027-08-15', openCents: 100 },
    { id: 'a', seq: 1, dueDate: '2027-02-15', openCents: 100 },
    { id: 'b', seq: 2, dueDate: '2027-05-15', openCents: 40 },
    { id: 'z', seq: 4, dueDate: '2027-01-01', openCents: 0 },
  ];
  assert.deepEqual(allocateOldestFirst(inst, 150), { lines: [{ instalmentId: 'a', cents: 100 }, { instalmentId: 'b', cents: 40 }, { instalmentId: 'c', cents: 10 }], creditCents: 0 });
  assert.deepEqual(allocateOldestFirst(inst, 300), { lines: [{ instalmentId: 'a', cents: 100 }, { instalmentId: 'b', cents: 40 }, { instalmentId: 'c', cents: 100 }], creditCents: 60 });
  assert.deepEqual(allocateOldestFirst([], 5), { lines: [], creditCents: 5 });
  assert.throws(() => allocateOldestFirst(inst, 0));
});

test('Kassenzeichen are found in any spelling and their check digit catches typos', () => {
  const kz = kassenzeichen(2026, 5_000_001);
  const digits = kz.replace(/-/g, '');
  assert.equal(normalizeKassenzeichen(digits), kz);
  assert.equal(normalizeKassenzeichen(` ${digits.slice(0, 2)} ${digits.slice(2, 9)} ${digits.slice(9)} `), kz);
  assert.equal(normalizeKassenzeichen(`${digits.slice(0, 2)}.${digits.slice(2, 9)}/${digits.slice(9)}`), kz);
  assert.deepEqual(parseSearch(digits.replace(/(\d{2})(\d{7})(\d)/, '$1 - $2 - $3')), { kind: 'kassenzeichen', kassenzeichen: kz });
  for (let i = 0; i < 10; i++) {
    const typo = digits.slice(0, i) + String((Number(digits[i]) + 3) % 10) + digits.slice(i + 1);
    assert.ok(!validKassenzeichen(typo), `wrong digit at ${i}`);
    assert.equal(parseSearch(typo).kind, 'error');
  }
  assert.match((parseSearch('26-500000') as { error: string }).error, /10 Ziffern/);
  assert.deepEqual(parseSearch('Müller'), { kind: 'name', name: 'Müller' });
});

test('instalment lines name the line with the problem', () => {
  assert.deepEqual(parseInstalmentLines('15.05.2027 10,00\n15.02.2027; 5'), { instalments: [{ dueDate: '2027-02-15', amountCents: 500 }, { dueDate: '2027-05-15', amountCents: 1000 }] });
  assert.match((parseInstalmentLines('15.02.2027 10,00\n30.02.2027 5,00') as { error: string }).error, /^Zeile 2: .*gültigen Datum/);
  assert.match((parseInstalmentLines('15.02.2027 10,001') as { error: string }).error, /^Zeile 1: .*zwei Nachkommastellen/);
  assert.match((parseInstalmentLines('15.02.2027 1\n15.02.2027 2') as { error: string }).error, /schon eine Rate/);
});

test('SEPA creditor identifiers are checked (ISO 7064 MOD 97-10 without the business code)', () => {
  assert.ok(validCreditorId('DE98ZZZ09999999999'));
  assert.ok(validCreditorId('DE13ZZZ00000012345'));
  assert.ok(!validCreditorId('DE97ZZZ09999999999'));
  assert.ok(!validCreditorId('DE98ZZZ09999999998'));
});
