import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCents, formatDate, formatDateTime } from './format.ts';

test('amounts: integer cents in German format', () => {
  assert.equal(formatCents(123456), '1.234,56\u00a0€');
  assert.equal(formatCents(5), '0,05\u00a0€');
  assert.equal(formatCents(-1050), '-10,50\u00a0€');
  assert.equal(formatCents(100000000), '1.000.000,00\u00a0€');
  assert.equal(formatCents(1999, 'en'), '€19.99');
  assert.throws(() => formatCents(12.5));
});

test('dates in Europe/Berlin whatever the server zone', () => {
  assert.equal(formatDate(new Date('2026-03-29T22:30:00Z')), '30.03.2026');
  assert.equal(formatDate(new Date('2026-12-31T23:30:00Z')), '01.01.2027');
  assert.equal(formatDateTime(new Date('2026-07-01T10:05:00Z')), '01.07.2026, 12:05');
});
