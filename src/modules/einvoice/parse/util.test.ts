import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSkonto, rawChildTexts } from './util.ts';

test('Skonto lines from BT-20: days, percent as written, optional BASISBETRAG', () => {
  const s = parseSkonto('#SKONTO#TAGE=14#PROZENT=2.00#\n#SKONTO#TAGE=30#PROZENT=1.50#BASISBETRAG=-3.21#\n');
  assert.equal(s.length, 2);
  assert.deepEqual(
    s.map((x) => ({ days: x.days, percent: x.percent.raw, base: x.base?.raw, strict: x.strict, source: x.source })),
    [
      { days: 14, percent: '2.00', base: undefined, strict: true, source: 'bt20' },
      { days: 30, percent: '1.50', base: '-3.21', strict: true, source: 'bt20' },
    ],
  );
  assert.equal(s[1]!.base!.value!.toString(), '-3.21');
  assert.equal(s[0]!.percent.value!.toString(), '2.00');
});

test('Skonto lines mixed with free text; VERZUG and prose are not Skonto', () => {
  const s = parseSkonto('Zahlbar innerhalb 30 Tagen netto.\n#SKONTO#TAGE=7#PROZENT=3.00#\n#VERZUG#TAGE=30#PROZENT=5.00#\n3% Skonto innerhalb 10 Tagen');
  assert.deepEqual(s.map((x) => [x.days, x.percent.raw]), [[7, '3.00']]);
  assert.deepEqual(parseSkonto(undefined), []);
  assert.deepEqual(parseSkonto(''), []);
  assert.deepEqual(parseSkonto('2 % discount if paid within 2 days'), []);
});

test('Skonto lines that break BR-DE-18 are still read but marked not strict; indentation alone is fine (normalize-space)', () => {
  const cases: [string, boolean][] = [
    ['#SKONTO#TAGE=7#PROZENT=2.00#', true],
    ['            #SKONTO#TAGE=7#PROZENT=2.00#', true],
    ['#skonto#tage=7#prozent=2.00#', false],
    ['#SKONTO#TAGE=14 #PROZENT=1.00#', false],
    ['#SKONTO#TAGE=7#PROZENT=2.000#', false],
    ['#SKONTO#TAGE=7#PROZENT=2#', false],
    ['#SKONTO#TAGE=14#PROZENT=1.00#BASISBETRAG=2,53#', false],
    ['#SKONTO#TAGE=14#PROZENT=1.00#BASISBETRAG=2.523#', false],
  ];
  for (const [line, strict] of cases) {
    const s = parseSkonto(line);
    assert.equal(s.length, 1, line);
    assert.equal(s[0]!.strict, strict, line);
  }
  assert.equal(parseSkonto('#SKONTO#TAGE=14#PROZENT=1.00#BASISBETRAG=2,53#')[0]!.base!.raw, '2,53');
  assert.equal(parseSkonto('#SKONTO#TAGE=14#PROZENT=1.00#BASISBETRAG=2,53#')[0]!.base!.value!.toString(), '2.53');
});

test('rawChildTexts keeps whitespace, entities, CDATA, and only takes direct children of the parent', () => {
  const xml = `<?xml version="1.0"?><r xmlns:c="u"><c:PaymentTerms a=">"><c:Note>
  #SKONTO#TAGE=7#PROZENT=2.00#\r\n  A &amp; B &#x263A; <![CDATA[<x>]]><!-- c -->
</c:Note><c:Other><c:Note>nested</c:Note></c:Other></c:PaymentTerms><c:Note>outside</c:Note><c:PaymentTerms><c:Note/></c:PaymentTerms></r>`;
  assert.deepEqual(rawChildTexts(xml, 'PaymentTerms', 'Note'), ['\n  #SKONTO#TAGE=7#PROZENT=2.00#\n  A & B ☺ <x>\n', '']);
});
