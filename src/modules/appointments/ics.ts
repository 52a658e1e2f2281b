/** An iCalendar (RFC 5545) event for a booked appointment. */
export function icsEvent(o: { uid: string; start: Date; end: Date; summary: string; location: string; description: string; now: Date }): string {
  const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
  const fold = (line: string) => line.match(/.{1,73}/g)!.join('\r\n ');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Amtsstube//Terminvergabe//DE',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${o.uid}`,
    `DTSTAMP:${stamp(o.now)}`,
    `DTSTART:${stamp(o.start)}`,
    `DTEND:${stamp(o.end)}`,
    fold(`SUMMARY:${esc(o.summary)}`),
    fold(`LOCATION:${esc(o.location)}`),
    fold(`DESCRIPTION:${esc(o.description)}`),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
