import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assignManually, ClaimIndex, reconcile, suggestFor, type CreditEntry, type EntryResult, type OpenClaim, type ReconcileOptions } from './engine.ts';
import { blindSpotSwaps, corrections, formatKz, kassenzeichen, kzDigits } from './kassenzeichen.ts';
import { evaluate, generate } from './generator.ts';
import { germanIban } from './text.ts';

const IBAN_A = germanIban('13050000', '0201234567');
const IBAN_B = germanIban('20050550', '1234567890');
const STRANGER = germanIban('10070000', '0555666777');

interface Debtor {
  id: string;
  name: string;
  ibans: string[];
}
const ANNA: Debtor = { id: 'd-anna', name: 'Anna Köhler', ibans: [IBAN_A] };
const BERND: Debtor = { id: 'd-bernd', name: 'Dr. Bernd Schröder', ibans: [IBAN_B] };
const BAU: Debtor = { id: 'd-bau', name: 'Müller Bau GmbH', ibans: [] };

let claimNo = 0;
/** Claims of one account: one instalment per amount, due dates in the given order. */
function account(d: Debtor, kz: string, parts: [cents: number, due: string][], type = 'grundsteuer'): OpenClaim[] {
  return parts.map(([cents, due]) => ({ id: `c${++claimNo}`, kassenzeichen: kz, debtorId: d.id, debtorName: d.name, debtorIbans: d.ibans, openCents: cents, dueDate: due, type }));
}
const Q = ['2026-02-15', '2026-05-15', '2026-08-15', '2026-11-15'];
const quarters = (d: Debtor, kz: string, cents: number) => account(d, kz, Q.map((due) => [cents, due] as [number, string]));

let entryNo = 0;
function credit(amountCents: number, remittance: string, o: Partial<CreditEntry> = {}): CreditEntry {
  return { key: `e${++entryNo}`, amountCents, currency: 'EUR', bookingDate: '2026-02-20', remittance, counterpartyName: 'Irgendwer', counterpartyIban: STRANGER, ...o };
}

function run(claims: OpenClaim[], entries: CreditEntry[], o?: ReconcileOptions): { results: EntryResult[]; index: ClaimIndex } {
  const index = ClaimIndex.from(claims);
  return { results: reconcile(entries, index, o).results, index };
}

function one(claims: OpenClaim[], entry: CreditEntry, o?: ReconcileOptions): EntryResult {
  return run(claims, [entry], o).results[0]!;
}

const K1 = kassenzeichen(26, 1234);
const K2 = kassenzeichen(26, 5678);
const K3 = kassenzeichen(26, 42);
const digits = (kz: string) => kzDigits(kz)!;

