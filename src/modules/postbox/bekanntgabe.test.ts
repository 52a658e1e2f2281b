import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bekanntgabeDate } from './bekanntgabe.ts';

test('§ 9 OZG: third day after provision, in Berlin time; an earlier first retrieval counts', () => {
  assert.equal(bekanntgabeDate('ozg9', { providedAt: new Date('2026-11-20T10:00:00Z') }), '2026-11-23');
  // 23:30 UTC on 20 Nov is already 21 Nov in Berlin
  assert.equal(bekanntgabeDate('ozg9', { providedAt: new Date('2026-11-20T23:30:00Z') }), '2026-11-24');
  assert.equal(bekanntgabeDate('ozg9', { providedAt: new Date('2026-11-20T10:00:00Z'), firstRetrievedAt: new Date('2026-11-21T08:00:00Z') }), '2026-11-21');
  assert.equal(bekanntgabeDate('ozg9', { providedAt: new Date('2026-11-20T10:00:00Z'), firstRetrievedAt: new Date('2026-11-25T08:00:00Z') }), '2026-11-23');
});

test('Land VwVfG after PostModG: fourth day after provision', () => {
  assert.equal(bekanntgabeDate('vwvfg41', { providedAt: new Date('2026-12-30T10:00:00Z') }), '2027-01-03');
});

test('§ 122a AO: fourth day after the notification, moved off weekends; unknown until notified', () => {
  assert.equal(bekanntgabeDate('ao122a', { providedAt: new Date('2026-11-18T10:00:00Z') }), undefined);
  // Wed 18 Nov + 4 = Sun 22 Nov → Mon 23 Nov
  assert.equal(bekanntgabeDate('ao122a', { providedAt: new Date('2026-11-18T10:00:00Z'), notifiedAt: new Date('2026-11-18T10:05:00Z') }), '2026-11-23');
  assert.equal(bekanntgabeDate('ao122a', { providedAt: new Date('2026-11-16T10:00:00Z'), notifiedAt: new Date('2026-11-16T10:05:00Z') }), '2026-11-20');
});
