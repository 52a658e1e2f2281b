// Expected amounts are worked out by hand from the Satzung figures in /work/shared/domain/council.md
// ("Compensation (Entschädigung)"); the source key of each figure is in the test name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { billMonth, type Attendance, type BillingMember, type BillInput } from './engine.ts';
import { FEHRBELLIN_2018, NRW_2024_SMALL, NRW_2024_SMALL_PARTIAL, NRW_ASSUMED_SITZUNGSGELD_CENTS, SEEHOF_MV, type AllowanceConfig, type RulePreset, type RuleVersion } from './rules.ts';

const v = (preset: RulePreset, validFrom = '2018-01-01', validTo?: string, over: Partial<RuleVersion> = {}): RuleVersion => ({ ...preset, validFrom, validTo: validTo ?? null, ...over });

const base: AllowanceConfig = { monthlyByRole: {}, perMeeting: 0, meetingKinds: ['council', 'committee', 'fraktion'], sameDayCountsOnce: false, fraktionCap: 'none' };
const custom = (name: string, c: Partial<AllowanceConfig>, validFrom = '2000-01-01', validTo?: string): RuleVersion => ({ ...base, ...c, name, validFrom, validTo: validTo ?? null });

const member = (over: Partial<BillingMember> = {}): BillingMember => ({
  personId: 'p1',
  name: 'Erika Musterfrau',
  roles: [{ role: 'member', bodyId: 'gv', bodyKind: 'council', from: '2024-06-01', to: null }],
  lostEarnings: 'none',
  ...over,
});

let n = 0;
const meeting = (date: string, over: Partial<Attendance> = {}): Attendance => ({
  meetingId: `m${++n}`,
  date,
  start: '19:00',
  end: '21:00',
  bodyKind: 'council',
  bodyName: 'Gemeindevertretung',
  chaired: false,
  ...over,
});

const bill = (input: Partial<BillInput> & Pick<BillInput, 'month' | 'versions'>) => billMonth({ member: member(), attendances: [], ...input });
const amounts = (b: ReturnType<typeof billMonth>, kind: string) => b.lines.filter((l) => l.kind === kind).map((l) => l.amountCents);

// ---------------------------------------------------------------------------------------------
// Fehrbellin [B3]: 60 €/month + 20 € per council/committee/working meeting; chair +300 €/month.

test('[B3] Fehrbellin: member with 3 meetings in a month = 60 + 3 × 20 = 120,00 €', () => {
  const b = bill({
    month: '2025-03',
    versions: [v(FEHRBELLIN_2018)],
    attendances: [
      meeting('2025-03-04'),
      meeting('2025-03-11', { bodyKind: 'committee', bodyName: 'Bauausschuss' }),
      meeting('2025-03-18', { bodyKind: 'working_group', bodyName: 'AG Dorfentwicklung' }),
    ],
  });
  assert.equal(b.totalCents, 6000 + 3 * 2000);
  assert.equal(b.totalCents, 12000);
  assert.deepEqual(amounts(b, 'monthly'), [6000]);
  assert.deepEqual(amounts(b, 'meeting'), [2000, 2000, 2000]);
  assert.equal(b.ruleVersion, 'Fehrbellin 2018');
  assert.deepEqual(b.lines[0], { kind: 'monthly', text: 'Monatliche Aufwandsentschädigung', amountCents: 6000, ruleVersion: 'Fehrbellin 2018', quantity: 1, unit: 'Monat', unitCents: 6000 });
});

test('[B3] Fehrbellin: chair of the Gemeindevertretung gets +300 €/month on top (60 + 300 + 3 × 20 = 420,00 €)', () => {
  const chair = member({ roles: [...member().roles, { role: 'chair', bodyId: 'gv', bodyKind: 'council', from: '2024-06-01' }] });
  const b = billMonth({ month: '2025-03', versions: [v(FEHRBELLIN_2018)], member: chair, attendances: [meeting('2025-03-04'), meeting('2025-03-11'), meeting('2025-03-18')] });
  assert.equal(b.totalCents, 6000 + 30000 + 3 * 2000);
  assert.deepEqual(amounts(b, 'chair_monthly'), [30000]);
  assert.equal(b.lines.find((l) => l.kind === 'chair_monthly')?.role, 'chair');
});

