/**
 * Quorum (Beschlussfähigkeit) rule packs per Land, and the plausibility check of a counted vote. Pure: no database,
 * no I/O. Source keys refer to /work/shared/domain/council.md, section (c) "Quorum"; statute sections are named in
 * each pack.
 *
 * ## Input semantics (the same for every pack)
 *
 * - `legalMembers`: the **legal** number of members (gesetzliche Mitgliederzahl) including the chair where the Land
 *   counts the chair as a member (NRW: 38 councillors + mayor = 39). Not the number of current memberships.
 * - `present`: members present **who may vote on this item**, i.e. members excluded for bias are not in it.
 * - `excluded`: members excluded from this item for bias (Mitwirkungsverbot, e.g. § 24 KV M-V), whether in the room
 *   or not. `present + excluded ≤ legalMembers`.
 * - `properlyInvited`: all members were properly invited, **after** any cure the Land allows (MV: a member who was
 *   invited wrongly attends; ST: all present and nobody objects). The caller records the cure; the pack only explains.
 * - `secondSitting`: the item was deferred for lack of quorum and this is the repeated sitting whose invitation
 *   pointed out the reduced quorum.
 *
 * All thresholds are integer comparisons (`2 * present > legal`), never fractions. "Any number" (ohne Rücksicht auf
 * die Zahl der Anwesenden) is modelled as `required: 1`: somebody must be there to decide.
 */

export interface QuorumInput {
  /** legal number of members incl. chair where applicable */
  legalMembers: number;
  /** voting members present (not excluded for this item) */
  present: number;
  /** members excluded for bias (Mitwirkungsverbot) on this item */
  excluded: number;
  properlyInvited: boolean;
  /** repeated sitting for the same item whose invitation said so */
  secondSitting?: boolean;
}

export interface QuorumResult {
  quorate: boolean;
  /** voting members that must be present under the rule that was applied */
  required: number;
  /** e.g. '§ 30 KV M-V' */
  rule: string;
  /** German, for the minutes and the chair's screen */
  explanation: string;
  /** MV: the chair must declare the body inquorate ex officio (fewer than a third present) */
  mustDeclare?: boolean;
}

export interface QuorumRule {
  land: string;
  name: string;
  check(input: QuorumInput): QuorumResult;
}

export type QuorumLand = 'MV' | 'BB' | 'HE' | 'ST' | 'RP' | 'SL' | 'NW';

// ---------------------------------------------------------------------------------------------------------------
// Shared arithmetic

/** Smallest n with 2n > legal ("mehr als die Hälfte"). */
const moreThanHalf = (legal: number) => Math.floor(legal / 2) + 1;
/** Smallest n with 3n > legal ("mehr als ein Drittel"). */
const moreThanThird = (legal: number) => Math.floor(legal / 3) + 1;
/** Smallest n with 3n ≥ legal ("mindestens ein Drittel"). */
const atLeastThird = (legal: number) => Math.ceil(legal / 3);
/** Smallest n with 5n ≥ legal ("mindestens ein Fünftel"). */
const atLeastFifth = (legal: number) => Math.ceil(legal / 5);

function assertInput(i: QuorumInput): void {
  for (const k of ['legalMembers', 'present', 'excluded'] as const) {
    if (!Number.isSafeInteger(i[k]) || i[k] < 0) throw new RangeError(`${k} must be a non-negative integer`);
  }
  if (i.legalMembers < 1) throw new RangeError('legalMembers must be at least 1');
  if (i.present + i.excluded > i.legalMembers) throw new RangeError('present + excluded exceeds legalMembers');
}

const members = (n: number) => (n === 1 ? '1 Mitglied' : `${n} Mitglieder`);
const anwesend = (n: number) => (n === 1 ? 'ist 1 stimmberechtigtes Mitglied anwesend' : `sind ${n} stimmberechtigte Mitglieder anwesend`);

/** One way a body can be quorate: the threshold and the German wording of its basis. */
interface Path {
  required: number;
  basis: string;
  /** appended when this path is the one reported and it is not met */
  ifNotMet?: string;
}

/**
 * Quorate if any applicable path is met; reports the first met path (paths come in statute order, the regular rule
 * first), or, if none is met, the one that needs the fewest members.
 */
