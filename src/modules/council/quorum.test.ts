// Quorum rule packs (Beschlussfähigkeit) and vote plausibility. Source keys: /work/shared/domain/council.md (c)
// "Quorum"; [R10] = § 30 KV M-V, [Q1] § 53 HGO, [Q2] § 55 KVG LSA, [Q3] § 39 GemO RP, [Q4] § 44 KSVG;
// BB § 38 BbgKVerf and NRW § 49 GO as documented in quorum.ts.
// `present` = voting members present who are not excluded for the item; `excluded` = members excluded for bias.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkVote, GENERIC_QUORUM_RULE, QUORUM_RULES, quorumRuleFor, type QuorumInput, type QuorumRule } from './quorum.ts';

const q = (rule: QuorumRule, legalMembers: number, present: number, more: Partial<QuorumInput> = {}) =>
  rule.check({ legalMembers, present, excluded: 0, properlyInvited: true, ...more });
const { MV, BB, HE, ST, RP, SL, NW } = QUORUM_RULES;

// ---------------------------------------------------------------------------------------------------------------
// MV, § 30 KV M-V [R10]

test('[R10] MV body of 15: 8 present is quorate (> ½), 7 is not', () => {
  const ok = q(MV, 15, 8);
  assert.equal(ok.quorate, true);
  assert.equal(ok.required, 8);
  assert.equal(ok.rule, '§ 30 KV M-V');
  assert.equal(ok.mustDeclare, false);
  assert.equal(ok.explanation, 'Beschlussfähig: Es sind 8 stimmberechtigte Mitglieder anwesend, erforderlich sind mehr als die Hälfte der 15 Mitglieder, also mindestens 8 (§ 30 KV M-V).');

  const no = q(MV, 15, 7);
  assert.deepEqual([no.quorate, no.required, no.mustDeclare], [false, 8, false]);
  assert.match(no.explanation, /^Nicht beschlussfähig: Es sind 7 stimmberechtigte Mitglieder anwesend/);
});

test('[R10] MV even body: exactly half is not "more than half" (16 members → 9)', () => {
  assert.equal(q(MV, 16, 8).quorate, false);
  assert.equal(q(MV, 16, 9).quorate, true);
  assert.equal(q(MV, 16, 9).required, 9);
});

test('[R10] MV: the chair must declare inquorate when FEWER than ⅓ are present', () => {
  // The brief suggested "5 of 15 → mustDeclare", but 5 is exactly one third and § 30 says "weniger als ein Drittel":
  // 5 of 15 is inquorate without the ex-officio duty, 4 of 15 triggers it.
  const five = q(MV, 15, 5);
  assert.deepEqual([five.quorate, five.mustDeclare], [false, false]);
  const four = q(MV, 15, 4);
  assert.deepEqual([four.quorate, four.mustDeclare], [false, true]);
  assert.match(four.explanation, /von Amts wegen feststellen/);
  assert.equal(q(MV, 15, 0).mustDeclare, true);
});

test('[R10] MV: more than half excluded for bias (§ 24) → more than ⅓ suffices', () => {
  // 9 of 15 excluded: > ⅓ of 15 is 6, all 6 remaining members must be there.
  const six = q(MV, 15, 6, { excluded: 9 });
  assert.deepEqual([six.quorate, six.required], [true, 6]);
  assert.match(six.explanation, /9 Mitglieder wegen Mitwirkungsverbots ausgeschlossen/);
  const five = q(MV, 15, 5, { excluded: 9 });
  assert.deepEqual([five.quorate, five.required, five.mustDeclare], [false, 6, false]);
  // 8 of 15 is already more than half (16 > 15); 7 of 15 is not, so the regular 8 still applies.
  assert.deepEqual([q(MV, 15, 6, { excluded: 8 }).quorate, q(MV, 15, 6, { excluded: 8 }).required], [true, 6]);
  assert.deepEqual([q(MV, 15, 7, { excluded: 7 }).quorate, q(MV, 15, 7, { excluded: 7 }).required], [false, 8]);
});

test('[R10] MV second sitting on a deferred item: at least 3 voting members if the invitation said so', () => {
  const three = q(MV, 15, 3, { secondSitting: true });
  assert.deepEqual([three.quorate, three.required, three.mustDeclare], [true, 3, false]);
  assert.match(three.explanation, /erneut einberufenen Sitzung/);
  const two = q(MV, 15, 2, { secondSitting: true });
  assert.deepEqual([two.quorate, two.required, two.mustDeclare], [false, 3, true]);
  assert.equal(q(MV, 15, 3).quorate, false); // without the second-sitting notice 3 are not enough
  // With a regular quorum the regular rule is the one reported.
  assert.equal(q(MV, 15, 9, { secondSitting: true }).required, 8);
});