test('[B3] Fehrbellin: a committee chair gets no council-chair supplement; a Fraktion meeting is not a paid kind', () => {
  const m = member({ roles: [...member().roles, { role: 'chair', bodyId: 'bau', bodyKind: 'committee', from: '2024-06-01' }] });
  const b = billMonth({ month: '2025-03', versions: [v(FEHRBELLIN_2018)], member: m, attendances: [meeting('2025-03-04', { bodyKind: 'fraktion', bodyName: 'Fraktion Bürgerliste' })] });
  assert.equal(b.totalCents, 6000);
  assert.deepEqual(amounts(b, 'chair_monthly'), []);
  const f = b.lines.find((l) => l.kind === 'meeting')!;
  assert.equal(f.amountCents, 0);
  assert.match(f.note!, /keine Entschädigung/);
});

test('[B3] Fehrbellin: acting deputy chair gets 50 % (150 €) only when acting more than two weeks of the month', () => {
  const acting = (from: string, to: string) => member({ roles: [...member().roles, { role: 'deputy_chair', bodyId: 'gv', bodyKind: 'council', from, to }] });
  const long = billMonth({ month: '2025-04', versions: [v(FEHRBELLIN_2018)], member: acting('2025-04-10', '2025-04-25'), attendances: [] }); // 16 days
  assert.deepEqual(amounts(long, 'chair_monthly'), [15000]);
  assert.equal(long.totalCents, 6000 + 15000);
  const short = billMonth({ month: '2025-04', versions: [v(FEHRBELLIN_2018)], member: acting('2025-04-10', '2025-04-19'), attendances: [] }); // 10 days
  assert.equal(short.totalCents, 6000);
  const line = short.lines.find((l) => l.role === 'deputy_chair')!;
  assert.equal(line.amountCents, 0);
  assert.match(line.note!, /10 Tagen.*mindestens 15 Tage/);
});

test('[B3] Fehrbellin: joining mid-month pays the flat rate pro rata, rounded half up once (60 € × 21/31 = 40,65 €)', () => {
  const m = member({ roles: [{ role: 'member', bodyId: 'gv', bodyKind: 'council', from: '2025-03-11' }] });
  const b = billMonth({ month: '2025-03', versions: [v(FEHRBELLIN_2018)], member: m, attendances: [] });
  // 6000 × 21 / 31 = 4064.516… → 4065
  assert.equal(b.totalCents, 4065);
  assert.equal(b.lines[0]!.text, 'Monatliche Aufwandsentschädigung (anteilig 21 von 31 Tagen)');
  assert.equal(b.lines[0]!.date, '2025-03-11');
  const april = billMonth({ month: '2025-04', versions: [v(FEHRBELLIN_2018)], member: m, attendances: [] });
  assert.equal(april.totalCents, 6000);
});

// ---------------------------------------------------------------------------------------------
// Seehof / Dümmer, Mecklenburg-Vorpommern [R13][R14]

test('[R14] Seehof: committee chair gets 60 € instead of (not on top of) 40 € for a meeting they lead', () => {
  const b = bill({
    month: '2025-05',
    versions: [v(SEEHOF_MV)],
    attendances: [
      meeting('2025-05-06', { bodyKind: 'committee', bodyName: 'Finanzausschuss', chaired: true }),
      meeting('2025-05-13', { bodyKind: 'committee', bodyName: 'Bauausschuss' }),
      meeting('2025-05-20', { chaired: true }), // council meeting: chairPerMeeting applies to committees only
    ],
  });
  assert.deepEqual(amounts(b, 'meeting'), [6000, 4000, 4000]);
  assert.equal(b.totalCents, 6000 + 4000 + 4000);
  assert.equal(b.lines[0]!.text, 'Sitzungsgeld Finanzausschuss (Sitzungsleitung)');
  assert.deepEqual(amounts(b, 'monthly'), []);
});

