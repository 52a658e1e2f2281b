// Notice-period engine (Ladungsfrist). Source keys: /work/shared/domain/council.md (c) "Invitation and deadlines".
// Instants are written with their Berlin offset (+01:00 winter, +02:00 summer) so every example reads as a Berlin
// wall-clock time; DST 2026 starts on 29 March and ends on 25 October.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BB_DEFAULT,
  berlinDay,
  checkDispatch,
  formatGermanDay,
  isDispatchOnTime,
  latestDispatchDay,
  MV_CRIVITZ,
  NOTICE_PRESETS,
  NRW_ERFTSTADT,
  NRW_METTMANN,
  validateNoticeRule,
  type NoticeRule,
} from './deadlines.ts';

const at = (iso: string) => new Date(iso);

// ---------------------------------------------------------------------------------------------------------------
// MV, Amt Crivitz: 10 calendar days, ≥ 4 if urgent [R2]; neither end day counted (strict reading, see deadlines.ts)

test('[R2] MV Crivitz: meeting on Fri 2026-11-20 → latest dispatch Mon 2026-11-09 (10 days 10th–19th in between)', () => {
  const meeting = at('2026-11-20T18:00:00+01:00');
  assert.equal(latestDispatchDay(MV_CRIVITZ, meeting, false), '2026-11-09');
  assert.equal(latestDispatchDay(MV_CRIVITZ, meeting, true), '2026-11-15'); // 4 urgent days: 16th–19th

  const lastMinute = isDispatchOnTime(MV_CRIVITZ, at('2026-11-09T23:59:00+01:00'), meeting, false);
  assert.deepEqual(lastMinute, { onTime: true, latestDay: '2026-11-09', daysCounted: 10, required: 10 });
  const midnight = isDispatchOnTime(MV_CRIVITZ, at('2026-11-10T00:00:00+01:00'), meeting, false);
  assert.deepEqual(midnight, { onTime: false, latestDay: '2026-11-09', daysCounted: 9, required: 10 });
});

test('[R2] MV Crivitz: the late-dispatch message names the missed day and asks for an urgency reason', () => {
  const r = checkDispatch(MV_CRIVITZ, { dispatchAt: at('2026-11-03T09:00:00+01:00'), meetingStart: at('2026-11-13T18:00:00+01:00'), urgent: false, urgencyReason: '' });
  assert.deepEqual(r, {
    ok: false,
    reason: 'late',
    latestDay: '2026-11-02',
    message: 'Die Ladungsfrist von 10 Tagen ist nicht mehr einzuhalten: Die Einladung hätte spätestens am 02.11.2026 versandt werden müssen. Versenden Sie nur mit Dringlichkeitsbegründung.',
  });
  assert.deepEqual(checkDispatch(MV_CRIVITZ, { dispatchAt: at('2026-11-02T16:00:00+01:00'), meetingStart: at('2026-11-13T18:00:00+01:00'), urgent: false }), { ok: true });
});

test('[R2] MV Crivitz urgent session: a reason is required, and even then 4 days', () => {
  const meetingStart = at('2026-11-13T18:00:00+01:00'); // urgent latest: 2026-11-08 (9th–12th in between)
  const onUrgentDay = at('2026-11-08T10:00:00+01:00');
  assert.deepEqual(checkDispatch(MV_CRIVITZ, { dispatchAt: onUrgentDay, meetingStart, urgent: true, urgencyReason: 'Fördermittelfrist läuft am 15.11. ab' }), { ok: true });

  for (const urgencyReason of [undefined, null, '', '   \n']) {
    const r = checkDispatch(MV_CRIVITZ, { dispatchAt: onUrgentDay, meetingStart, urgent: true, urgencyReason });
    assert.equal(r.ok, false);
    if (r.ok) continue;
    assert.equal(r.reason, 'urgency_reason_missing', JSON.stringify(urgencyReason));
    assert.equal(r.latestDay, '2026-11-02'); // the regular deadline is the one missed
    assert.match(r.message, /Dringlichkeitsbegründung/);
  }

  const dayAfter = at('2026-11-09T08:00:00+01:00');
  const tooLate = checkDispatch(MV_CRIVITZ, { dispatchAt: dayAfter, meetingStart, urgent: true, urgencyReason: 'eilig' });
  assert.equal(tooLate.ok, false);
  if (!tooLate.ok) {
    assert.equal(tooLate.reason, 'too_late_even_if_urgent');
    assert.equal(tooLate.latestDay, '2026-11-08');
    assert.equal(
      tooLate.message,
      'Auch die verkürzte Ladungsfrist für Dringlichkeitssitzungen von 4 Tagen ist nicht mehr einzuhalten: Die Einladung hätte spätestens am 08.11.2026 versandt werden müssen. Verlegen Sie die Sitzung.',
    );
  }
  // Not marked urgent, but urgency would not help either: say so rather than asking for a reason.
  const notUrgent = checkDispatch(MV_CRIVITZ, { dispatchAt: dayAfter, meetingStart, urgent: false });
  assert.equal(notUrgent.ok === false && notUrgent.reason, 'too_late_even_if_urgent');
});