describe('Kassenzeichen in the text', () => {
  it('books an exact Kassenzeichen to its oldest instalment', () => {
    const gs = quarters(ANNA, K1, 12_500);
    const r = one(gs, credit(12_500, `Grundsteuer Q1 KZ ${K1}`));
    assert.equal(r.status, 'matched');
    assert.equal(r.reason, 'kassenzeichen');
    assert.equal(r.confidence, 1);
    assert.deepEqual(r.allocations, [{ claimId: gs[0]!.id, cents: 12_500 }]);
    assert.equal(r.debtorId, ANNA.id);
    assert.deepEqual(r.kassenzeichen, [K1]);
  });

  it('uses the structured reference and the EREF', () => {
    const hs = account(BERND, K2, [[12_000, '2026-07-01']], 'hundesteuer');
    assert.equal(one(hs, credit(12_000, 'Hundesteuer', { structuredRef: digits(K2) })).reason, 'kassenzeichen');
    assert.equal(one(hs, credit(12_000, 'Hundesteuer', { structuredRef: `RF18${digits(K2)}` })).reason, 'kassenzeichen');
    assert.equal(one(hs, credit(12_000, 'SVWZ+Hundesteuer', { endToEndId: `KZ${digits(K2)}` })).status, 'matched');
  });

  it('pays instalments oldest first: two quarters, a partial payment, an overpayment', () => {
    const gs = quarters(ANNA, K1, 10_000);
    const two = one(gs, credit(20_000, `KZ ${K1}`));
    assert.deepEqual(two.allocations, [{ claimId: gs[0]!.id, cents: 10_000 }, { claimId: gs[1]!.id, cents: 10_000 }]);
    assert.equal(two.status, 'matched');

    const part = one(gs, credit(7_531, `KZ ${K1} Teilzahlung`));
    assert.equal(part.status, 'partial');
    assert.deepEqual(part.allocations, [{ claimId: gs[0]!.id, cents: 7_531 }]);

    const between = one(gs, credit(15_000, `KZ ${K1}`));
    assert.equal(between.status, 'partial');
    assert.deepEqual(between.allocations, [{ claimId: gs[0]!.id, cents: 10_000 }, { claimId: gs[1]!.id, cents: 5_000 }]);

    const over = one(gs, credit(41_234, `KZ ${K1}`));
    assert.equal(over.status, 'overpaid');
    assert.equal(over.overpaymentCents, 1_234);
    assert.equal(over.allocations.length, 4);
    assert.equal(over.debtorId, ANNA.id);
  });

  it('updates the open amounts within a run: the second payment sees what is left, an overpayment is not applied twice', () => {
    const fee = account(ANNA, K3, [[5_000, '2026-02-01']], 'gebuehr');
    const { results, index } = run(fee, [credit(3_000, `KZ ${K3}`), credit(2_000, `KZ ${K3} Rest`), credit(5_000, `KZ ${K3} nochmal`)]);
    assert.deepEqual(results.map((r) => r.status), ['partial', 'matched', 'overpaid']);
    assert.deepEqual(results[1]!.allocations, [{ claimId: fee[0]!.id, cents: 2_000 }]);
    assert.deepEqual(results[2]!.allocations, []);
    assert.equal(results[2]!.overpaymentCents, 5_000);
    assert.equal(results[2]!.debtorId, ANNA.id);
    assert.equal(index.openCents(fee[0]!.id), 0);
  });

  it('splits a combined payment by the oldest instalments of each account; more than due is an overpayment', () => {
    const gs = quarters(ANNA, K1, 10_000);
    const hs = account(ANNA, K2, [[9_000, '2026-07-01']], 'hundesteuer');
    const r = one([...gs, ...hs], credit(19_000, `Kassenzeichen ${K1} und ${K2}`));
    assert.equal(r.status, 'matched');
    assert.deepEqual(r.allocations, [{ claimId: gs[0]!.id, cents: 10_000 }, { claimId: hs[0]!.id, cents: 9_000 }], 'Hundesteuer is paid although Q2 of the Grundsteuer is due earlier');
    assert.deepEqual(r.kassenzeichen, [K1, K2]);

    const all = one([...gs, ...hs], credit(50_000, `${K2}, ${K1}`));
    assert.equal(all.status, 'overpaid');
    assert.equal(all.overpaymentCents, 1_000);

    const less = one([...gs, ...hs], credit(15_000, `KZ ${K1} + ${K2}`));
    assert.equal(less.status, 'partial');
    assert.deepEqual(less.allocations, [{ claimId: gs[0]!.id, cents: 10_000 }, { claimId: gs[1]!.id, cents: 5_000 }], 'no exact split: oldest due date first');
  });

  it('sends a combined payment that can be split in two ways to the worklist', () => {
    const a = quarters(ANNA, K1, 10_000);
    const b = quarters(BERND, K2, 10_000);
    const r = one([...a, ...b], credit(30_000, `KZ ${K1} KZ ${K2}`));
    assert.equal(r.status, 'unmatched');
    assert.equal(r.reason, 'amount_ambiguous');
    assert.deepEqual(new Set(r.suggestions.map((s) => s.kassenzeichen)), new Set([K1, K2]));
  });

  it('takes a bare 10-digit number only when the amount or the payer confirms it', () => {
    const fee = account(ANNA, K3, [[5_000, '2026-02-01']], 'gebuehr');
    assert.equal(one(fee, credit(5_000, `Gebuehr ${digits(K3)}`)).status, 'matched');
    const partialByStranger = one(fee, credit(4_000, `Gebuehr ${digits(K3)}`));
    assert.equal(partialByStranger.status, 'unmatched');
    assert.equal(partialByStranger.reason, 'kassenzeichen_unconfirmed');
    assert.equal(partialByStranger.suggestions[0]!.kassenzeichen, K3);
    assert.equal(one(fee, credit(4_000, `Gebuehr ${digits(K3)}`, { counterpartyIban: IBAN_A })).status, 'partial');
    assert.equal(one(fee, credit(4_000, `Gebuehr ${digits(K3)}`, { counterpartyName: 'KOEHLER, ANNA' })).status, 'partial');
    assert.equal(one(fee, credit(4_000, `Gebuehr KZ ${digits(K3)}`)).status, 'partial', 'a label is enough');
  });

  it('sends a well-formed Kassenzeichen that is not open to the worklist, even if IBAN and amount would fit another claim', () => {
    const fee = account(ANNA, K3, [[5_000, '2026-02-01']], 'gebuehr');
    const r = one(fee, credit(5_000, `KZ ${kassenzeichen(26, 4711)}`, { counterpartyIban: IBAN_A }));
    assert.equal(r.status, 'unmatched');
    assert.equal(r.reason, 'kassenzeichen_not_open');
    assert.equal(r.suggestions[0]!.kassenzeichen, K3);
  });

  it('finds a Kassenzeichen that came in from an older system without our check digit, when written exactly', () => {
    const legacy = '2600012340' === digits(K1) ? '2600012341' : '2600012340';
    const old = account(ANNA, legacy, [[5_000, '2025-11-15']], 'rueckstand');
    assert.equal(one(old, credit(5_000, `KZ ${legacy}`)).status, 'matched');
  });
});