function decide(i: QuorumInput, rule: string, paths: Path[]): QuorumResult {
  const met = paths.find((p) => i.present >= p.required);
  const chosen = met ?? paths.reduce((a, b) => (b.required < a.required ? b : a));
  const head = met ? 'Beschlussfähig' : 'Nicht beschlussfähig';
  let explanation = `${head}: Es ${anwesend(i.present)}, erforderlich sind ${chosen.basis}, also mindestens ${chosen.required} (${rule}).`;
  if (!met && chosen.ifNotMet) explanation += ` ${chosen.ifNotMet}`;
  return { quorate: Boolean(met), required: chosen.required, rule, explanation };
}

function notInvited(i: QuorumInput, rule: string, cure: string): QuorumResult {
  return {
    quorate: false,
    required: moreThanHalf(i.legalMembers),
    rule,
    explanation: `Nicht beschlussfähig: Nicht alle Mitglieder sind ordnungsgemäß geladen (${rule}). ${cure}`.trim(),
  };
}

const ANY = 'beliebig viele (ohne Rücksicht auf die Zahl der Anwesenden)';
const regular = (L: number, of: string): Path => ({ required: moreThanHalf(L), basis: `mehr als die Hälfte ${of}` });

// ---------------------------------------------------------------------------------------------------------------
// Packs

/**
 * Mecklenburg-Vorpommern, § 30 KV M-V [R10]: all properly invited and more than half of the members present; if more
 * than half are excluded for bias (§ 24), more than a third suffices; a deferred item's repeated sitting is quorate
 * with at least 3 voting members if the invitation said so (§ 30 Abs. 3; otherwise the mayor decides with the
 * Rechtsaufsicht's approval, not modelled). The chair must declare the body inquorate ex officio when fewer than a
 * third of the members are present (`mustDeclare`: 3 · present < legal; exactly a third is not "fewer"). Quorum is
 * found at the start and holds until declared otherwise; this check is per item, the caller decides when to run it.
 */
const MV: QuorumRule = {
  land: 'MV',
  name: 'Kommunalverfassung Mecklenburg-Vorpommern',
  check(i) {
    assertInput(i);
    const rule = '§ 30 KV M-V';
    const L = i.legalMembers;
    let r: QuorumResult;
    if (!i.properlyInvited) {
      r = notInvited(i, rule, 'Ein Ladungsmangel ist geheilt, wenn das betroffene Mitglied zur Sitzung erscheint.');
    } else {
      const paths: Path[] = [regular(L, `der ${L} Mitglieder`)];
      if (2 * i.excluded > L) paths.push({ required: moreThanThird(L), basis: `weil ${members(i.excluded)} wegen Mitwirkungsverbots ausgeschlossen sind (mehr als die Hälfte), mehr als ein Drittel von ${L}` });
      if (i.secondSitting) paths.push({ required: 3, basis: 'in der erneut einberufenen Sitzung (mit Hinweis in der Ladung) drei stimmberechtigte Mitglieder' });
      r = decide(i, rule, paths);
    }
    r.mustDeclare = !r.quorate && 3 * i.present < L;
    if (r.mustDeclare) r.explanation += ' Weniger als ein Drittel der Mitglieder ist anwesend: Die oder der Vorsitzende muss die Beschlussunfähigkeit von Amts wegen feststellen.';
    return r;
  },
};

/**
 * Brandenburg, § 38 BbgKVerf. council.md covers only BB's deadlines, so this pack's text was taken from the statute,
 * § 38 Abs. 1 BbgKVerf: "mehr als die Hälfte der gesetzlichen Anzahl der Mitglieder anwesend"; a repeated sitting for
 * the same item is quorate with any number if the invitation said so [§ 38 Abs. 2]. No special rule for exclusions
 * is encoded.
 */
const BB: QuorumRule = {
  land: 'BB',
  name: 'Kommunalverfassung des Landes Brandenburg',
  check(i) {
    assertInput(i);
    const rule = '§ 38 BbgKVerf';
    if (!i.properlyInvited) return notInvited(i, rule, '');
    const paths: Path[] = [regular(i.legalMembers, `der gesetzlichen Anzahl von ${i.legalMembers} Mitgliedern`)];
    if (i.secondSitting) paths.push({ required: 1, basis: `in der erneut geladenen Sitzung (mit Hinweis in der Ladung) ${ANY}` });
    return decide(i, rule, paths);
  },
};

/**
 * Hessen, § 53 HGO [Q1]: more than half of the legal number (Abs. 1); the second sitting on the same item is quorate
 * with any number if the invitation said so (Abs. 2); if more than half are excluded, with any number (Abs. 3).
 */