test('[R10] MV: all must be properly invited (cure by attending is recorded by the caller)', () => {
  const r = q(MV, 15, 15, { properlyInvited: false });
  assert.equal(r.quorate, false);
  assert.match(r.explanation, /Nicht alle Mitglieder sind ordnungsgemäß geladen.*geheilt, wenn das betroffene Mitglied zur Sitzung erscheint/);
});

// ---------------------------------------------------------------------------------------------------------------
// BB, § 38 BbgKVerf (statute text, see quorum.ts)

test('BB § 38 Abs. 1 BbgKVerf: more than half of the legal number; Abs. 2: second sitting with any number', () => {
  assert.deepEqual([q(BB, 16, 9).quorate, q(BB, 16, 8).quorate, q(BB, 16, 8).required], [true, false, 9]);
  assert.equal(q(BB, 16, 9).rule, '§ 38 BbgKVerf');
  const second = q(BB, 16, 2, { secondSitting: true });
  assert.deepEqual([second.quorate, second.required], [true, 1]);
  assert.equal(q(BB, 16, 0, { secondSitting: true }).quorate, false);
  assert.equal(q(BB, 16, 16, { properlyInvited: false }).quorate, false);
});

// ---------------------------------------------------------------------------------------------------------------
// HE, § 53 HGO [Q1]

test('[Q1] HE: > ½ of the legal number; second sitting with any number; > ½ excluded → any number', () => {
  assert.deepEqual([q(HE, 31, 16).quorate, q(HE, 31, 15).quorate, q(HE, 31, 15).required], [true, false, 16]);
  const second = q(HE, 31, 2, { secondSitting: true });
  assert.deepEqual([second.quorate, second.required, second.rule], [true, 1, '§ 53 HGO']);
  assert.match(second.explanation, /ohne Rücksicht auf die Zahl der Anwesenden/);
  const excluded = q(HE, 31, 4, { excluded: 16 });
  assert.deepEqual([excluded.quorate, excluded.required], [true, 1]);
  const notEnoughExcluded = q(HE, 31, 15, { excluded: 15 }); // 30 is not more than 31
  assert.deepEqual([notEnoughExcluded.quorate, notEnoughExcluded.required], [false, 16]);
});

// ---------------------------------------------------------------------------------------------------------------
// ST, § 55 KVG LSA [Q2]

test('[Q2] ST: majority of the voting members; faulty invitation only cured if all present and nobody objects', () => {
  assert.deepEqual([q(ST, 21, 11).quorate, q(ST, 21, 10).quorate, q(ST, 21, 10).required], [true, false, 11]);
  assert.equal(q(ST, 21, 11).rule, '§ 55 KVG LSA');
  const faulty = q(ST, 21, 21, { properlyInvited: false });
  assert.equal(faulty.quorate, false);
  assert.match(faulty.explanation, /alle Mitglieder anwesend sind und niemand die Ladung rügt/);
  assert.equal(q(ST, 21, 3, { secondSitting: true }).quorate, false); // no second-sitting rule in [Q2]
});

// ---------------------------------------------------------------------------------------------------------------
// RP, § 39 GemO [Q3]

test('[Q3] RP: > ½ of the legal number; ≥ 3 on the second invitation', () => {
  assert.deepEqual([q(RP, 25, 13).quorate, q(RP, 25, 12).quorate, q(RP, 25, 12).required], [true, false, 13]);
  const three = q(RP, 25, 3, { secondSitting: true });
  assert.deepEqual([three.quorate, three.required, three.rule], [true, 3, '§ 39 GemO']);
  const two = q(RP, 25, 2, { secondSitting: true });
  assert.deepEqual([two.quorate, two.required], [false, 3]);
});

test('[Q3] RP: inquorate because of exclusions → ≥ ⅓ of the legal number, otherwise the mayor decides', () => {
  // 25 members, 4 excluded, 10 present: 14 would be quorate, so the exclusions cause it; ⅓ of 25 → 9.
  const ok = q(RP, 25, 10, { excluded: 4 });
  assert.deepEqual([ok.quorate, ok.required], [true, 9]);
  const short = q(RP, 25, 8, { excluded: 6 }); // 8 + 6 = 14 would be quorate, but 8 < 9
  assert.deepEqual([short.quorate, short.required], [false, 9]);
  assert.match(short.explanation, /Bürgermeister entscheidet/);
  // Exactly a third is enough ("mindestens"): 24 members → 8.
  assert.deepEqual([q(RP, 24, 8, { excluded: 5 }).quorate, q(RP, 24, 8, { excluded: 5 }).required], [true, 8]);
  // One excluded member does not lower the bar when absences alone make the body inquorate (9 + 1 = 10 ≤ 12.5).
  const absences = q(RP, 25, 9, { excluded: 1 });
  assert.deepEqual([absences.quorate, absences.required], [false, 13]);
  assert.doesNotMatch(absences.explanation, /Bürgermeister/);
});