describe('mistyped Kassenzeichen', () => {
  const good = digits(K1);
  const typo = `${good.slice(0, 6)}${(Number(good[6]) + 3) % 10}${good.slice(7)}`;
  const others = corrections(typo).filter((c) => c.digits !== good);

  it('corrects a single wrong digit when exactly one correction is open and the amount fits', () => {
    const gs = quarters(ANNA, K1, 10_000);
    const r = one(gs, credit(10_000, `Kassenzeichen ${typo}`));
    assert.equal(r.status, 'matched');
    assert.equal(r.reason, 'kassenzeichen_corrected');
    assert.equal(r.confidence, 0.9);
    assert.deepEqual(r.kassenzeichen, [K1]);
  });

  it('does not correct when neither amount nor payer confirm the only open correction', () => {
    const gs = quarters(ANNA, K1, 10_000);
    const r = one(gs, credit(9_999, `Kassenzeichen ${typo}`));
    assert.equal(r.status, 'unmatched');
    assert.equal(r.reason, 'kassenzeichen_unconfirmed');
    assert.equal(r.suggestions[0]!.kassenzeichen, K1);
    assert.ok(r.suggestions[0]!.evidence.includes('kassenzeichen_corrected'));
  });

  it('does NOT match a typo that could be corrected to two open claims', () => {
    const gs = quarters(ANNA, K1, 10_000);
    const other = account(BERND, formatKz(others[0]!.digits), [[10_000, '2026-02-15']]);
    const r = one([...gs, ...other], credit(10_000, `KZ ${typo} Grundsteuer`));
    assert.equal(r.status, 'unmatched');
    assert.equal(r.reason, 'kassenzeichen_ambiguous');
    assert.deepEqual(r.allocations, []);
    const top = r.suggestions.slice(0, 2).map((s) => s.kassenzeichen).sort();
    assert.deepEqual(top, [K1, formatKz(others[0]!.digits)].sort());
  });

  it('resolves two open corrections only when exactly one belongs to the payer (IBAN or name) and fits the amount', () => {
    const gs = quarters(ANNA, K1, 10_000);
    const other = account(BERND, formatKz(others[0]!.digits), [[10_000, '2026-02-15']]);
    const byIban = one([...gs, ...other], credit(10_000, `KZ ${typo}`, { counterpartyIban: IBAN_A }));
    assert.equal(byIban.reason, 'kassenzeichen_corrected');
    assert.deepEqual(byIban.kassenzeichen, [K1]);
    const byName = one([...gs, ...other], credit(10_000, `KZ ${typo}`, { counterpartyName: 'KOEHLER ANNA' }));
    assert.deepEqual(byName.kassenzeichen, [K1]);
    assert.equal(one([...gs, ...other], credit(10_000, `KZ ${typo}`, { counterpartyIban: IBAN_A }), { ibanTieBreak: false }).status, 'unmatched');
    assert.equal(one([...gs, ...other], credit(9_000, `KZ ${typo}`, { counterpartyIban: IBAN_A })).status, 'unmatched', 'payer fits but amount does not');
    const sameDebtor = account(ANNA, formatKz(others[0]!.digits), [[10_000, '2026-02-15']]);
    assert.equal(one([...gs, ...sameDebtor], credit(10_000, `KZ ${typo}`, { counterpartyIban: IBAN_A })).reason, 'kassenzeichen_ambiguous', 'both are the payer’s and both fit');
  });

  it('corrects a swap of neighbouring digits', () => {
    const p = [...good].findIndex((c, i) => i < 9 && c !== good[i + 1] && !['09', '90'].includes(good.slice(i, i + 2)));
    const swapped = good.slice(0, p) + good[p + 1] + good[p] + good.slice(p + 2);
    const gs = quarters(ANNA, K1, 10_000);
    const r = one(gs, credit(10_000, `KZ ${swapped}`));
    assert.equal(r.reason, 'kassenzeichen_corrected');
  });

  describe('0↔9 swaps, which the check digit cannot see', () => {
    let seq = 90;
    while (blindSpotSwaps(digits(kassenzeichen(26, seq))).length === 0) seq++;
    const meant = kassenzeichen(26, seq);
    const written = formatKz(blindSpotSwaps(digits(meant))[0]!);

    it('takes the twin of a number that is not open when the twin belongs to the payer and fits', () => {
      const claims = account(ANNA, meant, [[4_800, '2026-02-15']], 'hundesteuer');
      const r = one(claims, credit(4_800, `KZ ${written}`, { counterpartyIban: IBAN_A }));
      assert.equal(r.reason, 'kassenzeichen_corrected');
      assert.deepEqual(r.kassenzeichen, [meant]);
      assert.equal(one(claims, credit(4_800, `KZ ${written}`)).reason, 'kassenzeichen_not_open', 'amount alone is not enough');
    });

    it('refuses an open number whose open twin fits as well, and decides by the payer', () => {
      const same = [...account(ANNA, meant, [[4_800, '2026-02-15']]), ...account(BERND, written, [[4_800, '2026-02-15']])];
      const r = one(same, credit(4_800, `KZ ${written}`));
      assert.equal(r.status, 'unmatched');
      assert.equal(r.reason, 'kassenzeichen_ambiguous');
      assert.deepEqual(one(same, credit(4_800, `KZ ${written}`, { counterpartyIban: IBAN_A })).kassenzeichen, [meant], 'twin fits payer and amount');
      assert.deepEqual(one(same, credit(4_800, `KZ ${written}`, { counterpartyIban: IBAN_B })).kassenzeichen, [written], 'written fits payer and amount');
      assert.equal(one(same, credit(4_000, `KZ ${written}`)).status, 'unmatched', 'neither fits');
    });

    it('keeps the written account when it fits better than the twin', () => {
      const claims = [...account(ANNA, meant, [[4_800, '2026-02-15']]), ...account(BERND, written, [[6_000, '2026-02-15']])];
      const mine = one(claims, credit(4_800, `KZ ${written}`, { counterpartyIban: IBAN_A }));
      assert.equal(mine.reason, 'kassenzeichen_corrected');
      assert.deepEqual(mine.kassenzeichen, [meant]);
      const theirs = one(claims, credit(4_800, `KZ ${written}`, { counterpartyIban: IBAN_B }));
      assert.equal(theirs.status, 'partial', 'written account fits the payer, the twin only the amount');
      assert.deepEqual(theirs.kassenzeichen, [written]);
      const bothAnna = [...account(ANNA, meant, [[4_800, '2026-02-15']]), ...account(ANNA, written, [[6_000, '2026-02-15']])];
      assert.equal(one(bothAnna, credit(4_800, `KZ ${written}`, { counterpartyIban: IBAN_A })).status, 'unmatched', 'both the payer’s: partial payment or swap?');
    });
  });
});