const HE: QuorumRule = {
  land: 'HE',
  name: 'Hessische Gemeindeordnung',
  check(i) {
    assertInput(i);
    const rule = '§ 53 HGO';
    if (!i.properlyInvited) return notInvited(i, rule, '');
    const paths: Path[] = [regular(i.legalMembers, `der gesetzlichen Zahl von ${i.legalMembers}`)];
    if (i.secondSitting) paths.push({ required: 1, basis: `in der zweiten Sitzung (mit Hinweis in der Ladung) ${ANY}` });
    if (2 * i.excluded > i.legalMembers) paths.push({ required: 1, basis: `weil mehr als die Hälfte ausgeschlossen ist (${members(i.excluded)}), ${ANY}` });
    return decide(i, rule, paths);
  },
};

/**
 * Sachsen-Anhalt, § 55 KVG LSA [Q2]: the majority of the voting members must be present, read as more than half of
 * the legal number, counting only members present and entitled to vote on the item. A faulty invitation is cured if
 * all are present and nobody objects (the caller records that as properlyInvited). Missing documents make only that
 * item objectionable (not a quorum question). council.md names no second-sitting or exclusion rule for ST, so
 * `secondSitting` is not applied.
 */
const ST: QuorumRule = {
  land: 'ST',
  name: 'Kommunalverfassungsgesetz Sachsen-Anhalt',
  check(i) {
    assertInput(i);
    const rule = '§ 55 KVG LSA';
    if (!i.properlyInvited) return notInvited(i, rule, 'Der Mangel ist geheilt, wenn alle Mitglieder anwesend sind und niemand die Ladung rügt.');
    return decide(i, rule, [{ required: moreThanHalf(i.legalMembers), basis: `die Mehrheit der ${i.legalMembers} stimmberechtigten Mitglieder` }]);
  },
};

/**
 * Rheinland-Pfalz, § 39 GemO [Q3]: more than half of the legal number at the time of the vote; on the second
 * invitation at least 3 (if the invitation said so). If the body is inquorate because members are excluded, at least
 * a third of the legal number suffices, otherwise the mayor decides instead of the council. "Because of" is read as
 * but-for (the VV zu § 39 GemO applies it when exclusion merely co-causes): counting the excluded members in would
 * reach the regular quorum.
 */
const RP: QuorumRule = {
  land: 'RP',
  name: 'Gemeindeordnung Rheinland-Pfalz',
  check(i) {
    assertInput(i);
    const rule = '§ 39 GemO';
    const L = i.legalMembers;
    if (!i.properlyInvited) return notInvited(i, rule, '');
    const paths: Path[] = [regular(L, `der gesetzlichen Zahl von ${L}`)];
    if (i.secondSitting) paths.push({ required: 3, basis: 'auf die zweite Einladung (mit Hinweis in der Ladung) drei Mitglieder' });
    if (i.excluded > 0 && 2 * (i.present + i.excluded) > L) {
      paths.push({
        required: atLeastThird(L),
        basis: `weil ${members(i.excluded)} ausgeschlossen sind, ein Drittel der gesetzlichen Zahl von ${L}`,
        ifNotMet: 'Die Bürgermeisterin oder der Bürgermeister entscheidet nach Anhörung der anwesenden, nicht ausgeschlossenen Mitglieder anstelle des Gemeinderats.',
      });
    }
    return decide(i, rule, paths);
  },
};

/**
 * Saarland, § 44 KSVG [Q4]: all properly invited and more than half of the legal number present (Abs. 1); a sitting
 * called again for the same items with at least 3 days' notice, pointing this out, needs at least a fifth of the
 * legal number of voting members (Abs. 2; the 3 days are the caller's to check, `secondSitting` asserts them); if more
 * than half of the legal number are excluded, at least 3 voting members (Abs. 3).
 */
const SL: QuorumRule = {
  land: 'SL',
  name: 'Kommunalselbstverwaltungsgesetz Saarland',
  check(i) {
    assertInput(i);
    const rule = '§ 44 KSVG';
    const L = i.legalMembers;
    if (!i.properlyInvited) return notInvited(i, rule, '');
    const paths: Path[] = [regular(L, `der gesetzlichen Mitgliederzahl von ${L}`)];
    if (2 * i.excluded > L) paths.push({ required: 3, basis: `weil mehr als die Hälfte ausgeschlossen ist (${members(i.excluded)}), drei stimmberechtigte Mitglieder` });
    if (i.secondSitting) paths.push({ required: atLeastFifth(L), basis: `in der mit mindestens drei Tagen Frist erneut einberufenen Sitzung ein Fünftel von ${L}` });
    return decide(i, rule, paths);
  },
};

