import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldLine, icsDateTime, icsText, renderCalendar, sequenceOf, type IcsEvent } from './ics.ts';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
const unfold = (s: string) => s.replace(/\r\n /g, '');

test('TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 3.3.11)', () => {
  assert.equal(icsText('Rathaus, Saal 1; Markt 1\\2'), 'Rathaus\\, Saal 1\\; Markt 1\\\\2');
  assert.equal(icsText('Zeile 1\r\nZeile 2\nZeile 3\rZeile 4'), 'Zeile 1\\nZeile 2\\nZeile 3\\nZeile 4');
  assert.equal(icsText('ohne\u0007Steuerzeichen\tTab'), 'ohneSteuerzeichen\tTab');
});

test('lines fold at 75 octets without splitting a UTF-8 character, and unfold to the original', () => {
  const ascii = `SUMMARY:${'x'.repeat(200)}`;
  const folded = foldLine(ascii);
  for (const l of folded.split('\r\n')) assert.ok(octets(l) <= 75, `${octets(l)} octets`);
  assert.equal(folded.split('\r\n')[0]!.length, 75);
  assert.ok(folded.split('\r\n').slice(1).every((l) => l.startsWith(' ')));
  assert.equal(unfold(folded), ascii);

  const umlauts = `SUMMARY:${'Sitzung des Ausschusses für Umwelt, Grün und Straßenbäume – Öffentlich '.repeat(4)}`;
  const f2 = foldLine(umlauts);
  const physical = f2.split('\r\n');
  assert.ok(physical.length > 3);
  for (const l of physical) {
    assert.ok(octets(l) <= 75, `${octets(l)} octets: ${l}`);
    assert.equal(Buffer.from(l, 'utf8').toString('utf8'), l, 'no broken characters');
    assert.ok(!l.includes('\uFFFD'));
  }
  assert.equal(unfold(f2), umlauts);
  assert.equal(foldLine('SHORT:ü'), 'SHORT:ü', 'short lines stay as they are');
});

test('dates are UTC DATE-TIME; SEQUENCE grows with every modification', () => {
  assert.equal(icsDateTime(new Date('2026-12-10T17:00:00.000Z')), '20261210T170000Z');
  const created = new Date('2026-11-01T09:00:00Z');
  assert.equal(sequenceOf(created, created), 0);
  const a = sequenceOf(created, new Date('2026-11-02T09:00:00Z'));
  const b = sequenceOf(created, new Date('2026-11-02T09:00:05Z'));
  assert.ok(b > a && a > 0);
  assert.equal(sequenceOf(created, new Date('2020-01-01T00:00:00Z')), 0, 'never negative');
});

test('a calendar: CRLF everywhere, stable UID, STATUS:CANCELLED, escaped and folded fields', () => {
  const event = (o: Partial<IcsEvent> = {}): IcsEvent => ({
    uid: '7c1c5a1e-0000-4000-8000-000000000001@ris.example',
    sequence: 3,
    created: new Date('2026-11-01T09:00:00Z'),
    lastModified: new Date('2026-11-01T09:00:03Z'),
    start: new Date('2026-12-10T17:00:00Z'),
    end: new Date('2026-12-10T20:00:00Z'),
    summary: '5. Sitzung der Gemeindevertretung',
    location: 'Sitzungssaal, Raum 1.01, Markt 1, 19999 Testdorf',
    description: 'Gemeindevertretung\nTagesordnung: https://ris.example/x',
    url: 'https://ris.example/testdorf/rat/sitzungen/7c1c5a1e-0000-4000-8000-000000000001',
    status: 'CONFIRMED',
    ...o,
  });
  const one = renderCalendar({ prodId: '-//Test//DE', name: 'Sitzungen Testdorf', events: [event(), event({ uid: 'b@ris.example', status: 'CANCELLED', summary: 'Abgesagt: Bauausschuss' })], now: new Date('2026-11-21T10:00:00Z') });
  assert.ok(one.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'));
  assert.ok(one.endsWith('END:VCALENDAR\r\n'));
  assert.equal(one.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
  assert.equal(one.replace(/\r\n/g, '').includes('\r'), false, 'no bare CR');
  for (const l of one.split('\r\n')) assert.ok(octets(l) <= 75);
  const text = unfold(one);
  assert.match(text, /\r\nUID:7c1c5a1e-0000-4000-8000-000000000001@ris\.example\r\n/);
  assert.match(text, /\r\nLOCATION:Sitzungssaal\\, Raum 1\.01\\, Markt 1\\, 19999 Testdorf\r\n/);
  assert.match(text, /\r\nDESCRIPTION:Gemeindevertretung\\nTagesordnung: https:\/\/ris\.example\/x\r\n/);
  assert.match(text, /\r\nDTSTART:20261210T170000Z\r\nDTEND:20261210T200000Z\r\n/);
  assert.match(text, /\r\nDTSTAMP:20261121T100000Z\r\n/);
  assert.match(text, /\r\nSEQUENCE:3\r\n/);
  assert.match(text, /UID:b@ris\.example[\s\S]*STATUS:CANCELLED\r\nTRANSP:OPAQUE\r\nEND:VEVENT/);
  assert.equal((text.match(/BEGIN:VEVENT/g) ?? []).length, 2);
  // Rendering again later changes only DTSTAMP: clients recognise the same events by UID.
  const two = renderCalendar({ prodId: '-//Test//DE', name: 'Sitzungen Testdorf', events: [event(), event({ uid: 'b@ris.example', status: 'CANCELLED', summary: 'Abgesagt: Bauausschuss' })], now: new Date('2026-11-22T10:00:00Z') });
  assert.equal(unfold(two).replace(/DTSTAMP:\w+/g, ''), text.replace(/DTSTAMP:\w+/g, ''));
});
