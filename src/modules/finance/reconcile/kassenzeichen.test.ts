import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  blindSpotSwaps, corrections, findKassenzeichen, formatKz, forTwoDigitNeighbours, isValidDigits, isValidNumber, kassenzeichen, kzDigits, kzNumber,
  twoDigitNeighbours, validKassenzeichen, withCheckDigit, bodyKey,
} from './kassenzeichen.ts';
import { germanIban, ibanValid, nameSimilarity, nameTokens, normalizeIban } from './text.ts';

const KZ = kassenzeichen(26, 1234); // "26-0001234-?"
const D = kzDigits(KZ)!;

function digitsFound(text: string): string[] {
  return findKassenzeichen(text).map((c) => c.digits);
}

describe('Kassenzeichen arithmetic', () => {
  it('agrees with the payments module on validity', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (d) => {
        assert.equal(isValidDigits(d), validKassenzeichen(d));
        assert.equal(isValidNumber(Number(d)), validKassenzeichen(d));
      }),
    );
  });

  it('parses every usual spelling into the same number, and refuses other input', () => {
    for (const s of [KZ, D, `${D.slice(0, 2)} ${D.slice(2, 9)} ${D[9]}`, `${D.slice(0, 2)}.${D.slice(2, 9)}.${D[9]}`, `${D.slice(0, 4)} ${D.slice(4, 8)} ${D.slice(8)}`]) assert.equal(kzDigits(s), D, s);
    for (const s of ['26-000123-4', '26-00012345-67', 'KZ 2600012345', '']) assert.equal(kzNumber(s), -1, s);
    assert.equal(formatKz(D), KZ);
  });

  it('lists exactly one correction per position for a mistyped number, and the intended number is among them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 29 }), fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (y, seq, pos, add) => {
        const good = kzDigits(kassenzeichen(y, seq))!;
        const bad = good.slice(0, pos) + String((Number(good[pos]) + add) % 10) + good.slice(pos + 1);
        assert.equal(isValidDigits(bad), false, 'Luhn detects every single wrong digit');
        const cs = corrections(bad);
        const byDigit = cs.filter((c) => c.kind === 'digit');
        assert.equal(byDigit.length, 10);
        assert.deepEqual(byDigit.map((c) => c.position), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert.ok(cs.every((c) => isValidDigits(c.digits)));
        assert.ok(cs.some((c) => c.digits === good && c.kind === 'digit' && c.position === pos));
      }),
    );
  });

  it('finds the intended number among the swap corrections, except for the 0↔9 blind spot', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 0, max: 8 }), (seq, p) => {
        const good = kzDigits(kassenzeichen(26, seq))!;
        if (good[p] === good[p + 1]) return;
        const swapped = good.slice(0, p) + good[p + 1] + good[p] + good.slice(p + 2);
        const blind = (good[p] === '0' && good[p + 1] === '9') || (good[p] === '9' && good[p + 1] === '0');
        assert.equal(isValidDigits(swapped), blind);
        if (blind) assert.ok(blindSpotSwaps(swapped).includes(good));
        else assert.ok(corrections(swapped).some((c) => c.digits === good));
      }),
    );
  });

  it('lists the valid numbers exactly two digits away', () => {
    const near = twoDigitNeighbours(D);
    assert.equal(new Set(near).size, near.length);
    assert.ok(near.length > 300 && near.length <= 405, String(near.length));
    for (const n of near) {
      assert.ok(isValidDigits(n), n);
      assert.equal([...n].filter((c, i) => c !== D[i]).length, 2, n);
    }
    const keys: number[] = [];
    forTwoDigitNeighbours(D, (k) => keys.push(k));
    assert.deepEqual(keys.map(withCheckDigit), near);
    assert.equal(withCheckDigit(bodyKey(D)), D);
  });
});

