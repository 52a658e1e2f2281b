// EN 16931 VAT category rules: for each UNTDID 5305 category used in Germany and the EU (S, Z, E, AE, K, G, O, L, M)
// the breakdown must exist, the seller/buyer identifiers must fit, the rates must fit the category, the taxable
// amount must equal the sum of lines, charges and allowances, and the tax amount must fit the rate. The UBL and CII
// artefacts compute some of these differently (rounding, tolerance, rate grouping); each check follows its syntax.
import { Decimal, type DecimalText } from '../decimal.ts';
import type { VatBreakdown } from '../model.ts';
import { has, round2, roundInt, rule, show, sum, val, within1, type Rule, type RuleContext } from './engine.ts';

const E = 'en16931' as const;

interface Use {
  cat: string;
  rate?: DecimalText;
  amount?: Decimal;
  path: string;
}

interface Usage {
  lines: Use[];
  allowances: Use[];
  charges: Use[];
}

const norm = (s: string | undefined): string => (s ?? '').trim();

function usage(c: RuleContext): Usage {
  return c.memo('vatUsage', () => ({
    lines: c.doc.lines.map((l, i) => ({ cat: norm(l.vatCategory), rate: l.vatRate, amount: val(l.netAmount), path: `BG-25[${i + 1}]` })),
    allowances: c.doc.allowances.map((a, i) => ({ cat: norm(a.vatCategory), rate: a.vatRate, amount: val(a.amount), path: `BG-20[${i + 1}]` })),
    charges: c.doc.charges.map((a, i) => ({ cat: norm(a.vatCategory), rate: a.vatRate, amount: val(a.amount), path: `BG-21[${i + 1}]` })),
  }));
}

function breakdowns(c: RuleContext, cat: string): { b: VatBreakdown; path: string }[] {
  return c.doc.vatBreakdown.map((b, i) => ({ b, path: `BG-23[${i + 1}]` })).filter((x) => norm(x.b.category) === cat);
}

type Cat = 'S' | 'Z' | 'E' | 'AE' | 'K' | 'G' | 'O' | 'L' | 'M';

const NAMES: Record<Cat, string> = {
  S: '„Normalsatz“ (S)',
  Z: '„Nullsatz“ (Z)',
  E: '„steuerbefreit“ (E)',
  AE: '„Umkehrung der Steuerschuldnerschaft“ (AE)',
  K: '„innergemeinschaftliche Lieferung“ (K)',
  G: '„Ausfuhr aus der EU“ (G)',
  O: '„nicht steuerbar“ (O)',
  L: '„IGIC, Kanarische Inseln“ (L)',
  M: '„IPSI, Ceuta und Melilla“ (M)',
};

function prefix(cat: Cat, syntax: 'ubl' | 'cii'): string {
  if (cat === 'K') return 'BR-IC';
  if (cat === 'L') return syntax === 'ubl' ? 'BR-IG' : 'BR-AF';
  if (cat === 'M') return syntax === 'ubl' ? 'BR-IP' : 'BR-AG';
  return `BR-${cat}`;
}

/** Which identifiers a category demands of seller (and buyer). */
function idsOk(c: RuleContext, cat: Cat): boolean {
  const s = c.doc.seller;
  const rep = has(c.doc.taxRepresentative?.vatId);
  const sellerVat = has(s.vatId);
  const sellerAny = sellerVat || has(s.taxRegistrationId);
  switch (cat) {
    case 'G':
      return sellerVat || rep;
    case 'K':
      return (sellerVat || rep) && has(c.doc.buyer.vatId);
    case 'AE':
      return (sellerAny || rep) && (has(c.doc.buyer.vatId) || !!c.doc.buyer.legalRegistrationId);
    case 'O':
      return !sellerVat && !rep && (c.cii || !has(c.doc.buyer.vatId));
    default:
      return sellerAny || rep;
  }
}

const ID_TEXT: Record<Cat, string> = {
  S: 'die Umsatzsteuer-Identifikationsnummer (BT-31), die Steuernummer (BT-32) oder die USt-IdNr. des Steuervertreters (BT-63) enthalten',
  Z: 'die Umsatzsteuer-Identifikationsnummer (BT-31), die Steuernummer (BT-32) oder die USt-IdNr. des Steuervertreters (BT-63) enthalten',
  E: 'die Umsatzsteuer-Identifikationsnummer (BT-31), die Steuernummer (BT-32) oder die USt-IdNr. des Steuervertreters (BT-63) enthalten',
  L: 'die Umsatzsteuer-Identifikationsnummer (BT-31), die Steuernummer (BT-32) oder die USt-IdNr. des Steuervertreters (BT-63) enthalten',
  M: 'die Umsatzsteuer-Identifikationsnummer (BT-31), die Steuernummer (BT-32) oder die USt-IdNr. des Steuervertreters (BT-63) enthalten',
  AE: 'die Kennung des Verkäufers (BT-31, BT-32 oder BT-63) und die USt-IdNr. (BT-48) oder Registernummer (BT-47) des Käufers enthalten',
  K: 'die USt-IdNr. des Verkäufers (BT-31) oder seines Steuervertreters (BT-63) und die USt-IdNr. des Käufers (BT-48) enthalten',
  G: 'die USt-IdNr. des Verkäufers (BT-31) oder seines Steuervertreters (BT-63) enthalten',
  O: 'keine USt-IdNr. des Verkäufers (BT-31), des Steuervertreters (BT-63) oder des Käufers (BT-48) enthalten',
};