test('[R13] Dümmer raised Sitzungsgeld 30 → 40 € in 2023: a month straddling the change pays each meeting by the version of its day', () => {
  // The day of the change is illustrative; council.md gives only the year.
  const versions = [
    custom('Dümmer bis 14.06.2023', { perMeeting: 3000, stateMaxPerMeetingCents: 4000, meetingKinds: ['council', 'committee'] }, '2019-01-01', '2023-06-14'),
    custom('Dümmer ab 15.06.2023', { perMeeting: 4000, stateMaxPerMeetingCents: 4000, meetingKinds: ['council', 'committee'] }, '2023-06-15'),
  ];
  const b = bill({ month: '2023-06', versions, attendances: [meeting('2023-06-20'), meeting('2023-06-05', { bodyKind: 'committee', bodyName: 'Hauptausschuss' })] });
  assert.deepEqual(
    b.lines.map((l) => [l.date, l.amountCents, l.ruleVersion]),
    [
      ['2023-06-05', 3000, 'Dümmer bis 14.06.2023'],
      ['2023-06-20', 4000, 'Dümmer ab 15.06.2023'],
    ],
  );
  assert.equal(b.totalCents, 7000);
  assert.equal(b.ruleVersion, 'Dümmer bis 14.06.2023 / Dümmer ab 15.06.2023');
});

test('version switch mid-month splits the monthly flat pro rata by days, and the lines add up exactly', () => {
  const versions = [
    custom('alt', { monthlyByRole: { member: 6000 } }, '2020-01-01', '2025-03-10'),
    custom('neu', { monthlyByRole: { member: 9000 } }, '2025-03-11'),
  ];
  const b = bill({ month: '2025-03', versions });
  // exact: (6000 × 10 + 9000 × 21) / 31 = 249000 / 31 = 8032.26 → 8032; first line 60000/31 = 1935.48 → 1935; second 8032 − 1935
  assert.deepEqual(amounts(b, 'monthly'), [1935, 6097]);
  assert.equal(b.totalCents, 8032);
  assert.deepEqual(b.lines.map((l) => l.text), ['Monatliche Aufwandsentschädigung (anteilig 10 von 31 Tagen)', 'Monatliche Aufwandsentschädigung (anteilig 21 von 31 Tagen)']);
  // same amount in both versions: two lines that still add up to the full 60,00 €
  const same = bill({ month: '2025-03', versions: [custom('a', { monthlyByRole: { member: 6000 } }, '2020-01-01', '2025-03-14'), custom('b', { monthlyByRole: { member: 6000 } }, '2025-03-15')] });
  assert.equal(same.totalCents, 6000);
});

// ---------------------------------------------------------------------------------------------
// Same-day rule: Hüfingen [X13], lawful per BayVGH 4 N 07.1051 [X16]

test('[X13] Hüfingen: committee and council on the same day count as one meeting; travel is paid once that day [X16]', () => {
  // council.md gives no Hüfingen amount: 20 € Sitzungsgeld and 30 ct/km are illustrative.
  const versions = [custom('Hüfingen (Beispielbeträge)', { perMeeting: 2000, sameDayCountsOnce: true, travelPerKmCents: 30 })];
  const b = billMonth({
    month: '2025-03',
    versions,
    member: member({ distanceKm: 24 }),
    attendances: [
      meeting('2025-03-12', { start: '17:00', end: '18:30', bodyKind: 'committee', bodyName: 'Technischer Ausschuss' }),
      meeting('2025-03-12', { start: '19:00', end: '21:00' }),
      meeting('2025-03-26', { bodyKind: 'committee', bodyName: 'Verwaltungsausschuss' }),
    ],
  });
  assert.deepEqual(amounts(b, 'meeting'), [2000, 0, 2000]);
  const second = b.lines.filter((l) => l.kind === 'meeting')[1]!;
  assert.equal(second.note, 'Weitere Sitzung am selben Tag – nicht gesondert vergütet (ein Sitzungsgeld je Tag).');
  // 24 km × 0,30 € = 7,20 € per day, once per day
  assert.deepEqual(amounts(b, 'travel'), [720, 720]);
  assert.match(b.lines.find((l) => l.kind === 'travel')!.note!, /Eine Fahrt für 2 Sitzungen/);
  assert.equal(b.totalCents, 2 * 2000 + 2 * 720);
});