test('[R2] dispatch after the meeting has started is refused even with urgency', () => {
  const meetingStart = at('2026-11-13T18:00:00+01:00');
  const zeroRule: NoticeRule = { ...MV_CRIVITZ, urgentDays: 0 };
  assert.equal(isDispatchOnTime(zeroRule, at('2026-11-13T17:00:00+01:00'), meetingStart, true).onTime, true);
  const r = checkDispatch(zeroRule, { dispatchAt: at('2026-11-13T18:30:00+01:00'), meetingStart, urgent: true, urgencyReason: 'Unwetter' });
  assert.equal(r.ok === false && r.reason, 'too_late_even_if_urgent');
  assert.equal(r.ok === false && r.message, 'Die Sitzung hat bereits begonnen: Eine Einladung ist nicht mehr möglich.');
});

test('[R2] days are Berlin days across the spring DST change (not UTC days, not 24-hour blocks)', () => {
  const meeting = at('2026-03-30T18:00:00+02:00'); // Monday after DST started on 29 March
  assert.equal(latestDispatchDay(MV_CRIVITZ, meeting, false), '2026-03-19');
  assert.equal(isDispatchOnTime(MV_CRIVITZ, at('2026-03-19T23:59:00+01:00'), meeting, false).onTime, true);
  // 2026-03-19T23:30Z is still the 19th in UTC but already the 20th in Berlin → late.
  const r = isDispatchOnTime(MV_CRIVITZ, at('2026-03-19T23:30:00Z'), meeting, false);
  assert.deepEqual(r, { onTime: false, latestDay: '2026-03-19', daysCounted: 9, required: 10 });
});

test('[R2] a meeting just after Berlin midnight counts from its Berlin day', () => {
  const meeting = at('2026-11-19T23:30:00Z'); // 2026-11-20 00:30 in Berlin
  assert.equal(berlinDay(meeting), '2026-11-20');
  assert.equal(latestDispatchDay(MV_CRIVITZ, meeting, false), '2026-11-09');
});

test('[R2] month ends: February 2026 (28 days) and leap-year February 2028', () => {
  assert.equal(latestDispatchDay(MV_CRIVITZ, at('2026-03-05T19:00:00+01:00'), false), '2026-02-22'); // 23.–28.2. + 1.–4.3.
  assert.equal(latestDispatchDay(MV_CRIVITZ, at('2028-03-05T19:00:00+01:00'), false), '2028-02-23'); // 24.–29.2. + 1.–4.3.
  assert.equal(latestDispatchDay(MV_CRIVITZ, at('2026-08-03T19:00:00+02:00'), false), '2026-07-23');
});

// ---------------------------------------------------------------------------------------------------------------
// NRW, Erftstadt: 12 days counting dispatch day and meeting day, 5 if urgent [N1]

test('[N1] Erftstadt: dispatch on day X, meeting on X+11 is on time (both end days count: 12)', () => {
  const meeting = at('2027-01-08T17:00:00+01:00');
  assert.equal(latestDispatchDay(NRW_ERFTSTADT, meeting, false), '2026-12-28'); // across the year end
  assert.deepEqual(isDispatchOnTime(NRW_ERFTSTADT, at('2026-12-28T15:00:00+01:00'), meeting, false), { onTime: true, latestDay: '2026-12-28', daysCounted: 12, required: 12 });
  assert.deepEqual(isDispatchOnTime(NRW_ERFTSTADT, at('2026-12-29T08:00:00+01:00'), meeting, false), { onTime: false, latestDay: '2026-12-28', daysCounted: 11, required: 12 });
});

test('[N1] Erftstadt urgent: 5 days counting both ends → X+4; with reason accepted', () => {
  const meetingStart = at('2027-01-08T17:00:00+01:00');
  assert.equal(latestDispatchDay(NRW_ERFTSTADT, meetingStart, true), '2027-01-04');
  assert.equal(isDispatchOnTime(NRW_ERFTSTADT, at('2027-01-04T12:00:00+01:00'), meetingStart, true).daysCounted, 5);
  assert.deepEqual(checkDispatch(NRW_ERFTSTADT, { dispatchAt: at('2027-01-04T12:00:00+01:00'), meetingStart, urgent: true, urgencyReason: 'Haushaltssperre' }), { ok: true });
  const r = checkDispatch(NRW_ERFTSTADT, { dispatchAt: at('2027-01-05T12:00:00+01:00'), meetingStart, urgent: true, urgencyReason: 'Haushaltssperre' });
  assert.equal(r.ok === false && r.reason, 'too_late_even_if_urgent');
  assert.equal(r.ok === false && r.latestDay, '2027-01-04');
  assert.match(r.ok ? '' : r.message, /von 5 Tagen .* 04\.01\.2027/);
});