type RateTest = 'positive' | 'zero' | 'absent' | 'nonNegative';

function rateOk(t: RateTest, r: DecimalText | undefined): boolean {
  if (t === 'absent') return !r;
  const v = r?.value;
  if (!v) return false;
  if (t === 'positive') return v.sign() > 0;
  if (t === 'zero') return v.isZero();
  return v.sign() >= 0;
}

const RATE_TEXT: Record<RateTest, string> = {
  positive: 'größer als null sein',
  zero: '0 (null) sein',
  absent: 'nicht angegeben sein',
  nonNegative: 'null oder größer als null sein',
};

function rateTests(cat: Cat, syntax: 'ubl' | 'cii'): [RateTest, RateTest, RateTest] {
  switch (cat) {
    case 'S':
      return ['positive', 'positive', 'positive'];
    case 'O':
      return ['absent', 'absent', 'absent'];
    case 'L':
      return syntax === 'ubl' ? ['nonNegative', 'nonNegative', 'nonNegative'] : ['positive', 'positive', 'positive'];
    case 'M':
      return syntax === 'ubl' ? ['nonNegative', 'nonNegative', 'nonNegative'] : ['nonNegative', 'positive', 'positive'];
    default:
      return ['zero', 'zero', 'zero'];
  }
}

const PER_RATE: ReadonlySet<Cat> = new Set(['S', 'L', 'M']);
const NEEDS_REASON: ReadonlySet<Cat> = new Set(['E', 'AE', 'K', 'G', 'O']);

/** Sum of net amounts for one category (optionally one rate) in one list, as the artefact computes it. */
function partSum(list: Use[], cat: Cat, rateMatch: ((r: DecimalText | undefined) => boolean) | undefined, roundParts: boolean): Decimal {
  const s = sum(list.filter((u) => u.cat === cat && (!rateMatch || rateMatch(u.rate))).map((u) => u.amount));
  return roundParts ? round2(s) : s;
}

function expectedBasis(c: RuleContext, cat: Cat, rateMatch?: (r: DecimalText | undefined) => boolean): Decimal {
  const u = usage(c);
  const roundParts = c.cii;
  return partSum(u.lines, cat, rateMatch, roundParts).add(partSum(u.charges, cat, rateMatch, roundParts)).sub(partSum(u.allowances, cat, rateMatch, roundParts));
}