describe('no Kassenzeichen', () => {
  const gs = quarters(ANNA, K1, 10_000);
  const hs = account(ANNA, K2, [[7_200, '2026-07-01']], 'hundesteuer');

  it('matches the payer’s IBAN with the amount of exactly one claim', () => {
    const r = one([...gs, ...hs], credit(7_200, 'Hundesteuer 2026', { counterpartyIban: IBAN_A.toLowerCase().replace(/(.{4})/g, '$1 ') }));
    assert.equal(r.reason, 'iban_amount');
    assert.deepEqual(r.allocations, [{ claimId: hs[0]!.id, cents: 7_200 }]);
  });

  it('matches several claims of the payer whose sum is the amount', () => {
    const r = one([...gs, ...hs], credit(17_200, 'Steuern', { counterpartyIban: IBAN_A }));
    assert.equal(r.reason, 'iban_sum');
    assert.deepEqual(r.allocations.map((a) => a.claimId).sort(), [gs[0]!.id, hs[0]!.id].sort());
  });

  it('sends an amount the payer’s claims explain in two ways, or not at all, to the worklist', () => {
    const fee = account(ANNA, K3, [[10_000, '2026-03-01']], 'gebuehr');
    const amb = one([...gs, ...fee], credit(10_000, 'Zahlung', { counterpartyIban: IBAN_A }));
    assert.equal(amb.reason, 'iban_ambiguous');
    const none = one([...gs, ...hs], credit(9_999, 'Zahlung', { counterpartyIban: IBAN_A }));
    assert.equal(none.reason, 'iban_amount_mismatch');
    assert.equal(none.suggestions.length, 2);
    assert.ok(none.suggestions.every((s) => s.evidence.includes('iban')));
  });

  it('only suggests, never books, by name and amount', () => {
    const bau = account(BAU, kassenzeichen(26, 99), [[250_000, '2026-02-15']], 'gewerbesteuer');
    const r = one([...gs, ...bau], credit(250_000, 'Gewerbesteuer VZ I/2026', { counterpartyName: 'MUELLER BAU GMBH' }));
    assert.equal(r.status, 'unmatched');
    assert.equal(r.reason, 'name_amount');
    assert.equal(r.suggestions[0]!.kassenzeichen, kassenzeichen(26, 99));
    assert.deepEqual(r.suggestions[0]!.allocations, [{ claimId: bau[0]!.id, cents: 250_000 }]);
  });

  it('gives the same suggestions later, on demand, without booking', () => {
    const e = credit(9_999, 'Zahlung', { counterpartyIban: IBAN_A });
    const { results, index } = run([...gs, ...hs], [e], { maxSuggestions: 0 });
    assert.equal(results[0]!.reason, 'iban_amount_mismatch');
    assert.deepEqual(results[0]!.suggestions, []);
    const later = suggestFor(index, e);
    assert.deepEqual(later, one([...gs, ...hs], e).suggestions);
    assert.equal(later.length, 2);
    assert.equal(index.openCents(gs[0]!.id), 10_000);
  });

  it('leaves unrelated credits unmatched', () => {
    const r = one([...gs, ...hs], credit(123_456, 'Erstattung Bezüge Februar 2026 Pers.-Nr. 4711', { counterpartyName: 'Landesamt für Finanzen' }));
    assert.equal(r.status, 'unmatched');
    assert.equal(r.reason, 'no_evidence');
    assert.deepEqual(r.suggestions, []);
  });

  it('refuses non-EUR, non-positive and repeated entries', () => {
    const e = credit(10_000, `KZ ${K1}`);
    const { results } = run(gs, [e, e, credit(10_000, `KZ ${K1}`, { currency: 'CHF' }), credit(0, `KZ ${K1}`), credit(10.5, `KZ ${K1}`)]);
    assert.deepEqual(results.map((r) => r.reason), ['kassenzeichen', 'duplicate_entry', 'not_eur', 'not_credit', 'not_credit']);
  });
});

