// Deterministic test data for reconciliation: debtors with German names and valid IBANs, claim accounts (Grundsteuer in
// quarterly instalments, Hundesteuer, Gewerbesteuer prepayments, fees, arrears of the previous year) and bank credits in
// the shapes seen on real statements, each with its ground truth. Seeded PRNG (mulberry32), no Math.random, so a test or
// benchmark sees exactly the same data every time.
//
// The ground truth is the payer's intent under the documented booking rules (engine.ts): money for a Kassenzeichen pays
// its oldest instalments first; a second payment of a fully paid account is an overpayment of its debtor.
import { kassenzeichen, kzDigits } from './kassenzeichen.ts';
import { germanIban } from './text.ts';
import type { Allocation, CreditEntry, EntryResult, OpenClaim } from './engine.ts';

export type Scenario =
  | 'exact' // Kassenzeichen in the purpose, many spellings, paid by the debtor
  | 'structured' // Kassenzeichen as structured reference
  | 'eref' // Kassenzeichen as EndToEndId / EREF+
  | 'typo' // one wrong digit
  | 'swap' // two neighbouring digits swapped
  | 'iban_amount' // no Kassenzeichen, debtor's IBAN, amount of one claim (or its oldest instalments)
  | 'iban_sum' // no Kassenzeichen, debtor's IBAN, first instalments of two accounts
  | 'partial' // less than the first instalment
  | 'overpaid' // more than the whole account
  | 'combined' // two or three Kassenzeichen in one transfer
  | 'other_payer' // Kassenzeichen, paid by someone else (no IBAN link)
  | 'duplicate' // the same single-claim account paid twice (second = overpayment)
  | 'split' // one instalment paid in two parts
  | 'name_only' // no Kassenzeichen, unknown IBAN, debtor's name and exact amount: worklist, not automatic
  | 'iban_other_amount' // no Kassenzeichen, debtor's IBAN, an amount no claim has: worklist
  | 'unrelated'; // salary refunds, supplier credit notes, grants: must never match

/** Share of each scenario among the generated entries (pairs count once per pair). */
export const DEFAULT_MIX: Readonly<Record<Scenario, number>> = {
  exact: 0.5, structured: 0.03, eref: 0.05, typo: 0.06, swap: 0.02, iban_amount: 0.07, iban_sum: 0.02, partial: 0.04, overpaid: 0.03,
  combined: 0.04, other_payer: 0.04, duplicate: 0.01, split: 0.01, name_only: 0.02, iban_other_amount: 0.01, unrelated: 0.05,
};

/** What an entry really pays. `automatic`: the entry carries evidence that the matching rules accept (a Kassenzeichen,
 *  possibly with one wrong digit or a neighbour swap, or the debtor's IBAN with an exact amount). */
export interface Truth {
  entryKey: string;
  scenario: Scenario;
  allocations: Allocation[];
  overpaymentCents: number;
  debtorId: string | null;
  automatic: boolean;
}

export interface GeneratedData {
  claims: OpenClaim[];
  entries: CreditEntry[];
  truth: Map<string, Truth>;
  debtors: number;
  accounts: number;
  scenarios: Record<Scenario, number>;
}

export interface GeneratorOptions {
  seed?: number;
  /** Number of open claims (instalments) to create. */
  claims: number;
  /** Number of credit entries; at most about 70 % of the number of accounts. */
  entries: number;
  mix?: Partial<Record<Scenario, number>>;
  /** Year of the current claims (default 2026); arrears are of the year before. */
  year?: number;
}