test('[N1] Erftstadt across the autumn DST change', () => {
  const meeting = at('2026-10-30T18:00:00+01:00'); // DST ended on 25 October
  assert.equal(latestDispatchDay(NRW_ERFTSTADT, meeting, false), '2026-10-19');
  assert.equal(isDispatchOnTime(NRW_ERFTSTADT, at('2026-10-19T23:59:00+02:00'), meeting, false).onTime, true);
  assert.equal(isDispatchOnTime(NRW_ERFTSTADT, at('2026-10-20T00:00:00+02:00'), meeting, false).onTime, false);
});

// ---------------------------------------------------------------------------------------------------------------
// NRW, Mettmann: 10 full days [N2]

test('[N2] Mettmann: 10 full days before Mon 2026-11-02 → latest 2026-10-22 (23.10.–1.11., across DST end)', () => {
  const meeting = at('2026-11-02T17:00:00+01:00');
  assert.equal(latestDispatchDay(NRW_METTMANN, meeting, false), '2026-10-22');
  assert.deepEqual(isDispatchOnTime(NRW_METTMANN, at('2026-10-22T23:59:00+02:00'), meeting, false), { onTime: true, latestDay: '2026-10-22', daysCounted: 10, required: 10 });
  assert.deepEqual(isDispatchOnTime(NRW_METTMANN, at('2026-10-23T00:00:00+02:00'), meeting, false), { onTime: false, latestDay: '2026-10-22', daysCounted: 9, required: 10 });
  assert.equal(latestDispatchDay(NRW_METTMANN, at('2026-05-01T10:00:00+02:00'), false), '2026-04-20');
});

test('[N2] full days ignore the end-day flags; the message says "vollen Tagen"', () => {
  const meeting = at('2026-11-02T17:00:00+01:00');
  const sloppy: NoticeRule = { ...NRW_METTMANN, countDispatchDay: true, countMeetingDay: true };
  assert.equal(latestDispatchDay(sloppy, meeting, false), '2026-10-22');
  const r = checkDispatch(NRW_METTMANN, { dispatchAt: at('2026-10-24T10:00:00+02:00'), meetingStart: meeting, urgent: false });
  assert.equal(r.ok === false && r.reason, 'late');
  assert.equal(r.ok === false && r.message, 'Die Ladungsfrist von 10 vollen Tagen ist nicht mehr einzuhalten: Die Einladung hätte spätestens am 22.10.2026 versandt werden müssen. Versenden Sie nur mit Dringlichkeitsbegründung.');
});

// ---------------------------------------------------------------------------------------------------------------
// Counting flags and the BB default

test('[R2][N1] calendar counting: each counted end day moves the deadline one day later', () => {
  const meeting = at('2026-11-20T18:00:00+01:00');
  const base: NoticeRule = { days: 10, counting: 'calendar', countDispatchDay: false, countMeetingDay: false, urgentDays: 4 };
  assert.equal(latestDispatchDay(base, meeting, false), '2026-11-09');
  assert.equal(latestDispatchDay({ ...base, countDispatchDay: true }, meeting, false), '2026-11-10');
  assert.equal(latestDispatchDay({ ...base, countMeetingDay: true }, meeting, false), '2026-11-10');
  assert.equal(latestDispatchDay({ ...base, countDispatchDay: true, countMeetingDay: true }, meeting, false), '2026-11-11');
  // All presets agree on this meeting although they count differently: 10 between, 12 with both ends, 10 full.
  for (const rule of [MV_CRIVITZ, NRW_ERFTSTADT, NRW_METTMANN]) assert.equal(latestDispatchDay(rule, meeting, false), '2026-11-09');
});

test('[B1] BB default (our choice, no statutory minimum since 2008): 7 days, 3 if urgent', () => {
  const meeting = at('2026-12-03T18:00:00+01:00');
  assert.equal(latestDispatchDay(BB_DEFAULT, meeting, false), '2026-11-25');
  assert.equal(latestDispatchDay(BB_DEFAULT, meeting, true), '2026-11-29');
  assert.equal(isDispatchOnTime(BB_DEFAULT, at('2026-11-25T20:00:00+01:00'), meeting, false).daysCounted, 7);
});

