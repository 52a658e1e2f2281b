// Pure parts of the OParl serialisation: date-times in Europe/Berlin, list parameters, cursor, links, file names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compact, contentDisposition, decodeCursor, encodeCursor, isInlineSafe, meetingState, oparlDateTime, pageLink, parseDateTime, parseListParams, type ListParams } from './serialize.ts';

test('date-times are Berlin wall time with the offset of that instant, whole seconds, across both DST switches', () => {
  const cases: [string, string][] = [
    ['2026-03-29T00:59:59.999Z', '2026-03-29T01:59:59+01:00'],
    ['2026-03-29T01:00:00Z', '2026-03-29T03:00:00+02:00'],
    ['2026-10-25T00:59:59Z', '2026-10-25T02:59:59+02:00'],
    ['2026-10-25T01:00:00Z', '2026-10-25T02:00:00+01:00'],
    ['2026-12-31T23:30:00Z', '2027-01-01T00:30:00+01:00'],
  ];
  for (const [utc, berlin] of cases) assert.equal(oparlDateTime(new Date(utc)), berlin, utc);
  // Round trip through the parameter parser.
  for (const [utc, berlin] of cases) assert.equal(parseDateTime(berlin)!.getTime(), Math.floor(new Date(utc).getTime() / 1000) * 1000);
});

test('date-time parameters: full date-time with offset or Z; an unencoded "+" (a space) is accepted; nonsense is not', () => {
  assert.equal(parseDateTime('2026-11-01T10:00:00+01:00')!.toISOString(), '2026-11-01T09:00:00.000Z');
  assert.equal(parseDateTime('2026-11-01T10:00:00 01:00')!.toISOString(), '2026-11-01T09:00:00.000Z');
  assert.equal(parseDateTime('2026-11-01T10:00:00Z')!.toISOString(), '2026-11-01T10:00:00.000Z');
  assert.equal(parseDateTime('2026-11-01T10:00:00.250-02:30')!.toISOString(), '2026-11-01T12:30:00.250Z');
  for (const bad of ['2026-11-01', '2026-11-01T10:00:00', '2026-02-30T10:00:00Z', '2026-11-01T24:00:00Z', '2026-11-01T10:00:00+15:00', '2026-11-01 10:00:00Z', 'morgen', '']) {
    assert.equal(parseDateTime(bad), undefined, bad);
  }
});

test('list parameters: limit capped at 100, malformed values rejected with a German message, repeated ones too', () => {
  const ok = parseListParams({ limit: '20', omit_internal: 'true', modified_since: '2026-11-01T00:00:00+01:00', unknown: 'x' });
  assert.ok(ok.ok);
  assert.equal(ok.params.limit, 20);
  assert.equal(ok.params.omitInternal, true);
  assert.equal((parseListParams({ limit: '1000' }) as { params: ListParams }).params.limit, 100);
  assert.equal((parseListParams({ elementsPerPage: '7' }) as { params: ListParams }).params.limit, 7);
  for (const q of [{ limit: '0' }, { limit: '1.5' }, { limit: 'zehn' }, { omit_internal: '1' }, { cursor: 'abc' }, { created_since: 'gestern' }, { modified_until: ['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'] }]) {
    const r = parseListParams(q);
    assert.equal(r.ok, false, JSON.stringify(q));
    if (!r.ok) assert.match(r.message, /Parameter/);
  }
});

test('the cursor is opaque, round-trips and refuses anything it did not issue', () => {
  const raw = '1793523600000000.7cfc9c07-ae91-47a5-8b1e-809c4f8b4a92';
  const c = encodeCursor(raw);
  assert.match(c, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeCursor(c), { micros: '1793523600000000', id: '7cfc9c07-ae91-47a5-8b1e-809c4f8b4a92' });
  assert.equal(decodeCursor(encodeCursor('1793523600000000.not-a-uuid-at-all-but-36-characters!')), undefined);
  assert.equal(decodeCursor(`${c}=`), undefined);
  assert.equal(decodeCursor(encodeCursor(`-1.${raw.split('.')[1]}`)), undefined);
});

test('links keep the filters in one fixed order, URL-encoded', () => {
  const p = parseListParams({ cursor: encodeCursor('1.7cfc9c07-ae91-47a5-8b1e-809c4f8b4a92'), limit: '10', modified_since: '2026-11-01T00:00:00+01:00', created_since: '2026-01-01T00:00:00Z' });
  assert.ok(p.ok);
  assert.equal(pageLink('https://x/oparl/v1.1/body/a/paper', p.params), 'https://x/oparl/v1.1/body/a/paper?created_since=2026-01-01T00%3A00%3A00Z&modified_since=2026-11-01T00%3A00%3A00%2B01%3A00&limit=10');
});

test('optional empty values are left out; file names are given per RFC 6266/5987; only harmless types inline', () => {
  assert.deepEqual(compact({ a: 1, b: null, c: '', d: [], e: undefined, f: false, g: 0, h: ['x'] }), { a: 1, f: false, g: 0, h: ['x'] });
  assert.equal(contentDisposition('attachment', 'Sitzung „Bauausschuss“ Straße.pdf'), `attachment; filename="Sitzung _Bauausschuss_ Strasse.pdf"; filename*=UTF-8''Sitzung%20%E2%80%9EBauausschuss%E2%80%9C%20Stra%C3%9Fe.pdf`);
  assert.equal(contentDisposition('inline', 'a"b\\c.txt'), `inline; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`);
  assert.ok(isInlineSafe('application/pdf') && isInlineSafe('image/png') && isInlineSafe('text/plain; charset=utf-8'));
  assert.ok(!isInlineSafe('text/html') && !isInlineSafe('image/svg+xml') && !isInlineSafe('application/xhtml+xml'));
});

test('meeting states as OParl recommends: terminiert, eingeladen until the minutes are released, then durchgeführt', () => {
  assert.equal(meetingState({ state: 'planned', minutesState: 'none', dispatchedAt: null }), 'terminiert');
  assert.equal(meetingState({ state: 'invited', minutesState: 'none', dispatchedAt: new Date() }), 'eingeladen');
  assert.equal(meetingState({ state: 'held', minutesState: 'approved', dispatchedAt: new Date() }), 'eingeladen');
  assert.equal(meetingState({ state: 'held', minutesState: 'released', dispatchedAt: new Date() }), 'durchgeführt');
  assert.equal(meetingState({ state: 'cancelled', minutesState: 'none', dispatchedAt: null }), 'terminiert');
});