test('[X13] same-day rule pays the higher amount (chaired 60 €) and prefers a non-Fraktion meeting on a tie', () => {
  const versions = [custom('Beispiel', { perMeeting: 4000, chairPerMeeting: 6000, sameDayCountsOnce: true, fraktionCap: { kind: 'fixed', perMonth: 1 } })];
  const b = bill({
    month: '2025-03',
    versions,
    attendances: [
      meeting('2025-03-12', { start: '16:00', end: '17:00', bodyKind: 'fraktion', bodyName: 'Fraktion A' }),
      meeting('2025-03-12', { start: '17:00', end: '18:00', bodyKind: 'committee', bodyName: 'Bauausschuss', chaired: true }),
      meeting('2025-03-19', { start: '16:00', end: '17:00', bodyKind: 'fraktion', bodyName: 'Fraktion A' }),
      meeting('2025-03-19', { start: '18:00', end: '19:00' }),
      meeting('2025-03-26', { bodyKind: 'fraktion', bodyName: 'Fraktion A' }),
    ],
  });
  // 12.: chaired committee (60 €) wins; 19.: tie → council wins, Fraktion quota untouched; 26.: the one Fraktion meeting of the month is paid
  assert.deepEqual(amounts(b, 'meeting'), [0, 6000, 0, 4000, 4000]);
  assert.equal(b.totalCents, 14000);
});

// ---------------------------------------------------------------------------------------------
// Fraktion caps: Meißen [X12], RP fixed number [X18], NRW only with a cap [N4]

test('[X12] Meißen: 4th Fraktion meeting in a month with 3 council meetings that year is unpaid, with a note; +5 €/month paperless', () => {
  const versions = [custom('Meißen', { perMeeting: 2000, fraktionCap: { kind: 'council_meetings' }, paperlessBonusCents: 500 })];
  const b = billMonth({
    month: '2025-03',
    versions,
    member: member({ paperless: true }),
    countsThisYear: { fraktionPaid: 0, councilMeetings: 3 },
    attendances: ['2025-03-03', '2025-03-10', '2025-03-17', '2025-03-24'].map((d) => meeting(d, { bodyKind: 'fraktion', bodyName: 'Fraktion Freie Wähler' })),
  });
  assert.deepEqual(amounts(b, 'meeting'), [2000, 2000, 2000, 0]);
  const fourth = b.lines.filter((l) => l.kind === 'meeting')[3]!;
  assert.match(fourth.note!, /höchstens so oft vergütet, wie Ratssitzungen stattfanden \(3 in diesem Jahr\)/);
  assert.deepEqual(amounts(b, 'paperless'), [500]);
  assert.equal(b.totalCents, 3 * 2000 + 500);
});

test('[X12] Meißen cap counts Fraktion meetings already paid earlier in the year', () => {
  const versions = [custom('Meißen', { perMeeting: 2000, fraktionCap: { kind: 'council_meetings' } })];
  const b = bill({
    month: '2025-03',
    versions,
    countsThisYear: { fraktionPaid: 2, councilMeetings: 3 },
    attendances: [meeting('2025-03-03', { bodyKind: 'fraktion' }), meeting('2025-03-10', { bodyKind: 'fraktion' })],
  });
  assert.deepEqual(amounts(b, 'meeting'), [2000, 0]);
  // without year counts only the council meetings attended this month count (here: 1) — conservative
  const noCounts = bill({ month: '2025-03', versions, attendances: [meeting('2025-03-03', { bodyKind: 'fraktion' }), meeting('2025-03-04')] });
  assert.deepEqual(amounts(noCounts, 'meeting'), [2000, 2000]);
});