describe('index and manual assignment', () => {
  it('rejects malformed claims and reports them', () => {
    const ok = account(ANNA, K1, [[100, '2026-02-15']]);
    const index = ClaimIndex.from([
      ...ok,
      { ...ok[0]!, id: 'x1', kassenzeichen: '26-12' },
      { ...ok[0]!, id: 'x2', openCents: 0 },
      { ...ok[0]!, id: 'x3', debtorId: 'd-other' },
    ]);
    assert.equal(index.size, 1);
    assert.deepEqual(index.rejected.map((r) => r.id), ['x1', 'x2', 'x3']);
    assert.deepEqual(index.account(digits(K1))!.claims.map((c) => c.openCents), [100]);
  });

  it('sorts instalments by due date whatever the order of the rows', () => {
    const gs = quarters(ANNA, K1, 1_000).reverse();
    const index = ClaimIndex.from(gs);
    assert.deepEqual(index.account(K1)!.claims.map((c) => c.dueDate), Q);
  });

  it('builds the index from a stream', async () => {
    const gs = quarters(ANNA, K1, 1_000);
    async function* rows() {
      yield* gs;
    }
    const index = await ClaimIndex.fromAsync(rows());
    assert.equal(index.size, 4);
  });

  it('books a clerk’s assignment and checks it', () => {
    const gs = quarters(ANNA, K1, 10_000);
    const index = ClaimIndex.from(gs);
    const e = credit(25_000, 'Zahlung ohne Zeichen');
    assert.throws(() => assignManually(index, e, [{ claimId: gs[0]!.id, cents: 10_001 }]), /nur 10000 Cent offen/);
    assert.throws(() => assignManually(index, e, [{ claimId: 'nope', cents: 1 }]), /nicht offen/);
    assert.throws(() => assignManually(index, e, [{ claimId: gs[0]!.id, cents: 10_000 }], { debtorId: 'unbekannt' }), /Schuldner/);
    const r = assignManually(index, e, [{ claimId: gs[1]!.id, cents: 10_000 }, { claimId: gs[0]!.id, cents: 10_000 }]);
    assert.equal(r.status, 'overpaid');
    assert.equal(r.overpaymentCents, 5_000);
    assert.equal(r.debtorId, ANNA.id);
    assert.equal(index.openCents(gs[0]!.id), 0);
    assert.equal(reconcile([credit(10_000, `KZ ${K1}`)], index).results[0]!.allocations[0]!.claimId, gs[2]!.id);
  });
});

