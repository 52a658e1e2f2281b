import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FEHRBELLIN_2018,
  NRW_2024_SMALL,
  NRW_2024_SMALL_PARTIAL,
  SEEHOF_MV,
  addDays,
  divRoundHalfUp,
  formatEuro,
  isDay,
  isoWeekday,
  parseVersions,
  validateVersions,
  versionFor,
  type RulePreset,
  type RuleVersion,
} from './rules.ts';

const v = (preset: RulePreset, validFrom: string, validTo?: string | null, over: Partial<RuleVersion> = {}): RuleVersion => ({ ...preset, validFrom, validTo, ...over });

test('[B3][R14][N4] the presets carry the Satzung figures and pass validation and the schema', () => {
  assert.deepEqual(FEHRBELLIN_2018.monthlyByRole, { member: 6000, chair: 30000, deputy_chair: 15000 });
  assert.equal(FEHRBELLIN_2018.perMeeting, 2000);
  assert.deepEqual([SEEHOF_MV.perMeeting, SEEHOF_MV.chairPerMeeting, SEEHOF_MV.stateMaxPerMeetingCents], [4000, 6000, 4000]);
  assert.equal(NRW_2024_SMALL.monthlyByRole.member, 23460);
  assert.equal(NRW_2024_SMALL_PARTIAL.monthlyByRole.member, 12750);
  assert.equal(NRW_2024_SMALL.lostEarnings?.maxHourlyCents, 8400);
  assert.match(NRW_2024_SMALL_PARTIAL.source, /ANGENOMMEN/);
  for (const p of [FEHRBELLIN_2018, SEEHOF_MV, NRW_2024_SMALL, NRW_2024_SMALL_PARTIAL]) {
    const versions = [v(p, '2024-01-01', null)];
    assert.deepEqual(validateVersions(versions), [], p.name);
    assert.deepEqual(parseVersions(JSON.parse(JSON.stringify(versions))), { ok: true, versions }, p.name);
  }
});

test('consecutive versions without gap or overlap are valid, in any input order; only the last may be open', () => {
  const versions = [v(FEHRBELLIN_2018, '2025-01-01'), v(FEHRBELLIN_2018, '2018-01-01', '2024-06-30'), v(FEHRBELLIN_2018, '2024-07-01', '2024-12-31')];
  assert.deepEqual(validateVersions(versions), []);
  assert.deepEqual(validateVersions([]), []);
});

test('overlap: an open or too-late end is reported with German dates', () => {
  const open = [v(FEHRBELLIN_2018, '2024-07-01', null), v(FEHRBELLIN_2018, '2025-01-01')];
  assert.deepEqual(validateVersions(open), ['Die Regel ab 01.01.2025 überschneidet sich mit der Regel ab 01.07.2024.']);
  const late = [v(FEHRBELLIN_2018, '2025-01-01'), v(FEHRBELLIN_2018, '2024-07-01', '2025-01-15')];
  assert.deepEqual(validateVersions(late), ['Die Regel ab 01.01.2025 überschneidet sich mit der Regel ab 01.07.2024.']);
  const same = [v(FEHRBELLIN_2018, '2025-01-01', '2025-06-30'), v(FEHRBELLIN_2018, '2025-01-01')];
  assert.equal(validateVersions(same).length, 1);
});

test('gap: the uncovered days are named', () => {
  const oneDay = [v(FEHRBELLIN_2018, '2024-07-01', '2024-12-30'), v(FEHRBELLIN_2018, '2025-01-01')];
  assert.deepEqual(validateVersions(oneDay), ['Am 31.12.2024 gilt keine Regel (Lücke zwischen der Regel ab 01.07.2024 und der Regel ab 01.01.2025).']);
  const month = [v(FEHRBELLIN_2018, '2024-07-01', '2024-11-30'), v(FEHRBELLIN_2018, '2025-01-01')];
  assert.deepEqual(validateVersions(month), ['Vom 01.12.2024 bis 31.12.2024 gilt keine Regel (Lücke zwischen der Regel ab 01.07.2024 und der Regel ab 01.01.2025).']);
});