test('[X18] RP: a fixed number of paid Fraktion meetings per year', () => {
  const versions = [custom('RP Beispiel', { perMeeting: 2500, fraktionCap: { kind: 'fixed', perYear: 10 } })];
  const b = bill({ month: '2025-11', versions, countsThisYear: { fraktionPaid: 9, councilMeetings: 0 }, attendances: [meeting('2025-11-03', { bodyKind: 'fraktion' }), meeting('2025-11-17', { bodyKind: 'fraktion' })] });
  assert.deepEqual(amounts(b, 'meeting'), [2500, 0]);
  assert.match(b.lines[1]!.note!, /10 vergüteten Fraktionssitzungen im Jahr/);
});

// ---------------------------------------------------------------------------------------------
// NRW EntschVO 2024 [N4]

test('[N4] NRW ≤10,000 inhabitants, full flat rate 234,60 €: meetings covered, Fraktion unpaid without a cap, lost earnings capped at 84 €/h', () => {
  const b = billMonth({
    month: '2025-03',
    versions: [v(NRW_2024_SMALL, '2024-01-01')],
    member: member({ lostEarnings: 'employee', hourlyRateCents: 10000 }),
    attendances: [
      meeting('2025-03-05', { start: '10:00', end: '12:00' }), // Wednesday
      meeting('2025-03-05', { start: '14:00', end: '16:00', bodyKind: 'fraktion', bodyName: 'SPD-Fraktion' }),
    ],
  });
  // 100 €/h claimed → 84 €/h; 2 h × 84 € = 168 €; the Fraktion meeting earns nothing (no cap in the Hauptsatzung)
  assert.deepEqual(amounts(b, 'monthly'), [23460]);
  assert.deepEqual(amounts(b, 'meeting'), [0, 0]);
  assert.equal(b.lines.filter((l) => l.kind === 'meeting')[0]!.note, 'Mit der monatlichen Pauschale abgegolten.');
  assert.match(b.lines.filter((l) => l.kind === 'meeting')[1]!.note!, /nur vergütet, wenn die Hauptsatzung ihre Zahl begrenzt/);
  const le = b.lines.filter((l) => l.kind === 'lost_earnings');
  assert.equal(le.length, 1);
  assert.deepEqual([le[0]!.quantity, le[0]!.unitCents, le[0]!.amountCents], [2, 8400, 16800]);
  assert.match(le[0]!.note!, /100,00 € auf den Höchstsatz von 84,00 € begrenzt/);
  assert.equal(b.totalCents, 23460 + 16800);
});

test('[N4] NRW partial flat rate 127,50 € + Sitzungsgeld (ASSUMED amount); Fraktion meetings paid once the Hauptsatzung caps them', () => {
  const capped = v(NRW_2024_SMALL_PARTIAL, '2024-01-01', undefined, { fraktionCap: { kind: 'fixed', perYear: 20 } });
  const attendances = [meeting('2025-03-05'), meeting('2025-03-10', { bodyKind: 'fraktion', bodyName: 'SPD-Fraktion' })];
  const b = bill({ month: '2025-03', versions: [capped], attendances });
  assert.equal(b.totalCents, 12750 + 2 * NRW_ASSUMED_SITZUNGSGELD_CENTS);
  const uncapped = bill({ month: '2025-03', versions: [v(NRW_2024_SMALL_PARTIAL, '2024-01-01')], attendances });
  assert.equal(uncapped.totalCents, 12750 + NRW_ASSUMED_SITZUNGSGELD_CENTS);
});

// ---------------------------------------------------------------------------------------------
// Lost earnings: Hemhofen window [X15], Taufkirchen rates [X14]

const hemhofen = custom('Hemhofen', { perMeeting: 0, lostEarnings: { hourlyCents: 6000, window: { weekdays: [1, 2, 3, 4, 5], from: '06:00', to: '18:00' } } });

