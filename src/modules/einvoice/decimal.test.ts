import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, decimalText } from './decimal.ts';

const d = (s: string) => Decimal.parse(s);

test('Decimal is exact where floating point is not: 0.1 + 0.2 = 0.3', () => {
  assert.notEqual(0.1 + 0.2, 0.3); // the reason this type exists
  assert.equal(d('0.1').add(d('0.2')).toString(), '0.3');
  assert.ok(d('0.1').add(d('0.2')).eq(d('0.3')));
  assert.ok(d('0.3').eq(d('0.30000')));
  // 1 000 000 additions of one cent stay exact
  let sum = Decimal.ZERO;
  const cent = d('0.01');
  for (let i = 0; i < 100_000; i++) sum = sum.add(cent);
  assert.equal(sum.toString(), '1000.00');
});

test('parses every xs:decimal form and keeps the written scale; refuses everything else', () => {
  assert.equal(d('+007.50').toString(), '7.50');
  assert.equal(d('-0.50').toString(), '-0.50');
  assert.equal(d('-0').toString(), '0');
  assert.equal(d('.5').toString(), '0.5');
  assert.equal(d('5.').toString(), '5');
  assert.equal(d('  12  ').toString(), '12');
  assert.equal(d('1436.5').toString(), '1436.5');
  assert.equal(d('123456789012345678901234567890.123456789012345678901').toString(), '123456789012345678901234567890.123456789012345678901');
  for (const bad of ['', '.', '-', '1,50', '1.2.3', '1e5', 'NaN', 'Infinity', '0x10', '1 000', '--1', '+-1']) assert.equal(Decimal.tryParse(bad), undefined, bad);
  assert.throws(() => Decimal.parse('1,50'), RangeError);
});

test('arithmetic with negative values and mixed scales', () => {
  assert.equal(d('-625743.54').add(d('-156435.89')).toString(), '-782179.43');
  assert.equal(d('10').sub(d('10.005')).toString(), '-0.005');
  assert.equal(d('-1.5').mul(d('2.25')).toString(), '-3.375');
  assert.equal(d('1460.5').mul(d('25')).shift(-2).toString(), '365.125');
  assert.equal(d('2').neg().abs().toString(), '2');
  assert.equal(d('-3').sign(), -1);
  assert.equal(d('0.000').sign(), 0);
  assert.ok(d('-0.01').lt(Decimal.ZERO));
  assert.ok(d('100.1').gt(d('100.09')));
  assert.equal(d('1.50').compare(d('1.5')), 0);
});

test('rounding half-up (kaufmännisch) to n places, ties away from zero; half-ceiling like XPath round()', () => {
  assert.equal(d('365.125').round(2).toString(), '365.13');
  assert.equal(d('365.124999').round(2).toString(), '365.12');
  assert.equal(d('-365.125').round(2).toString(), '-365.13');
  assert.equal(d('-365.125').round(2, 'half-ceiling').toString(), '-365.12');
  assert.equal(d('2.5').round(0).toString(), '3');
  assert.equal(d('-2.5').round(0).toString(), '-3');
  assert.equal(d('0.005').round(2).toString(), '0.01');
  assert.equal(d('0.0049999999999999').round(2).toString(), '0.00');
  assert.equal(d('1.2').round(4).toString(), '1.2'); // never pads
  assert.equal(d('1.2').toFixed(4), '1.2000');
  assert.equal(d('1.235').toFixed(2), '1.24');
  assert.equal(d('-0.004').toFixed(2), '0.00');
  assert.equal(d('9.995').toFixed(2), '10.00');
});

test('division rounds once at the requested scale; division by zero throws', () => {
  assert.equal(d('10').div(d('3'), 2).toString(), '3.33');
  assert.equal(d('20').div(d('3'), 2).toString(), '6.67');
  assert.equal(d('-20').div(d('3'), 2).toString(), '-6.67');
  assert.equal(d('1').div(d('8'), 2).toString(), '0.13');
  assert.equal(d('1').div(d('-8'), 2).toString(), '-0.13');
  assert.equal(d('2594.2').div(d('0.5'), 0).toString(), '5188');
  assert.throws(() => d('1').div(d('0.00'), 2), RangeError);
});

test('normalize, cents and many decimals', () => {
  assert.equal(d('1.500').normalize().toString(), '1.5');
  assert.equal(d('200.00').normalize().toString(), '200');
  assert.equal(d('0.000').normalize().toString(), '0');
  assert.equal(d('12.345').toCents(), 1235n);
  assert.equal(d('-12.345').toCents(), -1235n);
  assert.equal(d('7').toCents(), 700n);
  const many = d('0.' + '3'.repeat(60));
  assert.equal(many.mul(d('3')).toString(), '0.' + '9'.repeat(60));
  assert.equal(many.add(many).add(many).round(2).toString(), '1.00');
  assert.equal(Decimal.fromInt(12345, 2).toString(), '123.45');
  assert.throws(() => Decimal.fromInt(0.1), RangeError);
  assert.equal(JSON.stringify({ a: d('1.10') }), '{"a":"1.10"}');
});

test('decimalText keeps the raw string and marks non-decimals; absent stays undefined', () => {
  assert.deepEqual(decimalText('2,53'), { raw: '2,53' });
  assert.equal(decimalText('1436.50')!.raw, '1436.50');
  assert.equal(decimalText('1436.50')!.value!.toString(), '1436.50');
  assert.equal(decimalText(undefined), undefined);
});