describe('findKassenzeichen', () => {
  const spellings = [
    `KZ ${KZ}`, `Kassenzeichen ${D}`, `${D.slice(0, 2)} ${D.slice(2, 9)} ${D[9]} Grundsteuer Q1`, `kassenz. ${D.slice(0, 2)}.${D.slice(2, 9)}.${D[9]}`,
    `KASSENZEICHEN: ${D}`, `az ${KZ}`, `Kassenzeichen-Nr. ${D.slice(0, 4)} ${D.slice(4, 8)} ${D.slice(8)}`, `kz${D}`,
    `Grundsteuer 1. Quartal KZ.${KZ}`, `SVWZ+${KZ} Hundesteuer`, `EREF+${D}SVWZ+Grundsteuer`, `Zahlung ${D.slice(0, 2)}-${D.slice(2)}`,
  ];
  for (const s of spellings) {
    it(`finds it in "${s}"`, () => {
      const found = findKassenzeichen(s);
      assert.deepEqual(found.map((c) => c.digits), [D]);
      assert.equal(found[0]!.valid, true);
    });
  }

  it('marks labels and the Kassenzeichen layout', () => {
    assert.deepEqual(findKassenzeichen(`KZ ${D}`).map((c) => [c.labeled, c.layout]), [[true, false]]);
    assert.deepEqual(findKassenzeichen(`Grundsteuer ${KZ}`).map((c) => [c.labeled, c.layout]), [[false, true]]);
    assert.deepEqual(findKassenzeichen(`Grundsteuer ${D}`).map((c) => [c.labeled, c.layout]), [[false, false]]);
    assert.deepEqual(findKassenzeichen(`Schutz ${D}`).map((c) => c.labeled), [false]);
  });

  it('joins a number split by SEPA line breaks (35 characters) and by MT940 ?2x fields', () => {
    assert.deepEqual(digitsFound(`Grundsteuer Q1 2026 Kassenzeichen ${KZ.slice(0, 5)}\n${KZ.slice(5)}`), [D]);
    const raw86 = `166?00GUTSCHRIFT?109310?20EREF+NOTPROVIDEDSVWZ+KZ ${KZ.slice(0, 6)}?21${KZ.slice(6)} Grundst\neuer?3013050000?310123456789?32MUELLER HANS`;
    assert.deepEqual(digitsFound(raw86), [D], 'the account number in ?31 is not a candidate');
    const found = findKassenzeichen(raw86);
    assert.equal(found[0]!.field, 'SVWZ');
    assert.equal(found[0]!.labeled, true);
  });

  it('ignores IBANs, dates, mandate and creditor references', () => {
    assert.deepEqual(digitsFound('IBAN DE89 3704 0044 0532 0130 00 vom 15.02.2026'), []);
    assert.deepEqual(digitsFound('DE89370400440532013000'), []);
    assert.deepEqual(digitsFound(`MREF+M-2026-000123 CRED+DE98ZZZ09999999999 SVWZ+${KZ}`), [D]);
    assert.deepEqual(digitsFound('Bestellung 12345678901 Tel. 0381 1234'), [], 'an 11-digit number is not cut');
  });

  it('keeps the 10-digit reading that is valid when windows overlap', () => {
    assert.deepEqual(digitsFound(`Pos 0 ${D.slice(0, 2)} ${D.slice(2, 9)} ${D[9]}`), [D]);
  });

  it('reports each number once, in text order, and a mistyped one with its corrections', () => {
    const other = kzDigits(kassenzeichen(26, 777))!;
    const typo = `${D.slice(0, 5)}${(Number(D[5]) + 1) % 10}${D.slice(6)}`;
    const found = findKassenzeichen(`EREF+${D} SVWZ+KZ ${KZ} und ${formatKz(other)}, falsch: ${typo}`);
    assert.deepEqual(found.map((c) => c.digits), [D, other, typo]);
    assert.equal(found[0]!.labeled, true, 'labelled by its second occurrence');
    assert.equal(found[2]!.valid, false);
    assert.ok(found[2]!.corrections.some((c) => c.digits === D));
  });
});

describe('names and IBANs', () => {
  it('compares names across spelling, order, titles and legal forms', () => {
    assert.deepEqual(nameTokens('Dr. Jürgen Köhler'), ['juergen', 'koehler']);
    assert.equal(nameSimilarity('Dr. Jürgen Köhler', 'KOEHLER, JUERGEN'), 1);
    assert.equal(nameSimilarity('Bäckerei Groß GmbH & Co. KG', 'BAECKEREI GROSS'), 1);
    assert.equal(nameSimilarity('Kfz-Werkstatt Yılmaz GmbH', 'KFZ-WERKSTATT YILMAZ GMBH'), 1);
    assert.equal(nameSimilarity('LANDHANDEL DRAEGER GMBH & C', 'Landhandel Dräger GmbH & Co. KG'), 1);
    assert.equal(nameSimilarity('Hans Müller', 'Petra Müller'), 0.5);
    assert.equal(nameSimilarity('Hans Müller', ''), 0);
  });

  it('builds and checks German IBANs', () => {
    assert.equal(germanIban('37040044', '0532013000'), 'DE89370400440532013000');
    assert.equal(ibanValid('DE89 3704 0044 0532 0130 00'), true);
    assert.equal(ibanValid('DE88 3704 0044 0532 0130 00'), false);
    assert.equal(normalizeIban(' de89 3704 0044 0532 0130 00 '), 'DE89370400440532013000');
    assert.equal(normalizeIban('keine'), null);
  });
});
