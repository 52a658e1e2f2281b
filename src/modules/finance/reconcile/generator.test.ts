import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MIX, generate, prng, type Scenario } from './generator.ts';
import { isValidDigits, kzDigits } from './kassenzeichen.ts';
import { ibanValid } from './text.ts';

describe('test data generator', () => {
  const g = generate({ seed: 5, claims: 4_000, entries: 1_500 });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generate({ seed: 5, claims: 4_000, entries: 1_500 });
    assert.deepEqual(again.entries, g.entries);
    assert.deepEqual(again.claims, g.claims);
    assert.notDeepEqual(generate({ seed: 6, claims: 4_000, entries: 1_500 }).entries, g.entries);
    const r = prng(1);
    const xs = Array.from({ length: 1000 }, r);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    assert.ok(new Set(xs).size > 990);
  });

  it('creates valid Kassenzeichen and IBANs, German names and instalments in due-date order', () => {
    assert.equal(g.claims.length, 4_000);
    assert.ok(g.claims.every((c) => isValidDigits(kzDigits(c.kassenzeichen)!)));
    assert.ok(g.claims.every((c) => c.debtorIbans.every(ibanValid)));
    assert.ok(g.claims.every((c) => Number.isSafeInteger(c.openCents) && c.openCents > 0));
    assert.ok(g.claims.some((c) => /[äöüß]/.test(c.debtorName)));
    assert.ok(g.claims.some((c) => c.debtorName.startsWith('Dr. ')));
    assert.ok(g.claims.some((c) => c.debtorName.includes('GmbH')));
    assert.deepEqual(new Set(g.claims.map((c) => c.type)), new Set(['grundsteuer', 'hundesteuer', 'gewerbesteuer', 'gebuehr', 'rueckstand']));
    const grundsteuer = g.claims.filter((c) => c.type === 'grundsteuer' && c.dueDate.endsWith('-05-15'));
    assert.ok(grundsteuer.length > 100, 'quarterly Grundsteuer');
  });

  it('writes a ground truth that adds up for every entry', () => {
    const claims = new Map(g.claims.map((c) => [c.id, c]));
    const paid = new Map<string, number>();
    for (const e of g.entries) {
      const t = g.truth.get(e.key)!;
      assert.ok(t, e.key);
      assert.ok(Number.isSafeInteger(e.amountCents) && e.amountCents > 0);
      if (t.scenario === 'unrelated') {
        assert.deepEqual(t.allocations, []);
        assert.equal(t.debtorId, null);
        continue;
      }
      assert.equal(t.allocations.reduce((s, a) => s + a.cents, 0) + t.overpaymentCents, e.amountCents, e.key);
      for (const a of t.allocations) {
        const c = claims.get(a.claimId)!;
        if (t.scenario !== 'combined') assert.equal(c.debtorId, t.debtorId, `${e.key} pays another debtor's claim`);
        paid.set(a.claimId, (paid.get(a.claimId) ?? 0) + a.cents);
        assert.ok(paid.get(a.claimId)! <= c.openCents, `${a.claimId} overpaid by the truth`);
      }
    }
  });

  it('produces every scenario, and pairs in their order', () => {
    for (const s of Object.keys(DEFAULT_MIX) as Scenario[]) assert.ok(g.scenarios[s] > 0, s);
    assert.equal(g.entries.length, 1_500);
    const pos = new Map(g.entries.map((e, i) => [e.key, i]));
    for (const e of g.entries) {
      const t = g.truth.get(e.key)!;
      if (t.scenario !== 'duplicate' || t.allocations.length > 0) continue;
      const first = g.entries.find((o) => o.key !== e.key && o.remittance === e.remittance && g.truth.get(o.key)!.allocations.length > 0)!;
      assert.ok(pos.get(first.key)! < pos.get(e.key)!, 'the first payment comes first');
    }
  });

  it('uses typos, swaps, SEPA line breaks and raw MT940 purposes', () => {
    const text = g.entries.map((e) => e.remittance).join('\n');
    assert.match(text, /\?20EREF\+/);
    assert.match(text, /SVWZ\+/);
    assert.match(text, /kassenzeichen/i);
    const typos = g.entries.filter((e) => g.truth.get(e.key)!.scenario === 'typo');
    assert.ok(typos.length > 10);
  });
});