/** mulberry32: small, fast, seeded; good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Hans', 'Petra', 'Jürgen', 'Jörg', 'Björn', 'Günter', 'Käthe', 'Sören', 'Ursula', 'Klaus', 'Monika', 'Wolfgang', 'Sabine', 'Thomas', 'Andrea',
  'Michael', 'Birgit', 'Stefan', 'Karin', 'Frank', 'Heike', 'Uwe', 'Gabriele', 'Dieter', 'Renate', 'Bernd', 'Angelika', 'Rüdiger', 'Doris', 'Horst',
  'Brigitte', 'Werner', 'Christa', 'Helmut', 'Ingrid', 'Manfred', 'Marion', 'Peter', 'Susanne', 'Ralf', 'Anja', 'Matthias', 'Katrin', 'Jens',
  'Nicole', 'Torsten', 'Claudia', 'Holger', 'Martina', 'Lars', 'Kerstin', 'Sven', 'Silke', 'Dirk', 'Antje', 'Maik', 'Ines', 'René', 'Doreen', 'André',
  'Mandy', 'Lukas', 'Lea', 'Jonas', 'Mia', 'Leon', 'Emma', 'Finn', 'Hannah', 'Paul', 'Lena', 'Felix', 'Marie', 'Maximilian', 'Sophie', 'Tim',
  'Laura', 'Jan', 'Julia', 'Niklas', 'Anna', 'Ömer', 'Ayşe', 'Zoë', 'Joachim', 'Hannelore', 'Gerhard', 'Elfriede', 'Heinz', 'Gisela', 'Hans-Peter',
  'Karl-Heinz', 'Anne-Kathrin', 'Marie-Luise', 'Franz', 'Grete', 'Ernst', 'Erika', 'Otto', 'Liesel', 'Kurt', 'Irmgard', 'Fritz', 'Hildegard',
];
const LAST = [
  'Müller', 'Schröder', 'Köhler', 'Böhm', 'Krüger', 'Weiß', 'Groß', 'Schäfer', 'Jäger', 'Günther', 'Kühn', 'Fuchs', 'Wagner', 'Becker', 'Hoffmann',
  'Schulz', 'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Krause',
  'Meier', 'Lehmann', 'Schmid', 'Schulze', 'Maier', 'Herrmann', 'König', 'Walter', 'Mayer', 'Huber', 'Kaiser', 'Peters', 'Lang', 'Scholz', 'Möller',
  'Jung', 'Hahn', 'Schubert', 'Vogel', 'Friedrich', 'Keller', 'Frank', 'Berger', 'Winkler', 'Roth', 'Beck', 'Lorenz', 'Baumann', 'Franke',
  'Albrecht', 'Schuster', 'Simon', 'Ludwig', 'Winter', 'Kraus', 'Martin', 'Schumacher', 'Krämer', 'Vogt', 'Stein', 'Otto', 'Sommer', 'Seidel',
  'Heinrich', 'Brandt', 'Haas', 'Schreiber', 'Graf', 'Schulte', 'Dietrich', 'Ziegler', 'Kuhn', 'Pohl', 'Engel', 'Horn', 'Busch', 'Bergmann',
  'Thomas', 'Voigt', 'Sauer', 'Arnold', 'Wolff', 'Pfeiffer', 'Lübke', 'Wöhlk', 'Prüß', 'Dührkop', 'Bünger', 'Rühmann', 'Petersen', 'Jansen',
  'Hansen', 'Thiel', 'Kröger', 'Hinrichs', 'Behrens', 'Ehlers', 'Paulsen', 'Stüve', 'Gößling', 'Nöthlich', 'Yılmaz', 'Kaya', 'Nowak', 'Kowalski',
  'Nguyen', 'Popescu', 'von der Heide', 'Freiherr von Maltzahn', 'Mühlenbeck', 'Dräger', 'Lüdtke', 'Wendt', 'Rieck', 'Ohde', 'Timm', 'Saß',
];
const TRADES = ['Bau', 'Elektro', 'Dachdeckerei', 'Immobilien', 'Autohaus', 'Bäckerei', 'Fleischerei', 'Tischlerei', 'Gaststätte', 'Physiotherapie', 'Landhandel', 'Hausverwaltung', 'Steuerberatung', 'Kfz-Werkstatt', 'Blumen'];
const LEGAL = ['GmbH', 'GmbH & Co. KG', 'e.K.', 'KG', 'UG (haftungsbeschränkt)', 'OHG', 'AG', 'GbR'];
const BLZ = ['13050000', '13090000', '20050550', '10070000', '12030000', '13061008', '14051362', '43060967', '50010517', '76010085', '13061078', '20041155'];

type ClaimType = 'grundsteuer' | 'hundesteuer' | 'gewerbesteuer' | 'gebuehr' | 'rueckstand';

interface GDebtor {
  id: string;
  name: string;
  ibans: string[];
  company: boolean;
  accounts: GAccount[];
}

interface GAccount {
  digits: string;
  debtor: GDebtor;
  claims: OpenClaim[];
  type: ClaimType;
  used: boolean;
}

/** Generates claims, credit entries and their ground truth; the same options always give the same data. */
export function generate(o: GeneratorOptions): GeneratedData {
  const r = prng(o.seed ?? 1);
  const year = o.year ?? 2026;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const chance = (p: number) => r() < p;
  const iban = () => germanIban(pick(BLZ), String(int(1, 9_999_999_999)).padStart(10, '0'));
  const seqs = new Map<number, number>();
  const nextKz = (y: number): string => {
    const s = (seqs.get(y) ?? int(0, 200)) + 1 + (chance(0.3) ? int(1, 3) : 0);
    seqs.set(y, s);
    return kzDigits(kassenzeichen(y, s))!;
  };
  const personName = (): string => {
    const title = chance(0.06) ? (chance(0.2) ? 'Prof. Dr. ' : 'Dr. ') : '';
    return chance(0.08) ? `${title}${pick(FIRST)} und ${pick(FIRST)} ${pick(LAST)}` : `${title}${pick(FIRST)} ${pick(LAST)}`;
  };
  const companyName = (): string => {
    const t = pick(TRADES);
    return chance(0.5) ? `${t} ${pick(LAST)} ${pick(LEGAL)}` : `${pick(LAST)} ${t} ${pick(LEGAL)}`;
  };
  const date = (m: number, d: number, y = year) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const QUARTERS = [date(2, 15), date(5, 15), date(8, 15), date(11, 15)];

  // --- debtors, accounts, claims -------------------------------------------------------------------------------------
  const claims: OpenClaim[] = [];
  const debtors: GDebtor[] = [];
  const accounts: GAccount[] = [];
  let claimNo = 0;
  const addAccount = (d: GDebtor, type: ClaimType, y: number, all: { cents: number; due: string }[]) => {
    const parts = all.slice(0, o.claims - claims.length); // exactly o.claims claims
    if (parts.length === 0) return;
    const acc: GAccount = { digits: nextKz(y), debtor: d, claims: [], type, used: false };
    const kz = `${acc.digits.slice(0, 2)}-${acc.digits.slice(2, 9)}-${acc.digits.slice(9)}`;
    for (const p of parts) {
      const c: OpenClaim = { id: `k${++claimNo}`, kassenzeichen: kz, debtorId: d.id, debtorName: d.name, debtorIbans: d.ibans, openCents: p.cents, dueDate: p.due, type };
      acc.claims.push(c);
      claims.push(c);
    }
    d.accounts.push(acc);
    accounts.push(acc);
  };
  const quarterly = (annual: number) => {
    if (annual <= 1500) return [{ cents: annual, due: date(8, 15) }]; // § 28 (2) GrStG: small amounts once a year …
    if (annual <= 3000) return [{ cents: annual - Math.floor(annual / 2), due: date(2, 15) }, { cents: Math.floor(annual / 2), due: date(8, 15) }]; // … or twice
    const q = Math.floor(annual / 4);
    return QUARTERS.map((due, i) => ({ cents: i === 0 ? annual - 3 * q : q, due }));
  };
  while (claims.length < o.claims) {
    const company = chance(0.18);
    const d: GDebtor = { id: `d${debtors.length + 1}`, name: company ? companyName() : personName(), ibans: [], company, accounts: [] };
    if (chance(0.85)) {
      d.ibans.push(iban());
      if (chance(0.1)) d.ibans.push(iban());
    }
    const prev = debtors.at(-1);
    if (!company && prev && !prev.company && prev.ibans[0] && chance(0.02)) d.ibans.push(prev.ibans[0]); // spouses, one account
    debtors.push(d);
    if (company) {
      if (chance(0.85)) {
        const q = int(100, 20_000) * 100;
        addAccount(d, 'gewerbesteuer', year, QUARTERS.map((due) => ({ cents: q, due })));
      }
      if (chance(0.2)) addAccount(d, 'gewerbesteuer', year, [{ cents: int(5_000, 2_000_000), due: date(3, int(1, 28)) }]);
      if (chance(0.6)) addAccount(d, 'grundsteuer', year, quarterly(int(300_00, 12_000_00)));
      if (chance(0.3) || d.accounts.length === 0) addAccount(d, 'gebuehr', year, [{ cents: int(20, 900) * 50, due: date(int(1, 3), int(1, 28)) }]);
    } else {
      if (chance(0.75)) addAccount(d, 'grundsteuer', year, quarterly(chance(0.04) ? int(500, 3_000) : int(60_00, 1_800_00)));
      if (chance(0.25)) addAccount(d, 'hundesteuer', year, [{ cents: pick([48_00, 60_00, 72_00, 90_00, 96_00, 120_00, 150_00, 180_00, 600_00]), due: chance(0.5) ? date(2, 15) : date(7, 1) }]);
      if (chance(0.25) || d.accounts.length === 0) addAccount(d, 'gebuehr', year, [{ cents: chance(0.5) ? int(2, 90) * 500 : int(1_000, 45_000), due: date(int(1, 3), int(1, 28)) }]);
      if (chance(0.08)) addAccount(d, 'rueckstand', year - 1, [{ cents: int(2_000, 250_000), due: date(11, 15, year - 1) }]);
    }
    if (d.accounts.length === 0) debtors.pop();
  }

  // --- texts ---------------------------------------------------------------------------------------------------------
  const kzSpelling = (digits: string): string => {
    const yy = digits.slice(0, 2);
    const seq = digits.slice(2, 9);
    const c = digits.slice(9);
    switch (int(0, 7)) {
      case 0: return `${yy}-${seq}-${c}`;
      case 1: return digits;
      case 2: return `${yy} ${seq} ${c}`;
      case 3: return `${yy}.${seq}.${c}`;
      case 4: return `${yy}-${seq}${c}`;
      case 5: return `${yy}${seq}-${c}`;
      case 6: return `${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8)}`;
      default: return `${yy}-${seq}-${c}`;
    }
  };
  const LABELS = ['', '', 'KZ ', 'KZ: ', 'KZ.', 'Kassenzeichen ', 'Kassenzeichen: ', 'kassenzeichen ', 'Kassenz. ', 'AZ ', 'Az.: ', 'Kassen-Zeichen ', 'Kassenzeichen-Nr. ', 'kz', 'KASSENZEICHEN '];
  const kzText = (digits: string) => `${pick(LABELS)}${kzSpelling(digits)}`;
  const purpose = (a: GAccount): string => {
    switch (a.type) {
      case 'grundsteuer': return pick(['Grundsteuer Q1 2026', 'Grundsteuer 1. Quartal', 'GrSt I/26', 'Grundsteuer B', 'Grundbesitzabgaben 2026', 'Grundsteuer Hauptstr. 12', 'Grundsteuer']);
      case 'hundesteuer': return pick(['Hundesteuer 2026', 'Hundesteuer Bello', 'Hundest. 2026', 'Hundesteuer fuer Luna']);
      case 'gewerbesteuer': return pick(['Gewerbesteuer VZ I/2026', 'GewSt-Vorauszahlung 1/2026', 'Gewerbesteuer', 'GewSt 2026']);
      case 'gebuehr': return pick(['Gebuehr Bescheid vom 12.01.2026', 'Verwaltungsgebühr', 'Friedhofsgebühren', 'Sondernutzung', 'Gebühr Ausweis', 'Abfallgebühren 2026']);
      default: return pick(['Rückstand 2025', 'Mahnung vom 03.02.2026', 'Restzahlung 2025']);
    }
  };
  const translit = (s: string) => s.toUpperCase().replace(/Ä/g, 'AE').replace(/Ö/g, 'OE').replace(/Ü/g, 'UE').replace(/ẞ|ß/g, 'SS');
  const bankName = (d: GDebtor): string => {
    const x = r();
    if (x < 0.4) return d.name;
    if (x < 0.65) return translit(d.name);
    if (x < 0.8 && !d.company) {
      const parts = d.name.replace(/^(Prof\. )?Dr\. /, '').split(' ');
      return `${parts.at(-1)}, ${parts.slice(0, -1).join(' ')}`;
    }
    return translit(d.name).slice(0, 27);
  };
  const otherPayer = (): string => (chance(0.6) ? personName() : pick([`Steuerbüro ${pick(LAST)}`, `Hausverwaltung ${pick(LAST)} GmbH`, `${pick(LAST)} Immobilien GmbH`]));
  const wrap = (text: string, name: string, eref?: string): string => {
    const x = r();
    if (x < 0.35) return text;
    if (x < 0.55) return (text.match(/.{1,35}/g) ?? []).join('\n'); // camt Ustrd / SEPA lines cut at 35 characters
    if (x < 0.75) {
      // a raw MT940 :86: purpose: 27-character ?2x fields, payer bank and account in ?30/?31, physical lines of 65
      const purposeText = `EREF+${eref ?? 'NOTPROVIDED'}SVWZ+${text}`;
      const chunks = purposeText.match(/.{1,27}/g) ?? [];
      const fields = chunks.slice(0, 14).map((c, i) => `?${i < 10 ? 20 + i : 60 + i - 10}${c}`);
      const raw = `166?00GUTSCHRIFT?109310${fields.join('')}?30${pick(BLZ)}?31${String(int(1, 9_999_999_999)).padStart(10, '0')}?32${translit(name).slice(0, 27)}`;
      return (raw.match(/.{1,65}/g) ?? []).join('\n');
    }
    if (x < 0.9) return translit(text);
    return `EREF+${eref ?? 'NOTPROVIDED'} SVWZ+${text}`;
  };
  const mix = (parts: string[]) => (chance(0.5) ? parts.join(' ') : [...parts].reverse().join(' '));

  // --- entries -------------------------------------------------------------------------------------------------------
  const pool = accounts.map((a) => a);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  let cursor = 0;
  const take = (ok: (a: GAccount) => boolean = () => true): GAccount | null => {
    while (cursor < pool.length && pool[cursor]!.used) cursor++;
    for (let i = cursor, tries = 0; i < pool.length && tries < 20_000; i++) {
      const a = pool[i]!;
      if (a.used) continue;
      tries++;
      if (ok(a)) {
        a.used = true;
        return a;
      }
    }
    return null;
  };
  const unused = (d: GDebtor) => d.accounts.filter((a) => !a.used);
  const payK = (a: GAccount) => {
    const n = a.claims.length;
    if (n === 1) return 1;
    const x = r();
    return x < 0.75 ? 1 : x < 0.95 ? n : 2;
  };
  const full = (a: GAccount, k: number): Allocation[] => a.claims.slice(0, k).map((c) => ({ claimId: c.id, cents: c.openCents }));
  const sum = (al: Allocation[]) => al.reduce((s, x) => s + x.cents, 0);
  const payerIban = (d: GDebtor) => (d.ibans.length > 0 ? pick(d.ibans) : iban());
  const bookingDate = () => date(int(2, 3), int(1, 28));

  const entries: CreditEntry[] = [];
  const truth = new Map<string, Truth>();
  const pairs: [string, string][] = [];
  const counts = Object.fromEntries(Object.keys(DEFAULT_MIX).map((k) => [k, 0])) as Record<Scenario, number>;
  const weights = { ...DEFAULT_MIX, ...(o.mix ?? {}) };
  const scenarioList = Object.keys(weights) as Scenario[];
  const totalWeight = scenarioList.reduce((s, k) => s + weights[k], 0);
  const chooseScenario = (): Scenario => {
    let x = r() * totalWeight;
    for (const k of scenarioList) if ((x -= weights[k]) < 0) return k;
    return 'exact';
  };
  const emit = (scenario: Scenario, e: Omit<CreditEntry, 'key' | 'currency' | 'bookingDate'>, t: Omit<Truth, 'entryKey' | 'scenario'>): string => {
    const key = `e${entries.length + 1}`;
    entries.push({ key, currency: 'EUR', bookingDate: bookingDate(), ...e });
    truth.set(key, { entryKey: key, scenario, ...t });
    counts[scenario]++;
    return key;
  };
  const mutate = (digits: string, kind: 'typo' | 'swap'): string => {
    for (;;) {
      if (kind === 'typo') {
        const p = int(0, 9);
        const d = (Number(digits[p]) + int(1, 9)) % 10;
        return digits.slice(0, p) + String(d) + digits.slice(p + 1);
      }
      const p = int(0, 8);
      if (digits[p] === digits[p + 1]) continue;
      return digits.slice(0, p) + digits[p + 1] + digits[p] + digits.slice(p + 2);
    }
  };
  const UNRELATED: (() => [string, string])[] = [
    () => ['Landesamt für Finanzen MV', `Erstattung Bezüge ${pick(['Januar', 'Februar', 'März'])} ${year} Pers.-Nr. ${int(1_000_000, 9_999_999)}`],
    () => ['Bundesagentur für Arbeit', `Erstattung Eingliederungszuschuss ${String(int(1, 9_999_999_999)).padStart(10, '0')}`],
    () => ['AOK Nordost', `Erstattung U1-Umlage Versicherter ${pick(['A', 'B', 'K'])}${int(100_000_000, 999_999_999)}`],
    () => ['Büromarkt Böttcher GmbH', `Gutschrift zu Rechnung RE-${year}-${int(10_000, 99_999)} Kd.-Nr. ${int(100_000, 999_999)}`],
    () => ['Stadtwerke Rostock AG', `Rückerstattung Abschlag Vertragskonto ${String(int(1, 9_999_999_999)).padStart(10, '0')}`],
    () => ['Telekom Deutschland GmbH', `Gutschrift Kundenkonto ${int(1, 9)} ${int(100, 999)} ${int(100, 999)} ${int(1000, 9999)}`],
    () => ['Versicherungskammer Bayern', `Schadenregulierung Schaden-Nr. ${int(100, 999)}/${int(1_000_000, 9_999_999)}`],
    () => ['Finanzamt Rostock', `Gemeindeanteil Einkommensteuer ${pick(['I', 'II', 'III', 'IV'])}/${year - 1}`],
    () => ['Landkreis Rostock', `Schlüsselzuweisung ${pick(['Februar', 'März'])} ${year} Az. 20.${int(10, 99)}.${int(100, 999)}`],
    () => [`${pick(FIRST)} ${pick(LAST)}`, `Rückzahlung Vorschuss Reisekosten ${int(1, 28)}.0${int(1, 3)}.${year}`],
    () => ['Kreissparkasse', `Zinsen ${year - 1} Konto ${String(int(1, 9_999_999_999)).padStart(10, '0')}`],
  ];

  let guard = 0;
  while (entries.length < o.entries && guard++ < o.entries * 20) {
    const sc = chooseScenario();
    switch (sc) {
      case 'exact':
      case 'structured':
      case 'eref':
      case 'typo':
      case 'swap':
      case 'other_payer': {
        const a = take();
        if (!a) break;
        const k = payK(a);
        const al = full(a, k);
        const byDebtor = sc === 'other_payer' ? false : sc === 'typo' || sc === 'swap' ? chance(0.75) : true;
        const payer = byDebtor ? bankName(a.debtor) : otherPayer();
        const digits = sc === 'typo' || sc === 'swap' ? mutate(a.digits, sc) : a.digits;
        const base = { amountCents: sum(al), counterpartyName: payer, counterpartyIban: byDebtor ? payerIban(a.debtor) : iban() };
        if (sc === 'structured') emit(sc, { ...base, structuredRef: chance(0.5) ? digits : kzSpelling(digits), remittance: purpose(a) }, { allocations: al, overpaymentCents: 0, debtorId: a.debtor.id, automatic: true });
        else if (sc === 'eref') {
          const eref = chance(0.5) ? digits : `KZ${digits}`;
          emit(sc, { ...base, endToEndId: eref, remittance: wrap(purpose(a), payer, eref) }, { allocations: al, overpaymentCents: 0, debtorId: a.debtor.id, automatic: true });
        } else emit(sc, { ...base, remittance: wrap(mix([kzText(digits), purpose(a)]), payer) }, { allocations: al, overpaymentCents: 0, debtorId: a.debtor.id, automatic: true });
        break;
      }
      case 'iban_amount': {
        const a = take((x) => x.debtor.ibans.length > 0);
        if (!a) break;
        const al = full(a, a.claims.length === 1 ? 1 : chance(0.85) ? 1 : a.claims.length);
        emit(sc, { amountCents: sum(al), counterpartyName: bankName(a.debtor), counterpartyIban: payerIban(a.debtor), remittance: wrap(purpose(a), a.debtor.name) }, { allocations: al, overpaymentCents: 0, debtorId: a.debtor.id, automatic: true });
        break;
      }
      case 'iban_sum': {
        const a = take((x) => x.debtor.ibans.length > 0 && unused(x.debtor).length >= 2);
        if (!a) break;
        const b = unused(a.debtor)[0]!;
        b.used = true;
        const al = [...full(a, 1), ...full(b, 1)];
        emit(sc, { amountCents: sum(al), counterpartyName: bankName(a.debtor), counterpartyIban: payerIban(a.debtor), remittance: wrap(pick(['Steuern und Abgaben 2026', 'Zahlung Gemeinde', 'Abgaben 1. Quartal', 'Grundsteuer und Hundesteuer']), a.debtor.name) }, { allocations: al, overpaymentCents: 0, debtorId: a.debtor.id, automatic: true });
        break;
      }
      case 'partial':
      case 'split': {
        const a = take();
        if (!a) break;
        const first = a.claims[0]!;
        if (first.openCents < 200) break;
        const part = Math.max(1, Math.min(first.openCents - 1, Math.floor(first.openCents * (0.2 + 0.7 * r())) + int(0, 99)));
        const payer = bankName(a.debtor);
        const ibanOfPayer = payerIban(a.debtor);
        const k1 = emit(sc, { amountCents: part, counterpartyName: payer, counterpartyIban: ibanOfPayer, remittance: wrap(mix([kzText(a.digits), purpose(a), pick(['Teilzahlung', 'Rate 1', ''])]), payer) }, { allocations: [{ claimId: first.id, cents: part }], overpaymentCents: 0, debtorId: a.debtor.id, automatic: true });
        if (sc === 'split') {
          const rest = first.openCents - part;
          const k2 = emit(sc, { amountCents: rest, counterpartyName: payer, counterpartyIban: ibanOfPayer, remittance: wrap(mix([kzText(a.digits), 'Restzahlung']), payer) }, { allocations: [{ claimId: first.id, cents: rest }], overpaymentCents: 0, debtorId: a.debtor.id, automatic: true });
          pairs.push([k1, k2]);
        }
        break;
      }
      case 'overpaid': {
        const a = take();
        if (!a) break;
        const al = full(a, a.claims.length);
        const extra = int(1, 200) * (chance(0.5) ? 100 : 1) + (chance(0.3) ? int(1, 99) : 0);
        const payer = bankName(a.debtor);
        emit(sc, { amountCents: sum(al) + extra, counterpartyName: payer, counterpartyIban: payerIban(a.debtor), remittance: wrap(mix([kzText(a.digits), purpose(a)]), payer) }, { allocations: al, overpaymentCents: extra, debtorId: a.debtor.id, automatic: true });
        break;
      }
      case 'combined': {
        const n = chance(0.7) ? 2 : 3;
        const sameDebtor = chance(0.6);
        const first = take((x) => !sameDebtor || (unused(x.debtor).length >= n && x.debtor.ibans.length > 0));
        if (!first) break;
        const list = [first];
        for (let i = 1; i < n; i++) {
          const next = sameDebtor ? unused(first.debtor)[0] : take();
          if (!next) break;
          next.used = true;
          list.push(next);
        }
        const al = list.flatMap((a) => full(a, 1));
        const payer = sameDebtor ? bankName(first.debtor) : otherPayer();
        const sep = pick([' und ', ', ', ' + ', ' / ', '; ']);
        const text = chance(0.5) ? `${pick(['KZ ', 'Kassenzeichen ', ''])}${list.map((a) => kzSpelling(a.digits)).join(sep)} ${purpose(first)}` : list.map((a) => `${purpose(a)} ${kzText(a.digits)}`).join(' ');
        emit(sc, { amountCents: sum(al), counterpartyName: payer, counterpartyIban: sameDebtor ? payerIban(first.debtor) : iban(), remittance: wrap(text, payer) }, { allocations: al, overpaymentCents: 0, debtorId: first.debtor.id, automatic: true });
        break;
      }
      case 'duplicate': {
        const a = take((x) => x.claims.length === 1);
        if (!a) break;
        const al = full(a, 1);
        const payer = bankName(a.debtor);
        const ib = payerIban(a.debtor);
        const text = wrap(mix([kzText(a.digits), purpose(a)]), payer);
        const k1 = emit(sc, { amountCents: sum(al), counterpartyName: payer, counterpartyIban: ib, remittance: text }, { allocations: al, overpaymentCents: 0, debtorId: a.debtor.id, automatic: true });
        const k2 = emit(sc, { amountCents: sum(al), counterpartyName: payer, counterpartyIban: ib, remittance: text }, { allocations: [], overpaymentCents: sum(al), debtorId: a.debtor.id, automatic: true });
        pairs.push([k1, k2]);
        break;
      }
      case 'name_only': {
        const a = take();
        if (!a) break;
        const al = full(a, 1);
        emit(sc, { amountCents: sum(al), counterpartyName: chance(0.5) ? a.debtor.name : translit(a.debtor.name), counterpartyIban: iban(), remittance: wrap(purpose(a), a.debtor.name) }, { allocations: al, overpaymentCents: 0, debtorId: a.debtor.id, automatic: false });
        break;
      }
      case 'iban_other_amount': {
        const a = take((x) => x.debtor.ibans.length > 0 && x.claims[0]!.openCents >= 500);
        if (!a) break;
        const first = a.claims[0]!;
        const amount = first.openCents - Math.max(1, Math.floor(first.openCents * (0.01 + 0.3 * r())));
        emit(sc, { amountCents: amount, counterpartyName: bankName(a.debtor), counterpartyIban: payerIban(a.debtor), remittance: wrap(purpose(a), a.debtor.name) }, { allocations: [{ claimId: first.id, cents: amount }], overpaymentCents: 0, debtorId: a.debtor.id, automatic: false });
        break;
      }
      case 'unrelated': {
        const [name, text] = pick(UNRELATED)();
        emit(sc, { amountCents: int(500, 5_000_000), counterpartyName: name, counterpartyIban: iban(), remittance: wrap(text, name) }, { allocations: [], overpaymentCents: 0, debtorId: null, automatic: false });
        break;
      }
    }
  }

  // Shuffle, then make the first of each pair come first again.
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  const pos = new Map(entries.map((e, i) => [e.key, i]));
  for (const [a, b] of pairs) {
    const pa = pos.get(a)!;
    const pb = pos.get(b)!;
    if (pa > pb) {
      [entries[pa], entries[pb]] = [entries[pb]!, entries[pa]!];
      pos.set(a, pb);
      pos.set(b, pa);
    }
  }
  return { claims, entries, truth, debtors: debtors.length, accounts: accounts.length, scenarios: counts };
}