// ---------------------------------------------------------------------------------------------------------------
// SL, § 44 KSVG [Q4]

test('[Q4] SL: second sitting (≥ 3 days notice) needs ≥ ⅕; > ½ excluded needs ≥ 3', () => {
  assert.deepEqual([q(SL, 27, 14).quorate, q(SL, 27, 13).quorate], [true, false]);
  const fifth = q(SL, 27, 6, { secondSitting: true }); // 27 / 5 = 5.4 → 6
  assert.deepEqual([fifth.quorate, fifth.required, fifth.rule], [true, 6, '§ 44 KSVG']);
  assert.deepEqual([q(SL, 27, 5, { secondSitting: true }).quorate, q(SL, 27, 5, { secondSitting: true }).required], [false, 6]);
  assert.equal(q(SL, 25, 5, { secondSitting: true }).quorate, true); // exactly a fifth
  const excluded = q(SL, 27, 3, { excluded: 14 });
  assert.deepEqual([excluded.quorate, excluded.required], [true, 3]);
  assert.deepEqual([q(SL, 27, 2, { excluded: 14 }).quorate, q(SL, 27, 2, { excluded: 14 }).required], [false, 3]);
});

// ---------------------------------------------------------------------------------------------------------------
// NRW, § 49 GO

test('NRW § 49 GO: 38 councillors + mayor = 39 → 20 needed', () => {
  const r = q(NW, 38 + 1, 20);
  assert.deepEqual([r.quorate, r.required, r.rule], [true, 20, '§ 49 GO NRW']);
  assert.equal(q(NW, 39, 19).quorate, false);
  assert.equal(q(NW, 39, 5, { secondSitting: true }).quorate, false); // not in council.md, not applied
});

// ---------------------------------------------------------------------------------------------------------------
// Registry, fallback, input checks, properties

test('registry: seven packs keyed by Land code; lookup is forgiving; unknown Länder get the generic rule', () => {
  assert.deepEqual(Object.keys(QUORUM_RULES).sort(), ['BB', 'HE', 'MV', 'NW', 'RP', 'SL', 'ST']);
  for (const [key, rule] of Object.entries(QUORUM_RULES)) assert.equal(rule.land, key);
  assert.equal(quorumRuleFor('MV'), MV);
  assert.equal(quorumRuleFor(' he '), HE);
  assert.equal(quorumRuleFor('nw'), NW);
  assert.equal(quorumRuleFor('NRW'), NW);
  for (const unknown of ['BY', 'SN', '', 'toString', '__proto__']) assert.equal(quorumRuleFor(unknown), GENERIC_QUORUM_RULE, unknown);
  const g = q(GENERIC_QUORUM_RULE, 20, 11);
  assert.deepEqual([g.quorate, g.required, q(GENERIC_QUORUM_RULE, 20, 10).quorate], [true, 11, false]);
  assert.equal(q(GENERIC_QUORUM_RULE, 20, 3, { secondSitting: true, excluded: 15 }).quorate, false);
});

test('impossible inputs throw', () => {
  for (const bad of [
    { legalMembers: 15, present: 10, excluded: 6 },
    { legalMembers: 15, present: -1, excluded: 0 },
    { legalMembers: 15, present: 7.5, excluded: 0 },
    { legalMembers: 0, present: 0, excluded: 0 },
  ]) {
    for (const rule of [...Object.values(QUORUM_RULES), GENERIC_QUORUM_RULE]) assert.throws(() => rule.check({ ...bad, properlyInvited: true }), RangeError, `${rule.land} ${JSON.stringify(bad)}`);
  }
});

