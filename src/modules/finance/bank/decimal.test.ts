// Exact amounts: parsing both separators, refusing excess decimals per currency, sums and formats like the manifests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AmountError, add, formatDec, formatGerman, minorUnits, parseAmount, sub, sum, toMinorUnits, ZERO } from './decimal.ts';

test('parses "." and "," amounts exactly and keeps the written scale', () => {
  assert.equal(formatDec(parseAmount('1234.5', 'EUR')), '1234.5');
  assert.equal(formatDec(parseAmount('1234,50', 'EUR')), '1234.50');
  assert.equal(formatDec(parseAmount('15000,', 'EUR')), '15000');
  assert.equal(formatDec(parseAmount(',5', 'EUR')), '0.5');
  assert.equal(toMinorUnits(parseAmount('1234,5', 'EUR'), 'EUR'), 123450n);
  assert.equal(toMinorUnits(parseAmount('2700', 'JPY'), 'JPY'), 2700n);
  assert.equal(toMinorUnits(parseAmount('1.234', 'KWD'), 'KWD'), 1234n);
  // Trailing zeros beyond the minor unit are harmless and dropped.
  assert.equal(formatDec(parseAmount('7.000', 'EUR')), '7.00');
});

test('refuses more decimals than the currency has, signs, grouping and garbage', () => {
  assert.throws(() => parseAmount('10.005', 'EUR'), (e: unknown) => e instanceof AmountError && /3 Nachkommastellen; für EUR sind höchstens 2 erlaubt/.test(e.message));
  assert.throws(() => parseAmount('2700.5', 'JPY'), AmountError);
  assert.throws(() => parseAmount('1.2345', 'KWD'), AmountError);
  for (const bad of ['-5.00', '+5', '1.234,56', '1e5', '', ',', '12 345', '0x10', '1234567890123456789']) assert.throws(() => parseAmount(bad, 'EUR'), AmountError, bad);
  assert.equal(minorUnits('XYZ'), 2);
  assert.equal(minorUnits('jpy'), 0);
});

test('sums like decimal arithmetic: an empty sum is "0", the larger scale wins', () => {
  assert.equal(formatDec(sum([])), '0');
  assert.equal(formatDec(add(ZERO, parseAmount('8.85'))), '8.85');
  assert.equal(formatDec(sum(['335,33', '15000,', '15000,05'].map((s) => parseAmount(s, 'EUR')))), '30335.38');
  assert.equal(formatDec(sub(parseAmount('1'), parseAmount('3.50'))), '-2.50');
  assert.equal(formatGerman(sub(parseAmount('0'), parseAmount('4472349,17')), 'EUR'), '-4.472.349,17 EUR');
  assert.equal(formatGerman(parseAmount('200000'), 'SEK'), '200.000,00 SEK');
  assert.equal(formatGerman(parseAmount('2700'), 'JPY'), '2.700 JPY');
  assert.equal(formatGerman(parseAmount('0.5'), null), '0,5');
});

test('sums of random cent amounts are exact (no floating point anywhere)', () => {
  fc.assert(
    fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { maxLength: 50 }), (cents) => {
      const written = cents.map((c) => `${c / 100n},${String(c % 100n).padStart(2, '0')}`);
      const total = sum(written.map((w) => parseAmount(w, 'EUR')));
      const expected = cents.reduce((a, b) => a + b, 0n);
      return toMinorUnits(total, 'EUR') === expected && formatDec(total) === (cents.length ? `${expected / 100n}.${String(expected % 100n).padStart(2, '0')}` : '0');
    }),
  );
});