/** Counts of an evaluation against the ground truth, per scenario and in total. */
export interface Accuracy {
  entries: number;
  /** Entries whose truth is `automatic`. */
  automaticExpected: number;
  /** Of those, booked automatically exactly as the truth says (same claims, same cents, same overpayment and debtor). */
  automaticCorrect: number;
  /** automaticCorrect / automaticExpected. */
  rate: number;
  /** Automatic bookings to a claim the truth does not pay, or an overpayment credited to the wrong debtor. */
  wrong: number;
  /** Automatic bookings to the right claims with other amounts. */
  misallocated: number;
  wrongKeys: string[];
  unrelated: number;
  unrelatedUnmatched: number;
  /** Entries that went to the worklist, and how often the truth's account is the first suggestion. */
  worklist: number;
  worklistTop1: number;
  byScenario: Record<string, { entries: number; correct: number; unmatched: number; wrong: number }>;
}

/** Compares reconciliation results with the generator's ground truth. */
export function evaluate(results: readonly EntryResult[], truth: ReadonlyMap<string, Truth>, claimsById?: ReadonlyMap<string, OpenClaim>): Accuracy {
  const acc: Accuracy = { entries: results.length, automaticExpected: 0, automaticCorrect: 0, rate: 0, wrong: 0, misallocated: 0, wrongKeys: [], unrelated: 0, unrelatedUnmatched: 0, worklist: 0, worklistTop1: 0, byScenario: {} };
  const norm = (al: readonly Allocation[]) => al.map((a) => `${a.claimId}:${a.cents}`).sort().join(',');
  for (const r of results) {
    const t = truth.get(r.entryKey);
    if (!t) continue;
    const s = (acc.byScenario[t.scenario] ??= { entries: 0, correct: 0, unmatched: 0, wrong: 0 });
    s.entries++;
    if (t.automatic) acc.automaticExpected++;
    if (t.scenario === 'unrelated') {
      acc.unrelated++;
      if (r.status === 'unmatched') acc.unrelatedUnmatched++;
    }
    if (r.status === 'unmatched') {
      s.unmatched++;
      acc.worklist++;
      const top = r.suggestions[0];
      const firstClaim = t.allocations[0] && claimsById?.get(t.allocations[0].claimId);
      if (top && firstClaim && kzDigits(top.kassenzeichen) === kzDigits(firstClaim.kassenzeichen)) acc.worklistTop1++;
      continue;
    }
    const truthClaims = new Set(t.allocations.map((a) => a.claimId));
    const badClaim = r.allocations.some((a) => !truthClaims.has(a.claimId));
    const badDebtor = r.overpaymentCents > 0 && r.debtorId !== t.debtorId;
    const exact = norm(r.allocations) === norm(t.allocations) && r.overpaymentCents === t.overpaymentCents && (r.overpaymentCents === 0 || r.debtorId === t.debtorId);
    if (badClaim || badDebtor || t.scenario === 'unrelated') {
      acc.wrong++;
      s.wrong++;
      acc.wrongKeys.push(r.entryKey);
    } else if (!exact) acc.misallocated++;
    if (exact && t.automatic) {
      acc.automaticCorrect++;
      s.correct++;
    }
  }
  acc.rate = acc.automaticExpected === 0 ? 1 : acc.automaticCorrect / acc.automaticExpected;
  return acc;
}