test('property: result is consistent, monotonic in attendance, and never quorate without proper invitation', () => {
  const input = fc
    .record({ legalMembers: fc.integer({ min: 1, max: 101 }), a: fc.nat(), b: fc.nat(), secondSitting: fc.boolean() })
    .map(({ legalMembers, a, b, secondSitting }) => {
      const excluded = a % (legalMembers + 1);
      const present = b % (legalMembers - excluded + 1);
      return { legalMembers, excluded, present, secondSitting, properlyInvited: true };
    });
  const rules = [...Object.values(QUORUM_RULES), GENERIC_QUORUM_RULE];
  fc.assert(
    fc.property(input, fc.constantFrom(...rules), (i, rule) => {
      const r = rule.check(i);
      if (r.quorate !== i.present >= r.required) return false;
      if (r.required < 1 || r.required > Math.floor(i.legalMembers / 2) + 1) return false; // never above "more than half"
      if (rule.check({ ...i, properlyInvited: false }).quorate) return false;
      if (i.present + i.excluded < i.legalMembers && r.quorate && !rule.check({ ...i, present: i.present + 1 }).quorate) return false;
      return true;
    }),
    { numRuns: 2000 },
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Votes

test('checkVote refuses more votes than eligible members, with a German message', () => {
  assert.deepEqual(checkVote({ yes: 12, no: 0, abstain: 0, presentVoting: 11, excluded: 0 }), {
    ok: false,
    reason: 'too_many_votes',
    message: 'Es wurden 12 Stimmen gezählt, aber nur 11 stimmberechtigte Mitglieder sind anwesend.',
  });
  // Excluded members (Mitwirkungsverbot) present in the room do not vote: 12 present, 1 excluded → 11.
  const r = checkVote({ yes: 7, no: 5, abstain: 0, presentVoting: 12, excluded: 1 });
  assert.equal(r.ok === false && r.message, 'Es wurden 12 Stimmen gezählt, aber nur 11 stimmberechtigte Mitglieder sind anwesend.');
  const one = checkVote({ yes: 2, no: 0, abstain: 0, presentVoting: 1, excluded: 0 });
  assert.equal(one.ok === false && one.message, 'Es wurden 2 Stimmen gezählt, aber nur 1 stimmberechtigtes Mitglied ist anwesend.');
});

test('checkVote: simple majority yes > no, abstentions ignored, tie rejected (§ 31 Abs. 1 KV M-V)', () => {
  assert.deepEqual(checkVote({ yes: 6, no: 4, abstain: 2, presentVoting: 13, excluded: 1 }), { ok: true, outcome: 'accepted', unanimous: false, eligible: 12, notVoting: 0 });
  assert.deepEqual(checkVote({ yes: 5, no: 5, abstain: 1, presentVoting: 11, excluded: 0 }), { ok: true, outcome: 'rejected', unanimous: false, eligible: 11, notVoting: 0 });
  assert.deepEqual(checkVote({ yes: 2, no: 1, abstain: 8, presentVoting: 11, excluded: 0 }), { ok: true, outcome: 'accepted', unanimous: false, eligible: 11, notVoting: 0 });
  assert.deepEqual(checkVote({ yes: 3, no: 4, abstain: 0, presentVoting: 11, excluded: 0 }), { ok: true, outcome: 'rejected', unanimous: false, eligible: 11, notVoting: 4 });
});

test('checkVote: unanimous only with yes > 0 and no "no" or abstention', () => {
  assert.deepEqual(checkVote({ yes: 9, no: 0, abstain: 0, presentVoting: 10, excluded: 0 }), { ok: true, outcome: 'accepted', unanimous: true, eligible: 10, notVoting: 1 });
  assert.deepEqual(checkVote({ yes: 9, no: 0, abstain: 1, presentVoting: 10, excluded: 0 }), { ok: true, outcome: 'accepted', unanimous: false, eligible: 10, notVoting: 0 });
  assert.deepEqual(checkVote({ yes: 9, no: 1, abstain: 0, presentVoting: 10, excluded: 0 }), { ok: true, outcome: 'accepted', unanimous: false, eligible: 10, notVoting: 0 });
  const nobody = checkVote({ yes: 0, no: 0, abstain: 0, presentVoting: 5, excluded: 0 });
  assert.deepEqual(nobody, { ok: true, outcome: 'rejected', unanimous: false, eligible: 5, notVoting: 5 });
});

test('checkVote rejects nonsense input', () => {
  assert.deepEqual(checkVote({ yes: -1, no: 0, abstain: 0, presentVoting: 5, excluded: 0 }), { ok: false, reason: 'invalid', message: 'Bitte geben Sie nur ganze, nicht negative Zahlen ein.' });
  const frac = checkVote({ yes: 1.5, no: 0, abstain: 0, presentVoting: 5, excluded: 0 });
  assert.equal(frac.ok === false && frac.reason, 'invalid');
  const moreExcluded = checkVote({ yes: 0, no: 0, abstain: 0, presentVoting: 3, excluded: 4 });
  assert.equal(moreExcluded.ok === false && moreExcluded.reason, 'invalid');
});