test('[X15] Hemhofen: 60 €/h only Mon–Fri 6–18 h — a meeting 17:00–20:00 counts 1 hour = 60,00 €', () => {
  const b = billMonth({ month: '2025-03', versions: [hemhofen], member: member({ lostEarnings: 'employee' }), attendances: [meeting('2025-03-04', { start: '17:00', end: '20:00' })] }); // Tuesday
  const le = b.lines.find((l) => l.kind === 'lost_earnings')!;
  assert.equal(le.amountCents, 6000);
  assert.equal(le.quantity, 1);
  assert.equal(le.text, 'Verdienstausfall Gemeindevertretung (1:00 Std.)');
  assert.equal(le.note, 'Nur Zeit innerhalb Mo–Fr 06:00–18:00 Uhr wird angerechnet.');
  assert.equal(b.totalCents, 6000);
});

test('[X15] Hemhofen: nothing on a Saturday; partial attendance counts only the time present', () => {
  const m = member({ lostEarnings: 'employee' });
  const sat = billMonth({ month: '2025-03', versions: [hemhofen], member: m, attendances: [meeting('2025-03-08', { start: '10:00', end: '13:00' })] });
  assert.equal(sat.totalCents, 0);
  assert.match(sat.lines.find((l) => l.kind === 'lost_earnings')!.note!, /Mo–Fr/);
  // arrived 17:30 to a 16:00–20:00 meeting: present 17:30–20:00, inside the window 17:30–18:00 = 30 min = 30,00 €
  const late = billMonth({ month: '2025-03', versions: [hemhofen], member: m, attendances: [meeting('2025-03-04', { start: '16:00', end: '20:00', arrived: '17:30' })] });
  const le = late.lines.find((l) => l.kind === 'lost_earnings')!;
  assert.equal(le.amountCents, 3000);
  assert.match(le.note!, /^Anwesend 17:30–20:00 Uhr\./);
  // left 17:00 from a 15:00–19:00 meeting: 2 h
  const early = billMonth({ month: '2025-03', versions: [hemhofen], member: m, attendances: [meeting('2025-03-04', { start: '15:00', end: '19:00', left: '17:00' })] });
  assert.equal(early.totalCents, 12000);
});

test('[X14] Taufkirchen: self-employed 15 €/h, others 8,50 €/h; minutes × rate rounded half up once', () => {
  const versions = [custom('Taufkirchen', { perMeeting: 2500, lostEarnings: { hourlyCents: 850, selfEmployedHourlyCents: 1500 } })];
  const at = [meeting('2025-03-04', { start: '14:00', end: '16:30' })];
  const self = billMonth({ month: '2025-03', versions, member: member({ lostEarnings: 'self_employed' }), attendances: at });
  assert.deepEqual(amounts(self, 'lost_earnings'), [3750]); // 2.5 h × 15 €
  const emp = billMonth({ month: '2025-03', versions, member: member({ lostEarnings: 'employee' }), attendances: at });
  assert.deepEqual(amounts(emp, 'lost_earnings'), [2125]); // 2.5 h × 8,50 €
  assert.equal(emp.totalCents, 2500 + 2125);
  const none = billMonth({ month: '2025-03', versions, member: member({ lostEarnings: 'none' }), attendances: at });
  assert.deepEqual(amounts(none, 'lost_earnings'), []);
  // 20 minutes × 8,50 €/h = 283.33… ct → 283 ct
  const short = billMonth({ month: '2025-03', versions, member: member({ lostEarnings: 'employee' }), attendances: [meeting('2025-03-04', { start: '14:00', end: '14:20' })] });
  assert.deepEqual(amounts(short, 'lost_earnings'), [283]);
});

test('lost earnings: overlapping meetings on one day count each minute once; per-meeting and per-month caps', () => {
  const versions = [custom('Caps', { lostEarnings: { hourlyCents: 2000, capPerMeetingCents: 5000, capPerMonthCents: 8000 } })];
  const b = billMonth({
    month: '2025-03',
    versions,
    member: member({ lostEarnings: 'employee' }),
    attendances: [
      meeting('2025-03-04', { start: '09:00', end: '13:00' }), // 4 h × 20 € = 80 € → per-meeting cap 50 €
      meeting('2025-03-04', { start: '12:00', end: '14:00', bodyKind: 'committee' }), // only 13–14 new: 20 €
      meeting('2025-03-05', { start: '09:00', end: '11:00' }), // 40 €, but only 10 € left of the 80 € month cap
    ],
  });
  assert.deepEqual(amounts(b, 'lost_earnings'), [5000, 2000, 1000]);
  const [first, second, third] = b.lines.filter((l) => l.kind === 'lost_earnings');
  assert.match(first!.note!, /50,00 € je Sitzung/);
  assert.match(second!.note!, /nicht doppelt/);
  assert.match(third!.note!, /Monatshöchstbetrag von 80,00 €/);
});