test('a dispatch after the meeting day counts 0 days and is never on time', () => {
  const r = isDispatchOnTime(NRW_ERFTSTADT, at('2026-11-21T10:00:00+01:00'), at('2026-11-20T18:00:00+01:00'), true);
  assert.deepEqual(r, { onTime: false, latestDay: '2026-11-16', daysCounted: 0, required: 5 });
});

test('property: dispatch on latestDay keeps the notice, the day after does not', () => {
  const rule = fc
    .record({ days: fc.integer({ min: 0, max: 60 }), counting: fc.constantFrom('calendar' as const, 'full' as const), countDispatchDay: fc.boolean(), countMeetingDay: fc.boolean(), u: fc.integer({ min: 0, max: 60 }) })
    .map(({ u, ...r }): NoticeRule => ({ ...r, urgentDays: Math.min(u, r.days) }));
  // Meeting at 13:00–21:59 UTC (same Berlin day in winter and summer) on a day 2026–2030, so 12:00 UTC on the
  // meeting day is before the start.
  const meeting = fc.record({ day: fc.integer({ min: 0, max: 5 * 365 }), minute: fc.integer({ min: 13 * 60, max: 22 * 60 - 1 }) }).map(({ day, minute }) => new Date(Date.UTC(2026, 0, 1 + day) + minute * 60_000));
  fc.assert(
    fc.property(rule, meeting, fc.boolean(), (r, m, urgent) => {
      const latest = latestDispatchDay(r, m, urgent);
      const noonUtc = (day: string, plus = 0) => new Date(Date.parse(`${day}T12:00:00Z`) + plus * 86_400_000);
      const onLatest = isDispatchOnTime(r, noonUtc(latest), m, urgent);
      const after = isDispatchOnTime(r, noonUtc(latest, 1), m, urgent);
      return onLatest.onTime && onLatest.daysCounted >= onLatest.required && !after.onTime && latest <= berlinDay(m);
    }),
    { numRuns: 500 },
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Validation and formatting

test('every preset passes validation', () => {
  for (const [key, rule] of Object.entries(NOTICE_PRESETS)) assert.deepEqual(validateNoticeRule(rule), { ok: true, rule: { ...rule } }, key);
});

test('validateNoticeRule accepts form strings and a missing checkbox', () => {
  assert.deepEqual(validateNoticeRule({ days: '12', urgentDays: '5', counting: 'calendar', countDispatchDay: 'on', countMeetingDay: 'on' }), { ok: true, rule: NRW_ERFTSTADT });
  assert.deepEqual(validateNoticeRule({ days: 10, urgentDays: 4, counting: 'calendar' }), { ok: true, rule: MV_CRIVITZ });
});

test('validateNoticeRule returns German field errors', () => {
  const errs = (input: unknown) => {
    const r = validateNoticeRule(input);
    assert.equal(r.ok, false, JSON.stringify(input));
    return r.ok ? {} : r.errors;
  };
  assert.deepEqual(Object.keys(errs({ ...MV_CRIVITZ, days: 61 })), ['days']);
  assert.equal(errs({ ...MV_CRIVITZ, days: 10.5 }).days, 'Die Ladungsfrist muss eine ganze Zahl von 0 bis 60 Tagen sein.');
  assert.ok(errs({ ...MV_CRIVITZ, days: -1 }).days);
  assert.ok(errs({ ...MV_CRIVITZ, days: 'zehn' }).days);
  assert.equal(errs({ ...MV_CRIVITZ, urgentDays: 11 }).urgentDays, 'Die Frist für Dringlichkeitssitzungen darf nicht länger sein als die reguläre Ladungsfrist (10 Tage).');
  assert.ok(errs({ ...MV_CRIVITZ, urgentDays: 61 }).urgentDays);
  assert.equal(errs({ ...MV_CRIVITZ, counting: 'werktage' }).counting, 'Bitte wählen Sie, wie gezählt wird: Kalendertage oder volle Tage.');
  assert.equal(errs({ ...NRW_METTMANN, countMeetingDay: true }).countMeetingDay, 'Bei vollen Tagen zählt der Sitzungstag nie mit.');
  assert.equal(errs({ ...NRW_METTMANN, countDispatchDay: true }).countDispatchDay, 'Bei vollen Tagen zählt der Versandtag nie mit.');
  assert.ok(errs({ ...MV_CRIVITZ, countDispatchDay: 'vielleicht' }).countDispatchDay);
  assert.ok(errs(null)._);
  assert.ok(errs([10])._);
  assert.deepEqual(Object.keys(errs({})).sort(), ['counting', 'days', 'urgentDays']);
});

test('formatGermanDay', () => {
  assert.equal(formatGermanDay('2026-11-02'), '02.11.2026');
  assert.equal(formatGermanDay('2027-01-31'), '31.01.2027');
  assert.throws(() => formatGermanDay('2.11.2026'), RangeError);
});