function categoryRules(cat: Cat, syntax: 'ubl' | 'cii'): Rule[] {
  const p = prefix(cat, syntax);
  const name = NAMES[cat];
  const perRate = PER_RATE.has(cat);
  const [lineRate, allowRate, chargeRate] = rateTests(cat, syntax);
  const rules: Rule[] = [];

  rules.push(
    rule(
      `${p}-01`,
      'fatal',
      E,
      `Wird die Umsatzsteuerkategorie ${name} in Positionen, Nachlässen oder Zuschlägen verwendet, muss die Umsatzsteueraufschlüsselung (BG-23) ${perRate ? 'mindestens eine' : 'genau eine'} Aufschlüsselung dieser Kategorie enthalten.`,
      (c, fail) => {
        const u = usage(c);
        const lines = u.lines.filter((x) => x.cat === cat).length;
        const acs = u.allowances.filter((x) => x.cat === cat).length + u.charges.filter((x) => x.cat === cat).length;
        const used = lines + acs > 0;
        const bd = breakdowns(c, cat).length;
        let ok: boolean;
        if (syntax === 'ubl') ok = perRate ? (used ? bd > 0 : bd === 0) : !(used || bd > 0) || bd === 1;
        else if (perRate) ok = (lines === 0 || lines + bd >= 2) && (acs === 0 || acs + bd >= 2);
        else if (cat === 'O') ok = bd === 0 || (bd === 1 && used);
        else ok = (bd === 0 && !used) || (bd === 1 && used);
        if (!ok) fail('BG-23', `Kategorie ${cat}: ${bd} Aufschlüsselung(en), ${lines + acs} Verwendung(en)`);
      },
      syntax,
    ),
  );

  const idRule = (n: string, list: (u: Usage) => Use[], what: string): Rule =>
    rule(`${p}-${n}`, 'fatal', E, `Enthält die Rechnung ${what} der Kategorie ${name}, muss sie ${ID_TEXT[cat]}.`, (c, fail) => {
      if (list(usage(c)).some((x) => x.cat === cat) && !idsOk(c, cat)) fail('BG-4');
    }, syntax);
  rules.push(idRule('02', (u) => u.lines, 'eine Rechnungsposition (BG-25)'));
  rules.push(idRule('03', (u) => u.allowances, 'einen Nachlass auf Dokumentenebene (BG-20)'));
  rules.push(idRule('04', (u) => u.charges, 'einen Zuschlag auf Dokumentenebene (BG-21)'));

  const rateRule = (n: string, list: (u: Usage) => Use[], t: RateTest, what: string, bt: string): Rule =>
    rule(`${p}-${n}`, 'fatal', E, `In ${what} der Kategorie ${name} muss der Umsatzsteuersatz (${bt}) ${RATE_TEXT[t]}.`, (c, fail) => {
      for (const x of list(usage(c))) if (x.cat === cat && !rateOk(t, x.rate)) fail(`${x.path}/${bt}`, `Satz ${x.rate?.raw ?? '—'}`);
    }, syntax);
  rules.push(rateRule('05', (u) => u.lines, lineRate, 'einer Rechnungsposition (BG-25)', 'BT-152'));
  rules.push(rateRule('06', (u) => u.allowances, allowRate, 'einem Nachlass auf Dokumentenebene (BG-20)', 'BT-96'));
  rules.push(rateRule('07', (u) => u.charges, chargeRate, 'einem Zuschlag auf Dokumentenebene (BG-21)', 'BT-103'));

  rules.push(
    rule(
      `${p}-08`,
      'fatal',
      E,
      `Der Nettobetrag der Kategorie ${name} (BT-116) muss der Summe der Positionsnettobeträge zuzüglich Zuschläge abzüglich Nachlässe dieser Kategorie${perRate ? ' und dieses Steuersatzes' : ''} entsprechen.`,
      (c, fail) => {
        for (const { b, path } of breakdowns(c, cat)) {
          const basis = val(b.taxableAmount);
          if (!b.taxableAmount) continue;
          let expected: Decimal;
          let ok: boolean;
          if (perRate) {
            const r = val(b.rate);
            if (!r) continue; // no rate: the official test quantifies over an empty sequence
            if (syntax === 'ubl') {
              const key = roundInt(r);
              const match = (x: DecimalText | undefined): boolean => !!x?.value && roundInt(x.value).eq(key);
              const u = usage(c);
              const exists = [...u.lines, ...u.allowances, ...u.charges].some((x) => x.cat === cat && match(x.rate));
              expected = expectedBasis(c, cat, match);
              ok = !!basis && within1(basis, expected) && (cat !== 'S' || exists);
            } else {
              const match = (x: DecimalText | undefined): boolean => !!x?.value && x.value.eq(r);
              expected = expectedBasis(c, cat, match);
              ok = !!basis && basis.eq(expected);
            }
          } else {
            expected = expectedBasis(c, cat);
            const tolerant = syntax === 'cii' && cat !== 'O';
            ok = !!basis && (tolerant ? within1(basis, expected) : basis.eq(expected));
          }
          if (!ok) fail(`${path}/BT-116`, `angegeben ${b.taxableAmount.raw}, berechnet ${show(expected)}`);
        }
      },
      syntax,
    ),
  );

  rules.push(
    rule(
      `${p}-09`,
      'fatal',
      E,
      perRate
        ? `Der Steuerbetrag der Kategorie ${name} (BT-117) muss dem Nettobetrag (BT-116) mal Steuersatz (BT-119) entsprechen.`
        : `Der Steuerbetrag der Kategorie ${name} (BT-117) muss 0 (null) sein.`,
      (c, fail) => {
        for (const { b, path } of breakdowns(c, cat)) {
          if (!b.taxAmount) continue;
          const tax = val(b.taxAmount);
          let ok: boolean;
          if (!perRate) ok = !!tax && tax.isZero();
          else if (syntax === 'cii' && cat !== 'S') ok = true; // the CII artefact does not test BR-AF-09/BR-AG-09
          else {
            const basis = val(b.taxableAmount);
            const rate = val(b.rate);
            ok = !!tax && !!basis && !!rate && within1(tax.abs(), round2(basis.abs().mul(rate).shift(-2)));
          }
          if (!ok) fail(`${path}/BT-117`, `angegeben ${b.taxAmount.raw}`);
        }
      },
      syntax,
    ),
  );

  rules.push(
    rule(
      `${p}-10`,
      'fatal',
      E,
      NEEDS_REASON.has(cat)
        ? `Eine Umsatzsteueraufschlüsselung der Kategorie ${name} muss einen Befreiungsgrund (BT-120) oder einen Befreiungsgrund-Code (BT-121) enthalten.`
        : `Eine Umsatzsteueraufschlüsselung der Kategorie ${name} darf keinen Befreiungsgrund (BT-120) und keinen Befreiungsgrund-Code (BT-121) enthalten.`,
      (c, fail) => {
        for (const { b, path } of breakdowns(c, cat)) {
          const reason = has(b.exemptionReason) || has(b.exemptionReasonCode);
          if (reason !== NEEDS_REASON.has(cat)) fail(`${path}/BT-120`);
        }
      },
      syntax,
    ),
  );
  return rules;
}