test('[R13] state maximum: MV Sitzungsgeld above 40 € is rejected; Seehof chair 60 € is not an ordinary Sitzungsgeld', () => {
  const tooHigh = v(SEEHOF_MV, '2024-01-01', null, { name: 'Dümmer (zu hoch)', perMeeting: 4500 });
  assert.deepEqual(validateVersions([tooHigh]), ['Regel ab 01.01.2024: Das Sitzungsgeld von 45,00 € übersteigt den landesrechtlichen Höchstbetrag von 40,00 €.']);
  assert.deepEqual(validateVersions([v(SEEHOF_MV, '2024-01-01')]), []);
  const chairMax = v(SEEHOF_MV, '2024-01-01', null, { stateMaxChairPerMeetingCents: 5000 });
  assert.match(validateVersions([chairMax])[0]!, /Sitzungsleitung von 60,00 € übersteigt den landesrechtlichen Höchstbetrag von 50,00 €/);
});

test('[N4] a standard hourly rate above the NRW maximum of 84 €/h, an inverted window and a reversed period are errors', () => {
  const bad = v(NRW_2024_SMALL, '2024-01-01', '2023-12-31', { lostEarnings: { hourlyCents: 9000, maxHourlyCents: 8400, window: { weekdays: [1], from: '18:00', to: '06:00' } } });
  assert.deepEqual(validateVersions([bad]), [
    'Regel ab 01.01.2024: Das Ende (31.12.2023) liegt vor dem Beginn.',
    'Regel ab 01.01.2024: Das Zeitfenster für Verdienstausfall muss vor 06:00 Uhr beginnen.',
    'Regel ab 01.01.2024: Der Regelstundensatz von 90,00 € übersteigt den Höchstsatz von 84,00 € je Stunde.',
  ]);
});

test('parseVersions rejects malformed input with German messages', () => {
  const r = parseVersions([{ ...FEHRBELLIN_2018, validFrom: '2025-02-30', perMeeting: -1, extra: true }]);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.ok(r.errors.includes('Regel 1 (validFrom): Datum im Format JJJJ-MM-TT erwartet'), r.errors.join('\n'));
  assert.ok(r.errors.some((e) => e.startsWith('Regel 1 (perMeeting): ') && /Zu klein/i.test(e)), r.errors.join('\n'));
  assert.ok(r.errors.some((e) => /Unbekannter Schlüssel/.test(e)), r.errors.join('\n'));
  const overlap = parseVersions([v(FEHRBELLIN_2018, '2024-07-01'), v(FEHRBELLIN_2018, '2025-01-01')]);
  assert.deepEqual(overlap, { ok: false, errors: ['Die Regel ab 01.01.2025 überschneidet sich mit der Regel ab 01.07.2024.'] });
});

test('versionFor picks the version valid on the day, boundaries inclusive', () => {
  const a = v(FEHRBELLIN_2018, '2018-01-01', '2024-12-31', { name: 'a' });
  const b = v(FEHRBELLIN_2018, '2025-01-01', undefined, { name: 'b' });
  assert.equal(versionFor([b, a], '2017-12-31'), undefined);
  assert.equal(versionFor([b, a], '2018-01-01')?.name, 'a');
  assert.equal(versionFor([b, a], '2024-12-31')?.name, 'a');
  assert.equal(versionFor([b, a], '2025-01-01')?.name, 'b');
  assert.equal(versionFor([b, a], '2099-01-01')?.name, 'b');
});

test('date and money helpers: exact, no floats', () => {
  assert.equal(isDay('2024-02-29'), true);
  assert.equal(isDay('2025-02-29'), false);
  assert.equal(addDays('2024-12-31', 1), '2025-01-01');
  assert.equal(addDays('2025-03-30', 1), '2025-03-31'); // DST change in Europe/Berlin is irrelevant
  assert.equal(isoWeekday('2025-03-08'), 6);
  assert.equal(isoWeekday('2025-03-09'), 7);
  assert.equal(formatEuro(123450), '1.234,50 €');
  assert.equal(formatEuro(5), '0,05 €');
  assert.equal(divRoundHalfUp(1, 2), 1);
  assert.equal(divRoundHalfUp(249000, 31), 8032);
  assert.equal(divRoundHalfUp(20 * 850, 60), 283);
  assert.throws(() => divRoundHalfUp(1.5, 2), RangeError);
});