test('lost earnings: a meeting past midnight counts until its end', () => {
  const versions = [custom('Mitternacht', { lostEarnings: { hourlyCents: 1200 } })];
  const b = billMonth({ month: '2025-03', versions, member: member({ lostEarnings: 'employee' }), attendances: [meeting('2025-03-04', { start: '22:00', end: '00:30' })] });
  assert.deepEqual(amounts(b, 'lost_earnings'), [3000]); // 2.5 h × 12 €
});

// ---------------------------------------------------------------------------------------------
// Pause rule: Bad Liebenwerda [B4]

test('[B4] Bad Liebenwerda: 85 €/month pauses after more than 2 months without attending', () => {
  const versions = [custom('Bad Liebenwerda 2014', { monthlyByRole: { member: 8500 }, pauseAfterMonthsAbsent: 2 })];
  const run = (prior: Array<number | null>, attendances: Attendance[] = []) => bill({ month: '2025-03', versions, priorMonthsAttendance: prior, attendances });
  assert.equal(run([3, 0]).totalCents, 8500); // 2nd month absent: still paid
  const paused = run([2, 0, 0]); // 3rd month absent
  assert.equal(paused.totalCents, 0);
  assert.match(paused.lines[0]!.note!, /ruht: seit 3 Monaten keine Sitzungsteilnahme/);
  assert.equal(run([0, 0, 0], [meeting('2025-03-04', { bodyKind: 'committee' })]).lines[0]!.amountCents, 8500); // back: paid again
  assert.equal(run([0, null, 0]).totalCents, 0); // a month without meetings doesn't interrupt the absence
  // A billed month without any meeting (summer break) does not lengthen the absence: two absent months before it.
  const summer = (prior: Array<number | null>) => bill({ month: '2025-07', versions, priorMonthsAttendance: prior, attendances: [], noMeetingsThisMonth: true });
  assert.equal(summer([3, 0, 0]).totalCents, 8500);
  assert.equal(summer([0, 0, 0]).totalCents, 0); // already three months absent: the pause goes on
});

// ---------------------------------------------------------------------------------------------
// General behaviour

test('lines are ordered deterministically whatever the input order', () => {
  const versions = [v(FEHRBELLIN_2018)];
  const at = [meeting('2025-03-18', { meetingId: 'b' }), meeting('2025-03-04', { meetingId: 'z' }), meeting('2025-03-18', { meetingId: 'a', start: '19:00' })];
  const one = bill({ month: '2025-03', versions, attendances: at });
  const two = bill({ month: '2025-03', versions, attendances: [...at].reverse() });
  assert.deepEqual(one, two);
  assert.deepEqual(one.lines.map((l) => l.meetingId ?? '-'), ['-', 'z', 'a', 'b']);
});

test('days without a rule version and attendances outside the month', () => {
  const versions = [custom('ab 15.', { perMeeting: 1000, monthlyByRole: { member: 3100 } }, '2025-03-15')];
  const b = bill({ month: '2025-03', versions, attendances: [meeting('2025-03-04'), meeting('2025-03-20')] });
  assert.deepEqual(amounts(b, 'meeting'), [0, 1000]);
  assert.match(b.lines.find((l) => l.kind === 'meeting')!.note!, /keine Entschädigungsregel/);
  assert.deepEqual(amounts(b, 'monthly'), [1700]); // 3100 × 17/31
  assert.throws(() => bill({ month: '2025-03', versions, attendances: [meeting('2025-04-01')] }), RangeError);
  assert.throws(() => bill({ month: '2025-13', versions }), RangeError);
});