const CATS: Cat[] = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M'];

/** All VAT category rules, generated per category and syntax. */
export const vatRules: Rule[] = [
  ...CATS.flatMap((cat) => [...categoryRules(cat, 'ubl'), ...categoryRules(cat, 'cii')]),
  rule('BR-IC-11', 'fatal', E, 'Bei einer innergemeinschaftlichen Lieferung (K) muss das Lieferdatum (BT-72) oder der Abrechnungszeitraum (BG-14) angegeben sein.', (c, fail) => {
    if (breakdowns(c, 'K').length === 0) return;
    const p = c.doc.invoicingPeriod;
    if (!c.doc.delivery?.actualDeliveryDate && !p?.start && !p?.end) fail('BT-72');
  }),
  rule('BR-IC-12', 'fatal', E, 'Bei einer innergemeinschaftlichen Lieferung (K) muss der Ländercode der Lieferanschrift (BT-80) angegeben sein.', (c, fail) => {
    if (breakdowns(c, 'K').length > 0 && !has(c.doc.delivery?.address?.countryCode)) fail('BT-80');
  }),
  rule('BR-O-11', 'fatal', E, 'Enthält die Rechnung eine Aufschlüsselung „nicht steuerbar“ (O), darf sie keine Aufschlüsselung anderer Kategorien enthalten.', (c, fail) => {
    if (breakdowns(c, 'O').length > 0 && c.doc.vatBreakdown.some((b) => norm(b.category) !== 'O')) fail('BG-23');
  }),
  rule('BR-O-12', 'fatal', E, 'Enthält die Rechnung eine Aufschlüsselung „nicht steuerbar“ (O), dürfen alle Rechnungspositionen nur die Kategorie O haben.', (c, fail) => {
    if (breakdowns(c, 'O').length === 0) return;
    for (const u of usage(c).lines) if (u.cat !== 'O') fail(`${u.path}/BT-151`);
  }),
  rule('BR-O-13', 'fatal', E, 'Enthält die Rechnung eine Aufschlüsselung „nicht steuerbar“ (O), dürfen Nachlässe auf Dokumentenebene nur die Kategorie O haben.', (c, fail) => {
    if (breakdowns(c, 'O').length === 0) return;
    for (const u of usage(c).allowances) if (u.cat !== 'O') fail(`${u.path}/BT-95`);
  }),
  rule('BR-O-14', 'fatal', E, 'Enthält die Rechnung eine Aufschlüsselung „nicht steuerbar“ (O), dürfen Zuschläge auf Dokumentenebene nur die Kategorie O haben.', (c, fail) => {
    if (breakdowns(c, 'O').length === 0) return;
    for (const u of usage(c).charges) if (u.cat !== 'O') fail(`${u.path}/BT-102`);
  }),
  rule('BR-B-01', 'fatal', E, 'Eine Rechnung mit der Kategorie „Split Payment“ (B) muss eine inländische italienische Rechnung sein.', (c, fail) => {
    const u = usage(c);
    const usesB = [...u.lines, ...u.allowances, ...u.charges].some((x) => x.cat === 'B') || breakdowns(c, 'B').length > 0;
    if (!usesB) return;
    const countries = [c.doc.seller.address?.countryCode, c.doc.buyer.address?.countryCode].filter(has).map((x) => x.trim());
    if (countries.some((x) => x !== 'IT')) fail('BT-40');
  }),
  rule('BR-B-02', 'fatal', E, 'Eine Rechnung mit der Kategorie „Split Payment“ (B) darf keine Positionen, Nachlässe oder Zuschläge mit Normalsatz (S) enthalten.', (c, fail) => {
    const u = usage(c);
    const all = [...u.lines, ...u.allowances, ...u.charges];
    if (all.some((x) => x.cat === 'B') && all.some((x) => x.cat === 'S')) fail('BT-151');
  }),
];