describe('generated statements', () => {
  for (const seed of [1, 2]) {
    it(`matches ≥ 98 % of the matchable credits automatically and none wrongly (seed ${seed}, 20,000 claims, 5,000 credits)`, (t) => {
      const g = generate({ seed, claims: 20_000, entries: 5_000 });
      const index = ClaimIndex.from(g.claims);
      assert.equal(index.rejected.length, 0);
      const { results, summary } = reconcile(g.entries, index);
      const acc = evaluate(results, g.truth, new Map(g.claims.map((c) => [c.id, c])));
      t.diagnostic(
        `claims ${g.claims.length}, accounts ${g.accounts}, credits ${g.entries.length}: automatic ${acc.automaticCorrect}/${acc.automaticExpected} = ${(acc.rate * 100).toFixed(2)} %, ` +
          `wrong ${acc.wrong}, misallocated ${acc.misallocated}, worklist ${acc.worklist} (${summary.byReason.kassenzeichen_ambiguous ?? 0} ambiguous typos), ` +
          `unrelated unmatched ${acc.unrelatedUnmatched}/${acc.unrelated}`,
      );
      assert.equal(acc.wrong, 0, `wrong matches: ${acc.wrongKeys.join(', ')}`);
      assert.equal(acc.misallocated, 0);
      assert.equal(acc.unrelatedUnmatched, acc.unrelated);
      assert.ok(acc.unrelated > 100);
      assert.ok(acc.rate >= 0.98, `rate ${acc.rate}`);
      for (const s of ['exact', 'structured', 'eref', 'iban_amount', 'iban_sum', 'overpaid', 'duplicate', 'other_payer']) {
        const b = acc.byScenario[s]!;
        assert.ok(b.entries > 0, s);
        assert.equal(b.correct, b.entries, `${s}: ${b.correct}/${b.entries}`);
      }
      for (const s of ['typo', 'swap', 'partial', 'combined', 'split']) assert.ok(acc.byScenario[s]!.correct / acc.byScenario[s]!.entries > 0.75, s);
      for (const s of ['name_only', 'iban_other_amount', 'unrelated']) assert.equal(acc.byScenario[s]!.unmatched, acc.byScenario[s]!.entries, s);
    });
  }
});