/**
 * Nordrhein-Westfalen, § 49 GO NRW: more than half of the legal number, the mayor included (38 + 1 = 39 → 20).
 * council.md has this from weak secondary pages only and asks to verify; it names no second-sitting rule, so
 * `secondSitting` is not applied until the statute text has been checked.
 */
const NW: QuorumRule = {
  land: 'NW',
  name: 'Gemeindeordnung Nordrhein-Westfalen',
  check(i) {
    assertInput(i);
    const rule = '§ 49 GO NRW';
    if (!i.properlyInvited) return notInvited(i, rule, '');
    return decide(i, rule, [regular(i.legalMembers, `der gesetzlichen Mitgliederzahl von ${i.legalMembers} (einschließlich Bürgermeister/in)`)]);
  },
};

/**
 * Fallback for Länder without a pack: more than half of the legal number of members, properly invited. Every
 * Gemeindeordnung we have read requires at least this, so it never declares a body quorate that a real pack would
 * not; second-sitting and exclusion relief are not applied.
 */
export const GENERIC_QUORUM_RULE: QuorumRule = {
  land: '*',
  name: 'Allgemeine Regel (keine landesspezifische Regel hinterlegt)',
  check(i) {
    assertInput(i);
    const rule = 'allgemeine Regel';
    if (!i.properlyInvited) return notInvited(i, rule, '');
    return decide(i, rule, [regular(i.legalMembers, `der gesetzlichen Mitgliederzahl von ${i.legalMembers}`)]);
  },
};

/** The packs by Land code (as in LAENDER), so the council settings can name one. */
export const QUORUM_RULES: Readonly<Record<QuorumLand, QuorumRule>> = Object.freeze({ MV, BB, HE, ST, RP, SL, NW });

/** The pack for a Land code ('MV', 'nw', 'NRW'), or the documented generic rule for Länder without one. */
export function quorumRuleFor(land: string): QuorumRule {
  let key = land.trim().toUpperCase();
  if (key === 'NRW') key = 'NW';
  return Object.hasOwn(QUORUM_RULES, key) ? QUORUM_RULES[key as QuorumLand] : GENERIC_QUORUM_RULE;
}

// ---------------------------------------------------------------------------------------------------------------
// Votes

export interface VoteCount {
  yes: number;
  no: number;
  abstain: number;
  /** members with a vote present in the room, including those excluded for this item */
  presentVoting: number;
  /** of those, excluded for bias on this item */
  excluded: number;
}

export type VoteCheck =
  | { ok: true; outcome: 'accepted' | 'rejected'; unanimous: boolean; eligible: number; notVoting: number }
  | { ok: false; reason: 'invalid' | 'too_many_votes'; message: string };

/**
 * Refuses a count that cannot be right (more votes than eligible members) and states the outcome of a simple-majority
 * vote: accepted when yes > no; abstentions do not count and a tie is rejected (as § 31 Abs. 1 KV M-V: "die Zahl der
 * Ja-Stimmen die der Nein-Stimmen übersteigt"). Qualified majorities (e.g. of all members) are not covered here.
 */
export function checkVote(v: VoteCount): VoteCheck {
  for (const k of ['yes', 'no', 'abstain', 'presentVoting', 'excluded'] as const) {
    if (!Number.isSafeInteger(v[k]) || v[k] < 0) return { ok: false, reason: 'invalid', message: 'Bitte geben Sie nur ganze, nicht negative Zahlen ein.' };
  }
  if (v.excluded > v.presentVoting) {
    return { ok: false, reason: 'invalid', message: `Es sind mehr Mitglieder ausgeschlossen (${v.excluded}) als stimmberechtigte Mitglieder anwesend (${v.presentVoting}).` };
  }
  const eligible = v.presentVoting - v.excluded;
  const cast = v.yes + v.no + v.abstain;
  if (cast > eligible) {
    const votes = cast === 1 ? '1 Stimme' : `${cast} Stimmen`;
    const who = eligible === 1 ? 'nur 1 stimmberechtigtes Mitglied ist' : `nur ${eligible} stimmberechtigte Mitglieder sind`;
    return { ok: false, reason: 'too_many_votes', message: `Es wurden ${votes} gezählt, aber ${who} anwesend.` };
  }
  return {
    ok: true,
    outcome: v.yes > v.no ? 'accepted' : 'rejected',
    unanimous: v.yes > 0 && v.no === 0 && v.abstain === 0,
    eligible,
    notVoting: eligible - cast,
  };
}
